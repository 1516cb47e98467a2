"""Governance percentages of the agreement: IKU 11, 13-17 and 19-21 (methods/governance#governance).

- IKU 11 public communication: :func:`communication_score` (weighted sum of four percents);
- IKU 13 inventory of regional property (BMD): :func:`bmd_inventory_score`;
- IKU 14 domestic products (TKDN): :func:`classify_procurement_account`, :func:`tkdn_share`
  (from spending lines) and :func:`tkdn_pct` (from two totals);
- IKU 15 competency development (40 learning hours): :func:`competency_attainment` (per civil
  servant) and :func:`competency_score` (the agency value);
- IKU 16, 21 by quarter: :func:`year_progress_pct` (completed to date / items of the year),
  the quantity the agreement's quarterly targets sum;
- IKU 16, 17, 19, 20, 21: :func:`completion_pct` (completed / due), with
  :func:`count_on_time_stages` and :func:`knowledge_report_due_dates` for the knowledge
  management deadlines.

Weights, account-code prefixes, the 40-hour requirement and the report deadlines are data
(``data/governance.toml``, with the seed as their source), read on first use.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ._arrays import ArrayLike, FloatArray, FloatResult, broadcast, is_dataframe, is_series
from ._checks import (
    InvalidInputError,
    check_count,
    check_finite,
    check_nonnegative,
    check_not_greater,
    check_not_nan,
    check_percent,
    check_positive,
    check_range,
    check_share,
)
from .policies import MissingPolicy, check_policy

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = [
    "COMMUNICATION_COMPONENTS",
    "ClassifiedSpendingLine",
    "StageCount",
    "TkdnShare",
    "bmd_inventory_score",
    "bmd_inventory_weights",
    "classify_procurement_account",
    "communication_score",
    "communication_weights",
    "competency_attainment",
    "competency_score",
    "completion_pct",
    "count_on_time_stages",
    "knowledge_report_due_dates",
    "procurement_account_prefixes",
    "tkdn_pct",
    "tkdn_share",
    "year_progress_pct",
]

#: The four components of IKU 11, in the order of :func:`communication_score`'s arguments.
COMMUNICATION_COMPONENTS: tuple[str, str, str, str] = (
    "strategy",
    "publication",
    "crisis_response",
    "interactive_response",
)
_BMD_COMPONENTS: tuple[str, str, str] = ("team", "entry", "report")
_WEIGHT_TOLERANCE = 1e-6
_CODE_PATTERN = re.compile(r"\d+(?:\.\d+)*")
_CODE_CONSTRAINT = (
    "must be a kode rekening: digits in dot-separated segments, e.g. '5.1.02.01.01.0001'"
)
_MISSING_POLICIES_HERE: tuple[str, ...] = ("raise", "propagate")


# --------------------------------------------------------------------------------------------
# Packaged data (data/governance.toml)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _GovernanceData:
    """The validated content of ``data/governance.toml``."""

    communication_weights: tuple[float, float, float, float]
    bmd_weights_pct: tuple[float, float, float]
    procurement_prefixes: tuple[tuple[str, str], ...]
    required_hours: float
    knowledge_due_dates: tuple[tuple[int, int], ...]
    reports_per_year: int


@functools.cache
def _packaged() -> _GovernanceData:
    """Load and validate ``data/governance.toml`` (pydantic is imported here, lazily)."""
    from pydantic import BaseModel, ConfigDict, Field, model_validator

    from ._data import load_packaged

    strict = ConfigDict(frozen=True, extra="forbid")

    class CommunicationWeight(BaseModel):
        model_config = strict
        component: str
        weight: float = Field(ge=0, le=1)
        seed_text: str

    class Communication(BaseModel):
        model_config = strict
        iku: int
        source: str
        status: str
        weights: tuple[CommunicationWeight, ...]

        @model_validator(mode="after")
        def _check(self) -> Communication:
            names = tuple(w.component for w in self.weights)
            if names != COMMUNICATION_COMPONENTS:
                raise ValueError(f"components must be {COMMUNICATION_COMPONENTS}; got {names}")
            total = sum(w.weight for w in self.weights)
            if abs(total - 1.0) > _WEIGHT_TOLERANCE:
                raise ValueError(f"weights must sum to 1; got {total}")
            return self

    class BmdWeight(BaseModel):
        model_config = strict
        component: str
        weight_pct: float = Field(ge=0, le=100)
        seed_text: str

    class Bmd(BaseModel):
        model_config = strict
        iku: int
        source: str
        status: str
        weights: tuple[BmdWeight, ...]

        @model_validator(mode="after")
        def _check(self) -> Bmd:
            names = tuple(w.component for w in self.weights)
            if names != _BMD_COMPONENTS:
                raise ValueError(f"components must be {_BMD_COMPONENTS}; got {names}")
            total = sum(w.weight_pct for w in self.weights)
            if abs(total - 100.0) > 100 * _WEIGHT_TOLERANCE:
                raise ValueError(f"weights must sum to 100; got {total}")
            return self

    class Prefix(BaseModel):
        model_config = strict
        prefix: str = Field(pattern=r"^\d+(\.\d+)*$")
        name_id: str

    class Procurement(BaseModel):
        model_config = strict
        iku: int
        source: str
        status: str
        prefixes: tuple[Prefix, ...] = Field(min_length=1)

        @model_validator(mode="after")
        def _unique(self) -> Procurement:
            codes = [p.prefix for p in self.prefixes]
            if len(set(codes)) != len(codes):
                raise ValueError("procurement prefixes must be unique")
            return self

    class Competency(BaseModel):
        model_config = strict
        iku: int
        source: str
        status: str
        required_hours: float = Field(gt=0)

    class DueDate(BaseModel):
        model_config = strict
        quarter: int = Field(ge=1, le=4)
        month: int = Field(ge=1, le=12)
        day: int = Field(ge=1, le=31)

    class Knowledge(BaseModel):
        model_config = strict
        iku: int
        source: str
        status: str
        due_dates: tuple[DueDate, ...] = Field(min_length=1)
        reports_per_year: int = Field(ge=1)

    class GovernanceFile(BaseModel):
        model_config = strict
        communication: Communication
        bmd_inventory: Bmd
        procurement: Procurement
        competency: Competency
        knowledge_management: Knowledge

    data = load_packaged("governance.toml", GovernanceFile)
    w = [x.weight for x in data.communication.weights]
    b = [x.weight_pct for x in data.bmd_inventory.weights]
    return _GovernanceData(
        communication_weights=(w[0], w[1], w[2], w[3]),
        bmd_weights_pct=(b[0], b[1], b[2]),
        procurement_prefixes=tuple((p.prefix, p.name_id) for p in data.procurement.prefixes),
        required_hours=data.competency.required_hours,
        knowledge_due_dates=tuple((d.month, d.day) for d in data.knowledge_management.due_dates),
        reports_per_year=data.knowledge_management.reports_per_year,
    )


def communication_weights() -> dict[str, float]:
    """The seed's IKU 11 weights, by component (``data/governance.toml``).

    Returns
    -------
    dict of str to float
        ``{"strategy": 0.35, "publication": 0.30, "crisis_response": 0.20,
        "interactive_response": 0.15}`` [share 0-1, summing to 1].

    Examples
    --------
    >>> communication_weights()["strategy"]
    0.35
    """
    return dict(zip(COMMUNICATION_COMPONENTS, _packaged().communication_weights, strict=True))


def bmd_inventory_weights() -> dict[str, float]:
    """The seed's IKU 13 weights, by component (``data/governance.toml``).

    Returns
    -------
    dict of str to float
        ``{"team": 5.0, "entry": 85.0, "report": 10.0}`` [percentage points, summing to 100].

    Examples
    --------
    >>> bmd_inventory_weights()
    {'team': 5.0, 'entry': 85.0, 'report': 10.0}
    """
    return dict(zip(_BMD_COMPONENTS, _packaged().bmd_weights_pct, strict=True))


def procurement_account_prefixes() -> dict[str, str]:
    """The kode rekening prefixes of procurement spending (IKU 14), with their names.

    Returns
    -------
    dict of str to str
        Prefix -> account name (Indonesian, as in the seed).

    Examples
    --------
    >>> list(procurement_account_prefixes())[:2]
    ['5.1.02', '5.1.05.01.02.0001']
    """
    return dict(_packaged().procurement_prefixes)


# --------------------------------------------------------------------------------------------
# IKU 11: public communication
# --------------------------------------------------------------------------------------------


def _resolve_communication_weights(
    weights: Sequence[float] | Mapping[str, float] | None,
) -> FloatArray:
    """Validate caller weights (4 non-negative numbers summing to 1) or load the packaged."""
    if weights is None:
        return np.asarray(_packaged().communication_weights, dtype=np.float64)
    values: list[Any]
    if isinstance(weights, Mapping):
        keys = set(weights)
        if keys != set(COMMUNICATION_COMPONENTS):
            expected = ", ".join(repr(c) for c in COMMUNICATION_COMPONENTS)
            raise InvalidInputError("weights", f"must have exactly the keys {expected}", weights)
        values = [weights[c] for c in COMMUNICATION_COMPONENTS]
    elif isinstance(weights, (str, bytes)):
        raise InvalidInputError("weights", "must be 4 numbers or a mapping", weights)
    else:
        try:
            values = list(weights)
        except TypeError:
            raise InvalidInputError("weights", "must be 4 numbers or a mapping", weights) from None
    if len(values) != len(COMMUNICATION_COMPONENTS):
        raise InvalidInputError("weights", "must have 4 elements", len(values))
    if any(isinstance(v, (bool, str, bytes)) for v in values):
        raise InvalidInputError("weights", "must be numeric", values)
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInputError("weights", "must be numeric", values) from None
    check_not_nan("weights", array)
    check_finite("weights", array)
    check_range("weights", array, 0.0, None)
    total = float(array.sum())
    if abs(total - 1.0) > _WEIGHT_TOLERANCE:
        raise InvalidInputError("weights", "must sum to 1", total)
    return array


def communication_score(
    strategy_pct: ArrayLike,
    publication_pct: ArrayLike,
    crisis_response_pct: ArrayLike,
    interactive_response_pct: ArrayLike,
    *,
    weights: Sequence[float] | Mapping[str, float] | None = None,
) -> FloatResult:
    r"""Public-communication implementation score (IKU 11): a weighted sum of four percents.

    Parameters
    ----------
    strategy_pct : float, array_like or Series
        Share of priority programmes with a communication strategy drawn up [percent 0-100].
    publication_pct : float, array_like or Series
        Share of communication material published (own media, mass media, social media or
        other communication activities) [percent 0-100].
    crisis_response_pct : float, array_like or Series
        Share of communication crises responded to [percent 0-100].
    interactive_response_pct : float, array_like or Series
        Share of relevant questions/comments from the public answered [percent 0-100].
    weights : sequence of 4 floats or mapping, optional
        Weights of the four components [share 0-1 each], in argument order, or a mapping with
        the keys of :data:`COMMUNICATION_COMPONENTS`. They must be non-negative and sum to 1
        (tolerance 1e-6). Default: the seed's 0.35, 0.30, 0.20, 0.15, read from
        ``data/governance.toml``.

    Returns
    -------
    float, ndarray or Series
        The score [percent 0-100], in the container of the inputs; NaN in any component gives
        NaN for that element.

    Raises
    ------
    InvalidInputError
        If a component lies outside [0, 100], the weights are not 4 non-negative numbers
        summing to 1, or the shapes do not broadcast.

    Notes
    -----
    methods/governance#governance (seed, IKU 11 "Metode Pengukuran a-d"):

    $$
    S = w_1 \, \mathrm{strategy} + w_2 \, \mathrm{publication} + w_3 \, \mathrm{crisis}
        + w_4 \, \mathrm{interactive}, \qquad (w_1, w_2, w_3, w_4) = (0.35, 0.30, 0.20, 0.15)
    $$

    With weights summing to 1 the score is a convex combination of the components: it lies
    between their minimum and maximum and never exceeds 100.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 11 (Metode
       Pengukuran: Bobot 35 %, 30 %, 20 %, 15 %), 2024.

    Examples
    --------
    >>> communication_score(100, 100, 100, 100)
    100.0
    >>> round(communication_score(80, 60, 100, 40), 2)  # 28 + 18 + 20 + 6
    72.0
    >>> communication_score(80, 60, 100, 40, weights=[0.25, 0.25, 0.25, 0.25])
    70.0
    """
    w = _resolve_communication_weights(weights)
    container, (strategy, publication, crisis, interactive) = broadcast(
        strategy_pct=strategy_pct,
        publication_pct=publication_pct,
        crisis_response_pct=crisis_response_pct,
        interactive_response_pct=interactive_response_pct,
    )
    check_percent("strategy_pct", strategy)
    check_percent("publication_pct", publication)
    check_percent("crisis_response_pct", crisis)
    check_percent("interactive_response_pct", interactive)
    score = w[0] * strategy + w[1] * publication + w[2] * crisis + w[3] * interactive
    # A convex combination of values in [0, 100]: clip only the last-bit rounding drift.
    return container.wrap_float(np.clip(score, 0.0, 100.0))


# --------------------------------------------------------------------------------------------
# IKU 13: BMD inventory
# --------------------------------------------------------------------------------------------


def bmd_inventory_score(
    team_done: ArrayLike,
    assets_entered: ArrayLike,
    assets_owned: ArrayLike,
    report_done: ArrayLike,
) -> FloatResult:
    r"""BMD (regional property) inventory score (IKU 13).

    Parameters
    ----------
    team_done : float, array_like or Series
        Stage 1 done: team decree (SK Tim), room list (Daftar Ruangan) and BMD list drawn up
        [share 0-1]: 0 or 1 for one unit, or the fraction of units (PD/UKPD/UPB) that have
        done it when several units are pooled.
    assets_entered : float, array_like or Series
        Number of assets whose data have been entered in the e-inventarisasi worksheet
        [count].
    assets_owned : float, array_like or Series
        Number of assets (Peralatan dan Mesin) the unit owns [count, > 0].
    report_done : float, array_like or Series
        Stage 3 done: minutes (Berita Acara), SPTJM and inventory report (LHI) drawn up
        [share 0-1], as ``team_done``.

    Returns
    -------
    float, ndarray or Series
        The score [percent 0-100]; NaN in any input gives NaN for that element.

    Raises
    ------
    InvalidInputError
        If a done flag lies outside [0, 1], a count is negative or fractional,
        ``assets_owned`` is 0, ``assets_entered`` exceeds ``assets_owned``, or the shapes do
        not broadcast.

    Notes
    -----
    methods/governance#governance (seed, IKU 13 "Definisi a-c"); the weights 5, 85 and 10 percentage
    points
    are read from ``data/governance.toml``:

    $$
    S = 5 \, d_{\mathrm{team}} + 85 \, \frac{n_{\mathrm{entered}}}{n_{\mathrm{owned}}}
        + 10 \, d_{\mathrm{report}}
    $$

    The quarterly targets 5 / 25 / 55 / 100 are cumulative: the agreement value of the year is
    the fourth quarter's score.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 13 (Bobot 5 %,
       85 %, 10 %; penghitungan melalui sistem e-inventarisasi), 2024.

    Examples
    --------
    All stages done, 170 of 200 assets entered: 5 + 85 x 0.85 + 10 = 87.25.

    >>> bmd_inventory_score(1, 170, 200, 1)
    87.25
    >>> bmd_inventory_score(1, 0, 200, 0)
    5.0
    """
    team_w, entry_w, report_w = _packaged().bmd_weights_pct
    container, (team, entered, owned, report) = broadcast(
        team_done=team_done,
        assets_entered=assets_entered,
        assets_owned=assets_owned,
        report_done=report_done,
    )
    check_share("team_done", team)
    check_count("assets_entered", entered)
    check_count("assets_owned", owned)
    check_positive("assets_owned", owned)
    check_not_greater("assets_entered", entered, "assets_owned", owned)
    check_share("report_done", report)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = team_w * team + entry_w * (entered / owned) + report_w * report
    return container.wrap_float(np.clip(score, 0.0, 100.0))


# --------------------------------------------------------------------------------------------
# IKU 14: domestic products (TKDN)
# --------------------------------------------------------------------------------------------


def _code_segments(
    code: object, name: str = "code", position: int | None = None, where: str = ""
) -> tuple[str, ...]:
    """Split a kode rekening into its segments, or raise naming the parameter (and row)."""
    if not isinstance(code, str):
        raise InvalidInputError(name, f"{_CODE_CONSTRAINT}{where}", code, position)
    text = code.strip()
    if _CODE_PATTERN.fullmatch(text) is None:
        raise InvalidInputError(name, f"{_CODE_CONSTRAINT}{where}", code, position)
    return tuple(text.split("."))


def _resolve_prefixes(prefixes: Iterable[str] | None) -> tuple[tuple[str, ...], ...]:
    """Packaged prefixes, or the caller's (validated), as segment tuples (longest first)."""
    if prefixes is None:
        raw: list[object] = [p for p, _ in _packaged().procurement_prefixes]
    elif isinstance(prefixes, (str, bytes)):
        raise InvalidInputError(
            "prefixes", "must be a collection of kode rekening strings", prefixes
        )
    else:
        raw = list(prefixes)
        if not raw:
            raise InvalidInputError("prefixes", "must not be empty")
    parsed = [_code_segments(p, "prefixes", i) for i, p in enumerate(raw)]
    return tuple(sorted(parsed, key=len, reverse=True))


