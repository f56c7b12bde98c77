"""Agreement at each level of measurement: code use (binary), the Signs of Safety polarity (nominal, three
values) and the 0-10 judgement (interval), against Krippendorff's own worked example and through the
services."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reviews.analysis import agreement as stats
from reviews.models import Role
from reviews.models.case_review import Polarity
from reviews.services import agreement, findings
from tests.case_review_support import add, make_world

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: four observers, twelve units.
# His results: nominal 0.743, interval 0.849.
N = np.nan
KRIPPENDORFF_C = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
                  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
                  [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
                  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]


def _values(matrix, code_of_unit=lambda unit: 7) -> pd.DataFrame:
    rows = [{"case_id": unit, "code_id": code_of_unit(unit), "user_id": coder, "value": value}
            for coder, row in enumerate(matrix) for unit, value in enumerate(row) if not np.isnan(value)]
    return pd.DataFrame(rows)


def test_krippendorffs_worked_example_at_both_levels():
    nominal = stats.value_agreement(_values(KRIPPENDORFF_C), stats.NOMINAL, [1, 2, 3, 4, 5])
    interval = stats.value_agreement(_values(KRIPPENDORFF_C), stats.INTERVAL)
    assert round(nominal.alpha, 3) == 0.743
    assert round(interval.alpha, 3) == 0.849
    assert nominal.units == interval.units == 11  # the twelfth unit has one value: nothing to compare
    assert nominal.per_code.to_dict("records") == [{"code_id": 7, "alpha": nominal.alpha, "units": 11}]


def test_per_code_figures_split_the_units_by_code():
    by_code = stats.value_agreement(_values(KRIPPENDORFF_C, lambda unit: 1 if unit < 6 else 2), stats.INTERVAL)
    first = stats.value_agreement(_values([row[:6] for row in KRIPPENDORFF_C]), stats.INTERVAL)
    table = by_code.per_code.set_index("code_id")
    assert table.loc[1, "alpha"] == pytest.approx(first.alpha) and table.loc[1, "units"] == 6
    assert table.loc[2, "units"] == 5
    assert by_code.alpha == pytest.approx(0.849, abs=5e-4)  # pooled over both codes: the whole example


def test_undefined_without_variation_or_pairs():
    same = stats.value_agreement(_values([[3, 3], [3, 3]]), stats.INTERVAL)
    assert same.alpha is None and same.units == 2
    alone = stats.value_agreement(_values([[3, N], [N, 4]]), stats.INTERVAL)
    assert alone.alpha is None and alone.units == 0 and alone.per_code.empty


def test_one_value_per_reviewer_the_most_frequent_polarity_and_the_mean_judgement():
    rows = pd.DataFrame({
        "case_id": [1, 1, 1, 1, 1, 1], "code_id": [5, 5, 5, 5, 5, 5], "user_id": [10, 10, 10, 11, 11, 12],
        "finding_id": [1, 2, 3, 4, 5, 6],
        "polarity": ["bekymring", "går godt", "bekymring", "går godt", "skal ske", "skal ske"],
        "judgement": [2.0, 4.0, None, 7.0, None, None]})
    polarity = stats.reviewer_values(rows, "polarity", stats.NOMINAL).set_index("user_id")["value"].to_dict()
    assert polarity == {10: "bekymring", 11: "skal ske", 12: "skal ske"}  # 11: a tie, the latest finding decides
    judgement = stats.reviewer_values(rows, "judgement", stats.INTERVAL).set_index("user_id")["value"].to_dict()
    assert judgement == {10: 3.0, 11: 7.0}  # 12 gave no judgement


def test_polarity_and_judgement_agreement_through_the_services(db, users):
    world = make_world(db, users, blind=True, n_cases=2)
    c1, c2 = world.case_ids
    # Code fo6_skift on both cases by r1 and r2: same polarity on case 1, different on case 2.
    add(db, world, world.r1, c1, ["fo6_skift"], polarity=Polarity.CONCERN, judgement=2)
    add(db, world, world.r2, c1, ["fo6_skift"], polarity=Polarity.CONCERN, judgement=3)
    add(db, world, world.r1, c2, ["fo6_skift"], polarity=Polarity.WORKS_WELL, judgement=8)
    add(db, world, world.r2, c2, ["fo6_skift"], polarity=Polarity.NEEDS_TO_HAPPEN, judgement=9)
    add(db, world, world.r3, c2, ["fo6_skift"], polarity=Polarity.CONCERN, judgement=0)  # not finished: left out
    for user in (world.r1, world.r2):
        for case_id in world.case_ids:
            findings.mark_reading_done(db, user, world.review_id, case_id)
    result = agreement.review_agreement(db, world.chair, world.review_id, use_cache=False)
    expected_polarity = stats.value_agreement(_values([[0, 1], [0, 2]]), stats.NOMINAL, [0, 1, 2])
    expected_judgement = stats.value_agreement(_values([[2, 8], [3, 9]]), stats.INTERVAL)
    assert result.polarity.level == "nominal" and result.judgement.level == "interval"
    assert result.polarity.alpha == pytest.approx(expected_polarity.alpha)
    assert result.judgement.alpha == pytest.approx(expected_judgement.alpha)
    assert result.judgement.alpha > 0.9 > result.polarity.alpha  # close judgements, split polarities
    assert result.polarity.units == result.judgement.units == 2
    assert result.polarity.per_code["code_id"].tolist() == [world.codes["fo6_skift"]]

    # A blind reviewer who finished only case 1 sees figures over case 1 only: one unit, all agreeing.
    findings.mark_reading_done(db, world.r3, world.review_id, c2)
    mine = agreement.review_agreement(db, world.r3, world.review_id, use_cache=False)
    assert mine.restricted and mine.polarity.units == 1


def test_the_page_names_each_level_and_what_the_headline_pools(monkeypatch, demo_db_path):
    from reviews.storage.database import Database
    from tests.conftest import demo_user
    from tests.test_pages_smoke import app_for

    database = Database(str(demo_db_path))
    chair = demo_user(database, Role.CHAIR)
    database.close()
    at = app_for(monkeypatch, demo_db_path, chair).run()
    at.switch_page("pages/agreement.py").run()
    picker = at.selectbox(key="agreement_review")
    picker.select_index(next(i for i, o in enumerate(picker.options) if "Task Force 4200" in str(o))).run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert "Brug af koder · binær (brugt/ikke brugt), nominal · alle koder og sager samlet" in captions
    assert any(c.startswith("Polaritet (Signs of Safety) · nominal, tre værdier") for c in captions)
    assert any(c.startswith("Vurdering 0–10 · interval") for c in captions)
    assert [m.label for m in at.metric][:1] == ["Krippendorffs alfa"]
    assert {"Alfa, polaritet", "Alfa, vurdering 0–10"} <= {m.label for m in at.metric}
    columns = list(at.dataframe[1].value.columns)
    assert columns[1] == "Alfa, brug af koden (binær)"
    assert columns[-2:] == ["Alfa, polaritet (nominal)", "Alfa, vurdering (interval)"]
