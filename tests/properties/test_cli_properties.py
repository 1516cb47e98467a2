"""Property tests of the command line: whatever the input, exit 0 or 2 and never a traceback.

Arbitrary bytes and arbitrary small tables (CSV with ``;``, ``,`` or tab, and xlsx) go to
every command that reads a file; arbitrary text goes to every argument. A user error must end
with exit code 2 and a message starting with ``error:``; exit code 1 (an unexpected failure)
or a traceback in the output is a bug. The example counts are kept small: every example runs
the whole command.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dppapp_indikator.cli import app
from dppapp_indikator.registry import indicators

runner = CliRunner()
CODES = sorted(r.code for r in indicators())
COMMANDS = ("list", "show", "calc", "template", "evaluate", "demo", "synth")
FAST = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))

#: Text an argument can hold (no NUL: an operating system cannot pass one).
arguments = st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
    max_size=16,
)
#: A cell of a realisation table: what people type, and anything else.
cells = st.one_of(
    st.sampled_from(
        [
            *(
                "1",
                "5",
                "13",
                "21",
                "99",
                "TW I",
                "TW IV",
                "Tahunan",
                "tw 2",
                "N/A",
                "-",
                "",
                "71%",
            ),
            *("63,46", "2.230", "2,230", "1e308", "-2,1", "1.234,5", "0,71", "inf", "NaN", "=1+1"),
        ]
    ),
    st.integers(-10, 30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=6),
)
headers = st.sampled_from(
    [
        ["number", "period", "realisation"],
        ["nomor", "periode", "realisasi"],
        ["number", "period", "realisation", "catatan"],
        ["number", "period"],
        [],
    ]
)
tables = st.lists(st.lists(cells, min_size=0, max_size=5), min_size=0, max_size=6)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


def _check(result: Any) -> None:
    """Exit 0 or 2, no traceback; a refusal says ``error:``."""
    output = result.output
    assert result.exit_code in (0, 2), (result.exit_code, output, result.exception)
    assert "Traceback" not in output, output
    if result.exit_code == 2:
        assert "error:" in output, output


def _invoke(args: list[str], **kwargs: Any) -> Any:
    result = runner.invoke(app, args, **kwargs)
    _check(result)
    command = next((a for a in args if a in COMMANDS), "(no command)")
    event(f"{command} exit {result.exit_code}")  # --hypothesis-show-statistics shows the mix
    return result


@FAST
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx", ".json", ".txt"]))
def test_evaluate_any_bytes(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"realisasi{suffix}"
        path.write_bytes(raw)
        _invoke(["evaluate", str(path)])
        _invoke(["--lang", "en", "evaluate", str(path), "--output", str(Path(folder) / "r.json")])


@FAST
@given(st.binary(max_size=400), st.sampled_from(CODES))
def test_calc_any_bytes(raw: bytes, code: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.json"
        path.write_bytes(raw)
        _invoke(["calc", code, "--input", str(path)])
    _invoke(["calc", code, "--input", "-", "--format", "table"], input=raw)


def _write_table(path: Path, header: list[str], rows: list[list[str]], delimiter: str) -> None:
    if path.suffix == ".csv":
        lines = [delimiter.join(row) for row in [header, *rows]]
        path.write_text("\n".join(lines) + "\n", "utf-8")
        return
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [header, *rows]:
        values: list[object] = []
        for cell in row:
            try:  # numbers as numbers, sometimes, as a spreadsheet would store them
                values.append(float(cell) if cell.strip() and len(cell) < 12 else cell)
            except ValueError:
                values.append(cell)
        try:
            sheet.append(values)
        except Exception:  # characters a workbook cannot hold: not a file anyone can send
            assume(False)
    book.save(path)


@FAST
@given(headers, tables, st.sampled_from([";", ",", "\t"]), st.sampled_from([".csv", ".xlsx"]))
def test_evaluate_any_small_table(
    header: list[str], rows: list[list[str]], delimiter: str, suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"realisasi{suffix}"
        _write_table(path, header, rows, delimiter)
        result = _invoke(["evaluate", str(path), "--chart", str(Path(folder) / "c.png")])
        if result.exit_code == 0:
            assert (Path(folder) / "c.png").exists()
        _invoke(["evaluate", str(path), "--decimal-mark", ".", "--cap", "120"])


@FAST
@given(st.sampled_from(CODES), st.dictionaries(st.text(max_size=10), json_values, max_size=4))
def test_calc_any_small_json_object(code: str, inputs: dict[str, Any]) -> None:
    from dppapp_indikator.registry import get_indicator

    fields = list(get_indicator(code).input_model.model_fields)
    # mix the model's own field names in, so that validation goes deeper than unknown keys
    named = {fields[i % len(fields)]: v for i, v in enumerate(inputs.values())} if fields else {}
    for payload in (inputs, named):
        try:
            text = json.dumps(payload)
        except ValueError:  # pragma: no cover - json.dumps accepts every generated value
            continue
        _invoke(["calc", code, "--input", "-"], input=text)


@FAST
@given(arguments, arguments, st.sampled_from(["", ".csv", ".xlsx", ".json", ".png", ".txt"]))
def test_other_commands_any_arguments(first: str, second: str, suffix: str) -> None:
    _invoke(["show", first])
    _invoke(["list", "--format", first])
    _invoke(["--lang", "en", "calc", first, "--input", second])
    _invoke([first])
    _invoke(["evaluate", first + suffix, "--decimal-mark", second])
    with tempfile.TemporaryDirectory() as folder:
        name = str(Path(folder) / (first.replace("/", "_") + suffix))
        _invoke(["template", name])
        _invoke(["template", name])  # exists now (or was refused): never a traceback
        _invoke(["evaluate", name, "--output", name, "--force"])
        _invoke(["synth", first, str(Path(folder) / "s"), "-n", "3", "-s", "1"])


@SLOW
@given(arguments, st.sampled_from(["", ".csv", ".xlsx", ".json", ".png", ".svg", ".txt"]))
def test_demo_any_output_names(name: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / (name.replace("/", "_") + suffix)
        _invoke(["demo", "--output", str(target), "--chart", str(target.with_name("c" + suffix))])


@SLOW
@given(st.sampled_from(["families", "survey", "women", "cats"]), st.integers(-2, 40))
def test_synth_any_kind_and_size(kind: str, rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _invoke(["synth", kind, str(Path(folder) / "out"), "-n", str(rows), "-s", "7"])
