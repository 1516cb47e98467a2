"""Registry records of the prevalence of violence from counts (methods/violence#violence)."""

from __future__ import annotations

from typing import cast

from pydantic import Field, model_validator

from ..registry import Computation, Indicator, IndicatorInput, register
from ..violence import pka, pkp


class _PrevalenceInput(IndicatorInput):
    """Cases and population of a prevalence; cases may not exceed the population."""

    cases: float
    population: float

    @model_validator(mode="after")
    def _cases_within_population(self) -> _PrevalenceInput:
        if self.cases > self.population:
            raise ValueError(
                f"`cases` must not exceed `population`; got {self.cases:g} > {self.population:g}"
            )
        return self


class PkpInput(_PrevalenceInput):
    """Inputs of PKP from counts (methods/violence#violence, agreement IKU 7)."""

    cases: float = Field(
        ge=0,
        description=(
            "Women aged 15-64 who experienced at least one form of violence (physical, "
            "psychological, sexual, economic, restriction of activity) in the last 12 months, "
            "J_prk [persons, >= 0; a weighted survey total may be fractional]."
        ),
    )
    population: float = Field(
        gt=0, description="Women aged 15-64 in the same period, J_pr [persons, > 0]."
    )


class PkaInput(_PrevalenceInput):
    """Inputs of PKA from counts (methods/violence#violence, agreement IKU 9)."""

    cases: float = Field(
        ge=0,
        description=(
            "Children and young people aged 13-24 who experienced physical, psychological or "
            "sexual violence in the last 12 months, J_ak [persons, >= 0; a weighted survey "
            "total may be fractional]."
        ),
    )
    population: float = Field(
        gt=0,
        description="Children and young people aged 13-24 in the same period, J_an [persons, > 0].",
    )


def _compute_pkp(inputs: PkpInput) -> Computation:
    value = cast(float, pkp(inputs.cases, inputs.population))
    return Computation(
        value=value,
        components={"cases": inputs.cases, "population": inputs.population},
        category=None,
        method="cases / population x 100 from counts (methods/violence#violence); period: last 12 "
        "months",
    )


def _compute_pka(inputs: PkaInput) -> Computation:
    value = cast(float, pka(inputs.cases, inputs.population))
    return Computation(
        value=value,
        components={"cases": inputs.cases, "population": inputs.population},
        category=None,
        method="cases / population x 100 from counts (methods/violence#violence); period: last 12 "
        "months",
    )


register(
    Indicator(
        code="pkp",
        name_id="Prevalensi Kekerasan Terhadap Perempuan",
        name_en="Prevalence of violence against women (aged 15-64, last 12 months)",
        unit="percent",
        polarity="lower",
        iku=7,
        legal_basis=(
            "UU 23/2004 tentang Penghapusan Kekerasan dalam Rumah Tangga; Peraturan Menteri "
            "PPPA Nomor 2 Tahun 2020 tentang Rencana Strategis KemenPPPA; Peraturan Daerah "
            "Provinsi DKI Jakarta Nomor 8 Tahun 2011 tentang Perlindungan Perempuan dan Anak "
            "dari Tindak Kekerasan"
        ),
        formula=(
            "PKP = J_prk / J_pr x 100; J_prk = women 15-64 with at least one form of violence "
            "(physical, psychological, sexual, economic, restriction of activity) in the last "
            "12 months; J_pr = women 15-64"
        ),
        function=pkp,
        input_model=PkpInput,
        compute=_compute_pkp,
        # illustrative counts (not published): 248 of 1,000 women 15-64 -> 24.8 %
        examples=({"cases": 248, "population": 1000},),
    )
)

register(
    Indicator(
        code="pka",
        name_id="Prevalensi Kekerasan terhadap Anak",
        name_en="Prevalence of violence against children (aged 13-24, last 12 months)",
        unit="percent",
        polarity="lower",
        iku=9,
        legal_basis=(
            "UU 23/2004 tentang Penghapusan Kekerasan dalam Rumah Tangga; Peraturan Presiden "
            "Nomor 25 Tahun 2021 tentang Kebijakan Kabupaten/Kota Layak Anak; Peraturan Menteri "
            "PPPA Nomor 2 Tahun 2020 tentang Rencana Strategis KemenPPPA; Peraturan Daerah "
            "Provinsi DKI Jakarta Nomor 8 Tahun 2011 tentang Perlindungan Perempuan dan Anak "
            "dari Tindak Kekerasan"
        ),
        formula=(
            "PKA = J_ak / J_an x 100; J_ak = children and young people 13-24 with at least one "
            "form of physical, psychological or sexual violence in the last 12 months; "
            "J_an = children and young people 13-24"
        ),
        function=pka,
        input_model=PkaInput,
        compute=_compute_pka,
        # illustrative counts (not published): 2,356 of 10,000 aged 13-24 -> 23.56 %
        examples=({"cases": 2356, "population": 10000},),
    )
)
