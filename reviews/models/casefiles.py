"""Records of case files («Sagsakter»): the documents of a case, their pages, and the import jobs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class CasefileType(StrEnum):
    """The kinds of document in a case file under Barnets lov, plus "andet"."""

    INVESTIGATION = "børnefaglig undersøgelse"
    DECISION = "afgørelse"
    CHILD_PLAN = "barnets plan"
    ACTION_PLAN = "handleplan"
    NOTIFICATION = "underretning"
    JOURNAL_NOTE = "journalnotat"
    STATEMENT = "statusudtalelse"
    MINUTES = "mødereferat"
    LETTER = "brev"
    EMAIL = "e-mail"
    OTHER = "andet"


class CasefileStatus(StrEnum):
    READY = "klar"
    OCR_PENDING = "afventer tekstgenkendelse"
    OCR_FAILED = "tekstgenkendelse fejlede"


class JobStatus(StrEnum):
    QUEUED = "i kø"
    RUNNING = "kører"
    DONE = "færdig"
    FAILED = "fejlet"
    INTERRUPTED = "afbrudt"


@dataclass(frozen=True)
class Casefile:
    """One document of a case. Its text and images live in its pages; the original file is not kept."""

    id: int
    case_id: int
    doc_type: CasefileType
    doc_date: dt.date | None
    title: str
    author_unit: str
    source_name: str
    source_kind: str
    page_count: int
    masked_cpr: int
    status: CasefileStatus
    parent_id: int | None
    imported_at: dt.datetime
    version: int
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CasefilePage:
    """One page: its masked text, the character offsets of its paragraphs, and its redacted image (PNG)."""

    document_id: int
    page_no: int  # from 1
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    masked_cpr: int
    needs_ocr: bool
    ocr: bool
    image: bytes | None = None
    image_width: int = 0
    image_height: int = 0


@dataclass(frozen=True)
class CasefileJob:
    id: int
    case_id: int
    kind: str
    status: JobStatus
    total: int
    done: int
    message: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one source file (or one entry of a bundle)."""

    name: str
    document_ids: tuple[int, ...] = ()
    error_key: str = ""
    error_params: dict = field(default_factory=dict)
    masked_cpr: int = 0
    ocr_pages: int = 0

    @property
    def ok(self) -> bool:
        return not self.error_key


@dataclass(frozen=True)
class ImportReport:
    outcomes: tuple[ImportOutcome, ...]
    job_id: int | None = None
    ocr_error: str = ""  # message key, when the OCR run inline (command line) failed

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes) and not self.ocr_error

    @property
    def document_ids(self) -> list[int]:
        return [d for o in self.outcomes for d in o.document_ids]


def timeline_of(events, documents) -> list:
    """A case's timeline events and documents by date, oldest first; an undated document comes last."""
    dated = [(event.event_date, 0, index, event) for index, event in enumerate(events)]
    dated += [(doc.doc_date or dt.date.max, 1, index, doc) for index, doc in enumerate(documents)]
    return [item for *_, item in sorted(dated, key=lambda row: row[:3])]
