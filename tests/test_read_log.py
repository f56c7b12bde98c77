"""Reads are logged once per record per page view (reviews.services.audit.record_read, reviews.ui.page_view).

A Streamlit page reruns on every widget change; those reruns show the same record again and are not new reads.
A new page view (another page, an address naming another record) or another record in the same view is a new
read. Outside a page view (CLI, jobs, tests) every read is logged, as before. Searches, changes and exports are
logged every time. Nothing shown goes unlogged, and a crash keeps every acknowledged change with its audit row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
import textwrap

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from reviews.models import EventType, Role
from reviews.services import audit
from reviews.services import cases as case_service
from reviews.storage.database import Database
from tests.conftest import ROOT, demo_user, signed_in_app


def _reads(db_path, user_id: int, record_type: str, record_id: object) -> int:
    probe = Database(str(db_path))
    try:
        return probe.fetchone("SELECT count(*) FROM audit_log WHERE action = 'read' AND user_id = ?"
                              " AND record_type = ? AND record_id = ?", [user_id, record_type, str(record_id)])[0]
    finally:
        probe.close()



def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _readable_cases(db_path, user, *, events: int = 0, count: int = 3) -> list:
    database = Database(str(db_path))
    try:
        found = [c for c in case_service.search_cases(database, user, page_size=100).items
                 if len(case_service.get_case(database, user, c.id).events) >= events]
    finally:
        database.close()
    assert len(found) >= count, "the demo data has too few readable cases for this test"
    return found[:count]


# --- (1) one read per record per page view ----------------------------------------------------------------


def test_case_page_logs_one_read_per_record_per_page_view(monkeypatch, demo_db_path):
    database = Database(str(demo_db_path))
    chair = demo_user(database, Role.CHAIR)
    database.close()
    first, second = _readable_cases(demo_db_path, chair, events=2, count=2)
    before = {c.id: _reads(demo_db_path, chair.id, "case", c.id) for c in (first, second)}

    def new_reads(case) -> int:
        return _reads(demo_db_path, chair.id, "case", case.id) - before[case.id]

    at = signed_in_app(monkeypatch, demo_db_path, chair)
    at.session_state["case_id"] = first.id
    _ok(at.run())
    _ok(at.switch_page("pages/case.py").run())
    assert at.title[0].value == first.pseudonym
    assert new_reads(first) == 1

    # Reruns through a widget that does not change the record (the event picker), and plain reruns.
    _ok(at.selectbox(key=f"edit_event_pick_{first.id}").select_index(1).run())
    _ok(at.selectbox(key=f"edit_event_pick_{first.id}").select_index(0).run())
    _ok(at.run())
    _ok(at.run())
    assert at.title[0].value == first.pseudonym
    assert new_reads(first) == 1

    # Another case (a link to it): one read of that case, and again only one over its reruns.
    at.query_params["id"] = str(second.id)
    _ok(at.run())
    _ok(at.run())
    assert at.title[0].value == second.pseudonym
    assert (new_reads(first), new_reads(second)) == (1, 1)

    # Back to the first case by its address: a new read of it.
    at.query_params["id"] = str(first.id)
    _ok(at.run())
    assert (new_reads(first), new_reads(second)) == (2, 1)

    # Away and back: a new page view, a new read.
    _ok(at.switch_page("pages/cases.py").run())
    _ok(at.switch_page("pages/case.py").run())
    _ok(at.run())
    assert at.title[0].value == first.pseudonym
    assert (new_reads(first), new_reads(second)) == (3, 1)


def test_a_different_record_in_the_same_view_is_logged(monkeypatch, demo_db_path):
    """The case-file page's case picker changes the record without leaving the page (or its view)."""
    database = Database(str(demo_db_path))
    reviewer = demo_user(database, Role.REVIEWER)
    database.close()
    first, second = _readable_cases(demo_db_path, reviewer, count=2)
    before = {c.id: _reads(demo_db_path, reviewer.id, "casefile_list", c.id) for c in (first, second)}
    at = signed_in_app(monkeypatch, demo_db_path, reviewer)
    at.session_state["case_id"] = first.id
    _ok(at.run())
    _ok(at.switch_page("pages/casefiles.py").run())
    _ok(at.run())
    assert at.selectbox(key="casefile_case").value == first.id
    _ok(at.selectbox(key="casefile_case").set_value(second.id).run())
    _ok(at.run())
    _ok(at.selectbox(key="casefile_case").set_value(first.id).run())  # seen in this view already
    after = {c.id: _reads(demo_db_path, reviewer.id, "casefile_list", c.id) for c in (first, second)}
    assert after[first.id] - before[first.id] == 1
    assert after[second.id] - before[second.id] == 1


