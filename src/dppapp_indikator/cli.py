"""The ``dppapp-indikator`` command line.

Commands
--------
``list``
    The indicator registry as a table (or JSON).
``show CODE``
    One indicator's metadata and the JSON schema of its inputs.
``calc CODE --input FILE.json|-``
    Compute one indicator from a JSON object of inputs; prints the Result as JSON or a table.
``template FILE.csv|FILE.xlsx [--agreement AGREEMENT]``
    Write an empty realisation file for the agreement (one row per indicator and period
    with a target); the embedded PK 2024 unless ``--agreement`` names another.
``agreement-template FILE.xlsx [--agreement AGREEMENT]``
    Write the agreement as an Excel workbook to edit for another year's agreement.
``evaluate FILE.csv|FILE.tsv|FILE.xlsx [--agreement AGREEMENT] [--entries KIND]
[--output REPORT.xlsx|csv|json] [--chart CHART.png]``
    Read a filled realisation file, compute achievement and category per indicator and
    period, print them, and optionally write a report and a chart.
``demo``
    No arguments: compute example indicators from illustrative raw inputs, use them as
    realisations of the embedded agreement and print the evaluation of all 21 indicators.

Exit codes: 0 success; 1 invalid inputs or file content (the message names the field or
lists every bad cell with its address and value); 2 usage errors (unknown command or option,
unreadable, missing, corrupt or unsupported file, malformed JSON).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd
    from rich.progress import Progress

    from .agreement.demo import Demo
    from .registry import Result

from ._version import __version__

app = typer.Typer(
    name="dppapp-indikator",
    help=(
        "Compute the performance indicators of Dinas PPAPP DKI Jakarta "
        "(Perjanjian Kinerja 2024), exactly and transparently."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

OutputFormat = Literal["table", "json"]


def _console() -> Console:
    return Console(soft_wrap=False, width=max(100, Console().width))


def _error(message: str, code: int) -> typer.Exit:
    """Print ``message`` (verbatim: no markup, no wrapping) to stderr; the Exit to raise."""
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    console.print(Text.assemble(("error:", "bold red"), " ", message))
    return typer.Exit(code)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"dppapp-indikator {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Compute the performance indicators of Dinas PPAPP DKI Jakarta (PK 2024)."""


