"""Tests of achievement (capaian) and its category (methods/agreement#agreement)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import dppapp_indikator.agreement as agreement
from dppapp_indikator import InvalidInputError
from dppapp_indikator.agreement import achievement, achievement_category, achievement_profiles


@pytest.mark.parametrize(
    ("realisation", "target", "polarity", "expected"),
    [
        # PermenPANRB 8/2021 Bab VI (lower is better): T 7, R 6.5 -> 107.14 %
        (6.5, 7.0, "lower", 107.14),
        # PermenPANRB 8/2021 Bab VI (lower is better): T 8, R 9 -> 87.5 %
        (9.0, 8.0, "lower", 87.5),
        # higher is better, R/T x 100 (methods/agreement#agreement): 75 / 71 x 100 = 105.63 (by
        # hand)
        (75.0, 71.0, "higher", 105.63),
        # 31 / 71 x 100 = 43.66 (by hand)
        (31.0, 71.0, "higher", 43.66),
        # on target -> 100 for both polarities
        (2.23, 2.23, "lower", 100.0),
        (63.46, 63.46, "higher", 100.0),
        # lower: R > 2T gives a negative achievement, (2 - 25/10) x 100 = -50 (by hand)
        (25.0, 10.0, "lower", -50.0),
        # higher: a negative realisation (turnover fell) gives a negative achievement
        (-5.0, 71.0, "higher", -7.04),
    ],
)
def test_reference_values(
    realisation: float, target: float, polarity: str, expected: float
) -> None:
    got = achievement(realisation, target, polarity=polarity)  # type: ignore[arg-type]
    assert isinstance(got, float)
    assert got == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize(
    ("realisation", "polarity", "expected"),
    [
        # range target [5, 10] (methods/agreement#agreement): inside -> 100, outside the nearer
        # bound
        (4.0, "higher", 80.0),  # 4 / 5 x 100
        (5.0, "higher", 100.0),
        (7.5, "higher", 100.0),
        (10.0, "higher", 100.0),
        (12.0, "higher", 120.0),  # 12 / 10 x 100
        (4.0, "lower", 120.0),  # (2 - 4/5) x 100
        (7.5, "lower", 100.0),
        (12.0, "lower", 80.0),  # (2 - 12/10) x 100
    ],
)
def test_range_targets(realisation: float, polarity: str, expected: float) -> None:
    got = achievement(realisation, 5.0, target_upper=10.0, polarity=polarity)  # type: ignore[arg-type]
    assert got == pytest.approx(expected, abs=1e-9)


def test_range_with_nan_upper_is_a_point_target() -> None:
    got = achievement([4.0, 12.0], [5.0, 5.0], target_upper=[np.nan, 10.0])
    np.testing.assert_allclose(got, [80.0, 120.0])


def test_degenerate_range_equals_point() -> None:
    assert achievement(6.0, 5.0, target_upper=5.0) == achievement(6.0, 5.0)


def test_cap() -> None:
    assert achievement(150.0, 100.0) == pytest.approx(150.0)  # no cap by default
    assert achievement(150.0, 100.0, cap=120) == 120.0
    assert achievement(110.0, 100.0, cap=120) == pytest.approx(110.0)
    assert achievement(5.0, 8.0, polarity="lower", cap=120.0) == 120.0  # (2 - 5/8) x 100 = 137.5
    assert np.isnan(achievement(np.nan, 100.0, cap=120))


def test_nan_in_nan_out() -> None:
    assert np.isnan(achievement(np.nan, 7.0))
    assert np.isnan(achievement(6.5, np.nan, polarity="lower"))
    out = achievement([np.nan, 6.5], 7.0, polarity="lower")
    assert np.isnan(out[0]) and out[1] == pytest.approx(107.14, abs=0.005)


def test_containers() -> None:
    scalar = achievement(9, 8, polarity="lower")
    assert isinstance(scalar, float) and scalar == 87.5
    array = achievement(np.array([6.5, 9.0]), np.array([7.0, 8.0]), polarity="lower")
    assert isinstance(array, np.ndarray)
    np.testing.assert_allclose(array, [107.142857, 87.5], atol=1e-6)
    listed = achievement([6.5, 9.0], [7.0, 8.0], polarity="lower")
    assert isinstance(listed, np.ndarray)
    series = pd.Series([6.5, 9.0], index=["a", "b"], name="R")
    out = achievement(series, pd.Series([7.0, 8.0], index=["a", "b"]), polarity="lower")
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["a", "b"]
    assert out["b"] == 87.5
    upper = achievement(series, 5.0, target_upper=pd.Series([8.0, 8.0], index=["a", "b"]))
    assert upper.tolist() == [100.0, pytest.approx(112.5)]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"realisation": 1.0, "target": 0.0}, "`target` must be > 0; got 0"),
        ({"realisation": 1.0, "target": -3.0}, "`target` must be > 0"),
        ({"realisation": 1.0, "target": [2.0, 0.0]}, "`target`.*at position 1"),
        ({"realisation": 1.0, "target": np.inf}, "`target` must be finite"),
        ({"realisation": np.inf, "target": 1.0}, "`realisation` must be finite"),
        ({"realisation": "x", "target": 1.0}, "`realisation` must be numeric"),
        ({"realisation": 1.0, "target": None}, "`target`"),
        ({"realisation": 1.0, "target": 5.0, "target_upper": 4.0}, "`target_upper` must be >="),
        ({"realisation": 1.0, "target": 5.0, "target_upper": np.inf}, "`target_upper`"),
        ({"realisation": 1.0, "target": 5.0, "polarity": "up"}, "`polarity` must be one of"),
        ({"realisation": 1.0, "target": 5.0, "cap": 0}, "`cap` must be finite and > 0"),
        ({"realisation": 1.0, "target": 5.0, "cap": -120}, "`cap`"),
        ({"realisation": 1.0, "target": 5.0, "cap": np.inf}, "`cap`"),
        ({"realisation": 1.0, "target": 5.0, "cap": "120"}, "`cap` must be a number"),
        ({"realisation": 1.0, "target": 5.0, "cap": True}, "`cap` must be a number"),
        ({"realisation": [1.0, 2.0, 3.0], "target": [1.0, 2.0]}, "broadcastable"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        achievement(**kwargs)  # type: ignore[arg-type]


def test_misaligned_series_raise() -> None:
    with pytest.raises(InvalidInputError, match="same index"):
        achievement(pd.Series([1.0], index=["a"]), pd.Series([1.0], index=["b"]))


@pytest.mark.parametrize(
    ("value", "label"),
    [
        # Permendagri 86/2017 bands, half-open (methods/agreement#agreement)
        (50.999, "sangat rendah"),
        (51.0, "rendah"),
        (65.999, "rendah"),
        (66.0, "sedang"),
        (75.999, "sedang"),
        (76.0, "tinggi"),
        (90.999, "tinggi"),
        (91.0, "sangat tinggi"),
        (100.0, "sangat tinggi"),
        (187.5, "sangat tinggi"),  # over-achievement stays in the top band
        (0.0, "sangat rendah"),
        (-50.0, "sangat rendah"),  # lower-is-better with R > 2T
    ],
)
def test_category_boundaries(value: float, label: str) -> None:
    assert achievement_category(value) == label


def test_category_containers_and_nan() -> None:
    assert achievement_category(np.nan) is None
    out = achievement_category(np.array([50.999, 91.0, np.nan]))
    assert isinstance(out, np.ndarray)
    assert out.tolist() == ["sangat rendah", "sangat tinggi", None]
    series = achievement_category(pd.Series([66.0, 76.0], index=[4, 5]))
    assert isinstance(series, pd.Series)
    assert series.to_dict() == {4: "sedang", 5: "tinggi"}


def test_category_profiles() -> None:
    assert achievement_profiles() == ("permendagri-86-2017",)
    assert achievement_category(80.0, profile="permendagri-86-2017") == "tinggi"
    with pytest.raises(InvalidInputError, match="`profile` must be one of"):
        achievement_category(80.0, profile="idg")  # a band profile of another domain
    with pytest.raises(InvalidInputError, match="`value` must be numeric"):
        achievement_category("high")


def test_package_exports_the_functions() -> None:
    assert agreement.achievement is achievement
    assert callable(agreement.evaluate)
