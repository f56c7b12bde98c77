"""The second factor of local accounts: TOTP (an authenticator app) and single-use recovery codes.

Which roles need it is a setting (`REVIEWS_SECOND_FACTOR_ROLES`); by default every role that may read
case material. A code is accepted for the current 30-second time step and one step either side (clock
drift), and never twice: the last accepted step is stored per user. The login flow itself is in
`reviews.services.auth`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

import pyotp

from reviews import clock
from reviews.config import load_settings
from reviews.errors import AuthenticationFailed, NotFound, ValidationError
from reviews.models import Role, User
from reviews.models.auth import Enrolment, SecondFactorStep, SecondFactorStatus
from reviews.services.audit import record
from reviews.services.permissions import PERMISSIONS, requires
from reviews.storage import auth as auth_repo
from reviews.storage import users as users_repo

STEP_SECONDS = 30
DRIFT_STEPS = 1  # codes of the previous and the next time step are accepted too
RECOVERY_CODES = 10
# Recovery codes: 10 characters of an alphabet without look-alikes (0/O, 1/I/L), shown as ABCDE-FGHJK.
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_RECOVERY_LENGTH = 10
# The permissions that open case material; a role with any of them needs a second factor by default
# (breaking the glass opens a case too, so the administrator stays in even without case.read).
CASE_READING_ACTIONS = tuple(a for a in ("case.read", "case.break_glass", "finding.read", "inquiry.read",
                                         "mediation.read") if a in PERMISSIONS)
ISSUER = "Gennemgang og mægling"


def required_roles() -> frozenset[Role]:
    """The roles that must log in with a second factor."""
    configured = load_settings().second_factor_roles
    if configured is None:
        return frozenset(role for role in Role if any(role in PERMISSIONS[a] for a in CASE_READING_ACTIONS))
    return frozenset(role for role in Role if role.value in configured)


def is_required(user: User) -> bool:
    return user.role in required_roles()


def time_step(at: dt.datetime) -> int:
    """The TOTP time step of a naive-UTC time."""
    return int(at.replace(tzinfo=dt.UTC).timestamp()) // STEP_SECONDS


def _code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


def _matching_step(secret: str, code: str, now: dt.datetime) -> int | None:
    current = time_step(now)
    for step in sorted(range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1), key=lambda s: abs(s - current)):
        if hmac.compare_digest(_code_at(secret, step), code):
            return step
    return None


def _totp_code(text: str) -> str | None:
    """Six digits (spaces allowed: apps show «123 456»), or None."""
    digits = re.sub(r"\s+", "", text or "")
    return digits if re.fullmatch(r"\d{6}", digits) else None


def _normal_recovery_code(text: str) -> str:
    return re.sub(r"[\s-]+", "", (text or "").upper())


def _hash_recovery_code(code: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    return f"sha256${salt}${hashlib.sha256((salt + _normal_recovery_code(code)).encode()).hexdigest()}"


def _recovery_code_matches(code: str, stored: str) -> bool:
    try:
        _, salt, _ = stored.split("$")
    except ValueError:
        return False
    return hmac.compare_digest(_hash_recovery_code(code, salt), stored)


def _new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def next_step(cur, user: User) -> SecondFactorStep | None:
    """What a correct password of this user leads to: a code, an enrolment, or nothing more."""
    if auth_repo.totp(cur, user.id) is not None:
        return SecondFactorStep.CODE
    return SecondFactorStep.ENROL if is_required(user) else None


def check_code(cur, user: User, text: str, now: dt.datetime) -> str:
    """Check a code at login, inside the caller's write transaction. One of: "totp", "recovery_code" (both
    accepted and used up), "wrong", "reused", "not_enrolled"."""
    stored = auth_repo.totp(cur, user.id)
    if stored is None:
        return "not_enrolled"
    secret, _, last_step = stored
    code = _totp_code(text)
    if code is not None:
        step = _matching_step(secret, code, now)
        if step is None:
            return "wrong"
        if step <= last_step:
            return "reused"
        auth_repo.set_last_step(cur, user.id, step)
        return "totp"
    normal = _normal_recovery_code(text)
    if len(normal) != _RECOVERY_LENGTH:
        return "wrong"
    for code_id, code_hash in auth_repo.unused_recovery_codes(cur, user.id):
        if _recovery_code_matches(normal, code_hash) and auth_repo.use_recovery_code(cur, code_id, now):
            return "recovery_code"
    return "wrong"


def _recovery_codes_left(cur, user_id: int) -> int:
    return len(auth_repo.unused_recovery_codes(cur, user_id))


def _uri(secret: str, username: str) -> str:
    issuer = f"{ISSUER} ({load_settings().municipality})"
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def _new_secret() -> str:
    return pyotp.random_base32(32)  # 160 bits, as RFC 4226 recommends


def enrol_in_transaction(cur, actor: User | None, user: User, secret: str, code: str, now: dt.datetime) -> list[str]:
    """Store a confirmed secret and fresh recovery codes; the codes in clear, to be shown once."""
    secret = _check_secret(secret)
    totp_code = _totp_code(code)
    step = _matching_step(secret, totp_code, now) if totp_code else None
    if step is None:
        raise ValidationError("error.enrol_code_wrong")
    auth_repo.set_totp(cur, user.id, secret, now, step)  # the confirming code cannot log in afterwards
    codes = _new_recovery_codes()
    auth_repo.replace_recovery_codes(cur, user.id, [_hash_recovery_code(c) for c in codes], now)
    record(cur, actor or user, "totp_enrolled", record_type="user", record_id=user.id,
           details={"recovery_codes": len(codes)})
    return codes


def _check_secret(secret: str) -> str:
    secret = (secret or "").strip().upper()
    if not re.fullmatch(r"[A-Z2-7]{16,}", secret):
        raise ValidationError("error.enrol_code_wrong")
    return secret


@requires("self.manage")
def start_enrolment(db, actor: User) -> Enrolment:
    """A new secret for the actor's authenticator app; nothing is stored until a code confirms it."""
    secret = _new_secret()
    return Enrolment(secret=secret, uri=_uri(secret, actor.username))


