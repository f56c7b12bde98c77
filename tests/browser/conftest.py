"""Browser test harness: the real app as a Streamlit server, driven by Debian's Chromium through Playwright.

One server and one browser per test session (the machine is small); every test gets a fresh browser
context, so no cookies or Streamlit session leak between tests. The server works on a copy of the demo
database (`demo_db_file` from tests/conftest.py), so tests may write to it.

Without Chromium (or Playwright) the tests are skipped, except under CI=true, where they fail: a
browser suite that silently skips in CI tests nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyotp
import pytest

from reviews.demo import DEMO_TOTP_SECRET

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError as exc:  # reported by the fixtures below (skip, or fail under CI)
    _IMPORT_ERROR: ImportError | None = exc
    Page = object  # type: ignore[misc,assignment]
    PlaywrightError = Exception  # type: ignore[misc,assignment]
    expect = None  # type: ignore[assignment]
else:
    _IMPORT_ERROR = None

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DEMO_PASSWORD = "demo-kode-2026"
CODE_LABEL = "Kode fra godkendelses-app"  # the field (and heading) of the login's second step
TOTP_STEP = 30  # seconds
SERVER_START_TIMEOUT = 60  # seconds until /_stcore/health must answer "ok"
IDLE_TIMEOUT = 30_000  # ms a single Streamlit run may take in the browser tests
ARTIFACTS = Path(tempfile.gettempdir()) / "reviews-browser-artifacts"  # screenshots of failed tests

if _IMPORT_ERROR is None:
    # The app reruns its script on every interaction; on a 2-core machine that can exceed Playwright's 5 s default.
    expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(items):
    # Every test in this folder drives a browser; mark it even if a module forgets `pytestmark`.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_browser_report_{report.when}", report)
    return report


def _unavailable(reason: str) -> None:
    """Skip, except under CI, where a missing browser must turn the run red."""
    if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
        pytest.fail(f"{reason}; CI=true, so the browser tests fail instead of being skipped", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if _IMPORT_ERROR is not None:
        _unavailable(f"playwright / axe-playwright-python not importable: {_IMPORT_ERROR}")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium not found at {CHROMIUM} (Debian package 'chromium'; `make system-deps`)")
    return CHROMIUM


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def running_app(workdir: Path, db_source: Path, *, env: dict[str, str] | None = None,
                args: tuple[str, ...] = (), port: int | None = None):
    """The app as a real Streamlit server on a copy of `db_source`; yields its base URL (no trailing slash)."""
    db_path = workdir / "workbench.duckdb"
    shutil.copy(db_source, db_path)
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "REVIEWS_DB": str(db_path), **(env or {})}
    stdout_path, stderr_path = workdir / "server.stdout", workdir / "server.stderr"
    # sys.executable is the project's .venv python when pytest runs as `.venv/bin/python -m pytest`.
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               *args]
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(f"{base_url}/_stcore/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                state = (f"exited with code {process.returncode}" if process.poll() is not None
                         else f"not healthy after {SERVER_START_TIMEOUT} s")
                pytest.fail(f"Streamlit server {state}.\ncommand: {' '.join(command)}\n"
                            f"--- stderr ---\n{stderr_path.read_text(errors='replace')[-5000:]}\n"
                            f"--- stdout ---\n{stdout_path.read_text(errors='replace')[-2000:]}", pytrace=False)
            time.sleep(0.25)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server(chromium_path, demo_db_file, tmp_path_factory):
    """The app running as a real Streamlit server on a free port; yields its base URL (no trailing slash)."""
    with running_app(tmp_path_factory.mktemp("browser-app"), demo_db_file) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser(chromium_path):
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser, request):
    """A fresh context and page per test; on failure a screenshot goes to ARTIFACTS (outside the repo)."""
    page = new_page(browser)
    context = page.context
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    page.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    yield page
    report = getattr(request.node, "_browser_report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / (re.sub(r"[^\w.-]+", "_", request.node.nodeid) + ".png")
        try:
            page.screenshot(path=str(shot))
            print(f"screenshot of the failed test: {shot}")
        except Exception as exc:  # noqa: BLE001 - the test has already failed; keep its own error
            print(f"no screenshot: {exc}")
        if errors:
            print("browser errors:\n  " + "\n  ".join(errors[-20:]))
    context.close()


# --- helpers -------------------------------------------------------------------------------------------

def new_page(browser, timeout_ms: int = 20_000) -> Page:
    """A page in a browser context of its own (another person at another computer): Danish, Copenhagen time."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK",
                                  timezone_id="Europe/Copenhagen")
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    return page


