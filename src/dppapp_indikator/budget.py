"""Budget performance: Nilai Kinerja Anggaran (NKA), aspek implementasi, agreement IKU 18.

Formulas follow methods/budget#nka (PMK 22/PMK.02/2021; the seed cites Perda DKI 7/2022
Pasal 195). The four variables of the implementation aspect are

* output achievement (capaian output, COP): :func:`output_achievement`, built on
  :func:`geometric_mean`;
* absorption (penyerapan anggaran): :func:`absorption`;
* consistency of absorption with the disbursement plan (RPD): :func:`consistency` and
  :func:`monthly_consistency` [inferred rule];
* efficiency: :func:`efficiency` and its score :func:`efficiency_score`;

and the NKA is their weighted sum, :func:`nka`, with weights from :func:`nka_weights` (a named
preset from ``data/nka_weights.toml`` or four explicit weights: DKI's own weights are unknown,
so there is no default).

Reductions (geometric means, sums over outputs, means over months) take an ``axis``: a
scalar, a 1-D array or a Series reduces to a ``float``; an N-D array reduces to an ndarray; a
DataFrame reduces to a Series (indexed by its rows for ``axis=-1``/``1``, by its columns for
``axis=0``).
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import numpy as np
import numpy.typing as npt

from ._arrays import ArrayLike, FloatArray, FloatResult, broadcast, is_dataframe
from ._checks import (
    InvalidInputError,
    check_finite,
    check_nonnegative,
    check_percent,
    check_positive,
    check_range,
    fail_where,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from .schemas import NkaWeightPreset

__all__ = [
    "NKA_ASPECTS",
    "IndicatorLevel",
    "NkaWeights",
    "OutputAchievement",
    "OutputLevel",
    "ProgrammeLevel",
    "absorption",
    "consistency",
    "efficiency",
    "efficiency_score",
    "geometric_mean",
    "monthly_consistency",
    "nka",
    "nka_weight_presets",
    "nka_weights",
    "output_achievement",
]

#: What a reduction accepts: anything a vectorised function accepts, or a DataFrame.
TableLike: TypeAlias = "ArrayLike | pd.DataFrame"
#: What :func:`nka` and :func:`nka_weights` accept as weights.
WeightsLike: TypeAlias = "str | Sequence[float] | Mapping[str, float] | NkaWeights"

#: The four variables of the implementation aspect, in the order of :func:`nka`'s arguments.
NKA_ASPECTS: tuple[str, str, str, str] = (
    "absorption",
    "consistency",
    "output_achievement",
    "efficiency",
)
#: Months in a fiscal year (monthly cumulative plans and realisations).
MONTHS = 12
#: Largest efficiency score NE: E is at most 100 %, so 50 + (100 / 20) x 50 = 300.
MAX_EFFICIENCY_SCORE = 300.0
#: Tolerance on the sum of explicit weights.
WEIGHT_SUM_TOLERANCE = 1e-6

_REFERENCE_PMK = (
    "Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 22/PMK.02/2021 tentang "
    "Pengukuran dan Evaluasi Kinerja Anggaran atas Pelaksanaan Rencana Kerja dan Anggaran "
    "Kementerian Negara/Lembaga*, 2021."
)


# --------------------------------------------------------------------------------------------
# reductions: containers in, float / ndarray / Series out


@dataclass(frozen=True)
class _Reduction:
    """How to give a reduced result back (``kind``: scalar, array, series or frame)."""

    kind: str
    index: Any = None
    columns: Any = None

    def wrap(self, values: npt.ArrayLike, axis: int | None, ndim: int) -> FloatResult:
        array = np.asarray(values, dtype=np.float64)
        if array.ndim == 0:
            return float(array)
        if self.kind == "frame":
            pd = sys.modules["pandas"]
            labels = self.columns if axis is not None and axis % ndim == 0 else self.index
            return cast(FloatResult, pd.Series(array, index=labels))
        return array


def _reduction_inputs(**arguments: object) -> tuple[_Reduction, list[FloatArray]]:
    """Like :func:`broadcast`, but DataFrames are accepted (as 2-D arrays)."""
    converted: dict[str, object] = {}
    frame: Any = None
    owner = ""
    for name, value in arguments.items():
        if is_dataframe(value):
            table: Any = value
            if frame is None:
                frame, owner = table, name
            elif not (frame.index.equals(table.index) and frame.columns.equals(table.columns)):
                raise InvalidInputError(
                    name, f"must have the same index and columns as `{owner}` (no alignment)"
                )
            try:
                converted[name] = table.to_numpy(dtype=np.float64, na_value=np.nan)
            except (TypeError, ValueError) as exc:
                raise InvalidInputError(name, "must be numeric") from exc
        else:
            converted[name] = value
    container, arrays = broadcast(**converted)
    if frame is not None:
        return _Reduction("frame", frame.index, frame.columns), arrays
    return _Reduction(container.kind, container.index), arrays


def _check_axis(axis: int | None, ndim: int) -> None:
    if axis is None:
        return
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise InvalidInputError("axis", "must be an integer or None", axis)
    if not -ndim <= axis < ndim:
        raise InvalidInputError(
            "axis", f"must be in [{-ndim}, {ndim - 1}] for {ndim}-D input", axis
        )


def _check_positive_for_geometric_mean(name: str, values: FloatArray) -> None:
    check_finite(name, values)
    with np.errstate(invalid="ignore"):
        bad = values <= 0
    fail_where(name, values, bad, "must be > 0 (a geometric mean needs positive values)")


def _geometric_mean_array(values: FloatArray, axis: int | None) -> FloatArray:
    """Geometric mean of already checked positive values (NaN propagates)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.exp(np.mean(np.log(values), axis=axis))
        # exp(mean(log x)) can leave [min, max] by one ulp; the geometric mean cannot.
        result = np.clip(result, np.min(values, axis=axis), np.max(values, axis=axis))
    return np.asarray(result, dtype=np.float64)


