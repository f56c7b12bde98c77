"""Masking text into pages with paragraph offsets, and suggesting a document's type and date."""

from __future__ import annotations

import datetime as dt
import re

from reviews.privacy.cpr import contains_cpr, mask_cpr
from reviews.text import strip_control

from .model import ExtractedPage

PAGE_CHARS = 3000  # text-only sources (DOCX, TXT, e-mail) are cut into pages of about this size
MAX_TEXT_CHARS = 5_000_000


def clean(value: object, limit: int = 500) -> str:
    """A metadata value or file name: control characters out, CPR numbers masked, length capped."""
    text, _ = mask_cpr(strip_control(str(value or "")).strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def masked_page(page_no: int, paragraphs: list[str], **extra) -> ExtractedPage:
    """A page from its paragraphs: each masked, joined by a blank line, with their offsets."""
    parts, spans, count, pos = [], [], 0, 0
    for para in paragraphs:
        para = strip_control(para).strip()
        if not para:
            continue
        para, n = mask_cpr(para)
        count += n
        if parts:
            pos += 2
        spans.append((pos, pos + len(para)))
        parts.append(para)
        pos += len(para)
    text = "\n\n".join(parts)
    if contains_cpr(text):  # cannot happen (a blank line ends every match); never store one if it did
        text, n = mask_cpr(text)
        count += n
    return ExtractedPage(page_no, text, tuple(spans), count, **extra)


def paginate(paragraphs: list[str], *, breaks: set[int] = frozenset()) -> list[ExtractedPage]:
    """Pages for a text-only source: a new page at each index in `breaks` and after about PAGE_CHARS."""
    pages: list[list[str]] = [[]]
    size = 0
    for index, para in enumerate(paragraphs):
        if pages[-1] and (index in breaks or size + len(para) > PAGE_CHARS):
            pages.append([])
            size = 0
        # One very long paragraph is cut at line or word boundaries so a page stays readable.
        while len(para) > PAGE_CHARS:
            cut = para.rfind("\n", 0, PAGE_CHARS)
            cut = cut if cut > PAGE_CHARS // 2 else para.rfind(" ", 0, PAGE_CHARS)
            cut = cut if cut > PAGE_CHARS // 2 else PAGE_CHARS
            pages[-1].append(para[:cut])
            pages.append([])
            para = para[cut:].lstrip()
        pages[-1].append(para)
        size += len(para)
    result = [masked_page(i + 1, paras) for i, paras in enumerate(p for p in pages if any(s.strip() for s in p))]
    return result or [masked_page(1, [])]


def split_paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")) if p.strip()]


_MONTHS = {"januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "august": 8,
           "september": 9, "oktober": 10, "november": 11, "december": 12}
_NUMERIC_DATE = re.compile(r"(?<![0-9])([0-3]?[0-9])[.\-/]([01]?[0-9])[.\-/]((?:19|20)[0-9]{2})(?![0-9])")
_WORD_DATE = re.compile(r"(?<![0-9])([0-3]?[0-9])\.?\s+(" + "|".join(_MONTHS) + r")\s+((?:19|20)[0-9]{2})",
                        re.IGNORECASE)


def suggest_date(text: str) -> dt.date | None:
    """The first plausible date in the text ("12.03.2020", "12-3-2020", "12. marts 2020")."""
    found: list[tuple[int, dt.date]] = []
    for m in _NUMERIC_DATE.finditer(text[:20000]):
        try:
            found.append((m.start(), dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))))
        except ValueError:
            continue
        break
    m = _WORD_DATE.search(text[:20000])
    if m:
        try:
            found.append((m.start(), dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))))
        except ValueError:
            pass
    return min(found)[1] if found else None


def pdf_date(value: str) -> dt.date | None:
    """A PDF date string ("D:20200312101500+01'00'")."""
    m = re.match(r"(?:D:)?((?:19|20)[0-9]{2})([01][0-9])([0-3][0-9])", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# Most specific first: a "handleplan" mentioned in an "afgørelse" is still an afgørelse when its title says so.
_TYPE_WORDS = (
    ("børnefaglig undersøgelse", "børnefaglig undersøgelse"),
    ("børnefaglige undersøgelse", "børnefaglig undersøgelse"),
    ("underretning", "underretning"), ("afgørelse", "afgørelse"), ("barnets plan", "barnets plan"),
    ("ungeplan", "barnets plan"), ("handleplan", "handleplan"), ("journalnotat", "journalnotat"),
    ("statusudtalelse", "statusudtalelse"), ("referat", "mødereferat"), ("brev", "brev"),
)


def suggest_type(title: str, text: str, kind: str) -> str:
    if kind == "eml":
        return "e-mail"
    for haystack in (title.lower(), text[:2000].lower()):
        for word, doc_type in _TYPE_WORDS:
            if word in haystack:
                return doc_type
    return "andet"


def first_line(text: str, limit: int = 120) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and line != "[CPR fjernet]":
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""
