"""Reviews (gennemgange): mandate, members with their disciplines, and the cases selected into them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews import clock
from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.models import Consent, Discipline, Nomination, Review, ReviewCase, ReviewMember, User
from reviews.services.audit import record, record_read
from reviews.services.permissions import allowed, requires
from reviews.storage import cases as cases_repo
from reviews.storage import reviews as reviews_repo
from reviews.storage import users as users_repo
from reviews.text import CleanText


@dataclass(frozen=True)
class ReviewDetail:
    review: Review
    members: list[ReviewMember]
    cases: list[ReviewCase]
    chair_name: str = ""


@dataclass(frozen=True)
class ReviewForm:
    name: str
    mandate: str = ""
    deadline: dt.date | None = None
    blind: bool = False
    closed_on: dt.date | None = None  # set when the review ends; retention counts from it


@dataclass(frozen=True)
class SelectionForm:
    nominated_by: Nomination
    rationale: str = ""
    consent: Consent = Consent.PENDING
    consent_date: dt.date | None = None
    consent_scope: str = ""


def _clean_review(form: ReviewForm) -> ReviewForm:
    clean = CleanText()
    return ReviewForm(clean(form.name, "name", required=True, max_length=200), clean(form.mandate, "mandate"),
                      form.deadline, bool(form.blind), form.closed_on)


def _clean_selection(form: SelectionForm) -> SelectionForm:
    clean = CleanText()
    consent = Consent(form.consent)
    if consent != Consent.PENDING and form.consent_date is None:
        raise ValidationError("error.consent_date_required")
    return SelectionForm(Nomination(form.nominated_by), clean(form.rationale, "rationale"), consent,
                         form.consent_date, clean(form.consent_scope, "consent_scope", max_length=2000))


def _require_review(cur, review_id: int) -> Review:
    review = reviews_repo.get_review(cur, review_id)
    if review is None:
        raise NotFound(record="review", id=review_id)
    return review


def _require_chair(cur, actor: User, review_id: int) -> Review:
    """The review, when the actor chairs it: only its chair manages a review."""
    review = _require_review(cur, review_id)
    if review.chair_id != actor.id:
        raise PermissionDenied("error.not_chair", review=review.name)
    return review




# --- the basis for reading and coding a selected case (shared by the case-review services) ---------------

_NO_BASIS = {Consent.PENDING: "error.consent_pending", Consent.REFUSED: "error.consent_refused"}


def no_basis(selection: ReviewCase) -> PermissionDenied | None:
    """The refusal for a selection that records no basis for reading or coding its case in the review: the
    family's consent is pending or refused, and the ombudsman has not taken the case up on own initiative."""
    if selection.basis is not None:
        return None
    return PermissionDenied(_NO_BASIS[selection.consent], pseudonym=selection.pseudonym)


def require_basis(db, actor: User, review_id: int, case_id: int, *, attempt: str) -> ReviewCase | None:
    """Refuse reading or coding a case of the review without a basis, and log the refusal (its own
    transaction: the refusal is kept although nothing else happens). `attempt` is what was refused: read,
    create, change, delete. Returns the selection; None when the case is not in the review (the caller
    decides what that means)."""
    selection = reviews_repo.get_review_case(db.cursor(), review_id, case_id)
    if selection is None:
        return None
    refusal = no_basis(selection)
    if refusal is not None:
        db.write(lambda cur: record(cur, actor, "refused", record_type="review_case",
                                    record_id=f"{review_id}/{case_id}", pseudonym=selection.pseudonym,
                                    details={"attempt": attempt, "consent": selection.consent.value,
                                             "nominated_by": selection.nominated_by.value}), bookkeeping=True)
        raise refusal
    return selection


@requires("review.read")
def list_reviews(db, actor: User) -> list[Review]:
    return reviews_repo.all_reviews(db.cursor())


