"""SQL for the action plan (handleplan): actions per learning point."""

from __future__ import annotations

import datetime as dt

from reviews.models.case_review import Action, ActionStatus
from reviews.storage.rows import named, named_one

_SELECT = (
    "SELECT a.id, a.learning_point_id, coalesce(lp.title, '') AS learning_point_title, a.description, a.owner,"
    " a.deadline, a.status, a.version, a.updated_at FROM actions a LEFT JOIN learning_points lp"
    " ON lp.id = a.learning_point_id"
)


def _action(row: dict) -> Action:
    return Action(**{**row, "status": ActionStatus(row["status"])})


def insert_action(cur, *, lp_id: int, description: str, owner: str, deadline: dt.date, status: ActionStatus,
                  user_id: int | None, now: dt.datetime) -> int:
    return cur.execute(
        "INSERT INTO actions (learning_point_id, description, owner, deadline, status, created_at, created_by,"
        " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [lp_id, description, owner, deadline, status.value, now, user_id, now, user_id]).fetchone()[0]


def update_action(cur, action_id: int, expected_version: int, *, description: str, owner: str, deadline: dt.date,
                  status: ActionStatus, user_id: int | None, now: dt.datetime) -> bool:
    row = cur.execute(
        "UPDATE actions SET description = ?, owner = ?, deadline = ?, status = ?, updated_at = ?, updated_by = ?,"
        " version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        [description, owner, deadline, status.value, now, user_id, action_id, expected_version]).fetchone()
    return row is not None


def get_action(cur, action_id: int) -> Action | None:
    row = named_one(cur.execute(_SELECT + " WHERE a.id = ?", [action_id]))
    return _action(row) if row else None


def delete_action(cur, action_id: int) -> None:
    cur.execute("DELETE FROM actions WHERE id = ?", [action_id])


def _filters(review_id: int, *, lp_id, status, overdue_on: dt.date | None) -> tuple[str, list]:
    where, params = " WHERE lp.review_id = ?", [review_id]
    if lp_id is not None:
        where += " AND a.learning_point_id = ?"
        params.append(lp_id)
    if status:
        where += " AND a.status = ?"
        params.append(ActionStatus(status).value)
    if overdue_on is not None:
        where += " AND a.deadline < ? AND a.status <> ?"
        params += [overdue_on, ActionStatus.DONE.value]
    return where, params


def list_actions(cur, review_id: int, *, lp_id: int | None = None, status=None, overdue_on: dt.date | None = None,
                 limit: int = 50, offset: int = 0) -> tuple[list[Action], int]:
    where, params = _filters(review_id, lp_id=lp_id, status=status, overdue_on=overdue_on)
    total = cur.execute("SELECT count(*) FROM actions a JOIN learning_points lp ON lp.id = a.learning_point_id"
                        + where, params).fetchone()[0]
    rows = named(cur.execute(_SELECT + where + " ORDER BY a.status = 'gennemført', a.deadline, a.id LIMIT ? OFFSET ?",
                             [*params, limit, offset]))
    return [_action(r) for r in rows], total


def overdue_count(cur, review_id: int, today: dt.date) -> int:
    return cur.execute(
        "SELECT count(*) FROM actions a JOIN learning_points lp ON lp.id = a.learning_point_id"
        " WHERE lp.review_id = ? AND a.deadline < ? AND a.status <> ?",
        [review_id, today, ActionStatus.DONE.value]).fetchone()[0]
