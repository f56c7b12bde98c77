"""Meetings of a review and their minutes.

A review has meetings: the task force's own, meetings with the families' representatives (the family
round), and the committee item. A meeting has a plan (time, place or video link, purpose), attendees and
absences, agenda items in the Danish committee structure (resumé, indstilling, sagsfremstilling,
beslutning) with the minutes of each item, the learning points discussed under an item, and agreements.

Minutes lifecycle: draft -> approved by the chair -> locked.
- Only a draft can be edited (plan, items, attendees, agreements, links).
- Approving (chair) freezes the minutes: the content, with the learning points as they read at that moment,
  is stored as version N, and that copy is what the committee receives.
- A correction after approval starts version N+1 as a draft; version N is kept and can still be exported.
- Locking (chair) ends corrections for good.
- Approving and locking are refused before the meeting date (local, Copenhagen): minutes of a meeting not yet
  held cannot be approved.
Every change bumps the meeting's version, so an approval over an outdated view is refused as stale.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reviews import clock
from reviews.errors import NotFound, StaleVersion, ValidationError
from reviews.models import User
from reviews.models.case_review import FamilyStance
from reviews.models.minutes import (
    Attendee,
    AttendeeStatus,
    MeetingAgreement,
    MeetingItem,
    MeetingKind,
    MinutesStatus,
    MinutesVersion,
    ReviewMeeting,
)
from reviews.models.minutes_content import (
    ActionEntry,
    AgreementEntry,
    AttendeeEntry,
    CaseEntry,
    EvidenceEntry,
    ItemEntry,
    LearningPointEntry,
    MinutesContent,
    content_to_json,
)
from reviews.services.audit import record, record_read
from reviews.services.cases import Saved
from reviews.services.kept import kept
from reviews.services.permissions import requires
from reviews.services.review_rules import meeting_or_404
from reviews.storage import action_plan as actions_repo
from reviews.storage import casefiles as casefiles_repo
from reviews.storage import codebooks as codes_repo
from reviews.storage import findings as findings_repo
from reviews.storage import learning_points as lp_repo
from reviews.storage import meetings as repo
from reviews.storage import passages as passages_repo
from reviews.storage import reviews as reviews_repo
from reviews.text import CleanText

MAX_TITLE = 300
MAX_SHORT = 200
MAX_NAME = 120
MAX_DURATION = 24 * 60
ALL_ROWS = 100_000  # "every action of the review" for the action plan table
_LINK = re.compile(r"^https://[^\s<>\"']+$")


@dataclass(frozen=True)
class MeetingForm:
    kind: MeetingKind | str
    title: str
    starts_at: dt.datetime | None = None  # aware, or naive UTC
    duration_minutes: int | None = None
    place: str = ""
    video_link: str = ""
    purpose: str = ""
    committee: str = ""
    committee_item: str = ""


@dataclass(frozen=True)
class ItemForm:
    title: str
    resume: str = ""
    recommendation: str = ""
    account: str = ""
    minutes: str = ""
    decision: str = ""


@dataclass(frozen=True)
class AttendeeForm:
    name: str
    function: str = ""
    status: AttendeeStatus | str = AttendeeStatus.INVITED
    user_id: int | None = None


@dataclass(frozen=True)
class AgreementForm:
    text: str
    owner: str = ""
    due_on: dt.date | None = None
    item_id: int | None = None


@dataclass(frozen=True)
class LinkedLearningPoint:
    id: int
    title: str  # "" when deleted
    status: str
    exists: bool


@dataclass(frozen=True)
class MeetingDetail:
    meeting: ReviewMeeting
    items: list[MeetingItem]
    attendees: list[Attendee]
    agreements: list[MeetingAgreement]
    versions: list[MinutesVersion]
    learning_points: dict[int, LinkedLearningPoint]  # every id linked from an item

    @property
    def missing_learning_points(self) -> list[int]:
        return sorted(i for i, lp in self.learning_points.items() if not lp.exists)


# --- helpers ----------------------------------------------------------------------------------------------


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        raise ValidationError("error.required", field="meeting_starts_at")
    return clock.to_utc(value).replace(second=0, microsecond=0)


def _enum(enum, value, field_name: str):
    try:
        return enum(value)
    except ValueError:
        raise ValidationError("minutes.error.bad_value", field=field_name, value=str(value)) from None


def _editable(cur, meeting_id: int) -> ReviewMeeting:
    meeting = meeting_or_404(cur, meeting_id)
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError("minutes.error.not_draft", status=meeting.minutes_status.value)
    return meeting


def _item_or_404(cur, item_id: int) -> MeetingItem:
    item = repo.get_item(cur, item_id)
    if item is None:
        raise NotFound(record="meeting_item", id=item_id)
    return item


def _clean_meeting(form: MeetingForm) -> tuple[dict, int]:
    clean = CleanText()
    kind = _enum(MeetingKind, form.kind, "meeting_kind")
    title = clean(form.title, "meeting_title", required=True, max_length=MAX_TITLE)
    duration = form.duration_minutes
    if duration in ("", None):
        duration = None
    else:
        try:
            duration = int(duration)
        except (TypeError, ValueError):
            raise ValidationError("minutes.error.duration", max=MAX_DURATION) from None
        if not 1 <= duration <= MAX_DURATION:
            raise ValidationError("minutes.error.duration", max=MAX_DURATION)
    link = clean(form.video_link, "meeting_video_link", max_length=2000)
    if link and not _LINK.match(link):
        raise ValidationError("minutes.error.video_link")
    values = dict(kind=kind, title=title, starts_at=_utc(form.starts_at), duration_minutes=duration,
                  place=clean(form.place, "meeting_place", max_length=500), video_link=link,
                  purpose=clean(form.purpose, "meeting_purpose"),
                  committee=clean(form.committee, "committee", max_length=MAX_SHORT),
                  committee_item=clean(form.committee_item, "committee_item", max_length=MAX_SHORT))
    return values, clean.masked


def _clean_item(form: ItemForm) -> tuple[dict, int]:
    clean = CleanText()
    values = dict(title=clean(form.title, "item_title", required=True, max_length=MAX_TITLE),
                  resume=clean(form.resume, "resume"), recommendation=clean(form.recommendation, "recommendation"),
                  account=clean(form.account, "item_account"), minutes=clean(form.minutes, "item_minutes"),
                  decision=clean(form.decision, "decision"))
    return values, clean.masked


def _clean_attendee(form: AttendeeForm) -> tuple[dict, int]:
    clean = CleanText()
    name = clean(form.name, "attendee_name", required=True, max_length=MAX_NAME)
    if clean.masked:
        raise ValidationError("minutes.error.name_is_cpr")
    values = dict(name=name, function=clean(form.function, "attendee_function", max_length=MAX_NAME),
                  status=_enum(AttendeeStatus, form.status, "attendee_status"))
    return values, clean.masked


def _clean_agreement(cur, meeting_id: int, form: AgreementForm) -> tuple[dict, int]:
    clean = CleanText()
    values = dict(text=clean(form.text, "agreement_text", required=True, max_length=5000),
                  owner=clean(form.owner, "agreement_owner", max_length=MAX_SHORT), due_on=form.due_on,
                  item_id=form.item_id)
    if form.due_on is not None and not isinstance(form.due_on, dt.date):
        raise ValidationError("error.required", field="agreement_due")
    if form.item_id is not None:
        item = repo.get_item(cur, int(form.item_id))
        if item is None or item.meeting_id != meeting_id:
            raise ValidationError("minutes.error.item_other_meeting")
    return values, clean.masked


def _linked(cur, items: list[MeetingItem]) -> dict[int, LinkedLearningPoint]:
    ids = sorted({i for item in items for i in item.learning_point_ids})
    heads = lp_repo.heads(cur, ids)
    return {lp_id: LinkedLearningPoint(lp_id, *heads[lp_id], True) if lp_id in heads
            else LinkedLearningPoint(lp_id, "", "", False) for lp_id in ids}


# --- reading ----------------------------------------------------------------------------------------------


@requires("meeting.read")
def list_meetings(db, actor: User, review_id: int) -> list[ReviewMeeting]:
    def read() -> list[ReviewMeeting]:
        cur = db.cursor()
        if reviews_repo.get_review(cur, review_id) is None:
            raise NotFound(record="review", id=review_id)
        return repo.meetings_of_review(cur, review_id)

    return kept(db, ("meetings.list", review_id), read)  # the page reruns on every click: kept until a write


@requires("meeting.read")
def get_meeting(db, actor: User, meeting_id: int) -> MeetingDetail:
    """The meeting with agenda, attendees, agreements, approved versions and linked learning points. Logged."""
    def read() -> MeetingDetail:
        cur = db.cursor()
        meeting = meeting_or_404(cur, meeting_id)
        items = repo.items(cur, meeting_id)
        return MeetingDetail(meeting, items, repo.attendees(cur, meeting_id), repo.agreements(cur, meeting_id),
                             repo.versions(cur, meeting_id), _linked(cur, items))

    detail = kept(db, ("meetings.detail", meeting_id), read)  # kept until a write; the read is logged below
    meeting = detail.meeting
    record_read(db, actor, "read", record_type="meeting", record_id=meeting_id,
                details={"review_id": meeting.review_id})
    return detail


@requires("meeting.read")
def learning_point_choices(db, actor: User, review_id: int) -> list[tuple[int, str, str]]:
    """(id, title, status) of the review's learning points, for linking them to an agenda item."""
    return kept(db, ("meetings.lp_choices", review_id), lambda: lp_repo.titles(db.cursor(), review_id))


