"""Identities from the municipality's single sign-on (OpenID Connect)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class SsoIdentity:
    id: int
    issuer: str
    subject: str
    user_id: int | None  # None: seen, but no account yet (no access)
    name: str
    email: str
    groups: tuple[str, ...]
    first_seen_at: dt.datetime
    last_seen_at: dt.datetime

    @property
    def label(self) -> str:
        shown = self.name or self.email or self.subject
        return f"{shown} ({self.email})" if self.email and self.email != shown else shown
