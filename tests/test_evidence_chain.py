"""The evidence chain (issue 12, item 6): a learning point's findings, and so the passages they cite, are listed
in the samlet referat's method appendix as "Familie 17 · Børnefaglig undersøgelse 12.03.2020 · s. 2";
a finding's excerpt is quoted only when the chair ticks it in, and then through the export guard."""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest

from reviews.errors import PermissionDenied, ValidationError
from reviews.models.case_review import Polarity
from reviews.models.minutes import MeetingKind
from reviews.models.minutes_content import content_from_json
from reviews.models.passages import PassageRef
from reviews.services import casefiles, documents, meetings, passages
from reviews.services import learning_points as lp_service
from reviews.services.findings import FindingForm
from tests import casefile_samples as s
from tests.case_review_support import add, make_world

QUOTE = "Forvaltningen har talt med skolen og sundhedsplejen."


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])


@pytest.fixture
def chain(db, users):
    world = make_world(db, users, blind=False)
    case_id = world.case_ids[0]
    # The investigation PDF (dated 12.03.2020 in its text) in the first family's case file.
    report = casefiles.import_files(db, world.chair, case_id, [("undersøgelse.pdf", s.investigation_pdf())],
                                    ocr="none")
    document_id = report.document_ids[0]
    page = casefiles.read_page(db, world.r1, document_id, 1)
    start = page.text.index(QUOTE)
    cited = passages.code_passage(db, world.r1, world.review_id, PassageRef(document_id, 1, start, start + len(QUOTE)),
                                  FindingForm(text="Samarbejdet med skolen virker.",
                                              code_ids=(world.codes["kv_opfoelgning"],), polarity=Polarity.WORKS_WELL))
    on_event = add(db, world, world.r2, world.case_ids[1], ["kv_opfoelgning"], text="Afgørelse uden vejledning.",
                   event_index=1, excerpt="Afgørelse uden klagevejledning.")
    lp = lp_service.create_learning_point(db, world.chair, world.review_id, lp_service.LearningPointForm(
        "Samarbejde med skolen", "Beskrivelse", evidence_ids=(cited.record.id, on_event.id))).record
    meeting = meetings.create_meeting(db, world.chair, world.review_id, meetings.MeetingForm(
        MeetingKind.FAMILY, "Familierunde", dt.datetime(2026, 2, 24, 15, 0), 90)).record
    item = meetings.add_item(db, world.chair, meeting.id, meetings.ItemForm("Skolen")).record
    meetings.link_learning_points(db, world.chair, item.id, item.version, [lp.id])
    return world, document_id, cited.record, on_event, lp, meeting


def export(db, world, meeting):
    result = documents.committee_minutes_document(db, world.chair, meeting.id, draft=True)
    assert result.data is not None, result.report
    return docx_text(result.data)


def test_the_minutes_cite_each_finding_by_case_document_date_and_page(db, chain):
    world, document_id, cited, on_event, lp, meeting = chain
    text = export(db, world, meeting)
    appendix = text[text.index("Dokumentation for læringspunkterne"):]
    first, second = (c.pseudonym for c in (cited, on_event))
    assert f"{first} · Børnefaglig undersøgelse 12.03.2020 · s. 1" in appendix
    assert f"{second} · Afgørelse 20.02.2020" in appendix  # a finding on a timeline event: no page
    assert QUOTE not in appendix and "«" not in appendix  # nothing quoted until the chair ticks it in


