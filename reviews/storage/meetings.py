"""SQL for meetings of a review, their agenda items, attendees, agreements, links to learning points and
the approved versions of the minutes."""

from __future__ import annotations

import datetime as dt

from reviews.models.minutes import (
    Attendee,
    AttendeeStatus,
    MeetingAgreement,
    MeetingItem,
    MeetingKind,
    MinutesStatus,
    MinutesVersion,
    ReviewMeeting,
)
from reviews.storage.rows import named

_MEETING_SELECT = (
    "SELECT m.id, m.review_id, m.kind, m.title, m.starts_at, m.duration_minutes, m.place, m.video_link,"
    " m.purpose, m.committee, m.committee_item, m.minutes_status, m.minutes_version, m.approved_at,"
    " coalesce(u.full_name, '') AS approved_by_name, m.locked_at, m.version, m.created_at, m.updated_at,"
    " coalesce(r.name, '') AS review_name,"
    " (SELECT count(*) FROM meeting_items i WHERE i.meeting_id = m.id) AS item_count"
    " FROM review_meetings m LEFT JOIN users u ON u.id = m.approved_by LEFT JOIN reviews r ON r.id = m.review_id"
)
_ITEM_SELECT = (
    "SELECT i.id, i.meeting_id, i.position, i.title, i.resume, i.recommendation, i.account, i.minutes, i.decision,"
    " coalesce((SELECT list(l.learning_point_id ORDER BY l.position, l.learning_point_id)"
    "  FROM meeting_item_learning_points l WHERE l.item_id = i.id), []::INTEGER[]) AS learning_point_ids,"
    " i.version, i.updated_at FROM meeting_items i"
)
_ATTENDEE_SELECT = ("SELECT a.id, a.meeting_id, a.position, a.name, a.function, a.status, a.user_id, a.version"
                    " FROM meeting_attendees a")
_AGREEMENT_SELECT = ("SELECT g.id, g.meeting_id, g.item_id, g.position, g.text, g.owner, g.due_on, g.version"
                     " FROM review_meeting_agreements g")


def _meeting(row: dict) -> ReviewMeeting:
    # Converted in the row named() built: no second dict per row.
    row["kind"] = MeetingKind(row["kind"])
    row["minutes_status"] = MinutesStatus(row["minutes_status"])
    return ReviewMeeting(**row)


def _item(row: dict) -> MeetingItem:
    row["learning_point_ids"] = tuple(row["learning_point_ids"] or ())
    return MeetingItem(**row)


def _attendee(row: dict) -> Attendee:
    row["status"] = AttendeeStatus(row["status"])
    return Attendee(**row)


def _agreement(row: dict) -> MeetingAgreement:
    return MeetingAgreement(**row)


def _one(cur, sql: str, params: list) -> dict | None:
    """The first row by column name, with the result read to the end: a half-read result (fetchone) keeps the
    read cursor's transaction open, and an open transaction blocks DuckDB's CHECKPOINT."""
    rows = named(cur.execute(sql, params))
    return rows[0] if rows else None


# --- meetings ---------------------------------------------------------------------------------------------


def insert_meeting(cur, *, review_id: int, kind: MeetingKind, title: str, starts_at, duration_minutes,
                   place: str, video_link: str, purpose: str, committee: str, committee_item: str,
                   user_id: int | None, now: dt.datetime) -> int:
    return cur.execute(
        "INSERT INTO review_meetings (review_id, kind, title, starts_at, duration_minutes, place, video_link, purpose,"
        " committee, committee_item, minutes_status, created_at, created_by, updated_at, updated_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [review_id, kind.value, title, starts_at, duration_minutes, place, video_link, purpose, committee,
         committee_item, MinutesStatus.DRAFT.value, now, user_id, now, user_id]).fetchone()[0]


def update_meeting(cur, meeting_id: int, expected_version: int, *, kind: MeetingKind, title: str, starts_at,
                   duration_minutes, place: str, video_link: str, purpose: str, committee: str, committee_item: str,
                   user_id: int | None, now: dt.datetime) -> bool:
    row = cur.execute(
        "UPDATE review_meetings SET kind = ?, title = ?, starts_at = ?, duration_minutes = ?, place = ?,"
        " video_link = ?, purpose = ?, committee = ?, committee_item = ?, updated_at = ?, updated_by = ?,"
        " version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        [kind.value, title, starts_at, duration_minutes, place, video_link, purpose, committee, committee_item, now,
         user_id, meeting_id, expected_version]).fetchone()
    return row is not None


def touch_meeting(cur, meeting_id: int, *, user_id: int | None, now: dt.datetime) -> None:
    """Bump the meeting's version: its agenda, attendees or agreements changed (so an approval over an older
    version is refused as stale)."""
    cur.execute("UPDATE review_meetings SET updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?",
                [now, user_id, meeting_id])


