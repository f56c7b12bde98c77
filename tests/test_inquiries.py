"""The ombudsman's register: create, edit, the 24-hour rule (service and SQL agree), worklist, search,
bad input, permissions, audit trail."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reviews import clock
from reviews.analysis import contact_rule as rule
from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.models import Role
from reviews.models.ombudsman import Channel, ContactState, InquiryStatus, InquiryType, Outcome
from reviews.services import cases, inquiries, ombudsman_categories
from reviews.services.inquiries import InquiryForm

D = dt.datetime


class Clock:
    def __init__(self, now: dt.datetime):
        self.value = now

    def __call__(self) -> dt.datetime:
        return self.value


@pytest.fixture
def now(monkeypatch) -> Clock:
    fake = Clock(D(2025, 11, 3, 9, 0))  # naive UTC: Monday 10:00 in Copenhagen
    monkeypatch.setattr(clock, "now", fake)
    return fake


def local(*args, fold=0):
    return rule.local_to_utc(D(*args), fold=fold)


def form(**overrides) -> InquiryForm:
    values = dict(received_at=local(2025, 10, 31, 14, 0), channel=Channel.PHONE, area="Børn og Familie",
                  inquiry_type=InquiryType.COMPLAINT, citizen="Borger 17", account="Klager over svartid.")
    values.update(overrides)
    return InquiryForm(**values)


def causes_by_name(db, actor):
    return {c.name: c.id for c in inquiries.list_causes(db, actor, include_retired=True)}


def audit(db, record_type="inquiry"):
    return db.fetchall("SELECT action, record_id, pseudonym, details FROM audit_log WHERE record_type = ? ORDER BY id",
                       [record_type])


def test_create_read_and_audit(db, users, now):
    ombudsman = users[Role.OMBUDSMAN]
    cause_ids = causes_by_name(db, ombudsman)
    saved = inquiries.create_inquiry(db, ombudsman, form(
        cause_ids=(cause_ids["Manglende svar"], cause_ids["Lang sagsbehandlingstid"])))
    inquiry = saved.record
    assert inquiry.received_at == D(2025, 10, 31, 13, 0)  # stored as UTC (CET = UTC+1)
    assert inquiry.received_on == dt.date(2025, 10, 31)
    assert inquiry.cause_names == ("Lang sagsbehandlingstid", "Manglende svar")  # the administrator's order
    assert inquiry.status == InquiryStatus.OPEN and inquiry.version == 1
    detail = inquiries.get_inquiry(db, ombudsman, inquiry.id)
    assert detail.contact.state == ContactState.OVERDUE  # received Friday, no contact by Monday
    assert detail.contact.hours_over == 44
    rows = audit(db)
    assert [r[0] for r in rows] == ["create", "read"]
    assert rows[1][1:3] == (str(inquiry.id), "Borger 17")
    assert "Klager" not in rows[0][3]  # no free text in the audit log


def test_local_date_of_receipt_decides_the_year(db, users, now):
    saved = inquiries.create_inquiry(db, users[Role.OMBUDSMAN], form(received_at=local(2025, 1, 1, 0, 30)))
    assert saved.record.received_at == D(2024, 12, 31, 23, 30)
    assert saved.record.received_on == dt.date(2025, 1, 1)


def test_record_first_contact_met_and_missed(db, users, now):
    ombudsman = users[Role.OMBUDSMAN]
    first = inquiries.create_inquiry(db, ombudsman, form(received_at=local(2025, 11, 2, 9, 0))).record
    met = inquiries.record_first_contact(db, ombudsman, first.id, first.version, local(2025, 11, 3, 9, 0),
                                         "Ringede op; borgeren fik kvittering.").record
    assert met.first_contact_at == D(2025, 11, 3, 8, 0) and met.version == 2
    assert inquiries.get_inquiry(db, ombudsman, met.id).contact.state == ContactState.MET
    late = inquiries.create_inquiry(db, ombudsman, form(received_at=local(2025, 10, 31, 9, 0))).record
    inquiries.record_first_contact(db, ombudsman, late.id, late.version, local(2025, 11, 3, 9, 0))
    assert inquiries.get_inquiry(db, ombudsman, late.id).contact.state == ContactState.MISSED
    details = [json.loads(r[3]) for r in audit(db) if r[0] == "change"]
    assert [d["rule_24h_met"] for d in details] == [True, False]


def test_contact_before_receipt_is_refused_and_nothing_changes(db, users, now):
    ombudsman = users[Role.OMBUDSMAN]
    with pytest.raises(ValidationError) as info:
        inquiries.create_inquiry(db, ombudsman, form(first_contact_at=local(2025, 10, 31, 13, 59)))
    assert info.value.key == "inquiry.error.contact_before_receipt"
    assert info.value.params["received"] == "31.10.2025 14:00"  # shown in local time
    assert db.fetchone("SELECT count(*) FROM inquiries")[0] == 0
    inquiry = inquiries.create_inquiry(db, ombudsman, form()).record
    with pytest.raises(ValidationError) as info:
        inquiries.record_first_contact(db, ombudsman, inquiry.id, inquiry.version, local(2025, 10, 30, 8, 0))
    assert info.value.key == "inquiry.error.contact_before_receipt"
    with pytest.raises(ValidationError) as info:
        inquiries.record_first_contact(db, ombudsman, inquiry.id, inquiry.version, now.value + dt.timedelta(hours=2))
    assert info.value.key == "inquiry.error.contact_in_future"
    stored = inquiries.get_inquiry(db, ombudsman, inquiry.id).inquiry
    assert stored.first_contact_at is None and stored.version == 1


def test_bad_input_is_refused_with_clear_keys(db, users, now):
    ombudsman = users[Role.OMBUDSMAN]
    cause_ids = causes_by_name(db, ombudsman)
    for overrides, key in [
        (dict(citizen="  "), "error.required"),
        (dict(citizen="010203-1234"), "error.pseudonym_is_cpr"),
        (dict(received_at=None), "error.required"),
        (dict(received_at=now.value + dt.timedelta(days=1)), "inquiry.error.received_in_future"),
        (dict(area="Skatteafdelingen"), "inquiry.error.unknown_area"),
        (dict(channel="brevdue"), "inquiry.error.bad_category"),
        (dict(inquiry_type="ros"), "inquiry.error.bad_category"),
        (dict(cause_ids=(9999,)), "inquiry.error.unknown_cause"),
        (dict(status=InquiryStatus.CLOSED), "inquiry.error.outcome_required"),
        (dict(status=InquiryStatus.CLOSED, outcome=Outcome.RESOLVED, closed_on=dt.date(2025, 10, 30)),
         "inquiry.error.closed_before_received"),
        (dict(case_pseudonym="Familie 99"), "inquiry.error.unknown_case"),
        (dict(account="x" * 4001), "error.too_long"),
    ]:
        with pytest.raises(ValidationError) as info:
            inquiries.create_inquiry(db, ombudsman, form(**overrides))
        assert info.value.key == key, overrides
    assert db.fetchone("SELECT count(*) FROM inquiries")[0] == 0
    assert db.fetchone("SELECT count(*) FROM inquiry_cause_links")[0] == 0
    assert cause_ids  # the seeded list is there


def test_cpr_in_account_is_masked(db, users, now):
    saved = inquiries.create_inquiry(db, users[Role.OMBUDSMAN], form(account="Barnets cpr er 0102031234."))
    assert saved.masked_cpr == 1
    assert saved.record.account == "Barnets cpr er [CPR fjernet]."


def test_update_with_stale_version_and_closing(db, users, now):
    ombudsman = users[Role.OMBUDSMAN]
    cases.create_case(db, users[Role.CHAIR], cases.CaseForm("Familie 11"))
    inquiry = inquiries.create_inquiry(db, ombudsman, form()).record
    closed = inquiries.update_inquiry(db, ombudsman, inquiry.id, inquiry.version, form(
        status=InquiryStatus.CLOSED, outcome=Outcome.CRITICISM, case_pseudonym="familie 11")).record
    assert closed.closed_on == dt.date(2025, 11, 3)  # today (local) when not given
    assert closed.case_pseudonym == "Familie 11" and closed.outcome == Outcome.CRITICISM
    with pytest.raises(StaleVersion) as info:
        inquiries.update_inquiry(db, ombudsman, inquiry.id, inquiry.version, form(account="Gammel version"))
    assert info.value.current.version == 2
    assert inquiries.get_inquiry(db, ombudsman, inquiry.id).inquiry.account == "Klager over svartid."
    change = json.loads([r for r in audit(db) if r[0] == "change"][0][3])
    assert set(change["fields"]) == {"case_id", "closed_on", "outcome", "status"}
    with pytest.raises(NotFound):
        inquiries.update_inquiry(db, ombudsman, 999, 1, form())


def test_retired_cause_stays_on_old_inquiries_but_not_on_new(db, users, now):
    ombudsman, admin = users[Role.OMBUDSMAN], users[Role.ADMINISTRATOR]
    cause_id = causes_by_name(db, ombudsman)["Skift af sagsbehandler"]
    inquiry = inquiries.create_inquiry(db, ombudsman, form(cause_ids=(cause_id,))).record
    ombudsman_categories.set_cause_active(db, admin, cause_id, False)
    assert cause_id not in [c.id for c in inquiries.list_causes(db, ombudsman)]
    kept = inquiries.update_inquiry(db, ombudsman, inquiry.id, inquiry.version,
                                    form(cause_ids=(cause_id,), account="Rettet")).record
    assert kept.cause_names == ("Skift af sagsbehandler",)
    with pytest.raises(ValidationError) as info:
        inquiries.create_inquiry(db, ombudsman, form(cause_ids=(cause_id,)))
    assert info.value.key == "inquiry.error.cause_retired"


def test_worklist_orders_by_deadline_and_leaves_out_contacted_closed_and_other_types(db, users, now):
    ombudsman = users[Role.OMBUDSMAN]
    make = lambda **kw: inquiries.create_inquiry(db, ombudsman, form(**kw)).record  # noqa: E731
    fresh = make(received_at=now.value - dt.timedelta(hours=3), citizen="Borger A")
    urgent = make(received_at=now.value - dt.timedelta(hours=22, minutes=30), citizen="Borger B")
    overdue = make(received_at=now.value - dt.timedelta(hours=30), citizen="Borger C")
    contacted = make(received_at=now.value - dt.timedelta(hours=5), citizen="Borger D",
                     first_contact_at=now.value - dt.timedelta(hours=1))
    make(received_at=now.value - dt.timedelta(hours=2), citizen="Borger E", inquiry_type=InquiryType.GUIDANCE)
    make(received_at=now.value - dt.timedelta(hours=40), citizen="Borger F", status=InquiryStatus.CLOSED,
         outcome=Outcome.WITHDRAWN)
    work = inquiries.contact_worklist(db, ombudsman)
    assert [i.citizen for i, _ in work.items] == ["Borger C", "Borger B", "Borger A"]
    assert [(s.state, s.hours_left, s.hours_over) for _, s in work.items] == [
        (ContactState.OVERDUE, None, 6), (ContactState.OPEN, 2, None), (ContactState.OPEN, 21, None)]
    assert work.total == 3 and work.overdue == 1
    assert contacted.id not in [i.id for i, _ in work.items] and fresh.id == work.items[2][0].id
    assert urgent.id == work.items[1][0].id and overdue.id == work.items[0][0].id


def test_sql_contact_state_filter_agrees_with_the_rule_across_dst(db, users, now):
    """The register's contact-state filter (SQL) and contact_rule (Python) classify alike."""
    ombudsman = users[Role.OMBUDSMAN]
    now.value = D(2025, 10, 27, 12, 0)
    fixtures = [
        (local(2025, 10, 25, 12, 0), local(2025, 10, 26, 11, 30)),  # autumn: 24.5 h -> missed
        (local(2025, 10, 25, 12, 0), local(2025, 10, 26, 10, 59)),  # 23.98 h -> met
        (local(2025, 3, 29, 12, 0), local(2025, 3, 30, 12, 30)),  # spring: 23.5 h -> met
        (local(2025, 3, 29, 12, 0), local(2025, 3, 30, 13, 30)),  # 24.5 h -> missed
        (local(2025, 10, 24, 17, 0), local(2025, 10, 25, 17, 0)),  # exactly 24 h -> met
        (local(2025, 10, 26, 13, 0), None),  # 23 h before now -> open
        (local(2025, 10, 26, 12, 0), None),  # 25 h (autumn clock change in between) -> overdue
    ]
    expected = {}
    for n, (received, contact) in enumerate(fixtures):
        saved = inquiries.create_inquiry(db, ombudsman, form(received_at=received, first_contact_at=contact,
                                                             citizen=f"Borger {n}")).record
        expected[saved.id] = rule.contact_status(received, contact, now.value).state
    assert sorted(expected.values()) == sorted([ContactState.MISSED, ContactState.MET, ContactState.MET,
                                                ContactState.MISSED, ContactState.MET, ContactState.OPEN,
                                                ContactState.OVERDUE])
    for state in (ContactState.MET, ContactState.MISSED, ContactState.OPEN, ContactState.OVERDUE):
        found = inquiries.search_inquiries(db, ombudsman, contact_state=state, page_size=100)
        assert {i.id for i in found.items} == {k for k, v in expected.items() if v == state}, state


