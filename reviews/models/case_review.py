"""Records of the case review: codebooks, findings, readings, learning points, family round, action plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from reviews.models import Discipline


class CodebookKind(StrEnum):
    CODES = "koder"  # codes tagged on findings and learning points
    POLARITY = "polaritet"  # Signs of Safety: the one polarity of every finding


class Polarity(StrEnum):
    """Signs of Safety: what worries us, what works well, what needs to happen."""

    CONCERN = "bekymring"
    WORKS_WELL = "går godt"
    NEEDS_TO_HAPPEN = "skal ske"


class LearningPointStatus(StrEnum):
    DRAFT = "udkast"
    IN_DISCUSSION = "til drøftelse med familierepræsentanter"
    DISCUSSED = "drøftet"
    APPROVED = "godkendt"
    PRESENTED = "forelagt udvalget"


LP_STATUS_ORDER: tuple[LearningPointStatus, ...] = tuple(LearningPointStatus)


class FamilyStance(StrEnum):
    AGREE = "enig"
    PARTLY = "delvis enig"
    DISAGREE = "uenig"


class ActionStatus(StrEnum):
    PLANNED = "ikke påbegyndt"
    IN_PROGRESS = "i gang"
    DONE = "gennemført"


@dataclass(frozen=True)
class Codebook:
    id: int
    key: str
    name: str
    name_en: str
    description: str
    kind: CodebookKind
    sort_order: int


@dataclass(frozen=True)
class Code:
    id: int
    codebook_id: int
    codebook_key: str
    key: str
    label: str
    label_en: str
    description: str
    sort_order: int
    retired: bool
    version: int
    usage: int = 0  # findings + learning points that carry the code

    def display(self, lang: str = "da") -> str:
        return (self.label_en or self.label) if lang == "en" else self.label


@dataclass(frozen=True)
class Finding:
    id: int
    review_id: int
    case_id: int
    pseudonym: str
    event_id: int | None
    event_date: dt.date | None
    event_type: str | None
    author_id: int
    author_name: str
    discipline: Discipline
    text: str
    excerpt: str
    polarity: Polarity
    judgement: int | None
    code_ids: tuple[int, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True)
class ReadingStatus:
    """One case of a review as one reviewer sees it."""

    case_id: int
    pseudonym: str
    done: bool
    my_findings: int
    readers_done: int
    readable: bool = True  # False: the family's consent is pending or refused (and no own-initiative basis)


@dataclass(frozen=True)
class LearningPoint:
    id: int
    review_id: int
    title: str
    description: str
    recommendation: str
    agreed_wording: str
    status: LearningPointStatus
    code_ids: tuple[int, ...]
    evidence_ids: tuple[int, ...]
    seen_in: int  # distinct cases among the evidence
    case_total: int  # cases selected into the review
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    updated_by_name: str
    responses: int = 0
    actions: int = 0
    quoted_ids: tuple[int, ...] = ()  # evidence whose excerpt the chair ticked in as a quotation in the minutes


@dataclass(frozen=True)
class LearningPointVersion:
    learning_point_id: int
    version: int
    title: str
    description: str
    recommendation: str
    agreed_wording: str
    status: LearningPointStatus
    codes_text: str
    evidence_text: str
    saved_at: dt.datetime
    saved_by_name: str


@dataclass(frozen=True)
class FamilyResponse:
    id: int
    learning_point_id: int
    representative: str
    response_date: dt.date
    stance: FamilyStance
    comment: str
    created_at: dt.datetime
    created_by_name: str


@dataclass(frozen=True)
class Action:
    id: int
    learning_point_id: int
    learning_point_title: str
    description: str
    owner: str
    deadline: dt.date
    status: ActionStatus
    version: int
    updated_at: dt.datetime

    def overdue(self, today: dt.date) -> bool:
        return self.status != ActionStatus.DONE and self.deadline < today

    def days_overdue(self, today: dt.date) -> int:
        """Days past the deadline (0 when not overdue)."""
        return (today - self.deadline).days if self.overdue(today) else 0
