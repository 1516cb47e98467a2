"""General fertility rate (GFR) from DHS-style birth histories, with standard errors.

:func:`gfr_from_birth_history` shares the one pass of
:func:`~dppapp_indikator.survey.birth_history.tfr_from_birth_history` (cluster x age-group
totals of weighted births and woman-years) and reduces it to one ratio: births to women
15-49 in the period per 1,000 woman-years lived at ages 15-44, as DHS.rates'
``fert(..., Indicator = "gfr")``. Its standard error is the Taylor linearisation of the ratio
over the design (DHS.rates) or the delete-one-cluster jackknife (as for the TFR); both come
from the same cluster totals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError
from ..policies import LonelyPSUPolicy
from ._variance import build_strata, psu_variance
from .birth_history import (
    _TAIL_SCALARS,
    SuppressionPolicy,
    _birth_history_cells,
    _by_domain,
    _Cells,
    _counts,
    _design_sums,
    _interval,
    _jk1,
    _ratio_deft,
    _summary,
    _suppress,
    _to_dict,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = ["BirthHistoryGFR", "gfr_from_birth_history"]

FloatArray = npt.NDArray[np.float64]

#: Age groups (0 = 15-19 ... 6 = 45-49) whose woman-years form the GFR's denominator: 15-44.
_DENOMINATOR_GROUPS = 6

_SCALARS = (
    "gfr",
    "se",
    "ci_low",
    "ci_high",
    "se_taylor",
    "se_jackknife",
    "n_clusters",
    "deft",
    "rse",
    "births",
    *_TAIL_SCALARS,
)


@dataclass(frozen=True)
class BirthHistoryGFR:
    """General fertility rate from birth histories (the result of :func:`gfr_from_birth_history`).

    Scalar attributes are floats / ints for ``by=None`` and pandas Series indexed by the
    domain (named after the ``by`` column) otherwise.

    Attributes
    ----------
    gfr : float or Series
        General fertility rate [births per 1,000 woman-years at ages 15-44].
    se : float or Series
        Standard error of the GFR by ``se_method``: ``se_taylor`` or ``se_jackknife``.
    ci_low, ci_high : float or Series
        ``gfr -/+ z * se`` (``z`` the normal quantile for ``level``), lower bound clipped at 0.
    se_taylor : float or Series
        Taylor linearisation of the ratio over the design (strata, clusters, weights), as
        DHS.rates.
    se_jackknife : float or Series
        Delete-one-cluster jackknife (JK1, strata ignored, as the TFR's); NaN with
        ``jackknife=False`` or fewer than 2 clusters.
    n_clusters : int or Series
        Clusters in the (domain's) design.
    deft : float or Series
        Design effect (square root of deff, "replace") of the ratio, from the Taylor variance.
    rse : float or Series
        Relative standard error ``se / gfr``.
    births : float or Series
        Weighted births to women 15-49 in the period (the numerator).
    n_woman_years, wn_woman_years : float or Series
        Unweighted and weighted woman-years at ages 15-44 in the period (the denominator),
        times ``awfact / 100`` for ever-married samples.
    n_women : int or Series
        Rows (women) in the data (of the domain).
    n_women_used : int or Series
        Women with a positive weight and exposure at 15-49 in the period.
    n_zero_weight : int or Series
        Women with weight 0 (they contribute nothing, as in DHS.rates).
    flag : str or Series
        ``""``, ``"brackets"`` (125-249 unweighted woman-years) or ``"suppressed"`` (< 125)
        under ``suppression="dhs"``; always ``""`` without suppression.
    period_months : int
        Length of the reference period [months].
    level : float
        Confidence level of the interval.
    se_method : str
        ``"taylor"`` or ``"jackknife"``: the standard error behind ``se`` and the interval.
    by : str or None
        The domain column.
    """

    gfr: Any
    se: Any
    ci_low: Any
    ci_high: Any
    se_taylor: Any
    se_jackknife: Any
    n_clusters: Any
    deft: Any
    rse: Any
    births: Any
    n_woman_years: Any
    wn_woman_years: Any
    n_women: Any
    n_women_used: Any
    n_zero_weight: Any
    flag: Any
    period_months: int
    level: float
    se_method: str
    by: str | None

    def summary(self) -> pd.DataFrame:
        """The results as a DataFrame: one row (per domain), one column per attribute."""
        return _summary(self, _SCALARS)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict: the results (per domain) as records and the options."""
        return _to_dict(self, "gfr", {})


def gfr_from_birth_history(
    women: Any,
    period_months: int = 36,
    *,
    period_end: int | str | None = None,
    jackknife: bool = False,
    by: str | None = None,
    awfact: str | None = None,
    weight: str = "v005",
    interview: str = "v008",
    birth_date: str = "v011",
    cluster: str = "v021",
    stratum: str | None = "v022",
    births: str = "b3_",
    lonely_psu: LonelyPSUPolicy = "adjust",
    level: float = 0.95,
    suppression: SuppressionPolicy | None = None,
) -> BirthHistoryGFR:
    r"""General fertility rate from DHS-style birth histories, with its standard error and DEFT.

    Parameters
    ----------
    women : pandas, Polars (eager or lazy) or Dask DataFrame
        One row per interviewed woman (a DHS individual recode). Dates are century-month
        codes, ``cmc = (year - 1900) * 12 + month``.
    period_months : int, default 36
        Length of the reference period before the interview month (the interview month
        excluded) [months, 1-60].
    period_end : int, str or None
        The period ends at this CMC instead of the interview month: a number or the name of a
        column [CMC, <= interview].
    jackknife : bool, default False
        False: ``se`` is the Taylor linearisation of the ratio (DHS.rates'
        ``fert(Indicator = "gfr")``); True: ``se`` is the delete-one-cluster jackknife (as
        the TFR's). The interval and ``rse`` use that ``se``; ``se_taylor`` is always given.
    by : str or None
        Domain column (e.g. ``"v025"``): each domain is estimated on the design restricted to
        its own clusters and strata, as DHS.rates' ``Class``.
    awfact : str or None
        Column of the all-women factor for ever-married samples [percent, > 0] (DHS recode
        ``awfactt`` for the total, ``awfactu`` by urban/rural, ...; with ``by``, use the
        factor of that classification): woman-years are multiplied by ``awfact / 100``.
        None for all-women samples.
    weight : str, default "v005"
        Sampling weight column [weight x 1,000,000, >= 0].
    interview : str, default "v008"
        Interview date column [CMC].
    birth_date : str, default "v011"
        The woman's date of birth column [CMC].
    cluster : str, default "v021"
        Cluster (primary sampling unit) column.
    stratum : str or None, default "v022"
        Sampling stratum column (None: unstratified).
    births : str, default "b3_"
        Prefix of the children's birth-date columns (``b3_01`` ... ``b3_20``) [CMC], the
        most recent birth first; a missing value means no birth.
    lonely_psu : {"adjust", "fail", "remove", "certainty", "average"}, default "adjust"
        Strata with a single cluster, for the Taylor standard error (DHS.rates: "adjust").
    level : float, default 0.95
        Confidence level of the interval [share, in (0, 1)].
    suppression : {"dhs"} or None
        ``"dhs"``: a GFR on fewer than 125 unweighted woman-years (15-44) is NaN (flag
        "suppressed"); on 125-249 it is flagged "brackets".

    Returns
    -------
    BirthHistoryGFR
        GFR, SE (Taylor and jackknife), CI, DEFT, RSE, births, woman-years, clusters and row
        counts (floats/ints, or Series by domain).

    Raises
    ------
    InvalidInputError
        On the inputs refused by :func:`~dppapp_indikator.tfr_from_birth_history` (a missing
        column, a negative or missing weight, a missing date, a birth after the interview or
        before the mother's birth, birth columns out of order, a period end after the
        interview, a non-positive all-women factor, a cluster in two strata, missing keys, an
        argument out of range); the message names the parameter, the column and the row.
        With ``jackknife=True``, also when one cluster holds all the woman-years at 15-44 of
        its domain (its jackknife replicate has no exposure).

    Notes
    -----
    With ``end`` the interview CMC (or ``period_end``) and ``P = period_months``, births
    and woman-years are those of :func:`~dppapp_indikator.tfr_from_birth_history`
    (age groups ``a = 0`` (15-19) ... ``6`` (45-49)). With ``w = v005 / 10^6``, ``B_{ca}`` the
    weighted births and ``X_{ca}`` the weighted woman-years of cluster ``c`` in group ``a``
    (times ``awfact / 100``):

    $$
    B_c = \sum_{a=0}^{6} B_{ca}, \qquad X_c = \sum_{a=0}^{5} X_{ca}, \qquad
    \mathrm{GFR} = 1000\,\frac{\sum_c B_c}{\sum_c X_c}
    $$

    The numerator counts the births to women 15-49, the denominator the woman-years at
    ages 15-44 (DHS.rates' ``exposureg``). Taylor variance: PSU totals
    ``z_c = 1000 (B_c - R X_c) / X`` (``R = B / X``) into the stratified between-cluster
    variance with the ``lonely_psu`` rule. Jackknife (JK1, delete one cluster, strata
    ignored): ``GFR_(c) = 1000 (B - B_c) / (X - X_c)`` and

    $$
    \mathrm{SE}_{JK} = \sqrt{\frac{k-1}{k} \sum_{c=1}^{k}
    \left(\mathrm{GFR}_{(c)} - \mathrm{GFR}\right)^2}
    $$

    DEFT is ``sqrt(V / V_srs)`` with R survey's ``deff = "replace"`` over the woman x
    age-group rows of the ratio (as DHS.rates). The interval is ``GFR -/+ z SE``, the lower
    bound clipped at 0.

    References
    ----------
    1. ICF, *Guide to DHS Statistics DHS-7* (Croft, T. N., Marshall, A. M. J., Allen,
       C. K., et al.), 2018.
    2. ICF (Elkasabi, M.), *DHS.rates: Calculates Demographic Indicators*, R package
       version 0.9.2 (CRAN), function ``fert(..., Indicator = "gfr")``.
    3. Lumley, T., *survey: Analysis of Complex Survey Samples*, R package version 4.1-1
       (CRAN).

    Examples
    --------
    Fourteen women in two clusters, each exposed for the whole three years in one age
    group (two per group): 36 woman-years at 15-44, seven births at 15-49:

    >>> import numpy as np
    >>> import pandas as pd
    >>> groups = np.repeat(np.arange(7), 2)
    >>> women = pd.DataFrame({
    ...     "v005": 1_000_000, "v008": 1500,
    ...     "v011": 1500 - (60 * (groups + 3) + 40) - 1,
    ...     "v021": np.tile([1, 2], 7), "v022": 1,
    ...     "b3_01": [1488, np.nan, 1488, 1488, 1480, 1488, 1488, np.nan, 1488] + [np.nan] * 5,
    ... })
    >>> res = gfr_from_birth_history(women)
    >>> round(res.gfr, 2), res.n_woman_years, res.births, res.n_clusters
    (194.44, 36.0, 7.0, 2)
    """
    cells = _birth_history_cells(
        women, period_months, period_end, by, awfact, weight, interview, birth_date,
        cluster, stratum, births, jackknife, lonely_psu, level, suppression,
    )  # fmt: skip
    z = NormalDist().inv_cdf(1.0 - (1.0 - level) / 2.0)
    results = [
        (label, _estimate(cells, members, lonely_psu, jackknife, z, suppression))
        for label, members in cells.domains
    ]
    values = _by_domain(results, by, _SCALARS)
    return BirthHistoryGFR(
        **{name: values[name] for name in _SCALARS},
        period_months=int(period_months),
        level=float(level),
        se_method="jackknife" if jackknife else "taylor",
        by=by,
    )


def _estimate(
    cells: _Cells,
    members: npt.NDArray[np.int64],
    lonely_psu: LonelyPSUPolicy,
    jackknife: bool,
    z: float,
    suppression: SuppressionPolicy | None,
) -> dict[str, Any]:
    """The GFR of one domain from its cells (the domain's clusters)."""
    design, s = _design_sums(cells, members)
    k = int(design.size)
    low = slice(0, _DENOMINATOR_GROUPS)
    b_cluster = s["B"].sum(axis=1)  # births to women 15-49
    x_cluster = s["X"][:, low].sum(axis=1)  # woman-years 15-44
    b_total, x_total = float(b_cluster.sum()), float(x_cluster.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.float64(b_total) / np.float64(x_total)
        gfr = float(1000.0 * ratio)
        if k:
            strata = build_strata(cells.stratum[design])
            z_psu = (b_cluster - ratio * x_cluster) / x_total
            variance = float(psu_variance(z_psu, strata, lonely_psu)[0])
        else:
            variance = math.nan
        # deff = "replace" over the woman x age-group rows: births of every group, the
        # woman-years (and their products with births) of 15-44 only
        srs_sums = {
            "Sbb": np.asarray(s["Sbb"].sum()),
            "Sbe": np.asarray(s["Sbe"][:, low].sum()),
            "See": np.asarray(s["See"][:, low].sum()),
        }
        deft = _ratio_deft(
            variance, srs_sums, float(ratio), x_total, float(s["W"].sum()), float(s["N"].sum())
        )
        se_taylor = float(1000.0 * math.sqrt(variance)) if variance >= 0 else math.nan
        se_jackknife = _jackknife_se(b_cluster, x_cluster, gfr) if jackknife else math.nan
    n_years = float(s["E"][:, low].sum())
    scalars: dict[str, Any] = {
        "gfr": gfr,
        **_interval(gfr, se_jackknife if jackknife else se_taylor, z),
        "se_taylor": se_taylor,
        "se_jackknife": se_jackknife,
        "n_clusters": k,
        "deft": deft,
        "births": b_total,
        "n_woman_years": n_years,
        "wn_woman_years": x_total,
        **_counts(cells, members),
        "flag": "",
    }
    if suppression == "dhs":
        _suppress(scalars, n_years, ("gfr", "se_taylor", "se_jackknife"))
    return scalars


def _jackknife_se(births: FloatArray, exposure: FloatArray, gfr: float) -> float:
    """Delete-one-cluster jackknife SE of the GFR from cluster totals (JK1), O(k)."""
    k = births.shape[0]
    if k < 2 or not math.isfinite(gfr):
        return math.nan
    remaining = exposure.sum() - exposure
    if np.any(remaining <= 0):
        raise InvalidInputError(
            "jackknife",
            "a cluster holds all the woman-years at 15-44 of its domain: the jackknife "
            "replicate without it has no exposure; use jackknife=False (Taylor)",
        )
    return _jk1(1000.0 * (births.sum() - births) / remaining, gfr)
