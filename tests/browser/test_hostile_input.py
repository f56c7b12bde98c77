"""Hostile input in the browser: XSS payloads typed into the app's text fields are shown as the text that was
typed, no script runs and no dialog opens; uploads over the limit, files whose content does not match the
extension and a zip bomb are refused with a clear message; requests from other origins are refused.

The payloads go in through the real forms (the stronger test: the same path an attacker has), are saved,
and are then checked where the app shows them again: headings, flash messages, the case summary and timeline,
the reading view of another user, findings, learning points, the ombudsman's register.
"""

from __future__ import annotations

import io
import json
import re
import urllib.request
import uuid
import zipfile

import duckdb
import pytest

from reviews import i18n

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # the browser fixtures skip (or fail under CI) with the reason
    PlaywrightTimeoutError = TimeoutError
from tests.safety_report import report

from .conftest import choose_option, check_axe, expect, goto_page, login, wait_for_app_idle

pytestmark = [pytest.mark.browser, pytest.mark.safety]

# Each line is one payload; together they are one multi-line text. Every one must come back as typed.
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    "<svg onload=alert(3)>",
    "javascript:alert(4)",
    "[klik her](javascript:alert(5))",
    '"><iframe src=javascript:alert(6)></iframe>',
    "![spor](https://example.invalid/spor.png)",
    '<a href="javascript:alert(8)">åbn</a> **fed** _kursiv_ `kode`',
    "<details open ontoggle=alert(9)>x</details>",
    "</div><style>body{display:none}</style>",
    "{{7*7}} ${7*7} $x^2$ <!-- kommentar -->",
    "Rødgrød med fløde: æøå ÆØÅ <b onmouseover=alert(12)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(13)>",
]
LONG = "\n".join(PAYLOADS)


def short(prefix: str, limit: int = 80) -> str:
    """A payload that fits a short field (pseudonyms: at most 80 characters)."""
    text = f'{prefix} <img src=x onerror="window.__xss=3"> ![s](https://x.invalid/s.png)'
    assert len(text) <= limit, len(text)
    return text


# Elements and attributes no payload may produce. Streamlit itself uses none of them (checked on a clean page).
_DANGEROUS_JS = r"""
() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            if (/^on/i.test(attr.name)) found.push(`${el.tagName}[${attr.name}]`);
            if (/^\s*javascript:/i.test(attr.value)) found.push(`${el.tagName}[${attr.name}=${attr.value}]`);
        }
    }
    for (const el of document.querySelectorAll('iframe, object, embed, base, meta[http-equiv], form[action]'))
        found.push(el.tagName);
    for (const el of document.querySelectorAll('img'))
        if (!el.src.startsWith(location.origin) && !el.src.startsWith('data:')) found.push(`IMG[src=${el.src}]`);
    for (const el of document.querySelectorAll('script'))
        if (el.textContent.includes('__xss')) found.push('SCRIPT with payload');
    for (const el of document.querySelectorAll('style'))
        if (el.textContent.includes('body{display:none}')) found.push('STYLE from payload');
    return found;
}
"""

# The text the app shows (markdown, headings, alerts); form fields (inputs, text areas) are left out, since
# they hold the typed text anyway.
_SHOWN_TEXT_JS = """
() => [...document.querySelector('[data-testid="stMain"]')
           .querySelectorAll('[data-testid="stMarkdownContainer"], h1, h2, h3')]
    .map(el => el.innerText).join('\\n')
"""


