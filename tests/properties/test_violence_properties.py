"""Property tests of the prevalence formulas (methods/violence#violence)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dppapp_indikator import InvalidInputError
from dppapp_indikator.violence import pka, pkp, prevalence

from .strategies import positives, shares

#: A population (persons, possibly a weighted total).
populations = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False)


@st.composite
def counts(draw: st.DrawFn) -> tuple[float, float]:
    """A valid (cases, population) pair: 0 <= cases <= population."""
    population = draw(populations)
    return draw(shares) * population, population


@given(counts())
def test_in_percent_range(pair: tuple[float, float]) -> None:
    value = prevalence(*pair)
    assert 0.0 <= value <= 100.0 + 1e-9


@given(populations, shares, shares)
def test_monotone_in_cases(population: float, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert prevalence(low * population, population) <= prevalence(high * population, population)


@given(counts(), st.floats(min_value=1e-3, max_value=1e3))
def test_scale_invariant(pair: tuple[float, float], factor: float) -> None:
    cases, population = pair
    assert prevalence(cases * factor, population * factor) == pytest.approx(
        prevalence(cases, population), rel=1e-9, abs=1e-9
    )


@given(st.lists(counts(), min_size=1, max_size=6))
def test_scalar_array_series_agree(pairs: list[tuple[float, float]]) -> None:
    cases = np.array([c for c, _ in pairs])
    population = np.array([p for _, p in pairs])
    as_scalars = [prevalence(float(c), float(p)) for c, p in pairs]
    np.testing.assert_allclose(prevalence(cases, population), as_scalars)
    index = [f"r{i}" for i in range(len(pairs))]
    as_series = prevalence(pd.Series(cases, index=index), pd.Series(population, index=index))
    assert list(as_series.index) == index
    np.testing.assert_allclose(as_series.to_numpy(), as_scalars)
    np.testing.assert_allclose(pkp(cases, population), as_scalars)
    np.testing.assert_allclose(pka(cases, population), as_scalars)


@given(populations, st.floats(min_value=1e-12, max_value=1e9))
def test_negative_cases_raise(population: float, amount: float) -> None:
    with pytest.raises(InvalidInputError, match="`cases`"):
        prevalence(-amount, population)


@given(populations, st.floats(min_value=1.0001, max_value=1e3))
def test_cases_above_population_raise(population: float, factor: float) -> None:
    with pytest.raises(InvalidInputError, match="`children_with_violence` must not exceed"):
        pka(population * factor, population)


@given(st.floats(max_value=0.0, allow_nan=False, allow_infinity=False))
def test_non_positive_population_raises(population: float) -> None:
    with pytest.raises(InvalidInputError, match="`women_15_64`"):
        pkp(0.0, population)


@given(hnp.arrays(np.float64, 4, elements=positives))
def test_nan_only_where_missing(population: np.ndarray) -> None:
    cases = population / 2
    cases[1] = np.nan
    out = prevalence(cases, population)
    assert np.isnan(out[1])
    assert not np.isnan(np.delete(out, 1)).any()