def _match(segments: tuple[str, ...], prefixes: tuple[tuple[str, ...], ...]) -> str | None:
    for prefix in prefixes:  # longest first: the most specific prefix wins
        if segments[: len(prefix)] == prefix:
            return ".".join(prefix)
    return None


def classify_procurement_account(code: str, *, prefixes: Iterable[str] | None = None) -> str | None:
    r"""The procurement prefix a kode rekening falls under (IKU 14), or None.

    Parameters
    ----------
    code : str
        Account code (kode rekening), digits in dot-separated segments, e.g.
        ``"5.1.02.01.01.0024"``; surrounding blanks are ignored.
    prefixes : iterable of str, optional
        The procurement prefixes. Default: the eight of the seed, read from
        ``data/governance.toml`` (see :func:`procurement_account_prefixes`).

    Returns
    -------
    str or None
        The matching prefix (the longest one if several match), or ``None`` when the account
        is not procurement spending (e.g. ``5.1.01`` salaries).

    Raises
    ------
    InvalidInputError
        If ``code`` (or a prefix) is not a string of digits in dot-separated segments.

    Notes
    -----
    Matching is on whole segments, written exactly as in the chart of accounts: ``code``
    matches prefix $p_1.p_2.\dots.p_k$ when its first $k$ segments are $p_1, \dots, p_k$:

    $$
    \mathrm{match}(c, p) \iff (c_1, \dots, c_k) = (p_1, \dots, p_k)
    $$

    So ``5.2.020`` does not match ``5.2.02`` and segments are compared as text (``5.1.2`` is
    not ``5.1.02``: the chart of accounts zero-pads its segments).

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 14 (Definisi c:
       Belanja Pengadaan dengan kode rekening 5.1.02, 5.1.05.01.02.0001, 5.1.06.03.02.0001,
       5.2.02 - 5.2.06), 2024.

    Examples
    --------
    >>> classify_procurement_account("5.1.02.01.01.0024")
    '5.1.02'
    >>> classify_procurement_account("5.1.01.01.01.0001") is None  # salaries
    True
    >>> classify_procurement_account("5.2.020") is None
    True
    """
    return _match(_code_segments(code), _resolve_prefixes(prefixes))


