r"""Spreadsheet cells: numbers in Indonesian notation, column letters, formula-safe text.

The lowest layer of the agreement files: the realisation reader
(:mod:`~dppapp_indikator.agreement.io`), the agreement workbook
(:mod:`~dppapp_indikator.agreement.sheet`), the agreement schema's range hints
(:mod:`~dppapp_indikator.agreement.model`) and the reports
(:mod:`~dppapp_indikator.agreement.report`) all read and write cells the same way.
:func:`parse_number` and :func:`escape_cell` are public through those modules.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from typing import Any, TypeVar

from .._checks import InvalidInputError, check_choice
from .._numbers import DECIMAL_MARKS, DecimalMark

__all__ = ["escape_cell", "parse_number"]

_NOT_REPORTED = frozenset({"", "n/a", "na", "-", "–", "—", "#n/a"})
_NUMBER_RE = {
    ",": re.compile(r"^([+-]?)([1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(\d+))?$"),
    ".": re.compile(r"^([+-]?)([1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.(\d+))?$"),
}
_FORMAT_HINT = {
    ",": "a number in Indonesian notation ('63,46', '1.234', '71%') or blank/N/A/- (not reported)",
    ".": "a number in English notation ('63.46', '1,234', '71%') or blank/N/A/- (not reported)",
}
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
T = TypeVar("T")


def parse_number(
    text: str | float | int | Decimal | None, *, decimal_mark: DecimalMark = ","
) -> float | None:
    r"""Read one number written in Indonesian notation (or taken from a numeric cell).

    Parameters
    ----------
    text : str, int, float, Decimal or None
        The cell's content. Text is read in Indonesian notation: a comma is the decimal mark,
        a dot separates thousands (``"63,46"``, ``"110.400.000.000,00"``, ``"1.234"``), an
        optional sign and an optional trailing percent sign (``"71%"``, ``"71 %"``) are
        allowed, blanks around the number are ignored. A number that is already numeric (an
        Excel number cell, a Python ``int``/``float``/``Decimal``) is taken as it is: no
        notation question arises.
    decimal_mark : {",", "."}
        The decimal mark of text numbers. ``","`` (default): Indonesian notation, the dot
        groups thousands. ``"."``: English notation, the comma groups thousands.

    Returns
    -------
    float or None
        The number [in the unit of the cell; a ``%`` sign is dropped, not divided by 100], or
        ``None`` for "not reported": ``None``, NaN, a blank cell, ``"N/A"``, ``"NA"``, ``"-"``
        (any case; also an en or em dash and Excel's ``"#N/A"``).

    Raises
    ------
    InvalidInputError
        If ``text`` is any other text (``"abc"``, ``"1e3"``, ``"1,2,3"``), an infinite number,
        a boolean, or a dot that is not a thousands separator under the Indonesian rule
        (``"2.23"``, ``"63.46"``, ``"0.500"``).

    Notes
    -----
    The grammar (with ``decimal_mark=","``; $d$ a digit, $D$ a digit 1-9):

    $$
    [+-]\ \big(D\,d\{0,2\}\,(.\,d\{3\})^{+} \mid d^{+}\big)\ [\,,\,d^{+}]\ [\ \%\ ]
    $$

    The ambiguity of a dot is settled as in Indonesian usage (and as in the seed, which writes
    every decimal with a comma: ``63,46``, ``2,23``): a dot is always a thousands separator,
    so it must be followed by groups of exactly three digits. ``"1.234"`` is one thousand two
    hundred thirty-four; ``"2.23"`` cannot be a thousands grouping and is refused rather than
    guessed (write ``"2,23"``, or pass ``decimal_mark="."`` for a file in English notation).

    References
    ----------
    1. Badan Pengembangan dan Pembinaan Bahasa, *Pedoman Umum Ejaan Bahasa Indonesia*
       (titik sebagai pemisah ribuan, koma sebagai tanda desimal), 2022.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, 2024.

    Examples
    --------
    >>> parse_number("63,46"), parse_number("110.400.000.000,00"), parse_number("1.234")
    (63.46, 110400000000.0, 1234.0)
    >>> parse_number("71%"), parse_number("71 %"), parse_number("-5"), parse_number(2.23)
    (71.0, 71.0, -5.0, 2.23)
    >>> parse_number("N/A") is None, parse_number("") is None, parse_number("-") is None
    (True, True, True)
    >>> parse_number("2.23", decimal_mark=".")
    2.23
    >>> parse_number("2.23")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dppapp_indikator._checks.InvalidInputError: `text` must be ... comma ('2,23'); got '2.23'
    """
    check_choice("decimal_mark", decimal_mark, DECIMAL_MARKS)
    if text is None:
        return None
    if isinstance(text, bool):
        raise InvalidInputError("text", "must be a number, not a boolean", text)
    if isinstance(text, (numbers.Real, Decimal)):
        number = float(text)
        if math.isnan(number):
            return None
        if math.isinf(number):
            raise InvalidInputError("text", "must be a finite number", text)
        return number
    if not isinstance(text, str):
        raise InvalidInputError("text", "must be text or a number", text)
    cleaned = text.strip().replace("\u2212", "-")
    if cleaned.lower() in _NOT_REPORTED:
        return None
    body = re.sub(r"\s*%$", "", cleaned)
    match = _NUMBER_RE[decimal_mark].match(body)
    if match is None:
        raise InvalidInputError("text", _hint(body, decimal_mark), text)
    sign, whole, fraction = match.groups()
    thousands = "." if decimal_mark == "," else ","
    literal = f"{sign}{whole.replace(thousands, '')}" + (f".{fraction}" if fraction else "")
    return float(literal)


def _hint(body: str, decimal_mark: DecimalMark) -> str:
    constraint = f"must be {_FORMAT_HINT[decimal_mark]}"
    if decimal_mark == "," and re.fullmatch(r"[+-]?\d+\.\d+", body):
        constraint += (
            "; a dot separates thousands (groups of three digits): write the decimal with a "
            f"comma ({body.replace('.', ',')!r})"
        )
    return constraint


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell_value(cell: Any) -> Any:
    """A cell's value; a number shown with a percent format is read as percent (0.71 -> 71)."""
    value = cell.value
    number_format = getattr(cell, "number_format", None) or ""
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and "%" in number_format
        and math.isfinite(value)
    ):
        return float(Decimal(repr(float(value))) * 100)
    return value


def escape_cell(value: T) -> T | str:
    """Neutralise text a spreadsheet would read as a formula.

    Parameters
    ----------
    value : object
        A cell value. Only ``str`` values are changed.

    Returns
    -------
    object
        ``value`` unchanged, or, for text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
        carriage return, the text with a single quote in front (Excel then shows it as text).

    Examples
    --------
    >>> escape_cell("=HYPERLINK(\\"http://x\\")"), escape_cell("-"), escape_cell("ok")
    ('\\'=HYPERLINK("http://x")', "'-", 'ok')
    >>> escape_cell(-5.0)
    -5.0
    """
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value
