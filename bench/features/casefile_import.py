"""Case-file import («Sagsakter»): a 300-page text PDF and a 10-page scan, each against the bare library.

Both files are made here. The text PDF: 300 A4 pages typeset with fpdf2, Danish prose with æøå, a
fictional CPR number on every tenth page (so masking and burning run as they do on real files). The scan:
10 such pages rendered to pixels at 200 dpi and only the pixels put in a new PDF, as the demo's scans.

(a) `services.casefiles.import_files` of the text PDF into a fresh database (extraction, masking, the
    redacted page images, storage and the search index, as the user's upload does) against the bare
    pypdfium2 work the product cannot avoid: every page's text extracted and every page rendered at the
    size and format the product stores (grey, DISPLAY_WIDTH pixels wide, PNG at the same compression).
    Target (issue 12): <= 2x.
(b) `import_files(..., ocr="inline")` of the scan (the OCR job run to its end: pages OCR'd in Danish,
    masked, burnt, stored, indexed) against bare OCRmyPDF on the same file (`-l dan`, one job, plain PDF
    output, no optimisation, pypdfium2 rasterizer; Tesseract limited to one thread as the product runs it).
    Target: <= 1.5x.

Product and baseline are timed alternately, rep by rep, so load from the shared machine hits both alike;
each figure is the median of its reps.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.registry import NOTES, Result, operation

TEXT_PAGES = 300
SCAN_PAGES = 10
SCAN_DPI = 200
SEED = 1203
IMPORT_TARGET = 2.0
OCR_TARGET = 1.5
_FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

_SENTENCES = [
    "Forvaltningen har modtaget en underretning fra skolen om barnets trivsel og fravær.",
    "Mor fortæller, at familien har haft en svær periode efter flytningen til Århus.",
    "Sagsbehandleren vurderer, at der er behov for en børnefaglig undersøgelse efter barnets lov.",
    "Barnet går i 4. klasse og har det godt med sine kammerater, men søvnen er urolig.",
    "Far ønsker samvær hver anden weekend og deltager i møderne på rådhuset.",
    "Sundhedsplejersken har tidligere beskrevet et trygt og nært forhold mellem mor og barn.",
    "Der er aftalt opfølgning om tre måneder, hvor handleplanen gennemgås med forældrene.",
    "Psykologen anbefaler støtte i hjemmet og et tæt samarbejde med børnehaven og skolen.",
    "Familien er orienteret om retten til at klage over afgørelsen til Ankestyrelsen.",
    "Økonomien er stram, og søskende på 14 år passer ofte den yngste efter skoletid.",
    "Plejefamilien beskriver, at barnet er faldet godt til og glæder sig til fritiden.",
    "Netværksmødet blev holdt den 12. marts 2020 med deltagelse af begge forældre.",
]


def _fictional_cpr(rng: random.Random) -> str:
    born = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 4000))
    return f"{born:%d%m%y}-{rng.randrange(1000, 10000):04d}"


def _page_paragraphs(rng: random.Random, page_no: int) -> list[str]:
    paragraphs = [f"Journalnotat, side {page_no}"]
    for _ in range(6):
        paragraphs.append(" ".join(rng.choice(_SENTENCES) for _ in range(rng.randint(3, 5))))
    if page_no % 10 == 3:  # a few pages name the child by CPR number, as real case files do
        paragraphs.insert(2, f"Barnet (CPR {_fictional_cpr(rng)}) bor hos mor. Ældre bror: {_fictional_cpr(rng)}.")
    return paragraphs


def _pdf(pages: list[list[str]]) -> bytes:
    from reviews.demo.casefiles import text_pdf as demo_text_pdf

    return demo_text_pdf(pages, title="Børnefaglig undersøgelse", size=11, line=5.5, gap=3, created=_FIXED)


def text_pdf(pages: int = TEXT_PAGES, seed: int = SEED) -> bytes:
    rng = random.Random(seed)
    return _pdf([_page_paragraphs(rng, n) for n in range(1, pages + 1)])


def scanned_pdf(pages: int = SCAN_PAGES, seed: int = SEED + 1) -> bytes:
    """Typeset pages rendered to pixels, and only the pixels put in a new PDF (an image-only "scan")."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    rng = random.Random(seed)
    source = pdfium.PdfDocument(_pdf([_page_paragraphs(rng, n) for n in range(1, pages + 1)]))
    out = FPDF(format="A4")
    out.set_creation_date(_FIXED)
    try:
        for index in range(len(source)):
            page = source[index]
            image = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil()
            page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            out.add_page()
            out.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210, h=297)
    finally:
        source.close()
    return bytes(out.output())


# --- the product ---------------------------------------------------------------------------------


def _fresh_database(path: Path):
    """A migrated database file with one chair and one case; returns (db, chair, case id)."""
    from reviews.models import Role
    from reviews.services import auth
    from reviews.services import cases as case_service
    from reviews.storage.database import Database

    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    db = Database(str(path))
    chair = auth.create_user_unchecked(db, None, username="bench-formand", full_name="Bench Formand",
                                       role=Role.CHAIR, password="bench-password-1")
    case_id = case_service.create_case(db, chair, case_service.CaseForm("Bench-familie 1")).record.id
    return db, chair, case_id


