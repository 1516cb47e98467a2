"""Property tests of the governance percentages (methods/governance#governance)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.governance import (
    bmd_inventory_score,
    classify_procurement_account,
    communication_score,
    competency_attainment,
    competency_score,
    completion_pct,
    count_on_time_stages,
    procurement_account_prefixes,
    tkdn_pct,
    tkdn_share,
)

from .strategies import percent_arrays, percents, shares

TOL = 1e-9

#: Four non-negative weights summing to 1 (normalised from raw non-negative numbers).
weight_vectors = (
    st.lists(st.floats(min_value=0.0, max_value=10.0), min_size=4, max_size=4)
    .filter(lambda w: sum(w) > 1e-3)
    .map(lambda w: [x / sum(w) for x in w])
)
#: (entered, owned) asset counts with entered <= owned, owned > 0.
asset_counts = st.integers(min_value=1, max_value=100_000).flatmap(
    lambda owned: st.tuples(st.integers(min_value=0, max_value=owned), st.just(owned))
)
#: (completed, due) counts with completed <= due, due > 0.
completion_counts = st.integers(min_value=1, max_value=10_000).flatmap(
    lambda due: st.tuples(st.integers(min_value=0, max_value=due), st.just(due))
)
hours_lists = st.lists(st.floats(min_value=0.0, max_value=500.0), min_size=1, max_size=30)
segments = st.integers(min_value=0, max_value=9999).map(lambda i: f"{i:02d}")
out_of_percent = st.one_of(st.floats(max_value=-1e-6), st.floats(min_value=100.000001))
out_of_percent = out_of_percent.filter(lambda x: not np.isnan(x))


# --- IKU 11 ---------------------------------------------------------------------------------


@given(percents, percents, percents, percents)
def test_communication_bounded(a: float, b: float, c: float, d: float) -> None:
    assert 0.0 <= communication_score(a, b, c, d) <= 100.0


@given(percents, percents, percents, percents, weight_vectors)
def test_communication_is_convex_combination(
    a: float, b: float, c: float, d: float, weights: list[float]
) -> None:
    value = communication_score(a, b, c, d, weights=weights)
    assert min(a, b, c, d) - 1e-6 <= value <= max(a, b, c, d) + 1e-6
    # equal components give that component back
    assert communication_score(a, a, a, a, weights=weights) == pytest.approx(a, abs=1e-6)


@given(percents, percents, percents, percents, st.floats(0.0, 100.0), st.integers(0, 3))
def test_communication_monotone(
    a: float, b: float, c: float, d: float, step: float, which: int
) -> None:
    values = [a, b, c, d]
    base = communication_score(*values)
    values[which] = min(values[which] + step, 100.0)
    assert communication_score(*values) >= base - TOL


@given(percent_arrays(5), percent_arrays(5), percent_arrays(5), percent_arrays(5))
def test_communication_containers_agree(
    a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray
) -> None:
    as_array = communication_score(a, b, c, d)
    as_series = communication_score(pd.Series(a), pd.Series(b), pd.Series(c), pd.Series(d))
    scalars = [communication_score(*map(float, row)) for row in zip(a, b, c, d, strict=True)]
    np.testing.assert_allclose(as_array, scalars)
    np.testing.assert_allclose(as_series.to_numpy(), scalars)


@given(out_of_percent, st.integers(0, 3))
def test_communication_out_of_range_raises(x: float, which: int) -> None:
    names = ["strategy_pct", "publication_pct", "crisis_response_pct", "interactive_response_pct"]
    values = [50.0] * 4
    values[which] = x
    with pytest.raises(InvalidInputError, match=f"`{names[which]}`"):
        communication_score(*values)


@given(st.lists(st.floats(0.0, 1.0), min_size=4, max_size=4))
def test_communication_weights_not_summing_to_one_raise(weights: list[float]) -> None:
    assume(abs(sum(weights) - 1.0) > 1e-5)
    with pytest.raises(InvalidInputError, match="`weights`"):
        communication_score(1, 2, 3, 4, weights=weights)


# --- IKU 13 ---------------------------------------------------------------------------------


@given(shares, asset_counts, shares)
def test_bmd_bounded(team: float, counts: tuple[int, int], report: float) -> None:
    entered, owned = counts
    assert 0.0 <= bmd_inventory_score(team, entered, owned, report) <= 100.0


@given(shares, asset_counts, shares, shares, st.integers(0, 1000))
def test_bmd_monotone(
    team: float, counts: tuple[int, int], report: float, step: float, more: int
) -> None:
    entered, owned = counts
    base = bmd_inventory_score(team, entered, owned, report)
    assert bmd_inventory_score(min(team + step, 1.0), entered, owned, report) >= base - TOL
    assert bmd_inventory_score(team, min(entered + more, owned), owned, report) >= base - TOL
    assert bmd_inventory_score(team, entered, owned, min(report + step, 1.0)) >= base - TOL


@given(st.lists(st.tuples(shares, asset_counts, shares), min_size=1, max_size=6))
def test_bmd_containers_agree(rows: list[tuple[float, tuple[int, int], float]]) -> None:
    team = np.array([r[0] for r in rows])
    entered = np.array([r[1][0] for r in rows], dtype=float)
    owned = np.array([r[1][1] for r in rows], dtype=float)
    report = np.array([r[2] for r in rows])
    scalars = [
        bmd_inventory_score(*map(float, x)) for x in zip(team, entered, owned, report, strict=True)
    ]
    np.testing.assert_allclose(bmd_inventory_score(team, entered, owned, report), scalars)
    series = bmd_inventory_score(pd.Series(team), pd.Series(entered), pd.Series(owned), report)
    np.testing.assert_allclose(series.to_numpy(), scalars)


@given(st.integers(1, 1000), st.integers(1, 1000))
def test_bmd_entered_above_owned_raises(owned: int, excess: int) -> None:
    with pytest.raises(InvalidInputError, match="`assets_entered`"):
        bmd_inventory_score(1, owned + excess, owned, 1)


# --- IKU 14 ---------------------------------------------------------------------------------


@given(st.sampled_from(list(procurement_account_prefixes())), st.lists(segments, max_size=4))
def test_classify_prefix_plus_segments_matches(prefix: str, tail: list[str]) -> None:
    code = ".".join([prefix, *tail])
    assert classify_procurement_account(code) == prefix


@given(st.sampled_from(list(procurement_account_prefixes())), st.integers(0, 9))
def test_classify_extended_last_segment_does_not_match(prefix: str, digit: int) -> None:
    # "5.2.02" + "7" = "5.2.027": a different segment, so not the prefix
    assert classify_procurement_account(f"{prefix}{digit}") != prefix


spending_lines = st.lists(
    st.fixed_dictionaries(
        {
            "account_code": st.sampled_from(
                ["5.1.02.01", "5.2.02.05", "5.2.06", "5.1.01.01", "5.2.01.01", "4.1.01"]
            ),
            "realised_amount": st.integers(0, 10**12),
            "qualifying": st.booleans(),
        }
    ),
    min_size=1,
    max_size=20,
)


@given(spending_lines)
def test_tkdn_share_consistent_with_tkdn_pct(lines: list[dict[str, object]]) -> None:
    procurement = sum(
        int(line["realised_amount"])  # type: ignore[call-overload]
        for line in lines
        if str(line["account_code"]).startswith(("5.1.02.", "5.2.02.", "5.2.06"))
    )
    assume(procurement > 0)
    result = tkdn_share(lines)
    assert result.denominator == Decimal(procurement)
    assert 0.0 <= result.share_pct <= 100.0
    assert result.share_pct == pytest.approx(
        tkdn_pct(float(result.numerator), float(result.denominator)), rel=1e-12
    )
    assert len(result.lines) == len(lines)


@given(completion_counts)
def test_tkdn_pct_bounded(counts: tuple[int, int]) -> None:
    qualifying, procurement = counts
    assert 0.0 <= tkdn_pct(qualifying, procurement) <= 100.0


# --- IKU 15 ---------------------------------------------------------------------------------


@given(hours_lists)
def test_competency_bounded_and_cap_lowers(hours: list[float]) -> None:
    capped = competency_score(hours)
    assert 0.0 <= capped <= 100.0
    assert competency_score(hours, cap=False) >= capped - TOL


@given(hours_lists, st.floats(0.0, 100.0), st.data())
def test_competency_monotone(hours: list[float], step: float, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(hours) - 1))
    more = list(hours)
    more[i] += step
    assert competency_score(more) >= competency_score(hours) - TOL
    assert competency_score(more, cap=False) >= competency_score(hours, cap=False) - TOL


@given(hours_lists, st.randoms(use_true_random=False))
def test_competency_containers_and_order_agree(hours: list[float], rng: object) -> None:
    as_list = competency_score(hours)
    assert competency_score(np.array(hours)) == pytest.approx(as_list, abs=TOL)
    assert competency_score(pd.Series(hours)) == pytest.approx(as_list, abs=TOL)
    shuffled = list(hours)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert competency_score(shuffled) == pytest.approx(as_list, abs=TOL)
    per = competency_attainment(np.array(hours))
    scalars = [competency_attainment(h) for h in hours]
    np.testing.assert_allclose(per, scalars)
    np.testing.assert_allclose(competency_attainment(pd.Series(hours)).to_numpy(), scalars)


@given(st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False))
def test_competency_negative_hours_raise(h: float) -> None:
    with pytest.raises(InvalidInputError, match="`hours`"):
        competency_score([40.0, h])


# --- IKU 16, 17, 19, 20, 21 -----------------------------------------------------------------


@given(completion_counts)
def test_completion_bounded_and_monotone(counts: tuple[int, int]) -> None:
    completed, due = counts
    value = completion_pct(completed, due)
    assert 0.0 <= value <= 100.0
    if completed < due:
        assert completion_pct(completed + 1, due) > value
    assert completion_pct(completed, due + 1) <= value


@given(st.lists(completion_counts, min_size=1, max_size=8))
def test_completion_containers_agree(rows: list[tuple[int, int]]) -> None:
    done = np.array([r[0] for r in rows], dtype=float)
    due = np.array([r[1] for r in rows], dtype=float)
    scalars = [completion_pct(int(c), int(d)) for c, d in rows]
    np.testing.assert_allclose(completion_pct(done, due), scalars)
    np.testing.assert_allclose(completion_pct(pd.Series(done), pd.Series(due)).to_numpy(), scalars)


@given(st.integers(1, 1000), st.integers(1, 1000))
def test_completion_above_due_raises(due: int, excess: int) -> None:
    with pytest.raises(InvalidInputError, match="`completed`"):
        completion_pct(due + excess, due)


stage_dates = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 12, 31))


@given(
    st.lists(st.tuples(stage_dates, st.one_of(st.none(), stage_dates)), min_size=1, max_size=8),
    st.one_of(st.none(), stage_dates),
)
def test_stage_counts_partition(
    stages: list[tuple[dt.date, dt.date | None]], as_of: dt.date | None
) -> None:
    count = count_on_time_stages([s[0] for s in stages], [s[1] for s in stages], as_of=as_of)
    assert count.on_time + count.late + count.missing == count.due
    assert count.due + count.not_yet_due == len(stages)
    if count.due:
        assert 0.0 <= count.pct <= 100.0
