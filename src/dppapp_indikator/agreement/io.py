r"""Realisation files: Indonesian number notation, CSV/Excel reading, templates.

An analyst fills one realisation per indicator and period into a CSV or Excel file (start from
:func:`write_template`), and :func:`read_realisations` turns it into the frame that
:func:`~dppapp_indikator.agreement.evaluate` takes. The reader is strict and loud:

* numbers are read in Indonesian notation (:func:`parse_number`): a comma is the decimal mark,
  a dot separates thousands in groups of three digits, a trailing ``%`` is allowed, and a
  blank cell, ``N/A``, ``NA`` or ``-`` means "not reported" (NaN);
* every bad cell is collected and reported with its spreadsheet address (row counted from 1,
  the header being row 1; column name and letter) and value, in one
  :class:`RealisationFileError`;
* no row is dropped silently: rows with a blank realisation stay (as NaN), fully empty rows are
  listed in :attr:`ReadResult.warnings`, extra columns are listed in
  :attr:`ReadResult.ignored_columns` (and warned about unless the template wrote them).

Nothing here imports pandas or openpyxl at module level.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._checks import InvalidInputError, check_choice
from .._numbers import DECIMAL_MARKS, DecimalMark, format_number
from ..periods import PERIODS, normalize_period
from ._cells import _cell_value, _column_letter, escape_cell, parse_number

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from .model import Agreement, AgreementIndicator

__all__ = [
    "PERIODS",
    "REQUIRED_COLUMNS",
    "TEMPLATE_COLUMNS",
    "CellProblem",
    "DecimalMark",
    "ReadResult",
    "RealisationFileError",
    "UnreadableFileError",
    "format_number",
    "normalize_period",
    "parse_number",
    "read_realisations",
    "write_template",
]


#: Columns a realisation file must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("number", "period", "realisation")
#: Columns written by :func:`write_template`, in order.
TEMPLATE_COLUMNS: tuple[str, ...] = (
    "number",
    "period",
    "indicator",
    "unit",
    "target",
    "realisation",
)

# header spellings (lower case, blanks/underscores/dots removed) -> canonical column
_COLUMN_ALIASES: dict[str, str] = {
    "number": "number",
    "nomor": "number",
    "no": "number",
    "iku": "number",
    "period": "period",
    "periode": "period",
    "realisation": "realisation",
    "realization": "realisation",
    "realisasi": "realisation",
}
# informational columns the template writes: ignored without a warning (still listed)
_INFORMATIONAL = frozenset({"indicator", "indikator", "unit", "satuan", "target"})


class RealisationFileError(ValueError):
    """A realisation file's content is invalid.

    The message lists every problem found (not only the first one).

    Attributes
    ----------
    source : str
        The file (path) that was read.
    problems : tuple of CellProblem
        The bad cells, in file order (empty when the problem is not a cell, e.g. a missing
        column).
    """

    def __init__(self, source: str, message: str, problems: Sequence[CellProblem] = ()) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = [f"{source}: {message}"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_error, (type(self), self.args[0], self.source, self.problems))


class UnreadableFileError(RealisationFileError):
    """A file cannot be read as a table at all: missing, empty, corrupt or of another format."""


def _rebuild_error(
    kind: type[RealisationFileError], message: str, source: str, problems: tuple[CellProblem, ...]
) -> RealisationFileError:
    error = kind.__new__(kind)
    ValueError.__init__(error, message)
    error.source = source
    error.problems = problems
    return error


@dataclass(frozen=True)
class CellProblem:
    """One bad cell of a realisation file.

    Attributes
    ----------
    row : int
        Spreadsheet row, counted from 1; the header is row 1.
    column : str
        Column name as written in the header.
    letter : str
        Spreadsheet column letter (``"A"``, ``"B"`` ...).
    value : object
        The cell's content.
    message : str
        What is wrong.
    """

    row: int
    column: str
    letter: str
    value: object
    message: str

    @property
    def address(self) -> str:
        """The spreadsheet address, e.g. ``"C5"``."""
        return f"{self.letter}{self.row}"

    def __str__(self) -> str:
        return (
            f"cell {self.address} (row {self.row}, column {self.column!r}): {self.message}; "
            f"got {self.value!r}"
        )


@dataclass(frozen=True)
class ReadResult:
    """What :func:`read_realisations` returns.

    Attributes
    ----------
    frame : pandas.DataFrame
        Columns ``number`` (int), ``period`` (one of :data:`PERIODS`) and ``realisation``
        (float, NaN when not reported); the index, named ``row``, is the spreadsheet row of
        each record. One record per non-empty data row of the file, in file order.
    warnings : tuple of str
        Everything that was not an error but was not used as written: ignored columns, empty
        rows, realisations for a period without a target, template targets that differ from
        the agreement.
    ignored_columns : tuple of str
        Columns of the file kept out of the evaluation (template columns included).
    source : str
        The file that was read.
    """

    frame: pd.DataFrame
    warnings: tuple[str, ...] = field(default=())
    ignored_columns: tuple[str, ...] = field(default=())
    source: str = ""


# --------------------------------------------------------------------------- reading


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def _header_key(value: object) -> str:
    return re.sub(r"[\s._]+", "", str(value).lower()) if not _is_blank(value) else ""


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(
            str(path), f"cannot read the file: {exc.strerror or exc}"
        ) from exc
    if not raw.strip():
        raise UnreadableFileError(str(path), "the file is empty")
    if raw.startswith(b"PK\x03\x04"):
        raise UnreadableFileError(
            str(path), "this is an Excel workbook (zip), not a CSV file: name it .xlsx"
        )
    from .._text import TextDecodingError, decode_text

    try:
        return decode_text(raw, None, save_as="'CSV UTF-8'")
    except TextDecodingError as exc:
        raise UnreadableFileError(str(path), str(exc)) from exc


def _sniff_delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _TextRows(list[list[Any]]):
    """Rows of a text (CSV/TSV) file, with the separator: their widths are checked."""

    delimiter: str = ","


def _csv_rows(path: Path) -> list[list[Any]]:
    text = _read_text(path)
    delimiter = _sniff_delimiter(text)
    try:
        rows = _TextRows(
            list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        )
    except csv.Error as exc:
        raise UnreadableFileError(str(path), f"the file is not valid CSV: {exc}") from exc
    rows.delimiter = delimiter
    return rows


def _xlsx_rows(path: Path, sheet: str | None) -> list[list[Any]]:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - the excel extra is installed in tests
        raise ImportError(
            "reading .xlsx files needs openpyxl: pip install 'dppapp-indikator[excel]'"
        ) from exc
    if not path.is_file():
        raise UnreadableFileError(str(path), "cannot read the file: no such file")
    from .._workbook import UnsafeWorkbookError, check_workbook

    try:  # untrusted file: size and row limits, defusedxml, before parsing
        check_workbook(path)
    except UnsafeWorkbookError as exc:
        raise UnreadableFileError(exc.source, exc.reason) from exc
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on corrupt files
        raise UnreadableFileError(
            str(path), f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
        ) from exc
    try:
        names = workbook.sheetnames
        if sheet is not None and sheet not in names:
            raise UnreadableFileError(
                str(path), f"the workbook has no sheet {sheet!r} (sheets: {', '.join(names)})"
            )
        chosen = sheet or ("Realisasi" if "Realisasi" in names else names[0])
        try:
            rows = [[_cell_value(c) for c in row] for row in workbook[chosen].iter_rows()]
        except Exception as exc:
            raise UnreadableFileError(
                str(path), f"sheet {chosen!r} cannot be read ({type(exc).__name__}: {exc})"
            ) from exc
    finally:
        workbook.close()
    if any(v is None for row in rows for v in row):
        _mark_uncomputed_formulas(openpyxl, path, chosen, rows)
    return rows


@dataclass(frozen=True)
class _Formula:
    """A formula cell that has no computed value in the file (e.g. written by a script)."""

    text: str

    def __repr__(self) -> str:
        return repr(self.text)


def _mark_uncomputed_formulas(openpyxl: Any, path: Path, sheet: str, rows: list[list[Any]]) -> None:
    """Replace empty values whose cell holds a formula by :class:`_Formula` (never blank)."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for r, row in enumerate(workbook[sheet].iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if (
                    isinstance(value, str)
                    and value.startswith("=")
                    and r < len(rows)
                    and c < len(rows[r])
                    and rows[r][c] is None
                ):
                    rows[r][c] = _Formula(value)
    finally:
        workbook.close()


