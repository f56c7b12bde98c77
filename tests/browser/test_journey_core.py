"""Core browser journeys: a chair works through login, case register, a case and the reviews; a reader
is kept away from case material."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlparse

import duckdb
import pytest
from .conftest import (check_axe, expect, goto_page, login, nav_link, submit_login, wait_for_app_idle,
                       wait_for_session_cookie)

pytestmark = pytest.mark.browser

# Familie 38's timeline (reviews/demo/core.py); the phrase occurs in no other demo case.
SEARCH_WORD = "Åben Dialog"
CASE = "Familie 38"
TIMELINE_TEXT = "Åben Dialog-netværksmøde. Morbror og skolelærer deltager"
REVIEW = "Task Force 4200"
REVIEW_MEMBERS = ["Frederik Formand", "Sofie Sørensen", "Jens Juul", "Pia Østergaard", "Lone Lærkesen", "Bodil Ærø"]

HEADER_HEIGHT = ROW_HEIGHT = 35  # px, Streamlit's st.dataframe defaults


def grid_cells(page, text: str):
    """Dataframe cells with this text. st.dataframe draws on a canvas; its accessible fallback table
    holds the text of the rendered rows."""
    return page.locator('[data-testid="stDataFrame"] td[role="gridcell"]').filter(has_text=text)


def select_dataframe_row(page, dataframe, row: int) -> None:
    """Tick the row's selection checkbox (the first column of a selectable st.dataframe)."""
    box = dataframe.bounding_box()
    assert box is not None, "dataframe not rendered"
    page.mouse.click(box["x"] + 18, box["y"] + HEADER_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT / 2)


def test_chair_journey(page, app_server):
    # Login page, then a wrong password: a Danish error, and still logged out.
    page.goto(app_server + "/")
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    check_axe(page, "login")
    submit_login(page, "formand", "forkert-kode-123")
    expect(page.get_by_test_id("stAlert")).to_contain_text("Forkert brugernavn eller adgangskode")
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    check_axe(page, "login with error")

    # The right password: the case register is the chair's landing page and lists cases.
    submit_login(page, "formand", "demo-kode-2026")
    wait_for_session_cookie(page)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sagsregister")
    expect(nav_link(page, "Sagsregister")).to_have_attribute("aria-current", "page")
    count = page.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(r"\d+ sag(er)? · side"))
    expect(count).to_contain_text(re.compile(r"^\d{2,} sager · side 1 af \d+"))
    expect(grid_cells(page, "Familie").first).to_be_attached()
    check_axe(page, "case register")

    # Search a phrase from a timeline, then open the case by selecting its row.
    search = page.get_by_label("Søg", exact=True)
    search.fill(SEARCH_WORD)
    search.press("Enter")
    wait_for_app_idle(page)
    expect(count).to_contain_text("1 sag · side 1 af 1")
    expect(grid_cells(page, CASE)).to_have_count(1)
    check_axe(page, "case register, search results")
    select_dataframe_row(page, page.get_by_test_id("stDataFrame"), 0)
    wait_for_app_idle(page)

    # The case page: title, facts and the timeline with æøå.
    expect(page).to_have_url(re.compile(r"/sag\?id=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE)
    expect(nav_link(page, "Sag")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="Tidslinje")).to_be_visible()
    expect(page.get_by_text(TIMELINE_TEXT)).to_be_visible()
    expect(page.get_by_text("Møde med mor, distriktspsykiatrien og skolen. Ingen fælles plan.")).to_be_visible()
    check_axe(page, "case")

    # Add a timeline event through the form; it appears in the timeline.
    new_text = f"Browsertest {uuid.uuid4().hex[:8]}: Opfølgende møde på rådhuset med ærlig dialog om støtten."
    page.get_by_role("tab", name="Ny hændelse").click()
    form = page.locator('[data-testid="stForm"]:visible').filter(has_text="Hændelsestype")
    expect(form).to_have_count(1)
    form.get_by_label("Tekst", exact=True).fill(new_text)
    form.get_by_role("button", name="Gem").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Hændelsen er tilføjet.")).to_be_visible()
    timeline = page.get_by_test_id("stMarkdownContainer").filter(has_text=new_text)
    expect(timeline).to_have_count(1)  # the timeline is one block; the new event is in it
    expect(timeline).to_be_visible()
    expect(form.get_by_label("Tekst", exact=True)).to_have_value("")  # clear_on_submit
    check_axe(page, "case after adding an event")

    # Reviews: Task Force 4200 with its members.
    goto_page(page, "Gennemgange")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemgange")
    expect(grid_cells(page, REVIEW)).to_have_count(1)
    page.get_by_role("combobox", name="Vælg gennemgang").click()
    page.get_by_role("option", name=REVIEW, exact=True).click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=2, name=REVIEW)).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Medlemmer")).to_be_visible()
    for member in REVIEW_MEMBERS:
        expect(grid_cells(page, member), member).to_have_count(1)
    # One of the selected cases, in the static table that wraps rationale and consent in full.
    expect(page.locator('[data-testid="stTable"] td').filter(has_text=re.compile(f"^{CASE}$"))).to_have_count(1)
    check_axe(page, "reviews")

    # Log out: back to the login form, no navigation.
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    expect(page.get_by_label("Brugernavn", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)


@pytest.fixture(scope="module")
def case_38_id(demo_db_file) -> int:
    with duckdb.connect(str(demo_db_file), read_only=True) as con:
        return con.execute("SELECT id FROM cases WHERE pseudonym = ?", [CASE]).fetchone()[0]


def assert_no_case_content(page) -> None:
    expect(page.get_by_role("heading", level=1, name=CASE)).to_have_count(0)
    expect(page.get_by_role("heading", name="Tidslinje")).to_have_count(0)
    expect(page.get_by_text(TIMELINE_TEXT)).to_have_count(0)


def test_reader_cannot_reach_cases(page, app_server, case_38_id):
    login(page, app_server, "laeser")
    expect(nav_link(page, "Gennemgange")).to_be_visible()
    expect(nav_link(page, "Sagsregister")).to_have_count(0)
    expect(nav_link(page, "Sag")).to_have_count(0)
    expect(nav_link(page, "Importér sager")).to_have_count(0)

    # Within the logged-in session: navigate client-side to the case page, as a typed link inside the
    # app would. Streamlit falls back to the reader's default page; nothing of the case is shown.
    page.evaluate("(path) => { history.pushState({}, '', path);"
                  " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }",
                  f"/sag?id={case_38_id}")
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()  # still logged in: the check means something
    assert urlparse(page.url).path != "/sag", page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemgange")
    assert_no_case_content(page)

    # Opening the URL directly starts a new Streamlit session that resumes the login from the cookie:
    # the reader's pages do not include it, so the reader's landing page says so in Danish.
    page.goto(f"{app_server}/sag?id={case_38_id}")
    wait_for_app_idle(page)
    expect(page.get_by_role("dialog")).to_have_count(0)  # not Streamlit's English «Page not found»
    expect(page.get_by_test_id("stAlert").filter(has_text="hører ikke til din rolle")).to_have_count(1)
    assert urlparse(page.url).path in {"/", "/gennemgange"}, page.url
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemgange")
    assert_no_case_content(page)
