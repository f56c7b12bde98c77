"""Word documents: gather the data, check it with the export guard, build the .docx, log the export.

Every export goes the same way (UI download button and command line alike):
1. permissions; the data gathered into the document's model (a pure dataclass tree);
2. the guard scans every text of the model: a CPR number blocks the export (the result carries no bytes and
   lists the places); e-mail addresses and phone numbers are warnings. With `mask=True` every CPR number in
   the document is replaced by "[CPR fjernet]" (the stored data is not changed);
3. the builder makes the .docx, starting from the municipality's Word template when one is uploaded
   (services.word_template); the guard scans its XML parts once more (the template's headers and footers too);
4. the export is logged (`export`), with the number of masked CPR numbers and warnings.
Bad input (unapproved minutes, no agenda, a learning point deleted meanwhile) raises a ValidationError with
a clear message before anything is built, so no broken file is ever offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from babel.dates import get_month_names

from reviews import clock, i18n
from reviews.analysis import contact_rule
from reviews.analysis.lix import Lix, lix
from reviews.config import load_settings
from reviews.errors import NotFound, ValidationError
from reviews.exports import committee_minutes, dialogue_minutes, invitation, yearly_report
from reviews.exports.committee_minutes import CommitteeMinutes
from reviews.exports.docx_base import DocumentMeta
from reviews.exports.guard import GuardReport, mask_model, scan_docx, scan_model
from reviews.models import User
from reviews.models.minutes import AttendeeStatus, MinutesStatus
from reviews.models.minutes_content import AttendeeEntry, content_from_json
from reviews.models.ombudsman import MeetingStatus
from reviews.services.audit import record
from reviews.services.meetings import minutes_content
from reviews.services.review_rules import meeting_or_404
from reviews.services.permissions import check, requires
from reviews.storage import meetings as meetings_repo
from reviews.storage import word_template as template_repo

COMMITTEE_MINUTES = "samlet referat"
INVITATION = "indkaldelse"
DIALOGUE_MINUTES = "referat af dialogmøde"
YEARLY_REPORT = "årsberetning"


@dataclass(frozen=True)
class DocumentResult:
    """A prepared document: its bytes, or None when the guard blocked it, with the guard's report and LIX."""

    kind: str
    filename: str
    title: str
    data: bytes | None
    report: GuardReport  # of the document as gathered (before any masking)
    masked: int = 0  # CPR numbers masked in this export
    lix: Lix | None = None
    for_citizens: bool = False
    version: int | None = None
    draft: bool = False

    @property
    def blocked(self) -> bool:
        return self.data is None

    @property
    def lix_warning(self) -> bool:
        return self.for_citizens and self.lix is not None and self.lix.warn_for_citizens()


def _municipality() -> str:
    return load_settings().municipality


def _ombudsman_contact() -> tuple[str, str]:
    """The ombudsman office's phone and e-mail from the settings (empty when not set)."""
    settings = load_settings()
    return settings.ombudsman_phone, settings.ombudsman_email


def _signature(actor: User) -> str:
    """Who the reader should contact: the user, or no one by name for the command-line operator."""
    return "" if actor.id == 0 else actor.full_name


def _meta(actor: User, title: str, subject: str, keywords: str, category: str) -> DocumentMeta:
    return DocumentMeta(title=title, author=actor.full_name, created=clock.now(), subject=subject,
                        keywords=keywords, category=category)


