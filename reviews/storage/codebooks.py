"""SQL for codebooks and their codes."""

from __future__ import annotations

import datetime as dt

from reviews.models.case_review import Code, Codebook, CodebookKind
from reviews.storage.rows import named, named_one

_CODE_COLUMNS = ("k.id, k.codebook_id, cb.key AS codebook_key, k.key, k.label, k.label_en, k.description, k.sort_order,"
                 " k.retired, k.version")
# How many findings, learning points and learning-point versions carry a code: a code in use is never deleted.
_USAGE = (
    "(SELECT count(*) FROM finding_codes fc WHERE fc.code_id = k.id)"
    " + (SELECT count(*) FROM learning_point_codes lc WHERE lc.code_id = k.id)"
    " + (SELECT count(*) FROM learning_point_versions v WHERE list_contains(v.code_ids, k.id))"
)


_CODEBOOK_COLUMNS = "id, key, name, name_en, description, kind, sort_order"


def _codebook(row: dict) -> Codebook:
    return Codebook(**{**row, "kind": CodebookKind(row["kind"])})


def _code(row: dict) -> Code:
    return Code(**row)


def all_codebooks(cur) -> list[Codebook]:
    return [_codebook(r) for r in named(cur.execute(
        "SELECT " + _CODEBOOK_COLUMNS + " FROM codebooks ORDER BY sort_order, id"))]


def get_codebook(cur, codebook_id: int) -> Codebook | None:
    row = named_one(cur.execute("SELECT " + _CODEBOOK_COLUMNS + " FROM codebooks WHERE id = ?", [codebook_id]))
    return _codebook(row) if row else None


def all_codes(cur, *, with_usage: bool = False) -> list[Code]:
    usage = (", " + _USAGE + " AS usage") if with_usage else ", 0 AS usage"
    rows = named(cur.execute(
        "SELECT " + _CODE_COLUMNS + usage + " FROM codes k JOIN codebooks cb ON cb.id = k.codebook_id"
        " ORDER BY cb.sort_order, k.sort_order, k.id"
    ))
    return [_code(r) for r in rows]


def get_code(cur, code_id: int, *, with_usage: bool = False) -> Code | None:
    usage = (", " + _USAGE + " AS usage") if with_usage else ", 0 AS usage"
    row = named_one(cur.execute(
        "SELECT " + _CODE_COLUMNS + usage + " FROM codes k JOIN codebooks cb ON cb.id = k.codebook_id WHERE k.id = ?",
        [code_id]))
    return _code(row) if row else None


def codes_by_ids(cur, code_ids) -> dict[int, Code]:
    ids = [int(i) for i in code_ids]
    if not ids:
        return {}
    rows = named(cur.execute(
        "SELECT " + _CODE_COLUMNS + " FROM codes k JOIN codebooks cb ON cb.id = k.codebook_id"
        " WHERE k.id IN (SELECT unnest(?))", [ids]))
    return {r["id"]: _code(r) for r in rows}


def key_taken(cur, key: str) -> bool:
    return cur.execute("SELECT count(*) FROM codes WHERE lower(key) = lower(?)", [key]).fetchone()[0] > 0


def label_taken(cur, codebook_id: int, label: str) -> bool:
    return cur.execute("SELECT count(*) FROM codes WHERE codebook_id = ? AND lower(label) = lower(?)",
                       [codebook_id, label]).fetchone()[0] > 0


def insert_code(cur, *, codebook_id: int, key: str, label: str, label_en: str, description: str,
                user_id: int | None, now: dt.datetime) -> int:
    return cur.execute(
        "INSERT INTO codes (codebook_id, key, label, label_en, description, sort_order, created_at, created_by)"
        " VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(sort_order), 0) + 1 FROM codes WHERE codebook_id = ?), ?, ?)"
        " RETURNING id",
        [codebook_id, key, label, label_en, description, codebook_id, now, user_id],
    ).fetchone()[0]


def set_retired(cur, code_id: int, expected_version: int, retired: bool, now: dt.datetime) -> bool:
    row = cur.execute(
        "UPDATE codes SET retired = ?, retired_at = CASE WHEN ? THEN ?::TIMESTAMP END, version = version + 1"
        " WHERE id = ? AND version = ? RETURNING id",
        [retired, retired, now, code_id, expected_version],
    ).fetchone()
    return row is not None


def usage(cur, code_id: int) -> int:
    return cur.execute("SELECT " + _USAGE + " FROM codes k WHERE k.id = ?", [code_id]).fetchone()[0]


def delete_code(cur, code_id: int) -> None:
    cur.execute("DELETE FROM codes WHERE id = ?", [code_id])


# --- REFI-QDA exchange (.qdc) ---------------------------------------------------------------------------