@app.command("list")
def list_indicators(
    output: Annotated[
        str, typer.Option("--format", "-f", help="Output format: table or json.")
    ] = "table",
) -> None:
    """List every indicator of the registry."""
    from .registry import indicators

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
    if output != "table":
        raise _error(f"--format must be 'table' or 'json'; got {output!r}", 2)
    table = Table(title=f"dppapp-indikator: {len(records)} indicators")
    for column in ("IKU", "code", "name (id)", "unit", "polarity"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(
            "" if record.iku is None else str(record.iku),
            record.code,
            record.name_id,
            record.unit,
            "higher is better" if record.polarity == "higher" else "lower is better",
        )
    _console().print(table)


@app.command("show")
def show(code: Annotated[str, typer.Argument(help="Indicator code.")]) -> None:
    """Show one indicator's metadata and the JSON schema of its inputs."""
    from .registry import get_indicator

    try:
        record = get_indicator(code)
    except ValueError as exc:
        raise _error(str(exc), 2) from exc
    typer.echo(json.dumps(record.metadata(), ensure_ascii=False, indent=2))


def _read_inputs(source: str) -> Any:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
    except OSError as exc:
        raise _error(f"cannot read --input {source!r}: {exc.strerror or exc}", 2) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(f"--input {source!r} is not valid JSON: {exc}", 2) from exc


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

    if output not in ("json", "table"):
        raise _error(f"--format must be 'table' or 'json'; got {output!r}", 2)
    try:
        record = get_indicator(code)
    except ValueError as exc:
        raise _error(str(exc), 2) from exc
    inputs = _read_inputs(input_file)
    if not isinstance(inputs, dict):
        raise _error("--input must hold a JSON object of named inputs", 2)
    try:
        result = record.calculate(inputs)
    except ValidationError as exc:
        lines = [
            f"`{'.'.join(str(p) for p in err['loc']) or '(inputs)'}`: {err['msg']}"
            f"; got {err.get('input')!r}"
            for err in exc.errors()
        ]
        raise _error(f"invalid inputs for {code!r}:\n  " + "\n  ".join(lines), 1) from exc
    except ValueError as exc:
        raise _error(f"invalid inputs for {code!r}: {exc}", 1) from exc
    if output == "json":
        typer.echo(result.model_dump_json(indent=2))
        return
    table = Table(title=f"{record.name_id} ({code})", show_header=True)
    table.add_column("quantity")
    table.add_column("value", justify="right")
    table.add_row("value", _fmt(result.value))
    table.add_row("unit", result.unit)
    table.add_row("category", result.category or "-")
    for name, value in result.components.items():
        table.add_row(name, _fmt(value))
    table.add_row("method", result.method)
    _console().print(table)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --------------------------------------------------------------------------- agreement

_REPORT_TYPES = (".xlsx", ".csv", ".json")
_TEMPLATE_TYPES = (".csv", ".xlsx")
_REALISATION_TYPES = (".csv", ".tsv", ".xlsx")
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
    except (DataFileError, ImportError) as exc:
        raise _error(f"--agreement: {exc}", 2) from exc


_CATEGORY_STYLE = {
    "sangat tinggi": "bold green",
    "tinggi": "green",
    "sedang": "yellow",
    "rendah": "red",
    "sangat rendah": "bold red",
}


def _number(value: Any, digits: int = 2) -> str:
    """A number for display, in Indonesian notation (``63,46``); NaN/None -> ``-``."""
    from .agreement.io import format_number

    if value is None:
        return "-"
    number = float(value)
    if number != number:
        return "-"
    return format_number(round(number, digits))


def _wide_console() -> Console:
    """A console for the wide agreement tables: the terminal's width, or 160 columns."""
    probe = Console()
    width = max(100, probe.width) if probe.is_terminal else 160
    return Console(soft_wrap=False, width=width)


def _evaluation_tables(evaluation: pd.DataFrame, title: str) -> list[Table]:
    """Rich tables of an evaluation: the annual summary, then the quarters."""
    from .agreement.report import report_views

    views = report_views(evaluation)
    tables: list[Table] = []
    for view, caption in (
        ("Ringkasan", f"{title}: capaian tahunan (Tahunan)"),
        ("Triwulan", f"{title}: capaian per triwulan"),
    ):
        frame = views[view]
        if frame.empty:
            continue
        table = Table(title=caption, show_lines=False)
        table.add_column("IKU", justify="right", no_wrap=True)
        table.add_column("indikator", max_width=48, no_wrap=True, overflow="ellipsis")
        if view == "Triwulan":
            table.add_column("periode")
        table.add_column("target", justify="right", no_wrap=True)
        table.add_column("realisasi", justify="right", no_wrap=True)
        table.add_column("capaian %", justify="right", no_wrap=True)
        table.add_column("kategori", no_wrap=True)
        table.add_column("catatan", max_width=40, overflow="fold")
        for row in frame.itertuples(index=False):
            target = _number(row.target)
            upper = getattr(row, "target_upper", None)
            if upper is not None and upper == upper:
                target = f"{target} - {_number(upper)}"
            category = row.category if isinstance(row.category, str) else "-"
            cells: list[str | Text] = [str(row.number), Text(str(row.name))]
            if view == "Triwulan":
                cells.append(Text(str(row.period)))
            cells += [
                target,
                _number(row.realisation),
                _number(row.achievement),
                Text(category, style=_CATEGORY_STYLE.get(category, "")),
                Text(str(row.note or "")),
            ]
            table.add_row(*cells)
        tables.append(table)
    return tables


def _check_suffix(path: Path | None, allowed: tuple[str, ...], option: str) -> None:
    if path is not None and path.suffix.lower() not in allowed:
        raise _error(f"{option} must end in {', '.join(allowed)}; got {str(path)!r}", 2)


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
    try:
        if output is not None:
            progress.update(task, description=f"menulis laporan {output.name}")
            write_report(evaluation, output, agreement=agreement)
            written.append(f"laporan / report: {output}")
        progress.advance(task)
        if chart is not None:
            progress.update(task, description=f"menggambar grafik {chart.name}")
            plot_targets(evaluation, chart)
            written.append(f"grafik / chart: {chart}")
        progress.advance(task)
    except ImportError as exc:
        raise _error(str(exc), 2) from exc
    except OSError as exc:
        raise _error(f"cannot write {exc.filename or ''}: {exc.strerror or exc}", 2) from exc
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
    from .agreement.io import UnreadableFileError, template_rows, write_template

    _check_suffix(file, _TEMPLATE_TYPES, "FILE")
    if file.exists() and not force:
        raise _error(f"{str(file)!r} exists; pass --force to overwrite it", 2)
    agreement = _load_agreement(agreement_file)
    try:
        write_template(file, agreement)
    except UnreadableFileError as exc:
        raise _error(str(exc), 2) from exc
    except ImportError as exc:
        raise _error(str(exc), 2) from exc
    rows = sum(1 for _ in template_rows(agreement))
    typer.echo(
        f"{file}: {rows} rows ({len(agreement.indicators)} indicators x periods with a target); "
        "fill in the 'realisation' column, then run: dppapp-indikator evaluate "
        f"{file}" + (f" --agreement {agreement_file}" if agreement_file is not None else "")
    )


@app.command("agreement-template")
def agreement_template(
    file: Annotated[Path, typer.Argument(help="Workbook to write: .xlsx.")],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it exists.")
    ] = False,
    agreement_file: _AgreementOption = None,
) -> None:
    """Write the agreement (default PK 2024) as an Excel workbook to edit for another year."""
    from .agreement.sheet import AgreementSheetError, write_agreement_sheet

    _check_suffix(file, (".xlsx",), "FILE")
    if file.exists() and not force:
        raise _error(f"{str(file)!r} exists; pass --force to overwrite it", 2)
    agreement = _load_agreement(agreement_file)
    try:
        write_agreement_sheet(file, agreement)
    except (AgreementSheetError, ImportError) as exc:
        raise _error(str(exc), 2) from exc
    typer.echo(
        f"{file}: {len(agreement.indicators)} indicators of {agreement.title!r}; edit the "
        f"sheets, then run: dppapp-indikator evaluate REALISASI.xlsx --agreement {file}"
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
        typer.Option("--chart", "-c", help="Draw target vs realisation (e.g. chart.png)."),
    ] = None,
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
    from .agreement.io import RealisationFileError, UnreadableFileError, read_realisations

    _check_suffix(file, _REALISATION_TYPES, "FILE")
    _check_suffix(output, _REPORT_TYPES, "--output")
    if decimal_mark not in (",", "."):
        raise _error(f"--decimal-mark must be ',' or '.'; got {decimal_mark!r}", 2)
    if entries not in _ENTRIES:
        raise _error(f"--entries must be one of {', '.join(_ENTRIES)}; got {entries!r}", 2)
    agreement = _load_agreement(agreement_file)
    with _progress() as progress:
        task = progress.add_task(f"membaca {file.name}", total=4)
        try:
            read = read_realisations(
                file,
                agreement=agreement,
                decimal_mark=decimal_mark,  # type: ignore[arg-type]
                sheet=sheet,
            )
        except UnreadableFileError as exc:
            raise _error(str(exc), 2) from exc
        except RealisationFileError as exc:
            raise _error(str(exc), 1) from exc
        except ImportError as exc:
            raise _error(str(exc), 2) from exc
        progress.advance(task)
        progress.update(task, description="menghitung capaian")
        try:
            evaluation = evaluate(
                agreement,
                read.frame,
                cap=cap,
                entries=_ENTRIES[entries],  # type: ignore[arg-type]
            )
        except ValueError as exc:
            raise _error(f"{file}: {exc}", 1) from exc
        progress.advance(task)
        written = _write_outputs(evaluation, output, chart, progress, task, agreement)
    warn = Console(stderr=True, soft_wrap=True, highlight=False)
    for message in read.warnings:
        warn.print(Text.assemble(("warning:", "yellow"), " ", message))
    console = _wide_console()
    for table in _evaluation_tables(evaluation, agreement.title):
        console.print(table)
    reported = int(read.frame["realisation"].notna().sum())
    console.print(
        f"{len(read.frame)} rows read from {file}; {reported} realisations evaluated "
        f"for {evaluation['number'].nunique()} indicators.",
        highlight=False,
    )
    for line in written:
        console.print(line, highlight=False)


