r"""Weighted quantiles under R ``survey``'s rules, and Woodruff confidence intervals.

The rules are the ``qrule`` functions of R ``survey`` (version 4.1 and later), named as R names
them: ``"math"`` (the default: the smallest value whose cumulative weight share reaches $p$,
identical to ``"hf1"``), ``"school"``, ``"shahvaish"`` and the weighted Hyndman-Fan rules
``"hf1"`` to ``"hf9"``. Rows with zero weight are ignored, as in R.

A Woodruff interval (R's ``interval.type = "mean"``) inverts an interval for the estimated
distribution function at the quantile: $\hat p = \hat F(\hat q)$ with its design-based SE, the
interval $\hat p \mp c \, \mathrm{SE}(\hat p)$, and the same rule applied at its two ends.
The design supplies $\hat p$ and its SE (see ``SurveyDesign.quantile``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError, check_choice

FloatArray: TypeAlias = npt.NDArray[np.float64]

QuantileRule: TypeAlias = Literal[
    "math", "school", "shahvaish", "hf1", "hf2", "hf3", "hf4", "hf5", "hf6", "hf7", "hf8", "hf9"
]
#: The quantile rules, named as R ``survey``'s ``qrule`` argument.
QUANTILE_RULES: tuple[QuantileRule, ...] = get_args(QuantileRule)

__all__ = ["QUANTILE_RULES", "QuantileRule", "weighted_quantile", "woodruff_interval"]


def _sequential_sum(values: FloatArray) -> float:
    """Sum accumulated in order in extended precision, then rounded (R's ``sum``)."""
    if values.size == 0:
        return 0.0
    return float(np.cumsum(values, dtype=np.longdouble)[-1])


def _cumulative(values: FloatArray) -> FloatArray:
    """Partial sums accumulated in extended precision, each rounded (R's ``cumsum``)."""
    return np.cumsum(values, dtype=np.longdouble).astype(np.float64)


class _Sorted:
    """One group's values sorted (stable), with zero weights removed."""

    __slots__ = ("cumw", "n", "total", "w", "x")

    def __init__(self, values: FloatArray, weights: FloatArray) -> None:
        keep = weights != 0
        x = values[keep]
        w = weights[keep]
        self.total = _sequential_sum(w)  # R: sum(w) in row order
        order = np.argsort(x, kind="stable")
        self.x = x[order]
        self.w = w[order]
        self.cumw = _cumulative(self.w)
        self.n = int(self.x.size)


def _qs(x: FloatArray, cumw: FloatArray, total: float, p: float) -> tuple[int, int, float, float]:
    """R ``survey:::qs``: the last position whose cumulative weight is <= p * total."""
    n = x.size
    pos = max(int(np.searchsorted(cumw, p * total, side="right")) - 1, 0)
    nxt = pos if pos == n - 1 else pos + 1
    wlow = p - cumw[pos] / total
    wup = cumw[nxt] / total - p
    return pos, nxt, float(wlow), float(wup)


def _interp(pk: FloatArray, x: FloatArray, p: float) -> float:
    """R ``approx(pk, x, p, method = "linear", rule = 2)``."""
    return float(np.interp(p, pk, x))


def _quantile_sorted(group: _Sorted, p: float, rule: QuantileRule) -> float:
    x, w, cumw, n = group.x, group.w, group.cumw, group.n
    if n == 0:
        return math.nan
    if rule in ("math", "hf1", "school", "hf2", "hf4"):
        pos, nxt, wlow, wup = _qs(x, cumw, group.total, p)
        if rule in ("math", "hf1"):
            return float(x[pos] if wlow <= 0 else x[nxt])
        if rule in ("school", "hf2"):
            return float((x[pos] + x[nxt]) / 2 if wlow <= 0 else x[nxt])
        if wlow < 0:  # p below the first value's share: R extrapolates outside the data
            return float(x[pos])
        gamma = wlow / (wup + wlow) if (wup + wlow) != 0 else 0.0
        return float(x[pos] * (1 - gamma) + x[nxt] * gamma)
    if rule == "hf3":
        unique, first = np.unique(x, return_index=True)
        tied = np.add.reduceat(w, first)
        cum = _cumulative(tied)
        pos, nxt, wlow, _ = _qs(unique, cum, group.total, p)
        return float(unique[pos] if (wlow <= 0 and (pos + 1) % 2 == 0) else unique[nxt])
    if n == 1:
        return float(x[0])
    before = np.concatenate(([0.0], cumw[:-1]))
    if rule == "hf5":
        pk = (cumw - w / 2) / cumw[-1]
    elif rule == "hf6":
        pk = cumw / (cumw[-1] + w[-1])
    elif rule == "hf7":
        pk = before / cumw[-2]
    elif rule == "hf8":
        pk = (before * (1 / 3) + cumw * (2 / 3)) / (cumw[-1] + w[-1] / 3)
    elif rule == "hf9":
        pk = (before * (3 / 8) + cumw * (5 / 8)) / (cumw[-1] + w[-1] / 4)
    else:  # shahvaish
        wbar = w / np.mean(w)
        s = _cumulative(wbar)
        pk = (s + 0.5 - w / 2) / (n + 1)
        index = int(np.searchsorted(pk, p, side="right")) - 1
        return float(x[min(max(index, 0), n - 1)])
    return _interp(pk, x, p)


def _check_probability(name: str, p: float) -> float:
    value = float(p)
    if not 0.0 <= value <= 1.0 or math.isnan(value):
        raise InvalidInputError(name, "must lie in [0, 1]", p)
    return value


def _check_pairs(values: npt.ArrayLike, weights: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(values, dtype=np.float64).ravel()
    w = np.asarray(weights, dtype=np.float64).ravel()
    if x.shape != w.shape:
        raise InvalidInputError("weights", f"must have one value per value ({x.size})", w.size)
    if np.isnan(x).any():
        raise InvalidInputError(
            "values", "must not be missing", math.nan, int(np.flatnonzero(np.isnan(x))[0])
        )
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise InvalidInputError("weights", "must be finite and >= 0", w[position], position)
    return x, w


def weighted_quantile(
    values: npt.ArrayLike,
    weights: npt.ArrayLike,
    q: float,
    rule: QuantileRule = "math",
) -> float:
    r"""Weighted quantile under one of R ``survey``'s rules (R ``qrule_*``).

    Parameters
    ----------
    values : array_like
        The observations [unit of the variable]; no missing value.
    weights : array_like
        Their weights [weight, >= 0]; zero-weight rows are ignored.
    q : float
        The probability [share 0-1].
    rule : str
        ``"math"`` (default), ``"school"``, ``"shahvaish"`` or ``"hf1"`` ... ``"hf9"``, as R's
        ``qrule``.

    Returns
    -------
    float
        The quantile [unit of the variable]; NaN if every weight is zero.

    Raises
    ------
    InvalidInputError
        If ``q`` is outside [0, 1], a value is missing, a weight is negative or not finite,
        the lengths differ, or ``rule`` is unknown.

    Notes
    -----
    With the values sorted, $W_k$ the cumulative weight of the first $k$ and $W = W_n$:
    ``"math"`` is $x_{(k+1)}$ with $k$ the last position where $W_k \le p W$ (or $x_{(k)}$ if
    $W_k = p W$ exactly); ``"hf7"`` interpolates linearly between the points
    $(W_{k-1} / W_{n-1}, x_{(k)})$. The other rules follow R ``survey`` 4.1 literally, including
    its cumulative sums in extended precision, with one exception: for ``"hf4"`` below the
    first value's weight share R extrapolates to a value outside the data; here the result
    is the smallest value.

    $$
    \hat Q_\mathrm{math}(p) = \min\{x : \hat F(x) \ge p\}, \qquad
    \hat F(x) = \frac{\sum_i w_i \, [x_i \le x]}{\sum_i w_i}.
    $$

    References
    ----------
    1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
       (``svyquantile``, ``qrule``), 2023.
    2. R. J. Hyndman and Y. Fan, "Sample quantiles in statistical packages", *The American
       Statistician* 50(4), 361-365, 1996.

    Examples
    --------
    >>> weighted_quantile([1.0, 2.0, 3.0, 4.0], [1.0, 1.0, 1.0, 1.0], 0.5)
    2.0
    >>> weighted_quantile([1.0, 2.0, 3.0, 4.0], [1.0, 1.0, 1.0, 1.0], 0.5, rule="hf7")
    2.5
    """
    check_choice("rule", rule, QUANTILE_RULES)
    p = _check_probability("q", q)
    x, w = _check_pairs(values, weights)
    return _quantile_sorted(_Sorted(x, w), p, rule)


def woodruff_interval(
    values: npt.ArrayLike,
    weights: npt.ArrayLike,
    cdf: float,
    cdf_se: float,
    critical: float,
    rule: QuantileRule = "math",
) -> tuple[float, float]:
    r"""Woodruff confidence interval of a quantile (R ``interval.type = "mean"``).

    Parameters
    ----------
    values, weights : array_like
        The observations and weights of the domain [unit of the variable], [weight, >= 0].
    cdf : float
        $\hat p = \hat F(\hat q)$, the weighted share of values at or below the estimated
        quantile [share 0-1].
    cdf_se : float
        Its design-based standard error [share].
    critical : float
        The two-sided critical value, e.g. Student's t with the design degrees of freedom
        (R's default) [dimensionless, > 0].
    rule : str
        The quantile rule used for the estimate (R's ``qrule``).

    Returns
    -------
    (float, float)
        Lower and upper limit [unit of the variable]; a limit is NaN where its end of the
        interval for $\hat p$ falls outside [0, 1] (as R).

    Raises
    ------
    InvalidInputError
        If ``cdf`` is outside [0, 1], ``cdf_se`` is negative, ``critical`` is not positive,
        or the values / weights are invalid.

    Notes
    -----
    $$
    [\hat Q(\hat p - c \, \mathrm{SE}(\hat p)),\; \hat Q(\hat p + c \, \mathrm{SE}(\hat p))],
    \qquad \mathrm{SE}(\hat q) = \frac{\text{upper} - \text{lower}}{2 c}.
    $$

    References
    ----------
    1. R. S. Woodruff, "Confidence intervals for medians and other position measures",
       *Journal of the American Statistical Association* 47, 635-646, 1952.
    2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
       (``svyquantile``, ``woodruffCI``), 2023.

    Examples
    --------
    >>> woodruff_interval([1.0, 2.0, 3.0, 4.0, 5.0], [1.0] * 5, 0.6, 0.2, 1.0)
    (2.0, 4.0)
    """
    check_choice("rule", rule, QUANTILE_RULES)
    p = _check_probability("cdf", cdf)
    se = float(cdf_se)
    if not se >= 0 or math.isinf(se):
        raise InvalidInputError("cdf_se", "must be finite and >= 0", cdf_se)
    c = float(critical)
    if not c > 0 or math.isinf(c):
        raise InvalidInputError("critical", "must be finite and > 0", critical)
    x, w = _check_pairs(values, weights)
    return _woodruff(_Sorted(x, w), p, se, c, rule)


def _woodruff(
    group: _Sorted, p: float, se: float, critical: float, rule: QuantileRule
) -> tuple[float, float]:
    low = p - critical * se
    high = p + critical * se
    lower = math.nan if (math.isnan(low) or low < 0) else _quantile_sorted(group, low, rule)
    upper = math.nan if (math.isnan(high) or high > 1) else _quantile_sorted(group, high, rule)
    return lower, upper


def domain_quantiles(
    values: FloatArray,
    weights: FloatArray,
    domain: npt.NDArray[np.intp],
    n_domains: int,
    probabilities: FloatArray,
    rule: QuantileRule,
) -> tuple[list[_Sorted | None], FloatArray]:
    """Quantiles of every domain (rows with code -1 belong to none), one sort per domain.

    Returns the sorted groups (for the intervals) and a (n_domains, n_probabilities) array.
    """
    result = np.full((n_domains, probabilities.size), math.nan)
    groups: list[_Sorted | None] = []
    order = np.argsort(domain, kind="stable")  # row order kept within a domain
    bounds = np.searchsorted(domain[order], np.arange(n_domains + 1))
    for d in range(n_domains):
        rows = order[bounds[d] : bounds[d + 1]]
        if rows.size == 0:
            groups.append(None)
            continue
        group = _Sorted(values[rows], weights[rows])
        groups.append(group)
        for j, p in enumerate(probabilities):
            result[d, j] = _quantile_sorted(group, float(p), rule)
    return groups, result


def _numeric_column(rows: Any, column: str, parameter: str) -> FloatArray:
    series = rows[column]
    try:
        return np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInputError(
            parameter, f"must be a numeric column ({column!r})", str(series.dtype)
        ) from None


def row_domains(rows: Any, by: tuple[str, ...]) -> tuple[npt.NDArray[np.int64], Any]:
    """Domain code of each row (-1: none) and the domain labels, as the designs encode them."""
    from ._keys import _encode, _pandas

    if by:
        codes, labels = _encode([rows[c] for c in by])
        return np.asarray(codes, dtype=np.int64), labels
    pd = _pandas()
    return np.zeros(len(rows), dtype=np.int64), pd.DataFrame(index=[0])


def design_quantile(
    design: Any,
    y: str,
    q: float | Sequence[float] = 0.5,
    by: str | Sequence[str] | None = None,
    rule: QuantileRule = "math",
    *,
    level: float = 0.95,
    df: float | None = None,
    missing: str = "raise",
) -> Any:
    """Quantiles with Woodruff intervals per domain (the ``quantile`` method of the designs)."""
    from ._ci import critical_value
    from ._engine import require_columns
    from ._keys import _pandas
    from ._layer import as_tuple as _as_tuple
    from ._rowview import domain_degrees_of_freedom, domain_ratios, row_view

    pd = _pandas()
    check_choice("rule", rule, QUANTILE_RULES)
    check_choice("missing", missing, ("raise", "drop"))
    if not isinstance(y, str):
        raise InvalidInputError("y", "must be one column name (str)", y)
    probabilities = [q] if isinstance(q, (int, float)) else list(q)
    if not probabilities:
        raise InvalidInputError("q", "must be a probability or a non-empty list of them", q)
    probs = np.array([_check_probability("q", p) for p in probabilities])
    if not (isinstance(level, (int, float)) and 0.0 < float(level) < 1.0):
        raise InvalidInputError("level", "must be in (0, 1)", level)
    if df is not None and not (isinstance(df, (int, float)) and float(df) > 0):
        raise InvalidInputError("df", "must be > 0 (math.inf for the normal quantile)", df)
    by_columns = _as_tuple(by, "by")
    require_columns(design.data, [y], "y")
    require_columns(design.data, list(by_columns), "by")
    view = row_view(design, [y, *by_columns])
    values = _numeric_column(view.rows, y, "y")
    domain, labels = row_domains(view.rows, by_columns)
    n_domains = len(labels)
    bad = np.isnan(values) & (domain >= 0)
    if bad.any():
        if missing == "raise":
            raise InvalidInputError(
                "y",
                f"has {int(bad.sum())} missing values in column {y!r} inside the domains; "
                "use missing='drop' to leave those rows out (R's na.rm = TRUE)",
                math.nan,
                int(np.flatnonzero(bad)[0]),
            )
        domain = np.where(bad, -1, domain)
    clean = np.where(np.isnan(values), 0.0, values)
    groups, estimates = domain_quantiles(clean, view.weights, domain, n_domains, probs, rule)
    inside = domain >= 0
    indicators = [
        np.where(inside, clean <= estimates[np.maximum(domain, 0), j], False).astype(np.float64)
        for j in range(probs.size)
    ]
    cdf = domain_ratios(view, indicators, None, domain, n_domains)
    cdf_se = np.sqrt(np.maximum(np.diag(cdf.covariance), 0.0))
    df_column = (
        np.full(n_domains, float(df))
        if df is not None
        else domain_degrees_of_freedom(view, domain, n_domains)
    )
    critical = critical_value(level, df_column)
    used = inside & (view.weights != 0)
    n_used = np.bincount(domain[used], minlength=n_domains)
    rows_out = []
    for d in range(n_domains):
        group = groups[d]
        for j, p in enumerate(probs):
            k = j * n_domains + d
            estimate = float(estimates[d, j])
            low = high = math.nan
            if group is not None and group.n and np.isfinite(cdf_se[k]) and critical[d] > 0:
                low, high = _woodruff(
                    group, float(cdf.estimate[k]), float(cdf_se[k]), float(critical[d]), rule
                )
            rows_out.append((d, float(p), estimate, (high - low) / (2.0 * critical[d]), low, high))
    table = pd.DataFrame(rows_out, columns=["_d", "q", "estimate", "se", "ci_low", "ci_high"])
    table["df"] = df_column[table["_d"].to_numpy()]
    table["n"] = n_used[table["_d"].to_numpy()].astype(np.int64)
    keep = n_used[table["_d"].to_numpy()] > 0 if by_columns else np.ones(len(table), dtype=bool)
    if by_columns:
        keys = labels.reset_index(drop=True).iloc[table["_d"].to_numpy()].reset_index(drop=True)
        table = pd.concat([keys, table], axis=1)
    table = table.drop(columns="_d").loc[keep]
    return table.reset_index(drop=True)
