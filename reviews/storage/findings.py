"""SQL for findings (annotations of a case or one timeline event), their codes, and reviewers' readings.

Visibility in blind reviews is a fixed clause here (`_visible`), so every query that returns findings or
figures derived from them applies the same rule the services decide on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from reviews.models import Discipline, Review
from reviews.models.case_review import Finding, Polarity, ReadingStatus
from reviews.storage.reviews import ADMISSIBLE
from reviews.storage.rows import named, named_one

_FINDING_COLUMNS = (
    "f.id, f.review_id, f.case_id, coalesce(c.pseudonym, '') AS pseudonym, f.event_id, e.event_date, e.event_type,"
    " f.author_id, coalesce(u.full_name, '') AS author_name, f.discipline, f.text, f.excerpt, f.polarity, f.judgement,"
    " f.created_at, f.updated_at, f.version"
)
_FINDING_FROM = (
    " FROM findings f LEFT JOIN cases c ON c.id = f.case_id LEFT JOIN timeline_events e ON e.id = f.event_id"
    " LEFT JOIN users u ON u.id = f.author_id"
)


def _select_findings(where: str, order: str, limit: str = "", *, ranked: bool = False, join: str = "") -> str:
    """The query for the findings matching `where` (fixed clause text), without their codes (see `_load`).

    `ranked`: the cases' natural order ("Familie 2" before "Familie 13") is computed once per case of the review
    as `cr.case_rank` (the first parameter is then the review id), instead of once per finding.
    `join`: extra fixed join text after the findings table (the visibility rule)."""
    ctes, extra_from = "", ""
    if ranked:
        ctes = ("WITH case_rank AS (SELECT c.id AS case_id, row_number() OVER (ORDER BY " + _NATURAL_CASE_ORDER
                + ") AS case_rank FROM cases c WHERE c.id IN (SELECT case_id FROM findings WHERE review_id = ?)) ")
        extra_from = " LEFT JOIN case_rank cr ON cr.case_id = f.case_id"
    return (ctes + "SELECT " + _FINDING_COLUMNS + _FINDING_FROM + join + extra_from + where
            + " ORDER BY " + order + limit)


def _load(cur, sql: str, params) -> list[Finding]:
    """Run a `_select_findings` query, then fetch the codes of just those findings."""
    rows = named(cur.execute(sql, params))
    if not rows:
        return []
    codes: dict[int, list[int]] = {r["id"]: [] for r in rows}
    for finding_id, code_id in cur.execute(
            "SELECT finding_id, code_id FROM finding_codes WHERE finding_id IN (SELECT unnest(?::INTEGER[]))"
            " ORDER BY code_id", [list(codes)]).fetchall():
        codes[finding_id].append(code_id)
    return [_finding(r, codes[r["id"]]) for r in rows]


_NATURAL_CASE_ORDER = ("regexp_replace(c.pseudonym, '[0-9]+', ''), TRY_CAST(regexp_extract(c.pseudonym, '[0-9]+')"
                       " AS BIGINT), c.pseudonym")

# Only cases the review may read (consent given, or the ombudsman's own initiative) count in searches, figures
# and exports: fixed text; its one parameter is the review id. `column` names the case id of the outer query.
_ADMISSIBLE_CASES = " IN (SELECT rc.case_id FROM review_cases rc WHERE rc.review_id = ? AND " + ADMISSIBLE + ")"


def _admissible(column: str) -> str:
    """`column` is fixed text from this module, never user input."""
    return " AND " + column + _ADMISSIBLE_CASES


def _finding(row: dict, code_ids) -> Finding:
    # Converted in the row named() built (a review may hold thousands): no second dict per row.
    row["discipline"] = Discipline(row["discipline"])
    row["polarity"] = Polarity(row["polarity"])
    row["code_ids"] = tuple(code_ids or ())
    return Finding(**row)


@dataclass(frozen=True)
class _Visibility:
    """The blind-review rule as fixed SQL: a join (after `FROM findings f`) and a WHERE condition, with the
    parameters of each (the join's come before the WHERE's in the statement)."""

    join: str = ""
    join_params: tuple = ()
    where: str = ""
    where_params: tuple = ()


def _visible(review_id: int, viewer_id: int | None) -> _Visibility:
    """Findings of `review_id` the viewer may see in a blind review: their own, or on cases whose reading they
    finished. `viewer_id=None` means the viewer sees every finding (open review, or the chair)."""
    if viewer_id is None:
        return _Visibility()
    return _Visibility(
        " LEFT JOIN (SELECT case_id AS done_case FROM readings WHERE review_id = ? AND user_id = ?) vis_done"
        " ON vis_done.done_case = f.case_id", (review_id, viewer_id),
        " AND (f.author_id = ? OR vis_done.done_case IS NOT NULL)", (viewer_id,))


def _filters(*, case_id=None, code_id=None, polarities=None, disciplines=None, codebook_ids=None,
             author_id=None) -> tuple[str, list]:
    clauses, params = [], []
    if case_id is not None:
        clauses.append(" AND f.case_id = ?")
        params.append(case_id)
    if author_id is not None:
        clauses.append(" AND f.author_id = ?")
        params.append(author_id)
    if code_id is not None:
        clauses.append(" AND EXISTS (SELECT 1 FROM finding_codes x WHERE x.finding_id = f.id AND x.code_id = ?)")
        params.append(code_id)
    if polarities:
        clauses.append(" AND f.polarity IN (SELECT unnest(?))")
        params.append([str(p) for p in polarities])
    if disciplines:
        clauses.append(" AND f.discipline IN (SELECT unnest(?))")
        params.append([str(d) for d in disciplines])
    if codebook_ids:
        clauses.append(" AND EXISTS (SELECT 1 FROM finding_codes x JOIN codes k ON k.id = x.code_id"
                       " WHERE x.finding_id = f.id AND k.codebook_id IN (SELECT unnest(?)))")
        params.append([int(i) for i in codebook_ids])
    return "".join(clauses), params


# --- findings ---------------------------------------------------------------------------------------


def insert_finding(cur, *, review_id: int, case_id: int, event_id: int | None, author_id: int,
                   discipline: Discipline, text: str, excerpt: str, polarity: Polarity, judgement: int | None,
                   now: dt.datetime) -> int:
    return cur.execute(
        "INSERT INTO findings (review_id, case_id, event_id, author_id, discipline, text, excerpt, polarity, judgement,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [review_id, case_id, event_id, author_id, discipline.value, text, excerpt, polarity.value, judgement, now, now],
    ).fetchone()[0]


def update_finding(cur, finding_id: int, expected_version: int, *, event_id: int | None, text: str, excerpt: str,
                   polarity: Polarity, judgement: int | None, now: dt.datetime) -> bool:
    row = cur.execute(
        "UPDATE findings SET event_id = ?, text = ?, excerpt = ?, polarity = ?, judgement = ?, updated_at = ?,"
        " version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        [event_id, text, excerpt, polarity.value, judgement, now, finding_id, expected_version],
    ).fetchone()
    return row is not None


def set_codes(cur, finding_id: int, code_ids) -> None:
    """Make the finding carry exactly `code_ids` (removes and adds only the difference)."""
    wanted = sorted({int(i) for i in code_ids})
    cur.execute("DELETE FROM finding_codes WHERE finding_id = ? AND code_id NOT IN (SELECT unnest(?::INTEGER[]))",
                [finding_id, wanted])
    cur.execute(
        "INSERT INTO finding_codes (finding_id, code_id) SELECT ?, w FROM (SELECT unnest(?::INTEGER[]) AS w)"
        " WHERE w NOT IN (SELECT code_id FROM finding_codes WHERE finding_id = ?)",
        [finding_id, wanted, finding_id])


def delete_finding(cur, finding_id: int) -> None:
    cur.execute("DELETE FROM finding_codes WHERE finding_id = ?", [finding_id])
    cur.execute("DELETE FROM findings WHERE id = ?", [finding_id])


def get_finding(cur, finding_id: int) -> Finding | None:
    found = _load(cur, _select_findings(" WHERE f.id = ?", "f.id"), [finding_id])
    return found[0] if found else None


def findings_by_ids(cur, finding_ids) -> list[Finding]:
    ids = [int(i) for i in finding_ids]
    if not ids:
        return []
    return _load(cur, _select_findings(" WHERE f.id IN (SELECT unnest(?::INTEGER[]))",
                                       _NATURAL_CASE_ORDER + ", e.event_date NULLS FIRST, f.id"), [ids])


def existing_ids(cur, finding_ids) -> dict[int, tuple[int, int]]:
    """finding id -> (review id, case id) for those of `finding_ids` that exist."""
    ids = [int(i) for i in finding_ids]
    if not ids:
        return {}
    return {finding_id: (review_id, case_id) for finding_id, review_id, case_id in cur.execute(
        "SELECT id, review_id, case_id FROM findings WHERE id IN (SELECT unnest(?::INTEGER[]))", [ids]).fetchall()}


def findings_for_case(cur, review_id: int, case_id: int, viewer_id: int | None) -> list[Finding]:
    vis = _visible(review_id, viewer_id)
    return _load(cur, _select_findings(" WHERE f.review_id = ? AND f.case_id = ?" + vis.where,
                                       "e.event_date NULLS FIRST, f.event_id NULLS FIRST, f.created_at, f.id",
                                       join=vis.join),
                 [*vis.join_params, review_id, case_id, *vis.where_params])


def hidden_count(cur, review_id: int, case_id: int, viewer_id: int) -> int:
    """Others' findings on the case that the viewer does not see yet (blind review, reading not done)."""
    return cur.execute(
        "SELECT count(*) FROM findings f WHERE f.review_id = ? AND f.case_id = ? AND f.author_id <> ?"
        " AND NOT EXISTS (SELECT 1 FROM readings r WHERE r.review_id = f.review_id AND r.case_id = f.case_id"
        " AND r.user_id = ?)", [review_id, case_id, viewer_id, viewer_id]).fetchone()[0]


