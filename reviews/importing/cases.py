"""Column mapping and row validation for case imports (pure pandas, no database).

All checks run column-wise on the whole frame; Python loops only touch rows that
have a problem or a CPR candidate, so 100,000-row files validate in well under a
second. Each rule is one function over the parsed columns (`CASE_RULES`, in the
order their problems are listed within a row).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from reviews.importing import columns as shared
from reviews.importing.columns import Check, RowProblem, cut, fold
from reviews.importing.reader import ROW_NUMBER
from reviews.importing.template import (
    CASE_STATUSES,
    DEFAULT_STATUS,
    EVENT_TYPES,
    REQUIRED_COLUMNS,
    TEMPLATE_COLUMNS,
)
from reviews.privacy.cpr import CPR_MASK, mask_cpr_series

TEXT_LIMIT = 100_000
MIN_YEAR, MAX_YEAR = 1900, 2100
DEFAULT_EVENT_TYPE = "andet"
_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default "str"

# C0 controls other than tab, LF and CR, plus the non-characters U+FFFE/U+FFFF:
# XML 1.0 cannot hold them (Word export would fail). Escapes work in re and RE2.
_XML_INVALID = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\ufffe\uffff]"
_DATE_RE = (
    r"^(?:(?P<d>[0-9]{1,2})[-./](?P<m>[0-9]{1,2})[-./](?P<y>[0-9]{4})"
    r"|(?P<y2>[0-9]{4})-(?P<m2>[0-9]{1,2})-(?P<d2>[0-9]{1,2})"
    r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?)$"
)
_DATE_MATCH = re.compile(_DATE_RE).match

# Header aliases, compared after columns.norm_header (see suggest_mapping).
_ALIASES: dict[str, tuple[str, ...]] = {
    "Pseudonym": ("pseudonym", "sag", "sagsnavn", "familie", "sagspseudonym", "alias"),
    "Område": ("omrade", "afdeling", "forvaltning", "fagomrade", "area"),
    "Oprettet": ("oprettet", "oprettelsesdato", "opretdato", "datooprettet", "sagoprettet", "startdato", "opened"),
    "Lukket": ("lukket", "lukkedato", "datolukket", "afsluttet", "slutdato", "closed"),
    "Status": ("status", "sagsstatus"),
    "Resumé": ("resume", "sagsresume", "opsummering", "summary"),
    "Hændelsesdato": ("haendelsesdato", "dato", "date"),
    "Hændelsestype": ("haendelsestype", "type"),
    "Hændelsestekst": ("haendelsestekst", "tekst", "beskrivelse", "notat", "note", "text", "bemaerkning"),
}



class ValidRows(NamedTuple):
    """Cases and events from rows without problems (same columns as in the result)."""

    cases: pd.DataFrame
    events: pd.DataFrame


@dataclass(frozen=True, eq=False)  # eq would compare DataFrames, which is ambiguous
class ValidationResult:
    """Outcome of ``validate_rows``.

    ``cases``/``events`` hold every row that names a case, with invalid values
    left empty; ``valid_only()`` rebuilds them from rows without problems.
    ``rows`` is the cleaned per-row data (index = row number), kept for previews.
    """

    cases: pd.DataFrame
    events: pd.DataFrame
    problems: list[RowProblem]
    bad_rows: set[int]
    masked_cpr: int
    total_rows: int
    rows: pd.DataFrame = field(repr=False)

    @property
    def is_blocked(self) -> bool:
        """True if nothing can be imported (a required column is not mapped)."""
        return shared.is_blocked(self.problems)

    def valid_only(self) -> ValidRows:
        """Cases and events built only from rows without problems.

        A case's fields come from its first valid value among its good rows, so a
        bad row never contributes to a case.
        """
        if self.is_blocked:
            return ValidRows(_empty_cases(), _empty_events())
        good = self.rows[~self.rows.index.isin(list(self.bad_rows))]
        return ValidRows(_build_cases(good), _build_events(good))


# --- mapping ---------------------------------------------------------------------


def suggest_mapping(columns: list[str]) -> dict[str, str | None]:
    """Best source column for each template column (or None): see `columns.suggest_mapping`."""
    return shared.suggest_mapping(columns, TEMPLATE_COLUMNS, _ALIASES)


# --- validation ------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Columns:
    """The file's cells under the template's names (cleaned, CPR-masked), parsed: what the rules read."""

    src: dict[str, str | None]  # template column -> the user's column
    pseudonym: pd.Series  # as written (trimmed)
    area: pd.Series
    opened_raw: pd.Series
    closed_raw: pd.Series
    status_raw: pd.Series
    summary: pd.Series
    date_raw: pd.Series
    type_raw: pd.Series
    text: pd.Series
    blank: np.ndarray  # rows with nothing in any template column
    cpr_pseudonym: np.ndarray
    named: np.ndarray  # rows that name a case
    has_event: np.ndarray
    opened: pd.Series
    bad_opened: np.ndarray
    closed: pd.Series
    bad_closed: np.ndarray
    event_date: pd.Series
    bad_event_date: np.ndarray
    status: pd.Series
    bad_status: np.ndarray
    event_type: pd.Series
    bad_type: np.ndarray
    group: pd.Series  # the case key of each named row (pseudonym, case and spacing ignored)
    group_codes: np.ndarray  # the case of each row as a number 0..group_count-1, -1 for rows not named
    group_count: int

    def first_at(self, present: np.ndarray) -> np.ndarray:
        """For each row, the position of the first row of its case where `present` holds; -1 when there is
        none or the row names no case (what ``groupby(group).transform("first")`` picks, without pandas'
        per-call grouping)."""
        first = np.full(self.group_count + 1, -1, dtype=np.int64)  # the extra slot answers code -1
        rows = np.flatnonzero(present & (self.group_codes >= 0))[::-1]  # reversed: the first is written last
        first[self.group_codes[rows]] = rows
        return first[self.group_codes]

    def first(self, values: pd.Series) -> pd.Series:
        """Each row's case's first non-empty value of `values` (NA without one): transform("first")."""
        return _take(values, self.first_at(values.notna().to_numpy()))


def _read_columns(masked: dict[str, pd.Series], mapping: Mapping[str, str | None], index: pd.Index) -> _Columns:
    def column(template: str) -> pd.Series:
        source = mapping.get(template)
        if not source:
            return pd.Series(np.nan, index=index, dtype="str")
        return _clean(masked[source], index)

    pseudonym = column("Pseudonym")
    area = column("Område")
    opened_raw, closed_raw = column("Oprettet"), column("Lukket")
    status_raw, summary = column("Status"), column("Resumé")
    date_raw, type_raw, text = column("Hændelsesdato"), column("Hændelsestype"), column("Hændelsestekst")

    all_cols = [pseudonym, area, opened_raw, closed_raw, status_raw, summary, date_raw, type_raw, text]
    blank = np.logical_and.reduce([c.isna().to_numpy() for c in all_cols])
    # A masked CPR as pseudonym would merge unrelated families into one case.
    cpr_pseudonym = pseudonym.str.contains(CPR_MASK, regex=False, na=False).to_numpy() & ~blank
    named = pseudonym.notna().to_numpy() & ~blank & ~cpr_pseudonym

    opened, bad_opened = _parse_dates(opened_raw)
    closed, bad_closed = _parse_dates(closed_raw)
    event_date, bad_event_date = _parse_dates(date_raw)
    status, bad_status = _lookup(status_raw, CASE_STATUSES)
    event_type, bad_type = _lookup(type_raw, EVENT_TYPES)

    has_event = (date_raw.notna() | type_raw.notna() | text.notna()).to_numpy()
    event_type = event_type.where(~(has_event & event_type.isna().to_numpy() & ~bad_type), DEFAULT_EVENT_TYPE)
    # One case per pseudonym regardless of case and spacing ("familie  17" is "Familie 17").
    group = _map_distinct(pseudonym, lambda v: " ".join(v.lower().split())).where(named)
    group_codes, group_keys = pd.factorize(group)
    return _Columns(
        {t: mapping.get(t) for t in TEMPLATE_COLUMNS}, pseudonym, area, opened_raw, closed_raw, status_raw,
        summary, date_raw, type_raw, text, blank, cpr_pseudonym, named, has_event, opened, bad_opened, closed,
        bad_closed, event_date, bad_event_date, status, bad_status, event_type, bad_type, group,
        group_codes.astype(np.int64), len(group_keys))


# --- the rules (each yields its checks; CASE_RULES lists them in message order) ---


def _missing_pseudonym(c: _Columns) -> Iterator[Check]:
    yield Check(~c.blank & c.pseudonym.isna().to_numpy(), c.src["Pseudonym"], "import.row.missing_pseudonym")


def _cpr_in_pseudonym(c: _Columns) -> Iterator[Check]:
    yield Check(c.cpr_pseudonym, c.src["Pseudonym"], "import.row.cpr_in_pseudonym")


def _bad_dates(c: _Columns) -> Iterator[Check]:
    for template, raw, bad in (
        ("Oprettet", c.opened_raw, c.bad_opened),
        ("Lukket", c.closed_raw, c.bad_closed),
        ("Hændelsesdato", c.date_raw, c.bad_event_date),
    ):
        yield Check(bad, c.src[template], "import.row.bad_date",
                    lambda i, raw=raw, name=c.src[template]: {"value": cut(raw.iat[i]), "column": name})


def _unknown_status(c: _Columns) -> Iterator[Check]:
    yield Check(c.bad_status, c.src["Status"], "import.row.unknown_status",
                lambda i: {"value": cut(c.status_raw.iat[i])})


def _unknown_event_type(c: _Columns) -> Iterator[Check]:
    yield Check(c.bad_type, c.src["Hændelsestype"], "import.row.unknown_event_type",
                lambda i: {"value": cut(c.type_raw.iat[i])})


def _event_without_date(c: _Columns) -> Iterator[Check]:
    yield Check(c.has_event & c.date_raw.isna().to_numpy(), c.src["Hændelsesdato"], "import.row.event_without_date")


def _text_too_long(c: _Columns) -> Iterator[Check]:
    for template, series in (
        ("Pseudonym", c.pseudonym), ("Område", c.area), ("Resumé", c.summary), ("Hændelsestekst", c.text),
    ):
        lengths = series.str.len().fillna(0).to_numpy()
        yield Check(lengths > TEXT_LIMIT, c.src[template], "import.row.text_too_long",
                    lambda i, n=lengths, name=c.src[template]: {"column": name, "limit": TEXT_LIMIT,
                                                                "length": int(n[i])})


def _conflicting_case_fields(c: _Columns) -> Iterator[Check]:
    # Case fields repeat on each row (or only the first): later values must agree.
    for template, key_values, raw in (
        ("Område", c.area, c.area),
        ("Oprettet", c.opened, c.opened_raw),
        ("Lukket", c.closed, c.closed_raw),
        ("Status", c.status, c.status_raw),
        ("Resumé", c.summary, c.summary),
    ):
        # Equal values have equal codes: comparing codes spares copying the (long) texts.
        codes = pd.factorize(key_values)[0]
        present = codes >= 0
        at = c.first_at(present)
        conflict = c.named & present & (codes != codes[np.maximum(at, 0)])
        yield Check(conflict, c.src[template], "import.row.conflicting_case_fields",
                    lambda i, raw=raw, at=at, name=c.src[template]: {
                        "column": name, "value": cut(raw.iat[i]), "first_value": cut(raw.iat[at[i]])})


def _closed_before_opened(c: _Columns) -> Iterator[Check]:
    # Within one row, or between the case's first opened and first closed values, reported once, on the
    # later of the two rows.
    opened, closed = c.opened.to_numpy(), c.closed.to_numpy()  # datetime64, NaT never compares true
    opened_at = c.first_at(~np.isnat(opened))
    closed_at = c.first_at(~np.isnat(closed))
    first_opened = np.where(opened_at >= 0, opened[np.maximum(opened_at, 0)], np.datetime64("NaT"))
    first_closed = np.where(closed_at >= 0, closed[np.maximum(closed_at, 0)], np.datetime64("NaT"))
    own_reversed = closed < opened
    later = np.where((opened_at >= 0) & (closed_at >= 0), np.maximum(opened_at, closed_at), -1)
    case_reversed = (first_closed < first_opened) & (np.arange(len(opened)) == later)
    yield Check(c.named & (own_reversed | case_reversed), c.src["Lukket"] or c.src["Oprettet"],
                "import.row.closed_before_opened",
                lambda i: {"opened": _iso(opened[i] if own_reversed[i] else first_opened[i]),
                           "closed": _iso(closed[i] if own_reversed[i] else first_closed[i])})


CASE_RULES: tuple[Callable[[_Columns], Iterator[Check]], ...] = (
    _missing_pseudonym,
    _cpr_in_pseudonym,
    _bad_dates,
    _unknown_status,
    _unknown_event_type,
    _event_without_date,
    _text_too_long,
    _conflicting_case_fields,
    _closed_before_opened,
)


def validate_rows(df: pd.DataFrame, mapping: Mapping[str, str | None]) -> ValidationResult:
    """Validate a frame from ``read_table`` against the template via ``mapping``.

    Row numbers come from the frame's ``row_number`` index (as set by
    ``read_table``: header = row 1, CSV rows counted as records, not lines);
    for any other index the first row is taken as row 2.

    Every cell of every column is CPR-masked first; the count is ``masked_cpr``.

    Raises:
        ValueError: ``mapping`` names a column that is not in ``df``.
    """
    shared.check_mapping(df, mapping)
    row_numbers = shared.row_numbers(df)
    index = pd.Index(row_numbers, name=ROW_NUMBER)

    # CPR masking comes before anything else, on all columns (mapped or not).
    masked_cpr = 0
    masked: dict[str, pd.Series] = {}
    for position, name in enumerate(df.columns):
        masked[name], count = mask_cpr_series(df.iloc[:, position])
        masked_cpr += count

    missing = shared.missing_required(mapping, REQUIRED_COLUMNS)
    if missing:
        return ValidationResult(
            _empty_cases(), _empty_events(), missing, set(row_numbers.tolist()),
            masked_cpr, len(df), shared.empty_rows(),
        )

    c = _read_columns(masked, mapping, index)
    problems = shared.collect_problems((check for rule in CASE_RULES for check in rule(c)), row_numbers)
    bad_rows = {p.row_number for p in problems}

    # The first spelling in the file names the case.
    pseudonym = c.first(c.pseudonym).where(c.named, c.pseudonym)
    rows = pd.DataFrame(
        {
            "pseudonym": pseudonym,
            "area": c.area,
            "opened": c.opened,
            "closed": c.closed,
            "status": c.status,
            "summary": c.summary,
            "event_date": c.event_date,
            "event_type": c.event_type,
            "text": c.text,
            "has_event": c.has_event,
        },
        index=index,
    )[c.named]
    return ValidationResult(
        cases=_build_cases(rows),
        events=_build_events(rows),
        problems=problems,
        bad_rows=bad_rows,
        masked_cpr=masked_cpr,
        total_rows=len(df),
        rows=rows,
    )


# --- helpers ---------------------------------------------------------------------


def _as_str(series: pd.Series) -> pd.Series:
    """Any column -> arrow-backed str dtype (NaN for missing, as read_table gives);
    dates (e.g. Excel datetime cells) become ISO text."""
    if series.dtype == _STR and series.dtype.storage == "pyarrow":
        return series
    if isinstance(series.dtype, pd.StringDtype):
        return series.astype(object).where(series.notna(), None).astype(_STR)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series.dt.strftime("%Y-%m-%d").astype(_STR)

    def convert(value: Any) -> Any:
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    return series.map(convert).astype(_STR)


def _clean(series: pd.Series, index: pd.Index) -> pd.Series:
    """Strip XML-invalid controls, unify line breaks, trim; blank -> NA."""
    out = _as_str(series).set_axis(index)
    # One scan finds both kinds of fix-up; most columns need neither.
    if _needs_fixup(out):
        out = out.str.replace(_XML_INVALID, "", regex=True)
        out = out.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
    out = out.str.strip()
    return out.where(out != "")


def _needs_fixup(series: pd.Series) -> bool:
    """True if a cell may hold a character `_clean` removes or a CR. Read from the UTF-8 bytes of the arrow
    buffers (a byte below 0x20 is always that control character; U+FFFE/U+FFFF are EF BF BE/BF); a
    superset is harmless, as the fix-up then changes nothing."""
    array = pa.array(series.array)
    for chunk in array.chunks if isinstance(array, pa.ChunkedArray) else [array]:
        data_buf = chunk.buffers()[2] if len(chunk) else None
        if data_buf is None:
            continue
        data = np.frombuffer(data_buf, dtype=np.uint8)
        low = data < 0x20
        if low.any() and (low & (data != 0x09) & (data != 0x0A)).any():
            return True
        lead = np.flatnonzero(data[:-2] == 0xEF)
        if lead.size and ((data[lead + 1] == 0xBF) & (data[lead + 2] >= 0xBE)).any():
            return True
    return False


def _parse_dates(raw: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Parse dd-mm-yyyy (also . and /), yyyy-mm-dd (optionally with a time).

    Returns (datetime64 series with NaT, mask of non-empty cells that are not a
    real date, e.g. 31-02-2024 or year 0024). Only distinct values are parsed:
    a date column has a few thousand of them even in a 100,000-row file.
    """
    codes, uniques = pd.factorize(raw)
    parsed_uniques = np.array([_parse_date(v) for v in uniques], dtype="datetime64[s]")
    parsed = np.full(len(raw), np.datetime64("NaT"), dtype="datetime64[s]")
    present = codes >= 0
    parsed[present] = parsed_uniques[codes[present]]
    bad = present & np.isnat(parsed)
    return pd.Series(parsed, index=raw.index), bad


