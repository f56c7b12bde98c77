"""SQL of the case-file search index: the stem dictionary, the postings, the page lengths, and BM25 ranking.

Owns casefile_search_terms, casefile_search_postings and casefile_search_pages (migrations/casefile_search.py).
A stem stays in the dictionary only while some page holds it: removing pages removes the stems nobody else
uses, so a deleted case leaves none of its words behind (the deletion job then rebuilds the file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from reviews.storage.rows import named

# BM25's usual constants: how fast repeats of a word stop counting, and how much a long page is discounted.
K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class PageTerms:
    """One page's analysed text: stem -> occurrences, and its length in indexed words."""

    page_no: int
    counts: dict[str, int]
    length: int


@dataclass(frozen=True)
class Hit:
    document_id: int
    page_no: int
    score: float
    matched: int  # distinct searched stems on the page
    case_id: int
    pseudonym: str
    title: str
    doc_type: str
    doc_date: dt.date | None
    page_count: int
    text: str


# -- writing -------------------------------------------------------------------------------------
def _add_terms(cur, stems: list[str]) -> None:
    cur.execute(
        "INSERT INTO casefile_search_terms (term_id, term)"
        " SELECT nextval('casefile_search_term_seq'), term FROM (SELECT DISTINCT unnest(?::VARCHAR[]) AS term) n"
        " WHERE NOT EXISTS (SELECT 1 FROM casefile_search_terms t WHERE t.term = n.term)"
        " ORDER BY term", [stems])


def _drop_unused_terms(cur, term_ids: list[int]) -> None:
    if term_ids:
        cur.execute(
            "DELETE FROM casefile_search_terms WHERE term_id IN (SELECT unnest(?::INTEGER[]))"
            " AND term_id NOT IN (SELECT term_id FROM casefile_search_postings"
            " WHERE term_id IN (SELECT unnest(?::INTEGER[])))", [term_ids, term_ids])


def replace_pages(cur, document_id: int, pages: list[PageTerms]) -> None:
    """(Re)index the given pages of a document: their old postings go, the new ones come in."""
    if not pages:
        return
    page_nos = [p.page_no for p in pages]
    old = [r[0] for r in cur.execute(
        "SELECT DISTINCT term_id FROM casefile_search_postings WHERE document_id = ?"
        " AND page_no IN (SELECT unnest(?::INTEGER[]))", [document_id, page_nos]).fetchall()]
    for table in ("casefile_search_postings", "casefile_search_pages"):  # fixed names
        cur.execute(f"DELETE FROM {table} WHERE document_id = ? AND page_no IN (SELECT unnest(?::INTEGER[]))",
                    [document_id, page_nos])
    terms, nos, tfs = [], [], []
    for page in pages:
        for term, tf in page.counts.items():
            terms.append(term)
            nos.append(page.page_no)
            tfs.append(tf)
    if terms:
        _add_terms(cur, terms)
        cur.execute(
            "INSERT INTO casefile_search_postings (term_id, document_id, page_no, tf)"
            " SELECT t.term_id, ?, x.page_no, x.tf FROM (SELECT unnest(?::VARCHAR[]) AS term,"
            " unnest(?::INTEGER[]) AS page_no, unnest(?::INTEGER[]) AS tf) x"
            " JOIN casefile_search_terms t ON t.term = x.term ORDER BY t.term_id, x.page_no",
            [document_id, terms, nos, tfs])
    indexed = [p for p in pages if p.length]
    if indexed:
        cur.execute(
            "INSERT INTO casefile_search_pages (document_id, page_no, length)"
            " SELECT ?, unnest(?::INTEGER[]), unnest(?::INTEGER[])",
            [document_id, [p.page_no for p in indexed], [p.length for p in indexed]])
    _drop_unused_terms(cur, old)


def delete_documents(cur, document_ids: list[int]) -> int:
    """Every index row of the documents, and the stems no other page holds; returns the postings deleted."""
    if not document_ids:
        return 0
    old = [r[0] for r in cur.execute(
        "SELECT DISTINCT term_id FROM casefile_search_postings WHERE document_id IN (SELECT unnest(?::INTEGER[]))",
        [document_ids]).fetchall()]
    deleted = cur.execute("DELETE FROM casefile_search_postings WHERE document_id IN (SELECT unnest(?::INTEGER[]))",
                          [document_ids]).fetchall()[0][0]
    cur.execute("DELETE FROM casefile_search_pages WHERE document_id IN (SELECT unnest(?::INTEGER[]))",
                [document_ids])
    _drop_unused_terms(cur, old)
    return deleted


def delete_for_cases(cur, case_ids: list[int]) -> int:
    """The index rows of every document of the cases (call before the documents themselves go)."""
    ids = [r[0] for r in cur.execute("SELECT id FROM casefile_documents WHERE case_id IN (SELECT unnest(?))",
                                     [case_ids]).fetchall()]
    return delete_documents(cur, ids)


