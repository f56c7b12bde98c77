"""Single sign-on: the municipality's OpenID Connect provider proves who someone is; the workbench decides
what they may do.

Streamlit's `st.login` runs the OpenID Connect flow (state, nonce, PKCE, the ID token's signature,
audience and expiry are checked by Authlib at the callback) and keeps the ID token's claims in its own
identity cookie. `sign_in` turns fresh claims into a workbench login:

- the identity (issuer + subject) is recorded; one seen for the first time gets no access until an
  administrator gives it an account and role (`assign`), or a configured group does at once;
- the assurance level the provider states (`acr`, an NSIS level) must reach the configured minimum;
- an ID token opens one session, and only within `sso_fresh_minutes` of being issued, so Streamlit's
  30-day identity cookie cannot reopen a session that ended (logout, idle timeout, a closed account).

Every refusal is logged (`sso_refused`, with its reason) and raises SsoRefused, whose key is a Danish message.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from reviews import clock
from reviews.config import load_settings
from reviews.errors import NotFound, ValidationError, WorkbenchError
from reviews.models import Role, User
from reviews.models.sso import SsoIdentity
from reviews.services.audit import record
from reviews.services.auth import hash_password
from reviews.services.permissions import requires
from reviews.storage import sso as sso_repo
from reviews.storage import users as users_repo

# NSIS assurance levels in order. Providers name them by URI (…/nsis/loa/Substantial) or by word.
NSIS_LEVELS = ("low", "substantial", "high")
_LEVEL_WORDS = {"low": "low", "lav": "low", "substantial": "substantial", "betydelig": "substantial",
                "high": "high", "høj": "high", "hoej": "high"}
_MAX_CLAIM = 200


class SsoRefused(WorkbenchError):
    """A sign-on that opens nothing; `reason` says why (logged with it)."""

    def __init__(self, reason: str, **params) -> None:
        super().__init__(f"sso.refused.{reason}", **params)
        self.reason = reason


@dataclass(frozen=True)
class SsoClaims:
    """What the workbench reads from an ID token's claims."""

    issuer: str
    subject: str
    token_key: str  # the nonce (or issue time) that makes this token single-use
    issued_at: dt.datetime | None
    name: str
    email: str
    username_hint: str
    groups: tuple[str, ...]
    level: str | None  # an NSIS level, or None when the provider states none we know


def nsis_level(acr: object) -> str | None:
    """The NSIS level an `acr` value names: "low", "substantial", "high", or None."""
    if not isinstance(acr, str) or not acr.strip():
        return None
    word = re.split(r"[/#:]", acr.strip().rstrip("/"))[-1].lower()
    return _LEVEL_WORDS.get(word)


def _text(value: object) -> str:
    return value.strip()[:_MAX_CLAIM] if isinstance(value, str) else ""


def read_claims(claims: dict) -> SsoClaims:
    """The claims Streamlit keeps (st.user), checked for what a sign-on needs."""
    issuer, subject = _text(claims.get("iss")), _text(claims.get("sub"))
    if not issuer or not subject:
        raise SsoRefused("claims")
    issued = claims.get("iat")
    issued_at = (dt.datetime.fromtimestamp(issued, dt.UTC).replace(tzinfo=None)
                 if isinstance(issued, int | float) and not isinstance(issued, bool) else None)
    token_key = _text(claims.get("nonce")) or _text(claims.get("jti")) or (f"iat:{int(issued)}" if issued_at else "")
    raw_groups = claims.get(load_settings().sso_groups_claim)
    if isinstance(raw_groups, str):
        raw_groups = [raw_groups]
    groups = tuple(sorted({_text(g) for g in raw_groups if _text(g)}))[:50] if isinstance(raw_groups, list) else ()
    name = _text(claims.get("name")) or " ".join(
        p for p in (_text(claims.get("given_name")), _text(claims.get("family_name"))) if p)
    return SsoClaims(issuer=issuer, subject=subject, token_key=token_key, issued_at=issued_at, name=name,
                     email=_text(claims.get("email")), username_hint=_text(claims.get("preferred_username")),
                     groups=groups, level=nsis_level(claims.get("acr")))


def level_suffices(level: str | None, minimum: str | None = None) -> bool:
    minimum = (minimum or load_settings().sso_min_level).lower()
    if minimum == "none":
        return True
    wanted = _LEVEL_WORDS.get(minimum, "substantial")
    return level is not None and NSIS_LEVELS.index(level) >= NSIS_LEVELS.index(wanted)


def _role_from_groups(groups: tuple[str, ...]) -> Role | None:
    """The first configured group the person is in names their role (in the order configured)."""
    for group, role in load_settings().sso_group_roles:
        if group in groups and role in {r.value for r in Role}:
            return Role(role)
    return None


