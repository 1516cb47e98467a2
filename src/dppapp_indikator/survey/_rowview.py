"""Row-level view of a design for the estimators that need single rows (quantiles,
calibration): the columns an estimate needs read into memory in row order, the final weights,
and the variance engine (Taylor PSU totals, possibly after calibration residuals, or
replicate weights replicate by replicate, possibly recalibrated).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError
from ._variance import psu_variance

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .design import SurveyDesign
    from .replicate import ReplicateDesign

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]


def collect_columns(data: Any, engine: str, columns: Sequence[str]) -> pd.DataFrame:
    """The named columns as a pandas frame in row order (index 0 .. n-1)."""
    names = list(dict.fromkeys(columns))
    frame: pd.DataFrame
    if engine == "pandas":
        frame = data[names].reset_index(drop=True)
    elif engine == "polars":
        frame = data.select(names).to_pandas()
    elif engine == "polars-lazy":
        frame = data.select(names).collect().to_pandas()
    else:
        frame = data[names].compute().reset_index(drop=True)
    return frame


def add_column(data: Any, engine: str, name: str, function: Any, columns: Sequence[str]) -> Any:
    """``data`` with a new float column ``name = function(pandas frame of columns)``.

    The function maps a pandas frame of ``columns`` to an array of the same length; it is
    applied per partition (Dask) or per frame (pandas, Polars), so nothing is materialised
    beyond those columns.
    """
    names = list(dict.fromkeys(columns))
    if engine == "pandas":
        return data.assign(**{name: np.asarray(function(data[names]), dtype=np.float64)})
    if engine in ("polars", "polars-lazy"):
        import polars as pl

        def batch(frame: Any) -> Any:
            values = function(frame.select(names).to_pandas())
            return frame.with_columns(pl.Series(name, np.asarray(values, dtype=np.float64)))

        if engine == "polars":
            return batch(data)
        values = function(data.select(names).collect().to_pandas())
        return data.with_columns(pl.lit(pl.Series(name, np.asarray(values, dtype=np.float64))))

    def partition(pdf: Any) -> Any:
        return pdf.assign(**{name: np.asarray(function(pdf[names]), dtype=np.float64)})

    return data.map_partitions(partition, meta=partition(data._meta))


@dataclass
class TaylorEngine:
    """Taylor linearisation: rows to PSUs, strata, lonely-PSU rule, optional residuals."""

    row_psu: IntArray
    design: SurveyDesign
    residualise: Any = None  # callable (z (n, K), rows) -> PSU totals (P, K), or None

    def psu_totals_sparse(
        self, sparse: tuple[IntArray, IntArray, FloatArray], size: int, rows: pd.DataFrame
    ) -> FloatArray:
        """PSU totals (P, K) of influence values given as (row, column, value) entries."""
        if self.residualise is not None:
            return np.asarray(self.residualise(sparse, size, rows, self.row_psu))
        n_psu = len(self.design._strata_info.codes)
        row, column, value = sparse
        key = self.row_psu[row] * size + column
        totals = np.bincount(key, weights=value, minlength=n_psu * size).astype(np.float64)
        return np.asarray(totals.reshape(n_psu, size), dtype=np.float64)

    def covariance_sparse(
        self, sparse: tuple[IntArray, IntArray, FloatArray], size: int, rows: pd.DataFrame
    ) -> FloatArray:
        totals = self.psu_totals_sparse(sparse, size, rows)
        return psu_variance(
            totals, self.design._strata_info, self.design._lonely_psu, covariance=True
        )


@dataclass
class ReplicateEngine:
    """Replicate weights, yielded one replicate at a time (never all n x R at once)."""

    design: ReplicateDesign
    replicate_weights: Any  # callable rows -> iterator of (n,) replicate weights

    def replicates(self, rows: pd.DataFrame) -> Iterator[FloatArray]:
        return iter(self.replicate_weights(rows))


def row_psu_of(design: SurveyDesign, rows: pd.DataFrame) -> IntArray:
    """PSU position of each collected row, in the order of the design's PSU table."""
    if design._row_psu is not None:
        return np.asarray(design._row_psu, dtype=np.int64)
    from ._keys import _key_index

    keys = design._key_columns()
    position = np.asarray(design._psu_index.get_indexer(_key_index(rows, keys)), dtype=np.int64)
    if (position < 0).any():  # pragma: no cover - the PSU table holds every key
        raise InvalidInputError("data", "has a PSU key missing from the design's PSU table")
    return position


