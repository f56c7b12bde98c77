"""The data-safety page in AppTest: the deletion job needs its confirmation, and runs with it."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from reviews.models import Role
from reviews.services import reviews as review_service
from reviews.storage.database import Database
from tests.conftest import ROOT, demo_user

pytestmark = pytest.mark.safety


def _page(monkeypatch, db_path, tmp_path, user) -> AppTest:
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    monkeypatch.setenv("REVIEWS_BACKUP_DIR", str(tmp_path / "backups"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["user"] = user
    at.session_state["lang"] = "da"
    at.run()
    at.switch_page("pages/data_safety.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_deletion_needs_confirmation_then_deletes_and_reports(monkeypatch, demo_db_path, tmp_path):
    db = Database(str(demo_db_path))
    chair, admin = demo_user(db, Role.CHAIR), demo_user(db, Role.ADMINISTRATOR)
    review = review_service.find_review(db, chair, "Task Force 4200")
    review_service.update_review(db, chair, review.id, review.version, review_service.ReviewForm(
        review.name, review.mandate, review.deadline, review.blind, dt.date(2015, 1, 31)))
    cases_before = db.fetchone("SELECT count(*) FROM cases")[0]
    db.close()

    at = _page(monkeypatch, demo_db_path, tmp_path, admin)
    assert at.title[0].value == "Datasikkerhed"
    run = next(b for b in at.button if b.label == "Slet nu")
    run.click().run()
    assert not at.exception
    assert any("Jeg har kontrolleret listen" in e.value for e in at.error)
    probe = Database(str(demo_db_path))
    assert probe.fetchone("SELECT count(*) FROM cases")[0] == cases_before  # nothing deleted
    probe.close()

    at.checkbox(key="retention_confirm").check()
    next(b for b in at.button if b.label == "Slet nu").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("rækker er slettet, og databasefilen er genopbygget" in s.value for s in at.success)
    assert any("Ældre sikkerhedskopier indeholder stadig" in s.value for s in at.success)
    probe = Database(str(demo_db_path))
    try:
        assert probe.fetchone("SELECT count(*) FROM cases")[0] < cases_before
        assert probe.fetchone("SELECT count(*) FROM review_cases WHERE review_id = ?", [review.id]) == (0,)
    finally:
        probe.close()


def test_backup_button_and_policy_validation(monkeypatch, demo_db_path, tmp_path):
    db = Database(str(demo_db_path))
    admin = demo_user(db, Role.ADMINISTRATOR)
    db.close()
    at = _page(monkeypatch, demo_db_path, tmp_path, admin)
    at.button(key="backup_now").click().run()
    assert not at.exception
    assert any(s.value.startswith("Sikkerhedskopien backup-") for s in at.success)
    assert len(list((tmp_path / "backups").glob("backup-*.duckdb"))) == 1
    at.text_input(key="insight_pseudonym").input(" ")
    next(b for b in at.button if b.label == "Lav udtræk").click().run()
    assert not at.exception
    assert any("«Pseudonym» skal udfyldes" in e.value for e in at.error), [e.value for e in at.error]
