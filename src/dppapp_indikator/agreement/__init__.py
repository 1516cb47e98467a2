"""The performance agreement: embedded targets, achievement (capaian) and evaluation.

METHODS.md section 12. The formulas (:func:`achievement`, :func:`achievement_category`) and
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
    "load_agreement": "model",
}

__all__ = [
    "EVALUATION_COLUMNS",
    "PERIODS",
    "QUARTERS",
    "ActionItem",
    "ActionOutput",
    "Agreement",
    "AgreementIndicator",
    "QuarterlyTargets",
    "SuccessCriterion",
    "TargetRange",
    "TranscriptionFix",
    "achievement",
    "achievement_category",
    "achievement_profiles",
    "evaluate",
    "load_agreement",
]

if TYPE_CHECKING:  # pragma: no cover
    from .model import (
        PERIODS,
        QUARTERS,
        ActionItem,
        ActionOutput,
        Agreement,
        AgreementIndicator,
        QuarterlyTargets,
        SuccessCriterion,
        TargetRange,
        TranscriptionFix,
        load_agreement,
    )


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
