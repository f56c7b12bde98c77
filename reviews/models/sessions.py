"""Records of server-side sessions (a login that survives a reload)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class SessionEnd(StrEnum):
    """Why a session ended; also why a cookie was refused."""

    LOGOUT = "logout"
    IDLE = "idle"
    EXPIRED = "expired"
    ENDED_BY_USER = "ended_by_user"  # on Min konto, from another of the user's sessions
    ACCOUNT_CHANGED = "account_changed"  # role or password changed, account closed
    FORGED = "forged"  # a cookie whose signature is wrong, or that names no session
    REPLAYED = "replayed"  # the cookie of a session that has ended


@dataclass(frozen=True)
class UserSession:
    id: int
    user_id: int
    method: str  # password, totp, recovery_code, sso
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    ended_at: dt.datetime | None
    end_reason: str | None
    client: str
    user_agent: str

    @property
    def live(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class StartedSession:
    """A new session, and the one-time token that lets the browser fetch its cookie."""

    session: UserSession
    handoff: str
