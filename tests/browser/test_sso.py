"""Single sign-on end to end: Chromium, the app (server.py) and a real OpenID Connect provider on localhost
(oidc-provider-mock), with st.login doing the flow.

The provider sits behind a small WSGI layer that signs its ID tokens with a key of the test's own (served
at /jwks), so a test can make the provider answer with a forged signature, another audience, a wrong
nonce or an expired token, and see each refused with the Danish message and no session.
"""

from __future__ import annotations

import base64
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from .conftest import check_axe, expect, free_port, login, running_app, wait_for_app_idle, wait_for_session_cookie

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
import werkzeug.serving  # noqa: E402 - the provider's own dependency, present when it is
from joserfc import jwt  # noqa: E402
from joserfc.jwk import RSAKey  # noqa: E402

from reviews.storage.database import Database  # noqa: E402

NSIS = "https://data.gov.dk/concept/core/nsis/loa/"
SSO_BUTTON = "Log ind med kommunens login"
PENDING = "har endnu ikke adgang til arbejdsbordet"
REFUSED = "svaret fra login-tjenesten ikke kunne godkendes"
LEVEL = "ikke det sikringsniveau"
PEOPLE = [
    oidc_provider_mock.User(sub="nanna-ny", claims={
        "name": "Nanna Nyansat Ærø", "email": "nanna.nyansat@eksempel-kommune.dk", "preferred_username": "nanna",
        "acr": NSIS + "Substantial"}),
    oidc_provider_mock.User(sub="lars-lav", claims={
        "name": "Lars Lavsikret", "email": "lars@eksempel-kommune.dk", "acr": NSIS + "Low"}),
    oidc_provider_mock.User(sub="gitte-gruppe", claims={
        "name": "Gitte Gruppe", "email": "gitte@eksempel-kommune.dk", "acr": NSIS + "High",
        "groups": ["GG-Alle", "GG-Taskforce"]}),
]


