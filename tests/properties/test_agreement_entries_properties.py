"""Properties of the agreement workflow: entry kinds, ranges, partial years, file reading."""

from __future__ import annotations

import math
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.agreement import evaluate, load_agreement
from dppapp_indikator.agreement.io import RealisationFileError, read_realisations

PK = load_agreement()
QUARTERS = ("TW I", "TW II", "TW III", "TW IV")
# typed numbers with two decimals, as a person enters them
typed = st.integers(min_value=0, max_value=2500).map(lambda n: float(Decimal(n) / 100))


@given(parts=st.lists(typed, min_size=4, max_size=4), number=st.sampled_from([4, 16, 21]))
def test_per_quarter_and_to_date_entries_give_the_same_evaluation(
    parts: list[float], number: int
) -> None:
    quarters = [q for q in QUARTERS if PK.indicator(number).targets.for_period(q) is not None]
    per_quarter = dict(zip(quarters, parts, strict=False))
    running = Decimal(0)
    to_date = {}
    for quarter, part in per_quarter.items():
        running += Decimal(repr(part))
        to_date[quarter] = float(running)
    a = evaluate(PK, {number: per_quarter}, entries="per_quarter")
    b = evaluate(PK, {number: to_date}, entries="to_date")
    c = evaluate(PK, {number: per_quarter})  # the agreement's own kind for these: per quarter
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)


@given(value=st.floats(allow_nan=False, allow_infinity=True, width=64))
def test_tfr_is_scored_only_inside_its_range(value: float) -> None:
    if 0 < value <= 10:
        out = evaluate(PK, {5: {"Tahunan": value}})
        expected = (2 - value / 2.23) * 100  # lower is better, target 2,23
        assert out["achievement"].iloc[0] == pytest.approx(expected, rel=1e-12)
    else:
        with pytest.raises(InvalidInputError):
            evaluate(PK, {5: {"Tahunan": value}})


@given(
    reported=st.lists(st.sampled_from(QUARTERS), unique=True, min_size=1),
    value=typed,
    number=st.sampled_from([4, 13, 19, 21]),
)
def test_the_year_needs_every_quarter_with_a_target(
    reported: list[str], value: float, number: int
) -> None:
    indicator = PK.indicator(number)
    out = evaluate(PK, {number: dict.fromkeys(reported, value)})
    year = out[~out["period"].isin(QUARTERS)]
    assert len(year) == 1
    targeted = [q for q in QUARTERS if indicator.targets.for_period(q) is not None]
    if indicator.aggregation == "last":
        complete = targeted[-1] in reported
    else:
        complete = set(targeted) <= set(reported)
    assert (year["period"].iloc[0] == "Tahunan") == complete
    if not complete:
        assert year["period"].iloc[0].startswith("s.d. TW")
        assert year["basis"].iloc[0] == year["period"].iloc[0]


cells = st.one_of(
    st.sampled_from(["", "N/A", "-", "TW I", "Tahunan", "tw 4", "1", "5", "21", "99"]),
    st.text(alphabet="0123456789.,-%e ", max_size=8),
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(cells, min_size=0, max_size=5), max_size=6),
    separator=st.sampled_from([";", ",", "\t"]),
)
def test_any_small_table_is_read_or_refused_cleanly(rows: list[list[str]], separator: str) -> None:
    text = "\n".join(separator.join(row) for row in [["number", "period", "realisation"], *rows])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.csv"
        path.write_text(text, "utf-8")
        try:
            result = read_realisations(path, agreement=PK)
        except RealisationFileError as exc:
            assert str(exc).startswith(str(path))
            return
    frame = result.frame
    assert not frame.empty
    for number, value in zip(frame["number"], frame["realisation"], strict=True):
        assert math.isnan(value) or PK.indicator(number).range_problem(value) is None
    evaluate(PK, frame)  # whatever was read is accepted by evaluate, or raises a clear error


targets = st.integers(min_value=1, max_value=9999).map(lambda n: float(Decimal(n) / 100))


@settings(max_examples=10, deadline=None)
@given(quarters=st.lists(targets, min_size=4, max_size=4), year=st.integers(2000, 2100))
def test_agreement_workbook_round_trip(quarters: list[float], year: int) -> None:
    from dppapp_indikator.agreement import (
        Agreement,
        read_agreement_sheet,
        write_agreement_sheet,
    )

    raw = PK.model_dump()
    raw["year"] = year
    total = float(sum(Decimal(repr(q)) for q in quarters))
    raw["indicators"][3]["targets"] = dict(
        zip(("tw1", "tw2", "tw3", "tw4"), quarters, strict=True), annual=total
    )
    agreement = Agreement.model_validate(raw)
    with tempfile.TemporaryDirectory() as folder:
        path = write_agreement_sheet(Path(folder) / "pk.xlsx", agreement)
        assert read_agreement_sheet(path) == agreement
