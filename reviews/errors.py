"""Domain errors. Each carries a message key and parameters; the UI translates them."""

from __future__ import annotations

from typing import Any


class WorkbenchError(Exception):
    """Base class: `key` names a catalogue message, `params` fill it in."""

    key = "error.generic"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class PermissionDenied(WorkbenchError):
    key = "error.permission_denied"


class NotFound(WorkbenchError):
    key = "error.not_found"


class ValidationError(WorkbenchError):
    key = "error.validation"


class AuthenticationFailed(WorkbenchError):
    key = "error.login_failed"


class LoginRestart(AuthenticationFailed):
    """The login starts again from the password: its second step expired, or the account got locked."""


class StaleVersion(WorkbenchError):
    """Someone saved a newer version first. `current` is that newer record."""

    key = "error.stale_version"

    def __init__(self, current: Any, key: str | None = None, **params: Any) -> None:
        super().__init__(key, **params)
        self.current = current


class DatabaseUnavailable(WorkbenchError):
    key = "error.database_unavailable"


class StorageFull(WorkbenchError):
    """The disk is full: nothing was saved and nothing half-written was left behind."""

    key = "error.storage_full"
