"""Gender indices: EDEP, IDG (Indeks Pemberdayaan Gender) and IDM, agreement IKU 2 and 6.

Formulas follow methods/gender#gender:

* :func:`edep`: the Atkinson "equally distributed equivalent percentage" (2.1);
* :func:`parliament_index`, :func:`decision_making_index`: EDEP / 50 (2.2);
* :func:`decision_making_pct`: IKU 6's own value, the raw percentage of women (2.2);
* :func:`income_chain`, :func:`income_edep`, :func:`income_index`: the income component and
  its goalposts (:class:`IncomeGoalposts`, :func:`income_goalposts`) (2.3);
* :func:`idg`, :func:`idg_category`, :func:`implied_income_index` (2.4).

The goalposts and purchasing-power series BPS uses today are unknown (methods/gender#idg-inc): the
income index always takes explicit goalposts (a named preset or an :class:`IncomeGoalposts`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._arrays import ArrayLike, FloatArray, FloatResult, LabelResult, broadcast
from ._checks import (
    InvalidInputError,
    check_finite,
    check_nonnegative,
    check_not_greater,
    check_percent,
    check_positive,
    check_range,
    check_share,
    fail_where,
)

__all__ = [
    "IncomeChain",
    "IncomeGoalposts",
    "decision_making_index",
    "decision_making_pct",
    "edep",
    "idg",
    "idg_category",
    "implied_income_index",
    "income_chain",
    "income_edep",
    "income_goalposts",
    "income_index",
    "parliament_index",
]

#: Tolerance on :math:`|P_f + P_m - 1|` when both population shares are given (methods/gender#edep).
POPULATION_SHARE_TOLERANCE = 1e-6
#: Inequality aversion of the IDG components (methods/gender#edep).
IDG_EPSILON = 2.0
#: The "ideal" contribution of each sex to a percent component: EDEP / 50 (methods/gender#idg-par).
_IDEAL_PCT = 50.0

_IHDR_2001 = (
    "BPS-Bappenas-UNDP, *Indonesia Human Development Report 2001*, technical notes (p. 75), 2001."
)


# ------------------------------------------------------------------------------------------
# EDEP (methods/gender#edep)


def _check_epsilon(epsilon: object) -> float:
    """Validate the inequality aversion (a finite real number >= 0)."""
    if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float, np.integer, np.floating)):
        raise InvalidInputError("epsilon", "must be a real number", epsilon)
    value = float(epsilon)
    if not math.isfinite(value) or value < 0:
        raise InvalidInputError("epsilon", "must be finite and >= 0", epsilon)
    return value


def _check_open_share(name: str, values: FloatArray) -> None:
    """Raise unless every non-NaN element is a share strictly inside (0, 1)."""
    check_range(name, values, 0.0, 1.0, lower_inclusive=False, upper_inclusive=False)


def _all_inside_unit(weights: FloatArray) -> bool:
    """True when every weight lies strictly inside (0, 1) (NaN-free), by two reductions."""
    if weights.size == 0:
        return True
    low, high = float(weights.min()), float(weights.max())
    return low > 0.0 and high < 1.0


def _atkinson(
    female: FloatArray,
    male: FloatArray,
    female_weight: FloatArray,
    male_weight: FloatArray,
    epsilon: float,
) -> FloatArray:
    """EDEP of validated arrays (non-negative values, weights in [0, 1]).

    A group with weight 0 contributes nothing. With ``epsilon >= 1`` a zero value gives 0 (the
    limit); NaN anywhere gives NaN.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        if epsilon == 2.0 and _all_inside_unit(female_weight) and _all_inside_unit(male_weight):
            # The IDG case, both weights > 0: 1 / (Pf/Xf + Pm/Xm). A zero value gives an
            # infinite term, hence 0 (the limit); NaN propagates through the arithmetic.
            return np.asarray(1.0 / (female_weight / female + male_weight / male), dtype=np.float64)
        if epsilon == 0.0:
            out = female_weight * female + male_weight * male
        elif epsilon == 1.0:
            log_f = np.where(female_weight > 0, female_weight * np.log(female), 0.0)
            log_m = np.where(male_weight > 0, male_weight * np.log(male), 0.0)
            out = np.exp(log_f + log_m)
        else:
            # Scale by the larger value so that powers stay in range: EDEP is homogeneous.
            scale = np.maximum(female, male)
            safe = np.where(scale > 0, scale, 1.0)
            power = 1.0 - epsilon
            term_f = np.where(female_weight > 0, female_weight * (female / safe) ** power, 0.0)
            term_m = np.where(male_weight > 0, male_weight * (male / safe) ** power, 0.0)
            out = safe * (term_f + term_m) ** (1.0 / power)
        if epsilon >= 1.0:
            out = np.where((female == 0) | (male == 0), 0.0, out)
        missing = np.isnan(female) | np.isnan(male) | np.isnan(female_weight)
        missing |= np.isnan(male_weight)
        return np.asarray(np.where(missing, np.nan, out), dtype=np.float64)