def clear(cur) -> None:
    for table in ("casefile_search_postings", "casefile_search_pages", "casefile_search_terms"):  # fixed names
        cur.execute(f"DELETE FROM {table}")


def bulk_load(cur, pages: Iterable[tuple[int, PageTerms]]) -> int:
    """Fill an empty index from (document id, page) pairs in one pass, the postings sorted by stem id so
    that DuckDB's zone maps skip the row groups a search does not need. Returns the pages indexed."""
    documents, page_nos, lengths = [], [], []
    terms: dict[str, int] = {}
    post_term, post_doc, post_page, post_tf = [], [], [], []
    for document_id, page in pages:
        if not page.length:
            continue
        documents.append(document_id)
        page_nos.append(page.page_no)
        lengths.append(page.length)
        for term, tf in page.counts.items():
            post_term.append(terms.setdefault(term, len(terms)))
            post_doc.append(document_id)
            post_page.append(page.page_no)
            post_tf.append(tf)
    if not documents:
        return 0
    first = cur.execute("SELECT nextval('casefile_search_term_seq')").fetchone()[0]
    ordered = sorted(terms, key=terms.get)
    cur.execute("INSERT INTO casefile_search_terms (term_id, term)"
                " SELECT ? + i - 1, term FROM unnest(?::VARCHAR[]) WITH ORDINALITY AS x(term, i)", [first, ordered])
    if len(ordered) > 1:  # move the sequence past the ids just used
        cur.execute("SELECT max(nextval('casefile_search_term_seq')) FROM range(?)", [len(ordered) - 1])
    cur.execute(
        "INSERT INTO casefile_search_postings (term_id, document_id, page_no, tf)"
        " SELECT ? + t, d, p, f FROM (SELECT unnest(?::INTEGER[]) AS t, unnest(?::INTEGER[]) AS d,"
        " unnest(?::INTEGER[]) AS p, unnest(?::INTEGER[]) AS f) ORDER BY t, d, p",
        [first, post_term, post_doc, post_page, post_tf])
    cur.execute("INSERT INTO casefile_search_pages (document_id, page_no, length)"
                " SELECT unnest(?::INTEGER[]), unnest(?::INTEGER[]), unnest(?::INTEGER[])",
                [documents, page_nos, lengths])
    return len(documents)


def postings_count(cur) -> int:
    return cur.execute("SELECT count(*) FROM casefile_search_postings").fetchone()[0]


def sort_postings(cur) -> int:
    """Rewrite the postings in stem order. Pages indexed one by one append their postings at the end, where
    each row group spans every stem and so is read by every search; sorted, DuckDB's zone maps skip all row
    groups without the searched stems. Returns the rows rewritten."""
    cur.execute("CREATE TEMP TABLE casefile_search_sorting AS SELECT term_id, document_id, page_no, tf"
                " FROM casefile_search_postings ORDER BY term_id, document_id, page_no")
    try:
        cur.execute("DELETE FROM casefile_search_postings")
        cur.execute("INSERT INTO casefile_search_postings (term_id, document_id, page_no, tf)"
                    " SELECT term_id, document_id, page_no, tf FROM casefile_search_sorting")
    finally:
        cur.execute("DROP TABLE casefile_search_sorting")
    return postings_count(cur)


def pages_to_index(cur, after_document_id: int = 0, limit: int = 200) -> list[tuple[int, int, str]]:
    """(document id, page no, text) of the stored pages, a batch of documents at a time, in id order."""
    return cur.execute(
        "SELECT document_id, page_no, text FROM casefile_pages WHERE document_id IN"
        " (SELECT id FROM casefile_documents WHERE id > ? ORDER BY id LIMIT ?) ORDER BY document_id, page_no",
        [after_document_id, limit]).fetchall()


def counts(cur) -> tuple[int, int, int]:
    """Stems, postings and indexed pages."""
    return tuple(cur.execute(
        "SELECT (SELECT count(*) FROM casefile_search_terms), (SELECT count(*) FROM casefile_search_postings),"
        " (SELECT count(*) FROM casefile_search_pages)").fetchone())


