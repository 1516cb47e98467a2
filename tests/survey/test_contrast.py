"""Covariance matrices, contrasts and compare_rounds against R survey 4.5 on the api data.

Every expected number is read from ``tests/data/survey/issue12_reference.json`` (written by
``issue12_reference.R``, R 4.2.2 + survey 4.5); each entry stores its R call in ``code``, e.g.
``svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE)`` then ``vcov()`` and
``svycontrast(by, c(E = 1, H = -1))`` / ``svycontrast(by, quote(E / H))``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from tests.survey._issue12_reference import DESIGNS, REPLICATES, RESULTS, api_frame

from dppapp_indikator import InvalidInputError, ReplicateDesign, SurveyDesign, compare_rounds

REL = 1e-9


def make_design(name: str, data: Any = None) -> Any:
    base = REPLICATES[name][0] if name in REPLICATES else name
    _, strata, psu, fpc = DESIGNS[base]
    frame = api_frame(name) if data is None else data
    design = SurveyDesign(frame, weights="pw", strata=strata, psu=psu, fpc=fpc)
    if name in REPLICATES:
        return ReplicateDesign.from_design(design, REPLICATES[name][1])
    return design


ALL = ["dclus1", "dstrat", "rclus1", "rstrat"]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(
    ("key", "kind", "y"),
    [
        (
            "by_stype.api00.mean",
            "mean",
            "api00",
        ),  # svyby(~api00, ~stype, d, svymean, covmat = TRUE)
        ("by_stype.enroll.total", "total", "enroll"),  # svyby(~enroll, ~stype, d, svytotal, ...)
        ("by_stype.api00_api99.mean", "mean", ["api00", "api99"]),  # svyby(~api00 + api99, ...)
    ],
)
def test_vcov_matches_r(name: str, key: str, kind: str, y: Any) -> None:
    expected = RESULTS[f"{name}.{key}"]
    vcov = make_design(name).vcov(kind, y, by="stype")
    rel = REL
    for row, values in expected["vcov"].items():
        for column, value in values.items():
            assert vcov.loc[row, column] == pytest.approx(value, rel=rel, abs=1e-12), (row, column)
    for label, se in expected["se"].items():
        assert np.sqrt(vcov.loc[label, label]) == pytest.approx(se, rel=rel)


@pytest.mark.parametrize("name", ALL)
def test_vcov_of_two_outcomes_matches_r(name: str) -> None:
    # svymean(~api00 + api99, d); vcov()
    expected = RESULTS[f"{name}.mean.api00_api99"]
    vcov = make_design(name).vcov("mean", ["api00", "api99"])
    for row, values in expected["vcov"].items():
        for column, value in values.items():
            assert vcov.loc[row, column] == pytest.approx(value, rel=REL)


def test_vcov_diagonal_is_the_squared_se_on_every_engine(
    engine: str, convert: Callable[[pd.DataFrame, str], Any]
) -> None:
    for name in ("dclus1", "rclus1"):
        design = make_design(name, convert(api_frame(name), engine))
        vcov = design.vcov("mean", "api00", by="stype")
        table = design.mean("api00", by="stype")
        assert list(vcov.index) == table["stype"].tolist()
        np.testing.assert_allclose(np.sqrt(np.diag(vcov)), table["se"], rtol=1e-12)
        expected = RESULTS[f"{name}.by_stype.api00.mean"]["vcov"]
        assert vcov.loc["E", "H"] == pytest.approx(expected["E"]["H"], rel=REL)


CONTRASTS: dict[str, dict[str, Any]] = {
    "E_minus_H": {"coefficients": {"E": 1, "H": -1}},  # svycontrast(by, c(E = 1, H = -1))
    "E_minus_HM": {"coefficients": {"E": 1, "H": -0.5, "M": -0.5}},
    "E_over_H": {"function": lambda e: e["E"] / e["H"]},  # svycontrast(by, quote(E / H))
}
COLUMNS = ["estimate", "se", "ci_low", "ci_high", "statistic", "p_value"]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("contrast", sorted(CONTRASTS))
def test_domain_contrasts_match_r(name: str, contrast: str) -> None:
    expected = RESULTS[f"{name}.contrast.{contrast}"]
    result = make_design(name).contrast("mean", "api00", by="stype", **CONTRASTS[contrast])
    assert list(result.columns) == COLUMNS
    for column in COLUMNS:
        # the smooth contrast's gradient comes from central differences: 1e-8
        assert result[column].iloc[0] == pytest.approx(expected[column], rel=1e-8), column


@pytest.mark.parametrize("name", ALL)
def test_outcome_contrasts_match_r(name: str) -> None:
    # svycontrast(svymean(~api00 + api99, d), c(api00 = 1, api99 = -1)) and quote(api00 / api99)
    design = make_design(name)
    difference = design.contrast("mean", ["api00", "api99"], coefficients={"api00": 1, "api99": -1})
    ratio = design.contrast("mean", ["api00", "api99"], function=lambda e: e["api00"] / e["api99"])
    for result, key in ((difference, "api00_minus_api99"), (ratio, "api00_over_api99")):
        expected = RESULTS[f"{name}.contrast.{key}"]
        for column in COLUMNS:
            assert result[column].iloc[0] == pytest.approx(expected[column], rel=1e-8)


def test_contrast_on_every_engine(engine: str, convert: Callable[[pd.DataFrame, str], Any]) -> None:
    for name in ("dclus1", "rclus1"):
        design = make_design(name, convert(api_frame(name), engine))
        for contrast, options in CONTRASTS.items():
            expected = RESULTS[f"{name}.contrast.{contrast}"]
            result = design.contrast("mean", "api00", by="stype", **options)
            assert result["se"].iloc[0] == pytest.approx(expected["se"], rel=1e-8)


def test_compare_rounds_matches_r() -> None:
    # R: a = svyby(~api99, ~stype, dstrat, svymean), b = svyby(~api00, ~stype, dclus1, svymean);
    # coef(b) - coef(a), sqrt(SE(a)^2 + SE(b)^2), z and 2 * pnorm(-|z|)
    expected = RESULTS["compare_rounds.dstrat_api99.dclus1_api00"]
    a = make_design("dstrat").mean("api99", by="stype")
    b = make_design("dclus1").mean("api00", by="stype")
    result = compare_rounds(a, b)
    assert result["stype"].tolist() == expected["domains"]
    for column in COLUMNS:
        np.testing.assert_allclose(result[column], expected[column], rtol=1e-9)
    np.testing.assert_allclose(result["estimate_a"], a["estimate"], rtol=0)


def test_compare_rounds_refuses_different_domains() -> None:
    a = pd.DataFrame({"kota": ["A", "B"], "estimate": [1.0, 2.0], "se": [0.1, 0.2]})
    b = pd.DataFrame({"kota": ["A", "C"], "estimate": [1.0, 2.0], "se": [0.1, 0.2]})
    with pytest.raises(InvalidInputError, match="domain the other frame lacks"):
        compare_rounds(a, b)
    with pytest.raises(InvalidInputError, match="same domain columns"):
        compare_rounds(a, b.rename(columns={"kota": "region"}))
    with pytest.raises(InvalidInputError, match="lists a domain twice"):
        compare_rounds(pd.concat([a, a]), a)
    with pytest.raises(InvalidInputError, match="'se' column"):
        compare_rounds(a.drop(columns="se"), a)


def test_contrast_refuses_bad_arguments() -> None:
    design = make_design("dclus1")
    with pytest.raises(InvalidInputError, match="not estimated"):
        design.contrast("mean", "api00", by="stype", coefficients={"X": 1})
    with pytest.raises(InvalidInputError, match="exactly one"):
        design.contrast("mean", "api00", by="stype")
    with pytest.raises(InvalidInputError, match="must not all be zero"):
        design.contrast("mean", "api00", by="stype", coefficients={"E": 0})
    with pytest.raises(InvalidInputError, match="kind"):
        design.vcov("median", "api00")
    with pytest.raises(InvalidInputError, match="denominator"):
        design.vcov("ratio", "api00")


def test_ratio_vcov_matches_the_ratio_se() -> None:
    design = make_design("dclus1")
    vcov = design.vcov("ratio", "api.stu", x="enroll")
    # R: svyratio(~api.stu, ~enroll, dclus1) -> SE 0.00838629716939 (expected.json)
    assert np.sqrt(vcov.iloc[0, 0]) == pytest.approx(0.00838629716939, rel=1e-9)
