"""SurveyDesign against R survey 4.1.1 on the api data, on every engine.

Every expected number is read from ``tests/data/survey/expected.json`` (produced by
``expected.R`` with R 4.2.2 + survey 4.1.1; see ``tests/data/survey/README.md``). Each test id
is the R call (the ``code`` field) that produced the numbers it checks. Tolerance: 1e-9
relative, 1e-8 for ``svyciprop(method = "logit")`` (fitted by IRLS in R, README caveats).
The JK1 replicate designs of expected.json are another task (replicate weights).

The R designs (expected.json -> designs):
    dstrat    <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
    dclus1    <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
    dstrat_wr <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat)
    dclus1_wr <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1)
    dlonely   <- svydesign(id = ~1, weights = ~pw, strata = ~dnum, data = apiclus1)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dppapp_indikator.survey.design import SurveyDesign

DATA = Path(__file__).resolve().parents[1] / "data" / "survey"
EXPECTED: dict[str, Any] = json.loads((DATA / "expected.json").read_text())
RESULTS: dict[str, Any] = EXPECTED["results"]
REL = 1e-9
REL_IRLS = 1e-8

# The Python equivalent of each R design: (csv, strata, psu, fpc)
DESIGNS: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "dstrat": ("api_strat.csv", "stype", None, "fpc"),
    "dclus1": ("api_clus1.csv", None, "dnum", "fpc"),
    "dstrat_wr": ("api_strat.csv", "stype", None, None),
    "dclus1_wr": ("api_clus1.csv", None, "dnum", None),
    "dlonely": ("api_clus1.csv", "dnum", None, None),
}


@cache
def _frame(csv: str) -> pd.DataFrame:
    frame = pd.read_csv(DATA / csv)
    # I(sch.wide == "Yes") and its complement, as R's svymean of a logical gives both
    frame["sch_wide_yes"] = frame["sch.wide"] == "Yes"
    frame["sch_wide_no"] = frame["sch.wide"] != "Yes"
    return frame


_DESIGN_CACHE: dict[tuple[str, str, str], SurveyDesign] = {}


def _design(
    name: str, engine: str, convert: Callable[[pd.DataFrame, str], Any], lonely: str = "fail"
) -> SurveyDesign:
    key = (name, engine, lonely)
    if key not in _DESIGN_CACHE:
        csv, strata, psu, fpc = DESIGNS[name]
        _DESIGN_CACHE[key] = SurveyDesign(
            convert(_frame(csv), engine),
            weights="pw",
            strata=strata,
            psu=psu,
            fpc=fpc,
            lonely_psu=lonely,  # type: ignore[arg-type]
        )
    return _DESIGN_CACHE[key]


def _close(obtained: float, expected: float, rel: float = REL) -> None:
    assert obtained == pytest.approx(expected, rel=rel, abs=0.0)


def _check_row(row: pd.Series, estimate: float, se: float, ci: dict[str, float]) -> None:
    _close(float(row["estimate"]), estimate)
    _close(float(row["se"]), se)
    _close(float(row["ci_low"]), ci["lower"])
    _close(float(row["ci_high"]), ci["upper"])


# -- svymean / svytotal / svyratio on the four Taylor designs ---------------------------
SCALAR_CASES = [
    (f"{design}.{stat}.{variable}", design, stat, variable)
    for design in ("dstrat", "dclus1", "dstrat_wr", "dclus1_wr")
    for stat, variable in (
        ("svymean", "api00"),  # svymean(~api00, <design>)
        ("svymean", "enroll"),  # svymean(~enroll, <design>)
        ("svytotal", "api00"),  # svytotal(~api00, <design>)
        ("svytotal", "enroll"),  # svytotal(~enroll, <design>)
        ("svyratio", "api.stu_enroll"),  # svyratio(~api.stu, ~enroll, <design>)
    )
]


@pytest.mark.parametrize(
    ("key", "design_name", "stat", "variable"),
    SCALAR_CASES,
    ids=[RESULTS[case[0]]["code"] for case in SCALAR_CASES],
)
def test_scalar_statistics(
    key: str,
    design_name: str,
    stat: str,
    variable: str,
    engine: str,
    convert: Callable[[pd.DataFrame, str], Any],
) -> None:
    expected = RESULTS[key]  # R: expected["code"], CI from confint(obj) (normal quantile)
    design = _design(design_name, engine, convert)
    if stat == "svymean":
        out = design.mean(variable)
    elif stat == "svytotal":
        out = design.total(variable)
    else:
        out = design.ratio("api.stu", "enroll")
    assert len(out) == 1
    _check_row(out.iloc[0], expected["estimate"], expected["se"], expected["ci_normal_95"])


@pytest.mark.parametrize("design_name", ["dstrat", "dclus1", "dstrat_wr", "dclus1_wr", "dlonely"])
def test_design_degrees_of_freedom_and_size(
    design_name: str, engine: str, convert: Callable[[pd.DataFrame, str], Any]
) -> None:
    # degf(<design>) and nrow(<design>) from expected.json -> designs
    info = EXPECTED["designs"][design_name]
    lonely = "remove" if design_name == "dlonely" else "fail"
    design = _design(design_name, engine, convert, lonely)
    assert design.degrees_of_freedom == info["degf"]
    assert design.n_rows == info["n"]


# -- svyby domain means ------------------------------------------------------------------
BY_CASES = ["dclus1", "dclus1_wr", "dstrat", "dstrat_wr"]


@pytest.mark.parametrize(
    "design_name",
    BY_CASES,
    ids=[RESULTS[f"{d}.svyby.api00_by_stype.svymean"]["code"] for d in BY_CASES],
)
def test_domain_means(
    design_name: str, engine: str, convert: Callable[[pd.DataFrame, str], Any]
) -> None:
    # svyby(~api00, ~stype, <design>, svymean): keys E, H, M
    expected = RESULTS[f"{design_name}.svyby.api00_by_stype.svymean"]
    out = _design(design_name, engine, convert).mean("api00", by="stype").set_index("stype")
    assert list(out.index) == ["E", "H", "M"]
    for level in ("E", "H", "M"):
        _check_row(
            out.loc[level],
            expected["estimate"][level],
            expected["se"][level],
            expected["ci_normal_95"][level],
        )


def test_domain_means_of_two_variables(
    engine: str, convert: Callable[[pd.DataFrame, str], Any]
) -> None:
    # svyby(~ell + meals, ~stype, dclus1, svymean): keys "E:ell" ... "M:meals"
    expected = RESULTS["dclus1.svyby.ell_meals_by_stype.svymean"]
    out = _design("dclus1", engine, convert).mean(["ell", "meals"], by="stype")
    assert list(out.columns[:2]) == ["variable", "stype"]
    assert len(out) == 6
    for _, row in out.iterrows():
        key = f"{row['stype']}:{row['variable']}"
        _check_row(
            row, expected["estimate"][key], expected["se"][key], expected["ci_normal_95"][key]
        )


# -- a logical variable and svyciprop -------------------------------------------------------
def test_mean_of_a_logical(engine: str, convert: Callable[[pd.DataFrame, str], Any]) -> None:
    # svymean(~I(sch.wide == "Yes"), dstrat): both the FALSE and the TRUE share
    expected = RESULTS["dstrat.svymean.sch.wide_yes"]
    out = _design("dstrat", engine, convert).mean(["sch_wide_no", "sch_wide_yes"])
    out = out.set_index("variable")
    for column, level in (("sch_wide_no", "FALSE"), ("sch_wide_yes", "TRUE")):
        key = f'I(sch.wide == "Yes"){level}'
        _check_row(
            out.loc[column],
            expected["estimate"][key],
            expected["se"][key],
            expected["ci_normal_95"][key],
        )


CIPROP_CASES = [
    # (key, ci_method, relative tolerance)
    ("dstrat.svyciprop.logit.sch.wide_yes", "logit", REL_IRLS),
    ("dstrat.svyciprop.beta.sch.wide_yes", "beta", REL),
    ("dstrat.svyciprop.xlogit.sch.wide_yes", "xlogit", REL),
    ("dstrat_wr.svyciprop.logit.sch.wide_yes", "logit", REL_IRLS),
    ("dstrat_wr.svyciprop.beta.sch.wide_yes", "beta", REL),
]


@pytest.mark.parametrize(
    ("key", "method", "rel"), CIPROP_CASES, ids=[RESULTS[c[0]]["code"] for c in CIPROP_CASES]
)
def test_svyciprop(
    key: str,
    method: str,
    rel: float,
    engine: str,
    convert: Callable[[pd.DataFrame, str], Any],
) -> None:
    # attr(svyciprop(...), "ci"): t quantile with df = degf(design) = 197
    expected = RESULTS[key]
    out = _design(expected["design"], engine, convert).proportion(
        "sch_wide_yes",
        ci_method=method,  # type: ignore[arg-type]
    )
    row = out.iloc[0]
    assert row["df"] == expected["ci_df"] == 197
    _close(float(row["estimate"]), expected["estimate"], rel)
    _close(float(row["se"]), expected["se"], REL)
    _close(float(row["ci_low"]), expected["ci_95"]["lower"], rel)
    _close(float(row["ci_high"]), expected["ci_95"]["upper"], rel)


# -- lonely PSUs ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "policy",
    ["remove", "adjust", "average", "certainty"],
    ids=[
        f"{RESULTS[f'dlonely.{p}.svymean.api00']['options']}; svymean(~api00, dlonely)"
        for p in ["remove", "adjust", "average", "certainty"]
    ],
)
def test_lonely_psu_policies(
    policy: str, engine: str, convert: Callable[[pd.DataFrame, str], Any]
) -> None:
    expected = RESULTS[f"dlonely.{policy}.svymean.api00"]
    out = _design("dlonely", engine, convert, policy).mean("api00")
    _check_row(out.iloc[0], expected["estimate"], expected["se"], expected["ci_normal_95"])


# -- the same on a dask.distributed cluster --------------------------------------------------
def test_on_a_distributed_cluster(dask_cluster: Any) -> None:
    import dask.dataframe as dd

    clus1 = dd.from_pandas(_frame("api_clus1.csv"), npartitions=4)
    strat = dd.from_pandas(_frame("api_strat.csv"), npartitions=4)
    # svyby(~api00, ~stype, dclus1, svymean)
    expected = RESULTS["dclus1.svyby.api00_by_stype.svymean"]
    design = SurveyDesign(clus1, weights="pw", psu="dnum", fpc="fpc")
    out = design.mean("api00", by="stype").set_index("stype")
    for level in ("E", "H", "M"):
        _check_row(
            out.loc[level],
            expected["estimate"][level],
            expected["se"][level],
            expected["ci_normal_95"][level],
        )
    # svyciprop(~I(sch.wide == "Yes"), dstrat, method = "beta"); psu = None: row numbers
    expected = RESULTS["dstrat.svyciprop.beta.sch.wide_yes"]
    design = SurveyDesign(strat, weights="pw", strata="stype", fpc="fpc")
    row = design.proportion("sch_wide_yes", ci_method="beta").iloc[0]
    _close(float(row["estimate"]), expected["estimate"])
    _close(float(row["se"]), expected["se"])
    _close(float(row["ci_low"]), expected["ci_95"]["lower"])
    _close(float(row["ci_high"]), expected["ci_95"]["upper"])
