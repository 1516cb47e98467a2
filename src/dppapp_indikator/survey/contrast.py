r"""Contrasts of survey estimates: linear and smooth functions with delta-method SEs.

A design's ``vcov`` gives the covariance matrix of the estimates of one call (all domains and
outcomes, from the same PSU totals or replicate estimates); ``contrast`` applies a linear
combination or a smooth function to them. Two *independent* rounds (two designs) compare with
:func:`compare_rounds`: their covariance is zero, so the variances add.

Every result carries the estimate, its SE, a confidence interval and the Wald test of
"contrast = 0": $z = \hat\theta / \mathrm{SE}(\hat\theta)$ with a two-sided p-value from the
normal distribution (or Student's t when ``df`` is given).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError
from ._ci import critical_value

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FloatArray: TypeAlias = npt.NDArray[np.float64]

#: Columns of a contrast result, in order.
CONTRAST_COLUMNS: tuple[str, ...] = ("estimate", "se", "ci_low", "ci_high", "statistic", "p_value")

__all__ = ["CONTRAST_COLUMNS", "compare_rounds"]


def _pandas() -> Any:
    import pandas as pd

    return pd


def _two_sided_p(statistic: FloatArray, df: float | None) -> FloatArray:
    """``2 * P(T > |z|)`` with T normal (``df`` None or infinite) or Student's t."""
    from scipy import stats

    z = np.abs(statistic)
    if df is None or math.isinf(df):
        return np.asarray(2.0 * stats.norm.sf(z), dtype=np.float64)
    return np.asarray(2.0 * stats.t.sf(z, df), dtype=np.float64)


def _check_level_df(level: float, df: float | None) -> None:
    if not 0.0 < float(level) < 1.0:
        raise InvalidInputError("level", "must lie in (0, 1)", level)
    if df is not None and not float(df) > 0:
        raise InvalidInputError("df", "must be > 0 (or None for the normal quantile)", df)


def contrast_table(
    estimate: npt.ArrayLike, se: npt.ArrayLike, *, level: float = 0.95, df: float | None = None
) -> dict[str, FloatArray]:
    """Estimate, SE, CI, Wald statistic and two-sided p-value, as arrays."""
    _check_level_df(level, df)
    est = np.atleast_1d(np.asarray(estimate, dtype=np.float64))
    s = np.atleast_1d(np.asarray(se, dtype=np.float64))
    crit = float(critical_value(level, math.inf if df is None else df))
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = np.where(s > 0, est / s, np.where(est == 0, np.nan, np.sign(est) * np.inf))
    p_value = _two_sided_p(statistic, df)
    p_value = np.where(np.isnan(statistic), np.nan, p_value)
    return {
        "estimate": est,
        "se": s,
        "ci_low": est - crit * s,
        "ci_high": est + crit * s,
        "statistic": statistic,
        "p_value": p_value,
    }


def contrast_vector(labels: Sequence[str], coefficients: Mapping[str, float]) -> FloatArray:
    """The coefficient vector over ``labels``; labels not named get 0.

    Raises
    ------
    InvalidInputError
        If a name in ``coefficients`` is not one of ``labels`` (the message lists them), a
        coefficient is not finite, or every coefficient is zero.
    """
    if not isinstance(coefficients, Mapping) or not coefficients:
        raise InvalidInputError(
            "coefficients", "must be a non-empty mapping {domain label: coefficient}", coefficients
        )
    index = {label: i for i, label in enumerate(labels)}
    vector = np.zeros(len(labels))
    for name, value in coefficients.items():
        if name not in index:
            shown = ", ".join(repr(label) for label in list(labels)[:20])
            raise InvalidInputError(
                "coefficients",
                f"names a domain that is not estimated; the domains are {shown}",
                name,
            )
        number = float(value)
        if not math.isfinite(number):
            raise InvalidInputError("coefficients", "must be finite numbers", value)
        vector[index[name]] = number
    if not vector.any():
        raise InvalidInputError("coefficients", "must not all be zero", dict(coefficients))
    return vector


