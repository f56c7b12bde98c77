"""Session behaviour through AppTest: idle logout, language switch, role navigation, stale-save UI."""

from __future__ import annotations


from streamlit.testing.v1 import AppTest

from reviews.models import Role
from reviews.services import cases as case_service
from reviews.services import sessions
from reviews.storage.database import Database
from tests.conftest import ROOT, demo_user

APP = str(ROOT / "app.py")


def logged_in(monkeypatch, db_path, role, **session):
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    database = Database(str(db_path))
    user = demo_user(database, role)
    database.close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = user
    for key, value in session.items():
        at.session_state[key] = value
    return at, user


def _session_last_seen(db_path, role, minutes_ago: int) -> int:
    """A server-side session of the role's demo user, last used `minutes_ago`."""
    database = Database(str(db_path))
    session_id = sessions.start(database, demo_user(database, role), method="password").session.id
    database.write(lambda cur: cur.execute(
        "UPDATE user_sessions SET last_seen_at = last_seen_at - INTERVAL (?) MINUTE WHERE id = ?",
        [minutes_ago, session_id]))
    database.close()
    return session_id


def test_idle_session_is_logged_out(monkeypatch, demo_db_path):
    monkeypatch.setenv("REVIEWS_IDLE_MINUTES", "30")
    session_id = _session_last_seen(demo_db_path, Role.CHAIR, 31)
    at, _ = logged_in(monkeypatch, demo_db_path, Role.CHAIR, session_id=session_id)
    at.run()
    assert not at.exception
    assert "user" not in at.session_state
    assert at.title[0].value == "Log ind"
    assert "30 minutter" in at.info[0].value
    database = Database(str(demo_db_path))
    assert database.fetchone("SELECT details FROM audit_log WHERE action = 'logout' ORDER BY id DESC LIMIT 1")[0] \
        == '{"reason": "idle"}'
    database.close()


def test_active_session_stays(monkeypatch, demo_db_path):
    monkeypatch.setenv("REVIEWS_IDLE_MINUTES", "30")
    session_id = _session_last_seen(demo_db_path, Role.CHAIR, 29)
    at, _ = logged_in(monkeypatch, demo_db_path, Role.CHAIR, session_id=session_id)
    at.run()
    assert at.session_state["user"].username == "formand"
    assert at.title[0].value == "Sagsregister"


def test_language_switch_to_english(monkeypatch, demo_db_path):
    at, _ = logged_in(monkeypatch, demo_db_path, Role.CHAIR)
    at.run()
    at.sidebar.selectbox[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Case register"
    database = Database(str(demo_db_path))
    assert database.fetchone("SELECT language FROM users WHERE username = 'formand'")[0] == "en"
    database.close()


def test_reader_lands_on_reviews_and_cannot_open_cases(monkeypatch, demo_db_path):
    at, _ = logged_in(monkeypatch, demo_db_path, Role.READER)
    at.run()
    assert at.title[0].value == "Gennemgange"
    try:
        at.switch_page("pages/case.py").run()
    except ValueError:
        pass
    else:
        raise AssertionError("a reader must not reach the case page")


def test_stale_save_keeps_the_users_text(monkeypatch, demo_db_path):
    at, chair = logged_in(monkeypatch, demo_db_path, Role.CHAIR)
    database = Database(str(demo_db_path))
    case = case_service.search_cases(database, chair, text="Familie 17").items[0]
    at.session_state["case_id"] = case.id
    at.run()
    at.switch_page("pages/case.py").run()
    assert at.title[0].value == "Familie 17"
    summary_key = f"case_{case.id}_summary"
    # Someone else saves while our form is open.
    other = demo_user(database, Role.OMBUDSMAN)
    case_service.update_case(database, other, case.id, case.version, case_service.CaseForm(
        case.pseudonym, case.area, case.opened, case.closed, case.status, "Borgerrådgiverens nye resumé"))
    database.close()
    at.text_area(key=summary_key).input("Formandens resumé med æøå")
    form_button = [b for b in at.button if b.label == "Gem"][-1]
    form_button.click().run()
    assert not at.exception
    assert any("nyere version" in w.value for w in at.warning)
    assert any("Borgerrådgiverens nye resumé" in m.value for m in at.markdown)
    assert at.text_area(key=summary_key).value == "Formandens resumé med æøå"  # nothing lost