def click_until(page: Page, button, expected, *, wait_ms: int = 10_000) -> None:
    """Click `button` until `expected` shows, at most twice: on a loaded CI machine a click can land on a button
    React is just replacing, and is lost (seen once in CI: a refused form submit showed no message). Only for
    clicks a second time cannot harm (a refused submit, or one whose button is gone once it worked)."""
    for attempt in range(2):
        button.click()
        wait_for_app_idle(page)
        try:
            expected.first.wait_for(state="visible", timeout=wait_ms)
            return
        except PlaywrightError:
            if attempt or not button.is_visible():
                raise


def tab_into_paragraphs(page: Page, before_label: str):
    """Keyboard only: focus the combobox `before_label` (the control just before the reading view's text) and
    press Tab until a paragraph of the passage picker has the focus (it is one tab stop). Returns its options."""
    options = page.get_by_role("listbox", name="Sidens afsnit").get_by_role("option")
    page.get_by_role("combobox", name=before_label, exact=True).focus()
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.getAttribute('role')") == "option":
            break
    expect(options.first).to_be_focused()
    return options


_IDLE_JS = """
() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = app !== null
        && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector(
            '[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSkeleton"]') === null;
    if (!idle) { window.__reviewsIdleSince = null; return false; }
    window.__reviewsIdleSince = window.__reviewsIdleSince ?? performance.now();
    return performance.now() - window.__reviewsIdleSince >= %(quiet)d;
}
"""


def wait_for_app_idle(page: Page, timeout: int = IDLE_TIMEOUT, quiet_ms: int = 400) -> None:
    """Wait until Streamlit has finished running and has stayed so for `quiet_ms`.

    Idle means: connected, the script run state `notRunning` (the attribute Streamlit's own e2e tests
    use), no running-status widget, no stale elements from the previous run, and no lazy-loading
    skeletons (date inputs and dataframes load their code after the run). The quiet period covers the
    moment between a click and the start of the rerun it triggers, and st.rerun / st.switch_page chains.
    """
    # A login sends the browser through /workbench/session (the cookie) and back: the page is replaced
    # under the wait, so it starts again on the new one.
    for _ in range(5):
        try:
            page.evaluate("() => { window.__reviewsIdleSince = null; }")
            page.wait_for_function(_IDLE_JS % {"quiet": quiet_ms}, timeout=timeout, polling=100)
            return
        except PlaywrightError as exc:
            if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
            page.wait_for_load_state()
    raise AssertionError("the page kept navigating")


def choose_option(page: Page, scope, label: str, option, *, typed: str | None = None,
                  exact: bool = True) -> None:
    """Pick an option of a selectbox: open it, type to filter its (virtualised) list, click the option.

    `typed` defaults to the option itself when it is a string. A rerun that lands while the list is
    open closes or re-renders it (seen on a loaded CI machine: "element was detached from the DOM"),
    so the list is opened anew, up to three times, until the click lands."""
    if typed is None:
        typed = option if isinstance(option, str) else ""
    box = scope.get_by_role("combobox", name=label, exact=True)
    wanted = page.get_by_role("option", name=option, exact=exact if isinstance(option, str) else None).first
    for attempt in range(3):
        wait_for_app_idle(page)
        box.click()
        if typed:
            page.keyboard.type(typed)
        try:
            wanted.click(timeout=5_000)
            break
        except PlaywrightError:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    wait_for_app_idle(page)


# TOTP codes for the logins of this test session. The server accepts a code of the current 30-second step
# or of one step either side, and each step only once per user (a reused code is refused). So every login of
# a user gets a step later than the last one used for that user: the current step, else the next one (which
# the server already accepts as clock drift), else it waits until that one is near. One server per session,
# so the record lives here; a lock, because the load test logs in from a thread of its own.
_totp_lock = threading.Lock()
_last_totp_step: dict[str, int] = {}


def reserve_totp(username: str, secret: str = DEMO_TOTP_SECRET) -> tuple[str, float]:
    """A code the server has not taken for this user yet, and the time.time() from which it takes it."""
    with _totp_lock:
        current = int(time.time()) // TOTP_STEP
        step = max(current, _last_totp_step.get(username, current - 1) + 1)
        _last_totp_step[username] = step
    return pyotp.TOTP(secret).generate_otp(step), (step - 1) * TOTP_STEP + 0.5


def totp_code(username: str, secret: str = DEMO_TOTP_SECRET) -> str:
    """reserve_totp, waiting (up to 30 s) when the code is not yet accepted."""
    code, ready = reserve_totp(username, secret)
    time.sleep(max(0.0, ready - time.time()))
    return code


def used_totp_step(username: str, code_time: float) -> None:
    """Record a code a test typed itself (from time `code_time`), so the harness does not reuse its step."""
    with _totp_lock:
        step = int(code_time) // TOTP_STEP
        _last_totp_step[username] = max(step, _last_totp_step.get(username, step))


def submit_code(page: Page, code: str) -> None:
    """The login's second step: the code from the authenticator app (or a recovery code)."""
    page.get_by_role("textbox", name=CODE_LABEL, exact=True).fill(code)
    page.get_by_role("button", name="Bekræft", exact=True).click()
    wait_for_app_idle(page)