# --- the meeting itself -----------------------------------------------------------------------------------


@requires("meeting.write")
def create_meeting(db, actor: User, review_id: int, form: MeetingForm) -> Saved:
    values, masked = _clean_meeting(form)

    def work(cur):
        if reviews_repo.get_review(cur, review_id) is None:
            raise NotFound(record="review", id=review_id)
        meeting_id = repo.insert_meeting(cur, review_id=review_id, user_id=actor.id, now=clock.now(), **values)
        record(cur, actor, "create", record_type="meeting", record_id=meeting_id,
               details={"review_id": review_id, "kind": values["kind"].value,
                        **({"masked_cpr": masked} if masked else {})})
        return repo.get_meeting(cur, meeting_id)

    return Saved(db.write(work), masked)


@requires("meeting.write")
def update_meeting(db, actor: User, meeting_id: int, expected_version: int, form: MeetingForm) -> Saved:
    values, masked = _clean_meeting(form)

    def work(cur):
        current = _editable(cur, meeting_id)
        if not repo.update_meeting(cur, meeting_id, expected_version, user_id=actor.id, now=clock.now(), **values):
            raise StaleVersion(current)
        saved = repo.get_meeting(cur, meeting_id)
        changed = [f for f in values if getattr(current, f) != getattr(saved, f)]
        record(cur, actor, "change", record_type="meeting", record_id=meeting_id,
               details={"fields": changed, "version": saved.version, **({"masked_cpr": masked} if masked else {})})
        return saved

    return Saved(db.write(work), masked)


