"""Row keys of the survey designs: domain and PSU codes, shared by the designs and the
estimators that read rows (quantiles, calibration, row views).

Nothing here knows a design class, so every module of the survey layer can use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

IntArray: TypeAlias = npt.NDArray[np.int64]

#: Row-number column added to Polars / Dask data when ``psu`` is None (each row is a PSU).
_ROW = "__dppapp_row__"


def _pandas() -> Any:
    import pandas as pd

    return pd


#: A dense integer key space (lookup table instead of hashing) is used up to this many slots
#: per row (with a floor for small data).
_DENSE_SLOTS_PER_ROW = 2
_DENSE_SLOTS_FLOOR = 1 << 16


def _dense_ok(space: int, n: int) -> bool:
    return space <= max(_DENSE_SLOTS_PER_ROW * n, _DENSE_SLOTS_FLOOR)


def _compact(pair: IntArray, space: int) -> tuple[IntArray, IntArray]:
    """Codes of the keys ``pair`` (in ``[0, space)``, or -1 for missing) in sorted key order.

    Returns the codes (-1 where ``pair`` is -1) and the sorted distinct keys. A lookup table
    over the key space when it is small (no hashing, no sort of the rows), else
    ``pandas.factorize(sort=True)``.
    """
    n = len(pair)
    if _dense_ok(space, n):
        # -1 (missing) goes to the extra last slot ``space`` and maps back to -1
        has_missing = bool(n) and int(pair.min()) < 0
        counts = np.bincount(
            np.where(pair < 0, space, pair) if has_missing else pair, minlength=space + 1
        )
        present = counts[:space] > 0
        lookup = np.empty(space + 1, dtype=np.int64)
        np.cumsum(present, out=lookup[:space])
        lookup[:space] -= 1
        lookup[space] = -1
        return np.asarray(lookup[pair], dtype=np.int64), np.flatnonzero(present).astype(np.int64)
    pd = _pandas()
    codes, keys = pd.factorize(pair, sort=True)
    keys = np.asarray(keys, dtype=np.int64)
    codes = np.asarray(codes, dtype=np.int64)
    if len(keys) and keys[0] < 0:  # -1 (missing) sorts first: drop it
        codes = codes - 1
        keys = keys[1:]
    return codes, keys


def _factorize(series: pd.Series[Any]) -> tuple[IntArray, Any]:
    """``pandas.factorize(series, sort=True)`` (codes as int64, -1 for missing).

    Columns of numpy integer or boolean dtype with a small value range use a lookup table
    (same codes and uniques, no hashing); unorderable mixed labels keep their order of
    appearance.
    """
    pd = _pandas()
    dtype = series.dtype
    n = len(series)
    if isinstance(dtype, np.dtype) and dtype.kind in "iub" and n and dtype.itemsize <= 8:
        values = series.to_numpy()
        if dtype.kind == "b":  # integer positions, not a boolean mask
            values = values.view(np.uint8)
        low = int(values.min())
        high = int(values.max())
        # non-negative labels index the lookup table directly (no shifted copy)
        base = 0 if low >= 0 and _dense_ok(high + 1, n) else low
        if _dense_ok(high - base + 1, n) and (dtype.kind != "u" or high < 2**62):
            if base != 0 or values.dtype == np.uint64:
                shifted = np.subtract(values, base, dtype=np.int64)
            else:
                shifted = values
            present = np.bincount(shifted, minlength=high - base + 1) > 0
            lookup = np.cumsum(present) - 1
            uniques = (np.flatnonzero(present) + base).astype(dtype)
            return np.asarray(lookup[shifted], dtype=np.int64), pd.Index(uniques, dtype=dtype)
    try:
        codes, uniques = pd.factorize(series, sort=True)
    except TypeError:  # unorderable mixed labels: order of appearance
        codes, uniques = pd.factorize(series, sort=False)
    return np.asarray(codes, dtype=np.int64), uniques


def _encode(columns: Sequence[pd.Series[Any]]) -> tuple[IntArray, pd.DataFrame]:
    """Integer codes (lexicographic order of the keys) of each row; -1 where a key is missing.

    Returns the codes and the labels (one row per code, one column per key column).
    """
    pd = _pandas()
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    labels: list[Any] = []
    for series in columns:
        current, uniques = _factorize(series)
        size = max(len(uniques), 1)
        if not labels:
            codes = current
            labels = [uniques]
            continue
        missing = (codes < 0) | (current < 0)
        pair = codes * size + current
        if missing.any():
            pair[missing] = -1
        codes, pairs = _compact(pair, max(len(labels[0]), 1) * size)
        labels = [label.take(pairs // size) for label in labels] + [uniques.take(pairs % size)]
    frame = pd.DataFrame(
        {
            series.name: pd.Series(label, copy=False)
            for series, label in zip(columns, labels, strict=True)
        }
    )
    return codes, frame


def _key_index(table: pd.DataFrame, keys: list[str]) -> Any:
    pd = _pandas()
    if len(keys) == 1:
        return pd.Index(table[keys[0]].to_numpy())
    return pd.MultiIndex.from_arrays([table[c].to_numpy() for c in keys])
