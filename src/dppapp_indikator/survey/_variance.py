"""Design-based variance from PSU totals (Taylor linearisation), as R ``survey`` 4.x.

Every linearised estimator reduces to PSU totals ``z_hi`` of its influence values
(methods/survey#survey): for a ratio ``R = Y / X`` in domain ``d``,
``z_hi = (Y_hid - R_d X_hid) / X_d``; for a total, ``z_hi = Y_hid``. This module turns such
totals into a variance:

    V = sum_h (1 - f_h) * n_h / (n_h - 1) * sum_i (z_hi - mean_h z)^2

with the lonely-PSU policies of R ``survey`` (``options(survey.lonely.psu)``) as arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError
from ..policies import LONELY_PSU_POLICIES, LonelyPSUPolicy, check_policy

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: A stratum whose finite population correction ``1 - f_h`` is below this is take-all
#: (R ``survey``'s ``onestrat``: ``all(f < 1e-7)`` returns a zero variance).
CERTAINTY_TOLERANCE = 1e-7


@dataclass(frozen=True)
class Strata:
    """The stratification of the design's PSUs, encoded once.

    Attributes
    ----------
    codes : ndarray of int
        Stratum code (0..H-1) of each PSU, in PSU order.
    labels : tuple
        The stratum labels, by code.
    n_psu : ndarray of int
        Number of PSUs in each stratum (the design's, whatever the domain).
    sampling_fraction : ndarray of float
        ``f_h`` per stratum (0 without fpc: sampling with replacement).
    """

    codes: IntArray
    labels: tuple[Any, ...]
    n_psu: IntArray
    sampling_fraction: FloatArray

    @property
    def n_strata(self) -> int:
        """Number of strata."""
        return len(self.labels)

    @property
    def degrees_of_freedom(self) -> int:
        """Design degrees of freedom: number of PSUs minus number of strata."""
        return int(self.n_psu.sum()) - self.n_strata

    @property
    def certainty(self) -> npt.NDArray[np.bool_]:
        """Take-all strata: the fpc gives a sampling fraction of 1 (R: ``1 - f < 1e-7``)."""
        return np.asarray(1.0 - self.sampling_fraction < CERTAINTY_TOLERANCE, dtype=np.bool_)

    @property
    def lonely(self) -> npt.NDArray[np.bool_]:
        """Strata with a single PSU that are not take-all (a take-all one has no variance)."""
        return np.asarray((self.n_psu == 1) & ~self.certainty, dtype=np.bool_)


def build_strata(
    psu_strata: Sequence[Any] | npt.ArrayLike,
    *,
    fpc: npt.ArrayLike | None = None,
) -> Strata:
    """Encode the stratum of each PSU and the sampling fractions.

    Parameters
    ----------
    psu_strata : array_like
        Stratum label of each PSU (one entry per PSU).
    fpc : array_like, optional
        Per PSU (constant within a stratum): the population number of PSUs ``N_h`` (values
        > 1, ``f_h = n_h / N_h``) or the sampling fraction ``f_h`` (values in [0, 1]).

    Raises
    ------
    InvalidInputError
        If the fpc varies within a stratum, is below the sample count, or is negative.
    """
    labels, codes = np.unique(np.asarray(psu_strata, dtype=object), return_inverse=True)
    return strata_from_codes(
        codes.astype(np.int64), tuple(x.item() if hasattr(x, "item") else x for x in labels), fpc
    )


def strata_from_codes(
    codes: npt.ArrayLike, labels: tuple[Any, ...], fpc: npt.ArrayLike | None = None
) -> Strata:
    """:class:`Strata` from stratum codes already encoded (0..H-1, one per PSU).

    Parameters
    ----------
    codes : array_like of int
        Stratum code of each PSU.
    labels : tuple
        The stratum label of each code.
    fpc : array_like, optional
        As in :func:`build_strata`.
    """
    codes = np.asarray(codes, dtype=np.int64)
    n_psu = np.bincount(codes, minlength=len(labels)).astype(np.int64)
    fraction = np.zeros(len(labels), dtype=np.float64)
    if fpc is not None:
        values = np.asarray(fpc, dtype=np.float64)
        if values.shape != codes.shape:
            raise InvalidInputError("fpc", "must give one value per PSU", values.shape)
        bad = np.isnan(values) | (values < 0)
        if bad.any():
            position = int(np.flatnonzero(bad)[0])
            raise InvalidInputError(
                "fpc",
                f"must be >= 0 and not missing (stratum {labels[codes[position]]!r})",
                float(values[position]),
            )
        low = np.full(len(labels), np.inf)
        high = np.full(len(labels), -np.inf)
        np.minimum.at(low, codes, values)
        np.maximum.at(high, codes, values)
        varies = np.flatnonzero(low != high)
        if varies.size:
            raise InvalidInputError(
                "fpc", f"must be constant within a stratum (stratum {labels[varies[0]]!r})"
            )
        as_fraction = high <= 1.0
        fraction = np.where(as_fraction, high, n_psu / np.where(as_fraction, 1.0, high))
        too_small = np.flatnonzero(~as_fraction & (high < n_psu))
        if too_small.size:
            h = int(too_small[0])
            raise InvalidInputError(
                "fpc",
                f"(population PSUs) must be at least the {n_psu[h]} sampled PSUs of stratum "
                f"{labels[h]!r}",
                float(high[h]),
            )
    return Strata(codes=codes, labels=labels, n_psu=n_psu, sampling_fraction=fraction)


def psu_variance(
    totals: npt.ArrayLike,
    strata: Strata,
    lonely_psu: LonelyPSUPolicy = "fail",
    *,
    covariance: bool = False,
) -> FloatArray:
    """Variance of estimators from their PSU totals of influence values.

    Parameters
    ----------
    totals : array_like, shape (n_psu,) or (n_psu, k)
        ``z_hi`` for every PSU of the design (zero for PSUs outside a domain), in the PSU
        order of ``strata.codes``; one column per estimate.
    strata : Strata
        From :func:`build_strata`.
    lonely_psu : {"fail", "remove", "certainty", "adjust", "average"}
        What a stratum with a single PSU contributes (R ``survey`` 4.x); a take-all
        stratum (sampling fraction 1) contributes 0 and is never lonely. ``"fail"`` raises
        naming the strata; ``"remove"`` and ``"certainty"`` contribute 0; ``"adjust"``
        contributes ``(1 - f_h) (z_h1 - zbar)^2`` with ``zbar`` the mean of all PSU totals;
        ``"average"`` scales the sum over the other strata by ``H / H_ok``.
    covariance : bool
        Return the (k, k) covariance matrix instead of the k variances.

    Returns
    -------
    ndarray
        Shape (k,) variances, or (k, k) with ``covariance=True`` (a scalar input gives
        shape (1,) / (1, 1)).
    """
    check_policy("lonely_psu", lonely_psu, LONELY_PSU_POLICIES)
    z = np.asarray(totals, dtype=np.float64)
    if z.ndim == 1:
        z = z[:, None]
    if z.shape[0] != strata.codes.shape[0]:
        raise InvalidInputError(
            "totals", f"must have one row per PSU ({strata.codes.shape[0]})", z.shape
        )
    lonely = strata.lonely
    if lonely.any() and lonely_psu == "fail":
        names = ", ".join(repr(strata.labels[h]) for h in np.flatnonzero(lonely)[:10])
        raise InvalidInputError(
            "lonely_psu",
            f"is 'fail' and strata {names} have a single PSU; choose lonely_psu='remove', "
            "'certainty', 'adjust' or 'average', or merge strata",
            "fail",
        )
    codes = strata.codes
    n_h = strata.n_psu.astype(np.float64)
    sums = np.zeros((strata.n_strata, z.shape[1]))
    np.add.at(sums, codes, z)
    means = sums / n_h[:, None]
    deviations = z - means[codes]
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(n_h > 1, (1.0 - strata.sampling_fraction) * n_h / (n_h - 1.0), 0.0)
    scale = np.where(strata.certainty, 0.0, scale)
    if lonely.any() and lonely_psu == "adjust":
        grand_mean = z.mean(axis=0)
        single = lonely[codes]
        deviations[single] = z[single] - grand_mean
        scale = np.where(lonely, 1.0 - strata.sampling_fraction, scale)
    weights = scale[codes]
    if covariance:
        result = (deviations * weights[:, None]).T @ deviations
    else:
        result = np.einsum("ij,ij,i->j", deviations, deviations, weights)
    if lonely.any() and lonely_psu == "average":
        result = result * strata.n_strata / (strata.n_strata - int(lonely.sum()))
    return np.asarray(result, dtype=np.float64)


def domain_psu_variance(
    totals: npt.ArrayLike,
    strata: Strata,
    lonely_psu: LonelyPSUPolicy = "fail",
    *,
    present: npt.ArrayLike | None = None,
    domain: bool = False,
) -> FloatArray:
    r"""Variances of domain estimates, with R ``survey``'s per-domain lonely-PSU rules.

    R's ``svyby`` estimates each domain on the design restricted to its rows; a stratum
    without a row in the domain then drops out of the lonely-PSU arithmetic (the ``H`` of
    ``"average"``, the PSU count of the ``"adjust"`` centre). This function reproduces that
    from the full design's PSU totals.

    Parameters
    ----------
    totals : array_like, shape (n_psu, m)
        ``z_hi`` of ``m`` estimates (zero for PSUs outside a domain).
    strata : Strata
        From :func:`build_strata`.
    lonely_psu : {"fail", "remove", "certainty", "adjust", "average"}
        As :func:`psu_variance`.
    present : array_like of bool, shape (n_psu, m), optional
        Whether the PSU has rows used by the estimate (None: every PSU).
    domain : bool
        R's ``options(survey.adjust.domain.lonely = TRUE)``: a stratum with several PSUs
        but a single one present in the domain is treated by ``"adjust"`` (centred at the
        grand mean) and ``"average"`` (left out, the rest scaled up) as a lonely stratum;
        the other policies are unchanged (as R).

    Returns
    -------
    ndarray, shape (m,)
        The variances.

    Notes
    -----
    For estimate $j$ let $S_j$ be the strata with a present PSU. Take-all strata contribute
    0. A stratum with $n_h \ge 2$ contributes
    $(1 - f_h) rac{n_h}{n_h - 1} \sum_i (z_{hi} - c_{hj})^2$ with $c_{hj} = ar z_{hj}$,
    or, under ``"adjust"`` for a (domain-)lonely stratum, the grand centre
    $c_j = \sum_i z_{ij} / \sum_{h \in S_j} n_h$. A lonely stratum ($n_h = 1$) contributes
    0 (``"remove"``, ``"certainty"``), $(1 - f_h) (z_{h1} - c_j)^2$ (``"adjust"``), or is left
    out under ``"average"``, which multiplies the sum by $|S_j| / |S_j^\mathrm{ok}|$.
    """
    z = np.asarray(totals, dtype=np.float64)
    if z.ndim == 1:
        z = z[:, None]
    if present is None and not domain:
        return psu_variance(z, strata, lonely_psu)
    check_policy("lonely_psu", lonely_psu, LONELY_PSU_POLICIES)
    codes = strata.codes
    n_strata = strata.n_strata
    m = z.shape[1]
    mask = (
        np.ones(z.shape, dtype=np.bool_)
        if present is None
        else np.asarray(present, dtype=np.bool_).reshape(z.shape)
    )
    n_sub = np.zeros((n_strata, m))
    np.add.at(n_sub, codes, mask.astype(np.float64))
    present_h = n_sub > 0
    n_h = strata.n_psu.astype(np.float64)[:, None]
    certainty = strata.certainty[:, None]
    lonely = (n_h == 1) & ~certainty & present_h
    if lonely.any() and lonely_psu == "fail":
        psu_variance(z, strata, "fail")  # raises, naming the strata
    domain_lonely = (n_h > 1) & (n_sub == 1) & ~certainty if domain else np.zeros_like(lonely)
    sums = np.zeros((n_strata, m))
    np.add.at(sums, codes, z)
    centre = sums / n_h
    recentred = np.zeros_like(lonely)
    if lonely_psu == "adjust":
        recentred = lonely | domain_lonely
        if recentred.any():
            with np.errstate(divide="ignore", invalid="ignore"):
                grand = sums.sum(axis=0) / (n_h * present_h).sum(axis=0)
            centre = np.where(recentred, grand[None, :], centre)
    deviation = z - centre[codes]
    fraction = strata.sampling_fraction[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(n_h > 1, (1.0 - fraction) * n_h / (n_h - 1.0), 1.0 - fraction)
    scale = np.where(certainty, 0.0, np.broadcast_to(scale, (n_strata, m)))
    if lonely_psu in ("remove", "certainty", "fail"):
        scale = np.where(lonely, 0.0, scale)
    excluded = np.zeros_like(lonely)
    if lonely_psu == "average":
        excluded = lonely | (domain_lonely & present_h)
        scale = np.where(excluded, 0.0, scale)
    contribution = np.zeros((n_strata, m))
    psu_scale = scale[codes[:, None], np.arange(m)[None, :]]
    np.add.at(contribution, codes, deviation * deviation * psu_scale)
    contribution = np.where(present_h, contribution, 0.0)
    result = contribution.sum(axis=0)
    if lonely_psu == "average" and excluded.any():
        n_present = present_h.sum(axis=0)
        n_ok = n_present - excluded.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = np.where(n_ok > 0, result * n_present / n_ok, np.nan)
    return np.asarray(result, dtype=np.float64)
