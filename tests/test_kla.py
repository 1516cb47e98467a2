"""Reference and behaviour tests of dppapp_indikator.kla (methods/kla#kla)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pydantic
import pytest

from dppapp_indikator import InvalidInputError, calculate, get_indicator
from dppapp_indikator._bands import get_profile
from dppapp_indikator.kla import (
    DKI_REGIONS,
    KLA_NO_RANK,
    KLA_RANKS,
    kla_cluster_cap,
    kla_rank,
    kla_share,
    kla_total_range,
)
from dppapp_indikator.registry import Result

# --- KemenPPPA points bands --------------------------------------------------------------------
# methods/kla#kla: below 500 none; Pratama 500-600; Madya 601-700; Nindya 701-800; Utama 801-900;
# KLA 901-1000; for non-integers lower bounds 500 inclusive, 600/700/800/900 exclusive.


@pytest.mark.parametrize(
    ("total", "rank"),
    [
        (0, None),
        (499.99, None),
        (500, "Pratama"),
        (600, "Pratama"),
        (600.5, "Madya"),
        (601, "Madya"),
        (700, "Madya"),
        (700.5, "Nindya"),
        (701, "Nindya"),
        (800, "Nindya"),
        (801, "Utama"),
        (900, "Utama"),
        (901, "KLA"),
        (1000, "KLA"),
    ],
)
def test_kemenpppa_boundaries(total: float, rank: str | None) -> None:
    assert kla_rank(total) == rank
    assert kla_rank(total, profile="kemenpppa") == rank


@pytest.mark.parametrize("total", [-1, 1000.5, -0.001, np.inf])
def test_kemenpppa_out_of_range_raises(total: float) -> None:
    with pytest.raises(InvalidInputError, match=r"`total` must be in \[0, 1000\]"):
        kla_rank(total)


# --- DKI 2024 percent bands --------------------------------------------------------------------
# Seed (PK 2024, IKU 8): Pratama 51-60 %, Madya 61-70 %, Nindya 71-80 %, Utama 81-90 %,
# KLA 91-100 %; boundary rule for non-integers [inferred]: lower bounds exclusive (> 50, > 60 ...).


@pytest.mark.parametrize(
    ("total", "rank"),
    [
        (0, None),
        (50, None),
        (50.01, "Pratama"),
        (51, "Pratama"),
        (60, "Pratama"),
        (60.5, "Madya"),
        (61, "Madya"),
        (70, "Madya"),
        (70.5, "Nindya"),
        (71, "Nindya"),
        (80, "Nindya"),
        (80.5, "Utama"),
        (81, "Utama"),
        (90, "Utama"),
        (90.5, "KLA"),
        (91, "KLA"),
        (100, "KLA"),
    ],
)
def test_dki_2024_boundaries(total: float, rank: str | None) -> None:
    assert kla_rank(total, profile="dki-2024") == rank


@pytest.mark.parametrize("total", [-1, 100.5, 750])
def test_dki_2024_out_of_range_raises(total: float) -> None:
    with pytest.raises(InvalidInputError, match=r"`total` must be in \[0, 100\]"):
        kla_rank(total, profile="dki-2024")


def test_whole_percents_reproduce_the_seed_ranges() -> None:
    # Seed IKU 8: Pratama 51-60, Madya 61-70, Nindya 71-80, Utama 81-90, KLA 91-100.
    seed = {"Pratama": (51, 60), "Madya": (61, 70), "Nindya": (71, 80), "Utama": (81, 90)}
    seed["KLA"] = (91, 100)
    for rank, (low, high) in seed.items():
        for percent in range(low, high + 1):
            assert kla_rank(float(percent), profile="dki-2024") == rank
    for percent in range(51):
        assert kla_rank(float(percent), profile="dki-2024") is None


# --- the DKI cluster rule ----------------------------------------------------------------------
# Seed IKU 8: "di setiap klaster harus terpenuhi minimal 71 % agar dapat memperoleh peringkat
# Nindya"; capping at Madya when it fails is [inferred] (methods/kla#kla).


@pytest.mark.parametrize(
    ("total", "clusters", "rank"),
    [
        (75.0, [71, 71, 71, 71, 71], "Nindya"),  # every cluster at the threshold: rule met
        (75.0, [70.99, 90, 90, 90, 90], "Madya"),  # one cluster short: capped at Madya
        (95.0, [90, 90, 90, 90, 50], "Madya"),  # KLA by total, capped at Madya
        (85.0, [100, 100, 100, 100, 100], "Utama"),
        (65.0, [10, 10, 10, 10, 10], "Madya"),  # already Madya: the rule changes nothing
        (55.0, [0, 0, 0, 0, 0], "Pratama"),  # below the cap: unchanged
        (40.0, [0, 0, 0, 0, 0], None),
        (75.0, [80, 80, np.nan, 80, 80], None),  # a missing cluster score: no rank
    ],
)
def test_dki_cluster_rule(total: float, clusters: list[float], rank: str | None) -> None:
    assert kla_rank(total, profile="dki-2024", clusters=clusters) == rank


def test_cluster_rule_threshold_and_cap_come_from_the_data_file() -> None:
    rule = get_profile("kla-dki-2024-clusters")
    assert [(b.label, b.lower, b.lower_inclusive) for b in rule.bands] == [
        ("Madya", 0.0, True),
        ("KLA", 71.0, True),  # seed: "minimal 71 %"
    ]
    assert kla_cluster_cap([71, 71, 71, 71, 71]) == "KLA"
    assert kla_cluster_cap([70.9, 100, 100, 100, 100]) == "Madya"


def test_cluster_rule_vectorised() -> None:
    clusters = np.array([[71.0] * 5, [70.0, 90, 90, 90, 90], [90.0] * 5])
    out = kla_rank(np.array([75.0, 75.0, 95.0]), profile="dki-2024", clusters=clusters)
    assert isinstance(out, np.ndarray)
    assert out.tolist() == ["Nindya", "Madya", "KLA"]
    # one total for several units broadcasts against the cluster rows
    assert kla_rank(75.0, profile="dki-2024", clusters=clusters).tolist() == [
        "Nindya",
        "Madya",
        "Nindya",
    ]


def test_cluster_rule_dataframe_keeps_index() -> None:
    index = ["Jakarta Pusat", "Jakarta Utara"]
    clusters = pd.DataFrame([[75.0] * 5, [70.0, 80, 80, 80, 80]], index=index)
    totals = pd.Series([75.0, 75.0], index=index, name="kla")
    out = kla_rank(totals, profile="dki-2024", clusters=clusters)
    assert isinstance(out, pd.Series)
    assert list(out.index) == index
    assert out.tolist() == ["Nindya", "Madya"]
    out2 = kla_rank(75.0, profile="dki-2024", clusters=clusters)
    assert isinstance(out2, pd.Series)
    assert list(out2.index) == index
    caps = kla_cluster_cap(clusters)
    assert isinstance(caps, pd.Series)
    assert caps.tolist() == ["KLA", "Madya"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"total": 750, "clusters": [80] * 5}, "only to a profile with a cluster rule"),
        ({"total": 75, "profile": "dki-2024", "clusters": [80] * 4}, "5 cluster scores"),
        ({"total": 75, "profile": "dki-2024", "clusters": [[[80] * 5]]}, "5 cluster scores"),
        ({"total": 75, "profile": "dki-2024", "clusters": [80, 80, 80, 80, 101]}, r"\[0, 100\]"),
        ({"total": 75, "profile": "dki-2024", "clusters": "abcde"}, "numeric"),
        (
            {"total": [75, 75], "profile": "dki-2024", "clusters": [[80] * 5] * 3},
            "one row per element",
        ),
    ],
)
def test_bad_clusters(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`clusters`.*{match}"):
        kla_rank(**kwargs)


def test_clusters_index_mismatch_raises() -> None:
    totals = pd.Series([75.0, 75.0], index=["a", "b"])
    clusters = pd.DataFrame([[80.0] * 5] * 2, index=["a", "c"])
    with pytest.raises(InvalidInputError, match="`clusters` must have the same index"):
        kla_rank(totals, profile="dki-2024", clusters=clusters)


def test_unknown_profile_raises() -> None:
    with pytest.raises(InvalidInputError, match="`profile` must be one of"):
        kla_rank(500, profile="kemenpppa-2011")  # type: ignore[arg-type]


def test_bad_total_raises() -> None:
    with pytest.raises(InvalidInputError, match="`total` must be numeric"):
        kla_rank("Nindya")  # type: ignore[arg-type]


def test_rank_containers_and_nan() -> None:
    assert kla_rank(750) == "Nindya"
    out = kla_rank(np.array([450.0, np.nan, 950.0]))
    assert isinstance(out, np.ndarray)
    assert out.dtype == object
    assert out.tolist() == [None, None, "KLA"]
    out_s = kla_rank(pd.Series([650.0, 850.0], index=[10, 20]))
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == [10, 20]
    assert out_s.tolist() == ["Madya", "Utama"]


def test_bands_come_from_the_data_file() -> None:
    assert tuple(get_profile("kla-kemenpppa").labels()) == KLA_RANKS
    assert tuple(get_profile("kla-dki-2024").labels()) == KLA_RANKS
    assert kla_total_range("kemenpppa") == (0.0, 1000.0)
    assert kla_total_range("dki-2024") == (0.0, 100.0)
    for name in ("kla-kemenpppa", "kla-dki-2024", "kla-dki-2024-clusters"):
        assert get_profile(name).source


# --- share of regions (IKU 8) ------------------------------------------------------------------
# Known results (tests/data/validation.toml; methods/kla#kla). Only some regions'
# ranks are published for each year, so shares are taken over the regions with a known rank.
KNOWN_RANKS = {
    2021: {  # poskota 2021-10-15; beritajakarta; beritajakarta 95005
        "Jakarta Pusat": "Madya",
        "Jakarta Utara": "Nindya",
        "Kepulauan Seribu": "Madya",
    },
    2023: {  # pusat.jakarta.go.id 2023; beritajakarta 138735; komunitastodays.co 2025-04-14
        "Jakarta Pusat": "Nindya",
        "Jakarta Utara": "Utama",
        "Jakarta Barat": "Nindya",
    },
    2024: {  # okjakarta.com (awarded 2025-08-08); radarnonstop.co 55878
        "Jakarta Pusat": "Utama",
        "Jakarta Utara": "Utama",
    },
}


SIX = {  # the six DKI kota/kabupaten, as the 2023 evaluation would name them
    "Kota Jakarta Pusat": "Nindya",
    "Kota Jakarta Utara": "Utama",
    "Kota Jakarta Barat": "Nindya",
    "Kota Jakarta Selatan": "Nindya",
    "Kota Jakarta Timur": "Madya",
    "Kabupaten Kepulauan Seribu": "Pratama",
}


@pytest.mark.parametrize(
    ("year", "at_least", "exact", "expected"),
    [
        (2021, "Nindya", False, 100 / 3),  # hand: 1 of 3 (Jakarta Utara)
        (2021, "Madya", True, 200 / 3),  # hand: 2 of 3 exactly Madya
        (2021, "Utama", False, 0.0),  # hand: none
        (2023, "Nindya", False, 100.0),  # hand: 3 of 3
        (2023, "Nindya", True, 200 / 3),  # hand: 2 of 3 exactly Nindya
        (2023, "Utama", False, 100 / 3),  # hand: 1 of 3
        (2024, "Nindya", False, 100.0),  # hand: 2 of 2
        (2024, "KLA", False, 0.0),  # hand: none
    ],
)
def test_known_dki_results(year: int, at_least: Any, exact: bool, expected: float) -> None:
    # only some ranks are published: the share over those regions, named explicitly
    ranks = KNOWN_RANKS[year]
    value = kla_share(ranks, regions=list(ranks), at_least=at_least, exact=exact)
    assert value == pytest.approx(expected, abs=1e-9)


def test_six_regions_action_plan_and_annual_target() -> None:
    # IKU 8 counts the 6 DKI kota/kabupaten. 4 of 6 = 66.67 %, the action plan's "67%"
    # (seed T/O3.1.1); 6 of 6 = 100 %, the annual target (seed row 8).
    assert tuple(SIX) == DKI_REGIONS
    assert round(kla_share(SIX)) == 67  # hand: Pusat, Utara, Barat, Selatan = 4 of 6
    assert kla_share(dict.fromkeys(SIX, "Nindya")) == 100.0
    # short names match ("Jakarta Pusat" is "Kota Jakarta Pusat")
    short = {name.split(" ", 1)[1]: rank for name, rank in SIX.items()}
    assert kla_share(short) == kla_share(SIX)


def test_share_requires_the_six_regions() -> None:
    # five regions at Nindya used to give 100 %: now the sixth is required by name
    five = dict(list(dict.fromkeys(SIX, "Nindya").items())[:5])
    with pytest.raises(InvalidInputError, match="missing 'Kabupaten Kepulauan Seribu'"):
        kla_share(five)
    with pytest.raises(
        InvalidInputError, match=r"not among the 6 kota/kabupaten.*'Jakarta Pusatt'"
    ):
        kla_share({**SIX, "Jakarta Pusatt": "Nindya"})
    with pytest.raises(InvalidInputError, match="twice"):
        kla_share({**SIX, "Jakarta Pusat": "Madya"})
    # an explicit list of regions replaces the six
    assert kla_share(five, regions=list(five)) == 100.0


def test_share_missing_rank_refused_or_counted_by_choice() -> None:
    with_unknown = {**SIX, "Kota Jakarta Timur": None}
    with pytest.raises(InvalidInputError, match="no rank for 'Kota Jakarta Timur'"):
        kla_share(with_unknown)
    for missing in (float("nan"), pd.NA):
        with pytest.raises(InvalidInputError, match="missing='unranked'"):
            kla_share({**SIX, "Kota Jakarta Pusat": missing})
    # explicitly unranked: 3 of 6 at least Nindya (Utara, Barat, Selatan) = 50 %
    assert kla_share({**SIX, "Kota Jakarta Pusat": None}, missing="unranked") == 50.0
    # "Tanpa peringkat": evaluated and ranked below Pratama, a rank, not a gap
    assert kla_share({**SIX, "Kota Jakarta Pusat": KLA_NO_RANK}) == 50.0


def test_share_containers() -> None:
    expected = 400 / 6  # hand: 4 of 6
    assert kla_share(pd.Series(SIX)) == pytest.approx(expected)
    assert kla_share(pd.Series(list(SIX.values()), index=list(SIX))) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("ranks", "kwargs", "name", "match"),
    [
        ({**SIX, "Kota Jakarta Timur": "nindya"}, {}, "ranks", "'Kota Jakarta Timur'.*'nindya'"),
        ({**SIX, "Kota Jakarta Timur": "Platinum"}, {}, "ranks", "'Platinum'"),
        ({**SIX, "Kota Jakarta Timur": 3}, {}, "ranks", "has; got 3"),
        ({}, {}, "ranks", "missing"),
        (["Nindya"] * 6, {}, "ranks", "region's name"),
        ("Nindya", {}, "ranks", "region's name"),
        ({1: "Nindya"}, {"regions": ["A"]}, "ranks", "region names"),
        (SIX, {"regions": []}, "regions", "at least one"),
        (SIX, {"regions": "Jakarta"}, "regions", "list"),
        (SIX, {"regions": ["A", "a"]}, "regions", "twice"),
        (SIX, {"at_least": "Gold"}, "at_least", "'Gold'"),
        (SIX, {"exact": "yes"}, "exact", "True or False"),
        (SIX, {"missing": "ignore"}, "missing", "'ignore'"),
    ],
)
def test_share_bad_input(ranks: Any, kwargs: dict[str, Any], name: str, match: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`.*{match}"):
        kla_share(ranks, **kwargs)


# --- registry records --------------------------------------------------------------------------


def test_calculate_kla_rank() -> None:
    result = calculate("kla_rank", {"total": 750})
    assert result.category == "Nindya"  # methods/kla#kla: 701-800
    assert result.value == 3.0  # rank level: Pratama 1, Madya 2, Nindya 3
    assert result.components["rank_by_total"] == "Nindya"
    assert result.components["cluster_cap"] is None
    assert Result.model_validate_json(result.model_dump_json()) == result


def test_calculate_kla_rank_with_cluster_rule() -> None:
    result = calculate(
        "kla_rank", {"total": 85, "profile": "dki-2024", "clusters": [80, 80, 60, 80, 80]}
    )
    assert result.components["rank_by_total"] == "Utama"  # seed: 81-90 %
    assert result.components["cluster_cap"] == "Madya"  # cluster III below 71 %
    assert result.category == "Madya"
    assert result.value == 2.0
    below = calculate("kla_rank", {"total": 300})
    assert below.category is None
    assert below.value == 0.0


def test_calculate_kla_nindya_share() -> None:
    regions = [
        {"name": "Jakarta Pusat", "total": 750},
        {"name": "Jakarta Utara", "rank": "Utama"},
        {"name": "Jakarta Barat", "total": 75, "profile": "dki-2024", "clusters": [75] * 5},
        {"name": "Jakarta Selatan", "total": 75, "profile": "dki-2024", "clusters": [70] * 5},
        {"name": "Jakarta Timur", "total": 650},
        {"name": "Kepulauan Seribu", "rank": None},
    ]
    # a rank that is not known is refused, naming the region
    with pytest.raises(InvalidInputError, match="no rank for 'Kepulauan Seribu'"):
        calculate("kla_nindya_share", {"regions": regions})
    result = calculate("kla_nindya_share", {"regions": regions, "missing": "unranked"})
    assert result.components["rank_not_known"] == ["Kepulauan Seribu"]
    # hand: Pusat Nindya, Utara Utama, Barat Nindya -> 3 of 6 at least Nindya = 50 %
    assert result.value == pytest.approx(50.0, abs=1e-12)
    assert result.components["count"] == 3
    assert result.components["n_regions"] == 6
    assert result.components["ranks"] == {
        "Jakarta Pusat": "Nindya",
        "Jakarta Utara": "Utama",
        "Jakarta Barat": "Nindya",
        "Jakarta Selatan": "Madya",
        "Jakarta Timur": "Madya",
        "Kepulauan Seribu": None,
    }
    assert result.unit == "percent"
    exact = calculate(
        "kla_nindya_share", {"regions": regions, "exact": True, "missing": "unranked"}
    )
    assert exact.value == pytest.approx(100 / 3, abs=1e-12)  # hand: 2 of 6 exactly Nindya
    assert Result.model_validate_json(result.model_dump_json()) == result


def test_kla_records_metadata() -> None:
    share = get_indicator("kla_nindya_share")
    assert (share.iku, share.polarity, share.unit) == (8, "higher", "percent")  # seed row 8
    assert share.name_id == "Persentase Kota/Kabupaten Yang Memperoleh Peringkat Nindya"
    # the registered example covers the six regions and computes: hand 4 of 6 >= Nindya
    (example,) = share.examples
    assert share.calculate(example).value == pytest.approx(400 / 6)
    assert get_indicator("kla_rank").iku is None


@pytest.mark.parametrize(
    ("code", "inputs", "match"),
    [
        ("kla_rank", {"total": 1001}, "total"),
        ("kla_rank", {"total": 150, "profile": "dki-2024"}, "total"),
        ("kla_rank", {"total": 750, "clusters": [80] * 5}, "cluster rule"),
        ("kla_rank", {"total": 75, "profile": "dki-2024", "clusters": [80] * 4}, "clusters"),
        ("kla_rank", {"total": 75, "profile": "dki"}, "profile"),
        ("kla_nindya_share", {"regions": []}, "regions"),
        ("kla_nindya_share", {"regions": [{"name": "A"}]}, "give `total`"),
        ("kla_nindya_share", {"regions": [{"name": "A", "total": 750, "rank": "Madya"}]}, "both"),
        ("kla_nindya_share", {"regions": [{"name": "A", "rank": "Gold"}]}, "rank"),
        (
            "kla_nindya_share",
            {"regions": [{"name": "A", "rank": None, "clusters": [80] * 5}]},
            "needs `total`",
        ),
        ("kla_nindya_share", {"regions": [{"name": "A", "rank": None}] * 2}, "unique"),
        (
            "kla_nindya_share",
            {"regions": [{"name": "A", "rank": None}], "at_least": "X"},
            "at_least",
        ),
    ],
)
def test_calculate_bad_inputs(code: str, inputs: dict[str, Any], match: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=match):
        calculate(code, inputs)


def test_calculate_kla_share_regions_and_below_pratama() -> None:
    five = [{"name": n, "rank": "Nindya"} for n in list(SIX)[:5]]
    with pytest.raises(InvalidInputError, match="Kepulauan Seribu"):
        calculate("kla_nindya_share", {"regions": five})
    # an explicit list: 5 of 5
    names = list(SIX)[:5]
    result = calculate("kla_nindya_share", {"regions": five, "expected_regions": names})
    assert result.value == 100.0 and result.components["n_regions"] == 5
    # a total below Pratama (300 points) is a result, "Tanpa peringkat", not a gap
    six = [*five, {"name": "Kepulauan Seribu", "total": 300}]
    result = calculate("kla_nindya_share", {"regions": six})
    assert result.components["ranks"]["Kepulauan Seribu"] == KLA_NO_RANK
    assert result.value == pytest.approx(500 / 6)  # hand: 5 of 6
