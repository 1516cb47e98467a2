"""Registry records of business turnover, IKU 4 and IKU 10 (methods/business#turnover).

Money fields accept exact rupiah: a string in Indonesian notation (``"Rp 110.400.000.000,00"``,
read by :func:`~dppapp_indikator.business.parse_rupiah`), an integer, or a Decimal. A JSON
*number* with a fraction is read by pydantic through a binary float (about 15 significant
digits): write amounts with sen as strings to keep them exact.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer, model_validator

from ..business import (
    TURNOVER_GROWTH_PRESETS,
    GrowthPreset,
    _indonesian,
    _parse,
    _rise_counts,
    turnover_growth,
    turnover_rise_share,
    turnover_rise_share_from_counts,
    turnover_target,
)
from ..registry import Computation, Indicator, IndicatorInput, register

__all__ = ["TurnoverGrowthInput", "TurnoverRiseShareInput"]


def _rupiah(value: Any) -> Any:
    """Read a rupiah string in Indonesian notation; refuse booleans."""
    if isinstance(value, bool):
        raise ValueError("a rupiah amount must be a number or a string, not a boolean")
    if isinstance(value, str):
        return _parse(value, "amount")
    return value


def _growth(value: Any) -> Any:
    """Keep a preset name; read any other string as an Indonesian number."""
    if isinstance(value, str) and value.strip() not in TURNOVER_GROWTH_PRESETS:
        return _parse(value, "target_growth_pct")
    if isinstance(value, str):
        return value.strip()
    return value


def _to_json_text(value: Any) -> Any:
    """Decimals go to JSON in Indonesian notation, so that the model reads them back exactly."""
    return _indonesian(value) if isinstance(value, Decimal) else value


# In JSON an amount is written "110.400.000.000,00" (never the ambiguous "110400000000.00").
Rupiah = Annotated[
    Decimal,
    BeforeValidator(_rupiah),
    PlainSerializer(_to_json_text, return_type=str, when_used="json"),
]
GrowthRule = Annotated[
    Decimal | GrowthPreset,
    BeforeValidator(_growth),
    PlainSerializer(_to_json_text, return_type=str, when_used="json"),
]


class TurnoverGrowthInput(IndicatorInput):
    """Inputs of the percent increase in turnover (IKU 4)."""

    current_turnover: Rupiah = Field(
        ge=0,
        allow_inf_nan=False,
        description="Turnover of year t, January-December [rupiah], exact.",
    )
    previous_turnover: Rupiah = Field(
        gt=0,
        allow_inf_nan=False,
        description="Turnover of year t-1, January-December [rupiah], exact, > 0.",
    )
    target_growth_pct: GrowthRule | None = Field(
        default=None,
        description=(
            "Growth rule of the year's turnover target [percent] or a preset name "
            "('pk-2024-dki' = 3, the seed's rule); no target when omitted."
        ),
    )


def _compute_turnover_growth(inputs: TurnoverGrowthInput) -> Computation:
    current, previous = inputs.current_turnover, inputs.previous_turnover
    growth = turnover_growth(current, previous)
    components: dict[str, Any] = {
        "current_turnover": current,
        "previous_turnover": previous,
        "turnover_change": current - previous,
        "growth_pct": growth,
    }
    method = "Decimal (exact) growth over the previous year (methods/business#turnover)"
    rule = inputs.target_growth_pct
    if rule is not None:
        target = turnover_target(previous, growth_pct=rule)
        components["target_rule"] = rule if isinstance(rule, str) else None
        components["target_growth_pct"] = TURNOVER_GROWTH_PRESETS.get(str(rule), rule)
        components["target_turnover"] = target
        components["target_met"] = current >= target
        if isinstance(rule, str):
            method += f"; target rule preset {rule!r}"
    return Computation(value=float(growth), components=components, category=None, method=method)


class TurnoverRiseShareInput(IndicatorInput):
    """Inputs of the share of assisted businesses whose turnover rose (IKU 10).

    Either the counts (``rising``, ``assisted``) or the per-business lists
    (``current_turnovers``, ``previous_turnovers``).
    """

    rising: int | None = Field(
        default=None, ge=0, description="Assisted businesses whose turnover rose [count]."
    )
    assisted: int | None = Field(
        default=None, ge=1, description="All assisted businesses (pelaku usaha binaan) [count]."
    )
    current_turnovers: tuple[Rupiah, ...] | None = Field(
        default=None, min_length=1, description="Turnover of each business in year t [rupiah]."
    )
    previous_turnovers: tuple[Rupiah, ...] | None = Field(
        default=None,
        min_length=1,
        description="Turnover of the same businesses in year t-1 [rupiah], same order.",
    )

    @model_validator(mode="after")
    def _one_form(self) -> TurnoverRiseShareInput:
        counts = self.rising is not None or self.assisted is not None
        lists = self.current_turnovers is not None or self.previous_turnovers is not None
        if counts == lists:
            raise ValueError(
                "give either `rising` and `assisted`, or `current_turnovers` and "
                "`previous_turnovers`"
            )
        if counts:
            if self.rising is None or self.assisted is None:
                raise ValueError("`rising` and `assisted` go together")
            if self.rising > self.assisted:
                raise ValueError("`rising` must not exceed `assisted`")
            return self
        if self.current_turnovers is None or self.previous_turnovers is None:
            raise ValueError("`current_turnovers` and `previous_turnovers` go together")
        if len(self.current_turnovers) != len(self.previous_turnovers):
            raise ValueError(
                "`previous_turnovers` must have one value per business, like "
                f"`current_turnovers` ({len(self.current_turnovers)}); got "
                f"{len(self.previous_turnovers)}"
            )
        for name in ("current_turnovers", "previous_turnovers"):
            for position, amount in enumerate(getattr(self, name)):
                if not amount.is_finite() or amount < 0:
                    raise ValueError(
                        f"`{name}` must be finite and >= 0; got {amount} at {position}"
                    )
        return self


def _compute_rise_share(inputs: TurnoverRiseShareInput) -> Computation:
    if inputs.current_turnovers is not None and inputs.previous_turnovers is not None:
        rising, assisted, _ = _rise_counts(
            list(inputs.current_turnovers), list(inputs.previous_turnovers), "raise"
        )
        source = "per-business turnover, exact comparison"
    else:
        assert inputs.rising is not None and inputs.assisted is not None
        rising, assisted = inputs.rising, inputs.assisted
        source = "counts"
    value = turnover_rise_share_from_counts(rising, assisted)
    assert isinstance(value, float)
    return Computation(
        value=value,
        components={"rising": rising, "assisted": assisted, "not_rising": assisted - rising},
        category=None,
        method=f"rising / assisted x 100 from {source} (methods/business#turnover)",
    )


register(
    Indicator(
        code="turnover_growth",
        name_id=(
            "Persentase kenaikan omset Pelaku Usaha Binaan Dinas Pemberdayaan Perlindungan "
            "Anak dan Pengendalian Penduduk"
        ),
        name_en="Percent increase in turnover of assisted businesses",
        unit="percent",
        polarity="higher",
        iku=4,
        legal_basis=(
            "Peraturan Gubernur DKI Jakarta Nomor 2 Tahun 2020 tentang Penyelenggaraan "
            "Pengembangan Kewirausahaan Terpadu; Perjanjian Kinerja 2024 Dinas PPAPP, IKU 4"
        ),
        formula=(
            "growth = (omset_t - omset_{t-1}) / omset_{t-1} x 100; "
            "target_t = omset_{t-1} x (1 + growth_rule / 100)"
        ),
        function=turnover_growth,
        input_model=TurnoverGrowthInput,
        compute=_compute_turnover_growth,
        examples=(
            # Seed IKU 4: 2022 turnover Rp 110.400.000.000,00 and its 3 % target.
            {
                "current_turnover": "Rp 113.712.000.000,00",
                "previous_turnover": "Rp 110.400.000.000,00",
                "target_growth_pct": "pk-2024-dki",
            },
            {"current_turnover": 95_000_000, "previous_turnover": 100_000_000},
        ),
    )
)

register(
    Indicator(
        code="business_turnover_rise_share",
        name_id=(
            "Persentase Pelaku Usaha pada lembaga kemasyarakatan Binaan Dinas Pemberdayaan "
            "Perlindungan Anak dan Pengendalian Penduduk yang mengalami kenaikan omset"
        ),
        name_en="Percent of assisted businesses whose turnover rose",
        unit="percent",
        polarity="higher",
        iku=10,
        legal_basis=(
            "Peraturan Gubernur DKI Jakarta Nomor 2 Tahun 2020 tentang Penyelenggaraan "
            "Pengembangan Kewirausahaan Terpadu; Perjanjian Kinerja 2024 Dinas PPAPP, IKU 10"
        ),
        formula="share = count(omset_i,t > omset_i,t-1) / assisted businesses x 100",
        function=turnover_rise_share,
        input_model=TurnoverRiseShareInput,
        compute=_compute_rise_share,
        examples=(
            # Seed IKU 10: 5.848 assisted businesses (2021); 3,275 rising meets the 56 % target.
            {"rising": 3275, "assisted": 5848},
            {
                "current_turnovers": ["Rp 1.250.000", "Rp 800.000", "Rp 2.000.000,50"],
                "previous_turnovers": ["Rp 1.000.000", "Rp 900.000", "Rp 2.000.000"],
            },
        ),
    )
)
