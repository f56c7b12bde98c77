"""SQL of case files: documents, pages (masked text, paragraph offsets, redacted image) and OCR jobs."""

from __future__ import annotations

import datetime as dt
import json

from reviews.models.casefiles import (Casefile, CasefileJob, CasefilePage, CasefileStatus, CasefileType,
                                      JobStatus)
from reviews.storage import casefile_search
from reviews.storage.rows import named, named_one

_DOC_COLUMNS = ("d.id, d.case_id, d.doc_type, d.doc_date, d.title, d.author_unit, d.source_name, d.source_kind,"
                " d.page_count, d.masked_cpr, d.status, d.parent_id, d.imported_at, d.version, d.metadata")
_JOB_COLUMNS = "id, case_id, kind, status, total, done, message, created_at, finished_at"


def _doc(row: dict) -> Casefile:
    # Converted in the row named() built: no second dict per row.
    row["doc_type"] = CasefileType(row["doc_type"])
    row["status"] = CasefileStatus(row["status"])
    row["metadata"] = json.loads(row["metadata"] or "{}")
    return Casefile(**row)


def _job(row: dict) -> CasefileJob:
    row["status"] = JobStatus(row["status"])
    return CasefileJob(**row)


def insert_document(cur, *, case_id: int, parent_id: int | None, doc_type: CasefileType, doc_date, title: str,
                    author_unit: str, source_name: str, source_kind: str, page_count: int, masked_cpr: int,
                    status: CasefileStatus, metadata: dict, user_id: int | None, now: dt.datetime) -> int:
    return cur.execute(
        "INSERT INTO casefile_documents (case_id, parent_id, doc_type, doc_date, title, author_unit, source_name,"
        " source_kind, page_count, masked_cpr, status, metadata, imported_at, imported_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [case_id, parent_id, doc_type.value, doc_date, title, author_unit, source_name, source_kind, page_count,
         masked_cpr, status.value, json.dumps(metadata, ensure_ascii=False, sort_keys=True), now, user_id, now],
    ).fetchone()[0]


def insert_pages(cur, document_id: int, pages: list) -> None:
    """`pages`: objects with page_no, text, paragraphs, masked_cpr, needs_ocr, ocr, image, width, height."""
    if not pages:
        return
    cur.executemany(
        "INSERT INTO casefile_pages (document_id, page_no, text, paragraph_starts, paragraph_ends, masked_cpr,"
        " needs_ocr, ocr, image, image_width, image_height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[document_id, p.page_no, p.text, [a for a, _ in p.paragraphs], [b for _, b in p.paragraphs], p.masked_cpr,
          p.needs_ocr, p.ocr, p.image, p.width, p.height] for p in pages],
    )


def update_page(cur, document_id: int, page) -> None:
    """The OCR'd text and redacted image of a page that was waiting for them."""
    cur.execute(
        "UPDATE casefile_pages SET text = ?, paragraph_starts = ?, paragraph_ends = ?, masked_cpr = ?,"
        " needs_ocr = FALSE, ocr = ?, image = ?, image_width = ?, image_height = ?"
        " WHERE document_id = ? AND page_no = ?",
        [page.text, [a for a, _ in page.paragraphs], [b for _, b in page.paragraphs], page.masked_cpr, page.ocr,
         page.image, page.width, page.height, document_id, page.page_no],
    )


def refresh_document_counts(cur, document_id: int, status: CasefileStatus, now: dt.datetime) -> None:
    cur.execute(
        "UPDATE casefile_documents SET status = ?, updated_at = ?, masked_cpr ="
        " (SELECT coalesce(sum(masked_cpr), 0) FROM casefile_pages WHERE document_id = ?) WHERE id = ?",
        [status.value, now, document_id, document_id],
    )


def first_pages_text(cur, document_id: int, pages: int = 3) -> str:
    return "\n".join(r[0] for r in cur.execute(
        "SELECT text FROM casefile_pages WHERE document_id = ? AND page_no <= ? ORDER BY page_no",
        [document_id, pages]).fetchall())


def apply_suggestions(cur, document_id: int, *, doc_type: CasefileType, doc_date, title: str) -> None:
    """Suggestions from the OCR'd text, for a document nobody has edited yet (version 1)."""
    cur.execute("UPDATE casefile_documents SET doc_type = ?, doc_date = coalesce(?, doc_date), title = ?"
                " WHERE id = ? AND version = 1", [doc_type.value, doc_date, title, document_id])


def get_document(cur, document_id: int) -> Casefile | None:
    row = named_one(cur.execute("SELECT " + _DOC_COLUMNS + " FROM casefile_documents d WHERE d.id = ?", [document_id]))
    return _doc(row) if row else None


def documents_of_case(cur, case_id: int) -> list[Casefile]:
    rows = named(cur.execute(
        "SELECT " + _DOC_COLUMNS + " FROM casefile_documents d WHERE d.case_id = ?"
        " ORDER BY d.doc_date NULLS LAST, d.id", [case_id]))
    return [_doc(r) for r in rows]


def update_details(cur, document_id: int, expected_version: int, *, doc_type: CasefileType, doc_date, title: str,
                   author_unit: str, now: dt.datetime) -> Casefile | None:
    row = named_one(cur.execute(
        "UPDATE casefile_documents AS d SET doc_type = ?, doc_date = ?, title = ?, author_unit = ?, updated_at = ?,"
        " version = version + 1 WHERE id = ? AND version = ? RETURNING " + _DOC_COLUMNS.replace("d.", ""),
        [doc_type.value, doc_date, title, author_unit, now, document_id, expected_version],
    ))
    return _doc(row) if row else None


