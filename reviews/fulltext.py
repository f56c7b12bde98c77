"""Danish full-text analysis for the case-file search: words, stems, stop words and snippets. Pure functions.

A word is a run of letters and digits (æøå included), lowercased; the placeholder of a masked CPR number
("[CPR fjernet]") is no word, nor are the common Danish function words (Snowball's Danish stop list). The
stem comes from the Snowball Danish stemmer (PyStemmer), so «undersøgelse», «undersøgelsen» and
«undersøgelser» meet in «undersøg». Indexing and searching use the same analysis, so they always agree.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

import Stemmer

from reviews.privacy.cpr import CPR_MASK

_WORD = re.compile(r"[^\W_]+")
MAX_WORD = 60  # longer runs are no words anyone searches for (hashes, glued tables): not indexed

# Snowball's Danish stop words (snowballstem.org, BSD), all of them.
STOP_WORDS = frozenset("""
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde ham hun
nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når være dog
noget ville jo deres efter ned skulle denne end dette mit også under have dig anden hende mine alt meget sit
sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan
""".split())

_stemmer = Stemmer.Stemmer("danish")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one lowercased word (cached: a case file repeats its words)."""
    return _stemmer.stemWord(word)


@dataclass(frozen=True)
class Token:
    stem: str
    start: int
    end: int


def _without_masks(text: str) -> str:
    # Blank the placeholder rather than cut it out, so the offsets still point into the stored text.
    return text.replace(CPR_MASK, " " * len(CPR_MASK)) if CPR_MASK in text else text


def tokens(text: str) -> list[Token]:
    """The indexed words of `text` with their offsets, in order."""
    out = []
    for match in _WORD.finditer(_without_masks(text or "")):
        word = match.group().lower()
        if len(word) > MAX_WORD or word in STOP_WORDS:
            continue
        out.append(Token(stem(word), match.start(), match.end()))
    return out


def term_counts(text: str) -> tuple[Counter, int]:
    """How often each stem occurs in `text`, and the number of indexed words (the page's length for BM25)."""
    found = tokens(text)
    return Counter(t.stem for t in found), len(found)


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]  # the query's own words, lowercased, stop words included
    stems: tuple[str, ...]  # the distinct stems searched for, in the query's order


def parse_query(text: str) -> Query:
    """The words of a query and the stems to look up (stop words and the CPR placeholder dropped)."""
    words = tuple(m.group().lower() for m in _WORD.finditer(_without_masks(text or "")))
    stems = tuple(dict.fromkeys(t.stem for t in tokens(text or "")))
    return Query(words, stems)


@dataclass(frozen=True)
class Snippet:
    """A stretch of a page's text in parts; `marked` parts are the words that matched the search."""

    parts: tuple[tuple[str, bool], ...]
    leading_cut: bool
    trailing_cut: bool

    @property
    def text(self) -> str:
        return "".join(part for part, _ in self.parts)


def snippet(text: str, stems: set[str] | frozenset[str], *, width: int = 240) -> Snippet:
    """About `width` characters of `text` around its best match: the window holding the most distinct
    searched stems (the earliest such), with every matching word marked. Cut at word boundaries."""
    text = text or ""
    hits = _hits(text, stems)
    if not hits:
        end = _cut_end(text, min(len(text), width))
        return Snippet(((text[:end], False),) if end else (), False, end < len(text))
    best, best_count = 0, 0
    window: Counter = Counter()  # the stems of hits[i:j], the hits within `width` of hits[i]
    j = 0
    for i, first in enumerate(hits):
        while j < len(hits) and hits[j].end - first.start <= width:
            window[hits[j].stem] += 1
            j += 1
        if len(window) > best_count:
            best, best_count = i, len(window)
        if j > i:
            window[first.stem] -= 1
            if not window[first.stem]:
                del window[first.stem]
        else:
            j = i + 1
    anchor = hits[best]
    # Some context before the match, the rest after it.
    start = max(0, anchor.start - width // 4)
    start = min(_cut_start(text, start), anchor.start)
    end = _cut_end(text, min(len(text), start + width))
    parts: list[tuple[str, bool]] = []
    at = start
    for hit in hits:
        if hit.start < start or hit.end > end:
            continue
        if hit.start > at:
            parts.append((text[at:hit.start], False))
        parts.append((text[hit.start:hit.end], True))
        at = hit.end
    if at < end:
        parts.append((text[at:end], False))
    return Snippet(tuple(_squeeze(parts)), start > 0, end < len(text))


@functools.lru_cache(maxsize=256)
def _candidates(stems: frozenset[str]) -> re.Pattern:
    # A Snowball Danish stem is a prefix of its word (the algorithm only strips and shortens endings),
    # so only the words starting with a searched stem need stemming.
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(r"(?<![^\W_])(?:" + alternatives + r")[^\W_]*", re.IGNORECASE)


def _hits(text: str, stems) -> list[Token]:
    """tokens(text) limited to `stems`, without stemming every other word (snippets run once per hit)."""
    out = []
    for match in _candidates(frozenset(stems)).finditer(_without_masks(text)):
        word = match.group().lower()
        if len(word) <= MAX_WORD and word not in STOP_WORDS:
            found = stem(word)
            if found in stems:
                out.append(Token(found, match.start(), match.end()))
    return out


def _squeeze(parts: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Line breaks and runs of spaces as one space (a snippet is one line), keeping edge spaces."""
    out = []
    for part, marked in parts:
        if not marked:
            lead = " " if part[:1].isspace() else ""
            trail = " " if part[-1:].isspace() and part.strip() else ""
            part = lead + " ".join(part.split()) + trail if part.strip() else (" " if part else "")
        out.append((part, marked))
    return out


def _cut_start(text: str, start: int) -> int:
    """Move `start` forward to the beginning of a word (not in the middle of one)."""
    if start <= 0:
        return 0
    while start < len(text) and not text[start - 1].isspace():
        start += 1
    return start


def _cut_end(text: str, end: int) -> int:
    """Move `end` back to the end of a word, unless that would empty the snippet."""
    if end >= len(text):
        return len(text)
    back = end
    while back > 0 and not text[back].isspace():
        back -= 1
    return back if back > 0 else end
