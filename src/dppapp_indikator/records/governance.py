"""Registry records of the governance percentages (methods/governance#governance): IKU 11, 13-17,
19-21."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..governance import (
    COMMUNICATION_COMPONENTS,
    bmd_inventory_score,
    bmd_inventory_weights,
    communication_score,
    communication_weights,
    competency_attainment,
    competency_score,
    completion_pct,
    count_on_time_stages,
    procurement_account_prefixes,
    tkdn_pct,
    tkdn_share,
    year_progress_pct,
)
from ..registry import Computation, Indicator, IndicatorInput, register

_SEED = "Perjanjian Kinerja 2024 Dinas PPAPP Provinsi DKI Jakarta"
_WEIGHT_TOLERANCE = 1e-6


def _scalar(value: Any) -> float:
    """The float of a scalar result of a vectorised function."""
    return float(np.asarray(value, dtype=np.float64))


def _not_greater(completed: float, total: float, completed_name: str, total_name: str) -> None:
    if completed > total:
        raise ValueError(f"`{completed_name}` must not exceed `{total_name}`")


# --------------------------------------------------------------------------------------------
# IKU 11: public communication
# --------------------------------------------------------------------------------------------


class CommunicationWeightsInput(BaseModel):
    """Caller weights of IKU 11 (non-negative shares summing to 1)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    strategy: float = Field(ge=0, le=1, description="Weight of the strategy [share 0-1].")
    publication: float = Field(ge=0, le=1, description="Weight of publication [share 0-1].")
    crisis_response: float = Field(ge=0, le=1, description="Weight of crisis response [share 0-1].")
    interactive_response: float = Field(
        ge=0, le=1, description="Weight of interactive response [share 0-1]."
    )

    @model_validator(mode="after")
    def _sum_to_one(self) -> CommunicationWeightsInput:
        total = self.strategy + self.publication + self.crisis_response + self.interactive_response
        if abs(total - 1.0) > _WEIGHT_TOLERANCE:
            raise ValueError(f"`weights` must sum to 1; got {total:.10g}")
        return self


class PublicCommunicationInput(IndicatorInput):
    """Inputs of IKU 11 (methods/governance#governance)."""

    strategy_pct: float = Field(
        ge=0, le=100, description="Communication strategy drawn up [percent 0-100]."
    )
    publication_pct: float = Field(
        ge=0, le=100, description="Communication material published [percent 0-100]."
    )
    crisis_response_pct: float = Field(
        ge=0, le=100, description="Communication crises responded to [percent 0-100]."
    )
    interactive_response_pct: float = Field(
        ge=0, le=100, description="Relevant public questions/comments answered [percent 0-100]."
    )
    weights: CommunicationWeightsInput | None = Field(
        default=None,
        description="Component weights [share 0-1, sum 1]; default the seed's 0.35/0.30/0.20/0.15.",
    )


def _compute_public_communication(inputs: PublicCommunicationInput) -> Computation:
    if inputs.weights is None:
        weights = communication_weights()
        source = "seed (data/governance.toml)"
    else:
        weights = inputs.weights.model_dump()
        source = "caller"
    values = {
        "strategy": inputs.strategy_pct,
        "publication": inputs.publication_pct,
        "crisis_response": inputs.crisis_response_pct,
        "interactive_response": inputs.interactive_response_pct,
    }
    value = _scalar(
        communication_score(
            inputs.strategy_pct,
            inputs.publication_pct,
            inputs.crisis_response_pct,
            inputs.interactive_response_pct,
            weights=weights,
        )
    )
    return Computation(
        value=value,
        components={
            **{f"{c}_pct": values[c] for c in COMMUNICATION_COMPONENTS},
            "weights": weights,
            "weights_source": source,
            "weighted_points": {c: weights[c] * values[c] for c in COMMUNICATION_COMPONENTS},
        },
        category=None,
        method="weighted sum of the four component percents (methods/governance#governance, IKU "
        "11)",
    )


