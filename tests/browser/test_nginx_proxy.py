"""The app behind Debian's nginx, configured by deploy/nginx.conf itself.

The test fills in the template's placeholders (a self-signed certificate for 127.0.0.1, the running test
app's port, deploy/ as the snippets directory), moves the listen addresses to free loopback ports, and runs
nginx with everything it writes (pid, logs, temp files) in a temporary directory. It then checks the
security headers on pages, on Streamlit's endpoints and on error responses; that the WebSocket passes (and a
foreign origin's does not); that plain HTTP redirects to HTTPS; and, in Chromium, that the app logs in,
renders pages with tables and charts, and takes an upload through the proxy without a single Content Security
Policy violation and without a request to any other host.

Without nginx (Debian package nginx-light; `make system-deps`) or openssl the test is skipped, except under
CI=true, where it fails.
"""

from __future__ import annotations

import base64
import hashlib
import os
import pwd
import re
import shutil
import signal
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.safety_report import report

from .conftest import (ARTIFACTS, free_port, _unavailable, expect, goto_page, submit_login, wait_for_app_idle,
                       wait_for_session_cookie)

pytestmark = [pytest.mark.browser, pytest.mark.safety]

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
TEMPLATE = DEPLOY / "nginx.conf"
HEADERS_SNIPPET = DEPLOY / "security-headers.conf"
START_TIMEOUT = 30  # seconds until nginx answers through to the app

PLACEHOLDERS = ("__SERVER_NAME__", "__TLS_CERT__", "__TLS_KEY__", "__APP_PORT__", "__SNIPPETS__")


def _binary(name: str, fallback: str) -> str | None:
    found = shutil.which(name) or fallback
    return found if os.path.isfile(found) and os.access(found, os.X_OK) else None


def expected_headers() -> dict[str, str]:
    """The headers security-headers.conf adds, as {lower-case name: value}: the one source of truth."""
    text = HEADERS_SNIPPET.read_text(encoding="utf-8")
    headers = {}
    for name, value in re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', text, re.MULTILINE):
        assert name.lower() not in headers, f"{name} added twice"
        headers[name.lower()] = value
    # Every add_header line has the `always` flag (else error responses go out without headers).
    assert len(headers) == len(re.findall(r"^\s*add_header\b", text, re.MULTILINE))
    return headers


def csp_directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def directives(template: str) -> str:
    """The configuration without its comment lines."""
    return "\n".join(line for line in template.splitlines() if not line.lstrip().startswith("#"))


def render_site(template: str, *, app_port: int, http_port: int, https_port: int, cert: Path, key: Path) -> str:
    """The production template with test values; every substitution must match exactly as often as expected,
    so a change of the template that the test no longer follows fails here and not somewhere obscure."""
    replacements = [
        ("listen 80;", f"listen 127.0.0.1:{http_port};", 1),
        ("listen [::]:80;", "", 1),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", 1),
        ("listen [::]:443 ssl http2;", "", 1),
        ("__SERVER_NAME__", "127.0.0.1 localhost", 2),
        ("__TLS_CERT__", str(cert), 1),
        ("__TLS_KEY__", str(key), 1),
        ("__APP_PORT__", str(app_port), 1),
        ("__SNIPPETS__", str(DEPLOY), 2),
    ]
    site = directives(template)
    for old, new, count in replacements:
        found = site.count(old)
        assert found == count, f"deploy/nginx.conf: expected {count} × {old!r}, found {found}"
        site = site.replace(old, new)
    leftover = re.findall(r"__[A-Z_]+__", site)
    assert leftover == [], f"undocumented placeholders in deploy/nginx.conf: {leftover}"
    return site


