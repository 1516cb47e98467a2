"""Properties of realisation-file reading: Indonesian numbers and row preservation."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dppapp_indikator.agreement.io import PERIODS, format_number, parse_number, read_realisations

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


def indonesian(value: float, decimals: int) -> str:
    """Write ``value`` with thousands dots and a decimal comma (independent of the library)."""
    english = f"{value:,.{decimals}f}"  # 1,234,567.89
    return english.replace(",", "_").replace(".", ",").replace("_", ".")


@given(value=finite, decimals=st.integers(min_value=0, max_value=6))
def test_parse_number_reads_indonesian_formatting(value: float, decimals: int) -> None:
    text = indonesian(value, decimals)
    assert parse_number(text) == float(f"{value:.{decimals}f}")


@given(
    value=finite,
    decimals=st.integers(min_value=0, max_value=4),
    left=st.sampled_from(["", " ", "\u00a0"]),
    right=st.sampled_from(["", "%", " %", " "]),
)
def test_parse_number_ignores_blanks_and_percent_sign(
    value: float, decimals: int, left: str, right: str
) -> None:
    text = indonesian(value, decimals)
    assert parse_number(f"{left}{text}{right}") == parse_number(text)


@given(value=finite)
def test_format_number_round_trips(value: float) -> None:
    assert parse_number(format_number(value)) == value
    assert parse_number(format_number(value, decimal_mark="."), decimal_mark=".") == value


@given(value=finite, decimals=st.integers(min_value=1, max_value=6))
def test_english_decimal_is_never_silently_misread(value: float, decimals: int) -> None:
    """An English decimal is refused, or (when it looks like thousands) read as thousands."""
    english = f"{value:.{decimals}f}"
    try:
        parsed = parse_number(english)
    except ValueError:
        return
    assert parsed is not None
    # accepted only when the dot can be a thousands separator: then read as such
    assert decimals == 3 and parsed == float(english.replace(".", ""))


cells = st.one_of(
    finite.map(lambda v: indonesian(v, 2)),
    st.sampled_from(["", "N/A", "NA", "-", " "]),
)


@st.composite
def realisation_rows(draw: st.DrawFn) -> list[tuple[int, str, str]]:
    pairs = draw(
        st.lists(
            st.tuples(st.integers(min_value=1, max_value=21), st.sampled_from(PERIODS)),
            unique=True,
            min_size=1,  # a file without data rows is refused
            max_size=40,
        )
    )
    return [(number, period, draw(cells)) for number, period in pairs]


@settings(max_examples=40)
@given(rows=realisation_rows(), delimiter=st.sampled_from([";", ",", "\t"]))
def test_reader_never_changes_the_row_count(
    rows: list[tuple[int, str, str]], delimiter: str
) -> None:
    quote = '"' if delimiter == "," else ""
    lines = [delimiter.join(("number", "period", "realisation"))]
    lines += [delimiter.join((str(n), p, f"{quote}{v}{quote}")) for n, p, v in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.csv"
        path.write_text("\n".join(lines) + "\n", "utf-8")
        result = read_realisations(path)
    frame = result.frame
    assert len(frame) == len(rows)
    assert frame.index.tolist() == list(range(2, len(rows) + 2))
    assert frame["number"].tolist() == [n for n, _, _ in rows]
    missing = [v.strip() in ("", "N/A", "NA", "-") for _, _, v in rows]
    assert [math.isnan(v) for v in frame["realisation"]] == missing
    assert result.warnings == ()


@settings(max_examples=15)
@given(rows=realisation_rows())
def test_xlsx_reader_never_changes_the_row_count(rows: list[tuple[int, str, str]]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["number", "period", "realisation"])
    for number, period, value in rows:
        sheet.append([number, period, value or None])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.xlsx"
        workbook.save(path)
        frame = read_realisations(path).frame
    assert len(frame) == len(rows)
    assert frame["period"].tolist() == [p for _, p, _ in rows]