def edep(
    female: ArrayLike,
    male: ArrayLike,
    female_population_share: ArrayLike,
    *,
    epsilon: float = IDG_EPSILON,
    male_population_share: ArrayLike | None = None,
) -> FloatResult:
    r"""Equally distributed equivalent percentage (Atkinson mean) of a female/male pair.

    Parameters
    ----------
    female : float, array_like or Series
        The female value :math:`X_f` [same unit as ``male``, >= 0], e.g. women's share of
        parliament seats [percent 0-100] or women's relative income share :math:`q_f`.
    male : float, array_like or Series
        The male value :math:`X_m` [same unit as ``female``, >= 0]; for a percent share,
        ``100 - female``.
    female_population_share : float, array_like or Series
        Women's share of the total population :math:`P_f` [share 0-1].
    epsilon : float, default 2.0
        Inequality aversion :math:`\varepsilon` [>= 0]; 2 for the IDG components.
    male_population_share : float, array_like or Series, optional
        Men's share of the total population :math:`P_m` [share 0-1]. Default
        :math:`1 - P_f`; when given, :math:`|P_f + P_m - 1|` must not exceed 1e-6.

    Returns
    -------
    float, ndarray or Series
        EDEP [unit of the inputs], in the container of the inputs. NaN in any input gives NaN
        for that element.

    Raises
    ------
    InvalidInputError
        If ``female`` or ``male`` is negative or infinite, a population share lies outside
        [0, 1], the two population shares do not sum to 1 (within 1e-6), ``epsilon`` is
        negative or not a finite number, or the shapes do not broadcast.

    Notes
    -----
    The Atkinson mean of the two values weighted by the population shares (methods/gender#edep):

    $$
    \mathrm{EDEP} =
    \begin{cases}
    \left[P_f X_f^{1-\varepsilon} + P_m X_m^{1-\varepsilon}\right]^{1/(1-\varepsilon)}
        & \varepsilon \ne 1 \\
    \exp\left(P_f \ln X_f + P_m \ln X_m\right) & \varepsilon = 1
    \end{cases}
    \qquad
    \varepsilon = 2:\ \mathrm{EDEP} = \left(\frac{P_f}{X_f} + \frac{P_m}{X_m}\right)^{-1}
    $$

    With :math:`\varepsilon \ge 1` and :math:`X_f = 0` or :math:`X_m = 0` the limit is 0: the
    function returns 0 without a warning (also when that group's population share is 0: the
    limit as the share tends to 0). Otherwise a group whose population share is 0 contributes
    nothing. :math:`\varepsilon = 0` gives the weighted arithmetic mean; the EDEP decreases as
    :math:`\varepsilon` grows and always lies between :math:`\min(X_f, X_m)` and
    :math:`\max(X_f, X_m)`.

    References
    ----------
    1. BPS-Bappenas-UNDP, *Indonesia Human Development Report 2001*, technical notes, 2001.
    2. UNDP, *Human Development Report 2007/2008*, technical note 1 (GEM), 2007.
    3. Kementerian PPPA and BPS, *Pembangunan Manusia Berbasis Gender*, annual.

    Examples
    --------
    The UNDP teaching example (Greece): women 50.7 % of the population and 8.7 % of the seats
    in parliament (the slides print :math:`P_m = 0.492` and 15.707; with
    :math:`P_m = 1 - P_f = 0.493` the EDEP is 15.705):

    >>> round(edep(8.7, 91.3, 0.507), 3)
    15.705

    The slides' pair (0.507, 0.492) sums to 0.999, outside the 1e-6 tolerance, so it raises:

    >>> try:
    ...     edep(8.7, 91.3, 0.507, male_population_share=0.492)
    ... except ValueError as error:
    ...     print(error)
    `male_population_share` must equal 1 - `female_population_share` (|Pf + Pm - 1| <= 1e-06);
    got 0.492
    >>> edep(0.0, 100.0, 0.5)
    0.0
    >>> edep([20.0, 50.0], [80.0, 50.0], 0.5, epsilon=1.0).round(3)
    array([40., 50.])
    """
    eps = _check_epsilon(epsilon)
    if male_population_share is None:
        container, (xf, xm, pf) = broadcast(
            female=female, male=male, female_population_share=female_population_share
        )
        check_share("female_population_share", pf)
        pm = 1.0 - pf
    else:
        container, (xf, xm, pf, pm) = broadcast(
            female=female,
            male=male,
            female_population_share=female_population_share,
            male_population_share=male_population_share,
        )
        check_share("female_population_share", pf)
        check_share("male_population_share", pm)
        with np.errstate(invalid="ignore"):
            off = np.abs(pf + pm - 1.0) > POPULATION_SHARE_TOLERANCE
        fail_where(
            "male_population_share",
            pm,
            off,
            "must equal 1 - `female_population_share` "
            f"(|Pf + Pm - 1| <= {POPULATION_SHARE_TOLERANCE:g})",
        )
    check_nonnegative("female", xf)
    check_nonnegative("male", xm)
    return container.wrap_float(_atkinson(xf, xm, pf, pm, eps))