register(
    Indicator(
        code="public_communication",
        name_id=(
            "Persentase implementasi rencana strategi komunikasi publik program prioritas dan "
            "strategis serta respon perangkat daerah dengan program prioritas dan strategis "
            "pada saat krisis komunikasi program"
        ),
        name_en=(
            "Implementation of the public-communication strategy for priority programmes and "
            "response to communication crises"
        ),
        unit="percent",
        polarity="higher",
        iku=11,
        legal_basis=f"{_SEED}, IKU 11 (Metode Pengukuran; the seed cites no regulation)",
        formula=(
            "0.35 x strategy% + 0.30 x publication% + 0.20 x crisis-response% "
            "+ 0.15 x interactive-response%"
        ),
        function=communication_score,
        input_model=PublicCommunicationInput,
        compute=_compute_public_communication,
        examples=(
            {
                "strategy_pct": 80,
                "publication_pct": 60,
                "crisis_response_pct": 100,
                "interactive_response_pct": 40,
            },
            {
                "strategy_pct": 50,
                "publication_pct": 100,
                "crisis_response_pct": 0,
                "interactive_response_pct": 100,
                "weights": {
                    "strategy": 0.4,
                    "publication": 0.3,
                    "crisis_response": 0.2,
                    "interactive_response": 0.1,
                },
            },
        ),
    )
)


# --------------------------------------------------------------------------------------------
# IKU 13: BMD inventory
# --------------------------------------------------------------------------------------------


class BmdInventoryInput(IndicatorInput):
    """Inputs of IKU 13 (methods/governance#governance)."""

    team_done: float = Field(
        ge=0,
        le=1,
        description=(
            "Team decree, room list and BMD list done [share 0-1]: 0/1, or the fraction of "
            "units done."
        ),
    )
    assets_entered: int = Field(ge=0, description="Assets entered in the worksheet [count].")
    assets_owned: int = Field(gt=0, description="Assets owned (Peralatan dan Mesin) [count].")
    report_done: float = Field(
        ge=0,
        le=1,
        description="Minutes, SPTJM and LHI report done [share 0-1]: 0/1 or fraction of units.",
    )

    @model_validator(mode="after")
    def _entered_le_owned(self) -> BmdInventoryInput:
        _not_greater(self.assets_entered, self.assets_owned, "assets_entered", "assets_owned")
        return self


def _compute_bmd_inventory(inputs: BmdInventoryInput) -> Computation:
    weights = bmd_inventory_weights()
    entry_share = inputs.assets_entered / inputs.assets_owned
    value = _scalar(
        bmd_inventory_score(
            inputs.team_done, inputs.assets_entered, inputs.assets_owned, inputs.report_done
        )
    )
    return Computation(
        value=value,
        components={
            "team_done": inputs.team_done,
            "assets_entered": inputs.assets_entered,
            "assets_owned": inputs.assets_owned,
            "entry_share": entry_share,
            "report_done": inputs.report_done,
            "weights_pct": weights,
            "team_points": weights["team"] * inputs.team_done,
            "entry_points": weights["entry"] * entry_share,
            "report_points": weights["report"] * inputs.report_done,
        },
        category=None,
        method="5 x team done + 85 x entered/owned + 10 x report done "
        "(methods/governance#governance, IKU 13)",
    )


register(
    Indicator(
        code="bmd_inventory",
        name_id=(
            "Persentase Pelaksanaan Inventarisasi BMD pada Pengguna Barang dan/atau Kuasa "
            "Pengguna Barang"
        ),
        name_en="Inventory of regional property (BMD) by property users",
        unit="percent",
        polarity="higher",
        iku=13,
        legal_basis=(
            f"{_SEED}, IKU 13 (Definisi; penghitungan melalui sistem e-inventarisasi; the seed "
            "cites no regulation)"
        ),
        formula=(
            "5 x [SK Tim, Daftar Ruangan, Daftar BMD done] + 85 x assets entered / assets owned "
            "+ 10 x [Berita Acara, SPTJM, LHI done]"
        ),
        function=bmd_inventory_score,
        input_model=BmdInventoryInput,
        compute=_compute_bmd_inventory,
        examples=({"team_done": 1, "assets_entered": 170, "assets_owned": 200, "report_done": 1},),
    )
)


