"""Reading CSV and XLSX import files into a DataFrame of strings.

The format is decided by the file's content; the extension must agree with it.
CSV is parsed with pyarrow (multi-threaded, in memory: no temporary copy of
personal data on disk); irregular files (ragged rows, huge cells) fall back to
Python's ``csv`` module. XLSX is read with python-calamine when installed
(an order of magnitude faster), else openpyxl in read-only mode.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from reviews.importing.errors import ImportFileError
from reviews.privacy.cpr import contains_cpr, mask_cpr

try:  # optional fast XLSX reader
    import python_calamine
except ImportError:  # pragma: no cover - depends on the environment
    python_calamine = None

ROW_NUMBER = "row_number"  # index name of the frame read_table returns

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
DELIMITERS = (";", ",", "\t")

# Zip-bomb limits for XLSX: total uncompressed size, and the compression ratio of
# any larger entry (deflate tops out near 1032:1; real sheets stay well below 50:1).
MAX_UNCOMPRESSED_FACTOR = 20
MAX_COMPRESSION_RATIO = 200
_RATIO_MIN_ENTRY_BYTES = 1024 * 1024
MAX_ZIP_ENTRIES = 10_000

_SNIFF_CHARS = 64 * 1024
_SNIFF_RECORDS = 200
_ARROW_BLOCK_BYTES = 4 * 1024 * 1024
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Control bytes that do not occur in text files (tab, LF, VT, FF, CR, ESC excluded).
_BINARY_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32)])
_DETAIL_MAX_CHARS = 200


def read_table(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> pd.DataFrame:
    """Read an uploaded CSV or XLSX file.

    Returns every cell as ``str`` (empty cells as NA) under the header as given
    (stripped, BOM removed, blank header names replaced by the column letter,
    duplicates numbered). The index, named ``row_number``, is the row number as the
    user sees it: the header is row 1 (after any leading blank rows), rows count
    CSV *records* (a quoted field with line breaks is one row, as in Excel; an
    Excel ``sep=;`` hint line is not counted). Fully empty rows are dropped but
    keep their place in the numbering.

    Raises:
        ImportFileError: with keys ``import.error.empty``, ``too_large``,
            ``unreadable``, ``type_mismatch``, ``unsupported_type``, ``no_rows``.
    """
    if not data:
        raise ImportFileError("import.error.empty")
    if len(data) > max_bytes:
        raise ImportFileError("import.error.too_large", max_mb=_megabytes(max_bytes))
    extension = PurePath(filename or "").suffix.lower()
    if extension not in TEXT_EXTENSIONS + XLSX_EXTENSIONS:
        raise ImportFileError("import.error.unsupported_type", extension=extension)

    kind = detect_kind(data)
    expected = "xlsx" if extension in XLSX_EXTENSIONS else "text"
    if kind != expected:
        if kind == "corrupt_zip" and expected == "xlsx":
            raise ImportFileError("import.error.unreadable", detail="corrupt zip container")
        raise ImportFileError("import.error.type_mismatch", extension=extension, detected=kind)

    try:
        if kind == "xlsx":
            raw = _read_xlsx(data, max_bytes)
        else:
            raw = _read_csv(data)
        return _finish(raw)
    except ImportFileError:
        raise
    except Exception as exc:  # any parser failure is the user's file, not our bug
        raise ImportFileError("import.error.unreadable", detail=_detail(exc)) from exc
    except BaseException as exc:
        # Rust panics from python-calamine derive from BaseException.
        if type(exc).__name__ == "PanicException":
            raise ImportFileError("import.error.unreadable", detail=_detail(exc)) from exc
        raise


def detect_kind(data: bytes) -> str:
    """Classify content: ``xlsx``, ``zip``, ``corrupt_zip``, ``ole2`` (old .xls or an
    encrypted workbook), ``binary`` or ``text``."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = zf.namelist()
        except Exception:  # whatever zipfile trips over, it is not a usable zip
            return "corrupt_zip"
        return "xlsx" if any(name.startswith("xl/") for name in names) else "zip"
    if data.startswith(_OLE2_MAGIC):
        return "ole2"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary"
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    if controls > max(2, len(sample) // 100):
        return "binary"
    return "text"


# --- CSV -------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes; returns (text, encoding). UTF-8 (with or without BOM),
    UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        # A BOM promises UTF-8; a stray bad byte should not block the whole file.
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ImportFileError("import.error.unreadable", detail="invalid UTF-16") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; they never occur in real Danish text.
        return data.decode("cp1252", errors="replace"), "cp1252"


def _sep_hint(text: str) -> str | None:
    first_line = text[:8].split("\n", 1)[0].rstrip("\r")
    if len(first_line) == 5 and first_line.lower().startswith("sep="):
        return first_line[4]
    return None


def sniff_delimiter(text: str, candidates: Sequence[str] = DELIMITERS) -> tuple[str, int]:
    """Pick the candidate (``;``, ``,`` or tab) that splits the first records most
    consistently into the most columns; returns (delimiter, width of the first
    non-blank record)."""
    sample = text[:_SNIFF_CHARS]
    truncated = len(text) > len(sample)
    best: tuple[tuple[float, int], str, int] | None = None
    for delimiter in candidates:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            records = [r for _, r in zip(range(_SNIFF_RECORDS), reader)]
        except csv.Error:
            continue
        if truncated and len(records) > 1:
            records = records[:-1]  # the last record may be cut off mid-field
        records = [r for r in records if any(cell.strip() for cell in r)]
        if not records:
            continue
        width = len(records[0])
        if width < 2 and len(candidates) > 1:
            continue
        consistency = sum(len(r) == width for r in records) / len(records)
        score = (consistency, width)
        if best is None or score > best[0]:
            best = (score, delimiter, width)
    if best is None:
        return candidates[0], 1
    return best[1], best[2]


def _read_csv(data: bytes) -> pd.DataFrame:
    text, encoding = decode_text(data)
    if not text.strip():
        raise ImportFileError("import.error.empty")
    hint = _sep_hint(text)
    if hint:
        # Excel's "sep=;" first line names the delimiter; Excel hides the line, so
        # the header is still row 1 for the user.
        text = text.split("\n", 1)[1] if "\n" in text else ""
        encoding = "transcoded"
    delimiter, width = sniff_delimiter(text, (hint,) if hint else DELIMITERS)
    if encoding == "utf-8":
        utf8 = data
    elif encoding == "utf-8-sig" and "\ufffd" not in text:
        utf8 = data[len(codecs.BOM_UTF8) :]  # nothing was replaced: the bytes after the BOM are the text
    else:
        utf8 = text.encode("utf-8")
    if utf8.count(b'"') % 2:
        # Odd quote count: an unterminated quoted field (which pyarrow silently
        # runs to the end of the file) or a stray literal quote. The strict
        # parser tells them apart.
        return _parse_csv_python(text, delimiter)
    try:
        return _parse_csv_arrow(utf8, delimiter, width)
    except pa.ArrowInvalid:
        # Ragged rows, cells larger than a parse block, odd quoting: the slow,
        # forgiving path decides (and raises csv.Error if it is truly malformed).
        return _parse_csv_python(text, delimiter)


def _parse_csv_arrow(utf8: bytes, delimiter: str, width: int) -> pd.DataFrame:
    names = [f"c{i}" for i in range(width)]
    table = pacsv.read_csv(
        io.BytesIO(utf8),
        read_options=pacsv.ReadOptions(column_names=names, block_size=_ARROW_BLOCK_BYTES),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter,
            quote_char='"',
            double_quote=True,
            escape_char=False,
            newlines_in_values=True,
            # Blank lines stay as (all-null) records so row numbers match the file.
            ignore_empty_lines=False,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in names},
            # Only empty cells are missing: "NA", "NULL" etc. are data.
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    frame = table.combine_chunks().to_pandas()
    frame.columns = range(width)
    return frame


def _parse_csv_python(text: str, delimiter: str) -> pd.DataFrame:
    # Cells up to the whole upload must fit; the default limit is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = [[cell if cell != "" else None for cell in row] for row in reader]
    return _rows_to_frame(rows)


def _rows_to_frame(rows: Sequence[Sequence[str | None]]) -> pd.DataFrame:
    """Ragged rows of str/None -> rectangular frame of str dtype (short rows padded)."""
    width = max((len(r) for r in rows), default=0)
    padded = [list(r) + [None] * (width - len(r)) for r in rows]
    frame = pd.DataFrame(padded, columns=range(width), dtype=object)
    return frame.astype("str") if width else frame


# --- XLSX ------------------------------------------------------------------------


def _check_zip(data: bytes, max_bytes: int) -> None:
    """Refuse zip bombs before any XLSX parser inflates the parts."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        too_large = ImportFileError("import.error.too_large", max_mb=_megabytes(max_bytes))
        if len(infos) > MAX_ZIP_ENTRIES:
            raise too_large
        if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_FACTOR * max_bytes:
            raise too_large
        for info in infos:
            if (
                info.file_size > _RATIO_MIN_ENTRY_BYTES
                and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
            ):
                raise too_large
        # The sizes above come from the (forgeable) directory. Inflating each part
        # once, capped at its declared size, makes zipfile verify the CRC, so a part
        # that inflates beyond its declared size is caught here and not in the parser.
        for info in infos:
            with zf.open(info) as part:
                while part.read(1024 * 1024):
                    pass


def _read_xlsx(data: bytes, max_bytes: int) -> pd.DataFrame:
    try:
        _check_zip(data, max_bytes)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise ImportFileError("import.error.unreadable", detail=_detail(exc)) from exc
    rows = _xlsx_rows_calamine(data) if python_calamine is not None else _xlsx_rows_openpyxl(data)
    width = max((len(row) for row in rows), default=0)
    frame = pd.DataFrame([row + [None] * (width - len(row)) for row in rows], dtype=object)
    if frame.shape[1] == 0:
        return frame
    frame.columns = range(frame.shape[1])
    return frame.apply(_cells_to_str)


def _xlsx_rows_calamine(data: bytes) -> list[list[Any]]:
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        index = _first_visible_sheet(workbook)
        # skip_empty_area=False keeps leading blank rows so row numbers match Excel.
        return workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
    finally:
        workbook.close()


def _first_visible_sheet(workbook: Any) -> int:
    """Index of the first visible worksheet (hidden helper sheets come first in some exports)."""
    for index, meta in enumerate(workbook.sheets_metadata):
        if (
            meta.visible == python_calamine.SheetVisibleEnum.Visible
            and meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ):
            return index
    return 0


def _xlsx_rows_openpyxl(data: bytes) -> list[list[Any]]:
    import openpyxl  # only needed without python-calamine

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # style/extension warnings are noise here
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
        sheet = (visible or workbook.worksheets)[0]
        # Stored dimensions are often wrong; without them every row is read.
        sheet.reset_dimensions()
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cells_to_str(column: pd.Series) -> pd.Series:
    """One XLSX column of Python values -> str dtype with NA for empty cells."""
    if pd.api.types.infer_dtype(column, skipna=True) in ("string", "empty"):
        # Fast path: text only (calamine gives "" for empty cells).
        out = column.astype("str")
        return out.where(out != "")
    return column.map(_cell_to_str, na_action=None).astype("str")


def _cell_to_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return _int_to_str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return _int_to_str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _int_to_str(number: int) -> str:
    text = str(number)
    # Excel drops the leading zero of a CPR number typed as a number
    # (0102031234 -> 102031234); restore it so CPR masking catches it.
    if len(text) == 9 and contains_cpr("0" + text):
        return "0" + text
    return text


# --- shared ----------------------------------------------------------------------


def _finish(raw: pd.DataFrame) -> pd.DataFrame:
    """Positional frame (record i = row i+1) -> header + data rows indexed by row number."""
    if raw.shape[1] == 0 or raw.shape[0] == 0:
        raise ImportFileError("import.error.no_rows")
    nonblank = raw.notna().to_numpy().any(axis=1)
    if not nonblank.any():
        raise ImportFileError("import.error.no_rows")
    header_pos = int(np.argmax(nonblank))
    keep = np.flatnonzero(nonblank[header_pos + 1 :]) + header_pos + 1
    if keep.size == 0:
        raise ImportFileError("import.error.no_rows")
    # A slice avoids copying every column when no blank rows need dropping.
    contiguous = keep.size == raw.shape[0] - header_pos - 1
    body = raw.iloc[header_pos + 1 :] if contiguous else raw.iloc[keep]
    header = raw.iloc[header_pos].tolist()

    has_data = body.notna().to_numpy().any(axis=0)
    names: list[str] = []
    columns: list[int] = []
    for position, (label, used) in enumerate(zip(header, has_data)):
        name = "" if label is None or (isinstance(label, float) and math.isnan(label)) else str(label)
        name = name.replace("\ufeff", "").strip()
        if not name:
            if not used:
                continue  # e.g. a trailing delimiter on every line
            name = f"({_column_letter(position)})"
        names.append(name)
        columns.append(position)
    body = body[columns]
    body.columns = _unique(names)
    body.index = pd.Index(keep + 1, name=ROW_NUMBER)
    return body


def _unique(names: Iterable[str]) -> list[str]:
    used: set[str] = set()
    out: list[str] = []
    for name in names:
        candidate, count = name, 1
        while candidate in used:
            count += 1
            candidate = f"{name} ({count})"
        used.add(candidate)
        out.append(candidate)
    return out


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rem = divmod(position - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def _megabytes(size: int) -> int | float:
    mb = size / (1024 * 1024)
    return int(mb) if mb.is_integer() else round(mb, 1 if mb >= 1 else 3)


def _detail(exc: BaseException) -> str:
    """Short technical detail for the user; parser messages may quote file content,
    so CPR numbers are masked and the text is cut."""
    text = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    text = mask_cpr(text)[0]
    return text if len(text) <= _DETAIL_MAX_CHARS else text[: _DETAIL_MAX_CHARS - 1] + "…"
