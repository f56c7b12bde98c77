"""Detection and masking of Danish CPR numbers in free text.

A CPR number is DDMMYY-SSSS. The century follows from the first serial digit
(digit 7) and YY. Since 2007 numbers need not satisfy the modulus-11 check, so
every valid birth date followed by four digits is a hit; modulus 11 only ranks
(``CprHit.mod11_valid``). Over-masking is preferred to missing a number.

Two halves: our own free-text finder (the pattern below: which characters may
stand between the digit groups, what may stand next to a number) proposes
candidates; python-stdnum's ``stdnum.dk.cpr`` decides per candidate whether the
ten digits hold a birth date (with the century rules) and computes modulus 11.
stdnum's ``validate``/``is_valid`` are not used: they refuse birth dates in the
future, and a mistyped or fictional number in a case note must be masked all the same.

Masking on input (``reviews.text.CleanText``), the import validators and the
export guard (``reviews.exports.guard``) all call this module, so they agree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumValidationError

CPR_MASK = "[CPR fjernet]"

# Dashes as typed and as they arrive pasted from Word, Excel or a PDF: hyphen-minus, hyphen,
# non-breaking hyphen (U+2011), figure dash (U+2012), en dash (Word's autocorrect), em dash,
# minus sign (U+2212). Non-raw strings: the pattern holds the characters themselves, as RE2
# (the pandas prefilter below) has no \u escapes.
_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# Blanks: space, no-break space (Word), thin space (U+2009) and narrow no-break space (U+202F),
# which typesetting and some locales' number formats put between digit groups.
_BLANK = " \u00a0\u2009\u202f"
# Before the serial also a tab: date and serial in two spreadsheet cells, copied and pasted as one
# text. Not between DD, MM and YY: three cells of small numbers followed by a four-digit one are
# more often a row of figures ("10<tab>11<tab>12<tab>2024") than a CPR number.
_SERIAL_BLANK = _BLANK + "\t"
# Separator between the date groups (DD MM YY): a blank, dot, slash or dash.
_DATE_SEP = f"[{_DASH}{_BLANK}./]"  # dashes first: a "-" later in a class makes a range
# Invisible characters that word processors and web pages leave in pasted text: soft hyphen, zero-width
# space, non-joiner and joiner, word joiner, byte-order mark. On screen the number looks whole.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Separator before the serial: the same or a tab, or a dash with one blank or tab on either side,
# with any invisible characters around it.
_SERIAL_SEP = (f"[{_INVISIBLE}]*(?:[{_SERIAL_BLANK}]?[{_DASH}][{_SERIAL_BLANK}]?|[{_SERIAL_BLANK}./])?"
               f"[{_INVISIBLE}]*")

# The two date separators must agree ("01.02.03", "01 02 03", "010203"), which keeps
# ordinary number sequences like "12.34 56" out. [0-9] rather than \d: Python's \d
# also matches non-ASCII digits that int() would then accept.
_CPR_RE = re.compile(
    rf"(?<![0-9])([0-9]{{2}})({_DATE_SEP}?)([0-9]{{2}})\2([0-9]{{2}}){_SERIAL_SEP}([0-9]{{4}})(?![0-9])"
)
# Cheap superset of _CPR_RE without lookarounds or back-references, so pandas can
# run it through pyarrow's RE2 engine on whole columns.
_PREFILTER = rf"[0-9]{{2}}{_DATE_SEP}?[0-9]{{2}}{_DATE_SEP}?[0-9]{{2}}{_SERIAL_SEP}[0-9]{{4}}"


@dataclass(frozen=True)
class CprHit:
    """One CPR number found in a text; ``start``/``end`` are string offsets."""

    start: int
    end: int
    text: str
    birth_date: dt.date
    mod11_valid: bool


def _birth_date(digits: str) -> dt.date | None:
    """The birth date in ten CPR digits (century from digit 7 and YY), None if they hold no date."""
    try:
        return stdnum_cpr.get_birth_date(digits)
    except StdnumValidationError:
        return None


def _mod11(digits: str) -> bool:
    return stdnum_cpr.checksum(digits) == 0


def find_cpr(text: str) -> list[CprHit]:
    """All CPR numbers in ``text``, left to right, non-overlapping."""
    hits: list[CprHit] = []
    pos = 0
    while True:
        m = _CPR_RE.search(text, pos)
        if m is None:
            return hits
        dd, _sep, mm, yy, serial = m.groups()
        digits = dd + mm + yy + serial
        born = _birth_date(digits)
        if born is None:
            # Not a date here; a valid candidate may still start inside this match.
            pos = m.start() + 1
            continue
        hits.append(CprHit(m.start(), m.end(), m.group(0), born, _mod11(digits)))
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

    A vectorised prefilter picks candidate cells; only those get the exact
    Python check. Missing values stay as they are; non-string cells are examined
    via ``str()`` and, if they hold a CPR number, replaced by the masked string.
    """
    out, total, _changed = mask_cpr_cells(series)
    return out, total