def key_columns(design: SurveyDesign) -> list[str]:
    """Columns needed to map rows to PSUs (none for pandas designs)."""
    return [] if design._row_psu is not None else design._key_columns()


def replicate_covariance(
    replicates: FloatArray, estimate: FloatArray, design: ReplicateDesign
) -> FloatArray:
    """``scale * sum_r rscales_r (theta_r - centre)(theta_r - centre)^T`` (R's ``svrVar``).

    ``replicates`` has shape (R, K). Replicates with an undefined value are dropped (R's
    ``na.omit``).
    """
    finite = np.isfinite(replicates).all(axis=1)
    values = replicates[finite]
    rscales = np.asarray(design._rscales, dtype=np.float64)[finite]
    if design._mse:
        centre = estimate
    else:
        counted = rscales > 0
        centre = values[counted].mean(axis=0) if counted.any() else estimate
    deviation = values - centre
    return np.asarray(design._scale * (deviation * rscales[:, None]).T @ deviation)


@dataclass
class RowView:
    """A design seen row by row: collected columns, final weights and a variance engine."""

    rows: pd.DataFrame
    weights: FloatArray
    engine: TaylorEngine | ReplicateEngine


@dataclass
class DomainRatios:
    """Estimates of ``k`` statistics in ``D`` domains (variable-major, K = k * D)."""

    estimate: FloatArray  # (K,)
    covariance: FloatArray  # (K, K)
    denominator: FloatArray  # (D,): weight (or x) total of each domain


def domain_ratios(
    view: RowView,
    numerators: Sequence[FloatArray],
    denominator: FloatArray | None,
    domain: IntArray,
    n_domains: int,
    *,
    total: bool = False,
) -> DomainRatios:
    r"""Ratios $\sum w a / \sum w b$ (or totals $\sum w a$) of every numerator in every domain,
    with their covariance matrix; rows with ``domain < 0`` are used by no estimate."""
    idx = np.flatnonzero(domain >= 0)
    dom = domain[idx]
    k = len(numerators)
    size = k * n_domains
    b = denominator[idx] if denominator is not None else None
    a = [np.asarray(values, dtype=np.float64)[idx] for values in numerators]

    def estimates(w: FloatArray) -> tuple[FloatArray, FloatArray, list[FloatArray]]:
        wi = w[idx]
        den = np.bincount(dom, weights=wi if b is None else wi * b, minlength=n_domains)
        nums: list[FloatArray] = [
            np.bincount(dom, weights=wi * values, minlength=n_domains).astype(np.float64)
            for values in a
        ]
        with np.errstate(divide="ignore", invalid="ignore"):
            if total:
                est = np.concatenate(nums)
            else:
                est = np.concatenate([np.where(den != 0, num / den, np.nan) for num in nums])
        return np.asarray(est, dtype=np.float64), np.asarray(den, dtype=np.float64), nums

    estimate, den, _ = estimates(view.weights)
    engine = view.engine
    if isinstance(engine, TaylorEngine):
        wi = view.weights[idx]
        rows_list = []
        cols_list = []
        vals_list = []
        for j in range(k):
            if total:
                z = wi * a[j]
            else:
                ratio = estimate[j * n_domains : (j + 1) * n_domains]
                safe = np.where(den != 0, den, 1.0)
                r = np.where(np.isfinite(ratio), ratio, 0.0)
                bb = 1.0 if b is None else b
                z = wi * (a[j] - r[dom] * bb) / safe[dom]
            rows_list.append(idx)
            cols_list.append(j * n_domains + dom)
            vals_list.append(z)
        sparse = (np.concatenate(rows_list), np.concatenate(cols_list), np.concatenate(vals_list))
        covariance = engine.covariance_sparse(sparse, size, view.rows)
    else:
        reps = np.array([estimates(w_r)[0] for w_r in engine.replicates(view.rows)])
        covariance = replicate_covariance(reps.reshape(-1, size), estimate, engine.design)
    undefined = ~np.isfinite(estimate)
    covariance[undefined, :] = np.nan
    covariance[:, undefined] = np.nan
    return DomainRatios(estimate, covariance, den)


