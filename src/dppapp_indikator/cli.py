"""The ``dppapp-indikator`` command line.

Commands
--------
``list``
    The indicator registry as a table (or JSON).
``show CODE``
    One indicator's metadata and the JSON schema of its inputs.
``calc CODE --input FILE.json|-``
    Compute one indicator from a JSON object of inputs; prints the Result as JSON or a table.
``template FILE.csv|FILE.xlsx [--agreement AGREEMENT] [--force]``
    Write an empty realisation file for the agreement (one row per indicator and period
    with a target); the embedded PK 2024 unless ``--agreement`` names another.
``agreement-template FILE.xlsx [--agreement AGREEMENT] [--force]``
    Write the agreement as an Excel workbook to edit for another year's agreement.
``evaluate FILE.csv|FILE.tsv|FILE.xlsx [--agreement AGREEMENT] [--entries KIND]
[--output REPORT.xlsx|csv|json] [--chart CHART.png] [--force]``
    Read a filled realisation file, compute achievement and category per indicator and
    period, print them, and optionally write a report and a chart.
``demo``
    No arguments: compute example indicators from illustrative raw inputs, use them as
    realisations of the embedded agreement and print the evaluation of all 21 indicators.
``synth KIND FOLDER``
    Seeded synthetic microdata as Parquet.

Global options (before the command): ``--lang id|en`` (default Indonesian; also the
environment variable ``DPPAPP_INDIKATOR_LANG``), ``--debug`` (show the traceback of an
unexpected failure), ``--version``.

Exit codes: 0 success; 2 every user error (a bad option or argument, a missing, unreadable,
binary, UTF-16 or corrupt file, invalid inputs or file content, an output path that is the
input, exists without ``--force`` or has an unsupported extension): the message starts with
``error:`` and says what to do; 1 an unexpected failure (a bug): one line saying where to
report it, the traceback with ``--debug``; 130 interrupted.

Errors are handled in one place (:class:`_Group`): any exception the library raises for a
user error (:class:`~dppapp_indikator._checks.InvalidInputError` and every ``ValueError`` raised
by the package's own code, pydantic's ``ValidationError``, file errors, a missing optional
dependency) becomes exit 2 with its message, so a command never has to catch them itself.
"""

from __future__ import annotations

import json
import numbers
import os
import sys
import traceback
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from . import _i18n
from ._i18n import text as _t
from ._version import __version__

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd
    from rich.progress import Progress

    from .agreement.demo import Demo
    from .registry import Result

LANG_ENV = "DPPAPP_INDIKATOR_LANG"
Language = Literal["id", "en"]
_PROG = "dppapp-indikator"


# --------------------------------------------------------------------------- errors


def _stderr() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


def _print_error(message: str) -> None:
    """Print ``error: message`` (verbatim: no markup, no wrapping) to stderr."""
    style = "" if os.environ.get("NO_COLOR") else "bold red"  # NO_COLOR: plain text
    _stderr().print(Text.assemble(("error:", style), " ", message))


def _fail(message: str) -> typer.Exit:
    """Print a user error; the Exit (code 2) to raise."""
    _print_error(message)
    return typer.Exit(2)


def _raised_by_package(exc: BaseException) -> bool:
    """Whether the innermost frame of ``exc``'s traceback is code of this package."""
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    return str(tb.tb_frame.f_globals.get("__name__", "")).startswith("dppapp_indikator")


def _validation_message(exc: Any) -> str:
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ())) or "(inputs)"
        lines.append(f"`{where}`: {err.get('msg')}; got {err.get('input')!r}")
    return "\n  ".join([f"{exc.title}: {exc.error_count()} error(s)", *lines])


