"""Builds a small review for the case-review tests: cases with timelines, members of four disciplines, one
reviewer outside the review, and the shipped codes by key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews.models import Consent, Discipline, EventType, Nomination, Role, User
from reviews.models.case_review import Polarity
from reviews.services import auth
from reviews.services import cases as case_service
from reviews.services import codebooks as codebook_service
from reviews.services import findings
from reviews.services import reviews as review_service


@dataclass
class World:
    review_id: int
    case_ids: list[int]
    events: dict[int, list]  # case id -> its timeline events
    chair: User
    r1: User  # socialrådgiver
    r2: User  # jurist
    r3: User  # psykolog
    ombudsman: User
    outsider: User  # a reviewer who is not a member
    reader: User
    admin: User
    codes: dict[str, int]  # code key -> id


def _user(db, username: str, role: Role) -> User:
    return auth.create_user_unchecked(db, None, username=username, full_name=f"Test {username}", role=role,
                                      password="test-password-1")


def make_world(db, users, *, blind: bool = True, n_cases: int = 3, name: str = "Test Task Force") -> World:
    chair = users[Role.CHAIR]
    case_ids, events = [], {}
    for number in range(1, n_cases + 1):
        case = case_service.create_case(db, chair, case_service.CaseForm(
            f"{name} Familie {number}", "Børn og Familie", dt.date(2020, 1, number))).record
        case_ids.append(case.id)
        for day, kind, text in [(2, EventType.MEETING, "Møde med familien."),
                                (20, EventType.DECISION, "Afgørelse uden klagevejledning.")]:
            case_service.add_event(db, chair, case.id, event_date=dt.date(2020, 2, day), event_type=kind, text=text)
        events[case.id] = case_service.get_case(db, chair, case.id).events
    review = review_service.create_review(db, chair, review_service.ReviewForm(name, "Kommissorium", None, blind))
    r1 = users[Role.REVIEWER]
    r2 = _user(db, f"jurist-{review.id}", Role.REVIEWER)
    r3 = _user(db, f"psykolog-{review.id}", Role.REVIEWER)
    outsider = _user(db, f"udenfor-{review.id}", Role.REVIEWER)
    for user, discipline in [(r1, Discipline.SOCIAL_WORKER), (r2, Discipline.LAWYER), (r3, Discipline.PSYCHOLOGIST),
                             (users[Role.OMBUDSMAN], Discipline.OMBUDSMAN)]:
        review_service.set_member(db, chair, review.id, user.id, discipline)
    for case_id in case_ids:
        # The families' consent is given: a case without a basis is neither read nor coded (test_consent.py).
        review_service.select_case(db, chair, review.id, case_id, review_service.SelectionForm(
            Nomination.FAMILIES, consent=Consent.GIVEN, consent_date=dt.date(2020, 12, 1)))
    codes = {c.key: c.id for c in codebook_service.list_codes(db, users[Role.ADMINISTRATOR])}
    return World(review.id, case_ids, events, chair, r1, r2, r3, users[Role.OMBUDSMAN], outsider,
                 users[Role.READER], users[Role.ADMINISTRATOR], codes)


def add(db, world: World, user: User, case_id: int, code_keys, *, text: str = "Et fund.",
        polarity: Polarity = Polarity.CONCERN, event_index: int | None = 0, **extra):
    """Add a finding by `user` and return it."""
    event_id = world.events[case_id][event_index].id if event_index is not None else None
    return findings.add_finding(db, user, world.review_id, case_id, findings.FindingForm(
        text=text, code_ids=tuple(world.codes[k] for k in code_keys), polarity=polarity, event_id=event_id,
        **extra)).record