def geometric_mean(values: TableLike, axis: int | None = -1) -> FloatResult:
    r"""Geometric mean of positive values, checking positivity first.

    Parameters
    ----------
    values : float, array_like, Series or DataFrame
        Positive values [any unit; the result has the same unit].
    axis : int or None, default -1
        Axis to reduce; ``None`` reduces over every element.

    Returns
    -------
    float, ndarray or Series
        The geometric mean: a ``float`` for a scalar, a 1-D array, a Series or ``axis=None``;
        an ndarray for an N-D array; a Series for a DataFrame. A NaN element makes its
        reduction NaN.

    Raises
    ------
    InvalidInputError
        If an element is zero, negative or infinite (methods/survey#survey: "Check positivity before
        any geometric mean"), if there is nothing to reduce, or if ``axis`` is out of range.

    Notes
    -----
    For $n$ positive values $x_1, \dots, x_n$:

    $$
    G = \Bigl(\prod_{i=1}^{n} x_i\Bigr)^{1/n} = \exp\Bigl(\frac{1}{n}\sum_{i=1}^{n} \ln x_i\Bigr)
    $$

    computed on the logarithms (no overflow of the product). $\min x \le G \le \bar{x} \le
    \max x$ (AM-GM inequality); the result is clipped to $[\min x, \max x]$ to remove
    floating-point excursions of one ulp.

    References
    ----------
    1. Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 22/PMK.02/2021*, lampiran
       (capaian output by geometric means), 2021.

    Examples
    --------
    The first output of the PMK 22/2021 worked example, √(100 % × 90 %):

    >>> import numpy as np
    >>> round(geometric_mean([100.0, 90.0]), 2)
    94.87
    >>> geometric_mean(np.array([[1.0, 4.0], [2.0, 8.0]]))
    array([2., 4.])
    >>> geometric_mean([1.0, 0.0])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dppapp_indikator._checks.InvalidInputError: `values` must be > 0 (...); got 0 at position 1
    """
    reduction, (array,) = _reduction_inputs(values=values)
    if array.ndim == 0:
        array = array.reshape(1)
    _check_axis(axis, array.ndim)
    if array.size == 0:
        raise InvalidInputError("values", "must not be empty")
    _check_positive_for_geometric_mean("values", array)
    return reduction.wrap(_geometric_mean_array(array, axis), axis, array.ndim)


# --------------------------------------------------------------------------------------------
# output achievement (capaian output, COP)


@dataclass(frozen=True)
class IndicatorLevel:
    """One output indicator: its target, realisation and ratio.

    Attributes
    ----------
    name : str or None
        The indicator's name, if given.
    target, realisation : float
        Target and realisation [the indicator's own unit].
    ratio_pct : float
        Uncapped ratio realisation / target × 100 [percent].
    value : float
        The ratio entering the output's geometric mean [percent]: ``ratio_pct``, capped at
        ``ratio_cap_pct`` when a cap was chosen.
    """

    name: str | None
    target: float
    realisation: float
    ratio_pct: float
    value: float


@dataclass(frozen=True)
class OutputLevel:
    """One output (keluaran): geometric mean of its indicators' ratios.

    Attributes
    ----------
    name : str or None
        The output's name, if given.
    value : float
        Output achievement [percent].
    indicators : tuple of IndicatorLevel
        Its indicators.
    ceiling, budget_realisation : float or None
        Budget ceiling (pagu) and realised spending of the output [rupiah], when given (they
        feed :func:`efficiency`).
    """

    name: str | None
    value: float
    indicators: tuple[IndicatorLevel, ...]
    ceiling: float | None = None
    budget_realisation: float | None = None

    @property
    def ratio(self) -> float:
        """Output achievement as a ratio (CK in the efficiency formula) [ratio, 1 = 100 %]."""
        return self.value / 100.0


@dataclass(frozen=True)
class ProgrammeLevel:
    """One programme: geometric mean of its outputs' achievements.

    Attributes
    ----------
    name : str or None
        The programme's name, if given.
    value : float
        Programme output achievement [percent].
    outputs : tuple of OutputLevel
        Its outputs.
    """

    name: str | None
    value: float
    outputs: tuple[OutputLevel, ...]


@dataclass(frozen=True)
class OutputAchievement:
    """Output achievement (capaian output) with every level visible. Immutable.

    Attributes
    ----------
    value : float
        Overall output achievement: geometric mean of the programmes [percent].
    programmes : tuple of ProgrammeLevel
        The programmes, each with its outputs and their indicators.
    ratio_cap_pct : float or None
        The cap applied to each indicator ratio [percent], or None for no cap.
    """

    value: float
    programmes: tuple[ProgrammeLevel, ...]
    ratio_cap_pct: float | None

    @property
    def outputs(self) -> tuple[OutputLevel, ...]:
        """Every output of every programme, in order."""
        return tuple(output for programme in self.programmes for output in programme.outputs)

    def as_dict(self) -> dict[str, Any]:
        """The result as plain, JSON-compatible dictionaries and lists."""
        return {
            "value": self.value,
            "ratio_cap_pct": self.ratio_cap_pct,
            "programmes": [
                {
                    "name": programme.name,
                    "value": programme.value,
                    "outputs": [
                        {
                            "name": output.name,
                            "value": output.value,
                            "ceiling": output.ceiling,
                            "budget_realisation": output.budget_realisation,
                            "indicators": [
                                {
                                    "name": indicator.name,
                                    "target": indicator.target,
                                    "realisation": indicator.realisation,
                                    "ratio_pct": indicator.ratio_pct,
                                    "value": indicator.value,
                                }
                                for indicator in output.indicators
                            ],
                        }
                        for output in programme.outputs
                    ],
                }
                for programme in self.programmes
            ],
        }


