"""«Læs sagsakt» in AppTest: the reading view per role, page navigation by link and buttons, the page's
masked text in the passage picker, a tampered link, and the coding form's refusal without a passage."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from reviews.models import Consent, Nomination, Role
from reviews.services import casefiles
from reviews.services import cases as case_service
from reviews.services import findings as finding_service
from reviews.services import reviews as review_service
from reviews.storage.database import Database
from tests import casefile_samples as s
from tests.conftest import demo_user, signed_in_app

PAGE = "pages/casefile_reader.py"
world_case: dict = {}  # database path -> the case the fixture made


def _app(monkeypatch, path, user, **params) -> AppTest:
    return signed_in_app(monkeypatch, path, user, **params).run()


@pytest.fixture
def with_document(demo_db_path):
    database = Database(str(demo_db_path))
    reviewer = demo_user(database, Role.REVIEWER)
    chair = demo_user(database, Role.CHAIR)
    # A new case in the review the picker starts with: the demo reviewer has finished the demo's cases.
    review = finding_service.my_reviews(database, reviewer)[0]
    case_id = case_service.create_case(database, chair, case_service.CaseForm("Familie 77")).record.id
    review_service.select_case(database, chair, review.id, case_id, review_service.SelectionForm(
        Nomination.FAMILIES, consent=Consent.GIVEN, consent_date=dt.date(2026, 1, 5)))
    report = casefiles.import_files(database, reviewer, case_id, [("undersøgelse.pdf", s.investigation_pdf())],
                                    ocr="none")
    users = {role: demo_user(database, role) for role in Role}
    database.checkpoint()
    database.close()
    world_case[demo_db_path] = case_id
    return demo_db_path, report.document_ids[0], users


def _picker_data(at) -> str:
    found = [e for e in at.get("bidi_component")]
    assert found, "the passage picker is on the page"
    return found[0].proto.json


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REVIEWER, Role.OMBUDSMAN])
def test_the_reading_view_opens_the_linked_page_for_every_role_that_reads_case_files(monkeypatch, with_document,
                                                                                     role):
    path, document_id, users = with_document
    at = _app(monkeypatch, path, users[role], dokument=document_id, side=1)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Læs sagsakt"
    assert at.number_input(key=f"reader_page_{document_id}").value == 1


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.READER])
def test_roles_without_case_reading_are_not_offered_the_page(monkeypatch, with_document, role):
    path, _document_id, users = with_document
    at = _app(monkeypatch, path, users[role])
    with pytest.raises(ValueError):
        at.switch_page(PAGE).run()


def test_reviewer_reads_the_masked_text_and_turns_the_page(monkeypatch, with_document):
    path, document_id, users = with_document
    at = _app(monkeypatch, path, users[Role.REVIEWER], dokument=document_id, side=1)
    at.switch_page(PAGE).run()
    data = _picker_data(at)
    assert "Barnet Emma, cpr-nr. [CPR fjernet], bor hos sin mor." in data
    assert s.CPR_TEXT_PDF not in data
    at.button(key=f"reader_next_{document_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key=f"reader_page_{document_id}").value == 2
    assert at.query_params["side"] == ["2"] or at.query_params["side"] == "2"
    # Saving without a chosen passage is refused with a message, and nothing is stored.
    save = [b for b in at.button if b.label == "Gem fund med passagen"]
    assert save, "the coding form is there"
    save[0].click().run()
    assert "Vælg først en passage i teksten." in [w.value for w in at.warning]
    database = Database(str(path))
    try:
        assert database.fetchone("SELECT count(*) FROM finding_passages WHERE document_id = ?", [document_id])[0] == 0
    finally:
        database.close()


def test_a_tampered_link_reads_as_missing(monkeypatch, with_document):
    path, _document_id, users = with_document
    at = _app(monkeypatch, path, users[Role.REVIEWER], dokument=987654, side=1)
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Dokumentet findes ikke, eller du har ikke adgang til det." in [e.value for e in at.error]


def test_a_coded_passage_shows_in_kodning_with_its_excerpt_and_a_link_to_its_page(monkeypatch, with_document):
    from reviews.models.case_review import Polarity
    from reviews.models.passages import PassageRef
    from reviews.services import passages

    path, document_id, users = with_document
    database = Database(str(path))
    try:
        reviewer = demo_user(database, Role.REVIEWER)
        page = casefiles.read_page(database, reviewer, document_id, 1)
        review = finding_service.my_reviews(database, reviewer)[0]
        code_id = next(c.id for c in finding_service.taggable_codes(database, reviewer))
        saved = passages.code_passage(database, reviewer, review.id, PassageRef(document_id, 1, *page.paragraphs[1]),
                                      finding_service.FindingForm("Fra læsevisningen.", (code_id,),
                                                                  Polarity.CONCERN)).record
        database.checkpoint()
    finally:
        database.close()
    at = _app(monkeypatch, path, users[Role.REVIEWER])
    at.session_state["annotate_case_id"] = world_case[path]
    at.switch_page("pages/annotate.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown)
    assert f"(casefile_reader?dokument={document_id}&side=1)" in text
    assert ui_plain(saved.excerpt) in text


def ui_plain(text: str) -> str:
    from reviews import ui

    return ui.plain(text)
