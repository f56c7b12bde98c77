"""Statistics for the ombudsman's yearly report (årsberetning) and the complaint analysis.

Aggregates only, computed in DuckDB: counts, shares and averages, never pseudonyms or free text, so chair
and reader roles may see them (`ombudsman.statistics`). Types, channels and outcomes are the fixed
categories and are always all listed (zero where none), so years compare; areas and causes are listed
under the name they had, retired ones included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from reviews import clock
from reviews.analysis import contact_rule, periods
from reviews.models import User
from reviews.models.ombudsman import Channel, InquiryType, Outcome
from reviews.services.kept import kept, minute
from reviews.services.permissions import requires
from reviews.storage import ombudsman_categories as categories_repo
from reviews.storage import ombudsman_stats as repo

DIMENSIONS = ("inquiry_type", "area", "outcome", "cause", "channel")
GRAINS = ("month", "quarter", "year")
NONE_CATEGORY = ""  # no outcome yet / no cause recorded


@dataclass(frozen=True)
class YearlyReport:
    """Everything the yearly report shows for `year`, compared with `years` (ascending, `year` last)."""

    year: int
    years: list[int]
    totals: pd.DataFrame  # year, n
    by_type: pd.DataFrame  # year, category, n (zero-filled, fixed order)
    by_area: pd.DataFrame
    by_outcome: pd.DataFrame
    by_cause: pd.DataFrame
    by_channel: pd.DataFrame
    contact_by_month: pd.DataFrame  # month 1-12, met, missed, overdue, open, total, share_met
    contact_by_year: pd.DataFrame  # year, met, missed, overdue, open, total, share_met
    mediation_counts: pd.DataFrame  # year, category (kind), cases, meetings_held, followups_done, followups_open
    trust_by_kind: pd.DataFrame  # year, category, cases, pairs, before, after, improved
    trust_by_role: pd.DataFrame


@dataclass(frozen=True)
class KeyFigures:
    """The yearly report's headline numbers for `year`, each beside the year before (`previous`)."""

    year: int
    previous: int
    inquiries: int
    inquiries_before: int
    complaints: int
    complaints_before: int
    share_met: float  # NaN when no complaint in the year has a settled contact state
    share_met_before: float
    mediation_cases: int

    @property
    def share_met_change(self) -> float:
        """The change in the 24-hour rule's share, in percentage points (NaN when either year has none)."""
        return (self.share_met - self.share_met_before) * 100


def key_figures(report: YearlyReport) -> KeyFigures:
    """The headline numbers of `report`, compared with the year before its year (always among its years)."""
    year, previous = report.year, report.year - 1

    def count(frame: pd.DataFrame, y: int) -> int:
        return int(frame.loc[frame["year"] == y, "n"].sum())

    def share(y: int) -> float:
        by_year = report.contact_by_year.set_index("year")
        return float(by_year.loc[y, "share_met"]) if y in by_year.index else float("nan")

    complaints = report.by_type[report.by_type["category"] == InquiryType.COMPLAINT.value]
    mediations = report.mediation_counts
    return KeyFigures(
        year=year, previous=previous,
        inquiries=count(report.totals, year), inquiries_before=count(report.totals, previous),
        complaints=count(complaints, year), complaints_before=count(complaints, previous),
        share_met=share(year), share_met_before=share(previous),
        mediation_cases=int(mediations.loc[mediations["year"] == year, "cases"].sum()),
    )


def _categories(cur, dimension: str, found: pd.Series) -> list[str]:
    if dimension == "inquiry_type":
        return [t.value for t in InquiryType]
    if dimension == "channel":
        return [c.value for c in Channel]
    if dimension == "outcome":
        return [o.value for o in Outcome] + [NONE_CATEGORY]
    entries = categories_repo.area_names(cur) if dimension == "area" else categories_repo.cause_names(cur)
    # Active ones always; retired ones only where they occur. Unknown names (e.g. an area set by another
    # feature) come last, and '' (none recorded) only where it occurs.
    present = set(found.astype(str))
    ordered = [name for name, active in entries if active or name in present]
    extra = sorted(present - set(ordered) - {NONE_CATEGORY})
    return ordered + extra + ([NONE_CATEGORY] if NONE_CATEGORY in present else [])


