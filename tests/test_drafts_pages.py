"""Drafts on the real pages: text typed into a new finding, a learning point or a minutes item and not saved is
offered back (CPR masked) in a fresh session of the same user, never to another user, and is gone after the
save. A fresh AppTest session stands in for a reload of the browser: new session state, same database."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from reviews.models.case_review import Polarity
from reviews.privacy.cpr import CPR_MASK
from reviews.services import auth
from reviews.services import findings as finding_service
from reviews.storage.database import Database
from reviews.ui import plain
from tests.conftest import _ADMIN, ROOT

APP = str(ROOT / "app.py")
TYPED = "Barnet 010203-1234 blev ikke hørt før afgørelsen."
MASKED = f"Barnet {CPR_MASK} blev ikke hørt før afgørelsen."
RESTORED = "hentet tilbage som kladde"


@pytest.fixture
def people(demo_db_path) -> dict[str, object]:
    database = Database(str(demo_db_path))
    try:
        return {u.username: u for u in auth.list_users(database, _ADMIN)}
    finally:
        database.close()


def open_page(monkeypatch, db_path, user, path: str, **state) -> AppTest:
    """A new browser session of `user` on `path`: what a reload gives."""
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = user
    at.session_state["lang"] = "da"
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def field(at: AppTest, label: str, prefix: str):
    found = [t for t in at.text_area if t.label == label and str(t.key).startswith(prefix)]
    assert len(found) == 1, [(t.label, t.key) for t in at.text_area]
    return found[0]


def button(at: AppTest, label: str, prefix: str = ""):
    found = [b for b in at.button if b.label == label and str(b.key or "").startswith(prefix)]
    assert found, [(b.label, b.key) for b in at.button]
    return found[0]


def restored_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if RESTORED in c.value]


def stored_drafts(db_path) -> int:
    con = duckdb.connect(str(db_path))
    try:
        return con.execute("SELECT count(*) FROM drafts").fetchone()[0]
    finally:
        con.close()


# --- Læs og kod: a new finding ----------------------------------------------------------------------------

def _open_case_for_both(db_path, first, second) -> tuple[int, int]:
    """A review and case both reviewers may annotate and have not finished."""
    database = Database(str(db_path))
    try:
        for review in finding_service.my_reviews(database, first):
            if review.id not in {r.id for r in finding_service.my_reviews(database, second)}:
                continue
            views = [finding_service.reading_overview(database, u, review.id).items for u in (first, second)]
            for a, b in zip(*views, strict=True):
                if a.readable and not a.done and not b.done:
                    return review.id, a.case_id
    finally:
        database.close()
    raise AssertionError("no case open to both reviewers in the demo")


def _a_code(db_path) -> int:
    con = duckdb.connect(str(db_path))
    try:
        return con.execute("SELECT c.id FROM codes c JOIN codebooks b ON b.id = c.codebook_id"
                           " WHERE b.kind = 'koder' AND NOT c.retired ORDER BY c.id LIMIT 1").fetchone()[0]
    finally:
        con.close()


def test_new_finding_text_is_kept_for_its_author_and_gone_after_save(monkeypatch, demo_db_path, people):
    author, other = people["psykolog"], people["borgerraadgiver"]
    review_id, case_id = _open_case_for_both(demo_db_path, author, other)
    state = {"review_id": review_id, "annotate_case_id": case_id}
    prefix = f"nf_{review_id}_{case_id}_"

    at = open_page(monkeypatch, demo_db_path, author, "pages/annotate.py", **state)
    assert field(at, "Fund", prefix).value == "" and not restored_captions(at)
    field(at, "Fund", prefix).input(TYPED).run()  # the field loses focus: no save, only the draft
    field(at, "Citat fra sagen", prefix).input("«Vi har ikke talt med barnet»").run()
    assert not at.exception

    reloaded = open_page(monkeypatch, demo_db_path, author, "pages/annotate.py", **state)
    assert field(reloaded, "Fund", prefix).value == MASKED
    assert field(reloaded, "Citat fra sagen", prefix).value == "«Vi har ikke talt med barnet»"
    assert len(restored_captions(reloaded)) == 2

    stranger = open_page(monkeypatch, demo_db_path, other, "pages/annotate.py", **state)
    assert field(stranger, "Fund", prefix).value == "" and not restored_captions(stranger)

    next(r for r in reloaded.radio if str(r.key).startswith(prefix)).set_value(Polarity.CONCERN)
    next(m for m in reloaded.multiselect if str(m.key).startswith(prefix)).set_value([_a_code(demo_db_path)])
    button(reloaded, "Gem fund").click().run()
    assert not reloaded.exception and not reloaded.error, [e.value for e in reloaded.error]
    assert "Fundet er gemt." in [s.value for s in reloaded.success]
    assert field(reloaded, "Fund", prefix).value == "" and not restored_captions(reloaded)
    con = duckdb.connect(str(demo_db_path))
    texts = [r[0] for r in con.execute(
        "SELECT text FROM findings WHERE review_id = ? AND case_id = ? AND author_id = ?",
        [review_id, case_id, author.id]).fetchall()]
    con.close()
    assert MASKED in texts

    again = open_page(monkeypatch, demo_db_path, author, "pages/annotate.py", **state)
    assert field(again, "Fund", prefix).value == "" and not restored_captions(again)
    assert stored_drafts(demo_db_path) == 0


# --- Læringspunkter: a new one and an existing one ------------------------------------------------------

def _review_with_learning_point(db_path) -> tuple[int, int, str]:
    con = duckdb.connect(str(db_path))
    try:
        return con.execute(
            "SELECT review_id, id, description FROM learning_points"
            " WHERE status NOT IN ('godkendt', 'forelagt udvalget') ORDER BY id LIMIT 1").fetchone()
    finally:
        con.close()


def test_new_learning_point_text_is_kept_for_its_author_and_gone_after_save(monkeypatch, demo_db_path, people):
    author, other = people["formand"], people["socialraadgiver"]
    review_id, _, _ = _review_with_learning_point(demo_db_path)
    prefix = f"lp_new_{review_id}_"
    state = {"review_id": review_id}

    at = open_page(monkeypatch, demo_db_path, author, "pages/learning_points.py", **state)
    assert field(at, "Beskrivelse", prefix).value == ""
    field(at, "Beskrivelse", prefix).input(TYPED).run()
    assert not at.exception

    reloaded = open_page(monkeypatch, demo_db_path, author, "pages/learning_points.py", **state)
    assert field(reloaded, "Beskrivelse", prefix).value == MASKED
    assert field(reloaded, "Anbefaling", prefix).value == ""  # only what was typed
    assert len(restored_captions(reloaded)) == 1

    stranger = open_page(monkeypatch, demo_db_path, other, "pages/learning_points.py", **state)
    assert field(stranger, "Beskrivelse", prefix).value == "" and not restored_captions(stranger)

    next(t for t in reloaded.text_input if t.label == "Titel" and str(t.key).startswith(prefix)).input(
        "Barnets stemme før afgørelsen")
    button(reloaded, "Opret").click().run()
    assert not reloaded.exception and not reloaded.error, [e.value for e in reloaded.error]
    assert any("er oprettet som udkast" in s.value for s in reloaded.success)
    assert field(reloaded, "Beskrivelse", prefix).value == ""
    assert any(m.value == plain(MASKED) for m in reloaded.markdown)  # the new learning point, opened below

    again = open_page(monkeypatch, demo_db_path, author, "pages/learning_points.py", **state)
    assert field(again, "Beskrivelse", prefix).value == "" and not restored_captions(again)
    assert stored_drafts(demo_db_path) == 0


def test_edited_learning_point_text_is_offered_back_over_the_stored_text(monkeypatch, demo_db_path, people):
    author, other = people["formand"], people["socialraadgiver"]
    review_id, lp_id, stored = _review_with_learning_point(demo_db_path)
    prefix = f"lp_{lp_id}_description"
    state = {"review_id": review_id, "lp_id": lp_id}

    at = open_page(monkeypatch, demo_db_path, author, "pages/learning_points.py", **state)
    assert field(at, "Beskrivelse", prefix).value == stored
    field(at, "Beskrivelse", prefix).input(TYPED).run()

    reloaded = open_page(monkeypatch, demo_db_path, author, "pages/learning_points.py", **state)
    assert field(reloaded, "Beskrivelse", prefix).value == MASKED
    assert len(restored_captions(reloaded)) == 1
    stranger = open_page(monkeypatch, demo_db_path, other, "pages/learning_points.py", **state)
    assert field(stranger, "Beskrivelse", prefix).value == stored

    button(reloaded, "Gem", f"lp_edit_{lp_id}_").click().run()
    assert not reloaded.exception and not reloaded.error, [e.value for e in reloaded.error]
    assert "Gemt." in [s.value for s in reloaded.success]
    again = open_page(monkeypatch, demo_db_path, author, "pages/learning_points.py", **state)
    assert field(again, "Beskrivelse", prefix).value == MASKED and not restored_captions(again)
    assert stored_drafts(demo_db_path) == 0


def _newer_version_saved_by(db_path, user, lp_id: int, description: str) -> None:
    """Someone else saves the learning point while the author's draft waits (another browser)."""
    from reviews.services import learning_points as lp_service

    database = Database(str(db_path))
    try:
        lp = lp_service.get_learning_point(database, user, lp_id).learning_point
        lp_service.update_learning_point(database, user, lp_id, lp.version, lp_service.LearningPointForm(
            lp.title, description, lp.recommendation, tuple(lp.code_ids), tuple(lp.evidence_ids)))
    finally:
        database.close()


