"""Demo case files («Sagsakter»): 4 fictional documents for each of three cases of the demo review, made
when the demo is built: a børnefaglig undersøgelse (text PDF, 3 pages), an afgørelse (DOCX), a journalnotat
scanned to pixels (image-only PDF, read by the Danish OCR) and an e-mail. Each holds a fictional CPR
number, so the masking shows. Imported through the service, as a reviewer would.

The reviewers then code passages of the børnefaglige undersøgelser in the reading view's way (offsets of
whole paragraphs; the excerpt is cut from the stored text), two of them the same paragraph, so the passage
agreement on «Enighed» has something to show. This loader runs before the case review's, which marks
the readings done.
"""

from __future__ import annotations

import datetime as dt
import email.message
import io
import random

import pypdfium2 as pdfium
from docx import Document
from fpdf import FPDF

from reviews.demo.core import DEMO_REVIEW_NAME
from reviews.models import Role, User
from reviews.models.case_review import Polarity
from reviews.models.passages import PassageRef
from reviews.services import auth, casefiles, findings, passages
from reviews.services import codebooks as codebook_service
from reviews.services import reviews as review_service

_LOADER = User(id=0, username="demodata", full_name="Demodata", role=Role.ADMINISTRATOR)
CASES = 5  # every case selected in the demo's Task Force 4200
_FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # PDF creation date: the demo builds byte for byte the same
_NAMES = ["Emma", "Noah", "Alma", "Oscar", "Ida", "Karl"]


def _fictional_cpr(rng: random.Random) -> str:
    born = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(0, 3000))
    return f"{born:%d%m%y}-{rng.randrange(4000, 5000):04d}"


def text_pdf(pages: list[list[str]], *, title: str = "", author: str = "", size: float = 12,
             line: float = 6, gap: float = 5, created: dt.datetime | None = _FIXED) -> bytes:
    """A PDF with a text layer: each page's paragraphs in Helvetica `size` (`line` mm a line, `gap` mm between
    paragraphs). `created` fixed by default, so the demo builds byte for byte the same; None leaves fpdf's."""
    pdf = FPDF(format="A4")
    if created is not None:
        pdf.set_creation_date(created)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_auto_page_break(False)
    for paragraphs in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=size)
        pdf.set_xy(20, 20)
        for para in paragraphs:
            pdf.multi_cell(170, line, para)
            pdf.ln(gap)
    return bytes(pdf.output())


def _scan(lines: list[str]) -> bytes:
    """Typeset, rendered to pixels at 200 dpi, and only the pixels put in a new PDF: a "scanned" page."""
    source = pdfium.PdfDocument(text_pdf([lines], title="Scanning"))
    image = source[0].render(scale=200 / 72, grayscale=True).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    source.close()
    out = FPDF(format="A4")
    out.set_creation_date(_FIXED)
    out.add_page()
    out.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210, h=297)
    return bytes(out.output())


def _docx(paragraphs: list[str], title: str) -> bytes:
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "Familieafdelingen"
    document.core_properties.created = _FIXED.replace(tzinfo=None)
    document.add_heading(title, 1)
    for para in paragraphs:
        document.add_paragraph(para)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _mail(subject: str, body: str, date: dt.date) -> bytes:
    message = email.message.EmailMessage()
    message["Subject"] = subject
    message["From"] = "sagsbehandler@kommune.example"
    message["To"] = "familie@example.dk"
    message["Date"] = f"{date:%a, %d %b %Y} 10:00:00 +0100"
    message.set_content(body)
    return message.as_bytes()


