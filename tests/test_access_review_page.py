"""The access review page (AppTest): the reminder, the table's flags, recording a review, closing unused
accounts behind a confirmation."""

from __future__ import annotations

import datetime as dt

from reviews import clock
from reviews.models import Role
from reviews.storage.database import Database
from tests.conftest import demo_user
from tests.test_pages_smoke import app_for

PAGE = "pages/access_review.py"


def open_page(monkeypatch, demo_db_path, admin):
    at = app_for(monkeypatch, demo_db_path, admin).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_access_review_page_flags_records_and_closes(monkeypatch, demo_db_path):
    database = Database(str(demo_db_path))
    admin = demo_user(database, Role.ADMINISTRATOR)
    chair = demo_user(database, Role.CHAIR)
    usernames = [r[0] for r in database.fetchall("SELECT username FROM users ORDER BY username")]
    database.close()
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=200)
    monkeypatch.setattr(clock, "now", lambda: later)  # every demo account unused for 200 days

    at = open_page(monkeypatch, demo_db_path, admin)
    assert at.title[0].value == "Adgangsgennemgang"
    assert [w.value for w in at.warning] == [
        "Der er aldrig registreret en adgangsgennemgang. Gennemgå listen og registrér «Adgang gennemgået» "
        "(derefter mindst hver 6 måneder)."]
    table = at.dataframe[0].value
    assert list(table.columns) == ["Markering", "Brugernavn", "Navn", "Rolle", "Aktiv",
                                   "Gennemgange (medlem eller formand)", "Seneste login", "Dage siden login",
                                   "Sessioner", "Oprettet"]
    assert sorted(table["Brugernavn"]) == sorted(usernames)
    flags = set(table["Markering"])
    assert len(flags) == 1 and flags.pop().startswith("Aldrig brugt, oprettet for 200 dage siden")
    assert set(table["Seneste login"]) == {"Aldrig"}
    # The administrator looking at the page is the one logged in.
    assert {u: n for u, n in zip(table["Brugernavn"], table["Sessioner"]) if n != "0"} == {admin.username: "1"}
    close = next(b for b in at.button if b.key == "access_review_deactivate")
    assert close.disabled, "closing needs the confirmation first"
    assert close.label == f"Luk {len(usernames) - 1} markerede konti"  # never the administrator themself

    at.text_area[0].input("Alle konti kontrolleret mod HR-listen")
    next(b for b in at.button if b.label == "Adgang gennemgået").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Gennemgangen af adgang er registreret."]
    assert not at.warning
    assert any(m.value.startswith("Adgang sidst gennemgået ") and admin.full_name.split()[0] in m.value
               for m in at.markdown)

    at.checkbox[0].check().run()
    next(b for b in at.button if b.key == "access_review_deactivate").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [f"{len(usernames) - 1} konti er lukket."]
    database = Database(str(demo_db_path))
    active = dict(database.fetchall("SELECT username, active FROM users"))
    rows = database.fetchone("SELECT count(*) FROM audit_log WHERE action = 'change'"
                             " AND details LIKE '%access_review_unused%'")
    database.close()
    assert active[admin.username] is True
    assert active[chair.username] is False
    assert sum(active.values()) == 1
    assert rows == (len(usernames) - 1,)
    assert [i.value for i in at.info] == ["Ingen aktive konti er ubrugt i 90 dage."]
