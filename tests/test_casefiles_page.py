"""The «Sagsakter» page in AppTest for every role: case picker, documents, OCR progress, a page read."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from reviews.models import Consent, Nomination, Role
from reviews.models.casefiles import timeline_of
from reviews.services import casefiles
from reviews.services import cases as case_service
from reviews.services import findings as finding_service
from reviews.services import reviews as review_service
from reviews.storage.database import Database
from tests import casefile_samples as s
from tests.conftest import demo_user, signed_in_app

PAGE = "pages/casefiles.py"



@pytest.fixture
def with_documents(demo_db_path):
    database = Database(str(demo_db_path))
    reviewer, chair = demo_user(database, Role.REVIEWER), demo_user(database, Role.CHAIR)
    # A new case in the reviewer's review (every demo case there has documents), so the list below is exactly ours.
    review = finding_service.my_reviews(database, reviewer)[0]
    created = case_service.create_case(database, chair, case_service.CaseForm("Familie 79")).record
    review_service.select_case(database, chair, review.id, created.id, review_service.SelectionForm(
        Nomination.FAMILIES, consent=Consent.GIVEN, consent_date=dt.date(2026, 1, 5)))
    case = next(c for c in case_service.search_cases(database, reviewer, page_size=100).items if c.id == created.id)
    casefiles.import_files(database, reviewer, case.id, [("undersøgelse.pdf", s.investigation_pdf()),
                                                         ("afgørelse.docx", s.decision_docx())], ocr="none")
    users = {role: demo_user(database, role) for role in Role}
    database.checkpoint()
    database.close()
    return demo_db_path, case, users


def open_case_files(monkeypatch, path, user, case_id: int):
    """«Sagsakter» opened on the case by its link (?sag=)."""
    at = signed_in_app(monkeypatch, path, user)
    at.query_params["sag"] = str(case_id)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REVIEWER, Role.OMBUDSMAN])
def test_page_runs_for_the_roles_that_read_cases(monkeypatch, with_documents, role):
    path, case, users = with_documents
    at = signed_in_app(monkeypatch, path, users[role]).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Sagsakter"
    assert at.selectbox(key="casefile_case").value is not None


def test_reviewer_reads_page_one_with_the_number_masked(monkeypatch, with_documents):
    path, case, users = with_documents
    at = open_case_files(monkeypatch, path, users[Role.REVIEWER], case.id)
    assert at.selectbox(key="casefile_case").value == case.id
    table = at.dataframe[0].value
    assert sorted(table["Titel"]) == ["Afgørelse om anbringelse", "Børnefaglig undersøgelse"]
    # The pages are read in «Læs sagsakt» (tests/test_passages_page.py): here a link to it.
    links = at.get("page_link")
    document_id = at.selectbox(key="casefile_doc").value
    assert links[-1].proto.label == "Læs og kod i dokumentet"
    assert "casefile_reader" in links[-1].proto.page and f"dokument={document_id}" in links[-1].proto.query_string


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.READER])
def test_page_is_not_offered_to_roles_without_case_reading(monkeypatch, with_documents, role):
    path, _case, users = with_documents
    at = signed_in_app(monkeypatch, path, users[role]).run()
    with pytest.raises(ValueError):
        at.switch_page(PAGE).run()


def test_the_case_timeline_shows_the_documents_by_date_with_a_link_to_read_them(monkeypatch, with_documents):
    path, case, users = with_documents
    database = Database(str(path))
    try:
        detail = case_service.get_case(database, users[Role.REVIEWER], case.id)
        documents = {d.title: d for d in detail.documents}
        # Both documents sit among the events by their dates (12.03.2020 and 1 June 2020), oldest first.
        timeline = detail.timeline
        dates = [getattr(item, "event_date", None) or item.doc_date for item in timeline]
        assert dates == sorted(dates)
        assert {item.title for item in timeline if item in detail.documents} == set(documents)
        # A document without a date comes last, after every event.
        undated = dataclasses.replace(documents["Afgørelse om anbringelse"], doc_date=None)
        assert timeline_of(detail.events, (undated,))[-1] is undated
    finally:
        database.close()

    at = signed_in_app(monkeypatch, path, users[Role.REVIEWER])
    at.query_params["id"] = str(case.id)
    at.run()
    at.switch_page("pages/case.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown)
    investigation = documents["Børnefaglig undersøgelse"]
    assert f"(casefile_reader?dokument={investigation.id}&side=1)" in text
    assert "12. marts 2020" in text and "3 sider" in text


def test_a_document_deleted_in_another_tab_is_said_to_be_gone(monkeypatch, with_documents):
    path, case, users = with_documents
    at = open_case_files(monkeypatch, path, users[Role.CHAIR], case.id)
    chosen = at.selectbox(key="casefile_doc").value
    assert not [w for w in at.warning if "findes ikke længere" in w.value]

    database = Database(str(path))  # the same chair, in another tab
    try:
        doc = next(d for d in casefiles.list_casefiles(database, users[Role.CHAIR], case.id) if d.id == chosen)
        assert casefiles.delete_document(database, users[Role.CHAIR], doc.id, doc.version) == 1
    finally:
        database.close()

    at.run()  # the next click in the first tab
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning if "findes ikke længere" in w.value] == [
        "Sagsakten, du havde valgt, findes ikke længere: den er slettet i mellemtiden, måske i en anden fane."
        " Intet er ændret her; vælg en anden akt."]
    assert at.selectbox(key="casefile_doc").value != chosen
    assert len(at.dataframe[0].value) == 1
    at.run()  # said once: the next rerun is quiet again
    assert not [w for w in at.warning if "findes ikke længere" in w.value]
