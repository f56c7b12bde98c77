"""HTTP routes served beside the Streamlit app (server.py mounts them with `st.App(routes=...)`).

Only what a Streamlit run cannot do lives here: setting and dropping the HttpOnly session cookie, and
telling the login page when the single sign-on's callback was refused. The app
is served at the root path; the routes are under /workbench/.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import Route

from reviews.web.session_routes import logout_route, session_route
from reviews.web.sso_callback import SsoCallbackMiddleware


def routes() -> list[Route]:
    return [Route("/workbench/session", session_route, methods=["GET"]),
            Route("/workbench/logout", logout_route, methods=["GET"])]


def middleware() -> list[Middleware]:
    return [Middleware(SsoCallbackMiddleware)]
