"""Reference and behaviour tests of dppapp_indikator.fertility (methods/fertility#rates,
methods/fertility#own-children)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pydantic
import pytest

import dppapp_indikator as di
from dppapp_indikator import InvalidInputError, calculate, get_indicator
from dppapp_indikator.fertility import (
    AGE_GROUPS,
    asfr,
    grr,
    nrr,
    own_children_asfr,
    tfr,
)

# DHS.rates 0.9.2 vignette, artificial AWIR70 data (tests/data/validation.toml,
# rows "AWIR70"): ASFRs per 1,000 as printed (3 decimals) and the printed TFR 4.011.
AWIR70_ASFR = [111.102, 207.647, 188.508, 158.503, 104.737, 24.797, 6.848]

# tests/data/tfr/README.md and expected.json "asfr": DHS.rates 0.9.2
# fert(women, Indicator = "asfr") on the synthetic women.csv, 12 significant digits.
SYNTHETIC_ASFR = [
    50.6260846208,  # 15-19
    126.998457846,  # 20-24
    121.09856895,  # 25-29
    106.878327048,  # 30-34
    70.5953338895,  # 35-39
    29.0884211903,  # 40-44
    5.15852595838,  # 45-49
]


# ---------------------------------------------------------------------------- references
def test_tfr_dhsrates_vignette_awir70() -> None:
    # DHS.rates 0.9.2 vignette (tests/data/validation.toml "AWIR70"): printed TFR 4.011 (3
    # decimals).
    assert tfr(AWIR70_ASFR) == pytest.approx(4.011, abs=0.0005)


def test_tfr_synthetic_reference_dhsrates() -> None:
    # tests/data/tfr/README.md: DHS.rates 0.9.2 fert(women, Indicator = "tfr")
    # TFR 2.55221859752 (12 significant digits).
    assert tfr(SYNTHETIC_ASFR) == pytest.approx(2.55221859752, rel=1e-9)


def test_tfr_synthetic_reference_by_residence_frame() -> None:
    # tests/data/tfr/expected.json "asfr_by_v025" / "tfr_by_v025": DHS.rates 0.9.2
    # fert(women, Indicator = "asfr"/"tfr", Class = "v025"); urban (1) TFR 2.25953112617,
    # rural (2) TFR 2.80239161012.
    frame = pd.DataFrame(
        [
            [43.28740287, 112.076022878, 91.347691803, 110.585456182, 77.0374125342,
             14.1761744659, 3.39606450148],
            [56.3509916445, 140.337914226, 144.849726193, 103.807127309, 65.4916149249,
             42.9249529874, 6.71599474048],
        ],
        index=pd.Index([1, 2], name="v025"),
        columns=list(AGE_GROUPS),
    )  # fmt: skip
    out = tfr(frame)
    assert isinstance(out, pd.Series)
    assert list(out.index) == [1, 2]
    assert out.index.name == "v025"
    assert out.loc[1] == pytest.approx(2.25953112617, rel=1e-9)
    assert out.loc[2] == pytest.approx(2.80239161012, rel=1e-9)


# ---------------------------------------------------------------------------- asfr
def test_asfr_by_hand() -> None:
    # methods/fertility#rates: 120 births / 2,400 woman-years * 1000 = 50 per 1,000.
    assert asfr(120, 2400) == 50.0
    assert isinstance(asfr(120, 2400), float)


def test_asfr_containers() -> None:
    out = asfr(np.array([120.0, 300.0]), np.array([2400.0, 2000.0]))
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [50.0, 150.0])  # by hand: 120/2400e-3, 300/2000e-3
    series = pd.Series([120.0, 300.0], index=["15-19", "20-24"], name="births")
    out_s = asfr(series, 2000.0)
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == ["15-19", "20-24"]
    np.testing.assert_allclose(out_s.to_numpy(), [60.0, 150.0])
    births = pd.DataFrame({"15-19": [10.0, 20.0], "20-24": [30.0, 0.0]}, index=["a", "b"])
    exposure = pd.DataFrame({"15-19": [100.0, 400.0], "20-24": [300.0, 50.0]}, index=["a", "b"])
    out_f = asfr(births, exposure)
    assert isinstance(out_f, pd.DataFrame)
    assert list(out_f.index) == ["a", "b"]
    assert list(out_f.columns) == ["15-19", "20-24"]
    np.testing.assert_allclose(out_f.to_numpy(), [[100.0, 100.0], [50.0, 0.0]])


def test_asfr_table_feeds_tfr() -> None:
    # Two regions x 7 groups: 10 births per 100 woman-years everywhere -> ASFR 100,
    # TFR = 5 * 700 / 1000 = 3.5 (by hand).
    rates = asfr(np.full((2, 7), 10.0), np.full((2, 7), 100.0))
    np.testing.assert_allclose(tfr(rates), [3.5, 3.5])


def test_asfr_nan_propagates() -> None:
    out = asfr(np.array([10.0, np.nan, 5.0]), np.array([100.0, 100.0, np.nan]))
    assert out[0] == 100.0
    assert np.isnan(out[1])
    assert np.isnan(out[2])


@pytest.mark.parametrize(
    ("births", "woman_years", "name"),
    [
        (-1.0, 100.0, "births"),
        (np.inf, 100.0, "births"),
        ("x", 100.0, "births"),
        (1.0, 0.0, "woman_years"),
        ([1.0, 2.0], [100.0, -5.0], "woman_years"),
        ([1.0, 2.0], [1.0, 2.0, 3.0], "births"),
    ],
)
def test_asfr_bad_input(births: object, woman_years: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        asfr(births, woman_years)  # type: ignore[arg-type]


def test_asfr_frames_must_align() -> None:
    births = pd.DataFrame({"15-19": [1.0]}, index=["a"])
    with pytest.raises(InvalidInputError, match="`woman_years`"):
        asfr(births, pd.DataFrame({"15-19": [1.0]}, index=["b"]))
    with pytest.raises(InvalidInputError, match="`woman_years`"):
        asfr(births, [1.0])  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- tfr
def test_tfr_input_forms_agree() -> None:
    # 5 * 802.142 / 1000 = 4.01071 (by hand)
    expected = 4.01071
    assert tfr(AWIR70_ASFR) == pytest.approx(expected, rel=1e-12)
    assert tfr(tuple(AWIR70_ASFR)) == pytest.approx(expected, rel=1e-12)
    assert isinstance(tfr(np.array(AWIR70_ASFR)), float)
    labelled = pd.Series(AWIR70_ASFR, index=list(AGE_GROUPS))
    assert tfr(labelled.iloc[::-1]) == pytest.approx(expected, rel=1e-12)
    assert tfr(pd.Series(AWIR70_ASFR)) == pytest.approx(expected, rel=1e-12)
    assert tfr(dict(zip(AGE_GROUPS, AWIR70_ASFR, strict=True))) == pytest.approx(expected)


def test_tfr_two_dimensional_forms() -> None:
    table = np.array([AWIR70_ASFR, [100.0] * 7, [0.0] * 7])
    out = tfr(table)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [4.01071, 3.5, 0.0])  # by hand
    frame = pd.DataFrame(table, index=["x", "y", "z"], columns=list(AGE_GROUPS))
    shuffled = frame[["45-49", "15-19", "30-34", "20-24", "40-44", "25-29", "35-39"]]
    out_f = tfr(shuffled)
    assert isinstance(out_f, pd.Series)
    assert out_f.name == "tfr"
    assert list(out_f.index) == ["x", "y", "z"]
    np.testing.assert_allclose(out_f.to_numpy(), [4.01071, 3.5, 0.0])
    unlabelled = pd.DataFrame(table)  # RangeIndex columns: taken in age order
    np.testing.assert_allclose(tfr(unlabelled).to_numpy(), [4.01071, 3.5, 0.0])
    assert tfr(np.empty((0, 7))).shape == (0,)


def test_tfr_nan_raises_naming_age_group() -> None:
    rates = [*AWIR70_ASFR[:6], float("nan")]
    with pytest.raises(InvalidInputError, match=r"`asfr`.*NaN.*45-49.*position 6"):
        tfr(rates)
    with pytest.raises(InvalidInputError, match=r"`asfr`.*20-24.*position \(1, 1\)"):
        tfr(np.array([AWIR70_ASFR, [1.0, np.nan, 1.0, 1.0, 1.0, 1.0, 1.0]]))


def test_tfr_missing_propagate_policy() -> None:
    out = tfr(np.array([AWIR70_ASFR, [1.0, np.nan, 1.0, 1.0, 1.0, 1.0, 1.0]]), missing="propagate")
    assert out[0] == pytest.approx(4.01071)
    assert np.isnan(out[1])
    with pytest.raises(InvalidInputError, match="`missing`"):
        tfr(AWIR70_ASFR, missing="ignore")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rates", "pattern"),
    [
        ([10.0] * 6, r"`asfr` must have exactly 7 age groups.*got 6"),
        ([10.0] * 8, r"`asfr` must have exactly 7 age groups.*got 8"),
        (np.ones((3, 6)), r"`asfr` must have exactly 7 age groups"),
        (np.ones((2, 2, 7)), r"`asfr` must be a sequence"),
        ([10.0, 10.0, -0.5, 10.0, 10.0, 10.0, 10.0], r"`asfr` must be >= 0 \(age group 25-29\)"),
        ([np.inf, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0], r"`asfr` must be finite \(age group 15-19"),
        (["a"] * 7, r"`asfr` must be numeric"),
        (None, r"`asfr`"),
        (5.0, r"`asfr`"),
    ],
)
def test_tfr_bad_input(rates: object, pattern: str) -> None:
    with pytest.raises(InvalidInputError, match=pattern):
        tfr(rates)  # type: ignore[arg-type]


def test_tfr_bad_labels() -> None:
    frame = pd.DataFrame([AWIR70_ASFR], columns=[*AGE_GROUPS[:6], "45-50"])
    with pytest.raises(InvalidInputError, match=r"`asfr` labels.*missing \['45-49'\]"):
        tfr(frame)
    with pytest.raises(InvalidInputError, match="`asfr`"):
        tfr({"15-19": 1.0})
    with pytest.raises(InvalidInputError, match="`asfr`"):
        tfr(pd.Series([1.0] * 8, index=[*AGE_GROUPS, "50-54"]))


# ---------------------------------------------------------------------------- grr
def test_grr_female_route_by_hand() -> None:
    # 5 * (20 + 50 + 50 + 40 + 25 + 10 + 5) / 1000 = 5 * 200 / 1000 = 1.0
    assert grr([20.0, 50.0, 50.0, 40.0, 25.0, 10.0, 5.0]) == pytest.approx(1.0, rel=1e-12)


def test_grr_srb_approximation_by_hand() -> None:
    # ASFR sum 400 -> TFR = 5 * 400 / 1000 = 2.0; SRB 105 males per 100 females:
    # GRR = 2.0 * 100 / 205 = 0.975609756097561 (methods/fertility#rates)
    rates = [40.0, 100.0, 100.0, 80.0, 50.0, 20.0, 10.0]
    assert grr(asfr=rates, sex_ratio_at_birth=105) == pytest.approx(0.975609756097561, rel=1e-12)
    # SRB 100 -> half of the TFR: 1.0; SRB per row of a table
    out = grr(asfr=np.array([rates, rates]), sex_ratio_at_birth=[105.0, 100.0])
    np.testing.assert_allclose(out, [0.975609756097561, 1.0])
    frame = pd.DataFrame([rates, rates], index=["a", "b"], columns=list(AGE_GROUPS))
    out_s = grr(asfr=frame, sex_ratio_at_birth=pd.Series([105.0, 100.0], index=["a", "b"]))
    assert list(out_s.index) == ["a", "b"]
    np.testing.assert_allclose(out_s.to_numpy(), [0.975609756097561, 1.0])
    assert np.isnan(grr(asfr=rates, sex_ratio_at_birth=float("nan")))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({}, "asfr"),
        ({"asfr": [1.0] * 7}, "sex_ratio_at_birth"),
        ({"sex_ratio_at_birth": 105.0}, "asfr"),
        ({"female_asfr": [1.0] * 7, "asfr": [1.0] * 7}, "female_asfr"),
        ({"female_asfr": [1.0] * 7, "sex_ratio_at_birth": 105.0}, "female_asfr"),
        ({"asfr": [1.0] * 7, "sex_ratio_at_birth": 1.05}, "sex_ratio_at_birth"),
        ({"asfr": [1.0] * 7, "sex_ratio_at_birth": -105.0}, "sex_ratio_at_birth"),
        ({"asfr": [1.0] * 7, "sex_ratio_at_birth": [105.0, 105.0]}, "sex_ratio_at_birth"),
        ({"asfr": np.ones((3, 7)), "sex_ratio_at_birth": [105.0, 105.0]}, "sex_ratio_at_birth"),
        ({"female_asfr": [1.0] * 6}, "female_asfr"),
        ({"female_asfr": [-1.0] * 7}, "female_asfr"),
    ],
)
def test_grr_bad_input(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        grr(**kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- nrr
FEMALE_ASFR = [20.0, 50.0, 50.0, 40.0, 25.0, 10.0, 5.0]
FEMALE_5LX = [480000.0, 478000.0, 476000.0, 474000.0, 470000.0, 465000.0, 460000.0]


def test_nrr_by_hand() -> None:
    # NRR = sum f/1000 * 5Lx/l0 with l0 = 100000 (methods/fertility#rates), by hand:
    # 0.020*4.80 + 0.050*4.78 + 0.050*4.76 + 0.040*4.74 + 0.025*4.70 + 0.010*4.65 + 0.005*4.60
    # = 0.096 + 0.239 + 0.238 + 0.1896 + 0.1175 + 0.0465 + 0.023 = 0.9496
    assert nrr(FEMALE_ASFR, FEMALE_5LX, radix=100000) == pytest.approx(0.9496, rel=1e-12)
    # the same life table with radix 1: 5Lx / 1e5
    lx = [v / 100000 for v in FEMALE_5LX]
    assert nrr(FEMALE_ASFR, lx, radix=1.0) == pytest.approx(0.9496, rel=1e-12)


def test_nrr_without_mortality_equals_grr() -> None:
    # 5Lx = 5 * l0: NRR = 5 * 200 / 1000 = 1.0 = GRR (by hand)
    assert nrr(FEMALE_ASFR, [500000.0] * 7, radix=100000) == pytest.approx(1.0, rel=1e-12)


def test_nrr_containers() -> None:
    table = np.array([FEMALE_ASFR, [0.0] * 7])
    out = nrr(table, FEMALE_5LX, radix=100000)
    np.testing.assert_allclose(out, [0.9496, 0.0])
    frame = pd.DataFrame(table, index=["p", "q"], columns=list(AGE_GROUPS))
    out_s = nrr(frame, np.array([FEMALE_5LX, [500000.0] * 7]), radix=100000)
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == ["p", "q"]
    np.testing.assert_allclose(out_s.to_numpy(), [0.9496, 0.0])
    out_l = nrr(FEMALE_ASFR, np.array([FEMALE_5LX, [500000.0] * 7]), radix=100000)
    np.testing.assert_allclose(out_l, [0.9496, 1.0])


def test_nrr_radix_is_required() -> None:
    with pytest.raises(TypeError):
        nrr(FEMALE_ASFR, FEMALE_5LX)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("female", "lx", "radix", "name"),
    [
        (FEMALE_ASFR, [*FEMALE_5LX[:6], 600000.0], 100000.0, "survivorship"),
        (FEMALE_ASFR, [*FEMALE_5LX[:6], float("nan")], 100000.0, "survivorship"),
        (FEMALE_ASFR, [*FEMALE_5LX[:6], -1.0], 100000.0, "survivorship"),
        (FEMALE_ASFR, FEMALE_5LX[:6], 100000.0, "survivorship"),
        (FEMALE_ASFR, FEMALE_5LX, 0.0, "radix"),
        (FEMALE_ASFR, FEMALE_5LX, float("nan"), "radix"),
        (FEMALE_ASFR, FEMALE_5LX, [1e5, 1e5], "radix"),
        ([float("nan")] * 7, FEMALE_5LX, 100000.0, "female_asfr"),
        (np.ones((3, 7)), np.ones((2, 7)), 100000.0, "survivorship"),
    ],
)
def test_nrr_bad_input(female: object, lx: object, radix: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        nrr(female, lx, radix=radix)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- own children
def _own_children_example() -> dict[str, object]:
    """The hand example of methods/fertility#own-children (see test_own_children_hand_example)."""
    children = np.zeros((36, 2))  # mothers aged 15..50 at the census, children aged 0..1
    children[20 - 15, 0] = 10
    children[30 - 15, 0] = 5
    children[15 - 15, 1] = 2  # mother aged 14 one year ago: outside 15-49, dropped
    children[21 - 15, 1] = 8
    children[31 - 15, 1] = 6
    female_l = np.where(np.arange(51) <= 30, 1000.0, 800.0)  # L_x, ages 0..50
    return {
        "own_children": children,
        "unmatched_children": [3.0, 8.0],
        "women": [100.0] * 36,
        "first_mother_age": 15,
        "child_person_years": [960.0, 900.0],
        "child_radix": 1000.0,
        "female_person_years": female_l,
    }


