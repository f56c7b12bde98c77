"""SQL for mediation and dialogue-meeting records: cases, parties, meetings (agenda, participants,
agreements) and follow-up actions. Confidential: only the mediation services call this module."""

from __future__ import annotations

import datetime as dt

from reviews.models import Consent
from reviews.models.ombudsman import (
    AgendaItem,
    Agreement,
    Attendance,
    FollowUp,
    MediationCase,
    MediationKind,
    MediationStatus,
    Meeting,
    MeetingStatus,
    Participation,
    Party,
    PartyRole,
)
from reviews.storage import changes
from reviews.storage.rows import named, named_one

_CASE_COLUMNS = (
    "m.id, m.kind, m.title, m.citizen, m.area, m.inquiry_id, m.case_id, coalesce(c.pseudonym, '') AS case_pseudonym,"
    " m.opened_on, m.closed_on, m.status, m.background, m.version, coalesce(t.meetings, 0) AS meeting_count,"
    " coalesce(f.open, 0) AS open_followups, t.next_at AS next_meeting_at"
)
# Meeting and follow-up figures of the selected cases, aggregated once (no per-row subqueries).
_CASE_FROM = (
    " FROM mediation_cases m LEFT JOIN cases c ON c.id = m.case_id"
    " LEFT JOIN (SELECT mediation_id, count(*) FILTER (status <> 'aflyst') AS meetings,"
    "  min(starts_at) FILTER (status = 'planlagt' AND starts_at >= ?) AS next_at FROM mediation_meetings"
    "  WHERE mediation_id IN (SELECT id FROM mediation_cases m {where}) GROUP BY 1) t ON t.mediation_id = m.id"
    " LEFT JOIN (SELECT mediation_id, count(*) AS open FROM mediation_followups WHERE done_on IS NULL"
    "  AND mediation_id IN (SELECT id FROM mediation_cases m {where}) GROUP BY 1) f ON f.mediation_id = m.id"
)
_PARTY_COLUMNS = "id, mediation_id, name, party_role AS role, consent, consent_date, trust_before, version"
_MEETING_COLUMNS = "id, mediation_id, starts_at, place, video_link, purpose, status, version"
_FOLLOWUP_COLUMNS = (
    "f.id, f.mediation_id, f.meeting_id, f.owner_party_id, coalesce(p.name, '') AS owner_name, f.action, f.due_on,"
    " f.done_on, f.version, coalesce(m.title, '') AS mediation_title"
)
_FOLLOWUP_FROM = (
    " FROM mediation_followups f LEFT JOIN mediation_parties p ON p.id = f.owner_party_id"
    " LEFT JOIN mediation_cases m ON m.id = f.mediation_id"
)


def _case(row: dict) -> MediationCase:
    # The list is not paged: convert in the row named() built, no second dict per row.
    row["kind"], row["status"] = MediationKind(row["kind"]), MediationStatus(row["status"])
    return MediationCase(**row)


def _party(row: dict) -> Party:
    return Party(**{**row, "role": PartyRole(row["role"]), "consent": Consent(row["consent"])})


def _followup(row: dict) -> FollowUp:
    return FollowUp(**row)


# --- mediation cases ----------------------------------------------------------------------------------


def _cases(cur, where: str, params: list, now: dt.datetime) -> list[MediationCase]:
    rows = named(cur.execute(
        "SELECT " + _CASE_COLUMNS + _CASE_FROM.format(where=where) + where
        + " ORDER BY m.status, m.opened_on DESC, m.id DESC",
        [now, *params, *params, *params],
    ))
    return [_case(r) for r in rows]


def list_cases(cur, *, now: dt.datetime, status: MediationStatus | None = None) -> list[MediationCase]:
    if status:
        return _cases(cur, " WHERE m.status = ?", [status.value], now)
    return _cases(cur, "", [], now)


def get_case(cur, mediation_id: int, *, now: dt.datetime) -> MediationCase | None:
    found = _cases(cur, " WHERE m.id = ?", [mediation_id], now)
    return found[0] if found else None


def insert_case(cur, *, kind, title, citizen, area, inquiry_id, case_id, opened_on, background, user_id, now) -> int:
    changes.changed(changes.ACCESS)
    return cur.execute(
        "INSERT INTO mediation_cases (kind, title, citizen, area, inquiry_id, case_id, opened_on, status, background,"
        " created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [kind.value, title, citizen, area, inquiry_id, case_id, opened_on, MediationStatus.OPEN.value, background,
         now, user_id, now, user_id],
    ).fetchone()[0]


def update_case(cur, mediation_id: int, expected_version: int, *, kind, title, citizen, area, inquiry_id, case_id,
                opened_on, closed_on, status, background, user_id, now) -> bool:
    changes.changed(changes.ACCESS)
    row = cur.execute(
        "UPDATE mediation_cases SET kind = ?, title = ?, citizen = ?, area = ?, inquiry_id = ?, case_id = ?,"
        " opened_on = ?, closed_on = ?, status = ?, background = ?, updated_at = ?, updated_by = ?,"
        " version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        [kind.value, title, citizen, area, inquiry_id, case_id, opened_on, closed_on, status.value, background, now,
         user_id, mediation_id, expected_version],
    ).fetchone()
    return row is not None


