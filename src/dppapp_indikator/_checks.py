"""Argument checks with one message shape.

Every check names the parameter, the constraint, the offending value and (for arrays) its
position, e.g.::

    `female_population_share` must be in [0, 1]; got 1.3 at position 4

NaN is a *missing* value, not an invalid one: the range checks skip it (NaN in gives NaN out),
while :func:`check_not_nan` is used where a formula documents that NaN is not allowed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt


class InvalidInputError(ValueError):
    """An argument violates a documented constraint.

    A subclass of :class:`ValueError`; the message always has the shape
    ``"`parameter` constraint; got value at position i"``.

    Attributes
    ----------
    parameter : str
        Name of the offending parameter.
    constraint : str
        The constraint it violates, in words.
    value : object
        The offending value (the first one, for arrays).
    position : int, tuple of int or None
        Where the value sits in the array (None for scalars).
    """

    _MISSING = object()

    def __init__(
        self,
        parameter: str,
        constraint: str,
        value: object = _MISSING,
        position: int | tuple[int, ...] | None = None,
    ) -> None:
        self.parameter = parameter
        self.constraint = constraint
        self.value = None if value is self._MISSING else value
        self.position = position
        message = f"`{parameter}` {constraint}"
        if value is not self._MISSING:
            message += f"; got {_format_value(value)}"
            if position is not None:
                message += f" at position {position}"
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:  # keep pickling (multiprocessing, Dask) working
        return (type(self), (self.parameter, self.constraint, self.value, self.position))


def _format_value(value: object) -> str:
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return repr(number)
        return f"{number:.10g}"
    if isinstance(value, np.integer):
        return str(int(value))
    return repr(value)


def _position(mask: npt.NDArray[np.bool_]) -> int | tuple[int, ...] | None:
    """Position of the first True element (flat int for 1-D, tuple for N-D, None for 0-D)."""
    if mask.ndim == 0:
        return None
    where = np.argwhere(mask)[0]
    return int(where[0]) if mask.ndim == 1 else tuple(int(i) for i in where)


def fail_where(
    name: str, values: npt.NDArray[Any], bad: npt.NDArray[np.bool_], constraint: str
) -> None:
    """Raise :class:`InvalidInputError` for the first element where ``bad`` is True."""
    bad = np.asarray(bad)
    if bad.any():
        position = _position(bad)
        value = values[np.unravel_index(int(np.argmax(bad)), bad.shape)] if bad.ndim else values
        if isinstance(value, np.ndarray):
            value = value.item()
        raise InvalidInputError(name, constraint, value, position)


_MAX_FINITE_BITS = int(np.array(np.finfo(np.float64).max).view(np.uint64))


def _bits(bound: float) -> int | None:
    """The bit pattern of a non-negative finite bound as an unsigned integer (else None)."""
    if not (math.isfinite(bound) and bound >= 0.0):
        return None
    return int(np.array(bound, dtype=np.float64).view(np.uint64))


def _within(
    values: npt.NDArray[np.float64],
    lower: float | None,
    upper: float | None,
    lower_inclusive: bool = True,
    upper_inclusive: bool = True,
    *,
    finite: bool = False,
) -> bool:
    """Fast path: True when every non-NaN element is (finite and) inside the bounds.

    Two reductions that skip NaN (``fmin``/``fmax``) and no temporary arrays; the checks
    only build masks (to find the offending position) when this returns False.
    """
    if values.size == 0:
        return True
    if (
        lower == 0.0
        and lower_inclusive
        and values.dtype == np.float64
        and (upper_inclusive or upper is None)
        and (upper is not None or finite)
    ):
        # One integer pass instead of two: for IEEE-754 doubles, the bit patterns of +0.0 and
        # the positive numbers sort as unsigned integers in numeric order, +inf and NaN above
        # every finite value and every negative number (sign bit set) above them all. So
        # max(bits) <= bits(upper) holds exactly when every value is in [+0, upper]; when it
        # does not (a NaN, a -0.0, a value outside), the two reductions below decide.
        limit = _MAX_FINITE_BITS if upper is None else _bits(upper)
        if limit is not None and int(values.view(np.uint64).max(axis=None)) <= limit:
            return True
    low = float(np.fmin.reduce(values, axis=None))
    high = float(np.fmax.reduce(values, axis=None))
    if math.isnan(low):  # every element is NaN (missing)
        return True
    if finite and not (math.isfinite(low) and math.isfinite(high)):
        return False
    if lower is not None and not (low >= lower if lower_inclusive else low > lower):
        return False
    return upper is None or (high <= upper if upper_inclusive else high < upper)


def check_not_nan(name: str, values: npt.NDArray[np.float64]) -> None:
    """Raise if any element is NaN (for formulas that do not allow missing values)."""
    if values.size == 0 or not math.isnan(float(values.min())):  # min propagates NaN
        return
    fail_where(name, values, np.isnan(values), "must not be NaN (missing)")


def check_finite(name: str, values: npt.NDArray[np.float64]) -> None:
    """Raise if any element is +/-inf. NaN is allowed (missing)."""
    if _within(values, None, None, finite=True):
        return
    fail_where(name, values, np.isinf(values), "must be finite")


def check_range(
    name: str,
    values: npt.NDArray[np.float64],
    lower: float | None = None,
    upper: float | None = None,
    *,
    lower_inclusive: bool = True,
    upper_inclusive: bool = True,
) -> None:
    """Raise if a non-NaN element lies outside the interval.

    Parameters
    ----------
    name : str
        Parameter name for the message.
    values : ndarray
        Values to check; NaN elements are skipped.
    lower, upper : float, optional
        Bounds; None means unbounded on that side.
    lower_inclusive, upper_inclusive : bool
        Whether each bound belongs to the interval.
    """
    if _within(values, lower, upper, lower_inclusive, upper_inclusive):
        return
    with np.errstate(invalid="ignore"):
        bad = np.zeros(np.shape(values), dtype=bool)
        if lower is not None:
            bad |= values < lower if lower_inclusive else values <= lower
        if upper is not None:
            bad |= values > upper if upper_inclusive else values >= upper
    left = "[" if lower_inclusive else "("
    right = "]" if upper_inclusive else ")"
    if lower is not None and upper is not None:
        constraint = f"must be in {left}{_num(lower)}, {_num(upper)}{right}"
    elif lower is not None:
        constraint = f"must be {'>=' if lower_inclusive else '>'} {_num(lower)}"
    elif upper is not None:
        constraint = f"must be {'<=' if upper_inclusive else '<'} {_num(upper)}"
    else:
        return
    fail_where(name, values, bad, constraint)


def _num(x: float) -> str:
    return f"{x:g}"


def check_share(name: str, values: npt.NDArray[np.float64]) -> None:
    """Raise unless every non-NaN element is a share in [0, 1]."""
    check_range(name, values, 0.0, 1.0)


def check_percent(name: str, values: npt.NDArray[np.float64]) -> None:
    """Raise unless every non-NaN element is a percent in [0, 100]."""
    check_range(name, values, 0.0, 100.0)


def check_nonnegative(name: str, values: npt.NDArray[np.float64]) -> None:
    """Raise unless every non-NaN element is finite and >= 0."""
    if _within(values, 0.0, None, finite=True):
        return
    check_finite(name, values)
    check_range(name, values, 0.0, None)


def check_positive(name: str, values: npt.NDArray[np.float64]) -> None:
    """Raise unless every non-NaN element is finite and > 0."""
    if _within(values, 0.0, None, lower_inclusive=False, finite=True):
        return
    check_finite(name, values)
    check_range(name, values, 0.0, None, lower_inclusive=False)


def check_count(name: str, values: npt.NDArray[np.float64]) -> None:
    """Raise unless every non-NaN element is a non-negative whole number."""
    check_nonnegative(name, values)
    with np.errstate(invalid="ignore"):
        fraction = (values != np.round(values)) & ~np.isnan(values)
        fail_where(name, values, fraction, "must be a whole number (count)")


def check_not_greater(
    name: str,
    values: npt.NDArray[np.float64],
    other_name: str,
    other: npt.NDArray[np.float64],
) -> None:
    """Raise where ``values > other`` (e.g. cases exceeding the population)."""
    with np.errstate(invalid="ignore"):
        fail_where(name, values, values > other, f"must not exceed `{other_name}`")


def check_choice(name: str, value: object, choices: tuple[object, ...] | list[object]) -> None:
    """Raise unless ``value`` is one of ``choices`` (named policies, profiles, methods)."""
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise InvalidInputError(name, f"must be one of {allowed}", value)