@dataclass(frozen=True)
class ClassifiedSpendingLine:
    """One spending line after classification (part of :class:`TkdnShare`).

    Attributes
    ----------
    row : int
        Position of the line in the input (0-based).
    label : object
        The DataFrame index label of the line (its position for a list of records).
    account_code : str
        The kode rekening (blanks stripped).
    realised_amount : Decimal
        Realised spending (SPJ) [rupiah].
    qualifying : bool
        Whether the product is TKDN-certified, domestic or from a micro/small business or
        cooperative.
    procurement_prefix : str or None
        The procurement prefix the account falls under (None: not procurement spending).
    """

    row: int
    label: Any
    account_code: str
    realised_amount: Decimal
    qualifying: bool
    procurement_prefix: str | None

    @property
    def is_procurement(self) -> bool:
        """Whether the line counts in the denominator (procurement spending)."""
        return self.procurement_prefix is not None

    @property
    def in_numerator(self) -> bool:
        """Whether the line counts in the numerator (qualifying procurement spending)."""
        return self.is_procurement and self.qualifying

    def as_dict(self) -> dict[str, Any]:
        """The line as a plain dict (amount kept as Decimal)."""
        return {
            "row": self.row,
            "label": self.label,
            "account_code": self.account_code,
            "realised_amount": self.realised_amount,
            "qualifying": self.qualifying,
            "procurement_prefix": self.procurement_prefix,
            "is_procurement": self.is_procurement,
            "in_numerator": self.in_numerator,
        }


