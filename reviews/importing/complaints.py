"""Importing a list of inquiries and complaints (CSV/XLSX): template, column mapping, validation with
CPR masking, and unknown categories reported with a mapping offer. Pure pandas, no database: the known
areas, causes and case pseudonyms are passed in.

Reading is `reviews.importing.reader.read_table` (the case import's reader: encodings, delimiters, XLSX,
zip bombs, row numbers as the user sees them). All checks run column-wise; Python loops only touch the
distinct values of a category column and the rows that have a problem.

Times in the file are Copenhagen wall-clock times (as every Danish system exports them); they are stored
as naive UTC. In the autumn hour that occurs twice the first (summer-time) occurrence is taken, and a time
in the skipped spring hour is read one hour later, as `reviews.analysis.contact_rule.local_to_utc` does.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviews import clock
from reviews.importing import columns as shared
from reviews.importing.columns import Check, RowProblem, cut, fold, template_csv
from reviews.importing.reader import ROW_NUMBER
from reviews.models.ombudsman import Channel, InquiryStatus, InquiryType, Outcome
from reviews.privacy.cpr import mask_cpr_cells

LOCAL_TZ = clock.LOCAL_TZ
MAX_CITIZEN = 80
MAX_ACCOUNT = 4000
MAX_NOTE = 2000
MIN_YEAR, MAX_YEAR = 1990, 2100

TEMPLATE_COLUMNS: list[str] = [
    "Modtaget",
    "Kanal",
    "Område",
    "Type",
    "Borger",
    "Beskrivelse",
    "Årsager",
    "Udfald",
    "Status",
    "Lukket",
    "Første kontakt",
    "Sag",
]
REQUIRED_COLUMNS: tuple[str, ...] = ("Modtaget", "Borger", "Område")
CATEGORY_COLUMNS: tuple[str, ...] = ("Kanal", "Område", "Type", "Udfald", "Status", "Årsager")
DEFAULT_TYPE = InquiryType.COMPLAINT.value
DEFAULT_CHANNEL = Channel.OTHER.value

# Header aliases, compared after columns.norm_header.
_ALIASES: dict[str, tuple[str, ...]] = {
    "Modtaget": ("modtaget", "modtagetdato", "modtagelsestidspunkt", "modtagettidspunkt", "dato", "tidspunkt",
                 "oprettet", "received", "receivedat"),
    "Kanal": ("kanal", "henvendelsesform", "kontaktform", "channel"),
    "Område": ("omrade", "afdeling", "forvaltning", "fagomrade", "area"),
    "Type": ("type", "henvendelsestype", "kategori", "sagstype"),
    "Borger": ("borger", "pseudonym", "borgerpseudonym", "familie", "citizen"),
    "Beskrivelse": ("beskrivelse", "resume", "kortbeskrivelse", "henvendelse", "tekst", "account", "summary"),
    "Årsager": ("arsager", "arsag", "klagearsag", "klagearsager", "causes", "cause"),
    "Udfald": ("udfald", "resultat", "afslutning", "outcome"),
    "Status": ("status",),
    "Lukket": ("lukket", "lukkedato", "afsluttet", "closed"),
    "Første kontakt": ("forstekontakt", "forstedirektekontakt", "kontakt", "kontaktet", "firstcontact"),
    "Sag": ("sag", "sagspseudonym", "case"),
}
# Common spellings of the fixed categories (after _norm_token).
_VALUE_ALIASES: dict[str, dict[str, str]] = {
    "Kanal": {"tlf": "telefon", "telefonisk": "telefon", "mail": "e-mail", "email": "e-mail", "e mail": "e-mail",
              "fremmode": "personligt fremmøde", "personligt": "personligt fremmøde", "personlig henvendelse":
              "personligt fremmøde", "e-boks": "digital post", "eboks": "digital post", "post": "brev"},
    "Type": {"klager": "klage", "egen drift": "egen drift-undersøgelse", "egendrift": "egen drift-undersøgelse",
             "egen drift undersogelse": "egen drift-undersøgelse", "dialog": "dialogmøde",
             "mediation": "mægling"},
    "Udfald": {"lost": "løst gennem dialog", "kritik": "kritik af forvaltningen", "trukket": "trukket tilbage",
               "tilbagetrukket": "trukket tilbage", "ingen": "ingen kritik"},
    "Status": {"aben": "åben", "afsluttet": "lukket", "igang": "under behandling", "i gang": "under behandling",
               "under behandling": "under behandling"},
}
# Dates and times as Danish systems export them: dd-mm-yyyy (also . and /), optionally with a time
# (hh:mm[:ss], also "kl. hh.mm"), or ISO yyyy-mm-dd[ hh:mm[:ss[.fff]]] (e.g. Excel cells). RE2 patterns,
# run by pyarrow on the whole column.
_DMY = (r"^(?P<d>[0-9]{1,2})[-./](?P<m>[0-9]{1,2})[-./](?P<y>[0-9]{4})(?:(?:[ T]+|[ ]+kl\.?[ ]*)"
        r"(?P<H>[0-9]{1,2})[:.](?P<M>[0-9]{2})(?:[:.](?P<S>[0-9]{2})(?:\.[0-9]+)?)?)?$")
_YMD = (r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})(?:[ T](?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})"
        r"(?::(?P<S>[0-9]{2})(?:\.[0-9]+)?)?)?$")
_CAUSE_SPLIT = r"\s*[;|,\n]\s*"
# Zero-padded standard spellings parsed directly: (format, length, day slice, month slice).
_FAST_FORMATS = (
    ("%d-%m-%Y %H:%M", 16, (0, 2), (3, 5)),
    ("%Y-%m-%d %H:%M:%S", 19, (8, 10), (5, 7)),
    ("%d-%m-%Y", 10, (0, 2), (3, 5)),
    ("%Y-%m-%d", 10, (8, 10), (5, 7)),
    ("%Y-%m-%d %H:%M", 16, (8, 10), (5, 7)),
    ("%d-%m-%Y %H:%M:%S", 19, (0, 2), (3, 5)),
)

TEMPLATE_DOC = """\
Én række pr. henvendelse eller klage. Tidspunkter er dansk tid.