class XssWatch:
    """Fails the test when a payload ran: a dialog, window.__xss set, or dangerous markup in the DOM."""

    def __init__(self, page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.checks = 0
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def check(self, where: str) -> None:
        wait_for_app_idle(self.page)
        assert self.dialogs == [], f"{where}: a dialog opened: {self.dialogs}"
        assert self.page.evaluate("() => typeof window.__xss") == "undefined", f"{where}: a payload script ran"
        assert self.page.evaluate(_DANGEROUS_JS) == [], f"{where}: markup from a payload is in the page"
        expect(self.page.get_by_test_id("stException")).to_have_count(0)
        self.checks += 1


def assert_shown_as_typed(page, texts: list[str], where: str) -> int:
    shown = page.evaluate(_SHOWN_TEXT_JS)
    missing = [t for t in texts if t not in shown]
    assert missing == [], f"{where}: not shown as typed: {missing}\n--- shown ---\n{shown[-3000:]}"
    return len(texts)


def flash(page, text: str):
    return page.get_by_test_id("stAlert").filter(has_text=text)


def visible_form(page, text: str):
    form = page.locator('[data-testid="stForm"]:visible').filter(has_text=text)
    expect(form).to_have_count(1)
    return form


def follow_link(page, path: str) -> None:
    page.evaluate("(path) => { history.pushState({}, '', path);"
                  " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }", path)
    wait_for_app_idle(page)


def logout(page) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    wait_for_app_idle(page)


@pytest.fixture(scope="module")
def review_case(demo_db_file) -> tuple[int, str]:
    """A case of Task Force 4200 that the ombudsman has not read yet and no other browser test uses."""
    with duckdb.connect(str(demo_db_file), read_only=True) as con:
        return con.execute("SELECT id, pseudonym FROM cases WHERE pseudonym = 'Familie 26'").fetchone()


def test_clean_page_has_no_dangerous_markup(page, app_server):
    """The DOM check finds nothing on a page without payloads (so what it finds later comes from them)."""
    watch = XssWatch(page)
    login(page, app_server, "formand")
    watch.check("case register")
    page.evaluate("() => { const img = document.createElement('img'); img.src = 'https://example.invalid/x.png';"
                  " document.body.appendChild(img); }")
    with pytest.raises(AssertionError, match="markup from a payload"):
        watch.check("case register with an injected image")


def test_case_texts_and_a_finding_are_shown_as_typed(page, app_server, review_case):
    watch = XssWatch(page)
    checked = 0
    login(page, app_server, "formand")

    # The search field: the payload is a search term, nothing more.
    search = page.get_by_label("Søg", exact=True)
    search.fill(PAYLOADS[1])
    search.press("Enter")
    watch.check("case search")
    expect(page.get_by_test_id("stMain")).to_contain_text("Ingen sager")
    search.fill("")
    search.press("Enter")
    wait_for_app_idle(page)

    # A new case with a payload as pseudonym and all payloads as summary.
    pseudonym = short(f"F{uuid.uuid4().hex[:4]}")
    page.get_by_test_id("stExpander").filter(has_text="Ny sag").get_by_text("Ny sag").click()
    form = visible_form(page, "Resumé")
    form.get_by_label("Pseudonym", exact=True).fill(pseudonym)
    form.get_by_label("Resumé", exact=True).fill(LONG)
    wait_for_app_idle(page)
    form.get_by_role("button", name="Opret").click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(pseudonym)
    expect(flash(page, "er oprettet")).to_contain_text(f"Sagen {pseudonym} er oprettet.")
    checked += assert_shown_as_typed(page, [pseudonym, *PAYLOADS], "new case")
    watch.check("new case")

    # A timeline event with all payloads.
    page.get_by_role("tab", name="Ny hændelse").click()
    form = visible_form(page, "Hændelsestype")
    form.get_by_label("Tekst", exact=True).fill(LONG)
    form.get_by_role("button", name="Gem").click()
    wait_for_app_idle(page)
    expect(flash(page, "Hændelsen er tilføjet.")).to_be_visible()
    timeline = page.get_by_test_id("stMarkdownContainer").filter(has_text=PAYLOADS[0]).filter(has_text="·")
    expect(timeline).to_have_count(1)
    for line in PAYLOADS:
        assert line in timeline.inner_text(), line
    checked += len(PAYLOADS)
    watch.check("timeline")
    check_axe(page, "case page full of payloads")

    # A case of the review gets a payload pseudonym, so the reviewers' reading view shows it.
    case_id, original = review_case
    renamed = short(original)
    follow_link(page, f"/sag?id={case_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(original)
    page.get_by_role("tab", name="Ret sagen").click()
    form = visible_form(page, "Resumé")
    form.get_by_label("Pseudonym", exact=True).fill(renamed)
    form.get_by_role("button", name="Gem").click()
    wait_for_app_idle(page)
    expect(flash(page, "Gemt.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(renamed)
    checked += assert_shown_as_typed(page, [renamed], "renamed case")
    watch.check("renamed case")
    logout(page)

    # The ombudsman reads the case in "Læs og kod" and writes a finding full of payloads.
    login(page, app_server, "borgerraadgiver")
    goto_page(page, "Læs og kod")
    choose_option(page, page, "Sag", re.compile("^" + re.escape(original) + " <img"))
    expect(page.get_by_role("heading", level=2, name=renamed)).to_be_visible()
    checked += assert_shown_as_typed(page, [renamed], "reading view")
    watch.check("reading view")
    # The new finding's box: plain widgets, not a form, so its texts are kept as drafts.
    form = page.locator("[class*='st-key-nf_'][class*='_box']").filter(has=page.get_by_role("button", name="Gem fund"))
    form.get_by_label("Fund", exact=True).fill(LONG)
    form.get_by_label("Citat fra sagen", exact=True).fill(PAYLOADS[7])
    form.get_by_role("combobox", name="Koder", exact=True).click()
    page.keyboard.type("4 Meningsfulde")
    page.get_by_role("option", name=re.compile("^4 Meningsfulde møder")).first.click()
    page.keyboard.press("Escape")
    form.get_by_text("Hvad går godt?", exact=True).click()
    form.get_by_role("button", name="Gem fund").click()
    wait_for_app_idle(page)
    expect(flash(page, "Fundet er gemt.")).to_be_visible()
    checked += assert_shown_as_typed(page, PAYLOADS, "finding")
    watch.check("finding")
    report("hostile_input.case_and_finding", payloads=len(PAYLOADS), texts_checked=checked,
           dom_checks=watch.checks, fields=["case search", "pseudonym (new)", "summary", "timeline event",
                                            "pseudonym (edit)", "finding", "excerpt"])


def test_learning_point_texts_are_shown_as_typed(page, app_server):
    watch = XssWatch(page)
    login(page, app_server, "formand")
    goto_page(page, "Læringspunkter")
    choose_option(page, page, "Vælg gennemgang", "Task Force 4200", exact=False)
    title = " ".join(PAYLOADS[:3]) + f" {uuid.uuid4().hex[:4]}"
    page.get_by_test_id("stExpander").filter(has_text="Nyt læringspunkt").get_by_text("Nyt læringspunkt").click()
    form = page.locator("[class*='st-key-lp_new_'][class*='_box']").filter(has=page.get_by_role("button", name="Opret"))
    form.get_by_label("Titel", exact=True).fill(title)
    form.get_by_label("Beskrivelse", exact=True).fill(LONG)
    form.get_by_label("Anbefaling", exact=True).fill(LONG)
    form.get_by_role("button", name="Opret").click()
    wait_for_app_idle(page)
    expect(flash(page, "er oprettet som udkast")).to_contain_text(f"Læringspunktet «{title}» er oprettet som udkast.")
    expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    checked = assert_shown_as_typed(page, [title, *PAYLOADS], "learning point")
    watch.check("learning point")
    report("hostile_input.learning_point", payloads=len(PAYLOADS), texts_checked=checked, dom_checks=watch.checks,
           fields=["title", "description", "recommendation"])


def test_inquiry_texts_are_shown_as_typed(page, app_server):
    watch = XssWatch(page)
    login(page, app_server, "borgerraadgiver")
    follow_link(page, "/henvendelser")
    expect(page.get_by_role("heading", level=1)).to_have_text("Henvendelser og klager")
    citizen = short(f"B{uuid.uuid4().hex[:4]}")
    page.get_by_text("Registrér henvendelse eller klage").click()
    wait_for_app_idle(page)
    form = visible_form(page, "Borger (pseudonym)")
    form.get_by_role("textbox", name="Borger (pseudonym)", exact=True).fill(citizen)
    choose_option(page, form, "Område", "Handicap og Psykiatri", typed="Handicap")
    form.get_by_role("textbox", name="Kort beskrivelse", exact=True).fill(LONG)
    form.get_by_role("button", name="Registrér").click()
    wait_for_app_idle(page)
    expect(flash(page, "er registreret")).to_be_visible()
    heading = page.get_by_role("heading", level=2).filter(has_text=citizen)
    expect(heading).to_have_text(re.compile(r"^H-\d+ · " + re.escape(citizen) + "$"))
    checked = assert_shown_as_typed(page, [citizen, *PAYLOADS], "inquiry")
    watch.check("inquiry")
    # The register's own search with a payload.
    search = page.get_by_label("Søg", exact=True)
    search.fill(PAYLOADS[0])
    search.press("Enter")
    watch.check("inquiry search")
    report("hostile_input.inquiry", payloads=len(PAYLOADS), texts_checked=checked, dom_checks=watch.checks,
           fields=["citizen", "account", "register search"])


# --- uploads -------------------------------------------------------------------------------------------------

OVER_LIMIT = 51 * 1024 * 1024  # server.maxUploadSize is 50 MB

# fetch() from inside the logged-in page: the page's own cookies, and the XSRF token only when asked for.
_PUT_JS = """
async ([url, withToken, size]) => {
    const cookie = (document.cookie.match(/(?:^|; )_streamlit_xsrf=([^;]*)/) || [])[1];
    const body = new FormData();
    body.append('file', new Blob([new Uint8Array(size)], {type: 'text/csv'}), 'sager.csv');
    const headers = withToken && cookie ? {'X-Xsrftoken': decodeURIComponent(cookie)} : {};
    const response = await fetch(url, {method: 'PUT', body, headers, credentials: 'same-origin'});
    return response.status;
}
"""


def danish(key: str, **params) -> str:
    return i18n.t(key, "da", **params)


def ratio_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (64 * 1024 * 1024))
    return buf.getvalue()


def test_uploads_over_the_limit_and_lying_files_are_refused(page, app_server, tmp_path):
    uploads: list[tuple[str, str]] = []
    page.on("request", lambda r: uploads.append((r.method, r.url)) if "/_stcore/upload_file/" in r.url else None)
    login(page, app_server, "formand")
    goto_page(page, "Importér sager")
    dropzone = page.get_by_test_id("stFileUploaderDropzoneInput")
    uploader = page.get_by_test_id("stFileUploader")
    expect(uploader).to_contain_text("50MB per file")

    # Over the limit: the browser refuses the file; nothing is sent.
    big = tmp_path / "sager.csv"
    with big.open("wb") as fh:
        fh.truncate(OVER_LIMIT)
    dropzone.set_input_files(str(big))
    wait_for_app_idle(page)
    expect(uploader).to_contain_text("File must be 50.0MB or smaller.")
    assert [m for m, _ in uploads if m == "PUT"] == []
    expect(page.get_by_role("heading", name="Kolonner")).to_have_count(0)

    # Content that does not match the extension, and a zip bomb named .xlsx: refused with the Danish message.
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    bomb = ratio_bomb()
    for name, data, message in (
            ("sager.csv", png, danish("import.error.type_mismatch")),
            ("sager.xlsx", b"Pseudonym;Status\nFamilie 1;lukket\n", danish("import.error.type_mismatch")),
            ("sager.xlsx", bomb, danish("import.error.too_large", max_mb=50))):
        dropzone.set_input_files(files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}])
        wait_for_app_idle(page)
        expect(page.get_by_test_id("stMain").get_by_test_id("stAlert")).to_have_text(message)
        expect(page.get_by_role("heading", name="Kolonner")).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
    puts = [url for method, url in uploads if method == "PUT"]
    assert len(puts) == 3

    # The server enforces the same: without the page's XSRF token an upload is refused (403), and over the
    # limit it is refused even with the token (413). A small upload with the token is the control (204).
    url = puts[-1].rsplit("/", 1)[0] + "/test-" + uuid.uuid4().hex
    assert page.evaluate(_PUT_JS, [url, False, 10]) == 403
    assert page.evaluate(_PUT_JS, [url, True, OVER_LIMIT]) == 413
    assert page.evaluate(_PUT_JS, [url, True, 10]) == 204
    report("hostile_input.uploads", over_limit_bytes=OVER_LIMIT, refused_in_browser=1, refused_by_reader=3,
           bomb_bytes=len(bomb), bomb_inflated_bytes=64 * 1024 * 1024, server_statuses=[403, 413, 204])


# --- other origins -------------------------------------------------------------------------------------------


def test_requests_from_other_origins_are_refused(app_server):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    stream = app_server.replace("http://", "ws://") + "/_stcore/stream"
    with pytest.raises(InvalidStatus) as refused:
        with connect(stream, origin="https://angriber.example", open_timeout=30):
            pass
    assert refused.value.response.status_code == 403
    with connect(stream, origin=app_server, open_timeout=30):  # the control: the app's own origin
        pass

    request = urllib.request.Request(app_server + "/_stcore/host-config",
                                     headers={"Origin": "https://angriber.example"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get("Access-Control-Allow-Origin") is None
        # No parent frame may send the app commands (client.allowedOrigins = []).
        assert json.loads(response.read())["allowedOrigins"] == []
