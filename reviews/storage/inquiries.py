"""SQL for the ombudsman's register of inquiries and complaints, their causes, and the 24-hour worklist."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa

from reviews.models.ombudsman import (
    Channel,
    ContactState,
    Inquiry,
    InquiryStatus,
    InquiryType,
    Outcome,
)
from reviews.storage import changes
from reviews.storage.rows import named, named_one

_COLUMNS = (
    "i.id, i.received_at, i.received_on, i.channel, i.area, i.inquiry_type, i.outcome, i.citizen, i.account,"
    " i.case_id, coalesce(c.pseudonym, '') AS case_pseudonym, i.status, i.closed_on, i.first_contact_at,"
    " i.first_contact_note, i.version, k.ids AS cause_ids, k.names AS cause_names"
)
# The causes of the selected inquiries only (in the administrator's order), as two list columns.
_CAUSES = (
    " LEFT JOIN (SELECT l.inquiry_id, list(l.cause_id ORDER BY k.sort_order, k.id) AS ids,"
    "  list(k.name ORDER BY k.sort_order, k.id) AS names FROM inquiry_cause_links l"
    "  JOIN inquiry_causes k ON k.id = l.cause_id WHERE l.inquiry_id IN ({ids}) GROUP BY l.inquiry_id) k"
    " ON k.inquiry_id = i.id LEFT JOIN cases c ON c.id = i.case_id"
)
_DUE = "i.received_at + INTERVAL 24 HOUR"
_SORTS = {
    "received_desc": "i.received_at DESC, i.id DESC",
    "received": "i.received_at, i.id",
    "citizen": "i.citizen, i.received_at DESC, i.id",
    "area": "i.area, i.received_at DESC, i.id",
}
# The 24-hour rule in SQL; the same rule as reviews.analysis.contact_rule (a test checks they agree).
_STATE_CLAUSES = {
    ContactState.MET: f"i.inquiry_type = 'klage' AND i.first_contact_at IS NOT NULL AND i.first_contact_at <= {_DUE}",
    ContactState.MISSED: f"i.inquiry_type = 'klage' AND i.first_contact_at IS NOT NULL AND i.first_contact_at > {_DUE}",
    ContactState.OVERDUE: f"i.inquiry_type = 'klage' AND i.first_contact_at IS NULL AND ? > {_DUE}",
    ContactState.OPEN: f"i.inquiry_type = 'klage' AND i.first_contact_at IS NULL AND ? <= {_DUE}",
    ContactState.NOT_APPLICABLE: "i.inquiry_type <> 'klage'",
}


def _inquiry(row: dict) -> Inquiry:
    # Converted in the row named() built (lists may run to thousands): no second dict per row.
    row["channel"], row["inquiry_type"] = Channel(row["channel"]), InquiryType(row["inquiry_type"])
    row["outcome"] = Outcome(row["outcome"]) if row["outcome"] else None
    row["status"] = InquiryStatus(row["status"])
    row["cause_ids"], row["cause_names"] = tuple(row["cause_ids"] or ()), tuple(row["cause_names"] or ())
    return Inquiry(**row)


def get(cur, inquiry_id: int) -> Inquiry | None:
    row = named_one(cur.execute(
        "SELECT " + _COLUMNS + " FROM inquiries i" + _CAUSES.format(ids="?") + " WHERE i.id = ?",
        [inquiry_id, inquiry_id],
    ))
    return _inquiry(row) if row else None


def insert(cur, *, received_at: dt.datetime, received_on: dt.date, channel: Channel, area: str,
           inquiry_type: InquiryType, outcome: Outcome | None, citizen: str, account: str, case_id: int | None,
           status: InquiryStatus, closed_on: dt.date | None, first_contact_at: dt.datetime | None,
           first_contact_note: str, user_id: int | None, now: dt.datetime) -> int:
    changes.changed(changes.ACCESS)
    return cur.execute(
        "INSERT INTO inquiries (received_at, received_on, channel, area, inquiry_type, outcome, citizen, account,"
        " case_id, status, closed_on, first_contact_at, first_contact_note, created_at, created_by, updated_at,"
        " updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [received_at, received_on, channel.value, area, inquiry_type.value, outcome.value if outcome else None,
         citizen, account, case_id, status.value, closed_on, first_contact_at, first_contact_note, now, user_id,
         now, user_id],
    ).fetchone()[0]


def update(cur, inquiry_id: int, expected_version: int, *, received_at: dt.datetime, received_on: dt.date,
           channel: Channel, area: str, inquiry_type: InquiryType, outcome: Outcome | None, citizen: str,
           account: str, case_id: int | None, status: InquiryStatus, closed_on: dt.date | None,
           first_contact_at: dt.datetime | None, first_contact_note: str, user_id: int | None,
           now: dt.datetime) -> bool:
    """False when the stored version is not `expected_version` (nothing changed)."""
    changes.changed(changes.ACCESS)
    row = cur.execute(
        "UPDATE inquiries SET received_at = ?, received_on = ?, channel = ?, area = ?, inquiry_type = ?,"
        " outcome = ?, citizen = ?, account = ?, case_id = ?, status = ?, closed_on = ?, first_contact_at = ?,"
        " first_contact_note = ?, updated_at = ?, updated_by = ?, version = version + 1"
        " WHERE id = ? AND version = ? RETURNING id",
        [received_at, received_on, channel.value, area, inquiry_type.value, outcome.value if outcome else None,
         citizen, account, case_id, status.value, closed_on, first_contact_at, first_contact_note, now, user_id,
         inquiry_id, expected_version],
    ).fetchone()
    return row is not None


def set_first_contact(cur, inquiry_id: int, expected_version: int, *, contact_at: dt.datetime, note: str,
                      user_id: int | None, now: dt.datetime) -> bool:
    row = cur.execute(
        "UPDATE inquiries SET first_contact_at = ?, first_contact_note = ?, updated_at = ?, updated_by = ?,"
        " version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        [contact_at, note, now, user_id, inquiry_id, expected_version],
    ).fetchone()
    return row is not None


def set_causes(cur, inquiry_id: int, cause_ids: list[int]) -> None:
    cur.execute("DELETE FROM inquiry_cause_links WHERE inquiry_id = ?", [inquiry_id])
    if cause_ids:
        cur.execute(
            "INSERT INTO inquiry_cause_links (inquiry_id, cause_id) SELECT ?, unnest(?)", [inquiry_id, cause_ids]
        )


# --- search and worklist ---------------------------------------------------------------------------


def _filters(*, text=None, inquiry_type=None, area=None, status=None, channel=None, outcome=None,
             cause_id=None, no_cause=False, received_from=None, received_to=None, contact_state=None, case_id=None,
             now: dt.datetime | None = None) -> tuple[str, list]:
    # Fixed clause text; every value is bound.
    clauses, params = [], []
    if text:
        clauses.append("(i.citizen ILIKE ? ESCAPE '\\' OR i.account ILIKE ? ESCAPE '\\')")
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like, like]
    for column, value in (("inquiry_type", inquiry_type), ("area", area), ("status", status),
                          ("channel", channel), ("outcome", outcome)):
        if value:
            clauses.append("i." + column + " = ?")
            params.append(getattr(value, "value", value))
    if cause_id is not None:
        clauses.append("i.id IN (SELECT inquiry_id FROM inquiry_cause_links WHERE cause_id = ?)")
        params.append(cause_id)
    if no_cause:
        clauses.append("i.id NOT IN (SELECT inquiry_id FROM inquiry_cause_links)")
    if received_from:
        clauses.append("i.received_on >= ?")
        params.append(received_from)
    if received_to:
        clauses.append("i.received_on <= ?")
        params.append(received_to)
    if case_id is not None:
        clauses.append("i.case_id = ?")
        params.append(case_id)
    if contact_state:
        state = ContactState(contact_state)
        clauses.append("(" + _STATE_CLAUSES[state] + ")")
        if state in (ContactState.OVERDUE, ContactState.OPEN):
            params.append(now)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _page(cur, where: str, params: list, order: str, limit: int, offset: int) -> list[Inquiry]:
    """One page of inquiries in `order` (a top-N over the filtered rows, then the page's causes and case
    pseudonyms looked up for those rows only)."""
    rows = named(cur.execute(
        "WITH page AS (SELECT i.id FROM inquiries i" + where + " ORDER BY " + order + " LIMIT ? OFFSET ?)"
        " SELECT " + _COLUMNS + " FROM page JOIN inquiries i ON i.id = page.id"
        + _CAUSES.format(ids="SELECT id FROM page") + " ORDER BY " + order,
        [*params, limit, offset],
    ))
    return [_inquiry(r) for r in rows]


def search(cur, *, sort: str = "received_desc", limit: int = 25, offset: int = 0,
           **filters) -> tuple[list[Inquiry], int]:
    where, params = _filters(**filters)
    total = cur.execute("SELECT count(*) FROM inquiries i" + where, params).fetchone()[0]
    return _page(cur, where, params, _SORTS.get(sort, _SORTS["received_desc"]), limit, offset), total


def worklist(cur, *, limit: int = 100) -> tuple[list[Inquiry], int]:
    """Complaints not yet contacted and not closed, the earliest deadline first."""
    where = " WHERE i.inquiry_type = 'klage' AND i.first_contact_at IS NULL AND i.status <> 'lukket'"
    total = cur.execute("SELECT count(*) FROM inquiries i" + where).fetchone()[0]
    return _page(cur, where, [], "i.received_at, i.id", limit, 0), total


def duplicate_of(cur, *, received_at: dt.datetime, citizen: str, account: str, inquiry_type: InquiryType,
                 within: dt.timedelta) -> int | None:
    """An inquiry already registered with the same citizen, type and text, received within `within`."""
    row = cur.execute(
        "SELECT id FROM inquiries WHERE citizen = ? AND inquiry_type = ? AND account = ?"
        " AND received_at BETWEEN ? AND ? ORDER BY id LIMIT 1",
        [citizen, inquiry_type.value, account, received_at - within, received_at + within]).fetchone()
    return row[0] if row else None


def case_id_by_pseudonym(cur, pseudonym: str) -> int | None:
    row = cur.execute("SELECT id FROM cases WHERE lower(pseudonym) = lower(?)", [pseudonym]).fetchone()
    return row[0] if row else None


# --- bulk import ---------------------------------------------------------------------------------


_IMPORT_COLUMNS = ("id", "received_at", "received_on", "channel", "area", "inquiry_type", "outcome", "citizen",
                   "account", "case_id", "status", "closed_on", "first_contact_at", "first_contact_note", "created_at",
                   "created_by")


def insert_many(cur, frame: pd.DataFrame, causes: pd.DataFrame) -> pd.DataFrame:
    """Insert inquiries from a DataFrame with the inquiry columns plus `row_key` (unique, in file order), and
    their causes from `causes` (row_key, cause_id). An inquiry already in the register (same receipt time,
    citizen regardless of case, and type) or repeated in the file is skipped. Returns the new inquiries'
    (id, citizen), ids from the sequence in file order."""
    changes.changed(changes.ACCESS)
    empty = pd.DataFrame({"id": pd.Series(dtype="int64"), "citizen": pd.Series(dtype="str")})
    if len(frame) == 0:
        return empty
    keys = pd.DataFrame({"row_key": frame["row_key"], "received_at": frame["received_at"],
                         "citizen": frame["citizen"].str.lower(), "inquiry_type": frame["inquiry_type"]})
    repeated = keys.duplicated(subset=["received_at", "citizen", "inquiry_type"]).to_numpy()
    cur.register("import_keys", pa.Table.from_pandas(keys, preserve_index=False))
    try:
        existing = cur.execute(
            "SELECT k.row_key FROM import_keys k WHERE EXISTS (SELECT 1 FROM inquiries e"
            " WHERE e.received_at = k.received_at AND lower(e.citizen) = k.citizen AND e.inquiry_type = k.inquiry_type)"
        ).df()["row_key"].to_numpy()
    finally:
        cur.unregister("import_keys")
    fresh = frame[~repeated & ~frame["row_key"].isin(existing).to_numpy()]
    if len(fresh) == 0:
        return empty
    # Ids from the sequence in the file's order: draw len(fresh) values (one writer at a time, so they are
    # consecutive) and number the rows from the first.
    # fetchall, not fetchone: an unfinished result would block the register() below (DuckDB 2.0).
    first, last = cur.execute(
        "SELECT min(v), max(v) FROM (SELECT nextval('inquiry_id_seq') AS v FROM range(?))", [len(fresh)]
    ).fetchall()[0]
    if last - first + 1 != len(fresh):
        raise RuntimeError("inquiry ids are not consecutive")
    fresh = fresh.assign(id=np.arange(first, last + 1, dtype=np.int64))
    table = pa.Table.from_pandas(fresh[[*_IMPORT_COLUMNS, "row_key"]], preserve_index=False)
    cur.register("import_new", table)
    cur.register("import_causes", pa.Table.from_pandas(causes[["row_key", "cause_id"]], preserve_index=False))
    try:
        cur.execute(
            "INSERT INTO inquiries (id, received_at, received_on, channel, area, inquiry_type, outcome, citizen,"
            " account, case_id, status, closed_on, first_contact_at, first_contact_note, created_at, created_by,"
            " updated_at, updated_by)"
            " SELECT id, received_at, received_on::DATE, channel, area, inquiry_type, outcome, citizen, account,"
            " case_id, status, closed_on::DATE, first_contact_at, first_contact_note, created_at, created_by,"
            " created_at, created_by FROM import_new"
        )
        cur.execute(
            "INSERT INTO inquiry_cause_links (inquiry_id, cause_id)"
            " SELECT DISTINCT n.id, c.cause_id FROM import_causes c JOIN import_new n ON n.row_key = c.row_key"
        )
    finally:
        cur.unregister("import_new")
        cur.unregister("import_causes")
    return fresh[["id", "citizen"]].reset_index(drop=True)


def case_ids_for(cur, pseudonyms: list[str]) -> dict[str, int]:
    """Case ids by lower-cased pseudonym."""
    if not pseudonyms:
        return {}
    return dict(cur.execute(
        "SELECT lower(pseudonym), id FROM cases WHERE lower(pseudonym) IN (SELECT lower(unnest(?)))", [pseudonyms]
    ).fetchall())