def _localized_message(exc: BaseException) -> str | None:
    """The message of a file, cell or argument error in the session language (None: other).

    Built from the exception's structured fields (file, cells, parameter ...), with each
    English body translated by :func:`~dppapp_indikator._i18n.error_body`. In English, and
    whenever the fields do not rebuild the library's own message, it is ``str(exc)``.
    """
    from ._checks import InvalidInputError, _format_value
    from ._text import TextDecodingError
    from ._workbook import UnsafeWorkbookError
    from .agreement.io import CellProblem, RealisationFileError
    from .agreement.sheet import AgreementSheetError

    english = str(exc)
    if _i18n.language() == "en":
        return english if isinstance(exc, (RealisationFileError, AgreementSheetError)) else None
    body = _i18n.error_body
    if isinstance(exc, (RealisationFileError, AgreementSheetError)):
        head, _, _ = english.partition("\n")
        prefix = f"{exc.source}: "
        if not head.startswith(prefix):
            return body(english)
        lines = [prefix + body(head[len(prefix) :])]
        for problem in exc.problems:
            if isinstance(problem, CellProblem):
                lines.append(
                    "  - "
                    + _t(
                        "cell_problem",
                        address=problem.address,
                        row=problem.row,
                        column=problem.column,
                        message=body(problem.message),
                        value=problem.value,
                    )
                )
            else:
                where = _t("sheet_where", sheet=problem.sheet, row=problem.row)
                if problem.column:
                    where += _t("sheet_column", column=problem.column)
                    if problem.letter:
                        where += f" ({problem.letter}{problem.row})"
                lines.append(
                    "  - "
                    + _t(
                        "sheet_problem",
                        where=where,
                        message=body(problem.message),
                        value=problem.value,
                    )
                )
        return "\n".join(lines)
    if isinstance(exc, InvalidInputError):
        plain = f"`{exc.parameter}` {exc.constraint}"
        if english == plain:
            return f"`{exc.parameter}` {body(exc.constraint)}"
        given = f"{plain}; got {_format_value(exc.value)}"
        if exc.position is not None:
            given += f" at position {exc.position}"
        if english != given:
            return body(english)
        out = f"`{exc.parameter}` {body(exc.constraint)}"
        out += _t("given", value=_format_value(exc.value))
        if exc.position is not None:
            out += _t("at_position", position=exc.position)
        return out
    if isinstance(exc, (TextDecodingError, UnsafeWorkbookError)):
        return body(english)
    return None


def user_error_message(exc: BaseException) -> str | None:
    """The message of a user error, or None when ``exc`` is unexpected (a bug).

    User errors: pydantic ``ValidationError``; the package's ``ValueError`` subclasses
    (``InvalidInputError``, ``RealisationFileError`` ...), text decoding errors and any other
    ``ValueError`` raised by the package's own code; file errors (``OSError``); a missing
    optional dependency (an ``ImportError`` whose message says what to install).
    """
    from pydantic import ValidationError

    from ._checks import InvalidInputError

    if isinstance(exc, ValidationError):
        return _validation_message(exc)
    localized = _localized_message(exc)
    if localized is not None:
        return localized
    if isinstance(exc, (InvalidInputError, UnicodeError, json.JSONDecodeError)):
        return str(exc)
    if isinstance(exc, ValueError) and (
        type(exc).__module__.startswith("dppapp_indikator") or _raised_by_package(exc)
    ):
        return str(exc)
    if isinstance(exc, ImportError) and "pip install" in str(exc):
        return str(exc)
    if isinstance(exc, OSError) and not isinstance(exc, (BlockingIOError, InterruptedError)):
        reason = exc.strerror or str(exc) or type(exc).__name__
        where = exc.filename if exc.filename is not None else ""
        return f"{where}: {reason}" if where else reason
    return None


def _report_failure(exc: BaseException, debug: bool) -> int:
    """Print an exception raised by a command; the exit code (2 user error, 1 a bug)."""
    message = user_error_message(exc)
    if debug:
        _stderr().print(Text("".join(traceback.format_exception(exc)).rstrip()), highlight=False)
    if message is not None:
        _print_error(message)
        return 2
    detail = " ".join(str(exc).split())[:200] or "-"
    message = _t("unexpected", kind=type(exc).__name__, detail=detail, version=__version__)
    tracker = _issue_tracker()
    _print_error(message if tracker is None else f"{message} ({tracker})")
    return 1


def _issue_tracker() -> str | None:
    """The issue tracker's address from the installed package's metadata, if it names one."""
    from importlib import metadata

    try:
        urls = metadata.metadata(_PROG).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in ("issues", "bug tracker", "tracker", "bugs"):
            return url.strip()
    return None


