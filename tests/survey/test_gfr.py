"""General fertility rate from birth histories against DHS.rates 0.9.2.

Every expected number comes from ``tests/data/tfr/expected_gfr.json``, written by
``tests/data/tfr/gfr_reference.R`` (DHS.rates 0.9.2 ``fert()`` sourced from
cran/DHS.rates@561ca00, R 4.2.2, survey 4.1.1) on ``tests/data/tfr/women.csv`` and on its
seeded ever-married variant ``tests/data/tfr/women_evermarried.csv`` (written by the same
script). The R call behind each number is in the comment beside it. Full precision (12
significant digits): relative tolerance 1e-9; the printed output: its 3 decimals.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import dppapp_indikator
from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.gfr import BirthHistoryGFR, gfr_from_birth_history

DATA = Path(__file__).resolve().parents[1] / "data" / "tfr"
EXPECTED: dict[str, Any] = json.loads((DATA / "expected_gfr.json").read_text())
REL = 1e-9

# R calls (DHS.rates 0.9.2; fert() sets options(survey.lonely.psu = "adjust")):
FERT_GFR = 'fert(women, Indicator = "gfr")'
FERT_GFR_CLASS = 'fert(women, Indicator = "gfr", Class = "v025")'
FERT_EM_GFR = 'fert(em, Indicator = "gfr", EverMW = "Yes", AWFact = "awfactt")'
FERT_EM_GFR_CLASS = (
    'fert(em, Indicator = "gfr", EverMW = "Yes", AWFact = "awfactu", Class = "v025")'
)
# jackknife: gfr_reference.R, a plain delete-one-cluster loop over DataPrepare() rows, equal
# to svyratio(~birth, ~exposureg, as.svrepdesign(design, type = "JK1", mse = TRUE))
JK = "gfr_reference.R jackknife()"


@pytest.fixture(scope="module")
def women() -> pd.DataFrame:
    return pd.read_csv(DATA / "women.csv")


@pytest.fixture(scope="module")
def evermarried() -> pd.DataFrame:
    return pd.read_csv(DATA / "women_evermarried.csv")


def _close(obtained: float, expected: float) -> None:
    assert obtained == pytest.approx(expected, rel=REL, abs=1e-12)


def _check(result: Any, ref: dict[str, float], jk: dict[str, float]) -> None:
    _close(result.gfr, ref["GFR"])  # fert(): GFR
    _close(result.se_taylor, ref["SE"])  # fert(): SE (svyratio, Taylor)
    _close(result.n_woman_years, ref["N"])  # fert(): N = sum(exposureg)
    _close(result.wn_woman_years, ref["WN"])  # fert(): WN = svytotal(exposureg)
    _close(result.deft, ref["DEFT"])  # fert(): DEFT, deff = "replace"
    _close(result.se_jackknife, jk["se_jk"])  # JK
    _close(result.se_jackknife, jk["se_jk_survey_jk1"])  # R survey JK1, mse = TRUE
    assert result.n_clusters == jk["k"]


def _check_taylor_interval(result: Any, ref: dict[str, float]) -> None:
    _close(result.se, ref["SE"])  # fert(): SE
    _close(result.rse, ref["RSE"])  # fert(): RSE
    _close(result.ci_low, ref["LCI"])  # fert(): LCI
    _close(result.ci_high, ref["UCI"])  # fert(): UCI


# --------------------------------------------------------------------------------------------
# all-women sample
# --------------------------------------------------------------------------------------------
def test_gfr_reference(women: pd.DataFrame) -> None:
    result = gfr_from_birth_history(women, jackknife=True)
    _check(result, EXPECTED["gfr"][0], EXPECTED["gfr_jackknife"])  # FERT_GFR, JK
    # 86.9848429125, SE 3.2662172286 (Taylor), 3.39225534266 (jackknife), DEFT 1.16487472863
    assert result.se_method == "jackknife"
    _close(result.se, EXPECTED["gfr_jackknife"]["se_jk"])  # JK
    z = 1.959963984540054  # qnorm(0.975)
    _close(result.ci_low, EXPECTED["gfr"][0]["GFR"] - z * EXPECTED["gfr_jackknife"]["se_jk"])


def test_gfr_taylor_is_dhs_rates(women: pd.DataFrame) -> None:
    result = gfr_from_birth_history(women)
    assert result.se_method == "taylor"
    _check_taylor_interval(result, EXPECTED["gfr"][0])  # FERT_GFR
    assert math.isnan(result.se_jackknife)  # not computed without jackknife=True


def test_gfr_printed(women: pd.DataFrame) -> None:
    (ref,) = EXPECTED["gfr_printed"]  # print(FERT_GFR): 3 decimals, N and WN as integers
    result = gfr_from_birth_history(women)
    for name, key in [("gfr", "GFR"), ("se", "SE"), ("deft", "DEFT"), ("rse", "RSE")]:
        assert abs(getattr(result, name) - ref[key]) <= 5e-4 + 1e-9
    assert abs(result.ci_low - ref["LCI"]) <= 5e-4 + 1e-9
    assert abs(result.ci_high - ref["UCI"]) <= 5e-4 + 1e-9
    assert abs(result.n_woman_years - ref["N"]) <= 0.5
    assert abs(result.wn_woman_years - ref["WN"]) <= 0.5


@pytest.mark.parametrize("domain", [1, 2])
def test_gfr_by_class_reference(women: pd.DataFrame, domain: int) -> None:
    result = gfr_from_birth_history(women, by="v025", jackknife=True)
    ref = EXPECTED["gfr_by_v025"][domain - 1]  # FERT_GFR_CLASS
    assert ref["Class"] == domain
    jk = EXPECTED["gfr_jackknife_by_v025"][str(domain)]  # JK on the class's clusters
    row = result.summary().loc[domain]
    _check(row, ref, jk)
    assert isinstance(result.gfr, pd.Series) and result.gfr.index.name == "v025"
    taylor = gfr_from_birth_history(women, by="v025")
    _check_taylor_interval(taylor.summary().loc[domain], ref)  # FERT_GFR_CLASS


# --------------------------------------------------------------------------------------------
# ever-married sample with all-women factors
# --------------------------------------------------------------------------------------------
def test_evermarried_reference(evermarried: pd.DataFrame) -> None:
    assert len(evermarried) == EXPECTED["em_n_women"]  # 2774 ever-married women
    result = gfr_from_birth_history(evermarried, awfact="awfactt", jackknife=True)
    _check(result, EXPECTED["em_gfr"][0], EXPECTED["em_gfr_jackknife"])  # FERT_EM_GFR, JK
    taylor = gfr_from_birth_history(evermarried, awfact="awfactt")
    _check_taylor_interval(taylor, EXPECTED["em_gfr"][0])  # FERT_EM_GFR
    (printed,) = EXPECTED["em_gfr_printed"]  # print(FERT_EM_GFR)
    assert abs(taylor.gfr - printed["GFR"]) <= 5e-4 + 1e-9


@pytest.mark.parametrize("domain", [1, 2])
def test_evermarried_by_class_reference(evermarried: pd.DataFrame, domain: int) -> None:
    result = gfr_from_birth_history(evermarried, by="v025", awfact="awfactu", jackknife=True)
    ref = EXPECTED["em_gfr_by_v025"][domain - 1]  # FERT_EM_GFR_CLASS
    jk = EXPECTED["em_gfr_jackknife_by_v025"][str(domain)]  # JK, awfactu
    _check(result.summary().loc[domain], ref, jk)
    taylor = gfr_from_birth_history(evermarried, by="v025", awfact="awfactu")
    _check_taylor_interval(taylor.summary().loc[domain], ref)  # FERT_EM_GFR_CLASS


def test_evermarried_tfr_reference(evermarried: pd.DataFrame) -> None:
    # the TFR's all-women factor against DHS.rates as well (same pass as the GFR)
    ref = EXPECTED["em_tfr"][0]  # fert(em, "tfr", JK = "Yes", EverMW = "Yes", AWFact = "awfactt")
    result = dppapp_indikator.tfr_from_birth_history(evermarried, awfact="awfactt")
    _close(result.tfr, ref["TFR"])
    _close(result.se, ref["SE"])
    _close(result.n_woman_years, ref["N"])
    _close(result.wn_woman_years, ref["WN"])
    _close(result.deft, ref["DEFT"])
    assert result.n_clusters == ref["iterations"]
    for row in EXPECTED["em_asfr"]:  # fert(em, "asfr", EverMW = "Yes", AWFact = "awfactt")
        got = result.asfr.loc[row["AGE"]]
        _close(got["asfr"], row["ASFR"])
        _close(got["se"], row["SE"])
        _close(got["n_woman_years"], row["N"])
        _close(got["deft"], row["DEFT"])


# --------------------------------------------------------------------------------------------
# engines
# --------------------------------------------------------------------------------------------
def test_engines_agree(
    women: pd.DataFrame,
    evermarried: pd.DataFrame,
    engine: str,
    convert: Callable[[pd.DataFrame, str], Any],
) -> None:
    result = gfr_from_birth_history(convert(women, engine), jackknife=True)
    _check(result, EXPECTED["gfr"][0], EXPECTED["gfr_jackknife"])  # FERT_GFR, JK
    by_class = gfr_from_birth_history(convert(evermarried, engine), by="v025", awfact="awfactu")
    for domain in (1, 2):
        ref = EXPECTED["em_gfr_by_v025"][domain - 1]  # FERT_EM_GFR_CLASS
        _close(by_class.gfr[domain], ref["GFR"])
        _close(by_class.se[domain], ref["SE"])
        _close(by_class.deft[domain], ref["DEFT"])


# --------------------------------------------------------------------------------------------
# behaviour
# --------------------------------------------------------------------------------------------
def test_exported_and_shaped(women: pd.DataFrame) -> None:
    assert dppapp_indikator.gfr_from_birth_history is gfr_from_birth_history
    assert dppapp_indikator.BirthHistoryGFR is BirthHistoryGFR
    result = gfr_from_birth_history(women)
    assert isinstance(result.gfr, float) and isinstance(result.n_clusters, int)
    assert result.n_women == 4000
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.gfr = 1.0  # type: ignore[misc]
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["gfr"][0]["gfr"] == pytest.approx(EXPECTED["gfr"][0]["GFR"], rel=REL)
    assert payload["se_method"] == "taylor"
    by = json.loads(json.dumps(gfr_from_birth_history(women, by="v025").to_dict()))
    assert [row["v025"] for row in by["gfr"]] == [1, 2]


def test_gfr_counts_births_15_49_over_years_15_44(women: pd.DataFrame) -> None:
    # Independent of the GFR code: the TFR's ASFR table holds the births and woman-years per
    # age group (checked against DHS.rates in test_birth_history.py).
    asfr = dppapp_indikator.tfr_from_birth_history(women).asfr
    result = gfr_from_birth_history(women)
    _close(result.births, asfr["births"].sum())
    _close(result.wn_woman_years, asfr["wn_woman_years"].iloc[:6].sum())
    _close(result.gfr, 1000 * asfr["births"].sum() / asfr["wn_woman_years"].iloc[:6].sum())


def test_level(women: pd.DataFrame) -> None:
    result = gfr_from_birth_history(women, level=0.90)
    _close(result.gfr - result.ci_low, 1.6448536269514722 * EXPECTED["gfr"][0]["SE"])  # qnorm


def test_lower_bound_clipped_at_zero(women: pd.DataFrame) -> None:
    # a GFR with an interval reaching below 0: clusters 1-6 with a single birth among them
    small = women[women["v021"] <= 6].copy()
    births = [f"b3_{j:02d}" for j in range(1, 21)]
    small[births] = np.nan
    small.loc[small.index[0], "b3_01"] = small.loc[small.index[0], "v008"] - 5
    result = gfr_from_birth_history(small, stratum=None)
    assert result.gfr > 0 and result.gfr - 1.959963984540054 * result.se < 0
    assert result.ci_low == 0.0
    assert result.ci_high == pytest.approx(result.gfr + 1.959963984540054 * result.se)


def test_suppression(women: pd.DataFrame) -> None:
    tiny = gfr_from_birth_history(women[women["v021"] <= 2], suppression="dhs")
    assert tiny.n_woman_years < 250
    assert tiny.flag in ("suppressed", "brackets")
    if tiny.flag == "suppressed":
        assert math.isnan(tiny.gfr)
    assert gfr_from_birth_history(women, suppression="dhs").flag == ""


def test_zero_weights_as_dropped(women: pd.DataFrame) -> None:
    zeroed = women.copy()
    zeroed.loc[[3, 50, 700], "v005"] = 0
    result = gfr_from_birth_history(zeroed, jackknife=True)
    dropped = gfr_from_birth_history(women.drop(index=[3, 50, 700]), jackknife=True)
    for name in ("gfr", "se", "se_taylor", "deft", "n_woman_years"):
        _close(getattr(result, name), getattr(dropped, name))
    assert result.n_zero_weight == 3 and result.n_women == 4000


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"period_months": 0}, "period_months"),
        ({"jackknife": 1}, "jackknife"),
        ({"level": 1.5}, "level"),
        ({"lonely_psu": "x"}, "lonely_psu"),
        ({"suppression": "who"}, "suppression"),
        ({"weight": "nope"}, "weight"),
        ({"by": "nope"}, "by"),
        ({"awfact": "nope"}, "awfact"),
    ],
)
def test_bad_arguments_raise(women: pd.DataFrame, kwargs: dict[str, Any], parameter: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{parameter}`"):
        gfr_from_birth_history(women, **kwargs)


def test_bad_values_raise(
    women: pd.DataFrame, engine: str, convert: Callable[[pd.DataFrame, str], Any]
) -> None:
    bad = women.copy()
    bad.loc[9, "v005"] = -1
    with pytest.raises(InvalidInputError, match=r"`weight`.*'v005'"):
        gfr_from_birth_history(convert(bad, engine))
    with pytest.raises(InvalidInputError, match="`awfact`"):
        gfr_from_birth_history(convert(women.assign(af=-3.0), engine), awfact="af")
    late = women.copy()
    late.loc[5, "b3_01"] = late.loc[5, "v008"] + 2
    with pytest.raises(InvalidInputError, match=r"`births`.*after the interview"):
        gfr_from_birth_history(convert(late, engine))


def test_jackknife_without_other_exposure_raises(women: pd.DataFrame) -> None:
    # two clusters, one of which has no woman aged 15-44: its replicate has no exposure
    two = women[women["v021"].isin([1, 2])].copy()
    old = two["v021"] == 2
    two.loc[old, "v011"] = two.loc[old, "v008"] - 580  # every woman 48 at interview
    two.loc[old, [f"b3_{j:02d}" for j in range(1, 21)]] = np.nan
    with pytest.raises(InvalidInputError, match=r"`jackknife`.*jackknife=False"):
        gfr_from_birth_history(two, jackknife=True)
    assert gfr_from_birth_history(two).gfr > 0
