"""Altair charts of the ombudsman's statistics: pure functions of the aggregate DataFrames that
`reviews.services.ombudsman_stats` returns, with every text passed in (so the pages and the Word yearly
report can use them in either language). No database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

# Colour-blind-safe (Okabe-Ito) colours; met/missed read as good/bad without relying on red/green alone.
STATE_COLOURS = {"met": "#009E73", "missed": "#E69F00", "overdue": "#D55E00", "open": "#56B4E9"}
BEFORE_AFTER = ("#999999", "#0072B2")
SELECTION = "pick"
_WIDTH = "container"


def yearly_comparison(frame: pd.DataFrame, *, category_title: str, count_title: str, year_title: str,
                      order: Sequence[str] | None = None, labels: Mapping[str, str] | None = None) -> alt.Chart:
    """Grouped horizontal bars: one bar per year for each category (columns year, category, n).

    `labels` maps stored category values to display names; `order` fixes the category order (the fixed
    categories' order, so the chart reads the same every year).
    """
    data = frame.copy()
    data["label"] = data["category"].map(lambda c: (labels or {}).get(c, c))
    data["year"] = data["year"].astype(str)
    sort = [(labels or {}).get(c, c) for c in order] if order is not None else "-x"
    years = sorted(data["year"].unique())
    return alt.Chart(data, width=_WIDTH).mark_bar().encode(
        y=alt.Y("label:N", title=category_title, sort=sort, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("year:N", sort=years),
        x=alt.X("n:Q", title=count_title, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("year:N", title=year_title, sort=years, scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("label:N", title=category_title), alt.Tooltip("year:N", title=year_title),
                 alt.Tooltip("n:Q", title=count_title)],
    )


def contact_by_month(frame: pd.DataFrame, *, month_names: Sequence[str], state_labels: Mapping[str, str],
                     month_title: str, count_title: str, share_title: str) -> alt.LayerChart:
    """Complaints per month by 24-hour-rule state (stacked bars) with the share met as a line.

    `frame` has columns month (1-12), met, missed, overdue, open, share_met; `state_labels` names the four
    states.
    """
    states = ["met", "missed", "overdue", "open"]
    long = frame.melt(id_vars=["month"], value_vars=states, var_name="state", value_name="n")
    long["month_name"] = long["month"].map(lambda m: month_names[m - 1])
    long["state_label"] = long["state"].map(state_labels)
    long["order"] = long["state"].map(states.index)
    months = list(month_names)
    bars = alt.Chart(long, width=_WIDTH).mark_bar().encode(
        x=alt.X("month_name:N", title=month_title, sort=months),
        y=alt.Y("n:Q", title=count_title, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("state_label:N", title=None, sort=[state_labels[s] for s in states],
                        scale=alt.Scale(domain=[state_labels[s] for s in states],
                                        range=[STATE_COLOURS[s] for s in states])),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("month_name:N", title=month_title), alt.Tooltip("state_label:N", title=" "),
                 alt.Tooltip("n:Q", title=count_title)],
    )
    share = frame[["month", "share_met"]].dropna().copy()
    share["month_name"] = share["month"].map(lambda m: month_names[m - 1])
    line = alt.Chart(share).mark_line(point=True, color="#000000").encode(
        x=alt.X("month_name:N", sort=months),
        y=alt.Y("share_met:Q", title=share_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("month_name:N", title=month_title),
                 alt.Tooltip("share_met:Q", title=share_title, format=".0%")],
    )
    return alt.layer(bars, line).resolve_scale(y="independent")


def trust_before_after(frame: pd.DataFrame, *, category_title: str, score_title: str, before_label: str,
                       after_label: str, labels: Mapping[str, str] | None = None) -> alt.Chart:
    """Average trust (0-10) before mediation and after the latest meeting, per category (kind or party
    role). `frame` has columns category, before, after, pairs; rows without pairs are left out."""
    data = frame[frame["pairs"] > 0].copy()
    data["label"] = data["category"].map(lambda c: (labels or {}).get(c, c))
    long = data.melt(id_vars=["label", "pairs"], value_vars=["before", "after"], var_name="when", value_name="score")
    long["when_label"] = long["when"].map({"before": before_label, "after": after_label})
    order = [before_label, after_label]
    return alt.Chart(long, width=_WIDTH).mark_bar().encode(
        y=alt.Y("label:N", title=category_title, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("when_label:N", sort=order),
        x=alt.X("score:Q", title=score_title, scale=alt.Scale(domain=[0, 10])),
        color=alt.Color("when_label:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=list(BEFORE_AFTER))),
        tooltip=[alt.Tooltip("label:N", title=category_title), alt.Tooltip("when_label:N", title=" "),
                 alt.Tooltip("score:Q", title=score_title, format=".1f"), alt.Tooltip("pairs:Q", title="n")],
    )


def causes_over_time(frame: pd.DataFrame, *, period_title: str, count_title: str, cause_title: str,
                     area_title: str, period_labels: Mapping | None = None, columns: int = 2,
                     selectable: bool = True) -> alt.FacetChart:
    """Causes per period (stacked bars) in one small chart per area (columns period, area, cause, n).

    `period_labels` maps each period (its start date) to the text on the axis. With `selectable`, a click
    on a bar selects its period (`period_key`, the start date as yyyy-mm-dd), area and cause (selection
    `pick`).
    """
    data = frame.copy()
    starts = pd.to_datetime(data["period"])
    data["period_key"] = starts.dt.strftime("%Y-%m-%d")
    data["period_label"] = [
        (period_labels or {}).get(d.date(), d.strftime("%Y-%m")) for d in starts
    ] if len(data) else pd.Series(dtype="str")
    order = list(dict.fromkeys(data.sort_values("period_key")["period_label"]))
    chart = alt.Chart(data, width=260, height=160).mark_bar().encode(
        x=alt.X("period_label:O", title=period_title, sort=order, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("n:Q", title=count_title, axis=alt.Axis(tickMinStep=1), stack="zero"),
        color=alt.Color("cause:N", title=cause_title, scale=alt.Scale(scheme="tableau10")),
        tooltip=[alt.Tooltip("area:N", title=area_title), alt.Tooltip("cause:N", title=cause_title),
                 alt.Tooltip("period_label:O", title=period_title), alt.Tooltip("n:Q", title=count_title)],
    )
    if selectable:
        pick = alt.selection_point(name=SELECTION, fields=["period_key", "area", "cause"])
        chart = chart.add_params(pick).encode(opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)))
    return chart.facet(facet=alt.Facet("area:N", title=area_title), columns=columns)


def top_causes(frame: pd.DataFrame, *, cause_title: str, count_title: str, share_title: str,
               selectable: bool = True) -> alt.Chart:
    """Causes by count, largest first (columns cause, n, share). A click selects a cause (selection `pick`)."""
    chart = alt.Chart(frame, width=_WIDTH).mark_bar(color="#0072B2").encode(
        y=alt.Y("cause:N", title=cause_title, sort="-x", axis=alt.Axis(labelLimit=260)),
        x=alt.X("n:Q", title=count_title, axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("cause:N", title=cause_title), alt.Tooltip("n:Q", title=count_title),
                 alt.Tooltip("share:Q", title=share_title, format=".0%")],
    )
    if selectable:
        pick = alt.selection_point(name=SELECTION, fields=["cause"])
        chart = chart.add_params(pick).encode(opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)))
    return chart
