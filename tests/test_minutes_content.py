"""The stored form of approved minutes: a committed approved version as stored today reads back whole into
today's classes and renders; the stored JSON names its schema; anything the classes cannot take whole (an
unknown or missing field, a wrong value, a newer schema) is a clear error, never a silent drop."""

from __future__ import annotations

import ast
import copy
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import docx
import pytest

from reviews import i18n
from reviews.exports.committee_minutes import CommitteeMinutes, build_committee_minutes
from reviews.exports.docx_base import DocumentMeta
from reviews.exports.guard import describe_place, scan_docx, scan_model
from reviews.models import Role
from reviews.models import minutes_content as mc
from reviews.models.minutes import MeetingKind
from reviews.models.minutes_content import (
    ActionEntry,
    AgreementEntry,
    AttendeeEntry,
    CaseEntry,
    EvidenceEntry,
    ItemEntry,
    LearningPointEntry,
    MinutesContent,
    StoredMinutesError,
    content_from_json,
    content_to_json,
)
from reviews.services import documents, meetings
from reviews.services import reviews as review_service

ROOT = Path(__file__).resolve().parents[1]
# An approved version 1 of the demo family round as approve_minutes stored it before the JSON carried its
# schema number (unversioned, as it is in existing databases). Fictional. Never regenerate it: it is the proof
# that what was stored then still reads.
FIXTURE = ROOT / "tests" / "data" / "minutes" / "approved_v1.json"
CONTENT_CLASSES = (AttendeeEntry, ActionEntry, EvidenceEntry, LearningPointEntry, ItemEntry, AgreementEntry, CaseEntry,
                   MinutesContent)


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def fixture_data() -> dict:
    return json.loads(fixture_text())


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def render(content: MinutesContent, lang: str = "da") -> str:
    doc = CommitteeMinutes(meta=DocumentMeta("Samlet referat", "Frederik Formand", dt.datetime(2021, 3, 1, 9, 0)),
                           municipality="Eksempel Kommune", content=content, version=1,
                           approved_at=dt.datetime(2021, 3, 1, 9, 0), approved_by="Frederik Formand", lang=lang)
    data = build_committee_minutes(doc)
    assert scan_docx(data) == []
    return docx_text(data)


def refused(text: str) -> StoredMinutesError:
    with pytest.raises(StoredMinutesError) as error:
        content_from_json(text)
    return error.value


# --- the committed approved version 1 ---------------------------------------------------------------------


def test_the_committed_approved_version_reads_into_todays_classes():
    content = content_from_json(fixture_text())
    assert (content.review_name, content.meeting_title, content.meeting_kind) == (
        "Task Force 4200", "Familierunde om læringspunkterne", "møde med familierepræsentanter")
    assert content.starts_at == dt.datetime(2021, 2, 24, 15, 0) and content.duration_minutes == 120
    assert content.committee == "Børne- og Ungeudvalget" and content.place == "Rådhuset, mødelokale 2"
    assert [a.name for a in content.attendees if not a.present] == ["Pia Østergaard", "Repræsentant D"]
    assert [item.title for item in content.items][:2] == ["Velkomst og formål med mødet",
                                                          "Overgange og overblik i forløbet"]
    lp = content.items[1].learning_points[0]
    assert isinstance(lp, LearningPointEntry)
    assert (lp.id, lp.title, lp.seen_in, lp.case_total, lp.agree, lp.partly) == (
        1, "Overlevering ved skift af sagsbehandler", 3, 5, 1, 1)
    assert lp.codes == ("3 Sammenhæng og fremskridt i forløbet", "6 Trygt at skifte rådgiver eller kontaktperson")
    assert lp.agreed_wording.startswith("Ved hvert skift af sagsbehandler holdes et overdragelsesmøde")
    assert lp.actions[1] == ActionEntry("Skabelon til overleveringsnotat og fast overdragelsesmøde",
                                        "Afdelingsleder, Børn og Familie", dt.date(2021, 6, 30), "gennemført",
                                        "Overlevering ved skift af sagsbehandler")
    assert content.agreements[0] == AgreementEntry(
        "Det samlede referat sendes til familierepræsentanterne samtidig med udvalget.", "Frederik Formand",
        dt.date(2021, 3, 10), "5. Næste skridt")
    assert len(content.action_plan) == 7
    assert content.cases[3] == CaseEntry("Familie 26", "borgerrådgiver (egen drift)",
                                         "Borgerrådgiveren har taget sagen op af egen drift efter flere henvendelser.",
                                         "afventer", None, "borgerrådgiverens egen drift-undersøgelse")
    assert content.cases[0].consent_date == dt.date(2020, 12, 1)
    assert content.cases_left_out == 0
    assert content.member_disciplines == ("borgerrådgiver", "leder", "jurist", "leder", "psykolog",
                                          "socialrådgiver")