def get_page(cur, document_id: int, page_no: int) -> CasefilePage | None:
    row = named_one(cur.execute(
        "SELECT document_id, page_no, text, paragraph_starts, paragraph_ends, masked_cpr, needs_ocr, ocr, image,"
        " image_width, image_height FROM casefile_pages WHERE document_id = ? AND page_no = ?",
        [document_id, page_no]))
    if row is None:
        return None
    row["paragraphs"] = tuple(zip(row.pop("paragraph_starts"), row.pop("paragraph_ends")))
    return CasefilePage(**row)


def pending_ocr_pages(cur, document_id: int) -> list[int]:
    return [r[0] for r in cur.execute(
        "SELECT page_no FROM casefile_pages WHERE document_id = ? AND needs_ocr ORDER BY page_no",
        [document_id]).fetchall()]


# -- jobs ------------------------------------------------------------------------------------------
def insert_job(cur, *, case_id: int, kind: str, total: int, user_id: int | None, now: dt.datetime) -> int:
    return cur.execute(
        "INSERT INTO casefile_jobs (case_id, kind, status, total, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)"
        " RETURNING id", [case_id, kind, JobStatus.QUEUED.value, total, user_id, now]).fetchone()[0]


def update_job(cur, job_id: int, *, status: JobStatus, done: int | None = None, message: str = "",
               finished_at: dt.datetime | None = None) -> None:
    cur.execute(
        "UPDATE casefile_jobs SET status = ?, done = coalesce(?, done), message = ?, finished_at = ? WHERE id = ?",
        [status.value, done, message, finished_at, job_id])


def get_job(cur, job_id: int) -> CasefileJob | None:
    row = named_one(cur.execute("SELECT " + _JOB_COLUMNS + " FROM casefile_jobs WHERE id = ?", [job_id]))
    return _job(row) if row else None


def jobs_of_case(cur, case_id: int, limit: int = 20) -> list[CasefileJob]:
    rows = named(cur.execute(
        "SELECT " + _JOB_COLUMNS + " FROM casefile_jobs WHERE case_id = ? ORDER BY id DESC LIMIT ?", [case_id, limit]))
    return [_job(r) for r in rows]


def interrupt_unfinished_jobs(cur, now: dt.datetime, message: str) -> list[int]:
    """Jobs a previous process left running: their input (held in memory only) is gone."""
    ids = [r[0] for r in cur.execute(
        "SELECT id FROM casefile_jobs WHERE status IN (?, ?)",
        [JobStatus.QUEUED.value, JobStatus.RUNNING.value]).fetchall()]
    if ids:
        cur.execute("UPDATE casefile_jobs SET status = ?, message = ?, finished_at = ? WHERE id IN (SELECT unnest(?))",
                    [JobStatus.INTERRUPTED.value, message, now, ids])
    return ids


# -- deletion (retention) -----------------------------------------------------------------------------
def delete_for_cases(cur, case_ids: list[int]) -> int:
    """Every document, page (text and image), search-index entry and job of the cases; returns the rows deleted."""
    deleted = casefile_search.delete_for_cases(cur, case_ids)
    for sql in (
        "DELETE FROM casefile_pages WHERE document_id IN"
        " (SELECT id FROM casefile_documents WHERE case_id IN (SELECT unnest(?)))",
        "DELETE FROM casefile_documents WHERE case_id IN (SELECT unnest(?))",
        "DELETE FROM casefile_jobs WHERE case_id IN (SELECT unnest(?))",
    ):
        rows = cur.execute(sql, [case_ids]).fetchall()
        deleted += rows[0][0] if rows else 0
    return deleted


def documents_by_ids(cur, document_ids) -> dict[int, Casefile]:
    """The documents of `document_ids` that exist, by id, in one statement."""
    ids = sorted({int(i) for i in document_ids})
    if not ids:
        return {}
    rows = named(cur.execute(
        "SELECT " + _DOC_COLUMNS + " FROM casefile_documents d WHERE d.id IN (SELECT unnest(?::INTEGER[]))", [ids]))
    return {document.id: document for document in map(_doc, rows)}


def with_attachments(cur, document_id: int) -> list[int]:
    """The document and every document that came out of it (an e-mail's attachments, theirs in turn)."""
    rows = cur.execute(
        "WITH RECURSIVE tree(id) AS (SELECT ?::INTEGER UNION SELECT d.id FROM casefile_documents d"
        " JOIN tree ON d.parent_id = tree.id) SELECT id FROM tree ORDER BY id", [document_id]).fetchall()
    return [r[0] for r in rows]


def delete_documents(cur, document_ids: list[int]) -> int:
    """The documents with their pages (text and image) and search-index entries; returns the rows deleted."""
    ids = sorted({int(i) for i in document_ids})
    if not ids:
        return 0
    deleted = casefile_search.delete_documents(cur, ids)
    for sql in ("DELETE FROM casefile_pages WHERE document_id IN (SELECT unnest(?::INTEGER[]))",
                "DELETE FROM casefile_documents WHERE id IN (SELECT unnest(?::INTEGER[]))"):
        rows = cur.execute(sql, [ids]).fetchall()
        deleted += rows[0][0] if rows else 0
    return deleted