class _Group(TyperGroup):
    """The command group: every error ends as one message and an exit code, never a traceback."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _i18n.set_language(_env_language())
        try:
            result = super().main(
                args=args,
                prog_name=prog_name or _PROG,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except _CLICK.ClickException as exc:  # usage: unknown option, missing argument ...
            context = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError" and context is not None:
                typer.echo(context.get_help())
                result = 0
            else:
                command = context.command_path if context is not None else _PROG
                _print_error(f"{exc.format_message()}; {_t('usage_hint', command=command)}")
                result = getattr(exc, "exit_code", 2) or 2
        except typer.Abort:
            _print_error(_t("interrupted"))
            result = 130
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, _CLICK.ClickException):
            raise
        except KeyboardInterrupt:
            _print_error(_t("interrupted"))
            raise typer.Exit(130) from None
        except Exception as exc:
            code = _report_failure(exc, bool(ctx.params.get("debug")))
            raise typer.Exit(code) from None


def _click_exceptions() -> Any:
    """The click exceptions module typer uses (vendored by recent typer versions)."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - typer versions that use click itself
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


_CLICK = _click_exceptions()


def _env_language() -> str:
    value = os.environ.get(LANG_ENV, "id")
    return value if value in _i18n.LANGUAGES else "id"


app = typer.Typer(
    name=_PROG,
    cls=_Group,
    help=(
        "Compute the performance indicators of Dinas PPAPP DKI Jakarta "
        "(Perjanjian Kinerja 2024), exactly and transparently."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"{_PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
    lang: Annotated[
        Language,
        typer.Option(
            "--lang",
            envvar=LANG_ENV,
            help="Language of tables, messages and reports: id (Indonesian, default) or en.",
        ),
    ] = "id",
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show the traceback of an unexpected failure."),
    ] = False,
) -> None:
    """Compute the performance indicators of Dinas PPAPP DKI Jakarta (PK 2024)."""
    _i18n.set_language(lang)


# --------------------------------------------------------------------------- consoles


def _width() -> int:
    """The width to print at: the terminal's (or $COLUMNS), else 160 for a pipe or file."""
    probe = Console()
    if probe.is_terminal or os.environ.get("COLUMNS", "").strip().isdigit():
        return max(40, probe.width)
    return 160


def _console(width: int | None = None) -> Console:
    return Console(soft_wrap=False, width=width or _width(), highlight=False)


# --------------------------------------------------------------------------- numbers


def _number(value: Any, digits: int = 2) -> str:
    """A number for display in the language's notation (``63,46``); NaN/None/text -> ``-``.

    From a billion on, scientific notation (``1,00e12``): no indicator of an agreement is
    that large, so such a value is shown short rather than pushing the table apart.
    """
    if value is None or isinstance(value, bool):
        return "-"
    try:
        return _i18n.number(float(value), digits, scientific_from=1e9)
    except (TypeError, ValueError, OverflowError):
        return "-"


#: Components given in rupiah (shown as ``Rp 1.234``).
_RUPIAH = frozenset(
    {
        "budget_realisation",
        "budget_ceiling",
        "ceiling",
        "efficiency_planned_spending",
        "efficiency_realised_spending",
        "planned_cumulative",
        "realised_cumulative",
    }
)


def _fmt(value: Any, name: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, str) and name in _RUPIAH:  # exact amounts travel as text
        try:
            return _i18n.rupiah(float(Decimal(value)))
        except ArithmeticError:
            return value
    if isinstance(value, (bool, str)):
        return str(value)
    if (
        isinstance(value, dict)
        and value
        and all(
            isinstance(v, (numbers.Real, Decimal)) and not isinstance(v, bool)
            for v in value.values()
        )
    ):
        return "; ".join(f"{k} = {_number(v, 6)}" for k, v in value.items())
    if isinstance(value, (numbers.Real, Decimal)):
        return _i18n.rupiah(float(value)) if name in _RUPIAH else _number(value, 6)
    if (
        isinstance(value, list)
        and name in _RUPIAH
        and all(isinstance(v, (numbers.Real, Decimal)) for v in value)
    ):
        return "[" + ", ".join(_i18n.rupiah(float(v)) for v in value) + "]"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


# --------------------------------------------------------------------------- registry commands


