"""Short and long (soak) versions of the data-safety tests, and where they report their figures.

`make test` runs the short versions so CI keeps them alive; `make soak` sets REVIEWS_SOAK=1 for the
long ones (100 kills, 20 sessions x 50 saves, ...). Every safety test reports what it measured with
`report()`: one JSON line per test in REVIEWS_SAFETY_REPORT, also printed (visible with `-s`).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

SOAK = os.environ.get("REVIEWS_SOAK", "") == "1"
REPORT_PATH = Path(os.environ.get("REVIEWS_SAFETY_REPORT",
                                  str(Path(tempfile.gettempdir()) / "reviews-safety-report.jsonl")))


def scale(short: int, long: int) -> int:
    """`long` under `make soak`, `short` otherwise."""
    return long if SOAK else short


def report(name: str, **figures: object) -> None:
    line = json.dumps({"test": name, "soak": SOAK, **figures}, ensure_ascii=False, default=str)
    print(f"\n[safety] {line}")
    REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
    with REPORT_PATH.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
