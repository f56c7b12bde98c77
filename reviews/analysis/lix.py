"""LIX (læsbarhedsindeks), the Danish readability index, and its scale.

LIX = words / sentences + 100 * long words / words, where a long word has more than 6 letters.

Counting, precisely:
- a word is a run of letters (any alphabet, æøå included; a hyphen or apostrophe between letters keeps
  the word together: "netværks-møde" is one word); digits and signs (§, %) are not words;
- a sentence ends at . ! ? : or ; followed by white space and then a capital letter (perhaps after a quote)
  or at the end of the text, and at every line break after a line with words (a heading or a list item is a
  sentence of its own). "f.eks. at", "kl. 14.00" and "jf. § 52" therefore do not end sentences;
- a text without words has no LIX (None).

The scale used in Denmark, with these exact edges on the score rounded to one decimal:
    score < 25          meget let   (very easy: children's books)
    25 <= score < 35    let         (easy: fiction, popular weeklies)
    35 <= score < 45    middel      (medium: newspapers)
    45 <= score < 55    svær        (hard: professional literature)
    score >= 55         meget svær  (very hard: legal and academic text)
A document that goes to citizens gets a warning when its score is above 40 (`CITIZEN_LIMIT`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

LONG_WORD = 6  # letters; a long word has more than this
CITIZEN_LIMIT = 40.0

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_MARKS = re.compile(r"[.!?:;]+")
_OPENERS = "\"'«»“”„(["


class LixBand(StrEnum):
    VERY_EASY = "meget let"
    EASY = "let"
    MEDIUM = "middel"
    HARD = "svær"
    VERY_HARD = "meget svær"


BANDS: tuple[tuple[float, LixBand], ...] = (
    (25.0, LixBand.VERY_EASY),
    (35.0, LixBand.EASY),
    (45.0, LixBand.MEDIUM),
    (55.0, LixBand.HARD),
)


@dataclass(frozen=True)
class Lix:
    score: float  # rounded to one decimal
    words: int
    sentences: int
    long_words: int
    band: LixBand

    def warn_for_citizens(self) -> bool:
        return self.score > CITIZEN_LIMIT


def band(score: float) -> LixBand:
    for upper, name in BANDS:
        if score < upper:
            return name
    return LixBand.VERY_HARD


def _ends_sentence(line: str, end: int) -> bool:
    """Whether the punctuation ending at `end` closes a sentence (see the module docstring)."""
    rest = line[end:]
    stripped = rest.lstrip()
    if not stripped:
        return True
    if len(stripped) == len(rest):  # no white space after it: "14.00", "f.eks"
        return False
    first = stripped.lstrip(_OPENERS)[:1]
    return first.isupper()


def _sentences(text: str) -> int:
    count = 0
    for line in text.splitlines():
        if not _WORD.search(line):
            continue
        line = line.rstrip()
        inside = sum(1 for m in _MARKS.finditer(line) if m.end() < len(line) and _ends_sentence(line, m.end()))
        count += inside + 1  # the line's end closes its last sentence, with or without a full stop
    return count


def lix(text: str) -> Lix | None:
    """The LIX of `text`, or None when it has no words."""
    words = _WORD.findall(text or "")
    if not words:
        return None
    letters = [re.sub(r"[-'’]", "", w) for w in words]
    long_words = sum(1 for w in letters if len(w) > LONG_WORD)
    sentences = max(1, _sentences(text))
    score = round(len(words) / sentences + 100 * long_words / len(words), 1)
    return Lix(score, len(words), sentences, long_words, band(score))