@dataclass(frozen=True)
class TkdnShare:
    """Result of :func:`tkdn_share`: immutable, with every line's classification.

    Attributes
    ----------
    numerator : Decimal
        Realised procurement spending on qualifying products [rupiah].
    denominator : Decimal
        Realised procurement spending [rupiah].
    share : float
        ``numerator / denominator`` [share 0-1].
    share_pct : float
        The indicator value, ``100 * numerator / denominator`` [percent 0-100].
    lines : tuple of ClassifiedSpendingLine
        Every input line with its classification.
    """

    numerator: Decimal
    denominator: Decimal
    share: float
    share_pct: float
    lines: tuple[ClassifiedSpendingLine, ...]

    def to_frame(self) -> pd.DataFrame:
        """The classified lines as a pandas DataFrame (indexed by the input labels)."""
        import pandas as pd

        rows = [line.as_dict() for line in self.lines]
        fields = list(ClassifiedSpendingLine.__dataclass_fields__)
        columns = [*fields, "is_procurement", "in_numerator"]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.set_index("label")


def _as_amount(value: object, name: str, row: int, where: str) -> Decimal:
    """A realised amount as an exact Decimal (>= 0), or raise naming the row."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        raise InvalidInputError(name, f"must be a number of rupiah{where}", value, row)
    amount: Decimal
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, (int, np.integer)):
        amount = Decimal(int(value))
    elif isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number):
            raise InvalidInputError(name, f"must not be NaN (missing){where}", number, row)
        if math.isinf(number):
            raise InvalidInputError(name, f"must be finite{where}", number, row)
        amount = Decimal(repr(number))
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidInputError(
                name, f"must be a number of rupiah{where}", value, row
            ) from None
    else:
        raise InvalidInputError(name, f"must be a number of rupiah{where}", value, row)
    if not amount.is_finite():
        raise InvalidInputError(name, f"must be finite{where}", value, row)
    if amount < 0:
        raise InvalidInputError(name, f"must be >= 0{where}", value, row)
    return amount


def _as_flag(value: object, name: str, row: int, where: str) -> bool:
    """A qualifying flag (True/False or 1/0), or raise naming the row."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        number = float(value)
        if number in (0.0, 1.0):
            return number == 1.0
    raise InvalidInputError(name, f"must be a True/False (or 1/0) flag{where}", value, row)