def visible_among(cur, review_id: int, viewer_id: int | None, finding_ids) -> set[int]:
    """Those of `finding_ids` (findings of the review) that the viewer may see: the same blind rule as every
    other findings query here (used for the passages of a case-file page)."""
    ids = [int(i) for i in finding_ids]
    if not ids:
        return set()
    vis = _visible(review_id, viewer_id)
    return {r[0] for r in cur.execute(
        "SELECT f.id FROM findings f" + vis.join + " WHERE f.review_id = ? AND f.id IN (SELECT unnest(?::INTEGER[]))"
        + vis.where + _admissible("f.case_id"),
        [*vis.join_params, review_id, ids, *vis.where_params, review_id]).fetchall()}


def search_findings(cur, review_id: int, viewer_id: int | None, *, limit: int = 50, offset: int = 0,
                    **filters) -> tuple[list[Finding], int]:
    vis = _visible(review_id, viewer_id)
    where, params = _filters(**filters)
    base = " WHERE f.review_id = ?" + where + vis.where + _admissible("f.case_id")
    args = [*vis.join_params, review_id, *params, *vis.where_params, review_id]
    total = cur.execute("SELECT count(*) FROM findings f" + vis.join + base, args).fetchone()[0]
    items = _load(cur, _select_findings(base, "cr.case_rank, e.event_date NULLS FIRST, f.id", " LIMIT ? OFFSET ?",
                                        ranked=True, join=vis.join),
                  [review_id, *args, limit, offset])
    return items, total