@requires("meeting.write")
def delete_meeting(db, actor: User, meeting_id: int, expected_version: int) -> None:
    """Delete a meeting whose minutes were never approved."""

    def work(cur):
        current = meeting_or_404(cur, meeting_id)
        if current.version != expected_version:
            raise StaleVersion(current)
        if repo.versions(cur, meeting_id) or current.minutes_status != MinutesStatus.DRAFT:
            raise ValidationError("minutes.error.delete_approved")
        repo.delete_meeting(cur, meeting_id)
        record(cur, actor, "delete", record_type="meeting", record_id=meeting_id,
               details={"review_id": current.review_id})

    db.write(work)


# --- agenda items -----------------------------------------------------------------------------------------


@requires("meeting.write")
def add_item(db, actor: User, meeting_id: int, form: ItemForm) -> Saved:
    values, masked = _clean_item(form)

    def work(cur):
        _editable(cur, meeting_id)
        now = clock.now()
        item_id = repo.insert_item(cur, meeting_id=meeting_id, user_id=actor.id, now=now, **values)
        repo.touch_meeting(cur, meeting_id, user_id=actor.id, now=now)
        record(cur, actor, "create", record_type="meeting_item", record_id=item_id,
               details={"meeting_id": meeting_id, **({"masked_cpr": masked} if masked else {})})
        return repo.get_item(cur, item_id)

    return Saved(db.write(work), masked)