def _finish(db, actor: User, *, kind: str, model, build: Callable[..., bytes], filename: str, title: str,
            mask: bool, record_type: str, record_id, details: dict, reading: str = "",
            for_citizens: bool = False, version: int | None = None, draft: bool = False,
            purpose: str = "") -> DocumentResult:
    report = scan_model(model)
    score = lix(reading) if reading else None
    masked = len(report.cpr)
    if report.blocked and not mask:
        return DocumentResult(kind, filename, title, None, report, 0, score, for_citizens, version, draft)
    if report.blocked:
        model = mask_model(model)
    template = template_repo.current(db.cursor())
    data = build(model, template=template.document if template else None)
    if scan_docx(data):  # second line: the built file itself
        return DocumentResult(kind, filename, title, None, report, 0, score, for_citizens, version, draft)
    db.write(lambda cur: record(cur, actor, "export", record_type=record_type, record_id=record_id, purpose=purpose,
                                details={"document": kind, **details, "bytes": len(data),
                                         **({"template": template.version} if template else {}),
                                         **({"masked_cpr": masked} if report.blocked else {}),
                                         **({"warnings": len(report.warnings)} if report.warnings else {})}))
    return DocumentResult(kind, filename, title, data, report, masked if report.blocked else 0, score,
                          for_citizens, version, draft)


# --- samlet referat ---------------------------------------------------------------------------------------


@requires("document.export")
def committee_minutes_document(db, actor: User, meeting_id: int, *, version: int | None = None,
                               draft: bool = False, mask: bool = False, lang: str = "da",
                               purpose: str = "") -> DocumentResult:
    """The combined minutes for the committee.

    Approved (or locked) minutes are exported from the frozen copy of their latest approved version, or of
    `version`. Unapproved minutes are refused, unless the chair chooses `draft=True`: then the current text
    is exported, marked UDKAST in the title, the header and the document properties.
    """
    cur = db.cursor()
    meeting = meeting_or_404(cur, meeting_id)
    approved_at, approved_by = None, ""
    if draft:
        check(actor, "minutes.approve")
        content = minutes_content(cur, meeting)
        number = meeting.minutes_version
    else:
        if version is None:
            if meeting.minutes_status == MinutesStatus.DRAFT:
                earlier = meetings_repo.versions(cur, meeting_id)
                if earlier:
                    raise ValidationError("minutes.error.correction_pending", version=meeting.minutes_version,
                                          approved=earlier[-1].version)
                raise ValidationError("minutes.error.not_approved")
            version = meeting.minutes_version
        stored = meetings_repo.get_version(cur, meeting_id, int(version))
        if stored is None:
            raise NotFound(record="minutes_version", id=f"{meeting_id}/{version}")
        content = content_from_json(stored.content)
        number, approved_at, approved_by = stored.version, stored.approved_at, stored.approved_by_name
    title = i18n.t("doc.committee_title" if content.committee else "doc.minutes_title", lang)
    full_title = f"{title}: {content.meeting_title}"
    model = CommitteeMinutes(
        meta=_meta(actor, full_title, content.review_name, i18n.t("doc.keywords_minutes", lang), title),
        municipality=_municipality(), content=content, version=number, approved_at=approved_at,
        approved_by=approved_by, draft=draft, lang=lang)
    suffix = "-UDKAST" if draft else ""
    return _finish(db, actor, kind=COMMITTEE_MINUTES, model=model, build=committee_minutes.build_committee_minutes,
                   filename=f"samlet-referat-{meeting_id}-v{number}{suffix}.docx", title=full_title, mask=mask,
                   record_type="meeting", record_id=meeting_id,
                   details={"version": number, "draft": draft}, reading=committee_minutes.reading_text(content),
                   for_citizens=meeting.for_citizens, version=number, draft=draft, purpose=purpose)


# --- indkaldelse ------------------------------------------------------------------------------------------


