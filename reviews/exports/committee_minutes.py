"""Samlet referat: the combined minutes of a review meeting (the family round) for the committee.

`MinutesContent` (reviews/models/minutes_content.py) is what the chair approves and what is stored frozen with
each approved version. `CommitteeMinutes` adds what belongs to one export: document properties, the
municipality, the version and approval, or the UDKAST mark. `build_committee_minutes` is a pure function of
that model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel.lists import format_list

from reviews import i18n
from reviews.exports.docx_base import DocumentMeta, DocxBuilder
from reviews.exports.guard import text_field
from reviews.models import Discipline, ReviewBasis
from reviews.models.minutes_content import (
    ActionEntry,
    CaseEntry,
    EvidenceEntry,
    LearningPointEntry,
    MinutesContent,
)

# --- the export model ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitteeMinutes:
    meta: DocumentMeta = field(metadata={"place": "place.properties"})
    municipality: str = text_field("place.municipality")
    content: MinutesContent = field(default_factory=MinutesContent, metadata={"place": ""})
    version: int = 1
    approved_at: dt.datetime | None = None
    approved_by: str = text_field("place.approved_by")
    draft: bool = False
    lang: str = field(default="da", metadata={"scan": False})


# --- texts ------------------------------------------------------------------------------------------------


def header_lines(doc: CommitteeMinutes) -> list[str]:
    content, lang = doc.content, doc.lang
    second = [content.committee]
    if content.starts_at:
        second.append(i18n.t("doc.header_meeting", lang, date=local_date(content.starts_at, lang)))
    second.append(content.committee_item)
    return [doc.municipality, " · ".join(part for part in second if part and part.strip())]


def local_date(value: dt.datetime | None, lang: str) -> str:
    """The local (Copenhagen) date of a naive UTC timestamp, '17. maj 2024'."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone(i18n.LOCAL_TZ)
    return i18n.format_date(local.date(), lang)


def local_time_span(starts_at: dt.datetime | None, minutes: int | None, lang: str) -> str:
    """'17. maj 2024 kl. 14.00-15.30' (local time)."""
    if starts_at is None:
        return ""
    start = starts_at.replace(tzinfo=dt.UTC).astimezone(i18n.LOCAL_TZ)
    text = i18n.format_datetime(starts_at, lang)
    if minutes:
        end = start + dt.timedelta(minutes=minutes)
        text += ("-" + end.strftime("%H.%M")) if lang == "da" else ("-" + end.strftime("%H:%M"))
    return text


def seen_in_text(lp: LearningPointEntry, lang: str) -> str:
    return i18n.t("doc.seen_in", lang, k=lp.seen_in, n=lp.case_total)


def responses_text(lp: LearningPointEntry, lang: str) -> str:
    total = lp.agree + lp.partly + lp.disagree
    if not total:
        return i18n.t("doc.no_responses", lang)
    return i18n.t("doc.responses_summary", lang, total=total, agree=lp.agree, partly=lp.partly,
                  disagree=lp.disagree)


def action_text(action: ActionEntry, lang: str) -> str:
    parts = [action.description]
    details = []
    if action.owner:
        details.append(i18n.t("doc.owner", lang, owner=action.owner))
    if action.deadline:
        details.append(i18n.t("doc.deadline", lang, date=i18n.format_date(action.deadline, lang)))
    if action.status:
        details.append(i18n.label(action.status, lang))
    if details:
        parts.append("(" + ", ".join(details) + ")")
    return " ".join(parts)


def basis_text(case: CaseEntry, lang: str) -> str:
    """'Familiens samtykke, givet 1. december 2020' or 'Borgerrådgiverens undersøgelse af egen drift'. Minutes
    approved before the basis was recorded show their consent as they did then."""
    if case.basis == ReviewBasis.CONSENT:
        if case.consent_date is None:
            return i18n.t("doc.basis_consent_undated", lang)
        return i18n.t("doc.basis_consent", lang, date=i18n.format_date(case.consent_date, lang))
    if case.basis == ReviewBasis.OWN_INITIATIVE:
        return i18n.t("doc.basis_own_initiative", lang)
    return i18n.label(case.consent, lang) + (f" ({i18n.format_date(case.consent_date, lang, style='short')})"
                                             if case.consent_date else "")