def product_import(path: Path, name: str, data: bytes, *, ocr: str) -> tuple[float, object]:
    """Seconds for `import_files` of one file into a fresh database (its setup untimed), and the report."""
    from reviews.services import casefiles

    db, chair, case_id = _fresh_database(path)
    try:
        start = time.perf_counter()
        report = casefiles.import_files(db, chair, case_id, [(name, data)], ocr=ocr)
        seconds = time.perf_counter() - start
        outcome = report.outcomes[0]
        if outcome.error_key or report.ocr_error:
            raise RuntimeError(f"import failed: {outcome.error_key or report.ocr_error}")
        return seconds, report
    finally:
        db.close()


# --- the bare libraries ---------------------------------------------------------------------------


def bare_extract_and_render(data: bytes) -> tuple[float, float]:
    """pypdfium2 alone: every page's text, and every page rendered and PNG-encoded as the product stores it.
    Returns (text seconds, render+encode seconds)."""
    import pypdfium2 as pdfium

    from reviews.casefile_extract.images import DISPLAY_WIDTH

    text_s = render_s = 0.0
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            start = time.perf_counter()
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            middle = time.perf_counter()
            width, _height = page.get_size()
            image = page.render(scale=DISPLAY_WIDTH / width, grayscale=True, may_draw_forms=False,
                                draw_annots=False).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False, compress_level=6)
            page.close()
            end = time.perf_counter()
            text_s += middle - start
            render_s += end - middle
    finally:
        pdf.close()
    return text_s, render_s


def _ocrmypdf_command() -> list[str] | None:
    beside = Path(sys.executable).with_name("ocrmypdf")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("ocrmypdf")
    return [found] if found else None


def bare_ocrmypdf(command: list[str], data: bytes, workdir: Path) -> float:
    """Seconds for OCRmyPDF on the scan: Danish, one job, plain PDF out, no optimisation."""
    with tempfile.TemporaryDirectory(dir=workdir, prefix="ocrmypdf-") as tmp:
        source, target = Path(tmp) / "scan.pdf", Path(tmp) / "ocr.pdf"
        source.write_bytes(data)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        start = time.perf_counter()
        done = subprocess.run([*command, "-l", "dan", "--jobs", "1", "--output-type", "pdf", "--optimize", "0",
                               "--rasterizer", "pypdfium", "--quiet", str(source), str(target)],
                              capture_output=True, env=env, check=False, timeout=1800)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError("ocrmypdf failed: " + done.stderr.decode("utf-8", "replace")[-500:])
    return seconds


# --- the benches ------------------------------------------------------------------------------------


@operation("case-file import: 300-page text PDF")
def casefile_import_text(ctx) -> list[Result]:
    data = text_pdf()
    path = ctx.workdir / "casefile_import.duckdb"
    reps = ctx.reps(3, 1)
    product_s, text_s, render_s = [], [], []
    masked = pages = 0
    # One untimed round first: imports, library loading and the page cache settle before anything counts.
    bare_extract_and_render(data)
    for _ in range(reps):
        seconds, report = product_import(path, "undersøgelse.pdf", data, ocr="none")
        product_s.append(seconds)
        masked = report.outcomes[0].masked_cpr
        text, render = bare_extract_and_render(data)
        text_s.append(text)
        render_s.append(render)
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    product = statistics.median(product_s)
    bare = statistics.median(t + r for t, r in zip(text_s, render_s, strict=True))
    ratio = product / bare
    pages = TEXT_PAGES
    return [
        Result(f"case-file import: {pages}-page text PDF through import_files vs bare pypdfium2 text + render",
               product, "s", ratio, f"<= {IMPORT_TARGET:g}x bare", ratio <= IMPORT_TARGET),
        Result("case-file import: bare pypdfium2 text extraction, all pages", statistics.median(text_s), "s"),
        Result("case-file import: bare pypdfium2 render + PNG, all pages", statistics.median(render_s), "s"),
        Result("case-file import: per page through import_files", product * 1000 / pages, "ms/page"),
        Result("case-file import: CPR numbers masked in the file", masked, "count"),
    ]


@operation("case-file import: OCR of a 10-page scan")
def casefile_import_ocr(ctx) -> list[Result]:
    command = _ocrmypdf_command()
    if command is None:
        NOTES.append("case-file OCR bench: ocrmypdf is not installed (requirements-dev.txt), no baseline")
        return [Result("case-file OCR: 10-page scan vs bare OCRmyPDF", None, "s", None,
                       f"<= {OCR_TARGET:g}x bare OCRmyPDF", None)]
    data = scanned_pdf()
    path = ctx.workdir / "casefile_ocr.duckdb"
    reps = ctx.reps(3, 1)
    product_s, bare_s = [], []
    for _ in range(reps):
        seconds, report = product_import(path, "journalnotat (scannet).pdf", data, ocr="inline")
        if report.outcomes[0].ocr_pages != SCAN_PAGES:
            raise RuntimeError(f"expected {SCAN_PAGES} pages to OCR, got {report.outcomes[0].ocr_pages}")
        product_s.append(seconds)
        bare_s.append(bare_ocrmypdf(command, data, ctx.workdir))
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    product, bare = statistics.median(product_s), statistics.median(bare_s)
    ratio = product / bare
    return [
        Result(f"case-file OCR: {SCAN_PAGES}-page scan through import_files (inline OCR) vs bare OCRmyPDF",
               product, "s", ratio, f"<= {OCR_TARGET:g}x bare OCRmyPDF", ratio <= OCR_TARGET),
        Result("case-file OCR: bare OCRmyPDF -l dan -j 1, same file", bare, "s"),
        Result("case-file OCR: per page through import_files", product / SCAN_PAGES, "s/page"),
    ]
