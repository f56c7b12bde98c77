"""SQL for access by need: which cases a user may read, and the time-limited "break the glass" grants.

The scope is fixed SQL with bound values, used as a filter on `cases c` by the case queries. Every function
here that writes calls `changes.changed(ACCESS)`, as do the other storage functions that write rows these
rules read: the access check's in-memory cache (reviews.services.access) relies on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews.models import Nomination, Role
from reviews.storage import changes
from reviews.storage.reviews import ADMISSIBLE
from reviews.storage.rows import named

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
# A stored account that is closed, or whose role is no longer the one the caller holds (a session started
# before the change), reads nothing. Actors with no account row (the command line's) keep their role's rules.
_ACCOUNT_OPEN = "NOT EXISTS (SELECT 1 FROM users WHERE id = ? AND (NOT active OR role <> ?))"


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


@dataclass(frozen=True)
class Readable:
    """What one user may read, from one query: the case ids, the reviews they chair or are a member of, and
    when the first of their running grants ends (None: no grant), after which it must be read again."""
    case_ids: frozenset[int]
    review_ids: frozenset[int]
    until: dt.datetime | None


def readable_ids_sql(user_id: int, role: Role, now: dt.datetime) -> tuple[str, list]:
    """A subquery of the case ids the user may read, and its parameters."""
    parts, params = [_VIA_REVIEW, _VIA_GRANT, _VIA_CREATOR], [user_id, user_id, user_id, now, user_id]
    if role == Role.OMBUDSMAN:
        parts.append(_VIA_OMBUDSMAN)
    return ("(SELECT * FROM (" + " UNION ".join(parts) + ") WHERE " + _ACCOUNT_OPEN + ")",
            [*params, user_id, Role(role).value])


def _readable_sql(via: list[str]) -> str:
    return (
        "SELECT kind, id, until FROM ("
        "SELECT 0 AS kind, case_id AS id, NULL::TIMESTAMP AS until FROM (" + " UNION ".join(via) + ")"
        " UNION ALL SELECT 1, case_id, expires_at FROM access_grants WHERE user_id = ? AND expires_at > ?"
        " UNION ALL SELECT 2, id, NULL FROM reviews WHERE chair_id = ?"
        " UNION ALL SELECT 2, review_id, NULL FROM review_members WHERE user_id = ?"
        ") WHERE " + _ACCOUNT_OPEN
    )


_READABLE = _readable_sql([_VIA_REVIEW, _VIA_CREATOR])
_READABLE_OMBUDSMAN = _readable_sql([_VIA_REVIEW, _VIA_CREATOR, _VIA_OMBUDSMAN])


def readable(cur, user_id: int, role: Role, now: dt.datetime) -> Readable:
    """Everything readable_ids_sql and works_on_review answer for the user, in one query."""
    sql = _READABLE_OMBUDSMAN if role == Role.OMBUDSMAN else _READABLE
    rows = cur.execute(sql, [user_id, user_id, user_id, user_id, now, user_id, user_id, user_id,
                             Role(role).value]).fetchall()
    ends = [until for kind, _, until in rows if kind == 1]
    return Readable(case_ids=frozenset(case_id for kind, case_id, _ in rows if kind in (0, 1)),
                    review_ids=frozenset(review_id for kind, review_id, _ in rows if kind == 2),
                    until=min(ends) if ends else None)


# The same rules as readable_ids_sql for one case: each branch filtered by the case first, so a page that
# shows one case does not build the whole readable set on every rerun.
_ONE_CASE = (
    "SELECT (EXISTS (SELECT 1 FROM review_cases rc JOIN reviews r ON r.id = rc.review_id WHERE rc.case_id = ? AND "
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
    sql = _ONE_CASE + (_ONE_CASE_OMBUDSMAN if role == Role.OMBUDSMAN else "") + ") AND " + _ACCOUNT_OPEN
    params = [case_id, user_id, user_id, case_id, user_id, now, case_id, user_id, case_id]
    if role == Role.OMBUDSMAN:
        params += [case_id, case_id, case_id]
    return bool(cur.execute(sql, [*params, user_id, Role(role).value]).fetchone()[0])


def works_on_review(cur, review_id: int, user_id: int, role: Role) -> bool:
    """Whether the user chairs the review or is one of its members."""
    return cur.execute(
        "SELECT (EXISTS (SELECT 1 FROM reviews WHERE id = ? AND chair_id = ?)"
        " OR EXISTS (SELECT 1 FROM review_members WHERE review_id = ? AND user_id = ?)) AND " + _ACCOUNT_OPEN,
        [review_id, user_id, review_id, user_id, user_id, Role(role).value]).fetchone()[0]


def insert_grant(cur, *, user_id: int, case_id: int, reason: str, now: dt.datetime, expires_at: dt.datetime) -> int:
    changes.changed(changes.ACCESS)
    return cur.execute(
        "INSERT INTO access_grants (user_id, case_id, reason, granted_at, expires_at) VALUES (?, ?, ?, ?, ?)"
        " RETURNING id", [user_id, case_id, reason, now, expires_at]).fetchone()[0]


_GRANT_SELECT = (
    "SELECT g.id, g.user_id, coalesce(u.username, '') AS username, coalesce(u.full_name, '') AS full_name, g.case_id,"
    " coalesce(c.pseudonym, '') AS pseudonym, g.reason, g.granted_at, g.expires_at FROM access_grants g"
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
    rows = named(cur.execute(_GRANT_SELECT + where + " ORDER BY g.granted_at DESC, g.id DESC LIMIT ?",
                             [*params, limit]))
    return [Grant(**r) for r in rows]


def end_grants(cur, *, user_id: int, case_id: int, now: dt.datetime) -> None:
    changes.changed(changes.ACCESS)
    cur.execute("UPDATE access_grants SET expires_at = ? WHERE user_id = ? AND case_id = ? AND expires_at > ?",
                [now, user_id, case_id, now])

