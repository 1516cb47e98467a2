"""The agreement workbook: PK 2024 written and read back, edits, and errors by sheet/row/column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from dppapp_indikator.agreement import load_agreement
from dppapp_indikator.agreement.sheet import (
    AGREEMENT_SHEETS,
    INDICATOR_COLUMNS,
    AgreementSheetError,
    read_agreement_sheet,
    write_agreement_sheet,
)
from dppapp_indikator.cli import app

PK = load_agreement()
runner = CliRunner()


def _edit(path: Path, sheet: str, edits: dict[str, Any]) -> Path:
    book = openpyxl.load_workbook(path)
    for address, value in edits.items():
        book[sheet][address] = value
    book.save(path)
    return path


def _column(name: str) -> str:
    return openpyxl.utils.get_column_letter(INDICATOR_COLUMNS.index(name) + 1)


def test_pk2024_round_trip_through_the_workbook(tmp_path: Path) -> None:
    path = write_agreement_sheet(tmp_path / "pk.xlsx")
    assert openpyxl.load_workbook(path).sheetnames == list(AGREEMENT_SHEETS)
    again = read_agreement_sheet(path)
    assert again == PK  # every indicator, target, rule, action plan and fix
    assert load_agreement(path) == PK


def test_cli_agreement_template_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "pk.xlsx"
    result = runner.invoke(app, ["agreement-template", str(path)])
    assert result.exit_code == 0, result.output
    assert load_agreement(path) == PK
    again = runner.invoke(app, ["agreement-template", str(path)])
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(app, ["agreement-template", str(path), "--force"]).exit_code == 0
    wrong = runner.invoke(app, ["agreement-template", str(tmp_path / "pk.csv")])
    assert wrong.exit_code == 2 and ".xlsx" in wrong.output


def test_text_stays_text(tmp_path: Path) -> None:
    path = write_agreement_sheet(tmp_path / "pk.xlsx")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_edited_targets_and_a_range_target(tmp_path: Path) -> None:
    path = write_agreement_sheet(tmp_path / "pk.xlsx")
    # row 5 = IKU 4: new targets typed as text with a decimal comma, and a range
    _edit(
        path,
        "Indikator",
        {
            f"{_column('tw1')}5": "15,5",
            f"{_column('tw2')}5": 17,
            f"{_column('tw3')}5": "20",
            f"{_column('tw4')}5": "22,5",
            f"{_column('annual')}5": "70 - 80",
        },
    )
    _edit(path, "Perjanjian", {"B4": 2025})
    agreement = read_agreement_sheet(path)
    assert agreement.year == 2025
    targets = agreement.indicator(4).targets
    assert (targets.tw1, targets.tw2, targets.tw3, targets.tw4) == (15.5, 17.0, 20.0, 22.5)
    assert targets.bounds("Tahunan") == (70.0, 80.0)


def test_percent_formatted_target_is_percent(tmp_path: Path) -> None:
    path = write_agreement_sheet(tmp_path / "pk.xlsx")
    book = openpyxl.load_workbook(path)
    cell = book["Indikator"][f"{_column('annual')}7"]  # row 7 = IKU 6, target 49,44
    cell.value = 0.4944
    cell.number_format = "0.00%"
    book["Indikator"][f"{_column('tw4')}7"] = 49.44
    book.save(path)
    assert read_agreement_sheet(path).indicator(6).targets.annual == 49.44


def test_every_bad_cell_named_by_sheet_row_and_column(tmp_path: Path) -> None:
    path = write_agreement_sheet(tmp_path / "pk.xlsx")
    _edit(
        path,
        "Indikator",
        {
            f"{_column('tw2')}5": "abc",  # IKU 4
            f"{_column('polarity')}6": "sideways",  # IKU 5
            f"{_column('annual')}13": 5.0,  # IKU 12: above its range [0, 4]
            f"{_column('quarter_kind')}14": "per_quarter",  # IKU 13 aggregates by "last"
        },
    )
    with pytest.raises(AgreementSheetError) as info:
        read_agreement_sheet(path)
    message = str(info.value)
    assert f"sheet 'Indikator', row 5, column 'tw2' ({_column('tw2')}5)" in message
    assert "got 'abc'" in message
    assert f"row 6, column 'polarity' ({_column('polarity')}6)" in message
    assert "row 13" in message and "valid_range [0, 4]" in message
    assert "row 14" in message and "quarter_kind 'per_quarter'" in message
    assert len(info.value.problems) == 4


def test_missing_sheet_and_column(tmp_path: Path) -> None:
    path = write_agreement_sheet(tmp_path / "pk.xlsx")
    book = openpyxl.load_workbook(path)
    del book["Perjanjian"]
    book["Indikator"].delete_cols(INDICATOR_COLUMNS.index("unit") + 1)
    book.save(path)
    with pytest.raises(AgreementSheetError) as info:
        read_agreement_sheet(path)
    message = str(info.value)
    assert "no sheet 'Perjanjian'" in message
    assert "column 'unit'" in message and "missing column" in message


def test_duplicate_numbers_and_bad_year(tmp_path: Path) -> None:
    path = write_agreement_sheet(tmp_path / "pk.xlsx")
    _edit(path, "Indikator", {"A3": 1})
    _edit(path, "Perjanjian", {"B4": 1850})
    with pytest.raises(AgreementSheetError) as info:
        read_agreement_sheet(path)
    message = str(info.value)
    assert "sheet 'Perjanjian', row 4" in message and "1850" in message
    assert "repeated: [1]" in message


def test_unreadable_workbooks(tmp_path: Path) -> None:
    with pytest.raises(AgreementSheetError, match="no such file"):
        read_agreement_sheet(tmp_path / "missing.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(AgreementSheetError, match=r"not a readable \.xlsx workbook"):
        read_agreement_sheet(broken)
    with pytest.raises(AgreementSheetError, match=r"must end in \.xlsx"):
        write_agreement_sheet(tmp_path / "pk.ods")


def test_bad_action_plan_row_is_named(tmp_path: Path) -> None:
    path = write_agreement_sheet(tmp_path / "pk.xlsx")
    _edit(path, "Rencana Aksi", {"I2": "TW 9"})  # the quarters of IKU 1's first output
    with pytest.raises(AgreementSheetError) as info:
        read_agreement_sheet(path)
    message = str(info.value)
    assert "sheet 'Rencana Aksi', row 2" in message and "IKU 1" in message
    assert "TW 9" in message
