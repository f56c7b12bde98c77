"""Single sign-on: fresh ID-token claims become a login only for an identity with an active account, at the
configured assurance level, once per token. (The browser tests in tests/browser/test_sso.py run the whole
flow against a real OpenID Connect provider.)"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reviews import clock
from reviews.errors import NotFound, PermissionDenied, ValidationError
from reviews.models import Role
from reviews.services import auth, retention, sso

NOW = dt.datetime(2026, 6, 1, 9, 0)
ISSUER = "https://login.eksempel-kommune.dk"
SUBSTANTIAL = "https://data.gov.dk/concept/core/nsis/loa/Substantial"


@pytest.fixture(autouse=True)
def now(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    for name in ("REVIEWS_SSO_MIN_LEVEL", "REVIEWS_SSO_GROUP_ROLES", "REVIEWS_SSO_GROUPS_CLAIM"):
        monkeypatch.delenv(name, raising=False)


def claims(sub="a1b2", *, nonce="n-1", acr=SUBSTANTIAL, issued=NOW, **extra) -> dict:
    found = {"iss": ISSUER, "sub": sub, "aud": "workbench", "nonce": nonce, "name": "Søren Ærbø",
             "email": "soeren.aerboe@eksempel-kommune.dk", "iat": int(issued.replace(tzinfo=dt.UTC).timestamp()),
             "exp": int(issued.replace(tzinfo=dt.UTC).timestamp()) + 300, **extra}
    if acr is not None:
        found["acr"] = acr
    return found


def refusals(db) -> list[str]:
    return [json.loads(r[0])["reason"] for r in
            db.fetchall("SELECT details FROM audit_log WHERE action = 'sso_refused' ORDER BY id")]


def test_a_new_identity_waits_for_an_administrator_then_signs_in(db, users):
    admin = users[Role.ADMINISTRATOR]
    with pytest.raises(sso.SsoRefused) as pending:
        sso.sign_in(db, claims(nonce="n-1"))
    assert pending.value.key == "sso.refused.pending"
    waiting = sso.pending_identities(db, admin)
    assert [(i.name, i.email, i.user_id) for i in waiting] == [("Søren Ærbø", "soeren.aerboe@eksempel-kommune.dk",
                                                               None)]
    assert len(auth.list_users(db, admin)) == len(users)  # no account, so no access of any kind

    user = sso.assign(db, admin, waiting[0].id, role=Role.REVIEWER)
    assert (user.username, user.full_name, user.role) == ("soeren.aerboe", "Søren Ærbø", Role.REVIEWER)
    assert sso.pending_identities(db, admin) == []
    # The token that was refused is used up; the next sign-in at the provider brings a new one.
    assert sso.sign_in(db, claims(nonce="n-1")) is None
    assert sso.sign_in(db, claims(nonce="n-2")) == user
    with pytest.raises(auth.AuthenticationFailed):  # nobody knows the account's password
        auth.login(db, "soeren.aerboe", "")
    logins = db.fetchall("SELECT user_id, details FROM audit_log WHERE action = 'login'")
    assert [(u, json.loads(d)["method"]) for u, d in logins] == [(user.id, "sso")]
    assert refusals(db) == ["pending"]


def test_an_identity_can_be_linked_to_an_existing_account(db, users):
    admin, chair = users[Role.ADMINISTRATOR], users[Role.CHAIR]
    with pytest.raises(sso.SsoRefused):
        sso.sign_in(db, claims())
    identity = sso.pending_identities(db, admin)[0]
    for bad in ({}, {"role": Role.READER, "user_id": chair.id}):
        with pytest.raises(ValidationError):
            sso.assign(db, admin, identity.id, **bad)
    with pytest.raises(NotFound):
        sso.assign(db, admin, identity.id + 99, role=Role.READER)
    with pytest.raises(PermissionDenied):
        sso.assign(db, chair, identity.id, user_id=chair.id)
    assert sso.pending_identities(db, admin) == [identity]  # nothing half-done by the refusals

    assert sso.assign(db, admin, identity.id, user_id=chair.id) == chair
    assert sso.sign_in(db, claims(nonce="n-2")) == chair
    with pytest.raises(NotFound):  # assigned already
        sso.assign(db, admin, identity.id, role=Role.READER)


def test_a_configured_group_gives_the_role_at_once(db, users, monkeypatch):
    monkeypatch.setenv("REVIEWS_SSO_GROUP_ROLES", "GG-Andet=reader, GG-Borgerraadgiver=ombudsman")
    user = sso.sign_in(db, claims(groups=["GG-Alle", "GG-Borgerraadgiver"], preferred_username="sae"))
    assert (user.username, user.role) == ("sae", Role.OMBUDSMAN)
    with pytest.raises(sso.SsoRefused) as outside:  # in no configured group: waits as before
        sso.sign_in(db, claims("other", groups=["GG-Alle"]))
    assert outside.value.key == "sso.refused.pending"


@pytest.mark.parametrize(("acr", "minimum", "accepted"), [
    (SUBSTANTIAL, "substantial", True),
    ("https://data.gov.dk/concept/core/nsis/loa/High", "substantial", True),
    ("https://data.gov.dk/concept/core/nsis/loa/Low", "substantial", False),
    (None, "substantial", False),
    ("urn:unknown:level", "substantial", False),
    ("betydelig", "high", False),
    ("Low", "low", True),
    (None, "none", True),
])
def test_the_assurance_level_must_reach_the_minimum(db, users, monkeypatch, acr, minimum, accepted):
    monkeypatch.setenv("REVIEWS_SSO_MIN_LEVEL", minimum)
    with pytest.raises(sso.SsoRefused):
        sso.sign_in(db, claims(acr=acr, nonce="first"))
    sso.assign(db, users[Role.ADMINISTRATOR], sso.pending_identities(db, users[Role.ADMINISTRATOR])[0].id,
               role=Role.READER)
    if accepted:
        assert sso.sign_in(db, claims(acr=acr, nonce="second")).role == Role.READER
    else:
        with pytest.raises(sso.SsoRefused) as low:
            sso.sign_in(db, claims(acr=acr, nonce="second"))
        assert low.value.key == "sso.refused.level"
        assert refusals(db)[-1] == "level"


def test_a_token_opens_one_session_and_only_while_fresh(db, users):
    admin = users[Role.ADMINISTRATOR]
    with pytest.raises(sso.SsoRefused):
        sso.sign_in(db, claims(nonce="setup"))
    user = sso.assign(db, admin, sso.pending_identities(db, admin)[0].id, role=Role.READER)
    assert sso.sign_in(db, claims(nonce="once")) == user
    assert sso.sign_in(db, claims(nonce="once")) is None  # Streamlit's cookie after logout: no new session
    assert sso.sign_in(db, claims(nonce="old", issued=NOW - dt.timedelta(minutes=11))) is None
    assert sso.sign_in(db, claims(nonce="future", issued=NOW + dt.timedelta(minutes=11))) is None
    assert sso.sign_in(db, claims(nonce="", issued=NOW)) == user  # no nonce: the issue time is the key
    assert sso.sign_in(db, claims(nonce="", issued=NOW)) is None
    with pytest.raises(sso.SsoRefused) as bad:
        sso.sign_in(db, {"iss": ISSUER, "nonce": "x", "iat": 1})
    assert bad.value.key == "sso.refused.claims"
    # Retention forgets used tokens once they could no longer be fresh.
    retention.run(db, admin, today=(NOW + dt.timedelta(days=2)).date())
    assert db.fetchone("SELECT count(*) FROM sso_token_uses")[0] == 0


def test_a_closed_account_signs_in_no_more(db, users):
    admin = users[Role.ADMINISTRATOR]
    with pytest.raises(sso.SsoRefused):
        sso.sign_in(db, claims(nonce="setup"))
    user = sso.assign(db, admin, sso.pending_identities(db, admin)[0].id, role=Role.REVIEWER)
    auth.update_user(db, admin, user.id, full_name=user.full_name, role=user.role, active=False)
    with pytest.raises(sso.SsoRefused) as closed:
        sso.sign_in(db, claims(nonce="after"))
    assert closed.value.key == "sso.refused.inactive"
    assert refusals(db) == ["pending", "inactive"]


def test_a_refused_callback_is_logged_without_what_the_url_carried(db):
    sso.record_callback_refused(db, error="access_denied<script>")
    details = json.loads(db.fetchone("SELECT details FROM audit_log WHERE action = 'sso_refused'")[0])
    assert details == {"error": "access_deniedscript", "reason": "callback"}


def test_nsis_levels_by_uri_and_word():
    assert [sso.nsis_level(v) for v in (SUBSTANTIAL, "https://data.gov.dk/concept/core/nsis/loa/High/",
                                        "Betydelig", "lav", "", None, 3)] == [
        "substantial", "high", "substantial", "low", None, None, None]


def test_the_users_page_gives_a_waiting_identity_access(monkeypatch, demo_db_path):
    from reviews.storage.database import Database
    from tests.conftest import demo_user
    from tests.test_pages_smoke import app_for

    database = Database(str(demo_db_path))
    admin = demo_user(database, Role.ADMINISTRATOR)
    with pytest.raises(sso.SsoRefused):
        sso.sign_in(database, claims("page-sub", nonce="p-1"))
    database.close()

    at = app_for(monkeypatch, demo_db_path, admin).run()
    at.switch_page("pages/users.py").run()
    assert not at.exception, [e.value for e in at.exception]
    person = next(s for s in at.selectbox if s.label == "Person")
    assert person.options == ["Søren Ærbø (soeren.aerboe@eksempel-kommune.dk)"]
    role = [s for s in at.selectbox if s.label == "Rolle"][-1]  # the waiting-for-access tab comes last
    assert role.value == Role.READER  # the least access unless the administrator chooses more
    role.set_value(Role.OMBUDSMAN)
    next(b for b in at.button if b.label == "Giv adgang").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Søren Ærbø (soeren.aerboe@eksempel-kommune.dk) har nu adgang som soeren.aerboe. Personen skal logge ind igen." in [
        s.value for s in at.success] + [s.value for s in at.toast]
    # Nobody waits any more, and without a provider configured the tab goes away.
    assert not [s for s in at.selectbox if s.label == "Person"]

    database = Database(str(demo_db_path))
    try:
        assert sso.sign_in(database, claims("page-sub", nonce="p-2")).role == Role.OMBUDSMAN
    finally:
        database.close()


def test_an_sso_session_is_not_offered_the_local_password_and_second_factor(monkeypatch, demo_db_path):
    from reviews import ui
    from reviews.storage.database import Database
    from tests.conftest import demo_user
    from tests.test_pages_smoke import app_for

    database = Database(str(demo_db_path))
    reviewer = demo_user(database, Role.REVIEWER)
    database.close()

    at = app_for(monkeypatch, demo_db_path, reviewer).run()
    at.switch_page("pages/account.py").run()
    assert "Skift adgangskode" in [h.value for h in at.header]  # a local login manages its own password

    at.session_state[ui.SSO_KEY] = True
    at.switch_page("pages/account.py").run()
    assert not at.exception, [e.value for e in at.exception]
    headers = [h.value for h in at.header]
    assert "Skift adgangskode" not in headers and "Adgangskode og totrinsbekræftelse" in headers
    assert any("styres dér" in i.value for i in at.info)
    assert not [t for t in at.text_input if t.label == "Nuværende adgangskode"]
    assert [h for h in headers if h == "Dine logins"]  # the live logins stay: they can still be ended here
