"""Fertility from DHS-style birth histories: the DHS direct method (methods/fertility#dhs).

:func:`tfr_from_birth_history` turns a women's file (one row per woman, DHS recode names:
weight ``v005``, interview ``v008``, date of birth ``v011``, cluster ``v021``, stratum
``v022``, children's birth dates ``b3_01`` ... ``b3_20``) into age-specific fertility rates,
the total fertility rate and their design-based standard errors, as DHS.rates' ``fert()``.

How it runs:

1. **One pass** over the women. Every woman's 36-month window spans at most two five-year
   age groups, the group ``g - 3`` she is in at the end of the period (the "high" slot) and
   the one below (the "low" slot). Per woman it computes, for each slot, the weighted
   births, the weighted and unweighted exposure, the products needed by the design effect
   and the input checks; the pass sums them per (stratum, cluster[, domain]) x age group.
   Two implementations give the same table (tests check it):

   * in memory (:func:`_fast_cells`, pandas and Polars eager): numpy on the columns, each
     birth-date column read once, ``np.bincount`` per cell x age group. It takes data that
     pass every check with birth dates ordered from the most recent, missing dates last
     (every DHS file); anything else goes to the general pass;
   * general (:func:`~dppapp_indikator.survey._engine.grouped_sums`, any engine including
     Polars lazy and Dask): Narwhals expressions. Only when a check fails is the data
     queried again, to name the first offending row and column (and, for birth dates not
     in adjacent order or after a missing date, to check every pair of columns).
2. Everything after is small numpy on cluster x age-group totals: the ratios, their Taylor
   variances (:func:`~dppapp_indikator.survey._variance.psu_variance`), the design effects,
   and the delete-one-cluster jackknife of the TFR computed as *full totals minus one
   cluster's totals* (O(k x 7), never k refits). :mod:`~dppapp_indikator.survey.gfr` reduces
   the same table to the general fertility rate.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError, check_choice
from .._display import notebook_repr
from ..fertility import AGE_GROUPS
from ..fertility import tfr as _tfr
from ..policies import LONELY_PSU_POLICIES, LonelyPSUPolicy, check_policy
from ._engine import Engine, columns_of, engine_of, grouped_sums, require_columns
from ._variance import Strata, build_strata, psu_variance

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "DHS_BRACKETS_BELOW",
    "DHS_SUPPRESS_BELOW",
    "SUPPRESSION_POLICIES",
    "BirthHistoryFertility",
    "SuppressionPolicy",
    "tfr_from_birth_history",
]

FloatArray = npt.NDArray[np.float64]

#: Suppression of rates on small exposure: ``"dhs"`` (DHS rule) or None (no suppression).
SuppressionPolicy: TypeAlias = Literal["dhs"]
SUPPRESSION_POLICIES: tuple[SuppressionPolicy, ...] = ("dhs",)
#: DHS rule: a rate on fewer unweighted woman-years than this is not shown (NaN).
DHS_SUPPRESS_BELOW = 125.0
#: DHS rule: a rate on fewer unweighted woman-years than this (and at least 125) is shown
#: "in brackets" (flagged).
DHS_BRACKETS_BELOW = 250.0

_N_GROUPS = len(AGE_GROUPS)
_MONTHS_PER_GROUP = 60
_MAX_PERIOD = 60  # the exposure split covers at most two five-year groups
_P = "_bh_"  # prefix of every derived column
_HI = f"{_P}hi"  # key: age group (0 = 15-19) at the end of the period, -99 when undefined
_ROW = f"{_P}row"
#: Per-slot sums: weighted births B, weighted exposure X, unweighted exposure E, the
#: products for the design effect (w b^2, w b e, w e^2), weighted and unweighted rows W, N.
_SLOT_SUMS = ("B", "X", "E", "Sbb", "Sbe", "See", "W", "N")
_SLOTS = ("hi", "lo")
_CHECKS = ("weight", "dates", "end", "awfact", "range")
#: The last scalars of a birth-history result: woman-years, row counts and the DHS flag.
_TAIL_SCALARS = (
    "n_woman_years",
    "wn_woman_years",
    "n_women",
    "n_women_used",
    "n_zero_weight",
    "flag",
)


def _sum_column(name: str, slot: str) -> str:
    return f"{_P}{name}_{slot}"


def _check_column(name: str) -> str:
    return f"{_P}chk_{name}"


_SUMS: tuple[str, ...] = (
    *(_sum_column(name, slot) for slot in _SLOTS for name in _SLOT_SUMS),
    f"{_P}used",
    f"{_P}zero_weight",
    f"{_P}irregular",
    *(_check_column(name) for name in _CHECKS),
)


# --------------------------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------------------------
@notebook_repr(
    "tfr",
    "se",
    "ci_low",
    "ci_high",
    "n_clusters",
    "n_women",
    "period_months",
    "se_method",
    "by",
    "asfr",
)
@dataclass(frozen=True)
class BirthHistoryFertility:
    """Fertility rates from birth histories (the result of :func:`tfr_from_birth_history`).

    Scalar attributes are floats / ints for ``by=None`` and pandas Series indexed by the
    domain (named after the ``by`` column) otherwise.

    Attributes
    ----------
    tfr : float or Series
        Total fertility rate [children per woman], ``5 * sum(asfr) / 1000``.
    se : float or Series
        Standard error of the TFR: delete-one-cluster jackknife (NaN with
        ``jackknife=False`` or fewer than 2 clusters).
    ci_low, ci_high : float or Series
        ``tfr -/+ z * se`` (``z`` the normal quantile for ``level``), lower bound clipped at 0.
    n_clusters : int or Series
        Clusters in the (domain's) design: the jackknife's number of replicates.
    deft : float or Series
        Design effect (square root of deff, "replace") of the pooled ratio of all births to
        all woman-years, as DHS.rates reports it for the TFR.
    rse : float or Series
        Relative standard error ``se / tfr``.
    n_woman_years, wn_woman_years : float or Series
        Unweighted and weighted woman-years of exposure (15-49, in the period).
    n_women : int or Series
        Rows (women) in the data (of the domain).
    n_women_used : int or Series
        Women with a positive weight and exposure in the period (the rows that count).
    n_zero_weight : int or Series
        Women with weight 0 (they contribute nothing, as in DHS.rates).
    flag : str or Series
        ``""``, ``"brackets"`` (125-249 unweighted woman-years) or ``"suppressed"`` (< 125)
        under ``suppression="dhs"``; always ``""`` without suppression.
    asfr : pandas.DataFrame
        One row per age group (index ``age_group``; ``(domain, age_group)`` with ``by``):
        ``asfr`` [births per 1,000 woman-years], ``se`` (Taylor linearisation), ``ci_low``,
        ``ci_high``, ``births`` (weighted), ``wn_woman_years`` (weighted),
        ``n_woman_years`` (unweighted), ``deft``, ``rse``, ``flag``.
    period_months : int
        Length of the reference period [months].
    level : float
        Confidence level of the intervals.
    se_method : str
        ``"jackknife"`` (JK1, delete one cluster) or ``"none"``.
    by : str or None
        The domain column.
    """

    tfr: Any
    se: Any
    ci_low: Any
    ci_high: Any
    n_clusters: Any
    deft: Any
    rse: Any
    n_woman_years: Any
    wn_woman_years: Any
    n_women: Any
    n_women_used: Any
    n_zero_weight: Any
    flag: Any
    asfr: pd.DataFrame
    period_months: int
    level: float
    se_method: str
    by: str | None

    _SCALARS = (
        "tfr",
        "se",
        "ci_low",
        "ci_high",
        "n_clusters",
        "deft",
        "rse",
        *_TAIL_SCALARS,
    )

    def summary(self) -> pd.DataFrame:
        """The TFR results as a DataFrame: one row (per domain), one column per attribute."""
        return _summary(self, self._SCALARS)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict: the TFR results (per domain) and the ASFR table as records."""
        return _to_dict(self, "tfr", {"asfr": _records(self.asfr.reset_index())})


def _summary(result: Any, names: Sequence[str]) -> pd.DataFrame:
    """A result's scalars as a DataFrame: one row (per domain), one column per name."""
    import pandas as pd

    if result.by is None:
        return pd.DataFrame({name: [getattr(result, name)] for name in names})
    return pd.DataFrame({name: getattr(result, name) for name in names})


def _to_dict(result: Any, key: str, tables: dict[str, Any]) -> dict[str, Any]:
    """JSON-able dict of a result: its summary as records under ``key``, ``tables``, options."""
    summary = result.summary()
    if result.by is not None:
        summary = summary.reset_index()
    return {
        key: _records(summary),
        **tables,
        "period_months": result.period_months,
        "level": result.level,
        "se_method": result.se_method,
        "by": result.by,
    }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values (NaN -> None)."""
    records: list[dict[str, Any]] = []
    for row in frame.to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, float) and math.isnan(value):
                value = None
            clean[str(key)] = value
        records.append(clean)
    return records


# --------------------------------------------------------------------------------------------
# the public function
# --------------------------------------------------------------------------------------------
def tfr_from_birth_history(
    women: Any,
    period_months: int = 36,
    *,
    period_end: int | str | None = None,
    jackknife: bool = True,
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
) -> BirthHistoryFertility:
    r"""ASFR and TFR from DHS-style birth histories (DHS direct method), with standard errors.

    Parameters
    ----------
    women : pandas, Polars (eager or lazy) or Dask DataFrame
        One row per interviewed woman (a DHS individual recode). Dates are century-month
        codes, ``cmc = (year - 1900) * 12 + month``.
    period_months : int, default 36
        Length of the reference period before the interview month (the interview month
        excluded) [months, 1-60]. At most 60, so that the period spans at most two
        five-year age groups of a woman.
    period_end : int, str or None
        The period ends at this CMC instead of the interview month: a number (one CMC for
        all women) or the name of a column [CMC, <= interview]. Births count when
        ``1 <= end - b3 <= period_months``.
    jackknife : bool, default True
        Compute the TFR's standard error by the delete-one-cluster jackknife (off: ``se``,
        ``ci_low``, ``ci_high`` and ``rse`` of the TFR are NaN).
    by : str or None
        Domain column (e.g. ``"v025"``, urban/rural). Each domain is estimated on the design
        restricted to its own clusters and strata, as DHS.rates' ``Class``; all domains
        come from the same pass.
    awfact : str or None
        Column of the all-women factor for ever-married samples [percent, > 0]: exposure is
        multiplied by ``awfact / 100``. None for all-women samples.
    weight : str, default "v005"
        Sampling weight column [weight x 1,000,000, >= 0]; ``w = v005 / 1e6``. Women with
        weight 0 contribute nothing (reported in ``n_zero_weight``).
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
        Strata with a single cluster, for the ASFR standard errors (DHS.rates sets
        "adjust").
    level : float, default 0.95
        Confidence level of the intervals [share, in (0, 1)].
    suppression : {"dhs"} or None
        ``"dhs"``: rates on fewer than 125 unweighted woman-years are NaN (flag
        "suppressed"), those on 125-249 are flagged "brackets"; the TFR is judged on its
        total unweighted woman-years.

    Returns
    -------
    BirthHistoryFertility
        TFR, its jackknife SE, CI, number of clusters, DEFT, RSE, woman-years and row counts
        (floats/ints, or Series by domain), and the ASFR table ``asfr``.

    Raises
    ------
    InvalidInputError
        If a named column is missing, a weight is negative or missing, a date is missing,
        a birth date lies after the interview or before the mother's own birth, the birth
        columns are not ordered from the most recent birth, the period end lies after the
        interview, an all-women factor is not positive, a cluster lies in two strata, a key
        column has missing values, or an argument is out of range (the message names the
        parameter, the column and the row).

    Notes
    -----
    methods/fertility#dhs (Croft et al. 2018; DHS.rates 0.9.2). With ``end`` the interview CMC
    (or ``period_end``), ``P = period_months`` and ``v011`` the woman's birth CMC, a birth
    at ``b3`` counts in age group ``a = floor((b3 - v011)/60) - 3`` (0 = 15-19 ... 6 =
    45-49) when ``1 <= end - b3 <= P``. The exposure of a woman:
    ``agem = end - v011 - 1``, ``g = floor(agem / 60)``; ``hi = min(agem - 60 g + 1, P)``
    months in group ``g - 3`` and ``P - hi`` months in group ``g - 4`` (when ``hi < P`` and
    ``g - 3 >= 1``); exposure below age 15 is dropped; years = months / 12 (times
    ``awfact / 100``). With ``w = v005 / 10^6``, ``B_a`` and ``X_a`` the weighted births and
    woman-years of group ``a`` and ``B_{ca}``, ``X_{ca}`` those of cluster ``c``:

    $$
    \mathrm{ASFR}_a = 1000\,\frac{B_a}{X_a}, \qquad
    \mathrm{TFR} = \frac{5}{1000} \sum_{a} \mathrm{ASFR}_a, \qquad
    \mathrm{TFR}_{(c)} = 5 \sum_a \frac{B_a - B_{ca}}{X_a - X_{ca}}
    $$

    $$
    \mathrm{SE}_{JK} = \sqrt{\frac{k-1}{k} \sum_{c=1}^{k}
    \left(\mathrm{TFR}_{(c)} - \mathrm{TFR}\right)^2}
    $$

    (DHS.rates writes it with pseudo-values,
    :math:`\sqrt{\sum_c (k\,\mathrm{TFR} - (k-1)\mathrm{TFR}_{(c)} - \mathrm{TFR})^2/(k(k-1))}`,
    the same number). ASFR standard errors are Taylor linearisations of the ratio over the
    design (PSU = cluster, strata, weights): PSU totals ``z_c = (B_{ca} - R_a X_{ca}) / X_a``
    into :func:`~dppapp_indikator.survey._variance.psu_variance`. DEFT is
    ``sqrt(V / V_srs)`` with R survey's ``deff = "replace"``:
    ``V_srs = W / (n - 1) * sum_i w_i r_i^2``, ``r_i = (b_i - R e_i) / X`` over the
    woman x age-group rows of the estimate (``W`` their weight sum, ``n`` their number); for
    the TFR it is the pooled ratio of all births to all woman-years (as DHS.rates).
    Confidence intervals are ``estimate -/+ z SE``, the lower bound clipped at 0.

    References
    ----------
    1. ICF, *Guide to DHS Statistics DHS-7* (Croft, T. N., Marshall, A. M. J., Allen,
       C. K., et al.), 2018.
    2. ICF (Elkasabi, M.), *DHS.rates: Calculates Demographic Indicators*, R package
       version 0.9.2 (CRAN).
    3. Lumley, T., *survey: Analysis of Complex Survey Samples*, R package version 4.1-1
       (CRAN).

    Examples
    --------
    Fourteen women in two clusters, each exposed for the whole three years in one age
    group (two per group), seven births in the period:

    >>> import numpy as np
    >>> import pandas as pd
    >>> groups = np.repeat(np.arange(7), 2)
    >>> women = pd.DataFrame({
    ...     "v005": 1_000_000, "v008": 1500,
    ...     "v011": 1500 - (60 * (groups + 3) + 40) - 1,
    ...     "v021": np.tile([1, 2], 7), "v022": 1,
    ...     "b3_01": [1488, np.nan, 1488, 1488, 1480, 1488, 1488, np.nan, 1488] + [np.nan] * 5,
    ... })
    >>> res = tfr_from_birth_history(women)
    >>> round(res.tfr, 4), res.n_clusters, res.n_woman_years
    (5.8333, 2, 42.0)
    >>> res.asfr["asfr"].round(2).tolist()
    [166.67, 333.33, 333.33, 166.67, 166.67, 0.0, 0.0]
    """
    cells = _birth_history_cells(
        women, period_months, period_end, by, awfact, weight, interview, birth_date,
        cluster, stratum, births, jackknife, lonely_psu, level, suppression,
    )  # fmt: skip
    z = NormalDist().inv_cdf(1.0 - (1.0 - level) / 2.0)
    domains = []
    for label, members in cells.domains:
        domains.append(
            _estimate_domain(cells, members, label, lonely_psu, jackknife, z, suppression)
        )
    return _assemble(domains, by, int(period_months), float(level), jackknife)


def _birth_history_cells(
    women: Any,
    period_months: int,
    period_end: int | str | None,
    by: str | None,
    awfact: str | None,
    weight: str,
    interview: str,
    birth_date: str,
    cluster: str,
    stratum: str | None,
    births: str,
    jackknife: bool = True,
    lonely_psu: LonelyPSUPolicy = "adjust",
    level: float = 0.95,
    suppression: SuppressionPolicy | None = None,
) -> _Cells:
    """Check the arguments and columns, run the one pass and return the design cell x
    age-group totals."""
    _check_arguments(period_months, period_end, jackknife, level, lonely_psu, suppression)
    engine = engine_of(women)
    available = columns_of(women)
    birth_columns = _birth_columns(available, births)
    named: list[tuple[str, str | None]] = [
        ("weight", weight),
        ("interview", interview),
        ("birth_date", birth_date),
        ("cluster", cluster),
        ("stratum", stratum),
        ("by", by),
        ("awfact", awfact),
        ("period_end", period_end if isinstance(period_end, str) else None),
    ]
    for parameter, column in named:
        if column is not None:
            require_columns(women, [column], parameter)

    spec = _Spec(
        period=int(period_months),
        period_end=period_end,
        awfact=awfact,
        weight=weight,
        interview=interview,
        birth_date=birth_date,
        births=tuple(birth_columns),
    )
    if engine in ("pandas", "polars"):
        fast = _fast_cells(women, engine, spec, cluster, stratum, by)
        if fast is not None:
            return fast
    keys = list(dict.fromkeys(k for k in (stratum, cluster, by) if k is not None))
    try:
        table = grouped_sums(women, [*keys, _HI], list(_SUMS), derive=spec.derive, count=f"{_P}n")
    except Exception as error:  # e.g. text in a date column: name the column and the row
        problem = _non_numeric_column(women, engine, spec)
        if problem is not None:
            raise problem from error
        raise
    _raise_on_checks(table, women, engine, spec)
    for parameter, column in (("stratum", stratum), ("cluster", cluster), ("by", by)):
        if column is not None and table[column].isna().any():
            raise InvalidInputError(parameter, f"column {column!r} must not have missing values")
    return _cells(table, cluster, stratum, by)


def _check_arguments(
    period_months: object,
    period_end: object,
    jackknife: object,
    level: object,
    lonely_psu: object,
    suppression: object,
) -> None:
    if isinstance(period_months, bool) or not isinstance(period_months, (int, np.integer)):
        raise InvalidInputError(
            "period_months", "must be an integer number of months", period_months
        )
    if not 1 <= int(period_months) <= _MAX_PERIOD:
        raise InvalidInputError(
            "period_months",
            f"must be in [1, {_MAX_PERIOD}] (the exposure split covers two five-year groups)",
            int(period_months),
        )
    if period_end is not None and not isinstance(period_end, str):
        if isinstance(period_end, bool) or not isinstance(period_end, (int, float, np.number)):
            raise InvalidInputError(
                "period_end", "must be a CMC (number) or a column name", period_end
            )
        if not math.isfinite(float(period_end)) or float(period_end) <= 0:
            raise InvalidInputError("period_end", "must be a positive finite CMC", period_end)
    if not isinstance(jackknife, bool):
        raise InvalidInputError("jackknife", "must be True or False", jackknife)
    if (
        isinstance(level, bool)
        or not isinstance(level, (int, float, np.floating))
        or not 0.0 < float(level) < 1.0
    ):
        raise InvalidInputError("level", "must be in (0, 1)", level)
    check_policy("lonely_psu", lonely_psu, LONELY_PSU_POLICIES)
    if suppression is not None:
        check_choice("suppression", suppression, SUPPRESSION_POLICIES)


def _birth_columns(available: Sequence[str], prefix: str) -> list[str]:
    """The birth-date columns ``<prefix><number>``, in number order (b3_01 first)."""
    if not isinstance(prefix, str) or not prefix:
        raise InvalidInputError("births", "must be a column-name prefix such as 'b3_'", prefix)
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    found = [(int(m.group(1)), name) for name in available if (m := pattern.match(name))]
    if not found:
        raise InvalidInputError(
            "births",
            f"matches no column: expected {prefix}01, {prefix}02, ... (columns: "
            f"{sorted(available)})",
            prefix,
        )
    return [name for _, name in sorted(found)]


# --------------------------------------------------------------------------------------------
# the pass: row-wise derivation with Narwhals expressions
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Spec:
    """What the derivation needs; ``derive`` is the row-wise part of the one pass."""

    period: int
    period_end: int | float | str | None
    awfact: str | None
    weight: str
    interview: str
    birth_date: str
    births: tuple[str, ...]
    #: Order check against the nearest earlier non-missing date (only needed, and only run,
    #: when some woman has a missing date before a non-missing one).
    exact_order: bool = False

    def derive(self, frame: Any) -> Any:
        """Add the per-woman slot sums and check counts (Narwhals expressions)."""
        import narwhals.stable.v2 as nw

        f64 = nw.Float64
        period = float(self.period)

        def col(name: str) -> Any:
            return nw.col(name)

        def clean(name: str) -> Any:  # float, NaN -> null (missing)
            return nw.col(name).cast(f64).fill_nan(None)

        def flag(condition: Any) -> Any:  # 1.0 / 0.0, null (missing) -> 0.0
            return condition.fill_null(False).cast(f64)

        def count(condition: Any) -> Any:  # 1.0 / 0.0 for conditions on the birth dates,
            # which are never null (missing -> -inf); a missing v008 / v011 makes the sum
            # null, then 0, and the "dates" check reports that row
            return condition.cast(f64)

        names = ("w", "iv", "dob", "end", "fac", "agem", "g", "wp", "u", "hi", "him", "lom")
        w, iv, dob, end, fac, agem, g, wp, u, hi, him, lom = (f"{_P}{n}" for n in names)
        top, first, last, start, hiok, look = (
            f"{_P}{n}" for n in ("top", "first", "last", "start", "hiok", "look")
        )
        xs = [f"{_P}x{j}" for j in range(len(self.births))]
        if isinstance(self.period_end, str):
            end_expr = clean(self.period_end)
        elif self.period_end is not None:
            end_expr = nw.lit(float(self.period_end), dtype=f64)
        else:
            end_expr = clean(self.interview)
        fac_expr = clean(self.awfact) / 100.0 if self.awfact is not None else nw.lit(1.0)
        frame = frame.with_columns(
            clean(self.weight).alias(w),
            clean(self.interview).alias(iv),
            clean(self.birth_date).alias(dob),
            end_expr.alias(end),
            fac_expr.alias(fac),
            # birth dates; a missing date becomes -inf (never in a window, never "later")
            *[clean(b).fill_null(-math.inf).alias(x) for b, x in zip(self.births, xs, strict=True)],
        )
        # exposure: agem = end - v011 - 1, g = floor(agem / 60); the top group is g - 3
        frame = frame.with_columns(
            (col(end) - col(dob) - 1.0).alias(agem),
            (col(w).fill_null(0.0) / 1e6 * flag(col(w) > 0.0)).alias(wp),
            flag(col(w) > 0.0).alias(u),
            (col(end) - period).alias(first),  # births in [first, last] count
            (col(end) - 1.0).alias(last),
        )
        frame = frame.with_columns((col(agem) / _MONTHS_PER_GROUP).floor().alias(g))
        frame = frame.with_columns(
            (col(g) - 3.0).alias(hi),
            # months in the top group: min(agem - 60 g + 1, P)
            (col(agem) - _MONTHS_PER_GROUP * col(g) + 1.0).clip(upper_bound=period).alias(him),
            (col(dob) + _MONTHS_PER_GROUP * col(g)).alias(top),  # CMC of entering group g - 3
        )
        frame = frame.with_columns(
            ((period - col(him)) * flag(col(hi) >= 1.0)).alias(lom),  # months in g - 4
            flag((col(hi) >= 0.0) & (col(hi) <= _N_GROUPS - 1.0)).alias(hiok),
            (col(first) + (col(top) - col(first)).clip(lower_bound=0.0)).alias(start),
        )
        frame = frame.with_columns(
            flag((col(hi) >= 1.0) & (col(hi) <= float(_N_GROUPS)) & (col(lom) > 0.0)).alias(look)
        )
        # A birth in the period (first <= b3 <= last) is in the top group g - 3 when
        # b3 >= top, i.e. floor((b3 - v011) / 60) = g, and in g - 4 otherwise: with P <= 60
        # the period reaches no further back.
        in_hi = [count(col(x).is_between(col(start), col(last))) for x in xs]
        in_lo = [count(col(x).is_between(col(first), col(top), closed="left")) for x in xs]
        # checks: dates outside [v011, v008] (present minus inside), and "irregular" columns
        # (a date later than the column before it, or a date after a missing one): only then
        # is the exact order check run, as a second query (DHS files have none)
        present = [count(col(x) > -math.inf) for x in xs]
        inside = [count(col(x).is_between(col(dob), col(iv))) for x in xs]
        irregular = [count(col(xs[j]) > col(xs[j - 1])) for j in range(1, len(xs))]
        bhi, blo, ehi, elo = (f"{_P}{n}" for n in ("bhi", "blo", "ehi", "elo"))
        frame = frame.with_columns(
            (_total(in_hi) * col(hiok)).alias(bhi),
            (_total(in_lo) * col(look)).alias(blo),
            (col(him) / 12.0 * col(fac) * col(hiok)).alias(ehi),
            (col(lom) / 12.0 * col(fac) * col(look)).alias(elo),
            flag(col(w).is_null() | (col(w) < 0.0)).alias(_check_column("weight")),
            flag(col(iv).is_null() | col(dob).is_null() | (col(dob) > col(iv))).alias(
                _check_column("dates")
            ),
            flag(col(end).is_null() | (col(end) > col(iv))).alias(_check_column("end")),
            (
                flag(col(fac).is_null() | (col(fac) <= 0.0))
                if self.awfact is not None
                else nw.lit(0.0)
            ).alias(_check_column("awfact")),
            (_total(present) - _total(inside)).alias(_check_column("range")),
            (_total(irregular) if irregular else nw.lit(0.0)).alias(f"{_P}irregular"),
            *([self._exact_order(xs, flag)] if self.exact_order else []),
        )
        slot_values: dict[str, tuple[Any, Any]] = {
            "B": (col(wp) * col(bhi), col(wp) * col(blo)),
            "X": (col(wp) * col(ehi), col(wp) * col(elo)),
            "E": (col(u) * col(ehi), col(u) * col(elo)),
            "Sbb": (col(wp) * col(bhi) ** 2, col(wp) * col(blo) ** 2),
            "Sbe": (col(wp) * col(bhi) * col(ehi), col(wp) * col(blo) * col(elo)),
            "See": (col(wp) * col(ehi) ** 2, col(wp) * col(elo) ** 2),
            "W": (col(wp) * col(hiok), col(wp) * col(look)),
            "N": (col(u) * col(hiok), col(u) * col(look)),
        }
        return frame.with_columns(
            *[
                slot_values[name][s].alias(_sum_column(name, slot))
                for name in _SLOT_SUMS
                for s, slot in enumerate(_SLOTS)
            ],
            (col(u) * flag((col(hiok) + col(look)) > 0.0)).alias(f"{_P}used"),
            flag(col(w) == 0.0).alias(f"{_P}zero_weight"),
            col(hi).fill_null(-99.0).cast(nw.Int64).alias(_HI),
        )

    @staticmethod
    def _exact_order(xs: Sequence[str], flag: Callable[[Any], Any]) -> Any:
        """Dates later than an earlier non-missing date, O(J^2) terms (error path only)."""
        import narwhals.stable.v2 as nw

        terms = [
            flag((nw.col(xs[j]) > nw.col(xs[i])) & (nw.col(xs[i]) > -math.inf))
            for j in range(1, len(xs))
            for i in range(j)
        ]
        return (_total(terms) if terms else nw.lit(0.0)).alias(_check_column("order"))


def _total(terms: Sequence[Any]) -> Any:
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


# --------------------------------------------------------------------------------------------
# the in-memory path: numpy on the columns of a pandas or eager Polars frame
# --------------------------------------------------------------------------------------------
def _float_column(women: Any, engine: Engine, name: str) -> FloatArray:
    """A column as float64, missing (null or NaN) as NaN."""
    if engine == "polars":
        import polars as pl

        series = women.get_column(name)
        return np.asarray(series.cast(pl.Float64).to_numpy(), dtype=np.float64)
    return np.asarray(women[name].to_numpy(dtype=np.float64, na_value=np.nan))


def _column_with_missing(
    women: Any, engine: Engine, name: str
) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
    """A numeric column as (values, missing): the values are meaningless where missing.

    Nullable integer columns (pandas ``Int16`` ..., Polars integers with nulls) are read
    without a conversion to float.
    """
    if engine == "polars":
        series = women.get_column(name)
        if not (series.dtype.is_float() or series.dtype.is_integer()):
            raise TypeError(name)
        nulls = series.null_count()
        if nulls == len(series):
            return np.zeros(nulls), np.ones(nulls, dtype=bool)
        values = np.asarray(series.to_numpy())  # nulls -> NaN (as float)
        if values.dtype.kind in "iu":  # no nulls
            return values, np.zeros(values.shape, dtype=bool)
        values = values.astype(np.float64, copy=False)
        return values, np.isnan(values)
    series = women[name]
    array = series.array
    data, mask = getattr(array, "_data", None), getattr(array, "_mask", None)
    if (
        isinstance(data, np.ndarray)
        and isinstance(mask, np.ndarray)
        and data.dtype.kind in "iu"
        and mask.dtype == np.bool_
        and data.shape == mask.shape == (len(series),)
    ):  # a pandas nullable integer column
        return data, mask
    values = np.asarray(series.to_numpy())
    if values.dtype.kind in "iu":
        return values, np.zeros(values.shape, dtype=bool)
    values = np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan))
    return values, np.isnan(values)


def _factorize(women: Any, engine: Engine, name: str) -> tuple[npt.NDArray[np.intp], Any]:
    """Sorted codes (-1 for missing) and labels of a key column (numbers or strings).

    Other key types (categoricals, whose order is not that of their values, dates, ...)
    raise TypeError: the general pass groups them.
    """
    import pandas as pd

    if engine == "polars":
        import polars as pl

        series = women.get_column(name)
        if not (series.dtype.is_numeric() or series.dtype == pl.String):
            raise TypeError(name)
        values = series.to_numpy()
    else:
        column = women[name]
        if isinstance(column.dtype, pd.CategoricalDtype) or column.dtype.kind not in "iufbOT":
            raise TypeError(name)
        values = column.to_numpy()
    if values.dtype.kind in "iu" and values.size:
        low, high = int(values.min()), int(values.max())
        if high - low <= 4 * values.size + 1024:  # small integer range: a lookup table
            shifted = (values - low).astype(np.intp)
            present = np.bincount(shifted, minlength=high - low + 1) > 0
            lookup = np.cumsum(present) - 1
            return lookup[shifted], np.flatnonzero(present) + low
    codes, labels = pd.factorize(values, sort=True)
    return np.asarray(codes, dtype=np.intp), np.asarray(labels)


#: Rows per block of the in-memory path: the per-row temporaries of a block stay in cache.
_BLOCK_ROWS = 1 << 16


def _fast_cells(
    women: Any, engine: Engine, spec: _Spec, cluster: str, stratum: str | None, by: str | None
) -> _Cells | None:
    """The cells of :func:`_cells` computed with numpy on the in-memory columns.

    Covers data that passes every input check with birth dates ordered from the most recent,
    missing dates last (every DHS file). Returns None for anything else (a failed check, a
    gap or disorder in the birth dates, a column numpy cannot read as numbers, missing or
    unsortable keys, a cluster in two strata): the Narwhals pass then handles the data and
    names the offending row. The rows are processed in blocks of :data:`_BLOCK_ROWS`.
    """
    try:
        w = _float_column(women, engine, spec.weight)
        iv = _float_column(women, engine, spec.interview)
        dob = _float_column(women, engine, spec.birth_date)
        if isinstance(spec.period_end, str):
            end = _float_column(women, engine, spec.period_end)
        elif spec.period_end is not None:
            end = np.full(iv.shape, float(spec.period_end))
        else:
            end = iv
        fac = _float_column(women, engine, spec.awfact) / 100.0 if spec.awfact else None
        key_codes = [
            _factorize(women, engine, name) if name is not None else None
            for name in (by, stratum, cluster)
        ]
        births = [_column_with_missing(women, engine, name) for name in spec.births]
    except Exception:  # not numbers (or keys) numpy can read: the general pass reports it
        return None
    with np.errstate(invalid="ignore"):
        if (
            not (w >= 0.0).all()  # NaN fails
            or not (dob <= iv).all()
            or not (end <= iv).all()
            or (fac is not None and not (fac > 0.0).all())
        ):
            return None
    if any(k is not None and (k[0] < 0).any() for k in key_codes):
        return None
    design = _design_cells(key_codes, w.shape[0])
    if design is None:
        return None
    cell, m = design[0], design[1]
    size = m * _N_GROUPS
    totals = {name: np.zeros(size) for name in _SLOT_SUMS}
    used = np.zeros(m)
    zero_weight = np.zeros(m)
    for low in range(0, w.shape[0], _BLOCK_ROWS):
        rows = slice(low, low + _BLOCK_ROWS)
        block = _block_sums(
            spec,
            w[rows],
            iv[rows],
            dob[rows],
            end[rows],
            fac[rows] if fac is not None else None,
            [(values[rows], missing[rows]) for values, missing in births],
        )
        if block is None:
            return None
        hi, slots, block_used, block_zero = block
        block_cell = cell[rows]
        index_hi = block_cell * _N_GROUPS + np.clip(hi, 0.0, _N_GROUPS - 1.0).astype(np.intp)
        index_lo = block_cell * _N_GROUPS + np.clip(hi - 1.0, 0.0, _N_GROUPS - 1.0).astype(np.intp)
        for name in _SLOT_SUMS:
            values_hi, values_lo = slots[name]  # zero outside the group range (hiok / look)
            totals[name] += _weighted_bincount(index_hi, values_hi, size)
            totals[name] += _weighted_bincount(index_lo, values_lo, size)
        used += _weighted_bincount(block_cell, block_used, m)
        zero_weight += _weighted_bincount(block_cell, block_zero, m)
    sums = {name: total.reshape(m, _N_GROUPS) for name, total in totals.items()}
    _, _, strata, clusters, n_women, domains = design
    return _Cells(
        sums=sums,
        stratum=strata,
        cluster=clusters,
        used=sums["N"].sum(axis=1),
        n_women=n_women,
        n_used=used,
        n_zero_weight=zero_weight,
        domains=domains,
    )


_SlotValues: TypeAlias = dict[str, tuple[FloatArray, FloatArray]]


def _block_sums(
    spec: _Spec,
    w: FloatArray,
    iv: FloatArray,
    dob: FloatArray,
    end: FloatArray,
    fac: FloatArray | None,
    births: list[tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]],
) -> tuple[FloatArray, _SlotValues, FloatArray, FloatArray] | None:
    """Per-woman slot values of a block of rows (None: irregular birth dates)."""
    n = w.shape[0]
    period = float(spec.period)
    agem = end - dob - 1.0
    g = np.floor(agem / _MONTHS_PER_GROUP)
    hi = g - 3.0
    him = np.minimum(agem - _MONTHS_PER_GROUP * g + 1.0, period)
    top = dob + _MONTHS_PER_GROUP * g
    first = end - period
    last = end - 1.0
    lom = (period - him) * (hi >= 1.0)
    hiok = (hi >= 0.0) & (hi <= _N_GROUPS - 1.0)
    look = (hi >= 1.0) & (hi <= float(_N_GROUPS)) & (lom > 0.0)
    start = first + np.maximum(top - first, 0.0)
    # the birth dates: checks (in [v011, v008], each not after the one before it, missing
    # dates last) and the births of the period in the top (hi) and lower (lo) group
    in_hi = np.zeros(n)
    in_lo = np.zeros(n)
    before: tuple[npt.NDArray[Any], npt.NDArray[np.bool_]] | None = None
    window = True  # a column may still hold births of the period
    ended = False  # a column was entirely missing: every later one must be too
    for values, missing in births:
        if ended:
            if not missing.all():
                return None  # a date after a missing one: the general pass checks
            continue
        if missing.all():
            ended = True
            continue
        present = ~missing
        if ((values < dob) & present).any():
            return None  # before the woman's own birth
        if before is None:
            if ((values > iv) & present).any():
                return None  # after the interview
        else:
            previous, previous_missing = before
            # after a missing date, or later than the date before it (which is not after
            # the interview): the general pass names the row
            if (previous_missing & present).any() or ((values > previous) & present).any():
                return None
        if window:
            after_first = (values >= first) & present
            if after_first.any():
                in_hi += after_first & (values >= start) & (values <= last)
                in_lo += after_first & (values < top)
            else:
                window = False  # ordered: no later date reaches the period
        before = (values, missing)
    hiok_f = hiok.astype(np.float64)
    look_f = look.astype(np.float64)
    positive = w > 0.0
    u = positive.astype(np.float64)
    wp = np.where(positive, w / 1e6, 0.0)
    fac_or_one = fac if fac is not None else 1.0
    ehi = him / 12.0 * fac_or_one * hiok_f
    elo = lom / 12.0 * fac_or_one * look_f
    bhi = in_hi * hiok_f
    blo = in_lo * look_f
    slots: _SlotValues = {
        "B": (wp * bhi, wp * blo),
        "X": (wp * ehi, wp * elo),
        "E": (u * ehi, u * elo),
        "Sbb": (wp * bhi**2, wp * blo**2),
        "Sbe": (wp * bhi * ehi, wp * blo * elo),
        "See": (wp * ehi**2, wp * elo**2),
        "W": (wp * hiok_f, wp * look_f),
        "N": (u * hiok_f, u * look_f),
    }
    return hi, slots, u * (hiok | look), (w == 0.0).astype(np.float64)


def _design_cells(
    key_codes: list[tuple[npt.NDArray[np.intp], Any] | None], n: int
) -> (
    tuple[
        npt.NDArray[np.intp],
        int,
        npt.NDArray[Any],
        npt.NDArray[Any],
        npt.NDArray[np.int64],
        list[tuple[Any, npt.NDArray[np.int64]]],
    ]
    | None
):
    """Cell of each row (domain, stratum, cluster), sorted as a group-by; None if a cluster
    lies in two strata. Returns the row cells, their number, each cell's stratum and cluster
    label, its row count and the domains (label, cells)."""
    by_key, stratum_key, cluster_key = key_codes
    assert cluster_key is not None
    sizes = [len(k[1]) if k is not None else 1 for k in key_codes]
    codes = [k[0] if k is not None else np.zeros(n, dtype=np.intp) for k in key_codes]
    combined = (codes[0] * sizes[1] + codes[1]) * sizes[2] + codes[2]
    total = sizes[0] * sizes[1] * sizes[2]
    if total <= max(4 * n, 1 << 16):
        present = np.bincount(combined, minlength=total) > 0
        lookup = np.cumsum(present) - 1
        cell_keys = np.flatnonzero(present)
        cell = lookup[combined]
    else:
        cell_keys, cell = np.unique(combined, return_inverse=True)
    m = int(cell_keys.shape[0])
    cell_by, rest = np.divmod(cell_keys, sizes[1] * sizes[2])
    cell_stratum, cell_cluster = np.divmod(rest, sizes[2])
    if stratum_key is not None:
        # clusters nested in strata: each cluster in one stratum (else the Narwhals pass names it)
        pairs = np.unique(cell_stratum * sizes[2] + cell_cluster)
        if np.bincount(pairs % sizes[2], minlength=sizes[2]).max() > 1:
            return None
    if by_key is None:
        domains: list[tuple[Any, npt.NDArray[np.int64]]] = [(None, np.arange(m))]
    else:
        labels = by_key[1]
        domains = [
            (_plain(labels[d]), np.flatnonzero(cell_by == d).astype(np.int64))
            for d in np.unique(cell_by)
        ]
    strata = (
        np.asarray(stratum_key[1])[cell_stratum]
        if stratum_key is not None
        else np.zeros(m, dtype=np.int64)
    )
    n_women = np.bincount(cell, minlength=m).astype(np.int64)
    return (
        np.asarray(cell, dtype=np.intp),
        m,
        strata,
        np.asarray(cluster_key[1])[cell_cluster],
        n_women,
        domains,
    )


def _weighted_bincount(index: npt.NDArray[np.intp], weights: FloatArray, size: int) -> FloatArray:
    return np.asarray(np.bincount(index, weights=weights, minlength=size), dtype=np.float64)


# --------------------------------------------------------------------------------------------
# input checks: counted in the pass, located (error path only) by a second query
# --------------------------------------------------------------------------------------------
def _raise_on_checks(table: pd.DataFrame, women: Any, engine: Engine, spec: _Spec) -> None:
    for check in _CHECKS:
        if table[_check_column(check)].sum() > 0:
            found = _first_bad_row(women, engine, spec, _check_column(check))
            assert found is not None
            raise _check_error(check, *found, spec)
    if table[f"{_P}irregular"].sum() > 0:
        # A birth date later than the column before it, or after a missing one: the pass
        # compared adjacent columns only, so check every pair (a second query, only for such
        # data; DHS files have neither).
        exact = dataclasses.replace(spec, exact_order=True)
        found = _first_bad_row(women, engine, exact, _check_column("order"))
        if found is not None:
            raise _check_error("order", *found, exact)


def _non_numeric_column(women: Any, engine: Engine, spec: _Spec) -> InvalidInputError | None:
    """The first value of an input column that is not a number (error path only)."""
    import pandas as pd

    named: list[tuple[str, str]] = [
        ("weight", spec.weight),
        ("interview", spec.interview),
        ("birth_date", spec.birth_date),
    ]
    if isinstance(spec.period_end, str):
        named.append(("period_end", spec.period_end))
    if spec.awfact is not None:
        named.append(("awfact", spec.awfact))
    named += [("births", name) for name in spec.births]
    for parameter, column in named:
        if engine == "pandas":
            series = women[column]
        elif engine == "polars":
            series = women.get_column(column).to_pandas()
        elif engine == "polars-lazy":
            series = women.select(column).collect().get_column(column).to_pandas()
        else:
            series = women[column].compute()
        numbers = pd.to_numeric(series, errors="coerce")
        bad = np.flatnonzero(numbers.isna().to_numpy() & series.notna().to_numpy())
        if bad.size:
            row = int(bad[0])
            value = series.iloc[row]
            if engine == "dask":  # partition-local positions: name the index label
                label = _plain(series.index[row])
                return InvalidInputError(
                    parameter,
                    f"column {column!r} must hold numbers (row labelled {label!r})",
                    value,
                )
            return InvalidInputError(parameter, f"column {column!r} must hold numbers", value, row)
    return None


def _first_bad_row(
    women: Any, engine: Engine, spec: _Spec, check: str
) -> tuple[Any, dict[str, Any]] | None:
    """Row number (Dask: index label) and input values of the first row failing ``check``."""
    import narwhals.stable.v2 as nw

    inputs = [spec.weight, spec.interview, spec.birth_date, *spec.births]
    if isinstance(spec.period_end, str):
        inputs.append(spec.period_end)
    if spec.awfact is not None:
        inputs.append(spec.awfact)
    inputs = list(dict.fromkeys(inputs))
    if engine == "dask":

        def partition(pdf: Any) -> Any:
            frame = spec.derive(nw.from_native(pdf, eager_only=True))
            return nw.to_native(frame.filter(nw.col(check) > 0).select(*inputs))

        found = women.map_partitions(partition, meta=partition(women._meta)).head(1, npartitions=-1)
        if not len(found):
            return None
        return _plain(found.index[0]), dict(found.iloc[0].to_dict())
    if engine == "polars-lazy":
        frame = nw.from_native(women.with_row_index(_ROW))
    elif engine == "polars":
        frame = nw.from_native(women.with_row_index(_ROW), eager_only=True)
    else:
        frame = nw.from_native(women, eager_only=True).with_row_index(_ROW)
    found = spec.derive(frame).filter(nw.col(check) > 0).select(_ROW, *inputs).head(1)
    if engine == "polars-lazy":
        found = found.collect()
    rows = found.rows(named=True)
    if not rows:
        return None
    row = rows[0]
    return int(row.pop(_ROW)), dict(row)


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def _check_error(check: str, row: Any, values: Mapping[str, Any], spec: _Spec) -> InvalidInputError:
    iv = _number(values[spec.interview])
    dob = _number(values[spec.birth_date])
    position = row if isinstance(row, int) else None
    # the row appears as the error's position (row number); Dask gives the index label
    where = "" if position is not None else f" in the row labelled {row!r}"
    if check == "weight":
        return InvalidInputError(
            "weight",
            f"column {spec.weight!r} must be >= 0 and not missing (weight x 1e6){where}",
            values[spec.weight],
            position,
        )
    if check == "dates":
        if math.isnan(iv):
            return InvalidInputError(
                "interview", f"column {spec.interview!r} must not be missing{where}", iv, position
            )
        if math.isnan(dob):
            return InvalidInputError(
                "birth_date",
                f"column {spec.birth_date!r} must not be missing{where}",
                dob,
                position,
            )
        return InvalidInputError(
            "birth_date",
            f"column {spec.birth_date!r} (the woman's birth) must not be after the interview "
            f"({spec.interview!r} = {iv:g}){where}",
            dob,
            position,
        )
    if check == "end":
        name = spec.period_end if isinstance(spec.period_end, str) else "period_end"
        end = values[name] if isinstance(spec.period_end, str) else spec.period_end
        return InvalidInputError(
            "period_end",
            f"({name!r}) must not be missing nor after the interview ({spec.interview!r} = "
            f"{iv:g}){where}",
            end,
            position,
        )
    if check == "awfact":
        assert spec.awfact is not None
        return InvalidInputError(
            "awfact",
            f"column {spec.awfact!r} must be > 0 and not missing [percent]{where}",
            values[spec.awfact],
            position,
        )
    dates = [(name, _number(values[name])) for name in spec.births]
    if check == "range":
        name, value = next((n, v) for n, v in dates if v > iv or v < dob)
        if value > iv:
            constraint = (
                f"column {name!r} has a birth date after the interview ({spec.interview!r} = "
                f"{iv:g}){where}"
            )
        else:
            constraint = (
                f"column {name!r} has a birth date before the woman's own birth "
                f"({spec.birth_date!r} = {dob:g}){where}"
            )
    else:
        earliest = math.inf
        name, value = spec.births[0], math.nan
        for n, v in dates:
            if not math.isnan(v):
                if v > earliest:
                    name, value = n, v
                    break
                earliest = min(earliest, v)
        constraint = (
            f"columns must be ordered from the most recent birth ({spec.births[0]!r}) "
            f"backwards; column {name!r} is later than an earlier column ({earliest:g}){where}"
        )
    return InvalidInputError("births", constraint, value, position)


# --------------------------------------------------------------------------------------------
# numpy on cluster x age-group totals
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Cells:
    """Totals per design cell (stratum, cluster[, domain]) x age group.

    ``sums[name]`` is an (m, 7) array for each of :data:`_SLOT_SUMS`; the counts are (m,).
    """

    sums: dict[str, FloatArray]
    stratum: npt.NDArray[Any]
    cluster: npt.NDArray[Any]
    used: FloatArray
    n_women: npt.NDArray[np.int64]
    n_used: FloatArray
    n_zero_weight: FloatArray
    domains: list[tuple[Any, npt.NDArray[np.int64]]]


def _cells(table: pd.DataFrame, cluster: str, stratum: str | None, by: str | None) -> _Cells:
    import pandas as pd

    key_columns = list(dict.fromkeys(k for k in (by, stratum, cluster) if k is not None))
    grouped = table.groupby(key_columns, sort=True, dropna=False)
    codes = grouped.ngroup().to_numpy(dtype=np.int64)
    keys = grouped.size().reset_index()[key_columns]
    m = len(keys)
    cluster_labels = keys[cluster].to_numpy()
    strata_labels = keys[stratum].to_numpy() if stratum is not None else np.zeros(m, dtype=np.int64)
    if stratum is not None:
        per_cluster = keys.groupby(cluster, sort=False)[stratum].nunique()
        if (per_cluster > 1).any():
            label = per_cluster.index[np.flatnonzero(per_cluster.to_numpy() > 1)[0]]
            raise InvalidInputError(
                "cluster",
                f"clusters must be nested in strata: cluster {label!r} of {cluster!r} lies in "
                f"more than one stratum of {stratum!r}",
            )
    hi = table[_HI].to_numpy(dtype=np.int64)
    slot_group = {"hi": hi, "lo": hi - 1}
    sums: dict[str, FloatArray] = {}
    for name in _SLOT_SUMS:
        total = np.zeros((m, _N_GROUPS))
        for slot in _SLOTS:
            group = slot_group[slot]
            ok = (group >= 0) & (group < _N_GROUPS)
            values = table[_sum_column(name, slot)].to_numpy(dtype=np.float64)
            np.add.at(total, (codes[ok], group[ok]), values[ok])
        sums[name] = total

    def per_cell(column: str) -> FloatArray:
        weights = table[column].to_numpy(np.float64)
        return np.asarray(np.bincount(codes, weights=weights, minlength=m), dtype=np.float64)

    n_women = np.bincount(codes, weights=table[f"{_P}n"].to_numpy(np.float64), minlength=m)
    if by is None:
        domains: list[tuple[Any, npt.NDArray[np.int64]]] = [(None, np.arange(m))]
    else:
        domain_codes, domain_labels = pd.factorize(keys[by], sort=True)
        domains = [
            (_plain(label), np.flatnonzero(domain_codes == d).astype(np.int64))
            for d, label in enumerate(domain_labels)
        ]
    return _Cells(
        sums=sums,
        stratum=strata_labels,
        cluster=cluster_labels,
        used=sums["N"].sum(axis=1),
        n_women=n_women.astype(np.int64),
        n_used=per_cell(f"{_P}used"),
        n_zero_weight=per_cell(f"{_P}zero_weight"),
        domains=domains,
    )


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


@dataclass(frozen=True)
class _DomainEstimate:
    label: Any
    scalars: dict[str, Any]
    asfr: dict[str, FloatArray]


def _estimate_domain(
    cells: _Cells,
    members: npt.NDArray[np.int64],
    label: Any,
    lonely_psu: LonelyPSUPolicy,
    jackknife: bool,
    z: float,
    suppression: SuppressionPolicy | None,
) -> _DomainEstimate:
    """All estimates of one domain from its cells (the domain's clusters)."""
    counts = _counts(cells, members)
    design, s = _design_sums(cells, members)
    k = int(design.size)
    births, exposure = s["B"], s["X"]
    b_total, x_total = births.sum(axis=0), exposure.sum(axis=0)
    n_rows, w_rows = s["N"].sum(axis=0), s["W"].sum(axis=0)
    strata: Strata | None = None
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = b_total / x_total  # births per woman-year
        rate = 1000.0 * ratio
        if k:
            strata = build_strata(cells.stratum[design])
            z_asfr = (births - ratio * exposure) / x_total
            variance = psu_variance(z_asfr, strata, lonely_psu)
        else:
            variance = np.full(_N_GROUPS, np.nan)
        se = 1000.0 * np.sqrt(variance)
        srs = _srs_variance(s, ratio, x_total, w_rows, n_rows)
        deft = np.sqrt(variance / srs)
        rse = se / rate
    tfr = float(cast(float, _tfr(rate, missing="propagate")))
    se_tfr = _jackknife_se(births, exposure, tfr) if jackknife else math.nan
    deft_tfr = _pooled_deft(s, strata, lonely_psu)
    e_total = s["E"].sum(axis=0)
    asfr = {
        "asfr": rate,
        "se": se,
        "ci_low": np.maximum(rate - z * se, 0.0),
        "ci_high": rate + z * se,
        "births": b_total,
        "wn_woman_years": x_total,
        "n_woman_years": e_total,
        "deft": deft,
        "rse": rse,
    }
    scalars: dict[str, Any] = {
        "tfr": tfr,
        **_interval(tfr, se_tfr, z),
        "n_clusters": k,
        "deft": deft_tfr,
        "n_woman_years": float(e_total.sum()),
        "wn_woman_years": float(x_total.sum()),
        **counts,
    }
    flags = np.full(_N_GROUPS, "", dtype=object)
    scalars["flag"] = ""
    if suppression == "dhs":
        flags = _dhs_flags(e_total)
        for column in ("asfr", "se", "ci_low", "ci_high", "deft", "rse"):
            asfr[column] = np.where(flags == "suppressed", np.nan, asfr[column])
        _suppress(scalars, float(e_total.sum()), ("tfr",))
    asfr["flag"] = flags
    return _DomainEstimate(label=label, scalars=scalars, asfr=asfr)


def _counts(cells: _Cells, members: npt.NDArray[np.int64]) -> dict[str, int]:
    """Row counts of a domain: women, women used, women with weight 0."""
    return {
        "n_women": int(cells.n_women[members].sum()),
        "n_women_used": int(np.rint(cells.n_used[members].sum())),
        "n_zero_weight": int(np.rint(cells.n_zero_weight[members].sum())),
    }


def _design_sums(
    cells: _Cells, members: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], dict[str, FloatArray]]:
    """A domain's cells with rows in the design and their cell x age-group totals."""
    design = members[cells.used[members] > 0]  # clusters with rows in the design
    return design, {name: values[design] for name, values in cells.sums.items()}


