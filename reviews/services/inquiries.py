"""The ombudsman's register of inquiries and complaints: create, edit, first direct contact (the 24-hour
rule), search, and the worklist of complaints whose 24 hours are running out.

Timestamps given to these functions are naive UTC or timezone-aware (converted to UTC); the pages convert
the Copenhagen wall-clock time a user enters with `reviews.analysis.contact_rule.combine_local`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reviews import clock
from reviews.analysis import contact_rule
from reviews.analysis.contact_rule import ContactStatus
from reviews.errors import NotFound, StaleVersion, ValidationError
from reviews.models import Page, User
from reviews.models.ombudsman import (
    Cause,
    Channel,
    ContactState,
    Inquiry,
    InquiryStatus,
    InquiryType,
    Outcome,
)
from reviews.services.audit import record, record_read
from reviews.services.cases import Saved
from reviews.services.kept import kept, minute
from reviews.services.permissions import requires
from reviews.storage import inquiries as repo
from reviews.storage import mediation as mediation_repo
from reviews.storage import ombudsman_categories as categories_repo
from reviews.text import CleanText

PAGE_SIZES = (25, 50, 100)
MAX_CITIZEN = 80
MAX_ACCOUNT = 4000
MAX_NOTE = 2000
# A receipt or contact time may be a few minutes ahead of the server clock (a phone's clock), not more.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)
SORTS = ("received_desc", "received", "citizen", "area")

__all__ = ["InquiryForm", "InquiryDetail", "Worklist", "PAGE_SIZES", "SORTS", "Saved"]


# The same citizen, type and text received this close together is the same inquiry registered twice.
DUPLICATE_WINDOW = dt.timedelta(hours=1)


@dataclass(frozen=True)
class InquiryForm:
    received_at: dt.datetime | None  # naive UTC or aware
    channel: Channel | str
    area: str
    inquiry_type: InquiryType | str = InquiryType.COMPLAINT
    citizen: str = ""
    account: str = ""
    cause_ids: tuple[int, ...] = ()
    case_pseudonym: str = ""  # optional link to the case register
    status: InquiryStatus | str = InquiryStatus.OPEN
    outcome: Outcome | str | None = None
    closed_on: dt.date | None = None
    first_contact_at: dt.datetime | None = None
    first_contact_note: str = ""


@dataclass(frozen=True)
class InquiryDetail:
    inquiry: Inquiry
    contact: ContactStatus
    mediation_cases: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Worklist:
    """Complaints without first contact, earliest deadline first, each with its 24-hour status."""

    items: list[tuple[Inquiry, ContactStatus]]
    total: int

    @property
    def overdue(self) -> int:
        return sum(1 for _, s in self.items if s.state == ContactState.OVERDUE)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        raise ValidationError("error.required", field="received_at")
    return clock.to_utc(value).replace(microsecond=0)


def _enum(enum, value, field_name: str):
    try:
        return enum(value)
    except ValueError:
        raise ValidationError("inquiry.error.bad_category", field=field_name, value=str(value)) from None


@dataclass(frozen=True)
class _Clean:
    received_at: dt.datetime
    received_on: dt.date
    channel: Channel
    area: str
    inquiry_type: InquiryType
    outcome: Outcome | None
    citizen: str
    account: str
    cause_ids: list[int]
    case_id: int | None
    status: InquiryStatus
    closed_on: dt.date | None
    first_contact_at: dt.datetime | None
    first_contact_note: str
    masked: int


def _check_contact(received_at: dt.datetime, contact_at: dt.datetime | None, now: dt.datetime) -> None:
    if contact_at is None:
        return
    if contact_at < received_at:
        raise ValidationError("inquiry.error.contact_before_receipt",
                              received=contact_rule.utc_to_local(received_at).strftime("%d.%m.%Y %H:%M"),
                              contact=contact_rule.utc_to_local(contact_at).strftime("%d.%m.%Y %H:%M"))
    if contact_at > now + FUTURE_TOLERANCE:
        raise ValidationError("inquiry.error.contact_in_future")


def _clean(cur, form: InquiryForm, current: Inquiry | None) -> _Clean:
    now = clock.now()
    received_at = _utc(form.received_at)
    if received_at is None:
        raise ValidationError("error.required", field="received_at")
    if received_at > now + FUTURE_TOLERANCE:
        raise ValidationError("inquiry.error.received_in_future")
    first_contact_at = _utc(form.first_contact_at)
    _check_contact(received_at, first_contact_at, now)
    channel = _enum(Channel, form.channel, "channel")
    inquiry_type = _enum(InquiryType, form.inquiry_type, "inquiry_type")
    status = _enum(InquiryStatus, form.status, "status")
    outcome = _enum(Outcome, form.outcome, "outcome") if form.outcome else None

    clean = CleanText()
    citizen = clean(form.citizen, "citizen", required=True, max_length=MAX_CITIZEN)
    if clean.masked:
        raise ValidationError("error.pseudonym_is_cpr")
    account = clean(form.account, "account", max_length=MAX_ACCOUNT)
    note = clean(form.first_contact_note, "first_contact_note", max_length=MAX_NOTE)
    area_name = clean(form.area, "area", required=True, max_length=200)

    area = categories_repo.area_state(cur, area_name)
    if area is None or (not area[1] and (current is None or current.area != area[0])):
        raise ValidationError("inquiry.error.unknown_area", value=area_name)

    cause_ids = sorted({int(c) for c in form.cause_ids})
    known = categories_repo.cause_states(cur, cause_ids)
    for cause_id in cause_ids:
        if cause_id not in known:
            raise ValidationError("inquiry.error.unknown_cause", value=cause_id)
        name, active = known[cause_id]
        if not active and (current is None or cause_id not in current.cause_ids):
            raise ValidationError("inquiry.error.cause_retired", value=name)

    case_id = None
    pseudonym = clean(form.case_pseudonym, "case", max_length=200)
    if pseudonym:
        case_id = repo.case_id_by_pseudonym(cur, pseudonym)
        if case_id is None:
            raise ValidationError("inquiry.error.unknown_case", value=pseudonym)

    received_on = contact_rule.local_date(received_at)
    closed_on = None
    if status == InquiryStatus.CLOSED:
        if outcome is None:
            raise ValidationError("inquiry.error.outcome_required")
        closed_on = form.closed_on or contact_rule.local_date(now)
        if closed_on < received_on:
            raise ValidationError("inquiry.error.closed_before_received")
    return _Clean(received_at, received_on, channel, area[0], inquiry_type, outcome, citizen, account, cause_ids,
                  case_id, status, closed_on, first_contact_at, note, clean.masked)


# --- reading ---------------------------------------------------------------------------------------------


@requires("inquiry.read")
def search_inquiries(db, actor: User, *, text: str | None = None, inquiry_type: InquiryType | None = None,
                     area: str | None = None, status: InquiryStatus | None = None, channel: Channel | None = None,
                     outcome: Outcome | None = None, cause_id: int | None = None, no_cause: bool = False,
                     received_from: dt.date | None = None, received_to: dt.date | None = None,
                     contact_state: ContactState | None = None, case_id: int | None = None,
                     sort: str = "received_desc", page: int = 1, page_size: int = 25) -> Page:
    """One page of the register (`no_cause`: only those without a cause). The search and its criteria are
    logged."""
    if page_size not in PAGE_SIZES:
        page_size = PAGE_SIZES[0]
    text = (text or "").strip()[:200] or None
    filters = dict(text=text, inquiry_type=inquiry_type, area=area or None, status=status, channel=channel,
                   outcome=outcome, cause_id=cause_id, no_cause=no_cause or None, received_from=received_from,
                   received_to=received_to, contact_state=contact_state, case_id=case_id)
    offset = (max(page, 1) - 1) * page_size
    # Kept until a write (the page reruns on every click); the contact states are taken at the minute.
    now = minute()
    items, total = kept(db, ("inquiries.search", tuple(sorted(filters.items(), key=lambda kv: kv[0])), sort,
                             page_size, offset, now),
                        lambda: repo.search(db.cursor(), **filters, now=now, sort=sort, limit=page_size,
                                            offset=offset))
    criteria = {k: getattr(v, "value", v) for k, v in {**filters, "page": page}.items() if v is not None and v != ""}
    db.write(lambda cur: record(cur, actor, "search", record_type="inquiry", details=criteria), bookkeeping=True)
    return Page(items=items, total=total, page=page, page_size=page_size)


@requires("inquiry.read")
def get_inquiry(db, actor: User, inquiry_id: int) -> InquiryDetail:
    """One inquiry with its 24-hour status and the mediation cases it led to. The read is logged."""
    cur = db.cursor()
    inquiry = repo.get(cur, inquiry_id)
    if inquiry is None:
        raise NotFound(record="inquiry", id=inquiry_id)
    detail = InquiryDetail(
        inquiry,
        contact_rule.contact_status(inquiry.received_at, inquiry.first_contact_at, clock.now(), inquiry.inquiry_type),
        mediation_repo.cases_for_inquiry(cur, inquiry_id),
    )
    record_read(db, actor, "read", record_type="inquiry", record_id=inquiry_id,
                pseudonym=inquiry.citizen)
    return detail


@requires("inquiry.read")
def contact_worklist(db, actor: User, *, limit: int = 50) -> Worklist:
    """Complaints still waiting for their first direct contact (not closed), earliest deadline first."""
    items, total = kept(db, ("inquiries.worklist", limit), lambda: repo.worklist(db.cursor(), limit=limit))
    now = clock.now()
    db.write(lambda cur: record(cur, actor, "search", record_type="inquiry", details={"worklist": "24h"}),
             bookkeeping=True)
    return Worklist([(i, contact_rule.contact_status(i.received_at, None, now)) for i in items], total)


@requires("inquiry.read")
def list_causes(db, actor: User, *, include_retired: bool = False) -> list[Cause]:
    return kept(db, ("inquiries.causes", include_retired),
                lambda: categories_repo.causes(db.cursor(), include_retired=include_retired, usage=False))


@requires("inquiry.read")
def list_areas(db, actor: User, *, include_retired: bool = False) -> list[str]:
    # The names only: not the usage counts areas() scans every inquiry and mediation case for.
    return kept(db, ("inquiries.areas", include_retired),
                lambda: [name for name, active in categories_repo.area_names(db.cursor())
                         if active or include_retired])


# --- writing ---------------------------------------------------------------------------------------------


def _audit_details(clean: _Clean, extra: dict | None = None) -> dict | None:
    details = dict(extra or {})
    if clean.masked:
        details["masked_cpr"] = clean.masked
    return details or None


@requires("inquiry.write")
def create_inquiry(db, actor: User, form: InquiryForm) -> Saved:
    def work(cur):
        clean = _clean(cur, form, None)
        # A second press of «Registrér» (or the same letter typed in twice) must not make a second case.
        existing = repo.duplicate_of(cur, received_at=clean.received_at, citizen=clean.citizen,
                                     account=clean.account, inquiry_type=clean.inquiry_type, within=DUPLICATE_WINDOW)
        if existing is not None:
            raise ValidationError("inquiry.error.duplicate", number=repo.get(cur, existing).number)
        now = clock.now()
        inquiry_id = repo.insert(
            cur, received_at=clean.received_at, received_on=clean.received_on, channel=clean.channel,
            area=clean.area, inquiry_type=clean.inquiry_type, outcome=clean.outcome, citizen=clean.citizen,
            account=clean.account, case_id=clean.case_id, status=clean.status, closed_on=clean.closed_on,
            first_contact_at=clean.first_contact_at, first_contact_note=clean.first_contact_note,
            user_id=actor.id, now=now)
        repo.set_causes(cur, inquiry_id, clean.cause_ids)
        record(cur, actor, "create", record_type="inquiry", record_id=inquiry_id, pseudonym=clean.citizen,
               details=_audit_details(clean, {"type": clean.inquiry_type.value}))
        return repo.get(cur, inquiry_id), clean.masked

    inquiry, masked = db.write(work)
    return Saved(inquiry, masked)


_FIELDS = ("received_at", "channel", "area", "inquiry_type", "outcome", "citizen", "account", "case_id", "status",
           "closed_on", "first_contact_at", "first_contact_note", "cause_ids")


@requires("inquiry.write")
def update_inquiry(db, actor: User, inquiry_id: int, expected_version: int, form: InquiryForm) -> Saved:
    """Save over version `expected_version`; a newer stored version raises StaleVersion with it."""

    def work(cur):
        current = repo.get(cur, inquiry_id)
        if current is None:
            raise NotFound(record="inquiry", id=inquiry_id)
        clean = _clean(cur, form, current)
        ok = repo.update(
            cur, inquiry_id, expected_version, received_at=clean.received_at, received_on=clean.received_on,
            channel=clean.channel, area=clean.area, inquiry_type=clean.inquiry_type, outcome=clean.outcome,
            citizen=clean.citizen, account=clean.account, case_id=clean.case_id, status=clean.status,
            closed_on=clean.closed_on, first_contact_at=clean.first_contact_at,
            first_contact_note=clean.first_contact_note, user_id=actor.id, now=clock.now())
        if not ok:
            raise StaleVersion(current)
        repo.set_causes(cur, inquiry_id, clean.cause_ids)
        saved = repo.get(cur, inquiry_id)
        changed = [f for f in _FIELDS if getattr(current, f) != getattr(saved, f)]
        record(cur, actor, "change", record_type="inquiry", record_id=inquiry_id, pseudonym=saved.citizen,
               details=_audit_details(clean, {"fields": changed, "version": saved.version}))
        return saved, clean.masked

    inquiry, masked = db.write(work)
    return Saved(inquiry, masked)


@requires("inquiry.write")
def record_first_contact(db, actor: User, inquiry_id: int, expected_version: int, contact_at: dt.datetime,
                         note: str = "") -> Saved:
    """Record the first direct contact with the citizen (the 24-hour rule's phone call)."""
    contact_at = _utc(contact_at)
    if contact_at is None:
        raise ValidationError("error.required", field="first_contact_at")
    clean = CleanText()
    note = clean(note, "first_contact_note", max_length=MAX_NOTE)

    def work(cur):
        current = repo.get(cur, inquiry_id)
        if current is None:
            raise NotFound(record="inquiry", id=inquiry_id)
        _check_contact(current.received_at, contact_at, clock.now())
        if not repo.set_first_contact(cur, inquiry_id, expected_version, contact_at=contact_at, note=note,
                                      user_id=actor.id, now=clock.now()):
            raise StaleVersion(current)
        saved = repo.get(cur, inquiry_id)
        met = contact_rule.is_met(saved.received_at, saved.first_contact_at)
        record(cur, actor, "change", record_type="inquiry", record_id=inquiry_id, pseudonym=saved.citizen,
               details={"fields": ["first_contact_at"], "rule_24h_met": met, "version": saved.version,
                        **({"masked_cpr": clean.masked} if clean.masked else {})})
        return saved

    return Saved(db.write(work), clean.masked)
