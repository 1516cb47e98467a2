"""Reference and behaviour tests of dppapp_indikator.budget (methods/budget#nka), NKA, IKU 18."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
import pydantic
import pytest

from dppapp_indikator import InvalidInputError, calculate
from dppapp_indikator.budget import (
    NkaWeights,
    OutputAchievement,
    absorption,
    consistency,
    efficiency,
    efficiency_score,
    geometric_mean,
    monthly_consistency,
    nka,
    nka_weight_presets,
    nka_weights,
    output_achievement,
)
from dppapp_indikator.records.budget import (
    BudgetOutputInput,
    OutputIndicatorInput,
    ProgrammeInput,
)
from dppapp_indikator.registry import Result

# PMK 22/PMK.02/2021 lampiran, worked example (tests/data/validation.toml rows
# "nka", output_achievement_level1..3 and output_achievement), built as a real structure:
# output A1 = √(100 % × 90 %), output A2 = ∛(66.67 % × 66.67 % × 100 %), programme A from A1
# and A2, a second programme B at 100 %, overall = √(A × B).
PMK_WORKED_EXAMPLE: dict[str, Any] = {
    "programmes": [
        {
            "name": "A",
            "outputs": [
                {
                    "name": "A1",
                    "indicators": [
                        {"target": 10, "realisation": 10},  # 100 %
                        {"target": 10, "realisation": 9},  # 90 %
                    ],
                },
                {
                    "name": "A2",
                    "indicators": [
                        {"target": 3, "realisation": 2},  # 66.67 %
                        {"target": 3, "realisation": 2},  # 66.67 %
                        {"target": 5, "realisation": 5},  # 100 %
                    ],
                },
            ],
        },
        {"name": "B", "outputs": [{"name": "B1", "indicators": [{"target": 4, "realisation": 4}]}]},
    ]
}

# A 12-month plan and realisation (hand example): behind the plan in month 1 only (5 / 10 = 50 %),
# on or ahead of it afterwards (capped at 100 %): K = (50 + 11 × 100) / 12 = 95.8333.
PLAN = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0, 110.0, 120.0]
REAL = [5.0, 20.0, 35.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0, 110.0, 120.0]


# ------------------------------------------------------------------------------------------
# output achievement


def test_output_achievement_pmk_22_2021_worked_example() -> None:
    result = output_achievement(PMK_WORKED_EXAMPLE, ratio_cap_pct=100.0)
    assert isinstance(result, OutputAchievement)
    programme_a, programme_b = result.programmes
    output_a1, output_a2 = programme_a.outputs
    # PMK 22/2021 lampiran: √(100 % × 90 %) = 94.87 %
    assert output_a1.value == pytest.approx(94.87, abs=0.005)
    # PMK 22/2021 lampiran: ∛(66.67 % × 66.67 % × 100 %) = 76.31 %
    assert output_a2.value == pytest.approx(76.31, abs=0.005)
    # PMK 22/2021 lampiran: √(94.87 × 76.31) = 85.09
    assert programme_a.value == pytest.approx(85.09, abs=0.005)
    assert programme_b.value == 100.0
    # PMK 22/2021 lampiran: √(85.09 × 100) = 92.24
    assert result.value == pytest.approx(92.24, abs=0.005)
    # the indicator level is visible too (2 / 3 = 66.67 %)
    assert output_a2.indicators[0].ratio_pct == pytest.approx(66.67, abs=0.005)
    assert output_a1.ratio == pytest.approx(0.9487, abs=0.00005)
    assert len(result.outputs) == 3


def test_output_achievement_from_printed_intermediates() -> None:
    # PMK 22/2021 lampiran prints each level rounded; its next step uses the printed values.
    assert geometric_mean([94.87, 76.31]) == pytest.approx(85.09, abs=0.005)
    assert geometric_mean([85.09, 100.0]) == pytest.approx(92.24, abs=0.005)
    # ... but ∛(66.67 × 66.67 × 100) = 76.317 would print 76.32: the printed 76.31 comes from
    # the unrounded ratio 2/3, so the nested structure (test above) is the faithful check.
    assert geometric_mean([200.0 / 3.0, 200.0 / 3.0, 100.0]) == pytest.approx(76.31, abs=0.005)


def test_output_achievement_accepts_pydantic_models_and_plain_lists() -> None:
    programmes = [
        ProgrammeInput(
            outputs=[
                BudgetOutputInput(
                    indicators=[
                        OutputIndicatorInput(target=10, realisation=10),
                        OutputIndicatorInput(target=10, realisation=9),
                    ]
                )
            ]
        )
    ]
    result = output_achievement(programmes, ratio_cap_pct=None)
    # PMK 22/2021 lampiran: √(100 % × 90 %) = 94.87 %, one output, one programme
    assert result.value == pytest.approx(94.87, abs=0.005)
    assert result.ratio_cap_pct is None


def test_output_achievement_cap_is_a_parameter() -> None:
    structure = [{"outputs": [{"indicators": [{"target": 10, "realisation": 12}]}]}]
    # hand example: 12 / 10 = 120 %; capped at 100 % or left as is
    assert output_achievement(structure, ratio_cap_pct=100.0).value == 100.0
    uncapped = output_achievement(structure, ratio_cap_pct=None)
    assert uncapped.value == pytest.approx(120.0)
    assert uncapped.programmes[0].outputs[0].indicators[0].ratio_pct == pytest.approx(120.0)


def test_output_achievement_cap_has_no_default() -> None:
    with pytest.raises(TypeError, match="ratio_cap_pct"):
        output_achievement(PMK_WORKED_EXAMPLE)  # type: ignore[call-arg]


def test_output_achievement_result_is_frozen_and_serialisable() -> None:
    result = output_achievement(PMK_WORKED_EXAMPLE, ratio_cap_pct=100.0)
    with pytest.raises(AttributeError):
        result.value = 0.0  # type: ignore[misc]
    as_dict = result.as_dict()
    assert as_dict["programmes"][0]["outputs"][1]["value"] == pytest.approx(76.31, abs=0.005)


def test_output_achievement_nan_propagates() -> None:
    structure = [{"outputs": [{"indicators": [{"target": 10, "realisation": float("nan")}]}]}]
    assert math.isnan(output_achievement(structure, ratio_cap_pct=100.0).value)


@pytest.mark.parametrize(
    ("structure", "cap", "name"),
    [
        (
            [{"outputs": [{"indicators": [{"target": 0, "realisation": 1}]}]}],
            100.0,
            "programmes[0].outputs[0].indicators[0].target",
        ),
        (
            [{"outputs": [{"indicators": [{"target": 1, "realisation": 0}]}]}],
            100.0,
            "programmes[0].outputs[0].indicators[0].realisation",
        ),
        (
            [{"outputs": [{"indicators": [{"target": 1, "realisation": -1}]}]}],
            None,
            "programmes[0].outputs[0].indicators[0].realisation",
        ),
        (
            [{"outputs": [{"indicators": [{"target": 1}]}]}],
            100.0,
            "programmes[0].outputs[0].indicators[0]",
        ),
        ([{"outputs": []}], 100.0, "programmes[0].outputs"),
        ([], 100.0, "programmes"),
        (
            [{"outputs": [{"indicators": [{"target": "x", "realisation": 1}]}]}],
            100.0,
            "programmes[0].outputs[0].indicators[0].target",
        ),
        ([{"outputs": [{"indicators": [{"target": 1, "realisation": 1}]}]}], 0.0, "ratio_cap_pct"),
        (
            [{"outputs": [{"indicators": [{"target": 1, "realisation": 1}], "ceiling": 0}]}],
            100.0,
            "programmes[0].outputs[0].ceiling",
        ),
    ],
)
def test_output_achievement_bad_input(structure: Any, cap: float | None, name: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(f"`{name}`")):
        output_achievement(structure, ratio_cap_pct=cap)


# ------------------------------------------------------------------------------------------
# geometric mean


def test_geometric_mean_containers() -> None:
    assert geometric_mean(4.0) == 4.0
    # hand example: √(1 × 4) = 2, √(2 × 8) = 4; down the columns √(1 × 2), √(4 × 8)
    out = geometric_mean(np.array([[1.0, 4.0], [2.0, 8.0]]))
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [2.0, 4.0])
    np.testing.assert_allclose(
        geometric_mean(np.array([[1.0, 4.0], [2.0, 8.0]]), axis=0), [math.sqrt(2), math.sqrt(32)]
    )
    assert geometric_mean(np.array([[1.0, 4.0], [2.0, 8.0]]), axis=None) == pytest.approx(
        64.0**0.25
    )
    series_out = geometric_mean(pd.Series([1.0, 4.0], index=["a", "b"]))
    assert isinstance(series_out, float)
    assert series_out == pytest.approx(2.0)
    frame = pd.DataFrame([[1.0, 4.0], [2.0, 8.0]], index=["x", "y"], columns=["c1", "c2"])
    by_row = geometric_mean(frame)
    assert isinstance(by_row, pd.Series)
    assert list(by_row.index) == ["x", "y"]
    np.testing.assert_allclose(by_row.to_numpy(), [2.0, 4.0])
    assert list(geometric_mean(frame, axis=0).index) == ["c1", "c2"]


def test_geometric_mean_nan_propagates() -> None:
    out = geometric_mean(np.array([[1.0, np.nan], [2.0, 8.0]]))
    assert np.isnan(out[0])
    assert out[1] == pytest.approx(4.0)


@pytest.mark.parametrize(
    ("values", "axis", "name"),
    [
        ([1.0, 0.0], -1, "values"),
        ([1.0, -2.0], -1, "values"),
        ([1.0, np.inf], -1, "values"),
        ([], -1, "values"),
        (["a", 1.0], -1, "values"),
        ([1.0, 2.0], 1, "axis"),
    ],
)
def test_geometric_mean_bad_input(values: Any, axis: int, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        geometric_mean(values, axis=axis)


def test_geometric_mean_zero_message_is_clear() -> None:
    with pytest.raises(InvalidInputError, match=r"must be > 0 .*geometric mean.* position 1"):
        geometric_mean([3.0, 0.0])


# ------------------------------------------------------------------------------------------
# absorption


def test_absorption_pmk_214_2017_example() -> None:
    # PMK 214/PMK.02/2017 text: 734,881,464,333 / 855,830,897,000 = 85.87 %
    assert absorption(734_881_464_333, 855_830_897_000) == pytest.approx(85.87, abs=0.005)


def test_absorption_lan_puslatbang_kmp_2021_is_in_range() -> None:
    # LAKIP Puslatbang KMP LAN 2021 p.105 publishes absorption 95.53 (no raw amounts): the
    # hand example 95.53 / 100 reproduces the published percent.
    assert absorption(95.53, 100.0) == pytest.approx(95.53, abs=0.005)


def test_absorption_containers() -> None:
    assert isinstance(absorption(50, 100), float)
    out = absorption(np.array([50.0, 25.0]), 100.0)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [50.0, 25.0])
    series = pd.Series([50.0, 80.0], index=["dinas", "suku dinas"], name="realisasi")
    out_s = absorption(series, 200.0)
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == ["dinas", "suku dinas"]
    np.testing.assert_allclose(out_s.to_numpy(), [25.0, 40.0])


def test_absorption_nan_propagates() -> None:
    out = absorption(np.array([50.0, np.nan]), 100.0)
    assert out[0] == 50.0
    assert np.isnan(out[1])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"realisation": -1.0, "ceiling": 10.0}, "realisation"),
        ({"realisation": 1.0, "ceiling": 0.0}, "ceiling"),
        ({"realisation": 1.0, "ceiling": -5.0}, "ceiling"),
        ({"realisation": [1.0, 2.0], "ceiling": [1.0, 2.0, 3.0]}, "realisation"),
    ],
)
def test_absorption_bad_input(kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        absorption(**kwargs)


# ------------------------------------------------------------------------------------------
# efficiency


def test_efficiency_hand_example() -> None:
    # hand example (methods/budget#nka formula): ceilings 100 and 200, CK 1.0 and 0.5, spending 90
    # and 95: planned cost 100 + 100 = 200, E = (200 - 185) / 200 × 100 = 7.5 %
    assert efficiency([100.0, 200.0], [1.0, 0.5], [90.0, 95.0]) == pytest.approx(7.5)
    # one output: 1000 × 0.8 = 800 planned, 880 spent: E = -80 / 800 × 100 = -10 %
    assert efficiency(1000.0, 0.8, 880.0) == pytest.approx(-10.0)


def test_efficiency_per_unit() -> None:
    # two units (rows), two outputs (columns); second unit: (400 - 300) / 400 × 100 = 25 %
    ceilings = np.array([[100.0, 200.0], [200.0, 200.0]])
    ratios = np.array([[1.0, 0.5], [1.0, 1.0]])
    spent = np.array([[90.0, 95.0], [150.0, 150.0]])
    np.testing.assert_allclose(efficiency(ceilings, ratios, spent), [7.5, 25.0])
    frame_out = efficiency(
        pd.DataFrame(ceilings, index=["u1", "u2"]),
        pd.DataFrame(ratios, index=["u1", "u2"]),
        pd.DataFrame(spent, index=["u1", "u2"]),
    )
    assert isinstance(frame_out, pd.Series)
    assert list(frame_out.index) == ["u1", "u2"]
    assert isinstance(efficiency(pd.Series([100.0, 200.0]), [1.0, 0.5], [90.0, 95.0]), float)


def test_efficiency_nan_propagates() -> None:
    assert math.isnan(efficiency([100.0, 200.0], [1.0, np.nan], [90.0, 95.0]))


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (([0.0, 200.0], [1.0, 0.5], [90.0, 95.0]), "ceiling"),
        (([100.0, 200.0], [-1.0, 0.5], [90.0, 95.0]), "output_achievement_ratio"),
        (([100.0, 200.0], [1.0, 0.5], [-90.0, 95.0]), "realisation"),
        (([100.0, 200.0], [0.0, 0.0], [90.0, 95.0]), "output_achievement_ratio"),
    ],
)
def test_efficiency_bad_input(args: tuple[Any, Any, Any], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        efficiency(*args)


@pytest.mark.parametrize(
    ("e", "clamped", "unclamped"),
    [
        # hand examples of NE = 50 + (E / 20) × 50 (methods/budget#nka)
        (0.0, 50.0, 50.0),
        (10.0, 75.0, 75.0),
        (-10.0, 25.0, 25.0),
        (20.0, 100.0, 100.0),
        (-20.0, 0.0, 0.0),
        (30.0, 100.0, 125.0),
        (-30.0, 0.0, -25.0),
        (7.5, 68.75, 68.75),
    ],
)
def test_efficiency_score_clamp_on_off(e: float, clamped: float, unclamped: float) -> None:
    assert efficiency_score(e) == pytest.approx(clamped)
    assert efficiency_score(e, clamp=True) == pytest.approx(clamped)
    assert efficiency_score(e, clamp=False) == pytest.approx(unclamped)


def test_efficiency_score_lan_puslatbang_kmp_2021() -> None:
    # LAKIP Puslatbang KMP LAN 2021 p.105: NE 59.98, i.e. E = (59.98 - 50) / 2.5 = 3.992 %
    assert efficiency_score(3.992) == pytest.approx(59.98, abs=0.005)


def test_efficiency_score_containers_and_nan() -> None:
    out = efficiency_score(pd.Series([30.0, np.nan], index=["a", "b"]))
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["a", "b"]
    assert out["a"] == 100.0
    assert np.isnan(out["b"])


@pytest.mark.parametrize(
    ("value", "kwargs", "name"),
    [
        (100.5, {}, "efficiency_pct"),
        (float("-inf"), {}, "efficiency_pct"),
        (10.0, {"clamp": "yes"}, "clamp"),
    ],
)
def test_efficiency_score_bad_input(value: float, kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        efficiency_score(value, **kwargs)


# ------------------------------------------------------------------------------------------
# consistency


def test_consistency_hand_example() -> None:
    # hand example: (50 + 11 × 100) / 12 = 95.8333 (methods/budget#nka, inferred rule)
    assert consistency(PLAN, REAL) == pytest.approx(1150.0 / 12.0)
    months = monthly_consistency(PLAN, REAL)
    assert isinstance(months, np.ndarray)
    assert months.tolist() == [50.0] + [100.0] * 11
    # realisation exactly on the plan every month: 100
    assert consistency(PLAN, PLAN) == 100.0
    # half the plan every month: 50
    assert consistency(PLAN, [x / 2 for x in PLAN]) == pytest.approx(50.0)


def test_consistency_containers() -> None:
    frame_out = consistency(
        pd.DataFrame([PLAN, PLAN], index=["u1", "u2"]),
        pd.DataFrame([REAL, PLAN], index=["u1", "u2"]),
    )
    assert isinstance(frame_out, pd.Series)
    assert list(frame_out.index) == ["u1", "u2"]
    np.testing.assert_allclose(frame_out.to_numpy(), [1150.0 / 12.0, 100.0])
    # one plan broadcast against two units' realisations
    np.testing.assert_allclose(consistency(PLAN, np.array([REAL, PLAN])), [1150.0 / 12.0, 100.0])
    months = monthly_consistency(pd.Series(PLAN, index=range(1, 13)), REAL)
    assert isinstance(months, pd.Series)
    assert list(months.index) == list(range(1, 13))
    assert isinstance(consistency(pd.Series(PLAN), pd.Series(REAL)), float)


def test_consistency_nan_propagates() -> None:
    real = [*REAL[:11], float("nan")]
    assert math.isnan(consistency(PLAN, real))


@pytest.mark.parametrize(
    ("planned", "realised", "name"),
    [
        (PLAN[:11], REAL[:11], "planned_cumulative"),
        (PLAN, REAL[:11], "realised_cumulative"),
        (5.0, REAL, "planned_cumulative"),
        ([0.0] * 12, REAL, "planned_cumulative"),
        ([-1.0, *PLAN[1:]], REAL, "planned_cumulative"),
        (PLAN, [-1.0, *REAL[1:]], "realised_cumulative"),
        (PLAN, [5.0, 4.0, *REAL[2:]], "realised_cumulative"),
        ([10.0, 9.0, *PLAN[2:]], REAL, "planned_cumulative"),
    ],
)
def test_consistency_bad_input(planned: Any, realised: Any, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        consistency(planned, realised)


def test_consistency_decrease_names_the_month() -> None:
    with pytest.raises(InvalidInputError, match=r"non-decreasing.*position 1"):
        consistency(PLAN, [5.0, 4.0, *REAL[2:]])


# ------------------------------------------------------------------------------------------
# weights and NKA


def test_nka_lan_puslatbang_kmp_2021() -> None:
    # LAKIP Puslatbang KMP LAN 2021 p.105:
    # 0.097 × 95.53 + 0.182 × 99.61 + 0.435 × 99.72 + 0.286 × 59.98 = 87.93
    assert nka(95.53, 99.61, 99.72, 59.98, weights="pmk-22-2021") == pytest.approx(87.93, abs=0.005)
    explicit = [0.097, 0.182, 0.435, 0.286]  # PMK 22/PMK.02/2021 weights, methods/budget#nka
    assert nka(95.53, 99.61, 99.72, 59.98, weights=explicit) == pytest.approx(87.93, abs=0.005)
    by_name = {
        "absorption": 0.097,
        "consistency": 0.182,
        "output_achievement": 0.435,
        "efficiency": 0.286,
    }
    assert nka(95.53, 99.61, 99.72, 59.98, weights=by_name) == pytest.approx(87.93, abs=0.005)


def test_nka_weights_preset_data() -> None:
    assert "pmk-22-2021" in nka_weight_presets()
    weights = nka_weights("pmk-22-2021")
    # PMK 22/PMK.02/2021 (methods/budget#nka): 9.7 / 18.2 / 43.5 / 28.6 %
    assert weights.as_tuple() == (0.097, 0.182, 0.435, 0.286)
    assert weights.preset == "pmk-22-2021"
    assert weights.source is not None and "22/PMK.02/2021" in weights.source
    assert nka_weights(weights) is weights
    assert isinstance(nka_weights([0.25, 0.25, 0.25, 0.25]), NkaWeights)


def test_nka_weights_are_required() -> None:
    with pytest.raises(TypeError, match="weights"):
        nka(90.0, 90.0, 90.0, 90.0)  # type: ignore[call-arg]


def test_nka_containers_and_nan() -> None:
    assert isinstance(nka(90, 90, 90, 90, weights="pmk-22-2021"), float)
    series = pd.Series([100.0, np.nan], index=["2023", "2024"])
    out = nka(series, 100.0, 100.0, 100.0, weights="pmk-22-2021")
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["2023", "2024"]
    assert out["2023"] == pytest.approx(100.0)
    assert np.isnan(out["2024"])
    arr = nka(np.array([0.0, 100.0]), 0.0, 0.0, 0.0, weights=[1.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(arr, [0.0, 100.0])


@pytest.mark.parametrize(
    ("aspects", "weights", "name"),
    [
        ((-1.0, 90.0, 90.0, 90.0), "pmk-22-2021", "absorption"),
        ((math.inf, 90.0, 90.0, 90.0), "pmk-22-2021", "absorption"),
        ((90.0, -1.0, 90.0, 90.0), "pmk-22-2021", "consistency"),
        ((90.0, 100.5, 90.0, 90.0), "pmk-22-2021", "consistency"),
        ((90.0, 90.0, -0.5, 90.0), "pmk-22-2021", "output_achievement"),
        ((90.0, 90.0, math.inf, 90.0), "pmk-22-2021", "output_achievement"),
        ((90.0, 90.0, 90.0, 300.5), "pmk-22-2021", "efficiency_score"),
        ((90.0, 90.0, 90.0, -math.inf), "pmk-22-2021", "efficiency_score"),
        ((90.0, 90.0, 90.0, 90.0), [0.25, 0.25, 0.25, 0.2], "weights"),
        ((90.0, 90.0, 90.0, 90.0), [0.5, 0.5, 0.0], "weights"),
        ((90.0, 90.0, 90.0, 90.0), [1.5, -0.5, 0.0, 0.0], "weights"),
        ((90.0, 90.0, 90.0, 90.0), "dki-2024", "weights"),
        ((90.0, 90.0, 90.0, 90.0), {"absorption": 1.0}, "weights"),
        ((90.0, 90.0, 90.0, 90.0), [0.25, 0.25, 0.25, float("nan")], "weights"),
    ],
)
def test_nka_bad_input(aspects: tuple[float, ...], weights: Any, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        nka(*aspects, weights=weights)


def test_nka_weights_not_summing_to_one_message() -> None:
    with pytest.raises(InvalidInputError, match=r"`weights` must sum to 1.*got 0\.95"):
        nka_weights([0.25, 0.25, 0.25, 0.2])


# ------------------------------------------------------------------------------------------
# registry record


def test_calculate_nka_from_aspects() -> None:
    result = calculate(
        "nka",
        {
            "weights": "pmk-22-2021",
            "absorption": 95.53,
            "consistency": 99.61,
            "output_achievement": 99.72,
            "efficiency_score": 59.98,
        },
    )
    # LAKIP Puslatbang KMP LAN 2021 p.105: NKA 87.93
    assert result.value == pytest.approx(87.93, abs=0.005)
    assert result.category is None
    assert result.unit == "percent"
    assert result.components["weights_preset"] == "pmk-22-2021"
    assert result.components["efficiency_route"] == "given"
    contributions = result.components["contributions"]
    assert isinstance(contributions, dict)
    assert contributions["output_achievement"] == pytest.approx(0.435 * 99.72)
    assert Result.model_validate_json(result.model_dump_json()) == result


def _raw_inputs() -> dict[str, Any]:
    return {
        "weights": "pmk-22-2021",
        "budget_realisation": 734_881_464_333,
        "budget_ceiling": 855_830_897_000,
        "planned_cumulative": PLAN,
        "realised_cumulative": REAL,
        "programmes": [
            {
                "name": "P",
                "outputs": [
                    {
                        "name": "O1",
                        "indicators": [{"target": 4, "realisation": 4}],  # 100 %
                        "ceiling": 100,
                        "budget_realisation": 90,
                    },
                    {
                        "name": "O2",
                        "indicators": [{"target": 2, "realisation": 1}],  # 50 %
                        "ceiling": 200,
                        "budget_realisation": 95,
                    },
                ],
            }
        ],
        "output_ratio_cap_pct": 100.0,
    }


def test_calculate_nka_from_raw_structures() -> None:
    result = calculate("nka", _raw_inputs())
    c = result.components
    # PMK 214/2017 text: 734,881,464,333 / 855,830,897,000 = 85.87 %
    assert c["absorption"] == pytest.approx(85.87, abs=0.005)
    assert c["budget_ceiling"] == "855830897000"
    # hand example: (50 + 11 × 100) / 12
    assert c["consistency"] == pytest.approx(1150.0 / 12.0)
    assert c["monthly_consistency"] == [50.0] + [100.0] * 11
    # hand example: programme √(100 × 50) = 70.71; one programme, so overall 70.71
    assert c["output_achievement"] == pytest.approx(math.sqrt(100.0 * 50.0))
    structure = c["output_structure"]
    assert isinstance(structure, dict)
    assert structure["programmes"][0]["outputs"][1]["value"] == pytest.approx(50.0)
    # hand example: planned 100 × 1 + 200 × 0.5 = 200, spent 185: E = 7.5 %, NE = 68.75
    assert c["efficiency_planned_spending"] == pytest.approx(200.0)
    assert c["efficiency_realised_spending"] == pytest.approx(185.0)
    assert c["efficiency_pct"] == pytest.approx(7.5)
    assert c["efficiency_score"] == pytest.approx(68.75)
    expected = (
        0.097 * (734_881_464_333 / 855_830_897_000 * 100)
        + 0.182 * (1150.0 / 12.0)
        + 0.435 * math.sqrt(100.0 * 50.0)
        + 0.286 * 68.75
    )
    assert result.value == pytest.approx(expected, rel=1e-12)
    assert "computed" in result.method
    assert Result.model_validate_json(result.model_dump_json()) == result


def test_calculate_nka_efficiency_clamp_switch() -> None:
    inputs = _raw_inputs()
    # hand example: spending 10 + 10 against a planned 200 gives E = 90 %: NE 100 or 275
    inputs["programmes"][0]["outputs"][0]["budget_realisation"] = 10
    inputs["programmes"][0]["outputs"][1]["budget_realisation"] = 10
    assert calculate("nka", inputs).components["efficiency_score"] == 100.0
    # unclamped, the score 275 is carried through the weighted sum (no refusal, no clamp):
    # P = 734,881,464,333 / 855,830,897,000 x 100 (PMK 214/2017 amounts), K = 1150 / 12,
    # COP = sqrt(100 x 50), NE = 50 + 90 / 20 x 50 = 275, PMK 22/2021 weights
    result = calculate("nka", {**inputs, "efficiency_clamp": False})
    assert result.components["efficiency_score"] == pytest.approx(275.0)
    expected = (
        0.097 * 734_881_464_333 / 855_830_897_000 * 100
        + 0.182 * 1150 / 12
        + 0.435 * math.sqrt(100 * 50)
        + 0.286 * 275
    )
    assert result.value == pytest.approx(expected, rel=1e-12)


def test_nka_carries_uncapped_and_unclamped_components() -> None:
    # hand: 0.097 x 110 + 0.182 x 100 + 0.435 x 150 + 0.286 x 175
    #     = 10.67 + 18.2 + 65.25 + 50.05 = 144.17
    assert nka(110.0, 100.0, 150.0, 175.0, weights="pmk-22-2021") == pytest.approx(144.17)
    # the same values as the component functions produce them under their options
    p = absorption(110.0, 100.0)  # spending above the ceiling: 110 %
    co = output_achievement(
        {"programmes": [{"outputs": [{"indicators": [{"target": 2, "realisation": 3}]}]}]},
        ratio_cap_pct=None,
    ).value  # uncapped: 3 / 2 = 150 %
    ne = efficiency_score(efficiency([100.0], [1.5], [75.0]), clamp=False)
    # E = (150 - 75) / 150 x 100 = 50 %; NE = 50 + 50 / 20 x 50 = 175
    assert (p, co, ne) == pytest.approx((110.0, 150.0, 175.0))
    assert nka(p, 100.0, co, ne, weights="pmk-22-2021") == pytest.approx(144.17)
    # an unclamped negative score goes below 0 as it is: E = -100 % gives NE = -200
    low = nka(0.0, 0.0, 0.0, efficiency_score(-100.0, clamp=False), weights="pmk-22-2021")
    assert low == pytest.approx(0.286 * -200.0)


def test_calculate_nka_with_uncapped_components() -> None:
    inputs = {
        "weights": "pmk-22-2021",
        "budget_realisation": 110,
        "budget_ceiling": 100,
        "consistency": 100.0,
        "programmes": [
            {
                "outputs": [
                    {
                        "indicators": [{"target": 2, "realisation": 3}],
                        "ceiling": 100,
                        "budget_realisation": 75,
                    }
                ]
            }
        ],
        "output_ratio_cap_pct": None,
        "efficiency_clamp": False,
    }
    result = calculate("nka", inputs)
    c = result.components
    assert (c["absorption"], c["output_achievement"], c["efficiency_score"]) == pytest.approx(
        (110.0, 150.0, 175.0)
    )
    assert result.value == pytest.approx(144.17)  # hand, as above
    given = calculate(
        "nka",
        {
            "weights": "pmk-22-2021",
            "absorption": 110.0,
            "consistency": 100.0,
            "output_achievement": 150.0,
            "efficiency_score": 175.0,
        },
    )
    assert given.value == pytest.approx(144.17)


def test_consistency_zero_plan_month() -> None:
    # nothing planned for January: that month scores 100 whatever was spent; February
    # 10 / 20 = 50 %; the other months on plan. Hand: (100 + 50 + 10 x 100) / 12 = 95.8333
    plan = [0.0, *PLAN[1:]]
    real = [0.0, 10.0, *PLAN[2:]]
    assert monthly_consistency(plan, real)[:3].tolist() == [100.0, 50.0, 100.0]
    assert consistency(plan, real) == pytest.approx(1150.0 / 12.0)
    assert consistency(plan, [3.0, 10.0, *PLAN[2:]]) == pytest.approx(1150.0 / 12.0)
    # two months with nothing planned, NaN still propagates
    assert consistency([0.0, 0.0, *PLAN[2:]], [0.0, 0.0, *PLAN[2:]]) == 100.0
    assert math.isnan(consistency(plan, [math.nan, 10.0, *PLAN[2:]]))
    # through the registry
    inputs = {**_raw_inputs(), "planned_cumulative": plan, "realised_cumulative": real}
    components = calculate("nka", inputs).components
    assert components["monthly_consistency"][:2] == [100.0, 50.0]
    assert components["consistency"] == pytest.approx(1150.0 / 12.0)


def _without(inputs: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in inputs.items() if k not in keys}


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: _without(d, "weights"), "weights"),
        (lambda d: {**d, "weights": "dki"}, "weights"),
        (lambda d: {**d, "weights": [0.5, 0.5, 0.5, 0.5]}, "weights"),
        (lambda d: _without(d, "output_ratio_cap_pct"), "output_ratio_cap_pct"),
        (lambda d: {**d, "absorption": 80.0}, "absorption"),
        (lambda d: _without(d, "budget_ceiling"), "absorption"),
        (lambda d: _without(d, "realised_cumulative"), "consistency"),
        (lambda d: {**d, "planned_cumulative": PLAN[:11]}, "planned_cumulative"),
        (lambda d: {**d, "output_achievement": 90.0}, "output_achievement"),
        (lambda d: {**d, "efficiency_score": 90.0}, "efficiency_score"),
        (lambda d: {**d, "budget_ceiling": 0}, "budget_ceiling"),
        (lambda d: {**d, "unknown": 1}, "unknown"),
    ],
)
def test_calculate_nka_invalid_inputs(change: Any, match: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=match):
        calculate("nka", change(_raw_inputs()))


def test_calculate_nka_missing_efficiency_budget() -> None:
    inputs = _raw_inputs()
    del inputs["programmes"][0]["outputs"][0]["ceiling"]
    with pytest.raises(pydantic.ValidationError, match="efficiency_score"):
        calculate("nka", inputs)


def test_calculate_nka_formula_errors_name_the_parameter() -> None:
    inputs = _raw_inputs()
    inputs["realised_cumulative"] = [5.0, 4.0, *REAL[2:]]
    with pytest.raises(InvalidInputError, match="`realised_cumulative`"):
        calculate("nka", inputs)
