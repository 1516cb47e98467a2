r"""Reports of an evaluation: Excel, CSV and JSON files, and a target-vs-realisation chart.

:func:`write_report` writes the frame returned by
:func:`~dppapp_indikator.agreement.evaluate` (columns ``number``, ``name``, ``period``,
``unit``, ``polarity``, ``target``, ``target_upper``, ``realisation``, ``achievement``,
``category``, ``note``)
in the format its file name asks for. Text that a spreadsheet would run as a formula (a cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is escaped with a leading
single quote in the Excel and CSV outputs (OWASP "CSV injection"), so a name or note that
arrived from an input file can never execute. :func:`plot_targets` draws the targets and the
realisations per period (matplotlib, the ``plot`` extra, imported on first use).

The Excel report and the chart are for people: they speak Indonesian by default
(``language="id"``: headers such as ``indikator``, ``periode``, ``capaian (%)``, ``kategori
capaian``; numbers as ``99,4 %``) or English (``language="en"``). The CSV and JSON reports are
for programs and keep the evaluation's column names and values.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._cells import escape_cell
from .evaluation import EVALUATION_COLUMNS

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd
    from matplotlib.figure import Figure

    from .model import Agreement

__all__ = [
    "REPORT_HEADERS",
    "REPORT_SHEETS",
    "action_plan_frame",
    "escape_cell",
    "plot_targets",
    "report_views",
    "write_report",
]

_QUARTERS = ("TW I", "TW II", "TW III", "TW IV")
#: Column headers of the Excel report, by language (columns not listed keep their name).
REPORT_HEADERS: dict[str, dict[str, str]] = {
    "id": {
        "number": "IKU",
        "name": "indikator",
        "period": "periode",
        "unit": "satuan",
        "polarity": "polaritas",
        "target": "target",
        "target_upper": "target atas",
        "realisation": "realisasi",
        "achievement": "capaian (%)",
        "category": "kategori capaian",
        "note": "catatan",
        "basis": "dasar",
        "annual_rule": "aturan tahunan",
        "mismatch": "tidak sesuai",
        "action_code": "kode RA",
        "action": "rencana aksi",
        "criterion_code": "kode KK",
        "criterion": "kriteria keberhasilan",
        "output_code": "kode T/O",
        "output": "target/output",
        "quarters": "triwulan",
        "schedule": "jadwal",
    },
    "en": {
        "number": "IKU",
        "name": "indicator",
        "period": "period",
        "unit": "unit",
        "polarity": "polarity",
        "target": "target",
        "target_upper": "upper target",
        "realisation": "realisation",
        "achievement": "achievement (%)",
        "category": "achievement category",
        "note": "note",
        "basis": "basis",
        "annual_rule": "annual rule",
        "mismatch": "mismatch",
        "action_code": "RA code",
        "action": "action",
        "criterion_code": "KK code",
        "criterion": "success criterion",
        "output_code": "T/O code",
        "output": "target/output",
        "quarters": "quarters",
        "schedule": "schedule",
    },
}
#: Sheet names of the Excel report, by language.
REPORT_SHEETS: dict[str, dict[str, str]] = {
    "id": {"Ringkasan": "Ringkasan", "Triwulan": "Triwulan", "Rencana Aksi": "Rencana Aksi"},
    "en": {"Ringkasan": "Summary", "Triwulan": "Quarters", "Rencana Aksi": "Action plan"},
}
_POLARITY = {
    "id": {"higher": "makin tinggi makin baik", "lower": "makin rendah makin baik"},
    "en": {"higher": "higher is better", "lower": "lower is better"},
}
_PERIOD_ORDER = {p: i for i, p in enumerate((*_QUARTERS, "Tahunan"))}


def _check_evaluation(evaluation: pd.DataFrame) -> None:
    from .._checks import InvalidInputError

    missing = [c for c in ("number", "period", "target", "realisation") if c not in evaluation]
    if missing:
        raise InvalidInputError(
            "evaluation",
            f"must be the frame returned by evaluate(); missing column(s) {', '.join(missing)}",
            list(evaluation.columns),
        )


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    key = pd.Series(
        [_PERIOD_ORDER.get(str(p), len(_PERIOD_ORDER)) for p in frame["period"]],
        index=frame.index,
    )
    order = sorted(range(len(frame)), key=lambda i: (frame["number"].iloc[i], key.iloc[i]))
    return frame.iloc[order].reset_index(drop=True)


def report_views(evaluation: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The views of an evaluation that a report shows, by sheet name.

    Parameters
    ----------
    evaluation : pandas.DataFrame
        The frame returned by :func:`~dppapp_indikator.agreement.evaluate`.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``"Ringkasan"``: the year's rows, one per indicator (``Tahunan``, or ``s.d. TW k``
        for an achievement to date); ``"Triwulan"``:
        the quarterly rows (TW I-IV). Both ordered by indicator number and period, with the
        evaluation's columns.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"number": [1, 1], "period": ["TW IV", "Tahunan"],
    ...                       "target": [63.46, 63.46], "realisation": [63.0, 63.0]})
    >>> {name: len(view) for name, view in report_views(frame).items()}
    {'Ringkasan': 1, 'Triwulan': 1}
    """
    _check_evaluation(evaluation)
    columns = [c for c in EVALUATION_COLUMNS if c in evaluation] + [
        c for c in evaluation.columns if c not in EVALUATION_COLUMNS
    ]
    frame = _ordered(evaluation[columns])
    annual = (frame["period"] == "Tahunan") | frame["period"].astype(str).str.startswith("s.d.")
    quarters = frame["period"].isin(_QUARTERS)
    return {
        "Ringkasan": frame[annual].reset_index(drop=True),
        "Triwulan": frame[quarters].reset_index(drop=True),
    }