def test_the_committed_approved_version_renders_as_the_committee_minutes():
    content = content_from_json(fixture_text())
    text = render(content)
    for expected in ("Familierunde om læringspunkterne", "Version 1, godkendt 1. marts 2021 af Frederik Formand.",
                     "Tid: 24. februar 2021 kl. 16.00-18.00", "Pia Østergaard, psykolog",
                     "Overlevering ved skift af sagsbehandler", "Åben Dialog",
                     "Borgerrådgiverens undersøgelse af egen drift", "Familiens samtykke, givet 1. december 2020",
                     "En tværfaglig gruppe gennemgik sammen med borgerrådgiveren de udvalgte sager",
                     "Gruppens fagligheder: socialrådgiver, jurist, psykolog, leder og borgerrådgiver."):
        assert expected in text
    assert "Version 1, approved 1 March 2021 by Frederik Formand." in render(content, "en")


def test_todays_stored_form_names_its_schema_and_keeps_every_field_of_version_1():
    content = content_from_json(fixture_text())
    stored = content_to_json(content)
    document = json.loads(stored)
    assert set(document) == {"schema", "content"} and document["schema"] == mc.SCHEMA == 2
    # The content part is what was stored unversioned plus schema 2's (empty) evidence of each learning
    # point: no field lost or renamed.
    with_evidence = mc.UPGRADES[1](fixture_data())
    assert document["content"] == with_evidence
    assert [lp["evidence"] for item in document["content"]["items"] for lp in item["learning_points"]] == [
        [] for item in fixture_data()["items"] for _ in item["learning_points"]]
    without = json.loads(stored)["content"]
    for item in without["items"]:
        for lp in item["learning_points"]:
            del lp["evidence"]
    assert json.dumps(without, ensure_ascii=False, sort_keys=True) == fixture_text().rstrip("\n")
    again = content_from_json(stored)
    assert again == content and content_to_json(again) == stored


def test_the_content_lives_in_the_models_and_the_export_only_renders_it():
    assert {cls.__module__ for cls in CONTENT_CLASSES} == {"reviews.models.minutes_content"}
    source = (ROOT / "reviews" / "exports" / "committee_minutes.py").read_text(encoding="utf-8")
    classes = {node.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ClassDef)}
    assert classes == {"CommitteeMinutes"}  # the export's own model: document properties, approval, language
    assert not (ROOT / "reviews" / "exports" / "model_json.py").exists()


# --- what cannot be read whole is refused -----------------------------------------------------------------


def test_an_unknown_field_in_the_committed_version_is_a_clear_error():
    data = fixture_data()
    data["video_lenke"] = "https://møde.example.dk/123"
    error = refused(json.dumps(data, ensure_ascii=False))
    assert (error.key, error.params) == ("minutes.error.stored_unknown_field",
                                         {"name": "video_lenke", "where": "content"})
    assert i18n.t(error.key, "da", **error.params) == (
        "Den godkendte version af referatet har feltet «video_lenke» (content), som arbejdsbordet ikke kender. "
        "Den vises ikke uden feltet; intet er eksporteret eller ændret. Kontakt den systemansvarlige.")


def test_an_unknown_field_deep_in_a_versioned_document_names_its_place():
    data = {"schema": 1, "content": fixture_data()}
    data["content"]["items"][1]["learning_points"][0]["titel"] = "Overlevering"
    error = refused(json.dumps(data, ensure_ascii=False))
    assert (error.key, error.params) == ("minutes.error.stored_unknown_field",
                                         {"name": "titel", "where": "content.items[1].learning_points[0]"})


@pytest.mark.parametrize(("path", "name", "where"), [
    ((), "purpose", "content"),
    (("attendees", 4), "present", "content.attendees[4]"),
    (("cases", 0), "basis", "content.cases[0]"),  # filled only in documents from before the schema number
])
def test_a_missing_field_in_a_version_1_document_is_a_clear_error(path, name, where):
    data = {"schema": 1, "content": fixture_data()}
    target = data["content"]
    for step in path:
        target = target[step]
    del target[name]
    error = refused(json.dumps(data, ensure_ascii=False))
    assert (error.key, error.params) == ("minutes.error.stored_missing_field", {"name": name, "where": where})


