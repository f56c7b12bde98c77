"""Case-file search («Søg i sagsakter»): 20,000 pages of generated Danish-like text, ~50 queries of 1-3 words.

A fresh database file with 200 cases of one chair (who may read them all, so every search covers all
20,000 pages), 2,000 documents of 10 pages, each page ~250 words drawn Zipf-like from a vocabulary of
real Danish case-file words in their inflected forms (æøå) and made-up compounds. The pages are indexed
as the import indexes them (per document, `services.casefile_search.index_pages`, then `settle` after
each batch of 100 documents, which sorts the postings once enough are appended), and the searches are
timed through the service (need-to-know, BM25, snippets and the audit row included): in the connection
that built the data, in a fresh connection to the file, and after `reindex` has rebuilt the index whole. Target (issue 12): p50 <= 50 ms, p95 <= 200 ms.
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
from dataclasses import dataclass

from bench.registry import Result, operation

CASES = 200
DOCUMENTS = 2_000
PAGES_PER_DOCUMENT = 10
WORDS_PER_PAGE = 250
QUERIES = 50
REPEATS = 3
SEED = 5312
P50_MS, P95_MS = 50.0, 200.0

# Real words of Danish child-welfare case files, each with inflected forms the stemmer must bring together.
_INFLECTED = [
    ("undersøgelse", "undersøgelsen", "undersøgelser", "undersøgelserne"), ("barn", "barnet", "barnets"),
    ("børn", "børnene", "børnenes"), ("afgørelse", "afgørelsen", "afgørelser"), ("forælder", "forældre", "forældrene"),
    ("anbringelse", "anbringelsen", "anbringelser"), ("plejefamilie", "plejefamilien", "plejefamilier"),
    ("skole", "skolen", "skoler"), ("sagsbehandler", "sagsbehandleren", "sagsbehandlere"),
    ("møde", "mødet", "møder", "møderne"), ("underretning", "underretningen", "underretninger"),
    ("støtte", "støtten", "støttes"), ("trivsel", "trivslen"), ("familie", "familien", "familier", "familiens"),
    ("handleplan", "handleplanen", "handleplaner"), ("vurdering", "vurderingen", "vurderinger"),
    ("bekymring", "bekymringen", "bekymringer"), ("samvær", "samværet"), ("mor", "moren", "mødre"),
    ("far", "faren", "fædre"), ("psykolog", "psykologen", "psykologer"), ("udvikling", "udviklingen"),
    ("indsats", "indsatsen", "indsatser"), ("opfølgning", "opfølgningen"), ("lov", "loven", "love"),
    ("sundhedsplejerske", "sundhedsplejersken"), ("børnehave", "børnehaven"), ("pædagog", "pædagogen", "pædagoger"),
    ("netværk", "netværket"), ("klage", "klagen", "klager"), ("ankestyrelse", "ankestyrelsen"),
    ("frivillig", "frivilligt", "frivillige"), ("tvangsmæssig", "tvangsmæssigt"), ("hjem", "hjemmet", "hjemme"),
    ("tilsyn", "tilsynet"), ("økonomi", "økonomien"), ("søskende", "søskendes"), ("fritid", "fritiden"),
]
_SYLLABLES = ["bør", "sag", "fæl", "rå", "skø", "mæg", "lov", "hjæl", "øvel", "kår", "vær", "ån", "bli", "tæt",
              "grø", "fri", "sød", "hå", "ker", "løs", "dæk", "pla", "mø", "år", "sko", "trø", "vå", "næs"]
_FILLER = ["og", "i", "at", "det", "en", "til", "er", "som", "på", "med", "for", "ikke", "der", "har", "om",
           "efter", "hos", "blev", "skal", "kan", "vil", "været", "også", "meget", "ved", "mellem"]


def vocabulary(rng: random.Random) -> list[str]:
    """Real case-file words in their inflected forms, then ~12,000 made-up Danish-looking ones."""
    made_up = {"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) + rng.choice(
        ["", "en", "et", "er", "erne", "ens", "ing", "else", "hed"]) for _ in range(12_000)}
    real = [form for forms in _INFLECTED for form in forms]
    return real + sorted(made_up)


@dataclass
class _Page:
    page_no: int
    text: str
    paragraphs: list
    masked_cpr: int = 0
    needs_ocr: bool = False
    ocr: bool = False
    image: bytes | None = None
    width: int = 0
    height: int = 0


def page_text(rng: random.Random, vocab: list[str], cum_weights: list[float], n: int = WORDS_PER_PAGE) -> str:
    """`n` words in sentences of 12, 4 sentences to a paragraph, paragraphs separated by a blank line.
    `cum_weights`: itertools.accumulate of the words' weights (what random.choices would compute on every call)."""
    words = rng.choices(vocab, cum_weights=cum_weights, k=n)
    for i in range(0, n, 3):
        words[i] = rng.choice(_FILLER)
    sentences = [" ".join(words[i:i + 12]).capitalize() + "." for i in range(0, n, 12)]
    return "\n\n".join(" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4))


def _build(db, rng: random.Random) -> tuple[object, float]:
    """The cases, documents and pages; returns the chair and the seconds spent indexing."""
    from reviews import clock
    from reviews.models import Role
    from reviews.models.casefiles import CasefileStatus, CasefileType
    from reviews.services import auth
    from reviews.services import casefile_search
    from reviews.services import cases as case_service
    from reviews.storage import casefiles as casefile_repo

    chair = auth.create_user_unchecked(db, None, username="bench-formand", full_name="Bench Formand",
                                       role=Role.CHAIR, password="bench-password-1")
    case_ids = [case_service.create_case(db, chair, case_service.CaseForm(f"Bench-familie {n}")).record.id
                for n in range(CASES)]
    vocab = vocabulary(rng)
    weights = [1.0 / (rank + 10) for rank in range(len(vocab))]  # Zipf-like: the real words are common
    rng.shuffle(weights)  # ... but not all of them: common and rare words mixed
    cum_weights = list(itertools.accumulate(weights))
    types = list(CasefileType)
    indexing = 0.0
    now = clock.now()
    for batch in range(0, DOCUMENTS, 100):
        documents = []
        for n in range(batch, batch + 100):
            pages = [_Page(p, text := page_text(rng, vocab, cum_weights), [(0, len(text))])
                     for p in range(1, PAGES_PER_DOCUMENT + 1)]
            documents.append((case_ids[n % CASES], types[n % len(types)], pages, n))

        def store(cur, documents=documents) -> float:
            spent = 0.0
            for case_id, doc_type, pages, n in documents:
                doc_id = casefile_repo.insert_document(
                    cur, case_id=case_id, parent_id=None, doc_type=doc_type,
                    doc_date=clock.today().replace(day=1, month=1 + n % 12, year=2015 + n % 10),
                    title=f"Akt {n}", author_unit="", source_name=f"akt-{n}.pdf", source_kind="pdf",
                    page_count=len(pages), masked_cpr=0, status=CasefileStatus.READY, metadata={},
                    user_id=chair.id, now=now)
                casefile_repo.insert_pages(cur, doc_id, pages)
                start = time.perf_counter()
                casefile_search.index_pages(cur, doc_id, pages)
                spent += time.perf_counter() - start
            return spent

        indexing += db.write(store)
        start = time.perf_counter()
        casefile_search.settle(db)  # as import_files does after its files
        indexing += time.perf_counter() - start
    return chair, indexing


def _queries(rng: random.Random) -> list[str]:
    real = [forms[-1] for forms in _INFLECTED]
    words = real + [rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES) for _ in range(10)]
    return [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(QUERIES)]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _time_queries(db, actor, queries: list[str]) -> tuple[float, float, float]:
    from reviews.services import casefile_search

    for query in queries[:5]:  # warm-up: plans, caches
        casefile_search.search(db, actor, query)
    # Each query three times, its median kept: the machine is shared, and one stall should not count as the
    # query's own time.
    samples, found = [], []
    for query in queries:
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            results = casefile_search.search(db, actor, query)
            times.append((time.perf_counter() - start) * 1000)
        samples.append(statistics.median(times))
        found.append(results.total)
    p50, p95 = _percentiles(samples)
    return p50, p95, statistics.median(found)


