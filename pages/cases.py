"""Case register: search, filter, page through, open, create."""

import datetime as dt

import pandas as pd
import streamlit as st

from reviews import clock, ui
from reviews.models import CaseStatus
from reviews.services import access as access_service
from reviews.services import cases as case_service

actor = ui.require("case.read")
db = ui.db()
st.title(ui.tr("page.cases"))
ui.show_flashes()

areas = case_service.list_areas(db, actor)
with st.container(border=True):
    col_text, col_area, col_status = st.columns([3, 2, 2])
    text = col_text.text_input(ui.tr("cases.search"), key="cases_text", placeholder=ui.tr("cases.search_hint"))
    area = col_area.selectbox(ui.tr("field.area"), [""] + areas, key="cases_area",
                              format_func=lambda a: a or ui.tr("common.all"))
    status = col_status.selectbox(ui.tr("field.status"), [None, *CaseStatus], key="cases_status",
                                  format_func=lambda s: ui.label(s) if s else ui.tr("common.all"))
    col_from, col_to, col_sort, col_size = st.columns(4)
    opened_from = col_from.date_input(ui.tr("cases.opened_from"), value=None, key="cases_from",
                                      min_value=dt.date(1990, 1, 1), format="DD.MM.YYYY")
    opened_to = col_to.date_input(ui.tr("cases.opened_to"), value=None, key="cases_to",
                                  min_value=dt.date(1990, 1, 1), format="DD.MM.YYYY")
    sort = col_sort.selectbox(ui.tr("cases.sort"), ["pseudonym", "opened", "area", "status"], key="cases_sort",
                              format_func=lambda s: ui.tr(f"cases.sort.{s}"))
    page_size = col_size.selectbox(ui.tr("common.page_size"), case_service.PAGE_SIZES, key="cases_page_size")

criteria = (text, area, status, opened_from, opened_to, sort, page_size)
if st.session_state.get("cases_criteria") != criteria:
    st.session_state["cases_criteria"] = criteria
    st.session_state["cases_page"] = 1
page_number = st.session_state.get("cases_page", 1)

result = case_service.search_cases(db, actor, text=text, area=area or None, status=status,
                                   opened_from=opened_from, opened_to=opened_to, sort=sort,
                                   page=page_number, page_size=page_size)
st.caption(ui.tr("cases.count", total=result.total, page=result.page, pages=result.page_count))

if result.items:
    table = pd.DataFrame([{
        ui.tr("field.pseudonym"): c.pseudonym,
        ui.tr("field.area"): c.area,
        ui.tr("field.status"): ui.label(c.status),
        ui.tr("field.opened"): ui.fmt_date(c.opened, "short"),
        ui.tr("cases.events"): c.event_count,
        ui.tr("field.summary"): c.summary[:140],
    } for c in result.items])
    event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun",
                         selection_mode="single-row", key="cases_table")
    rows = event.selection.rows if event else []
    if rows:
        st.session_state["case_id"] = result.items[rows[0]].id
        st.switch_page("pages/case.py")
    st.caption(ui.tr("cases.open_hint"))
    prev_col, info_col, next_col = st.columns([1, 2, 1])
    if prev_col.button(ui.tr("common.previous"), disabled=result.page <= 1, key="cases_prev"):
        st.session_state["cases_page"] = result.page - 1
        st.rerun()
    info_col.write(ui.tr("common.page_of", page=result.page, pages=result.page_count))
    if next_col.button(ui.tr("common.next"), disabled=result.page >= result.page_count, key="cases_next"):
        st.session_state["cases_page"] = result.page + 1
        st.rerun()
else:
    st.info(ui.tr("cases.none_found"))

if ui.can("case.write"):
    with st.expander(ui.tr("cases.new"), icon=":material/add:"):
        with st.form("new_case", clear_on_submit=False, enter_to_submit=False):
            pseudonym = st.text_input(ui.tr("field.pseudonym"), help=ui.tr("cases.pseudonym_help"))
            new_area = st.selectbox(ui.tr("field.area"), areas)
            new_opened = st.date_input(ui.tr("field.opened"), value=clock.today(), format="DD.MM.YYYY",
                                       min_value=dt.date(1990, 1, 1))
            summary = st.text_area(ui.tr("field.summary"))
            create = st.form_submit_button(ui.tr("common.create"), type="primary")
        if create:
            with ui.handled():
                saved = case_service.create_case(db, actor, case_service.CaseForm(
                    pseudonym=pseudonym, area=new_area, opened=new_opened, summary=summary))
                ui.flash_saved(saved, "cases.created", pseudonym=ui.plain(saved.record.pseudonym))
                st.session_state["case_id"] = saved.record.id
                st.switch_page("pages/case.py")

if ui.can("case.break_glass"):
    with st.expander(ui.tr("access.break_glass"), icon=":material/emergency:"):
        st.caption(ui.tr("access.break_glass_help", minutes=access_service.BREAK_GLASS_MINUTES))
        form = ui.form_key("break_glass")
        with st.form(form, enter_to_submit=False):
            glass_pseudonym = st.text_input(ui.tr("field.pseudonym"), key=form + "_pseudonym")
            reason = st.text_area(ui.tr("field.break_glass_reason"), key=form + "_reason")
            if st.form_submit_button(ui.tr("access.break_glass_submit"), type="primary"):
                with ui.handled():
                    grant = access_service.break_glass(db, actor, glass_pseudonym, reason)
                    ui.flash("access.granted", pseudonym=ui.plain(grant.pseudonym),
                             until=ui.fmt_datetime(grant.expires_at))
                    ui.clear_form("break_glass")
                    st.session_state["case_id"] = grant.case_id
                    st.switch_page("pages/case.py")
        running = access_service.my_grants(db, actor)
        if running:
            st.markdown(f"**{ui.tr('access.my_grants')}**")
            st.table(pd.DataFrame([{
                ui.tr("access.col.case"): g.pseudonym, ui.tr("access.col.reason"): g.reason,
                ui.tr("access.col.expires"): ui.fmt_datetime(g.expires_at)} for g in running]), hide_index=True)
