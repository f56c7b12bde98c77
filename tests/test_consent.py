"""The basis for reviewing a case: a case whose family's consent is pending or refused is neither read nor
coded in the review, unless the ombudsman investigates it on own initiative; refusals are logged; figures,
searches and the committee minutes leave such cases out and state each reviewed case's basis."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json

import docx
import pytest
from streamlit.testing.v1 import AppTest

from reviews.errors import NotFound, PermissionDenied, ValidationError
from reviews.exports.committee_minutes import CommitteeMinutes, build_committee_minutes
from reviews.exports.docx_base import DocumentMeta
from reviews.models import Consent, Nomination, ReviewBasis, Role, review_basis
from reviews.models.case_review import Polarity
from reviews.models.minutes import MeetingKind
from reviews.models.minutes_content import CaseEntry, MinutesContent, content_from_json
from reviews.services import agreement, findings, learning_points, meetings
from reviews.services import cases as case_service
from reviews.services import reviews as review_service
from reviews.storage.database import Database
from tests.case_review_support import add, make_world
from tests.conftest import ROOT, demo_user

GIVEN_ON = dt.date(2020, 12, 1)


def set_selection(db, world, case_id, nominated_by=Nomination.FAMILIES, consent=Consent.PENDING):
    """Change the selection of `case_id` (as the chair does on the reviews page)."""
    current = next(c for c in review_service.get_review(db, world.chair, world.review_id).cases
                   if c.case_id == case_id)
    review_service.update_selection(db, world.chair, world.review_id, case_id, current.version,
                                    review_service.SelectionForm(
                                        nominated_by, "Begrundelse", consent,
                                        None if consent == Consent.PENDING else GIVEN_ON))


def refusals(db) -> list[tuple[str, str, dict]]:
    rows = db.fetchall("SELECT username, pseudonym, details FROM audit_log WHERE action = 'refused' ORDER BY id")
    return [(u, p, json.loads(d)) for u, p, d in rows]


def form(world, code="fo4_moeder") -> findings.FindingForm:
    return findings.FindingForm("Et fund.", (world.codes[code],), Polarity.CONCERN)


# --- the rule -------------------------------------------------------------------------------------------------


def test_the_python_rule_and_the_sql_rule_agree_on_every_combination(db, users):
    combos = list(itertools.product(Nomination, Consent))
    world = make_world(db, users, n_cases=len(combos))
    for case_id, (nominated_by, consent) in zip(world.case_ids, combos, strict=True):
        set_selection(db, world, case_id, nominated_by, consent)
    expected = {case_id for case_id, (nominated_by, consent) in zip(world.case_ids, combos, strict=True)
                if review_basis(nominated_by, consent) is not None}
    # 4 nominations x 3 consents: all with consent given (4), plus own initiative pending or refused (2).
    assert len(expected) == 6
    assert {case_id for case_id, _ in findings.case_choices(db, world.r1, world.review_id)} == expected
    overview = findings.reading_overview(db, world.r1, world.review_id)
    assert {o.case_id for o in overview.items if o.readable} == expected
    assert (overview.total, overview.readable) == (12, 6)
    for case_id in world.case_ids:
        if case_id in expected:
            assert case_service.get_case(db, world.r1, case_id, review_id=world.review_id).case.id == case_id
        else:
            with pytest.raises(PermissionDenied):
                case_service.get_case(db, world.r1, case_id, review_id=world.review_id)


def test_basis_of_a_selection():
    assert review_basis(Nomination.FAMILIES, Consent.GIVEN) == ReviewBasis.CONSENT
    assert review_basis(Nomination.OMBUDSMAN, Consent.GIVEN) == ReviewBasis.CONSENT
    assert review_basis(Nomination.OMBUDSMAN, Consent.PENDING) == ReviewBasis.OWN_INITIATIVE
    assert review_basis(Nomination.OMBUDSMAN, Consent.REFUSED) == ReviewBasis.OWN_INITIATIVE
    assert review_basis(Nomination.COMMITTEE, Consent.PENDING) is None
    assert review_basis(Nomination.TASK_FORCE, Consent.REFUSED) is None


# --- reading and coding ---------------------------------------------------------------------------------------


def test_pending_consent_refuses_reading_the_case_for_the_review_and_logs_the_refusal(db, users):
    world = make_world(db, users)
    case_id = world.case_ids[0]
    set_selection(db, world, case_id, Nomination.FAMILIES, Consent.PENDING)
    case_reads = "SELECT count(*) FROM audit_log WHERE action = 'read' AND record_type = 'case'"
    reads_before = db.fetchone(case_reads)[0]
    with pytest.raises(PermissionDenied) as info:
        case_service.get_case(db, world.r1, case_id, review_id=world.review_id, purpose="Gennemgang")
    assert info.value.key == "error.consent_pending"
    assert info.value.params == {"pseudonym": "Test Task Force Familie 1"}
    with pytest.raises(PermissionDenied) as info:
        findings.case_findings(db, world.r1, world.review_id, case_id)
    assert info.value.key == "error.consent_pending"
    # No read was logged (nothing was read); both refusals were, with what was attempted and why.
    assert db.fetchone(case_reads)[0] == reads_before
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'read' AND record_type = 'findings'")[0] == 0
    assert refusals(db) == [
        ("reviewer", "Test Task Force Familie 1", {"attempt": "read", "consent": "afventer",
                                                   "nominated_by": "familiegruppen"})] * 2
    row = db.fetchone("SELECT record_type, record_id FROM audit_log WHERE action = 'refused' LIMIT 1")
    assert row == ("review_case", f"{world.review_id}/{case_id}")


def test_pending_consent_refuses_coding_and_nothing_is_stored(db, users):
    world = make_world(db, users)
    case_id = world.case_ids[0]
    set_selection(db, world, case_id, Nomination.COMMITTEE, Consent.PENDING)
    with pytest.raises(PermissionDenied) as info:
        findings.add_finding(db, world.r1, world.review_id, case_id, form(world))
    assert info.value.key == "error.consent_pending"
    with pytest.raises(PermissionDenied):
        findings.mark_reading_done(db, world.r1, world.review_id, case_id)
    assert db.fetchone("SELECT count(*) FROM findings")[0] == 0
    assert db.fetchone("SELECT count(*) FROM readings")[0] == 0
    assert [d["attempt"] for _, _, d in refusals(db)] == ["create", "change"]


def test_refused_consent_has_its_own_message(db, users):
    world = make_world(db, users)
    set_selection(db, world, world.case_ids[1], Nomination.FAMILIES, Consent.REFUSED)
    with pytest.raises(PermissionDenied) as info:
        findings.add_finding(db, world.r2, world.review_id, world.case_ids[1], form(world))
    assert info.value.key == "error.consent_refused"
    with pytest.raises(PermissionDenied) as info:
        case_service.get_case(db, world.chair, world.case_ids[1], review_id=world.review_id)
    assert info.value.key == "error.consent_refused"  # the chair too: the rule is the family's, not a role's


@pytest.mark.parametrize("consent", [Consent.PENDING, Consent.REFUSED])
def test_own_initiative_investigation_is_read_and_coded_without_consent(db, users, consent):
    world = make_world(db, users)
    case_id = world.case_ids[0]
    set_selection(db, world, case_id, Nomination.OMBUDSMAN, consent)
    detail = case_service.get_case(db, world.r1, case_id, review_id=world.review_id)
    assert [e.text for e in detail.events] == ["Møde med familien.", "Afgørelse uden klagevejledning."]
    saved = add(db, world, world.r1, case_id, ["fo4_moeder"])
    assert findings.case_findings(db, world.r1, world.review_id, case_id).findings[0].id == saved.id
    assert findings.mark_reading_done(db, world.r1, world.review_id, case_id) is True
    assert refusals(db) == []


def test_consent_given_is_read_and_coded(db, users):
    world = make_world(db, users)  # the support world selects every case with the family's consent
    case_id = world.case_ids[2]
    assert case_service.get_case(db, world.r3, case_id, review_id=world.review_id).case.id == case_id
    add(db, world, world.r3, case_id, ["fo4_moeder"])
    assert db.fetchone("SELECT count(*) FROM findings")[0] == 1
    details = db.fetchone("SELECT details FROM audit_log WHERE action = 'read' AND record_type = 'case'"
                          " ORDER BY id DESC LIMIT 1")[0]
    assert json.loads(details) == {"review_id": world.review_id}
    assert refusals(db) == []


def test_case_outside_the_review_is_not_found_and_register_lookup_is_unchanged(db, users):
    world = make_world(db, users)
    other = make_world(db, users, name="Anden gennemgang", n_cases=1)
    with pytest.raises(NotFound):
        case_service.get_case(db, world.chair, other.case_ids[0], review_id=world.review_id)
    # Nor through the register (no review): the review is the chair's only reason to read the case, and
    # without a basis it gives none (need to know).
    set_selection(db, world, world.case_ids[0], Nomination.FAMILIES, Consent.PENDING)
    with pytest.raises(NotFound):
        case_service.get_case(db, world.chair, world.case_ids[0])
    assert case_service.get_case(db, world.chair, world.case_ids[1]).case.id == world.case_ids[1]
    # ... and the review's list of selected cases stays visible to the chair, with the consent.
    selected = review_service.get_review(db, world.chair, world.review_id).cases
    assert [c.consent for c in selected] == [Consent.PENDING, Consent.GIVEN, Consent.GIVEN]


def test_non_member_learns_nothing_about_the_consent(db, users):
    world = make_world(db, users)
    set_selection(db, world, world.case_ids[0], Nomination.FAMILIES, Consent.PENDING)
    with pytest.raises(PermissionDenied) as info:
        findings.add_finding(db, world.outsider, world.review_id, world.case_ids[0], form(world))
    assert info.value.key == "error.not_member"


# --- consent withdrawn after coding ---------------------------------------------------------------------------


def test_withdrawn_consent_takes_the_case_out_of_edits_figures_searches_and_exports(db, users):
    world = make_world(db, users, blind=False)
    first, second = world.case_ids[0], world.case_ids[1]
    mine = add(db, world, world.r1, first, ["fo4_moeder"])
    add(db, world, world.r2, first, ["fo4_moeder"])
    add(db, world, world.r1, second, ["fo6_skift"])
    add(db, world, world.r2, second, ["fo6_skift"])
    for reviewer in (world.r1, world.r2):
        findings.mark_reading_done(db, reviewer, world.review_id, second)
    findings.mark_reading_done(db, world.r2, world.review_id, first)
    lp = learning_points.create_learning_point(db, world.chair, world.review_id, learning_points.LearningPointForm(
        "Overlevering", evidence_ids=(mine.id,))).record
    assert lp.case_total == 3
    before = agreement.review_agreement(db, world.chair, world.review_id)
    assert (before.figures.cases, before.case_total) == (1, 3)  # only the second case has two finished readings

    set_selection(db, world, second, Nomination.FAMILIES, Consent.REFUSED)

    with pytest.raises(PermissionDenied):
        findings.add_finding(db, world.r1, world.review_id, second, form(world))
    searched = findings.search_findings(db, world.chair, world.review_id)
    assert searched.total == 2 and {f.case_id for f in searched.items} == {first}
    matrix = findings.matrix(db, world.chair, world.review_id)
    assert matrix.case_total == 2 and second not in set(matrix.page_cases["case_id"])
    assert second not in set(matrix.cells["case_id"])
    after = agreement.review_agreement(db, world.chair, world.review_id)  # cached before: the stamp changed
    assert (after.figures.cases, after.case_total) == (0, 2)
    with pytest.raises(PermissionDenied) as info:
        agreement.case_agreement(db, world.chair, world.review_id, second)
    assert info.value.key == "error.consent_refused"
    csv_text = findings.export_findings_csv(db, world.chair, world.review_id).decode("utf-8-sig")
    assert "Familie 1" in csv_text and "Familie 2" not in csv_text
    assert learning_points.get_learning_point(db, world.chair, lp.id).learning_point.case_total == 2
    # New evidence from the case is refused; the learning point's existing evidence is kept.
    other = db.fetchone("SELECT id FROM findings WHERE case_id = ? ORDER BY id LIMIT 1", [second])[0]
    with pytest.raises(ValidationError) as info:
        learning_points.update_learning_point(db, world.chair, lp.id, lp.version, learning_points.LearningPointForm(
            "Overlevering", evidence_ids=(mine.id, other)))
    assert info.value.key == "error.evidence_no_basis"


def test_withdrawn_consent_refuses_editing_and_deleting_own_findings(db, users):
    world = make_world(db, users)
    case_id = world.case_ids[0]
    mine = add(db, world, world.r1, case_id, ["fo4_moeder"])
    set_selection(db, world, case_id, Nomination.TASK_FORCE, Consent.REFUSED)
    with pytest.raises(PermissionDenied) as info:
        findings.update_finding(db, world.r1, mine.id, mine.version, form(world, "fo6_skift"))
    assert info.value.key == "error.consent_refused"
    with pytest.raises(PermissionDenied):
        findings.delete_finding(db, world.r1, mine.id, mine.version)
    assert db.fetchone("SELECT version FROM findings WHERE id = ?", [mine.id])[0] == 1
    assert [d["attempt"] for _, _, d in refusals(db)] == ["change", "delete"]


# --- committee minutes ----------------------------------------------------------------------------------------


@pytest.fixture
def minutes_world(db, users):
    """Four cases: consent given, own initiative with consent pending, consent pending, consent refused."""
    world = make_world(db, users, n_cases=4)
    set_selection(db, world, world.case_ids[1], Nomination.OMBUDSMAN, Consent.PENDING)
    set_selection(db, world, world.case_ids[2], Nomination.COMMITTEE, Consent.PENDING)
    set_selection(db, world, world.case_ids[3], Nomination.FAMILIES, Consent.REFUSED)
    meeting = meetings.create_meeting(db, world.chair, world.review_id, meetings.MeetingForm(
        MeetingKind.FAMILY, "Familierunde", dt.datetime(2026, 2, 24, 15, 0), 90,
        committee="Børne- og Ungeudvalget")).record
    meetings.add_item(db, world.chair, meeting.id, meetings.ItemForm("Velkomst"))
    current = meetings.get_meeting(db, world.chair, meeting.id).meeting
    meetings.approve_minutes(db, world.chair, meeting.id, current.version)
    return world, meeting


def _content(db, meeting_id) -> MinutesContent:
    stored = db.fetchone("SELECT content FROM minutes_versions WHERE meeting_id = ? ORDER BY version DESC LIMIT 1",
                         [meeting_id])[0]
    return content_from_json(stored)


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_minutes_list_only_reviewed_cases_with_their_basis(db, minutes_world):
    world, meeting = minutes_world
    content = _content(db, meeting.id)
    assert [(c.pseudonym, c.basis, c.consent_date) for c in content.cases] == [
        ("Test Task Force Familie 1", "familiens samtykke", GIVEN_ON),
        ("Test Task Force Familie 2", "borgerrådgiverens egen drift-undersøgelse", None)]
    assert content.cases_left_out == 2


def test_minutes_document_states_the_basis_and_leaves_out_cases_without_consent(db, minutes_world):
    world, meeting = minutes_world
    from reviews.services import documents

    text = _text(documents.committee_minutes_document(db, world.chair, meeting.id).data)
    assert "Familiens samtykke, givet 1. december 2020" in text
    assert "Borgerrådgiverens undersøgelse af egen drift" in text
    assert "Test Task Force Familie 3" not in text and "Test Task Force Familie 4" not in text
    assert ("2 sager indgår i gennemgangen: 1 med familiens samtykke og 1 som borgerrådgiverens undersøgelse af "
            "egen drift.") in text
    assert "2 udvalgte sager indgår ikke, fordi familiens samtykke afventer eller er afvist." in text
    english = _text(documents.committee_minutes_document(db, world.chair, meeting.id, lang="en").data)
    assert "The family's consent, given on 1 December 2020" in english
    assert "The citizen ombudsman's own-initiative investigation" in english


def _minutes(cases, left_out=0, lang="da") -> str:
    content = MinutesContent(review_name="R", meeting_title="M", cases=cases, cases_left_out=left_out)
    meta = DocumentMeta("Titel", "Forfatter", dt.datetime(2026, 1, 1, 12, 0))
    return _text(build_committee_minutes(CommitteeMinutes(meta=meta, content=content, lang=lang)))


def test_minutes_approved_before_the_basis_was_recorded_read_as_then():
    # A stored version without `basis` shows its consent as approved then.
    text = _minutes((CaseEntry("Familie 3", "udvalget", "x", "afventer", None),
                     CaseEntry("Familie 11", "udvalget", "y", "givet", GIVEN_ON)))
    assert "Afventer" in text and "Givet (01.12.2020)" in text
    assert "2 sager er udvalgt; der er givet samtykke i 1." in text


def test_minutes_with_no_reviewed_case_say_so():
    assert "Ingen af de udvalgte sager har samtykke" in _minutes((), left_out=3)
    assert "3 udvalgte sager indgår ikke" in _minutes((), left_out=3)
    assert "Der er ikke udvalgt sager." in _minutes(())
    assert "1 selected case is not part of the review" in _minutes((), left_out=1, lang="en")


def test_demo_minutes_name_the_own_initiative_case(demo_db):
    chair = demo_user(demo_db, Role.CHAIR)
    review = review_service.find_review(demo_db, chair, "Task Force 4200")
    family = next(m for m in meetings.list_meetings(demo_db, chair, review.id) if m.kind == MeetingKind.FAMILY)
    content = _content(demo_db, family.id)
    assert {c.pseudonym: c.basis for c in content.cases}["Familie 26"] == ReviewBasis.OWN_INITIATIVE
    assert len(content.cases) == 5 and content.cases_left_out == 0


# --- the pages show the reason instead of the case -------------------------------------------------------------

APP = str(ROOT / "app.py")


def _demo_with_pending_familie_3(db_path) -> tuple[int, int, dict[Role, object]]:
    """Familie 3 of the demo review back to consent pending (as the chair would set it)."""
    database = Database(str(db_path))
    try:
        chair = demo_user(database, Role.CHAIR)
        review = review_service.find_review(database, chair, "Task Force 4200")
        selection = next(c for c in review_service.get_review(database, chair, review.id).cases
                         if c.pseudonym == "Familie 3")
        review_service.update_selection(database, chair, review.id, selection.case_id, selection.version,
                                        review_service.SelectionForm(selection.nominated_by, selection.rationale))
        database.checkpoint()
        return review.id, selection.case_id, {role: demo_user(database, role) for role in (Role.CHAIR, Role.REVIEWER)}
    finally:
        database.close()


def _page(monkeypatch, db_path, user, path, **state) -> AppTest:
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = user
    at.session_state["lang"] = "da"
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


PENDING_MESSAGE = "Familie 3 kan ikke læses eller kodes i gennemgangen, fordi familiens samtykke afventer."


def test_case_page_opened_for_the_review_shows_the_consent_message(monkeypatch, demo_db_path):
    review_id, case_id, people = _demo_with_pending_familie_3(demo_db_path)
    at = _page(monkeypatch, demo_db_path, people[Role.CHAIR], "pages/case.py", case_id=case_id,
               case_review=(case_id, review_id), case_purpose="Gennemgang: Task Force 4200")
    assert [e.value for e in at.error if e.value.startswith(PENDING_MESSAGE)]
    assert "Tidslinje" not in [h.value for h in at.header]
    # A register look-up of the same case by the chair (no review) does not show it either.
    at = _page(monkeypatch, demo_db_path, people[Role.CHAIR], "pages/case.py", case_id=case_id)
    assert "Tidslinje" not in [h.value for h in at.header]


def test_annotate_page_shows_the_consent_message_for_a_pending_case(monkeypatch, demo_db_path):
    review_id, case_id, people = _demo_with_pending_familie_3(demo_db_path)
    at = _page(monkeypatch, demo_db_path, people[Role.REVIEWER], "pages/annotate.py", review_id=review_id,
               annotate_case_id=case_id)
    assert [e.value for e in at.error if e.value.startswith(PENDING_MESSAGE)]
    assert "1 sag kan ikke læses endnu: familiens samtykke afventer eller er afvist." in [c.value for c in at.caption]
    picker = next(s for s in at.selectbox if s.label == "Sag")
    assert picker.value.case_id == case_id and "afventer samtykke" in picker.format_func(picker.value)
    assert not [b for b in at.button if b.label == "Gem fund"]
