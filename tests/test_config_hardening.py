"""Static proof of the hardening the app relies on: no raw HTML output anywhere in the code, and the Streamlit
settings in .streamlit/config.toml (upload limit, XSRF, CORS, error details) are what the deployment needs.

The browser tests (tests/browser/test_hostile_input.py) show that user text is rendered as text; this test
keeps the code from growing a way around that (`unsafe_allow_html`, `st.html`, components).
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from streamlit import config as st_config

from reviews.importing import reader
from tests.conftest import ROOT

pytestmark = pytest.mark.safety

CONFIG = ROOT / ".streamlit" / "config.toml"

# Every way Streamlit offers to put raw HTML or script into the page.
_RAW_HTML_KEYWORDS = {"unsafe_allow_html", "unsafe_allow_javascript"}
_RAW_HTML_ATTRIBUTES = {"html", "iframe"}  # st.html, st.iframe, components.html, components.iframe
_RAW_HTML_MODULES = ("streamlit.components",)
# The same as plain text, for what the syntax tree cannot see (keywords passed as **{...}, aliases).
_RAW_HTML_TEXT = re.compile(r"unsafe_allow_(?:html|javascript)\s*(?:=\s*True|['\"])|\bst\.(?:html|iframe)\(|"
                            r"components\.(?:v1|html|iframe)|declare_component")


def python_files() -> list[Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")), *sorted((ROOT / "reviews").rglob("*.py"))]
    return [f for f in files if "__pycache__" not in f.parts]


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def raw_html_uses(source: str, filename: str = "<source>") -> list[str]:
    """Places in Python source that can emit raw HTML/JS, as 'file:line: what'."""
    found: list[str] = []
    tree = ast.parse(source, filename)
    streamlit_names = {"st", "streamlit"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "streamlit":
                    streamlit_names.add(alias.asname or "streamlit")
                if alias.name.startswith(_RAW_HTML_MODULES):
                    found.append(f"{filename}:{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.startswith(_RAW_HTML_MODULES) or (module == "streamlit" and any(
                    a.name in _RAW_HTML_ATTRIBUTES | {"components"} for a in node.names)):
                found.append(f"{filename}:{node.lineno}: from {module} import "
                             + ", ".join(a.name for a in node.names))
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in _RAW_HTML_KEYWORDS and not (
                        isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                    found.append(f"{filename}:{node.lineno}: {keyword.arg}={ast.unparse(keyword.value)}")
            name = _dotted(node.func)
            head, _, attribute = name.rpartition(".")
            if attribute in _RAW_HTML_ATTRIBUTES and (head.split(".")[0] in streamlit_names
                                                      or "components" in head.split(".")):
                found.append(f"{filename}:{node.lineno}: {name}(...)")
    flagged = {int(hit[len(filename) + 1:].split(":", 1)[0]) for hit in found}
    for number, line in enumerate(source.splitlines(), start=1):
        match = _RAW_HTML_TEXT.search(line.split("#", 1)[0])
        if match and number not in flagged:
            found.append(f"{filename}:{number}: text {match.group(0)!r}")
    return found


@pytest.mark.parametrize("snippet", [
    "import streamlit as st\nst.markdown(text, unsafe_allow_html=True)\n",
    "import streamlit as st\nflag = True\nst.markdown(text, unsafe_allow_html=flag)\n",
    "import streamlit as st\nst.html('<b>x</b>')\n",
    "import streamlit as s\ns.html(user_text)\n",
    "import streamlit.components.v1 as components\ncomponents.html(text)\n",
    "from streamlit.components.v1 import html\nhtml(text)\n",
    "from streamlit import html\nhtml(text)\n",
    "import streamlit as st\nst.iframe('https://example.org')\n",
    "import streamlit as st\nst.caption(x, **{'unsafe_allow_html': True})  # unsafe_allow_html hidden in a dict\n",
])
def test_the_scanner_finds_raw_html(snippet: str) -> None:
    assert raw_html_uses(snippet), snippet


@pytest.mark.parametrize("snippet", [
    "import streamlit as st\nst.markdown(ui.plain(text))\n",
    "import streamlit as st\nst.markdown(text, unsafe_allow_html=False)\n",
    "import html\nhtml.escape(text)\n",
    "# st.html( is never used here\nx = 1\n",
])
def test_the_scanner_leaves_safe_code_alone(snippet: str) -> None:
    assert raw_html_uses(snippet) == []


# The one reviewed exception: the fixed scripts that set <html lang> (no user text reaches them; the proxy's
# CSP allows exactly these by hash, tests/browser/test_page_language.py).
_ALLOWED_RAW_HTML = {("reviews/ui.py", "st.html(PAGE_LANGUAGE_SCRIPTS[lang()], unsafe_allow_javascript=True")}


def _allowed(path: Path, hit: str) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    line = int(hit.split(":")[1])
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return any(relative == f and snippet in text for f, snippet in _ALLOWED_RAW_HTML)


def test_no_raw_html_in_the_app() -> None:
    files = python_files()
    assert len(files) > 50, "app.py, pages/ and reviews/ were not found"
    found = [hit for path in files
             for hit in raw_html_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
             if not _allowed(path, hit)]
    assert found == [], "raw HTML output (user text must go through ui.plain in markdown):\n" + "\n".join(found)


# --- .streamlit/config.toml --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def settings() -> dict:
    with CONFIG.open("rb") as fh:
        return tomllib.load(fh)


def test_every_setting_is_a_streamlit_option(settings: dict) -> None:
    # A misspelt key (enableCors, maxUploadSizeMB) would be ignored silently by Streamlit.
    known = set(st_config._config_options_template)
    keys = {f"{section}.{name}" for section, values in settings.items() for name in values}
    assert keys - known == set()
    assert {"server.maxUploadSize", "server.enableXsrfProtection", "server.enableCORS",
            "server.corsAllowedOrigins", "client.showErrorDetails"} <= keys


def test_upload_limit_is_set_and_matches_the_import_reader(settings: dict) -> None:
    limit_mb = settings["server"]["maxUploadSize"]
    assert limit_mb == 50
    # The reader refuses what the uploader would: the same number of bytes.
    assert reader.DEFAULT_MAX_BYTES == limit_mb * 1024 * 1024


def test_xsrf_on_cors_restricted_errors_hidden(settings: dict) -> None:
    server, client = settings["server"], settings["client"]
    assert server["enableXsrfProtection"] is True
    # enableCORS=false would send Access-Control-Allow-Origin: * and accept WebSockets from any origin.
    assert server["enableCORS"] is True
    assert server["corsAllowedOrigins"] == []
    assert client["showErrorDetails"] == "none"
    assert client["allowedOrigins"] == []  # no parent frame may control the app through postMessage
    assert server.get("enableAgentApi", False) is False
    assert server.get("enableStaticServing", False) is False
    assert settings.get("global", {}).get("developmentMode", False) is False  # dev mode allows every origin
    assert server.get("xsrfCookieSameSite", "lax") in {"lax", "strict"}


def test_streamlit_reads_the_settings_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """The effective options after Streamlit has parsed the project's config file."""
    monkeypatch.chdir(ROOT)  # Streamlit reads .streamlit/config.toml from the working directory
    st_config.get_config_options(force_reparse=True, options_from_flags={})
    try:
        assert st_config.get_option("server.maxUploadSize") == 50
        assert st_config.get_option("server.enableXsrfProtection") is True
        assert st_config.get_option("server.enableCORS") is True
        assert list(st_config.get_option("server.corsAllowedOrigins")) == []
        assert st_config.get_option("client.showErrorDetails") == "none"
        assert list(st_config.get_option("client.allowedOrigins")) == []
        for name in ("server.maxUploadSize", "server.enableCORS", "client.showErrorDetails"):
            assert str(CONFIG) in st_config._config_options[name].where_defined, name
    finally:
        st_config.get_config_options(force_reparse=True)


def test_the_page_language_scripts_are_fixed_text():
    from reviews.ui import PAGE_LANGUAGE_SCRIPTS

    assert PAGE_LANGUAGE_SCRIPTS == {"da": '<script>document.documentElement.lang = "da";</script>',
                                     "en": '<script>document.documentElement.lang = "en";</script>'}