def delta_method_gradient(
    function: Callable[[dict[str, float]], float], labels: Sequence[str], point: FloatArray
) -> tuple[float, FloatArray]:
    r"""Value and gradient of ``function`` at ``point`` by central differences (Richardson).

    The gradient is $\partial f / \partial \theta_j \approx
    [8 (f_{+h} - f_{-h}) - (f_{+2h} - f_{-2h})] / (12 h)$ with
    $h = 10^{-4} \max(|\theta_j|, 1)$: the truncation error is $O(h^4)$.
    """
    theta = np.asarray(point, dtype=np.float64)

    def call(values: FloatArray) -> float:
        result = function(dict(zip(labels, (float(v) for v in values), strict=True)))
        try:
            return float(result)
        except (TypeError, ValueError):
            raise InvalidInputError(
                "function", "must return one number from a dict of estimates", result
            ) from None

    value = call(theta)
    if not math.isfinite(value):
        raise InvalidInputError("function", "must be finite at the estimates", value)
    gradient = np.zeros(theta.size)
    for j in range(theta.size):
        h = 1e-4 * max(abs(theta[j]), 1.0)
        step = np.zeros(theta.size)
        step[j] = h
        first = call(theta + step) - call(theta - step)
        second = call(theta + 2 * step) - call(theta - 2 * step)
        gradient[j] = (8.0 * first - second) / (12.0 * h)
    if not np.isfinite(gradient).all():
        raise InvalidInputError(
            "function", "must be differentiable near the estimates (a gradient is not finite)"
        )
    return value, gradient


def compare_rounds(
    result_a: pd.DataFrame,
    result_b: pd.DataFrame,
    *,
    level: float = 0.95,
    df: float | None = None,
) -> pd.DataFrame:
    r"""Change between two independent survey rounds, per domain: b - a with its SE.

    Parameters
    ----------
    result_a, result_b : pandas.DataFrame
        Estimate frames of the same call on two independent samples (e.g. ``design_2021.mean(
        "y", by="kota")`` and ``design_2024.mean("y", by="kota")``): the ``by`` columns (and
        ``variable`` if present), ``estimate`` and ``se``. They must list the same domains.
    level : float
        Confidence level [share, in (0, 1)].
    df : float, optional
        Degrees of freedom of the interval and the test; None: the normal quantile.

    Returns
    -------
    pandas.DataFrame
        One row per domain in the order of ``result_a``: the key columns, ``estimate_a``,
        ``estimate_b``, then ``estimate`` (b - a), ``se``, ``ci_low``, ``ci_high``,
        ``statistic`` (z, or t with ``df``) and ``p_value`` (two-sided, "no change").

    Raises
    ------
    InvalidInputError
        If a frame lacks ``estimate`` or ``se``, the key columns differ, a domain is in one
        frame only or twice in one (the message names it), or ``level`` / ``df`` is invalid.

    Notes
    -----
    The samples are independent, so the covariance of the two estimates is zero:

    $$
    \hat\Delta = \hat\theta_b - \hat\theta_a, \qquad
    \mathrm{SE}(\hat\Delta) = \sqrt{\mathrm{SE}(\hat\theta_a)^2 + \mathrm{SE}(\hat\theta_b)^2},
    \qquad z = \hat\Delta / \mathrm{SE}(\hat\Delta).
    $$

    Two estimates from the *same* sample (two domains, two outcomes) are correlated: use the
    design's ``contrast`` instead, which uses their covariance.

    References
    ----------
    1. T. Lumley, *Complex Surveys: A Guide to Analysis Using R*, Wiley, 2010 (section 2.3).
    2. Badan Pusat Statistik, *Pedoman penghitungan sampling error*, 2019.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"kota": ["A", "B"], "estimate": [10.0, 20.0], "se": [3.0, 1.0]})
    >>> b = pd.DataFrame({"kota": ["A", "B"], "estimate": [14.0, 19.0], "se": [4.0, 1.0]})
    >>> compare_rounds(a, b)[["kota", "estimate", "se"]]
      kota  estimate        se
    0    A       4.0  5.000000
    1    B      -1.0  1.414214
    """
    pd = _pandas()
    frames = {"result_a": result_a, "result_b": result_b}
    for name, frame in frames.items():
        if not isinstance(frame, pd.DataFrame):
            raise InvalidInputError(name, "must be a pandas DataFrame of estimates", type(frame))
        for column in ("estimate", "se"):
            if column not in frame.columns:
                raise InvalidInputError(
                    name, f"must have an {column!r} column", list(frame.columns)
                )
    keys_a = _key_columns(result_a)
    keys_b = _key_columns(result_b)
    if keys_a != keys_b:
        raise InvalidInputError(
            "result_b", f"must have the same domain columns as result_a ({keys_a})", keys_b
        )
    for name, frame in frames.items():
        if keys_a and frame.duplicated(keys_a).any():
            twice = frame.loc[frame.duplicated(keys_a), keys_a].iloc[0].tolist()
            raise InvalidInputError(name, "lists a domain twice", twice)
        if not keys_a and len(frame) != 1:
            raise InvalidInputError(
                name, "must have one row when it has no domain columns", len(frame)
            )
    if keys_a:
        merged = result_a[[*keys_a, "estimate", "se"]].merge(
            result_b[[*keys_a, "estimate", "se"]],
            on=keys_a,
            how="outer",
            suffixes=("_a", "_b"),
            indicator=True,
            sort=False,
        )
        only = merged[merged["_merge"] != "both"]
        if len(only):
            row = only.iloc[0]
            where = "result_a" if row["_merge"] == "left_only" else "result_b"
            raise InvalidInputError(
                where, "has a domain the other frame lacks", row[keys_a].tolist()
            )
        merged = merged.drop(columns="_merge")
        merged = result_a[keys_a].merge(merged, on=keys_a, how="left", sort=False)
    else:
        merged = pd.DataFrame(
            {
                "estimate_a": [float(result_a["estimate"].iloc[0])],
                "se_a": [float(result_a["se"].iloc[0])],
                "estimate_b": [float(result_b["estimate"].iloc[0])],
                "se_b": [float(result_b["se"].iloc[0])],
            }
        )
    est_a = merged["estimate_a"].to_numpy(dtype=np.float64)
    est_b = merged["estimate_b"].to_numpy(dtype=np.float64)
    se = np.hypot(
        merged["se_a"].to_numpy(dtype=np.float64), merged["se_b"].to_numpy(dtype=np.float64)
    )
    table = contrast_table(est_b - est_a, se, level=level, df=df)
    out = merged[list(keys_a)].reset_index(drop=True) if keys_a else pd.DataFrame(index=[0])
    out["estimate_a"] = est_a
    out["estimate_b"] = est_b
    for column in CONTRAST_COLUMNS:
        out[column] = table[column]
    return out


