"""Run the benchmarks: ``python -m bench.run [--scale demo|large|both] [--quick]``.

Builds the databases in a temporary directory (never data/), times every page rerun against an
empty Streamlit script, runs every operation bench (the 100k-row import against DuckDB's read_csv,
and whatever features registered under bench/features/), prints a table and writes
``bench/results.json``: a JSON list of ``{"name", "value", "unit", "ratio", "target", "met"}``, the
first entry named "meta" with machine and run information. The exit code is 0 even when targets
are missed: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import pkgutil
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.registry import NOTES, OPERATION_BENCHES, BenchContext, Result

RESULTS = Path(__file__).resolve().parent / "results.json"
PAGE_REPS = {"full": 15, "quick": 3}


def load_plugins() -> list[str]:
    """Import the core benches and every module in bench/features/ (each registers its entries)."""
    import bench.features
    from bench import generate, import_bench, pages  # noqa: F401 - registration by import

    pages.register_navigation_pages()
    loaded = []
    for module in pkgutil.iter_modules(bench.features.__path__):
        importlib.import_module(f"bench.features.{module.name}")
        loaded.append(module.name)
    return loaded


def machine_info() -> dict:
    import duckdb
    import pandas
    import pyarrow
    import streamlit

    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "streamlit": streamlit.__version__,
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "platform": platform.platform(),
        "machine": platform.machine(),
    }


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def fmt_value(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def print_table(results: list[Result]) -> None:
    width = max(len(r.name) for r in results)
    header = f"{'name':<{width}}  {'value':>10} {'unit':<6} {'ratio':>7}  {'target':<32} met"
    print(header)
    print("-" * len(header))
    for r in results:
        met = "" if r.met is None else ("yes" if r.met else "NO  <-- missed")
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}"
        print(f"{r.name:<{width}}  {fmt_value(r.value):>10} {r.unit:<6} {ratio:>7}  {r.target:<32} {met}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("demo", "large", "both"), default="both",
                        help="data scale(s) for the page benches; both (default) gives large/demo ratios")
    parser.add_argument("--quick", action="store_true", help="few repetitions: a smoke run")
    parser.add_argument("--reps", type=int, default=None, help="page reruns (default 15, quick 3)")
    parser.add_argument("--only", action="append", default=[],
                        help="run only benches whose name contains this text (repeatable)")
    parser.add_argument("--no-pages", action="store_true", help="skip the page benches")
    parser.add_argument("--no-ops", action="store_true", help="skip the operation benches")
    # A running server compiles each page once (its pages manager caches the bytecode); AppTest
    # recompiles on every run unless told otherwise, which would measure the compiler, not the page.
    parser.add_argument("--recompile-scripts", dest="cache_scripts", action="store_false",
                        help="recompile app.py and the page on every rerun (AppTest's default)")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS})")
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases and files")
    parser.add_argument("--reuse", type=Path, default=None, metavar="DIR",
                        help="copy the databases of an earlier run's kept workdir instead of building them")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    load_before = _loadavg()
    scales = ("demo", "large") if args.scale == "both" else (args.scale,)
    page_reps = args.reps or PAGE_REPS["quick" if args.quick else "full"]

    def select(name: str) -> bool:
        return not args.only or any(part.lower() in name.lower() for part in args.only)

    # Keep Streamlit's own log lines out of the table (set before streamlit is imported).
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    plugins = load_plugins()
    from bench import generate, pages

    workdir = Path(tempfile.mkdtemp(prefix="reviews-bench-"))
    print(f"bench: scale={args.scale} quick={args.quick} page reruns={page_reps} workdir={workdir}"
          + (f" features={','.join(plugins)}" if plugins else ""))
    results: list[Result] = []
    try:
        print("data:")
        db_paths, facts = generate.build(workdir, scales, reuse=args.reuse)
        contexts = {scale: BenchContext(scale, db_paths, workdir, args.quick, facts, args.reps) for scale in scales}
        for scale in scales:
            f = facts[scale]
            print(f"  {scale}: {f['count_cases']:,} cases, {f['count_timeline_events']:,} events, "
                  f"{f['count_reviews']} reviews ({f['count_review_cases']:,} selected cases), "
                  f"{f['count_audit_log']:,} audit rows; case page: {f['heavy_case_pseudonym']} "
                  f"({f['heavy_case_events']} events); reviews page: {f['default_review']!r} "
                  f"({f['default_review_cases']} cases)")

        if not args.no_pages:
            if args.cache_scripts:
                pages.share_script_cache()
            print(f"pages (median of {page_reps} reruns; demo/large/empty script interleaved):")
            results += pages.run_page_benches(contexts, workdir, page_reps, select, print)

        if not args.no_ops:
            for bench in OPERATION_BENCHES.values():
                if not select(bench.name):
                    continue
                for scale in bench.scales or (None,):
                    if scale is not None and scale not in scales:
                        continue
                    print(f"operation: {bench.name}" + (f" ({scale})" if scale else ""))
                    step = time.perf_counter()
                    ctx = BenchContext(scale, db_paths, workdir, args.quick, facts, args.reps)
                    try:
                        results += bench.fn(ctx)
                    except Exception as exc:  # a broken bench must not hide the other figures
                        print(f"  FAILED: {type(exc).__name__}: {exc}")
                        results.append(Result(f"{bench.name}" + (f" ({scale})" if scale else ""), None, "",
                                              None, "runs without error", False))
                    print(f"  [{time.perf_counter() - step:.1f} s]")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    runtime = time.perf_counter() - started
    meta = {
        "name": "meta", "value": None, "unit": "", "ratio": None, "target": "", "met": None,
        "info": {
            **machine_info(),
            "started_at": started_at, "runtime_s": round(runtime, 1), "scale": args.scale, "quick": args.quick,
            "page_reruns": page_reps, "cache_scripts": args.cache_scripts, "argv": sys.argv[1:],
            "notes": list(dict.fromkeys(NOTES)),
            "load_average_before": load_before, "load_average_after": _loadavg(),
            "page_cpu_ms_median": pages.CPU_MS,
            "data": {scale: {k: v for k, v in facts.get(scale, {}).items()
                             if k.startswith(("count_", "heavy_", "default_"))} for scale in scales},
        },
    }
    args.out.write_text(json.dumps([meta, *(r.as_json() for r in results)], ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")

    print()
    print_table(results)
    missed = [r for r in results if r.met is False]
    print()
    info = meta["info"]
    print(f"machine: {info['cpu_count']} CPUs, Python {info['python']}, DuckDB {info['duckdb']}, "
          f"Streamlit {info['streamlit']}; load average {info['load_average_after']}; runtime {runtime:.0f} s; "
          f"results: {args.out}")
    for note in dict.fromkeys(NOTES):
        print(f"NOTE: {note}")
    if missed:
        print(f"TARGETS MISSED ({len(missed)}):")
        for r in missed:
            print(f"  - {r.name}: {fmt_value(r.value)} {r.unit}"
                  + (f" (ratio {r.ratio:.2f})" if r.ratio is not None else "") + f", target {r.target}")
    else:
        print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
