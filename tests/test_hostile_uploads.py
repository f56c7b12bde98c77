"""Hostile uploads at the page level: the two import pages (cases, complaints) run in AppTest with files whose
content lies about their type, zip bombs, files over the upload limit and odd file names. Each is refused with
the Danish message of the catalogue (never a traceback), or handled as a mere label; nothing reaches the
database unless the user imports a valid file.

The reader's own refusals are tested byte by byte in tests/test_import_reader.py; this file proves the same
refusals end to end, through the page the user sees. The browser's part (Streamlit's uploader refusing files
over the limit before sending them, the server's 413/403) is in tests/browser/test_hostile_input.py.
"""

from __future__ import annotations

import ast
import io
import json
import random
import zipfile
import zlib
from dataclasses import dataclass

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from reviews import i18n
from reviews.importing import reader
from reviews.models import Role
from reviews.services import imports
from reviews.storage.database import Database
from reviews.text import clean_label
from tests.conftest import ROOT, demo_user
from tests.safety_report import report

pytestmark = pytest.mark.safety

APP = str(ROOT / "app.py")
LIMIT = reader.DEFAULT_MAX_BYTES  # = server.maxUploadSize (tests/test_config_hardening.py)


@dataclass(frozen=True)
class ImportPage:
    path: str
    role: Role
    upload_key: str


PAGES = {
    "cases": ImportPage("pages/import_cases.py", Role.CHAIR, "import_upload"),
    "complaints": ImportPage("pages/import_complaints.py", Role.OMBUDSMAN, "cimport_upload"),
}
VALID = {
    "cases": "Pseudonym;Område;Oprettet;Resumé\n{pseudonym};Børn og Familie;03-01-2024;Importeret af test\n",
    "complaints": None,  # the complaint pages are only tested with refusals
}


# --- hostile files -------------------------------------------------------------------------------------------


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Pseudonym", "Område"])
    workbook.active.append(["Familie 901", "Børn og Familie"])
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, payload in entries.items():
            zf.writestr(name, payload)
    return buf.getvalue()


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 8


def pdf_bytes() -> bytes:
    """A PDF as real ones are: a compressed (binary) content stream."""
    rnd = random.Random(2026)
    stream = zlib.compress(bytes(rnd.randrange(256) for _ in range(4000)))
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length " + str(len(stream)).encode()
            + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\nendobj\n%%EOF\n")


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" * 64


BOMB_UNCOMPRESSED = 64 * 1024 * 1024


def ratio_bomb() -> bytes:
    """A tiny .xlsx whose sheet inflates to 64 MiB of zeros (compression ratio ~1000:1)."""
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                      "xl/worksheets/sheet1.xml": b"\x00" * BOMB_UNCOMPRESSED})