def _parse_date(value: str) -> np.datetime64:
    match = _DATE_MATCH(value)
    if match is None:
        return np.datetime64("NaT")
    day, month, year = match.group("d", "m", "y")
    if year is None:
        day, month, year = match.group("d2", "m2", "y2")
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        return np.datetime64("NaT")
    try:
        return np.datetime64(dt.date(int(year), int(month), int(day)), "s")
    except ValueError:  # 31-02, month 13 ...
        return np.datetime64("NaT")


def _lookup(raw: pd.Series, allowed: tuple[str, ...]) -> tuple[pd.Series, np.ndarray]:
    """Map values to the canonical ``allowed`` spelling, ignoring case, spacing and
    Danish letter variants; returns (canonical or NA, mask of unknown values)."""
    canonical = {_norm_token(v): v for v in allowed}
    mapped = _map_distinct(raw, lambda v: canonical.get(_norm_token(v)))
    bad = raw.notna().to_numpy() & mapped.isna().to_numpy()
    return mapped, bad


def _map_distinct(raw: pd.Series, func: Callable[[str], str | None]) -> pd.Series:
    """``func`` applied to each distinct value only (these columns repeat a few
    values over many rows); NA stays NA. Returns str dtype."""
    codes, uniques = pd.factorize(raw)
    dictionary = pa.array([func(value) for value in uniques], type=pa.string())
    indices = pa.array(codes, mask=codes < 0)
    decoded = pa.DictionaryArray.from_arrays(indices, dictionary).dictionary_decode()
    return pd.Series(decoded, index=raw.index, dtype=_STR)


