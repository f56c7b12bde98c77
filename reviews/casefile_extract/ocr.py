"""Danish OCR with Tesseract (Debian's tesseract-ocr-dan): text with word boxes, CPR boxes burnt out."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import tempfile
from dataclasses import dataclass

from PIL import Image

from reviews.privacy.cpr import find_cpr

from .images import burn, to_png
from .model import ExtractedPage
from .text import masked_page

OCR_DPI = 300
LANGUAGE = "dan"
TIMEOUT_S = 300


class OcrUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Word:
    text: str
    block: int
    par: int
    line: int
    box: tuple[int, int, int, int]  # left, top, right, bottom in pixels


def recognise(image: Image.Image) -> list[Word]:
    """Tesseract's words with boxes (TSV output), in reading order."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per page: the machine is shared
    with tempfile.TemporaryDirectory(prefix="casefile-ocr-") as tmp:
        path = os.path.join(tmp, "page.png")
        image.save(path, format="PNG", dpi=(OCR_DPI, OCR_DPI))
        try:
            done = subprocess.run(["tesseract", path, "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"],
                                  capture_output=True, timeout=TIMEOUT_S, env=env, check=False)
        except FileNotFoundError as exc:
            raise OcrUnavailable("tesseract is not installed") from exc
        os.remove(path)  # the unredacted pixels leave the disk at once
    if done.returncode != 0:
        raise OcrUnavailable(done.stderr.decode("utf-8", "replace")[-500:])
    words = []
    rows = csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                          quoting=csv.QUOTE_NONE)
    for row in rows:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top = int(row["left"]), int(row["top"])
        words.append(Word(text, int(row["block_num"]), int(row["par_num"]), int(row["line_num"]),
                          (left, top, left + int(row["width"]), top + int(row["height"]))))
    return words


def ocr_image(page_no: int, image: Image.Image) -> ExtractedPage:
    """OCR one page image: masked text by paragraph, and the image with every CPR number's words burnt out."""
    image = image.convert("L")
    words = recognise(image)
    # Lines of words -> paragraphs (Tesseract's block/paragraph), remembering each word's span in its
    # paragraph's text so a CPR hit maps back to the words (and pixels) it came from.
    paragraphs: list[tuple[str, list[tuple[int, int, Word]]]] = []
    key = None
    text, spans = "", []
    last_line = None
    for word in words:
        if (word.block, word.par) != key:
            if key is not None:
                paragraphs.append((text, spans))
            key, text, spans, last_line = (word.block, word.par), "", [], None
        if text:
            text += "\n" if word.line != last_line else " "
        spans.append((len(text), len(text) + len(word.text), word))
        text += word.text
        last_line = word.line
    if key is not None:
        paragraphs.append((text, spans))
    boxes = []
    for para_text, para_spans in paragraphs:
        for hit in find_cpr(para_text):
            boxes += [w.box for start, end, w in para_spans if start < hit.end and end > hit.start]
    png, width, height = to_png(burn(image, boxes))
    page = masked_page(page_no, [p for p, _ in paragraphs], image=png, width=width, height=height, ocr=True)
    return page