_VALUE_COLUMNS = frozenset(
    {
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "df",
        "deff",
        "n",
        "n_psu",
        "statistic",
        "p_value",
        "cv",
        "var",
    }
)


def _key_columns(frame: pd.DataFrame) -> list[str]:
    """Domain columns of an estimate frame: every column before ``estimate``."""
    columns = list(frame.columns)
    position = columns.index("estimate")
    return [c for c in columns[:position] if c not in _VALUE_COLUMNS]


# -- on a design ------------------------------------------------------------------------------
def _labels(labels: pd.DataFrame, ys: tuple[str, ...], by: tuple[str, ...]) -> list[str]:
    """Estimate names as R's ``svyby``: domain, ``domain:variable`` or the variable."""
    domains = (
        [":".join(str(v) for v in row) for row in labels[list(by)].itertuples(index=False)]
        if by
        else [""]
    )
    if len(ys) == 1:
        return domains if by else [ys[0]]
    if not by:
        return list(ys)
    return [f"{d}:{y}" for y in ys for d in domains]


def _design_estimates(
    design: Any, kind: str, y: str | Sequence[str], by: Any, x: str | None, missing: str
) -> tuple[Any, Any, Any, list[str]]:
    from ._engine import require_columns
    from ._layer import ESTIMATORS, Request, as_tuple

    check_choice_kind = ("mean", "total", "ratio", "proportion")
    if kind not in check_choice_kind:
        raise InvalidInputError("kind", f"must be one of {check_choice_kind}", kind)
    if kind == "ratio" and x is None:
        raise InvalidInputError("x", "must name the denominator column for kind='ratio'", x)
    if missing not in ("raise", "drop"):
        raise InvalidInputError("missing", "must be 'raise' or 'drop'", missing)
    ys = as_tuple(y, "y")
    if not ys:
        raise InvalidInputError("y", "must name at least one column", y)
    by_columns = as_tuple(by, "by")
    require_columns(design.data, [*ys, *([x] if x else [])], "y")
    require_columns(design.data, list(by_columns), "by")
    request = Request(kind, ys, x if kind == "ratio" else None, by_columns, missing, None)  # type: ignore[arg-type]
    sums = design._reduce(request)
    engine = design._variance_engine()
    estimator = ESTIMATORS[kind]
    return sums, engine, estimator, _labels(sums.labels, ys, by_columns)


