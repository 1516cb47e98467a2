"""SurveyDesign: bad input, domains and missing values as zero weights, CIs, deff, engines.

The R reference numbers are in test_design_reference.py. Here every expected value comes from
an independent computation (plain numpy/scipy on the data, a hand formula, or the same design
rebuilt with explicit zero weights), named next to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.design import SurveyDesign

DATA = Path(__file__).resolve().parents[1] / "data" / "survey"
Convert = Callable[[pd.DataFrame, str], Any]
COLUMNS = ["estimate", "se", "ci_low", "ci_high", "df", "deff", "n", "n_psu"]


def _clus1() -> pd.DataFrame:
    return pd.read_csv(DATA / "api_clus1.csv")


def _strat() -> pd.DataFrame:
    return pd.read_csv(DATA / "api_strat.csv")


def _survey(seed: int = 7, rows: int = 600) -> pd.DataFrame:
    """A synthetic stratified cluster sample with a region, a 0/1 outcome and some NaN."""
    rng = np.random.default_rng(seed)
    stratum = rng.integers(0, 4, rows)
    frame = pd.DataFrame(
        {
            "stratum": stratum,
            "psu": stratum * 100 + rng.integers(0, 6, rows),
            "w": rng.uniform(0.5, 4.0, rows),
            "region": rng.choice(["Jakarta Barat", "Jakarta Timur", "Kepulauan Seribu"], rows),
            "age": rng.integers(10, 70, rows).astype(float),
            "y": rng.normal(50.0, 10.0, rows),
            "x": rng.uniform(1.0, 3.0, rows),
            "hit": rng.integers(0, 2, rows),
        }
    )
    frame.loc[[3, 40, 41, 300], "y"] = np.nan
    return frame


def _assert_same(a: pd.DataFrame, b: pd.DataFrame, rtol: float = 1e-12) -> None:
    """Two result tables agree (numbers to ``rtol``, counts exactly)."""
    assert list(a.columns) == list(b.columns)
    for column in a.columns:
        if column in ("n", "n_psu"):
            np.testing.assert_array_equal(a[column].to_numpy(), b[column].to_numpy())
        elif a[column].dtype.kind == "f":
            np.testing.assert_allclose(a[column].to_numpy(), b[column].to_numpy(), rtol=rtol)
        else:
            assert a[column].tolist() == b[column].tolist()


# -- construction: bad input -----------------------------------------------------------------------
def test_negative_and_missing_weights_name_value_and_position() -> None:
    frame = _clus1()
    frame.loc[7, "pw"] = -1.5
    with pytest.raises(InvalidInputError, match=r"`weights` must be >= 0.*got -1.5 at position 7"):
        SurveyDesign(frame, weights="pw", psu="dnum")
    frame = _clus1()
    frame.loc[11, "pw"] = np.nan
    with pytest.raises(InvalidInputError, match=r"`weights` must be >= 0 and not missing.*nan at"):
        SurveyDesign(frame, weights="pw", psu="dnum")


@pytest.mark.parametrize("engine_name", ["polars", "polars-lazy", "dask"])
def test_bad_weights_on_lazy_engines_are_counted(engine_name: str, convert: Convert) -> None:
    frame = _clus1()
    frame.loc[[1, 2], "pw"] = -3.0
    frame.loc[5, "pw"] = np.nan
    with pytest.raises(InvalidInputError, match="2 negative and 1 missing values"):
        SurveyDesign(convert(frame, engine_name), weights="pw", psu="dnum")


@pytest.mark.parametrize(
    ("keywords", "parameter", "column"),
    [
        ({"weights": "weight"}, "weights", "weight"),
        ({"weights": "pw", "strata": "region"}, "strata", "region"),
        ({"weights": "pw", "psu": "cluster"}, "psu", "cluster"),
        ({"weights": "pw", "fpc": "N"}, "fpc", "N"),
    ],
)
def test_unknown_design_columns(
    keywords: dict[str, str], parameter: str, column: str, engine: str, convert: Convert
) -> None:
    with pytest.raises(InvalidInputError, match=f"`{parameter}` has no column '{column}'"):
        SurveyDesign(convert(_clus1(), engine), **keywords)  # type: ignore[arg-type]


def test_unknown_estimate_columns(engine: str, convert: Convert) -> None:
    design = SurveyDesign(convert(_clus1(), engine), weights="pw", psu="dnum")
    with pytest.raises(InvalidInputError, match="`y` has no column 'api01'"):
        design.mean("api01")
    with pytest.raises(InvalidInputError, match="`y` has no column 'students'"):
        design.ratio("api.stu", "students")
    with pytest.raises(InvalidInputError, match="`by` has no column 'region'"):
        design.total("api00", by="region")


def test_lonely_psu_fail_names_the_stratum(engine: str, convert: Convert) -> None:
    # dlonely <- svydesign(id = ~1, weights = ~pw, strata = ~dnum, data = apiclus1):
    # district 413 has a single school (R: "Stratum 413 has only one sampling unit.")
    data = convert(_clus1(), engine)
    with pytest.raises(InvalidInputError, match=r"strata 413 have a single PSU.*'remove'"):
        SurveyDesign(data, weights="pw", strata="dnum")
    SurveyDesign(data, weights="pw", strata="dnum", lonely_psu="adjust")  # a remedy works


def test_fpc_varying_within_a_stratum(engine: str, convert: Convert) -> None:
    frame = _strat()
    frame.loc[frame.index[frame.stype == "H"][3], "fpc"] = 756.0
    with pytest.raises(InvalidInputError, match=r"`fpc` must be constant within a stratum.*'H'"):
        SurveyDesign(convert(frame, engine), weights="pw", strata="stype", fpc="fpc")


def test_fpc_checks() -> None:
    frame = _strat()
    frame.loc[0, "fpc"] = np.nan
    with pytest.raises(InvalidInputError, match="`fpc` must not be missing"):
        SurveyDesign(frame, weights="pw", strata="stype", fpc="fpc")
    frame = _strat()
    frame["fpc"] = np.where(frame.stype == "H", 40.0, frame.fpc)  # 50 sampled of 40
    with pytest.raises(InvalidInputError, match="at least the 50 sampled PSUs of stratum 'H'"):
        SurveyDesign(frame, weights="pw", strata="stype", fpc="fpc")
    frame = _strat()
    frame["fpc"] = np.where(frame.stype == "M", -1018.0, frame.fpc)
    with pytest.raises(InvalidInputError, match=r"`fpc` must be >= 0.*stratum 'M'"):
        SurveyDesign(frame, weights="pw", strata="stype", fpc="fpc")


def test_fpc_as_fraction_equals_fpc_as_population() -> None:
    # R: fpc <= 1 is read as the sampling fraction n_h / N_h
    frame = _strat()
    n_h = frame.groupby("stype")["stype"].transform("size")
    frame["fraction"] = n_h / frame["fpc"]
    by_count = SurveyDesign(frame, weights="pw", strata="stype", fpc="fpc").mean("api00")
    by_fraction = SurveyDesign(frame, weights="pw", strata="stype", fpc="fraction").mean("api00")
    _assert_same(by_count, by_fraction)


def test_missing_keys_and_bad_arguments() -> None:
    frame = _clus1()
    frame["dnum"] = frame["dnum"].astype(float)
    frame.loc[4, "dnum"] = np.nan
    with pytest.raises(InvalidInputError, match=r"`psu` must not be missing.*position 4"):
        SurveyDesign(frame, weights="pw", psu="dnum")
    with pytest.raises(InvalidInputError, match="`lonely_psu` must be one of"):
        SurveyDesign(_clus1(), weights="pw", psu="dnum", lonely_psu="skip")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`data` must be a pandas, Polars or Dask"):
        SurveyDesign({"pw": [1.0]}, weights="pw")
    with pytest.raises(InvalidInputError, match="`weights` must be a numeric or boolean column"):
        SurveyDesign(_clus1(), weights="stype")
    design = SurveyDesign(_clus1(), weights="pw", psu="dnum")
    with pytest.raises(InvalidInputError, match="`missing` must be one of"):
        design.mean("api00", missing="omit")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`ci` must be one of"):
        design.mean("api00", ci="logit")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`ci_method` must be one of"):
        design.proportion("api00", ci_method="exact")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`level` must be in"):
        design.mean("api00", level=95)
    with pytest.raises(InvalidInputError, match="`df` must be > 0"):
        design.mean("api00", df=0)
    with pytest.raises(InvalidInputError, match="`deff` must be one of"):
        design.mean("api00", deff="replace")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`y` must be a numeric or boolean column"):
        design.mean("stype")


def test_the_design_is_immutable() -> None:
    design = SurveyDesign(_clus1(), weights="pw", psu="dnum")
    with pytest.raises(AttributeError, match="immutable"):
        design.weights = "api00"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        design._lonely_psu = "remove"
    assert repr(design) == (
        "SurveyDesign(engine='pandas', rows=183, strata=1, psus=15, df=14, fpc=None, "
        "lonely_psu='fail')"
    )
    table = design.stratum_table
    assert table["n_psu"].tolist() == [15]  # 15 districts (apiclus1)


def test_psu_ids_are_nested_in_strata() -> None:
    # the same PSU id in two strata is two PSUs (R: nest = TRUE)
    frame = pd.DataFrame(
        {"s": [1, 1, 1, 1, 2, 2, 2, 2], "p": [1, 1, 2, 2, 1, 1, 2, 2], "w": 1.0, "y": range(8)}
    )
    design = SurveyDesign(frame, weights="w", strata="s", psu="p")
    assert (design.n_psu, design.n_strata, design.degrees_of_freedom) == (4, 2, 2)


# -- outcomes: missing, non-binary -----------------------------------------------------------------
def test_missing_outcome_raises_with_column_count_and_position() -> None:
    frame = _survey()
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
    with pytest.raises(
        InvalidInputError, match=r"column 'y': 4 missing values.*na.rm.*got nan at position 3"
    ):
        design.mean("y")
    with pytest.raises(InvalidInputError, match="`x` must not be missing"):
        design.ratio("x", "y")


@pytest.mark.parametrize("engine_name", ["polars", "polars-lazy", "dask"])
def test_missing_outcome_counted_on_lazy_engines(engine_name: str, convert: Convert) -> None:
    design = SurveyDesign(convert(_survey(), engine_name), weights="w", strata="stratum", psu="psu")
    with pytest.raises(InvalidInputError, match="column 'y': 4 missing values"):
        design.total("y", by="region")


def test_non_binary_outcome_names_the_value(engine: str, convert: Convert) -> None:
    frame = _survey()
    frame.loc[17, "hit"] = 2
    design = SurveyDesign(convert(frame, engine), weights="w", strata="stratum", psu="psu")
    with pytest.raises(InvalidInputError, match=r"`y` must be 0/1 or boolean.*'hit'.*got 2"):
        design.proportion("hit")


def test_boolean_and_zero_one_outcomes_agree() -> None:
    frame = _survey()
    frame["hit_bool"] = frame["hit"] == 1
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
    _assert_same(design.proportion("hit"), design.proportion("hit_bool"))


# -- domains and missing values are zero weights on the full design --------------------------------
def test_domains_are_zero_weights_never_deleted_rows() -> None:
    # svyby(~api00, ~stype, dclus1, svymean): high schools are in 8 of the 15 districts
    frame = _clus1()
    design = SurveyDesign(frame, weights="pw", psu="dnum", fpc="fpc")
    domain = design.mean("api00", by="stype").set_index("stype").loc["H"]
    # explicit computation: the same design with zero weight outside the domain
    zeroed = frame.assign(pw=np.where(frame.stype == "H", frame.pw, 0.0))
    explicit = SurveyDesign(zeroed, weights="pw", psu="dnum", fpc="fpc").mean("api00").iloc[0]
    for column in COLUMNS:
        assert domain[column] == pytest.approx(explicit[column], rel=1e-12), column
    assert (domain["n"], domain["n_psu"], domain["df"]) == (14, 8, 7)
    # deleting the rows instead drops 7 PSUs from the design: a different (wrong) SE
    subset = frame[frame.stype == "H"]
    deleted = SurveyDesign(subset, weights="pw", psu="dnum", fpc="fpc").mean("api00").iloc[0]
    assert deleted["estimate"] == pytest.approx(domain["estimate"], rel=1e-12)
    assert abs(deleted["se"] / domain["se"] - 1.0) > 0.01


def test_missing_drop_is_zero_weight_as_r_na_rm(engine: str, convert: Convert) -> None:
    frame = _survey()
    whole_psu = frame.index[frame.psu == frame.psu.iloc[0]]
    frame.loc[whole_psu, "y"] = np.nan  # a whole PSU without the outcome
    design = SurveyDesign(convert(frame, engine), weights="w", strata="stratum", psu="psu")
    dropped = design.mean("y", by="region", missing="drop")
    # R: svymean(~y, design, na.rm = TRUE) sets those rows' weights to zero, keeping n_h
    zeroed = frame.assign(w=np.where(frame.y.isna(), 0.0, frame.w), y=frame.y.fillna(0.0))
    explicit_design = SurveyDesign(zeroed, weights="w", strata="stratum", psu="psu")
    explicit = explicit_design.mean("y", by="region")
    _assert_same(dropped.drop(columns="df"), explicit.drop(columns="df"), rtol=1e-9)
    # df: R's svyciprop / degf count the domain's PSUs whether or not y is missing there
    np.testing.assert_array_equal(dropped["df"], design.mean("x", by="region")["df"])
    # the PSU count per stratum is the design's
    np.testing.assert_array_equal(
        design.stratum_table["n_psu"].to_numpy(),
        frame.groupby("stratum")["psu"].nunique().to_numpy(),
    )
    # deleting the rows would lose the PSU and change the SEs
    kept = frame[frame.y.notna()]
    deleted = SurveyDesign(kept, weights="w", strata="stratum", psu="psu").mean("y", by="region")
    assert not np.allclose(deleted["se"], dropped["se"], rtol=1e-6)


def test_missing_by_values_belong_to_no_domain() -> None:
    # R's svyby: rows with NA in the domain variable are in no domain (still in the design)
    frame = _survey()
    frame.loc[[0, 1, 2], "region"] = None
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
    out = design.total("x", by="region")
    assert out["region"].tolist() == ["Jakarta Barat", "Jakarta Timur", "Kepulauan Seribu"]
    expected = (frame.w * frame.x)[frame.region.notna()].sum()
    assert out["estimate"].sum() == pytest.approx(expected, rel=1e-12)


def test_several_domain_columns_and_variables() -> None:
    frame = _survey()
    frame["sex"] = np.where(np.arange(len(frame)) % 3 == 0, "L", "P")
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
    out = design.mean(["x", "hit"], by=["region", "sex"])
    assert list(out.columns) == ["variable", "region", "sex", *COLUMNS]
    assert len(out) == 2 * 3 * 2
    # each cell equals the zero-weight computation of that cell
    row = out[(out.variable == "hit") & (out.region == "Jakarta Timur") & (out.sex == "L")]
    cell = (frame.region == "Jakarta Timur") & (frame.sex == "L")
    zeroed = frame.assign(w=np.where(cell, frame.w, 0.0))
    explicit = SurveyDesign(zeroed, weights="w", strata="stratum", psu="psu").mean("hit")
    for column in ("estimate", "se", "df", "n", "n_psu"):
        assert row[column].iloc[0] == pytest.approx(explicit[column].iloc[0], rel=1e-12)


# -- estimates against plain numpy -----------------------------------------------------------------
def test_estimates_against_numpy() -> None:
    frame = _survey().dropna()
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
    w, y, x = frame.w.to_numpy(), frame.y.to_numpy(), frame.x.to_numpy()
    assert design.mean("y")["estimate"].iloc[0] == pytest.approx((w * y).sum() / w.sum())
    assert design.total("y")["estimate"].iloc[0] == pytest.approx((w * y).sum())
    ratio = design.ratio("y", "x")["estimate"].iloc[0]
    assert ratio == pytest.approx((w * y).sum() / (w * x).sum())
    # ratio SE by the PSU-total formula written out with pandas
    u = w * (y - ratio * x) / (w * x).sum()
    z = pd.DataFrame({"s": frame.stratum, "p": frame.psu, "u": u}).groupby(["s", "p"]).u.sum()
    variance = 0.0
    for _, group in z.groupby(level="s"):
        n_h = len(group)
        variance += n_h / (n_h - 1) * ((group - group.mean()) ** 2).sum()
    assert design.ratio("y", "x")["se"].iloc[0] == pytest.approx(math.sqrt(variance), rel=1e-10)


def test_t_interval_and_user_df() -> None:
    design = SurveyDesign(_clus1(), weights="pw", psu="dnum", fpc="fpc")
    normal = design.mean("api00").iloc[0]
    t = design.mean("api00", ci="t").iloc[0]
    q = stats.t.ppf(0.975, 14)  # degf(dclus1) = 14
    assert t["ci_low"] == pytest.approx(normal["estimate"] - q * normal["se"], rel=1e-12)
    assert t["ci_high"] == pytest.approx(normal["estimate"] + q * normal["se"], rel=1e-12)
    assert normal["df"] == t["df"] == 14
    user = design.mean("api00", df=5, level=0.9).iloc[0]  # a given df is honoured
    q5 = stats.t.ppf(0.95, 5)
    assert user["df"] == 5
    assert user["ci_high"] == pytest.approx(normal["estimate"] + q5 * normal["se"], rel=1e-12)
    infinite = design.mean("api00", df=math.inf).iloc[0]
    assert infinite["ci_high"] == pytest.approx(normal["ci_high"], rel=1e-12)


def test_domain_df_is_its_psus_minus_its_strata() -> None:
    # dstrat domains are the strata: E has 100 schools (PSUs) in 1 stratum -> df 99
    design = SurveyDesign(_strat(), weights="pw", strata="stype", fpc="fpc")
    means = design.mean("api00", by="stype", ci="t").set_index("stype")
    assert means["df"].to_dict() == {"E": 99.0, "H": 49.0, "M": 49.0}
    q = stats.t.ppf(0.975, 49)
    h = means.loc["H"]
    assert h["ci_high"] == pytest.approx(h["estimate"] + q * h["se"], rel=1e-12)


# -- design effects --------------------------------------------------------------------------------
def test_deff_is_one_under_simple_random_sampling() -> None:
    # SRS without replacement with fpc and equal weights N/n: V = (1 - n/N) s^2 / n, which is
    # the SRS variance R's deff = TRUE divides by, so deff = 1 for means, totals and ratios
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"y": rng.normal(size=50), "x": rng.uniform(1, 2, 50)})
    frame["w"] = 400 / 50
    frame["N"] = 400.0
    design = SurveyDesign(frame, weights="w", fpc="N")
    assert design.mean("y")["deff"].iloc[0] == pytest.approx(1.0, rel=1e-12)
    assert design.total("y")["deff"].iloc[0] == pytest.approx(1.0, rel=1e-12)
    assert design.ratio("y", "x")["deff"].iloc[0] == pytest.approx(1.0, rel=1e-12)
    # with replacement (no fpc): V = s^2 / n, the "srswr" reference
    wr = SurveyDesign(frame, weights="w")
    assert wr.mean("y", deff="srswr")["deff"].iloc[0] == pytest.approx(1.0, rel=1e-12)


def test_deff_of_a_cluster_mean_against_numpy() -> None:
    frame = _clus1()
    design = SurveyDesign(frame, weights="pw", psu="dnum", fpc="fpc")
    row = design.mean("api00").iloc[0]
    w, y = frame.pw.to_numpy(), frame.api00.to_numpy()
    n, total_w = len(y), w.sum()
    mean = (w * y).sum() / total_w
    s2 = n / (n - 1) * (w * (y - mean) ** 2).sum() / total_w  # R svyvar
    srswor = s2 * (total_w - n) / (total_w * n)
    assert row["deff"] == pytest.approx(row["se"] ** 2 / srswor, rel=1e-10)
    replace = design.mean("api00", deff="srswr").iloc[0]
    assert replace["deff"] == pytest.approx(row["se"] ** 2 / (s2 / n), rel=1e-10)
    # normalised weights (sum = n): R's srswor reference is undefined -> NaN
    normalised = frame.assign(pw=frame.pw / frame.pw.mean())
    nd = SurveyDesign(normalised, weights="pw", psu="dnum").mean("api00").iloc[0]
    assert math.isnan(nd["deff"])


# -- proportions -----------------------------------------------------------------------------------
def test_proportion_intervals_against_formulas() -> None:
    frame = _survey()
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
    base = design.proportion("hit", ci_method="wald").iloc[0]
    p, se, df = base["estimate"], base["se"], base["df"]
    q = stats.t.ppf(0.975, df)
    assert df == design.degrees_of_freedom
    assert (base["ci_low"], base["ci_high"]) == pytest.approx((p - q * se, p + q * se))
    logit = design.proportion("hit").iloc[0]
    centre, half = math.log(p / (1 - p)), q * se / (p * (1 - p))
    expit = lambda v: 1 / (1 + math.exp(-v))  # noqa: E731
    assert logit["ci_low"] == pytest.approx(expit(centre - half), rel=1e-12)
    assert logit["ci_high"] == pytest.approx(expit(centre + half), rel=1e-12)
    wilson = design.proportion("hit", ci_method="wilson").iloc[0]
    n_eff = p * (1 - p) / se**2
    middle = (p + q * q / (2 * n_eff)) / (1 + q * q / n_eff)
    spread = q / (1 + q * q / n_eff) * math.sqrt(p * (1 - p) / n_eff + q * q / (4 * n_eff**2))
    assert (wilson["ci_low"], wilson["ci_high"]) == pytest.approx(
        (middle - spread, middle + spread), rel=1e-12
    )
    beta = design.proportion("hit", ci_method="beta").iloc[0]
    n = len(frame)  # rows of the design, R's nrow(design)
    n_star = n_eff * (stats.t.ppf(0.025, n - 1) / stats.t.ppf(0.025, df)) ** 2
    assert beta["ci_low"] == pytest.approx(
        stats.beta.ppf(0.025, n_star * p, n_star * (1 - p) + 1), rel=1e-12
    )
    assert beta["ci_high"] == pytest.approx(
        stats.beta.ppf(0.975, n_star * p + 1, n_star * (1 - p)), rel=1e-12
    )


def test_proportion_at_zero_and_one() -> None:
    frame = _survey()
    frame["hit"] = np.where(frame.region == "Kepulauan Seribu", 0, frame.hit)
    frame["all"] = 1
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
    for method in ("logit", "wald"):  # degenerate [p, p]: the SE is 0
        zero = design.proportion("hit", by="region", ci_method=method).iloc[2]
        assert (zero["estimate"], zero["se"], zero["ci_low"], zero["ci_high"]) == (0, 0, 0, 0)
    beta = design.proportion("hit", by="region", ci_method="beta").iloc[2]
    n_rows = int((frame.region == "Kepulauan Seribu").sum())
    # n_eff falls back to the rows used; Clopper-Pearson upper bound 1 - (alpha/2)^(1/n*)
    n_star = n_rows * (stats.t.ppf(0.025, n_rows - 1) / stats.t.ppf(0.025, beta["df"])) ** 2
    assert beta["ci_low"] == 0.0
    assert beta["ci_high"] == pytest.approx(1 - 0.025 ** (1 / n_star), rel=1e-12)
    wilson = design.proportion("hit", by="region", ci_method="wilson").iloc[2]
    assert wilson["ci_low"] == 0.0 < wilson["ci_high"] < 1.0
    one = design.proportion("all", ci_method="beta").iloc[0]
    assert (one["estimate"], one["ci_high"]) == (1.0, 1.0)
    assert 0.9 < one["ci_low"] < 1.0


# -- the same numbers on every engine --------------------------------------------------------------
@pytest.mark.parametrize("strata_psu", [("stratum", "psu"), ("stratum", None), (None, "psu")])
def test_engines_agree(
    strata_psu: tuple[str | None, str | None], engine: str, convert: Convert
) -> None:
    strata, psu = strata_psu
    frame = _survey()
    reference = SurveyDesign(frame, weights="w", strata=strata, psu=psu, lonely_psu="adjust")
    design = SurveyDesign(
        convert(frame, engine), weights="w", strata=strata, psu=psu, lonely_psu="adjust"
    )
    assert design.engine == engine
    assert (design.n_rows, design.n_psu, design.degrees_of_freedom) == (
        reference.n_rows,
        reference.n_psu,
        reference.degrees_of_freedom,
    )
    for call in (
        lambda d: d.mean(["y", "x"], by="region", missing="drop", ci="t"),
        lambda d: d.total("x", by=["region", "hit"]),
        lambda d: d.ratio("y", "x", by="region", missing="drop"),
        lambda d: d.proportion("hit", by="region", ci_method="beta"),
    ):
        _assert_same(call(design), call(reference), rtol=1e-9)
