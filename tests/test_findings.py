"""Findings: writing them while reading a case, membership, blind review in the service layer, locking by
"reading done", stale saves, and bad input."""

from __future__ import annotations

import pytest

from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.models import Discipline, Role
from reviews.models.case_review import Polarity
from reviews.services import findings, learning_points
from tests.case_review_support import add, make_world


def _count(db) -> int:
    return db.fetchone("SELECT count(*) FROM findings")[0]


def test_reviewer_annotates_an_event_with_two_codes(db, users):
    world = make_world(db, users)
    case_id = world.case_ids[0]
    event = world.events[case_id][1]
    saved = findings.add_finding(db, world.r1, world.review_id, case_id, findings.FindingForm(
        text="Afgørelsen mangler klagevejledning.",
        code_ids=(world.codes["kv_lovgivning"], world.codes["fo2_formaal"]),
        polarity=Polarity.CONCERN, event_id=event.id, excerpt="uden klagevejledning", judgement=3))
    finding = saved.record
    assert finding.author_name == "Test reviewer" and finding.discipline == Discipline.SOCIAL_WORKER
    assert finding.event_id == event.id and finding.event_date == event.event_date
    assert set(finding.code_ids) == {world.codes["kv_lovgivning"], world.codes["fo2_formaal"]}
    assert (finding.polarity, finding.judgement, finding.version) == (Polarity.CONCERN, 3, 1)
    good = add(db, world, world.r1, case_id, ["fo4_moeder"], text="Godt møde.", polarity=Polarity.WORKS_WELL,
               event_index=None)
    assert good.event_id is None and good.polarity == Polarity.WORKS_WELL
    shown = findings.case_findings(db, world.r1, world.review_id, case_id).findings
    assert [f.id for f in shown] == [good.id, finding.id]  # whole-case findings first, then by event date
    row = db.fetchone("SELECT action, record_type, pseudonym FROM audit_log WHERE record_type = 'finding'"
                      " ORDER BY id LIMIT 1")
    assert row == ("create", "finding", "Test Task Force Familie 1")
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'read' AND record_type = 'findings'")[0] == 1