def evidence_users(cur, finding_id: int) -> list[int]:
    """Learning points that cite the finding as evidence."""
    return [r[0] for r in cur.execute(
        "SELECT DISTINCT learning_point_id FROM learning_point_evidence WHERE finding_id = ? ORDER BY 1",
        [finding_id]).fetchall()]


# --- readings ---------------------------------------------------------------------------------------


def reading_done(cur, review_id: int, case_id: int, user_id: int) -> bool:
    return cur.execute("SELECT count(*) FROM readings WHERE review_id = ? AND case_id = ? AND user_id = ?",
                       [review_id, case_id, user_id]).fetchone()[0] > 0


def done_cases(cur, review_id: int, user_id: int) -> set[int]:
    return {r[0] for r in cur.execute("SELECT case_id FROM readings WHERE review_id = ? AND user_id = ?",
                                      [review_id, user_id]).fetchall()}


def authored_by(cur, finding_ids, user_id: int) -> set[int]:
    ids = [int(i) for i in finding_ids]
    if not ids:
        return set()
    return {r[0] for r in cur.execute(
        "SELECT id FROM findings WHERE author_id = ? AND id IN (SELECT unnest(?::INTEGER[]))", [user_id, ids]
    ).fetchall()}


def mark_done(cur, review_id: int, case_id: int, user_id: int, now: dt.datetime) -> None:
    cur.execute("INSERT INTO readings (review_id, case_id, user_id, done_at) VALUES (?, ?, ?, ?)",
                [review_id, case_id, user_id, now])


