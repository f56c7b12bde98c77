"""Mediation, dialogue meetings, Open Dialogue network meetings and own-initiative investigations.

Confidential to the ombudsman (seed 004; domain.md "Mediation notes are confidential to the ombudsman"):
every function is guarded by `mediation.read` / `mediation.write`, which only the ombudsman role holds, and
every access (list, read, change) writes an audit row. Audit details never carry free text.

A mediation case has parties (citizen, relatives, network, caseworker, manager, and the ombudsman as the
impartial party) with their consent and a trust score before mediation (0-10: "how much do you trust that
the collaboration will work now?"). A meeting is planned (time, place or video link, purpose, agenda,
invited parties) and then logged (who came or sent apologies, notes per agenda item, agreements, follow-up
actions, each attending party's trust score after the meeting, and the next meeting).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reviews import clock
from reviews.analysis import contact_rule
from reviews.errors import NotFound, StaleVersion, ValidationError
from reviews.models import Consent, User
from reviews.models.ombudsman import (
    TRUST_MAX,
    TRUST_MIN,
    Attendance,
    FollowUp,
    MediationCase,
    MediationKind,
    MediationStatus,
    Meeting,
    MeetingStatus,
    Party,
    PartyRole,
)
from reviews.services.audit import record, record_read
from reviews.services.kept import kept, minute
from reviews.services.permissions import requires
from reviews.storage import inquiries as inquiries_repo
from reviews.storage import mediation as repo
from reviews.storage import ombudsman_categories as categories_repo
from reviews.text import CleanText

MAX_TITLE = 200
MAX_NAME = 120
MAX_TEXT = 20_000
_LINK = re.compile(r"^https://[^\s<>\"']+$")


@dataclass(frozen=True)
class MediationForm:
    kind: MediationKind | str
    title: str
    citizen: str
    area: str = ""
    inquiry_id: int | None = None
    case_pseudonym: str = ""
    opened_on: dt.date | None = None
    background: str = ""
    status: MediationStatus | str = MediationStatus.OPEN
    closed_on: dt.date | None = None


@dataclass(frozen=True)
class PartyForm:
    name: str
    role: PartyRole | str
    consent: Consent | str = Consent.PENDING
    consent_date: dt.date | None = None
    trust_before: int | None = None


@dataclass(frozen=True)
class MeetingPlan:
    starts_at: dt.datetime | None  # naive UTC or aware
    place: str = ""
    video_link: str = ""
    purpose: str = ""
    agenda: tuple[str, ...] = ()
    party_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class FollowUpForm:
    owner_party_id: int | None
    action: str
    due_on: dt.date | None = None


@dataclass(frozen=True)
class MeetingLog:
    attendance: dict[int, Attendance | str]  # party id -> deltog / afbud / udeblev
    trust_after: dict[int, int | None] = field(default_factory=dict)  # party id -> 0-10
    agenda: tuple[tuple[str, str], ...] = ()  # (title, notes) per item, replacing the planned agenda
    agreements: tuple[str, ...] = ()
    followups: tuple[FollowUpForm, ...] = ()  # new follow-up actions
    next_meeting: MeetingPlan | None = None


@dataclass(frozen=True)
class MediationDetail:
    case: MediationCase
    parties: list[Party]
    meetings: list[Meeting]
    followups: list[FollowUp]

    @property
    def next_meeting(self) -> Meeting | None:
        planned = [m for m in self.meetings if m.status == MeetingStatus.PLANNED]
        return min(planned, key=lambda m: m.starts_at) if planned else None


@dataclass(frozen=True)
class OpenFollowUps:
    items: list[FollowUp]  # the first `limit`, the earliest due first
    total: int


# --- helpers ---------------------------------------------------------------------------------------------


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else clock.to_utc(value).replace(second=0, microsecond=0)


def _enum(enum, value, field_name: str):
    try:
        return enum(value)
    except ValueError:
        raise ValidationError("inquiry.error.bad_category", field=field_name, value=str(value)) from None


def _case(cur, mediation_id: int, now=None) -> MediationCase:
    case = repo.get_case(cur, mediation_id, now=now or clock.now())
    if case is None:
        raise NotFound(record="mediation_case", id=mediation_id)
    return case


def _trust(value, field_name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValidationError("mediation.error.trust_range", field=field_name)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError("mediation.error.trust_range", field=field_name) from None
    if not TRUST_MIN <= number <= TRUST_MAX:
        raise ValidationError("mediation.error.trust_range", field=field_name)
    return number


def _masked(clean: CleanText) -> dict:
    return {"masked_cpr": clean.masked} if clean.masked else {}


# --- mediation cases --------------------------------------------------------------------------------------


@requires("mediation.read")
def list_mediation_cases(db, actor: User, *, status: MediationStatus | None = None) -> list[MediationCase]:
    # Kept until a write (the page reruns on every click), as of the minute.
    now = minute()
    cases = kept(db, ("mediation.list", status, now), lambda: repo.list_cases(db.cursor(), now=now, status=status))
    db.write(lambda cur: record(cur, actor, "search", record_type="mediation_case",
                                details={"status": status.value} if status else None), bookkeeping=True)
    return cases


@requires("mediation.read")
def get_mediation(db, actor: User, mediation_id: int) -> MediationDetail:
    """The whole record: parties, meetings with notes and agreements, follow-ups. The read is logged."""
    now = minute()

    def read() -> MediationDetail:
        cur = db.cursor()
        return MediationDetail(_case(cur, mediation_id, now), repo.parties(cur, mediation_id),
                               repo.meetings(cur, mediation_id), repo.followups(cur, mediation_id))

    detail = kept(db, ("mediation.detail", mediation_id, now), read)  # kept until a write, as of the minute
    case = detail.case
    record_read(db, actor, "read", record_type="mediation_case", record_id=mediation_id,
                pseudonym=case.citizen)
    return detail


@requires("mediation.read")
def get_meeting(db, actor: User, meeting_id: int) -> Meeting:
    cur = db.cursor()
    row = repo.get_meeting_row(cur, meeting_id)
    if row is None:
        raise NotFound(record="mediation_meeting", id=meeting_id)
    case = _case(cur, row.mediation_id)
    meeting = next(m for m in repo.meetings(cur, row.mediation_id) if m.id == meeting_id)
    record_read(db, actor, "read", record_type="mediation_meeting", record_id=meeting_id,
                pseudonym=case.citizen)
    return meeting


@requires("mediation.read")
def open_followups(db, actor: User, *, limit: int = 20) -> OpenFollowUps:
    """Follow-up actions not yet done in open mediation cases, the earliest due first (at most `limit`)."""
    items, total = kept(db, ("mediation.open_followups", limit), lambda: repo.open_followups(db.cursor(), limit=limit))
    db.write(lambda cur: record(cur, actor, "search", record_type="mediation_followup", details={"open": True}),
             bookkeeping=True)
    return OpenFollowUps(items, total)


def _clean_case(cur, form: MediationForm, current: MediationCase | None):
    kind = _enum(MediationKind, form.kind, "kind")
    status = _enum(MediationStatus, form.status, "status")
    clean = CleanText()
    citizen = clean(form.citizen, "citizen", required=True, max_length=80)
    if clean.masked:
        raise ValidationError("error.pseudonym_is_cpr")
    title = clean(form.title, "title", required=True, max_length=MAX_TITLE)
    background = clean(form.background, "background", max_length=MAX_TEXT)
    area = clean(form.area, "area", max_length=200)
    if area:
        entry = categories_repo.area_state(cur, area)
        if entry is None or (not entry[1] and (current is None or current.area != entry[0])):
            raise ValidationError("inquiry.error.unknown_area", value=area)
        area = entry[0]
    if form.inquiry_id is not None and not repo.inquiry_exists(cur, form.inquiry_id):
        raise ValidationError("mediation.error.unknown_inquiry", value=form.inquiry_id)
    case_id = None
    pseudonym = clean(form.case_pseudonym, "case", max_length=200)
    if pseudonym:
        case_id = inquiries_repo.case_id_by_pseudonym(cur, pseudonym)
        if case_id is None:
            raise ValidationError("inquiry.error.unknown_case", value=pseudonym)
    opened_on = form.opened_on or contact_rule.local_date(clock.now())
    closed_on = None
    if status == MediationStatus.CLOSED:
        closed_on = form.closed_on or contact_rule.local_date(clock.now())
        if closed_on < opened_on:
            raise ValidationError("error.closed_before_opened")
    return dict(kind=kind, title=title, citizen=citizen, area=area, inquiry_id=form.inquiry_id, case_id=case_id,
                opened_on=opened_on, background=background), status, closed_on, clean


@requires("mediation.write")
def create_mediation(db, actor: User, form: MediationForm, *, add_ombudsman: bool = True) -> MediationCase:
    """Open a mediation case. The ombudsman is added as the impartial party unless told otherwise."""

    def work(cur):
        fields, _status, _closed, clean = _clean_case(cur, form, None)
        now = clock.now()
        mediation_id = repo.insert_case(cur, **fields, user_id=actor.id, now=now)
        if add_ombudsman:
            repo.insert_party(cur, mediation_id=mediation_id, name=actor.full_name or "Borgerrådgiveren",
                              role=PartyRole.OMBUDSMAN, consent=Consent.GIVEN,
                              consent_date=fields["opened_on"], trust_before=None)
        record(cur, actor, "create", record_type="mediation_case", record_id=mediation_id,
               pseudonym=fields["citizen"], details={"kind": fields["kind"].value, **_masked(clean)})
        return _case(cur, mediation_id)

    return db.write(work)


@requires("mediation.write")
def update_mediation(db, actor: User, mediation_id: int, expected_version: int, form: MediationForm) -> MediationCase:
    def work(cur):
        current = _case(cur, mediation_id)
        fields, status, closed_on, clean = _clean_case(cur, form, current)
        if not repo.update_case(cur, mediation_id, expected_version, **fields, closed_on=closed_on, status=status,
                                user_id=actor.id, now=clock.now()):
            raise StaleVersion(current)
        saved = _case(cur, mediation_id)
        changed = [f for f in ("kind", "title", "citizen", "area", "inquiry_id", "case_id", "opened_on", "closed_on",
                               "status", "background") if getattr(current, f) != getattr(saved, f)]
        record(cur, actor, "change", record_type="mediation_case", record_id=mediation_id, pseudonym=saved.citizen,
               details={"fields": changed, "version": saved.version, **_masked(clean)})
        return saved

    return db.write(work)


# --- parties ---------------------------------------------------------------------------------------------


def _clean_party(form: PartyForm):
    clean = CleanText()
    name = clean(form.name, "party_name", required=True, max_length=MAX_NAME)
    if clean.masked:
        raise ValidationError("error.pseudonym_is_cpr")
    role = _enum(PartyRole, form.role, "party_role")
    consent = _enum(Consent, form.consent, "consent")
    if consent != Consent.PENDING and form.consent_date is None:
        raise ValidationError("error.consent_date_required")
    consent_date = form.consent_date if consent != Consent.PENDING else None
    return dict(name=name, role=role, consent=consent, consent_date=consent_date,
                trust_before=_trust(form.trust_before, "trust_before"))


@requires("mediation.write")
def add_party(db, actor: User, mediation_id: int, form: PartyForm) -> Party:
    fields = _clean_party(form)

    def work(cur):
        case = _case(cur, mediation_id)
        party_id = repo.insert_party(cur, mediation_id=mediation_id, **fields)
        record(cur, actor, "create", record_type="mediation_party", record_id=party_id, pseudonym=case.citizen,
               details={"role": fields["role"].value, "consent": fields["consent"].value})
        return repo.get_party(cur, party_id)

    return db.write(work)


@requires("mediation.write")
def update_party(db, actor: User, party_id: int, expected_version: int, form: PartyForm) -> Party:
    fields = _clean_party(form)

    def work(cur):
        current = repo.get_party(cur, party_id)
        if current is None:
            raise NotFound(record="mediation_party", id=party_id)
        case = _case(cur, current.mediation_id)
        if not repo.update_party(cur, party_id, expected_version, **fields):
            raise StaleVersion(current)
        record(cur, actor, "change", record_type="mediation_party", record_id=party_id, pseudonym=case.citizen,
               details={"role": fields["role"].value, "consent": fields["consent"].value})
        return repo.get_party(cur, party_id)

    return db.write(work)


@requires("mediation.write")
def remove_party(db, actor: User, party_id: int) -> None:
    """Remove a party added by mistake; one who took part in a meeting or owns a follow-up stays."""

    def work(cur):
        current = repo.get_party(cur, party_id)
        if current is None:
            raise NotFound(record="mediation_party", id=party_id)
        case = _case(cur, current.mediation_id)
        if repo.party_in_use(cur, party_id):
            raise ValidationError("mediation.error.party_in_use", name=current.name)
        repo.delete_party(cur, party_id)
        record(cur, actor, "delete", record_type="mediation_party", record_id=party_id, pseudonym=case.citizen)

    db.write(work)


# --- meetings ----------------------------------------------------------------------------------------------


def _clean_plan(cur, mediation_id: int, plan: MeetingPlan, clean: CleanText) -> dict:
    starts_at = _utc(plan.starts_at)
    if starts_at is None:
        raise ValidationError("error.required", field="starts_at")
    place = clean(plan.place, "place", max_length=500)
    video_link = clean(plan.video_link, "video_link", max_length=500)
    if video_link and not _LINK.match(video_link):
        raise ValidationError("mediation.error.bad_link")
    if not place and not video_link:
        raise ValidationError("mediation.error.place_required")
    purpose = clean(plan.purpose, "purpose", required=True, max_length=MAX_TEXT)
    agenda = [clean(a, "agenda", max_length=500) for a in plan.agenda]
    agenda = [a for a in agenda if a]
    party_ids = list(dict.fromkeys(int(p) for p in plan.party_ids))
    if not party_ids:
        raise ValidationError("mediation.error.no_participants")
    known = {p.id for p in repo.parties(cur, mediation_id)}
    if any(p not in known for p in party_ids):
        raise ValidationError("mediation.error.unknown_party")
    return dict(starts_at=starts_at, place=place, video_link=video_link, purpose=purpose, agenda=agenda,
                party_ids=party_ids)


def _insert_plan(cur, actor: User, mediation_id: int, plan: dict, now: dt.datetime) -> int:
    meeting_id = repo.insert_meeting(cur, mediation_id=mediation_id, starts_at=plan["starts_at"], place=plan["place"],
                                     video_link=plan["video_link"], purpose=plan["purpose"],
                                     status=MeetingStatus.PLANNED, user_id=actor.id, now=now)
    repo.replace_agenda(cur, meeting_id, [(title, "") for title in plan["agenda"]])
    repo.replace_participants(cur, meeting_id, [(p, Attendance.INVITED, None) for p in plan["party_ids"]])
    return meeting_id


@requires("mediation.write")
def plan_meeting(db, actor: User, mediation_id: int, plan: MeetingPlan) -> Meeting:
    clean = CleanText()

    def work(cur):
        case = _case(cur, mediation_id)
        if case.status == MediationStatus.CLOSED:
            raise ValidationError("mediation.error.case_closed")
        fields = _clean_plan(cur, mediation_id, plan, clean)
        meeting_id = _insert_plan(cur, actor, mediation_id, fields, clock.now())
        record(cur, actor, "create", record_type="mediation_meeting", record_id=meeting_id, pseudonym=case.citizen,
               details={"participants": len(fields["party_ids"]), **_masked(clean)})
        return next(m for m in repo.meetings(cur, mediation_id) if m.id == meeting_id)

    return db.write(work)


@requires("mediation.write")
def update_meeting_plan(db, actor: User, meeting_id: int, expected_version: int, plan: MeetingPlan) -> Meeting:
    """Change a planned meeting. Notes already written under an agenda item with the same title are kept,
    and so are the attendance and scores of parties still invited."""
    clean = CleanText()

    def work(cur):
        current = repo.get_meeting_row(cur, meeting_id)
        if current is None:
            raise NotFound(record="mediation_meeting", id=meeting_id)
        case = _case(cur, current.mediation_id)
        full = next(m for m in repo.meetings(cur, current.mediation_id) if m.id == meeting_id)
        fields = _clean_plan(cur, current.mediation_id, plan, clean)
        if not repo.update_meeting(cur, meeting_id, expected_version, starts_at=fields["starts_at"],
                                   place=fields["place"], video_link=fields["video_link"], purpose=fields["purpose"],
                                   status=current.status, user_id=actor.id, now=clock.now()):
            raise StaleVersion(full)
        notes = {item.title: item.notes for item in full.agenda}
        repo.replace_agenda(cur, meeting_id, [(t, notes.get(t, "")) for t in fields["agenda"]])
        before = {p.party_id: p for p in full.participants}
        repo.replace_participants(cur, meeting_id, [
            (p, before[p].attendance, before[p].trust_after) if p in before else (p, Attendance.INVITED, None)
            for p in fields["party_ids"]])
        record(cur, actor, "change", record_type="mediation_meeting", record_id=meeting_id, pseudonym=case.citizen,
               details={"participants": len(fields["party_ids"]), **_masked(clean)})
        return next(m for m in repo.meetings(cur, current.mediation_id) if m.id == meeting_id)

    return db.write(work)


def _clean_followup(form: FollowUpForm, party_ids: set[int], clean: CleanText,
                    not_before: dt.date | None = None) -> dict:
    if form.owner_party_id is None:
        raise ValidationError("mediation.error.followup_without_owner")
    if int(form.owner_party_id) not in party_ids:
        raise ValidationError("mediation.error.unknown_party")
    action = clean(form.action, "followup_action", max_length=2000)
    if not action:
        raise ValidationError("mediation.error.followup_without_action")
    if form.due_on is not None and not_before is not None and form.due_on < not_before:
        raise ValidationError("mediation.error.due_before_meeting")
    return dict(owner_party_id=int(form.owner_party_id), action=action, due_on=form.due_on)


@requires("mediation.write")
def log_meeting(db, actor: User, meeting_id: int, expected_version: int, log: MeetingLog) -> Meeting:
    """Record a meeting as held: attendance, notes per agenda item, agreements, new follow-ups, trust scores
    after the meeting, and (optionally) plan the next meeting. All or nothing."""
    clean = CleanText()

    def work(cur):
        current = repo.get_meeting_row(cur, meeting_id)
        if current is None:
            raise NotFound(record="mediation_meeting", id=meeting_id)
        case = _case(cur, current.mediation_id)
        now = clock.now()
        meeting_day = contact_rule.local_date(current.starts_at)
        if meeting_day > contact_rule.local_date(now):
            raise ValidationError("mediation.error.meeting_in_future")
        if current.status == MeetingStatus.CANCELLED:
            raise ValidationError("mediation.error.meeting_cancelled")
        party_ids = {p.id for p in repo.parties(cur, current.mediation_id)}
        attendance = {}
        for party_id, value in log.attendance.items():
            if int(party_id) not in party_ids:
                raise ValidationError("mediation.error.unknown_party")
            state = _enum(Attendance, value, "attendance")
            if state != Attendance.INVITED:
                attendance[int(party_id)] = state
        if not any(a == Attendance.ATTENDED for a in attendance.values()):
            raise ValidationError("mediation.error.no_participants")
        trust = {}
        for party_id, value in log.trust_after.items():
            score = _trust(value, "trust_after")
            if score is None:
                continue
            if attendance.get(int(party_id)) != Attendance.ATTENDED:
                raise ValidationError("mediation.error.trust_without_attendance")
            trust[int(party_id)] = score
        agenda = []
        for title, notes in log.agenda:
            title = clean(title, "agenda", max_length=500)
            notes = clean(notes, "notes", max_length=MAX_TEXT)
            if title or notes:
                agenda.append((title or "–", notes))
        agreements = [a for a in (clean(a, "agreement", max_length=MAX_TEXT) for a in log.agreements) if a]
        followups = [_clean_followup(f, party_ids, clean, meeting_day) for f in log.followups
                     if f.owner_party_id is not None or (f.action or "").strip()]
        next_plan = None
        if log.next_meeting is not None:
            next_plan = _clean_plan(cur, current.mediation_id, log.next_meeting, clean)
            if next_plan["starts_at"] <= current.starts_at:
                raise ValidationError("mediation.error.next_before_this")

        full = next(m for m in repo.meetings(cur, current.mediation_id) if m.id == meeting_id)
        if not repo.update_meeting(cur, meeting_id, expected_version, starts_at=current.starts_at,
                                   place=current.place, video_link=current.video_link, purpose=current.purpose,
                                   status=MeetingStatus.HELD, user_id=actor.id, now=now):
            raise StaleVersion(full)
        repo.replace_participants(cur, meeting_id, [(p, a, trust.get(p)) for p, a in attendance.items()])
        repo.replace_agenda(cur, meeting_id, agenda)
        repo.replace_agreements(cur, meeting_id, agreements)
        for f in followups:
            repo.insert_followup(cur, mediation_id=current.mediation_id, meeting_id=meeting_id, **f,
                                 user_id=actor.id, now=now)
        details = {"attended": sum(a == Attendance.ATTENDED for a in attendance.values()),
                   "agreements": len(agreements), "followups": len(followups), "trust_scores": len(trust),
                   **_masked(clean)}
        if next_plan is not None:
            details["next_meeting_id"] = _insert_plan(cur, actor, current.mediation_id, next_plan, now)
        record(cur, actor, "change", record_type="mediation_meeting", record_id=meeting_id, pseudonym=case.citizen,
               details=details)
        return next(m for m in repo.meetings(cur, current.mediation_id) if m.id == meeting_id)

    return db.write(work)


@requires("mediation.write")
def cancel_meeting(db, actor: User, meeting_id: int, expected_version: int) -> None:
    def work(cur):
        current = repo.get_meeting_row(cur, meeting_id)
        if current is None:
            raise NotFound(record="mediation_meeting", id=meeting_id)
        case = _case(cur, current.mediation_id)
        if current.status == MeetingStatus.HELD:
            raise ValidationError("mediation.error.meeting_held")
        if not repo.update_meeting(cur, meeting_id, expected_version, starts_at=current.starts_at,
                                   place=current.place, video_link=current.video_link, purpose=current.purpose,
                                   status=MeetingStatus.CANCELLED, user_id=actor.id, now=clock.now()):
            raise StaleVersion(current)
        record(cur, actor, "change", record_type="mediation_meeting", record_id=meeting_id, pseudonym=case.citizen,
               details={"status": MeetingStatus.CANCELLED.value})

    db.write(work)


# --- follow-ups --------------------------------------------------------------------------------------------


@requires("mediation.write")
def add_followup(db, actor: User, mediation_id: int, form: FollowUpForm, *,
                 meeting_id: int | None = None) -> FollowUp:
    clean = CleanText()

    def work(cur):
        case = _case(cur, mediation_id)
        if meeting_id is not None:
            meeting = repo.get_meeting_row(cur, meeting_id)
            if meeting is None or meeting.mediation_id != mediation_id:
                raise NotFound(record="mediation_meeting", id=meeting_id)
        fields = _clean_followup(form, {p.id for p in repo.parties(cur, mediation_id)}, clean)
        followup_id = repo.insert_followup(cur, mediation_id=mediation_id, meeting_id=meeting_id, **fields,
                                           user_id=actor.id, now=clock.now())
        record(cur, actor, "create", record_type="mediation_followup", record_id=followup_id,
               pseudonym=case.citizen, details=_masked(clean) or None)
        return repo.get_followup(cur, followup_id)

    return db.write(work)


@requires("mediation.write")
def update_followup(db, actor: User, followup_id: int, expected_version: int, form: FollowUpForm) -> FollowUp:
    clean = CleanText()

    def work(cur):
        current = repo.get_followup(cur, followup_id)
        if current is None:
            raise NotFound(record="mediation_followup", id=followup_id)
        case = _case(cur, current.mediation_id)
        fields = _clean_followup(form, {p.id for p in repo.parties(cur, current.mediation_id)}, clean)
        if not repo.update_followup(cur, followup_id, expected_version, **fields, done_on=current.done_on):
            raise StaleVersion(current)
        record(cur, actor, "change", record_type="mediation_followup", record_id=followup_id,
               pseudonym=case.citizen, details={"fields": ["owner", "action", "due_on"], **_masked(clean)})
        return repo.get_followup(cur, followup_id)

    return db.write(work)


@requires("mediation.write")
def complete_followup(db, actor: User, followup_id: int, expected_version: int, *,
                      done_on: dt.date | None = None, reopen: bool = False) -> FollowUp:
    """Mark a follow-up done (today unless `done_on`), or open it again with `reopen`."""

    def work(cur):
        current = repo.get_followup(cur, followup_id)
        if current is None:
            raise NotFound(record="mediation_followup", id=followup_id)
        case = _case(cur, current.mediation_id)
        day = None if reopen else (done_on or contact_rule.local_date(clock.now()))
        if day is not None and day > contact_rule.local_date(clock.now()):
            raise ValidationError("mediation.error.done_in_future")
        if not repo.update_followup(cur, followup_id, expected_version, owner_party_id=current.owner_party_id,
                                    action=current.action, due_on=current.due_on, done_on=day):
            raise StaleVersion(current)
        record(cur, actor, "change", record_type="mediation_followup", record_id=followup_id,
               pseudonym=case.citizen, details={"done": day is not None})
        return repo.get_followup(cur, followup_id)

    return db.write(work)
