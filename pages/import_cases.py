"""Import cases and timeline events from CSV or Excel: template, mapping, preview, validation, import."""

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.errors import WorkbenchError
from reviews.importing.errors import ImportFileError
from reviews.importing.template import TEMPLATE_COLUMNS, TEMPLATE_DOC, template_csv_bytes
from reviews.services import imports
from reviews.services import reviews as review_service

actor = ui.require("case.import")
db = ui.db()
st.title(ui.tr("page.import"))
ui.show_flashes()

with st.expander(ui.tr("import.template"), icon=":material/description:"):
    st.markdown(ui.plain(TEMPLATE_DOC))
    st.download_button(ui.tr("import.download_template"), template_csv_bytes(), file_name=imports.TEMPLATE_FILENAME,
                       mime="text/csv", icon=":material/download:")

upload = st.file_uploader(ui.tr("import.choose_file"), type=["csv", "txt", "xlsx"], key="import_upload",
                          help=ui.tr("import.file_help"))
if upload is None:
    st.stop()

# Progress of reading (once per file) and checking (every rerun); the label ends as a summary.
checking = st.status(ui.tr("import.status.checking"), expanded=False)
# Parse once per uploaded file, not on every rerun.
if st.session_state.get("import_file_id") != upload.file_id:
    st.session_state.pop("import_table", None)
    st.session_state["import_file_id"] = upload.file_id
    with checking:
        st.write(ui.tr("import.status.reading"))
        try:
            st.session_state["import_table"] = imports.read_table(upload.getvalue(), upload.name)
            st.session_state.pop("import_file_error", None)
        except ImportFileError as exc:
            st.session_state["import_file_error"] = (exc.key, exc.params)
if "import_file_error" in st.session_state:
    checking.update(label=ui.tr("import.status.unreadable"), state="error")
    key, params = st.session_state["import_file_error"]
    st.error(ui.tr(key, **params))
    st.stop()
table: pd.DataFrame = st.session_state["import_table"]
with checking:
    st.write(ui.tr("import.status.read", rows=len(table)))

st.header(ui.tr("import.mapping"))
st.caption(ui.tr("import.mapping_help"))
suggested = imports.suggest_mapping(list(table.columns))
columns = [None, *table.columns]
mapping = {}
grid = st.columns(3)
for index, target in enumerate(TEMPLATE_COLUMNS):
    source = suggested.get(target)
    mapping[target] = grid[index % 3].selectbox(
        target, columns, index=columns.index(source) if source in columns else 0,
        format_func=lambda c: c if c is not None else ui.tr("import.not_in_file"),
        key=f"import_map_{upload.file_id}_{target}")

with checking:
    st.write(ui.tr("import.status.validating"))
    result = imports.validate(db, actor, table, mapping)
checking.update(label=ui.tr("import.status.checked", rows=result.total_rows, bad=len(result.bad_rows)),
                state="complete")
st.header(ui.tr("import.preview"))
st.caption(ui.tr("import.summary", rows=result.total_rows, cases=len(result.cases), events=len(result.events),
                 bad=len(result.bad_rows)))
# The cleaned rows: CPR numbers already masked, so the preview never shows them.
preview = imports.preview(result, ui.lang())
if len(preview):
    st.caption(ui.tr("import.preview_help", shown=len(preview)))
    st.dataframe(preview, hide_index=True, width="stretch")
if result.masked_cpr:
    st.warning(ui.tr("import.cpr_masked", count=result.masked_cpr))

if result.problems:
    st.header(ui.tr("import.problems"))
    st.dataframe(pd.DataFrame([{
        ui.tr("import.row"): p.row_number,
        ui.tr("import.column"): p.column or "",
        ui.tr("import.reason"): ui.tr(p.key, **p.params),
    } for p in result.problems]), hide_index=True, width="stretch")
else:
    st.success(ui.tr("import.all_valid"))

reviews = review_service.list_reviews(db, actor)
with st.form("import_form", enter_to_submit=False):
    review = st.selectbox(ui.tr("import.into_review"), [None, *reviews],
                          format_func=lambda r: r.name if r else ui.tr("import.no_review"))
    valid_only = False
    if result.problems:
        valid_only = st.checkbox(ui.tr("import.valid_only"), help=ui.tr("import.valid_only_help"))
    go = st.form_submit_button(ui.tr("import.run"), type="primary")
if go:
    report, failure = None, None
    with st.status(ui.tr("import.status.importing"), expanded=True) as importing:
        st.write(ui.tr("import.status.storing_cases"))
        try:
            report = imports.import_cases(db, actor, result, valid_only=valid_only,
                                          review_id=review.id if review else None, filename=upload.name)
        except WorkbenchError as exc:
            failure = exc
            importing.update(label=ui.tr("import.status.failed"), state="error")
        else:
            importing.update(label=ui.tr("import.status.done"), state="complete")
    if failure is not None:
        ui.show_error(failure)
    else:
        ui.flash("import.done", created=report.cases_created, existing=report.cases_existing,
                 events=report.events_added, duplicates=report.events_skipped_duplicates,
                 skipped=report.rows_skipped, masked=report.masked_cpr)
        for key in [k for k in st.session_state if str(k).startswith("import_")]:
            del st.session_state[key]
        st.rerun()