def _has(item: object, key: str) -> bool:
    if isinstance(item, Mapping):
        return key in item
    return hasattr(item, key)


def _get(item: object, key: str, path: str, *, required: bool = True) -> Any:
    if isinstance(item, Mapping):
        if key in item:
            return item[key]
    elif hasattr(item, key):
        return getattr(item, key)
    if required:
        raise InvalidInputError(path, f"must have a `{key}` entry", item)
    return None


def _items(value: object, path: str) -> list[Any]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InvalidInputError(path, "must be a list", value)
    items = list(value)
    if not items:
        raise InvalidInputError(path, "must not be empty")
    return items


def _number(value: object, path: str) -> float:
    if isinstance(value, (bool, str, bytes)) or value is None:
        raise InvalidInputError(path, "must be a number", value)
    try:
        number = float(cast(Any, value))
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(path, "must be a number", value) from exc
    if math.isinf(number):
        raise InvalidInputError(path, "must be finite", number)
    return number


def _name(item: object, path: str) -> str | None:
    name = _get(item, "name", path, required=False)
    return None if name is None else str(name)


def _optional_money(item: object, key: str, path: str, *, positive: bool) -> float | None:
    raw = _get(item, key, path, required=False)
    if raw is None:
        return None
    number = _number(raw, f"{path}.{key}")
    if positive:
        check_positive(f"{path}.{key}", np.asarray(number))
    else:
        check_nonnegative(f"{path}.{key}", np.asarray(number))
    return number


def _indicator_level(item: object, path: str, cap: float | None) -> IndicatorLevel:
    target = _number(_get(item, "target", path), f"{path}.target")
    realisation = _number(_get(item, "realisation", path), f"{path}.realisation")
    check_positive(f"{path}.target", np.asarray(target))
    check_nonnegative(f"{path}.realisation", np.asarray(realisation))
    ratio = realisation / target * 100.0
    value = ratio if cap is None or math.isnan(ratio) else min(ratio, cap)
    if value == 0.0:
        raise InvalidInputError(
            f"{path}.realisation",
            "must be > 0: the indicator ratio enters a geometric mean, which needs positive "
            "values (methods/survey#survey)",
            realisation,
        )
    return IndicatorLevel(
        name=_name(item, path), target=target, realisation=realisation, ratio_pct=ratio, value=value
    )


def _output_level(item: object, path: str, cap: float | None) -> OutputLevel:
    raw_indicators = _items(_get(item, "indicators", path), f"{path}.indicators")
    indicators = tuple(
        _indicator_level(indicator, f"{path}.indicators[{k}]", cap)
        for k, indicator in enumerate(raw_indicators)
    )
    value = float(_geometric_mean_array(np.array([i.value for i in indicators]), None))
    return OutputLevel(
        name=_name(item, path),
        value=value,
        indicators=indicators,
        ceiling=_optional_money(item, "ceiling", path, positive=True),
        budget_realisation=_optional_money(item, "budget_realisation", path, positive=False),
    )


def _programme_level(item: object, path: str, cap: float | None) -> ProgrammeLevel:
    raw_outputs = _items(_get(item, "outputs", path), f"{path}.outputs")
    outputs = tuple(
        _output_level(output, f"{path}.outputs[{j}]", cap) for j, output in enumerate(raw_outputs)
    )
    value = float(_geometric_mean_array(np.array([o.value for o in outputs]), None))
    return ProgrammeLevel(name=_name(item, path), value=value, outputs=outputs)


