"""Accounts, passwords and the login: password, then (where needed) a second factor, with throttling.

A login is two steps for users with a second factor: `login` checks the password and returns a
`PendingLogin`, which opens nothing; `complete_login` (a code from the app or a recovery code) or
`complete_enrolment` (a first authenticator app) turns it into the logged-in `User`. Users without a
second factor get the `User` from `login` directly.

Throttling: failed passwords and codes count per account; after `lockout_attempts` in a row (default 5)
the account is locked for `lockout_minutes` (default 15). A failure older than the lock period is
forgotten, so a slow guesser gets no more tries than a fast one. Every refusal of the password step
gives the same answer, whether the username is unknown, the password wrong or the account locked or
closed. Each client address is slowed as well: after n failures in a row it waits BASE * 2^(n-1)
seconds (capped) before its next attempt is checked, in its own session's thread only.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import threading
import time
import unicodedata

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from reviews import clock
from reviews.config import PROJECT_ROOT, load_settings
from reviews.errors import AuthenticationFailed, LoginRestart, ValidationError
from reviews.models import Role, User
from reviews.models.auth import PendingLogin, SecondFactorStep
from reviews.models.sessions import SessionEnd
from reviews.services import second_factor, sessions
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import auth as auth_repo
from reviews.storage import users as users_repo
from reviews.text import CleanText

# Tests and benches set REVIEWS_PASSWORD_PROFILE=cheap: hashing at full cost takes ~0.5 s per
# account. Verification reads the parameters from each stored hash, so both kinds verify.
_hasher = (PasswordHasher.from_parameters(profiles.CHEAPEST)
           if os.environ.get("REVIEWS_PASSWORD_PROFILE") == "cheap" else PasswordHasher())
MIN_PASSWORD_LENGTH = 12
LANGUAGES = ("da", "en")
# Verifying against a dummy hash when the user is unknown keeps the timing the same.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
# Lists of common passwords (one a line, "#" comments): the 10,000 most common ones and Danish ones.
COMMON_PASSWORD_FILES = (PROJECT_ROOT / "reviews" / "data" / "common_passwords.txt",
                         PROJECT_ROOT / "reviews" / "data" / "common_passwords_da.txt")
# Digits, punctuation and spaces at either end of a password: "Sommer2024!" is "sommer" with decoration.
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_DIGIT_RUNS = "0123456789" * 4
# The second step of a login must follow the password within this time.
PENDING_LOGIN_LIFETIME = dt.timedelta(minutes=10)
# Slowing one client address: BASE * 2^(n-1) seconds after n failures in a row, at most CAP seconds.
CLIENT_DELAY_BASE = 0.5
CLIENT_DELAY_CAP = 5.0
_CLIENTS_KEPT = 10_000  # addresses remembered at most (the oldest are forgotten first)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _normal(password: str) -> str:
    return unicodedata.normalize("NFC", password or "").strip().lower()


@functools.cache
def _common_passwords() -> frozenset[str]:
    words: set[str] = set()
    for path in COMMON_PASSWORD_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.add(_normal(line))
    return frozenset(words)


def is_common_password(password: str) -> bool:
    """On a list of common passwords, as typed or without the digits and punctuation at its ends; or made of
    fewer than four different characters ("aaaaaaaaaaaa", "abababababab"); or a run of digits ("123456789012")."""
    normal = _normal(password)
    core = _DECORATION.sub("", normal)
    common = _common_passwords()
    return (normal in common or (bool(core) and core in common) or len(set(normal)) < 4
            or normal in _DIGIT_RUNS or normal in _DIGIT_RUNS[::-1])


def _check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError("error.password_too_short", min=MIN_PASSWORD_LENGTH)
    if is_common_password(password):
        raise ValidationError("error.password_common")


# --- throttling ------------------------------------------------------------------------------------------

_sleep = time.sleep  # tests replace it to see the delays without waiting


class _ClientThrottle:
    """Failures in a row per client address, in this process (a restart forgets them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, dt.datetime]] = {}

    def delay(self, client: str, now: dt.datetime) -> float:
        if not client:
            return 0.0
        with self._lock:
            count, last = self._failures.get(client, (0, now))
        if count == 0 or now - last > _lock_duration():
            return 0.0
        return min(CLIENT_DELAY_CAP, CLIENT_DELAY_BASE * 2 ** (count - 1))

    def failed(self, client: str, now: dt.datetime) -> None:
        if not client:
            return
        with self._lock:
            count, last = self._failures.pop(client, (0, now))
            if now - last > _lock_duration():
                count = 0
            self._failures[client] = (count + 1, now)  # re-inserted: the dict stays oldest-first
            while len(self._failures) > _CLIENTS_KEPT:
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()


_clients = _ClientThrottle()


def _lock_duration() -> dt.timedelta:
    return dt.timedelta(minutes=load_settings().lockout_minutes)


def _slow_down(client: str) -> None:
    wait = _clients.delay(client, clock.now())
    if wait > 0:
        _sleep(wait)  # this session's script thread only; never while holding the write lock


def _locked(cur, user_id: int, now: dt.datetime) -> bool:
    _, _, locked_until = auth_repo.throttle(cur, user_id)
    return locked_until is not None and now < locked_until


