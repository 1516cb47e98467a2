"""Numbers written in Indonesian notation (decimal comma, thousands dots).

A small module below the agreement files, the reports and the command line, which all write
numbers the same way.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Literal, TypeAlias

from ._checks import InvalidInputError, check_choice

__all__ = ["DECIMAL_MARKS", "DecimalMark", "format_number"]

#: Decimal mark of text numbers: ``","`` (Indonesian, the default) or ``"."`` (English).
DecimalMark: TypeAlias = Literal[",", "."]
DECIMAL_MARKS: tuple[DecimalMark, ...] = (",", ".")


def format_number(value: float, *, decimal_mark: DecimalMark = ",") -> str:
    """Write a number in Indonesian notation: the inverse of
    :func:`dppapp_indikator.agreement.io.parse_number`.

    Parameters
    ----------
    value : float
        A finite number. Written with the fewest digits that read back to the same float.
    decimal_mark : {",", "."}
        ``","`` (default): decimal comma and thousands dots; ``"."``: the English notation.

    Returns
    -------
    str
        E.g. ``"63,46"``, ``"110.400.000.000"``, ``"-1.234,5"``; NaN gives ``""``.

    Raises
    ------
    InvalidInputError
        If ``value`` is infinite.

    Examples
    --------
    >>> format_number(63.46), format_number(110400000000.0), format_number(-1234.5)
    ('63,46', '110.400.000.000', '-1.234,5')
    >>> format_number(0.1 + 0.2), format_number(63.46, decimal_mark=".")
    ('0,30000000000000004', '63.46')
    """
    check_choice("decimal_mark", decimal_mark, DECIMAL_MARKS)
    number = float(value)
    if math.isnan(number):
        return ""
    if math.isinf(number):
        raise InvalidInputError("value", "must be finite", value)
    plain = format(Decimal(repr(number)), "f")
    sign = "-" if plain.startswith("-") else ""
    whole, _, fraction = plain.lstrip("-").partition(".")
    fraction = fraction.rstrip("0")
    groups = [whole[max(i - 3, 0) : i] for i in range(len(whole), 0, -3)][::-1]
    thousands = "." if decimal_mark == "," else ","
    text = thousands.join(groups) + (decimal_mark + fraction if fraction else "")
    return sign + text if text.strip("0.,") else text
