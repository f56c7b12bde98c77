"""The user's own account: password, two-step verification and live logins."""

import streamlit as st

from reviews import ui
from reviews.services import auth, second_factor, sessions

actor = ui.require("self.manage")
db = ui.db()
st.title(ui.tr("page.account"))
ui.show_flashes()
st.write(ui.tr("account.signed_in", name=ui.plain(actor.full_name), username=ui.plain(actor.username),
               role=ui.label(actor.role)))

if ui.signed_in_through_sso():
    # The provider holds this login's password and second factor; the account's own password is random.
    st.header(ui.tr("account.sso_heading"))
    st.info(ui.tr("account.sso_managed"))
else:
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
                    auth.change_own_password(db, actor, old, new, keep_session=ui.current_session_id())
                    ui.flash("account.password_changed")
                    st.rerun()

    # Two-step verification: turn it on, move it to a new app, or make new recovery codes. The recovery codes
    # are shown once, right after they are made.
    ENROLMENT_KEY, CODES_KEY = "_account_enrolment", "_account_recovery_codes"
    st.header(ui.tr("second_factor.heading"))
    state = second_factor.status(db, actor)
    if state.required:
        st.caption(ui.tr("second_factor.status_required"))
    if st.session_state.get(CODES_KEY):
        if ui.show_recovery_codes(st.session_state[CODES_KEY], "account_recovery"):
            del st.session_state[CODES_KEY]
            st.rerun()
    elif not state.enrolled or ENROLMENT_KEY in st.session_state:
        if state.enrolled:
            st.subheader(ui.tr("second_factor.renew_heading"))
            st.caption(ui.tr("second_factor.renew_intro"))
        else:
            st.write(ui.tr("second_factor.status_off"))
        if ENROLMENT_KEY not in st.session_state:
            st.session_state[ENROLMENT_KEY] = second_factor.start_enrolment(db, actor)
        enrolment = st.session_state[ENROLMENT_KEY]
        answer = ui.enrolment_form(enrolment, "account_enrol_form", with_password=state.enrolled)
        if answer is not None:
            with ui.handled():
                st.session_state[CODES_KEY] = second_factor.enrol(db, actor, enrolment.secret, answer[0],
                                                                  password=answer[1])
                del st.session_state[ENROLMENT_KEY]
                ui.flash("second_factor.enrolled")
                st.rerun()
        if state.enrolled and st.button(ui.tr("second_factor.cancel"), key="account_enrol_cancel"):
            del st.session_state[ENROLMENT_KEY]
            st.rerun()
    else:
        st.write(ui.tr("second_factor.status_on", date=ui.fmt_date(state.enrolled_at.date()),
                       count=state.recovery_codes_left))
        st.subheader(ui.tr("second_factor.renew_heading"))
        st.caption(ui.tr("second_factor.renew_intro"))
        if st.button(ui.tr("second_factor.renew_start"), key="account_renew"):
            st.session_state[ENROLMENT_KEY] = second_factor.start_enrolment(db, actor)
            st.rerun()
        st.subheader(ui.tr("second_factor.new_codes_heading"))
        with st.form("account_new_codes", clear_on_submit=True, enter_to_submit=False):
            st.caption(ui.tr("second_factor.new_codes_intro"))
            password = st.text_input(ui.tr("second_factor.password"), type="password", autocomplete="current-password")
            if st.form_submit_button(ui.tr("second_factor.new_codes_submit")):
                with ui.handled():
                    st.session_state[CODES_KEY] = second_factor.new_recovery_codes(db, actor, password)
                    st.rerun()


# The user's live logins (other browsers, other machines): any of them can be ended from here.
st.header(ui.tr("session.heading"))
st.caption(ui.tr("session.intro"))
current_id = ui.current_session_id()
live = sessions.my_sessions(db, actor)
st.dataframe([{ui.tr("session.col.started"): ui.fmt_datetime(s.created_at),
               ui.tr("session.col.last_seen"): ui.fmt_datetime(s.last_seen_at),
               ui.tr("session.col.client"): s.client,
               ui.tr("session.col.browser"): (ui.tr("session.this_one") + " · " if s.id == current_id else "")
               + s.user_agent[:80]} for s in live], hide_index=True, width="stretch")
others = [s for s in live if s.id != current_id]
if not others:
    st.caption(ui.tr("session.none_other"))
for other in others:
    if st.button(ui.tr("session.end_one", started=ui.fmt_datetime(other.created_at)), key=f"end_session_{other.id}"):
        with ui.handled():
            sessions.end_my_session(db, actor, other.id)
            ui.flash("session.ended_one")
            st.rerun()
if len(others) > 1 and st.button(ui.tr("session.end_others"), key="end_other_sessions"):
    with ui.handled():
        ui.flash("session.ended_others", count=sessions.end_my_other_sessions(db, actor, current_id))
        st.rerun()
