"""Yearly statistics and complaint analysis against a hand-counted fixture (see the table in `fixture`)."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest

from reviews import clock
from reviews.analysis import contact_rule as rule
from reviews.errors import PermissionDenied
from reviews.models import Consent, Role
from reviews.models.ombudsman import Attendance, Channel, InquiryType, MediationKind, Outcome, PartyRole
from reviews.services import inquiries, mediation, ombudsman_categories, ombudsman_stats
from reviews.services.inquiries import InquiryForm
from reviews.services.mediation import MediationForm, MeetingLog, MeetingPlan, PartyForm

D = dt.datetime
K, V, DM = InquiryType.COMPLAINT, InquiryType.GUIDANCE, InquiryType.DIALOGUE_MEETING
BOF, HOP, BESK, AOS = "Børn og Familie", "Handicap og Psykiatri", "Beskæftigelse", "Ældre og Sundhed"
LANG, SVAR, UKLAR, SKIFT = "Lang sagsbehandlingstid", "Manglende svar", "Uklar kommunikation", "Skift af sagsbehandler"


def local(*args):
    return rule.local_to_utc(D(*args))


@pytest.fixture
def fixture(db, users, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: D(2026, 1, 10, 12, 0))
    ombudsman = users[Role.OMBUDSMAN]
    cause = {c.name: c.id for c in inquiries.list_causes(db, ombudsman)}
    rows = [
        # received (local)          type area  outcome                causes        first contact (local)
        ((2024, 3, 5, 10, 0), K, BOF, Outcome.RESOLVED, [LANG], (2024, 3, 5, 12, 0)),  # a: met
        ((2024, 12, 31, 23, 30), K, HOP, None, [SVAR, UKLAR], (2025, 1, 2, 9, 0)),  # b: 2024, missed
        ((2024, 6, 1, 9, 0), V, BESK, Outcome.REFERRED, [], None),  # c
        ((2025, 1, 1, 0, 30), K, BOF, Outcome.CRITICISM, [SVAR], (2025, 1, 1, 10, 0)),  # d: 2025 (UTC: 2024), met
        ((2025, 1, 15, 9, 0), K, BOF, None, [LANG, SVAR], None),  # e: overdue
        ((2025, 3, 29, 12, 0), K, HOP, Outcome.NO_CRITICISM, [SKIFT], (2025, 3, 30, 12, 30)),  # f: DST, met
        ((2025, 10, 25, 12, 0), K, HOP, Outcome.REJECTED, [], (2025, 10, 26, 11, 30)),  # g: DST, missed
        ((2025, 5, 5, 9, 0), V, AOS, Outcome.RESOLVED, [UKLAR], None),  # h
        ((2025, 5, 6, 9, 0), DM, BOF, None, [], None),  # i
    ]
    for n, (received, kind, area, outcome, causes, contact) in enumerate(rows):
        inquiries.create_inquiry(db, ombudsman, InquiryForm(
            received_at=local(*received), channel=Channel.EMAIL if n % 2 else Channel.PHONE, area=area,
            inquiry_type=kind, citizen=f"Borger {n}", account="Fri tekst, der aldrig må stå i statistikken",
            cause_ids=tuple(cause[c] for c in causes), outcome=outcome,
            first_contact_at=local(*contact) if contact else None))
    # A retired cause keeps counting under its name.
    ombudsman_categories.set_cause_active(db, users[Role.ADMINISTRATOR], cause[SKIFT], False)

    # Mediation 2025: mother 2 -> 5 -> 7, caseworker 4 -> 6 (no score at the second meeting), manager no scores.
    case = mediation.create_mediation(db, ombudsman, MediationForm(MediationKind.MEDIATION, "Mægling", "Familie 11",
                                                                   opened_on=dt.date(2025, 8, 5)))
    mother = mediation.add_party(db, ombudsman, case.id, PartyForm("Mor", PartyRole.CITIZEN, Consent.GIVEN,
                                                                 dt.date(2025, 8, 5), 2))
    worker = mediation.add_party(db, ombudsman, case.id, PartyForm("Rådgiver", PartyRole.CASEWORKER, Consent.GIVEN,
                                                                 dt.date(2025, 8, 5), 4))
    mediation.add_party(db, ombudsman, case.id, PartyForm("Leder", PartyRole.MANAGER))
    for day, scores in ((10, {mother.id: 5, worker.id: 6}), (8, {mother.id: 7})):
        month = 9 if day == 10 else 10
        meeting = mediation.plan_meeting(db, ombudsman, case.id, MeetingPlan(
            local(2025, month, day, 13, 0), place="Rådhuset", purpose="Samarbejdet", party_ids=(mother.id, worker.id)))
        mediation.log_meeting(db, ombudsman, meeting.id, meeting.version, MeetingLog(
            attendance={mother.id: Attendance.ATTENDED, worker.id: Attendance.ATTENDED}, trust_after=scores))
    # Dialogue meeting 2024: one party 8 -> 6 (worse).
    other = mediation.create_mediation(db, ombudsman, MediationForm(MediationKind.DIALOGUE_MEETING, "Dialog",
                                                                    "Familie 3", opened_on=dt.date(2024, 11, 1)))
    father = mediation.add_party(db, ombudsman, other.id, PartyForm("Far", PartyRole.CITIZEN, Consent.GIVEN,
                                                                  dt.date(2024, 11, 1), 8))
    meeting = mediation.plan_meeting(db, ombudsman, other.id, MeetingPlan(
        local(2024, 11, 20, 10, 0), place="Rådhuset", purpose="Dialog", party_ids=(father.id,)))
    mediation.log_meeting(db, ombudsman, meeting.id, meeting.version, MeetingLog(
        attendance={father.id: Attendance.ATTENDED}, trust_after={father.id: 6}))
    return users


def counts(frame, year):
    return {r.category: r.n for r in frame.itertuples() if r.year == year and r.n}


def test_yearly_counts_by_type_area_outcome_cause(db, fixture):
    chair = fixture[Role.CHAIR]
    report = ombudsman_stats.yearly_report(db, chair, 2025, compare=1)
    assert report.years == [2024, 2025]
    assert dict(zip(report.totals["year"], report.totals["n"])) == {2024: 3, 2025: 6}
    assert counts(report.by_type, 2024) == {"klage": 2, "vejledning": 1}
    assert counts(report.by_type, 2025) == {"klage": 4, "vejledning": 1, "dialogmøde": 1}
    # Every fixed type is listed, zero where none, so the years line up.
    assert list(report.by_type[report.by_type.year == 2025]["category"]) == [t.value for t in InquiryType]
    assert counts(report.by_area, 2024) == {BOF: 1, HOP: 1, BESK: 1}
    assert counts(report.by_area, 2025) == {BOF: 3, HOP: 2, AOS: 1}
    assert counts(report.by_outcome, 2024) == {"løst gennem dialog": 1, "henvist": 1, "": 1}
    assert counts(report.by_outcome, 2025) == {"kritik af forvaltningen": 1, "ingen kritik": 1, "afvist": 1,
                                               "løst gennem dialog": 1, "": 2}
    assert counts(report.by_cause, 2024) == {LANG: 1, SVAR: 1, UKLAR: 1, "": 1}
    assert counts(report.by_cause, 2025) == {SVAR: 2, LANG: 1, SKIFT: 1, UKLAR: 1, "": 2}
    assert SKIFT in list(report.by_cause["category"])  # retired, still counted under its name
    assert counts(report.by_channel, 2025) == {"telefon": 3, "e-mail": 3}


def test_contact_rule_compliance_by_month_and_year(db, fixture):
    reader = fixture[Role.READER]
    month = ombudsman_stats.contact_compliance_by_month(db, reader, 2025)
    assert list(month["month"]) == list(range(1, 13))
    rows = {r.month: (r.met, r.missed, r.overdue, r.open) for r in month.itertuples() if r.total}
    assert rows == {1: (1, 0, 1, 0), 3: (1, 0, 0, 0), 10: (0, 1, 0, 0)}
    shares = dict(zip(month["month"], month["share_met"]))
    assert (shares[1], shares[3], shares[10]) == (0.5, 1.0, 0.0)
    assert math.isnan(shares[2])  # no complaints: no share, not 0 %
    year = ombudsman_stats.contact_compliance_by_year(db, reader, [2024, 2025])
    assert [(r.year, r.met, r.missed, r.overdue, r.share_met) for r in year.itertuples()] == [
        (2024, 1, 1, 0, 0.5), (2025, 2, 1, 1, 0.5)]


def test_mediation_outcomes_before_and_after(db, fixture):
    chair = fixture[Role.CHAIR]
    by_kind = ombudsman_stats.mediation_outcomes(db, chair, [2024, 2025], by="kind")
    rows = {(r.year, r.category): (r.cases, r.pairs, r.before, r.after, r.improved) for r in by_kind.itertuples()}
    assert rows == {(2024, "dialogmøde"): (1, 1, 8.0, 6.0, 0), (2025, "mægling"): (1, 2, 3.0, 6.5, 2)}
    by_role = ombudsman_stats.mediation_outcomes(db, chair, [2025], by="party_role")
    roles = {r.category: (r.pairs, r.before, r.after) for r in by_role.itertuples() if r.pairs}
    assert roles == {"borger": (1, 2.0, 7.0), "sagsbehandler": (1, 4.0, 6.0)}
    report = ombudsman_stats.yearly_report(db, chair, 2025, compare=1)
    held = {(r.year, r.category): (r.cases, r.meetings_held) for r in report.mediation_counts.itertuples()}
    assert held == {(2024, "dialogmøde"): (1, 1), (2025, "mægling"): (1, 2)}


def test_complaint_analysis_causes_by_area_over_time_and_top_causes(db, fixture):
    chair = fixture[Role.CHAIR]
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    over_time = ombudsman_stats.causes_over_time(db, chair, *year)
    assert {(r.period.date(), r.area, r.cause, r.n) for r in over_time.itertuples()} == {
        (dt.date(2025, 1, 1), BOF, SVAR, 2), (dt.date(2025, 1, 1), BOF, LANG, 1),
        (dt.date(2025, 3, 1), HOP, SKIFT, 1), (dt.date(2025, 10, 1), HOP, "", 1)}
    quarters = ombudsman_stats.causes_over_time(db, chair, *year, grain="quarter", area=HOP)
    assert {(r.period.date(), r.cause, r.n) for r in quarters.itertuples()} == {
        (dt.date(2025, 1, 1), SKIFT, 1), (dt.date(2025, 10, 1), "", 1)}
    top = ombudsman_stats.top_causes(db, chair, *year)
    assert [(r.cause, r.n) for r in top.itertuples()] == [(SVAR, 2), ("", 1), (LANG, 1), (SKIFT, 1)]
    assert top["share"].iloc[0] == 0.5  # 2 of the 4 complaints
    everything = ombudsman_stats.top_causes(db, chair, *year, inquiry_type=None)
    assert dict(zip(everything["cause"], everything["n"]))[UKLAR] == 1


def test_aggregates_only_and_only_for_chair_reader_ombudsman(db, fixture):
    report = ombudsman_stats.yearly_report(db, fixture[Role.OMBUDSMAN], 2025)
    frames = [report.totals, report.by_type, report.by_area, report.by_outcome, report.by_cause, report.by_channel,
              report.contact_by_month, report.contact_by_year, report.mediation_counts, report.trust_by_kind,
              report.trust_by_role]
    text = " ".join(f.to_csv() for f in frames)
    assert not re.search(r"Borger \d|Familie \d|Fri tekst|Mor|Rådgiver|Leder|Far", text)
    for role in (Role.ADMINISTRATOR, Role.REVIEWER):
        with pytest.raises(PermissionDenied):
            ombudsman_stats.yearly_report(db, fixture[role], 2025)
        with pytest.raises(PermissionDenied):
            ombudsman_stats.top_causes(db, fixture[role], dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert ombudsman_stats.available_years(db, fixture[Role.READER]) == [2024, 2025]


def test_key_figures_compare_with_the_year_before(db, fixture):
    chair = fixture[Role.CHAIR]
    key = ombudsman_stats.key_figures(ombudsman_stats.yearly_report(db, chair, 2025, compare=1))
    assert (key.year, key.previous) == (2025, 2024)
    assert (key.inquiries, key.inquiries_before, key.complaints, key.complaints_before) == (6, 3, 4, 2)
    assert (key.share_met, key.share_met_before, key.share_met_change) == (0.5, 0.5, 0.0)
    assert key.mediation_cases == 1
    # 2023 has no registrations: zero counts, and no share, so no change in share either.
    first = ombudsman_stats.key_figures(ombudsman_stats.yearly_report(db, chair, 2024, compare=1))
    assert (first.previous, first.inquiries, first.inquiries_before, first.mediation_cases) == (2023, 3, 0, 1)
    assert first.share_met == 0.5 and math.isnan(first.share_met_before) and math.isnan(first.share_met_change)