def test_search_filters_paging_and_audit(db, users, now):
    ombudsman = users[Role.OMBUDSMAN]
    cause_id = causes_by_name(db, ombudsman)["Uklar kommunikation"]
    for n in range(30):
        inquiries.create_inquiry(db, ombudsman, form(
            received_at=local(2025, 10, 1, 8, 0) + dt.timedelta(hours=n),
            area="Børn og Familie" if n % 3 else "Handicap og Psykiatri",
            citizen=f"Borger {n}", account="Ønsker et møde på Ærø" if n == 7 else "",
            cause_ids=(cause_id,) if n % 5 == 0 else ()))
    page = inquiries.search_inquiries(db, ombudsman, page_size=25)
    assert (page.total, len(page.items), page.page_count) == (30, 25, 2)
    assert page.items[0].citizen == "Borger 29"  # newest first
    assert len(inquiries.search_inquiries(db, ombudsman, page=2, page_size=25).items) == 5
    assert inquiries.search_inquiries(db, ombudsman, area="Handicap og Psykiatri").total == 10
    assert inquiries.search_inquiries(db, ombudsman, cause_id=cause_id).total == 6
    assert [i.citizen for i in inquiries.search_inquiries(db, ombudsman, text="ærø").items] == ["Borger 7"]
    assert inquiries.search_inquiries(db, ombudsman, text="100%_").total == 0
    by_date = inquiries.search_inquiries(db, ombudsman, received_from=dt.date(2025, 10, 2),
                                         received_to=dt.date(2025, 10, 2))
    assert by_date.total == 14  # 08:00 local on 1 October + n hours: n = 16..29 fall on 2 October
    searches = [json.loads(r[3]) for r in audit(db) if r[0] == "search"]
    assert searches[-1]["received_from"] == "2025-10-02"


