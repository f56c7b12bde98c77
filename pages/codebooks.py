"""Kodebøger: the codebooks and their codes; administrators add, retire, reactivate and delete unused codes."""

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.errors import StaleVersion, WorkbenchError
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

if not manage:
    st.stop()

st.header(ui.tr("codebooks.manage"), divider="gray")
code_books = [b for b in books if b.kind == CodebookKind.CODES]
tab_add, tab_change = st.tabs([ui.tr("codebooks.add"), ui.tr("codebooks.change")], key="codebooks_tabs",
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
            try:
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
            except StaleVersion:
                st.warning(ui.tr("codebooks.stale"))
            except WorkbenchError as exc:
                ui.show_error(exc)
