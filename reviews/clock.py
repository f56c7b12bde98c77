"""The one place that reads the time, so tests can set it, and the one home of the Copenhagen time zone.

Moments are stored as naive UTC (DuckDB TIMESTAMP columns hold UTC throughout); people read and type
Copenhagen wall-clock time, and "today" is Copenhagen's today, whatever the server's own zone.
"""

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")


def now() -> dt.datetime:
    """Naive UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def today() -> dt.date:
    """Copenhagen's calendar date now (a UTC server's date lags an hour or two behind at midnight)."""
    return local_date(now())


def to_utc(value: dt.datetime) -> dt.datetime:
    """A moment as naive UTC: an aware one converted, a naive one taken as UTC already."""
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def local_to_utc(local: dt.datetime, *, fold: int = 0) -> dt.datetime:
    """A Copenhagen wall-clock time (naive) as naive UTC.

    In the autumn hour that occurs twice, ``fold=0`` means the first (summer-time) occurrence, ``fold=1``
    the second. A wall-clock time that does not exist (the spring hour skipped, e.g. 02:30 on the last
    Sunday of March) is read as if the clock had not yet been put forward, which is one hour later in
    summer time (02:30 -> 03:30 CEST), the usual convention.
    """
    if local.tzinfo is not None:
        return to_utc(local)
    aware = local.replace(tzinfo=LOCAL_TZ, fold=fold)
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


def utc_to_local(utc: dt.datetime) -> dt.datetime:
    """Naive UTC as a naive Copenhagen wall-clock time."""
    return to_utc(utc).replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ).replace(tzinfo=None)


def local_date(utc: dt.datetime) -> dt.date:
    """The Copenhagen calendar date of a naive UTC moment (statistics count by local date)."""
    return utc_to_local(utc).date()


def combine_local(day: dt.date, time: dt.time, *, fold: int = 0) -> dt.datetime:
    """A local date and time (as entered in the UI) as naive UTC."""
    return local_to_utc(dt.datetime.combine(day, time.replace(tzinfo=None)), fold=fold)
