"""Page rerun benches: every page of ``reviews.navigation.PAGES`` (plus the login page) through
``streamlit.testing.v1.AppTest`` against ``app.py``, in this one process.

For each page: one AppTest session per scale (demo, large) logged in as a demo user whose role may
see the page, switched to the page and run once to warm up; then N reruns (``at.run()``), alternating
demo rerun / large rerun / empty-script rerun in a rotating order so that machine noise hits all
three alike. The baseline is an AppTest of a two-line script (``import streamlit as st`` and
``st.write("x")``): it is what Streamlit + AppTest cost by themselves.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.registry import PAGE_BENCHES, PAGE_SETUPS, BenchContext, PageBench, Result, page_bench, page_setup

# Streamlit re-applies its configured log level on every AppTest run; "missing ScriptRunContext"
# warnings (AppTest touching session state from the main thread) would otherwise flood the output.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
EMPTY_SCRIPT = 'import streamlit as st\n\nst.write("x")\n'
TIMEOUT_S = 300

# Roles tried in this order; the first whose role may see the page is used. The chair sees the
# management parts of the case and review pages, so those are benched with everything on screen.
ROLE_PREFERENCE = ("chair", "administrator", "ombudsman", "reviewer", "reader")


# Median process CPU time per page rerun (ms), for the "meta" entry: wall time much above CPU time
# means the machine was busy with other work during the run.
CPU_MS: dict[str, dict[str, float]] = {}


def register_navigation_pages() -> None:
    """A page bench for the login page and for every page in the navigation (named by its url path)."""
    from reviews.navigation import PAGES

    page_bench(PageBench("login", "pages/login.py", None))
    for page in PAGES:
        if not any(b.path == page.path for b in PAGE_BENCHES.values()):
            page_bench(PageBench(page.url_path, page.path, page.action))


@page_setup("pages/case.py")
def _case_setup(ctx: BenchContext, session_state: Any) -> None:
    # The case with the most timeline events (at large scale one of the 50 long-running cases, ~240).
    session_state["case_id"] = ctx.fact("heavy_case_id")


# --- users --------------------------------------------------------------------------------------


def demo_users(db_path: Path) -> dict[str, Any]:
    """The demo users of the database, by role value (the first user of each role)."""
    from reviews.demo import DEMO_USERS
    from reviews.models import Role, User
    from reviews.services import auth
    from reviews.storage.database import Database

    admin = User(id=0, username="bench-admin", full_name="Bench", role=Role.ADMINISTRATOR)
    db = Database(str(db_path))
    try:
        stored = {u.username: u for u in auth.list_users(db, admin)}
    finally:
        db.close()
    users: dict[str, Any] = {}
    for demo in DEMO_USERS:
        if demo.username in stored:
            users.setdefault(demo.role.value, stored[demo.username])
    return users


def user_for(users: dict[str, Any], action: str | None):
    from reviews.services.permissions import allowed

    if action is None:
        return None
    for role in ROLE_PREFERENCE:
        user = users.get(role)
        if user is not None and allowed(user, action):
            return user
    raise LookupError(f"no demo user may do {action!r}")


# --- AppTest sessions ---------------------------------------------------------------------------


class PageError(RuntimeError):
    pass


@dataclass
class Session:
    """One AppTest session on one script, bound to one database file."""

    script: Path
    db_path: Path | None
    label: str
    samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)  # process CPU time: robust to other processes' load
    elements: int = 0

    def __post_init__(self) -> None:
        from streamlit.testing.v1 import AppTest

        _quiet_streamlit()
        self.at = AppTest.from_file(str(self.script), default_timeout=TIMEOUT_S)
        _quiet_streamlit()  # loggers created while constructing

    def _env(self) -> None:
        if self.db_path is not None:
            os.environ["REVIEWS_DB"] = str(self.db_path)

    def _check(self) -> None:
        _quiet_streamlit()  # a run may re-apply Streamlit's configured log level
        if self.at.exception:
            raise PageError(f"{self.label}: " + "; ".join(str(e.value) for e in self.at.exception))

    def open(self, bench: PageBench | None, ctx: BenchContext | None, user) -> Session:
        """Log in, run the landing page, switch to the bench's page and run it once (warm-up)."""
        self._env()
        if bench is not None:
            self.at.session_state["lang"] = "da"
            if user is not None:
                self.at.session_state["user"] = user
            setup = bench.setup or PAGE_SETUPS.get(bench.path)
            if setup is not None:
                setup(ctx, self.at.session_state)
            self.at.run()
            self._check()
            if user is not None:
                self.at.switch_page(bench.path)
        self.at.run()
        self._check()
        self.elements = count_elements(self.at)
        return self

    def rerun(self) -> float:
        self._env()
        gc.collect()  # garbage of the previous (other) session is not this page's cost; cheap: see frozen()
        cpu_start = time.process_time()
        start = time.perf_counter()
        self.at.run()
        elapsed = time.perf_counter() - start
        self.cpu_samples.append(time.process_time() - cpu_start)
        self._check()
        self.samples.append(elapsed)
        return elapsed

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def median_cpu_ms(self) -> float:
        return statistics.median(self.cpu_samples) * 1000