def _b64json(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


class TamperingProvider:
    """WSGI: the provider, its ID tokens re-signed with our key; `mode` spoils the next token on purpose."""

    def __init__(self, app) -> None:
        self.app = app
        self.mode: str | None = None
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-provider", "use": "sig"}, private=True)
        self.stranger = RSAKey.generate_key(2048, parameters={"kid": "test-provider", "use": "sig"}, private=True)

    def _id_token(self, token: str) -> str:
        claims = _b64json(token.split(".")[1])
        key = self.key
        if self.mode == "signature":
            key = self.stranger  # a key the provider does not publish
        elif self.mode == "audience":
            claims["aud"] = "another-municipality-app"
        elif self.mode == "nonce":
            claims["nonce"] = "a-nonce-the-app-never-sent"
        elif self.mode == "expired":
            claims["iat"], claims["exp"] = int(time.time()) - 7200, int(time.time()) - 3600
        return jwt.encode({"alg": "RS256", "kid": "test-provider"}, claims, key)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/jwks":
            body = json.dumps({"keys": [self.key.as_dict(private=False)]}).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        if path != "/oauth2/token":
            return self.app(environ, start_response)
        answer: dict = {}

        def keep(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers
            return lambda data: None

        body = b"".join(self.app(environ, keep))
        if answer["status"].startswith("200"):
            token = json.loads(body)
            if "id_token" in token:
                token["id_token"] = self._id_token(token["id_token"])
            body = json.dumps(token).encode()
        headers = [(k, v) for k, v in answer["headers"] if k.lower() != "content-length"]
        start_response(answer["status"], [*headers, ("Content-Length", str(len(body)))])
        return [body]


@pytest.fixture(scope="module")
def provider():
    tampering = TamperingProvider(oidc_provider_mock.app(require_nonce=True, user_claims=PEOPLE))
    server = werkzeug.serving.make_server("127.0.0.1", 0, tampering, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    tampering.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield tampering
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture(scope="module")
def sso_app(chromium_path, demo_db_file, tmp_path_factory, provider):
    """The app with single sign-on configured in a secrets file of its own; yields (base URL, database path)."""
    workdir = tmp_path_factory.mktemp("sso-app")
    port = free_port()
    secrets = workdir / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-of-enough-length"\n'
        'client_id = "workbench-test"\n'
        'client_secret = "test-client-secret"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n', encoding="utf-8")
    with running_app(workdir, demo_db_file, port=port, args=("--secrets.files", str(secrets)),
                     env={"REVIEWS_SSO_GROUP_ROLES": "GG-Taskforce=reviewer"}) as base_url:
        yield base_url, workdir / "workbench.duckdb"


def sign_in_at_provider(page, base_url: str, person: str) -> None:
    page.goto(base_url + "/")
    wait_for_app_idle(page)
    page.get_by_role("button", name=SSO_BUTTON).click()
    page.wait_for_url("**/oauth2/authorize**")
    page.get_by_role("button", name=person, exact=True).click()
    page.wait_for_url(base_url + "/**")
    page.wait_for_load_state()
    wait_for_app_idle(page)


def cookie_names(page) -> set[str]:
    return {c["name"] for c in page.context.cookies()}


def test_a_new_person_waits_for_a_role_then_signs_in_and_out_at_the_provider(page, browser, sso_app):
    base_url, _ = sso_app
    sign_in_at_provider(page, base_url, "nanna-ny")
    expect(page.get_by_text(PENDING)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert "wb_session" not in cookie_names(page)
    check_axe(page, "login page, identity waiting for a role")

    # The administrator gives the waiting identity a role (in a browser of their own).
    admin_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    admin = admin_context.new_page()
    try:
        login(admin, base_url, "admin")
        admin.get_by_test_id("stSidebarNav").get_by_role("link", name="Brugere", exact=True).click()
        wait_for_app_idle(admin)
        admin.get_by_role("tab", name="Venter på adgang (kommunens login)").click()
        wait_for_app_idle(admin)
        panel = admin.get_by_role("tabpanel", name="Venter på adgang (kommunens login)")
        expect(panel.get_by_role("combobox", name="Person")).to_have_value(
            "Nanna Nyansat Ærø (nanna.nyansat@eksempel-kommune.dk)")
        role = panel.get_by_role("combobox", name="Rolle")
        role.click()
        admin.keyboard.type("Gennemgår")
        admin.wait_for_timeout(200)  # the list re-renders as it filters
        admin.get_by_role("option", name="Gennemgår", exact=True).first.click()
        wait_for_app_idle(admin)
        panel.get_by_role("button", name="Giv adgang").click()
        wait_for_app_idle(admin)
        expect(admin.get_by_text("har nu adgang som nanna")).to_be_visible()
        check_axe(admin, "users page after giving an SSO identity access")
    finally:
        admin_context.close()

    # Signing in again at the provider now opens the workbench, and a reload keeps it.
    sign_in_at_provider(page, base_url, "nanna-ny")
    wait_for_session_cookie(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Logget ind som Nanna Nyansat Ærø")).to_be_visible()
    page.reload()
    wait_for_app_idle(page)
    expect(sidebar.get_by_text("Logget ind som Nanna Nyansat Ærø")).to_be_visible()
    check_axe(page, "landing page after single sign-on")

    # Logout ends the session here and at the provider (its end-session page), then back to the login.
    sidebar.get_by_role("button", name="Log ud").click()
    page.wait_for_url("**/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(base_url + "/**")
    wait_for_app_idle(page)
    expect(page.get_by_text("Du er logget ud.")).to_be_visible()
    expect(page.get_by_role("button", name=SSO_BUTTON)).to_be_visible()
    assert not cookie_names(page) & {"wb_session", "_streamlit_user"}
    page.goto(base_url + "/")
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)


def test_a_configured_group_opens_the_workbench_at_once(page, sso_app):
    base_url, _ = sso_app
    sign_in_at_provider(page, base_url, "gitte-gruppe")
    wait_for_session_cookie(page)
    expect(page.get_by_test_id("stSidebar").get_by_text("Logget ind som Gitte Gruppe (Gennemgår)")).to_be_visible()


def test_too_low_an_assurance_level_is_refused(page, sso_app):
    base_url, _ = sso_app
    sign_in_at_provider(page, base_url, "lars-lav")
    expect(page.get_by_text(LEVEL)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert "wb_session" not in cookie_names(page)


@pytest.mark.parametrize("mode", ["signature", "audience", "nonce", "expired"])
def test_a_spoilt_id_token_is_refused_with_a_danish_message(page, sso_app, provider, mode):
    base_url, _ = sso_app
    provider.mode = mode
    try:
        sign_in_at_provider(page, base_url, "gitte-gruppe")
    finally:
        provider.mode = None
    expect(page.get_by_text(REFUSED)).to_be_visible()
    expect(page.get_by_text("Traceback")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert not cookie_names(page) & {"wb_session", "_streamlit_user"}


def test_a_callback_with_a_forged_state_is_refused(page, sso_app):
    base_url, _ = sso_app
    page.goto(base_url + "/oauth2callback?code=stolen-code&state=forged-state")
    page.wait_for_load_state()
    wait_for_app_idle(page)
    expect(page.get_by_text(REFUSED)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    check_axe(page, "login page after a refused single sign-on")


def test_every_refusal_was_logged(sso_app):
    """Last in this module: reads the server's database once the tests above have run."""
    _, db_path = sso_app
    # The server holds the database file; a copy of it is read (DuckDB has written every commit to it).
    copy = Path(str(db_path) + ".read")
    shutil.copy(db_path, copy)
    if Path(str(db_path) + ".wal").exists():
        shutil.copy(str(db_path) + ".wal", str(copy) + ".wal")
    database = Database(str(copy))
    try:
        reasons = [json.loads(r[0])["reason"] for r in database.fetchall(
            "SELECT details FROM audit_log WHERE action = 'sso_refused' ORDER BY id")]
        logins = database.fetchall("SELECT details FROM audit_log WHERE action = 'login'")
    finally:
        database.close()
    assert reasons.count("callback") == 5  # four spoilt tokens and the forged state
    assert reasons.count("level") == 1 and reasons.count("pending") == 1
    assert sum(json.loads(d).get("method") == "sso" for (d,) in logins) == 2
