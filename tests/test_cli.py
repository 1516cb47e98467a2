"""Tests of the command line (typer's test runner)."""

from __future__ import annotations

import json
import re
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
    assert "kategori indeks" in result.output  # an index's category, not an achievement's
    assert "54,0133" in result.output  # Indonesian notation by default


def test_calc_invalid_inputs_exit_2() -> None:
    bad = dict(IBANGGA_2021, ketenteraman=155.0)
    result = runner.invoke(app, ["calc", "ibangga", "--input", "-"], input=json.dumps(bad))
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
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


# --------------------------------------------------------------------------- agreement commands

SEED_ROWS = 63  # PK 2024: periods with a target, counted in the seed's table (N/A left out)


def _filled_template(tmp_path: Path) -> Path:
    """The CSV template with IKU 1 and IKU 5 filled in (Indonesian notation)."""
    path = tmp_path / "realisasi.csv"
    assert runner.invoke(app, ["template", str(path)]).exit_code == 0
    lines = path.read_text("utf-8-sig").splitlines()
    fills = {("1", "Tahunan"): "63,1", ("5", "Tahunan"): "2,10", ("13", "TW III"): "50%"}
    out = [lines[0]]
    for line in lines[1:]:
        number, period = line.split(";")[:2]
        out.append(line + fills.get((number, period), ""))
    path.write_text("\n".join(out) + "\n", "utf-8")
    return path


def test_help_lists_agreement_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("template", "evaluate", "demo"):
        assert command in result.output


def test_template_csv_and_xlsx(tmp_path: Path) -> None:
    import openpyxl

    csv_path = tmp_path / "t.csv"
    result = runner.invoke(app, ["template", str(csv_path)])
    assert result.exit_code == 0, result.output
    assert f"{SEED_ROWS} baris" in result.output
    assert len(csv_path.read_text("utf-8-sig").splitlines()) == SEED_ROWS + 1
    # an existing file is not overwritten without --force
    assert runner.invoke(app, ["template", str(csv_path)]).exit_code == 2
    assert runner.invoke(app, ["template", str(csv_path), "--force"]).exit_code == 0
    xlsx_path = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["template", str(xlsx_path)]).exit_code == 0
    sheet = openpyxl.load_workbook(xlsx_path)["Realisasi"]
    assert sheet.max_row == SEED_ROWS + 1
    bad = runner.invoke(app, ["template", str(tmp_path / "t.ods")])
    assert bad.exit_code == 2
    assert "FILE harus berakhiran .csv, .xlsx" in bad.output


def test_evaluate_prints_achievement_and_category(tmp_path: Path) -> None:
    path = _filled_template(tmp_path)
    result = runner.invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # IKU 1: 63.1 / 63.46 x 100 = 99.43 % (PermenPANRB 8/2021, higher is better) -> >= 91
    iku1 = next(line for line in lines if "iBangga" in line and "63,1 " in line)
    assert "99,43" in iku1 and "sangat tinggi" in iku1
    # IKU 5 (TFR, lower is better): (2 - 2.10 / 2.23) x 100 = 105.83 %
    iku5 = next(line for line in lines if "(TFR)" in line and "2,1 " in line)
    assert "105,83" in iku5
    # IKU 13 TW III: 50 / 55 x 100 = 90.91 % -> tinggi (76 - < 91)
    iku13 = next(line for line in lines if "Inventarisasi BMD" in line and "TW III" in line)
    assert "90,91" in iku13 and "tinggi" in iku13
    assert f"{SEED_ROWS} baris dibaca" in result.output
    assert "3 realisasi dinilai untuk 21 indikator" in result.output


def test_evaluate_writes_report_and_chart(tmp_path: Path) -> None:
    path = _filled_template(tmp_path)
    report, chart = tmp_path / "laporan.json", tmp_path / "grafik.png"
    result = runner.invoke(
        app, ["evaluate", str(path), "--output", str(report), "--chart", str(chart)]
    )
    assert result.exit_code == 0, result.output
    records = json.loads(report.read_text("utf-8"))
    assert len(records) == SEED_ROWS
    tfr = next(r for r in records if r["number"] == 5 and r["period"] == "Tahunan")
    assert round(tfr["achievement"], 2) == 105.83  # (2 - 2.10 / 2.23) x 100
    assert chart.read_bytes()[:4] == b"\x89PNG"
    xlsx = tmp_path / "laporan.xlsx"
    assert runner.invoke(app, ["evaluate", str(path), "-o", str(xlsx)]).exit_code == 0
    import openpyxl

    assert openpyxl.load_workbook(xlsx).sheetnames == ["Ringkasan", "Triwulan", "Rencana Aksi"]


