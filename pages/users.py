"""User accounts and roles (administrators only)."""

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.models import Role
from reviews.services import auth, second_factor, sso

actor = ui.require("user.manage")
db = ui.db()
st.title(ui.tr("page.users"))
ui.show_flashes()

users = auth.list_users(db, actor)
enrolled = second_factor.enrolled_user_ids(db, actor)
st.dataframe(pd.DataFrame([{
    ui.tr("login.username"): u.username, ui.tr("field.full_name"): u.full_name,
    ui.tr("field.role"): ui.label(u.role), ui.tr("users.active"): ui.tr("common.yes") if u.active else ui.tr("common.no"),
    ui.tr("users.second_factor"): ui.tr("common.yes") if u.id in enrolled else ui.tr("common.no"),
} for u in users]), hide_index=True, width="stretch")

pending = sso.pending_identities(db, actor)
show_pending = bool(pending) or ui.sso_configured()
titles = [ui.tr("users.new"), ui.tr("users.edit")] + ([ui.tr("sso.pending.heading")] if show_pending else [])
tab_new, tab_edit, *tab_pending = st.tabs(titles, key="users_tabs", on_change="rerun")
with tab_new:
    with st.form("new_user", clear_on_submit=True, enter_to_submit=False):
        username = st.text_input(ui.tr("login.username"))
        full_name = st.text_input(ui.tr("field.full_name"))
        role = st.selectbox(ui.tr("field.role"), list(Role), format_func=ui.label)
        password = st.text_input(ui.tr("login.password"), type="password", help=ui.tr("users.password_help"))
        if st.form_submit_button(ui.tr("common.create"), type="primary"):
            with ui.handled():
                user = auth.create_user(db, actor, username=username, full_name=full_name, role=role,
                                        password=password)
                ui.flash("users.created", username=user.username)
                st.rerun()

with tab_edit:
    chosen = st.selectbox(ui.tr("users.choose"), users, format_func=lambda u: f"{u.full_name} ({u.username})",
                          key="users_pick")
    prefix = f"user_{chosen.id}"
    with st.form(prefix, enter_to_submit=False):
        full_name = st.text_input(ui.tr("field.full_name"), value=chosen.full_name, key=prefix + "_name")
        role = st.selectbox(ui.tr("field.role"), list(Role), format_func=ui.label,
                            index=list(Role).index(chosen.role), key=prefix + "_role")
        active = st.checkbox(ui.tr("users.active"), value=chosen.active, key=prefix + "_active")
        new_password = st.text_input(ui.tr("users.new_password"), type="password", key=prefix + "_pw",
                                     help=ui.tr("users.password_help"))
        if st.form_submit_button(ui.tr("common.save"), type="primary"):
            with ui.handled():
                auth.update_user(db, actor, chosen.id, full_name=full_name, role=role, active=active)
                if new_password:
                    auth.reset_password(db, actor, chosen.id, new_password)
                ui.flash("common.saved")
                st.rerun()
    if chosen.id in enrolled and st.button(ui.tr("users.reset_second_factor"), key=prefix + "_reset_2fa",
                                           help=ui.tr("users.reset_second_factor_help")):
        with ui.handled():
            second_factor.reset(db, actor, chosen.id)
            ui.flash("users.second_factor_reset", username=chosen.username)
            st.rerun()

if show_pending:
    with tab_pending[0]:
        st.write(ui.tr("sso.pending.intro"))
        if not pending:
            st.info(ui.tr("sso.pending.none"))
        else:
            st.dataframe(pd.DataFrame([{
                ui.tr("sso.pending.identity"): p.label, ui.tr("sso.pending.first_seen"): ui.fmt_datetime(p.first_seen_at),
                ui.tr("sso.pending.groups"): ", ".join(p.groups)} for p in pending]), hide_index=True, width="stretch")
            with st.form("sso_assign", enter_to_submit=False):
                identity = st.selectbox(ui.tr("sso.pending.identity"), pending, format_func=lambda p: p.label)
                accounts = [None] + [u for u in users if u.active]
                account = st.selectbox(ui.tr("sso.pending.account"), accounts, format_func=lambda u: (
                    ui.tr("sso.pending.new_account") if u is None else f"{u.full_name} ({u.username})"))
                role = st.selectbox(ui.tr("field.role"), list(Role), format_func=ui.label,
                                    index=list(Role).index(Role.READER))
                if st.form_submit_button(ui.tr("sso.pending.assign"), type="primary"):
                    with ui.handled():
                        user = sso.assign(db, actor, identity.id, role=None if account else role,
                                          user_id=account.id if account else None)
                        ui.flash("sso.pending.assigned", name=identity.label, username=user.username)
                        st.rerun()
