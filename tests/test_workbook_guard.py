"""Tests of the checks on an untrusted workbook (size, rows, XML entities) and text decoding."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from dppapp_indikator import _workbook
from dppapp_indikator._text import TextDecodingError, decode_text
from dppapp_indikator._workbook import check_workbook
from dppapp_indikator.agreement.io import UnreadableFileError, read_realisations

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
    "</sheetData></worksheet>"
)


def _workbook_with(tmp_path: Path, name: str, replace: dict[str, str | bytes]) -> Path:
    """A real workbook (openpyxl) whose parts in ``replace`` are swapped for other content."""
    source = tmp_path / "source.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["number", "period", "realisation"])
    sheet.append([1, "Tahunan", 63.1])
    book.save(source)
    target = tmp_path / name
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for extra in set(replace) - set(old.namelist()):
            new.writestr(extra, replace[extra])
    return target


def test_a_normal_workbook_passes(tmp_path: Path) -> None:
    path = _workbook_with(tmp_path, "ok.xlsx", {})
    assert 0 < check_workbook(path) < 100_000
    read = read_realisations(path)
    assert read.frame["realisation"].tolist() == [63.1]


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    path = _workbook_with(tmp_path, "lol.xlsx", {"xl/worksheets/sheet1.xml": BILLION_LAUGHS})
    with pytest.raises(UnreadableFileError, match=r"declares a document type or XML entities"):
        read_realisations(path)
    # and openpyxl, parsing through defusedxml, refuses it too (the second line of defence)
    with path.open("rb") as handle, pytest.raises(Exception) as caught:
        openpyxl.load_workbook(handle, read_only=False)
    chain: list[str] = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    assert "EntitiesForbidden" in chain


def test_too_many_rows_refused_before_parsing(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{i}"/>' for i in range(1, 30_002))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    path = _workbook_with(tmp_path, "rows.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    with pytest.raises(UnreadableFileError, match=r"at least \d\d,\d{3} rows.*limit 20,000"):
        read_realisations(path)


def test_rows_split_across_chunks_are_counted_once(tmp_path: Path) -> None:
    # 5,000 rows with padding so that tags straddle the 64 KB chunk boundaries
    rows = "".join(f'<row r="{i}">{" " * (i % 37)}</row>' for i in range(1, 5_001))
    path = _workbook_with(tmp_path, "pad.xlsx", {"xl/worksheets/sheet1.xml": f"<x>{rows}</x>"})
    check_workbook(path, max_rows=5_000)
    with pytest.raises(_workbook.UnsafeWorkbookError, match="at least 5,000 rows"):
        check_workbook(path, max_rows=4_999)


def test_uncompressed_size_refused_before_parsing(tmp_path: Path) -> None:
    big = b"<x>" + b" " * (33 * 1024 * 1024) + b"</x>"  # compresses to a few KB
    path = _workbook_with(tmp_path, "bomb.xlsx", {"xl/media/padding.xml": big})
    assert path.stat().st_size < 200_000
    with pytest.raises(UnreadableFileError, match=r"unpacks to .* far beyond an agreement's"):
        read_realisations(path)


def test_defusedxml_is_required(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl as module

    monkeypatch.setattr(module, "DEFUSEDXML", False)
    path = _workbook_with(tmp_path, "ok.xlsx", {})
    with pytest.raises(ImportError, match="defusedxml"):
        read_realisations(path)
    assert _workbook.MAX_ROWS == 20_000


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(_workbook.UnsafeWorkbookError, match=r"not a readable \.xlsx workbook"):
        check_workbook(path)


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        ("a;b\n".encode("utf-16"), "UTF-16 LE text"),
        ("a;b\n".encode("utf-16-be"), "UTF-16 BE"),
        ("a;b\n".encode("utf-32"), "UTF-32"),
        (b"\x89PNG\r\n", "PNG image"),
        (b"a\x00b", "NUL bytes"),
        (b"caf\xe9!", r"not UTF-8 text \(invalid continuation byte at byte 3\)"),
    ],
)
def test_decode_text_refusals(raw: bytes, match: str) -> None:
    with pytest.raises(TextDecodingError, match=match):
        decode_text(raw, "f.csv")


def test_decode_text_utf8_with_and_without_bom() -> None:
    text = "nomor;realisasi\n1;63,46 – Rp 1.000\n"
    assert decode_text(text.encode("utf-8"), None) == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"), None) == text


def test_an_agreement_workbook_is_guarded_too(tmp_path: Path) -> None:
    # the --agreement path reads an outside workbook as well: the same guard runs before parsing
    from dppapp_indikator.agreement import load_agreement
    from dppapp_indikator.agreement.sheet import AgreementSheetError

    path = _workbook_with(tmp_path, "pk.xlsx", {"xl/worksheets/sheet1.xml": BILLION_LAUGHS})
    with pytest.raises(AgreementSheetError, match=r"declares a document type or XML entities"):
        load_agreement(path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip archive")
    with pytest.raises(AgreementSheetError, match=r"not a readable \.xlsx workbook"):
        load_agreement(broken)
