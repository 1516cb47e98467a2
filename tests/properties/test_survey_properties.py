"""Property tests of the design-based survey estimator (SurveyDesign)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.design import SurveyDesign


@st.composite
def samples(draw: st.DrawFn, binary: bool = False) -> pd.DataFrame:
    """A stratified cluster sample: 1-3 strata, 2-5 PSUs each, 1-4 rows per PSU."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    rows = []
    for stratum in range(draw(st.integers(1, 3))):
        for psu in range(draw(st.integers(2, 5))):
            for _ in range(int(rng.integers(1, 5))):
                rows.append((stratum, psu, stratum * 10 + psu))
    frame = pd.DataFrame(rows, columns=["stratum", "psu_in_stratum", "psu"])
    n = len(frame)
    frame["w"] = rng.uniform(0.5, 20.0, n)
    frame["y"] = rng.integers(0, 2, n) if binary else rng.normal(0.0, 100.0, n).round(3)
    frame["region"] = rng.choice(["a", "b", "c"], n)
    return frame


def _design(frame: pd.DataFrame, weights: str = "w") -> SurveyDesign:
    return SurveyDesign(frame, weights=weights, strata="stratum", psu="psu")


@given(samples(), st.floats(min_value=1e-3, max_value=1e4))
def test_scaling_the_weights_leaves_means_and_ses_unchanged(
    frame: pd.DataFrame, factor: float
) -> None:
    base = _design(frame).mean("y", by="region")
    scaled = _design(frame.assign(w=frame.w * factor)).mean("y", by="region")
    np.testing.assert_allclose(scaled["estimate"], base["estimate"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(scaled["se"], base["se"], rtol=1e-7, atol=1e-9)
    assert scaled["df"].tolist() == base["df"].tolist()


@given(samples())
def test_duplicating_every_psu(frame: pd.DataFrame) -> None:
    # one stratum of n PSUs, each PSU copied as a new PSU: the mean is unchanged and, with
    # z'_i = z_i / 2 over 2n PSUs, V' = 2n/(2n-1) * 2 * sum((z_i - zbar)/2)^2
    #                                 = (n - 1)/(2n - 1) * V   (n/(n-1) factor, no fpc)
    single = frame.assign(stratum=0)
    n = single.psu.nunique()
    copy = single.assign(psu=single.psu + 1000)
    doubled = pd.concat([single, copy], ignore_index=True)
    base = _design(single).mean("y").iloc[0]
    twice = _design(doubled).mean("y").iloc[0]
    assert twice["estimate"] == pytest.approx(base["estimate"], rel=1e-9, abs=1e-9)
    assert twice["se"] ** 2 == pytest.approx(
        base["se"] ** 2 * (n - 1) / (2 * n - 1), rel=1e-9, abs=1e-12
    )
    assert twice["n_psu"] == 2 * n


@given(samples())
def test_the_mean_lies_within_the_data(frame: pd.DataFrame) -> None:
    out = _design(frame).mean("y", by="region")
    for _, row in out.iterrows():
        values = frame.loc[frame.region == row["region"], "y"]
        assert values.min() - 1e-9 <= row["estimate"] <= values.max() + 1e-9


@given(samples())
def test_domain_totals_add_up(frame: pd.DataFrame) -> None:
    design = _design(frame)
    domains = design.total("y", by="region")
    assert domains["estimate"].sum() == pytest.approx(
        design.total("y")["estimate"].iloc[0], rel=1e-9, abs=1e-6
    )
    assert domains["n"].sum() == len(frame)


@given(samples(binary=True), st.sampled_from(["logit", "wald", "wilson", "beta"]))
def test_proportion_is_a_share_inside_its_interval(frame: pd.DataFrame, method: str) -> None:
    out = _design(frame).proportion("y", by="region", ci_method=method)  # type: ignore[arg-type]
    for _, row in out.iterrows():
        assert 0.0 <= row["estimate"] <= 1.0
        if not math.isnan(row["ci_low"]):  # NaN only when the domain has no df
            assert 0.0 <= row["ci_low"] <= row["estimate"] + 1e-12
            assert row["estimate"] - 1e-12 <= row["ci_high"] <= 1.0


@given(samples())
def test_one_domain_equals_no_domain(frame: pd.DataFrame) -> None:
    design = _design(frame.assign(everyone="semua"))
    for method in ("mean", "total"):
        whole = getattr(design, method)("y")
        single = getattr(design, method)("y", by="everyone").drop(columns="everyone")
        pd.testing.assert_frame_equal(whole, single, rtol=1e-12)


@given(samples(), st.sampled_from(["polars", "polars-lazy"]))
def test_polars_agrees_with_pandas(frame: pd.DataFrame, engine: str) -> None:
    import polars as pl

    data = pl.from_pandas(frame)
    polars_design = SurveyDesign(
        data.lazy() if engine == "polars-lazy" else data, weights="w", strata="stratum", psu="psu"
    )
    expected = _design(frame).ratio("y", "w", by="region")
    obtained = polars_design.ratio("y", "w", by="region")
    for column in ("estimate", "se", "ci_low", "ci_high", "df"):
        np.testing.assert_allclose(obtained[column], expected[column], rtol=1e-9, atol=1e-12)
    # the design effect's SRS variance is a one-pass sum of squares (sum w y^2 - ...), which
    # loses digits to cancellation when the outcome's mean is small beside its spread
    np.testing.assert_allclose(obtained["deff"], expected["deff"], rtol=1e-7, atol=1e-12)


@given(samples(), st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False))
def test_negative_weights_raise(frame: pd.DataFrame, bad: float) -> None:
    frame.loc[frame.index[-1], "w"] = bad
    with pytest.raises(InvalidInputError, match="`weights` must be >= 0"):
        _design(frame)
