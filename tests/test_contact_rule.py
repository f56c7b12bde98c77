"""The 24-hour rule counts clock hours: across weekends, midnight and both daylight-saving changes."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews.analysis import contact_rule as rule
from reviews.models.ombudsman import ContactState, InquiryType

D = dt.datetime


def local(*args, fold=0) -> dt.datetime:
    """A Copenhagen wall-clock time as naive UTC."""
    return rule.local_to_utc(D(*args), fold=fold)


def test_local_time_conversion_in_winter_and_summer():
    assert rule.local_to_utc(D(2025, 1, 10, 12, 0)) == D(2025, 1, 10, 11, 0)  # CET = UTC+1
    assert rule.local_to_utc(D(2025, 7, 10, 12, 0)) == D(2025, 7, 10, 10, 0)  # CEST = UTC+2
    assert rule.utc_to_local(D(2025, 7, 10, 10, 0)) == D(2025, 7, 10, 12, 0)
    assert rule.local_date(D(2025, 12, 31, 23, 30)) == dt.date(2026, 1, 1)  # 00:30 local on New Year's Day


def test_weekends_count():
    received = local(2025, 5, 16, 15, 0)  # Friday afternoon
    assert rule.utc_to_local(rule.deadline(received)) == D(2025, 5, 17, 15, 0)  # Saturday, not Monday
    monday = rule.contact_status(received, local(2025, 5, 19, 9, 0), now=local(2025, 5, 19, 10, 0))
    assert monday.state == ContactState.MISSED
    assert monday.hours_taken == pytest.approx(66.0)
    saturday = rule.contact_status(received, local(2025, 5, 17, 10, 0), now=local(2025, 5, 19, 10, 0))
    assert saturday.state == ContactState.MET


def test_across_midnight_and_exactly_at_the_deadline():
    received = local(2025, 1, 10, 23, 30)
    assert rule.contact_status(received, local(2025, 1, 11, 23, 30), now=local(2025, 1, 12)).state == ContactState.MET
    late = rule.contact_status(received, local(2025, 1, 11, 23, 31), now=local(2025, 1, 12))
    assert late.state == ContactState.MISSED
    # Year boundary: received 31 December evening, due 1 January evening.
    new_year = local(2024, 12, 31, 20, 0)
    assert rule.utc_to_local(rule.deadline(new_year)) == D(2025, 1, 1, 20, 0)


def test_spring_forward_deadline_is_an_hour_later_on_the_wall_clock():
    # Last Sunday of March 2025: 02:00 CET -> 03:00 CEST.
    received = local(2025, 3, 29, 12, 0)  # Saturday, winter time
    due_local = rule.utc_to_local(rule.deadline(received))
    assert due_local == D(2025, 3, 30, 13, 0)  # 24 clock hours, not 12:00 on the wall
    # 12:30 on Sunday is only 23.5 hours later: met (a wall-clock count would say missed).
    status = rule.contact_status(received, local(2025, 3, 30, 12, 30), now=local(2025, 3, 31))
    assert status.state == ContactState.MET
    assert status.hours_taken == pytest.approx(23.5)
    assert rule.contact_status(received, local(2025, 3, 30, 13, 1), now=local(2025, 3, 31)).state == ContactState.MISSED


def test_fall_back_deadline_is_an_hour_earlier_on_the_wall_clock():
    # Last Sunday of October 2025: 03:00 CEST -> 02:00 CET.
    received = local(2025, 10, 25, 12, 0)  # Saturday, summer time
    assert rule.utc_to_local(rule.deadline(received)) == D(2025, 10, 26, 11, 0)
    # 11:30 on Sunday is 24.5 clock hours later: missed (a wall-clock count would say met).
    status = rule.contact_status(received, local(2025, 10, 26, 11, 30), now=local(2025, 10, 27))
    assert status.state == ContactState.MISSED
    assert status.hours_taken == pytest.approx(24.5)


def test_received_inside_the_changed_hours():
    # 02:30 occurs twice on 26 October 2025; fold chooses the occurrence.
    first, second = local(2025, 10, 26, 2, 30), local(2025, 10, 26, 2, 30, fold=1)
    assert (first, second) == (D(2025, 10, 26, 0, 30), D(2025, 10, 26, 1, 30))
    assert rule.deadline(second) - rule.deadline(first) == dt.timedelta(hours=1)
    # 02:30 does not exist on 30 March 2025; it is read as 03:30 summer time.
    skipped = local(2025, 3, 30, 2, 30)
    assert skipped == D(2025, 3, 30, 1, 30)
    assert rule.utc_to_local(skipped) == D(2025, 3, 30, 3, 30)
    assert rule.utc_to_local(rule.deadline(skipped)) == D(2025, 3, 31, 3, 30)


def test_open_and_overdue_hours():
    received = D(2025, 6, 1, 8, 0)
    open_ = rule.contact_status(received, None, now=D(2025, 6, 2, 4, 0))  # 20 h elapsed
    assert (open_.state, open_.hours_left) == (ContactState.OPEN, 4)
    almost = rule.contact_status(received, None, now=D(2025, 6, 2, 7, 30))
    assert (almost.state, almost.hours_left) == (ContactState.OPEN, 1)  # rounded up: never "due in 0 hours"
    at_deadline = rule.contact_status(received, None, now=D(2025, 6, 2, 8, 0))
    assert (at_deadline.state, at_deadline.hours_left) == (ContactState.OPEN, 0)
    overdue = rule.contact_status(received, None, now=D(2025, 6, 2, 10, 15))
    assert (overdue.state, overdue.hours_over) == (ContactState.OVERDUE, 3)
    assert rule.is_met(received, None) is None
    assert rule.is_met(received, D(2025, 6, 2, 8, 0)) is True


def test_rule_applies_to_complaints_only():
    status = rule.contact_status(D(2025, 6, 1), None, now=D(2025, 6, 5), inquiry_type=InquiryType.GUIDANCE)
    assert status.state == ContactState.NOT_APPLICABLE and status.deadline is None
    assert rule.applies("klage") and not rule.applies("vejledning")


def test_aware_datetimes_are_converted():
    aware = D(2025, 7, 10, 12, 0, tzinfo=rule.LOCAL_TZ)
    assert rule.deadline(aware) == D(2025, 7, 11, 10, 0)
    assert rule.combine_local(dt.date(2025, 7, 10), dt.time(12, 0)) == D(2025, 7, 10, 10, 0)
