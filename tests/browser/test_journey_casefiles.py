"""Case files («Sagsakter») end to end in a real browser (issue 12, Tests): the chair uploads an aktindsigt bundle
(a ZIP with a three-page text PDF, a DOCX and an e-mail) and sees the progress and the per-file report; opens the
reading view from the list and from the case timeline and goes to page 3; two reviewers code the same passage on
page 3 by keyboard and mark their readings done; the passage counts on «Enighed»; the chair makes a learning point
citing the findings, approves the minutes and downloads the samlet referat, which names the page ("s. 3");
deleting a cited document is refused, and a delete pressed in a second tab after the first is refused with a
message. axe-core checks the Sagsakter page, the reader and the agreement page.

The setup that other browser tests already drive through the UI (a new case in the review, a held meeting with
one agenda item) is done through the services before the server starts."""

from __future__ import annotations

import datetime as dt
import email.message
import io
import re

import docx
import pytest

from reviews import clock
from reviews.models import Consent, Nomination, Role
from reviews.models.minutes import MeetingKind
from reviews.services import cases as case_service
from reviews.services import meetings as meeting_service
from reviews.services import passages as passage_service
from reviews.services import reviews as review_service
from reviews.storage.database import Database
from tests import casefile_samples as samples
from tests.conftest import demo_user

from .conftest import (check_axe, choose_option, expect, goto_page, login, new_page, running_app,
                       tab_into_paragraphs, wait_for_app_idle)

pytestmark = pytest.mark.browser

REVIEW = "Task Force 4200"
REVIEW_ID = 1  # the demo's blind review; the chair and both reviewers below are members
CASE = "Familie 86"
MEETING = "Sagsakterne i Familie 86"
ITEM = "Evidens fra sagsakterne"
PDF_TITLE = "Børnefaglig undersøgelse"
DOCX_TITLE = "Afgørelse om anbringelse"
MAIL_TITLE = "Vedr. møde om handleplan"
CITED = "Skolen blev ikke inddraget i planen."
CODE = "Inddragelse af barn og familie"
EVIDENCE_LINE = f"{CASE} · Børnefaglig undersøgelse 12.03.2020 · s. 3"
REVIEWERS = (("socialraadgiver", "Sofie Sørensen"), ("jurist", "Jens Juul"))


# --- the bundle, made here ------------------------------------------------------------------------------

def investigation_pdf() -> bytes:
    """Three pages with a text layer (no OCR needed); page 3's second paragraph is the one coded."""
    return samples.text_pdf([
        [PDF_TITLE, "Dato: 12.03.2020", f"Barnet, cpr-nr. {samples.CPR_TEXT_PDF}, bor hos sin mor."],
        ["Side to: vurdering.", "Familien ønsker støtte i hjemmet."],
        ["Side tre: konklusion.", CITED, "Der iværksættes familiebehandling efter Barnets lov."],
    ], title=PDF_TITLE, author="Familieafdelingen")


def plain_mail() -> bytes:
    message = email.message.EmailMessage()
    message["Subject"] = MAIL_TITLE
    message["From"] = "sagsbehandler@kommune.example"
    message["To"] = "mor@example.dk"
    message["Date"] = "Tue, 14 Sep 2021 10:00:00 +0200"
    message.set_content("Kære forælder\n\nVi mødes den 20. september om handleplanen.\n\nVenlig hilsen")
    return message.as_bytes()


def bundle() -> bytes:
    return samples.zip_bundle({"aktindsigt/undersoegelse.pdf": investigation_pdf(),
                               "aktindsigt/afgoerelse.docx": samples.decision_docx(),
                               "aktindsigt/mail.eml": plain_mail()})


# --- the app --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def casefile_app(chromium_path, demo_db_file, tmp_path_factory):
    """The app on a copy of the demo with a new, empty case in the blind review and a held meeting with one
    agenda item; yields (base URL, case id, paragraphs in the chair's passage agreement before the test)."""
    workdir = tmp_path_factory.mktemp("casefile-journey")
    source = workdir / "source.duckdb"
    source.write_bytes(demo_db_file.read_bytes())
    database = Database(str(source))
    chair = demo_user(database, Role.CHAIR)
    case_id = case_service.create_case(database, chair, case_service.CaseForm(CASE)).record.id
    review_service.select_case(database, chair, REVIEW_ID, case_id, review_service.SelectionForm(
        Nomination.FAMILIES, consent=Consent.GIVEN, consent_date=dt.date(2026, 1, 5)))
    meeting = meeting_service.create_meeting(database, chair, REVIEW_ID, meeting_service.MeetingForm(
        MeetingKind.TASK_FORCE, MEETING, clock.now() - dt.timedelta(days=2), 60)).record
    meeting_service.add_item(database, chair, meeting.id, meeting_service.ItemForm(ITEM))
    before = passage_service.passage_agreement(database, chair, REVIEW_ID).figures.paragraphs
    database.checkpoint()
    database.close()
    with running_app(workdir, source) as base_url:
        yield base_url, case_id, before


