"""Drafts: unsaved text kept per user, CPR masked, offered back after a reload, gone after the save."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from reviews import clock
from reviews.errors import PermissionDenied, ValidationError
from reviews.models import Role, User
from reviews.privacy.cpr import CPR_MASK
from reviews.services import drafts, retention
from reviews.storage.database import Database
from tests.conftest import demo_user


def test_save_get_and_discard_own_draft(db, users):
    chair = users[Role.CHAIR]
    assert drafts.get_draft(db, chair, "finding", "1:2") is None
    saved = drafts.save_draft(db, chair, "finding", "1:2", "Første udkast")
    assert saved.text == "Første udkast"
    drafts.save_draft(db, chair, "finding", "1:2", "Andet udkast")  # one row per (user, kind, key)
    assert drafts.get_draft(db, chair, "finding", "1:2").text == "Andet udkast"
    assert db.fetchone("SELECT count(*) FROM drafts") == (1,)
    assert drafts.discard_draft(db, chair, "finding", "1:2") is True
    assert drafts.get_draft(db, chair, "finding", "1:2") is None
    assert drafts.discard_draft(db, chair, "finding", "1:2") is False


def test_a_user_sees_only_own_drafts(db, users):
    chair, reviewer = users[Role.CHAIR], users[Role.REVIEWER]
    drafts.save_draft(db, chair, "learning_point", 7, "Formandens tekst")
    drafts.save_draft(db, reviewer, "learning_point", 7, "Anmelderens tekst")
    assert drafts.get_draft(db, chair, "learning_point", 7).text == "Formandens tekst"
    assert drafts.get_draft(db, reviewer, "learning_point", 7).text == "Anmelderens tekst"
    drafts.discard_draft(db, reviewer, "learning_point", 7)  # discards only the reviewer's own
    assert drafts.get_draft(db, chair, "learning_point", 7).text == "Formandens tekst"
    assert drafts.get_draft(db, users[Role.READER], "learning_point", 7) is None


def test_cpr_is_masked_before_storing_and_text_stays_out_of_the_audit_log(db, users):
    chair = users[Role.CHAIR]
    saved = drafts.save_draft(db, chair, "minutes_item", "3", "Barnet 010203-1234 blev hørt")
    assert saved.text == f"Barnet {CPR_MASK} blev hørt"
    assert db.fetchone("SELECT text FROM drafts")[0] == f"Barnet {CPR_MASK} blev hørt"
    assert db.fetchone("SELECT count(*) FROM drafts WHERE text LIKE '%1234%'") == (0,)
    action, details = db.fetchone("SELECT action, details FROM audit_log WHERE record_type = 'draft'")
    assert action == "draft_save" and "hørt" not in details and '"masked_cpr": 1' in details


def test_empty_text_deletes_the_draft(db, users):
    chair = users[Role.CHAIR]
    drafts.save_draft(db, chair, "finding", "1:2", "Noget")
    assert drafts.save_draft(db, chair, "finding", "1:2", "  \n ") is None
    assert drafts.get_draft(db, chair, "finding", "1:2") is None
    assert drafts.save_draft(db, chair, "finding", "9:9", "") is None  # nothing there: nothing happens
    assert db.fetchone("SELECT count(*) FROM drafts") == (0,)


def test_bad_input_changes_nothing(db, users):
    chair = users[Role.CHAIR]
    with pytest.raises(ValidationError) as raised:
        drafts.save_draft(db, chair, "recipe", "1", "tekst")
    assert raised.value.key == "draft.error.kind"
    with pytest.raises(ValidationError):
        drafts.save_draft(db, chair, "finding", "", "tekst")
    with pytest.raises(ValidationError) as raised:
        drafts.save_draft(db, chair, "finding", "1", "x" * 100_001)
    assert raised.value.key == "error.too_long"
    assert db.fetchone("SELECT count(*) FROM drafts") == (0,)


def test_a_draft_keeps_the_version_it_was_written_against(db, users):
    chair = users[Role.CHAIR]
    drafts.save_draft(db, chair, "learning_point", "4:description", "Første udkast", base_version=3)
    assert drafts.get_draft(db, chair, "learning_point", "4:description").base_version == 3
    drafts.save_draft(db, chair, "learning_point", "4:description", "Andet udkast", base_version=5)
    assert drafts.get_draft(db, chair, "learning_point", "4:description").base_version == 5
    drafts.save_draft(db, chair, "finding", "new:1:2", "Nyt fund")  # a new record has no version
    assert drafts.get_draft(db, chair, "finding", "new:1:2").base_version is None


@pytest.mark.parametrize("bad", [0, -1, "3", True, 2.0])
def test_a_bad_base_version_changes_nothing(db, users, bad):
    chair = users[Role.CHAIR]
    drafts.save_draft(db, chair, "learning_point", "4:description", "Første udkast", base_version=3)
    with pytest.raises(ValidationError) as raised:
        drafts.save_draft(db, chair, "learning_point", "4:description", "Ændret", base_version=bad)
    assert raised.value.key == "draft.error.version"
    kept = drafts.get_draft(db, chair, "learning_point", "4:description")
    assert (kept.text, kept.base_version) == ("Første udkast", 3)


def test_inactive_user_is_refused(db, users):
    inactive = User(**{**users[Role.CHAIR].__dict__, "active": False})
    with pytest.raises(PermissionDenied):
        drafts.save_draft(db, inactive, "finding", "1", "tekst")
    with pytest.raises(PermissionDenied):
        drafts.get_draft(db, inactive, "finding", "1")


def test_retention_deletes_drafts_older_than_30_days(db, users):
    chair, admin = users[Role.CHAIR], users[Role.ADMINISTRATOR]
    drafts.save_draft(db, chair, "finding", "old", "Gammel")
    drafts.save_draft(db, chair, "finding", "new", "Ny")
    midnight = dt.datetime.combine(clock.today(), dt.time())
    db.write(lambda cur: cur.execute("UPDATE drafts SET saved_at = ? WHERE record_key = 'old'",
                                     [midnight - dt.timedelta(days=31)]))
    retention.run(db, admin, today=clock.today(), rebuild=False)
    assert drafts.get_draft(db, chair, "finding", "old") is None
    assert drafts.get_draft(db, chair, "finding", "new").text == "Ny"


def _finding_form():
    """A page with a finding text kept as a draft; saving it discards the draft and starts a fresh field."""
    import streamlit as st

    from reviews import ui

    ui.begin_run()
    ui.require("finding.write")
    n = st.session_state.setdefault("n", 0)
    text = ui.draft_area("Fund", "finding", "1:2", widget_key=f"nf_1_2_{n}_text")
    if st.button("Gem fund"):
        st.session_state["saved_text"] = text  # stands in for finding_service.add_finding
        ui.discard_draft("finding", "1:2")
        st.session_state["n"] = n + 1
        st.rerun()


def _page(monkeypatch, db_path, user) -> AppTest:
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    at = AppTest.from_function(_finding_form, default_timeout=60)
    at.session_state["user"] = user
    return at.run()


def test_typed_finding_text_survives_a_reload_and_is_gone_after_save(monkeypatch, demo_db_path):
    database = Database(str(demo_db_path))
    reviewer, chair = demo_user(database, Role.REVIEWER), demo_user(database, Role.CHAIR)
    database.close()

    at = _page(monkeypatch, demo_db_path, reviewer)
    assert not at.exception
    assert at.text_area[0].value == "" and not at.caption
    at.text_area[0].input("Sagsbehandleren hørte ikke barnet, 010203-1234.").run()  # the field loses focus
    assert not at.exception

    reloaded = _page(monkeypatch, demo_db_path, reviewer)  # a reload: a new session, same user, same database
    assert not reloaded.exception
    assert reloaded.text_area[0].value == f"Sagsbehandleren hørte ikke barnet, {CPR_MASK}."
    assert "hentet tilbage som kladde" in reloaded.caption[0].value

    other = _page(monkeypatch, demo_db_path, chair)
    assert other.text_area[0].value == ""  # someone else's draft is never offered

    reloaded.button[0].click().run()
    assert not reloaded.exception
    assert reloaded.session_state["saved_text"].startswith("Sagsbehandleren")
    assert reloaded.text_area[0].value == "" and not reloaded.caption

    again = _page(monkeypatch, demo_db_path, reviewer)
    assert again.text_area[0].value == "" and not again.caption
