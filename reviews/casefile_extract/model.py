"""What the extraction pipeline hands back: masked pages, redacted images, and failures with a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reviews.errors import ValidationError


class Rejected(ValidationError):
    """A file the pipeline refuses; `key` names a Danish/English catalogue message."""


@dataclass
class ExtractedPage:
    page_no: int  # from 1
    text: str  # CPR numbers already masked
    paragraphs: tuple[tuple[int, int], ...]  # (start, end) character offsets into `text`
    masked_cpr: int = 0
    # PNG with every CPR box painted black; None for text-only sources
    image: bytes | None = field(default=None, repr=False)
    width: int = 0
    height: int = 0
    needs_ocr: bool = False  # no text layer: text and image come from the OCR step
    ocr: bool = False  # text came from OCR


@dataclass
class OcrInput:
    """Where the OCR step finds a scanned page's pixels: the uploaded bytes, held in memory only."""

    kind: str  # "pdf" or "image"
    data: bytes
    page_nos: list[int]


@dataclass
class ExtractedDocument:
    name: str  # file name, CPR-masked
    kind: str  # pdf, docx, txt, eml, image
    title: str
    pages: list[ExtractedPage]
    suggested_type: str  # a reviews.models.casefiles.CasefileType value
    suggested_date: dt.date | None
    metadata: dict[str, str] = field(default_factory=dict)  # cleaned the same way as the text
    ocr_input: OcrInput | None = None
    attachments: list[ExtractedDocument | Failure] = field(default_factory=list)

    @property
    def masked_cpr(self) -> int:
        return sum(p.masked_cpr for p in self.pages)


@dataclass
class Failure:
    name: str
    key: str
    params: dict = field(default_factory=dict)
