"""Reading view («Læs sagsakt», pages/casefile_reader.py): 20,000 case-file pages at large scale.

Large scale adds one blind review "Sagsakter stor: 200 sager" chaired by the demo chair (formand, who so
sees every finding, as in the demo's Task Force 4200) with the four demo reviewers, 200 of the generated
cases selected with consent, and for each case 10 documents of 10 pages: 20,000 pages of Danish-like text
(the vocabulary of the case-file search bench), the first document of each case a text PDF whose pages carry
a page image (a demo page's), the others born digital (Word, e-mail) without one, as the demo's are. Each
reviewer codes two passages per case (1,600 findings, each citing a sentence of some page of the case), and
the page the bench opens holds one passage of each reviewer. The search index is rebuilt over all pages, as
``reindex`` would, so the search pages see the same 20,000 pages.

The page bench opens the reader as the chair on ``?dokument=<id>&side=2`` (the page writes the link itself
after the first run, so every timed rerun takes the link's path): at demo scale the demo's own first
document (Børnefaglig undersøgelse, 3 pages, its page 2) in Task Force 4200, at large scale the first
document of "Familie 1001" in the large review, page 2 with its four passages.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

from bench.features.casefile_search import page_text, vocabulary
from bench.generate import LARGE, reserve_ids
from bench.registry import BenchContext, generator, page_setup
from reviews import clock

REVIEW_NAME = "Sagsakter stor: 200 sager"
DEMO_REVIEW = "Task Force 4200"
CASES = 200
DOCUMENTS_PER_CASE = 10
PAGES_PER_DOCUMENT = 10
WORDS_PER_PAGE = 120  # a short page; the demo's are shorter still (~200 characters)
FINDINGS_PER_REVIEWER_CASE = 2
SHOWN_PAGE = 2
SEED = 1207
REVIEWERS = {"socialraadgiver": "socialrådgiver", "jurist": "jurist", "psykolog": "psykolog", "leder": "leder"}
DOCUMENT_KINDS = [  # (type, title, source kind): the first is the scanned-looking text PDF with page images
    ("børnefaglig undersøgelse", "Børnefaglig undersøgelse", "pdf"), ("afgørelse", "Afgørelse om støtte", "docx"),
    ("journalnotat", "Journalnotat", "docx"), ("e-mail", "Vedr. møde", "eml"), ("handleplan", "Handleplan", "docx"),
    ("underretning", "Underretning fra skolen", "eml"), ("barnets plan", "Barnets plan", "docx"),
    ("mødereferat", "Referat af netværksmøde", "docx"), ("statusudtalelse", "Statusudtalelse", "docx"),
    ("brev", "Brev til forældrene", "docx"),
]
FINDING_TEXTS = [
    "Undersøgelsen beskriver barnets perspektiv grundigt.", "Afgørelsen mangler en forståelig begrundelse.",
    "Familien blev ikke hørt før beslutningen.", "Netværket inddrages tidligt og konkret.",
    "Der er ingen plan for opfølgning.", "Skolens bekymring følges op inden for fristen.",
]
POLARITIES = ["bekymring", "går godt", "skal ske"]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for part in text.split("\n\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 2
    return spans


def _first_sentence(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    stop = text.find(".", start, end)
    return start, (stop + 1 if stop >= 0 else end)


@page_setup("pages/casefile_reader.py")
def _reader_setup(ctx: BenchContext, session_state: Any) -> None:
    """The review, the case (its first document opens) and the page; after the first run the page's own
    link (?dokument=&side=) carries the choice."""
    review_id, case_id, document_id = ctx.fact("reader_review_id"), ctx.fact("reader_case_id"), \
        ctx.fact("reader_document_id")
    if review_id is None:
        db = ctx.open_db()
        try:
            review_id = db.fetchone("SELECT id FROM reviews WHERE name = ?", [DEMO_REVIEW])[0]
            case_id, document_id = db.fetchone(
                "SELECT d.case_id, d.id FROM casefile_documents d JOIN review_cases rc ON rc.case_id = d.case_id"
                " AND rc.review_id = ? WHERE d.page_count >= ? ORDER BY d.case_id, d.doc_date, d.id LIMIT 1",
                [review_id, SHOWN_PAGE])
        finally:
            db.close()
    session_state["review_id"] = review_id
    session_state["reader_case"] = case_id
    session_state[f"reader_page_{document_id}"] = SHOWN_PAGE


def _texts(n_pages: int) -> list[str]:
    rng = random.Random(SEED)
    vocab = vocabulary(rng)
    weights = [1.0 / (rank + 10) for rank in range(len(vocab))]
    rng.shuffle(weights)
    cum_weights = list(itertools.accumulate(weights))
    return [page_text(rng, vocab, cum_weights, WORDS_PER_PAGE) for _ in range(n_pages)]


# After the case-review generator (order 200), which reserves its finding ids from the same sequence.
@generator("casefile_reader", order=250)
def gen_casefile_reader(cur, facts: dict[str, Any]) -> dict[str, Any]:
    from reviews import fulltext
    from reviews.services.casefile_search import SORTED_KEY
    from reviews.storage import casefile_search as index_repo
    from reviews.storage import settings

    now = clock.now()
    chair = facts["chair_id"]
    review_id = cur.execute(
        "INSERT INTO reviews (name, mandate, deadline, blind, created_at, chair_id)"
        " VALUES (?, ?, DATE '2019-06-30', TRUE, ?, ?) RETURNING id",
        [REVIEW_NAME, "Benchmark: sagsakterne i 200 sager læses og kodes passage for passage.", now, chair],
    ).fetchone()[0]
    cur.execute(
        "INSERT INTO review_members (review_id, user_id, discipline)"
        " SELECT ?, u.id, d.discipline FROM users u"
        " JOIN (SELECT unnest(?::VARCHAR[]) AS username, unnest(?::VARCHAR[]) AS discipline) d"
        "  ON d.username = u.username",
        [review_id, list(REVIEWERS), list(REVIEWERS.values())]).fetchall()
    first_number = LARGE["first_case_number"]
    case_ids = [r[0] for r in cur.execute(
        "SELECT id FROM cases WHERE pseudonym IN (SELECT 'Familie ' || (? + range) FROM range(?))"
        " ORDER BY TRY_CAST(substr(pseudonym, 9) AS INTEGER)", [first_number, CASES]).fetchall()]
    cur.execute(
        "INSERT INTO review_cases (review_id, case_id, nominated_by, rationale, consent, consent_date, consent_scope)"
        " SELECT ?, unnest(?::INTEGER[]), 'task force', 'Udvalgt til benchmark af sagsakter.', 'givet',"
        " DATE '2019-01-15', 'Hele sagen'", [review_id, case_ids]).fetchall()

    # Documents: ids reserved, so that the pages and passages below can name them.
    n_docs = len(case_ids) * DOCUMENTS_PER_CASE
    first_doc = reserve_ids(cur, "casefile_id_seq", n_docs)
    docs = [(first_doc + ci * DOCUMENTS_PER_CASE + j, case_id, j)
            for ci, case_id in enumerate(case_ids) for j in range(DOCUMENTS_PER_CASE)]
    cur.execute(
        "INSERT INTO casefile_documents (id, case_id, parent_id, doc_type, doc_date, title, author_unit, source_name,"
        " source_kind, page_count, masked_cpr, status, metadata, imported_at, imported_by, updated_at)"
        " SELECT id, case_id, NULL, doc_type, DATE '2016-01-04' + (j * 41)::INTEGER, title, 'Familieafdelingen',"
        "  title || '.' || kind, kind, ?, 0, 'klar', '{}', ?, ?, ?"
        " FROM (SELECT unnest(?::INTEGER[]) AS id, unnest(?::INTEGER[]) AS case_id, unnest(?::INTEGER[]) AS j,"
        "  unnest(?::VARCHAR[]) AS doc_type, unnest(?::VARCHAR[]) AS title, unnest(?::VARCHAR[]) AS kind)",
        [PAGES_PER_DOCUMENT, now, chair, now, [d[0] for d in docs], [d[1] for d in docs], [d[2] for d in docs],
         [DOCUMENT_KINDS[d[2]][0] for d in docs], [DOCUMENT_KINDS[d[2]][1] for d in docs],
         [DOCUMENT_KINDS[d[2]][2] for d in docs]]).fetchall()

    # Pages: text with its paragraph offsets; the PDF's pages get a demo page image.
    image, width, height = cur.execute(
        "SELECT image, image_width, image_height FROM casefile_pages WHERE image IS NOT NULL"
        " ORDER BY document_id, page_no LIMIT 1").fetchone() or (None, 0, 0)
    texts = _texts(n_docs * PAGES_PER_DOCUMENT)
    rows = []  # (document id, page no, text, paragraphs, with image)
    for (doc_id, _case_id, j), at in zip(docs, range(0, len(texts), PAGES_PER_DOCUMENT), strict=True):
        for p in range(PAGES_PER_DOCUMENT):
            text = texts[at + p]
            rows.append((doc_id, p + 1, text, _paragraphs(text), j == 0))
    cur.execute(
        "INSERT INTO casefile_pages (document_id, page_no, text, paragraph_starts, paragraph_ends, masked_cpr,"
        " needs_ocr, ocr, image, image_width, image_height)"
        " SELECT d, p, t, s, e, 0, FALSE, FALSE, CASE WHEN i THEN ?::BLOB END, CASE WHEN i THEN ? ELSE 0 END,"
        "  CASE WHEN i THEN ? ELSE 0 END"
        " FROM (SELECT unnest(?::INTEGER[]) AS d, unnest(?::INTEGER[]) AS p, unnest(?::VARCHAR[]) AS t,"
        "  unnest(?::INTEGER[][]) AS s, unnest(?::INTEGER[][]) AS e, unnest(?::BOOLEAN[]) AS i)",
        [image, width, height, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
         [[a for a, _ in r[3]] for r in rows], [[b for _, b in r[3]] for r in rows],
         [r[4] and image is not None for r in rows]]).fetchall()

    # Findings citing passages: two per reviewer and case on pages of the case; on the page the bench opens
    # (the first case's first document, SHOWN_PAGE) one of each reviewer.
    reviewers = cur.execute("SELECT u.id, m.discipline FROM users u JOIN review_members m ON m.user_id = u.id"
                            " AND m.review_id = ? ORDER BY u.username", [review_id]).fetchall()
    codes = [r[0] for r in cur.execute(
        "SELECT k.id FROM codes k JOIN codebooks cb ON cb.id = k.codebook_id WHERE cb.kind = 'koder'"
        " AND NOT k.retired ORDER BY k.id").fetchall()]
    page_of = {(r[0], r[1]): r for r in rows}
    rng = random.Random(SEED + 1)
    findings, passages = [], []
    for ci, case_id in enumerate(case_ids):
        for ri, (user_id, discipline) in enumerate(reviewers):
            for k in range(FINDINGS_PER_REVIEWER_CASE):
                if ci == 0 and k == 0:
                    doc_id, page_no = first_doc, SHOWN_PAGE
                else:
                    doc_id = first_doc + ci * DOCUMENTS_PER_CASE + rng.randrange(DOCUMENTS_PER_CASE)
                    page_no = rng.randrange(1, PAGES_PER_DOCUMENT + 1)
                _d, _p, text, spans, _i = page_of[(doc_id, page_no)]
                para = (ri + k) % len(spans)
                start, end = _first_sentence(text, spans[para])
                findings.append((case_id, user_id, discipline, rng.choice(FINDING_TEXTS), text[start:end],
                                 rng.choice(POLARITIES), rng.choice(codes) if codes else None))
                passages.append((doc_id, page_no, start, end, para, text[start:end]))
    first_finding = reserve_ids(cur, "finding_id_seq", len(findings))
    ids = list(range(first_finding, first_finding + len(findings)))
    cur.execute(
        "INSERT INTO findings (id, review_id, case_id, event_id, author_id, discipline, text, excerpt, polarity,"
        " judgement, created_at, updated_at)"
        " SELECT id, ?, c, NULL, a, d, t, x, p, NULL, ?, ?"
        " FROM (SELECT unnest(?::INTEGER[]) AS id, unnest(?::INTEGER[]) AS c, unnest(?::INTEGER[]) AS a,"
        "  unnest(?::VARCHAR[]) AS d, unnest(?::VARCHAR[]) AS t, unnest(?::VARCHAR[]) AS x, unnest(?::VARCHAR[]) AS p)",
        [review_id, now, now, ids, *([f[i] for f in findings] for i in range(6))]).fetchall()
    if codes:
        cur.execute("INSERT INTO finding_codes (finding_id, code_id)"
                    " SELECT unnest(?::INTEGER[]), unnest(?::INTEGER[])", [ids, [f[6] for f in findings]]).fetchall()
    cur.execute(
        "INSERT INTO finding_passages (finding_id, document_id, page_no, char_start, char_end, para_first, para_last,"
        " excerpt, created_at)"
        " SELECT f, d, p, s, e, q, q, x, ? FROM (SELECT unnest(?::INTEGER[]) AS f, unnest(?::INTEGER[]) AS d,"
        "  unnest(?::INTEGER[]) AS p, unnest(?::INTEGER[]) AS s, unnest(?::INTEGER[]) AS e,"
        "  unnest(?::INTEGER[]) AS q, unnest(?::VARCHAR[]) AS x)",
        [now, ids, *([p[i] for p in passages] for i in range(6))]).fetchall()

    # The search index over every page, demo's and these, built whole as reindex builds it.
    index_repo.clear(cur)
    analysed, last = [], 0
    while batch := index_repo.pages_to_index(cur, last, 500):
        for document_id, page_no, text in batch:
            counts, length = fulltext.term_counts(text)
            analysed.append((document_id, index_repo.PageTerms(page_no, dict(counts), length)))
        last = batch[-1][0]
    index_repo.bulk_load(cur, analysed)
    settings.put(cur, SORTED_KEY, str(index_repo.postings_count(cur)))
    return {"reader_review_id": review_id, "reader_case_id": case_ids[0], "reader_document_id": first_doc,
            "reader_pages": len(rows), "reader_findings": len(findings)}
