"""SQL for the municipality's Word template (table word_template): at most one row, the current template."""

from __future__ import annotations

import datetime as dt

from reviews.models.word_template import StoredTemplate
from reviews.storage.rows import named_one

_COLUMNS = ("file_name, kind, sha256, size_bytes, body_font, header_text, version, uploaded_by_name, uploaded_at")


def current(cur, *, with_document: bool = True) -> StoredTemplate | None:
    """The current template; `with_document=False` leaves the file itself out (for a page showing its name)."""
    row = named_one(cur.execute(f"SELECT {_COLUMNS}, {'document' if with_document else 'NULL'} AS document"
                                " FROM word_template WHERE id = 1"))
    if row is None:
        return None
    row["document"] = bytes(row["document"]) if row["document"] is not None else b""
    return StoredTemplate(**row)


def current_document(cur) -> bytes | None:
    row = cur.execute("SELECT document FROM word_template WHERE id = 1").fetchone()
    return bytes(row[0]) if row else None


def replace(cur, *, document: bytes, file_name: str, kind: str, sha256: str, size_bytes: int, body_font: str,
            header_text: str, uploaded_by: int | None, uploaded_by_name: str, now: dt.datetime) -> int:
    """Store `document` as the current template (replacing any); returns its version number."""
    row = cur.execute("SELECT version FROM word_template WHERE id = 1").fetchone()
    version = (int(row[0]) if row else 0) + 1
    cur.execute("DELETE FROM word_template WHERE id = 1")
    cur.execute(
        "INSERT INTO word_template (id, document, file_name, kind, sha256, size_bytes, body_font, header_text,"
        " version, uploaded_by, uploaded_by_name, uploaded_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [document, file_name, kind, sha256, size_bytes, body_font, header_text, version, uploaded_by,
         uploaded_by_name, now],
    )
    return version


def delete(cur) -> StoredTemplate | None:
    """Remove the current template; returns what was removed (without the file), or None when there was none."""
    removed = current(cur, with_document=False)
    if removed is not None:
        cur.execute("DELETE FROM word_template WHERE id = 1")
    return removed
