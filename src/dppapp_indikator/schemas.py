"""Pydantic schemas of the packaged data files and of the file records.

The formula modules load these lazily (they stay free of pydantic at import) and the registry
records re-export them; this module imports neither, so there is no import circle between a
formula module and its records.

- :class:`IpaCatalogue` and its parts: ``data/ipa_catalogue.toml`` (methods/child#ipa-agg);
- :class:`NkaWeightsFile`, :class:`NkaWeightPreset`: ``data/nka_weights.toml``
  (methods/budget#nka-weights);
- :class:`SdiFileRecord`: one data file of the Satu Data list (methods/satudata#sdi).
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    field_validator,
    model_validator,
)

from ._checks import InvalidInputError
from ._structure import (
    CLUSTERS,
    IPHA_CLUSTERS,
    WEIGHT_SUM_TOLERANCE,
    ClusterId,
    _year_month,
    sdi_submission_deadline,
)
from .policies import Direction

__all__ = [
    "IpaCatalogue",
    "IpaCatalogueVersion",
    "IpaCluster",
    "IpaIndicator",
    "NkaWeightPreset",
    "NkaWeightsFile",
    "SdiFileRecord",
    "Status",
]

#: Status of a catalogue statement (methods/index#status).
Status = Literal["confirmed", "inferred", "seed", "unknown"]

# ------------------------------------------------------------------------------------------
# data/ipa_catalogue.toml
# ------------------------------------------------------------------------------------------


def _unknown_to_none(value: Any) -> Any:
    """The data file writes ``"unknown"`` where a value is not known; read it as None."""
    return None if isinstance(value, str) and value == "unknown" else value


def _check_weights(
    weights: dict[ClusterId, float] | None, expected: tuple[str, ...], label: str
) -> None:
    if weights is None:
        return
    if set(weights) != set(expected):
        raise ValueError(f"{label} must have exactly the clusters {list(expected)}")
    if any(w < 0 or not math.isfinite(w) for w in weights.values()):
        raise ValueError(f"{label} must be finite and non-negative")
    if abs(sum(weights.values()) - 1.0) > 1e-9:
        raise ValueError(f"{label} must sum to 1 (tolerance 1e-9)")


class IpaCluster(BaseModel):
    """One of the five clusters (klaster) of the Convention on the Rights of the Child."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: ClusterId = Field(description="Cluster number I-V.")
    name_id: str = Field(min_length=1, description="Name in Indonesian.")
    name_en: str = Field(min_length=1, description="Name in English.")
    index: Literal["IPHA", "IPKA"] = Field(description="The index the cluster belongs to.")


class IpaIndicator(BaseModel):
    """One indicator of the catalogue: cluster, direction, wording, goalposts and statuses."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Identifier (snake_case).")
    cluster: ClusterId
    direction: Direction = Field(description="positive: higher is better; negative: lower.")
    name_id: str = Field(min_length=1, description="Official wording in Indonesian.")
    name_en: str = Field(min_length=1, description="English rendering.")
    unit: str = Field(min_length=1, description="Unit of the raw value, e.g. percent, ratio.")
    status: Status = Field(description="Whether the indicator belongs to the index.")
    cluster_status: Status
    direction_status: Status
    wording_status: Status
    lower: float | None = Field(description='Lower goalpost X_min; None ("unknown") if unknown.')
    upper: float | None = Field(description='Upper goalpost X_max; None ("unknown") if unknown.')
    source: str = Field(min_length=1)
    notes: str = ""

    @field_validator("lower", "upper", mode="before")
    @classmethod
    def _unknown_goalpost(cls, value: Any) -> Any:
        return _unknown_to_none(value)

    @model_validator(mode="after")
    def _goalposts(self) -> IpaIndicator:
        if self.lower is not None and self.upper is not None and not self.lower < self.upper:
            raise ValueError(f"indicator {self.code!r}: goalpost lower must be below upper")
        return self


class IpaCatalogueVersion(BaseModel):
    """One edition of the catalogue (2018-2020 or 2021+)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    first_year: int
    last_year: int | None = None
    description: str
    source: str = Field(min_length=1)
    n_indicators: int | None = Field(
        ge=1, description="Declared number of indicators (None: the list is complete)."
    )
    n_indicators_status: Status = "unknown"
    list_status: Status = Field(description="Whether the indicator list is this edition's.")
    clusters: tuple[IpaCluster, ...]
    indicators: tuple[IpaIndicator, ...]
    weights_ipha: dict[ClusterId, float] | None = Field(
        description='IPHA weights of clusters I-IV (sum 1); None ("unknown") if unknown.'
    )
    weights_ipa: dict[ClusterId, float] | None = Field(
        description='IPA weights of clusters I-V (sum 1); None ("unknown") if unknown.'
    )
    weights_ipka: Literal["equal"] | dict[str, float] = Field(
        description="IPKA indicator weights: 'equal' or a mapping indicator code -> weight."
    )
    weights_status: str = ""
    goalposts_status: str = ""

    @field_validator("weights_ipha", "weights_ipa", mode="before")
    @classmethod
    def _unknown_weights(cls, value: Any) -> Any:
        return _unknown_to_none(value)

    @model_validator(mode="after")
    def _consistent(self) -> IpaCatalogueVersion:
        if tuple(c.id for c in self.clusters) != CLUSTERS:
            raise ValueError(f"version {self.name!r}: clusters must be I, II, III, IV, V in order")
        for cluster in self.clusters:
            expected = "IPKA" if cluster.id == "V" else "IPHA"
            if cluster.index != expected:
                raise ValueError(f"cluster {cluster.id} belongs to {expected}")
        codes = [i.code for i in self.indicators]
        if len(set(codes)) != len(codes):
            raise ValueError(f"version {self.name!r}: indicator codes must be unique")
        if self.n_indicators is not None and len(codes) > self.n_indicators:
            raise ValueError(
                f"version {self.name!r} lists {len(codes)} indicators, more than its "
                f"n_indicators = {self.n_indicators}"
            )
        if self.last_year is not None and self.last_year < self.first_year:
            raise ValueError(f"version {self.name!r}: last_year is before first_year")
        _check_weights(self.weights_ipha, IPHA_CLUSTERS, "weights_ipha")
        _check_weights(self.weights_ipa, CLUSTERS, "weights_ipa")
        if isinstance(self.weights_ipka, dict):
            v_codes = {i.code for i in self.indicators if i.cluster == "V"}
            if set(self.weights_ipka) != v_codes:
                raise ValueError("weights_ipka must have exactly the cluster V indicators")
            if abs(sum(self.weights_ipka.values()) - 1.0) > 1e-9:
                raise ValueError("weights_ipka must sum to 1 (tolerance 1e-9)")
        return self

    @property
    def is_complete(self) -> bool:
        """Whether every declared indicator is listed."""
        return self.n_indicators is None or len(self.indicators) == self.n_indicators

    def indicators_in(self, cluster: str) -> tuple[IpaIndicator, ...]:
        """The listed indicators of one cluster (``"I"`` ... ``"V"``)."""
        return tuple(i for i in self.indicators if i.cluster == cluster)

    def indicator(self, code: str) -> IpaIndicator:
        """One indicator by code; an unknown code raises naming the known ones."""
        for item in self.indicators:
            if item.code == code:
                return item
        known = ", ".join(i.code for i in self.indicators)
        raise InvalidInputError(
            "code", f"must be an indicator of version {self.name!r} ({known})", code
        )


