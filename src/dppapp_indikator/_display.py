"""Short text and HTML summaries for the objects a notebook shows.

:func:`notebook_repr` is a class decorator: it gives a result object a one-line ``repr``
that names its key numbers and says how large its tables are (instead of printing them), and a
``_repr_html_`` that Jupyter shows as a small table. The full data stay in the attributes.

Examples
--------
>>> from dataclasses import dataclass
>>> import pandas as pd
>>> @notebook_repr("value", "table")
... @dataclass(frozen=True)
... class Estimate:
...     value: float
...     table: pd.DataFrame
>>> Estimate(2.0 / 3.0, pd.DataFrame({"a": range(100)}))
Estimate(value=0.666667, table=<DataFrame 100 rows x 1 column>)
"""

from __future__ import annotations

import html
import math
import sys
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

__all__ = ["notebook_repr", "summarize"]

T = TypeVar("T", bound=type)

#: Longest text shown in full; longer text is cut with an ellipsis.
MAX_TEXT = 60
#: Most scalar items of a short sequence or Series shown in full.
MAX_ITEMS = 4


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _scalar(value: Any) -> str | None:
    """Text of a scalar (None if ``value`` is not one)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.6g}"
    if isinstance(value, str):
        text = value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 3] + "..."
        return repr(text)
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.generic):
        return _scalar(value.item())
    return None


def summarize(value: Any) -> str:
    """A short text for one attribute: scalars in full, tables and long lists by their size.

    Examples
    --------
    >>> summarize(1 / 3), summarize(list(range(10))), summarize({"a": 1})
    ('0.333333', '<list of 10 items>', "{'a': 1}")
    """
    scalar = _scalar(value)
    if scalar is not None:
        return scalar
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        if isinstance(value, pandas.DataFrame):
            rows, cols = value.shape
            return f"<DataFrame {_plural(rows, 'row')} x {_plural(cols, 'column')}>"
        if isinstance(value, pandas.Series):
            if len(value) <= MAX_ITEMS:
                items = ", ".join(f"{k}: {summarize(v)}" for k, v in value.items())
                return "{" + items + "}"
            return f"<Series of {len(value)}>"
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray):
        if value.size <= MAX_ITEMS and value.ndim <= 1:
            return "[" + ", ".join(summarize(v) for v in value.tolist()) + "]"
        return f"<array of shape {value.shape}>"
    if isinstance(value, Mapping):
        if len(value) <= MAX_ITEMS and all(_scalar(v) is not None for v in value.values()):
            return "{" + ", ".join(f"{k!r}: {summarize(v)}" for k, v in value.items()) + "}"
        return f"<{type(value).__name__} of {_plural(len(value), 'entry')}>".replace(
            "entrys", "entries"
        )
    if isinstance(value, list | tuple):
        if len(value) <= MAX_ITEMS and all(_scalar(v) is not None for v in value):
            inner = ", ".join(summarize(v) for v in value)
            return f"[{inner}]" if isinstance(value, list) else f"({inner})"
        return f"<{type(value).__name__} of {_plural(len(value), 'item')}>"
    return f"<{type(value).__name__}>"


def notebook_repr(*fields: str) -> Callable[[T], T]:
    """Class decorator: a one-line ``repr`` and an HTML summary over ``fields``.

    Parameters
    ----------
    *fields : str
        The attributes to show, in order. Tables (DataFrame, long Series, arrays, long
        sequences and mappings) are shown by their size, never in full.

    Returns
    -------
    callable
        The decorator; it sets ``__repr__`` and ``_repr_html_`` on the class and returns it.
    """

    def decorate(cls: T) -> T:
        def short_repr(self: Any) -> str:
            parts = ", ".join(f"{f}={summarize(getattr(self, f))}" for f in fields)
            return f"{type(self).__name__}({parts})"

        def html_summary(self: Any) -> str:
            rows = "".join(
                f"<tr><th style='text-align:left'>{html.escape(f)}</th>"
                f"<td style='text-align:left'>{html.escape(summarize(getattr(self, f)))}</td></tr>"
                for f in fields
            )
            title = html.escape(type(self).__name__)
            return f"<table><caption style='text-align:left'><b>{title}</b></caption>{rows}</table>"

        cls.__repr__ = short_repr  # type: ignore[assignment]
        cls._repr_html_ = html_summary  # type: ignore[attr-defined]
        return cls

    return decorate
