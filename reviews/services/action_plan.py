"""The action plan (handleplan): actions for approved learning points, each with an owner, a deadline and
a status. Actions past their deadline and not done are overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews import clock
from reviews.errors import NotFound, StaleVersion, ValidationError
from reviews.models import Page, User
from reviews.models.case_review import Action, ActionStatus, LearningPointStatus
from reviews.services.audit import record
from reviews.services.cases import Saved
from reviews.services.review_rules import learning_point_or_404, member_access, review_or_404
from reviews.services.permissions import requires
from reviews.storage import action_plan as repo
from reviews.text import CleanText

PLANNABLE = frozenset({LearningPointStatus.APPROVED, LearningPointStatus.PRESENTED})
PAGE_SIZES = (25, 50, 100)


@dataclass(frozen=True)
class ActionForm:
    description: str
    owner: str
    deadline: dt.date | None
    status: ActionStatus | str = ActionStatus.PLANNED


@dataclass(frozen=True)
class Plan:
    page: Page
    overdue: int  # overdue actions in the whole review
    today: dt.date


def _clean(form: ActionForm) -> tuple[ActionForm, int]:
    clean = CleanText()
    description = clean(form.description, "action_description", required=True, max_length=5000)
    owner = clean(form.owner, "action_owner", required=True, max_length=200)
    if not isinstance(form.deadline, dt.date):
        raise ValidationError("error.required", field="deadline")
    try:
        status = ActionStatus(form.status)
    except ValueError:
        raise ValidationError("error.required", field="status") from None
    return ActionForm(description, owner, form.deadline, status), clean.masked


@requires("learning_point.read")
def plan(db, actor: User, review_id: int, *, learning_point_id: int | None = None,
         status: ActionStatus | None = None, overdue_only: bool = False, page: int = 1,
         page_size: int = 25) -> Plan:
    """The actions of a review across its learning points (open ones first, by deadline)."""
    if page_size not in PAGE_SIZES:
        page_size = PAGE_SIZES[0]
    cur = db.cursor()
    review_or_404(cur, review_id)
    today = clock.today()
    items, total = repo.list_actions(cur, review_id, lp_id=learning_point_id, status=status,
                                     overdue_on=today if overdue_only else None, limit=page_size,
                                     offset=(max(page, 1) - 1) * page_size)
    return Plan(Page(items, total, page, page_size), repo.overdue_count(cur, review_id, today), today)


@requires("action_plan.write")
def add_action(db, actor: User, lp_id: int, form: ActionForm) -> Saved:
    form, masked = _clean(form)

    def work(cur):
        lp = learning_point_or_404(cur, lp_id)
        member_access(cur, actor, lp.review_id)
        if lp.status not in PLANNABLE:
            raise ValidationError("error.action_needs_approved")
        action_id = repo.insert_action(cur, lp_id=lp_id, description=form.description, owner=form.owner,
                                       deadline=form.deadline, status=form.status, user_id=actor.id, now=clock.now())
        record(cur, actor, "create", record_type="action", record_id=action_id,
               details={"learning_point_id": lp_id, "deadline": form.deadline, "status": form.status.value})
        return repo.get_action(cur, action_id)

    return Saved(db.write(work), masked)


def _action_or_404(cur, action_id: int) -> Action:
    action = repo.get_action(cur, action_id)
    if action is None:
        raise NotFound(record="action", id=action_id)
    return action


@requires("action_plan.write")
def update_action(db, actor: User, action_id: int, expected_version: int, form: ActionForm) -> Saved:
    form, masked = _clean(form)

    def work(cur):
        current = _action_or_404(cur, action_id)
        lp = learning_point_or_404(cur, current.learning_point_id)
        member_access(cur, actor, lp.review_id)
        if not repo.update_action(cur, action_id, expected_version, description=form.description, owner=form.owner,
                                  deadline=form.deadline, status=form.status, user_id=actor.id, now=clock.now()):
            raise StaleVersion(current)
        saved = repo.get_action(cur, action_id)
        changed = [f for f in ("description", "owner", "deadline", "status")
                   if getattr(current, f) != getattr(saved, f)]
        record(cur, actor, "change", record_type="action", record_id=action_id,
               details={"fields": changed, "version": saved.version})
        return saved

    return Saved(db.write(work), masked)


@requires("action_plan.write")
def delete_action(db, actor: User, action_id: int, expected_version: int) -> None:
    def work(cur):
        current = _action_or_404(cur, action_id)
        lp = learning_point_or_404(cur, current.learning_point_id)
        member_access(cur, actor, lp.review_id)
        if current.version != expected_version:
            raise StaleVersion(current)
        repo.delete_action(cur, action_id)
        record(cur, actor, "delete", record_type="action", record_id=action_id,
               details={"learning_point_id": lp.id})

    db.write(work)
