"""Drafts in the browser: a reviewer (the chair, who reads along in the task force) types a finding, the browser
reloads the page before it is saved, and the text is offered back (its CPR number masked) with a note that it
is a draft; axe-core finds nothing on the way. The test empties the field at the end, which drops the draft,
and saves no finding: the shared demo database keeps the counts other journeys read."""

from __future__ import annotations

import uuid

import pytest

from .conftest import check_axe, expect, goto_page, login, wait_for_app_idle

pytestmark = pytest.mark.browser

# The demo's other reviewers have finished (or, in other journeys, finish) every case; no journey marks the
# chair's readings done.
REVIEWER = "formand"
REVIEW = "Task Force 4200"
RESTORED = "hentet tilbage som kladde"


def new_finding_box(page):
    """The new finding's box: plain widgets, not a form, so its texts are kept as drafts."""
    return page.locator("[class*='st-key-nf_'][class*='_box']").filter(has=page.get_by_role("button", name="Gem fund"))


def finding_text(page):
    return new_finding_box(page).get_by_role("textbox", name="Fund", exact=True)


def choose_review(page) -> None:
    page.get_by_role("combobox", name="Vælg gennemgang", exact=True).click()
    page.get_by_role("option", name=REVIEW, exact=True).click()
    wait_for_app_idle(page)


def reload(page) -> None:
    """A reload starts a new Streamlit session: the login survives (its cookie), the choices on the page not."""
    page.reload()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Læs og kod")
    choose_review(page)


def test_typed_finding_survives_a_reload(page, app_server):
    login(page, app_server, REVIEWER)
    goto_page(page, "Læs og kod")
    expect(page.get_by_role("heading", level=1)).to_have_text("Læs og kod")
    choose_review(page)
    case = page.get_by_role("heading", level=2).first.inner_text()
    expect(finding_text(page)).to_have_value("")

    marker = uuid.uuid4().hex[:6]
    finding_text(page).fill(f"Kladde {marker}: barnet 010203-1234 blev ikke hørt før afgørelsen.")
    finding_text(page).press("Tab")  # leaving the field keeps the text as a draft
    wait_for_app_idle(page)

    reload(page)
    assert page.get_by_role("heading", level=2).first.inner_text() == case  # the same case, opened afresh
    expect(finding_text(page)).to_have_value(f"Kladde {marker}: barnet [CPR fjernet] blev ikke hørt før afgørelsen.")
    expect(new_finding_box(page).get_by_text(RESTORED)).to_be_visible()
    check_axe(page, "read and code with a restored draft")

    # Emptied, the draft is gone: the next reload offers nothing.
    finding_text(page).fill("")
    finding_text(page).press("Tab")
    wait_for_app_idle(page)
    reload(page)
    expect(finding_text(page)).to_have_value("")
    expect(page.get_by_text(RESTORED)).to_have_count(0)
