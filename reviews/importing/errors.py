"""Errors raised while reading an import file."""

from __future__ import annotations

from reviews.errors import ValidationError


class ImportFileError(ValidationError):
    """The file as a whole cannot be imported (too large, not a table, a wrong encoding, ...).

    A domain error like the others: ``key`` is an i18n message key (e.g. ``import.error.too_large``) and
    ``params`` its substitution values, so every page and the command line show it in the user's language.
    """

    def __init__(self, key: str, **params) -> None:
        super().__init__(key, **params)

    def __str__(self) -> str:
        return f"{self.key} {self.params}" if self.params else self.key
