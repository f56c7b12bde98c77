"""The page says which language it is in (<html lang>), so screen readers read Danish with Danish rules."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from reviews.ui import PAGE_LANGUAGE_SCRIPTS

from .conftest import check_axe, expect, login, wait_for_app_idle


def _lang(page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def test_the_page_language_follows_the_users_choice(page, app_server):
    page.goto(app_server + "/")
    wait_for_app_idle(page)
    expect(page.locator("html")).to_have_attribute("lang", "da")  # the login page, before anyone chose
    login(page, app_server, "laeser")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("combobox", name="Sprog").click()
    page.get_by_role("option", name="English").click()
    wait_for_app_idle(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_axe(page, "landing page in English")
    sidebar.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Dansk").click()
    wait_for_app_idle(page)
    expect(page.locator("html")).to_have_attribute("lang", "da")
    assert _lang(page) == "da"


def test_the_proxy_allows_exactly_the_language_scripts():
    policy = (Path(__file__).resolve().parents[2] / "deploy" / "security-headers.conf").read_text()
    for script in PAGE_LANGUAGE_SCRIPTS.values():
        body = script.removeprefix("<script>").removesuffix("</script>")
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
