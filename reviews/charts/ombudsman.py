"""Altair charts of the ombudsman's statistics: pure functions of the aggregate DataFrames that
`reviews.services.ombudsman_stats` returns, with every text passed in (so the pages and the Word yearly
report can use them in either language). No database, no Streamlit.

Beside each chart the Word yearly report uses, a `*_description` function gives its alternative text from the
same frame: what the chart shows, with every figure it draws, in the language given (a screen reader reads it
in place of the picture).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
from babel.lists import format_list

from reviews import i18n

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


# --- alternative texts ------------------------------------------------------------------------------------


def _mid_sentence(text: str) -> str:
    """A heading or label as it reads inside a sentence: first letter lower-case, unless it is an acronym."""
    text = text.strip()
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _list(items: Sequence[str], lang: str) -> str:
    return format_list(list(items), locale="da_DK" if lang == "da" else "en_GB")  # "2023, 2024 og 2025"


def yearly_comparison_description(frame: pd.DataFrame, *, subject: str, lang: str,
                                  order: Sequence[str] | None = None, labels: Mapping[str, str] | None = None) -> str:
    """The alternative text of `yearly_comparison` over the same `frame` (columns year, category, n), categories
    in the chart's order: «Søjlediagram: henvendelser efter type i 2023, 2024 og 2025. Klage: 12 i 2023, 9 i
    2024, 14 i 2025. …». `subject` says what is counted (the section's heading)."""
    years = sorted({int(y) for y in frame["year"]})
    counts = {(str(c), int(y)): int(n) for c, y, n in zip(frame["category"], frame["year"], frame["n"])}
    categories = list(dict.fromkeys(str(c) for c in frame["category"]))
    if order is not None:
        categories = [str(c) for c in order if str(c) in categories]
    else:  # the chart's "-x": the largest total first
        totals = {c: sum(counts.get((c, y), 0) for y in years) for c in categories}
        categories.sort(key=lambda c: -totals[c])
    lead = i18n.t("doc.yr_alt_comparison", lang, subject=_mid_sentence(subject),
                  years=_list([str(y) for y in years], lang))
    if not categories:
        return f"{lead} {i18n.t('doc.yr_alt_no_figures', lang)}"
    figures = [
        "{label}: {values}.".format(
            label=(labels or {}).get(c, c),
            values=", ".join(i18n.t("doc.yr_alt_in_year", lang, n=i18n.format_number(counts.get((c, y), 0), lang),
                                    year=str(y)) for y in years))
        for c in categories]
    return " ".join([lead, *figures])


CONTACT_STATES = ("met", "missed", "overdue", "open")


def contact_by_month_description(frame: pd.DataFrame, *, subject: str, month_names: Sequence[str],
                                 state_labels: Mapping[str, str], share_title: str, lang: str) -> str:
    """The alternative text of `contact_by_month` over the same `frame` (columns month, met, missed, overdue,
    open, share_met): each month's count per state and the share met; a run of months without complaints is
    one sentence («Juli-december: ingen klager.»). `month_names` are full names, `subject` the chart's
    caption."""
    rows = {int(r.month): r for r in frame.itertuples()}
    lead = i18n.t("doc.yr_alt_contact", lang, subject=_mid_sentence(subject))
    sentences: list[str] = []
    empty: list[int] = []

    def close_empty() -> None:
        if empty:
            first, last = month_names[empty[0] - 1], month_names[empty[-1] - 1]
            span = first if len(empty) == 1 else f"{first}-{last}"
            sentences.append(f"{span[:1].upper()}{span[1:]}: {i18n.t('doc.yr_alt_no_complaints', lang)}.")
            empty.clear()

    for month in range(1, 13):
        row = rows.get(month)
        counts = {s: int(getattr(row, s, 0) or 0) for s in CONTACT_STATES} if row is not None else {}
        if not any(counts.values()):
            empty.append(month)
            continue
        close_empty()
        parts = [f"{_mid_sentence(state_labels[s])} {i18n.format_number(counts[s], lang)}" for s in CONTACT_STATES]
        share = getattr(row, "share_met", None)
        if share is not None and share == share:  # NaN: nothing decided yet that month
            percent = i18n.format_number(round(float(share) * 100), lang)
            parts.append(f"{_mid_sentence(share_title)} {percent}{' %' if lang == 'da' else '%'}")
        name = month_names[month - 1]
        sentences.append(f"{name[:1].upper()}{name[1:]}: {'; '.join(parts)}.")
    close_empty()
    return " ".join([lead, *sentences])