def _records(lines: object, columns: tuple[str, str, str]) -> list[tuple[Any, Mapping[str, Any]]]:
    """(label, record) pairs from a DataFrame or an iterable of mappings."""
    if is_dataframe(lines):
        frame: Any = lines
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise InvalidInputError("lines", f"must have the column(s) {missing}")
        labels = list(frame.index)
        values = frame[list(columns)].to_dict("records")
        return list(zip(labels, values, strict=True))
    if isinstance(lines, (str, bytes, Mapping)) or is_series(lines) or lines is None:
        raise InvalidInputError("lines", "must be a DataFrame or a list of records (mappings)")
    if not isinstance(lines, Iterable):
        raise InvalidInputError("lines", "must be a DataFrame or a list of records (mappings)")
    out: list[tuple[Any, Mapping[str, Any]]] = []
    for i, record in enumerate(lines):
        if not isinstance(record, Mapping):
            raise InvalidInputError("lines", "must hold records (mappings)", record, i)
        missing = [c for c in columns if c not in record]
        if missing:
            raise InvalidInputError("lines", f"record lacks the key(s) {missing}", record, i)
        out.append((i, record))
    return out


def tkdn_share(
    lines: pd.DataFrame | Iterable[Mapping[str, Any]],
    *,
    code_column: str = "account_code",
    amount_column: str = "realised_amount",
    flag_column: str = "qualifying",
    prefixes: Iterable[str] | None = None,
) -> TkdnShare:
    r"""Share of realised procurement spending on domestic products, from spending lines (IKU 14).

    Parameters
    ----------
    lines : pandas.DataFrame or iterable of mappings
        One row per spending line with an account code (kode rekening, str), the realised
        amount (SPJ) [rupiah; int, float, Decimal or numeric string, >= 0] and a flag [bool or
        0/1] that is true when the product is TKDN-certified, a domestic product (self
        declared) or a product of a micro/small business or cooperative.
    code_column, amount_column, flag_column : str
        Names of the three columns (keys).
    prefixes : iterable of str, optional
        Procurement prefixes; default: the seed's eight (``data/governance.toml``).

    Returns
    -------
    TkdnShare
        Frozen result: ``numerator`` and ``denominator`` (exact Decimal rupiah), ``share``
        [share 0-1], ``share_pct`` [percent 0-100] and ``lines``, the per-line classification
        (``TkdnShare.to_frame()`` shows it as a DataFrame).

    Raises
    ------
    InvalidInputError
        If a column is missing, an account code is malformed, an amount is negative, missing
        or not a number, or a flag is not boolean (each message names the column and the row
        position), or if there is no procurement spending (the denominator is 0).

    Notes
    -----
    methods/governance#governance (seed, IKU 14 "Metode Pengukuran"). With $P$ the set of lines
    whose account
    falls under a procurement prefix (see :func:`classify_procurement_account`) and $q_i$ the
    qualifying flag:

    $$
    \mathrm{TKDN} = \frac{\sum_{i \in P} q_i \, a_i}{\sum_{i \in P} a_i} \times 100
    $$

    Lines outside the procurement accounts count in neither sum, even when flagged. Sums are
    exact (Decimal); a float amount is taken at its shortest decimal representation.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 14, 2024.
    2. Presiden Republik Indonesia, *Instruksi Presiden Nomor 2 Tahun 2022 tentang Percepatan
       Peningkatan Penggunaan Produk Dalam Negeri dan Produk Usaha Mikro, Usaha Kecil, dan
       Koperasi*, 2022.

    Examples
    --------
    >>> result = tkdn_share([
    ...     {"account_code": "5.1.02.01.01.0024", "realised_amount": 600, "qualifying": True},
    ...     {"account_code": "5.2.02.05.01.0001", "realised_amount": 400, "qualifying": False},
    ...     {"account_code": "5.1.01.01.01.0001", "realised_amount": 900, "qualifying": True},
    ... ])
    >>> result.numerator, result.denominator, result.share_pct
    (Decimal('600'), Decimal('1000'), 60.0)
    >>> [line.procurement_prefix for line in result.lines]
    ['5.1.02', '5.2.02', None]
    """
    columns = (code_column, amount_column, flag_column)
    parsed_prefixes = _resolve_prefixes(prefixes)
    dataframe = is_dataframe(lines)
    classified: list[ClassifiedSpendingLine] = []
    numerator = Decimal(0)
    denominator = Decimal(0)
    for row, (label, record) in enumerate(_records(lines, columns)):
        where = f" (row label {label!r})" if dataframe and label != row else ""
        code = record[code_column]
        segments = _code_segments(code, code_column, row, where)
        amount = _as_amount(record[amount_column], amount_column, row, where)
        flag = _as_flag(record[flag_column], flag_column, row, where)
        line = ClassifiedSpendingLine(
            row=row,
            label=label,
            account_code=".".join(segments),
            realised_amount=amount,
            qualifying=flag,
            procurement_prefix=_match(segments, parsed_prefixes),
        )
        classified.append(line)
        if line.is_procurement:
            denominator += amount
            if line.qualifying:
                numerator += amount
    if denominator <= 0:
        raise InvalidInputError(
            "lines", "must contain procurement spending (the denominator is 0)", str(denominator)
        )
    return TkdnShare(
        numerator=numerator,
        denominator=denominator,
        share=float(numerator / denominator),
        share_pct=float(numerator * 100 / denominator),
        lines=tuple(classified),
    )


