"""Property tests of the child protection indices (methods/child#ipa)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dppapp_indikator import InvalidInputError
from dppapp_indikator.child import (
    cluster_index,
    ipa,
    minmax_normalize,
    recover_weights,
    weight_sensitivity,
    weighted_index,
)

from .strategies import percent_arrays, percents

#: Finite indicator values on a wide scale.
values = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
lowers = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)
widths = st.floats(min_value=0.01, max_value=1e3, allow_nan=False)
directions = st.sampled_from(["positive", "negative"])


@st.composite
def goalposts(draw: st.DrawFn) -> tuple[float, float]:
    """(lower, upper) with upper > lower."""
    lower = draw(lowers)
    return lower, lower + draw(widths)


@st.composite
def weight_vectors(draw: st.DrawFn, size: int) -> np.ndarray:
    """Non-negative weights summing to 1 (some may be exactly 0)."""
    raw = draw(
        hnp.arrays(
            np.float64,
            size,
            elements=st.one_of(st.just(0.0), st.floats(min_value=0.01, max_value=1.0)),
        )
    )
    assume(raw.sum() > 0)
    return np.asarray(raw / raw.sum())


def component_matrices(rows: int, columns: int) -> st.SearchStrategy[np.ndarray]:
    """(rows, columns) matrices of index values in [0, 100]."""
    return hnp.arrays(np.float64, (rows, columns), elements=percents)


# --------------------------------------------------------------------------------------------
# normalisation
# --------------------------------------------------------------------------------------------


@given(values, goalposts(), directions)
def test_clipped_scores_are_bounded(x: float, posts: tuple[float, float], direction: str) -> None:
    score = minmax_normalize(x, *posts, direction=direction)  # type: ignore[arg-type]
    assert 0.0 <= score <= 100.0


@given(goalposts(), st.floats(min_value=0.0, max_value=1.0))
def test_direction_antisymmetric_within_goalposts(
    posts: tuple[float, float], fraction: float
) -> None:
    lower, upper = posts
    x = min(max(lower + fraction * (upper - lower), lower), upper)
    positive = minmax_normalize(x, lower, upper, direction="positive")
    negative = minmax_normalize(x, lower, upper, direction="negative")
    assert positive + negative == pytest.approx(100.0, abs=1e-6)


@given(values, values, goalposts(), st.booleans())
def test_monotone(a: float, b: float, posts: tuple[float, float], clip: bool) -> None:
    low, high = min(a, b), max(a, b)
    assert minmax_normalize(low, *posts, clip=clip) <= minmax_normalize(high, *posts, clip=clip)
    assert minmax_normalize(low, *posts, direction="negative", clip=clip) >= minmax_normalize(
        high, *posts, direction="negative", clip=clip
    )


@given(hnp.arrays(np.float64, 6, elements=values), goalposts(), directions, st.booleans())
def test_minmax_scalar_array_series_agree(
    x: np.ndarray, posts: tuple[float, float], direction: str, clip: bool
) -> None:
    kwargs = {"direction": direction, "clip": clip}
    as_array = minmax_normalize(x, *posts, **kwargs)  # type: ignore[arg-type]
    as_series = minmax_normalize(pd.Series(x, index=list("abcdef")), *posts, **kwargs)  # type: ignore[arg-type]
    as_scalars = [minmax_normalize(float(v), *posts, **kwargs) for v in x]  # type: ignore[arg-type]
    np.testing.assert_array_equal(as_array, as_scalars)
    np.testing.assert_array_equal(as_series.to_numpy(), as_scalars)
    assert list(as_series.index) == list("abcdef")


@given(values, lowers, st.floats(min_value=0.0, max_value=1e3))
def test_non_increasing_goalposts_raise(x: float, lower: float, drop: float) -> None:
    with pytest.raises(InvalidInputError, match="`upper`"):
        minmax_normalize(x, lower, lower - drop)


# --------------------------------------------------------------------------------------------
# aggregation
# --------------------------------------------------------------------------------------------


@given(
    st.integers(min_value=1, max_value=6).flatmap(
        lambda k: st.tuples(component_matrices(4, k), weight_vectors(k))
    )
)
def test_weighted_index_is_a_convex_combination(data: tuple[np.ndarray, np.ndarray]) -> None:
    matrix, weights = data
    out = weighted_index(matrix, weights)
    assert (out >= matrix.min(axis=1) - 1e-9).all()
    assert (out <= matrix.max(axis=1) + 1e-9).all()
    # only the components with positive weight matter
    used = matrix[:, weights > 0]
    assert (out >= used.min(axis=1) - 1e-9).all()
    assert (out <= used.max(axis=1) + 1e-9).all()


@given(component_matrices(3, 5), weight_vectors(5), st.floats(min_value=0.0, max_value=1.0))
def test_reweight_equals_full_result_when_nothing_is_missing(
    matrix: np.ndarray, weights: np.ndarray, threshold: float
) -> None:
    full = weighted_index(matrix, weights)
    np.testing.assert_array_equal(
        weighted_index(matrix, weights, missing="reweight", min_share=threshold), full
    )
    np.testing.assert_array_equal(weighted_index(matrix, weights, missing="propagate"), full)
    np.testing.assert_array_equal(
        cluster_index(matrix, missing="reweight", min_available=threshold),
        cluster_index(matrix),
    )


@given(component_matrices(3, 4), st.integers(min_value=0, max_value=3))
def test_reweight_stays_within_available_components(matrix: np.ndarray, hole: int) -> None:
    holed = matrix.copy()
    holed[:, hole] = np.nan
    out = cluster_index(holed, missing="reweight", min_available=0.0)
    rest = np.delete(matrix, hole, axis=1)
    np.testing.assert_allclose(out, rest.mean(axis=1), rtol=1e-12, atol=1e-12)


@given(component_matrices(4, 5), weight_vectors(5))
def test_aggregation_scalar_array_frame_agree(matrix: np.ndarray, weights: np.ndarray) -> None:
    columns = ["I", "II", "III", "IV", "V"]
    as_array = ipa(matrix, weights)
    frame = pd.DataFrame(matrix, columns=columns, index=[10, 11, 12, 13])
    as_frame = ipa(frame, dict(zip(columns, weights, strict=True)))
    as_rows = [ipa(row.tolist(), weights) for row in matrix]
    as_mapping = ipa({c: matrix[:, j] for j, c in enumerate(columns)}, weights)
    np.testing.assert_allclose(as_array, as_rows, rtol=0, atol=1e-12)
    np.testing.assert_allclose(as_frame.to_numpy(), as_rows, rtol=0, atol=1e-12)
    np.testing.assert_allclose(as_mapping, as_rows, rtol=0, atol=1e-12)
    assert list(as_frame.index) == [10, 11, 12, 13]


@given(percent_arrays(3), st.floats(min_value=1e-6, max_value=10.0), st.integers(0, 2))
def test_negative_weight_raises(values_: np.ndarray, amount: float, where: int) -> None:
    weights = np.full(3, 1.0 / 3)
    weights[where] = -amount
    with pytest.raises(InvalidInputError, match="`weights`"):
        weighted_index(values_, weights)


@given(percent_arrays(3), weight_vectors(3), st.floats(min_value=1e-8, max_value=1.0))
def test_weights_not_summing_to_one_raise(
    values_: np.ndarray, weights: np.ndarray, excess: float
) -> None:
    with pytest.raises(InvalidInputError, match="`weights` must sum to 1"):
        weighted_index(values_, weights * (1.0 + excess))


@given(st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=1.000001)))
def test_threshold_out_of_range_raises(threshold: float) -> None:
    with pytest.raises(InvalidInputError, match="`min_share`"):
        weighted_index([1.0, np.nan], "equal", missing="reweight", min_share=threshold)


# --------------------------------------------------------------------------------------------
# recovery and sensitivity
# --------------------------------------------------------------------------------------------


@given(component_matrices(6, 3), percent_arrays(6))
def test_recovered_weights_are_a_weight_vector(matrix: np.ndarray, index: np.ndarray) -> None:
    fit = recover_weights(matrix, index)
    assert (fit.weights >= 0.0).all()
    assert fit.weights.sum() == pytest.approx(1.0, abs=1e-9)
    np.testing.assert_allclose(
        np.asarray(fit.fitted) + np.asarray(fit.residuals), index, rtol=1e-12, atol=1e-9
    )


@given(component_matrices(5, 3), weight_vectors(3))
def test_recovery_is_exact_on_consistent_data(matrix: np.ndarray, weights: np.ndarray) -> None:
    fit = recover_weights(matrix, matrix @ weights)
    # the fitted index reproduces the data even when the weights are not identifiable
    assert fit.max_abs_residual < 1e-6


@given(component_matrices(4, 3), weight_vectors(3), st.integers(0, 2**32 - 1))
def test_sensitivity_reproducible_from_seed(
    matrix: np.ndarray, weights: np.ndarray, seed: int
) -> None:
    first = weight_sensitivity(
        matrix, weights, n=20, concentration=10.0, goalpost_jitter=0.1, seed=seed
    )
    second = weight_sensitivity(
        matrix, weights, n=20, concentration=10.0, goalpost_jitter=0.1, seed=seed
    )
    np.testing.assert_array_equal(first.values, second.values)
    np.testing.assert_array_equal(first.ranks, second.ranks)
    np.testing.assert_array_equal(first.weights, second.weights)
    np.testing.assert_allclose(first.rank_frequencies.sum(axis=1), 1.0)