def inquiry_exists(cur, inquiry_id: int) -> bool:
    return cur.execute("SELECT count(*) FROM inquiries WHERE id = ?", [inquiry_id]).fetchone()[0] > 0


def cases_for_inquiry(cur, inquiry_id: int) -> list[tuple[int, str]]:
    return cur.execute(
        "SELECT id, title FROM mediation_cases WHERE inquiry_id = ? ORDER BY id", [inquiry_id]
    ).fetchall()


# --- parties --------------------------------------------------------------------------------------------


def parties(cur, mediation_id: int) -> list[Party]:
    return [_party(r) for r in named(cur.execute(
        "SELECT " + _PARTY_COLUMNS + " FROM mediation_parties WHERE mediation_id = ? ORDER BY id", [mediation_id]
    ))]


def get_party(cur, party_id: int) -> Party | None:
    row = named_one(cur.execute("SELECT " + _PARTY_COLUMNS + " FROM mediation_parties WHERE id = ?", [party_id]))
    return _party(row) if row else None


def insert_party(cur, *, mediation_id, name, role, consent, consent_date, trust_before) -> int:
    return cur.execute(
        "INSERT INTO mediation_parties (mediation_id, name, party_role, consent, consent_date, trust_before)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [mediation_id, name, role.value, consent.value, consent_date, trust_before],
    ).fetchone()[0]


def update_party(cur, party_id: int, expected_version: int, *, name, role, consent, consent_date,
                 trust_before) -> bool:
    row = cur.execute(
        "UPDATE mediation_parties SET name = ?, party_role = ?, consent = ?, consent_date = ?, trust_before = ?,"
        " version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        [name, role.value, consent.value, consent_date, trust_before, party_id, expected_version],
    ).fetchone()
    return row is not None


def party_in_use(cur, party_id: int) -> bool:
    return cur.execute(
        "SELECT (SELECT count(*) FROM mediation_participants WHERE party_id = ?)"
        " + (SELECT count(*) FROM mediation_followups WHERE owner_party_id = ?)", [party_id, party_id]
    ).fetchone()[0] > 0


def delete_party(cur, party_id: int) -> None:
    cur.execute("DELETE FROM mediation_parties WHERE id = ?", [party_id])


# --- meetings --------------------------------------------------------------------------------------------


def _meeting(row: dict, agenda=(), participants=(), agreements=(), followups=()) -> Meeting:
    return Meeting(**{**row, "status": MeetingStatus(row["status"])}, agenda=tuple(agenda),
                   participants=tuple(participants), agreements=tuple(agreements), followups=tuple(followups))


def meetings(cur, mediation_id: int) -> list[Meeting]:
    """All meetings of a mediation case with their agenda, participants, agreements and follow-ups
    (five queries, whatever the number of meetings)."""
    rows = named(cur.execute(
        "SELECT " + _MEETING_COLUMNS + " FROM mediation_meetings WHERE mediation_id = ? ORDER BY starts_at, id",
        [mediation_id],
    ))
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    agenda: dict[int, list] = {i: [] for i in ids}
    for r in named(cur.execute(
        "SELECT id, meeting_id, position, title, notes FROM mediation_agenda_items"
        " WHERE meeting_id IN (SELECT unnest(?)) ORDER BY meeting_id, position, id", [ids]
    )):
        agenda[r["meeting_id"]].append(AgendaItem(**r))
    people: dict[int, list] = {i: [] for i in ids}
    for r in named(cur.execute(
        "SELECT mp.meeting_id, mp.party_id, p.name AS party_name, p.party_role, mp.attendance, mp.trust_after"
        " FROM mediation_participants mp JOIN mediation_parties p ON p.id = mp.party_id"
        " WHERE mp.meeting_id IN (SELECT unnest(?)) ORDER BY mp.meeting_id, p.id", [ids]
    )):
        people[r["meeting_id"]].append(Participation(**{**r, "party_role": PartyRole(r["party_role"]),
                                                        "attendance": Attendance(r["attendance"])}))
    agreements: dict[int, list] = {i: [] for i in ids}
    for r in named(cur.execute(
        "SELECT id, meeting_id, position, text FROM mediation_agreements"
        " WHERE meeting_id IN (SELECT unnest(?)) ORDER BY meeting_id, position, id", [ids]
    )):
        agreements[r["meeting_id"]].append(Agreement(**r))
    followups: dict[int, list] = {i: [] for i in ids}
    for r in named(cur.execute(
        "SELECT " + _FOLLOWUP_COLUMNS + _FOLLOWUP_FROM + " WHERE f.meeting_id IN (SELECT unnest(?))"
        " ORDER BY f.due_on NULLS LAST, f.id", [ids]
    )):
        followups[r["meeting_id"]].append(_followup(r))
    return [_meeting(r, agenda[r["id"]], people[r["id"]], agreements[r["id"]], followups[r["id"]]) for r in rows]


