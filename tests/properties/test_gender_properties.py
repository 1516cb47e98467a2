"""Property tests of the gender formulas (methods/gender#gender)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.gender import (
    decision_making_index,
    edep,
    idg,
    idg_category,
    implied_income_index,
    income_chain,
    income_edep,
    parliament_index,
)

from .strategies import inner_shares, percent_arrays, percents, positives, shares

LABELS = ["rendah", "sedang", "tinggi", "sangat tinggi"]

#: Non-negative values of any size (EDEP is not restricted to percents).
values = st.floats(min_value=0.0, max_value=1e6, allow_nan=False)
#: Zero or values far from underflow (scaling a subnormal value can round it to 0).
normal_values = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1e6))
epsilons = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.5])
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def _tolerance(*numbers: float) -> float:
    return 1e-9 * max(1.0, *(abs(n) for n in numbers))


def _balance_point(female_population_share: float) -> float:
    """Where EDEP(p, 100 - p) peaks: p* = 100 sqrt(Pf) / (sqrt(Pf) + sqrt(Pm))."""
    root_f = math.sqrt(female_population_share)
    root_m = math.sqrt(1.0 - female_population_share)
    return 100.0 * root_f / (root_f + root_m)


def _peak_index(female_population_share: float) -> float:
    """The largest EDEP(p, 100 - p) / 50: 2 / (sqrt(Pf) + sqrt(Pm))^2 (closed form)."""
    root_sum = math.sqrt(female_population_share) + math.sqrt(1.0 - female_population_share)
    return 2.0 / root_sum**2


# ---------------------------------------------------------------------------------------------
# EDEP


@given(values, values, shares, epsilons)
def test_edep_between_min_and_max(female: float, male: float, pf: float, eps: float) -> None:
    value = edep(female, male, pf, epsilon=eps)
    tol = _tolerance(female, male)
    assert min(female, male) - tol <= value <= max(female, male) + tol


@given(values, shares, epsilons)
def test_edep_of_equal_values_is_that_value(x: float, pf: float, eps: float) -> None:
    assert edep(x, x, pf, epsilon=eps) == pytest.approx(x, rel=1e-9, abs=1e-300)


@given(values, values, shares)
def test_edep_decreases_with_inequality_aversion(female: float, male: float, pf: float) -> None:
    harmonic = edep(female, male, pf, epsilon=2.0)
    geometric = edep(female, male, pf, epsilon=1.0)
    arithmetic = pf * female + (1.0 - pf) * male  # weighted arithmetic mean, by hand
    tol = _tolerance(female, male)
    assert harmonic <= geometric + tol
    assert geometric <= arithmetic + tol
    assert edep(female, male, pf, epsilon=0.0) == pytest.approx(arithmetic, rel=1e-9, abs=1e-9)


@given(values, values, inner_shares)
def test_edep_symmetric_in_sexes(female: float, male: float, pf: float) -> None:
    # Swapping the values and the population shares leaves EDEP unchanged.
    assert edep(female, male, pf) == pytest.approx(edep(male, female, 1.0 - pf), rel=1e-9)


@given(normal_values, normal_values, shares, st.floats(min_value=1e-3, max_value=1e3))
def test_edep_homogeneous(female: float, male: float, pf: float, scale: float) -> None:
    scaled = edep(female * scale, male * scale, pf)
    assert scaled == pytest.approx(scale * edep(female, male, pf), rel=1e-9)


# ---------------------------------------------------------------------------------------------
# Components and IDG


@given(inner_shares, fractions, fractions)
def test_component_index_rises_then_falls(pf: float, u: float, v: float) -> None:
    # EDEP(p, 100 - p) / 50 increases for p up to the balance point p* and decreases after it
    # (p* = 50 exactly when Pf = 0.5); its peak is 2 / (sqrt(Pf) + sqrt(Pm))^2.
    p_star = _balance_point(pf)
    low, high = sorted((u, v))
    assert parliament_index(low * p_star, pf) <= parliament_index(high * p_star, pf) + 1e-12
    right_low = p_star + low * (100.0 - p_star)
    right_high = p_star + high * (100.0 - p_star)
    assert decision_making_index(right_low, pf) >= decision_making_index(right_high, pf) - 1e-12
    assert parliament_index(p_star, pf) == pytest.approx(_peak_index(pf), rel=1e-9)
    assert parliament_index(low * 100.0, pf) <= _peak_index(pf) + 1e-12


@given(percents, percents, shares, inner_shares)
def test_idg_bounded(parliament: float, decision: float, income: float, pf: float) -> None:
    value = idg(parliament, decision, income, pf)
    assert 0.0 <= value <= 100.0 * (2.0 * _peak_index(pf) + 1.0) / 3.0 + 1e-9
    assert idg(parliament, decision, income, 0.5) <= 100.0 + 1e-9


@given(percents, percents, fractions, fractions, inner_shares)
def test_idg_monotone_in_income(
    parliament: float, decision: float, u: float, v: float, pf: float
) -> None:
    low, high = sorted((u, v))
    assert idg(parliament, decision, low, pf) <= idg(parliament, decision, high, pf) + 1e-9


@given(percents, shares, fractions, fractions, inner_shares)
def test_idg_monotone_in_percent_components_up_to_balance(
    other: float, income: float, u: float, v: float, pf: float
) -> None:
    p_star = _balance_point(pf)
    low, high = sorted((u, v))
    # Rising up to p* ...
    assert idg(low * p_star, other, income, pf) <= idg(high * p_star, other, income, pf) + 1e-9
    assert idg(other, low * p_star, income, pf) <= idg(other, high * p_star, income, pf) + 1e-9
    # ... and falling beyond it.
    left, right = p_star + low * (100.0 - p_star), p_star + high * (100.0 - p_star)
    assert idg(left, other, income, pf) >= idg(right, other, income, pf) - 1e-9
    assert idg(other, left, income, pf) >= idg(other, right, income, pf) - 1e-9


@given(percents, percents, shares, shares)
def test_implied_income_index_round_trip(
    parliament: float, decision: float, income: float, pf: float
) -> None:
    value = idg(parliament, decision, income, pf)
    implied = implied_income_index(value, parliament, decision, pf)
    assert implied == pytest.approx(income, abs=1e-9)


@given(percent_arrays(5), percent_arrays(5), st.lists(fractions, min_size=5, max_size=5), shares)
def test_scalar_array_series_agree(
    parliament: np.ndarray, decision: np.ndarray, income: list[float], pf: float
) -> None:
    income_array = np.asarray(income)
    as_array = idg(parliament, decision, income_array, pf)
    as_series = idg(pd.Series(parliament), pd.Series(decision), pd.Series(income_array), pf)
    as_scalars = [
        idg(float(a), float(b), float(c), pf)
        for a, b, c in zip(parliament, decision, income_array, strict=True)
    ]
    np.testing.assert_allclose(as_array, as_scalars)
    np.testing.assert_allclose(as_series.to_numpy(), as_scalars)
    edep_array = edep(parliament, 100.0 - parliament, pf)
    edep_scalars = [edep(float(a), 100.0 - float(a), pf) for a in parliament]
    np.testing.assert_allclose(edep_array, edep_scalars)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_idg_category_total_and_monotone(x: float) -> None:
    label = idg_category(x)
    assert label in LABELS
    assert LABELS.index(idg_category(x + 1.0)) >= LABELS.index(label)


# ---------------------------------------------------------------------------------------------
# Income chain


@given(positives, positives, shares, inner_shares)
def test_income_chain_identities(
    female_wage: float, male_wage: float, ef: float, pf: float
) -> None:
    chain = income_chain(female_wage, male_wage, ef, pf)
    assert chain.female_income_share + chain.male_income_share == pytest.approx(1.0)
    weighted = pf * chain.female_relative_share + (1.0 - pf) * chain.male_relative_share
    assert weighted == pytest.approx(1.0)
    assert 0.0 <= chain.edep_income <= 1.0 + 1e-12
    assert chain.edep_income == pytest.approx(
        income_edep(chain.female_income_share, pf), rel=1e-9, abs=1e-12
    )


@given(positives, inner_shares)
def test_income_chain_equal_pay_and_participation_is_one(wage: float, pf: float) -> None:
    # Equal wages and a labour-force share equal to the population share: q_f = q_m = 1.
    assert income_chain(wage, wage, pf, pf).edep_income == pytest.approx(1.0)


# ---------------------------------------------------------------------------------------------
# Invalid input

out_of_percent = st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=100.000001))
out_of_share = st.one_of(st.floats(max_value=-1e-12), st.floats(min_value=1.000001))


@given(out_of_percent)
def test_idg_percent_out_of_range_raises(x: float) -> None:
    with pytest.raises(InvalidInputError, match="`female_parliament_pct`"):
        idg(x, 50.0, 0.5, 0.5)
    with pytest.raises(InvalidInputError, match="`female_decision_pct`"):
        idg(50.0, x, 0.5, 0.5)


@given(out_of_share)
def test_share_out_of_range_raises(x: float) -> None:
    with pytest.raises(InvalidInputError, match="`income_index`"):
        idg(50.0, 50.0, x, 0.5)
    with pytest.raises(InvalidInputError, match="`female_population_share`"):
        idg(50.0, 50.0, 0.5, x)
    with pytest.raises(InvalidInputError, match="`female_population_share`"):
        edep(1.0, 2.0, x)
    with pytest.raises(InvalidInputError, match="`female_labour_force_share`"):
        income_chain(1.0, 2.0, x, 0.5)
    with pytest.raises(InvalidInputError, match="`female_income_share`"):
        income_edep(x, 0.5)


@given(st.floats(max_value=-1e-12))
def test_negative_values_raise(x: float) -> None:
    with pytest.raises(InvalidInputError, match="`female`"):
        edep(x, 1.0, 0.5)
    with pytest.raises(InvalidInputError, match="`male`"):
        edep(1.0, x, 0.5)
    with pytest.raises(InvalidInputError, match="`female_wage`"):
        income_chain(x, 1.0, 0.5, 0.5)
    with pytest.raises(InvalidInputError, match="`male_wage`"):
        income_chain(1.0, x, 0.5, 0.5)
    with pytest.raises(InvalidInputError, match="`epsilon`"):
        edep(1.0, 1.0, 0.5, epsilon=x)