def cases_texts(content: MinutesContent, lang: str) -> list[str]:
    """The sentences under the table of cases: how many were reviewed on which basis, and how many selected
    cases were left out for want of consent."""
    texts = []
    if content.cases and not any(c.basis for c in content.cases):  # approved before the basis was recorded
        texts.append(i18n.t("doc.cases_count", lang, n=len(content.cases),
                            given=sum(1 for c in content.cases if c.consent == "givet")))
    elif content.cases:
        texts.append(i18n.t("doc.cases_basis_count", lang, n=len(content.cases),
                            consent=sum(1 for c in content.cases if c.basis == ReviewBasis.CONSENT),
                            own=sum(1 for c in content.cases if c.basis == ReviewBasis.OWN_INITIATIVE)))
    elif content.cases_left_out:
        texts.append(i18n.t("doc.no_reviewed_cases", lang))
    else:
        texts.append(i18n.t("doc.no_cases", lang))
    if content.cases_left_out:
        texts.append(i18n.t("doc.cases_left_out", lang, n=content.cases_left_out))
    return texts


def method_texts(content: MinutesContent, lang: str) -> list[str]:
    """The method appendix's account of who reviewed the cases, from the members recorded: "sammen med
    borgerrådgiveren" only when a member has the ombudsman discipline, then the group's disciplines."""
    recorded = set(content.member_disciplines)
    key = "doc.method_text" if Discipline.OMBUDSMAN.value in recorded else "doc.method_text_group"
    texts = [i18n.t(key, lang)]
    disciplines = [d for d in Discipline if d.value in recorded]
    if disciplines:
        names = [i18n.label(d.value, lang).lower() for d in disciplines]
        listed = format_list(names, locale="da_DK" if lang == "da" else "en_GB")  # "jurist, leder og psykolog"
        texts.append(i18n.t("doc.method_disciplines", lang, disciplines=listed))
    return texts


def evidence_text(entry: EvidenceEntry, lang: str) -> str:
    """"Familie 17 · Børnefaglig undersøgelse 12.03.2020 · s. 4": the case, the document (or event) and its
    date, and the page of a cited passage."""
    source = i18n.label(entry.source, lang) if entry.source else ""
    source = source[:1].upper() + source[1:]
    dated = " ".join(part for part in (source, i18n.format_date(entry.date, lang, style="short")) if part)
    parts = [entry.case, dated]
    if entry.page is not None:
        parts.append(i18n.t("doc.evidence_page", lang, page=entry.page))
    return " · ".join(part for part in parts if part)


def evidence_sections(content: MinutesContent) -> list[LearningPointEntry]:
    """The learning points whose evidence the method appendix lists, each once, in the order of the items."""
    seen: dict[int, LearningPointEntry] = {}
    for item in content.items:
        for lp in item.learning_points:
            if lp.evidence and lp.id not in seen:
                seen[lp.id] = lp
    return list(seen.values())


def reading_text(content: MinutesContent) -> str:
    """The prose of the minutes, for the LIX: purpose, item texts, learning points and agreements."""
    parts = [content.purpose]
    for item in content.items:
        parts += [item.title, item.resume, item.recommendation, item.account, item.minutes, item.decision]
        for lp in item.learning_points:
            parts += [lp.title, lp.description, lp.agreed_wording, *lp.comments]
    parts += [a.text for a in content.agreements]
    return "\n".join(p for p in parts if p and p.strip())


# --- the builder ------------------------------------------------------------------------------------------