def tkdn_pct(qualifying_spending: ArrayLike, procurement_spending: ArrayLike) -> FloatResult:
    r"""Share of realised procurement spending on domestic products, from totals (IKU 14).

    Parameters
    ----------
    qualifying_spending : float, array_like or Series
        Realised procurement spending on TKDN-certified, domestic or micro/small-business
        products [rupiah, >= 0].
    procurement_spending : float, array_like or Series
        Realised procurement spending (SPJ), accounts 5.1.02, 5.1.05.01.02.0001,
        5.1.06.03.02.0001 and 5.2.02 - 5.2.06 [rupiah, > 0].

    Returns
    -------
    float, ndarray or Series
        The share [percent 0-100]; NaN in either input gives NaN for that element.

    Raises
    ------
    InvalidInputError
        If an amount is negative or infinite, ``procurement_spending`` is 0, or
        ``qualifying_spending`` exceeds ``procurement_spending``.

    Notes
    -----
    methods/governance#governance (seed, IKU 14); :func:`tkdn_share` builds both totals from
    spending lines:

    $$
    \mathrm{TKDN} = \frac{B_{\mathrm{TKDN/PDN/UMK}}}{B_{\mathrm{pengadaan}}} \times 100
    $$

    The seed's annual target is printed "08": an OCR error for 80 (the fourth quarter's
    target is 80).

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 14, 2024.
    2. Presiden Republik Indonesia, *Instruksi Presiden Nomor 2 Tahun 2022*, 2022.

    Examples
    --------
    >>> tkdn_pct(800, 1000)
    80.0
    """
    container, (qualifying, procurement) = broadcast(
        qualifying_spending=qualifying_spending, procurement_spending=procurement_spending
    )
    check_nonnegative("qualifying_spending", qualifying)
    check_positive("procurement_spending", procurement)
    check_not_greater("qualifying_spending", qualifying, "procurement_spending", procurement)
    with np.errstate(invalid="ignore", divide="ignore"):
        return container.wrap_float(100.0 * qualifying / procurement)


# --------------------------------------------------------------------------------------------
# IKU 15: competency development (40 learning hours)
# --------------------------------------------------------------------------------------------


def _check_required_hours(required_hours: object) -> float:
    if isinstance(required_hours, (bool, np.bool_)) or not isinstance(
        required_hours, (int, float, np.integer, np.floating)
    ):
        raise InvalidInputError("required_hours", "must be a number > 0", required_hours)
    value = float(required_hours)
    if not math.isfinite(value) or value <= 0:
        raise InvalidInputError("required_hours", "must be a finite number > 0", value)
    return value


def _check_cap(cap: object) -> bool:
    if not isinstance(cap, (bool, np.bool_)):
        raise InvalidInputError("cap", "must be True or False", cap)
    return bool(cap)


def competency_attainment(
    hours: ArrayLike, *, required_hours: float = 40.0, cap: bool = True
) -> FloatResult:
    r"""Attainment of the yearly learning-hours requirement, per civil servant (IKU 15).

    Parameters
    ----------
    hours : float, array_like or Series
        Learning hours (jam pelajaran, JP) completed in the year by each civil servant
        [hours, >= 0].
    required_hours : float, default 40
        The yearly requirement [hours, > 0] (Instruksi Sekda DKI 29/2023: 40 JP; PP 11/2017
        sets a national minimum of 20).
    cap : bool, default True
        Cap each person's attainment at 100 % (hours beyond the requirement do not make up
        for colleagues' shortfalls). ``False`` gives the seed's literal hours/40 x 100.

    Returns
    -------
    float, ndarray or Series
        Attainment [percent; 0-100 when capped]; NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If hours are negative or infinite, ``required_hours`` is not a number > 0, or ``cap``
        is not a bool.

    Notes
    -----
    methods/governance#governance (seed, IKU 15 "Metode Pengukuran"):

    $$
    a_i = \min\!\left(\frac{h_i}{40}, 1\right) \times 100 \quad (\text{cap on}), \qquad
    a_i = \frac{h_i}{40} \times 100 \quad (\text{cap off})
    $$

    References
    ----------
    1. Sekretaris Daerah Provinsi DKI Jakarta, *Instruksi Sekretaris Daerah Nomor 29 Tahun 2023
       tentang Pelaksanaan Pengembangan Kompetensi Pegawai*, 2023.
    2. Pemerintah Republik Indonesia, *Peraturan Pemerintah Nomor 11 Tahun 2017 tentang
       Manajemen Pegawai Negeri Sipil*, Pasal 203 ayat (4), 2017.

    Examples
    --------
    >>> competency_attainment([10, 40, 60])
    array([ 25., 100., 100.])
    >>> competency_attainment([10, 40, 60], cap=False)
    array([ 25., 100., 150.])
    """
    required = _check_required_hours(required_hours)
    capped = _check_cap(cap)
    container, (h,) = broadcast(hours=hours)
    check_nonnegative("hours", h)
    pct = 100.0 * h / required
    if capped:
        pct = np.minimum(pct, 100.0)  # NaN stays NaN
    return container.wrap_float(pct)


def competency_score(
    hours: ArrayLike,
    *,
    required_hours: float = 40.0,
    cap: bool = True,
    missing: MissingPolicy = "raise",
) -> float:
    r"""Competency-development implementation of an agency (IKU 15): mean attainment.

    Parameters
    ----------
    hours : float, array_like or Series
        Learning hours completed in the year, one value per civil servant [hours, >= 0].
    required_hours : float, default 40
        The yearly requirement [hours, > 0].
    cap : bool, default True
        Cap each person's attainment at 100 % before averaging (see
        :func:`competency_attainment`). With ``cap=False`` the mean can exceed 100.
    missing : {"raise", "propagate"}, default "raise"
        What a missing (NaN) hours value does: ``"raise"`` raises naming its position;
        ``"propagate"`` makes the agency value NaN. (``"reweight"`` does not apply and is
        refused.)

    Returns
    -------
    float
        The agency value [percent; 0-100 when capped].

    Raises
    ------
    InvalidInputError
        If ``hours`` is empty, not one-dimensional, negative, infinite or (under
        ``missing="raise"``) NaN; or if a keyword argument is invalid.

    Notes
    -----
    methods/governance#governance: the mean over the $n$ civil servants of their capped attainment,

    $$
    K = \frac{1}{n} \sum_{i=1}^{n} \min\!\left(\frac{h_i}{40}, 1\right) \times 100
    $$

    References
    ----------
    1. Sekretaris Daerah Provinsi DKI Jakarta, *Instruksi Sekretaris Daerah Nomor 29 Tahun 2023
       tentang Pelaksanaan Pengembangan Kompetensi Pegawai*, 2023.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 15, 2024.

    Examples
    --------
    Three servants with 10, 40 and 60 hours: (25 + 100 + 100) / 3 = 75.

    >>> competency_score([10, 40, 60])
    75.0
    >>> round(competency_score([10, 40, 60], cap=False), 2)  # (25 + 100 + 150) / 3
    91.67
    """
    check_policy("missing", missing, _MISSING_POLICIES_HERE)
    _, (h,) = broadcast(hours=hours)
    if h.ndim > 1:
        raise InvalidInputError(
            "hours", "must be one-dimensional (one value per civil servant)", h.shape
        )
    if h.size == 0:
        raise InvalidInputError("hours", "must hold at least one civil servant")
    if missing == "raise":
        check_not_nan("hours", h)
    attainment = np.asarray(
        competency_attainment(np.asarray(h), required_hours=required_hours, cap=cap)
    )
    return float(np.mean(attainment))


