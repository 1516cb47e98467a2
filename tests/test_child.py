"""Reference and behaviour tests of dppapp_indikator.child (methods/child#ipa: IPA, IPHA, IPKA)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from dppapp_indikator import DataFileError, InvalidInputError, calculate
from dppapp_indikator.child import (
    CLUSTERS,
    cluster_index,
    ipa,
    ipa_from_indicators,
    ipha,
    ipka,
    load_ipa_catalogue,
    load_ipa_catalogue_file,
    minmax_normalize,
    recover_weights,
    weight_sensitivity,
    weighted_index,
)
from dppapp_indikator.registry import get_indicator

# Published 2020 values (tests/data/validation.toml; methods/child#ipa-agg):
# Indonesia: KemenPPPA/BPS via semarak.co and gatra.com; DKI Jakarta: BPS head, Oct 2021, via
# antaranews; Kalimantan Timur 2021: DKP3A Kaltim Data Prioritas Nasional 2023.
INDONESIA_2020 = {"ipa": 66.89, "ipha": 65.56, "ipka": 73.11}
DKI_2020 = {"ipa": 79.20, "ipha": 76.38, "ipka": 89.36}
KALTIM_2021 = {"ipa": 64.06, "ipha": 59.47, "ipka": 81.76}

FIVE = {"I": 90.0, "II": 70.0, "III": 60.0, "IV": 80.0, "V": 85.0}
W_IPHA = {"I": 0.2, "II": 0.3, "III": 0.3, "IV": 0.2}
W_IPA = {"I": 0.15, "II": 0.2, "III": 0.2, "IV": 0.15, "V": 0.3}


# --------------------------------------------------------------------------------------------
# 3.1 normalisation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "lower", "upper", "direction", "clip", "expected"),
    [
        # hand-computed from methods/child#ipa-norm
        (75.0, 50.0, 100.0, "positive", True, 50.0),  # (75 - 50) / 50 * 100
        (10.0, 0.0, 40.0, "negative", True, 75.0),  # (40 - 10) / 40 * 100
        (0.0, 0.0, 40.0, "negative", True, 100.0),  # the best value of a negative indicator
        (40.0, 0.0, 40.0, "negative", True, 0.0),
        (-10.0, 0.0, 100.0, "positive", True, 0.0),  # below the goalposts, clipped
        (120.0, 0.0, 100.0, "positive", True, 100.0),  # above, clipped
        (-10.0, 0.0, 100.0, "positive", False, -10.0),  # unclipped: (-10 - 0) / 100 * 100
        (120.0, 0.0, 100.0, "positive", False, 120.0),
        (50.0, 0.0, 40.0, "negative", False, -25.0),  # (40 - 50) / 40 * 100
        (50.0, 0.0, 40.0, "negative", True, 0.0),
        (-4.0, 0.0, 40.0, "negative", False, 110.0),  # (40 + 4) / 40 * 100
    ],
)
def test_minmax_examples(
    x: float, lower: float, upper: float, direction: str, clip: bool, expected: float
) -> None:
    value = minmax_normalize(x, lower, upper, direction=direction, clip=clip)  # type: ignore[arg-type]
    assert value == pytest.approx(expected, abs=1e-12)


def test_seed_negative_formula_is_the_positive_one() -> None:
    # The seed (PK 2024, IKU 3) writes the negative case as 100 - ((X - Xmax)/(Xmin - Xmax) x 100),
    # which equals the positive case (methods/child#ipa-norm): for X = 10, goalposts 0-40 it gives
    # 25.
    x, x_min, x_max = 10.0, 0.0, 40.0
    seed_negative = 100 - ((x - x_max) / (x_min - x_max) * 100)
    assert seed_negative == pytest.approx(25.0)
    assert minmax_normalize(x, x_min, x_max) == pytest.approx(seed_negative)
    assert minmax_normalize(x, x_min, x_max, direction="negative") == pytest.approx(75.0)


def test_minmax_containers_and_nan() -> None:
    assert isinstance(minmax_normalize(5, 0, 10), float)
    out = minmax_normalize(np.array([0.0, 5.0, np.nan]), 0.0, 10.0)
    assert isinstance(out, np.ndarray)
    assert out[:2].tolist() == [0.0, 50.0]
    assert math.isnan(out[2])
    series = pd.Series([2.0, 8.0], index=["kab_a", "kab_b"], name="x")
    out_s = minmax_normalize(series, 0.0, 10.0, direction="negative")
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == ["kab_a", "kab_b"]
    assert out_s.tolist() == pytest.approx([80.0, 20.0])
    # goalposts broadcast per element
    per_element = minmax_normalize([5.0, 5.0], [0.0, 4.0], [10.0, 6.0])
    assert per_element.tolist() == pytest.approx([50.0, 50.0])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"x": 1.0, "lower": 5.0, "upper": 5.0}, "upper"),  # X_max == X_min
        ({"x": 1.0, "lower": 5.0, "upper": 4.0}, "upper"),  # X_max < X_min
        ({"x": 1.0, "lower": [0.0, 5.0], "upper": [1.0, 2.0]}, "upper"),
        ({"x": 1.0, "lower": float("nan"), "upper": 4.0}, "lower"),
        ({"x": 1.0, "lower": 0.0, "upper": float("inf")}, "upper"),
        ({"x": float("inf"), "lower": 0.0, "upper": 4.0}, "x"),
        ({"x": "a", "lower": 0.0, "upper": 4.0}, "x"),
        ({"x": 1.0, "lower": 0.0, "upper": 4.0, "direction": "up"}, "direction"),
        ({"x": 1.0, "lower": 0.0, "upper": 4.0, "clip": "yes"}, "clip"),
        ({"x": [1.0, 2.0], "lower": [0.0, 0.0, 0.0], "upper": 4.0}, "x"),
    ],
)
def test_minmax_bad_input(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        minmax_normalize(**kwargs)  # type: ignore[arg-type]


def test_minmax_error_names_position() -> None:
    with pytest.raises(
        InvalidInputError, match=r"`upper` must be greater than `lower`.*position 1"
    ):
        minmax_normalize([1.0, 1.0], [0.0, 5.0], [1.0, 2.0])


# --------------------------------------------------------------------------------------------
# 3.2 aggregation: published references
# --------------------------------------------------------------------------------------------


def _implied_ipha_share(published: dict[str, float]) -> float:
    """(IPA - IPKA) / (IPHA - IPKA): plain arithmetic on the published numbers."""
    return (published["ipa"] - published["ipka"]) / (published["ipha"] - published["ipka"])


def test_published_2020_implied_ipha_shares() -> None:
    # methods/child#ipa-agg: "implied IPHA share 0.824 nationally, 0.783 for DKI".
    assert round(_implied_ipha_share(DKI_2020), 3) == 0.783
    assert round(_implied_ipha_share(INDONESIA_2020), 3) == 0.824
    # Kalimantan Timur 2021 gives a third value (0.794): no fixed blend.
    assert round(_implied_ipha_share(KALTIM_2021), 3) == 0.794


def test_each_implied_blend_reproduces_its_own_published_ipa() -> None:
    # A two-component weighted mean with the printed 3-decimal share reproduces the published
    # IPA of the same unit within its rounding (0.005) ...
    dki = weighted_index([DKI_2020["ipha"], DKI_2020["ipka"]], [0.783, 0.217])
    national = weighted_index([INDONESIA_2020["ipha"], INDONESIA_2020["ipka"]], [0.824, 0.176])
    assert dki == pytest.approx(79.20, abs=0.005)  # antaranews, BPS head Oct 2021
    assert national == pytest.approx(66.89, abs=0.005)  # semarak.co / gatra.com
    # ... but the DKI share misses the national IPA by far more than the rounding:
    # 0.783 * 65.56 + 0.217 * 73.11 = 67.198 (plain arithmetic) vs 66.89 published.
    crossed = weighted_index([INDONESIA_2020["ipha"], INDONESIA_2020["ipka"]], [0.783, 0.217])
    assert crossed == pytest.approx(0.783 * 65.56 + 0.217 * 73.11)
    assert abs(crossed - INDONESIA_2020["ipa"]) > 0.3


def test_recover_weights_reports_the_inconsistency_of_a_fixed_blend() -> None:
    units = [INDONESIA_2020, DKI_2020]
    clusters = [[u["ipha"], u["ipka"]] for u in units]
    fit = recover_weights(clusters, [u["ipa"] for u in units])
    # Least-squares share with w + (1 - w) = 1, by hand: w = sum(d e) / sum(d^2) with
    # d = IPHA - IPKA, e = IPA - IPKA (inside [0, 1], so the bounds are inactive).
    d = [u["ipha"] - u["ipka"] for u in units]
    e = [u["ipa"] - u["ipka"] for u in units]
    share = (d[0] * e[0] + d[1] * e[1]) / (d[0] ** 2 + d[1] ** 2)
    assert share == pytest.approx(0.7931, abs=5e-5)
    assert fit.weights[0] == pytest.approx(share, abs=1e-6)
    assert fit.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert fit.max_abs_residual > 0.1  # far beyond the 0.005 rounding of the published values
    np.testing.assert_allclose(fit.residuals, [u["ipa"] for u in units] - fit.fitted)


# --------------------------------------------------------------------------------------------
# 3.2 aggregation: behaviour
# --------------------------------------------------------------------------------------------


def test_ipha_ipka_ipa_hand_computed() -> None:
    # 0.2*90 + 0.3*70 + 0.3*60 + 0.2*80 = 18 + 21 + 18 + 16 = 73
    four = {k: FIVE[k] for k in ("I", "II", "III", "IV")}
    assert ipha(four, W_IPHA) == pytest.approx(73.0)
    # 0.15*90 + 0.2*70 + 0.2*60 + 0.15*80 + 0.3*85 = 13.5 + 14 + 12 + 12 + 25.5 = 77
    assert ipa(FIVE, W_IPA) == pytest.approx(77.0)
    # IPKA: equal weights over cluster V's 5 scores: (80 + 90 + 100 + 70 + 60) / 5 = 80
    assert ipka([80.0, 90.0, 100.0, 70.0, 60.0]) == pytest.approx(80.0)
    assert cluster_index([70.0, 80.0, 90.0]) == pytest.approx(80.0)


def test_ipa_is_not_a_blend_of_ipha_and_ipka() -> None:
    # IPA has its own weights: with V = (0.15, 0.2, 0.2, 0.15, 0.3) and W as above, IPA (77)
    # differs from 0.7 * IPHA + 0.3 * IPKA = 0.7 * 73 + 0.3 * 85 = 76.6.
    assert ipa(FIVE, W_IPA) != pytest.approx(0.7 * 73.0 + 0.3 * 85.0)


def test_weights_are_required() -> None:
    four = {k: FIVE[k] for k in ("I", "II", "III", "IV")}
    with pytest.raises(InvalidInputError, match=r"`weights` must be given.*weights='equal'"):
        ipha(four, None)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`weights` must be given"):
        weighted_index([1.0, 2.0], None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ipa(FIVE)  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="weights_ipa"):
        calculate("ipa", {"cluster_values": FIVE, "weights_ipha": "equal"})


def test_equal_weights_are_an_explicit_opt_in() -> None:
    # (90 + 70 + 60 + 80 + 85) / 5 = 77
    assert ipa(FIVE, "equal") == pytest.approx(77.0)
    assert weighted_index([80.0, 60.0], "equal") == pytest.approx(70.0)
    with pytest.raises(InvalidInputError, match="`weights`"):
        weighted_index([80.0, 60.0], "uniform")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([0.5, 0.6], "must sum to 1"),
        ([1.5, -0.5], "must be >= 0"),
        ([0.5, 0.5, 0.0], "must have exactly 2 entries"),
        ([[0.5, 0.5]], "must have exactly 2 entries"),
        ([float("nan"), 1.0], "must not be NaN"),
        (["a", "b"], "must be numeric"),
    ],
)
def test_bad_weights(weights: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`weights` {message}"):
        weighted_index([80.0, 60.0], weights)  # type: ignore[arg-type]


def test_weight_sum_tolerance() -> None:
    assert weighted_index([80.0, 60.0], [0.5 + 4e-10, 0.5]) == pytest.approx(70.0)
    with pytest.raises(InvalidInputError, match="sum to 1"):
        weighted_index([80.0, 60.0], [0.5 + 2e-9, 0.5])


def test_labelled_clusters_are_matched_by_name() -> None:
    shuffled = {k: FIVE[k] for k in ("V", "III", "I", "IV", "II")}
    assert ipa(shuffled, W_IPA) == pytest.approx(77.0)
    with pytest.raises(InvalidInputError, match="`cluster_values` must have exactly"):
        ipa({**{k: FIVE[k] for k in ("I", "II", "III", "IV")}, "VI": 1.0}, W_IPA)
    with pytest.raises(InvalidInputError, match="`cluster_values` must have 4 components"):
        ipha(list(FIVE.values()), "equal")
    with pytest.raises(InvalidInputError, match="`weights` must have exactly the components"):
        ipa(FIVE, {"I": 0.5, "II": 0.5})
    with pytest.raises(InvalidInputError, match="`cluster_v_scores` must have the 5"):
        ipka([1.0, 2.0, 3.0])


def test_two_dimensional_and_dataframe_inputs() -> None:
    rows = np.array([list(FIVE.values()), [50.0, 50.0, 50.0, 50.0, 100.0]])
    out = ipa(rows, W_IPA)
    assert isinstance(out, np.ndarray)
    # second row: 0.7 * 50 + 0.3 * 100 = 65
    assert out.tolist() == pytest.approx([77.0, 65.0])
    frame = pd.DataFrame(rows, columns=list(CLUSTERS), index=["DKI", "Jabar"])
    out_f = ipa(frame[["V", "IV", "III", "II", "I"]], W_IPA)
    assert isinstance(out_f, pd.Series)
    assert list(out_f.index) == ["DKI", "Jabar"]
    assert out_f.name == "ipa"
    assert out_f.tolist() == pytest.approx([77.0, 65.0])
    # a mapping of Series keeps the index too
    mapping = {c: frame[c] for c in CLUSTERS}
    out_m = ipa(mapping, W_IPA)
    assert list(out_m.index) == ["DKI", "Jabar"]
    # a Series of one unit's components -> float
    assert ipa(pd.Series(FIVE), pd.Series(W_IPA)) == pytest.approx(77.0)


def test_missing_raise_names_the_component() -> None:
    values = {**FIVE, "III": float("nan")}
    with pytest.raises(InvalidInputError, match=r"`cluster_values\['III'\]` must not be missing"):
        ipa(values, W_IPA)
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, np.nan]})
    with pytest.raises(InvalidInputError, match=r"`values\['b'\]`.*position 1"):
        weighted_index(frame, "equal")
    with pytest.raises(InvalidInputError, match=r"`scores\['1'\]`"):
        cluster_index([1.0, np.nan])


def test_missing_propagate() -> None:
    out = weighted_index([[80.0, 60.0], [80.0, np.nan]], [0.75, 0.25], missing="propagate")
    assert out[0] == pytest.approx(75.0)
    assert math.isnan(out[1])


def test_missing_reweight_renormalises_with_threshold() -> None:
    values = {**FIVE, "V": float("nan")}
    # available I-IV with V's weights 0.15/0.2/0.2/0.15 (sum 0.7):
    # (13.5 + 14 + 12 + 12) / 0.7 = 51.5 / 0.7
    assert ipa(values, W_IPA, missing="reweight", min_share=0.5) == pytest.approx(51.5 / 0.7)
    # available weight 0.7 < 0.75 -> NaN (COINr's dat_thresh, in weight)
    assert math.isnan(ipa(values, W_IPA, missing="reweight", min_share=0.75))
    # exactly at the threshold is kept
    assert not math.isnan(ipa(values, W_IPA, missing="reweight", min_share=0.7))
    # cluster_index: share of indicators; (70 + 90) / 2 = 80 with 2 of 3 available
    assert cluster_index([70.0, np.nan, 90.0], missing="reweight", min_available=0.6) == 80.0
    assert math.isnan(cluster_index([70.0, np.nan, 90.0], missing="reweight", min_available=0.7))
    # all missing -> NaN even with threshold 0
    assert math.isnan(weighted_index([np.nan, np.nan], "equal", missing="reweight", min_share=0))


def test_reweight_needs_an_explicit_threshold() -> None:
    with pytest.raises(InvalidInputError, match="`min_share` must be given when"):
        weighted_index([1.0, np.nan], "equal", missing="reweight")
    with pytest.raises(InvalidInputError, match="`min_available` must be given when"):
        cluster_index([1.0, np.nan], missing="reweight")
    with pytest.raises(InvalidInputError, match=r"`min_share` must be in \[0, 1\]"):
        weighted_index([1.0, 2.0], "equal", missing="reweight", min_share=1.5)
    with pytest.raises(InvalidInputError, match="`missing` must be one of"):
        weighted_index([1.0, 2.0], "equal", missing="drop")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "name"),
    [
        (5.0, "values"),
        ("abc", "values"),
        ([1.0, float("inf")], r"values\['1'\]"),
        ({}, "values"),
        ([], "values"),
    ],
)
def test_bad_component_values(values: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        weighted_index(values, "equal")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# the catalogue
# --------------------------------------------------------------------------------------------


def test_packaged_catalogue_structure() -> None:
    catalogue = load_ipa_catalogue()
    assert set(catalogue.versions) == {"2018-2020", "2021+"}
    for version in catalogue.versions.values():
        assert [c.id for c in version.clusters] == list(CLUSTERS)
        # methods/child#ipa: cluster names in Indonesian
        assert version.clusters[0].name_id == "Hak sipil dan kebebasan"
        assert version.clusters[4].name_id == "Perlindungan khusus"
        assert version.n_indicators == 27
        assert len(version.indicators) == 11  # 5 of IPKA, 6 of IPHA (methods/child#ipa-agg)
        assert not version.is_complete
        v = version.indicators_in("V")
        assert len(v) == 5
        assert all(i.cluster_status == "confirmed" for i in v)
        assert [i.direction for i in v] == [
            "negative",
            "positive",
            "positive",
            "negative",
            "negative",
        ]
        assert version.indicator("neglected_children_pct").wording_status == "inferred"
        assert version.indicator("birth_certificate_pct").cluster_status == "inferred"
        assert version.indicator("stunting_pct").cluster == "III"
        assert version.indicator("child_marriage_pct").cluster == "II"
        assert all(i.lower is None and i.upper is None for i in version.indicators)
        assert version.weights_ipha is None
        assert version.weights_ipa is None
        assert version.weights_ipka == "equal"
    with pytest.raises(InvalidInputError, match="`version` must be one of"):
        catalogue.version("2019")
    with pytest.raises(InvalidInputError, match="`code` must be an indicator"):
        catalogue.version("2021+").indicator("nope")


USER_CATALOGUE = """
title = "test catalogue"
source = "hand-made for tests/test_child.py"

