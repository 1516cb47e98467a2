"""Registry record of the Satu Data Indonesia quality score (methods/satudata#sdi) and its file
model."""

from __future__ import annotations

from pydantic import Field, model_validator

from ..registry import Computation, Indicator, IndicatorInput, register
from ..satudata import (
    MissingKeyPolicy,
    sdi_quality_from_records,
    sdi_quality_score,
)
from ..schemas import SdiFileRecord

__all__ = ["SdiFileRecord", "SdiQualityInput"]


_COUNTS = ("required", "on_time", "complete", "unique", "valid")


class SdiQualityInput(IndicatorInput):
    """Inputs of the SDI quality score: the five counts, or the file records
    (methods/satudata#sdi)."""

    required: int | None = Field(
        default=None, ge=1, description="Files required by the data list [count]."
    )
    on_time: int | None = Field(
        default=None, ge=0, description="Files collected by the deadline [count]."
    )
    complete: int | None = Field(
        default=None, ge=0, description="Files with all required components [count]."
    )
    unique: int | None = Field(
        default=None, ge=0, description="Files without duplicates on key variables [count]."
    )
    valid: int | None = Field(
        default=None, ge=0, description="Files validated by their producer [count]."
    )
    files: tuple[SdiFileRecord, ...] | None = Field(
        default=None, min_length=1, description="One record per required file."
    )
    key_columns: tuple[str, ...] | None = Field(
        default=None,
        min_length=1,
        description="Key variables for files whose record names none [column names].",
    )
    required_components: tuple[str, ...] | None = Field(
        default=None,
        min_length=1,
        description="Components every file must have [names]; default: those each file flags.",
    )
    missing_keys: MissingKeyPolicy = Field(
        default="equal",
        description="Missing key values: 'equal' (pandas duplicated), 'distinct' or 'raise'.",
    )

    @model_validator(mode="after")
    def _one_form(self) -> SdiQualityInput:
        given = [name for name in _COUNTS if getattr(self, name) is not None]
        if self.files is not None:
            if given:
                raise ValueError(f"give either the counts or `files`, not both (got {given})")
            return self
        if self.key_columns is not None or self.required_components is not None:
            raise ValueError("`key_columns` and `required_components` apply to `files` only")
        if len(given) != len(_COUNTS):
            missing = [name for name in _COUNTS if name not in given]
            raise ValueError(f"give all five counts or `files`; missing {missing}")
        for name in _COUNTS[1:]:
            if getattr(self, name) > self.required:
                raise ValueError(f"`{name}` must not exceed `required`")
        return self


def _compute_sdi_quality(inputs: SdiQualityInput) -> Computation:
    if inputs.files is not None:
        quality = sdi_quality_from_records(
            inputs.files,
            key_columns=inputs.key_columns,
            required_components=inputs.required_components,
            missing_keys=inputs.missing_keys,
        )
        return Computation(
            value=quality.score,
            components=quality.components(),
            category=None,
            method=(
                "from file records: deadline the 5th of the month after the release month "
                f"(inclusive); duplicates on key columns, missing keys {inputs.missing_keys!r} "
                "(methods/satudata#sdi)"
            ),
        )
    required = inputs.required
    assert required is not None  # guaranteed by SdiQualityInput._one_form
    counts: dict[str, int] = {name: getattr(inputs, name) for name in _COUNTS[1:]}
    value = float(sdi_quality_score(required, **counts))  # type: ignore[arg-type]
    ratios = {
        "timeliness": counts["on_time"] / required,
        "completeness": counts["complete"] / required,
        "uniqueness": counts["unique"] / required,
        "validity": counts["valid"] / required,
    }
    return Computation(
        value=value,
        components={"required": required, **counts, **ratios},
        category=None,
        method="sum of the four aspect ratios from counts (methods/satudata#sdi)",
    )


register(
    Indicator(
        code="sdi_quality",
        name_id="Nilai kualitas data SDI",
        name_en="Satu Data Indonesia data-quality score",
        unit="score 0-4",
        polarity="higher",
        iku=12,
        legal_basis=(
            "Peraturan Gubernur DKI Jakarta Nomor 37 Tahun 2022 tentang Satu Data Indonesia "
            "Tingkat Provinsi; Keputusan Gubernur Nomor 61 Tahun 2024 tentang Daftar Data "
            "Tahun 2024; Perpres 39/2019 tentang Satu Data Indonesia"
        ),
        formula=(
            "SDI = on_time/required + complete/required + unique/required + valid/required "
            "(0-4); deadline = 5th of the month after the release month"
        ),
        function=sdi_quality_score,
        input_model=SdiQualityInput,
        compute=_compute_sdi_quality,
        examples=(
            # Hand example: 0.90 + 0.95 + 1.00 + 0.85 = 3.70 (target 2024: 3.25).
            {"required": 20, "on_time": 18, "complete": 19, "unique": 20, "valid": 17},
            {
                "files": [
                    {
                        "dataset_id": "jumlah-kasus-kekerasan",
                        "due_month": "2024-12",
                        "submission_date": "2025-01-05",
                        "components": {"metadata": True, "data": True},
                        "validated": True,
                        "key_columns": ["wilayah"],
                        "rows": [{"wilayah": "Jakarta Pusat"}, {"wilayah": "Jakarta Utara"}],
                    },
                    {
                        "dataset_id": "pelaku-usaha-binaan",
                        "due_month": "2024-12",
                        "submission_date": None,
                        "components": {},
                        "validated": False,
                    },
                ]
            },
        ),
    )
)