def enrolment_for(secret: str, username: str) -> Enrolment:
    """The enrolment of a known secret (the demo users' shared one, or one being confirmed)."""
    return Enrolment(secret=secret, uri=_uri(secret, username))


def _verify_password(db, user: User, password: str) -> None:
    from reviews.services.auth import verify_password  # auth imports this module

    if not verify_password(db, user, password):
        raise AuthenticationFailed("error.wrong_current_password")


@requires("self.manage")
def enrol(db, actor: User, secret: str, code: str, *, password: str | None = None) -> list[str]:
    """Turn on (or replace) the actor's authenticator app. Replacing one needs the current password.
    Returns the new recovery codes, in clear, to be shown once."""
    secret = _check_secret(secret)
    if auth_repo.totp(db.cursor(), actor.id) is not None:
        _verify_password(db, actor, password or "")
    now = clock.now()
    return db.write(lambda cur: enrol_in_transaction(cur, actor, actor, secret, code, now))


@requires("self.manage")
def new_recovery_codes(db, actor: User, password: str) -> list[str]:
    """Replace the actor's recovery codes (the old ones stop working); the new ones in clear, shown once."""
    if auth_repo.totp(db.cursor(), actor.id) is None:
        raise ValidationError("error.second_factor_not_enrolled")
    _verify_password(db, actor, password or "")
    codes = _new_recovery_codes()
    now = clock.now()

    def work(cur):
        auth_repo.replace_recovery_codes(cur, actor.id, [_hash_recovery_code(c) for c in codes], now)
        record(cur, actor, "recovery_codes_created", record_type="user", record_id=actor.id,
               details={"recovery_codes": len(codes)})

    db.write(work)
    return codes


@requires("self.manage")
def status(db, actor: User) -> SecondFactorStatus:
    cur = db.cursor()
    stored = auth_repo.totp(cur, actor.id)
    return SecondFactorStatus(enrolled=stored is not None, enrolled_at=stored[1] if stored else None,
                              required=is_required(actor),
                              recovery_codes_left=_recovery_codes_left(cur, actor.id) if stored else 0)


@requires("user.manage")
def enrolled_user_ids(db, actor: User) -> set[int]:
    return auth_repo.enrolled_user_ids(db.cursor())


@requires("user.manage")
def reset(db, actor: User, user_id: int) -> None:
    """Remove a user's authenticator app and recovery codes (a lost phone): they enrol again at the next login
    (or log in with the password alone, when their role needs no second factor)."""
    if users_repo.by_id(db.cursor(), user_id) is None:
        raise NotFound()

    def work(cur):
        auth_repo.delete_totp(cur, user_id)
        auth_repo.delete_recovery_codes(cur, user_id)
        record(cur, actor, "second_factor_reset", record_type="user", record_id=user_id)

    db.write(work)


def enrol_unchecked(db, actor: User | None, user_id: int, secret: str) -> None:
    """Give a user a known secret without a confirming code (the demo users). Callers check permission."""
    secret = _check_secret(secret)
    now = clock.now()

    def work(cur):
        auth_repo.set_totp(cur, user_id, secret, now, 0)
        record(cur, actor, "totp_enrolled", record_type="user", record_id=user_id, details={"recovery_codes": 0})

    db.write(work)


def reset_unchecked(db, actor: User | None, user_id: int) -> None:
    """`reset` for the command line, which runs as the machine's operator."""
    def work(cur):
        auth_repo.delete_totp(cur, user_id)
        auth_repo.delete_recovery_codes(cur, user_id)
        record(cur, actor, "second_factor_reset", record_type="user", record_id=user_id)

    db.write(work)
