"""The validity pipeline every exported Word document goes through in the tests.

1. The bytes are a zip archive and python-docx reopens them (a truncated or non-zip file fails here).
2. The CPR scan of every XML part finds nothing (`reviews.exports.guard.scan_docx`).
3. LibreOffice headless converts the file to PDF, read as Word 2007 XML (`--infilter="MS Word 2007 XML"`),
   with a private user profile per test process so parallel runs do not clash.
4. The PDF exists, and `pdftotext` finds every marker text (æøå included) in it.

LibreOffice takes a few seconds per document: `convert=False` runs steps 1-2 only. `to_pdfs` converts many
documents in one LibreOffice run (the start-up is most of the time), `pdf_pages` reads a PDF page by page.
"""

from __future__ import annotations

import atexit
import io
import os
import shutil
import subprocess
import tempfile
import unicodedata
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx

from reviews.exports.guard import describe_place, scan_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
PDFTOTEXT = shutil.which("pdftotext") or "pdftotext"
CONVERT_TIMEOUT = 180  # seconds; the first conversion with a fresh profile is the slowest

_profile_dir: Path | None = None


class PipelineError(AssertionError):
    """The document failed the pipeline; the message says at which step and why."""


@dataclass(frozen=True)
class PipelineResult:
    document: docx.document.Document
    pdf_text: str | None  # None when not converted
    pdf_path: Path | None


def tools_available() -> bool:
    return shutil.which("soffice") is not None and shutil.which("pdftotext") is not None


def _profile() -> Path:
    """This process's private LibreOffice profile, removed when the process ends."""
    global _profile_dir
    if _profile_dir is None:
        _profile_dir = Path(tempfile.mkdtemp(prefix=f"lo-profile-{os.getpid()}-"))
        atexit.register(shutil.rmtree, _profile_dir, True)
    return _profile_dir


def normalise(text: str) -> str:
    """NFKC (ligatures such as 'ﬁ' become 'fi') with runs of white space collapsed to one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def reopen(data: bytes) -> docx.document.Document:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise PipelineError("not a zip archive (a .docx is one)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            broken = archive.testzip()
        if broken is not None:
            raise PipelineError(f"corrupt member in the archive: {broken}")
        return docx.Document(io.BytesIO(data))
    except PipelineError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        raise PipelineError(f"python-docx cannot reopen the file: {type(exc).__name__}: {exc}") from exc


def cpr_check(data: bytes) -> None:
    try:
        findings = scan_docx(data)
    except zipfile.BadZipFile as exc:
        raise PipelineError(f"not a zip archive: {exc}") from exc
    if findings:
        places = "; ".join(describe_place(f.place) for f in findings)
        raise PipelineError(f"CPR number(s) in the document: {places}")


def to_pdf(data: bytes, workdir: Path, name: str = "document") -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / f"{name}-{uuid.uuid4().hex[:8]}.docx"
    source.write_bytes(data)
    command = [SOFFICE, f"-env:UserInstallation={_profile().as_uri()}", "--headless", "--norestore",
               "--infilter=MS Word 2007 XML", "--convert-to", "pdf", "--outdir", str(workdir), str(source)]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT, check=False)
    except FileNotFoundError as exc:
        raise PipelineError(f"LibreOffice not found ({SOFFICE}); `make system-deps` installs it") from exc
    except subprocess.TimeoutExpired as exc:
        raise PipelineError(f"LibreOffice did not finish within {CONVERT_TIMEOUT} s") from exc
    pdf = source.with_suffix(".pdf")
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise PipelineError(f"LibreOffice made no PDF (exit {completed.returncode}): "
                            f"{completed.stderr.strip()[-500:]} {completed.stdout.strip()[-500:]}")
    return pdf


TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def to_pdfs(documents: dict[str, bytes], workdir: Path, *, convert_to: str = "pdf") -> dict[str, Path]:
    """Every document converted to PDF in ONE LibreOffice run; the PDFs by the documents' names.
    `convert_to=TAGGED_PDF` writes tagged PDFs (headings, tables and pictures' alt text in the structure)."""
    workdir.mkdir(parents=True, exist_ok=True)
    sources = {}
    for name, data in documents.items():
        source = workdir / f"{name}.docx"
        source.write_bytes(data)
        sources[name] = source
    command = [SOFFICE, f"-env:UserInstallation={_profile().as_uri()}", "--headless", "--norestore",
               "--infilter=MS Word 2007 XML", "--convert-to", convert_to, "--outdir", str(workdir),
               *(str(source) for source in sources.values())]
    timeout = CONVERT_TIMEOUT + 10 * len(sources)
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except FileNotFoundError as exc:
        raise PipelineError(f"LibreOffice not found ({SOFFICE}); `make system-deps` installs it") from exc
    except subprocess.TimeoutExpired as exc:
        raise PipelineError(f"LibreOffice did not finish within {timeout} s") from exc
    pdfs = {name: source.with_suffix(".pdf") for name, source in sources.items()}
    missing = [name for name, pdf in pdfs.items() if not pdf.is_file() or pdf.stat().st_size == 0]
    if missing:
        raise PipelineError(f"LibreOffice made no PDF of {missing} (exit {completed.returncode}): "
                            f"{completed.stderr.strip()[-500:]}")
    return pdfs


def pdf_pages(pdf: Path, *, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed), NFKC-normalised."""
    command = [PDFTOTEXT, "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    completed = subprocess.run(command, capture_output=True, timeout=60, check=False)
    if completed.returncode != 0:
        raise PipelineError(f"pdftotext failed: {completed.stderr.decode(errors='replace')[-500:]}")
    pages = unicodedata.normalize("NFKC", completed.stdout.decode("utf-8")).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_text(pdf: Path) -> str:
    completed = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=60,
                               check=False)
    if completed.returncode != 0:
        raise PipelineError(f"pdftotext failed: {completed.stderr.decode(errors='replace')[-500:]}")
    return completed.stdout.decode("utf-8")


def check_docx(data: bytes | Path, markers: Sequence[str] = (), *, workdir: Path | None = None,
               convert: bool = True, name: str = "document") -> PipelineResult:
    """Run the pipeline; raises PipelineError at the first step that fails."""
    if isinstance(data, Path):
        data = data.read_bytes()
    document = reopen(data)
    cpr_check(data)
    if not convert:
        return PipelineResult(document, None, None)
    workdir = workdir or Path(tempfile.mkdtemp(prefix="docx-pipeline-"))
    pdf = to_pdf(data, workdir, name)
    text = normalise(pdf_text(pdf))
    missing = [m for m in markers if normalise(m) not in text]
    if missing:
        raise PipelineError(f"not in the PDF text: {missing!r}; the text begins: {text[:600]!r}")
    return PipelineResult(document, text, pdf)
