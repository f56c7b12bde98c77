"""Date windows for the ombudsman's statistics (reviews/analysis/periods.py): pure date arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews import clock
from reviews.analysis import periods

D = dt.date


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2025, 1, 31), 1, D(2025, 2, 28)),  # the month is shorter: its last day
    (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
    (D(2024, 2, 29), -12, D(2023, 2, 28)),  # a year back from 29 February
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2025, 12, 1), 1, D(2026, 1, 1)),  # over the year boundary
    (D(2025, 1, 15), -1, D(2024, 12, 15)),  # back over it
    (D(2025, 10, 1), 3, D(2026, 1, 1)),
])
def test_add_months(day, months, expected):
    assert periods.add_months(day, months) == expected


def test_default_window_is_the_year_up_to_today():
    assert periods.default_window(2026, today=D(2026, 5, 14)) == (D(2025, 5, 15), D(2026, 5, 14))
    # The window ends today, even on New Year's Day.
    assert periods.default_window(2026, today=D(2026, 1, 1)) == (D(2025, 1, 2), D(2026, 1, 1))


def test_default_window_ends_with_the_latest_year_when_that_year_is_over():
    assert periods.default_window(2024, today=D(2026, 5, 14)) == (D(2024, 1, 1), D(2024, 12, 31))
    # Registrations dated ahead of today do not move the window past today.
    assert periods.default_window(2027, today=D(2026, 5, 14)) == (D(2025, 5, 15), D(2026, 5, 14))


def test_default_window_ending_on_a_leap_day():
    # 2023 has no 29 February: the year before 29.02.2024 starts on 1 March 2023 (366 days both included).
    start, end = periods.default_window(2024, today=D(2024, 2, 29))
    assert (start, end) == (D(2023, 3, 1), D(2024, 2, 29))
    assert (end - start).days + 1 == 366
    assert periods.default_window(2025, today=D(2025, 3, 1)) == (D(2024, 3, 2), D(2025, 3, 1))


def test_default_window_reads_copenhagens_today(monkeypatch):
    # 23:30 UTC on 31 December is already 1 January in Copenhagen.
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2025, 12, 31, 23, 30))
    assert periods.default_window(2026) == (D(2025, 1, 2), D(2026, 1, 1))


def test_is_window():
    assert periods.is_window(D(2025, 1, 1), D(2025, 12, 31))
    assert periods.is_window(D(2025, 6, 1), D(2025, 6, 1))  # one day
    assert not periods.is_window(D(2025, 6, 2), D(2025, 6, 1))  # the end before the start
    assert not periods.is_window(None, D(2025, 6, 1))
    assert not periods.is_window(D(2025, 6, 1), None)


@pytest.mark.parametrize(("month", "expected"), [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)])
def test_quarter(month, expected):
    assert periods.quarter(D(2025, month, 15)) == expected


@pytest.mark.parametrize(("start", "grain", "expected"), [
    (D(2024, 2, 1), "month", D(2024, 2, 29)),  # leap year
    (D(2025, 2, 1), "month", D(2025, 2, 28)),
    (D(2025, 12, 1), "month", D(2025, 12, 31)),  # the year's last month
    (D(2024, 1, 1), "quarter", D(2024, 3, 31)),
    (D(2025, 10, 1), "quarter", D(2025, 12, 31)),  # ends at the year boundary
    (D(2025, 1, 1), "year", D(2025, 12, 31)),
])
def test_period_end(start, grain, expected):
    assert periods.period_end(start, grain) == expected


def test_period_window_is_cut_to_the_analysed_window():
    window = (D(2025, 5, 15), D(2026, 5, 14))
    # The first and last periods are partial, the ones between whole.
    assert periods.period_window(D(2025, 4, 1), "quarter", *window) == (D(2025, 5, 15), D(2025, 6, 30))
    assert periods.period_window(D(2025, 10, 1), "quarter", *window) == (D(2025, 10, 1), D(2025, 12, 31))
    assert periods.period_window(D(2026, 5, 1), "month", *window) == (D(2026, 5, 1), D(2026, 5, 14))


def test_comparison_years():
    assert periods.comparison_years(2025, 2) == [2023, 2024, 2025]
    assert periods.comparison_years(2025, 1) == [2024, 2025]
    assert periods.DEFAULT_COMPARE in periods.COMPARE_CHOICES