def test_reader_and_administrator_cannot_annotate_or_read_findings(db, users):
    world = make_world(db, users)
    form = findings.FindingForm("Tekst", (world.codes["fo4_moeder"],), Polarity.CONCERN)
    for role in (Role.READER, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            findings.add_finding(db, users[role], world.review_id, world.case_ids[0], form)
        with pytest.raises(PermissionDenied):
            findings.case_findings(db, users[role], world.review_id, world.case_ids[0])
        with pytest.raises(PermissionDenied):
            findings.export_findings_csv(db, users[role], world.review_id)
    assert _count(db) == 0


def test_only_members_read_and_write_a_reviews_findings(db, users):
    world = make_world(db, users)
    add(db, world, world.r1, world.case_ids[0], ["fo4_moeder"])
    with pytest.raises(PermissionDenied) as info:
        add(db, world, world.outsider, world.case_ids[0], ["fo4_moeder"])
    assert info.value.key == "error.not_member" and info.value.params["review"] == "Test Task Force"
    for call in (lambda: findings.case_findings(db, world.outsider, world.review_id, world.case_ids[0]),
                 lambda: findings.search_findings(db, world.outsider, world.review_id),
                 lambda: findings.matrix(db, world.outsider, world.review_id),
                 lambda: findings.reading_overview(db, world.outsider, world.review_id),
                 lambda: findings.export_findings_csv(db, world.outsider, world.review_id)):
        with pytest.raises(PermissionDenied):
            call()
    assert findings.my_reviews(db, world.outsider) == []
    # The chair may act on any review, member or not.
    by_chair = add(db, world, world.chair, world.case_ids[0], ["fo1_tillid"])
    assert by_chair.discipline == Discipline.OTHER
    assert [r.id for r in findings.my_reviews(db, world.chair)] == [world.review_id]
    assert _count(db) == 2


def test_blind_review_hides_others_findings_in_the_service_layer(db, users):
    world = make_world(db, users, blind=True)
    case_id, other_case = world.case_ids[0], world.case_ids[1]
    mine = add(db, world, world.r2, case_id, ["kv_lovgivning"], text="Jura.")
    theirs = add(db, world, world.r1, case_id, ["fo6_skift", "kv_opfoelgning"], text="Socialfagligt.")
    add(db, world, world.r1, other_case, ["fo6_skift"])

    seen = findings.case_findings(db, world.r2, world.review_id, case_id)
    assert [f.id for f in seen.findings] == [mine.id] and seen.hidden == 1 and not seen.done
    assert [f.id for f in findings.search_findings(db, world.r2, world.review_id).items] == [mine.id]
    assert findings.search_findings(db, world.r2, world.review_id, code_id=world.codes["fo6_skift"]).total == 0
    matrix = findings.matrix(db, world.r2, world.review_id)
    assert matrix.restricted and set(matrix.per_code["code_id"]) == {world.codes["kv_lovgivning"]}
    assert "Socialfagligt" not in findings.export_findings_csv(db, world.r2, world.review_id).decode("utf-8-sig")
    # The chair sees everything.
    assert findings.case_findings(db, world.chair, world.review_id, case_id).hidden == 0
    assert len(findings.case_findings(db, world.chair, world.review_id, case_id).findings) == 2

    assert findings.mark_reading_done(db, world.r2, world.review_id, case_id) is True
    seen = findings.case_findings(db, world.r2, world.review_id, case_id)
    assert {f.id for f in seen.findings} == {mine.id, theirs.id} and seen.hidden == 0 and seen.done
    # Still blind on the case not yet finished.
    assert findings.case_findings(db, world.r2, world.review_id, other_case).hidden == 1
    assert findings.search_findings(db, world.r2, world.review_id).total == 2


def test_open_review_shows_all_findings_at_once(db, users):
    world = make_world(db, users, blind=False)
    add(db, world, world.r1, world.case_ids[0], ["fo6_skift"])
    seen = findings.case_findings(db, world.r2, world.review_id, world.case_ids[0])
    assert len(seen.findings) == 1 and seen.hidden == 0 and not seen.blind


def test_reading_done_is_final_and_locks_the_readers_findings(db, users):
    world = make_world(db, users)
    case_id = world.case_ids[0]
    finding = add(db, world, world.r1, case_id, ["fo6_skift"])
    assert findings.mark_reading_done(db, world.r1, world.review_id, case_id) is True
    assert findings.mark_reading_done(db, world.r1, world.review_id, case_id) is False
    form = findings.FindingForm("Ny", (world.codes["fo6_skift"],), Polarity.CONCERN)
    for call in (lambda: findings.add_finding(db, world.r1, world.review_id, case_id, form),
                 lambda: findings.update_finding(db, world.r1, finding.id, finding.version, form),
                 lambda: findings.delete_finding(db, world.r1, finding.id, finding.version)):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.key == "error.reading_done"
    assert _count(db) == 1
    progress = findings.reading_overview(db, world.r1, world.review_id)
    assert (progress.total, progress.matching, progress.done) == (3, 3, 1)
    overview = {o.case_id: o for o in progress.items}
    searched = findings.reading_overview(db, world.r1, world.review_id, text="familie 2", limit=5)
    assert [o.pseudonym for o in searched.items] == ["Test Task Force Familie 2"] and searched.matching == 1
    assert overview[case_id].done and overview[case_id].my_findings == 1 and overview[case_id].readers_done == 1
    assert not overview[world.case_ids[1]].done
    with pytest.raises(ValidationError):
        findings.mark_reading_done(db, world.r1, world.review_id, 99999)


def test_only_the_author_edits_and_stale_saves_are_refused(db, users):
    world = make_world(db, users)
    finding = add(db, world, world.r1, world.case_ids[0], ["fo6_skift"], text="Første tekst.")
    form = findings.FindingForm("Anden tekst.", finding.code_ids, Polarity.NEEDS_TO_HAPPEN, finding.event_id)
    with pytest.raises(PermissionDenied):
        findings.update_finding(db, world.r2, finding.id, finding.version, form)
    saved = findings.update_finding(db, world.r1, finding.id, finding.version, form).record
    assert saved.version == 2 and saved.polarity == Polarity.NEEDS_TO_HAPPEN
    with pytest.raises(StaleVersion) as info:
        findings.update_finding(db, world.r1, finding.id, finding.version, findings.FindingForm(
            "Tredje tekst.", finding.code_ids, Polarity.CONCERN))
    assert info.value.current.text == "Anden tekst."
    with pytest.raises(StaleVersion):
        findings.delete_finding(db, world.r1, finding.id, finding.version)
    with pytest.raises(NotFound):
        findings.update_finding(db, world.r1, 99999, 1, form)
    findings.delete_finding(db, world.r1, finding.id, saved.version)
    assert _count(db) == 0
    assert db.fetchone("SELECT count(*) FROM finding_codes")[0] == 0


def test_finding_cited_as_evidence_is_kept(db, users):
    world = make_world(db, users)
    finding = add(db, world, world.r1, world.case_ids[0], ["fo6_skift"])
    learning_points.create_learning_point(db, world.chair, world.review_id, learning_points.LearningPointForm(
        "Overlevering", evidence_ids=(finding.id,)))
    with pytest.raises(ValidationError) as info:
        findings.delete_finding(db, world.r1, finding.id, finding.version)
    assert info.value.key == "error.finding_is_evidence"
    assert _count(db) == 1


@pytest.mark.parametrize(("changes", "key"), [
    ({"text": "   "}, "error.required"),
    ({"text": "\x00\x01\x02"}, "error.required"),  # only control characters: empty after cleaning
    ({"code_ids": ()}, "error.required"),
    ({"polarity": None}, "error.required"),
    ({"polarity": "måske"}, "error.required"),
    ({"judgement": 11}, "error.judgement_range"),
    ({"judgement": -1}, "error.judgement_range"),
    ({"judgement": 5.5}, "error.judgement_range"),
    ({"text": "x" * 100_001}, "error.too_long"),
    ({"excerpt": "x" * 10_001}, "error.too_long"),
    ({"code_ids": (99999,)}, "error.code_unknown"),
    ({"code_ids": ("polarity",)}, "error.code_is_polarity"),
    ({"event_id": "other case"}, "error.event_not_in_case"),
])
def test_bad_input_gives_a_clear_message_and_stores_nothing(db, users, changes, key):
    world = make_world(db, users, n_cases=2)
    case_id = world.case_ids[0]
    fields = {"text": "Tekst", "code_ids": (world.codes["fo6_skift"],), "polarity": Polarity.CONCERN,
              "event_id": None, "excerpt": "", "judgement": None, **changes}
    if fields["code_ids"] == ("polarity",):
        fields["code_ids"] = (world.codes[Polarity.CONCERN.value],)
    if fields["event_id"] == "other case":
        fields["event_id"] = world.events[world.case_ids[1]][0].id
    with pytest.raises(ValidationError) as info:
        findings.add_finding(db, world.r1, world.review_id, case_id, findings.FindingForm(**fields))
    assert info.value.key == key
    assert _count(db) == 0 and db.fetchone("SELECT count(*) FROM finding_codes")[0] == 0


def test_long_and_dirty_text_is_cleaned_and_kept_whole(db, users):
    world = make_world(db, users)
    text = "Fund\x07 med styretegn og cpr 010203-1234.\n" + "y" * (100_000 - 45)
    saved = findings.add_finding(db, world.r1, world.review_id, world.case_ids[0], findings.FindingForm(
        text, (world.codes["fo6_skift"],), Polarity.CONCERN))
    stored = db.fetchone("SELECT text FROM findings WHERE id = ?", [saved.record.id])[0]
    assert "\x07" not in stored and "010203" not in stored and saved.masked_cpr == 1
    assert stored.endswith("y" * 1000) and len(stored) > 99_000
    with pytest.raises(ValidationError):
        add(db, world, world.r1, 99999, ["fo6_skift"], event_index=None)  # a case outside the review


def test_csv_export_is_excel_safe(db, users):
    world = make_world(db, users, blind=False)
    add(db, world, world.r1, world.case_ids[0], ["fo6_skift", "kv_lovgivning"], text="=HYPERLINK(\"x\")",
        judgement=4)
    data = findings.export_findings_csv(db, world.r2, world.review_id)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Gennemgang;Fund nr.;Pseudonym;Hændelsesdato;Hændelsestype;Forfatter;Faglighed;")
    assert "Test Task Force Familie 1;2020-02-02;Møde;Test reviewer;Socialrådgiver;Hvad bekymrer os?" in lines[1]
    assert "'=HYPERLINK" in lines[1]  # a formula never runs in Excel
    assert "6 Trygt at skifte rådgiver eller kontaktperson | Overholdelse af lovgivning og frister" in lines[1]
    assert db.fetchone("SELECT action, details FROM audit_log ORDER BY id DESC LIMIT 1")[0] == "export"


def test_matrix_counts_filters_and_heatmap(db, users):
    from reviews.charts.matrix import SELECTION, heatmap
    from reviews.services import codebooks

    world = make_world(db, users, blind=False, n_cases=3)
    c1, c2, c3 = world.case_ids
    add(db, world, world.r1, c1, ["fo6_skift", "kv_lovgivning"])
    add(db, world, world.r2, c1, ["fo6_skift"], polarity=Polarity.WORKS_WELL)
    add(db, world, world.r2, c3, ["fo6_skift"])
    data = findings.matrix(db, world.r1, world.review_id)
    per_code = data.per_code.set_index("code_id")
    assert per_code.loc[world.codes["fo6_skift"]].tolist() == [2, 3]  # seen in 2 of 3 cases, 3 findings
    assert per_code.loc[world.codes["kv_lovgivning"]].tolist() == [1, 1]
    assert data.case_total == 3 and list(data.page_cases["case_id"]) == [c1, c2, c3]
    cells = {(r.code_id, r.case_id): r.findings for r in data.cells.itertuples()}
    assert cells == {(world.codes["fo6_skift"], c1): 2, (world.codes["kv_lovgivning"], c1): 1,
                     (world.codes["fo6_skift"], c3): 1}
    concern = findings.matrix(db, world.r1, world.review_id, polarities=[Polarity.CONCERN])
    assert concern.per_code.set_index("code_id").loc[world.codes["fo6_skift"], "findings"] == 2
    lawyers = findings.matrix(db, world.r1, world.review_id, disciplines=[Discipline.LAWYER])
    assert set(lawyers.per_code["code_id"]) == {world.codes["fo6_skift"]}
    quality = next(b.id for b in codebooks.list_codebooks(db, world.r1) if b.key == "kvalitet")
    only_quality = findings.matrix(db, world.r1, world.review_id, codebook_ids=[quality])
    assert set(only_quality.per_code["code_id"]) == {world.codes["kv_lovgivning"]}
    paged = findings.matrix(db, world.r1, world.review_id, page=2, page_size=2)
    assert list(paged.page_cases["case_id"]) == [c3] and paged.page_count == 2
    behind = findings.search_findings(db, world.r1, world.review_id, case_id=c1, code_id=world.codes["fo6_skift"])
    assert behind.total == 2

    frame = data.cells.assign(code=["Skift", "Lov", "Skift"][: len(data.cells)], case=["F1", "F1", "F3"])
    args = dict(code_order=["Skift", "Lov"], case_order=["F1", "F2", "F3"], case_title="Sag", code_title="Kode",
                count_title="Fund")
    chart = heatmap(frame, **args)
    spec = chart.to_dict(validate=True)  # the page renders it without validating again: it is checked here
    assert spec["params"][0]["name"] == SELECTION
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == ["F1", "F2", "F3"]  # empty cases kept
    assert spec["layer"][1]["mark"]["type"] == "text"
    assert sorted(v["findings"] for v in spec["datasets"][spec["data"]["name"]]) == [1, 1, 2]
