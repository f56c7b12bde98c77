"""Findings: what a reviewer notes while reading a case of a review, on the case or on one timeline event.

Rules kept here (whatever calls them):
- only members of the review read or write its findings (the chair may act on any review);
- blind review: a reviewer sees others' findings on a case only after marking their own reading of that
  case done; the chair, who turns findings into learning points, sees all;
- marking a reading done is final and locks the reviewer's findings on that case, so the agreement
  figures compare independent readings;
- only the author edits or deletes a finding; a finding cited as evidence by a learning point is kept;
- a case is read and coded only when its selection records a basis: the family's consent, or the ombudsman's
  own-initiative investigation. Otherwise reading its findings, coding it and marking it done are refused (and
  the refusal logged), and its findings count in no search, matrix, figure or export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from reviews import clock
from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.exports.csv_exports import findings_csv
from reviews.models import Discipline, Page, Review, User
from reviews.models.case_review import Code, CodebookKind, Finding, Polarity, ReadingStatus
from reviews.services.audit import record, record_read
from reviews.services.cases import Saved
from reviews.services.permissions import requires
from reviews.services.review_rules import clean_codes, member_access, viewer_of
from reviews.services.reviews import no_basis, require_basis
from reviews.storage import cases as cases_repo
from reviews.storage import codebooks as codes_repo
from reviews.storage import findings as repo
from reviews.storage import passages as passages_repo
from reviews.storage import reviews as reviews_repo
from reviews.text import CleanText

MAX_EXCERPT = 10_000
PAGE_SIZES = (25, 50, 100)
MATRIX_PAGE_SIZE = 30


@dataclass(frozen=True)
class FindingForm:
    text: str
    code_ids: tuple[int, ...] = ()
    polarity: Polarity | str | None = None
    event_id: int | None = None
    excerpt: str = ""
    judgement: int | None = None


@dataclass(frozen=True)
class CaseFindings:
    findings: list[Finding]
    hidden: int  # others' findings not shown yet (blind review, own reading not done)
    done: bool  # the actor marked their reading of the case done
    blind: bool


@dataclass(frozen=True)
class MatrixData:
    per_code: pd.DataFrame  # code_id, cases, findings (over all cases of the review)
    cells: pd.DataFrame  # code_id, case_id, findings (this page of cases)
    page_cases: pd.DataFrame  # case_id, pseudonym
    codes: dict[int, Code]
    case_total: int
    page: int
    page_count: int
    restricted: bool  # blind review: others' findings only on cases the viewer finished
    filters: dict = field(default_factory=dict)


# --- access rules shared by the case-review services (private: not part of the guarded API) ----------


def _clean_form(form: FindingForm) -> tuple[FindingForm, int]:
    clean = CleanText()
    text = clean(form.text, "finding_text", required=True)
    excerpt = clean(form.excerpt, "excerpt", max_length=MAX_EXCERPT)
    if not form.code_ids:
        raise ValidationError("error.required", field="codes")
    try:
        polarity = Polarity(form.polarity)
    except ValueError:
        raise ValidationError("error.required", field="polarity") from None
    judgement = form.judgement
    if judgement is not None:
        if isinstance(judgement, bool) or not isinstance(judgement, int) or not 0 <= judgement <= 10:
            raise ValidationError("error.judgement_range")
    return FindingForm(text, tuple(form.code_ids), polarity, form.event_id, excerpt, judgement), clean.masked


def _coding_allowed(db, actor: User, review_id: int, case_id: int, attempt: str) -> None:
    """Before a write: refuse, and log the refusal, coding a case without a basis. Membership is checked first,
    so a non-member learns nothing about the case's consent."""
    member_access(db.cursor(), actor, review_id)
    require_basis(db, actor, review_id, case_id, attempt=attempt)


def _check_basis(cur, review_id: int, case_id: int) -> None:
    """Inside a write: the same refusal, for consent withdrawn since `_coding_allowed` ran."""
    selection = reviews_repo.get_review_case(cur, review_id, case_id)
    refusal = no_basis(selection) if selection is not None else None
    if refusal is not None:
        raise refusal


