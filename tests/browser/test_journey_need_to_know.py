"""Access by need in the browser: a reviewer's register holds only her review's cases; the administrator
reads no case until she breaks the glass with a reason, which the audit page then shows."""

from __future__ import annotations

import re
import uuid

import pytest

from .conftest import check_axe, click_until, expect, goto_page, login, nav_link, wait_for_app_idle

pytestmark = pytest.mark.browser


def open_page(page, title: str) -> None:
    more = page.get_by_test_id("stSidebarNav").get_by_text(re.compile(r"^View \d+ more$"))
    if not nav_link(page, title).is_visible() and more.count():
        more.click()
    goto_page(page, title)


def count_caption(page):
    return page.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(r"\d+ sag(er)? · side"))


def test_a_reviewer_sees_only_her_reviews_cases(page, app_server):
    login(page, app_server, "psykolog")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sagsregister")
    expect(count_caption(page)).to_contain_text(re.compile(r"^5 sager · side 1 af 1"))
    page.get_by_label("Søg", exact=True).fill("Familie 12")
    page.keyboard.press("Enter")
    wait_for_app_idle(page)
    expect(page.get_by_text("Ingen sager matcher")).to_be_visible()
    check_axe(page, "reviewer's case register")


def test_the_administrator_breaks_the_glass_and_the_audit_page_shows_it(page, app_server):
    reason = f"Familien har klaget over sagen i dag; tjek af journalen ({uuid.uuid4().hex[:6]})."
    login(page, app_server, "admin")
    open_page(page, "Sagsregister")
    expect(count_caption(page)).to_contain_text(re.compile(r"^0 sager"))  # no case in the administrator's register
    page.get_by_text("Åbn en sag uden for dit arbejde").click()
    form = page.locator('[data-testid="stForm"]:visible').filter(has_text="Begrundelse")
    form.get_by_role("textbox", name="Pseudonym", exact=True).fill("Familie 12")
    form.get_by_role("textbox", name="Begrundelse", exact=True).fill("kort")
    click_until(page, form.get_by_role("button", name="Åbn sagen"),
                page.get_by_test_id("stAlert").filter(has_text="mindst 15 tegn"))
    check_axe(page, "break the glass refused")
    form.get_by_role("textbox", name="Begrundelse", exact=True).fill(reason)
    form.get_by_role("button", name="Åbn sagen").click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Familie 12")
    expect(page.get_by_test_id("stAlert").filter(has_text="Du har adgang til Familie 12 til")).to_be_visible()
    check_axe(page, "case opened by breaking the glass")
    open_page(page, "Log over brug")
    expect(page.get_by_role("heading", name="Adgang uden for arbejdet")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"] td[role="gridcell"]').filter(has_text=reason)).to_have_count(1)
    check_axe(page, "audit page with the grant")