- Modtaget (skal udfyldes): dato og klokkeslæt for modtagelsen, fx 03-02-2025 14:05 eller 2025-02-03 14:05. \
Uden klokkeslæt regnes fra kl. 00.00.
- Kanal: telefon, e-mail, brev, personligt fremmøde, digital post eller andet. Tom betyder andet.
- Område (skal udfyldes): forvaltningens område, fx Børn og Familie.
- Type: klage, vejledning, vejvisning, dialogmøde, mægling eller egen drift-undersøgelse. Tom betyder klage.
- Borger (skal udfyldes): pseudonym, fx "Borger 117". Aldrig navn eller CPR-nummer.
- Beskrivelse: kort resumé. CPR-numre fjernes automatisk.
- Årsager: en eller flere fra årsagslisten, adskilt af semikolon eller komma.
- Udfald: løst gennem dialog, henvist, kritik af forvaltningen, ingen kritik, afvist eller trukket tilbage.
- Status: åben, under behandling eller lukket. Tom betyder åben, eller lukket når Lukket er udfyldt.
- Lukket: dato for afslutningen.
- Første kontakt: dato og klokkeslæt for den første direkte kontakt (24-timersreglen).
- Sag: pseudonym på en sag i sagsregistret, hvis klagen hører til en sag.

