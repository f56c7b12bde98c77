"""The meetings page through AppTest: approving minutes, making the committee document, the export guard's
list of places with the one-click mask, and the LIX with its warning."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from reviews.models import Role
from reviews.ui import plain
from tests.conftest import ROOT, demo_user

APP = str(ROOT / "app.py")


@pytest.fixture
def chair(demo_db_file):
    from reviews.storage.database import Database

    database = Database(str(demo_db_file))
    try:
        return demo_user(database, Role.CHAIR)
    finally:
        database.close()


def meetings_page(monkeypatch, db_path, user) -> AppTest:
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = user
    at.session_state["lang"] = "da"
    con = duckdb.connect(str(db_path))
    review_id, meeting_id = con.execute(
        "SELECT r.id, m.id FROM reviews r JOIN review_meetings m ON m.review_id = r.id"
        " WHERE m.kind = 'task force-møde'").fetchone()
    con.close()
    at.session_state["review_id"] = review_id
    at.session_state["meeting_id"] = meeting_id
    at.run()
    at.switch_page("pages/meetings.py").run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}: {[b.label for b in at.button]}"
    return found[0]


def test_chair_approves_and_makes_the_committee_document(monkeypatch, demo_db_path, chair) -> None:
    at = meetings_page(monkeypatch, demo_db_path, chair)
    # Shown as plain text: markdown characters of the title are escaped.
    assert at.header[0].value == plain("Task force-møde: læringspunkter og handleplan")
    button(at, "Godkend referatet").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Referatet er godkendt som version 1."]
    button(at, "Lav samlet referat").click().run()
    assert not at.exception and not at.error
    assert any("Læsbarhed (LIX)" in m.value for m in at.markdown)
    con = duckdb.connect(str(demo_db_path))  # the app in this process holds the file open: same configuration
    exports = con.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'export' AND record_type = 'meeting'").fetchone()
    con.close()
    assert exports == (1,)


def test_cpr_number_is_listed_by_place_and_masked_with_one_click(monkeypatch, demo_db_path, chair) -> None:
    con = duckdb.connect(str(demo_db_path))
    con.execute("UPDATE meeting_items SET resume = 'Drøftes: barnet 010203-1234.' WHERE position = 2 AND meeting_id ="
                " (SELECT id FROM review_meetings WHERE kind = 'task force-møde')")
    con.close()
    at = meetings_page(monkeypatch, demo_db_path, chair)
    button(at, "Lav indkaldelse").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Dokumentet indeholder 1 CPR-nummer/-numre og kan ikke eksporteres. Her står de:"]
    places = [m.value for m in at.markdown if m.value.startswith("- Punkt")]
    assert len(places) == 1 and places[0].startswith("- Punkt 2, resumé") and "010203" not in places[0]
    button(at, "Maskér CPR-numrene og lav dokumentet").click().run()
    assert not at.exception and not at.error
    assert [i.value for i in at.info if "maskeret" in i.value] == ["1 CPR-nummer/-numre er maskeret i dokumentet."]


def test_reader_sees_meetings_without_editing_or_documents(monkeypatch, demo_db_path, demo_db_file) -> None:
    from reviews.storage.database import Database

    database = Database(str(demo_db_file))
    reader = demo_user(database, Role.READER)
    database.close()
    at = meetings_page(monkeypatch, demo_db_path, reader)
    labels = {b.label for b in at.button}
    assert not labels & {"Godkend referatet", "Lav samlet referat", "Lav indkaldelse", "Tilføj punkt"}
    assert "Dokumenter" not in [t.label for t in at.tabs]