def output_achievement(structure: object, *, ratio_cap_pct: float | None) -> OutputAchievement:
    r"""Output achievement (capaian output): nested geometric means over a budget structure.

    Parameters
    ----------
    structure : mapping, object or sequence
        The programmes, as a mapping or object with a ``programmes`` entry (e.g. the record's
        pydantic input) or directly as a list of programmes. Each programme (mapping or object,
        e.g. a pydantic model) has ``outputs`` and optionally ``name``; each output has
        ``indicators`` and optionally ``name``, ``ceiling`` and ``budget_realisation``
        [rupiah] (carried through for :func:`efficiency`); each indicator has ``target``
        (> 0) and ``realisation`` (> 0 after capping) [the indicator's own unit] and
        optionally ``name``.
    ratio_cap_pct : float or None
        Cap on each indicator ratio [percent], e.g. ``100.0``; ``None`` for no cap. Required:
        whether PMK 22/2021 caps the ratio is not stated in methods/budget#nka (its worked example
        has no ratio above 100 %), so there is no default.

    Returns
    -------
    OutputAchievement
        Frozen result: ``value`` (overall, [percent]) and every programme, output and
        indicator with its value. NaN in a target or realisation makes every level above it
        NaN.

    Raises
    ------
    InvalidInputError
        If a level is missing or empty, a target is not > 0, a realisation is negative or
        zero (zero would make a geometric mean undefined), a value is not a number, or
        ``ratio_cap_pct`` is not a positive number. The message names the path, e.g.
        ``programmes[0].outputs[1].indicators[2].target``.

    Notes
    -----
    For indicator $k$ of output $j$ of programme $p$, with target $T$, realisation $R$ and
    optional cap $c$ (methods/budget#nka):

    $$
    r_{pjk} = \min\Bigl(\frac{R_{pjk}}{T_{pjk}} \times 100,\; c\Bigr), \qquad
    CO_{pj} = \Bigl(\prod_{k=1}^{K_{pj}} r_{pjk}\Bigr)^{1/K_{pj}}, \qquad
    CO_{p} = \Bigl(\prod_{j=1}^{J_p} CO_{pj}\Bigr)^{1/J_p}, \qquad
    COP = \Bigl(\prod_{p=1}^{P} CO_{p}\Bigr)^{1/P}
    $$

    References
    ----------
    1. Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 22/PMK.02/2021 tentang
       Pengukuran dan Evaluasi Kinerja Anggaran atas Pelaksanaan Rencana Kerja dan Anggaran
       Kementerian Negara/Lembaga*, lampiran (worked example), 2021.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 18, 2024.

    Examples
    --------
    The PMK 22/2021 worked example: outputs √(100 % × 90 %) = 94.87 % and
    ∛(66.67 % × 66.67 % × 100 %) = 76.31 % form a programme √(94.87 × 76.31) = 85.09; with a
    second programme at 100 % the overall value is √(85.09 × 100) = 92.24:

    >>> structure = {"programmes": [
    ...     {"name": "A", "outputs": [
    ...         {"indicators": [{"target": 10, "realisation": 10},
    ...                         {"target": 10, "realisation": 9}]},
    ...         {"indicators": [{"target": 3, "realisation": 2},
    ...                         {"target": 3, "realisation": 2},
    ...                         {"target": 5, "realisation": 5}]}]},
    ...     {"name": "B", "outputs": [{"indicators": [{"target": 4, "realisation": 4}]}]}]}
    >>> result = output_achievement(structure, ratio_cap_pct=100.0)
    >>> [round(o.value, 2) for o in result.programmes[0].outputs]
    [94.87, 76.31]
    >>> round(result.programmes[0].value, 2), round(result.value, 2)
    (85.09, 92.24)
    """
    if ratio_cap_pct is not None:
        cap = _number(ratio_cap_pct, "ratio_cap_pct")
        check_positive("ratio_cap_pct", np.asarray(cap))
        if math.isnan(cap):
            raise InvalidInputError("ratio_cap_pct", "must be a number or None", cap)
    else:
        cap = None
    if _has(structure, "programmes"):
        raw_programmes = _get(structure, "programmes", "structure")
    else:
        raw_programmes = structure
    programmes = tuple(
        _programme_level(programme, f"programmes[{p}]", cap)
        for p, programme in enumerate(_items(raw_programmes, "programmes"))
    )
    value = float(_geometric_mean_array(np.array([p.value for p in programmes]), None))
    return OutputAchievement(value=value, programmes=programmes, ratio_cap_pct=cap)


# --------------------------------------------------------------------------------------------
# absorption, efficiency, consistency


def absorption(realisation: ArrayLike, ceiling: ArrayLike) -> FloatResult:
    r"""Budget absorption (penyerapan anggaran): realisation over ceiling (pagu), in percent.

    Parameters
    ----------
    realisation : float, array_like or Series
        Realised spending [rupiah], >= 0.
    ceiling : float, array_like or Series
        Budget ceiling (pagu) [rupiah], > 0.

    Returns
    -------
    float, ndarray or Series
        Absorption [percent], in the container of the inputs; NaN in gives NaN out. Above
        100 only if the realisation exceeds the ceiling (not checked: the data decide).

    Raises
    ------
    InvalidInputError
        If ``realisation`` is negative or infinite, ``ceiling`` is not > 0 or infinite, or
        the shapes do not broadcast.

    Notes
    -----
    methods/budget#nka [confirmed]:

    $$
    P = \frac{\text{realisation}}{\text{pagu}} \times 100
    $$

    References
    ----------
    1. Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 214/PMK.02/2017*, 2017.
    2. Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 22/PMK.02/2021*, 2021.

    Examples
    --------
    PMK 214/2017 example: 734,881,464,333 / 855,830,897,000 = 85.87 %:

    >>> round(absorption(734_881_464_333, 855_830_897_000), 2)
    85.87
    """
    container, (real, pagu) = broadcast(realisation=realisation, ceiling=ceiling)
    check_nonnegative("realisation", real)
    check_positive("ceiling", pagu)
    return container.wrap_float(real / pagu * 100.0)


