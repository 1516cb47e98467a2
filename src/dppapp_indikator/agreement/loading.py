"""Load a performance agreement: the embedded PK 2024, a TOML/JSON file or an Excel workbook.

:func:`load_agreement` sits above the schema (:mod:`~dppapp_indikator.agreement.model`, which
reads the embedded agreement and TOML/JSON files) and the agreement workbook
(:mod:`~dppapp_indikator.agreement.sheet`), and picks one of them by the file's extension.
"""

from __future__ import annotations

from pathlib import Path

from .model import Agreement, _load_agreement_data

__all__ = ["load_agreement"]


def load_agreement(path: str | Path | None = None) -> Agreement:
    """Load the embedded *Perjanjian Kinerja 2024* (or an agreement file of the same schema).

    Parameters
    ----------
    path : str or Path, optional
        Another year's agreement: a TOML or JSON file with the schema of :class:`Agreement`,
        or an Excel agreement workbook (``.xlsx``) as ``dppapp-indikator agreement-template``
        writes it (see :func:`~dppapp_indikator.agreement.sheet.read_agreement_sheet`). None
        (default): the packaged PK 2024 (``data/pk2024.toml``), validated on first load and
        cached.

    Returns
    -------
    Agreement
        Frozen pydantic model: ``title``, ``organisation``, ``year``, ``source``, ``fixes``
        and ``indicators`` (21 :class:`AgreementIndicator`, ordered by ``number``).

    Raises
    ------
    DataFileError
        If the file cannot be read or does not match the schema (for a workbook: an
        :class:`~dppapp_indikator.agreement.sheet.AgreementSheetError` naming the sheet, row
        and column of every bad cell).

    Examples
    --------
    >>> from dppapp_indikator.agreement import load_agreement
    >>> pk = load_agreement()
    >>> [i.number for i in pk.indicators if i.polarity == "lower"]
    [5, 7, 9]
    >>> pk.indicator(14).targets.annual  # the seed prints "08" (OCR); see pk.fixes
    80.0
    """
    if path is not None and Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        from .sheet import read_agreement_sheet

        return read_agreement_sheet(path)
    return _load_agreement_data(path)
