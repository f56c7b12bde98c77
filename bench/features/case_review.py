"""Case review benches: large-scale findings and learning points, the review chosen on the case-review pages,
and the agreement computation for a review of 5,000 cases.

Large scale adds, by bulk SQL inside DuckDB in about a second: one blind review "Task Force stor" with all
5,000 generated cases and the four demo reviewers (socialrådgiver, jurist, psykolog, leder) as members;
100,000 findings (5 per reviewer per case, ~80% on a timeline event), each with one or two codes drawn
mostly from codes typical of the case (so agreement is neither perfect nor random); finished readings for
95% of reviewer x case; 2,000 learning points spread evenly over the five statuses, each with its versions
(one per status reached), codes, 3-8 findings as evidence, family responses once under discussion, and two
actions per approved or presented learning point.
"""

from __future__ import annotations

from typing import Any

from bench.generate import LARGE, reserve_ids
from bench.registry import Result, generator, operation, page_setup, timed
from reviews import clock
from reviews.models.case_review import ActionStatus, FamilyStance, LearningPointStatus, Polarity

CR_LARGE = {"findings_per_reviewer_case": 5, "learning_points": 2_000}
REVIEW_NAME = "Task Force stor: 5.000 sager"
DEMO_REVIEW = "Task Force 4200"
REVIEWERS = ("socialraadgiver", "jurist", "psykolog", "leder")

FINDING_TEXTS = [
    "Ingen overlevering til familien ved skift af sagsbehandler.",
    "Afgørelsen mangler klagevejledning.",
    "Netværksmødet gav familien en stemme.",
    "Barnets perspektiv er grundigt beskrevet.",
    "Familien vidste ikke på forhånd, hvad mødet skulle handle om.",
    "Sagsbehandlingstiden overstiger servicemålet.",
    "Brevet var svært at forstå og fyldt med lovhenvisninger.",
    "Handleplanen er skrevet i barnets eget sprog.",
    "Opfølgningen skete som aftalt, og familien fik besked.",
    "Begrundelsen for afgørelsen er for kortfattet.",
    "Hurtig og rolig reaktion på underretningen.",
    "Mange aktører uden en fælles plan.",
]
EXCERPTS = ["Ingen overlevering til familien.", "Klagevejledning mangler.", "mor føler sig hørt",
            "Begrundelsen er kortfattet.", "Ingen fælles plan."]
LP_TITLES = [
    "Overlevering ved skift af sagsbehandler", "Klagevejledning i afgørelser", "Forbered børn på samtaler",
    "Netværksmøder giver familien en stemme", "Dagsorden før møder", "Sagsbehandlingstid", "Letlæste breve",
    "Barnets perspektiv i udredningen", "Fælles plan på tværs af aktører", "Opfølgning efter afgørelser",
]
LP_TEXTS = [
    "Når sagen skifter hænder, mister familien overblikket.", "Flere afgørelser mangler en forståelig begrundelse.",
    "Familien inddrages bedst, når møderne er forberedt.",
    "God praksis ses, hvor familien får en fast kontaktperson.",
]
RECOMMENDATIONS = [
    "Indfør en fast procedure og følg op efter et halvt år.", "Brug en tjekliste i fagsystemet.",
    "Uddan medarbejderne og del eksemplerne på god praksis.",
]
OWNERS = ["Afdelingsleder, Børn og Familie", "Juridisk konsulent", "Faglig koordinator", "HR og uddannelse",
          "Chef for Handicap og Psykiatri"]
ACTION_TEXTS = ["Skabelon i fagsystemet", "Kursus for sagsbehandlere", "Stikprøve af 20 sager",
                "Ny mødeskabelon med formål og deltagere", "Opfølgning i ledergruppen"]
REPRESENTATIVES = ["Repræsentant A", "Repræsentant B", "Repræsentant C", "Repræsentant D"]


def _pick(param: str, salt_expr: str) -> str:
    return f"list_element(${param}, (hash({salt_expr}) % len(${param}))::INTEGER + 1)"


