"""The agreement as an Excel workbook (agreement sheet): write it, fill it, read it back.

:func:`write_agreement_sheet` writes an :class:`~dppapp_indikator.agreement.model.Agreement`
(by default the embedded PK 2024) to a workbook that agency staff edit for another year's
agreement (new targets, indicators, ranges); :func:`read_agreement_sheet` reads it back into
the same validated schema, naming the sheet, row and column of every bad cell. The sheets:

``Perjanjian``
    Two columns, ``field`` and ``value``: ``title``, ``organisation``, ``year``, ``source``.
``Indikator``
    One row per indicator: number, texts, unit, polarity, the targets ``tw1`` ... ``tw4`` and
    ``annual`` (a number, ``N/A``, or a range ``lower - upper``), ``aggregation``,
    ``quarter_kind``, the valid range (``valid_lower`` ... ``valid_inferred``), the annual rule
    of a constant-target indicator, ``registry_code``.
``Rencana Aksi``
    The action plan, one row per target/output (T/O) with its action (RA) and criterion (KK).
``Perbaikan``
    The transcription fixes applied to the source document.
``Petunjuk``
    Instructions (not read back).

openpyxl (the ``excel`` extra) is imported on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._data import DataFileError

if TYPE_CHECKING:  # pragma: no cover
    from .model import Agreement

__all__ = [
    "AGREEMENT_SHEETS",
    "INDICATOR_COLUMNS",
    "AgreementSheetError",
    "SheetProblem",
    "read_agreement_sheet",
    "write_agreement_sheet",
]

#: Sheets of an agreement workbook, in order.
AGREEMENT_SHEETS: tuple[str, ...] = (
    "Perjanjian",
    "Indikator",
    "Rencana Aksi",
    "Perbaikan",
    "Petunjuk",
)
_HEADER_FIELDS = ("title", "organisation", "year", "source")
_TARGETS = ("tw1", "tw2", "tw3", "tw4", "annual")
#: Columns of the ``Indikator`` sheet, in order.
INDICATOR_COLUMNS: tuple[str, ...] = (
    "number",
    "strategic_goal",
    "name",
    "data_source",
    "unit",
    "polarity",
    *_TARGETS,
    "aggregation",
    "aggregation_basis",
    "quarter_kind",
    "valid_lower",
    "valid_upper",
    "valid_lower_inclusive",
    "valid_upper_inclusive",
    "valid_basis",
    "valid_inferred",
    "annual_rule",
    "annual_rule_basis",
    "annual_rule_inferred",
    "registry_code",
    "seed_line",
    "action_plan_target",
)
_PLAN_COLUMNS = (
    "number",
    "ra_code",
    "ra_text",
    "ra_note",
    "kk_code",
    "kk_text",
    "to_code",
    "to_text",
    "quarters",
    "schedule",
)
_FIX_COLUMNS = ("number", "field", "seed", "used", "reason", "seed_line")
_INSTRUCTIONS = (
    "Lembar ini memuat perjanjian kinerja (PK): ubah target, indikator dan aturan tahun lain.",
    "This workbook holds a performance agreement: edit targets, indicators, rules for a year.",
    "Target: angka (koma desimal boleh: 63,46), 'N/A' (tanpa target), atau rentang '60 - 80'.",
    "aggregation: sum (triwulan dijumlah) | last (nilai s.d. triwulan) | constant (sama).",
    "quarter_kind: per_quarter (untuk sum) | to_date (untuk last/constant).",
    "valid_lower / valid_upper: rentang nilai realisasi yang masuk akal (kosong = tanpa batas).",
    "annual_rule (hanya untuk constant): last | mean; annual_rule_inferred: ya jika tanpa sumber.",
    "Jalankan / run: dppapp-indikator evaluate realisasi.xlsx --agreement <file ini>.xlsx",
)
_TRUE = frozenset({"true", "ya", "yes", "1", "benar"})
_FALSE = frozenset({"false", "tidak", "no", "0", "salah"})


@dataclass(frozen=True)
class SheetProblem:
    """One bad cell of an agreement workbook: sheet, row (from 1), column name and letter."""

    sheet: str
    row: int
    column: str
    letter: str
    value: object
    message: str

    def __str__(self) -> str:
        where = f"sheet {self.sheet!r}, row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
            if self.letter:
                where += f" ({self.letter}{self.row})"
        return f"{where}: {self.message}; got {self.value!r}"


class AgreementSheetError(DataFileError):
    """An agreement workbook is invalid; the message lists every bad cell."""

    def __init__(self, source: str, message: str, problems: Sequence[SheetProblem] = ()) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = [f"{source}: {message}", *(f"  - {p}" for p in self.problems)]
        super().__init__("\n".join(lines))


def _letter(index: int) -> str:
    from ._cells import _column_letter

    return _column_letter(index)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --------------------------------------------------------------------------- writing


def _target_cell(target: Any) -> float | str:
    from .._numbers import format_number
    from .model import TargetRange

    if target is None:
        return "N/A"
    if isinstance(target, TargetRange):
        return f"{format_number(target.lower)} - {format_number(target.upper)}"
    return float(target)


def _indicator_rows(agreement: Agreement) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for item in agreement.indicators:
        valid = item.valid_range
        rule = item.annual_rule
        targets = item.targets
        rows.append(
            [
                item.number,
                item.strategic_goal,
                item.name,
                item.data_source,
                item.unit,
                item.polarity,
                *(_target_cell(getattr(targets, t)) for t in _TARGETS),
                item.aggregation,
                item.aggregation_basis,
                item.quarter_kind,
                None if valid is None else valid.lower,
                None if valid is None else valid.upper,
                None if valid is None else valid.lower_inclusive,
                None if valid is None else valid.upper_inclusive,
                None if valid is None else valid.basis,
                None if valid is None else valid.inferred,
                None if rule is None else rule.rule,
                None if rule is None else rule.basis,
                None if rule is None else rule.inferred,
                item.registry_code,
                item.seed_line,
                item.action_plan_target,
            ]
        )
    return rows


def _plan_rows(agreement: Agreement) -> list[list[Any]]:
    return [
        [
            item.number,
            action.code,
            action.text,
            action.note,
            criterion.code,
            criterion.text,
            output.code,
            output.text,
            ", ".join(output.quarters),
            output.schedule,
        ]
        for item in agreement.indicators
        for action, criterion, output in item.plan_outputs()
    ]


def _fix_rows(agreement: Agreement) -> list[list[Any]]:
    return [
        [fix.number, fix.field, fix.seed, fix.used, fix.reason, fix.seed_line]
        for fix in agreement.fixes
    ]


def write_agreement_sheet(path: str | Path, agreement: Agreement | None = None) -> Path:
    """Write an agreement to an Excel workbook that :func:`read_agreement_sheet` reads back.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write (needs the ``excel`` extra).
    agreement : Agreement, optional
        The agreement to write; the embedded PK 2024 by default (a starting point for
        another year's agreement).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    AgreementSheetError
        If ``path`` does not end in ``.xlsx`` or cannot be written.

    Notes
    -----
    Text cells are stored as text (never as formulas), so every value reads back as written;
    numbers are stored as numbers. Sheets: :data:`AGREEMENT_SHEETS`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from dppapp_indikator.agreement import load_agreement
    >>> path = write_agreement_sheet(pathlib.Path(tempfile.mkdtemp()) / "pk.xlsx")
    >>> read_agreement_sheet(path) == load_agreement()
    True
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise AgreementSheetError(str(path), "an agreement workbook must end in .xlsx")
    try:
        import openpyxl
        from openpyxl.styles import Font
    except ImportError as exc:  # pragma: no cover - the excel extra is installed in tests
        raise ImportError(
            "writing .xlsx files needs openpyxl: pip install 'dppapp-indikator[excel]'"
        ) from exc
    if agreement is None:
        from .model import _load_agreement_data

        agreement = _load_agreement_data()
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    header_rows = [[name, getattr(agreement, name)] for name in _HEADER_FIELDS]
    content: dict[str, tuple[Sequence[str], list[list[Any]]]] = {
        "Perjanjian": (("field", "value"), header_rows),
        "Indikator": (INDICATOR_COLUMNS, _indicator_rows(agreement)),
        "Rencana Aksi": (_PLAN_COLUMNS, _plan_rows(agreement)),
        "Perbaikan": (_FIX_COLUMNS, _fix_rows(agreement)),
        "Petunjuk": (("petunjuk / instructions",), [[line] for line in _INSTRUCTIONS]),
    }
    for title, (columns, rows) in content.items():
        sheet = workbook.create_sheet(title)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in rows:
            sheet.append(values)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text, even "=..." or "-"
        sheet.freeze_panes = "A2"
    try:
        workbook.save(path)
    except OSError as exc:
        raise AgreementSheetError(
            str(path), f"cannot write the file: {exc.strerror or exc}"
        ) from exc
    return path


# --------------------------------------------------------------------------- reading


class _Problems:
    def __init__(self) -> None:
        self.items: list[SheetProblem] = []

    def add(self, sheet: str, row: int, column: str, index: int, value: Any, message: str) -> None:
        letter = _letter(index) if index >= 0 else ""
        self.items.append(SheetProblem(sheet, row, column, letter, value, message))


def _number(value: Any) -> float | None:
    from ._cells import parse_number

    return parse_number(value)


def _target(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.upper() in ("N/A", "NA", "-"):
            return None
        low, sep, high = text.rpartition(" - ")
        if sep:
            return [_number(low), _number(high)]
        return _number(text)
    return _number(value)


def _flag(value: Any, default: bool) -> bool:
    if _blank(value):
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError("must be ya/tidak (true/false)")


def _text(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def _whole(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def _sheet_rows(
    workbook: Any, name: str, columns: Sequence[str], problems: _Problems, required: bool
) -> tuple[list[tuple[int, dict[str, Any]]], dict[str, int]]:
    """(row number, {column: value}) of a sheet's non-empty rows, and column positions."""
    from ._cells import _cell_value

    if name not in workbook.sheetnames:
        if required:
            problems.add(name, 1, "", -1, None, f"the workbook has no sheet {name!r}")
        return [], {}
    rows = [[_cell_value(c) for c in row] for row in workbook[name].iter_rows()]
    if not rows:
        if required:
            problems.add(name, 1, "", -1, None, "the sheet is empty")
        return [], {}
    header = [str(v).strip() if not _blank(v) else "" for v in rows[0]]
    positions = {h: i for i, h in enumerate(header) if h}
    missing = [c for c in columns if c not in positions]
    for column in missing:
        problems.add(name, 1, column, -1, header, "missing column (row 1 names the columns)")
    if missing:
        return [], positions
    out: list[tuple[int, dict[str, Any]]] = []
    for number, row in enumerate(rows[1:], start=2):
        if all(_blank(v) for v in row):
            continue
        out.append(
            (number, {c: row[positions[c]] if positions[c] < len(row) else None for c in columns})
        )
    return out, positions


_LOC_COLUMN = {
    ("valid_range", "lower"): "valid_lower",
    ("valid_range", "upper"): "valid_upper",
    ("valid_range", "lower_inclusive"): "valid_lower_inclusive",
    ("valid_range", "upper_inclusive"): "valid_upper_inclusive",
    ("valid_range", "basis"): "valid_basis",
    ("valid_range", "inferred"): "valid_inferred",
    ("annual_rule", "rule"): "annual_rule",
    ("annual_rule", "basis"): "annual_rule_basis",
    ("annual_rule", "inferred"): "annual_rule_inferred",
}


def _column_of(loc: tuple[Any, ...]) -> str:
    if not loc:
        return ""
    if loc[0] == "targets" and len(loc) > 1:
        return str(loc[1])
    if len(loc) > 1 and (loc[0], loc[1]) in _LOC_COLUMN:
        return _LOC_COLUMN[(loc[0], loc[1])]
    if loc[0] in ("valid_range", "annual_rule"):
        return "valid_lower" if loc[0] == "valid_range" else "annual_rule"
    return str(loc[0])


def read_agreement_sheet(path: str | Path) -> Agreement:
    """Read an agreement workbook written by :func:`write_agreement_sheet` (and edited).

    Parameters
    ----------
    path : str or Path
        An ``.xlsx`` workbook with the sheets ``Perjanjian``, ``Indikator`` and, optionally,
        ``Rencana Aksi`` and ``Perbaikan``.

    Returns
    -------
    Agreement
        The validated agreement.

    Raises
    ------
    AgreementSheetError
        If the file is not a readable workbook, a sheet or column is missing, or any cell is
        invalid; every problem is listed with its sheet, row and column (and cell address).

    Notes
    -----
    Numbers may be number cells or text in Indonesian notation (``63,46``); a number cell
    with a percent format is read as percent (0.71 shown as 71% is 71). A target is a number,
    ``N/A`` (or blank for a quarter) or a range ``lower - upper``. ``ya``/``tidak`` (or
    true/false) for the yes/no columns; a blank ``valid_*_inclusive`` means yes, a blank
    ``*_inferred`` means no. A blank ``valid_lower`` and ``valid_upper`` with a blank
    ``valid_basis`` means no declared range.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = write_agreement_sheet(pathlib.Path(tempfile.mkdtemp()) / "pk.xlsx")
    >>> read_agreement_sheet(path).indicator(4).targets.annual
    71.0
    """
    from pydantic import ValidationError

    from .model import Agreement, AgreementIndicator

    path = Path(path)
    source = str(path)
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - the excel extra is installed in tests
        raise ImportError(
            "reading .xlsx files needs openpyxl: pip install 'dppapp-indikator[excel]'"
        ) from exc
    if not path.is_file():
        raise AgreementSheetError(source, "cannot read the file: no such file")
    from .._workbook import UnsafeWorkbookError, check_workbook

    try:  # untrusted file: size and row limits, defusedxml, before parsing
        check_workbook(path)
    except UnsafeWorkbookError as exc:
        raise AgreementSheetError(source, exc.reason) from exc
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on corrupt files
        raise AgreementSheetError(
            source, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
        ) from exc
    problems = _Problems()
    try:
        header, _ = _sheet_rows(workbook, "Perjanjian", ("field", "value"), problems, True)
        indicators, positions = _sheet_rows(
            workbook, "Indikator", INDICATOR_COLUMNS, problems, True
        )
        plan, plan_positions = _sheet_rows(workbook, "Rencana Aksi", _PLAN_COLUMNS, problems, False)
        fixes, fix_positions = _sheet_rows(workbook, "Perbaikan", _FIX_COLUMNS, problems, False)
    finally:
        workbook.close()

    meta: dict[str, Any] = {}
    for number, row in header:
        field = str(row["field"]).strip() if not _blank(row["field"]) else ""
        if field not in _HEADER_FIELDS:
            problems.add(
                "Perjanjian", number, "field", 0, row["field"], f"must be one of {_HEADER_FIELDS}"
            )
            continue
        meta[field] = _whole(row["value"]) if field == "year" else _text(row["value"])

    plans = _read_plan(plan, plan_positions, problems)
    built: list[AgreementIndicator] = []
    for number, row in indicators:
        raw = _indicator_raw(number, row, positions, problems)
        if raw is None:
            continue
        raw["action_plan"] = plans.get(raw.get("number"), [])
        try:
            built.append(AgreementIndicator.model_validate(raw))
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                if loc[:1] == ("action_plan",):
                    field = str(loc[-1]) if loc else ""
                    rows_of = [n for n, r in plan if _whole(r["number"]) == raw.get("number")]
                    problems.add(
                        "Rencana Aksi",
                        rows_of[0] if rows_of else 1,
                        "",
                        -1,
                        error.get("input"),
                        f"IKU {raw.get('number')}: {field}: {error['msg']} (in the rows of this "
                        "indicator)",
                    )
                    continue
                column = _column_of(loc)
                index = positions.get(column, -1)
                value = row.get(column, error.get("input"))
                problems.add("Indikator", number, column, index, value, error["msg"])
    fix_list: list[dict[str, Any]] = []
    for _, row in fixes:
        fix_list.append(
            {
                "number": _whole(row["number"]),
                "field": _text(row["field"]),
                "seed": _text(row["seed"]) or "",
                "used": _text(row["used"]) or "",
                "reason": _text(row["reason"]),
                "seed_line": _whole(row["seed_line"]),
            }
        )
    if problems.items:
        raise AgreementSheetError(source, f"{len(problems.items)} problem(s)", problems.items)
    try:
        return Agreement.model_validate({**meta, "indicators": built, "fixes": fix_list})
    except ValidationError as exc:
        meta_rows = {str(row["field"]).strip(): number for number, row in header}
        for error in exc.errors():
            loc = tuple(error["loc"])
            head = str(loc[0]) if loc else ""
            if head == "fixes" and len(loc) > 1 and isinstance(loc[1], int):
                row_number = fixes[loc[1]][0] if loc[1] < len(fixes) else 1
                column = str(loc[2]) if len(loc) > 2 else ""
                index = fix_positions.get(column, -1)
                problems.add(
                    "Perbaikan", row_number, column, index, error.get("input"), error["msg"]
                )
            elif head in ("indicators", "fixes"):
                sheet = "Indikator" if head == "indicators" else "Perbaikan"
                problems.add(sheet, 1, "number", 0, error.get("input"), error["msg"])
            else:
                row_number = meta_rows.get(head, 1)
                problems.add("Perjanjian", row_number, "value", 1, error.get("input"), error["msg"])
        raise AgreementSheetError(
            source, f"{len(problems.items)} problem(s)", problems.items
        ) from exc


def _indicator_raw(
    number: int, row: dict[str, Any], positions: dict[str, int], problems: _Problems
) -> dict[str, Any] | None:
    before = len(problems.items)

    def read(column: str, convert: Any, *args: Any) -> Any:
        try:
            return convert(row[column], *args)
        except ValueError as exc:
            message = getattr(exc, "constraint", None) or str(exc)
            problems.add("Indikator", number, column, positions[column], row[column], message)
            return None

    targets = {t: read(t, _target) for t in _TARGETS}
    raw: dict[str, Any] = {
        "number": _whole(row["number"]),
        "strategic_goal": _text(row["strategic_goal"]),
        "name": _text(row["name"]),
        "data_source": _text(row["data_source"]),
        "unit": _text(row["unit"]),
        "polarity": _text(row["polarity"]),
        "targets": targets,
        "aggregation": _text(row["aggregation"]),
        "aggregation_basis": _text(row["aggregation_basis"]),
        "quarter_kind": _text(row["quarter_kind"]),
        "registry_code": _text(row["registry_code"]),
        "seed_line": _whole(row["seed_line"]),
        "action_plan_target": _text(row["action_plan_target"]),
    }
    lower = read("valid_lower", _number)
    upper = read("valid_upper", _number)
    basis = _text(row["valid_basis"])
    if lower is not None or upper is not None or basis is not None:
        raw["valid_range"] = {
            "lower": lower,
            "upper": upper,
            "lower_inclusive": read("valid_lower_inclusive", _flag, True),
            "upper_inclusive": read("valid_upper_inclusive", _flag, True),
            "basis": basis,
            "inferred": read("valid_inferred", _flag, False),
        }
    if not _blank(row["annual_rule"]):
        raw["annual_rule"] = {
            "rule": _text(row["annual_rule"]),
            "basis": _text(row["annual_rule_basis"]),
            "inferred": read("annual_rule_inferred", _flag, False),
        }
    if raw["number"] is None:
        problems.add("Indikator", number, "number", positions["number"], None, "is required")
    return raw if len(problems.items) == before else None


def _read_plan(
    plan: list[tuple[int, dict[str, Any]]], positions: dict[str, int], problems: _Problems
) -> dict[Any, list[dict[str, Any]]]:
    """The action plans by indicator number, grouping consecutive rows by RA and KK code."""
    plans: dict[Any, list[dict[str, Any]]] = {}
    for number, row in plan:
        iku = _whole(row["number"])
        quarters = _text(row["quarters"]) or ""
        output = {
            "code": _text(row["to_code"]) or "",
            "text": _text(row["to_text"]),
            "quarters": [q.strip() for q in quarters.split(",") if q.strip()],
            "schedule": _text(row["schedule"]) or "",
        }
        actions = plans.setdefault(iku, [])
        ra_code = _text(row["ra_code"]) or ""
        if not actions or actions[-1]["code"] != ra_code:
            actions.append(
                {
                    "code": ra_code,
                    "text": _text(row["ra_text"]),
                    "note": _text(row["ra_note"]),
                    "criteria": [],
                }
            )
        criteria = actions[-1]["criteria"]
        kk_code = _text(row["kk_code"]) or ""
        if not criteria or criteria[-1]["code"] != kk_code:
            criteria.append({"code": kk_code, "text": _text(row["kk_text"]), "outputs": []})
        criteria[-1]["outputs"].append(output)
        if iku is None:
            problems.add(
                "Rencana Aksi", number, "number", positions.get("number", 0), None, "is required"
            )
    return plans
