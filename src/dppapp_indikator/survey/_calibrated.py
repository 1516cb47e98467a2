"""Calibrated designs: the ``post_stratify``, ``rake`` and ``calibrate`` methods of
:class:`SurveyDesign` and :class:`ReplicateDesign`.

A calibrated design is a design of the same class over the same data with one more column, the
calibrated weights (computed per row from the calibration variables, per partition on Dask).
The calibrated classes (``CalibratedSurveyDesign`` in :mod:`.design`,
``CalibratedReplicateDesign`` in :mod:`.replicate`) are thin: each design builds its own
calibrated copy (``_calibrated_copy``), and the row views and sums live here, so this module
imports no design class.

* Taylor designs keep the estimator layer's reduction for the point estimates and replace the
  PSU totals of the influence values by those of R's calibration residuals (``svyrecvar``):
  the regression residual for post-stratification and calibration, the ten backfitting
  sweeps for raking. The residuals are computed from the rows (the columns an estimate needs
  are read into memory).
* Replicate designs are recalibrated replicate by replicate (R's ``calibrate``, ``rake`` and
  ``postStratify`` for replicate designs); the replicate totals are computed from the rows,
  one replicate at a time.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError, check_choice
from ._engine import require_columns
from ._layer import Request, Sums
from ._rowview import (
    RowView,
    TaylorEngine,
    add_column,
    collect_columns,
    key_columns,
    replicate_row_view,
    row_psu_of,
)
from .calibration import (
    CALIBRATION_METHODS,
    CalibrationMethod,
    _grake,
    post_stratification_g,
    raking_g,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .design import CalibratedSurveyDesign, SurveyDesign
    from .replicate import CalibratedReplicateDesign

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]

_SWEEPS = 10  # R svyrecvar: backfitting sweeps of the raking variance


# -- margins ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Categorical:
    column: str
    levels: tuple[Any, ...]
    totals: FloatArray


@dataclass(frozen=True)
class _Margins:
    categorical: tuple[_Categorical, ...]
    numeric: tuple[tuple[str, float], ...]

    @property
    def columns(self) -> list[str]:
        return [m.column for m in self.categorical] + [c for c, _ in self.numeric]

    @property
    def names(self) -> list[str]:
        out = [f"{m.column} = {level!r}" for m in self.categorical for level in m.levels]
        return out + [column for column, _ in self.numeric]

    @property
    def totals(self) -> FloatArray:
        parts = [m.totals for m in self.categorical] + [
            np.array([total]) for _, total in self.numeric
        ]
        return np.concatenate(parts) if parts else np.zeros(0)


def _level_totals(column: str, spec: Any, parameter: str) -> _Categorical:
    """A categorical margin from ``{level: total}`` or a two-column DataFrame."""
    if hasattr(spec, "columns") and hasattr(spec, "to_dict"):  # a pandas DataFrame
        if column not in spec.columns or len(spec.columns) != 2:
            raise InvalidInputError(
                parameter,
                f"a DataFrame margin needs the column {column!r} and one column of totals",
                list(spec.columns),
            )
        other = next(c for c in spec.columns if c != column)
        spec = dict(zip(spec[column].tolist(), spec[other].tolist(), strict=True))
    if not isinstance(spec, Mapping) or not spec:
        raise InvalidInputError(
            parameter, f"margin {column!r} must map every level to its population total", spec
        )
    levels = tuple(spec.keys())
    totals = []
    for level in levels:
        value = spec[level]
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and number > 0):
            raise InvalidInputError(
                parameter,
                f"margin {column!r} level {level!r} must have a finite total > 0",
                value,
            )
        totals.append(number)
    return _Categorical(column, levels, np.array(totals, dtype=np.float64))


def _parse_margins(spec: Any, parameter: str, *, numeric_ok: bool) -> _Margins:
    if not isinstance(spec, Mapping) or not spec:
        raise InvalidInputError(
            parameter, "must be a non-empty dict {column: {level: total}}", spec
        )
    categorical = []
    numeric = []
    for column, value in spec.items():
        if not isinstance(column, str):
            raise InvalidInputError(parameter, "keys must be column names (str)", column)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not numeric_ok:
                raise InvalidInputError(
                    parameter, f"margin {column!r} must map levels to totals", value
                )
            if not math.isfinite(float(value)):
                raise InvalidInputError(parameter, f"the total of {column!r} must be finite", value)
            numeric.append((column, float(value)))
        else:
            categorical.append(_level_totals(column, value, parameter))
    if len(categorical) > 1:
        sums = [float(m.totals.sum()) for m in categorical]
        if max(sums) - min(sums) > 1e-9 * max(sums):
            detail = ", ".join(
                f"{m.column!r}: {s:.10g}" for m, s in zip(categorical, sums, strict=True)
            )
            raise InvalidInputError(
                parameter,
                f"categorical margins must sum to the same population size ({detail})",
                sums,
            )
    return _Margins(tuple(categorical), tuple(numeric))


def _codes(
    rows: pd.DataFrame, margins: _Margins, parameter: str, *, check_empty: bool = True
) -> list[IntArray]:
    """Level code of each row for every categorical margin, with the errors R gives."""
    out = []
    for margin in margins.categorical:
        values = rows[margin.column]
        code = _numeric_codes(values, margin.levels)
        if code is None:
            lookup = {level: j for j, level in enumerate(margin.levels)}
            codes = values.map(lookup)
            missing = codes.isna().to_numpy()
        else:
            missing = code < 0
        if missing.any():
            position = int(np.flatnonzero(missing)[0])
            bad = values.iloc[position]
            if values.isna().iloc[position]:
                raise InvalidInputError(
                    margin.column, "must not be missing in a calibration margin", bad, position
                )
            raise InvalidInputError(
                parameter,
                f"margin {margin.column!r} has no total for level {bad!r} found in the data "
                f"(the totals list {list(margin.levels)!r})",
                bad,
            )
        if code is None:
            code = codes.to_numpy(dtype=np.int64)
        present = np.bincount(code, minlength=len(margin.levels))
        if check_empty and (present == 0).any():
            level = margin.levels[int(np.flatnonzero(present == 0)[0])]
            raise InvalidInputError(
                parameter,
                f"margin {margin.column!r} level {level!r} has no sampled row (an empty cell); "
                "merge it with another level",
                level,
            )
        out.append(code)
    return out


def _numeric_codes(values: pd.Series[Any], levels: tuple[Any, ...]) -> IntArray | None:
    """Level codes by binary search when the column and the levels are numbers (-1: none)."""
    if values.dtype.kind not in "iuf" or not all(
        isinstance(level, (int, float, np.integer, np.floating)) and not isinstance(level, bool)
        for level in levels
    ):
        return None
    array = values.to_numpy()
    table = np.asarray(levels, dtype=np.float64)
    order = np.argsort(table, kind="stable")
    ordered = table[order]
    position = np.minimum(np.searchsorted(ordered, array), len(ordered) - 1)
    found = ordered[position] == array
    return np.asarray(np.where(found, order[position], -1), dtype=np.int64)


def _numeric(rows: pd.DataFrame, margins: _Margins) -> FloatArray:
    columns = []
    for column, _ in margins.numeric:
        try:
            values = rows[column].to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):
            raise InvalidInputError(column, "must be numeric to calibrate on its total") from None
        if np.isnan(values).any():
            position = int(np.flatnonzero(np.isnan(values))[0])
            raise InvalidInputError(
                column, "must not be missing in a calibration variable", math.nan, position
            )
        columns.append(values)
    return np.column_stack(columns) if columns else np.zeros((len(rows), 0))


# -- the calibration record -------------------------------------------------------------
@dataclass(frozen=True)
class _Record:
    """What a calibration did, enough to recompute g on any rows and the residuals."""

    kind: Literal["post_stratify", "rake", "calibrate"]
    margins: _Margins
    base_weights: str
    cell_keys: IntArray  # sorted mixed-radix keys of the cells present
    radices: IntArray
    cell_levels: IntArray  # (C, M)
    cell_g: FloatArray | None  # (C,): g of each cell (categorical only)
    margin_factors: tuple[FloatArray, ...]  # rake: g of each cell after each margin
    fit: Any  # _GFit for calibration with numeric variables (None otherwise)
    cell_d: FloatArray  # (C,): weight before calibration of each cell
    replicate_cell_g: FloatArray | None = None  # (R, C) replicate designs, categorical
    replicate_fits: tuple[Any, ...] | None = None  # replicate designs, numeric
    # (cell, g) of the data's rows, in row order, filled once (the rows never change)
    cache: dict[str, FloatArray | IntArray] = dataclasses.field(default_factory=dict)

    def cells(self, rows: pd.DataFrame, *, cache: bool = False) -> IntArray:
        cached = self.cache.get("cell")
        if cache and cached is not None and len(cached) == len(rows):
            return cached  # type: ignore[return-value]
        codes = _codes(rows, self.margins, "totals", check_empty=False)
        key = np.zeros(len(rows), dtype=np.int64)
        for code, radix in zip(codes, self.radices, strict=True):
            key = key * radix + code
        space = int(np.prod(self.radices)) if len(self.radices) else 0
        if 0 < space <= max(4 * len(rows), 1 << 16):
            lookup = np.full(space, -1, dtype=np.int64)
            lookup[self.cell_keys] = np.arange(len(self.cell_keys))
            cell = lookup[key]
            bad = cell < 0
        else:
            cell = np.minimum(np.searchsorted(self.cell_keys, key), len(self.cell_keys) - 1)
            bad = self.cell_keys[cell] != key
        if bad.any():
            raise InvalidInputError(
                "data", "has a combination of calibration levels that was not calibrated"
            )
        return np.asarray(cell, dtype=np.int64)

    def x(self, rows: pd.DataFrame, cell: IntArray | None = None) -> FloatArray:
        """The calibration variables: dummies of every level, then the numeric columns."""
        if cell is None:
            cell = self.cells(rows)
        parts = []
        for m, margin in enumerate(self.margins.categorical):
            level = self.cell_levels[cell, m]
            parts.append(np.eye(len(margin.levels))[level])
        parts.append(_numeric(rows, self.margins))
        return np.column_stack(parts)

    def g(self, rows: pd.DataFrame, *, cache: bool = False) -> FloatArray:
        cached = self.cache.get("g")
        if cache and cached is not None and len(cached) == len(rows):
            return cached  # type: ignore[return-value]
        cell = self.cells(rows, cache=cache) if self.margins.categorical else None
        if self.cell_g is not None:
            assert cell is not None
            return np.asarray(self.cell_g[cell], dtype=np.float64)
        return np.asarray(self.fit.g_of(self.x(rows, cell)), dtype=np.float64)

    def replicate_g(self, rows: pd.DataFrame, r: int) -> FloatArray:
        """Recalibrated replicate r relative to the replicate's own weights."""
        if self.replicate_cell_g is not None:
            return np.asarray(self.replicate_cell_g[r][self.cells(rows, cache=True)])
        assert self.replicate_fits is not None
        return np.asarray(self.replicate_fits[r].g_of(self.x(rows)), dtype=np.float64)