@generator("case_review", order=200)
def gen_case_review(cur, facts: dict[str, Any]) -> dict[str, Any]:
    now = clock.now()
    chair = facts["chair_id"]
    review_id = cur.execute(
        # Chaired by the demo chair (formand), who then sees every finding of the blind review, as the chair of
        # the demo's Task Force 4200 does: else the agreement bench and pages measure one member's empty view.
        "INSERT INTO reviews (name, mandate, deadline, blind, created_at, chair_id)"
        " VALUES (?, ?, DATE '2020-12-31', TRUE, ?, ?) RETURNING id",
        [REVIEW_NAME, "Benchmark: en blind gennemgang af alle genererede sager med fire faggrupper.", now, chair],
    ).fetchone()[0]
    cur.execute(
        "INSERT INTO review_members (review_id, user_id, discipline)"
        " SELECT ?, u.id, CASE u.username WHEN 'socialraadgiver' THEN 'socialrådgiver' WHEN 'jurist' THEN 'jurist'"
        "  WHEN 'psykolog' THEN 'psykolog' WHEN 'borgerraadgiver' THEN 'borgerrådgiver' ELSE 'leder' END"
        " FROM users u WHERE u.username IN ('socialraadgiver', 'jurist', 'psykolog', 'leder', 'formand',"
        " 'borgerraadgiver')", [review_id]).fetchall()
    cur.execute(
        "INSERT INTO review_cases (review_id, case_id, nominated_by, rationale, consent, consent_date, consent_scope)"
        " SELECT ?, c.id, 'task force', 'Udvalgt til benchmark.', 'givet', DATE '2020-06-01', 'Hele sagen'"
        " FROM cases c WHERE TRY_CAST(substr(c.pseudonym, 9) AS INTEGER) >= ?",
        [review_id, LARGE["first_case_number"]]).fetchall()
    cur.execute(
        "CREATE TEMP TABLE cr_cases AS SELECT (row_number() OVER (ORDER BY rc.case_id) - 1)::INTEGER AS ci,"
        " rc.case_id, coalesce(e.ids, []::INTEGER[]) AS events FROM review_cases rc"
        " LEFT JOIN (SELECT case_id, list(id ORDER BY id) AS ids FROM timeline_events GROUP BY case_id) e"
        "  ON e.case_id = rc.case_id WHERE rc.review_id = ?", [review_id]).fetchall()
    cur.execute(
        "CREATE TEMP TABLE cr_reviewers AS SELECT (row_number() OVER (ORDER BY u.username) - 1)::INTEGER AS ri,"
        " u.id AS user_id, m.discipline FROM users u JOIN review_members m ON m.user_id = u.id AND m.review_id = ?"
        " WHERE u.username IN (SELECT unnest(?))", [review_id, list(REVIEWERS)]).fetchall()
    n_cases = cur.execute("SELECT count(*) FROM cr_cases").fetchone()[0]
    per = CR_LARGE["findings_per_reviewer_case"]
    n_findings = n_cases * len(REVIEWERS) * per
    first = reserve_ids(cur, "finding_id_seq", n_findings)
    cur.execute(
        "CREATE TEMP TABLE cr_f AS SELECT ($first + c.ci * $stride + r.ri * $per + j.range)::INTEGER AS id,"
        " c.ci, c.case_id, c.events, r.user_id, r.discipline"
        " FROM cr_cases c CROSS JOIN cr_reviewers r CROSS JOIN range($per) j",
        {"first": first, "stride": len(REVIEWERS) * per, "per": per}).fetchall()
    codes = [r[0] for r in cur.execute(
        "SELECT k.id FROM codes k JOIN codebooks cb ON cb.id = k.codebook_id WHERE cb.kind = 'koder' AND NOT k.retired"
        " ORDER BY k.id").fetchall()]
    cur.execute(
        "INSERT INTO findings (id, review_id, case_id, event_id, author_id, discipline, text, excerpt, polarity,"
        " judgement, created_at, updated_at)"
        " SELECT f.id, $review, f.case_id,"
        "  CASE WHEN len(f.events) = 0 OR hash(f.id, 'whole') % 5 = 0 THEN NULL"
        "   ELSE list_element(f.events, (hash(f.id, 'event') % len(f.events))::INTEGER + 1) END,"
        "  f.user_id, f.discipline, " + _pick("texts", "f.id, 'text'") + ","
        "  CASE WHEN hash(f.id, 'ex') % 3 = 0 THEN " + _pick("excerpts", "f.id, 'excerpt'") + " ELSE '' END,"
        "  " + _pick("polarities", "f.id, 'pol'") + ","
        "  CASE WHEN hash(f.id, 'j') % 4 = 0 THEN (hash(f.id, 'jv') % 11)::SMALLINT END,"
        "  $now - to_seconds((hash(f.id, 'at') % 864000)::BIGINT),"
        "  $now - to_seconds((hash(f.id, 'at') % 864000)::BIGINT)"
        " FROM cr_f f",
        {"review": review_id, "texts": FINDING_TEXTS, "excerpts": EXCERPTS,
         "polarities": [p.value for p in Polarity], "now": now}).fetchall()
    # One or two codes per finding: mostly among four codes typical of the case, sometimes any code.
    cur.execute(
        "INSERT INTO finding_codes (finding_id, code_id)"
        " SELECT DISTINCT f.id, CASE WHEN hash(f.id, s.range, 'noise') % 5 = 0"
        "   THEN list_element($codes, (hash(f.id, s.range, 'any') % len($codes))::INTEGER + 1)"
        "   ELSE list_element($codes, (hash(f.ci, hash(f.id, s.range, 'which') % 4, 'typical') % len($codes))::INTEGER"
        "    + 1) END"
        " FROM cr_f f CROSS JOIN range(2) s WHERE s.range < 1 + hash(f.id, 'ncodes') % 2",
        {"codes": codes}).fetchall()
    cur.execute(
        "INSERT INTO readings (review_id, case_id, user_id, done_at)"
        " SELECT ?, c.case_id, r.user_id, ? FROM cr_cases c CROSS JOIN cr_reviewers r"
        " WHERE hash(c.ci, r.ri, 'done') % 20 <> 0", [review_id, now]).fetchall()

    n_lps = CR_LARGE["learning_points"]
    lp_first = reserve_ids(cur, "learning_point_id_seq", n_lps)
    statuses = [s.value for s in LearningPointStatus]
    cur.execute(
        "CREATE TEMP TABLE cr_lp AS SELECT ($first + range)::INTEGER AS id, range AS k,"
        " (range % 5)::INTEGER AS si, list_element($statuses, (range % 5)::INTEGER + 1) AS status,"
        " " + _pick("titles", "range, 'title'") + " || ' (' || (range + 1) || ')' AS title,"
        " " + _pick("texts", "range, 'desc'") + " AS description,"
        " " + _pick("recs", "range, 'rec'") + " AS recommendation FROM range($n)",
        {"first": lp_first, "statuses": statuses, "titles": LP_TITLES, "texts": LP_TEXTS, "recs": RECOMMENDATIONS,
         "n": n_lps}).fetchall()
    cur.execute(
        "INSERT INTO learning_points (id, review_id, title, description, recommendation, agreed_wording, status,"
        " created_at, created_by, updated_at, updated_by, version)"
        " SELECT id, $review, title, description, recommendation,"
        "  CASE WHEN si >= 2 THEN 'Aftalt i familierunden: ' || recommendation ELSE '' END, status,"
        "  $now, $chair, $now, $chair, si + 1 FROM cr_lp",
        {"review": review_id, "now": now, "chair": chair}).fetchall()
    cur.execute(
        "INSERT INTO learning_point_codes (learning_point_id, code_id)"
        " SELECT DISTINCT l.id, list_element($codes, (hash(l.k, s.range, 'lpcode') % len($codes))::INTEGER + 1)"
        " FROM cr_lp l CROSS JOIN range(2) s WHERE s.range < 1 + hash(l.k, 'nlpcodes') % 2",
        {"codes": codes}).fetchall()
    cur.execute(
        "INSERT INTO learning_point_evidence (learning_point_id, finding_id)"
        " SELECT DISTINCT l.id, ($ffirst + hash(l.k, s.range, 'ev') % $nf)::INTEGER"
        " FROM cr_lp l CROSS JOIN range(8) s WHERE s.range < 3 + hash(l.k, 'nev') % 6",
        {"ffirst": first, "nf": n_findings}).fetchall()
    # One version per status reached; texts as the snapshots the services write.
    cur.execute(
        "INSERT INTO learning_point_versions (learning_point_id, version, title, description, recommendation,"
        " agreed_wording, status, code_ids, evidence_ids, codes_text, evidence_text, saved_at, saved_by)"
        " SELECT l.id, v.range + 1, l.title, l.description, l.recommendation,"
        "  CASE WHEN v.range >= 2 THEN 'Aftalt i familierunden: ' || l.recommendation ELSE '' END,"
        "  list_element($statuses, v.range + 1),"
        "  coalesce((SELECT list(code_id ORDER BY code_id) FROM learning_point_codes c"
        "   WHERE c.learning_point_id = l.id), []::INTEGER[]),"
        "  coalesce((SELECT list(finding_id ORDER BY finding_id) FROM learning_point_evidence e"
        "   WHERE e.learning_point_id = l.id), []::INTEGER[]),"
        "  '', '', $now - to_seconds(((l.si - v.range) * 86400)::BIGINT), $chair"
        " FROM cr_lp l CROSS JOIN range(5) v WHERE v.range <= l.si",
        {"statuses": statuses, "now": now, "chair": chair}).fetchall()
    cur.execute(
        "INSERT INTO family_responses (learning_point_id, representative, response_date, stance, comment, created_at,"
        " created_by)"
        " SELECT l.id, list_element($reps, s.range + 1), DATE '2021-02-01' + (hash(l.k, s.range) % 60)::INTEGER,"
        "  " + _pick("stances", "l.k, s.range, 'stance'") + ", '', $now, $chair"
        " FROM cr_lp l CROSS JOIN range(3) s WHERE l.si >= 1 AND s.range < 1 + hash(l.k, 'nresp') % 3",
        {"reps": REPRESENTATIVES, "stances": [s.value for s in FamilyStance], "now": now, "chair": chair}).fetchall()
    cur.execute(
        "INSERT INTO actions (learning_point_id, description, owner, deadline, status, created_at, created_by,"
        " updated_at, updated_by)"
        " SELECT l.id, " + _pick("actions", "l.k, s.range, 'act'") + ", " + _pick("owners", "l.k, s.range, 'own'")
        + ", $today - 180 + (hash(l.k, s.range, 'dl') % 360)::INTEGER,"
        "  " + _pick("astatuses", "l.k, s.range, 'ast'") + ", $now, $chair, $now, $chair"
        " FROM cr_lp l CROSS JOIN range(2) s WHERE l.si >= 3",
        {"actions": ACTION_TEXTS, "owners": OWNERS, "astatuses": [s.value for s in ActionStatus],
         "today": clock.today(), "now": now, "chair": chair}).fetchall()
    for table in ("cr_lp", "cr_f", "cr_reviewers", "cr_cases"):
        cur.execute("DROP TABLE " + table).fetchall()
    heavy_lp = cur.execute(
        "SELECT lp.id FROM learning_points lp WHERE lp.review_id = ? AND lp.status = 'forelagt udvalget'"
        " ORDER BY (SELECT count(*) FROM learning_point_evidence e WHERE e.learning_point_id = lp.id) DESC, lp.id"
        " LIMIT 1", [review_id]).fetchone()[0]
    return {"cr_review_id": review_id, "cr_lp_id": heavy_lp, "cr_findings": n_findings, "cr_cases": n_cases}


