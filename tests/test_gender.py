"""Reference and behaviour tests of dppapp_indikator.gender (methods/gender#gender).

Reference numbers come from tests/data/validation.toml and methods/gender#gender; each
expected number carries its source in a comment, and the tolerance is the published rounding.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from dppapp_indikator import InvalidInputError, Result, calculate
from dppapp_indikator.gender import (
    IncomeChain,
    IncomeGoalposts,
    decision_making_index,
    decision_making_pct,
    edep,
    idg,
    idg_category,
    implied_income_index,
    income_chain,
    income_edep,
    income_goalposts,
    income_index,
    parliament_index,
)

# ---------------------------------------------------------------------------------------------
# EDEP (methods/gender#edep)


def test_edep_greece_teaching_example() -> None:
    # UNDP GEM teaching slides (tests/data/validation.toml "edep, Greece"): Pf 0.507, parliament 8.7
    # / 91.3.
    # methods/gender#edep: EDEP 15.705 with Pm = 1 - Pf = 0.493 (slides print 15.70).
    assert edep(8.7, 91.3, 0.507) == pytest.approx(15.705, abs=0.0005)
    # Same slides: index EDEP / 50 = 0.314.
    assert parliament_index(8.7, 0.507) == pytest.approx(0.314, abs=0.0005)


def test_edep_greece_explicit_male_share() -> None:
    # The slides print Pm = 0.492 (and 15.707), but 0.507 + 0.492 = 0.999: outside the 1e-6
    # tolerance of methods/gender#edep, so the pair is rejected rather than reproduced.
    with pytest.raises(InvalidInputError, match="`male_population_share`"):
        edep(8.7, 91.3, 0.507, male_population_share=0.492)
    # A consistent pair (within 1e-6) gives the same value as the default Pm = 1 - Pf.
    assert edep(8.7, 91.3, 0.507, male_population_share=0.4930005) == pytest.approx(
        15.705, abs=0.0005
    )


@pytest.mark.parametrize(
    ("epsilon", "expected"),
    [
        # Hand-computed for Xf 20, Xm 80, Pf = Pm = 0.5:
        (0.0, 50.0),  # arithmetic mean 0.5*20 + 0.5*80
        (1.0, 40.0),  # geometric mean sqrt(20 * 80)
        (2.0, 32.0),  # 1 / (0.5/20 + 0.5/80) = 1 / 0.03125
        (3.0, (0.5 * 20.0**-2 + 0.5 * 80.0**-2) ** -0.5),  # 27.4398...
        (0.5, (0.5 * 20.0**0.5 + 0.5 * 80.0**0.5) ** 2),  # 45.0
    ],
)
def test_edep_epsilon_forms(epsilon: float, expected: float) -> None:
    assert edep(20.0, 80.0, 0.5, epsilon=epsilon) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("epsilon", [1.0, 2.0, 3.5])
def test_edep_zero_value_gives_zero_without_warning(epsilon: float) -> None:
    # methods/gender#edep: with epsilon >= 1 and Xf = 0 or Xm = 0 the limit is 0 (pytest turns
    # warnings into errors, so this also checks that no RuntimeWarning is emitted).
    assert edep(0.0, 100.0, 0.5, epsilon=epsilon) == 0.0
    assert edep(100.0, 0.0, 0.5, epsilon=epsilon) == 0.0
    assert edep(0.0, 0.0, 0.5, epsilon=epsilon) == 0.0


def test_edep_zero_value_small_epsilon() -> None:
    # epsilon = 0.5: [0.5 * 0 + 0.5 * 100^0.5]^2 = 25 (hand-computed).
    assert edep(0.0, 100.0, 0.5, epsilon=0.5) == pytest.approx(25.0, rel=1e-12)


def test_edep_zero_population_share_ignores_group() -> None:
    # Pf = 0: EDEP is the male value (hand-computed: 1 / (0/20 + 1/80) = 80).
    assert edep(20.0, 80.0, 0.0) == pytest.approx(80.0, rel=1e-12)
    assert edep(20.0, 80.0, 1.0, epsilon=1.0) == pytest.approx(20.0, rel=1e-12)


def test_edep_containers() -> None:
    assert isinstance(edep(20.0, 80.0, 0.5), float)
    out = edep(np.array([20.0, 50.0]), np.array([80.0, 50.0]), 0.5)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [32.0, 50.0])  # 1/(0.5/20+0.5/80); equal values
    series = pd.Series([20.0, 50.0], index=["a", "b"], name="dprd")
    out_s = edep(series, 100.0 - series, 0.5)
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == ["a", "b"]
    np.testing.assert_allclose(out_s.to_numpy(), [32.0, 50.0])


def test_edep_nan_propagates() -> None:
    out = edep(np.array([20.0, np.nan, 0.0]), np.array([80.0, 50.0, np.nan]), 0.5)
    assert out[0] == pytest.approx(32.0)
    assert np.isnan(out[1])
    assert np.isnan(out[2])  # the zero rule does not hide a missing partner value
    assert math.isnan(edep(20.0, 80.0, float("nan")))


@pytest.mark.parametrize(
    ("args", "kwargs", "name"),
    [
        ((-1.0, 80.0, 0.5), {}, "female"),
        ((20.0, -0.5, 0.5), {}, "male"),
        ((20.0, math.inf, 0.5), {}, "male"),
        ((20.0, 80.0, 1.2), {}, "female_population_share"),
        ((20.0, 80.0, -0.1), {}, "female_population_share"),
        ((20.0, 80.0, 0.5), {"male_population_share": 1.5}, "male_population_share"),
        ((20.0, 80.0, 0.5), {"male_population_share": 0.6}, "male_population_share"),
        ((20.0, 80.0, 0.5), {"epsilon": -1.0}, "epsilon"),
        ((20.0, 80.0, 0.5), {"epsilon": math.nan}, "epsilon"),
        ((20.0, 80.0, 0.5), {"epsilon": "2"}, "epsilon"),
        ((20.0, 80.0, 0.5), {"epsilon": True}, "epsilon"),
        (([1.0, 2.0], [1.0, 2.0, 3.0], 0.5), {}, "female"),
        (("x", 80.0, 0.5), {}, "female"),
    ],
)
def test_edep_bad_input(args: tuple[Any, ...], kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        edep(*args, **kwargs)


def test_edep_error_reports_position() -> None:
    with pytest.raises(InvalidInputError, match="got -2 at position 1"):
        edep([1.0, -2.0], 3.0, 0.5)


# ---------------------------------------------------------------------------------------------
# Parliament / decision-making components and IKU 6 (methods/gender#idg-par)


def test_component_indices_at_parity() -> None:
    # methods/gender#idg-par: EDEP(50, 50) / 50 = 1 with Pf = 0.5; 0 when women hold no seat.
    assert parliament_index(50.0, 0.5) == pytest.approx(1.0, rel=1e-12)
    assert decision_making_index(50.0, 0.5) == pytest.approx(1.0, rel=1e-12)
    assert parliament_index(0.0, 0.5) == 0.0
    assert decision_making_index(100.0, 0.5) == 0.0


def test_component_index_not_capped() -> None:
    # methods/gender#edep: with Pf != 0.5, EDEP/50 can exceed 1 (no cap). Balance point for
    # Pf = 0.6 (hand-computed): p* = 100 sqrt(.6)/(sqrt(.6)+sqrt(.4)) = 55.051;
    # maximum 2 / (sqrt(.6)+sqrt(.4))^2 = 1.010205.
    p_star = 100 * math.sqrt(0.6) / (math.sqrt(0.6) + math.sqrt(0.4))
    assert parliament_index(p_star, 0.6) == pytest.approx(1.010205, abs=5e-7)
    assert decision_making_index(p_star, 0.6) > 1.0


def test_decision_making_index_indonesia_2017() -> None:
    # BPS via databoks (tests/data/validation.toml): 46.31 % women professionals, Indonesia 2017;
    # with Pf 0.5
    # the index is 1 / (0.5/46.31 + 0.5/53.69) / 50 = 0.99455 (hand-computed).
    assert decision_making_index(46.31, 0.5) == pytest.approx(0.99455, abs=5e-6)


@pytest.mark.parametrize(
    ("function", "name"),
    [(parliament_index, "female_parliament_pct"), (decision_making_index, "female_decision_pct")],
)
def test_component_index_bad_input(function: Any, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        function(100.5, 0.5)
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        function([10.0, -1.0], 0.5)
    with pytest.raises(InvalidInputError, match="`female_population_share`"):
        function(10.0, 1.01)


def test_decision_making_pct() -> None:
    # IKU 6 target 49.44 % (Perjanjian Kinerja 2024, row 6): 4944 of 10000 positions.
    assert decision_making_pct(4944, 10000) == pytest.approx(49.44, abs=0.005)
    # Survey-weighted counts need not be whole numbers.
    assert decision_making_pct(1.5, 3.0) == pytest.approx(50.0)
    out = decision_making_pct(pd.Series([1.0, np.nan], index=[5, 6]), 4.0)
    assert list(out.index) == [5, 6]
    assert out.iloc[0] == pytest.approx(25.0)
    assert np.isnan(out.iloc[1])


@pytest.mark.parametrize(
    ("women", "total", "name"),
    [
        (-1.0, 10.0, "women"),
        (11.0, 10.0, "women"),
        (0.0, 0.0, "total"),
        (1.0, -5.0, "total"),
        (1.0, math.inf, "total"),
    ],
)
def test_decision_making_pct_bad_input(women: float, total: float, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        decision_making_pct(women, total)


# ---------------------------------------------------------------------------------------------
# Income component (methods/gender#idg-inc)


def test_income_chain_aceh_1996() -> None:
    # Indonesia Human Development Report 2001 (BPS-Bappenas-UNDP), technical notes p.75,
    # Aceh 1996: Pf 0.499, Ef 0.384, wages 271.929 / 383.423 (tests/data/validation.toml
    # idg_income_chain).
    chain = income_chain(271.929, 383.423, 0.384, 0.499)
    assert isinstance(chain, IncomeChain)
    assert chain.wage_ratio == pytest.approx(0.709, abs=0.0005)  # IHDR 2001 p.75
    assert chain.average_wage == pytest.approx(0.888, abs=0.0005)  # IHDR 2001 p.75
    assert chain.female_income_share == pytest.approx(0.307, abs=0.0005)  # IHDR 2001 p.75
    assert chain.female_relative_share == pytest.approx(0.614, abs=0.0005)  # IHDR 2001 p.75
    assert chain.male_relative_share == pytest.approx(1.384, abs=0.0005)  # IHDR 2001 p.75
    assert chain.edep_income == pytest.approx(0.85, abs=0.005)  # IHDR 2001 p.75 (printed)
    # methods/gender#idg-inc unrounded
    assert chain.edep_income == pytest.approx(0.8517, abs=0.00005)
    # S_m = 1 - S_f: 1 - 0.307 (printed) = 0.693.
    assert chain.male_income_share == pytest.approx(0.693, abs=0.0006)


def test_income_index_aceh_1996() -> None:
    # IHDR 2001 p.75: PPP 562.8 thousand rupiah; goalposts 360 / 732.72 / 300 (printed
    # "737.72" is a typo, methods/gender#idg-inc); printed I_inc 0.276, unrounded 0.2757.
    chain = income_chain(271.929, 383.423, 0.384, 0.499)
    value = income_index(chain.edep_income, 562.8, goalposts="ihdr-2001")
    assert value == pytest.approx(0.276, abs=0.0005)  # IHDR 2001 p.75 (printed)
    assert value == pytest.approx(0.2757, abs=0.00005)  # methods/gender#idg-inc
    # The same goalposts passed explicitly give the same index.
    explicit = IncomeGoalposts(360.0, 732.72, 300.0, "thousand rupiah", "IHDR 2001 p.75")
    assert income_index(chain.edep_income, 562.8, goalposts=explicit) == pytest.approx(value)


def test_income_chain_dki_jakarta_2008() -> None:
    # UNDP Aceh Human Development Report 2010, technical annex p.189, DKI Jakarta 2008:
    # Pf 0.509, Ef 0.402, wages Rp 1,320,438 / 1,796,428 (tests/data/validation.toml
    # idg_income_chain).
    chain = income_chain(1320438, 1796428, 0.402, 0.509)
    assert chain.wage_ratio == pytest.approx(0.735, abs=0.0005)  # Aceh HDR 2010 p.189
    assert chain.average_wage == pytest.approx(0.893, abs=0.0005)  # Aceh HDR 2010 p.189
    assert chain.female_income_share == pytest.approx(0.331, abs=0.0005)  # Aceh HDR 2010 p.189
    assert chain.female_relative_share == pytest.approx(0.650, abs=0.0005)  # p.189
    assert chain.male_relative_share == pytest.approx(1.363, abs=0.0005)  # p.189
    assert chain.edep_income == pytest.approx(0.8744, abs=0.00005)  # methods/gender#idg-inc


def test_income_edep_matches_chain() -> None:
    # E_inc from a published S_f equals the chain's last step (methods/gender#idg-inc).
    chain = income_chain(271.929, 383.423, 0.384, 0.499)
    assert income_edep(chain.female_income_share, 0.499) == pytest.approx(chain.edep_income)
    # S_f = P_f gives q_f = q_m = 1, so E_inc = 1; S_f = 0 or 1 gives the limit 0.
    assert income_edep(0.5, 0.5) == pytest.approx(1.0)
    assert income_edep(0.0, 0.5) == 0.0
    assert income_edep(1.0, 0.5) == 0.0


def test_income_chain_containers() -> None:
    index = pd.Index(["aceh", "dki"])
    chain = income_chain(
        pd.Series([271.929, 1320438.0], index=index),
        pd.Series([383.423, 1796428.0], index=index),
        pd.Series([0.384, 0.402], index=index),
        pd.Series([0.499, 0.509], index=index),
    )
    for value in chain:
        assert isinstance(value, pd.Series)
        assert value.index.equals(index)
    assert chain.wage_ratio["dki"] == pytest.approx(0.735, abs=0.0005)  # Aceh HDR 2010 p.189
    arrays = income_chain(np.array([271.929, np.nan]), 383.423, 0.384, 0.499)
    assert isinstance(arrays.edep_income, np.ndarray)
    assert np.isnan(arrays.edep_income[1])
    assert isinstance(income_chain(1.0, 2.0, 0.4, 0.5).edep_income, float)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((-1.0, 10.0, 0.4, 0.5), "female_wage"),
        ((1.0, 0.0, 0.4, 0.5), "male_wage"),
        ((1.0, math.inf, 0.4, 0.5), "male_wage"),
        ((1.0, 10.0, 1.4, 0.5), "female_labour_force_share"),
        ((1.0, 10.0, 0.4, 0.0), "female_population_share"),
        ((1.0, 10.0, 0.4, 1.0), "female_population_share"),
        ((0.0, 10.0, 1.0, 0.5), "female_wage"),  # nobody earns: S_f undefined
    ],
)
def test_income_chain_bad_input(args: tuple[float, ...], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        income_chain(*args)


def test_income_edep_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="`female_income_share`"):
        income_edep(36.62, 0.5)  # a percent, not a share
    with pytest.raises(InvalidInputError, match="`female_population_share`"):
        income_edep(0.3, 0.0)


def test_income_goalposts_preset() -> None:
    # IHDR 2001 technical notes p.75 (methods/gender#idg-inc): a 360, b 732.72, c 300, thousand
    # rupiah
    # per capita per month.
    goalposts = income_goalposts("ihdr-2001")
    assert (goalposts.minimum, goalposts.maximum, goalposts.reference_minimum) == (
        360.0,
        732.72,
        300.0,
    )
    assert "thousand rupiah" in goalposts.unit
    assert "Indonesia Human Development Report 2001" in goalposts.source
    assert "p.75" in goalposts.source
    with pytest.raises(InvalidInputError, match="`name`"):
        income_goalposts("bps-2024")


def test_income_index_needs_goalposts() -> None:
    # methods/gender#idg-inc [unknown]: no default goalposts.
    with pytest.raises(TypeError):
        income_index(0.85, 562.8)  # type: ignore[call-arg]
    with pytest.raises(InvalidInputError, match="`goalposts`"):
        income_index(0.85, 562.8, goalposts="unknown")
    with pytest.raises(InvalidInputError, match="`goalposts`"):
        income_index(0.85, 562.8, goalposts=(360, 732.72, 300))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"edep_income": 1.2, "ppp": 562.8}, "edep_income"),
        ({"edep_income": 0.8, "ppp": 0.0}, "ppp"),
        ({"edep_income": 0.8, "ppp": -5.0}, "ppp"),
    ],
)
def test_income_index_bad_input(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        income_index(goalposts="ihdr-2001", **kwargs)


@pytest.mark.parametrize(
    ("values", "name"),
    [
        ((360.0, 300.0, 300.0), "maximum"),  # b must exceed c
        ((800.0, 732.72, 300.0), "maximum"),  # b must exceed a
        ((math.nan, 732.72, 300.0), "minimum"),
        ((360.0, 732.72, math.inf), "reference_minimum"),
    ],
)
def test_income_goalposts_validation(values: tuple[float, float, float], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        IncomeGoalposts(*values, unit="u", source="s")


def test_income_goalposts_frozen() -> None:
    goalposts = income_goalposts("ihdr-2001")
    with pytest.raises(AttributeError):
        goalposts.maximum = 737.72  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# IDG (methods/gender#idg)

# Published component triples (methods/gender#idg; tests/data/validation.toml, BPS via databoks /
# BPS Kota
# Semarang): parliament %, professionals %, women's income contribution %, IDG.
PUBLISHED = {
    "Indonesia 2017": (17.32, 46.31, 36.62, 71.74),
    "Indonesia 2021": (21.89, 49.99, 37.22, 76.26),
    "Kota Semarang 2020": (20.41, 51.15, 37.13, 74.67),
    "Kota Semarang 2024": (24.00, 50.42, 37.68, 78.71),
}


def test_idg_parity_and_zero() -> None:
    # Parity with Pf = 0.5 and a full income index: every component 1 -> IDG 100.
    assert idg(50.0, 50.0, 1.0, 0.5) == pytest.approx(100.0, rel=1e-12)
    assert idg(0.0, 0.0, 0.0, 0.5) == 0.0


@pytest.mark.parametrize("label", sorted(PUBLISHED))
def test_implied_income_index_round_trips_published_idg(label: str) -> None:
    # methods/gender#idg-inc: the I_inc implied by a published IDG and its other two components
    # reproduces that IDG through idg() (Pf 0.5 assumed). No published I_inc is asserted:
    # BPS's current goalposts are unknown.
    parliament, decision, _, published = PUBLISHED[label]
    implied = implied_income_index(published, parliament, decision, 0.5)
    assert 0.0 < implied < 1.0
    assert idg(parliament, decision, implied, 0.5) == pytest.approx(published, abs=1e-9)


@pytest.mark.parametrize("label", ["Indonesia 2017", "Indonesia 2021"])
def test_seed_income_as_edep_over_50_overshoots(label: str) -> None:
    # methods/gender#idg (seed error, IKU 2): "EDEP/50 for all components" applied to the income
    # share overshoots every published IDG by 10-11.5 points (Pf 0.5).
    parliament, decision, income_pct, published = PUBLISHED[label]
    seed_income = edep(income_pct, 100.0 - income_pct, 0.5) / 50.0
    overshoot = idg(parliament, decision, seed_income, 0.5) - published
    assert 10.0 <= overshoot <= 11.5


def test_idg_containers_and_nan() -> None:
    series = idg(pd.Series([17.32, np.nan], index=[2017, 2018]), 46.31, 0.58, 0.5)
    assert isinstance(series, pd.Series)
    assert list(series.index) == [2017, 2018]
    assert np.isnan(series.iloc[1])
    array = idg(np.array([17.32, 21.89]), np.array([46.31, 49.99]), 0.58, 0.5)
    assert isinstance(array, np.ndarray)
    assert array.shape == (2,)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((101.0, 46.31, 0.5, 0.5), "female_parliament_pct"),
        ((17.32, -1.0, 0.5, 0.5), "female_decision_pct"),
        ((17.32, 46.31, 1.5, 0.5), "income_index"),
        ((17.32, 46.31, -0.1, 0.5), "income_index"),
        ((17.32, 46.31, 0.5, 2.0), "female_population_share"),
    ],
)
def test_idg_bad_input(args: tuple[float, ...], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        idg(*args)


def test_implied_income_index_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="`idg_value`"):
        implied_income_index(-1.0, 17.32, 46.31, 0.5)
    with pytest.raises(InvalidInputError, match="`female_decision_pct`"):
        implied_income_index(71.74, 17.32, 146.31, 0.5)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0.0, "rendah"),
        (49.999, "rendah"),
        (50.0, "sedang"),
        (59.999, "sedang"),
        (60.0, "tinggi"),
        (80.0, "tinggi"),
        (80.0001, "sangat tinggi"),
        (82.08, "sangat tinggi"),  # IKU 2 target 2024 (Perjanjian Kinerja 2024, row 2)
        (float("nan"), None),
    ],
)
def test_idg_category_boundaries(value: float, label: str | None) -> None:
    # methods/gender#idg: x < 50 rendah; 50 <= x < 60 sedang; 60 <= x <= 80 tinggi; x > 80
    # sangat tinggi; NaN -> None.
    assert idg_category(value) == label


def test_idg_category_series_keeps_index() -> None:
    out = idg_category(pd.Series([71.74, np.nan], index=["id", "xx"]))
    assert list(out.index) == ["id", "xx"]
    assert out.tolist() == ["tinggi", None]


# ---------------------------------------------------------------------------------------------
# Registry records


BASE_IDG = {"female_parliament_pct": 17.32, "female_decision_pct": 46.31}


def test_calculate_idg_direct_income_index() -> None:
    result = calculate("idg", {**BASE_IDG, "female_population_share": 0.5, "income_index": 0.6})
    # Components with Pf 0.5 (hand-computed): EDEP(17.32, 82.68) = 28.640,
    # EDEP(46.31, 53.69) = 49.728; IDG = 100 (0.57281 + 0.99455 + 0.6) / 3 = 72.245.
    assert result.components["parliament_edep"] == pytest.approx(28.640, abs=0.0005)
    assert result.components["parliament_index"] == pytest.approx(0.57281, abs=5e-6)
    assert result.components["decision_edep"] == pytest.approx(49.728, abs=0.0005)
    assert result.components["decision_index"] == pytest.approx(0.99455, abs=5e-6)
    assert result.components["income_index"] == 0.6
    assert result.value == pytest.approx(72.245, abs=0.0005)
    assert result.category == "tinggi"
    assert result.unit == "index 0-100"
    assert "income_index given directly" in result.method
    assert Result.model_validate_json(result.model_dump_json()) == result


def test_calculate_idg_wage_route_aceh_1996() -> None:
    inputs = {
        **BASE_IDG,
        "female_population_share": 0.499,
        "female_wage": 271.929,
        "male_wage": 383.423,
        "female_labour_force_share": 0.384,
        "ppp": 562.8,
        "goalposts": "ihdr-2001",
    }
    result = calculate("idg", inputs)
    components = result.components
    # IHDR 2001 technical notes p.75 (Aceh 1996), at the printed rounding:
    assert components["wage_ratio"] == pytest.approx(0.709, abs=0.0005)
    assert components["average_wage"] == pytest.approx(0.888, abs=0.0005)
    assert components["female_income_share"] == pytest.approx(0.307, abs=0.0005)
    assert components["female_relative_share"] == pytest.approx(0.614, abs=0.0005)
    assert components["male_relative_share"] == pytest.approx(1.384, abs=0.0005)
    assert components["edep_income"] == pytest.approx(0.85, abs=0.005)
    assert components["income_index"] == pytest.approx(0.276, abs=0.0005)
    assert components["goalposts"] == {
        "minimum": 360.0,
        "maximum": 732.72,
        "reference_minimum": 300.0,
        "unit": income_goalposts("ihdr-2001").unit,
        "source": income_goalposts("ihdr-2001").source,
    }
    parts = (
        float(components["parliament_index"])  # type: ignore[arg-type]
        + float(components["decision_index"])  # type: ignore[arg-type]
        + float(components["income_index"])  # type: ignore[arg-type]
    )
    assert result.value == pytest.approx(100.0 * parts / 3.0)
    assert "wages" in result.method
    assert "'ihdr-2001'" in result.method
    assert Result.model_validate_json(result.model_dump_json()) == result


def test_calculate_idg_income_share_route_explicit_goalposts() -> None:
    inputs = {
        **BASE_IDG,
        "female_population_share": 0.5,
        "female_income_share": 0.5,
        "ppp": 600.0,
        "goalposts": {"minimum": 300.0, "maximum": 900.0, "reference_minimum": 300.0},
    }
    result = calculate("idg", inputs)
    # S_f = P_f -> E_inc = 1; I_inc = (1 * 600 - 300) / (900 - 300) = 0.5 (hand-computed).
    assert result.components["edep_income"] == pytest.approx(1.0)
    assert result.components["female_relative_share"] == pytest.approx(1.0)
    assert result.components["income_index"] == pytest.approx(0.5)
    assert "wage_ratio" not in result.components
    assert "explicit goalposts" in result.method


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        ({}, "got routes: none"),
        ({"income_index": 0.5, "female_income_share": 0.3}, "got routes"),
        ({"income_index": 0.5, "ppp": 500.0}, "must be left out"),
        ({"female_income_share": 0.3, "ppp": 500.0}, "missing `goalposts`"),
        (
            {"female_wage": 1.0, "male_wage": 2.0, "ppp": 500.0, "goalposts": "ihdr-2001"},
            "missing `female_labour_force_share`",
        ),
        ({"female_income_share": 0.3, "ppp": 500.0, "goalposts": "nope"}, "goalposts"),
        (
            {
                "female_income_share": 0.3,
                "ppp": 500.0,
                "goalposts": {"minimum": 1.0, "maximum": 1.0, "reference_minimum": 0.0},
            },
            "maximum",
        ),
        ({"income_index": 1.5}, "income_index"),
        ({"income_index": 0.5, "unknown": 1}, "unknown"),
    ],
)
def test_calculate_idg_bad_routes(extra: dict[str, Any], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        calculate("idg", {**BASE_IDG, "female_population_share": 0.5, **extra})


def test_calculate_idg_income_index_out_of_goalposts() -> None:
    # Modern purchasing power indexed with the 1996 goalposts falls outside [0, 1].
    inputs = {
        **BASE_IDG,
        "female_population_share": 0.5,
        "female_income_share": 0.37,
        "ppp": 11000.0,
        "goalposts": "ihdr-2001",
    }
    with pytest.raises(InvalidInputError, match="`income_index`"):
        calculate("idg", inputs)


def test_calculate_women_decision_making_counts() -> None:
    result = calculate(
        "women_decision_making", {"women": 4944, "total": 10000, "female_population_share": 0.5}
    )
    # IKU 6 target 49.44 % (Perjanjian Kinerja 2024, row 6); the value is the raw percent.
    assert result.value == pytest.approx(49.44, abs=0.005)
    assert result.unit == "percent"
    assert result.category is None
    assert result.components["female_decision_pct"] == pytest.approx(49.44)
    # I_DM with Pf 0.5: 1 / (0.5/49.44 + 0.5/50.56) / 50 = 0.999875 (hand-computed).
    assert result.components["decision_making_index"] == pytest.approx(0.999875, abs=5e-7)
    assert Result.model_validate_json(result.model_dump_json()) == result


def test_calculate_women_decision_making_direct() -> None:
    result = calculate("women_decision_making", {"female_decision_pct": 46.31})
    assert result.value == 46.31
    assert "decision_making_index" not in result.components


@pytest.mark.parametrize(
    "inputs",
    [
        {},
        {"women": 1.0, "total": 2.0, "female_decision_pct": 50.0},
        {"women": 1.0},
        {"women": 3.0, "total": 2.0},
        {"women": 1.0, "total": 0.0},
        {"female_decision_pct": 101.0},
        {"female_decision_pct": 40.0, "female_population_share": 1.5},
    ],
)
def test_calculate_women_decision_making_bad_input(inputs: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        calculate("women_decision_making", inputs)


def test_registry_metadata() -> None:
    from dppapp_indikator.registry import get_indicator

    record = get_indicator("idg")
    assert (record.iku, record.polarity, record.function) == (2, "higher", idg)
    record6 = get_indicator("women_decision_making")
    assert (record6.iku, record6.polarity, record6.function) == (6, "higher", decision_making_pct)
    assert record6.unit == "percent"
