"""Property tests of contrasts, calibration and quantiles on random designs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError, ReplicateDesign, SurveyDesign
from dppapp_indikator.survey.calibration import calibration_g, raking_g
from dppapp_indikator.survey.quantile import QUANTILE_RULES, weighted_quantile


@st.composite
def samples(draw: st.DrawFn) -> pd.DataFrame:
    """A stratified cluster sample: 2-3 strata of 2-5 PSUs, two categorical margins."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    rows = []
    for stratum in range(draw(st.integers(2, 3))):
        for psu in range(draw(st.integers(2, 5))):
            for _ in range(int(rng.integers(2, 6))):
                rows.append((stratum, stratum * 10 + psu))
    frame = pd.DataFrame(rows, columns=["stratum", "psu"])
    n = len(frame)
    frame["w"] = rng.uniform(0.5, 20.0, n)
    frame["y"] = rng.normal(50.0, 10.0, n).round(3)
    frame["sex"] = np.where(np.arange(n) % 2 == 0, "L", "P")  # both levels always present
    frame["kota"] = np.array(["A", "B", "C"])[np.arange(n) % 3]
    frame["age"] = rng.uniform(15.0, 64.0, n)
    return frame


def _design(frame: pd.DataFrame) -> SurveyDesign:
    return SurveyDesign(frame, weights="w", strata="stratum", psu="psu")


@given(samples())
def test_contrast_of_an_estimate_with_itself_has_zero_variance(frame: pd.DataFrame) -> None:
    design = _design(frame)
    vcov = design.vcov("mean", "y", by="kota")
    # A - A through the covariance matrix: c' V c with c = (1, -1) on the same estimate twice
    c = np.array([1.0, -1.0])
    block = vcov.loc[["A", "A"], ["A", "A"]].to_numpy()
    assert abs(c @ block @ c) <= 1e-12 * max(1.0, float(block[0, 0]))
    zero = design.contrast("mean", "y", by="kota", function=lambda e: e["A"] - e["A"])
    assert zero["estimate"].iloc[0] == 0.0
    assert zero["se"].iloc[0] <= 1e-9


@given(samples())
def test_vcov_is_symmetric_positive_semidefinite_with_se_on_its_diagonal(
    frame: pd.DataFrame,
) -> None:
    design = _design(frame)
    vcov = design.vcov("mean", "y", by="kota").to_numpy()
    np.testing.assert_allclose(vcov, vcov.T, rtol=1e-12, atol=1e-15)
    assert np.linalg.eigvalsh(vcov).min() >= -1e-9 * max(1.0, np.abs(vcov).max())
    se = design.mean("y", by="kota")["se"].to_numpy()
    np.testing.assert_allclose(np.sqrt(np.diag(vcov)), se, rtol=1e-10)


@given(samples(), st.floats(0.5, 3.0), st.floats(0.5, 3.0))
def test_calibration_reproduces_the_population_totals(
    frame: pd.DataFrame, factor_l: float, factor_age: float
) -> None:
    design = _design(frame)
    n_l = float(frame.loc[frame["sex"] == "L", "w"].sum()) * factor_l
    n_p = float(frame.loc[frame["sex"] == "P", "w"].sum())
    mean_age = float((frame["w"] * frame["age"]).sum() / frame["w"].sum())
    totals = {"sex": {"L": n_l, "P": n_p}, "age": (n_l + n_p) * mean_age * (0.9 + 0.1 * factor_age)}
    for method in ("linear", "raking"):
        try:
            calibrated = design.calibrate(totals, method=method)
        except InvalidInputError:  # negative linear weights / no raking solution: refused
            continue
        by_sex = calibrated.total("y", by="sex")  # the design works; check the totals:
        assert len(by_sex) == 2
        w = calibrated.data[calibrated.weights]
        assert w[frame["sex"] == "L"].sum() == pytest.approx(n_l, rel=1e-6)
        assert w.sum() == pytest.approx(n_l + n_p, rel=1e-6)
        assert (w * frame["age"]).sum() == pytest.approx(totals["age"], rel=1e-6)


@given(samples(), st.lists(st.floats(0.5, 2.0), min_size=5, max_size=5))
def test_raking_matches_plain_ipf(frame: pd.DataFrame, tilt: list[float]) -> None:
    design = _design(frame)
    total = float(frame["w"].sum())
    sex = {"L": total * tilt[0] / (tilt[0] + tilt[1]), "P": total * tilt[1] / (tilt[0] + tilt[1])}
    s = sum(tilt[2:])
    kota = {k: total * t / s for k, t in zip("ABC", tilt[2:], strict=True)}
    raked = design.rake({"sex": sex, "kota": kota}, tolerance=1e-12, max_iter=500)
    # IPF written plainly, row by row
    w = frame["w"].to_numpy().copy()
    for _ in range(500):
        for column, target in (("sex", sex), ("kota", kota)):
            for level, value in target.items():
                rows = (frame[column] == level).to_numpy()
                w[rows] *= value / w[rows].sum()
    np.testing.assert_allclose(raked.data[raked.weights], w, rtol=1e-8)


@given(samples(), st.floats(0.05, 0.95))
@settings(max_examples=30)
def test_a_quantiles_interval_contains_it(frame: pd.DataFrame, q: float) -> None:
    # Under the default rule ("math") Q(F(q_hat)) = q_hat, so the Woodruff interval contains
    # the estimate. Interpolating rules (e.g. "hf7") can exclude it, in R as here: their
    # estimate lies between two data values while F(q_hat) is the share at the lower one.
    for design in (_design(frame), ReplicateDesign.from_design(_design(frame), "JKn")):
        result = design.quantile("y", q, by="kota")
        for row in result.itertuples():
            low = -np.inf if math.isnan(row.ci_low) else row.ci_low
            high = np.inf if math.isnan(row.ci_high) else row.ci_high
            assert low <= row.estimate <= high


@given(
    st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30),
    st.data(),
    st.sampled_from(QUANTILE_RULES),
)
def test_weighted_quantile_lies_within_the_data(
    values: list[float], data: st.DataObject, rule: str
) -> None:
    weights = data.draw(
        st.lists(st.floats(0.01, 100.0), min_size=len(values), max_size=len(values))
    )
    q = data.draw(st.floats(0.0, 1.0))
    result = weighted_quantile(values, weights, q, rule)  # type: ignore[arg-type]
    assert min(values) <= result <= max(values) or math.isnan(result)


@given(st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_calibration_g_hits_the_totals_or_refuses(p: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 2.0, (40, p))
    d = rng.uniform(1.0, 3.0, 40)
    totals = x.T @ d * rng.uniform(0.9, 1.1, p)
    for method, bounds in (("linear", None), ("raking", None), ("logit", (0.2, 5.0))):
        try:
            g = calibration_g(x, d, totals, method, bounds)  # type: ignore[arg-type]
        except InvalidInputError:
            continue
        np.testing.assert_allclose(x.T @ (g * d), totals, rtol=1e-6)
        if bounds is not None:
            assert (g >= bounds[0] - 1e-12).all() and (g <= bounds[1] + 1e-12).all()


def test_raking_of_cells_refuses_an_empty_level() -> None:
    with pytest.raises(InvalidInputError, match="no sampled weight"):
        raking_g([[0, 0]], [1.0, 1.0], [[1.0, 1.0]])
