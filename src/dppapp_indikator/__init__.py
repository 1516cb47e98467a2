"""dppapp-indikator: the performance indicators of Dinas PPAPP DKI Jakarta, exactly.

Every public name is importable from this package. Importing it loads only numpy and the
standard library; each name's module (and pandas, pydantic ... where that module needs them)
is imported on first use.

Examples
--------
>>> import dppapp_indikator as di
>>> round(di.ibangga(55.99, 52.09, 53.96), 2)
54.01
>>> di.ibangga_category(54.01)
'berkembang'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._checks import InvalidInputError
from ._version import __version__

# public name -> submodule that defines it (imported on first attribute access)
_LAZY: dict[str, str] = {
    # registry
    "indicators": "registry",
    "calculate": "registry",
    "get_indicator": "registry",
    "Result": "registry",
    "Indicator": "registry",
    # family (methods/family#ibangga)
    "ibangga": "family",
    "ibangga_category": "family",
    # budget performance (methods/budget#nka)
    "nka": "budget",
    "nka_weights": "budget",
    "nka_weight_presets": "budget",
    "NkaWeights": "budget",
    "output_achievement": "budget",
    "OutputAchievement": "budget",
    "ProgrammeLevel": "budget",
    "OutputLevel": "budget",
    "IndicatorLevel": "budget",
    "geometric_mean": "budget",
    "absorption": "budget",
    "efficiency": "budget",
    "efficiency_score": "budget",
    "consistency": "budget",
    "monthly_consistency": "budget",
    # fertility (methods/fertility#fertility)
    "AGE_GROUPS": "fertility",
    "asfr": "fertility",
    "tfr": "fertility",
    "grr": "fertility",
    "nrr": "fertility",
    "own_children_asfr": "fertility",
    "OwnChildrenEstimate": "fertility",
    # governance (methods/governance#governance)
    "communication_score": "governance",
    "communication_weights": "governance",
    "COMMUNICATION_COMPONENTS": "governance",
    "bmd_inventory_score": "governance",
    "bmd_inventory_weights": "governance",
    "classify_procurement_account": "governance",
    "procurement_account_prefixes": "governance",
    "tkdn_share": "governance",
    "TkdnShare": "governance",
    "ClassifiedSpendingLine": "governance",
    "tkdn_pct": "governance",
    "competency_attainment": "governance",
    "competency_score": "governance",
    "completion_pct": "governance",
    "year_progress_pct": "governance",
    "count_on_time_stages": "governance",
    "StageCount": "governance",
    "knowledge_report_due_dates": "governance",
    # violence (methods/violence#violence)
    "prevalence": "violence",
    "pkp": "violence",
    "pka": "violence",
    # Kota Layak Anak (methods/kla#kla)
    "kla_rank": "kla",
    "kla_share": "kla",
    "kla_cluster_cap": "kla",
    "KLA_RANKS": "kla",
    "KLA_PROFILES": "kla",
    # performance agreement (methods/agreement#agreement)
    "load_agreement": "agreement",
    "evaluate": "agreement",
    "achievement": "agreement",
    "achievement_category": "agreement",
    "achievement_profiles": "agreement",
    "Agreement": "agreement",
    "AgreementIndicator": "agreement",
    "QuarterlyTargets": "agreement",
    "TargetRange": "agreement",
    "ActionItem": "agreement",
    "SuccessCriterion": "agreement",
    "ActionOutput": "agreement",
    "TranscriptionFix": "agreement",
    "EVALUATION_COLUMNS": "agreement",
    "ValidRange": "agreement",
    "AnnualRule": "agreement",
    "read_agreement_sheet": "agreement.sheet",
    "write_agreement_sheet": "agreement.sheet",
    "AgreementSheetError": "agreement.sheet",
    # agreement files, reports, demo and periods (methods/agreement#agreement)
    "parse_number": "agreement.io",
    "format_number": "agreement.io",
    "read_realisations": "agreement.io",
    "ReadResult": "agreement.io",
    "RealisationFileError": "agreement.io",
    "UnreadableFileError": "agreement.io",
    "CellProblem": "agreement.io",
    "write_template": "agreement.io",
    "write_report": "agreement.report",
    "report_views": "agreement.report",
    "escape_cell": "agreement.report",
    "plot_targets": "agreement.report",
    "action_plan_frame": "agreement.report",
    "run_demo": "agreement.demo",
    "Demo": "agreement.demo",
    "PERIODS": "periods",
    "normalize_period": "periods",
    # agreement periods (methods/agreement#agreement)
    "aggregate_quarters": "periods",
    # business turnover (methods/business#turnover)
    "parse_rupiah": "business",
    "format_rupiah": "business",
    "turnover_growth": "business",
    "turnover_target": "business",
    "turnover_rise_share": "business",
    "turnover_rise_share_from_counts": "business",
    "TURNOVER_GROWTH_PRESETS": "business",
    # Satu Data quality (methods/satudata#sdi)
    "sdi_quality_score": "satudata",
    "sdi_quality_from_records": "satudata",
    "sdi_submission_deadline": "satudata",
    "sdi_duplicate_rows": "satudata",
    "SdiQuality": "satudata",
    "SdiFileAssessment": "satudata",
    # child protection (methods/child#ipa)
    "minmax_normalize": "child",
    "cluster_index": "child",
    "weighted_index": "child",
    "ipha": "child",
    "ipka": "child",
    "ipa": "child",
    "ipa_from_indicators": "child",
    "IpaBreakdown": "child",
    "load_ipa_catalogue": "child",
    "load_ipa_catalogue_file": "child",
    "recover_weights": "child",
    "WeightRecovery": "child",
    "weight_sensitivity": "child",
    "WeightSensitivity": "child",
    # gender (methods/gender#gender)
    "edep": "gender",
    "idg": "gender",
    "idg_category": "gender",
    "parliament_index": "gender",
    "decision_making_index": "gender",
    "decision_making_pct": "gender",
    "income_chain": "gender",
    "IncomeChain": "gender",
    "income_edep": "gender",
    "income_index": "gender",
    "IncomeGoalposts": "gender",
    "income_goalposts": "gender",
    "implied_income_index": "gender",
    # survey estimation (methods/violence#violence, methods/survey#survey)
    "SurveyDesign": "survey.design",
    "survey_prevalence": "survey.prevalence",
    "pkp_survey": "survey.prevalence",
    "pka_survey": "survey.prevalence",
    "tfr_from_birth_history": "survey.birth_history",
    "BirthHistoryFertility": "survey.birth_history",
    "gfr_from_birth_history": "survey.gfr",
    "BirthHistoryGFR": "survey.gfr",
    "ReplicateDesign": "survey.replicate",
    "compare_rounds": "survey.contrast",
    "CalibrationError": "survey.calibration",
    # iBangga from family microdata (methods/family#ibangga-data)
    "load_ibangga_variables": "survey.family",
    "score_families": "survey.family",
    "ibangga_from_families": "survey.family",
    "ibangga_from_parquet": "survey.family",
    "IbanggaVariables": "survey.family",
    "IbanggaVariable": "survey.family",
    # synthetic data (scale and speed)
    "synthetic_families": "synthetic",
    "write_families_parquet": "synthetic",
    "synthetic_survey": "synthetic",
    "write_survey_parquet": "synthetic",
    "synthetic_women": "synthetic",
    "write_women_parquet": "synthetic",
    "synth_command": "synthetic",
    "SyntheticFiles": "synthetic",
    "SYNTHETIC_KINDS": "synthetic",
    # plots (matplotlib, optional extra)
    "plot_asfr": "plots",
    "plot_domains": "plots",
    "plot_rank_sensitivity": "plots",
    "plot_agreement": "plots",
    # validation report (reference numbers)
    "run_validation": "validation",
    "load_cases": "validation",
    "run_case": "validation",
    "compare": "validation",
    "to_markdown": "validation",
    "ValidationReport": "validation",
    "ValidationSuite": "validation",
    "ValidationCase": "validation",
    "ValidationGap": "validation",
    "ValidationCaseError": "validation",
    # data files
    "DataFileError": "_data",
}

__all__ = ["InvalidInputError", "__version__", *sorted(_LAZY)]

if TYPE_CHECKING:  # pragma: no cover - static names for type checkers
    from ._data import DataFileError
    from .agreement import (
        EVALUATION_COLUMNS,
        ActionItem,
        ActionOutput,
        Agreement,
        AgreementIndicator,
        AnnualRule,
        QuarterlyTargets,
        SuccessCriterion,
        TargetRange,
        TranscriptionFix,
        ValidRange,
        achievement,
        achievement_category,
        achievement_profiles,
        evaluate,
        load_agreement,
    )
    from .agreement.demo import (
        Demo,
        run_demo,
    )
    from .agreement.io import (
        CellProblem,
        ReadResult,
        RealisationFileError,
        UnreadableFileError,
        format_number,
        parse_number,
        read_realisations,
        write_template,
    )
    from .agreement.report import (
        action_plan_frame,
        escape_cell,
        plot_targets,
        report_views,
        write_report,
    )
    from .agreement.sheet import (
        AgreementSheetError,
        read_agreement_sheet,
        write_agreement_sheet,
    )
    from .budget import (
        IndicatorLevel,
        NkaWeights,
        OutputAchievement,
        OutputLevel,
        ProgrammeLevel,
        absorption,
        consistency,
        efficiency,
        efficiency_score,
        geometric_mean,
        monthly_consistency,
        nka,
        nka_weight_presets,
        nka_weights,
        output_achievement,
    )
    from .business import (
        TURNOVER_GROWTH_PRESETS,
        format_rupiah,
        parse_rupiah,
        turnover_growth,
        turnover_rise_share,
        turnover_rise_share_from_counts,
        turnover_target,
    )
    from .child import (
        IpaBreakdown,
        WeightRecovery,
        WeightSensitivity,
        cluster_index,
        ipa,
        ipa_from_indicators,
        ipha,
        ipka,
        load_ipa_catalogue,
        load_ipa_catalogue_file,
        minmax_normalize,
        recover_weights,
        weight_sensitivity,
        weighted_index,
    )
    from .family import ibangga, ibangga_category
    from .fertility import AGE_GROUPS, OwnChildrenEstimate, asfr, grr, nrr, own_children_asfr, tfr
    from .gender import (
        IncomeChain,
        IncomeGoalposts,
        decision_making_index,
        decision_making_pct,
        edep,
        idg,
        idg_category,
        implied_income_index,
        income_chain,
        income_edep,
        income_goalposts,
        income_index,
        parliament_index,
    )
    from .governance import (
        COMMUNICATION_COMPONENTS,
        ClassifiedSpendingLine,
        StageCount,
        TkdnShare,
        bmd_inventory_score,
        bmd_inventory_weights,
        classify_procurement_account,
        communication_score,
        communication_weights,
        competency_attainment,
        competency_score,
        completion_pct,
        count_on_time_stages,
        knowledge_report_due_dates,
        procurement_account_prefixes,
        tkdn_pct,
        tkdn_share,
        year_progress_pct,
    )
    from .kla import KLA_PROFILES, KLA_RANKS, kla_cluster_cap, kla_rank, kla_share
    from .periods import PERIODS, aggregate_quarters, normalize_period
    from .plots import plot_agreement, plot_asfr, plot_domains, plot_rank_sensitivity
    from .registry import Indicator, Result, calculate, get_indicator, indicators
    from .satudata import (
        SdiFileAssessment,
        SdiQuality,
        sdi_duplicate_rows,
        sdi_quality_from_records,
        sdi_quality_score,
        sdi_submission_deadline,
    )
    from .survey.birth_history import BirthHistoryFertility, tfr_from_birth_history
    from .survey.calibration import CalibrationError
    from .survey.contrast import compare_rounds
    from .survey.design import SurveyDesign
    from .survey.family import (
        IbanggaVariable,
        IbanggaVariables,
        ibangga_from_families,
        ibangga_from_parquet,
        load_ibangga_variables,
        score_families,
    )
    from .survey.gfr import BirthHistoryGFR, gfr_from_birth_history
    from .survey.prevalence import pka_survey, pkp_survey, survey_prevalence
    from .survey.replicate import ReplicateDesign
    from .synthetic import (
        SYNTHETIC_KINDS,
        SyntheticFiles,
        synth_command,
        synthetic_families,
        synthetic_survey,
        synthetic_women,
        write_families_parquet,
        write_survey_parquet,
        write_women_parquet,
    )
    from .validation import (
        ValidationCase,
        ValidationCaseError,
        ValidationGap,
        ValidationReport,
        ValidationSuite,
        compare,
        load_cases,
        run_case,
        run_validation,
        to_markdown,
    )
    from .violence import pka, pkp, prevalence


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dppapp_indikator' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