@pytest.mark.parametrize(("change", "name", "where"), [
    (lambda c: c["attendees"][0].update(present="ja"), "present", "content.attendees[0]"),
    (lambda c: c.update(duration_minutes="120"), "duration_minutes", "content"),
    (lambda c: c.update(cases_left_out=True), "cases_left_out", "content"),
    (lambda c: c["agreements"][0].update(due_on="10. marts 2021"), "due_on", "content.agreements[0]"),
    (lambda c: c.update(items={}), "items", "content"),
    (lambda c: c["items"][1]["learning_points"][0].update(codes=["ok", 7]), "codes",
     "content.items[1].learning_points[0].codes[1]"),
])
def test_a_value_of_the_wrong_kind_is_a_clear_error(change, name, where):
    content = fixture_data()
    change(content)
    error = refused(json.dumps({"schema": 1, "content": content}, ensure_ascii=False))
    assert (error.key, error.params) == ("minutes.error.stored_bad_value", {"name": name, "where": where})


def test_a_newer_schema_is_refused_rather_than_guessed():
    error = refused(json.dumps({"schema": 3, "content": fixture_data()}, ensure_ascii=False))
    assert (error.key, error.params) == ("minutes.error.stored_schema", {"schema": 3, "known": 2})
    assert "format 3" in i18n.t(error.key, "da", **error.params)
    assert refused(json.dumps({"schema": -1, "content": fixture_data()})).key == "minutes.error.stored_schema"


@pytest.mark.parametrize("text", [
    "", "[]", "{not json", json.dumps({"schema": "1", "content": {}}), json.dumps({"schema": True, "content": {}}),
    json.dumps({"schema": 1, "content": []}), json.dumps({"schema": 1, "content": {}, "signed_by": "x"}),
])
def test_a_stored_text_that_is_not_minutes_is_a_clear_error(text):
    assert refused(text).key == "minutes.error.stored_unreadable"


# --- documents stored before the schema number --------------------------------------------------------------


def test_minutes_approved_before_the_basis_and_disciplines_were_recorded_still_read():
    # The first stored form (before the cases' basis, the count left out and the members' disciplines were
    # recorded) lacks those three fields; the step from schema 0 reads them as "not recorded".
    old = fixture_data()
    for case in old["cases"]:
        del case["basis"]
    del old["cases_left_out"], old["member_disciplines"]
    content = content_from_json(json.dumps(old, ensure_ascii=False))
    assert [c.basis for c in content.cases] == [""] * 5 and content.cases_left_out == 0
    assert content.member_disciplines == ()
    assert content.cases[0] == dataclasses.replace(content_from_json(fixture_text()).cases[0], basis="")
    text = render(content)
    assert "5 sager er udvalgt; der er givet samtykke i 4." in text  # the cases as the minutes read then
    assert "En tværfaglig gruppe gennemgik de udvalgte sager" in text  # no members recorded: none named
    assert "Gruppens fagligheder" not in text
    # Re-stored, it is a complete version-1 document.
    assert json.loads(content_to_json(content))["content"]["member_disciplines"] == []


def test_the_step_from_schema_0_fills_only_what_was_missing():
    old = fixture_data()
    assert mc.UPGRADES[mc.UNVERSIONED](copy.deepcopy(old)) == old
    del old["cases"][2]["basis"]
    upgraded = mc.UPGRADES[mc.UNVERSIONED](old)
    assert upgraded["cases"][2]["basis"] == "" and upgraded["cases"][3]["basis"] != ""
    assert "basis" not in old["cases"][2]  # the stored data given to it is not changed


# --- through the service, on a real database --------------------------------------------------------------


@pytest.fixture
def approved(db, users):
    chair = users[Role.CHAIR]
    review = review_service.create_review(db, chair, review_service.ReviewForm("Gennemgang Æ", "Kommissorium"))
    meeting = meetings.create_meeting(db, chair, review.id, meetings.MeetingForm(
        MeetingKind.FAMILY, "Familierunde", dt.datetime(2026, 2, 24, 15, 0), 90)).record
    meetings.add_item(db, chair, meeting.id, meetings.ItemForm("Velkomst", resume="Formanden byder velkommen."))
    version = meetings.get_meeting(db, chair, meeting.id).meeting.version
    meetings.approve_minutes(db, chair, meeting.id, version)
    return chair, meeting


def stored_content(db, meeting_id) -> str:
    return db.fetchone("SELECT content FROM minutes_versions WHERE meeting_id = ? AND version = 1",
                       [meeting_id])[0]


def set_stored_content(db, meeting_id, text: str) -> None:
    db.write(lambda cur: cur.execute("UPDATE minutes_versions SET content = ? WHERE meeting_id = ? AND version = 1",
                                     [text, meeting_id]))


def exports(db) -> int:
    return db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'export'")[0]


def test_approving_stores_the_schema_number(db, approved):
    chair, meeting = approved
    document = json.loads(stored_content(db, meeting.id))
    assert document["schema"] == 2 and document["content"]["items"][0]["resume"] == "Formanden byder velkommen."


