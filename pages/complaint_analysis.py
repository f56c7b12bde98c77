"""Complaint analysis (seed 000: why citizens complain): top causes, causes by area over time, and the
complaints behind a bar. Chair and reader see counts only; the ombudsman also sees the complaints."""

import datetime as dt

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.analysis import periods
from reviews.charts import ombudsman as charts
from reviews.models.ombudsman import InquiryType
from reviews.services import inquiries as inquiry_service
from reviews.services import ombudsman_stats as stats

actor = ui.require("ombudsman.statistics")
db = ui.db()
st.title(ui.tr("page.complaint_analysis"))
st.caption(ui.tr("analysis.intro"))

default_from, default_to = periods.default_window(max(stats.available_years(db, actor)))
with st.container(border=True):
    c1, c2, c3, c4, c5 = st.columns(5)
    date_from = c1.date_input(ui.tr("analysis.from"), value=default_from, format="DD.MM.YYYY",
                              min_value=periods.EARLIEST, key="analysis_from")
    date_to = c2.date_input(ui.tr("analysis.to"), value=default_to, format="DD.MM.YYYY",
                            min_value=periods.EARLIEST, key="analysis_to")
    grain = c3.selectbox(ui.tr("analysis.grain"), ["month", "quarter"], key="analysis_grain",
                         format_func=lambda g: ui.tr(f"analysis.grain.{g}"))
    kind = c4.selectbox(ui.tr("field.inquiry_type"), [InquiryType.COMPLAINT, None], key="analysis_type",
                        format_func=lambda t: ui.label(t) if t else ui.tr("analysis.all_types"))
    area = c5.selectbox(ui.tr("field.area"), [None, *stats.areas(db, actor)], key="analysis_area",
                        format_func=lambda a: a or ui.tr("common.all"))
if not periods.is_window(date_from, date_to):
    st.warning(ui.tr("analysis.bad_period"))
    st.stop()


def cause_label(name: str) -> str:
    return name or ui.tr("stats.no_cause")


# --- top causes ------------------------------------------------------------------------------------------
st.header(ui.tr("analysis.top_causes"), divider="gray")
top = stats.top_causes(db, actor, date_from, date_to, inquiry_type=kind, area=area)
picked: dict | None = None
if top.empty:
    st.info(ui.tr("analysis.none"))
else:
    shown = top.assign(cause=top["cause"].map(cause_label))
    event = st.altair_chart(charts.top_causes(shown, cause_title=ui.tr("field.causes"),
                                              count_title=ui.tr("stats.count"), share_title=ui.tr("analysis.share")),
                            width="stretch", on_select="rerun", selection_mode=charts.SELECTION, key="analysis_top")
    points = (event.selection.get(charts.SELECTION) if event else None) or []
    if points:
        label = points[0].get("cause")
        name = next((c for c in top["cause"] if cause_label(c) == label), None)
        if name is not None:
            picked = {"cause": name, "area": area, "from": date_from, "to": date_to}
    st.caption(ui.tr("analysis.click_hint") + " " + ui.tr("stats.cause_note"))
    st.dataframe(pd.DataFrame({
        ui.tr("field.causes"): shown["cause"], ui.tr("stats.count"): top["n"],
        ui.tr("analysis.share"): top["share"].map(lambda v: f"{v:.0%}"),
    }), hide_index=True, width="stretch")

# --- causes by area over time ------------------------------------------------------------------------------
st.header(ui.tr("analysis.over_time"), divider="gray")
over_time = stats.causes_over_time(db, actor, date_from, date_to, grain=grain, inquiry_type=kind, area=area)
if over_time.empty:
    st.info(ui.tr("analysis.none"))
else:
    shown = over_time.assign(cause=over_time["cause"].map(cause_label))
    starts = sorted({pd.Timestamp(p).date() for p in over_time["period"]})
    if grain == "quarter":
        period_labels = {d: ui.tr("analysis.quarter_label", q=periods.quarter(d), year=d.year) for d in starts}
    else:
        period_labels = {d: ui.fmt_date(d, "short")[3:] for d in starts}  # "01.2025"
    event = st.altair_chart(charts.causes_over_time(
        shown, period_title=ui.tr("analysis.period"), count_title=ui.tr("stats.count"),
        cause_title=ui.tr("field.causes"), area_title=ui.tr("field.area"), period_labels=period_labels),
        on_select="rerun", selection_mode=charts.SELECTION, key="analysis_time")
    points = (event.selection.get(charts.SELECTION) if event else None) or []
    if points and points[0].get("period_key"):
        start = dt.date.fromisoformat(points[0]["period_key"][:10])
        window_from, window_to = periods.period_window(start, grain, date_from, date_to)
        label = points[0].get("cause")
        name = next((c for c in over_time["cause"] if cause_label(c) == label), None)
        if name is not None:
            picked = {"cause": name, "area": points[0].get("area"), "from": window_from, "to": window_to}
    st.caption(ui.tr("analysis.click_hint"))

# --- the complaints behind a bar ---------------------------------------------------------------------------
st.header(ui.tr("analysis.behind"), divider="gray")
if picked is None:
    st.caption(ui.tr("analysis.behind_hint"))
    st.stop()
selection_text = ui.tr("analysis.selection", cause=cause_label(picked["cause"]),
                       area=picked["area"] or ui.tr("common.all"), start=ui.fmt_date(picked["from"]),
                       end=ui.fmt_date(picked["to"]))
st.markdown(ui.plain(selection_text))
count = stats.top_causes(db, actor, picked["from"], picked["to"], inquiry_type=kind, area=picked["area"])
n = int(count.loc[count["cause"] == picked["cause"], "n"].sum())
st.metric(ui.tr("stats.count"), ui.fmt_number(n))
if not ui.can("inquiry.read"):
    st.info(ui.tr("analysis.counts_only"))
    st.stop()
cause_ids = {c.name: c.id for c in inquiry_service.list_causes(db, actor, include_retired=True)}
found = inquiry_service.search_inquiries(
    db, actor, inquiry_type=kind, area=picked["area"], received_from=picked["from"], received_to=picked["to"],
    cause_id=cause_ids.get(picked["cause"]) if picked["cause"] else None, no_cause=picked["cause"] == "",
    page_size=100)
st.dataframe(pd.DataFrame([{
    ui.tr("inquiries.number"): i.number,
    ui.tr("field.received_at"): ui.fmt_datetime(i.received_at),
    ui.tr("field.citizen"): i.citizen,
    ui.tr("field.area"): i.area,
    ui.tr("field.causes"): ", ".join(i.cause_names),
    ui.tr("field.status"): ui.label(i.status),
    ui.tr("field.outcome"): ui.label(i.outcome) if i.outcome else "",
    ui.tr("field.account"): i.account[:200],
} for i in found.items]), hide_index=True, width="stretch")
if found.total > len(found.items):
    st.caption(ui.tr("analysis.more", shown=len(found.items), total=found.total))
