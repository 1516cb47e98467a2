"""Property tests of the design-based survey estimator (SurveyDesign)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.design import SurveyDesign

from .strategies import survey_frames


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


# -- designs with fpc, zero weights, singleton and take-all strata, one-PSU domains ----------
def _hard_design(
    frame: pd.DataFrame, lonely: str, domain: bool = False, data: object = None
) -> SurveyDesign:
    use_fpc = frame.attrs["has_fpc"] or frame.attrs["n_certainty"]
    return SurveyDesign(
        frame if data is None else data,
        weights="w",
        strata="stratum",
        psu="psu",
        fpc="fpc" if use_fpc else None,
        lonely_psu=lonely,  # type: ignore[arg-type]
        lonely_psu_domain=domain,
    )


POLICIES = ["remove", "certainty", "adjust", "average"]


@given(survey_frames())
def test_fail_refuses_exactly_a_lonely_stratum_that_is_not_take_all(frame: pd.DataFrame) -> None:
    if frame.attrs["n_singleton"]:
        with pytest.raises(InvalidInputError, match="lonely_psu"):
            _hard_design(frame, "fail")
    else:  # a take-all stratum of one PSU is never lonely (R: zero variance first)
        design = _hard_design(frame, "fail")
        assert design.mean("y")["se"].iloc[0] >= 0


@given(survey_frames(), st.sampled_from(POLICIES), st.booleans())
def test_every_policy_gives_finite_ses(frame: pd.DataFrame, lonely: str, domain: bool) -> None:
    design = _hard_design(frame, lonely, domain)
    for out in (design.mean("y", by="region"), design.total("y"), design.ratio("y", "x")):
        # a domain whose rows all have zero weight has no estimate (NaN, as R)
        assert np.isfinite(out.loc[out["n"] > 0, "estimate"]).all()
        assert (out["se"].dropna() >= 0).all()
        # R gives NaN only under "average" when every stratum of a domain is left out
        assert lonely == "average" or out.loc[out["n"] > 0, "se"].notna().all()


@given(survey_frames())
def test_take_all_strata_add_no_variance(frame: pd.DataFrame) -> None:
    # A total is a sum over strata of independent stratum totals; a take-all stratum's is
    # known exactly. Under "remove" (no H-dependent rule), the variance of the total equals
    # that of the total with the take-all stratum's outcome set to 0.
    design = _hard_design(frame, "remove")
    zeroed = frame.assign(y=np.where(frame["stratum"] == 200, 0.0, frame["y"]))
    zeroed.attrs.update(frame.attrs)
    full = design.total("y").iloc[0]
    without = _hard_design(zeroed, "remove").total("y").iloc[0]
    assert full["se"] == pytest.approx(without["se"], rel=1e-9, abs=1e-9)


@given(survey_frames())
def test_zero_weight_rows_change_nothing_but_the_design(frame: pd.DataFrame) -> None:
    # Rows of zero weight (copies of existing rows with other outcomes) change no estimate
    extra = frame.sample(frac=0.5, random_state=1).assign(w=0.0, y=1e6, x=1e6)
    both = pd.concat([frame, extra], ignore_index=True)
    both.attrs.update(frame.attrs)
    for lonely in ("remove", "adjust"):
        base = _hard_design(frame, lonely).mean("y", by="region")
        more = _hard_design(both, lonely).mean("y", by="region")
        for column in ("estimate", "se", "df", "n", "n_psu"):
            np.testing.assert_allclose(more[column], base[column], rtol=1e-9, atol=1e-9)


@given(survey_frames(), st.sampled_from(["remove", "certainty"]))
def test_lonely_psu_domain_leaves_remove_and_certainty(frame: pd.DataFrame, lonely: str) -> None:
    # R's survey.adjust.domain.lonely only changes "adjust" and "average"
    plain = _hard_design(frame, lonely).total("y", by="small")
    flagged = _hard_design(frame, lonely, domain=True).total("y", by="small")
    pd.testing.assert_frame_equal(plain, flagged)


@given(survey_frames())
def test_a_one_psu_domain_under_domain_adjust(frame: pd.DataFrame) -> None:
    # The domain "small" is one PSU of stratum 0 (which has >= 2 PSUs). With
    # lonely_psu_domain, "adjust" centres that stratum at the grand mean c of the domain's
    # PSU totals: c = z / (PSUs of the strata present), and every PSU of the stratum
    # (its own total z, the others 0) deviates from c.
    design = _hard_design(frame, "adjust", domain=True)
    out = design.total("y", by="small").set_index("small").loc[1]
    inside = frame[frame["small"] == 1]
    z = float((inside["w"] * inside["y"]).sum())
    n_h = frame.loc[frame["stratum"] == 0, "psu"].nunique()
    fpc = float(frame.loc[frame["stratum"] == 0, "fpc"].iloc[0])
    use_fpc = frame.attrs["has_fpc"] or frame.attrs["n_certainty"]
    f = n_h / fpc if use_fpc else 0.0
    c = z / n_h
    expected = (1 - f) * n_h / (n_h - 1) * ((z - c) ** 2 + (n_h - 1) * c**2)
    assert out["se"] ** 2 == pytest.approx(expected, rel=1e-9)


@given(survey_frames(), st.sampled_from(POLICIES), st.sampled_from(["polars", "dask"]))
def test_engines_agree_on_hard_designs(frame: pd.DataFrame, lonely: str, engine: str) -> None:
    if engine == "polars":
        import polars as pl

        data: object = pl.from_pandas(frame)
    else:
        import dask.dataframe as dd

        data = dd.from_pandas(frame, npartitions=2)
    expected = _hard_design(frame, lonely, True).mean("y", by="region")
    obtained = _hard_design(frame, lonely, True, data).mean("y", by="region")
    for column in ("estimate", "se", "df", "n", "n_psu"):
        np.testing.assert_allclose(obtained[column], expected[column], rtol=1e-9, atol=1e-12)


@given(survey_frames())
def test_jkn_total_equals_taylor_remove_on_hard_designs(frame: pd.DataFrame) -> None:
    # JKn builds no replicate for a single-PSU or a take-all stratum: for a total (linear)
    # its variance is the Taylor variance that leaves such strata out ("remove")
    from dppapp_indikator.survey.replicate import ReplicateDesign

    taylor = _hard_design(frame, "remove")
    info = taylor.strata_info
    assume(bool(((info.n_psu >= 2) & (info.sampling_fraction < 1)).any()))  # a replicate
    jkn = ReplicateDesign.from_design(taylor, "JKn")
    expected = taylor.total("y", by="region")
    obtained = jkn.total("y", by="region")
    np.testing.assert_allclose(obtained["estimate"], expected["estimate"], rtol=1e-12)
    np.testing.assert_allclose(obtained["se"], expected["se"], rtol=1e-9, atol=1e-9)


@pytest.mark.filterwarnings("ignore:.*replicates with an undefined value:RuntimeWarning")
@given(survey_frames(binary=True), st.sampled_from(["logit", "xlogit", "wald", "wilson", "beta"]))
def test_replicate_proportion_intervals_hold_the_estimate(frame: pd.DataFrame, method: str) -> None:
    from dppapp_indikator.survey.replicate import ReplicateDesign

    taylor = _hard_design(frame, "remove")
    info = taylor.strata_info
    assume(bool(((info.n_psu >= 2) & (info.sampling_fraction < 1)).any()))
    jkn = ReplicateDesign.from_design(taylor, "JKn")
    out = jkn.proportion("y", by="region", ci_method=method)  # type: ignore[arg-type]
    for _, row in out.dropna(subset=["ci_low", "ci_high"]).iterrows():
        assert 0.0 <= row["ci_low"] <= row["estimate"] + 1e-12
        assert row["estimate"] - 1e-12 <= row["ci_high"] <= 1.0


@given(survey_frames())
def test_an_empty_domain_is_a_row_of_nan(frame: pd.DataFrame) -> None:
    from dppapp_indikator.survey.prevalence import survey_prevalence

    binary = frame.assign(y=(frame["y"] > 50).astype(int), age=20.0)
    binary.loc[binary["region"] == "c", "age"] = 90.0  # region c: nobody aged 15-64
    design = _hard_design(binary, "remove")
    out = survey_prevalence(design, "y", age="age", age_range=(15, 64), by="region")
    assert sorted(out["region"]) == sorted(frame["region"].unique())
    empty = out[out["region"] == "c"]
    assert (empty["n"] == 0).all()
    assert empty[["estimate", "se", "ci_low", "ci_high"]].isna().all().all()


def test_hypothesis_profile_is_derandomised_under_ci() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    conftest = Path(__file__).parents[1] / "conftest.py"
    code = (
        f"import runpy; runpy.run_path({str(conftest)!r}); from hypothesis import settings; "
        "print(settings.default.derandomize, settings.default.database)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    ci = subprocess.run(
        [sys.executable, "-c", code], env={**env, "CI": "true"}, capture_output=True, text=True
    )
    assert ci.stdout.split()[:2] == ["True", "None"], ci.stderr
    dev = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert dev.stdout.split()[0] == "False", dev.stderr
    assert "DirectoryBasedExampleDatabase" in dev.stdout
