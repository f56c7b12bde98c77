"""Registries that make the benchmark extensible.

Three kinds of entries, each keyed by a unique name:

* data generators (``GENERATORS``, see ``bench.generate``): bulk SQL that adds large-scale data to a
  database that already holds the demo data;
* page benches (``PAGE_BENCHES``): one Streamlit page timed through ``AppTest`` at each scale;
* operation benches (``OPERATION_BENCHES``): any other measured operation (import, agreement
  computation, Word export, ...), returning ``Result`` rows.

A feature adds its own entries in a module under ``bench/features/`` (imported automatically by
``bench.run``), for example::

    from bench.registry import Result, operation, timed

    @operation("agreement 5,000 cases", scales=("large",))
    def agreement(ctx):
        db = ctx.open_db()
        seconds, _ = timed(lambda: compute_agreement(db, ...), ctx.reps(5))
        return [Result("agreement large: 5,000 cases", seconds * 1000, "ms", target="<= 500 ms",
                       met=seconds <= 0.5)]
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCALES = ("demo", "large")
NOTES: list[str] = []  # anything a bench wants on record (workarounds, skipped parts): goes into "meta"


# --- results ------------------------------------------------------------------------------------


@dataclass
class Result:
    """One row of ``bench/results.json``."""

    name: str
    value: float | None
    unit: str
    ratio: float | None = None
    target: str = ""
    met: bool | None = None  # None: informational, no target

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": None if self.value is None else round(self.value, 3),
            "unit": self.unit,
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "target": self.target,
            "met": self.met,
        }


# --- context handed to benches ------------------------------------------------------------------


@dataclass
class BenchContext:
    """What a bench gets: the prepared database of one scale and the run's settings."""

    scale: str | None  # "demo", "large", or None for scale-independent operation benches
    db_paths: dict[str, Path]  # scale -> database file with that scale's data
    workdir: Path  # temporary directory of this run; benches may write files here
    quick: bool
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)  # scale -> facts from generation
    reps_override: int | None = None

    @property
    def db_path(self) -> Path:
        if self.scale is None:
            raise ValueError("scale-independent bench has no database of its own")
        return self.db_paths[self.scale]

    def fact(self, key: str, default: Any = None) -> Any:
        return self.facts.get(self.scale or "", {}).get(key, default)

    def reps(self, full: int, quick: int = 1) -> int:
        if self.reps_override:
            return self.reps_override
        return quick if self.quick else full

    def open_db(self):
        """A `reviews` Database on this scale's file (close it when done)."""
        from reviews.storage.database import Database

        return Database(str(self.db_path))


def _same(old: Callable, new: Callable) -> bool:
    """The same function imported twice (e.g. ``python -m bench.generate`` runs the module as __main__
    and again as bench.generate): the later registration replaces the earlier one."""
    return old.__qualname__ == new.__qualname__ and "__main__" in (old.__module__, new.__module__)


# --- generators ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generator:
    name: str
    fn: Callable[..., dict[str, Any] | None]  # fn(cur, facts) -> facts to add
    order: int


GENERATORS: dict[str, Generator] = {}


def generator(name: str, *, order: int = 100) -> Callable:
    """Register a large-scale data generator ``fn(cur, facts) -> dict | None``.

    ``cur`` is a DuckDB cursor inside one transaction on a migrated database with the demo data;
    ``facts`` holds what earlier generators reported (e.g. ``chair_id``, ``case_pseudonym_range``).
    Generators run in ``order`` (then name). Use bulk SQL (``INSERT ... SELECT ... FROM range(n)``)
    with deterministic values (``hash(range, 'salt')``).
    """

    def decorate(fn):
        if name in GENERATORS and not _same(GENERATORS[name].fn, fn):
            raise ValueError(f"generator {name!r} registered twice")
        GENERATORS[name] = Generator(name, fn, order)
        return fn

    return decorate


# --- page benches -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageBench:
    name: str  # shown in results, e.g. "sager"
    path: str  # page file relative to app.py, e.g. "pages/cases.py"
    action: str | None  # permission needed; None: the logged-out login page
    setup: Callable[[BenchContext, Any], None] | None = None  # setup(ctx, session_state) before the first run
    target_x_empty: float = 10.0  # rerun target, as a multiple of the empty script's rerun
    target_x_demo: float = 2.0  # large-scale rerun target, as a multiple of the demo-scale rerun


PAGE_BENCHES: dict[str, PageBench] = {}
PAGE_SETUPS: dict[str, Callable[[BenchContext, Any], None]] = {}


def page_bench(bench: PageBench) -> PageBench:
    """Register (or replace) a page bench. Pages in ``reviews.navigation.PAGES`` are added automatically."""
    PAGE_BENCHES[bench.name] = bench
    return bench


def page_setup(path: str) -> Callable:
    """Register ``fn(ctx, session_state)`` that prepares the session before the page at ``path`` runs,
    e.g. choosing the record the page shows (``session_state["case_id"] = ctx.fact("heavy_case_id")``)."""

    def decorate(fn):
        PAGE_SETUPS[path] = fn
        return fn

    return decorate


# --- operation benches --------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationBench:
    name: str
    fn: Callable[[BenchContext], list[Result]]
    scales: tuple[str, ...] | None  # run once per listed scale; None: once, scale-independent


OPERATION_BENCHES: dict[str, OperationBench] = {}


def operation(name: str, *, scales: tuple[str, ...] | None = None) -> Callable:
    """Register an operation bench ``fn(ctx) -> list[Result]``."""

    def decorate(fn):
        if name in OPERATION_BENCHES and not _same(OPERATION_BENCHES[name].fn, fn):
            raise ValueError(f"operation bench {name!r} registered twice")
        OPERATION_BENCHES[name] = OperationBench(name, fn, scales)
        return fn

    return decorate


# --- timing helpers -----------------------------------------------------------------------------


def timed(fn: Callable[[], Any], reps: int, *, setup: Callable[[], Any] | None = None,
          warmup: int = 0) -> tuple[float, list[float]]:
    """Median wall time in seconds of ``fn()`` over ``reps`` runs (``setup()`` untimed before each)."""
    for _ in range(warmup):
        if setup:
            setup()
        fn()
    samples = []
    for _ in range(max(1, reps)):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples


def within(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit
