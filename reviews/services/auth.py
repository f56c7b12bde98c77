"""Accounts, passwords and sessions."""

from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from reviews import clock
from reviews.errors import AuthenticationFailed, ValidationError
from reviews.models import Role, User
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import users as users_repo
from reviews.text import CleanText

# Tests and benches set REVIEWS_PASSWORD_PROFILE=cheap: hashing at full cost takes ~0.5 s per
# account. Verification reads the parameters from each stored hash, so both kinds verify.
_hasher = (PasswordHasher.from_parameters(profiles.CHEAPEST)
           if os.environ.get("REVIEWS_PASSWORD_PROFILE") == "cheap" else PasswordHasher())
MIN_PASSWORD_LENGTH = 10
LANGUAGES = ("da", "en")
# Verifying against a dummy hash when the user is unknown keeps the timing the same.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError("error.password_too_short", min=MIN_PASSWORD_LENGTH)


def login(db, username: str, password: str) -> User:
    """The active user with these credentials; every attempt is logged."""
    found = users_repo.by_username(db.cursor(), (username or "").strip())
    ok = False
    try:
        ok = _hasher.verify(found[1] if found else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        ok = False
    if not found or not ok or not found[0].active:
        db.write(lambda cur: record(cur, None, "login_failed", record_type="user",
                                    details={"username": (username or "")[:100]}))
        raise AuthenticationFailed()
    user = found[0]
    db.write(lambda cur: record(cur, user, "login", record_type="user", record_id=user.id))
    return user


def logout(db, user: User, *, reason: str = "") -> None:
    db.write(lambda cur: record(cur, user, "logout", record_type="user", record_id=user.id,
                                details={"reason": reason} if reason else None))


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
        users_repo.update(cur, user_id, full_name=full_name, role=Role(role), active=active)
        record(cur, actor, "change", record_type="user", record_id=user_id,
               details={"role": Role(role).value, "active": active})

    db.write(work)


@requires("user.manage")
def reset_password(db, actor: User, user_id: int, new_password: str) -> None:
    _check_password_rules(new_password)

    def work(cur):
        users_repo.set_password_hash(cur, user_id, hash_password(new_password))
        record(cur, actor, "change", record_type="user", record_id=user_id, details={"field": "password"})

    db.write(work)


@requires("self.manage")
def change_own_password(db, actor: User, old_password: str, new_password: str) -> None:
    found = users_repo.by_username(db.cursor(), actor.username)
    try:
        _hasher.verify(found[1], old_password or "")
    except (VerificationError, InvalidHashError, TypeError):
        raise AuthenticationFailed("error.wrong_current_password") from None
    _check_password_rules(new_password)

    def work(cur):
        users_repo.set_password_hash(cur, actor.id, hash_password(new_password))
        record(cur, actor, "change", record_type="user", record_id=actor.id, details={"field": "password"})

    db.write(work)


@requires("self.manage")
def set_language(db, actor: User, language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError("error.bad_language")
    db.write(lambda cur: users_repo.set_language(cur, actor.id, language))


def user_count(db) -> int:
    return users_repo.count(db.cursor())
