"""Server-side sessions: a reload, a second tab or a bookmark keeps the login; the server can end it.

The browser holds one HttpOnly cookie: a random token, signed with the server's key. The database keeps
only the token's SHA-256 and the session's times. The token never passes through a Streamlit run or a
URL: a login creates the session with a one-time hand-off token (a minute, used once), the browser takes
it to the cookie route (reviews/web/session_routes.py), and that route makes the token and sets the cookie.

Every rerun checks the session (`check`): one indexed read, and a write at most once a minute to move
"last seen" on. A session ends at logout, after `idle_timeout_minutes` unused, after `session_hours`
whatever happens, and when the account is closed or its role or password changes (`end_for_user`, in
the same transaction as that change).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import threading
import weakref

from reviews import clock
from reviews.config import load_settings
from reviews.errors import NotFound, WorkbenchError
from reviews.models import User
from reviews.models.sessions import SessionEnd, StartedSession, UserSession
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import sessions as sessions_repo
from reviews.storage import settings as settings_repo
from reviews.storage import users as users_repo
from reviews.storage.database import after_commit

COOKIE_NAME = "wb_session"
HANDOFF_LIFETIME = dt.timedelta(seconds=60)
# "Last seen" moves on at most this often, so a rerun costs a read, not a commit. The idle timeout is
# therefore precise to this interval (a session may end up to a minute early, never late).
TOUCH_INTERVAL = dt.timedelta(seconds=60)
_KEY_SETTING = "session_signing_key"
_MAX_COOKIE_LENGTH = 200
_keys: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class SessionRefused(WorkbenchError):
    """A session cookie that opens nothing. `reason` is a SessionEnd value."""

    def __init__(self, reason: SessionEnd) -> None:
        super().__init__(f"session.refused.{reason.value}")
        self.reason = reason


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _signing_key(db) -> bytes:
    configured = load_settings().secret_key
    if configured:
        return configured.encode("utf-8")
    key = _keys.get(db)
    if key is None:
        def work(cur) -> str:
            stored = settings_repo.get(cur, _KEY_SETTING)
            if stored is None:
                stored = secrets.token_hex(32)
                settings_repo.put(cur, _KEY_SETTING, stored)
            return stored

        key = bytes.fromhex(db.write(work))
        _keys[db] = key
    return key


def _mac(db, token: str) -> str:
    digest = hmac.new(_signing_key(db), token.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def sign(db, token: str) -> str:
    return f"{token}.{_mac(db, token)}"


def unsign(db, value: str | None) -> str | None:
    """The token of a cookie value we signed, or None for anything else."""
    if not value or len(value) > _MAX_COOKIE_LENGTH or value.count(".") != 1:
        return None
    token, mac = value.split(".")
    if not token.isascii() or not mac.isascii():
        return None
    return token if hmac.compare_digest(mac, _mac(db, token)) else None


def _lapse(created_at: dt.datetime, last_seen_at: dt.datetime, expires_at: dt.datetime, user_active: bool,
           now: dt.datetime) -> SessionEnd | None:
    if not user_active:
        return SessionEnd.ACCOUNT_CHANGED
    if now >= expires_at or now < created_at:
        return SessionEnd.EXPIRED
    if now - last_seen_at > dt.timedelta(minutes=load_settings().idle_timeout_minutes):
        return SessionEnd.IDLE
    return None


def start(db, user: User, *, method: str, client: str = "", user_agent: str = "") -> StartedSession:
    """A new session for a user who has just logged in (the caller has checked the login)."""
    now = clock.now()
    handoff = secrets.token_urlsafe(32)
    lifetime = dt.timedelta(hours=load_settings().session_hours)

    def work(cur) -> UserSession:
        session = sessions_repo.insert(
            cur, user_id=user.id, method=method[:20], handoff_hash=_hash(handoff),
            handoff_expires_at=now + HANDOFF_LIFETIME, now=now, expires_at=now + lifetime,
            client=(client or "")[:64], user_agent=(user_agent or "")[:300])
        record(cur, user, "session_start", record_type="session", record_id=session.id,
               details={"method": session.method})
        return session

    return StartedSession(session=db.write(work), handoff=handoff)


def bind(db, handoff: str) -> str | None:
    """For the cookie route: the signed cookie value for a fresh hand-off token, or None (logged)."""
    if not handoff or len(handoff) > _MAX_COOKIE_LENGTH:
        return None
    now = clock.now()
    token = secrets.token_urlsafe(32)

    def work(cur) -> bool:
        taken = sessions_repo.take_handoff(cur, _hash(handoff))
        if taken is None:
            record(cur, None, "session_refused", record_type="session", details={"reason": "handoff_unknown"})
            return False
        session, expiry = taken
        if not session.live or expiry is None or now > expiry:
            record(cur, None, "session_refused", record_type="session", record_id=session.id,
                   details={"reason": "handoff_expired"})
            return False
        sessions_repo.set_token_hash(cur, session.id, _hash(token))
        return True

    return sign(db, token) if db.write(work) else None


def resume(db, cookie_value: str | None, *, client: str = "") -> tuple[User, UserSession]:
    """The user and session of a cookie (a reload, a new tab, a bookmark). A cookie that opens nothing raises
    SessionRefused, logged: forged (not signed by us, or no such session), replayed (its session has ended),
    idle or expired (ended now)."""
    token = unsign(db, cookie_value)
    now = clock.now()

    def refuse(cur, reason: SessionEnd, session: UserSession | None = None, user: User | None = None):
        record(cur, user, "session_refused", record_type="session", record_id=session.id if session else "",
               details={"reason": reason.value, "client": (client or "")[:64]})
        return reason

    def work(cur):
        if token is None:
            return refuse(cur, SessionEnd.FORGED)
        session = sessions_repo.by_token_hash(cur, _hash(token))
        if session is None:
            # Signed by us, but its session has ended (ending clears the token's hash): a copy replayed.
            return refuse(cur, SessionEnd.REPLAYED)
        user = users_repo.by_id(cur, session.user_id)
        lapse = _lapse(session.created_at, session.last_seen_at, session.expires_at,
                       user is not None and user.active, now)
        if lapse is not None:
            sessions_repo.end(cur, session.id, lapse.value, now)
            return refuse(cur, lapse, session, user)
        sessions_repo.touch(cur, session.id, now)
        record(cur, user, "session_resumed", record_type="session", record_id=session.id)
        return user, session

    result = db.write(work)
    invalidate_checks()
    if isinstance(result, SessionEnd):
        raise SessionRefused(result)
    return result


# The rerun check reads a session once and then decides from memory: a session changes only through this
# module (its end, its touch) or through end_for_user (a new role or password, a closed account), and each of
# those bumps the generation. One process holds the DuckDB file, so that is exact; several replicas (a
# server database) would need a shared generation.
_generation = [0]
_checked: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_checked_lock = threading.Lock()


def invalidate_checks() -> None:
    """Make the next check of every session read the database (after a change made outside this module)."""
    with _checked_lock:
        _generation[0] += 1


def _state(db, session_id: int) -> tuple | None:
    with _checked_lock:
        generation = _generation[0]
        cached = _checked.get(db, {}).get(session_id)
    if cached is not None and cached[0] == generation:
        return cached[1]
    row = sessions_repo.state(db.cursor(), session_id)
    if row is not None:
        with _checked_lock:
            _checked.setdefault(db, {})[session_id] = (generation, row)
    return row


def check(db, session_id: int) -> SessionEnd | None:
    """On every rerun: None while the session lives, else why it ended (ending it now if it lapsed)."""
    now = clock.now()
    row = _state(db, session_id)
    if row is None:
        return SessionEnd.FORGED
    ended_at, end_reason, created_at, last_seen_at, expires_at, user_active = row
    if ended_at is not None:
        try:
            return SessionEnd(end_reason)
        except ValueError:
            return SessionEnd.LOGOUT
    lapse = _lapse(created_at, last_seen_at, expires_at, user_active, now)
    if lapse is None:
        if now - last_seen_at >= TOUCH_INTERVAL:
            db.write(lambda cur: sessions_repo.touch(cur, session_id, now), bookkeeping=True)  # no kept value reads it
            invalidate_checks()
        return None

    def end(cur) -> None:
        if sessions_repo.end(cur, session_id, lapse.value, now):
            user_id = sessions_repo.by_id(cur, session_id).user_id
            record(cur, users_repo.by_id(cur, user_id), "logout", record_type="session", record_id=session_id,
                   details={"reason": lapse.value})

    db.write(end)
    invalidate_checks()
    return lapse


def end(db, user: User, session_id: int, *, reason: SessionEnd = SessionEnd.LOGOUT) -> None:
    """Logout: the session ends on the server, so its cookie opens nothing any more."""
    now = clock.now()

    def work(cur) -> None:
        session = sessions_repo.by_id(cur, session_id)
        if session is not None and session.user_id == user.id:
            sessions_repo.end(cur, session_id, reason.value, now)
        record(cur, user, "logout", record_type="session", record_id=session_id, details={"reason": reason.value})

    db.write(work)
    invalidate_checks()


def end_for_user(cur, actor: User | None, user_id: int, reason: SessionEnd, *,
                 except_id: int | None = None) -> list[int]:
    """Inside the caller's transaction (a closed account, a new role or password): end the user's sessions,
    so each ends at its next rerun. Returns the ended sessions' ids."""
    ended = sessions_repo.end_for_user(cur, user_id, reason.value, clock.now(), except_id=except_id)
    after_commit(invalidate_checks)  # the caller's transaction commits later; a check before that still reads the old row
    if ended:
        record(cur, actor, "sessions_ended", record_type="user", record_id=user_id,
               details={"reason": reason.value, "sessions": ended})
    return ended


