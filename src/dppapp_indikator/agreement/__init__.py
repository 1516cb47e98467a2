"""The performance agreement: embedded targets, achievement (capaian) and evaluation.

methods/agreement#agreement. The formulas (:func:`achievement`, :func:`achievement_category`) and
:func:`evaluate` are imported here (numpy only); the pydantic schema and
:func:`load_agreement` load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .evaluation import EVALUATION_COLUMNS, evaluate

# numpy-only modules, bound eagerly
from .scoring import achievement, achievement_category, achievement_profiles

_LAZY: dict[str, str] = {
    "Agreement": "model",
    "AgreementIndicator": "model",
    "QuarterlyTargets": "model",
    "TargetRange": "model",
    "ActionItem": "model",
    "SuccessCriterion": "model",
    "ActionOutput": "model",
    "TranscriptionFix": "model",
    "PERIODS": "model",
    "QUARTERS": "model",
    "ValidRange": "model",
    "AnnualRule": "model",
    "load_agreement": "loading",
    "AgreementSheetError": "sheet",
    "read_agreement_sheet": "sheet",
    "write_agreement_sheet": "sheet",
}

__all__ = [
    "EVALUATION_COLUMNS",
    "PERIODS",
    "QUARTERS",
    "ActionItem",
    "ActionOutput",
    "Agreement",
    "AgreementIndicator",
    "AgreementSheetError",
    "AnnualRule",
    "QuarterlyTargets",
    "SuccessCriterion",
    "TargetRange",
    "TranscriptionFix",
    "ValidRange",
    "achievement",
    "achievement_category",
    "achievement_profiles",
    "evaluate",
    "load_agreement",
    "read_agreement_sheet",
    "write_agreement_sheet",
]

if TYPE_CHECKING:  # pragma: no cover
    from .loading import load_agreement
    from .model import (
        PERIODS,
        QUARTERS,
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
    )
    from .sheet import AgreementSheetError, read_agreement_sheet, write_agreement_sheet


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