[versions.test]
name = "test"
first_year = 2021
description = "one or two indicators per cluster, goalposts and weights known"
source = "test"
n_indicators = 7
list_status = "confirmed"
weights_ipha = { I = 0.25, II = 0.25, III = 0.25, IV = 0.25 }
weights_ipa = "unknown"
weights_ipka = "equal"
clusters = [
  { id = "I", name_id = "Hak sipil dan kebebasan", name_en = "Civil", index = "IPHA" },
  { id = "II", name_id = "Lingkungan keluarga", name_en = "Family", index = "IPHA" },
  { id = "III", name_id = "Kesehatan", name_en = "Health", index = "IPHA" },
  { id = "IV", name_id = "Pendidikan", name_en = "Education", index = "IPHA" },
  { id = "V", name_id = "Perlindungan khusus", name_en = "Special", index = "IPKA" },
]

[[versions.test.indicators]]
code = "a1"
cluster = "I"
direction = "positive"
name_id = "a1"
name_en = "a1"
unit = "percent"
status = "confirmed"
cluster_status = "confirmed"
direction_status = "confirmed"
wording_status = "confirmed"
lower = 0.0
upper = 100.0
source = "test"

[[versions.test.indicators]]
code = "b1"
cluster = "II"
direction = "negative"
name_id = "b1"
name_en = "b1"
unit = "percent"
status = "confirmed"
cluster_status = "confirmed"
direction_status = "confirmed"
wording_status = "confirmed"
lower = 0.0
upper = 20.0
source = "test"

