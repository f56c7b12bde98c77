"""The demo's case files («Sagsakter»): four fictional documents for each of the five selected cases, CPR
numbers masked."""

from __future__ import annotations

from reviews.models import Role
from reviews.models.casefiles import CasefileStatus, CasefileType
from reviews.privacy.cpr import CPR_MASK, contains_cpr
from reviews.services import casefiles
from tests.conftest import demo_user


def test_demo_has_four_documents_for_each_selected_case_with_the_scan_ocrd(demo_db):
    rows = demo_db.fetchall("SELECT case_id, count(*) FROM casefile_documents GROUP BY case_id ORDER BY case_id")
    selected = demo_db.fetchall("SELECT rc.case_id FROM review_cases rc JOIN reviews r ON r.id = rc.review_id"
                                " WHERE r.name = 'Task Force 4200' ORDER BY rc.case_id")
    assert [case for case, _n in rows] == [case for (case,) in selected] and len(rows) == 5
    assert all(count == 4 for _case, count in rows)
    chair = demo_user(demo_db, Role.CHAIR)
    documents = casefiles.list_casefiles(demo_db, chair, rows[0][0])
    assert [d.doc_type for d in documents] == [CasefileType.INVESTIGATION, CasefileType.DECISION,
                                               CasefileType.JOURNAL_NOTE, CasefileType.EMAIL]
    assert [d.source_kind for d in documents] == ["pdf", "docx", "pdf", "eml"]
    assert all(d.status == CasefileStatus.READY and d.masked_cpr == 1 for d in documents)
    scan = casefiles.read_page(demo_db, chair, documents[2].id, 1)
    assert scan.ocr and CPR_MASK in scan.text and scan.image
    texts = [r[0] for r in demo_db.fetchall("SELECT text FROM casefile_pages")]
    assert len(texts) == 5 * 6 and not any(contains_cpr(t) for t in texts)


def test_demo_reviewers_coded_passages_that_agreement_counts(demo_db):
    from reviews.services import findings, passages

    chair = demo_user(demo_db, Role.CHAIR)
    review = next(r for r in findings.my_reviews(demo_db, chair) if r.name == "Task Force 4200")
    cited = demo_db.fetchall("SELECT p.page_no, f.author_id, f.excerpt FROM finding_passages p"
                             " JOIN findings f ON f.id = p.finding_id ORDER BY p.id")
    assert len(cited) == 8 and {page for page, _u, _e in cited} == {2, 3}
    assert len({user for _p, user, _e in cited}) == 4  # all four reviewers coded in the document
    # The excerpt is the stored paragraph, masked text and all.
    assert "Forvaltningen vurderer, at der er behov for støtte efter Barnets lov." in {e for _p, _u, e in cited}
    figures = passages.passage_agreement(demo_db, chair, review.id).figures
    assert figures.paragraphs == 5 and figures.alpha is not None and not figures.per_code.empty