# --------------------------------------------------------------------------------------------
# IKU 14: domestic products (TKDN)
# --------------------------------------------------------------------------------------------


class SpendingLineInput(BaseModel):
    """One realised spending line (IKU 14)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    account_code: str = Field(
        pattern=r"^\s*\d+(\.\d+)*\s*$",
        description="Kode rekening, digits in dot-separated segments, e.g. 5.1.02.01.01.0024.",
    )
    realised_amount: Decimal = Field(ge=0, description="Realised spending (SPJ) [rupiah].")
    qualifying: bool = Field(
        description="TKDN-certified, domestic or micro/small-business product [flag]."
    )


class TkdnShareInput(IndicatorInput):
    """Inputs of IKU 14: spending lines, or the two totals (methods/governance#governance)."""

    lines: list[SpendingLineInput] | None = Field(
        default=None, description="Spending lines (account code, amount [rupiah], flag)."
    )
    qualifying_spending: Decimal | None = Field(
        default=None, ge=0, description="Realised qualifying procurement spending [rupiah]."
    )
    procurement_spending: Decimal | None = Field(
        default=None, gt=0, description="Realised procurement spending [rupiah]."
    )

    @model_validator(mode="after")
    def _one_form(self) -> TkdnShareInput:
        totals = (self.qualifying_spending, self.procurement_spending)
        if self.lines is not None:
            if any(t is not None for t in totals):
                raise ValueError("give either `lines` or the two totals, not both")
        elif any(t is None for t in totals):
            raise ValueError(
                "give `lines`, or both `qualifying_spending` and `procurement_spending`"
            )
        elif self.qualifying_spending > self.procurement_spending:  # type: ignore[operator]
            raise ValueError("`qualifying_spending` must not exceed `procurement_spending`")
        return self


def _compute_tkdn_share(inputs: TkdnShareInput) -> Computation:
    prefixes = list(procurement_account_prefixes())
    if inputs.lines is not None:
        result = tkdn_share([line.model_dump() for line in inputs.lines])
        return Computation(
            value=result.share_pct,
            components={
                "qualifying_spending": result.numerator,
                "procurement_spending": result.denominator,
                "share": result.share,
                "n_lines": len(result.lines),
                "n_procurement_lines": sum(line.is_procurement for line in result.lines),
                "n_numerator_lines": sum(line.in_numerator for line in result.lines),
                "procurement_prefixes": prefixes,
                "lines": [line.as_dict() for line in result.lines],
            },
            category=None,
            method=(
                "qualifying procurement spending / procurement spending x 100, lines classified "
                "by whole-segment kode rekening prefix (methods/governance#governance, IKU 14)"
            ),
        )
    qualifying = inputs.qualifying_spending
    procurement = inputs.procurement_spending
    assert qualifying is not None and procurement is not None  # guaranteed by the validator
    share_pct = _scalar(tkdn_pct(float(qualifying), float(procurement)))
    return Computation(
        value=share_pct,
        components={
            "qualifying_spending": qualifying,
            "procurement_spending": procurement,
            "share": float(qualifying / procurement),
            "procurement_prefixes": prefixes,
        },
        category=None,
        method="qualifying procurement spending / procurement spending x 100 "
        "(methods/governance#governance)",
    )


register(
    Indicator(
        code="tkdn_share",
        name_id=(
            "Persentase realisasi belanja barang/jasa bersertifikat TKDN, produk dalam negeri, "
            "dan/atau produk usaha mikro kecil dan koperasi dari hasil produksi dalam negeri"
        ),
        name_en=(
            "Realised procurement spending on TKDN-certified, domestic or micro/small-business "
            "and cooperative products"
        ),
        unit="percent",
        polarity="higher",
        iku=14,
        legal_basis=(
            "UU 3/2014 tentang Perindustrian; PP 29/2018 tentang Pemberdayaan Industri; Perpres "
            "12/2021 tentang Perubahan atas Perpres 16/2018 tentang Pengadaan Barang/Jasa "
            "Pemerintah; Inpres 2/2022 tentang Percepatan Peningkatan Penggunaan Produk Dalam "
            "Negeri dan Produk Usaha Mikro, Usaha Kecil, dan Koperasi"
        ),
        formula=(
            "realised procurement spending on TKDN/domestic/MSE products / realised procurement "
            "spending (accounts 5.1.02, 5.1.05.01.02.0001, 5.1.06.03.02.0001, 5.2.02-5.2.06) "
            "x 100"
        ),
        function=tkdn_pct,
        input_model=TkdnShareInput,
        compute=_compute_tkdn_share,
        examples=(
            {
                "lines": [
                    {
                        "account_code": "5.1.02.01.01.0024",
                        "realised_amount": "1000000",
                        "qualifying": True,
                    },
                    {
                        "account_code": "5.2.02.05.01.0005",
                        "realised_amount": "3000000",
                        "qualifying": False,
                    },
                    {
                        "account_code": "5.1.01.01.01.0001",
                        "realised_amount": "9000000",
                        "qualifying": True,
                    },
                ]
            },
            {"qualifying_spending": "800000", "procurement_spending": "1000000"},
        ),
    )
)


# --------------------------------------------------------------------------------------------
# IKU 15: competency development
# --------------------------------------------------------------------------------------------


class CompetencyDevelopmentInput(IndicatorInput):
    """Inputs of IKU 15 (methods/governance#governance)."""

    hours: list[float] = Field(
        min_length=1,
        description="Learning hours (JP) completed per civil servant in the year [hours, >= 0].",
    )
    required_hours: float = Field(default=40.0, gt=0, description="Yearly requirement [hours].")
    cap: bool = Field(default=True, description="Cap each servant's attainment at 100 % [on/off].")

    @model_validator(mode="after")
    def _non_negative(self) -> CompetencyDevelopmentInput:
        for i, h in enumerate(self.hours):
            if h < 0:
                raise ValueError(f"`hours` must be >= 0; got {h:g} at position {i}")
        return self


def _compute_competency(inputs: CompetencyDevelopmentInput) -> Computation:
    per_servant = np.asarray(
        competency_attainment(inputs.hours, required_hours=inputs.required_hours, cap=inputs.cap),
        dtype=np.float64,
    ).tolist()
    value = competency_score(inputs.hours, required_hours=inputs.required_hours, cap=inputs.cap)
    return Computation(
        value=value,
        components={
            "required_hours": inputs.required_hours,
            "cap": inputs.cap,
            "n_servants": len(inputs.hours),
            "n_meeting_requirement": sum(h >= inputs.required_hours for h in inputs.hours),
            "n_above_requirement": sum(h > inputs.required_hours for h in inputs.hours),
            "attainment_pct": per_servant,
        },
        category=None,
        method=(
            f"mean over servants of {'min(hours/required, 1)' if inputs.cap else 'hours/required'}"
            " x 100 (methods/governance#governance, IKU 15)"
        ),
    )


register(
    Indicator(
        code="competency_development",
        name_id=(
            "Persentase Implementasi Pengembangan Kompetensi PNS Pemerintah Provinsi DKI Jakarta "
            "40 Jam Pelajaran per tahun"
        ),
        name_en="Civil-servant competency development of 40 learning hours a year",
        unit="percent",
        polarity="higher",
        iku=15,
        legal_basis=(
            "PP 11/2017 tentang Manajemen Pegawai Negeri Sipil, Pasal 203 ayat (4); Instruksi "
            "Sekretaris Daerah Provinsi DKI Jakarta Nomor 29 Tahun 2023 tentang Pelaksanaan "
            "Pengembangan Kompetensi Pegawai minimal 40 Jam Pelajaran per Tahun"
        ),
        formula="mean over civil servants of min(hours / 40, 1) x 100",
        function=competency_score,
        input_model=CompetencyDevelopmentInput,
        compute=_compute_competency,
        examples=({"hours": [0, 20, 40, 80]}, {"hours": [0, 20, 40, 80], "cap": False}),
    )
)


# --------------------------------------------------------------------------------------------
# IKU 16: knowledge management
# --------------------------------------------------------------------------------------------


class KnowledgeReportInput(BaseModel):
    """One knowledge-management report (stage) with its due and submission dates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    due_date: _dt.date = Field(description="Due date [date] (5 September or 5 December).")
    submitted_on: _dt.date | None = Field(
        default=None, description="Submission date [date]; null when not submitted."
    )


class KnowledgeManagementInput(IndicatorInput):
    """Inputs of IKU 16: stage counts, or the reports with their dates
    (methods/governance#governance)."""

    stages_completed_on_time: int | None = Field(
        default=None, ge=0, description="Stages completed on time [count]."
    )
    stages_due: int | None = Field(default=None, gt=0, description="Stages due [count].")
    reports: list[KnowledgeReportInput] | None = Field(
        default=None, description="Reports with due and submission dates."
    )
    as_of: _dt.date | None = Field(
        default=None, description="Evaluation date [date]; default: every report is due."
    )

    @model_validator(mode="after")
    def _one_form(self) -> KnowledgeManagementInput:
        counts = (self.stages_completed_on_time, self.stages_due)
        if self.reports is not None:
            if any(c is not None for c in counts):
                raise ValueError("give either `reports` or the two stage counts, not both")
            if not self.reports:
                raise ValueError("`reports` must not be empty")
        else:
            if any(c is None for c in counts):
                raise ValueError(
                    "give `reports`, or both `stages_completed_on_time` and `stages_due`"
                )
            if self.as_of is not None:
                raise ValueError("`as_of` applies only with `reports`")
            _not_greater(
                self.stages_completed_on_time,  # type: ignore[arg-type]
                self.stages_due,  # type: ignore[arg-type]
                "stages_completed_on_time",
                "stages_due",
            )
        return self


def _compute_knowledge_management(inputs: KnowledgeManagementInput) -> Computation:
    method = "stages completed on time / stages due x 100 (methods/governance#governance, IKU 16)"
    if inputs.reports is not None:
        count = count_on_time_stages(
            [r.due_date for r in inputs.reports],
            [r.submitted_on for r in inputs.reports],
            as_of=inputs.as_of,
        )
        components: dict[str, Any] = {
            "stages_completed_on_time": count.on_time,
            "stages_due": count.due,
            "stages_late": count.late,
            "stages_missing": count.missing,
            "stages_not_yet_due": count.not_yet_due,
            "as_of": inputs.as_of,
            "status": list(count.status),
            # the agreement's quarterly quantity: progress over all the year's stages
            "year_progress_pct": _scalar(year_progress_pct(count.on_time, len(inputs.reports))),
        }
        on_time, due = count.on_time, count.due
        method += (
            "; on time = submitted on or before the due date; year_progress_pct = stages on "
            "time / all stages of the year x 100 (the value to date the agreement's quarterly "
            "targets 50 + 50 measure)"
        )
    else:
        assert inputs.stages_completed_on_time is not None and inputs.stages_due is not None
        on_time, due = inputs.stages_completed_on_time, inputs.stages_due
        components = {"stages_completed_on_time": on_time, "stages_due": due}
    value = _scalar(completion_pct(on_time, due))
    return Computation(value=value, components=components, category=None, method=method)


register(
    Indicator(
        code="knowledge_management",
        name_id="Persentase penyelesaian tahapan manajemen pengetahuan",
        name_en="Completion of knowledge-management stages",
        unit="percent",
        polarity="higher",
        iku=16,
        legal_basis="Peraturan Gubernur Nomor 164 Tahun 2017 tentang Manajemen Pengetahuan",
        formula=(
            "stages (reports) completed on time / stages due x 100; due 5 September and 5 December"
        ),
        function=completion_pct,
        input_model=KnowledgeManagementInput,
        compute=_compute_knowledge_management,
        examples=(
            {"stages_completed_on_time": 3, "stages_due": 4},
            {
                "reports": [
                    {"due_date": "2024-09-05", "submitted_on": "2024-09-05"},
                    {"due_date": "2024-09-05", "submitted_on": "2024-09-06"},
                    {"due_date": "2024-12-05", "submitted_on": "2024-12-01"},
                    {"due_date": "2024-12-05", "submitted_on": None},
                ],
                "as_of": "2024-12-31",
            },
        ),
    )
)


# --------------------------------------------------------------------------------------------
# IKU 17, 19, 20, 21: completed / due
# --------------------------------------------------------------------------------------------


def _ratio_computation(
    completed: int, total: int, completed_key: str, total_key: str
) -> Computation:
    value = _scalar(completion_pct(completed, total))
    return Computation(
        value=value,
        components={completed_key: completed, total_key: total, "share": completed / total},
        category=None,
        method=f"{completed_key} / {total_key} x 100 (methods/governance#governance)",
    )


class RiskManagementInput(IndicatorInput):
    """Inputs of IKU 17 (methods/governance#governance)."""

    documents_verified: int = Field(
        ge=0, description="Risk-monitoring documents verified by the Inspectorate [count]."
    )
    documents_due: int = Field(
        gt=0, description="Documents due by the collection deadline [count]."
    )

    @model_validator(mode="after")
    def _le(self) -> RiskManagementInput:
        _not_greater(
            self.documents_verified, self.documents_due, "documents_verified", "documents_due"
        )
        return self


def _compute_risk(inputs: RiskManagementInput) -> Computation:
    return _ratio_computation(
        inputs.documents_verified, inputs.documents_due, "documents_verified", "documents_due"
    )


register(
    Indicator(
        code="risk_management",
        name_id="Persentase Implementasi Penerapan Manajemen Risiko",
        name_en="Implementation of risk management",
        unit="percent",
        polarity="higher",
        iku=17,
        legal_basis=(
            "Peraturan Gubernur Nomor 122 Tahun 2020 tentang Penerapan Manajemen Risiko pada "
            "Pemerintah Provinsi DKI Jakarta; Keputusan Gubernur Nomor 153 Tahun 2021 tentang "
            "Struktur Manajemen Risiko di Pemerintah Provinsi DKI Jakarta"
        ),
        formula=("documents verified by the Inspectorate / documents due by the deadline x 100"),
        function=completion_pct,
        input_model=RiskManagementInput,
        compute=_compute_risk,
        examples=({"documents_verified": 1, "documents_due": 2},),
    )
)


class GovernorDirectivesInput(IndicatorInput):
    """Inputs of IKU 19 (methods/governance#governance)."""

    directives_completed: int = Field(
        ge=0, description="Governor's directives followed up [count]."
    )
    directives_total: int = Field(
        gt=0,
        description=(
            "Governor's directives to follow up (rapim, e-office, electronic media, other) [count]."
        ),
    )

    @model_validator(mode="after")
    def _le(self) -> GovernorDirectivesInput:
        _not_greater(
            self.directives_completed,
            self.directives_total,
            "directives_completed",
            "directives_total",
        )
        return self


def _compute_governor(inputs: GovernorDirectivesInput) -> Computation:
    return _ratio_computation(
        inputs.directives_completed,
        inputs.directives_total,
        "directives_completed",
        "directives_total",
    )


register(
    Indicator(
        code="governor_directives_follow_up",
        name_id="Persentase capaian penyelesaian Tindak Lanjut Arahan Gubernur",
        name_en="Follow-up of the governor's directives",
        unit="percent",
        polarity="higher",
        iku=19,
        legal_basis=f"{_SEED}, IKU 19 (Metode Pengukuran; the seed cites no regulation)",
        formula="directives followed up / directives to follow up x 100",
        function=completion_pct,
        input_model=GovernorDirectivesInput,
        compute=_compute_governor,
        examples=({"directives_completed": 45, "directives_total": 60},),
    )
)


class ComplaintsFollowUpInput(IndicatorInput):
    """Inputs of IKU 20 (methods/governance#governance)."""

    complaints_completed: int = Field(
        ge=0, description="Public complaints followed up (CRM) [count]."
    )
    complaints_total: int = Field(gt=0, description="Public complaints to follow up [count].")

    @model_validator(mode="after")
    def _le(self) -> ComplaintsFollowUpInput:
        _not_greater(
            self.complaints_completed,
            self.complaints_total,
            "complaints_completed",
            "complaints_total",
        )
        return self


def _compute_complaints(inputs: ComplaintsFollowUpInput) -> Computation:
    return _ratio_computation(
        inputs.complaints_completed,
        inputs.complaints_total,
        "complaints_completed",
        "complaints_total",
    )


register(
    Indicator(
        code="complaints_follow_up",
        name_id="Persentase capaian penyelesaian pengaduan masyarakat",
        name_en="Follow-up of public complaints",
        unit="percent",
        polarity="higher",
        iku=20,
        legal_basis=(
            f"{_SEED}, IKU 20 (Metode Pengukuran; data source CRM; the seed cites no regulation)"
        ),
        formula="complaints followed up / complaints to follow up x 100",
        function=completion_pct,
        input_model=ComplaintsFollowUpInput,
        compute=_compute_complaints,
        examples=({"complaints_completed": 3, "complaints_total": 4},),
    )
)


class BpkFollowUpInput(IndicatorInput):
    """Inputs of IKU 21 (methods/governance#governance)."""

    recommendations_completed: int = Field(
        ge=0,
        description=(
            "BPK RI audit (LHP) recommendations received since 2005 and settled, as verified by "
            "the Inspectorate [count]."
        ),
    )
    recommendations_total: int = Field(
        gt=0, description="BPK RI audit recommendations received since 2005 [count]."
    )

    settled_this_year: int | None = Field(
        default=None,
        ge=0,
        description=(
            "Recommendations settled from the start of the year to the end of the quarter "
            "[count]; with `to_follow_up_this_year`, gives the progress to date."
        ),
    )
    to_follow_up_this_year: int | None = Field(
        default=None,
        gt=0,
        description="Recommendations planned to be followed up in the year [count].",
    )

    @model_validator(mode="after")
    def _le(self) -> BpkFollowUpInput:
        _not_greater(
            self.recommendations_completed,
            self.recommendations_total,
            "recommendations_completed",
            "recommendations_total",
        )
        year = (self.settled_this_year, self.to_follow_up_this_year)
        if (year[0] is None) != (year[1] is None):
            raise ValueError(
                "give both `settled_this_year` and `to_follow_up_this_year`, or neither"
            )
        if year[0] is not None and year[1] is not None:
            _not_greater(year[0], year[1], "settled_this_year", "to_follow_up_this_year")
        return self


def _compute_bpk(inputs: BpkFollowUpInput) -> Computation:
    computation = _ratio_computation(
        inputs.recommendations_completed,
        inputs.recommendations_total,
        "recommendations_completed",
        "recommendations_total",
    )
    if inputs.settled_this_year is None or inputs.to_follow_up_this_year is None:
        return computation
    progress = _scalar(year_progress_pct(inputs.settled_this_year, inputs.to_follow_up_this_year))
    return Computation(
        value=computation.value,
        components={
            **computation.components,
            "settled_this_year": inputs.settled_this_year,
            "to_follow_up_this_year": inputs.to_follow_up_this_year,
            "year_progress_pct": progress,
        },
        category=computation.category,
        method=computation.method
        + "; year_progress_pct = settled this year / to follow up this year x 100 (the "
        "value to date the agreement's quarterly targets 25 x 4 measure; inferred base)",
    )


register(
    Indicator(
        code="bpk_follow_up",
        name_id=(
            "Persentase progress penyelesaian tindak lanjut rekomendasi temuan hasil pemeriksaan "
            "eksternal (BPK)"
        ),
        name_en="Follow-up of external audit (BPK) recommendations",
        unit="percent",
        polarity="higher",
        iku=21,
        legal_basis=(
            f"{_SEED}, IKU 21 (Metode Pengukuran: rekomendasi LHP BPK RI tahun 2005 dan "
            "seterusnya, verifikasi oleh Inspektorat; the seed cites no regulation)"
        ),
        formula=(
            "BPK recommendations (since 2005) settled / BPK recommendations received since 2005 "
            "x 100"
        ),
        function=completion_pct,
        input_model=BpkFollowUpInput,
        compute=_compute_bpk,
        examples=(
            {"recommendations_completed": 900, "recommendations_total": 1000},
            {
                "recommendations_completed": 900,
                "recommendations_total": 1000,
                "settled_this_year": 30,
                "to_follow_up_this_year": 120,
            },
        ),
    )
)
