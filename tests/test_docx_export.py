"""Word exports: the shared builder (A4, styles, header/footer, properties, Danish, sanitising), every document
kind through the validity pipeline (python-docx, LibreOffice to PDF, pdftotext, CPR scan of every XML part),
the pipeline's own failures, and the export fuzz.

LibreOffice takes a few seconds per document: one conversion per document kind plus the fuzz document.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm

from reviews.exports.committee_minutes import CommitteeMinutes, build_committee_minutes
from reviews.exports.docx_base import REQUIRED_STYLES, DocumentMeta, DocxBuilder, ensure_styles, sanitize
from reviews.models import Role
from reviews.models.minutes_content import (
    ActionEntry,
    AgreementEntry,
    AttendeeEntry,
    CaseEntry,
    ItemEntry,
    LearningPointEntry,
    MinutesContent,
)
from reviews.services import documents, meetings
from reviews.services import mediation as mediation_service
from reviews.services import reviews as review_service
from tests.conftest import demo_user
from tests.docx_pipeline import PipelineError, check_docx, tools_available

META = DocumentMeta("Samlet referat: Familierunde", "Frederik Formand", dt.datetime(2026, 3, 1, 9, 30),
                    subject="Task Force 4200", keywords="referat")
needs_libreoffice = pytest.mark.skipif(
    not tools_available() and os.environ.get("CI", "").lower() not in {"1", "true", "yes"},
    reason="LibreOffice (soffice) and pdftotext are needed: `make system-deps` installs them")


def small_document(**overrides) -> bytes:
    builder = DocxBuilder(overrides.pop("meta", META), header=["Eksempel Kommune", "Børne- og Ungeudvalget"],
                          **overrides)
    builder.title("Samlet referat")
    builder.heading("Deltagere")
    builder.bullets(["Frederik Formand", "Bodil Ærø"])
    builder.heading("Læringspunkt", 2)
    builder.table(["Sag", "Samtykke"], [["Familie 3", "Givet"]])
    return builder.to_bytes()


# --- the builder ------------------------------------------------------------------------------------------


def test_a4_portrait_with_margins() -> None:
    section = docx.Document(io.BytesIO(small_document())).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # A4, as Word writes it
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.left_margin - Mm(25)) < Mm(0.1) and abs(section.right_margin - Mm(25)) < Mm(0.1)


def test_real_styles_are_used() -> None:
    document = docx.Document(io.BytesIO(small_document()))
    used = [p.style.name for p in document.paragraphs if p.text]
    assert used[:4] == ["Title", "Heading 1", "List Bullet", "List Bullet"]
    assert "Heading 2" in used
    assert document.tables[0].style.name == "Table Grid"
    names = {s.name for s in document.styles}
    assert {name for name, _ in REQUIRED_STYLES} <= names


def test_missing_styles_are_created_by_name() -> None:
    document = docx.Document()
    for name in ("Heading 2", "Table Grid", "Caption"):
        element = document.styles[name].element
        element.getparent().remove(element)
    assert "Heading 2" not in {s.name for s in document.styles}
    created = ensure_styles(document)
    assert sorted(created) == ["Caption", "Heading 2", "Table Grid"]
    assert document.styles["Heading 2"].type == WD_STYLE_TYPE.PARAGRAPH
    assert document.styles["Table Grid"].type == WD_STYLE_TYPE.TABLE
    assert ensure_styles(document) == []


def test_header_footer_with_page_fields() -> None:
    document = docx.Document(io.BytesIO(small_document()))
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["Eksempel Kommune", "Børne- og Ungeudvalget"]
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert [i.text.strip() for i in section.footer.paragraphs[0]._p.iter(qn("w:instrText"))] == [
        "PAGE \\* MERGEFORMAT", "NUMPAGES \\* MERGEFORMAT"]
    assert "Side " in footer_xml and " af " in footer_xml


def test_document_properties_and_danish_language() -> None:
    data = small_document()
    props = docx.Document(io.BytesIO(data)).core_properties
    assert (props.title, props.author, props.subject, props.keywords, props.language) == (
        "Samlet referat: Familierunde", "Frederik Formand", "Task Force 4200", "referat", "da-DK")
    assert props.created == dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)  # stored as UTC
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode()
        assert 'w:lang w:val="da-DK"' in styles
        assert "docProps/thumbnail.jpeg" not in archive.namelist()


def test_draft_is_marked_in_header_and_title() -> None:
    document = docx.Document(io.BytesIO(small_document(draft=True)))
    assert document.sections[0].header.paragraphs[0].text == "UDKAST"
    assert document.core_properties.title.startswith("UDKAST: ")


def test_sanitize_removes_xml_invalid_characters_and_keeps_the_rest() -> None:
    controls = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\x7f\x85\x9f\ufffe\uffff\ud800"
    assert sanitize(f"a{controls}b") == "ab"
    assert sanitize("linje 1\r\nlinje 2\rlinje 3\tkolonne") == "linje 1\nlinje 2\nlinje 3\tkolonne"
    assert sanitize("😀 שלום æøå ÆØÅ") == "😀 שלום æøå ÆØÅ"
    assert sanitize(None) == "" and sanitize(42) == "42"


# --- the pipeline itself ----------------------------------------------------------------------------------


def test_pipeline_rejects_a_truncated_file() -> None:
    data = small_document()
    with pytest.raises(PipelineError, match="zip|reopen|corrupt"):
        check_docx(data[: len(data) // 2], convert=False)


def test_pipeline_rejects_a_non_zip_file() -> None:
    with pytest.raises(PipelineError, match="not a zip"):
        check_docx(b"PK\x03\x04 this is not really a zip archive", convert=False)
    with pytest.raises(PipelineError, match="not a zip"):
        check_docx("Samlet referat".encode(), convert=False)


def test_pipeline_rejects_a_document_with_a_cpr_number() -> None:
    builder = DocxBuilder(META)
    builder.text("Barnets CPR-nummer er 010203-1234.")
    with pytest.raises(PipelineError, match="CPR"):
        check_docx(builder.to_bytes(), convert=False)


# --- fuzz ---------------------------------------------------------------------------------------------------

CONTROLS = "".join(chr(c) for c in range(32)) + "".join(chr(c) for c in range(0x7F, 0xA0)) + "\ufffe\uffff"
EMOJI = "Familien 👨‍👩‍👧 er glad 🎉"
RTL = "مرحبا بالعائلة שלום"


def fuzz_minutes(huge: str = "") -> CommitteeMinutes:
    lp = LearningPointEntry(title=f"Læring{CONTROLS}punkt {EMOJI}", description=f"{RTL} og {EMOJI}", seen_in=2,
                            case_total=5, codes=(f"kode{CONTROLS}",), agree=1, comments=(CONTROLS, RTL),
                            agreed_wording=f"Aftalt\u0000{EMOJI}",
                            actions=(ActionEntry(f"Handling{CONTROLS}", "Ejer\x0b", dt.date(2026, 1, 1), "planlagt",
                                                 "lp"),))
    content = MinutesContent(
        review_name=f"Task Force{CONTROLS}", meeting_title=f"Fuzz-møde æøå {EMOJI}", meeting_kind="udvalgsmøde",
        starts_at=dt.datetime(2026, 2, 24, 15, 0), duration_minutes=60, place=RTL, purpose=f"Formål {CONTROLS}",
        committee=f"Udvalg{CONTROLS}", committee_item="Punkt \x07 5", mandate=huge or "Kommissorium",
        attendees=(AttendeeEntry(f"Navn{CONTROLS}", RTL, True), AttendeeEntry(EMOJI, "", False)),
        items=(ItemEntry(title=f"Punkt {CONTROLS}", resume=RTL, recommendation=EMOJI, account=huge or "kort",
                         minutes=CONTROLS * 3, decision=f"Besluttet {EMOJI}", learning_points=(lp,)),),
        agreements=(AgreementEntry(CONTROLS, EMOJI, None, RTL),),
        action_plan=lp.actions, cases=(CaseEntry("Familie 3", "udvalget", CONTROLS, "givet", None),))
    return CommitteeMinutes(meta=DocumentMeta(f"Titel{CONTROLS}{EMOJI}", f"Forfatter{CONTROLS}", META.created,
                                              subject=RTL, keywords=CONTROLS),
                            municipality=f"Kommune{CONTROLS}", content=content, version=1,
                            approved_at=META.created, approved_by=RTL)


def test_fuzz_every_control_character_emoji_rtl_and_a_million_characters_in_one_field() -> None:
    huge = ("Sagsfremstilling med æøå og 🎉. " * 40_000)[:1_000_000]
    assert len(huge) == 1_000_000
    data = build_committee_minutes(fuzz_minutes(huge))
    document = check_docx(data, convert=False).document
    body = "\n".join(p.text for p in document.paragraphs)
    assert EMOJI in body and RTL in body
    assert huge.strip() in body  # the million characters arrive whole
    assert not any(ch in body for ch in "\x00\x01\x07\x0b\x1f\x7f\x85\ufffe\uffff")
    assert document.core_properties.title == f"Titel {EMOJI}"  # one line: tab and line breaks became a space


@needs_libreoffice
def test_fuzz_document_converts_with_libreoffice(tmp_path) -> None:
    data = build_committee_minutes(fuzz_minutes())
    result = check_docx(data, ["Fuzz-møde æøå", "Samlet referat", "Besluttet"], workdir=tmp_path, name="fuzz")
    assert "שלום" in result.pdf_text


# --- every document kind through the pipeline, from the demo data ---------------------------------------


def _family_meeting(db, chair):
    review = review_service.find_review(db, chair, "Task Force 4200")
    return next(m for m in meetings.list_meetings(db, chair, review.id)
                if m.kind.value == "møde med familierepræsentanter")


@needs_libreoffice
def test_committee_minutes_pass_the_pipeline(demo_db, tmp_path) -> None:
    chair = demo_user(demo_db, Role.CHAIR)
    result = documents.committee_minutes_document(demo_db, chair, _family_meeting(demo_db, chair).id)
    assert not result.blocked and result.filename.endswith("-v1.docx")
    checked = check_docx(result.data, [
        "Samlet referat", "Familierunde om læringspunkterne", "Børne- og Ungeudvalget", "Side 1 af",
        "Læringspunkt: Overlevering ved skift af sagsbehandler", "set i 3 af 5 sager", "Aftalt formulering",
        "Handleplan", "Bilag: Metode", "Pia Østergaard", "Repræsentant D", "Version 1, godkendt",
    ], workdir=tmp_path, name="samlet-referat")
    document = checked.document
    assert "Frederik Formand" == document.core_properties.author
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet"} <= styles
    assert all(t.style.name == "Table Grid" for t in document.tables) and len(document.tables) >= 2
    assert "Repræsentant A" not in "\n".join(c for c in checked.pdf_text.split("Familierepræsentanternes svar")[1:])


@needs_libreoffice
def test_invitation_passes_the_pipeline(demo_db, tmp_path) -> None:
    chair = demo_user(demo_db, Role.CHAIR)
    review = review_service.find_review(demo_db, chair, "Task Force 4200")
    meeting = next(m for m in meetings.list_meetings(demo_db, chair, review.id) if m.kind.value == "task force-møde")
    result = documents.invitation_document(demo_db, chair, meeting.id)
    assert result.lix is not None and not result.for_citizens
    check_docx(result.data, ["Indkaldelse", "Hvorfor holder vi mødet?", "Hvornår og hvor?", "Hvem deltager?",
                             "Dagsorden", "Punkt 2. Handleplan", "video.eksempel-kommune.dk", "Pia Østergaard",
                             "15. marts 2021 kl. 09.00-10.30"], workdir=tmp_path, name="indkaldelse")


@needs_libreoffice
def test_dialogue_minutes_pass_the_pipeline(demo_db, tmp_path) -> None:
    ombudsman = demo_user(demo_db, Role.OMBUDSMAN)
    held = [(case, m) for case in mediation_service.list_mediation_cases(demo_db, ombudsman)
            for m in mediation_service.get_mediation(demo_db, ombudsman, case.id).meetings
            if m.status.value == "afholdt"]
    assert held, "the ombudsman demo has held meetings"
    case, meeting = held[0]
    result = documents.dialogue_minutes_document(demo_db, ombudsman, meeting.id)
    assert result.for_citizens and result.lix is not None
    markers = ["Referat af", "Hvorfor mødtes vi?", "Hvem var med?", "Det talte vi om", "Det aftalte vi",
               "Hvem gør hvad, og hvornår?", "Borgerrådgiveren"]
    checked = check_docx(result.data, markers + [case.title[:20]], workdir=tmp_path, name="dialogmoede")
    assert "tillid" not in checked.pdf_text.lower()  # trust scores stay out


@needs_libreoffice
def test_yearly_report_with_charts_passes_the_pipeline(demo_db, tmp_path) -> None:
    chair = demo_user(demo_db, Role.CHAIR)
    year = dt.date.today().year
    result = documents.yearly_report_document(demo_db, chair, year)
    checked = check_docx(result.data, [f"Årsberetning {year}", "Henvendelser efter type", "Henvendelser efter område",
                                       "24-timers-reglen", "Mægling og dialogmøder", "Børn og Familie"],
                         workdir=tmp_path, name="aarsberetning")
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(images) == 4
    assert all(archive_png.startswith(b"\x89PNG") for archive_png in _media(result.data))
    assert len(checked.document.inline_shapes) == 4


def _media(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
