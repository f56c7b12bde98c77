"""Agreement between reviewers with passages of case files as the units, per code.

A unit is one paragraph of one page (document, page, paragraph index) that some reviewer's passage
covers (the paragraphs a passage overlaps were fixed when it was cited). For each code, each reviewer who
marked reading done for the unit's case gives the unit a value: 1 when one of their passages carrying the
code overlaps the paragraph, 0 otherwise; a reviewer who has not finished the case is missing. Units with
fewer than two such reviewers are not pairable and drop out.

The figures are the binary (nominal, two values) Krippendorff's alpha and percent agreement of
reviews.analysis.agreement, computed by the same code with a paragraph in place of a case: per code, and
pooled over every code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from reviews.analysis import agreement as stats


@dataclass(frozen=True)
class PassageAgreement:
    alpha: float | None  # pooled over every (paragraph, code)
    percent: float | None
    paragraphs: int  # pairable units (paragraphs with at least two finished readers)
    per_code: pd.DataFrame  # code_id, alpha, percent, units (paragraphs), used_in (paragraphs), split


_PER_CODE = ["code_id", "alpha", "percent", "units", "used_in", "split"]


def paragraph_values(passages: pd.DataFrame, readers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(coders: unit, coders) and (presence: unit, code_id, present) for stats.compute, with `unit` the
    paragraph's index in a sorted list of (document, page, paragraph).

    `passages`: case_id, document_id, page_no, para_first, para_last, user_id, code_id, one row per code of a
    coded passage of a reviewer who finished its case; `readers`: case_id, user_id (finished readings)."""
    empty = (pd.DataFrame({"case_id": pd.Series(dtype="int64"), "coders": pd.Series(dtype="int64")}),
             pd.DataFrame({"case_id": pd.Series(dtype="int64"), "code_id": pd.Series(dtype="int64"),
                           "present": pd.Series(dtype="int64")}))
    if passages.empty:
        return empty
    done = set(zip(readers["case_id"].astype("int64"), readers["user_id"].astype("int64")))
    rows = [r for r in passages.itertuples(index=False) if (int(r.case_id), int(r.user_id)) in done]
    if not rows:
        return empty
    # Expand each passage to the paragraphs it covers.
    covered = pd.DataFrame([(int(r.case_id), int(r.document_id), int(r.page_no), para, int(r.user_id), int(r.code_id))
                            for r in rows for para in range(int(r.para_first), int(r.para_last) + 1)],
                           columns=["case_id", "document_id", "page_no", "para", "user_id", "code_id"])
    units = covered[["case_id", "document_id", "page_no", "para"]].drop_duplicates().sort_values(
        ["document_id", "page_no", "para"]).reset_index(drop=True)
    units["unit"] = range(len(units))
    per_case = readers.groupby("case_id")["user_id"].nunique().rename("coders").reset_index()
    coders = units.merge(per_case, on="case_id", how="left").fillna({"coders": 0})
    coders = pd.DataFrame({"case_id": coders["unit"].astype("int64"), "coders": coders["coders"].astype("int64")})
    present = (covered.drop_duplicates(["document_id", "page_no", "para", "user_id", "code_id"])
               .merge(units, on=["case_id", "document_id", "page_no", "para"])
               .groupby(["unit", "code_id"])["user_id"].nunique().rename("present").reset_index())
    presence = pd.DataFrame({"case_id": present["unit"].astype("int64"), "code_id": present["code_id"].astype("int64"),
                             "present": present["present"].astype("int64")})
    return coders, presence


def compute(passages: pd.DataFrame, readers: pd.DataFrame,
            code_ids: Iterable[int] | None = None) -> PassageAgreement:
    """Passage agreement per code (default: the codes on the passages) and pooled; see the module's text."""
    coders, presence = paragraph_values(passages, readers)
    figures = stats.compute(coders, presence, code_ids)
    per_code = figures.per_code if not figures.per_code.empty else pd.DataFrame(columns=_PER_CODE)
    return PassageAgreement(alpha=figures.alpha, percent=figures.percent, paragraphs=figures.cases,
                            per_code=per_code.reset_index(drop=True))
