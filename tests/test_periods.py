"""Tests of quarter-to-year aggregation (methods/agreement#agreement)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator.periods import aggregate_quarters


@pytest.mark.parametrize(
    ("iku", "quarters", "how", "annual"),
    [
        # Perjanjian Kinerja 2024 Dinas PPAPP DKI (seed), quarterly targets TW I-IV -> annual:
        (4, [14.35, 16.39, 19.11, 21.15], "sum", 71.00),  # IKU 4 turnover growth: 71
        (21, [25, 25, 25, 25], "sum", 100),  # IKU 21 BPK follow-ups: 25 x 4 = 100
        (16, [None, None, 50, 50], "sum", 100),  # IKU 16 knowledge management
        (13, [5, 25, 55, 100], "last", 100),  # IKU 13 BMD inventory (cumulative)
        (17, [None, 50, None, 100], "last", 100),  # IKU 17 risk management
        (19, [100, 100, 100, 100], "constant", 100),  # IKU 19 governor's directives
    ],
)
def test_seed_quarterly_targets_reproduce_annual(
    iku: int, quarters: list[float | None], how: str, annual: float
) -> None:
    assert aggregate_quarters(quarters, how) == pytest.approx(annual, abs=0.005)  # type: ignore[arg-type]


def test_all_missing_gives_nan() -> None:
    assert np.isnan(aggregate_quarters([None, None, None, None], "sum"))
    assert np.isnan(aggregate_quarters([np.nan] * 4, "last"))


def test_two_dimensional_and_dataframe() -> None:
    rows = np.array([[1.0, 2.0, 3.0, 4.0], [np.nan, 1.0, np.nan, np.nan]])
    np.testing.assert_array_equal(aggregate_quarters(rows, "sum"), [10.0, 1.0])
    np.testing.assert_array_equal(aggregate_quarters(rows, "last"), [4.0, 1.0])
    frame = pd.DataFrame(rows, index=["a", "b"], columns=["TW I", "TW II", "TW III", "TW IV"])
    out = aggregate_quarters(frame, "last")
    assert isinstance(out, pd.Series)
    assert out.to_dict() == {"a": 4.0, "b": 1.0}


@pytest.mark.parametrize(
    ("quarters", "how", "match"),
    [
        ([1, 2, 3], "sum", "exactly 4 quarters"),
        ([1, 2, 3, 4], "mean", "`how` must be one of"),
        ([1, 2, 3, 4], "constant", "same value in every quarter"),
        ([1, 2, np.inf, 4], "sum", "must be finite"),
        ([1, "x", 3, 4], "sum", "must be numbers"),
    ],
)
def test_bad_input(quarters: list[object], how: str, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        aggregate_quarters(quarters, how)  # type: ignore[arg-type]
