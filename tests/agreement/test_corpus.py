"""The realisation-file corpus (tests/data/agreement) through the command line, end to end.

Each file's expected outcome is in tests/data/agreement/expected.toml, with the hand
computation beside every number.
"""

from __future__ import annotations

import json
import math
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dppapp_indikator.cli import app

DATA = Path(__file__).parent.parent / "data" / "agreement"
CASES: list[dict[str, Any]] = tomllib.loads((DATA / "expected.toml").read_text("utf-8"))["case"]
runner = CliRunner()


def _id(case: dict[str, Any]) -> str:
    return case["file"] + ("".join(case.get("args", [])) and " " + " ".join(case["args"]))


def _run(folder: Path, case: dict[str, Any]) -> tuple[Any, list[dict[str, Any]]]:
    for item in DATA.iterdir():
        shutil.copy(item, folder / item.name)
    report = folder / "report.json"
    args = [str(folder / a) if (folder / a).is_file() else a for a in case.get("args", [])]
    result = runner.invoke(
        app,
        ["--lang", "en", "evaluate", str(folder / case["file"]), *args, "--output", str(report)],
    )
    records = json.loads(report.read_text("utf-8")) if report.exists() else []
    return result, records


def _row(records: list[dict[str, Any]], number: int, period: str) -> dict[str, Any]:
    found = [r for r in records if r["number"] == number and r["period"] == period]
    assert len(found) == 1, (number, period, [(r["number"], r["period"]) for r in records])
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_corpus_file(case: dict[str, Any], tmp_path: Path) -> None:
    result, records = _run(tmp_path, case)
    assert "Traceback" not in result.output
    if case["exit"] == 0:
        assert result.exit_code == 0, result.output
        for expected in case["rows"]:
            got = _row(records, expected["number"], expected["period"])["achievement"]
            if math.isnan(expected["achievement"]):
                assert got is None
            else:
                assert got == pytest.approx(expected["achievement"], rel=1e-12, abs=1e-12)
        for absent in case.get("absent", []):
            assert not [
                r
                for r in records
                if r["number"] == absent["number"] and r["period"] == absent["period"]
            ]
        flagged = {(r["number"], r["period"]) for r in records if r["mismatch"]}
        assert flagged == {(m["number"], m["period"]) for m in case.get("mismatch", [])}
    else:
        # a refused file: no report, a non-zero exit naming every bad cell
        assert result.exit_code == 2, result.output
        assert not records
        assert result.output.startswith("error:")
        for address in case["cells"]:
            assert f"cell {address} " in result.output, (address, result.output)
        assert case["message"] in result.output.replace("\n", " ")


def test_to_date_and_per_quarter_files_give_the_same_report(tmp_path: Path) -> None:
    reports = []
    for name, entries in (("per_quarter.csv", "per-quarter"), ("to_date.csv", "to-date")):
        out = tmp_path / f"{name}.json"
        result = runner.invoke(
            app, ["evaluate", str(DATA / name), "--entries", entries, "--output", str(out)]
        )
        assert result.exit_code == 0, result.output
        reports.append(out.read_bytes())
    assert reports[0] == reports[1]
    assert len(json.loads(reports[0])) == 18  # 14 quarterly rows + 4 annual rows


def test_pk2025_through_its_agreement_workbook(tmp_path: Path) -> None:
    """Another year's agreement: TOML -> agreement-template workbook -> evaluate."""
    workbook = tmp_path / "pk2025.xlsx"
    written = runner.invoke(
        app,
        [
            "agreement-template",
            str(workbook),
            "--agreement",
            str(DATA / "pk2025_illustrative.toml"),
        ],
    )
    assert written.exit_code == 0, written.output
    outputs = []
    for agreement in (DATA / "pk2025_illustrative.toml", workbook):
        out = tmp_path / f"{agreement.suffix[1:]}.json"
        result = runner.invoke(
            app,
            [
                "evaluate",
                str(DATA / "pk2025_realisations.csv"),
                "--agreement",
                str(agreement),
                "--entries",
                "to-date",
                "--output",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        assert "Tahun 2025" in result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    annual = _row(json.loads(outputs[0]), 4, "Tahunan")
    assert annual["target"] == 75.0  # 15 + 17 + 20 + 23, not PK 2024's 71


def test_template_for_another_agreement(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    result = runner.invoke(
        app, ["template", str(target), "--agreement", str(DATA / "pk2025_illustrative.toml")]
    )
    assert result.exit_code == 0, result.output
    lines = target.read_text("utf-8-sig").splitlines()
    assert lines[1] == "1;TW IV;Indeks Pembangunan Keluarga (iBangga);Indeks;64,1;"
    assert len(lines) == 1 + 1 + 1 + 5 + 1 + 1  # header, IKU 1 (2), IKU 4 (5), IKU 5 (2)


def test_bad_agreement_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        (DATA / "pk2025_illustrative.toml")
        .read_text("utf-8")
        .replace("tw4 = 2.20, annual = 2.20", "tw4 = 22.0, annual = 22.0"),
        "utf-8",
    )
    result = runner.invoke(
        app, ["evaluate", str(DATA / "pk2025_realisations.csv"), "--agreement", str(bad)]
    )
    assert result.exit_code == 2
    assert "--agreement" in result.output and "valid_range" in result.output
    assert "Traceback" not in result.output
