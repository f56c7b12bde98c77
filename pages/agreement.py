"""Agreement between reviewers: Krippendorff's alpha and percent agreement over the whole review, per code
and per case, the codes to discuss first, and who tagged what on one case."""

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.analysis import agreement as agreement_analysis
from reviews.errors import WorkbenchError
from reviews.services import agreement as agreement_service
from reviews.services import findings as finding_service
from reviews.services import passages as passage_service

actor = ui.require("agreement.read")
db = ui.db()
st.title(ui.tr("page.agreement"))
st.caption(ui.tr("agreement.intro"))

review = ui.review_picker(finding_service.my_reviews(db, actor), "agreement_review")

try:
    result = agreement_service.review_agreement(db, actor, review.id)
except WorkbenchError as exc:
    ui.show_error(exc)
    st.stop()
fig = result.figures
if result.restricted:
    st.info(ui.tr("agreement.restricted"))
if fig.units == 0:
    st.info(ui.tr("agreement.none"))
    st.stop()


def fmt_alpha(value) -> str:
    return "–" if value is None or pd.isna(value) else ui.fmt_number(float(value), 2)


def fmt_percent(value) -> str:
    return "–" if value is None or pd.isna(value) else ui.fmt_number(100 * float(value), 0) + " %"


def reading(value) -> str:
    return ui.tr("agreement.reading." + agreement_analysis.alpha_reading(value))


def code_label(code_id: int) -> str:
    code = result.codes.get(int(code_id))
    return code.display(ui.lang()) if code else f"#{code_id}"


st.caption(ui.tr("agreement.level.binary"))
cols = st.columns(4)
cols[0].metric(ui.tr("agreement.alpha"), fmt_alpha(fig.alpha), help=ui.tr("agreement.alpha_help"))
cols[0].caption(reading(fig.alpha))
cols[1].metric(ui.tr("agreement.percent"), fmt_percent(fig.percent), help=ui.tr("agreement.percent_help"))
cols[2].metric(ui.tr("agreement.cases"), ui.tr("agreement.k_of_n", k=fig.cases, n=result.case_total),
               help=ui.tr("agreement.cases_help"))
cols[3].metric(ui.tr("agreement.codes"), fig.codes, help=ui.tr("agreement.codes_help"))
if fig.alpha is None:
    st.caption(ui.tr("agreement.alpha_undefined"))

values = st.columns(2)
for column, figure, title, level in ((values[0], result.polarity, "agreement.alpha_polarity", "agreement.level.polarity"),
                                     (values[1], result.judgement, "agreement.alpha_judgement",
                                      "agreement.level.judgement")):
    column.metric(ui.tr(title), fmt_alpha(figure.alpha), help=ui.tr("agreement.value_help"))
    column.caption(f"{ui.tr(level)}. {reading(figure.alpha)}. {ui.tr('agreement.value_units', count=figure.units)}")

st.header(ui.tr("agreement.discuss"))
if result.disagreement.empty:
    st.success(ui.tr("agreement.no_disagreement"))
else:
    st.dataframe(pd.DataFrame({
        ui.tr("field.codes"): [code_label(c) for c in result.disagreement["code_id"]],
        ui.tr("agreement.split"): result.disagreement["split"].astype(int),
        ui.tr("agreement.used_in"): result.disagreement["used_in"].astype(int),
        ui.tr("agreement.alpha"): [fmt_alpha(v) for v in result.disagreement["alpha"]],
        ui.tr("agreement.reading"): [reading(v) for v in result.disagreement["alpha"]],
        ui.tr("agreement.percent"): [fmt_percent(v) for v in result.disagreement["percent"]],
    }), hide_index=True, width="stretch")
    st.caption(ui.tr("agreement.discuss_help"))

tab_codes, tab_cases = st.tabs([ui.tr("agreement.per_code"), ui.tr("agreement.per_case")], key="agreement_tabs",
                               on_change="rerun")
