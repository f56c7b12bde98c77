"""Aggregate SQL for the ombudsman's yearly report and complaint analysis. Every query returns counts or
averages only: no pseudonyms, no free text. Years and months are those of the local date of receipt."""

from __future__ import annotations

import datetime as dt

import pandas as pd

# Fixed clause text per dimension; never built from user input.
_DIMENSIONS = {
    "inquiry_type": "i.inquiry_type",
    "area": "i.area",
    "outcome": "coalesce(i.outcome, '')",
    "channel": "i.channel",
    "cause": "coalesce(k.name, '')",
}
_CAUSE_JOIN = (
    " LEFT JOIN inquiry_cause_links l ON l.inquiry_id = i.id LEFT JOIN inquiry_causes k ON k.id = l.cause_id"
)
_GRAINS = {"month": "date_trunc('month', i.received_on)", "quarter": "date_trunc('quarter', i.received_on)",
           "year": "date_trunc('year', i.received_on)"}
_DUE = "i.received_at + INTERVAL 24 HOUR"


def _type_clause(inquiry_type: str | None, params: list) -> str:
    if inquiry_type:
        params.append(inquiry_type)
        return " AND i.inquiry_type = ?"
    return ""


def years(cur) -> list[int]:
    return [r[0] for r in cur.execute(
        "SELECT DISTINCT year(received_on) FROM inquiries ORDER BY 1"
    ).fetchall()]


def yearly_counts(cur, dimension: str, years_: list[int], *, inquiry_type: str | None = None) -> pd.DataFrame:
    """Columns year, category, n. For causes an inquiry counts once under each of its causes
    (category '' = no cause recorded); for every other dimension it counts once."""
    expression = _DIMENSIONS[dimension]
    params: list = [list(years_)]
    join = _CAUSE_JOIN if dimension == "cause" else ""
    sql = ("SELECT year(i.received_on)::INTEGER AS year, " + expression + " AS category, count(*)::BIGINT AS n"
           " FROM inquiries i" + join + " WHERE year(i.received_on) IN (SELECT unnest(?))"
           + _type_clause(inquiry_type, params) + " GROUP BY ALL ORDER BY 1, 2")
    return cur.execute(sql, params).df()


def yearly_counts_all(cur, years_: list[int]) -> dict[str, pd.DataFrame]:
    """yearly_counts for every dimension, in one query (a UNION ALL of the five groupings)."""
    parts = []
    for dimension, expression in _DIMENSIONS.items():
        join = _CAUSE_JOIN if dimension == "cause" else ""
        parts.append("SELECT '" + dimension + "' AS dimension, year(i.received_on)::INTEGER AS year, " + expression
                     + " AS category, count(*)::BIGINT AS n FROM inquiries i" + join
                     + " WHERE year(i.received_on) IN (SELECT unnest($years)) GROUP BY ALL")
    frame = cur.execute(" UNION ALL ".join(parts), {"years": list(years_)}).df()
    empty = pd.DataFrame({"year": pd.Series(dtype="int32"), "category": pd.Series(dtype="str"),
                          "n": pd.Series(dtype="int64")})
    grouped = {name: part.drop(columns="dimension") for name, part in frame.groupby("dimension", sort=False)}
    return {d: grouped.get(d, empty).sort_values(["year", "category"]).reset_index(drop=True) for d in _DIMENSIONS}


def yearly_totals(cur, years_: list[int], *, inquiry_type: str | None = None) -> pd.DataFrame:
    params: list = [list(years_)]
    sql = ("SELECT year(i.received_on)::INTEGER AS year, count(*)::BIGINT AS n FROM inquiries i"
           " WHERE year(i.received_on) IN (SELECT unnest(?))" + _type_clause(inquiry_type, params)
           + " GROUP BY ALL ORDER BY 1")
    return cur.execute(sql, params).df()


def contact_by_month(cur, year: int, now: dt.datetime) -> pd.DataFrame:
    """Complaints received in `year` by local month: met, missed (late contact), overdue (no contact and
    the 24 hours are past), open (no contact, still within the 24 hours)."""
    return cur.execute(
        "SELECT month(i.received_on)::INTEGER AS month,"
        f" count(*) FILTER (i.first_contact_at IS NOT NULL AND i.first_contact_at <= {_DUE})::BIGINT AS met,"
        f" count(*) FILTER (i.first_contact_at IS NOT NULL AND i.first_contact_at > {_DUE})::BIGINT AS missed,"
        f" count(*) FILTER (i.first_contact_at IS NULL AND ? > {_DUE})::BIGINT AS overdue,"
        f" count(*) FILTER (i.first_contact_at IS NULL AND ? <= {_DUE})::BIGINT AS open"
        " FROM inquiries i WHERE i.inquiry_type = 'klage' AND year(i.received_on) = ?"
        " GROUP BY ALL ORDER BY 1",
        [now, now, year],
    ).df()


