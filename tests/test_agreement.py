"""Agreement figures: Krippendorff's alpha and percent agreement against a hand-computed example, against
the `krippendorff` package, and through the services (finished readings only, blind restriction)."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pytest

from reviews.analysis import agreement as stats
from reviews.errors import PermissionDenied, ValidationError
from reviews.models import Role
from reviews.services import agreement, findings
from tests.case_review_support import add, make_world

A, B = 101, 102

# Two reviewers, three cases, codes A and B. Present (1) / absent (0):
#            case 1      case 2      case 3
#   r1      A=1 B=1     A=1 B=0     A=0 B=1
#   r2      A=1 B=0     A=0 B=0     A=0 B=1
# Six units, n = 12 values, 6 present and 6 absent; disagreeing units: (1, B) and (2, A).
# Coincidences o01 = o10 = 2, so D_o = 4/12 and D_e = 2*6*6/(12*11) = 72/132;
# alpha = 1 - (4/12) / (72/132) = 1 - 132/216 = 7/18 = 0.3889. Percent agreement: 4 of 6 units = 2/3.
# Per code (3 units each, 3 present/3 absent, one split unit): alpha = 1 - 5*1/9 = 4/9.
# Per case: case 1 (present 2 and 1 of 2): n=4, N0=1, N1=3, o01=1 -> alpha = 1 - 3*1/3 = 0; case 2 likewise 0;
# case 3 (both agree) -> alpha = 1 - 3*0/4 = 1.
CODERS = pd.DataFrame({"case_id": [1, 2, 3], "coders": [2, 2, 2]})
PRESENCE = pd.DataFrame({"case_id": [1, 1, 2, 3], "code_id": [A, B, A, B], "present": [2, 1, 1, 2]})


def test_hand_computed_example():
    figures = stats.compute(CODERS, PRESENCE)
    assert figures.alpha == pytest.approx(7 / 18)
    assert figures.percent == pytest.approx(2 / 3)
    assert (figures.cases, figures.units, figures.codes) == (3, 6, 2)
    per_code = figures.per_code.set_index("code_id")
    assert per_code.loc[A, "alpha"] == pytest.approx(4 / 9) and per_code.loc[B, "alpha"] == pytest.approx(4 / 9)
    assert per_code.loc[A, "percent"] == pytest.approx(2 / 3)
    assert list(per_code["used_in"]) == [2, 2] and list(per_code["split"]) == [1, 1]
    per_case = figures.per_case.set_index("case_id")
    assert list(per_case["alpha"]) == pytest.approx([0.0, 0.0, 1.0])
    assert list(per_case["percent"]) == pytest.approx([0.5, 0.5, 1.0])
    assert list(per_case["split"]) == [1, 1, 0] and list(per_case["coders"]) == [2, 2, 2]


def test_matches_the_krippendorff_package_on_reliability_data():
    """Random presence data for 4 reviewers (some cases finished by fewer) against the package's own path."""
    rng = np.random.default_rng(4200)
    cases, codes, reviewers = 40, 6, 4
    coders_per_case = rng.integers(1, reviewers + 1, cases)
    data = np.full((reviewers, cases * codes), np.nan)
    presence_rows = []
    for case in range(cases):
        for code in range(codes):
            values = (rng.random(coders_per_case[case]) < 0.35).astype(float)
            data[: coders_per_case[case], case * codes + code] = values
            if values.sum():
                presence_rows.append((case, code, int(values.sum())))
    coders = pd.DataFrame({"case_id": range(cases), "coders": coders_per_case})
    presence = pd.DataFrame(presence_rows, columns=["case_id", "code_id", "present"])
    figures = stats.compute(coders, presence, code_ids=range(codes))
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert figures.alpha == pytest.approx(expected)
    for code in range(codes):
        columns = [case * codes + code for case in range(cases)]
        per_code = krippendorff.alpha(reliability_data=data[:, columns], level_of_measurement="nominal")
        assert figures.per_code.set_index("code_id").loc[code, "alpha"] == pytest.approx(per_code)


def test_edge_cases():
    empty = stats.compute(pd.DataFrame({"case_id": [], "coders": []}),
                          pd.DataFrame({"case_id": [], "code_id": [], "present": []}))
    assert empty.alpha is None and empty.percent is None and empty.units == 0
    one_reader = stats.compute(pd.DataFrame({"case_id": [1], "coders": [1]}), PRESENCE.iloc[:1])
    assert one_reader.units == 0  # a case needs two finished readings
    unanimous = stats.compute(pd.DataFrame({"case_id": [1, 2], "coders": [3, 3]}),
                              pd.DataFrame({"case_id": [1, 2], "code_id": [A, A], "present": [3, 3]}))
    assert unanimous.alpha is None and unanimous.percent == 1.0  # no variation: alpha undefined
    assert stats.most_disagreement(unanimous).empty


