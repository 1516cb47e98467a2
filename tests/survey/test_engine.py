"""The one reduction pass gives the same sums on every engine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd
import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey._engine import columns_of, engine_of, grouped_sums, require_columns


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(20241)
    frame = pd.DataFrame(
        {
            "psu": rng.integers(0, 40, 2000),
            "region": rng.choice(["Jakarta Pusat", "Jakarta Utara", "Kepulauan Seribu"], 2000),
            "y": rng.normal(10.0, 3.0, 2000),
            "w": rng.uniform(0.5, 3.0, 2000),
        }
    )
    frame.loc[[5, 17, 400], "y"] = np.nan
    return frame


def _derive(frame: Any) -> Any:
    valid = (~nw.col("y").is_null()).cast(nw.Float64)
    return frame.with_columns(wy=nw.col("w") * nw.col("y"), wv=nw.col("w") * valid)


def test_engine_names(engine: str, convert: Callable[[pd.DataFrame, str], Any]) -> None:
    data = convert(_frame(), engine)
    assert engine_of(data) == engine
    assert columns_of(data) == ["psu", "region", "y", "w"]


def test_sums_agree_with_numpy(engine: str, convert: Callable[[pd.DataFrame, str], Any]) -> None:
    frame = _frame()
    out = grouped_sums(convert(frame, engine), ["region", "psu"], ["wy", "wv"], derive=_derive)
    # independent computation with plain pandas
    expected = (
        frame.assign(wy=frame.w * frame.y.fillna(0), wv=frame.w * frame.y.notna())
        .groupby(["region", "psu"])
        .agg(wy=("wy", "sum"), wv=("wv", "sum"), _n=("w", "size"))
        .reset_index()
    )
    assert list(out.columns) == ["region", "psu", "wy", "wv", "_n"]
    np.testing.assert_allclose(
        out[["wy", "wv"]].to_numpy(), expected[["wy", "wv"]].to_numpy(), rtol=1e-12
    )
    np.testing.assert_array_equal(out["_n"].to_numpy(), expected["_n"].to_numpy())
    assert out["_n"].sum() == len(frame)  # no row dropped


def test_no_groups(engine: str, convert: Callable[[pd.DataFrame, str], Any]) -> None:
    frame = _frame()
    out = grouped_sums(convert(frame, engine), [], ["w"])
    assert out.shape == (1, 2)
    assert out["w"].iloc[0] == pytest.approx(frame.w.sum(), rel=1e-12)
    assert out["_n"].iloc[0] == len(frame)


def test_distributed_cluster_gives_the_same_sums(dask_cluster: Any) -> None:
    import dask.dataframe as dd

    frame = _frame()
    local = grouped_sums(frame, ["region"], ["wy", "wv"], derive=_derive)
    remote = grouped_sums(
        dd.from_pandas(frame, npartitions=4), ["region"], ["wy", "wv"], derive=_derive
    )
    np.testing.assert_allclose(
        remote[["wy", "wv"]].to_numpy(), local[["wy", "wv"]].to_numpy(), rtol=1e-12
    )


def test_bad_data_and_columns() -> None:
    with pytest.raises(InvalidInputError, match="`data` must be a pandas, Polars or Dask"):
        engine_of([1, 2, 3])
    with pytest.raises(InvalidInputError, match="has no column 'weight'"):
        require_columns(_frame(), ["w", "weight"])


def test_count_only_on_dask_counts_rows_not_partitions() -> None:
    import dask.dataframe as dd

    frame = _frame()
    out = grouped_sums(dd.from_pandas(frame, npartitions=3), [], [])
    assert out["_n"].iloc[0] == len(frame)