Ukendte værdier i Kanal, Område, Type, Udfald, Status og Årsager vises samlet, så de kan oversættes til \
listens værdier, før noget importeres.
"""

_EXAMPLE_ROWS = (
    ("03-02-2025 14:05", "telefon", "Børn og Familie", "klage", "Borger 117",
     "Mor klager over, at hun ikke har fået svar på sin ansøgning.", "Manglende svar; Lang sagsbehandlingstid",
     "løst gennem dialog", "lukket", "20-02-2025", "04-02-2025 09:30", "Familie 17"),
    ("2025-02-04 09:12", "e-mail", "Handicap og Psykiatri", "vejledning", "Borger 118",
     "Spørgsmål om klagemuligheder.", "", "henvist", "lukket", "2025-02-04", "", ""),
    ("05-02-2025 16:40", "digital post", "Beskæftigelse", "klage", "Borger 119",
     "Oplever en uvenlig tone på et møde.", "Dårlig behandling/tone", "", "åben", "", "", ""),
)


def template_csv_bytes() -> bytes:
    """The template as a ``;``-separated UTF-8 CSV with BOM (Excel shows æøå correctly)."""
    return template_csv(TEMPLATE_COLUMNS, _EXAMPLE_ROWS)


@dataclass(frozen=True)
class UnknownValue:
    """A value in a category column that is not on the list; `key` identifies it in a value mapping."""

    column: str  # template column
    value: str  # as first written in the file
    key: str  # normalised spelling (case, spacing and Danish letters ignored)
    rows: int  # rows with it
    first_row: int
    suggestion: str | None  # the closest allowed value, if any is close


@dataclass(frozen=True)
class ComplaintValidation:
    """Outcome of `validate_complaints`: cleaned rows (index = row number), their causes, the problems,
    and the unknown category values with suggestions."""

    rows: pd.DataFrame
    causes: pd.DataFrame  # row_number, cause_id
    problems: list[RowProblem]
    bad_rows: set[int]
    unknown: list[UnknownValue]
    masked_cpr: int
    total_rows: int
    allowed: dict[str, list[str]] = field(default_factory=dict)  # per category column, for mapping choices
    cause_names: dict[int, str] = field(default_factory=dict)  # cause id -> name, for previews
    case_names: dict[int, str] = field(default_factory=dict)  # case id -> pseudonym as first written in the file

    @property
    def is_blocked(self) -> bool:
        return shared.is_blocked(self.problems)

    def valid_only(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        if self.is_blocked:
            return self.rows.iloc[0:0], self.causes.iloc[0:0]
        bad = list(self.bad_rows)
        rows = self.rows[~self.rows.index.isin(bad)]
        return rows, self.causes[~self.causes["row_number"].isin(bad)]


# --- mapping ---------------------------------------------------------------------------------------------


def norm_value(value: str) -> str:
    """The spelling-insensitive key of a category value ("Løst  gennem Dialog" == "lost gennem dialog")."""
    return " ".join(fold(str(value)).replace("_", " ").split())


def suggest_mapping(columns: list[str]) -> dict[str, str | None]:
    """Best source column for each template column (exact names beat aliases; each column used once)."""
    return shared.suggest_mapping(columns, TEMPLATE_COLUMNS, _ALIASES)


def suggested_value_mapping(result: ComplaintValidation) -> dict[str, dict[str, str]]:
    """The suggestion for every unknown value that has one, as a value mapping for `validate_complaints`."""
    chosen: dict[str, dict[str, str]] = {}
    for item in result.unknown:
        if item.suggestion:
            chosen.setdefault(item.column, {})[item.key] = item.suggestion
    return chosen


# --- validation ------------------------------------------------------------------------------------------

_LOOKUP_COLUMNS = ("Kanal", "Område", "Type", "Udfald", "Status")


@dataclass(frozen=True, eq=False)
class _Columns:
    """The file's cells under the template's names (trimmed, CPR-masked), parsed: what the rules read."""

    src: dict[str, str | None]  # template column -> the user's column
    cols: dict[str, pd.Series]  # template column -> its cells (NA when empty or not mapped)
    blank: np.ndarray  # rows with nothing in any template column
    cpr_cells: dict[str, np.ndarray]  # the user's column -> cells where a CPR number was masked
    now: dt.datetime | None
    received_local: pd.Series
    bad_received: np.ndarray
    contact_local: pd.Series
    bad_contact: np.ndarray
    closed_local: pd.Series
    bad_closed: np.ndarray
    received_at: pd.Series  # naive UTC
    contact_at: pd.Series
    received_on: pd.Series  # the local date of receipt
    lookups: dict[str, pd.Series]  # category column -> its allowed spelling (NA when empty or unknown)
    bad_lookups: dict[str, np.ndarray]
    cause_rows: pd.DataFrame  # row_number, cause_id
    bad_cause: np.ndarray
    unknown: list[UnknownValue]
    status: pd.Series  # given, or open/closed by whether Lukket is filled in
    is_closed: np.ndarray
    case_id: pd.Series  # Int64, NA when no case or an unknown one

    def bad_date(self, template: str) -> np.ndarray:
        return {"Modtaget": self.bad_received, "Første kontakt": self.bad_contact, "Lukket": self.bad_closed}[template]


def _read_columns(masked: dict[str, pd.Series], cpr_cells: dict[str, np.ndarray],
                  mapping: Mapping[str, str | None], index: pd.Index, allowed: dict[str, list[str]],
                  causes: Mapping[str, int], cases: Mapping[str, int],
                  value_mapping: Mapping[str, Mapping[str, str]], now: dt.datetime | None) -> _Columns:
    src = {t: mapping.get(t) for t in TEMPLATE_COLUMNS}

    def column(template: str) -> pd.Series:
        source = src.get(template)
        if not source:
            return pd.Series(pd.NA, index=index, dtype="str")
        out = masked[source]
        if not isinstance(out.dtype, pd.StringDtype):
            out = out.astype("str")
        out = out.set_axis(index).str.strip()
        return out.where(out != "")

    cols = {t: column(t) for t in TEMPLATE_COLUMNS}
    blank = np.logical_and.reduce([c.isna().to_numpy() for c in cols.values()])
    received_local, bad_received = _parse(cols["Modtaget"])
    contact_local, bad_contact = _parse(cols["Første kontakt"])
    closed_local, bad_closed = _parse(cols["Lukket"])

    unknown: list[UnknownValue] = []
    lookups, bad_lookups = {}, {}
    for template in _LOOKUP_COLUMNS:
        lookups[template], bad_lookups[template], found = _lookup(cols[template], template, allowed[template],
                                                                  value_mapping.get(template, {}))
        unknown += found
    cause_rows, bad_cause, found = _lookup_causes(cols["Årsager"], causes, value_mapping.get("Årsager", {}),
                                                  index.to_numpy())
    unknown += found

    status = lookups["Status"]
    closed_given = closed_local.notna()
    status = status.where(status.notna() | cols["Status"].notna(),
                          pd.Series(np.where(closed_given, InquiryStatus.CLOSED.value, InquiryStatus.OPEN.value),
                                    index=index, dtype="str"))
    return _Columns(
        src=src, cols=cols, blank=blank, cpr_cells=cpr_cells, now=now,
        received_local=received_local, bad_received=bad_received, contact_local=contact_local,
        bad_contact=bad_contact, closed_local=closed_local, bad_closed=bad_closed,
        received_at=_to_utc(received_local), contact_at=_to_utc(contact_local),
        received_on=received_local.dt.normalize(), lookups=lookups, bad_lookups=bad_lookups,
        cause_rows=cause_rows, bad_cause=bad_cause, unknown=unknown, status=status,
        is_closed=(status == InquiryStatus.CLOSED.value).fillna(False).to_numpy(dtype=bool),
        case_id=cols["Sag"].str.lower().map(cases).astype("Int64"),
    )


# --- the rules (each yields its checks; COMPLAINT_RULES lists them in message order) ---

_Rule = Callable[[_Columns], Iterator[Check]]


def _unknown_values(c: _Columns) -> Iterator[Check]:
    for template in _LOOKUP_COLUMNS:
        yield Check(c.bad_lookups[template], c.src[template], "import.complaints.row.unknown_value",
                    lambda i, raw=c.cols[template], name=c.src[template]: {"column": name, "value": cut(raw.iat[i])})


def _unknown_causes(c: _Columns) -> Iterator[Check]:
    yield Check(c.bad_cause, c.src["Årsager"], "import.complaints.row.unknown_cause",
                lambda i, raw=c.cols["Årsager"]: {"value": cut(raw.iat[i])})


def _required(template: str, key: str) -> _Rule:
    """The rule that a row fills in `template`."""

    def rule(c: _Columns) -> Iterator[Check]:
        yield Check(c.cols[template].isna().to_numpy(), c.src[template], key)

    return rule


def _bad_date(template: str) -> _Rule:
    """The rule that `template`, when filled in, is a real date (and time)."""

    def rule(c: _Columns) -> Iterator[Check]:
        yield Check(c.bad_date(template), c.src[template], "import.row.bad_date",
                    lambda i: {"value": cut(c.cols[template].iat[i]), "column": c.src[template]})

    return rule


def _cpr_in_citizen(c: _Columns) -> Iterator[Check]:
    if c.src["Borger"] in c.cpr_cells:
        yield Check(c.cpr_cells[c.src["Borger"]], c.src["Borger"], "import.complaints.row.cpr_in_citizen")


def _contact_before_receipt(c: _Columns) -> Iterator[Check]:
    yield Check((c.contact_at < c.received_at).fillna(False).to_numpy(dtype=bool), c.src["Første kontakt"],
                "import.complaints.row.contact_before_receipt")


def _in_future(c: _Columns) -> Iterator[Check]:
    if c.now is None:
        return
    limit = pd.Timestamp(c.now) + pd.Timedelta(minutes=10)
    yield Check((c.received_at > limit).fillna(False).to_numpy(dtype=bool), c.src["Modtaget"],
                "import.complaints.row.in_future")
    yield Check((c.contact_at > limit).fillna(False).to_numpy(dtype=bool), c.src["Første kontakt"],
                "import.complaints.row.in_future")


def _closed_before_received(c: _Columns) -> Iterator[Check]:
    yield Check((c.closed_local < c.received_on).fillna(False).to_numpy(dtype=bool), c.src["Lukket"],
                "import.complaints.row.closed_before_received")


def _outcome_required(c: _Columns) -> Iterator[Check]:
    yield Check(c.is_closed & c.lookups["Udfald"].isna().to_numpy() & c.cols["Udfald"].isna().to_numpy(),
                c.src["Udfald"], "import.complaints.row.outcome_required")


def _unknown_case(c: _Columns) -> Iterator[Check]:
    case_raw = c.cols["Sag"]
    yield Check(case_raw.notna().to_numpy() & c.case_id.isna().to_numpy(), c.src["Sag"],
                "import.complaints.row.unknown_case", lambda i: {"value": cut(case_raw.iat[i])})


def _text_too_long(c: _Columns) -> Iterator[Check]:
    for template, limit_chars in (("Borger", MAX_CITIZEN), ("Beskrivelse", MAX_ACCOUNT)):
        lengths = c.cols[template].str.len().fillna(0).to_numpy()
        yield Check(lengths > limit_chars, c.src[template], "import.row.text_too_long")


COMPLAINT_RULES: tuple[_Rule, ...] = (
    _unknown_values,
    _unknown_causes,
    _required("Modtaget", "import.complaints.row.missing_received"),
    _bad_date("Modtaget"),
    _required("Borger", "import.complaints.row.missing_citizen"),
    _cpr_in_citizen,
    _required("Område", "import.complaints.row.missing_area"),
    _bad_date("Første kontakt"),
    _bad_date("Lukket"),
    _contact_before_receipt,
    _in_future,
    _closed_before_received,
    _outcome_required,
    _unknown_case,
    _text_too_long,
)


def validate_complaints(df: pd.DataFrame, mapping: Mapping[str, str | None], *, areas: list[str],
                        causes: Mapping[str, int], cases: Mapping[str, int] | None = None,
                        value_mapping: Mapping[str, Mapping[str, str]] | None = None,
                        now: dt.datetime | None = None) -> ComplaintValidation:
    """Validate a frame from `read_table` under a column `mapping`.

    `areas`: allowed area names; `causes`: cause name -> id (retired ones included: old files may use
    them); `cases`: lower-cased case pseudonym -> id for the values in the Sag column; `value_mapping`:
    {template column: {normalised value: allowed value}} chosen by the user for unknown values; `now`
    (naive UTC) refuses receipt and contact times in the future.
    """
    shared.check_mapping(df, mapping)
    value_mapping = {k: dict(v) for k, v in (value_mapping or {}).items()}
    cases = dict(cases or {})
    row_numbers = shared.row_numbers(df)
    index = pd.Index(row_numbers, name=ROW_NUMBER)
    allowed = {
        "Kanal": [c.value for c in Channel],
        "Område": list(areas),
        "Type": [t.value for t in InquiryType],
        "Udfald": [o.value for o in Outcome],
        "Status": [s.value for s in InquiryStatus],
        "Årsager": list(causes),
    }

    # CPR masking first, on every column (mapped or not).
    masked_cpr = 0
    masked: dict[str, pd.Series] = {}
    cpr_cells: dict[str, np.ndarray] = {}
    for position, name in enumerate(df.columns):
        new, count, cells = _mask_column(df.iloc[:, position])
        masked_cpr += count
        masked[name] = new
        if count:
            cpr_cells[name] = cells

    missing = shared.missing_required(mapping, REQUIRED_COLUMNS)
    if missing:
        return ComplaintValidation(shared.empty_rows(), _empty_causes(), missing, set(row_numbers.tolist()), [],
                                   masked_cpr, len(df), allowed)

    c = _read_columns(masked, cpr_cells, mapping, index, allowed, causes, cases, value_mapping, now)
    # A wholly empty row is skipped, never a problem.
    checks = (Check(check.mask & ~c.blank, *check[1:]) for rule in COMPLAINT_RULES for check in rule(c))
    found_problems = shared.collect_problems(checks, row_numbers)
    bad_rows = {p.row_number for p in found_problems}

    closed_on = c.closed_local.dt.normalize().where(pd.Series(c.is_closed, index=index))
    rows = pd.DataFrame({
        "received_at": c.received_at,
        "received_on": c.received_on,
        "channel": c.lookups["Kanal"].fillna(DEFAULT_CHANNEL),
        "area": c.lookups["Område"],
        "inquiry_type": c.lookups["Type"].fillna(DEFAULT_TYPE),
        "outcome": c.lookups["Udfald"],
        "citizen": c.cols["Borger"],
        "account": c.cols["Beskrivelse"].fillna(""),
        "case_id": c.case_id,
        "status": c.status,
        "closed_on": closed_on,
        "first_contact_at": c.contact_at,
    }, index=index)[~c.blank]
    linked = c.case_id.notna().to_numpy()
    first_names = pd.DataFrame({"id": c.case_id[linked].astype("int64").to_numpy(),
                                "name": c.cols["Sag"][linked].to_numpy()}).drop_duplicates("id")
    case_names = dict(zip(first_names["id"].tolist(), first_names["name"].tolist(), strict=True))
    return ComplaintValidation(rows, c.cause_rows, found_problems, bad_rows, c.unknown, masked_cpr, len(df),
                               allowed, cause_names={int(i): name for name, i in causes.items()},
                               case_names=case_names)


# --- helpers ---------------------------------------------------------------------------------------------


def _mask_column(series: pd.Series) -> tuple[pd.Series, int, np.ndarray | None]:
    """`mask_cpr_series` on one column: (masked column, CPR numbers masked, mask of the changed cells)."""
    if not isinstance(series.dtype, pd.StringDtype):
        series = series.astype("str")
    new, count, changed = mask_cpr_cells(series)
    if not count:
        return new, 0, None
    cells = np.zeros(len(series), dtype=bool)
    cells[changed] = True
    return new, count, cells


def _arrow(series: pd.Series) -> pa.Array:
    """A string column as one pyarrow array (NA -> null), without copying arrow-backed data."""
    array = pa.array(series.array) if isinstance(series.dtype, pd.StringDtype) else pa.array(
        series.astype("str").array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.string()) if array.type != pa.string() else array


def _parse(raw: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Local wall-clock datetimes (naive datetime64, NaT when empty or bad) and the mask of non-empty cells
    that are not a real date and time (31-02-2025, 25:00, year 0024 ...). Vectorised with pyarrow: cells
    in a zero-padded standard format take a fast strptime path, the rest the pattern path."""
    array = _arrow(raw)
    values = np.full(len(array), np.datetime64("NaT"), dtype="datetime64[us]")
    todo = pc.is_valid(array).to_numpy(zero_copy_only=False).copy()
    lengths = pc.fill_null(pc.utf8_length(array), 0).to_numpy(zero_copy_only=False)
    for fmt, length, day_at, month_at in _FAST_FORMATS:
        positions = np.flatnonzero(todo & (lengths == length))
        if positions.size == 0:
            continue
        cells = array.take(pa.array(positions))
        stamp = pc.strptime(cells, format=fmt, unit="us", error_is_null=True)
        parsed = pc.is_valid(stamp)
        # strptime rolls 31-02 over into March: the day and month written must survive the round trip.
        day = pc.cast(pc.if_else(parsed, pc.utf8_slice_codeunits(cells, *day_at), "0"), pa.int64())
        month = pc.cast(pc.if_else(parsed, pc.utf8_slice_codeunits(cells, *month_at), "0"), pa.int64())
        year = pc.year(stamp)
        ok = pc.fill_null(pc.and_(pc.and_(pc.equal(pc.day(stamp), day), pc.equal(pc.month(stamp), month)),
                                  pc.and_(pc.greater_equal(year, MIN_YEAR), pc.less_equal(year, MAX_YEAR))), False)
        ok = ok.to_numpy(zero_copy_only=False)
        values[positions[ok]] = stamp.filter(pa.array(ok)).to_numpy(zero_copy_only=False)
        todo[positions[ok]] = False
    rest = np.flatnonzero(todo)
    if rest.size:
        slow, ok = _parse_patterns(array.take(pa.array(rest)))
        values[rest[ok]] = slow[ok]
        todo[rest[ok]] = False
    return pd.Series(values, index=raw.index), todo


