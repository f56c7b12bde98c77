"""Agreement between reviewers: Krippendorff's alpha and percent agreement, each at its level.

Three questions, three levels of measurement:

- did the reviewers use the same codes on a case? binary (nominal, two values), below;
- did those who used a code give the finding the same Signs of Safety polarity? nominal, three values
  (`value_agreement`);
- did they judge it alike on the 0-10 scale? interval (`value_agreement`).

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


# --- Agreement on what the reviewers said, not only whether they used a code ---------------------------

NOMINAL = "nominal"
INTERVAL = "interval"


@dataclass(frozen=True)
class ValueAgreement:
    """Krippendorff's alpha at one level of measurement over units (case, code) that at least two reviewers
    gave a value: pooled over every code, and per code."""

    level: str  # "nominal" (the Signs of Safety polarity, three values) or "interval" (the 0-10 judgement)
    alpha: float | None
    units: int
    per_code: pd.DataFrame  # code_id, alpha, units


_VALUE_COLUMNS = ["code_id", "alpha", "units"]


def reviewer_values(rows: pd.DataFrame, column: str, level: str) -> pd.DataFrame:
    """One value per (case, code, reviewer) from their findings (`rows`: case_id, code_id, user_id, finding_id,
    and `column`): the mean judgement (interval), or the polarity they gave most often, the latest finding
    deciding a tie (nominal). Findings without a value are left out."""
    rows = rows[rows[column].notna()]
    keys = ["case_id", "code_id", "user_id"]
    if rows.empty:
        return pd.DataFrame({**{k: pd.Series(dtype="int64") for k in keys}, "value": pd.Series(dtype="object")})
    if level == INTERVAL:
        return rows.groupby(keys, as_index=False)[column].mean().rename(columns={column: "value"})
    counted = rows.groupby([*keys, column], as_index=False).agg(n=("finding_id", "size"), last=("finding_id", "max"))
    counted = counted.sort_values([*keys, "n", "last"], ascending=[True, True, True, False, False])
    return counted.drop_duplicates(keys)[[*keys, column]].rename(columns={column: "value"}).reset_index(drop=True)


def _alpha(matrix: np.ndarray, level: str, domain: list | None) -> float | None:
    """Alpha of a reviewers x units matrix (NaN: no value), or None when undefined (no variation at all)."""
    values = matrix[~np.isnan(matrix)]
    if values.size == 0 or np.unique(values).size < 2:
        return None
    kwargs = {"value_domain": domain} if level == NOMINAL and domain else {}
    return _none_if_nan(float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level, **kwargs)))


def value_agreement(values: pd.DataFrame, level: str, domain: Iterable | None = None) -> ValueAgreement:
    """Alpha over units (case, code) with values from at least two reviewers (`values`: case_id, code_id,
    user_id, value, as reviewer_values makes them). Nominal values are compared by identity; `domain`
    lists every possible one, so alpha knows the scale even when a value was never chosen."""
    if values.empty:
        return ValueAgreement(level, None, 0, pd.DataFrame(columns=_VALUE_COLUMNS))
    counts = values.groupby(["case_id", "code_id"])["user_id"].transform("size")
    values = values[counts >= 2]
    if values.empty:
        return ValueAgreement(level, None, 0, pd.DataFrame(columns=_VALUE_COLUMNS))
    codes_list = list(domain) if domain is not None else sorted(values["value"].dropna().unique().tolist())
    if level == NOMINAL:
        index = {v: i for i, v in enumerate(codes_list)}
        numeric = values["value"].map(index).astype("float64")
        domain_numbers = list(range(len(codes_list)))
    else:
        numeric = values["value"].astype("float64")
        domain_numbers = None
    frame = values.assign(value=numeric)
    frame["unit"] = frame["case_id"].astype(str) + ":" + frame["code_id"].astype(str)
    grid = frame.pivot_table(index="user_id", columns="unit", values="value", aggfunc="first")
    pooled = _alpha(grid.to_numpy(dtype="float64"), level, domain_numbers)
    unit_codes = frame.drop_duplicates("unit").set_index("unit")["code_id"]
    rows = []
    for code_id, units in unit_codes.groupby(unit_codes, sort=True):
        sub = grid[units.index].to_numpy(dtype="float64")
        rows.append({"code_id": int(code_id), "alpha": _alpha(sub, level, domain_numbers), "units": len(units)})
    return ValueAgreement(level, pooled, int(grid.shape[1]), pd.DataFrame(rows, columns=_VALUE_COLUMNS))
