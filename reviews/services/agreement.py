"""Agreement between reviewers per case and per code (Krippendorff's alpha and percent agreement), from
the readings marked done. In a blind review a reviewer sees figures only over the cases whose reading
they finished themselves; the chair sees the whole review. A case without a basis for reading it (the
family's consent pending or refused, no own-initiative investigation) is in no figure and is not shown."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd

from reviews.analysis import agreement as stats
from reviews.errors import NotFound, ValidationError
from reviews.models import Discipline, User
from reviews.models.case_review import Code, Polarity
from reviews.services.audit import record_read
from reviews.services.review_rules import member_access, viewer_of
from reviews.services.permissions import requires
from reviews.services.reviews import require_basis
from reviews.storage import codebooks as codes_repo
from reviews.storage import findings as findings_repo


@dataclass(frozen=True)
class ReviewAgreement:
    figures: stats.AgreementFigures  # whether the same codes were used: binary (nominal, two values)
    polarity: stats.ValueAgreement  # the Signs of Safety polarity of a code's findings: nominal, three values
    judgement: stats.ValueAgreement  # the 0-10 judgement: interval
    disagreement: pd.DataFrame  # the codes to discuss first (see analysis.agreement.most_disagreement)
    cases_shown: pd.DataFrame  # per-case rows, most disagreement first, at most CASES_SHOWN
    codes: dict[int, Code]
    pseudonyms: dict[int, str]  # of the cases shown
    case_total: int
    restricted: bool  # blind review: only the cases the viewer finished


@dataclass(frozen=True)
class CaseAgreement:
    readers: list[tuple[int, str, Discipline]]  # those who finished reading the case
    table: pd.DataFrame  # code_id, user_id, findings
    codes: dict[int, Code]
    pseudonym: str


# Results by (database, review, viewer, data stamp): a rerun of the page costs one cheap stamp query.
_CACHE: OrderedDict[tuple, tuple] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 16
CASES_SHOWN = 100


def _compute(cur, review_id: int, viewer: int | None) -> tuple:
    coders, presence = findings_repo.agreement_inputs(cur, review_id, viewer)
    figures = stats.compute(coders, presence)
    values = findings_repo.agreement_values(cur, review_id, viewer)
    polarity = stats.value_agreement(stats.reviewer_values(values, "polarity", stats.NOMINAL), stats.NOMINAL,
                                     [p.value for p in Polarity])
    judgement = stats.value_agreement(stats.reviewer_values(values, "judgement", stats.INTERVAL), stats.INTERVAL)
    return figures, stats.most_disagreement(figures, limit=10), polarity, judgement


def _cached(db, cur, review_id: int, viewer: int | None) -> tuple:
    key = (id(db), db.path, review_id, viewer, findings_repo.agreement_stamp(cur, review_id))
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    result = _compute(cur, review_id, viewer)
    with _CACHE_LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


@requires("agreement.read")
def review_agreement(db, actor: User, review_id: int, *, use_cache: bool = True) -> ReviewAgreement:
    cur = db.cursor()
    review, _ = member_access(cur, actor, review_id)
    viewer = viewer_of(review, actor)
    figures, disagreement, polarity, judgement = (_cached(db, cur, review_id, viewer) if use_cache
                                                  else _compute(cur, review_id, viewer))
    codes = {c.id: c for c in codes_repo.all_codes(cur)}
    shown = figures.per_case.sort_values(["split", "case_id"], ascending=[False, True]).head(CASES_SHOWN)
    pseudonyms = findings_repo.pseudonyms(cur, shown["case_id"].tolist())
    record_read(db, actor, "read", record_type="agreement", record_id=review_id,
                details={"cases": figures.cases})
    return ReviewAgreement(figures, polarity, judgement, disagreement, shown, codes, pseudonyms,
                           findings_repo.review_case_count(cur, review_id), viewer is not None)


@requires("agreement.read")
def case_agreement(db, actor: User, review_id: int, case_id: int) -> CaseAgreement:
    """Who tagged which code on the case, among the reviewers who finished reading it."""
    cur = db.cursor()
    review, _ = member_access(cur, actor, review_id)
    if require_basis(db, actor, review_id, case_id, attempt="read") is None:
        raise NotFound(record="review_case", id=f"{review_id}/{case_id}")
    if viewer_of(review, actor) is not None and not findings_repo.reading_done(cur, review_id, case_id, actor.id):
        raise ValidationError("error.agreement_reading_not_done")
    readers = [(r[0], r[1], Discipline(r[2])) for r in findings_repo.done_readers(cur, review_id, case_id)]
    table = findings_repo.case_code_matrix(cur, review_id, case_id)
    pseudonym = findings_repo.pseudonyms(cur, [case_id]).get(case_id, "")
    record_read(db, actor, "read", record_type="agreement", record_id=f"{review_id}/{case_id}",
                pseudonym=pseudonym)
    return CaseAgreement(readers, table, {c.id: c for c in codes_repo.all_codes(cur)}, pseudonym)
