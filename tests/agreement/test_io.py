"""Tests of realisation files: Indonesian numbers, CSV/Excel reading, templates."""

from __future__ import annotations

import math
import pickle
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dppapp_indikator._checks import InvalidInputError
from dppapp_indikator.agreement.io import (
    PERIODS,
    TEMPLATE_COLUMNS,
    RealisationFileError,
    UnreadableFileError,
    format_number,
    normalize_period,
    parse_number,
    read_realisations,
    template_rows,
    write_template,
)
from dppapp_indikator.agreement.model import PERIODS as MODEL_PERIODS
from dppapp_indikator.agreement.model import Agreement


def small_agreement() -> Agreement:
    """Three indicators shaped like PK 2024 rows 1, 5 and 13 (targets as in the seed)."""
    common = {
        "strategic_goal": "sasaran",
        "data_source": None,
        "aggregation_basis": "test",
        "seed_line": 1,
    }
    return Agreement.model_validate(
        {
            "title": "Perjanjian Kinerja (test)",
            "organisation": "Dinas PPAPP",
            "year": 2024,
            "source": "hand-made test agreement",
            "indicators": [
                {  # seed IKU 1: N/A, N/A, N/A, 63,46; annual 63,46
                    **common,
                    "number": 1,
                    "name": "Indeks Pembangunan Keluarga (iBangga)",
                    "unit": "Indeks",
                    "polarity": "higher",
                    "targets": {
                        "tw1": "N/A",
                        "tw2": "N/A",
                        "tw3": "N/A",
                        "tw4": 63.46,
                        "annual": 63.46,
                    },
                    "aggregation": "last",
                    "registry_code": "ibangga",
                },
                {  # seed IKU 5: TFR 2,23, lower is better
                    **common,
                    "number": 5,
                    "name": "Total Fertility Rate (TFR)",
                    "unit": "Rata-rata anak per WUS",
                    "polarity": "lower",
                    "targets": {"tw1": None, "tw2": None, "tw3": None, "tw4": 2.23, "annual": 2.23},
                    "aggregation": "last",
                    "registry_code": "tfr",
                },
                {  # seed IKU 13: 5 / 25 / 55 / 100, annual 100 (cumulative)
                    **common,
                    "number": 13,
                    "name": "=Persentase Pelaksanaan Inventarisasi BMD",
                    "unit": "Persen",
                    "polarity": "higher",
                    "targets": {"tw1": 5, "tw2": 25, "tw3": 55, "tw4": 100, "annual": 100},
                    "aggregation": "last",
                    "registry_code": "bmd_inventory",
                },
            ],
        }
    )


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def write_xlsx(path: Path, rows: list[list[Any]], title: str = "Sheet1") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("63,46", 63.46),  # seed IKU 1 annual target as printed
        ("2,23", 2.23),  # seed IKU 5 annual target as printed
        ("110.400.000.000,00", 110_400_000_000.0),  # seed IKU 4 text: omset 2022
        ("5.848", 5848.0),  # seed IKU 10 text: 5.848 assisted businesses
        ("1.234", 1234.0),  # a single dot + three digits: thousands
        ("1.234.567,891", 1_234_567.891),
        ("71%", 71.0),  # seed action plan "71%"
        ("71 %", 71.0),
        ("24,80%", 24.8),  # seed action plan IKU 8 (PKP) "24,80%"
        ("  12 ", 12.0),
        ("\u00a012,5\u00a0", 12.5),  # non-breaking spaces around
        ("-5", -5.0),
        ("\u22125,5", -5.5),  # unicode minus
        ("+3", 3.0),
        ("0", 0.0),
        ("0,5", 0.5),
        ("007", 7.0),
    ],
)
def test_parse_number_indonesian(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("text", [None, "", "   ", "N/A", "n/a", "NA", "na", "-", "–", "#N/A"])
def test_parse_number_not_reported(text: str | None) -> None:
    assert parse_number(text) is None


def test_parse_number_numeric_cells_taken_as_they_are() -> None:
    # an Excel number cell 2.23 is a number: no notation question
    assert parse_number(2.23) == 2.23
    assert parse_number(1234) == 1234.0
    assert parse_number(float("nan")) is None
    from decimal import Decimal

    assert parse_number(Decimal("63.46")) == 63.46


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("2.23", r"write the decimal with a comma \('2,23'\)"),  # English decimal: refused
        ("63.46", r"'63,46'"),
        ("0.500", "Indonesian notation"),  # a thousands group cannot follow a lone 0
        ("1.23.456", "Indonesian notation"),
        ("1,2,3", "Indonesian notation"),
        ("abc", "Indonesian notation"),
        ("1e3", "Indonesian notation"),
        (",5", "Indonesian notation"),
        ("5,", "Indonesian notation"),
        ("1 234", "Indonesian notation"),
        ("Rp 1.000", "Indonesian notation"),
        ("nan", "Indonesian notation"),
    ],
)
def test_parse_number_refuses_other_text(text: str, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        parse_number(text)


def test_parse_number_bad_types_and_policy() -> None:
    with pytest.raises(InvalidInputError, match="boolean"):
        parse_number(True)
    with pytest.raises(InvalidInputError, match="finite"):
        parse_number(float("inf"))
    with pytest.raises(InvalidInputError, match="text or a number"):
        parse_number([1])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="decimal_mark"):
        parse_number("1", decimal_mark=";")  # type: ignore[arg-type]