def set_minutes_state(cur, meeting_id: int, expected_version: int, *, status: MinutesStatus, minutes_version: int,
                      approved_at, approved_by: int | None, locked_at, user_id: int | None,
                      now: dt.datetime) -> bool:
    row = cur.execute(
        "UPDATE review_meetings SET minutes_status = ?, minutes_version = ?, approved_at = ?, approved_by = ?,"
        " locked_at = ?, updated_at = ?, updated_by = ?, version = version + 1"
        " WHERE id = ? AND version = ? RETURNING id",
        [status.value, minutes_version, approved_at, approved_by, locked_at, now, user_id, meeting_id,
         expected_version]).fetchone()
    return row is not None


def get_meeting(cur, meeting_id: int) -> ReviewMeeting | None:
    row = _one(cur, _MEETING_SELECT + " WHERE m.id = ?", [meeting_id])
    return _meeting(row) if row else None


def meetings_of_review(cur, review_id: int) -> list[ReviewMeeting]:
    return [_meeting(r) for r in named(cur.execute(
        _MEETING_SELECT + " WHERE m.review_id = ? ORDER BY m.starts_at NULLS LAST, m.id", [review_id]))]


def delete_meeting(cur, meeting_id: int) -> None:
    cur.execute("DELETE FROM meeting_item_learning_points WHERE item_id IN"
                " (SELECT id FROM meeting_items WHERE meeting_id = ?)", [meeting_id])
    for table in ("meeting_items", "meeting_attendees", "review_meeting_agreements", "minutes_versions"):
        # `table` is one of the fixed names above.
        cur.execute("DELETE FROM " + table + " WHERE meeting_id = ?", [meeting_id])
    cur.execute("DELETE FROM review_meetings WHERE id = ?", [meeting_id])


# --- agenda items -----------------------------------------------------------------------------------------


def items(cur, meeting_id: int) -> list[MeetingItem]:
    return [_item(r) for r in named(cur.execute(_ITEM_SELECT + " WHERE i.meeting_id = ? ORDER BY i.position, i.id",
                                                [meeting_id]))]


def get_item(cur, item_id: int) -> MeetingItem | None:
    row = _one(cur, _ITEM_SELECT + " WHERE i.id = ?", [item_id])
    return _item(row) if row else None


