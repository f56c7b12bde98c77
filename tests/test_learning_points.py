"""Learning points: evidence and "seen in k of n", the status workflow and who may move it, the family
round, version history, stale saves, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews import clock
from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.models import Role
from reviews.models.case_review import FamilyStance, LearningPointStatus
from reviews.services import codebooks, family_round, findings
from reviews.services import learning_points as lps
from reviews.services.learning_points import LearningPointForm
from tests.case_review_support import add, make_world

S = LearningPointStatus


@pytest.fixture
def world(db, users):
    world = make_world(db, users, blind=True, n_cases=4)
    world.f = [add(db, world, world.r1, world.case_ids[0], ["fo6_skift"], text="Ingen overlevering."),
               add(db, world, world.r2, world.case_ids[0], ["fo6_skift", "kv_lovgivning"], text="Intet notat."),
               add(db, world, world.r1, world.case_ids[2], ["fo6_skift"], text="Samme mønster."),
               add(db, world, world.r2, world.case_ids[3], ["fo4_moeder"], text="Godt møde.")]
    return world


def _lp_count(db) -> int:
    return db.fetchone("SELECT count(*) FROM learning_points")[0]


def _create(db, world, *, evidence=(0, 1, 2), title="Overlevering ved skift", actor=None):
    return lps.create_learning_point(db, actor or world.chair, world.review_id, LearningPointForm(
        title, "Familien mister overblikket.", "Fast overdragelsesmøde.", (world.codes["fo6_skift"],),
        tuple(world.f[i].id for i in evidence))).record


def _respond(db, world, lp, stance=FamilyStance.AGREE):
    return family_round.add_response(db, world.chair, lp.id, representative="Repræsentant A",
                                     response_date=dt.date(2021, 2, 1), stance=stance, comment="Genkendeligt.")


def test_learning_point_with_evidence_shows_seen_in_k_of_n(db, users, world):
    lp = _create(db, world)
    assert (lp.status, lp.version, lp.seen_in, lp.case_total) == (S.DRAFT, 1, 2, 4)
    assert set(lp.evidence_ids) == {world.f[0].id, world.f[1].id, world.f[2].id}
    detail = lps.get_learning_point(db, world.chair, lp.id)
    assert [f.pseudonym for f in detail.evidence] == ["Test Task Force Familie 1"] * 2 + ["Test Task Force Familie 3"]
    assert [c.key for c in detail.codes] == ["fo6_skift"]
    assert detail.next_steps == [S.IN_DISCUSSION]
    listed = lps.list_learning_points(db, users[Role.READER], world.review_id)
    assert listed.total == 1 and listed.items[0].seen_in == 2


def test_reader_reads_learning_points_without_findings_and_cannot_write(db, users, world):
    lp = _create(db, world)
    reader = users[Role.READER]
    detail = lps.get_learning_point(db, reader, lp.id)
    assert detail.evidence is None and detail.learning_point.seen_in == 2 and detail.next_steps == []
    assert all("evidence_text" not in d.changes for d in lps.history(db, reader, lp.id))
    assert "evidence_text" in lps.history(db, world.chair, lp.id)[0].changes
    with pytest.raises(PermissionDenied):
        lps.create_learning_point(db, reader, world.review_id, LearningPointForm("Titel"))
    with pytest.raises(PermissionDenied):
        lps.move_learning_point(db, reader, lp.id, lp.version, S.IN_DISCUSSION)
    with pytest.raises(PermissionDenied):
        lps.create_learning_point(db, world.outsider, world.review_id, LearningPointForm("Titel"))
    assert _lp_count(db) == 1


def test_workflow_to_presented_and_only_the_chair_approves(db, users, world):
    lp = _create(db, world, actor=world.r1, evidence=(0, 2))
    lp = lps.move_learning_point(db, world.r1, lp.id, lp.version, S.IN_DISCUSSION)
    with pytest.raises(ValidationError) as info:
        lps.move_learning_point(db, world.r1, lp.id, lp.version, S.DISCUSSED)
    assert info.value.key == "error.lp_needs_family_response"
    _respond(db, world, lp)
    lp = lps.move_learning_point(db, world.r1, lp.id, lp.version, S.DISCUSSED)
    assert lps.get_learning_point(db, world.r1, lp.id).next_steps == [S.IN_DISCUSSION]  # not approve
    for role_user in (world.r1, world.ombudsman):
        with pytest.raises(PermissionDenied):
            lps.move_learning_point(db, role_user, lp.id, lp.version, S.APPROVED)
    assert lps.get_learning_point(db, world.chair, lp.id).next_steps == [S.APPROVED, S.IN_DISCUSSION]
    lp = lps.move_learning_point(db, world.chair, lp.id, lp.version, S.APPROVED)
    with pytest.raises(ValidationError) as info:
        lps.update_learning_point(db, world.r1, lp.id, lp.version, LearningPointForm("Ny titel"))
    assert info.value.key == "error.lp_locked"
    with pytest.raises(PermissionDenied):
        lps.move_learning_point(db, world.r1, lp.id, lp.version, S.PRESENTED)
    lp = lps.move_learning_point(db, world.chair, lp.id, lp.version, S.PRESENTED)
    assert lp.status == S.PRESENTED and lp.version == 5
    statuses = [d.version.status for d in lps.history(db, world.chair, lp.id)]
    assert statuses == [S.PRESENTED, S.APPROVED, S.DISCUSSED, S.IN_DISCUSSION, S.DRAFT]
    assert lps.status_counts(db, world.chair, world.review_id)[S.PRESENTED] == 1


@pytest.mark.parametrize(("steps", "target"), [
    ([], S.DISCUSSED), ([], S.APPROVED), ([], S.PRESENTED), ([], S.DRAFT), ([S.IN_DISCUSSION], S.APPROVED),
])
def test_moving_out_of_order_is_refused_and_changes_nothing(db, users, world, steps, target):
    lp = _create(db, world)
    for step in steps:
        lp = lps.move_learning_point(db, world.chair, lp.id, lp.version, step)
    with pytest.raises(ValidationError) as info:
        lps.move_learning_point(db, world.chair, lp.id, lp.version, target)
    assert info.value.key == "error.lp_bad_transition"
    stored = lps.get_learning_point(db, world.chair, lp.id).learning_point
    assert (stored.status, stored.version) == (lp.status, lp.version)
    with pytest.raises(ValidationError):
        lps.move_learning_point(db, world.chair, lp.id, lp.version, "afsluttet")


def test_draft_needs_evidence_before_discussion(db, users, world):
    lp = _create(db, world, evidence=())
    assert lp.seen_in == 0
    with pytest.raises(ValidationError) as info:
        lps.move_learning_point(db, world.chair, lp.id, lp.version, S.IN_DISCUSSION)
    assert info.value.key == "error.lp_needs_evidence"
    lp = lps.add_evidence(db, world.chair, lp.id, lp.version, [world.f[3].id])
    assert lp.seen_in == 1 and lp.version == 2
    lp = lps.move_learning_point(db, world.chair, lp.id, lp.version, S.IN_DISCUSSION)
    with pytest.raises(ValidationError) as info:  # removing all evidence after the draft is refused
        lps.update_learning_point(db, world.chair, lp.id, lp.version, LearningPointForm("Titel"))
    assert info.value.key == "error.lp_needs_evidence"


def test_every_edit_keeps_a_version_and_history_shows_the_differences(db, users, world):
    lp = _create(db, world)
    lp = lps.update_learning_point(db, world.r1, lp.id, lp.version, LearningPointForm(
        "Overlevering ved skift af sagsbehandler", "Familien mister overblikket.\nOg tilliden.",
        "Fast overdragelsesmøde.", (world.codes["fo6_skift"], world.codes["fo3_sammenhaeng"]),
        lp.evidence_ids)).record
    history = lps.history(db, world.chair, lp.id)
    assert [d.version.version for d in history] == [2, 1]
    latest = history[0]
    assert latest.version.saved_by_name == "Test reviewer" and latest.previous.saved_by_name == "Test chair"
    assert set(latest.changes) == {"title", "description", "codes_text"}
    assert latest.changes["title"] == ["- Overlevering ved skift", "+ Overlevering ved skift af sagsbehandler"]
    assert latest.changes["description"] == ["  Familien mister overblikket.", "+ Og tilliden."]
    assert "+ 3 Sammenhæng og fremskridt i forløbet" in latest.changes["codes_text"]
    assert history[1].previous is None and "title" in history[1].changes
    assert db.fetchone("SELECT count(*) FROM learning_point_versions WHERE learning_point_id = ?", [lp.id])[0] == 2


def test_stale_save_is_refused_and_nothing_is_lost(db, users, world):
    lp = _create(db, world)
    mine = LearningPointForm("Formandens titel", "Formandens tekst", "", lp.code_ids, lp.evidence_ids)
    theirs = LearningPointForm("Jurists titel", "Jurists tekst", "", lp.code_ids, lp.evidence_ids)
    lps.update_learning_point(db, world.r2, lp.id, lp.version, theirs)
    with pytest.raises(StaleVersion) as info:
        lps.update_learning_point(db, world.chair, lp.id, lp.version, mine)
    assert info.value.current.title == "Jurists titel" and info.value.current.version == 2
    assert lps.get_learning_point(db, world.chair, lp.id).learning_point.description == "Jurists tekst"
    # "Keep my text": save over the version just seen; the other version stays in the history.
    saved = lps.update_learning_point(db, world.chair, lp.id, info.value.current.version, mine).record
    assert saved.version == 3 and saved.title == "Formandens titel"
    assert [d.version.title for d in lps.history(db, world.chair, lp.id)] == [
        "Formandens titel", "Jurists titel", "Overlevering ved skift"]
    with pytest.raises(StaleVersion):
        lps.move_learning_point(db, world.chair, lp.id, 2, S.IN_DISCUSSION)


def test_evidence_must_exist_belong_to_the_review_and_be_visible(db, users, world):
    gone = add(db, world, world.r1, world.case_ids[1], ["fo4_moeder"])
    findings.delete_finding(db, world.r1, gone.id, gone.version)  # deleted while the chair was choosing
    before = _lp_count(db)
    with pytest.raises(ValidationError) as info:
        lps.create_learning_point(db, world.chair, world.review_id, LearningPointForm(
            "Titel", evidence_ids=(world.f[0].id, gone.id)))
    assert info.value.key == "error.evidence_missing" and f"#{gone.id}" in info.value.params["ids"]
    other = make_world(db, users, name="Anden gennemgang", n_cases=1)
    foreign = add(db, other, other.r1, other.case_ids[0], ["fo4_moeder"])
    with pytest.raises(ValidationError) as info:
        lps.create_learning_point(db, world.chair, world.review_id, LearningPointForm(
            "Titel", evidence_ids=(foreign.id,)))
    assert info.value.key == "error.evidence_other_review"
    # Blind review: r1 has not finished case 1, so r2's finding there cannot be cited (or seen) by r1.
    with pytest.raises(ValidationError) as info:
        lps.create_learning_point(db, world.r1, world.review_id, LearningPointForm(
            "Titel", evidence_ids=(world.f[1].id,)))
    assert info.value.key == "error.evidence_missing"
    assert _lp_count(db) == before
    lp = _create(db, world)
    detail = lps.get_learning_point(db, world.r1, lp.id)
    assert [f.id for f in detail.evidence] == [world.f[0].id, world.f[2].id] and detail.evidence_hidden == 1
    findings.mark_reading_done(db, world.r1, world.review_id, world.case_ids[0])
    assert lps.get_learning_point(db, world.r1, lp.id).evidence_hidden == 0


def test_code_retired_meanwhile_and_bad_text(db, users, world):
    admin = users[Role.ADMINISTRATOR]
    code = next(c for c in codebooks.list_codes(db, admin) if c.key == "fo5_paa_forhaand")
    codebooks.retire_code(db, admin, code.id, code.version)
    before = _lp_count(db)
    for form, key in [
        (LearningPointForm("Titel", code_ids=(code.id,)), "error.code_retired"),
        (LearningPointForm(" \x1b "), "error.required"),
        (LearningPointForm("x" * 301), "error.too_long"),
        (LearningPointForm("Titel", description="d" * 100_001), "error.too_long"),
    ]:
        with pytest.raises(ValidationError) as info:
            lps.create_learning_point(db, world.chair, world.review_id, form)
        assert info.value.key == key
    assert _lp_count(db) == before
    saved = lps.create_learning_point(db, world.chair, world.review_id, LearningPointForm(
        "Titel\x00", "d" * 100_000)).record
    assert saved.title == "Titel" and len(saved.description) == 100_000
    with pytest.raises(NotFound):
        lps.get_learning_point(db, world.chair, 99999)


def test_family_round(db, users, world):
    lp = _create(db, world)
    with pytest.raises(ValidationError) as info:  # not under discussion yet
        _respond(db, world, lp)
    assert info.value.key == "error.family_round_closed"
    lp = lps.move_learning_point(db, world.chair, lp.id, lp.version, S.IN_DISCUSSION)
    response = _respond(db, world, lp, FamilyStance.PARTLY).record
    assert (response.representative, response.stance, response.created_by_name) == (
        "Repræsentant A", FamilyStance.PARTLY, "Test chair")
    for kwargs, key in [
        ({"representative": "010203-1234"}, "error.representative_is_cpr"),
        ({"representative": "  "}, "error.required"),
        ({"response_date": clock.today() + dt.timedelta(days=1)}, "error.date_in_future"),
        ({"stance": "ved ikke"}, "error.required"),
    ]:
        args = {"representative": "Repræsentant B", "response_date": dt.date(2021, 2, 2),
                "stance": FamilyStance.AGREE, **kwargs}
        with pytest.raises(ValidationError) as info:
            family_round.add_response(db, world.chair, lp.id, **args)
        assert info.value.key == key
    with pytest.raises(PermissionDenied):  # family_round.write: chair and ombudsman only
        family_round.add_response(db, world.r1, lp.id, representative="Repræsentant C",
                                  response_date=dt.date(2021, 2, 2), stance=FamilyStance.AGREE)
    family_round.add_response(db, world.ombudsman, lp.id, representative="Repræsentant C",
                              response_date=dt.date(2021, 2, 3), stance=FamilyStance.DISAGREE)
    assert [r.representative for r in family_round.responses(db, users[Role.READER], lp.id)] == [
        "Repræsentant A", "Repræsentant C"]
    saved = family_round.set_agreed_wording(db, world.chair, lp.id, lp.version, "Aftalt formulering.").record
    assert saved.agreed_wording == "Aftalt formulering." and saved.version == lp.version + 1
    assert "agreed_wording" in lps.history(db, world.chair, lp.id)[0].changes
    with pytest.raises(StaleVersion):
        family_round.set_agreed_wording(db, world.chair, lp.id, lp.version, "Anden formulering.")
    family_round.delete_response(db, world.chair, response.id)
    assert len(family_round.responses(db, world.chair, lp.id)) == 1
    lp = lps.move_learning_point(db, world.chair, saved.id, saved.version, S.DISCUSSED)
    with pytest.raises(ValidationError):
        family_round.delete_response(db, world.chair, response.id + 1)


def test_learning_points_csv(db, users, world):
    lp = _create(db, world, title="=Overlevering")
    lps.move_learning_point(db, world.chair, lp.id, lp.version, S.IN_DISCUSSION)
    _respond(db, world, lp)
    data = lps.export_learning_points_csv(db, users[Role.REVIEWER], world.review_id)
    assert data.startswith(b"\xef\xbb\xbf")
    header, row = data.decode("utf-8-sig").split("\r\n")[:2]
    assert header.startswith("Gennemgang;Læringspunkt nr.;Titel;Status;Beskrivelse;Anbefaling;Aftalt formulering;"
                             "Koder;Set i;Sager i evidensen;Antal fund som evidens;Enig;Delvis enig;Uenig;")
    assert row.startswith(f"Test Task Force;{lp.id};'=Overlevering;Til drøftelse med familierepræsentanter;")
    assert ";set i 2 af 4 sager;Test Task Force Familie 1, Test Task Force Familie 3;3;1;0;0;0;" in row
    with pytest.raises(PermissionDenied):
        lps.export_learning_points_csv(db, users[Role.READER], world.review_id)