def entries_bomb() -> bytes:
    """More zip entries than any workbook has: every one is a file the parser would open."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for i in range(reader.MAX_ZIP_ENTRIES + 1):
            zf.writestr(f"xl/worksheets/s{i}.xml", b"")
    return buf.getvalue()


def oversize_csv() -> bytes:
    header = "Pseudonym;Område\n".encode()
    row = "Familie 1;Børn og Familie\n".encode()
    return header + row * ((LIMIT - len(header)) // len(row) + 1)


# (id, file name, content builder, message key, message params)
REFUSED = [
    ("xlsx-is-csv", "sager.xlsx", lambda: b"Pseudonym;Status\nFamilie 1;lukket\n",
     "import.error.type_mismatch", {"extension": ".xlsx", "detected": "text"}),
    ("xlsx-is-png", "sager.xlsx", png_bytes,
     "import.error.type_mismatch", {"extension": ".xlsx", "detected": "binary"}),
    ("xlsx-is-pdf", "sager.xlsx", pdf_bytes,
     "import.error.type_mismatch", {"extension": ".xlsx", "detected": "binary"}),
    ("xlsx-is-docx", "sager.xlsx", lambda: zip_bytes({"word/document.xml": b"<w:document/>"}),
     "import.error.type_mismatch", {"extension": ".xlsx", "detected": "zip"}),
    ("csv-is-xlsx", "sager.csv", xlsx_bytes, "import.error.type_mismatch", {"extension": ".csv", "detected": "xlsx"}),
    ("csv-is-zip", "sager.csv", lambda: zip_bytes({"sager.csv": b"Pseudonym\nFamilie 1\n"}),
     "import.error.type_mismatch", {"extension": ".csv", "detected": "zip"}),
    ("csv-is-pdf", "sager.csv", pdf_bytes, "import.error.type_mismatch", {"extension": ".csv", "detected": "binary"}),
    ("csv-is-png", "sager.csv", png_bytes, "import.error.type_mismatch", {"extension": ".csv", "detected": "binary"}),
    ("txt-is-exe", "sager.txt", exe_bytes, "import.error.type_mismatch", {"extension": ".txt", "detected": "binary"}),
    ("csv-is-random", "sager.csv", lambda: random.Random(9).randbytes(20_000),
     "import.error.type_mismatch", {"extension": ".csv", "detected": "binary"}),
    ("xls-named-xlsx", "sager.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024,
     "import.error.type_mismatch", {"extension": ".xlsx", "detected": "ole2"}),
    ("zip-bomb-ratio", "sager.xlsx", ratio_bomb, "import.error.too_large", {"max_mb": 50}),
    ("zip-bomb-entries", "sager.xlsx", entries_bomb, "import.error.too_large", {"max_mb": 50}),
    ("over-the-limit", "sager.csv", oversize_csv, "import.error.too_large", {"max_mb": 50}),
    ("empty", "sager.csv", lambda: b"", "import.error.empty", {}),
    ("only-an-extension", ".csv", lambda: b"Pseudonym\nFamilie 1\n", "import.error.unsupported_type",
     {"extension": ""}),
]


def danish(key: str, **params: object) -> str:
    text = i18n.t(key, "da", **params)
    assert text != key, f"{key} is missing from the catalogue"
    assert text != i18n.t(key, "en", **params), f"{key} has no Danish text"
    return text


# --- harness -------------------------------------------------------------------------------------------------


def open_page(monkeypatch, db_path, name: str) -> AppTest:
    spec = PAGES[name]
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    database = Database(str(db_path))
    user = demo_user(database, spec.role)
    database.close()
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user"] = user
    at.session_state["lang"] = "da"
    at.run()
    at.switch_page(spec.path).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.file_uploader) == 1
    return at


def upload(at: AppTest, name: str, data: bytes, mime: str = "application/octet-stream") -> AppTest:
    at.file_uploader[0].set_value((name, data, mime)).run()
    return at


def stored(db_path) -> dict[str, int]:
    """What an import could have written: rows in the imported tables and import audit rows."""
    database = Database(str(db_path))
    try:
        return {
            "cases": database.fetchone("SELECT count(*) FROM cases")[0],
            "events": database.fetchone("SELECT count(*) FROM timeline_events")[0],
            "inquiries": database.fetchone("SELECT count(*) FROM inquiries")[0],
            "import_audit": database.fetchone("SELECT count(*) FROM audit_log WHERE purpose = 'import'")[0],
        }
    finally:
        database.close()


def parsed(at: AppTest) -> bool:
    """The page went past reading the file (the column mapping is shown)."""
    return any(h.value == "Kolonner" for h in at.header)


# --- refusals ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page_name", list(PAGES))
@pytest.mark.parametrize(("case_id", "filename", "build", "key", "params"), REFUSED, ids=[r[0] for r in REFUSED])
def test_hostile_file_is_refused_on_the_import_page(monkeypatch, demo_db_path, page_name, case_id, filename, build,
                                                    key, params):
    data = build()
    before = stored(demo_db_path)
    at = open_page(monkeypatch, demo_db_path, page_name)
    upload(at, filename, data)
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [danish(key, **params)]
    assert not parsed(at)
    assert [b.label for b in at.button if b.label == "Importér"] == []  # nothing to import from
    assert stored(demo_db_path) == before
    if case_id.startswith("zip-bomb"):
        report(f"hostile_upload.{case_id}.{page_name}", file_bytes=len(data),
               declared_uncompressed=sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()))


def test_text_only_pdf_named_csv_is_read_but_nothing_can_be_imported(monkeypatch, demo_db_path):
    """A PDF without binary streams is indistinguishable from text: it becomes rows that all fail
    validation, and the import is refused."""
    before = stored(demo_db_path)
    at = open_page(monkeypatch, demo_db_path, "cases")
    upload(at, "sager.csv", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    assert not at.exception
    assert parsed(at)
    assert "3 rækker med fejl" in " ".join(c.value for c in at.caption)
    [button] = [b for b in at.button if b.label == "Importér"]
    button.click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [danish("import.refused_has_errors", count=3)]
    assert stored(demo_db_path) == before


@pytest.mark.parametrize("filename", ["sager.pdf", "sager", "sager.csv.exe", "sa\x00ger.csv", "sager.csv\x00.exe"])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_names_the_browser_never_sends_are_refused_by_streamlit(monkeypatch, demo_db_path, page_name, filename):
    """The uploader accepts .csv/.txt/.xlsx only and the browser refuses anything else before sending it.
    A tampered client that sends another name anyway is refused by Streamlit on the server, before the
    page runs: the user sees the generic message (no details, no traceback), nothing is read or stored."""
    before = stored(demo_db_path)
    at = open_page(monkeypatch, demo_db_path, page_name)
    upload(at, filename, b"Pseudonym;Omr\xc3\xa5de\nFamilie 902;B\xc3\xb8rn og Familie\n", "text/csv")
    assert len(at.exception) == 1
    shown = at.exception[0]
    assert shown.message.startswith("This app has encountered an error. The original error message is redacted")
    assert shown.stack_trace == []
    assert filename not in shown.message and "StreamlitAPIException" not in shown.message
    assert not parsed(at)
    assert stored(demo_db_path) == before


# --- odd names on valid files ----------------------------------------------------------------------------------

ODD_NAMES = [
    "../../etc/passwd.csv",
    "..\\..\\Windows\\win.ini.csv",
    "/etc/shadow.csv",
    "CON.csv",
    "NUL.txt",
    "a" * 251 + ".csv",  # 255 characters, the longest name most file systems allow
    "x" * 4000 + ".csv",  # longer than any file system allows
    "Ærø sager – 2024 😀.csv",
    "sager.CSV",
    "$(reboot);`id`.csv",
    "<img src=x onerror=alert(1)>.csv",
    "' OR 1=1; DROP TABLE cases; --.csv",
    "sager.xlsx.csv",
    " sager .csv",
]


@pytest.mark.parametrize("filename", ODD_NAMES, ids=[f"name{i}" for i in range(len(ODD_NAMES))])
def test_odd_file_names_are_only_a_label(monkeypatch, demo_db_path, filename):
    """The name decides nothing but the expected type; the file is read from memory, imported, and the name is
    kept (as JSON text, cleaned like other text: trimmed, at most 255 characters) in the audit log. No file
    is ever opened or created under that name."""
    pseudonym = f"Familie {9000 + ODD_NAMES.index(filename)}"
    before = stored(demo_db_path)
    at = open_page(monkeypatch, demo_db_path, "cases")
    upload(at, filename, VALID["cases"].format(pseudonym=pseudonym).encode("utf-8"), "text/csv")
    assert not at.exception, [e.value for e in at.exception]
    assert at.error == []
    assert parsed(at)
    [button] = [b for b in at.button if b.label == "Importér"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error == []
    after = stored(demo_db_path)
    assert after["cases"] == before["cases"] + 1
    database = Database(str(demo_db_path))
    try:
        assert database.fetchone("SELECT count(*) FROM cases WHERE pseudonym = ?", [pseudonym])[0] == 1
        details = database.fetchone(
            "SELECT details FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1")[0]
    finally:
        database.close()
    assert json.loads(details)["file"] == clean_label(filename)
    assert clean_label(filename) == (filename.strip() if len(filename) <= 255 else filename[:254] + "…")


def test_the_upload_name_is_used_for_nothing_but_the_type_and_the_log():
    """Static: on both import pages `upload.name` only goes to read_table (which looks at its suffix) and to
    the import as `filename=` (the audit log). No open(), Path() or other use that could touch a file."""
    for spec in PAGES.values():
        tree = ast.parse((ROOT / spec.path).read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        uses = [node for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "name"
                and isinstance(node.value, ast.Name) and node.value.id == "upload"]
        assert uses, spec.path
        for use in uses:
            parent = parents[use]
            if isinstance(parent, ast.keyword):
                assert parent.arg == "filename", (spec.path, use.lineno)
                call = parents[parent]
            else:
                call = parent
            assert isinstance(call, ast.Call), (spec.path, use.lineno)
            assert ast.unparse(call.func) in {"imports.read_table", "imports.import_cases",
                                              "imports.import_complaints"}, (spec.path, use.lineno)


def test_file_name_in_the_audit_log_is_cleaned(db, users):
    actor = users[Role.CHAIR]
    table = imports.read_table(VALID["cases"].format(pseudonym="Familie 1").encode(), "sager.csv")
    result = imports.validate(db, actor, table, imports.suggest_mapping(list(table.columns)))
    imports.import_cases(db, actor, result, filename="Familie 010203-1234 \x1b[2J" + "x" * 5000 + ".csv")
    details = [json.loads(row[0]) for row in db.fetchall("SELECT details FROM audit_log WHERE purpose = 'import'")]
    names = [d["file"] for d in details]
    assert len(names) == 2  # one create row for the case, one import row
    for name in names:
        assert "010203-1234" not in name
        assert "\x1b" not in name
        assert len(name) <= 255
