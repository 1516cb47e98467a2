"""The indicator registry: metadata records, ``indicators()``, ``calculate()`` and ``Result``.

Formulas are plain vectorised functions in the domain modules (``family``, ``gender`` ...).
The registry holds, for each indicator, the metadata (names in Indonesian and English, unit,
polarity, agreement row, legal basis, formula), the pydantic input model and a ``compute``
function that turns a validated input into a :class:`Computation`. Records are declared in the
modules of :mod:`dppapp_indikator.records`, one per domain, which are imported on first use.

Examples
--------
>>> from dppapp_indikator import calculate
>>> result = calculate("ibangga", {"ketenteraman": 55.99, "kemandirian": 52.09,
...                                "kebahagiaan": 53.96})
>>> round(result.value, 2), result.category
(54.01, 'berkembang')
"""

from __future__ import annotations

import datetime as _dt
import importlib
import math
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, JsonValue

from ._checks import InvalidInputError


class IndicatorInput(BaseModel):
    """Base class of every indicator's input model: frozen, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Result(BaseModel):
    """The result of :func:`calculate`: immutable, JSON-serialisable.

    Attributes
    ----------
    code : str
        The indicator code.
    value : float or None
        The indicator value in ``unit`` (None when it cannot be computed, e.g. all inputs
        missing under a propagating policy).
    components : dict
        Every named intermediate value of the computation.
    category : str or None
        The category label (Indonesian, as in the regulation) where one is defined.
    unit : str
        The unit of ``value``.
    method : str
        Which method, preset and options produced the value.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    value: float | None
    components: dict[str, JsonValue] = Field(default_factory=dict)
    category: str | None = None
    unit: str
    method: str


@dataclass(frozen=True)
class Computation:
    """What a record's ``compute`` function returns; :func:`calculate` adds the metadata."""

    value: float | None
    components: Mapping[str, Any] = field(default_factory=dict)
    category: str | None = None
    method: str = ""


@dataclass(frozen=True)
class Indicator:
    """Metadata record of one indicator.

    Attributes
    ----------
    code : str
        Stable identifier (English snake_case; official indices keep their acronym).
    name_id, name_en : str
        Official name in Indonesian, and its English rendering.
    unit : str
        Unit of the value, e.g. ``"index 0-100"``, ``"percent"``.
    polarity : {"higher", "lower"}
        Whether a higher value is better.
    iku : int or None
        Row number of the indicator in the Perjanjian Kinerja 2024 (seed IKU 1-21).
    legal_basis : str
        The regulation or document that defines the indicator.
    formula : str
        The formula, in plain text.
    function : callable
        The public vectorised function the record is built on (its docstring documents the
        method).
    input_model : type of IndicatorInput
        The pydantic model of the inputs.
    compute : callable
        Turns a validated input into a :class:`Computation`.
    examples : tuple of dict
        Example inputs (JSON-able), shown by ``dppapp-indikator show`` and used by the
        registry meta-tests.
    """

    code: str
    name_id: str
    name_en: str
    unit: str
    polarity: Literal["higher", "lower"]
    iku: int | None
    legal_basis: str
    formula: str
    function: Callable[..., Any]
    input_model: type[IndicatorInput]
    compute: Callable[[Any], Computation]
    examples: tuple[Mapping[str, Any], ...] = ()

    def metadata(self) -> dict[str, Any]:
        """The JSON-serialisable metadata (no callables)."""
        return {
            "code": self.code,
            "name_id": self.name_id,
            "name_en": self.name_en,
            "unit": self.unit,
            "polarity": self.polarity,
            "iku": self.iku,
            "legal_basis": self.legal_basis,
            "formula": self.formula,
            "function": f"{self.function.__module__}.{self.function.__name__}",
            "inputs": self.input_model.model_json_schema(),
            "examples": [dict(example) for example in self.examples],
        }

    def calculate(self, inputs: Mapping[str, Any] | BaseModel) -> Result:
        """Validate ``inputs`` and compute the indicator (see :func:`calculate`)."""
        if isinstance(inputs, self.input_model):
            model = inputs
        elif isinstance(inputs, BaseModel):
            model = self.input_model.model_validate(inputs.model_dump())
        elif isinstance(inputs, Mapping):
            model = self.input_model.model_validate(dict(inputs))
        else:
            raise InvalidInputError(
                "inputs", f"must be a mapping or a {self.input_model.__name__}", inputs
            )
        computation = self.compute(model)
        return Result(
            code=self.code,
            value=_to_float(computation.value),
            components={k: to_json(v) for k, v in computation.components.items()},
            category=computation.category,
            unit=self.unit,
            method=computation.method,
        )


_REGISTRY: dict[str, Indicator] = {}
_LOADED = False


def register(indicator: Indicator) -> Indicator:
    """Add ``indicator`` to the registry (codes are unique)."""
    if indicator.code in _REGISTRY:
        raise ValueError(f"indicator code {indicator.code!r} is registered twice")
    _REGISTRY[indicator.code] = indicator
    return indicator


def _load_records() -> None:
    global _LOADED
    if _LOADED:
        return
    from . import records

    for module in sorted(pkgutil.iter_modules(records.__path__), key=lambda m: m.name):
        if not module.name.startswith("_"):
            importlib.import_module(f"{records.__name__}.{module.name}")
    _LOADED = True


def indicators() -> list[Indicator]:
    """Every registered indicator, ordered by agreement row (IKU) then code.

    Returns
    -------
    list of Indicator
        Records with ``code``, ``name_id``, ``name_en``, ``unit``, ``polarity``, ``iku``,
        ``legal_basis`` and ``formula``.

    Examples
    --------
    >>> from dppapp_indikator import indicators
    >>> "ibangga" in [i.code for i in indicators()]
    True
    """
    _load_records()
    return sorted(_REGISTRY.values(), key=lambda i: (i.iku is None, i.iku or 0, i.code))


def get_indicator(code: str) -> Indicator:
    """The record of ``code``; an unknown code raises naming the known ones."""
    _load_records()
    try:
        return _REGISTRY[code]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise InvalidInputError("code", f"must be a registered indicator ({known})", code) from None


def calculate(code: str, inputs: Mapping[str, Any] | BaseModel) -> Result:
    """Compute one indicator from its documented inputs.

    Parameters
    ----------
    code : str
        The indicator code (see :func:`indicators` or ``dppapp-indikator list``).
    inputs : mapping or pydantic model
        The inputs, validated by the indicator's input model.

    Returns
    -------
    Result
        Frozen result with value, components, category, unit and method.

    Raises
    ------
    pydantic.ValidationError
        If the inputs do not match the input model.
    ValueError
        If the code is unknown or a value violates a formula's domain.
    """
    return get_indicator(code).calculate(inputs)


def _to_float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def to_json(value: Any) -> JsonValue:
    """Convert numpy, Decimal, date and container values to JSON-compatible values.

    Floats that are NaN become ``None``; :class:`~decimal.Decimal` money becomes an exact
    string; dates become ISO strings.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, np.ndarray):
        return [to_json(v) for v in value.tolist()]
    if isinstance(value, BaseModel):
        return to_json(value.model_dump(mode="json"))
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if hasattr(value, "tolist"):  # pandas Series / Index
        return to_json(value.tolist())
    raise TypeError(f"cannot convert {type(value).__name__} to JSON")