def _interval(estimate: float, se: float, z: float) -> dict[str, float]:
    """``se``, the interval ``estimate -/+ z se`` (lower bound clipped at 0) and ``rse``."""
    return {
        "se": se,
        "ci_low": max(estimate - z * se, 0.0) if not math.isnan(se) else math.nan,
        "ci_high": estimate + z * se,
        "rse": se / estimate if estimate else math.nan,
    }


def _suppress(scalars: dict[str, Any], unweighted_years: float, names: Sequence[str]) -> None:
    """DHS flag of a domain's scalars; NaN for ``names``, the interval, DEFT and RSE when
    suppressed."""
    scalars["flag"] = str(_dhs_flags(np.array([unweighted_years]))[0])
    if scalars["flag"] == "suppressed":
        for name in (*names, "se", "ci_low", "ci_high", "deft", "rse"):
            scalars[name] = math.nan


def _by_domain(
    results: Sequence[tuple[Any, Mapping[str, Any]]], by: str | None, names: Sequence[str]
) -> dict[str, Any]:
    """The scalars of the only domain (``by=None``) or Series of each name indexed by domain."""
    if by is None:
        return dict(results[0][1])
    import pandas as pd

    labels = pd.Index([label for label, _ in results], name=by)
    return {
        name: pd.Series([scalars[name] for _, scalars in results], index=labels, name=name)
        for name in names
    }