def efficiency(
    ceiling: TableLike,
    output_achievement_ratio: TableLike,
    realisation: TableLike,
    *,
    axis: int | None = -1,
) -> FloatResult:
    r"""Efficiency E: planned cost of the achieved outputs against realised spending, in percent.

    Parameters
    ----------
    ceiling : float, array_like, Series or DataFrame
        Budget ceiling (pagu) of each output [rupiah], > 0.
    output_achievement_ratio : float, array_like, Series or DataFrame
        Output achievement CK of each output [ratio, 1 = 100 %], >= 0 (e.g.
        :attr:`OutputLevel.ratio`).
    realisation : float, array_like, Series or DataFrame
        Realised spending of each output [rupiah], >= 0.
    axis : int or None, default -1
        The axis that runs over outputs (the sums' axis); ``None`` sums every element.

    Returns
    -------
    float, ndarray or Series
        E [percent, <= 100; negative when spending exceeds the planned cost of the achieved
        outputs]: a ``float`` for scalars, 1-D arrays and Series (one unit), an ndarray for
        N-D arrays, a Series for DataFrames (rows = units, columns = outputs). NaN in an
        output makes its unit's E NaN.

    Raises
    ------
    InvalidInputError
        If a ceiling is not > 0, a ratio or realisation is negative, a value is infinite,
        $\sum_i \text{pagu}_i \, CK_i = 0$ for a unit, or ``axis`` is out of range.

    Notes
    -----
    methods/budget#nka [confirmed]; the sums run over the outputs $i$:

    $$
    E = \frac{\sum_i \left(\text{pagu}_i \, CK_i - \text{realisation}_i\right)}
             {\sum_i \text{pagu}_i \, CK_i} \times 100
    $$

    References
    ----------
    1. Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 22/PMK.02/2021*, 2021.

    Examples
    --------
    Two outputs: ceilings 100 and 200, achievements 100 % and 50 %, spending 90 and 95:
    (200 − 185) / 200 × 100 = 7.5 %:

    >>> efficiency([100.0, 200.0], [1.0, 0.5], [90.0, 95.0])
    7.5
    """
    reduction, (pagu, ratio, real) = _reduction_inputs(
        ceiling=ceiling, output_achievement_ratio=output_achievement_ratio, realisation=realisation
    )
    if pagu.ndim == 0:
        pagu, ratio, real = pagu.reshape(1), ratio.reshape(1), real.reshape(1)
    _check_axis(axis, pagu.ndim)
    if pagu.size == 0:
        raise InvalidInputError("ceiling", "must not be empty")
    check_positive("ceiling", pagu)
    check_nonnegative("output_achievement_ratio", ratio)
    check_nonnegative("realisation", real)
    planned = np.sum(pagu * ratio, axis=axis)
    spent = np.sum(real, axis=axis)
    fail_where(
        "output_achievement_ratio",
        np.asarray(planned),
        np.asarray(planned == 0),
        "must not be 0 for every output (the sum of ceiling × ratio is 0)",
    )
    with np.errstate(invalid="ignore"):
        value = (planned - spent) / planned * 100.0
    return reduction.wrap(value, axis, pagu.ndim)


def efficiency_score(efficiency_pct: ArrayLike, *, clamp: bool = True) -> FloatResult:
    r"""Efficiency score NE from the efficiency E: 50 + (E / 20) × 50, clamped to [0, 100].

    Parameters
    ----------
    efficiency_pct : float, array_like or Series
        Efficiency E from :func:`efficiency` [percent, <= 100].
    clamp : bool, default True
        Clamp the score to [0, 100] (PMK 22/2021). ``False`` returns the linear value, as
        some reports publish it (methods/budget#nka).

    Returns
    -------
    float, ndarray or Series
        NE [score 0-100 when clamped], in the container of the input; NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If ``efficiency_pct`` exceeds 100 or is infinite, or ``clamp`` is not a bool.

    Notes
    -----
    methods/budget#nka [confirmed]; E = 20 % scores 100 and E = −20 % scores 0:

    $$
    NE = \min\Bigl(100,\; \max\Bigl(0,\; 50 + \frac{E}{20} \times 50\Bigr)\Bigr)
    $$

    References
    ----------
    1. Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 22/PMK.02/2021*, 2021.

    Examples
    --------
    >>> efficiency_score(10.0)
    75.0
    >>> efficiency_score(30.0), efficiency_score(30.0, clamp=False)
    (100.0, 125.0)
    """
    if not isinstance(clamp, (bool, np.bool_)):
        raise InvalidInputError("clamp", "must be True or False", clamp)
    container, (e,) = broadcast(efficiency_pct=efficiency_pct)
    check_finite("efficiency_pct", e)
    check_range("efficiency_pct", e, None, 100.0)
    score = 50.0 + e / 20.0 * 50.0
    if clamp:
        score = np.clip(score, 0.0, 100.0)
    return container.wrap_float(score)


def _check_months(name: str, value: object, axis: int) -> None:
    shape = np.shape(cast(Any, value))
    if len(shape) == 0:
        raise InvalidInputError(name, f"must hold {MONTHS} monthly values, not a single number")
    _check_axis(axis, len(shape))
    if shape[axis] != MONTHS:
        raise InvalidInputError(
            name, f"must hold {MONTHS} monthly values along axis {axis}", f"{shape[axis]} values"
        )


