"""Property tests of iBangga from family-level microdata (dppapp_indikator.survey.family).

The frames are drawn as pandas and passed to the functions as Polars DataFrames: the results
are engine-independent (tests/survey/test_family_microdata.py checks that on all four engines)
and Polars has the smallest fixed cost per call, so more examples fit in the time budget.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.family import ibangga_from_families, score_families

# The packaged map's columns (methods/family#ibangga-data), written out: dimension -> [(column,
# inverted)]
MAP = {
    "ketenteraman": [
        ("worship", False),
        ("marriage_certificate", False),
        ("birth_certificate", False),
        ("health_insurance", False),
        ("family_conflict", True),
        ("divorced", True),
    ],
    "kemandirian": [
        ("income_source", False),
        ("varied_diet", False),
        ("decent_housing", False),
        ("savings", False),
        ("school_attendance", False),
        ("member_ill", True),
        ("online_information", False),
    ],
    "kebahagiaan": [
        ("daily_interaction", False),
        ("joint_parenting", False),
        ("recreation", False),
        ("social_activity", False),
    ],
}
DIMS = list(MAP)
COLUMNS = [c for d in DIMS for c, _ in MAP[d]]
INVERTED = {c for d in DIMS for c, inverted in MAP[d] if inverted}
NA_POSSIBLE = ["marriage_certificate", "birth_certificate", "school_attendance", "joint_parenting"]
INDICES = [*DIMS, "ibangga"]
METHODS = ["family_mean", "variable_mean"]

FAST = settings(max_examples=30, deadline=None)


def _ibangga(frame: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    return ibangga_from_families(pl.from_pandas(frame), **kwargs)


@st.composite
def families(draw: st.DrawFn, *, nulls: bool = True) -> pd.DataFrame:
    """1-12 families in 1-2 regions, 0/1 scores, NaN (not applicable) where the map allows."""
    n = draw(st.integers(min_value=1, max_value=12))
    bits = st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n)
    frame = pd.DataFrame({c: draw(bits) for c in COLUMNS})
    if nulls:
        maybe = st.lists(st.sampled_from([0.0, 1.0, np.nan]), min_size=n, max_size=n)
        for column in NA_POSSIBLE:
            frame[column] = draw(maybe)
    frame["region"] = draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    frame["w"] = draw(st.lists(st.floats(min_value=0.1, max_value=10.0), min_size=n, max_size=n))
    return frame


@FAST
@given(families(), st.sampled_from(METHODS))
def test_indices_within_0_100(frame: pd.DataFrame, method: str) -> None:
    out = _ibangga(frame, by="region", weights="w", method=method)
    values = out[INDICES].to_numpy(dtype=np.float64)
    assert np.all((values[~np.isnan(values)] >= 0.0) & (values[~np.isnan(values)] <= 100.0))
    assert out["n_families"].sum() == len(frame)  # no row lost


@FAST
@given(families(), st.sampled_from(METHODS), st.floats(min_value=1e-3, max_value=1e3))
def test_weights_scaled_by_a_constant_change_nothing(
    frame: pd.DataFrame, method: str, factor: float
) -> None:
    base = _ibangga(frame, by="region", weights="w", method=method)
    scaled = _ibangga(
        frame.assign(w=frame["w"] * factor),
        by="region",
        weights="w",
        method=method,
    )
    np.testing.assert_allclose(
        scaled[INDICES].to_numpy(dtype=np.float64),
        base[INDICES].to_numpy(dtype=np.float64),
        rtol=1e-9,
    )


@FAST
@given(families(nulls=False))
def test_methods_agree_when_every_variable_applies(frame: pd.DataFrame) -> None:
    # No NA: D_f = 100 * mean_v s_fv, so sum_f w_f D_f / sum_f w_f = 100 * mean_v share_v.
    family = _ibangga(frame, by="region", weights="w")
    variable = _ibangga(frame, by="region", weights="w", method="variable_mean")
    np.testing.assert_allclose(
        family[INDICES].to_numpy(dtype=np.float64),
        variable[INDICES].to_numpy(dtype=np.float64),
        rtol=1e-9,
    )


@FAST
@given(families(), st.sampled_from(METHODS), st.data())
def test_turning_a_zero_score_into_one_never_lowers_an_index(
    frame: pd.DataFrame, method: str, data: st.DataObject
) -> None:
    # cells whose score is 0: value 0 in a score-coded column, value 1 in a raw (inverted) one
    candidates = [
        (row, column)
        for column in COLUMNS
        for row in range(len(frame))
        if frame.loc[row, column] == (1.0 if column in INVERTED else 0.0)
    ]
    assume(candidates)
    row, column = data.draw(st.sampled_from(candidates))
    better = frame.copy()
    better.loc[row, column] = 0.0 if column in INVERTED else 1.0  # now scores 1
    before = _ibangga(frame, by="region", weights="w", method=method)
    after = _ibangga(better, by="region", weights="w", method=method)
    difference = after[INDICES].to_numpy(dtype=np.float64) - before[INDICES].to_numpy(
        dtype=np.float64
    )
    assert np.all(difference[~np.isnan(difference)] >= -1e-9)
    assert np.array_equal(
        np.isnan(after[INDICES].to_numpy(dtype=np.float64)),
        np.isnan(before[INDICES].to_numpy(dtype=np.float64)),
    )


@FAST
@given(families())
def test_family_scores_bounded_and_null_only_when_nothing_applies(frame: pd.DataFrame) -> None:
    scored = score_families(pl.from_pandas(frame)).to_pandas()
    assert len(scored) == len(frame)
    for d in DIMS:
        values = scored[d].to_numpy(dtype=np.float64)
        nothing = frame[[c for c, _ in MAP[d]]].isna().all(axis=1).to_numpy()
        assert np.array_equal(np.isnan(values), nothing)
        assert np.all((values[~nothing] >= 0.0) & (values[~nothing] <= 100.0))


@FAST
@given(
    families(),
    st.sampled_from(COLUMNS),
    st.one_of(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(
            lambda x: x not in (0.0, 1.0)
        ),
        st.just(np.inf),
    ),
)
def test_a_value_other_than_0_1_or_null_raises(
    frame: pd.DataFrame, column: str, value: float
) -> None:
    frame.loc[0, column] = value
    with pytest.raises(InvalidInputError, match=rf"data\['{column}'\]"):
        _ibangga(frame)
