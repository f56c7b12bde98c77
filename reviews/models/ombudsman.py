"""Records of the citizen ombudsman: the register of inquiries and complaints, and mediation.

The registration categories (type, channel, outcome) are fixed so that yearly counts compare; the
values are the Danish words stored in the database and shown via `value.<value>` labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from reviews.models import Consent


class InquiryType(StrEnum):
    COMPLAINT = "klage"
    GUIDANCE = "vejledning"
    SIGNPOSTING = "vejvisning"
    DIALOGUE_MEETING = "dialogmøde"
    MEDIATION = "mægling"
    OWN_INITIATIVE = "egen drift-undersøgelse"


class Channel(StrEnum):
    PHONE = "telefon"
    EMAIL = "e-mail"
    LETTER = "brev"
    IN_PERSON = "personligt fremmøde"
    DIGITAL_POST = "digital post"
    OTHER = "andet"


class Outcome(StrEnum):
    RESOLVED = "løst gennem dialog"
    REFERRED = "henvist"
    CRITICISM = "kritik af forvaltningen"
    NO_CRITICISM = "ingen kritik"
    REJECTED = "afvist"
    WITHDRAWN = "trukket tilbage"


class InquiryStatus(StrEnum):
    OPEN = "åben"
    IN_PROGRESS = "under behandling"
    CLOSED = "lukket"


class ContactState(StrEnum):
    """Where a complaint stands against the 24-hour rule."""

    MET = "overholdt"  # first direct contact within 24 clock hours
    MISSED = "overskredet"  # first direct contact later than 24 clock hours
    OVERDUE = "overskredet, ingen kontakt"  # no contact yet and the 24 hours have passed
    OPEN = "frist løber"  # no contact yet, still within the 24 hours
    NOT_APPLICABLE = "ikke relevant"  # not a complaint


class MediationKind(StrEnum):
    MEDIATION = "mægling"
    DIALOGUE_MEETING = "dialogmøde"
    NETWORK_MEETING = "netværksmøde"
    OWN_INITIATIVE = "egen drift-undersøgelse"


class MediationStatus(StrEnum):
    OPEN = "åben"
    CLOSED = "lukket"


class PartyRole(StrEnum):
    CITIZEN = "borger"
    RELATIVE = "pårørende"
    NETWORK = "netværk"
    CASEWORKER = "sagsbehandler"
    MANAGER = "leder"
    OMBUDSMAN = "borgerrådgiver"  # the impartial party


class MeetingStatus(StrEnum):
    PLANNED = "planlagt"
    HELD = "afholdt"
    CANCELLED = "aflyst"


class Attendance(StrEnum):
    INVITED = "inviteret"
    ATTENDED = "deltog"
    APOLOGIES = "afbud"
    ABSENT = "udeblev"


TRUST_MIN, TRUST_MAX = 0, 10


@dataclass(frozen=True)
class Cause:
    id: int
    name: str
    active: bool
    sort_order: int
    usage: int = 0


@dataclass(frozen=True)
class AreaEntry:
    name: str
    active: bool
    sort_order: int
    usage: int = 0


@dataclass(frozen=True)
class Inquiry:
    id: int
    received_at: dt.datetime  # naive UTC
    received_on: dt.date  # the local (Copenhagen) date of receipt, for statistics
    channel: Channel
    area: str
    inquiry_type: InquiryType
    outcome: Outcome | None
    citizen: str  # pseudonym
    account: str
    case_id: int | None
    case_pseudonym: str
    status: InquiryStatus
    closed_on: dt.date | None
    first_contact_at: dt.datetime | None  # naive UTC
    first_contact_note: str
    version: int
    cause_ids: tuple[int, ...] = ()
    cause_names: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        """The register number shown to users ("H-42")."""
        return f"H-{self.id}"


@dataclass(frozen=True)
class MediationCase:
    id: int
    kind: MediationKind
    title: str
    citizen: str  # pseudonym
    area: str
    inquiry_id: int | None
    case_id: int | None
    case_pseudonym: str
    opened_on: dt.date
    closed_on: dt.date | None
    status: MediationStatus
    background: str
    version: int
    meeting_count: int = 0
    open_followups: int = 0
    next_meeting_at: dt.datetime | None = None


@dataclass(frozen=True)
class Party:
    id: int
    mediation_id: int
    name: str
    role: PartyRole
    consent: Consent
    consent_date: dt.date | None
    trust_before: int | None
    version: int


@dataclass(frozen=True)
class AgendaItem:
    id: int
    meeting_id: int
    position: int
    title: str
    notes: str


@dataclass(frozen=True)
class Participation:
    meeting_id: int
    party_id: int
    party_name: str
    party_role: PartyRole
    attendance: Attendance
    trust_after: int | None


@dataclass(frozen=True)
class Agreement:
    id: int
    meeting_id: int
    position: int
    text: str


@dataclass(frozen=True)
class FollowUp:
    id: int
    mediation_id: int
    meeting_id: int | None
    owner_party_id: int
    owner_name: str
    action: str
    due_on: dt.date | None
    done_on: dt.date | None
    version: int
    mediation_title: str = ""

    def is_overdue(self, today: dt.date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class Meeting:
    id: int
    mediation_id: int
    starts_at: dt.datetime  # naive UTC
    place: str
    video_link: str
    purpose: str
    status: MeetingStatus
    version: int
    agenda: tuple[AgendaItem, ...] = ()
    participants: tuple[Participation, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    followups: tuple[FollowUp, ...] = field(default=())
