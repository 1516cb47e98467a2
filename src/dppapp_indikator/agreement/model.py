"""The performance agreement (Perjanjian Kinerja) as validated data: schema and loader.

The embedded *Perjanjian Kinerja 2024* of Dinas PPAPP DKI Jakarta lives in
``data/pk2024.toml``: 21 indicators (IKU) with unit, polarity, quarterly and annual targets,
the quarter-to-year aggregation and the action plan (Rencana Aksi), plus the list of OCR and
transcription fixes applied to the seed (methods/agreement#agreement). This module holds the
pydantic schema
(imported lazily: ``import dppapp_indikator`` does not load pydantic) and reads the embedded
agreement and TOML/JSON agreement files; :func:`~dppapp_indikator.agreement.loading.load_agreement`
also reads Excel agreement workbooks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .._checks import InvalidInputError
from .._display import notebook_repr
from ..periods import PERIODS as _PERIODS
from ..policies import Polarity, QuarterAggregation

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "PERIODS",
    "QUARTERS",
    "ActionItem",
    "ActionOutput",
    "Agreement",
    "AgreementIndicator",
    "AnnualRule",
    "Period",
    "QuarterKind",
    "QuarterlyTargets",
    "SuccessCriterion",
    "TargetRange",
    "TranscriptionFix",
    "ValidRange",
]

#: A reporting period of the agreement: the four quarters (triwulan) and the year.
Period: TypeAlias = Literal["TW I", "TW II", "TW III", "TW IV", "Tahunan"]
#: The periods, in order.
PERIODS: tuple[Period, ...] = cast("tuple[Period, ...]", _PERIODS)
#: A quarter as the action plan writes it ("TW 1" ... "TW 4").
ActionQuarter: TypeAlias = Literal["TW 1", "TW 2", "TW 3", "TW 4"]
#: The quarters, in order (action-plan spelling).
QUARTERS: tuple[ActionQuarter, ...] = ("TW 1", "TW 2", "TW 3", "TW 4")

#: What a quarterly value of an indicator holds: ``"per_quarter"`` (the quarter's own
#: contribution, the quarters add up to the year) or ``"to_date"`` (the value reached so far
#: in the year; the year's value is the last quarter's, or a level measured each quarter).
QuarterKind: TypeAlias = Literal["per_quarter", "to_date"]
QUARTER_KINDS: tuple[QuarterKind, ...] = ("per_quarter", "to_date")
#: How the annual value of a "constant" indicator (same target every quarter) is formed from
#: its quarterly values: the last reported quarter, or the mean of the reported quarters.
ConstantAnnualRule: TypeAlias = Literal["last", "mean"]
#: Realisations of an indicator without a declared ``valid_range`` must lie within +/- this.
UNDECLARED_RANGE_LIMIT = 1e6

_NOT_APPLICABLE = {"N/A", "NA", "-", ""}
_CODE = re.compile(r"[a-z][a-z0-9_]*")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class TargetRange(_Frozen):
    """A target given as a range [lower, upper] (achievement is 100 % inside it)."""

    lower: float = Field(description="Lower bound of the target range [indicator unit].")
    upper: float = Field(description="Upper bound of the target range [indicator unit].")

    @model_validator(mode="after")
    def _ordered(self) -> TargetRange:
        if self.lower > self.upper:
            raise ValueError(f"range target lower {self.lower} exceeds upper {self.upper}")
        return self


#: A target: a number, or a range.
Target: TypeAlias = float | TargetRange


def _as_target(value: Any) -> Any:
    """Read "N/A" as None and a 2-item list ``[lower, upper]`` as a range."""
    if isinstance(value, str) and value.strip().upper() in _NOT_APPLICABLE:
        return None
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return {"lower": value[0], "upper": value[1]}
    return value


def _bounds(target: Target | None) -> tuple[float, float]:
    """(lower, upper) of a target; (nan, nan) for N/A."""
    if target is None:
        return math.nan, math.nan
    if isinstance(target, TargetRange):
        return target.lower, target.upper
    return float(target), float(target)


class ValidRange(_Frozen):
    """The values a realisation of an indicator can plausibly take, with the reason.

    A realisation outside the range is refused (a typing or unit error), never scored.

    Examples
    --------
    >>> tfr = ValidRange(lower=0, upper=10, lower_inclusive=False, basis="births per woman")
    >>> tfr.contains(2.23), tfr.contains(0.0), tfr.contains(2230.0)
    (True, False, False)
    >>> tfr.describe()
    '(0, 10]'
    """

    lower: float | None = Field(description="Lower bound [indicator unit]; None = unbounded.")
    upper: float | None = Field(description="Upper bound [indicator unit]; None = unbounded.")
    lower_inclusive: bool = Field(default=True, description="Whether `lower` is allowed.")
    upper_inclusive: bool = Field(default=True, description="Whether `upper` is allowed.")
    basis: str = Field(min_length=1, description="Why these bounds (the unit's definition).")
    inferred: bool = Field(
        default=False, description="True when a bound is a plausibility choice, not a definition."
    )

    @model_validator(mode="after")
    def _ordered(self) -> ValidRange:
        if self.lower is not None and self.upper is not None and self.lower >= self.upper:
            raise ValueError(f"valid_range lower {self.lower} must be below upper {self.upper}")
        return self

    def contains(self, value: float) -> bool:
        """Whether ``value`` (finite) lies in the range."""
        if not math.isfinite(value):
            return False
        if self.lower is not None and (
            value < self.lower or (value == self.lower and not self.lower_inclusive)
        ):
            return False
        return not (
            self.upper is not None
            and (value > self.upper or (value == self.upper and not self.upper_inclusive))
        )

    def describe(self) -> str:
        """The range as an interval, e.g. ``"[0, 100]"`` or ``"[-100, 1.000]"``."""
        from .._numbers import format_number

        left = "[" if self.lower_inclusive and self.lower is not None else "("
        right = "]" if self.upper_inclusive and self.upper is not None else ")"
        low = "-inf" if self.lower is None else format_number(self.lower)
        high = "+inf" if self.upper is None else format_number(self.upper)
        return f"{left}{low}, {high}{right}"


class AnnualRule(_Frozen):
    """How the annual value of a constant-target indicator is formed from its quarters."""

    rule: ConstantAnnualRule = Field(description='"last" (last reported quarter) or "mean".')
    basis: str = Field(min_length=1, description="The source of the rule, or why it is chosen.")
    inferred: bool = Field(description="True when no source states the rule.")


class QuarterlyTargets(_Frozen):
    """Quarterly (TW I-IV) and annual targets of one indicator; None = N/A."""

    tw1: Target | None = Field(description="Target of triwulan I [indicator unit]; None = N/A.")
    tw2: Target | None = Field(description="Target of triwulan II [indicator unit]; None = N/A.")
    tw3: Target | None = Field(description="Target of triwulan III [indicator unit]; None = N/A.")
    tw4: Target | None = Field(description="Target of triwulan IV [indicator unit]; None = N/A.")
    annual: Target = Field(description="Annual target (Tahunan) [indicator unit].")

    @field_validator("tw1", "tw2", "tw3", "tw4", "annual", mode="before")
    @classmethod
    def _read_target(cls, value: Any) -> Any:
        return _as_target(value)

    def for_period(self, period: Period) -> Target | None:
        """The target of ``period`` ("TW I" ... "TW IV" or "Tahunan"); None = N/A."""
        if period not in PERIODS:
            raise InvalidInputError("period", f"must be one of {PERIODS}", period)
        fields = ("tw1", "tw2", "tw3", "tw4", "annual")
        value: Target | None = getattr(self, fields[PERIODS.index(period)])
        return value

    def bounds(self, period: Period) -> tuple[float, float]:
        """(lower, upper) of the target of ``period``; equal for a point target, NaN for N/A."""
        return _bounds(self.for_period(period))

    def quarters(self) -> tuple[Target | None, Target | None, Target | None, Target | None]:
        """The four quarterly targets TW I-IV."""
        return (self.tw1, self.tw2, self.tw3, self.tw4)

    def has_range(self) -> bool:
        """Whether any target of the indicator is a range."""
        return any(isinstance(t, TargetRange) for t in (*self.quarters(), self.annual))


class ActionOutput(_Frozen):
    """A target/output (T/O) of a success criterion, with the quarters it is due."""

    code: str = Field(description='Code in the action plan, e.g. "T/O1.1.1".')
    text: str = Field(min_length=1, description="The target/output, as in the seed.")
    quarters: tuple[ActionQuarter, ...] = Field(
        min_length=1, description='Quarters the output is due, e.g. ["TW 2", "TW 3"].'
    )
    schedule: str = Field(description='The seed\'s "Waktu" cell as printed, e.g. "TW 2-4".')

    @field_validator("quarters")
    @classmethod
    def _ordered_quarters(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value) or list(value) != sorted(value, key=QUARTERS.index):
            raise ValueError(f"quarters must be distinct and in order; got {list(value)}")
        return value


class SuccessCriterion(_Frozen):
    """A success criterion (kriteria keberhasilan, KK) of an action item."""

    code: str = Field(description='Code in the action plan, e.g. "KK1.1".')
    text: str = Field(min_length=1, description="The criterion, as in the seed.")
    outputs: tuple[ActionOutput, ...] = Field(min_length=1)


class ActionItem(_Frozen):
    """An action (rencana aksi, RA) of the action plan, with its success criteria."""

    code: str = Field(description='Code in the action plan, e.g. "RA1".')
    text: str = Field(
        min_length=1,
        description='The action, as in the seed; a leading "…" marks text the OCR cut off.',
    )
    criteria: tuple[SuccessCriterion, ...] = Field(min_length=1)
    note: str | None = Field(
        default=None, description="Transcription note (text cut off, inferred code, ...)."
    )


class TranscriptionFix(_Frozen):
    """One OCR or transcription fix applied to the seed, with its reason."""

    number: int | None = Field(
        default=None, description="Indicator number (IKU) concerned; None = several or all."
    )
    field: str = Field(description='The field concerned, e.g. "targets.annual" or "unit".')
    seed: str = Field(description="What the seed (OCR text) says.")
    used: str = Field(description="What the data file uses.")
    reason: str = Field(min_length=1, description="Why.")
    seed_line: int | None = Field(
        default=None, ge=1, description="Line of the seed's OCR text (000_5d1bd95dab1788f9.txt)."
    )


@notebook_repr(
    "number", "name", "unit", "polarity", "aggregation", "registry_code", "targets", "action_plan"
)
class AgreementIndicator(_Frozen):
    """One indicator (IKU) of the agreement."""

    number: int = Field(ge=1, description="Row of the agreement (IKU 1-21).")
    strategic_goal: str = Field(min_length=1, description="Sasaran strategis (Indonesian).")
    name: str = Field(min_length=1, description="Indikator kinerja (Indonesian, as the seed).")
    data_source: str | None = Field(description='"Sumber Data" column; None where blank.')
    unit: str = Field(min_length=1, description="Unit as the seed writes it (Indeks, Persen...).")
    polarity: Polarity = Field(description='"higher" or "lower" (is better).')
    targets: QuarterlyTargets
    aggregation: QuarterAggregation = Field(
        description='Quarter-to-year aggregation: "sum", "last" or "constant".'
    )
    aggregation_basis: str = Field(min_length=1, description="Why this aggregation.")
    registry_code: str = Field(description="Code of the indicator in the registry.")
    valid_range: ValidRange | None = Field(
        default=None,
        description=(
            "Plausible values of a realisation; None = not declared (then only finite values "
            "within +/- 1,000,000 are accepted)."
        ),
    )
    quarter_kind: QuarterKind | None = Field(
        default=None,
        description=(
            'What a quarterly target and realisation hold: "per_quarter" (the quarter\'s own '
            'contribution; needs aggregation "sum") or "to_date" (the value so far in the year; '
            'aggregation "last" or "constant"). None: implied by the aggregation.'
        ),
    )
    annual_rule: AnnualRule | None = Field(
        default=None,
        description=(
            'Annual value of a "constant" indicator from its quarters; None = "last", '
            'marked inferred. Only for aggregation "constant".'
        ),
    )
    seed_line: int | None = Field(
        default=None, ge=1, description="Line of the indicator's row in the seed's OCR text."
    )
    action_plan_target: str | None = Field(
        default=None, description='The action plan\'s "Target IKU" cell as printed.'
    )
    action_plan: tuple[ActionItem, ...] = ()

    def plan_outputs(self) -> Iterator[tuple[ActionItem, SuccessCriterion, ActionOutput]]:
        """Every output of the action plan with its action and success criterion, in order.

        Examples
        --------
        >>> from dppapp_indikator import load_agreement
        >>> action, criterion, output = next(load_agreement().indicators[0].plan_outputs())
        >>> (action.code, criterion.code, output.code) == (
        ...     load_agreement().indicators[0].action_plan[0].code,
        ...     load_agreement().indicators[0].action_plan[0].criteria[0].code,
        ...     load_agreement().indicators[0].action_plan[0].criteria[0].outputs[0].code)
        True
        """
        for action in self.action_plan:
            for criterion in action.criteria:
                for output in criterion.outputs:
                    yield action, criterion, output

    @field_validator("data_source", mode="before")
    @classmethod
    def _blank_source(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("registry_code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE.fullmatch(value):
            raise ValueError(f"registry_code must be snake_case; got {value!r}")
        return value

    @model_validator(mode="after")
    def _kind_matches_aggregation(self) -> AgreementIndicator:
        implied = "per_quarter" if self.aggregation == "sum" else "to_date"
        if self.quarter_kind is not None and self.quarter_kind != implied:
            raise ValueError(
                f"IKU {self.number}: quarter_kind {self.quarter_kind!r} does not fit aggregation "
                f"{self.aggregation!r} (per_quarter goes with 'sum'; to_date with 'last' or "
                "'constant')"
            )
        if self.annual_rule is not None and self.aggregation != "constant":
            raise ValueError(
                f"IKU {self.number}: annual_rule is only for aggregation 'constant'; the "
                f"aggregation {self.aggregation!r} already fixes the annual value"
            )
        if self.valid_range is not None:
            for period in PERIODS:
                low, high = self.targets.bounds(period)
                for bound in {low, high}:
                    if not math.isnan(bound) and not self.valid_range.contains(bound):
                        raise ValueError(
                            f"IKU {self.number}: the {period} target {bound} lies outside "
                            f"valid_range {self.valid_range.describe()}"
                        )
        return self

    @property
    def kind(self) -> QuarterKind:
        """What a quarterly value holds: ``quarter_kind``, or the one the aggregation implies."""
        if self.quarter_kind is not None:
            return self.quarter_kind
        return "per_quarter" if self.aggregation == "sum" else "to_date"

    def constant_rule(self) -> AnnualRule:
        """The annual rule of a "constant" indicator (declared, or "last" marked inferred)."""
        if self.annual_rule is not None:
            return self.annual_rule
        return AnnualRule(
            rule="last",
            basis="not declared by the agreement: the last reported quarter",
            inferred=True,
        )

    def range_problem(self, value: float, text: object = None) -> str | None:
        """Why ``value`` cannot be a realisation of this indicator, or None if it can.

        Parameters
        ----------
        value : float
            The realisation as read [indicator unit].
        text : object, optional
            The cell as typed, when it was text: the hint then quotes it with the other
            decimal mark (``"2.230"`` -> ``"2,230"``).

        Returns
        -------
        str or None
            The message gives the valid range and, when the number read with the other
            decimal mark fits (``2.230`` read as 2230 for a TFR), that reading as a hint.

        Examples
        --------
        >>> from dppapp_indikator.agreement import load_agreement
        >>> tfr = load_agreement().indicator(5)
        >>> tfr.range_problem(2.19) is None
        True
        >>> print(tfr.range_problem(2230.0, "2.230"))  # doctest: +ELLIPSIS
        is outside the valid range (0, 10] of IKU 5 (births per woman: ... did you mean 2,230?
        """
        if not math.isfinite(value):
            return f"must be a finite number for IKU {self.number}"
        if self.valid_range is None:
            if abs(value) <= UNDECLARED_RANGE_LIMIT:
                return None
            return (
                f"is beyond +/- 1.000.000, the limit for IKU {self.number}, whose agreement "
                "declares no valid_range"
            )
        if self.valid_range.contains(value):
            return None
        message = (
            f"is outside the valid range {self.valid_range.describe()} of IKU {self.number} "
            f"({self.valid_range.basis})"
        )
        hint = _other_mark_reading(value, self.valid_range, text)
        if hint is not None:
            message += f"; did you mean {hint}?"
        return message

    @model_validator(mode="after")
    def _constant_quarters(self) -> AgreementIndicator:
        if self.aggregation == "constant":
            given = [_bounds(t) for t in (*self.targets.quarters(), self.targets.annual)]
            present = {b for b in given if not math.isnan(b[0])}
            if len(present) > 1:
                raise ValueError(
                    f"IKU {self.number}: aggregation 'constant' needs the same target every "
                    f"quarter and year; got {sorted(present)}"
                )
        return self

    def aggregated_target(self) -> tuple[float, float]:
        """The annual target implied by the quarterly targets and ``aggregation``.

        Returns
        -------
        tuple of float
            (lower, upper) aggregated from the quarters (equal for point targets); NaN when
            no quarter has a target.
        """
        from ..periods import aggregate_quarters

        quarters = [_bounds(t) for t in self.targets.quarters()]
        low = aggregate_quarters([q[0] for q in quarters], self.aggregation)
        high = aggregate_quarters([q[1] for q in quarters], self.aggregation)
        return float(low), float(high)  # type: ignore[arg-type]


def _other_mark_reading(value: float, valid: ValidRange, text: object = None) -> str | None:
    """A reading of ``value`` with the other decimal mark that fits ``valid`` (as text)."""
    from decimal import Decimal

    from .._numbers import format_number
    from ._cells import parse_number

    if isinstance(text, str) and ("." in text or "," in text):
        swapped = text.strip().translate(str.maketrans(".,", ",."))
        for mark in (",", "."):
            try:
                reading = parse_number(swapped, decimal_mark=mark)
            except ValueError:
                continue
            if reading is not None and reading != value and valid.contains(reading):
                return swapped
        return None
    if text is not None or value != round(value) or not 1000 <= abs(value) < 1e6:
        return None
    # a number cell: 2230 for a TFR was probably typed "2.230" (dot read as thousands)
    candidate = float((Decimal(int(value)) / 1000).normalize())
    return format_number(candidate) if valid.contains(candidate) else None


class Agreement(_Frozen):
    """A performance agreement (Perjanjian Kinerja): its indicators and the fixes applied.

    Examples
    --------
    >>> from dppapp_indikator.agreement import load_agreement
    >>> pk = load_agreement()
    >>> pk.year, len(pk.indicators)
    (2024, 21)
    >>> pk.indicator(4).targets.annual
    71.0
    """

    title: str = Field(min_length=1)
    organisation: str = Field(min_length=1)
    year: int = Field(ge=2000, le=2100)
    source: str = Field(min_length=1, description="The document transcribed.")
    fixes: tuple[TranscriptionFix, ...] = ()
    indicators: tuple[AgreementIndicator, ...] = Field(min_length=1)

    @field_validator("indicators")
    @classmethod
    def _ordered(cls, value: tuple[AgreementIndicator, ...]) -> tuple[AgreementIndicator, ...]:
        numbers = [i.number for i in value]
        if len(set(numbers)) != len(numbers):
            duplicated = sorted({n for n in numbers if numbers.count(n) > 1})
            raise ValueError(f"indicator numbers must be unique; repeated: {duplicated}")
        return tuple(sorted(value, key=lambda i: i.number))

    @model_validator(mode="after")
    def _fixes_refer_to_indicators(self) -> Agreement:
        numbers = {i.number for i in self.indicators}
        for fix in self.fixes:
            if fix.number is not None and fix.number not in numbers:
                raise ValueError(f"a fix refers to IKU {fix.number}, which is not an indicator")
        return self

    @property
    def numbers(self) -> tuple[int, ...]:
        """The indicator numbers, in order."""
        return tuple(i.number for i in self.indicators)

    def indicator(self, number: int) -> AgreementIndicator:
        """The indicator with agreement row ``number`` (IKU 1-21).

        Raises
        ------
        InvalidInputError
            If no indicator has that number.
        """
        for item in self.indicators:
            if item.number == number:
                return item
        raise InvalidInputError(
            "number", f"must be an indicator number of the agreement {self.numbers}", number
        )

    def to_frame(self) -> pd.DataFrame:
        """The targets as a pandas DataFrame, one row per indicator (index: ``number``).

        Columns: ``name``, ``strategic_goal``, ``unit``, ``polarity``, ``aggregation``,
        ``registry_code``, ``tw1``, ``tw2``, ``tw3``, ``tw4``, ``annual`` (the targets; NaN =
        N/A; for a range target, its lower bound) and ``tw1_upper`` ... ``annual_upper``
        (the upper bound of a range target; NaN for a point target, as ``target_upper`` of
        :func:`~dppapp_indikator.agreement.scoring.achievement` reads it).

        Examples
        --------
        >>> from dppapp_indikator.agreement import load_agreement
        >>> frame = load_agreement().to_frame()
        >>> frame.loc[13, ["tw1", "tw2", "tw3", "tw4", "annual"]].tolist()
        [5.0, 25.0, 55.0, 100.0, 100.0]
        """
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for item in self.indicators:
            row: dict[str, Any] = {
                "number": item.number,
                "name": item.name,
                "strategic_goal": item.strategic_goal,
                "unit": item.unit,
                "polarity": item.polarity,
                "aggregation": item.aggregation,
                "registry_code": item.registry_code,
            }
            bounds = {
                key: item.targets.bounds(period)
                for key, period in zip(("tw1", "tw2", "tw3", "tw4", "annual"), PERIODS, strict=True)
            }
            row.update({key: low for key, (low, _) in bounds.items()})
            row.update(
                {
                    f"{key}_upper": high if high != low else math.nan
                    for key, (low, high) in bounds.items()
                }
            )
            rows.append(row)
        return pd.DataFrame(rows).set_index("number")


def _load_agreement_data(path: str | Path | None = None) -> Agreement:
    """The embedded PK 2024 (``path`` None, cached) or a TOML/JSON agreement file.

    The loading behind :func:`~dppapp_indikator.agreement.loading.load_agreement`, which also
    reads Excel agreement workbooks.
    """
    from .._data import load_file, load_packaged

    if path is None:
        return load_packaged("pk2024.toml", Agreement)
    return load_file(path, Agreement)