# ------------------------------------------------------------------------------------------
# Parliament and decision-making components (methods/gender#idg-par)


def _pct_index(pct: FloatArray, female_population_share: FloatArray) -> FloatArray:
    """EDEP(p, 100 - p) / 50 for validated percent and share arrays."""
    edep_pct = _atkinson(
        pct, 100.0 - pct, female_population_share, 1.0 - female_population_share, IDG_EPSILON
    )
    return edep_pct / _IDEAL_PCT


def parliament_index(
    female_parliament_pct: ArrayLike, female_population_share: ArrayLike
) -> FloatResult:
    r"""Parliament component of the IDG, :math:`I_{par}`.

    Parameters
    ----------
    female_parliament_pct : float, array_like or Series
        Women's share of the seats in the legislature of the same level (DPR, DPRD Provinsi
        or DPRD Kabupaten/Kota) [percent 0-100].
    female_population_share : float, array_like or Series
        Women's share of the total population :math:`P_f` [share 0-1].

    Returns
    -------
    float, ndarray or Series
        :math:`I_{par}` [index, 1 at parity when :math:`P_f = 0.5`], in the container of the
        inputs. NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If the percent lies outside [0, 100], the share outside [0, 1], or the shapes do not
        broadcast.

    Notes
    -----
    methods/gender#idg-par, with the :math:`\varepsilon = 2` EDEP of :func:`edep`:

    $$
    I_{par} = \frac{\mathrm{EDEP}(p, 100 - p)}{50}
    = \frac{1}{50}\left(\frac{P_f}{p} + \frac{1 - P_f}{100 - p}\right)^{-1}
    $$

    No cap is published: when :math:`P_f \ne 0.5` the index can slightly exceed 1. It is
    largest at the balance point :math:`p^* = 100\sqrt{P_f}/(\sqrt{P_f} + \sqrt{1 - P_f})`,
    where it equals :math:`2/(\sqrt{P_f} + \sqrt{1 - P_f})^2`.

    References
    ----------
    1. BPS-Bappenas-UNDP, *Indonesia Human Development Report 2001*, technical notes, 2001.
    2. Kementerian PPPA and BPS, *Pembangunan Manusia Berbasis Gender*, annual.

    Examples
    --------
    Greece (UNDP teaching example): 8.7 % of seats, :math:`P_f = 0.507`; the slides print an
    index of 0.314:

    >>> round(parliament_index(8.7, 0.507), 3)
    0.314
    >>> parliament_index([50.0, 0.0], 0.5)
    array([1., 0.])
    """
    container, (pct, pf) = broadcast(
        female_parliament_pct=female_parliament_pct,
        female_population_share=female_population_share,
    )
    check_percent("female_parliament_pct", pct)
    check_share("female_population_share", pf)
    return container.wrap_float(_pct_index(pct, pf))


def decision_making_index(
    female_decision_pct: ArrayLike, female_population_share: ArrayLike
) -> FloatResult:
    r"""Decision-making component of the IDG, :math:`I_{DM}` (IDM).

    Parameters
    ----------
    female_decision_pct : float, array_like or Series
        Women's share among managers, professionals, administrative staff and technicians
        (BPS series "perempuan sebagai tenaga profesional") [percent 0-100].
    female_population_share : float, array_like or Series
        Women's share of the total population :math:`P_f` [share 0-1].

    Returns
    -------
    float, ndarray or Series
        :math:`I_{DM}` [index, 1 at parity when :math:`P_f = 0.5`], in the container of the
        inputs. NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If the percent lies outside [0, 100], the share outside [0, 1], or the shapes do not
        broadcast.

    Notes
    -----
    methods/gender#idg-par, with the :math:`\varepsilon = 2` EDEP of :func:`edep`:

    $$
    I_{DM} = \frac{\mathrm{EDEP}(d, 100 - d)}{50}
    = \frac{1}{50}\left(\frac{P_f}{d} + \frac{1 - P_f}{100 - d}\right)^{-1}
    $$

    One combined share of women among managers, professionals, administrative staff and
    technicians, unlike UNDP's GEM, which averages two sub-indices. The seed's IDM text
    ("Pf/Yf + Pm/Ym x 100%") omits the reciprocal; this is the correct form. No cap is
    published (see :func:`parliament_index`).

    References
    ----------
    1. BPS-Bappenas-UNDP, *Indonesia Human Development Report 2001*, technical notes, 2001.
    2. Kementerian PPPA and BPS, *Pembangunan Manusia Berbasis Gender*, annual.
    3. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 6, 2024.

    Examples
    --------
    Indonesia 2017 (BPS: 46.31 % women among professionals), :math:`P_f = 0.5`:

    >>> round(decision_making_index(46.31, 0.5), 4)
    0.9945
    """
    container, (pct, pf) = broadcast(
        female_decision_pct=female_decision_pct,
        female_population_share=female_population_share,
    )
    check_percent("female_decision_pct", pct)
    check_share("female_population_share", pf)
    return container.wrap_float(_pct_index(pct, pf))


