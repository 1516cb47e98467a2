"""PSU-total variance against R survey 4.1.1 (tests/data/survey/expected.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey._variance import build_strata, psu_variance

DATA = Path(__file__).resolve().parents[1] / "data" / "survey"
EXPECTED = json.loads((DATA / "expected.json").read_text())["results"]


def _mean_psu_totals(
    frame: pd.DataFrame, y: str, psu: str | None, strata: str | None, fpc: bool
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray | None]:
    """Linearised PSU totals of a weighted mean, computed with plain pandas."""
    w = frame["pw"].to_numpy()
    values = frame[y].to_numpy(dtype=float)
    mean = float((w * values).sum() / w.sum())
    influence = w * (values - mean) / w.sum()
    keys = pd.DataFrame(
        {
            "stratum": frame[strata] if strata else 0,
            "psu": frame[psu] if psu else np.arange(len(frame)),
            "u": influence,
            "fpc": frame["fpc"],
        }
    )
    psus = keys.groupby(["stratum", "psu"]).agg(u=("u", "sum"), fpc=("fpc", "first")).reset_index()
    return (
        mean,
        psus["u"].to_numpy(),
        psus["stratum"].to_numpy(),
        psus["fpc"].to_numpy() if fpc else None,
    )


@pytest.mark.parametrize(
    ("key", "csv", "psu", "strata", "fpc"),
    [
        # svymean(~api00, dstrat); dstrat <- svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)
        ("dstrat.svymean.api00", "api_strat.csv", None, "stype", True),
        # svymean(~api00, dclus1); dclus1 <- svydesign(id=~dnum, weights=~pw, fpc=~fpc)
        ("dclus1.svymean.api00", "api_clus1.csv", "dnum", None, True),
        # svymean(~api00, dstrat_wr); no fpc
        ("dstrat_wr.svymean.api00", "api_strat.csv", None, "stype", False),
        # svymean(~enroll, dclus1_wr); no fpc
        ("dclus1_wr.svymean.enroll", "api_clus1.csv", "dnum", None, False),
    ],
)
def test_mean_se_matches_r(
    key: str, csv: str, psu: str | None, strata: str | None, fpc: bool
) -> None:
    frame = pd.read_csv(DATA / csv)
    y = key.rsplit(".", 1)[1]
    mean, totals, psu_strata, psu_fpc = _mean_psu_totals(frame, y, psu, strata, fpc)
    variance = psu_variance(totals, build_strata(psu_strata, fpc=psu_fpc))
    assert mean == pytest.approx(EXPECTED[key]["estimate"], rel=1e-11)
    assert np.sqrt(variance[0]) == pytest.approx(EXPECTED[key]["se"], rel=1e-10)


@pytest.mark.parametrize("policy", ["remove", "adjust", "average", "certainty"])
def test_lonely_psu_policies_match_r(policy: str) -> None:
    # options(survey.lonely.psu = policy); svymean(~api00, dlonely)
    # dlonely <- svydesign(id = ~1, weights = ~pw, strata = ~dnum, data = apiclus1)
    frame = pd.read_csv(DATA / "api_clus1.csv")
    _, totals, psu_strata, _ = _mean_psu_totals(frame, "api00", None, "dnum", False)
    strata = build_strata(psu_strata)
    assert strata.degrees_of_freedom == 168  # degf(dlonely)
    se = np.sqrt(psu_variance(totals, strata, policy))[0]  # type: ignore[arg-type]
    assert se == pytest.approx(EXPECTED[f"dlonely.{policy}.svymean.api00"]["se"], rel=1e-10)


def test_fail_names_the_lonely_stratum() -> None:
    frame = pd.read_csv(DATA / "api_clus1.csv")
    _, totals, psu_strata, _ = _mean_psu_totals(frame, "api00", None, "dnum", False)
    with pytest.raises(InvalidInputError, match="strata 413 have a single PSU"):
        psu_variance(totals, build_strata(psu_strata), "fail")


def test_covariance_diagonal_is_the_variance() -> None:
    rng = np.random.default_rng(3)
    strata = build_strata(np.repeat([0, 1, 2], 4))
    totals = rng.normal(size=(12, 3))
    cov = psu_variance(totals, strata, covariance=True)
    np.testing.assert_allclose(np.diag(cov), psu_variance(totals, strata))
    np.testing.assert_allclose(cov, cov.T)


def test_fpc_checks() -> None:
    with pytest.raises(InvalidInputError, match="constant within a stratum"):
        build_strata([0, 0, 1], fpc=[10, 11, 5])
    with pytest.raises(InvalidInputError, match="at least the 2 sampled PSUs"):
        build_strata([0, 0], fpc=[1.5, 1.5])
    fractions = build_strata([0, 0, 1, 1], fpc=[0.5, 0.5, 10, 10]).sampling_fraction
    np.testing.assert_allclose(fractions, [0.5, 0.2])
