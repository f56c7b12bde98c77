"""Plain records passed between storage, services and views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    CHAIR = "chair"
    REVIEWER = "reviewer"
    OMBUDSMAN = "ombudsman"
    READER = "reader"


class CaseStatus(StrEnum):
    OPEN = "åben"
    IN_REVIEW = "i gennemgang"
    CLOSED = "lukket"


class EventType(StrEnum):
    INQUIRY = "henvendelse"
    COMPLAINT = "klage"
    DECISION = "afgørelse"
    MEETING = "møde"
    HOME_VISIT = "hjemmebesøg"
    CASEWORKER_CHANGE = "skift af sagsbehandler"
    OTHER = "andet"


class Discipline(StrEnum):
    SOCIAL_WORKER = "socialrådgiver"
    LAWYER = "jurist"
    PSYCHOLOGIST = "psykolog"
    MANAGER = "leder"
    OMBUDSMAN = "borgerrådgiver"
    OTHER = "andet"


class Nomination(StrEnum):
    FAMILIES = "familiegruppen"
    COMMITTEE = "udvalget"
    OMBUDSMAN = "borgerrådgiver (egen drift)"
    TASK_FORCE = "task force"


class Consent(StrEnum):
    GIVEN = "givet"
    REFUSED = "afvist"
    PENDING = "afventer"


class ReviewBasis(StrEnum):
    """Why a selected case may be read and coded in its review. Without one (the family's consent is pending
    or refused and the ombudsman has not taken the case up on own initiative) the case stays out."""

    CONSENT = "familiens samtykke"
    OWN_INITIATIVE = "borgerrådgiverens egen drift-undersøgelse"


def review_basis(nominated_by: Nomination | str, consent: Consent | str) -> ReviewBasis | None:
    """The basis a selection records: the family's consent, else the ombudsman's own-initiative
    investigation, else none. (The same rule as SQL: reviews.storage.reviews.ADMISSIBLE.)"""
    if Consent(consent) == Consent.GIVEN:
        return ReviewBasis.CONSENT
    if Nomination(nominated_by) == Nomination.OMBUDSMAN:
        return ReviewBasis.OWN_INITIATIVE
    return None


@dataclass(frozen=True)
class User:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool = True
    language: str = "da"


@dataclass(frozen=True)
class Case:
    id: int
    pseudonym: str
    area: str
    opened: dt.date | None
    closed: dt.date | None
    status: CaseStatus
    summary: str
    version: int
    event_count: int = 0


@dataclass(frozen=True)
class TimelineEvent:
    id: int
    case_id: int
    event_date: dt.date
    event_type: EventType
    text: str
    version: int


@dataclass(frozen=True)
class Review:
    id: int
    name: str
    mandate: str
    deadline: dt.date | None
    blind: bool
    version: int
    case_count: int = 0
    member_count: int = 0
    closed_on: dt.date | None = None  # the retention period for its case material runs from here
    chair_id: int | None = None  # the user who chairs it: manages it and reads its cases


@dataclass(frozen=True)
class ReviewMember:
    review_id: int
    user_id: int
    username: str
    full_name: str
    discipline: Discipline


@dataclass(frozen=True)
class ReviewCase:
    review_id: int
    case_id: int
    pseudonym: str
    nominated_by: Nomination
    rationale: str
    consent: Consent
    consent_date: dt.date | None
    consent_scope: str
    version: int

    @property
    def basis(self) -> ReviewBasis | None:
        """None: the case may not be read or coded in the review (see `review_basis`)."""
        return review_basis(self.nominated_by, self.consent)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    user_id: int | None
    username: str
    action: str
    record_type: str
    record_id: str
    pseudonym: str
    purpose: str
    details: str


@dataclass(frozen=True)
class Page:
    """One page of a longer result list."""

    items: list
    total: int
    page: int
    page_size: int

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))
