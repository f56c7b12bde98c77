"""Errors raised while reading an import file."""

from __future__ import annotations

from typing import Any


class ImportFileError(Exception):
    """The file as a whole cannot be imported.

    ``key`` is an i18n message key (e.g. ``import.error.too_large``) and ``params``
    its substitution values; the app translates them for the user.
    """

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return f"{self.key} {self.params}" if self.params else self.key