def test_only_ticked_quotations_reach_the_minutes_and_they_survive_approval(db, chain):
    world, document_id, cited, on_event, lp, meeting = chain
    with pytest.raises(PermissionDenied):  # a member, not the chair
        lp_service.set_quotations(db, world.r1, lp.id, lp.version, [cited.id])
    before = db.fetchone("SELECT count(*) FROM learning_point_quotes")[0]
    with pytest.raises(ValidationError) as error:  # not this learning point's evidence
        lp_service.set_quotations(db, world.chair, lp.id, lp.version, [cited.id, 999_999])
    assert error.value.key == "error.quote_not_evidence"
    assert db.fetchone("SELECT count(*) FROM learning_point_quotes")[0] == before == 0

    saved = lp_service.set_quotations(db, world.chair, lp.id, lp.version, [cited.id])
    assert saved.quoted_ids == (cited.id,)
    assert json.loads(db.fetchone("SELECT details FROM audit_log WHERE record_type = 'learning_point'"
                                  " ORDER BY id DESC LIMIT 1")[0]) == {"quotations": [cited.id]}
    appendix = export(db, world, meeting).split("Dokumentation for læringspunkterne")[1]
    assert f"{cited.pseudonym}: «{QUOTE}»" in appendix
    assert "Afgørelse uden klagevejledning" not in appendix  # the other finding is not ticked

    version = meetings.get_meeting(db, world.chair, meeting.id).meeting.version
    meetings.approve_minutes(db, world.chair, meeting.id, version)
    stored = content_from_json(db.fetchone("SELECT content FROM minutes_versions WHERE meeting_id = ?",
                                           [meeting.id])[0])
    evidence = stored.items[0].learning_points[0].evidence
    assert [(e.case, e.source, e.date, e.page, e.quote) for e in evidence] == [
        (cited.pseudonym, "børnefaglig undersøgelse", dt.date(2020, 3, 12), 1, QUOTE),
        (on_event.pseudonym, "afgørelse", dt.date(2020, 2, 20), None, "")]

    # Evidence taken away takes its tick with it.
    current = lp_service.get_learning_point(db, world.chair, lp.id).learning_point
    lp_service.update_learning_point(db, world.chair, lp.id, current.version, lp_service.LearningPointForm(
        current.title, current.description, evidence_ids=(on_event.id,)))
    assert lp_service.get_learning_point(db, world.chair, lp.id).learning_point.quoted_ids == ()


def test_reading_the_cited_document_is_in_the_familys_insight_extract(db, chain, users):
    from reviews.models import Role
    from reviews.services import insight

    world, document_id, cited, *_ = chain
    casefiles.read_page(db, world.r1, document_id, 1, purpose="Gennemgang af sagen")
    data, rows = insight.audit_extract(db, users[Role.ADMINISTRATOR], cited.pseudonym)
    lines = data.decode("utf-8-sig").splitlines()
    assert any("Gennemgang af sagen" in line and "casefile" in line for line in lines), lines


def test_the_chair_ticks_a_quotation_on_the_learning_point_page(monkeypatch, demo_db_path):
    import duckdb
    from streamlit.testing.v1 import AppTest

    from reviews.services import auth
    from reviews.storage.database import Database
    from tests.conftest import _ADMIN, ROOT

    con = duckdb.connect(str(demo_db_path))
    try:
        review_id, lp_id, finding_id, excerpt = con.execute(
            "SELECT lp.review_id, lp.id, f.id, f.excerpt FROM learning_points lp JOIN learning_point_evidence e"
            " ON e.learning_point_id = lp.id JOIN findings f ON f.id = e.finding_id JOIN reviews r ON r.id = lp.review_id"
            " JOIN users u ON u.id = r.chair_id WHERE u.username = 'formand' AND trim(f.excerpt) <> ''"
            " ORDER BY lp.id, f.id LIMIT 1").fetchone()
    finally:
        con.close()
    database = Database(str(demo_db_path))
    try:
        chair = next(u for u in auth.list_users(database, _ADMIN) if u.username == "formand")
    finally:
        database.close()
    monkeypatch.setenv("REVIEWS_DB", str(demo_db_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["user"] = chair
    at.session_state["lang"] = "da"
    at.session_state["review_id"] = review_id
    at.session_state["lp_id"] = lp_id
    at.run()
    at.switch_page("pages/learning_points.py").run()
    assert not at.exception, [e.value for e in at.exception]
    picker = next(m for m in at.multiselect if m.label == "Citér i referatet")
    assert any(excerpt[:40] in option for option in picker.options), picker.options
    picker.set_value([finding_id]).run()
    next(b for b in at.button if b.label == "Gem citater").click().run()
    assert not at.exception, [e.value for e in at.exception]
    con = duckdb.connect(str(demo_db_path))
    try:
        assert con.execute("SELECT finding_id FROM learning_point_quotes WHERE learning_point_id = ?",
                           [lp_id]).fetchall() == [(finding_id,)]
    finally:
        con.close()
