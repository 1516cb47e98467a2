"""Registry records of the fertility measures (methods/fertility#rates): TFR (IKU 5), GRR and
NRR."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Self, cast

import numpy as np
from pydantic import BeforeValidator, Field, model_validator

from ..fertility import AGE_GROUP_WIDTH, AGE_GROUPS, asfr, grr, nrr, tfr
from ..registry import Computation, Indicator, IndicatorInput, register

_N = len(AGE_GROUPS)
_GROUPS_TEXT = (
    "age groups 15-19, 20-24, ..., 45-49: a list in this order or a mapping keyed by age group"
)


def _age_group_mapping(value: Any) -> Any:
    """Accept a schedule keyed by age group (as the results print it) in any key order.

    A mapping must have exactly the seven keys ``"15-19"`` ... ``"45-49"``; it becomes the
    list in age order. A list is taken as it is (in age order).
    """
    if isinstance(value, Mapping):
        missing = [g for g in AGE_GROUPS if g not in value]
        unexpected = [k for k in value if k not in AGE_GROUPS]
        if missing or unexpected:
            raise ValueError(
                f"a schedule given as a mapping must be keyed by exactly the age groups "
                f"{', '.join(AGE_GROUPS)}; missing {missing}, unexpected {unexpected}"
            )
        return [value[g] for g in AGE_GROUPS]
    return value


#: Seven non-negative values, one per age group: a list in age order, or a mapping keyed by
#: age group ("15-19" ... "45-49", the form of the results' components).
NonNegativeSchedule = Annotated[
    list[Annotated[float, Field(ge=0)]],
    Field(min_length=_N, max_length=_N),
    BeforeValidator(_age_group_mapping),
]
#: Seven age-specific fertility rates [births per 1,000 woman-years, 0-1000]: above 1000 is
#: more than one birth per woman-year, a unit error (a rate per woman) or a typing error.
#: A list in age order or a mapping by age group.
RateSchedule = Annotated[
    list[Annotated[float, Field(ge=0, le=1000)]],
    Field(min_length=_N, max_length=_N),
    BeforeValidator(_age_group_mapping),
]
#: Seven positive values, one per age group (a list in age order or a mapping by age group).
PositiveSchedule = Annotated[
    list[Annotated[float, Field(gt=0)]],
    Field(min_length=_N, max_length=_N),
    BeforeValidator(_age_group_mapping),
]

_LEGAL_BASIS = (
    "UU 52/2009 tentang Perkembangan Kependudukan dan Pembangunan Keluarga; PP 87/2014 tentang "
    "Perkembangan Kependudukan dan Pembangunan Keluarga, Keluarga Berencana, dan Sistem "
    "Informasi Keluarga; Peraturan Kepala BKKBN Nomor 6 Tahun 2020 tentang Renstra BKKBN "
    "2020-2024"
)


def _scalar(value: object) -> float:
    """A formula's result for one schedule (always a float) as a float."""
    return float(cast(float, value))


def _by_group(values: Any) -> dict[str, float]:
    """Seven values keyed by age group."""
    return {group: float(v) for group, v in zip(AGE_GROUPS, list(values), strict=True)}


class TfrInput(IndicatorInput):
    """Inputs of the TFR (methods/fertility#rates): either 7 ASFRs, or 7 births and 7
    woman-years."""

    asfr: RateSchedule | None = Field(
        default=None,
        description=f"Age-specific fertility rates, {_GROUPS_TEXT} [births per 1,000 "
        "woman-years, >= 0]. Give either this, or `births` with `woman_years`.",
    )
    births: NonNegativeSchedule | None = Field(
        default=None,
        description=f"Live births in the period by mother's age group, {_GROUPS_TEXT} "
        "[births, >= 0; weighted births may be fractional].",
    )
    woman_years: PositiveSchedule | None = Field(
        default=None,
        description=f"Woman-years of exposure in the period, {_GROUPS_TEXT} [woman-years, > 0].",
    )

    @model_validator(mode="after")
    def _one_route(self) -> Self:
        if self.asfr is not None:
            if self.births is not None or self.woman_years is not None:
                raise ValueError("give either `asfr`, or `births` with `woman_years`, not both")
        elif self.births is None or self.woman_years is None:
            raise ValueError("give either `asfr`, or both `births` and `woman_years`")
        else:
            for group, born, exposure in zip(
                AGE_GROUPS, self.births, self.woman_years, strict=True
            ):
                if born > exposure:
                    raise ValueError(
                        f"age group {group}: {born} births in {exposure} woman-years is an ASFR "
                        "above 1000 per 1,000 woman-years (more than one birth per woman-year); "
                        "check the two columns"
                    )
        return self


