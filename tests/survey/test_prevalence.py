"""Prevalence from survey microdata: PKP and PKA (methods/violence#violence), the age group as a
domain."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.design import SurveyDesign
from dppapp_indikator.survey.prevalence import pka_survey, pkp_survey, survey_prevalence

DATA = Path(__file__).resolve().parents[1] / "data" / "survey"
RESULTS = json.loads((DATA / "expected.json").read_text())["results"]
Convert = Callable[[pd.DataFrame, str], Any]
PERCENT = ["estimate", "se", "ci_low", "ci_high"]


def _women(seed: int = 11, rows: int = 800) -> pd.DataFrame:
    """Synthetic SPHPN-like records: strata, clusters, region, age, a 0/1 outcome."""
    rng = np.random.default_rng(seed)
    stratum = rng.integers(0, 3, rows)
    return pd.DataFrame(
        {
            "stratum": stratum,
            "cluster": stratum * 50 + rng.integers(0, 8, rows),
            "weight": rng.uniform(50.0, 300.0, rows),
            "region": rng.choice(["Jakarta Pusat", "Jakarta Selatan", "Jakarta Utara"], rows),
            "age": rng.integers(8, 80, rows).astype(float),
            "violence": rng.integers(0, 2, rows),
        }
    )


def _design(frame: pd.DataFrame, engine: str = "pandas", convert: Convert | None = None) -> Any:
    data = convert(frame, engine) if convert is not None else frame
    return SurveyDesign(data, weights="weight", strata="stratum", psu="cluster")


def test_equals_the_r_svyciprop_in_percent() -> None:
    # svyciprop(~I(sch.wide == "Yes"), dstrat, method = "logit"), times 100
    expected = RESULTS["dstrat.svyciprop.logit.sch.wide_yes"]
    frame = pd.read_csv(DATA / "api_strat.csv")
    frame["yes"] = frame["sch.wide"] == "Yes"
    design = SurveyDesign(frame, weights="pw", strata="stype", fpc="fpc")
    row = survey_prevalence(design, "yes").iloc[0]
    assert row["estimate"] == pytest.approx(100 * expected["estimate"], rel=1e-8)
    assert row["se"] == pytest.approx(100 * expected["se"], rel=1e-9)
    assert row["ci_low"] == pytest.approx(100 * expected["ci_95"]["lower"], rel=1e-8)
    assert row["ci_high"] == pytest.approx(100 * expected["ci_95"]["upper"], rel=1e-8)
    assert row["df"] == expected["ci_df"]


def test_age_group_is_a_domain_with_zero_weights() -> None:
    frame = _women()
    result = pkp_survey(_design(frame), "violence", "age", by="region")
    # explicit: zero weight outside 15-64 on the full design, then the proportion x 100
    inside = (frame.age >= 15) & (frame.age < 65)
    zeroed = frame.assign(weight=np.where(inside, frame.weight, 0.0))
    explicit = _design(zeroed).proportion("violence", by="region")
    for column in PERCENT:
        np.testing.assert_allclose(result[column], 100 * explicit[column], rtol=1e-12)
    for column in ("df", "deff", "n", "n_psu"):
        np.testing.assert_allclose(result[column], explicit[column], rtol=1e-12)
    assert result.attrs["unit"] == "percent"
    assert result["region"].tolist() == ["Jakarta Pusat", "Jakarta Selatan", "Jakarta Utara"]


def test_rows_outside_the_age_group_are_never_deleted() -> None:
    frame = _women()
    frame.loc[frame.cluster == frame.cluster.iloc[0], "age"] = 70.0  # a cluster of elderly women
    design = _design(frame)
    result = pkp_survey(design, "violence", "age").iloc[0]
    kept = frame[(frame.age >= 15) & (frame.age < 65)]
    deleted = survey_prevalence(_design(kept), "violence").iloc[0]
    assert result["estimate"] == pytest.approx(deleted["estimate"], rel=1e-12)
    assert abs(result["se"] / deleted["se"] - 1) > 1e-6  # the lost PSU changes the SE
    assert design.n_psu == frame.groupby(["stratum", "cluster"]).ngroups


def test_age_limits_are_completed_years() -> None:
    # PKP: 15-64 both included; a fractional 64.7 is 64 completed years; NaN age is outside
    frame = pd.DataFrame(
        {
            "stratum": 1,
            "cluster": [1, 1, 2, 2, 3, 3, 4, 4],
            "weight": 1.0,
            "age": [14.9, 15.0, 64.0, 64.7, 65.0, np.nan, 30.0, 13.0],
            "violence": [1, 0, 1, 1, 1, 1, 0, 1],
        }
    )
    pkp = pkp_survey(_design(frame), "violence", "age").iloc[0]
    # inside: ages 15, 64, 64.7, 30 with violence 0, 1, 1, 0 -> 2 / 4 = 50 %
    assert (pkp["estimate"], pkp["n"], pkp["n_psu"]) == (50.0, 4, 3)
    pka = pka_survey(_design(frame), "violence", "age").iloc[0]
    # PKA 13-24: ages 14.9, 15.0, 13 with violence 1, 0, 1 -> 2 / 3
    assert pka["estimate"] == pytest.approx(200 / 3, rel=1e-12)
    assert pka["n"] == 3


def test_engines_agree(engine: str, convert: Convert) -> None:
    frame = _women()
    frame.loc[[4, 9], "violence"] = np.nan
    reference = pka_survey(_design(frame), "violence", "age", by="region", missing="drop")
    other = pka_survey(
        _design(frame, engine, convert), "violence", "age", by="region", missing="drop"
    )
    for column in [*PERCENT, "df", "deff"]:
        np.testing.assert_allclose(other[column], reference[column], rtol=1e-9)
    assert other["n"].tolist() == reference["n"].tolist()
    assert other["region"].tolist() == reference["region"].tolist()


def test_missing_outcome_outside_the_age_group_is_ignored() -> None:
    frame = _women()
    frame.loc[frame.age >= 65, "violence"] = np.nan  # not asked of older women
    pkp = pkp_survey(_design(frame), "violence", "age")  # no error: outside the domain
    assert 0.0 <= pkp["estimate"].iloc[0] <= 100.0
    with pytest.raises(InvalidInputError, match="missing values in the estimation domain"):
        survey_prevalence(_design(frame), "violence")


def test_ci_methods_and_percent_bounds() -> None:
    design = _design(_women())
    for method in ("logit", "wald", "wilson", "beta"):
        out = survey_prevalence(design, "violence", by="region", ci_method=method)
        assert ((out.ci_low <= out.estimate) & (out.estimate <= out.ci_high)).all()
        assert ((out.ci_low >= 0) & (out.ci_high <= 100)).all()


def test_bad_input() -> None:
    frame = _women()
    design = _design(frame)
    with pytest.raises(InvalidInputError, match="`age_range` must be given together"):
        survey_prevalence(design, "violence", age="age")
    with pytest.raises(InvalidInputError, match="`age` must be given together"):
        survey_prevalence(design, "violence", age_range=(15, 64))
    with pytest.raises(InvalidInputError, match="`age_range` must be an ordered pair"):
        survey_prevalence(design, "violence", age="age", age_range=(64, 15))
    with pytest.raises(InvalidInputError, match="`age_range` must be a pair of numbers"):
        survey_prevalence(design, "violence", age="age", age_range=("a", "b"))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`age` has no column 'umur'"):
        pkp_survey(design, "violence", "umur")
    with pytest.raises(InvalidInputError, match="`design` must be a SurveyDesign"):
        survey_prevalence(frame, "violence")  # type: ignore[arg-type]
    frame.loc[3, "violence"] = 5
    with pytest.raises(InvalidInputError, match=r"0/1 or boolean.*got 5"):
        pkp_survey(_design(frame), "violence", "age")


# -- the sex filter -------------------------------------------------------------------------
def _both_sexes(seed: int = 5) -> pd.DataFrame:
    frame = _women(seed)
    rng = np.random.default_rng(seed + 1)
    return frame.assign(sex=rng.choice(["P", "L"], len(frame)))


def test_pkp_refuses_a_survey_of_both_sexes_without_a_filter() -> None:
    design = _design(_both_sexes())
    with pytest.raises(InvalidInputError, match="female") as caught:
        pkp_survey(design, "violence", "age", sex="sex")
    assert "'L'" in str(caught.value) and "'P'" in str(caught.value)
    with pytest.raises(InvalidInputError, match="female"):
        pkp_survey(design, "violence", "age", sex="sex", female="W")  # no such label
    with pytest.raises(InvalidInputError, match="sex"):
        pkp_survey(design, "violence", "age", female="P")  # a label without a column


def test_pkp_of_women_is_the_women_domain_of_the_full_design(engine: str, convert: Convert) -> None:
    frame = _both_sexes()
    design = _design(frame, engine, convert)
    women = pkp_survey(design, "violence", "age", sex="sex", female="P").iloc[0]
    # the same domain through `by`: women aged 15-64 among all rows of the full design
    by_sex = survey_prevalence(design, "violence", age="age", age_range=(15, 64), by="sex")
    row = by_sex.set_index("sex").loc["P"]
    for column in ("estimate", "se", "ci_low", "ci_high", "df", "n", "n_psu"):
        assert float(women[column]) == pytest.approx(float(row[column]), rel=1e-12)
    # the point estimate by hand: weighted share among women aged 15-64
    inside = (frame["sex"] == "P") & frame["age"].between(15, 64)
    share = np.average(frame.loc[inside, "violence"], weights=frame.loc[inside, "weight"])
    assert float(women["estimate"]) == pytest.approx(100 * share, rel=1e-12)
    assert int(women["n"]) == int(inside.sum())


def test_pkp_accepts_a_single_sex_column_without_a_label() -> None:
    frame = _women().assign(sex="P")
    design = _design(frame)
    with_column = pkp_survey(design, "violence", "age", sex="sex")
    pd.testing.assert_frame_equal(with_column, pkp_survey(design, "violence", "age"))


def test_pka_restricts_to_one_sex_on_request() -> None:
    frame = _both_sexes(9)
    design = _design(frame)
    girls = pka_survey(design, "violence", "age", sex="sex", sex_value="P").iloc[0]
    inside = (frame["sex"] == "P") & frame["age"].between(13, 24)
    share = np.average(frame.loc[inside, "violence"], weights=frame.loc[inside, "weight"])
    assert float(girls["estimate"]) == pytest.approx(100 * share, rel=1e-12)
    both = pka_survey(design, "violence", "age").iloc[0]
    assert int(both["n"]) > int(girls["n"])
    with pytest.raises(InvalidInputError, match="sex_value"):
        pka_survey(design, "violence", "age", sex="sex")
