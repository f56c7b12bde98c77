"""Click → finished rerun in a real browser (issue 14 item 5), beside the AppTest figure of the same page.

The page benches (bench/pages.py) time a rerun inside one Python process through AppTest: the script's own
cost. A user also waits for the websocket round trip, the delta messages and React drawing them. This bench
starts the app as a real Streamlit server (``running_app`` of tests/browser/conftest.py, on a copy of the
bench's demo database), logs in through Debian's Chromium with Playwright (``login``, as the same demo user
the page bench uses), and on five much-used pages clicks a widget that reruns the script without changing
any data (a sort order, an event picker, a polarity radio, a tab with on_change="rerun"), alternating
between two values. Each click is timed in the page itself: from the click's ``pointerdown`` to the moment
the rerun is finished (the idle condition of ``wait_for_app_idle``: connected, script state ``notRunning``,
no status widget, no stale element, no skeleton) followed by the next animation frame, i.e. drawn. A
MutationObserver records that moment exactly (no polling, no sleeps); the bench only waits afterwards for
a quiet period, so an st.rerun chain counts up to its last run.

Baseline: a three-line Streamlit script with a button and a run counter (``st.button`` + ``st.write``,
AppTest's empty script plus the thing to click and a change to see) on a server of its own. Every repetition times, in a rotating order, the
page in the browser, the same page's AppTest rerun (as bench/pages.py opens it), the empty script in the
browser and in AppTest, so machine load hits all four alike. Informational: no targets.

The harness helpers are imported from tests/browser/conftest.py (``make bench`` installs the dev tools,
pytest and Playwright among them); pytest's fail/skip outcomes there are turned into ordinary errors.
Without Chromium or Playwright the bench is skipped with a NOTE.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.registry import NOTES, PAGE_BENCHES, Result, operation

NAME = "browser click→rerun"
QUIET_MS = 300  # no new run for this long after the finish: the rerun (chain) is over
CLICK_TIMEOUT_MS = 60_000  # one click's rerun on a loaded 2-core machine
WARMUP = 2  # clicks per page before timing (lazy-loaded frontend code, first-run caches)
# A run counter, so that every rerun changes the page (a 2 ms run can pass without the script-state attribute
# ever showing "running" in the DOM: React renders the running and the finished state in one batch).
BASELINE_SCRIPT = ('import streamlit as st\n\nst.session_state["n"] = st.session_state.get("n", 0) + 1\n'
                   'st.button("x")\nst.write(f"run {st.session_state[\'n\']}")\n')

# Installed in the page before each timed click. `pointerdown` (capture phase, the first event of a
# click) starts the clock; every batch of DOM mutations re-evaluates the idle condition of
# tests/browser/conftest.py (_IDLE_JS without its quiet period). A change of the script-state attribute
# marks that a run happened; the first idle moment after it (and again after any later run) is the finish,
# and the next animation frame after that the drawn finish.
_ARM_JS = """
() => {
    const b = window.__rerunBench ?? (window.__rerunBench = {});
    if (b.observer) b.observer.disconnect();
    if (b.onDown) window.removeEventListener('pointerdown', b.onDown, true);
    Object.assign(b, {clickAt: null, runSeen: false, changed: false, idleAt: null, drawnAt: null, token: 0,
                      runs: 0});
    const idle = () => {
        const app = document.querySelector('[data-testid="stApp"]');
        return app !== null
            && app.getAttribute('data-test-connection-state') === 'CONNECTED'
            && app.getAttribute('data-test-script-state') === 'notRunning'
            && document.querySelector(
                '[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSkeleton"]') === null;
    };
    b.onDown = () => { if (b.clickAt === null) b.clickAt = performance.now(); };
    window.addEventListener('pointerdown', b.onDown, true);
    b.observer = new MutationObserver((records) => {
        const now = performance.now();
        if (b.clickAt === null) return;
        for (const r of records) {
            if (r.type === 'attributes' && r.attributeName === 'data-test-script-state'
                && r.target.getAttribute('data-test-script-state') === 'running') { b.runSeen = true; b.runs++; }
            else if (r.type === 'childList' || r.type === 'characterData') b.changed = true;
        }
        if (!idle()) { b.idleAt = null; b.drawnAt = null; b.token++; return; }
        // Idle after a run or a change of the page: the latest such moment is the finish so far (a later
        // batch of changes moves it; the quiet period of _DONE_JS waits for the last).
        if (b.runSeen || b.changed) {
            b.idleAt = now;
            b.drawnAt = null;
            const token = ++b.token;
            requestAnimationFrame(() => setTimeout(() => {
                if (b.token === token) b.drawnAt = performance.now();
            }, 0));
        }
    });
    b.observer.observe(document.documentElement, {
        subtree: true, childList: true, characterData: true, attributes: true,
        attributeFilter: ['data-test-script-state', 'data-test-connection-state', 'data-stale']});
}
"""

_DONE_JS = """
(quiet) => {
    const b = window.__rerunBench;
    if (!b || b.drawnAt === null || b.idleAt === null) return false;
    if (performance.now() - b.idleAt < quiet) return false;
    return {click: b.clickAt, idle: b.idleAt, drawn: b.drawnAt, runs: b.runs};
}
"""


# --- what is clicked on each page ----------------------------------------------------------------------


@dataclass(frozen=True)
class Trigger:
    """Two states of one widget; `prepare(page, i)` gets ready untimed (e.g. opens a drop-down), the timed
    `click(page, i)` then causes the rerun; i alternates 1, 0, 1, ... starting from state 0 (the default)."""

    describe: str
    prepare: Callable[[Any, int], None]
    click: Callable[[Any, int], None]
    setup: Callable[[Any], None] | None = None  # once, after opening the page (e.g. the tab holding the widget)


def _single(locator, what: str):
    locator.first.wait_for(state="visible")
    if locator.count() != 1:
        raise RuntimeError(f"expected one {what}, found {locator.count()}")
    return locator


def selectbox(label: str) -> Trigger:
    """Choose option 1, then option 0, ... of the (one visible) selectbox with this label."""

    def combo(page):
        return _single(page.get_by_role("combobox", name=label, exact=True).filter(visible=True),
                       f"selectbox {label!r}")

    def prepare(page, i):
        # A late rerun (a fragment, a chained st.rerun) can close the list as it opens: open it again.
        for attempt in range(3):
            combo(page).click()
            try:
                page.get_by_role("option").nth(i).wait_for(state="visible", timeout=5_000)
                return
            except Exception:  # noqa: BLE001 - Playwright's TimeoutError; the third one is raised
                if attempt == 2:
                    raise
                page.keyboard.press("Escape")

    return Trigger(f"selectbox «{label}»", prepare, lambda page, i: page.get_by_role("option").nth(i).click())


def radio(label: str, options: tuple[str, str]) -> Trigger:
    def click(page, i):
        group = _single(page.get_by_test_id("stRadio").filter(has_text=label, visible=True),
                        f"radio {label!r}")
        group.get_by_text(options[i], exact=True).click()

    def setup(page):  # the radio starts with nothing chosen (index=None): choose option 0 as state 0
        click(page, 0)

    return Trigger(f"radio «{label}»", lambda page, i: None, click, setup=lambda page: _untimed(page, setup))


def tabs(names: tuple[str, str]) -> Trigger:
    return Trigger(f"tabs «{names[0]}»/«{names[1]}» (on_change=rerun)", lambda page, i: None,
                   lambda page, i: page.get_by_role("tab", name=names[i], exact=True).click())


def _open_tab(name: str) -> Callable[[Any], None]:
    return lambda page: _untimed(page, lambda p: p.get_by_role("tab", name=name, exact=True).click())


def _untimed(page, action: Callable[[Any], None]) -> None:
    from tests.browser.conftest import wait_for_app_idle

    action(page)
    wait_for_app_idle(page)


def _choose_review(name: str) -> Callable[[Any], None]:
    """Pick the review as the page benches do (their setup puts Task Force 4200 in the session state)."""
    def choose(page):
        page.get_by_role("combobox", name="Vælg gennemgang", exact=True).click()
        page.get_by_role("option", name=name).first.click()

    return lambda page: _untimed(page, choose)


@dataclass(frozen=True)
class BrowserPage:
    name: str  # the page bench's name (its url path): the AppTest figure comes from the same PageBench
    trigger: Trigger
    query: Callable[[Any], str] = lambda ctx: ""  # e.g. "?id=17" (the page bench's setup, as a link)
    extra_setup: Callable[[Any], None] | None = None


PAGES_TO_CLICK = (
    BrowserPage("sager", selectbox("Sortér efter")),
    BrowserPage("sag", selectbox("Hændelse"), query=lambda ctx: f"?id={ctx.fact('heavy_case_id')}",
                extra_setup=_open_tab("Ret hændelse")),
    BrowserPage("kodning", radio("Polaritet (Signs of Safety)", ("Hvad bekymrer os?", "Hvad går godt?")),
                extra_setup=_choose_review("Task Force 4200")),
    BrowserPage("enighed", tabs(("Pr. kode", "Pr. sag")), extra_setup=_choose_review("Task Force 4200")),
    BrowserPage("henvendelser", selectbox("Sortér efter")),
)


# --- the servers and the browser ---------------------------------------------------------------------


def _harness():
    """The browser test harness, or the reason it cannot run (then the bench is skipped)."""
    try:
        from tests.browser import conftest
    except ImportError as exc:
        return None, f"the browser harness is not importable ({exc}; `make install-dev`)"
    if conftest._IMPORT_ERROR is not None:
        return None, f"playwright not importable: {conftest._IMPORT_ERROR}"
    if not (os.path.isfile(conftest.CHROMIUM) and os.access(conftest.CHROMIUM, os.X_OK)):
        return None, f"Chromium not found at {conftest.CHROMIUM} (Debian package 'chromium'; `make system-deps`)"
    return conftest, None


class _Outcome(RuntimeError):
    """pytest.fail/skip raised by the harness (BaseException subclasses), as an ordinary error."""


def _plain_errors(fn: Callable[[], Any]) -> Any:
    import pytest

    try:
        return fn()
    except (pytest.fail.Exception, pytest.skip.Exception) as exc:
        raise _Outcome(str(exc)) from None


class _BaselineServer:
    """BASELINE_SCRIPT under `streamlit run`, with the flags running_app uses."""

    def __init__(self, workdir: Path, harness) -> None:
        self.workdir = workdir
        self.port = harness.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        script = workdir / "browser_baseline_app.py"
        script.write_text(BASELINE_SCRIPT, encoding="utf-8")
        command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port),
                   "--server.headless", "true", "--server.address", "127.0.0.1",
                   "--browser.gatherUsageStats", "false"]
        self.log = workdir / "browser_baseline.stderr"
        with open(self.log, "wb") as err:
            self.process = subprocess.Popen(command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=err,
                                            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("baseline Streamlit server did not start: "
                                   + self.log.read_text(errors="replace")[-2000:])
            time.sleep(0.25)

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def _new_page(browser):
    from tests.browser.conftest import new_page

    return new_page(browser, timeout_ms=30_000)


def _close_not_found(page, harness) -> None:
    """The user's first page (Sagsregister for the chair) is served at "/" only: its own path runs it too, but
    under Streamlit's modal «Page not found», which makes the rest of the page inert. Close it."""
    dialog = page.get_by_role("dialog").filter(has_text="Page not found")
    if dialog.count():
        page.keyboard.press("Escape")
        dialog.wait_for(state="detached")
        _plain_errors(lambda: harness.wait_for_app_idle(page))