def _ratio_deft(
    variance: float,
    s: Mapping[str, FloatArray],
    ratio: float,
    x_total: float,
    w_rows: float,
    n_rows: float,
) -> float:
    """DEFT ``sqrt(V / V_srs)`` of a pooled ratio (``deff = "replace"``, all cells summed)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        srs = float(_srs_variance(s, ratio, x_total, w_rows, n_rows, axis=None))
        return float(np.sqrt(np.float64(variance) / np.float64(srs)))


def _jk1(replicates: FloatArray, estimate: float) -> float:
    """JK1 standard error ``sqrt((k - 1) / k * sum (replicate - estimate)^2)`` over k clusters."""
    k = replicates.shape[0]
    return float(np.sqrt((k - 1) / k * np.sum((replicates - estimate) ** 2)))


def _srs_variance(
    s: Mapping[str, FloatArray],
    ratio: FloatArray | float,
    x_total: FloatArray | float,
    w_rows: FloatArray | float,
    n_rows: FloatArray | float,
    axis: int | None = 0,
) -> Any:
    """R survey's ``deff = "replace"`` denominator for a ratio, from the pass's products.

    ``svyvar(r) * W^2 / n`` with ``r = (b - R e) / X`` over the woman x age-group rows:
    ``W / (n - 1) * sum w r^2`` (the weighted mean of ``r`` is 0 for a ratio).
    """
    squares = s["Sbb"] - 2.0 * ratio * s["Sbe"] + ratio**2 * s["See"]
    sum_wr2 = squares.sum(axis=axis) / np.square(x_total)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(w_rows) / (np.asarray(n_rows) - 1.0) * sum_wr2


def _pooled_deft(
    s: Mapping[str, FloatArray], strata: Strata | None, lonely_psu: LonelyPSUPolicy
) -> float:
    """DEFT of the pooled ratio of all births to all woman-years (DHS.rates' TFR DEFT)."""
    if strata is None:
        return math.nan
    b_total, x_total = float(s["B"].sum()), float(s["X"].sum())
    if x_total <= 0:
        return math.nan
    ratio = b_total / x_total
    z_pooled = (s["B"] - ratio * s["X"]).sum(axis=1) / x_total
    variance = float(psu_variance(z_pooled, strata, lonely_psu)[0])
    return _ratio_deft(variance, s, ratio, x_total, float(s["W"].sum()), float(s["N"].sum()))


def _jackknife_se(births: FloatArray, exposure: FloatArray, tfr: float) -> float:
    """Delete-one-cluster jackknife SE of the TFR from cluster totals (JK1).

    Replicate ``c`` uses the totals minus cluster ``c``'s totals: O(k x 7), no refit.
    """
    k = births.shape[0]
    if k < 2 or math.isnan(tfr):
        return math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = 1000.0 * (births.sum(axis=0) - births) / (exposure.sum(axis=0) - exposure)
    rates[~np.isfinite(rates)] = np.nan
    return _jk1(np.asarray(_tfr(rates, missing="propagate"), dtype=np.float64), tfr)


def _dhs_flags(unweighted_years: FloatArray) -> npt.NDArray[np.object_]:
    flags = np.full(unweighted_years.shape, "", dtype=object)
    flags[unweighted_years < DHS_BRACKETS_BELOW] = "brackets"
    flags[unweighted_years < DHS_SUPPRESS_BELOW] = "suppressed"
    return flags


def _assemble(
    domains: list[_DomainEstimate], by: str | None, period: int, level: float, jackknife: bool
) -> BirthHistoryFertility:
    import pandas as pd

    columns = [
        "asfr",
        "se",
        "ci_low",
        "ci_high",
        "births",
        "wn_woman_years",
        "n_woman_years",
        "deft",
        "rse",
        "flag",
    ]
    groups = list(AGE_GROUPS)
    if by is None:
        index: Any = pd.Index(groups, name="age_group")
    else:
        index = pd.MultiIndex.from_product(
            [[d.label for d in domains], groups], names=[by, "age_group"]
        )
    data = {
        column: np.concatenate([np.asarray(d.asfr[column]) for d in domains]) for column in columns
    }
    asfr = pd.DataFrame(data, index=index, columns=columns)
    asfr["flag"] = asfr["flag"].astype(object)
    names = BirthHistoryFertility._SCALARS
    values = _by_domain([(d.label, d.scalars) for d in domains], by, names)
    return BirthHistoryFertility(
        **{name: values[name] for name in names},
        asfr=asfr,
        period_months=period,
        level=level,
        se_method="jackknife" if jackknife else "none",
        by=by,
    )
