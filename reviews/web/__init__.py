"""HTTP routes served beside the Streamlit app (server.py mounts them with `st.App(routes=...)`).

Only what a Streamlit run cannot do lives here: setting and dropping the HttpOnly session cookie. The app
is served at the root path; the routes are under /workbench/.
"""

from __future__ import annotations

from starlette.routing import Route

from reviews.web.session_routes import logout_route, session_route


def routes() -> list[Route]:
    return [Route("/workbench/session", session_route, methods=["GET"]),
            Route("/workbench/logout", logout_route, methods=["GET"])]