def _stored_description(db_path, lp_id: int) -> tuple[str, int]:
    con = duckdb.connect(str(db_path))
    try:
        return con.execute("SELECT description, version FROM learning_points WHERE id = ?", [lp_id]).fetchone()
    finally:
        con.close()


def test_a_draft_of_an_older_version_shows_the_newer_one_before_it_is_saved(monkeypatch, demo_db_path, people):
    author = people["formand"]
    review_id, lp_id, _stored = _review_with_learning_point(demo_db_path)
    prefix = f"lp_{lp_id}_description"
    state = {"review_id": review_id, "lp_id": lp_id}
    at = open_page(monkeypatch, demo_db_path, author, "pages/learning_points.py", **state)
    field(at, "Beskrivelse", prefix).input(TYPED).run()  # kept as a draft of the version shown
    newer = "Kommunen har siden rettet sin praksis (gemt i en anden fane)."
    _newer_version_saved_by(demo_db_path, author, lp_id, newer)  # the same chair in another tab
    _, version = _stored_description(demo_db_path, lp_id)

    reloaded = open_page(monkeypatch, demo_db_path, author, "pages/learning_points.py", **state)
    assert field(reloaded, "Beskrivelse", prefix).value == MASKED
    warnings = [w.value for w in reloaded.warning if "skrevet til version" in w.value]
    assert warnings == [f"Kladden blev skrevet til version {version - 1}, men en nyere version {version} er gemt"
                        " siden. Når du gemmer, får du først den nyere version at se, så intet overskrives uset."]

    button(reloaded, "Gem", f"lp_edit_{lp_id}_").click().run()
    assert not reloaded.exception
    assert any("En anden har gemt en nyere version" in e.value for e in [*reloaded.error, *reloaded.warning])
    assert _stored_description(demo_db_path, lp_id) == (newer, version)  # nothing overwritten unseen
    assert field(reloaded, "Beskrivelse", prefix).value == MASKED  # and the draft's text still there

    # Having seen the newer version, the author saves on purpose: now it is saved over the newer one.
    if any(b.label == "Behold min tekst" for b in reloaded.button):
        button(reloaded, "Behold min tekst").click().run()
    button(reloaded, "Gem", f"lp_edit_{lp_id}_").click().run()
    assert not reloaded.exception and not reloaded.error, [e.value for e in reloaded.error]
    assert _stored_description(demo_db_path, lp_id) == (MASKED, version + 1)
    assert stored_drafts(demo_db_path) == 0


