"""Property tests of achievement and its category (methods/agreement#agreement)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dppapp_indikator import InvalidInputError
from dppapp_indikator.agreement import achievement, achievement_category

realisations = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
targets = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)
polarities = st.sampled_from(["higher", "lower"])
achievements = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
LABELS = ["sangat rendah", "rendah", "sedang", "tinggi", "sangat tinggi"]


@st.composite
def ranges(draw: st.DrawFn) -> tuple[float, float]:
    low = draw(targets)
    width = draw(st.floats(min_value=0.0, max_value=1e6, allow_nan=False))
    return low, low + width


@given(realisations, realisations, targets)
def test_monotone_in_realisation(r1: float, r2: float, target: float) -> None:
    low, high = sorted((r1, r2))
    assert achievement(low, target) <= achievement(high, target)
    assert achievement(low, target, polarity="lower") >= achievement(high, target, polarity="lower")


@given(realisations, realisations, ranges())
def test_monotone_with_range_targets(r1: float, r2: float, bounds: tuple[float, float]) -> None:
    low, high = sorted((r1, r2))
    lower, upper = bounds
    up = [achievement(r, lower, target_upper=upper) for r in (low, high)]
    down = [achievement(r, lower, target_upper=upper, polarity="lower") for r in (low, high)]
    assert up[0] <= up[1]
    assert down[0] >= down[1]


@given(realisations, targets)
def test_higher_and_lower_are_antisymmetric_around_100(realisation: float, target: float) -> None:
    higher = achievement(realisation, target)
    lower = achievement(realisation, target, polarity="lower")
    # exact in real numbers; float rounding grows with |R/T| (up to 1e9 here)
    assert higher + lower == pytest.approx(200.0, abs=1e-12 * abs(higher) + 1e-9)


@given(realisations, ranges())
def test_antisymmetry_holds_for_ranges(realisation: float, bounds: tuple[float, float]) -> None:
    lower, upper = bounds
    higher = achievement(realisation, lower, target_upper=upper)
    lowered = achievement(realisation, lower, target_upper=upper, polarity="lower")
    assert higher + lowered == pytest.approx(200.0, abs=1e-12 * abs(higher) + 1e-9)


@given(ranges(), st.floats(min_value=0.0, max_value=1.0))
def test_inside_a_range_is_100(bounds: tuple[float, float], where: float) -> None:
    lower, upper = bounds
    realisation = min(max(lower + where * (upper - lower), lower), upper)
    for polarity in ("higher", "lower"):
        assert achievement(realisation, lower, target_upper=upper, polarity=polarity) == 100.0  # type: ignore[arg-type]


@given(realisations, targets, polarities, st.floats(min_value=1.0, max_value=500.0))
def test_cap_bounds_the_result(
    realisation: float, target: float, polarity: str, cap: float
) -> None:
    capped = achievement(realisation, target, polarity=polarity, cap=cap)  # type: ignore[arg-type]
    free = achievement(realisation, target, polarity=polarity)  # type: ignore[arg-type]
    assert capped <= cap
    assert capped == min(free, cap)


@given(achievements)
def test_category_is_total(value: float) -> None:
    assert achievement_category(value) in LABELS


@given(achievements, achievements)
def test_category_is_monotone(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert LABELS.index(achievement_category(low)) <= LABELS.index(achievement_category(high))  # type: ignore[arg-type]


@given(
    hnp.arrays(np.float64, st.integers(1, 8), elements=realisations),
    targets,
    polarities,
)
def test_scalar_array_series_agree(values: np.ndarray, target: float, polarity: str) -> None:
    array = achievement(values, target, polarity=polarity)  # type: ignore[arg-type]
    series = achievement(
        pd.Series(values, index=range(10, 10 + len(values))), target, polarity=polarity
    )  # type: ignore[arg-type]
    scalars = [achievement(float(v), target, polarity=polarity) for v in values]  # type: ignore[arg-type]
    np.testing.assert_array_equal(array, scalars)
    np.testing.assert_array_equal(series.to_numpy(), scalars)
    assert list(series.index) == list(range(10, 10 + len(values)))
    labels = achievement_category(array)
    assert list(labels) == [achievement_category(s) for s in scalars]
    assert list(achievement_category(series)) == list(labels)


@given(realisations, st.floats(min_value=-1e6, max_value=0.0, allow_nan=False))
def test_non_positive_target_raises(realisation: float, target: float) -> None:
    with pytest.raises(InvalidInputError, match="`target`"):
        achievement(realisation, target)
