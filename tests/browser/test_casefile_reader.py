"""«Læs sagsakt» in a real browser: a reviewer opens a document by its link, chooses two paragraphs with the
keyboard in the passage picker (a Streamlit v2 component), codes the passage, sees it marked and numbered on
the page and listed beside it, and axe finds nothing to fault."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reviews.models import Consent, Nomination, Role
from reviews.services import casefiles
from reviews.services import cases as case_service
from reviews.services import findings as finding_service
from reviews.services import reviews as review_service
from reviews.storage.database import Database
from tests.conftest import demo_user

from .conftest import check_axe, expect, login, running_app, tab_into_paragraphs, wait_for_app_idle

pytestmark = pytest.mark.browser

REVIEW_PICKER = "Vælg gennemgang"

NOTE = ("Journalnotat om familien\n\n"
        "Mødet med familien blev aflyst med kort varsel.\n\n"
        "Afgørelsen blev sendt uden klagevejledning.\n\n"
        "Ingen opfølgning blev aftalt.")


@pytest.fixture(scope="module")
def reader_app(chromium_path, demo_db_file, tmp_path_factory):
    """The app on a copy of the demo with a new case in the review (the demo reviewer has finished the demo's
    cases) holding one text document; yields (base URL, document id)."""
    workdir = tmp_path_factory.mktemp("reader-app")
    source = workdir / "source.duckdb"
    source.write_bytes(demo_db_file.read_bytes())
    database = Database(str(source))
    chair, reviewer = demo_user(database, Role.CHAIR), demo_user(database, Role.REVIEWER)
    review = finding_service.my_reviews(database, reviewer)[0]
    case_id = case_service.create_case(database, chair, case_service.CaseForm("Familie 78")).record.id
    review_service.select_case(database, chair, review.id, case_id, review_service.SelectionForm(
        Nomination.FAMILIES, consent=Consent.GIVEN, consent_date=dt.date(2026, 1, 5)))
    document_id = casefiles.import_files(database, chair, case_id, [("notat.txt", NOTE.encode())],
                                         ocr="none").document_ids[0]
    database.checkpoint()
    database.close()
    with running_app(workdir, source) as base_url:
        yield base_url, document_id


def test_a_reviewer_codes_a_passage_by_keyboard_and_sees_it_marked(page, reader_app):
    base_url, document_id = reader_app
    login(page, base_url, "socialraadgiver")
    page.goto(f"{base_url}/casefile_reader?dokument={document_id}&side=1")
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Læs sagsakt")
    paragraphs = page.get_by_role("listbox", name="Sidens afsnit")
    options = paragraphs.get_by_role("option")
    expect(options).to_have_count(4)
    check_axe(page, "reading view before coding")

    # Keyboard only: Tab into the list (one tab stop), arrows to move, Space and Enter to choose.
    options = tab_into_paragraphs(page, REVIEW_PICKER)
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_be_focused()
    page.keyboard.press("Space")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    wait_for_app_idle(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_for_app_idle(page)
    expect(options.nth(2)).to_have_attribute("aria-selected", "true")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    expect(page.get_by_text(re.compile(r"Valgt passage \(¶ 2–3\): «Mødet med familien"))).to_be_visible()

    # Code it.
    box = page.locator("[class*='st-key-reader_nf_'][class*='_box']")
    box.get_by_role("textbox", name="Fund").fill("Aflyst møde og ingen klagevejledning.")
    box.get_by_role("combobox", name="Koder", exact=True).click()
    page.keyboard.type("Opfølgning")
    page.get_by_role("option", name=re.compile("Opfølgning")).first.click()
    page.keyboard.press("Escape")
    box.get_by_text("Hvad bekymrer os?").click()
    wait_for_app_idle(page)
    box.get_by_role("button", name="Gem fund med passagen").click()
    wait_for_app_idle(page)
    expect(page.get_by_text("Fundet er gemt med passagen")).to_be_visible()

    # Marked and numbered on the page (underline and "[1]", not colour only), and listed beside it.
    marks = page.locator(".wpp-root mark.wpp-cited")
    expect(marks).to_have_count(2)  # the passage spans two paragraphs
    expect(marks.first).to_have_attribute("data-n", "1")
    expect(marks.first).to_have_text("Mødet med familien blev aflyst med kort varsel.")
    expect(options.nth(1)).to_have_attribute("aria-label", re.compile(r"citeret i 1"))
    expect(page.get_by_text("Fund på denne side")).to_be_visible()
    expect(page.get_by_text("Aflyst møde og ingen klagevejledning.")).to_be_visible()
    expect(page.get_by_role("button", name="Markér læsningen som færdig")).to_be_visible()
    check_axe(page, "reading view with a coded passage")
