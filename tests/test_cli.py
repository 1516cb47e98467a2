"""Tests of the command line (typer's test runner)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dppapp_indikator import __version__
from dppapp_indikator.cli import app

runner = CliRunner()
IBANGGA_2021 = {"ketenteraman": 55.99, "kemandirian": 52.09, "kebahagiaan": 53.96}


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("list", "show", "calc"):
        assert command in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"dppapp-indikator {__version__}"


def test_list_table_and_json() -> None:
    table = runner.invoke(app, ["list"])
    assert table.exit_code == 0
    assert "ibangga" in table.output
    as_json = runner.invoke(app, ["list", "--format", "json"])
    assert as_json.exit_code == 0
    records = json.loads(as_json.output)
    assert any(r["code"] == "ibangga" and r["iku"] == 1 for r in records)


def test_list_bad_format() -> None:
    result = runner.invoke(app, ["list", "--format", "xml"])
    assert result.exit_code == 2


def test_show() -> None:
    result = runner.invoke(app, ["show", "ibangga"])
    assert result.exit_code == 0
    meta = json.loads(result.output)
    assert meta["polarity"] == "higher"
    assert "ketenteraman" in meta["inputs"]["properties"]
    assert runner.invoke(app, ["show", "nope"]).exit_code == 2


def test_calc_from_file_json(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(IBANGGA_2021))
    result = runner.invoke(app, ["calc", "ibangga", "--input", str(path)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    # BKKBN 2021: published iBangga 54.01
    assert round(payload["value"], 2) == 54.01
    assert payload["category"] == "berkembang"


def test_calc_from_stdin_table() -> None:
    result = runner.invoke(
        app,
        ["calc", "ibangga", "--input", "-", "--format", "table"],
        input=json.dumps(IBANGGA_2021),
    )
    assert result.exit_code == 0, result.output
    assert "berkembang" in result.output
    assert "54.0133" in result.output


def test_calc_invalid_inputs_exit_1() -> None:
    bad = dict(IBANGGA_2021, ketenteraman=155.0)
    result = runner.invoke(app, ["calc", "ibangga", "--input", "-"], input=json.dumps(bad))
    assert result.exit_code == 1
    assert "ketenteraman" in result.output
    assert "155" in result.output


def test_calc_usage_errors_exit_2(tmp_path: Path) -> None:
    malformed = tmp_path / "bad.json"
    malformed.write_text("{oops")
    assert runner.invoke(app, ["calc", "ibangga", "--input", str(malformed)]).exit_code == 2
    missing = tmp_path / "missing.json"
    assert runner.invoke(app, ["calc", "ibangga", "--input", str(missing)]).exit_code == 2
    assert runner.invoke(app, ["calc", "nope", "--input", "-"], input="{}").exit_code == 2
    assert runner.invoke(app, ["calc", "ibangga", "--input", "-"], input="[1, 2]").exit_code == 2
    assert (
        runner.invoke(app, ["calc", "ibangga", "--input", "-", "-f", "xml"], input="{}").exit_code
        == 2
    )
