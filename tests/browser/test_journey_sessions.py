"""Journey: a login that behaves like one. A reload and a second tab keep it; a bookmark asks for the login and
then opens the bookmarked page; «Log ud» ends it on the server, so the old cookie replayed opens nothing; a
cookie not signed by the server opens nothing either. Each refusal says why, in Danish. axe-core checks the
login page with its notice and the account page's list of logins.
"""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest

from .conftest import (DEMO_PASSWORD, check_axe, expect, goto_page, login, submit_login, wait_for_app_idle,
                       wait_for_session_cookie)

pytestmark = pytest.mark.browser

COOKIE = "wb_session"


def heading(page):
    return page.get_by_role("heading", level=1)


def session_cookie(page) -> dict:
    cookies = [c for c in page.context.cookies() if c["name"] == COOKIE]
    assert len(cookies) == 1, page.context.cookies()
    return cookies[0]


def test_reload_second_tab_and_logout(page, app_server):
    login(page, app_server, "formand")
    cookie = session_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert "session" not in page.evaluate("document.cookie")  # the page's scripts cannot read it

    page.reload()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    expect(heading(page)).to_have_text("Sagsregister")

    second = page.context.new_page()
    second.goto(app_server + "/gennemgange")
    wait_for_app_idle(second)
    expect(heading(second)).to_have_text("Gennemgange")

    goto_page(page, "Min konto")
    expect(page.get_by_role("heading", name="Dine logins")).to_be_visible()
    check_axe(page, "Min konto with its logins")

    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    wait_for_app_idle(page)
    expect(heading(page)).to_have_text("Log ind")
    expect(page.get_by_test_id("stAlert")).to_contain_text("Du er logget ud.")
    # Then the browser goes by /workbench/logout, which drops the cookie, and back to the login page.
    deadline = time.monotonic() + 30
    while [c for c in page.context.cookies() if c["name"] == COOKIE]:
        assert time.monotonic() < deadline, "the logout did not drop the session cookie"
        page.wait_for_timeout(100)
    page.wait_for_load_state()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert")).to_contain_text("Du er logget ud.")
    check_axe(page, "the login page after logout")

    # The other tab's next click finds its session ended on the server.
    second.get_by_test_id("stSidebarNav").get_by_role("link", name="Sagsregister", exact=True).click()
    wait_for_app_idle(second)
    expect(heading(second)).to_have_text("Log ind")
    second.close()

    # A copy of the old cookie (taken before the logout) is refused.
    page.context.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path", "httpOnly", "sameSite")}])
    page.goto(app_server + "/")
    wait_for_app_idle(page)
    expect(heading(page)).to_have_text("Log ind")
    expect(page.get_by_test_id("stAlert")).to_contain_text("Dette login er afsluttet. Log ind igen.")
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)


def test_forged_cookie_is_refused(page, app_server):
    host = urlparse(app_server).hostname
    page.context.add_cookies([{"name": COOKIE, "value": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.Zm9yZ2Vk",
                               "domain": host, "path": "/"}])
    page.goto(app_server + "/sager")
    wait_for_app_idle(page)
    expect(heading(page)).to_have_text("Log ind")
    expect(page.get_by_test_id("stAlert")).to_contain_text("kunne ikke godkendes")
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)


def test_bookmark_opens_after_login(page, app_server):
    page.goto(app_server + "/gennemgange")
    wait_for_app_idle(page)
    expect(heading(page)).to_have_text("Log ind")
    check_axe(page, "the login page at a bookmarked address")
    submit_login(page, "formand", DEMO_PASSWORD)
    wait_for_session_cookie(page)
    expect(heading(page)).to_have_text("Gennemgange")
    assert urlparse(page.url).path == "/gennemgange"
