"""Agreement between reviewers: Krippendorff's alpha (nominal) and percent agreement.

A unit is one (case, code). Each reviewer who marked their reading of the case done gives the unit a
value: 1 when they tagged the code on at least one of their findings on the case, 0 otherwise. Units
need at least two such reviewers ("pairable"); the codes are those given (normally: every code that
somebody used in the review), so a code nobody thought of for a case counts as agreed absence.

With value counts per unit (n0 reviewers saying absent, n1 present, m = n0 + n1), nominal alpha is

    alpha = 1 - (n - 1) * sum_u(n0_u * n1_u / (m_u - 1)) / (N0 * N1)

where n = sum of m_u over the units and N0, N1 the totals of n0 and n1 (Krippendorff 2011, section C).
It is undefined (None) when every value is the same (N0 * N1 = 0): perfect agreement on presence or
absence with nothing to compare against chance. Percent agreement is the share of reviewer pairs, over
all pairable units, that gave the same value.

The overall alpha is computed with the `krippendorff` package; per code and per case the same formula
is evaluated for all groups at once (a test checks that both agree).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import krippendorff
import numpy as np
import pandas as pd


@dataclass(frozen=True)
class AgreementFigures:
    alpha: float | None
    percent: float | None  # 0..1
    cases: int  # cases with at least two finished readings
    units: int
    codes: int
    per_code: pd.DataFrame  # code_id, alpha, percent, units, used_in (cases), split (cases with disagreement)
    per_case: pd.DataFrame  # case_id, coders, alpha, percent, used (codes), split (codes with disagreement)


_PER_CODE_COLUMNS = ["code_id", "alpha", "percent", "units", "used_in", "split"]
_PER_CASE_COLUMNS = ["case_id", "coders", "alpha", "percent", "used", "split"]


def _none_if_nan(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def units_frame(coders: pd.DataFrame, presence: pd.DataFrame, code_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """One row per pairable unit: case_id, code_id, m (reviewers), n1 (present), n0 (absent)."""
    coders = coders[coders["coders"] >= 2][["case_id", "coders"]]
    if code_ids is None:
        codes = sorted(set(int(c) for c in presence["code_id"])) if len(presence) else []
    else:
        codes = sorted(set(int(c) for c in code_ids))
    if coders.empty or not codes:
        return pd.DataFrame({"case_id": pd.Series(dtype="int64"), "code_id": pd.Series(dtype="int64"),
                             "m": pd.Series(dtype="int64"), "n1": pd.Series(dtype="int64"),
                             "n0": pd.Series(dtype="int64")})
    case_ids = coders["case_id"].to_numpy(dtype="int64")
    m = coders["coders"].to_numpy(dtype="int64")
    code_arr = np.asarray(codes, dtype="int64")
    units = pd.DataFrame({
        "case_id": np.repeat(case_ids, len(code_arr)),
        "code_id": np.tile(code_arr, len(case_ids)),
        "m": np.repeat(m, len(code_arr)),
    })
    present = presence[["case_id", "code_id", "present"]].astype("int64")
    units = units.merge(present, on=["case_id", "code_id"], how="left")
    n1 = units["present"].fillna(0).to_numpy(dtype="int64")
    units["n1"] = np.minimum(n1, units["m"].to_numpy())
    units["n0"] = units["m"] - units["n1"]
    return units.drop(columns="present")


def _grouped(units: pd.DataFrame, key: str) -> pd.DataFrame:
    """Alpha, percent agreement and counts per value of `key`, all groups at once."""
    m = units["m"].to_numpy(dtype="float64")
    n0 = units["n0"].to_numpy(dtype="float64")
    n1 = units["n1"].to_numpy(dtype="float64")
    parts = pd.DataFrame({
        key: units[key].to_numpy(),
        "n": m,
        "n0": n0,
        "n1": n1,
        "o01": n0 * n1 / (m - 1),
        "agree_pairs": (n0 * (n0 - 1) + n1 * (n1 - 1)) / 2,
        "pairs": m * (m - 1) / 2,
        "used": (n1 > 0).astype("int64"),
        "split": ((n1 > 0) & (n0 > 0)).astype("int64"),
        "units": np.ones(len(units), dtype="int64"),
    })
    sums = parts.groupby(key, sort=True).sum()
    chance = sums["n0"] * sums["n1"]
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1 - (sums["n"] - 1) * sums["o01"] / chance
    sums["alpha"] = alpha.where(chance > 0)
    sums["percent"] = sums["agree_pairs"] / sums["pairs"]
    return sums.reset_index()


def compute(coders: pd.DataFrame, presence: pd.DataFrame, code_ids: Iterable[int] | None = None) -> AgreementFigures:
    """Agreement figures for a review.

    `coders`: case_id, coders (reviewers who finished reading the case);
    `presence`: case_id, code_id, present (of those, how many tagged the code on the case);
    `code_ids`: the codes that make up the units (default: those in `presence`)."""
    units = units_frame(coders, presence, code_ids)
    if units.empty:
        return AgreementFigures(None, None, 0, 0, 0, pd.DataFrame(columns=_PER_CODE_COLUMNS),
                                pd.DataFrame(columns=_PER_CASE_COLUMNS))
    n0_total, n1_total = int(units["n0"].sum()), int(units["n1"].sum())
    if n0_total and n1_total:
        counts = np.column_stack([units["n0"].to_numpy(), units["n1"].to_numpy()])
        alpha = float(krippendorff.alpha(value_counts=counts, value_domain=[0, 1], level_of_measurement="nominal"))
    else:
        alpha = None
    m = units["m"].to_numpy(dtype="float64")
    n0, n1 = units["n0"].to_numpy(dtype="float64"), units["n1"].to_numpy(dtype="float64")
    percent = float(((n0 * (n0 - 1) + n1 * (n1 - 1)) / 2).sum() / (m * (m - 1) / 2).sum())

    by_code = _grouped(units, "code_id")
    per_code = pd.DataFrame({
        "code_id": by_code["code_id"].astype("int64"), "alpha": by_code["alpha"], "percent": by_code["percent"],
        "units": by_code["units"].astype("int64"), "used_in": by_code["used"].astype("int64"),
        "split": by_code["split"].astype("int64"),
    })
    by_case = _grouped(units, "case_id")
    coders_per_case = units.groupby("case_id")["m"].first()
    per_case = pd.DataFrame({
        "case_id": by_case["case_id"].astype("int64"),
        "coders": coders_per_case.reindex(by_case["case_id"]).to_numpy(dtype="int64"),
        "alpha": by_case["alpha"], "percent": by_case["percent"],
        "used": by_case["used"].astype("int64"), "split": by_case["split"].astype("int64"),
    })
    return AgreementFigures(alpha=_none_if_nan(alpha), percent=percent, cases=int(units["case_id"].nunique()),
                            units=len(units), codes=int(units["code_id"].nunique()), per_code=per_code,
                            per_case=per_case)


def most_disagreement(figures: AgreementFigures, limit: int = 10) -> pd.DataFrame:
    """Codes to discuss first: most cases where reviewers split, then lowest alpha, then lowest percent."""
    table = figures.per_code
    if table.empty:
        return table
    table = table[table["split"] > 0].copy()
    table["_alpha"] = table["alpha"].fillna(2.0)  # undefined alpha (no variation) sorts last
    table = table.sort_values(["split", "_alpha", "percent", "code_id"], ascending=[False, True, True, True])
    return table.drop(columns="_alpha").head(limit).reset_index(drop=True)


# Krippendorff's customary limits: from 0.800 reliable, from 0.667 tentative conclusions only.
GOOD_ALPHA = 0.8
TENTATIVE_ALPHA = 0.667


def alpha_reading(alpha: float | None) -> str:
    """A plain reading of an alpha value, as a catalogue key suffix: good, tentative, low, below_chance, undefined."""
    if alpha is None or pd.isna(alpha):
        return "undefined"
    if alpha >= GOOD_ALPHA:
        return "good"
    if alpha >= TENTATIVE_ALPHA:
        return "tentative"
    if alpha >= 0:
        return "low"
    return "below_chance"
