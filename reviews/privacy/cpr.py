"""Detection and masking of Danish CPR numbers in free text.

A CPR number is DDMMYY-SSSS. The century follows from the first serial digit
(digit 7) and YY. Since 2007 numbers need not satisfy the modulus-11 check, so
every valid birth date followed by four digits is a hit; modulus 11 only ranks
(``CprHit.mod11_valid``). Over-masking is preferred to missing a number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

CPR_MASK = "[CPR fjernet]"

# Dashes as typed, and as Word's autocorrect leaves them (en dash, non-breaking hyphen).
_DASH = "-\u2010\u2011\u2013"
# Separator between the date groups (DD MM YY): space, no-break space, dot, slash, dash.
# Non-raw strings: the pattern holds the characters themselves, as RE2 has no \u.
_DATE_SEP = f"[{_DASH} \u00a0./]"  # dashes first: a "-" later in a class makes a range
# Separator before the serial: the same, or a dash with a space on either side.
_SERIAL_SEP = f"(?:[ \u00a0]?[{_DASH}][ \u00a0]?|[ \u00a0./])"

# The two date separators must agree ("01.02.03", "01 02 03", "010203"), which keeps
# ordinary number sequences like "12.34 56" out. [0-9] rather than \d: Python's \d
# also matches non-ASCII digits that int() would then accept.
_CPR_RE = re.compile(
    rf"(?<![0-9])([0-9]{{2}})({_DATE_SEP}?)([0-9]{{2}})\2([0-9]{{2}}){_SERIAL_SEP}?([0-9]{{4}})(?![0-9])"
)
# Cheap superset of _CPR_RE without lookarounds or back-references, so pandas can
# run it through pyarrow's RE2 engine on whole columns.
_PREFILTER = rf"[0-9]{{2}}{_DATE_SEP}?[0-9]{{2}}{_DATE_SEP}?[0-9]{{2}}{_SERIAL_SEP}?[0-9]{{4}}"

_MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


@dataclass(frozen=True)
class CprHit:
    """One CPR number found in a text; ``start``/``end`` are string offsets."""

    start: int
    end: int
    text: str
    birth_date: dt.date
    mod11_valid: bool


def _century_year(yy: int, digit7: int) -> int:
    """Full birth year from YY and the first serial digit (CPR office rules)."""
    if digit7 <= 3:
        return 1900 + yy
    if digit7 in (4, 9):
        return 2000 + yy if yy <= 36 else 1900 + yy
    # 5-8
    return 2000 + yy if yy <= 57 else 1800 + yy


def _birth_date(dd: str, mm: str, yy: str, serial: str) -> dt.date | None:
    try:
        return dt.date(_century_year(int(yy), int(serial[0])), int(mm), int(dd))
    except ValueError:
        return None


def _mod11(digits: str) -> bool:
    return sum(int(d) * w for d, w in zip(digits, _MOD11_WEIGHTS)) % 11 == 0


def find_cpr(text: str) -> list[CprHit]:
    """All CPR numbers in ``text``, left to right, non-overlapping."""
    hits: list[CprHit] = []
    pos = 0
    while True:
        m = _CPR_RE.search(text, pos)
        if m is None:
            return hits
        dd, _sep, mm, yy, serial = m.groups()
        born = _birth_date(dd, mm, yy, serial)
        if born is None:
            # Not a date here; a valid candidate may still start inside this match.
            pos = m.start() + 1
            continue
        hits.append(CprHit(m.start(), m.end(), m.group(0), born, _mod11(dd + mm + yy + serial)))
        pos = m.end()


def contains_cpr(text: str) -> bool:
    """True if ``text`` holds at least one CPR number."""
    return bool(find_cpr(text))


def mask_cpr(text: str) -> tuple[str, int]:
    """Replace every CPR number with ``CPR_MASK``; returns (new_text, count)."""
    hits = find_cpr(text)
    if not hits:
        return text, 0
    parts: list[str] = []
    last = 0
    for hit in hits:
        parts.append(text[last : hit.start])
        parts.append(CPR_MASK)
        last = hit.end
    parts.append(text[last:])
    return "".join(parts), len(hits)


def mask_cpr_series(series: pd.Series) -> tuple[pd.Series, int]:
    """Mask CPR numbers in every string cell of ``series``; returns (new_series, count).

    A vectorised regex prefilter picks candidate cells; only those get the exact
    Python check. Missing values stay as they are; non-string cells are examined
    via ``str()`` and, if they hold a CPR number, replaced by the masked string.
    """
    if isinstance(series.dtype, pd.StringDtype):
        # Fast path: the whole column goes through the (pyarrow) regex engine.
        texts = series
        candidate = series.str.contains(_PREFILTER, regex=True, na=False).to_numpy(dtype=bool)
    else:
        present = series.notna().to_numpy(dtype=bool)
        texts = series.astype(object).where(present, "").astype(str)
        candidate = present & texts.str.contains(_PREFILTER, regex=True).to_numpy(dtype=bool)
    if not candidate.any():
        return series.copy(), 0

    positions = np.flatnonzero(candidate)
    total = 0
    replaced: dict[int, str] = {}
    for pos, text in zip(positions, texts.iloc[positions].tolist()):
        new_text, count = mask_cpr(text)
        if count:
            replaced[int(pos)] = new_text
            total += count
    out = series.copy()
    if replaced:
        if not (isinstance(out.dtype, pd.StringDtype) or out.dtype == object):
            out = out.astype(object)
        out.iloc[list(replaced)] = list(replaced.values())
    return out, total