def _compute_tfr(inputs: TfrInput) -> Computation:
    components: dict[str, Any] = {}
    if inputs.births is not None and inputs.woman_years is not None:
        rates = np.asarray(asfr(inputs.births, inputs.woman_years), dtype=np.float64)
        components["births"] = _by_group(inputs.births)
        components["woman_years"] = _by_group(inputs.woman_years)
        method = (
            "ASFR = births / woman_years * 1000 per age group; TFR = 5 * sum(ASFR) / 1000 "
            "(methods/fertility#rates)"
        )
    else:  # the validator guarantees `asfr` on this route
        rates = np.asarray(inputs.asfr, dtype=np.float64)
        method = "TFR = 5 * sum(ASFR) / 1000 from the given ASFRs (methods/fertility#rates)"
    value = _scalar(tfr(rates))
    components = {
        "asfr": _by_group(rates),
        "asfr_sum": float(rates.sum()),
        "age_group_width": AGE_GROUP_WIDTH,
        **components,
    }
    return Computation(value=value, components=components, category=None, method=method)


register(
    Indicator(
        code="tfr",
        name_id="Angka Kelahiran Total (Total Fertility Rate, TFR)",
        name_en="Total Fertility Rate",
        unit="children per woman",
        polarity="lower",
        iku=5,
        legal_basis=_LEGAL_BASIS,
        formula="ASFR_a = births_a / woman_years_a * 1000; TFR = 5 * sum_a ASFR_a / 1000 "
        "(a = 15-19, ..., 45-49)",
        function=tfr,
        input_model=TfrInput,
        compute=_compute_tfr,
        examples=(
            # DHS.rates 0.9.2 vignette, artificial AWIR70 data: printed TFR 4.011
            {"asfr": [111.102, 207.647, 188.508, 158.503, 104.737, 24.797, 6.848]},
            {
                "births": [10.0, 30.0, 50.0, 50.0, 50.0, 50.0, 50.0],
                "woman_years": [100.0, 200.0, 1000.0, 1000.0, 1000.0, 1000.0, 1000.0],
            },
        ),
    )
)


class GrrInput(IndicatorInput):
    """Inputs of the GRR (methods/fertility#rates): female-birth ASFRs, or ASFRs with the SRB."""

    female_asfr: RateSchedule | None = Field(
        default=None,
        description=f"Age-specific rates of female births, {_GROUPS_TEXT} [female births per "
        "1,000 woman-years, >= 0]. Give either this, or `asfr` with `sex_ratio_at_birth`.",
    )
    asfr: RateSchedule | None = Field(
        default=None,
        description=f"Age-specific fertility rates of all births, {_GROUPS_TEXT} [births per "
        "1,000 woman-years, >= 0].",
    )
    sex_ratio_at_birth: float | None = Field(
        default=None,
        ge=10,
        description="Sex ratio at birth [males per 100 females, >= 10; e.g. 105].",
    )

    @model_validator(mode="after")
    def _one_route(self) -> Self:
        if self.female_asfr is not None:
            if self.asfr is not None or self.sex_ratio_at_birth is not None:
                raise ValueError(
                    "give either `female_asfr`, or `asfr` with `sex_ratio_at_birth`, not both"
                )
        elif self.asfr is None or self.sex_ratio_at_birth is None:
            raise ValueError("give either `female_asfr`, or both `asfr` and `sex_ratio_at_birth`")
        return self


