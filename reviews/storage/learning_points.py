"""SQL for learning points (læringspunkter): the record, its codes and evidence, every saved version, and
the family representatives' responses."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reviews.models.case_review import (
    FamilyResponse,
    FamilyStance,
    LearningPoint,
    LearningPointStatus,
    LearningPointVersion,
)
from reviews.storage.reviews import ADMISSIBLE
from reviews.storage.rows import named, named_one

_LP_ROW = (
    "SELECT lp.id, lp.review_id, lp.title, lp.description, lp.recommendation, lp.agreed_wording, lp.status,"
    # case_total: the cases the review may read (consent given, or the ombudsman's own initiative)
    " (SELECT count(*) FROM review_cases rc WHERE rc.review_id = lp.review_id AND " + ADMISSIBLE + ") AS case_total,"
    " lp.version, lp.created_at,"
    " lp.updated_at, coalesce(u.full_name, '') AS updated_by_name"
    " FROM learning_points lp LEFT JOIN users u ON u.id = lp.updated_by"
)
# Codes, evidence (with each finding's case), and the counts of family responses and actions of the given
# learning points, in one statement; filtered first, so the cost follows the learning points asked for.
_LP_LINKS = (
    "SELECT learning_point_id, 'code', code_id, NULL FROM learning_point_codes"
    " WHERE learning_point_id IN (SELECT unnest($ids))"
    " UNION ALL SELECT le.learning_point_id, 'evidence', le.finding_id, f.case_id FROM learning_point_evidence le"
    " LEFT JOIN findings f ON f.id = le.finding_id WHERE le.learning_point_id IN (SELECT unnest($ids))"
    " UNION ALL SELECT learning_point_id, 'quote', finding_id, NULL FROM learning_point_quotes"
    " WHERE learning_point_id IN (SELECT unnest($ids))"
    " UNION ALL SELECT learning_point_id, 'responses', count(*), NULL FROM family_responses"
    " WHERE learning_point_id IN (SELECT unnest($ids)) GROUP BY learning_point_id"
    " UNION ALL SELECT learning_point_id, 'actions', count(*), NULL FROM actions"
    " WHERE learning_point_id IN (SELECT unnest($ids)) GROUP BY learning_point_id"
)


def _with_links(cur, rows: list[dict]) -> list[LearningPoint]:
    if not rows:
        return []
    links: dict[int, dict] = {r["id"]: {"code": [], "evidence": [], "quote": [], "cases": set(), "responses": 0,
                                        "actions": 0} for r in rows}
    for lp_id, kind, value, case_id in cur.execute(_LP_LINKS, {"ids": list(links)}).fetchall():
        entry = links[lp_id]
        if kind in ("code", "evidence", "quote"):
            entry[kind].append(value)
            if case_id is not None:
                entry["cases"].add(case_id)
        else:
            entry[kind] = value
    return [LearningPoint(**{**r, "status": LearningPointStatus(r["status"])},
                          code_ids=tuple(sorted(links[r["id"]]["code"])),
                          evidence_ids=tuple(sorted(links[r["id"]]["evidence"])),
                          quoted_ids=tuple(sorted(links[r["id"]]["quote"])),
                          seen_in=len(links[r["id"]]["cases"]), responses=links[r["id"]]["responses"],
                          actions=links[r["id"]]["actions"])
            for r in rows]


_STATUS_ORDER = ("CASE lp.status WHEN 'udkast' THEN 1 WHEN 'til drøftelse med familierepræsentanter' THEN 2"
                 " WHEN 'drøftet' THEN 3 WHEN 'godkendt' THEN 4 WHEN 'forelagt udvalget' THEN 5 ELSE 9 END")


def insert_learning_point(cur, *, review_id: int, title: str, description: str, recommendation: str,
                          status: LearningPointStatus, user_id: int | None, now: dt.datetime) -> int:
    return cur.execute(
        "INSERT INTO learning_points (review_id, title, description, recommendation, status, created_at, created_by,"
        " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [review_id, title, description, recommendation, status.value, now, user_id, now, user_id],
    ).fetchone()[0]


def update_learning_point(cur, lp_id: int, expected_version: int, *, title: str, description: str,
                          recommendation: str, agreed_wording: str, status: LearningPointStatus,
                          user_id: int | None, now: dt.datetime) -> int | None:
    """The new version number, or None when the stored version is not `expected_version`."""
    row = cur.execute(
        "UPDATE learning_points SET title = ?, description = ?, recommendation = ?, agreed_wording = ?, status = ?,"
        " updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING version",
        [title, description, recommendation, agreed_wording, status.value, now, user_id, lp_id, expected_version],
    ).fetchone()
    return row[0] if row else None


def _set_links(cur, table: str, column: str, lp_id: int, ids) -> None:
    # `table` and `column` are fixed names from this module.
    wanted = sorted({int(i) for i in ids})
    cur.execute("DELETE FROM " + table + " WHERE learning_point_id = ? AND " + column
                + " NOT IN (SELECT unnest(?::INTEGER[]))", [lp_id, wanted])
    cur.execute("INSERT INTO " + table + " (learning_point_id, " + column + ") SELECT ?, w FROM"
                " (SELECT unnest(?::INTEGER[]) AS w) WHERE w NOT IN (SELECT " + column + " FROM " + table
                + " WHERE learning_point_id = ?)", [lp_id, wanted, lp_id])


def set_codes(cur, lp_id: int, code_ids) -> None:
    _set_links(cur, "learning_point_codes", "code_id", lp_id, code_ids)


def set_evidence(cur, lp_id: int, finding_ids) -> None:
    _set_links(cur, "learning_point_evidence", "finding_id", lp_id, finding_ids)
    # A quotation is of the evidence: evidence taken away takes its tick with it.
    cur.execute("DELETE FROM learning_point_quotes WHERE learning_point_id = ?"
                " AND finding_id NOT IN (SELECT unnest(?::INTEGER[]))", [lp_id, sorted({int(i) for i in finding_ids})])


def set_quotes(cur, lp_id: int, finding_ids, *, user_id: int | None, now: dt.datetime) -> None:
    """The evidence of `lp_id` whose excerpts the samlet referat quotes: exactly `finding_ids`."""
    wanted = sorted({int(i) for i in finding_ids})
    cur.execute("DELETE FROM learning_point_quotes WHERE learning_point_id = ?"
                " AND finding_id NOT IN (SELECT unnest(?::INTEGER[]))", [lp_id, wanted])
    cur.execute("INSERT INTO learning_point_quotes (learning_point_id, finding_id, ticked_at, ticked_by)"
                " SELECT ?, w, ?, ? FROM (SELECT unnest(?::INTEGER[]) AS w)"
                " WHERE w NOT IN (SELECT finding_id FROM learning_point_quotes WHERE learning_point_id = ?)",
                [lp_id, now, user_id, wanted, lp_id])


def insert_version(cur, *, lp_id: int, version: int, title: str, description: str, recommendation: str,
                   agreed_wording: str, status: LearningPointStatus, code_ids, evidence_ids, codes_text: str,
                   evidence_text: str, user_id: int | None, now: dt.datetime) -> None:
    cur.execute(
        "INSERT INTO learning_point_versions (learning_point_id, version, title, description, recommendation,"
        " agreed_wording, status, code_ids, evidence_ids, codes_text, evidence_text, saved_at, saved_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?::INTEGER[], ?::INTEGER[], ?, ?, ?, ?)",
        [lp_id, version, title, description, recommendation, agreed_wording, status.value,
         sorted(int(i) for i in code_ids), sorted(int(i) for i in evidence_ids), codes_text, evidence_text,
         now, user_id])


def get_learning_point(cur, lp_id: int) -> LearningPoint | None:
    found = _with_links(cur, named(cur.execute(_LP_ROW + " WHERE lp.id = ?", [lp_id])))
    return found[0] if found else None


def get_many(cur, lp_ids) -> dict[int, LearningPoint]:
    """The learning points of `lp_ids` that exist, with their links, in two statements."""
    ids = sorted({int(i) for i in lp_ids})
    if not ids:
        return {}
    rows = named(cur.execute(_LP_ROW + " WHERE lp.id IN (SELECT unnest(?::INTEGER[]))", [ids]))
    return {lp.id: lp for lp in _with_links(cur, rows)}


def review_ids(cur, lp_ids) -> dict[int, int]:
    """learning point id -> review id, for those of `lp_ids` that exist."""
    ids = sorted({int(i) for i in lp_ids})
    if not ids:
        return {}
    return dict(cur.execute("SELECT id, review_id FROM learning_points WHERE id IN (SELECT unnest(?::INTEGER[]))",
                            [ids]).fetchall())


def heads(cur, lp_ids) -> dict[int, tuple[str, str]]:
    """learning point id -> (title, status) for those of `lp_ids` that exist."""
    ids = sorted({int(i) for i in lp_ids})
    if not ids:
        return {}
    rows = cur.execute("SELECT id, title, status FROM learning_points WHERE id IN (SELECT unnest(?::INTEGER[]))",
                       [ids]).fetchall()
    return {lp_id: (title, status) for lp_id, title, status in rows}


def titles(cur, review_id: int) -> list[tuple[int, str, str]]:
    """(id, title, status) of every learning point of the review, for the link picker."""
    return cur.execute("SELECT id, title, status FROM learning_points WHERE review_id = ? ORDER BY id",
                       [review_id]).fetchall()


def _list_filters(review_id: int, status, text) -> tuple[str, list]:
    where, params = " WHERE lp.review_id = ?", [review_id]
    if status:
        where += " AND lp.status = ?"
        params.append(LearningPointStatus(status).value)
    if text:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where += " AND (lp.title ILIKE ? ESCAPE '\\' OR lp.description ILIKE ? ESCAPE '\\')"
        params += [like, like]
    return where, params


def list_learning_points(cur, review_id: int, *, status=None, text: str | None = None, limit: int = 25,
                         offset: int = 0) -> tuple[list[LearningPoint], int]:
    where, params = _list_filters(review_id, status, text)
    total = cur.execute("SELECT count(*) FROM learning_points lp" + where, params).fetchone()[0]
    rows = named(cur.execute(_LP_ROW + where + " ORDER BY " + _STATUS_ORDER + ", lp.id LIMIT ? OFFSET ?",
                             [*params, limit, offset]))
    return _with_links(cur, rows), total


def status_counts(cur, review_id: int) -> dict[str, int]:
    return dict(cur.execute("SELECT status, count(*) FROM learning_points WHERE review_id = ? GROUP BY status",
                            [review_id]).fetchall())


def choices(cur, review_id: int, statuses) -> list[tuple[int, str, str]]:
    """(id, title, status) of the review's learning points in the given statuses."""
    return cur.execute(
        "SELECT lp.id, lp.title, lp.status FROM learning_points lp WHERE lp.review_id = ?"
        " AND lp.status IN (SELECT unnest(?)) ORDER BY " + _STATUS_ORDER + ", lp.id",
        [review_id, [LearningPointStatus(s).value for s in statuses]]).fetchall()