@requires("document.export")
def invitation_document(db, actor: User, meeting_id: int, *, mask: bool = False, lang: str = "da",
                        purpose: str = "") -> DocumentResult:
    """The invitation: purpose, time, place or video link, who takes part, agenda. Needs an agenda."""
    cur = db.cursor()
    meeting = meeting_or_404(cur, meeting_id)
    items = meetings_repo.items(cur, meeting_id)
    if not items:
        raise ValidationError("minutes.error.no_agenda")
    attendees = meetings_repo.attendees(cur, meeting_id)
    organiser = _signature(actor)
    title = f"{i18n.t('doc.invitation_title', lang)}: {meeting.title}"
    model = invitation.Invitation(
        meta=_meta(actor, title, meeting.review_name, i18n.t("doc.keywords_invitation", lang),
                   i18n.t("doc.invitation_title", lang)),
        municipality=_municipality(), review_name=meeting.review_name, meeting_title=meeting.title,
        meeting_kind=meeting.kind.value, starts_at=meeting.starts_at, duration_minutes=meeting.duration_minutes,
        place=meeting.place, video_link=meeting.video_link, purpose=meeting.purpose, committee=meeting.committee,
        participants=tuple(AttendeeEntry(a.name, a.function, a.status != AttendeeStatus.APOLOGIES)
                           for a in attendees),
        items=tuple(invitation.InvitationItem(i.title, i.resume) for i in items), organiser=organiser, lang=lang)
    return _finish(db, actor, kind=INVITATION, model=model, build=invitation.build_invitation,
                   filename=f"indkaldelse-{meeting_id}.docx", title=title, mask=mask, record_type="meeting",
                   record_id=meeting_id, details={}, reading=invitation.reading_text(model),
                   for_citizens=meeting.for_citizens, purpose=purpose)


# --- referat af dialogmøde --------------------------------------------------------------------------------


@requires("mediation.read")
def dialogue_minutes_document(db, actor: User, mediation_meeting_id: int, *, mask: bool = False,
                              lang: str = "da", purpose: str = "") -> DocumentResult:
    """Plain-language minutes of a held mediation or dialogue meeting, for its parties (ombudsman only)."""
    check(actor, "document.export")
    from reviews.services import mediation as mediation_service
    from reviews.storage import mediation as mediation_repo

    row = mediation_repo.get_meeting_row(db.cursor(), mediation_meeting_id)
    if row is None:
        raise NotFound(record="mediation_meeting", id=mediation_meeting_id)
    detail = mediation_service.get_mediation(db, actor, row.mediation_id)
    meeting = next(m for m in detail.meetings if m.id == mediation_meeting_id)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError("minutes.error.dialogue_not_held")
    later = sorted((m for m in detail.meetings
                    if m.status == MeetingStatus.PLANNED and m.starts_at > meeting.starts_at), key=lambda m: m.starts_at)
    nxt = later[0] if later else None
    followups = list(meeting.followups) or [f for f in detail.followups if f.meeting_id == meeting.id]
    title = i18n.t("doc.dlg_title", lang, kind=i18n.label(detail.case.kind.value, lang).lower())
    phone, email = _ombudsman_contact()
    model = dialogue_minutes.DialogueMinutes(
        meta=_meta(actor, title, detail.case.title, i18n.t("doc.keywords_dialogue", lang), title),
        municipality=_municipality(), kind=detail.case.kind.value, case_title=detail.case.title,
        starts_at=meeting.starts_at, place=meeting.place, video_link=meeting.video_link, purpose=meeting.purpose,
        parties=tuple(dialogue_minutes.PartyEntry(p.party_name, p.party_role.value, p.attendance.value)
                      for p in meeting.participants),
        topics=tuple(dialogue_minutes.TopicEntry(a.title, a.notes) for a in meeting.agenda),
        agreements=tuple(a.text for a in meeting.agreements),
        followups=tuple(dialogue_minutes.FollowUpEntry(f.owner_name, f.action, f.due_on) for f in followups),
        next_meeting=dialogue_minutes.NextMeetingEntry(nxt.starts_at, nxt.place, nxt.video_link) if nxt else None,
        office=_signature(actor), office_phone=phone, office_email=email, lang=lang)
    return _finish(db, actor, kind=DIALOGUE_MINUTES, model=model, build=dialogue_minutes.build_dialogue_minutes,
                   filename=f"referat-dialogmoede-{mediation_meeting_id}.docx", title=title, mask=mask,
                   record_type="mediation_meeting", record_id=mediation_meeting_id,
                   details={"mediation_id": row.mediation_id}, reading=dialogue_minutes.reading_text(model),
                   for_citizens=True, purpose=purpose)


# --- årsberetning -----------------------------------------------------------------------------------------


def _label(value: str, lang: str) -> str:
    if value == "":
        return i18n.t("doc.yr_none", lang)
    return i18n.label(value, lang)


