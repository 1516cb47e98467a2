"""Property tests of the KLA ranks and the share of ranked regions (methods/kla#kla)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dppapp_indikator import InvalidInputError
from dppapp_indikator.kla import KLA_NO_RANK, KLA_RANKS, kla_rank, kla_share

from .strategies import percents

#: A KemenPPPA evaluation total [points 0-1000].
points = st.floats(min_value=0.0, max_value=1000.0, allow_nan=False)
#: Five cluster scores [percent 0-100].
cluster_rows = st.lists(percents, min_size=5, max_size=5)
#: A rank label or None (no rank).
rank_labels = st.sampled_from([None, *KLA_RANKS])

LEVEL = {None: 0, **{label: i for i, label in enumerate(KLA_RANKS, start=1)}}


@given(points, points)
def test_rank_monotone_in_points(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert LEVEL[kla_rank(low)] <= LEVEL[kla_rank(high)]  # type: ignore[index]


@given(percents, percents)
def test_rank_monotone_in_percent(a: float, b: float) -> None:
    low, high = sorted((a, b))
    rank_low = kla_rank(low, profile="dki-2024")
    rank_high = kla_rank(high, profile="dki-2024")
    assert LEVEL[rank_low] <= LEVEL[rank_high]  # type: ignore[index]


@given(percents, percents, cluster_rows)
def test_rank_with_clusters_monotone_and_capped(a: float, b: float, clusters: list[float]) -> None:
    low, high = sorted((a, b))
    with_low = kla_rank(low, profile="dki-2024", clusters=clusters)
    with_high = kla_rank(high, profile="dki-2024", clusters=clusters)
    assert LEVEL[with_low] <= LEVEL[with_high]  # type: ignore[index]
    without = kla_rank(high, profile="dki-2024")
    assert LEVEL[with_high] <= LEVEL[without]  # type: ignore[index]
    if min(clusters) < 71:  # seed IKU 8: Nindya needs every cluster >= 71 %
        assert LEVEL[with_high] <= LEVEL["Madya"]
    else:
        assert with_high == without


@given(percents, cluster_rows, st.integers(0, 4), st.floats(0.0, 100.0))
def test_rank_monotone_in_each_cluster(
    total: float, clusters: list[float], j: int, step: float
) -> None:
    raised = list(clusters)
    raised[j] = min(raised[j] + step, 100.0)
    before = kla_rank(total, profile="dki-2024", clusters=clusters)
    after = kla_rank(total, profile="dki-2024", clusters=raised)
    assert LEVEL[before] <= LEVEL[after]  # type: ignore[index]


@given(hnp.arrays(np.float64, st.integers(1, 6), elements=points))
def test_scalar_array_series_agree(totals: np.ndarray) -> None:
    as_scalars = [kla_rank(float(t)) for t in totals]
    assert kla_rank(totals).tolist() == as_scalars
    index = [f"r{i}" for i in range(len(totals))]
    as_series = kla_rank(pd.Series(totals, index=index))
    assert list(as_series.index) == index
    assert as_series.tolist() == as_scalars


@given(st.lists(st.tuples(percents, cluster_rows), min_size=1, max_size=6))
def test_clusters_scalar_array_agree(units: list[tuple[float, list[float]]]) -> None:
    totals = np.array([t for t, _ in units])
    clusters = np.array([c for _, c in units])
    as_scalars = [kla_rank(t, profile="dki-2024", clusters=c) for t, c in units]
    assert kla_rank(totals, profile="dki-2024", clusters=clusters).tolist() == as_scalars
    frame = pd.DataFrame(clusters)
    as_series = kla_rank(pd.Series(totals), profile="dki-2024", clusters=frame)
    assert as_series.tolist() == as_scalars


@given(st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=1000.000001)))
def test_points_out_of_range_raise(total: float) -> None:
    with pytest.raises(InvalidInputError, match="`total`"):
        kla_rank(total)


@given(st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=100.000001)))
def test_cluster_out_of_range_raises(score: float) -> None:
    with pytest.raises(InvalidInputError, match="`clusters`"):
        kla_rank(75.0, profile="dki-2024", clusters=[80.0, 80.0, score, 80.0, 80.0])


def _named(ranks: list[str | None]) -> dict[str, str | None]:
    return {f"Wilayah {i}": rank for i, rank in enumerate(ranks)}


@given(st.lists(rank_labels, min_size=1, max_size=12), st.sampled_from(KLA_RANKS))
def test_share_bounds_and_order(ranks: list[str | None], at_least: str) -> None:
    named = _named(ranks)
    regions = list(named)
    share = kla_share(named, regions=regions, at_least=at_least, missing="unranked")  # type: ignore[arg-type]
    exact = kla_share(named, regions=regions, at_least=at_least, exact=True, missing="unranked")  # type: ignore[arg-type]
    assert 0.0 <= exact <= share <= 100.0
    assert kla_share(named, regions=regions, at_least="Pratama", missing="unranked") >= share
    # the order of the regions does not matter, nor the container
    assert kla_share(named, regions=regions[::-1], at_least=at_least, missing="unranked") == share  # type: ignore[arg-type]
    series = pd.Series(list(named.values()), index=regions, dtype=object)
    assert kla_share(series, regions=regions, at_least=at_least, missing="unranked") == share  # type: ignore[arg-type]
    # a missing rank is refused unless the policy says otherwise
    if any(r is None for r in ranks):
        with pytest.raises(InvalidInputError, match="no rank for"):
            kla_share(named, regions=regions)


@given(st.lists(rank_labels, min_size=1, max_size=12))
def test_exact_shares_add_up(ranks: list[str | None]) -> None:
    named = _named(ranks)
    exact = [
        kla_share(named, regions=list(named), at_least=r, exact=True, missing="unranked")
        for r in KLA_RANKS
    ]
    unranked = 100.0 * sum(r is None for r in ranks) / len(ranks)
    assert sum(exact) + unranked == pytest.approx(100.0)


@given(st.lists(rank_labels, min_size=1, max_size=6), st.integers(min_value=0, max_value=5))
def test_share_refuses_a_missing_region(ranks: list[str | None], drop: int) -> None:
    named = _named(ranks)
    regions = list(named)
    dropped = regions[drop % len(regions)]
    del named[dropped]
    with pytest.raises(InvalidInputError, match=f"missing '{dropped}'"):
        kla_share(named, regions=regions, missing="unranked")


@given(
    st.lists(rank_labels, min_size=1, max_size=6),
    st.text(min_size=1, max_size=8).filter(lambda s: s not in (*KLA_RANKS, KLA_NO_RANK)),
)
def test_share_unknown_label_raises(ranks: list[str | None], label: str) -> None:
    named = {**_named(ranks), "Wilayah X": label}
    with pytest.raises(InvalidInputError, match="`ranks`"):
        kla_share(named, regions=list(named), missing="unranked")