def _parse_patterns(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The pattern path of `_parse`: (datetime64 values, mask of real dates) for any accepted spelling."""
    dmy, ymd = pc.extract_regex(array, _DMY), pc.extract_regex(array, _YMD)
    is_dmy = pc.fill_null(pc.is_valid(dmy), False)
    matched = pc.or_(is_dmy, pc.fill_null(pc.is_valid(ymd), False))
    parts = {}
    for name in ("y", "m", "d", "H", "M", "S"):
        text = pc.if_else(is_dmy, pc.struct_field(dmy, name), pc.struct_field(ymd, name))
        text = pc.if_else(pc.fill_null(pc.equal(text, ""), True), "0", text)
        parts[name] = pc.cast(text, pa.int64())
    y, m, d, hour, minute, second = (parts[k] for k in ("y", "m", "d", "H", "M", "S"))
    in_range = pc.and_(pc.and_(pc.and_(pc.greater_equal(y, MIN_YEAR), pc.less_equal(y, MAX_YEAR)),
                               pc.and_(pc.greater_equal(m, 1), pc.less_equal(m, 12))),
                       pc.and_(pc.and_(pc.greater_equal(d, 1), pc.less_equal(d, 31)),
                               pc.and_(pc.less(hour, 24), pc.and_(pc.less(minute, 60), pc.less(second, 60)))))
    pad = lambda values, width: pc.utf8_lpad(pc.cast(values, pa.string()), width, "0")  # noqa: E731
    canonical = pc.binary_join_element_wise(pad(y, 4), pad(m, 2), pad(d, 2), pad(hour, 2), pad(minute, 2),
                                            pad(second, 2), "")
    stamp = pc.strptime(canonical, format="%Y%m%d%H%M%S", unit="us", error_is_null=True)
    real = pc.and_(pc.equal(pc.day(stamp), d), pc.equal(pc.month(stamp), m))
    ok = pc.fill_null(pc.and_(pc.and_(matched, in_range), real), False).to_numpy(zero_copy_only=False)
    return stamp.to_numpy(zero_copy_only=False).astype("datetime64[us]"), ok


def _to_utc(local: pd.Series) -> pd.Series:
    """Copenhagen wall clock -> naive UTC (ambiguous: summer time; skipped hour: one hour later)."""
    aware = local.dt.tz_localize(LOCAL_TZ, ambiguous=np.ones(len(local), dtype=bool),
                                 nonexistent=pd.Timedelta(hours=1))
    return aware.dt.tz_convert("UTC").dt.tz_localize(None)


def _suggest(value: str, allowed: list[str]) -> str | None:
    keys = {norm_value(a): a for a in allowed}
    key = norm_value(value)
    for candidate_key, candidate in keys.items():
        # A value that starts an allowed one ("kritik" -> "kritik af forvaltningen") or the other way round.
        if key and (candidate_key.startswith(key) or key.startswith(candidate_key)):
            return candidate
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
    return keys[close[0]] if close else None


def _encode(array: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Dictionary codes (-1 for null) and the distinct values, in order of first appearance."""
    encoded = pc.dictionary_encode(array)
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, encoded.dictionary.to_pylist()


def _first_rows(codes: np.ndarray, positions: np.ndarray, count: int) -> np.ndarray:
    """For each code 0..count-1 the first position where it occurs."""
    first = np.full(count, -1, dtype=np.int64)
    present = codes >= 0
    order = np.flatnonzero(present)[::-1]  # reversed, so the first occurrence is written last
    first[codes[order]] = positions[order]
    return first


def _lookup(raw: pd.Series, template: str, allowed: list[str],
            chosen: Mapping[str, str]) -> tuple[pd.Series, np.ndarray, list[UnknownValue]]:
    """Map each distinct value to its allowed spelling (aliases and the user's mapping included)."""
    canonical = {norm_value(a): a for a in allowed}
    aliases = {k: v for k, v in _VALUE_ALIASES.get(template, {}).items() if v in allowed}
    codes, uniques = _encode(_arrow(raw))
    table: list[str | None] = []
    unknown: list[UnknownValue] = []
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    first = _first_rows(codes, raw.index.to_numpy(), len(uniques))
    for code, value in enumerate(uniques):
        key = norm_value(value)
        hit = canonical.get(key) or aliases.get(key)
        if hit is None and chosen.get(key) in allowed:
            hit = chosen[key]
        table.append(hit)
        if hit is None:
            unknown.append(UnknownValue(template, str(value), key, int(counts[code]), int(first[code]),
                                        _suggest(value, allowed)))
    lookup = pa.array(table + [None], type=pa.string())
    mapped = lookup.take(pa.array(np.where(codes < 0, len(table), codes)))
    mapped = pd.Series(pd.array(mapped, dtype="str"), index=raw.index)
    bad = raw.notna().to_numpy() & mapped.isna().to_numpy()
    return mapped, bad, _merge_unknown(unknown)


def _lookup_causes(raw: pd.Series, causes: Mapping[str, int], chosen: Mapping[str, str],
                   row_numbers: np.ndarray) -> tuple[pd.DataFrame, np.ndarray, list[UnknownValue]]:
    """Split the cause cells into (row_number, cause_id) pairs; unknown names are reported."""
    present = raw.notna().to_numpy()
    if not present.any():
        return _empty_causes(), np.zeros(len(raw), dtype=bool), []
    lists = pc.split_pattern_regex(_arrow(raw[present]), pattern=_CAUSE_SPLIT)
    names = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    parents = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)
    keep = pc.not_equal(names, "").to_numpy(zero_copy_only=False)
    names = names.filter(pa.array(keep))
    owners = row_numbers[present][parents[keep]]  # the row number of each name
    codes, uniques = _encode(names)
    by_key = {norm_value(n): n for n in causes}
    ids = np.empty(len(uniques), dtype=np.int64)
    unknown: list[UnknownValue] = []
    counts = np.bincount(codes, minlength=len(uniques))
    first = _first_rows(codes, owners, len(uniques))
    for code, value in enumerate(uniques):
        key = norm_value(value)
        name = by_key.get(key)
        if name is None and chosen.get(key) in causes:
            name = chosen[key]
        ids[code] = causes[name] if name is not None else -1
        if name is None:
            unknown.append(UnknownValue("Årsager", str(value), key, int(counts[code]), int(first[code]),
                                        _suggest(str(value), list(causes))))
    pairs = pd.DataFrame({"row_number": owners.astype(np.int64), "cause_id": ids[codes]})
    bad_rows = pairs.loc[pairs["cause_id"] < 0, "row_number"].unique()
    bad = np.isin(row_numbers, bad_rows)
    pairs = pairs[pairs["cause_id"] >= 0].drop_duplicates().reset_index(drop=True)
    return pairs, bad, _merge_unknown(unknown)


def _merge_unknown(found: list[UnknownValue]) -> list[UnknownValue]:
    """One entry per normalised value (e.g. "Mail" and "mail" are one decision)."""
    merged: dict[str, UnknownValue] = {}
    for item in found:
        seen = merged.get(item.key)
        if seen is None:
            merged[item.key] = item
        else:
            merged[item.key] = UnknownValue(item.column, seen.value, item.key, seen.rows + item.rows,
                                            min(seen.first_row, item.first_row), seen.suggestion)
    return sorted(merged.values(), key=lambda u: (-u.rows, u.value))


def _empty_causes() -> pd.DataFrame:
    return pd.DataFrame({"row_number": pd.Series(dtype="int64"), "cause_id": pd.Series(dtype="int64")})