class IpaCatalogue(BaseModel):
    """Schema of ``data/ipa_catalogue.toml``: the catalogue versions by name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    source: str = Field(min_length=1)
    versions: dict[str, IpaCatalogueVersion]

    @model_validator(mode="after")
    def _names(self) -> IpaCatalogue:
        for key, version in self.versions.items():
            if key != version.name:
                raise ValueError(f"version {key!r} has name {version.name!r}")
        if not self.versions:
            raise ValueError("the catalogue has no version")
        return self

    def version(self, name: str) -> IpaCatalogueVersion:
        """The version ``name`` (e.g. ``"2021+"``); an unknown name raises naming the known."""
        if name not in self.versions:
            known = ", ".join(repr(v) for v in self.versions)
            raise InvalidInputError("version", f"must be one of {known}", name)
        return self.versions[name]


# ------------------------------------------------------------------------------------------
# data/nka_weights.toml
# ------------------------------------------------------------------------------------------


class NkaWeightPreset(BaseModel):
    """One named set of NKA weights with its source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str = Field(min_length=1)
    source: str = Field(min_length=1, description="The document the weights come from.")
    status: str = Field(
        min_length=1, description="confirmed, seed or inferred (methods/index#status)."
    )
    absorption: float = Field(ge=0, le=1, description="Weight of absorption [share 0-1].")
    consistency: float = Field(ge=0, le=1, description="Weight of consistency [share 0-1].")
    output_achievement: float = Field(
        ge=0, le=1, description="Weight of output achievement [share 0-1]."
    )
    efficiency: float = Field(ge=0, le=1, description="Weight of the efficiency score [share 0-1].")

    @model_validator(mode="after")
    def _sum_to_one(self) -> NkaWeightPreset:
        total = self.absorption + self.consistency + self.output_achievement + self.efficiency
        if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
            raise ValueError(f"weights must sum to 1; got {total:.10g}")
        return self


class NkaWeightsFile(BaseModel):
    """The file ``data/nka_weights.toml``: weight presets by name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    presets: dict[str, NkaWeightPreset] = Field(min_length=1)


# ------------------------------------------------------------------------------------------
# Satu Data file records
# ------------------------------------------------------------------------------------------


def _year_month_text(value: Any) -> Any:
    """Normalise a due month (``"YYYY-MM"`` or a date) to ``"YYYY-MM"``."""
    year, month = _year_month("due_month", value)
    return f"{year:04d}-{month:02d}"


YearMonth = Annotated[str, BeforeValidator(_year_month_text)]


class SdiFileRecord(BaseModel):
    """One data file the data list (Daftar Data) requires, as the walidata records it.

    Records can come from JSON (``SdiFileRecord.model_validate_json``); dates are ISO
    strings. A dataset released monthly has one record per release month.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    dataset_id: str = Field(min_length=1, description="Dataset identifier (judul/kode data).")
    due_month: YearMonth = Field(
        description="Release-schedule month of the file (jadwal rilis) [year-month YYYY-MM]."
    )
    submission_date: _dt.date | None = Field(
        default=None,
        description="Date the walidata collected the file [date]; null = not submitted.",
    )
    components: dict[str, bool] = Field(
        default_factory=dict,
        description="Required data components and whether each is present [name -> bool].",
    )
    validated: bool = Field(description="Validated by the data producer (produsen data).")
    key_columns: tuple[str, ...] | None = Field(
        default=None,
        min_length=1,
        description="Key variables (variabel kunci) for duplicate detection [column names].",
    )
    unique: bool | None = Field(
        default=None,
        description=(
            "Precomputed: no duplicate on the key variables. Checked against the data when "
            "the data is also given."
        ),
    )
    rows: tuple[dict[str, JsonValue], ...] | None = Field(
        default=None, description="The file's content inline, one object per row."
    )

    @property
    def deadline(self) -> _dt.date:
        """The 5th of the month after ``due_month`` (last on-time day)."""
        return sdi_submission_deadline(self.due_month)