def row_view(design: Any, columns: Sequence[str]) -> RowView:
    """Collect ``columns`` (plus weights and keys) of a design and attach its variance engine."""
    own = getattr(design, "_row_view", None)
    if own is not None:
        return own(columns)  # type: ignore[no-any-return]
    if getattr(design, "_variance_kind", None) == "taylor":  # a SurveyDesign
        needed = [*columns, design._weights_column, *key_columns(design)]
        rows = collect_columns(design._data, design._engine, needed)
        weights = rows[design._weights_column].to_numpy(dtype=np.float64)
        return RowView(rows, weights, TaylorEngine(row_psu_of(design, rows), design))
    return replicate_row_view(design, columns, None)


def replicate_row_view(
    design: ReplicateDesign, columns: Sequence[str], g_of: Any, data: Any = None
) -> RowView:
    """Row view of a replicate design; ``g_of(rows, r)`` rescales replicate ``r`` (or None);
    ``data`` replaces the design's data (the same rows with more columns)."""
    needed = [*columns, design._weights_column]
    base = design._design
    if base is not None:
        needed += key_columns(base)
    else:
        assert design._replicate_columns is not None
        needed += list(design._replicate_columns)
    rows = collect_columns(design._data if data is None else data, design._engine, needed)
    weights = rows[design._weights_column].to_numpy(dtype=np.float64)
    if base is not None:
        factors = design._factors
        assert factors is not None
        row_psu = row_psu_of(base, rows)

        def replicate(r: int) -> FloatArray:
            return np.asarray(weights * factors[row_psu, r], dtype=np.float64)

    else:
        names = design._replicate_columns
        assert names is not None
        factor_form = design._form == "factor"

        def replicate(r: int) -> FloatArray:
            values = rows[names[r]].to_numpy(dtype=np.float64)
            return np.asarray(values * weights if factor_form else values, dtype=np.float64)

    def generate(frame: pd.DataFrame) -> Iterator[FloatArray]:
        for r in range(design.n_replicates):
            w_r = replicate(r)
            yield w_r if g_of is None else w_r * g_of(frame, r)

    return RowView(rows, weights, ReplicateEngine(design, generate))


def domain_degrees_of_freedom(view: RowView, domain: IntArray, n_domains: int) -> FloatArray:
    """Degrees of freedom of each domain as R's ``degf`` of ``subset(design, domain)``.

    Taylor: PSUs with a non-zero weight in the domain minus their strata. Replicates: the
    rank of the domain's replicate weights minus 1.
    """
    out = np.full(n_domains, np.nan)
    used = (domain >= 0) & (view.weights != 0)
    engine = view.engine
    if isinstance(engine, TaylorEngine):
        info = engine.design._strata_info
        n_psu = len(info.codes)
        key = np.unique(domain[used] * n_psu + engine.row_psu[used])
        dom, psu = key // n_psu, key % n_psu
        n_psus = np.bincount(dom, minlength=n_domains)
        strata = np.unique(dom * info.n_strata + info.codes[psu])
        n_strata = np.bincount(strata // info.n_strata, minlength=n_domains)
        return np.asarray(n_psus - n_strata, dtype=np.float64)
    matrix = np.column_stack(list(engine.replicates(view.rows)))
    for d in range(n_domains):
        block = matrix[used & (domain == d)]
        if block.size:
            unique = np.unique(block, axis=0)
            out[d] = float(np.linalg.matrix_rank(unique) - 1)
    return out
