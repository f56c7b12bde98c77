"""Journey: the second factor of local accounts, as a new colleague meets it in Chromium.

The administrator creates a reviewer on Brugere (the server holds the DuckDB file, so the test cannot add
the user behind its back; a common password is refused there first). The reviewer's first login goes
straight to setting up the authenticator app (QR code, the secret as text, a first code), the recovery codes
are shown once, and only then does the workbench open. The next login asks for the app's code; the same code
again is refused with its own message; a recovery code works instead. Five wrong passwords lock the account:
the answer is then the same as for a wrong password or an unknown user. axe-core checks the login page, its
code step, the enrolment and the recovery codes.
"""

from __future__ import annotations

import re
import time
import uuid

import pyotp
import pytest

from .conftest import (CODE_LABEL, check_axe, expect, goto_page, login, nav_link, submit_code, submit_login,
                       totp_code, used_totp_step, wait_for_app_idle)

pytestmark = pytest.mark.browser

PASSWORD = "ny-kollega-kode-2026"
LOGIN_REFUSED = ("Forkert brugernavn eller adgangskode, eller kontoen er lukket eller midlertidigt spærret "
                 "efter for mange forsøg.")


def logout(page) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")


def alerts(page):
    return page.get_by_test_id("stAlert")


def open_page(page, title: str) -> None:
    more = page.get_by_test_id("stSidebarNav").get_by_text(re.compile(r"^View \d+ more$"))
    if not nav_link(page, title).is_visible() and more.count():
        more.click()
    goto_page(page, title)


def create_reviewer(page, app_server: str, username: str) -> None:
    login(page, app_server, "admin")
    open_page(page, "Brugere")
    form = page.get_by_test_id("stForm").filter(has_text="Fulde navn").first

    def submit(password: str) -> None:
        form.get_by_label("Brugernavn", exact=True).fill(username)
        form.get_by_label("Fulde navn", exact=True).fill("Nina Nyansat")
        form.get_by_role("combobox", name="Rolle").click()
        page.get_by_role("option", name="Gennemgår", exact=True).click()
        form.get_by_label("Adgangskode", exact=True).fill(password)
        form.get_by_role("button", name="Opret").click()
        wait_for_app_idle(page)

    submit("Sommer2026!!")  # 12 characters, but a common password with decoration
    expect(alerts(page).filter(has_text="Adgangskoden er for almindelig")).to_be_visible()
    submit(PASSWORD)
    expect(alerts(page).filter(has_text=f"Brugeren {username} er oprettet.")).to_be_visible()
    logout(page)


def test_enrolment_login_with_code_reuse_refused_and_lockout(page, app_server):
    username = f"nyansat-{uuid.uuid4().hex[:6]}"
    create_reviewer(page, app_server, username)

    # First login: the password leads to the enrolment, and nothing else is reachable.
    check_axe(page, "login")
    submit_login(page, username, PASSWORD, second_factor=False)
    expect(page.get_by_role("heading", level=2)).to_have_text("Opsæt totrinsbekræftelse")
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(page.get_by_role("img", name="QR-kode med hemmeligheden til godkendelses-appen")).to_be_visible()
    secret = page.get_by_test_id("stCode").first.inner_text().strip()
    assert len(secret) == 32 and secret.isalnum(), secret
    check_axe(page, "enrolment")

    page.get_by_role("textbox", name=CODE_LABEL, exact=True).fill(pyotp.TOTP("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").now())
    page.get_by_role("button", name="Bekræft og slå til").click()
    wait_for_app_idle(page)
    expect(alerts(page).filter(has_text="Koden passer ikke til QR-koden")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)

    now = time.time()
    page.get_by_role("textbox", name=CODE_LABEL, exact=True).fill(pyotp.TOTP(secret).at(now))
    used_totp_step(username, now)
    page.get_by_role("button", name="Bekræft og slå til").click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", name="Dine gendannelseskoder")).to_be_visible()
    recovery = page.get_by_test_id("stCode").first.inner_text().split()
    assert len(recovery) == 10 and all(len(c) == 11 for c in recovery), recovery
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # not before the codes were seen
    check_axe(page, "recovery codes")
    page.get_by_role("button", name="Jeg har gemt koderne").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sagsregister")
    open_page(page, "Min konto")
    expect(page.get_by_text("10 ubrugte gendannelseskoder tilbage")).to_be_visible()
    check_axe(page, "Min konto with two-step verification on")
    logout(page)

    # Second login: the app's code.
    submit_login(page, username, PASSWORD, second_factor=False)
    expect(page.get_by_role("heading", level=2)).to_have_text(CODE_LABEL)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    check_axe(page, "login, code step")
    code = totp_code(username, secret)
    submit_code(page, code)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    logout(page)

    # The same code again, within its window: refused in Danish; a recovery code opens instead.
    submit_login(page, username, PASSWORD, second_factor=False)
    submit_code(page, code)
    expect(alerts(page).filter(has_text="Koden er allerede brugt.")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    check_axe(page, "login, reused code refused")
    submit_code(page, recovery[0].lower())
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    logout(page)

    # Five wrong passwords lock the account; then the right one gets the very answer a wrong one gets,
    # and so does a username that does not exist.
    for attempt in range(5):
        submit_login(page, username, f"forkert-kode-{attempt:04d}")
        expect(alerts(page)).to_have_text(LOGIN_REFUSED)
    submit_login(page, username, PASSWORD)
    expect(alerts(page)).to_have_text(LOGIN_REFUSED)
    expect(page.get_by_role("heading", name=CODE_LABEL)).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    check_axe(page, "login, account locked")
    submit_login(page, f"findes-ikke-{uuid.uuid4().hex[:6]}", PASSWORD)
    expect(alerts(page)).to_have_text(LOGIN_REFUSED)

    # A full login from this browser's address forgives its failures, so the tests after this one are not
    # slowed down (the address is the same for every test: 127.0.0.1).
    login(page, app_server, "admin")
