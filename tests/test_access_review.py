"""The administrator's access review: last logins, the 90-day flag, the reminder, recording a review and
closing unused accounts (reviews.services.access_review)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reviews import clock
from reviews.errors import AuthenticationFailed, PermissionDenied, ValidationError
from reviews.models import Role, User
from reviews.services import access_review, auth
from reviews.services.access_review import UNUSED_DAYS, access_overview, deactivate_unused, record_access_review
from reviews.services.audit import record
from reviews.services.permissions import PERMISSIONS

D = dt.datetime
CREATED = D(2026, 1, 5, 9, 0)  # when the `users` fixture's accounts are made
NOW = D(2026, 6, 1, 12, 0)  # 147 days later


@pytest.fixture
def now(monkeypatch) -> list[D]:
    """The clock, settable by the test: now[0] = ..."""
    current = [CREATED]
    monkeypatch.setattr(clock, "now", lambda: current[0])
    return current


@pytest.fixture
def people(now, users) -> dict[Role, User]:
    """The `users` fixture, created at CREATED; the clock then stands at NOW."""
    now[0] = NOW
    return users


@pytest.fixture
def admin(people) -> User:
    return people[Role.ADMINISTRATOR]


def logged_in(db, user: User, when: D, now: list[D], action: str = "login") -> None:
    """An audit row as the login writes it, at `when`; the clock goes back to where it was."""
    saved = now[0]
    now[0] = when
    db.write(lambda cur: record(cur, user, action, record_type="user", record_id=user.id))
    now[0] = saved


def by_name(overview) -> dict[str, object]:
    return {a.username: a for a in overview.accounts}


def active_flags(db) -> dict[str, bool]:
    return dict(db.fetchall("SELECT username, active FROM users"))


def test_last_login_is_the_latest_completed_login_and_reviews_are_listed(db, people, admin, now):
    chair, reviewer, reader = people[Role.CHAIR], people[Role.REVIEWER], people[Role.READER]
    # A real login of a role without a second factor writes the row the overview reads.
    now[0] = NOW - dt.timedelta(days=20)
    assert auth.login(db, "reader", "test-password-1") == reader
    now[0] = NOW
    logged_in(db, reader, NOW - dt.timedelta(days=40), now)  # older: not the last
    # A password without its second step, and a failure, are no logins.
    logged_in(db, reader, NOW - dt.timedelta(days=2), now, "login_password")
    logged_in(db, reader, NOW - dt.timedelta(days=1), now, "login_failed")
    logged_in(db, chair, NOW - dt.timedelta(days=3, hours=1), now)
    db.write(lambda cur: cur.execute(
        "INSERT INTO reviews (name, created_at, chair_id) VALUES ('Gennemgang B', ?, ?), ('Gennemgang A', ?, NULL)",
        [CREATED, chair.id, CREATED]))
    ids = dict(db.fetchall("SELECT name, id FROM reviews"))
    db.write(lambda cur: cur.execute(
        "INSERT INTO review_members (review_id, user_id, discipline) VALUES (?, ?, 'jurist'), (?, ?, 'psykolog'),"
        " (?, ?, 'leder')", [ids["Gennemgang A"], reviewer.id, ids["Gennemgang B"], reviewer.id,
                             ids["Gennemgang B"], chair.id]))

    accounts = by_name(access_overview(db, admin))

    assert list(accounts) == ["administrator", "chair", "ombudsman", "reader", "reviewer"]
    assert accounts["reader"].last_login == NOW - dt.timedelta(days=20)
    assert accounts["reader"].days_since_login == 20
    assert accounts["chair"].last_login == NOW - dt.timedelta(days=3, hours=1)
    assert accounts["chair"].days_since_login == 3
    assert accounts["reviewer"].last_login is None and accounts["reviewer"].days_since_login is None
    assert accounts["reviewer"].reviews == ("Gennemgang A", "Gennemgang B")
    assert accounts["chair"].reviews == ("Gennemgang B",)  # chair and member of B: named once
    assert accounts["reader"].reviews == ()
    assert (accounts["reader"].role, accounts["reader"].full_name, accounts["reader"].active) == (
        Role.READER, "Test reader", True)
    assert accounts["reader"].created_at == CREATED


def test_accounts_unused_for_90_days_are_flagged(db, people, admin, now):
    logged_in(db, people[Role.READER], NOW - dt.timedelta(days=UNUSED_DAYS), now)  # exactly 90 days: flagged
    logged_in(db, people[Role.CHAIR], NOW - dt.timedelta(days=UNUSED_DAYS - 1), now)  # 89 days: not
    logged_in(db, admin, NOW, now)
    # Never logged in: flagged when created 90 days ago or more, not when newer.
    now[0] = NOW - dt.timedelta(days=UNUSED_DAYS - 1)
    auth.create_user_unchecked(db, None, username="ny", full_name="Ny Bruger", role=Role.READER,
                               password="test-password-1")
    now[0] = NOW - dt.timedelta(days=UNUSED_DAYS)
    auth.create_user_unchecked(db, None, username="gammel", full_name="Gammel Bruger", role=Role.READER,
                               password="test-password-1")
    now[0] = NOW
    # A closed account needs no closing: not flagged, however old.
    auth.update_user(db, admin, people[Role.OMBUDSMAN].id, full_name="Test ombudsman", role=Role.OMBUDSMAN,
                     active=False)

    overview = access_overview(db, admin)
    flags = {a.username: a.flagged for a in overview.accounts}

    assert flags == {"administrator": False, "chair": False, "gammel": True, "ny": False, "ombudsman": False,
                     "reader": True, "reviewer": True}
    accounts = by_name(overview)
    assert accounts["reviewer"].idle_days == (NOW - CREATED).days == 147
    assert accounts["gammel"].idle_days == UNUSED_DAYS
    assert accounts["reader"].idle_days == UNUSED_DAYS
    assert overview.unused_days == 90
    ids = {a.username: a.user_id for a in overview.accounts}
    assert set(overview.deactivatable) == {ids["gammel"], ids["reader"], ids["reviewer"]}


def test_the_actor_is_never_offered_for_deactivation(db, people, admin):
    overview = access_overview(db, admin)  # nobody has logged in since CREATED, 147 days ago
    assert by_name(overview)["administrator"].flagged
    assert admin.id not in overview.deactivatable
    assert len(overview.deactivatable) == 4


def test_reminder_is_due_when_never_reviewed_and_after_the_period(db, people, admin, now, monkeypatch):
    monkeypatch.delenv("REVIEWS_ACCESS_REVIEW_MONTHS", raising=False)
    first = access_overview(db, admin)
    assert first.last_review is None and first.reminder_due and first.review_months == 6

    record_access_review(db, admin, "")
    assert access_overview(db, admin).reminder_due is False

    now[0] = D(2026, 12, 1, 11, 59)  # one minute short of six calendar months
    assert access_overview(db, admin).reminder_due is False
    now[0] = D(2026, 12, 1, 12, 0)
    assert access_overview(db, admin).reminder_due is True

    monkeypatch.setenv("REVIEWS_ACCESS_REVIEW_MONTHS", "3")
    now[0] = D(2026, 8, 31, 12, 0)
    assert access_overview(db, admin).review_months == 3
    assert access_overview(db, admin).reminder_due is False
    now[0] = D(2026, 9, 1, 12, 0)
    assert access_overview(db, admin).reminder_due is True


@pytest.mark.parametrize(("reviewed", "today", "due"), [
    (D(2026, 2, 28, 8, 0), D(2026, 8, 31, 8, 0), True),  # 31 August less 6 months is 28 February
    (D(2026, 3, 1, 8, 0), D(2026, 8, 31, 8, 0), False),
    (D(2025, 12, 30, 8, 0), D(2026, 6, 30, 8, 0), True),  # across the year
    (D(2025, 12, 31, 8, 0), D(2026, 6, 30, 8, 0), False),
    (D(2025, 12, 31, 8, 0), D(2026, 7, 1, 8, 0), True),
])
def test_reminder_counts_calendar_months(db, people, admin, now, monkeypatch, reviewed, today, due):
    monkeypatch.delenv("REVIEWS_ACCESS_REVIEW_MONTHS", raising=False)
    now[0] = reviewed
    record_access_review(db, admin)
    now[0] = today
    assert access_overview(db, admin).reminder_due is due


def test_recording_a_review_stores_it_and_logs_it(db, people, admin, now):
    logged_in(db, people[Role.CHAIR], NOW, now)
    done = record_access_review(db, admin, "  Tjekket; 0101901234 ude af gruppen\x07 ")
    assert done.reviewed_at == NOW and done.reviewed_by == admin.id
    assert done.note == "Tjekket; [CPR fjernet] ude af gruppen"  # trimmed, control character out, CPR masked

    overview = access_overview(db, admin)
    assert overview.last_review == done
    assert (overview.last_review.reviewer_username, overview.last_review.reviewer_name) == (
        "administrator", "Test administrator")
    row = db.fetchone("SELECT reviewed_at, reviewed_by, note FROM access_reviews")
    assert row == (NOW, admin.id, done.note)
    audit_row = db.fetchone("SELECT username, record_type, record_id, details FROM audit_log"
                            " WHERE action = 'access_review'")
    assert audit_row[:3] == ("administrator", "access_review", str(done.id))
    assert json.loads(audit_row[3]) == {"accounts": 5, "active": 5, "flagged": 4}

    now[0] = NOW + dt.timedelta(days=1)
    later = record_access_review(db, admin)
    overview = access_overview(db, admin)
    assert overview.last_review == later and later.note == ""
    assert [r.id for r in overview.history] == [later.id, done.id]


def test_a_too_long_note_is_refused_and_nothing_is_stored(db, people, admin):
    with pytest.raises(ValidationError) as refused:
        record_access_review(db, admin, "x" * (access_review.MAX_NOTE + 1))
    assert refused.value.key == "error.too_long"
    assert db.fetchone("SELECT count(*) FROM access_reviews") == (0,)
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'access_review'") == (0,)


def test_deactivate_closes_only_flagged_accounts_and_never_the_actor(db, people, admin, now):
    chair, reviewer, reader = people[Role.CHAIR], people[Role.REVIEWER], people[Role.READER]
    logged_in(db, chair, NOW - dt.timedelta(days=5), now)  # in use
    logged_in(db, reader, NOW - dt.timedelta(days=100), now)  # unused
    # The administrator has not logged in since CREATED either: flagged, but not closed by themself.
    everyone = [u.id for u in people.values()]

    done = deactivate_unused(db, admin, everyone)

    assert {a.username for a in done} == {"ombudsman", "reader", "reviewer"}
    assert active_flags(db) == {"administrator": True, "chair": True, "ombudsman": False, "reader": False,
                                "reviewer": False}
    rows = db.fetchall("SELECT username, record_type, record_id, details FROM audit_log"
                       " WHERE action = 'change' ORDER BY record_id")
    assert sorted((r[0], r[1], int(r[2])) for r in rows) == sorted(
        ("administrator", "user", u.id) for u in (reviewer, people[Role.OMBUDSMAN], reader))  # one row each
    details = {int(r[2]): json.loads(r[3]) for r in rows}
    assert details[reader.id]["active"] is False
    assert details[reader.id]["reason"] == "access_review_unused"
    assert details[reader.id]["days_since_login"] == 100
    assert details[reviewer.id]["days_since_login"] is None
    # Closed accounts cannot log in.
    with pytest.raises(AuthenticationFailed):
        auth.login(db, "reader", "test-password-1")
    # Once closed, they are no longer flagged or offered.
    assert access_overview(db, admin).deactivatable == ()


def test_deactivate_skips_ids_not_asked_for_and_accounts_used_since_the_page_was_drawn(db, people, admin, now):
    reviewer, reader = people[Role.REVIEWER], people[Role.READER]
    overview = access_overview(db, admin)
    assert {reviewer.id, reader.id} <= set(overview.deactivatable)
    logged_in(db, reader, NOW, now)  # the reader logs in meanwhile

    done = deactivate_unused(db, admin, [reviewer.id, reader.id, 9999])

    assert [a.username for a in done] == ["reviewer"]
    flags = active_flags(db)
    assert flags["reviewer"] is False and flags["reader"] is True
    assert flags["ombudsman"] is True  # flagged but not asked for
    assert deactivate_unused(db, admin, []) == []
    assert deactivate_unused(db, admin, [admin.id]) == []
    assert active_flags(db)["administrator"] is True


def test_only_the_administrator_may_review_access(db, people, admin):
    assert PERMISSIONS["access.review"] == frozenset({Role.ADMINISTRATOR})
    for role, user in people.items():
        if role == Role.ADMINISTRATOR:
            continue
        for call in (lambda u: access_overview(db, u), lambda u: record_access_review(db, u, "note"),
                     lambda u: deactivate_unused(db, u, [people[Role.READER].id])):
            with pytest.raises(PermissionDenied):
                call(user)
    closed_admin = User(**{**admin.__dict__, "active": False})
    with pytest.raises(PermissionDenied):
        access_overview(db, closed_admin)
    assert db.fetchone("SELECT count(*) FROM access_reviews") == (0,)
    assert all(active_flags(db).values())
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE record_type IN ('access_overview', 'access_review')"
                       " OR action = 'change'") == (0,)
    # The administrator is allowed; the overview read is logged.
    access_overview(db, admin)
    assert db.fetchone("SELECT action, details FROM audit_log WHERE record_type = 'access_overview'") == (
        "read", json.dumps({"accounts": 5, "flagged": 5}, sort_keys=True))
