"""Property tests of the budget-performance formulas (NKA, methods/budget#nka)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dppapp_indikator import InvalidInputError
from dppapp_indikator.budget import (
    absorption,
    consistency,
    efficiency_score,
    geometric_mean,
    monthly_consistency,
    nka,
    output_achievement,
)

from .strategies import percent_arrays, percents, positives

# local strategies ---------------------------------------------------------------------------

#: Positive values for geometric means (no zero: it is rejected).
gm_values = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False)


@st.composite
def convex_weights(draw: st.DrawFn) -> list[float]:
    """Four non-negative weights summing to 1."""
    raw = draw(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=4, max_size=4))
    assume(sum(raw) > 1e-3)
    total = sum(raw)
    weights = [x / total for x in raw]
    weights[-1] = max(0.0, 1.0 - sum(weights[:-1]))
    return weights


@st.composite
def cumulative_pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """A positive non-decreasing 12-month plan and a non-negative non-decreasing realisation."""
    plan_steps = draw(hnp.arrays(np.float64, 12, elements=st.floats(0.0, 1e6)))
    first = draw(st.floats(1.0, 1e6))
    plan = first + np.cumsum(plan_steps)
    real_steps = draw(hnp.arrays(np.float64, 12, elements=st.floats(0.0, 1e6)))
    return plan, np.cumsum(real_steps)


@st.composite
def structures(draw: st.DrawFn) -> list[dict[str, object]]:
    """A programme -> output -> indicator structure with positive targets and realisations."""
    indicator = st.fixed_dictionaries(
        {"target": st.floats(0.1, 1e4), "realisation": st.floats(0.01, 1e4)}
    )
    output = st.fixed_dictionaries({"indicators": st.lists(indicator, min_size=1, max_size=4)})
    programme = st.fixed_dictionaries({"outputs": st.lists(output, min_size=1, max_size=3)})
    return draw(st.lists(programme, min_size=1, max_size=3))


# NKA ----------------------------------------------------------------------------------------


@given(percents, percents, percents, percents, convex_weights())
def test_nka_is_a_bounded_convex_combination(
    p: float, k: float, co: float, ne: float, weights: list[float]
) -> None:
    value = nka(p, k, co, ne, weights=weights)
    assert 0.0 <= value <= 100.0
    assert min(p, k, co, ne) - 1e-9 <= value <= max(p, k, co, ne) + 1e-9


@given(percents, percents, percents, percents)
def test_nka_pmk_preset_bounded(p: float, k: float, co: float, ne: float) -> None:
    assert 0.0 <= nka(p, k, co, ne, weights="pmk-22-2021") <= 100.0


@given(percent_arrays(4), percent_arrays(4), percent_arrays(4), percent_arrays(4))
def test_nka_scalar_array_series_agree(
    p: np.ndarray, k: np.ndarray, co: np.ndarray, ne: np.ndarray
) -> None:
    as_array = nka(p, k, co, ne, weights="pmk-22-2021")
    as_series = nka(pd.Series(p), pd.Series(k), pd.Series(co), pd.Series(ne), weights="pmk-22-2021")
    as_scalars = [
        nka(float(a), float(b), float(c), float(d), weights="pmk-22-2021")
        for a, b, c, d in zip(p, k, co, ne, strict=True)
    ]
    np.testing.assert_allclose(as_array, as_scalars)
    np.testing.assert_allclose(as_series.to_numpy(), as_scalars)


@given(convex_weights(), st.floats(min_value=1e-4, max_value=0.5))
def test_weights_not_summing_to_one_raise(weights: list[float], excess: float) -> None:
    with pytest.raises(InvalidInputError, match="`weights`"):
        nka(50.0, 50.0, 50.0, 50.0, weights=[*weights[:3], weights[3] + excess])


@given(
    st.floats(0.0, 1e6),
    percents,
    st.floats(0.0, 1e6),
    st.floats(-1e6, 300.0),
    convex_weights(),
)
def test_nka_carries_any_supported_value_between_its_terms(
    p: float, k: float, co: float, ne: float, weights: list[float]
) -> None:
    # uncapped absorption / output achievement and an unclamped score are carried through
    value = nka(p, k, co, ne, weights=weights)
    low, high = min(p, k, co, ne), max(p, k, co, ne)
    assert low - 1e-9 * max(1.0, abs(low)) <= value <= high + 1e-9 * max(1.0, abs(high))


@given(st.floats(min_value=300.000001, allow_infinity=True, allow_nan=False))
def test_nka_efficiency_score_beyond_300_raises(x: float) -> None:
    with pytest.raises(InvalidInputError, match="`efficiency_score`"):
        nka(50.0, 50.0, 50.0, x, weights="pmk-22-2021")


@given(st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=100.000001)))
def test_nka_out_of_range_raises(x: float) -> None:
    with pytest.raises(InvalidInputError, match="`consistency`"):
        nka(50.0, x, 50.0, 50.0, weights="pmk-22-2021")


# geometric mean -----------------------------------------------------------------------------


@given(st.lists(gm_values, min_size=1, max_size=12))
def test_geometric_mean_between_min_and_max_and_below_mean(values: list[float]) -> None:
    g = geometric_mean(values)
    assert min(values) <= g <= max(values)
    assert g <= float(np.mean(values)) * (1 + 1e-12)


@given(hnp.arrays(np.float64, (3, 4), elements=gm_values))
def test_geometric_mean_array_series_frame_agree(values: np.ndarray) -> None:
    rows = geometric_mean(values)
    per_row = [geometric_mean(list(row)) for row in values]
    np.testing.assert_allclose(rows, per_row, rtol=1e-12)
    np.testing.assert_allclose(geometric_mean(pd.DataFrame(values)).to_numpy(), per_row)
    assert geometric_mean(pd.Series(values[0])) == pytest.approx(per_row[0], rel=1e-12)


@given(
    st.lists(gm_values, min_size=1, max_size=6),
    st.floats(min_value=-1e9, max_value=0.0, allow_nan=False),
)
def test_geometric_mean_non_positive_raises(values: list[float], bad: float) -> None:
    with pytest.raises(InvalidInputError, match="`values` must be > 0"):
        geometric_mean([*values, bad])


@given(structures(), st.sampled_from([None, 100.0]))
def test_output_achievement_between_indicator_extremes(
    structure: list[dict[str, object]], cap: float | None
) -> None:
    result = output_achievement(structure, ratio_cap_pct=cap)
    ratios = [i.value for o in result.outputs for i in o.indicators]
    assert min(ratios) * (1 - 1e-12) <= result.value <= max(ratios) * (1 + 1e-12)
    if cap is not None:
        assert result.value <= cap
    for programme in result.programmes:
        values = [o.value for o in programme.outputs]
        assert min(values) * (1 - 1e-12) <= programme.value <= max(values) * (1 + 1e-12)


# absorption ---------------------------------------------------------------------------------


@given(positives, positives, st.floats(min_value=0.0, max_value=1e9))
def test_absorption_monotone(realisation: float, ceiling: float, step: float) -> None:
    base = absorption(realisation, ceiling)
    assert base >= 0.0
    assert absorption(realisation + step, ceiling) >= base
    assert absorption(realisation, ceiling + step) <= base


@given(hnp.arrays(np.float64, 5, elements=st.floats(0.0, 1e9)), positives)
def test_absorption_scalar_array_series_agree(realisation: np.ndarray, ceiling: float) -> None:
    as_array = absorption(realisation, ceiling)
    as_series = absorption(pd.Series(realisation), ceiling)
    as_scalars = [absorption(float(r), ceiling) for r in realisation]
    np.testing.assert_allclose(as_array, as_scalars)
    np.testing.assert_allclose(as_series.to_numpy(), as_scalars)


@given(st.floats(max_value=0.0, allow_nan=False))
def test_absorption_non_positive_ceiling_raises(ceiling: float) -> None:
    with pytest.raises(InvalidInputError, match="`ceiling`"):
        absorption(1.0, ceiling)


# efficiency score ---------------------------------------------------------------------------


@given(st.floats(min_value=-1e6, max_value=100.0), st.floats(min_value=0.0, max_value=50.0))
def test_efficiency_score_clamped_and_monotone(e: float, step: float) -> None:
    score = efficiency_score(e)
    assert 0.0 <= score <= 100.0
    assert efficiency_score(min(e + step, 100.0)) >= score
    unclamped = efficiency_score(e, clamp=False)
    assert score == min(100.0, max(0.0, unclamped))


@given(hnp.arrays(np.float64, 5, elements=st.floats(-100.0, 100.0)))
def test_efficiency_score_scalar_array_series_agree(e: np.ndarray) -> None:
    as_scalars = [efficiency_score(float(x)) for x in e]
    np.testing.assert_allclose(efficiency_score(e), as_scalars)
    np.testing.assert_allclose(efficiency_score(pd.Series(e)).to_numpy(), as_scalars)


# consistency --------------------------------------------------------------------------------


@given(cumulative_pairs())
def test_consistency_bounded(pair: tuple[np.ndarray, np.ndarray]) -> None:
    plan, real = pair
    value = consistency(plan, real)
    assert 0.0 <= value <= 100.0
    months = monthly_consistency(plan, real)
    assert np.all((months >= 0.0) & (months <= 100.0))
    assert value == pytest.approx(float(np.mean(months)))


@given(cumulative_pairs(), st.floats(min_value=0.0, max_value=1e6))
def test_consistency_monotone_in_realisation(
    pair: tuple[np.ndarray, np.ndarray], extra: float
) -> None:
    plan, real = pair
    assert consistency(plan, real + extra) >= consistency(plan, real) - 1e-9


@given(cumulative_pairs(), cumulative_pairs())
def test_consistency_array_frame_agree(
    first: tuple[np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray]
) -> None:
    plans = np.array([first[0], second[0]])
    reals = np.array([first[1], second[1]])
    per_unit = [consistency(first[0], first[1]), consistency(second[0], second[1])]
    np.testing.assert_allclose(consistency(plans, reals), per_unit)
    np.testing.assert_allclose(
        consistency(pd.DataFrame(plans), pd.DataFrame(reals)).to_numpy(), per_unit
    )
    assert consistency(pd.Series(first[0]), pd.Series(first[1])) == pytest.approx(per_unit[0])


@given(cumulative_pairs(), st.integers(min_value=1, max_value=11))
def test_consistency_leading_zero_plan_months_score_100(
    pair: tuple[np.ndarray, np.ndarray], zeros: int
) -> None:
    plan, real = pair
    plan = plan.copy()
    plan[:zeros] = 0.0
    months = monthly_consistency(plan, real)
    assert np.all(months[:zeros] == 100.0)
    assert 0.0 <= consistency(plan, real) <= 100.0


@given(cumulative_pairs(), st.integers(min_value=1, max_value=24).filter(lambda n: n != 12))
def test_consistency_wrong_length_raises(pair: tuple[np.ndarray, np.ndarray], n: int) -> None:
    plan, real = pair
    plan_n = np.resize(plan, n)
    with pytest.raises(InvalidInputError, match="`planned_cumulative` must hold 12"):
        consistency(plan_n, real)
