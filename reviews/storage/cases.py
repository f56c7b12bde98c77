"""SQL for cases and their timeline events."""

from __future__ import annotations

import datetime as dt

from reviews.models import Case, CaseStatus, EventType, TimelineEvent
from reviews.storage import changes
from reviews.storage.rows import named, named_one

_CASE_COLUMNS = "c.id, c.pseudonym, c.area, c.opened, c.closed, c.status, c.summary, c.version"
_EVENT_COLUMNS = "id, case_id, event_date, event_type, text, version"
_SORTS = {
    # Natural order: "Familie 2" before "Familie 13".
    "pseudonym": "regexp_replace(c.pseudonym, '[0-9]+', ''), TRY_CAST(regexp_extract(c.pseudonym, '[0-9]+') AS BIGINT), c.pseudonym",
    "opened": "c.opened DESC NULLS LAST, c.id",
    "area": "c.area, c.id",
    "status": "c.status, c.id",
}


def _case(row: dict) -> Case:
    # Converted in the row named() built (lists may run to thousands): no second dict per row.
    row["status"] = CaseStatus(row["status"])
    return Case(**row)


def _event(row: dict) -> TimelineEvent:
    return TimelineEvent(**{**row, "event_type": EventType(row["event_type"])})


def insert_case(cur, *, pseudonym: str, area: str, opened, closed, status: CaseStatus, summary: str,
                user_id: int | None, now: dt.datetime) -> Case:
    changes.changed(changes.ACCESS)
    row = named_one(cur.execute(
        "INSERT INTO cases AS c (pseudonym, area, opened, closed, status, summary, created_at, updated_at, updated_by,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + _CASE_COLUMNS.replace("c.", ""),
        [pseudonym, area, opened, closed, status.value, summary, now, now, user_id, user_id],
    ))
    return _case(row)


def update_case(cur, case_id: int, expected_version: int, *, pseudonym: str, area: str, opened, closed,
                status: CaseStatus, summary: str, user_id: int | None, now: dt.datetime) -> Case | None:
    """Returns the saved case, or None when the stored version is not `expected_version`."""
    changes.changed(changes.RETENTION)
    row = named_one(cur.execute(
        "UPDATE cases SET pseudonym = ?, area = ?, opened = ?, closed = ?, status = ?, summary = ?,"
        " updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ? AND version = ?"
        " RETURNING " + _CASE_COLUMNS.replace("c.", ""),
        [pseudonym, area, opened, closed, status.value, summary, now, user_id, case_id, expected_version],
    ))
    return _case(row) if row else None


def get_case(cur, case_id: int) -> Case | None:
    row = named_one(cur.execute(
        "SELECT " + _CASE_COLUMNS + ", (SELECT count(*) FROM timeline_events e WHERE e.case_id = c.id) AS event_count"
        " FROM cases c WHERE c.id = ?",
        [case_id],
    ))
    return _case(row) if row else None


def get_case_by_pseudonym(cur, pseudonym: str) -> Case | None:
    row = named_one(cur.execute(
        "SELECT " + _CASE_COLUMNS + " FROM cases c WHERE lower(c.pseudonym) = lower(?)", [pseudonym]
    ))
    return _case(row) if row else None


def _filters(*, text: str | None, area: str | None, status: CaseStatus | None,
             opened_from: dt.date | None, opened_to: dt.date | None,
             review_id: int | None, scope: tuple[str, list] | None = None) -> tuple[str, list]:
    # Fixed clause text; every value is bound. `scope`: a subquery of the case ids the user may read.
    clauses, params = [], []
    if scope is not None:
        clauses.append("c.id IN " + scope[0])
        params += scope[1]
    if text:
        clauses.append(
            "(c.pseudonym ILIKE ? ESCAPE '\\' OR c.summary ILIKE ? ESCAPE '\\'"
            " OR EXISTS (SELECT 1 FROM timeline_events e WHERE e.case_id = c.id AND e.text ILIKE ? ESCAPE '\\'))"
        )
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like, like, like]
    if area:
        clauses.append("c.area = ?")
        params.append(area)
    if status:
        clauses.append("c.status = ?")
        params.append(status.value)
    if opened_from:
        clauses.append("c.opened >= ?")
        params.append(opened_from)
    if opened_to:
        clauses.append("c.opened <= ?")
        params.append(opened_to)
    if review_id is not None:
        clauses.append("c.id IN (SELECT case_id FROM review_cases WHERE review_id = ?)")
        params.append(review_id)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def search_cases(cur, *, text=None, area=None, status=None, opened_from=None, opened_to=None,
                 review_id=None, scope: tuple[str, list] | None = None, sort: str = "pseudonym", limit: int = 25,
                 offset: int = 0) -> tuple[list[Case], int]:
    where, params = _filters(text=text, area=area, status=status, opened_from=opened_from,
                             opened_to=opened_to, review_id=review_id, scope=scope)
    total = cur.execute("SELECT count(*) FROM cases c" + where, params).fetchone()[0]
    order = _SORTS.get(sort, _SORTS["pseudonym"])
    rows = named(cur.execute(
        "WITH page AS (SELECT " + _CASE_COLUMNS + " FROM cases c" + where
        + " ORDER BY " + order + " LIMIT ? OFFSET ?)"
        " SELECT page.*, (SELECT count(*) FROM timeline_events e WHERE e.case_id = page.id) AS event_count FROM page"
        " ORDER BY " + order.replace("c.", "page."),
        [*params, limit, offset],
    ))
    return [_case(r) for r in rows], total


