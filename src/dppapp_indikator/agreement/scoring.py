"""Achievement (capaian kinerja) of a realisation against its target, and its category.

Formulas follow methods/agreement#agreement (PermenPANRB 8/2021); the category bands are data
(``data/bands_achievement.toml``).
"""

from __future__ import annotations

import numpy as np

from .._arrays import ArrayLike, FloatArray, FloatResult, LabelResult, broadcast
from .._checks import InvalidInputError, check_finite, check_positive, fail_where
from ..policies import POLARITIES, Polarity, check_policy

__all__ = [
    "DEFAULT_ACHIEVEMENT_PROFILE",
    "achievement",
    "achievement_category",
    "achievement_profiles",
]

#: The default category profile of :func:`achievement_category`.
DEFAULT_ACHIEVEMENT_PROFILE = "permendagri-86-2017"
#: Prefix of the achievement profiles in the band files (``achievement-<name>``).
_PREFIX = "achievement-"


def _check_cap(cap: float | None) -> float | None:
    """Validate the optional cap [percent]: a finite number > 0, or None."""
    if cap is None:
        return None
    if isinstance(cap, bool) or not isinstance(cap, (int, float, np.integer, np.floating)):
        raise InvalidInputError("cap", "must be a number [percent] or None", cap)
    value = float(cap)
    if not np.isfinite(value) or value <= 0:
        raise InvalidInputError("cap", "must be finite and > 0 [percent]", value)
    return value


def achievement_arrays(
    realisation: FloatArray,
    target: FloatArray,
    target_upper: FloatArray,
    lower_is_better: np.ndarray,
    cap: float | None,
) -> FloatArray:
    """Achievement [percent] on validated float arrays (the kernel of :func:`achievement`).

    Parameters
    ----------
    realisation, target, target_upper : ndarray
        Broadcast float arrays; ``target_upper`` equal to ``target`` (or NaN) marks a point
        target.
    lower_is_better : ndarray of bool
        Per element: True where the polarity is "lower".
    cap : float or None
        Upper cap [percent] applied to the result.
    """
    upper = np.where(np.isnan(target_upper), target, target_upper)
    missing = np.isnan(realisation) | np.isnan(target)
    with np.errstate(invalid="ignore", divide="ignore"):
        # The reference value: the nearer bound outside the range; NaN inside it.
        reference = np.where(
            realisation > upper, upper, np.where(realisation < target, target, np.nan)
        )
        ratio = realisation / reference
        outside = np.where(lower_is_better, (2.0 - ratio) * 100.0, ratio * 100.0)
    result = np.where(np.isnan(reference), 100.0, outside)
    result = np.where(missing, np.nan, result)
    if cap is not None:
        result = np.where(np.isnan(result), np.nan, np.minimum(result, cap))
    return np.asarray(result, dtype=np.float64)