def test_most_disagreement_ranks_split_cases_first():
    coders = pd.DataFrame({"case_id": [1, 2, 3], "coders": [3, 3, 3]})
    presence = pd.DataFrame({"case_id": [1, 2, 3, 1, 1, 2, 3], "code_id": [A, A, A, B, 103, 103, 103],
                             "present": [1, 2, 1, 3, 3, 3, 2]})
    ranked = stats.most_disagreement(stats.compute(coders, presence))
    assert list(ranked["code_id"]) == [A, 103]  # A split in 3 cases, 103 in 1, B unanimous
    assert list(ranked["split"]) == [3, 1]


def _hand_example_through_services(db, users):
    """The hand-computed example, written as findings by two reviewers (r1, r2) on three cases."""
    world = make_world(db, users, blind=True, n_cases=3)
    c1, c2, c3 = world.case_ids
    codes = {"A": "fo6_skift", "B": "kv_lovgivning"}
    for user, case_id, keys in [(world.r1, c1, "AB"), (world.r1, c2, "A"), (world.r1, c3, "B"),
                                (world.r2, c1, "A"), (world.r2, c3, "B")]:
        add(db, world, user, case_id, [codes[k] for k in keys])
    add(db, world, world.r1, c1, [codes["A"]], text="Samme kode to gange tæller som én tilstedeværelse.")
    for user in (world.r1, world.r2):
        for case_id in world.case_ids:
            findings.mark_reading_done(db, user, world.review_id, case_id)
    return world


def test_agreement_through_the_services(db, users):
    world = _hand_example_through_services(db, users)
    # The third reviewer coded case 1 but has not finished: not counted.
    add(db, world, world.r3, world.case_ids[0], ["fo1_tillid"])
    result = agreement.review_agreement(db, world.chair, world.review_id, use_cache=False)
    assert result.figures.alpha == pytest.approx(7 / 18)
    assert result.figures.percent == pytest.approx(2 / 3)
    assert result.case_total == 3 and not result.restricted
    assert set(result.disagreement["code_id"]) == {world.codes["fo6_skift"], world.codes["kv_lovgivning"]}
    assert result.pseudonyms[world.case_ids[0]] == "Test Task Force Familie 1"
    cached = agreement.review_agreement(db, world.chair, world.review_id)
    assert cached.figures.alpha == pytest.approx(7 / 18)
    # When r3 finishes, the figures change (the cache notices).
    findings.mark_reading_done(db, world.r3, world.review_id, world.case_ids[0])
    after = agreement.review_agreement(db, world.chair, world.review_id)
    assert after.figures.alpha != pytest.approx(7 / 18)
    assert after.figures.per_case.set_index("case_id").loc[world.case_ids[0], "coders"] == 3


def test_blind_reviewer_sees_agreement_only_over_cases_they_finished(db, users):
    world = _hand_example_through_services(db, users)
    add(db, world, world.r3, world.case_ids[2], ["kv_lovgivning"])
    findings.mark_reading_done(db, world.r3, world.review_id, world.case_ids[2])
    result = agreement.review_agreement(db, world.r3, world.review_id)
    assert result.restricted and list(result.figures.per_case["case_id"]) == [world.case_ids[2]]
    with pytest.raises(ValidationError) as info:
        agreement.case_agreement(db, world.r3, world.review_id, world.case_ids[0])
    assert info.value.key == "error.agreement_reading_not_done"
    detail = agreement.case_agreement(db, world.r3, world.review_id, world.case_ids[2])
    assert {r[0] for r in detail.readers} == {world.r1.id, world.r2.id, world.r3.id}
    assert set(detail.table["code_id"]) == {world.codes["kv_lovgivning"]}
    # The chair sees every case; non-members and readers see nothing.
    assert len(agreement.case_agreement(db, world.chair, world.review_id, world.case_ids[0]).table) == 3
    with pytest.raises(PermissionDenied):
        agreement.review_agreement(db, world.outsider, world.review_id)
    with pytest.raises(PermissionDenied):
        agreement.review_agreement(db, users[Role.READER], world.review_id)
