"""Property tests of the replicate-weight designs (ReplicateDesign)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.design import SurveyDesign
from dppapp_indikator.survey.replicate import ReplicateDesign, _jackknife_rank, _rank_of_gram

#: Methods whose replicate scales are all equal (mse=True >= mse=False holds for them).
EQUAL_RSCALES = ["JK1", "bootstrap", "subbootstrap", "BRR", "Fay"]


@st.composite
def samples(draw: st.DrawFn, pairs: bool = False) -> pd.DataFrame:
    """A stratified cluster sample: 1-3 strata of 2-5 PSUs (exactly 2 with ``pairs``)."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    rows = []
    for stratum in range(draw(st.integers(1, 3))):
        n_psu = 2 if pairs else draw(st.integers(2, 5))
        for psu in range(n_psu):
            for _ in range(int(rng.integers(1, 5))):
                rows.append((stratum, stratum * 10 + psu))
    frame = pd.DataFrame(rows, columns=["stratum", "psu"])
    n = len(frame)
    frame["w"] = rng.uniform(0.5, 20.0, n)
    frame["y"] = rng.normal(0.0, 100.0, n).round(3)
    frame["x"] = rng.uniform(1.0, 5.0, n)
    frame["region"] = rng.choice(["a", "b"], n)
    return frame


def _replicate(frame: pd.DataFrame, method: str, mse: bool = False) -> ReplicateDesign:
    strata = None if method == "JK1" else "stratum"
    design = SurveyDesign(frame, weights="w", strata=strata, psu="psu")
    seed = 17 if method in ("bootstrap", "subbootstrap") else None
    rho = 0.5 if method == "Fay" else None
    return ReplicateDesign.from_design(
        design,
        method,  # type: ignore[arg-type]
        seed=seed,
        rho=rho,
        mse=mse,
    )


methods = st.sampled_from(["JK1", "JKn", "bootstrap", "subbootstrap", "BRR", "Fay"])

#: A domain (region) can be missing from a replicate (a jackknife deleting its only PSU): the
#: replicate is dropped with a RuntimeWarning, as R's svrVar; expected in these properties.
dropped_replicates = pytest.mark.filterwarnings("ignore:.*replicates were dropped:RuntimeWarning")


