"""Records of the case-file search («Søg i sagsakter»): one hit is one page of one document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviews.fulltext import Snippet
from reviews.models.casefiles import CasefileType


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    page_no: int
    case_id: int
    pseudonym: str
    title: str
    doc_type: CasefileType
    doc_date: dt.date | None
    page_count: int
    score: float  # BM25, summed over the searched stems; comparable within one search only
    matched: int  # how many of the searched words the page holds
    snippet: Snippet


@dataclass(frozen=True)
class SearchResults:
    hits: tuple[SearchHit, ...]
    total: int  # matching pages in the cases the user may read
    words: tuple[str, ...]  # the stems searched for
    limit: int
    offset: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total
