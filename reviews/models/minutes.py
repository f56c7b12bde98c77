"""Records of meetings and minutes: the meetings of a review (task force, the families' representatives,
the committee), agenda items in the Danish committee structure, attendees, agreements, and the approved
versions of the minutes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from reviews import clock

LOCAL_TZ = clock.LOCAL_TZ


class MeetingKind(StrEnum):
    TASK_FORCE = "task force-møde"
    FAMILY = "møde med familierepræsentanter"
    COMMITTEE = "udvalgsmøde"


# Minutes of these meetings go to citizens: plain language is checked with a warning (LIX above 40).
CITIZEN_KINDS = frozenset({MeetingKind.FAMILY})


class MinutesStatus(StrEnum):
    """draft -> approved by the chair -> locked. A correction after approval is a new draft version."""

    DRAFT = "referat i udkast"
    APPROVED = "referat godkendt"
    LOCKED = "referat låst"


class AttendeeStatus(StrEnum):
    INVITED = "indkaldt"
    PRESENT = "til stede"
    APOLOGIES = "meldt afbud"


@dataclass(frozen=True)
class ReviewMeeting:
    id: int
    review_id: int
    kind: MeetingKind
    title: str
    starts_at: dt.datetime | None  # naive UTC
    duration_minutes: int | None
    place: str
    video_link: str
    purpose: str
    committee: str  # e.g. "Børne- og Ungeudvalget": the committee the minutes go to
    committee_item: str  # the item on the committee's agenda, e.g. "Punkt 5"
    minutes_status: MinutesStatus
    minutes_version: int
    approved_at: dt.datetime | None
    approved_by_name: str
    locked_at: dt.datetime | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    review_name: str = ""
    item_count: int = 0

    @property
    def editable(self) -> bool:
        return self.minutes_status == MinutesStatus.DRAFT

    @property
    def for_citizens(self) -> bool:
        return self.kind in CITIZEN_KINDS

    @property
    def local_date(self) -> dt.date | None:
        """The day (in Copenhagen) the meeting is held; None when not planned."""
        if self.starts_at is None:
            return None
        return self.starts_at.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ).date()

    def held_by(self, today: dt.date) -> bool:
        """Whether the meeting date has come by `today`: only then can its minutes be approved and locked."""
        return self.local_date is None or self.local_date <= today


@dataclass(frozen=True)
class MeetingItem:
    """A dagsordenspunkt: resumé, indstilling, sagsfremstilling, beslutning, and the minutes of the item."""

    id: int
    meeting_id: int
    position: int
    title: str
    resume: str
    recommendation: str  # indstilling
    account: str  # sagsfremstilling
    minutes: str  # referat
    decision: str  # beslutning
    learning_point_ids: tuple[int, ...]
    version: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class Attendee:
    id: int
    meeting_id: int
    position: int
    name: str
    function: str  # e.g. "formand", "socialrådgiver", "familierepræsentant"
    status: AttendeeStatus
    user_id: int | None
    version: int


@dataclass(frozen=True)
class MeetingAgreement:
    id: int
    meeting_id: int
    item_id: int | None
    position: int
    text: str
    owner: str
    due_on: dt.date | None
    version: int


@dataclass(frozen=True)
class MinutesVersion:
    """One approved version of the minutes; `content` is the frozen document content (JSON, read with
    reviews.models.minutes_content.content_from_json)."""

    meeting_id: int
    version: int
    content: str
    approved_at: dt.datetime
    approved_by_name: str
    locked_at: dt.datetime | None