@dropped_replicates
@given(samples(pairs=True), methods, st.floats(min_value=1e-3, max_value=1e4))
def test_scaling_the_weights_leaves_means_and_ses_unchanged(
    frame: pd.DataFrame, method: str, factor: float
) -> None:
    base = _replicate(frame, method).mean("y", by="region")
    scaled = _replicate(frame.assign(w=frame.w * factor), method).mean("y", by="region")
    np.testing.assert_allclose(scaled["estimate"], base["estimate"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(scaled["se"], base["se"], rtol=1e-7, atol=1e-9)


@given(samples(), st.floats(min_value=1e-3, max_value=1e4))
def test_scaling_shipped_weights_leaves_means_and_ses_unchanged(
    frame: pd.DataFrame, factor: float
) -> None:
    built = _replicate(frame, "JKn")
    shipped = built.replicate_weights("rw_")
    names = [f"rw_{i}" for i in range(1, built.n_replicates + 1)]
    scaled = shipped.assign(w=shipped.w * factor)
    scaled[names] = scaled[names] * factor
    kwargs = {"type": "JKn", "scale": built.scale, "rscales": built.rscales}
    base = ReplicateDesign.from_columns(shipped, "w", "rw_", **kwargs).ratio("y", "x")  # type: ignore[arg-type]
    other = ReplicateDesign.from_columns(scaled, "w", "rw_", **kwargs).ratio("y", "x")  # type: ignore[arg-type]
    np.testing.assert_allclose(other["estimate"], base["estimate"], rtol=1e-9)
    np.testing.assert_allclose(other["se"], base["se"], rtol=1e-7, atol=1e-12)
    assert other["df"].tolist() == base["df"].tolist()


@dropped_replicates
@given(samples(pairs=True), methods, st.floats(min_value=-1e6, max_value=1e6))
def test_the_se_of_a_constant_is_zero(frame: pd.DataFrame, method: str, value: float) -> None:
    out = _replicate(frame.assign(c=value), method).mean("c", by="region")
    np.testing.assert_allclose(out["estimate"], value, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(out["se"], 0.0, atol=1e-9 * max(1.0, abs(value)))


@dropped_replicates
@given(samples(pairs=True), st.sampled_from(EQUAL_RSCALES))
def test_mse_se_is_at_least_the_centred_se(frame: pd.DataFrame, method: str) -> None:
    # sum (t_r - t)^2 = sum (t_r - tbar)^2 + R (tbar - t)^2 when all rscales are equal
    # (JKn has unequal rscales (n_h - 1)/n_h: its centred sum is not the minimum there)
    centred = _replicate(frame, method).mean("y", by="region")
    around = _replicate(frame, method, mse=True).mean("y", by="region")
    assert (around["se"].to_numpy() >= centred["se"].to_numpy() * (1 - 1e-12) - 1e-12).all()
    ratio_centred = _replicate(frame, method).ratio("y", "x")
    ratio_around = _replicate(frame, method, mse=True).ratio("y", "x")
    assert float(ratio_around["se"].iloc[0]) >= float(ratio_centred["se"].iloc[0]) * (1 - 1e-12)


@given(samples(), st.booleans(), st.booleans())
def test_jackknife_total_equals_taylor(frame: pd.DataFrame, with_fpc: bool, mse: bool) -> None:
    # the exact identity (docs/replicate.md): JKn with rscales (1 - f_h)(n_h - 1)/n_h
    fpc = "N" if with_fpc else None
    data = frame.assign(N=frame.groupby("stratum")["psu"].transform("nunique") * 3)
    design = SurveyDesign(data, weights="w", strata="stratum", psu="psu", fpc=fpc)
    replicate = ReplicateDesign.from_design(design, "JKn", mse=mse)
    taylor = design.total("y", by="region")
    out = replicate.total("y", by="region")
    np.testing.assert_allclose(out["estimate"], taylor["estimate"], rtol=1e-12)
    np.testing.assert_allclose(out["se"], taylor["se"], rtol=1e-8, atol=1e-6)


@given(samples(pairs=True), st.sampled_from(["BRR", "Fay"]))
def test_brr_total_equals_taylor(frame: pd.DataFrame, method: str) -> None:
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
    out = _replicate(frame, method).total("y", by="region")
    taylor = design.total("y", by="region")
    np.testing.assert_allclose(out["se"], taylor["se"], rtol=1e-8, atol=1e-6)


@given(samples(), st.integers(0, 2**32 - 1))
def test_structural_jackknife_rank(frame: pd.DataFrame, seed: int) -> None:
    rng = np.random.default_rng(seed)
    zeroed = frame.assign(w=np.where(rng.random(len(frame)) < 0.4, 0.0, frame["w"]))
    design = SurveyDesign(zeroed, weights="w", strata="stratum", psu="psu")
    replicate = ReplicateDesign.from_design(design, "JKn")
    factors = replicate.factors
    assert factors is not None
    codes = pd.factorize(zeroed["psu"], sort=True)[0]
    square = np.bincount(codes, weights=zeroed["w"].to_numpy() ** 2)
    analysis = factors * np.sqrt(square)[:, None]
    numeric = int(np.linalg.matrix_rank(analysis)) if analysis.any() else 0
    assert _jackknife_rank(design.strata_info, square > 0) == numeric
    assert _rank_of_gram(analysis.T @ analysis) == numeric


@given(
    samples(pairs=True),
    st.one_of(
        st.floats(max_value=0.0, allow_nan=False),
        st.floats(min_value=1.0, allow_nan=False),
        st.just(float("nan")),
    ),
)
def test_fay_rho_outside_the_open_unit_interval_raises(frame: pd.DataFrame, rho: float) -> None:
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
    with pytest.raises(InvalidInputError, match="`rho`"):
        ReplicateDesign.from_design(design, "Fay", rho=rho)


@given(samples(), st.floats(min_value=-1e3, max_value=-1e-6))
def test_negative_replicate_weights_raise(frame: pd.DataFrame, bad: float) -> None:
    shipped = _replicate(frame, "JKn").replicate_weights("rw_")
    shipped.loc[shipped.index[0], "rw_1"] = bad
    with pytest.raises(InvalidInputError, match="`replicate_weights` must be >= 0"):
        ReplicateDesign.from_columns(shipped, "w", "rw_", type="JKn", scale=1.0, rscales=1.0)