def contact_by_year(cur, years_: list[int], now: dt.datetime) -> pd.DataFrame:
    return cur.execute(
        "SELECT year(i.received_on)::INTEGER AS year,"
        f" count(*) FILTER (i.first_contact_at IS NOT NULL AND i.first_contact_at <= {_DUE})::BIGINT AS met,"
        f" count(*) FILTER (i.first_contact_at IS NOT NULL AND i.first_contact_at > {_DUE})::BIGINT AS missed,"
        f" count(*) FILTER (i.first_contact_at IS NULL AND ? > {_DUE})::BIGINT AS overdue,"
        f" count(*) FILTER (i.first_contact_at IS NULL AND ? <= {_DUE})::BIGINT AS open"
        " FROM inquiries i WHERE i.inquiry_type = 'klage' AND year(i.received_on) IN (SELECT unnest(?))"
        " GROUP BY ALL ORDER BY 1",
        [now, now, list(years_)],
    ).df()


def mediation_outcomes(cur, years_: list[int], by: str) -> pd.DataFrame:
    """Trust scores (0-10) before mediation and after the latest held meeting, per year opened and `by`
    (kind or party_role). Averages over parties with both scores (paired), so before and after compare
    the same people."""
    group = {"kind": "m.kind", "party_role": "p.party_role"}[by]
    return cur.execute(
        "WITH latest AS (SELECT mp.party_id, arg_max(mp.trust_after, t.starts_at) AS trust_after"
        "  FROM mediation_participants mp JOIN mediation_meetings t ON t.id = mp.meeting_id"
        "  WHERE t.status = 'afholdt' AND mp.trust_after IS NOT NULL GROUP BY mp.party_id)"
        " SELECT year(m.opened_on)::INTEGER AS year, " + group + " AS category,"
        " count(DISTINCT m.id)::BIGINT AS cases,"
        " count(*) FILTER (p.trust_before IS NOT NULL AND s.trust_after IS NOT NULL)::BIGINT AS pairs,"
        " avg(p.trust_before) FILTER (s.trust_after IS NOT NULL) AS before,"
        " avg(s.trust_after) FILTER (p.trust_before IS NOT NULL) AS after,"
        " count(*) FILTER (s.trust_after > p.trust_before)::BIGINT AS improved"
        " FROM mediation_cases m JOIN mediation_parties p ON p.mediation_id = m.id"
        " LEFT JOIN latest s ON s.party_id = p.id"
        " WHERE year(m.opened_on) IN (SELECT unnest(?)) GROUP BY ALL ORDER BY 1, 2",
        [list(years_)],
    ).df()


def mediation_counts(cur, years_: list[int]) -> pd.DataFrame:
    """Mediation cases opened per year and kind, with meetings held and follow-ups done/open."""
    return cur.execute(
        "SELECT year(m.opened_on)::INTEGER AS year, m.kind AS category, count(*)::BIGINT AS cases,"
        " coalesce(sum(t.held), 0)::BIGINT AS meetings_held, coalesce(sum(f.done), 0)::BIGINT AS followups_done,"
        " coalesce(sum(f.open), 0)::BIGINT AS followups_open"
        " FROM mediation_cases m"
        " LEFT JOIN (SELECT mediation_id, count(*) FILTER (status = 'afholdt') AS held FROM mediation_meetings"
        "  GROUP BY 1) t ON t.mediation_id = m.id"
        " LEFT JOIN (SELECT mediation_id, count(*) FILTER (done_on IS NOT NULL) AS done,"
        "  count(*) FILTER (done_on IS NULL) AS open FROM mediation_followups GROUP BY 1) f ON f.mediation_id = m.id"
        " WHERE year(m.opened_on) IN (SELECT unnest(?)) GROUP BY ALL ORDER BY 1, 2",
        [list(years_)],
    ).df()


def causes_over_time(cur, date_from: dt.date, date_to: dt.date, *, grain: str = "month",
                     inquiry_type: str | None = None, area: str | None = None) -> pd.DataFrame:
    """Columns period (date), area, cause, n."""
    params: list = [date_from, date_to]
    extra = _type_clause(inquiry_type, params)
    if area:
        extra += " AND i.area = ?"
        params.append(area)
    return cur.execute(
        "SELECT " + _GRAINS[grain] + "::DATE AS period, i.area AS area, coalesce(k.name, '') AS cause,"
        " count(*)::BIGINT AS n FROM inquiries i" + _CAUSE_JOIN
        + " WHERE i.received_on BETWEEN ? AND ?" + extra + " GROUP BY ALL ORDER BY 1, 2, 3",
        params,
    ).df()


def top_causes(cur, date_from: dt.date, date_to: dt.date, *, inquiry_type: str | None = None,
               area: str | None = None) -> pd.DataFrame:
    """Columns cause, n, share (of the inquiries in the selection, so shares may add up to more than 1)."""
    params: list = [date_from, date_to]
    extra = _type_clause(inquiry_type, params)
    if area:
        extra += " AND i.area = ?"
        params.append(area)
    return cur.execute(
        "WITH sel AS (SELECT i.id FROM inquiries i WHERE i.received_on BETWEEN ? AND ?" + extra + ")"
        " SELECT coalesce(k.name, '') AS cause, count(*)::BIGINT AS n,"
        " count(*) / (SELECT greatest(count(*), 1) FROM sel) AS share"
        " FROM sel i" + _CAUSE_JOIN + " GROUP BY ALL ORDER BY n DESC, cause",
        params,
    ).df()
