"""SQL for server-side sessions (table user_sessions)."""

from __future__ import annotations

import datetime as dt

from reviews.models.sessions import UserSession
from reviews.storage.rows import named, named_one

_COLUMNS = ("id, user_id, method, created_at, last_seen_at, expires_at, ended_at, end_reason, client, user_agent")
_SELECT = "SELECT " + _COLUMNS + " FROM user_sessions"


def _session(row: dict) -> UserSession:
    return UserSession(**row)


def insert(cur, *, user_id: int, method: str, handoff_hash: str, handoff_expires_at: dt.datetime,
           now: dt.datetime, expires_at: dt.datetime, client: str, user_agent: str) -> UserSession:
    row = named_one(cur.execute(
        "INSERT INTO user_sessions (user_id, method, handoff_hash, handoff_expires_at, created_at, last_seen_at,"
        " expires_at, client, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + _COLUMNS,
        [user_id, method, handoff_hash, handoff_expires_at, now, now, expires_at, client, user_agent],
    ))
    return _session(row)


def by_id(cur, session_id: int) -> UserSession | None:
    row = named_one(cur.execute(_SELECT + " WHERE id = ?", [session_id]))
    return _session(row) if row else None


def by_token_hash(cur, token_hash: str) -> UserSession | None:
    row = named_one(cur.execute(_SELECT + " WHERE token_hash = ?", [token_hash]))
    return _session(row) if row else None


def take_handoff(cur, handoff_hash: str) -> tuple[UserSession, dt.datetime] | None:
    """The session waiting for this hand-off token and the token's expiry. The token is used up either way."""
    row = named_one(cur.execute(_SELECT.replace(" FROM", ", handoff_expires_at FROM", 1) + " WHERE handoff_hash = ?",
                                [handoff_hash]))
    if row is None:
        return None
    cur.execute("UPDATE user_sessions SET handoff_hash = NULL, handoff_expires_at = NULL WHERE id = ?", [row["id"]])
    expires_at = row.pop("handoff_expires_at")
    return _session(row), expires_at


def set_token_hash(cur, session_id: int, token_hash: str) -> None:
    cur.execute("UPDATE user_sessions SET token_hash = ? WHERE id = ?", [token_hash, session_id])


def state(cur, session_id: int) -> tuple | None:
    """(ended_at, end_reason, created_at, last_seen_at, expires_at, user active) of one session: the check
    on every rerun."""
    return cur.execute(
        "SELECT s.ended_at, s.end_reason, s.created_at, s.last_seen_at, s.expires_at, u.active FROM user_sessions s"
        " JOIN users u ON u.id = s.user_id WHERE s.id = ?", [session_id]).fetchone()


def touch(cur, session_id: int, now: dt.datetime) -> None:
    cur.execute("UPDATE user_sessions SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL", [now, session_id])


def end(cur, session_id: int, reason: str, now: dt.datetime) -> bool:
    row = cur.execute(
        "UPDATE user_sessions SET ended_at = ?, end_reason = ?, token_hash = NULL, handoff_hash = NULL"
        " WHERE id = ? AND ended_at IS NULL RETURNING id", [now, reason, session_id]).fetchone()
    return row is not None


def end_for_user(cur, user_id: int, reason: str, now: dt.datetime, *, except_id: int | None = None) -> list[int]:
    rows = cur.execute(
        "UPDATE user_sessions SET ended_at = ?, end_reason = ?, token_hash = NULL, handoff_hash = NULL"
        " WHERE user_id = ? AND ended_at IS NULL AND id IS DISTINCT FROM ? RETURNING id",
        [now, reason, user_id, except_id]).fetchall()
    return sorted(r[0] for r in rows)


def live_for_user(cur, user_id: int, now: dt.datetime, idle_since: dt.datetime) -> list[UserSession]:
    rows = named(cur.execute(
        _SELECT + " WHERE user_id = ? AND ended_at IS NULL AND expires_at > ? AND last_seen_at > ?"
        " ORDER BY last_seen_at DESC, id DESC", [user_id, now, idle_since]))
    return [_session(r) for r in rows]


def live_counts(cur, now: dt.datetime, idle_since: dt.datetime) -> dict[int, int]:
    rows = cur.execute(
        "SELECT user_id, count(*) FROM user_sessions WHERE ended_at IS NULL AND expires_at > ?"
        " AND last_seen_at > ? GROUP BY user_id", [now, idle_since]).fetchall()
    return {r[0]: r[1] for r in rows}


def delete_older_than(cur, cutoff: dt.datetime) -> int:
    """Sessions that ended (or lapsed) before `cutoff`: the retention job."""
    rows = cur.execute(
        "DELETE FROM user_sessions WHERE coalesce(ended_at, expires_at) < ? RETURNING id", [cutoff]).fetchall()
    return len(rows)
