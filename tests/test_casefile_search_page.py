"""The «Søg i sagsakter» page in AppTest for every role: the form, hits with snippets and a link to the page in
the reading view, filters, bad input shown as a message, paging."""

from __future__ import annotations

import pytest

from reviews.models import Role
from reviews.services import casefiles
from reviews.services import cases as case_service
from reviews.storage.database import Database
from tests import casefile_samples as s
from tests.conftest import demo_user, signed_in_app

PAGE = "pages/casefile_search.py"
WORD = "kvaksalverbrevet"  # in no demo document



@pytest.fixture
def with_documents(demo_db_path):
    database = Database(str(demo_db_path))
    reviewer = demo_user(database, Role.REVIEWER)
    case = case_service.search_cases(database, reviewer, page_size=100).items[0]
    pages = [[f"Side {n}: om {WORD} og skolen, cpr {s.CPR_TEXT_PDF}."] for n in range(1, 24)]
    report = casefiles.import_files(database, reviewer, case.id, [("notat.pdf", s.text_pdf(pages))], ocr="none")
    users = {role: demo_user(database, role) for role in Role}
    database.checkpoint()
    database.close()
    return demo_db_path, case, report.document_ids[0], users


def _search(at, query):
    at.text_input(key="casefile_search_query").input(query)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REVIEWER, Role.OMBUDSMAN])
def test_page_runs_for_the_roles_that_read_cases(monkeypatch, with_documents, role):
    path, _case, _doc, users = with_documents
    at = signed_in_app(monkeypatch, path, users[role]).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Søg i sagsakter"
    _search(at, "skolen")


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.READER])
def test_page_is_not_offered_to_roles_without_case_file_reading(monkeypatch, with_documents, role):
    path, _case, _doc, users = with_documents
    at = signed_in_app(monkeypatch, path, users[role]).run()
    with pytest.raises(ValueError):
        at.switch_page(PAGE).run()


def test_reviewer_finds_pages_with_a_marked_snippet_a_link_and_pages_on(monkeypatch, with_documents):
    path, case, document_id, users = with_documents
    at = signed_in_app(monkeypatch, path, users[Role.REVIEWER]).run()
    at.switch_page(PAGE).run()
    _search(at, "kvaksalverbrev")  # another form of the word
    assert at.subheader[0].value == "23 sider fundet"
    texts = [m.value for m in at.markdown]
    snippets = [t for t in texts if f"**{WORD}**" in t]
    assert len(snippets) == 20 and all(s.CPR_TEXT_PDF not in t for t in texts)
    assert any("Side 1" in t and "af 23" in t for t in texts)
    links = at.get("page_link")
    assert len(links) == 20 and all("casefile_reader" in link.proto.page for link in links)
    assert f"dokument={document_id}" in links[0].proto.query_string and "side=" in links[0].proto.query_string
    assert any(case.pseudonym in c.value for c in at.caption)
    at.button(key="casefile_search_next").click().run()
    assert not at.exception
    assert len(at.get("page_link")) == 3
    assert "Viser 21–23 af 23." in [c.value for c in at.caption]
    at.button(key="casefile_search_first").click().run()
    assert len(at.get("page_link")) == 20


def test_bad_input_and_no_hits_are_said_plainly(monkeypatch, with_documents):
    path, _case, _doc, users = with_documents
    at = signed_in_app(monkeypatch, path, users[Role.CHAIR]).run()
    at.switch_page(PAGE).run()
    _search(at, "og det at")
    assert "kun almindelige småord" in at.error[0].value
    _search(at, s.CPR_TEXT_PDF)
    assert "CPR-numre kan ikke søges frem" in at.error[0].value
    _search(at, "zyxwvuq")
    assert at.info[0].value == "Ingen sider matcher søgningen."