@operation("case-file search: 20,000 pages")
def casefile_search_bench(ctx) -> list[Result]:
    from reviews.models import Role, User
    from reviews.services import casefile_search
    from reviews.storage import casefile_search as index_repo
    from reviews.storage.database import Database

    rng = random.Random(SEED)
    path = ctx.workdir / "casefile_search.duckdb"
    db = Database(str(path))
    try:
        chair, indexing = _build(db, rng)
        db.checkpoint()
        terms, postings, pages = index_repo.counts(db.cursor())
        queries = _queries(rng)
        p50, p95, median_hits = _time_queries(db, chair, queries)
        # A fresh connection to the same file, as a server started after the import has: the connection that
        # has just appended the 20,000 pages searches markedly slower (cause not pinned down; see the report).
        db.close()
        db = Database(str(path))
        fresh_p50, fresh_p95, _ = _time_queries(db, chair, queries)
        admin = User(id=0, username="bench", full_name="Bench", role=Role.ADMINISTRATOR)
        start = time.perf_counter()
        casefile_search.reindex(db, admin)
        reindex_s = time.perf_counter() - start
        db.close()
        db = Database(str(path))
        sorted_p50, sorted_p95, _ = _time_queries(db, chair, queries)
    finally:
        db.close()
        path.unlink(missing_ok=True)
    label = f"{pages:,} pages, {terms:,} stems, {postings:,} postings, {QUERIES} queries of 1-3 words"
    def pair(label: str, p50: float, p95: float) -> list[Result]:
        return [Result(f"case-file search p50 ({label})", p50, "ms", target=f"<= {P50_MS:.0f} ms", met=p50 <= P50_MS),
                Result(f"case-file search p95 ({label})", p95, "ms", target=f"<= {P95_MS:.0f} ms", met=p95 <= P95_MS)]

    label = f"{pages:,} pages, {terms:,} stems, {postings:,} postings, {QUERIES} queries of 1-3 words"
    return [
        *pair("in the importing process", p50, p95),
        *pair("reopened, as a server started later", fresh_p50, fresh_p95),
        *pair("after reindex, reopened", sorted_p50, sorted_p95),
        Result(f"case-file search: median pages found per query ({label})", median_hits, "pages"),
        Result(f"case-file search: indexing {pages:,} pages as the import does", indexing * 1000 / pages,
               "ms/page"),
        Result(f"case-file search: reindex of {pages:,} pages", reindex_s, "s"),
    ]
