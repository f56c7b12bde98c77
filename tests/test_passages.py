"""Reading and coding inside a case-file document (issue 12, item 4): a finding cites a passage of a page, the
excerpt is cut from the stored text, need-to-know and the blind rule hold, every step is logged; and agreement
with paragraphs as units, per code."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from reviews.analysis import passage_agreement
from reviews.errors import NotFound, PermissionDenied, ValidationError
from reviews.models import Role
from reviews.models.case_review import Polarity
from reviews.models.passages import PassageRef
from reviews.services import casefiles
from reviews.services import findings
from reviews.services import passages
from tests.case_review_support import make_world

NOTE = ("Journalnotat om familien\n\n"
        "Første afsnit: mødet med familien blev aflyst med kort varsel.\n\n"
        "Andet afsnit: afgørelsen blev sendt uden klagevejledning.\n\n"
        "Tredje afsnit: ingen opfølgning aftalt.")


@pytest.fixture
def world(db, users):
    world = make_world(db, users)
    report = casefiles.import_files(db, world.chair, world.case_ids[0], [("notat.txt", NOTE.encode())], ocr="none")
    world.document_id = report.document_ids[0]
    world.page = casefiles.read_page(db, world.chair, world.document_id, 1)
    return world


def form(world, *, text="Klagevejledning mangler.", codes=("kv_opfoelgning",), excerpt=""):
    return findings.FindingForm(text=text, code_ids=tuple(world.codes[k] for k in codes), polarity=Polarity.CONCERN,
                                excerpt=excerpt)


def paragraph(world, index: int) -> tuple[int, int]:
    return world.page.paragraphs[index]


def stored_passages(db) -> list[tuple]:
    return db.fetchall("SELECT finding_id, document_id, page_no, char_start, char_end, para_first, para_last, excerpt"
                       " FROM finding_passages ORDER BY id")


def test_the_page_has_paragraphs_to_cite(world):
    texts = [world.page.text[a:b] for a, b in world.page.paragraphs]
    assert texts[2] == "Andet afsnit: afgørelsen blev sendt uden klagevejledning."
    assert len(texts) == 4


def test_the_excerpt_is_cut_from_the_stored_text_never_from_the_client(db, world):
    start, end = paragraph(world, 2)
    saved = passages.code_passage(db, world.r1, world.review_id, PassageRef(world.document_id, 1, start, end),
                                  form(world, excerpt="Retyped words the client sent"))
    finding = saved.record
    assert finding.excerpt == "Andet afsnit: afgørelsen blev sendt uden klagevejledning."
    assert finding.case_id == world.case_ids[0] and finding.event_id is None
    assert stored_passages(db) == [(finding.id, world.document_id, 1, start, end, 2, 2, finding.excerpt)]
    # A character range across two paragraphs: white space at the edges is not quoted.
    a = paragraph(world, 1)[0] + len("Første afsnit: ")
    b = paragraph(world, 2)[0] + len("Andet afsnit")
    second = passages.code_passage(db, world.r1, world.review_id, PassageRef(world.document_id, 1, a - 1, b + 1),
                                   form(world)).record
    assert second.excerpt == world.page.text[a - 1:b + 1].strip()
    assert stored_passages(db)[1][5:7] == (1, 2)
    # Editing the finding in «Kodning» keeps the passage's text as its excerpt.
    changed = findings.update_finding(db, world.r1, finding.id, finding.version,
                                      form(world, text="Ændret.", excerpt="Andet citat")).record
    assert changed.text == "Ændret." and changed.excerpt == finding.excerpt


@pytest.mark.parametrize("start,end", [(-1, 5), (5, 5), (10, 3), (0, 10_000), ("0", "5"), (True, 4)])
def test_a_range_outside_the_text_is_refused_and_nothing_is_stored(db, world, start, end):
    before = db.fetchone("SELECT count(*) FROM findings")[0]
    with pytest.raises(ValidationError) as refused:
        passages.code_passage(db, world.r1, world.review_id, PassageRef(world.document_id, 1, start, end),
                              form(world))
    assert refused.value.key == "passage.error.out_of_range"
    assert db.fetchone("SELECT count(*) FROM findings")[0] == before
    assert stored_passages(db) == []


def test_white_space_only_and_missing_pages_are_refused(db, world):
    start = paragraph(world, 1)[1]  # the blank line between two paragraphs
    with pytest.raises(ValidationError) as refused:
        passages.code_passage(db, world.r1, world.review_id, PassageRef(world.document_id, 1, start, start + 2),
                              form(world))
    assert refused.value.key == "passage.error.empty"
    with pytest.raises(NotFound):
        passages.code_passage(db, world.r1, world.review_id, PassageRef(world.document_id, 9, 0, 5), form(world))
    assert stored_passages(db) == []


def test_need_to_know_and_membership(db, world, users):
    ref = PassageRef(world.document_id, 1, *paragraph(world, 2))
    with pytest.raises(PermissionDenied):  # not a member of the review
        passages.code_passage(db, world.outsider, world.review_id, ref, form(world))
    with pytest.raises(NotFound):  # a document that does not exist answers like one the actor may not read
        passages.code_passage(db, world.r1, world.review_id, PassageRef(999_999, 1, 0, 5), form(world))
    with pytest.raises(NotFound):
        passages.reading_document(db, world.outsider, world.document_id)
    with pytest.raises(PermissionDenied):  # the reader role may not code at all
        passages.code_passage(db, world.reader, world.review_id, ref, form(world))
    assert stored_passages(db) == []


def test_document_of_a_case_outside_the_review_is_refused(db, world, users):
    from reviews.services import cases as case_service

    outside = case_service.create_case(db, world.chair, case_service.CaseForm("Uden for Familie 9")).record
    doc = casefiles.import_files(db, world.chair, outside.id, [("c.txt", b"Notat uden for.")], ocr="none")
    with pytest.raises((ValidationError, NotFound)):
        passages.code_passage(db, world.chair, world.review_id, PassageRef(doc.document_ids[0], 1, 0, 5), form(world))
    assert stored_passages(db) == []


def test_blind_rule_others_passages_after_own_reading_is_done(db, world):
    p2 = paragraph(world, 2)
    mine = passages.code_passage(db, world.r1, world.review_id, PassageRef(world.document_id, 1, *p2),
                                 form(world)).record
    theirs = passages.code_passage(db, world.r2, world.review_id,
                                   PassageRef(world.document_id, 1, *paragraph(world, 1)),
                                   form(world, text="Aflyst.")).record
    seen = passages.page_passages(db, world.r1, world.review_id, world.document_id, 1)
    assert [p.finding_id for p in seen.passages] == [mine.id] and seen.hidden == 1 and not seen.done
    assert set(seen.findings) == {mine.id}
    chair_view = passages.page_passages(db, world.chair, world.review_id, world.document_id, 1)
    assert {p.finding_id for p in chair_view.passages} == {mine.id, theirs.id}  # the chair sees all
    findings.mark_reading_done(db, world.r1, world.review_id, world.case_ids[0])
    seen = passages.page_passages(db, world.r1, world.review_id, world.document_id, 1)
    assert [p.finding_id for p in seen.passages] == [theirs.id, mine.id]  # text order
    assert seen.hidden == 0 and seen.done
    # Once done, the reader's findings are locked: no new passage either.
    with pytest.raises(ValidationError) as refused:
        passages.code_passage(db, world.r1, world.review_id, PassageRef(world.document_id, 1, *p2), form(world))
    assert refused.value.key == "error.reading_done"
    # Only this page's passages are read: page 2 does not exist, and another page of it would show none.
    with pytest.raises(NotFound):
        passages.page_passages(db, world.r1, world.review_id, 999_999, 1)


def test_every_step_is_logged(db, world):
    saved = passages.code_passage(db, world.r1, world.review_id, PassageRef(world.document_id, 1, *paragraph(world, 2)),
                                  form(world)).record
    passages.page_passages(db, world.r1, world.review_id, world.document_id, 1)
    rows = db.fetchall("SELECT action, record_type, record_id, pseudonym, details FROM audit_log"
                       " WHERE record_type IN ('finding', 'finding_passage', 'finding_passages') ORDER BY id")
    actions = [(r[0], r[1]) for r in rows]
    assert actions == [("create", "finding"), ("create", "finding_passage"), ("read", "finding_passages")]
    details = json.loads(rows[1][4])
    assert details == {"finding_id": saved.id, "document_id": world.document_id, "page": 1,
                       "start": paragraph(world, 2)[0], "end": paragraph(world, 2)[1]}
    assert all(r[3] == saved.pseudonym for r in rows)
    # The reading view's links back: where a finding's passage is.
    refs = passages.page_refs(db, world.r1, world.review_id, [saved.id])
    assert refs[saved.id].page_no == 1 and refs[saved.id].document_id == world.document_id


def test_deleting_the_finding_takes_its_passage(db, world):
    saved = passages.code_passage(db, world.r1, world.review_id, PassageRef(world.document_id, 1, *paragraph(world, 2)),
                                  form(world)).record
    findings.delete_finding(db, world.r1, saved.id, saved.version)
    assert stored_passages(db) == []


# --- agreement with passages as units --------------------------------------------------------------------------

def _rows(*rows):
    return pd.DataFrame(rows, columns=["case_id", "document_id", "page_no", "para_first", "para_last", "user_id",
                                       "code_id"])


def test_passage_agreement_hand_computed_example():
    """Two reviewers finished case 1; a third (user 3) did not and is missing.

    Code 10: A (1) cites ¶0-1, B (2) cites ¶1.  Code 20: B cites ¶3.  Units: ¶0, ¶1, ¶3.
    Code 10 values (A, B): ¶0 (1, 0), ¶1 (1, 1), ¶3 (0, 0): N0 = 3, N1 = 3, n = 6, disagreement
    sum n0*n1/(m-1) = 1, alpha = 1 - 5 * 1 / 9 = 4/9; pairs agreeing 2 of 3.
    Code 20 values: ¶0 (0, 0), ¶1 (0, 0), ¶3 (0, 1): N0 = 5, N1 = 1, alpha = 1 - 5 * 1 / 5 = 0; 2 of 3.
    """
    passages_frame = _rows((1, 7, 1, 0, 1, 1, 10), (1, 7, 1, 1, 1, 2, 10), (1, 7, 1, 3, 3, 2, 20),
                           (1, 7, 1, 2, 2, 3, 10))
    readers = pd.DataFrame({"case_id": [1, 1], "user_id": [1, 2]})
    figures = passage_agreement.compute(passages_frame, readers)
    assert figures.paragraphs == 3  # ¶2 is only the unfinished reviewer's: no unit
    per_code = figures.per_code.set_index("code_id")
    assert per_code.loc[10, "alpha"] == pytest.approx(4 / 9)
    assert per_code.loc[10, "percent"] == pytest.approx(2 / 3)
    assert per_code.loc[20, "alpha"] == pytest.approx(0.0)
    assert per_code.loc[20, "percent"] == pytest.approx(2 / 3)
    assert list(per_code["units"]) == [3, 3]
    # Pooled over both codes: N0 = 8, N1 = 4, n = 12, disagreement 2: alpha = 1 - 11 * 2 / 32.
    assert figures.alpha == pytest.approx(1 - 11 * 2 / 32)
    assert figures.percent == pytest.approx(4 / 6)


def test_passage_agreement_without_two_finished_readers_has_no_units():
    figures = passage_agreement.compute(_rows((1, 7, 1, 0, 0, 1, 10)), pd.DataFrame({"case_id": [1], "user_id": [1]}))
    assert figures.paragraphs == 0 and figures.alpha is None and figures.per_code.empty


def test_passage_agreement_of_a_review_respects_the_blind_rule(db, world):
    ref = PassageRef(world.document_id, 1, *paragraph(world, 2))
    passages.code_passage(db, world.r1, world.review_id, ref, form(world))
    passages.code_passage(db, world.r2, world.review_id, ref, form(world))
    for user in (world.r1, world.r2):
        findings.mark_reading_done(db, user, world.review_id, world.case_ids[0])
    shown = passages.passage_agreement(db, world.chair, world.review_id)
    assert shown.figures.paragraphs == 1 and shown.figures.percent == pytest.approx(1.0)
    assert not shown.restricted
    # r3 has not finished the case: in a blind review the figures cover none of it for them.
    assert passages.passage_agreement(db, world.r3, world.review_id).figures.paragraphs == 0
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE record_type = 'passage_agreement'")[0] == 2


def test_roles_without_coding_rights_are_refused(db, world, users):
    with pytest.raises(PermissionDenied):
        passages.page_passages(db, users[Role.ADMINISTRATOR], world.review_id, world.document_id, 1)
