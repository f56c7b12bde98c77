"""The demo's case files («Sagsakter»): four fictional documents for three cases, CPR numbers masked."""

from __future__ import annotations

from reviews.models import Role
from reviews.models.casefiles import CasefileStatus, CasefileType
from reviews.privacy.cpr import CPR_MASK, contains_cpr
from reviews.services import casefiles
from tests.conftest import demo_user


def test_demo_has_four_documents_for_three_cases_with_the_scan_ocrd(demo_db):
    rows = demo_db.fetchall("SELECT case_id, count(*) FROM casefile_documents GROUP BY case_id ORDER BY case_id")
    assert len(rows) == 3 and all(count == 4 for _case, count in rows)
    chair = demo_user(demo_db, Role.CHAIR)
    documents = casefiles.list_casefiles(demo_db, chair, rows[0][0])
    assert [d.doc_type for d in documents] == [CasefileType.INVESTIGATION, CasefileType.DECISION,
                                               CasefileType.JOURNAL_NOTE, CasefileType.EMAIL]
    assert [d.source_kind for d in documents] == ["pdf", "docx", "pdf", "eml"]
    assert all(d.status == CasefileStatus.READY and d.masked_cpr == 1 for d in documents)
    scan = casefiles.read_page(demo_db, chair, documents[2].id, 1)
    assert scan.ocr and CPR_MASK in scan.text and scan.image
    texts = [r[0] for r in demo_db.fetchall("SELECT text FROM casefile_pages")]
    assert len(texts) == 3 * 6 and not any(contains_cpr(t) for t in texts)
