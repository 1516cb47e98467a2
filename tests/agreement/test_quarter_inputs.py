"""What a quarterly entry holds, and the registry inputs that give it (IKU 4, 16, 21; ASFR).

No published values exist for these agency-internal quantities: every expected number is
computed by hand in the comment beside it, from the PK 2024 targets (IKU 16: 50 in TW III and
50 in TW IV; IKU 21: 25 each quarter) and the formulas in the docstrings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pydantic
import pytest

from dppapp_indikator import InvalidInputError, calculate, year_progress_pct
from dppapp_indikator.agreement import evaluate, load_agreement
from dppapp_indikator.governance import completion_pct

PK = load_agreement()


def test_year_progress_by_hand() -> None:
    # IKU 16: 4 stages in the year (2 due 5 September, 2 due 5 December)
    assert year_progress_pct(2, 4) == 50.0  # 2 / 4 x 100: the TW III target to date
    assert year_progress_pct(4, 4) == 100.0  # the year's target
    assert completion_pct(2, 2) == 100.0  # over the stages due so far: not the agreement's
    # IKU 21: 120 recommendations to follow up in the year, 30 settled per quarter
    got = year_progress_pct([30, 60, 90, 120], 120)
    np.testing.assert_array_equal(got, [25.0, 50.0, 75.0, 100.0])  # k x 30 / 120 x 100
    series = year_progress_pct(pd.Series([1, 3], index=["a", "b"]), 4)
    assert series.tolist() == [25.0, 75.0] and list(series.index) == ["a", "b"]


@pytest.mark.parametrize(
    ("completed", "planned", "match"),
    [
        (5, 4, "`completed_to_date`"),
        (-1, 4, "`completed_to_date`"),
        (1.5, 4, "`completed_to_date`"),
        (1, 0, "`planned_for_year`"),
    ],
)
def test_year_progress_bad_input(completed: float, planned: float, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        year_progress_pct(completed, planned)


def test_year_progress_fed_to_date_equals_the_agreements_quarters() -> None:
    # IKU 21 settled 30, 60, 90, 120 of 120: to date 25/50/75/100 -> 25 per quarter = target
    to_date = year_progress_pct([30, 60, 90, 120], 120)
    data = {21: dict(zip(("TW I", "TW II", "TW III", "TW IV"), to_date.tolist(), strict=True))}
    out = evaluate(PK, data, entries="to_date")
    assert out["realisation"].tolist() == [25.0, 25.0, 25.0, 25.0, 100.0]
    assert out["achievement"].tolist() == [100.0] * 5


def test_registry_components_give_the_year_progress() -> None:
    knowledge = calculate(
        "knowledge_management",
        {
            "reports": [
                {"due_date": "2024-09-05", "submitted_on": "2024-09-05"},
                {"due_date": "2024-09-05", "submitted_on": "2024-09-04"},
                {"due_date": "2024-12-05", "submitted_on": None},
                {"due_date": "2024-12-05", "submitted_on": None},
            ],
            "as_of": "2024-09-30",
        },
    )
    assert knowledge.value == 100.0  # 2 on time / 2 due by 30 September
    assert knowledge.components["year_progress_pct"] == 50.0  # 2 / 4 stages of the year
    bpk = calculate(
        "bpk_follow_up",
        {
            "recommendations_completed": 900,
            "recommendations_total": 1000,
            "settled_this_year": 30,
            "to_follow_up_this_year": 120,
        },
    )
    assert bpk.value == 90.0  # the stock since 2005: 900 / 1000
    assert bpk.components["year_progress_pct"] == 25.0  # 30 / 120 x 100
    with pytest.raises(pydantic.ValidationError, match="give both"):
        calculate(
            "bpk_follow_up",
            {"recommendations_completed": 1, "recommendations_total": 2, "settled_this_year": 1},
        )
    with pytest.raises(pydantic.ValidationError, match="settled_this_year"):
        calculate(
            "bpk_follow_up",
            {
                "recommendations_completed": 1,
                "recommendations_total": 2,
                "settled_this_year": 5,
                "to_follow_up_this_year": 4,
            },
        )


def test_registry_refuses_an_asfr_above_1000() -> None:
    rates = [111.102, 207.647, 188.508, 158.503, 104.737, 24.797, 6.848]
    assert calculate("tfr", {"asfr": rates}).value == pytest.approx(4.010710)  # 5 x 802.142 / 1000
    with pytest.raises(pydantic.ValidationError, match="less than or equal to 1000"):
        calculate("tfr", {"asfr": [1500.0, *rates[1:]]})
    with pytest.raises(pydantic.ValidationError, match="ASFR above 1000"):
        calculate(
            "tfr",
            {"births": [20, 1, 1, 1, 1, 1, 1], "woman_years": [10, 100, 100, 100, 100, 100, 100]},
        )
    with pytest.raises(pydantic.ValidationError, match="less than or equal to 1000"):
        calculate("grr", {"female_asfr": [2000.0, 50.0, 50.0, 40.0, 25.0, 10.0, 5.0]})


def test_quarter_kinds_of_pk2024() -> None:
    per_quarter = [i.number for i in PK.indicators if i.kind == "per_quarter"]
    assert per_quarter == [4, 16, 21]  # the summed indicators
    for item in PK.indicators:
        assert item.valid_range is not None, item.number
        for period in ("TW I", "TW II", "TW III", "TW IV", "Tahunan"):
            low, _ = item.targets.bounds(period)  # type: ignore[arg-type]
            assert np.isnan(low) or item.valid_range.contains(low)
    rules = {i.number: i.constant_rule() for i in PK.indicators if i.aggregation == "constant"}
    assert sorted(rules) == [11, 19, 20]
    assert all(r.rule == "last" and r.inferred for r in rules.values())
