"""The one reduction pass: group-by sums on pandas, Polars (eager and lazy) or Dask.

Every survey estimator reduces the microdata to small tables of weighted sums (per PSU and
domain, per cluster and age group, per region) in a single pass, then works on those tables
with numpy. This module is that pass.

* pandas and Polars (``DataFrame`` and ``LazyFrame``) go through Narwhals expressions, so a
  lazy Polars query stays lazy (and can stream) until the small result is collected.
* Dask is addressed directly: the derivation runs per partition on pandas (through Narwhals)
  with ``map_partitions``, then Dask's own ``groupby(...).sum()`` combines the partitions.
  (Narwhals is moving its Dask support to a separate package; talking to Dask directly keeps
  this path independent of that move.) A ``dask.distributed`` client, when one is active,
  runs the computation.

The result is always a small pandas DataFrame.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from .._checks import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

Engine = Literal["pandas", "polars", "polars-lazy", "dask"]
#: A row-wise derivation: takes a Narwhals frame, returns it with extra columns.
Derive = Callable[[Any], Any]

ENGINES: tuple[Engine, ...] = ("pandas", "polars", "polars-lazy", "dask")


def engine_of(data: object) -> Engine:
    """Name the engine of ``data`` (without importing libraries that are not loaded).

    Raises
    ------
    InvalidInputError
        If ``data`` is not a pandas, Polars or Dask DataFrame (or a Polars LazyFrame).
    """
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(data, pd.DataFrame):
        return "pandas"
    pl = sys.modules.get("polars")
    if pl is not None:
        if isinstance(data, pl.DataFrame):
            return "polars"
        if isinstance(data, pl.LazyFrame):
            return "polars-lazy"
    dd = sys.modules.get("dask.dataframe")
    if dd is not None and isinstance(data, dd.DataFrame):
        return "dask"
    raise InvalidInputError(
        "data",
        "must be a pandas, Polars or Dask DataFrame, or a Polars LazyFrame",
        type(data).__name__,
    )


def columns_of(data: object) -> list[str]:
    """Column names of ``data`` (without computing anything)."""
    engine = engine_of(data)
    if engine == "polars-lazy":
        return list(data.collect_schema().names())  # type: ignore[attr-defined]
    return [str(c) for c in data.columns]  # type: ignore[attr-defined]


def require_columns(data: object, names: Sequence[str], parameter: str = "data") -> None:
    """Raise naming the first of ``names`` that is not a column of ``data``."""
    available = set(columns_of(data))
    for name in names:
        if name not in available:
            raise InvalidInputError(
                parameter, f"has no column {name!r} (columns: {sorted(available)})", name
            )


def _narwhals() -> Any:
    import narwhals.stable.v2 as nw

    return nw


def grouped_sums(
    data: object,
    by: Sequence[str],
    sums: Sequence[str],
    *,
    derive: Derive | None = None,
    count: str | None = "_n",
) -> pd.DataFrame:
    """Sum columns by groups in one pass over ``data``.

    Parameters
    ----------
    data : pandas.DataFrame, polars.DataFrame, polars.LazyFrame or dask.dataframe.DataFrame
        The microdata.
    by : sequence of str
        Grouping columns (may be empty: one group).
    sums : sequence of str
        Columns to sum (after ``derive``). Missing values (null/NaN) count as 0 in a sum.
    derive : callable, optional
        Adds the columns to sum from the raw columns, written with Narwhals expressions on a
        Narwhals frame (``lambda f: f.with_columns(wy=nw.col("w") * nw.col("y"))``).
    count : str or None
        Name of an extra column holding the number of rows in each group (None: no count).

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by the ``by`` columns (which are columns, not the index),
        then the sums (float64) and the count (int64).
    """
    by = list(by)
    sums = list(sums)
    engine = engine_of(data)
    if engine == "dask":
        return _dask_sums(data, by, sums, derive, count)
    nw = _narwhals()
    frame = nw.from_native(data)
    if derive is not None:
        frame = derive(frame)
    if sums:
        frame = frame.with_columns(*[nw.col(c).cast(nw.Float64).fill_null(0.0) for c in sums])
    aggregations = [nw.col(c).sum() for c in sums]
    if count is not None:
        aggregations.append(nw.len().alias(count))
    result = frame.group_by(by).agg(*aggregations).sort(by) if by else frame.select(*aggregations)
    if engine == "polars-lazy":
        result = result.collect()
    return _finish(result.to_pandas(), sums, count)


def _finish(frame: pd.DataFrame, sums: list[str], count: str | None) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    for column in sums:
        frame[column] = frame[column].astype("float64")
    if count is not None:
        frame[count] = frame[count].astype("int64")
    return frame


def _dask_sums(
    data: Any, by: list[str], sums: list[str], derive: Derive | None, count: str | None
) -> pd.DataFrame:
    nw = _narwhals()

    def partition(pdf: Any) -> Any:
        frame = nw.from_native(pdf, eager_only=True)
        if derive is not None:
            frame = derive(frame)
        frame = frame.select(
            *by,
            *[nw.col(c).cast(nw.Float64).fill_null(0.0) for c in sums],
            *([nw.lit(1, dtype=nw.Int64).alias(count)] if count is not None else []),
        )
        return nw.to_native(frame)

    derived = data.map_partitions(partition, meta=partition(data._meta))
    if by:
        reduced = derived.groupby(by, sort=False, dropna=False).sum().compute().copy()
        reduced = reduced.reset_index().sort_values(by, kind="stable")
    else:
        reduced = derived.sum().compute().to_frame().T
    columns = [*by, *sums, *([count] if count is not None else [])]
    return _finish(reduced[columns], sums, count)