def _check_format(output: str) -> None:
    if output not in ("table", "json"):
        raise _fail(_t("bad_format", value=repr(output)))


@app.command("list")
def list_indicators(
    output: Annotated[
        str, typer.Option("--format", "-f", help="Output format: table or json.")
    ] = "table",
) -> None:
    """List every indicator of the registry."""
    from .registry import indicators

    _check_format(output)
    records = indicators()
    if output == "json":
        typer.echo(
            json.dumps(
                [{k: v for k, v in r.metadata().items() if k != "inputs"} for r in records],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table(title=_t("list_title", count=len(records)), box=box.SIMPLE_HEAD)
    table.add_column(_t("iku"), justify="right", no_wrap=True)
    table.add_column(_t("code"), no_wrap=True)
    table.add_column(_t("name"), overflow="fold", ratio=1)
    table.add_column(_t("unit"), overflow="fold", max_width=28)
    table.add_column(_t("polarity"), no_wrap=True)
    for record in records:
        table.add_row(
            "" if record.iku is None else str(record.iku),
            record.code,
            Text(record.name_id if _i18n.language() == "id" else record.name_en),
            Text(record.unit),
            _t("higher") if record.polarity == "higher" else _t("lower"),
        )
    _console().print(table)


@app.command("show")
def show(code: Annotated[str, typer.Argument(help="Indicator code.")]) -> None:
    """Show one indicator's metadata and the JSON schema of its inputs."""
    from .registry import get_indicator

    record = get_indicator(code)
    typer.echo(json.dumps(record.metadata(), ensure_ascii=False, indent=2))


def _read_inputs(source: str, code: str) -> Any:
    """The JSON value of ``--input``: a file or standard input, UTF-8 with or without BOM."""
    from ._text import decode_text

    name = "stdin" if source == "-" else source
    if source == "-":
        stream = getattr(sys.stdin, "buffer", None)
        raw = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    else:
        path = Path(source)
        if path.is_dir():
            raise _fail(_t("is_directory", option="--input", path=repr(source)))
        raw = path.read_bytes()
    if not raw.strip():
        raise _fail(_t("empty_input", source=repr(name)))
    text = decode_text(raw, f"--input {name!r}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(_t("not_json", source=repr(name), detail=str(exc), code=code)) from exc
    except RecursionError as exc:
        raise _fail(
            _t("not_json", source=repr(name), detail="nested too deeply", code=code)
        ) from exc


@app.command("calc")
def calc(
    code: Annotated[str, typer.Argument(help="Indicator code (see `list`).")],
    input_file: Annotated[
        str,
        typer.Option("--input", "-i", help="JSON file of inputs, or - for standard input."),
    ],
    output: Annotated[
        str, typer.Option("--format", "-f", help="Output format: json or table.")
    ] = "json",
) -> None:
    """Compute one indicator from a JSON object of inputs."""
    from pydantic import ValidationError

    from .registry import get_indicator

    _check_format(output)
    record = get_indicator(code)
    inputs = _read_inputs(input_file, code)
    if not isinstance(inputs, dict):
        raise _fail(_t("input_not_object", kind=type(inputs).__name__))
    try:
        result = record.calculate(inputs)
    except ValidationError as exc:
        lines = [
            f"`{'.'.join(str(p) for p in err['loc']) or '(inputs)'}`: {err['msg']}"
            f"; got {err.get('input')!r}"
            for err in exc.errors()
        ]
        raise _fail(_t("invalid_inputs", code=code) + "\n  " + "\n  ".join(lines)) from exc
    if output == "json":
        typer.echo(result.model_dump_json(indent=2))
        return
    name = record.name_id if _i18n.language() == "id" else record.name_en
    table = Table(title=f"{name} ({code})", box=box.SIMPLE_HEAD)
    table.add_column(_t("quantity"), no_wrap=True)
    table.add_column(_t("value"), justify="right", overflow="fold")
    table.add_row(_t("value"), _fmt(result.value))
    table.add_row(_t("unit"), Text(result.unit))
    table.add_row(_t("index_category"), Text(result.category or "-"))
    for component, value in result.components.items():
        table.add_row(component, Text(_fmt(value, component)))
    table.add_row(_t("method"), Text(result.method))
    _console().print(table)


# --------------------------------------------------------------------------- agreement

_REPORT_TYPES = (".xlsx", ".csv", ".json")
_TEMPLATE_TYPES = (".csv", ".xlsx")
_REALISATION_TYPES = (".csv", ".tsv", ".xlsx")
_CHART_TYPES = (".png", ".svg", ".pdf")
_ENTRIES = {"agreement": "agreement", "to-date": "to_date", "per-quarter": "per_quarter"}
_AgreementOption = Annotated[
    Path | None,
    typer.Option(
        "--agreement",
        "-a",
        help="Agreement file (.toml, .json or .xlsx from agreement-template); default PK 2024.",
    ),
]


def _load_agreement(path: Path | None) -> Any:
    """The agreement of ``--agreement`` (or the embedded PK 2024); errors exit 2."""
    from ._data import DataFileError
    from .agreement import load_agreement

    try:
        return load_agreement(path)
    except DataFileError as exc:
        raise _fail(f"--agreement: {user_error_message(exc) or exc}") from exc


_CATEGORY_STYLE = {
    "sangat tinggi": "bold green",
    "tinggi": "green",
    "sedang": "yellow",
    "rendah": "red",
    "sangat rendah": "bold red",
}
#: Narrowest indicator column [characters]; below it the name is cut with an ellipsis.
_MIN_NAME = 12
_MAX_NAME = 60
#: Notes get their own column only when it can be this wide; otherwise they follow the table.
_MIN_NOTE = 24


def _target_text(row: Any) -> str:
    target = _number(row.target)
    upper = getattr(row, "target_upper", None)
    if upper is not None and isinstance(upper, (int, float)) and upper == upper:
        target = f"{target}-{_number(upper)}"
    return target


def _without_no_realisation(note: object) -> str:
    """A note without "no realisation": the table shows ``-`` for it already."""
    if not isinstance(note, str):
        return ""
    return "; ".join(part for part in note.split("; ") if part.strip() != "no realisation")


def _evaluation_tables(
    evaluation: pd.DataFrame, title: str, width: int | None = None
) -> list[RenderableType]:
    """The annual and the quarterly table of an evaluation, fitted to ``width`` columns.

    Period, target, realisation, achievement and category are never cut or wrapped: the
    indicator name takes the width left over (cut with an ellipsis), and the notes get a column
    only when there is room for one, else they are listed under the table.
    """
    from .agreement.report import report_views

    width = width or _width()
    views = report_views(evaluation)
    out: list[RenderableType] = []
    for view, caption in (("Ringkasan", "annual_title"), ("Triwulan", "quarter_title")):
        frame = views[view]
        if frame.empty:
            continue
        rows: list[list[str]] = []
        notes: list[tuple[str, str]] = []
        for row in frame.itertuples(index=False):
            category = row.category if isinstance(row.category, str) else "-"
            note = _i18n.note(_without_no_realisation(getattr(row, "note", "")))
            rows.append(
                [
                    str(row.number),
                    str(row.name),
                    str(row.period),
                    _target_text(row),
                    _number(row.realisation),
                    _number(row.achievement),
                    category,
                    note,
                ]
            )
            if note:
                notes.append((f"IKU {row.number} {row.period}", note))
        headers = [
            _t("iku"),
            _t("indicator"),
            _t("period"),
            _t("target"),
            _t("realisation"),
            _t("achievement"),
            _t("achievement_category"),
            _t("note"),
        ]
        fixed = [max([len(headers[i])] + [len(r[i]) for r in rows]) for i in range(len(headers))]
        # box SIMPLE_HEAD without edges: a one-character separator between columns, plus one
        # of padding when there is room for it (narrow terminals: the separator only)
        name_width = max(len(headers[1]), min(_MAX_NAME, max(len(r[1]) for r in rows)))
        gap = 2
        if width - (sum(fixed[:7]) - fixed[1] + gap * 6) < min(name_width, 2 * _MIN_NAME):
            gap = 1
        room = width - (sum(fixed[:7]) - fixed[1] + gap * 6)
        note_column = bool(notes) and room - _MIN_NOTE - gap >= min(name_width, 30)
        if note_column:
            note_width = min(fixed[7], max(_MIN_NOTE, room - gap - name_width))
            name_width = min(name_width, room - gap - note_width)
        else:
            name_width = min(name_width, room)
        # the name shrinks first, down to a stub, before any other column is cut
        name_width = max(3, name_width)
        table = Table(
            title=_t(caption, title=title),
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            padding=(0, gap - 1),
            collapse_padding=True,
            title_justify="left",
        )
        table.add_column(headers[0], justify="right", no_wrap=True, min_width=fixed[0])
        table.add_column(
            headers[1], no_wrap=True, overflow="ellipsis", width=name_width, max_width=name_width
        )
        table.add_column(headers[2], no_wrap=True, min_width=fixed[2])
        for index in (3, 4, 5):
            table.add_column(headers[index], justify="right", no_wrap=True, min_width=fixed[index])
        table.add_column(headers[6], no_wrap=True, min_width=fixed[6])
        if note_column:
            table.add_column(headers[7], overflow="fold", width=note_width)
        for cells in rows:
            rendered: list[RenderableType] = [
                cells[0],
                Text(cells[1], no_wrap=True, overflow="ellipsis"),
                Text(cells[2]),
                cells[3],
                cells[4],
                cells[5],
                Text(cells[6], style=_CATEGORY_STYLE.get(cells[6], "")),
            ]
            if note_column:
                rendered.append(Text(cells[7]))
            table.add_row(*rendered)
        out.append(table)
        if notes and not note_column:
            lines = Text(f"{_t('notes_heading')}:\n", style="bold")
            for where, note in notes:
                lines.append(f"  {where}: {note}\n", style="")
            out.append(lines)
    return out


def _inputs(agreement_file: Path | None) -> list[Path]:
    """The input files a command reads besides its main one (never to be overwritten)."""
    return [] if agreement_file is None else [agreement_file]


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())
    except OSError:
        return False


def _check_output(
    path: Path | None,
    option: str,
    allowed: tuple[str, ...],
    *,
    inputs: Sequence[Path] = (),
    force: bool = False,
) -> None:
    """Refuse an output path before anything is written (see the module docstring)."""
    if path is None:
        return
    if path.suffix.lower() not in allowed:
        raise _fail(
            _t("bad_suffix", option=option, allowed=", ".join(allowed), path=repr(str(path)))
        )
    if path.is_dir():
        raise _fail(_t("is_directory", option=option, path=repr(str(path))))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise _fail(_t("no_folder", option=option, folder=repr(str(folder))))
    for source in inputs:
        if _same_file(path, source):
            raise _fail(_t("same_as_input", option=option, path=repr(str(path))))
    if path.exists() and not force:
        raise _fail(_t("exists", path=repr(str(path))))


def _check_outputs(
    output: Path | None, chart: Path | None, *, inputs: Sequence[Path], force: bool
) -> None:
    _check_output(output, "--output", _REPORT_TYPES, inputs=inputs, force=force)
    _check_output(chart, "--chart", _CHART_TYPES, inputs=inputs, force=force)
    if output is not None and chart is not None and _same_file(output, chart):
        raise _fail(_t("same_outputs", path=repr(str(output))))


def _progress() -> Progress:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    console = Console(stderr=True)
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _write_outputs(
    evaluation: pd.DataFrame,
    output: Path | None,
    chart: Path | None,
    progress: Progress,
    task: Any,
    agreement: Any,
) -> list[str]:
    """Write the report and the chart; return what was written."""
    from .agreement.report import plot_targets, write_report

    written: list[str] = []
    if output is not None:
        progress.update(task, description=_t("writing_report", name=output.name))
        write_report(evaluation, output, agreement=agreement, language=_i18n.language())
        written.append(_t("written_report", path=output))
    progress.advance(task)
    if chart is not None:
        progress.update(task, description=_t("drawing_chart", name=chart.name))
        figure = plot_targets(evaluation, language=_i18n.language())
        figure.savefig(chart, dpi=150)
        written.append(_t("written_chart", path=chart))
    progress.advance(task)
    return written


@app.command("template")
def template(
    file: Annotated[Path, typer.Argument(help="File to write: .csv or .xlsx.")],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it exists.")
    ] = False,
    agreement_file: _AgreementOption = None,
) -> None:
    """Write an empty realisation file (template) for the agreement (default PK 2024)."""
    from .agreement.io import template_rows, write_template

    _check_output(file, "FILE", _TEMPLATE_TYPES, inputs=_inputs(agreement_file), force=force)
    agreement = _load_agreement(agreement_file)
    write_template(file, agreement)
    rows = sum(1 for _ in template_rows(agreement))
    message = _t("template_written", file=file, rows=rows, indicators=len(agreement.indicators))
    if agreement_file is not None:
        message += f" --agreement {agreement_file}"
    typer.echo(message)


@app.command("agreement-template")
def agreement_template(
    file: Annotated[Path, typer.Argument(help="Workbook to write: .xlsx.")],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it exists.")
    ] = False,
    agreement_file: _AgreementOption = None,
) -> None:
    """Write the agreement (default PK 2024) as an Excel workbook to edit for another year."""
    from .agreement.sheet import write_agreement_sheet

    _check_output(file, "FILE", (".xlsx",), inputs=_inputs(agreement_file), force=force)
    agreement = _load_agreement(agreement_file)
    write_agreement_sheet(file, agreement)
    typer.echo(
        _t(
            "agreement_template_written",
            file=file,
            indicators=len(agreement.indicators),
            title=agreement.title,
        )
    )