def test_an_unversioned_approved_version_in_a_database_exports_as_approved(db, approved):
    chair, meeting = approved
    set_stored_content(db, meeting.id, fixture_text())
    text = docx_text(documents.committee_minutes_document(db, chair, meeting.id).data)
    assert "Familierunde om læringspunkterne" in text and "Netværksmøder giver familien en stemme" in text
    assert exports(db) == 1


def test_an_approved_version_that_cannot_be_read_whole_is_refused_and_nothing_is_exported(db, approved):
    chair, meeting = approved
    data = fixture_data()
    data["items"][0]["sagsfremstilling"] = "Et felt fra en anden udgave"
    tampered = json.dumps(data, ensure_ascii=False)
    set_stored_content(db, meeting.id, tampered)
    with pytest.raises(StoredMinutesError) as error:
        documents.committee_minutes_document(db, chair, meeting.id)
    assert error.value.params == {"name": "sagsfremstilling", "where": "content.items[0]"}
    assert exports(db) == 0 and stored_content(db, meeting.id) == tampered


def test_a_schema_1_document_reads_with_no_evidence_and_schema_2_keeps_its_evidence():
    lp_path = ("items", 1, "learning_points", 0)
    content = content_from_json(json.dumps({"schema": 1, "content": fixture_data()}, ensure_ascii=False))
    assert all(lp.evidence == () for item in content.items for lp in item.learning_points)

    data = mc.UPGRADES[1](fixture_data())
    target = data
    for step in lp_path:
        target = target[step]
    target["evidence"] = [{"case": "Familie 17", "source": "børnefaglig undersøgelse", "date": "2020-03-12",
                           "page": 4, "quote": "Barnet fortæller, at hun savner sin far."}]
    content = content_from_json(json.dumps({"schema": 2, "content": data}, ensure_ascii=False))
    assert content.items[1].learning_points[0].evidence == (
        EvidenceEntry("Familie 17", "børnefaglig undersøgelse", dt.date(2020, 3, 12), 4,
                      "Barnet fortæller, at hun savner sin far."),)
    # A schema 1 document that somehow carries evidence keeps it: the upgrade only fills what is missing.
    assert mc.UPGRADES[1]({"items": [{"learning_points": [{"evidence": ["x"]}]}]}) == {
        "items": [{"learning_points": [{"evidence": ["x"]}]}]}
    # Schema 2 requires the field like every other.
    del target["evidence"]
    error = refused(json.dumps({"schema": 2, "content": data}, ensure_ascii=False))
    assert (error.key, error.params) == ("minutes.error.stored_missing_field",
                                         {"name": "evidence", "where": "content.items[1].learning_points[0]"})


def _with_evidence(content: MinutesContent, *evidence: EvidenceEntry) -> MinutesContent:
    item = content.items[1]
    lp = dataclasses.replace(item.learning_points[0], evidence=evidence)
    item = dataclasses.replace(item, learning_points=(lp, *item.learning_points[1:]))
    return dataclasses.replace(content, items=(content.items[0], item, *content.items[2:]))


def test_the_method_appendix_cites_each_learning_points_evidence_and_only_ticked_quotations():
    content = _with_evidence(
        content_from_json(fixture_text()),
        EvidenceEntry("Familie 17", "børnefaglig undersøgelse", dt.date(2020, 3, 12), 4,
                      "Moren fortæller, at ingen sagde farvel, da rådgiveren skiftede."),
        EvidenceEntry("Familie 23", "journalnotat", dt.date(2019, 11, 2), None, ""))
    text = render(content)
    appendix = text[text.index("Dokumentation for læringspunkterne"):]
    assert "Overlevering ved skift af sagsbehandler" in appendix
    assert "Familie 17 · Børnefaglig undersøgelse 12.03.2020 · s. 4" in appendix
    assert "Familie 23 · Journalnotat 02.11.2019" in appendix  # an event: no page
    assert "Familie 17: «Moren fortæller, at ingen sagde farvel, da rådgiveren skiftede.»" in appendix
    assert appendix.count("«") == 1  # the unticked case has no quotation
    english = render(content, "en")
    assert "Familie 17 · Child welfare investigation 12/03/2020 · p. 4" in english
    # Without evidence the minutes read as before: no such section.
    assert "Dokumentation for læringspunkterne" not in render(content_from_json(fixture_text()))


def test_a_cpr_number_in_a_ticked_quotation_is_caught_by_the_export_guard_with_its_place():
    content = _with_evidence(content_from_json(fixture_text()),
                             EvidenceEntry("Familie 17", "afgørelse", dt.date(2020, 6, 1), 2, "Barnet 010203-4052"))
    report = scan_model(content)
    places = [describe_place(f.place) for f in report.findings]
    assert any(p.endswith("dokumentation 1, citat") for p in places), places