def test_evaluate_bad_cells_exit_2_and_listed(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "number;period;realisation\n1;Tahunan;enam puluh\n5;TW 9;2,1\n99;Tahunan;1\n", "utf-8"
    )
    result = runner.invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert "3 bad cells" in result.output
    assert "cell C2" in result.output and "'enam puluh'" in result.output
    assert "cell B3" in result.output and "'TW 9'" in result.output
    assert "cell A4" in result.output and "not an indicator of the agreement" in result.output


def test_evaluate_content_errors_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing_columns.csv"
    missing.write_text("number;realisation\n1;60\n", "utf-8")
    result = runner.invoke(app, ["evaluate", str(missing)])
    assert result.exit_code == 2
    assert "missing required column(s): 'period'" in result.output
    duplicate = tmp_path / "duplicate.csv"
    duplicate.write_text("number;period;realisation\n1;Tahunan;60\n1;tahunan;61\n", "utf-8")
    result = runner.invoke(app, ["evaluate", str(duplicate)])
    assert result.exit_code == 2
    assert "already given in row 2" in result.output


def test_evaluate_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["evaluate", str(tmp_path / "nope.csv")]).exit_code == 2
    assert runner.invoke(app, ["evaluate", str(tmp_path / "nope.xlsx")]).exit_code == 2
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"not a workbook")
    result = runner.invoke(app, ["evaluate", str(corrupt)])
    assert result.exit_code == 2
    assert "not a readable .xlsx workbook" in result.output
    empty = tmp_path / "empty.csv"
    empty.write_text("", "utf-8")
    assert runner.invoke(app, ["evaluate", str(empty)]).exit_code == 2
    other = tmp_path / "r.txt"
    other.write_text("number;period;realisation\n", "utf-8")
    assert runner.invoke(app, ["evaluate", str(other)]).exit_code == 2
    good = _filled_template(tmp_path)
    assert runner.invoke(app, ["evaluate", str(good), "-o", "r.ods"]).exit_code == 2
    assert runner.invoke(app, ["evaluate", str(good), "--decimal-mark", ";"]).exit_code == 2
    assert runner.invoke(app, ["evaluate"]).exit_code == 2


def test_evaluate_reports_warnings(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("number;period;realisation;catatan\n1;Tahunan;60;ok\n", "utf-8")
    result = runner.invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "warning: column 'catatan' (D) is not used" in result.output


def test_demo_runs_without_arguments() -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "BUKAN" in output and "data resmi" in output  # the inputs are illustrative
    for code in ("ibangga", "idg", "tfr", "pkp", "kla_nindya_share", "sdi_quality", "nka"):
        assert f" {code} " in output
    # every one of the 21 indicators has a row in the annual table
    start = output.index("capaian tahunan")
    end = output.index("capaian per triwulan")
    rows = [line for line in output[start:end].splitlines() if re.match(r"^\s*\d+  ", line)]
    assert [int(line.split()[0]) for line in rows] == list(range(1, 22))
    assert "21 indikator dinilai" in output
    # iBangga from the example inputs: (61.8 + 60.2 + 68.9) / 3 = 63.63; 63.63 / 63.46 = 100.27 %
    iku1 = next(line for line in rows if "iBangga" in line)
    assert "63,63" in iku1 and "100,27" in iku1


def test_demo_writes_report(tmp_path: Path) -> None:
    report = tmp_path / "demo.json"
    result = runner.invoke(app, ["demo", "--output", str(report)])
    assert result.exit_code == 0, result.output
    records = json.loads(report.read_text("utf-8"))
    assert sorted({r["number"] for r in records}) == list(range(1, 22))
    assert runner.invoke(app, ["demo", "--output", "demo.txt"]).exit_code == 2


def test_synth_writes_reproducible_parquet(tmp_path: Path) -> None:
    import pandas as pd

    first = runner.invoke(
        app, ["synth", "women", str(tmp_path / "a"), "--rows", "500", "--seed", "7"]
    )
    assert first.exit_code == 0, first.output
    again = runner.invoke(
        app, ["synth", "women", str(tmp_path / "b"), "--rows", "500", "--seed", "7", "-p", "3"]
    )
    assert again.exit_code == 0, again.output
    a = pd.read_parquet(tmp_path / "a").sort_values("caseid").reset_index(drop=True)
    b = pd.read_parquet(tmp_path / "b").sort_values("caseid").reset_index(drop=True)
    assert len(a) == 500
    pd.testing.assert_frame_equal(a, b)


def test_synth_bad_input_exit_codes(tmp_path: Path) -> None:
    bad_kind = runner.invoke(app, ["synth", "cats", str(tmp_path / "x"), "-n", "5", "-s", "1"])
    assert bad_kind.exit_code == 2
    assert "kind" in bad_kind.output
    runner.invoke(app, ["synth", "survey", str(tmp_path / "y"), "-n", "5", "-s", "1"])
    exists = runner.invoke(app, ["synth", "survey", str(tmp_path / "y"), "-n", "5", "-s", "1"])
    assert exists.exit_code == 2
