"""Reading import files: formats, encodings, delimiters and refusals."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from reviews.importing import reader
from reviews.importing.errors import ImportFileError
from reviews.importing.reader import ROW_NUMBER, read_table

HEADER = ["Pseudonym", "Område", "Hændelsesdato", "Hændelsestekst"]


def cells(df: pd.DataFrame) -> list[list[str | None]]:
    """Frame values with NA as None, for exact comparisons."""
    return [[None if pd.isna(v) else v for v in row] for row in df.itertuples(index=False)]


def xlsx_bytes(rows: list[list[object]], *, hidden_first: bool = False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if hidden_first:
        sheet.title = "Hjælp"
        sheet["A1"] = "skjult"
        sheet.sheet_state = "hidden"
        sheet = workbook.create_sheet("Data")
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def raises_key(data: bytes, filename: str, key: str, **kwargs: int) -> ImportFileError:
    with pytest.raises(ImportFileError) as info:
        read_table(data, filename, **kwargs)
    assert info.value.key == key
    return info.value


# --- CSV ---------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_csv_delimiters_and_encodings(delimiter: str, encoding: str) -> None:
    rows = [
        HEADER,
        ["Familie 17", "Børn og Familie", "03-01-2023", '"Mor ringede; hun var ked af det, æøå"'],
        ["Familie 4", "Ældre og Sundhed", "2023-02-28", ""],
    ]
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    df = read_table(text.encode(encoding), "sager.csv")
    assert list(df.columns) == HEADER
    assert df.index.name == ROW_NUMBER
    assert df.index.tolist() == [2, 3]
    assert cells(df) == [
        ["Familie 17", "Børn og Familie", "03-01-2023", "Mor ringede; hun var ked af det, æøå"],
        ["Familie 4", "Ældre og Sundhed", "2023-02-28", None],
    ]


def test_bom_is_removed_from_the_first_header_and_names_are_stripped() -> None:
    data = "\ufeff Pseudonym ;  Område\nFamilie 1;Teknik og Miljø\n".encode()
    df = read_table(data, "a.csv")
    assert list(df.columns) == ["Pseudonym", "Område"]


def test_quoted_fields_with_line_breaks_keep_record_row_numbers() -> None:
    data = (
        "Pseudonym;Hændelsestekst\n"
        'Familie 1;"linje 1\nlinje 2\nlinje 3"\n'
        "Familie 2;kort\n"
        'Familie 3;"a\r\nb ""citat"""\n'
        "Familie 4;sidste\n"
    ).encode()
    df = read_table(data, "a.csv")
    assert df.index.tolist() == [2, 3, 4, 5]
    assert cells(df) == [
        ["Familie 1", "linje 1\nlinje 2\nlinje 3"],
        ["Familie 2", "kort"],
        ["Familie 3", 'a\r\nb "citat"'],
        ["Familie 4", "sidste"],
    ]


def test_blank_lines_are_dropped_but_keep_their_row_numbers() -> None:
    data = b"\nPseudonym;Status\n\nFamilie 1;lukket\n;\nFamilie 2;\n"
    df = read_table(data, "a.csv")
    # Header is on line 2; line 3 and the ';' line 5 are empty rows.
    assert df.index.tolist() == [4, 6]
    assert cells(df) == [["Familie 1", "lukket"], ["Familie 2", None]]


def test_cells_stay_text_exactly_as_written() -> None:
    data = b"Pseudonym;Kode;Tal\n007;NA;1.50\nNULL;#N/A;0102\n"
    df = read_table(data, "a.txt")
    assert cells(df) == [["007", "NA", "1.50"], ["NULL", "#N/A", "0102"]]
    assert all(isinstance(dtype, pd.StringDtype) for dtype in df.dtypes)


def test_ragged_rows_are_padded_and_extra_cells_get_a_column() -> None:
    data = b"Pseudonym;Status;Resume\nFamilie 1;lukket\nFamilie 2;;x;ekstra\nFamilie 3;;y\n"
    df = read_table(data, "a.csv")
    assert list(df.columns) == ["Pseudonym", "Status", "Resume", "(D)"]
    assert df.index.tolist() == [2, 3, 4]
    assert cells(df) == [
        ["Familie 1", "lukket", None, None],
        ["Familie 2", None, "x", "ekstra"],
        ["Familie 3", None, "y", None],
    ]


def test_trailing_delimiters_and_duplicate_or_blank_headers() -> None:
    data = b"Dato;Dato;;Tekst;\n01-02-2024;02-02-2024;x;t;\n"
    df = read_table(data, "a.csv")
    # The blank header with data is named by its column letter; the empty last
    # column (trailing delimiter) is dropped.
    assert list(df.columns) == ["Dato", "Dato (2)", "(C)", "Tekst"]
    assert cells(df) == [["01-02-2024", "02-02-2024", "x", "t"]]


