"""SQL for the audit log. Append-only: this module has no UPDATE or DELETE by design."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reviews.models import AuditEntry
from reviews.storage.rows import named

_COLUMNS = "id, logged_at, user_id, username, action, record_type, record_id, pseudonym, purpose, details"
# The same columns under AuditEntry's field names (the DataFrame export keeps the table's own names).
_ENTRY_COLUMNS = _COLUMNS.replace("logged_at", "logged_at AS at")


def insert(
    cur,
    *,
    at: dt.datetime,
    user_id: int | None,
    username: str,
    action: str,
    record_type: str = "",
    record_id: str = "",
    pseudonym: str = "",
    purpose: str = "",
    details: str = "",
) -> None:
    cur.execute(
        "INSERT INTO audit_log (logged_at, user_id, username, action, record_type, record_id, pseudonym, purpose, details) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at, user_id, username, action, record_type, str(record_id), pseudonym, purpose, details],
    )


def _where(*, username: str | None, action: str | None, pseudonym: str | None,
           date_from: dt.date | None, date_to: dt.date | None) -> tuple[str, list]:
    # Fixed clause text; every value is bound.
    clauses, params = [], []
    if username:
        clauses.append("username = ?")
        params.append(username)
    if action:
        clauses.append("action = ?")
        params.append(action)
    if pseudonym:
        clauses.append("lower(pseudonym) = lower(?)")
        params.append(pseudonym)
    if date_from:
        clauses.append("logged_at >= ?")
        params.append(dt.datetime.combine(date_from, dt.time.min))
    if date_to:
        clauses.append("logged_at < ?")
        params.append(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def search(cur, *, username=None, action=None, pseudonym=None, date_from=None, date_to=None,
           limit: int = 500, offset: int = 0) -> tuple[list[AuditEntry], int]:
    where, params = _where(username=username, action=action, pseudonym=pseudonym,
                           date_from=date_from, date_to=date_to)
    total = cur.execute("SELECT count(*) FROM audit_log" + where, params).fetchone()[0]
    rows = named(cur.execute(
        "SELECT " + _ENTRY_COLUMNS + " FROM audit_log" + where + " ORDER BY logged_at DESC, id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ))
    return [AuditEntry(**r) for r in rows], total


def search_df(cur, *, username=None, action=None, pseudonym=None, date_from=None, date_to=None) -> pd.DataFrame:
    where, params = _where(username=username, action=action, pseudonym=pseudonym,
                           date_from=date_from, date_to=date_to)
    return cur.execute("SELECT " + _COLUMNS + " FROM audit_log" + where + " ORDER BY logged_at, id", params).df()


def distinct_actions(cur) -> list[str]:
    return [r[0] for r in cur.execute("SELECT DISTINCT action FROM audit_log ORDER BY 1").fetchall()]


def insert_many(cur, rows) -> None:
    """Bulk audit rows from a DataFrame with the audit_log columns (except id), e.g. one per imported case."""
    if len(rows):
        cur.register("audit_rows_df", rows)
        try:
            cur.execute(
                "INSERT INTO audit_log (logged_at, user_id, username, action, record_type, record_id, pseudonym,"
                " purpose, details) SELECT logged_at, user_id, username, action, record_type, record_id, pseudonym,"
                " purpose, details FROM audit_rows_df"
            )
        finally:
            cur.unregister("audit_rows_df")


def rows_about(cur, pseudonym: str, name_pattern: str) -> list[AuditEntry]:
    """Rows naming this pseudonym, or searches/exports whose details mention it as a whole name.

    `name_pattern` is a regular expression for the name with boundaries (built by the caller from
    the escaped name), so "Familie 1" does not match "Familie 17".
    """
    rows = named(cur.execute(
        "SELECT " + _ENTRY_COLUMNS + " FROM audit_log WHERE lower(pseudonym) = lower(?)"
        " OR (pseudonym = '' AND regexp_matches(details, ?)) ORDER BY logged_at, id",
        [pseudonym, name_pattern],
    ))
    return [AuditEntry(**r) for r in rows]


def last_logins(cur) -> dict:
    """user id -> the time of their latest completed login (action `login`)."""
    return dict(cur.execute(
        "SELECT user_id, max(logged_at) FROM audit_log WHERE action = 'login' AND user_id IS NOT NULL"
        " GROUP BY user_id"
    ).fetchall())
