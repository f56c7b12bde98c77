"""The case import (100,000 timeline events for 5,000 cases) against DuckDB's own CSV reader.

Ours: the full path the import page takes for an uploaded file: the file's bytes, ``read_table``,
``suggest_mapping``, ``validate_rows`` and ``imports.import_cases`` into a freshly migrated, empty
database file (a new one each repetition; the acting administrator is created there, untimed).
DuckDB: ``CREATE TABLE t AS SELECT * FROM read_csv(file)`` in an in-memory connection, i.e. reading
and materialising the same file with DuckDB's parallel CSV reader and type detection.
Target: ours <= 2x DuckDB.
"""

from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path

from bench.registry import NOTES, BenchContext, Result, operation

ROWS = 100_000
CASES = 5_000
SEED = 4200
TARGET_X = 2.0


WORKAROUND_NOTE = (
    "reviews/storage/cases.py insert_new_events_df: fetchone() leaves an unfinished DuckDB 2.0 result, so "
    "cur.unregister() raises ResourceInUseException; timed with a bench-only cursor proxy that drains the "
    "result (cur.fetchall()) before unregister"
)


class _DrainingCursor:
    """Bench-only stand-in for the write cursor: finishes a pending result before ``unregister``.

    Used only when the plain import path fails with DuckDB 2.0's "unfinished result" error (an app
    bug reported in the bench output); costs one no-op fetch per unregister."""

    def __init__(self, inner):
        self._inner = inner

    def unregister(self, name):
        import duckdb

        try:
            self._inner.fetchall()
        except duckdb.Error:
            pass
        return self._inner.unregister(name)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _apply_workaround(db) -> None:
    from reviews.storage.database import Database

    db.write = lambda work: Database.write(db, lambda cur: work(_DrainingCursor(cur)))


def _is_unfinished_result(exc: BaseException) -> bool:
    return type(exc).__name__ == "ResourceInUseException" and "unfinished result" in str(exc)


def _remove_db(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


@operation("import 100k events", scales=None)
def import_bench(ctx: BenchContext) -> list[Result]:
    import duckdb

    from reviews.importing.bench_support import make_events_csv
    from reviews.importing.cases import validate_rows
    from reviews.models import Role
    from reviews.services import auth, imports
    from reviews.storage.database import Database

    csv_path = ctx.workdir / "events_100k.csv"
    if not csv_path.exists():
        start = time.perf_counter()
        make_events_csv(csv_path, ROWS, CASES, seed=SEED)
        print(f"  wrote {csv_path.name} ({csv_path.stat().st_size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - start:.1f} s")
    reps = ctx.reps(3, 1)

    def duck_read() -> float:
        con = duckdb.connect(":memory:")
        try:
            begin = time.perf_counter()
            con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(csv_path)])
            con.execute("SELECT count(*) FROM t").fetchall()
            return time.perf_counter() - begin
        finally:
            con.close()

    duck_read()  # warm-up: file in the page cache, DuckDB's CSV code loaded
    workaround = False
    steps: dict[str, list[float]] = {"read_table": [], "suggest_mapping + validate_rows": [], "import_cases": []}
    totals: list[float] = []
    duck_samples: list[float] = []
    report = None
    problems = 0
    attempt = 0
    # DuckDB and ours alternate, so that load from other processes hits both alike.
    while len(totals) < reps:
        attempt += 1
        db_path = ctx.workdir / f"import_{attempt}.duckdb"
        _remove_db(db_path)
        db = Database(str(db_path))
        admin = auth.create_user_unchecked(db, None, username="bench-admin", full_name="Bench Administrator",
                                           role=Role.ADMINISTRATOR, password="bench-password-2026")
        if workaround:
            _apply_workaround(db)
        gc.collect()
        try:
            t0 = time.perf_counter()
            data = csv_path.read_bytes()
            table = imports.read_table(data, csv_path.name)
            t1 = time.perf_counter()
            mapping = imports.suggest_mapping(list(table.columns))
            result = validate_rows(table, mapping)
            t2 = time.perf_counter()
            problems = len(result.problems)
            try:
                report = imports.import_cases(db, admin, result, valid_only=bool(result.problems),
                                              filename=csv_path.name)
            except Exception as exc:
                if workaround or not _is_unfinished_result(exc):
                    raise
                print(f"  APP BUG: import_cases failed: {type(exc).__name__}: {str(exc)[:120]}")
                print("  retrying with a bench-only workaround: " + WORKAROUND_NOTE)
                NOTES.append(WORKAROUND_NOTE)
                workaround = True
                continue
            t3 = time.perf_counter()
        finally:
            db.close()
            _remove_db(db_path)
        del data, table, result
        steps["read_table"].append(t1 - t0)
        steps["suggest_mapping + validate_rows"].append(t2 - t1)
        steps["import_cases"].append(t3 - t2)
        totals.append(t3 - t0)
        gc.collect()
        duck_samples.append(duck_read())
    ours = statistics.median(totals)
    duck = statistics.median(duck_samples)

    ratio = ours / duck
    if report is not None:
        print(f"  imported: {report.cases_created} cases, {report.events_added} events "
              f"({report.events_skipped_duplicates} duplicates skipped, {report.masked_cpr} CPR masked, "
              f"{problems} problems)")
    results = []
    if workaround:
        results.append(Result("import runs without bench workaround", None, "", None,
                              "no error (see meta notes)", False))
    results += [
        Result(f"import {ROWS // 1000}k events vs duckdb read_csv", ours, "s", ratio,
               f"<= {TARGET_X:g}x duckdb read_csv", ratio <= TARGET_X),
        Result(f"duckdb read_csv {ROWS // 1000}k events", duck, "s"),
    ]
    for step, samples in steps.items():
        median = statistics.median(samples)
        results.append(Result(f"import step: {step}", median, "s", median / duck))
    results.append(Result("import throughput", ROWS / ours, "rows/s"))
    return results
