"""Tests of the scalar / ndarray / Series helper (_arrays)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator._arrays import broadcast, is_dataframe, is_series, vectorize_labels


def test_scalars_give_float() -> None:
    container, (a, b) = broadcast(a=1, b=np.float32(2.5))
    assert container.kind == "scalar"
    out = container.wrap_float(a + b)
    assert type(out) is float
    assert out == 3.5


def test_zero_dim_array_gives_array() -> None:
    container, (a,) = broadcast(a=np.array(2.0))
    assert container.kind == "array"
    assert isinstance(container.wrap_float(a), np.ndarray)


def test_lists_and_arrays_broadcast() -> None:
    container, (a, b) = broadcast(a=[1.0, 2.0, 3.0], b=10)
    assert container.kind == "array"
    assert a.shape == b.shape == (3,)
    np.testing.assert_array_equal(container.wrap_float(a * b), [10.0, 20.0, 30.0])


def test_two_dimensional_broadcast() -> None:
    container, (_, b) = broadcast(a=np.ones((2, 3)), b=[1.0, 2.0, 3.0])
    assert container.shape == (2, 3)
    assert b[1].tolist() == [1.0, 2.0, 3.0]


def test_series_index_and_name_restored() -> None:
    series = pd.Series([1.0, 2.0], index=["b", "a"], name="value")
    container, (a, b) = broadcast(a=series, b=np.array([10.0, 20.0]))
    out = container.wrap_float(a + b)
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["b", "a"]
    assert out.name == "value"
    assert out.tolist() == [11.0, 22.0]


def test_series_with_missing_values_become_nan() -> None:
    series = pd.Series([1.0, None, 3.0], dtype="Float64")
    _, (a,) = broadcast(a=series)
    assert np.isnan(a[1])


def test_misaligned_series_raise() -> None:
    with pytest.raises(InvalidInputError, match="`b` must have the same index as `a`"):
        broadcast(a=pd.Series([1.0, 2.0], index=[0, 1]), b=pd.Series([1.0, 2.0], index=[1, 0]))


def test_shape_mismatch_raises_naming_shapes() -> None:
    with pytest.raises(
        InvalidInputError, match=r"broadcastable shapes; got `a` \(2,\), `b` \(3,\)"
    ):
        broadcast(a=[1.0, 2.0], b=[1.0, 2.0, 3.0])


@pytest.mark.parametrize("bad", ["12", None, ["1", "x"], {"a": 1}])
def test_non_numeric_raises(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="`value`"):
        broadcast(value=bad)


def test_non_numeric_series_raises_with_value() -> None:
    with pytest.raises(InvalidInputError, match="`value` must be numeric; got 'x'"):
        broadcast(value=pd.Series([1.0, "x"], dtype=object))


def test_dataframe_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="not a DataFrame"):
        broadcast(value=pd.DataFrame({"a": [1.0]}))


def test_detection_without_import() -> None:
    assert is_series(pd.Series([1.0]))
    assert not is_series(np.array([1.0]))
    assert is_dataframe(pd.DataFrame())
    assert not is_dataframe([1.0])


def test_vectorize_labels_containers() -> None:
    def label(values: np.ndarray) -> np.ndarray:
        out = np.full(values.shape, None, dtype=object)
        out[values > 0] = "pos"
        return out

    assert vectorize_labels(label, "x", 1.0) == "pos"
    assert vectorize_labels(label, "x", -1.0) is None
    arr = vectorize_labels(label, "x", [1.0, -1.0])
    assert isinstance(arr, np.ndarray)
    assert arr.dtype == object
    assert arr.tolist() == ["pos", None]
    ser = vectorize_labels(label, "x", pd.Series([1.0], index=["k"]))
    assert isinstance(ser, pd.Series)
    assert ser.dtype == object
    assert ser.to_dict() == {"k": "pos"}
