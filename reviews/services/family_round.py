"""The family round: draft learning points discussed with representatives of the families. Each
representative's response is recorded under a pseudonym ("Repræsentant A"), and the agreed wording that
came out of the round is saved as a new version of the learning point."""

from __future__ import annotations

import datetime as dt

from reviews import clock
from reviews.errors import NotFound, ValidationError
from reviews.models import User
from reviews.models.case_review import FamilyResponse, FamilyStance, LearningPoint, LearningPointStatus
from reviews.services.audit import record
from reviews.services.cases import Saved
from reviews.services.learning_points import EDITABLE_BY_FAMILY_ROUND, save_version
from reviews.services.review_rules import learning_point_or_404, member_access
from reviews.services.permissions import requires
from reviews.storage import learning_points as repo
from reviews.text import CleanText

MAX_REPRESENTATIVE = 80


@requires("learning_point.read")
def responses(db, actor: User, lp_id: int) -> list[FamilyResponse]:
    cur = db.cursor()
    learning_point_or_404(cur, lp_id)
    return repo.responses(cur, lp_id)


@requires("family_round.write")
def add_response(db, actor: User, lp_id: int, *, representative: str, response_date: dt.date,
                 stance: FamilyStance, comment: str = "") -> Saved:
    """Record one representative's response to a learning point under discussion."""
    clean = CleanText()
    representative = clean(representative, "representative", required=True, max_length=MAX_REPRESENTATIVE)
    if clean.masked:
        raise ValidationError("error.representative_is_cpr")
    comment = clean(comment, "family_comment")
    if not isinstance(response_date, dt.date):
        raise ValidationError("error.required", field="response_date")
    if response_date > clock.today():
        raise ValidationError("error.date_in_future")
    try:
        stance = FamilyStance(stance)
    except ValueError:
        raise ValidationError("error.required", field="stance") from None

    def work(cur):
        lp = learning_point_or_404(cur, lp_id)
        member_access(cur, actor, lp.review_id)
        if lp.status != LearningPointStatus.IN_DISCUSSION:
            raise ValidationError("error.family_round_closed")
        response_id = repo.insert_response(cur, lp_id=lp_id, representative=representative,
                                           response_date=response_date, stance=stance, comment=comment,
                                           user_id=actor.id, now=clock.now())
        record(cur, actor, "create", record_type="family_response", record_id=response_id,
               details={"learning_point_id": lp_id, "stance": stance.value,
                        **({"masked_cpr": clean.masked} if clean.masked else {})})
        return repo.get_response(cur, response_id)

    return Saved(db.write(work), clean.masked)


@requires("family_round.write")
def delete_response(db, actor: User, response_id: int) -> None:
    """Remove a response recorded by mistake (only while the learning point is under discussion)."""

    def work(cur):
        response = repo.get_response(cur, response_id)
        if response is None:
            raise NotFound(record="family_response", id=response_id)
        lp = learning_point_or_404(cur, response.learning_point_id)
        member_access(cur, actor, lp.review_id)
        if lp.status != LearningPointStatus.IN_DISCUSSION:
            raise ValidationError("error.family_round_closed")
        repo.delete_response(cur, response_id)
        record(cur, actor, "delete", record_type="family_response", record_id=response_id,
               details={"learning_point_id": lp.id})

    db.write(work)


@requires("family_round.write")
def set_agreed_wording(db, actor: User, lp_id: int, expected_version: int, wording: str) -> Saved:
    """Save the wording agreed in the family round as a new version of the learning point."""
    clean = CleanText()
    wording = clean(wording, "agreed_wording")

    def work(cur):
        current: LearningPoint = learning_point_or_404(cur, lp_id)
        member_access(cur, actor, current.review_id)
        if current.status not in EDITABLE_BY_FAMILY_ROUND:
            raise ValidationError("error.family_round_closed")
        saved = save_version(cur, actor, current, expected_version, agreed_wording=wording)
        record(cur, actor, "change", record_type="learning_point", record_id=lp_id,
               details={"fields": ["agreed_wording"], "version": saved.version,
                        **({"masked_cpr": clean.masked} if clean.masked else {})})
        return saved

    return Saved(db.write(work), clean.masked)