def share_script_cache() -> None:
    """Make AppTest keep compiled scripts between runs, as ``streamlit run`` does.

    ``AppTest._run`` creates a new ``ScriptCache`` on every run, so app.py and the page are parsed,
    rewritten for "magic" and compiled again on each rerun (7-30 ms per file here), a cost a real
    server pays once. Used by ``bench.run`` (unless --recompile-scripts) to see the pages' own cost.
    The page comes from the pages manager's cache (made in ``AppTest._run``), the main script (app.py)
    from the script runner's own (made in ``LocalScriptRunner.__init__``): both are shared."""
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = app_test.ScriptCache()
    app_test.ScriptCache = lambda: shared
    local_script_runner.ScriptCache = lambda: shared


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Move every live object out of the garbage collector's reach while one page is measured.

    The bench process holds far more objects than a server session (several AppTests, element
    trees, DataFrames); a full collection here takes 0.2-0.5 s and would land in some random rerun.
    Frozen, the collection before each rerun only looks at what the previous rerun left behind."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _quiet_streamlit() -> None:
    """AppTest sets session state from the main thread, which makes Streamlit log "missing
    ScriptRunContext" warnings (outside the timed reruns); keep them out of the output."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def count_elements(at) -> int:
    """Elements on the page after the run (a rough measure of how much the page draws)."""
    count = 0
    stack = [at.main, at.sidebar]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children:
            stack.extend(children.values())
        else:
            count += 1
    return count


def empty_session(workdir: Path) -> Session:
    script = workdir / "empty_app.py"
    script.write_text(EMPTY_SCRIPT, encoding="utf-8")
    return Session(script, None, "empty script").open(None, None, None)


# --- the bench ----------------------------------------------------------------------------------


def run_page_benches(contexts: dict[str, BenchContext], workdir: Path, reps: int,
                     select: Callable[[str], bool], log: Callable[[str], None]) -> list[Result]:
    """Time every registered page at every prepared scale; results for the table and the JSON file.

    The ratio to the empty script uses the median of all empty-script reruns of the whole run (taken
    interleaved with every page): a 3-ms script's median over 15 samples is too jumpy on a shared
    machine to judge one page by; the per-page baseline is still shown in the log."""
    scales = list(contexts)
    users = {scale: demo_users(ctx.db_path) for scale, ctx in contexts.items()}
    baseline = empty_session(workdir)
    for _ in range(3):
        baseline.rerun()
    baseline.samples.clear()

    measured: list[tuple[PageBench, dict[str, Session]]] = []
    failed: list[PageBench] = []
    for bench in PAGE_BENCHES.values():
        if not select(bench.name):
            continue
        started = time.perf_counter()
        sessions: dict[str, Session] = {}
        try:
            for scale in scales:
                user = user_for(users[scale], bench.action)
                sessions[scale] = Session(APP, contexts[scale].db_path, f"{bench.name} ({scale})").open(
                    bench, contexts[scale], user)
            local_baseline: list[float] = []
            order = [*sessions.values(), None]
            with frozen_heap():
                for rep in range(reps):
                    shift = rep % len(order)
                    for session in order[shift:] + order[:shift]:
                        if session is None:
                            local_baseline.append(baseline.rerun())
                        else:
                            session.rerun()
        except Exception as exc:  # noqa: BLE001 - one broken page must not stop the others
            log(f"  {bench.name}: FAILED: {type(exc).__name__}: {str(exc)[:300]}")
            failed.append(bench)
            continue
        measured.append((bench, sessions))
        base_ms = statistics.median(local_baseline) * 1000
        parts = [f"{scale} {s.median_ms:6.1f} ms (cpu {s.median_cpu_ms:6.1f}, {s.elements:3d} elements)"
                 for scale, s in sessions.items()]
        log(f"  {bench.name:16s} " + " | ".join(parts) + f" | empty {base_ms:4.1f} ms (cpu "
            f"{statistics.median(baseline.cpu_samples[-reps:]) * 1000:4.1f})"
            f"  [{time.perf_counter() - started:.1f} s]")

    CPU_MS.clear()
    CPU_MS.update({bench.name: {scale: round(s.median_cpu_ms, 1) for scale, s in sessions.items()}
                   for bench, sessions in measured})
    if baseline.cpu_samples:
        CPU_MS["empty script"] = {"all": round(statistics.median(baseline.cpu_samples) * 1000, 2)}
    results: list[Result] = []
    if baseline.samples:
        results.append(Result("empty script rerun", baseline.median_ms, "ms", 1.0,
                              "baseline (AppTest of a 2-line script)", None))
    for bench, sessions in measured:
        for scale, session in sessions.items():
            ratio = session.median_ms / baseline.median_ms
            results.append(Result(f"page rerun {scale}: {bench.name}", session.median_ms, "ms", ratio,
                                  f"<= {bench.target_x_empty:g}x empty script", ratio <= bench.target_x_empty))
        if "demo" in sessions and "large" in sessions:
            growth = sessions["large"].median_ms / sessions["demo"].median_ms
            results.append(Result(f"page large/demo: {bench.name}", growth, "x", growth,
                                  f"<= {bench.target_x_demo:g}x", growth <= bench.target_x_demo))
    for bench in failed:
        for scale in scales:
            results.append(Result(f"page rerun {scale}: {bench.name}", None, "ms", None,
                                  "runs without error", False))
    return results
