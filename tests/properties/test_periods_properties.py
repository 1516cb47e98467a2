"""Property tests of quarter-to-year aggregation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.periods import aggregate_quarters


@given(st.lists(st.floats(0, 1e6), min_size=4, max_size=4))
def test_sum_is_additive_and_last_is_a_quarter(quarters: list[float]) -> None:
    assert aggregate_quarters(quarters, "sum") == pytest.approx(sum(quarters))
    assert aggregate_quarters(quarters, "last") == quarters[-1]


@given(st.lists(st.floats(0, 1e6), min_size=4, max_size=4), st.integers(0, 3))
def test_na_quarters_are_skipped(quarters: list[float], missing: int) -> None:
    with_na = [None if k == missing else q for k, q in enumerate(quarters)]
    expected = sum(q for k, q in enumerate(quarters) if k != missing)
    assert aggregate_quarters(with_na, "sum") == pytest.approx(expected)


@given(st.floats(0, 1e6), st.floats(1e-3, 1e3))
def test_constant_accepts_equal_and_rejects_unequal(value: float, step: float) -> None:
    assert aggregate_quarters([value] * 4, "constant") == value
    with pytest.raises(InvalidInputError, match="same value"):
        aggregate_quarters([value, value, value, value + step], "constant")


@given(st.integers(1, 8).filter(lambda n: n != 4))
def test_wrong_number_of_quarters_raises(n: int) -> None:
    with pytest.raises(InvalidInputError, match="`quarters`"):
        aggregate_quarters(list(np.ones(n)), "sum")