# --- (2) every record shown was logged as read -------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REVIEWER, Role.OMBUDSMAN])
def test_every_case_shown_on_the_case_and_casefile_pages_was_logged_as_read(monkeypatch, demo_db_path, role):
    """A session of reruns, record changes and page changes: each case pseudonym the case page showed as its
    title, and each case whose documents the case-file page listed, has a read row of this user."""
    database = Database(str(demo_db_path))
    user = demo_user(database, role)
    database.close()
    readable = _readable_cases(demo_db_path, user, count=2)
    shown_cases: set[tuple[int, str]] = set()
    shown_lists: set[int] = set()

    def look(at: AppTest) -> None:
        _ok(at)
        if at.title and at.title[0].value != "Sagsakter":
            shown_cases.add((int(at.query_params["id"]), at.title[0].value))
        else:
            shown_lists.add(at.selectbox(key="casefile_case").value)

    at = signed_in_app(monkeypatch, demo_db_path, user)
    at.session_state["case_id"] = readable[0].id
    _ok(at.run())
    for case in readable:
        at.switch_page("pages/case.py")
        at.query_params["id"] = str(case.id)
        look(at.run())
        look(at.run())
        at.switch_page("pages/casefiles.py")
        look(at.run())
        look(at.selectbox(key="casefile_case").set_value(case.id).run())
        look(at.run())
    assert {c for c, _ in shown_cases} == {c.id for c in readable}
    assert shown_lists >= {c.id for c in readable}

    probe = Database(str(demo_db_path))
    try:
        for case_id, pseudonym in shown_cases:
            assert probe.fetchone("SELECT count(*) FROM audit_log WHERE action = 'read' AND record_type = 'case'"
                                  " AND user_id = ? AND record_id = ? AND pseudonym = ?",
                                  [user.id, str(case_id), pseudonym])[0] >= 1, pseudonym
        for case_id in shown_lists:
            assert probe.fetchone("SELECT count(*) FROM audit_log WHERE action = 'read'"
                                  " AND record_type = 'casefile_list' AND user_id = ? AND record_id = ?",
                                  [user.id, str(case_id)])[0] >= 1, case_id
    finally:
        probe.close()


# --- (3) a crash loses no acknowledged change's audit row -----------------------------------------------------

_CRASHING_WRITER = textwrap.dedent("""
    import datetime as dt, os, sys
    sys.path.insert(0, {root!r})
    from reviews.models import EventType, Role
    from reviews.services import audit, cases
    from reviews.storage.database import Database
    from tests.conftest import demo_user

    db = Database({path!r})
    chair = demo_user(db, Role.CHAIR)
    with audit.page_view(audit.PageView()):
        cases.get_case(db, chair, {case_id})
        cases.get_case(db, chair, {case_id})  # a rerun: not logged again
        saved = cases.add_event(db, chair, {case_id}, event_date=dt.date(2024, 3, 1), event_type=EventType.MEETING,
                                text="Krasjtest: møde med familien")
    print("ACK", saved.record.id, flush=True)
    os._exit(0)  # the process dies at once: no close, no checkpoint
""")


