"""Tests of the command line (typer's test runner)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dppapp_indikator import __version__, _i18n
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
    result = runner.invoke(app, ["--lang", "en", "evaluate", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert "3 bad cells" in result.output
    assert "cell C2" in result.output and "'enam puluh'" in result.output
    assert "cell B3" in result.output and "'TW 9'" in result.output
    assert "cell A4" in result.output and "not an indicator of the agreement" in result.output


def test_evaluate_content_errors_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing_columns.csv"
    missing.write_text("number;realisation\n1;60\n", "utf-8")
    result = runner.invoke(app, ["--lang", "en", "evaluate", str(missing)])
    assert result.exit_code == 2
    assert "missing required column(s): 'period'" in result.output
    duplicate = tmp_path / "duplicate.csv"
    duplicate.write_text("number;period;realisation\n1;Tahunan;60\n1;tahunan;61\n", "utf-8")
    result = runner.invoke(app, ["--lang", "en", "evaluate", str(duplicate)])
    assert result.exit_code == 2
    assert "already given in row 2" in result.output


def test_evaluate_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["evaluate", str(tmp_path / "nope.csv")]).exit_code == 2
    assert runner.invoke(app, ["evaluate", str(tmp_path / "nope.xlsx")]).exit_code == 2
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"not a workbook")
    result = runner.invoke(app, ["--lang", "en", "evaluate", str(corrupt)])
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


# --------------------------------------------------------------------------- errors


def test_unexpected_failure_is_one_line_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dppapp_indikator.registry as registry

    def broken() -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(registry, "indicators", broken)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "ZeroDivisionError: a bug" in lines[0] and "--debug" in lines[0]
    assert "issue tracker" in runner.invoke(app, ["--lang", "en", "list"]).output
    debug = runner.invoke(app, ["--debug", "list"])
    assert debug.exit_code == 1
    assert "Traceback (most recent call last)" in debug.output
    assert "ZeroDivisionError: a bug" in debug.output


def test_library_user_errors_exit_2_with_their_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import dppapp_indikator.registry as registry
    from dppapp_indikator._checks import InvalidInputError

    def refuse() -> None:
        raise InvalidInputError("answer", "must be 42", 41)

    monkeypatch.setattr(registry, "indicators", refuse)
    result = runner.invoke(app, ["--lang", "en", "list"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: `answer` must be 42; got 41"


def test_usage_errors_say_error_and_what_to_do() -> None:
    result = runner.invoke(app, ["evaluate", "x.csv", "--nope"])
    assert result.exit_code == 2
    assert result.output.startswith("error: No such option: --nope")
    assert "dppapp-indikator evaluate --help" in result.output
    assert "Traceback" not in result.output
    assert runner.invoke(app, ["--lang", "fr", "list"]).exit_code == 2
    bare = runner.invoke(app, [])
    assert bare.exit_code == 0 and "evaluate" in bare.output


def test_calc_input_encodings(tmp_path: Path) -> None:
    text = json.dumps(IBANGGA_2021)
    for name, raw in (("plain.json", text.encode()), ("bom.json", b"\xef\xbb\xbf" + text.encode())):
        path = tmp_path / name
        path.write_bytes(raw)
        result = runner.invoke(app, ["calc", "ibangga", "--input", str(path)])
        assert result.exit_code == 0, result.output
        assert round(json.loads(result.output)["value"], 2) == 54.01  # BKKBN 2021
    cases = {
        "utf16.json": (text.encode("utf-16"), "UTF-16 LE"),
        "utf16be.json": (text.encode("utf-16-be"), "UTF-16 BE (no mark)"),
        "book.json": (b"PK\x03\x04" + bytes(20), "Excel workbook"),
        "nul.json": (b"{\x00}", "biner"),
        "latin1.json": ('{"nama": "Bogor\xe9"}'.encode("latin-1"), "bukan teks UTF-8"),
        "deep.json": (b"[" * 100_000, "bukan JSON yang sah"),
        "empty.json": (b"  \n", "kosong"),
    }
    for name, (raw, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(raw)
        result = runner.invoke(app, ["calc", "ibangga", "--input", str(path)])
        assert result.exit_code == 2, (name, result.output)
        assert result.output.startswith("error: ") and expected in result.output, name
    assert runner.invoke(app, ["calc", "ibangga", "-i", str(tmp_path)]).exit_code == 2
    stdin = runner.invoke(app, ["calc", "ibangga", "-i", "-"], input=text.encode("utf-16"))
    assert stdin.exit_code == 2 and "UTF-16" in stdin.output


def test_evaluate_utf16_and_binary_csv(tmp_path: Path) -> None:
    good = "number;period;realisation\n1;Tahunan;63,1\n"
    utf16 = tmp_path / "r16.csv"
    utf16.write_bytes(good.encode("utf-16"))
    result = runner.invoke(app, ["--lang", "en", "evaluate", str(utf16)])
    assert (
        result.exit_code == 2 and "UTF-16 LE text" in result.output and "CSV UTF-8" in result.output
    )
    pdf = tmp_path / "r.csv"
    pdf.write_bytes(b"%PDF-1.7 ...")
    result = runner.invoke(app, ["--lang", "en", "evaluate", str(pdf)])
    assert result.exit_code == 2 and "PDF document" in result.output
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + good.encode())
    result = runner.invoke(app, ["evaluate", str(bom)])
    assert result.exit_code == 0, result.output
    assert "99,43" in result.output  # 63.1 / 63.46 x 100 (PermenPANRB 8/2021)


# --------------------------------------------------------------------------- output paths


def test_output_path_rules(tmp_path: Path) -> None:
    source = _filled_template(tmp_path)
    before = source.read_bytes()

    def run(*extra: str) -> Any:
        return runner.invoke(app, ["evaluate", str(source), *extra])

    # never the input file, even with --force or through another spelling of its path
    for target in (str(source), str(tmp_path / "." / source.name)):
        result = run("--output", target.replace(".csv", ".csv"), "--force")
        assert result.exit_code == 2, result.output
        assert "file input itu sendiri" in result.output
    xlsx = tmp_path / "filled.xlsx"
    assert runner.invoke(app, ["template", str(xlsx)]).exit_code == 0
    result = runner.invoke(app, ["evaluate", str(xlsx), "--output", str(xlsx), "--force"])
    assert result.exit_code == 2 and "file input itu sendiri" in result.output
    assert source.read_bytes() == before
    # only supported extensions, checked before anything is read or written
    for option, name in (("--output", "r.ods"), ("--output", "r"), ("--chart", "x.txt")):
        result = run(option, str(tmp_path / name))
        assert result.exit_code == 2 and "harus berakhiran" in result.output, name
        assert not (tmp_path / name).exists()
    # an existing file only with --force; nothing is written when refused
    report, chart = tmp_path / "laporan.json", tmp_path / "grafik.png"
    report.write_text("old", "utf-8")
    result = run("--output", str(report), "--chart", str(chart))
    assert result.exit_code == 2 and "--force" in result.output
    assert report.read_text("utf-8") == "old" and not chart.exists()
    result = run("--output", str(report), "--chart", str(chart), "--force")
    assert result.exit_code == 0, result.output
    assert json.loads(report.read_text("utf-8"))[0]["number"] == 1
    assert chart.read_bytes()[:4] == b"\x89PNG"
    # a folder, a missing folder, the same file twice
    (tmp_path / "folder.json").mkdir()
    assert "folder" in run("--output", str(tmp_path / "folder.json")).output
    assert run("--output", str(tmp_path / "missing" / "r.json")).exit_code == 2
    same = run("--output", str(tmp_path / "a.json"), "--chart", str(tmp_path / "a.json"))
    assert same.exit_code == 2
    # demo and template follow the same rules
    assert runner.invoke(app, ["demo", "--output", str(report)]).exit_code == 2
    assert runner.invoke(app, ["demo", "--chart", str(tmp_path / "c.txt")]).exit_code == 2
    assert runner.invoke(app, ["template", str(report)]).exit_code == 2


# --------------------------------------------------------------------------- language


def test_language_switch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _filled_template(tmp_path)
    indonesian = runner.invoke(app, ["evaluate", str(path)]).output
    english = runner.invoke(app, ["--lang", "en", "evaluate", str(path)]).output
    for word in ("capaian tahunan", "kategori capaian", "baris dibaca", "triwulan"):
        assert word in indonesian and word not in english
    for word in ("annual achievement", "achievement category", "rows read", "quarterly"):
        assert word in english and word not in indonesian
    # numbers follow the language: 63.1 / 63.46 x 100 = 99.43 %
    assert "99,43" in indonesian and "99.43" in english
    # official labels stay as the agreement writes them
    assert "sangat tinggi" in english and "Tahunan" in english
    # index category vs achievement category
    table = runner.invoke(
        app,
        ["--lang", "en", "calc", "ibangga", "-i", "-", "-f", "table"],
        input=json.dumps(IBANGGA_2021),
    )
    assert "index category" in table.output and "54.0133" in table.output
    # messages too; the environment variable sets the default
    refused = runner.invoke(app, ["--lang", "en", "template", str(path)])
    assert "exists; pass --force" in refused.output
    monkeypatch.setenv("DPPAPP_INDIKATOR_LANG", "en")
    assert "annual achievement" in runner.invoke(app, ["evaluate", str(path)]).output
    assert "capaian tahunan" in runner.invoke(app, ["--lang", "id", "evaluate", str(path)]).output
    listing = runner.invoke(app, ["list"]).output
    assert "lower is better" in listing


def test_rupiah_in_indonesian_notation() -> None:
    inputs = {
        "weights": "pmk-22-2021",
        "budget_realisation": 734_881_464_333,
        "budget_ceiling": 855_830_897_000,
        "consistency": 99.61,
        "output_achievement": 99.72,
        "efficiency_score": 59.98,
    }
    result = runner.invoke(app, ["calc", "nka", "-i", "-", "-f", "table"], input=json.dumps(inputs))
    assert result.exit_code == 0, result.output
    assert "Rp 734.881.464.333" in result.output
    assert "Rp 855.830.897.000" in result.output
    # PMK 214/2017: 734,881,464,333 / 855,830,897,000 = 85.87 % (printed with 6 digits)
    assert "85,867602" in result.output


# --------------------------------------------------------------------------- 80 columns


def _render(renderables: list[Any], width: int) -> str:
    from rich.console import Console

    console = Console(width=width, record=True, soft_wrap=False, color_system=None)
    for item in renderables:
        console.print(item)
    return console.export_text()


def _wide_evaluation() -> Any:
    import pandas as pd

    from dppapp_indikator.agreement import evaluate, load_agreement

    agreement = load_agreement()
    realisations = pd.DataFrame(
        {
            "number": [1, 4, 4, 5, 13, 6],
            "period": ["Tahunan", "TW I", "TW II", "Tahunan", "TW III", "Tahunan"],
            "realisation": [63.1, 14.35, 16.39, 2.10, 50.0, 49.44],
        }
    )
    evaluation = evaluate(agreement, realisations)
    # an absurd value never passes evaluate (the agreement's valid range refuses it): put it in
    # the frame directly to check how the printer shows one
    row = (evaluation["number"] == 4) & (evaluation["period"] == "TW II")
    evaluation.loc[row, "realisation"] = 1e12
    evaluation.loc[row, "achievement"] = 1e12 / 16.39 * 100
    return agreement, evaluation


def test_tables_at_80_columns_keep_every_column_whole() -> None:
    from dppapp_indikator.cli import _evaluation_tables

    agreement, evaluation = _wide_evaluation()
    for language in ("id", "en"):
        _i18n.set_language(language)
        try:
            text = _render(_evaluation_tables(evaluation, agreement.title, 80), 80)
        finally:
            _i18n.set_language("id")
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= 80
        headers = [
            _i18n.MESSAGES[language][key]
            for key in (
                "iku",
                "period",
                "target",
                "realisation",
                "achievement",
                "achievement_category",
            )
        ]
        header_lines = [line for line in lines if line.startswith("IKU ")]
        assert len(header_lines) == 2  # the annual and the quarterly table
        for line in header_lines:
            for header in headers:
                assert header in line, (language, header, line)
        dot = "," if language == "id" else "."
        # every value whole, on its row: IKU 1 annual 63,1 / 63,46 -> 99,43 sangat tinggi
        # (PermenPANRB 8/2021); IKU 5 (2 - 2,1 / 2,23) x 100 = 105,83; IKU 13 TW III
        # 50 / 55 = 90,91 tinggi; IKU 4 TW II 1e12 / 16,39 shown whole
        expected = {
            ("1", "Tahunan"): [
                "63" + dot + "46",
                "63" + dot + "1",
                "99" + dot + "43",
                "sangat tinggi",
            ],
            ("5", "Tahunan"): [
                "2" + dot + "23",
                "2" + dot + "1",
                "105" + dot + "83",
                "sangat tinggi",
            ],
            ("13", "TW III"): ["55", "50", "90" + dot + "91", "tinggi"],
            ("4", "TW I"): ["14" + dot + "35", "14" + dot + "35", "100", "sangat tinggi"],
            # absurd values in scientific notation: 1e12 / 16.39 x 100 = 6.10e12 %
            ("4", "TW II"): ["16" + dot + "39", "1" + dot + "00e12", "6" + dot + "10e12"],
            # the year so far (entered before the absurd value was put in the frame): target
            # to date 14,35 + 16,39 = 30,74, realisation 30,74 -> 100 %
            ("4", "s.d. TW II"): ["30" + dot + "74", "100", "sangat tinggi"],
        }
        for (number, period), values in expected.items():
            row = next(
                line
                for line in lines
                if line.split()
                and line.split()[0] == number
                and f" {period} " in line
                and (period.startswith("s.d.") or f"s.d. {period} " not in line)
            )
            for value in values:
                assert f" {value}" in row, (language, number, period, value, row)
        # the indicator name shrinks (with an ellipsis), never the numbers
        assert any("…" in line for line in lines)
    # a wide console shows the names whole and the notes in a column
    wide = _render(_evaluation_tables(evaluation, agreement.title, 200), 200)
    assert "Total Fertility Rate (TFR)" in wide and "catatan" in wide.splitlines()[1]


def test_evaluate_honours_the_terminal_width(tmp_path: Path) -> None:
    path = _filled_template(tmp_path)
    narrow = runner.invoke(app, ["evaluate", str(path)], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    assert max(len(line) for line in narrow.output.splitlines()) <= 80
    assert "kategori capaian" in narrow.output and "99,43" in narrow.output
    wide = runner.invoke(app, ["evaluate", str(path)], env={"COLUMNS": "200"})
    assert max(len(line) for line in wide.output.splitlines()) > 80


def test_non_finite_achievement_never_crashes_the_printer() -> None:
    from dppapp_indikator.cli import _evaluation_tables

    agreement, evaluation = _wide_evaluation()
    evaluation = evaluation.copy()
    evaluation["achievement"] = evaluation["achievement"].astype("float64")
    evaluation.loc[0, "achievement"] = float("inf")
    evaluation.loc[1, "achievement"] = float("-inf")
    evaluation.loc[2, "realisation"] = 1e308
    evaluation.loc[2, "achievement"] = 1e308
    text = _render(_evaluation_tables(evaluation, agreement.title, 80), 80)
    assert "∞" in text and "-∞" in text and "1,00e308" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_unexpected_failure_names_the_issue_tracker_when_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.metadata

    import dppapp_indikator.registry as registry

    class Metadata:
        def get_all(self, name: str) -> list[str]:
            return ["Documentation, https://example.org/docs", "Issues, https://example.org/issues"]

    def broken() -> None:
        raise KeyError("x")

    monkeypatch.setattr(registry, "indicators", broken)
    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: Metadata())
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 1
    assert result.output.strip().endswith("(https://example.org/issues)")
