"""Reading and coding inside a case-file document: citing a passage of a page in a finding, and the
passages a reader may see on a page.

Rules kept here:
- a passage is a character range [start, end) of one page's stored (CPR-masked) text; only the offsets
  come from the client, and the excerpt is always cut from the stored text, never retyped;
- need-to-know: the document's case must be readable by the actor (otherwise the document answers as
  one that does not exist) and be one of the review's cases; the actor must work on the review
  (reviews.services.findings keeps its rules: membership, consent basis, reading not done, authorship);
- blind review: the passages on a page are shown through the findings' own visibility rule
  (storage.findings.visible_among), so other people's passages appear only after the viewer marked the
  reading of that case done;
- every citation, listing and agreement read is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reviews import clock
from reviews.analysis import passage_agreement as stats
from reviews.errors import NotFound, ValidationError
from reviews.models import User
from reviews.models.case_review import Code, Finding
from reviews.models.casefiles import Casefile, CasefilePage
from reviews.models.passages import PagePassages, PageRef, PassageRef
from reviews.services import access
from reviews.services import findings as findings_service
from reviews.services.audit import record, record_read
from reviews.services.cases import Saved
from reviews.services.kept import kept
from reviews.services.permissions import requires
from reviews.services.review_rules import member_access, viewer_of
from reviews.storage import casefiles as casefiles_repo
from reviews.storage import codebooks as codes_repo
from reviews.storage import findings as findings_repo
from reviews.storage import passages as repo

MAX_PASSAGE = findings_service.MAX_EXCERPT


@dataclass(frozen=True)
class _Cited:
    document: Casefile
    page: CasefilePage
    start: int
    end: int
    para_first: int
    para_last: int
    excerpt: str


def _document(cur, actor: User, document_id: int) -> Casefile:
    document = casefiles_repo.get_document(cur, int(document_id))
    if document is None or not access.can_read_case(cur, actor, document.case_id):
        raise NotFound(record="casefile", id=document_id)
    return document


def _paragraphs(page: CasefilePage) -> tuple[tuple[int, int], ...]:
    return page.paragraphs or ((0, len(page.text)),)


def _resolve(cur, actor: User, review_id: int, ref: PassageRef) -> _Cited:
    """The passage `ref` names, checked: a readable document of one of the review's cases, a page with text,
    a non-empty range inside it. The excerpt is cut here from the stored text."""
    member_access(cur, actor, review_id)
    document = _document(cur, actor, ref.document_id)
    if not findings_repo.case_in_review(cur, review_id, document.case_id):
        raise ValidationError("error.case_not_in_review")
    page = casefiles_repo.get_page(cur, document.id, int(ref.page_no))
    if page is None:
        raise NotFound(record="casefile_page", id=f"{document.id}/{ref.page_no}")
    if page.needs_ocr or not page.text.strip():
        raise ValidationError("passage.error.no_text")
    start, end, length = ref.start, ref.end, len(page.text)
    if (isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) or not isinstance(end, int)
            or not 0 <= start < end <= length):
        raise ValidationError("passage.error.out_of_range", length=length)
    while start < end and page.text[start].isspace():  # a selection's stray white space is not quoted
        start += 1
    while end > start and page.text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError("passage.error.empty")
    if end - start > MAX_PASSAGE:
        raise ValidationError("passage.error.too_long", max=MAX_PASSAGE)
    covered = [i for i, (a, b) in enumerate(_paragraphs(page)) if a < end and b > start]
    if not covered:  # only text between paragraphs: nothing the page shows as a paragraph
        raise ValidationError("passage.error.out_of_range", length=length)
    return _Cited(document, page, start, end, covered[0], covered[-1], page.text[start:end])


def _cite(actor: User, cited: _Cited):
    """The step run inside the finding's save: store the passage and log it in the same transaction."""

    def within(cur, finding: Finding) -> None:
        if finding.case_id != cited.document.case_id:
            raise ValidationError("passage.error.other_case")
        passage_id = repo.replace_for_finding(
            cur, finding.id, document_id=cited.document.id, page_no=cited.page.page_no, start=cited.start,
            end=cited.end, para_first=cited.para_first, para_last=cited.para_last, excerpt=cited.excerpt,
            now=clock.now())
        record(cur, actor, "create", record_type="finding_passage", record_id=passage_id,
               pseudonym=finding.pseudonym,
               details={"finding_id": finding.id, "document_id": cited.document.id, "page": cited.page.page_no,
                        "start": cited.start, "end": cited.end})

    return within


@requires("finding.write")
def code_passage(db, actor: User, review_id: int, ref: PassageRef, form: findings_service.FindingForm) -> Saved:
    """A new finding on the document's case that cites the passage; its excerpt is the passage's text."""
    cited = _resolve(db.cursor(), actor, review_id, ref)
    form = replace(form, excerpt=cited.excerpt, event_id=None)
    return findings_service.add_finding(db, actor, review_id, cited.document.case_id, form,
                                        within=_cite(actor, cited))