def distinct_areas(cur) -> list[str]:
    return [r[0] for r in cur.execute(
        "SELECT name FROM (SELECT name, sort_order FROM areas WHERE active"
        " UNION SELECT DISTINCT area, 999 FROM cases WHERE area <> '') GROUP BY name ORDER BY min(sort_order), name"
    ).fetchall()]


def events_for_case(cur, case_id: int) -> list[TimelineEvent]:
    return [_event(r) for r in named(cur.execute(
        "SELECT " + _EVENT_COLUMNS + " FROM timeline_events WHERE case_id = ? ORDER BY event_date, id", [case_id]
    ))]


def get_event(cur, event_id: int) -> TimelineEvent | None:
    row = named_one(cur.execute("SELECT " + _EVENT_COLUMNS + " FROM timeline_events WHERE id = ?", [event_id]))
    return _event(row) if row else None


def insert_event(cur, *, case_id: int, event_date: dt.date, event_type: EventType, text: str,
                 user_id: int | None, now: dt.datetime) -> TimelineEvent:
    row = named_one(cur.execute(
        "INSERT INTO timeline_events (case_id, event_date, event_type, text, created_at, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING " + _EVENT_COLUMNS,
        [case_id, event_date, event_type.value, text, now, user_id],
    ))
    return _event(row)


def update_event(cur, event_id: int, expected_version: int, *, event_date: dt.date, event_type: EventType,
                 text: str) -> TimelineEvent | None:
    row = named_one(cur.execute(
        "UPDATE timeline_events SET event_date = ?, event_type = ?, text = ?, version = version + 1"
        " WHERE id = ? AND version = ? RETURNING " + _EVENT_COLUMNS,
        [event_date, event_type.value, text, event_id, expected_version],
    ))
    return _event(row) if row else None


def delete_event(cur, event_id: int) -> None:
    cur.execute("DELETE FROM timeline_events WHERE id = ?", [event_id])


def insert_cases_df(cur, cases_df) -> None:
    """Insert cases from a DataFrame with the cases table's columns (bulk import)."""
    changes.changed(changes.ACCESS)
    if len(cases_df):
        cur.register("import_cases_df", cases_df)
        try:
            cur.execute(
                "INSERT INTO cases (pseudonym, area, opened, closed, status, summary, created_at, updated_at,"
                " updated_by) SELECT pseudonym, area, opened, closed, status, summary, created_at, updated_at,"
                " updated_by FROM import_cases_df"
            )
        finally:
            cur.unregister("import_cases_df")


def count_cases(cur) -> int:
    return cur.execute("SELECT count(*) FROM cases").fetchone()[0]


def insert_new_events_df(cur, events_df) -> int:
    """Insert events (case_id, event_date, event_type, text, created_at, created_by) that the case does not
    already have with the same date, type and text, so importing the same file twice adds nothing."""
    if len(events_df) == 0:
        return 0
    cur.register("import_events_df", events_df)
    try:
        # fetchall, not fetchone: DuckDB 2 refuses unregister() while a result is unfinished.
        before = cur.execute("SELECT count(*) FROM timeline_events").fetchall()[0][0]
        cur.execute(
            "INSERT INTO timeline_events (case_id, event_date, event_type, text, created_at, created_by)"
            " SELECT i.case_id, i.event_date, i.event_type, i.text, i.created_at, i.created_by"
            " FROM import_events_df i WHERE NOT EXISTS (SELECT 1 FROM timeline_events e"
            "  WHERE e.case_id = i.case_id AND e.event_date = i.event_date AND e.event_type = i.event_type"
            "  AND e.text = i.text)"
        )
        return cur.execute("SELECT count(*) FROM timeline_events").fetchall()[0][0] - before
    finally:
        cur.unregister("import_events_df")


def case_ids_for(cur, pseudonyms: list[str]) -> dict[str, int]:
    """Case ids by lower-cased pseudonym, for the given pseudonyms."""
    if not pseudonyms:
        return {}
    rows = cur.execute(
        "SELECT lower(pseudonym), id FROM cases WHERE lower(pseudonym) IN (SELECT lower(unnest(?)))", [pseudonyms]
    ).fetchall()
    return dict(rows)
