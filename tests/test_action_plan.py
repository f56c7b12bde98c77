"""The action plan: actions for approved learning points, overdue actions, who may plan, stale saves."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews import clock
from reviews.errors import PermissionDenied, StaleVersion, ValidationError
from reviews.models import Role
from reviews.models.case_review import ActionStatus, FamilyStance, LearningPointStatus
from reviews.services import action_plan, family_round
from reviews.services import learning_points as lps
from reviews.services.action_plan import ActionForm
from tests.case_review_support import add, make_world

S = LearningPointStatus


@pytest.fixture
def world(db, users):
    world = make_world(db, users, n_cases=2)
    finding = add(db, world, world.r1, world.case_ids[0], ["fo6_skift"])
    lp = lps.create_learning_point(db, world.chair, world.review_id, lps.LearningPointForm(
        "Overlevering", evidence_ids=(finding.id,))).record
    world.draft = lps.create_learning_point(db, world.chair, world.review_id, lps.LearningPointForm(
        "Stadig et udkast", evidence_ids=(finding.id,))).record
    lp = lps.move_learning_point(db, world.chair, lp.id, lp.version, S.IN_DISCUSSION)
    family_round.add_response(db, world.chair, lp.id, representative="Repræsentant A",
                              response_date=dt.date(2021, 1, 5), stance=FamilyStance.AGREE)
    lp = lps.move_learning_point(db, world.chair, lp.id, lp.version, S.DISCUSSED)
    world.lp = lps.move_learning_point(db, world.chair, lp.id, lp.version, S.APPROVED)
    return world


def test_actions_with_overdue_ones_standing_out(db, users, world):
    today = clock.today()
    chair = world.chair
    late = action_plan.add_action(db, chair, world.lp.id, ActionForm(
        "Skabelon til overleveringsnotat", "Afdelingsleder", today - dt.timedelta(days=1),
        ActionStatus.IN_PROGRESS)).record
    done = action_plan.add_action(db, chair, world.lp.id, ActionForm(
        "Kursus", "HR", today - dt.timedelta(days=30), ActionStatus.DONE)).record
    ahead = action_plan.add_action(db, chair, world.lp.id, ActionForm(
        "Stikprøve", "Faglig koordinator", today + dt.timedelta(days=30))).record
    assert ahead.status == ActionStatus.PLANNED and ahead.learning_point_title == "Overlevering"
    plan = action_plan.plan(db, users[Role.READER], world.review_id)
    assert plan.overdue == 1 and plan.page.total == 3
    assert [a.id for a in plan.page.items] == [late.id, ahead.id, done.id]  # open first, by deadline
    assert [a.overdue(plan.today) for a in plan.page.items] == [True, False, False]
    only_late = action_plan.plan(db, world.r1, world.review_id, overdue_only=True)
    assert [a.id for a in only_late.page.items] == [late.id]
    assert action_plan.plan(db, world.r1, world.review_id, status=ActionStatus.DONE).page.total == 1
    assert lps.get_learning_point(db, chair, world.lp.id).learning_point.actions == 3
    assert lps.overdue_actions(db, chair, world.review_id) == 1
    fixed = action_plan.update_action(db, chair, late.id, late.version, ActionForm(
        late.description, late.owner, late.deadline, ActionStatus.DONE)).record
    assert not fixed.overdue(today) and action_plan.plan(db, chair, world.review_id).overdue == 0


def test_only_the_chair_plans_and_only_for_approved_learning_points(db, users, world):
    form = ActionForm("Handling", "Leder", clock.today())
    for user in (world.r1, world.ombudsman, users[Role.READER], users[Role.ADMINISTRATOR]):
        with pytest.raises(PermissionDenied):
            action_plan.add_action(db, user, world.lp.id, form)
    with pytest.raises(ValidationError) as info:
        action_plan.add_action(db, world.chair, world.draft.id, form)
    assert info.value.key == "error.action_needs_approved"
    assert action_plan.plan(db, world.chair, world.review_id).page.total == 0


@pytest.mark.parametrize(("form", "key"), [
    (ActionForm("  ", "Leder", dt.date(2026, 1, 1)), "error.required"),
    (ActionForm("Handling", "\x00", dt.date(2026, 1, 1)), "error.required"),
    (ActionForm("Handling", "Leder", None), "error.required"),
    (ActionForm("Handling", "Leder", dt.date(2026, 1, 1), "måske"), "error.required"),
    (ActionForm("h" * 5001, "Leder", dt.date(2026, 1, 1)), "error.too_long"),
])
def test_bad_actions_are_refused(db, users, world, form, key):
    with pytest.raises(ValidationError) as info:
        action_plan.add_action(db, world.chair, world.lp.id, form)
    assert info.value.key == key
    assert db.fetchone("SELECT count(*) FROM actions")[0] == 0


def test_stale_action_save_is_refused(db, users, world):
    action = action_plan.add_action(db, world.chair, world.lp.id, ActionForm("Handling", "Leder",
                                                                             dt.date(2030, 1, 1))).record
    action_plan.update_action(db, world.chair, action.id, action.version, ActionForm(
        "Handling", "Ny leder", dt.date(2030, 1, 1), ActionStatus.IN_PROGRESS))
    with pytest.raises(StaleVersion) as info:
        action_plan.update_action(db, world.chair, action.id, action.version, ActionForm(
            "Handling", "Tredje leder", dt.date(2030, 1, 1)))
    assert info.value.current.owner == "Ny leder"
    with pytest.raises(StaleVersion):
        action_plan.delete_action(db, world.chair, action.id, action.version)
    action_plan.delete_action(db, world.chair, action.id, action.version + 1)
    assert db.fetchone("SELECT count(*) FROM actions")[0] == 0
    kinds = [r[0] for r in db.fetchall("SELECT action FROM audit_log WHERE record_type = 'action' ORDER BY id")]
    assert kinds == ["create", "change", "delete"]
