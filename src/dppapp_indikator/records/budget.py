"""Registry record of budget performance, NKA aspek implementasi (methods/budget#nka), IKU 18.

Also the schema of the packaged weight presets (``data/nka_weights.toml``) and the pydantic
models of the programme → output → indicator structure that
:func:`~dppapp_indikator.budget.output_achievement` accepts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..budget import (
    MAX_EFFICIENCY_SCORE,
    NKA_ASPECTS,
    absorption,
    consistency,
    efficiency,
    efficiency_score,
    monthly_consistency,
    nka,
    nka_weights,
    output_achievement,
)
from ..registry import Computation, Indicator, IndicatorInput, register

# --------------------------------------------------------------------------------------------
# schema of data/nka_weights.toml


# --------------------------------------------------------------------------------------------
# the output structure


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class OutputIndicatorInput(_Frozen):
    """One output indicator (indikator keluaran) with its target and realisation."""

    name: str | None = Field(default=None, description="Name of the indicator.")
    target: float = Field(gt=0, description="Target [the indicator's own unit], > 0.")
    realisation: float = Field(ge=0, description="Realisation [the indicator's own unit], >= 0.")


class BudgetOutputInput(_Frozen):
    """One output (keluaran) with its indicators and, for efficiency, its budget."""

    name: str | None = Field(default=None, description="Name of the output.")
    indicators: list[OutputIndicatorInput] = Field(
        min_length=1, description="The output's indicators."
    )
    ceiling: Decimal | None = Field(
        default=None, gt=0, description="Budget ceiling (pagu) of the output [rupiah], > 0."
    )
    budget_realisation: Decimal | None = Field(
        default=None, ge=0, description="Realised spending of the output [rupiah], >= 0."
    )


class ProgrammeInput(_Frozen):
    """One programme with its outputs."""

    name: str | None = Field(default=None, description="Name of the programme.")
    outputs: list[BudgetOutputInput] = Field(min_length=1, description="The programme's outputs.")


# --------------------------------------------------------------------------------------------
# the NKA record


class NkaInput(IndicatorInput):
    """Inputs of the NKA (methods/budget#nka): each aspect given directly or from its raw data.

    Per aspect, give exactly one route: ``absorption`` or (``budget_realisation``,
    ``budget_ceiling``); ``consistency`` or (``planned_cumulative``, ``realised_cumulative``);
    ``output_achievement`` or ``programmes`` (then ``output_ratio_cap_pct`` too, explicitly,
    possibly null); ``efficiency_score`` or ``programmes`` whose outputs all carry ``ceiling``
    and ``budget_realisation``.
    """

    weights: str | list[float] = Field(
        description=(
            "Required: a preset name ('pmk-22-2021') or 4 weights [share 0-1] summing to 1 in "
            "the order absorption, consistency, output achievement, efficiency."
        )
    )
    absorption: float | None = Field(
        default=None,
        ge=0,
        description="Budget absorption P [percent, >= 0; above 100 when spending exceeds pagu].",
    )
    consistency: float | None = Field(
        default=None, ge=0, le=100, description="Consistency with the RPD K [percent 0-100]."
    )
    output_achievement: float | None = Field(
        default=None,
        ge=0,
        description="Output achievement COP [percent, >= 0; above 100 when not capped].",
    )
    efficiency_score: float | None = Field(
        default=None,
        le=MAX_EFFICIENCY_SCORE,
        description="Efficiency score NE [score 0-100 when clamped; at most 300 unclamped].",
    )
    budget_realisation: Decimal | None = Field(
        default=None, ge=0, description="Total realised spending, for absorption [rupiah]."
    )
    budget_ceiling: Decimal | None = Field(
        default=None, gt=0, description="Total budget ceiling (pagu), for absorption [rupiah]."
    )
    planned_cumulative: list[float] | None = Field(
        default=None,
        min_length=12,
        max_length=12,
        description=(
            "12 monthly cumulative planned disbursements (RPD) [rupiah], >= 0; a month with "
            "nothing planned yet (e.g. January) scores 100."
        ),
    )
    realised_cumulative: list[float] | None = Field(
        default=None,
        min_length=12,
        max_length=12,
        description="12 monthly cumulative realisations [rupiah], >= 0.",
    )
    programmes: list[ProgrammeInput] | None = Field(
        default=None,
        min_length=1,
        description="Programme -> output -> indicator structure, for output achievement "
        "(and efficiency when outputs carry ceiling and budget_realisation).",
    )
    output_ratio_cap_pct: float | None = Field(
        default=None,
        gt=0,
        description="Cap on each indicator ratio [percent], or null for no cap; required "
        "(explicitly) with `programmes` (whether PMK 22/2021 caps is unknown).",
    )
    efficiency_clamp: bool = Field(
        default=True, description="Clamp the efficiency score to [0, 100] (PMK 22/2021)."
    )

    @field_validator("weights")
    @classmethod
    def _valid_weights(cls, value: str | list[float]) -> str | list[float]:
        nka_weights(value)  # raises naming `weights`
        return value

    @model_validator(mode="after")
    def _one_route_per_aspect(self) -> NkaInput:
        _one_route(
            "absorption",
            self.absorption is not None,
            ("budget_realisation", "budget_ceiling"),
            (self.budget_realisation, self.budget_ceiling),
        )
        _one_route(
            "consistency",
            self.consistency is not None,
            ("planned_cumulative", "realised_cumulative"),
            (self.planned_cumulative, self.realised_cumulative),
        )
        has_structure = self.programmes is not None
        if has_structure == (self.output_achievement is not None):
            raise ValueError("give exactly one of `output_achievement` or `programmes`")
        if has_structure and "output_ratio_cap_pct" not in self.model_fields_set:
            raise ValueError(
                "`output_ratio_cap_pct` must be given with `programmes` (a percent such as "
                "100, or null for no cap): whether the ratio is capped is unknown"
            )
        outputs = [o for p in self.programmes or [] for o in p.outputs]
        with_budget = [o.ceiling is not None or o.budget_realisation is not None for o in outputs]
        if self.efficiency_score is not None:
            if any(with_budget):
                raise ValueError(
                    "give either `efficiency_score` or outputs with `ceiling` and "
                    "`budget_realisation`, not both"
                )
        elif not outputs or not all(
            o.ceiling is not None and o.budget_realisation is not None for o in outputs
        ):
            raise ValueError(
                "`efficiency_score` is missing: give it, or give `programmes` whose outputs all "
                "carry `ceiling` and `budget_realisation`"
            )
        return self


def _one_route(
    aspect: str, direct: bool, raw_names: tuple[str, str], raw_values: tuple[object, object]
) -> None:
    given = [value is not None for value in raw_values]
    if direct and any(given):
        raise ValueError(f"give either `{aspect}` or {raw_names[0]}/{raw_names[1]}, not both")
    if not direct and not all(given):
        raise ValueError(
            f"`{aspect}` is missing: give it, or both `{raw_names[0]}` and `{raw_names[1]}`"
        )


def _compute_nka(inputs: NkaInput) -> Computation:
    components: dict[str, Any] = {}
    weights = nka_weights(inputs.weights)
    components["weights"] = weights.as_dict()
    components["weights_preset"] = weights.preset
    components["weights_source"] = weights.source

    # absorption
    if inputs.absorption is not None:
        p_value = inputs.absorption
        components["absorption_route"] = "given"
    else:
        assert inputs.budget_realisation is not None and inputs.budget_ceiling is not None
        p_value = cast(
            float, absorption(float(inputs.budget_realisation), float(inputs.budget_ceiling))
        )
        components["absorption_route"] = "computed"
        components["budget_realisation"] = inputs.budget_realisation
        components["budget_ceiling"] = inputs.budget_ceiling
    components["absorption"] = p_value

    # consistency
    if inputs.consistency is not None:
        k_value = inputs.consistency
        components["consistency_route"] = "given"
    else:
        assert inputs.planned_cumulative is not None and inputs.realised_cumulative is not None
        k_value = cast(float, consistency(inputs.planned_cumulative, inputs.realised_cumulative))
        components["consistency_route"] = "computed"
        components["planned_cumulative"] = inputs.planned_cumulative
        components["realised_cumulative"] = inputs.realised_cumulative
        components["monthly_consistency"] = monthly_consistency(
            inputs.planned_cumulative, inputs.realised_cumulative
        )
    components["consistency"] = k_value

    # output achievement
    structure = None
    if inputs.output_achievement is not None:
        co_value = inputs.output_achievement
        components["output_achievement_route"] = "given"
    else:
        structure = output_achievement(inputs, ratio_cap_pct=inputs.output_ratio_cap_pct)
        co_value = structure.value
        components["output_achievement_route"] = "computed"
        components["output_ratio_cap_pct"] = inputs.output_ratio_cap_pct
        components["output_structure"] = structure.as_dict()
    components["output_achievement"] = co_value

    # efficiency
    if inputs.efficiency_score is not None:
        ne_value = inputs.efficiency_score
        components["efficiency_route"] = "given"
    else:
        assert structure is not None
        outputs = structure.outputs
        ceilings = [float(o.ceiling or 0.0) for o in outputs]
        ratios = [o.ratio for o in outputs]
        spent = [float(o.budget_realisation or 0.0) for o in outputs]
        e_value = cast(float, efficiency(ceilings, ratios, spent))
        ne_value = cast(float, efficiency_score(e_value, clamp=inputs.efficiency_clamp))
        components["efficiency_route"] = "computed"
        components["efficiency_planned_spending"] = sum(
            c * r for c, r in zip(ceilings, ratios, strict=True)
        )
        components["efficiency_realised_spending"] = sum(spent)
        components["efficiency_pct"] = e_value
        components["efficiency_clamp"] = inputs.efficiency_clamp
    components["efficiency_score"] = ne_value

    aspects = dict(zip(NKA_ASPECTS, (p_value, k_value, co_value, ne_value), strict=True))
    components["contributions"] = {
        aspect: weights.as_dict()[aspect] * aspects[aspect] for aspect in NKA_ASPECTS
    }
    value = cast(float, nka(p_value, k_value, co_value, ne_value, weights=weights))
    preset = weights.preset or "explicit weights"
    routes = ", ".join(f"{a} {components[f'{a}_route']}" for a in NKA_ASPECTS)
    return Computation(
        value=value,
        components=components,
        category=None,
        method=f"NKA aspek implementasi, weights {preset} ({routes}) (methods/budget#nka)",
    )


register(
    Indicator(
        code="nka",
        name_id="Persentase Nilai Kinerja Anggaran atas Aspek Implementasi",
        name_en="Budget performance score, implementation aspect (NKA)",
        unit="percent",
        polarity="higher",
        iku=18,
        legal_basis=(
            "Peraturan Daerah Provinsi DKI Jakarta Nomor 7 Tahun 2022 tentang Pengelolaan "
            "Keuangan Daerah, Pasal 195 (seed); method and weights: Peraturan Menteri Keuangan "
            "Nomor 22/PMK.02/2021 tentang Pengukuran dan Evaluasi Kinerja Anggaran atas "
            "Pelaksanaan Rencana Kerja dan Anggaran Kementerian Negara/Lembaga"
        ),
        formula=(
            "NKA = w_P*P + w_K*K + w_CO*COP + w_E*NE; P = realisation / pagu * 100; "
            "K = mean over 12 months of min(cumulative realisation / cumulative RPD, 1) * 100 "
            "(inferred); COP = geometric mean over programmes of geometric means over outputs "
            "of geometric means of indicator ratios realisation / target * 100; "
            "E = sum(pagu_i*CK_i - realisation_i) / sum(pagu_i*CK_i) * 100, "
            "NE = 50 + (E / 20) * 50 clamped to [0, 100] (switchable); a month with nothing "
            "planned scores K_m = 100; uncapped/unclamped components (above 100) are carried "
            "through the weighted sum unchanged; "
            "PMK 22/2021 weights 0.097, 0.182, 0.435, 0.286 (DKI weights unknown)"
        ),
        function=nka,
        input_model=NkaInput,
        compute=_compute_nka,
        examples=(
            # LAN Puslatbang KMP 2021 (LAKIP 2021 p.105): published NKA 87.93
            {
                "weights": "pmk-22-2021",
                "absorption": 95.53,
                "consistency": 99.61,
                "output_achievement": 99.72,
                "efficiency_score": 59.98,
            },
            # raw route: PMK 214/2017 absorption amounts; hand-made plan, structure and budget
            {
                "weights": "pmk-22-2021",
                "budget_realisation": 734_881_464_333,
                "budget_ceiling": 855_830_897_000,
                "planned_cumulative": [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120],
                "realised_cumulative": [5, 20, 35, 40, 50, 60, 70, 80, 90, 100, 110, 120],
                "programmes": [
                    {
                        "name": "Program A",
                        "outputs": [
                            {
                                "name": "Keluaran 1",
                                "indicators": [{"target": 4, "realisation": 4}],
                                "ceiling": 100,
                                "budget_realisation": 90,
                            },
                            {
                                "name": "Keluaran 2",
                                "indicators": [{"target": 2, "realisation": 1}],
                                "ceiling": 200,
                                "budget_realisation": 95,
                            },
                        ],
                    }
                ],
                "output_ratio_cap_pct": 100.0,
            },
        ),
    )
)
