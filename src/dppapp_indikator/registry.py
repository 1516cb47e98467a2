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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import UnionType
from typing import Annotated, Any, Literal, NoReturn, SupportsIndex, Union, get_args, get_origin

import numpy as np
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue, model_validator

from ._checks import InvalidInputError
from ._display import notebook_repr

_NUMBERS = (float, int, Decimal)


def _takes(annotation: Any, kind: type) -> bool:
    """Whether a field type itself takes a ``bool`` (kind=bool) or a string (kind=str)."""
    if annotation is Any or annotation is kind:
        return True
    if kind is str and annotation in (Decimal, _dt.date, _dt.datetime):
        return True  # exact decimal text (money) and ISO dates are documented inputs
    if get_origin(annotation) is Literal:
        return any(isinstance(a, kind) for a in get_args(annotation))
    if get_origin(annotation) in (Union, UnionType):
        return any(_takes(a, kind) for a in get_args(annotation))
    if get_origin(annotation) is Annotated:
        return _takes(get_args(annotation)[0], kind)
    return False


def _strict_numbers(annotation: Any, value: Any, where: str) -> None:
    """Refuse a bool, or a string, where the field type is a number and does not take them.

    Pydantic's lax mode reads ``true`` as 1 and ``"12.5"`` as 12.5; an indicator input takes
    neither (JSON ``true`` for a percentage is a mistake, not 1 %). Decimal money fields
    document that they take exact decimal strings, and keep doing so; they refuse booleans.
    """
    origin = get_origin(annotation)
    if origin is Annotated:
        _strict_numbers(get_args(annotation)[0], value, where)
        return
    if origin in (Union, UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            _strict_numbers(members[0], value, where)
        elif any(m in _NUMBERS for m in members):
            _check_scalar(annotation, value, where)
        return
    if annotation in _NUMBERS:
        _check_scalar(annotation, value, where)
        return
    if origin in (list, tuple, Sequence) and isinstance(value, Mapping):
        # a schedule keyed by label (e.g. the TFR's age groups) that a validator turns into
        # a list: its values are the items
        args = get_args(annotation)
        for key, item in value.items():
            _strict_numbers(args[0] if args else Any, item, f"{where}[{key!r}]")
        return
    if origin in (list, tuple, Sequence, set, frozenset) and isinstance(value, (list, tuple)):
        args = get_args(annotation)
        for i, item in enumerate(value):
            if origin is not tuple or args[-1:] == (...,):
                item_type = args[0] if args else Any
            else:
                item_type = args[i] if i < len(args) else Any
            _strict_numbers(item_type, item, f"{where}[{i}]")
        return
    if origin in (dict, Mapping) and isinstance(value, Mapping):
        args = get_args(annotation)
        if len(args) == 2:
            for key, item in value.items():
                _strict_numbers(args[1], item, f"{where}[{key!r}]")
        return
    if (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and isinstance(value, Mapping)
    ):
        _strict_fields(annotation, value, where)


def _check_scalar(annotation: Any, value: Any, where: str) -> None:
    if isinstance(value, (bool, np.bool_)) and not _takes(annotation, bool):
        raise ValueError(f"{where} must be a number, not the boolean {value!r}")
    if isinstance(value, (str, bytes)) and not _takes(annotation, str):
        raise ValueError(f"{where} must be a number, not the string {value!r}")


def _strict_fields(model: type[BaseModel], data: Mapping[str, Any], where: str = "") -> None:
    for name, info in model.model_fields.items():
        key = info.alias if info.alias is not None and info.alias in data else name
        if key in data:
            _strict_numbers(info.annotation, data[key], f"{where}.{name}" if where else name)


class StrictNumbers(BaseModel):
    """Mix-in of the input models: numbers must come as numbers (no bool, no numeric text)."""

    @model_validator(mode="before")
    @classmethod
    def _no_bool_or_text_numbers(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            _strict_fields(cls, data)
        return data


class IndicatorInput(StrictNumbers):
    """Base class of every indicator's input model: frozen, unknown fields rejected.

    Number fields take numbers only: a JSON ``true`` or a numeric string is refused with the
    field's name (pydantic alone would read them as 1 and as the number). Fields typed as
    :class:`~decimal.Decimal` (money) document that they also take exact decimal strings
    (``"110400000000.00"``), and refuse booleans.
    Nested input records check their own fields the same way.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


def _read_only(name: str) -> NoReturn:
    raise TypeError(
        f"Result components are read-only ({name} is not allowed); copy them first, e.g. "
        "dict(result.components) or result.model_dump()['components']"
    )


class FrozenDict(dict[str, Any]):
    """A read-only, hashable ``dict``: the mappings inside :attr:`Result.components`.

    It is a ``dict`` for every reader (``json.dumps``, ``isinstance(x, dict)``, pandas), but
    every method that would change it raises :class:`TypeError`.

    Examples
    --------
    >>> d = FrozenDict({"a": 1.0})
    >>> d["a"], hash(d) == hash(FrozenDict({"a": 1.0}))
    (1.0, True)
    >>> d["b"] = 2.0  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: Result components are read-only (item assignment is not allowed); copy them ...
    """

    __slots__ = ()

    def __setitem__(self, key: str, value: Any) -> NoReturn:
        _read_only("item assignment")

    def __delitem__(self, key: str) -> NoReturn:
        _read_only("item deletion")

    def __ior__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        _read_only("|=")

    def clear(self) -> NoReturn:
        _read_only("clear()")

    def pop(self, *args: Any) -> NoReturn:
        _read_only("pop()")

    def popitem(self) -> NoReturn:
        _read_only("popitem()")

    def setdefault(self, *args: Any) -> NoReturn:
        _read_only("setdefault()")

    def update(self, *args: Any, **kwargs: Any) -> NoReturn:
        _read_only("update()")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))


class FrozenList(list[Any]):
    """A read-only, hashable ``list``: the sequences inside :attr:`Result.components`."""

    __slots__ = ()

    def __setitem__(self, index: Any, value: Any) -> NoReturn:
        _read_only("item assignment")

    def __delitem__(self, index: Any) -> NoReturn:
        _read_only("item deletion")

    def __iadd__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        _read_only("+=")

    def __imul__(self, other: SupportsIndex) -> NoReturn:
        _read_only("*=")

    def append(self, value: Any) -> NoReturn:
        _read_only("append()")

    def extend(self, values: Any) -> NoReturn:
        _read_only("extend()")

    def insert(self, index: SupportsIndex, value: Any) -> NoReturn:
        _read_only("insert()")

    def pop(self, index: SupportsIndex = -1) -> NoReturn:
        _read_only("pop()")

    def remove(self, value: Any) -> NoReturn:
        _read_only("remove()")

    def clear(self) -> NoReturn:
        _read_only("clear()")

    def sort(self, *args: Any, **kwargs: Any) -> NoReturn:
        _read_only("sort()")

    def reverse(self) -> NoReturn:
        _read_only("reverse()")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (list(self),))


def _freeze(value: Any) -> Any:
    """Deep read-only copy of a JSON value (dicts and lists become FrozenDict/FrozenList)."""
    if isinstance(value, dict):
        return FrozenDict({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return FrozenList(_freeze(v) for v in value)
    return value


@notebook_repr("code", "value", "category", "unit", "components", "method")
class Result(BaseModel):
    """The result of :func:`calculate`: immutable, hashable, JSON-serialisable.

    Every field is read-only, including the mappings and lists inside ``components``
    (:class:`FrozenDict`, :class:`FrozenList`: still a ``dict`` and a ``list`` for readers).
    Results are hashable, and two results with equal fields are equal and hash alike.

    Attributes
    ----------
    code : str
        The indicator code.
    value : float or None
        The indicator value in ``unit`` (None when it cannot be computed, e.g. all inputs
        missing under a propagating policy).
    components : FrozenDict
        Every named intermediate value of the computation (read-only).
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
    components: Annotated[dict[str, JsonValue], AfterValidator(_freeze)] = Field(
        default_factory=FrozenDict
    )
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
