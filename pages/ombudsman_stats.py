"""The ombudsman's yearly report (årsberetning): counts by type, area, outcome, cause and channel compared
with earlier years, the 24-hour rule by month, and mediation outcomes. Aggregates only: no names, no text."""

import pandas as pd
import streamlit as st
from babel.dates import get_month_names

from reviews import ui
from reviews.analysis import periods
from reviews.charts import ombudsman as charts
from reviews.models.ombudsman import Channel, InquiryType, MediationKind, Outcome, PartyRole
from reviews.services import ombudsman_stats as stats

actor = ui.require("ombudsman.statistics")
db = ui.db()
st.title(ui.tr("page.ombudsman_stats"))
st.caption(ui.tr("stats.intro"))

years = stats.available_years(db, actor)
c1, c2 = st.columns(2)
year = c1.selectbox(ui.tr("stats.year"), list(reversed(years)), key="stats_year")
compare = c2.selectbox(ui.tr("stats.compare"), periods.COMPARE_CHOICES,
                       index=periods.COMPARE_CHOICES.index(periods.DEFAULT_COMPARE), key="stats_compare",
                       format_func=lambda n: ui.tr("stats.compare_years", n=n))
report = stats.yearly_report(db, actor, year, compare=compare)


def label_of(value: str, none_key: str) -> str:
    return ui.tr(none_key) if value == "" else ui.label(value)


# --- key figures --------------------------------------------------------------------------------------
key = stats.key_figures(report)
m1, m2, m3, m4 = st.columns(4)
m1.metric(ui.tr("stats.inquiries"), ui.fmt_number(key.inquiries), delta=key.inquiries - key.inquiries_before,
          delta_color="off", help=ui.tr("stats.delta_help", year=key.previous))
m2.metric(ui.tr("stats.complaints"), ui.fmt_number(key.complaints), delta=key.complaints - key.complaints_before,
          delta_color="off", help=ui.tr("stats.delta_help", year=key.previous))
m3.metric(ui.tr("stats.rule_met"), "–" if pd.isna(key.share_met) else f"{key.share_met:.0%}",
          delta=None if pd.isna(key.share_met_change) else f"{key.share_met_change:+.0f} %-point",
          help=ui.tr("stats.rule_help"))
m4.metric(ui.tr("stats.mediation_cases"), ui.fmt_number(key.mediation_cases))

# --- counts by dimension ------------------------------------------------------------------------------
st.header(ui.tr("stats.counts"), divider="gray")
st.caption(ui.tr("stats.counts_help"))
dimensions = [
    ("inquiry_type", report.by_type, [t.value for t in InquiryType], "stats.none"),
    ("area", report.by_area, None, "stats.none"),
    ("outcome", report.by_outcome, [o.value for o in Outcome] + [""], "stats.no_outcome"),
    ("cause", report.by_cause, None, "stats.no_cause"),
    ("channel", report.by_channel, [c.value for c in Channel], "stats.none"),
]
# Only the open tab's chart is built (keyed tabs rerun when another tab is chosen).
tabs = st.tabs([ui.tr(f"stats.by.{name}") for name, *_ in dimensions], key="stats_dimension", on_change="rerun")
for tab, (name, frame, order, none_key) in zip(tabs, dimensions, strict=True):
    if not tab.open:
        continue
    with tab:
        categories = order or list(dict.fromkeys(frame["category"]))
        labels = {c: (label_of(c, none_key) if name not in ("area", "cause") or c == "" else c) for c in categories}
        ui.altair_chart(lambda: charts.yearly_comparison(  # noqa: B023 - built at once, in this iteration
            frame, category_title=ui.tr(f"stats.by.{name}"), count_title=ui.tr("stats.count"),
            year_title=ui.tr("stats.year"), order=categories, labels=labels),
            frames=(frame,), key_parts=("stats.by", name), width="stretch")
        pivot = frame.pivot(index="category", columns="year", values="n").reindex(categories)
        pivot.index = [labels[c] for c in pivot.index]
        pivot.columns = [str(c) for c in pivot.columns]
        pivot.index.name = ui.tr(f"stats.by.{name}")
        st.dataframe(pivot, width="stretch")
        if name == "cause":
            st.caption(ui.tr("stats.cause_note"))

# --- the 24-hour rule --------------------------------------------------------------------------------------
st.header(ui.tr("stats.rule_title", year=year), divider="gray")
st.caption(ui.tr("inquiries.rule_note"))
month_names = list(get_month_names("abbreviated", locale="da_DK" if ui.lang() == "da" else "en_GB").values())
state_labels = {"met": ui.tr("value.overholdt"), "missed": ui.tr("stats.missed_late"),
                "overdue": ui.tr("stats.missed_none"), "open": ui.tr("value.frist løber")}
ui.altair_chart(lambda: charts.contact_by_month(
    report.contact_by_month, month_names=month_names, state_labels=state_labels, month_title=ui.tr("stats.month"),
    count_title=ui.tr("stats.complaints"), share_title=ui.tr("stats.rule_met")),
    frames=(report.contact_by_month,), key_parts=("stats.contact_by_month",), width="stretch")
by_year = report.contact_by_year.copy()
st.dataframe(pd.DataFrame({
    ui.tr("stats.year"): by_year["year"].astype(str),
    state_labels["met"]: by_year["met"], state_labels["missed"]: by_year["missed"],
    state_labels["overdue"]: by_year["overdue"], state_labels["open"]: by_year["open"],
    ui.tr("stats.rule_met"): by_year["share_met"].map(lambda v: "–" if pd.isna(v) else f"{v:.0%}"),
}), hide_index=True, width="stretch")

# --- mediation ---------------------------------------------------------------------------------------------
st.header(ui.tr("stats.mediation_title"), divider="gray")
st.caption(ui.tr("stats.mediation_help"))
if report.mediation_counts.empty:
    st.info(ui.tr("stats.no_mediation"))
else:
    counts = report.mediation_counts
    st.dataframe(pd.DataFrame({
        ui.tr("stats.year"): counts["year"].astype(str),
        ui.tr("field.kind"): counts["category"].map(ui.label),
        ui.tr("stats.mediation_cases"): counts["cases"],
        ui.tr("stats.meetings_held"): counts["meetings_held"],
        ui.tr("stats.followups_done"): counts["followups_done"],
        ui.tr("stats.followups_open"): counts["followups_open"],
    }), hide_index=True, width="stretch")
    for frame, title, values in ((report.trust_by_kind, ui.tr("field.kind"), MediationKind),
                                 (report.trust_by_role, ui.tr("field.party_role"), PartyRole)):
        selected = frame[frame["year"] == year][["category", "pairs", "before", "after"]]
        if selected["pairs"].sum() == 0:
            st.caption(ui.tr("stats.no_trust", year=year))
            break
        ui.altair_chart(lambda: charts.trust_before_after(  # noqa: B023 - built at once, in this iteration
            selected, category_title=title, score_title=ui.tr("stats.trust"),
            before_label=ui.tr("stats.before"), after_label=ui.tr("stats.after"),
            labels={v.value: ui.label(v) for v in values}),
            frames=(frame,), key_parts=("stats.trust", title, year), width="stretch")
    st.caption(ui.tr("stats.trust_note"))
