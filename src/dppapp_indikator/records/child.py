"""Registry records of the child protection indices, and the IPA catalogue schema
(methods/child#ipa).

Records: ``ipa`` (agreement IKU 3), ``ipha`` and ``ipka`` (supporting entries). The pydantic
schema of ``data/ipa_catalogue.toml`` also lives here (this module is imported lazily, so the
formula module :mod:`dppapp_indikator.child` stays free of pydantic at import).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from .._structure import IPKA_INDICATORS
from ..child import CLUSTERS, IPHA_CLUSTERS, ClusterId, ipa, ipha, ipka
from ..policies import MissingPolicy
from ..registry import Computation, Indicator, IndicatorInput, register
from ..schemas import IpaCatalogue, IpaCatalogueVersion, IpaCluster, IpaIndicator

__all__ = [
    "IpaCatalogue",
    "IpaCatalogueVersion",
    "IpaCluster",
    "IpaIndicator",
    "IpaInput",
    "IphaInput",
    "IpkaInput",
]

_LEGAL_BASIS = (
    "UU 35/2014 tentang Perubahan atas UU 23/2002 tentang Perlindungan Anak; Peraturan Menteri "
    "PPPA Nomor 2 Tahun 2020 tentang Rencana Strategis KemenPPPA; Perda DKI Jakarta 8/2011; "
    "KemenPPPA & BPS, Indeks Perlindungan Anak (IPA), Pemenuhan Hak Anak (IPHA), "
    "Perlindungan Khusus Anak (IPKA)"
)


# ------------------------------------------------------------------------------------------
# catalogue schema (data/ipa_catalogue.toml)
# ------------------------------------------------------------------------------------------


# ------------------------------------------------------------------------------------------
# registry input models
# ------------------------------------------------------------------------------------------

IndexValue = Annotated[float, Field(ge=0, le=100)]
Share = Annotated[float, Field(ge=0, le=1)]
_MIN_SHARE_DESCRIPTION = (
    "Under missing='reweight' (required there): minimum share of the total weight that must be "
    "available [share 0-1]; below it the result is null."
)
_MISSING_DESCRIPTION = (
    "Missing-data policy for null cluster values: raise (default), propagate or reweight."
)


def _weights_sum(weights: Any, label: str) -> None:
    if isinstance(weights, dict) and abs(sum(weights.values()) - 1.0) > 1e-9:
        raise ValueError(f"{label} must sum to 1 (tolerance 1e-9)")
    if isinstance(weights, list) and abs(sum(weights) - 1.0) > 1e-9:
        raise ValueError(f"{label} must sum to 1 (tolerance 1e-9)")


def _exact_keys(values: dict[ClusterId, Any], expected: tuple[str, ...], label: str) -> None:
    if set(values) != set(expected):
        raise ValueError(f"{label} must have exactly the clusters {list(expected)}")


class IpaInput(IndicatorInput):
    """Inputs of IPA from the five cluster indices and both weight vectors
    (methods/child#ipa-agg)."""

    cluster_values: dict[ClusterId, IndexValue | None] = Field(
        description="Cluster indices K_I..K_V keyed 'I'..'V' [index 0-100]; null = missing."
    )
    weights_ipha: dict[ClusterId, Share] | Literal["equal"] = Field(
        description="IPHA weights W_1..W_4 keyed 'I'..'IV' [share 0-1], summing to 1 "
        "(unknown officially: required; 'equal' is an explicit opt-in)."
    )
    weights_ipa: dict[ClusterId, Share] | Literal["equal"] = Field(
        description="IPA's own weights V_1..V_5 keyed 'I'..'V' [share 0-1], summing to 1 "
        "(unknown officially: required; 'equal' is an explicit opt-in)."
    )
    missing: MissingPolicy = Field("raise", description=_MISSING_DESCRIPTION)
    min_share: float | None = Field(None, ge=0, le=1, description=_MIN_SHARE_DESCRIPTION)

    @model_validator(mode="after")
    def _shape(self) -> IpaInput:
        _exact_keys(self.cluster_values, CLUSTERS, "cluster_values")
        if isinstance(self.weights_ipha, dict):
            _exact_keys(self.weights_ipha, IPHA_CLUSTERS, "weights_ipha")
        if isinstance(self.weights_ipa, dict):
            _exact_keys(self.weights_ipa, CLUSTERS, "weights_ipa")
        _weights_sum(self.weights_ipha, "weights_ipha")
        _weights_sum(self.weights_ipa, "weights_ipa")
        return self


class IphaInput(IndicatorInput):
    """Inputs of IPHA from the cluster indices of clusters I-IV (methods/child#ipa-agg)."""

    cluster_values: dict[ClusterId, IndexValue | None] = Field(
        description="Cluster indices K_I..K_IV keyed 'I'..'IV' [index 0-100]; null = missing."
    )
    weights: dict[ClusterId, Share] | Literal["equal"] = Field(
        description="IPHA weights W_1..W_4 keyed 'I'..'IV' [share 0-1], summing to 1 "
        "(unknown officially: required; 'equal' is an explicit opt-in)."
    )
    missing: MissingPolicy = Field("raise", description=_MISSING_DESCRIPTION)
    min_share: float | None = Field(None, ge=0, le=1, description=_MIN_SHARE_DESCRIPTION)

    @model_validator(mode="after")
    def _shape(self) -> IphaInput:
        _exact_keys(self.cluster_values, IPHA_CLUSTERS, "cluster_values")
        if isinstance(self.weights, dict):
            _exact_keys(self.weights, IPHA_CLUSTERS, "weights")
        _weights_sum(self.weights, "weights")
        return self


class IpkaInput(IndicatorInput):
    """Inputs of IPKA from the normalised scores of the 5 cluster V indicators."""

    scores: list[IndexValue | None] = Field(
        min_length=IPKA_INDICATORS,
        max_length=IPKA_INDICATORS,
        description="Normalised scores SX of the 5 cluster V indicators, in catalogue order "
        "(child labour, internet use ratio, school participation ratio, child poverty, "
        "neglected children) [index 0-100]; null = missing.",
    )
    weights: Annotated[list[Share], Field(min_length=5, max_length=5)] | Literal["equal"] = Field(
        "equal", description="Indicator weights [share 0-1]; 'equal' is the confirmed rule."
    )
    missing: MissingPolicy = Field("raise", description=_MISSING_DESCRIPTION)
    min_share: float | None = Field(None, ge=0, le=1, description=_MIN_SHARE_DESCRIPTION)

    @model_validator(mode="after")
    def _sum(self) -> IpkaInput:
        _weights_sum(self.weights, "weights")
        return self


def _values(
    mapping: dict[ClusterId, float | None], order: tuple[ClusterId, ...]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for cluster in order:
        value = mapping[cluster]
        out[cluster] = math.nan if value is None else float(value)
    return out


def _weights_json(weights: dict[ClusterId, float] | str, order: tuple[ClusterId, ...]) -> Any:
    if isinstance(weights, str):
        return weights
    return {c: weights[c] for c in order}


def _float(value: Any) -> float:
    return float(value)


def _compute_ipa(inputs: IpaInput) -> Computation:
    clusters = _values(inputs.cluster_values, CLUSTERS)
    ipha_clusters = {c: clusters[c] for c in IPHA_CLUSTERS}
    ipha_value = _float(
        ipha(ipha_clusters, inputs.weights_ipha, missing=inputs.missing, min_share=inputs.min_share)
    )
    ipka_value = clusters["V"]
    ipa_value = _float(
        ipa(clusters, inputs.weights_ipa, missing=inputs.missing, min_share=inputs.min_share)
    )
    return Computation(
        value=ipa_value,
        components={
            "cluster_values": clusters,
            "weights_ipha": _weights_json(inputs.weights_ipha, IPHA_CLUSTERS),
            "weights_ipa": _weights_json(inputs.weights_ipa, CLUSTERS),
            "ipha": ipha_value,
            "ipka": ipka_value,
            "ipa": ipa_value,
        },
        category=None,
        method=(
            "IPA = sum_j V_j K_j over clusters I-V; IPHA = sum_j W_j K_j over clusters I-IV; "
            f"IPKA = K_V (methods/child#ipa-agg); missing={inputs.missing}"
        ),
    )


def _compute_ipha(inputs: IphaInput) -> Computation:
    clusters = _values(inputs.cluster_values, IPHA_CLUSTERS)
    value = _float(
        ipha(clusters, inputs.weights, missing=inputs.missing, min_share=inputs.min_share)
    )
    return Computation(
        value=value,
        components={
            "cluster_values": clusters,
            "weights": _weights_json(inputs.weights, IPHA_CLUSTERS),
            "ipha": value,
        },
        category=None,
        method=(
            "IPHA = sum_j W_j K_j over clusters I-IV (methods/child#ipa-agg); "
            f"missing={inputs.missing}"
        ),
    )


def _compute_ipka(inputs: IpkaInput) -> Computation:
    scores = [math.nan if s is None else float(s) for s in inputs.scores]
    value = _float(ipka(scores, inputs.weights, missing=inputs.missing, min_share=inputs.min_share))
    return Computation(
        value=value,
        components={"scores": scores, "weights": inputs.weights, "ipka": value},
        category=None,
        method=(
            "IPKA = sum_i w_i SX_i over the 5 cluster V indicators, equal weights confirmed "
            f"(methods/child#ipa-agg); missing={inputs.missing}"
        ),
    )


#: Example inputs: ILLUSTRATIVE cluster values and weights (the official weights are unknown).
_EXAMPLE_IPA: dict[str, Any] = {
    "cluster_values": {"I": 90.0, "II": 70.0, "III": 60.0, "IV": 80.0, "V": 85.0},
    "weights_ipha": {"I": 0.2, "II": 0.3, "III": 0.3, "IV": 0.2},
    "weights_ipa": {"I": 0.15, "II": 0.2, "III": 0.2, "IV": 0.15, "V": 0.3},
}

register(
    Indicator(
        code="ipa",
        name_id="Indeks Perlindungan Anak (IPA)",
        name_en="Child Protection Index",
        unit="index 0-100",
        polarity="higher",
        iku=3,
        legal_basis=_LEGAL_BASIS,
        formula=(
            "IPA = V_1 K_I + V_2 K_II + V_3 K_III + V_4 K_IV + V_5 K_V (IPA's own cluster "
            "weights, sum 1); K_j = mean of the min-max scores SX of cluster j's indicators"
        ),
        function=ipa,
        input_model=IpaInput,
        compute=_compute_ipa,
        examples=(_EXAMPLE_IPA, {**_EXAMPLE_IPA, "weights_ipha": "equal", "weights_ipa": "equal"}),
    )
)

register(
    Indicator(
        code="ipha",
        name_id="Indeks Pemenuhan Hak Anak (IPHA)",
        name_en="Fulfilment of Children's Rights Index",
        unit="index 0-100",
        polarity="higher",
        iku=None,
        legal_basis=_LEGAL_BASIS,
        formula="IPHA = W_1 K_I + W_2 K_II + W_3 K_III + W_4 K_IV (cluster weights, sum 1)",
        function=ipha,
        input_model=IphaInput,
        compute=_compute_ipha,
        examples=(
            {
                "cluster_values": {"I": 90.0, "II": 70.0, "III": 60.0, "IV": 80.0},
                "weights": _EXAMPLE_IPA["weights_ipha"],
            },
        ),
    )
)

register(
    Indicator(
        code="ipka",
        name_id="Indeks Perlindungan Khusus Anak (IPKA)",
        name_en="Special Protection of Children Index",
        unit="index 0-100",
        polarity="higher",
        iku=None,
        legal_basis=_LEGAL_BASIS,
        formula="IPKA = (SX_1 + SX_2 + SX_3 + SX_4 + SX_5) / 5 (cluster V, equal weights) = K_V",
        function=ipka,
        input_model=IpkaInput,
        compute=_compute_ipka,
        examples=(
            {"scores": [80.0, 90.0, 100.0, 70.0, 60.0]},
            {
                "scores": [80.0, 90.0, None, 70.0, 60.0],
                "missing": "reweight",
                "min_share": 0.6,
            },
        ),
    )
)