with tab_codes:
    per_code = fig.per_code.sort_values(["split", "code_id"], ascending=[False, True])
    polarity_by_code = dict(zip(result.polarity.per_code["code_id"], result.polarity.per_code["alpha"]))
    judgement_by_code = dict(zip(result.judgement.per_code["code_id"], result.judgement.per_code["alpha"]))
    st.dataframe(pd.DataFrame({
        ui.tr("field.codes"): [code_label(c) for c in per_code["code_id"]],
        ui.tr("agreement.alpha_use"): [fmt_alpha(v) for v in per_code["alpha"]],
        ui.tr("agreement.reading"): [reading(v) for v in per_code["alpha"]],
        ui.tr("agreement.percent"): [fmt_percent(v) for v in per_code["percent"]],
        ui.tr("agreement.used_in"): per_code["used_in"].astype(int),
        ui.tr("agreement.split"): per_code["split"].astype(int),
        ui.tr("agreement.alpha_polarity_col"): [fmt_alpha(polarity_by_code.get(c)) for c in per_code["code_id"]],
        ui.tr("agreement.alpha_judgement_col"): [fmt_alpha(judgement_by_code.get(c)) for c in per_code["code_id"]],
    }), hide_index=True, width="stretch")

with tab_cases:
    per_case = result.cases_shown
    if len(fig.per_case) > len(per_case):
        st.caption(ui.tr("agreement.first_cases", count=len(per_case), total=len(fig.per_case)))
    st.dataframe(pd.DataFrame({
        ui.tr("field.pseudonym"): [result.pseudonyms.get(int(c), f"#{c}") for c in per_case["case_id"]],
        ui.tr("agreement.readers"): per_case["coders"].astype(int),
        ui.tr("agreement.alpha"): [fmt_alpha(v) for v in per_case["alpha"]],
        ui.tr("agreement.reading"): [reading(v) for v in per_case["alpha"]],
        ui.tr("agreement.percent"): [fmt_percent(v) for v in per_case["percent"]],
        ui.tr("agreement.split_codes"): per_case["split"].astype(int),
    }), hide_index=True, width="stretch")

    st.subheader(ui.tr("agreement.case_detail"))
    case_ids = [int(c) for c in per_case["case_id"]]
    case_id = st.selectbox(ui.tr("annotate.choose_case"), case_ids, key=f"agreement_case_{review.id}",
                           format_func=lambda c: result.pseudonyms.get(c, f"#{c}"))
    try:
        detail = agreement_service.case_agreement(db, actor, review.id, case_id)
    except WorkbenchError as exc:
        ui.show_error(exc)
    else:
        readers = {uid: f"{name} ({ui.label(discipline)})" for uid, name, discipline in detail.readers}
        table = detail.table
        if table.empty:
            st.info(ui.tr("agreement.case_no_codes"))
        else:
            grid = table.pivot_table(index="code_id", columns="user_id", values="findings", aggfunc="sum",
                                     fill_value=0)
            grid = grid.reindex(columns=list(readers), fill_value=0)
            used_by = (grid > 0).sum(axis=1)
            shown = pd.DataFrame({ui.tr("field.codes"): [code_label(c) for c in grid.index]})
            for uid, title in readers.items():
                shown[title] = ["✓" if v else "" for v in grid[uid]]
            shown[ui.tr("agreement.disagree_col")] = [
                ui.tr("agreement.disagree_mark") if 0 < n < len(readers) else "" for n in used_by]
            shown = shown.assign(_n=used_by.to_numpy()).sort_values("_n").drop(columns="_n")
            st.dataframe(shown, hide_index=True, width="stretch")
            st.caption(ui.tr("agreement.case_help"))

# --- agreement with passages of the case files as units, per code -------------------------------------------
st.header(ui.tr("agreement.passages.heading"))
st.caption(ui.tr("agreement.passages.intro"))
with ui.handled():
    by_passage = passage_service.passage_agreement(db, actor, review.id)
    passage_figures = by_passage.figures
    if by_passage.restricted:
        st.caption(ui.tr("agreement.passages.restricted"))
    if passage_figures.paragraphs == 0:
        st.info(ui.tr("agreement.passages.none"))
    else:
        st.markdown(ui.tr("agreement.passages.summary", paragraphs=passage_figures.paragraphs,
                          alpha=fmt_alpha(passage_figures.alpha), percent=fmt_percent(passage_figures.percent)))
        rows = passage_figures.per_code
        st.dataframe(pd.DataFrame({
            ui.tr("agreement.passages.col.code"): [code_label(c) for c in rows["code_id"]],
            ui.tr("agreement.passages.col.alpha"): [fmt_alpha(v) for v in rows["alpha"]],
            ui.tr("agreement.passages.col.percent"): [fmt_percent(v) for v in rows["percent"]],
            ui.tr("agreement.passages.col.units"): list(rows["units"]),
            ui.tr("agreement.passages.col.used"): list(rows["used_in"]),
            ui.tr("agreement.passages.col.split"): list(rows["split"]),
        }), hide_index=True, width="stretch")
