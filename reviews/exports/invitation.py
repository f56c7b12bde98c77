"""Indkaldelse: the invitation to a meeting of a review. Citizens should know beforehand what a meeting is
about (seed 003, focus area 5): purpose first, then time and place (or video link), who takes part, and
the agenda in plain language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from reviews import i18n
from reviews.exports.committee_minutes import local_date, local_time_span
from reviews.exports.docx_base import DocumentMeta, DocxBuilder
from reviews.exports.guard import text_field
from reviews.models.minutes_content import AttendeeEntry


@dataclass(frozen=True)
class InvitationItem:
    PLACE: ClassVar[str] = "place.item"
    title: str = text_field("place.title")
    resume: str = text_field("place.resume")


@dataclass(frozen=True)
class Invitation:
    meta: DocumentMeta = field(metadata={"place": "place.properties"})
    municipality: str = text_field("place.municipality")
    review_name: str = text_field("place.review_name")
    meeting_title: str = text_field("place.meeting_title")
    meeting_kind: str = text_field("place.meeting_kind")
    starts_at: dt.datetime | None = None  # naive UTC
    duration_minutes: int | None = None
    place: str = text_field("place.meeting_place")
    video_link: str = text_field("place.video_link")
    purpose: str = text_field("place.purpose")
    committee: str = text_field("place.committee")
    participants: tuple[AttendeeEntry, ...] = ()
    items: tuple[InvitationItem, ...] = field(default=(), metadata={"place": ""})
    organiser: str = text_field("place.organiser")
    lang: str = field(default="da", metadata={"scan": False})


def reading_text(doc: Invitation) -> str:
    """The prose a reader meets, for the LIX: purpose and agenda."""
    parts = [doc.purpose]
    for item in doc.items:
        parts += [item.title, item.resume]
    return "\n".join(p for p in parts if p and p.strip())


def build_invitation(doc: Invitation, *, template: bytes | None = None) -> bytes:
    lang = doc.lang
    t = lambda key, **params: i18n.t(key, lang, **params)  # noqa: E731
    header = [doc.municipality, " · ".join(p for p in (doc.committee, local_date(doc.starts_at, lang)) if p)]
    b = DocxBuilder(doc.meta, header=header, page_label=t("doc.page"), of_label=t("doc.of"), template=template)
    b.title(t("doc.invitation_title"))
    b.subtitle(doc.meeting_title)

    b.heading(t("doc.inv_why"))
    b.text(doc.purpose, placeholder=t("doc.inv_no_purpose"))

    b.heading(t("doc.inv_when_where"))
    b.labelled(t("doc.time"), local_time_span(doc.starts_at, doc.duration_minutes, lang),
               placeholder=t("doc.inv_time_later"))
    if doc.place.strip():
        b.labelled(t("doc.place"), doc.place)
    if doc.video_link.strip():
        b.labelled(t("doc.video_link"), doc.video_link)
    if not doc.place.strip() and not doc.video_link.strip():
        b.labelled(t("doc.place"), "", placeholder=t("doc.inv_place_later"))

    b.heading(t("doc.inv_who"))
    invited = [p for p in doc.participants if p.present]
    if invited:
        b.bullets(f"{p.name}, {p.function}" if p.function else p.name for p in invited)
    else:
        b.text(t("doc.inv_no_participants"))

    b.heading(t("doc.agenda"))
    for number, item in enumerate(doc.items, start=1):
        b.heading(t("doc.item_heading", n=number, title=item.title), 2)
        b.text(item.resume)

    b.heading(t("doc.inv_questions"))
    b.text(t("doc.inv_contact", name=doc.organiser) if doc.organiser.strip() else t("doc.inv_contact_generic"))
    b.labelled(t("doc.review"), doc.review_name)
    return b.to_bytes()
