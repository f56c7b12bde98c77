"""Login: username and password, then the second factor (a code, or a first enrolment) where needed."""

import streamlit as st

from reviews import ui
from reviews.config import load_settings
from reviews.demo import DEMO_TOTP_SECRET, DEMO_USERS
from reviews.errors import LoginRestart, WorkbenchError
from reviews.models.auth import SecondFactorStep
from reviews.services import auth, second_factor

ENROLMENT_KEY = "_second_factor_enrolment"  # the new secret, kept across reruns until confirmed
ENROLLED_KEY = "_second_factor_enrolled"  # (user, recovery codes) after a first enrolment, until acknowledged

st.title(ui.tr("login.title"))
db = ui.db()
pending = ui.pending_login()
enrolled = st.session_state.get(ENROLLED_KEY)


def restart(exc: WorkbenchError) -> None:
    ui.clear_pending_login()
    st.session_state["login_error"] = exc.key
    st.rerun()


def cancel_button() -> None:
    if st.button(ui.tr("login.cancel"), key="login_cancel"):
        ui.clear_pending_login()
        st.rerun()


if enrolled is not None:
    # Enrolled just now: the recovery codes are shown once, then the user is logged in.
    user, codes = enrolled
    st.success(ui.tr("second_factor.enrolled"))
    if ui.show_recovery_codes(codes, "login_recovery", level=2):
        ui.clear_pending_login()
        ui.login(user, method="totp")  # ends this run (the browser fetches its cookie)

elif pending is not None and pending.step == SecondFactorStep.CODE:
    st.header(ui.tr("login.code_heading"))
    st.write(ui.tr("login.code_intro"))
    with st.form("login_code_form", clear_on_submit=True, enter_to_submit=False):
        code = st.text_input(ui.tr("login.code"), autocomplete="one-time-code", help=ui.tr("login.code_help"))
        submitted = st.form_submit_button(ui.tr("login.code_submit"), type="primary")
    if submitted:
        try:
            user = auth.complete_login(db, pending, code, client=ui.client_address())
        except LoginRestart as exc:
            restart(exc)
        except WorkbenchError as exc:
            ui.show_error(exc)
        else:
            ui.clear_pending_login()
            ui.login(user, method="totp")  # ends this run (the browser fetches its cookie)
    cancel_button()

elif pending is not None and pending.step == SecondFactorStep.ENROL:
    st.header(ui.tr("login.enrol_heading"))
    st.write(ui.tr("login.enrol_intro"))
    enrolment = st.session_state.get(ENROLMENT_KEY)
    if enrolment is None:
        enrolment = st.session_state[ENROLMENT_KEY] = second_factor.start_enrolment(db, pending.user)
    answer = ui.enrolment_form(enrolment, "login_enrol_form")
    if answer is not None:
        try:
            st.session_state[ENROLLED_KEY] = auth.complete_enrolment(db, pending, enrolment.secret, answer[0],
                                                                     client=ui.client_address())
        except LoginRestart as exc:
            restart(exc)
        except WorkbenchError as exc:
            ui.show_error(exc)
        else:
            st.rerun()
    cancel_button()

else:
    st.write(ui.tr("login.intro"))
    notice = ui.take_notice()
    if notice:
        st.info(notice)
    error = st.session_state.pop("login_error", None)
    if error:
        st.error(ui.tr(error))

    if ui.sso_configured():
        if st.button(ui.tr("login.sso"), type="primary", icon=":material/account_balance:", key="login_sso"):
            ui.sso_login()  # ends this run (the browser goes to the provider)
        st.write(ui.tr("login.sso_or_local"))

    with st.form("login_form", enter_to_submit=False):
        username = st.text_input(ui.tr("login.username"), autocomplete="username")
        password = st.text_input(ui.tr("login.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(ui.tr("login.submit"), type="primary")

    if submitted:
        try:
            result = auth.login(db, username, password, client=ui.client_address())
        except WorkbenchError as exc:
            ui.show_error(exc)
        else:
            if isinstance(result, auth.PendingLogin):
                ui.set_pending_login(result)
                st.rerun()
            ui.login(result)  # ends this run (the browser fetches its cookie)

    if load_settings().demo_mode:
        with st.expander(ui.tr("login.demo_users")):
            st.caption(ui.tr("login.demo_note"))
            st.table([{ui.tr("login.username"): u.username, ui.tr("field.role"): ui.label(u.role),
                       ui.tr("login.password"): u.password} for u in DEMO_USERS])
            st.caption(ui.tr("login.demo_second_factor"))
            ui.show_secret(second_factor.enrolment_for(DEMO_TOTP_SECRET, "demo"))