def reading_overview(cur, review_id: int, user_id: int, *, text: str | None = None,
                     limit: int | None = None) -> tuple[list[ReadingStatus], int, int, int, int]:
    """The review's cases (natural order; those whose pseudonym contains `text`, at most `limit`) with the
    user's reading status and finding count, and whether the review may read the case; and the counts: all
    cases, matching cases, cases the user finished, cases the review may read."""
    counts = named_one(cur.execute(
        "SELECT count(*) AS cases, count(*) FILTER (WHERE ? IS NULL OR c.pseudonym ILIKE ? ESCAPE '\\') AS matching,"
        " count(r.user_id) AS done, count(*) FILTER (WHERE " + ADMISSIBLE + ") AS readable"
        " FROM review_cases rc JOIN cases c ON c.id = rc.case_id"
        " LEFT JOIN readings r ON r.review_id = rc.review_id AND r.case_id = rc.case_id AND r.user_id = ?"
        " WHERE rc.review_id = ?", [text, _like(text), user_id, review_id]))
    rows = named(cur.execute(
        "WITH page AS (SELECT rc.case_id, c.pseudonym, r.user_id IS NOT NULL AS done, " + ADMISSIBLE + " AS readable"
        "  FROM review_cases rc JOIN cases c ON c.id = rc.case_id"
        "  LEFT JOIN readings r ON r.review_id = rc.review_id AND r.case_id = rc.case_id AND r.user_id = ?"
        "  WHERE rc.review_id = ? AND (? IS NULL OR c.pseudonym ILIKE ? ESCAPE '\\')"
        "  ORDER BY " + _NATURAL_CASE_ORDER + " LIMIT ?)"
        " SELECT p.case_id, p.pseudonym, p.done,"
        " (SELECT count(*) FROM findings f WHERE f.review_id = ? AND f.author_id = ? AND f.case_id = p.case_id)"
        " AS my_findings,"
        " (SELECT count(*) FROM readings d WHERE d.review_id = ? AND d.case_id = p.case_id) AS readers_done, p.readable"
        " FROM page p ORDER BY " + _NATURAL_CASE_ORDER.replace("c.", "p."),
        [user_id, review_id, text, _like(text), limit, review_id, user_id, review_id]))
    items = [ReadingStatus(**r) for r in rows]
    return items, counts["cases"], counts["matching"], counts["done"], counts["readable"]


def _like(text: str | None) -> str | None:
    if text is None:
        return None
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def case_choices(cur, review_id: int) -> list[tuple[int, str]]:
    """(case id, pseudonym) of the review's cases it may read, in natural order."""
    return cur.execute(
        "SELECT rc.case_id, c.pseudonym FROM review_cases rc JOIN cases c ON c.id = rc.case_id WHERE rc.review_id = ?"
        " AND " + ADMISSIBLE + " ORDER BY " + _NATURAL_CASE_ORDER, [review_id]).fetchall()


def done_readers(cur, review_id: int, case_id: int) -> list[tuple[int, str, str, dt.datetime]]:
    """(user id, full name, discipline, done at) of those who finished reading the case."""
    return cur.execute(
        "SELECT r.user_id, coalesce(u.full_name, ''), coalesce(m.discipline, 'andet'), r.done_at FROM readings r"
        " LEFT JOIN users u ON u.id = r.user_id"
        " LEFT JOIN review_members m ON m.review_id = r.review_id AND m.user_id = r.user_id"
        " WHERE r.review_id = ? AND r.case_id = ? ORDER BY u.full_name", [review_id, case_id]).fetchall()


def case_in_review(cur, review_id: int, case_id: int) -> bool:
    return cur.execute("SELECT count(*) FROM review_cases WHERE review_id = ? AND case_id = ?",
                       [review_id, case_id]).fetchone()[0] > 0


def review_and_discipline(cur, review_id: int, user_id: int) -> tuple[Review | None, str | None]:
    """The review (without its counts) and `user_id`'s discipline in it (None: not a member), in one query."""
    row = named_one(cur.execute(
        "SELECT r.id, r.name, r.mandate, r.deadline, r.blind, r.version, m.discipline, r.chair_id FROM reviews r"
        " LEFT JOIN review_members m ON m.review_id = r.id AND m.user_id = ? WHERE r.id = ?",
        [user_id, review_id]))
    if row is None:
        return None, None
    discipline = row.pop("discipline")
    return Review(**row), discipline


