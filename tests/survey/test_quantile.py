"""Quantiles and Woodruff intervals against R survey 4.5 (``svyquantile``) on the api data.

Expected numbers: ``tests/data/survey/issue12_reference.json`` (``issue12_reference.R``), e.g.
``svyquantile(~api00, dclus1, c(0.1, 0.25, 0.5, 0.75, 0.9), qrule = "math",
interval.type = "mean")`` and, per domain, ``svyquantile(~api00, subset(dclus1, stype == "E"),
c(0.25, 0.5), qrule = "hf7", interval.type = "mean")``. R prints NA for a limit whose interval
for the distribution function leaves [0, 1]; here that limit is NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from tests.survey._issue12_reference import DESIGNS, RESULTS, api_frame
from tests.survey.test_contrast import make_design

from dppapp_indikator import InvalidInputError, SurveyDesign
from dppapp_indikator.survey.quantile import QUANTILE_RULES, weighted_quantile, woodruff_interval

R_RULES = ["math", "hf7", "school", "hf1", "hf2", "hf4", "hf5", "hf6", "hf8", "hf9"]


def as_float(values: list[Any]) -> np.ndarray:
    return np.array([math.nan if v is None else v for v in values], dtype=float)


@pytest.mark.parametrize("name", ["dclus1", "dstrat"])
@pytest.mark.parametrize("rule", R_RULES)
@pytest.mark.parametrize("y", ["api00", "enroll"])
def test_rules_and_intervals_match_r_from_the_arrays(name: str, rule: str, y: str) -> None:
    expected = RESULTS[f"{name}.quantile.{y}.{rule}"]
    frame = api_frame(name)
    _, strata, psu, fpc = DESIGNS[name]
    for j, p in enumerate(expected["probs"]):
        q = weighted_quantile(frame[y], frame["pw"], p, rule)  # type: ignore[arg-type]
        assert q == pytest.approx(expected["quantile"][j], rel=1e-12)
        # p_hat = svymean(x <= q_hat) with its design SE, then the Woodruff interval
        data = frame.assign(below=(frame[y] <= q).astype(float))
        design = SurveyDesign(data, weights="pw", strata=strata, psu=psu, fpc=fpc)
        cdf = design.mean("below").iloc[0]
        critical = float(stats.t.ppf(0.975, expected["df"]))
        low, high = woodruff_interval(
            frame[y],
            frame["pw"],
            cdf["estimate"],
            cdf["se"],
            critical,
            rule,  # type: ignore[arg-type]
        )
        limits = as_float([expected["ci_low"][j], expected["ci_high"][j]])
        if rule == "hf4":
            # R's qrule_hf4 extrapolates below the smallest value (dclus1 enroll: a lower limit
            # of 116.8985 under a minimum of 117); the library returns the smallest value
            limits = np.maximum(limits, frame[y].min())
        np.testing.assert_allclose([low, high], limits, rtol=1e-10)


@pytest.mark.parametrize("name", ["dclus1", "dstrat", "rclus1", "rstrat"])
@pytest.mark.parametrize("rule", ["math", "hf7"])
def test_design_quantiles_match_r(name: str, rule: str) -> None:
    design = make_design(name)
    for y in ("api00", "enroll"):
        expected = RESULTS[f"{name}.quantile.{y}.{rule}"]
        result = design.quantile(y, expected["probs"], rule=rule)
        for column, key in (
            ("estimate", "quantile"),
            ("se", "se"),
            ("ci_low", "ci_low"),
            ("ci_high", "ci_high"),
        ):
            np.testing.assert_allclose(result[column], as_float(expected[key]), rtol=1e-9)
        assert (result["df"] == expected["df"]).all()


@pytest.mark.parametrize("name", ["dclus1", "dstrat", "rclus1", "rstrat"])
@pytest.mark.parametrize("rule", ["math", "hf7"])
def test_domain_quantiles_match_r_subsets(name: str, rule: str) -> None:
    result = make_design(name).quantile("api00", [0.25, 0.5], by="stype", rule=rule)
    for level in ("E", "H", "M"):
        expected = RESULTS[f"{name}.quantile.api00.{rule}.stype_{level}"]
        rows = result[result["stype"] == level]
        for column, key in (
            ("estimate", "quantile"),
            ("se", "se"),
            ("ci_low", "ci_low"),
            ("ci_high", "ci_high"),
        ):
            np.testing.assert_allclose(rows[column], as_float(expected[key]), rtol=1e-9)
        assert (rows["df"] == expected["df"]).all()  # R: degf(subset(design, ...))


def test_domain_medians_match_svyby() -> None:
    # svyby(~api00, ~stype, dclus1, svyquantile, quantiles = 0.5, qrule = "math", ...)
    expected = RESULTS["dclus1.svyby.quantile.api00.math"]
    result = make_design("dclus1").quantile("api00", 0.5, by="stype").set_index("stype")
    for level, value in expected["estimate"].items():
        assert result.loc[level, "estimate"] == value
        assert result.loc[level, "se"] == pytest.approx(expected["se"][level], rel=1e-9)


def test_quantiles_on_every_engine(
    engine: str, convert: Callable[[pd.DataFrame, str], Any]
) -> None:
    for name in ("dclus1", "rclus1"):
        expected = make_design(name).quantile("api00", [0.25, 0.5], by="stype", rule="hf7")
        result = make_design(name, convert(api_frame(name), engine)).quantile(
            "api00", [0.25, 0.5], by="stype", rule="hf7"
        )
        pd.testing.assert_frame_equal(result, expected, check_dtype=False, rtol=1e-12)


def test_every_rule_gives_the_plain_quantile_on_equal_weights() -> None:
    values = np.array([3.0, 1.0, 4.0, 1.5, 9.0, 2.6])
    # R: quantile(c(3, 1, 4, 1.5, 9, 2.6), 0.3, type = 7) = 2.05; type = 1 gives 1.5
    assert weighted_quantile(values, np.ones(6), 0.3, "hf7") == pytest.approx(2.05)
    assert weighted_quantile(values, np.ones(6), 0.3, "math") == 1.5
    assert set(QUANTILE_RULES) >= {"math", "hf7", "school", "shahvaish", "hf3"}
    for rule in QUANTILE_RULES:
        q = weighted_quantile(values, np.ones(6), 0.5, rule)
        assert values.min() <= q <= values.max()


def test_quantile_refuses_bad_input() -> None:
    design = make_design("dclus1")
    with pytest.raises(InvalidInputError, match="rule"):
        design.quantile("api00", rule="hf10")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"\[0, 1\]"):
        design.quantile("api00", 1.5)
    with pytest.raises(InvalidInputError, match="numeric"):
        design.quantile("stype")
    frame = api_frame("dclus1").copy()
    frame.loc[3, "api00"] = np.nan
    broken = SurveyDesign(frame, weights="pw", psu="dnum", fpc="fpc")
    with pytest.raises(InvalidInputError, match="missing"):
        broken.quantile("api00")
    assert broken.quantile("api00", missing="drop")["n"].iloc[0] == len(frame) - 1
