r"""The estimator layer shared by every survey design.

An estimate goes through three independent pieces:

1. **Reduction** (the design's): one pass over the microdata to weighted sums per
   (PSU, domain) -- a :class:`Sums` -- on pandas (``np.bincount``), Polars or Dask
   (:func:`~dppapp_indikator.survey._engine.grouped_sums`).
2. **Estimator** (written once, here): a function of domain totals ``(y, x)`` returning a
   :class:`Estimate`: the value and its partial derivatives with respect to the totals. The
   derivatives turn PSU totals into influence values (linearisation); the value, evaluated
   on replicate totals, gives the replicate estimates.
3. **Variance engine** (the design's): :class:`TaylorVariance` (stratified PSU-total
   formula with the lonely-PSU rules of R ``survey``) or :class:`ReplicateVariance`
   (replicate totals from a (PSU x replicate) factor matrix or from shipped replicate
   weight columns; no ``n x R`` weight matrix is ever built).

:class:`EstimatorMethods` gives a design its public ``mean``, ``total``, ``ratio`` and
``proportion`` from three hooks: ``_reduce(request) -> Sums``, ``_variance_engine()`` and
``_domain_df(sums, df)``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError, check_choice
from ..policies import LonelyPSUPolicy
from ._ci import (
    CI_KINDS,
    PROPORTION_CI_METHODS,
    CIKind,
    ProportionCIMethod,
    critical_value,
    logit_interval,
    proportion_interval,
    symmetric_interval,
)
from ._engine import Engine, require_columns
from ._variance import Strata, domain_psu_variance, psu_variance

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DEFF_REFERENCES",
    "ESTIMATORS",
    "SURVEY_MISSING_POLICIES",
    "DeffReference",
    "Estimate",
    "Estimator",
    "EstimatorMethods",
    "ReplicateVariance",
    "Request",
    "Restriction",
    "Sums",
    "SurveyMissingPolicy",
    "TaylorVariance",
    "Variance",
    "VarianceEngine",
    "as_tuple",
    "design_effect",
    "estimate_table",
    "influence",
    "logit_estimator",
    "ratio_estimator",
    "replicate_variance",
    "sparse_deviation",
    "total_estimator",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]

Kind: TypeAlias = Literal["mean", "total", "ratio", "proportion"]

#: Missing outcome values: ``"raise"`` (an error naming the column) or ``"drop"`` (zero weight
#: on the full design, R's ``na.rm = TRUE``; rows are never deleted).
SurveyMissingPolicy: TypeAlias = Literal["raise", "drop"]
SURVEY_MISSING_POLICIES: tuple[SurveyMissingPolicy, ...] = ("raise", "drop")

#: The simple-random-sampling variance a design effect divides by: ``"srswor"`` (without
#: replacement, R's ``deff = TRUE``) or ``"srswr"`` (with replacement, R's
#: ``deff = "replace"``).
DeffReference: TypeAlias = Literal["srswor", "srswr"]
DEFF_REFERENCES: tuple[DeffReference, ...] = ("srswor", "srswr")


# -- requests and reduced sums ------------------------------------------------------------
@dataclass(frozen=True)
class Restriction:
    """Rows with ``low <= column < high`` form the domain; all other rows get zero weight."""

    column: str
    low: float
    high: float


@dataclass(frozen=True)
class Request:
    """What to reduce: the kind, outcome columns, denominator, domains, missing policy.

    ``restriction`` (a numeric range) and ``subpopulation`` (``(column, value)`` pairs, rows
    whose column equals the value) define a subpopulation: rows outside it get zero weight.
    """

    kind: Kind
    ys: tuple[str, ...]
    x: str | None
    by: tuple[str, ...]
    missing: SurveyMissingPolicy
    restriction: Restriction | None
    subpopulation: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Sums:
    """One request reduced to weighted sums (k outcomes, D domains, P PSUs, R replicates).

    Domain totals are always present; the per-PSU arrays exist for designs with PSUs
    (Taylor, and replicates built from a design), the replicate totals for shipped
    replicate weight columns.
    """

    labels: pd.DataFrame  # D rows: the domain keys
    y: FloatArray  # (k, D): sum of w*y over the rows used
    x: FloatArray  # (D,): sum of w*x (ratio) or of w (other kinds)
    w: FloatArray  # (D,): sum of w
    yy: FloatArray  # (k, D): sum of w*y^2
    n_used: FloatArray  # (D,): rows used with non-zero weight
    rows: FloatArray  # (D,): rows of the domain
    xy: FloatArray | None = None  # (k, D): sum of w*x*y
    xx: FloatArray | None = None  # (D,): sum of w*x^2
    psu_y: FloatArray | None = None  # (k, P, D)
    psu_x: FloatArray | None = None  # (P, D)
    psu_present: BoolArray | None = None  # (P, D): PSU has rows used in the domain
    psu_nonzero_domain: FloatArray | None = None  # (P, D): domain rows with w != 0
    psu_nonzero_used: FloatArray | None = None  # (P, D): rows used with w != 0
    rep_y: FloatArray | None = None  # (R, k, D): sum of w_r*y
    rep_x: FloatArray | None = None  # (R, D): sum of w_r*x (or of w_r)

    @classmethod
    def from_psu(
        cls,
        labels: pd.DataFrame,
        *,
        y: FloatArray,
        x: FloatArray,
        w: FloatArray,
        yy: FloatArray,
        xy: FloatArray,
        xx: FloatArray,
        nonzero_domain: FloatArray,
        nonzero_used: FloatArray,
        rows: FloatArray,
        present: BoolArray,
    ) -> Sums:
        """Sums from PSU-by-domain arrays: ``y`` (k, P, D), ``x``, ``w`` (P, D), ..."""
        return cls(
            labels=labels,
            y=y.sum(axis=1),
            x=x.sum(axis=0),
            w=w.sum(axis=0),
            yy=yy,
            n_used=nonzero_used.sum(axis=0),
            rows=rows,
            xy=xy,
            xx=xx,
            psu_y=y,
            psu_x=x,
            psu_present=present,
            psu_nonzero_domain=nonzero_domain,
            psu_nonzero_used=nonzero_used,
        )

    @property
    def n_psu(self) -> FloatArray | None:
        """PSUs with rows used with non-zero weight, per domain (None: no PSUs known)."""
        if self.psu_nonzero_used is None:
            return None
        return np.asarray((self.psu_nonzero_used > 0).sum(axis=0), dtype=np.float64)


# -- estimators: functions of domain totals -----------------------------------------------
@dataclass(frozen=True)
class Estimate:
    """An estimator's value and its linearisation with respect to the totals.

    ``value`` has the shape of ``y`` (any leading axes, e.g. replicates, then (k, D));
    ``defined`` is False where the estimator is undefined (its value is then NaN). The
    partial derivatives with respect to the totals ``Y`` and ``X`` are ``d_y = scale`` and
    ``d_x = scale * x_coefficient``, so that the influence of a PSU is
    ``scale * (Y_psu + x_coefficient * X_psu)`` (for a ratio ``(Y_psu - R X_psu) / X``,
    computed in that form for accuracy).
    """

    value: FloatArray
    defined: BoolArray
    scale: FloatArray
    x_coefficient: FloatArray

    @property
    def d_y(self) -> FloatArray:
        """Partial derivative with respect to the total ``Y``."""
        return self.scale

    @property
    def d_x(self) -> FloatArray:
        """Partial derivative with respect to the total ``X``."""
        return np.asarray(self.scale * self.x_coefficient, dtype=np.float64)


#: An estimator: ``(y totals (..., k, D), x totals (..., D)) -> Estimate``.
Estimator: TypeAlias = Callable[[FloatArray, FloatArray], Estimate]


def total_estimator(y: FloatArray, x: FloatArray) -> Estimate:
    """The total $\\hat Y$: derivative 1 with respect to $Y$, 0 with respect to $X$."""
    return Estimate(
        value=y,
        defined=np.ones(y.shape, dtype=np.bool_),
        scale=np.ones_like(y),
        x_coefficient=np.zeros_like(y),
    )


def ratio_estimator(y: FloatArray, x: FloatArray) -> Estimate:
    """The ratio $\\hat R = \\hat Y / \\hat X$ (a mean or a proportion when $x = 1$).

    Derivatives $1 / X$ and $-R / X$; undefined where $X = 0$.
    """
    xs = x[..., None, :]
    defined = np.broadcast_to(xs != 0, y.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = y / xs
        safe_x = np.where(xs != 0, xs, 1.0)
        scale = np.where(defined, 1.0 / safe_x, 0.0)
        x_coefficient = np.where(defined, -ratio, 0.0)
    return Estimate(np.where(defined, ratio, np.nan), np.asarray(defined), scale, x_coefficient)


def logit_estimator(y: FloatArray, x: FloatArray) -> Estimate:
    """$\\operatorname{logit}(\\hat Y / \\hat X)$, undefined unless $0 < \\hat R < 1$."""
    inner = ratio_estimator(y, x)
    p = inner.value
    with np.errstate(divide="ignore", invalid="ignore"):
        defined = inner.defined & (p > 0.0) & (p < 1.0)
        safe = np.where(defined, p, 0.5)
        factor = np.where(defined, 1.0 / (safe * (1.0 - safe)), 0.0)
        value = np.where(defined, np.log(safe / (1.0 - safe)), np.nan)
    return Estimate(value, defined, inner.scale * factor, inner.x_coefficient)


#: The estimator of each request kind.
ESTIMATORS: dict[str, Estimator] = {
    "mean": ratio_estimator,
    "proportion": ratio_estimator,
    "ratio": ratio_estimator,
    "total": total_estimator,
}


def influence(estimate: Estimate, sums: Sums) -> FloatArray:
    """PSU totals of influence values $z_{hi}$ (k, P, D) of an estimate on ``sums``."""
    if sums.psu_y is None or sums.psu_x is None:
        raise ValueError("these sums have no PSU totals (replicate weight columns)")
    z = estimate.scale[:, None, :] * (
        sums.psu_y + estimate.x_coefficient[:, None, :] * sums.psu_x[None]
    )
    return np.asarray(np.where(estimate.defined[:, None, :], z, 0.0), dtype=np.float64)


# -- variance engines ---------------------------------------------------------------------
@dataclass(frozen=True)
class Variance:
    """An estimate with its variance: ``value``, ``variance`` (k, D) and ``defined``."""

    value: FloatArray
    variance: FloatArray
    defined: BoolArray


class VarianceEngine(Protocol):
    """How a design turns an estimator on :class:`Sums` into variances."""

    def variance(self, estimator: Estimator, sums: Sums) -> Variance:
        """The estimate (k, D) and its variance."""

    def covariance(self, estimator: Estimator, sums: Sums) -> tuple[FloatArray, FloatArray]:
        """The estimates flattened to (k * D,) and their (k * D, k * D) covariance."""


@dataclass(frozen=True)
class TaylorVariance:
    """Taylor linearisation: the stratified variance of PSU totals of influence values.

    ``lonely_psu_domain`` applies the lonely-PSU rule to strata with a single PSU inside a
    domain (R's ``options(survey.adjust.domain.lonely = TRUE)``).
    """

    strata: Strata
    lonely_psu: LonelyPSUPolicy
    lonely_psu_domain: bool = False

    def variance(self, estimator: Estimator, sums: Sums) -> Variance:
        """Per-domain variances, with R's per-domain lonely-PSU rules (``svyby``)."""
        estimate = estimator(sums.y, sums.x)
        z = influence(estimate, sums)
        k, n_psu, n_domains = z.shape
        matrix = np.ascontiguousarray(z.transpose(1, 0, 2)).reshape(n_psu, k * n_domains)
        present = None
        if sums.psu_present is not None:
            present = np.tile(sums.psu_present, (1, k))
        variance = domain_psu_variance(
            matrix, self.strata, self.lonely_psu, present=present, domain=self.lonely_psu_domain
        ).reshape(k, n_domains)
        return Variance(
            estimate.value, np.where(estimate.defined, variance, np.nan), estimate.defined
        )

    def covariance(self, estimator: Estimator, sums: Sums) -> tuple[FloatArray, FloatArray]:
        """Covariance of all estimates on the full design (R ``svyby(covmat = TRUE)``)."""
        estimate = estimator(sums.y, sums.x)
        z = influence(estimate, sums)
        k, n_psu, n_domains = z.shape
        matrix = np.ascontiguousarray(z.transpose(1, 0, 2)).reshape(n_psu, k * n_domains)
        cov = psu_variance(matrix, self.strata, self.lonely_psu, covariance=True)
        undefined = ~estimate.defined.reshape(-1)
        cov[undefined, :] = np.nan
        cov[:, undefined] = np.nan
        return estimate.value.reshape(-1), cov


@dataclass(frozen=True)
class ReplicateVariance:
    """Replicate variance $c \\sum_r c_r (\\hat\\theta_r - \\tilde\\theta)^2$ (R ``svrVar``).

    Replicate totals come from ``factors`` (PSU x replicate) applied to the PSU totals of
    :class:`Sums`, or, when ``factors`` is None, from the replicate totals of the sums.
    """

    factors: FloatArray | None
    scale: float
    rscales: FloatArray
    mse: bool
    warn: bool = field(default=True)
    #: ``(factors - 1)^T`` as a scipy sparse matrix (R, P) when the factors are mostly 1
    #: (jackknives: only a replicate's own stratum differs), from :func:`sparse_deviation`
    deviation: Any = None

    def replicate_totals(self, sums: Sums) -> tuple[FloatArray, FloatArray]:
        """Replicate totals ``(y (R, k, D), x (R, D))``.

        From factors: ``T_r = sum_p a_pr T_p``, one matrix product over all outcomes and
        domains, computed as ``T + (a - 1)^T T_p`` with a sparse ``a - 1`` when given.
        """
        if self.factors is None:
            if sums.rep_y is None or sums.rep_x is None:
                raise ValueError("these sums have no replicate totals")
            return sums.rep_y, sums.rep_x
        if sums.psu_y is None or sums.psu_x is None:
            raise ValueError("these sums have no PSU totals")
        k, n_psu, n_domains = sums.psu_y.shape
        stacked = np.empty((n_psu, (k + 1) * n_domains), dtype=np.float64)
        stacked[:, : k * n_domains] = sums.psu_y.transpose(1, 0, 2).reshape(n_psu, -1)
        stacked[:, k * n_domains :] = sums.psu_x
        if self.deviation is not None:
            product = stacked.sum(axis=0)[None, :] + np.asarray(self.deviation @ stacked)
        else:
            product = self.factors.T @ stacked
        n_replicates = product.shape[0]
        y_rep = product[:, : k * n_domains].reshape(n_replicates, k, n_domains)
        x_rep = product[:, k * n_domains :]
        return np.ascontiguousarray(y_rep), np.ascontiguousarray(x_rep)

    def replicates(self, estimator: Estimator, sums: Sums) -> tuple[Estimate, FloatArray]:
        """The full-sample estimate and the replicate estimates (R, k, D)."""
        estimate = estimator(sums.y, sums.x)
        y_rep, x_rep = self.replicate_totals(sums)
        with np.errstate(divide="ignore", invalid="ignore"):
            replicate = estimator(y_rep, x_rep).value
        return estimate, np.asarray(replicate, dtype=np.float64)

    def variance(self, estimator: Estimator, sums: Sums) -> Variance:
        """Per-domain replicate variances (undefined replicates dropped, as R)."""
        estimate, replicate = self.replicates(estimator, sums)
        variance, dropped = replicate_variance(
            replicate, estimate.value, self.scale, self.rscales, mse=self.mse
        )
        count = int((dropped & estimate.defined & (sums.rows > 0)[None, :]).sum())
        if count and self.warn:
            warnings.warn(
                f"{count} estimate(s) had replicates with an undefined value (a zero "
                "denominator: the domain has no weight in that replicate); those replicates "
                "were dropped, as R's svrVar (na.action = na.omit)",
                RuntimeWarning,
                stacklevel=5,
            )
        return Variance(
            estimate.value, np.where(estimate.defined, variance, np.nan), estimate.defined
        )

    def covariance(self, estimator: Estimator, sums: Sums) -> tuple[FloatArray, FloatArray]:
        """Covariance of all estimates from the replicate estimates (R's ``svrVar``)."""
        estimate, replicate = self.replicates(estimator, sums)
        flat = replicate.reshape(replicate.shape[0], -1)
        centre = estimate.value.reshape(-1) if self.mse else np.nanmean(flat, axis=0)
        deviation = np.nan_to_num(flat - centre[None, :])
        cov = self.scale * (deviation * self.rscales[:, None]).T @ deviation
        undefined = ~estimate.defined.reshape(-1)
        cov[undefined, :] = np.nan
        cov[:, undefined] = np.nan
        return estimate.value.reshape(-1), np.asarray(cov, dtype=np.float64)


#: Below this share of factors different from 1, replicate totals use a sparse product
SPARSE_DENSITY = 0.3


def sparse_deviation(factors: FloatArray) -> Any:
    """``(factors - 1)^T`` as a scipy CSR matrix (R, P), or False when it is not sparse."""
    deviation = factors - 1.0
    if np.count_nonzero(deviation) > SPARSE_DENSITY * deviation.size:
        return False
    from scipy import sparse

    return sparse.csr_matrix(deviation.T)


def replicate_variance(
    replicate: FloatArray,
    estimate: FloatArray,
    scale: float,
    rscales: FloatArray,
    *,
    mse: bool,
) -> tuple[FloatArray, BoolArray]:
    """``scale * sum_r rscales_r (theta_r - centre)^2`` over defined replicates (R's svrVar).

    ``replicate`` has shape (R, ...); undefined (non-finite) replicates are dropped with
    their rscales, as R's ``na.omit``. Returns the variances and where any was dropped.
    """
    finite = np.isfinite(replicate)
    weights = rscales.reshape((-1,) + (1,) * (replicate.ndim - 1))
    values = np.where(finite, replicate, 0.0)
    if mse:
        centre = estimate
    else:
        counted = finite & (weights > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            centre = np.where(counted, values, 0.0).sum(axis=0) / counted.sum(axis=0)
    deviation = np.where(finite, values - centre, 0.0)
    variance = scale * np.sum(weights * deviation * deviation, axis=0)
    none_left = ~finite.any(axis=0)
    variance = np.where(none_left, np.nan, variance)
    dropped = np.asarray(~finite.all(axis=0), dtype=np.bool_)
    return np.asarray(variance, dtype=np.float64), dropped


# -- design effect --------------------------------------------------------------------------
def design_effect(
    kind: Kind, sums: Sums, variance: FloatArray, estimate: FloatArray, deff: DeffReference
) -> FloatArray:
    """Variance over the SRS variance (R ``deff``); a ratio needs ``sums.xy`` / ``xx``."""
    n = sums.n_used.astype(np.float64)
    w_total = sums.w
    if kind == "ratio" and (sums.xy is None or sums.xx is None):
        return np.full_like(estimate, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "ratio":
            assert sums.xy is not None and sums.xx is not None
            # R: deff(svytotal(r, design)) with r = (y - R x) / X, whose weighted mean is 0
            r = estimate
            spread = (sums.yy - 2.0 * r * sums.xy + r * r * sums.xx[None, :]) / (
                sums.x[None, :] ** 2
            )
        else:
            spread = sums.yy - sums.y**2 / w_total[None, :]  # sum w (y - ybar)^2
        # svyvar: s^2 = n / (n - 1) * sum w (v - vbar)^2 / N
        s2 = n / (n - 1.0) * spread / w_total
        if deff == "srswor":
            factor = np.where(w_total > n, (w_total - n) / (w_total * n), np.nan)
        else:
            factor = 1.0 / n
        scale = w_total**2 if kind in ("total", "ratio") else np.ones_like(w_total)
        reference = s2 * scale * factor
        result = np.where((reference > 0) & (n > 1), variance / reference, np.nan)
    return np.asarray(result, dtype=np.float64)


# -- from sums to the result table -----------------------------------------------------------
def estimate_table(
    request: Request,
    sums: Sums,
    engine: VarianceEngine,
    *,
    ci: CIKind | ProportionCIMethod,
    level: float,
    df: float | None,
    df_column: FloatArray,
    deff: DeffReference,
    many: bool,
    ratio_deff: bool = True,
) -> pd.DataFrame:
    """The result frame of a request: one row per domain (and outcome).

    Every domain of ``sums.labels`` gives a row; a domain without rows has ``n = 0`` and NaN
    estimates.
    """
    import pandas as pd

    estimator = ESTIMATORS[request.kind]
    result = engine.variance(estimator, sums)
    empty = (sums.rows <= 0)[None, :] if request.by else np.zeros((1, 1), dtype=np.bool_)
    estimate = np.where(empty, np.nan, result.value)
    variance = np.where(empty, np.nan, result.variance)
    se = np.sqrt(np.maximum(variance, 0.0))
    k, n_domains = estimate.shape
    if request.kind == "ratio" and not ratio_deff:
        deffs = np.full_like(estimate, np.nan)
    else:
        deffs = design_effect(request.kind, sums, variance, estimate, deff)
    lows = np.empty_like(estimate)
    highs = np.empty_like(estimate)
    if request.kind == "proportion" and ci == "logit":
        logit = engine.variance(logit_estimator, sums)
        se_logit = np.sqrt(np.maximum(logit.variance, 0.0))
        q = critical_value(level, df_column)
        for j in range(k):
            lows[j], highs[j] = logit_interval(estimate[j], se_logit[j], q)
    else:
        for j in range(k):
            if request.kind == "proportion":
                lows[j], highs[j] = proportion_interval(
                    "logit" if ci == "xlogit" else ci,  # type: ignore[arg-type]
                    estimate[j],
                    se[j],
                    level=level,
                    df=df_column,
                    n_used=sums.n_used.astype(np.float64),
                    n_rows=sums.rows,
                )
            else:
                quantile_df = df_column if (df is not None or ci == "t") else np.inf
                q = critical_value(level, np.broadcast_to(quantile_df, (n_domains,)))
                lows[j], highs[j] = symmetric_interval(estimate[j], se[j], q)
    n_psu = sums.n_psu
    if n_psu is None:
        n_psu_column: Any = pd.array([pd.NA] * n_domains, dtype="Int64")
    else:
        n_psu_column = n_psu.astype(np.int64)
    labels = sums.labels.reset_index(drop=True)
    label_columns = {name: labels[name].array for name in labels.columns} if request.by else {}
    frames = []
    for j, column in enumerate(request.ys):
        columns: dict[str, Any] = (
            {"variable": np.full(n_domains, column, dtype=object)} if many else {}
        )
        columns.update(label_columns)
        columns.update(
            estimate=estimate[j],
            se=se[j],
            ci_low=lows[j],
            ci_high=highs[j],
            df=df_column,
            deff=deffs[j],
            n=sums.n_used.astype(np.int64),
            n_psu=n_psu_column,
        )
        frames.append(pd.DataFrame(columns, index=pd.RangeIndex(n_domains)))
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return out.reset_index(drop=True)


def as_tuple(columns: str | Sequence[str] | None, parameter: str) -> tuple[str, ...]:
    """Column name(s) as a tuple (empty for None)."""
    if columns is None:
        return ()
    if isinstance(columns, str):
        return (columns,)
    names = tuple(columns)
    if not names or not all(isinstance(c, str) for c in names):
        raise InvalidInputError(
            parameter, "must be a column name or a list of column names", columns
        )
    return names


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# -- the public estimators of every design ---------------------------------------------------
class EstimatorMethods:
    """``mean``, ``total``, ``ratio`` and ``proportion`` of a design, written once.

    A design provides ``_data``, ``_reduce(request) -> Sums``, ``_variance_engine()`` and
    ``_domain_df(sums, df) -> ndarray``; it may set ``_ratio_deff = False``.
    """

    __slots__ = ()
    _ratio_deff: bool = True
    _data: Any
    _engine: Engine
    _weights_column: str

    # -- immutability (every design is immutable) -------------------------------------
    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        slots: tuple[str, ...] = getattr(type(self), "__slots__", ())
        return {name: getattr(self, name) for name in slots if hasattr(self, name)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    # -- read-only description -----------------------------------------------------------
    @property
    def data(self) -> Any:
        """The data the design was built on (Polars / Dask: with a row-number column when
        each row is its own PSU)."""
        return self._data

    @property
    def engine(self) -> Engine:
        """The data's engine: "pandas", "polars", "polars-lazy" or "dask"."""
        return self._engine

    @property
    def weights(self) -> str:
        """The (full-sample) weight column."""
        return self._weights_column

    def _reduce(self, request: Request) -> Sums:  # pragma: no cover - abstract
        raise NotImplementedError

    def _variance_engine(self) -> VarianceEngine:  # pragma: no cover - abstract
        raise NotImplementedError

    def _domain_df(self, sums: Sums, df: float | None) -> FloatArray:  # pragma: no cover
        raise NotImplementedError

    def _estimate(
        self,
        request: Request,
        *,
        ci: CIKind | ProportionCIMethod,
        level: float,
        df: float | None,
        deff: DeffReference,
        many: bool,
    ) -> pd.DataFrame:
        if request.kind == "proportion":
            check_choice("ci_method", ci, PROPORTION_CI_METHODS)
        else:
            check_choice("ci", ci, CI_KINDS)
        check_choice("missing", request.missing, SURVEY_MISSING_POLICIES)
        check_choice("deff", deff, DEFF_REFERENCES)
        if not (_is_number(level) and 0.0 < float(level) < 1.0):
            raise InvalidInputError("level", "must be in (0, 1)", level)
        if df is not None and not (_is_number(df) and float(df) > 0):
            raise InvalidInputError("df", "must be > 0 (math.inf for the normal quantile)", df)
        data = self._data
        columns = [*request.ys, *([request.x] if request.x else [])]
        require_columns(data, columns, "y")
        require_columns(data, list(request.by), "by")
        if request.restriction is not None:
            require_columns(data, [request.restriction.column], "age")
        require_columns(data, [column for column, _ in request.subpopulation], "sex")
        sums = self._reduce(request)
        return estimate_table(
            request,
            sums,
            self._variance_engine(),
            ci=ci,
            level=float(level),
            df=df,
            df_column=self._domain_df(sums, df),
            deff=deff,
            many=many,
            ratio_deff=self._ratio_deff,
        )

    def _estimate_columns(
        self,
        kind: Kind,
        y: str | Sequence[str],
        x: str | None,
        by: str | Sequence[str] | None,
        missing: SurveyMissingPolicy,
        *,
        ci: CIKind | ProportionCIMethod,
        level: float,
        df: float | None,
        deff: DeffReference,
    ) -> pd.DataFrame:
        """A public estimator's call: the request of ``kind`` on the named columns, estimated."""
        request = Request(kind, as_tuple(y, "y"), x, as_tuple(by, "by"), missing, None)
        return self._estimate(
            request, ci=ci, level=level, df=df, deff=deff, many=not isinstance(y, str)
        )

    def mean(
        self,
        y: str | Sequence[str],
        by: str | Sequence[str] | None = None,
        *,
        missing: SurveyMissingPolicy = "raise",
        ci: CIKind = "normal",
        level: float = 0.95,
        df: float | None = None,
        deff: DeffReference = "srswor",
    ) -> pd.DataFrame:
        r"""Weighted mean with its design-based SE, per domain (R ``svymean`` / ``svyby``).

        Parameters
        ----------
        y : str or list of str
            Outcome column(s) [numeric or boolean]; several are estimated in the same pass
            (the output then has a ``variable`` column).
        by : str or list of str, optional
            Domain columns. Domains are estimated over the full design (zero weight outside
            the domain), never by deleting rows; rows with a missing ``by`` value belong to
            no domain (as R's ``svyby``). A domain without rows (e.g. outside an age
            restriction) keeps its row with ``n = 0`` and NaN estimates.
        missing : {"raise", "drop"}
            Missing outcome values in the domain: ``"raise"`` (error naming the column, the
            count and the first position) or ``"drop"`` (R's ``na.rm = TRUE``: the rows
            missing any of the requested columns get zero weight; the design keeps all PSUs).
        ci : {"normal", "t"}
            Quantile of the interval: normal (R's ``confint`` default) or Student's t with
            ``df``.
        level : float
            Confidence level [share, in (0, 1)].
        df : float, optional
            Degrees of freedom; default the design's (Taylor design by domain: its PSUs with
            non-zero weight minus its strata). A given ``df`` is always honoured: the
            interval then uses t with it whatever ``ci`` (as R's ``confint(..., df = )``).
        deff : {"srswor", "srswr"}
            Reference variance of the design effect: SRS without replacement (R
            ``deff = TRUE``) or with replacement (R ``deff = "replace"``).

        Returns
        -------
        pandas.DataFrame
            One row per domain (and variable): the ``by`` columns, then ``estimate``,
            ``se``, ``ci_low``, ``ci_high``, ``df``, ``deff``, ``n`` (rows used with non-zero
            weight) and ``n_psu`` (PSUs with such rows; missing for shipped replicate
            weights).

        Raises
        ------
        InvalidInputError
            If a column does not exist or is not numeric, if an outcome is missing under
            ``missing="raise"``, or if a policy or ``level`` / ``df`` is invalid.

        Notes
        -----
        The mean of domain $d$ is the ratio $\hat R_d = \hat Y_d / \hat X_d$ with
        $x_i = 1$. A Taylor design sums its influence values
        $u_i = w_i \, \delta_{di} (y_i - \hat R_d) / \hat X_d$ to PSU totals $z_{hi}$:

        $$
        \hat V(\hat R_d) = \sum_h (1 - f_h) \frac{n_h}{n_h - 1}
                           \sum_i (z_{hi} - \bar z_h)^2 ;
        $$

        a replicate design recomputes $\hat R_d$ with each replicate's totals and takes
        $c \sum_r c_r (\hat R_{d,r} - \tilde R_d)^2$.

        The design effect is $\hat V / \hat V_\mathrm{SRS}$ with
        $\hat V_\mathrm{SRS} = s^2 (\hat N - n) / (\hat N n)$ (``"srswor"``) or $s^2 / n$
        (``"srswr"``), $s^2 = \frac{n}{n-1} \sum w (y - \hat R)^2 / \hat N$ over the $n$
        rows used with non-zero weight, $\hat N$ their weight total; NaN when
        $\hat N \le n$ under ``"srswor"`` (R: NA or Inf).

        References
        ----------
        1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.5
           (``svymean``, ``svyby``), 2025.
        2. T. Lumley, *Complex Surveys: A Guide to Analysis Using R*, Wiley, 2010.

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator.survey.design import SurveyDesign
        >>> data = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "w": [2.0] * 6,
        ...                      "region": ["x", "y", "x", "y", "x", "y"],
        ...                      "y": [1.0, 2.0, 3.0, 4.0, 5.0, 9.0]})
        >>> design = SurveyDesign(data, weights="w", psu="psu")
        >>> design.mean("y", by="region")[["region", "estimate", "se", "n"]].round(4)
          region  estimate      se  n
        0      x       3.0  1.1547  3
        1      y       5.0  2.0817  3
        """
        return self._estimate_columns(
            "mean", y, None, by, missing, ci=ci, level=level, df=df, deff=deff
        )

    def total(
        self,
        y: str | Sequence[str],
        by: str | Sequence[str] | None = None,
        *,
        missing: SurveyMissingPolicy = "raise",
        ci: CIKind = "normal",
        level: float = 0.95,
        df: float | None = None,
        deff: DeffReference = "srswor",
    ) -> pd.DataFrame:
        r"""Weighted total with its design-based SE, per domain (R ``svytotal`` / ``svyby``).

        Parameters
        ----------
        y : str or list of str
            Outcome column(s) [numeric or boolean].
        by : str or list of str, optional
            Domain columns (zero weight outside the domain, never deleted rows).
        missing : {"raise", "drop"}
            Missing outcome policy, as in :meth:`mean`.
        ci : {"normal", "t"}
            Quantile of the interval, as in :meth:`mean`.
        level : float
            Confidence level [share, in (0, 1)].
        df : float, optional
            Degrees of freedom (default: design or domain df), as in :meth:`mean`.
        deff : {"srswor", "srswr"}
            Reference variance of the design effect, as in :meth:`mean`.

        Returns
        -------
        pandas.DataFrame
            As :meth:`mean`; ``estimate`` is the weighted total [units of y].

        Raises
        ------
        InvalidInputError
            As :meth:`mean`.

        Notes
        -----
        $\hat Y_d = \sum_i w_i \delta_{di} y_i$; the influence values are
        $u_i = w_i \delta_{di} y_i$, and the variance is that of :meth:`mean`. The design
        effect divides by $s^2 \hat N^2 (\hat N - n) / (\hat N n)$ (``"srswor"``) or
        $s^2 \hat N^2 / n$.

        References
        ----------
        1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.5
           (``svytotal``), 2025.

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator.survey.design import SurveyDesign
        >>> data = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "w": [2.0] * 6,
        ...                      "y": [1.0, 2.0, 3.0, 4.0, 5.0, 9.0]})
        >>> SurveyDesign(data, weights="w", psu="psu").total("y")[["estimate", "se"]].round(3)
           estimate      se
        0      48.0  19.287
        """
        return self._estimate_columns(
            "total", y, None, by, missing, ci=ci, level=level, df=df, deff=deff
        )

    def ratio(
        self,
        y: str | Sequence[str],
        x: str,
        by: str | Sequence[str] | None = None,
        *,
        missing: SurveyMissingPolicy = "raise",
        ci: CIKind = "normal",
        level: float = 0.95,
        df: float | None = None,
        deff: DeffReference = "srswor",
    ) -> pd.DataFrame:
        r"""Ratio of two weighted totals with its design-based SE (R ``svyratio``).

        Parameters
        ----------
        y : str or list of str
            Numerator column(s) [numeric].
        x : str
            Denominator column [numeric].
        by : str or list of str, optional
            Domain columns (zero weight outside the domain, never deleted rows).
        missing : {"raise", "drop"}
            Missing policy for the numerator and denominator columns (``"drop"``: a row
            missing any of them gets zero weight, as R's ``na.rm = TRUE``).
        ci : {"normal", "t"}
            Quantile of the interval, as in :meth:`mean`.
        level : float
            Confidence level [share, in (0, 1)].
        df : float, optional
            Degrees of freedom (default: design or domain df), as in :meth:`mean`.
        deff : {"srswor", "srswr"}
            Reference variance of the design effect (as R: ``deff(svytotal(r, design))``
            of the linearised variable $r$; NaN for shipped replicate weights).

        Returns
        -------
        pandas.DataFrame
            As :meth:`mean`; ``estimate`` is $\hat Y / \hat X$.

        Raises
        ------
        InvalidInputError
            As :meth:`mean`.

        Notes
        -----
        $\hat R_d = \hat Y_d / \hat X_d$ with influence values
        $u_i = w_i \delta_{di} (y_i - \hat R_d x_i) / \hat X_d$:

        $$
        \hat V(\hat R_d) = \sum_h (1 - f_h) \frac{n_h}{n_h - 1}
                           \sum_i (z_{hi} - \bar z_h)^2 ,\qquad
        z_{hi} = \sum_{k \in hi} u_k ,
        $$

        or the replicate variance of $\hat Y_{d,r} / \hat X_{d,r}$.

        References
        ----------
        1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.5
           (``svyratio``), 2025.

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator.survey.design import SurveyDesign
        >>> data = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "w": [2.0] * 6,
        ...                      "y": [1.0, 2.0, 3.0, 4.0, 5.0, 9.0],
        ...                      "x": [2.0, 2.0, 4.0, 4.0, 6.0, 6.0]})
        >>> SurveyDesign(data, weights="w", psu="psu").ratio("y", "x")[["estimate", "se"]].round(4)
           estimate     se
        0       1.0  0.125
        """
        if not isinstance(x, str):
            raise InvalidInputError("x", "must be a column name (str)", x)
        return self._estimate_columns(
            "ratio", y, x, by, missing, ci=ci, level=level, df=df, deff=deff
        )

    def proportion(
        self,
        y: str | Sequence[str],
        by: str | Sequence[str] | None = None,
        *,
        ci_method: ProportionCIMethod = "logit",
        missing: SurveyMissingPolicy = "raise",
        level: float = 0.95,
        df: float | None = None,
        deff: DeffReference = "srswor",
    ) -> pd.DataFrame:
        r"""Proportion of a 0/1 outcome with its SE and interval (R ``svyciprop``).

        Parameters
        ----------
        y : str or list of str
            Binary outcome column(s): 0/1 or boolean.
        by : str or list of str, optional
            Domain columns (zero weight outside the domain, never deleted rows).
        ci_method : {"logit", "xlogit", "wald", "wilson", "beta"}
            The interval, as R's ``svyciprop`` methods: ``"logit"`` (default; the interval
            on the logit scale with the design variance of the logit itself: on a
            replicate design the replicate variance of $\operatorname{logit}\hat p_r$),
            ``"xlogit"`` (the logit interval with the delta-method SE
            $\mathrm{SE}(\hat p) / (\hat p (1 - \hat p))$; on a Taylor design the same as
            ``"logit"``), Wald (clipped to [0, 1]), Wilson with the effective sample size,
            or Korn-Graubard ``"beta"``.
        missing : {"raise", "drop"}
            Missing outcome policy, as in :meth:`mean`.
        level : float
            Confidence level [share, in (0, 1)].
        df : float, optional
            Degrees of freedom of the t quantile; default the design's, or for a Taylor
            design the domain's (its PSUs with non-zero weight minus its strata), as R's
            ``svyciprop`` (``df = degf(design)``). ``math.inf`` gives the normal quantile.
        deff : {"srswor", "srswr"}
            Reference variance of the design effect, as in :meth:`mean`.

        Returns
        -------
        pandas.DataFrame
            As :meth:`mean`; ``estimate``, ``ci_low`` and ``ci_high`` are shares [0-1].

        Raises
        ------
        InvalidInputError
            If an outcome value is not 0, 1 or boolean (the message names it), and as
            :meth:`mean`.

        Notes
        -----
        $\hat p_d$ is the weighted mean of the 0/1 outcome with the SE of :meth:`mean`.
        ``"logit"`` (R ``svyciprop(method = "logit")``):

        $$
        \operatorname{expit}\Bigl(\operatorname{logit}\hat p \pm t_{df,\,1-\alpha/2}\,
        \mathrm{SE}(\operatorname{logit}\hat p)\Bigr) ,
        $$

        with the linearised $\mathrm{SE}(\operatorname{logit}\hat p) =
        \mathrm{SE}(\hat p) / (\hat p (1 - \hat p))$ on a Taylor design and the replicate
        SE of the replicate logits on a replicate design (``"xlogit"`` always uses the
        linearised form). ``"beta"`` (Korn-Graubard): $n_\mathrm{eff} = \hat p (1 - \hat
        p) / \hat V \cdot (t_{n-1,\alpha/2} / t_{df,\alpha/2})^2$, then the
        Clopper-Pearson beta quantiles at $n_\mathrm{eff}$, with $n$ the domain's rows. At
        $\hat p = 0$ or 1 the SE is 0: ``"logit"``, ``"xlogit"`` and ``"wald"`` give
        $[\hat p, \hat p]$; ``"wilson"`` and ``"beta"`` use $n_\mathrm{eff} = n$ (rows
        used), so ``"beta"`` gives $[0, 1 - (\alpha/2)^{1/n_\mathrm{eff}}]$ at
        $\hat p = 0$ (R returns NaN there).

        References
        ----------
        1. E. L. Korn and B. I. Graubard, "Confidence intervals for proportions with small
           expected number of positive counts estimated from survey data", *Survey
           Methodology* 24(2), 193-201, 1998.
        2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.5
           (``svyciprop``), 2025.

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator.survey.design import SurveyDesign
        >>> data = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4], "w": [1.0] * 8,
        ...                      "violence": [1, 0, 0, 0, 1, 1, 0, 0]})
        >>> out = SurveyDesign(data, weights="w", psu="psu").proportion("violence")
        >>> out[["estimate", "se", "ci_low", "ci_high", "df"]].round(4)
           estimate      se  ci_low  ci_high   df
        0     0.375  0.2394  0.0227   0.9393  3.0
        """
        return self._estimate_columns(
            "proportion", y, None, by, missing, ci=ci_method, level=level, df=df, deff=deff
        )
