"""Tests of the argument checks (_checks) and named policies."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator._checks import (
    check_choice,
    check_count,
    check_finite,
    check_nonnegative,
    check_not_greater,
    check_not_nan,
    check_percent,
    check_positive,
    check_range,
    check_share,
)
from dppapp_indikator.policies import (
    CI_METHODS,
    LONELY_PSU_POLICIES,
    MISSING_POLICIES,
    check_policy,
)


def test_message_shape_with_position() -> None:
    values = np.array([0.1, 0.2, 0.3, 0.4, 1.3])
    with pytest.raises(InvalidInputError) as info:
        check_share("female_population_share", values)
    assert str(info.value) == "`female_population_share` must be in [0, 1]; got 1.3 at position 4"
    assert info.value.parameter == "female_population_share"
    assert info.value.value == pytest.approx(1.3)
    assert info.value.position == 4
    assert isinstance(info.value, ValueError)


def test_scalar_has_no_position() -> None:
    with pytest.raises(InvalidInputError) as info:
        check_percent("pct", np.asarray(101.0))
    assert str(info.value) == "`pct` must be in [0, 100]; got 101"
    assert info.value.position is None


def test_two_dimensional_position_is_a_tuple() -> None:
    values = np.array([[1.0, 2.0], [3.0, -1.0]])
    with pytest.raises(InvalidInputError) as info:
        check_nonnegative("counts", values)
    assert info.value.position == (1, 1)


def test_nan_is_skipped_by_range_checks_but_not_by_check_not_nan() -> None:
    values = np.array([0.5, np.nan])
    check_share("s", values)
    with pytest.raises(InvalidInputError, match="`s` must not be NaN"):
        check_not_nan("s", values)


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (check_finite, np.inf, "`x` must be finite; got inf"),
        (check_nonnegative, -2.0, "`x` must be >= 0; got -2"),
        (check_positive, 0.0, "`x` must be > 0; got 0"),
        (check_count, 1.5, "`x` must be a whole number (count); got 1.5"),
        (check_count, -1.0, "`x` must be >= 0; got -1"),
    ],
)
def test_each_check(check: object, value: float, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        check(  # type: ignore[operator]
            "x", np.asarray(value)
        )
    assert str(info.value) == message


def test_open_intervals() -> None:
    check_range("x", np.array([0.5]), 0.0, 1.0, lower_inclusive=False, upper_inclusive=False)
    with pytest.raises(InvalidInputError, match=r"must be in \(0, 1\); got 0"):
        check_range("x", np.array([0.0]), 0.0, 1.0, lower_inclusive=False, upper_inclusive=False)
    with pytest.raises(InvalidInputError, match=r"must be < 1; got 1"):
        check_range("x", np.array([1.0]), None, 1.0, upper_inclusive=False)


def test_not_greater() -> None:
    with pytest.raises(InvalidInputError, match="`cases` must not exceed `population`; got 5"):
        check_not_greater("cases", np.array([1.0, 5.0]), "population", np.array([2.0, 4.0]))


def test_choice_and_policies() -> None:
    check_choice("profile", "a", ("a", "b"))
    with pytest.raises(InvalidInputError, match="`profile` must be one of 'a', 'b'; got 'c'"):
        check_choice("profile", "c", ("a", "b"))
    check_policy("lonely_psu", "adjust", LONELY_PSU_POLICIES)
    assert set(MISSING_POLICIES) == {"raise", "propagate", "reweight"}
    assert "beta" in CI_METHODS
    with pytest.raises(InvalidInputError, match="`lonely_psu`"):
        check_policy("lonely_psu", "drop", LONELY_PSU_POLICIES)


def test_error_pickles() -> None:
    error = InvalidInputError("w", "must be >= 0", -1.0, 3)
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error)
    assert again.position == 3


def test_check_count_skips_nan() -> None:
    # NaN is missing, not a fraction: NaN in gives NaN out in the formulas
    check_count("x", np.array([1.0, np.nan, 3.0]))


@pytest.mark.parametrize(
    ("values", "inside"),
    [
        ([0.0, 100.0], True),
        ([-0.0, 5.0], True),  # -0.0 is >= 0 (decided by the float path)
        ([np.nan, 5.0], True),  # NaN is missing, not invalid
        ([5e-324, 99.0], True),  # the smallest subnormal
        ([0.0, 100.0000001], False),
        ([-1e-300, 5.0], False),
        ([np.inf], False),
    ],
)
def test_percent_fast_path_is_exact(values: list[float], inside: bool) -> None:
    # the one-pass bit-pattern check must agree with the plain comparison
    array = np.array(values)
    if inside:
        check_percent("x", array)
    else:
        with pytest.raises(InvalidInputError, match="`x`"):
            check_percent("x", array)


def test_nonnegative_fast_path_rejects_infinity() -> None:
    check_nonnegative("x", np.array([0.0, 1e308]))
    with pytest.raises(InvalidInputError, match="must be finite"):
        check_nonnegative("x", np.array([1.0, np.inf]))
