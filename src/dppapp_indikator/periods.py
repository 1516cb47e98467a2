"""Quarter-to-year aggregation of targets and realisations (methods/agreement#agreement)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ._arrays import FloatResult, is_dataframe, is_series
from ._checks import InvalidInputError, check_finite
from .policies import QUARTER_AGGREGATIONS, QuarterAggregation, check_policy

__all__ = ["PERIODS", "aggregate_quarters", "normalize_period"]

#: The reporting periods of the agreement, in order (triwulan I-IV and the year).
PERIODS: tuple[str, ...] = ("TW I", "TW II", "TW III", "TW IV", "Tahunan")

_QUARTER_NUMBER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_RE = re.compile(r"^(?:tw|triwulan|q)(i|ii|iii|iv|1|2|3|4)$")
_ANNUAL = frozenset({"tahunan", "tahun", "annual", "year"})


def normalize_period(value: object, *, position: int | None = None) -> str:
    """The canonical period label of a period cell or argument.

    Parameters
    ----------
    value : str
        ``"TW I"``, ``"TW II"``, ``"TW III"``, ``"TW IV"`` or ``"Tahunan"``; also accepted (any
        case; blanks, dots, hyphens and underscores ignored): ``"TW 1"``, ``"TW1"``,
        ``"Triwulan I"``, ``"Q1"`` (roman or arabic 1-4) and ``"Tahun"``, ``"Annual"``,
        ``"Year"`` for the year.
    position : int, optional
        Row of ``value``, for the error message.

    Returns
    -------
    str
        One of :data:`PERIODS`.

    Raises
    ------
    InvalidInputError
        If ``value`` is none of these (the message names the value and its position).

    Examples
    --------
    >>> normalize_period("tw 3"), normalize_period("Q4"), normalize_period("Triwulan II")
    ('TW III', 'TW IV', 'TW II')
    >>> normalize_period("annual")
    'Tahunan'
    """
    if isinstance(value, str):
        key = re.sub(r"[\s._\-]+", "", value.lower())
        if key in _ANNUAL:
            return "Tahunan"
        match = _QUARTER_RE.match(key)
        if match:
            return PERIODS[_QUARTER_NUMBER[match.group(1)] - 1]
    raise InvalidInputError(
        "period", "must be one of 'TW I', 'TW II', 'TW III', 'TW IV', 'Tahunan'", value, position
    )


def aggregate_quarters(quarters: Any, how: QuarterAggregation) -> FloatResult:
    r"""Annual value from the four quarterly values (triwulan I-IV).

    Parameters
    ----------
    quarters : sequence of 4 numbers, (n, 4) array or 4-column DataFrame
        Quarterly values TW I-IV in the indicator's unit; NaN or None marks a quarter with no
        value ("N/A" in the agreement).
    how : {"sum", "last", "constant"}
        ``"sum"``: the quarters add up (e.g. turnover growth per quarter); ``"last"``: the
        values are cumulative, the annual value is the last quarter with a value;
        ``"constant"``: every quarter with a value must hold the same value, which is the
        annual value.

    Returns
    -------
    float, ndarray or Series
        The annual value (float for one row, ndarray for a 2-D array, Series with the frame's
        index for a DataFrame). NaN where no quarter has a value.

    Raises
    ------
    InvalidInputError
        If the input does not have exactly four quarters, holds +/-inf, if ``how`` is unknown,
        or if ``how="constant"`` and the quarters differ.

    Notes
    -----
    With $q_1..q_4$ the quarters that have a value (N/A skipped):

    $$
    \mathrm{sum}: \sum_k q_k \qquad \mathrm{last}: q_{\max k} \qquad
    \mathrm{constant}: q_k \ (\text{all equal})
    $$

    References
    ----------
    1. Kementerian PANRB, *Peraturan Menteri PANRB Nomor 8 Tahun 2021 tentang Sistem
       Manajemen Kinerja Aparatur Sipil Negara*, 2021.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, 2024.

    Examples
    --------
    IKU 4's quarterly targets in the 2024 agreement add up to its annual target of 71:

    >>> round(aggregate_quarters([14.35, 16.39, 19.11, 21.15], "sum"), 2)
    71.0
    >>> aggregate_quarters([5, 25, 55, 100], "last")
    100.0
    >>> aggregate_quarters([None, None, 50, 50], "sum")
    100.0
    """
    check_policy("how", how, QUARTER_AGGREGATIONS)
    index = None
    if is_dataframe(quarters):
        index = quarters.index
        values = quarters.to_numpy(dtype=np.float64, na_value=np.nan)
    elif is_series(quarters):
        values = quarters.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        try:
            values = np.asarray(
                [[np.nan if v is None else v for v in row] for row in quarters]
                if np.ndim(quarters) == 2
                else [np.nan if v is None else v for v in quarters],
                dtype=np.float64,
            )
        except (TypeError, ValueError) as exc:
            raise InvalidInputError("quarters", "must be numbers (or None for N/A)") from exc
    if values.shape[-1:] != (4,) or values.ndim > 2:
        raise InvalidInputError(
            "quarters", "must hold exactly 4 quarters (TW I-IV) per row", values.shape
        )
    check_finite("quarters", values)
    rows = np.atleast_2d(values)
    present = ~np.isnan(rows)
    any_present = present.any(axis=1)
    if how == "sum":
        annual = np.where(any_present, np.nansum(rows, axis=1), np.nan)
    elif how == "last":
        last = 3 - np.argmax(present[:, ::-1], axis=1)
        annual = np.where(any_present, rows[np.arange(len(rows)), last], np.nan)
    else:
        with np.errstate(invalid="ignore"):
            low = np.where(any_present, np.nanmin(np.where(present, rows, np.inf), axis=1), 0)
            high = np.where(any_present, np.nanmax(np.where(present, rows, -np.inf), axis=1), 0)
        differ = np.flatnonzero(any_present & (low != high))
        if differ.size:
            raise InvalidInputError(
                "quarters",
                'must hold the same value in every quarter with how="constant"',
                rows[differ[0]].tolist(),
                int(differ[0]) if values.ndim == 2 else None,
            )
        annual = np.where(any_present, low, np.nan)
    if index is not None:
        import pandas as pd

        return pd.Series(annual, index=index)
    if values.ndim == 1:
        return float(annual[0])
    return annual
