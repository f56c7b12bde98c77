"""Citizen ombudsman benches: the large-scale register and mediation records, the pages showing a heavy
record, and the import of 200,000 complaints against DuckDB's own CSV reader.

Large scale adds, by bulk SQL inside DuckDB: 20,000 inquiries of the other types and 200,000 complaints
over ten years (November 2016 to October 2026; local receipt times turned into UTC with DuckDB's time-zone
functions), each complaint with one or two causes (~1.35 on average), first contact mostly within 24 hours,
closed with an outcome when older than 60 days; and 2,000 mediation cases (closed when opened over a year
ago) with 5 parties each and 10,000 meetings (5 per case; the last planned, the others held), each meeting
with 3 agenda items with notes, the invited parties with attendance and trust scores, an agreement and a
follow-up (done except for the latest held meeting of an open case).
Pseudonyms only ("Borger 300017"); texts are fictional.
"""

from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path
from typing import Any

from bench.generate import reserve_ids
from bench.registry import BenchContext, Result, generator, operation, page_setup
from reviews import clock

OMB_LARGE = {
    "inquiries": 20_000,  # vejledning, vejvisning, dialogmøde, mægling, egen drift
    "complaints": 200_000,
    "mediation_cases": 2_000,
    "meetings": 10_000,
    "parties_per_case": 5,
    "first_citizen": 300_000,
}
IMPORT_ROWS = 200_000
TARGET_X = 2.0
SEED = "ombudsman"

OTHER_TYPES = ["vejledning", "vejledning", "vejvisning", "dialogmøde", "mægling", "egen drift-undersøgelse"]
CHANNELS = ["telefon", "telefon", "e-mail", "e-mail", "digital post", "brev", "personligt fremmøde", "andet"]
AREAS = ["Børn og Familie", "Børn og Familie", "Handicap og Psykiatri", "Handicap og Psykiatri", "Beskæftigelse",
         "Ældre og Sundhed", "Teknik og Miljø", "Andet"]
OUTCOMES = ["løst gennem dialog", "løst gennem dialog", "henvist", "kritik af forvaltningen", "ingen kritik",
            "ingen kritik", "afvist", "trukket tilbage"]
ACCOUNTS = [
    "Har ventet i flere måneder på en afgørelse og har ikke fået en tidsplan.",
    "Oplever ikke at være blevet hørt, før der blev truffet beslutninger om barnet.",
    "Har fået et brev med mange lovhenvisninger og forstår ikke, hvad der er besluttet.",
    "Har haft tre sagsbehandlere på et år og skal fortælle historien forfra hver gang.",
    "Er uenig i afgørelsen og ønsker at vide, hvordan den kan påklages.",
    "Har skrevet flere gange uden at få svar.",
    "Oplevede en afvisende tone på et møde og følte sig ikke respekteret.",
    "Den nye sagsbehandler kendte ikke de aftaler, der var lavet med den forrige.",
]
AGENDA = ["Velkomst og rammer", "Parternes oplevelse", "Fælles aftaler"]
NOTES = ["Borgeren beskrev forløbet; forvaltningen lyttede.", "Parterne blev enige om næste skridt.",
         "Uenigheden om afgørelsen blev tydeligere for begge parter."]
AGREEMENTS = ["Forvaltningen sender en skriftlig tidsplan.", "Fast kontaktperson udpeges.",
              "Nyt møde om tre uger med samme deltagere."]
PARTY_ROLES = ["borger", "pårørende", "sagsbehandler", "leder", "borgerrådgiver"]
PARTY_NAMES = ["Borgeren", "Pårørende", "Sagsbehandler", "Leder", "Borgerrådgiveren"]


def _pick(param: str, salt_expr: str) -> str:
    return f"list_element(${param}, (hash({salt_expr}) % len(${param}))::INTEGER + 1)"


# Local receipt time (seconds into the ten years from November 2016) -> UTC with DuckDB's ICU functions.
_LOCAL = "(TIMESTAMP '2016-11-01 00:00' + to_seconds((hash(k, 'received') % (10 * 365 * 86400))::BIGINT))"
_TO_UTC = "timezone('UTC', timezone('Europe/Copenhagen', {local}))"


