"""The audit log: who used which data, when and why (administrators only)."""

import datetime as dt

import pandas as pd
import streamlit as st

from reviews import clock, ui
from reviews.services import access as access_service
from reviews.services import audit

actor = ui.require("audit.read")
db = ui.db()
st.title(ui.tr("page.audit"))
st.caption(ui.tr("audit.intro"))

with st.container(border=True):
    c1, c2, c3 = st.columns(3)
    username = c1.text_input(ui.tr("login.username"), key="audit_user").strip() or None
    action = c2.selectbox(ui.tr("audit.action"), [None, *audit.audit_actions(db, actor)], key="audit_action",
                          format_func=lambda a: ui.tr(f"audit.action.{a}") if a else ui.tr("common.all"))
    pseudonym = c3.text_input(ui.tr("field.pseudonym"), key="audit_pseudonym").strip() or None
    c4, c5, c6 = st.columns(3)
    date_from = c4.date_input(ui.tr("audit.from"), value=clock.today() - dt.timedelta(days=30),
                              format="DD.MM.YYYY", key="audit_from")
    date_to = c5.date_input(ui.tr("audit.to"), value=clock.today(), format="DD.MM.YYYY", key="audit_to")
    page = c6.number_input(ui.tr("common.page"), min_value=1, value=1, step=1, key="audit_page")

filters = dict(username=username, action=action, pseudonym=pseudonym, date_from=date_from, date_to=date_to)
entries, total = audit.search_audit(db, actor, **filters, page=int(page), page_size=100)
st.caption(ui.tr("audit.count", total=int(total)))
if entries:
    st.dataframe(pd.DataFrame([{
        ui.tr("audit.when"): ui.fmt_datetime(e.at), ui.tr("login.username"): e.username,
        ui.tr("audit.action"): ui.tr(f"audit.action.{e.action}"), ui.tr("audit.record"): f"{e.record_type} {e.record_id}",
        ui.tr("field.pseudonym"): e.pseudonym, ui.tr("audit.purpose"): e.purpose, ui.tr("audit.details"): e.details,
    } for e in entries]), hide_index=True, width="stretch")
else:
    st.info(ui.tr("audit.none"))

st.header(ui.tr("access.grants_title"))
grants = access_service.all_grants(db, actor)
if grants:
    st.dataframe(pd.DataFrame([{
        ui.tr("access.col.granted"): ui.fmt_datetime(g.granted_at),
        ui.tr("access.col.user"): f"{g.full_name} ({g.username})", ui.tr("access.col.case"): g.pseudonym,
        ui.tr("access.col.reason"): g.reason, ui.tr("access.col.expires"): ui.fmt_datetime(g.expires_at),
    } for g in grants]), hide_index=True, width="stretch")
else:
    st.caption(ui.tr("access.grants_none"))

with st.form("audit_export", enter_to_submit=False):
    purpose = st.text_input(ui.tr("audit.export_purpose"), help=ui.tr("audit.export_purpose_help"))
    prepare = st.form_submit_button(ui.tr("audit.prepare_export"))
if prepare:
    with ui.handled():
        st.session_state["audit_csv"] = audit.export_audit_csv(db, actor, **filters, purpose=purpose)
if st.session_state.get("audit_csv"):
    st.download_button(ui.tr("audit.download"), st.session_state["audit_csv"], file_name="auditlog.csv",
                       mime="text/csv", icon=":material/download:")
