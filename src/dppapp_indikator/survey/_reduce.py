"""Reduction helpers shared by the survey designs (Polars / Dask derivations, outcome checks).

The designs reduce a request to weighted sums in one pass (:mod:`._layer`); the row-wise
columns that pass sums, and the checks of its result (missing or non-binary outcomes), are
the same for every design and written here once.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError
from ._engine import Engine

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ._layer import Request

__all__ = [
    "check_outcome_table",
    "derive_outcomes",
    "first_non_binary",
    "outcome_names",
    "outcome_sum_columns",
    "raise_missing",
    "raise_not_binary",
]


def _narwhals() -> Any:
    import narwhals.stable.v2 as nw

    return nw


def outcome_names(request: Request) -> tuple[list[str], dict[str, str]]:
    """The outcome columns of a request (ys, then x) and their derived column names."""
    columns = [*request.ys, *([request.x] if request.x else [])]
    return columns, {c: f"_v{i}" for i, c in enumerate(columns)}


def derive_outcomes(
    frame: Any, request: Request, w_column: str, inside: Any, *, cross: bool
) -> Any:
    """Add the weighted outcome columns of ``request`` to a Narwhals frame.

    ``inside`` is a Narwhals boolean expression (the subpopulation). Columns: ``_in``,
    ``_ok`` (inside and every outcome present), the cleaned outcomes, ``_miss{i}``, ``_w``,
    ``_x``, ``_nzu``, ``_rows``, and per outcome ``_y{j}``, ``_yy{j}`` (and ``_nb{j}``,
    non-binary values, for a proportion); with ``cross`` also ``_xx``, ``_xy{j}``, ``_nzd``.
    """
    nw = _narwhals()
    columns, names = outcome_names(request)
    w = nw.col(w_column).cast(nw.Float64)
    values = {c: nw.col(c).cast(nw.Float64) for c in columns}
    valid = {c: ~(v.is_null() | v.is_nan()) for c, v in values.items()}
    all_valid: Any = nw.lit(True)
    for c in columns:
        all_valid = all_valid & valid[c]
    frame = frame.with_columns(
        _in=nw.when(inside).then(1.0).otherwise(0.0),
        _ok=nw.when(inside & all_valid).then(1.0).otherwise(0.0),
        **{names[c]: nw.when(valid[c]).then(values[c]).otherwise(0.0) for c in columns},
        **{
            f"_miss{i}": nw.when(inside & ~valid[c]).then(1.0).otherwise(0.0)
            for i, c in enumerate(columns)
        },
    )
    used = w * nw.col("_ok")
    x_value = nw.col(names[request.x]) if request.x is not None else nw.lit(1.0)
    extra: dict[str, Any] = {
        "_w": used,
        "_x": used * x_value,
        "_nzu": nw.when(used != 0).then(1.0).otherwise(0.0),
        "_rows": nw.col("_in"),
    }
    if cross:
        extra["_xx"] = used * x_value * x_value
        extra["_nzd"] = nw.when((w * nw.col("_in")) != 0).then(1.0).otherwise(0.0)
    for j, c in enumerate(request.ys):
        value = nw.col(names[c])
        extra[f"_y{j}"] = used * value
        extra[f"_yy{j}"] = used * value * value
        if cross:
            extra[f"_xy{j}"] = used * value * x_value
        if request.kind == "proportion":
            extra[f"_nb{j}"] = (
                nw.when((nw.col("_ok") > 0) & (value != 0) & (value != 1)).then(1.0).otherwise(0.0)
            )
    return frame.with_columns(**extra)


def outcome_sum_columns(request: Request, *, cross: bool) -> list[str]:
    """The columns of :func:`derive_outcomes` to sum."""
    columns, _ = outcome_names(request)
    sums = ["_w", "_x", "_nzu", "_rows", "_ok"] + (["_xx", "_nzd"] if cross else [])
    sums += [f"_miss{i}" for i in range(len(columns))]
    for j in range(len(request.ys)):
        sums += [f"_y{j}", f"_yy{j}"] + ([f"_xy{j}"] if cross else [])
        sums += [f"_nb{j}"] if request.kind == "proportion" else []
    return sums


def check_outcome_table(
    table: pd.DataFrame, inside: npt.NDArray[np.bool_], request: Request, data: Any, engine: Engine
) -> None:
    """Raise on missing (``missing="raise"``) or non-binary outcomes counted in ``table``."""
    columns, _ = outcome_names(request)
    if request.missing == "raise":
        for i, column in enumerate(columns):
            count = int(table[f"_miss{i}"].to_numpy()[inside].sum())
            if count:
                raise_missing(column, request, count, None)
    if request.kind == "proportion":
        for j, column in enumerate(request.ys):
            if table[f"_nb{j}"].to_numpy()[inside].sum() > 0:
                raise_not_binary(column, first_non_binary(data, engine, column), None)


def first_non_binary(data: Any, engine: Engine, column: str) -> Any:
    """The first value of ``column`` that is not 0/1 (error path only)."""
    nw = _narwhals()
    value = nw.col(column).cast(nw.Float64)
    condition = ~(value.is_null() | value.is_nan()) & (value != 0) & (value != 1)
    if engine == "dask":

        def pick(pdf: Any) -> Any:
            frame = nw.from_native(pdf, eager_only=True)
            return nw.to_native(frame.filter(condition).select(column).head(1))

        found = data.map_partitions(pick, meta=pick(data._meta)).compute()
    elif engine == "pandas":
        found = data.loc[
            data[column].notna() & (data[column] != 0) & (data[column] != 1), [column]
        ].head(1)
    else:
        frame = nw.from_native(data).filter(condition).select(column).head(1)
        if engine == "polars-lazy":
            frame = frame.collect()
        found = frame.to_pandas()
    if not len(found):  # pragma: no cover - only called when such a value exists
        return "a value other than 0/1"
    first = found.iloc[0, 0]
    return first.item() if hasattr(first, "item") else first


def raise_missing(column: str, request: Request, count: int, position: int | None) -> None:
    """Raise for ``count`` missing values of an outcome inside the estimation domain."""
    parameter = "x" if column == request.x else "y"
    raise InvalidInputError(
        parameter,
        f"must not be missing (column {column!r}: {count} missing values in the estimation "
        "domain; missing='drop' gives them zero weight, as R's na.rm = TRUE)",
        math.nan,
        position,
    )


def raise_not_binary(column: str, value: Any, position: int | None) -> None:
    """Raise for a proportion's outcome value that is not 0/1."""
    raise InvalidInputError(
        "y", f"must be 0/1 or boolean for a proportion (column {column!r})", value, position
    )