def _code_still_asked(page: Page) -> bool:
    """The code step is shown again with no message: under heavy load the code's submit was lost."""
    return (page.get_by_role("heading", name=CODE_LABEL).count() > 0
            and page.get_by_test_id("stAlert").count() == 0)


def submit_login(page: Page, username: str, password: str, *, secret: str = DEMO_TOTP_SECRET,
                 second_factor: bool = True) -> None:
    """Username and password; when the app then asks for the code from the authenticator app (the password
    was right), the code too, computed from `secret` (the demo users' by default). `second_factor=False`
    stops at the code step."""
    page.get_by_label("Brugernavn", exact=True).fill(username)
    page.get_by_label("Adgangskode", exact=True).fill(password)
    page.get_by_role("button", name="Log ind", exact=True).click()
    wait_for_app_idle(page)
    if second_factor and page.get_by_role("heading", name=CODE_LABEL).count():
        submit_code(page, totp_code(username, secret))
        for _ in range(3):  # under heavy load a submit right after typing can be lost; a new code each time
            if not _code_still_asked(page):
                break
            submit_code(page, totp_code(username, secret))


def wait_for_session_cookie(page: Page, timeout: float = 30.0) -> None:
    """After a login the browser fetches its session cookie (/workbench/session) and comes back: wait for both,
    so the test goes on in the page that holds the login, not in the one about to be replaced."""
    deadline = time.monotonic() + timeout
    while not any(c["name"] == "wb_session" for c in page.context.cookies()):
        if time.monotonic() > deadline:
            raise AssertionError(f"no session cookie after the login ({page.url})")
        page.wait_for_timeout(100)
    page.wait_for_load_state()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()


def login(page: Page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Open the app, log in (password and TOTP code), and wait until the sidebar navigation (shown only when
    logged in) is there, in the page that holds the session cookie."""
    page.goto(base_url + "/")
    wait_for_app_idle(page)
    submit_login(page, username, password)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    wait_for_session_cookie(page)


def nav_link(page: Page, title: str):
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)


def goto_page(page: Page, title: str) -> None:
    """Click the sidebar navigation link with this visible title and wait for the page to run."""
    link = nav_link(page, title)
    link.click()
    wait_for_app_idle(page)
    expect(link).to_have_attribute("aria-current", "page")


# Violations inside Streamlit's own markup that our code cannot fix, as (axe rule id, CSS selector of
# exactly the elements it may hit); any other node of the same rule still fails. (app.py uses a flat
# st.navigation list because the sectioned one renders <ul><div><header>, an invalid list.)
AXE_KNOWN_STREAMLIT_VIOLATIONS: tuple[tuple[str, str], ...] = (
    # st.file_uploader's drop zone (Streamlit 1.67, FileUploader.js): react-dropzone gives it
    # role="presentation" while Streamlit adds tabIndex -1 and the label as aria-label; axe's "minor"
    # presentation-role-conflict. Keyboard and screen-reader users reach the real <input type=file> and
    # the labelled «Browse files» button inside it, which axe checks as usual.
    ("presentation-role-conflict", 'section[data-testid="stFileUploaderDropzone"][role="presentation"]'),
)

_NODE_MATCHES_JS = """
([target, selector]) => {
    const element = document.querySelector(target);
    return element !== null && element.matches(selector);
}
"""


def _is_known(page: Page, rule: str, node: dict) -> bool:
    target = node.get("target") or []
    if len(target) != 1 or not isinstance(target[0], str):  # inside an iframe or shadow DOM: never ignored
        return False
    return any(rule == known_rule and page.evaluate(_NODE_MATCHES_JS, [target[0], selector])
               for known_rule, selector in AXE_KNOWN_STREAMLIT_VIOLATIONS)


def check_axe(page: Page, context_name: str) -> None:
    """Run axe-core on the whole page and fail on any violation not listed above."""
    wait_for_app_idle(page)
    results = Axe().run(page)
    problems = []
    for violation in results.response["violations"]:
        nodes = [n for n in violation["nodes"] if not _is_known(page, violation["id"], n)]
        if nodes:
            problems.append({**violation, "nodes": nodes})
    if problems:
        lines = [f"axe: {len(problems)} accessibility violation(s) on {context_name} ({page.url}):"]
        for violation in problems:
            lines.append(f"- {violation['id']} [{violation['impact']}] {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"][:10]:
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                lines.append(f"    target {node['target']}: {node.get('html', '')[:200]}")
                if summary:
                    lines.append(f"      {summary[:300]}")
            if len(violation["nodes"]) > 10:
                lines.append(f"    … and {len(violation['nodes']) - 10} more")
        pytest.fail("\n".join(lines), pytrace=False)