@generator("ombudsman", order=300)
def gen_ombudsman(cur, facts: dict[str, Any]) -> dict[str, Any]:
    now = clock.now()
    user = cur.execute("SELECT id FROM users WHERE username = 'borgerraadgiver'").fetchone()[0]
    n_complaints, n_other = OMB_LARGE["complaints"], OMB_LARGE["inquiries"]
    total = n_complaints + n_other
    first = reserve_ids(cur, "inquiry_id_seq", total)
    causes = [r[0] for r in cur.execute("SELECT id FROM inquiry_causes WHERE active ORDER BY sort_order").fetchall()]
    # k < n_complaints: complaints; the rest: other inquiry types.
    cur.execute(
        "CREATE TEMP TABLE omb_i AS SELECT k, $first + k AS id, local, " + _TO_UTC.format(local="local")
        + " AS received_at, k < $n_complaints AS complaint FROM (SELECT range AS k, " + _LOCAL + " AS local"
        " FROM range($total))",
        {"first": first, "n_complaints": n_complaints, "total": total}).fetchall()
    cur.execute(
        "INSERT INTO inquiries (id, received_at, received_on, channel, area, inquiry_type, outcome, citizen, account,"
        " case_id, status, closed_on, first_contact_at, first_contact_note, created_at, created_by, updated_at,"
        " updated_by)"
        " SELECT id, received_at, local::DATE, " + _pick("channels", "k, 'channel'") + ", "
        + _pick("areas", "k, 'area'") + ","
        "  CASE WHEN complaint THEN 'klage' ELSE " + _pick("others", "k, 'type'") + " END,"
        "  CASE WHEN received_at < $now - INTERVAL 60 DAY THEN " + _pick("outcomes", "k, 'outcome'") + " END,"
        "  'Borger ' || ($first_citizen + k), " + _pick("accounts", "k, 'account'") + ", NULL,"
        "  CASE WHEN received_at < $now - INTERVAL 60 DAY THEN 'lukket' WHEN k % 2 = 0 THEN 'åben'"
        "   ELSE 'under behandling' END,"
        "  CASE WHEN received_at < $now - INTERVAL 60 DAY THEN local::DATE + (hash(k, 'closed') % 60)::INTEGER END,"
        "  CASE WHEN hash(k, 'contact') % 100 < 85 THEN received_at + to_minutes((20 + hash(k, 'm') % 1360)::BIGINT)"
        "   WHEN hash(k, 'contact') % 100 < 95 THEN received_at + to_hours((25 + hash(k, 'h') % 56)::BIGINT) END,"
        "  '', $now, $user, $now, $user FROM omb_i",
        {"channels": CHANNELS, "areas": AREAS, "others": OTHER_TYPES, "outcomes": OUTCOMES, "accounts": ACCOUNTS,
         "first_citizen": OMB_LARGE["first_citizen"], "now": now, "user": user}).fetchall()
    cur.execute(
        "INSERT INTO inquiry_cause_links (inquiry_id, cause_id)"
        " SELECT DISTINCT id, list_element($causes, (hash(k, 'cause', j.range) % len($causes))::INTEGER + 1)"
        " FROM omb_i CROSS JOIN range(2) j WHERE complaint AND (j.range = 0 OR hash(k, 'second') % 100 < 35)",
        {"causes": causes}).fetchall()
    cur.execute("DROP TABLE omb_i").fetchall()

    # Mediation: cases, parties, meetings with agenda, participants, agreements and follow-ups.
    n_cases, per = OMB_LARGE["mediation_cases"], OMB_LARGE["parties_per_case"]
    meetings_per_case = OMB_LARGE["meetings"] // n_cases
    first_case = reserve_ids(cur, "mediation_id_seq", n_cases)
    cur.execute(
        "INSERT INTO mediation_cases (id, kind, title, citizen, area, inquiry_id, case_id, opened_on, closed_on,"
        " status, background, created_at, created_by, updated_at, updated_by)"
        " SELECT $first + range, " + _pick("kinds", "range, 'kind'") + ", 'Mægling ' || ($first_citizen + range),"
        "  'Borger ' || ($first_citizen + range), " + _pick("areas", "range, 'marea'") + ", $first_inquiry + range,"
        "  NULL, opened, CASE WHEN opened < $today - 365 THEN opened + 120 END,"
        "  CASE WHEN opened < $today - 365 THEN 'lukket' ELSE 'åben' END,"
        "  'Samarbejdet mellem borger og forvaltning er gået i stå.', $now, $user, $now, $user"
        " FROM (SELECT range, DATE '2017-01-01' + (hash(range, 'opened') % 3400)::INTEGER AS opened FROM range($n))",
        {"first": first_case, "n": n_cases, "kinds": ["mægling", "dialogmøde", "netværksmøde",
                                                      "egen drift-undersøgelse"],
         "first_citizen": OMB_LARGE["first_citizen"], "areas": AREAS, "first_inquiry": first,
         "now": now, "user": user, "today": now.date()}).fetchall()
    first_party = reserve_ids(cur, "mediation_party_id_seq", n_cases * per)
    cur.execute(
        "INSERT INTO mediation_parties (id, mediation_id, name, party_role, consent, consent_date, trust_before)"
        " SELECT $first + c.range * $per + p.range, $first_case + c.range, list_element($names, p.range + 1),"
        "  list_element($roles, p.range + 1), 'givet', DATE '2017-01-01' + (hash(c.range, 'opened') % 3400)::INTEGER,"
        "  CASE WHEN p.range < 4 THEN (hash(c.range, p.range, 'before') % 6)::SMALLINT END"
        " FROM range($n) c CROSS JOIN range($per) p",
        {"first": first_party, "per": per, "first_case": first_case, "names": PARTY_NAMES, "roles": PARTY_ROLES,
         "n": n_cases}).fetchall()
    n_meetings = n_cases * meetings_per_case
    first_meeting = reserve_ids(cur, "mediation_meeting_id_seq", n_meetings)
    cur.execute(
        "CREATE TEMP TABLE omb_m AS SELECT $first + c.range * $m + j.range AS id, c.range AS c, j.range AS j,"
        " $first_case + c.range AS mediation_id,"
        " timezone('UTC', timezone('Europe/Copenhagen', (DATE '2017-01-01' + (hash(c.range, 'opened') % 3400)::INTEGER"
        "  + (14 * (j.range + 1))::INTEGER)::TIMESTAMP + INTERVAL 13 HOUR)) AS starts_at,"
        " j.range = $m - 1 AS planned FROM range($n) c CROSS JOIN range($m) j",
        {"first": first_meeting, "m": meetings_per_case, "first_case": first_case, "n": n_cases}).fetchall()
    cur.execute(
        "INSERT INTO mediation_meetings (id, mediation_id, starts_at, place, video_link, purpose, status, created_at,"
        " created_by, updated_at, updated_by)"
        " SELECT id, mediation_id, starts_at, 'Rådhuset, mødelokale ' || (1 + c % 6), '',"
        "  'At genoprette et tillidsfuldt samarbejde.', CASE WHEN planned THEN 'planlagt' ELSE 'afholdt' END,"
        "  $now, $user, $now, $user FROM omb_m", {"now": now, "user": user}).fetchall()
    first_item = reserve_ids(cur, "mediation_item_id_seq", n_meetings * (len(AGENDA) + 1))
    cur.execute(
        "INSERT INTO mediation_agenda_items (id, meeting_id, position, title, notes)"
        " SELECT $first + (m.id - $first_meeting) * $a + a.range, m.id, a.range + 1,"
        "  list_element($agenda, a.range + 1),"
        "  CASE WHEN m.planned THEN '' ELSE " + _pick("notes", "m.id, a.range, 'note'") + " END"
        " FROM omb_m m CROSS JOIN range($a) a",
        {"first": first_item, "first_meeting": first_meeting, "a": len(AGENDA), "agenda": AGENDA,
         "notes": NOTES}).fetchall()
    cur.execute(
        "INSERT INTO mediation_agreements (id, meeting_id, position, text)"
        " SELECT $first + $offset + (m.id - $first_meeting), m.id, 1, " + _pick("agreements", "m.id, 'agr'")
        + " FROM omb_m m WHERE NOT m.planned",
        {"first": first_item, "offset": n_meetings * len(AGENDA), "first_meeting": first_meeting,
         "agreements": AGREEMENTS}).fetchall()
    cur.execute(
        "INSERT INTO mediation_participants (meeting_id, party_id, attendance, trust_after)"
        " SELECT m.id, $first_party + m.c * $per + p.range,"
        "  CASE WHEN m.planned THEN 'inviteret' WHEN hash(m.id, p.range, 'att') % 10 = 0 THEN 'afbud'"
        "   ELSE 'deltog' END,"
        "  CASE WHEN NOT m.planned AND p.range < 4 AND hash(m.id, p.range, 'att') % 10 <> 0"
        "   THEN least(10, (hash(m.c, p.range, 'before') % 6) + m.j + (hash(m.id, p.range, 't') % 2))::SMALLINT END"
        " FROM omb_m m CROSS JOIN range($per) p",
        {"first_party": first_party, "per": per}).fetchall()
    first_followup = reserve_ids(cur, "mediation_followup_id_seq", n_meetings)
    cur.execute(
        "INSERT INTO mediation_followups (id, mediation_id, meeting_id, owner_party_id, action, due_on, done_on,"
        " created_at, created_by)"
        " SELECT $first + (m.id - $first_meeting), m.mediation_id, m.id, $first_party + m.c * $per + 2,"
        "  'Sende en skriftlig status til borgeren', m.starts_at::DATE + 14,"
        "  CASE WHEN m.j < $m - 2 OR c.status = 'lukket' THEN m.starts_at::DATE + 10 END, $now, $user"
        " FROM omb_m m JOIN mediation_cases c ON c.id = m.mediation_id WHERE NOT m.planned",
        {"first": first_followup, "first_meeting": first_meeting, "first_party": first_party, "per": per,
         "m": meetings_per_case, "now": now, "user": user}).fetchall()
    cur.execute("DROP TABLE omb_m").fetchall()
    return {"generated_inquiries": total, "generated_meetings": n_meetings, "heavy_mediation_id": first_case,
            "heavy_inquiry_id": first}


