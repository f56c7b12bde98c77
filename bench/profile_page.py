"""Profile one page's reruns: ``python -m bench.profile_page sag --scale large [--reps 10]``.

Builds the data as ``bench.run`` does (or copies a kept workdir's with ``--reuse DIR``), opens the
page like the page bench, then profiles N reruns with cProfile, both in the script thread (the page
itself) and in the main thread (AppTest turning the page's messages into its element tree), and
prints the functions with the largest cumulative time. ``--sql`` also times each SQL statement the page runs.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def main() -> None:
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    from bench.run import load_plugins

    parser = argparse.ArgumentParser()
    parser.add_argument("page", help="page bench name, e.g. sag, sager, gennemgange")
    parser.add_argument("--scale", choices=("demo", "large"), default="large")
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--sql", action="store_true", help="time every SQL statement (no cProfile)")
    parser.add_argument("--cache-scripts", action="store_true", help="keep compiled scripts (as streamlit run)")
    parser.add_argument("--filter", default="", help="regex restricting the printed functions")
    parser.add_argument("--reuse", type=Path, default=None, metavar="DIR",
                        help="copy the databases of a kept bench workdir (bench.run --keep) instead of building")
    args = parser.parse_args()

    load_plugins()
    workdir = Path(tempfile.mkdtemp(prefix="reviews-profile-"))
    try:
        _profile(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _profile(args, workdir: Path) -> None:
    from bench import generate, pages
    from bench.registry import PAGE_BENCHES, BenchContext

    if args.cache_scripts:
        pages.share_script_cache()
    bench = PAGE_BENCHES[args.page]
    paths, facts = generate.build(workdir, ("demo", "large") if args.scale == "large" else ("demo",),
                                  reuse=args.reuse)
    ctx = BenchContext(args.scale, paths, workdir, False, facts)
    user = pages.user_for(pages.demo_users(ctx.db_path), bench.action)
    session = pages.Session(pages.APP, ctx.db_path, bench.name).open(bench, ctx, user)
    print(f"{bench.name} ({args.scale}): {session.elements} elements")

    if args.sql:
        _profile_sql(session, args.reps)
        return

    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    thread_prof = cProfile.Profile()
    original = LocalScriptRunner._run_script_thread

    def profiled(self):
        thread_prof.enable()
        try:
            original(self)
        finally:
            thread_prof.disable()

    LocalScriptRunner._run_script_thread = profiled
    main_prof = cProfile.Profile()
    start = time.perf_counter()
    for _ in range(args.reps):
        main_prof.enable()
        session.rerun()
        main_prof.disable()
    LocalScriptRunner._run_script_thread = original
    print(f"{args.reps} profiled reruns in {time.perf_counter() - start:.2f} s")
    for title, prof in (("script thread (the page)", thread_prof), ("main thread (AppTest)", main_prof)):
        print(f"\n===== {title} =====")
        stats = pstats.Stats(prof)
        stats.sort_stats(args.sort)
        if args.filter:
            stats.print_stats(args.filter, args.top)
        else:
            stats.print_stats(args.top)


def _profile_sql(session, reps: int) -> None:
    """Wrap duckdb cursor execute to time each statement (by SQL text) over the reruns."""
    import duckdb

    from reviews.storage import database

    times: dict[str, list[float]] = defaultdict(list)

    class Timed:
        def __init__(self, inner):
            self._inner = inner

        def execute(self, sql, params=None):
            start = time.perf_counter()
            result = self._inner.execute(sql, params if params is not None else [])
            # Include fetching: reads are materialised right away by the callers.
            times[" ".join(sql.split())[:160]].append(time.perf_counter() - start)
            return result

        def __getattr__(self, name):
            return getattr(self._inner, name)

    original_cursor = database.Database.cursor

    def cursor(self):
        return Timed(original_cursor(self))

    original_write = database.Database.write

    def write(self, work):
        return original_write(self, lambda cur: work(Timed(cur)))

    database.Database.cursor = cursor
    database.Database.write = write
    try:
        start = time.perf_counter()
        for _ in range(reps):
            session.rerun()
        total = time.perf_counter() - start
    finally:
        database.Database.cursor = original_cursor
        database.Database.write = original_write
    print(f"{reps} reruns in {total * 1000 / reps:.1f} ms each; SQL (ms per rerun, execute only):")
    for sql, samples in sorted(times.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {sum(samples) * 1000 / reps:7.2f} ms  x{len(samples) // reps:<3d} {sql}")
    del duckdb


if __name__ == "__main__":
    main()
