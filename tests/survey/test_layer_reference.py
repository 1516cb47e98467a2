"""The subtle cases of R ``survey`` on the api data, on every engine.

Expected numbers: ``tests/data/survey/layer.json``, written by ``tests/data/survey/layer.R``
with R survey 4.5 (``layer.json`` -> ``meta`` holds the R and survey version strings). Each
result there stores its R design and call; the R call is also written beside each case
below. Columns added in R and here alike::

    apiclus1$fpc_take_all <- ifelse(apiclus1$dnum == 413, 1, 1000)  # district 413 take-all
    apiclus1$fpc_lonely   <- ifelse(apiclus1$dnum == 413, 4, 1000)  # 413: 1 school of 4
    apiclus1$ell_high     <- as.numeric(apiclus1$ell > 40)
    apiclus1$yes, apistrat$yes <- as.numeric(sch.wide == "Yes")

Tolerance 1e-9 relative; ``svyciprop(method = "logit")`` is fitted by IRLS in R: 1e-7.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dppapp_indikator.survey.design import SurveyDesign
from dppapp_indikator.survey.replicate import ReplicateDesign

DATA = Path(__file__).resolve().parents[1] / "data" / "survey"
LAYER: dict[str, Any] = json.loads((DATA / "layer.json").read_text())
RESULTS: dict[str, Any] = LAYER["results"]
REL = 1e-9
Convert = Callable[[pd.DataFrame, str], Any]
POLICIES = ("fail", "remove", "certainty", "adjust", "average")


@cache
def _clus1() -> pd.DataFrame:
    frame = pd.read_csv(DATA / "api_clus1.csv")
    frame["fpc_take_all"] = (frame["dnum"] == 413).map({True: 1.0, False: 1000.0})
    frame["fpc_lonely"] = (frame["dnum"] == 413).map({True: 4.0, False: 1000.0})
    frame["ell_high"] = (frame["ell"] > 40).astype(int)
    frame["yes"] = (frame["sch.wide"] == "Yes").astype(int)
    return frame


@cache
def _strat() -> pd.DataFrame:
    frame = pd.read_csv(DATA / "api_strat.csv")
    frame["yes"] = (frame["sch.wide"] == "Yes").astype(int)
    return frame


def _close(obtained: Any, expected: Any, rel: float = REL) -> None:
    assert [float(v) for v in obtained] == pytest.approx(
        [float(v) for v in (expected if isinstance(expected, list) else [expected])], rel=rel
    )


def test_versions_recorded() -> None:
    assert LAYER["meta"]["survey_version"] == "4.5"
    assert LAYER["meta"]["r_version"].startswith("R version 4.")


# -- certainty (take-all) strata ---------------------------------------------------------
@pytest.mark.parametrize("lonely", POLICIES)
def test_take_all_stratum_is_never_lonely(engine: str, convert: Convert, lonely: str) -> None:
    # R: options(survey.lonely.psu = lonely)
    #    d <- svydesign(id = ~1, strata = ~dnum, weights = ~pw, fpc = ~fpc_take_all,
    #                   data = apiclus1)
    #    svymean(~api00, d)  -> 644.1694, SE 5.734396 under every option, "fail" included
    #    svytotal(~api00, d) -> 3989985, SE 35518.85
    design = SurveyDesign(
        convert(_clus1(), engine),
        weights="pw",
        strata="dnum",
        fpc="fpc_take_all",
        lonely_psu=lonely,  # type: ignore[arg-type]
    )
    mean = design.mean("api00").iloc[0]
    assert float(mean["estimate"]) == pytest.approx(644.169398907104, rel=REL)
    assert float(mean["se"]) == pytest.approx(5.73439565527654, rel=REL)
    expected = RESULTS[f"take_all.{lonely}.svytotal.api00"]
    total = design.total("api00").iloc[0]
    _close([total["estimate"], total["se"]], [expected["estimate"], expected["se"]])


# -- the "adjust" centring of a lonely PSU and its fpc --------------------------------------
LONELY_CASES = {
    # R: options(survey.lonely.psu = "adjust")
    #    d <- svydesign(id = ~1, strata = ~dnum, weights = ~pw, fpc = ~fpc_lonely, data = apiclus1)
    #    svytotal(~api00, d) -> SE 35623.6846964433 (the lonely district: (1 - 1/4) (z - zbar)^2)
    "lonely_fpc.adjust.svytotal.api00": ("fpc_lonely", "adjust", "total"),
    # R: the same, svymean(~api00, d) -> SE 5.75132139109514
    "lonely_fpc.adjust.svymean.api00": ("fpc_lonely", "adjust", "mean"),
    # R: options(survey.lonely.psu = "average"); svytotal(~api00, d) -> SE 36765.4992112355
    "lonely_fpc.average.svytotal.api00": ("fpc_lonely", "average", "total"),
    # R: options(survey.lonely.psu = "average"); svymean(~api00, d) -> SE 5.93566341802316
    "lonely_fpc.average.svymean.api00": ("fpc_lonely", "average", "mean"),
    # R: options(survey.lonely.psu = "remove"); svytotal(~api00, d) -> SE 35518.8466887829
    "lonely_fpc.remove.svytotal.api00": ("fpc_lonely", "remove", "total"),
    # R: d <- svydesign(id = ~1, strata = ~dnum, weights = ~pw, data = apiclus1)  (no fpc)
    #    options(survey.lonely.psu = "adjust"); svytotal(~api00, d) -> SE 36098.990642811
    "lonely_wr.adjust.svytotal.api00": (None, "adjust", "total"),
    # R: the same design, "average": svytotal(~api00, d) -> SE 37223.1572089582
    "lonely_wr.average.svytotal.api00": (None, "average", "total"),
    # R: the same design, "remove": svytotal(~api00, d) -> SE 35960.9863198434
    "lonely_wr.remove.svytotal.api00": (None, "remove", "total"),
}


@pytest.mark.parametrize("key", sorted(LONELY_CASES))
def test_lonely_psu_centring_and_fpc(engine: str, convert: Convert, key: str) -> None:
    fpc, lonely, kind = LONELY_CASES[key]
    design = SurveyDesign(
        convert(_clus1(), engine),
        weights="pw",
        strata="dnum",
        fpc=fpc,
        lonely_psu=lonely,  # type: ignore[arg-type]
    )
    row = getattr(design, kind)("api00").iloc[0]
    expected = RESULTS[key]
    _close([row["estimate"], row["se"]], [expected["estimate"], expected["se"]])


def test_adjust_centres_at_the_grand_mean_not_zero() -> None:
    # The total's PSU totals have a non-zero grand mean: centring the lonely PSU at 0 (or
    # at its own value) instead gives another SE than R's 35623.6846964433 (case above).
    frame = _clus1()
    design = SurveyDesign(frame, weights="pw", strata="dnum", fpc="fpc_lonely", lonely_psu="adjust")
    remove = SurveyDesign(frame, weights="pw", strata="dnum", fpc="fpc_lonely", lonely_psu="remove")
    z = frame.loc[frame["dnum"] == 413, "api00"] * frame.loc[frame["dnum"] == 413, "pw"]
    grand = float((frame["api00"] * frame["pw"]).sum()) / design.n_psu
    lonely_part = (1 - 1 / 4) * (float(z.sum()) - grand) ** 2
    se_remove = float(remove.total("api00")["se"].iloc[0])
    se_adjust = float(design.total("api00")["se"].iloc[0])
    assert se_adjust**2 == pytest.approx(se_remove**2 + lonely_part, rel=1e-12)
    assert se_adjust == pytest.approx(35623.6846964433, rel=REL)  # R, as above


# -- per-domain lonely-PSU arithmetic of svyby ---------------------------------------------
@pytest.mark.parametrize("lonely", ["adjust", "average", "remove"])
@pytest.mark.parametrize("kind", ["mean", "total"])
def test_domains_without_the_lonely_stratum(
    engine: str, convert: Convert, lonely: str, kind: str
) -> None:
    # R: options(survey.lonely.psu = lonely)
    #    d <- svydesign(id = ~1, strata = ~dnum, weights = ~pw, data = apiclus1)
    #    svyby(~api00, ~stype, d, svymean)   (and svytotal): the domains H and M have no
    #    school of district 413, so the lonely stratum drops out of their variance
    design = SurveyDesign(
        convert(_clus1(), engine),
        weights="pw",
        strata="dnum",
        lonely_psu=lonely,  # type: ignore[arg-type]
    )
    out = getattr(design, kind)("api00", by="stype")
    expected = RESULTS[f"lonely_wr.{lonely}.svyby.api00_by_stype.svy{kind}"]
    assert out["stype"].tolist() == expected["domains"]
    _close(out["estimate"], expected["estimate"])
    _close(out["se"], expected["se"])


@pytest.mark.parametrize("lonely", ["adjust", "average", "remove", "certainty"])
@pytest.mark.parametrize("domain", [False, True])
@pytest.mark.parametrize("kind", ["mean", "total"])
def test_lonely_psu_domain(
    engine: str, convert: Convert, lonely: str, domain: bool, kind: str
) -> None:
    # R: options(survey.lonely.psu = lonely, survey.adjust.domain.lonely = domain)
    #    d <- svydesign(id = ~dnum, strata = ~stype, weights = ~pw, nest = TRUE,
    #                   data = apiclus1)
    #    svyby(~api00, ~ell_high, d, svymean)   (and svytotal)
    # Domain 1 has a single district of one school type: with domain = TRUE, "adjust"
    # (SE of the total 230913.444294261 instead of 224472.802305242) and "average"
    # (274307.890108814) change it; "remove" and "certainty" do not.
    design = SurveyDesign(
        convert(_clus1(), engine),
        weights="pw",
        strata="stype",
        psu="dnum",
        lonely_psu=lonely,  # type: ignore[arg-type]
        lonely_psu_domain=domain,
    )
    out = getattr(design, kind)("api00", by="ell_high")
    tag = "domain" if domain else "design"
    expected = RESULTS[f"nested.{lonely}.{tag}.svyby.api00_by_ell_high.svy{kind}"]
    assert [str(v) for v in out["ell_high"]] == expected["domains"]
    _close(out["estimate"], expected["estimate"])
    _close(out["se"], expected["se"])


def test_lonely_psu_domain_changes_only_adjust_and_average() -> None:
    frame = _clus1()
    for lonely, differs in (("adjust", True), ("average", True), ("remove", False)):
        ses = [
            SurveyDesign(
                frame,
                weights="pw",
                strata="stype",
                psu="dnum",
                lonely_psu=lonely,  # type: ignore[arg-type]
                lonely_psu_domain=flag,
            )
            .total("api00", by="ell_high")["se"]
            .iloc[1]
            for flag in (False, True)
        ]
        assert (ses[0] != pytest.approx(ses[1], rel=1e-6)) is differs


# -- svyciprop "logit" and "xlogit" on replicate designs -------------------------------------
REPLICATE_CASES = {
    # R: r <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc,
    #                                  data = apiclus1), type = "JK1")
    #    svyciprop(~yes, r, method = "logit")   -> 0.8743, CI 0.823463548270105 0.912085364512058
    #    svyciprop(~yes, r, method = "xlogit")  -> CI 0.823241383375577 0.912207771279209
    "rclus1_jk1": ("JK1", "api_clus1", None, "dnum"),
    # R: r <- as.svrepdesign(svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc,
    #                                  data = apistrat), type = "JKn")
    #    svyciprop(~yes, r, method = "logit")   -> CI 0.773929921055707 0.871206765119536
    #    svyciprop(~yes, r, method = "xlogit")  -> CI 0.774539654744841 0.870814854941826
    "rstrat_jkn": ("JKn", "api_strat", "stype", None),
}


@pytest.mark.parametrize("name", sorted(REPLICATE_CASES))
@pytest.mark.parametrize("method", ["logit", "xlogit"])
def test_replicate_logit_and_xlogit(engine: str, convert: Convert, name: str, method: str) -> None:
    kind, csv, strata, psu = REPLICATE_CASES[name]
    frame = _clus1() if csv == "api_clus1" else _strat()
    design = SurveyDesign(convert(frame, engine), weights="pw", strata=strata, psu=psu, fpc="fpc")
    replicate = ReplicateDesign.from_design(design, kind)  # type: ignore[arg-type]
    row = replicate.proportion("yes", ci_method=method).iloc[0]  # type: ignore[arg-type]
    expected = RESULTS[f"{name}.svyciprop.{method}.yes"]
    # R's "logit" fits a GLM by IRLS: its point estimate differs from the mean by ~1e-11
    rel = 1e-7 if method == "logit" else REL
    _close([row["estimate"], row["se"]], [expected["estimate"], expected["se"]], rel)
    _close([row["ci_low"], row["ci_high"]], expected["ci"], rel)


def test_replicate_logit_differs_from_xlogit() -> None:
    design = SurveyDesign(_strat(), weights="pw", strata="stype", fpc="fpc")
    replicate = ReplicateDesign.from_design(design, "JKn")
    logit = replicate.proportion("yes", ci_method="logit").iloc[0]
    xlogit = replicate.proportion("yes", ci_method="xlogit").iloc[0]
    assert logit["se"] == xlogit["se"]
    assert abs(logit["ci_low"] - xlogit["ci_low"]) > 1e-4  # R: 0.77393 vs 0.77454


def test_taylor_logit_equals_xlogit() -> None:
    # On a Taylor design the linearised variance of the logit is the delta method
    design = SurveyDesign(_strat(), weights="pw", strata="stype", fpc="fpc")
    logit = design.proportion("yes", ci_method="logit")
    xlogit = design.proportion("yes", ci_method="xlogit")
    pd.testing.assert_frame_equal(logit, xlogit, rtol=1e-12)


# -- empty domains ----------------------------------------------------------------------------
def test_empty_domain_is_a_row_with_n_zero(engine: str, convert: Convert) -> None:
    from dppapp_indikator.survey.prevalence import survey_prevalence

    frame = _clus1().assign(age=lambda f: (f["snum"] % 50).astype(float))
    design = SurveyDesign(convert(frame, engine), weights="pw", psu="dnum", fpc="fpc")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = survey_prevalence(design, "yes", by="stype", age="age", age_range=(0, 2))
    assert out["stype"].tolist() == ["E", "H", "M"]
    counts = dict(zip(out["stype"], out["n"], strict=True))
    expected = frame[(frame["age"] <= 2)].groupby("stype").size().to_dict()
    for label in ("E", "H", "M"):
        assert counts[label] == expected.get(label, 0)
    empty = out[out["n"] == 0]
    assert len(empty) >= 1
    assert empty[["estimate", "se", "ci_low", "ci_high"]].isna().all().all()
    assert not math.isnan(float(out.loc[out["n"] > 0, "estimate"].iloc[0]))