# --------------------------------------------------------------------------------------------
# IKU 16, 17, 19, 20, 21: completion percentages
# --------------------------------------------------------------------------------------------


def completion_pct(completed: ArrayLike, due: ArrayLike) -> FloatResult:
    r"""Completion percentage: items completed over items due (IKU 16, 17, 19, 20, 21).

    Parameters
    ----------
    completed : float, array_like or Series
        Items completed [count]: knowledge-management stages completed on time (IKU 16),
        risk-monitoring documents verified by the Inspectorate (IKU 17), governor's directives
        followed up (IKU 19), public complaints followed up (IKU 20), BPK audit
        recommendations settled since 2005 (IKU 21).
    due : float, array_like or Series
        Items due in the same scope [count, > 0].

    Returns
    -------
    float, ndarray or Series
        The completion [percent 0-100]; NaN in gives NaN out.

    Raises
    ------
    InvalidInputError
        If a count is negative or fractional, ``due`` is 0, or ``completed`` exceeds ``due``.

    Notes
    -----
    methods/governance#governance:

    $$
    C = \frac{n_{\mathrm{completed}}}{n_{\mathrm{due}}} \times 100
    $$

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 16, 17, 19, 20
       and 21 (Metode/Formula Pengukuran), 2024.
    2. Gubernur Provinsi DKI Jakarta, *Peraturan Gubernur Nomor 164 Tahun 2017 tentang
       Manajemen Pengetahuan*, 2017.
    3. Gubernur Provinsi DKI Jakarta, *Peraturan Gubernur Nomor 122 Tahun 2020 tentang
       Penerapan Manajemen Risiko pada Pemerintah Provinsi DKI Jakarta*, 2020.

    Examples
    --------
    >>> completion_pct(3, 4)
    75.0
    >>> completion_pct([0, 2], [4, 2])
    array([  0., 100.])
    """
    container, (done, total) = broadcast(completed=completed, due=due)
    check_count("completed", done)
    check_count("due", total)
    check_positive("due", total)
    check_not_greater("completed", done, "due", total)
    with np.errstate(invalid="ignore", divide="ignore"):
        return container.wrap_float(100.0 * done / total)


def year_progress_pct(completed_to_date: ArrayLike, planned_for_year: ArrayLike) -> FloatResult:
    r"""Progress of the year's work to date, in percent of the whole year (IKU 16, 21 by quarter).

    The quantity the agreement's quarterly targets of IKU 16 (50 + 50) and IKU 21 (25 x 4)
    measure: :func:`completion_pct` divides by the items *due so far* (100 % when every due
    stage is done) or, for IKU 21, by every recommendation since 2005 (a stock); this divides
    by the items of the *whole year*, so the value to date rises to 100 by TW IV and its
    quarterly differences add up to the year.

    Parameters
    ----------
    completed_to_date : float, array_like or Series
        Items completed from the start of the year to the end of the quarter [count]:
        knowledge-management stages completed on time (IKU 16); BPK recommendations settled
        this year (IKU 21).
    planned_for_year : float, array_like or Series
        Items of the whole year [count, > 0]: the stages of the year (4 reports, IKU 16); the
        recommendations to follow up this year (IKU 21).

    Returns
    -------
    float, ndarray or Series
        The progress to date [percent 0-100]: enter it with ``--entries to-date`` (or
        ``evaluate(..., entries="to_date")``), which turns it into the quarterly contributions
        the agreement sums.

    Raises
    ------
    InvalidInputError
        If a count is negative or fractional, ``planned_for_year`` is 0, or
        ``completed_to_date`` exceeds it.

    Notes
    -----
    With $c_k$ the items completed by the end of quarter $k$ and $N$ the items of the year:

    $$
    P_k = \frac{c_k}{N} \times 100, \qquad \text{quarter } k\text{'s part} = P_k - P_{k-1}
    $$

    For IKU 21 the year's items $N$ (the recommendations to follow up in the year) are an
    inferred reading of "progress penyelesaian": the agreement gives 25 per quarter without
    defining the base.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 16 (targets
       TW III 50, TW IV 50) and IKU 21 (25 each quarter), 2024.
    2. Gubernur Provinsi DKI Jakarta, *Peraturan Gubernur Nomor 164 Tahun 2017 tentang
       Manajemen Pengetahuan*, 2017.

    Examples
    --------
    IKU 16 at the end of TW III: the 2 September stages done on time out of 4 in the year:

    >>> year_progress_pct(2, 4)
    50.0
    >>> completion_pct(2, 2)  # the same quarter, over the stages due so far
    100.0
    >>> year_progress_pct([30, 60, 90, 120], 120)  # IKU 21, settled by TW I-IV of 120
    array([ 25.,  50.,  75., 100.])
    """
    container, (done, total) = broadcast(
        completed_to_date=completed_to_date, planned_for_year=planned_for_year
    )
    check_count("completed_to_date", done)
    check_count("planned_for_year", total)
    check_positive("planned_for_year", total)
    check_not_greater("completed_to_date", done, "planned_for_year", total)
    with np.errstate(invalid="ignore", divide="ignore"):
        return container.wrap_float(100.0 * done / total)


