"""CPR detection and masking."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from reviews.privacy.cpr import CPR_MASK, CprHit, contains_cpr, find_cpr, mask_cpr, mask_cpr_series

# 010203-1234: digit 7 = 1 -> 1900s, born 1 Feb 1903; 1234 fails modulus 11.
WRITTEN_FORMS = [
    "010203-1234",
    "0102031234",
    "010203 1234",
    "01.02.03-1234",
    "01 02 03 1234",
    "01/02/03-1234",
    "010203/1234",
    "01.02.03 1234",
    "01-02-03-1234",
    "010203 - 1234",
    "010203\u00a01234",  # no-break space, as pasted from Word
    "010203\u20131234",  # en dash from Word's autocorrect
    "01.02.03 \u2013 1234",
    "01\u201402\u201403\u20141234",  # em dashes throughout
    "01\u202f02\u202f03\u202f1234",  # narrow no-break spaces throughout
    "010203 \u2212 1234",  # minus sign with spaces
    "010203\t\u2013\t1234",  # en dash between two pasted cells
    "01.02.03\t1234",  # a date cell and a serial cell pasted together
]

# Every character that may stand between DDMMYY and SSSS ("" = none).
SERIAL_SEPARATORS = {
    "none": "",
    "space": " ",
    "hyphen-minus": "-",
    "tab": "\t",
    "en dash": "\u2013",
    "em dash": "\u2014",
    "minus sign": "\u2212",
    "no-break space": "\u00a0",
    "thin space": "\u2009",
    "narrow no-break space": "\u202f",
    "figure dash": "\u2012",
    "non-breaking hyphen": "\u2011",
}


@pytest.mark.parametrize("form", WRITTEN_FORMS)
def test_every_written_form_is_found_with_exact_span(form: str) -> None:
    text = f"Barnets cpr er {form}, jf. journalen."
    hits = find_cpr(text)
    assert hits == [CprHit(15, 15 + len(form), form, dt.date(1903, 2, 1), False)]
    assert text[hits[0].start : hits[0].end] == form


@pytest.mark.parametrize("sep", SERIAL_SEPARATORS.values(), ids=SERIAL_SEPARATORS.keys())
def test_every_separator_before_the_serial_is_found_with_exact_span(sep: str) -> None:
    form = f"070761{sep}4285"
    text = f"Åse på Ærø oplyste {form} – søn af Søren."
    assert find_cpr(text) == [CprHit(19, 19 + len(form), form, dt.date(1961, 7, 7), True)]
    assert mask_cpr(text) == (f"Åse på Ærø oplyste {CPR_MASK} – søn af Søren.", 1)


@pytest.mark.parametrize("sep", SERIAL_SEPARATORS.values(), ids=SERIAL_SEPARATORS.keys())
def test_every_separator_passes_the_column_prefilter(sep: str) -> None:
    # The pandas path first picks candidate cells with the RE2 prefilter; a separator missing there
    # would leave the number in clear in an imported column although find_cpr knows it.
    series = pd.Series([f"æ 010203{sep}1234 ø", "ingen"], dtype="str")
    out, count = mask_cpr_series(series)
    assert (out.tolist(), count) == ([f"æ {CPR_MASK} ø", "ingen"], 1)
    objects, count = mask_cpr_series(series.astype(object))
    assert (objects.tolist(), count) == ([f"æ {CPR_MASK} ø", "ingen"], 1)


def test_birth_dates_in_the_future_are_still_found() -> None:
    # stdnum's validate() refuses numbers of people not yet born; a fictional or mistyped number in a
    # case note must be masked all the same, so only its date and century rules are used.
    assert [h.birth_date for h in find_cpr("Noteret 010250-5000.")] == [dt.date(2050, 2, 1)]


def test_number_without_modulus_11_is_flagged_and_ranked_lower() -> None:
    # Since 2007 serials need not satisfy modulus 11 (e.g. many born on 1 January).
    not_mod11 = find_cpr("010107-4011")  # digit 7 = 4, YY 07 -> 2007
    assert [(h.birth_date, h.mod11_valid) for h in not_mod11] == [(dt.date(2007, 1, 1), False)]
    valid_mod11 = find_cpr("070761-4285")  # the classic textbook example
    assert [(h.birth_date, h.mod11_valid) for h in valid_mod11] == [(dt.date(1961, 7, 7), True)]


@pytest.mark.parametrize(
    "text",
    [
        "320190-1234",  # day 32
        "000190-1234",  # day 0
        "011390-1234",  # month 13
        "010090-1234",  # month 0
        "300290-1234",  # 30 Feb
        "310490-1234",  # 31 Apr
        "290290-1234",  # 1990 is not a leap year
        "290201-4000",  # 2001 not leap
        "290200-1000",  # digit 7 = 1 -> 1900, not a leap year
        "290258-5000",  # digit 7 = 5, YY 58 -> 1858, not leap
    ],
)
def test_invalid_dates_are_not_hits(text: str) -> None:
    assert find_cpr(text) == []
    assert mask_cpr(text) == (text, 0)


@pytest.mark.parametrize(
    ("text", "born"),
    [
        ("010203-0000", dt.date(1903, 2, 1)),  # digit 7 = 0
        ("010299-3999", dt.date(1999, 2, 1)),  # digit 7 = 3
        ("010236-4000", dt.date(2036, 2, 1)),  # 4 and YY <= 36 -> 2000s
        ("010237-4000", dt.date(1937, 2, 1)),  # 4 and YY > 36 -> 1900s
        ("010200-9000", dt.date(2000, 2, 1)),  # 9 and YY <= 36
        ("010299-9000", dt.date(1999, 2, 1)),  # 9 and YY > 36
        ("010257-5000", dt.date(2057, 2, 1)),  # 5 and YY <= 57 -> 2000s
        ("010258-5000", dt.date(1858, 2, 1)),  # 5 and YY > 57 -> 1800s
        ("311299-8000", dt.date(1899, 12, 31)),  # 8 and YY > 57 -> 1800s
        ("010107-7000", dt.date(2007, 1, 1)),  # 7 and YY <= 57
        ("010160-6000", dt.date(1860, 1, 1)),  # 6 and YY > 57
    ],
)
def test_century_rules(text: str, born: dt.date) -> None:
    assert [h.birth_date for h in find_cpr(text)] == [born]


@pytest.mark.parametrize(
    ("text", "born"),
    [
        ("290200-4000", dt.date(2000, 2, 29)),  # 2000 is a leap year
        ("290296-1234", dt.date(1996, 2, 29)),
        ("290204-4321", dt.date(2004, 2, 29)),
        ("290260-5000", dt.date(1860, 2, 29)),  # 1800s leap year
    ],
)
def test_29_february_in_leap_years(text: str, born: dt.date) -> None:
    assert [h.birth_date for h in find_cpr(text)] == [born]


@pytest.mark.parametrize(
    "text",
    [
        "Kontonr. 120102031234",  # 12-digit run containing a valid CPR
        "ref 90102031234",  # digit before
        "ref 01020312345",  # digit after
        "010203-12345",  # five serial digits
        "9010203-1234",
        "Ring på 12345678",  # Danish phone numbers have 8 digits
        "tlf. +45 20 30 40 50",
        "tlf. 20 30 40 50",
        "Mødet var den 01-02-2024 kl. 1030",  # a date, not a CPR
        "01.02.2024",
        "Sag 2024-01-02 1234",
        # The new separators must not turn other numbers into CPR numbers.
        "tlf. 20\u202f30\u202f40\u202f50",  # phone, narrow no-break spaces
        "tlf. +45\u00a020\u200930\u200940\u200950",  # phone, thin spaces
        "Sag 2024\u201301\u201302\t1234",  # case number: ISO date, tab, serial
        "Mødet den 01\u201402\u20142024 kl.\u00a01030",  # four-digit year
        "Journalnr. 27.12.2022\u22121234",
        "Antal\t10\t11\t12\t2024",  # a row of figures: a tab is no separator inside the date
        "Møde 01.02.24\t10:30",  # a date cell and a time cell pasted together
        "Sagsnr. 320190\u22121234",  # 32 January
        "010203\t12345",  # five digits after the tab
        "Beløb 1\u202f234\u202f567 kr.",
        "Periode 1990\u20142024",
    ],
)
def test_not_hits(text: str) -> None:
    assert find_cpr(text) == []
    assert contains_cpr(text) is False


def test_letters_right_next_to_the_number_do_not_hide_it() -> None:
    assert [h.text for h in find_cpr("cpr:0102031234;x")] == ["0102031234"]


def test_mask_counts_every_hit_and_keeps_danish_text() -> None:
    text = "Søren (født 010203-1234) og Åse 07.07.61-4285 bor på Ærø; æblegrød."
    masked, count = mask_cpr(text)
    assert count == 2
    assert masked == f"Søren (født {CPR_MASK}) og Åse {CPR_MASK} bor på Ærø; æblegrød."
    assert CPR_MASK == "[CPR fjernet]"
    assert contains_cpr(masked) is False


def test_mask_without_hits_returns_text_unchanged() -> None:
    assert mask_cpr("Ingen numre her, kun 2024.") == ("Ingen numre her, kun 2024.", 0)
    assert mask_cpr("") == ("", 0)


def test_adjacent_numbers_are_all_masked() -> None:
    masked, count = mask_cpr("0102031234 0707614285\n2902004000")
    assert (masked, count) == (f"{CPR_MASK} {CPR_MASK}\n{CPR_MASK}", 3)


def test_mask_series_object_dtype_keeps_missing_values() -> None:
    series = pd.Series(
        ["a 010203-1234 b", None, "intet her", np.nan, "01.02.03-1234 og 0707614285"],
        index=[10, 11, 12, 13, 14],
        dtype=object,
    )
    out, count = mask_cpr_series(series)
    assert count == 3
    assert out.index.tolist() == [10, 11, 12, 13, 14]
    assert out[10] == f"a {CPR_MASK} b"
    assert out[11] is None
    assert out[12] == "intet her"
    assert isinstance(out[13], float) and np.isnan(out[13])
    assert out[14] == f"{CPR_MASK} og {CPR_MASK}"
    # The input is not modified.
    assert series[10] == "a 010203-1234 b"


def test_mask_series_string_dtype() -> None:
    series = pd.Series(["Æble 290200-4000 ø", None, "320190-1234", "å"], dtype="str")
    out, count = mask_cpr_series(series)
    assert count == 1
    assert out.tolist()[0] == f"Æble {CPR_MASK} ø"
    assert pd.isna(out.iloc[1])
    assert out.tolist()[2:] == ["320190-1234", "å"]
    assert isinstance(out.dtype, pd.StringDtype)


def test_mask_series_non_string_cells() -> None:
    out, count = mask_cpr_series(pd.Series([1012031234, 5], dtype="int64"))
    assert count == 1
    assert out.tolist() == [CPR_MASK, 5]


def test_mask_series_without_candidates_and_empty() -> None:
    series = pd.Series(["12 34", None], dtype="str")
    out, count = mask_cpr_series(series)
    assert count == 0
    assert out.iloc[0] == "12 34" and pd.isna(out.iloc[1])
    empty, zero = mask_cpr_series(pd.Series([], dtype="str"))
    assert zero == 0 and len(empty) == 0


def test_mask_series_matches_scalar_function_on_many_cells() -> None:
    cells = [f"note {i:02d}0103-{i:04d} slut" for i in range(1, 40)]  # 1..39 January 1903
    out, count = mask_cpr_series(pd.Series(cells, dtype="str"))
    expected = [mask_cpr(c) for c in cells]
    assert out.tolist() == [e[0] for e in expected]
    assert count == sum(e[1] for e in expected) == 31  # days 32..39 are not dates
