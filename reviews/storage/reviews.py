"""SQL for reviews (gennemgange), their members and selected cases."""

from __future__ import annotations

import datetime as dt

from reviews.models import Consent, Discipline, Nomination, Review, ReviewCase, ReviewMember
from reviews.storage import changes
from reviews.storage.rows import named, named_one

_REVIEW_COLUMNS = (
    "r.id, r.name, r.mandate, r.deadline, r.blind, r.version,"
    " (SELECT count(*) FROM review_cases rc WHERE rc.review_id = r.id) AS case_count,"
    " (SELECT count(*) FROM review_members rm WHERE rm.review_id = r.id) AS member_count, r.closed_on, r.chair_id"
)
# The selections whose case may be read and coded in the review: the family's consent is given, or the ombudsman
# took the case up on own initiative. Fixed SQL over `review_cases rc`; the same rule as
# reviews.models.review_basis (a test checks that they agree).
ADMISSIBLE = ("(rc.consent = '" + Consent.GIVEN.value + "' OR rc.nominated_by = '" + Nomination.OMBUDSMAN.value
              + "')")
_RC_COLUMNS = (
    "rc.review_id, rc.case_id, c.pseudonym, rc.nominated_by, rc.rationale, rc.consent, rc.consent_date,"
    " rc.consent_scope, rc.version"
)


def _review(row: dict) -> Review:
    return Review(**row)


def _review_case(row: dict) -> ReviewCase:
    return ReviewCase(**{**row, "nominated_by": Nomination(row["nominated_by"]), "consent": Consent(row["consent"])})


def insert_review(cur, *, name: str, mandate: str, deadline, blind: bool, now: dt.datetime,
                  closed_on: dt.date | None = None, chair_id: int | None = None) -> int:
    changes.changed(changes.ACCESS)
    return cur.execute(
        "INSERT INTO reviews (name, mandate, deadline, blind, created_at, closed_on, chair_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [name, mandate, deadline, blind, now, closed_on, chair_id],
    ).fetchone()[0]


def set_chair(cur, review_id: int, user_id: int) -> None:
    changes.changed(changes.ACCESS)
    cur.execute("UPDATE reviews SET chair_id = ? WHERE id = ?", [user_id, review_id])


def update_review(cur, review_id: int, expected_version: int, *, name: str, mandate: str, deadline,
                  blind: bool, closed_on: dt.date | None = None) -> bool:
    changes.changed(changes.RETENTION)
    row = cur.execute(
        "UPDATE reviews SET name = ?, mandate = ?, deadline = ?, blind = ?, closed_on = ?, version = version + 1"
        " WHERE id = ? AND version = ? RETURNING id",
        [name, mandate, deadline, blind, closed_on, review_id, expected_version],
    ).fetchone()
    return row is not None


def get_review(cur, review_id: int) -> Review | None:
    row = named_one(cur.execute("SELECT " + _REVIEW_COLUMNS + " FROM reviews r WHERE r.id = ?", [review_id]))
    return _review(row) if row else None


def get_review_by_name(cur, name: str) -> Review | None:
    row = named_one(cur.execute("SELECT " + _REVIEW_COLUMNS + " FROM reviews r WHERE lower(r.name) = lower(?)",
                                [name]))
    return _review(row) if row else None


def all_reviews(cur) -> list[Review]:
    return [_review(r) for r in named(cur.execute(
        "SELECT " + _REVIEW_COLUMNS + " FROM reviews r ORDER BY r.deadline DESC NULLS LAST, r.name"))]


def reviews_of_member(cur, user_id: int) -> list[Review]:
    """The reviews `user_id` is a member or the chair of."""
    return [_review(r) for r in named(cur.execute(
        "SELECT " + _REVIEW_COLUMNS + " FROM reviews r WHERE r.chair_id = ? OR r.id IN"
        " (SELECT review_id FROM review_members WHERE user_id = ?) ORDER BY r.deadline DESC NULLS LAST, r.name",
        [user_id, user_id]))]


def members(cur, review_id: int) -> list[ReviewMember]:
    rows = named(cur.execute(
        "SELECT rm.review_id, rm.user_id, u.username, u.full_name, rm.discipline FROM review_members rm"
        " JOIN users u ON u.id = rm.user_id WHERE rm.review_id = ? ORDER BY u.full_name",
        [review_id],
    ))
    return [ReviewMember(**{**r, "discipline": Discipline(r["discipline"])}) for r in rows]


def upsert_member(cur, review_id: int, user_id: int, discipline: Discipline) -> None:
    changes.changed(changes.ACCESS)
    cur.execute(
        "INSERT INTO review_members (review_id, user_id, discipline) VALUES (?, ?, ?)"
        " ON CONFLICT (review_id, user_id) DO UPDATE SET discipline = excluded.discipline",
        [review_id, user_id, discipline.value],
    )


def remove_member(cur, review_id: int, user_id: int) -> None:
    changes.changed(changes.ACCESS)
    cur.execute("DELETE FROM review_members WHERE review_id = ? AND user_id = ?", [review_id, user_id])


def review_cases(cur, review_id: int) -> list[ReviewCase]:
    return [_review_case(r) for r in named(cur.execute(
        "SELECT " + _RC_COLUMNS + " FROM review_cases rc JOIN cases c ON c.id = rc.case_id"
        " WHERE rc.review_id = ? ORDER BY c.pseudonym", [review_id]))]


def get_review_case(cur, review_id: int, case_id: int) -> ReviewCase | None:
    row = named_one(cur.execute(
        "SELECT " + _RC_COLUMNS + " FROM review_cases rc JOIN cases c ON c.id = rc.case_id"
        " WHERE rc.review_id = ? AND rc.case_id = ?", [review_id, case_id]))
    return _review_case(row) if row else None


def reviews_of_case(cur, case_id: int) -> list[tuple[int, str]]:
    return cur.execute(
        "SELECT r.id, r.name FROM review_cases rc JOIN reviews r ON r.id = rc.review_id WHERE rc.case_id = ?"
        " ORDER BY r.name", [case_id]).fetchall()


def insert_review_case(cur, *, review_id: int, case_id: int, nominated_by: Nomination, rationale: str,
                       consent: Consent, consent_date, consent_scope: str) -> None:
    changes.changed(changes.ACCESS)
    cur.execute(
        "INSERT INTO review_cases (review_id, case_id, nominated_by, rationale, consent, consent_date, consent_scope)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [review_id, case_id, nominated_by.value, rationale, consent.value, consent_date, consent_scope],
    )


def update_review_case(cur, review_id: int, case_id: int, expected_version: int, *, nominated_by: Nomination,
                       rationale: str, consent: Consent, consent_date, consent_scope: str) -> bool:
    changes.changed(changes.ACCESS)
    row = cur.execute(
        "UPDATE review_cases SET nominated_by = ?, rationale = ?, consent = ?, consent_date = ?, consent_scope = ?,"
        " version = version + 1 WHERE review_id = ? AND case_id = ? AND version = ? RETURNING version",
        [nominated_by.value, rationale, consent.value, consent_date, consent_scope, review_id, case_id,
         expected_version],
    ).fetchone()
    return row is not None


def remove_review_case(cur, review_id: int, case_id: int) -> None:
    changes.changed(changes.ACCESS)
    cur.execute("DELETE FROM review_cases WHERE review_id = ? AND case_id = ?", [review_id, case_id])
