"""The estimator layer: estimators as functions of totals, the two variance engines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dppapp_indikator.survey._layer import (
    Estimate,
    ReplicateVariance,
    Request,
    logit_estimator,
    ratio_estimator,
    sparse_deviation,
    total_estimator,
)
from dppapp_indikator.survey.design import SurveyDesign
from dppapp_indikator.survey.replicate import ReplicateDesign


def _frame(seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    stratum = np.repeat(np.arange(8), 30)
    psu = stratum * 10 + rng.integers(0, 5, stratum.size)
    return pd.DataFrame(
        {
            "stratum": stratum,
            "psu": psu,
            "w": rng.uniform(1.0, 5.0, stratum.size),
            "y": rng.normal(10.0, 3.0, stratum.size),
            "b": rng.integers(0, 2, stratum.size),
            "region": rng.choice(["a", "b", "c"], stratum.size),
        }
    )


def _numeric_gradient(
    function: object, y: np.ndarray, x: np.ndarray, step: float = 1e-6
) -> tuple[np.ndarray, np.ndarray]:
    f = function  # type: ignore[assignment]
    d_y = (f(y + step, x).value - f(y - step, x).value) / (2 * step)  # type: ignore[operator]
    d_x = (f(y, x + step).value - f(y, x - step).value) / (2 * step)  # type: ignore[operator]
    return d_y, d_x


@pytest.mark.parametrize("estimator", [total_estimator, ratio_estimator, logit_estimator])
def test_derivatives_are_the_numerical_gradient(estimator: object) -> None:
    y = np.array([[3.0, 5.0, 2.0]])
    x = np.array([10.0, 8.0, 4.0])
    estimate = estimator(y, x)  # type: ignore[operator]
    d_y, d_x = _numeric_gradient(estimator, y, x)
    np.testing.assert_allclose(estimate.d_y, d_y, rtol=1e-6)
    np.testing.assert_allclose(estimate.d_x, d_x, rtol=1e-6, atol=1e-9)


def test_undefined_estimates() -> None:
    ratio = ratio_estimator(np.array([[1.0, 0.0]]), np.array([0.0, 2.0]))
    assert ratio.defined.tolist() == [[False, True]]
    assert np.isnan(ratio.value[0, 0])
    logit = logit_estimator(np.array([[0.0, 2.0, 1.0]]), np.array([2.0, 2.0, 2.0]))
    assert logit.defined.tolist() == [[False, False, True]]  # p = 0, 1, 0.5


def test_sparse_and_dense_replicate_totals_agree() -> None:
    design = SurveyDesign(_frame(), weights="w", strata="stratum", psu="psu")
    jkn = ReplicateDesign.from_design(design, "JKn")
    factors = jkn.factors
    assert factors is not None
    sums = design._reduce(Request("mean", ("y",), None, ("region",), "raise", None))
    deviation = sparse_deviation(factors)
    assert deviation is not False  # a jackknife: only the replicate's stratum differs from 1
    dense = ReplicateVariance(factors, jkn.scale, jkn.rscales, False).replicate_totals(sums)
    sparse = ReplicateVariance(
        factors, jkn.scale, jkn.rscales, False, deviation=deviation
    ).replicate_totals(sums)
    # the direct sum over PSUs, without any product
    assert sums.psu_y is not None
    direct = np.einsum("pr,pd->rd", factors, sums.psu_y[0])
    for got in (dense, sparse):
        np.testing.assert_allclose(got[0][:, 0, :], direct, rtol=1e-12)
    boot = ReplicateDesign.from_design(design, "bootstrap", replicates=20, seed=1).factors
    assert boot is not None and sparse_deviation(boot) is False  # dense: most factors != 1


@pytest.mark.parametrize("kind", ["taylor", "JKn", "bootstrap"])
def test_covariance_diagonal_is_the_variance(kind: str) -> None:
    design = SurveyDesign(_frame(), weights="w", strata="stratum", psu="psu")
    target: SurveyDesign | ReplicateDesign = design
    if kind == "JKn":
        target = ReplicateDesign.from_design(design, "JKn")
    elif kind == "bootstrap":
        target = ReplicateDesign.from_design(design, "bootstrap", replicates=30, seed=2)
    sums = target._reduce(Request("mean", ("y",), None, ("region",), "raise", None))
    engine = target._variance_engine()
    values, cov = engine.covariance(ratio_estimator, sums)
    variance = engine.variance(ratio_estimator, sums)
    np.testing.assert_allclose(values, variance.value.reshape(-1), rtol=1e-12)
    np.testing.assert_allclose(np.diag(cov), variance.variance.reshape(-1), rtol=1e-9)
    np.testing.assert_allclose(cov, cov.T, rtol=1e-12, atol=1e-15)
    # the covariance of a sum of domain totals is the variance of the total
    totals = target._reduce(Request("total", ("y",), None, ("region",), "raise", None))
    whole = target._reduce(Request("total", ("y",), None, (), "raise", None))
    _, cov_t = engine.covariance(total_estimator, totals)
    variance_whole = engine.variance(total_estimator, whole).variance[0, 0]
    assert cov_t.sum() == pytest.approx(variance_whole, rel=1e-9)


def test_a_new_estimator_is_one_function_for_both_engines() -> None:
    # twice the mean, written as a function of the totals: its SE is twice the mean's
    def twice_the_mean(y: np.ndarray, x: np.ndarray) -> Estimate:
        inner = ratio_estimator(y, x)
        return Estimate(2.0 * inner.value, inner.defined, 2.0 * inner.scale, inner.x_coefficient)

    design = SurveyDesign(_frame(), weights="w", strata="stratum", psu="psu")
    for target in (design, ReplicateDesign.from_design(design, "JKn")):
        sums = target._reduce(Request("mean", ("y",), None, ("region",), "raise", None))
        engine = target._variance_engine()
        mean = engine.variance(ratio_estimator, sums)
        twice = engine.variance(twice_the_mean, sums)
        np.testing.assert_allclose(twice.value, 2 * mean.value, rtol=1e-12)
        np.testing.assert_allclose(twice.variance, 4 * mean.variance, rtol=1e-9)


def test_lonely_psu_domain_argument() -> None:
    from dppapp_indikator import InvalidInputError

    frame = _frame()
    with pytest.raises(InvalidInputError, match="lonely_psu_domain"):
        SurveyDesign(frame, weights="w", strata="stratum", psu="psu", lonely_psu_domain="yes")  # type: ignore[arg-type]
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu", lonely_psu_domain=True)
    assert design.lonely_psu_domain is True
    assert repr(design).endswith("lonely_psu='fail', lonely_psu_domain=True)")


def test_a_replicate_design_pickles_after_an_estimate() -> None:
    import pickle

    design = SurveyDesign(_frame(), weights="w", strata="stratum", psu="psu")
    jkn = ReplicateDesign.from_design(design, "JKn")
    before = jkn.mean("y", by="region")  # caches the sparse factor deviation
    again = pickle.loads(pickle.dumps(jkn))
    pd.testing.assert_frame_equal(again.mean("y", by="region"), before)
