"""Shared hypothesis strategies for the property tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

#: A percent in [0, 100].
percents = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)
#: A share in [0, 1].
shares = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
#: A share strictly inside (0, 1), away from the ends.
inner_shares = st.floats(min_value=0.01, max_value=0.99, allow_nan=False)
#: A positive value (wages, rupiah, counts as floats).
positives = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False)


def percent_arrays(size: int) -> st.SearchStrategy[np.ndarray]:
    """1-D float arrays of ``size`` percents."""
    return hnp.arrays(np.float64, size, elements=percents)


def share_arrays(size: int) -> st.SearchStrategy[np.ndarray]:
    """1-D float arrays of ``size`` shares."""
    return hnp.arrays(np.float64, size, elements=shares)