def decision_making_pct(women: ArrayLike, total: ArrayLike) -> FloatResult:
    r"""Percentage of women in decision-making positions (IKU 6's own value).

    Parameters
    ----------
    women : float, array_like or Series
        Number of women among managers, professionals, administrative staff and technicians
        [persons, >= 0; survey-weighted estimates need not be whole numbers].
    total : float, array_like or Series
        Number of managers, professionals, administrative staff and technicians, both sexes
        [persons, > 0].

    Returns
    -------
    float, ndarray or Series
        The percentage of women [percent 0-100], in the container of the inputs. NaN in gives
        NaN out.

    Raises
    ------
    InvalidInputError
        If a count is negative or infinite, ``total`` is not positive, ``women`` exceeds
        ``total``, or the shapes do not broadcast.

    Notes
    -----
    methods/gender#idg-par: IKU 6 ("Persentase keterlibatan perempuan dalam pengambilan keputusan",
    target 49.44 %) is the raw percentage, not the index :math:`I_{DM}` of
    :func:`decision_making_index`:

    $$
    d = 100 \times \frac{\text{women}}{\text{total}}
    $$

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 6, 2024.
    2. Kementerian PPPA and BPS, *Pembangunan Manusia Berbasis Gender*, annual.

    Examples
    --------
    >>> decision_making_pct(4944, 10000)
    49.44
    >>> decision_making_pct(12, 10)
    Traceback (most recent call last):
    ...
    dppapp_indikator._checks.InvalidInputError: `women` must not exceed `total`; got 12
    """
    container, (count, everyone) = broadcast(women=women, total=total)
    check_nonnegative("women", count)
    check_positive("total", everyone)
    check_not_greater("women", count, "total", everyone)
    return container.wrap_float(100.0 * count / everyone)


# ------------------------------------------------------------------------------------------
# Income component (methods/gender#idg-inc)


class IncomeChain(NamedTuple):
    """The intermediate values of the IDG income chain (methods/gender#idg-inc).

    Every field is in the container of the inputs of :func:`income_chain`.

    Attributes
    ----------
    wage_ratio : float, ndarray or Series
        :math:`r`, female / male non-agricultural wage [ratio].
    average_wage : float, ndarray or Series
        :math:`\\bar W = E_f r + E_m`, the average wage relative to the male wage [ratio].
    female_income_share : float, ndarray or Series
        :math:`S_f`, women's share of earned income [share 0-1].
    male_income_share : float, ndarray or Series
        :math:`S_m = 1 - S_f` [share 0-1].
    female_relative_share : float, ndarray or Series
        :math:`q_f = S_f / P_f` [ratio].
    male_relative_share : float, ndarray or Series
        :math:`q_m = S_m / P_m` [ratio].
    edep_income : float, ndarray or Series
        :math:`E_{inc} = \\mathrm{EDEP}_{\\varepsilon=2}(q_f, q_m)` [share 0-1].
    """

    wage_ratio: FloatResult
    average_wage: FloatResult
    female_income_share: FloatResult
    male_income_share: FloatResult
    female_relative_share: FloatResult
    male_relative_share: FloatResult
    edep_income: FloatResult