def _check_event(cur, case_id: int, event_id: int | None) -> None:
    if event_id is None:
        return
    event = cases_repo.get_event(cur, event_id)
    if event is None or event.case_id != case_id:
        raise ValidationError("error.event_not_in_case")


# --- reading ----------------------------------------------------------------------------------------


@requires("finding.read")
def my_reviews(db, actor: User) -> list[Review]:
    """The reviews whose findings the actor may read and write: those they are a member or the chair of."""
    return reviews_repo.reviews_of_member(db.cursor(), actor.id)


@dataclass(frozen=True)
class ReadingOverview:
    items: list[ReadingStatus]  # the matching cases, at most `limit`
    total: int  # cases in the review
    matching: int  # cases whose pseudonym matches the search
    done: int  # cases the actor has finished reading
    readable: int = 0  # cases the review may read (consent given, or the ombudsman's own initiative)


@requires("finding.read")
def reading_overview(db, actor: User, review_id: int, *, text: str | None = None,
                     limit: int | None = None) -> ReadingOverview:
    """The review's cases (natural order, optionally those whose pseudonym contains `text`, at most `limit`)
    with the actor's reading status and finding count, and the actor's progress."""
    cur = db.cursor()
    member_access(cur, actor, review_id)
    text = (text or "").strip()[:200] or None
    items, total, matching, done, readable = repo.reading_overview(cur, review_id, actor.id, text=text, limit=limit)
    return ReadingOverview(items, total, matching, done, readable)


@requires("finding.read")
def case_choices(db, actor: User, review_id: int) -> list[tuple[int, str]]:
    """(case id, pseudonym) of the review's cases it may read, for pickers."""
    cur = db.cursor()
    member_access(cur, actor, review_id)
    return repo.case_choices(cur, review_id)


@requires("finding.read")
def case_findings(db, actor: User, review_id: int, case_id: int) -> CaseFindings:
    """The findings on one case the actor may see. The read is logged; without a basis for reading the case
    (consent pending or refused) it is refused and the refusal logged."""
    cur = db.cursor()
    review, _ = member_access(cur, actor, review_id)
    if require_basis(db, actor, review_id, case_id, attempt="read") is None:
        raise NotFound(record="review_case", id=f"{review_id}/{case_id}")
    viewer = viewer_of(review, actor)
    findings = repo.findings_for_case(cur, review_id, case_id, viewer)
    hidden = repo.hidden_count(cur, review_id, case_id, actor.id) if viewer is not None else 0
    done = repo.reading_done(cur, review_id, case_id, actor.id)
    pseudonym = repo.pseudonyms(cur, [case_id]).get(case_id, "")
    record_read(db, actor, "read", record_type="findings", record_id=f"{review_id}/{case_id}",
                pseudonym=pseudonym, details={"shown": len(findings), "hidden": hidden})
    return CaseFindings(findings, hidden, done, review.blind)


@requires("finding.read")
def search_findings(db, actor: User, review_id: int, *, case_id: int | None = None, code_id: int | None = None,
                    polarities=None, disciplines=None, codebook_ids=None, page: int = 1,
                    page_size: int = 25) -> Page:
    """One page of the review's visible findings matching the filters. The search is logged."""
    if page_size not in PAGE_SIZES:
        page_size = PAGE_SIZES[0]
    cur = db.cursor()
    review, _ = member_access(cur, actor, review_id)
    filters = dict(case_id=case_id, code_id=code_id, polarities=list(polarities or []),
                   disciplines=list(disciplines or []), codebook_ids=list(codebook_ids or []))
    items, total = repo.search_findings(cur, review_id, viewer_of(review, actor), limit=page_size,
                                        offset=(max(page, 1) - 1) * page_size, **filters)
    criteria = {k: v for k, v in {**filters, "review_id": review_id, "page": page}.items() if v}
    db.write(lambda c: record(c, actor, "search", record_type="finding", details=criteria))
    return Page(items=items, total=total, page=page, page_size=page_size)


