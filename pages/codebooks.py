"""Kodebøger: the codebooks and their codes; administrators add, retire, reactivate and delete unused codes."""

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.exports.refi_qda import MIME_TYPE, qdc_file_name
from reviews.models.case_review import CodebookKind
from reviews.services import codebooks as codebook_service

actor = ui.require("codebook.read")
db = ui.db()
manage = ui.can("codebook.manage")
st.title(ui.tr("page.codebooks"))
st.caption(ui.tr("codebooks.intro"))
ui.show_flashes()

books = codebook_service.list_codebooks(db, actor)
codes = codebook_service.list_codes(db, actor, with_usage=manage)


def book_name(book) -> str:
    return (book.name_en or book.name) if ui.lang() == "en" else book.name


for book in books:
    st.header(ui.plain(book_name(book)))
    if book.description:
        st.caption(ui.plain(book.description))
    if book.kind == CodebookKind.POLARITY:
        st.caption(ui.tr("codebooks.polarity_note"))
    rows = [c for c in codes if c.codebook_id == book.id]
    table = {
        ui.tr("field.code_label"): [c.label for c in rows],
        ui.tr("field.code_label_en"): [c.label_en for c in rows],
        ui.tr("field.status"): [ui.tr("codebooks.retired") if c.retired else ui.tr("codebooks.active") for c in rows],
    }
    if manage:
        table[ui.tr("codebooks.usage")] = [c.usage for c in rows]
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")

# --- REFI-QDA (.qdc): sharing with QualCoder, NVivo, ATLAS.ti, MAXQDA ---
st.header(ui.tr("codebooks.refi_header"), divider="gray")
st.caption(ui.tr("codebooks.refi_intro"))
export_book = st.selectbox(ui.tr("codebooks.codebook"), books, format_func=book_name, key="codebooks_refi_book")
# Prepared on request, because the export is logged; then offered for download.
if st.button(ui.tr("codebooks.refi_prepare"), icon=":material/file_export:", key="codebooks_refi_prepare"):
    with ui.handled():
        st.session_state["codebooks_qdc"] = (export_book.id,
                                             codebook_service.export_codebook_qdc(db, actor, export_book.id))
prepared = st.session_state.get("codebooks_qdc")
if prepared and export_book is not None and prepared[0] == export_book.id:
    st.download_button(ui.tr("codebooks.refi_download"), prepared[1], file_name=qdc_file_name(export_book.name),
                       mime=MIME_TYPE, icon=":material/download:", key="codebooks_refi_download", on_click="ignore")

if not manage:
    st.stop()

st.header(ui.tr("codebooks.manage"), divider="gray")
code_books = [b for b in books if b.kind == CodebookKind.CODES]
tab_add, tab_change, tab_import = st.tabs(
    [ui.tr("codebooks.add"), ui.tr("codebooks.change"), ui.tr("codebooks.refi_upload")], key="codebooks_tabs",
    on_change="rerun")

with tab_add:
    counter = st.session_state.setdefault("codebooks_add_n", 0)
    prefix = f"codebooks_add_{counter}"
    with st.form(prefix, enter_to_submit=False):
        book = st.selectbox(ui.tr("codebooks.codebook"), code_books, format_func=book_name, key=prefix + "_book")
        label = st.text_input(ui.tr("field.code_label"), key=prefix + "_label")
        label_en = st.text_input(ui.tr("field.code_label_en"), key=prefix + "_label_en")
        description = st.text_area(ui.tr("field.code_description"), key=prefix + "_description")
        add = st.form_submit_button(ui.tr("common.create"), type="primary")
    if add:
        with ui.handled():
            code = codebook_service.add_code(db, actor, book.id, label, label_en=label_en, description=description)
            st.session_state["codebooks_add_n"] = counter + 1
            ui.flash("codebooks.added", label=code.label)
            st.rerun()

with tab_change:
    editable = [c for c in codes if any(b.id == c.codebook_id for b in code_books)]
    chosen = st.selectbox(ui.tr("codebooks.choose_code"), editable, key="codebooks_pick",
                          format_func=lambda c: c.label + (f" ({ui.tr('codebooks.retired')})" if c.retired else ""))
    if chosen is not None:
        st.caption(ui.tr("codebooks.usage_line", count=chosen.usage))
        c1, c2 = st.columns(2)
        toggle = c1.button(ui.tr("codebooks.reactivate") if chosen.retired else ui.tr("codebooks.retire"),
                           key=f"codebooks_toggle_{chosen.id}")
        delete = c2.button(ui.tr("codebooks.delete"), key=f"codebooks_delete_{chosen.id}", disabled=chosen.usage > 0,
                           help=ui.tr("codebooks.delete_help"))
        if toggle or delete:
            with ui.stale_handled("codebooks.stale"):
                if delete:
                    codebook_service.delete_code(db, actor, chosen.id, chosen.version)
                    ui.flash("codebooks.deleted", label=chosen.label)
                elif chosen.retired:
                    codebook_service.reactivate_code(db, actor, chosen.id, chosen.version)
                    ui.flash("codebooks.reactivated", label=chosen.label)
                else:
                    codebook_service.retire_code(db, actor, chosen.id, chosen.version)
                    ui.flash("codebooks.retired_done", label=chosen.label)
                st.rerun()

with tab_import:
    counter = st.session_state.setdefault("codebooks_refi_n", 0)
    upload = st.file_uploader(ui.tr("codebooks.refi_upload"), type=["qdc", "xml"],
                              key=f"codebooks_refi_upload_{counter}", help=ui.tr("codebooks.refi_upload_help"))
    import_name = st.text_input(ui.tr("codebooks.refi_name"), key=f"codebooks_refi_name_{counter}")
    if st.button(ui.tr("codebooks.refi_import"), type="primary", disabled=upload is None,
                 key=f"codebooks_refi_import_{counter}"):
        with ui.handled():
            result = codebook_service.import_codebook_qdc(db, actor, upload.getvalue(), name=import_name or None,
                                                          file_name=upload.name)
            st.session_state["codebooks_refi_n"] = counter + 1
            ui.flash("codebooks.refi_created" if result.created else "codebooks.refi_updated",
                     name=ui.plain(result.codebook.name), added=len(result.added), updated=len(result.updated),
                     unchanged=result.unchanged)
            if result.not_in_file:
                ui.flash("codebooks.refi_kept", count=len(result.not_in_file), labels=", ".join(
                    ui.tr("codebooks.refi_in_use", label=ui.plain(k.label), count=k.usage) if k.usage
                    else ui.plain(k.label) for k in result.not_in_file))
            if result.categories:
                ui.flash("codebooks.refi_folders", labels=", ".join(ui.plain(c) for c in result.categories))
            if result.masked:
                ui.flash("codebooks.refi_masked", count=result.masked)
            st.rerun()