def insert_item(cur, *, meeting_id: int, title: str, resume: str, recommendation: str, account: str, minutes: str,
                decision: str, user_id: int | None, now: dt.datetime) -> int:
    position = cur.execute("SELECT coalesce(max(position), 0) + 1 FROM meeting_items WHERE meeting_id = ?",
                           [meeting_id]).fetchone()[0]
    return cur.execute(
        "INSERT INTO meeting_items (meeting_id, position, title, resume, recommendation, account, minutes, decision,"
        " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [meeting_id, position, title, resume, recommendation, account, minutes, decision, now, user_id]).fetchone()[0]


def update_item(cur, item_id: int, expected_version: int, *, title: str, resume: str, recommendation: str,
                account: str, minutes: str, decision: str, user_id: int | None, now: dt.datetime) -> bool:
    row = cur.execute(
        "UPDATE meeting_items SET title = ?, resume = ?, recommendation = ?, account = ?, minutes = ?, decision = ?,"
        " updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        [title, resume, recommendation, account, minutes, decision, now, user_id, item_id, expected_version]
    ).fetchone()
    return row is not None


def bump_item(cur, item_id: int, expected_version: int, *, user_id: int | None, now: dt.datetime) -> bool:
    row = cur.execute(
        "UPDATE meeting_items SET updated_at = ?, updated_by = ?, version = version + 1"
        " WHERE id = ? AND version = ? RETURNING id", [now, user_id, item_id, expected_version]).fetchone()
    return row is not None


def set_positions(cur, table_ids: list[int], *, table: str) -> None:
    """Renumber rows 1..n in the given order. `table` is meeting_items or meeting_attendees (fixed names)."""
    if table not in ("meeting_items", "meeting_attendees", "review_meeting_agreements"):
        raise ValueError(table)
    for position, row_id in enumerate(table_ids, start=1):
        cur.execute("UPDATE " + table + " SET position = ? WHERE id = ?", [position, row_id])


def delete_item(cur, item_id: int) -> None:
    cur.execute("DELETE FROM meeting_item_learning_points WHERE item_id = ?", [item_id])
    cur.execute("UPDATE review_meeting_agreements SET item_id = NULL WHERE item_id = ?", [item_id])
    cur.execute("DELETE FROM meeting_items WHERE id = ?", [item_id])


def set_item_learning_points(cur, item_id: int, lp_ids: list[int]) -> None:
    cur.execute("DELETE FROM meeting_item_learning_points WHERE item_id = ?", [item_id])
    for position, lp_id in enumerate(lp_ids, start=1):
        cur.execute("INSERT INTO meeting_item_learning_points (item_id, learning_point_id, position) VALUES (?, ?, ?)",
                    [item_id, lp_id, position])


# --- attendees --------------------------------------------------------------------------------------------


def attendees(cur, meeting_id: int) -> list[Attendee]:
    return [_attendee(r) for r in named(cur.execute(
        _ATTENDEE_SELECT + " WHERE a.meeting_id = ? ORDER BY a.position, a.id", [meeting_id]))]


def get_attendee(cur, attendee_id: int) -> Attendee | None:
    row = _one(cur, _ATTENDEE_SELECT + " WHERE a.id = ?", [attendee_id])
    return _attendee(row) if row else None


def insert_attendee(cur, *, meeting_id: int, name: str, function: str, status: AttendeeStatus,
                    user_id: int | None) -> int:
    position = cur.execute("SELECT coalesce(max(position), 0) + 1 FROM meeting_attendees WHERE meeting_id = ?",
                           [meeting_id]).fetchone()[0]
    return cur.execute(
        "INSERT INTO meeting_attendees (meeting_id, position, name, function, status, user_id)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [meeting_id, position, name, function, status.value, user_id]).fetchone()[0]


def update_attendee(cur, attendee_id: int, expected_version: int, *, name: str, function: str,
                    status: AttendeeStatus) -> bool:
    row = cur.execute(
        "UPDATE meeting_attendees SET name = ?, function = ?, status = ?, version = version + 1"
        " WHERE id = ? AND version = ? RETURNING id",
        [name, function, status.value, attendee_id, expected_version]).fetchone()
    return row is not None


def delete_attendee(cur, attendee_id: int) -> None:
    cur.execute("DELETE FROM meeting_attendees WHERE id = ?", [attendee_id])


# --- agreements -------------------------------------------------------------------------------------------


def agreements(cur, meeting_id: int) -> list[MeetingAgreement]:
    return [_agreement(r) for r in named(cur.execute(
        _AGREEMENT_SELECT + " WHERE g.meeting_id = ? ORDER BY g.position, g.id", [meeting_id]))]


def get_agreement(cur, agreement_id: int) -> MeetingAgreement | None:
    row = _one(cur, _AGREEMENT_SELECT + " WHERE g.id = ?", [agreement_id])
    return _agreement(row) if row else None


def insert_agreement(cur, *, meeting_id: int, item_id: int | None, text: str, owner: str, due_on) -> int:
    position = cur.execute("SELECT coalesce(max(position), 0) + 1 FROM review_meeting_agreements WHERE meeting_id = ?",
                           [meeting_id]).fetchone()[0]
    return cur.execute(
        "INSERT INTO review_meeting_agreements (meeting_id, item_id, position, text, owner, due_on)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", [meeting_id, item_id, position, text, owner, due_on]).fetchone()[0]


def update_agreement(cur, agreement_id: int, expected_version: int, *, item_id: int | None, text: str, owner: str,
                     due_on) -> bool:
    row = cur.execute(
        "UPDATE review_meeting_agreements SET item_id = ?, text = ?, owner = ?, due_on = ?, version = version + 1"
        " WHERE id = ? AND version = ? RETURNING id",
        [item_id, text, owner, due_on, agreement_id, expected_version]).fetchone()
    return row is not None


def delete_agreement(cur, agreement_id: int) -> None:
    cur.execute("DELETE FROM review_meeting_agreements WHERE id = ?", [agreement_id])


# --- approved versions ------------------------------------------------------------------------------------


def insert_version(cur, *, meeting_id: int, version: int, content: str, approved_at: dt.datetime,
                   approved_by: int | None) -> None:
    cur.execute("INSERT INTO minutes_versions (meeting_id, version, content, approved_at, approved_by)"
                " VALUES (?, ?, ?, ?, ?)", [meeting_id, version, content, approved_at, approved_by])


def lock_version(cur, meeting_id: int, version: int, now: dt.datetime) -> None:
    cur.execute("UPDATE minutes_versions SET locked_at = ? WHERE meeting_id = ? AND version = ?",
                [now, meeting_id, version])


_VERSION_SELECT = ("SELECT v.meeting_id, v.version, v.content, v.approved_at,"
                   " coalesce(u.full_name, '') AS approved_by_name, v.locked_at"
                   " FROM minutes_versions v LEFT JOIN users u ON u.id = v.approved_by")


def versions(cur, meeting_id: int) -> list[MinutesVersion]:
    rows = named(cur.execute(_VERSION_SELECT + " WHERE v.meeting_id = ? ORDER BY v.version", [meeting_id]))
    return [MinutesVersion(**r) for r in rows]


def get_version(cur, meeting_id: int, version: int) -> MinutesVersion | None:
    row = _one(cur, _VERSION_SELECT + " WHERE v.meeting_id = ? AND v.version = ?", [meeting_id, version])
    return MinutesVersion(**row) if row else None


def approver_of(cur, meeting_id: int, version: int) -> int | None:
    row = _one(cur, "SELECT approved_by FROM minutes_versions WHERE meeting_id = ? AND version = ?",
               [meeting_id, version])
    return row["approved_by"] if row else None