def _relative_shares(
    female_income_share: FloatArray, female_population_share: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """q_f, q_m and E_inc from validated S_f in [0, 1] and P_f in (0, 1)."""
    qf = female_income_share / female_population_share
    qm = (1.0 - female_income_share) / (1.0 - female_population_share)
    e_inc = _atkinson(qf, qm, female_population_share, 1.0 - female_population_share, IDG_EPSILON)
    return qf, qm, e_inc


def income_chain(
    female_wage: ArrayLike,
    male_wage: ArrayLike,
    female_labour_force_share: ArrayLike,
    female_population_share: ArrayLike,
) -> IncomeChain:
    r"""The IDG income chain: wage ratio, income shares and their EDEP.

    Parameters
    ----------
    female_wage : float, array_like or Series
        Women's average non-agricultural wage [currency, >= 0; same unit as ``male_wage``].
    male_wage : float, array_like or Series
        Men's average non-agricultural wage [currency, > 0].
    female_labour_force_share : float, array_like or Series
        Women's share of the labour force :math:`E_f` [share 0-1]; :math:`E_m = 1 - E_f`.
    female_population_share : float, array_like or Series
        Women's share of the total population :math:`P_f` [share, strictly between 0 and
        1]; :math:`P_m = 1 - P_f`.

    Returns
    -------
    IncomeChain
        Named tuple ``(wage_ratio, average_wage, female_income_share, male_income_share,
        female_relative_share, male_relative_share, edep_income)``, each in the container of
        the inputs. NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If a wage is negative or infinite, ``male_wage`` is not positive, a share lies
        outside its range, ``female_wage`` is 0 while ``female_labour_force_share`` is 1 (no
        earned income to share), or the shapes do not broadcast.

    Notes
    -----
    methods/gender#idg-inc:

    $$
    \begin{aligned}
    r &= w_f / w_m, & \bar W &= E_f\, r + E_m, \\
    S_f &= E_f\, r / \bar W, & S_m &= E_m / \bar W, \\
    q_f &= S_f / P_f, & q_m &= S_m / P_m, \\
    E_{inc} &= \left(\frac{P_f}{q_f} + \frac{P_m}{q_m}\right)^{-1}
    \end{aligned}
    $$

    :math:`S_f` is BPS's "sumbangan pendapatan perempuan" divided by 100. Because
    :math:`P_f q_f + P_m q_m = 1`, :math:`E_{inc} \le 1`, with equality when
    :math:`S_f = P_f`. Index it with :func:`income_index`.

    References
    ----------
    1. BPS-Bappenas-UNDP, *Indonesia Human Development Report 2001*, technical notes (p. 75),
       2001.
    2. UNDP, *Aceh Human Development Report 2010*, technical annex (p. 189), 2010.

    Examples
    --------
    Aceh 1996 (IHDR 2001, p. 75: r 0.709, W 0.888, Sf 0.307, qf 0.614, qm 1.384, E 0.85):

    >>> chain = income_chain(271.929, 383.423, 0.384, 0.499)
    >>> [round(v, 3) for v in chain[:6]]
    [0.709, 0.888, 0.307, 0.693, 0.614, 1.384]
    >>> round(chain.edep_income, 4)
    0.8517
    """
    container, (wf, wm, ef, pf) = broadcast(
        female_wage=female_wage,
        male_wage=male_wage,
        female_labour_force_share=female_labour_force_share,
        female_population_share=female_population_share,
    )
    check_nonnegative("female_wage", wf)
    check_positive("male_wage", wm)
    check_share("female_labour_force_share", ef)
    _check_open_share("female_population_share", pf)
    ratio = wf / wm
    em = 1.0 - ef
    average = ef * ratio + em
    with np.errstate(invalid="ignore"):
        no_income = average == 0
    fail_where(
        "female_wage",
        wf,
        no_income,
        "must be > 0 when `female_labour_force_share` is 1 (no earned income to share)",
    )
    sf = ef * ratio / average
    sm = em / average
    qf, qm, e_inc = _relative_shares(sf, pf)
    return IncomeChain(
        wage_ratio=container.wrap_float(ratio),
        average_wage=container.wrap_float(average),
        female_income_share=container.wrap_float(sf),
        male_income_share=container.wrap_float(sm),
        female_relative_share=container.wrap_float(qf),
        male_relative_share=container.wrap_float(qm),
        edep_income=container.wrap_float(e_inc),
    )


def income_edep(female_income_share: ArrayLike, female_population_share: ArrayLike) -> FloatResult:
    r"""EDEP of the income shares, :math:`E_{inc}`, from a published women's income share.

    Parameters
    ----------
    female_income_share : float, array_like or Series
        Women's share of earned income :math:`S_f` [share 0-1] (BPS's "sumbangan pendapatan
        perempuan" divided by 100).
    female_population_share : float, array_like or Series
        Women's share of the total population :math:`P_f` [share, strictly between 0 and 1].

    Returns
    -------
    float, ndarray or Series
        :math:`E_{inc}` [share 0-1], in the container of the inputs. NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If a share lies outside its range or the shapes do not broadcast.

    Notes
    -----
    The last steps of the income chain (methods/gender#idg-inc), with :math:`S_m = 1 - S_f` and
    :math:`P_m = 1 - P_f`:

    $$
    q_f = \frac{S_f}{P_f},\quad q_m = \frac{S_m}{P_m},\quad
    E_{inc} = \left(\frac{P_f}{q_f} + \frac{P_m}{q_m}\right)^{-1}
    = \left(\frac{P_f^2}{S_f} + \frac{P_m^2}{S_m}\right)^{-1}
    $$

    :math:`E_{inc}` is 0 when :math:`S_f` is 0 or 1, and 1 when :math:`S_f = P_f`.

    References
    ----------
    1. BPS-Bappenas-UNDP, *Indonesia Human Development Report 2001*, technical notes (p. 75),
       2001.

    Examples
    --------
    >>> income_edep(0.5, 0.5)
    1.0
    >>> round(income_edep(0.3662, 0.5), 4)
    0.9284
    """
    container, (sf, pf) = broadcast(
        female_income_share=female_income_share,
        female_population_share=female_population_share,
    )
    check_share("female_income_share", sf)
    _check_open_share("female_population_share", pf)
    return container.wrap_float(_relative_shares(sf, pf)[2])


@dataclass(frozen=True)
class IncomeGoalposts:
    r"""Goalposts of the IDG income index, :math:`I_{inc} = (E_{inc} \cdot PPP - a)/(b - c)`.

    Attributes
    ----------
    minimum : float
        :math:`a`, subtracted from :math:`E_{inc} \cdot PPP` [unit of the PPP].
    maximum : float
        :math:`b`, the upper goalpost [unit of the PPP].
    reference_minimum : float
        :math:`c`, the lower goalpost of the range :math:`b - c` [unit of the PPP].
    unit : str
        The unit of the goalposts and of the purchasing power they index.
    source : str
        Where the values come from.

    Raises
    ------
    InvalidInputError
        If a goalpost is not a finite number, or ``maximum`` does not exceed both
        ``minimum`` and ``reference_minimum``.
    """

    minimum: float
    maximum: float
    reference_minimum: float
    unit: str
    source: str

    def __post_init__(self) -> None:
        for name in ("minimum", "maximum", "reference_minimum"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(
                value, (int, float, np.integer, np.floating)
            ):
                raise InvalidInputError(name, "must be a real number", value)
            if not math.isfinite(float(value)):
                raise InvalidInputError(name, "must be finite", value)
        if not self.maximum > self.reference_minimum:
            raise InvalidInputError(
                "maximum",
                f"must exceed `reference_minimum` ({self.reference_minimum:g})",
                self.maximum,
            )
        if not self.maximum > self.minimum:
            raise InvalidInputError(
                "maximum", f"must exceed `minimum` ({self.minimum:g})", self.maximum
            )


@functools.cache
def _goalpost_presets() -> dict[str, IncomeGoalposts]:
    """Read and validate ``data/income_goalposts.toml`` (pydantic is imported here only)."""
    from pydantic import BaseModel, ConfigDict, Field

    from ._data import load_packaged

    class GoalpostPreset(BaseModel):
        """One named set of income goalposts with its source."""

        model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

        minimum: float = Field(description="a [unit of the PPP]")
        maximum: float = Field(description="b [unit of the PPP]")
        reference_minimum: float = Field(description="c [unit of the PPP]")
        unit: str = Field(min_length=1)
        source: str = Field(min_length=1)
        status: str = Field(min_length=1, description="confirmed / seed / inferred")
        note: str = ""

    class GoalpostFile(BaseModel):
        """Schema of ``data/income_goalposts.toml``."""

        model_config = ConfigDict(frozen=True, extra="forbid")

        presets: dict[str, GoalpostPreset] = Field(min_length=1)

    parsed = load_packaged("income_goalposts.toml", GoalpostFile)
    return {
        name: IncomeGoalposts(
            minimum=preset.minimum,
            maximum=preset.maximum,
            reference_minimum=preset.reference_minimum,
            unit=preset.unit,
            source=preset.source,
        )
        for name, preset in parsed.presets.items()
    }


def income_goalposts(name: str) -> IncomeGoalposts:
    r"""A named preset of income goalposts from ``data/income_goalposts.toml``.

    Parameters
    ----------
    name : str
        The preset name; ``"ihdr-2001"`` is the one shipped.

    Returns
    -------
    IncomeGoalposts
        The goalposts with their unit and source.

    Raises
    ------
    InvalidInputError
        If ``name`` is not a known preset.

    Notes
    -----
    ``"ihdr-2001"``: :math:`a = 360`, :math:`b = 732.72`, :math:`c = 300` [thousand rupiah
    per capita per month, old BPS purchasing-power convention]. The printed maximum
    "737.72" is a typo: the Aceh 1996 worked example reproduces with 732.72
    (methods/gender#idg-inc). The goalposts BPS uses today are unknown, so no preset is a default.

    $$
    I_{inc} = \frac{E_{inc} \cdot PPP - a}{b - c}
    $$

    References
    ----------
    1. BPS-Bappenas-UNDP, *Indonesia Human Development Report 2001*, technical notes (p. 75),
       2001.

    Examples
    --------
    >>> g = income_goalposts("ihdr-2001")
    >>> g.minimum, g.maximum, g.reference_minimum
    (360.0, 732.72, 300.0)
    """
    presets = _goalpost_presets()
    if not isinstance(name, str) or name not in presets:
        known = ", ".join(repr(p) for p in sorted(presets))
        raise InvalidInputError("name", f"must be one of {known}", name)
    return presets[name]


def _resolve_goalposts(goalposts: object) -> IncomeGoalposts:
    if isinstance(goalposts, IncomeGoalposts):
        return goalposts
    if isinstance(goalposts, str):
        presets = _goalpost_presets()
        if goalposts not in presets:
            known = ", ".join(repr(p) for p in sorted(presets))
            raise InvalidInputError("goalposts", f"must be one of {known}", goalposts)
        return presets[goalposts]
    raise InvalidInputError("goalposts", "must be a preset name or an IncomeGoalposts", goalposts)


def income_index(
    edep_income: ArrayLike, ppp: ArrayLike, *, goalposts: str | IncomeGoalposts
) -> FloatResult:
    r"""Income component of the IDG, :math:`I_{inc}`, from :math:`E_{inc}` and purchasing power.

    Parameters
    ----------
    edep_income : float, array_like or Series
        :math:`E_{inc}` from :func:`income_chain` or :func:`income_edep` [share 0-1].
    ppp : float, array_like or Series
        Purchasing power (PPP-adjusted per-capita expenditure) [unit of the goalposts, > 0].
    goalposts : str or IncomeGoalposts
        A preset name (``"ihdr-2001"``) or explicit goalposts. There is no default: the
        goalposts BPS uses today are unknown (methods/gender#idg-inc).

    Returns
    -------
    float, ndarray or Series
        :math:`I_{inc}` [index, 0-1 inside the goalposts; not clipped], in the container of
        the inputs. NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If ``edep_income`` lies outside [0, 1], ``ppp`` is not positive and finite,
        ``goalposts`` is not a known preset or an :class:`IncomeGoalposts`, or the shapes do
        not broadcast.

    Notes
    -----
    methods/gender#idg-inc, with goalposts :math:`a` (``minimum``), :math:`b` (``maximum``) and
    :math:`c` (``reference_minimum``):

    $$
    I_{inc} = \frac{E_{inc} \cdot PPP - a}{b - c}
    $$

    No clipping is published: a value outside [0, 1] is returned as is (and rejected by
    :func:`idg`), which signals goalposts that do not fit the PPP series.

    References
    ----------
    1. BPS-Bappenas-UNDP, *Indonesia Human Development Report 2001*, technical notes (p. 75),
       2001.

    Examples
    --------
    Aceh 1996 (IHDR 2001, p. 75: :math:`E_{inc}` 0.8517, PPP 562.8 thousand rupiah; printed
    :math:`I_{inc}` 0.276):

    >>> round(income_index(0.8517, 562.8, goalposts="ihdr-2001"), 3)
    0.276
    """
    bounds = _resolve_goalposts(goalposts)
    container, (e_inc, power) = broadcast(edep_income=edep_income, ppp=ppp)
    check_share("edep_income", e_inc)
    check_positive("ppp", power)
    value = (e_inc * power - bounds.minimum) / (bounds.maximum - bounds.reference_minimum)
    return container.wrap_float(value)


# ------------------------------------------------------------------------------------------
# IDG (methods/gender#idg)


def idg(
    female_parliament_pct: ArrayLike,
    female_decision_pct: ArrayLike,
    income_index: ArrayLike,
    female_population_share: ArrayLike,
) -> FloatResult:
    r"""Indeks Pemberdayaan Gender (IDG, gender empowerment index).

    Parameters
    ----------
    female_parliament_pct : float, array_like or Series
        Women's share of the seats in the legislature of the same level [percent 0-100].
    female_decision_pct : float, array_like or Series
        Women's share among managers, professionals, administrative staff and technicians
        [percent 0-100].
    income_index : float, array_like or Series
        The income component :math:`I_{inc}` [index 0-1], e.g. from :func:`income_index`.
    female_population_share : float, array_like or Series
        Women's share of the total population :math:`P_f` [share 0-1].

    Returns
    -------
    float, ndarray or Series
        IDG [index 0-100; slightly above 100 is possible when :math:`P_f \ne 0.5`], in the
        container of the inputs. NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If a percent lies outside [0, 100], ``income_index`` or the share outside [0, 1], or
        the shapes do not broadcast.

    Notes
    -----
    methods/gender#idg, with :math:`I_{par}` from :func:`parliament_index` and :math:`I_{DM}`
    from :func:`decision_making_index`:

    $$
    \mathrm{IDG} = 100 \times \frac{I_{par} + I_{DM} + I_{inc}}{3}
    $$

    The seed says "EDEP/50 for all components"; applied to the women's income share this
    overshoots every published IDG by 10-11.5 points, so the income component is taken as
    :math:`I_{inc}` (see :func:`income_chain`, :func:`income_index` and, to check a
    published table, :func:`implied_income_index`).

    References
    ----------
    1. Kementerian PPPA and BPS, *Pembangunan Manusia Berbasis Gender*, annual.
    2. BPS-Bappenas-UNDP, *Indonesia Human Development Report 2001*, technical notes, 2001.
    3. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 2, 2024.

    Examples
    --------
    >>> idg(50.0, 50.0, 1.0, 0.5)
    100.0
    >>> round(idg(17.32, 46.31, 0.5848, 0.5), 2)
    71.74
    """
    container, (par, dec, inc, pf) = broadcast(
        female_parliament_pct=female_parliament_pct,
        female_decision_pct=female_decision_pct,
        income_index=income_index,
        female_population_share=female_population_share,
    )
    check_percent("female_parliament_pct", par)
    check_percent("female_decision_pct", dec)
    check_share("income_index", inc)
    check_share("female_population_share", pf)
    value = 100.0 * (_pct_index(par, pf) + _pct_index(dec, pf) + inc) / 3.0
    return container.wrap_float(value)


def idg_category(value: ArrayLike) -> LabelResult:
    r"""BPS category of an IDG value: "rendah", "sedang", "tinggi" or "sangat tinggi".

    Parameters
    ----------
    value : float, array_like or Series
        IDG [index 0-100].

    Returns
    -------
    str, None, ndarray of object or Series
        The category label; ``None`` where ``value`` is NaN.

    Raises
    ------
    InvalidInputError
        If ``value`` is not numeric.

    Notes
    -----
    Bands (methods/gender#idg; ``data/bands.toml`` profile ``idg``):

    - $x < 50$: rendah (low);
    - $50 \le x < 60$: sedang (medium);
    - $60 \le x \le 80$: tinggi (high);
    - $x > 80$: sangat tinggi (very high).

    BPS publishes "< 50, 50-60, 60-80, > 80"; which band owns 50, 60 and 80 is inferred.

    References
    ----------
    1. BPS, *Indeks Pemberdayaan Gender* (kategori), annual.

    Examples
    --------
    >>> import numpy as np
    >>> idg_category(49.99), idg_category(60.0), idg_category(80.0), idg_category(82.08)
    ('rendah', 'tinggi', 'tinggi', 'sangat tinggi')
    >>> idg_category(np.array([55.0, np.nan]))
    array(['sedang', None], dtype=object)
    """
    from ._bands import classify

    return classify(value, "idg")


def implied_income_index(
    idg_value: ArrayLike,
    female_parliament_pct: ArrayLike,
    female_decision_pct: ArrayLike,
    female_population_share: ArrayLike,
) -> FloatResult:
    r"""The income component implied by a published IDG and its other two components.

    Parameters
    ----------
    idg_value : float, array_like or Series
        A published IDG [index, >= 0].
    female_parliament_pct : float, array_like or Series
        Women's share of parliament seats [percent 0-100].
    female_decision_pct : float, array_like or Series
        Women's share among managers, professionals, administrative staff and technicians
        [percent 0-100].
    female_population_share : float, array_like or Series
        Women's share of the total population :math:`P_f` [share 0-1].

    Returns
    -------
    float, ndarray or Series
        The implied :math:`I_{inc}` [index; not clipped, so an inconsistent table shows as a
        value outside 0-1], in the container of the inputs. NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If ``idg_value`` is negative or infinite, a percent lies outside [0, 100], the share
        outside [0, 1], or the shapes do not broadcast.

    Notes
    -----
    The inverse of :func:`idg` in its income argument (methods/gender#idg-inc), which is how
    analysts
    check published tables when the income goalposts are unknown:

    $$
    I_{inc} = \frac{3\,\mathrm{IDG}}{100} - I_{par} - I_{DM}
    $$

    References
    ----------
    1. Kementerian PPPA and BPS, *Pembangunan Manusia Berbasis Gender*, annual.

    Examples
    --------
    Indonesia 2017 (BPS: parliament 17.32 %, professionals 46.31 %, IDG 71.74), with
    :math:`P_f = 0.5`:

    >>> round(implied_income_index(71.74, 17.32, 46.31, 0.5), 2)
    0.58
    """
    container, (value, par, dec, pf) = broadcast(
        idg_value=idg_value,
        female_parliament_pct=female_parliament_pct,
        female_decision_pct=female_decision_pct,
        female_population_share=female_population_share,
    )
    check_finite("idg_value", value)
    check_nonnegative("idg_value", value)
    check_percent("female_parliament_pct", par)
    check_percent("female_decision_pct", dec)
    check_share("female_population_share", pf)
    implied = 3.0 * value / 100.0 - _pct_index(par, pf) - _pct_index(dec, pf)
    return container.wrap_float(implied)