@requires("finding.write")
def recode_passage(db, actor: User, finding_id: int, expected_version: int, ref: PassageRef,
                   form: findings_service.FindingForm) -> Saved:
    """Save the actor's finding over `expected_version`, citing the passage instead of what it cited."""
    finding = findings_repo.get_finding(db.cursor(), finding_id)
    if finding is None:
        raise NotFound(record="finding", id=finding_id)
    cited = _resolve(db.cursor(), actor, finding.review_id, ref)
    if cited.document.case_id != finding.case_id:
        raise ValidationError("passage.error.other_case")
    form = replace(form, excerpt=cited.excerpt)
    return findings_service.update_finding(db, actor, finding_id, expected_version, form,
                                           within=_cite(actor, cited))


@requires("casefile.read")
def reading_document(db, actor: User, document_id: int, *, purpose: str = "") -> Casefile:
    """The document the reading view opens (by the id in its link); unreadable answers as missing. Logged."""
    cur = db.cursor()
    document = _document(cur, actor, document_id)
    pseudonym = findings_repo.pseudonyms(cur, [document.case_id]).get(document.case_id, "")
    record_read(db, actor, "read", record_type="casefile", record_id=document.id, pseudonym=pseudonym,
                purpose=purpose, details={"document": True})
    return document


@requires("finding.read")
def page_passages(db, actor: User, review_id: int, document_id: int, page_no: int) -> PagePassages:
    """The passages on one page cited by findings of the review that the actor may see, and their findings.
    Only this page's passages are read. Logged when the document's case is in the review."""
    cur = db.cursor()
    review, _ = member_access(cur, actor, review_id)
    document = _document(cur, actor, document_id)
    if not findings_repo.case_in_review(cur, review_id, document.case_id):
        return PagePassages([], {}, 0, False, False, findings_repo.pseudonyms(cur, [document.case_id]).get(
            document.case_id, ""))
    rows = repo.on_page(cur, review_id, document.id, int(page_no))
    visible = findings_repo.visible_among(cur, review_id, viewer_of(review, actor), {p.finding_id for p, _ in rows})
    shown = [p for p, _author in rows if p.finding_id in visible]
    hidden = len(rows) - len(shown)
    findings = {f.id: f for f in findings_repo.findings_by_ids(cur, visible)}
    done = findings_repo.reading_done(cur, review_id, document.case_id, actor.id)
    pseudonym = findings_repo.pseudonyms(cur, [document.case_id]).get(document.case_id, "")
    record_read(db, actor, "read", record_type="finding_passages",
                record_id=f"{review_id}/{document.id}/{page_no}", pseudonym=pseudonym,
                details={"shown": len(shown), "hidden": hidden})
    return PagePassages(shown, findings, hidden, done, True, pseudonym)


@requires("finding.read")
def page_refs(db, actor: User, review_id: int, finding_ids) -> dict[int, PageRef]:
    """Where the passages of those of `finding_ids` the actor may see are (document title, page), by finding,
    for the findings lists to link back to the reading view. Documents the actor may not read are left out."""
    cur = db.cursor()
    review, _ = member_access(cur, actor, review_id)
    visible = findings_repo.visible_among(cur, review_id, viewer_of(review, actor), finding_ids)
    refs = repo.refs_of_findings(cur, visible)
    readable = {case_id for case_id in {r[4] for r in refs} if access.can_read_case(cur, actor, case_id)}
    return {r[0]: PageRef(r[0], r[1], r[2], r[3]) for r in refs if r[4] in readable}


@dataclass(frozen=True)
class ReviewPassageAgreement:
    figures: stats.PassageAgreement
    codes: dict[int, Code]
    restricted: bool  # blind review: only the cases the viewer finished


@requires("agreement.read")
def passage_agreement(db, actor: User, review_id: int) -> ReviewPassageAgreement:
    """Agreement per code with passages (paragraphs) as units, over the cases the review may read; in a blind
    review a reviewer sees it only over the cases they finished themselves. Logged."""
    cur = db.cursor()
    review, _ = member_access(cur, actor, review_id)
    viewer = viewer_of(review, actor)

    def compute() -> tuple[stats.PassageAgreement, dict[int, Code]]:
        passages, readers = repo.agreement_rows(cur, review_id)
        cases = {case_id for case_id, _ in findings_repo.case_choices(cur, review_id)}  # a basis for reading
        if viewer is not None:
            cases &= findings_repo.done_cases(cur, review_id, viewer)
        passages = passages[passages["case_id"].isin(cases)]
        readers = readers[readers["case_id"].isin(cases)]
        return stats.compute(passages, readers), {c.id: c for c in codes_repo.all_codes(cur)}

    # Kept until a write (the page reruns on every click); the access check above and the logged read stay per call.
    figures, codes = kept(db, ("passages.agreement", review_id, viewer), compute)
    record_read(db, actor, "read", record_type="passage_agreement", record_id=review_id,
                details={"paragraphs": figures.paragraphs})
    return ReviewPassageAgreement(figures, codes, viewer is not None)
