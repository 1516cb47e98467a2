"""Registry records of the Kabupaten/Kota Layak Anak ranks (methods/kla#kla)."""

from __future__ import annotations

from typing import Annotated, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..kla import (
    DKI_REGIONS,
    KLA_NO_RANK,
    KLA_PROFILES,
    KLA_RANKS,
    KLAProfile,
    KLARank,
    MissingRankPolicy,
    kla_cluster_cap,
    kla_rank,
    kla_share,
    kla_total_range,
)
from ..registry import Computation, Indicator, IndicatorInput, register

ClusterScore = Annotated[float, Field(ge=0, le=100)]
#: The 5 cluster scores of one unit (klaster I-V) [percent 0-100].
ClusterScores = tuple[ClusterScore, ClusterScore, ClusterScore, ClusterScore, ClusterScore]

_RANK_LEVEL_UNIT = "rank level 0-5 (0 no rank, 1 Pratama, 2 Madya, 3 Nindya, 4 Utama, 5 KLA)"


def _level(rank: str | None) -> int:
    return KLA_RANKS.index(rank) + 1 if rank in KLA_RANKS else 0


def _check_total(total: float, profile: KLAProfile, clusters: ClusterScores | None) -> None:
    """Range of ``total`` under ``profile`` and availability of a cluster rule."""
    low, high = kla_total_range(profile)
    if not low <= total <= high:
        raise ValueError(f"`total` must be in [{low:g}, {high:g}] under profile {profile!r}")
    if clusters is not None:
        kla_cluster_cap(list(clusters), profile=profile)  # raises for a profile without a rule


def _cap_label(profile: KLAProfile, clusters: ClusterScores | None) -> str | None:
    """The highest rank the cluster scores allow (``None`` when no scores are given)."""
    if clusters is None:
        return None
    return cast("str | None", kla_cluster_cap(list(clusters), profile=profile))


class KlaRankInput(IndicatorInput):
    """Inputs of the KLA rank of one kota/kabupaten (methods/kla#kla)."""

    total: float = Field(
        ge=0,
        le=1000,
        description=(
            "Evaluation total [points 0-1000 under profile 'kemenpppa'; percent 0-100 under "
            "profile 'dki-2024']."
        ),
    )
    profile: KLAProfile = Field(
        default="kemenpppa",
        description=f"Rank bands: one of {', '.join(KLA_PROFILES)} (data/bands_kla.toml).",
    )
    clusters: ClusterScores | None = Field(
        default=None,
        description=(
            "Fulfilment of the 5 child-rights clusters I-V [percent 0-100]; only with profile "
            "'dki-2024' (Nindya or above needs every cluster >= 71 %)."
        ),
    )

    @model_validator(mode="after")
    def _consistent(self) -> KlaRankInput:
        _check_total(self.total, self.profile, self.clusters)
        return self


def _compute_kla_rank(inputs: KlaRankInput) -> Computation:
    by_total = cast("str | None", kla_rank(inputs.total, profile=inputs.profile))
    clusters = None if inputs.clusters is None else list(inputs.clusters)
    rank = cast("str | None", kla_rank(inputs.total, profile=inputs.profile, clusters=clusters))
    cap = _cap_label(inputs.profile, inputs.clusters)
    return Computation(
        value=float(_level(rank)),
        components={
            "total": inputs.total,
            "profile": inputs.profile,
            "clusters": clusters,
            "rank_by_total": by_total,
            "cluster_cap": cap,
            "rank": rank,
        },
        category=rank,
        method=(
            f"KLA bands of profile {inputs.profile!r} (data/bands_kla.toml, methods/kla#kla)"
            + ("" if inputs.clusters is None else "; cluster rule applied")
        ),
    )