def mask_cpr_cells(series: pd.Series) -> tuple[pd.Series, int, np.ndarray]:
    """`mask_cpr_series`, also returning the positions of the cells that were changed (sorted)."""
    if isinstance(series.dtype, pd.StringDtype):
        # Fast path: first the cells with at least ten ASCII digits (every CPR form has ten), counted on
        # the arrow buffers; then the (pyarrow) regex engine on those only.
        texts = series
        positions = _ten_digit_cells(series)
        if positions is None:
            positions = np.arange(len(series))
        if positions.size:
            hit = texts.iloc[positions].str.contains(_PREFILTER, regex=True, na=False).to_numpy(dtype=bool)
            positions = positions[hit]
    else:
        present = series.notna().to_numpy(dtype=bool)
        texts = series.astype(object).where(present, "").astype(str)
        candidate = present & texts.str.contains(_PREFILTER, regex=True).to_numpy(dtype=bool)
        positions = np.flatnonzero(candidate)
    if not positions.size:
        return series.copy(), 0, np.zeros(0, dtype=np.int64)

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
    return out, total, np.fromiter(replaced, dtype=np.int64, count=len(replaced))


def _ten_digit_cells(series: pd.Series) -> np.ndarray | None:
    """Positions of the cells holding at least ten ASCII digits, read from the arrow buffers (UTF-8: a
    byte 0x30-0x39 is always the digit itself); None when the column is not arrow-backed."""
    if getattr(series.dtype, "storage", None) != "pyarrow":
        return None
    array = pa.array(series.array)
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    found: list[np.ndarray] = []
    start = 0
    for chunk in chunks:
        if not pa.types.is_string(chunk.type) and not pa.types.is_large_string(chunk.type):
            return None
        n = len(chunk)
        if n:
            _validity, offsets_buf, data_buf = chunk.buffers()
            wide = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
            offsets = np.frombuffer(offsets_buf, dtype=wide)[chunk.offset : chunk.offset + n + 1]
            lo, hi = int(offsets[0]), int(offsets[-1])
            data = np.frombuffer(data_buf, dtype=np.uint8)[lo:hi] if data_buf is not None and hi > lo else None
            if data is not None:
                # uint8 arithmetic wraps: one comparison tests 0x30 <= b <= 0x39.
                is_digit = (data - np.uint8(0x30)) < 10
                digits = np.flatnonzero(is_digit)
                if digits.size >= 10 and digits.size * 8 > data.size:
                    # Digits everywhere (dates, numbers): count per cell. An empty cell sums one byte of the
                    # next (at most 1), which never reaches ten; the pad keeps trailing empty cells in range.
                    padded = np.concatenate((is_digit, [False]))
                    counts = np.add.reduceat(padded, offsets[:-1] - lo, dtype=np.int32)
                    found.append(np.flatnonzero(counts >= 10) + start)
                elif digits.size >= 10:
                    # Few digits (free text): the cell of each digit; a cell has ten when the digit nine
                    # places on is still in it.
                    cell = np.searchsorted(offsets, digits + lo, side="right") - 1
                    found.append(np.unique(cell[:-9][cell[:-9] == cell[9:]]) + start)
        start += n
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