def test_own_children_hand_example() -> None:
    # By hand (methods/fertility#own-children):
    # k_0 = 1 + 3 / (10 + 5) = 1.2;  k_1 = 1 + 8 / (2 + 8 + 6) = 1.5
    # child survival L_t / l0: t=0 0.96, t=1 0.90
    # year 0: births age 20: 10 * 1.2 / 0.96 = 12.5; age 30: 5 * 1.2 / 0.96 = 6.25
    #         women per group: 5 ages * 100 = 500 (no shift)
    #         ASFR 20-24 = 12.5 / 500 * 1000 = 25; 30-34 = 6.25 / 500 * 1000 = 12.5
    #         TFR = 5 * 37.5 / 1000 = 0.1875
    # year 1: births age 20 (x=21): 8 * 1.5 / 0.9 = 13.3333...; age 30 (x=31): 6*1.5/0.9 = 10
    #         (x=15 -> age 14: dropped)
    #         women age y = x - 1: 100 * L_y / L_x; only x=31 differs: 100 * 1000/800 = 125
    #         group 30-34: 125 + 4*100 = 525; every other group 500
    #         ASFR 20-24 = 13.3333/500*1000 = 26.6667; 30-34 = 10/525*1000 = 19.047619...
    #         TFR = 5 * (26.6667 + 19.047619) / 1000 = 0.228571428...
    # pooled: 20-24 (12.5 + 13.3333) / 1000 * 1000 = 25.8333...
    #         30-34 (6.25 + 10) / (500 + 525) * 1000 = 15.853658536...
    #         TFR = 5 * (25.8333 + 15.853659) / 1000 = 0.208434959...
    est = own_children_asfr(**_own_children_example(), years=[0, 1], average="pooled")  # type: ignore[arg-type]
    assert est.years == (0, 1)
    np.testing.assert_allclose(est.adjustment_factors, [1.2, 1.5])
    np.testing.assert_allclose(est.births[0], [0, 12.5, 0, 6.25, 0, 0, 0])
    np.testing.assert_allclose(est.births[1], [0, 13.333333333333334, 0, 10.0, 0, 0, 0])
    np.testing.assert_allclose(est.woman_years[0], [500.0] * 7)
    np.testing.assert_allclose(est.woman_years[1], [500, 500, 500, 525, 500, 500, 500])
    np.testing.assert_allclose(est.asfr_by_year[0], [0, 25.0, 0, 12.5, 0, 0, 0])
    np.testing.assert_allclose(
        est.asfr_by_year[1], [0, 26.666666666666668, 0, 19.047619047619047, 0, 0, 0]
    )
    np.testing.assert_allclose(est.tfr_by_year, [0.1875, 0.22857142857142856])
    np.testing.assert_allclose(est.asfr, [0, 25.833333333333332, 0, 15.853658536585366, 0, 0, 0])
    assert est.tfr == pytest.approx(0.20843495934959349, rel=1e-12)
    assert est.average == "pooled"
    with pytest.raises(ValueError, match="read-only"):
        est.asfr[0] = 1.0


