"""Issue 10, items 9 and 11 in the browser: the import previews show the catalogue's Danish headers, Danish
dates and empty cells (never «None», «row_number» or «2024-02-05 00:00:00»), counts in the right singular or
plural form, a finished progress status; and axe-core finds nothing on the two import pages and Min konto.

The one node axe may report on the import pages is Streamlit's own file-uploader dropzone (see
STREAMLIT_DROPZONE below): Streamlit 1.67 renders it as `<section role="presentation" tabindex="-1"
aria-label=… aria-disabled=…>` whatever the options of st.file_uploader are, which is axe's
«presentation-role-conflict». Only that exact element is let through here, and the test checks it is still
rendered that way, so it fails (and the exception can go) once Streamlit changes it. Every other node of that
rule, and every other rule, fails the test; «heading-order» is not excepted anywhere.
"""

from __future__ import annotations

import re

import pytest

from reviews.services import complaint_import

from . import conftest as harness
from .conftest import check_axe, expect, goto_page, login, nav_link, wait_for_app_idle

pytestmark = pytest.mark.browser

# Streamlit's FileDropzone: react-dropzone's getRootProps() default role="presentation" plus Streamlit's own
# tabIndex=-1 (streamlit/streamlit#15928), aria-label=<label> and aria-disabled. Not reachable from Python.
STREAMLIT_DROPZONE = ('section[data-testid="stFileUploaderDropzone"][role="presentation"][tabindex="-1"]'
                      '[aria-label][aria-disabled]')

CASES_CSV = ("Pseudonym;Område;Oprettet;Lukket;Status;Resumé;Hændelsesdato;Hændelsestype;Hændelsestekst\n"
             "Familie 9301;Børn og Familie;05-02-2024;;åben;;06-02-2024;klage;Mor ringede om et møde.\n")
CASE_HEADERS = ["Række", "Pseudonym", "Område", "Oprettet", "Lukket", "Status", "Resumé", "Hændelsesdato",
                "Hændelsestype", "Hændelsestekst"]
COMPLAINT_HEADERS = ["Række", "Modtaget", "Kanal", "Område", "Type", "Borger", "Beskrivelse", "Årsager", "Udfald",
                     "Status", "Lukket", "Første kontakt", "Sag"]
INTERNAL_NAMES = ["row_number", "pseudonym", "area", "opened", "closed", "event_date", "received_at", "citizen",
                  "case_id", "has_event"]


def open_page(page, title: str) -> None:
    """goto_page, after expanding the sidebar navigation when it shows only its first entries."""
    more = page.get_by_test_id("stSidebarNav").get_by_text(re.compile(r"^View \d+ more$"))
    if not nav_link(page, title).is_visible() and more.count():
        more.click()
    goto_page(page, title)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def check_axe_on_import_page(page, context_name: str) -> None:
    """check_axe, letting through only Streamlit's dropzone for «presentation-role-conflict»."""
    expect(page.locator(STREAMLIT_DROPZONE)).to_have_count(1)  # still Streamlit's markup: the exception holds
    known = harness.AXE_KNOWN_STREAMLIT_VIOLATIONS
    harness.AXE_KNOWN_STREAMLIT_VIOLATIONS = (*known, ("presentation-role-conflict", STREAMLIT_DROPZONE))
    try:
        check_axe(page, context_name)
    finally:
        harness.AXE_KNOWN_STREAMLIT_VIOLATIONS = known


def upload(page, name: str, data: bytes) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", name="Forhåndsvisning")).to_be_visible()


def preview_grid(page):
    """The preview table: the st.dataframe whose first header is «Række» (as a fixed locator: the header
    leaves the DOM when the grid is scrolled sideways)."""
    grids = page.get_by_test_id("stDataFrame")
    expect(grids.filter(has=page.locator('th[role="columnheader"]', has_text=re.compile(r"^Række$")))).to_have_count(1)
    index = next(i for i in range(grids.count())
                 if grids.nth(i).locator('th[role="columnheader"][aria-colindex="1"]').inner_text().strip() == "Række")
    return grids.nth(index)


_READ_GRID_JS = """
(grid) => {
    const headers = {}, cells = {};
    for (const th of grid.querySelectorAll('th[role="columnheader"]')) {
        headers[th.getAttribute('aria-colindex')] = th.textContent.trim();
    }
    for (const td of grid.querySelectorAll('tr[aria-rowindex="2"] td[role="gridcell"]')) {
        cells[td.getAttribute('aria-colindex')] = td.textContent.trim();
    }
    return [headers, cells];
}
"""


