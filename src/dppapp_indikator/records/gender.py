"""Registry records of the gender indices (methods/gender#gender): IDG (IKU 2) and IKU 6."""

from __future__ import annotations

from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .._bands import category_label
from .._checks import InvalidInputError
from ..gender import (
    IDG_EPSILON,
    IncomeGoalposts,
    decision_making_index,
    decision_making_pct,
    edep,
    idg,
    income_chain,
    income_edep,
    income_goalposts,
    income_index,
    parliament_index,
)
from ..registry import Computation, Indicator, IndicatorInput, register

_LEGAL_BASIS = (
    "UU 7/1984 tentang Pengesahan Konvensi CEDAW; Peraturan Menteri PPPA Nomor 2 Tahun 2020 "
    "tentang Rencana Strategis KemenPPPA; Kementerian PPPA dan BPS, Pembangunan Manusia "
    "Berbasis Gender"
)


def _scalar(value: object) -> float:
    """A formula's result for scalar inputs, as a Python float."""
    return float(cast(float, value))


IncomeRoute = Literal["income_index", "female_income_share", "wages"]


class GoalpostsInput(BaseModel):
    """Explicit income goalposts a, b, c (methods/gender#idg-inc), in the unit of ``ppp``."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    minimum: float = Field(description="Goalpost a, subtracted from E_inc * PPP [unit of ppp].")
    maximum: float = Field(description="Goalpost b, the upper goalpost [unit of ppp].")
    reference_minimum: float = Field(
        description="Goalpost c, the lower end of the range b - c [unit of ppp]."
    )
    unit: str = Field(default="unit of ppp", description="Unit of the goalposts and the PPP.")
    source: str = Field(default="user-supplied", description="Where the goalposts come from.")

    @model_validator(mode="after")
    def _ordered(self) -> GoalpostsInput:
        self.to_goalposts()  # raises InvalidInputError (a ValueError) naming the field
        return self

    def to_goalposts(self) -> IncomeGoalposts:
        """The equivalent :class:`~dppapp_indikator.gender.IncomeGoalposts`."""
        return IncomeGoalposts(
            minimum=self.minimum,
            maximum=self.maximum,
            reference_minimum=self.reference_minimum,
            unit=self.unit,
            source=self.source,
        )


class IdgInput(IndicatorInput):
    """Inputs of the IDG (methods/gender#idg) with exactly one route to the income component.

    Income routes:

    1. ``income_index`` (I_inc) directly;
    2. ``female_income_share`` + ``ppp`` + ``goalposts``;
    3. ``female_wage`` + ``male_wage`` + ``female_labour_force_share`` + ``ppp`` +
       ``goalposts`` (the full income chain).
    """

    female_parliament_pct: float = Field(
        ge=0, le=100, description="Women's share of legislature seats [percent 0-100]."
    )
    female_decision_pct: float = Field(
        ge=0,
        le=100,
        description=(
            "Women's share among managers, professionals, administrative staff and "
            "technicians [percent 0-100]."
        ),
    )
    female_population_share: float = Field(
        ge=0, le=1, description="Women's share of the total population Pf [share 0-1]."
    )
    income_index: float | None = Field(
        default=None, ge=0, le=1, description="Route 1: the income component I_inc [index 0-1]."
    )
    female_income_share: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description=(
            "Route 2: women's share of earned income Sf [share 0-1] (BPS 'sumbangan "
            "pendapatan perempuan' / 100)."
        ),
    )
    female_wage: float | None = Field(
        default=None,
        ge=0,
        description="Route 3: women's non-agricultural wage [currency, same as male_wage].",
    )
    male_wage: float | None = Field(
        default=None, gt=0, description="Route 3: men's non-agricultural wage [currency]."
    )
    female_labour_force_share: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Route 3: women's share of the labour force Ef [share 0-1].",
    )
    ppp: float | None = Field(
        default=None,
        gt=0,
        description=(
            "Routes 2 and 3: purchasing power (PPP-adjusted per-capita expenditure) [unit "
            "of the goalposts, e.g. thousand rupiah per capita per month]."
        ),
    )
    goalposts: str | GoalpostsInput | None = Field(
        default=None,
        description=(
            "Routes 2 and 3: a goalpost preset name (e.g. 'ihdr-2001') or explicit "
            "minimum/maximum/reference_minimum [unit of ppp]. No default: the goalposts BPS "
            "uses today are unknown."
        ),
    )

    @field_validator("goalposts")
    @classmethod
    def _known_preset(cls, value: str | GoalpostsInput | None) -> str | GoalpostsInput | None:
        if isinstance(value, str):
            try:
                income_goalposts(value)
            except InvalidInputError as exc:
                raise InvalidInputError("goalposts", exc.constraint, value) from None
        return value

    @model_validator(mode="after")
    def _one_income_route(self) -> IdgInput:
        routes = []
        if self.income_index is not None:
            routes.append("income_index")
        if self.female_income_share is not None:
            routes.append("female_income_share")
        wage_fields = ("female_wage", "male_wage", "female_labour_force_share")
        if any(getattr(self, name) is not None for name in wage_fields):
            routes.append("wages")
        help_text = (
            "give exactly one income route: `income_index`; or `female_income_share` + "
            "`ppp` + `goalposts`; or `female_wage` + `male_wage` + "
            "`female_labour_force_share` + `ppp` + `goalposts`"
        )
        if len(routes) != 1:
            got = ", ".join(routes) if routes else "none"
            raise ValueError(f"{help_text}; got routes: {got}")
        route = routes[0]
        if route == "income_index":
            extra = [n for n in ("ppp", "goalposts") if getattr(self, n) is not None]
            if extra:
                raise ValueError(
                    f"{help_text}; `income_index` was given, so "
                    f"{' and '.join(f'`{n}`' for n in extra)} must be left out"
                )
            return self
        needed = ["ppp", "goalposts"]
        if route == "wages":
            needed = [*wage_fields, *needed]
        missing = [n for n in needed if getattr(self, n) is None]
        if missing:
            raise ValueError(
                f"{help_text}; the {route!r} route is missing "
                f"{', '.join(f'`{n}`' for n in missing)}"
            )
        return self

    @property
    def income_route(self) -> IncomeRoute:
        """Which income route the inputs take."""
        if self.income_index is not None:
            return "income_index"
        if self.female_income_share is not None:
            return "female_income_share"
        return "wages"


def _goalposts_of(inputs: IdgInput) -> tuple[IncomeGoalposts, str]:
    """The goalposts and how to name them in ``method``."""
    if isinstance(inputs.goalposts, GoalpostsInput):
        goalposts = inputs.goalposts.to_goalposts()
        return goalposts, (
            f"explicit goalposts a={goalposts.minimum:g}, b={goalposts.maximum:g}, "
            f"c={goalposts.reference_minimum:g}"
        )
    assert isinstance(inputs.goalposts, str)  # guaranteed by the model validator
    return income_goalposts(inputs.goalposts), f"goalposts preset {inputs.goalposts!r}"


def _compute_idg(inputs: IdgInput) -> Computation:
    pf = inputs.female_population_share
    par, dec = inputs.female_parliament_pct, inputs.female_decision_pct
    components: dict[str, Any] = {
        "female_population_share": pf,
        "parliament_edep": _scalar(edep(par, 100.0 - par, pf, epsilon=IDG_EPSILON)),
        "parliament_index": _scalar(parliament_index(par, pf)),
        "decision_edep": _scalar(edep(dec, 100.0 - dec, pf, epsilon=IDG_EPSILON)),
        "decision_index": _scalar(decision_making_index(dec, pf)),
    }
    route = inputs.income_route
    if route == "income_index":
        assert inputs.income_index is not None
        i_inc = inputs.income_index
        method_route = "income route: income_index given directly"
    else:
        assert inputs.ppp is not None
        goalposts, goalposts_text = _goalposts_of(inputs)
        if route == "wages":
            assert inputs.female_wage is not None and inputs.male_wage is not None
            assert inputs.female_labour_force_share is not None
            chain = income_chain(
                inputs.female_wage, inputs.male_wage, inputs.female_labour_force_share, pf
            )
            components.update({name: _scalar(value) for name, value in chain._asdict().items()})
            e_inc = _scalar(chain.edep_income)
            method_route = "income route: wages -> income chain (methods/gender#idg-inc)"
        else:
            assert inputs.female_income_share is not None
            sf = inputs.female_income_share
            e_inc = _scalar(income_edep(sf, pf))
            components.update(
                {
                    "female_income_share": sf,
                    "male_income_share": 1.0 - sf,
                    "female_relative_share": sf / pf,
                    "male_relative_share": (1.0 - sf) / (1.0 - pf),
                    "edep_income": e_inc,
                }
            )
            method_route = "income route: female_income_share -> E_inc (methods/gender#idg-inc)"
        components["ppp"] = inputs.ppp
        components["goalposts"] = {
            "minimum": goalposts.minimum,
            "maximum": goalposts.maximum,
            "reference_minimum": goalposts.reference_minimum,
            "unit": goalposts.unit,
            "source": goalposts.source,
        }
        i_inc = _scalar(income_index(e_inc, inputs.ppp, goalposts=goalposts))
        if not 0.0 <= i_inc <= 1.0:
            raise InvalidInputError(
                "income_index",
                "computed from `ppp` and `goalposts` must be in [0, 1] (do the goalposts fit "
                "this purchasing-power series?)",
                i_inc,
            )
        method_route = f"{method_route}, {goalposts_text}"
    components["income_index"] = i_inc
    value = _scalar(idg(par, dec, i_inc, pf))
    return Computation(
        value=value,
        components=components,
        category=category_label("idg", value),
        method=(
            "IDG = 100 (I_par + I_DM + I_inc) / 3 with EDEP epsilon = 2 "
            f"(methods/gender#edep to methods/gender#idg); {method_route}"
        ),
    )


class WomenDecisionMakingInput(IndicatorInput):
    """Inputs of IKU 6: counts (``women`` + ``total``) or ``female_decision_pct`` directly."""

    women: float | None = Field(
        default=None,
        ge=0,
        description=(
            "Women among managers, professionals, administrative staff and technicians "
            "[persons, >= 0]."
        ),
    )
    total: float | None = Field(
        default=None,
        gt=0,
        description=(
            "All managers, professionals, administrative staff and technicians [persons, > 0]."
        ),
    )
    female_decision_pct: float | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Women's share of those positions, if already known [percent 0-100].",
    )
    female_population_share: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Optional: women's share of the population Pf, to add I_DM [share 0-1].",
    )

    @model_validator(mode="after")
    def _one_route(self) -> WomenDecisionMakingInput:
        counts = self.women is not None or self.total is not None
        direct = self.female_decision_pct is not None
        if counts == direct:
            raise ValueError(
                "give either `women` + `total` (counts) or `female_decision_pct`, not both "
                "and not neither"
            )
        if counts:
            if self.women is None or self.total is None:
                missing = "women" if self.women is None else "total"
                raise ValueError(
                    f"the counts route needs both `women` and `total`; `{missing}` is missing"
                )
            if self.women > self.total:
                raise ValueError(
                    f"`women` must not exceed `total`; got {self.women:g} > {self.total:g}"
                )
        return self


def _compute_women_decision_making(inputs: WomenDecisionMakingInput) -> Computation:
    components: dict[str, Any] = {}
    if inputs.female_decision_pct is not None:
        pct = inputs.female_decision_pct
        method = "female_decision_pct given directly"
    else:
        assert inputs.women is not None and inputs.total is not None
        pct = _scalar(decision_making_pct(inputs.women, inputs.total))
        components.update({"women": inputs.women, "total": inputs.total})
        method = "100 * women / total"
    components["female_decision_pct"] = pct
    if inputs.female_population_share is not None:
        pf = inputs.female_population_share
        components["female_population_share"] = pf
        components["decision_edep"] = _scalar(edep(pct, 100.0 - pct, pf, epsilon=IDG_EPSILON))
        components["decision_making_index"] = _scalar(decision_making_index(pct, pf))
        method += "; I_DM = EDEP(d, 100 - d) / 50 with epsilon = 2 added as a component"
    return Computation(
        value=pct,
        components=components,
        category=None,
        method=(
            "raw percentage of women in decision-making positions (methods/gender#idg-par): "
            f"{method}"
        ),
    )


register(
    Indicator(
        code="idg",
        name_id="Indeks Pemberdayaan Gender (IDG)",
        name_en="Gender Empowerment Index",
        unit="index 0-100",
        polarity="higher",
        iku=2,
        legal_basis=_LEGAL_BASIS,
        formula=(
            "IDG = 100 * (I_par + I_DM + I_inc) / 3; I_par = EDEP(p, 100 - p) / 50; "
            "I_DM = EDEP(d, 100 - d) / 50; EDEP = 1 / (Pf / Xf + Pm / Xm); "
            "I_inc = (E_inc * PPP - a) / (b - c), E_inc = EDEP(Sf / Pf, Sm / Pm)"
        ),
        function=idg,
        input_model=IdgInput,
        compute=_compute_idg,
        examples=(
            # Indonesia 2017 (BPS): I_inc implied by the published IDG 71.74, Pf 0.5 assumed.
            {
                "female_parliament_pct": 17.32,
                "female_decision_pct": 46.31,
                "female_population_share": 0.5,
                "income_index": 0.5848,
            },
            # Income chain of Aceh 1996 (IHDR 2001, technical notes p.75).
            {
                "female_parliament_pct": 17.32,
                "female_decision_pct": 46.31,
                "female_population_share": 0.499,
                "female_wage": 271.929,
                "male_wage": 383.423,
                "female_labour_force_share": 0.384,
                "ppp": 562.8,
                "goalposts": "ihdr-2001",
            },
            # Published women's income share with explicit goalposts.
            {
                "female_parliament_pct": 17.32,
                "female_decision_pct": 46.31,
                "female_population_share": 0.5,
                "female_income_share": 0.3662,
                "ppp": 562.8,
                "goalposts": {"minimum": 360.0, "maximum": 732.72, "reference_minimum": 300.0},
            },
        ),
    )
)

register(
    Indicator(
        code="women_decision_making",
        name_id="Persentase keterlibatan perempuan dalam pengambilan keputusan",
        name_en=(
            "Percentage of women in decision-making (managers, professionals, administrative "
            "staff and technicians)"
        ),
        unit="percent",
        polarity="higher",
        iku=6,
        legal_basis=_LEGAL_BASIS,
        formula=(
            "100 * women / total (managers, professionals, administrative staff and "
            "technicians); I_DM = EDEP(d, 100 - d) / 50 as a component"
        ),
        function=decision_making_pct,
        input_model=WomenDecisionMakingInput,
        compute=_compute_women_decision_making,
        examples=(
            {"women": 4944, "total": 10000, "female_population_share": 0.5},
            # Indonesia 2017 (BPS): 46.31 % women among professionals.
            {"female_decision_pct": 46.31},
        ),
    )
)
