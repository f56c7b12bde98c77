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
]


@pytest.mark.parametrize("form", WRITTEN_FORMS)
def test_every_written_form_is_found_with_exact_span(form: str) -> None:
    text = f"Barnets cpr er {form}, jf. journalen."
    hits = find_cpr(text)
    assert hits == [CprHit(15, 15 + len(form), form, dt.date(1903, 2, 1), False)]
    assert text[hits[0].start : hits[0].end] == form


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