def _count_failure(cur, user: User, now: dt.datetime) -> bool:
    """Count a failed password or code of the account; True when this failure locks it."""
    failures, last_failure, _ = auth_repo.throttle(cur, user.id)
    settings = load_settings()
    if last_failure is None or now - last_failure > _lock_duration():
        failures = 0
    failures += 1
    if failures >= settings.lockout_attempts:
        until = now + _lock_duration()
        auth_repo.set_throttle(cur, user.id, 0, now, until)
        record(cur, user, "account_locked", record_type="user", record_id=user.id,
               details={"failures": failures, "until": until.isoformat(timespec="seconds")})
        return True
    auth_repo.set_throttle(cur, user.id, failures, now, None)
    return False


def _clear_failures(cur, user_id: int) -> None:
    failures, _, locked_until = auth_repo.throttle(cur, user_id)
    if failures or locked_until is not None:
        auth_repo.set_throttle(cur, user_id, 0, None, None)


# --- login -----------------------------------------------------------------------------------------------

def verify_password(db, user: User, password: str) -> bool:
    """The user's current password (for changes that need it again, such as a new authenticator app)."""
    found = users_repo.by_username(db.cursor(), user.username)
    try:
        return bool(found) and _hasher.verify(found[1], password or "")
    except (VerificationError, InvalidHashError):
        return False


_REFUSED = object()


