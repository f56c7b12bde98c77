"""One Copenhagen time zone, one conversion to UTC, and Copenhagen's today on a UTC server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reviews import clock

ROOT = Path(__file__).resolve().parents[1]


def test_today_is_copenhagens_date_not_the_servers(monkeypatch):
    # 23:30 UTC on 31 December is already New Year's Day in Copenhagen (UTC+1 in winter).
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 12, 31, 23, 30))
    assert clock.today() == dt.date(2027, 1, 1)
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 6, 30, 21, 59))
    assert clock.today() == dt.date(2026, 6, 30)  # summer: UTC+2, one minute before midnight


def test_to_utc_and_back():
    aware = dt.datetime(2026, 3, 29, 3, 30, tzinfo=clock.LOCAL_TZ)  # the first hour of summer time
    assert clock.to_utc(aware) == dt.datetime(2026, 3, 29, 1, 30)
    assert clock.to_utc(dt.datetime(2026, 1, 1, 12)) == dt.datetime(2026, 1, 1, 12)  # naive: UTC already
    assert clock.local_to_utc(dt.datetime(2026, 10, 25, 2, 30)) == dt.datetime(2026, 10, 25, 0, 30)
    assert clock.local_to_utc(dt.datetime(2026, 10, 25, 2, 30), fold=1) == dt.datetime(2026, 10, 25, 1, 30)
    assert clock.utc_to_local(dt.datetime(2026, 7, 1, 22)) == dt.datetime(2026, 7, 2, 0)


def test_the_time_zone_and_the_server_date_are_read_in_one_place():
    offenders = []
    for path in [*(ROOT / "reviews").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py"]:
        if path.name == "clock.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ('ZoneInfo("Europe/Copenhagen")', '"Europe/Copenhagen"', "date.today()", "datetime.now()"):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []
