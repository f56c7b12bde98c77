"""The user's own account: password."""

import streamlit as st

from reviews import ui
from reviews.services import auth

actor = ui.require("self.manage")
db = ui.db()
st.title(ui.tr("page.account"))
ui.show_flashes()
st.write(ui.tr("account.signed_in", name=ui.plain(actor.full_name), username=ui.plain(actor.username),
               role=ui.label(actor.role)))

# The form's heading is the level under the page title (h2): an h3 right after the h1 skips a level
# (axe «heading-order»).
st.header(ui.tr("account.change_password"))
with st.form("change_password", clear_on_submit=True):
    old = st.text_input(ui.tr("account.current_password"), type="password", autocomplete="current-password")
    new = st.text_input(ui.tr("users.new_password"), type="password", autocomplete="new-password",
                        help=ui.tr("users.password_help"))
    repeat = st.text_input(ui.tr("account.repeat_password"), type="password", autocomplete="new-password")
    if st.form_submit_button(ui.tr("common.save"), type="primary"):
        if new != repeat:
            st.error(ui.tr("account.passwords_differ"))
        else:
            with ui.handled():
                auth.change_own_password(db, actor, old, new)
                ui.flash("account.password_changed")
                st.rerun()
