"""Minutes journey: the chair corrects the family-round minutes, approves them, and downloads the combined
minutes for the committee; the downloaded file passes the Word validity pipeline. axe-core on every step."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.docx_pipeline import check_docx, tools_available

from .conftest import check_axe, expect, goto_page, login, wait_for_app_idle

pytestmark = pytest.mark.browser

REVIEW = "Task Force 4200"
MEETING = "Familierunde om læringspunkterne"
LAST_ITEM = "Punkt 5. Næste skridt"


def show_all_pages(page) -> None:
    """Streamlit folds a long sidebar navigation behind "View N more"; unfold it."""
    more = page.get_by_test_id("stSidebarNav").get_by_text(re.compile(r"^View \d+ more$"))
    if more.count():
        more.click()
        wait_for_app_idle(page)


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    wait_for_app_idle(page)


def test_chair_approves_and_downloads_the_committee_minutes(page, app_server, tmp_path):
    login(page, app_server, "formand")
    show_all_pages(page)
    goto_page(page, "Møder og referater")
    expect(page.get_by_role("heading", level=1)).to_have_text("Møder og referater")
    page.get_by_role("combobox", name="Vælg gennemgang").click()
    page.get_by_role("option", name=REVIEW, exact=True).click()
    wait_for_app_idle(page)
    page.get_by_role("combobox", name="Vælg møde").click()
    page.get_by_role("option", name=re.compile(f"^{MEETING}")).click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=2, name=MEETING)).to_be_visible()
    check_axe(page, "meetings, approved family round")

    # The demo minutes are approved: a correction starts version 2 as a draft, version 1 is kept.
    open_tab(page, "Godkendelse og mødet")
    page.get_by_role("button", name="Ret referatet (ny version)").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Version 2 er oprettet som udkast.")).to_be_visible()
    expect(page.get_by_text("Den godkendte version 1 er bevaret")).to_be_visible()

    # Write the minutes of the last item.
    marker = (f"Browsertest {uuid.uuid4().hex[:6]}: udvalget får referatet på næste møde, "
              "og familierne får en kopi.")
    open_tab(page, "Dagsorden og referat")
    chooser = page.get_by_role("combobox", name="Vælg punkt")
    chooser.scroll_into_view_if_needed()
    chooser.click()
    chooser.fill("Næste skridt")  # the selectbox filters as you type
    page.get_by_role("option", name=LAST_ITEM, exact=True).click()
    wait_for_app_idle(page)
    form = page.locator("[class*='st-key-item_'][class*='_box']")  # the item's editor, not the new-item box
    expect(form.get_by_label("Punktets overskrift", exact=True)).to_have_value("Næste skridt")
    form.get_by_label("Referat", exact=True).fill(marker)
    form.get_by_role("button", name="Gem").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Gemt.")).to_be_visible()
    check_axe(page, "meetings, agenda in draft")

    # The chair approves version 2.
    open_tab(page, "Godkendelse og mødet")
    page.get_by_role("button", name="Godkend referatet").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Referatet er godkendt som version 2.")).to_be_visible()
    check_axe(page, "meetings, approval")

    # Make the combined minutes and download them.
    open_tab(page, "Dokumenter")
    expect(page.get_by_role("combobox", name="Version")).to_be_visible()
    page.get_by_role("button", name="Lav samlet referat").click()
    wait_for_app_idle(page)
    expect(page.get_by_text(re.compile(r"Læsbarhed \(LIX\): \d"))).to_be_visible()
    download_button = page.get_by_role("button", name=re.compile(r"^Hent samlet-referat-\d+-v2\.docx$"))
    expect(download_button).to_be_visible()
    check_axe(page, "meetings, documents")
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert re.fullmatch(r"samlet-referat-\d+-v2\.docx", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    markers = ["Samlet referat", MEETING, "Version 2, godkendt", marker, "Læringspunkt: Overlevering ved skift af "
               "sagsbehandler", "Børne- og Ungeudvalget", "Side 1 af"]
    if tools_available():
        check_docx(path, markers, workdir=tmp_path / "pdf", name="browser-download")
    else:  # the browser suite runs where LibreOffice may not: still reopen and scan
        document = check_docx(path, convert=False).document
        assert marker in "\n".join(p.text for p in document.paragraphs)
