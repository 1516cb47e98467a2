r"""Calibration of survey weights: post-stratification, raking and linear / raking / logit
calibration with bounds (R ``survey``'s ``postStratify``, ``rake`` and ``calibrate``).

The functions here work on arrays: the design weights $d_i$, the calibration variables
$x_i$ (dummies of categorical margins and numeric columns) and the population totals $T$.
They return the g-weights $g_i$ (calibrated weight $w_i = g_i d_i$) and, for the variance,
the residuals R uses to linearise a calibrated estimator.

* **Calibration** (R ``calibrate``, ``grake``): find $\lambda$ with
  $\sum_i d_i \, g_i \, x_i = T$ and $g_i = 1 + F(x_i^\top \lambda)$, by Newton steps
  $\lambda \leftarrow \lambda + (X^\top D F' X)^{+} (T - \sum_i d_i g_i x_i)$ with step
  halving, until every $|T_j - \hat T_j| / (1 + |T_j|) < \varepsilon$. $F$ is ``"linear"``
  ($F(u) = u$, clipped to the bounds), ``"raking"`` ($e^u - 1$, clipped) or ``"logit"``
  (bounded by $L < g < U$ by construction). Linear calibration without bounds has the closed
  form $g_i = 1 + x_i^\top (X^\top D X)^{-1} (T - X^\top d)$.
* **Raking** (R ``rake``): iterative proportional fitting over categorical margins, each
  sweep post-stratifying on every margin in turn, until every margin total is within a
  relative ``tolerance`` of its target; reaching ``max_iter`` sweeps raises, naming the margin
  and level furthest from its target.
* **Post-stratification** (R ``postStratify``): $g_i = N_c / \hat N_c$ in each cell $c$.

Residuals for the linearised variance, exactly as R ``svyrecvar`` applies them to the weighted
influence values $z_i = w_i u_i$:

* calibration and post-stratification: $z_i - w_i \, x_i^\top B$ with
  $B = (X^\top D X)^{-1} \sum_i x_i z_i / g_i$ (the regression on the calibration variables
  weighted by the weights before calibration);
* raking: ten backfitting sweeps over the margins,
  $z \leftarrow z - w^{(m)} \, \overline{(z / w^{(m)})}_{\text{level of } m}$ with the
  unweighted mean within each level of margin $m$ and $w^{(m)}$ the weights after margin
  $m$'s last post-stratification.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError, check_choice

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]

CalibrationMethod: TypeAlias = Literal["linear", "raking", "logit"]
#: Calibration distance functions, named as R ``calibrate``'s ``calfun``.
CALIBRATION_METHODS: tuple[CalibrationMethod, ...] = get_args(CalibrationMethod)

#: R's threshold above which ``grake`` rescales the weights before the bounds apply.
_RESCALE_THRESHOLD = 20.0
#: Backfitting sweeps of R's raking variance (``svyrecvar``).
_RAKING_SWEEPS = 10

__all__ = [
    "CALIBRATION_METHODS",
    "CalibrationError",
    "CalibrationMethod",
    "calibration_g",
    "greg_residuals",
    "post_stratification_g",
    "raking_g",
    "raking_residuals",
]


class CalibrationError(InvalidInputError):
    """Calibration cannot reach the population totals (bounds too tight, no convergence)."""


# -- distance functions (R survey's cal.linear, cal.raking, cal.logit) ------------------------
def _fm1(method: CalibrationMethod, u: FloatArray, lower: float, upper: float) -> FloatArray:
    """``g - 1`` for the linear predictor ``u`` (R ``calfun$Fm1``)."""
    if method == "linear":
        return np.asarray(np.minimum(np.maximum(u + 1.0, lower), upper) - 1.0)
    if method == "raking":
        with np.errstate(over="ignore"):
            return np.asarray(np.minimum(np.maximum(np.exp(u), lower), upper) - 1.0)
    a = (upper - lower) / ((upper - 1.0) * (1.0 - lower))
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(a * u)
        return np.asarray(
            (lower * (upper - 1.0) + upper * (1.0 - lower) * e) / (upper - 1.0 + (1.0 - lower) * e)
            - 1.0
        )


def _dfm(method: CalibrationMethod, u: FloatArray, lower: float, upper: float) -> FloatArray:
    """Derivative of ``g`` in ``u`` (R ``calfun$dF``, including its inside-the-bounds test)."""
    inside = (u < upper - 1.0) & (u > lower - 1.0)
    if method == "linear":
        return inside.astype(np.float64)
    if method == "raking":
        with np.errstate(over="ignore"):
            return np.where(inside, np.exp(u), 0.0)
    a = (upper - lower) / ((upper - 1.0) * (1.0 - lower))
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(a * u)
        den = upper - 1.0 + (1.0 - lower) * e
        num = lower * (upper - 1.0) + upper * (1.0 - lower) * e
        return np.asarray(
            upper * (1.0 - lower) * e * a / den - num * ((1.0 - lower) * e * a) / den**2
        )


def _check_inputs(
    x: npt.ArrayLike, d: npt.ArrayLike, totals: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    xm = np.asarray(x, dtype=np.float64)
    if xm.ndim == 1:
        xm = xm[:, None]
    dv = np.asarray(d, dtype=np.float64).ravel()
    tv = np.asarray(totals, dtype=np.float64).ravel()
    if xm.ndim != 2 or xm.shape[0] != dv.size:
        raise InvalidInputError("x", f"must have one row per weight ({dv.size})", xm.shape)
    if tv.size != xm.shape[1]:
        raise InvalidInputError(
            "totals", f"must have one total per column of x ({xm.shape[1]})", tv.size
        )
    for name, values in (("x", xm), ("totals", tv)):
        if not np.isfinite(values).all():
            raise InvalidInputError(name, "must be finite (no missing value)", "a non-finite value")
    if not (np.isfinite(dv).all() and (dv >= 0).all()):
        bad = int(np.flatnonzero(~(np.isfinite(dv) & (dv >= 0)))[0])
        raise InvalidInputError("weights", "must be finite and >= 0", dv[bad], bad)
    return xm, dv, tv


def calibration_g(
    x: npt.ArrayLike,
    weights: npt.ArrayLike,
    totals: npt.ArrayLike,
    method: CalibrationMethod = "linear",
    bounds: tuple[float, float] | None = None,
    *,
    tolerance: float = 1e-7,
    max_iter: int = 50,
    names: Sequence[str] | None = None,
) -> FloatArray:
    r"""g-weights that calibrate ``weights`` to the population ``totals`` (R ``calibrate``).

    Parameters
    ----------
    x : array_like, shape (n, p)
        Calibration variables of each row (dummies of every level of a categorical margin,
        numeric columns) [unit of each variable].
    weights : array_like, shape (n,)
        Weights before calibration [weight, >= 0].
    totals : array_like, shape (p,)
        Population totals of the columns of ``x`` [unit of each variable].
    method : {"linear", "raking", "logit"}
        Distance function (R's ``calfun``).
    bounds : (float, float), optional
        Lower and upper bound of the g-weights [ratio, lower < 1 < upper]; required for
        ``"logit"``.
    tolerance : float
        Convergence: every $|T_j - \hat T_j| / (1 + |T_j|)$ below it (R's ``epsilon``).
    max_iter : int
        Newton iterations before giving up (R's ``maxit``).
    names : sequence of str, optional
        A name for each column of ``x`` (e.g. "stype = H") used in error messages.

    Returns
    -------
    ndarray, shape (n,)
        The g-weights $g_i$; the calibrated weights are $g_i d_i$.

    Raises
    ------
    InvalidInputError
        If shapes disagree, a value is not finite, a weight is negative, ``method`` is
        unknown, ``bounds`` do not satisfy lower < 1 < upper, or ``"logit"`` has no finite
        bounds.
    CalibrationError
        If the totals cannot be reached (bounds too tight, or no convergence): the message
        names the total furthest from its target.

    Notes
    -----
    Newton iterations on $\lambda$ as R ``survey:::grake`` (including its step halving and
    its rescaling of the weights by the mean ratio $T_j / \hat T_j$ when every ratio exceeds
    20, after which the bounds apply):

    $$
    g_i = 1 + F(x_i^\top \lambda), \qquad
    \lambda \leftarrow \lambda + \bigl(X^\top \operatorname{diag}(d_i F'_i) X\bigr)^{+}
    \Bigl(T - \sum_i d_i g_i x_i\Bigr).
    $$

    References
    ----------
    1. J.-C. Deville and C.-E. Särndal, "Calibration estimators in survey sampling",
       *Journal of the American Statistical Association* 87, 376-382, 1992.
    2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
       (``calibrate``, ``grake``), 2023.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    >>> calibration_g(x, [1.0, 1.0, 1.0], [4.0, 2.0]).round(6).tolist()
    [2.0, 2.0, 2.0]
    """
    return _grake(
        x, weights, totals, method, bounds, tolerance=tolerance, max_iter=max_iter, names=names
    ).g


@dataclass(frozen=True)
class _GFit:
    """g-weights with the parameters that reproduce them: g = scale * (1 + F(x @ eta))."""

    g: FloatArray
    eta: FloatArray
    scale: float
    method: CalibrationMethod
    lower: float
    upper: float

    def g_of(self, x: FloatArray) -> FloatArray:
        return np.asarray(
            self.scale * (1.0 + _fm1(self.method, x @ self.eta, self.lower, self.upper))
        )


def _grake(
    x: npt.ArrayLike,
    weights: npt.ArrayLike,
    totals: npt.ArrayLike,
    method: CalibrationMethod = "linear",
    bounds: tuple[float, float] | None = None,
    *,
    tolerance: float = 1e-7,
    max_iter: int = 50,
    names: Sequence[str] | None = None,
) -> _GFit:
    check_choice("method", method, CALIBRATION_METHODS)
    xm, d, t = _check_inputs(x, weights, totals)
    labels = list(names) if names is not None else [f"column {j}" for j in range(xm.shape[1])]
    if not (isinstance(max_iter, int) and max_iter >= 1):
        raise InvalidInputError("max_iter", "must be an integer >= 1", max_iter)
    if not (float(tolerance) > 0):
        raise InvalidInputError("tolerance", "must be > 0", tolerance)
    lower, upper = -math.inf, math.inf
    if bounds is not None:
        try:
            lower, upper = (float(b) for b in bounds)
        except (TypeError, ValueError):
            raise InvalidInputError("bounds", "must be a pair (lower, upper)", bounds) from None
        if not (lower < 1.0 < upper):
            raise InvalidInputError("bounds", "must satisfy lower < 1 < upper", bounds)
    if method == "logit" and not (math.isfinite(lower) and math.isfinite(upper)):
        raise InvalidInputError("bounds", "must be finite for method='logit'", bounds)
    sample = xm.T @ d
    if method == "linear" and bounds is None:  # R regcalibrate: closed form
        gram = (xm * d[:, None]).T @ xm
        coefficients = np.linalg.pinv(gram, rcond=1e-12) @ (t - sample)
        g = 1.0 + xm @ coefficients
        _check_reached(xm, d, g, t, tolerance, labels, "linear calibration")
        return _GFit(np.asarray(g, dtype=np.float64), coefficients, 1.0, "linear", lower, upper)
    ww = d
    scale = None
    with np.errstate(divide="ignore", invalid="ignore"):
        scales = t / sample
    if np.all(np.isfinite(scales)) and scales.min() > _RESCALE_THRESHOLD:
        scale = float(np.mean(scales))
        ww = d * scale
        sample = sample * scale
    eta = np.zeros(xm.shape[1])
    u = xm @ eta
    fm = _fm1(method, u, lower, upper)
    deriv = _dfm(method, u, lower, upper)
    iteration = 1
    while True:
        tmat = (xm * (ww * deriv)[:, None]).T @ xm
        misfit = t - sample - xm.T @ (ww * fm)
        step = np.linalg.pinv(tmat, rcond=256 * np.finfo(np.float64).eps) @ misfit
        eta = eta + step
        u = xm @ eta
        fm = _fm1(method, u, lower, upper)
        deriv = _dfm(method, u, lower, upper)
        while iteration < max_iter and not (np.isfinite(fm).all() and np.isfinite(deriv).all()):
            iteration += 1
            step = step / 2.0
            eta = eta - step
            u = xm @ eta
            fm = _fm1(method, u, lower, upper)
            deriv = _dfm(method, u, lower, upper)
        misfit = t - sample - xm.T @ (ww * fm)
        relative = np.abs(misfit) / (1.0 + np.abs(t))
        if np.all(relative < tolerance):
            break
        iteration += 1
        if iteration > max_iter or not np.isfinite(relative).all():
            worst = int(np.nanargmax(np.where(np.isfinite(relative), relative, np.inf)))
            raise CalibrationError(
                "bounds" if bounds is not None else "totals",
                f"cannot be met by {method} calibration within {max_iter} iterations "
                f"(bounds {bounds}): the total of {labels[worst]} stays off its target "
                f"{t[worst]:.10g} by a relative {relative[worst]:.3g}; widen the bounds, "
                "check the totals, or raise max_iter",
                bounds,
            )
    g = 1.0 + fm
    if scale is not None:
        g = g * scale
    return _GFit(
        np.asarray(g, dtype=np.float64), eta, 1.0 if scale is None else scale, method, lower, upper
    )


def _check_reached(
    x: FloatArray,
    d: FloatArray,
    g: FloatArray,
    totals: FloatArray,
    tolerance: float,
    labels: Sequence[str],
    what: str,
) -> None:
    achieved = x.T @ (d * g)
    relative = np.abs(totals - achieved) / (1.0 + np.abs(totals))
    if not np.all(relative < max(tolerance, 1e-9)):
        worst = int(np.nanargmax(np.where(np.isfinite(relative), relative, np.inf)))
        raise CalibrationError(
            "totals",
            f"cannot be reached by {what}: the total of {labels[worst]} is "
            f"{achieved[worst]:.10g} against the target {totals[worst]:.10g} (the calibration "
            "variables are collinear and the totals inconsistent)",
            float(totals[worst]),
        )


# -- post-stratification and raking on cell tables -----------------------------------------
def post_stratification_g(
    cell: npt.ArrayLike, weights: npt.ArrayLike, targets: npt.ArrayLike
) -> FloatArray:
    r"""g-weights of post-stratification: $g_i = N_c / \hat N_c$ in the row's cell (R
    ``postStratify``).

    Parameters
    ----------
    cell : array_like of int, shape (n,)
        Cell code of each row, 0 .. C-1.
    weights : array_like, shape (n,)
        Weights before post-stratification [weight, >= 0].
    targets : array_like, shape (C,)
        Population size of each cell [persons, > 0].

    Returns
    -------
    ndarray, shape (n,)
        The g-weights.

    Raises
    ------
    InvalidInputError
        If a code is outside 0 .. C-1, a target is not positive, or a cell has no weight
        (an empty cell: the message names it by its code).

    Notes
    -----
    $$
    g_i = \frac{N_{c(i)}}{\sum_{j \in c(i)} d_j}.
    $$

    References
    ----------
    1. D. Holt and T. M. F. Smith, "Post stratification", *Journal of the Royal Statistical
       Society A* 142, 33-46, 1979.
    2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
       (``postStratify``), 2023.

    Examples
    --------
    >>> post_stratification_g([0, 0, 1], [1.0, 3.0, 2.0], [8.0, 6.0]).tolist()
    [2.0, 2.0, 3.0]
    """
    codes = np.asarray(cell, dtype=np.int64).ravel()
    d = np.asarray(weights, dtype=np.float64).ravel()
    target = np.asarray(targets, dtype=np.float64).ravel()
    if codes.size != d.size:
        raise InvalidInputError("cell", f"must have one code per weight ({d.size})", codes.size)
    if codes.size and (codes.min() < 0 or codes.max() >= target.size):
        raise InvalidInputError("cell", f"must be codes 0 .. {target.size - 1}", int(codes.max()))
    if not (np.isfinite(target).all() and (target > 0).all()):
        raise InvalidInputError("targets", "must be finite and > 0", target.tolist())
    sums = np.bincount(codes, weights=d, minlength=target.size)
    if (sums <= 0).any():
        empty = int(np.flatnonzero(sums <= 0)[0])
        raise InvalidInputError(
            "targets", "has a cell with no sampled weight (an empty cell): merge it", empty
        )
    return np.asarray((target / sums)[codes], dtype=np.float64)


@dataclass(frozen=True)
class RakingFit:
    """The result of :func:`raking_g` on a cell table."""

    factor: FloatArray  # (C,): g of each cell
    margin_factors: tuple[FloatArray, ...]  # per margin: g of each cell after its last step
    sweeps: int


def raking_g(
    margins: Sequence[npt.ArrayLike],
    cell_weights: npt.ArrayLike,
    targets: Sequence[npt.ArrayLike],
    *,
    tolerance: float = 1e-7,
    max_iter: int = 50,
    names: Sequence[Sequence[str]] | None = None,
) -> RakingFit:
    r"""Iterative proportional fitting of cell weights to margin totals (R ``rake``).

    Parameters
    ----------
    margins : sequence of array_like of int
        For each margin, the level code (0 .. L_m - 1) of each cell.
    cell_weights : array_like, shape (C,)
        Weight total of each cell before raking [weight, >= 0].
    targets : sequence of array_like
        For each margin, the population total of each level [persons, > 0].
    tolerance : float
        Stop when every level total is within this relative distance of its target.
    max_iter : int
        Sweeps over all margins before giving up.
    names : sequence of sequences of str, optional
        Labels "margin = level" for error messages.

    Returns
    -------
    RakingFit
        ``factor`` (the g of each cell), the per-margin factors of the last sweep (for R's
        variance) and the number of sweeps.

    Raises
    ------
    InvalidInputError
        If a level has no sampled weight (empty cell) or the margins' totals differ.
    CalibrationError
        If ``max_iter`` sweeps do not converge (names the margin and level furthest off).

    Notes
    -----
    One sweep post-stratifies on each margin $m$ in turn:

    $$
    g_c \leftarrow g_c \, \frac{T_{m, l(c)}}{\sum_{c' : l(c') = l(c)} g_{c'} d_{c'}} .
    $$

    References
    ----------
    1. W. E. Deming and F. F. Stephan, "On a least squares adjustment of a sampled frequency
       table when the expected marginal totals are known", *Annals of Mathematical
       Statistics* 11, 427-444, 1940.
    2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
       (``rake``), 2023.

    Examples
    --------
    >>> fit = raking_g([[0, 0, 1, 1], [0, 1, 0, 1]], [1.0, 1.0, 1.0, 1.0], [[3.0, 5.0], [4.0, 4.0]])
    >>> fit.factor.round(6).tolist()
    [1.5, 1.5, 2.5, 2.5]
    """
    d = np.asarray(cell_weights, dtype=np.float64).ravel()
    codes = [np.asarray(m, dtype=np.int64).ravel() for m in margins]
    goals = [np.asarray(t, dtype=np.float64).ravel() for t in targets]
    if not codes or len(codes) != len(goals):
        raise InvalidInputError("targets", "must give one total vector per margin", len(goals))
    if not (isinstance(max_iter, int) and max_iter >= 1):
        raise InvalidInputError("max_iter", "must be an integer >= 1", max_iter)
    if not (float(tolerance) > 0):
        raise InvalidInputError("tolerance", "must be > 0", tolerance)
    labels = [
        list(names[m])
        if names is not None
        else [f"margin {m} level {j}" for j in range(len(goals[m]))]
        for m in range(len(codes))
    ]
    for m, (c, goal) in enumerate(zip(codes, goals, strict=True)):
        if c.size != d.size:
            raise InvalidInputError("margins", f"must give one level per cell ({d.size})", c.size)
        present = np.bincount(c, weights=d, minlength=goal.size)
        if (present <= 0).any():
            level = int(np.flatnonzero(present <= 0)[0])
            raise InvalidInputError(
                "targets",
                "has a level with no sampled weight (an empty cell); merge levels",
                labels[m][level],
            )
        if not (goal > 0).all():
            level = int(np.flatnonzero(~(goal > 0))[0])
            raise InvalidInputError("targets", "must be > 0", labels[m][level])
    sums = [float(goal.sum()) for goal in goals]
    if max(sums) - min(sums) > 1e-9 * max(sums):
        raise InvalidInputError(
            "targets",
            "margins must sum to the same population size; they sum to "
            + ", ".join(f"{s:.10g}" for s in sums),
            sums,
        )
    g = np.ones(d.size)
    margin_factors: list[FloatArray] = [g] * len(codes)
    for sweep in range(1, max_iter + 1):
        for m, (c, goal) in enumerate(zip(codes, goals, strict=True)):
            current = np.bincount(c, weights=g * d, minlength=goal.size)
            g = g * (goal / current)[c]
            margin_factors[m] = g
        worst = 0.0
        where = ("", "")
        for m, (c, goal) in enumerate(zip(codes, goals, strict=True)):
            relative = np.abs(np.bincount(c, weights=g * d, minlength=goal.size) - goal) / goal
            j = int(np.argmax(relative))
            if relative[j] > worst:
                worst, where = float(relative[j]), (labels[m][j], f"{goal[j]:.10g}")
        if worst < tolerance:
            return RakingFit(g, tuple(margin_factors), sweep)
    raise CalibrationError(
        "max_iter",
        f"raking did not converge in {max_iter} sweeps: the total of {where[0]} is off its "
        f"target {where[1]} by a relative {worst:.3g} (tolerance {tolerance}); raise max_iter "
        "or merge sparse levels",
        max_iter,
    )


# -- residuals for the linearised variance ---------------------------------------------
def greg_residuals(
    z: npt.ArrayLike, x: npt.ArrayLike, weights_before: npt.ArrayLike, g: npt.ArrayLike
) -> FloatArray:
    r"""Weighted influence values after calibration (R ``svyrecvar``, ``greg_calibration``).

    Parameters
    ----------
    z : array_like, shape (n,) or (n, k)
        Weighted influence values $z_i = w_i u_i$ with the calibrated weights $w_i$.
    x : array_like, shape (n, p)
        Calibration variables.
    weights_before : array_like, shape (n,)
        Weights before calibration $d_i$.
    g : array_like, shape (n,)
        g-weights ($w_i = g_i d_i$).

    Returns
    -------
    ndarray
        $z_i - w_i x_i^\top B$ with $B = (X^\top D X)^{+} \sum_i x_i z_i / g_i$, same shape as
        ``z``.

    Notes
    -----
    $$
    e_i = z_i - g_i d_i \, x_i^\top (X^\top D X)^{+} X^\top (z / g).
    $$

    References
    ----------
    1. C.-E. Särndal, B. Swensson and J. Wretman, *Model Assisted Survey Sampling*,
       Springer, 1992 (section 6.6).
    2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1, 2023.

    Examples
    --------
    >>> import numpy as np
    >>> greg_residuals([1.0, 3.0], np.ones((2, 1)), [1.0, 1.0], [1.0, 1.0]).tolist()
    [-1.0, 1.0]
    """
    zm = np.asarray(z, dtype=np.float64)
    single = zm.ndim == 1
    if single:
        zm = zm[:, None]
    xm = np.asarray(x, dtype=np.float64)
    if xm.ndim == 1:
        xm = xm[:, None]
    d = np.asarray(weights_before, dtype=np.float64).ravel()
    gv = np.asarray(g, dtype=np.float64).ravel()
    gram = (xm * d[:, None]).T @ xm
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(gv[:, None] != 0, zm / gv[:, None], 0.0)
    coefficients = np.linalg.pinv(gram, rcond=1e-12) @ (xm.T @ scaled)
    out = zm - (gv * d)[:, None] * (xm @ coefficients)
    return out[:, 0] if single else out


def raking_residuals(
    z: npt.ArrayLike,
    margins: Sequence[npt.ArrayLike],
    margin_weights: Sequence[npt.ArrayLike],
    *,
    sweeps: int = _RAKING_SWEEPS,
) -> FloatArray:
    r"""Weighted influence values after raking, as R ``svyrecvar`` for a raked design.

    Parameters
    ----------
    z : array_like, shape (n,) or (n, k)
        Weighted influence values with the raked weights.
    margins : sequence of array_like of int
        Level code of each row for every margin.
    margin_weights : sequence of array_like
        For every margin, the row weights right after its last post-stratification.
    sweeps : int
        Backfitting sweeps (R: 10).

    Returns
    -------
    ndarray
        The residual influence values, same shape as ``z``.

    Notes
    -----
    Each sweep and margin $m$ subtracts $w^{(m)}_i$ times the *unweighted* mean of
    $z / w^{(m)}$ over the row's level of $m$:

    $$
    z_i \leftarrow z_i - w^{(m)}_i \, \frac{1}{n_{l}} \sum_{j : l_m(j) = l_m(i)}
    \frac{z_j}{w^{(m)}_j}.
    $$

    References
    ----------
    1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
       (``rake``, ``svyrecvar``), 2023.

    Examples
    --------
    >>> raking_residuals([1.0, 3.0, 2.0, 2.0], [[0, 0, 1, 1]], [[1.0, 1.0, 1.0, 1.0]]).tolist()
    [-1.0, 1.0, 0.0, 0.0]
    """
    zm = np.array(z, dtype=np.float64)
    single = zm.ndim == 1
    if single:
        zm = zm[:, None]
    codes = [np.asarray(m, dtype=np.int64).ravel() for m in margins]
    weights = [np.asarray(w, dtype=np.float64).ravel() for w in margin_weights]
    counts = [np.bincount(c).astype(np.float64) for c in codes]
    k = zm.shape[1]
    for _ in range(sweeps):
        for c, w, n in zip(codes, weights, counts, strict=True):
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(w[:, None] != 0, zm / w[:, None], 0.0)
            for j in range(k):
                means = np.bincount(c, weights=ratio[:, j], minlength=n.size) / np.where(
                    n > 0, n, 1.0
                )
                zm[:, j] -= w * means[c]
    return zm[:, 0] if single else zm
