"""«Søg i sagsakter»: full-text search in the pages of the case files the user may read.

Danish words are stemmed (reviews.fulltext) and looked up in the index in the database
(reviews.storage.casefile_search), ranked by BM25, each hit a page with a snippet around its best match.
Need-to-know holds as everywhere: only the cases the user may read are searched, and the ranking's
statistics come from those cases alone, so a case outside them shows up in nothing, not even a count.
Every search is logged with its criteria, the query CPR-masked first. The index follows the pages: the
import and the OCR job index what they store (index_pages), deleting case files deletes their index rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from reviews import fulltext
from reviews.errors import ValidationError
from reviews.models import User
from reviews.models.casefile_search import SearchHit, SearchResults
from reviews.models.casefiles import CasefileType
from reviews.privacy.cpr import mask_cpr
from reviews.services import access
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import casefile_search as repo
from reviews.storage import settings

MAX_QUERY = 200  # characters
MAX_WORDS = 10  # distinct stems searched for
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
SNIPPET_WIDTH = 240
REINDEX_BATCH = 200  # documents per read while reindexing
SORT_AFTER = 100_000  # postings appended before settle() sorts them (a DuckDB row group holds 122,880 rows)
SORTED_KEY = "casefile_search.sorted_postings"  # how many postings there were when last sorted


def _page_terms(page_no: int, text: str) -> repo.PageTerms:
    counts, length = fulltext.term_counts(text)
    return repo.PageTerms(page_no, dict(counts), length)


def index_pages(cur, document_id: int, pages: Iterable) -> None:
    """(Re)index pages of a document inside the caller's transaction; `pages`: objects with page_no and text.

    Called by the import as it stores pages and by the OCR job as it fills them, so the index never lags."""
    repo.replace_pages(cur, document_id, [_page_terms(p.page_no, p.text) for p in pages])


def settle(db) -> bool:
    """Sort the postings when enough have been appended since they were last sorted (after an import, after
    OCR): a search then reads only the row groups of its stems. About a second per 3 million postings, and
    each time only after the index grew by a quarter, so the cost stays in proportion. Returns whether it sorted."""

    def due(cur) -> tuple[bool, int, int]:
        total = repo.postings_count(cur)
        done = int(settings.get(cur, SORTED_KEY) or 0)
        return total - min(done, total) >= max(SORT_AFTER, done // 4), total, done

    if not due(db.cursor())[0]:
        return False

    def work(cur) -> bool:
        needed, _total, _done = due(cur)
        if needed:
            settings.put(cur, SORTED_KEY, str(repo.sort_postings(cur)))
        return needed

    return db.write(work)


def _readable_case_ids(cur, actor: User, case_id: int | None) -> list[int]:
    readable = access.readable_case_ids(cur, actor)
    if case_id is not None:
        return [case_id] if case_id in readable else []
    return sorted(readable)


def _doc_types(values) -> list[str]:
    try:
        return sorted({CasefileType(v).value for v in values or ()})
    except ValueError:
        raise ValidationError("casefile_search.error.doc_type") from None


def _parse(query: str) -> tuple[str, fulltext.Query]:
    """The masked query and its stems, or a ValidationError saying what is wrong with it."""
    query = (query or "").strip()
    if not query:
        raise ValidationError("casefile_search.error.empty")
    if len(query) > MAX_QUERY:
        raise ValidationError("casefile_search.error.too_long", maximum=MAX_QUERY)
    masked, cpr_count = mask_cpr(query)
    parsed = fulltext.parse_query(masked)
    if not parsed.stems:
        raise ValidationError("casefile_search.error.cpr_only" if cpr_count else "casefile_search.error.common_words")
    if len(parsed.stems) > MAX_WORDS:
        raise ValidationError("casefile_search.error.too_many_words", maximum=MAX_WORDS)
    return masked, parsed


@requires("casefile.read")
def search(db, actor: User, query: str, *, case_id: int | None = None,
           doc_types: Iterable[CasefileType | str] | None = None, date_from: dt.date | None = None,
           date_to: dt.date | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> SearchResults:
    """The pages of the readable cases matching `query`, best first, `limit` at a time from `offset`.

    Filters: one case, document types, and the documents' date range (both ends included; a date filter
    leaves undated documents out). Bad input raises ValidationError and neither searches nor logs."""
    masked, parsed = _parse(query)
    types = _doc_types(doc_types)
    if date_from and date_to and date_to < date_from:
        raise ValidationError("casefile_search.error.dates_reversed")
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError("casefile_search.error.limit", maximum=MAX_LIMIT)
    if not isinstance(offset, int) or offset < 0:
        raise ValidationError("casefile_search.error.limit", maximum=MAX_LIMIT)
    cur = db.cursor()
    case_ids = _readable_case_ids(cur, actor, case_id)
    rows, total = repo.search(cur, list(parsed.stems), case_ids, doc_types=types or None, date_from=date_from,
                              date_to=date_to, limit=limit, offset=offset)
    stems = frozenset(parsed.stems)
    hits = tuple(SearchHit(document_id=r.document_id, page_no=r.page_no, case_id=r.case_id, pseudonym=r.pseudonym,
                           title=r.title, doc_type=CasefileType(r.doc_type), doc_date=r.doc_date,
                           page_count=r.page_count, score=r.score, matched=r.matched,
                           snippet=fulltext.snippet(r.text, stems, width=SNIPPET_WIDTH)) for r in rows)
    criteria = {k: v for k, v in dict(query=masked, case_id=case_id, doc_types=types, date_from=date_from,
                                      date_to=date_to, offset=offset).items() if v}
    # The pages found are not read yet (opening one is), so the log names the criteria and the count.
    db.write(lambda c: record(c, actor, "search", record_type="casefile", details={**criteria, "hits": total}))
    return SearchResults(hits=hits, total=total, words=parsed.stems, limit=limit, offset=offset)


@requires("backup.manage")
def reindex(db, actor: User) -> dict[str, int]:
    """Build the whole index afresh from the stored pages (an existing database, or after a change of the
    analysis): one transaction, the postings written sorted by stem. The operator's maintenance: answers
    with counts only."""

    def work(cur) -> dict[str, int]:
        repo.clear(cur)
        analysed, last = [], 0
        while True:
            batch = repo.pages_to_index(cur, last, REINDEX_BATCH)
            if not batch:
                break
            analysed += [(document_id, _page_terms(page_no, text)) for document_id, page_no, text in batch]
            last = batch[-1][0]
        pages = repo.bulk_load(cur, analysed)
        terms, postings, _pages = repo.counts(cur)
        settings.put(cur, SORTED_KEY, str(postings))  # bulk_load writes them sorted
        result = {"pages": pages, "terms": terms, "postings": postings}
        record(cur, actor, "reindex", record_type="casefile_search", details=result)
        return result

    return db.write(work)
