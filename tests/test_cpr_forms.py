"""Issue 15 item 2, end to end: a CPR number in any form people paste (tab between date and serial, en and em
dash, minus sign, no-break, thin and narrow no-break space, plain space, hyphen, nothing) is found by one finder
(`reviews.privacy.cpr.find_cpr`) everywhere: masking on input, the import columns, the export guard and the scan
command (.csv and .xlsx alike). Ordinary numbers are left alone. python-stdnum decides the date and century."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import openpyxl
import pandas as pd
import pytest
from stdnum.dk import cpr as stdnum_cpr

from reviews.cli import main
from reviews.exports.guard import CPR, mask_model, scan_text, text_field
from reviews.models import EventType, Role
from reviews.privacy.cpr import CPR_MASK, contains_cpr, find_cpr, mask_cpr, mask_cpr_series
from reviews.services import cases
from reviews.services.cases import CaseForm
from reviews.text import CleanText

SEPARATORS = {
    "tab": "\t",
    "en dash": "\u2013",
    "em dash": "\u2014",
    "minus sign": "\u2212",
    "no-break space": "\u00a0",
    "thin space": "\u2009",
    "narrow no-break space": "\u202f",
    "space": " ",
    "hyphen": "-",
    "none": "",
}
SEP = pytest.mark.parametrize("sep", SEPARATORS.values(), ids=SEPARATORS.keys())


def sentence(number: str) -> str:
    return f"Børnenes far på Ærø oplyste sit CPR-nummer {number} til sagsbehandler Åse Sørensen."


MASKED = sentence(CPR_MASK)


@dataclass(frozen=True)
class Note:
    """A minimal document model as the exports hand it to the guard."""

    notes: str = text_field("place.notes")

# Ordinary numbers in case notes: phone numbers, amounts, dates, case and account numbers.
ORDINARY = [
    "Ring til Søren på 12 34 56 78 efter kl. 15.",
    "Tlf. +45 12 34 56 78 eller 87\u00a065\u00a043\u00a021 (Ærø).",
    "Bevilget 1.234.567,89 kr. til familien på Ærø.",
    "Beløb 120.320,24 kr. udbetalt til Åse.",
    "Beløb 1\u202f234\u202f567 kr. og 100 200 300 400 kr.",
    "Mødet den 12-03-2024 blev flyttet.",
    "Mødet den 12-03-2024 kl. 1030 på rådhuset i Ærøskøbing.",
    "Datoer: 12.03.2024 og 12\u201303\u20132024\t1030.",
    "Konto 1234-5678901234 i Sparekassen Ærø.",
    "CVR 12345678, EAN 5790001234567.",
    "Åbningstid kl. 10.30-12.00 på hverdage.",
    "Rækken i arket: 10\t11\t12\t2024 underretninger.",
]


@SEP
def test_one_finder_for_input_masking_import_columns_and_export_guard(sep: str) -> None:
    number = f"070761{sep}4285"
    text = sentence(number)
    hits = find_cpr(text)
    assert [(h.text, h.birth_date, h.mod11_valid) for h in hits] == [(number, dt.date(1961, 7, 7), True)]
    assert text[hits[0].start : hits[0].end] == number
    assert contains_cpr(text)
    # Masking on input (every service's CleanText) and the plain function give the same text.
    clean = CleanText()
    assert clean(text, "text") == MASKED == mask_cpr(text)[0]
    assert clean.masked == 1
    # Import columns: both the pyarrow (RE2 prefilter) and the object path.
    for dtype in ("str", object):
        out, count = mask_cpr_series(pd.Series([text, "Åse ringede.", None], dtype=dtype))
        assert (out.iloc[0], out.iloc[1], count) == (MASKED, "Åse ringede.", 1)
    # The export guard blocks the text and its one-click mask gives the same result.
    findings = [f for f in scan_text(text) if f.kind == CPR]
    assert len(findings) == 1 and "4285" not in findings[0].context
    assert mask_model(Note(notes=text)).notes == MASKED


@SEP
def test_every_form_also_with_dotted_and_dashed_dates(sep: str) -> None:
    for date in ("01.02.03", "01-02-03", "01 02 03", "010203"):
        text = sentence(f"{date}{sep}1234")
        assert mask_cpr(text) == (MASKED, 1), repr(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_no_cpr_numbers(text: str) -> None:
    assert find_cpr(text) == []
    clean = CleanText()
    assert (clean(text, "text"), clean.masked) == (text, 0)
    assert [f for f in scan_text(text) if f.kind == CPR] == []
    out, count = mask_cpr_series(pd.Series([text], dtype="str"))
    assert (out.tolist(), count) == ([text], 0)


@SEP
def test_a_timeline_event_and_a_case_summary_are_stored_masked(db, users, sep: str) -> None:
    caseworker = users[Role.CHAIR]
    created = cases.create_case(db, caseworker, CaseForm("Familie 21", "Børn og Familie", dt.date(2024, 3, 1),
                                                         summary=sentence(f"010203{sep}1234")))
    assert (created.masked_cpr, created.record.summary) == (1, MASKED)
    saved = cases.add_event(db, caseworker, created.record.id, event_date=dt.date(2024, 3, 4),
                            event_type=EventType.MEETING, text=sentence(f"070761{sep}4285"))
    assert (saved.masked_cpr, saved.record.text) == (1, MASKED)
    assert db.fetchone("SELECT text FROM timeline_events WHERE id = ?", [saved.record.id])[0] == MASKED
    stored = [str(v) for row in db.fetchall("SELECT text FROM timeline_events") for v in row]
    stored += [str(v) for row in db.fetchall("SELECT summary FROM cases") for v in row]
    stored += [str(v) for row in db.fetchall("SELECT details FROM audit_log") for v in row]
    assert not any("4285" in v or "1234" in v for v in stored)


def _scan(path, capsys) -> tuple[int, int]:
    """(exit code, number of hits listed) of `python -m reviews scan path`."""
    code = main(["scan", str(path)])
    out = capsys.readouterr().out
    assert "4285" not in out and "1234" not in out
    return code, sum(1 for line in out.splitlines() if "[CPR-nummer]" in line)


@SEP
def test_scan_reports_an_xlsx_as_it_does_a_csv(tmp_path, capsys, sep: str) -> None:
    rows = [["pseudonym", "note"], ["Familie 3", sentence(f"070761{sep}4285")],
            ["Familie 4", "Ring til Åse på 12 34 56 78, mødet 12-03-2024, beløb 1.234,50 kr."]]
    csv_path = tmp_path / "noter.csv"
    # A tab in a cell would be taken for the delimiter: quote every cell, as a spreadsheet program does.
    csv_path.write_text("\n".join(";".join(f'"{cell}"' for cell in row) for row in rows) + "\n", encoding="utf-8")
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    xlsx_path = tmp_path / "noter.xlsx"
    workbook.save(xlsx_path)
    assert _scan(csv_path, capsys) == (1, 1)
    assert _scan(xlsx_path, capsys) == (1, 1)


def test_scan_of_a_clean_xlsx_exits_0_like_a_clean_csv(tmp_path, capsys) -> None:
    workbook = openpyxl.Workbook()
    for text in ORDINARY:
        workbook.active.append([text, 12345678, 1234.5])
    xlsx_path = tmp_path / "ren.xlsx"
    workbook.save(xlsx_path)
    csv_path = tmp_path / "ren.csv"
    csv_path.write_text("\n".join(f'"{text}"' for text in ORDINARY) + "\n", encoding="utf-8")
    assert _scan(xlsx_path, capsys) == (0, 0)
    assert _scan(csv_path, capsys) == (0, 0)


@pytest.mark.parametrize("serial_first", range(10))
@pytest.mark.parametrize("yy", ["00", "36", "37", "57", "58", "99"])
def test_date_and_century_agree_with_python_stdnum(serial_first: int, yy: str) -> None:
    digits = f"0102{yy}{serial_first}123"
    hits = find_cpr(sentence(f"0102{yy}\u2013{serial_first}123"))
    assert [h.birth_date for h in hits] == [stdnum_cpr.get_birth_date(digits)]
    assert hits[0].mod11_valid == (stdnum_cpr.checksum(digits) == 0)


def test_impossible_dates_are_no_hits_in_any_form() -> None:
    for date in ("310403", "290201", "000101", "011301"):  # 31 April, 29 Feb 2001, day 0, month 13
        for sep in SEPARATORS.values():
            assert find_cpr(sentence(f"{date}{sep}1234")) == [], (date, sep)