def test_parse_number_english_notation_on_request() -> None:
    assert parse_number("2.23", decimal_mark=".") == 2.23
    assert parse_number("1,234.5", decimal_mark=".") == 1234.5
    with pytest.raises(InvalidInputError, match="English notation"):
        parse_number("2,23", decimal_mark=".")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (63.46, "63,46"),
        (110_400_000_000.0, "110.400.000.000"),
        (-1234.5, "-1.234,5"),
        (0.0, "0"),
        (-0.0, "0"),
        (1e-7, "0,0000001"),
        (float("nan"), ""),
    ],
)
def test_format_number(value: float, expected: str) -> None:
    assert format_number(value) == expected


def test_format_number_english_and_errors() -> None:
    assert format_number(1234.5, decimal_mark=".") == "1,234.5"
    with pytest.raises(InvalidInputError, match="value"):
        format_number(float("inf"))


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TW I", "TW I"),
        ("tw ii", "TW II"),
        ("TW 3", "TW III"),
        ("TW4", "TW IV"),
        ("Triwulan I", "TW I"),
        ("Q2", "TW II"),
        ("tw-iv", "TW IV"),
        ("Tahunan", "Tahunan"),
        ("tahun", "Tahunan"),
        ("Annual", "Tahunan"),
    ],
)
def test_normalize_period(text: str, expected: str) -> None:
    assert normalize_period(text) == expected


@pytest.mark.parametrize("text", ["TW 5", "TW V", "I", "2024", "", None, 1])
def test_normalize_period_refuses(text: object) -> None:
    with pytest.raises(InvalidInputError, match="period"):
        normalize_period(text)


def test_periods_match_the_model() -> None:
    assert PERIODS == MODEL_PERIODS


# --------------------------------------------------------------------------- CSV reading


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_read_csv_separators(tmp_path: Path, delimiter: str) -> None:
    lines = [["number", "period", "realisation"], ["1", "Tahunan", '"63,1"'], ["5", "TW IV", "2"]]
    text = "\n".join(delimiter.join(row) for row in lines) + "\n"
    result = read_realisations(write(tmp_path / "r.csv", text))
    assert result.frame["number"].tolist() == [1, 5]
    assert result.frame["period"].tolist() == ["Tahunan", "TW IV"]
    assert result.frame["realisation"].tolist() == [63.1, 2.0]
    assert result.frame.index.tolist() == [2, 3]  # spreadsheet rows (header = row 1)
    assert result.frame.index.name == "row"
    assert result.warnings == ()
    assert result.ignored_columns == ()


def test_read_csv_number_formats(tmp_path: Path) -> None:
    text = (
        "\ufeffnumber;period;realisation\n"  # a BOM, as Excel's "CSV UTF-8" writes
        "1;Tahunan;63,46\n"
        "4;Tahunan;1.234\n"
        "13;TW I;5%\n"
        "13;TW II;25 %\n"
        "13;TW III;\n"
        "13;TW IV;N/A\n"
        "5;Tahunan;-\n"
    )
    frame = read_realisations(write(tmp_path / "r.csv", text)).frame
    values = frame["realisation"].tolist()
    assert values[:4] == [63.46, 1234.0, 5.0, 25.0]
    assert all(math.isnan(v) for v in values[4:])
    assert len(frame) == 7  # blank and N/A realisations stay as NaN rows


def test_read_csv_indonesian_headers_and_period_spellings(tmp_path: Path) -> None:
    text = "No;Periode;Realisasi\n1;tw 4;63\n1;Q3;62\n"
    frame = read_realisations(write(tmp_path / "r.csv", text)).frame
    assert frame["period"].tolist() == ["TW IV", "TW III"]