def documents_for(pseudonym: str, rng: random.Random) -> list[tuple[str, bytes]]:
    child = rng.choice(_NAMES)
    cpr = _fictional_cpr(rng)
    year = rng.choice((2019, 2020, 2021))
    investigation = dt.date(year, rng.randrange(1, 7), rng.randrange(1, 28))
    decision = investigation + dt.timedelta(days=rng.randrange(30, 90))
    note = decision + dt.timedelta(days=rng.randrange(10, 60))
    mail = note + dt.timedelta(days=rng.randrange(5, 30))
    return [
        (f"Børnefaglig undersøgelse {pseudonym}.pdf", text_pdf([
            ["Børnefaglig undersøgelse", f"Dato: {investigation:%d.%m.%Y}",
             f"Undersøgelsen vedrører {child}, cpr-nr. {cpr}.",
             "Baggrund: Familien henvendte sig selv til forvaltningen efter en periode med bekymring fra skolen."],
            ["Barnets ressourcer og vanskeligheder",
             f"{child} beskrives som nysgerrig og glad for sine venner. Skolen oplyser om mange fraværsdage.",
             "Forældrene ønsker hjælp til struktur i hverdagen."],
            ["Vurdering og konklusion",
             "Forvaltningen vurderer, at der er behov for støtte efter Barnets lov.",
             "Det anbefales at iværksætte familiebehandling og en fast kontaktperson."],
        ], title="Børnefaglig undersøgelse")),
        (f"Afgørelse {pseudonym}.docx", _docx([
            f"Dato: {decision:%d.%m.%Y}",
            f"Afgørelsen vedrører {child} (cpr {cpr}).",
            "Forvaltningen har besluttet at bevilge familiebehandling i seks måneder.",
            "Klagevejledning: Afgørelsen kan påklages til Ankestyrelsen inden fire uger.",
        ], "Afgørelse om familiebehandling")),
        (f"Journalnotat {pseudonym} (scannet).pdf", _scan([
            "Journalnotat", f"Dato: {note:%d.%m.%Y}",
            f"Telefonsamtale med mor om {child}, cpr {cpr}.",
            "Mor fortæller, at morgenerne er blevet lettere. Næste møde aftales.",
        ])),
        (f"Mail {pseudonym}.eml", _mail(
            "Vedr. opfølgningsmøde", f"Kære forælder\n\nHermed bekræftelse af mødet om {child} (cpr {cpr}).\n\n"
            "Venlig hilsen\nFamilieafdelingen", mail)),
    ]


def load(db) -> None:
    users = {u.username: u for u in auth.list_users(db, _LOADER)}
    chair = users["formand"]
    review = review_service.find_review(db, chair, DEMO_REVIEW_NAME)
    selected = sorted(review_service.get_review(db, chair, review.id).cases,
                      key=lambda c: (len(c.pseudonym), c.pseudonym))[:CASES]
    rng = random.Random(12)
    for position, case in enumerate(selected):
        report = casefiles.import_files(db, chair, case.case_id, documents_for(case.pseudonym, rng), ocr="inline")
        _code_passages(db, users, review.id, position, report.outcomes[0].document_ids[0])


# (reviewer, page, paragraph index on the page, finding text, polarity, code keys); per case in order. On
# Familie 11 the social worker codes the assessment otherwise than the lawyer, so agreement is not perfect.
_PASSAGES: dict[int, list[tuple[str, int, int, str, Polarity, tuple[str, ...]]]] = {
    0: [
        ("jurist", 3, 1, "Vurderingen nævner Barnets lov, men ikke hvilken bestemmelse støtten gives efter.",
         Polarity.CONCERN, ("kv_lovgivning",)),
        ("socialraadgiver", 3, 1, "Det fremgår ikke, hvilken bestemmelse i Barnets lov vurderingen bygger på.",
         Polarity.CONCERN, ("kv_lovgivning",)),
        ("psykolog", 2, 1, "Fraværet nævnes, men årsagen til det undersøges ikke.", Polarity.CONCERN,
         ("kv_udredning",)),
        ("leder", 3, 2, "Anbefalingen er konkret: familiebehandling og en fast kontaktperson.", Polarity.WORKS_WELL,
         ("kv_indsats",)),
    ],
    1: [
        ("jurist", 3, 1, "Hjemmelen for støtten er ikke angivet.", Polarity.CONCERN, ("kv_lovgivning",)),
        ("socialraadgiver", 3, 1, "Vurderingen bygger ikke på en egentlig udredning af barnets behov.",
         Polarity.CONCERN, ("kv_udredning",)),
    ],
    2: [
        ("jurist", 3, 1, "Vurderingen henviser kun generelt til Barnets lov.", Polarity.CONCERN, ("kv_lovgivning",)),
        ("psykolog", 3, 1, "Vurderingen mangler en begrundelse, familien kan forstå.", Polarity.CONCERN,
         ("kv_lovgivning",)),
    ],
}


def _code_passages(db, users: dict[str, User], review_id: int, position: int, document_id: int) -> None:
    codes = {c.key: c.id for c in codebook_service.list_codes(db, _LOADER)}
    for username, page_no, paragraph, text, polarity, code_keys in _PASSAGES.get(position, ()):
        reviewer = users[username]
        start, end = casefiles.read_page(db, reviewer, document_id, page_no, purpose="Demodata").paragraphs[paragraph]
        passages.code_passage(db, reviewer, review_id, PassageRef(document_id, page_no, start, end),
                              findings.FindingForm(text=text, code_ids=tuple(codes[k] for k in code_keys),
                                                   polarity=polarity))
