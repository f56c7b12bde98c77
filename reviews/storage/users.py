"""SQL for user accounts."""

from __future__ import annotations

import datetime as dt

from reviews.models import Role, User
from reviews.storage import changes

_COLUMNS = "id, username, full_name, role, active, language"
_SELECT = "SELECT " + _COLUMNS + " FROM users"


def _user(row: tuple) -> User:
    return User(id=row[0], username=row[1], full_name=row[2], role=Role(row[3]), active=row[4], language=row[5])


def insert(cur, *, username: str, full_name: str, role: Role, password_hash: str, language: str, now: dt.datetime) -> User:
    changes.changed(changes.ACCESS)
    row = cur.execute(
        "INSERT INTO users (username, full_name, role, password_hash, language, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING " + _COLUMNS,
        [username, full_name, role.value, password_hash, language, now],
    ).fetchone()
    return _user(row)


def by_username(cur, username: str) -> tuple[User, str] | None:
    """The user and their password hash."""
    row = cur.execute(
        "SELECT id, username, full_name, role, active, language, password_hash FROM users"
        " WHERE lower(username) = lower(?)",
        [username],
    ).fetchone()
    return (_user(row[:6]), row[6]) if row else None


def by_id(cur, user_id: int) -> User | None:
    row = cur.execute(_SELECT + " WHERE id = ?", [user_id]).fetchone()
    return _user(row) if row else None


def all_users(cur) -> list[User]:
    return [_user(r) for r in cur.execute(_SELECT + " ORDER BY username").fetchall()]


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