def _compute_grr(inputs: GrrInput) -> Computation:
    components: dict[str, Any]
    if inputs.asfr is not None and inputs.sex_ratio_at_birth is not None:
        srb = inputs.sex_ratio_at_birth
        value = _scalar(grr(asfr=inputs.asfr, sex_ratio_at_birth=srb))
        components = {
            "asfr": _by_group(inputs.asfr),
            "tfr": _scalar(tfr(inputs.asfr)),
            "sex_ratio_at_birth": srb,
            "female_birth_share": 100.0 / (100.0 + srb),
        }
        method = "GRR ~ TFR * 100 / (100 + SRB) (methods/fertility#rates, SRB approximation)"
    else:  # the validator guarantees `female_asfr` on this route
        female = np.asarray(inputs.female_asfr, dtype=np.float64)
        value = _scalar(grr(female))
        components = {
            "female_asfr": _by_group(female),
            "female_asfr_sum": float(female.sum()),
        }
        method = "GRR = 5 * sum(female ASFR) / 1000 (methods/fertility#rates)"
    return Computation(value=value, components=components, category=None, method=method)


register(
    Indicator(
        code="grr",
        name_id="Angka Reproduksi Bruto (Gross Reproduction Rate, GRR)",
        name_en="Gross Reproduction Rate",
        unit="daughters per woman",
        polarity="lower",
        iku=None,
        legal_basis=_LEGAL_BASIS + " (supporting measure of IKU 5)",
        formula="GRR = 5 * sum_a ASFR_female_a / 1000 ~ TFR * 100 / (100 + SRB)",
        function=grr,
        input_model=GrrInput,
        compute=_compute_grr,
        examples=(
            {"asfr": [40.0, 100.0, 100.0, 80.0, 50.0, 20.0, 10.0], "sex_ratio_at_birth": 105.0},
            {"female_asfr": [20.0, 50.0, 50.0, 40.0, 25.0, 10.0, 5.0]},
        ),
    )
)


class NrrInput(IndicatorInput):
    """Inputs of the NRR (methods/fertility#rates): female-birth ASFRs and the female life table."""

    female_asfr: RateSchedule = Field(
        description=f"Age-specific rates of female births, {_GROUPS_TEXT} [female births per "
        "1,000 woman-years, >= 0].",
    )
    survivorship: NonNegativeSchedule = Field(
        description=f"Female life table 5Lx, {_GROUPS_TEXT}: person-years lived in the group "
        "per `radix` births [person-years, 0 to 5 * radix].",
    )
    radix: float = Field(gt=0, description="Life-table radix l0 [births, > 0].")

    @model_validator(mode="after")
    def _within_radix(self) -> Self:
        for group, lx in zip(AGE_GROUPS, self.survivorship, strict=True):
            if lx > AGE_GROUP_WIDTH * self.radix:
                raise ValueError(
                    f"survivorship {group} = {lx:g} exceeds 5 * radix "
                    f"({AGE_GROUP_WIDTH * self.radix:g} person-years)"
                )
        return self


def _compute_nrr(inputs: NrrInput) -> Computation:
    value = _scalar(nrr(inputs.female_asfr, inputs.survivorship, radix=inputs.radix))
    survival = [lx / inputs.radix for lx in inputs.survivorship]
    contributions = [f / 1000.0 * s for f, s in zip(inputs.female_asfr, survival, strict=True)]
    return Computation(
        value=value,
        components={
            "female_asfr": _by_group(inputs.female_asfr),
            "survivorship": _by_group(inputs.survivorship),
            "radix": inputs.radix,
            "survival_ratio": _by_group(survival),
            "contribution": _by_group(contributions),
            "grr": _scalar(grr(inputs.female_asfr)),
        },
        category=None,
        method="NRR = sum_a female ASFR_a / 1000 * 5Lx_a / l0 (methods/fertility#rates)",
    )


register(
    Indicator(
        code="nrr",
        name_id="Angka Reproduksi Neto (Net Reproduction Rate, NRR)",
        name_en="Net Reproduction Rate",
        unit="daughters per woman",
        polarity="lower",
        iku=None,
        legal_basis=_LEGAL_BASIS + " (supporting measure of IKU 5)",
        formula="NRR = sum_a (ASFR_female_a / 1000) * (5Lx_a / l0)",
        function=nrr,
        input_model=NrrInput,
        compute=_compute_nrr,
        examples=(
            {
                "female_asfr": [20.0, 50.0, 50.0, 40.0, 25.0, 10.0, 5.0],
                "survivorship": [
                    480000.0,
                    478000.0,
                    476000.0,
                    474000.0,
                    470000.0,
                    465000.0,
                    460000.0,
                ],
                "radix": 100000.0,
            },
        ),
    )
)