@app.command("evaluate")
def evaluate_file(
    file: Annotated[Path, typer.Argument(help="Realisation file: .csv or .xlsx.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write a report: .xlsx, .csv or .json."),
    ] = None,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", "-c", help="Draw target vs realisation: .png, .svg or .pdf."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the report or chart if it exists.")
    ] = False,
    decimal_mark: Annotated[
        str,
        typer.Option(
            "--decimal-mark",
            help="Decimal mark of numbers written as text: ',' (Indonesian) or '.'.",
        ),
    ] = ",",
    sheet: Annotated[str | None, typer.Option("--sheet", help="Worksheet to read (Excel).")] = None,
    cap: Annotated[
        float | None,
        typer.Option("--cap", help="Upper limit of the achievement [percent], e.g. 120."),
    ] = None,
    agreement_file: _AgreementOption = None,
    entries: Annotated[
        str,
        typer.Option(
            "--entries",
            help=(
                "What the quarterly realisations hold: agreement (each indicator's kind), "
                "to-date (values so far in the year) or per-quarter (each quarter's own part)."
            ),
        ),
    ] = "agreement",
) -> None:
    """Evaluate a filled realisation file against the agreement (default PK 2024)."""
    from .agreement import evaluate
    from .agreement.io import read_realisations

    if file.suffix.lower() not in _REALISATION_TYPES:
        raise _fail(
            _t(
                "bad_suffix",
                option="FILE",
                allowed=", ".join(_REALISATION_TYPES),
                path=repr(str(file)),
            )
        )
    _check_outputs(output, chart, inputs=[file, *_inputs(agreement_file)], force=force)
    if decimal_mark not in (",", "."):
        raise _fail(_t("bad_decimal_mark", value=repr(decimal_mark)))
    if entries not in _ENTRIES:
        raise _fail(_t("bad_entries", allowed=", ".join(_ENTRIES), value=repr(entries)))
    agreement = _load_agreement(agreement_file)
    with _progress() as progress:
        task = progress.add_task(_t("reading", name=file.name), total=4)
        read = read_realisations(
            file,
            agreement=agreement,
            decimal_mark=decimal_mark,  # type: ignore[arg-type]
            sheet=sheet,
        )
        progress.advance(task)
        progress.update(task, description=_t("computing"))
        evaluation = evaluate(
            agreement,
            read.frame,
            cap=cap,
            entries=_ENTRIES[entries],  # type: ignore[arg-type]
        )
        progress.advance(task)
        written = _write_outputs(evaluation, output, chart, progress, task, agreement)
    warn = _stderr()
    for message in read.warnings:
        warn.print(Text.assemble(("warning:", "yellow"), " ", message))
    console = _console()
    for table in _evaluation_tables(evaluation, agreement.title, console.width):
        console.print(table)
    reported = int(read.frame["realisation"].notna().sum())
    console.print(
        Text(
            _t(
                "summary",
                rows=len(read.frame),
                file=file,
                reported=reported,
                indicators=evaluation["number"].nunique(),
            )
        )
    )
    for line in written:
        console.print(Text(line))