@requires("finding.read")
def matrix(db, actor: User, review_id: int, *, polarities=None, disciplines=None, codebook_ids=None,
           page: int = 1, page_size: int = MATRIX_PAGE_SIZE) -> MatrixData:
    """Codes x cases counts (aggregated in DuckDB) for one page of cases, and per code "seen in k of n"."""
    cur = db.cursor()
    review, _ = member_access(cur, actor, review_id)
    case_total = repo.review_case_count(cur, review_id)
    page_count = max(1, -(-case_total // page_size))
    page = min(max(page, 1), page_count)
    viewer = viewer_of(review, actor)
    per_code, cells, page_cases = repo.matrix(
        cur, review_id, viewer, polarities=polarities, disciplines=disciplines, codebook_ids=codebook_ids,
        case_limit=page_size, case_offset=(page - 1) * page_size)
    codes = {c.id: c for c in codes_repo.all_codes(cur)}
    filters = {k: v for k, v in dict(polarities=polarities, disciplines=disciplines,
                                     codebook_ids=codebook_ids).items() if v}
    record_read(db, actor, "read", record_type="finding_matrix", record_id=review_id,
                details={**filters, "page": page})
    return MatrixData(per_code, cells, page_cases, codes, case_total, page, page_count, viewer is not None,
                      filters)


@requires("review.export")
def export_findings_csv(db, actor: User, review_id: int, *, lang: str = "da", purpose: str = "") -> bytes:
    """The review's findings the actor may see, as CSV for Danish Excel. The export is logged."""
    cur = db.cursor()
    review, _ = member_access(cur, actor, review_id)
    frame = repo.export_frame(cur, review_id, viewer_of(review, actor))
    data = findings_csv(frame, review_name=review.name, lang=lang)
    db.write(lambda c: record(c, actor, "export", record_type="findings", record_id=review_id, purpose=purpose,
                              details={"review": review.name, "rows": len(frame)}))
    return data


# --- writing ----------------------------------------------------------------------------------------


def _writable(cur, actor: User, review_id: int, case_id: int) -> Discipline:
    _, discipline = member_access(cur, actor, review_id)
    if not repo.case_in_review(cur, review_id, case_id):
        raise ValidationError("error.case_not_in_review")
    _check_basis(cur, review_id, case_id)
    if repo.reading_done(cur, review_id, case_id, actor.id):
        raise ValidationError("error.reading_done")
    return discipline


# Run inside the save's transaction with the saved finding (reviews.services.passages cites its passage so).
WithinSave = Callable[[object, Finding], None]


@requires("finding.write")
def add_finding(db, actor: User, review_id: int, case_id: int, form: FindingForm, *,
                within: WithinSave | None = None) -> Saved:
    form, masked = _clean_form(form)
    _coding_allowed(db, actor, review_id, case_id, "create")

    def work(cur):
        discipline = _writable(cur, actor, review_id, case_id)
        _check_event(cur, case_id, form.event_id)
        code_ids, _ = clean_codes(cur, form.code_ids)
        finding_id = repo.insert_finding(
            cur, review_id=review_id, case_id=case_id, event_id=form.event_id, author_id=actor.id,
            discipline=discipline, text=form.text, excerpt=form.excerpt, polarity=form.polarity,
            judgement=form.judgement, now=clock.now())
        repo.set_codes(cur, finding_id, code_ids)
        finding = repo.get_finding(cur, finding_id)
        record(cur, actor, "create", record_type="finding", record_id=finding_id, pseudonym=finding.pseudonym,
               details={"review_id": review_id, "codes": code_ids, "polarity": form.polarity.value,
                        **({"masked_cpr": masked} if masked else {})})
        if within is not None:
            within(cur, finding)
            finding = repo.get_finding(cur, finding_id)
        return finding

    return Saved(db.write(work), masked)


def _own_finding(cur, actor: User, finding_id: int) -> Finding:
    finding = repo.get_finding(cur, finding_id)
    if finding is None:
        raise NotFound(record="finding", id=finding_id)
    member_access(cur, actor, finding.review_id)
    if finding.author_id != actor.id:
        raise PermissionDenied("error.not_author")
    _check_basis(cur, finding.review_id, finding.case_id)
    if repo.reading_done(cur, finding.review_id, finding.case_id, actor.id):
        raise ValidationError("error.reading_done")
    return finding


def _finding_coding_allowed(db, actor: User, finding_id: int, attempt: str) -> None:
    finding = repo.get_finding(db.cursor(), finding_id)
    if finding is not None:  # a missing finding is reported inside the write
        _coding_allowed(db, actor, finding.review_id, finding.case_id, attempt)


@requires("finding.write")
def update_finding(db, actor: User, finding_id: int, expected_version: int, form: FindingForm, *,
                   within: WithinSave | None = None) -> Saved:
    """Save over version `expected_version`; a newer stored version raises StaleVersion with it. A finding
    that cites a passage keeps the passage's text as its excerpt (unless `within` cites a new one)."""
    form, masked = _clean_form(form)
    _finding_coding_allowed(db, actor, finding_id, "change")

    def work(cur):
        current = _own_finding(cur, actor, finding_id)
        _check_event(cur, current.case_id, form.event_id)
        code_ids, _ = clean_codes(cur, form.code_ids, keep=current.code_ids)
        cited = passages_repo.of_finding(cur, finding_id) if within is None else None
        excerpt = form.excerpt if cited is None else current.excerpt  # the passage's text, never retyped
        if not repo.update_finding(cur, finding_id, expected_version, event_id=form.event_id, text=form.text,
                                   excerpt=excerpt, polarity=form.polarity, judgement=form.judgement,
                                   now=clock.now()):
            raise StaleVersion(current)
        repo.set_codes(cur, finding_id, code_ids)
        if within is not None:
            within(cur, repo.get_finding(cur, finding_id))
        saved = repo.get_finding(cur, finding_id)
        changed = [f for f in ("event_id", "text", "excerpt", "polarity", "judgement", "code_ids")
                   if getattr(current, f) != getattr(saved, f)]
        record(cur, actor, "change", record_type="finding", record_id=finding_id, pseudonym=saved.pseudonym,
               details={"fields": changed, "version": saved.version, **({"masked_cpr": masked} if masked else {})})
        return saved

    return Saved(db.write(work), masked)


@requires("finding.write")
def delete_finding(db, actor: User, finding_id: int, expected_version: int) -> None:
    _finding_coding_allowed(db, actor, finding_id, "delete")

    def work(cur):
        current = _own_finding(cur, actor, finding_id)
        if current.version != expected_version:
            raise StaleVersion(current)
        cited = repo.evidence_users(cur, finding_id)
        if cited:
            raise ValidationError("error.finding_is_evidence", count=len(cited))
        passages_repo.delete_for_finding(cur, finding_id)
        repo.delete_finding(cur, finding_id)
        record(cur, actor, "delete", record_type="finding", record_id=finding_id, pseudonym=current.pseudonym)

    db.write(work)


@requires("finding.write")
def mark_reading_done(db, actor: User, review_id: int, case_id: int) -> bool:
    """Mark the actor's reading of the case done (final). Returns False when it already was."""
    _coding_allowed(db, actor, review_id, case_id, "change")

    def work(cur):
        member_access(cur, actor, review_id)
        if not repo.case_in_review(cur, review_id, case_id):
            raise ValidationError("error.case_not_in_review")
        _check_basis(cur, review_id, case_id)
        if repo.reading_done(cur, review_id, case_id, actor.id):
            return False
        repo.mark_done(cur, review_id, case_id, actor.id, clock.now())
        record(cur, actor, "change", record_type="reading", record_id=f"{review_id}/{case_id}",
               pseudonym=repo.pseudonyms(cur, [case_id]).get(case_id, ""), details={"done": True})
        return True

    return db.write(work)


@requires("finding.read")
def taggable_codes(db, actor: User) -> list[Code]:
    """Codes offered for new findings and learning points (not retired, not the polarity scale)."""
    cur = db.cursor()
    polarity_books = {b.id for b in codes_repo.all_codebooks(cur) if b.kind == CodebookKind.POLARITY}
    return [c for c in codes_repo.all_codes(cur) if not c.retired and c.codebook_id not in polarity_books]
