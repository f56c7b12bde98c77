"""Records of the administrator's access review: who has access, and when that was last checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews.models import Role


@dataclass(frozen=True)
class AccessReviewRecord:
    """One "access reviewed on ... by ..." entry."""

    id: int
    reviewed_at: dt.datetime
    reviewed_by: int
    reviewer_username: str  # "" when the account is gone
    reviewer_name: str
    note: str


@dataclass(frozen=True)
class AccountAccess:
    """One user as the access review lists them."""

    user_id: int
    username: str
    full_name: str
    role: Role
    active: bool
    created_at: dt.datetime
    reviews: tuple[str, ...]  # names of the reviews the user is a member or the chair of
    last_login: dt.datetime | None
    days_since_login: int | None  # None: never logged in (as far as the audit log remembers)
    idle_days: int  # days since the last login, or since the account was created when never logged in
    flagged: bool  # an active account unused for UNUSED_DAYS (or never used and that old)
    live_sessions: int = 0  # sessions open now (signed in, not idle, not expired)


@dataclass(frozen=True)
class AccessOverview:
    accounts: list[AccountAccess]
    last_review: AccessReviewRecord | None
    reminder_due: bool  # no review yet, or the last one is older than the configured period
    review_months: int  # the configured period
    unused_days: int
    deactivatable: tuple[int, ...]  # ids of the flagged accounts the viewer may deactivate (never themself)
    history: tuple[AccessReviewRecord, ...] = ()  # the latest reviews, newest first (last_review is the first)