def versions(cur, lp_id: int) -> list[LearningPointVersion]:
    rows = cur.execute(
        "SELECT v.learning_point_id, v.version, v.title, v.description, v.recommendation, v.agreed_wording,"
        " v.status, v.codes_text, v.evidence_text, v.saved_at, coalesce(u.full_name, '') AS saved_by_name"
        " FROM learning_point_versions v LEFT JOIN users u ON u.id = v.saved_by"
        " WHERE v.learning_point_id = ? ORDER BY v.version", [lp_id])
    return [LearningPointVersion(**{**r, "status": LearningPointStatus(r["status"])}) for r in named(rows)]


def export_frame(cur, review_id: int) -> pd.DataFrame:
    """One row per learning point with its figures; code labels and evidence cases joined."""
    return cur.execute(
        "SELECT lp.id, lp.title, lp.status, lp.description, lp.recommendation, lp.agreed_wording,"
        " coalesce((SELECT string_agg(k.label, ' | ' ORDER BY cb.sort_order, k.sort_order)"
        "  FROM learning_point_codes lc JOIN codes k ON k.id = lc.code_id JOIN codebooks cb ON cb.id = k.codebook_id"
        "  WHERE lc.learning_point_id = lp.id), '') AS codes,"
        " (SELECT count(DISTINCT f.case_id) FROM learning_point_evidence le JOIN findings f ON f.id = le.finding_id"
        "  WHERE le.learning_point_id = lp.id) AS seen_in,"
        " (SELECT count(*) FROM review_cases rc WHERE rc.review_id = lp.review_id AND " + ADMISSIBLE
        + ") AS case_total,"
        " coalesce((SELECT string_agg(DISTINCT c.pseudonym, ', ') FROM learning_point_evidence le"
        "  JOIN findings f ON f.id = le.finding_id JOIN cases c ON c.id = f.case_id"
        "  WHERE le.learning_point_id = lp.id), '') AS cases,"
        " (SELECT count(*) FROM learning_point_evidence le WHERE le.learning_point_id = lp.id) AS evidence,"
        " (SELECT count(*) FROM family_responses fr WHERE fr.learning_point_id = lp.id AND fr.stance = 'enig')"
        "  AS agree,"
        " (SELECT count(*) FROM family_responses fr WHERE fr.learning_point_id = lp.id AND fr.stance = 'delvis enig')"
        "  AS partly,"
        " (SELECT count(*) FROM family_responses fr WHERE fr.learning_point_id = lp.id AND fr.stance = 'uenig')"
        "  AS disagree,"
        " (SELECT count(*) FROM actions a WHERE a.learning_point_id = lp.id) AS actions,"
        " lp.version, lp.updated_at"
        " FROM learning_points lp WHERE lp.review_id = ? ORDER BY " + _STATUS_ORDER + ", lp.id",
        [review_id]).df()


