"""Mediation records: parties and consent, planning and logging meetings, follow-ups, trust scores,
bad input, and confidentiality (only the ombudsman; every access audited)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reviews import clock
from reviews.analysis import contact_rule as rule
from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.models import Consent, Role
from reviews.models.ombudsman import (
    Attendance,
    Channel,
    MediationKind,
    MediationStatus,
    MeetingStatus,
    PartyRole,
)
from reviews.services import inquiries, mediation
from reviews.services.mediation import FollowUpForm, MediationForm, MeetingLog, MeetingPlan, PartyForm

D = dt.datetime


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: D(2025, 9, 15, 10, 0))


def local(*args):
    return rule.local_to_utc(D(*args))


@pytest.fixture
def setup(db, users):
    """A complaint, the mediation case it led to, and three parties besides the ombudsman."""
    ombudsman = users[Role.OMBUDSMAN]
    complaint = inquiries.create_inquiry(db, ombudsman, inquiries.InquiryForm(
        received_at=local(2025, 8, 1, 9, 0), channel=Channel.PHONE, area="Handicap og Psykiatri",
        citizen="Familie 11", account="Klage over afslag på aflastning.")).record
    case = mediation.create_mediation(db, ombudsman, MediationForm(
        MediationKind.MEDIATION, "Mægling om aflastning", "Familie 11", area="Handicap og Psykiatri",
        inquiry_id=complaint.id, opened_on=dt.date(2025, 8, 5), background="Samarbejdet er gået i stå."))
    mother = mediation.add_party(db, ombudsman, case.id, PartyForm("Mor", PartyRole.CITIZEN, Consent.GIVEN,
                                                                 dt.date(2025, 8, 6), trust_before=2))
    worker = mediation.add_party(db, ombudsman, case.id, PartyForm("Sagsbehandler", PartyRole.CASEWORKER,
                                                                 Consent.GIVEN, dt.date(2025, 8, 7), trust_before=4))
    manager = mediation.add_party(db, ombudsman, case.id, PartyForm("Leder", PartyRole.MANAGER))
    return ombudsman, complaint, case, mother, worker, manager


def plan(party_ids, **overrides):
    values = dict(starts_at=local(2025, 9, 10, 13, 0), place="Rådhuset, mødelokale 2",
                  purpose="Genoprette samarbejdet", agenda=("Velkomst og rammer", "Aflastningen", "Aftaler"),
                  party_ids=tuple(party_ids))
    values.update(overrides)
    return MeetingPlan(**values)


def test_case_with_parties_meeting_log_and_followups(db, setup):
    ombudsman, complaint, case, mother, worker, manager = setup
    assert case.inquiry_id == complaint.id and case.status == MediationStatus.OPEN
    detail = mediation.get_mediation(db, ombudsman, case.id)
    assert [(p.role, p.consent) for p in detail.parties] == [
        (PartyRole.OMBUDSMAN, Consent.GIVEN), (PartyRole.CITIZEN, Consent.GIVEN),
        (PartyRole.CASEWORKER, Consent.GIVEN), (PartyRole.MANAGER, Consent.PENDING)]
    impartial = detail.parties[0]

    meeting = mediation.plan_meeting(db, ombudsman, case.id, plan([impartial.id, mother.id, worker.id, manager.id]))
    assert meeting.status == MeetingStatus.PLANNED
    assert [a.title for a in meeting.agenda] == ["Velkomst og rammer", "Aflastningen", "Aftaler"]
    assert {p.attendance for p in meeting.participants} == {Attendance.INVITED}

    held = mediation.log_meeting(db, ombudsman, meeting.id, meeting.version, MeetingLog(
        attendance={impartial.id: Attendance.ATTENDED, mother.id: Attendance.ATTENDED,
                    worker.id: Attendance.ATTENDED, manager.id: Attendance.APOLOGIES},
        trust_after={mother.id: 6, worker.id: 7},
        agenda=(("Velkomst og rammer", "Borgerrådgiveren forklarede sin rolle som uvildig."),
                ("Aflastningen", "Mor beskrev behovet; sagsbehandleren forklarede reglerne."), ("Aftaler", "")),
        agreements=("Ny vurdering af aflastning inden 1. oktober.",),
        followups=(FollowUpForm(worker.id, "Sende ny vurdering til mor", dt.date(2025, 10, 1)),),
        next_meeting=plan([impartial.id, mother.id, worker.id], starts_at=local(2025, 10, 8, 13, 0),
                          purpose="Opfølgning på aftalerne")))
    assert held.status == MeetingStatus.HELD and held.version == 2
    assert {p.party_name: (p.attendance, p.trust_after) for p in held.participants} == {
        impartial.name: (Attendance.ATTENDED, None), "Mor": (Attendance.ATTENDED, 6),
        "Sagsbehandler": (Attendance.ATTENDED, 7), "Leder": (Attendance.APOLOGIES, None)}
    assert held.agenda[1].notes.startswith("Mor beskrev")
    assert [a.text for a in held.agreements] == ["Ny vurdering af aflastning inden 1. oktober."]
    assert [(f.owner_name, f.due_on, f.done_on) for f in held.followups] == [
        ("Sagsbehandler", dt.date(2025, 10, 1), None)]

    detail = mediation.get_mediation(db, ombudsman, case.id)
    assert detail.next_meeting.starts_at == local(2025, 10, 8, 13, 0)
    assert detail.case.next_meeting_at == local(2025, 10, 8, 13, 0)
    assert detail.case.open_followups == 1 and detail.case.meeting_count == 2

    followup = detail.followups[0]
    done = mediation.complete_followup(db, ombudsman, followup.id, followup.version)
    assert done.done_on == dt.date(2025, 9, 15)
    assert mediation.open_followups(db, ombudsman).total == 0
    with pytest.raises(StaleVersion):
        mediation.complete_followup(db, ombudsman, followup.id, followup.version, reopen=True)
    assert mediation.get_mediation(db, ombudsman, case.id).case.open_followups == 0


def test_meeting_without_participants_is_refused(db, setup):
    ombudsman, _complaint, case, mother, worker, _manager = setup
    with pytest.raises(ValidationError) as info:
        mediation.plan_meeting(db, ombudsman, case.id, plan([]))
    assert info.value.key == "mediation.error.no_participants"
    meeting = mediation.plan_meeting(db, ombudsman, case.id, plan([mother.id, worker.id]))
    with pytest.raises(ValidationError) as info:
        mediation.log_meeting(db, ombudsman, meeting.id, meeting.version, MeetingLog(
            attendance={mother.id: Attendance.APOLOGIES, worker.id: Attendance.ABSENT},
            agreements=("Ingen",)))
    assert info.value.key == "mediation.error.no_participants"
    stored = mediation.get_meeting(db, ombudsman, meeting.id)
    assert stored.status == MeetingStatus.PLANNED and stored.agreements == ()


def test_followup_without_owner_or_action_is_refused_and_nothing_is_half_saved(db, setup):
    ombudsman, _complaint, case, mother, worker, _manager = setup
    meeting = mediation.plan_meeting(db, ombudsman, case.id, plan([mother.id, worker.id]))
    base = dict(attendance={mother.id: Attendance.ATTENDED, worker.id: Attendance.ATTENDED},
                agreements=("Aftale",), trust_after={mother.id: 5})
    for followup, key in [
        (FollowUpForm(None, "Ringe til skolen", dt.date(2025, 9, 20)), "mediation.error.followup_without_owner"),
        (FollowUpForm(worker.id, "  ", dt.date(2025, 9, 20)), "mediation.error.followup_without_action"),
        (FollowUpForm(worker.id, "Ringe", dt.date(2025, 9, 1)), "mediation.error.due_before_meeting"),
        (FollowUpForm(99999, "Ringe", None), "mediation.error.unknown_party"),
    ]:
        with pytest.raises(ValidationError) as info:
            mediation.log_meeting(db, ombudsman, meeting.id, meeting.version, MeetingLog(**base, followups=(followup,)))
        assert info.value.key == key
    with pytest.raises(ValidationError) as info:
        mediation.add_followup(db, ombudsman, case.id, FollowUpForm(None, "Ringe"))
    assert info.value.key == "mediation.error.followup_without_owner"
    stored = mediation.get_meeting(db, ombudsman, meeting.id)
    assert stored.status == MeetingStatus.PLANNED and stored.agreements == () and stored.version == 1
    assert db.fetchone("SELECT count(*) FROM mediation_followups")[0] == 0


def test_other_bad_meeting_input(db, setup):
    ombudsman, _complaint, case, mother, worker, manager = setup
    for overrides, key in [
        (dict(place="", video_link=""), "mediation.error.place_required"),
        (dict(video_link="javascript:alert(1)"), "mediation.error.bad_link"),
        (dict(purpose=" "), "error.required"),
        (dict(starts_at=None), "error.required"),
    ]:
        with pytest.raises(ValidationError) as info:
            mediation.plan_meeting(db, ombudsman, case.id, plan([mother.id], **overrides))
        assert info.value.key == key
    online = mediation.plan_meeting(db, ombudsman, case.id, plan([mother.id], place="",
                                                                 video_link="https://video.example.dk/rum/42"))
    assert online.video_link == "https://video.example.dk/rum/42"
    future = mediation.plan_meeting(db, ombudsman, case.id, plan([mother.id, worker.id],
                                                                 starts_at=local(2025, 9, 20, 10, 0)))
    attended = {mother.id: Attendance.ATTENDED}
    for meeting, log, key in [
        (future, MeetingLog(attendance=attended), "mediation.error.meeting_in_future"),
        (online, MeetingLog(attendance=attended, trust_after={mother.id: 11}), "mediation.error.trust_range"),
        (online, MeetingLog(attendance={mother.id: Attendance.ATTENDED, manager.id: Attendance.APOLOGIES},
                            trust_after={manager.id: 5}), "mediation.error.trust_without_attendance"),
        (online, MeetingLog(attendance=attended, next_meeting=plan([mother.id], starts_at=local(2025, 9, 1, 9, 0))),
         "mediation.error.next_before_this"),
    ]:
        with pytest.raises(ValidationError) as info:
            mediation.log_meeting(db, ombudsman, meeting.id, meeting.version, log)
        assert info.value.key == key
    with pytest.raises(ValidationError) as info:
        mediation.add_party(db, ombudsman, case.id, PartyForm("Far", PartyRole.RELATIVE, Consent.GIVEN))
    assert info.value.key == "error.consent_date_required"
    with pytest.raises(ValidationError) as info:
        mediation.add_party(db, ombudsman, case.id, PartyForm("Far", PartyRole.RELATIVE, trust_before=-1))
    assert info.value.key == "mediation.error.trust_range"
    with pytest.raises(ValidationError) as info:
        mediation.create_mediation(db, ombudsman, MediationForm(MediationKind.MEDIATION, "x", "Familie 2",
                                                                inquiry_id=4242))
    assert info.value.key == "mediation.error.unknown_inquiry"


def test_party_in_use_cannot_be_removed(db, setup):
    ombudsman, _complaint, case, mother, worker, manager = setup
    mediation.add_followup(db, ombudsman, case.id, FollowUpForm(worker.id, "Ringe til mor", dt.date(2025, 9, 30)))
    with pytest.raises(ValidationError) as info:
        mediation.remove_party(db, ombudsman, worker.id)
    assert info.value.key == "mediation.error.party_in_use"
    mediation.remove_party(db, ombudsman, manager.id)
    assert [p.name for p in mediation.get_mediation(db, ombudsman, case.id).parties][1:] == ["Mor", "Sagsbehandler"]


def test_confidential_to_the_ombudsman_in_the_service_layer(db, users, setup):
    ombudsman, _complaint, case, mother, worker, _manager = setup
    meeting = mediation.plan_meeting(db, ombudsman, case.id, plan([mother.id, worker.id]))
    mediation.log_meeting(db, ombudsman, meeting.id, meeting.version, MeetingLog(
        attendance={mother.id: Attendance.ATTENDED}, agenda=(("Aflastningen", "Fortrolig note"),)))
    before = db.fetchone("SELECT count(*) FROM audit_log")[0]
    for role in (Role.ADMINISTRATOR, Role.CHAIR, Role.REVIEWER, Role.READER):
        actor = users[role]
        with pytest.raises(PermissionDenied):
            mediation.get_meeting(db, actor, meeting.id)  # the meeting notes
        with pytest.raises(PermissionDenied):
            mediation.get_mediation(db, actor, case.id)
        with pytest.raises(PermissionDenied):
            mediation.list_mediation_cases(db, actor)
        with pytest.raises(PermissionDenied):
            mediation.add_party(db, actor, case.id, PartyForm("X", PartyRole.NETWORK))
    assert db.fetchone("SELECT count(*) FROM audit_log")[0] == before  # refused calls read nothing


def test_every_access_is_audited_without_free_text(db, setup):
    ombudsman, _complaint, case, mother, _worker, _manager = setup
    db.write(lambda cur: cur.execute("DELETE FROM audit_log"))
    mediation.list_mediation_cases(db, ombudsman)
    mediation.get_mediation(db, ombudsman, case.id)
    meeting = mediation.plan_meeting(db, ombudsman, case.id, plan([mother.id]))
    mediation.get_meeting(db, ombudsman, meeting.id)
    mediation.log_meeting(db, ombudsman, meeting.id, meeting.version, MeetingLog(
        attendance={mother.id: Attendance.ATTENDED}, agenda=(("Aflastningen", "Fortrolig note om mor"),),
        agreements=("Hemmelig aftale",)))
    rows = db.fetchall("SELECT action, record_type, pseudonym, details FROM audit_log ORDER BY id")
    assert [(r[0], r[1]) for r in rows] == [
        ("search", "mediation_case"), ("read", "mediation_case"), ("create", "mediation_meeting"),
        ("read", "mediation_meeting"), ("change", "mediation_meeting")]
    assert all(r[2] == "Familie 11" for r in rows[1:])
    assert json.loads(rows[-1][3])["agreements"] == 1
    assert not any("Fortrolig" in r[3] or "Hemmelig" in r[3] for r in rows)


def test_not_found_and_stale_plan(db, setup):
    ombudsman, _complaint, case, mother, worker, _manager = setup
    with pytest.raises(NotFound):
        mediation.get_mediation(db, ombudsman, 999)
    meeting = mediation.plan_meeting(db, ombudsman, case.id, plan([mother.id]))
    changed = mediation.update_meeting_plan(db, ombudsman, meeting.id, meeting.version,
                                            plan([mother.id, worker.id], place="Borgerservice"))
    assert changed.place == "Borgerservice" and len(changed.participants) == 2
    with pytest.raises(StaleVersion):
        mediation.update_meeting_plan(db, ombudsman, meeting.id, meeting.version, plan([mother.id]))
    mediation.cancel_meeting(db, ombudsman, meeting.id, changed.version)
    assert mediation.get_meeting(db, ombudsman, meeting.id).status == MeetingStatus.CANCELLED
    closed = mediation.update_mediation(db, ombudsman, case.id, case.version, MediationForm(
        MediationKind.MEDIATION, case.title, case.citizen, case.area, case.inquiry_id, opened_on=case.opened_on,
        status=MediationStatus.CLOSED))
    assert closed.closed_on == dt.date(2025, 9, 15)
    with pytest.raises(ValidationError) as info:
        mediation.plan_meeting(db, ombudsman, case.id, plan([mother.id]))
    assert info.value.key == "mediation.error.case_closed"