def get_codebook_by_name(cur, name: str) -> Codebook | None:
    """The codebook called `name` (its Danish or English name), case and surrounding spaces ignored."""
    row = named_one(cur.execute(
        "SELECT " + _CODEBOOK_COLUMNS + " FROM codebooks"
        " WHERE lower(trim(name)) = lower(trim(?)) OR lower(trim(name_en)) = lower(trim(?))"
        " ORDER BY (lower(trim(name)) = lower(trim(?))) DESC, sort_order, id LIMIT 1",
        [name, name, name]))
    return _codebook(row) if row else None


def codebook_key_taken(cur, key: str) -> bool:
    return cur.execute("SELECT count(*) FROM codebooks WHERE lower(key) = lower(?)", [key]).fetchone()[0] > 0


def insert_codebook(cur, *, key: str, name: str, description: str, kind: str, refi_guid: str | None) -> int:
    return cur.execute(
        "INSERT INTO codebooks (key, name, description, kind, sort_order, refi_guid)"
        " VALUES (?, ?, ?, ?, (SELECT coalesce(max(sort_order), 0) + 1 FROM codebooks), ?) RETURNING id",
        [key, name, description, kind, refi_guid]).fetchone()[0]


def codebook_refi_guid(cur, codebook_id: int) -> str | None:
    row = cur.execute("SELECT refi_guid FROM codebooks WHERE id = ?", [codebook_id]).fetchone()
    return row[0] if row else None


def update_codebook_exchange(cur, codebook_id: int, *, description: str, refi_guid: str | None) -> None:
    cur.execute("UPDATE codebooks SET description = ?, refi_guid = ? WHERE id = ?",
                [description, refi_guid, codebook_id])


def codes_of(cur, codebook_id: int) -> list[tuple[Code, str | None]]:
    """Every code of one codebook, retired ones too, with its use and the guid it came with (or None)."""
    rows = named(cur.execute(
        "SELECT " + _CODE_COLUMNS + ", " + _USAGE + " AS usage, k.refi_guid"
        " FROM codes k JOIN codebooks cb ON cb.id = k.codebook_id WHERE k.codebook_id = ? ORDER BY k.sort_order, k.id",
        [codebook_id]))
    found = []
    for r in rows:
        guid = r.pop("refi_guid")  # not a field of Code
        found.append((_code(r), guid))
    return found


def all_code_keys(cur) -> set[str]:
    """Every code key in lower case (keys are unique across codebooks)."""
    return {row[0] for row in cur.execute("SELECT lower(key) FROM codes").fetchall()}


def insert_codes(cur, *, codebook_id: int, rows: list[tuple[str, str, str, str | None]], user_id: int | None,
                 now: dt.datetime) -> dict[str, int]:
    """Insert (key, label, description, refi_guid) rows at the end of the codebook, in one statement (an
    import may bring thousands). Returns the new ids by key."""
    if not rows:
        return {}
    start = cur.execute("SELECT coalesce(max(sort_order), 0) FROM codes WHERE codebook_id = ?",
                        [codebook_id]).fetchone()[0]
    keys, labels, descriptions, guids = (list(column) for column in zip(*rows, strict=True))
    orders = list(range(start + 1, start + 1 + len(rows)))
    cur.execute(
        "INSERT INTO codes (codebook_id, key, label, label_en, description, sort_order, created_at, created_by,"
        " refi_guid)"
        " SELECT ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), '', unnest(?::VARCHAR[]), unnest(?::INTEGER[]),"
        " ?, ?, unnest(?::VARCHAR[])",
        [codebook_id, keys, labels, descriptions, orders, now, user_id, guids])
    return dict(cur.execute("SELECT key, id FROM codes WHERE codebook_id = ? AND key IN (SELECT unnest(?::VARCHAR[]))",
                            [codebook_id, keys]).fetchall())


def update_codes_exchange(cur, rows: list[tuple[int, int, str, str, str | None]]) -> int:
    """Set label, description and refi_guid of (id, expected_version, label, description, refi_guid) rows in one
    statement; returns how many were at their expected version (and so changed)."""
    if not rows:
        return 0
    ids, versions, labels, descriptions, guids = (list(column) for column in zip(*rows, strict=True))
    return len(cur.execute(
        "UPDATE codes SET label = v.label, description = v.description, refi_guid = v.refi_guid,"
        " version = codes.version + 1"
        " FROM (SELECT unnest(?::INTEGER[]) AS id, unnest(?::INTEGER[]) AS version, unnest(?::VARCHAR[]) AS label,"
        " unnest(?::VARCHAR[]) AS description, unnest(?::VARCHAR[]) AS refi_guid) v"
        " WHERE codes.id = v.id AND codes.version = v.version RETURNING codes.id",
        [ids, versions, labels, descriptions, guids]).fetchall())