def _username_for(cur, hint: str, email: str, subject: str) -> str:
    base = hint or email.split("@")[0] or subject
    base = re.sub(r"[^a-z0-9._-]", "", base.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))[:40]
    base = base or "sso"
    name, n = base, 1
    while users_repo.by_username(cur, name) is not None:
        n += 1
        name = f"{base}-{n}"
    return name


def _new_account(cur, actor: User | None, identity: SsoIdentity, role: Role, username: str) -> User:
    # The account has no usable password: nobody knows this one, so it signs in only through the provider.
    user = users_repo.insert(cur, username=username, full_name=identity.name or identity.email or username,
                             role=role, password_hash=hash_password(secrets.token_urlsafe(32)), language="da",
                             now=clock.now())
    sso_repo.set_user(cur, identity.id, user.id)
    record(cur, actor, "create", record_type="user", record_id=user.id,
           details={"role": role.value, "sso_identity": identity.id})
    return user


def sign_in(db, claims: dict, *, client: str = "") -> User | None:
    """The account that fresh ID-token claims sign in, or None when the claims are not fresh (a token
    that already opened a session, or one issued too long ago: the person signs in again at the provider).
    Raises SsoRefused (logged) when the identity has no account yet, its account is closed, or the
    assurance level is too low."""
    found = read_claims(claims)
    now = clock.now()
    fresh = dt.timedelta(minutes=load_settings().sso_fresh_minutes)
    if not found.token_key or found.issued_at is None or not (now - fresh <= found.issued_at <= now + fresh):
        return None

    def work(cur):
        if not sso_repo.use_token(cur, issuer=found.issuer, subject=found.subject, token_key=found.token_key,
                                  now=now):
            return None, None
        identity = sso_repo.seen(cur, issuer=found.issuer, subject=found.subject, name=found.name,
                                 email=found.email, groups=found.groups, now=now)
        details = {"identity": identity.id, "level": found.level, "client": client[:64]}
        if not level_suffices(found.level):
            record(cur, None, "sso_refused", record_type="sso_identity", record_id=identity.id,
                   details={**details, "reason": "level"})
            return None, "level"
        user = users_repo.by_id(cur, identity.user_id) if identity.user_id is not None else None
        if user is None:
            role = _role_from_groups(found.groups)
            if role is None:
                record(cur, None, "sso_refused", record_type="sso_identity", record_id=identity.id,
                       details={**details, "reason": "pending"})
                return None, "pending"
            user = _new_account(cur, None, identity, role,
                                   _username_for(cur, found.username_hint, found.email, found.subject))
        if not user.active:
            record(cur, user, "sso_refused", record_type="user", record_id=user.id,
                   details={**details, "reason": "inactive"})
            return None, "inactive"
        record(cur, user, "login", record_type="user", record_id=user.id, details={**details, "method": "sso"})
        return user, None

    user, refused = db.write(work)  # a refusal is logged and its token used up in the same transaction
    if refused is not None:
        raise SsoRefused(refused, level=found.level or "-", minimum=load_settings().sso_min_level)
    return user


def record_callback_refused(db, *, error: str = "") -> None:
    """The provider's answer at the callback was refused (a wrong state, signature, audience, nonce, an
    expired token, or an error from the provider): logged for the security officer."""
    db.write(lambda cur: record(cur, None, "sso_refused", record_type="sso_callback",
                                details={"reason": "callback", "error": re.sub(r"[^\w.-]", "", error)[:80]}))


@requires("user.manage")
def pending_identities(db, actor: User) -> list[SsoIdentity]:
    """Identities that signed in at the provider but have no account yet."""
    return sso_repo.pending(db.cursor())


@requires("user.manage")
def identities_of(db, actor: User, user_id: int) -> list[SsoIdentity]:
    return sso_repo.for_user(db.cursor(), user_id)


@requires("user.manage")
def assign(db, actor: User, identity_id: int, *, role: Role | None = None, user_id: int | None = None) -> User:
    """Give a pending identity access: a new account with `role`, or (with `user_id`) an existing account,
    which from then on also signs in through the provider. The person signs in again to use it."""
    if (role is None) == (user_id is None):
        raise ValidationError("sso.error.role_or_account")

    def work(cur) -> User:
        identity = sso_repo.by_id(cur, identity_id)
        if identity is None or identity.user_id is not None:
            raise NotFound("sso.error.no_pending_identity")
        if user_id is not None:
            user = users_repo.by_id(cur, user_id)
            if user is None or not user.active:
                raise NotFound("sso.error.no_such_account")
            sso_repo.set_user(cur, identity.id, user.id)
            record(cur, actor, "sso_linked", record_type="user", record_id=user.id,
                   details={"sso_identity": identity.id})
            return user
        return _new_account(cur, actor, identity, Role(role), _username_for(cur, "", identity.email, identity.subject))

    return db.write(work)