def _check_page(page, label: str) -> None:
    if page.get_by_test_id("stException").count():
        raise RuntimeError(f"{label}: the page shows an exception: "
                           + page.get_by_test_id("stException").first.inner_text()[:300])


@dataclass
class _Clicker:
    """One browser page on one app page, clicking its trigger back and forth."""

    label: str
    page: Any
    trigger: Trigger
    state: int = 0
    samples: list[float] = field(default_factory=list)  # ms, click to drawn finish
    dom_samples: list[float] = field(default_factory=list)  # ms, click to the finished DOM (before drawing)

    def click(self) -> float:
        nxt = 1 - self.state
        self.trigger.prepare(self.page, nxt)
        self.page.evaluate(_ARM_JS)
        self.trigger.click(self.page, nxt)
        try:
            handle = self.page.wait_for_function(_DONE_JS, arg=QUIET_MS, timeout=CLICK_TIMEOUT_MS, polling=50)
        except Exception as exc:  # noqa: BLE001 - say which click, keep Playwright's message
            raise RuntimeError(f"{self.label}: no finished rerun after clicking {self.trigger.describe}: "
                               f"{str(exc)[:200]}") from None
        done = handle.json_value()
        self.state = nxt
        self.samples.append(done["drawn"] - done["click"])
        self.dom_samples.append(done["idle"] - done["click"])
        return self.samples[-1]

    def warm_up(self) -> None:
        for _ in range(WARMUP):
            self.click()
        _check_page(self.page, self.label)
        self.samples.clear()
        self.dom_samples.clear()

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples)


