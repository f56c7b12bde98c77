"""SQL for access by need: which cases a user may read, and the time-limited "break the glass" grants.

The scope is fixed SQL with bound values, used as a filter on `cases c` by the case queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews.models import Nomination, Role
from reviews.storage.reviews import ADMISSIBLE

# Through a review: its members and its chair read the cases selected into it that have a basis
# (the family's consent, or the ombudsman's own-initiative investigation).
_VIA_REVIEW = (
    "SELECT rc.case_id FROM review_cases rc JOIN reviews r ON r.id = rc.review_id WHERE " + ADMISSIBLE
    + " AND (r.chair_id = ? OR EXISTS (SELECT 1 FROM review_members m WHERE m.review_id = rc.review_id"
    " AND m.user_id = ?))"
)
_VIA_GRANT = "SELECT case_id FROM access_grants WHERE user_id = ? AND expires_at > ?"
# Who registered a case by hand, until it is selected into a review (then the review's rules apply).
_VIA_CREATOR = "SELECT id FROM cases WHERE created_by = ? AND id NOT IN (SELECT case_id FROM review_cases)"
# The ombudsman: cases tied to the office's register (inquiries, mediation cases) and the cases taken up
# on own initiative.
_VIA_OMBUDSMAN = (
    "SELECT case_id FROM inquiries WHERE case_id IS NOT NULL"
    " UNION SELECT case_id FROM mediation_cases WHERE case_id IS NOT NULL"
    " UNION SELECT case_id FROM review_cases WHERE nominated_by = '" + Nomination.OMBUDSMAN.value + "'"
)


@dataclass(frozen=True)
class Grant:
    id: int
    user_id: int
    username: str
    full_name: str
    case_id: int
    pseudonym: str
    reason: str
    granted_at: dt.datetime
    expires_at: dt.datetime


def readable_ids_sql(user_id: int, role: Role, now: dt.datetime) -> tuple[str, list]:
    """A subquery of the case ids the user may read, and its parameters."""
    parts, params = [_VIA_REVIEW, _VIA_GRANT, _VIA_CREATOR], [user_id, user_id, user_id, now, user_id]
    if role == Role.OMBUDSMAN:
        parts.append(_VIA_OMBUDSMAN)
    return "(" + " UNION ".join(parts) + ")", params


# The same rules as readable_ids_sql for one case: each branch filtered by the case first, so a page that
# shows one case does not build the whole readable set on every rerun.
_ONE_CASE = (
    "SELECT EXISTS (SELECT 1 FROM review_cases rc JOIN reviews r ON r.id = rc.review_id WHERE rc.case_id = ? AND "
    + ADMISSIBLE + " AND (r.chair_id = ? OR EXISTS (SELECT 1 FROM review_members m WHERE m.review_id = rc.review_id"
    " AND m.user_id = ?)))"
    " OR EXISTS (SELECT 1 FROM access_grants WHERE case_id = ? AND user_id = ? AND expires_at > ?)"
    " OR EXISTS (SELECT 1 FROM cases WHERE id = ? AND created_by = ?"
    " AND NOT EXISTS (SELECT 1 FROM review_cases WHERE case_id = ?))"
)
_ONE_CASE_OMBUDSMAN = (
    " OR EXISTS (SELECT 1 FROM inquiries WHERE case_id = ?) OR EXISTS (SELECT 1 FROM mediation_cases WHERE case_id = ?)"
    " OR EXISTS (SELECT 1 FROM review_cases WHERE case_id = ? AND nominated_by = '" + Nomination.OMBUDSMAN.value + "')"
)


def can_read(cur, case_id: int, user_id: int, role: Role, now: dt.datetime) -> bool:
    sql = _ONE_CASE + (_ONE_CASE_OMBUDSMAN if role == Role.OMBUDSMAN else "")
    params = [case_id, user_id, user_id, case_id, user_id, now, case_id, user_id, case_id]
    if role == Role.OMBUDSMAN:
        params += [case_id, case_id, case_id]
    return bool(cur.execute(sql, params).fetchone()[0])


def works_on_review(cur, review_id: int, user_id: int) -> bool:
    """Whether the user chairs the review or is one of its members."""
    return cur.execute(
        "SELECT EXISTS (SELECT 1 FROM reviews WHERE id = ? AND chair_id = ?)"
        " OR EXISTS (SELECT 1 FROM review_members WHERE review_id = ? AND user_id = ?)",
        [review_id, user_id, review_id, user_id]).fetchone()[0]


def insert_grant(cur, *, user_id: int, case_id: int, reason: str, now: dt.datetime, expires_at: dt.datetime) -> int:
    return cur.execute(
        "INSERT INTO access_grants (user_id, case_id, reason, granted_at, expires_at) VALUES (?, ?, ?, ?, ?)"
        " RETURNING id", [user_id, case_id, reason, now, expires_at]).fetchone()[0]


_GRANT_SELECT = (
    "SELECT g.id, g.user_id, coalesce(u.username, ''), coalesce(u.full_name, ''), g.case_id,"
    " coalesce(c.pseudonym, ''), g.reason, g.granted_at, g.expires_at FROM access_grants g"
    " LEFT JOIN users u ON u.id = g.user_id LEFT JOIN cases c ON c.id = g.case_id"
)


def grants(cur, *, user_id: int | None = None, active_at: dt.datetime | None = None,
           limit: int = 500) -> list[Grant]:
    """Grants, newest first; only one user's, or only those still running at `active_at`, when given."""
    clauses, params = [], []
    if user_id is not None:
        clauses.append("g.user_id = ?")
        params.append(user_id)
    if active_at is not None:
        clauses.append("g.expires_at > ?")
        params.append(active_at)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = cur.execute(_GRANT_SELECT + where + " ORDER BY g.granted_at DESC, g.id DESC LIMIT ?",
                       [*params, limit]).fetchall()
    return [Grant(*r) for r in rows]


def end_grants(cur, *, user_id: int, case_id: int, now: dt.datetime) -> None:
    cur.execute("UPDATE access_grants SET expires_at = ? WHERE user_id = ? AND case_id = ? AND expires_at > ?",
                [now, user_id, case_id, now])

