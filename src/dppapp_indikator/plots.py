r"""Figures: fertility schedules, domain estimates, rank sensitivity and the agreement.

Each function draws on a matplotlib :class:`~matplotlib.axes.Axes` (a new figure by default,
or the ``ax`` given), returns the :class:`~matplotlib.figure.Figure` and, with ``path=``, also
saves it (PNG, SVG, PDF ... by the file's extension). matplotlib is the ``plot`` extra
(``pip install 'dppapp-indikator[plot]'``) and is imported only when a function is called; the
figures are built on :class:`matplotlib.figure.Figure` directly, without pyplot's global state,
so they work under any backend (Agg in scripts and tests) and are not kept alive by pyplot.

* :func:`plot_asfr`: the age-specific fertility rates with their confidence intervals, from
  :func:`~dppapp_indikator.tfr_from_birth_history` (one line per domain with ``by``) or from
  seven rates; the TFR and its interval in the title (or the legend).
* :func:`plot_domains`: a forest plot of the domain estimates of a
  :class:`~dppapp_indikator.survey.design.SurveyDesign` with their intervals, sorted, with an
  optional reference line (the full-sample estimate, a target).
* :func:`plot_rank_sensitivity`: the ranks of the units over the draws of
  :func:`~dppapp_indikator.child.weight_sensitivity`: median and 5-95 % interval, or the rank
  frequencies as a heat map.
* :func:`plot_agreement`: target against realisation per period for the performance
  agreement (the same function as :func:`dppapp_indikator.agreement.report.plot_targets`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from ._checks import InvalidInputError, check_choice, check_finite, check_range
from .agreement.report import plot_targets as plot_agreement
from .fertility import AGE_GROUP_WIDTH, AGE_GROUPS, FIRST_AGE

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .child import WeightSensitivity
    from .survey.birth_history import BirthHistoryFertility

__all__ = [
    "DOMAIN_ORDERS",
    "RANK_STYLES",
    "DomainOrder",
    "RankStyle",
    "age_group_midpoints",
    "plot_agreement",
    "plot_asfr",
    "plot_domains",
    "plot_rank_sensitivity",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
PathLike: TypeAlias = "str | os.PathLike[str]"

#: Order of the rows of :func:`plot_domains`: ``"estimate"`` (ascending from the bottom, the
#: largest estimate on top) or ``"frame"`` (the frame's row order, the first row on top).
DomainOrder: TypeAlias = Literal["estimate", "frame"]
DOMAIN_ORDERS: tuple[DomainOrder, ...] = ("estimate", "frame")

#: What :func:`plot_rank_sensitivity` draws: ``"interval"`` (median rank and the 5-95 %
#: interval per unit) or ``"heatmap"`` (the share of the draws giving each unit each rank).
RankStyle: TypeAlias = Literal["interval", "heatmap"]
RANK_STYLES: tuple[RankStyle, ...] = ("interval", "heatmap")

#: Columns of a :class:`~dppapp_indikator.survey.design.SurveyDesign` estimate frame that are
#: not domain keys.
_ESTIMATE_COLUMNS = frozenset(
    ("variable", "estimate", "se", "ci_low", "ci_high", "df", "deff", "n", "n_psu")
)
#: Horizontal shift between the domains' points in :func:`plot_asfr` [years].
_DODGE = 0.4
_DPI = 150


def age_group_midpoints() -> FloatArray:
    """Mid-points of the seven five-year age groups 15-19 ... 45-49 [years].

    The x positions of :func:`plot_asfr`: a group ``a`` (0 = 15-19) covers the exact ages
    ``[15 + 5a, 20 + 5a)``, so its mid-point is ``17.5 + 5a``.

    Returns
    -------
    numpy.ndarray
        ``[17.5, 22.5, ..., 47.5]``.

    Examples
    --------
    >>> age_group_midpoints().tolist()
    [17.5, 22.5, 27.5, 32.5, 37.5, 42.5, 47.5]
    """
    return FIRST_AGE + AGE_GROUP_WIDTH * (np.arange(len(AGE_GROUPS), dtype=np.float64) + 0.5)


# --------------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------------
def _matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:  # pragma: no cover - the plot extra is installed in tests
        raise ImportError("plots need matplotlib: pip install 'dppapp-indikator[plot]'") from exc


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """The Axes to draw on (a new one in a new Figure when ``ax`` is None) and its root Figure."""
    _matplotlib()
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    if ax is None:
        figure = Figure(figsize=figsize, layout="constrained")
        return figure, figure.add_subplot()
    if not isinstance(ax, Axes):
        raise InvalidInputError("ax", "must be a matplotlib Axes or None", type(ax).__name__)
    parent: Any = ax.figure
    while isinstance(parent, SubFigure):
        parent = parent.figure
    if not isinstance(parent, Figure):  # pragma: no cover - an Axes always has a figure
        raise InvalidInputError("ax", "must belong to a matplotlib Figure", type(ax).__name__)
    return parent, ax


def _check_path(path: PathLike | None) -> Path | None:
    if path is None:
        return None
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidInputError("path", "must be a file path (str or Path) or None", path)
    return Path(path)


def _save(figure: Figure, path: Path | None) -> None:
    if path is not None:
        figure.savefig(path, dpi=_DPI)


def _frame_floats(frame: pd.DataFrame, column: str, parameter: str) -> FloatArray:
    try:
        values = np.asarray(frame[column].to_numpy(dtype=np.float64, na_value=np.nan))
    except (TypeError, ValueError):
        raise InvalidInputError(
            parameter, f"column {column!r} must be numeric", str(frame[column].dtype)
        ) from None
    return values


def _interval_text(low: float, high: float, level: float) -> str:
    return f"{level * 100:g} % CI {low:.2f}–{high:.2f}"


# --------------------------------------------------------------------------------------------
# plot_asfr
# --------------------------------------------------------------------------------------------
def _schedule(result: Any) -> FloatArray:
    """Seven ASFRs in age order from a sequence, 1-D array, Series or mapping (``result``)."""
    if isinstance(result, (str, bytes)):
        raise InvalidInputError(
            "result",
            "must be the result of tfr_from_birth_history() or 7 age-specific fertility rates",
            result,
        )
    labels: list[Any] | None = None
    if isinstance(result, Mapping):
        labels, values = list(result.keys()), list(result.values())
    elif hasattr(result, "index") and hasattr(result, "to_numpy"):  # a pandas Series
        labels, values = list(result.index), result.to_numpy()
    else:
        values = result
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInputError(
            "result",
            "must be the result of tfr_from_birth_history() or 7 numeric age-specific "
            "fertility rates",
            type(result).__name__,
        ) from None
    if array.shape != (len(AGE_GROUPS),):
        raise InvalidInputError(
            "result",
            f"must hold exactly {len(AGE_GROUPS)} age-specific fertility rates (15-19 ... 45-49)",
            f"shape {array.shape}",
        )
    if labels is not None and set(map(str, labels)) == set(AGE_GROUPS):
        order = {str(label): i for i, label in enumerate(labels)}
        array = array[[order[group] for group in AGE_GROUPS]]
    check_finite("result", array)
    check_range("result", array, 0.0, None)
    return array


def plot_asfr(
    result: BirthHistoryFertility
    | Sequence[float]
    | Mapping[str, float]
    | FloatArray
    | pd.Series[Any],
    *,
    ax: Axes | None = None,
    path: PathLike | None = None,
    ci: bool = True,
) -> Figure:
    r"""Draw the age-specific fertility rates (ASFR) by age group, with confidence intervals.

    Parameters
    ----------
    result : BirthHistoryFertility or sequence of 7 floats
        The result of :func:`~dppapp_indikator.tfr_from_birth_history` (its ``asfr`` table:
        ``asfr``, ``ci_low``, ``ci_high`` per age group; with ``by``: one line per domain), or
        seven ASFRs of the groups 15-19 ... 45-49 [births per 1,000 woman-years, >= 0; NaN
        leaves a gap] as a sequence, 1-D array, or Series / mapping labelled by
        :data:`~dppapp_indikator.fertility.AGE_GROUPS` (put in age order); no intervals then.
    ax : matplotlib Axes, optional
        Draw on this Axes (the returned Figure is its figure); a new Figure by default.
    path : str or Path, optional
        Also save the figure there (PNG, SVG, PDF ... by the extension) at 150 dpi.
    ci : bool, default True
        Draw the intervals of the ASFRs (``ci_low`` to ``ci_high``) and give the TFR's
        interval (simple on/off; ignored for a plain sequence).

    Returns
    -------
    matplotlib.figure.Figure
        On a new Axes: ``lines[i]`` the ASFR of domain ``i`` (one line without ``by``),
        x = the age-group mid-points (:func:`age_group_midpoints`) shifted by
        ``(i - (k - 1) / 2) * 0.4`` years for ``k`` domains so that the intervals stay apart,
        y = the ASFR; with ``ci``, ``collections[i]`` the vertical interval bars of domain
        ``i`` (one segment per age group, from ``ci_low`` to ``ci_high``). The x tick labels
        are the age groups. Title: ``"TFR 2.55 (95 % CI 2.35–2.76)"`` (the CI only when the
        result has one and ``ci``); with ``by``, each domain's TFR and interval are in its
        legend entry and the title names the domain column.

    Raises
    ------
    InvalidInputError
        If ``result`` is neither a birth-history result nor 7 numbers (the message names
        ``result``), an ASFR is negative or infinite, ``ci`` is not a bool, ``ax`` is not an
        Axes or ``path`` is not a path.

    Notes
    -----
    Nothing is computed here but the TFR of a plain sequence, as
    :func:`~dppapp_indikator.tfr`:

    $$
    \mathrm{TFR} = \frac{5}{1000} \sum_{a=1}^{7} \mathrm{ASFR}_a
    $$

    (NaN when an ASFR is missing). Rates suppressed by ``suppression="dhs"`` are NaN and
    leave a gap.

    References
    ----------
    1. T. Croft et al., *Guide to DHS Statistics*, ICF, 2018 (fertility rates, 5.1-5.2).

    Examples
    --------
    >>> figure = plot_asfr([50.6, 127.0, 121.1, 106.9, 70.6, 29.1, 5.2])
    >>> (line,) = figure.axes[0].lines
    >>> line.get_xdata().tolist(), line.get_ydata().tolist()[:2]
    ([17.5, 22.5, 27.5, 32.5, 37.5, 42.5, 47.5], [50.6, 127.0])
    >>> figure.axes[0].get_title()
    'TFR 2.55'
    """
    from .survey.birth_history import BirthHistoryFertility

    if not isinstance(ci, bool):
        raise InvalidInputError("ci", "must be True or False", ci)
    target = _check_path(path)
    mid = age_group_midpoints()
    if not isinstance(result, BirthHistoryFertility):
        rates = _schedule(result)
        figure, axes = _axes(ax, (6.4, 4.0))
        axes.plot(mid, rates, marker="o", color="C0")
        tfr = 5.0 * float(rates.sum()) / 1000.0
        axes.set_title(f"TFR {tfr:.2f}")
        _finish_asfr(axes)
        _save(figure, target)
        return figure

    table = result.asfr
    if result.by is None:
        domains: list[Any] = [None]
    else:
        domains = list(dict.fromkeys(table.index.get_level_values(0)))
    figure, axes = _axes(ax, (6.4, 4.0))
    k = len(domains)
    lines = []
    for i, domain in enumerate(domains):
        selected: Any = table if domain is None else table.xs(domain, level=0)
        rows: pd.DataFrame = selected.reindex(list(AGE_GROUPS))
        x = mid + (i - (k - 1) / 2.0) * _DODGE
        rates = _frame_floats(rows, "asfr", "result")
        color = f"C{i % 10}"
        tfr = float(result.tfr if domain is None else result.tfr[domain])
        low = float(result.ci_low if domain is None else result.ci_low[domain])
        high = float(result.ci_high if domain is None else result.ci_high[domain])
        text = f"TFR {tfr:.2f}"
        if ci and not (math.isnan(low) or math.isnan(high)):
            text += f" ({_interval_text(low, high, result.level)})"
        label = text if domain is None else f"{result.by} = {domain}: {text}"
        (line,) = axes.plot(x, rates, marker="o", color=color, label=label)
        lines.append(line)
        if ci:
            axes.vlines(
                x,
                _frame_floats(rows, "ci_low", "result"),
                _frame_floats(rows, "ci_high", "result"),
                color=color,
                linewidth=1.5,
                alpha=0.8,
            )
    if result.by is None:
        axes.set_title(str(lines[0].get_label()))
    else:
        axes.set_title(f"ASFR by {result.by}")
        axes.legend(handles=lines, fontsize=8)
    if ci:
        axes.text(
            0.99,
            0.99,
            f"bars: {result.level * 100:g} % CI of each ASFR",
            transform=axes.transAxes,
            ha="right",
            va="top",
            fontsize=7,
            color="0.35",
        )
    _finish_asfr(axes)
    _save(figure, target)
    return figure


def _finish_asfr(axes: Axes) -> None:
    axes.set_xticks(age_group_midpoints(), list(AGE_GROUPS))
    axes.set_xlabel("age group [years]")
    axes.set_ylabel("ASFR [births per 1,000 woman-years]")
    axes.set_ylim(bottom=0.0)
    axes.grid(axis="y", color="0.9")


# --------------------------------------------------------------------------------------------
# plot_domains
# --------------------------------------------------------------------------------------------
def _domain_columns(frame: pd.DataFrame, by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return [str(c) for c in frame.columns if c not in _ESTIMATE_COLUMNS]
    names = [by] if isinstance(by, str) else list(by)
    if not names or not all(isinstance(name, str) for name in names):
        raise InvalidInputError("by", "must be a column name or a list of column names", by)
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise InvalidInputError(
            "by", f"must name columns of `frame`; missing {', '.join(missing)}", by
        )
    return names


def plot_domains(
    frame: pd.DataFrame,
    *,
    label: str | None = None,
    by: str | Sequence[str] | None = None,
    ax: Axes | None = None,
    path: PathLike | None = None,
    reference: float | None = None,
    reference_label: str = "reference",
    order: DomainOrder = "estimate",
) -> Figure:
    """Draw a forest plot of domain estimates with their confidence intervals.

    Parameters
    ----------
    frame : pandas.DataFrame
        An estimate frame of :class:`~dppapp_indikator.survey.design.SurveyDesign`
        (``mean``, ``total``, ``ratio`` or ``proportion`` with ``by=``): columns
        ``estimate``, ``ci_low``, ``ci_high`` [the estimate's unit] and the domain column(s);
        one variable (a ``variable`` column, if any, must hold a single value).
    label : str, optional
        The x-axis label: what is estimated, with its unit (e.g. ``"mean API 2000
        [points]"``). Default: the ``variable`` column's value, else ``"estimate"``.
    by : str or list of str, optional
        The domain columns that label the rows (joined with ", "). Default: every column
        that is not an estimate column (``variable``, ``estimate``, ``se``, ``ci_low``,
        ``ci_high``, ``df``, ``deff``, ``n``, ``n_psu``); rows are numbered when there is none.
    ax : matplotlib Axes, optional
        Draw on this Axes; a new Figure by default (its height grows with the rows).
    path : str or Path, optional
        Also save the figure there (PNG, SVG, PDF ... by the extension) at 150 dpi.
    reference : float, optional
        Draw a dashed vertical line at this value (e.g. the full-sample estimate or a target)
        [the estimate's unit].
    reference_label : str, default "reference"
        The legend entry of the reference line.
    order : {"estimate", "frame"}, default "estimate"
        ``"estimate"``: rows sorted by estimate, the largest on top (missing estimates at the
        bottom); ``"frame"``: the frame's order, its first row on top.

    Returns
    -------
    matplotlib.figure.Figure
        On a new Axes: ``collections[0]`` the intervals (one horizontal segment per row, from
        ``ci_low`` to ``ci_high`` at y = 0, 1, ... from the bottom), ``collections[1]`` the
        estimates (a scatter, offsets (estimate, y)); the y tick labels are the domains, from
        the bottom up; ``lines[0]`` the reference line when ``reference`` is given.

    Raises
    ------
    InvalidInputError
        If ``frame`` is not a DataFrame, has no rows, lacks ``estimate``, ``ci_low`` or
        ``ci_high`` (the message names ``frame`` and the column), holds several variables,
        has a non-numeric estimate column or an interval that does not contain its estimate;
        if ``by`` names a missing column, ``reference`` is not a finite number, ``order`` is
        unknown, ``ax`` is not an Axes or ``path`` is not a path.

    Notes
    -----
    The intervals are drawn as given (symmetric for means and totals, asymmetric for the
    logit or beta intervals of a proportion); nothing is recomputed.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"stype": ["E", "H", "M"], "estimate": [674.4, 625.8, 636.6],
    ...                       "ci_low": [650.2, 596.5, 604.8], "ci_high": [698.7, 655.1, 668.4]})
    >>> axes = plot_domains(frame, reference=662.3).axes[0]
    >>> [t.get_text() for t in axes.get_yticklabels()]
    ['H', 'M', 'E']
    >>> axes.collections[1].get_offsets()[:, 0].tolist()
    [625.8, 636.6, 674.4]
    """
    if not (hasattr(frame, "columns") and hasattr(frame, "iloc")):
        raise InvalidInputError(
            "frame",
            "must be a pandas DataFrame with columns estimate, ci_low, ci_high",
            type(frame).__name__,
        )
    missing = [c for c in ("estimate", "ci_low", "ci_high") if c not in frame.columns]
    if missing:
        raise InvalidInputError(
            "frame",
            f"must have the columns estimate, ci_low, ci_high; missing {', '.join(missing)}",
            list(map(str, frame.columns)),
        )
    if len(frame) == 0:
        raise InvalidInputError("frame", "must have at least one row", 0)
    variable: str | None = None
    if "variable" in frame.columns:
        variables = list(dict.fromkeys(frame["variable"]))
        if len(variables) > 1:
            raise InvalidInputError(
                "frame",
                "must hold one variable (select its rows: frame[frame.variable == name])",
                variables,
            )
        variable = str(variables[0])
    check_choice("order", order, DOMAIN_ORDERS)
    if label is not None and not isinstance(label, str):
        raise InvalidInputError("label", "must be a str or None", label)
    if not isinstance(reference_label, str):
        raise InvalidInputError("reference_label", "must be a str", reference_label)
    if reference is not None and (
        isinstance(reference, bool)
        or not isinstance(reference, (int, float, np.integer, np.floating))
        or not math.isfinite(float(reference))
    ):
        raise InvalidInputError("reference", "must be a finite number or None", reference)
    target = _check_path(path)
    keys = _domain_columns(frame, by)
    estimate = _frame_floats(frame, "estimate", "frame")
    low = _frame_floats(frame, "ci_low", "frame")
    high = _frame_floats(frame, "ci_high", "frame")
    with np.errstate(invalid="ignore"):
        outside = (low > estimate) | (high < estimate)
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        raise InvalidInputError(
            "frame",
            "must have ci_low <= estimate <= ci_high",
            (float(low[row]), float(estimate[row]), float(high[row])),
            row,
        )
    if keys:
        names = [", ".join(str(frame[key].iloc[i]) for key in keys) for i in range(len(frame))]
    else:
        names = [str(i) for i in range(len(frame))]
    if order == "estimate":
        # ascending from the bottom; NaN first (bottom); ties keep the frame's order
        rows = np.lexsort((np.arange(len(frame)), np.nan_to_num(estimate, nan=-np.inf)))
    else:
        rows = np.arange(len(frame))[::-1]
    n = len(rows)
    y = np.arange(n, dtype=np.float64)
    figure, axes = _axes(ax, (6.4, 1.3 + 0.38 * n))
    axes.hlines(y, low[rows], high[rows], color="C0", linewidth=2.0)
    axes.scatter(estimate[rows], y, color="C0", zorder=3, s=28)
    if reference is not None:
        axes.axvline(
            float(reference), color="0.3", linestyle="--", linewidth=1.0, label=reference_label
        )
        axes.legend(fontsize=8, loc="best")
    axes.set_yticks(y, [names[r] for r in rows])
    axes.set_ylim(-0.6, n - 0.4)
    axes.set_ylabel(", ".join(keys) if keys else "row")
    axes.set_xlabel(label if label is not None else (variable or "estimate"))
    axes.grid(axis="x", color="0.9")
    _save(figure, target)
    return figure


# --------------------------------------------------------------------------------------------
# plot_rank_sensitivity
# --------------------------------------------------------------------------------------------
def plot_rank_sensitivity(
    sensitivity: WeightSensitivity,
    *,
    ax: Axes | None = None,
    path: PathLike | None = None,
    style: RankStyle = "interval",
) -> Figure:
    """Draw how the units' ranks move over the draws of a weight-sensitivity analysis.

    Parameters
    ----------
    sensitivity : WeightSensitivity
        The result of :func:`~dppapp_indikator.child.weight_sensitivity`.
    ax : matplotlib Axes, optional
        Draw on this Axes; a new Figure by default (its height grows with the units).
    path : str or Path, optional
        Also save the figure there (PNG, SVG, PDF ... by the extension) at 150 dpi.
    style : {"interval", "heatmap"}, default "interval"
        ``"interval"``: per unit the median rank (dot), the 5-95 % interval of its rank (bar)
        and the nominal rank (cross); ``"heatmap"``: the share of the draws that give each
        unit each rank (``rank_frequencies``), with a colour bar.

    Returns
    -------
    matplotlib.figure.Figure
        Units sorted by median rank (ties by nominal rank), the best (rank 1) on top: the y
        tick labels are the units in that order, from the top down (y = 0, 1, ...; the y axis
        is inverted). ``"interval"``, on a new Axes: ``collections[0]`` the intervals (one
        horizontal segment per unit, from ``rank_q05`` to ``rank_q95``), ``collections[1]``
        the medians (offsets (``rank_median``, y)), ``collections[2]`` the nominal ranks.
        ``"heatmap"``: ``images[0]`` holds ``rank_frequencies`` with its rows in that order
        (x = rank 1 ... n), and the figure gets a colour bar Axes.

    Raises
    ------
    InvalidInputError
        If ``sensitivity`` is not a :class:`~dppapp_indikator.child.WeightSensitivity`,
        ``style`` is unknown, ``ax`` is not an Axes or ``path`` is not a path.

    Notes
    -----
    Rank 1 is the highest index. The quantiles are those of the analysis (linear
    interpolation, R's type 7, as COINr's ``plot_uncertainty``); nothing is recomputed.

    References
    ----------
    1. W. Becker et al., *COINr: An R package for developing composite indicators*, Journal of
       Open Source Software 7(78), 4567, 2022.

    Examples
    --------
    >>> from dppapp_indikator.child import weight_sensitivity
    >>> s = weight_sensitivity([[60.0, 79.0], [80.0, 60.0]], [0.5, 0.5], n=200,
    ...                        concentration=50.0, seed=1)
    >>> axes = plot_rank_sensitivity(s).axes[0]
    >>> [t.get_text() for t in axes.get_yticklabels()]
    ['1', '0']
    """
    from .child import WeightSensitivity

    if not isinstance(sensitivity, WeightSensitivity):
        raise InvalidInputError(
            "sensitivity",
            "must be the result of weight_sensitivity() (a WeightSensitivity)",
            type(sensitivity).__name__,
        )
    check_choice("style", style, RANK_STYLES)
    target = _check_path(path)
    median = np.asarray(sensitivity.rank_median, dtype=np.float64)
    nominal = np.asarray(sensitivity.nominal_rank, dtype=np.float64)
    order = np.lexsort(
        (
            np.arange(median.size),
            np.nan_to_num(nominal, nan=np.inf),
            np.nan_to_num(median, nan=np.inf),
        )
    )
    names = [str(sensitivity.units[u]) for u in order]
    n = len(order)
    draws = int(sensitivity.ranks.shape[0])
    y = np.arange(n, dtype=np.float64)
    width = 7.2 if style == "heatmap" else 6.4
    figure, axes = _axes(ax, (width, 1.4 + 0.36 * n))
    ranks = np.arange(1, sensitivity.rank_frequencies.shape[1] + 1)
    if style == "interval":
        axes.hlines(
            y,
            np.asarray(sensitivity.rank_q05)[order],
            np.asarray(sensitivity.rank_q95)[order],
            color="C0",
            linewidth=3.0,
            alpha=0.45,
            label="5–95 % of the draws",
        )
        axes.scatter(median[order], y, color="C0", zorder=3, s=30, label="median")
        axes.scatter(nominal[order], y, color="C3", marker="x", zorder=4, s=30, label="nominal")
        axes.set_xticks(ranks)
        axes.set_xlim(0.5, ranks.size + 0.5)
        axes.set_ylim(n - 0.5, -0.5)  # inverted: the best unit on top
        axes.grid(axis="x", color="0.92")
        axes.legend(
            fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, frameon=False
        )
    else:
        image = axes.imshow(
            np.asarray(sensitivity.rank_frequencies)[order],
            aspect="auto",
            cmap="Blues",
            vmin=0.0,
            vmax=1.0,
            interpolation="nearest",
            extent=(0.5, ranks.size + 0.5, n - 0.5, -0.5),
        )
        axes.set_xticks(ranks)
        figure.colorbar(image, ax=axes, label="share of the draws")
    axes.set_yticks(y, names)
    axes.set_xlabel("rank (1 = highest index)")
    axes.set_title(f"Rank sensitivity to the weights ({draws} draws)")
    _save(figure, target)
    return figure
