"""Records of passages: the part of a case-file page that a finding cites."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews.models.case_review import Finding


@dataclass(frozen=True)
class PassageRef:
    """What the reading view asks to cite: a character range [start, end) of one page. Only offsets come
    from the client; the excerpt is always cut from the stored text."""

    document_id: int
    page_no: int
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    id: int
    finding_id: int
    document_id: int
    page_no: int
    char_start: int
    char_end: int
    para_first: int  # index of the first paragraph of the page the range overlaps (from 0)
    para_last: int
    excerpt: str
    created_at: dt.datetime


@dataclass(frozen=True)
class PagePassages:
    """The passages on one page that a viewer may see, with the findings citing them."""

    passages: list[Passage]
    findings: dict[int, Finding]  # by id
    hidden: int  # others' passages on the page not shown yet (blind review, own reading not done)
    done: bool  # the viewer marked their reading of the document's case done
    in_review: bool  # the document's case is one of the review's cases
    pseudonym: str = ""  # of the document's case


@dataclass(frozen=True)
class PageRef:
    """Where a finding's passage is: for a link back to the reading view."""

    finding_id: int
    document_id: int
    title: str
    page_no: int
