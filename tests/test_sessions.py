"""Server-side sessions: the cookie that keeps a login across reloads and tabs, and every way it ends."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews import clock
from reviews.errors import NotFound, PermissionDenied
from reviews.models import Role
from reviews.models.sessions import SessionEnd
from reviews.services import auth, retention, sessions


def _cookie(db, user, **kwargs) -> tuple[int, str]:
    started = sessions.start(db, user, method="password", client="10.0.0.7", user_agent="Firefox", **kwargs)
    value = sessions.bind(db, started.handoff)
    assert value is not None
    return started.session.id, value


def _age(db, session_id: int, *, minutes: int = 0, column: str = "last_seen_at") -> None:
    """Time passing, written behind the service's back (so its cached checks are told)."""
    db.write(lambda cur: cur.execute(f"UPDATE user_sessions SET {column} = {column} - INTERVAL (?) MINUTE WHERE id = ?",
                                     [minutes, session_id]))
    sessions.invalidate_checks()


def _reasons(db) -> list[str]:
    return [r[0] for r in db.fetchall(
        "SELECT json_extract_string(details, '$.reason') FROM audit_log WHERE action = 'session_refused' ORDER BY id")]


def test_a_bound_cookie_resumes_the_session_and_stores_no_token(db, users):
    chair = users[Role.CHAIR]
    session_id, cookie = _cookie(db, chair)
    user, session = sessions.resume(db, cookie, client="10.0.0.7")
    assert (user.id, session.id) == (chair.id, session_id)
    token = cookie.split(".")[0]
    stored = db.fetchall("SELECT token_hash, handoff_hash FROM user_sessions")
    assert token not in repr(stored) and stored[0][1] is None  # the hand-off is spent
    assert sessions.check(db, session_id) is None


def test_the_handoff_works_once_and_only_for_a_minute(db, users):
    started = sessions.start(db, users[Role.CHAIR], method="password")
    assert sessions.bind(db, started.handoff) is not None
    assert sessions.bind(db, started.handoff) is None  # used
    late = sessions.start(db, users[Role.CHAIR], method="password")
    db.write(lambda cur: cur.execute(
        "UPDATE user_sessions SET handoff_expires_at = handoff_expires_at - INTERVAL 61 SECOND WHERE id = ?",
        [late.session.id]))
    assert sessions.bind(db, late.handoff) is None
    assert sessions.bind(db, "") is None and sessions.bind(db, "x" * 1000) is None
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'session_refused'")[0] == 2


@pytest.mark.parametrize("tamper", [
    lambda c: c[:-2] + ("AA" if not c.endswith("AA") else "BB"),  # the signature changed
    lambda c: "A" + c[1:],  # the token changed
    lambda c: c.split(".")[0],  # no signature
    lambda c: c + ".x", lambda c: "", lambda c: "æøå.åøæ", lambda c: "a" * 5000,
])
def test_a_forged_cookie_opens_nothing(db, users, tamper):
    _, cookie = _cookie(db, users[Role.CHAIR])
    with pytest.raises(sessions.SessionRefused) as refused:
        sessions.resume(db, tamper(cookie))
    assert refused.value.reason == SessionEnd.FORGED
    assert refused.value.key == "session.refused.forged"
    assert _reasons(db) == ["forged"]


def test_a_cookie_signed_with_another_key_is_forged(db, users, monkeypatch):
    _, cookie = _cookie(db, users[Role.CHAIR])
    monkeypatch.setenv("REVIEWS_SECRET_KEY", "another installation's key")
    with pytest.raises(sessions.SessionRefused) as refused:
        sessions.resume(db, cookie)
    assert refused.value.reason == SessionEnd.FORGED


def test_after_logout_the_old_cookie_is_a_replay(db, users):
    chair = users[Role.CHAIR]
    session_id, cookie = _cookie(db, chair)
    sessions.end(db, chair, session_id)
    assert sessions.check(db, session_id) == SessionEnd.LOGOUT
    with pytest.raises(sessions.SessionRefused) as refused:
        sessions.resume(db, cookie)
    assert refused.value.reason == SessionEnd.REPLAYED
    assert db.fetchone("SELECT token_hash, end_reason FROM user_sessions WHERE id = ?", [session_id]) == (None, "logout")


def test_idle_and_expired_sessions_end_on_check_and_on_resume(db, users, monkeypatch):
    monkeypatch.setenv("REVIEWS_IDLE_MINUTES", "30")
    chair = users[Role.CHAIR]
    idle_id, idle_cookie = _cookie(db, chair)
    _age(db, idle_id, minutes=31)
    with pytest.raises(sessions.SessionRefused) as refused:
        sessions.resume(db, idle_cookie)
    assert refused.value.reason == SessionEnd.IDLE
    assert sessions.check(db, idle_id) == SessionEnd.IDLE

    awake_id, _ = _cookie(db, chair)
    _age(db, awake_id, minutes=29)
    assert sessions.check(db, awake_id) is None

    old_id, _ = _cookie(db, chair)
    _age(db, old_id, minutes=13 * 60, column="expires_at")  # 12 hours, however active
    assert sessions.check(db, old_id) == SessionEnd.EXPIRED
    assert db.fetchone("SELECT end_reason FROM user_sessions WHERE id = ?", [old_id])[0] == "expired"
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'logout'")[0] == 1  # check logs its end


