"""The texts of the command line and the human-readable reports, in Indonesian and English.

Indonesian (``"id"``) is the default; ``dppapp-indikator --lang en`` (or the environment
variable ``DPPAPP_INDIKATOR_LANG=en``) switches the command line and the Excel report to
English. Official labels stay as the agreement writes them in both languages: the period
labels (``TW I`` ... ``Tahunan``), the category labels (``sangat tinggi`` ... ``sangat
rendah``, ``berkembang`` ...) and the indicator names. Numbers follow the language: Indonesian
notation (``63,46``; ``Rp 1.234.567``) in Indonesian, English notation (``63.46``) in English.

Messages are looked up by key with :func:`text`; a key missing from a language is a
programming error (a test checks that both languages have the same keys).
"""

from __future__ import annotations

import math
import re
from typing import Literal, TypeAlias

Language: TypeAlias = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = ("id", "en")

_current: list[Language] = ["id"]

MESSAGES: dict[Language, dict[str, str]] = {
    "id": {
        # tables
        "iku": "IKU",
        "indicator": "indikator",
        "period": "periode",
        "target": "target",
        "realisation": "realisasi",
        "achievement": "capaian %",
        "achievement_category": "kategori capaian",
        "note": "catatan",
        "notes_heading": "catatan",
        "annual_title": "{title}: capaian tahunan",
        "quarter_title": "{title}: capaian per triwulan",
        "code": "kode",
        "name": "nama",
        "unit": "satuan",
        "polarity": "polaritas",
        "higher": "makin tinggi makin baik",
        "lower": "makin rendah makin baik",
        "list_title": "dppapp-indikator: {count} indikator",
        "quantity": "besaran",
        "value": "nilai",
        "index_category": "kategori indeks",
        "method": "metode",
        # evaluate / template / demo
        "summary": (
            "{rows} baris dibaca dari {file}; {reported} realisasi dinilai untuk "
            "{indicators} indikator."
        ),
        "written_report": "laporan: {path}",
        "written_chart": "grafik: {path}",
        "reading": "membaca {name}",
        "computing": "menghitung capaian",
        "writing_report": "menulis laporan {name}",
        "drawing_chart": "menggambar grafik {name}",
        "computing_demo": "menghitung contoh",
        "writing_rows": "menulis {rows} baris",
        "template_written": (
            "{file}: {rows} baris ({indicators} indikator x periode yang bertarget); isi kolom "
            "'realisation', lalu jalankan: dppapp-indikator evaluate {file}"
        ),
        "demo_title": "Indikator dihitung dari contoh input (ilustrasi, bukan data resmi)",
        "demo_code": "kode",
        "demo_components": "komponen utama",
        "demo_used": "dipakai sebagai realisasi",
        "demo_used_yes": "ya: {what}",
        "demo_used_no": "tidak (lihat catatan di data/demo_inputs.json)",
        "demo_description": (
            "Contoh input ilustratif untuk `dppapp-indikator demo`: input mentah per kode "
            "indikator, dibuat masuk akal untuk Dinas PPAPP DKI Jakarta tahun 2024. Ini BUKAN "
            "data resmi: hanya menunjukkan bagaimana input mentah menjadi nilai indikator lalu "
            "realisasi Perjanjian Kinerja 2024."
        ),
        "demo_summary": (
            "{indicators} indikator dinilai; realisasi dari data/demo_realisations.csv, dengan "
            "nilai hasil hitung di atas bila 'dipakai'."
        ),
        # errors and what to do
        "usage_hint": "lihat `{command} --help`",
        "unexpected": (
            "kegagalan tak terduga ({kind}: {detail}). Ini adalah bug di dppapp-indikator "
            "{version}: laporkan ke pelacak isu proyek dppapp-indikator beserta perintah yang "
            "dijalankan; tambahkan --debug (dppapp-indikator --debug ...) untuk melihat rinciannya"
        ),
        "interrupted": "dihentikan oleh pengguna",
        "invalid_value": "nilai tidak sah",
        "cannot_read": "tidak dapat membaca {file}: {reason}",
        "cannot_write": "tidak dapat menulis {file}: {reason}",
        "missing_extra": "{detail}",
        "bad_format": "--format harus 'table' atau 'json'; diberikan {value}",
        "bad_entries": "--entries harus salah satu dari {allowed}; diberikan {value}",
        "agreement_template_written": (
            "{file}: {indicators} indikator dari {title!r}; sunting lembarnya, lalu jalankan: "
            "dppapp-indikator evaluate REALISASI.xlsx --agreement {file}"
        ),
        "bad_decimal_mark": "--decimal-mark harus ',' atau '.'; diberikan {value}",
        "bad_suffix": (
            "{option} harus berakhiran {allowed}; diberikan {path}: pilih nama file dengan "
            "salah satu akhiran itu"
        ),
        "same_as_input": (
            "{option} {path} adalah file input itu sendiri: menulisnya akan menimpa data Anda; "
            "pilih nama file lain"
        ),
        "same_outputs": "--output dan --chart menunjuk file yang sama {path}: pilih dua nama",
        "exists": "{path} sudah ada; tambahkan --force untuk menimpanya, atau pilih nama lain",
        "is_directory": "{option} {path} adalah folder; berikan nama file",
        "no_folder": "folder {folder} untuk {option} tidak ada; buat dulu foldernya",
        "input_not_object": (
            "--input harus berisi satu objek JSON dengan input bernama, mis. "
            '{{"ketenteraman": 55.99}}; diberikan {kind}'
        ),
        "invalid_inputs": "input tidak sah untuk {code!r}:",
        "not_json": (
            "--input {source} bukan JSON yang sah ({detail}); perbaiki file atau lihat "
            "`dppapp-indikator show {code}` untuk bentuk inputnya"
        ),
        "utf16": (
            "{source} berformat UTF-16 (tanda {bom}); simpan ulang sebagai UTF-8 (mis. "
            "'CSV UTF-8' atau 'UTF-8' di editor teks)"
        ),
        "binary": "{source} adalah file biner ({kind}), bukan teks JSON; berikan file .json",
        "not_utf8": (
            "{source} bukan teks UTF-8 ({reason} pada byte {position}); simpan ulang sebagai UTF-8"
        ),
        "empty_input": "{source} kosong; berikan satu objek JSON dengan input bernama",
        # problems of files and cells (the bodies are translated by error_body)
        "cell_problem": (
            "sel {address} (baris {row}, kolom {column!r}): {message}; diberikan {value!r}"
        ),
        "sheet_where": "lembar {sheet!r}, baris {row}",
        "sheet_column": ", kolom {column!r}",
        "sheet_problem": "{where}: {message}; diberikan {value!r}",
        "given": "; diberikan {value}",
        "at_position": " pada posisi {position}",
    },
    "en": {
        "iku": "IKU",
        "indicator": "indicator",
        "period": "period",
        "target": "target",
        "realisation": "realisation",
        "achievement": "achievement %",
        "achievement_category": "achievement category",
        "note": "note",
        "notes_heading": "notes",
        "annual_title": "{title}: annual achievement",
        "quarter_title": "{title}: quarterly achievement",
        "code": "code",
        "name": "name",
        "unit": "unit",
        "polarity": "polarity",
        "higher": "higher is better",
        "lower": "lower is better",
        "list_title": "dppapp-indikator: {count} indicators",
        "quantity": "quantity",
        "value": "value",
        "index_category": "index category",
        "method": "method",
        "summary": (
            "{rows} rows read from {file}; {reported} realisations evaluated for "
            "{indicators} indicators."
        ),
        "written_report": "report: {path}",
        "written_chart": "chart: {path}",
        "reading": "reading {name}",
        "computing": "computing the achievement",
        "writing_report": "writing the report {name}",
        "drawing_chart": "drawing the chart {name}",
        "computing_demo": "computing the example",
        "writing_rows": "writing {rows} rows",
        "template_written": (
            "{file}: {rows} rows ({indicators} indicators x periods with a target); fill in the "
            "'realisation' column, then run: dppapp-indikator evaluate {file}"
        ),
        "demo_title": "Indicators computed from example inputs (illustrative, not official data)",
        "demo_code": "code",
        "demo_components": "key components",
        "demo_used": "used as realisation",
        "demo_used_yes": "yes: {what}",
        "demo_used_no": "no (see the note in data/demo_inputs.json)",
        "demo_description": (
            "Illustrative example inputs for `dppapp-indikator demo`: raw inputs per indicator "
            "code, made up to be plausible for Dinas PPAPP DKI Jakarta in 2024. They are NOT "
            "official data: they only show how raw inputs become indicator values and then "
            "realisations of the Perjanjian Kinerja 2024."
        ),
        "demo_summary": (
            "{indicators} indicators evaluated; realisations from data/demo_realisations.csv, "
            "with the computed values above where 'used'."
        ),
        "usage_hint": "see `{command} --help`",
        "unexpected": (
            "unexpected failure ({kind}: {detail}). This is a bug in dppapp-indikator "
            "{version}: please report it on the dppapp-indikator project's issue tracker with "
            "the command you ran; add --debug (dppapp-indikator --debug ...) to see the details"
        ),
        "interrupted": "interrupted by the user",
        "invalid_value": "invalid value",
        "cannot_read": "cannot read {file}: {reason}",
        "cannot_write": "cannot write {file}: {reason}",
        "missing_extra": "{detail}",
        "bad_format": "--format must be 'table' or 'json'; got {value}",
        "bad_entries": "--entries must be one of {allowed}; got {value}",
        "agreement_template_written": (
            "{file}: {indicators} indicators of {title!r}; edit the sheets, then run: "
            "dppapp-indikator evaluate REALISATION.xlsx --agreement {file}"
        ),
        "bad_decimal_mark": "--decimal-mark must be ',' or '.'; got {value}",
        "bad_suffix": (
            "{option} must end in {allowed}; got {path}: choose a file name with one of these "
            "extensions"
        ),
        "same_as_input": (
            "{option} {path} is the input file itself: writing it would replace your data; "
            "choose another file name"
        ),
        "same_outputs": "--output and --chart name the same file {path}: choose two names",
        "exists": "{path} exists; pass --force to overwrite it, or choose another name",
        "is_directory": "{option} {path} is a folder; give a file name",
        "no_folder": "the folder {folder} of {option} does not exist; create it first",
        "input_not_object": (
            "--input must hold one JSON object of named inputs, e.g. "
            '{{"ketenteraman": 55.99}}; got {kind}'
        ),
        "invalid_inputs": "invalid inputs for {code!r}:",
        "not_json": (
            "--input {source} is not valid JSON ({detail}); fix the file or see "
            "`dppapp-indikator show {code}` for the shape of the inputs"
        ),
        "utf16": (
            "{source} is UTF-16 text ({bom} mark); save it again as UTF-8 (e.g. 'CSV UTF-8' or "
            "'UTF-8' in a text editor)"
        ),
        "binary": "{source} is a binary file ({kind}), not JSON text; give a .json file",
        "not_utf8": (
            "{source} is not UTF-8 text ({reason} at byte {position}); save it again as UTF-8"
        ),
        "empty_input": "{source} is empty; give one JSON object of named inputs",
        "cell_problem": "cell {address} (row {row}, column {column!r}): {message}; got {value!r}",
        "sheet_where": "sheet {sheet!r}, row {row}",
        "sheet_column": ", column {column!r}",
        "sheet_problem": "{where}: {message}; got {value!r}",
        "given": "; got {value}",
        "at_position": " at position {position}",
    },
}