# --- helpers --------------------------------------------------------------------------------------------

def choose(page, label: str, option, *, scope=None) -> None:
    choose_option(page, scope or page, label, option, exact=False)


def pick_in_multiselect(page, box, label: str, typed: str, option) -> None:
    box.get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")
    wait_for_app_idle(page)


def alert(page, text):
    return page.get_by_test_id("stAlert").filter(has_text=text)


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    wait_for_app_idle(page)


def show_all_pages(page) -> None:
    """Streamlit folds a long sidebar navigation behind "View N more"; unfold it."""
    more = page.get_by_test_id("stSidebarNav").get_by_text(re.compile(r"^View \d+ more$"))
    if more.count():
        more.click()
        wait_for_app_idle(page)


def open_casefiles(page) -> None:
    show_all_pages(page)
    goto_page(page, "Sagsakter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sagsakter")
    choose(page, "Sag", CASE)


def open_reader_from_list(page, title: str) -> None:
    """Choose the document in «Sagsakter» and follow its link to the reading view."""
    choose(page, "Dokument", re.compile("^" + re.escape(title)))
    page.get_by_role("link", name="Læs og kod i dokumentet").click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Læs sagsakt")
    expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()


def go_to_page_3(page) -> None:
    for _ in range(2):
        page.get_by_role("button", name="Næste side").click()
        wait_for_app_idle(page)
    expect(page.get_by_text("Side 3 af 3", exact=True)).to_be_visible()
    expect(page.get_by_role("listbox", name="Sidens afsnit").get_by_role("option")).to_have_count(3)


def code_page_3_by_keyboard(page, text: str) -> None:
    """Tab into the passage picker, arrow to the second paragraph, Space to choose it, and code it."""
    if page.get_by_role("combobox", name="Vælg gennemgang", exact=True).count():
        choose(page, "Vælg gennemgang", REVIEW)
    options = tab_into_paragraphs(page, "Vælg gennemgang")
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_be_focused()
    page.keyboard.press("Space")
    wait_for_app_idle(page)
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text(f"Valgt passage (¶ 2): «{CITED}»")).to_be_visible()

    box = page.locator("[class*='st-key-reader_nf_'][class*='_box']")
    box.get_by_role("textbox", name="Fund", exact=True).fill(text)
    pick_in_multiselect(page, box, "Koder", CODE[:12], re.compile("^" + re.escape(CODE)))
    box.get_by_text("Hvad bekymrer os?", exact=True).click()
    wait_for_app_idle(page)
    box.get_by_role("button", name="Gem fund med passagen").click()
    wait_for_app_idle(page)
    expect(alert(page, "Fundet er gemt med passagen")).to_be_visible()
    expect(page.locator(".wpp-root mark.wpp-cited")).to_have_text([CITED])


def mark_reading_done(page) -> None:
    done = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Markér læsningen som færdig"))
    done.get_by_text("Jeg har læst sagen færdig", exact=True).click()
    done.get_by_role("button", name="Markér læsningen som færdig").click()
    wait_for_app_idle(page)
    expect(alert(page, f"Din læsning af {CASE} er markeret som færdig.")).to_be_visible()


def ask_delete(page, title: str) -> None:
    """Tick the confirmation in «Slet sagsakten» for the chosen document (the button stays disabled before)."""
    expander = page.get_by_test_id("stExpander").filter(has_text="Slet sagsakten")
    if not expander.get_by_text(f"Ja, slet «{title}»", exact=True).is_visible():
        expander.get_by_text("Slet sagsakten", exact=True).click()
    expander.get_by_text(f"Ja, slet «{title}»", exact=True).click()
    wait_for_app_idle(page)


def press_delete(page) -> None:
    page.get_by_test_id("stExpander").filter(has_text="Slet sagsakten").get_by_role(
        "button", name="Slet", exact=True).click()
    wait_for_app_idle(page)


def docx_text(path) -> str:
    document = docx.Document(str(path))
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])


# --- the journey ----------------------------------------------------------------------------------------