@requires("meeting.write")
def update_item(db, actor: User, item_id: int, expected_version: int, form: ItemForm) -> Saved:
    values, masked = _clean_item(form)

    def work(cur):
        current = _item_or_404(cur, item_id)
        _editable(cur, current.meeting_id)
        now = clock.now()
        if not repo.update_item(cur, item_id, expected_version, user_id=actor.id, now=now, **values):
            raise StaleVersion(current)
        repo.touch_meeting(cur, current.meeting_id, user_id=actor.id, now=now)
        saved = repo.get_item(cur, item_id)
        changed = [f for f in values if getattr(current, f) != getattr(saved, f)]
        record(cur, actor, "change", record_type="meeting_item", record_id=item_id,
               details={"meeting_id": current.meeting_id, "fields": changed, "version": saved.version,
                        **({"masked_cpr": masked} if masked else {})})
        return saved

    return Saved(db.write(work), masked)


@requires("meeting.write")
def delete_item(db, actor: User, item_id: int, expected_version: int) -> None:
    def work(cur):
        current = _item_or_404(cur, item_id)
        _editable(cur, current.meeting_id)
        if current.version != expected_version:
            raise StaleVersion(current)
        repo.delete_item(cur, item_id)
        repo.set_positions(cur, [i.id for i in repo.items(cur, current.meeting_id)], table="meeting_items")
        repo.touch_meeting(cur, current.meeting_id, user_id=actor.id, now=clock.now())
        record(cur, actor, "delete", record_type="meeting_item", record_id=item_id,
               details={"meeting_id": current.meeting_id})

    db.write(work)


@requires("meeting.write")
def move_item(db, actor: User, item_id: int, step: int) -> list[MeetingItem]:
    """Move an item up (step -1) or down (+1) the agenda; returns the new order."""

    def work(cur):
        current = _item_or_404(cur, item_id)
        _editable(cur, current.meeting_id)
        order = [i.id for i in repo.items(cur, current.meeting_id)]
        index = order.index(item_id)
        target = max(0, min(len(order) - 1, index + (1 if step > 0 else -1)))
        order.insert(target, order.pop(index))
        repo.set_positions(cur, order, table="meeting_items")
        repo.touch_meeting(cur, current.meeting_id, user_id=actor.id, now=clock.now())
        record(cur, actor, "change", record_type="meeting_item", record_id=item_id,
               details={"meeting_id": current.meeting_id, "position": target + 1})
        return repo.items(cur, current.meeting_id)

    return db.write(work)


@requires("meeting.write")
def link_learning_points(db, actor: User, item_id: int, expected_version: int, lp_ids) -> MeetingItem:
    """Set the learning points discussed under an item (in this order). They must belong to the review."""
    wanted = list(dict.fromkeys(int(i) for i in lp_ids or ()))

    def work(cur):
        current = _item_or_404(cur, item_id)
        meeting = _editable(cur, current.meeting_id)
        found = lp_repo.review_ids(cur, wanted)
        missing = [i for i in wanted if i not in found]
        if missing:
            raise ValidationError("minutes.error.lp_missing", ids=", ".join(f"#{i}" for i in missing))
        other = [i for i in wanted if found[i] != meeting.review_id]
        if other:
            raise ValidationError("minutes.error.lp_other_review", ids=", ".join(f"#{i}" for i in other))
        now = clock.now()
        if not repo.bump_item(cur, item_id, expected_version, user_id=actor.id, now=now):
            raise StaleVersion(current)
        repo.set_item_learning_points(cur, item_id, wanted)
        repo.touch_meeting(cur, meeting.id, user_id=actor.id, now=now)
        record(cur, actor, "change", record_type="meeting_item", record_id=item_id,
               details={"meeting_id": meeting.id, "learning_points": wanted})
        return repo.get_item(cur, item_id)

    return db.write(work)


