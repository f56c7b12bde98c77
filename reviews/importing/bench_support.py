"""Synthetic, deterministic import files for benchmarks (``make bench``) and tests.

All names and texts are fictional. A small share of event texts carry a made-up
CPR-shaped number so that the masking path is exercised as in real exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from reviews.importing.template import EVENT_TYPES, TEMPLATE_COLUMNS

_AREAS = (
    "Børn og Familie",
    "Handicap og Psykiatri",
    "Beskæftigelse",
    "Ældre og Sundhed",
    "Teknik og Miljø",
)
_SENTENCES = (
    "Mor ringede og fortalte, at skolen er bekymret for fraværet.",
    "Der blev afholdt møde på rådhuset med familien og sagsbehandleren.",
    "Familien oplever, at de ikke er blevet hørt i forløbet.",
    "Sagsbehandleren har været på hjemmebesøg; børnene virkede trygge.",
    "Klagen vedrører den lange sagsbehandlingstid på bevillingen.",
    "Far ønsker en bisidder med til næste møde.",
    "Afgørelsen blev sendt med partshøring og klagevejledning.",
    "Der er aftalt opfølgning om tre måneder; dagsorden sendes på forhånd.",
    "Ny sagsbehandler overtog sagen uden overlevering til familien.",
    "Plejefamilien beskriver gode fremskridt i skolen og i fritiden.",
    "Familien fik ikke svar på deres henvendelse inden for fristen.",
    "Psykologen anbefaler, at barnet inddrages mere i beslutningerne.",
)
_STATUSES = ("åben", "åben", "i gennemgang", "lukket")


def _fake_cpr(rng: random.Random) -> str:
    """A CPR-shaped string with a valid birth date (century digit 0-3 -> 1900s)."""
    day = rng.randint(1, 28)
    month = rng.randint(1, 12)
    year = rng.randint(50, 99)
    serial = rng.randint(0, 3999)
    return f"{day:02d}{month:02d}{year:02d}-{serial:04d}"


def _event_text(rng: random.Random) -> str:
    parts = rng.sample(_SENTENCES, rng.randint(1, 4))
    if rng.random() < 0.05:
        # Multi-line notes are common in exports from case systems.
        return "\n".join(parts)
    if rng.random() < 0.01:
        parts.append(f"Barnets CPR {_fake_cpr(rng)} fremgår af journalen.")
    return " ".join(parts)


def make_events_csv(path: str | Path, n_rows: int, n_cases: int, seed: int = 0) -> Path:
    """Write an events file in the template format (``;``, UTF-8 with BOM, dd-mm-yyyy).

    Rows are grouped by case; case columns repeat on every row of the case, as in
    typical exports. Returns the path written.
    """
    if n_cases < 1 or n_rows < n_cases:
        raise ValueError("need n_cases >= 1 and n_rows >= n_cases")
    rng = random.Random(seed)
    path = Path(path)
    # Spread rows over cases; every case gets at least one row.
    counts = [1] * n_cases
    for _ in range(n_rows - n_cases):
        counts[rng.randrange(n_cases)] += 1

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(TEMPLATE_COLUMNS)
        base = dt.date(2019, 1, 1)
        for case_no, count in enumerate(counts, start=1):
            opened = base + dt.timedelta(days=rng.randint(0, 1500))
            status = rng.choice(_STATUSES)
            closed = opened + dt.timedelta(days=rng.randint(30, 700)) if status == "lukket" else None
            case_cells = [
                f"Familie {case_no}",
                rng.choice(_AREAS),
                opened.strftime("%d-%m-%Y"),
                closed.strftime("%d-%m-%Y") if closed else "",
                status,
                f"Sag om {rng.choice(_SENTENCES).lower()}",
            ]
            day = opened
            for _ in range(count):
                day = day + dt.timedelta(days=rng.randint(0, 20))
                writer.writerow(
                    case_cells
                    + [day.strftime("%d-%m-%Y"), rng.choice(EVENT_TYPES), _event_text(rng)]
                )
    return path
