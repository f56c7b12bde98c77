"""Settings read from the environment, with defaults that suit a single municipality."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "workbench.duckdb"
# The demo's (fictional) contact of the ombudsman office, used in demo mode when none is set.
DEMO_OMBUDSMAN_PHONE = "12 34 56 78"
DEMO_OMBUDSMAN_EMAIL = "borgerraadgiver@eksempel-kommune.dk"


@dataclass(frozen=True)
class Settings:
    db_path: str
    idle_timeout_minutes: int
    municipality: str
    demo_mode: bool
    backup_dir: str  # where backups go; by default a folder beside the database file
    auto_backup: bool  # a background job takes a backup each day while the app runs
    # The ombudsman office's phone and e-mail, printed in the minutes of dialogue meetings ("" = none).
    ombudsman_phone: str = ""
    ombudsman_email: str = ""
    # Local accounts. The roles that must log in with a second factor (TOTP); None: every role that has a
    # case-reading permission (reviews.services.second_factor.required_roles works that out).
    second_factor_roles: frozenset[str] | None = None
    lockout_attempts: int = 5  # failed passwords or codes in a row before the account is locked
    lockout_minutes: int = 15
    # Behind the reverse proxy (deploy/nginx.conf) every request comes from the proxy: trust its X-Real-IP
    # header for the client address that slows repeated failed logins. Only where the proxy sets it.
    trust_proxy_headers: bool = False
    # The access review (pages/access_review.py) reminds the administrator when the last one is older than this.
    access_review_months: int = 6
    # Sessions: a login lasts at most this long, however active (idle_timeout_minutes ends an unused one).
    session_hours: int = 12
    # The key that signs session cookies. Empty: a random key kept in the database (shared by every app
    # process on it). Set REVIEWS_SECRET_KEY to keep sessions valid across a restore from another system.
    secret_key: str = ""
    # Session cookies only over HTTPS ("Secure"). Behind the TLS proxy this is on; off for localhost.
    secure_cookies: bool = False
    # Single sign-on (OpenID Connect through st.login; the provider is in .streamlit/secrets.toml). The lowest
    # NSIS assurance level the provider's `acr` claim may name: low, substantial or high ("none": no check).
    sso_min_level: str = "substantial"
    # The claim that lists the person's groups, and groups that give a first-seen identity its role at once
    # (REVIEWS_SSO_GROUP_ROLES="GG-Taskforce=reviewer,GG-Borgerraadgiver=ombudsman"). Without a match an
    # administrator assigns the role.
    sso_groups_claim: str = "groups"
    sso_group_roles: tuple[tuple[str, str], ...] = ()
    # An ID token opens a session only this soon after the provider issued it, and only once.
    sso_fresh_minutes: int = 10


def default_backup_dir(db_path: str) -> str:
    if db_path.startswith(":memory:") or not db_path:
        return str(PROJECT_ROOT / "data" / "backups")
    return str(Path(db_path).resolve().parent / "backups")


def backup_dir_for(db_path: str) -> str:
    return os.environ.get("REVIEWS_BACKUP_DIR") or default_backup_dir(db_path)


def _role_names(raw: str | None) -> frozenset[str] | None:
    """REVIEWS_SECOND_FACTOR_ROLES: comma-separated role names (administrator, chair, reviewer, ombudsman,
    reader); "none" for none; unset or empty for the default."""
    if raw is None or not raw.strip():
        return None
    if raw.strip().lower() == "none":
        return frozenset()
    return frozenset(part.strip().lower() for part in raw.split(",") if part.strip())


def _group_roles(raw: str | None) -> tuple[tuple[str, str], ...]:
    """REVIEWS_SSO_GROUP_ROLES: comma-separated group=role pairs; a pair without "=" is ignored."""
    pairs = []
    for part in (raw or "").split(","):
        group, sep, role = part.partition("=")
        if sep and group.strip() and role.strip():
            pairs.append((group.strip(), role.strip().lower()))
    return tuple(pairs)


def load_settings() -> Settings:
    db_path = os.environ.get("REVIEWS_DB", str(DEFAULT_DB_PATH))
    demo_mode = os.environ.get("REVIEWS_DEMO", "1") == "1"
    return Settings(
        db_path=db_path,
        idle_timeout_minutes=int(os.environ.get("REVIEWS_IDLE_MINUTES", "30")),
        municipality=os.environ.get("REVIEWS_MUNICIPALITY", "Eksempel Kommune"),
        demo_mode=demo_mode,
        backup_dir=backup_dir_for(db_path),
        auto_backup=os.environ.get("REVIEWS_AUTO_BACKUP", "1") == "1",
        ombudsman_phone=os.environ.get("REVIEWS_OMBUDSMAN_PHONE", DEMO_OMBUDSMAN_PHONE if demo_mode else "").strip(),
        ombudsman_email=os.environ.get("REVIEWS_OMBUDSMAN_EMAIL", DEMO_OMBUDSMAN_EMAIL if demo_mode else "").strip(),
        second_factor_roles=_role_names(os.environ.get("REVIEWS_SECOND_FACTOR_ROLES")),
        lockout_attempts=max(1, int(os.environ.get("REVIEWS_LOCKOUT_ATTEMPTS", "5"))),
        lockout_minutes=max(1, int(os.environ.get("REVIEWS_LOCKOUT_MINUTES", "15"))),
        trust_proxy_headers=os.environ.get("REVIEWS_TRUST_PROXY", "0") == "1",
        access_review_months=max(1, int(os.environ.get("REVIEWS_ACCESS_REVIEW_MONTHS", "6"))),
        session_hours=max(1, int(os.environ.get("REVIEWS_SESSION_HOURS", "12"))),
        secret_key=os.environ.get("REVIEWS_SECRET_KEY", ""),
        secure_cookies=os.environ.get("REVIEWS_SECURE_COOKIES", "0") == "1",
        sso_min_level=os.environ.get("REVIEWS_SSO_MIN_LEVEL", "substantial").strip().lower() or "substantial",
        sso_groups_claim=os.environ.get("REVIEWS_SSO_GROUPS_CLAIM", "groups").strip() or "groups",
        sso_group_roles=_group_roles(os.environ.get("REVIEWS_SSO_GROUP_ROLES")),
        sso_fresh_minutes=max(1, int(os.environ.get("REVIEWS_SSO_FRESH_MINUTES", "10"))),
    )
