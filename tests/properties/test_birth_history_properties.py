"""Properties of the birth-history fertility estimator (methods/fertility#dhs).

Synthetic women are drawn from a seeded numpy generator (hypothesis draws the seed and the
sizes). The estimator runs on Polars eager frames here for speed: the reduction pass gives the
same totals on every engine (``tests/survey/test_birth_history.py``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.birth_history import BirthHistoryFertility, tfr_from_birth_history

DATA = Path(__file__).resolve().parents[1] / "data" / "tfr"
BIRTHS = [f"b3_{j:02d}" for j in range(1, 7)]


def _women(seed: int, n_clusters: int, per_cluster: int) -> pd.DataFrame:
    """A small DHS-style women's file: every age group exposed, births most recent first."""
    rng = np.random.default_rng(seed)
    n = n_clusters * per_cluster
    cluster = np.repeat(np.arange(1, n_clusters + 1), per_cluster)
    interview = 1480 + cluster % 4
    group = np.arange(n) % 7  # every five-year group 15-19 ... 45-49 has women
    age = 180 + 60 * group + rng.integers(0, 60, n)  # age at interview [months]
    dob = interview - age
    births = np.full((n, len(BIRTHS)), np.nan)
    latest = interview - rng.integers(0, 30, n)
    count = rng.integers(0, len(BIRTHS) + 1, n)
    for j in range(len(BIRTHS)):
        ok = (j < count) & (latest - dob >= 150)  # some births before age 15: not counted
        births[:, j] = np.where(ok, latest, np.nan)
        latest = latest - rng.integers(9, 40, n)
    frame = pd.DataFrame(
        {
            "v005": rng.integers(200_000, 3_000_000, n_clusters)[cluster - 1],
            "v008": interview,
            "v011": dob,
            "v021": cluster,
            "v022": cluster % 2,
        }
    )
    for j, name in enumerate(BIRTHS):
        frame[name] = births[:, j]
    return frame


def _run(frame: pd.DataFrame, **kwargs: Any) -> BirthHistoryFertility:
    import polars as pl

    return tfr_from_birth_history(pl.from_pandas(frame), **kwargs)


women_files = st.builds(
    _women,
    seed=st.integers(0, 2**32 - 1),
    n_clusters=st.integers(4, 7),
    per_cluster=st.integers(14, 28),
)


def _refit_se(frame: pd.DataFrame, tfr: float) -> tuple[float, float, int]:
    """Jackknife SE by k explicit refits (one per deleted cluster): (k-1)/k form, DHS.rates form."""
    labels = sorted(frame["v021"].unique())
    k = len(labels)
    replicates = np.array(
        [_run(frame[frame["v021"] != c], jackknife=False).tfr for c in labels], dtype=float
    )
    plain = math.sqrt((k - 1) / k * float(np.sum((replicates - tfr) ** 2)))
    # DHS.rates 0.9.2 TFR.R: sqrt(sum((k*TFR - (k-1)*TFR_(i) - TFR)^2) / (k*(k-1)))
    pseudo = math.sqrt(float(np.sum((k * tfr - (k - 1) * replicates - tfr) ** 2)) / (k * (k - 1)))
    return plain, pseudo, k


@settings(max_examples=12)
@given(women_files)
def test_jackknife_from_totals_equals_refit(frame: pd.DataFrame) -> None:
    result = _run(frame)
    plain, pseudo, k = _refit_se(frame, result.tfr)
    assert result.n_clusters == k
    assert result.se == pytest.approx(plain, rel=1e-9)
    assert result.se == pytest.approx(pseudo, rel=1e-9)


def test_jackknife_refit_on_reference_subset() -> None:
    women = pd.read_csv(DATA / "women.csv")
    subset = women[women["v021"] <= 10]
    result = _run(subset)
    plain, pseudo, k = _refit_se(subset, result.tfr)
    assert k == 10
    assert result.se == pytest.approx(plain, rel=1e-9)
    assert result.se == pytest.approx(pseudo, rel=1e-9)


@given(women_files)
def test_tfr_is_five_times_sum_of_asfr(frame: pd.DataFrame) -> None:
    result = _run(frame)
    rates = result.asfr["asfr"].to_numpy()
    assert result.tfr == pytest.approx(5.0 * rates.sum() / 1000.0, rel=1e-12)
    assert (rates >= 0).all()
    assert (result.asfr["ci_low"] >= 0).all()
    assert result.ci_low <= result.tfr <= result.ci_high
    assert result.ci_low >= 0
    assert result.deft >= 0


