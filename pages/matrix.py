"""Across the cases: a codes x cases matrix of findings (aggregated in DuckDB), "seen in k of n cases" per
code, filters by polarity, discipline and codebook, and the findings behind a cell."""

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.charts.matrix import SELECTION, heatmap
from reviews.errors import WorkbenchError
from reviews.models import Discipline
from reviews.models.case_review import CodebookKind, Polarity
from reviews.services import codebooks as codebook_service
from reviews.services import findings as finding_service

actor = ui.require("finding.read")
db = ui.db()
st.title(ui.tr("page.matrix"))
st.caption(ui.tr("matrix.intro"))

review = ui.review_picker(finding_service.my_reviews(db, actor), "matrix_review")

books = [b for b in codebook_service.list_codebooks(db, actor) if b.kind == CodebookKind.CODES]
book_names = {b.id: (b.name_en or b.name) if ui.lang() == "en" else b.name for b in books}
with st.container(border=True):
    c1, c2, c3 = st.columns(3)
    polarities = c1.multiselect(ui.tr("field.polarity"), list(Polarity), format_func=ui.label, key="matrix_pol",
                                placeholder=ui.tr("common.all"), select_all=False)
    disciplines = c2.multiselect(ui.tr("field.discipline"), list(Discipline), format_func=ui.label,
                                 key="matrix_disc", placeholder=ui.tr("common.all"), select_all=False)
    book_ids = c3.multiselect(ui.tr("matrix.codebooks"), list(book_names), format_func=book_names.get,
                              key="matrix_books", placeholder=ui.tr("common.all"), select_all=False)

criteria = (review.id, tuple(polarities), tuple(disciplines), tuple(book_ids))
if st.session_state.get("matrix_criteria") != criteria:
    st.session_state["matrix_criteria"] = criteria
    st.session_state["matrix_page"] = 1
try:
    data = finding_service.matrix(db, actor, review.id, polarities=polarities, disciplines=disciplines,
                                  codebook_ids=book_ids, page=st.session_state.get("matrix_page", 1))
except WorkbenchError as exc:
    ui.show_error(exc)
    st.stop()
if data.restricted:
    st.info(ui.tr("matrix.restricted"))


def code_label(code_id: int) -> str:
    code = data.codes.get(int(code_id))
    return code.display(ui.lang()) if code else f"#{code_id}"


def code_sort_key(code_id: int):
    code = data.codes.get(int(code_id))
    return (code.codebook_id, code.sort_order) if code else (999, int(code_id))


if data.per_code.empty:
    st.info(ui.tr("matrix.empty"))