def set_language(language: str) -> Language:
    """Make ``language`` the language of :func:`text` (``"id"`` or ``"en"``).

    Parameters
    ----------
    language : {"id", "en"}
        The language code.

    Returns
    -------
    str
        The language now in use.

    Raises
    ------
    InvalidInputError
        If ``language`` is not ``"id"`` or ``"en"``.

    Examples
    --------
    >>> set_language("en"), text("realisation"), set_language("id"), text("realisation")
    ('en', 'realisation', 'id', 'realisasi')
    """
    from ._checks import InvalidInputError

    if language not in LANGUAGES:
        raise InvalidInputError("--lang", "must be 'id' (Indonesian) or 'en' (English)", language)
    _current[0] = "en" if language == "en" else "id"
    return _current[0]


def language() -> Language:
    """The language in use (``"id"`` unless :func:`set_language` chose another)."""
    return _current[0]


def text(key: str, **values: object) -> str:
    """The message ``key`` in the current language, formatted with ``values``.

    Examples
    --------
    >>> text("list_title", count=3)
    'dppapp-indikator: 3 indikator'
    """
    return MESSAGES[_current[0]][key].format(**values)


def number(
    value: float, digits: int = 2, *, scientific_from: float = 1e15, lang: str | None = None
) -> str:
    """A number for display in the current language's notation; NaN or None gives ``-``.

    Rounded to ``digits`` decimals and written without trailing zeros; thousands grouped
    (``1.234,5`` in Indonesian, ``1,234.5`` in English); infinities as ``∞`` / ``-∞``;
    from ``scientific_from`` on (in absolute value), scientific notation (``1,00e308``).
    ``lang`` overrides the current language.

    Examples
    --------
    >>> number(63.456), number(1234567.0), number(float("nan")), number(float("inf"))
    ('63,46', '1.234.567', '-', '∞')
    """
    from ._numbers import format_number

    if value is None:
        return "-"
    x = float(value)
    if math.isnan(x):
        return "-"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    mark: Literal[",", "."] = "," if (lang or _current[0]) == "id" else "."
    if abs(x) >= scientific_from:  # beyond what a person reads digit by digit
        mantissa, exponent = f"{x:.{max(digits, 2)}e}".split("e")
        return f"{mantissa.replace('.', mark)}e{int(exponent)}"
    return format_number(round(x, digits), decimal_mark=mark)