def knowledge_report_due_dates(year: int) -> tuple[_dt.date, ...]:
    """The knowledge-management report deadlines of ``year`` (IKU 16).

    Parameters
    ----------
    year : int
        The agreement year.

    Returns
    -------
    tuple of datetime.date
        5 September (third quarter) and 5 December (fourth quarter), from
        ``data/governance.toml``.

    Examples
    --------
    >>> knowledge_report_due_dates(2024)
    (datetime.date(2024, 9, 5), datetime.date(2024, 12, 5))
    """
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise InvalidInputError("year", "must be an integer year", year)
    return tuple(_dt.date(int(year), m, d) for m, d in _packaged().knowledge_due_dates)


@dataclass(frozen=True)
class StageCount:
    """Result of :func:`count_on_time_stages`.

    Attributes
    ----------
    on_time : int
        Stages due and submitted on or before their due date.
    late : int
        Stages due and submitted after their due date.
    missing : int
        Stages due and not (yet) submitted.
    due : int
        Stages due: ``on_time + late + missing``.
    not_yet_due : int
        Stages whose due date is after ``as_of`` (counted in no other field).
    status : tuple of str
        Per stage, in input order: "on_time", "late", "missing" or "not_yet_due".
    """

    on_time: int
    late: int
    missing: int
    due: int
    not_yet_due: int
    status: tuple[str, ...]

    @property
    def pct(self) -> float:
        """Stages completed on time over stages due [percent 0-100] (raises when none due)."""
        return float(np.asarray(completion_pct(self.on_time, self.due)))


def _to_days(name: str, values: object) -> npt.NDArray[np.datetime64]:
    """Dates (date, datetime, ISO string, datetime64, None/NaT) as a 1-D datetime64[D] array."""
    raw: Any = values
    if is_series(values):
        raw = values.to_numpy()  # type: ignore[attr-defined]
    elif isinstance(values, (str, bytes, _dt.date)) or not isinstance(values, Iterable):
        raise InvalidInputError(name, "must be a sequence of dates", values)
    items = list(raw)
    try:
        days = np.asarray(items, dtype="datetime64[D]")
    except (TypeError, ValueError):
        for i, item in enumerate(items):
            try:
                np.asarray([item], dtype="datetime64[D]")
            except (TypeError, ValueError):
                raise InvalidInputError(
                    name, "must hold dates (datetime.date or 'YYYY-MM-DD')", item, i
                ) from None
        raise  # pragma: no cover - defensive
    return days.reshape(-1)


def count_on_time_stages(
    due_dates: Sequence[Any] | pd.Series[Any],
    submitted_on: Sequence[Any] | pd.Series[Any],
    *,
    as_of: _dt.date | str | None = None,
) -> StageCount:
    r"""Count knowledge-management stages completed on time (IKU 16).

    Parameters
    ----------
    due_dates : sequence or Series of dates
        Due date of each stage (report) [date]; see :func:`knowledge_report_due_dates`
        (5 September and 5 December). Missing due dates are not allowed.
    submitted_on : sequence or Series of dates
        Submission date of each stage [date], ``None``/NaT when not submitted; same length.
    as_of : date or 'YYYY-MM-DD', optional
        Evaluation date: stages due after it are "not yet due" and submissions after it are
        ignored. Default: every stage is due.

    Returns
    -------
    StageCount
        ``on_time``, ``late``, ``missing``, ``due``, ``not_yet_due``, per-stage ``status`` and
        ``pct`` (= :func:`completion_pct` of ``on_time`` over ``due``).

    Raises
    ------
    InvalidInputError
        If a value is not a date, a due date is missing, or the lengths differ.

    Notes
    -----
    A stage is on time when it was submitted on or before its due date (the deadline day
    counts; dates only, the time of day is ignored):

    $$
    \mathrm{on\ time}_j = [\, s_j \le d_j \,], \qquad
    \mathrm{KM} = \frac{\sum_j \mathrm{on\ time}_j}{\#\{j : d_j \le \mathrm{as\ of}\}} \times 100
    $$

    References
    ----------
    1. Gubernur Provinsi DKI Jakarta, *Peraturan Gubernur Nomor 164 Tahun 2017 tentang
       Manajemen Pengetahuan*, 2017.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 16 (4 laporan;
       batas waktu 5 September dan 5 Desember), 2024.

    Examples
    --------
    >>> sep, dec = knowledge_report_due_dates(2024)
    >>> count = count_on_time_stages(
    ...     [sep, sep, dec, dec], ["2024-09-05", "2024-09-06", "2024-12-01", None])
    >>> count.on_time, count.late, count.missing, count.due, count.pct
    (2, 1, 1, 4, 50.0)
    """
    due = _to_days("due_dates", due_dates)
    submitted = _to_days("submitted_on", submitted_on)
    if due.shape != submitted.shape:
        raise InvalidInputError(
            "submitted_on", f"must have the same length as `due_dates` ({due.size})", submitted.size
        )
    nat = np.isnat(due)
    if nat.any():
        position = int(np.argmax(nat))
        raise InvalidInputError("due_dates", "must not be missing", None, position)
    if as_of is None:
        is_due = np.ones(due.shape, dtype=bool)
        sub = submitted
    else:
        (cutoff,) = _to_days("as_of", [as_of])
        if np.isnat(cutoff):
            raise InvalidInputError("as_of", "must be a date", as_of)
        is_due = due <= cutoff
        sub = np.where(submitted <= cutoff, submitted, np.datetime64("NaT", "D"))
    status: list[str] = []
    for j in range(due.size):
        if not is_due[j]:
            status.append("not_yet_due")
        elif np.isnat(sub[j]):
            status.append("missing")
        elif sub[j] <= due[j]:
            status.append("on_time")
        else:
            status.append("late")
    return StageCount(
        on_time=status.count("on_time"),
        late=status.count("late"),
        missing=status.count("missing"),
        due=int(is_due.sum()),
        not_yet_due=status.count("not_yet_due"),
        status=tuple(status),
    )
