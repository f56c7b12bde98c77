"""Login."""

import streamlit as st

from reviews import ui
from reviews.config import load_settings
from reviews.demo import DEMO_USERS
from reviews.errors import WorkbenchError
from reviews.services import auth

st.title(ui.tr("login.title"))
st.write(ui.tr("login.intro"))
notice = st.session_state.pop("logout_notice", None)
if notice:
    st.info(ui.tr(notice, minutes=load_settings().idle_timeout_minutes))

with st.form("login_form", enter_to_submit=False):
    username = st.text_input(ui.tr("login.username"), autocomplete="username")
    password = st.text_input(ui.tr("login.password"), type="password", autocomplete="current-password")
    submitted = st.form_submit_button(ui.tr("login.submit"), type="primary")

if submitted:
    try:
        user = auth.login(ui.db(), username, password)
    except WorkbenchError as exc:
        ui.show_error(exc)
    else:
        ui.login(user)
        st.rerun()

if load_settings().demo_mode:
    with st.expander(ui.tr("login.demo_users")):
        st.caption(ui.tr("login.demo_note"))
        st.table([{ui.tr("login.username"): u.username, ui.tr("field.role"): ui.label(u.role),
                   ui.tr("login.password"): u.password} for u in DEMO_USERS])
