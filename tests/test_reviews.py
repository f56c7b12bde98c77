"""Reviews: mandate, members with disciplines, selected cases with provenance and consent."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.models import Consent, Discipline, Nomination, Role
from reviews.services import reviews as review_service
from reviews.services.cases import CaseForm, create_case
from reviews.services.reviews import ReviewForm, SelectionForm


@pytest.fixture
def review(db, users):
    return review_service.create_review(db, users[Role.CHAIR], ReviewForm(
        "Task Force 4200", "Fremdrag læringspunkter af 4-5 sager.", dt.date(2021, 3, 31), blind=True))


def test_members_carry_their_discipline(db, users, review):
    chair = users[Role.CHAIR]
    review_service.set_member(db, chair, review.id, users[Role.REVIEWER].id, Discipline.LAWYER)
    review_service.set_member(db, chair, review.id, users[Role.OMBUDSMAN].id, Discipline.OMBUDSMAN)
    review_service.set_member(db, chair, review.id, users[Role.REVIEWER].id, Discipline.PSYCHOLOGIST)  # update
    detail = review_service.get_review(db, users[Role.READER], review.id)
    assert {(m.username, m.discipline) for m in detail.members} == {
        ("reviewer", Discipline.PSYCHOLOGIST), ("ombudsman", Discipline.OMBUDSMAN)}
    review_service.remove_member(db, chair, review.id, users[Role.OMBUDSMAN].id)
    assert len(review_service.get_review(db, chair, review.id).members) == 1


def test_case_selection_records_provenance_and_consent(db, users, review):
    chair = users[Role.CHAIR]
    case = create_case(db, chair, CaseForm("Familie 11")).record
    review_service.select_case(db, chair, review.id, case.id, SelectionForm(
        Nomination.COMMITTEE, "Udvalget ønsker svartiderne belyst.", Consent.GIVEN, dt.date(2020, 12, 1),
        "Hele sagen"))
    selected = review_service.get_review(db, chair, review.id).cases[0]
    hidden = review_service.get_review(db, users[Role.READER], review.id)
    assert hidden.cases == [] and hidden.review.case_count == 1  # readers see the count, not the cases
    assert (selected.pseudonym, selected.nominated_by, selected.consent, selected.consent_date) == (
        "Familie 11", Nomination.COMMITTEE, Consent.GIVEN, dt.date(2020, 12, 1))
    with pytest.raises(ValidationError) as info:
        review_service.select_case(db, chair, review.id, case.id, SelectionForm(Nomination.FAMILIES))
    assert info.value.key == "error.case_already_selected"
    # A consent answer needs its date.
    with pytest.raises(ValidationError):
        review_service.update_selection(db, chair, review.id, case.id, selected.version,
                                        SelectionForm(Nomination.COMMITTEE, consent=Consent.REFUSED))
    review_service.update_selection(db, chair, review.id, case.id, selected.version, SelectionForm(
        Nomination.COMMITTEE, "x", Consent.REFUSED, dt.date(2021, 1, 5)))
    with pytest.raises(StaleVersion) as stale:
        review_service.update_selection(db, chair, review.id, case.id, selected.version,
                                        SelectionForm(Nomination.FAMILIES))
    assert stale.value.current.consent == Consent.REFUSED
    review_service.remove_case(db, chair, review.id, case.id)
    assert review_service.get_review(db, chair, review.id).cases == []
    with pytest.raises(NotFound):
        review_service.remove_case(db, chair, review.id, case.id)


def test_review_names_are_unique_and_edits_are_versioned(db, users, review):
    chair = users[Role.CHAIR]
    with pytest.raises(ValidationError):
        review_service.create_review(db, chair, ReviewForm("task force 4200"))
    updated = review_service.update_review(db, chair, review.id, review.version,
                                           ReviewForm("Task Force 4200", "Nyt kommissorium", None, False))
    assert updated.version == 2 and updated.blind is False
    with pytest.raises(StaleVersion):
        review_service.update_review(db, chair, review.id, review.version, ReviewForm("Task Force 4200"))


def test_only_managers_change_reviews(db, users, review):
    case = create_case(db, users[Role.CHAIR], CaseForm("Familie 2")).record
    for role in (Role.REVIEWER, Role.READER):
        with pytest.raises(PermissionDenied):
            review_service.select_case(db, users[role], review.id, case.id, SelectionForm(Nomination.FAMILIES))
        with pytest.raises(PermissionDenied):
            review_service.create_review(db, users[role], ReviewForm("Ny"))
    assert review_service.get_review(db, users[Role.CHAIR], review.id).cases == []


def test_demo_review_has_five_selected_cases_and_members(demo_db):
    from tests.conftest import demo_user

    chair = demo_user(demo_db, Role.CHAIR)
    found = review_service.find_review(demo_db, chair, "Task Force 4200")
    detail = review_service.get_review(demo_db, chair, found.id)
    assert len(detail.cases) == 5 and detail.review.blind
    assert {m.discipline for m in detail.members} >= {Discipline.SOCIAL_WORKER, Discipline.LAWYER,
                                                      Discipline.PSYCHOLOGIST, Discipline.MANAGER}
    assert {c.nominated_by for c in detail.cases} == set(Nomination)