def _pivot_rows(frame, years: list[int], lang: str) -> tuple[tuple[str, ...], ...]:
    """Rows category, n per year (columns in `years` order), in the frame's category order."""
    rows = []
    for category in dict.fromkeys(frame["category"]):
        part = frame[frame["category"] == category].set_index("year")["n"]
        rows.append((_label(category, lang), *(str(int(part.get(y, 0))) for y in years)))
    return tuple(rows)


def _share(value) -> str:
    try:
        if value != value:  # NaN
            return "–"
        return f"{round(float(value) * 100)} %"
    except (TypeError, ValueError):
        return "–"


def _yearly_report_model(report, *, actor: User, lang: str = "da", charts: bool = True):
    """The yearly report's document model from the statistics (`ombudsman_stats.YearlyReport`)."""
    from reviews.charts import ombudsman as charts_module

    t = lambda key, **params: i18n.t(key, lang, **params)  # noqa: E731
    years = list(report.years)
    year_cols = tuple(str(y) for y in years)
    labels = lambda frame: {c: _label(c, lang) for c in frame["category"].unique()}  # noqa: E731

    def comparison(frame, category_title: str, subject: str):
        if not charts:
            return ()
        order = list(dict.fromkeys(frame["category"]))
        chart = charts_module.yearly_comparison(frame, category_title=category_title, count_title=t("doc.yr_count"),
                                                year_title=t("doc.yr_year"), order=order, labels=labels(frame))
        alt = charts_module.yearly_comparison_description(frame, subject=subject, lang=lang, order=order,
                                                          labels=labels(frame))
        return (yearly_report.ReportChart(t("doc.yr_chart_caption", what=category_title, years=", ".join(year_cols)),
                                          yearly_report.chart_png(chart), alt),)

    totals = report.totals.set_index("year")["n"]
    this_year = int(totals.get(report.year, 0))
    sections = [
        yearly_report.ReportSection(
            title=t("doc.yr_totals"), text=t("doc.yr_totals_text", year=report.year, n=this_year),
            tables=(yearly_report.ReportTable("", (t("doc.yr_year"), t("doc.yr_count")),
                                              tuple((str(y), str(int(totals.get(y, 0)))) for y in years)),)),
        yearly_report.ReportSection(
            title=t("doc.yr_by_type"), text=t("doc.yr_by_type_text"),
            charts=comparison(report.by_type, t("doc.yr_type"), t("doc.yr_by_type")),
            tables=(yearly_report.ReportTable("", (t("doc.yr_type"), *year_cols),
                                              _pivot_rows(report.by_type, years, lang)),)),
        yearly_report.ReportSection(
            title=t("doc.yr_by_area"), text=t("doc.yr_by_area_text"),
            charts=comparison(report.by_area, t("doc.yr_area"), t("doc.yr_by_area")),
            tables=(yearly_report.ReportTable("", (t("doc.yr_area"), *year_cols),
                                              _pivot_rows(report.by_area, years, lang)),)),
        yearly_report.ReportSection(
            title=t("doc.yr_by_outcome"), text=t("doc.yr_by_outcome_text"),
            charts=comparison(report.by_outcome, t("doc.yr_outcome"), t("doc.yr_by_outcome")),
            tables=(yearly_report.ReportTable("", (t("doc.yr_outcome"), *year_cols),
                                              _pivot_rows(report.by_outcome, years, lang)),)),
    ]
    month_names = [get_month_names("abbreviated", locale="da_DK" if lang == "da" else "en_GB")[m] for m in range(1, 13)]
    state_labels = {s: t(f"doc.yr_state_{s}") for s in ("met", "missed", "overdue", "open")}
    contact_charts = ()
    if charts:
        chart = charts_module.contact_by_month(report.contact_by_month, month_names=month_names,
                                               state_labels=state_labels, month_title=t("doc.yr_month"),
                                               count_title=t("doc.yr_complaints"), share_title=t("doc.yr_share_met"))
        caption = t("doc.yr_contact_caption", year=report.year)
        wide_months = [get_month_names("wide", locale="da_DK" if lang == "da" else "en_GB")[m] for m in range(1, 13)]
        alt = charts_module.contact_by_month_description(report.contact_by_month, subject=caption,
                                                         month_names=wide_months, state_labels=state_labels,
                                                         share_title=t("doc.yr_share_met"), lang=lang)
        contact_charts = (yearly_report.ReportChart(caption, yearly_report.chart_png(chart), alt),)
    contact_rows = tuple(
        (str(int(r.year)), str(int(r.met)), str(int(r.missed)), str(int(r.overdue)), str(int(r.open)),
         _share(r.share_met))
        for r in report.contact_by_year.itertuples())
    sections.append(yearly_report.ReportSection(
        title=t("doc.yr_contact"), text=t("doc.yr_contact_text"), charts=contact_charts,
        tables=(yearly_report.ReportTable("", (t("doc.yr_year"), *state_labels.values(), t("doc.yr_share_met")),
                                          contact_rows),)))
    mediation_rows = tuple(
        (str(int(r.year)), _label(r.category, lang), str(int(r.cases)), str(int(r.meetings_held)),
         str(int(r.followups_done)), str(int(r.followups_open)))
        for r in report.mediation_counts.itertuples())
    trust_rows = tuple(
        (str(int(r.year)), _label(r.category, lang), str(int(r.pairs)),
         "–" if r.before != r.before else f"{r.before:.1f}".replace(".", "," if lang == "da" else "."),
         "–" if r.after != r.after else f"{r.after:.1f}".replace(".", "," if lang == "da" else "."))
        for r in report.trust_by_kind.itertuples())
    sections.append(yearly_report.ReportSection(
        title=t("doc.yr_mediation"), text=t("doc.yr_mediation_text"),
        tables=(yearly_report.ReportTable(t("doc.yr_mediation_counts"),
                                          (t("doc.yr_year"), t("doc.yr_kind"), t("doc.yr_cases"), t("doc.yr_meetings"),
                                           t("doc.yr_followups_done"), t("doc.yr_followups_open")), mediation_rows),
                yearly_report.ReportTable(t("doc.yr_trust"),
                                          (t("doc.yr_year"), t("doc.yr_kind"), t("doc.yr_pairs"), t("doc.yr_before"),
                                           t("doc.yr_after")), trust_rows))))
    sections.append(yearly_report.ReportSection(
        title=t("doc.yr_causes"), text=t("doc.yr_causes_text"),
        tables=(yearly_report.ReportTable("", (t("doc.yr_cause"), *year_cols),
                                          _pivot_rows(report.by_cause, years, lang)),)))
    title = t("doc.yr_title", year=report.year)
    return yearly_report.YearlyReportDocument(
        meta=_meta(actor, title, t("doc.yr_subtitle"), t("doc.keywords_yearly"), title),
        municipality=_municipality(), year=report.year, intro=t("doc.yr_intro", year=report.year),
        figures_to=yearly_report.figures_through(report.year, contact_rule.local_date(clock.now())),
        sections=tuple(sections), lang=lang)


@requires("ombudsman.statistics")
def yearly_report_document(db, actor: User, year: int, *, mask: bool = False, lang: str = "da",
                           purpose: str = "") -> DocumentResult:
    """The ombudsman's yearly report for `year` (compared with the two years before), charts as images."""
    check(actor, "document.export")
    from reviews.services import ombudsman_stats

    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError("minutes.error.year") from None
    if not 2000 <= year <= clock.today().year + 1:
        raise ValidationError("minutes.error.year")
    report = ombudsman_stats.yearly_report(db, actor, year)
    model = _yearly_report_model(report, actor=actor, lang=lang)
    return _finish(db, actor, kind=YEARLY_REPORT, model=model, build=yearly_report.build_yearly_report,
                   filename=f"aarsberetning-{year}.docx", title=model.meta.title, mask=mask,
                   record_type="ombudsman_statistics", record_id=year, details={"year": year}, purpose=purpose)
