"""SQL for codebooks and their codes."""

from __future__ import annotations

import datetime as dt

from reviews.models.case_review import Code, Codebook, CodebookKind

_CODE_COLUMNS = ("k.id, k.codebook_id, cb.key, k.key, k.label, k.label_en, k.description, k.sort_order, k.retired,"
                 " k.version")
# How many findings, learning points and learning-point versions carry a code: a code in use is never deleted.
_USAGE = (
    "(SELECT count(*) FROM finding_codes fc WHERE fc.code_id = k.id)"
    " + (SELECT count(*) FROM learning_point_codes lc WHERE lc.code_id = k.id)"
    " + (SELECT count(*) FROM learning_point_versions v WHERE list_contains(v.code_ids, k.id))"
)


def _codebook(row: tuple) -> Codebook:
    return Codebook(id=row[0], key=row[1], name=row[2], name_en=row[3], description=row[4],
                    kind=CodebookKind(row[5]), sort_order=row[6])


def _code(row: tuple, usage: int = 0) -> Code:
    return Code(id=row[0], codebook_id=row[1], codebook_key=row[2], key=row[3], label=row[4], label_en=row[5],
                description=row[6], sort_order=row[7], retired=row[8], version=row[9], usage=usage)


def all_codebooks(cur) -> list[Codebook]:
    return [_codebook(r) for r in cur.execute(
        "SELECT id, key, name, name_en, description, kind, sort_order FROM codebooks ORDER BY sort_order, id"
    ).fetchall()]


def get_codebook(cur, codebook_id: int) -> Codebook | None:
    row = cur.execute("SELECT id, key, name, name_en, description, kind, sort_order FROM codebooks WHERE id = ?",
                      [codebook_id]).fetchone()
    return _codebook(row) if row else None


def all_codes(cur, *, with_usage: bool = False) -> list[Code]:
    usage = (", " + _USAGE) if with_usage else ", 0"
    rows = cur.execute(
        "SELECT " + _CODE_COLUMNS + usage + " FROM codes k JOIN codebooks cb ON cb.id = k.codebook_id"
        " ORDER BY cb.sort_order, k.sort_order, k.id"
    ).fetchall()
    return [_code(r, r[10]) for r in rows]


def get_code(cur, code_id: int, *, with_usage: bool = False) -> Code | None:
    usage = (", " + _USAGE) if with_usage else ", 0"
    row = cur.execute(
        "SELECT " + _CODE_COLUMNS + usage + " FROM codes k JOIN codebooks cb ON cb.id = k.codebook_id WHERE k.id = ?",
        [code_id]).fetchone()
    return _code(row, row[10]) if row else None


def codes_by_ids(cur, code_ids) -> dict[int, Code]:
    ids = [int(i) for i in code_ids]
    if not ids:
        return {}
    rows = cur.execute(
        "SELECT " + _CODE_COLUMNS + " FROM codes k JOIN codebooks cb ON cb.id = k.codebook_id"
        " WHERE k.id IN (SELECT unnest(?))", [ids]).fetchall()
    return {r[0]: _code(r) for r in rows}


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