class KlaRegion(BaseModel):
    """One kota/kabupaten: its evaluation total (and cluster scores) or its rank."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    name: str = Field(min_length=1, description="Name of the kota/kabupaten.")
    total: float | None = Field(
        default=None,
        ge=0,
        le=1000,
        description=(
            "Evaluation total [points 0-1000 under 'kemenpppa'; percent 0-100 under "
            "'dki-2024']; give this or `rank`."
        ),
    )
    rank: KLARank | Literal["Tanpa peringkat"] | None = Field(
        default=None,
        description=(
            "The published rank (Pratama, Madya, Nindya, Utama, KLA, or 'Tanpa peringkat' when "
            "evaluated and ranked below Pratama; null = not known, refused unless "
            "`missing` is 'unranked'); give this or `total`."
        ),
    )
    clusters: ClusterScores | None = Field(
        default=None,
        description="Cluster scores I-V [percent 0-100]; only with `total` under 'dki-2024'.",
    )
    profile: KLAProfile = Field(
        default="kemenpppa", description="Rank bands used with `total` (data/bands_kla.toml)."
    )

    @model_validator(mode="after")
    def _total_or_rank(self) -> KlaRegion:
        if self.total is not None:
            if self.rank is not None:
                raise ValueError(f"region {self.name!r}: give `total` or `rank`, not both")
            _check_total(self.total, self.profile, self.clusters)
        else:
            if "rank" not in self.model_fields_set:
                raise ValueError(
                    f"region {self.name!r}: give `total` (points or percent) or `rank` "
                    f"({KLA_NO_RANK!r} when ranked below Pratama)"
                )
            if self.clusters is not None:
                raise ValueError(f"region {self.name!r}: `clusters` needs `total`")
        return self

    def resolved_rank(self) -> str | None:
        """The rank: computed from ``total`` when given (below Pratama: "Tanpa peringkat"),
        else the stated ``rank`` (None when not known)."""
        if self.total is None:
            return self.rank
        clusters = None if self.clusters is None else list(self.clusters)
        rank = cast("str | None", kla_rank(self.total, profile=self.profile, clusters=clusters))
        return KLA_NO_RANK if rank is None else rank


class KlaNindyaShareInput(IndicatorInput):
    """Inputs of IKU 8: the ranks of the kota/kabupaten (methods/kla#kla)."""

    regions: tuple[KlaRegion, ...] = Field(
        min_length=1,
        description=(
            "One record per kota/kabupaten: by default the 6 of DKI Jakarta, each required "
            "(Kota Jakarta Pusat, Utara, Barat, Selatan, Timur, Kabupaten Kepulauan Seribu; "
            "'Jakarta Pusat' matches 'Kota Jakarta Pusat')."
        ),
    )
    expected_regions: list[str] | None = Field(
        default=None,
        min_length=1,
        description=(
            "The regions the share is over, when not the 6 of DKI Jakarta; each must have a "
            "record in `regions`."
        ),
    )
    at_least: KLARank = Field(default="Nindya", description="The rank to reach.")
    exact: bool = Field(default=False, description="Count only regions ranked exactly `at_least`.")
    missing: MissingRankPolicy = Field(
        default="raise",
        description=(
            "A region whose rank is null (not known): 'raise' (default) refuses; 'unranked' "
            "counts it as below Pratama and lists it in the components."
        ),
    )

    @model_validator(mode="after")
    def _unique_names(self) -> KlaNindyaShareInput:
        from ..kla import region_key

        keys = [region_key(r.name) for r in self.regions]
        repeated = [r.name for r, k in zip(self.regions, keys, strict=True) if keys.count(k) > 1]
        duplicates = sorted(set(repeated))
        if duplicates:
            raise ValueError(f"region names must be unique; repeated: {duplicates}")
        return self


def _compute_kla_nindya_share(inputs: KlaNindyaShareInput) -> Computation:
    ranks = {region.name: region.resolved_rank() for region in inputs.regions}
    regions = DKI_REGIONS if inputs.expected_regions is None else tuple(inputs.expected_regions)
    value = kla_share(
        ranks,
        regions=regions,
        at_least=inputs.at_least,
        exact=inputs.exact,
        missing=inputs.missing,
    )
    target = KLA_RANKS.index(inputs.at_least) + 1
    count = sum(
        (_level(r) == target) if inputs.exact else (_level(r) >= target) for r in ranks.values()
    )
    return Computation(
        value=value,
        components={
            "ranks": ranks,
            "count": count,
            "n_regions": len(regions),
            "regions": list(regions),
            "rank_not_known": [name for name, rank in ranks.items() if rank is None],
            "missing": inputs.missing,
            "at_least": inputs.at_least,
            "exact": inputs.exact,
        },
        category=None,
        method=(
            f"percent of the {len(regions)} regions ranked "
            f"{'exactly' if inputs.exact else 'at least'} {inputs.at_least}"
            + (
                "; regions with no known rank counted as unranked"
                if inputs.missing == "unranked"
                else ""
            )
            + " (methods/kla#kla)"
        ),
    )


register(
    Indicator(
        code="kla_nindya_share",
        name_id="Persentase Kota/Kabupaten Yang Memperoleh Peringkat Nindya",
        name_en="Percent of cities/regencies ranked Nindya or higher as child-friendly (KLA)",
        unit="percent",
        polarity="higher",
        iku=8,
        legal_basis=(
            "Peraturan Presiden Nomor 25 Tahun 2021 tentang Kebijakan Kabupaten/Kota Layak Anak; "
            "Peraturan Menteri Negara PPPA Nomor 11, 12, 13 dan 14 Tahun 2011 (kebijakan, "
            "indikator, panduan pengembangan dan panduan evaluasi KLA); Peraturan Menteri PPPA "
            "Nomor 2 Tahun 2020 tentang Rencana Strategis KemenPPPA"
        ),
        formula=(
            "share = #(kota/kabupaten with KLA rank >= Nindya) / #(kota/kabupaten) x 100 over "
            "the 6 kota/kabupaten of DKI Jakarta, each required by name; a rank not known is "
            "refused (or, by choice, counted as unranked)"
        ),
        function=kla_share,
        input_model=KlaNindyaShareInput,
        compute=_compute_kla_nindya_share,
        # published 2023 ranks: Jakarta Pusat Nindya, Jakarta Utara Utama, Jakarta Barat
        # Nindya; the other three illustrative (two totals in points, one rank)
        examples=(
            {
                "regions": [
                    {"name": "Kota Jakarta Pusat", "rank": "Nindya"},
                    {"name": "Kota Jakarta Utara", "rank": "Utama"},
                    {"name": "Kota Jakarta Barat", "rank": "Nindya"},
                    {"name": "Kota Jakarta Selatan", "total": 712.0},
                    {"name": "Kota Jakarta Timur", "rank": "Madya"},
                    {"name": "Kabupaten Kepulauan Seribu", "total": 650.0},
                ]
            },
        ),
    )
)

register(
    Indicator(
        code="kla_rank",
        name_id="Peringkat Kabupaten/Kota Layak Anak",
        name_en="Child-friendly city/regency (KLA) evaluation rank",
        unit=_RANK_LEVEL_UNIT,
        polarity="higher",
        iku=None,
        legal_basis=(
            "Peraturan Presiden Nomor 25 Tahun 2021 tentang Kebijakan Kabupaten/Kota Layak Anak; "
            "Peraturan Menteri Negara PPPA Nomor 14 Tahun 2011 tentang Panduan Evaluasi "
            "Kabupaten/Kota Layak Anak; Perjanjian Kinerja 2024 Dinas PPAPP DKI Jakarta, IKU 8"
        ),
        formula=(
            "kemenpppa (points): <500 none; 500-600 Pratama; >600-700 Madya; >700-800 Nindya; "
            ">800-900 Utama; >900-1000 KLA. dki-2024 (percent): >50-60 Pratama; >60-70 Madya; "
            ">70-80 Nindya; >80-90 Utama; >90-100 KLA; Nindya or above needs every cluster "
            ">= 71 %, else the rank is capped at Madya"
        ),
        function=kla_rank,
        input_model=KlaRankInput,
        compute=_compute_kla_rank,
        examples=(
            {"total": 701.0},
            {"total": 75.0, "profile": "dki-2024", "clusters": [80, 75, 72, 71, 90]},
        ),
    )
)