@requires("review.read")
def get_review(db, actor: User, review_id: int) -> ReviewDetail:
    cur = db.cursor()
    review = _require_review(cur, review_id)
    # Which cases were chosen, why, and the families' consent are case material: only for the review's
    # chair and members. Others see the count (review.case_count).
    members = reviews_repo.members(cur, review_id)
    works_on = allowed(actor, "case.read") and (
        review.chair_id == actor.id or any(m.user_id == actor.id for m in members))
    selected = reviews_repo.review_cases(cur, review_id) if works_on else []
    chair = users_repo.by_id(cur, review.chair_id) if review.chair_id else None
    detail = ReviewDetail(review, members, selected, chair.full_name if chair else "")
    record_read(db, actor, "read", record_type="review", record_id=review_id)
    return detail


@requires("review.read")
def find_review(db, actor: User, name: str) -> Review:
    review = reviews_repo.get_review_by_name(db.cursor(), name.strip())
    if review is None:
        raise NotFound(record="review", name=name)
    return review


@requires("review.manage")
def create_review(db, actor: User, form: ReviewForm) -> Review:
    form = _clean_review(form)

    def work(cur):
        if reviews_repo.get_review_by_name(cur, form.name):
            raise ValidationError("error.review_name_taken", name=form.name)
        # Whoever creates a review chairs it, until they hand it over (set_chair).
        review_id = reviews_repo.insert_review(cur, name=form.name, mandate=form.mandate, deadline=form.deadline,
                                               blind=form.blind, now=clock.now(),
                                               closed_on=form.closed_on, chair_id=actor.id)
        record(cur, actor, "create", record_type="review", record_id=review_id)
        return reviews_repo.get_review(cur, review_id)

    return db.write(work)


@requires("review.manage")
def update_review(db, actor: User, review_id: int, expected_version: int, form: ReviewForm) -> Review:
    form = _clean_review(form)

    def work(cur):
        current = _require_chair(cur, actor, review_id)
        other = reviews_repo.get_review_by_name(cur, form.name)
        if other and other.id != review_id:
            raise ValidationError("error.review_name_taken", name=form.name)
        if not reviews_repo.update_review(cur, review_id, expected_version, name=form.name, mandate=form.mandate,
                                          deadline=form.deadline, blind=form.blind, closed_on=form.closed_on):
            raise StaleVersion(current)
        record(cur, actor, "change", record_type="review", record_id=review_id)
        return reviews_repo.get_review(cur, review_id)

    return db.write(work)


@requires("review.manage")
def set_member(db, actor: User, review_id: int, user_id: int, discipline: Discipline) -> None:
    discipline = Discipline(discipline)

    def work(cur):
        _require_chair(cur, actor, review_id)
        if users_repo.by_id(cur, user_id) is None:
            raise NotFound(record="user", id=user_id)
        reviews_repo.upsert_member(cur, review_id, user_id, discipline)
        record(cur, actor, "change", record_type="review_member", record_id=f"{review_id}/{user_id}",
               details={"discipline": discipline.value})

    db.write(work)


@requires("review.manage")
def remove_member(db, actor: User, review_id: int, user_id: int) -> None:
    def work(cur):
        _require_chair(cur, actor, review_id)
        reviews_repo.remove_member(cur, review_id, user_id)
        record(cur, actor, "delete", record_type="review_member", record_id=f"{review_id}/{user_id}")

    db.write(work)


@requires("review.read")
def member_users(db, actor: User) -> list[User]:
    """Accounts that can be made members (active, not readers)."""
    return [u for u in users_repo.all_users(db.cursor()) if u.active and u.role.value != "reader"]