def rupiah(value: float) -> str:
    """An amount of money in rupiah: ``Rp 734.881.464.333`` (whole rupiah).

    Examples
    --------
    >>> rupiah(734881464333.0)
    'Rp 734.881.464.333'
    """
    shown = number(value, 0)
    return shown if shown == "-" else f"Rp {shown}"


# Notes written by the evaluation (English, machine-made): their Indonesian wording.
_NOTE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^annual realisation aggregated from (.+?) \((.+)\)$"),
        r"realisasi tahunan dihitung dari \1 (\2)",
    ),
    (
        re.compile(
            r"^TIDAK SESUAI: the Tahunan row \((.+?)\) differs from its quarters "
            r"\((.+?) by (.+)\); the Tahunan row is used$"
        ),
        r"TIDAK SESUAI: baris Tahunan (\1) berbeda dari triwulannya (\2 menurut \3); "
        r"baris Tahunan yang dipakai",
    ),
    (
        re.compile(
            r"^capaian (s\.d\. .+?): (.+) not reported, so the value to date is unknown; "
            r"the year needs every quarter with a target \(or a Tahunan row\)$"
        ),
        r"capaian \1: \2 belum dilaporkan, sehingga nilai s.d. triwulan itu tidak diketahui; "
        r"capaian tahunan memerlukan setiap triwulan yang bertarget (atau baris Tahunan)",
    ),
    (
        re.compile(
            r"^capaian (s\.d\. .+?) \(realisation to date against the target to date\), "
            r"not the year's: (.+) not reported$"
        ),
        r"capaian \1 (realisasi s.d. triwulan terhadap target s.d. triwulan), bukan capaian "
        r"tahunan: \2 belum dilaporkan",
    ),
    (re.compile(r"^target N/A$"), "target N/A"),
    (re.compile(r"^no realisation$"), "tidak ada realisasi"),
    (
        re.compile(r"^no quarter reported to aggregate; no 'Tahunan' row given$"),
        "tidak ada triwulan yang dilaporkan untuk dijumlahkan; tidak ada baris 'Tahunan'",
    ),
    (
        re.compile(
            r"^annual realisation aggregated from (.+) \(sum of the quarters\); "
            r"no 'Tahunan' row given$"
        ),
        r"realisasi tahunan = jumlah \1; tidak ada baris 'Tahunan'",
    ),
    (
        re.compile(
            r"^annual realisation aggregated from (.+) \(last reported quarter\); "
            r"no 'Tahunan' row given$"
        ),
        r"realisasi tahunan = triwulan terakhir dari \1; tidak ada baris 'Tahunan'",
    ),
    (
        re.compile(
            r"^annual realisation aggregated from (.+) \(constant indicator: (last|mean) of "
            r"the reported quarters\); no 'Tahunan' row given$"
        ),
        r"realisasi tahunan dari \1 (indikator konstan: \2); tidak ada baris 'Tahunan'",
    ),
)


