"""The one reduction pass: group-by sums on pandas, Polars (eager and lazy) or Dask.

Every survey estimator reduces the microdata to small tables of weighted sums (per PSU and
domain, per cluster and age group, per region) in a single pass, then works on those tables
with numpy. This module is that pass.

* pandas and Polars (``DataFrame`` and ``LazyFrame``) go through Narwhals expressions, so a
  lazy Polars query stays lazy (and can stream) until the small result is collected.
* Dask is addressed directly: with ``map_partitions``, each partition is converted to Polars
  (pandas when Polars is not installed or cannot take a column), derived through Narwhals and
  summed by groups there; Dask's own ``groupby(...).sum(split_out=1)`` then combines the small
  per-partition tables by a tree reduction (no shuffle).
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
    partial = _partial_sums(data._meta, by, sums, derive, count)
    tables = data.map_partitions(partial, meta=partial(data._meta))
    if by:
        # Each partition is already reduced to one row per group: combine the small tables by
        # a tree reduction into one output partition (no shuffle).
        grouped = tables.groupby(by, sort=False, dropna=False)
        reduced = grouped.sum(split_out=1).compute().copy()
        reduced = reduced.reset_index().sort_values(by, kind="stable")
    else:
        reduced = tables.sum().compute().to_frame().T
    columns = [*by, *sums, *([count] if count is not None else [])]
    return _finish(reduced[columns], sums, count)


def _partial_sums(
    meta: pd.DataFrame, by: list[str], sums: list[str], derive: Derive | None, count: str | None
) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """The per-partition step of the Dask path: derive the columns, then sum by groups.

    The returned function maps a pandas partition to a small pandas table: the ``by`` columns
    (null keys kept as a group), the sums (float64, nulls and NaN as 0) and the count (int64).
    The derivation runs on Polars when Polars is installed and takes the partition (much
    faster than pandas, notably on nullable integer columns), otherwise on pandas. Both routes
    give the same columns and dtypes (the key dtypes of the pandas route), so partitions may
    take different routes.
    """
    import pandas as pd

    nw = _narwhals()
    pl = _polars_or_none()

    def on_pandas(pdf: pd.DataFrame) -> pd.DataFrame:
        frame = nw.from_native(pdf, eager_only=True)
        if derive is not None:
            frame = derive(frame)
        values = [nw.col(c).cast(nw.Float64).fill_null(0.0) for c in sums]
        if not by:
            derived: Any = nw.to_native(frame.select(*values)) if sums else None
            table = {c: [float(derived[c].sum())] for c in sums}
            if count is not None:
                table[count] = [len(frame)]  # not a literal: a lone literal gives one row
            return pd.DataFrame(table)
        frame = frame.select(
            *by, *values, *([nw.lit(1, dtype=nw.Int64).alias(count)] if count is not None else [])
        )
        derived = nw.to_native(frame)
        grouped = derived.groupby(by, sort=False, dropna=False, observed=True)
        result: pd.DataFrame = grouped.sum().reset_index()
        return result

    def on_polars(pdf: pd.DataFrame) -> pd.DataFrame | None:
        try:
            converted = pl.from_pandas(pdf)
        except (TypeError, ValueError, NotImplementedError, pl.exceptions.PolarsError):
            return None  # a column Polars cannot take: the pandas route
        frame = nw.from_native(converted, eager_only=True)
        if derive is not None:
            frame = derive(frame)
        native = nw.to_native(frame)
        # fill_nan as well: on pandas, fill_null also replaces NaN (missing counts as 0).
        aggregations = [
            pl.col(c).cast(pl.Float64).fill_nan(None).fill_null(0.0).sum() for c in sums
        ]
        if count is not None:
            aggregations.append(pl.len().cast(pl.Int64).alias(count))
        table = native.group_by(by).agg(aggregations) if by else native.select(aggregations)
        return table.to_pandas()  # type: ignore[no-any-return]

    key_dtypes = on_pandas(meta).dtypes

    def partial(pdf: pd.DataFrame) -> pd.DataFrame:
        out = on_polars(pdf) if pl is not None else None
        if out is None:
            out = on_pandas(pdf)
        for column in out.columns:
            # a key keeps its partition dtype (a categorical keeps its categories)
            target = pdf[column].dtype if column in by and column in pdf else key_dtypes[column]
            if out[column].dtype != target:
                out[column] = out[column].astype(target)
        return out

    return partial


def _polars_or_none() -> Any:
    try:
        import polars as pl
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return pl