def get_meeting_row(cur, meeting_id: int) -> Meeting | None:
    row = named_one(cur.execute("SELECT " + _MEETING_COLUMNS + " FROM mediation_meetings WHERE id = ?",
                                [meeting_id]))
    return _meeting(row) if row else None


def insert_meeting(cur, *, mediation_id, starts_at, place, video_link, purpose, status, user_id, now) -> int:
    return cur.execute(
        "INSERT INTO mediation_meetings (mediation_id, starts_at, place, video_link, purpose, status, created_at,"
        " created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [mediation_id, starts_at, place, video_link, purpose, status.value, now, user_id, now, user_id],
    ).fetchone()[0]


def update_meeting(cur, meeting_id: int, expected_version: int, *, starts_at, place, video_link, purpose, status,
                   user_id, now) -> bool:
    row = cur.execute(
        "UPDATE mediation_meetings SET starts_at = ?, place = ?, video_link = ?, purpose = ?, status = ?,"
        " updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        [starts_at, place, video_link, purpose, status.value, now, user_id, meeting_id, expected_version],
    ).fetchone()
    return row is not None


def replace_agenda(cur, meeting_id: int, items: list[tuple[str, str]]) -> None:
    cur.execute("DELETE FROM mediation_agenda_items WHERE meeting_id = ?", [meeting_id])
    for position, (title, notes) in enumerate(items, start=1):
        cur.execute("INSERT INTO mediation_agenda_items (meeting_id, position, title, notes) VALUES (?, ?, ?, ?)",
                    [meeting_id, position, title, notes])


def replace_participants(cur, meeting_id: int, rows: list[tuple[int, Attendance, int | None]]) -> None:
    cur.execute("DELETE FROM mediation_participants WHERE meeting_id = ?", [meeting_id])
    for party_id, attendance, trust_after in rows:
        cur.execute("INSERT INTO mediation_participants (meeting_id, party_id, attendance, trust_after)"
                    " VALUES (?, ?, ?, ?)", [meeting_id, party_id, attendance.value, trust_after])


def replace_agreements(cur, meeting_id: int, texts: list[str]) -> None:
    cur.execute("DELETE FROM mediation_agreements WHERE meeting_id = ?", [meeting_id])
    for position, text in enumerate(texts, start=1):
        cur.execute("INSERT INTO mediation_agreements (meeting_id, position, text) VALUES (?, ?, ?)",
                    [meeting_id, position, text])


# --- follow-ups -------------------------------------------------------------------------------------------


def get_followup(cur, followup_id: int) -> FollowUp | None:
    row = named_one(cur.execute("SELECT " + _FOLLOWUP_COLUMNS + _FOLLOWUP_FROM + " WHERE f.id = ?", [followup_id]))
    return _followup(row) if row else None


def followups(cur, mediation_id: int) -> list[FollowUp]:
    """The follow-ups of one mediation case: open ones first, the earliest due first."""
    return [_followup(r) for r in named(cur.execute(
        "SELECT " + _FOLLOWUP_COLUMNS + _FOLLOWUP_FROM + " WHERE f.mediation_id = ?"
        " ORDER BY f.done_on NULLS FIRST, f.due_on NULLS LAST, f.id", [mediation_id]
    ))]


def open_followups(cur, *, limit: int) -> tuple[list[FollowUp], int]:
    """Follow-ups not done in open mediation cases, the earliest due first; and how many there are."""
    where = " WHERE f.done_on IS NULL AND m.status = 'åben'"
    total = cur.execute("SELECT count(*)" + _FOLLOWUP_FROM + where).fetchone()[0]
    rows = named(cur.execute(
        "SELECT " + _FOLLOWUP_COLUMNS + _FOLLOWUP_FROM + where + " ORDER BY f.due_on NULLS LAST, f.id LIMIT ?",
        [limit]))
    return [_followup(r) for r in rows], total


def insert_followup(cur, *, mediation_id, meeting_id, owner_party_id, action, due_on, user_id, now) -> int:
    return cur.execute(
        "INSERT INTO mediation_followups (mediation_id, meeting_id, owner_party_id, action, due_on, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [mediation_id, meeting_id, owner_party_id, action, due_on, now, user_id],
    ).fetchone()[0]


def update_followup(cur, followup_id: int, expected_version: int, *, owner_party_id, action, due_on,
                    done_on) -> bool:
    row = cur.execute(
        "UPDATE mediation_followups SET owner_party_id = ?, action = ?, due_on = ?, done_on = ?,"
        " version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        [owner_party_id, action, due_on, done_on, followup_id, expected_version],
    ).fetchone()
    return row is not None
