"""Rules the case-review services share: who works on a review, what the blind rule hides, which codes a
finding or learning point may carry, and the records that answer "not found". Each takes the caller's
cursor and runs inside a guarded service call (they are not entry points of their own)."""

from __future__ import annotations

from reviews.errors import NotFound, PermissionDenied, ValidationError
from reviews.models import Discipline, Review, User
from reviews.models.case_review import Code, CodebookKind, LearningPoint
from reviews.models.minutes import ReviewMeeting
from reviews.storage import codebooks as codes_repo
from reviews.storage import findings as findings_repo
from reviews.storage import learning_points as learning_points_repo
from reviews.storage import meetings as meetings_repo


def review_or_404(cur, review_id: int) -> Review:
    review, _ = findings_repo.review_and_discipline(cur, review_id, 0)
    if review is None:
        raise NotFound(record="review", id=review_id)
    return review


def member_access(cur, actor: User, review_id: int) -> tuple[Review, Discipline]:
    """The review and the actor's discipline in it; refused unless a member or the review's chair."""
    review, discipline = findings_repo.review_and_discipline(cur, review_id, actor.id)
    if review is None:
        raise NotFound(record="review", id=review_id)
    if discipline is None:
        if review.chair_id != actor.id:
            raise PermissionDenied("error.not_member", review=review.name)
        return review, Discipline.OTHER
    return review, Discipline(discipline)


def viewer_of(review: Review, actor: User) -> int | None:
    """None when the actor sees every finding of the review; otherwise the actor's id for the blind rule."""
    return None if (not review.blind or review.chair_id == actor.id) else actor.id


def clean_codes(cur, code_ids, *, keep: tuple[int, ...] = ()) -> tuple[list[int], dict[int, Code]]:
    """Validated code ids: they exist, are taggable, and are not retired (unless the record already had them)."""
    ids = sorted({int(i) for i in code_ids or ()})
    codes = codes_repo.codes_by_ids(cur, ids)
    missing = [i for i in ids if i not in codes]
    if missing:
        raise ValidationError("error.code_unknown", ids=", ".join(map(str, missing)))
    polarity_books = {b.id for b in codes_repo.all_codebooks(cur) if b.kind == CodebookKind.POLARITY}
    for code in codes.values():
        if code.codebook_id in polarity_books:
            raise ValidationError("error.code_is_polarity", label=code.label)
        if code.retired and code.id not in keep:
            raise ValidationError("error.code_retired", label=code.label)
    return ids, codes


def learning_point_or_404(cur, lp_id: int) -> LearningPoint:
    lp = learning_points_repo.get_learning_point(cur, lp_id)
    if lp is None:
        raise NotFound(record="learning_point", id=lp_id)
    return lp


def meeting_or_404(cur, meeting_id: int) -> ReviewMeeting:
    meeting = meetings_repo.get_meeting(cur, meeting_id)
    if meeting is None:
        raise NotFound(record="meeting", id=meeting_id)
    return meeting