def _key_components(result: Result, limit: int = 4) -> str:
    """The first few scalar components of a Result, as ``name = value``."""
    parts: list[str] = []
    for name, value in result.components.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float, Decimal)):
            shown = _i18n.rupiah(float(value)) if name in _RUPIAH else _number(value, 4)
            parts.append(f"{name} = {shown}")
        elif isinstance(value, str) and len(value) <= 24:
            parts.append(f"{name} = {value}")
        elif (
            isinstance(value, list)
            and value
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        ):
            parts.append(f"{name} = [{len(value)} values]")
        if len(parts) == limit:
            break
    return "; ".join(parts)


def _demo_table(demo: Demo) -> Table:
    table = Table(title=_t("demo_title"), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(_t("iku"), justify="right", no_wrap=True)
    table.add_column(_t("demo_code"), no_wrap=True)
    table.add_column(_t("value"), justify="right", no_wrap=True)
    table.add_column(_t("unit"), overflow="fold", max_width=24)
    table.add_column(_t("index_category"), no_wrap=True)
    table.add_column(_t("demo_components"), max_width=64, overflow="fold")
    table.add_column(_t("demo_used"), max_width=26, overflow="fold")
    for item in demo.computations:
        result = item.result
        if item.replaced:
            used = _t("demo_used_yes", what=", ".join(item.replaced))
        else:
            used = _t("demo_used_no")
        table.add_row(
            str(item.entry.iku),
            result.code,
            _number(result.value, 4),
            Text(result.unit),
            Text(result.category or "-"),
            Text(_key_components(result, limit=3)),
            Text(used),
        )
    return table


@app.command("demo")
def demo(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write a report: .xlsx, .csv or .json."),
    ] = None,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", "-c", help="Also draw target vs realisation: .png, .svg, .pdf."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the report or chart if it exists.")
    ] = False,
) -> None:
    """Run the demonstration on the embedded agreement and example inputs (no arguments)."""
    from .agreement.demo import run_demo

    _check_outputs(output, chart, inputs=(), force=force)
    with _progress() as progress:
        task = progress.add_task(_t("computing_demo"), total=3)
        outcome = run_demo()
        progress.advance(task)
        written = _write_outputs(
            outcome.evaluation, output, chart, progress, task, outcome.agreement
        )
    console = _console()
    agreement = outcome.agreement
    console.print(
        Text.assemble(
            (agreement.title, "bold"),
            f": {agreement.organisation}\n",
            (_t("demo_description"), "yellow"),
        )
    )
    console.print(_demo_table(outcome))
    for table in _evaluation_tables(outcome.evaluation, agreement.title, console.width):
        console.print(table)
    console.print(Text(_t("demo_summary", indicators=outcome.evaluation["number"].nunique())))
    for line in written:
        console.print(Text(line))


@app.command("synth")
def synth(
    kind: Annotated[str, typer.Argument(help="What to generate: families, survey or women.")],
    output: Annotated[Path, typer.Argument(help="Folder for the Parquet files.")],
    rows: Annotated[int, typer.Option("--rows", "-n", help="Number of rows.")],
    seed: Annotated[int, typer.Option("--seed", "-s", help="Random seed (reproducible).")],
    partitions: Annotated[
        int | None, typer.Option("--partitions", "-p", help="Number of Parquet files.")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="Processes writing in parallel.")] = 1,
    if_exists: Annotated[
        str, typer.Option("--if-exists", help="error (default) or replace an existing folder.")
    ] = "error",
) -> None:
    """Write seeded synthetic microdata (families, survey respondents, DHS women) as Parquet."""
    from .synthetic import synth_command

    with _progress() as progress:
        task = progress.add_task(_t("writing_rows", rows=_number(rows, 0)), total=1)
        files = synth_command(
            kind, output, rows, seed, partitions, workers=workers, if_exists=if_exists
        )
        progress.advance(task)
    typer.echo(str(files))


def main() -> None:
    """Entry point of the ``dppapp-indikator`` command."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
