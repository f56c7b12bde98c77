"""What the case import and the complaint import share about a file's columns and their problems:
header matching, the column mapping's checks, row numbers as the user sees them, and problems collected
from column-wise rules. Pure pandas, no database.

A rule looks at whole columns and yields `Check`s: a boolean mask over the rows, the column to name, the
message key and, lazily, the message's parameters for one row position (only rows with a problem pay).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from reviews.importing.reader import ROW_NUMBER

PARAM_VALUE_CHARS = 100  # values quoted back in messages are cut to this length
MISSING_REQUIRED_COLUMN = "import.missing_required_column"


@dataclass(frozen=True)
class RowProblem:
    """One problem found in the file.

    ``row_number`` is the row as the user sees it (header = 1; for CSV it counts
    records, so a quoted cell with line breaks is still one row). ``column`` is the
    column name in the user's file, or the template name for a missing column.
    """

    row_number: int
    column: str | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)


class Check(NamedTuple):
    """The rows (by position) that break one rule, and how to tell the user."""

    mask: np.ndarray
    column: str | None
    key: str
    params: Callable[[int], dict[str, Any]] | None = None


# --- the template, headers and the column mapping ---------------------------------------------------------------------


def template_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A template as a ``;``-separated UTF-8 CSV with BOM (so Excel shows æøå correctly)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def fold(text: str) -> str:
    """Casefold and fold Danish letters: æ->ae, ø/oe->o, å/aa->a, accents dropped."""
    text = text.casefold().replace("ø", "o").replace("æ", "ae")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("aa", "a").replace("oe", "o")


def norm_header(name: str) -> str:
    """Header key: case, spacing, punctuation and Danish spellings ignored
    ("Hændelses-dato", "haendelsesdato" and "HÆNDELSESDATO" all match)."""
    return re.sub(r"[^0-9a-z]", "", fold(str(name)))


def suggest_mapping(columns: Sequence[str], template_columns: Sequence[str],
                    aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str | None]:
    """Best source column for each template column (or None).

    An exact (normalised) template name beats an alias, earlier aliases beat later
    ones, and every source column is used at most once.
    """
    normalised = [norm_header(c) for c in columns]
    candidates: list[tuple[int, int, int, str]] = []  # (rank, template order, source order, template)
    for t_index, template in enumerate(template_columns):
        keys = (norm_header(template), *aliases.get(template, ()))
        for s_index, norm in enumerate(normalised):
            if norm in keys:
                candidates.append((keys.index(norm), t_index, s_index, template))
    mapping: dict[str, str | None] = dict.fromkeys(template_columns)
    used: set[int] = set()
    for _rank, _t, s_index, template in sorted(candidates):
        if mapping[template] is None and s_index not in used:
            mapping[template] = columns[s_index]
            used.add(s_index)
    return mapping


def check_mapping(df: pd.DataFrame, mapping: Mapping[str, str | None]) -> None:
    """Raises ValueError when `mapping` names a column that is not in `df` (a caller's mistake)."""
    for template, source in mapping.items():
        if source is not None and source not in df.columns:
            raise ValueError(f"mapped column {source!r} for {template!r} is not in the frame")


def missing_required(mapping: Mapping[str, str | None], required: Iterable[str]) -> list[RowProblem]:
    """One problem (on the header row) for each required template column that is not mapped."""
    return [RowProblem(1, c, MISSING_REQUIRED_COLUMN, {"column": c}) for c in required if not mapping.get(c)]


def is_blocked(problems: Iterable[RowProblem]) -> bool:
    """True if nothing can be imported (a required column is not mapped)."""
    return any(p.key == MISSING_REQUIRED_COLUMN for p in problems)


# --- rows ------------------------------------------------------------------------------------------------


def row_numbers(df: pd.DataFrame) -> np.ndarray:
    """The file's row numbers: the ``row_number`` index ``read_table`` sets (header = row 1, CSV rows
    counted as records, not lines); for any other index the first row is taken as row 2."""
    if df.index.name == ROW_NUMBER and pd.api.types.is_integer_dtype(df.index.dtype):
        return df.index.to_numpy(dtype=np.int64)
    return np.arange(2, len(df) + 2, dtype=np.int64)


def empty_rows() -> pd.DataFrame:
    return pd.DataFrame(index=pd.Index([], dtype="int64", name=ROW_NUMBER))


def collect_problems(checks: Iterable[Check], numbers: np.ndarray) -> list[RowProblem]:
    """The problems of `checks`, by row number; within a row in the order of the checks."""
    problems: list[RowProblem] = []
    for mask, column_name, key, params in checks:
        if not mask.any():
            continue
        for i in np.flatnonzero(mask):
            problems.append(RowProblem(int(numbers[i]), column_name, key, params(i) if params else {}))
    problems.sort(key=lambda p: p.row_number)  # stable: check order within a row
    return problems


def cut(value: Any) -> Any:
    """A cell value as quoted back in a message: long text cut, a missing value None."""
    if isinstance(value, str):
        return value[: PARAM_VALUE_CHARS - 1] + "…" if len(value) > PARAM_VALUE_CHARS else value
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value
