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


tab_causes, tab_areas = st.tabs([ui.tr("categories.causes"), ui.tr("categories.areas")])

with tab_causes:
    causes = service.causes(db, actor)
    listing(causes, lambda c: c.name)
    with st.form("add_cause", clear_on_submit=True):
        name = st.text_input(ui.tr("categories.new_cause"))
        if st.form_submit_button(ui.tr("common.create"), type="primary"):
            with ui.handled():
                service.add_cause(db, actor, name)
                done("categories.added", name=name.strip())
    if causes:
        chosen = st.selectbox(ui.tr("categories.choose_cause"), causes, format_func=lambda c: c.name,
                              key="categories_cause")
        if chosen.usage:
            st.caption(ui.tr("categories.in_use", count=chosen.usage))
        with st.form(f"cause_{chosen.id}"):
            new_name = st.text_input(ui.tr("categories.rename"), value=chosen.name, disabled=bool(chosen.usage))
            b1, b2, b3, b4, b5 = st.columns(5)
            rename = b1.form_submit_button(ui.tr("categories.save_name"), disabled=bool(chosen.usage))
            toggle = b2.form_submit_button(
                ui.tr("categories.retire") if chosen.active else ui.tr("categories.reactivate"))
            up = b3.form_submit_button(ui.tr("categories.up"))
            down = b4.form_submit_button(ui.tr("categories.down"))
            delete = b5.form_submit_button(ui.tr("common.delete"), disabled=bool(chosen.usage))
        with ui.handled():
            if rename:
                service.rename_cause(db, actor, chosen.id, new_name)
                done("common.saved")
            if toggle:
                service.set_cause_active(db, actor, chosen.id, not chosen.active)
                done("common.saved")
            if up or down:
                service.move_cause(db, actor, chosen.id, -1 if up else 1)
                done("common.saved")
            if delete:
                service.delete_cause(db, actor, chosen.id)
                done("categories.deleted", name=chosen.name)

with tab_areas:
    areas = service.areas(db, actor)
    listing(areas, lambda a: a.name)
    with st.form("add_area", clear_on_submit=True):
        name = st.text_input(ui.tr("categories.new_area"))
        if st.form_submit_button(ui.tr("common.create"), type="primary"):
            with ui.handled():
                service.add_area(db, actor, name)
                done("categories.added", name=name.strip())
    if areas:
        chosen_area = st.selectbox(ui.tr("categories.choose_area"), areas, format_func=lambda a: a.name,
                                   key="categories_area")
        if chosen_area.usage:
            st.caption(ui.tr("categories.in_use", count=chosen_area.usage))
        with st.form(f"area_{chosen_area.name}"):
            new_name = st.text_input(ui.tr("categories.rename"), value=chosen_area.name,
                                     disabled=bool(chosen_area.usage))
            b1, b2, b3, b4, b5 = st.columns(5)
            rename = b1.form_submit_button(ui.tr("categories.save_name"), disabled=bool(chosen_area.usage))
            toggle = b2.form_submit_button(
                ui.tr("categories.retire") if chosen_area.active else ui.tr("categories.reactivate"))
            up = b3.form_submit_button(ui.tr("categories.up"))
            down = b4.form_submit_button(ui.tr("categories.down"))
            delete = b5.form_submit_button(ui.tr("common.delete"), disabled=bool(chosen_area.usage))
        with ui.handled():
            if rename:
                service.rename_area(db, actor, chosen_area.name, new_name)
                done("common.saved")
            if toggle:
                service.set_area_active(db, actor, chosen_area.name, not chosen_area.active)
                done("common.saved")
            if up or down:
                service.move_area(db, actor, chosen_area.name, -1 if up else 1)
                done("common.saved")
            if delete:
                service.delete_area(db, actor, chosen_area.name)
                done("categories.deleted", name=chosen_area.name)
