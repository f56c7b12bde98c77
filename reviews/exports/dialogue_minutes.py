"""Referat af dialogmøde: the minutes of a mediation or dialogue meeting for its parties, in plain language.

Only what the parties need: why we met, who was there, what we talked about, what we agreed, who does what
by when, and the next meeting. Trust scores and the ombudsman's case notes stay out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from reviews import i18n
from reviews.exports.committee_minutes import local_date, local_time_span
from reviews.exports.docx_base import DocumentMeta, DocxBuilder
from reviews.exports.guard import text_field


@dataclass(frozen=True)
class PartyEntry:
    PLACE: ClassVar[str] = "place.party"
    name: str = text_field("place.name")
    role: str = text_field("place.role")
    attendance: str = text_field("place.attendance")


@dataclass(frozen=True)
class TopicEntry:
    PLACE: ClassVar[str] = "place.item"
    title: str = text_field("place.title")
    notes: str = text_field("place.notes")


@dataclass(frozen=True)
class FollowUpEntry:
    PLACE: ClassVar[str] = "place.followup"
    owner: str = text_field("place.owner")
    action: str = text_field("place.description")
    due_on: dt.date | None = None


@dataclass(frozen=True)
class NextMeetingEntry:
    starts_at: dt.datetime | None = None
    place: str = text_field("place.meeting_place")
    video_link: str = text_field("place.video_link")


@dataclass(frozen=True)
class DialogueMinutes:
    meta: DocumentMeta = field(metadata={"place": "place.properties"})
    municipality: str = text_field("place.municipality")
    kind: str = text_field("place.meeting_kind")  # mægling / dialogmøde / netværksmøde (Danish value)
    case_title: str = text_field("place.case_title")
    starts_at: dt.datetime | None = None
    place: str = text_field("place.meeting_place")
    video_link: str = text_field("place.video_link")
    purpose: str = text_field("place.purpose")
    parties: tuple[PartyEntry, ...] = ()
    topics: tuple[TopicEntry, ...] = field(default=(), metadata={"place": ""})
    agreements: tuple[str, ...] = field(default=(), metadata={"place": "place.agreement"})
    followups: tuple[FollowUpEntry, ...] = ()
    next_meeting: NextMeetingEntry | None = field(default=None, metadata={"place": "place.next_meeting"})
    office: str = text_field("place.organiser")  # who wrote the minutes (the ombudsman)
    # The ombudsman office's phone and e-mail (the settings), printed under the closing line. The office's own
    # contact, not personal data: not scanned, so it does not warn on every export (the built file still is).
    office_phone: str = field(default="", metadata={"scan": False})
    office_email: str = field(default="", metadata={"scan": False})
    lang: str = field(default="da", metadata={"scan": False})


def reading_text(doc: DialogueMinutes) -> str:
    parts = [doc.purpose]
    for topic in doc.topics:
        parts += [topic.title, topic.notes]
    parts += list(doc.agreements)
    parts += [f.action for f in doc.followups]
    return "\n".join(p for p in parts if p and p.strip())


def reach_text(doc: DialogueMinutes, lang: str) -> str:
    """How to reach the ombudsman: phone and/or e-mail as recorded; empty when neither is."""
    phone, email = doc.office_phone.strip(), doc.office_email.strip()
    if phone and email:
        return i18n.t("doc.dlg_reach_both", lang, phone=phone, email=email)
    if phone:
        return i18n.t("doc.dlg_reach_phone", lang, phone=phone)
    if email:
        return i18n.t("doc.dlg_reach_email", lang, email=email)
    return ""


def build_dialogue_minutes(doc: DialogueMinutes, *, template: bytes | None = None) -> bytes:
    lang = doc.lang
    t = lambda key, **params: i18n.t(key, lang, **params)  # noqa: E731
    header = [doc.municipality, " · ".join(p for p in (t("doc.dlg_office"), local_date(doc.starts_at, lang)) if p)]
    b = DocxBuilder(doc.meta, header=header, page_label=t("doc.page"), of_label=t("doc.of"), template=template)
    b.title(t("doc.dlg_title", kind=i18n.label(doc.kind, lang).lower()))
    b.subtitle(doc.case_title)
    b.labelled(t("doc.time"), local_time_span(doc.starts_at, None, lang))
    b.labelled(t("doc.place"), doc.place)
    b.labelled(t("doc.video_link"), doc.video_link)

    b.heading(t("doc.dlg_why"))
    b.text(doc.purpose, placeholder=t("doc.dlg_no_purpose"))

    b.heading(t("doc.dlg_who"))
    came = [p for p in doc.parties if p.attendance == "deltog"]
    away = [p for p in doc.parties if p.attendance != "deltog"]
    if came:
        b.bullets(f"{p.name} ({i18n.label(p.role, lang).lower()})" for p in came)
    else:
        b.text(t("doc.dlg_nobody"))
    if away:
        b.heading(t("doc.dlg_not_there"), 2)
        b.bullets(f"{p.name} ({i18n.label(p.role, lang).lower()}): {i18n.label(p.attendance, lang).lower()}"
                  for p in away)

    b.heading(t("doc.dlg_talked"))
    if doc.topics:
        for topic in doc.topics:
            b.heading(topic.title, 2)
            b.text(topic.notes)
    else:
        b.text(t("doc.dlg_no_topics"))

    b.heading(t("doc.dlg_agreed"))
    if doc.agreements:
        b.bullets(doc.agreements)
    else:
        b.text(t("doc.dlg_no_agreements"))

    b.heading(t("doc.dlg_who_does_what"))
    if doc.followups:
        b.table([t("doc.col_who"), t("doc.col_what"), t("doc.col_when")],
                [(f.owner, f.action, i18n.format_date(f.due_on, lang)) for f in doc.followups])
    else:
        b.text(t("doc.dlg_no_followups"))

    # The next meeting and the closing lines are one paragraph under their heading, kept on one page: the last
    # page never holds the contact line alone.
    b.heading(t("doc.dlg_next"))
    nxt = doc.next_meeting
    if nxt is not None and nxt.starts_at is not None:
        next_lines = [("", t("doc.dlg_next_at", when=local_time_span(nxt.starts_at, None, lang))),
                      (t("doc.place"), nxt.place), (t("doc.video_link"), nxt.video_link)]
    else:
        next_lines = [("", t("doc.dlg_no_next"))]
    closing = t("doc.dlg_correct", office=doc.office) if doc.office.strip() else t("doc.dlg_correct_generic")
    b.lines([next_lines, [("", closing), ("", reach_text(doc, lang))]])
    return b.to_bytes()
