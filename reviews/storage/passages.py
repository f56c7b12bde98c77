"""SQL of finding passages: the character ranges of case-file pages that findings cite.

Which passages a viewer may see is not decided here: the services pass the passages' findings through the
findings' own visibility rule (storage.findings.visible_among).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reviews.models.passages import Passage
from reviews.storage.rows import named, named_one

_COLUMNS = ("p.id, p.finding_id, p.document_id, p.page_no, p.char_start, p.char_end, p.para_first, p.para_last,"
            " p.excerpt, p.created_at")


def replace_for_finding(cur, finding_id: int, *, document_id: int, page_no: int, start: int, end: int,
                        para_first: int, para_last: int, excerpt: str, now: dt.datetime) -> int:
    """Make `finding_id` cite exactly this passage (a finding cites one passage)."""
    cur.execute("DELETE FROM finding_passages WHERE finding_id = ?", [finding_id])
    return cur.execute(
        "INSERT INTO finding_passages (finding_id, document_id, page_no, char_start, char_end, para_first, para_last,"
        " excerpt, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [finding_id, document_id, page_no, start, end, para_first, para_last, excerpt, now]).fetchone()[0]


def of_finding(cur, finding_id: int) -> Passage | None:
    row = named_one(cur.execute(
        "SELECT " + _COLUMNS + " FROM finding_passages p WHERE p.finding_id = ? ORDER BY p.id LIMIT 1", [finding_id]))
    return Passage(**row) if row else None


def on_page(cur, review_id: int, document_id: int, page_no: int) -> list[tuple[Passage, int]]:
    """(passage, author id) of every passage on the page cited by a finding of the review, in text order.
    One page only: the reading view never loads a document's other pages."""
    rows = named(cur.execute(
        "SELECT " + _COLUMNS + ", f.author_id FROM finding_passages p JOIN findings f ON f.id = p.finding_id"
        " WHERE p.document_id = ? AND p.page_no = ? AND f.review_id = ? ORDER BY p.char_start, p.char_end, p.id",
        [document_id, page_no, review_id]))
    cited = []
    for row in rows:
        author_id = row.pop("author_id")
        cited.append((Passage(**row), author_id))
    return cited


def refs_of_findings(cur, finding_ids) -> list[tuple[int, int, str, int, int]]:
    """(finding id, document id, document title, page, case id) of the findings' passages."""
    ids = [int(i) for i in finding_ids]
    if not ids:
        return []
    return cur.execute(
        "SELECT p.finding_id, p.document_id, coalesce(d.title, ''), p.page_no, d.case_id FROM finding_passages p"
        " JOIN casefile_documents d ON d.id = p.document_id WHERE p.finding_id IN (SELECT unnest(?::INTEGER[]))"
        " ORDER BY p.finding_id, p.id", [ids]).fetchall()


def delete_for_finding(cur, finding_id: int) -> None:
    cur.execute("DELETE FROM finding_passages WHERE finding_id = ?", [finding_id])


def delete_for_cases(cur, case_ids: list[int]) -> int:
    """Passages of the cases' findings or of their documents (retention); returns the rows deleted."""
    rows = cur.execute(
        "DELETE FROM finding_passages WHERE finding_id IN (SELECT id FROM findings WHERE case_id IN (SELECT unnest(?)))"
        " OR document_id IN (SELECT id FROM casefile_documents WHERE case_id IN (SELECT unnest(?)))",
        [case_ids, case_ids]).fetchall()
    return rows[0][0] if rows else 0


def agreement_rows(cur, review_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Inputs of passage agreement for the review: (passages: case_id, document_id, page_no, para_first,
    para_last, user_id, code_id — every coded passage of a reviewer who finished reading its case) and
    (readers: case_id, user_id — who finished which case). Restricting to what a viewer may see is the
    service's business."""
    passages = cur.execute(
        "SELECT f.case_id, p.document_id, p.page_no, p.para_first, p.para_last, f.author_id AS user_id, fc.code_id"
        " FROM finding_passages p JOIN findings f ON f.id = p.finding_id"
        " JOIN finding_codes fc ON fc.finding_id = f.id"
        " JOIN readings r ON r.review_id = f.review_id AND r.case_id = f.case_id AND r.user_id = f.author_id"
        " WHERE f.review_id = ? ORDER BY 1, 2, 3, 4, 6, 7", [review_id]).df()
    readers = cur.execute("SELECT case_id, user_id FROM readings WHERE review_id = ? ORDER BY 1, 2",
                          [review_id]).df()
    return passages, readers


def stamp(cur, review_id: int) -> tuple:
    """A cheap fingerprint of the review's passages (with the findings' stamp, what passage agreement reads)."""
    return cur.execute(
        "SELECT count(*), max(p.id), sum(p.char_start + p.char_end) FROM finding_passages p"
        " JOIN findings f ON f.id = p.finding_id WHERE f.review_id = ?", [review_id]).fetchone()


def of_findings(cur, finding_ids) -> dict[int, Passage]:
    """finding id -> the passage it cites, for those of `finding_ids` that cite one, in one statement."""
    ids = sorted({int(i) for i in finding_ids})
    if not ids:
        return {}
    rows = named(cur.execute("SELECT " + _COLUMNS + " FROM finding_passages p"
                             " WHERE p.finding_id IN (SELECT unnest(?::INTEGER[])) ORDER BY p.id", [ids]))
    found: dict[int, Passage] = {}
    for row in rows:
        if row["finding_id"] not in found:  # the first passage of each finding
            found[row["finding_id"]] = Passage(**row)
    return found


def cited_documents(cur, document_ids) -> dict[int, int]:
    """document id -> the number of passages citing it, for those of `document_ids` that are cited."""
    ids = sorted({int(i) for i in document_ids})
    if not ids:
        return {}
    return dict(cur.execute("SELECT document_id, count(*) FROM finding_passages"
                            " WHERE document_id IN (SELECT unnest(?::INTEGER[])) GROUP BY document_id", [ids]).fetchall())