def _check_non_decreasing(name: str, values: FloatArray, axis: int) -> None:
    moved = np.moveaxis(values, axis, -1)
    bad = np.zeros(moved.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        bad[..., 1:] = np.diff(moved, axis=-1) < 0
    fail_where(
        name,
        np.moveaxis(moved, -1, axis),
        np.moveaxis(bad, -1, axis),
        "must be non-decreasing (a cumulative series)",
    )


def monthly_consistency(
    planned_cumulative: TableLike, realised_cumulative: TableLike, *, axis: int = -1
) -> FloatResult | pd.DataFrame:
    r"""Monthly consistency of absorption with the plan: min(realised / planned, 1) × 100.

    Parameters
    ----------
    planned_cumulative : array_like, Series or DataFrame
        The 12 monthly cumulative planned disbursements (RPD) [rupiah], >= 0 (not 0 in every
        month), non-decreasing; a month with nothing planned yet scores 100.
    realised_cumulative : array_like, Series or DataFrame
        The 12 monthly cumulative realisations [rupiah], >= 0, non-decreasing.
    axis : int, default -1
        The axis that runs over the 12 months.

    Returns
    -------
    ndarray, Series or DataFrame
        The capped monthly ratios [percent 0-100], of the broadcast shape of the inputs: an
        ndarray for arrays, a Series (same index) for Series, a DataFrame (same index and
        columns) for DataFrames. NaN in gives NaN out for that month.

    Raises
    ------
    InvalidInputError
        As :func:`consistency`.

    Notes
    -----
    For month $m$ ([inferred]); a month whose cumulative plan is still 0 (typically January,
    when the first disbursement is planned later) scores 100, the limit of the capped ratio:
    nothing was due, so the realisation cannot be behind the plan:

    $$
    K_m = \begin{cases}
    \min\Bigl(\frac{\text{realised}_m}{\text{planned}_m},\; 1\Bigr) \times 100
      & \text{planned}_m > 0 \\
    100 & \text{planned}_m = 0
    \end{cases}
    $$

    References
    ----------
    1. Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 22/PMK.02/2021*, 2021.

    Examples
    --------
    >>> plan = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]
    >>> real = [5, 20, 35, 40, 50, 60, 70, 80, 90, 100, 110, 120]
    >>> monthly_consistency(plan, real)[:3]
    array([ 50., 100., 100.])
    """
    planned, realised, reduction = _consistency_inputs(
        planned_cumulative, realised_cumulative, axis
    )
    months = _monthly_ratios(planned, realised)
    pandas: Any = sys.modules.get("pandas")
    if reduction.kind == "series":
        return cast(FloatResult, pandas.Series(months, index=reduction.index))
    if reduction.kind == "frame":
        frame = pandas.DataFrame(months, index=reduction.index, columns=reduction.columns)
        return cast("pd.DataFrame", frame)
    return np.asarray(months, dtype=np.float64)


def _consistency_inputs(
    planned_cumulative: object, realised_cumulative: object, axis: int
) -> tuple[FloatArray, FloatArray, _Reduction]:
    _check_months("planned_cumulative", planned_cumulative, axis)
    _check_months("realised_cumulative", realised_cumulative, axis)
    reduction, (planned, realised) = _reduction_inputs(
        planned_cumulative=planned_cumulative, realised_cumulative=realised_cumulative
    )
    check_nonnegative("planned_cumulative", planned)
    check_nonnegative("realised_cumulative", realised)
    _check_non_decreasing("planned_cumulative", planned, axis)
    _check_non_decreasing("realised_cumulative", realised, axis)
    moved = np.moveaxis(planned, axis, -1)
    empty = np.all(moved == 0, axis=-1)
    if np.any(empty):
        raise InvalidInputError(
            "planned_cumulative",
            "must plan some disbursement: it is 0 in all 12 months (no plan to compare with)",
            0.0,
            _first_position(empty),
        )
    return planned, realised, reduction


def _first_position(mask: npt.NDArray[np.bool_]) -> int | tuple[int, ...] | None:
    if mask.ndim == 0:
        return None
    where = np.argwhere(mask)[0]
    return int(where[0]) if mask.ndim == 1 else tuple(int(i) for i in where)


def _monthly_ratios(planned: FloatArray, realised: FloatArray) -> FloatArray:
    """min(realised / planned, 1) x 100 per month; 100 where nothing is planned yet."""
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.minimum(realised / planned, 1.0) * 100.0
    zero_plan = np.broadcast_to(planned == 0, ratio.shape)
    return np.where(zero_plan & ~np.isnan(realised), 100.0, ratio)


def consistency(
    planned_cumulative: TableLike, realised_cumulative: TableLike, *, axis: int = -1
) -> FloatResult:
    r"""Consistency of absorption with the disbursement plan (RPD), over 12 months [inferred].

    Parameters
    ----------
    planned_cumulative : array_like, Series or DataFrame
        The 12 monthly cumulative planned disbursements (rencana penarikan dana, RPD)
        [rupiah], >= 0 and non-decreasing along ``axis``, not 0 in all 12 months. Leading
        months with nothing planned (a plan starting in February) score 100 each.
    realised_cumulative : array_like, Series or DataFrame
        The 12 monthly cumulative realisations [rupiah], >= 0 and non-decreasing along
        ``axis``. Broadcasts with ``planned_cumulative`` (one plan for many units works).
    axis : int, default -1
        The axis that runs over the 12 months (DataFrame: one row per unit, 12 columns).

    Returns
    -------
    float, ndarray or Series
        Consistency [percent 0-100]: a ``float`` for one unit (1-D array or Series), an
        ndarray for N-D arrays, a Series for a DataFrame. A NaN month makes its unit NaN.

    Raises
    ------
    InvalidInputError
        If a series does not hold 12 values along ``axis``, a planned value is negative or
        the plan is 0 in all 12 months, a realisation is negative, a value is infinite, a
        cumulative series decreases, or the shapes do not broadcast. The message names the
        parameter and the position.

    Notes
    -----
    The rule is [inferred]: each month's cumulative realisation over its cumulative plan,
    capped at 100 %, averaged over the 12 months; a month whose cumulative plan is still 0
    (nothing due yet, e.g. January when the first disbursement is planned for February)
    scores 100 %, the limit of the capped ratio (see :func:`monthly_consistency`):

    $$
    K = \frac{1}{12} \sum_{m=1}^{12} K_m, \qquad
    K_m = \begin{cases}
    \min\Bigl(\frac{\text{realised}_m}{\text{planned}_m},\; 1\Bigr) \times 100
      & \text{planned}_m > 0 \\
    100 & \text{planned}_m = 0
    \end{cases}
    $$

    Because both series are cumulative, they are required to be non-decreasing: a decrease
    means the data are monthly amounts, not cumulative ones.

    References
    ----------
    1. Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 22/PMK.02/2021*, 2021.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 18, 2024.

    Examples
    --------
    Realisation behind the plan in the first month only (50 %), on or ahead of it after:

    >>> plan = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]
    >>> real = [5, 20, 35, 40, 50, 60, 70, 80, 90, 100, 110, 120]
    >>> round(consistency(plan, real), 4)
    95.8333

    Nothing planned for January: that month scores 100:

    >>> round(consistency([0, *plan[1:]], [0, *real[1:]]), 4)
    100.0
    """
    planned, realised, reduction = _consistency_inputs(
        planned_cumulative, realised_cumulative, axis
    )
    months = _monthly_ratios(planned, realised)
    return reduction.wrap(np.mean(months, axis=axis), axis, planned.ndim)


# --------------------------------------------------------------------------------------------
# weights and NKA


@dataclass(frozen=True)
class NkaWeights:
    """The four NKA weights (each in [0, 1], summing to 1) and where they come from.

    Attributes
    ----------
    absorption, consistency, output_achievement, efficiency : float
        Weight of each variable [share 0-1].
    preset : str or None
        The preset's name, or None for explicit weights.
    source : str or None
        The document the preset's weights come from.
    """

    absorption: float
    consistency: float
    output_achievement: float
    efficiency: float
    preset: str | None = None
    source: str | None = None

    def as_tuple(self) -> tuple[float, float, float, float]:
        """The weights in the order of :data:`NKA_ASPECTS`."""
        return (self.absorption, self.consistency, self.output_achievement, self.efficiency)

    def as_dict(self) -> dict[str, float]:
        """The weights by aspect name."""
        return dict(zip(NKA_ASPECTS, self.as_tuple(), strict=True))


@functools.cache
def _presets() -> dict[str, NkaWeightPreset]:
    from ._data import load_packaged
    from .schemas import NkaWeightsFile

    return dict(load_packaged("nka_weights.toml", NkaWeightsFile).presets)


def nka_weight_presets() -> tuple[str, ...]:
    """Names of the packaged NKA weight presets (``data/nka_weights.toml``).

    Examples
    --------
    >>> nka_weight_presets()
    ('pmk-22-2021',)
    """
    return tuple(_presets())


def nka_weights(weights: WeightsLike) -> NkaWeights:
    r"""Resolve NKA weights: a preset name, four explicit weights, or a mapping by aspect.

    Parameters
    ----------
    weights : str, sequence of 4 floats, mapping or NkaWeights
        A preset name (see :func:`nka_weight_presets`, e.g. ``"pmk-22-2021"``); or the four
        weights [share 0-1] in the order absorption, consistency, output achievement,
        efficiency; or a mapping with exactly those four keys (:data:`NKA_ASPECTS`).

    Returns
    -------
    NkaWeights
        The resolved weights with their preset name and source.

    Raises
    ------
    InvalidInputError
        If the preset is unknown, there are not exactly four weights, a weight is not a
        number in [0, 1], or the weights do not sum to 1 (tolerance 1e-6).

    Notes
    -----
    The NKA is a convex combination, so the weights $w_a$ satisfy

    $$
    w_a \ge 0, \qquad \sum_a w_a = 1
    $$

    References
    ----------
    1. Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 22/PMK.02/2021*, 2021.

    Examples
    --------
    >>> nka_weights("pmk-22-2021").as_tuple()
    (0.097, 0.182, 0.435, 0.286)
    >>> nka_weights([0.25, 0.25, 0.25, 0.25]).preset is None
    True
    """
    if isinstance(weights, NkaWeights):
        return weights
    if isinstance(weights, str):
        presets = _presets()
        if weights not in presets:
            allowed = ", ".join(repr(name) for name in presets)
            raise InvalidInputError(
                "weights", f"must be a preset name ({allowed}) or 4 weights", weights
            )
        preset = presets[weights]
        return NkaWeights(
            absorption=preset.absorption,
            consistency=preset.consistency,
            output_achievement=preset.output_achievement,
            efficiency=preset.efficiency,
            preset=weights,
            source=preset.source,
        )
    if isinstance(weights, Mapping):
        keys = set(weights)
        if keys != set(NKA_ASPECTS):
            raise InvalidInputError(
                "weights", f"must have exactly the keys {', '.join(NKA_ASPECTS)}", sorted(keys)
            )
        values = [weights[aspect] for aspect in NKA_ASPECTS]
    elif isinstance(weights, (bytes,)) or not isinstance(weights, Iterable):
        raise InvalidInputError("weights", "must be a preset name or 4 weights", weights)
    else:
        values = list(weights)
    if len(values) != len(NKA_ASPECTS):
        raise InvalidInputError("weights", "must hold exactly 4 weights", f"{len(values)} values")
    numbers = np.array([_number(v, "weights") for v in values], dtype=np.float64)
    if np.isnan(numbers).any():
        raise InvalidInputError("weights", "must not be NaN", values)
    check_range("weights", numbers, 0.0, 1.0)
    total = float(numbers.sum())
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        raise InvalidInputError(
            "weights", f"must sum to 1 (tolerance {WEIGHT_SUM_TOLERANCE:g})", total
        )
    a, c, o, e = (float(x) for x in numbers)
    return NkaWeights(absorption=a, consistency=c, output_achievement=o, efficiency=e)


def nka(
    absorption: ArrayLike,
    consistency: ArrayLike,
    output_achievement: ArrayLike,
    efficiency_score: ArrayLike,
    *,
    weights: WeightsLike,
) -> FloatResult:
    r"""Nilai Kinerja Anggaran (NKA), aspek implementasi: weighted sum of its four variables.

    Parameters
    ----------
    absorption : float, array_like or Series
        Budget absorption P from :func:`absorption` [percent, >= 0]; above 100 when spending
        exceeds the ceiling.
    consistency : float, array_like or Series
        Consistency K from :func:`consistency` [percent 0-100].
    output_achievement : float, array_like or Series
        Output achievement COP from :func:`output_achievement` [percent, >= 0]; above 100
        when the indicator ratios are not capped (``ratio_cap_pct=None``).
    efficiency_score : float, array_like or Series
        Efficiency score NE from :func:`efficiency_score` [score 0-100 when clamped; at most
        300 and possibly negative with ``clamp=False``].
    weights : str, sequence of 4 floats, mapping or NkaWeights
        Required (DKI's own weights are unknown): a preset name such as ``"pmk-22-2021"``
        (0.097, 0.182, 0.435, 0.286) or four explicit weights summing to 1 in the order
        above; see :func:`nka_weights`.

    Returns
    -------
    float, ndarray or Series
        NKA [score], in the container of the inputs; NaN in any variable gives NaN. In
        [0, 100] when the four variables are; above 100 when an uncapped or unclamped
        variable is (see Notes).

    Raises
    ------
    InvalidInputError
        If a variable is infinite or outside what its function can return (absorption or
        output achievement negative; consistency outside [0, 100]; efficiency score above
        300), the weights are invalid (see :func:`nka_weights`), or the shapes do not
        broadcast.

    Notes
    -----
    With the PMK 22/2021 preset $w = (0.097, 0.182, 0.435, 0.286)$:

    $$
    NKA = w_P \, P + w_K \, K + w_{CO} \, COP + w_E \, NE
    $$

    Rule for values beyond 100: every value the component functions return under their
    supported options is carried through the weighted sum **unchanged** (no cap, no clamp is
    added here): an absorption of 110 % (spending above the ceiling), an uncapped output
    achievement of 150 % (``ratio_cap_pct=None``) or an unclamped efficiency score of 175
    (``clamp=False``) enter the sum as they are, so the NKA can exceed 100 (or, with an
    unclamped negative score, fall below 0). Whether to cap is decided where the component is
    computed (``ratio_cap_pct``, ``clamp``, the data), never silently here. The result is a
    convex combination, so it lies between the smallest and the largest variable; it is
    clipped to that interval only to remove one-ulp rounding excursions.

    References
    ----------
    1. Kementerian Keuangan, *Peraturan Menteri Keuangan Nomor 22/PMK.02/2021 tentang
       Pengukuran dan Evaluasi Kinerja Anggaran atas Pelaksanaan Rencana Kerja dan Anggaran
       Kementerian Negara/Lembaga*, 2021.
    2. Pemerintah Provinsi DKI Jakarta, *Peraturan Daerah Nomor 7 Tahun 2022 tentang
       Pengelolaan Keuangan Daerah*, Pasal 195, 2022.
    3. Lembaga Administrasi Negara, *LAKIP Puslatbang KMP 2021*, p. 105, 2022.

    Examples
    --------
    LAN Puslatbang KMP 2021: 0.097 × 95.53 + 0.182 × 99.61 + 0.435 × 99.72 + 0.286 × 59.98:

    >>> round(nka(95.53, 99.61, 99.72, 59.98, weights="pmk-22-2021"), 2)
    87.93

    Uncapped and unclamped components are carried through: 0.097 × 110 + 0.182 × 100 +
    0.435 × 150 + 0.286 × 175 = 10.67 + 18.2 + 65.25 + 50.05 = 144.17:

    >>> round(nka(110.0, 100.0, 150.0, 175.0, weights="pmk-22-2021"), 2)
    144.17
    """
    resolved = nka_weights(weights)
    container, (p, k, co, ne) = broadcast(
        absorption=absorption,
        consistency=consistency,
        output_achievement=output_achievement,
        efficiency_score=efficiency_score,
    )
    for name, values in (
        ("absorption", p),
        ("consistency", k),
        ("output_achievement", co),
        ("efficiency_score", ne),
    ):
        check_finite(name, values)
    check_nonnegative("absorption", p)
    check_percent("consistency", k)
    check_nonnegative("output_achievement", co)
    check_range("efficiency_score", ne, None, MAX_EFFICIENCY_SCORE)
    w_p, w_k, w_co, w_e = resolved.as_tuple()
    value = w_p * p + w_k * k + w_co * co + w_e * ne
    # a convex combination lies between its smallest and largest term: remove one-ulp
    # excursions (NaN propagates through min/max and clip)
    low = np.minimum(np.minimum(p, k), np.minimum(co, ne))
    high = np.maximum(np.maximum(p, k), np.maximum(co, ne))
    with np.errstate(invalid="ignore"):
        value = np.clip(value, low, high)
    return container.wrap_float(value)
