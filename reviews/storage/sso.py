"""SQL for single sign-on (tables sso_identities and sso_token_uses)."""

from __future__ import annotations

import datetime as dt

from reviews.models.sso import SsoIdentity
from reviews.storage.rows import named, named_one

_COLUMNS = "id, issuer, subject, user_id, name, email, groups, first_seen_at, last_seen_at"
_SELECT = "SELECT " + _COLUMNS + " FROM sso_identities"


def _identity(row: dict) -> SsoIdentity:
    # Groups are stored one a line.
    return SsoIdentity(**{**row, "groups": tuple(g for g in row["groups"].split("\n") if g)})


def find(cur, issuer: str, subject: str) -> SsoIdentity | None:
    row = named_one(cur.execute(_SELECT + " WHERE issuer = ? AND subject = ?", [issuer, subject]))
    return _identity(row) if row else None


def by_id(cur, identity_id: int) -> SsoIdentity | None:
    row = named_one(cur.execute(_SELECT + " WHERE id = ?", [identity_id]))
    return _identity(row) if row else None


def seen(cur, *, issuer: str, subject: str, name: str, email: str, groups: tuple[str, ...],
         now: dt.datetime) -> SsoIdentity:
    """Insert the identity, or refresh its name, e-mail and groups from the provider."""
    cur.execute(
        "INSERT INTO sso_identities (issuer, subject, name, email, groups, first_seen_at, last_seen_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (issuer, subject) DO UPDATE SET name = excluded.name,"
        " email = excluded.email, groups = excluded.groups, last_seen_at = excluded.last_seen_at",
        [issuer, subject, name, email, "\n".join(groups), now, now])
    return find(cur, issuer, subject)


def set_user(cur, identity_id: int, user_id: int) -> None:
    cur.execute("UPDATE sso_identities SET user_id = ? WHERE id = ?", [user_id, identity_id])


def pending(cur) -> list[SsoIdentity]:
    return [_identity(r) for r in named(cur.execute(_SELECT + " WHERE user_id IS NULL ORDER BY first_seen_at"))]


def for_user(cur, user_id: int) -> list[SsoIdentity]:
    return [_identity(r) for r in named(cur.execute(_SELECT + " WHERE user_id = ? ORDER BY id", [user_id]))]


def use_token(cur, *, issuer: str, subject: str, token_key: str, now: dt.datetime) -> bool:
    """Mark an ID token used; False when it was used before (a replay)."""
    row = cur.execute("SELECT 1 FROM sso_token_uses WHERE issuer = ? AND subject = ? AND token_key = ?",
                      [issuer, subject, token_key]).fetchone()
    if row:
        return False
    cur.execute("INSERT INTO sso_token_uses (issuer, subject, token_key, used_at) VALUES (?, ?, ?, ?)",
                [issuer, subject, token_key, now])
    return True


def forget_token_uses(cur, before: dt.datetime) -> int:
    """Retention: a used token older than its freshness window can no longer be presented anyway."""
    return len(cur.execute("DELETE FROM sso_token_uses WHERE used_at < ? RETURNING 1", [before]).fetchall())
