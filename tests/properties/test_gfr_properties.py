"""Properties of the general fertility rate from birth histories.

Synthetic women come from the seeded generator of ``test_birth_history_properties`` (every
age group exposed, births most recent first, some births before age 15); hypothesis draws the
seed and the sizes.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.birth_history import tfr_from_birth_history
from dppapp_indikator.survey.gfr import BirthHistoryGFR, gfr_from_birth_history

from .test_birth_history_properties import BIRTHS, women_files


def _run(frame: pd.DataFrame, **kwargs: object) -> BirthHistoryGFR:
    return gfr_from_birth_history(frame, jackknife=True, **kwargs)  # type: ignore[arg-type]


@settings(max_examples=25)
@given(women_files)
def test_bounds(frame: pd.DataFrame) -> None:
    result = _run(frame)
    assert result.gfr >= 0
    assert 0 <= result.ci_low <= result.gfr <= result.ci_high
    assert result.se_taylor >= 0 and result.se_jackknife >= 0 and result.deft >= 0
    assert result.births >= 0 and result.wn_woman_years > 0
    # births of 15-49 over woman-years of 15-44, from the ASFR table of the TFR
    asfr = tfr_from_birth_history(frame, jackknife=False).asfr
    assert result.gfr == pytest.approx(
        1000 * asfr["births"].sum() / asfr["wn_woman_years"].iloc[:6].sum(), rel=1e-12
    )


def _plain_jackknife(frame: pd.DataFrame) -> float:
    """Delete-one-cluster SE by k explicit refits of the GFR."""
    base = gfr_from_birth_history(frame).gfr
    labels = sorted(frame["v021"].unique())
    k = len(labels)
    replicates = np.array([gfr_from_birth_history(frame[frame["v021"] != c]).gfr for c in labels])
    return math.sqrt((k - 1) / k * float(np.sum((replicates - base) ** 2)))


@settings(max_examples=10)
@given(women_files)
def test_jackknife_from_totals_equals_refit(frame: pd.DataFrame) -> None:
    assert _run(frame).se_jackknife == pytest.approx(_plain_jackknife(frame), rel=1e-9)


@settings(max_examples=15)
@given(women_files, st.integers(0, 2**32 - 1))
def test_row_order_does_not_matter(frame: pd.DataFrame, seed: int) -> None:
    base = _run(frame)
    other = _run(frame.sample(frac=1.0, random_state=np.random.default_rng(seed)))
    for name in ("gfr", "se_taylor", "se_jackknife", "deft", "n_woman_years"):
        assert getattr(other, name) == pytest.approx(getattr(base, name), rel=1e-9)


@settings(max_examples=20)
@given(women_files, st.floats(min_value=0.01, max_value=100.0))
def test_scaling_weights_changes_nothing(frame: pd.DataFrame, factor: float) -> None:
    base = _run(frame)
    scaled = _run(frame.assign(v005=frame["v005"] * factor))
    for name in ("gfr", "se_taylor", "se_jackknife", "deft", "n_woman_years", "ci_low"):
        assert getattr(scaled, name) == pytest.approx(getattr(base, name), rel=1e-9)
    assert scaled.wn_woman_years == pytest.approx(factor * base.wn_woman_years, rel=1e-9)


@settings(max_examples=20)
@given(women_files, st.floats(min_value=20.0, max_value=400.0))
def test_constant_all_women_factor_scales_the_rate(frame: pd.DataFrame, factor: float) -> None:
    base = _run(frame)
    result = _run(frame.assign(af=factor), awfact="af")
    assert result.gfr == pytest.approx(base.gfr * 100 / factor, rel=1e-9)
    assert result.se_jackknife == pytest.approx(base.se_jackknife * 100 / factor, rel=1e-9)
    assert result.deft == pytest.approx(base.deft, rel=1e-9)


@settings(max_examples=10)
@given(women_files)
def test_engines_agree(frame: pd.DataFrame) -> None:
    import polars as pl

    a = _run(frame, by="v022")
    b = _run(pl.from_pandas(frame), by="v022")  # type: ignore[arg-type]
    for name in ("gfr", "se_taylor", "se_jackknife", "deft"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-12)


@settings(max_examples=20)
@given(women_files, st.data())
def test_birth_before_the_mother_raises(frame: pd.DataFrame, data: st.DataObject) -> None:
    have = np.flatnonzero(frame[BIRTHS[0]].notna().to_numpy())
    if not have.size:
        return
    row = int(data.draw(st.sampled_from(list(have))))
    bad = frame.copy()
    bad.loc[row, BIRTHS[0]] = bad.loc[row, "v011"] - data.draw(st.integers(1, 50))
    with pytest.raises(InvalidInputError, match=r"`births`"):
        _run(bad)