@requires("review.manage")
def select_case(db, actor: User, review_id: int, case_id: int, form: SelectionForm) -> None:
    form = _clean_selection(form)

    def work(cur):
        _require_chair(cur, actor, review_id)
        case = cases_repo.get_case(cur, case_id)
        if case is None:
            raise NotFound(record="case", id=case_id)
        if reviews_repo.get_review_case(cur, review_id, case_id):
            raise ValidationError("error.case_already_selected", pseudonym=case.pseudonym)
        reviews_repo.insert_review_case(cur, review_id=review_id, case_id=case_id, nominated_by=form.nominated_by,
                                        rationale=form.rationale, consent=form.consent,
                                        consent_date=form.consent_date, consent_scope=form.consent_scope)
        record(cur, actor, "create", record_type="review_case", record_id=f"{review_id}/{case_id}",
               pseudonym=case.pseudonym, details={"nominated_by": form.nominated_by.value,
                                                  "consent": form.consent.value})

    db.write(work)


@requires("review.manage")
def update_selection(db, actor: User, review_id: int, case_id: int, expected_version: int,
                     form: SelectionForm) -> None:
    form = _clean_selection(form)

    def work(cur):
        _require_chair(cur, actor, review_id)
        current = reviews_repo.get_review_case(cur, review_id, case_id)
        if current is None:
            raise NotFound(record="review_case", id=f"{review_id}/{case_id}")
        if not reviews_repo.update_review_case(cur, review_id, case_id, expected_version,
                                               nominated_by=form.nominated_by, rationale=form.rationale,
                                               consent=form.consent, consent_date=form.consent_date,
                                               consent_scope=form.consent_scope):
            raise StaleVersion(current)
        record(cur, actor, "change", record_type="review_case", record_id=f"{review_id}/{case_id}",
               pseudonym=current.pseudonym, details={"consent": form.consent.value})

    db.write(work)


@requires("review.manage")
def remove_case(db, actor: User, review_id: int, case_id: int) -> None:
    def work(cur):
        _require_chair(cur, actor, review_id)
        current = reviews_repo.get_review_case(cur, review_id, case_id)
        if current is None:
            raise NotFound(record="review_case", id=f"{review_id}/{case_id}")
        reviews_repo.remove_review_case(cur, review_id, case_id)
        record(cur, actor, "delete", record_type="review_case", record_id=f"{review_id}/{case_id}",
               pseudonym=current.pseudonym)

    db.write(work)


@requires("review.manage")
def set_chair(db, actor: User, review_id: int, user_id: int) -> None:
    """Hand the review over to another chair (a user with the chair or ombudsman role)."""

    def work(cur):
        _require_chair(cur, actor, review_id)
        user = users_repo.by_id(cur, user_id)
        if user is None or not user.active or not allowed(user, "review.manage"):
            raise ValidationError("error.chair_role")
        reviews_repo.set_chair(cur, review_id, user_id)
        record(cur, actor, "change", record_type="review", record_id=review_id, details={"chair_id": user_id})

    db.write(work)


@requires("review.manage")
def chair_candidates(db, actor: User) -> list[User]:
    """Active users who may chair a review."""
    return [u for u in users_repo.all_users(db.cursor()) if u.active and allowed(u, "review.manage")]


@dataclass(frozen=True)
class CaseChoice:
    """A case to select into a review, by its pseudonym only: no case content before it is selected."""

    id: int
    pseudonym: str


@requires("review.manage")
def find_case_to_select(db, actor: User, review_id: int, pseudonym: str) -> CaseChoice:
    """The case with exactly this pseudonym, for the review's chair to select (the families and the
    committee name their cases by pseudonym). Logged as a search."""
    pseudonym = (pseudonym or "").strip()[:200]
    if not pseudonym:
        raise ValidationError("error.required", field="pseudonym")
    cur = db.cursor()
    _require_chair(cur, actor, review_id)
    case = cases_repo.get_case_by_pseudonym(cur, pseudonym)
    db.write(lambda c: record(c, actor, "search", record_type="case", details={"pseudonym": pseudonym,
                                                                               "review_id": review_id}))
    if case is None:
        raise ValidationError("access.error.no_such_case", pseudonym=pseudonym)
    return CaseChoice(case.id, case.pseudonym)
