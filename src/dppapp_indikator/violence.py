"""Prevalence of violence from counts: PKP (agreement IKU 7) and PKA (IKU 9).

Formulas follow methods/violence#violence. Both indicators are lower-is-better. This module works
from counts (or weighted totals) already estimated; estimating them from survey microdata with
design-based standard errors (SPHPN, SNPHAR) belongs to the survey module (methods/survey#survey).
"""

from __future__ import annotations

import numpy as np

from ._arrays import ArrayLike, FloatResult, broadcast
from ._checks import check_nonnegative, check_not_greater, check_positive

__all__ = ["pka", "pkp", "prevalence"]


def _prevalence(cases: ArrayLike, population: ArrayLike, names: tuple[str, str]) -> FloatResult:
    """Validated ``cases / population * 100``; ``names`` are the caller's parameter names."""
    cases_name, population_name = names
    container, (numerator, denominator) = broadcast(
        **{cases_name: cases, population_name: population}
    )
    check_nonnegative(cases_name, numerator)
    check_positive(population_name, denominator)
    check_not_greater(cases_name, numerator, population_name, denominator)
    with np.errstate(invalid="ignore"):
        return container.wrap_float(numerator / denominator * 100.0)


def prevalence(cases: ArrayLike, population: ArrayLike) -> FloatResult:
    r"""Prevalence: the percent of a population that experienced an event.

    Parameters
    ----------
    cases : float, array_like or Series
        People in the population who experienced the event (e.g. at least one form of
        violence in the last 12 months) [persons, >= 0]. Survey-weighted counts are
        fractional, so any non-negative real number is accepted (whole numbers are not
        required).
    population : float, array_like or Series
        The population the cases come from, in the same period [persons, > 0]; may also be a
        weighted total.

    Returns
    -------
    float, ndarray or Series
        Prevalence [percent 0-100], in the container of the inputs. NaN in either argument
        gives NaN for that element.

    Raises
    ------
    InvalidInputError
        If ``cases`` is negative or infinite, if ``population`` is not positive or infinite,
        if ``cases`` exceeds ``population`` (the message names ``cases`` and its position),
        if an argument is not numeric, or if the shapes do not broadcast.

    Notes
    -----
    methods/violence#violence (the formula of Perjanjian Kinerja 2024, IKU 7 and IKU 9):

    $$
    P = \frac{J_{k}}{J} \times 100, \qquad 0 \le J_{k} \le J, \quad J > 0
    $$

    with $J_k$ the cases and $J$ the population. From survey microdata the same ratio is
    estimated as $\sum_i w_i y_i / \sum_i w_i$ with a design-based standard error
    (methods/violence#violence, methods/survey#survey); this function only divides the two totals.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 7 and IKU 9,
       2024.
    2. Kementerian Pemberdayaan Perempuan dan Perlindungan Anak (KemenPPPA), *Peraturan
       Menteri PPPA Nomor 2 Tahun 2020 tentang Rencana Strategis KemenPPPA 2020-2024*, 2020.

    Examples
    --------
    >>> import numpy as np
    >>> prevalence(248, 1000)
    24.8
    >>> prevalence([0.0, 30.5, np.nan], [100.0, 122.0, 50.0])
    array([ 0., 25., nan])
    """
    return _prevalence(cases, population, ("cases", "population"))


def pkp(women_with_violence: ArrayLike, women_15_64: ArrayLike) -> FloatResult:
    r"""Prevalensi Kekerasan terhadap Perempuan (PKP), agreement IKU 7.

    Parameters
    ----------
    women_with_violence : float, array_like or Series
        Women aged 15-64 who experienced at least one form of violence (physical,
        psychological, sexual, economic, or restriction of activity) in the last 12 months,
        $J_{prk}$ [persons, >= 0; weighted totals may be fractional].
    women_15_64 : float, array_like or Series
        Women aged 15-64 in the same period, $J_{pr}$ [persons, > 0].

    Returns
    -------
    float, ndarray or Series
        PKP [percent 0-100]; lower is better. NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If a count is negative or infinite, if ``women_15_64`` is not positive, or if
        ``women_with_violence`` exceeds ``women_15_64``.

    Notes
    -----
    methods/violence#violence; the data come from the Survei Pengalaman Hidup Perempuan (SPHPN, or
    the
    regional SPHP Daerah):

    $$
    \mathrm{PKP} = \frac{J_{prk}}{J_{pr}} \times 100
    $$

    The seed's formula text says "dalam 12 tahun terakhir" (in the last 12 *years*); the
    definition and the survey use the last 12 *months*, which this function documents.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 7, 2024.
    2. KemenPPPA, *Peraturan Menteri PPPA Nomor 2 Tahun 2020 tentang Rencana Strategis
       KemenPPPA 2020-2024*, 2020.
    3. Republik Indonesia, *Undang-Undang Nomor 23 Tahun 2004 tentang Penghapusan Kekerasan
       dalam Rumah Tangga*, 2004.

    Examples
    --------
    The agreement's 2024 target is 24.8 %:

    >>> pkp(2480, 10000)
    24.8
    """
    return _prevalence(women_with_violence, women_15_64, ("women_with_violence", "women_15_64"))


def pka(children_with_violence: ArrayLike, children_13_24: ArrayLike) -> FloatResult:
    r"""Prevalensi Kekerasan terhadap Anak (PKA), agreement IKU 9.

    Parameters
    ----------
    children_with_violence : float, array_like or Series
        Children and young people aged 13-24 who experienced at least one form of physical,
        psychological or sexual violence in the last 12 months, $J_{ak}$ [persons, >= 0;
        weighted totals may be fractional].
    children_13_24 : float, array_like or Series
        Children and young people aged 13-24 in the same period, $J_{an}$ [persons, > 0].

    Returns
    -------
    float, ndarray or Series
        PKA [percent 0-100]; lower is better. NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If a count is negative or infinite, if ``children_13_24`` is not positive, or if
        ``children_with_violence`` exceeds ``children_13_24``.

    Notes
    -----
    methods/violence#violence; the data come from the Survei Nasional Pengalaman Hidup Anak dan
    Remaja
    (SNPHAR, or the regional Survei Pengalaman Hidup Anak Daerah):

    $$
    \mathrm{PKA} = \frac{J_{ak}}{J_{an}} \times 100
    $$

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 9, 2024.
    2. Republik Indonesia, *Peraturan Presiden Nomor 25 Tahun 2021 tentang Kebijakan
       Kabupaten/Kota Layak Anak*, 2021.
    3. KemenPPPA, *Peraturan Menteri PPPA Nomor 2 Tahun 2020 tentang Rencana Strategis
       KemenPPPA 2020-2024*, 2020.

    Examples
    --------
    The agreement's 2024 target is 23.56 %:

    >>> pka(2356, 10000)
    23.56
    """
    return _prevalence(
        children_with_violence, children_13_24, ("children_with_violence", "children_13_24")
    )