else:
    used_codes = sorted((int(c) for c in data.per_code["code_id"]), key=code_sort_key)
    code_order = [code_label(c) for c in used_codes]
    pseudonyms = dict(zip(data.page_cases["case_id"].astype(int), data.page_cases["pseudonym"], strict=True))
    case_order = list(pseudonyms.values())
    cells = data.cells.copy()
    cells["code"] = [code_label(c) for c in cells["code_id"]]
    cells["case"] = [pseudonyms.get(int(c), "") for c in cells["case_id"]]

    st.header(ui.tr("matrix.heatmap"))
    size = finding_service.MATRIX_PAGE_SIZE
    st.caption(ui.tr("matrix.page_info", first=(data.page - 1) * size + 1,
                     last=min(data.page * size, data.case_total), total=data.case_total))
    # The Altair chart as its Vega-Lite spec, built again only when what it shows changed (a click on a cell
    # reruns the page with the same chart), and without a schema validation on every build (the spec is fixed
    # and validated in tests/test_findings.py); building and validating were most of this page's rerun time.
    chart_key = (tuple(cells.itertuples(index=False)), tuple(code_order), tuple(case_order), ui.lang())
    cached = st.session_state.get("matrix_spec")
    if cached is None or cached[0] != chart_key:
        chart = heatmap(cells, code_order=code_order, case_order=case_order, case_title=ui.tr("field.pseudonym"),
                        code_title=ui.tr("field.codes"), count_title=ui.tr("matrix.findings"))
        cached = (chart_key, chart.to_dict(validate=False))
        st.session_state["matrix_spec"] = cached
    event = st.vega_lite_chart(spec=cached[1], on_select="rerun", width="stretch",
                               key=f"matrix_chart_{review.id}_{data.page}",
                               alt=ui.tr("matrix.chart_alt", codes=len(code_order), cases=len(case_order)))
    if data.page_count > 1:
        prev_col, info_col, next_col = st.columns([1, 2, 1])
        if prev_col.button(ui.tr("matrix.previous_cases"), disabled=data.page <= 1, key="matrix_prev"):
            st.session_state["matrix_page"] = data.page - 1
            st.rerun()
        info_col.write(ui.tr("common.page_of", page=data.page, pages=data.page_count))
        if next_col.button(ui.tr("matrix.next_cases"), disabled=data.page >= data.page_count, key="matrix_next"):
            st.session_state["matrix_page"] = data.page + 1
            st.rerun()

    st.header(ui.tr("matrix.seen_in_title"))
    per_code = data.per_code.assign(_order=[code_sort_key(c) for c in data.per_code["code_id"]])
    per_code = per_code.sort_values(["cases", "_order"], ascending=[False, True])
    st.dataframe(pd.DataFrame({
        ui.tr("field.codes"): [code_label(c) for c in per_code["code_id"]],
        ui.tr("matrix.seen_in"): [ui.tr("lp.seen_in", k=int(k), n=data.case_total) for k in per_code["cases"]],
        ui.tr("matrix.findings"): per_code["findings"].astype(int),
    }), hide_index=True, width="stretch")

    # The findings behind a cell: clicked in the chart, or chosen here (keyboard and screen readers).
    st.header(ui.tr("matrix.behind"))
    picked = (event.selection.get(SELECTION) if event and getattr(event, "selection", None) else None) or []
    if picked:
        st.session_state["matrix_pick"] = (int(picked[0]["code_id"]), int(picked[0]["case_id"]))
    pick_code, pick_case = st.session_state.get("matrix_pick", (None, None))
    c1, c2 = st.columns(2)
    code_options = [None, *used_codes]
    case_options = [None, *pseudonyms]
    code_id = c1.selectbox(ui.tr("field.codes"), code_options, format_func=lambda c: ui.tr("common.all") if c is None
                           else code_label(c), index=code_options.index(pick_code) if pick_code in code_options else 0,
                           key=f"matrix_code_{pick_code}_{pick_case}")
    case_id = c2.selectbox(ui.tr("field.pseudonym"), case_options,
                           format_func=lambda c: ui.tr("matrix.all_cases") if c is None else pseudonyms[c],
                           index=case_options.index(pick_case) if pick_case in case_options else 0,
                           key=f"matrix_case_{pick_code}_{pick_case}")
    if code_id is None and case_id is None:
        st.caption(ui.tr("matrix.pick_hint"))
    else:
        found = finding_service.search_findings(db, actor, review.id, case_id=case_id, code_id=code_id,
                                                polarities=polarities, disciplines=disciplines,
                                                codebook_ids=book_ids, page_size=25)
        st.caption(ui.tr("matrix.behind_count", shown=len(found.items), total=found.total))
        for f in found.items:
            with st.container(border=True):
                where = (f"{ui.fmt_date(f.event_date, 'short')} · {ui.label(f.event_type)}" if f.event_id
                         else ui.tr("annotate.whole_case"))
                st.markdown(f"**{ui.plain(f.pseudonym)}** · {ui.plain(where)} · {ui.plain(f.author_name)}"
                            f" ({ui.plain(ui.label(f.discipline))}) · {ui.plain(ui.label(f.polarity))}")
                st.caption(ui.plain(" · ".join(code_label(c) for c in f.code_ids)))
                st.markdown(ui.plain(f.text))

if ui.can("review.export"):
    st.divider()
    if st.button(ui.tr("matrix.prepare_export"), icon=":material/table_view:", key="matrix_export"):
        with ui.handled():
            st.session_state["findings_csv"] = (review.id, finding_service.export_findings_csv(
                db, actor, review.id, lang=ui.lang()))
    prepared = st.session_state.get("findings_csv")
    if prepared and prepared[0] == review.id:
        st.download_button(ui.tr("matrix.download"), prepared[1], file_name="fund.csv", mime="text/csv",
                           icon=":material/download:", key="matrix_download")