def _script_cache_shared() -> bool:
    from streamlit.testing.v1 import app_test

    return not isinstance(app_test.ScriptCache, type)


# --- the bench --------------------------------------------------------------------------------------


@operation(NAME, scales=("demo",))
def browser_reruns(ctx) -> list[Result]:
    harness, why_not = _harness()
    if harness is None:
        NOTES.append(f"{NAME} skipped: {why_not}")
        print(f"  skipped: {why_not}")
        return []
    from playwright.sync_api import sync_playwright

    from bench import pages as page_benches

    # A server compiles each script once; so does AppTest here (as bench.run does unless --recompile-scripts),
    # so both sides measure the page, not the compiler.
    if not _script_cache_shared():
        page_benches.share_script_cache()
    reps = ctx.reps(10, 3)
    users = page_benches.demo_users(ctx.db_path)
    workdir = ctx.workdir / "browser-reruns"
    workdir.mkdir(exist_ok=True)

    chosen = [p for p in PAGES_TO_CLICK if p.name in PAGE_BENCHES]
    for p in PAGES_TO_CLICK:
        if p.name not in PAGE_BENCHES:
            NOTES.append(f"{NAME}: no page bench named {p.name!r}; not measured")

    results: list[Result] = []
    baseline_server = _BaselineServer(workdir, harness)
    playwright = sync_playwright().start()
    try:
        app = harness.running_app(workdir, ctx.db_path)
        base_url = _plain_errors(app.__enter__)
        try:
            browser = playwright.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
            results = _measure(ctx, harness, browser, base_url, baseline_server.url, chosen, users, reps, workdir)
            browser.close()
        finally:
            app.__exit__(None, None, None)
    finally:
        playwright.stop()
        baseline_server.close()
    return results