def _plain(value: Any) -> Any:
    """A JSON/Excel-friendly Python value (NaN -> None, numpy scalars -> Python)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


def action_plan_frame(agreement: Agreement) -> pd.DataFrame:
    """The agreement's action plan (Rencana Aksi) as a flat table, one row per output.

    Parameters
    ----------
    agreement : Agreement
        The agreement (see :func:`~dppapp_indikator.agreement.load_agreement`).

    Returns
    -------
    pandas.DataFrame
        Columns ``number``, ``name`` (the indicator), ``action_code``, ``action`` (RA),
        ``criterion_code``, ``criterion`` (KK), ``output_code``, ``output`` (T/O),
        ``quarters`` (e.g. ``"TW 2, TW 3"``), ``schedule`` (as printed) and ``note``.
    """
    import pandas as pd

    columns = (
        "number",
        "name",
        "action_code",
        "action",
        "criterion_code",
        "criterion",
        "output_code",
        "output",
        "quarters",
        "schedule",
        "note",
    )
    rows = [
        (
            indicator.number,
            indicator.name,
            action.code,
            action.text,
            criterion.code,
            criterion.text,
            output.code,
            output.text,
            ", ".join(output.quarters),
            output.schedule,
            action.note,
        )
        for indicator in agreement.indicators  # ordered by number (the schema sorts them)
        for action, criterion, output in indicator.plan_outputs()
    ]
    return pd.DataFrame(rows, columns=list(columns))


def write_report(
    evaluation: pd.DataFrame,
    path: str | Path,
    *,
    agreement: Agreement | None = None,
    language: str = "id",
) -> Path:
    """Write an evaluation to an Excel, CSV or JSON report (by the file's extension).

    Parameters
    ----------
    evaluation : pandas.DataFrame
        The frame returned by :func:`~dppapp_indikator.agreement.evaluate`.
    path : str or Path
        ``.xlsx``: one sheet per view of :func:`report_views` (``Ringkasan``: annual rows;
        ``Triwulan``: quarterly rows) and, when ``agreement`` is given, ``Rencana Aksi`` (the
        action plan); needs the ``excel`` extra. ``.csv``: every row of the evaluation
        (comma-separated, decimal point, UTF-8: a file for programs). ``.json``: a list of
        records (one object per row; NaN as ``null``).
    agreement : Agreement, optional
        Adds the action-plan sheet to an Excel report.
    language : {"id", "en"}
        Language of the Excel report, a file for people: its column headers
        (:data:`REPORT_HEADERS`: ``IKU``, ``indikator``, ``periode`` ... ``kategori capaian``,
        ``catatan`` in Indonesian, the default), its sheet names (:data:`REPORT_SHEETS`), the
        polarity and the notes. Category and period labels stay as the agreement writes them.
        The CSV and JSON reports, files for programs, always keep the evaluation's column
        names and values.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    InvalidInputError
        If the extension is not ``.xlsx``, ``.csv`` or ``.json``, or ``evaluation`` lacks the
        evaluation columns.

    Notes
    -----
    Every text cell of the Excel and CSV outputs goes through :func:`escape_cell`, so no cell
    can hold a formula.

    Examples
    --------
    >>> import pandas as pd
    >>> import json, tempfile, pathlib, pandas as pd
    >>> frame = pd.DataFrame({"number": [7], "name": ["=1+1"], "period": ["Tahunan"],
    ...                       "target": [24.8], "realisation": [float("nan")]})
    >>> path = write_report(frame, pathlib.Path(tempfile.mkdtemp()) / "r.json")
    >>> json.loads(path.read_text())
    [{'number': 7, 'name': '=1+1', 'period': 'Tahunan', 'target': 24.8, 'realisation': None}]
    """
    from .._checks import InvalidInputError

    _check_evaluation(evaluation)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".json"):
        raise InvalidInputError("path", "must end in .xlsx, .csv or .json", str(path))
    if language not in REPORT_HEADERS:
        raise InvalidInputError("language", "must be 'id' or 'en'", language)
    columns = [c for c in EVALUATION_COLUMNS if c in evaluation] + [
        c for c in evaluation.columns if c not in EVALUATION_COLUMNS
    ]
    frame = _ordered(evaluation[columns])
    records = [
        {column: _plain(value) for column, value in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]
    if suffix == ".json":
        path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", "utf-8")
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([escape_cell(c) for c in columns])
            for record in records:
                writer.writerow(["" if v is None else escape_cell(v) for v in record.values()])
    else:
        sheets = {name: _human(view, language) for name, view in report_views(frame).items()}
        if agreement is not None:
            sheets["Rencana Aksi"] = action_plan_frame(agreement)
        names = REPORT_SHEETS[language]
        headers = REPORT_HEADERS[language]
        _write_xlsx(
            path,
            {
                names[title]: sheet.rename(columns=lambda c: headers.get(str(c), str(c)))
                for title, sheet in sheets.items()
            },
        )
    return path


_NAME_HEADERS = frozenset(h["name"] for h in REPORT_HEADERS.values()) | {"name"}
_NUMBER_HEADERS = frozenset(
    h[c]
    for h in REPORT_HEADERS.values()
    for c in ("target", "target_upper", "realisation", "achievement")
) | {"target", "target_upper", "realisation", "achievement"}


def _human(view: pd.DataFrame, language: str) -> pd.DataFrame:
    """A view with the polarity and the notes in ``language`` (for the Excel report)."""
    from .. import _i18n

    view = view.copy()
    if "polarity" in view:
        words = _POLARITY[language]
        view["polarity"] = [words.get(str(p), p) for p in view["polarity"]]
    if "note" in view:
        view["note"] = [_i18n.note(n, language) if isinstance(n, str) else n for n in view["note"]]
    return view


def _write_xlsx(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    try:
        import openpyxl
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError as exc:  # pragma: no cover - the excel extra is installed in tests
        raise ImportError(
            "writing .xlsx files needs openpyxl: pip install 'dppapp-indikator[excel]'"
        ) from exc
    workbook = openpyxl.Workbook()
    default = workbook.active
    assert default is not None
    workbook.remove(default)
    for title, frame in sheets.items():
        sheet = workbook.create_sheet(title)
        columns = [str(c) for c in frame.columns]
        sheet.append([escape_cell(c) for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False, name=None):
            values = [_plain(v) for v in row]
            sheet.append(
                [
                    escape_cell(json.dumps(v, ensure_ascii=False))
                    if isinstance(v, (dict, list))
                    else escape_cell(v)
                    for v in values
                ]
            )
        for index, column in enumerate(columns, start=1):
            width = 70 if column == "name" else max(10, min(60, len(column) + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
            if column in ("target", "target_upper", "realisation", "achievement"):
                for (cell,) in sheet.iter_rows(
                    min_row=2, min_col=index, max_col=index, max_row=sheet.max_row
                ):
                    cell.number_format = "0.00"
        sheet.freeze_panes = "A2"
    workbook.save(path)


_CHART_WORDS = {
    "id": {"realisation": "realisasi", "lower": "↓ makin rendah makin baik"},
    "en": {"realisation": "realisation", "lower": "↓ lower is better"},
}
#: Characters per title line of a chart panel, and lines per title.
_TITLE_WIDTH = 40
_TITLE_LINES = 2


def _panel_title(number: int, name: str) -> str:
    """``IKU n: name`` on at most two lines, cut only between words (with ``…``)."""
    import textwrap

    full = f"IKU {number}" + (f": {name}" if name else "")
    short = textwrap.shorten(full, width=_TITLE_WIDTH * _TITLE_LINES, placeholder=" …")
    lines = textwrap.wrap(short, width=_TITLE_WIDTH, break_long_words=False)
    if len(lines) > _TITLE_LINES:  # wrapping can need one more line than the width allows
        rest = " ".join(lines[_TITLE_LINES - 1 :])
        lines = [*lines[: _TITLE_LINES - 1], textwrap.shorten(rest, _TITLE_WIDTH, placeholder=" …")]
    return "\n".join(lines)


def plot_targets(
    evaluation: pd.DataFrame,
    path: str | Path | None = None,
    *,
    numbers: list[int] | None = None,
    ncols: int = 3,
    language: str = "id",
) -> Figure:
    """Draw target and realisation per period, one small panel per indicator.

    Parameters
    ----------
    evaluation : pandas.DataFrame
        The frame returned by :func:`~dppapp_indikator.agreement.evaluate`.
    path : str or Path, optional
        Also save the figure there (``.png``, ``.svg``, ``.pdf`` or another format matplotlib
        writes, by extension); checked before anything is drawn.
    numbers : list of int, optional
        The indicators to draw (agreement row numbers); all by default.
    ncols : int
        Panels per row of the figure.
    language : {"id", "en"}
        Language of the legend, the polarity mark and the numbers (``99,4 %`` or ``99.4 %``).

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per indicator, titled ``"IKU <number>: <name>"`` (on at most two lines, cut
        between words with ``…``); in each, ``lines[0]`` holds the target markers and
        ``lines[1]`` the realisation markers (NaN where not reported or not finite) over the
        periods with a target or a realisation, in the order TW I-IV, Tahunan (the x tick
        labels); further lines join the quarters. A range target is drawn as a bar from its
        lower to its upper bound. Each realisation with a finite achievement is labelled with
        it (``99,4 %``); a lower-is-better indicator carries the mark ``↓ makin rendah makin
        baik`` in its panel.

    Raises
    ------
    InvalidInputError
        If ``evaluation`` lacks the evaluation columns, no indicator is left to draw,
        ``path`` has an extension matplotlib cannot write, or ``language`` is not id/en.

    Notes
    -----
    Built on :class:`matplotlib.figure.Figure` directly (no pyplot state, any backend); needs
    the ``plot`` extra.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"number": [5, 5], "period": ["TW IV", "Tahunan"],
    ...                       "target": [2.23, 2.23], "realisation": [2.19, 2.19]})
    >>> figure = plot_targets(frame)
    >>> [line.get_ydata().tolist() for line in figure.axes[0].lines[:2]]
    [[2.23, 2.23], [2.19, 2.19]]
    """
    import numpy as np

    from .._checks import InvalidInputError

    try:
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - the plot extra is installed in tests
        raise ImportError("plots need matplotlib: pip install 'dppapp-indikator[plot]'") from exc

    if language not in _CHART_WORDS:
        raise InvalidInputError("language", "must be 'id' or 'en'", language)
    _check_evaluation(evaluation)
    if path is not None:
        supported = Figure().canvas.get_supported_filetypes()
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix not in supported:
            raise InvalidInputError(
                "path",
                "must end in an image or document extension matplotlib writes ("
                + ", ".join(f".{k}" for k in sorted(supported))
                + ")",
                str(path),
            )
    frame = _ordered(evaluation)
    frame = frame[frame["target"].notna() | frame["realisation"].notna()]
    chosen = sorted({int(n) for n in frame["number"]})
    if numbers is not None:
        chosen = [n for n in chosen if n in set(numbers)]
    if not chosen:
        raise InvalidInputError("evaluation", "has no indicator with a target to draw", numbers)
    ncols = max(1, min(ncols, len(chosen)))
    nrows = math.ceil(len(chosen) / ncols)
    figure = Figure(figsize=(4.2 * ncols, 3.0 * nrows), layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=False)
    for index, number in enumerate(chosen):
        ax = axes[index // ncols][index % ncols]
        _draw_panel(ax, frame[frame["number"] == number], number, language, np)
    for index in range(len(chosen), nrows * ncols):
        axes[index // ncols][index % ncols].remove()
    figure.axes[0].legend(fontsize=7)
    if path is not None:
        figure.savefig(Path(path), dpi=150)
    return figure


def _finite(values: Any, np: Any) -> Any:
    """Float values with the non-finite and the absurdly large (beyond 1e15) set to NaN."""
    array = np.asarray(values, dtype=np.float64).copy()
    with np.errstate(invalid="ignore"):
        array[~np.isfinite(array) | (np.abs(array) > 1e15)] = np.nan
    return array


def _draw_panel(ax: Any, rows: pd.DataFrame, number: int, language: str, np: Any) -> None:
    from .. import _i18n

    words = _CHART_WORDS[language]
    periods = [str(p) for p in rows["period"]]
    x = list(range(len(periods)))
    target = _finite(rows["target"].astype("float64").to_numpy(), np)
    realisation = _finite(rows["realisation"].astype("float64").to_numpy(), np)
    ax.plot(x, target, linestyle="none", marker="s", color="0.45", label="target")
    ax.plot(x, realisation, linestyle="none", marker="o", color="C0", label=words["realisation"])
    quarters = [i for i, p in enumerate(periods) if p in _QUARTERS]
    if len(quarters) > 1:  # join the quarters only: the year is a separate quantity
        ax.plot(quarters, target[quarters], linestyle="--", color="0.45", linewidth=1)
        ax.plot(quarters, realisation[quarters], linestyle="-", color="C0", linewidth=1)
    if "target_upper" in rows:
        upper = _finite(rows["target_upper"].astype("float64").to_numpy(), np)
        ranged = ~np.isnan(upper) & ~np.isnan(target)
        if ranged.any():  # range targets: one bar per period from target to target_upper
            ax.vlines(
                np.asarray(x)[ranged],
                target[ranged],
                upper[ranged],
                color="0.6",
                linewidth=4,
                alpha=0.5,
            )
    if "achievement" in rows:
        achievement = _finite(rows["achievement"].astype("float64").to_numpy(), np)
        for i, (value, y) in enumerate(zip(achievement, realisation, strict=True)):
            if not (np.isnan(value) or np.isnan(y)):
                ax.annotate(
                    f"{_i18n.number(float(value), 1, lang=language)} %",
                    (i, y),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=6,
                    color="C0",
                )
    if "polarity" in rows and str(rows["polarity"].iloc[0]) == "lower":
        ax.text(
            0.98,
            0.04,
            words["lower"],
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=6,
            color="0.3",
        )
    if "Tahunan" in periods and len(periods) > 1:
        ax.axvline(periods.index("Tahunan") - 0.5, color="0.8", linewidth=0.8)
    ax.set_xticks(x, periods)
    name = " ".join(str(rows["name"].iloc[0]).split()) if "name" in rows else ""
    ax.set_title(_panel_title(number, name), fontsize=8)
    if "unit" in rows:
        ax.set_ylabel(str(rows["unit"].iloc[0]), fontsize=7)
    ax.tick_params(labelsize=7)
    ax.margins(x=0.15, y=0.2)
