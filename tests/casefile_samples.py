"""Real source files for the case-file tests, made on the spot: PDFs (fpdf2), a scan, DOCX, e-mail, ZIP."""

from __future__ import annotations

import datetime as dt
import email.message
import io
import zipfile

import pypdfium2 as pdfium
from docx import Document
from fpdf import FPDF
from PIL import Image

from reviews.demo import casefiles as demo_casefiles
from reviews.models import Consent, Discipline, Nomination, Role
from reviews.services import cases as case_service
from reviews.services import reviews as review_service

# Fictional CPR numbers (valid birth dates), each written a different way.
CPR_TEXT_PDF = "150612-3456"
CPR_SCAN = "241199-1112"
CPR_DOCX = "010180 4321"
CPR_MAIL = "311205-2468"
CPR_TXT = "120398-7777"
CPR_ATTACHMENT = "050505-5050"
CPR_NAME = "200202-2020"
ALL_CPR = (CPR_TEXT_PDF, CPR_SCAN, CPR_DOCX, CPR_MAIL, CPR_TXT, CPR_ATTACHMENT, CPR_NAME)


def text_pdf(pages: list[list[str]], *, title: str = "", author: str = "") -> bytes:
    """The demo's PDF maker, with the looser paragraph gap and fpdf's own creation date these tests were made with."""
    return demo_casefiles.text_pdf(pages, title=title, author=author, gap=6, created=None)


def investigation_pdf() -> bytes:
    return text_pdf([
        ["Børnefaglig undersøgelse", "Dato: 12.03.2020",
         f"Barnet Emma, cpr-nr. {CPR_TEXT_PDF}, bor hos sin mor.",
         "Forvaltningen har talt med skolen og sundhedsplejen."],
        ["Side to: vurdering.", "Familien ønsker støtte i hjemmet."],
        ["Side tre: konklusion.", "Der iværksættes familiebehandling efter Barnets lov."],
    ], title="Børnefaglig undersøgelse", author="Familieafdelingen")


def scanned_pdf(lines: list[str] | None = None, *, pages: int = 1) -> bytes:
    """An image-only PDF: text typeset, rendered to pixels at 200 dpi, and the pixels put in a new PDF."""
    lines = lines or ["Journalnotat", "Dato: 3. april 2021",
                      f"Mor oplyser at barnets cpr-nummer er {CPR_SCAN}.", "Sagsbehandler følger op."]
    source = pdfium.PdfDocument(text_pdf([[*lines]] * pages))
    out = FPDF(format="A4")
    for index in range(len(source)):
        image = source[index].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        out.add_page()
        out.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210, h=297)
    return bytes(out.output())


def decision_docx(*, extra: str = "") -> bytes:
    document = Document()
    document.core_properties.title = "Afgørelse om anbringelse"
    document.core_properties.author = f"Sagsbehandler {CPR_NAME}"
    document.add_heading("Afgørelse om anbringelse", 1)
    document.add_paragraph("Dato: 1. juni 2020")
    document.add_paragraph(f"Afgørelsen vedrører barnet med cpr {CPR_DOCX}.")
    document.add_paragraph("Begrundelse: barnets trivsel." + extra)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Enhed"
    table.cell(0, 1).text = "Børn og Familie"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def mail_with_attachment(*, charset: str = "utf-8") -> bytes:
    message = email.message.EmailMessage()
    message["Subject"] = "Vedr. møde om handleplan"
    message["From"] = "sagsbehandler@kommune.example"
    message["To"] = "mor@example.dk"
    message["Date"] = "Tue, 14 Sep 2021 10:00:00 +0200"
    message.set_content(f"Kære forælder\n\nBarnets cpr {CPR_MAIL} står i vedhæftede referat.\n\nVenlig hilsen")
    message.add_attachment(text_pdf([["Mødereferat", f"Deltager med cpr {CPR_ATTACHMENT}."]]),
                           maintype="application", subtype="pdf", filename="referat.pdf")
    data = message.as_bytes()
    if charset != "utf-8":
        data = data.replace(b'charset="utf-8"', f'charset="{charset}"'.encode())
    return data


def zip_bundle(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def png_scan(text_lines: list[str]) -> bytes:
    pdf = pdfium.PdfDocument(text_pdf([text_lines]))
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def image_of(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def two_case_world(db, users) -> list[int]:
    """Familie 1 in the chair's review with the reviewer as a member (consent given); Familie 2 nobody's work."""
    chair, reviewer = users[Role.CHAIR], users[Role.REVIEWER]
    ids = [case_service.create_case(db, chair, case_service.CaseForm(f"Familie {n}")).record.id for n in (1, 2)]
    review = review_service.create_review(db, chair, review_service.ReviewForm("Task Force Ø"))
    review_service.set_member(db, chair, review.id, reviewer.id, Discipline.PSYCHOLOGIST)
    review_service.select_case(db, chair, review.id, ids[0], review_service.SelectionForm(
        Nomination.FAMILIES, consent=Consent.GIVEN, consent_date=dt.date(2026, 1, 5)))
    other = review_service.create_review(db, chair, review_service.ReviewForm("Arkiv"))
    review_service.select_case(db, chair, other.id, ids[1], review_service.SelectionForm(
        Nomination.TASK_FORCE, consent=Consent.PENDING))
    return ids
