"""Cleaning free text before it is stored: control characters out, CPR numbers masked, length capped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviews.errors import ValidationError
from reviews.privacy.cpr import mask_cpr

MAX_TEXT = 100_000
# XML 1.0 cannot hold these (Word export would fail later); keep tab and line breaks.
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def strip_control(text: str) -> str:
    return _INVALID_CHARS.sub("", text)


@dataclass
class CleanText:
    """Collects the CPR numbers masked across the fields of one save."""

    masked: int = 0

    def __call__(self, value: str | None, field: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
        text = strip_control(value or "").strip()
        if required and not text:
            raise ValidationError("error.required", field=field)
        if len(text) > max_length:
            raise ValidationError("error.too_long", field=field, limit=max_length, length=len(text))
        text, count = mask_cpr(text)
        self.masked += count
        return text


def clean_label(value: str | None, limit: int = 255) -> str:
    """A name we record but do not validate (an upload's file name): no control characters, CPR
    numbers masked, cut to `limit` characters."""
    text, _ = mask_cpr(strip_control(value or "").strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"
