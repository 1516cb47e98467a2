"""Reference and behaviour tests of dppapp_indikator.violence (methods/violence#violence)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pydantic
import pytest

from dppapp_indikator import InvalidInputError, calculate, get_indicator
from dppapp_indikator.registry import Result
from dppapp_indikator.violence import pka, pkp, prevalence


@pytest.mark.parametrize(
    ("cases", "population", "expected"),
    [
        (248, 1000, 24.8),  # hand: 248 / 1000 x 100 = 24.8 (the IKU 7 target, seed row 7)
        (2356, 10000, 23.56),  # hand: 2356 / 10000 x 100 = 23.56 (the IKU 9 target, seed row 9)
        (1, 4, 25.0),  # hand: 1 / 4 x 100
        (0, 500, 0.0),  # hand: no cases
        (500, 500, 100.0),  # hand: everyone
        (1234.5, 5000.0, 24.69),  # hand: a weighted (fractional) survey total, 1234.5 / 5000
    ],
)
def test_prevalence_hand_examples(cases: float, population: float, expected: float) -> None:
    assert prevalence(cases, population) == pytest.approx(expected, abs=1e-12)


def test_named_wrappers_match_the_formula() -> None:
    # methods/violence#violence: PKP = J_prk / J_pr x 100, PKA = J_ak / J_an x 100; hand: 30 / 120 =
    # 25 %.
    assert pkp(30, 120) == pytest.approx(25.0, abs=1e-12)
    assert pka(30, 120) == pytest.approx(25.0, abs=1e-12)


def test_prevalence_containers() -> None:
    assert isinstance(prevalence(1, 4), float)
    out = prevalence(np.array([1.0, 3.0]), 4)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [25.0, 75.0])  # hand: 1/4, 3/4
    series = pd.Series([1.0, 3.0], index=["Jakarta Pusat", "Jakarta Utara"], name="pkp")
    out_s = pkp(series, pd.Series([4.0, 4.0], index=series.index))
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == ["Jakarta Pusat", "Jakarta Utara"]
    assert out_s.name == "pkp"
    np.testing.assert_allclose(out_s.to_numpy(), [25.0, 75.0])


def test_prevalence_nan_propagates() -> None:
    out = prevalence(np.array([1.0, np.nan, 2.0]), np.array([4.0, 4.0, np.nan]))
    assert out[0] == pytest.approx(25.0)
    assert np.isnan(out[1])
    assert np.isnan(out[2])


@pytest.mark.parametrize(
    ("cases", "population", "name", "constraint"),
    [
        (-1, 10, "cases", ">= 0"),
        (1, 0, "population", "> 0"),
        (1, -5, "population", "> 0"),
        (11, 10, "cases", "must not exceed `population`"),
        (np.inf, 10, "cases", "finite"),
        (1, np.inf, "population", "finite"),
        ("a", 10, "cases", "numeric"),
        (1, None, "population", "number"),
        ([1, 2], [3, 4, 5], "cases", "broadcastable"),
    ],
)
def test_prevalence_bad_counts(
    cases: object, population: object, name: str, constraint: str
) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`.*{constraint}") as info:
        prevalence(cases, population)  # type: ignore[arg-type]
    assert info.value.parameter == name


def test_bad_counts_position_reported() -> None:
    with pytest.raises(InvalidInputError, match="at position 2"):
        prevalence([1, 2, 30], [10, 10, 10])


def test_wrappers_name_their_parameters() -> None:
    with pytest.raises(InvalidInputError, match="`women_with_violence` must not exceed"):
        pkp(5, 4)
    with pytest.raises(InvalidInputError, match="`women_15_64` must be > 0"):
        pkp(0, 0)
    with pytest.raises(InvalidInputError, match="`children_with_violence` must be >= 0"):
        pka(-1, 4)
    with pytest.raises(InvalidInputError, match="`children_13_24` must be > 0"):
        pka(1, -4)


def test_calculate_pkp() -> None:
    result = calculate("pkp", {"cases": 248, "population": 1000})
    assert result.value == pytest.approx(24.8, abs=1e-12)  # hand: 248 / 1000 x 100
    assert result.components == {"cases": 248.0, "population": 1000.0}
    assert result.category is None
    assert result.unit == "percent"
    assert Result.model_validate_json(result.model_dump_json()) == result


def test_calculate_pka() -> None:
    result = calculate("pka", {"cases": 2356.0, "population": 10000.0})
    assert result.value == pytest.approx(23.56, abs=1e-12)  # hand: 2356 / 10000 x 100
    assert result.components["cases"] == 2356.0
    assert result.components["population"] == 10000.0


def test_records_metadata() -> None:
    pkp_record, pka_record = get_indicator("pkp"), get_indicator("pka")
    # seed row 7, methods/agreement#agreement
    assert (pkp_record.iku, pkp_record.polarity) == (7, "lower")
    # seed row 9, methods/agreement#agreement
    assert (pka_record.iku, pka_record.polarity) == (9, "lower")
    assert pkp_record.name_id == "Prevalensi Kekerasan Terhadap Perempuan"
    assert pka_record.name_id == "Prevalensi Kekerasan terhadap Anak"
    # the seed's "12 tahun" is an error (methods/violence#violence)
    assert "12 months" in pkp_record.formula


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"cases": 11, "population": 10}, "cases"),
        ({"cases": -1, "population": 10}, "cases"),
        ({"cases": 1, "population": 0}, "population"),
        ({"cases": 1}, "population"),
        ({"cases": 1, "population": 10, "extra": 1}, "extra"),
        ({"cases": float("nan"), "population": 10}, "cases"),
    ],
)
def test_calculate_bad_inputs(inputs: dict[str, object], field: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=field):
        calculate("pkp", inputs)
    with pytest.raises(pydantic.ValidationError, match=field):
        calculate("pka", inputs)
