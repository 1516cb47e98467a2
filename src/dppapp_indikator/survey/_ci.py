r"""Confidence intervals for design-based estimates (R ``survey`` 4.x conventions).

Symmetric intervals (means, totals, ratios) use the normal quantile, as R's ``confint()`` with
its default ``df = Inf``, or Student's t with the design (or domain) degrees of freedom.
Proportions follow R's ``svyciprop``: every method uses the t quantile with ``df`` (the design
degrees of freedom by default; ``df = inf`` gives the normal quantile).

* ``"logit"`` / ``"xlogit"`` -- R's ``method = "logit"`` / ``"xlogit"``: a Wald interval on
  the logit scale (here with the delta-method SE; a replicate design's ``"logit"`` uses
  the replicate SE of the logit, see :func:`logit_interval`),

  $$
  \operatorname{expit}\Bigl(\operatorname{logit}\hat p \pm t_{df}\,
  \frac{\mathrm{SE}(\hat p)}{\hat p (1 - \hat p)}\Bigr).
  $$

* ``"wald"`` -- $\hat p \pm t_{df}\,\mathrm{SE}(\hat p)$, clipped to [0, 1] (R's
  ``method = "mean"`` does not clip).
* ``"wilson"`` -- the Wilson score interval with the effective sample size
  $n_\mathrm{eff} = \hat p (1 - \hat p) / \mathrm{Var}(\hat p)$.
* ``"beta"`` -- Korn and Graubard (1998), as R's ``method = "beta"``:
  $n^*_\mathrm{eff} = n_\mathrm{eff} \cdot (t_{n-1, \alpha/2} / t_{df, \alpha/2})^2$, then
  $[\,B^{-1}_{\alpha/2}(n^* \hat p, n^* (1 - \hat p) + 1),\;
  B^{-1}_{1-\alpha/2}(n^* \hat p + 1, n^* (1 - \hat p))\,]$ with $n$ the rows of the domain.

At $\hat p = 0$ or $\hat p = 1$ the linearised variance is 0: ``"logit"`` and ``"wald"`` then
give the degenerate interval $[\hat p, \hat p]$ (R's ``xlogit`` gives NaN there), while
``"wilson"`` and ``"beta"`` replace the undefined $n_\mathrm{eff}$ by the number of rows used,
so ``"beta"`` becomes the Clopper-Pearson interval ($[0, 1 - (\alpha/2)^{1/n^*}]$ at
$\hat p = 0$). That is why ``"beta"`` is the method of choice for (near-)zero prevalence in
small domains.
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]

CIKind: TypeAlias = Literal["normal", "t"]
CI_KINDS: tuple[CIKind, ...] = ("normal", "t")

ProportionCIMethod: TypeAlias = Literal["logit", "xlogit", "wald", "wilson", "beta"]
PROPORTION_CI_METHODS: tuple[ProportionCIMethod, ...] = (
    "logit",
    "xlogit",
    "wald",
    "wilson",
    "beta",
)


def critical_value(level: float, df: npt.ArrayLike) -> FloatArray:
    """Two-sided quantile: Student's t with ``df`` (normal where ``df`` is infinite).

    Non-positive or missing ``df`` gives NaN.
    """
    return -_t_lower(0.5 - level / 2.0, np.asarray(df, dtype=np.float64))


def symmetric_interval(
    estimate: FloatArray, se: FloatArray, quantile: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """``estimate -/+ quantile * se``."""
    return estimate - quantile * se, estimate + quantile * se


def logit_interval(
    p: FloatArray, se_logit: FloatArray, quantile: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """``expit(logit(p) -/+ quantile * se_logit)``; ``[p, p]`` at p = 0 or 1."""
    edge = (p <= 0.0) | (p >= 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        inner = np.clip(p, 1e-300, 1.0 - 1e-16)
        centre = np.log(inner / (1.0 - inner))
        low = _expit(centre - quantile * se_logit)
        high = _expit(centre + quantile * se_logit)
    return np.where(edge, p, low), np.where(edge, p, high)


def proportion_interval(
    method: ProportionCIMethod,
    p: FloatArray,
    se: FloatArray,
    *,
    level: float,
    df: FloatArray,
    n_used: FloatArray,
    n_rows: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Confidence interval of a proportion (see the module notes for every method).

    Parameters
    ----------
    method : {"logit", "wald", "wilson", "beta"}
        The interval.
    p, se : ndarray
        Estimated proportion [share 0-1] and its design-based standard error.
    level : float
        Confidence level, e.g. 0.95.
    df : ndarray
        Degrees of freedom of the t quantile (inf: normal).
    n_used : ndarray
        Rows with non-zero weight used for the estimate (the fallback effective size at
        ``p`` = 0 or 1).
    n_rows : ndarray
        Rows in the domain (R's ``nrow(design)`` in the Korn-Graubard df correction).

    Returns
    -------
    (ndarray, ndarray)
        Lower and upper bounds [share 0-1].
    """
    q = critical_value(level, df)
    variance = se * se
    edge = (p <= 0.0) | (p >= 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "logit":
            inner = np.clip(p, 1e-300, 1.0 - 1e-16)
            centre = np.log(inner / (1.0 - inner))
            half = q * se / (inner * (1.0 - inner))
            low = _expit(centre - half)
            high = _expit(centre + half)
            return np.where(edge, p, low), np.where(edge, p, high)
        if method == "wald":
            low = np.clip(p - q * se, 0.0, 1.0)
            high = np.clip(p + q * se, 0.0, 1.0)
            return np.where(edge, p, low), np.where(edge, p, high)
        n_eff = np.where(variance > 0.0, p * (1.0 - p) / variance, n_used)
        if method == "wilson":
            z2 = q * q
            denominator = 1.0 + z2 / n_eff
            centre = (p + z2 / (2.0 * n_eff)) / denominator
            half = (q / denominator) * np.sqrt(p * (1.0 - p) / n_eff + z2 / (4.0 * n_eff**2))
            return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)
        return _korn_graubard(p, n_eff, level=level, df=df, n_rows=n_rows)