def test_excel_sep_hint_line_names_the_delimiter_and_is_not_a_row() -> None:
    data = b"sep=,\r\nPseudonym,Tekst\r\nFamilie 1,\"a; b\"\r\nFamilie 2,c\r\n"
    df = read_table(data, "a.csv")
    assert list(df.columns) == ["Pseudonym", "Tekst"]
    assert df.index.tolist() == [2, 3]
    assert cells(df) == [["Familie 1", "a; b"], ["Familie 2", "c"]]


def test_single_column_file() -> None:
    df = read_table(b"Pseudonym\nFamilie 1\nFamilie 2\n", "a.csv")
    assert list(df.columns) == ["Pseudonym"]
    assert cells(df) == [["Familie 1"], ["Familie 2"]]


def test_utf16_excel_unicode_text_export() -> None:
    data = "Pseudonym\tOmråde\r\nFamilie 9\tHandicap og Psykiatri\r\n".encode("utf-16")
    df = read_table(data, "eksport.txt")
    assert cells(df) == [["Familie 9", "Handicap og Psykiatri"]]


def test_huge_cell_falls_back_and_is_read_whole() -> None:
    big = "æ" * 3_000_000  # larger than one arrow parse block
    data = f'Pseudonym;Tekst\nFamilie 1;"{big}"\nFamilie 2;x\n'.encode()
    df = read_table(data, "a.csv")
    assert df.index.tolist() == [2, 3]
    assert df["Tekst"].iloc[0] == big


# --- XLSX --------------------------------------------------------------------------


@pytest.fixture(params=["calamine", "openpyxl"])
def xlsx_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "openpyxl":
        monkeypatch.setattr(reader, "python_calamine", None)
    elif reader.python_calamine is None:
        pytest.skip("python-calamine not installed")
    return request.param


def test_xlsx_values_become_text(xlsx_engine: str) -> None:
    data = xlsx_bytes(
        [
            ["Pseudonym", "Oprettet", "Antal", "Beløb", "Tekst"],
            ["Familie 17", dt.datetime(2024, 3, 1), 17, 2.5, "Møde på rådhuset\nmed æøå"],
            ["Familie 18", dt.datetime(2024, 3, 1, 10, 30), None, None, None],
            [None, None, None, None, None],
            ["Familie 19", "01-02-2024", 102031234, None, ""],
        ]
    )
    df = read_table(data, "sager.xlsx")
    assert list(df.columns) == ["Pseudonym", "Oprettet", "Antal", "Beløb", "Tekst"]
    assert df.index.tolist() == [2, 3, 5]  # the empty row 4 is dropped
    assert cells(df) == [
        ["Familie 17", "2024-03-01", "17", "2.5", "Møde på rådhuset\nmed æøå"],
        ["Familie 18", "2024-03-01 10:30:00", None, None, None],
        # A CPR typed as a number loses its leading zero in Excel; it is restored.
        ["Familie 19", "01-02-2024", "0102031234", None, None],
    ]


def test_xlsx_row_numbers_match_excel_when_data_starts_lower(xlsx_engine: str) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"], sheet["C3"] = "Pseudonym", "Status"
    sheet["B4"] = "Familie 1"
    sheet["B6"], sheet["C6"] = "Familie 2", "lukket"
    buf = io.BytesIO()
    workbook.save(buf)
    df = read_table(buf.getvalue(), "a.xlsx")
    assert list(df.columns) == ["Pseudonym", "Status"]
    assert df.index.tolist() == [4, 6]
    assert cells(df) == [["Familie 1", None], ["Familie 2", "lukket"]]


def test_xlsx_first_visible_sheet_is_read(xlsx_engine: str) -> None:
    data = xlsx_bytes([["Pseudonym"], ["Familie 1"]], hidden_first=True)
    assert cells(read_table(data, "a.xlsx")) == [["Familie 1"]]


def test_xlsx_header_only_has_no_rows(xlsx_engine: str) -> None:
    raises_key(xlsx_bytes([["Pseudonym", "Område"]]), "a.xlsx", "import.error.no_rows")


def test_xlsx_empty_workbook_has_no_rows(xlsx_engine: str) -> None:
    raises_key(xlsx_bytes([]), "a.xlsx", "import.error.no_rows")


# --- refusals ----------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \r\n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
def test_empty_file(data: bytes) -> None:
    raises_key(data, "a.csv", "import.error.empty")


@pytest.mark.parametrize("data", [b"Pseudonym;Status\n", b"Pseudonym;Status\r\n;\r\n\r\n"])
def test_header_only(data: bytes) -> None:
    raises_key(data, "a.csv", "import.error.no_rows")