def design_vcov(
    design: Any,
    kind: str,
    y: str | Sequence[str],
    by: str | Sequence[str] | None = None,
    *,
    x: str | None = None,
    missing: str = "raise",
) -> pd.DataFrame:
    """Covariance matrix of the estimates of one call (the ``vcov`` method of the designs)."""
    pdm = _pandas()
    sums, engine, estimator, labels = _design_estimates(design, kind, y, by, x, missing)
    _, covariance = engine.covariance(estimator, sums)
    frame: pd.DataFrame = pdm.DataFrame(covariance, index=labels, columns=labels)
    return frame


def design_contrast(
    design: Any,
    kind: str,
    y: str | Sequence[str],
    by: str | Sequence[str] | None = None,
    *,
    coefficients: Mapping[str, float] | None = None,
    function: Callable[[dict[str, float]], float] | None = None,
    x: str | None = None,
    level: float = 0.95,
    df: float | None = None,
    missing: str = "raise",
) -> pd.DataFrame:
    """A linear or smooth contrast of the estimates of one call (the ``contrast`` method)."""
    from ._layer import ReplicateVariance, replicate_variance

    pdm = _pandas()
    _check_level_df(level, df)
    if (coefficients is None) == (function is None):
        raise InvalidInputError(
            "coefficients", "give exactly one of coefficients= (linear) or function= (smooth)"
        )
    sums, engine, estimator, labels = _design_estimates(design, kind, y, by, x, missing)
    values, covariance = engine.covariance(estimator, sums)
    values = np.asarray(values, dtype=np.float64)
    if function is None:
        assert coefficients is not None
        vector = contrast_vector(labels, coefficients)
        used = vector != 0
        _check_defined(values, used, labels)
        estimate = float(vector[used] @ values[used])
        variance = float(vector[used] @ covariance[np.ix_(used, used)] @ vector[used])
    else:
        if not callable(function):
            raise InvalidInputError(
                "function", "must be callable: dict of estimates -> number", function
            )
        _check_defined(values, np.ones(values.size, dtype=bool), labels)
        estimate, gradient = delta_method_gradient(function, labels, values)
        if isinstance(engine, ReplicateVariance):
            # R: the function of each replicate (svycontrast on replicate estimates)
            _, replicate = engine.replicates(estimator, sums)
            flat = replicate.reshape(replicate.shape[0], -1)
            reps = np.array(
                [float(function(dict(zip(labels, row.tolist(), strict=True)))) for row in flat]
            )
            var, _ = replicate_variance(
                reps, np.asarray(estimate), engine.scale, engine.rscales, mse=engine.mse
            )
            variance = float(var)
        else:
            variance = float(gradient @ covariance @ gradient)
    table = contrast_table(estimate, math.sqrt(max(variance, 0.0)), level=level, df=df)
    result: pd.DataFrame = pdm.DataFrame({column: table[column] for column in CONTRAST_COLUMNS})
    return result


def _check_defined(values: FloatArray, used: npt.NDArray[np.bool_], labels: list[str]) -> None:
    bad = used & ~np.isfinite(values)
    if bad.any():
        name = labels[int(np.flatnonzero(bad)[0])]
        raise InvalidInputError(
            "coefficients", "uses an estimate that is undefined (a domain without rows)", name
        )
