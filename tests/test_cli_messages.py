"""Error messages of the command line in the session language (Indonesian by default).

The library raises its file, cell and argument errors in English; the command line renders
them in Indonesian from their structured fields (file, cell address, row, column, value) and
translates each English body phrase by phrase (``_i18n.error_body``); ``--lang en`` prints the
library's own message unchanged.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dppapp_indikator import _i18n
from dppapp_indikator._checks import InvalidInputError
from dppapp_indikator.agreement import load_agreement
from dppapp_indikator.agreement._cells import parse_number
from dppapp_indikator.agreement.io import CellProblem, RealisationFileError, read_realisations
from dppapp_indikator.agreement.sheet import AgreementSheetError, SheetProblem
from dppapp_indikator.cli import app, user_error_message
from dppapp_indikator.periods import normalize_period

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "agreement"
CASES: list[dict[str, Any]] = tomllib.loads((DATA / "expected.toml").read_text("utf-8"))["case"]
REFUSED = [case for case in CASES if case["exit"] != 0]

# English phrases of the library's messages that an Indonesian message must not contain
ENGLISH_PHRASES = (
    "bad cell",
    "cell ",
    "(row ",
    "column '",
    "; got ",
    "is outside the valid range",
    "did you mean",
    "must be",
    "the row has",
    "fields but the header",
    "extra value",
    "missing;",
    "give every field",
    "duplicate:",
    "already given",
    "missing required",
    "no data rows",
    "the quarters give",
    ", which ",
    "if they are values to date",
    "not a readable",
    "the file is",
    "this is a binary",
    "separator is a comma",
    "not reported",
    "is not an indicator",
    "row number",
    "at position",
    "save it again",
    "no such file",
    "problem(s)",
    "sheet '",
)


@pytest.fixture(autouse=True)
def _indonesian_session() -> Any:
    """Each test starts in Indonesian and leaves the language as it found it."""
    _i18n.set_language("id")
    yield
    _i18n.set_language("id")


def _english_left(message: str) -> list[str]:
    return [phrase for phrase in ENGLISH_PHRASES if phrase in message]


def _invoke(folder: Path, case: dict[str, Any], lang: str) -> Any:
    args = [str(folder / a) if (folder / a).is_file() else a for a in case.get("args", [])]
    return runner.invoke(app, ["--lang", lang, "evaluate", str(folder / case["file"]), *args])


@pytest.mark.parametrize("case", REFUSED, ids=lambda case: case["file"])
def test_refused_corpus_file_in_indonesian(case: dict[str, Any], tmp_path: Path) -> None:
    for item in DATA.iterdir():
        shutil.copy(item, tmp_path / item.name)
    english = _invoke(tmp_path, case, "en")
    indonesian = _invoke(tmp_path, case, "id")
    assert english.exit_code == indonesian.exit_code == 2, (english.output, indonesian.output)
    assert indonesian.output.startswith("error: ")
    cells_en = re.findall(r"cell ([A-Z]+\d+) ", english.output)
    cells_id = re.findall(r"sel ([A-Z]+\d+) ", indonesian.output)
    assert cells_id == cells_en
    assert set(case["cells"]) <= set(cells_id)
    assert len(indonesian.output.splitlines()) == len(english.output.splitlines())
    assert _english_left(indonesian.output) == [], indonesian.output
    # the offending values are quoted the same way in both languages
    assert re.findall(r"; got (.+)$", english.output, re.M) == re.findall(
        r"; diberikan (.+)$", indonesian.output, re.M
    )


def test_english_session_prints_the_library_message() -> None:
    agreement = load_agreement()
    checked = 0
    for case in REFUSED:
        if case.get("args"):
            continue
        try:
            read_realisations(DATA / case["file"], agreement=agreement)
        except RealisationFileError as exc:
            english = runner.invoke(app, ["--lang", "en", "evaluate", str(DATA / case["file"])])
            assert english.output == f"error: {exc}\n"
            checked += 1
    assert checked >= 5


def test_the_example_of_the_documentation() -> None:
    result = runner.invoke(app, ["evaluate", str(DATA / "dot_thousands.csv")])
    assert result.exit_code == 2
    assert (
        "  - sel C2 (baris 2, kolom 'realisation'): berada di luar rentang sah (0, 10] IKU 5 "
        in result.output
    )
    assert "; maksud Anda 2,230?; diberikan '2.230'" in result.output
    assert "dot_thousands.csv: 2 sel bermasalah" in result.output


def _refused(tmp_path: Path, name: str, content: bytes, lang: str = "id") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["--lang", lang, "evaluate", str(path)])
    assert result.exit_code == 2, result.output
    return str(result.output)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("cols.csv", b"number;realisation\n1;60\n", "kolom wajib tidak ada: 'period'"),
        ("twice.csv", b"number;nomor;period;realisation\n1;1;Tahunan;6\n", "muncul dua kali"),
        ("empty.csv", b"  \n", "file kosong"),
        ("head.csv", b";;\n1;Tahunan;6\n", "baris 1 harus berisi nama kolom"),
        ("text.csv", b"number;period;realisation\n1;Tahunan;enam\n", "notasi Indonesia"),
        ("dot.csv", b"number;period;realisation\n1;Tahunan;63.46\n", "titik memisahkan ribuan"),
        ("period.csv", b"number;period;realisation\n1;TW 9;6\n", "harus salah satu dari"),
        ("nr.csv", b"number;period;realisation\n99;Tahunan;6\n", "bukan indikator dalam"),
        ("zero.csv", b"number;period;realisation\n0;Tahunan;6\n", "nomor baris indikator"),
        ("u16.csv", "number;period\n".encode("utf-16"), "bukan UTF-8: simpan ulang"),
        ("nul.csv", b"number\x00;period\n", "berisi byte NUL"),
        ("pdf.csv", b"%PDF-1.7 ...", "ini file biner (a PDF document), bukan file teks"),
        ("latin.csv", "nomor;é\n".encode("latin-1"), "bukan teks UTF-8"),
        ("zip.csv", b"PK\x03\x04" + bytes(30), "buku kerja Excel (zip)"),
        ("bad.xlsx", b"not a workbook", "bukan buku kerja .xlsx yang dapat dibaca"),
    ],
)
def test_refused_files_in_indonesian(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    indonesian = _refused(tmp_path, name, content)
    assert expected in indonesian, indonesian
    assert _english_left(indonesian) == [], indonesian
    english = _refused(tmp_path, name, content, "en")
    assert re.findall(r"cell ([A-Z]+\d+) ", english) == re.findall(r"sel ([A-Z]+\d+) ", indonesian)


def test_missing_file_in_indonesian(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2
    assert "file tidak ada" in result.output and _english_left(result.output) == []


# --------------------------------------------------------------------------- rendering


def test_realisation_error_rendered_from_its_fields() -> None:
    problem = CellProblem(5, "realisation", "C", "x", "must be finite")
    error = RealisationFileError("a.csv", "1 bad cell", [problem])
    _i18n.set_language("en")
    try:
        assert user_error_message(error) == str(error)
    finally:
        _i18n.set_language("id")
    assert user_error_message(error) == (
        "a.csv: 1 sel bermasalah\n  - sel C5 (baris 5, kolom 'realisation'): harus terhingga; "
        "diberikan 'x'"
    )


def test_sheet_error_rendered_from_its_fields() -> None:
    problems = [
        SheetProblem("Indikator", 3, "valid_lower", "K", "abc", "Input should be a valid number"),
        SheetProblem("Perjanjian", 1, "", "", None, "the sheet is empty"),
    ]
    error = AgreementSheetError("pk.xlsx", "2 problem(s)", problems)
    _i18n.set_language("en")
    try:
        assert user_error_message(error) == str(error)
    finally:
        _i18n.set_language("id")
    assert user_error_message(error) == (
        "pk.xlsx: 2 masalah\n"
        "  - lembar 'Indikator', baris 3, kolom 'valid_lower' (K3): harus angka yang sah; "
        "diberikan 'abc'\n"
        "  - lembar 'Perjanjian', baris 1: lembar ini kosong; diberikan None"
    )


def test_invalid_input_rendered_from_its_fields() -> None:
    error = InvalidInputError("realisation", "must be a number (NaN = not reported)", "x", 3)
    assert user_error_message(error) == (
        "`realisation` harus angka (NaN = tidak dilaporkan); diberikan 'x' pada posisi 3"
    )
    assert user_error_message(InvalidInputError("p", "must be finite")) == "`p` harus terhingga"
    _i18n.set_language("en")
    try:
        assert user_error_message(error) == str(error)
    finally:
        _i18n.set_language("id")


def test_agreement_option_errors_in_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "pk.xlsx"
    path.write_bytes(b"not a workbook")
    result = runner.invoke(app, ["evaluate", str(DATA / "semicolon.csv"), "--agreement", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("error: --agreement: ")
    assert "bukan buku kerja .xlsx yang dapat dibaca" in result.output


# --------------------------------------------------------------------------- the pattern table


def _library_messages() -> list[str]:
    """Messages the library itself writes (so a change of its wording fails here)."""
    agreement = load_agreement()
    tfr = next(i for i in agreement.indicators if i.number == 5)
    out: list[str] = []
    for call in (
        lambda: parse_number("enam"),
        lambda: parse_number("63.46"),
        lambda: parse_number("63,46", decimal_mark="."),
        lambda: parse_number(True),
        lambda: parse_number(float("inf")),
        lambda: parse_number([1]),
        lambda: normalize_period("TW 9"),
    ):
        with pytest.raises(InvalidInputError) as info:
            call()
        out.append(info.value.constraint)
    out.append(str(tfr.range_problem(2230.0, "2.230")))
    out.append(str(tfr.range_problem(float("nan"))))
    return out


@pytest.mark.parametrize("message", _library_messages())
def test_library_messages_translated(message: str) -> None:
    translated = _i18n.error_body(message)
    assert translated != message
    assert _english_left(translated) == [], translated
    assert _i18n.error_body(message, lang="en") == message


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [
        ("2 bad cells", "2 sel bermasalah"),
        ("1 bad cell", "1 sel bermasalah"),
        ("3 problem(s)", "3 masalah"),
        (
            "duplicate: IKU 4, TW I is already given in row 2",
            "duplikat: IKU 4, TW I sudah diberikan di baris 2",
        ),
        (
            "is outside the valid range [0, 100] of IKU 13 (x); did you mean 1,000?",
            "berada di luar rentang sah [0, 100] IKU 13 (x); maksud Anda 1,000?",
        ),
        (
            "the row has 2 fields but the header has 4 (comma-separated): 'realisation' "
            "missing; give every field (an empty field for a value not reported)",
            "baris ini memiliki 2 kolom tetapi baris judul memiliki 4 (dipisah koma): "
            "'realisation' tidak ada; isi setiap kolom (kolom kosong untuk nilai yang tidak "
            "dilaporkan)",
        ),
        (
            "of IKU 13 TW III cannot be converted from per-quarter entries: TW II (with a "
            "target) is not reported; give every earlier quarter or enter the values as the "
            "agreement does (to-date)",
            "IKU 13 TW III tidak dapat dikonversi dari entri per-quarter: TW II (yang "
            "bertarget) belum dilaporkan; isi setiap triwulan sebelumnya atau masukkan nilai "
            "seperti dalam perjanjian (to-date)",
        ),
        (
            "of IKU 13 TW II: the to-date entry 5.0 after 25.0 at TW I gives a quarterly "
            "contribution of -20.0, which is outside the valid range [0, 100] of IKU 13 (x)",
            "IKU 13 TW II: entri s.d. triwulan 5.0 setelah 25.0 pada TW I memberi kontribusi "
            "triwulan -20.0, yang berada di luar rentang sah [0, 100] IKU 13 (x)",
        ),
        (
            "of IKU 16 TW II: the per-quarter entries add up to 140.0 by TW II, which is "
            "outside the valid range [0, 100] of IKU 16 (x)",
            "IKU 16 TW II: entri per triwulan berjumlah 140.0 sampai TW II, yang berada di luar "
            "rentang sah [0, 100] IKU 16 (x)",
        ),
        (
            "of IKU 5 Tahunan is outside the valid range (0, 10] of IKU 5 (x)",
            "IKU 5 Tahunan berada di luar rentang sah (0, 10] IKU 5 (x)",
        ),
        (
            "must have one row per (number, period); row 0 has the same",
            "harus satu baris per (number, period); baris 0 sama dengan ini",
        ),
        (
            "must be one of ('agreement', 'to_date')",
            "harus salah satu dari ('agreement', 'to_date')",
        ),
        (
            "the workbook has no sheet 'X' (sheets: A, B)",
            "buku kerja tidak memiliki lembar 'X' (lembar yang ada: A, B)",
        ),
        ("Field required", "wajib diisi"),
        ("Input should be 'higher' or 'lower'", "harus 'higher' atau 'lower'"),
        ("Input should be 'sum', 'last' or 'constant'", "harus 'sum', 'last' atau 'constant'"),
        (
            "unsupported file type '.ods': use .csv, .tsv or .xlsx",
            "jenis file '.ods' tidak didukung: gunakan .csv, .tsv atau .xlsx",
        ),
    ],
)
def test_error_patterns(english: str, indonesian: str) -> None:
    assert _i18n.error_body(english) == indonesian
    assert _i18n.error_body(english, lang="en") == english


def test_unknown_body_stays_english() -> None:
    message = "something the table does not know (42)"
    assert _i18n.error_body(message) == message