def _zero_filled(cur, dimension: str, frame: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    categories = _categories(cur, dimension, frame["category"])
    counts = {(int(y), c): int(n) for y, c, n in zip(frame["year"], frame["category"], frame["n"], strict=True)}
    rows = [(year, category) for year in years for category in categories]
    return pd.DataFrame({
        "year": pd.Series([y for y, _ in rows], dtype="int64"),
        "category": pd.Series([c for _, c in rows], dtype="str"),
        "n": pd.Series([counts.get(key, 0) for key in rows], dtype="int64"),
    })


def _with_shares(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in ("met", "missed", "overdue", "open"):
        frame[column] = frame[column].astype("int64")
    frame["total"] = frame["met"] + frame["missed"] + frame["overdue"] + frame["open"]
    decided = frame["met"] + frame["missed"] + frame["overdue"]
    frame["share_met"] = (frame["met"] / decided.where(decided > 0)).astype("float64")
    return frame


@requires("ombudsman.statistics")
def available_years(db, actor: User) -> list[int]:
    """Years with registrations, ascending; the current year when there are none."""
    found = kept(db, ("stats.years",), lambda: repo.years(db.cursor()))
    return found or [contact_rule.local_date(clock.now()).year]


@requires("ombudsman.statistics")
def yearly_counts(db, actor: User, dimension: str, years: list[int], *,
                  inquiry_type: InquiryType | str | None = None) -> pd.DataFrame:
    """Counts per year and category of `dimension`; every fixed category listed, zero where none."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    cur = db.cursor()
    years = sorted({int(y) for y in years})
    kind = InquiryType(inquiry_type).value if inquiry_type else None
    return _zero_filled(cur, dimension, repo.yearly_counts(cur, dimension, years, inquiry_type=kind), years)


@requires("ombudsman.statistics")
def contact_compliance_by_month(db, actor: User, year: int) -> pd.DataFrame:
    """The 24-hour rule for complaints received in `year`, by local month (1-12, zero-filled).

    share_met = met / (met + missed + overdue): complaints whose 24 hours are still running are left out.
    """
    frame = repo.contact_by_month(db.cursor(), int(year), clock.now()).set_index("month")
    frame = frame.reindex(range(1, 13), fill_value=0).rename_axis("month").reset_index()
    return _with_shares(frame)


@requires("ombudsman.statistics")
def contact_compliance_by_year(db, actor: User, years: list[int]) -> pd.DataFrame:
    years = sorted({int(y) for y in years})
    frame = repo.contact_by_year(db.cursor(), years, clock.now()).set_index("year")
    frame = frame.reindex(years, fill_value=0).rename_axis("year").reset_index()
    return _with_shares(frame)


@requires("ombudsman.statistics")
def mediation_outcomes(db, actor: User, years: list[int], *, by: str = "kind") -> pd.DataFrame:
    """Trust before mediation and after the latest meeting (0-10), averaged over parties with both scores."""
    return repo.mediation_outcomes(db.cursor(), sorted({int(y) for y in years}), by)


@requires("ombudsman.statistics")
def yearly_report(db, actor: User, year: int, *, compare: int = periods.DEFAULT_COMPARE) -> YearlyReport:
    """The yearly report's figures for `year` and the `compare` years before it. Kept until a write (the page
    reruns on every click; the 24-hour states are those of the minute): treat the frames as read-only."""
    year = int(year)
    return kept(db, ("stats.yearly_report", year, compare, minute()), lambda: _yearly_report(db, actor, year, compare))


def _yearly_report(db, actor: User, year: int, compare: int) -> YearlyReport:
    years = periods.comparison_years(year, compare)
    cur = db.cursor()
    counts = {d: _zero_filled(cur, d, frame, years) for d, frame in repo.yearly_counts_all(cur, years).items()}
    totals = counts["inquiry_type"].groupby("year", as_index=False)["n"].sum()  # every inquiry has one type
    return YearlyReport(
        year=year, years=years, totals=totals,
        by_type=counts["inquiry_type"], by_area=counts["area"], by_outcome=counts["outcome"],
        by_cause=counts["cause"], by_channel=counts["channel"],
        contact_by_month=contact_compliance_by_month(db, actor, year),
        contact_by_year=contact_compliance_by_year(db, actor, years),
        mediation_counts=repo.mediation_counts(cur, years),
        trust_by_kind=repo.mediation_outcomes(cur, years, "kind"),
        trust_by_role=repo.mediation_outcomes(cur, years, "party_role"),
    )


@requires("ombudsman.statistics")
def causes_over_time(db, actor: User, date_from: dt.date, date_to: dt.date, *, grain: str = "month",
                     inquiry_type: InquiryType | str | None = InquiryType.COMPLAINT,
                     area: str | None = None) -> pd.DataFrame:
    """Causes by area per period (columns period, area, cause, n); an inquiry counts under each cause."""
    if grain not in GRAINS:
        raise ValueError(grain)
    kind = InquiryType(inquiry_type).value if inquiry_type else None
    return kept(db, ("stats.causes_over_time", date_from, date_to, grain, kind, area or None),
                lambda: repo.causes_over_time(db.cursor(), date_from, date_to, grain=grain, inquiry_type=kind,
                                              area=area or None))


@requires("ombudsman.statistics")
def top_causes(db, actor: User, date_from: dt.date, date_to: dt.date, *,
               inquiry_type: InquiryType | str | None = InquiryType.COMPLAINT,
               area: str | None = None) -> pd.DataFrame:
    """Causes by count (columns cause, n, share of the selected inquiries)."""
    kind = InquiryType(inquiry_type).value if inquiry_type else None
    return kept(db, ("stats.top_causes", date_from, date_to, kind, area or None),
                lambda: repo.top_causes(db.cursor(), date_from, date_to, inquiry_type=kind, area=area or None))


@requires("ombudsman.statistics")
def areas(db, actor: User) -> list[str]:
    """Area names (retired ones included) for filters on the statistics pages."""
    return kept(db, ("stats.areas",), lambda: [name for name, _active in categories_repo.area_names(db.cursor())])
