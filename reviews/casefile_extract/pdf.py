"""PDF pages with pypdfium2: the text layer with character boxes, the page rendered and CPR boxes burnt out."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterator

import pypdfium2 as pdfium

from reviews.privacy.cpr import find_cpr

from .images import DISPLAY_WIDTH, MAX_PIXELS, burn, to_png
from .model import ExtractedPage, Rejected
from .ocr import OCR_DPI
from .text import clean, masked_page, pdf_date

MAX_PAGES = 2000
MIN_TEXT_CHARS = 20  # a page with an image and fewer characters (a scan with a stamp): OCR it
MAX_PAGE_POINTS = 14400  # PDF's own limit for a page side (200 inches); beyond it the file is built to hurt


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise Rejected("casefile.error.encrypted") from None
        raise Rejected("casefile.error.damaged", kind="PDF") from None
    try:
        count = len(pdf)
    except Exception:  # noqa: BLE001
        pdf.close()
        raise Rejected("casefile.error.damaged", kind="PDF") from None
    if count == 0:
        pdf.close()
        raise Rejected("casefile.error.empty")
    if count > MAX_PAGES:
        pdf.close()
        raise Rejected("casefile.error.too_many_pages", pages=count, limit=MAX_PAGES)
    return pdf


def metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    try:
        raw = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001 - damaged info dictionary: no metadata, the pages may still be fine
        return {}
    return {key: clean(value) for key, value in raw.items() if key in ("Title", "Author", "Subject", "Keywords",
                                                                        "Creator", "CreationDate", "ModDate")}


def _page_size(page) -> tuple[float, float]:
    width, height = page.get_size()
    if not (0 < width <= MAX_PAGE_POINTS and 0 < height <= MAX_PAGE_POINTS):
        raise Rejected("casefile.error.page_size")
    return width, height


def _scale_for(width_pt: float, pixels_wide: int) -> float:
    return pixels_wide / width_pt


def _has_image(page) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _raw_text(textpage) -> str:
    text = textpage.get_text_range()
    if len(text) == textpage.count_chars():
        return text
    # Offsets must match the character boxes one to one; build the text char by char.
    return "".join(chr(pdfium.raw.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(textpage.count_chars()))


def _lines(raw: str) -> list[tuple[int, str]]:
    """(start offset, text) per line; pdfium ends lines with \\r\\n."""
    return [(m.start(1), m.group(1)) for m in re.finditer(r"([^\r\n]*)(?:\r\n|\n|\r)", raw + "\n")]


def _paragraphs(textpage, raw: str) -> list[str]:
    """Lines grouped into paragraphs where the gap to the previous line is larger than a line's height."""
    lines = []
    for start, text in _lines(raw):
        first = next((i for i, ch in enumerate(text) if not ch.isspace()), None)
        if first is None:
            lines.append((None, text))
            continue
        _l, bottom, _r, top = textpage.get_charbox(start + first)
        lines.append(((top, bottom), text))
    heights = [box[0] - box[1] for box, _ in lines if box and box[0] > box[1]]
    height = statistics.median(heights) if heights else 10.0
    paragraphs: list[list[str]] = [[]]
    previous = None
    for box, text in lines:
        if box is None:
            if paragraphs[-1]:
                paragraphs.append([])
            previous = None
            continue
        if previous is not None and paragraphs[-1] and previous[1] - box[0] > 0.8 * height:
            paragraphs.append([])
        paragraphs[-1].append(text.rstrip())
        previous = box
    return ["\n".join(p) for p in paragraphs if p]


def _cpr_boxes(textpage, raw: str, page_height: float, scale: float) -> list[tuple[float, float, float, float]]:
    """One pixel box per CPR hit: the union of its characters' loose boxes (full line height)."""
    boxes = []
    for hit in find_cpr(raw):
        parts = [textpage.get_charbox(i, loose=True) for i in range(hit.start, hit.end)]
        parts = [p for p in parts if p[2] > p[0] or p[3] > p[1]]
        if not parts:
            continue
        left, bottom = min(p[0] for p in parts), min(p[1] for p in parts)
        right, top = max(p[2] for p in parts), max(p[3] for p in parts)
        boxes.append((left * scale, (page_height - top) * scale, right * scale, (page_height - bottom) * scale))
    return boxes


def text_pages(pdf: pdfium.PdfDocument, *, progress: Callable[[int, int], None] | None = None
               ) -> Iterator[ExtractedPage]:
    """Each page: its masked text and its rendered image with CPR boxes burnt out; pages without a
    text layer come back with `needs_ocr` and no image (the OCR step renders them again)."""
    total = len(pdf)
    for index in range(total):
        page = pdf[index]
        try:
            width, height = _page_size(page)
            textpage = page.get_textpage()
            raw = _raw_text(textpage)
            if not raw.strip() or (len(raw.strip()) < MIN_TEXT_CHARS and _has_image(page)):
                textpage.close()
                yield masked_page(index + 1, [], needs_ocr=True)
            else:
                scale = _scale_for(width, DISPLAY_WIDTH)
                boxes = _cpr_boxes(textpage, raw, height, scale)
                paragraphs = _paragraphs(textpage, raw)
                textpage.close()
                # Without annotations and form fields: their text is not in the text layer, so a CPR
                # number there could be neither found nor burnt out.
                image = page.render(scale=scale, grayscale=True, may_draw_forms=False, draw_annots=False).to_pil()
                png, w, h = to_png(burn(image, boxes))
                yield masked_page(index + 1, paragraphs, image=png, width=w, height=h)
        except pdfium.PdfiumError:
            raise Rejected("casefile.error.damaged_page", page=index + 1) from None
        finally:
            page.close()
        if progress:
            progress(index + 1, total)


def render_for_ocr(data: bytes, page_no: int):
    """The page at OCR resolution, as a PIL image (in memory only)."""
    pdf = open_pdf(data)
    try:
        page = pdf[page_no - 1]
        width, height = _page_size(page)
        scale = OCR_DPI / 72
        if width * height * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (width * height)) ** 0.5
        image = page.render(scale=scale, grayscale=True, may_draw_forms=False, draw_annots=False).to_pil()
        page.close()
        return image
    finally:
        pdf.close()


def suggested_date(meta: dict[str, str]):
    return pdf_date(meta.get("CreationDate", ""))