[[versions.test.indicators]]
code = "c1"
cluster = "III"
direction = "negative"
name_id = "c1"
name_en = "c1"
unit = "percent"
status = "confirmed"
cluster_status = "confirmed"
direction_status = "confirmed"
wording_status = "confirmed"
lower = 10.0
upper = 50.0
source = "test"

[[versions.test.indicators]]
code = "c2"
cluster = "III"
direction = "positive"
name_id = "c2"
name_en = "c2"
unit = "percent"
status = "confirmed"
cluster_status = "confirmed"
direction_status = "confirmed"
wording_status = "confirmed"
lower = "unknown"
upper = "unknown"
source = "test"

[[versions.test.indicators]]
code = "d1"
cluster = "IV"
direction = "negative"
name_id = "d1"
name_en = "d1"
unit = "percent"
status = "confirmed"
cluster_status = "confirmed"
direction_status = "confirmed"
wording_status = "confirmed"
lower = 0.0
upper = 10.0
source = "test"

[[versions.test.indicators]]
code = "e1"
cluster = "V"
direction = "negative"
name_id = "e1"
name_en = "e1"
unit = "percent"
status = "confirmed"
cluster_status = "confirmed"
direction_status = "confirmed"
wording_status = "confirmed"
lower = 0.0
upper = 40.0
source = "test"

