"""Shared constants and small helpers that the formulas and the data-file schemas both use.

This module imports the standard library and :mod:`dppapp_indikator._checks` only, so the
formula modules (which must load without pydantic) and :mod:`dppapp_indikator.schemas` (the
pydantic schemas of the data files and records) can both import it without importing each
other.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Literal, TypeAlias

from ._checks import InvalidInputError

__all__ = [
    "CLUSTERS",
    "IPHA_CLUSTERS",
    "IPKA_INDICATORS",
    "SUBMISSION_DAY",
    "WEIGHT_SUM_TOLERANCE",
    "ClusterId",
    "sdi_submission_deadline",
]

# ------------------------------------------------------------------------------------------
# IPA structure (methods/child#ipa)

#: The five clusters (klaster) I-V of the child protection indices.
ClusterId: TypeAlias = Literal["I", "II", "III", "IV", "V"]
CLUSTERS: tuple[ClusterId, ...] = ("I", "II", "III", "IV", "V")
#: The clusters of IPHA (I-IV); cluster V is IPKA.
IPHA_CLUSTERS: tuple[ClusterId, ...] = ("I", "II", "III", "IV")
#: Number of IPKA indicators (cluster V, equal weights).
IPKA_INDICATORS = 5

# ------------------------------------------------------------------------------------------
# NKA weights (methods/budget#nka-weights)

#: Tolerance of the check that NKA weights sum to 1.
WEIGHT_SUM_TOLERANCE = 1e-6

# ------------------------------------------------------------------------------------------
# Satu Data deadlines (methods/satudata#sdi)

#: Day of the month after the release-schedule month by which a file must be collected
#: (PK 2024 IKU 12, Catatan 1: "Batas waktu pengumpulan data adalah tanggal 5 bulan berikutnya
#: dari jadwal rilis").
SUBMISSION_DAY = 5

_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


def _year_month(name: str, value: object) -> tuple[int, int]:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.year, value.month
    if isinstance(value, str):
        match = _YEAR_MONTH.match(value)
        if match is not None:
            year, month = int(match[1]), int(match[2])
            if 1 <= month <= 12 and year >= 1:
                return year, month
    raise InvalidInputError(name, "must be a year-month 'YYYY-MM' or a date", value)


def sdi_submission_deadline(due_month: str | _dt.date) -> _dt.date:
    r"""Collection deadline of a data file: the 5th of the month after its release month.

    Parameters
    ----------
    due_month : str or datetime.date
        The month of the file in the release schedule (jadwal rilis) [year-month
        ``"YYYY-MM"``]; for a date, only its year and month are used.

    Returns
    -------
    datetime.date
        The last day on which a submission is on time (inclusive).

    Raises
    ------
    InvalidInputError
        If ``due_month`` is not ``"YYYY-MM"`` (month 01-12) or a date.

    Notes
    -----
    PK 2024 IKU 12, Catatan 1 (methods/satudata#sdi): "Batas waktu pengumpulan data adalah
    tanggal 5 bulan berikutnya dari jadwal rilis". For due month $(y, m)$:

    $$
    \mathrm{deadline} = \begin{cases} (y,\, m + 1,\, 5) & m < 12 \\
    (y + 1,\, 1,\, 5) & m = 12 \end{cases}
    $$

    A file collected on the deadline is on time; the day after is late.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 12 (Catatan 1),
       2024.

    Examples
    --------
    >>> sdi_submission_deadline("2024-03")
    datetime.date(2024, 4, 5)
    >>> sdi_submission_deadline("2024-12")
    datetime.date(2025, 1, 5)
    """
    year, month = _year_month("due_month", due_month)
    if month == 12:
        return _dt.date(year + 1, 1, SUBMISSION_DAY)
    return _dt.date(year, month + 1, SUBMISSION_DAY)
