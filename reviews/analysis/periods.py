"""Date windows for the ombudsman's statistics: the default analysis window, a chart period's own window,
and the years a yearly report compares.

Whole calendar dates only (no clock times), so daylight saving plays no part. "Today" is Copenhagen's
(reviews.clock.today()) unless a caller passes one. Pure functions: no database, no Streamlit.
"""

from __future__ import annotations

import calendar
import datetime as dt

from reviews import clock

GRAIN_MONTHS = {"month": 1, "quarter": 3, "year": 12}
COMPARE_CHOICES = (1, 2, 3, 4)  # how many earlier years a yearly report can set beside the chosen one
DEFAULT_COMPARE = 2
EARLIEST = dt.date(1990, 1, 1)  # the first date the analysis window accepts


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; a day the target month lacks becomes its last (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_window(latest_year: int, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The year up to today, or up to the end of `latest_year` when that year is over: (from, to), both included.

    A window ending on 29 February starts on 1 March the year before (the year before has no 29th).
    """
    today = today or clock.today()
    date_to = min(today, dt.date(latest_year, 12, 31))
    return add_months(date_to, -12) + dt.timedelta(days=1), date_to


def is_window(date_from: dt.date | None, date_to: dt.date | None) -> bool:
    """Both ends given and the end not before the start (one day, from == to, is a window)."""
    return bool(date_from and date_to) and date_to >= date_from


def quarter(day: dt.date) -> int:
    """The calendar quarter (1-4) that `day` falls in."""
    return (day.month - 1) // 3 + 1


def period_end(start: dt.date, grain: str) -> dt.date:
    """The last day of the month, quarter or year beginning on `start`."""
    return add_months(start, GRAIN_MONTHS[grain]) - dt.timedelta(days=1)


def period_window(start: dt.date, grain: str, date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """A chart period's own window, cut to the analysed window (the first and last periods may be partial)."""
    return max(start, date_from), min(period_end(start, grain), date_to)


def comparison_years(year: int, compare: int) -> list[int]:
    """`year` and the `compare` years before it, ascending (`year` last)."""
    return list(range(int(year) - int(compare), int(year) + 1))