@settings(max_examples=25)
@given(women_files, st.floats(min_value=0.01, max_value=100.0))
def test_scaling_weights_changes_nothing(frame: pd.DataFrame, factor: float) -> None:
    base = _run(frame)
    scaled = _run(frame.assign(v005=frame["v005"] * factor))
    for name in ("tfr", "se", "deft", "n_woman_years"):
        assert getattr(scaled, name) == pytest.approx(getattr(base, name), rel=1e-9)
    assert scaled.wn_woman_years == pytest.approx(factor * base.wn_woman_years, rel=1e-9)
    for column in ("asfr", "se", "deft", "ci_low", "ci_high"):
        np.testing.assert_allclose(scaled.asfr[column], base.asfr[column], rtol=1e-9, atol=1e-12)


@settings(max_examples=25)
@given(women_files, st.integers(0, 6))
def test_removing_one_age_groups_births_lowers_tfr(frame: pd.DataFrame, group: int) -> None:
    base = _run(frame)
    dates = frame[BIRTHS].to_numpy()
    with np.errstate(invalid="ignore"):
        mother_group = np.floor((dates - frame["v011"].to_numpy()[:, None]) / 60) - 3
    removed = frame.copy()
    removed[BIRTHS] = np.where(mother_group == group, np.nan, dates)  # gaps are allowed
    result = _run(removed)
    assert result.asfr["asfr"].iloc[group] == 0.0
    others = [g for g in range(7) if g != group]
    np.testing.assert_allclose(
        result.asfr["asfr"].iloc[others], base.asfr["asfr"].iloc[others], rtol=1e-12
    )
    if base.asfr["asfr"].iloc[group] > 0:
        assert result.tfr < base.tfr
    else:
        assert result.tfr == pytest.approx(base.tfr, rel=1e-12)


@settings(max_examples=15)
@given(women_files, st.integers(0, 2**32 - 1))
def test_row_order_does_not_matter(frame: pd.DataFrame, seed: int) -> None:
    base = _run(frame)
    shuffled = frame.sample(frac=1.0, random_state=np.random.default_rng(seed))
    other = _run(shuffled)
    assert other.tfr == pytest.approx(base.tfr, rel=1e-12)
    assert other.se == pytest.approx(base.se, rel=1e-9)
    np.testing.assert_allclose(other.asfr["se"], base.asfr["se"], rtol=1e-9)


@settings(max_examples=10)
@given(women_files)
def test_pandas_and_polars_agree(frame: pd.DataFrame) -> None:
    import polars as pl

    a = tfr_from_birth_history(frame)  # pandas: the in-memory numpy path
    b = _run(frame)  # Polars eager: the in-memory path as well
    c = tfr_from_birth_history(pl.from_pandas(frame).lazy())  # the general Narwhals pass
    births = frame.astype(dict.fromkeys(BIRTHS, "Int16"))  # nullable integer dates
    for other in (b, c, tfr_from_birth_history(births)):
        assert other.tfr == pytest.approx(a.tfr, rel=1e-12)
        assert other.se == pytest.approx(a.se, rel=1e-12)
        assert other.deft == pytest.approx(a.deft, rel=1e-12)
        np.testing.assert_allclose(other.asfr["se"], a.asfr["se"], rtol=1e-12)
        np.testing.assert_allclose(other.asfr["deft"], a.asfr["deft"], rtol=1e-12)


@settings(max_examples=10)
@given(women_files, st.data())
def test_gaps_and_zero_weights_agree_across_paths(frame: pd.DataFrame, data: st.DataObject) -> None:
    import polars as pl

    # a gap between birth dates (allowed) sends the in-memory path to the general pass
    rows = data.draw(st.lists(st.integers(0, len(frame) - 1), max_size=5))
    changed = frame.copy()
    changed.loc[rows, "v005"] = 0
    if rows:
        changed.loc[rows[0], BIRTHS[1]] = np.nan
    a = tfr_from_birth_history(changed)
    c = tfr_from_birth_history(pl.from_pandas(changed).lazy())
    assert a.tfr == pytest.approx(c.tfr, rel=1e-12)
    assert a.se == pytest.approx(c.se, rel=1e-12, nan_ok=True)
    assert a.n_zero_weight == c.n_zero_weight


@settings(max_examples=20)
@given(women_files, st.data())
def test_negative_weight_raises_naming_the_row(frame: pd.DataFrame, data: st.DataObject) -> None:
    row = data.draw(st.integers(0, len(frame) - 1))
    bad = frame.copy()
    bad.loc[row, "v005"] = -data.draw(st.integers(1, 10**6))
    with pytest.raises(InvalidInputError, match=rf"`weight`.*position {row}\b"):
        _run(bad)


@settings(max_examples=20)
@given(women_files, st.data())
def test_birth_after_interview_raises_naming_the_row(
    frame: pd.DataFrame, data: st.DataObject
) -> None:
    row = data.draw(st.integers(0, len(frame) - 1))
    bad = frame.copy()
    bad.loc[row, "b3_01"] = bad.loc[row, "v008"] + data.draw(st.integers(1, 24))
    with pytest.raises(InvalidInputError, match=rf"`births`.*'b3_01'.*position {row}\b"):
        _run(bad)