@pytest.fixture(scope="module")
def proxy(app_server, tmp_path_factory):
    nginx = _binary("nginx", "/usr/sbin/nginx")
    if nginx is None:
        _unavailable("nginx not found (Debian package nginx-light; `make system-deps`)")
    openssl = _binary("openssl", "/usr/bin/openssl")
    if openssl is None:
        _unavailable("openssl not found (Debian package openssl) for the test's self-signed certificate")
    work = tmp_path_factory.mktemp("nginx")
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    app_port = int(app_server.rsplit(":", 1)[1])
    http_port, https_port = free_port(), free_port()
    site = render_site(TEMPLATE.read_text(encoding="utf-8"), app_port=app_port, http_port=http_port,
                       https_port=https_port, cert=cert, key=key)
    (work / "site.conf").write_text(site, encoding="utf-8")
    # As root, nginx would run its workers as "nobody", who cannot enter the test's private temp directory.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    main = work / "nginx.conf"
    main.write_text(f"""
{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {work}/access.log;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
""", encoding="utf-8")
    command = [nginx, "-p", str(work), "-e", str(work / "error.log"), "-c", str(main)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, f"nginx -t refused the rendered deploy/nginx.conf:\n{checked.stderr}\n{site}"
    process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"https://127.0.0.1:{https_port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                status, _, body = fetch(base + "/_stcore/health")
                if status == 200 and body.strip() == b"ok":
                    break
            except (urllib.error.URLError, OSError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = (work / "error.log").read_text(errors="replace") if (work / "error.log").exists() else ""
                pytest.fail(f"nginx did not pass requests to the app (exit {process.poll()}):\n{log[-3000:]}",
                            pytrace=False)
            time.sleep(0.2)
        yield {"https": base, "http": f"http://127.0.0.1:{http_port}", "work": work}
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful: finish open requests, remove the pid file
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


_UNVERIFIED = ssl.create_default_context()
_UNVERIFIED.check_hostname = False
_UNVERIFIED.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(urllib.request.HTTPSHandler(context=_UNVERIFIED), _NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, object, bytes]:
    """(status, headers, body) without following redirects; error statuses are returned, not raised."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def assert_security_headers(headers, where: str) -> None:
    for name, value in expected_headers().items():
        sent = headers.get_all(name) or []
        assert sent == [value], f"{where}: {name} is {sent}, expected exactly [{value!r}]"


# --- the template ----------------------------------------------------------------------------------------------


def test_the_template_documents_its_placeholders_and_headers():
    template = TEMPLATE.read_text(encoding="utf-8")
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    used = set(re.findall(r"__[A-Z_]+__", directives(template)))
    assert used == set(PLACEHOLDERS)
    for placeholder in PLACEHOLDERS:
        assert re.search(rf"^#\s+{placeholder}\s+\S", template, re.MULTILINE), f"{placeholder} not explained"
        assert placeholder in readme, f"{placeholder} missing from deploy/README.md"
    headers = expected_headers()
    assert {"content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy",
            "strict-transport-security", "permissions-policy"} <= set(headers)
    for name in headers:
        assert name in readme.lower(), f"deploy/README.md does not explain {name}"
    # Both server blocks get the headers; no location adds its own (which would drop the inherited ones).
    assert directives(template).count("include __SNIPPETS__/security-headers.conf;") == 2
    assert "add_header" not in directives(template)
    csp = csp_directives(headers["content-security-policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in sum(csp.values(), [])
    assert "'unsafe-inline'" not in csp["script-src"] and "*" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert all(not v.startswith(("http:", "https:", "*")) for v in sum(csp.values(), []))  # no outside hosts
    assert headers["x-frame-options"] == "DENY"
    assert int(re.search(r"max-age=(\d+)", headers["strict-transport-security"]).group(1)) >= 31_536_000


def test_inline_scripts_of_the_app_are_allowed_by_their_hash(proxy):
    status, headers, body = fetch(proxy["https"] + "/")
    assert status == 200
    scripts = re.findall(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", body, re.DOTALL)
    assert scripts, "Streamlit's index.html has no inline script any more: remove its hash from the CSP"
    allowed = csp_directives(headers["Content-Security-Policy"])["script-src"]
    for script in scripts:
        digest = "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        assert digest in allowed, (f"inline script {script[:60]!r} is not allowed by the CSP; after a Streamlit "
                                   f"upgrade put {digest} into deploy/security-headers.conf")


# --- headers on the wire ---------------------------------------------------------------------------------------


def test_security_headers_on_every_kind_of_response(proxy):
    base = proxy["https"]
    status, headers, body = fetch(base + "/")
    assert status == 200 and b'<div id="root">' in body
    script = re.search(rb'src="\./(static/js/[^"]+\.js)"', body).group(1).decode()
    checked = {}
    for path, expected_status in [("/", 200), ("/_stcore/health", 200), ("/_stcore/host-config", 200),
                                  ("/" + script, 200), ("/sag?id=1", 200), ("/favicon.png", 200),
                                  ("/_stcore/metrics", 404), ("/_stcore/agent/openapi.json", 404)]:
        status, headers, _ = fetch(base + path)
        assert status == expected_status, (path, status)
        assert_security_headers(headers, path)
        assert headers.get("Server") == "nginx", (path, headers.get("Server"))  # no version number
        checked[path] = status
    # A plain-HTTP request is redirected to HTTPS, with the headers too.
    status, headers, _ = fetch(proxy["http"] + "/sag?id=1")
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/sag?id=1"
    assert_security_headers(headers, "http redirect")
    checked["http://…/sag?id=1"] = status
    report("nginx_proxy.headers", responses=checked, headers=sorted(expected_headers()))


def test_cors_and_websocket_through_the_proxy(proxy):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    _, headers, _ = fetch(proxy["https"] + "/_stcore/host-config", {"Origin": "https://angriber.example"})
    assert headers.get("Access-Control-Allow-Origin") is None
    stream = proxy["https"].replace("https://", "wss://") + "/_stcore/stream"
    with connect(stream, origin=proxy["https"], ssl=_UNVERIFIED, open_timeout=30) as ws:
        assert ws.response.status_code == 101
    with pytest.raises(InvalidStatus) as refused:
        with connect(stream, origin="https://angriber.example", ssl=_UNVERIFIED, open_timeout=30):
            pass
    assert refused.value.response.status_code == 403


# --- the app in the browser, through the proxy ------------------------------------------------------------------

_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_the_app_works_through_the_proxy_under_the_policy(browser, proxy):
    base = proxy["https"]
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900}, locale="da-DK",
                                  timezone_id="Europe/Copenhagen")
    context.add_init_script(_CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if re.search(
        r"Content Security Policy|Refused to|Permissions-Policy|Mixed Content", m.text) else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((base + "/", "data:", "blob:"))
            else None)
    try:
        response = page.goto(base + "/")
        assert response.status == 200
        assert response.headers["content-security-policy"] == expected_headers()["content-security-policy"]
        wait_for_app_idle(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
        submit_login(page, "formand", "demo-kode-2026")
        wait_for_session_cookie(page)
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sagsregister")
        expect(page.locator('[data-testid="stDataFrame"] td[role="gridcell"]').first).to_be_attached()
        pages = ["Sagsregister"]
        for title, element in (("Årsberetning (statistik)", "stVegaLiteChart"), ("Klageanalyse", "stVegaLiteChart"),
                               ("Gennemgange", "stDataFrame"), ("Kodebøger", "stDataFrame")):
            more = page.get_by_test_id("stSidebarNav").get_by_text(re.compile(r"^View \d+ more$"))
            if more.count():
                more.click()
            goto_page(page, title)
            expect(page.get_by_role("heading", level=1)).to_have_text(title)
            expect(page.get_by_test_id(element).first).to_be_visible()
            pages.append(title)
        # An upload of 3 MB goes through the proxy (nginx's default limit is 1 MB) and the XSRF check.
        goto_page(page, "Importér sager")
        rows = "".join(f"Familie {7000 + i};Børn og Familie;01-02-2024;{'x' * 90}\n" for i in range(30_000))
        data = ("Pseudonym;Område;Oprettet;Resumé\n" + rows).encode("utf-8")
        assert len(data) > 3 * 1024 * 1024
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            files=[{"name": "sager.csv", "mimeType": "text/csv", "buffer": data}])
        wait_for_app_idle(page, timeout=60_000)
        expect(page.get_by_role("heading", name="Kolonner")).to_be_visible()
        expect(page.get_by_text("30.000 rækker").first).to_be_visible()
        pages.append("Importér sager (3 MB upload)")
        violations = page.evaluate("() => window.__cspViolations")
        hint = ("\nThe favicon: app.py's page_icon=':material/…' makes every browser fetch it from "
                "fonts.gstatic.com (Google); an emoji (page_icon='⚖️', a data: URL) or a local image file keeps it "
                "on the app's own origin." if any("fonts.gstatic.com" in v for v in violations) else "")
        assert violations == [] and problems == [], "\n".join([*violations, *problems]) + hint
        assert foreign == [], f"requests to other hosts: {foreign}"
        expect(page.get_by_test_id("stException")).to_have_count(0)
        report("nginx_proxy.browser", pages=pages, csp_violations=0, foreign_requests=0, upload_bytes=len(data))
    except BaseException:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "test_nginx_proxy_browser.png"))
        print(f"screenshot: {ARTIFACTS / 'test_nginx_proxy_browser.png'}")
        raise
    finally:
        context.close()