@page_setup("pages/mediation.py")
def _mediation_setup(ctx: BenchContext, session_state: Any) -> None:
    # A case with its five meetings open below the list (at demo scale: the demo's first case).
    session_state["mediation_id"] = ctx.fact("heavy_mediation_id", 1)


@page_setup("pages/inquiries.py")
def _inquiry_setup(ctx: BenchContext, session_state: Any) -> None:
    session_state["inquiry_id"] = ctx.fact("heavy_inquiry_id", 1)


# --- the import of 200,000 complaints --------------------------------------------------------------


def write_complaints_csv(path: Path, rows: int) -> Path:
    """A complaint list in the template's format (``;``, dd-mm-yyyy HH:MM), deterministic; about 1% of the
    descriptions carry a made-up CPR-shaped number so the masking path runs as in real exports."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.execute(
            "COPY (SELECT strftime(" + _LOCAL + ", '%d-%m-%Y %H:%M') AS \"Modtaget\","
            "  " + _pick("channels", "k, 'channel'") + " AS \"Kanal\", " + _pick("areas", "k, 'area'")
            + " AS \"Område\", 'klage' AS \"Type\", 'Borger ' || (500000 + k) AS \"Borger\","
            "  " + _pick("accounts", "k, 'account'") + " || CASE WHEN hash(k, 'cpr') % 100 = 0"
            "   THEN ' Barnets CPR ' || lpad((1 + hash(k, 'd') % 28)::VARCHAR, 2, '0')"
            "   || lpad((1 + hash(k, 'mo') % 12)::VARCHAR, 2, '0') || (50 + hash(k, 'y') % 50)::VARCHAR || '-'"
            "   || lpad((hash(k, 's') % 4000)::VARCHAR, 4, '0') || ' står i journalen.' ELSE ''"
            "  END AS \"Beskrivelse\","
            "  " + _pick("causes", "k, 'c1'") + " || CASE WHEN hash(k, 'second') % 100 < 35 THEN '; ' || "
            + _pick("causes", "k, 'c2'") + " ELSE '' END AS \"Årsager\","
            "  CASE WHEN k % 3 = 0 THEN '' ELSE " + _pick("outcomes", "k, 'outcome'") + " END AS \"Udfald\","
            "  CASE WHEN k % 3 = 0 THEN 'åben' ELSE 'lukket' END AS \"Status\","
            "  CASE WHEN k % 3 = 0 THEN '' ELSE strftime(" + _LOCAL + " + INTERVAL 20 DAY, '%d-%m-%Y') END"
            "   AS \"Lukket\","
            "  CASE WHEN hash(k, 'contact') % 100 < 90 THEN strftime(" + _LOCAL + " + to_minutes((30 + hash(k, 'm')"
            "   % 1300)::BIGINT), '%d-%m-%Y %H:%M') ELSE '' END AS \"Første kontakt\", '' AS \"Sag\""
            " FROM (SELECT range AS k FROM range($rows))) TO '" + str(path).replace("'", "''")
            + "' (HEADER, DELIMITER ';')",
            {"rows": rows, "channels": CHANNELS, "areas": AREAS, "accounts": ACCOUNTS,
             "causes": ["Lang sagsbehandlingstid", "Manglende inddragelse", "Uklar kommunikation",
                        "Skift af sagsbehandler", "Afgørelsens indhold", "Manglende svar", "Dårlig behandling/tone",
                        "Manglende overlevering", "Andet"], "outcomes": OUTCOMES})
    finally:
        con.close()
    return path


def _remove_db(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


@operation("import 200k complaints", scales=None)
def import_complaints_bench(ctx: BenchContext) -> list[Result]:
    import duckdb

    from reviews.models import Role
    from reviews.services import auth, complaint_import
    from reviews.storage.database import Database

    csv_path = ctx.workdir / "complaints_200k.csv"
    if not csv_path.exists():
        start = time.perf_counter()
        write_complaints_csv(csv_path, IMPORT_ROWS)
        print(f"  wrote {csv_path.name} ({csv_path.stat().st_size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - start:.1f} s")
    reps = ctx.reps(3, 1)

    def duck_read() -> float:
        con = duckdb.connect(":memory:")
        try:
            begin = time.perf_counter()
            con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(csv_path)])
            con.execute("SELECT count(*) FROM t").fetchall()
            return time.perf_counter() - begin
        finally:
            con.close()

    duck_read()  # warm-up: the file in the page cache, DuckDB's CSV code loaded
    steps: dict[str, list[float]] = {"read_table": [], "suggest_mapping + validate": [], "import_complaints": []}
    totals: list[float] = []
    duck_samples: list[float] = []
    report = None
    for attempt in range(reps):
        db_path = ctx.workdir / f"complaints_{attempt}.duckdb"
        _remove_db(db_path)
        db = Database(str(db_path))
        ombudsman = auth.create_user_unchecked(db, None, username="bench-ombudsman", full_name="Bench Ombudsman",
                                               role=Role.OMBUDSMAN, password="bench-password-2026")
        gc.collect()
        try:
            t0 = time.perf_counter()
            table = complaint_import.read_table(csv_path.read_bytes(), csv_path.name)
            t1 = time.perf_counter()
            result = complaint_import.validate(db, ombudsman, table,
                                               complaint_import.suggest_mapping(list(table.columns)))
            t2 = time.perf_counter()
            report = complaint_import.import_complaints(db, ombudsman, result, filename=csv_path.name)
            t3 = time.perf_counter()
        finally:
            db.close()
            _remove_db(db_path)
        del table, result
        steps["read_table"].append(t1 - t0)
        steps["suggest_mapping + validate"].append(t2 - t1)
        steps["import_complaints"].append(t3 - t2)
        totals.append(t3 - t0)
        gc.collect()
        duck_samples.append(duck_read())
    ours, duck = statistics.median(totals), statistics.median(duck_samples)
    ratio = ours / duck
    if report is not None:
        print(f"  imported: {report.imported} complaints ({report.duplicates} duplicates, "
              f"{report.masked_cpr} CPR masked)")
    results = [
        Result(f"import {IMPORT_ROWS // 1000}k complaints vs duckdb read_csv", ours, "s", ratio,
               f"<= {TARGET_X:g}x duckdb read_csv", ratio <= TARGET_X),
        Result(f"duckdb read_csv {IMPORT_ROWS // 1000}k complaints", duck, "s"),
    ]
    for step, samples in steps.items():
        median = statistics.median(samples)
        results.append(Result(f"complaint import step: {step}", median, "s", median / duck))
    return results
