"""The samlet referat as the chair approves it (`MinutesContent`), and its stored form.

Approving stores the content frozen, as JSON, with the approved version (minutes_versions.content), so the
committee always receives exactly the approved text, whatever changes later. The JSON names its schema:

    {"schema": 2, "content": {"review_name": ..., "items": [...], ...}}

Reading it back is strict (`content_from_json`): a field these classes do not know, a field the document
lacks, a value of the wrong kind or a schema newer than `SCHEMA` raises `StoredMinutesError` with a clear
message; nothing is dropped or defaulted silently. Documents approved before the JSON carried its number are
schema 0: version 1's content without the wrapper, some without the fields added in the meantime.

Changing these classes (renaming, removing or adding a field) changes the stored form: raise `SCHEMA`, add
`UPGRADES[old]` turning a document of the old schema into the new one, and commit a fixture of the old
schema beside tests/data/minutes/approved_v1.json.

Labels of fixed categories are stored as the Danish words. Field metadata `{"place": key}` and the class
attribute `PLACE` name each text's place for the export guard (reviews/exports/guard.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from reviews.errors import WorkbenchError
from reviews.models import model_json

SCHEMA = 2
UNVERSIONED = 0  # JSON stored before it carried its schema number


def _text(place: str) -> Any:
    """A str field with its place for the export guard (the guard's `field_place` convention)."""
    return field(default="", metadata={"place": place})


@dataclass(frozen=True)
class AttendeeEntry:
    PLACE: ClassVar[str] = "place.attendee"
    name: str = _text("place.name")
    function: str = _text("place.function")
    present: bool = True


@dataclass(frozen=True)
class ActionEntry:
    PLACE: ClassVar[str] = "place.action"
    description: str = _text("place.description")
    owner: str = _text("place.owner")
    deadline: dt.date | None = None
    status: str = _text("place.status")
    learning_point: str = _text("place.learning_point_title")


@dataclass(frozen=True)
class EvidenceEntry:
    """One finding behind a learning point, as the method appendix cites it: "Familie 17 · Børnefaglig
    undersøgelse 12.03.2020 · s. 4". `source` is the Danish label of the document type (a cited passage) or
    of the timeline event; `quote` is the finding's excerpt, only when the chair ticked it in."""

    PLACE: ClassVar[str] = "place.evidence"
    case: str = _text("place.pseudonym")
    source: str = _text("place.source")
    date: dt.date | None = None
    page: int | None = None
    quote: str = _text("place.quote")


@dataclass(frozen=True)
class LearningPointEntry:
    PLACE: ClassVar[str] = "place.learning_point"
    id: int = 0
    title: str = _text("place.title")
    description: str = _text("place.description")
    seen_in: int = 0
    case_total: int = 0
    codes: tuple[str, ...] = field(default=(), metadata={"place": "place.code"})
    agree: int = 0
    partly: int = 0
    disagree: int = 0
    comments: tuple[str, ...] = field(default=(), metadata={"place": "place.response"})
    agreed_wording: str = _text("place.agreed_wording")
    actions: tuple[ActionEntry, ...] = ()
    evidence: tuple[EvidenceEntry, ...] = ()  # schema 2


@dataclass(frozen=True)
class ItemEntry:
    PLACE: ClassVar[str] = "place.item"
    title: str = _text("place.title")
    resume: str = _text("place.resume")
    recommendation: str = _text("place.recommendation")
    account: str = _text("place.account")
    minutes: str = _text("place.minutes")
    decision: str = _text("place.decision")
    learning_points: tuple[LearningPointEntry, ...] = ()


@dataclass(frozen=True)
class AgreementEntry:
    PLACE: ClassVar[str] = "place.agreement"
    text: str = _text("place.text")
    owner: str = _text("place.owner")
    due_on: dt.date | None = None
    item: str = _text("place.item_title")


@dataclass(frozen=True)
class CaseEntry:
    PLACE: ClassVar[str] = "place.case"
    pseudonym: str = _text("place.pseudonym")
    nominated_by: str = _text("place.nominated_by")
    rationale: str = _text("place.rationale")
    consent: str = _text("place.consent")
    consent_date: dt.date | None = None
    # Why the case may be reviewed: a ReviewBasis value ("familiens samtykke" / "borgerrådgiverens egen
    # drift-undersøgelse"). Empty in minutes approved before the basis was recorded.
    basis: str = _text("place.basis")


@dataclass(frozen=True)
class MinutesContent:
    """The minutes as approved: meeting, attendees, items with their learning points, agreements, action plan
    and the method appendix."""

    review_name: str = _text("place.review_name")
    meeting_title: str = _text("place.meeting_title")
    meeting_kind: str = _text("place.meeting_kind")
    starts_at: dt.datetime | None = None  # naive UTC
    duration_minutes: int | None = None
    place: str = _text("place.meeting_place")
    video_link: str = _text("place.video_link")
    purpose: str = _text("place.purpose")
    committee: str = _text("place.committee")
    committee_item: str = _text("place.committee_item")
    mandate: str = _text("place.mandate")
    attendees: tuple[AttendeeEntry, ...] = ()
    items: tuple[ItemEntry, ...] = field(default=(), metadata={"place": ""})
    agreements: tuple[AgreementEntry, ...] = ()
    action_plan: tuple[ActionEntry, ...] = field(default=(), metadata={"place": "place.action_plan"})
    cases: tuple[CaseEntry, ...] = ()  # the reviewed cases: each with a basis (consent or own initiative)
    cases_left_out: int = 0  # selected cases not reviewed: the family's consent pending or refused
    # The disciplines of the review's members (Discipline values, one per member), for the method appendix:
    # it names the ombudsman only when a member is one. Empty in minutes approved before this was recorded.
    # Fixed labels, not user text: not scanned.
    member_disciplines: tuple[str, ...] = field(default=(), metadata={"scan": False})


# --- the stored form --------------------------------------------------------------------------------------


class StoredMinutesError(WorkbenchError):
    """An approved version whose stored JSON these classes cannot read whole. Nothing is shown or changed."""

    key = "minutes.error.stored_unreadable"


_PROBLEMS = {
    "unknown_field": "minutes.error.stored_unknown_field",
    "missing_field": "minutes.error.stored_missing_field",
    "bad_value": "minutes.error.stored_bad_value",
}


def _from_unversioned(content: dict) -> dict:
    """Schema 0 -> 1: the same content, unwrapped. Minutes approved before the cases' basis, the count of
    cases left out and the members' disciplines were recorded lack those fields; they read as "not recorded",
    which the builder shows as the minutes read when approved."""
    content = dict(content)
    if isinstance(content.get("cases"), list):
        content["cases"] = [{"basis": "", **case} if isinstance(case, dict) else case for case in content["cases"]]
    content.setdefault("cases_left_out", 0)
    content.setdefault("member_disciplines", [])
    return content


def _with_evidence(content: dict) -> dict:
    """Schema 1 -> 2: learning points carry their evidence. Minutes approved before cite none."""
    content = dict(content)
    if isinstance(content.get("items"), list):
        content["items"] = [
            {**item, "learning_points": [{"evidence": [], **lp} if isinstance(lp, dict) else lp
                                         for lp in item["learning_points"]]}
            if isinstance(item, dict) and isinstance(item.get("learning_points"), list) else item
            for item in content["items"]]
    return content


# UPGRADES[n] turns the content of a schema-n document into schema n+1 content.
UPGRADES: dict[int, Callable[[dict], dict]] = {UNVERSIONED: _from_unversioned, 1: _with_evidence}


def content_to_json(content: MinutesContent) -> str:
    """The stored form of approved minutes: the current schema number and the content."""
    return json.dumps({"schema": SCHEMA, "content": model_json.encode(content)}, ensure_ascii=False,
                      sort_keys=True)


def _unwrap(data: Any) -> tuple[int, dict]:
    if not isinstance(data, dict):
        raise StoredMinutesError()
    if "schema" not in data:
        return UNVERSIONED, data  # the content itself, as stored before the schema number
    schema, content = data.get("schema"), data.get("content")
    if set(data) != {"schema", "content"} or not isinstance(schema, int) or isinstance(schema, bool) \
            or not isinstance(content, dict):
        raise StoredMinutesError()
    return schema, content


def content_from_json(text: str) -> MinutesContent:
    """The approved content from its stored JSON, upgraded from an older schema step by step.

    Raises StoredMinutesError (a clear, translated message) rather than drop, rename or default a field."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        raise StoredMinutesError() from None
    stored, content = _unwrap(data)
    if stored > SCHEMA:
        raise StoredMinutesError("minutes.error.stored_schema", schema=stored, known=SCHEMA)
    while stored < SCHEMA:
        if stored not in UPGRADES:
            raise StoredMinutesError("minutes.error.stored_schema", schema=stored, known=SCHEMA)
        content = UPGRADES[stored](content)
        stored += 1
    try:
        return model_json.decode(MinutesContent, content)
    except model_json.ContentError as exc:
        raise StoredMinutesError(_PROBLEMS[exc.problem], name=exc.name, where=exc.where) from exc