def _key_components(result: Result, limit: int = 4) -> str:
    """The first few scalar components of a Result, as ``name = value``."""
    parts: list[str] = []
    for name, value in result.components.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)):
            parts.append(f"{name} = {_number(value, 4)}")
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
    table = Table(title="Indikator dihitung dari contoh input (illustrative example inputs)")
    table.add_column("IKU", justify="right", no_wrap=True)
    table.add_column("code", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("unit", no_wrap=True)
    table.add_column("category", no_wrap=True)
    table.add_column("key components", max_width=64, overflow="fold")
    table.add_column("used as realisation", max_width=26, overflow="fold")
    for item in demo.computations:
        result = item.result
        if item.replaced:
            used = "yes: " + ", ".join(item.replaced)
        else:
            used = "no (see the note in data/demo_inputs.json)"
        table.add_row(
            str(item.entry.iku),
            result.code,
            _number(result.value, 4),
            Text(result.unit),
            Text(result.category or "-"),
            Text(_key_components(result, limit=3)),
            used,
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
        typer.Option("--chart", "-c", help="Also draw target vs realisation (e.g. chart.png)."),
    ] = None,
) -> None:
    """Run the demonstration on the embedded agreement and example inputs (no arguments)."""
    from .agreement.demo import load_demo_inputs, run_demo

    _check_suffix(output, _REPORT_TYPES, "--output")
    with _progress() as progress:
        task = progress.add_task("menghitung contoh", total=3)
        outcome = run_demo()
        progress.advance(task)
        written = _write_outputs(
            outcome.evaluation, output, chart, progress, task, outcome.agreement
        )
    console = _wide_console()
    agreement = outcome.agreement
    console.print(
        Text.assemble(
            (agreement.title, "bold"),
            f": {agreement.organisation}\n",
            (load_demo_inputs().description, "yellow"),
        )
    )
    console.print(_demo_table(outcome))
    for table in _evaluation_tables(outcome.evaluation, agreement.title):
        console.print(table)
    console.print(
        f"{outcome.evaluation['number'].nunique()} indicators evaluated; realisations from "
        "data/demo_realisations.csv, with the computed values above where 'used'.",
        highlight=False,
    )
    for line in written:
        console.print(line, highlight=False)


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

    try:
        with _progress() as progress:
            task = progress.add_task(f"menulis {rows:,} baris", total=1)
            files = synth_command(
                kind, output, rows, seed, partitions, workers=workers, if_exists=if_exists
            )
            progress.advance(task)
    except ValueError as exc:
        raise _error(str(exc), 1) from exc
    except (OSError, ImportError) as exc:
        raise _error(str(exc), 2) from exc
    typer.echo(str(files))


def main() -> None:
    """Entry point of the ``dppapp-indikator`` command."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