def test_own_children_mean_of_years() -> None:
    # By hand: 30-34 mean of 12.5 and 19.047619 = 15.773809523...; TFR = mean of the annual
    # TFRs (0.1875 + 0.228571428) / 2 = 0.208035714...
    est = own_children_asfr(**_own_children_example(), years=[0, 1], average="mean")  # type: ignore[arg-type]
    np.testing.assert_allclose(est.asfr, [0, 25.833333333333332, 0, 15.773809523809524, 0, 0, 0])
    assert est.tfr == pytest.approx(0.20803571428571427, rel=1e-12)


def test_own_children_single_year() -> None:
    est = own_children_asfr(**_own_children_example(), years=[1], average="pooled")  # type: ignore[arg-type]
    assert est.tfr == pytest.approx(0.22857142857142856, rel=1e-12)  # by hand, year 1 above


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"own_children": np.zeros(36)}, "own_children"),
        ({"own_children": np.zeros((36, 16))}, "own_children"),
        ({"own_children": np.full((36, 2), -1.0)}, "own_children"),
        ({"own_children": np.full((36, 2), np.nan)}, "own_children"),
        ({"unmatched_children": [3.0]}, "unmatched_children"),
        ({"unmatched_children": [3.0, -1.0]}, "unmatched_children"),
        ({"women": [100.0] * 35}, "women"),
        ({"women": [0.0] * 36}, "women"),
        ({"first_mother_age": 16}, "women"),
        ({"first_mother_age": 15.0}, "first_mother_age"),
        ({"child_person_years": [960.0, 0.0]}, "child_person_years"),
        ({"child_person_years": [960.0, 1001.0]}, "child_person_years"),
        ({"child_person_years": [960.0]}, "child_person_years"),
        ({"child_radix": 0.0}, "child_radix"),
        ({"female_person_years": np.ones(50)}, "female_person_years"),
        ({"female_person_years": np.zeros(51)}, "female_person_years"),
    ],
)
def test_own_children_bad_input(change: dict[str, object], name: str) -> None:
    kwargs = {**_own_children_example(), **change}
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        own_children_asfr(**kwargs, years=[0, 1], average="pooled")  # type: ignore[arg-type]


