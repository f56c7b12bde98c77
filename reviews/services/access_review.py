"""The administrator's access review: who has access to what, when they last used it, and when that was
last checked. Accounts unused for UNUSED_DAYS are flagged and can be deactivated in one step.

Last logins are the `login` rows of the audit log (a completed login, after any second factor). An account
whose audit rows are older than the log's retention period counts as never logged in; it is flagged by its
age instead, which is what matters for the review.
"""

from __future__ import annotations

import calendar
import datetime as dt

from reviews import clock
from reviews.config import load_settings
from reviews.models import User
from reviews.models.access_review import AccessOverview, AccessReviewRecord, AccountAccess
from reviews.models.sessions import SessionEnd
from reviews.services import sessions
from reviews.services.audit import record, record_read
from reviews.services.permissions import requires
from reviews.storage import access_reviews as repo
from reviews.storage import audit as audit_repo
from reviews.storage import sessions as sessions_repo
from reviews.storage import users as users_repo
from reviews.text import CleanText

UNUSED_DAYS = 90  # Datatilsynet's guidance asks for unused accounts to be found; 90 days is the usual mark
MAX_NOTE = 2000
HISTORY = 10  # how many earlier reviews the overview carries

__all__ = ["HISTORY", "MAX_NOTE", "UNUSED_DAYS", "access_overview", "deactivate_unused", "record_access_review"]


def _months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """`moment` moved back by whole calendar months (31 August - 6 months = 28/29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _reminder_due(last: AccessReviewRecord | None, now: dt.datetime, months: int) -> bool:
    """True when no access review was recorded, or the last one is `months` calendar months old or older."""
    return last is None or last.reviewed_at <= _months_before(now, months)


def _accounts(cur, now: dt.datetime) -> list[AccountAccess]:
    logins = audit_repo.last_logins(cur)
    created = repo.created_at_by_user(cur)
    reviews = repo.review_names_by_user(cur)
    open_sessions = sessions_repo.live_counts(cur, now, now - dt.timedelta(minutes=load_settings().idle_timeout_minutes))
    accounts = []
    for user in users_repo.all_users(cur):
        last = logins.get(user.id)
        days = (now - last).days if last is not None else None
        idle_days = days if days is not None else (now - created[user.id]).days
        accounts.append(AccountAccess(
            user_id=user.id, username=user.username, full_name=user.full_name, role=user.role, active=user.active,
            created_at=created[user.id], reviews=reviews.get(user.id, ()), last_login=last, days_since_login=days,
            idle_days=idle_days,
            # Only an active account needs deactivating; a closed one shows as closed.
            flagged=user.active and idle_days >= UNUSED_DAYS,
            live_sessions=open_sessions.get(user.id, 0),
        ))
    return accounts


@requires("access.review")
def access_overview(db, actor: User) -> AccessOverview:
    """Every account with role, reviews and last login; the last access review and whether one is due.

    Logged as a `read` of the access overview (it shows the users' login times)."""
    now = clock.now()
    months = load_settings().access_review_months
    cur = db.cursor()
    accounts = _accounts(cur, now)
    history = tuple(repo.recent(cur, HISTORY))
    last = history[0] if history else None
    record_read(db, actor, "read", record_type="access_overview",
                details={"accounts": len(accounts), "flagged": sum(a.flagged for a in accounts)})
    return AccessOverview(
        accounts=accounts, last_review=last, reminder_due=_reminder_due(last, now, months), review_months=months,
        unused_days=UNUSED_DAYS, deactivatable=tuple(a.user_id for a in accounts
                                                     if a.flagged and a.user_id != actor.id),
        history=history,
    )


@requires("access.review")
def record_access_review(db, actor: User, note: str = "") -> AccessReviewRecord:
    """Record "access reviewed on <now> by <actor>", with an optional note; audit-logged."""
    note = CleanText()(note, "access_review_note", max_length=MAX_NOTE)
    now = clock.now()

    def work(cur) -> AccessReviewRecord:
        accounts = _accounts(cur, now)
        review_id = repo.insert(cur, reviewed_at=now, reviewed_by=actor.id, note=note)
        record(cur, actor, "access_review", record_type="access_review", record_id=review_id,
               details={"accounts": len(accounts), "active": sum(a.active for a in accounts),
                        "flagged": sum(a.flagged for a in accounts)})
        return AccessReviewRecord(id=review_id, reviewed_at=now, reviewed_by=actor.id,
                                  reviewer_username=actor.username, reviewer_name=actor.full_name, note=note)

    return db.write(work)


@requires("access.review")
def deactivate_unused(db, actor: User, user_ids) -> list[AccountAccess]:
    """Deactivate those of `user_ids` that are flagged as unused now, never the actor; one audit row each.

    The flag is worked out again inside the transaction, so an account used since the page was drawn stays
    open. Returns the accounts deactivated (as they were before)."""
    wanted = {int(uid) for uid in user_ids or ()}
    now = clock.now()

    def work(cur) -> list[AccountAccess]:
        done = []
        for account in _accounts(cur, now):
            if account.user_id not in wanted or not account.flagged or account.user_id == actor.id:
                continue
            users_repo.set_active(cur, account.user_id, False)
            sessions.end_for_user(cur, actor, account.user_id, SessionEnd.ACCOUNT_CHANGED)
            record(cur, actor, "change", record_type="user", record_id=account.user_id,
                   details={"active": False, "reason": "access_review_unused",
                            "days_since_login": account.days_since_login,
                            "last_login": account.last_login})
            done.append(account)
        return done

    return db.write(work)