def test_read_csv_english_notation(tmp_path: Path) -> None:
    text = 'number,period,realisation\n1,Tahunan,63.46\n4,Tahunan,"1,234.5"\n'
    frame = read_realisations(write(tmp_path / "r.csv", text), decimal_mark=".").frame
    assert frame["realisation"].tolist() == [63.46, 1234.5]


def test_read_text_in_number_cells_lists_every_bad_cell(tmp_path: Path) -> None:
    text = (
        "number;period;realisation\n"
        "1;Tahunan;enam puluh\n"  # row 2: text
        "x;TW I;5\n"  # row 3: bad number
        "5;TW 9;2,1\n"  # row 4: bad period
        "13;TW I;2.5\n"  # row 5: English decimal
        "0;TW I;1\n"  # row 6: number below 1
    )
    with pytest.raises(RealisationFileError) as info:
        read_realisations(write(tmp_path / "r.csv", text))
    error = info.value
    assert isinstance(error, ValueError)
    assert [p.address for p in error.problems] == ["C2", "A3", "B4", "C5", "A6"]
    assert [p.column for p in error.problems] == [
        "realisation",
        "number",
        "period",
        "realisation",
        "number",
    ]
    assert error.problems[0].value == "enam puluh"
    message = str(error)
    assert "5 bad cells" in message
    assert "cell C2 (row 2, column 'realisation')" in message
    assert "got 'enam puluh'" in message
    assert "got 'TW 9'" in message
    assert "('2,5')" in message


def test_read_missing_required_columns_are_named(tmp_path: Path) -> None:
    with pytest.raises(
        RealisationFileError,
        match=r"missing required column\(s\): 'period', "
        r"'realisation' \(found: 'number', 'nilai'\)",
    ):
        read_realisations(write(tmp_path / "r.csv", "number;nilai\n1;2\n"))


def test_read_extra_columns_reported_not_used(tmp_path: Path) -> None:
    text = "number;period;realisation;keterangan;target\n1;Tahunan;63;catatan;63,46\n"
    result = read_realisations(write(tmp_path / "r.csv", text))
    assert list(result.frame.columns) == ["number", "period", "realisation"]
    assert result.ignored_columns == ("keterangan", "target")
    # unknown columns are warned about; the template's informational ones are not
    assert len(result.warnings) == 1
    assert "'keterangan' (D)" in result.warnings[0]


def test_read_unnamed_column_with_data_is_reported(tmp_path: Path) -> None:
    text = "number;period;realisation;;\n1;Tahunan;63;x;\n"
    result = read_realisations(write(tmp_path / "r.csv", text))
    assert result.ignored_columns == ("(unnamed column D)",)
    assert "unnamed column D" in result.warnings[0]


def test_read_column_twice_raises(tmp_path: Path) -> None:
    text = "number;period;realisation;realisasi\n1;Tahunan;63;64\n"
    with pytest.raises(RealisationFileError, match=r"'realisation' appears twice.*\(C1\).*\(D1\)"):
        read_realisations(write(tmp_path / "r.csv", text))


def test_read_duplicate_rows_raise(tmp_path: Path) -> None:
    text = "number;period;realisation\n5;TW IV;2,2\n1;Tahunan;60\n5;tw 4;2,1\n"
    with pytest.raises(RealisationFileError) as info:
        read_realisations(write(tmp_path / "r.csv", text))
    (problem,) = info.value.problems
    assert problem.row == 4
    assert "IKU 5, TW IV is already given in row 2" in problem.message


def test_read_empty_rows_are_reported_not_silent(tmp_path: Path) -> None:
    text = "number;period;realisation\n1;Tahunan;63\n;;\n\n5;TW IV;2\n"
    result = read_realisations(write(tmp_path / "r.csv", text))
    assert result.frame.index.tolist() == [2, 5]
    assert result.warnings == ("2 empty rows skipped (rows 3, 4)",)


def test_read_blank_header_raises(tmp_path: Path) -> None:
    with pytest.raises(RealisationFileError, match="row 1 must hold the column names"):
        read_realisations(write(tmp_path / "r.csv", ";;\n1;Tahunan;2\n"))


def test_read_header_only_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RealisationFileError, match="no data rows"):
        read_realisations(write(tmp_path / "r.csv", "number,period,realisation\n"))
    with pytest.raises(RealisationFileError, match="no data rows"):
        read_realisations(write(tmp_path / "r.csv", "number;period;realisation\n;;\n\n"))