def test_bundle_upload_reading_coding_agreement_minutes_and_delete(page, browser, casefile_app, tmp_path):
    base_url, case_id, paragraphs_before = casefile_app

    # 1. The chair uploads the bundle on «Sagsakter», sees the progress and the per-file report, and the list.
    login(page, base_url, "formand")
    open_casefiles(page)
    expect(page.get_by_text("Sagen har ingen akter endnu.")).to_be_visible()
    page.get_by_test_id("stExpander").filter(has_text="Importér akter").get_by_text("Importér akter").click()
    expect(alert(page, "Hver fil importeres for sig")).to_be_visible()  # said before the import starts
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": "aktindsigt.zip", "mimeType": "application/zip", "buffer": bundle()}])
    wait_for_app_idle(page)
    page.get_by_role("button", name="Importér", exact=True).click()
    wait_for_app_idle(page, timeout=60_000)
    progress = page.get_by_test_id("stProgress")
    expect(progress.filter(has_text="Fil 1 af 1")).to_be_visible()  # overall, by uploaded file
    expect(progress.filter(has_text="aktindsigt.zip: side 3 af 3")).to_be_visible()  # the file's own bar
    for name, masked in (("undersoegelse.pdf", "1 CPR-nummer"), ("afgoerelse.docx", "1 CPR-nummer"),
                         ("mail.eml", "0 CPR-numre")):
        expect(alert(page, f"aktindsigt/{name}: importeret (1 dokument, {masked} fjernet)")).to_be_visible()
    expect(page.get_by_text("3 filer importeret, 0 filer afvist.")).to_be_visible()
    listing = page.get_by_test_id("stDataFrame")
    for title in (PDF_TITLE, DOCX_TITLE, MAIL_TITLE):
        expect(listing).to_contain_text(title)
    check_axe(page, "Sagsakter after the import")

    # 2. The reader from the list's link, page 3; and from the case timeline's link.
    open_reader_from_list(page, PDF_TITLE)
    expect(page.get_by_text("Side 1 af 3", exact=True)).to_be_visible()
    go_to_page_3(page)
    expect(page.get_by_role("option", name=re.compile(re.escape(CITED)))).to_be_visible()
    expect(page.get_by_test_id("stImage")).to_be_visible()  # the page image beside its text
    check_axe(page, "reader, page 3")

    goto_page(page, "Sag")  # the case «Sagsakter» showed
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE)
    timeline_link = page.get_by_test_id("stMarkdownContainer").get_by_role("link", name=PDF_TITLE, exact=True)
    if timeline_link.get_attribute("target") == "_blank":  # Streamlit opens markdown links in a new tab
        with page.context.expect_page() as opened:
            timeline_link.click()
        reader = opened.value
        reader.wait_for_load_state()
    else:
        timeline_link.click()
        reader = page
    wait_for_app_idle(reader)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Læs sagsakt")
    expect(reader.get_by_role("heading", level=2, name=PDF_TITLE)).to_be_visible()
    expect(reader.get_by_text("Side 1 af 3", exact=True)).to_be_visible()
    if reader is not page:
        reader.close()

    # 3. Two reviewers, blind, code the same passage on page 3 by keyboard and finish their readings.
    for number, (username, name) in enumerate(REVIEWERS):
        other = new_page(browser)
        try:
            login(other, base_url, username)
            open_casefiles(other)
            open_reader_from_list(other, PDF_TITLE)
            go_to_page_3(other)
            if number:  # blind: the first reviewer's passage is hidden until one's own reading is done
                expect(alert(other, "1 passage(r) fra andre vises først")).to_be_visible()
            code_page_3_by_keyboard(other, f"Skolen blev ikke inddraget ({name}).")
            mark_reading_done(other)
            expect(other.get_by_text("Du har markeret din læsning af sagen færdig")).to_be_visible()
            if number:  # now both passages are shown: the same sentence, one mark naming both
                cited = other.locator(".wpp-root mark.wpp-cited")
                expect(cited).to_have_count(1)
                expect(cited).to_have_attribute("data-n", "1, 2")
                expect(cited).to_have_text(CITED)
                for _, shown in REVIEWERS:
                    expect(other.get_by_text(f"Skolen blev ikke inddraget ({shown}).")).to_be_visible()
        finally:
            other.context.close()

    # The chair sees the passage in the agreement with passages as units (two finished coders on it).
    goto_page(page, "Enighed")
    choose(page, "Vælg gennemgang", REVIEW)
    expect(page.get_by_role("heading", level=2, name="Enighed om passager")).to_be_visible()
    expect(page.get_by_text(re.compile(rf"^{paragraphs_before + 1} afsnit · alfa "))).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").last).to_contain_text(CODE)
    check_axe(page, "agreement with passages")

    # 4. A learning point citing both findings, linked to the meeting's item; approval; the samlet referat.
    goto_page(page, "Læringspunkter")
    choose(page, "Vælg gennemgang", REVIEW)
    page.get_by_test_id("stExpander").filter(has_text="Nyt læringspunkt").get_by_text("Nyt læringspunkt").click()
    page.get_by_text("Vælg fund som evidens", exact=True).click()
    wait_for_app_idle(page)
    choose(page, "Find fund i sagen", CASE)
    form = page.locator("[class*='st-key-lp_new_'][class*='_box']").filter(has=page.get_by_role("button", name="Opret"))
    lp_title = "Skolen inddrages i planen"
    form.get_by_label("Titel", exact=True).fill(lp_title)
    for _, name in REVIEWERS:
        pick_in_multiselect(page, form, "Evidens (fund)", name, re.compile(re.escape(f"({name})")))
    form.get_by_label("Titel", exact=True).click()  # leave the multiselect before the submit
    wait_for_app_idle(page)
    form.get_by_role("button", name="Opret").click()
    wait_for_app_idle(page)
    expect(alert(page, f"Læringspunktet «{lp_title}» er oprettet som udkast.")).to_be_visible()

    goto_page(page, "Møder og referater")
    choose(page, "Vælg gennemgang", REVIEW)
    choose(page, "Vælg møde", re.compile("^" + re.escape(MEETING)))
    expect(page.get_by_role("heading", level=2, name=MEETING)).to_be_visible()
    links = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Gem læringspunkter"))
    pick_in_multiselect(page, links, "Læringspunkter drøftet under punktet", "Skolen inddrages",
                        re.compile(re.escape(lp_title)))
    links.get_by_role("button", name="Gem læringspunkter").click()
    wait_for_app_idle(page)
    expect(alert(page, "Gemt.")).to_be_visible()
    open_tab(page, "Godkendelse og mødet")
    page.get_by_role("button", name="Godkend referatet").click()
    wait_for_app_idle(page)
    expect(alert(page, "Referatet er godkendt som version 1.")).to_be_visible()
    open_tab(page, "Dokumenter")
    page.get_by_role("button", name="Lav samlet referat").click()
    wait_for_app_idle(page, timeout=60_000)
    download_button = page.get_by_role("button", name=re.compile(r"^Hent samlet-referat-\d+-v1\.docx$"))
    with page.expect_download() as info:
        download_button.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    text = docx_text(path)
    appendix = text[text.index("Dokumentation for læringspunkterne"):]
    assert EVIDENCE_LINE in appendix, appendix
    assert CITED not in appendix  # no quotation unless the chair ticks it in

    # 5. Delete: the cited document is refused (twice, nothing gone); an uncited one deleted in one tab is
    # refused with a message in a second tab that still shows it.
    open_casefiles(page)
    choose(page, "Dokument", re.compile("^" + re.escape(PDF_TITLE)))
    ask_delete(page, PDF_TITLE)
    for _ in range(2):
        press_delete(page)
        expect(alert(page, "Sagsakten kan ikke slettes: 2 fund citerer den.")).to_be_visible()
    for title in (PDF_TITLE, DOCX_TITLE, MAIL_TITLE):
        expect(page.get_by_test_id("stDataFrame")).to_contain_text(title)

    second = page.context.new_page()  # the same chair in a second tab (the session cookie logs it in)
    second.goto(f"{base_url}/sagsakter?sag={case_id}")
    wait_for_app_idle(second)
    for tab in (page, second):
        choose(tab, "Dokument", re.compile("^" + re.escape(DOCX_TITLE)))
        ask_delete(tab, DOCX_TITLE)
    press_delete(page)
    expect(alert(page, "1 dokument er slettet.")).to_be_visible()
    press_delete(second)
    expect(alert(second, "Sagsakten, du havde valgt, findes ikke længere")).to_be_visible()
    for tab in (page, second):
        listing = tab.get_by_test_id("stDataFrame")
        expect(listing).not_to_contain_text(DOCX_TITLE)
        expect(listing).to_contain_text(PDF_TITLE)
        expect(listing).to_contain_text(MAIL_TITLE)
    second.close()
    check_axe(page, "Sagsakter after the deletes")
