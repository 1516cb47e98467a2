"""Property tests of the iBangga formulas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError, ibangga, ibangga_category

from .strategies import percent_arrays, percents

LABELS = ["rentan", "berkembang", "tangguh"]


@given(percents, percents, percents)
def test_bounded_between_min_and_max(a: float, b: float, c: float) -> None:
    value = ibangga(a, b, c)
    assert min(a, b, c) - 1e-9 <= value <= max(a, b, c) + 1e-9


@given(percents, percents, percents, st.floats(min_value=0.0, max_value=50.0))
def test_monotone_in_each_dimension(a: float, b: float, c: float, step: float) -> None:
    base = ibangga(a, b, c)
    assert ibangga(min(a + step, 100.0), b, c) >= base
    assert ibangga(a, min(b + step, 100.0), c) >= base
    assert ibangga(a, b, min(c + step, 100.0)) >= base


@given(percent_arrays(5), percent_arrays(5), percent_arrays(5))
def test_scalar_array_series_agree(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> None:
    as_array = ibangga(a, b, c)
    as_series = ibangga(pd.Series(a), pd.Series(b), pd.Series(c))
    as_scalars = [ibangga(float(x), float(y), float(z)) for x, y, z in zip(a, b, c, strict=True)]
    np.testing.assert_allclose(as_array, as_scalars)
    np.testing.assert_allclose(as_series.to_numpy(), as_scalars)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_category_total_and_monotone(x: float) -> None:
    label = ibangga_category(x)
    assert label in LABELS
    assert LABELS.index(ibangga_category(x + 1.0)) >= LABELS.index(label)


@given(st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=100.000001)))
def test_out_of_range_raises(x: float) -> None:
    with pytest.raises(InvalidInputError, match="`kemandirian`"):
        ibangga(50.0, x, 50.0)
