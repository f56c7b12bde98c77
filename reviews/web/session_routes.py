"""The session cookie's two routes.

GET /workbench/session?h=HANDOFF&next=PAGE: after a login, the browser brings the one-time hand-off token
(valid a minute, used once); the route answers with the signed session cookie (HttpOnly, SameSite=Lax,
Secure behind TLS) and sends the browser on to the page it asked for.
GET /workbench/logout?notice=REASON: drops the cookie and sends the browser to the login page, which says
why (only the known reasons are shown); with sso=1 first on to the provider's logout.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from reviews.app_database import app_database
from reviews.config import load_settings
from reviews.models.sessions import SessionEnd
from reviews.services import sessions

_PAGE = re.compile(r"[a-z0-9-]{0,40}")
_NOTICES = {reason.value for reason in SessionEnd} | {"session_handoff"}


def _no_store(response: RedirectResponse) -> RedirectResponse:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the hand-off token is in this URL
    return response


async def session_route(request: Request) -> RedirectResponse:
    handoff = request.query_params.get("h", "")
    page = request.query_params.get("next", "")
    if not _PAGE.fullmatch(page):
        page = ""
    value = await run_in_threadpool(sessions.bind, app_database(), handoff)
    if value is None:
        return _no_store(RedirectResponse("/?" + urlencode({"notice": "session_handoff"}), status_code=303))
    response = RedirectResponse("/" + page, status_code=303)
    response.set_cookie(sessions.COOKIE_NAME, value, max_age=load_settings().session_hours * 3600, path="/",
                        httponly=True, samesite="lax", secure=load_settings().secure_cookies)
    return _no_store(response)


async def logout_route(request: Request) -> RedirectResponse:
    notice = request.query_params.get("notice", "")
    target = "/?" + urlencode({"notice": notice}) if notice in _NOTICES else "/"
    if request.query_params.get("sso") == "1":
        # A login through the provider ends there too: Streamlit's route drops its identity cookie and sends
        # the browser to the provider's end_session_endpoint, which returns it to the login page.
        target = "/auth/logout"
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(sessions.COOKIE_NAME, path="/", httponly=True, samesite="lax",
                           secure=load_settings().secure_cookies)
    return _no_store(response)
