"""SQL for user accounts."""

from __future__ import annotations

import datetime as dt

from reviews.models import Role, User
from reviews.storage import changes
from reviews.storage.rows import named, named_one

_COLUMNS = "id, username, full_name, role, active, language"
_SELECT = "SELECT " + _COLUMNS + " FROM users"


def _user(row: dict) -> User:
    return User(**{**row, "role": Role(row["role"])})


def insert(cur, *, username: str, full_name: str, role: Role, password_hash: str, language: str, now: dt.datetime) -> User:
    changes.changed(changes.ACCESS)
    row = named_one(cur.execute(
        "INSERT INTO users (username, full_name, role, password_hash, language, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING " + _COLUMNS,
        [username, full_name, role.value, password_hash, language, now],
    ))
    return _user(row)


def by_username(cur, username: str) -> tuple[User, str] | None:
    """The user and their password hash."""
    row = named_one(cur.execute(
        "SELECT " + _COLUMNS + ", password_hash FROM users WHERE lower(username) = lower(?)",
        [username],
    ))
    if row is None:
        return None
    password_hash = row.pop("password_hash")
    return _user(row), password_hash


def by_id(cur, user_id: int) -> User | None:
    row = named_one(cur.execute(_SELECT + " WHERE id = ?", [user_id]))
    return _user(row) if row else None


def all_users(cur) -> list[User]:
    return [_user(r) for r in named(cur.execute(_SELECT + " ORDER BY username"))]


def set_password_hash(cur, user_id: int, password_hash: str) -> None:
    cur.execute("UPDATE users SET password_hash = ?, version = version + 1 WHERE id = ?", [password_hash, user_id])


def update(cur, user_id: int, *, full_name: str, role: Role, active: bool) -> None:
    changes.changed(changes.ACCESS)
    cur.execute(
        "UPDATE users SET full_name = ?, role = ?, active = ?, version = version + 1 WHERE id = ?",
        [full_name, role.value, active, user_id],
    )


def set_active(cur, user_id: int, active: bool) -> None:
    changes.changed(changes.ACCESS)
    cur.execute("UPDATE users SET active = ?, version = version + 1 WHERE id = ?", [active, user_id])


def set_language(cur, user_id: int, language: str) -> None:
    cur.execute("UPDATE users SET language = ? WHERE id = ?", [language, user_id])


def count(cur) -> int:
    return cur.execute("SELECT count(*) FROM users").fetchone()[0]