def login(db, username: str, password: str, *, client: str = "") -> User | PendingLogin:
    """Check the password. A `User` when no second factor is needed (the login is done); a `PendingLogin`
    when one is (see `complete_login` and `complete_enrolment`). Every attempt is logged; every refusal
    raises the same `AuthenticationFailed`. `client` is the caller's address, for slowing it down."""
    _slow_down(client)
    name = (username or "").strip()
    found = users_repo.by_username(db.cursor(), name)
    try:
        ok = _hasher.verify(found[1] if found else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        ok = False
    now = clock.now()

    def refuse(cur, reason: str, user: User | None = None):
        record(cur, user, "login_failed", record_type="user", record_id=user.id if user else "",
               details={"username": name[:100], "reason": reason})
        return _REFUSED

    def work(cur):
        if found is None:
            return refuse(cur, "unknown_user")
        user = found[0]
        if _locked(cur, user.id, now):
            return refuse(cur, "locked", user)  # not counted: a lock is not prolonged by more attempts
        if not ok:
            refuse(cur, "password", user)
            _count_failure(cur, user, now)
            return _REFUSED
        if not user.active:
            return refuse(cur, "closed", user)
        step = second_factor.next_step(cur, user)
        if step is None:
            _clear_failures(cur, user.id)
            record(cur, user, "login", record_type="user", record_id=user.id)
            return user
        # The password alone resets no counter: else 4 wrong codes, the password again, 4 more, ...
        record(cur, user, "login_password", record_type="user", record_id=user.id, details={"next": step.value})
        return PendingLogin(user=user, step=step, started_at=now, client=client)

    result = db.write(work)
    if result is _REFUSED:
        _clients.failed(client, now)
        raise AuthenticationFailed()
    if isinstance(result, User):
        _clients.succeeded(client)
    return result


def _check_pending(pending: PendingLogin, step: SecondFactorStep, now: dt.datetime) -> None:
    if not isinstance(pending, PendingLogin) or pending.step != step:
        raise LoginRestart()
    if now - pending.started_at > PENDING_LOGIN_LIFETIME or now < pending.started_at:
        raise LoginRestart("error.login_step_expired")


def complete_login(db, pending: PendingLogin, code: str, *, client: str = "") -> User:
    """The second step: a code from the authenticator app (6 digits) or an unused recovery code.

    A wrong or reused code counts as a failed attempt; when it locks the account, or the account was
    locked or closed meanwhile, `LoginRestart` sends the user back to the password."""
    _slow_down(client)
    now = clock.now()
    _check_pending(pending, SecondFactorStep.CODE, now)
    user_id = pending.user.id

    def work(cur):
        user = users_repo.by_id(cur, user_id)
        if user is None or not user.active or _locked(cur, user_id, now):
            record(cur, pending.user, "login_failed", record_type="user", record_id=user_id,
                   details={"username": pending.user.username, "reason": "locked" if user and user.active
                            else "closed"})
            return "restart"
        outcome = second_factor.check_code(cur, user, code, now)
        if outcome == "not_enrolled":  # reset by an administrator between the two steps
            return "restart"
        if outcome in ("totp", "recovery_code"):
            _clear_failures(cur, user_id)
            details = {"second_factor": outcome}
            if outcome == "recovery_code":
                details["recovery_codes_left"] = len(auth_repo.unused_recovery_codes(cur, user_id))
            record(cur, user, "login", record_type="user", record_id=user_id, details=details)
            return user
        record(cur, user, "totp_reused" if outcome == "reused" else "second_factor_failed",
               record_type="user", record_id=user_id)
        return "locked" if _count_failure(cur, user, now) else outcome

    result = db.write(work)
    if isinstance(result, User):
        _clients.succeeded(client)
        return result
    _clients.failed(client, now)
    if result in ("restart", "locked"):
        raise LoginRestart()
    raise AuthenticationFailed("error.code_reused" if result == "reused" else "error.code_wrong")


def complete_enrolment(db, pending: PendingLogin, secret: str, code: str, *,
                       client: str = "") -> tuple[User, list[str]]:
    """The second step for a user who must have a second factor and has none: the first code from the new
    authenticator app confirms its secret. Returns the logged-in user and the recovery codes (in clear,
    to be shown once)."""
    now = clock.now()
    _check_pending(pending, SecondFactorStep.ENROL, now)
    user_id = pending.user.id
    secret = (secret or "").strip().upper()

    def work(cur):
        user = users_repo.by_id(cur, user_id)
        if user is None or not user.active or _locked(cur, user_id, now) or auth_repo.totp(cur, user_id):
            return None
        codes = second_factor.enrol_in_transaction(cur, user, user, secret, code, now)
        _clear_failures(cur, user_id)
        record(cur, user, "login", record_type="user", record_id=user_id, details={"second_factor": "enrolled"})
        return user, codes

    result = db.write(work)  # a wrong code raises ValidationError: nothing stored, the user tries again
    if result is None:
        raise LoginRestart()
    _clients.succeeded(client)
    return result


def unlock_unchecked(db, actor: User | None, user_id: int) -> None:
    """Lift a lock before its time (the command line). Callers check permission."""
    def work(cur):
        auth_repo.set_throttle(cur, user_id, 0, None, None)
        record(cur, actor, "account_unlocked", record_type="user", record_id=user_id)

    db.write(work)


def create_user_unchecked(db, actor: User | None, *, username: str, full_name: str, role: Role, password: str,
                          language: str = "da") -> User:
    """Create an account. Callers check permission (the command line runs as the machine's operator)."""
    clean = CleanText()
    username = clean(username, "username", required=True, max_length=64).lower()
    full_name = clean(full_name, "full_name", required=True, max_length=200)
    _check_password_rules(password)
    if language not in LANGUAGES:
        raise ValidationError("error.bad_language")
    if users_repo.by_username(db.cursor(), username):
        raise ValidationError("error.username_taken", username=username)

    def work(cur):
        user = users_repo.insert(cur, username=username, full_name=full_name, role=Role(role),
                                 password_hash=hash_password(password), language=language, now=clock.now())
        record(cur, actor, "create", record_type="user", record_id=user.id, details={"role": user.role.value})
        return user

    return db.write(work)


@requires("user.manage")
def create_user(db, actor: User, *, username: str, full_name: str, role: Role, password: str,
                language: str = "da") -> User:
    return create_user_unchecked(db, actor, username=username, full_name=full_name, role=role,
                                 password=password, language=language)


@requires("user.manage")
def list_users(db, actor: User) -> list[User]:
    return users_repo.all_users(db.cursor())


@requires("user.manage")
def update_user(db, actor: User, user_id: int, *, full_name: str, role: Role, active: bool) -> None:
    full_name = CleanText()(full_name, "full_name", required=True, max_length=200)
    if user_id == actor.id and (not active or role != actor.role):
        raise ValidationError("error.cannot_demote_self")

    def work(cur):
        before = users_repo.by_id(cur, user_id)
        users_repo.update(cur, user_id, full_name=full_name, role=Role(role), active=active)
        record(cur, actor, "change", record_type="user", record_id=user_id,
               details={"role": Role(role).value, "active": active})
        # A closed account or a new role: the user's open sessions end at their next rerun.
        if before is not None and (not active or Role(role) != before.role):
            sessions.end_for_user(cur, actor, user_id, SessionEnd.ACCOUNT_CHANGED)

    db.write(work)


@requires("user.manage")
def reset_password(db, actor: User, user_id: int, new_password: str) -> None:
    _check_password_rules(new_password)

    def work(cur):
        users_repo.set_password_hash(cur, user_id, hash_password(new_password))
        record(cur, actor, "change", record_type="user", record_id=user_id, details={"field": "password"})
        sessions.end_for_user(cur, actor, user_id, SessionEnd.ACCOUNT_CHANGED)

    db.write(work)


@requires("self.manage")
def change_own_password(db, actor: User, old_password: str, new_password: str, *,
                        keep_session: int | None = None) -> None:
    """A new password ends the user's other sessions (`keep_session`: the one making the change)."""
    if not verify_password(db, actor, old_password):
        raise AuthenticationFailed("error.wrong_current_password")
    _check_password_rules(new_password)

    def work(cur):
        users_repo.set_password_hash(cur, actor.id, hash_password(new_password))
        record(cur, actor, "change", record_type="user", record_id=actor.id, details={"field": "password"})
        sessions.end_for_user(cur, actor, actor.id, SessionEnd.ACCOUNT_CHANGED, except_id=keep_session)

    db.write(work)


@requires("self.manage")
def set_language(db, actor: User, language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError("error.bad_language")
    db.write(lambda cur: users_repo.set_language(cur, actor.id, language))


def user_count(db) -> int:
    return users_repo.count(db.cursor())