# -- searching -----------------------------------------------------------------------------------
def search(cur, stems: list[str], case_ids: list[int], *, doc_types: list[str] | None = None,
           date_from: dt.date | None = None, date_to: dt.date | None = None, limit: int = 20,
           offset: int = 0) -> tuple[list[Hit], int]:
    """The pages of the given cases holding any of `stems`, best first, and how many there are.

    Pages holding more of the searched stems come first, then by BM25 score. The collection statistics
    (page count, average length, each stem's page frequency) are those of the searched documents only, so
    pages outside the caller's cases do not even sway the order."""
    if not stems or not case_ids:
        return [], 0
    # Fixed clause text; every value is bound.
    clauses, params = ["d.case_id IN (SELECT unnest(?::INTEGER[]))"], [case_ids]
    if doc_types:
        clauses.append("d.doc_type IN (SELECT unnest(?::VARCHAR[]))")
        params.append(doc_types)
    if date_from is not None:
        clauses.append("d.doc_date >= ?")
        params.append(date_from)
    if date_to is not None:
        clauses.append("d.doc_date <= ?")
        params.append(date_to)
    sql = f"""
        WITH q AS (SELECT term_id FROM casefile_search_terms WHERE term IN (SELECT unnest(?::VARCHAR[]))),
        docs AS (SELECT d.id FROM casefile_documents d WHERE {" AND ".join(clauses)}),
        hits AS (
            SELECT p.term_id, p.document_id, p.page_no, p.tf FROM casefile_search_postings p
            WHERE p.term_id IN (SELECT term_id FROM q) AND p.document_id IN (SELECT id FROM docs)),
        corpus AS (
            SELECT count(*) AS n, avg(l.length) AS avgdl FROM casefile_search_pages l
            WHERE l.document_id IN (SELECT id FROM docs)),
        df AS (SELECT term_id, count(*) AS df FROM hits GROUP BY term_id),
        scored AS (
            SELECT h.document_id, h.page_no, count(*) AS matched,
                   sum(ln(1 + (c.n - df.df + 0.5) / (df.df + 0.5)) * h.tf * ({K1} + 1)
                       / (h.tf + {K1} * (1 - {B} + {B} * l.length / c.avgdl))) AS score
            FROM hits h JOIN df ON df.term_id = h.term_id
            JOIN casefile_search_pages l ON l.document_id = h.document_id AND l.page_no = h.page_no
            CROSS JOIN corpus c
            GROUP BY h.document_id, h.page_no),
        top AS (
            SELECT document_id, page_no, matched, score, count(*) OVER () AS total FROM scored
            ORDER BY matched DESC, score DESC, document_id, page_no LIMIT ? OFFSET ?)
        SELECT top.document_id, top.page_no, top.score, top.matched, d.case_id, c.pseudonym, d.title, d.doc_type,
               d.doc_date, d.page_count, top.total, pg.rowid AS page_row
        FROM top JOIN casefile_documents d ON d.id = top.document_id
        JOIN cases c ON c.id = d.case_id
        JOIN casefile_pages pg ON pg.document_id = top.document_id AND pg.page_no = top.page_no
        ORDER BY top.matched DESC, top.score DESC, top.document_id, top.page_no
    """
    rows = named(cur.execute(sql, [stems, *params, limit, offset]))  # one page of hits: `limit` rows at most
    if not rows and offset:
        total = _count_hits(cur, stems, clauses, params)
        return [], total
    texts = page_texts(cur, [(r["document_id"], r["page_no"]) for r in rows], [r["page_row"] for r in rows])
    hits = [Hit(document_id=r["document_id"], page_no=r["page_no"], score=float(r["score"]), matched=r["matched"],
                case_id=r["case_id"], pseudonym=r["pseudonym"], title=r["title"], doc_type=r["doc_type"],
                doc_date=r["doc_date"], page_count=r["page_count"],
                text=texts.get((r["document_id"], r["page_no"]), ""))
            for r in rows]
    return hits, (rows[0]["total"] if rows else 0)


def page_texts(cur, keys: list[tuple[int, int]], row_ids: list[int]) -> dict[tuple[int, int], str]:
    """The text of each (document id, page no), for the snippets of one page of hits.

    Joining the texts in by key makes DuckDB decompress the text of every page; fetching by row id (which
    the ranking query looks up from the key columns alone) reads only the wanted ones. A row id holds only
    within one snapshot (a checkpoint between the two queries may renumber rows), so each fetched row is
    checked against its key and any miss is read by key instead."""
    if not keys:
        return {}
    wanted = set(keys)
    found = {(document_id, page_no): text for document_id, page_no, text in cur.execute(
        "SELECT document_id, page_no, text FROM casefile_pages WHERE rowid = ANY(?::BIGINT[])", [row_ids]).fetchall()
        if (document_id, page_no) in wanted}
    for document_id, page_no in wanted - found.keys():
        row = cur.execute("SELECT text FROM casefile_pages WHERE document_id = ? AND page_no = ?",
                          [document_id, page_no]).fetchone()
        if row is not None:
            found[(document_id, page_no)] = row[0]
    return found


def _count_hits(cur, stems: list[str], sql_clauses: list[str], params: list) -> int:
    """How many pages match (for an offset past the last hit, where the ranked query returns no row)."""
    return cur.execute(
        "SELECT count(*) FROM (SELECT DISTINCT p.document_id, p.page_no FROM casefile_search_postings p"
        " WHERE p.term_id IN (SELECT term_id FROM casefile_search_terms WHERE term IN (SELECT unnest(?::VARCHAR[])))"
        " AND p.document_id IN (SELECT d.id FROM casefile_documents d WHERE " + " AND ".join(sql_clauses) + "))",
        [stems, *params]).fetchone()[0]
