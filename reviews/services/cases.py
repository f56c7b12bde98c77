"""Case register use cases: search, read, create, edit, and the timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews import clock
from reviews.errors import NotFound, StaleVersion, ValidationError
from reviews.models import Case, CaseStatus, EventType, Page, TimelineEvent, User
from reviews.models.casefiles import Casefile, timeline_of
from reviews.services import access
from reviews.services.audit import record, record_read
from reviews.services.permissions import allowed, requires
from reviews.services.reviews import require_basis
from reviews.storage import casefiles as casefiles_repo
from reviews.storage import cases as cases_repo
from reviews.storage import reviews as reviews_repo
from reviews.text import CleanText

PAGE_SIZES = (25, 50, 100)
MAX_PSEUDONYM = 80


@dataclass(frozen=True)
class Saved:
    """A saved record and how many CPR numbers were masked on the way in."""

    record: object
    masked_cpr: int = 0


@dataclass(frozen=True)
class CaseDetail:
    case: Case
    events: list[TimelineEvent]
    reviews: list[tuple[int, str]]
    # The case file's documents, for those whose work includes reading them (casefile.read); else empty.
    documents: tuple[Casefile, ...] = ()

    @property
    def timeline(self) -> list[TimelineEvent | Casefile]:
        """Events and documents by date, oldest first; a document without a date comes last."""
        return timeline_of(self.events, self.documents)


@dataclass(frozen=True)
class CaseForm:
    pseudonym: str
    area: str = ""
    opened: dt.date | None = None
    closed: dt.date | None = None
    status: CaseStatus = CaseStatus.OPEN
    summary: str = ""


def _clean_case(form: CaseForm) -> tuple[CaseForm, int]:
    clean = CleanText()
    pseudonym = clean(form.pseudonym, "pseudonym", required=True, max_length=MAX_PSEUDONYM)
    if clean.masked:
        # A pseudonym that is a CPR number would be stored masked and identify nobody.
        raise ValidationError("error.pseudonym_is_cpr")
    area = clean(form.area, "area", max_length=200)
    summary = clean(form.summary, "summary")
    if form.opened and form.closed and form.closed < form.opened:
        raise ValidationError("error.closed_before_opened")
    status = CaseStatus(form.status)
    return CaseForm(pseudonym, area, form.opened, form.closed, status, summary), clean.masked


@requires("case.read")
def search_cases(db, actor: User, *, text: str | None = None, area: str | None = None,
                 status: CaseStatus | None = None, opened_from: dt.date | None = None,
                 opened_to: dt.date | None = None, review_id: int | None = None, sort: str = "pseudonym",
                 page: int = 1, page_size: int = 25) -> Page:
    """One page of the matching cases the actor may read. The search and its criteria are logged."""
    if page_size not in PAGE_SIZES:
        page_size = PAGE_SIZES[0]
    text = (text or "").strip()[:200] or None
    cases, total = cases_repo.search_cases(
        db.cursor(), text=text, area=area or None, status=status, opened_from=opened_from, opened_to=opened_to,
        review_id=review_id, scope=access.case_scope(actor), sort=sort, limit=page_size,
        offset=(max(page, 1) - 1) * page_size)
    criteria = {k: v for k, v in dict(text=text, area=area, status=status, opened_from=opened_from,
                                      opened_to=opened_to, review_id=review_id, page=page).items() if v}
    db.write(lambda cur: record(cur, actor, "search", record_type="case", details=criteria), bookkeeping=True)
    return Page(items=cases, total=total, page=page, page_size=page_size)


@requires("case.read")
def get_case(db, actor: User, case_id: int, *, purpose: str = "", review_id: int | None = None) -> CaseDetail:
    """The case with its timeline. Reading it is logged with the pseudonym and purpose.

    `review_id`: read for that review. The case must be selected into it, and the selection must record a
    basis (the family's consent, or the ombudsman's own-initiative investigation); without one the read is
    refused (PermissionDenied "error.consent_pending"/"error.consent_refused") and the refusal logged."""
    cur = db.cursor()
    case = cases_repo.get_case(cur, case_id)
    if case is None:
        raise NotFound(record="case", id=case_id)
    # For a review: its chair and members learn why a selected case cannot be read (the consent); for
    # everyone else a case outside their work is answered as a missing one, and the attempt logged.
    if review_id is not None and access.works_on_review(cur, actor, review_id):
        if require_basis(db, actor, review_id, case_id, attempt="read") is None:
            raise NotFound(record="review_case", id=f"{review_id}/{case_id}")
    elif not access.can_read_case(cur, actor, case_id):
        db.write(lambda c: record(c, actor, "refused", record_type="case", record_id=case_id,
                                  details={"attempt": "read"}))
        raise NotFound(record="case", id=case_id)
    # The titles of the case file follow the case files' own rule: the role reads case files, and the case is
    # readable by need-to-know (a consent basis for a review alone opens the timeline, not the documents).
    documents = (tuple(casefiles_repo.documents_of_case(cur, case_id))
                 if allowed(actor, "casefile.read") and access.can_read_case(cur, actor, case_id) else ())
    detail = CaseDetail(case, cases_repo.events_for_case(cur, case_id), reviews_repo.reviews_of_case(cur, case_id),
                        documents)
    record_read(db, actor, "read", record_type="case", record_id=case_id,
                pseudonym=case.pseudonym, purpose=purpose,
                details={k: v for k, v in (("review_id", review_id),
                                           ("documents", len(documents))) if v} or None)
    return detail


@requires("case.read")
def list_areas(db, actor: User) -> list[str]:
    return cases_repo.distinct_areas(db.cursor())


@requires("case.write")
def create_case(db, actor: User, form: CaseForm) -> Saved:
    form, masked = _clean_case(form)

    def work(cur):
        if cases_repo.get_case_by_pseudonym(cur, form.pseudonym):
            raise ValidationError("error.pseudonym_taken", pseudonym=form.pseudonym)
        case = cases_repo.insert_case(cur, pseudonym=form.pseudonym, area=form.area, opened=form.opened,
                                      closed=form.closed, status=form.status, summary=form.summary,
                                      user_id=actor.id, now=clock.now())
        record(cur, actor, "create", record_type="case", record_id=case.id, pseudonym=case.pseudonym,
               details={"masked_cpr": masked} if masked else None)
        return case

    return Saved(db.write(work), masked)


@requires("case.write")
def update_case(db, actor: User, case_id: int, expected_version: int, form: CaseForm) -> Saved:
    """Save over version `expected_version`; a newer stored version raises StaleVersion with it."""
    form, masked = _clean_case(form)

    def work(cur):
        current = cases_repo.get_case(cur, case_id)
        if current is None:
            raise NotFound(record="case", id=case_id)
        access.require_readable(cur, actor, case_id)
        other = cases_repo.get_case_by_pseudonym(cur, form.pseudonym)
        if other and other.id != case_id:
            raise ValidationError("error.pseudonym_taken", pseudonym=form.pseudonym)
        saved = cases_repo.update_case(cur, case_id, expected_version, pseudonym=form.pseudonym, area=form.area,
                                       opened=form.opened, closed=form.closed, status=form.status,
                                       summary=form.summary, user_id=actor.id, now=clock.now())
        if saved is None:
            raise StaleVersion(current)
        changed = [f for f in ("pseudonym", "area", "opened", "closed", "status", "summary")
                   if getattr(current, f) != getattr(saved, f)]
        record(cur, actor, "change", record_type="case", record_id=case_id, pseudonym=saved.pseudonym,
               details={"fields": changed, "version": saved.version, **({"masked_cpr": masked} if masked else {})})
        return saved

    return Saved(db.write(work), masked)


def _clean_event(event_date, event_type, text) -> tuple[dt.date, EventType, str, int]:
    if not isinstance(event_date, dt.date):
        raise ValidationError("error.required", field="event_date")
    try:
        event_type = EventType(event_type)
    except ValueError:
        raise ValidationError("error.bad_event_type", value=str(event_type)) from None
    clean = CleanText()
    text = clean(text, "text", required=True)
    return event_date, event_type, text, clean.masked


@requires("case.write")
def add_event(db, actor: User, case_id: int, *, event_date: dt.date, event_type: EventType, text: str) -> Saved:
    event_date, event_type, text, masked = _clean_event(event_date, event_type, text)

    def work(cur):
        case = cases_repo.get_case(cur, case_id)
        if case is None:
            raise NotFound(record="case", id=case_id)
        access.require_readable(cur, actor, case_id)
        event = cases_repo.insert_event(cur, case_id=case_id, event_date=event_date, event_type=event_type,
                                        text=text, user_id=actor.id, now=clock.now())
        record(cur, actor, "create", record_type="timeline_event", record_id=event.id, pseudonym=case.pseudonym)
        return event

    return Saved(db.write(work), masked)


@requires("case.write")
def update_event(db, actor: User, event_id: int, expected_version: int, *, event_date: dt.date,
                 event_type: EventType, text: str) -> Saved:
    event_date, event_type, text, masked = _clean_event(event_date, event_type, text)

    def work(cur):
        current = cases_repo.get_event(cur, event_id)
        if current is None or not access.can_read_case(cur, actor, current.case_id):
            raise NotFound(record="timeline_event", id=event_id)
        saved = cases_repo.update_event(cur, event_id, expected_version, event_date=event_date,
                                        event_type=event_type, text=text)
        if saved is None:
            raise StaleVersion(current)
        case = cases_repo.get_case(cur, current.case_id)
        record(cur, actor, "change", record_type="timeline_event", record_id=event_id, pseudonym=case.pseudonym)
        return saved

    return Saved(db.write(work), masked)


@requires("case.write")
def delete_event(db, actor: User, event_id: int, expected_version: int) -> None:
    def work(cur):
        current = cases_repo.get_event(cur, event_id)
        if current is None or not access.can_read_case(cur, actor, current.case_id):
            raise NotFound(record="timeline_event", id=event_id)
        if current.version != expected_version:
            raise StaleVersion(current)
        case = cases_repo.get_case(cur, current.case_id)
        cases_repo.delete_event(cur, event_id)
        record(cur, actor, "delete", record_type="timeline_event", record_id=event_id, pseudonym=case.pseudonym)

    db.write(work)
