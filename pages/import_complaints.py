"""Import a list of inquiries and complaints from CSV or Excel: template, column mapping, unknown values
mapped to the fixed lists, preview, validation report, import (all or nothing, or the valid rows only)."""

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.errors import WorkbenchError
from reviews.importing.errors import ImportFileError
from reviews.services import complaint_import as imports

actor = ui.require("inquiry.import")
db = ui.db()
st.title(ui.tr("page.import_complaints"))
ui.show_flashes()

with st.expander(ui.tr("import.template"), icon=":material/description:"):
    st.markdown(ui.plain(imports.TEMPLATE_DOC))
    st.download_button(ui.tr("import.download_template"), imports.template_csv_bytes(),
                       file_name=imports.TEMPLATE_FILENAME, mime="text/csv", icon=":material/download:")

upload = st.file_uploader(ui.tr("import.choose_file"), type=["csv", "txt", "xlsx"], key="cimport_upload",
                          help=ui.tr("import.file_help"))
if upload is None:
    st.stop()

# Progress of reading (once per file) and checking (every rerun); the label ends as a summary.
checking = st.status(ui.tr("import.status.checking"), expanded=False)
# Parse once per uploaded file, not on every rerun.
if st.session_state.get("cimport_file_id") != upload.file_id:
    for key in [k for k in st.session_state if str(k).startswith("cimport_") and k != "cimport_upload"]:
        del st.session_state[key]
    st.session_state["cimport_file_id"] = upload.file_id
    with checking:
        st.write(ui.tr("import.status.reading"))
        try:
            st.session_state["cimport_table"] = imports.read_table(upload.getvalue(), upload.name)
        except ImportFileError as exc:
            st.session_state["cimport_file_error"] = (exc.key, exc.params)
if "cimport_file_error" in st.session_state:
    checking.update(label=ui.tr("import.status.unreadable"), state="error")
    key, params = st.session_state["cimport_file_error"]
    st.error(ui.tr(key, **params))
    st.stop()
table: pd.DataFrame = st.session_state["cimport_table"]
with checking:
    st.write(ui.tr("import.status.read", rows=len(table)))

st.header(ui.tr("import.mapping"))
st.caption(ui.tr("import.mapping_help"))
suggested = imports.suggest_mapping(list(table.columns))
columns = [None, *table.columns]
mapping = {}
grid = st.columns(3)
for index, target in enumerate(imports.TEMPLATE_COLUMNS):
    source = suggested.get(target)
    mapping[target] = grid[index % 3].selectbox(
        target, columns, index=columns.index(source) if source in columns else 0,
        format_func=lambda c: c if c is not None else ui.tr("import.not_in_file"),
        key=f"cimport_map_{upload.file_id}_{target}")

value_mapping: dict[str, dict[str, str]] = st.session_state.setdefault("cimport_values", {})
with checking:
    st.write(ui.tr("import.status.validating"))
    result = imports.validate(db, actor, table, mapping, value_mapping)
checking.update(label=ui.tr("import.status.checked", rows=result.total_rows, bad=len(result.bad_rows)),
                state="complete")

# Unknown values in the category columns: offer a mapping to the list's values.
unmapped = list(result.unknown)
if unmapped:
    st.header(ui.tr("cimport.unknown_title"))
    st.caption(ui.tr("cimport.unknown_help"))
    with st.form("cimport_value_form", enter_to_submit=False):
        choices = {}
        for item in unmapped:
            options = [None, *result.allowed[item.column]]
            label = ui.tr("cimport.unknown_value", column=item.column, value=item.value, rows=item.rows,
                          row=item.first_row)
            if item.suggestion:
                label += " " + ui.tr("cimport.suggestion", suggestion=item.suggestion)
            choices[(item.column, item.key)] = st.selectbox(
                label, options, format_func=lambda v: v if v is not None else ui.tr("cimport.not_mapped"),
                key=f"cimport_value_{item.column}_{item.key}")
        b1, b2 = st.columns(2)
        apply = b1.form_submit_button(ui.tr("cimport.apply_mapping"), type="primary")
        use_suggestions = b2.form_submit_button(ui.tr("cimport.use_suggestions"),
                                                disabled=not any(u.suggestion for u in unmapped))
    if apply or use_suggestions:
        chosen = imports.suggested_value_mapping(result) if use_suggestions else {}
        for (column, key), value in choices.items():
            if value is not None:
                chosen.setdefault(column, {})[key] = value
        for column, values in chosen.items():
            value_mapping.setdefault(column, {}).update(values)
        st.rerun()
if value_mapping:
    mapped = [f"{column}: {key} → {value}" for column, values in value_mapping.items()
              for key, value in values.items()]
    st.caption(ui.tr("cimport.mapped", mapped=ui.plain("; ".join(mapped))))
    if st.button(ui.tr("cimport.clear_mapping"), key="cimport_clear"):
        st.session_state["cimport_values"] = {}
        st.rerun()

st.header(ui.tr("import.preview"))
st.caption(ui.tr("cimport.summary", rows=result.total_rows, valid=len(result.rows) - len(result.bad_rows),
                 bad=len(result.bad_rows)))
# The preview shows the rows as they will be stored: CPR numbers masked, values as the lists name them.
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
    } for p in result.problems[:5000]]), hide_index=True, width="stretch")
    if len(result.problems) > 5000:
        st.caption(ui.tr("cimport.more_problems", count=len(result.problems) - 5000))
else:
    st.success(ui.tr("import.all_valid"))

with st.form("cimport_form", enter_to_submit=False):
    valid_only = False
    if result.problems:
        valid_only = st.checkbox(ui.tr("import.valid_only"), help=ui.tr("import.valid_only_help"))
    go = st.form_submit_button(ui.tr("import.run"), type="primary")
if go:
    report, failure = None, None
    with st.status(ui.tr("import.status.importing"), expanded=True) as importing:
        st.write(ui.tr("import.status.storing_inquiries"))
        try:
            report = imports.import_complaints(db, actor, result, valid_only=valid_only, filename=upload.name)
        except WorkbenchError as exc:
            failure = exc
            importing.update(label=ui.tr("import.status.failed"), state="error")
        else:
            importing.update(label=ui.tr("import.status.done"), state="complete")
    if failure is not None:
        ui.show_error(failure)
    else:
        ui.flash("complaints_import.done", imported=report.imported, duplicates=report.duplicates,
                 skipped=report.rows_skipped, masked=report.masked_cpr)
        for key in [k for k in st.session_state if str(k).startswith("cimport_")]:
            del st.session_state[key]
        st.rerun()
