"""What the browser sees after Streamlit's OpenID Connect callback (/oauth2callback).

Streamlit checks the provider's answer (state, the ID token's signature, audience, nonce, expiry) and on
any failure quietly sends the browser to "/" without a word. This middleware watches that answer: a
callback that carried a code, a state or an error but set no identity cookie was refused, so it is logged
and the login page says so in Danish. A callback with none of them is the provider's return after logout.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool

from reviews.app_database import app_database
from reviews.services import sso

CALLBACK_PATH = "/oauth2callback"
_IDENTITY_COOKIE = b"_streamlit_user"


class SsoCallbackMiddleware:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("path") != CALLBACK_PATH:
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        answered = any(query.get(name) for name in ("code", "state", "error"))

        async def watch(message) -> None:
            if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
                headers = list(message.get("headers", []))
                signed_in = any(name.lower() == b"set-cookie" and value.startswith(_IDENTITY_COOKIE + b"=")
                                and b"max-age=0" not in value.lower() for name, value in headers)
                if not answered:
                    notice = b"/?notice=logout"
                elif signed_in:
                    notice = None
                else:
                    await run_in_threadpool(sso.record_callback_refused, app_database(),
                                            error=(query.get("error") or [""])[0])
                    notice = b"/?notice=sso_failed"
                if notice is not None:
                    headers = [(n, v) for n, v in headers if n.lower() != b"location"] + [(b"location", notice)]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, watch)
