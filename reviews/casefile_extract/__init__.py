"""The case-file pipeline: a source file's bytes in, masked pages and redacted page images out.

Pure: no database, no Streamlit. `extract(name, data)` returns a list with one entry per document the
file holds (an e-mail's attachments and a ZIP's entries are documents of their own) or a `Failure`
naming why a file was refused. CPR numbers are masked in every text before it leaves this package, and
every page image has each CPR number's box painted black in its pixels. Pages without a text layer come
back with `needs_ocr`; `ocr_pages(document.ocr_input)` produces them (slow: the caller runs it as a job).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from . import bundle, images, mail, office, ocr, pdf
from .model import ExtractedDocument, ExtractedPage, Failure, OcrInput, Rejected
from .ocr import OcrUnavailable
from .text import clean, first_line, masked_page, paginate, split_paragraphs, suggest_date, suggest_type

__all__ = ["ExtractedDocument", "ExtractedPage", "Failure", "MAX_FILE_BYTES", "OcrInput", "OcrUnavailable",
           "Rejected", "SUPPORTED", "extract", "ocr_pages"]

MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_DEPTH = 3  # ZIP in ZIP in e-mail: deeper nesting is refused
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUPPORTED = (".pdf", ".docx", ".docm", ".txt", ".eml", ".zip", *IMAGE_SUFFIXES)

Progress = Callable[[int, int], None]


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _sniff(data: bytes) -> str:
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    return "text"


_EXPECTED = {".pdf": "PDF", ".docx": "Word (.docx)", ".zip": "ZIP", ".png": "billede", ".jpg": "billede",
             ".jpeg": "billede", ".tif": "billede", ".tiff": "billede"}


def extract(name: str, data: bytes, *, progress: Progress | None = None, depth: int = 0
            ) -> list[ExtractedDocument | Failure]:
    """The documents in one source file (or its failure), in order."""
    shown = clean(os.path.basename(name.replace("\\", "/")) or name, 255) or "uden navn"
    try:
        return _extract(shown, name, data, progress, depth)
    except Rejected as exc:
        return [Failure(shown, exc.key, exc.params)]


def _extract(shown: str, name: str, data: bytes, progress: Progress | None, depth: int):
    suffix = _suffix(name)
    if suffix not in SUPPORTED:
        raise Rejected("casefile.error.unsupported", suffix=suffix or "?")
    if not data:
        raise Rejected("casefile.error.empty")
    if len(data) > MAX_FILE_BYTES:
        raise Rejected("casefile.error.too_large", megabytes=MAX_FILE_BYTES // (1024 * 1024))
    sniffed = _sniff(data)
    wanted = {".pdf": "pdf", ".docx": "zip", ".docm": "zip", ".zip": "zip", ".eml": "text", ".txt": "text"}.get(
        suffix, "image")
    if sniffed != wanted:
        raise Rejected("casefile.error.mismatch", expected=_EXPECTED.get(suffix, suffix))
    if suffix == ".pdf":
        return [_pdf(shown, data, progress)]
    if suffix == ".docm":
        raise Rejected("casefile.error.macros")
    if suffix == ".docx":
        paragraphs, breaks, meta = office.docx_paragraphs(data)
        return [_document(shown, "docx", paginate(paragraphs, breaks=breaks), meta, progress)]
    if suffix == ".txt":
        pages = paginate(split_paragraphs(office.decode_text(data)))
        return [_document(shown, "txt", pages, {}, progress)]
    if suffix == ".eml":
        return [_mail(shown, data, progress, depth)]
    if suffix == ".zip":
        return _zip(data, progress, depth)
    return [_image(shown, data, progress)]


def _document(shown: str, kind: str, pages: list[ExtractedPage], meta: dict[str, str], progress) -> ExtractedDocument:
    text = "\n".join(p.text for p in pages[:3])
    title = meta.get("Title") or meta.get("Subject") or first_line(text) or os.path.splitext(shown)[0]
    if progress:
        progress(len(pages), len(pages))
    return ExtractedDocument(shown, kind, clean(title, 300), pages, suggest_type(title, text, kind),
                             suggest_date(text) or pdf.pdf_date((meta.get("CreationDate") or "").replace("-", "")),
                             meta)


def _pdf(shown: str, data: bytes, progress) -> ExtractedDocument:
    document = pdf.open_pdf(data)
    try:
        meta = pdf.metadata(document)
        pages = list(pdf.text_pages(document, progress=progress))
    finally:
        document.close()
    doc = _document(shown, "pdf", pages, meta, None)
    scanned = [p.page_no for p in pages if p.needs_ocr]
    if scanned:
        doc.ocr_input = OcrInput("pdf", data, scanned)
    return doc


def _image(shown: str, data: bytes, progress) -> ExtractedDocument:
    frames = images.scan_frames(data)  # checks the size before decoding
    pages = [masked_page(i + 1, [], needs_ocr=True) for i in range(len(frames))]
    doc = _document(shown, "image", pages, {}, progress)
    doc.title = os.path.splitext(shown)[0]
    doc.ocr_input = OcrInput("image", data, [p.page_no for p in pages])
    return doc


def _mail(shown: str, data: bytes, progress, depth: int) -> ExtractedDocument:
    headers, body, attachments = mail.parse(data)
    lines = [f"{key}: {headers[key]}" for key in mail.HEADERS if key in headers]
    paragraphs = ["\n".join(lines), *split_paragraphs(body)] if lines else split_paragraphs(body)
    doc = _document(shown, "eml", paginate(paragraphs), headers, progress)
    doc.title = clean(headers.get("Subject") or doc.title, 300)
    doc.suggested_date = mail.date_of(headers) or doc.suggested_date
    for name, payload in attachments:
        if depth + 1 > MAX_DEPTH:
            doc.attachments.append(Failure(clean(name, 255), "casefile.error.too_deep"))
            continue
        doc.attachments.extend(extract(name, payload, depth=depth + 1))
    return doc


def _zip(data: bytes, progress, depth: int) -> list[ExtractedDocument | Failure]:
    if depth + 1 > MAX_DEPTH:
        raise Rejected("casefile.error.too_deep")
    found: list[ExtractedDocument | Failure] = []
    items = list(bundle.entries(data))
    for index, (name, payload) in enumerate(items, start=1):
        if isinstance(payload, Rejected):
            found.append(Failure(clean(name, 255), payload.key, payload.params))
        else:
            # Entries keep their folder in the name, so two "brev.pdf" in different folders stay apart.
            for item in extract(name, payload, depth=depth + 1):
                item.name = clean(name, 255)
                found.append(item)
        if progress:
            progress(index, len(items))
    return found


def ocr_pages(source: OcrInput, *, progress: Progress | None = None) -> Iterator[ExtractedPage]:
    """The scanned pages OCR'd in Danish: masked text and the redacted image, one page at a time."""
    frames = images.scan_frames(source.data) if source.kind == "image" else None
    for index, page_no in enumerate(source.page_nos, start=1):
        image = frames[page_no - 1] if frames is not None else pdf.render_for_ocr(source.data, page_no)
        yield ocr.ocr_image(page_no, image)
        if progress:
            progress(index, len(source.page_nos))