# --- agreement and matrix inputs (aggregated in DuckDB) ---------------------------------------------


def _done_case_filter(review_id: int, viewer_id: int | None, column: str) -> tuple[str, list]:
    """Restrict to cases whose reading the viewer finished (blind review seen by a non-chair).
    `column` is fixed text from this module, never user input."""
    if viewer_id is None:
        return "", []
    return (" AND " + column + " IN (SELECT case_id FROM readings WHERE review_id = ? AND user_id = ?)",
            [review_id, viewer_id])


def agreement_inputs(cur, review_id: int, viewer_id: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(coders: case_id, coders) and (presence: case_id, code_id, present) where `present` counts the
    reviewers who finished reading the case and tagged the code on at least one finding there."""
    clause, params = _done_case_filter(review_id, viewer_id, "r.case_id")
    clause, params = clause + _admissible("r.case_id"), [*params, review_id]
    coders = cur.execute(
        "SELECT r.case_id, count(*)::INTEGER AS coders FROM readings r WHERE r.review_id = ?" + clause
        + " GROUP BY r.case_id", [review_id, *params]).df()
    presence = cur.execute(
        "SELECT f.case_id, fc.code_id, count(DISTINCT f.author_id)::INTEGER AS present"
        " FROM findings f JOIN finding_codes fc ON fc.finding_id = f.id"
        " JOIN readings r ON r.review_id = f.review_id AND r.case_id = f.case_id AND r.user_id = f.author_id"
        " WHERE f.review_id = ?" + clause + " GROUP BY f.case_id, fc.code_id",
        [review_id, *params]).df()
    return coders, presence


def agreement_values(cur, review_id: int, viewer_id: int | None) -> pd.DataFrame:
    """case_id, code_id, user_id, finding_id, polarity, judgement: every coded finding of the reviewers who
    finished reading its case, over the same cases as agreement_inputs."""
    clause, params = _done_case_filter(review_id, viewer_id, "r.case_id")
    clause, params = clause + _admissible("r.case_id"), [*params, review_id]
    return cur.execute(
        "SELECT f.case_id, fc.code_id, f.author_id AS user_id, f.id AS finding_id, f.polarity,"
        " f.judgement::DOUBLE AS judgement"
        " FROM findings f JOIN finding_codes fc ON fc.finding_id = f.id"
        " JOIN readings r ON r.review_id = f.review_id AND r.case_id = f.case_id AND r.user_id = f.author_id"
        " WHERE f.review_id = ?" + clause, [review_id, *params]).df()


def agreement_stamp(cur, review_id: int) -> tuple:
    """A cheap fingerprint of everything the agreement figures depend on (changes when any of it does; a
    finding's codes only change together with its version)."""
    return cur.execute(
        "SELECT * FROM (SELECT count(*), max(updated_at), sum(id), sum(version) FROM findings WHERE review_id = $r),"
        " (SELECT count(*), max(done_at) FROM readings WHERE review_id = $r),"
        " (SELECT count(*), sum(case_id), sum(version) FROM review_cases WHERE review_id = $r)",
        {"r": review_id}).fetchone()


def case_code_matrix(cur, review_id: int, case_id: int) -> pd.DataFrame:
    """user_id, code_id, findings: what each reviewer who finished the case tagged there."""
    return cur.execute(
        "SELECT f.author_id AS user_id, fc.code_id, count(*)::INTEGER AS findings"
        " FROM findings f JOIN finding_codes fc ON fc.finding_id = f.id"
        " JOIN readings r ON r.review_id = f.review_id AND r.case_id = f.case_id AND r.user_id = f.author_id"
        " WHERE f.review_id = ? AND f.case_id = ? GROUP BY f.author_id, fc.code_id",
        [review_id, case_id]).df()


def review_case_count(cur, review_id: int) -> int:
    """The cases of the review it may read (consent given, or the ombudsman's own initiative)."""
    return cur.execute("SELECT count(*) FROM review_cases rc WHERE rc.review_id = ? AND " + ADMISSIBLE,
                       [review_id]).fetchone()[0]


def pseudonyms(cur, case_ids) -> dict[int, str]:
    ids = [int(i) for i in case_ids]
    if not ids:
        return {}
    return dict(cur.execute("SELECT id, pseudonym FROM cases WHERE id IN (SELECT unnest(?::INTEGER[]))",
                            [ids]).fetchall())


def matrix(cur, review_id: int, viewer_id: int | None, *, polarities=None, disciplines=None, codebook_ids=None,
           case_limit: int = 30, case_offset: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The codes x cases matrix, aggregated here.

    Returns (per_code: code_id, cases, findings over ALL cases of the review;
             cells: code_id, case_id, findings for one page of cases;
             page_cases: case_id, pseudonym of that page in natural order)."""
    vis = _visible(review_id, viewer_id)
    where, params = _filters(polarities=polarities, disciplines=disciplines)
    code_filter, code_params = "", []
    if codebook_ids:
        code_filter = " AND k.codebook_id IN (SELECT unnest(?::INTEGER[]))"
        code_params = [[int(i) for i in codebook_ids]]
    cells_sql = (
        "SELECT fc.code_id, f.case_id, count(*)::INTEGER AS findings FROM findings f" + vis.join
        + " JOIN finding_codes fc ON fc.finding_id = f.id JOIN codes k ON k.id = fc.code_id"
        " WHERE f.review_id = ?" + where + vis.where + code_filter + _admissible("f.case_id")
        + " GROUP BY fc.code_id, f.case_id")
    page_cases = cur.execute(
        "SELECT rc.case_id, c.pseudonym FROM review_cases rc JOIN cases c ON c.id = rc.case_id"
        " WHERE rc.review_id = ? AND " + ADMISSIBLE + " ORDER BY " + _NATURAL_CASE_ORDER + " LIMIT ? OFFSET ?",
        [review_id, case_limit, case_offset]).df()
    # One pass over the findings: per-code totals over all cases, and the cells of this page of cases.
    both = cur.execute(
        "WITH cells AS MATERIALIZED (" + cells_sql + ")"
        " SELECT code_id, NULL::INTEGER AS case_id, count(*)::INTEGER AS cases, sum(findings)::INTEGER AS findings"
        " FROM cells GROUP BY code_id"
        " UNION ALL SELECT code_id, case_id, NULL::INTEGER, findings FROM cells"
        " WHERE case_id IN (SELECT unnest(?::INTEGER[])) ORDER BY 1, 2 NULLS FIRST",
        [*vis.join_params, review_id, *params, *vis.where_params, *code_params, review_id,
         [int(i) for i in page_cases["case_id"]]]).df()
    totals = both["case_id"].isna()
    per_code = both.loc[totals, ["code_id", "cases", "findings"]].astype("int64").reset_index(drop=True)
    cells = both.loc[~totals, ["code_id", "case_id", "findings"]].astype("int64").reset_index(drop=True)
    return per_code, cells, page_cases


def export_frame(cur, review_id: int, viewer_id: int | None) -> pd.DataFrame:
    """Every visible finding of the review, one row each, with its codes' labels joined."""
    vis = _visible(review_id, viewer_id)
    return cur.execute(
        "WITH vf AS (SELECT f.* FROM findings f" + vis.join + " WHERE f.review_id = ?" + vis.where
        + _admissible("f.case_id") + "),"
        " case_rank AS (SELECT c.id AS case_id, row_number() OVER (ORDER BY " + _NATURAL_CASE_ORDER + ") AS rank"
        "  FROM cases c WHERE c.id IN (SELECT case_id FROM vf)),"
        " vc AS (SELECT fc.finding_id, string_agg(k.label, ' | ' ORDER BY cb.sort_order, k.sort_order) AS codes"
        "  FROM finding_codes fc JOIN codes k ON k.id = fc.code_id JOIN codebooks cb ON cb.id = k.codebook_id"
        "  WHERE fc.finding_id IN (SELECT id FROM vf) GROUP BY fc.finding_id)"
        " SELECT f.id, c.pseudonym, e.event_date, e.event_type, coalesce(u.full_name, '') AS author, f.discipline,"
        " f.polarity, coalesce(vc.codes, '') AS codes, f.judgement, f.text, f.excerpt, f.created_at, f.updated_at"
        " FROM vf f LEFT JOIN vc ON vc.finding_id = f.id LEFT JOIN cases c ON c.id = f.case_id"
        " LEFT JOIN timeline_events e ON e.id = f.event_id LEFT JOIN users u ON u.id = f.author_id"
        " LEFT JOIN case_rank cr ON cr.case_id = f.case_id ORDER BY cr.rank, e.event_date NULLS FIRST, f.id",
        [*vis.join_params, review_id, *vis.where_params, review_id]).df()
