"""The ``dppapp-indikator`` command line.

Commands
--------
``list``
    The indicator registry as a table (or JSON).
``show CODE``
    One indicator's metadata and the JSON schema of its inputs.
``calc CODE --input FILE.json|-``
    Compute one indicator from a JSON object of inputs; prints the Result as JSON or a table.

Exit codes: 0 success; 1 invalid inputs (the message names the field and value); 2 usage
errors (unknown command or option, unreadable file, malformed JSON).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.table import Table

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
    Console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False)
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


def main() -> None:
    """Entry point of the ``dppapp-indikator`` command."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
