"""Fertility: ASFR, TFR, GRR, NRR and the own-children method, agreement IKU 5.

Formulas follow methods/fertility#rates (rates from tabulated births and woman-years) and 4.3 (the
own-children method on census tabulations). The Total Fertility Rate is a lower-is-better
indicator in the agreement (target 2.23 for DKI Jakarta in 2024).

Every function that takes a *schedule* of age-specific rates (``tfr``, ``grr``, ``nrr``)
accepts the seven five-year age groups 15-19 ... 45-49 (:data:`AGE_GROUPS`) as

* a length-7 sequence, 1-D ndarray, mapping keyed by age group, or pandas Series -> ``float``;
* an ``(n, 7)`` ndarray (one schedule per row: regions, years, jackknife replicates) ->
  ``ndarray`` of ``n``;
* a 7-column pandas DataFrame -> Series with the frame's index.

Labels (Series index, DataFrame columns, mapping keys) that name the age groups ("15-19" ...)
are reordered into age order; unlabelled input is taken in age order. The birth-history
estimator (methods/fertility#dhs) builds on :func:`asfr` (weighted births and exposure per age
group,
as ``(n, 7)`` arrays) and :func:`tfr` (one TFR per row, e.g. per jackknife replicate).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

import numpy as np
import numpy.typing as npt

from ._arrays import ArrayLike, FloatArray, FloatResult, broadcast, is_dataframe, is_series
from ._checks import (
    InvalidInputError,
    check_choice,
    check_nonnegative,
    check_positive,
    fail_where,
)
from ._display import notebook_repr

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "AGE_GROUPS",
    "AGE_GROUP_WIDTH",
    "OWN_CHILDREN_AVERAGES",
    "RATE_MISSING_POLICIES",
    "OwnChildrenAverage",
    "OwnChildrenEstimate",
    "RateMissingPolicy",
    "asfr",
    "grr",
    "nrr",
    "own_children_asfr",
    "tfr",
]

#: The seven five-year age groups of the reproductive span, in order.
AGE_GROUPS: tuple[str, ...] = ("15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49")
#: Width of each age group [years].
AGE_GROUP_WIDTH = 5
#: First and last single year of age of the reproductive span [years].
FIRST_AGE, LAST_AGE = 15, 49

#: Missing ASFRs: ``"raise"`` (default) or ``"propagate"`` (a schedule with a NaN gives NaN).
RateMissingPolicy: TypeAlias = Literal["raise", "propagate"]
RATE_MISSING_POLICIES: tuple[RateMissingPolicy, ...] = ("raise", "propagate")

#: How the own-children method averages several years: pooled ratio or mean of annual ASFRs.
OwnChildrenAverage: TypeAlias = Literal["pooled", "mean"]
OWN_CHILDREN_AVERAGES: tuple[OwnChildrenAverage, ...] = ("pooled", "mean")

#: A schedule (or a table of schedules) of seven age-group values.
AgeSchedule: TypeAlias = "npt.ArrayLike | Mapping[str, float] | pd.Series[Any] | pd.DataFrame"
#: What :func:`asfr` returns: its inputs' container (a DataFrame for DataFrame inputs).
RateResult: TypeAlias = "float | FloatArray | pd.Series[Any] | pd.DataFrame"

_N_GROUPS = len(AGE_GROUPS)


# --------------------------------------------------------------------------------------------
# age schedules: parsing, checks, container restoration
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Schedules:
    """Schedules as an ``(n, 7)`` float ``table`` in age order, and how to give results back."""

    table: FloatArray
    kind: str  # "vector" (one schedule -> float), "array" (-> ndarray), "frame" (-> Series)
    index: Any = None


def _wrong_count(name: str, count: int) -> InvalidInputError:
    return InvalidInputError(
        name, f"must have exactly {_N_GROUPS} age groups (15-19 to 45-49); got {count}"
    )


def _label_order(name: str, labels: Sequence[Any]) -> list[int]:
    """Column order that puts ``labels`` in age order (positional when unlabelled)."""
    named = [isinstance(label, str) and label in AGE_GROUPS for label in labels]
    if any(named):
        missing = [g for g in AGE_GROUPS if g not in labels]
        unexpected = [label for label, ok in zip(labels, named, strict=True) if not ok]
        if missing or unexpected or len(labels) != _N_GROUPS:
            raise InvalidInputError(
                name,
                "labels must be the 7 age groups 15-19, 20-24, ..., 45-49, each once "
                f"(missing {missing}, unexpected {unexpected})",
            )
        return [list(labels).index(group) for group in AGE_GROUPS]
    if len(labels) != _N_GROUPS:
        raise _wrong_count(name, len(labels))
    return list(range(_N_GROUPS))


def _numeric(name: str, value: Any) -> FloatArray:
    if value is None or isinstance(value, (str, bytes)):
        raise InvalidInputError(name, "must be numeric", value)
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(name, "must be numeric") from exc


def _schedules(name: str, value: object) -> _Schedules:
    """Parse one schedule or a table of schedules into an ``(n, 7)`` array in age order."""
    if is_dataframe(value):
        frame: Any = value
        order = _label_order(name, list(frame.columns))
        try:
            values = np.asarray(frame.to_numpy(dtype=np.float64, na_value=np.nan))
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(name, "must hold numeric columns only") from exc
        return _Schedules(values[:, order], "frame", frame.index)
    if is_series(value):
        series: Any = value
        order = _label_order(name, list(series.index))
        try:
            values = np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan))
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(name, "must be numeric") from exc
        return _Schedules(values[order][np.newaxis, :], "vector")
    if isinstance(value, Mapping):
        keys = list(value)
        named = [isinstance(k, str) and k in AGE_GROUPS for k in keys]
        if not all(named):
            _label_order(name, keys)  # raises with the missing/unexpected labels
            raise InvalidInputError(name, "keys must be the 7 age groups 15-19 ... 45-49")
        order = _label_order(name, keys)
        values = _numeric(name, [value[keys[i]] for i in order])
        return _Schedules(values[np.newaxis, :], "vector")
    array = _numeric(name, value)
    if array.ndim == 1:
        if array.shape[0] != _N_GROUPS:
            raise _wrong_count(name, array.shape[0])
        return _Schedules(array[np.newaxis, :], "vector")
    if array.ndim == 2:
        if array.shape[1] != _N_GROUPS:
            raise _wrong_count(name, array.shape[1])
        return _Schedules(array, "array")
    raise InvalidInputError(
        name,
        f"must be a sequence of {_N_GROUPS} age-group values or an (n, {_N_GROUPS}) table; "
        f"got {array.ndim} dimensions",
    )


def _fail_age(
    name: str, schedules: _Schedules, bad: npt.NDArray[np.bool_], constraint: str
) -> None:
    """Raise for the first bad cell, naming its age group and position."""
    if not bad.any():
        return
    row, col = (int(i) for i in np.argwhere(bad)[0])
    position: int | tuple[int, int] = col if schedules.kind == "vector" else (row, col)
    raise InvalidInputError(
        name,
        f"{constraint} (age group {AGE_GROUPS[col]})",
        float(schedules.table[row, col]),
        position,
    )


def _check_schedules(name: str, schedules: _Schedules, *, missing: str = "raise") -> None:
    values = schedules.table
    if missing == "raise":
        _fail_age(name, schedules, np.isnan(values), "must not be NaN (missing)")
    _fail_age(name, schedules, np.isinf(values), "must be finite")
    with np.errstate(invalid="ignore"):
        _fail_age(name, schedules, values < 0, "must be >= 0")


def _wrap_rows(schedules: _Schedules, values: FloatArray, name: str) -> FloatResult:
    """One value per schedule, in the container of the schedules."""
    if schedules.kind == "vector":
        return float(values[0])
    if schedules.kind == "frame":
        pd_module = sys.modules["pandas"]
        return cast("pd.Series[Any]", pd_module.Series(values, index=schedules.index, name=name))
    return values


def _rate_sum(schedules: _Schedules) -> FloatArray:
    """``5 * sum(rates) / 1000`` per schedule (NaN rows stay NaN)."""
    return np.asarray(AGE_GROUP_WIDTH * schedules.table.sum(axis=1) / 1000.0, dtype=np.float64)


def _row_values(
    name: str,
    value: ArrayLike,
    schedules: _Schedules,
    owner: str,
    *,
    lower: float,
    constraint: str,
) -> FloatArray:
    """A per-schedule parameter: a number, or one value per schedule (row); NaN allowed.

    Values below ``lower`` raise with ``constraint``; the result has one value per schedule.
    """
    n = schedules.table.shape[0]
    if is_series(value):
        series: Any = value
        if schedules.kind == "frame" and not series.index.equals(schedules.index):
            raise InvalidInputError(
                name, f"must have the same index as `{owner}` (Series are not aligned silently)"
            )
        array = np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan))
    else:
        array = _numeric(name, value)
    fail_where(name, array, np.isinf(array), "must be finite")
    with np.errstate(invalid="ignore"):
        fail_where(name, array, array < lower, constraint)
    if array.ndim == 0:
        return np.full(n, float(array))
    if array.ndim == 1 and array.shape[0] == n and schedules.kind != "vector":
        return array
    if array.size == 1:
        return np.full(n, float(array.reshape(-1)[0]))
    raise InvalidInputError(
        name, f"must be a number or one value per schedule of `{owner}` ({n}); got {array.shape}"
    )


# --------------------------------------------------------------------------------------------
# methods/fertility#rates: rates
# --------------------------------------------------------------------------------------------
def asfr(births: ArrayLike | pd.DataFrame, woman_years: ArrayLike | pd.DataFrame) -> RateResult:
    r"""Age-specific fertility rate: births per 1,000 woman-years.

    Parameters
    ----------
    births : float, array_like, Series or DataFrame
        Live births to women of the age group in the period [births, >= 0]. Survey-weighted
        births are fractional, so any non-negative real number is accepted.
    woman_years : float, array_like, Series or DataFrame
        Years lived by women of the age group in the period (exposure) [woman-years, > 0].
        For a one-year period this is the mid-year number of women.

    Returns
    -------
    float, ndarray, Series or DataFrame
        ASFR [births per 1,000 woman-years], in the container of the inputs (broadcast
        together). Two DataFrames (same index and columns, e.g. regions x age groups) give a
        DataFrame. NaN in either argument gives NaN for that element.

    Raises
    ------
    InvalidInputError
        If ``births`` is negative or infinite, if ``woman_years`` is zero, negative or
        infinite, if an argument is not numeric, if the shapes do not broadcast, or if
        DataFrame arguments do not share index and columns.

    Notes
    -----
    methods/fertility#rates, for each five-year age group $a$ = 15-19, ..., 45-49:

    $$
    \mathrm{ASFR}_a = \frac{B_a}{E_a} \times 1000
    $$

    with $B_a$ the births and $E_a$ the woman-years of exposure. The function is element-wise:
    an ``(n, 7)`` table of births and exposure (regions, years, jackknife replicates) gives an
    ``(n, 7)`` table of ASFRs ready for :func:`tfr`.

    References
    ----------
    1. ICF, *Guide to DHS Statistics DHS-7* (Croft, T. N., et al.), 2018.
    2. Badan Pusat Statistik, *Hasil Long Form Sensus Penduduk 2020*, 2023.

    Examples
    --------
    >>> asfr(120, 2400)
    50.0
    >>> asfr([120, 300], [2400, 2000])
    array([ 50., 150.])
    """
    if is_dataframe(births) or is_dataframe(woman_years):
        return _asfr_frames(births, woman_years)
    container, (numerator, exposure) = broadcast(births=births, woman_years=woman_years)
    check_nonnegative("births", numerator)
    check_positive("woman_years", exposure)
    with np.errstate(invalid="ignore"):
        return container.wrap_float(numerator / exposure * 1000.0)


def _asfr_frames(births: Any, woman_years: Any) -> pd.DataFrame:
    """ASFR of two aligned DataFrames (same index and columns)."""
    for name, value in (("births", births), ("woman_years", woman_years)):
        if not is_dataframe(value):
            raise InvalidInputError(
                name, "must be a DataFrame when the other argument is a DataFrame"
            )
    if not (births.index.equals(woman_years.index) and births.columns.equals(woman_years.columns)):
        raise InvalidInputError(
            "woman_years", "must have the same index and columns as `births` (no silent alignment)"
        )
    try:
        numerator = np.asarray(births.to_numpy(dtype=np.float64, na_value=np.nan))
    except (TypeError, ValueError) as exc:
        raise InvalidInputError("births", "must hold numeric columns only") from exc
    try:
        exposure = np.asarray(woman_years.to_numpy(dtype=np.float64, na_value=np.nan))
    except (TypeError, ValueError) as exc:
        raise InvalidInputError("woman_years", "must hold numeric columns only") from exc
    rates = asfr(numerator, exposure)
    pd_module = sys.modules["pandas"]
    return cast(
        "pd.DataFrame", pd_module.DataFrame(rates, index=births.index, columns=births.columns)
    )


def tfr(asfr: AgeSchedule, *, missing: RateMissingPolicy = "raise") -> FloatResult:
    r"""Total fertility rate from the seven age-specific fertility rates.

    Parameters
    ----------
    asfr : sequence, mapping, ndarray, Series or DataFrame
        Age-specific fertility rates of the groups 15-19, 20-24, ..., 45-49 [births per 1,000
        woman-years, >= 0]: a length-7 sequence / 1-D array / Series / mapping (one
        schedule), an ``(n, 7)`` array or a 7-column DataFrame (one schedule per row).
        Labels equal to :data:`AGE_GROUPS` (Series index, DataFrame columns, mapping keys) are
        put in age order whatever their order; unlabelled values must be in age order.
    missing : {"raise", "propagate"}, default "raise"
        Missing-value policy: ``"raise"`` rejects any NaN ASFR; ``"propagate"`` gives NaN for
        a schedule (row) with a NaN ASFR.

    Returns
    -------
    float, ndarray or Series
        TFR [children per woman]: a float for one schedule, an ndarray of ``n`` for an
        ``(n, 7)`` array, a Series (the frame's index, name ``"tfr"``) for a DataFrame.

    Raises
    ------
    InvalidInputError
        If an ASFR is negative, infinite or (under ``missing="raise"``) NaN: the message names
        the age group and the position; if there are not exactly 7 age groups, or labels
        that are not the 7 age groups; if the values are not numeric; if ``missing`` is not
        a known policy.

    Notes
    -----
    methods/fertility#rates (and the seed's *metode pengukuran*: "menjumlahkan nilai semua ASFR
    dikalikan 5 dibagi 1.000"):

    $$
    \mathrm{TFR} = \frac{5 \sum_{a=1}^{7} \mathrm{ASFR}_a}{1000}
    $$

    the number of children a woman would bear if she lived through ages 15-49 at the
    current ASFRs. TFR is lower-is-better in the agreement (IKU 5, target 2.23 for 2024).

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 5, 2024.
    2. ICF, *Guide to DHS Statistics DHS-7* (Croft, T. N., et al.), 2018.
    3. Elkasabi, M., *DHS.rates: Calculating Key Indicators from DHS Surveys*, R package
       version 0.9.2, 2023.

    Examples
    --------
    DHS.rates 0.9.2 vignette (artificial AWIR70 data; published TFR 4.011):

    >>> import numpy as np
    >>> rates = [111.102, 207.647, 188.508, 158.503, 104.737, 24.797, 6.848]
    >>> round(tfr(rates), 3)
    4.011
    >>> tfr(np.array([rates, [100.0] * 7]))
    array([4.01071, 3.5 ])
    """
    check_choice("missing", missing, RATE_MISSING_POLICIES)
    schedules = _schedules("asfr", asfr)
    _check_schedules("asfr", schedules, missing=missing)
    return _wrap_rows(schedules, _rate_sum(schedules), "tfr")


def grr(
    female_asfr: AgeSchedule | None = None,
    *,
    asfr: AgeSchedule | None = None,
    sex_ratio_at_birth: ArrayLike | None = None,
    missing: RateMissingPolicy = "raise",
) -> FloatResult:
    r"""Gross reproduction rate: daughters per woman, without mortality.

    Give exactly one route: ``female_asfr`` (rates of female births), or ``asfr`` (rates of
    all births) with ``sex_ratio_at_birth``.

    Parameters
    ----------
    female_asfr : sequence, mapping, ndarray, Series or DataFrame, optional
        Age-specific rates of *female* live births, groups 15-19 ... 45-49 [female births per
        1,000 woman-years, >= 0]; same forms as ``tfr``'s ``asfr``.
    asfr : sequence, mapping, ndarray, Series or DataFrame, optional
        Age-specific fertility rates of all live births [births per 1,000 woman-years, >= 0].
    sex_ratio_at_birth : float, array_like or Series, optional
        Sex ratio at birth, SRB [males per 100 females, >= 10; e.g. 105, not 1.05]: a number,
        or one value per schedule of ``asfr``. NaN gives NaN for that schedule.
    missing : {"raise", "propagate"}, default "raise"
        Missing-ASFR policy, as in :func:`tfr`.

    Returns
    -------
    float, ndarray or Series
        GRR [daughters per woman], in the container of the schedules (as :func:`tfr`).

    Raises
    ------
    InvalidInputError
        If both routes or neither are given (or ``asfr`` without ``sex_ratio_at_birth`` or the
        reverse), if a rate is invalid (as in :func:`tfr`), if ``sex_ratio_at_birth`` is below
        10 (a ratio per one female) or infinite, or does not match the number of schedules.

    Notes
    -----
    methods/fertility#rates, from female-birth rates, or approximated from the TFR and the SRB:

    $$
    \mathrm{GRR} = \frac{5 \sum_a \mathrm{ASFR}^{f}_a}{1000}
    \approx \mathrm{TFR} \times \frac{100}{100 + \mathrm{SRB}}
    $$

    The approximation assumes the same sex ratio at birth at every age of the mother.

    References
    ----------
    1. Preston, S. H., Heuveline, P., Guillot, M., *Demography: Measuring and Modeling
       Population Processes*, Blackwell, 2001.
    2. United Nations, *Manual X: Indirect Techniques for Demographic Estimation*, 1983.

    Examples
    --------
    >>> grr([20.0, 50.0, 50.0, 40.0, 25.0, 10.0, 5.0])
    1.0
    >>> round(grr(asfr=[40.0, 100.0, 100.0, 80.0, 50.0, 20.0, 10.0], sex_ratio_at_birth=105),
    ...       6)
    0.97561
    """
    check_choice("missing", missing, RATE_MISSING_POLICIES)
    if female_asfr is not None:
        if asfr is not None or sex_ratio_at_birth is not None:
            raise InvalidInputError(
                "female_asfr",
                "excludes `asfr` and `sex_ratio_at_birth`: give exactly one route "
                "(female_asfr, or asfr with sex_ratio_at_birth)",
            )
        schedules = _schedules("female_asfr", female_asfr)
        _check_schedules("female_asfr", schedules, missing=missing)
        return _wrap_rows(schedules, _rate_sum(schedules), "grr")
    if asfr is None:
        raise InvalidInputError(
            "asfr",
            "is required (with `sex_ratio_at_birth`) when `female_asfr` is not given: give "
            "exactly one route",
        )
    if sex_ratio_at_birth is None:
        raise InvalidInputError(
            "sex_ratio_at_birth", "is required with `asfr` (males per 100 females)"
        )
    schedules = _schedules("asfr", asfr)
    _check_schedules("asfr", schedules, missing=missing)
    srb = _row_values(
        "sex_ratio_at_birth",
        sex_ratio_at_birth,
        schedules,
        "asfr",
        lower=10.0,
        constraint="must be males per 100 females (>= 10; e.g. 105, not 1.05)",
    )
    return _wrap_rows(schedules, _rate_sum(schedules) * 100.0 / (100.0 + srb), "grr")


def nrr(
    female_asfr: AgeSchedule,
    survivorship: AgeSchedule,
    *,
    radix: float,
    missing: RateMissingPolicy = "raise",
) -> FloatResult:
    r"""Net reproduction rate: surviving daughters per woman.

    Parameters
    ----------
    female_asfr : sequence, mapping, ndarray, Series or DataFrame
        Age-specific rates of *female* live births, groups 15-19 ... 45-49 [female births per
        1,000 woman-years, >= 0]; same forms as ``tfr``'s ``asfr``.
    survivorship : sequence, mapping, ndarray, Series or DataFrame
        The female life table's ${}_5L_x$ for the same seven groups: person-years lived
        between exact ages $x$ and $x+5$ by a cohort of ``radix`` births [person-years,
        0 to 5 x radix]. One schedule, or one per schedule of ``female_asfr``. NaN raises.
    radix : float
        The life table's radix $l_0$ [births, > 0], e.g. 100000. Required: there is no
        default, because the $_5L_x$ only make sense with the radix they were computed for.
    missing : {"raise", "propagate"}, default "raise"
        Missing-ASFR policy for ``female_asfr``, as in :func:`tfr`.

    Returns
    -------
    float, ndarray or Series
        NRR [daughters per woman], one value per schedule (container as :func:`tfr`; a
        DataFrame in either argument gives a Series).

    Raises
    ------
    InvalidInputError
        If a rate is invalid (as in :func:`tfr`), if a ${}_5L_x$ is NaN, negative, infinite
        or above ``5 * radix``, if ``radix`` is not a positive number, or if the two arguments
        have different numbers of schedules (other than one) or different DataFrame indexes.

    Notes
    -----
    methods/fertility#rates, with the female life table as input:

    $$
    \mathrm{NRR} = \sum_{a=1}^{7} \frac{\mathrm{ASFR}^{f}_a}{1000}
    \cdot \frac{{}_5L_{x_a}}{l_0}
    $$

    ${}_5L_x / l_0$ is the years a newborn girl can expect to live in the group (at most 5),
    so without mortality (${}_5L_x = 5 l_0$) the NRR equals the GRR.

    References
    ----------
    1. Preston, S. H., Heuveline, P., Guillot, M., *Demography: Measuring and Modeling
       Population Processes*, Blackwell, 2001.
    2. United Nations, *Manual X: Indirect Techniques for Demographic Estimation*, 1983.

    Examples
    --------
    >>> female = [20.0, 50.0, 50.0, 40.0, 25.0, 10.0, 5.0]
    >>> nrr(female, [480000.0] * 7, radix=100000)
    0.96
    """
    check_choice("missing", missing, RATE_MISSING_POLICIES)
    rates = _schedules("female_asfr", female_asfr)
    _check_schedules("female_asfr", rates, missing=missing)
    lifetable = _schedules("survivorship", survivorship)
    _check_schedules("survivorship", lifetable)
    l0 = _numeric("radix", radix)
    if l0.ndim != 0:
        raise InvalidInputError("radix", "must be a single number (the life table's l0)")
    check_positive("radix", l0)
    if np.isnan(l0):
        raise InvalidInputError("radix", "must not be NaN (missing)", float(l0))
    _fail_age(
        "survivorship",
        lifetable,
        lifetable.table > AGE_GROUP_WIDTH * float(l0),
        "must be <= 5 * radix (person-years lived in a 5-year group per l0 births)",
    )
    n_rates, n_table = rates.table.shape[0], lifetable.table.shape[0]
    if n_rates != n_table and n_table != 1 and n_rates != 1:
        raise InvalidInputError(
            "survivorship",
            f"must hold one schedule or one per schedule of `female_asfr` ({n_rates}); "
            f"got {n_table}",
        )
    out = _combine(rates, lifetable)
    values = (rates.table / 1000.0 * (lifetable.table / float(l0))).sum(axis=1)
    return _wrap_rows(out, np.asarray(values, dtype=np.float64), "nrr")


def _combine(first: _Schedules, second: _Schedules) -> _Schedules:
    """The output container of two schedule arguments (the richer one wins)."""
    if first.kind == "frame" and second.kind == "frame":
        if not first.index.equals(second.index):
            raise InvalidInputError(
                "survivorship",
                "must have the same index as `female_asfr` (DataFrames are not aligned silently)",
            )
        return first
    for kind in ("frame", "array"):
        for candidate in (first, second):
            if candidate.kind == kind:
                return candidate
    return first


# --------------------------------------------------------------------------------------------
# methods/fertility#own-children: own-children method
# --------------------------------------------------------------------------------------------
@notebook_repr("tfr", "asfr", "years", "average", "tfr_by_year")
@dataclass(frozen=True)
class OwnChildrenEstimate:
    """Result of :func:`own_children_asfr` (arrays are read-only).

    Attributes
    ----------
    years : tuple of int
        Years before the census, $t$, in the order given (row order of the tables).
    births : ndarray, shape (len(years), 7)
        Reverse-survived births in year $t$ by mother's age group [births].
    woman_years : ndarray, shape (len(years), 7)
        Reverse-survived women in year $t$ by age group [woman-years].
    asfr_by_year : ndarray, shape (len(years), 7)
        ASFR in year $t$ [births per 1,000 woman-years].
    tfr_by_year : ndarray, shape (len(years),)
        TFR in year $t$ [children per woman].
    asfr : ndarray, shape (7,)
        ASFR averaged over ``years`` by ``average`` [births per 1,000 woman-years].
    tfr : float
        TFR of the averaged ASFRs [children per woman].
    adjustment_factors : ndarray, shape (n_child_ages,)
        $k_t = 1 + U_t / M_t$ for every child age $t$ (1 where no child is matched).
    average : str
        The averaging rule used ("pooled" or "mean").
    """

    years: tuple[int, ...]
    births: FloatArray
    woman_years: FloatArray
    asfr_by_year: FloatArray
    tfr_by_year: FloatArray
    asfr: FloatArray
    tfr: float
    adjustment_factors: FloatArray
    average: str


def _table(name: str, value: npt.ArrayLike, ndim: int) -> FloatArray:
    array = _numeric(name, value)
    if array.ndim != ndim:
        raise InvalidInputError(name, f"must be {ndim}-D; got shape {array.shape}")
    fail_where(name, array, np.isnan(array), "must not be NaN (missing)")
    return array


def _readonly(array: npt.ArrayLike) -> FloatArray:
    out = np.array(array, dtype=np.float64)
    out.setflags(write=False)
    return out


def own_children_asfr(
    own_children: npt.ArrayLike,
    unmatched_children: npt.ArrayLike,
    women: npt.ArrayLike,
    *,
    first_mother_age: int,
    child_person_years: npt.ArrayLike,
    child_radix: float,
    female_person_years: npt.ArrayLike,
    years: Sequence[int],
    average: OwnChildrenAverage,
) -> OwnChildrenEstimate:
    r"""ASFRs for the years before a census by the own-children method.

    Own children aged 0-14 matched to their mothers in the household are reverse-survived
    into births $t$ years before the census, and the women into the female population $t$
    years before; their ratio by five-year age group is the ASFR of year $t$.

    Parameters
    ----------
    own_children : array_like, shape (n_mother_ages, n_child_ages)
        Own children (matched to a mother in the household) by single year of age of the
        mother at the census, $x$ (row $i$ is age ``first_mother_age + i``), and single year
        of age of the child, $t$ (column $t$ is age $t$; ``n_child_ages`` <= 15) [children].
    unmatched_children : array_like, shape (n_child_ages,)
        Children of each single year of age $t$ not matched to a mother (non-own children,
        including orphans) [children].
    women : array_like, shape (n_mother_ages,)
        All women (mothers or not) by single year of age at the census, same rows as
        ``own_children`` [women].
    first_mother_age : int
        Age at the census of the first row of ``own_children`` and ``women`` [years].
    child_person_years : array_like, shape (n_child_ages,)
        The (both-sexes) child life table's ${}_1L_t$, person-years lived between exact ages
        $t$ and $t+1$ per ``child_radix`` births, for $t$ = 0 ... n_child_ages-1
        [person-years, 0 < L_t <= child_radix].
    child_radix : float
        Radix $l_0$ of the child life table [births, > 0].
    female_person_years : array_like, shape (>= 50 + max(years),)
        The female life table's ${}_1L_x$ by single year of age, element $x$ = age $x$ from
        0 [person-years, > 0; only ratios are used, so any radix will do].
    years : sequence of int
        Years before the census to estimate, each $t$ in 0 ... n_child_ages-1 (year $t$ is the
        year that ended $t$ years before the census; children aged $t$ were born in it).
    average : {"pooled", "mean"}
        How the ASFRs of several years are averaged: ``"pooled"`` = total births / total
        woman-years over the years; ``"mean"`` = the mean of the annual ASFRs. No default:
        methods/fertility#own-children leaves the rule to the user.

    Returns
    -------
    OwnChildrenEstimate
        Births, woman-years, ASFR and TFR per year $t$, the averaged ASFR and TFR, and the
        adjustment factors $k_t$.

    Raises
    ------
    InvalidInputError
        If a table has the wrong shape, a NaN, a negative or infinite value; if a life-table
        value is not positive (or ${}_1L_t$ exceeds ``child_radix``); if unmatched children of
        an age have no matched children of that age to be distributed over; if ``years`` is
        empty, repeated or outside the child ages; if the rows do not cover mothers aged
        15 + t to 49 + t for every year; if a reverse-survived age group has no women; or if
        ``average`` is unknown.

    Notes
    -----
    methods/fertility#own-children. With $C_{x,t}$ own children aged $t$ of mothers aged $x$, $M_t =
    \sum_x C_{x,t}$, $U_t$ unmatched children, $W_x$ women, and the life tables:

    $$
    k_t = 1 + \frac{U_t}{M_t}, \qquad
    B_{x-t}(t) = \frac{C_{x,t}\, k_t}{L^{c}_t / l^{c}_0}, \qquad
    W_{x-t}(t) = W_x \frac{L_{x-t}}{L_x}
    $$

    $$
    \mathrm{ASFR}_a(t) = 1000 \times
    \frac{\sum_{x - t \in a} B_{x-t}(t)}{\sum_{x - t \in a} W_{x-t}(t)}
    $$

    A mother aged $x$ at the census is counted at age $x - t$ in year $t$ (the women are
    reverse-survived by the same shift), so births are attributed to the age group of $x - t$;
    births to mothers below 15 or above 49 at that age are not in the seven groups.
    Because $k_t$ spreads the unmatched children (orphans included) over the matched ones,
    births need no separate reverse survival for the mothers' mortality. Without
    mortality ($L$ ratios 1) and with $k_t = 1$, the births of year $t$ are the own children
    aged $t$.

    References
    ----------
    1. Cho, L.-J., Retherford, R. D., Choe, M. K., *The Own-Children Method of Fertility
       Estimation*, East-West Center, University of Hawaii Press, 1986.
    2. Badan Pusat Statistik, *Hasil Long Form Sensus Penduduk 2020*, 2023.

    Examples
    --------
    No mortality, no unmatched children, 100 women at every age 15-50 and 10 own children
    aged 0 to mothers aged 20 at the census: ASFR 20-24 in year 0 = 10 / 500 x 1000 = 20.

    >>> import numpy as np
    >>> children = np.zeros((36, 2))
    >>> children[20 - 15, 0] = 10
    >>> est = own_children_asfr(children, [0, 0], [100] * 36, first_mother_age=15,
    ...                         child_person_years=[1, 1], child_radix=1,
    ...                         female_person_years=np.ones(51), years=[0],
    ...                         average="pooled")
    >>> est.asfr_by_year[0].tolist(), est.tfr
    ([0.0, 20.0, 0.0, 0.0, 0.0, 0.0, 0.0], 0.1)
    """
    check_choice("average", average, OWN_CHILDREN_AVERAGES)
    matched_table = _table("own_children", own_children, 2)
    check_nonnegative("own_children", matched_table)
    n_mother_ages, n_child_ages = matched_table.shape
    if not 1 <= n_child_ages <= 15:
        raise InvalidInputError(
            "own_children", f"must have 1 to 15 columns (child ages 0-14); got {n_child_ages}"
        )
    unmatched = _table("unmatched_children", unmatched_children, 1)
    check_nonnegative("unmatched_children", unmatched)
    women_x = _table("women", women, 1)
    check_nonnegative("women", women_x)
    if women_x.shape[0] != n_mother_ages:
        raise InvalidInputError(
            "women",
            f"must have one value per row of `own_children` ({n_mother_ages})",
            women_x.shape[0],
        )
    child_l = _table("child_person_years", child_person_years, 1)
    for name, array in (("unmatched_children", unmatched), ("child_person_years", child_l)):
        if array.shape[0] != n_child_ages:
            raise InvalidInputError(
                name,
                f"must have one value per column (child age) of `own_children` ({n_child_ages})",
                array.shape[0],
            )
    radix = _numeric("child_radix", child_radix)
    if radix.ndim != 0 or np.isnan(radix):
        raise InvalidInputError("child_radix", "must be a single number (the l0)", child_radix)
    check_positive("child_radix", radix)
    check_positive("child_person_years", child_l)
    fail_where("child_person_years", child_l, child_l > float(radix), "must be <= `child_radix`")
    female_l = _table("female_person_years", female_person_years, 1)
    check_positive("female_person_years", female_l)
    if isinstance(first_mother_age, bool) or not isinstance(first_mother_age, (int, np.integer)):
        raise InvalidInputError("first_mother_age", "must be an integer age", first_mother_age)
    if first_mother_age < 0:
        raise InvalidInputError("first_mother_age", "must be >= 0", first_mother_age)
    year_list = _years(years, n_child_ages)
    last_mother_age = int(first_mother_age) + n_mother_ages - 1
    low, high = FIRST_AGE + min(year_list), LAST_AGE + max(year_list)
    if first_mother_age > low or last_mother_age < high:
        raise InvalidInputError(
            "women",
            f"rows must cover mothers aged {low} to {high} at the census for years "
            f"{list(year_list)}; they cover {first_mother_age} to {last_mother_age}",
        )
    if female_l.shape[0] < high + 1:
        raise InvalidInputError(
            "female_person_years",
            f"must cover single ages 0 to {high} (element x = age x); got {female_l.shape[0]}"
            " values",
        )

    matched_total = matched_table.sum(axis=0)
    fail_where(
        "unmatched_children",
        unmatched,
        (matched_total == 0) & (unmatched > 0),
        "must be 0 where no own child of that age is matched (nothing to distribute over)",
    )
    factors = 1.0 + np.divide(
        unmatched, matched_total, out=np.zeros_like(unmatched), where=matched_total > 0
    )
    child_survival = child_l / float(radix)

    mother_ages = int(first_mother_age) + np.arange(n_mother_ages)
    births = np.zeros((len(year_list), _N_GROUPS))
    woman_years = np.zeros((len(year_list), _N_GROUPS))
    for row, t in enumerate(year_list):
        ages_then = mother_ages - t
        keep = (ages_then >= FIRST_AGE) & (ages_then <= LAST_AGE)
        groups = (ages_then[keep] - FIRST_AGE) // AGE_GROUP_WIDTH
        births_t = matched_table[keep, t] * factors[t] / child_survival[t]
        women_t = women_x[keep] * female_l[ages_then[keep]] / female_l[mother_ages[keep]]
        births[row] = np.bincount(groups, weights=births_t, minlength=_N_GROUPS)
        woman_years[row] = np.bincount(groups, weights=women_t, minlength=_N_GROUPS)
    empty = woman_years == 0
    if empty.any():
        row, col = (int(i) for i in np.argwhere(empty)[0])
        raise InvalidInputError(
            "women",
            f"must include women in age group {AGE_GROUPS[col]} for year t={year_list[row]} "
            "(the reverse-survived group is empty)",
        )
    by_year = np.asarray(asfr(births, woman_years), dtype=np.float64)
    if average == "pooled":
        averaged = np.asarray(asfr(births.sum(axis=0), woman_years.sum(axis=0)))
    else:
        averaged = by_year.mean(axis=0)
    return OwnChildrenEstimate(
        years=year_list,
        births=_readonly(births),
        woman_years=_readonly(woman_years),
        asfr_by_year=_readonly(by_year),
        tfr_by_year=_readonly(np.asarray(tfr(by_year))),
        asfr=_readonly(averaged),
        tfr=float(cast(float, tfr(averaged))),
        adjustment_factors=_readonly(factors),
        average=average,
    )


def _years(years: Sequence[int], n_child_ages: int) -> tuple[int, ...]:
    """Validate the years before the census (distinct integers among the child ages)."""
    if isinstance(years, (str, bytes)) or not isinstance(years, Sequence | range | np.ndarray):
        raise InvalidInputError("years", "must be a sequence of integers", years)
    values: list[int] = []
    for position, year in enumerate(years):
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            raise InvalidInputError("years", "must be integers", year, position)
        if not 0 <= int(year) < n_child_ages:
            raise InvalidInputError(
                "years",
                f"must be child ages in 0 to {n_child_ages - 1} (columns of `own_children`)",
                int(year),
                position,
            )
        if int(year) in values:
            raise InvalidInputError("years", "must not repeat a year", int(year), position)
        values.append(int(year))
    if not values:
        raise InvalidInputError("years", "must name at least one year before the census")
    return tuple(values)
