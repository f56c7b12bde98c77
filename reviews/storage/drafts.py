"""SQL for drafts (table drafts): one row per (user, kind, record key)."""

from __future__ import annotations

import datetime as dt

from reviews.models.drafts import Draft
from reviews.storage.rows import named_one


def upsert(cur, *, user_id: int, kind: str, record_key: str, text: str, now: dt.datetime,
           base_version: int | None = None) -> None:
    cur.execute(
        "INSERT INTO drafts (user_id, kind, record_key, text, saved_at, base_version) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (user_id, kind, record_key) DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at,"
        " base_version = excluded.base_version",
        [user_id, kind, record_key, text, now, base_version],
    )


def get(cur, *, user_id: int, kind: str, record_key: str) -> Draft | None:
    row = named_one(cur.execute(
        "SELECT kind, record_key, text, saved_at, base_version FROM drafts WHERE user_id = ? AND kind = ? AND record_key = ?",
        [user_id, kind, record_key],
    ))
    return Draft(**row) if row else None


def delete(cur, *, user_id: int, kind: str, record_key: str) -> bool:
    rows = cur.execute(
        "DELETE FROM drafts WHERE user_id = ? AND kind = ? AND record_key = ? RETURNING user_id",
        [user_id, kind, record_key],
    ).fetchall()
    return bool(rows)


def delete_older_than(cur, cutoff: dt.datetime) -> int:
    """Drafts last saved before `cutoff`: the retention job."""
    return len(cur.execute("DELETE FROM drafts WHERE saved_at < ? RETURNING user_id", [cutoff]).fetchall())