def achievement(
    realisation: ArrayLike,
    target: ArrayLike,
    *,
    polarity: Polarity = "higher",
    cap: float | None = None,
    target_upper: ArrayLike | None = None,
) -> FloatResult:
    r"""Achievement (capaian) of a realisation against its target, in percent.

    Parameters
    ----------
    realisation : float, array_like or Series
        The realised value (realisasi) R, in the indicator's unit [indicator unit]. NaN means
        "not reported" and gives NaN. Any finite value is accepted (a turnover growth may be
        negative).
    target : float, array_like or Series
        The target T, in the same unit [indicator unit]; for a range target, its lower bound.
        Must be > 0; NaN (no target, "N/A") gives NaN.
    polarity : {"higher", "lower"}
        ``"higher"``: higher is better, R/T x 100. ``"lower"``: lower is better (TFR,
        prevalence of violence), (2 - R/T) x 100.
    cap : float, optional
        Upper limit of the achievement [percent], e.g. 120. None (default): no cap.
    target_upper : float, array_like or Series, optional
        Upper bound of a range target [indicator unit], >= ``target``. None (default), or NaN
        for an element, means a point target for that element.

    Returns
    -------
    float, ndarray or Series
        The achievement [percent of target], in the container of the inputs: float for
        scalars, ndarray for arrays, Series (same index) for Series. NaN where the
        realisation or the target is NaN. It may exceed 100 (over-achievement) and, for
        "lower", fall below 0 (R > 2T).

    Raises
    ------
    InvalidInputError
        If ``polarity`` is unknown; a target is <= 0 or infinite; ``target_upper`` is below
        ``target`` or infinite; a realisation is infinite; ``cap`` is not a finite number > 0;
        the inputs are not numeric or do not broadcast.

    Notes
    -----
    With realisation $R$ and target $T$ (PermenPANRB 8/2021):

    $$
    C_{higher} = \frac{R}{T} \times 100 \qquad C_{lower} = \left(2 - \frac{R}{T}\right) \times 100
    $$

    For a range target $[T_l, T_u]$, $C = 100$ inside the range; above it $T = T_u$ and below
    it $T = T_l$ in the formulas above. With a cap $K$, the result is $\min(C, K)$. For the
    same $R$ and $T$, $C_{higher} + C_{lower} = 200$.

    References
    ----------
    1. Kementerian PANRB, *Peraturan Menteri PANRB Nomor 8 Tahun 2021 tentang Sistem
       Manajemen Kinerja Aparatur Sipil Negara*, 2021 (Bab VI: examples T 7, R 6.5 ->
       107.14 %; T 8, R 9 -> 87.5 % for lower-is-better indicators).
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, 2024.

    Examples
    --------
    >>> achievement(75.0, 71.0)  # IKU 4: growth 75 % against a target of 71 %
    105.63380281690141
    >>> round(achievement(6.5, 7.0, polarity="lower"), 2)  # PermenPANRB 8/2021
    107.14
    >>> achievement(9.0, 8.0, polarity="lower")
    87.5
    >>> achievement([50.0, 150.0], 100.0, cap=120)
    array([ 50., 120.])
    >>> achievement([4.0, 6.0, 12.0], 5.0, target_upper=10.0)
    array([ 80., 100., 120.])
    """
    check_policy("polarity", polarity, POLARITIES)
    cap_value = _check_cap(cap)
    if target_upper is None:
        # point target: R / T or 2 - R / T, with the target checked in its own shape
        container, (real, _) = broadcast(realisation=realisation, target=target)
        _, (point,) = broadcast(target=target)
        check_finite("realisation", real)
        check_positive("target", point)
        with np.errstate(invalid="ignore"):
            ratio = np.asarray(np.divide(real, point, dtype=np.float64))
            if polarity == "lower":
                np.subtract(2.0, ratio, out=ratio)
            ratio *= 100.0
            if cap_value is not None:
                np.minimum(ratio, cap_value, out=ratio)  # NaN stays NaN
        return container.wrap_float(ratio)
    upper_input: ArrayLike = np.nan if target_upper is None else target_upper
    container, (real, low, high) = broadcast(
        realisation=realisation, target=target, target_upper=upper_input
    )
    check_finite("realisation", real)
    check_positive("target", low)
    check_finite("target_upper", high)
    with np.errstate(invalid="ignore"):
        fail_where("target_upper", high, high < low, "must be >= `target` (a range [lower, upper])")
    lower_is_better = np.full(real.shape, polarity == "lower")
    return container.wrap_float(achievement_arrays(real, low, high, lower_is_better, cap_value))


def achievement_profiles() -> tuple[str, ...]:
    """Names of the achievement category profiles (``achievement-<name>`` in the band files).

    Returns
    -------
    tuple of str
        The profile names accepted by :func:`achievement_category`, sorted.

    Examples
    --------
    >>> "permendagri-86-2017" in achievement_profiles()
    True
    """
    from .._bands import band_profiles

    return tuple(
        sorted(name[len(_PREFIX) :] for name in band_profiles() if name.startswith(_PREFIX))
    )


def achievement_category(
    value: ArrayLike, *, profile: str = DEFAULT_ACHIEVEMENT_PROFILE
) -> LabelResult:
    r"""Category of an achievement: "sangat tinggi", "tinggi", "sedang", "rendah", "sangat rendah".

    Parameters
    ----------
    value : float, array_like or Series
        Achievement [percent of target], as returned by :func:`achievement`.
    profile : str
        Name of a band profile (default ``"permendagri-86-2017"``); see
        :func:`achievement_profiles`.

    Returns
    -------
    str, None, ndarray of object or Series
        The category label; ``None`` where ``value`` is NaN.

    Raises
    ------
    InvalidInputError
        If ``profile`` is unknown or ``value`` is not numeric.

    Notes
    -----
    Profile ``"permendagri-86-2017"`` (``data/bands_achievement.toml``), half-open
    intervals, each boundary in the band above it:

    $$
    C \ge 91: \text{sangat tinggi};\; 76 \le C < 91: \text{tinggi};\;
    66 \le C < 76: \text{sedang};\; 51 \le C < 66: \text{rendah};\; C < 51: \text{sangat rendah}
    $$

    References
    ----------
    1. Kementerian Dalam Negeri, *Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017*,
       Lampiran (skala nilai tingkat capaian kinerja), 2017.

    Examples
    --------
    >>> import numpy as np
    >>> achievement_category(90.999), achievement_category(91.0)
    ('tinggi', 'sangat tinggi')
    >>> achievement_category(np.array([50.999, 51.0, np.nan]))
    array(['sangat rendah', 'rendah', None], dtype=object)
    """
    from .._bands import classify

    profiles = achievement_profiles()
    if profile not in profiles:
        known = ", ".join(repr(p) for p in profiles)
        raise InvalidInputError("profile", f"must be one of {known}", profile)
    return classify(value, _PREFIX + profile)