def _raw_rows(path: Path, sheet: str | None) -> list[list[Any]]:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return _csv_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, sheet)
    raise UnreadableFileError(
        str(path), f"unsupported file type {suffix or '(none)'!r}: use .csv, .tsv or .xlsx"
    )


def _width_problem(
    row: list[Any], row_number: int, header: list[Any], delimiter: str, names: list[str]
) -> CellProblem | None:
    """A text row with more or fewer fields than the header, as a bad cell (None if fine)."""
    width = len(header)
    named = max((i + 1 for i, v in enumerate(header) if not _is_blank(v)), default=0)
    extra = row[width:]
    if named <= len(row) <= width or (len(row) > width and all(_is_blank(v) for v in extra)):
        return None  # trailing separators only
    shown = {"\t": "tab", ";": "semicolon", ",": "comma"}[delimiter]
    if len(row) > width:
        message = (
            f"the row has {len(row)} fields but the header has {width}: extra value(s) "
            f"{', '.join(repr(v) for v in extra)}"
        )
        if delimiter == "," and any(isinstance(v, str) and v.strip().isdigit() for v in extra):
            message += (
                "; the separator is a comma, so a decimal comma splits a number in two "
                "('63,46' becomes '63' and '46'): put such numbers in quotes (\"63,46\"), "
                "separate the columns with ';', or write 63.46 with --decimal-mark ."
            )
        return CellProblem(row_number, "(extra)", _column_letter(width), extra, message)
    missing = [n or _column_letter(i) for i, n in enumerate(names[len(row) : named], len(row))]
    return CellProblem(
        row_number,
        "(missing)",
        _column_letter(len(row)),
        row,
        f"the row has {len(row)} fields but the header has {named} ({shown}-separated): "
        f"{', '.join(repr(m) for m in missing)} missing; give every field (an empty field "
        "for a value not reported)",
    )