[[versions.test.indicators]]
code = "e2"
cluster = "V"
direction = "positive"
name_id = "e2"
name_en = "e2"
unit = "ratio"
status = "confirmed"
cluster_status = "confirmed"
direction_status = "confirmed"
wording_status = "confirmed"
lower = 0.0
upper = 1.0
source = "test"
"""

RAW = {"a1": 90.0, "b1": 5.0, "c1": 20.0, "c2": 30.0, "d1": 2.0, "e1": 10.0, "e2": 0.5}
# Hand-computed scores: a1 (90-0)/100*100 = 90; b1 (20-5)/20*100 = 75; c1 (50-20)/40*100 = 75;
# c2 with goalposts 0-60: 30/60*100 = 50; d1 (10-2)/10*100 = 80; e1 (40-10)/40*100 = 75;
# e2 0.5/1*100 = 50. Clusters: I 90, II 75, III (75+50)/2 = 62.5, IV 80, V (75+50)/2 = 62.5.
# IPHA (equal 0.25): (90 + 75 + 62.5 + 80)/4 = 76.875. IPKA = K_V = 62.5.
# IPA with (0.1, 0.2, 0.2, 0.2, 0.3): 9 + 15 + 12.5 + 16 + 18.75 = 71.25.


@pytest.fixture
def user_catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "ipa.toml"
    path.write_text(USER_CATALOGUE, encoding="utf-8")
    return path


def test_ipa_from_indicators_hand_computed(user_catalogue: Path) -> None:
    version = load_ipa_catalogue_file(user_catalogue).version("test")
    out = ipa_from_indicators(
        RAW,
        version,
        "catalogue",
        [0.1, 0.2, 0.2, 0.2, 0.3],
        goalposts={"c2": (0.0, 60.0)},
    )
    assert out.version == "test"
    assert out.scores["b1"] == pytest.approx(75.0)
    assert out.scores["c2"] == pytest.approx(50.0)
    assert dict(out.clusters) == pytest.approx(
        {"I": 90.0, "II": 75.0, "III": 62.5, "IV": 80.0, "V": 62.5}
    )
    assert out.ipha == pytest.approx(76.875)
    assert out.ipka == pytest.approx(62.5)
    assert out.ipa == pytest.approx(71.25)
    frame = out.to_frame()
    assert frame.shape == (1, 7 + 5 + 3)
    assert frame.loc[0, "K_III"] == pytest.approx(62.5)


def test_ipa_from_indicators_dataframe_keeps_index(user_catalogue: Path) -> None:
    version = load_ipa_catalogue_file(user_catalogue).version("test")
    second = {**RAW, "e2": 1.5}  # clipped to 100: V (75 + 100)/2 = 87.5
    frame = pd.DataFrame([RAW, second], index=["kota_a", "kota_b"])
    out = ipa_from_indicators(
        frame, version, "equal", [0.1, 0.2, 0.2, 0.2, 0.3], goalposts={"c2": (0.0, 60.0)}
    )
    assert isinstance(out.ipa, pd.Series)
    assert list(out.ipa.index) == ["kota_a", "kota_b"]
    assert out.ipka.tolist() == pytest.approx([62.5, 87.5])
    # IPA second unit: 71.25 + 0.3 * (87.5 - 62.5) = 78.75
    assert out.ipa.tolist() == pytest.approx([71.25, 78.75])
    assert list(out.to_frame().index) == ["kota_a", "kota_b"]
    unclipped = ipa_from_indicators(
        frame,
        version,
        "equal",
        "equal",
        goalposts={"c2": (0.0, 60.0)},
        clip=False,
    )
    assert unclipped.scores["e2"].tolist() == pytest.approx([50.0, 150.0])


def test_ipa_from_indicators_errors(user_catalogue: Path) -> None:
    catalogue = load_ipa_catalogue_file(user_catalogue)
    version = catalogue.version("test")
    with pytest.raises(InvalidInputError, match=r"`goalposts` must give the goalposts of .*'c2'"):
        ipa_from_indicators(RAW, version, "equal", "equal")
    with pytest.raises(InvalidInputError, match="`weights_ipa` is 'catalogue' but"):
        ipa_from_indicators(RAW, version, "equal", "catalogue", goalposts={"c2": (0.0, 60.0)})
    with pytest.raises(InvalidInputError, match="`values` lacks catalogue indicator 'e2'"):
        short = {k: v for k, v in RAW.items() if k != "e2"}
        ipa_from_indicators(short, version, "equal", "equal", goalposts={"c2": (0, 60)})
    with pytest.raises(InvalidInputError, match="`values` has 'zz'"):
        ipa_from_indicators({**RAW, "zz": 1.0}, version, "equal", "equal", goalposts={})
    with pytest.raises(InvalidInputError, match="`catalogue` must be one catalogue version"):
        ipa_from_indicators(RAW, catalogue, "equal", "equal")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"`goalposts\['c2'\] upper` must be greater"):
        ipa_from_indicators(RAW, version, "equal", "equal", goalposts={"c2": (60.0, 0.0)})
    with pytest.raises(InvalidInputError, match=r"`weights_ipha` must be given"):
        ipa_from_indicators(RAW, version, None, "equal", goalposts={"c2": (0, 60)})  # type: ignore[arg-type]


def test_packaged_template_refuses_silent_partial_use() -> None:
    version = load_ipa_catalogue().version("2021+")
    codes = [i.code for i in version.indicators]
    values = dict.fromkeys(codes, 10.0)
    with pytest.raises(InvalidInputError, match="`catalogue` lists 11 of its 27 indicators"):
        ipa_from_indicators(values, version, "equal", "equal")
    with pytest.raises(InvalidInputError, match=r"'birth_certificate_pct'.*marks unknown"):
        ipa_from_indicators(values, version, "equal", "equal", coverage="partial")
    out = ipa_from_indicators(
        values,
        version,
        "equal",
        "equal",
        goalposts={code: (0.0, 100.0) for code in codes},
        coverage="partial",
    )
    # positive indicators score 10, negative ones 90 (hand-computed)
    assert out.scores["internet_use_disability_ratio"] == pytest.approx(10.0)
    assert out.scores["child_labour_pct"] == pytest.approx(90.0)
    # cluster V: (90 + 10 + 10 + 90 + 90) / 5 = 58
    assert out.ipka == pytest.approx(58.0)


def test_user_catalogue_schema_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(USER_CATALOGUE.replace("upper = 20.0", "upper = -1.0"), encoding="utf-8")
    with pytest.raises(DataFileError, match="goalpost lower must be below upper"):
        load_ipa_catalogue_file(bad)
    bad.write_text(USER_CATALOGUE.replace("I = 0.25,", "I = 0.5,"), encoding="utf-8")
    with pytest.raises(DataFileError, match="weights_ipha must sum to 1"):
        load_ipa_catalogue_file(bad)
    bad.write_text(USER_CATALOGUE.replace("n_indicators = 7", "n_indicators = 6"), "utf-8")
    with pytest.raises(DataFileError, match="more than its n_indicators"):
        load_ipa_catalogue_file(bad)
    with pytest.raises(DataFileError, match="cannot read"):
        load_ipa_catalogue_file(tmp_path / "missing.toml")


# --------------------------------------------------------------------------------------------
# 3.3 weight recovery and sensitivity
# --------------------------------------------------------------------------------------------


def test_recover_known_weights() -> None:
    rng = np.random.default_rng(20240101)
    clusters = rng.uniform(40.0, 95.0, size=(34, 5))  # 34 provinces, 5 clusters
    true = np.array([0.1, 0.25, 0.3, 0.15, 0.2])
    index = clusters @ true
    fit = recover_weights(clusters, index)
    np.testing.assert_allclose(fit.weights, true, atol=1e-6)
    assert fit.identifiable
    assert fit.max_abs_residual < 1e-6
    # a zero weight on the boundary is recovered too
    true0 = np.array([0.0, 0.4, 0.0, 0.35, 0.25])
    fit0 = recover_weights(clusters, clusters @ true0)
    np.testing.assert_allclose(fit0.weights, true0, atol=1e-6)


def test_recover_weights_with_labels_and_residuals() -> None:
    frame = pd.DataFrame(
        {"I": [80.0, 50.0, 70.0, 60.0], "II": [60.0, 90.0, 70.0, 40.0]},
        index=["a", "b", "c", "d"],
    )
    # 0.75 * I + 0.25 * II, then unit d perturbed by +2 (inconsistent)
    observed = pd.Series([75.0, 60.0, 70.0, 57.0], index=frame.index)
    fit = recover_weights(frame, observed)
    assert fit.names == ("I", "II")
    assert isinstance(fit.residuals, pd.Series)
    assert list(fit.residuals.index) == ["a", "b", "c", "d"]
    assert fit.max_abs_residual > 0.5
    assert sum(fit.as_dict().values()) == pytest.approx(1.0)
    assert fit.rmse == pytest.approx(float(np.sqrt(np.mean(np.asarray(fit.residuals) ** 2))))


def test_recover_weights_underdetermined_and_errors() -> None:
    fit = recover_weights([[80.0, 60.0, 70.0]], [70.0])
    assert not fit.identifiable
    assert fit.weights.sum() == pytest.approx(1.0)
    assert (fit.weights >= 0).all()
    with pytest.raises(InvalidInputError, match=r"`cluster_values\['1'\]` must not be NaN"):
        recover_weights([[1.0, np.nan]], [1.0])
    with pytest.raises(InvalidInputError, match="`index_values` must have one value per unit"):
        recover_weights([[1.0, 2.0], [3.0, 4.0]], [1.0])
    with pytest.raises(InvalidInputError, match="`index_values` must not be NaN"):
        recover_weights([[1.0, 2.0]], [np.nan])


def test_sensitivity_reproducible_and_consistent() -> None:
    frame = pd.DataFrame(
        [[80.0, 60.0, 70.0], [60.0, 79.0, 71.0], [40.0, 50.0, 90.0]],
        columns=["I", "II", "III"],
        index=["x", "y", "z"],
    )
    weights = [0.5, 0.3, 0.2]
    a = weight_sensitivity(frame, weights, n=300, concentration=30.0, seed=7)
    b = weight_sensitivity(frame, weights, n=300, concentration=30.0, seed=7)
    c = weight_sensitivity(frame, weights, n=300, concentration=30.0, seed=8)
    np.testing.assert_array_equal(a.values, b.values)
    assert not np.array_equal(a.values, c.values)
    assert a.units == ("x", "y", "z")
    # nominal: 0.5*80 + 0.3*60 + 0.2*70 = 72; 0.5*60 + 0.3*79 + 0.2*71 = 67.9;
    # 0.5*40 + 0.3*50 + 0.2*90 = 53
    np.testing.assert_allclose(a.nominal_value, [72.0, 67.9, 53.0])
    assert a.nominal_rank.tolist() == [1.0, 2.0, 3.0]
    np.testing.assert_allclose(a.rank_frequencies.sum(axis=1), 1.0)
    np.testing.assert_allclose(a.rank_frequencies.sum(axis=0), 1.0)
    np.testing.assert_allclose(a.weights.sum(axis=1), 1.0)
    assert (a.value_q05 <= a.value_median).all()
    assert (a.value_median <= a.value_q95).all()
    summary = a.summary()
    assert list(summary.index) == ["x", "y", "z"]
    assert summary.loc["x", "nominal_value"] == pytest.approx(72.0)
    with pytest.raises(ValueError, match="read-only"):
        a.ranks[0, 0] = 1.0


def test_sensitivity_concentration_and_jitter() -> None:
    values = [[80.0, 60.0], [60.0, 79.0]]
    tight = weight_sensitivity(values, [0.5, 0.5], n=200, concentration=1e7, seed=1)
    np.testing.assert_allclose(tight.values, np.broadcast_to([70.0, 69.5], (200, 2)), atol=0.05)
    jittered = weight_sensitivity(
        values, [0.5, 0.5], n=200, concentration=1e7, goalpost_jitter=0.2, seed=1
    )
    assert np.ptp(np.asarray(jittered.values)[:, 0]) > 1.0
    # a zero nominal weight stays zero
    zero = weight_sensitivity(values, [1.0, 0.0], n=50, concentration=5.0, seed=2)
    assert (zero.weights[:, 1] == 0.0).all()
    generator = weight_sensitivity(
        values, "equal", n=10, concentration=5.0, seed=np.random.default_rng(3)
    )
    assert np.shape(generator.values) == (10, 2)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"n": 0}, "n"),
        ({"n": 2.5}, "n"),
        ({"concentration": 0.0}, "concentration"),
        ({"concentration": float("inf")}, "concentration"),
        ({"goalpost_jitter": 0.5}, "goalpost_jitter"),
        ({"goalpost_jitter": -0.1}, "goalpost_jitter"),
        ({"seed": "a"}, "seed"),
        ({"seed": -1}, "seed"),
    ],
)
def test_sensitivity_bad_input(kwargs: dict[str, object], name: str) -> None:
    arguments: dict[str, object] = {"n": 10, "concentration": 5.0, "seed": 1, **kwargs}
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        weight_sensitivity([[1.0, 2.0]], "equal", **arguments)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# registry records
# --------------------------------------------------------------------------------------------


def test_registry_metadata() -> None:
    record = get_indicator("ipa")
    assert record.iku == 3
    assert record.polarity == "higher"
    assert record.name_id == "Indeks Perlindungan Anak (IPA)"
    assert get_indicator("ipha").iku is None
    assert get_indicator("ipka").iku is None


def test_calculate_ipa() -> None:
    result = calculate(
        "ipa", {"cluster_values": FIVE, "weights_ipha": W_IPHA, "weights_ipa": W_IPA}
    )
    assert result.value == pytest.approx(77.0)  # hand-computed above
    assert result.category is None
    assert result.unit == "index 0-100"
    assert result.components["ipha"] == pytest.approx(73.0)
    assert result.components["ipka"] == pytest.approx(85.0)  # IPKA = K_V
    assert result.components["cluster_values"] == FIVE
    assert type(result).model_validate_json(result.model_dump_json()) == result


def test_calculate_ipa_missing_policies() -> None:
    inputs = {
        "cluster_values": {**FIVE, "V": None},
        "weights_ipha": W_IPHA,
        "weights_ipa": W_IPA,
    }
    with pytest.raises(InvalidInputError, match=r"`cluster_values\['V'\]`"):
        calculate("ipa", inputs)
    result = calculate("ipa", {**inputs, "missing": "reweight", "min_share": 0.5})
    assert result.value == pytest.approx(51.5 / 0.7)
    assert result.components["ipka"] is None
    propagated = calculate("ipa", {**inputs, "missing": "propagate"})
    assert propagated.value is None


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"cluster_values": {**FIVE, "I": 101.0}}, "cluster_values"),
        ({"cluster_values": {k: FIVE[k] for k in ("I", "II", "III", "IV")}}, "cluster_values"),
        ({"weights_ipha": {**W_IPHA, "I": 0.5}}, "weights_ipha"),
        ({"weights_ipa": {"I": 1.0}}, "weights_ipa"),
        ({"weights_ipa": {**W_IPA, "V": -0.3}}, "weights_ipa"),
        ({"missing": "drop"}, "missing"),
    ],
)
def test_calculate_ipa_validation(inputs: dict[str, object], field: str) -> None:
    base: dict[str, object] = {
        "cluster_values": FIVE,
        "weights_ipha": W_IPHA,
        "weights_ipa": W_IPA,
    }
    with pytest.raises(ValidationError, match=field):
        calculate("ipa", {**base, **inputs})


def test_calculate_ipha_and_ipka() -> None:
    four = {k: FIVE[k] for k in ("I", "II", "III", "IV")}
    result = calculate("ipha", {"cluster_values": four, "weights": W_IPHA})
    assert result.value == pytest.approx(73.0)
    assert result.components["weights"] == W_IPHA
    with pytest.raises(ValidationError, match="weights"):
        calculate("ipha", {"cluster_values": four})
    ipka_result = calculate("ipka", {"scores": [80.0, 90.0, 100.0, 70.0, 60.0]})
    assert ipka_result.value == pytest.approx(80.0)
    assert ipka_result.components["weights"] == "equal"
    weighted = calculate(
        "ipka", {"scores": [80.0, 90.0, 100.0, 70.0, 60.0], "weights": [0.2, 0.2, 0.2, 0.2, 0.2]}
    )
    assert weighted.value == pytest.approx(80.0)
    with pytest.raises(ValidationError, match="scores"):
        calculate("ipka", {"scores": [80.0, 90.0]})
