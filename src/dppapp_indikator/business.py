"""Business turnover (omset) of assisted businesses, agreement IKU 4 and IKU 10.

Formulas follow methods/business#turnover. Money in rupiah is exact: amounts are
:class:`~decimal.Decimal` (parsed from Indonesian notation by :func:`parse_rupiah`), never
binary floats, unless the caller passes floats, arrays or Series on purpose (the vectorised
path of :func:`turnover_growth`).

Which path a call takes (:func:`turnover_growth`):

* every argument an *exact scalar* (``int``, :class:`~decimal.Decimal`, or ``str`` in rupiah
  notation) -> computed in Decimal, returns a ``Decimal``;
* otherwise (a ``float``, list, ndarray or Series anywhere) -> computed in float64, returns
  ``float`` / ``ndarray`` / ``Series`` as every vectorised function of the package;
* a ``Decimal`` or ``str`` mixed with a float, array or Series raises
  :class:`~dppapp_indikator.InvalidInputError`: mixing exact money with binary floats is the
  error this module exists to prevent (Python's own ``Decimal + float`` refuses too).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal
from types import MappingProxyType
from typing import Any, Literal, TypeAlias, overload

import numpy as np

from ._arrays import ArrayLike, FloatResult, broadcast, is_dataframe, is_series
from ._checks import (
    InvalidInputError,
    check_count,
    check_nonnegative,
    check_not_greater,
    check_positive,
    check_range,
    fail_where,
)
from .policies import check_policy

__all__ = [
    "GROWTH_SIGNIFICANT_DIGITS",
    "TURNOVER_GROWTH_PRESETS",
    "GrowthPreset",
    "RiseSharePolicy",
    "format_rupiah",
    "parse_rupiah",
    "turnover_growth",
    "turnover_rise_share",
    "turnover_rise_share_from_counts",
    "turnover_target",
]

#: An exact money amount: an integer, a Decimal, or a string in rupiah notation.
ExactAmount: TypeAlias = "int | Decimal | str"

#: Named growth rules for :func:`turnover_target` [percent].
GrowthPreset: TypeAlias = Literal["pk-2024-dki"]

#: The growth rules that have a documented source, by name [percent]. ``"pk-2024-dki"``: Dinas
#: PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja 2024*, IKU 4, Metode Pengukuran: "Target
#: omset di tahun berjalan adalah jumlah omset tahun sebelumnya ... ditambah 3%".
TURNOVER_GROWTH_PRESETS: Mapping[str, Decimal] = MappingProxyType({"pk-2024-dki": Decimal("3")})

#: Significant digits of the Decimal quotient in :func:`turnover_growth` (Python's default
#: decimal precision, fixed here so that a caller's context cannot change the answer).
GROWTH_SIGNIFICANT_DIGITS = 28

#: Missing-value policies of :func:`turnover_rise_share`.
RiseSharePolicy: TypeAlias = Literal["raise", "propagate"]
_RISE_SHARE_POLICIES: tuple[RiseSharePolicy, ...] = ("raise", "propagate")

# Sums, differences and products of Decimals are exact in this context (no rounding short of
# a billion digits); the only rounded operation of the module is the growth quotient.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_HALF_EVEN)
_QUOTIENT = Context(
    prec=GROWTH_SIGNIFICANT_DIGITS, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_HALF_EVEN
)

# Indonesian notation: optional sign, optional "Rp"/"Rp."/"IDR", digits grouped by dots in
# threes (or not grouped at all), optional decimal comma followed by digits or a dash
# ("Rp 50.000,-" means no sen).
_RUPIAH = re.compile(
    r"""^\s*
    (?P<sign1>[-\u2212])?\s*
    (?:(?:rp\.?|idr)\s*)?
    (?P<sign2>[-\u2212])?\s*
    (?P<integer>\d{1,3}(?:\.\d{3})+|\d+)
    (?:,(?P<fraction>\d+|-))?
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_NOTATION = "a rupiah amount in Indonesian notation (e.g. 'Rp 110.400.000.000,00', '1.234,5')"


def _parse(text: object, name: str) -> Decimal:
    """Parse Indonesian notation into a Decimal; errors name ``name``."""
    if not isinstance(text, str):
        raise InvalidInputError(name, "must be a string in rupiah notation", text)
    match = _RUPIAH.match(text)
    if match is None or (match["sign1"] and match["sign2"]):
        raise InvalidInputError(name, f"must be {_NOTATION}", text)
    digits = match["integer"].replace(".", "")
    fraction = match["fraction"]
    if fraction and fraction != "-":
        digits += "." + fraction
    negative = bool(match["sign1"] or match["sign2"])
    return Decimal(("-" if negative else "") + digits)


