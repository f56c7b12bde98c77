"""SQL for the access review: the `access_reviews` table, and the read-only facts about accounts it lists.

Last logins come from the audit log (reviews.storage.audit.last_logins)."""

from __future__ import annotations

import datetime as dt

from reviews.models.access_review import AccessReviewRecord
from reviews.storage.rows import named

_SELECT = (
    "SELECT a.id, a.reviewed_at, a.reviewed_by, coalesce(u.username, '') AS reviewer_username,"
    " coalesce(u.full_name, '') AS reviewer_name, a.note"
    " FROM access_reviews a LEFT JOIN users u ON u.id = a.reviewed_by"
)


def insert(cur, *, reviewed_at: dt.datetime, reviewed_by: int, note: str) -> int:
    return cur.execute(
        "INSERT INTO access_reviews (reviewed_at, reviewed_by, note) VALUES (?, ?, ?) RETURNING id",
        [reviewed_at, reviewed_by, note],
    ).fetchone()[0]


def recent(cur, limit: int = 10) -> list[AccessReviewRecord]:
    """The latest access reviews, newest first."""
    rows = named(cur.execute(_SELECT + " ORDER BY a.reviewed_at DESC, a.id DESC LIMIT ?", [limit]))
    return [AccessReviewRecord(**r) for r in rows]


def created_at_by_user(cur) -> dict[int, dt.datetime]:
    return dict(cur.execute("SELECT id, created_at FROM users").fetchall())


def review_names_by_user(cur) -> dict[int, tuple[str, ...]]:
    """Per user, the names of the reviews they are a member or the chair of (sorted, each once)."""
    rows = cur.execute(
        "SELECT user_id, list(DISTINCT name ORDER BY name) FROM ("
        " SELECT m.user_id, r.name FROM review_members m JOIN reviews r ON r.id = m.review_id"
        " UNION ALL SELECT r.chair_id, r.name FROM reviews r WHERE r.chair_id IS NOT NULL"
        ") GROUP BY user_id"
    ).fetchall()
    return {user_id: tuple(names) for user_id, names in rows}