def test_a_crash_right_after_an_acknowledged_save_keeps_the_change_and_its_audit_rows(demo_db_path):
    database = Database(str(demo_db_path))
    chair = demo_user(database, Role.CHAIR)
    case = case_service.search_cases(database, chair, page_size=1).items[0]
    reads_before = database.fetchone("SELECT count(*) FROM audit_log WHERE action = 'read' AND record_type = 'case'"
                                     " AND record_id = ?", [str(case.id)])[0]
    database.checkpoint()
    database.close()
    env = {**os.environ, "REVIEWS_PASSWORD_PROFILE": "cheap"}
    done = subprocess.run([sys.executable, "-c", _CRASHING_WRITER.format(root=str(ROOT), path=str(demo_db_path),
                                                                          case_id=case.id)],
                          capture_output=True, text=True, timeout=120, env=env, cwd=str(ROOT))
    assert done.returncode == 0, done.stderr
    event_id = int(done.stdout.split()[1])

    reopened = Database(str(demo_db_path))
    try:
        assert reopened.fetchone("SELECT text FROM timeline_events WHERE id = ?", [event_id]) == (
            "Krasjtest: møde med familien",)
        assert reopened.fetchone("SELECT count(*) FROM audit_log WHERE action = 'create'"
                                 " AND record_type = 'timeline_event' AND record_id = ? AND user_id = ?",
                                 [str(event_id), chair.id]) == (1,)
        assert reopened.fetchone("SELECT count(*) FROM audit_log WHERE action = 'read' AND record_type = 'case'"
                                 " AND record_id = ?", [str(case.id)])[0] == reads_before + 1
    finally:
        reopened.close()


# --- (4) without a page view every call logs; searches and changes always do ----------------------------------


def _count(db, action: str, record_type: str) -> int:
    return db.fetchone("SELECT count(*) FROM audit_log WHERE action = ? AND record_type = ?",
                       [action, record_type])[0]


def test_without_a_page_view_every_read_is_logged(db, users):
    chair = users[Role.CHAIR]
    case = case_service.create_case(db, chair, case_service.CaseForm("Familie 7")).record
    for _ in range(3):
        case_service.get_case(db, chair, case.id)
    assert _count(db, "read", "case") == 3


def test_in_a_page_view_reads_are_logged_once_and_searches_and_changes_every_time(db, users):
    chair = users[Role.CHAIR]
    case = case_service.create_case(db, chair, case_service.CaseForm("Familie 7")).record
    with audit.page_view(audit.PageView()):
        for _ in range(3):
            case_service.get_case(db, chair, case.id)
            case_service.search_cases(db, chair)
        assert _count(db, "read", "case") == 1
        assert _count(db, "search", "case") == 3
        # Another purpose is another read.
        case_service.get_case(db, chair, case.id, purpose="Gennemgang")
        assert _count(db, "read", "case") == 2
        # A change is logged, and the next read of the same record in the same view is not a new read.
        case_service.add_event(db, chair, case.id, event_date=dt.date(2024, 1, 5), event_type=EventType.OTHER,
                               text="Opringning")
        case_service.get_case(db, chair, case.id)
        assert _count(db, "create", "timeline_event") == 1
        assert _count(db, "read", "case") == 2
    with audit.page_view(audit.PageView()):  # a new page view
        case_service.get_case(db, chair, case.id)
    assert _count(db, "read", "case") == 3
    case_service.get_case(db, chair, case.id)  # outside any view again
    assert _count(db, "read", "case") == 4


def test_the_view_remembers_a_read_only_after_its_row_is_committed(db, users):
    """A read whose audit row did not commit is not remembered: the same read in the view writes again."""
    # An account id the audit table cannot store makes the row's insert fail inside the write.
    broken = dataclasses.replace(users[Role.CHAIR], id="not-a-number")
    view = audit.PageView()
    with audit.page_view(view):
        for _ in range(2):  # the second attempt is not skipped: it fails again
            with pytest.raises(duckdb.Error):
                audit.record_read(db, broken, record_type="probe", record_id=1)
            assert not view.seen
        audit.record_read(db, users[Role.CHAIR], record_type="probe", record_id=1)
        audit.record_read(db, users[Role.CHAIR], record_type="probe", record_id=1)
    assert _count(db, "read", "probe") == 1


def test_a_page_view_forgets_nothing_it_must_log_when_full(db, users, monkeypatch):
    """Past the bound the view starts over: reads are logged again, never skipped."""
    monkeypatch.setattr(audit, "MAX_SEEN_PER_VIEW", 2)
    chair = users[Role.CHAIR]
    with audit.page_view(audit.PageView()) as view:
        for record_id in (1, 2, 3, 1):
            audit.record_read(db, chair, record_type="probe", record_id=record_id)
        assert len(view.seen) <= 2
    assert _count(db, "read", "probe") == 4
