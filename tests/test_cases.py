"""Case register services: create, edit, stale saves, timeline, search, audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.models import CaseStatus, EventType, Role
from reviews.models import Consent, Discipline, Nomination
from reviews.services import cases
from reviews.services import reviews as review_service
from reviews.services.cases import CaseForm


def in_review(db, chair, case_id: int, *members) -> int:
    """A review chaired by `chair` with `members`, holding the case with the family's consent."""
    review = review_service.create_review(db, chair, review_service.ReviewForm(f"Gennemgang {case_id}"))
    for member in members:
        review_service.set_member(db, chair, review.id, member.id, Discipline.SOCIAL_WORKER)
    review_service.select_case(db, chair, review.id, case_id, review_service.SelectionForm(
        Nomination.FAMILIES, consent=Consent.GIVEN, consent_date=dt.date(2024, 1, 2)))
    return review.id


def audit_rows(db, action=None):
    sql = "SELECT action, record_type, pseudonym, purpose, details FROM audit_log"
    rows = db.fetchall(sql + " ORDER BY id")
    return [r for r in rows if action is None or r[0] == action]


def test_create_and_read_case_with_timeline(db, users):
    chair = users[Role.CHAIR]
    saved = cases.create_case(db, chair, CaseForm("Familie 17", "Børn og Familie", dt.date(2020, 5, 17),
                                                  summary="Far og datter; bekymring fra børnehaven."))
    case = saved.record
    assert case.version == 1 and case.status == CaseStatus.OPEN
    cases.add_event(db, chair, case.id, event_date=dt.date(2020, 6, 1), event_type=EventType.MEETING,
                    text="Møde med far på rådhuset.")
    cases.add_event(db, chair, case.id, event_date=dt.date(2020, 5, 20), event_type=EventType.INQUIRY,
                    text="Underretning fra børnehaven.")
    with pytest.raises(NotFound):  # not (yet) the reviewer's work
        cases.get_case(db, users[Role.REVIEWER], case.id)
    in_review(db, chair, case.id, users[Role.REVIEWER])
    detail = cases.get_case(db, users[Role.REVIEWER], case.id, purpose="Gennemgang: Task Force 4200")
    assert [e.event_type for e in detail.events] == [EventType.INQUIRY, EventType.MEETING]  # by date
    reads = audit_rows(db, "read")
    assert reads[-1][1:4] == ("case", "Familie 17", "Gennemgang: Task Force 4200")


def test_stale_save_is_refused_and_shows_the_newer_text(db, users):
    chair, ombudsman = users[Role.CHAIR], users[Role.OMBUDSMAN]
    case = cases.create_case(db, chair, CaseForm("Familie 3", summary="Første tekst")).record
    in_review(db, chair, case.id, ombudsman)
    cases.update_case(db, ombudsman, case.id, case.version, CaseForm("Familie 3", summary="Borgerrådgiverens tekst"))
    with pytest.raises(StaleVersion) as info:
        cases.update_case(db, chair, case.id, case.version, CaseForm("Familie 3", summary="Formandens tekst"))
    assert info.value.current.summary == "Borgerrådgiverens tekst"
    assert info.value.current.version == 2
    stored = cases.get_case(db, chair, case.id).case
    assert stored.summary == "Borgerrådgiverens tekst"  # nothing overwritten


def test_cpr_numbers_are_masked_before_storing(db, users):
    chair = users[Role.CHAIR]
    saved = cases.create_case(db, chair, CaseForm("Familie 5", summary="Barnets cpr 010203-1234 og 0102030000"))
    assert saved.masked_cpr == 2
    assert "010203" not in saved.record.summary
    with pytest.raises(ValidationError) as info:
        cases.create_case(db, chair, CaseForm("241299-1234"))
    assert info.value.key == "error.pseudonym_is_cpr"
    assert db.fetchone("SELECT count(*) FROM cases WHERE summary LIKE '%010203%'")[0] == 0