def read_grid(page, grid) -> tuple[list[str], list[str]]:
    """Headers and first-row cells of a grid, in column order. The grid renders only the columns in view into
    its accessible table, so it is scrolled to the right until every column has been seen."""
    headers: dict[int, str] = {}
    cells: dict[int, str] = {}
    grid.scroll_into_view_if_needed()
    scroller = grid.locator(".dvn-scroller")
    for _ in range(20):
        seen_headers, seen_cells = grid.evaluate(_READ_GRID_JS)
        headers.update({int(k): v for k, v in seen_headers.items()})
        cells.update({int(k): v for k, v in seen_cells.items()})
        done = scroller.evaluate("(el) => el.scrollLeft + el.clientWidth >= el.scrollWidth - 1")
        if done:
            break
        scroller.evaluate("(el) => { el.scrollLeft += el.clientWidth / 2; }")
        page.wait_for_timeout(300)  # the grid redraws its table after the scroll
    count = int(grid.locator('table[role="grid"]').get_attribute("aria-colcount"))
    assert sorted(headers) == list(range(1, count + 1)), headers
    return [headers[i] for i in sorted(headers)], [cells.get(i, "") for i in sorted(headers)]


def test_case_import_preview_plurals_progress_and_axe(page, app_server):
    login(page, app_server, "formand")
    open_page(page, "Importér sager")
    check_axe_on_import_page(page, "case import")

    upload(page, "sager.csv", CASES_CSV.encode("utf-8"))
    main = page.get_by_test_id("stMain")
    status = main.get_by_test_id("stExpander").filter(has_text="Filen er kontrolleret")
    expect(status).to_contain_text("Filen er kontrolleret: 1 række, 0 med fejl")
    expect(main.get_by_text("1 række · 1 sag · 1 hændelse · 0 rækker med fejl", exact=True)).to_be_visible()
    expect(main.get_by_text("1 rækker")).to_have_count(0)
    expect(main.get_by_text("1 sager")).to_have_count(0)

    shown_headers, cells = read_grid(page, preview_grid(page))
    assert shown_headers == CASE_HEADERS
    assert cells == ["2", "Familie 9301", "Børn og Familie", "05.02.2024", "", "Åben", "", "06.02.2024", "Klage",
                     "Mor ringede om et møde."]
    assert not any(c in {"None", "NaT", "nan", "<NA>"} or "00:00:00" in c for c in cells), cells
    for name in INTERNAL_NAMES:
        expect(main.locator('th[role="columnheader"]', has_text=re.compile(rf"^{name}$"))).to_have_count(0)
    check_axe_on_import_page(page, "case import with preview")

    # The import: a finished status, then the report with singular forms.
    page.get_by_role("button", name="Importér", exact=True).click()
    wait_for_app_idle(page)
    expect(main.get_by_test_id("stAlert").filter(has_text="Importen er gennemført")).to_contain_text(
        "1 ny sag, 0 eksisterende, 1 hændelse tilføjet (0 dubletter sprunget over)")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_complaint_import_preview_plurals_and_axe(page, app_server):
    login(page, app_server, "borgerraadgiver")
    open_page(page, "Importér klager")
    check_axe_on_import_page(page, "complaint import")

    header, first_row = complaint_import.template_csv_bytes().split(b"\r\n")[:2]
    upload(page, "klager.csv", header + b"\r\n" + first_row + b"\r\n")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stExpander").filter(has_text="Filen er kontrolleret")).to_contain_text(
        "Filen er kontrolleret: 1 række, 0 med fejl")
    expect(main.get_by_text("1 række · 1 gyldig · 0 med fejl", exact=True)).to_be_visible()

    shown_headers, first_row = read_grid(page, preview_grid(page))
    assert shown_headers == COMPLAINT_HEADERS
    cells = dict(zip(COMPLAINT_HEADERS, first_row, strict=True))
    assert cells["Modtaget"] == "03.02.2025 14.05"  # Copenhagen time, as written in the file
    assert cells["Lukket"] == "20.02.2025" and cells["Første kontakt"] == "04.02.2025 09.30"
    assert cells["Kanal"] == "Telefon" and cells["Borger"] == "Borger 117"
    assert not any(c in {"None", "NaT", "nan", "<NA>"} or "00:00:00" in c for c in cells.values()), cells
    check_axe_on_import_page(page, "complaint import with preview")


def test_account_page_has_no_axe_violations(page, app_server):
    login(page, app_server, "formand")
    open_page(page, "Min konto")
    expect(page.get_by_role("heading", level=2, name="Skift adgangskode")).to_be_visible()
    check_axe(page, "Min konto")  # strict: heading-order included
