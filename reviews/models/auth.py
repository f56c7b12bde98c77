"""Records of the login with a second factor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from reviews.models import User


class SecondFactorStep(StrEnum):
    """What follows a correct password."""

    CODE = "kode"  # a code from the authenticator app, or a recovery code
    ENROL = "opsætning"  # the role needs a second factor and the user has none yet


@dataclass(frozen=True)
class PendingLogin:
    """A correct password whose second step has not been taken. Not a login: it opens nothing."""

    user: User
    step: SecondFactorStep
    started_at: dt.datetime
    client: str = ""


@dataclass(frozen=True)
class Enrolment:
    """A new TOTP secret, not yet confirmed by a code from the app."""

    secret: str
    uri: str  # otpauth:// URI, shown as a QR code


@dataclass(frozen=True)
class SecondFactorStatus:
    enrolled: bool
    enrolled_at: dt.datetime | None
    required: bool
    recovery_codes_left: int