# --- family responses ------------------------------------------------------------------------------


def insert_response(cur, *, lp_id: int, representative: str, response_date: dt.date, stance: FamilyStance,
                    comment: str, user_id: int | None, now: dt.datetime) -> int:
    return cur.execute(
        "INSERT INTO family_responses (learning_point_id, representative, response_date, stance, comment, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [lp_id, representative, response_date, stance.value, comment, now, user_id]).fetchone()[0]


_RESPONSE_ROW = (
    "SELECT fr.id, fr.learning_point_id, fr.representative, fr.response_date, fr.stance, fr.comment,"
    " fr.created_at, coalesce(u.full_name, '') AS created_by_name"
    " FROM family_responses fr LEFT JOIN users u ON u.id = fr.created_by")


def _response(row: dict) -> FamilyResponse:
    return FamilyResponse(**{**row, "stance": FamilyStance(row["stance"])})


def responses_of(cur, lp_ids) -> dict[int, list[FamilyResponse]]:
    """learning point id -> its family responses (by date), for all of `lp_ids` in one statement."""
    ids = sorted({int(i) for i in lp_ids})
    found: dict[int, list[FamilyResponse]] = {i: [] for i in ids}
    if ids:
        for row in named(cur.execute(_RESPONSE_ROW + " WHERE fr.learning_point_id IN (SELECT unnest(?::INTEGER[]))"
                                     " ORDER BY fr.response_date, fr.id", [ids])):
            found[row["learning_point_id"]].append(_response(row))
    return found


def responses(cur, lp_id: int) -> list[FamilyResponse]:
    return responses_of(cur, [lp_id])[int(lp_id)]


def get_response(cur, response_id: int) -> FamilyResponse | None:
    row = named_one(cur.execute(_RESPONSE_ROW + " WHERE fr.id = ?", [response_id]))
    return _response(row) if row else None


def delete_response(cur, response_id: int) -> None:
    cur.execute("DELETE FROM family_responses WHERE id = ?", [response_id])
