"""Column mapping and row validation of case imports."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from reviews.importing.bench_support import make_events_csv
from reviews.importing.reader import read_table
from reviews.importing.template import (
    CASE_STATUSES,
    EVENT_TYPES,
    REQUIRED_COLUMNS,
    TEMPLATE_COLUMNS,
    TEMPLATE_DOC,
    template_csv_bytes,
)
from reviews.importing.cases import (
    TEXT_LIMIT,
    RowProblem,
    ValidationResult,
    suggest_mapping,
    validate_rows,
)
from reviews.privacy.cpr import CPR_MASK

HEADER = ";".join(TEMPLATE_COLUMNS)
FULL_MAPPING = {c: c for c in TEMPLATE_COLUMNS}


def run(lines: list[str], mapping: dict[str, str | None] | None = None) -> ValidationResult:
    """Read ``;``-separated template lines (header added) and validate them."""
    data = ("\n".join([HEADER, *lines]) + "\n").encode("utf-8-sig")
    df = read_table(data, "import.csv")
    return validate_rows(df, mapping or FULL_MAPPING)


def problems(result: ValidationResult) -> list[tuple[int, str | None, str, dict]]:
    return [(p.row_number, p.column, p.key, p.params) for p in result.problems]


def records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if not isinstance(v, (str, dt.date, int)) and pd.isna(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


# --- template -------------------------------------------------------------------------


def test_template_constants() -> None:
    assert TEMPLATE_COLUMNS == [
        "Pseudonym", "Område", "Oprettet", "Lukket", "Status", "Resumé",
        "Hændelsesdato", "Hændelsestype", "Hændelsestekst",
    ]
    assert REQUIRED_COLUMNS == ("Pseudonym",)
    assert CASE_STATUSES == ("åben", "lukket", "i gennemgang")
    assert EVENT_TYPES == (
        "henvendelse", "klage", "afgørelse", "møde", "hjemmebesøg", "skift af sagsbehandler", "andet",
    )
    assert all(column in TEMPLATE_DOC for column in TEMPLATE_COLUMNS)


def test_template_file_round_trips_without_problems() -> None:
    data = template_csv_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + "Pseudonym;Område".encode())
    assert "æ".encode() in data and "ø".encode() in data and "å".encode() in data
    df = read_table(data, "skabelon.csv")
    result = validate_rows(df, suggest_mapping(list(df.columns)))
    assert result.problems == []
    assert result.total_rows == 3
    assert result.cases["pseudonym"].tolist() == ["Familie 17", "Familie 4"]
    assert result.events["event_type"].tolist() == ["klage", "møde", "skift af sagsbehandler"]


# --- mapping --------------------------------------------------------------------------


def test_suggest_mapping_exact_names_any_case_and_spelling() -> None:
    columns = [" pseudonym", "OMRÅDE", "oprettet", "Lukket ", "status", "Resume",
               "Hændelses dato", "HAENDELSESTYPE", "hændelses-tekst"]
    assert suggest_mapping(columns) == dict(zip(TEMPLATE_COLUMNS, columns))


def test_suggest_mapping_aliases() -> None:
    columns = ["Sagsnavn", "Afdeling", "Dato", "Type", "Beskrivelse", "Resume", "Ekstra"]
    assert suggest_mapping(columns) == {
        "Pseudonym": "Sagsnavn",
        "Område": "Afdeling",
        "Oprettet": None,
        "Lukket": None,
        "Status": None,
        "Resumé": "Resume",
        "Hændelsesdato": "Dato",
        "Hændelsestype": "Type",
        "Hændelsestekst": "Beskrivelse",
    }


@pytest.mark.parametrize(
    ("columns", "template", "expected"),
    [
        (["Familie"], "Pseudonym", "Familie"),
        (["Sag"], "Pseudonym", "Sag"),
        (["Tekst"], "Hændelsestekst", "Tekst"),
        (["Notat"], "Hændelsestekst", "Notat"),
        (["Omraade"], "Område", "Omraade"),
        # An exact template name beats an alias, wherever it stands.
        (["Dato", "Hændelsesdato"], "Hændelsesdato", "Hændelsesdato"),
        (["Familie", "Sag"], "Pseudonym", "Sag"),
    ],
)
def test_suggest_mapping_preferences(columns: list[str], template: str, expected: str) -> None:
    assert suggest_mapping(columns)[template] == expected


def test_suggest_mapping_uses_each_source_column_once() -> None:
    mapping = suggest_mapping(["Dato"])
    assert [k for k, v in mapping.items() if v == "Dato"] == ["Hændelsesdato"]
    assert suggest_mapping([]) == dict.fromkeys(TEMPLATE_COLUMNS)


# --- happy path -----------------------------------------------------------------------


def test_cases_and_events_from_repeated_and_first_row_only_case_fields() -> None:
    result = run(
        [
            "Familie 17;Børn og Familie;03-01-2023;;i gennemgang;Klage over inddragelse;10-01-2023;klage;Mor ringede",
            "Familie 17;;;;;;2023-01-24;Møde;Dialogmøde på rådhuset",
            "Familie 4;Handicap og Psykiatri;15.08.2022;30/06/2023;LUKKET;;01/09/2022;skift af sagsbehandler;Ny rådgiver",
            "Familie 4;Handicap og Psykiatri;15-08-2022;30-06-2023;lukket;;;;",
            "Familie 9;Ældre og Sundhed;;;;;;;",
        ]
    )
    assert result.problems == []
    assert result.bad_rows == set()
    assert result.total_rows == 5
    assert records(result.cases) == [
        {"pseudonym": "Familie 17", "area": "Børn og Familie", "opened": dt.date(2023, 1, 3),
         "closed": None, "status": "i gennemgang", "summary": "Klage over inddragelse"},
        {"pseudonym": "Familie 4", "area": "Handicap og Psykiatri", "opened": dt.date(2022, 8, 15),
         "closed": dt.date(2023, 6, 30), "status": "lukket", "summary": None},
        {"pseudonym": "Familie 9", "area": "Ældre og Sundhed", "opened": None,
         "closed": None, "status": "åben", "summary": None},
    ]
    assert records(result.events) == [
        {"pseudonym": "Familie 17", "event_date": dt.date(2023, 1, 10), "event_type": "klage",
         "text": "Mor ringede", "row_number": 2},
        {"pseudonym": "Familie 17", "event_date": dt.date(2023, 1, 24), "event_type": "møde",
         "text": "Dialogmøde på rådhuset", "row_number": 3},
        {"pseudonym": "Familie 4", "event_date": dt.date(2022, 9, 1), "event_type": "skift af sagsbehandler",
         "text": "Ny rådgiver", "row_number": 4},
    ]


@pytest.mark.parametrize("value", ["03-01-2023", "3-1-2023", "03.01.2023", "03/01/2023", "2023-01-03",
                                   "2023-01-03 00:00:00", "2023-01-03T14:30"])
def test_date_formats(value: str) -> None:
    result = run([f"Familie 1;;;;;;{value};andet;x"])
    assert result.problems == []
    assert result.events["event_date"].tolist() == [dt.date(2023, 1, 3)]


@pytest.mark.parametrize(
    "value", ["31-02-2024", "29-02-2023", "2024-13-01", "00-01-2024", "1-2-24", "0024-01-01", "i går", "2024/01/02"]
)
def test_bad_dates(value: str) -> None:
    result = run([f"Familie 1;;{value};;;;;;"])
    assert problems(result) == [(2, "Oprettet", "import.row.bad_date", {"value": value, "column": "Oprettet"})]
    assert result.bad_rows == {2}
    assert result.cases["opened"].tolist() == [None]


def test_29_february_in_a_leap_year_is_a_date() -> None:
    result = run(["Familie 1;;29-02-2024;;;;;;"])
    assert result.problems == []
    assert result.cases["opened"].tolist() == [dt.date(2024, 2, 29)]


def test_pseudonyms_differing_only_in_case_or_spacing_are_one_case() -> None:
    result = run(["Familie 17;;;;;;01-01-2024;klage;a", " familie  17 ;;;;;;02-01-2024;møde;b", "Familie 7;;;;;;;;"])
    assert result.cases["pseudonym"].tolist() == ["Familie 17", "Familie 7"]
    assert result.events["pseudonym"].tolist() == ["Familie 17", "Familie 17"]


def test_event_types_and_statuses_ignore_case_spacing_and_letter_variants() -> None:
    result = run(
        [
            "Familie 1;;;;I  Gennemgang;;01-01-2024;KLAGE;a",
            "Familie 1;;;;;;02-01-2024;Hjemmebesog;b",
            "Familie 1;;;;;;03-01-2024;skift af  Sagsbehandler;c",
            "Familie 1;;;;;;04-01-2024;afgoerelse;d",
            "Familie 1;;;;;;05-01-2024;;uden type",
        ]
    )
    assert result.problems == []
    assert result.events["event_type"].tolist() == [
        "klage", "hjemmebesøg", "skift af sagsbehandler", "afgørelse", "andet",
    ]
    assert result.cases["status"].tolist() == ["i gennemgang"]


# --- problems -------------------------------------------------------------------------


def test_unknown_event_type_and_status() -> None:
    result = run(
        [
            "Familie 1;;;;parkeret;;;;",
            "Familie 2;;;;;;01-01-2024;telefonopkald;Ringede",
        ]
    )
    assert problems(result) == [
        (2, "Status", "import.row.unknown_status", {"value": "parkeret"}),
        (3, "Hændelsestype", "import.row.unknown_event_type", {"value": "telefonopkald"}),
    ]
    assert result.bad_rows == {2, 3}


def test_missing_pseudonym_and_event_without_date() -> None:
    result = run(
        [
            ";Børn og Familie;;;;;01-01-2024;klage;uden sag",
            "Familie 2;;;;;;;møde;uden dato",
            ";;;;;;;;",  # blank row: ignored, not a problem
        ]
    )
    assert problems(result) == [
        (2, "Pseudonym", "import.row.missing_pseudonym", {}),
        (3, "Hændelsesdato", "import.row.event_without_date", {}),
    ]
    # The events frame lists the undated event; valid_only drops it.
    assert result.events["row_number"].tolist() == [3]
    assert result.valid_only().events.empty
    assert result.valid_only().cases["pseudonym"].tolist() == []


def test_closed_before_opened() -> None:
    result = run(
        [
            "Familie 1;;10-05-2024;01-05-2024;lukket;;;;",
            "Familie 2;;01-01-2024;;;;;;",
            "Familie 2;;;31-12-2023;;;;;",  # closed on a later row, before the case's opening
        ]
    )
    assert problems(result) == [
        (2, "Lukket", "import.row.closed_before_opened", {"opened": "2024-05-10", "closed": "2024-05-01"}),
        (4, "Lukket", "import.row.closed_before_opened", {"opened": "2024-01-01", "closed": "2023-12-31"}),
    ]


def test_conflicting_case_fields() -> None:
    result = run(
        [
            "Familie 1;Børn og Familie;01-02-2024;;åben;;05-02-2024;klage;a",
            "Familie 1;Børn og Familie;2024-02-01;;Åben;;06-02-2024;møde;b",  # same values, other spelling
            "Familie 1;Handicap og Psykiatri;;;;;07-02-2024;møde;c",
            "Familie 1;;02-02-2024;;lukket;;;;",
        ]
    )
    assert problems(result) == [
        (4, "Område", "import.row.conflicting_case_fields",
         {"column": "Område", "value": "Handicap og Psykiatri", "first_value": "Børn og Familie"}),
        (5, "Oprettet", "import.row.conflicting_case_fields",
         {"column": "Oprettet", "value": "02-02-2024", "first_value": "01-02-2024"}),
        (5, "Status", "import.row.conflicting_case_fields",
         {"column": "Status", "value": "lukket", "first_value": "åben"}),
    ]
    assert result.bad_rows == {4, 5}
    valid = result.valid_only()
    assert records(valid.cases) == [
        {"pseudonym": "Familie 1", "area": "Børn og Familie", "opened": dt.date(2024, 2, 1),
         "closed": None, "status": "åben", "summary": None},
    ]
    assert valid.events["row_number"].tolist() == [2, 3]


def test_text_too_long() -> None:
    ok, long = "a" * TEXT_LIMIT, "b" * (TEXT_LIMIT + 1)
    result = run([f"Familie 1;;;;;;01-01-2024;andet;{ok}", f"Familie 1;;;;;;02-01-2024;andet;{long}"])
    assert TEXT_LIMIT == 100_000
    assert problems(result) == [
        (3, "Hændelsestekst", "import.row.text_too_long",
         {"column": "Hændelsestekst", "limit": 100_000, "length": 100_001}),
    ]


def test_row_numbers_count_records_after_multiline_cells() -> None:
    data = (
        HEADER + "\n"
        'Familie 1;;;;;;01-01-2024;klage;"første linje\nanden linje\ntredje linje"\n'
        'Familie 1;;;;;;02-01-2024;møde;"a\r\nb"\n'
        "Familie 1;;;;;;03-01-2024;ukendt;c\n"
    ).encode()
    result = validate_rows(read_table(data, "a.csv"), FULL_MAPPING)
    assert problems(result) == [(4, "Hændelsestype", "import.row.unknown_event_type", {"value": "ukendt"})]
    # Line breaks inside cells are kept, CRLF made LF.
    assert result.events["text"].tolist()[:2] == ["første linje\nanden linje\ntredje linje", "a\nb"]


def test_xml_invalid_control_characters_are_stripped() -> None:
    df = pd.DataFrame(
        {"Pseudonym": ["Familie\x00 1"], "Hændelsesdato": ["01-01-2024"],
         "Hændelsestekst": ["a\x01b\x0bc\td\ne\x1ff\ufffe"]},
        dtype="str",
    )
    result = validate_rows(df, {"Pseudonym": "Pseudonym", "Hændelsesdato": "Hændelsesdato",
                                "Hændelsestekst": "Hændelsestekst"})
    assert result.events["text"].tolist() == ["abc\td\nef"]
    assert result.cases["pseudonym"].tolist() == ["Familie 1"]


def test_cpr_numbers_are_masked_in_every_column_and_counted() -> None:
    data = (
        HEADER + ";Ekstra\n"
        "Familie 1;;;;;Om 0707614285;01-01-2024;klage;Barnet (010203-1234) og søster 01 02 03 1234;Cpr 290200-4000\n"
        "Familie 1;;;;;;02-01-2024;møde;Ingen numre, kun tlf. 12345678 og dato 01-02-2024;\n"
    ).encode()
    result = validate_rows(read_table(data, "a.csv"), FULL_MAPPING)
    assert result.masked_cpr == 4  # including the unmapped column "Ekstra"
    assert result.problems == []
    assert result.events["text"].tolist() == [
        f"Barnet ({CPR_MASK}) og søster {CPR_MASK}",
        "Ingen numre, kun tlf. 12345678 og dato 01-02-2024",
    ]
    assert result.cases["summary"].tolist() == [f"Om {CPR_MASK}"]


def test_cpr_as_pseudonym_is_a_problem() -> None:
    result = run(["010203-1234;;;;;;01-01-2024;klage;a", "0707614285;;;;;;01-01-2024;klage;b"])
    assert result.masked_cpr == 2
    assert problems(result) == [
        (2, "Pseudonym", "import.row.cpr_in_pseudonym", {}),
        (3, "Pseudonym", "import.row.cpr_in_pseudonym", {}),
    ]
    assert result.valid_only().cases.empty


def test_missing_required_column_blocks_the_import() -> None:
    result = run(["Familie 1;;;;;;;;"], mapping={**FULL_MAPPING, "Pseudonym": None})
    assert result.problems == [
        RowProblem(1, "Pseudonym", "import.missing_required_column", {"column": "Pseudonym"})
    ]
    assert result.is_blocked
    assert result.bad_rows == {2}
    assert result.cases.empty and result.events.empty
    assert result.valid_only().cases.empty


def test_mapping_to_an_unknown_column_is_a_programming_error() -> None:
    df = pd.DataFrame({"Sag": ["Familie 1"]}, dtype="str")
    with pytest.raises(ValueError, match="Pseudonym"):
        validate_rows(df, {"Pseudonym": "Findes ikke"})


def test_alias_headers_end_to_end_with_comma_and_cp1252() -> None:
    data = (
        "Sagsnavn,Afdeling,Dato,Type,Beskrivelse\r\n"
        'Familie 3,Børn og Familie,05-03-2024,Hjemmebesøg,"Besøg, børnene var glade"\r\n'
    ).encode("cp1252")
    df = read_table(data, "eksport.csv")
    result = validate_rows(df, suggest_mapping(list(df.columns)))
    assert result.problems == []
    assert records(result.events) == [
        {"pseudonym": "Familie 3", "event_date": dt.date(2024, 3, 5), "event_type": "hjemmebesøg",
         "text": "Besøg, børnene var glade", "row_number": 2},
    ]
    assert result.cases["area"].tolist() == ["Børn og Familie"]


def test_xlsx_datetime_cells() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(TEMPLATE_COLUMNS)
    sheet.append(["Familie 5", "Beskæftigelse", dt.datetime(2023, 5, 1), None, None, None,
                  dt.datetime(2023, 5, 2, 9, 15), "henvendelse", "Mail fra far"])
    sheet.append(["Familie 5", None, None, None, None, None, "31-02-2023", "møde", "Forkert dato"])
    buf = io.BytesIO()
    workbook.save(buf)
    result = validate_rows(read_table(buf.getvalue(), "a.xlsx"), FULL_MAPPING)
    assert problems(result) == [
        (3, "Hændelsesdato", "import.row.bad_date", {"value": "31-02-2023", "column": "Hændelsesdato"}),
    ]
    assert result.cases["opened"].tolist() == [dt.date(2023, 5, 1)]
    assert result.valid_only().events["event_date"].tolist() == [dt.date(2023, 5, 2)]


def test_frame_with_python_datetimes_and_plain_index() -> None:
    df = pd.DataFrame(
        {"Sag": ["Familie 1", "Familie 1"], "Dato": [dt.datetime(2024, 1, 2), pd.NaT], "Type": ["klage", "møde"]}
    )
    result = validate_rows(df, suggest_mapping(list(df.columns)))
    assert problems(result) == [(3, "Dato", "import.row.event_without_date", {})]
    assert result.events["event_date"].tolist() == [dt.date(2024, 1, 2), None]


@pytest.mark.parametrize("dtype", ["string", object])
def test_other_string_dtypes(dtype: object) -> None:
    df = pd.DataFrame({"Pseudonym": ["Familie 1", None], "Status": ["lukket", "ukendt"]}, dtype=dtype)
    result = validate_rows(df, {"Pseudonym": "Pseudonym", "Status": "Status"})
    assert problems(result) == [
        (3, "Pseudonym", "import.row.missing_pseudonym", {}),
        (3, "Status", "import.row.unknown_status", {"value": "ukendt"}),
    ]
    assert result.cases["status"].tolist() == ["lukket"]


def test_bench_file_is_deterministic_and_valid(tmp_path) -> None:
    first = make_events_csv(tmp_path / "a.csv", n_rows=500, n_cases=40, seed=3)
    second = make_events_csv(tmp_path / "b.csv", n_rows=500, n_cases=40, seed=3)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b"\xef\xbb\xbfPseudonym;")
    df = read_table(first.read_bytes(), "a.csv")
    result = validate_rows(df, suggest_mapping(list(df.columns)))
    assert result.problems == []
    assert result.total_rows == 500
    assert len(result.cases) == 40
    assert len(result.events) == 500