# --- attendees --------------------------------------------------------------------------------------------


@requires("meeting.write")
def add_attendee(db, actor: User, meeting_id: int, form: AttendeeForm) -> Attendee:
    values, _ = _clean_attendee(form)

    def work(cur):
        _editable(cur, meeting_id)
        attendee_id = repo.insert_attendee(cur, meeting_id=meeting_id, user_id=form.user_id, **values)
        repo.touch_meeting(cur, meeting_id, user_id=actor.id, now=clock.now())
        record(cur, actor, "create", record_type="meeting_attendee", record_id=attendee_id,
               details={"meeting_id": meeting_id, "status": values["status"].value})
        return repo.get_attendee(cur, attendee_id)

    return db.write(work)


@requires("meeting.write")
def update_attendee(db, actor: User, attendee_id: int, expected_version: int, form: AttendeeForm) -> Attendee:
    values, _ = _clean_attendee(form)

    def work(cur):
        current = repo.get_attendee(cur, attendee_id)
        if current is None:
            raise NotFound(record="meeting_attendee", id=attendee_id)
        _editable(cur, current.meeting_id)
        if not repo.update_attendee(cur, attendee_id, expected_version, **values):
            raise StaleVersion(current)
        repo.touch_meeting(cur, current.meeting_id, user_id=actor.id, now=clock.now())
        record(cur, actor, "change", record_type="meeting_attendee", record_id=attendee_id,
               details={"meeting_id": current.meeting_id, "status": values["status"].value})
        return repo.get_attendee(cur, attendee_id)

    return db.write(work)


@requires("meeting.write")
def remove_attendee(db, actor: User, attendee_id: int) -> None:
    def work(cur):
        current = repo.get_attendee(cur, attendee_id)
        if current is None:
            raise NotFound(record="meeting_attendee", id=attendee_id)
        _editable(cur, current.meeting_id)
        repo.delete_attendee(cur, attendee_id)
        repo.touch_meeting(cur, current.meeting_id, user_id=actor.id, now=clock.now())
        record(cur, actor, "delete", record_type="meeting_attendee", record_id=attendee_id,
               details={"meeting_id": current.meeting_id})

    db.write(work)


# --- agreements -------------------------------------------------------------------------------------------


@requires("meeting.write")
def add_agreement(db, actor: User, meeting_id: int, form: AgreementForm) -> Saved:
    def work(cur):
        _editable(cur, meeting_id)
        values, masked = _clean_agreement(cur, meeting_id, form)
        agreement_id = repo.insert_agreement(cur, meeting_id=meeting_id, **values)
        repo.touch_meeting(cur, meeting_id, user_id=actor.id, now=clock.now())
        record(cur, actor, "create", record_type="meeting_agreement", record_id=agreement_id,
               details={"meeting_id": meeting_id, **({"masked_cpr": masked} if masked else {})})
        return Saved(repo.get_agreement(cur, agreement_id), masked)

    return db.write(work)


@requires("meeting.write")
def update_agreement(db, actor: User, agreement_id: int, expected_version: int, form: AgreementForm) -> Saved:
    def work(cur):
        current = repo.get_agreement(cur, agreement_id)
        if current is None:
            raise NotFound(record="meeting_agreement", id=agreement_id)
        _editable(cur, current.meeting_id)
        values, masked = _clean_agreement(cur, current.meeting_id, form)
        if not repo.update_agreement(cur, agreement_id, expected_version, **values):
            raise StaleVersion(current)
        repo.touch_meeting(cur, current.meeting_id, user_id=actor.id, now=clock.now())
        record(cur, actor, "change", record_type="meeting_agreement", record_id=agreement_id,
               details={"meeting_id": current.meeting_id, **({"masked_cpr": masked} if masked else {})})
        return Saved(repo.get_agreement(cur, agreement_id), masked)

    return db.write(work)