# --- Møder og referater: the minutes of an agenda item ----------------------------------------------------

def _draft_meeting(db_path) -> tuple[int, int, int, str]:
    """The demo's task force meeting (minutes in draft) and its first agenda item."""
    con = duckdb.connect(str(db_path))
    try:
        return con.execute(
            "SELECT m.review_id, m.id, i.id, i.minutes FROM review_meetings m JOIN meeting_items i"
            " ON i.meeting_id = m.id WHERE m.kind = 'task force-møde' ORDER BY i.position LIMIT 1").fetchone()
    finally:
        con.close()


def test_minutes_item_text_is_kept_for_its_author_and_gone_after_save(monkeypatch, demo_db_path, people):
    author, other = people["formand"], people["borgerraadgiver"]
    review_id, meeting_id, item_id, stored = _draft_meeting(demo_db_path)
    state = {"review_id": review_id, "meeting_id": meeting_id}
    prefix = f"item_{item_id}_v"

    at = open_page(monkeypatch, demo_db_path, author, "pages/meetings.py", **state)
    assert field(at, "Referat", prefix).value == stored
    field(at, "Referat", prefix).input(TYPED).run()
    assert not at.exception

    reloaded = open_page(monkeypatch, demo_db_path, author, "pages/meetings.py", **state)
    assert field(reloaded, "Referat", prefix).value == MASKED
    assert len(restored_captions(reloaded)) == 1

    stranger = open_page(monkeypatch, demo_db_path, other, "pages/meetings.py", **state)
    assert field(stranger, "Referat", prefix).value == stored and not restored_captions(stranger)

    button(reloaded, "Gem", prefix).click().run()
    assert not reloaded.exception and not reloaded.error, [e.value for e in reloaded.error]
    assert "Gemt." in [s.value for s in reloaded.success]
    assert field(reloaded, "Referat", prefix).value == MASKED and not restored_captions(reloaded)

    again = open_page(monkeypatch, demo_db_path, author, "pages/meetings.py", **state)
    assert field(again, "Referat", prefix).value == MASKED and not restored_captions(again)
    assert stored_drafts(demo_db_path) == 0