def _parse_number_cell(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        return int(value)
    raise ValueError


def _target_of(indicator: AgreementIndicator, period: str) -> tuple[float, float] | None:
    """(lower, upper) of the target of ``period`` (equal for a point target); None for N/A."""
    target = indicator.targets.for_period(period)  # type: ignore[arg-type]
    if target is None:
        return None
    low, high = indicator.targets.bounds(period)  # type: ignore[arg-type]
    return float(low), float(high)


def _format_target(target: tuple[float, float]) -> str:
    low, high = target
    return format_number(low) if low == high else f"{format_number(low)} - {format_number(high)}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _short_list(items: Sequence[int], limit: int = 12) -> str:
    shown = ", ".join(str(i) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def read_realisations(
    path: str | Path,
    *,
    agreement: Agreement | None = None,
    decimal_mark: DecimalMark = ",",
    sheet: str | None = None,
) -> ReadResult:
    r"""Read a realisation file (CSV or Excel) into the frame :func:`evaluate` takes.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` or ``.tsv`` file (UTF-8, with or without BOM; comma-, semicolon- or
        tab-separated: the separator is the one the header line uses most; every row has as
        many fields as the header) or an ``.xlsx``/``.xlsm`` workbook (the sheet named
        ``Realisasi`` if there is one, else the first sheet; needs the ``excel`` extra). Row 1
        holds the column names.
    agreement : Agreement, optional
        When given, indicator numbers not in the agreement and realisations outside the
        indicator's ``valid_range`` are errors; a realisation for a period the agreement has
        no target for (N/A) and a ``target`` column that differs from the agreement's target
        are reported in ``warnings``.
    decimal_mark : {",", "."}
        Decimal mark of numbers written as text (see :func:`parse_number`). Excel number cells
        are taken as they are; one with a percent number format is read as the percent it
        shows (0.71 shown as 71% is 71).
    sheet : str, optional
        The worksheet to read (Excel only).

    Returns
    -------
    ReadResult
        ``frame`` with columns ``number``, ``period``, ``realisation`` (index: the
        spreadsheet row), plus ``warnings`` and ``ignored_columns``.

    Raises
    ------
    UnreadableFileError
        If the file is missing, empty, not UTF-8 text, a corrupt workbook or of another type
        (a subclass of :class:`RealisationFileError`).
    RealisationFileError
        If required columns are missing (named), a column appears twice, the file has no data
        row, or any cell is bad: a ``number`` that is not a whole number of the agreement, an
        unknown ``period``, a ``realisation`` that is not a number or is outside the
        indicator's range (with a hint when the other decimal mark fits), a repeated (number,
        period) pair, a text row with more or fewer fields than the header (saying so when a
        decimal comma split a number in a comma-separated file). Every bad cell is listed
        with its address, column and value.

    Notes
    -----
    Required columns (any case; Indonesian headers accepted): ``number`` (``nomor``, ``no``,
    ``iku``), ``period`` (``periode``), ``realisation`` (``realisasi``, ``realization``).
    Periods: ``TW I`` ... ``TW IV`` and ``Tahunan`` (see :func:`normalize_period` for the
    accepted spellings). Each row gives

    $$
    (\text{number}, \text{period}) \mapsto \text{realisation}
    $$

    with at most one row per pair. A row whose realisation is blank or N/A stays in the frame
    with NaN; a row with every cell empty is skipped and listed in ``warnings``; columns other
    than the three required ones are kept out of the frame and listed in ``ignored_columns``
    (with a warning unless they are the template's ``indicator``, ``unit`` and ``target``).
    Excel formulas are read as their last computed value; a formula the file holds no computed
    value for (a workbook written by a script and never opened in Excel) is a bad cell.

    References
    ----------
    1. Kementerian PANRB, *Peraturan Menteri PANRB Nomor 8 Tahun 2021 tentang Sistem
       Manajemen Kinerja Aparatur Sipil Negara*, 2021.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, 2024.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "r.csv").write_text(
    ...     "number;period;realisation\n1;Tahunan;63,1\n5;TW IV;2,19\n7;Tahunan;N/A\n")
    >>> result = read_realisations(folder / "r.csv")
    >>> result.frame
         number   period  realisation
    row
    2         1  Tahunan        63.10
    3         5    TW IV         2.19
    4         7  Tahunan          NaN
    >>> _ = (folder / "bad.csv").write_text("number,period,realisation\n1,TW 5,abc\n")
    >>> read_realisations(folder / "bad.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dppapp_indikator.agreement.io.RealisationFileError: ...bad.csv: 2 bad cells
      - cell B2 (row 2, column 'period'): must be one of ...; got 'TW 5'
      - cell C2 (row 2, column 'realisation'): must be a number ...; got 'abc'
    """
    import pandas as pd

    check_choice("decimal_mark", decimal_mark, DECIMAL_MARKS)
    path = Path(path)
    source = str(path)
    rows = _raw_rows(path, sheet)
    if not rows:
        raise UnreadableFileError(source, "the file has no rows")
    header = rows[0]
    if all(_is_blank(v) for v in header):
        raise RealisationFileError(source, "row 1 must hold the column names; it is empty")
    width = max(len(row) for row in rows)
    names = [("" if _is_blank(v) else str(v).strip()) for v in header] + [""] * (
        width - len(header)
    )

    positions: dict[str, int] = {}
    ignored: list[str] = []
    warnings: list[str] = []
    target_position: int | None = None
    for index, name in enumerate(names):
        key = _header_key(name)
        canonical = _COLUMN_ALIASES.get(key)
        if canonical is not None:
            if canonical in positions:
                first = names[positions[canonical]]
                raise RealisationFileError(
                    source,
                    f"column {canonical!r} appears twice: {first!r} "
                    f"({_column_letter(positions[canonical])}1) and {name!r} "
                    f"({_column_letter(index)}1)",
                )
            positions[canonical] = index
            continue
        has_data = any(len(row) > index and not _is_blank(row[index]) for row in rows[1:])
        if not name and not has_data:
            continue  # an unnamed, empty column (trailing separators): nothing to report
        label = name or f"(unnamed column {_column_letter(index)})"
        ignored.append(label)
        if key == "target":
            target_position = index
        if key not in _INFORMATIONAL:
            warnings.append(
                f"column {label!r} ({_column_letter(index)}) is not used by the evaluation "
                "and was ignored"
            )
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        found = ", ".join(repr(n) for n in names if n) or "none"
        raise RealisationFileError(
            source,
            f"missing required column(s): {', '.join(repr(c) for c in missing)} "
            f"(found: {found}); the first row must name the columns "
            f"{', '.join(REQUIRED_COLUMNS)}",
        )

    by_number = {i.number: i for i in agreement.indicators} if agreement is not None else None
    problems: list[CellProblem] = []
    records: list[tuple[int, int, str, float]] = []
    empty_rows: list[int] = []
    seen: dict[tuple[int, str], int] = {}

    def cell(row: list[Any], column: str) -> Any:
        index = positions[column]
        return row[index] if index < len(row) else None

    def problem(row_number: int, column: str, value: Any, message: str) -> None:
        index = positions[column]
        problems.append(
            CellProblem(row_number, names[index], _column_letter(index), value, message)
        )

    for offset, row in enumerate(rows[1:]):
        row_number = offset + 2
        if all(_is_blank(v) for v in row):
            empty_rows.append(row_number)
            continue
        before = len(problems)
        if isinstance(rows, _TextRows):
            width_problem = _width_problem(row, row_number, header, rows.delimiter, names)
            if width_problem is not None:
                problems.append(width_problem)
                continue
        raw_number, raw_period, raw_value = (cell(row, c) for c in REQUIRED_COLUMNS)
        for column, raw in zip(REQUIRED_COLUMNS, (raw_number, raw_period, raw_value), strict=True):
            if isinstance(raw, _Formula):
                problem(
                    row_number,
                    column,
                    raw,
                    "is a formula without a computed value in the file: open and save the "
                    "file in Excel, or type the value",
                )
        if len(problems) > before:
            continue
        number: int | None = None
        try:
            if _is_blank(raw_number):
                raise ValueError
            number = _parse_number_cell(raw_number)
            if number < 1:
                raise ValueError
        except ValueError:
            number = None
            problem(
                row_number,
                "number",
                raw_number,
                "must be the indicator's row number in the agreement (a whole number from 1)",
            )
        if number is not None and by_number is not None and number not in by_number:
            problem(
                row_number,
                "number",
                raw_number,
                f"is not an indicator of the agreement (1-{max(by_number)})",
            )
            number = None
        period: str | None = None
        try:
            period = normalize_period(raw_period)
        except InvalidInputError as exc:
            problem(row_number, "period", raw_period, exc.constraint)
        value: float | None = None
        try:
            value = parse_number(raw_value, decimal_mark=decimal_mark)
        except InvalidInputError as exc:
            problem(row_number, "realisation", raw_value, exc.constraint)
        if value is not None and number is not None and by_number is not None:
            typed = raw_value if isinstance(raw_value, str) else None
            out_of_range = by_number[number].range_problem(value, typed)
            if out_of_range is not None:
                problem(row_number, "realisation", raw_value, out_of_range)
                value = None
        if number is not None and period is not None:
            if (number, period) in seen:
                problem(
                    row_number,
                    "number",
                    raw_number,
                    f"duplicate: IKU {number}, {period} is already given in row "
                    f"{seen[(number, period)]}",
                )
            else:
                seen[(number, period)] = row_number
            if by_number is not None and len(problems) == before:
                target = _target_of(by_number[number], period)
                if target is None and value is not None:
                    warnings.append(
                        f"row {row_number}: IKU {number} has no target for {period} (N/A); "
                        "its realisation is kept but has nothing to be compared with"
                    )
                if target_position is not None and target_position < len(row):
                    _check_target(
                        row[target_position],
                        target,
                        row_number,
                        number,
                        period,
                        decimal_mark,
                        names[target_position],
                        warnings,
                    )
        if len(problems) == before and number is not None and period is not None:
            records.append((row_number, number, period, math.nan if value is None else value))

    if problems:
        raise RealisationFileError(source, f"{_plural(len(problems), 'bad cell')}", problems)
    if not records:
        raise RealisationFileError(
            source,
            "the file has no data rows: below the header, give one row per indicator and "
            "period (start from `dppapp-indikator template`)",
        )
    if empty_rows:
        warnings.append(
            f"{_plural(len(empty_rows), 'empty row')} skipped "
            f"({'row' if len(empty_rows) == 1 else 'rows'} {_short_list(empty_rows)})"
        )
    frame = pd.DataFrame(
        {
            "number": pd.Series([r[1] for r in records], dtype="int64"),
            "period": pd.Series([r[2] for r in records], dtype=object),
            "realisation": pd.Series([r[3] for r in records], dtype="float64"),
        }
    )
    frame.index = pd.Index([r[0] for r in records], dtype="int64", name="row")
    return ReadResult(
        frame=frame, warnings=tuple(warnings), ignored_columns=tuple(ignored), source=source
    )


def _check_target(
    raw: Any,
    target: tuple[float, float] | None,
    row_number: int,
    number: int,
    period: str,
    decimal_mark: DecimalMark,
    column: str,
    warnings: list[str],
) -> None:
    if target is None or _is_blank(raw):
        return
    try:
        if isinstance(raw, str) and target[0] != target[1]:
            low, _, high = raw.rpartition(" - ")
            written = (
                parse_number(low, decimal_mark=decimal_mark),
                parse_number(high, decimal_mark=decimal_mark),
            )
        else:
            value = parse_number(raw, decimal_mark=decimal_mark)
            written = (value, value)
    except InvalidInputError:
        written = (None, None)
    same = all(
        w is not None and math.isclose(w, t, rel_tol=1e-9, abs_tol=1e-12)
        for w, t in zip(written, target, strict=True)
    )
    if not same:
        warnings.append(
            f"row {row_number}: the {column!r} cell for IKU {number}, {period} says {raw!r} "
            f"but the agreement's target is {_format_target(target)}; the agreement's target "
            "is used"
        )


# --------------------------------------------------------------------------- templates


def template_rows(
    agreement: Agreement,
) -> Iterator[tuple[int, str, str, str, tuple[float, float]]]:
    """(number, period, indicator name, unit, (lower, upper) target) per period with a target."""
    for indicator in sorted(agreement.indicators, key=lambda i: i.number):
        for period in PERIODS:
            target = _target_of(indicator, period)
            if target is not None:
                yield indicator.number, period, indicator.name, indicator.unit, target


def write_template(path: str | Path, agreement: Agreement | None = None) -> Path:
    """Write an empty realisation file to fill in: one row per indicator and period.

    Parameters
    ----------
    path : str or Path
        ``.csv`` (semicolon-separated, decimal comma, UTF-8 with BOM, so that Excel in an
        Indonesian locale opens it in columns) or ``.xlsx`` (sheet ``Realisasi`` plus a
        ``Petunjuk`` sheet of instructions; needs the ``excel`` extra).
    agreement : Agreement, optional
        The agreement whose targets are listed; the embedded PK 2024 by default.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    UnreadableFileError
        If the extension is neither ``.csv`` nor ``.xlsx``, or the file cannot be written.

    Notes
    -----
    Columns: ``number``, ``period``, ``indicator``, ``unit``, ``target``, ``realisation``
    (empty). Only periods for which the agreement has a target are listed (N/A periods are
    left out). :func:`read_realisations` reads the file back; the informational columns are
    ignored (the targets always come from the agreement).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "realisasi.csv")
    >>> path.read_text("utf-8-sig").splitlines()[1]
    '1;TW IV;Indeks Pembangunan Keluarga (iBangga);Indeks;63,46;'
    """
    if agreement is None:
        from .model import _load_agreement_data

        agreement = _load_agreement_data()
    path = Path(path)
    suffix = path.suffix.lower()
    rows = list(template_rows(agreement))
    try:
        if suffix == ".csv":
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=";", lineterminator="\n")
                writer.writerow(TEMPLATE_COLUMNS)
                for number, period, name, unit, target in rows:
                    writer.writerow(
                        [
                            number,
                            period,
                            escape_cell(name),
                            escape_cell(unit),
                            _format_target(target),
                            "",
                        ]
                    )
        elif suffix == ".xlsx":
            _write_template_xlsx(path, rows)
        else:
            raise UnreadableFileError(
                str(path), f"unsupported template type {suffix or '(none)'!r}: use .csv or .xlsx"
            )
    except OSError as exc:
        raise UnreadableFileError(
            str(path), f"cannot write the file: {exc.strerror or exc}"
        ) from exc
    return path


_INSTRUCTIONS = (
    "Isi kolom 'realisation' (realisasi) untuk setiap indikator dan periode.",
    "Fill in the 'realisation' column for each indicator and period.",
    "Angka: koma sebagai desimal (63,46), titik sebagai pemisah ribuan (1.234), % boleh (71%).",
    "Numbers: decimal comma (63,46), thousands dots (1.234), a % sign is allowed (71%).",
    "Kosong, N/A, NA atau '-' berarti belum/tidak dilaporkan (not reported).",
    "Kolom indicator, unit dan target hanya informasi: target diambil dari perjanjian kinerja.",
    "Triwulan: bagian triwulan itu sendiri untuk indikator yang dijumlah (PK 2024: IKU 4, 16, "
    "21), nilai s.d. triwulan untuk lainnya; semua nilai s.d. triwulan: --entries to-date.",
    "Quarters: each quarter's own part for summed indicators (PK 2024: IKU 4, 16, 21), the "
    "value to date for the others; all values to date: --entries to-date.",
    "Jalankan / run: dppapp-indikator evaluate <file>.xlsx --output laporan.xlsx",
)


def _write_template_xlsx(
    path: Path, rows: list[tuple[int, str, str, str, tuple[float, float]]]
) -> None:
    try:
        import openpyxl
        from openpyxl.styles import Font
    except ImportError as exc:  # pragma: no cover - the excel extra is installed in tests
        raise ImportError(
            "writing .xlsx files needs openpyxl: pip install 'dppapp-indikator[excel]'"
        ) from exc
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Realisasi"
    sheet.append(list(TEMPLATE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, period, name, unit, target in rows:
        low, high = target
        written: float | str = low if low == high else _format_target(target)
        sheet.append([number, period, escape_cell(name), escape_cell(unit), written, None])
    for letter, width in zip("ABCDEF", (8, 10, 70, 22, 12, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("Petunjuk")
    for line in _INSTRUCTIONS:
        notes.append([escape_cell(line)])
    notes.column_dimensions["A"].width = 100
    workbook.save(path)