def test_check_touches_at_most_once_a_minute(db, users):
    session_id, _ = _cookie(db, users[Role.CHAIR])
    seen = lambda: db.fetchone("SELECT last_seen_at FROM user_sessions WHERE id = ?", [session_id])[0]  # noqa: E731
    first = seen()
    for _ in range(5):
        assert sessions.check(db, session_id) is None
    assert seen() == first
    _age(db, session_id, minutes=2)
    aged = seen()
    assert sessions.check(db, session_id) is None
    assert seen() > aged
    assert sessions.check(db, 10 ** 6) == SessionEnd.FORGED  # no such session


@pytest.mark.parametrize("change", ["role", "deactivate", "password_by_admin", "own_password"])
def test_account_changes_end_the_sessions(db, users, change):
    admin, chair = users[Role.ADMINISTRATOR], users[Role.CHAIR]
    first, first_cookie = _cookie(db, chair)
    second, _ = _cookie(db, chair)
    other_user, _ = _cookie(db, users[Role.REVIEWER])
    if change == "role":
        auth.update_user(db, admin, chair.id, full_name=chair.full_name, role=Role.REVIEWER, active=True)
    elif change == "deactivate":
        auth.update_user(db, admin, chair.id, full_name=chair.full_name, role=Role.CHAIR, active=False)
    elif change == "password_by_admin":
        auth.reset_password(db, admin, chair.id, "Et helt nyt kodeord 42")
    else:
        auth.change_own_password(db, chair, "test-password-1", "Et helt nyt kodeord 42", keep_session=first)
    kept = {first} if change == "own_password" else set()  # the browser that changed it stays logged in
    for session_id in (first, second):
        expected = None if session_id in kept else SessionEnd.ACCOUNT_CHANGED
        assert sessions.check(db, session_id) == expected
    assert sessions.check(db, other_user) is None
    if not kept:
        with pytest.raises(sessions.SessionRefused):
            sessions.resume(db, first_cookie)


def test_a_user_sees_and_ends_only_their_own_sessions(db, users):
    chair, reviewer = users[Role.CHAIR], users[Role.REVIEWER]
    mine = [_cookie(db, chair)[0] for _ in range(3)]
    theirs, _ = _cookie(db, reviewer)
    assert sorted(s.id for s in sessions.my_sessions(db, chair)) == mine
    assert sessions.my_sessions(db, chair)[0].user_agent == "Firefox"
    with pytest.raises(NotFound):
        sessions.end_my_session(db, chair, theirs)
    assert sessions.check(db, theirs) is None
    sessions.end_my_session(db, chair, mine[0])
    assert sessions.check(db, mine[0]) == SessionEnd.ENDED_BY_USER
    assert sessions.end_my_other_sessions(db, chair, mine[1]) == 1
    assert [s.id for s in sessions.my_sessions(db, chair)] == [mine[1]]
    assert sessions.live_session_counts(db) == {chair.id: 1, reviewer.id: 1}
    inactive = type(chair)(**{**chair.__dict__, "active": False})
    with pytest.raises(PermissionDenied):
        sessions.my_sessions(db, inactive)


def test_retention_deletes_sessions_90_days_after_they_ended(db, users):
    admin, chair = users[Role.ADMINISTRATOR], users[Role.CHAIR]
    old, _ = _cookie(db, chair)
    recent, _ = _cookie(db, chair)
    live, _ = _cookie(db, chair)
    for session_id in (old, recent):
        sessions.end(db, chair, session_id)
    _age(db, old, minutes=91 * 24 * 60, column="ended_at")
    _age(db, recent, minutes=89 * 24 * 60, column="ended_at")
    retention.run(db, admin, today=clock.today(), rebuild=False)
    left = {r[0] for r in db.fetchall("SELECT id FROM user_sessions")}
    assert left == {recent, live}


def test_the_rerun_check_reads_the_database_once_until_a_session_changes(db, users):
    chair = users[Role.CHAIR]
    session_id, _ = _cookie(db, chair)
    assert sessions.check(db, session_id) is None
    # A change the service does not know of is not seen: the check decides from memory.
    db.write(lambda cur: cur.execute("UPDATE user_sessions SET end_reason = 'x', ended_at = now() WHERE id = ?",
                                     [session_id]))
    assert sessions.check(db, session_id) is None
    sessions.invalidate_checks()
    assert sessions.check(db, session_id) == SessionEnd.LOGOUT  # an unknown reason reads as a logout
    # Every change through the services is seen at the next check, also one committed later by its caller.
    other, _ = _cookie(db, chair)
    assert sessions.check(db, other) is None
    auth.update_user(db, users[Role.ADMINISTRATOR], chair.id, full_name=chair.full_name, role=Role.READER,
                     active=True)
    assert sessions.check(db, other) == SessionEnd.ACCOUNT_CHANGED


def test_sessions_last_at_most_the_configured_hours(db, users, monkeypatch):
    monkeypatch.setenv("REVIEWS_SESSION_HOURS", "2")
    session = sessions.start(db, users[Role.CHAIR], method="totp").session
    assert session.expires_at - session.created_at == dt.timedelta(hours=2)
    assert session.method == "totp"