@requires("meeting.write")
def delete_agreement(db, actor: User, agreement_id: int) -> None:
    def work(cur):
        current = repo.get_agreement(cur, agreement_id)
        if current is None:
            raise NotFound(record="meeting_agreement", id=agreement_id)
        _editable(cur, current.meeting_id)
        repo.delete_agreement(cur, agreement_id)
        repo.touch_meeting(cur, current.meeting_id, user_id=actor.id, now=clock.now())
        record(cur, actor, "delete", record_type="meeting_agreement", record_id=agreement_id,
               details={"meeting_id": current.meeting_id})

    db.write(work)


# --- the minutes lifecycle --------------------------------------------------------------------------------


def _anonymise(comment: str, names: list[str]) -> str:
    """A family comment without the representatives' names (pseudonyms or not)."""
    for name in sorted({n for n in names if n.strip()}, key=len, reverse=True):
        comment = re.sub(re.escape(name), "[repræsentant]", comment, flags=re.IGNORECASE)
    return comment


def _natural(text: str) -> list:
    """Sort key that puts "Familie 3" before "Familie 11"."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def _action_entry(action, lp_title: str) -> ActionEntry:
    return ActionEntry(description=action.description, owner=action.owner, deadline=action.deadline,
                       status=action.status.value, learning_point=lp_title)


def _evidence_entries(cur, learning_points, readable_cases: set[int]) -> dict[int, tuple[EvidenceEntry, ...]]:
    """Each learning point's evidence as the method appendix cites it, in three statements for all of them:
    the case, the cited document (type and date) and page, or the timeline event the finding is about, and
    the excerpt only where the chair ticked it in. Findings of a case without a basis (consent withdrawn)
    are left out, as the case itself is."""
    points = list(learning_points)
    findings = {f.id: f for f in findings_repo.findings_by_ids(cur, sorted({i for lp in points
                                                                           for i in lp.evidence_ids}))}
    cited = passages_repo.of_findings(cur, findings)
    documents = casefiles_repo.documents_by_ids(cur, {p.document_id for p in cited.values()})
    found: dict[int, tuple[EvidenceEntry, ...]] = {}
    for lp in points:
        entries = []
        for finding in sorted((findings[i] for i in lp.evidence_ids if i in findings),
                              key=lambda f: (_natural(f.pseudonym), f.id)):
            if finding.case_id not in readable_cases:
                continue
            quote = finding.excerpt.strip() if finding.id in lp.quoted_ids else ""
            passage = cited.get(finding.id)
            document = documents.get(passage.document_id) if passage else None
            if document is not None:
                entries.append(EvidenceEntry(finding.pseudonym, document.doc_type.value, document.doc_date,
                                             passage.page_no, quote))
            else:
                entries.append(EvidenceEntry(finding.pseudonym, finding.event_type or "", finding.event_date, None,
                                             quote))
        found[lp.id] = tuple(entries)
    return found


def _held(meeting: ReviewMeeting) -> None:
    """Refuse approving or locking the minutes of a meeting whose date has not come yet."""
    if not meeting.held_by(clock.today()):
        raise ValidationError("minutes.error.before_meeting", date=meeting.local_date)


def minutes_content(cur, meeting: ReviewMeeting) -> MinutesContent:
    """The minutes as they read now, for approval or a draft export.

    Raises ValidationError when the agenda is empty or a linked learning point no longer exists.
    """
    items = repo.items(cur, meeting.id)
    if not items:
        raise ValidationError("minutes.error.no_agenda")
    review = reviews_repo.get_review(cur, meeting.review_id)
    if review is None:
        raise NotFound(record="review", id=meeting.review_id)
    all_actions, _ = actions_repo.list_actions(cur, meeting.review_id, limit=ALL_ROWS)
    actions_by_lp: dict[int, list] = {}
    for action in all_actions:
        actions_by_lp.setdefault(action.learning_point_id, []).append(action)

    # Every linked learning point, its codes and its family responses in a few statements, not per point.
    linked = {lp_id for item in items for lp_id in item.learning_point_ids}
    learning_points = lp_repo.get_many(cur, linked)
    all_codes = codes_repo.codes_by_ids(cur, sorted({c for lp in learning_points.values() for c in lp.code_ids}))
    all_responses = lp_repo.responses_of(cur, linked)
    selected = reviews_repo.review_cases(cur, meeting.review_id)
    evidence_of = _evidence_entries(cur, learning_points.values(),
                                    {c.case_id for c in selected if c.basis is not None})
    missing: list[str] = []
    item_entries = []
    for number, item in enumerate(items, start=1):
        lp_entries = []
        for lp_id in item.learning_point_ids:
            lp = learning_points.get(lp_id)
            if lp is None or lp.review_id != meeting.review_id:
                missing.append(f"{number} (#{lp_id})")
                continue
            codes = sorted((all_codes[c] for c in lp.code_ids if c in all_codes),
                           key=lambda c: (c.codebook_id, c.sort_order))
            responses = all_responses.get(lp_id, [])
            names = [r.representative for r in responses]
            stances = [r.stance for r in responses]
            lp_entries.append(LearningPointEntry(
                id=lp.id, title=lp.title, description=lp.description, seen_in=lp.seen_in, case_total=lp.case_total,
                codes=tuple(c.label for c in codes),
                agree=stances.count(FamilyStance.AGREE), partly=stances.count(FamilyStance.PARTLY),
                disagree=stances.count(FamilyStance.DISAGREE),
                comments=tuple(_anonymise(r.comment, names) for r in responses if r.comment.strip()),
                agreed_wording=lp.agreed_wording,
                actions=tuple(_action_entry(a, lp.title) for a in actions_by_lp.get(lp_id, [])),
                evidence=evidence_of.get(lp_id, ())))
        item_entries.append(ItemEntry(title=item.title, resume=item.resume, recommendation=item.recommendation,
                                      account=item.account, minutes=item.minutes, decision=item.decision,
                                      learning_points=tuple(lp_entries)))
    if missing:
        raise ValidationError("minutes.error.lp_deleted", items=", ".join(missing))

    titles = {item.id: f"{n}. {item.title}" for n, item in enumerate(items, start=1)}
    # Reviewed material: only cases with a basis (the family's consent, or the ombudsman's own initiative);
    # the others are counted, not named.
    return MinutesContent(
        review_name=review.name, meeting_title=meeting.title, meeting_kind=meeting.kind.value,
        starts_at=meeting.starts_at, duration_minutes=meeting.duration_minutes, place=meeting.place,
        video_link=meeting.video_link, purpose=meeting.purpose, committee=meeting.committee,
        committee_item=meeting.committee_item, mandate=review.mandate,
        attendees=tuple(AttendeeEntry(a.name, a.function, a.status != AttendeeStatus.APOLOGIES)
                        for a in repo.attendees(cur, meeting.id)),
        items=tuple(item_entries),
        agreements=tuple(AgreementEntry(g.text, g.owner, g.due_on, titles.get(g.item_id, ""))
                         for g in repo.agreements(cur, meeting.id)),
        action_plan=tuple(_action_entry(a, a.learning_point_title) for a in all_actions),
        cases=tuple(CaseEntry(c.pseudonym, c.nominated_by.value, c.rationale, c.consent.value, c.consent_date,
                          c.basis.value)
                for c in sorted(selected, key=lambda c: _natural(c.pseudonym)) if c.basis is not None),
        cases_left_out=sum(1 for c in selected if c.basis is None),
        member_disciplines=tuple(m.discipline.value for m in reviews_repo.members(cur, meeting.review_id)),
    )


@requires("minutes.approve")
def approve_minutes(db, actor: User, meeting_id: int, expected_version: int) -> ReviewMeeting:
    """The chair approves the draft: its content is frozen as version N and the meeting is read-only."""

    def work(cur):
        current = meeting_or_404(cur, meeting_id)
        if current.minutes_status != MinutesStatus.DRAFT:
            raise ValidationError("minutes.error.not_draft", status=current.minutes_status.value)
        if current.version != expected_version:
            raise StaleVersion(current)
        _held(current)
        content = minutes_content(cur, current)
        now = clock.now()
        repo.insert_version(cur, meeting_id=meeting_id, version=current.minutes_version,
                            content=content_to_json(content), approved_at=now, approved_by=actor.id)
        if not repo.set_minutes_state(cur, meeting_id, expected_version, status=MinutesStatus.APPROVED,
                                      minutes_version=current.minutes_version, approved_at=now,
                                      approved_by=actor.id, locked_at=None, user_id=actor.id, now=now):
            raise StaleVersion(current)
        record(cur, actor, "change", record_type="meeting", record_id=meeting_id,
               details={"minutes": MinutesStatus.APPROVED.value, "minutes_version": current.minutes_version})
        return repo.get_meeting(cur, meeting_id)

    return db.write(work)


@requires("meeting.write")
def correct_minutes(db, actor: User, meeting_id: int, expected_version: int) -> ReviewMeeting:
    """Start a correction of approved minutes: version N+1 as a draft; version N stays as approved."""

    def work(cur):
        current = meeting_or_404(cur, meeting_id)
        if current.minutes_status == MinutesStatus.LOCKED:
            raise ValidationError("minutes.error.locked")
        if current.minutes_status != MinutesStatus.APPROVED:
            raise ValidationError("minutes.error.not_approved")
        now = clock.now()
        if not repo.set_minutes_state(cur, meeting_id, expected_version, status=MinutesStatus.DRAFT,
                                      minutes_version=current.minutes_version + 1, approved_at=None,
                                      approved_by=None, locked_at=None, user_id=actor.id, now=now):
            raise StaleVersion(current)
        record(cur, actor, "change", record_type="meeting", record_id=meeting_id,
               details={"minutes": "correction", "minutes_version": current.minutes_version + 1})
        return repo.get_meeting(cur, meeting_id)

    return db.write(work)


@requires("minutes.approve")
def lock_minutes(db, actor: User, meeting_id: int, expected_version: int) -> ReviewMeeting:
    """Lock approved minutes for good: no more corrections."""

    def work(cur):
        current = meeting_or_404(cur, meeting_id)
        if current.minutes_status != MinutesStatus.APPROVED:
            raise ValidationError("minutes.error.lock_needs_approval")
        _held(current)
        now = clock.now()
        # Keep the approval (who and when) on the meeting; only the state and the lock time change.
        approved = repo.get_version(cur, meeting_id, current.minutes_version)
        if not repo.set_minutes_state(cur, meeting_id, expected_version, status=MinutesStatus.LOCKED,
                                      minutes_version=current.minutes_version, approved_at=current.approved_at,
                                      approved_by=_approver_id(cur, meeting_id, current.minutes_version),
                                      locked_at=now, user_id=actor.id, now=now):
            raise StaleVersion(current)
        if approved is not None:
            repo.lock_version(cur, meeting_id, current.minutes_version, now)
        record(cur, actor, "change", record_type="meeting", record_id=meeting_id,
               details={"minutes": MinutesStatus.LOCKED.value, "minutes_version": current.minutes_version})
        return repo.get_meeting(cur, meeting_id)

    return db.write(work)


def _approver_id(cur, meeting_id: int, version: int) -> int | None:
    return repo.approver_of(cur, meeting_id, version)


@requires("meeting.read")
def minutes_versions(db, actor: User, meeting_id: int) -> list[MinutesVersion]:
    cur = db.cursor()
    meeting_or_404(cur, meeting_id)
    return repo.versions(cur, meeting_id)
