"""AppTest smoke test: every page for every role runs without exception, or is refused."""

from __future__ import annotations

import pyotp
import pytest
from streamlit.testing.v1 import AppTest

from reviews.demo import DEMO_TOTP_SECRET

from reviews.models import Role
from reviews.navigation import PAGES
from reviews.services.permissions import allowed
from tests.conftest import ROOT, demo_user

APP = str(ROOT / "app.py")


def app_for(monkeypatch, db_path, user) -> AppTest:
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = user
    at.session_state["lang"] = "da"
    return at


@pytest.fixture(scope="module")
def demo_users(demo_db_file):
    from reviews.storage.database import Database

    database = Database(str(demo_db_file))
    users = {role: demo_user(database, role) for role in Role}
    database.close()
    return users


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.url_path)
def test_page_runs_or_is_refused(monkeypatch, demo_db_path, demo_users, role, page):
    user = demo_users[role]
    at = app_for(monkeypatch, demo_db_path, user).run()
    assert not at.exception, at.exception
    if allowed(user, page.action):
        at.switch_page(page.path).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.title, "every page has a title"
    else:
        with pytest.raises(ValueError):
            at.switch_page(page.path).run()


def test_login_page_when_logged_out(monkeypatch, demo_db_path):
    monkeypatch.setenv("REVIEWS_DB", str(demo_db_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Log ind"
    at.text_input[0].input("formand")
    at.text_input[1].input("forkert-kode")
    at.button[0].click().run()
    assert "Forkert brugernavn" in at.error[0].value
    assert "user" not in at.session_state
    at.text_input[1].input("demo-kode-2026")
    at.button[0].click().run()
    assert not at.exception
    # The password is right; the second step follows, and nothing is open yet.
    assert "user" not in at.session_state
    assert [h.value for h in at.header] == ["Kode fra godkendelses-app"]
    assert at.text_input[0].label == "Kode fra godkendelses-app"
    at.text_input[0].input("000000" if pyotp.TOTP(DEMO_TOTP_SECRET).now() != "000000" else "111111")
    at.button[0].click().run()
    assert "Koden er forkert" in at.error[0].value
    assert "user" not in at.session_state
    at.text_input[0].input(pyotp.TOTP(DEMO_TOTP_SECRET).now())
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["user"].username == "formand"


def test_login_page_sends_a_user_without_second_factor_to_enrolment(monkeypatch, demo_db_path):
    """A chair without an authenticator app sets one up right after the password and sees nothing else."""
    from reviews.services import second_factor
    from reviews.storage.database import Database

    database = Database(str(demo_db_path))
    chair = demo_user(database, Role.CHAIR)
    second_factor.reset_unchecked(database, None, chair.id)
    database.close()
    monkeypatch.setenv("REVIEWS_DB", str(demo_db_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input("formand")
    at.text_input[1].input("demo-kode-2026")
    at.button[0].click().run()
    assert not at.exception
    assert [h.value for h in at.header] == ["Opsæt totrinsbekræftelse"]
    assert "user" not in at.session_state
    assert len(at.get("image")) == 1, "the QR code (st.image)"
    secret = at.session_state["_second_factor_enrolment"].secret
    assert at.code[0].value == secret
    at.text_input[0].input(pyotp.TOTP(secret).now())
    at.button[0].click().run()
    assert not at.exception
    assert "user" not in at.session_state  # not before the recovery codes were seen
    codes = at.code[0].value.splitlines()
    assert len(codes) == 10
    next(b for b in at.button if b.label == "Jeg har gemt koderne").click().run()
    assert not at.exception
    assert at.session_state["user"].username == "formand"
