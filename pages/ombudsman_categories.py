"""The administrator's lists for the ombudsman's register: causes of complaints and areas. Types, channels
and outcomes are fixed so years compare; a cause or area in use is retired, never deleted or renamed."""

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.services import ombudsman_categories as service

actor = ui.require("ombudsman.categories.manage")
db = ui.db()
st.title(ui.tr("page.ombudsman_categories"))
st.caption(ui.tr("categories.intro"))
ui.show_flashes()


def done(key: str, **params) -> None:
    ui.flash(key, **params)
    st.rerun()


def listing(entries, name_of) -> None:
    st.dataframe(pd.DataFrame([{
        ui.tr("field.name"): name_of(e),
        ui.tr("categories.state"): ui.tr("categories.active") if e.active else ui.tr("categories.retired"),
        ui.tr("categories.usage"): e.usage,
    } for e in entries]), hide_index=True, width="stretch")


def category_tab(kind: str, entries, ident, *, add, rename, set_active, move, delete) -> None:
    """List, add and edit one category list; `ident` gives the id the service functions take."""
    listing(entries, lambda e: e.name)
    with st.form(f"add_{kind}", clear_on_submit=True, enter_to_submit=False):
        name = st.text_input(ui.tr(f"categories.new_{kind}"))
        if st.form_submit_button(ui.tr("common.create"), type="primary"):
            with ui.handled():
                add(db, actor, name)
                done("categories.added", name=name.strip())
    if not entries:
        return
    chosen = st.selectbox(ui.tr(f"categories.choose_{kind}"), entries, format_func=lambda e: e.name,
                          key=f"categories_{kind}")
    in_use = bool(chosen.usage)
    if in_use:
        st.caption(ui.tr("categories.in_use", count=chosen.usage))
    with st.form(f"{kind}_{ident(chosen)}", enter_to_submit=False):
        new_name = st.text_input(ui.tr("categories.rename"), value=chosen.name, disabled=in_use)
        b1, b2, b3, b4, b5 = st.columns(5)
        renamed = b1.form_submit_button(ui.tr("categories.save_name"), disabled=in_use)
        toggle = b2.form_submit_button(
            ui.tr("categories.retire") if chosen.active else ui.tr("categories.reactivate"))
        up = b3.form_submit_button(ui.tr("categories.up"))
        down = b4.form_submit_button(ui.tr("categories.down"))
        deleted = b5.form_submit_button(ui.tr("common.delete"), disabled=in_use)
    with ui.handled():
        if renamed:
            rename(db, actor, ident(chosen), new_name)
            done("common.saved")
        if toggle:
            set_active(db, actor, ident(chosen), not chosen.active)
            done("common.saved")
        if up or down:
            move(db, actor, ident(chosen), -1 if up else 1)
            done("common.saved")
        if deleted:
            delete(db, actor, ident(chosen))
            done("categories.deleted", name=chosen.name)


tab_causes, tab_areas = st.tabs([ui.tr("categories.causes"), ui.tr("categories.areas")], key="categories_tabs",
                                on_change="rerun")

with tab_causes:
    category_tab("cause", service.causes(db, actor), lambda c: c.id, add=service.add_cause,
                 rename=service.rename_cause, set_active=service.set_cause_active, move=service.move_cause,
                 delete=service.delete_cause)

with tab_areas:
    category_tab("area", service.areas(db, actor), lambda a: a.name, add=service.add_area,
                 rename=service.rename_area, set_active=service.set_area_active, move=service.move_area,
                 delete=service.delete_area)