def note(value: object, lang: str | None = None) -> str:
    """An evaluation note in the current language, or ``lang`` (unknown notes stay as written).

    Examples
    --------
    >>> note("target N/A; no realisation")
    'target N/A; tidak ada realisasi'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    parts = [part.strip() for part in str(value).split("; ") if part.strip()]
    if (lang or _current[0]) == "en":
        return "; ".join(parts)
    out: list[str] = []
    index = 0
    while index < len(parts):
        # the aggregation note holds one "; " itself: try two parts joined first
        joined = "; ".join(parts[index : index + 2])
        translated = _translate(joined)
        if translated is not None and index + 1 < len(parts):
            out.append(translated)
            index += 2
            continue
        out.append(_translate(parts[index]) or parts[index])
        index += 1
    return "; ".join(out)


def _translate(part: str) -> str | None:
    for pattern, replacement in _NOTE_PATTERNS:
        if pattern.match(part):
            return pattern.sub(replacement, part)
    return None


# Error messages of the file readers and the evaluation checks (English, machine-made): their
# Indonesian wording, phrase by phrase (a message may chain several phrases, e.g. a conversion
# problem followed by a range problem and a hint). Applied in order; what no pattern matches
# stays in English, so no information is lost.
_SEPARATORS = {"tab": "tab", "semicolon": "titik koma", "comma": "koma"}
_ERROR_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # counts heading the list of bad cells
        (r"^(\d+) bad cells?$", r"\1 sel bermasalah"),
        (r"^(\d+) problem\(s\)$", r"\1 masalah"),
        # reading a file
        (r"cannot read the file: no such file", "tidak dapat membaca file: file tidak ada"),
        (r"cannot read the file: ", "tidak dapat membaca file: "),
        (r"cannot write the file: ", "tidak dapat menulis file: "),
        (r"^the file is empty$", "file kosong"),
        (r"^the file has no rows$", "file tidak memiliki baris"),
        (
            r"this is an Excel workbook \(zip\), not a CSV file: name it \.xlsx",
            "ini adalah buku kerja Excel (zip), bukan file CSV: beri akhiran .xlsx",
        ),
        (r"the file is not valid CSV: ", "file bukan CSV yang sah: "),
        (
            r"not a readable \.xlsx workbook \((.+)\)$",
            r"bukan buku kerja .xlsx yang dapat dibaca (\1)",
        ),
        (
            r"the workbook has no sheet ('.*?') \(sheets: (.*)\)$",
            r"buku kerja tidak memiliki lembar \1 (lembar yang ada: \2)",
        ),
        (r"the workbook has no sheet ('.*?')$", r"buku kerja tidak memiliki lembar \1"),
        (r"^sheet ('.*?') cannot be read \((.+)\)$", r"lembar \1 tidak dapat dibaca (\2)"),
        (
            r"unsupported file type ('.*?'): use \.csv, \.tsv or \.xlsx",
            r"jenis file \1 tidak didukung: gunakan .csv, .tsv atau .xlsx",
        ),
        (
            r"unsupported template type ('.*?'): use \.csv or \.xlsx",
            r"jenis templat \1 tidak didukung: gunakan .csv atau .xlsx",
        ),
        # text decoding
        (
            r"the file is (.+?) text, not UTF-8: save it again as ",
            r"file berformat teks \1, bukan UTF-8: simpan ulang sebagai ",
        ),
        (
            r"this is a binary file \(it holds NUL bytes\), not a text file",
            "ini file biner (berisi byte NUL), bukan file teks",
        ),
        (
            r"this is a binary file \((.+?)\), not a text file",
            r"ini file biner (\1), bukan file teks",
        ),
        (
            r"the file is not UTF-8 text \((.+?) at byte (\d+)\); save it again as ",
            r"file bukan teks UTF-8 (\1 pada byte \2); simpan ulang sebagai ",
        ),
        # workbook guards
        (
            r"the workbook unpacks to (\S+) bytes, far beyond an agreement's \(limit (\S+) "
            r"bytes\); it is not a realisation or agreement file: check that you chose the "
            r"right file",
            r"buku kerja ini terurai menjadi \1 byte, jauh melampaui ukuran perjanjian (batas "
            r"\2 byte); ini bukan file realisasi atau perjanjian: periksa apakah file yang "
            r"dipilih benar",
        ),
        (
            r"part ('.*?') declares a document type or XML entities \(<!DOCTYPE / <!ENTITY\), "
            r"which spreadsheet programs never write: the file is refused as unsafe; save the "
            r"workbook again from Excel or LibreOffice",
            r"bagian \1 mendeklarasikan tipe dokumen atau entitas XML (<!DOCTYPE / <!ENTITY), "
            r"yang tidak pernah ditulis program lembar kerja: file ditolak karena tidak aman; "
            r"simpan ulang buku kerja dari Excel atau LibreOffice",
        ),
        (
            r"sheet part ('.*?') holds at least (\S+) rows, far beyond an agreement's \(limit "
            r"(\S+)\); it is not a realisation or agreement file: check that you chose the "
            r"right file",
            r"bagian lembar \1 berisi sedikitnya \2 baris, jauh melampaui perjanjian (batas "
            r"\3); ini bukan file realisasi atau perjanjian: periksa apakah file yang dipilih "
            r"benar",
        ),
        # columns and rows of a realisation file
        (
            r"^row 1 must hold the column names; it is empty$",
            "baris 1 harus berisi nama kolom; baris itu kosong",
        ),
        (
            r"^column ('.*?') appears twice: (.+) and (.+)$",
            r"kolom \1 muncul dua kali: \2 dan \3",
        ),
        (
            r"^missing required column\(s\): (.+) \(found: (.+)\); the first row must name "
            r"the columns (.+)$",
            r"kolom wajib tidak ada: \1 (ditemukan: \2); baris pertama harus menamai kolom \3",
        ),
        (
            r"^the file has no data rows: below the header, give one row per indicator and "
            r"period \(start from `dppapp-indikator template`\)$",
            "file tidak memiliki baris data: di bawah baris judul, isi satu baris per indikator "
            "dan periode (mulai dari `dppapp-indikator template`)",
        ),
        (
            r"the row has (\d+) fields but the header has (\d+): extra value\(s\) ",
            r"baris ini memiliki \1 kolom tetapi baris judul memiliki \2: nilai berlebih ",
        ),
        (
            r"; the separator is a comma, so a decimal comma splits a number in two \('63,46' "
            r"becomes '63' and '46'\): put such numbers in quotes \(\"63,46\"\), separate the "
            r"columns with ';', or write 63\.46 with --decimal-mark \.",
            "; pemisah kolomnya koma, sehingga koma desimal membelah angka menjadi dua ('63,46' "
            "menjadi '63' dan '46'): beri tanda kutip pada angka seperti itu (\"63,46\"), "
            "pisahkan kolom dengan ';', atau tulis 63.46 dengan --decimal-mark .",
        ),
        (
            r"the row has (\d+) fields but the header has (\d+) \((tab|semicolon|comma)-"
            r"separated\): (.+) missing; give every field \(an empty field for a value not "
            r"reported\)",
            r"baris ini memiliki \1 kolom tetapi baris judul memiliki \2 (dipisah \3): \4 "
            r"tidak ada; isi setiap kolom (kolom kosong untuk nilai yang tidak dilaporkan)",
        ),
        (
            r"is a formula without a computed value in the file: open and save the file in "
            r"Excel, or type the value",
            "berisi rumus tanpa nilai hasil hitung di dalam file: buka lalu simpan file itu di "
            "Excel, atau ketik nilainya",
        ),
        (
            r"must be the indicator's row number in the agreement \(a whole number from 1\)",
            "harus nomor baris indikator dalam perjanjian (bilangan bulat mulai dari 1)",
        ),
        (
            r"is not an indicator of the agreement \((.+?)\)",
            r"bukan indikator dalam perjanjian (\1)",
        ),
        (
            r"must be an indicator number of the agreement \((.+?)\)",
            r"harus nomor indikator dalam perjanjian (\1)",
        ),
        (
            r"duplicate: IKU (\d+), (.+?) is already given in row (\d+)",
            r"duplikat: IKU \1, \2 sudah diberikan di baris \3",
        ),
        # numbers in cells
        (
            r"must be a number in Indonesian notation \('63,46', '1\.234', '71%'\) or "
            r"blank/N/A/- \(not reported\)",
            "harus angka dalam notasi Indonesia ('63,46', '1.234', '71%') atau kosong/N/A/- "
            "(tidak dilaporkan)",
        ),
        (
            r"must be a number in English notation \('63\.46', '1,234', '71%'\) or "
            r"blank/N/A/- \(not reported\)",
            "harus angka dalam notasi Inggris ('63.46', '1,234', '71%') atau kosong/N/A/- "
            "(tidak dilaporkan)",
        ),
        (
            r"; a dot separates thousands \(groups of three digits\): write the decimal with a "
            r"comma \((.+?)\)",
            r"; titik memisahkan ribuan (kelompok tiga angka): tulis desimalnya dengan koma (\1)",
        ),
        (r"must be a number, not a boolean", "harus angka, bukan boolean"),
        (r"must be a finite number for IKU (\d+)", r"harus angka terhingga untuk IKU \1"),
        (r"must be a finite number", "harus angka terhingga"),
        (r"must be text or a number", "harus teks atau angka"),
        (r"must be a number \(NaN = not reported\)", "harus angka (NaN = tidak dilaporkan)"),
        (r"^must be finite$", "harus terhingga"),
        (r"must be ya/tidak \(true/false\)", "harus ya/tidak (true/false)"),
        # valid ranges
        (
            r"is beyond \+/- 1\.000\.000, the limit for IKU (\d+), whose agreement declares no "
            r"valid_range",
            r"melewati +/- 1.000.000, batas untuk IKU \1, yang perjanjiannya tidak menetapkan "
            r"valid_range",
        ),
        (
            r"is outside the valid range ([\[(]\S+, \S+[\])]) of IKU (\d+)",
            r"berada di luar rentang sah \1 IKU \2",
        ),
        (r"; did you mean (.+?)\?", r"; maksud Anda \1?"),
        # the evaluation: entries, conversions, duplicates
        (
            r"of IKU (\d+) (TW I{1,3}|TW IV) cannot be converted from (\S+) entries: (.+?) "
            r"\(with a target\) is not reported; give every earlier quarter or enter the values "
            r"as the agreement does \((\S+)\)",
            r"IKU \1 \2 tidak dapat dikonversi dari entri \3: \4 (yang bertarget) belum "
            r"dilaporkan; isi setiap triwulan sebelumnya atau masukkan nilai seperti dalam "
            r"perjanjian (\5)",
        ),
        (
            r"of IKU (\d+) (TW I{1,3}|TW IV): the to-date entry (.+?) after (.+?) at (.+?) "
            r"gives a quarterly contribution of (.+?), which ",
            r"IKU \1 \2: entri s.d. triwulan \3 setelah \4 pada \5 memberi kontribusi triwulan "
            r"\6, yang ",
        ),
        (
            r"of IKU (\d+) (TW I{1,3}|TW IV): the per-quarter entries add up to (.+?) by (.+?), "
            r"which ",
            r"IKU \1 \2: entri per triwulan berjumlah \3 sampai \4, yang ",
        ),
        (
            r"of IKU (\d+): the quarters give (.+?) for (.+?) \((.+)\), which ",
            r"IKU \1: triwulan-triwulannya memberi \2 untuk \3 (\4), yang ",
        ),
        (
            r"; if they are values to date, say so \(entries='to_date', --entries to-date\)",
            "; jika itu nilai s.d. triwulan, nyatakan demikian (entries='to_date', "
            "--entries to-date)",
        ),
        (r"^of IKU (\d+) (TW I{1,3}|TW IV|Tahunan) ", r"IKU \1 \2 "),
        (
            r"must have one row per \(number, period\); row (\d+) has the same",
            r"harus satu baris per (number, period); baris \1 sama dengan ini",
        ),
        (
            r"must have the columns 'number', 'period' and 'realisation'",
            "harus memiliki kolom 'number', 'period' dan 'realisation'",
        ),
        (
            r"must map each indicator number to a mapping \{period: value\}",
            "harus memetakan setiap nomor indikator ke mapping {periode: nilai}",
        ),
        (
            r"must be a pandas DataFrame \(number, period, realisation\) or a mapping "
            r"\{number: \{period: value\}\}",
            "harus pandas DataFrame (number, period, realisation) atau mapping "
            "{nomor: {periode: nilai}}",
        ),
        (
            r"IKU (\d+) (.+?): the target must be > 0 to compute an achievement",
            r"IKU \1 \2: target harus > 0 untuk menghitung capaian",
        ),
        (
            r"must be an Agreement \(see load_agreement\(\)\)",
            "harus Agreement (lihat load_agreement())",
        ),
        (r"( or None)$", " atau None"),
        # agreement workbooks
        (
            r"an agreement workbook must end in \.xlsx",
            "buku kerja perjanjian harus berakhiran .xlsx",
        ),
        (r"^the sheet is empty$", "lembar ini kosong"),
        (
            r"^missing column \(row 1 names the columns\)$",
            "kolom tidak ada (baris 1 menamai kolom)",
        ),
        (r"^is required$", "wajib diisi"),
        (r"^Field required$", "wajib diisi"),
        (r" \(in the rows of this indicator\)$", " (di baris-baris indikator ini)"),
        (
            r"Input should be a valid number, unable to parse string as a number",
            "harus angka yang sah; teksnya tidak dapat dibaca sebagai angka",
        ),
        (r"Input should be a valid number", "harus angka yang sah"),
        (r"Input should be a valid integer", "harus bilangan bulat yang sah"),
        (r"Input should be a valid string", "harus teks yang sah"),
        (r"Input should be greater than or equal to ", "harus lebih besar dari atau sama dengan "),
        (r"Input should be greater than ", "harus lebih besar dari "),
        (r"Input should be less than or equal to ", "harus lebih kecil dari atau sama dengan "),
        (r"Input should be less than ", "harus lebih kecil dari "),
        (
            r"^Input should be ((?:'[^']*', )*'[^']*') or ('[^']*')$",
            r"harus \1 atau \2",
        ),
        (r"Input should be ", "harus "),
        (r"^Value error, ", "nilai salah: "),
        # generic phrases last
        (r"must be one of ", "harus salah satu dari "),
        (r" at position ", " pada posisi "),
    )
)


def error_body(message: str, lang: str | None = None) -> str:
    """The body of an error message in the current language, or ``lang``.

    The readers and checks of the library write their messages in English; in Indonesian
    each known phrase is replaced by its Indonesian wording, and what no phrase matches
    stays as written (in English), so no information is lost.

    Examples
    --------
    >>> error_body("is outside the valid range (0, 10] of IKU 5 (TFR); did you mean 2,230?")
    'berada di luar rentang sah (0, 10] IKU 5 (TFR); maksud Anda 2,230?'
    >>> error_body("duplicate: IKU 4, TW I is already given in row 2", lang="en")
    'duplicate: IKU 4, TW I is already given in row 2'
    """
    if (lang or _current[0]) == "en":
        return message
    out = message
    for pattern, replacement in _ERROR_PATTERNS:
        out = pattern.sub(replacement, out)
    return re.sub(
        r"\(dipisah (tab|semicolon|comma)\)",
        lambda m: f"(dipisah {_SEPARATORS[m.group(1)]})",
        out,
    )
