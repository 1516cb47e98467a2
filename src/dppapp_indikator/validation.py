r"""The validation report: every published or peer-computed number the library reproduces.

One data file, ``tests/data/validation.toml``, lists the checks. Each ``[[case]]`` is one number:
where it was published (``source``), the number as printed (``expected``), the published rounding
(``tolerance`` and ``comparison``) and how the library computes it, written as data (a call of a
public function, a registry ``calculate``, a survey design estimate or a birth-history fertility
estimate; see :func:`run_case`). Each ``[[gap]]`` states plainly a number or method that cannot
be checked, and why. The reference test suite (``tests/test_validation.py``) and the
documentation page (``docs/generated/validation.md``, written by ``docs/hooks/page_validation.py``)
both read that file, so the report and the tests cannot drift apart.

This module imports only the standard library at import time; pydantic validates the file inside
:func:`load_cases`, and pandas is imported when a case needs it.

Examples
--------
>>> suite = load_cases({
...     "group": [{"name": "iBangga", "description": "Family development index."}],
...     "case": [{
...         "id": "ibangga.indonesia_2021",
...         "group": "iBangga",
...         "source": "BKKBN, iBangga 2021 (54.01)", "provenance": "published",
...         "expected": 54.01,
...         "tolerance": 0.005,
...         "call": {"function": "ibangga", "args": [55.99, 52.09, 53.96]},
...     }],
... })
>>> case = suite.cases[0]
>>> round(run_case(case, "."), 4)
54.0133
>>> compare(case, run_case(case, "."))
(True, 0.0033)
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

from ._data import DataFileError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "COMPARISONS",
    "GAP_KINDS",
    "PROVENANCES",
    "BirthHistoryCall",
    "CalculateCall",
    "FunctionCall",
    "ReplicateSpec",
    "SurveyCall",
    "SurveyDesignSpec",
    "ValidationCase",
    "ValidationCaseError",
    "ValidationGap",
    "ValidationGroup",
    "ValidationReport",
    "ValidationSuite",
    "compare",
    "describe_call",
    "load_cases",
    "run_case",
    "run_validation",
    "to_markdown",
]

#: How an obtained value is compared with the expected one.
Comparison: TypeAlias = Literal["absolute", "relative", "exact"]
#: The comparisons, in order.
COMPARISONS: tuple[Comparison, ...] = ("absolute", "relative", "exact")
#: Where a checked number comes from: a published document (regulation, official report or
#: release), peer software (R survey, DHS.rates), or derived from other numbers of the file
#: (a CI bound from the estimate and its SE, an RSE from SE / estimate).
Provenance: TypeAlias = Literal["published", "peer", "derived"]
#: The provenances, in the order of the report.
PROVENANCES: tuple[Provenance, ...] = ("published", "peer", "derived")
#: Column titles of the provenances in the report.
PROVENANCE_TITLES: dict[str, str] = {
    "published": "Published document",
    "peer": "Peer software",
    "derived": "Derived",
}
#: Kinds of known gap.
GapKind: TypeAlias = Literal[
    "unpublished", "not reproducible", "source discrepancy", "reference caveat", "not implemented"
]
#: The gap kinds, in order.
GAP_KINDS: tuple[GapKind, ...] = (
    "unpublished",
    "not reproducible",
    "source discrepancy",
    "reference caveat",
    "not implemented",
)
#: A step of a ``pick`` path: an attribute/key/column/label (str), a position or label (int), or
#: a row selector (mapping column or index level -> value) into a DataFrame.
PickStep: TypeAlias = str | int | dict[str, Any]
#: Estimators of a survey design.
SurveyEstimator: TypeAlias = Literal["mean", "total", "ratio", "proportion"]

#: Floating-point slack added to every bound: ``1e-12 * max(1, |expected|)``.
FLOAT_SLACK = 1e-12
_ID = re.compile(r"[a-z0-9][a-z0-9_.\-]*")
_FORBID: dict[str, Any] = {"extra": "forbid"}
_MAX_ERROR_LINES = 20


class ValidationCaseError(ValueError):
    """A validation case cannot be run as written (unknown function, bad pick path, ...)."""


# --------------------------------------------------------------------------------------------
# schema (stdlib dataclasses, validated by pydantic inside load_cases)


def _check_pick(pick: str | tuple[PickStep, ...] | None) -> None:
    if isinstance(pick, str) and not pick.strip():
        raise ValueError("`pick` must not be empty")


@dataclass(frozen=True)
class FunctionCall:
    """A call of a public function of :mod:`dppapp_indikator`.

    Attributes
    ----------
    function : str
        A public name of the package (``dppapp_indikator.__all__``), e.g. ``"ibangga"``.
    args : tuple
        Positional arguments. An argument written ``{call = {...}}`` is itself a
        :class:`FunctionCall`, evaluated first (a chain, e.g. the income index of an income
        chain's EDEP).
    kwargs : dict
        Keyword arguments (nested calls allowed as for ``args``).
    pick : str, tuple or None
        Path into the result: a dotted string (``"components.income_index"``; all-digit parts
        are positions) or a list of steps (see :func:`run_case`). None: the result itself.
    """

    __pydantic_config__ = _FORBID

    function: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    pick: str | tuple[PickStep, ...] | None = None

    def __post_init__(self) -> None:
        import dppapp_indikator

        if self.function not in dppapp_indikator.__all__:
            raise ValueError(
                f"`function` must be a public name of dppapp_indikator; got {self.function!r}"
            )
        _check_pick(self.pick)


@dataclass(frozen=True)
class CalculateCall:
    """A registry computation: ``dppapp_indikator.calculate(code, inputs)``.

    Attributes
    ----------
    code : str
        Registry code (e.g. ``"nka"``).
    inputs : dict
        The indicator's inputs.
    pick : str, tuple or None
        Path into the :class:`~dppapp_indikator.registry.Result` (e.g.
        ``"components.absorption"``); None: its ``value``.
    """

    __pydantic_config__ = _FORBID

    code: str
    inputs: dict[str, Any]
    pick: str | tuple[PickStep, ...] | None = None

    def __post_init__(self) -> None:
        _check_pick(self.pick)


@dataclass(frozen=True)
class SurveyDesignSpec:
    """Arguments of :class:`~dppapp_indikator.survey.design.SurveyDesign` (column names)."""

    __pydantic_config__ = _FORBID

    weights: str
    strata: str | None = None
    psu: str | None = None
    fpc: str | None = None
    lonely_psu: Literal["fail", "remove", "certainty", "adjust", "average"] = "fail"


@dataclass(frozen=True)
class ReplicateSpec:
    """Replicate weights built from the design: ``ReplicateDesign.from_design(design, ...)``.

    Attributes
    ----------
    method : {"JK1", "JKn", "bootstrap", "subbootstrap", "BRR", "Fay"}
        R's ``as.svrepdesign(type = )``.
    mse : bool
        Centre the replicates at the full-sample estimate (R's ``mse = TRUE``).
    replicates, rho, seed
        Passed on when given (bootstrap size, Fay's rho, random seed).
    """

    __pydantic_config__ = _FORBID

    method: Literal["JK1", "JKn", "bootstrap", "subbootstrap", "BRR", "Fay"]
    mse: bool = False
    replicates: int | None = None
    rho: float | None = None
    seed: int | None = None


@dataclass(frozen=True)
class SurveyCall:
    """An estimate from a survey design on a CSV file of ``tests/data``.

    Attributes
    ----------
    data : str
        CSV path relative to the data folder (e.g. ``"survey/api_strat.csv"``).
    design : SurveyDesignSpec
        The design.
    derive : dict of str to str
        New columns, each a pandas ``DataFrame.eval`` expression (backticks around names with a
        dot: ``"`sch.wide` == 'Yes'"``), added before the design is built.
    replicate : ReplicateSpec or None
        Estimate with replicate weights built from the design (e.g. ``{method = "JK1"}``)
        instead of Taylor linearisation.
    estimator : {"mean", "total", "ratio", "proportion"} or None
        The method called on the design; None: the design itself (for ``degrees_of_freedom``,
        ``n_rows``).
    args, kwargs
        Arguments of the estimator (e.g. ``["api00"]``, ``{by = "stype"}``).
    pick : str, tuple or None
        Path into the estimator's DataFrame, e.g. ``[{stype = "E"}, "se"]``.
    """

    __pydantic_config__ = _FORBID

    data: str
    design: SurveyDesignSpec
    derive: dict[str, str] = field(default_factory=dict)
    replicate: ReplicateSpec | None = None
    estimator: SurveyEstimator | None = None
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    pick: str | tuple[PickStep, ...] | None = None

    def __post_init__(self) -> None:
        _check_pick(self.pick)
        if self.estimator is None and (self.args or self.kwargs):
            raise ValueError("`args` and `kwargs` need an `estimator`")


@dataclass(frozen=True)
class BirthHistoryCall:
    """Fertility from birth histories: ``tfr_from_birth_history(read_csv(data), **kwargs)``.

    Attributes
    ----------
    data : str
        CSV path relative to the data folder (e.g. ``"tfr/women.csv"``).
    kwargs : dict
        Keyword arguments (e.g. ``{by = "v025"}``).
    pick : str, tuple or None
        Path into the :class:`~dppapp_indikator.survey.birth_history.BirthHistoryFertility`,
        e.g. ``"tfr"``, ``["se", 1]`` or ``["asfr", {age_group = "15-19"}, "asfr"]``.
    """

    __pydantic_config__ = _FORBID

    data: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    pick: str | tuple[PickStep, ...] | None = None

    def __post_init__(self) -> None:
        _check_pick(self.pick)


@dataclass(frozen=True)
class ValidationCase:
    """One checked number.

    Attributes
    ----------
    id : str
        Unique identifier (lower case, digits, ``_ . -``); the pytest id of its test.
    group : str
        A declared group (``[[group]]``), e.g. "iBangga", "survey (R)".
    source : str
        Where the number is published: document, table, page, or the exact R call.
    provenance : {"published", "peer", "derived"}
        A published document; peer software; or derived from other numbers of the file (a
        CI bound from the estimate and SE, an RSE): such a check confirms arithmetic, not an
        independent number, and the report counts it apart.
    expected : float, int or str
        The published or peer-computed number as printed (a label for a category; a decimal
        string for an exact rupiah amount).
    tolerance : float
        The published rounding (e.g. 0.005 for 2 decimals); a relative bound under
        ``comparison = "relative"``; 0 under ``"exact"``.
    comparison : {"absolute", "relative", "exact"}
        How obtained and expected are compared (see :func:`compare`).
    note : str or None
        A remark shown in the report (a rounding subtlety, a source slip).
    call, calculate, survey, birth_history
        How to compute it: exactly one of the four.
    """

    __pydantic_config__ = _FORBID

    id: str
    group: str
    source: str
    provenance: Provenance
    expected: float | int | str
    tolerance: float = 0.0
    comparison: Comparison = "absolute"
    note: str | None = None
    call: FunctionCall | None = None
    calculate: CalculateCall | None = None
    survey: SurveyCall | None = None
    birth_history: BirthHistoryCall | None = None

    def __post_init__(self) -> None:
        if not _ID.fullmatch(self.id):
            raise ValueError(
                f"`id` must be lower case letters, digits, '_', '.' or '-'; got {self.id!r}"
            )
        if not self.source.strip():
            raise ValueError("`source` must not be empty")
        kinds = [k for k in ("call", "calculate", "survey", "birth_history") if getattr(self, k)]
        if len(kinds) != 1:
            raise ValueError(
                "exactly one of `call`, `calculate`, `survey`, `birth_history` is required; "
                f"got {kinds or 'none'}"
            )
        if not math.isfinite(self.tolerance) or self.tolerance < 0:
            raise ValueError(f"`tolerance` must be a finite number >= 0; got {self.tolerance}")
        if self.comparison == "exact":
            if self.tolerance != 0:
                raise ValueError("`tolerance` must be 0 (or left out) with comparison 'exact'")
        else:
            if isinstance(self.expected, str):
                raise ValueError(
                    f"`expected` {self.expected!r} is text: use comparison 'exact' for labels"
                )
            if self.tolerance == 0:
                raise ValueError(
                    f"`tolerance` must be > 0 with comparison {self.comparison!r} "
                    "(use comparison 'exact' for an exact number)"
                )
            if not math.isfinite(self.expected):
                raise ValueError(f"`expected` must be finite; got {self.expected}")

    @property
    def kind(self) -> str:
        """``"call"``, ``"calculate"``, ``"survey"`` or ``"birth_history"``."""
        for name in ("call", "calculate", "survey", "birth_history"):
            if getattr(self, name) is not None:
                return name
        raise AssertionError("unreachable: a case has exactly one kind")  # pragma: no cover


@dataclass(frozen=True)
class ValidationGroup:
    """A group of cases (one table of the report), in the order the file declares them."""

    __pydantic_config__ = _FORBID

    name: str
    description: str


@dataclass(frozen=True)
class ValidationGap:
    """A known gap: a number or method that the library cannot check, stated plainly.

    Attributes
    ----------
    id : str
        Unique identifier.
    group : str
        A declared group.
    kind : str
        One of :data:`GAP_KINDS`.
    statement : str
        The gap in plain words.
    source : str
        Where it is documented (methods page and anchor, document, README).
    """

    __pydantic_config__ = _FORBID

    id: str
    group: str
    kind: GapKind
    statement: str
    source: str

    def __post_init__(self) -> None:
        if not _ID.fullmatch(self.id):
            raise ValueError(
                f"`id` must be lower case letters, digits, '_', '.' or '-'; {self.id!r}"
            )
        if not self.statement.strip() or not self.source.strip():
            raise ValueError("`statement` and `source` must not be empty")


@dataclass(frozen=True)
class ValidationSuite:
    """The parsed validation file: groups, cases and gaps."""

    __pydantic_config__ = _FORBID

    title: str = "Validation report"
    description: str = ""
    group: tuple[ValidationGroup, ...] = ()
    case: tuple[ValidationCase, ...] = ()
    gap: tuple[ValidationGap, ...] = ()

    def __post_init__(self) -> None:
        groups = [g.name for g in self.group]
        _unique("group name", groups)
        _unique("case id", [c.id for c in self.case])
        _unique("gap id", [g.id for g in self.gap])
        for kind, items in (("case", self.case), ("gap", self.gap)):
            for item in items:
                if item.group not in groups:
                    raise ValueError(
                        f"{kind} {item.id!r}: `group` {item.group!r} is not declared in "
                        f"[[group]] ({', '.join(repr(g) for g in groups)})"
                    )

    @property
    def cases(self) -> tuple[ValidationCase, ...]:
        """The cases, in file order."""
        return self.case

    @property
    def gaps(self) -> tuple[ValidationGap, ...]:
        """The gaps, in file order."""
        return self.gap

    @property
    def groups(self) -> tuple[ValidationGroup, ...]:
        """The groups, in file order."""
        return self.group


def _unique(what: str, values: list[str]) -> None:
    seen: set[str] = set()
    repeated: set[str] = set()
    for value in values:
        if value in seen:
            repeated.add(value)
        seen.add(value)
    if repeated:
        raise ValueError(f"{what}s must be unique; repeated: {', '.join(sorted(repeated))}")


def _error_lines(raw: Mapping[str, Any], exc: Any) -> list[str]:
    """One line per pydantic error, naming the case id and the field."""
    lines = []
    for error in exc.errors():
        loc = list(error["loc"])
        where = f"field `{'.'.join(str(p) for p in loc)}`" if loc else "(top level)"
        if len(loc) >= 2 and loc[0] in ("case", "gap", "group") and isinstance(loc[1], int):
            items = raw.get(str(loc[0]), [])
            item = items[loc[1]] if loc[1] < len(items) else {}
            ident = item.get("id", item.get("name")) if isinstance(item, Mapping) else None
            fields = ".".join(str(p) for p in loc[2:])
            where = f"{loc[0]} #{loc[1] + 1}" + (f" (id {ident!r})" if ident else "")
            where += f", field `{fields}`" if fields else ""
        lines.append(f"  {where}: {error['msg']}")
    return lines


def load_cases(source: str | Path | Mapping[str, Any]) -> ValidationSuite:
    r"""Read and validate a validation file (TOML), or an already parsed mapping.

    Parameters
    ----------
    source : str, Path or mapping
        Path of the TOML file (``tests/data/validation.toml``), or its parsed content with the
        top-level keys ``title``, ``description``, ``group``, ``case`` and ``gap``.

    Returns
    -------
    ValidationSuite
        Frozen groups, cases and gaps, in file order.

    Raises
    ------
    DataFileError
        If the file cannot be read or parsed, or does not match the schema: an unknown or
        missing field, a case with no way (or two ways) to compute it, a text ``expected`` with
        a numeric comparison, a negative tolerance, an unknown function name, an undeclared
        group or a repeated id. The message names the case (position and id) and the field.

    Notes
    -----
    The schema is written as frozen standard-library dataclasses (:class:`ValidationCase`
    and friends) and validated with ``pydantic.TypeAdapter``; unknown keys are rejected at
    every level.

    References
    ----------
    1. Tom Preston-Werner et al., *TOML v1.0.0*, 2021.

    Examples
    --------
    >>> load_cases({"group": [{"name": "g", "description": "d"}],
    ...             "case": [{"id": "x", "group": "g", "source": "s",
    ...                       "provenance": "published", "expected": 1.0, "tolerance": -1,
    ...                       "call": {"function": "ibangga"}}]})
    Traceback (most recent call last):
    ...
    dppapp_indikator._data.DataFileError: validation file '<mapping>' does not match its schema:
      case #1 (id 'x'): Value error, `tolerance` must be a finite number >= 0; got -1.0
    """
    from pydantic import TypeAdapter, ValidationError

    if isinstance(source, Mapping):
        raw: Mapping[str, Any] = source
        name = "<mapping>"
    else:
        path = Path(source)
        name = str(path)
        try:
            raw = tomllib.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise DataFileError(f"cannot read validation file {name!r}: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise DataFileError(f"validation file {name!r} is not valid TOML: {exc}") from exc
    try:
        return TypeAdapter(ValidationSuite).validate_python(raw)
    except ValidationError as exc:
        lines = _error_lines(raw, exc)
        if len(lines) > _MAX_ERROR_LINES:
            more = len(lines) - _MAX_ERROR_LINES
            lines = [*lines[:_MAX_ERROR_LINES], f"  ... and {more} more"]
        raise DataFileError(
            f"validation file {name!r} does not match its schema:\n" + "\n".join(lines)
        ) from exc


# --------------------------------------------------------------------------------------------
# running a case


def _steps(pick: str | Sequence[PickStep] | None) -> list[PickStep]:
    if pick is None:
        return []
    if isinstance(pick, str):
        return [int(p) if p.isdigit() else p for p in pick.split(".")]
    return list(pick)


def _is_pandas(value: object, kind: str) -> bool:
    return type(value).__module__.startswith("pandas") and type(value).__name__ == kind


def _select_row(value: Any, selector: Mapping[str, Any], where: str) -> Any:
    if not _is_pandas(value, "DataFrame"):
        raise ValidationCaseError(f"{where}: a row selector needs a DataFrame; got {type(value)}")
    frame = value.reset_index() if any(n is not None for n in value.index.names) else value
    mask = None
    for column, wanted in selector.items():
        if column not in frame.columns:
            raise ValidationCaseError(f"{where}: no column or index level {column!r}")
        hit = frame[column] == wanted
        mask = hit if mask is None else mask & hit
    rows = frame[mask] if mask is not None else frame
    if len(rows) != 1:
        raise ValidationCaseError(f"{where}: selector {dict(selector)} matches {len(rows)} rows")
    return rows.iloc[0]


def _step(value: Any, step: PickStep, where: str) -> Any:
    if isinstance(step, dict):
        return _select_row(value, step, where)
    pandas_object = _is_pandas(value, "DataFrame") or _is_pandas(value, "Series")
    if isinstance(step, str):
        if pandas_object:
            if _is_pandas(value, "DataFrame") and step in value.columns:
                return value[step]
            if step in value.index:
                return value.loc[step]
        elif isinstance(value, Mapping):
            if step in value:
                return value[step]
        elif hasattr(value, step):
            return getattr(value, step)
        raise ValidationCaseError(f"{where}: {type(value).__name__} has no {step!r}")
    if pandas_object:
        if step in value.index:
            return value.loc[step]
        if -len(value) <= step < len(value):
            return value.iloc[step]
    elif isinstance(value, Sequence) or hasattr(value, "__getitem__"):
        try:
            return value[step]
        except (IndexError, KeyError, TypeError):
            pass
    raise ValidationCaseError(f"{where}: no item {step!r} in {type(value).__name__}")


def _pick(value: Any, pick: str | Sequence[PickStep] | None, where: str) -> Any:
    for step in _steps(pick):
        value = _step(value, step, f"{where}, pick step {step!r}")
    return value


def _scalar(value: Any, where: str) -> float | int | str | Decimal | None:
    """The single value a pick path leads to, as a plain Python object."""
    if value is None or isinstance(value, (str, Decimal, bool, int, float)):
        return value
    size = getattr(value, "size", None)
    if size == 1 and hasattr(value, "to_numpy"):
        value = value.to_numpy().reshape(-1)[0]
    elif size == 1 and hasattr(value, "reshape"):
        value = value.reshape(-1)[0]
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        value = item()
    if value is None or isinstance(value, (str, Decimal, bool, int, float)):
        return value
    raise ValidationCaseError(
        f"{where}: `pick` must lead to one value; got {type(value).__name__}"
        + (f" of size {size}" if size is not None else "")
    )


def _function(name: str) -> Any:
    import dppapp_indikator

    if name not in dppapp_indikator.__all__:
        raise ValidationCaseError(f"no public function {name!r} in dppapp_indikator")
    return getattr(dppapp_indikator, name)


def _resolve(value: Any) -> Any:
    """Evaluate nested ``{call = {...}}`` arguments; other values pass through."""
    if isinstance(value, FunctionCall):
        return _call(value)
    if isinstance(value, Mapping):
        if set(value) == {"call"} and isinstance(value["call"], Mapping):
            from pydantic import TypeAdapter

            return _call(TypeAdapter(FunctionCall).validate_python(value["call"]))
        return {k: _resolve(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_resolve(v) for v in value]
    return value


def _call(call: FunctionCall) -> Any:
    function = _function(call.function)
    args = [_resolve(a) for a in call.args]
    kwargs = {k: _resolve(v) for k, v in call.kwargs.items()}
    return _pick(function(*args, **kwargs), call.pick, call.function)


def _key(*parts: Any) -> str:
    return json.dumps(parts, sort_keys=True, default=repr)


def _read_csv(data_dir: Path, relative: str, cache: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    key = _key("csv", str(data_dir), relative)
    if key not in cache:
        path = (data_dir / relative).resolve()
        if not path.is_file():
            raise ValidationCaseError(f"data file {relative!r} not found under {str(data_dir)!r}")
        cache[key] = pd.read_csv(path)
    frame: pd.DataFrame = cache[key]
    return frame


def _survey(spec: SurveyCall, data_dir: Path, cache: dict[str, Any]) -> Any:
    from .survey.design import SurveyDesign

    design_key = _key("design", str(data_dir), spec.data, spec.design.__dict__, spec.derive)
    if design_key not in cache:
        frame = _read_csv(data_dir, spec.data, cache)
        if spec.derive:
            frame = frame.copy()
            for column, expression in spec.derive.items():
                frame[column] = frame.eval(expression, engine="python")
        design = spec.design
        cache[design_key] = SurveyDesign(
            frame,
            weights=design.weights,
            strata=design.strata,
            psu=design.psu,
            fpc=design.fpc,
            lonely_psu=design.lonely_psu,
        )
    design_object = cache[design_key]
    if spec.replicate is not None:
        from .survey.replicate import ReplicateDesign

        replicate_key = _key(design_key, spec.replicate.__dict__)
        if replicate_key not in cache:
            options = {k: v for k, v in spec.replicate.__dict__.items() if v is not None}
            method = options.pop("method")
            cache[replicate_key] = ReplicateDesign.from_design(design_object, method, **options)
        design_key = replicate_key
        design_object = cache[replicate_key]
    if spec.estimator is None:
        return design_object
    key = _key(design_key, spec.estimator, spec.args, spec.kwargs)
    if key not in cache:
        estimate = getattr(design_object, spec.estimator)
        cache[key] = estimate(*spec.args, **spec.kwargs)
    return cache[key]


def _birth_history(spec: BirthHistoryCall, data_dir: Path, cache: dict[str, Any]) -> Any:
    from .survey.birth_history import tfr_from_birth_history

    key = _key("birth_history", str(data_dir), spec.data, spec.kwargs)
    if key not in cache:
        cache[key] = tfr_from_birth_history(_read_csv(data_dir, spec.data, cache), **spec.kwargs)
    return cache[key]


def run_case(
    case: ValidationCase, data_dir: str | Path, *, cache: dict[str, Any] | None = None
) -> float | int | str | Decimal | None:
    r"""Compute the library's value for one validation case.

    Parameters
    ----------
    case : ValidationCase
        The case (from :func:`load_cases`).
    data_dir : str or Path
        Folder the ``data`` paths of survey and birth-history cases are relative to
        (``tests/data``).
    cache : dict, optional
        Reused between cases: CSV files, survey designs, estimates and birth-history results
        computed once. Pass the same dict to every case of a run.

    Returns
    -------
    float, int, str, Decimal or None
        The obtained value: a number, a label (``None`` when the library gives no label, e.g.
        no KLA rank), or an exact :class:`~decimal.Decimal` amount.

    Raises
    ------
    ValidationCaseError
        If the case cannot be run as written: unknown function, missing data file, a pick path
        that does not exist or does not lead to one value.
    Exception
        Whatever the computation raises (e.g. :class:`~dppapp_indikator.InvalidInputError`).

    Notes
    -----
    The four kinds of case:

    - ``call``: ``function(*args, **kwargs)`` with ``function`` a public name of the package;
    - ``calculate``: ``calculate(code, inputs)``, picking ``value`` unless told otherwise;
    - ``survey``: ``SurveyDesign(read_csv(data) + derived columns, **design)`` (wrapped in
      ``ReplicateDesign.from_design(design, **replicate)`` when ``replicate`` is given), then
      ``.estimator(*args, **kwargs)``;
    - ``birth_history``: ``tfr_from_birth_history(read_csv(data), **kwargs)``.

    ``pick`` then walks into the result: a string step is an attribute, a mapping key, a
    DataFrame column or a pandas label; an integer step is a pandas label if the index holds
    it, else a position; a mapping step ``{column = value, ...}`` selects the single
    DataFrame row whose columns (or index levels) hold those values. A length-1 Series or
    array at the end becomes its element.

    References
    ----------
    1. The validation file, ``tests/data/validation.toml``, and its page
       ``docs/generated/validation.md``.

    Examples
    --------
    >>> suite = load_cases({
    ...     "group": [{"name": "KLA", "description": "Kota Layak Anak ranks."}],
    ...     "case": [{"id": "kla.601", "group": "KLA", "source": "KemenPPPA bands",
    ...               "provenance": "published", "expected": "Madya", "comparison": "exact",
    ...               "call": {"function": "kla_rank", "args": [601]}}],
    ... })
    >>> run_case(suite.cases[0], ".")
    'Madya'
    """
    data_dir = Path(data_dir)
    cache = {} if cache is None else cache
    where = f"case {case.id!r}"
    if case.call is not None:
        try:
            value = _call(case.call)
        except ValidationCaseError as exc:
            raise ValidationCaseError(f"{where}: {exc}") from exc
    elif case.calculate is not None:
        from .registry import calculate

        result = calculate(case.calculate.code, case.calculate.inputs)
        pick = case.calculate.pick if case.calculate.pick is not None else "value"
        value = _pick(result, pick, where)
    elif case.survey is not None:
        value = _pick(_survey(case.survey, data_dir, cache), case.survey.pick, where)
    else:
        spec = cast(BirthHistoryCall, case.birth_history)
        value = _pick(_birth_history(spec, data_dir, cache), spec.pick, where)
    return _scalar(value, where)


def compare(
    case: ValidationCase, obtained: float | int | str | Decimal | None
) -> tuple[bool, float | None]:
    r"""Whether an obtained value reproduces the case's expected value.

    Parameters
    ----------
    case : ValidationCase
        The case, with ``expected``, ``tolerance`` and ``comparison``.
    obtained : float, int, str, Decimal or None
        The value from :func:`run_case`.

    Returns
    -------
    passed : bool
        Whether the value is within the tolerance (or equal, for ``"exact"``).
    difference : float or None
        ``obtained - expected`` for numbers; None for labels or a missing value.

    Raises
    ------
    decimal.InvalidOperation
        If an exact :class:`~decimal.Decimal` is compared with an ``expected`` text that is not
        a number. A mismatch never raises: it returns ``passed = False``.

    Notes
    -----
    With :math:`o` obtained, :math:`e` expected, :math:`t` the tolerance and
    :math:`s = 10^{-12} \max(1, |e|)` a floating-point slack:

    $$
    \text{absolute: } |o - e| \le t + s, \qquad
    \text{relative: } |o - e| \le t\,|e| + s, \qquad
    \text{exact: } o = e.
    $$

    Under ``"exact"`` a label is compared as text (a missing label, ``None``, is written
    ``"none"``) and a :class:`~decimal.Decimal` is compared with ``Decimal(expected)``.

    References
    ----------
    1. The validation file, ``tests/data/validation.toml``.

    Examples
    --------
    >>> suite = load_cases({
    ...     "group": [{"name": "g", "description": "d"}],
    ...     "case": [{"id": "x", "group": "g", "source": "s", "provenance": "published",
    ...               "expected": 0.276, "tolerance": 0.0005, "call": {"function": "ibangga"}}]})
    >>> compare(suite.cases[0], 0.27579)
    (True, -0.00021)
    """
    expected = case.expected
    if case.comparison == "exact":
        if isinstance(obtained, Decimal):
            passed = obtained == Decimal(str(expected))
            return passed, float(obtained - Decimal(str(expected)))
        if isinstance(expected, str) or obtained is None or isinstance(obtained, str):
            shown = "none" if obtained is None else str(obtained)
            return shown == str(expected), None
        return obtained == expected, float(obtained) - float(expected)
    if obtained is None or isinstance(obtained, str):
        return False, None
    value = float(obtained)
    if math.isnan(value):
        return False, None
    difference = value - float(expected)
    slack = FLOAT_SLACK * max(1.0, abs(float(expected)))
    bound = (
        case.tolerance if case.comparison == "absolute" else case.tolerance * abs(float(expected))
    )
    return abs(difference) <= bound + slack, difference


# --------------------------------------------------------------------------------------------
# the report


@dataclass(frozen=True)
class ValidationReport:
    """Results of :func:`run_validation`.

    Attributes
    ----------
    cases : pandas.DataFrame
        One row per case, in file order, with the columns ``id, group, source, provenance,
        computed, expected, obtained, difference, tolerance, comparison, passed, note,
        error``.
    gaps : tuple of ValidationGap
        The known gaps.
    groups : tuple of ValidationGroup
        The groups, in file order.
    title, description : str
        From the file.
    source : str
        The validation file's path.
    """

    cases: pd.DataFrame
    gaps: tuple[ValidationGap, ...]
    groups: tuple[ValidationGroup, ...]
    title: str
    description: str
    source: str

    @property
    def n_cases(self) -> int:
        """Number of cases."""
        return len(self.cases)

    @property
    def n_failed(self) -> int:
        """Number of cases that failed (mismatch or error)."""
        return int((~self.cases["passed"].astype(bool)).sum())

    @property
    def all_passed(self) -> bool:
        """Whether every case passed."""
        return self.n_failed == 0

    @property
    def failures(self) -> pd.DataFrame:
        """The rows of the failed cases."""
        return self.cases[~self.cases["passed"].astype(bool)]


REPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "group",
    "source",
    "provenance",
    "computed",
    "expected",
    "obtained",
    "difference",
    "tolerance",
    "comparison",
    "passed",
    "note",
    "error",
)


def run_validation(path: str | Path | Mapping[str, Any], data_dir: str | Path) -> ValidationReport:
    r"""Run every case of a validation file.

    Parameters
    ----------
    path : str, Path or mapping
        The validation file (``tests/data/validation.toml``), or its parsed content.
    data_dir : str or Path
        Folder the data paths of the cases are relative to (``tests/data``).

    Returns
    -------
    ValidationReport
        ``cases``: a pandas DataFrame with one row per case (``id, group, source, provenance,
        computed, expected, obtained, difference, tolerance, comparison, passed, note,
        error``), and
        the gaps. A case whose computation raises is recorded as failed, with the exception
        in ``error``; it does not stop the run.

    Raises
    ------
    DataFileError
        If the file does not match the schema (see :func:`load_cases`).

    Notes
    -----
    Each case passes when :func:`compare` says so. Survey designs, estimates and
    birth-history results are computed once and shared by the cases that read them.

    References
    ----------
    1. The validation file, ``tests/data/validation.toml``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> text = '''
    ... [[group]]
    ... name = "achievement"
    ... description = "PermenPANRB 8/2021."
    ... [[case]]
    ... id = "achievement.lower_7_6_5"
    ... group = "achievement"
    ... source = "PermenPANRB 8/2021, Bab VI: target 7, realisation 6.5"
    ... provenance = "published"
    ... expected = 107.14
    ... tolerance = 0.005
    ... call = { function = "achievement", args = [6.5, 7.0], kwargs = { polarity = "lower" } }
    ... '''
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "cases.toml"
    ...     _ = path.write_text(text)
    ...     report = run_validation(path, folder)
    >>> report.all_passed, report.n_cases
    (True, 1)
    >>> row = report.cases.iloc[0]
    >>> row["expected"], round(row["obtained"], 4), bool(row["passed"])
    (107.14, 107.1429, True)
    """
    import pandas as pd

    suite = load_cases(path)
    data_dir = Path(data_dir)
    cache: dict[str, Any] = {}
    rows = []
    for case in suite.cases:
        obtained: float | int | str | Decimal | None = None
        difference: float | None = None
        error: str | None = None
        try:
            obtained = run_case(case, data_dir, cache=cache)
            passed, difference = compare(case, obtained)
        except Exception as exc:  # a failing case is reported, not fatal
            passed = False
            error = f"{type(exc).__name__}: {exc}"
        rows.append(
            {
                "id": case.id,
                "group": case.group,
                "source": case.source,
                "provenance": case.provenance,
                "computed": describe_call(case),
                "expected": case.expected,
                "obtained": obtained,
                "difference": difference,
                "tolerance": case.tolerance,
                "comparison": case.comparison,
                "passed": bool(passed),
                "note": case.note,
                "error": error,
            }
        )
    frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS), dtype=object)
    frame["passed"] = frame["passed"].astype(bool)
    frame["tolerance"] = frame["tolerance"].astype(float)
    return ValidationReport(
        cases=frame,
        gaps=suite.gaps,
        groups=suite.groups,
        title=suite.title,
        description=suite.description,
        source="<mapping>" if isinstance(path, Mapping) else str(path),
    )


# --------------------------------------------------------------------------------------------
# markdown


def _short(value: Any, limit: int = 40) -> str:
    if isinstance(value, FunctionCall):
        return _describe_function(value)
    if isinstance(value, Mapping) and set(value) == {"call"}:
        return _describe_function(cast(Any, value["call"]), raw=True)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, float) and math.isnan(value):
        text = "nan"
    elif isinstance(value, (list, tuple)):
        text = "[" + ", ".join(_short(v, limit) for v in value) + "]"
    elif isinstance(value, Mapping):
        text = "{" + ", ".join(f"{k}: {_short(v, limit)}" for k, v in value.items()) + "}"
    else:
        text = repr(value)
    if len(text) > limit and isinstance(value, (list, tuple, Mapping)):
        return "[…]" if isinstance(value, (list, tuple)) else "{…}"
    return text


def _arguments(args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
    parts = [_short(a) for a in args] + [f"{k}={_short(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)


def _pick_text(pick: str | Sequence[PickStep] | None) -> str:
    text = ""
    for step in _steps(pick):
        if isinstance(step, dict):
            text += "[" + ", ".join(f"{k}={v!r}" for k, v in step.items()) + "]"
        elif isinstance(step, int):
            text += f"[{step}]"
        elif step.isidentifier():
            text += f".{step}"
        else:
            text += f"[{step!r}]"
    return text


def _describe_function(call: Any, *, raw: bool = False) -> str:
    if raw:
        name, args = call.get("function", "?"), call.get("args", ())
        kwargs, pick = call.get("kwargs", {}), call.get("pick")
    else:
        name, args, kwargs, pick = call.function, call.args, call.kwargs, call.pick
    return f"{name}({_arguments(args, kwargs)}){_pick_text(pick)}"


def describe_call(case: ValidationCase) -> str:
    """A one-line, Python-like description of how a case is computed (for the report).

    Parameters
    ----------
    case : ValidationCase
        The case.

    Returns
    -------
    str
        E.g. ``ibangga(55.99, 52.09, 53.96)`` or
        ``SurveyDesign(survey/api_strat.csv, weights="pw", strata="stype").mean("api00").se``;
        long structures are abbreviated ``{…}``.

    Examples
    --------
    >>> suite = load_cases({"group": [{"name": "g", "description": "d"}],
    ...     "case": [{"id": "x", "group": "g", "source": "s", "provenance": "published",
    ...     "expected": 1.0, "tolerance": 0.1,
    ...     "calculate": {"code": "nka", "inputs": {"absorption": 95.53},
    ...     "pick": "components.absorption"}}]})
    >>> describe_call(suite.cases[0])
    'calculate("nka", {absorption: 95.53}).components.absorption'
    """
    if case.call is not None:
        return _describe_function(case.call)
    if case.calculate is not None:
        spec = case.calculate
        pick = spec.pick if spec.pick is not None else "value"
        return f'calculate("{spec.code}", {_short(spec.inputs, 60)}){_pick_text(pick)}'
    if case.survey is not None:
        survey = case.survey
        design = {k: v for k, v in survey.design.__dict__.items() if v is not None}
        if design.get("lonely_psu") == "fail":
            del design["lonely_psu"]
        derived = "".join(f", {k}=({v.replace('`', '')})" for k, v in survey.derive.items())
        text = f"SurveyDesign({survey.data}{derived}, {_arguments((), design)})"
        if survey.replicate is not None:
            options = {k: v for k, v in survey.replicate.__dict__.items() if v is not None}
            method = options.pop("method")
            text = f'ReplicateDesign.from_design({text}, "{method}", {_arguments((), options)})'
        if survey.estimator is not None:
            text += f".{survey.estimator}({_arguments(survey.args, survey.kwargs)})"
        return text + _pick_text(survey.pick)
    history = cast(BirthHistoryCall, case.birth_history)
    arguments = _arguments((), history.kwargs)
    return f"tfr_from_birth_history({history.data}{', ' if arguments else ''}{arguments})" + (
        _pick_text(history.pick)
    )


def _present(value: Any) -> bool:
    """Whether a report cell holds a value (not None, not NaN, not empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(str(value).strip())


def _number(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return format(value, ".12g")
    return str(value)


def _difference(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return "0" if value == 0 else format(float(value), "+.2g")


def _tolerance(tolerance: float, comparison: str) -> str:
    if comparison == "exact":
        return "exact"
    text = format(tolerance, "g")
    return f"± {text}" + (" (relative)" if comparison == "relative" else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`" if text else ""


def to_markdown(report: ValidationReport, *, cases_file: str | None = None) -> str:
    r"""The validation report as a markdown page.

    Parameters
    ----------
    report : ValidationReport
        From :func:`run_validation`.
    cases_file : str, optional
        How to name the validation file on the page (default: the path the report was read
        from).

    Returns
    -------
    str
        Markdown: a summary (number of cases, whether all passed, a table per group with
        the cases counted by provenance, and failures), one table per group (case, source,
        provenance, computed as, expected, obtained, difference, tolerance, status), the
        known gaps, and how to rerun the checks.
        A failed case shows the status **FAILED** (and its error, if any).

    Notes
    -----
    The page is generated; every number on it comes from the validation file and from the
    library at the time of the build.

    References
    ----------
    1. The validation file, ``tests/data/validation.toml``.

    Examples
    --------
    >>> import pandas as pd
    >>> row = {"id": "x", "group": "g", "source": "s", "provenance": "published",
    ...        "computed": "f(1)", "expected": 1.0,
    ...        "obtained": 1.001, "difference": 0.001, "tolerance": 0.005,
    ...        "comparison": "absolute", "passed": True, "note": None, "error": None}
    >>> report = ValidationReport(pd.DataFrame([row]), (), (ValidationGroup("g", "d"),),
    ...                           "Validation report", "", "cases.toml")
    >>> print(to_markdown(report).splitlines()[0])
    # Validation report
    """
    cases = report.cases
    name = cases_file or report.source
    lines = [f"# {report.title}", ""]
    lines += [
        f"<!-- Generated by docs/hooks/page_validation.py from {name}: do not edit by hand. -->",
        "",
    ]
    if report.description:
        lines += [report.description.strip(), ""]
    from ._version import __version__

    status = (
        f"**All {report.n_cases} cases passed.**"
        if report.all_passed
        else f"**{report.n_failed} of {report.n_cases} cases FAILED.**"
    )
    lines += [
        "## Summary",
        "",
        f"{status} Library version {__version__}; cases read from `{name}`; "
        f"{len(report.gaps)} known gaps are listed [below](#known-gaps).",
        "",
        "Each number is counted by its provenance: **published document** (a regulation, an "
        "official report or release: an independent number), **peer software** (R `survey`, "
        "DHS.rates: an independent computation), or **derived** (it follows from other numbers "
        "of this report, e.g. a confidence bound from the estimate and its SE, an RSE from SE / "
        "estimate: it checks the arithmetic, not an independent number).",
        "",
        "| Group | Published document | Peer software | Derived | Cases | Passed | Failed |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for group in report.groups:
        rows = cases[cases["group"] == group.name]
        if rows.empty:
            continue
        passed = int(rows["passed"].astype(bool).sum())
        counts = " | ".join(str(int((rows["provenance"] == p).sum())) for p in PROVENANCES)
        lines.append(
            f"| [{_cell(group.name)}](#{_anchor(group.name)}) | {counts} | {len(rows)} "
            f"| {passed} | {len(rows) - passed} |"
        )
    totals = " | ".join(f"**{int((cases['provenance'] == p).sum())}**" for p in PROVENANCES)
    lines.append(
        f"| **Total** | {totals} | **{report.n_cases}** | {report.n_cases - report.n_failed} "
        f"| {report.n_failed} |"
    )
    lines.append("")
    if not report.all_passed:
        lines += ["Failed cases:", ""]
        for _, row in report.failures.iterrows():
            detail = (
                row["error"]
                if _present(row["error"])
                else f"expected {_number(row['expected'])}, obtained {_number(row['obtained'])}"
            )
            lines.append(f"- `{row['id']}`: {_cell(str(detail))}")
        lines.append("")
    lines += [
        "Tolerances: `± t` is the published rounding (|obtained − expected| ≤ t); "
        "`± t (relative)` bounds |obtained − expected| / |expected| (peer numbers printed with "
        "12 significant digits); `exact` means equal (labels, counts, rupiah amounts). A "
        "floating-point slack of 1e-12 × max(1, |expected|) is added to every bound. "
        "Difference = obtained − expected.",
        "",
    ]
    for group in report.groups:
        rows = cases[cases["group"] == group.name]
        gaps = [g for g in report.gaps if g.group == group.name]
        if rows.empty:
            continue
        lines += [f"## {group.name} {{#{_anchor(group.name)}}}", "", group.description.strip(), ""]
        lines += [
            "| Case | Source | Provenance | Computed as | Expected | Obtained | Difference "
            "| Tolerance | Status |",
            "|---|---|---|---|---:|---:|---:|---|---|",
        ]
        notes = []
        for _, row in rows.iterrows():
            label = f"`{row['id']}`"
            if _present(row["note"]):
                notes.append((row["id"], row["note"]))
                label += f" (note {len(notes)})"
            status = "passed" if row["passed"] else "**FAILED**"
            if _present(row["error"]):
                status += f": {_cell(str(row['error']))}"
            lines.append(
                "| "
                + " | ".join(
                    [
                        label,
                        _cell(str(row["source"])),
                        PROVENANCE_TITLES.get(str(row["provenance"]), str(row["provenance"])),
                        _cell(_code(str(row["computed"]))),
                        _number(row["expected"]),
                        _number(row["obtained"]),
                        _difference(row["difference"]),
                        _tolerance(float(row["tolerance"]), str(row["comparison"])),
                        status,
                    ]
                )
                + " |"
            )
        lines.append("")
        if notes:
            lines += ["Notes:", ""]
            for number, (ident, note) in enumerate(notes, start=1):
                lines.append(f"{number}. `{ident}`: {_cell(str(note))}")
            lines.append("")
        if gaps:
            listed = ", ".join(f"[{g.id}](#gap-{_anchor(g.id)})" for g in gaps)
            lines += [f"Known gaps in this group: {listed}.", ""]
    lines += _gap_lines(report)
    lines += [
        "## How to rerun",
        "",
        "The same file drives this page and the reference tests. From the repository root:",
        "",
        "```bash",
        "python -m pytest tests/test_validation.py      # one test per case, named by its id",
        "python -m mkdocs build --strict                # regenerates this page",
        "```",
        "",
        "or from Python:",
        "",
        "```python",
        "from dppapp_indikator.validation import run_validation, to_markdown",
        'report = run_validation("tests/data/validation.toml", "tests/data")',
        "report.cases          # a pandas DataFrame, one row per case",
        "report.all_passed",
        "```",
        "",
    ]
    return "\n".join(lines)


def _gap_lines(report: ValidationReport) -> list[str]:
    lines = [
        "## Known gaps {#known-gaps}",
        "",
        "What the library cannot check, or checks only in part, and why. Kinds: *unpublished* "
        "(an input or method that is not public), *not reproducible* (a published number the "
        "public inputs do not give), *source discrepancy* (the source contradicts itself), "
        "*reference caveat* (a limit of a reference dataset), *not implemented* (a method the "
        "library does not have yet).",
        "",
    ]
    if not report.gaps:
        return [*lines, "None recorded.", ""]
    lines += ["| Gap | Group | Kind | Statement | Source |", "|---|---|---|---|---|"]
    for gap in report.gaps:
        lines.append(
            f'| <span id="gap-{_anchor(gap.id)}"></span>`{gap.id}` | {_cell(gap.group)} '
            f"| {gap.kind} | {_cell(gap.statement)} | {_cell(gap.source)} |"
        )
    lines.append("")
    return lines


def _anchor(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "group"