# --------------------------------------------------------------------------- malformed files


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match=r"no such file|No such file"):
        read_realisations(tmp_path / "missing.csv")
    with pytest.raises(UnreadableFileError, match="empty"):
        read_realisations(write(tmp_path / "empty.csv", "  \n"))
    zipped = tmp_path / "book.csv"
    write_xlsx(tmp_path / "book.xlsx", [["number"]])
    zipped.write_bytes((tmp_path / "book.xlsx").read_bytes())
    with pytest.raises(UnreadableFileError, match="Excel workbook"):
        read_realisations(zipped)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"number\x00period\n")
    with pytest.raises(UnreadableFileError, match="binary"):
        read_realisations(binary)
    with pytest.raises(UnreadableFileError, match="UTF-8"):
        read_realisations(write(tmp_path / "latin.csv", "number;période\n", "latin-1"))
    with pytest.raises(UnreadableFileError, match=r"unsupported file type '\.txt'"):
        read_realisations(write(tmp_path / "r.txt", "number\n"))
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(UnreadableFileError, match=r"not a readable \.xlsx workbook"):
        read_realisations(corrupt)
    with pytest.raises(UnreadableFileError, match="no such file"):
        read_realisations(tmp_path / "missing.xlsx")
    # an unreadable file is also a RealisationFileError (one except clause catches both)
    assert issubclass(UnreadableFileError, RealisationFileError)


def test_errors_pickle(tmp_path: Path) -> None:
    with pytest.raises(RealisationFileError) as info:
        read_realisations(write(tmp_path / "r.csv", "number;period;realisation\nx;TW I;1\n"))
    copy = pickle.loads(pickle.dumps(info.value))
    assert str(copy) == str(info.value)
    assert copy.problems == info.value.problems


# --------------------------------------------------------------------------- Excel


