"""Streamlit widgets for the second factor, shared by the login page and Min konto.

The QR code is a PNG (segno, pure Python) shown with st.image: no HTML, no outside request."""

from __future__ import annotations

import io

import segno
import streamlit as st

from reviews import ui
from reviews.models.auth import Enrolment


def qr_png(uri: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=6, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()


def show_secret(enrolment: Enrolment) -> None:
    """The QR code and the secret as text (for typing it into the app)."""
    st.write(ui.tr("second_factor.scan"))
    st.image(qr_png(enrolment.uri), alt=ui.tr("second_factor.qr_alt"), width=240)
    st.write(ui.tr("second_factor.secret"))
    st.code(enrolment.secret, language=None, wrap_lines=True)


def enrolment_form(enrolment: Enrolment, key: str, *, with_password: bool = False) -> tuple[str, str] | None:
    """QR code, secret and the form for the first code. (code, password) when submitted, else None."""
    show_secret(enrolment)
    st.write(ui.tr("second_factor.confirm_intro"))
    with st.form(key, clear_on_submit=True, enter_to_submit=False):
        code = st.text_input(ui.tr("login.code"), max_chars=7, autocomplete="one-time-code", key=key + "_code")
        password = ""
        if with_password:
            password = st.text_input(ui.tr("second_factor.password"), type="password",
                                     autocomplete="current-password", key=key + "_password")
        if st.form_submit_button(ui.tr("second_factor.confirm"), type="primary"):
            return code, password
    return None


def show_recovery_codes(codes: list[str], key: str, *, level: int = 3) -> bool:
    """The recovery codes, shown once, with a download; True when the user says they are saved. `level`: the
    heading's level (the one under the page's current heading, so no level is skipped)."""
    (st.header if level == 2 else st.subheader)(ui.tr("second_factor.recovery_heading"))
    st.warning(ui.tr("second_factor.recovery_intro"))
    st.code("\n".join(codes), language=None)
    st.download_button(ui.tr("second_factor.download_codes"), data=("\n".join(codes) + "\n").encode("utf-8"),
                       file_name="gendannelseskoder.txt", mime="text/plain", key=key + "_download")
    return st.button(ui.tr("second_factor.recovery_done"), type="primary", key=key + "_done")