def test_bad_input_changes_nothing(db, users):
    chair = users[Role.CHAIR]
    before = db.fetchone("SELECT count(*) FROM cases")[0]
    for form, key in [
        (CaseForm("  "), "error.required"),
        (CaseForm("Familie 9", opened=dt.date(2021, 1, 2), closed=dt.date(2020, 1, 1)), "error.closed_before_opened"),
        (CaseForm("Familie 9", summary="x" * 100_001), "error.too_long"),
    ]:
        with pytest.raises(ValidationError) as info:
            cases.create_case(db, chair, form)
        assert info.value.key == key
    assert db.fetchone("SELECT count(*) FROM cases")[0] == before
    case = cases.create_case(db, chair, CaseForm("Familie 9")).record
    with pytest.raises(ValidationError):
        cases.create_case(db, chair, CaseForm("familie 9"))  # pseudonyms are unique regardless of case
    with pytest.raises(ValidationError):
        cases.add_event(db, chair, case.id, event_date=dt.date(2020, 1, 1), event_type="ukendt", text="x")
    with pytest.raises(NotFound):
        cases.add_event(db, chair, 999, event_date=dt.date(2020, 1, 1), event_type=EventType.OTHER, text="x")


def test_control_characters_are_removed(db, users):
    saved = cases.create_case(db, users[Role.CHAIR], CaseForm("Familie 8", summary="a\x00b\x1fc\nd\ufffe"))
    assert saved.record.summary == "abc\nd"


def test_event_edit_and_delete_with_versions(db, users):
    chair = users[Role.CHAIR]
    case = cases.create_case(db, chair, CaseForm("Familie 4")).record
    event = cases.add_event(db, chair, case.id, event_date=dt.date(2021, 1, 1), event_type=EventType.COMPLAINT,
                            text="Klage over svartid.").record
    edited = cases.update_event(db, chair, event.id, event.version, event_date=dt.date(2021, 1, 2),
                                event_type=EventType.COMPLAINT, text="Klage over lang svartid.").record
    assert edited.version == 2
    with pytest.raises(StaleVersion):
        cases.delete_event(db, chair, event.id, event.version)
    cases.delete_event(db, chair, event.id, edited.version)
    assert cases.get_case(db, chair, case.id).events == []
    assert [r[0] for r in audit_rows(db) if r[1] == "timeline_event"] == ["create", "change", "delete"]


def test_search_filters_pages_and_logs_criteria(db, users):
    chair = users[Role.CHAIR]
    for n in range(1, 31):
        area = "Børn og Familie" if n % 2 else "Handicap og Psykiatri"
        c = cases.create_case(db, chair, CaseForm(f"Familie {n}", area, dt.date(2020, 1, n % 28 + 1))).record
        if n == 13:
            cases.add_event(db, chair, c.id, event_date=dt.date(2020, 2, 1), event_type=EventType.HOME_VISIT,
                            text="Hjemmebesøg hos mormor på Ærø")
    page = cases.search_cases(db, chair, area="Børn og Familie", page_size=25)
    assert (page.total, len(page.items), page.page_count) == (15, 15, 1)
    assert cases.search_cases(db, chair, area="Børn og Familie", page=2, page_size=25).items == []
    first = cases.search_cases(db, chair, page_size=25)
    assert first.total == 30 and first.page_count == 2
    assert [c.pseudonym for c in first.items[:3]] == ["Familie 1", "Familie 2", "Familie 3"]  # natural order
    found = cases.search_cases(db, chair, text="ærø")
    assert [c.pseudonym for c in found.items] == ["Familie 13"]
    assert cases.search_cases(db, chair, text="100%_").total == 0  # LIKE wildcards are literal
    searches = audit_rows(db, "search")
    assert '"text": "ærø"' in searches[-2][4]


def test_reader_cannot_read_cases_and_reviewer_cannot_edit(db, users):
    case = cases.create_case(db, users[Role.CHAIR], CaseForm("Familie 1")).record
    with pytest.raises(PermissionDenied):
        cases.get_case(db, users[Role.READER], case.id)
    with pytest.raises(PermissionDenied):
        cases.search_cases(db, users[Role.READER])
    with pytest.raises(PermissionDenied):
        cases.update_case(db, users[Role.REVIEWER], case.id, 1, CaseForm("Familie 1", summary="x"))
    assert cases.get_case(db, users[Role.CHAIR], case.id).case.summary == ""
