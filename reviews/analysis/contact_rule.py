"""The 24-hour rule ("24-timers regel", seed 001): a complaining citizen is contacted directly within 24 hours.

The rule counts clock hours: 24 real, elapsed hours from the moment the complaint was received, weekends
and holidays included. Timestamps are naive UTC throughout (as stored); local Copenhagen time is only
for entering and showing. Across a daylight-saving change the deadline is still 24 elapsed hours, so on
the local wall clock it lands an hour later (spring) or earlier (autumn) than the receipt time.

Pure functions: no database, no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from reviews import clock
# The local-time helpers, named here too for the rule's readers (they live in reviews.clock).
from reviews.clock import combine_local, local_date, local_to_utc, utc_to_local  # noqa: F401
from reviews.models.ombudsman import ContactState, InquiryType

LOCAL_TZ = clock.LOCAL_TZ
RULE_HOURS = 24
RULE = dt.timedelta(hours=RULE_HOURS)


@dataclass(frozen=True)
class ContactStatus:
    state: ContactState
    deadline: dt.datetime | None  # naive UTC
    hours_left: int | None  # whole hours left, rounded up, while the deadline runs (OPEN)
    hours_taken: float | None  # elapsed hours from receipt to first contact (MET, MISSED)
    hours_over: int | None  # whole hours past the deadline, rounded up (OVERDUE)


def applies(inquiry_type: InquiryType | str) -> bool:
    """The rule applies to complaints only."""
    return InquiryType(inquiry_type) == InquiryType.COMPLAINT


def deadline(received_at: dt.datetime) -> dt.datetime:
    """The moment (naive UTC) by which the first direct contact must have happened."""
    return clock.to_utc(received_at) + RULE


def contact_status(received_at: dt.datetime, first_contact_at: dt.datetime | None, now: dt.datetime,
                   inquiry_type: InquiryType | str = InquiryType.COMPLAINT) -> ContactStatus:
    """Where one complaint stands: met, missed, overdue without contact, or open with hours left.

    Contact exactly at the deadline counts as met. All arguments are naive UTC (or aware, then converted).
    """
    if not applies(inquiry_type):
        return ContactStatus(ContactState.NOT_APPLICABLE, None, None, None, None)
    received_at = clock.to_utc(received_at)
    due = received_at + RULE
    if first_contact_at is not None:
        first_contact_at = clock.to_utc(first_contact_at)
        taken = (first_contact_at - received_at).total_seconds() / 3600
        state = ContactState.MET if first_contact_at <= due else ContactState.MISSED
        return ContactStatus(state, due, None, taken, None)
    now = clock.to_utc(now)
    if now <= due:
        left = math.ceil((due - now).total_seconds() / 3600)
        return ContactStatus(ContactState.OPEN, due, left, None, None)
    over = math.ceil((now - due).total_seconds() / 3600)
    return ContactStatus(ContactState.OVERDUE, due, None, None, over)


def is_met(received_at: dt.datetime, first_contact_at: dt.datetime | None) -> bool | None:
    """True/False once contact is recorded; None while none is."""
    if first_contact_at is None:
        return None
    return clock.to_utc(first_contact_at) <= deadline(received_at)