def test_own_children_unmatched_without_matched_raises() -> None:
    kwargs = _own_children_example()
    children = np.zeros((36, 2))
    children[5, 0] = 1.0
    kwargs["own_children"] = children
    with pytest.raises(InvalidInputError, match=r"`unmatched_children`.*position 1"):
        own_children_asfr(**kwargs, years=[0], average="pooled")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("years", "average", "name"),
    [
        ([], "pooled", "years"),
        ([0, 0], "pooled", "years"),
        ([2], "pooled", "years"),
        ([-1], "pooled", "years"),
        ([0.5], "pooled", "years"),
        ("01", "pooled", "years"),
        ([0], "median", "average"),
    ],
)
def test_own_children_bad_years_or_average(years: object, average: str, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        own_children_asfr(**_own_children_example(), years=years, average=average)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- registry
def test_registry_metadata() -> None:
    record = get_indicator("tfr")
    assert record.iku == 5
    assert record.polarity == "lower"
    assert record.unit == "children per woman"
    assert record.function is tfr
    assert get_indicator("grr").iku is None
    assert get_indicator("nrr").iku is None


def test_calculate_tfr_from_asfr() -> None:
    result = calculate("tfr", {"asfr": AWIR70_ASFR})
    assert result.value == pytest.approx(4.011, abs=0.0005)  # DHS.rates vignette, printed
    assert result.category is None
    assert result.unit == "children per woman"
    assert result.components["asfr"] == dict(zip(AGE_GROUPS, AWIR70_ASFR, strict=True))
    assert result.components["asfr_sum"] == pytest.approx(802.142)  # by hand
    assert "births" not in result.components
    assert type(result).model_validate_json(result.model_dump_json()) == result


def test_calculate_tfr_from_births() -> None:
    # by hand: ASFR = 10/100*1000 = 100 (15-19), 30/200*1000 = 150 (20-24), rest 50/1000*1000
    # = 50; TFR = 5 * (100 + 150 + 5*50) / 1000 = 2.5
    births = [10.0, 30.0, 50.0, 50.0, 50.0, 50.0, 50.0]
    woman_years = [100.0, 200.0, 1000.0, 1000.0, 1000.0, 1000.0, 1000.0]
    result = calculate("tfr", {"births": births, "woman_years": woman_years})
    assert result.value == pytest.approx(2.5, rel=1e-12)
    assert result.components["asfr"]["20-24"] == pytest.approx(150.0)  # type: ignore[index]
    assert result.components["births"]["15-19"] == 10.0  # type: ignore[index]
    assert result.components["woman_years"]["45-49"] == 1000.0  # type: ignore[index]


@pytest.mark.parametrize(
    "inputs",
    [
        {},
        {"asfr": [1.0] * 6},
        {"asfr": [-1.0] + [1.0] * 6},
        {"asfr": [1.0] * 7, "births": [1.0] * 7, "woman_years": [1.0] * 7},
        {"births": [1.0] * 7},
        {"births": [1.0] * 7, "woman_years": [0.0] + [1.0] * 6},
        {"asfr": [float("nan")] * 7},
    ],
)
def test_calculate_tfr_bad_inputs(inputs: dict[str, object]) -> None:
    with pytest.raises(pydantic.ValidationError):
        calculate("tfr", inputs)


def test_calculate_grr_and_nrr() -> None:
    rates = [40.0, 100.0, 100.0, 80.0, 50.0, 20.0, 10.0]
    result = calculate("grr", {"asfr": rates, "sex_ratio_at_birth": 105})
    assert result.value == pytest.approx(0.975609756097561, rel=1e-12)  # by hand, see above
    assert result.components["tfr"] == pytest.approx(2.0)
    assert result.components["female_birth_share"] == pytest.approx(100 / 205)
    assert calculate("grr", {"female_asfr": FEMALE_ASFR}).value == pytest.approx(1.0)
    with pytest.raises(pydantic.ValidationError):
        calculate("grr", {"asfr": rates})
    with pytest.raises(pydantic.ValidationError):
        calculate("grr", {"female_asfr": FEMALE_ASFR, "asfr": rates, "sex_ratio_at_birth": 105})
    result = calculate(
        "nrr", {"female_asfr": FEMALE_ASFR, "survivorship": FEMALE_5LX, "radix": 100000}
    )
    assert result.value == pytest.approx(0.9496, rel=1e-12)  # by hand, see test_nrr_by_hand
    assert result.components["survival_ratio"]["15-19"] == pytest.approx(4.8)  # type: ignore[index]
    assert result.components["contribution"]["20-24"] == pytest.approx(0.239)  # type: ignore[index]
    assert result.components["grr"] == pytest.approx(1.0)
    with pytest.raises(pydantic.ValidationError):
        calculate("nrr", {"female_asfr": FEMALE_ASFR, "survivorship": FEMALE_5LX})
    with pytest.raises(pydantic.ValidationError, match="exceeds 5"):
        calculate("nrr", {"female_asfr": FEMALE_ASFR, "survivorship": [6e5] * 7, "radix": 100000})


# ------------------------------------------------------------------ the age-group mapping


def test_calculate_takes_the_age_group_mapping_its_results_print() -> None:
    # DHS.rates 0.9.2 vignette, AWIR70 ASFRs; printed TFR 4.011
    listed = di.calculate(
        "tfr", {"asfr": [111.102, 207.647, 188.508, 158.503, 104.737, 24.797, 6.848]}
    )
    keyed = di.calculate("tfr", {"asfr": dict(listed.components["asfr"])})  # type: ignore[call-overload]
    assert keyed.value == listed.value
    assert round(keyed.value or 0.0, 3) == 4.011
    # the same through JSON, as `dppapp-indikator calc tfr` reads it, in another key order
    printed = json.loads(listed.model_dump_json())["components"]["asfr"]
    reordered = dict(reversed(list(printed.items())))
    assert di.calculate("tfr", {"asfr": reordered}).value == listed.value
    births = di.calculate(
        "tfr",
        {
            "births": {g: 10.0 for g in di.AGE_GROUPS},
            "woman_years": {g: 1000.0 for g in reversed(di.AGE_GROUPS)},
        },
    )
    assert births.value == pytest.approx(5 * 7 * 10.0 / 1000)  # 5 x sum(10 per 1000) / 1000


@pytest.mark.parametrize(
    ("asfr", "message"),
    [
        ({"15-19": 1.0, "20-24": 1.0}, "missing"),
        (
            {
                **{g: 1.0 for g in ("15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49")},
                "50-54": 1.0,
            },
            "unexpected \\['50-54'\\]",
        ),
        (
            {g: True for g in ("15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49")},
            "must be a number, not the boolean",
        ),
        (
            {g: "1" for g in ("15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49")},
            "must be a number, not the string",
        ),
    ],
)
def test_calculate_refuses_a_bad_age_group_mapping(asfr: dict[str, object], message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        di.calculate("tfr", {"asfr": asfr})
