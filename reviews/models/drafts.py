"""A draft: text typed into a field but not yet saved, kept for its author only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class DraftKind(StrEnum):
    FINDING = "finding"
    LEARNING_POINT = "learning_point"
    MINUTES_ITEM = "minutes_item"


@dataclass(frozen=True)
class Draft:
    kind: str
    record_key: str
    text: str
    saved_at: dt.datetime
    base_version: int | None = None  # the record's version the text was written against; None: a new record
