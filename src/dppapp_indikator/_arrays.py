"""Scalar / ndarray / Series in, the same kind out.

Every vectorised formula of the package goes through :func:`broadcast`: it turns its
arguments into float arrays of one common shape and remembers how to give the result back in
the caller's container:

* only Python or numpy scalars in -> a Python ``float`` (or ``str``/``None`` for labels) out;
* any list, tuple or ndarray in -> an ``ndarray`` out;
* any pandas Series in -> a Series with that index (and name) out.

pandas is never imported here: a Series is recognised through ``sys.modules``, so the
package stays light to import.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import numpy as np
import numpy.typing as npt

from ._checks import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

FloatArray: TypeAlias = npt.NDArray[np.float64]
#: What a vectorised function accepts for one numeric argument.
ArrayLike: TypeAlias = "float | int | npt.ArrayLike | pd.Series[Any]"
#: What a vectorised numeric function returns: ``float``, ``ndarray`` or ``Series``.
FloatResult: TypeAlias = "float | FloatArray | pd.Series[Any]"
#: What a vectorised labelling function returns: ``str | None``, object ``ndarray`` or ``Series``.
LabelResult: TypeAlias = "str | npt.NDArray[np.object_] | pd.Series[Any] | None"


def is_series(value: object) -> bool:
    """Tell whether ``value`` is a pandas Series without importing pandas."""
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(value, pd.Series)


def is_dataframe(value: object) -> bool:
    """Tell whether ``value`` is a pandas DataFrame without importing pandas."""
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(value, pd.DataFrame)


@dataclass(frozen=True)
class Container:
    """How to give a result back in the caller's container.

    Attributes
    ----------
    kind : {"scalar", "array", "series"}
        The richest container among the inputs.
    shape : tuple of int
        The broadcast shape of the inputs.
    index : pandas.Index or None
        The index of the Series inputs (all Series inputs share it).
    name : hashable or None
        The name given to a Series result.
    """

    kind: str
    shape: tuple[int, ...]
    index: Any = None
    name: Any = None

    def wrap(self, values: npt.ArrayLike, *, name: Any = None) -> Any:
        """Return ``values`` in the caller's container.

        Parameters
        ----------
        values : array_like
            The result, of the broadcast shape.
        name : hashable, optional
            Name of a Series result (default: the container's name).
        """
        array = np.asarray(values)
        if self.kind == "scalar":
            item = array.reshape(()).item() if array.size == 1 else array
            if isinstance(item, (np.floating, np.integer)):
                return float(item)
            if isinstance(item, int) and not isinstance(item, bool):
                return float(item)
            return item
        if self.kind == "series":
            pd = sys.modules["pandas"]
            dtype = object if array.dtype == object else None
            return pd.Series(
                array, index=self.index, name=self.name if name is None else name, dtype=dtype
            )
        return array

    def wrap_float(self, values: npt.ArrayLike, *, name: Any = None) -> FloatResult:
        """Return float ``values`` in the caller's container."""
        return cast(FloatResult, self.wrap(np.asarray(values, dtype=np.float64), name=name))


def _to_array(name: str, value: object) -> tuple[FloatArray, str, Any]:
    """Convert one argument to a float array; report its container kind and index."""
    if is_series(value):
        series: Any = value
        try:
            array = np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan))
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(name, "must be numeric", _first_non_numeric(series)) from exc
        return array, "series", series.index
    if is_dataframe(value):
        raise InvalidInputError(name, "must be a number, an array or a Series, not a DataFrame")
    if value is None:
        raise InvalidInputError(name, "must be a number, an array or a Series", None)
    if isinstance(value, (str, bytes)):
        raise InvalidInputError(name, "must be numeric", value)
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(name, "must be numeric", _first_non_numeric(value)) from exc
    kind = "scalar" if array.ndim == 0 and not isinstance(value, np.ndarray) else "array"
    return array, kind, None


def _first_non_numeric(value: Any) -> object:
    """Find the first element of ``value`` that is not a number (for error messages)."""
    try:
        items = list(np.ravel(np.asarray(value, dtype=object)))
    except Exception:  # pragma: no cover - defensive: report the whole value
        return value
    for item in items:
        try:
            float(item)
        except (TypeError, ValueError):
            return item
    return value


def broadcast(**arguments: object) -> tuple[Container, list[FloatArray]]:
    """Turn numeric arguments into float arrays of one shape.

    Parameters
    ----------
    **arguments
        ``name=value`` pairs, in the order the arrays are wanted back. Each value is a number,
        a sequence, an ndarray or a pandas Series.

    Returns
    -------
    container : Container
        How to give a result back to the caller.
    arrays : list of ndarray
        The arguments as float64 arrays of the broadcast shape (read-only views).

    Raises
    ------
    InvalidInputError
        If an argument is not numeric, if Series arguments have different indexes, or if the
        shapes cannot be broadcast together (the message names the arguments and shapes).

    Examples
    --------
    >>> container, (a, b) = broadcast(a=1.0, b=[1.0, 2.0])
    >>> container.kind, a.tolist(), b.tolist()
    ('array', [1.0, 1.0], [1.0, 2.0])
    """
    kinds: list[str] = []
    arrays: list[FloatArray] = []
    index: Any = None
    index_owner = ""
    series_name: Any = None
    for name, value in arguments.items():
        array, kind, this_index = _to_array(name, value)
        if kind == "series":
            if index is None:
                index, index_owner = this_index, name
                series_name = getattr(value, "name", None)
            elif not index.equals(this_index):
                raise InvalidInputError(
                    name,
                    f"must have the same index as `{index_owner}` (Series are not aligned "
                    "silently)",
                )
        kinds.append(kind)
        arrays.append(array)
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError as exc:
        shapes = ", ".join(f"`{n}` {a.shape}" for n, a in zip(arguments, arrays, strict=True))
        raise InvalidInputError(
            next(iter(arguments)), f"arguments must have broadcastable shapes; got {shapes}"
        ) from exc
    kind = "series" if "series" in kinds else "array" if "array" in kinds else "scalar"
    if kind == "series" and len(shape) != 1:
        raise InvalidInputError(
            index_owner, f"a Series argument needs 1-D companions; broadcast shape is {shape}"
        )
    out = [np.broadcast_to(a, shape) for a in arrays]
    return Container(kind=kind, shape=shape, index=index, name=series_name), out


def as_float(value: object) -> float:
    """Return a scalar result as ``float`` (for records, which compute one value at a time)."""
    if isinstance(value, (float, int, np.floating, np.integer)):
        return float(value)
    array = np.asarray(value, dtype=np.float64)
    if array.size != 1:
        raise TypeError(f"expected a scalar result; got shape {array.shape}")
    return float(array.reshape(-1)[0])


def vectorize_labels(
    function: Callable[[FloatArray], npt.NDArray[np.object_]], name: str, value: object
) -> LabelResult:
    """Apply a labelling function to a numeric argument and restore the container.

    Parameters
    ----------
    function : callable
        Maps a float array to an object array of labels (``None`` for no label).
    name : str
        Parameter name used in error messages.
    value : number, array_like or Series
        The values to label.
    """
    container, (array,) = broadcast(**{name: value})
    labels = function(np.asarray(array))
    if container.kind == "scalar":
        return cast("str | None", labels.reshape(-1)[0])
    return cast(LabelResult, container.wrap(labels))