def _norm_token(value: str) -> str:
    return " ".join(fold(value).split())


def _take(values: pd.Series, at: np.ndarray) -> pd.Series:
    """`values` at the positions `at`, NA where `at` is -1, on the index of `values`."""
    taken = values.iloc[np.maximum(at, 0)] if len(values) else values
    return taken.set_axis(values.index).where(at >= 0)


def _iso(value: Any) -> str:
    return pd.Timestamp(value).date().isoformat()


def _to_dates(series: pd.Series) -> pd.Series:
    """datetime64 -> object column of datetime.date, None for missing."""
    values = series.to_numpy(dtype="datetime64[D]").astype(object)  # NaT -> None
    return pd.Series(values, index=series.index, dtype=object)


_CASE_COLUMNS = ["pseudonym", "area", "opened", "closed", "status", "summary"]
_EVENT_COLUMNS = ["pseudonym", "event_date", "event_type", "text", "row_number"]


def _empty_cases() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in _CASE_COLUMNS})


def _empty_events() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in _EVENT_COLUMNS})
    return frame.astype({"row_number": "int64"})


def _build_cases(rows: pd.DataFrame) -> pd.DataFrame:
    """One case per pseudonym (first appearance order); each field is its first
    non-empty value; status defaults to ``åben``."""
    if rows.empty:
        return _empty_cases()
    first = rows.groupby("pseudonym", sort=False)[["area", "opened", "closed", "status", "summary"]].first()
    first = first.reset_index()
    return pd.DataFrame(
        {
            "pseudonym": first["pseudonym"],
            "area": first["area"],
            "opened": _to_dates(first["opened"]),
            "closed": _to_dates(first["closed"]),
            "status": first["status"].fillna(DEFAULT_STATUS),
            "summary": first["summary"],
        }
    )


def _build_events(rows: pd.DataFrame) -> pd.DataFrame:
    events = rows[rows["has_event"]]
    if events.empty:
        return _empty_events()
    # reset_index keeps the arrow-backed strings; to_numpy would copy into objects.
    return pd.DataFrame(
        {
            "pseudonym": events["pseudonym"].reset_index(drop=True),
            "event_date": _to_dates(events["event_date"]).reset_index(drop=True),
            "event_type": events["event_type"].reset_index(drop=True),
            "text": events["text"].reset_index(drop=True),
            "row_number": pd.Series(events.index.to_numpy(dtype=np.int64)),
        }
    )
