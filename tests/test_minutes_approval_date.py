"""Minutes are approved and locked only from the meeting date (local, Copenhagen): before it the service
refuses with the date and nothing changes; the meetings page explains it and disables the buttons."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from reviews import clock, i18n
from reviews.errors import ValidationError
from reviews.models import Role
from reviews.models.minutes import MeetingKind, MinutesStatus
from reviews.services import meetings
from reviews.services import reviews as review_service
from reviews.storage.database import Database
from tests.conftest import ROOT, demo_user

LOCAL = ZoneInfo("Europe/Copenhagen")
APP = str(ROOT / "app.py")


@pytest.fixture
def today(monkeypatch):
    """Set the day `clock.today()` answers; returns the setter."""
    def set_today(day: dt.date) -> None:
        monkeypatch.setattr(clock, "today", lambda: day)
    return set_today


def planned(db, chair, starts_at: dt.datetime):
    review = review_service.create_review(db, chair, review_service.ReviewForm("Gennemgang D"))
    meeting = meetings.create_meeting(db, chair, review.id, meetings.MeetingForm(
        MeetingKind.FAMILY, "Familierunde", starts_at, 90, committee="Børne- og Ungeudvalget")).record
    meetings.add_item(db, chair, meeting.id, meetings.ItemForm("Velkomst", minutes="Referat"))
    return meetings.get_meeting(db, chair, meeting.id).meeting


def test_approval_before_the_meeting_date_is_refused_and_changes_nothing(db, users, today):
    chair = users[Role.CHAIR]
    meeting = planned(db, chair, dt.datetime(2026, 12, 15, 16, 0, tzinfo=LOCAL))
    today(dt.date(2026, 12, 2))
    audit_before = db.fetchone("SELECT count(*) FROM audit_log")[0]
    with pytest.raises(ValidationError) as info:
        meetings.approve_minutes(db, chair, meeting.id, meeting.version)
    assert info.value.key == "minutes.error.before_meeting"
    assert info.value.params == {"date": dt.date(2026, 12, 15)}
    assert i18n.t(info.value.key, "da", **info.value.params) == (
        "Referatet kan først godkendes og låses fra mødedagen, 15.12.2026.")
    assert "15/12/2026" in i18n.t(info.value.key, "en", **info.value.params)
    after = meetings.get_meeting(db, chair, meeting.id)
    assert (after.meeting.minutes_status, after.meeting.version, after.versions) == (
        MinutesStatus.DRAFT, meeting.version, [])
    # The refusal wrote nothing; the only new audit row is the get_meeting read above.
    assert db.fetchone("SELECT count(*) FROM audit_log")[0] == audit_before + 1
    today(dt.date(2026, 12, 14))
    with pytest.raises(ValidationError):
        meetings.approve_minutes(db, chair, meeting.id, meeting.version)


@pytest.mark.parametrize("day", [dt.date(2026, 12, 15), dt.date(2026, 12, 16), dt.date(2027, 3, 1)])
def test_approval_on_or_after_the_meeting_date_is_allowed(db, users, today, day):
    chair = users[Role.CHAIR]
    meeting = planned(db, chair, dt.datetime(2026, 12, 15, 16, 0, tzinfo=LOCAL))
    today(day)
    approved = meetings.approve_minutes(db, chair, meeting.id, meeting.version)
    assert approved.minutes_status == MinutesStatus.APPROVED
    locked = meetings.lock_minutes(db, chair, meeting.id, approved.version)
    assert locked.minutes_status == MinutesStatus.LOCKED


def test_the_meeting_date_is_the_local_date(db, users, today):
    # 00:30 in Copenhagen on 15 December is 23:30 UTC on the 14th: the meeting is held on the 15th.
    chair = users[Role.CHAIR]
    meeting = planned(db, chair, dt.datetime(2026, 12, 15, 0, 30, tzinfo=LOCAL))
    assert meeting.starts_at == dt.datetime(2026, 12, 14, 23, 30) and meeting.local_date == dt.date(2026, 12, 15)
    today(dt.date(2026, 12, 14))
    with pytest.raises(ValidationError):
        meetings.approve_minutes(db, chair, meeting.id, meeting.version)
    today(dt.date(2026, 12, 15))
    assert meetings.approve_minutes(db, chair, meeting.id, meeting.version).minutes_status == MinutesStatus.APPROVED


def test_locking_before_the_meeting_date_is_refused(db, users, today):
    chair = users[Role.CHAIR]
    meeting = planned(db, chair, dt.datetime(2026, 12, 15, 16, 0, tzinfo=LOCAL))
    today(dt.date(2026, 12, 15))
    approved = meetings.approve_minutes(db, chair, meeting.id, meeting.version)
    today(dt.date(2026, 12, 2))  # a clock set back (or approved minutes of a meeting moved later)
    with pytest.raises(ValidationError) as info:
        meetings.lock_minutes(db, chair, meeting.id, approved.version)
    assert info.value.key == "minutes.error.before_meeting"
    assert meetings.get_meeting(db, chair, meeting.id).meeting.minutes_status == MinutesStatus.APPROVED


def test_a_meeting_without_a_time_can_be_approved(db, users, today):
    chair = users[Role.CHAIR]
    review = review_service.create_review(db, chair, review_service.ReviewForm("Gennemgang E"))
    meeting = meetings.create_meeting(db, chair, review.id,
                                      meetings.MeetingForm(MeetingKind.TASK_FORCE, "Møde")).record
    meetings.add_item(db, chair, meeting.id, meetings.ItemForm("Punkt"))
    today(dt.date(2026, 12, 2))
    current = meetings.get_meeting(db, chair, meeting.id).meeting
    assert meetings.approve_minutes(db, chair, meeting.id, current.version).minutes_status == MinutesStatus.APPROVED


# --- the meetings page ------------------------------------------------------------------------------------------


def _future_task_force_meeting(db_path) -> tuple[int, int]:
    """Move the demo's draft task-force meeting to 15 December 2099 (through the service, as the chair)."""
    database = Database(str(db_path))
    try:
        chair = demo_user(database, Role.CHAIR)
        con = database.cursor()
        review_id, meeting_id = con.execute(
            "SELECT r.id, m.id FROM reviews r JOIN review_meetings m ON m.review_id = r.id"
            " WHERE m.kind = 'task force-møde'").fetchone()
        current = meetings.get_meeting(database, chair, meeting_id).meeting
        meetings.update_meeting(database, chair, meeting_id, current.version, meetings.MeetingForm(
            current.kind, current.title, dt.datetime(2099, 12, 15, 9, 0, tzinfo=LOCAL), current.duration_minutes,
            current.place, current.video_link, current.purpose, current.committee, current.committee_item))
        database.checkpoint()
        return review_id, meeting_id
    finally:
        database.close()


def test_meetings_page_explains_and_disables_approval_before_the_meeting_date(monkeypatch, demo_db_path):
    review_id, meeting_id = _future_task_force_meeting(demo_db_path)
    database = Database(str(demo_db_path))
    chair = demo_user(database, Role.CHAIR)
    database.close()
    monkeypatch.setenv("REVIEWS_DB", str(demo_db_path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = chair
    at.session_state["lang"] = "da"
    at.session_state["review_id"] = review_id
    at.session_state["meeting_id"] = meeting_id
    at.run()
    at.switch_page("pages/meetings.py").run()
    assert not at.exception, at.exception
    explained = "Mødet holdes 15. december 2099. Referatet kan godkendes og låses fra den dag."
    assert explained in [i.value for i in at.info]
    approve = [b for b in at.button if b.label == "Godkend referatet"]
    assert approve and approve[0].disabled
    con = duckdb.connect(str(demo_db_path))
    status = con.execute("SELECT minutes_status FROM review_meetings WHERE id = ?", [meeting_id]).fetchone()[0]
    con.close()
    assert status == MinutesStatus.DRAFT.value