def _measure(ctx, harness, browser, base_url: str, baseline_url: str, chosen: list[BrowserPage],
             users: dict[str, Any], reps: int, workdir: Path) -> list[Result]:
    from bench import pages as page_benches

    # The empty script: in the browser and in AppTest, timed beside every page.
    empty_page = _new_page(browser)
    empty_page.goto(baseline_url)
    _plain_errors(lambda: harness.wait_for_app_idle(empty_page))
    empty = _Clicker("empty script", empty_page, Trigger(
        "button «x»", lambda page, i: None, lambda page, i: page.get_by_role("button", name="x", exact=True).click()))
    empty.warm_up()
    empty_at = page_benches.empty_session(workdir)
    for _ in range(3):
        empty_at.rerun()
    empty_at.samples.clear()

    logged_in: dict[str, Any] = {}  # username -> its browser page (one login per user: TOTP codes)
    measured: list[tuple[BrowserPage, _Clicker, Any, list[float], list[float]]] = []
    for spec in chosen:
        bench = PAGE_BENCHES[spec.name]
        started = time.perf_counter()
        user = page_benches.user_for(users, bench.action)
        page = logged_in.get(user.username)
        if page is None:
            page = _new_page(browser)
            _plain_errors(lambda page=page: harness.login(page, base_url, user.username))
            logged_in[user.username] = page
        page.goto(f"{base_url}/{spec.name}{spec.query(ctx)}")
        _plain_errors(lambda page=page: harness.wait_for_app_idle(page))
        _close_not_found(page, harness)
        _check_page(page, spec.name)
        for setup in (spec.extra_setup, spec.trigger.setup):
            if setup is not None:
                _plain_errors(lambda setup=setup, page=page: setup(page))
        clicker = _Clicker(spec.name, page, spec.trigger)
        _plain_errors(clicker.warm_up)
        session = page_benches.Session(page_benches.APP, ctx.db_path, f"{spec.name} (AppTest)").open(bench, ctx, user)
        for _ in range(2):
            session.rerun()
        session.samples.clear()
        empty_browser: list[float] = []
        empty_apptest: list[float] = []
        order: list[Callable[[], Any]] = [
            clicker.click, session.rerun,
            lambda: empty_browser.append(empty.click()), lambda: empty_apptest.append(empty_at.rerun() * 1000)]
        with page_benches.frozen_heap():
            for rep in range(reps):
                shift = rep % len(order)
                for step in order[shift:] + order[:shift]:
                    _plain_errors(step)
        _check_page(page, spec.name)
        measured.append((spec, clicker, session, empty_browser, empty_apptest))
        print(f"  {spec.name:14s} browser {clicker.median_ms:7.1f} ms (DOM done {statistics.median(clicker.dom_samples):7.1f},"
              f" min {min(clicker.samples):6.1f}, max {max(clicker.samples):6.1f}) | AppTest {session.median_ms:6.1f} ms"
              f" | empty: browser {statistics.median(empty_browser):5.1f}, AppTest {statistics.median(empty_apptest):4.1f} ms"
              f" | {user.username}, {spec.trigger.describe}  [{time.perf_counter() - started:.1f} s]")

    for page in [empty_page, *logged_in.values()]:
        page.context.close()

    results: list[Result] = []
    empty_ms = empty.median_ms  # over every page's interleaved samples: steadier than one page's ten
    empty_at_ms = empty_at.median_ms
    results.append(Result(f"{NAME}: empty script", empty_ms, "ms", empty_ms / empty_at_ms,
                          f"info; AppTest {empty_at_ms:.1f} ms; ratio ÷AppTest", None))
    for spec, clicker, session, _, _ in measured:
        x, y = clicker.median_ms, session.median_ms
        results.append(Result(f"{NAME} demo: {spec.name}", x, "ms", x / y,
                              f"info; AppTest {y:.1f} ms; {x / empty_ms:.1f}x browser empty", None))
    return results