def build_committee_minutes(doc: CommitteeMinutes, *, template: bytes | None = None) -> bytes:
    """The samlet referat as .docx bytes."""
    lang, content = doc.lang, doc.content
    t = lambda key, **params: i18n.t(key, lang, **params)  # noqa: E731
    b = DocxBuilder(doc.meta, header=header_lines(doc), page_label=t("doc.page"), of_label=t("doc.of"),
                    draft=doc.draft, template=template)

    b.title(t("doc.committee_title") if content.committee else t("doc.minutes_title"))
    b.subtitle(content.meeting_title)
    b.labelled(t("doc.review"), content.review_name)
    if doc.draft:
        b.text(t("doc.draft_notice"))
    else:
        b.text(t("doc.version_line", version=doc.version, date=local_date(doc.approved_at, lang),
                 name=doc.approved_by))
    b.labelled(t("doc.meeting_kind"), i18n.label(content.meeting_kind, lang))
    b.labelled(t("doc.time"), local_time_span(content.starts_at, content.duration_minutes, lang))
    b.labelled(t("doc.place"), content.place)
    b.labelled(t("doc.video_link"), content.video_link)
    # Sub-headings are headings one level under their section (Formål sits beside Deltagere, under the title).
    b.labelled(t("doc.purpose"), content.purpose, inline=False, level=1)

    b.heading(t("doc.attendees"))
    present = [a for a in content.attendees if a.present]
    absent = [a for a in content.attendees if not a.present]
    if present:
        b.bullets(f"{a.name}, {a.function}" if a.function else a.name for a in present)
    else:
        b.text(t("doc.no_attendees"))
    if absent:
        b.heading(t("doc.absent"), 2)
        b.bullets(f"{a.name}, {a.function}" if a.function else a.name for a in absent)

    b.heading(t("doc.agenda"))
    b.numbered(item.title for item in content.items)

    for number, item in enumerate(content.items, start=1):
        b.heading(t("doc.item_heading", n=number, title=item.title))
        b.labelled(t("doc.resume"), item.resume, inline=False)
        b.labelled(t("doc.recommendation"), item.recommendation, inline=False)
        b.labelled(t("doc.account"), item.account, inline=False)
        b.labelled(t("doc.item_minutes"), item.minutes, inline=False)
        for lp in item.learning_points:
            b.heading(t("doc.learning_point_heading", title=lp.title), 2)
            b.text(lp.description)
            b.labelled(t("doc.seen_in_label"), seen_in_text(lp, lang))
            if lp.codes:
                b.labelled(t("doc.codes"), ", ".join(lp.codes))
            b.labelled(t("doc.family_responses"), responses_text(lp, lang))
            b.bullets(lp.comments)
            b.labelled(t("doc.agreed_wording"), lp.agreed_wording, inline=False,
                       placeholder=t("doc.no_agreed_wording"), level=3)
            if lp.actions:
                b.heading(t("doc.actions"), 3)
                b.bullets(action_text(a, lang) for a in lp.actions)
        b.labelled(t("doc.decision"), item.decision, inline=False)

    b.heading(t("doc.decisions"))
    decided = [(n, item) for n, item in enumerate(content.items, start=1) if item.decision.strip()]
    if decided:
        b.bullets(t("doc.decision_line", n=n, title=item.title, decision=item.decision) for n, item in decided)
    else:
        b.text(t("doc.no_decisions"))
    if content.agreements:
        b.heading(t("doc.agreements"), 2)
        b.table([t("doc.col_agreement"), t("doc.col_owner"), t("doc.col_deadline")],
                [(a.text if not a.item else f"{a.text} ({a.item})", a.owner,
                  i18n.format_date(a.due_on, lang, style="short"))
                 for a in content.agreements])

    b.heading(t("doc.action_plan"))
    if content.action_plan:
        b.table([t("doc.col_learning_point"), t("doc.col_action"), t("doc.col_owner"), t("doc.col_deadline"),
                 t("doc.col_status")],
                [(a.learning_point, a.description, a.owner, i18n.format_date(a.deadline, lang, style="short"),
                  i18n.label(a.status, lang)) for a in content.action_plan])
    else:
        b.text(t("doc.no_actions"))

    b.heading(t("doc.appendix_method"))
    for text in method_texts(content, lang):
        b.text(text)
    b.labelled(t("doc.mandate"), content.mandate, inline=False)
    if content.cases:
        basis_heading = t("doc.col_basis") if any(c.basis for c in content.cases) else t("doc.col_consent")
        b.table([t("doc.col_case"), t("doc.col_nominated_by"), t("doc.col_rationale"), basis_heading],
                [(c.pseudonym, i18n.label(c.nominated_by, lang), c.rationale, basis_text(c, lang))
                 for c in content.cases])
    for text in cases_texts(content, lang):
        b.text(text)
    evidenced = evidence_sections(content)
    if evidenced:
        b.heading(t("doc.evidence_heading"), 2)
        b.text(t("doc.evidence_intro"))
        for lp in evidenced:
            b.heading(lp.title, 3)
            b.bullets(evidence_text(entry, lang) for entry in lp.evidence)
            for entry in lp.evidence:
                if entry.quote.strip():
                    b.text(t("doc.evidence_quote", case=entry.case, quote=entry.quote))
    return b.to_bytes()