def test_read_xlsx_numeric_and_text_cells(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Nomor", "Periode", "Realisasi"],
        [1, "Tahunan", 63.46],  # a number cell: taken as it is
        [5.0, "TW IV", "2,19"],  # a text cell: Indonesian notation
        [13, "TW I", None],  # blank
        [13, "TW II", "N/A"],
        [13, "TW III", "55%"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    frame = read_realisations(path).frame
    assert frame["number"].tolist() == [1, 5, 13, 13, 13]
    assert frame["realisation"].iloc[[0, 1, 4]].tolist() == [63.46, 2.19, 55.0]
    assert frame["realisation"].iloc[[2, 3]].isna().all()
    assert frame.index.tolist() == [2, 3, 4, 5, 6]


def test_read_xlsx_bad_cells_have_addresses(tmp_path: Path) -> None:
    import datetime as dt

    rows: list[list[Any]] = [
        ["number", "period", "realisation"],
        [1.5, "Tahunan", True],
        [2, dt.date(2024, 3, 31), "abc"],
    ]
    with pytest.raises(RealisationFileError) as info:
        read_realisations(write_xlsx(tmp_path / "r.xlsx", rows))
    assert [p.address for p in info.value.problems] == ["A2", "C2", "B3", "C3"]


def test_read_xlsx_prefers_the_realisasi_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Catatan"
    first.append(["bukan data"])
    data = workbook.create_sheet("Realisasi")
    data.append(["number", "period", "realisation"])
    data.append([1, "Tahunan", 60])
    other = workbook.create_sheet("Lain")
    other.append(["number", "period", "realisation"])
    other.append([5, "Tahunan", 2])
    workbook.save(tmp_path / "r.xlsx")
    assert read_realisations(tmp_path / "r.xlsx").frame["number"].tolist() == [1]
    assert read_realisations(tmp_path / "r.xlsx", sheet="Lain").frame["number"].tolist() == [5]
    with pytest.raises(UnreadableFileError, match="no sheet 'Nope'"):
        read_realisations(tmp_path / "r.xlsx", sheet="Nope")


# --------------------------------------------------------------------------- with an agreement


def test_read_with_agreement_checks_numbers_and_targets(tmp_path: Path) -> None:
    agreement = small_agreement()
    text = "number;period;realisation\n2;Tahunan;70\n1;Tahunan;63\n"
    with pytest.raises(RealisationFileError) as info:
        read_realisations(write(tmp_path / "r.csv", text), agreement=agreement)
    (problem,) = info.value.problems
    assert problem.address == "A2"
    assert "not an indicator of the agreement" in problem.message

    text = "number;period;realisation;target\n1;TW I;60;\n13;TW II;20;30\n1;TW II;;\n"
    result = read_realisations(write(tmp_path / "r.csv", text), agreement=agreement)
    assert len(result.frame) == 3
    # IKU 1 has no TW I target (N/A in the seed): kept, warned
    assert any("row 2: IKU 1 has no target for TW I" in w for w in result.warnings)
    # the file's target 30 differs from the agreement's 25: the agreement wins, warned
    assert any("row 3" in w and "target is 25" in w for w in result.warnings)
    # a blank realisation for an N/A period is not worth a warning
    assert not any("row 4" in w for w in result.warnings)


# --------------------------------------------------------------------------- templates


def test_template_rows_skip_na_periods() -> None:
    rows = list(template_rows(small_agreement()))
    assert [(r[0], r[1]) for r in rows] == [
        (1, "TW IV"),
        (1, "Tahunan"),
        (5, "TW IV"),
        (5, "Tahunan"),
        (13, "TW I"),
        (13, "TW II"),
        (13, "TW III"),
        (13, "TW IV"),
        (13, "Tahunan"),
    ]


def test_csv_template_round_trip(tmp_path: Path) -> None:
    agreement = small_agreement()
    path = write_template(tmp_path / "t.csv", agreement)
    lines = path.read_text("utf-8-sig").splitlines()
    assert lines[0] == ";".join(TEMPLATE_COLUMNS)
    assert lines[1] == "1;TW IV;Indeks Pembangunan Keluarga (iBangga);Indeks;63,46;"
    # the indicator name starting with "=" is escaped in the template too
    assert lines[5].split(";")[2] == "'=Persentase Pelaksanaan Inventarisasi BMD"
    result = read_realisations(path, agreement=agreement)
    assert len(result.frame) == 9
    assert result.frame["realisation"].isna().all()
    assert result.warnings == ()  # template columns are not warned about
    assert result.ignored_columns == ("indicator", "unit", "target")
    # fill it in and read it back
    filled = [lines[0]] + [line + "50,5" for line in lines[1:]]
    path.write_text("\n".join(filled) + "\n", "utf-8")
    frame = read_realisations(path, agreement=agreement).frame
    assert frame["realisation"].tolist() == [50.5] * 9


def test_xlsx_template_round_trip(tmp_path: Path) -> None:
    agreement = small_agreement()
    path = write_template(tmp_path / "t.xlsx", agreement)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Realisasi", "Petunjuk"]
    sheet = workbook["Realisasi"]
    assert [c.value for c in sheet[1]] == list(TEMPLATE_COLUMNS)
    assert [c.value for c in sheet[2]] == [
        1,
        "TW IV",
        "Indeks Pembangunan Keluarga (iBangga)",
        "Indeks",
        63.46,
        None,
    ]
    name_cell = sheet["C6"]
    assert name_cell.data_type == "s"
    assert name_cell.value == "'=Persentase Pelaksanaan Inventarisasi BMD"
    empty = read_realisations(path, agreement=agreement)
    assert len(empty.frame) == 9
    assert empty.warnings == ()
    for index, row in enumerate(sheet.iter_rows(min_row=2), start=1):
        row[5].value = float(index) if index % 2 else f"{index},5"
    workbook.save(path)
    frame = read_realisations(path, agreement=agreement).frame
    assert frame["realisation"].tolist() == [1.0, 2.5, 3.0, 4.5, 5.0, 6.5, 7.0, 8.5, 9.0]
    assert frame["number"].tolist() == [r[0] for r in template_rows(agreement)]


def test_template_range_target(tmp_path: Path) -> None:
    raw = small_agreement().model_dump()
    raw["indicators"][1]["targets"]["annual"] = [2.1, 2.3]
    agreement = Agreement.model_validate(raw)
    path = write_template(tmp_path / "t.csv", agreement)
    assert "5;Tahunan;Total Fertility Rate (TFR);Rata-rata anak per WUS;2,1 - 2,3;" in (
        path.read_text("utf-8-sig")
    )
    assert read_realisations(path, agreement=agreement).warnings == ()


def test_template_bad_extension(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match=r"use \.csv or \.xlsx"):
        write_template(tmp_path / "t.ods", small_agreement())
    with pytest.raises(UnreadableFileError, match="cannot write"):
        write_template(tmp_path / "missing-folder" / "t.csv", small_agreement())


def test_read_xlsx_formula_without_a_computed_value(tmp_path: Path) -> None:
    # openpyxl writes formulas without cached values: the reader must not see a blank cell
    rows: list[list[Any]] = [
        ["number", "period", "realisation"],
        [1, "Tahunan", "=60+3.1"],
        [5, "TW IV", 2.1],
    ]
    with pytest.raises(RealisationFileError) as info:
        read_realisations(write_xlsx(tmp_path / "r.xlsx", rows))
    (problem,) = info.value.problems
    assert problem.address == "C2"
    assert "formula without a computed value" in problem.message
    assert "got '=60+3.1'" in str(problem)
