"""Benchmark data: the demo data, and at large scale bulk-generated cases, timelines and reviews.

``--scale demo``  = ``reviews.demo.load_demo`` (what a new installation shows).
``--scale large`` = the demo data plus, generated in seconds by bulk SQL inside DuckDB:
5,000 cases, 100,000 timeline events, 20 reviews with members and selected cases, and the audit
trail of the created cases. Values are deterministic (``hash(row, 'salt')``), texts are fictional
Danish; pseudonyms only ("Familie 1043"), never names or CPR numbers.

Each generator is registered in ``bench.registry.GENERATORS`` and runs in its own transaction in
``order``; later features add theirs (100,000 findings, 200,000 complaints, ...) with
``@generator("findings", order=200)`` in a module under ``bench/features/``. Sizes live in
``LARGE`` so a feature can read the numbers it builds on (e.g. ``LARGE["cases"]``).

Run alone: ``python -m bench.generate [--scale large] [--out DIR]`` to keep a database for manual
inspection (``REVIEWS_DB=DIR/large.duckdb streamlit run server.py``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.registry import GENERATORS, generator
from reviews import clock
from reviews.demo import DEMO_USERS, load_demo
from reviews.models import CaseStatus, Consent, EventType, Nomination
from reviews.storage.database import Database

LARGE: dict[str, int] = {
    "cases": 5_000,
    "events": 100_000,
    "reviews": 20,
    # A few long-running cases carry many events (the case page is benched on the heaviest one):
    # 10% of the events go to 50 "heavy" cases (~200 events each), the rest spread evenly (~18 each).
    "heavy_cases": 50,
    "heavy_percent": 10,
    "first_case_number": 1001,  # "Familie 1001" ... ; the demo uses "Familie 1" ... "Familie 42"
}

AREAS = ["Børn og Familie", "Handicap og Psykiatri", "Beskæftigelse", "Ældre og Sundhed", "Teknik og Miljø",
         "Børn og Familie", "Handicap og Psykiatri"]
STATUSES = [CaseStatus.OPEN.value, CaseStatus.OPEN.value, CaseStatus.IN_REVIEW.value, CaseStatus.CLOSED.value,
            CaseStatus.CLOSED.value]
EVENT_TYPES = [EventType.INQUIRY.value, EventType.INQUIRY.value, EventType.MEETING.value, EventType.MEETING.value,
               EventType.MEETING.value, EventType.DECISION.value, EventType.DECISION.value,
               EventType.COMPLAINT.value, EventType.HOME_VISIT.value, EventType.CASEWORKER_CHANGE.value,
               EventType.OTHER.value]
SUMMARY_OPENINGS = [
    "Mor med to børn i skolealderen.", "Enlig far med en datter i børnehave.",
    "Forældre med en søn med autisme.", "Ung på 17 år tæt på overgangen til voksenområdet.",
    "Ældre borger med demens; pårørende er bekymrede.", "Familie med tre børn og skiftende boligforhold.",
    "Plejefamilie med et anbragt barn på 9 år.", "Borger på kontanthjælp med ønske om afklaring.",
]
SUMMARY_THEMES = [
    "Uenighed om aflastning og merudgifter.", "Bekymring for skolefravær og trivsel.",
    "Lange svartider og uklare aftaler.", "Skiftende sagsbehandlere uden overlevering.",
    "Klage over manglende partshøring.", "Ønske om bisidder og bedre inddragelse.",
    "Spørgsmål om hjemmehjælp og visitation.", "Samarbejde med skole, PPR og sundhedsplejen.",
]
SENTENCES = [
    "Mor ringede og fortalte, at skolen er bekymret for fraværet.",
    "Der blev afholdt møde på rådhuset med familien og sagsbehandleren.",
    "Familien oplever, at de ikke er blevet hørt i forløbet.",
    "Sagsbehandleren har været på hjemmebesøg; børnene virkede trygge.",
    "Klagen vedrører den lange sagsbehandlingstid på bevillingen.",
    "Far ønsker en bisidder med til næste møde.",
    "Afgørelsen blev sendt med partshøring og klagevejledning.",
    "Der er aftalt opfølgning om tre måneder; dagsorden sendes på forhånd.",
    "Ny sagsbehandler overtog sagen uden overlevering til familien.",
    "Plejefamilien beskriver gode fremskridt i skolen og i fritiden.",
    "Familien fik ikke svar på deres henvendelse inden for fristen.",
    "Psykologen anbefaler, at barnet inddrages mere i beslutningerne.",
    "Sundhedsplejersken har set familien og ser ingen grund til bekymring.",
    "Mormor deltager fremover i netværksmøderne som støtte for mor.",
    "Brevet til familien var svært at forstå og henviste til mange paragraffer.",
    "Pædagogerne i børnehaven fortæller om en glad, men træt pige.",
    "Børne- og ungerådgiveren har talt med drengen alene før mødet.",
    "Handleplanen er opdateret med barnets egne ønsker og mål.",
    "Familien er flyttet til en større lejlighed på Østerbro.",
    "Aflastningen fungerer godt; forældrene får igen sovet om natten.",
]
REVIEW_THEMES = [
    "Inddragelse af børn og unge", "Sagsbehandlingstid på handicapområdet", "Overgange barn-voksen",
    "Skift af sagsbehandler", "Klagevejledning og partshøring", "Samarbejde med skolerne",
    "Tvangsfjernelser og efterværn", "Hjemmehjælp og visitation", "Netværksmøder og Åben Dialog",
    "Sprog i breve og afgørelser",
]
RATIONALES = [
    "Familien har selv bedt om, at sagen indgår.", "Udvalget ønsker belyst forløbets længde.",
    "Borgerrådgiveren har modtaget flere henvendelser i sagen.", "Sagen har mange aktører og overgange.",
    "Sagen er et eksempel på god praksis, som kan deles.",
]
NOMINATIONS = [n.value for n in Nomination]
CONSENTS = [Consent.GIVEN.value, Consent.GIVEN.value, Consent.GIVEN.value, Consent.PENDING.value,
            Consent.REFUSED.value]


def _pick(param: str, salt_expr: str) -> str:
    """SQL: a deterministic element of list parameter ``$param`` chosen by hashing ``salt_expr``."""
    return f"list_element(${param}, (hash({salt_expr}) % len(${param}))::INTEGER + 1)"


def _pseudonym(k_expr: str) -> str:
    return f"'Familie ' || ({LARGE['first_case_number']} + ({k_expr}))"


# --- core generators ----------------------------------------------------------------------------


@generator("cases", order=10)
def gen_cases(cur, facts: dict[str, Any]) -> dict[str, Any]:
    n = LARGE["cases"]
    cur.execute(
        "INSERT INTO cases (pseudonym, area, opened, closed, status, summary, created_at, updated_at, updated_by)"
        " SELECT " + _pseudonym("k") + ", area, opened,"
        "  CASE WHEN status = 'lukket' THEN opened + (90 + hash(k, 'closed') % 1100)::INTEGER END,"
        "  status, summary, $now, $now, $user"
        " FROM (SELECT range AS k,"
        "   " + _pick("areas", "range, 'area'") + " AS area,"
        "   DATE '2015-01-01' + (hash(range, 'opened') % 3650)::INTEGER AS opened,"
        "   " + _pick("statuses", "range, 'status'") + " AS status,"
        "   " + _pick("openings", "range, 'opening'") + " || ' ' || " + _pick("themes", "range, 'theme'")
        + " AS summary"
        "  FROM range($n))",
        {"n": n, "now": clock.now(), "user": facts["chair_id"], "areas": AREAS, "statuses": STATUSES,
         "openings": SUMMARY_OPENINGS, "themes": SUMMARY_THEMES},
    ).fetchall()
    return {"generated_cases": n}


@generator("timeline_events", order=20)
def gen_events(cur, facts: dict[str, Any]) -> dict[str, Any]:
    n = LARGE["events"]
    sentence = lambda salt: _pick("sentences", f"range, '{salt}'")  # noqa: E731
    cur.execute(
        "INSERT INTO timeline_events (case_id, event_date, event_type, text, created_at, created_by)"
        " SELECT c.id,"
        "  c.opened + ((hash(e.i, 'day') % 1000000)::BIGINT % (coalesce(c.closed, DATE '2025-12-31') - c.opened + 1))"
        "::INTEGER,"
        "  e.event_type, e.text, $now, $user"
        " FROM (SELECT range AS i,"
        "   CASE WHEN hash(range, 'heavy') % 100 < $heavy_percent THEN hash(range, 'heavy_case') % $heavy"
        "        ELSE hash(range, 'case') % $n_cases END AS k,"
        "   " + _pick("types", "range, 'type'") + " AS event_type,"
        "   " + sentence("s1") + " || CASE WHEN hash(range, 'len') % 3 > 0 THEN ' ' || " + sentence("s2")
        + " ELSE '' END || CASE WHEN hash(range, 'len') % 3 = 2 THEN ' ' || " + sentence("s3") + " ELSE '' END"
        "   AS text"
        "  FROM range($n)) e"
        " JOIN cases c ON c.pseudonym = " + _pseudonym("e.k"),
        {"n": n, "n_cases": LARGE["cases"], "heavy": LARGE["heavy_cases"], "heavy_percent": LARGE["heavy_percent"],
         "now": clock.now(), "user": facts["chair_id"], "types": EVENT_TYPES, "sentences": SENTENCES},
    ).fetchall()
    return {"generated_events": n}


@generator("reviews", order=30)
def gen_reviews(cur, facts: dict[str, Any]) -> dict[str, Any]:
    """20 reviews, "Gennemgang 01: ..." to "Gennemgang 20: ...", review k (0-based) with 10 + 12k selected
    cases, so the one with the latest deadline (the reviews page's default choice) has 238."""
    n = LARGE["reviews"]
    now = clock.now()
    cur.execute(
        "INSERT INTO reviews (name, mandate, deadline, blind, created_at, chair_id)"
        " SELECT 'Gennemgang ' || lpad((range + 1)::VARCHAR, 2, '0') || ': ' || list_element($themes,"
        "   (range % len($themes))::INTEGER + 1),"
        "  'Tværfaglig gennemgang af udvalgte sager med fokus på ' || lower(list_element($themes,"
        "   (range % len($themes))::INTEGER + 1)) || '. Læringspunkterne drøftes med familiernes repræsentanter'"
        "   || ' og forelægges Børne- og Ungeudvalget.',"
        "  DATE '2022-01-31' + (range * 61)::INTEGER, range % 3 = 0, $now, $chair"
        " FROM range($n)",
        # Chaired by the demo chair the page benches run as: a blind review shows its chair every finding.
        {"n": n, "themes": REVIEW_THEMES, "now": now, "chair": facts["chair_id"]},
    ).fetchall()
    cur.execute(
        "CREATE TEMP TABLE bench_reviews AS SELECT id, CAST(substr(name, 12, 2) AS INTEGER) - 1 AS k, deadline"
        " FROM reviews WHERE name LIKE 'Gennemgang __: %'"
    ).fetchall()
    members = [(u.username, u.discipline.value) for u in DEMO_USERS if u.discipline is not None]
    cur.execute(
        "INSERT INTO review_members (review_id, user_id, discipline)"
        " SELECT r.id, u.id, d.discipline FROM bench_reviews r"
        " CROSS JOIN (SELECT unnest($usernames) AS username, unnest($disciplines) AS discipline) d"
        " JOIN users u ON u.username = d.username"
        " WHERE d.username = 'formand' OR hash(r.k, d.username) % 4 <> 0",
        {"usernames": [m[0] for m in members], "disciplines": [m[1] for m in members]},
    ).fetchall()
    max_cases = 10 + 12 * (n - 1)
    cur.execute(
        "INSERT INTO review_cases (review_id, case_id, nominated_by, rationale, consent, consent_date, consent_scope)"
        " SELECT s.id, c.id, s.nominated_by, s.rationale, s.consent,"
        "  CASE WHEN s.consent <> 'afventer' THEN s.deadline - 200 END,"
        "  CASE WHEN s.consent = 'givet' THEN 'Hele sagen, herunder drøftelse i anonymiseret form med udvalget'"
        "   ELSE '' END"
        " FROM (SELECT r.id, r.k, r.deadline, j.range AS j,"
        "   ((hash(r.k, 'start') % $n_cases)::BIGINT + j.range * 7) % $n_cases AS case_k,"
        "   " + _pick("nominations", "r.k, j.range, 'nom'") + " AS nominated_by,"
        "   " + _pick("rationales", "r.k, j.range, 'rat'") + " AS rationale,"
        "   " + _pick("consents", "r.k, j.range, 'con'") + " AS consent"
        "  FROM bench_reviews r CROSS JOIN range($max_cases) j WHERE j.range < 10 + 12 * r.k) s"
        " JOIN cases c ON c.pseudonym = " + _pseudonym("s.case_k"),
        {"n_cases": LARGE["cases"], "max_cases": max_cases, "nominations": NOMINATIONS, "rationales": RATIONALES,
         "consents": CONSENTS},
    ).fetchall()
    cur.execute("DROP TABLE bench_reviews").fetchall()
    return {"generated_reviews": n}


@generator("audit_log", order=90)
def gen_audit(cur, facts: dict[str, Any]) -> dict[str, Any]:
    """The trace the app itself leaves when cases are imported: one "create" row per generated case,
    spread over the last 60 days (so the audit page's default 30-day filter finds about half)."""
    cur.execute(
        "INSERT INTO audit_log (logged_at, user_id, username, action, record_type, record_id, pseudonym,"
        " purpose, details)"
        " SELECT $now - to_seconds((hash(c.id, 'at') % (60 * 86400))::BIGINT), $user, 'formand', 'create', 'case',"
        "  c.id::VARCHAR, c.pseudonym, 'import', '{\"file\": \"bench-generated\"}'"
        " FROM cases c WHERE c.pseudonym LIKE 'Familie %'"
        "  AND TRY_CAST(substr(c.pseudonym, 9) AS INTEGER) >= $first",
        {"now": clock.now(), "user": facts["chair_id"], "first": LARGE["first_case_number"]},
    ).fetchall()
    return {}


# --- building the databases ---------------------------------------------------------------------


def collect_facts(db: Database) -> dict[str, Any]:
    """Counts and the records page benches need (e.g. the case with the most events)."""
    facts: dict[str, Any] = {}
    for table in ("users", "cases", "timeline_events", "reviews", "review_members", "review_cases", "audit_log"):
        facts[f"count_{table}"] = db.fetchone(f"SELECT count(*) FROM {table}")[0]  # noqa: S608 - fixed names
    row = db.fetchone("SELECT c.id, c.pseudonym, count(e.id) AS n FROM cases c LEFT JOIN timeline_events e"
                      " ON e.case_id = c.id GROUP BY c.id, c.pseudonym ORDER BY n DESC, c.id LIMIT 1")
    facts.update(heavy_case_id=row[0], heavy_case_pseudonym=row[1], heavy_case_events=row[2])
    row = db.fetchone("SELECT r.name, count(rc.case_id) FROM reviews r LEFT JOIN review_cases rc"
                      " ON rc.review_id = r.id GROUP BY r.id, r.name, r.deadline"
                      " ORDER BY r.deadline DESC NULLS LAST, r.name LIMIT 1")
    facts.update(default_review=row[0], default_review_cases=row[1])
    return facts


def _checkpoint(db: Database, log: Callable[[str], None]) -> None:
    """CHECKPOINT, so each database is one file; a failure is noted (it is the app's, e.g. a write
    transaction left open by a demo loader) and the bench goes on with the WAL file."""
    import duckdb

    from bench.registry import NOTES

    try:
        db.checkpoint()
    except duckdb.Error as exc:
        note = f"CHECKPOINT after loading {Path(db.path).name} failed: {type(exc).__name__}: {exc}"
        log("  " + note)
        NOTES.append(note)


def reserve_ids(cur, sequence: str, n: int) -> int:
    """Reserve n consecutive ids from `sequence` (a fixed name from the generators, not user data); returns
    the first, for bulk inserts that give their rows ids themselves."""
    last = cur.execute("SELECT max(nextval('" + sequence + "')) FROM range(?)", [n]).fetchone()[0]
    return last - n + 1


FACTS_FILE = "facts.json"


def build(workdir: Path, scales: tuple[str, ...], *, log: Callable[[str], None] = print,
          reuse: Path | None = None) -> tuple[dict[str, Path], dict[str, dict[str, Any]]]:
    """Create ``demo.duckdb`` (always: large builds on it) and ``large.duckdb`` in ``workdir``, and their
    facts in ``facts.json``. ``reuse``: the workdir of an earlier run (kept with --keep), whose databases
    are copied instead (the kept files stay as they were; building the large data takes minutes).

    Returns (scale -> database path, scale -> facts)."""
    workdir.mkdir(parents=True, exist_ok=True)
    if reuse is not None:
        return _reuse(reuse, workdir, scales, log)
    paths: dict[str, Path] = {}
    facts: dict[str, dict[str, Any]] = {}

    demo_path = workdir / "demo.duckdb"
    start = time.perf_counter()
    db = Database(str(demo_path))
    load_demo(db)
    _checkpoint(db, log)
    facts["demo"] = collect_facts(db)
    db.close()
    log(f"  demo data loaded in {time.perf_counter() - start:.1f} s")
    paths["demo"] = demo_path

    if "large" in scales:
        large_path = workdir / "large.duckdb"
        shutil.copyfile(demo_path, large_path)
        wal = demo_path.with_name(demo_path.name + ".wal")
        if wal.exists():  # the checkpoint did not happen: the WAL holds part of the demo data
            shutil.copyfile(wal, large_path.with_name(large_path.name + ".wal"))
        db = Database(str(large_path))
        chair = db.fetchone("SELECT id FROM users WHERE username = 'formand'")
        gen_facts: dict[str, Any] = {"chair_id": chair[0], **LARGE}
        for gen in sorted(GENERATORS.values(), key=lambda g: (g.order, g.name)):
            step = time.perf_counter()
            added = db.write(lambda cur, gen=gen: gen.fn(cur, gen_facts))
            gen_facts.update(added or {})
            log(f"  generated {gen.name} in {time.perf_counter() - step:.2f} s")
        _checkpoint(db, log)
        facts["large"] = {**gen_facts, **collect_facts(db)}
        db.close()
        paths["large"] = large_path
        log(f"  large data built in {time.perf_counter() - start:.1f} s (including demo)")
    (workdir / FACTS_FILE).write_text(json.dumps(facts, default=str), encoding="utf-8")
    return paths, facts


def _reuse(source: Path, workdir: Path, scales: tuple[str, ...], log: Callable[[str], None],
           ) -> tuple[dict[str, Path], dict[str, dict[str, Any]]]:
    kept = json.loads((source / FACTS_FILE).read_text(encoding="utf-8"))
    paths: dict[str, Path] = {}
    for scale in ("demo", *(s for s in scales if s != "demo")):
        if scale not in kept:
            raise SystemExit(f"{source} holds no {scale} data (build it with --scale {scale} --keep)")
        for name in (f"{scale}.duckdb", f"{scale}.duckdb.wal"):
            if (source / name).exists():
                shutil.copyfile(source / name, workdir / name)
        paths[scale] = workdir / f"{scale}.duckdb"
    log(f"  reused the databases of {source}")
    return paths, {scale: kept[scale] for scale in paths}


def main() -> None:
    from bench.run import load_plugins

    parser = argparse.ArgumentParser(description="Build the benchmark databases and keep them.")
    parser.add_argument("--scale", choices=("demo", "large"), default="large")
    parser.add_argument("--out", type=Path, default=None, help="directory (default: a new temp dir)")
    args = parser.parse_args()
    load_plugins()
    out = args.out or Path(tempfile.mkdtemp(prefix="reviews-bench-"))
    paths, facts = build(out, ("demo", "large") if args.scale == "large" else ("demo",))
    for scale, path in paths.items():
        print(f"{scale}: {path}")
        for key, value in facts[scale].items():
            if key.startswith(("count_", "heavy_", "default_")):
                print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
