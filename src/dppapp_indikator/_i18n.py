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