def _idle_since(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(minutes=load_settings().idle_timeout_minutes)


@requires("self.manage")
def my_sessions(db, actor: User) -> list[UserSession]:
    """The user's live sessions, the most recently used first."""
    now = clock.now()
    return sessions_repo.live_for_user(db.cursor(), actor.id, now, _idle_since(now))


@requires("self.manage")
def end_my_session(db, actor: User, session_id: int) -> None:
    """End one of the user's own sessions (another browser or tab); someone else's answers as missing."""
    now = clock.now()

    def work(cur) -> None:
        session = sessions_repo.by_id(cur, session_id)
        if session is None or session.user_id != actor.id:
            raise NotFound("session.error.not_found")
        sessions_repo.end(cur, session_id, SessionEnd.ENDED_BY_USER.value, now)
        record(cur, actor, "session_end", record_type="session", record_id=session_id,
               details={"reason": SessionEnd.ENDED_BY_USER.value})

    db.write(work)
    invalidate_checks()


@requires("self.manage")
def end_my_other_sessions(db, actor: User, current_id: int) -> int:
    """End every session of the user's but this one. Returns how many ended."""
    return len(db.write(lambda cur: end_for_user(cur, actor, actor.id, SessionEnd.ENDED_BY_USER,
                                                 except_id=current_id)))


def live_session_counts(db) -> dict[int, int]:
    """Live sessions per user id (the access review; its caller checks permission)."""
    now = clock.now()
    return sessions_repo.live_counts(db.cursor(), now, _idle_since(now))