def _demo_ids(ctx) -> tuple[int | None, int | None]:
    db = ctx.open_db()
    try:
        row = db.fetchone("SELECT id FROM reviews WHERE name = ?", [DEMO_REVIEW])
        review_id = row[0] if row else None
        lp = db.fetchone("SELECT min(id) FROM learning_points WHERE review_id = ?", [review_id])
        return review_id, lp[0] if lp else None
    finally:
        db.close()


def _choose_review(ctx, session_state) -> None:
    """The case-review pages show the large blind review at large scale and Task Force 4200 in the demo."""
    review_id, lp_id = (ctx.fact("cr_review_id"), ctx.fact("cr_lp_id"))
    if review_id is None:
        review_id, lp_id = _demo_ids(ctx)
    session_state["review_id"] = review_id
    session_state["lp_id"] = lp_id


for _path in ("pages/annotate.py", "pages/agreement.py", "pages/matrix.py", "pages/learning_points.py",
              "pages/action_plan.py"):
    page_setup(_path)(_choose_review)


@operation("agreement for a review of 5,000 cases", scales=("large",))
def agreement_bench(ctx) -> list[Result]:
    from reviews.models import Role, User
    from reviews.services import agreement

    db = ctx.open_db()
    try:
        row = db.fetchone("SELECT id, username, full_name FROM users WHERE username = 'formand'")
        chair = User(id=row[0], username=row[1], full_name=row[2], role=Role.CHAIR)
        review_id = ctx.fact("cr_review_id")
        seconds, _ = timed(lambda: agreement.review_agreement(db, chair, review_id, use_cache=False), ctx.reps(5),
                           warmup=1)
        cached, _ = timed(lambda: agreement.review_agreement(db, chair, review_id), ctx.reps(5), warmup=1)
        figures = agreement.review_agreement(db, chair, review_id).figures
    finally:
        db.close()
    return [
        Result(f"agreement large: {figures.cases:,} cases, {figures.units:,} units", seconds * 1000, "ms",
               target="<= 1000 ms", met=seconds <= 1.0),
        Result("agreement large: page rerun with unchanged data (cached)", cached * 1000, "ms"),
    ]
