"""The one place that reads the time, so tests can set it."""

import datetime as dt


def now() -> dt.datetime:
    """Naive UTC: DuckDB TIMESTAMP columns hold UTC throughout."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def today() -> dt.date:
    return dt.date.today()