def _expit(x: FloatArray) -> FloatArray:
    with np.errstate(over="ignore"):
        return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64))))


def _korn_graubard(
    p: FloatArray, n_eff: FloatArray, *, level: float, df: FloatArray, n_rows: FloatArray
) -> tuple[FloatArray, FloatArray]:
    from scipy import special  # lighter to import than scipy.stats

    alpha = 1.0 - level
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (_t_lower(alpha / 2.0, n_rows - 1.0) / _t_lower(alpha / 2.0, df)) ** 2
        n_star = n_eff * ratio
        ok = np.isfinite(n_star) & (n_star > 0) & np.isfinite(p)
        safe_n = np.where(ok, n_star, 1.0)
        safe_p = np.where(ok, p, 0.5)
        a_low = safe_n * safe_p
        b_high = safe_n * (1.0 - safe_p)
        low = np.where(
            safe_p <= 0.0,
            0.0,
            special.betaincinv(np.where(a_low > 0, a_low, 1.0), b_high + 1.0, alpha / 2.0),
        )
        high = np.where(
            safe_p >= 1.0,
            1.0,
            special.betaincinv(a_low + 1.0, np.where(b_high > 0, b_high, 1.0), 1.0 - alpha / 2.0),
        )
    nan = np.full_like(p, np.nan)
    return (
        np.where(ok, np.asarray(low, dtype=np.float64), nan),
        np.where(ok, np.asarray(high, dtype=np.float64), nan),
    )


def _t_lower(probability: float, df: FloatArray) -> FloatArray:
    """Lower-tail t quantile (normal for infinite df, NaN for df <= 0).

    The normal quantile comes from the standard library; scipy (``scipy.special.stdtrit``,
    lighter to import than ``scipy.stats``) is loaded only when a finite ``df`` needs it.
    """
    dfs = np.asarray(df, dtype=np.float64)
    finite = np.isfinite(dfs) & (dfs > 0)
    normal = NormalDist().inv_cdf(probability)
    if finite.any():
        from scipy import special

        t = np.asarray(special.stdtrit(np.where(finite, dfs, 1.0), probability), dtype=np.float64)
    else:
        t = np.full(dfs.shape, normal)
    return np.asarray(np.where(finite, t, np.where(np.isposinf(dfs), normal, np.nan)))