def _cell_table(
    codes: list[IntArray], margins: _Margins
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    radices = np.array([len(m.levels) for m in margins.categorical], dtype=np.int64)
    key = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    for code, radix in zip(codes, radices, strict=True):
        key = key * radix + code
    space = int(np.prod(radices))
    if space <= max(4 * len(key), 1 << 16):  # dense: a table instead of a sort
        keys = np.flatnonzero(np.bincount(key, minlength=space)).astype(np.int64)
        lookup = np.full(space, -1, dtype=np.int64)
        lookup[keys] = np.arange(len(keys))
        cell = lookup[key]
    else:
        keys, cell = np.unique(key, return_inverse=True)
    levels = np.zeros((len(keys), len(codes)), dtype=np.int64)
    remaining = keys.copy()
    for m in range(len(codes) - 1, -1, -1):
        levels[:, m] = remaining % radices[m]
        remaining //= radices[m]
    return keys, radices, np.asarray(cell, dtype=np.int64), levels


def _fit(
    kind: Literal["post_stratify", "rake", "calibrate"],
    margins: _Margins,
    d: FloatArray,
    cell: IntArray | None,
    cell_levels: IntArray,
    x_rows: Any,
    *,
    method: CalibrationMethod,
    bounds: tuple[float, float] | None,
    tolerance: float,
    max_iter: int,
) -> tuple[FloatArray | None, tuple[FloatArray, ...], Any]:
    """(cell g, per-margin factors, _GFit) for weights ``d``."""
    names = margins.names
    if margins.categorical and not margins.numeric:
        assert cell is not None
        n_cells = len(cell_levels)
        cell_d = np.bincount(cell, weights=d, minlength=n_cells)
        if kind == "post_stratify":
            margin = margins.categorical[0]
            g = post_stratification_g(cell_levels[:, 0], cell_d, margin.totals)
            # cells with no weight in this (replicate) sample keep g = their ratio: harmless
            return g, (g,), None
        if kind == "rake":
            labels = [[f"{m.column} = {lv!r}" for lv in m.levels] for m in margins.categorical]
            fit = raking_g(
                [cell_levels[:, m] for m in range(cell_levels.shape[1])],
                cell_d,
                [m.totals for m in margins.categorical],
                tolerance=tolerance,
                max_iter=max_iter,
                names=labels,
            )
            return fit.factor, fit.margin_factors, None
        xc = np.column_stack(
            [np.eye(len(m.levels))[cell_levels[:, j]] for j, m in enumerate(margins.categorical)]
        )
        gfit = _grake(
            xc,
            cell_d,
            margins.totals,
            method,
            bounds,
            tolerance=tolerance,
            max_iter=max_iter,
            names=names,
        )
        return gfit.g, (), None
    xm = x_rows()
    gfit = _grake(
        xm, d, margins.totals, method, bounds, tolerance=tolerance, max_iter=max_iter, names=names
    )
    return None, (), gfit


def _new_weight_name(existing: Sequence[str], base: str) -> str:
    name = f"{base}_calibrated"
    while name in existing:
        name += "_"
    return name


def calibrate_design(
    design: Any,
    kind: Literal["post_stratify", "rake", "calibrate"],
    spec: Any,
    *,
    method: CalibrationMethod = "linear",
    bounds: tuple[float, float] | None = None,
    tolerance: float = 1e-7,
    max_iter: int = 50,
) -> Any:
    """The calibrated copy of a SurveyDesign or ReplicateDesign."""
    from ._engine import columns_of

    check_choice("method", method, CALIBRATION_METHODS)
    if getattr(design, "_calibration", None) is not None:  # a calibrated design
        raise InvalidInputError(
            "design",
            "is already calibrated; calibrate the original design once, with every margin",
            type(design).__name__,
        )
    parameter = {"post_stratify": "totals", "rake": "margins", "calibrate": "totals"}[kind]
    margins = _parse_margins(spec, parameter, numeric_ok=kind == "calibrate")
    if kind == "calibrate" and bounds is None and method == "logit":
        raise InvalidInputError("bounds", "must be given (lower < 1 < upper) for method='logit'")
    require_columns(design.data, margins.columns, parameter)
    taylor = design._variance_kind == "taylor"
    if taylor:
        view = _plain_taylor_view(design, margins.columns)
    else:
        view = replicate_row_view(design, margins.columns, None)
    rows = view.rows
    d = view.weights
    codes = _codes(rows, margins, parameter)
    if codes:
        keys, radices, cell, cell_levels = _cell_table(codes, margins)
    else:
        keys = radices = np.zeros(0, dtype=np.int64)
        cell = None
        cell_levels = np.zeros((0, 0), dtype=np.int64)
    x_cache: list[FloatArray] = []

    def x_rows() -> FloatArray:
        if not x_cache:
            parts = [
                np.eye(len(m.levels))[c] for m, c in zip(margins.categorical, codes, strict=True)
            ]
            parts.append(_numeric(rows, margins))
            x_cache.append(np.column_stack(parts))
        return x_cache[0]

    options = {"method": method, "bounds": bounds, "tolerance": tolerance, "max_iter": max_iter}
    cell_g, factors, gfit = _fit(kind, margins, d, cell, cell_levels, x_rows, **options)  # type: ignore[arg-type]
    cell_d: FloatArray = np.zeros(0)
    if cell is not None:
        cell_d = np.bincount(cell, weights=d, minlength=len(keys)).astype(np.float64)
    record = _Record(
        kind, margins, design.weights, keys, radices, cell_levels, cell_g, factors, gfit, cell_d
    )
    if not taylor:
        replicate_cells = []
        replicate_fits = []
        for r, w_r in enumerate(view.engine.replicates(rows)):  # type: ignore[union-attr]
            try:
                g_r, _, fit_r = _fit(kind, margins, w_r, cell, cell_levels, x_rows, **options)  # type: ignore[arg-type]
            except InvalidInputError as error:
                raise InvalidInputError(
                    error.parameter, f"(replicate {r + 1}) {error.constraint}", error.value
                ) from None
            replicate_cells.append(g_r)
            replicate_fits.append(fit_r)
        if cell_g is not None:
            record = dataclasses.replace(record, replicate_cell_g=np.array(replicate_cells))
        else:
            record = dataclasses.replace(record, replicate_fits=tuple(replicate_fits))
    name = _new_weight_name(columns_of(design.data), design.weights)
    base_weights = design.weights

    g_rows = cell_g[cell] if cell_g is not None and cell is not None else gfit.g
    record.cache["g"] = np.asarray(g_rows, dtype=np.float64)
    if cell is not None:
        record.cache["cell"] = cell

    def calibrated(frame: pd.DataFrame) -> FloatArray:
        if design.engine != "dask":  # the whole frame, in row order: g is known
            return np.asarray(d * record.cache["g"])
        return np.asarray(frame[base_weights].to_numpy(dtype=np.float64) * record.g(frame))

    needed = [base_weights, *margins.columns]
    data = add_column(design._data, design.engine, name, calibrated, needed)
    return design._calibrated_copy(data, name, record)


def _plain_taylor_view(design: SurveyDesign, columns: Sequence[str]) -> RowView:
    needed = [*columns, design._weights_column, *key_columns(design)]
    rows = collect_columns(design._data, design._engine, needed)
    weights = rows[design._weights_column].to_numpy(dtype=np.float64)
    return RowView(rows, weights, TaylorEngine(row_psu_of(design, rows), design))


# -- residuals of a request -------------------------------------------------------------------
def _used_rows(
    rows: pd.DataFrame, request: Request, labels: pd.DataFrame
) -> tuple[IntArray, list[FloatArray], FloatArray | None]:
    """Domain code of each row in the order of ``labels`` (-1: not used), the outcomes and x."""
    from .quantile import row_domains

    domain, own = row_domains(rows, request.by)
    if request.by:
        # map our codes onto the reduction's label order
        key_own = own.reset_index(drop=True).astype(object)
        key_ref = labels.reset_index(drop=True).astype(object)
        position = {tuple(r): i for i, r in enumerate(key_ref.itertuples(index=False, name=None))}
        mapping = np.array(
            [position.get(tuple(r), -1) for r in key_own.itertuples(index=False, name=None)],
            dtype=np.int64,
        )
        domain = np.where(domain >= 0, mapping[np.maximum(domain, 0)], -1)
    columns = [*request.ys, *([request.x] if request.x else [])]
    arrays = {c: rows[c].to_numpy(dtype=np.float64, na_value=np.nan) for c in columns}
    valid = np.ones(len(rows), dtype=bool)
    for values in arrays.values():
        valid &= ~np.isnan(values)
    if request.restriction is not None:
        restriction = request.restriction
        age = rows[restriction.column].to_numpy(dtype=np.float64, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            valid &= (age >= restriction.low) & (age < restriction.high)
    domain = np.where(valid, domain, -1)
    ys = [np.where(valid, arrays[c], 0.0) for c in request.ys]
    x = np.where(valid, arrays[request.x], 0.0) if request.x else None
    return domain, ys, x


def calibrated_taylor_view(design: CalibratedSurveyDesign, columns: Sequence[str]) -> RowView:
    """Row view of a calibrated Taylor design: residuals of the calibration in the engine."""
    record = design._calibration
    needed = [*columns, design._weights_column, record.base_weights, *record.margins.columns]
    needed += key_columns(design)
    rows = collect_columns(design._data, design._engine, needed)
    weights = rows[design._weights_column].to_numpy(dtype=np.float64)
    engine = TaylorEngine(
        row_psu_of(design, rows), design, functools.partial(_residual_totals, design)
    )
    return RowView(rows, weights, engine)


def _residual_totals(
    design: CalibratedSurveyDesign,
    sparse: tuple[IntArray, IntArray, FloatArray],
    size: int,
    rows: pd.DataFrame,
    row_psu: IntArray,
) -> FloatArray:
    """PSU totals (P, K) of R's calibration residuals of sparse weighted influence values."""
    record = design._calibration
    n_psu = len(design._strata_info.codes)
    row, column, value = sparse
    d = rows[record.base_weights].to_numpy(dtype=np.float64)
    g = record.g(rows, cache=True)
    w = d * g
    base = np.bincount(row_psu[row] * size + column, weights=value, minlength=n_psu * size)
    base = base.reshape(n_psu, size)
    if record.cell_g is not None:
        cell = record.cells(rows, cache=True)
        n_cells = len(record.cell_keys)
        d_pc = np.bincount(row_psu * n_cells + cell, weights=d, minlength=n_psu * n_cells)
        d_pc = d_pc.reshape(n_psu, n_cells)
        if record.kind == "rake":
            return base - d_pc @ _raking_coefficients(record, row, column, value, size, cell, d)
        # regression on the cell dummies: B = (X'DX)^+ X'(z/g)
        xc = _cell_dummies(record)
        scaled = np.bincount(
            cell[row] * size + column,
            weights=value / g[row],
            minlength=n_cells * size,
        ).reshape(n_cells, size)
        gram = (xc * record.cell_d[:, None]).T @ xc
        coefficients = np.linalg.pinv(gram, rcond=1e-12) @ (xc.T @ scaled)
        correction = (d_pc * record.cell_g[None, :]) @ (xc @ coefficients)
        return np.asarray(base - correction)
    xm = record.x(rows)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(g[row] != 0, value / g[row], 0.0)
    moments = np.zeros((xm.shape[1], size))
    for j in range(xm.shape[1]):
        moments[j] = np.bincount(column, weights=xm[row, j] * ratio, minlength=size)
    gram = (xm * d[:, None]).T @ xm
    coefficients = np.linalg.pinv(gram, rcond=1e-12) @ moments  # (p, K)
    wx = np.zeros((n_psu, xm.shape[1]))
    for j in range(xm.shape[1]):
        wx[:, j] = np.bincount(row_psu, weights=w * xm[:, j], minlength=n_psu)
    return np.asarray(base - wx @ coefficients)


def _raking_coefficients(
    record: _Record,
    row: IntArray,
    column: IntArray,
    value: FloatArray,
    size: int,
    cell: IntArray,
    d: FloatArray,
) -> FloatArray:
    """A (C, K) with residual z_i = z0_i - d_i A[cell_i] after R's backfitting sweeps."""
    n_cells = len(record.cell_keys)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(d[row] != 0, value / d[row], 0.0)
    s0 = np.bincount(cell[row] * size + column, weights=ratio, minlength=n_cells * size)
    s0 = s0.reshape(n_cells, size)
    n_c = np.bincount(cell, minlength=n_cells).astype(np.float64)
    accumulated = np.zeros((n_cells, size))
    for _ in range(_SWEEPS):
        for m, factor in enumerate(record.margin_factors):
            level = record.cell_levels[:, m]
            n_levels = int(level.max()) + 1
            numerator = np.zeros((n_levels, size))
            np.add.at(numerator, level, (s0 - n_c[:, None] * accumulated) / factor[:, None])
            count = np.bincount(level, weights=n_c, minlength=n_levels)
            means = numerator / np.where(count > 0, count, 1.0)[:, None]
            accumulated += factor[:, None] * means[level]
    return accumulated


def calibrated_taylor_sums(design: CalibratedSurveyDesign, sums: Sums, request: Request) -> Sums:
    """``sums`` (of the design's own reduction) with the PSU totals of the calibration
    residuals in place of those of the influence values."""
    columns = [*request.ys, *([request.x] if request.x else []), *request.by]
    if request.restriction is not None:
        columns.append(request.restriction.column)
    view = calibrated_taylor_view(design, columns)
    domain, ys, x = _used_rows(view.rows, request, sums.labels)
    n_domains = len(sums.labels)
    idx = np.flatnonzero(domain >= 0)
    dom = domain[idx]
    w = view.weights[idx]
    k = len(ys)
    values = [w * y[idx] for y in ys] + [w * (x[idx] if x is not None else 1.0)]
    sparse = (
        np.tile(idx, k + 1),
        np.concatenate([j * n_domains + dom for j in range(k + 1)]),
        np.concatenate(values),
    )
    engine = view.engine
    assert isinstance(engine, TaylorEngine)
    totals = engine.psu_totals_sparse(sparse, (k + 1) * n_domains, view.rows)
    n_psu = totals.shape[0]
    psu_y = totals[:, : k * n_domains].reshape(n_psu, k, n_domains).transpose(1, 0, 2)
    psu_x = totals[:, k * n_domains :]
    return dataclasses.replace(
        sums, psu_y=np.ascontiguousarray(psu_y), psu_x=np.ascontiguousarray(psu_x)
    )


def _cell_dummies(record: _Record) -> FloatArray:
    return np.column_stack(
        [
            np.eye(len(m.levels))[record.cell_levels[:, j]]
            for j, m in enumerate(record.margins.categorical)
        ]
    )


def calibrated_replicate_view(design: CalibratedReplicateDesign, columns: Sequence[str]) -> RowView:
    """Row view of a calibrated replicate design: each replicate recalibrated."""
    record = design._calibration
    base = design._base_replicate
    extra = [record.base_weights, *record.margins.columns, design._calibrated_column]
    view = replicate_row_view(base, [*columns, *extra], record.replicate_g, design._data)
    weights = view.rows[design._calibrated_column].to_numpy(dtype=np.float64)
    return RowView(view.rows, weights, view.engine)


def calibrated_replicate_sums(
    design: CalibratedReplicateDesign, sums: Sums, request: Request
) -> Sums:
    """``sums`` (of the design's own reduction) with the replicate totals of the
    recalibrated replicates."""
    columns = [*request.ys, *([request.x] if request.x else []), *request.by]
    if request.restriction is not None:
        columns.append(request.restriction.column)
    view = calibrated_replicate_view(design, columns)
    domain, ys, x = _used_rows(view.rows, request, sums.labels)
    n_domains = len(sums.labels)
    idx = np.flatnonzero(domain >= 0)
    dom = domain[idx]
    k = len(ys)
    rep_y = []
    rep_x = []
    engine = view.engine
    for w_r in _replicates(engine, view.rows):
        wi = w_r[idx]
        rep_y.append([np.bincount(dom, weights=wi * y[idx], minlength=n_domains) for y in ys])
        xs = wi if x is None else wi * x[idx]
        rep_x.append(np.bincount(dom, weights=xs, minlength=n_domains))
    return dataclasses.replace(
        sums,
        rep_y=np.array(rep_y, dtype=np.float64).reshape(-1, k, n_domains),
        rep_x=np.array(rep_x, dtype=np.float64).reshape(-1, n_domains),
    )


def _replicates(engine: Any, rows: pd.DataFrame) -> Iterator[FloatArray]:
    return iter(engine.replicates(rows))