def parse_rupiah(text: str) -> Decimal:
    r"""Parse a rupiah amount written in Indonesian notation into an exact Decimal.

    Parameters
    ----------
    text : str
        The amount [rupiah], e.g. ``"Rp 110.400.000.000,00"``, ``"110.400.000.000"``,
        ``"1.234,5"``, ``"Rp 50.000,-"`` or ``"110400000000"``. A dot groups thousands, a
        comma starts the sen (decimal) part. An optional ``Rp``, ``Rp.`` or ``IDR`` prefix
        (any case) and one leading minus sign (before or after the prefix) are accepted;
        surrounding and inner blanks (including non-breaking spaces) are ignored.

    Returns
    -------
    decimal.Decimal
        The amount [rupiah], exact, keeping the written decimal places
        (``"1.000,00"`` -> ``Decimal('1000.00')``).

    Raises
    ------
    InvalidInputError
        If ``text`` is not a string, or is not in Indonesian notation. Anything ambiguous is
        refused rather than guessed: ``"12.34"`` (a dot must be followed by exactly three
        digits), ``"1,234.56"`` (English notation), ``"1.234,5,6"``, ``""``, ``"Rp"``.

    Notes
    -----
    Grammar (case-insensitive; $d$ a digit):

    $$
    [-]\,[\mathrm{Rp}[.] \mid \mathrm{IDR}]\,[-]\;
    \big(d\{1,3\}(.d\{3\})^{+} \mid d^{+}\big)\;[\,,\,(d^{+} \mid -)\,]
    $$

    Python's ``Decimal("1.234")`` reads the dot as a decimal point; this function reads it as
    the Indonesian thousands separator. Pass money as ``Decimal`` or ``int`` to avoid any
    notation question.

    References
    ----------
    1. Badan Pengembangan dan Pembinaan Bahasa, *Pedoman Umum Ejaan Bahasa Indonesia*
       (titik sebagai pemisah ribuan, koma sebagai tanda desimal), 2022.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 4, 2024.

    Examples
    --------
    >>> parse_rupiah("Rp 110.400.000.000,00")
    Decimal('110400000000.00')
    >>> parse_rupiah("110.400.000.000"), parse_rupiah("1.234,5"), parse_rupiah("Rp 50.000,-")
    (Decimal('110400000000'), Decimal('1234.5'), Decimal('50000'))
    >>> parse_rupiah("12.34")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dppapp_indikator._checks.InvalidInputError: `text` must be a rupiah amount ...; got '12.34'
    """
    return _parse(text, "text")


def _indonesian(value: Decimal) -> str:
    """Digits of a finite Decimal in Indonesian notation, without a currency prefix."""
    sign, digit_tuple, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    digits = "".join(map(str, digit_tuple))
    if exponent >= 0:
        whole, fraction = digits + "0" * exponent, ""
    else:
        digits = digits.rjust(-exponent + 1, "0")
        whole, fraction = digits[:exponent], digits[exponent:]
    whole = whole.lstrip("0") or "0"
    groups = [whole[max(i - 3, 0) : i] for i in range(len(whole), 0, -3)][::-1]
    text = ".".join(groups) + ("," + fraction if fraction else "")
    return ("-" if sign else "") + text


def format_rupiah(amount: int | Decimal) -> str:
    r"""Write an exact amount in Indonesian notation: the inverse of :func:`parse_rupiah`.

    Parameters
    ----------
    amount : int or Decimal
        The amount [rupiah]; finite. Its decimal places are kept as they are.

    Returns
    -------
    str
        ``"Rp "`` followed by the amount with dots grouping thousands and a decimal comma,
        e.g. ``"Rp 110.400.000.000,00"``; a negative amount starts with ``"-"``.

    Raises
    ------
    InvalidInputError
        If ``amount`` is not an int or a finite Decimal (floats are refused).

    Notes
    -----
    For every finite Decimal $x$, ``parse_rupiah(format_rupiah(x))`` equals $x$ with the same
    decimal places:

    $$
    \mathrm{parse}(\mathrm{format}(x)) = x
    $$

    References
    ----------
    1. Badan Pengembangan dan Pembinaan Bahasa, *Pedoman Umum Ejaan Bahasa Indonesia*, 2022.

    Examples
    --------
    >>> format_rupiah(Decimal("113712000000.00"))
    'Rp 113.712.000.000,00'
    >>> format_rupiah(-1234), format_rupiah(Decimal("0.5"))
    ('-Rp 1.234', 'Rp 0,5')
    """
    if isinstance(amount, str):
        raise InvalidInputError("amount", "must be an int or a Decimal", amount)
    text = _indonesian(_exact("amount", amount))
    return "-Rp " + text[1:] if text.startswith("-") else "Rp " + text