def test_only_the_ombudsman_may_use_the_register(db, users, now):
    inquiry = inquiries.create_inquiry(db, users[Role.OMBUDSMAN], form()).record
    for role in (Role.ADMINISTRATOR, Role.CHAIR, Role.REVIEWER, Role.READER):
        with pytest.raises(PermissionDenied):
            inquiries.get_inquiry(db, users[role], inquiry.id)
        with pytest.raises(PermissionDenied):
            inquiries.search_inquiries(db, users[role])
        with pytest.raises(PermissionDenied):
            inquiries.create_inquiry(db, users[role], form())
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'read'")[0] == 0


def test_administrator_keeps_causes_and_areas(db, users, now):
    admin, ombudsman = users[Role.ADMINISTRATOR], users[Role.OMBUDSMAN]
    new = ombudsman_categories.add_cause(db, admin, "  Ventetid   i telefonen ")
    assert new.name == "Ventetid i telefonen" and new.active and new.usage == 0
    with pytest.raises(ValidationError) as info:
        ombudsman_categories.add_cause(db, admin, "ventetid i telefonen")
    assert info.value.key == "categories.error.cause_exists"
    renamed = ombudsman_categories.rename_cause(db, admin, new.id, "Telefonkø")
    assert renamed.name == "Telefonkø"
    inquiries.create_inquiry(db, ombudsman, form(cause_ids=(new.id,)))
    for call in (lambda: ombudsman_categories.rename_cause(db, admin, new.id, "Kø"),
                 lambda: ombudsman_categories.delete_cause(db, admin, new.id)):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.key == "categories.error.cause_in_use" and info.value.params["count"] == 1
    ombudsman_categories.move_cause(db, admin, new.id, -1)
    assert [c.name for c in ombudsman_categories.causes(db, admin)][-2:] == ["Telefonkø", "Andet"]
    unused = ombudsman_categories.add_cause(db, admin, "Fejl")
    ombudsman_categories.delete_cause(db, admin, unused.id)
    assert "Fejl" not in [c.name for c in ombudsman_categories.causes(db, admin)]

    area = ombudsman_categories.add_area(db, admin, "Kultur og Fritid")
    assert area.active and area.usage == 0
    assert "Kultur og Fritid" in inquiries.list_areas(db, ombudsman)
    ombudsman_categories.rename_area(db, admin, "Kultur og Fritid", "Kultur, Fritid og Borgerservice")
    ombudsman_categories.set_area_active(db, admin, "Kultur, Fritid og Borgerservice", False)
    assert "Kultur, Fritid og Borgerservice" not in inquiries.list_areas(db, ombudsman)
    with pytest.raises(ValidationError) as info:
        ombudsman_categories.delete_area(db, admin, "Børn og Familie")  # used by the inquiry above
    assert info.value.key == "categories.error.area_in_use"
    for role in (Role.OMBUDSMAN, Role.CHAIR, Role.READER, Role.REVIEWER):
        with pytest.raises(PermissionDenied):
            ombudsman_categories.add_cause(db, users[role], "Noget")
    changes = db.fetchall("SELECT action, record_type FROM audit_log WHERE record_type IN ('inquiry_cause', 'area')"
                          " ORDER BY id")
    assert changes[:4] == [("create", "inquiry_cause"), ("change", "inquiry_cause"), ("change", "inquiry_cause"),
                           ("create", "inquiry_cause")]
    assert ("delete", "inquiry_cause") in changes and ("create", "area") in changes


def test_the_same_inquiry_registered_twice_is_refused_and_nothing_is_written(db, users, now):
    ombudsman = users[Role.OMBUDSMAN]
    first = inquiries.create_inquiry(db, ombudsman, form()).record
    count = db.cursor().execute("SELECT count(*) FROM inquiries").fetchone()[0]
    audit_rows = len(audit(db))
    # Typed in again half an hour later, from the same letter: the same inquiry.
    with pytest.raises(ValidationError) as refused:
        inquiries.create_inquiry(db, ombudsman, form(received_at=local(2025, 10, 31, 14, 30)))
    assert refused.value.key == "inquiry.error.duplicate"
    assert refused.value.params == {"number": first.number}
    assert db.cursor().execute("SELECT count(*) FROM inquiries").fetchone()[0] == count
    assert len(audit(db)) == audit_rows
    # Another text, another citizen, another type or more than an hour apart: a new inquiry each.
    for other in (form(account="Klager over et afslag."), form(citizen="Borger 18"),
                  form(inquiry_type=InquiryType.GUIDANCE), form(received_at=local(2025, 10, 31, 15, 1))):
        assert inquiries.create_inquiry(db, ombudsman, other).record.id != first.id
