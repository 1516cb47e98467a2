"""Post-stratification, raking and calibration against R survey 4.5 on the api data.

Expected numbers: ``tests/data/survey/issue12_reference.json`` (``issue12_reference.R``, R 4.2.2 +
survey 4.5). Population margins from R's ``apipop``:
``pop_stype`` (E/H/M = 4421/755/1018), ``pop_schwide`` (No/Yes = 1072/5122), ``pop_compimp``
(No/Yes = 1712/4482), ``sum(apipop$api99)`` = 3914069. The R calls, with d one of dclus1, dstrat,
rclus1 (JK1), rstrat (JKn):

    postStratify(d, ~stype, pop_stype); postStratify(d, ~sch.wide, pop_schwide)
    rake(d, list(~stype, ~sch.wide, ~comp.imp), list(...), control = list(maxit = 100,
         epsilon = 1e-12))
    calibrate(d, ~stype + api99, pop_totals)                      # linear
    calibrate(d, ~stype + api99, pop_totals, bounds = B, calfun = "linear")
    calibrate(d, ~stype + api99, pop_totals, calfun = "raking")
    calibrate(d, ~stype + api99, pop_totals, bounds = B, calfun = "logit")

with B = c(0.5, 2) on Taylor designs and c(0.45, 2.5) on replicate designs; then
``svymean(~api00)``, ``svytotal(~enroll)``, ``svyby(~api00, ~sch.wide, cd, svymean)`` and the
calibrated weights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from tests.survey._issue12_reference import POPULATION, RESULTS, api_frame, dummies
from tests.survey.test_contrast import make_design

from dppapp_indikator import CalibrationError, InvalidInputError, ReplicateDesign, SurveyDesign
from dppapp_indikator.survey.calibration import (
    calibration_g,
    greg_residuals,
    post_stratification_g,
    raking_g,
    raking_residuals,
)

TOTALS = {"stype": POPULATION["stype"], "api99": POPULATION["api99"]}
SPECS: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    "ps_stype": ("post_stratify", {"stype": POPULATION["stype"]}, {}),
    "ps_schwide": ("post_stratify", {"sch.wide": POPULATION["sch.wide"]}, {}),
    "rake3": (
        "rake",
        {k: POPULATION[k] for k in ("stype", "sch.wide", "comp.imp")},
        {"tolerance": 1e-12, "max_iter": 100},
    ),
    "cal_linear": ("calibrate", TOTALS, {}),
    "cal_linear_bounded": ("calibrate", TOTALS, {"bounds": True}),
    "cal_raking": ("calibrate", TOTALS, {"method": "raking"}),
    "cal_logit": ("calibrate", TOTALS, {"method": "logit", "bounds": True}),
}
# R stops Newton's iterations at a relative misfit below 1e-7 per total, in its own
# parametrisation (intercept, stypeH, stypeM, api99); so do we, in ours (one column per level):
# the two fixed points agree to that tolerance. Closed forms and IPF agree to 1e-9.
ITERATIVE = {"cal_linear_bounded", "cal_raking", "cal_logit"}


def calibrated(name: str, spec: str, data: Any = None) -> Any:
    kind, margins, options = SPECS[spec]
    options = dict(options)
    if options.get("bounds"):
        options["bounds"] = (0.45, 2.5) if name.startswith("r") else (0.5, 2.0)
    design = make_design(name, data)
    if kind == "post_stratify":
        ((column, totals),) = margins.items()
        return design.post_stratify(column, totals)
    if kind == "rake":
        return design.rake(margins, **options)
    return design.calibrate(margins, **options)


def check(result: Any, expected: dict[str, Any], rel: float) -> None:
    mean = result.mean("api00").iloc[0]
    total = result.total("enroll").iloc[0]
    assert mean["estimate"] == pytest.approx(expected["mean_api00"]["estimate"], rel=rel)
    assert mean["se"] == pytest.approx(expected["mean_api00"]["se"], rel=rel)
    assert total["estimate"] == pytest.approx(expected["total_enroll"]["estimate"], rel=rel)
    assert total["se"] == pytest.approx(expected["total_enroll"]["se"], rel=rel)
    by = result.mean("api00", by="sch.wide").set_index("sch.wide")
    for level, value in expected["by_schwide_api00"]["estimate"].items():
        assert by.loc[level, "estimate"] == pytest.approx(value, rel=rel)
        assert by.loc[level, "se"] == pytest.approx(
            expected["by_schwide_api00"]["se"][level], rel=rel
        )


@pytest.mark.parametrize("name", ["dclus1", "dstrat", "rclus1", "rstrat"])
@pytest.mark.parametrize("spec", sorted(SPECS))
def test_calibrated_estimates_match_r(name: str, spec: str) -> None:
    expected = RESULTS[f"{name}.{spec}"]
    result = calibrated(name, spec)
    assert type(result).__mro__[1] is (ReplicateDesign if name.startswith("r") else SurveyDesign)
    rel = 1e-6 if spec in ITERATIVE else 1e-9
    check(result, expected, rel)
    assert result.mean("api00").iloc[0]["n"] == len(expected["weights"])


@pytest.mark.parametrize("spec", ["ps_schwide", "rake3", "cal_logit"])
def test_calibration_on_every_engine(
    spec: str, engine: str, convert: Callable[[pd.DataFrame, str], Any]
) -> None:
    for name in ("dclus1", "rclus1"):
        result = calibrated(name, spec, convert(api_frame(name), engine))
        rel = 1e-6 if spec in ITERATIVE else 1e-9
        check(result, RESULTS[f"{name}.{spec}"], rel)


@pytest.mark.parametrize("name", ["dclus1", "dstrat"])
@pytest.mark.parametrize("spec", sorted(SPECS))
def test_calibrated_weights_match_r(name: str, spec: str) -> None:
    result = calibrated(name, spec)
    weights = result.data[result.weights].to_numpy()
    rel = 1e-6 if spec in ITERATIVE else 1e-9
    np.testing.assert_allclose(weights, RESULTS[f"{name}.{spec}"]["weights"], rtol=rel)


def test_g_weights_and_residuals_reproduce_r_on_arrays() -> None:
    # the array functions alone: g of calibrate(dstrat, ~stype + api99, pop_totals) and the SE
    # of svymean(~api00, .) from R's residuals (rows are PSUs; strata stype, fpc)
    frame = api_frame("dstrat")
    d = frame["pw"].to_numpy()
    x = np.column_stack([dummies(frame["stype"], ["E", "H", "M"]), frame["api99"].to_numpy()])
    totals = [*POPULATION["stype"].values(), POPULATION["api99"]]
    g = calibration_g(x, d, totals)
    np.testing.assert_allclose(g * d, RESULTS["dstrat.cal_linear"]["weights"], rtol=1e-9)
    np.testing.assert_allclose(x.T @ (g * d), totals, rtol=1e-12)
    w = g * d
    y = frame["api00"].to_numpy()
    mean = (w * y).sum() / w.sum()
    z = greg_residuals(w * (y - mean) / w.sum(), x, d, g)
    assert z.shape == y.shape
    from dppapp_indikator.survey._variance import build_strata, psu_variance

    strata = build_strata(frame["stype"].to_numpy(), fpc=frame["fpc"].to_numpy())
    se = float(np.sqrt(psu_variance(z, strata)[0]))
    assert se == pytest.approx(RESULTS["dstrat.cal_linear"]["mean_api00"]["se"], rel=1e-9)


def test_post_stratification_and_raking_on_cells() -> None:
    g = post_stratification_g([0, 0, 1], [1.0, 3.0, 2.0], [8.0, 6.0])
    np.testing.assert_allclose(g, [2.0, 2.0, 3.0])
    fit = raking_g(
        [[0, 0, 1, 1], [0, 1, 0, 1]],
        [1.0, 2.0, 3.0, 4.0],
        [[5.0, 5.0], [4.0, 6.0]],
        tolerance=1e-13,
    )
    w = fit.factor * np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose([w[:2].sum(), w[2:].sum()], [5.0, 5.0])
    np.testing.assert_allclose([w[[0, 2]].sum(), w[[1, 3]].sum()], [4.0, 6.0])
    # one margin: one sweep, the residual is the deviation from the level mean
    z = raking_residuals(np.array([1.0, 3.0, 2.0, 2.0]), [[0, 0, 1, 1]], [np.ones(4)])
    np.testing.assert_allclose(z, [-1.0, 1.0, 0.0, 0.0])


def test_infeasible_bounds_are_refused_naming_the_total() -> None:
    # R: calibrate(dclus1, ~stype + api99, pop_totals, bounds = c(0.8, 1.2)) -> "Calibration failed"
    assert RESULTS["dclus1.cal_linear_infeasible"]["error"] == "Calibration failed"
    design = make_design("dclus1")
    with pytest.raises(CalibrationError, match="stays off its target") as error:
        design.calibrate(TOTALS, bounds=(0.8, 1.2))
    assert "stype" in str(error.value) or "api99" in str(error.value)


def test_margin_errors_name_margin_and_level() -> None:
    design = make_design("dclus1")
    with pytest.raises(InvalidInputError, match=r"margin 'stype' has no total for level 'M'"):
        design.post_stratify("stype", {"E": 4421, "H": 755})
    with pytest.raises(InvalidInputError, match=r"level 'X' has no sampled row"):
        design.post_stratify("stype", {"E": 4421, "H": 755, "M": 1000, "X": 18})
    with pytest.raises(InvalidInputError, match="finite total > 0"):
        design.post_stratify("stype", {"E": 4421, "H": 0, "M": 1018})
    with pytest.raises(InvalidInputError, match="same population size"):
        design.rake({"stype": POPULATION["stype"], "sch.wide": {"No": 1, "Yes": 2}})
    with pytest.raises(InvalidInputError, match="bounds"):
        design.calibrate(TOTALS, method="logit")
    with pytest.raises(InvalidInputError, match="already calibrated"):
        design.post_stratify("stype", POPULATION["stype"]).rake({"stype": POPULATION["stype"]})


def test_raking_reports_non_convergence() -> None:
    design = make_design("dclus1")
    margins = {k: POPULATION[k] for k in ("stype", "sch.wide", "comp.imp")}
    with pytest.raises(CalibrationError, match=r"did not converge in 2 sweeps.*margin|off its"):
        design.rake(margins, tolerance=1e-14, max_iter=2)


def test_post_stratify_accepts_a_dataframe() -> None:
    design = make_design("dclus1")
    table = pd.DataFrame({"stype": ["E", "H", "M"], "Freq": [4421, 755, 1018]})
    a = design.post_stratify("stype", table).mean("api00")
    b = design.post_stratify("stype", POPULATION["stype"]).mean("api00")
    pd.testing.assert_frame_equal(a, b)
    assert a["se"].iloc[0] == pytest.approx(
        RESULTS["dclus1.ps_stype"]["mean_api00"]["se"], rel=1e-9
    )


def test_shipped_replicate_columns_are_recalibrated_too(
    engine: str, convert: Callable[[pd.DataFrame, str], Any]
) -> None:
    # the JK1 weights of rclus1 written as columns, then ReplicateDesign.from_columns: the same
    # R numbers as the design-built replicates (postStratify / rake on rclus1)
    built = make_design("rclus1")
    data = convert(built.replicate_weights("repw"), engine)
    shipped = ReplicateDesign.from_columns(data, "pw", "repw", type="JK1", scale=built.scale)
    result = shipped.post_stratify("stype", POPULATION["stype"])
    check(result, RESULTS["rclus1.ps_stype"], 1e-9)
    margins = {k: POPULATION[k] for k in ("stype", "sch.wide", "comp.imp")}
    check(shipped.rake(margins, tolerance=1e-12, max_iter=100), RESULTS["rclus1.rake3"], 1e-9)
    with pytest.raises(InvalidInputError, match="not materialised"):
        result.replicate_weights("x")


@pytest.mark.parametrize("name", ["dclus1", "rclus1"])
def test_quantiles_and_covariance_of_a_calibrated_design_match_r(name: str) -> None:
    # cd <- postStratify(d, ~stype, pop_stype);
    # svyquantile(~api00, cd, c(0.25, 0.5), qrule = "math", interval.type = "mean") and
    # vcov(svyby(~api00, ~sch.wide, cd, svymean, covmat = TRUE))
    design = make_design(name).post_stratify("stype", POPULATION["stype"])
    expected = RESULTS[f"{name}.ps_stype.quantile.api00.math"]
    result = design.quantile("api00", expected["probs"])
    for column, key in (("estimate", "quantile"), ("se", "se"), ("ci_low", "ci_low")):
        np.testing.assert_allclose(result[column], expected[key], rtol=1e-9)
    np.testing.assert_allclose(result["ci_high"], expected["ci_high"], rtol=1e-9)
    vcov = design.vcov("mean", "api00", by="sch.wide")
    for row, values in RESULTS[f"{name}.ps_stype.by_schwide.vcov"]["vcov"].items():
        for column, value in values.items():
            assert vcov.loc[row, column] == pytest.approx(value, rel=1e-9)