def test_new_agenda_item_text_is_kept_and_cpr_typed_in_this_session_is_reported_masked(
        monkeypatch, demo_db_path, people):
    author = people["formand"]
    review_id, meeting_id, _, _ = _draft_meeting(demo_db_path)
    state = {"review_id": review_id, "meeting_id": meeting_id}
    prefix = f"new_item_{meeting_id}_"

    at = open_page(monkeypatch, demo_db_path, author, "pages/meetings.py", **state)
    field(at, "Resumé", prefix).input("Første udkast").run()
    reloaded = open_page(monkeypatch, demo_db_path, author, "pages/meetings.py", **state)
    assert field(reloaded, "Resumé", prefix).value == "Første udkast"

    # Typed again in this session, CPR number and all: the save masks it and says so.
    field(reloaded, "Resumé", prefix).input(TYPED).run()
    next(t for t in reloaded.text_input if str(t.key).startswith(prefix)).input("Barnets stemme")
    button(reloaded, "Tilføj punkt", prefix).click().run()
    assert not reloaded.exception and not reloaded.error, [e.value for e in reloaded.error]
    assert [s.value for s in reloaded.success] == [
        "Gemt.", "1 CPR-nummer blev fjernet fra teksten, før den blev gemt."]
    assert field(reloaded, "Resumé", prefix).value == "" and not restored_captions(reloaded)
    assert any(plain(MASKED) in m.value for m in reloaded.markdown)  # the new item in the agenda
    assert stored_drafts(demo_db_path) == 0