def test_only_delimiters_has_no_rows() -> None:
    raises_key(b";;\n;;\n", "a.csv", "import.error.no_rows")


def test_binary_file_named_csv() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    error = raises_key(png, "sager.csv", "import.error.type_mismatch")
    assert error.params == {"extension": ".csv", "detected": "binary"}


def test_xlsx_named_csv() -> None:
    error = raises_key(xlsx_bytes([["Pseudonym"], ["F 1"]]), "sager.csv", "import.error.type_mismatch")
    assert error.params == {"extension": ".csv", "detected": "xlsx"}


def test_text_named_xlsx() -> None:
    error = raises_key(b"Pseudonym;Status\nFamilie 1;lukket\n", "sager.xlsx", "import.error.type_mismatch")
    assert error.params == {"extension": ".xlsx", "detected": "text"}


def test_other_zip_named_xlsx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    error = raises_key(buf.getvalue(), "sager.xlsx", "import.error.type_mismatch")
    assert error.params["detected"] == "zip"


def test_old_xls_named_xlsx() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    error = raises_key(ole2, "sager.xlsx", "import.error.type_mismatch")
    assert error.params["detected"] == "ole2"


def test_unsupported_extension() -> None:
    error = raises_key(b"Pseudonym\nF 1\n", "sager.pdf", "import.error.unsupported_type")
    assert error.params == {"extension": ".pdf"}


def test_corrupt_xlsx_is_unreadable() -> None:
    raises_key(b"PK\x03\x04" + b"garbage" * 50, "a.xlsx", "import.error.unreadable")


def test_xlsx_with_broken_sheet_xml_is_unreadable() -> None:
    good = xlsx_bytes([["Pseudonym"], ["Familie 1"]])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            payload = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                payload = payload[: len(payload) // 2]  # cut mid-element
            dst.writestr(info, payload)
    error = raises_key(buf.getvalue(), "a.xlsx", "import.error.unreadable")
    assert isinstance(error.params["detail"], str) and error.params["detail"]


def test_stray_quote_inside_an_unquoted_cell_is_data() -> None:
    df = read_table(b'Pseudonym;Tekst\nFamilie 1;han sagde "nej\nFamilie 2;x\n', "a.csv")
    assert cells(df) == [["Familie 1", 'han sagde "nej'], ["Familie 2", "x"]]


def test_unterminated_quote_is_unreadable() -> None:
    error = raises_key(b'Pseudonym;Tekst\nFamilie 1;"ingen slutning\nFamilie 2;x\n', "a.csv", "import.error.unreadable")
    assert "Error" in error.params["detail"]


def test_file_over_max_bytes() -> None:
    data = b"Pseudonym\n" + b"Familie 1\n" * 110_000  # just over 1 MiB
    error = raises_key(data, "a.csv", "import.error.too_large", max_bytes=1024 * 1024)
    assert error.params == {"max_mb": 1}


def _zip_with(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for name, payload in entries.items():
            zf.writestr(name, payload)
    return buf.getvalue()


def test_zip_bomb_by_compression_ratio() -> None:
    bomb = _zip_with({"xl/worksheets/sheet1.xml": b"\x00" * (30 * 1024 * 1024)})
    assert len(bomb) < 100_000  # tiny on disk
    error = raises_key(bomb, "bombe.xlsx", "import.error.too_large")
    assert error.params == {"max_mb": 50}


def test_zip_bomb_by_total_size() -> None:
    # Parts below the ratio threshold, but together more than 20x max_bytes.
    parts = {f"xl/worksheets/sheet{i}.xml": b"<a/>" * 200_000 for i in range(1, 6)}  # 800 kB each
    bomb = _zip_with(parts)
    raises_key(bomb, "bombe.xlsx", "import.error.too_large", max_bytes=150_000)


def test_zip_part_larger_than_declared_is_refused() -> None:
    data = bytearray(_zip_with({"xl/workbook.xml": b"<workbook>" + b"x" * 5000 + b"</workbook>"}))
    # Forge the central directory: declare 10 bytes for the last part.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    raises_key(bytes(data), "a.xlsx", "import.error.unreadable")


def test_parser_failures_never_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom 010203-1234")

    monkeypatch.setattr(reader, "_parse_csv_arrow", explode)
    monkeypatch.setattr(reader, "_parse_csv_python", explode)
    error = raises_key(b"Pseudonym\nF 1\n", "a.csv", "import.error.unreadable")
    # Parser messages may quote the file: CPR numbers are masked in the detail.
    assert error.params == {"detail": "RuntimeError: boom [CPR fjernet]"}