def _is_integer(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _exact(name: str, value: object) -> Decimal:
    """An exact scalar (int, Decimal, rupiah string) as a finite Decimal."""
    if isinstance(value, str):
        return _parse(value, name)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInputError(name, "must be a finite amount", value)
        return value
    if _is_integer(value):
        return Decimal(int(value))  # type: ignore[call-overload]
    if isinstance(value, (float, np.floating)):
        raise InvalidInputError(
            name, "must be an exact amount (int, Decimal or rupiah string), not a float", value
        )
    raise InvalidInputError(name, "must be an exact amount (int, Decimal or rupiah string)", value)


@overload
def turnover_growth(current: Decimal | str, previous: ExactAmount) -> Decimal: ...
@overload
def turnover_growth(current: int, previous: Decimal | str) -> Decimal: ...
@overload
def turnover_growth(current: ArrayLike, previous: ArrayLike) -> FloatResult | Decimal: ...
def turnover_growth(current: Any, previous: Any) -> FloatResult | Decimal:
    r"""Percent increase in turnover (omset) over the previous year.

    Parameters
    ----------
    current : int, Decimal, str, float, array_like or Series
        Turnover of year $t$, January to December [rupiah], >= 0. A ``str`` is read by
        :func:`parse_rupiah` (Indonesian notation).
    previous : int, Decimal, str, float, array_like or Series
        Turnover of year $t-1$ [rupiah], > 0.

    Returns
    -------
    Decimal, float, ndarray or Series
        The growth [percent; negative for a decline, unbounded above].

        * Both arguments exact scalars (``int``, ``Decimal``, ``str``): a ``Decimal``, computed
          without binary rounding; the only rounded step is the final quotient, to
          :data:`GROWTH_SIGNIFICANT_DIGITS` (28) significant digits, half-even (so the result
          is exact whenever the quotient has at most 28 digits, e.g. 3 % or 0.1-type values).
        * Otherwise (a ``float``, list, ndarray or Series): float64, in the container of the
          inputs; NaN in either argument gives NaN for that element.

    Raises
    ------
    InvalidInputError
        If ``previous`` is not > 0, ``current`` is negative, a Decimal is NaN or infinite, a
        string is not rupiah notation, a ``Decimal``/``str`` is mixed with a float, array or
        Series, or the shapes do not broadcast. The message names the parameter.

    Notes
    -----
    methods/business#turnover (IKU 4, "Persentase kenaikan omset"):

    $$
    g_t = \frac{\mathrm{omset}_t - \mathrm{omset}_{t-1}}{\mathrm{omset}_{t-1}} \times 100
    $$

    The Decimal path computes $(\mathrm{omset}_t - \mathrm{omset}_{t-1}) \times 100$ exactly
    and divides once. Turnover is the sum over January to December of the assisted
    businesses' turnover (seed).

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 4 (Metode
       Pengukuran), 2024.
    2. Pemerintah Provinsi DKI Jakarta, *Peraturan Gubernur Nomor 2 Tahun 2020 tentang
       Penyelenggaraan Pengembangan Kewirausahaan Terpadu*, 2020.

    Examples
    --------
    The seed's 2022 turnover and its 3 % target (IKU 4):

    >>> turnover_growth("Rp 113.712.000.000,00", "Rp 110.400.000.000,00")
    Decimal('3')
    >>> from decimal import Decimal
    >>> turnover_growth(Decimal("0.3"), Decimal("0.1"))  # exact; floats give 199.99999999999997
    Decimal('200')
    >>> turnover_growth([115.0, 100.0], 100.0)
    array([15.,  0.])
    """
    c_decimal = isinstance(current, (Decimal, str))
    p_decimal = isinstance(previous, (Decimal, str))
    c_int, p_int = _is_integer(current), _is_integer(previous)
    if (c_decimal or p_decimal) or (c_int and p_int):
        for name, value, exact_kind in (
            ("current", current, c_decimal or c_int),
            ("previous", previous, p_decimal or p_int),
        ):
            if not exact_kind:
                other = "previous" if name == "current" else "current"
                raise InvalidInputError(
                    name,
                    f"must be an exact scalar (int, Decimal or rupiah string) when `{other}` "
                    "is a Decimal or string: do not mix exact money with floats or arrays",
                    value if isinstance(value, (float, np.floating)) else type(value).__name__,
                )
        now = _exact("current", current)
        before = _exact("previous", previous)
        if before <= 0:
            raise InvalidInputError("previous", "must be > 0", before)
        if now < 0:
            raise InvalidInputError("current", "must be >= 0", now)
        numerator = _EXACT.multiply(_EXACT.subtract(now, before), Decimal(100))
        return _QUOTIENT.divide(numerator, before)
    container, (now_f, before_f) = broadcast(current=current, previous=previous)
    check_nonnegative("current", now_f)
    check_positive("previous", before_f)
    return container.wrap_float((now_f - before_f) / before_f * 100.0)


def _growth_value(growth_pct: object) -> Decimal:
    """A growth rule: a preset name or an exact number [percent]."""
    if isinstance(growth_pct, str):
        preset = TURNOVER_GROWTH_PRESETS.get(growth_pct.strip())
        if preset is not None:
            return preset
        try:
            return _parse(growth_pct, "growth_pct")
        except InvalidInputError:
            names = ", ".join(repr(k) for k in TURNOVER_GROWTH_PRESETS)
            raise InvalidInputError(
                "growth_pct",
                f"must be a number in Indonesian notation or a preset ({names})",
                growth_pct,
            ) from None
    return _exact("growth_pct", growth_pct)


def turnover_target(previous: ExactAmount, *, growth_pct: ExactAmount | GrowthPreset) -> Decimal:
    r"""Turnover target of a year: last year's turnover raised by a growth rule, exactly.

    Parameters
    ----------
    previous : int, Decimal or str
        Turnover of year $t-1$, January to December [rupiah], >= 0. A ``str`` is read by
        :func:`parse_rupiah`. Floats are refused (money is exact).
    growth_pct : int, Decimal, str or preset name
        The growth rule [percent], >= -100, required: there is no default. Either a number
        (``3``, ``Decimal("2.5")``, ``"2,5"``) or the name of a documented preset in
        :data:`TURNOVER_GROWTH_PRESETS`: ``"pk-2024-dki"`` is the seed's 3 % rule.

    Returns
    -------
    decimal.Decimal
        The target turnover of year $t$ [rupiah], exact (no rounding: quantize it yourself,
        e.g. ``.quantize(Decimal("0.01"))``, for display).

    Raises
    ------
    InvalidInputError
        If ``previous`` is negative, a float, or not rupiah notation; if ``growth_pct`` is
        below -100, a float, or neither a number nor a preset name.

    Notes
    -----
    methods/business#turnover (IKU 4): "Target omset di tahun berjalan adalah jumlah omset tahun
    sebelumnya ... ditambah 3%":

    $$
    \mathrm{target}_t = \mathrm{omset}_{t-1} \times \left(1 + \frac{g}{100}\right)
    $$

    computed as $\mathrm{omset}_{t-1} \times (100 + g) / 100$, which is exact in Decimal.
    The seed's $g = 3$ is offered as the named preset ``"pk-2024-dki"``, never as a silent
    default.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 4 (Metode
       Pengukuran), 2024.

    Examples
    --------
    The seed's 2022 turnover, Rp 110.400.000.000,00, and the 3 % rule:

    >>> turnover_target("Rp 110.400.000.000,00", growth_pct="pk-2024-dki")
    Decimal('113712000000.00')
    >>> turnover_target(110_400_000_000, growth_pct=3)
    Decimal('113712000000')
    """
    base = _exact("previous", previous)
    if base < 0:
        raise InvalidInputError("previous", "must be >= 0", base)
    growth = _growth_value(growth_pct)
    if growth < -100:
        raise InvalidInputError("growth_pct", "must be >= -100", growth)
    factor = _EXACT.add(Decimal(100), growth)
    return _EXACT.divide(_EXACT.multiply(base, factor), Decimal(100))


# --------------------------------------------------------------------------------------------
# IKU 10: share of assisted businesses whose turnover rose


def _has_exact_elements(value: object) -> bool:
    """True when a 1-D input holds Decimal or str elements (the exact comparison path)."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "US":
            return True
        if value.dtype != object:
            return False
        items: list[Any] = value.ravel().tolist()
    elif is_series(value):
        items = value.tolist()  # type: ignore[attr-defined]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        return False
    return any(isinstance(item, (Decimal, str)) for item in items)


def _decimal_items(name: str, value: object) -> list[Decimal | None]:
    """Per-business amounts as Decimals (``None`` = missing), for the exact path."""
    if is_series(value):
        items: list[Any] = value.tolist()  # type: ignore[attr-defined]
    elif isinstance(value, (list, tuple, np.ndarray)):
        if np.ndim(value) != 1:
            raise InvalidInputError(name, "must be 1-D (one value per business)")
        items = list(value)
    else:
        raise InvalidInputError(name, "must be a 1-D sequence, ndarray or Series", value)
    out: list[Decimal | None] = []
    for position, item in enumerate(items):
        if item is None:
            out.append(None)
        elif isinstance(item, (float, np.floating)):
            if math.isnan(item):
                out.append(None)
            elif math.isinf(item):
                raise InvalidInputError(name, "must be finite", item, position)
            else:
                out.append(Decimal(float(item)))  # the float's exact binary value
        elif isinstance(item, Decimal) and item.is_nan():
            out.append(None)
        else:
            try:
                out.append(_exact(name, item))
            except InvalidInputError as exc:
                raise InvalidInputError(name, exc.constraint, exc.value, position) from None
    return out


def _rise_counts_exact(
    current: object, previous: object, missing: str
) -> tuple[int, int, int | None]:
    now = _decimal_items("current", current)
    before = _decimal_items("previous", previous)
    if len(now) != len(before):
        raise InvalidInputError(
            "previous",
            "must have as many values (businesses) as `current`",
            f"{len(before)} values for {len(now)}",
        )
    if is_series(current) and is_series(previous):
        series: Any = current
        if not series.index.equals(previous.index):  # type: ignore[attr-defined]
            raise InvalidInputError(
                "previous",
                "must have the same index as `current` (Series are not aligned silently)",
            )
    first_missing: int | None = None
    rising = 0
    for position, (a, b) in enumerate(zip(now, before, strict=True)):
        for name, amount in (("current", a), ("previous", b)):
            if amount is not None and amount < 0:
                raise InvalidInputError(name, "must be >= 0", amount, position)
        if a is None or b is None:
            if missing == "raise":
                name = "current" if a is None else "previous"
                raise InvalidInputError(
                    name,
                    "must not be NaN (missing) under missing='raise'",
                    float("nan"),
                    position,
                )
            first_missing = position if first_missing is None else first_missing
            continue
        rising += a > b
    return rising, len(now), first_missing


def _rise_counts_float(current: Any, previous: Any, missing: str) -> tuple[int, int, int | None]:
    for name, value in (("current", current), ("previous", previous)):
        if is_dataframe(value) or np.ndim(value) != 1:
            raise InvalidInputError(name, "must be 1-D (one value per business)")
    if np.shape(current) != np.shape(previous):
        raise InvalidInputError(
            "previous",
            "must have as many values (businesses) as `current`",
            f"{np.shape(previous)[0]} values for {np.shape(current)[0]}",
        )
    _, (now, before) = broadcast(current=current, previous=previous)
    for name, values in (("current", now), ("previous", before)):
        check_nonnegative(name, values)
    absent = np.isnan(now) | np.isnan(before)
    if missing == "raise":
        fail_where("current", now, np.isnan(now), "must not be NaN (missing) under missing='raise'")
        fail_where(
            "previous", before, np.isnan(before), "must not be NaN (missing) under missing='raise'"
        )
    first_missing = int(np.argmax(absent)) if absent.any() else None
    with np.errstate(invalid="ignore"):
        rising = int(np.count_nonzero(now > before))
    return rising, int(now.shape[0]), first_missing


def _rise_counts(
    current: object, previous: object, missing: str = "raise"
) -> tuple[int, int, int | None]:
    """(rising, businesses, position of the first missing pair or None)."""
    check_policy("missing", missing, _RISE_SHARE_POLICIES)
    if _has_exact_elements(current) or _has_exact_elements(previous):
        rising, n, first_missing = _rise_counts_exact(current, previous, missing)
    else:
        rising, n, first_missing = _rise_counts_float(current, previous, missing)
    if n == 0:
        raise InvalidInputError("current", "must hold at least one business; got 0 values")
    return rising, n, first_missing


def turnover_rise_share(
    current: ArrayLike | list[Any],
    previous: ArrayLike | list[Any],
    *,
    missing: RiseSharePolicy = "raise",
) -> float:
    r"""Percent of assisted businesses whose turnover rose, from per-business turnover.

    Parameters
    ----------
    current : sequence, ndarray or Series
        Turnover of each assisted business in year $t$ [rupiah], >= 0, one value per
        business. Elements may be numbers, ``Decimal`` or rupiah strings (see
        :func:`parse_rupiah`); ``None``/NaN is missing.
    previous : sequence, ndarray or Series
        Turnover of the same businesses in year $t-1$ [rupiah], >= 0, same length (and the
        same index for Series: nothing is realigned silently).
    missing : {"raise", "propagate"}
        Missing-value policy. ``"raise"`` (default): a missing turnover raises, naming the
        parameter and position. ``"propagate"``: any missing turnover makes the result NaN.
        Either way no row is dropped: the denominator is always every business listed.

    Returns
    -------
    float
        The share of businesses with $\mathrm{omset}_t > \mathrm{omset}_{t-1}$
        [percent 0-100] (NaN under ``"propagate"`` when a value is missing).

    Raises
    ------
    InvalidInputError
        If an input is not 1-D, lengths or Series indexes differ, there are no businesses, a
        turnover is negative or malformed, a value is missing under ``missing="raise"``, or
        ``missing`` is not a policy name.

    Notes
    -----
    methods/business#turnover (IKU 10): "Jumlah pelaku usaha yang mengalami kenaikan omset dibagi
    dengan
    jumlah seluruh pelaku usaha binaan ... dikali 100%":

    $$
    S = \frac{\#\{i : \mathrm{omset}_{i,t} > \mathrm{omset}_{i,t-1}\}}{n} \times 100
    $$

    A rise is strict: unchanged turnover is not a rise. When any element is a ``Decimal`` or a
    string, every comparison is exact (floats in the other argument are compared by their
    exact binary value); otherwise the comparison is in float64.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 10 (Metode
       Pengukuran; 5.848 pelaku usaha binaan in 2021), 2024.
    2. Pemerintah Provinsi DKI Jakarta, *Peraturan Gubernur Nomor 2 Tahun 2020*, 2020.

    Examples
    --------
    >>> turnover_rise_share([120, 80, 100, 150], [100, 90, 100, 140])
    50.0
    >>> turnover_rise_share(["Rp 1.000.000,01", "Rp 5.000"], ["1.000.000", "5.000"])
    50.0
    >>> import numpy as np
    >>> turnover_rise_share([120.0, np.nan], [100.0, 90.0], missing="propagate")
    nan
    """
    rising, n, first_missing = _rise_counts(current, previous, missing)
    if first_missing is not None:
        return float("nan")
    return rising / n * 100.0


def turnover_rise_share_from_counts(rising: ArrayLike, assisted: ArrayLike) -> FloatResult:
    r"""Percent of assisted businesses whose turnover rose, from counts.

    Parameters
    ----------
    rising : int, array_like or Series
        Number of assisted businesses whose turnover rose [count], whole, >= 0,
        <= ``assisted``.
    assisted : int, array_like or Series
        Number of assisted businesses (pelaku usaha binaan) [count], whole, > 0.

    Returns
    -------
    float, ndarray or Series
        The share [percent 0-100], in the container of the inputs; NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If a count is negative or not whole, ``assisted`` is 0, ``rising`` exceeds
        ``assisted``, or the shapes do not broadcast.

    Notes
    -----
    methods/business#turnover (IKU 10):

    $$
    S = \frac{n_{\mathrm{rising}}}{n_{\mathrm{assisted}}} \times 100
    $$

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 10, 2024.

    Examples
    --------
    With the seed's 5.848 assisted businesses (2021) and its 56 % target:

    >>> round(turnover_rise_share_from_counts(3275, 5848), 2)
    56.0
    """
    container, (up, total) = broadcast(rising=rising, assisted=assisted)
    check_count("rising", up)
    check_count("assisted", total)
    check_range("assisted", total, 0.0, None, lower_inclusive=False)
    check_not_greater("rising", up, "assisted", total)
    return container.wrap_float(up / total * 100.0)
