"""Evaluate realisations against an agreement: achievement and category per indicator and period.

methods/agreement#agreement. pandas and the agreement schema (pydantic) are imported inside
:func:`evaluate`, so importing this module stays light.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np

from .._checks import InvalidInputError
from ..periods import PERIODS, normalize_period
from .scoring import DEFAULT_ACHIEVEMENT_PROFILE, _check_cap, achievement_arrays

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .model import Agreement, AgreementIndicator

__all__ = [
    "CONSTANT_ANNUAL_POLICIES",
    "ENTRIES",
    "EVALUATION_COLUMNS",
    "ConstantAnnualPolicy",
    "Entries",
    "evaluate",
]

#: Columns of the frame returned by :func:`evaluate`, in order.
EVALUATION_COLUMNS: tuple[str, ...] = (
    "number",
    "name",
    "period",
    "unit",
    "polarity",
    "target",
    "target_upper",
    "realisation",
    "achievement",
    "category",
    "note",
    "basis",
    "annual_rule",
    "mismatch",
)

#: What the quarterly realisations hold: ``"agreement"`` (each indicator's own
#: ``quarter_kind``, the default), ``"to_date"`` (values so far in the year) or
#: ``"per_quarter"`` (each quarter's own contribution).
Entries: TypeAlias = Literal["agreement", "to_date", "per_quarter"]
ENTRIES: tuple[Entries, ...] = ("agreement", "to_date", "per_quarter")

#: How the annual realisation of a "constant" indicator is formed from its quarters, when
#: overriding the agreement's ``annual_rule``: ``"last"`` (the last reported quarter) or
#: ``"mean"`` (the mean of the reported quarters).
ConstantAnnualPolicy: TypeAlias = Literal["last", "mean"]
CONSTANT_ANNUAL_POLICIES: tuple[ConstantAnnualPolicy, ...] = ("last", "mean")


def _number(value: object, known: tuple[int, ...], position: int | None) -> int:
    """An indicator number of the agreement, or raise naming the value."""
    constraint = f"must be an indicator number of the agreement ({known[0]}-{known[-1]})"
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidInputError("number", constraint, value, position)
    number = float(value)
    if not math.isfinite(number) or number != round(number) or int(number) not in known:
        raise InvalidInputError("number", constraint, value, position)
    return int(number)


def _as_frame(realisations: object) -> pd.DataFrame:
    """The realisations as a DataFrame with columns number, period, realisation."""
    import pandas as pd

    if isinstance(realisations, pd.DataFrame):
        missing = [c for c in ("number", "period", "realisation") if c not in realisations]
        if missing:
            raise InvalidInputError(
                "realisations",
                "must have the columns 'number', 'period' and 'realisation'",
                f"missing {missing}",
            )
        return realisations.loc[:, ["number", "period", "realisation"]].reset_index(drop=True)
    if isinstance(realisations, Mapping):
        rows: list[tuple[object, object, object]] = []
        for number, periods in realisations.items():
            if not isinstance(periods, Mapping):
                raise InvalidInputError(
                    "realisations",
                    "must map each indicator number to a mapping {period: value}",
                    periods,
                )
            rows.extend((number, period, value) for period, value in periods.items())
        return pd.DataFrame(rows, columns=["number", "period", "realisation"], dtype=object)
    raise InvalidInputError(
        "realisations",
        "must be a pandas DataFrame (number, period, realisation) or a mapping "
        "{number: {period: value}}",
        type(realisations).__name__,
    )


def _realisation_values(column: pd.Series[Any]) -> np.ndarray:
    """Realisations as floats (None/NA -> NaN); non-numbers and +/-inf raise."""
    import pandas as pd

    raw = column.to_numpy(dtype=object)
    values = np.full(len(raw), np.nan)
    for position, item in enumerate(raw):
        if item is None or (not isinstance(item, str) and bool(pd.isna(item))):
            continue
        if isinstance(item, (bool, np.bool_, str, bytes)):
            raise InvalidInputError(
                "realisation", "must be a number (NaN = not reported)", item, position
            )
        try:
            number = float(item)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(
                "realisation", "must be a number (NaN = not reported)", item, position
            ) from exc
        if math.isinf(number):
            raise InvalidInputError("realisation", "must be finite", number, position)
        values[position] = number
    return values


def _exact(value: float) -> Decimal:
    """A typed number as a Decimal (its shortest repr), so 30.74 - 14.35 is exactly 16.39."""
    return Decimal(repr(float(value)))


def _exact_sum(values: list[float]) -> float:
    return float(sum((_exact(v) for v in values), Decimal(0)))


def _label(quarters: list[str]) -> str:
    return ", ".join(quarters)


def _convert_entries(
    indicator: AgreementIndicator,
    given: dict[str, float],
    positions: dict[str, int],
    entries: Entries,
) -> dict[str, float]:
    """The quarterly values in the agreement's kind (``indicator.kind``)."""
    kind = indicator.kind
    if entries == "agreement" or entries == kind or indicator.aggregation == "constant":
        return dict(given)
    quarters = [q for q in PERIODS[:4] if q in given and not math.isnan(given[q])]
    out = dict(given)
    previous = Decimal(0)
    previous_label = "the start of the year"
    for index, quarter in enumerate(PERIODS[:4]):
        if quarter not in quarters:
            continue
        missing = [
            q
            for q in PERIODS[:index]
            if q not in quarters and indicator.targets.for_period(q) is not None  # type: ignore[arg-type]
        ]
        if missing:
            raise InvalidInputError(
                "realisation",
                f"of IKU {indicator.number} {quarter} cannot be converted from "
                f"{entries.replace('_', '-')} entries: {_label(missing)} (with a target) is not "
                "reported; give every earlier quarter or enter the values as the agreement "
                f"does ({kind.replace('_', '-')})",
                given[quarter],
                positions.get(quarter),
            )
        value = _exact(given[quarter])
        if entries == "to_date":  # to-date -> the quarter's own contribution
            converted = float(value - previous)
            problem = indicator.range_problem(converted)
            if problem is not None:
                raise InvalidInputError(
                    "realisation",
                    f"of IKU {indicator.number} {quarter}: the to-date entry {given[quarter]!r} "
                    f"after {float(previous)!r} at {previous_label} gives a quarterly "
                    f"contribution of {converted!r}, which {problem}",
                    given[quarter],
                    positions.get(quarter),
                )
            previous = value
        else:  # per-quarter contributions -> the value to date
            previous += value
            converted = float(previous)
            problem = indicator.range_problem(converted)
            if problem is not None:
                raise InvalidInputError(
                    "realisation",
                    f"of IKU {indicator.number} {quarter}: the per-quarter entries add up to "
                    f"{converted!r} by {quarter}, which {problem}",
                    given[quarter],
                    positions.get(quarter),
                )
        previous_label = quarter
        out[quarter] = converted
    return out


@dataclass(frozen=True)
class _YearRow:
    period: str
    value: float
    low: float
    high: float
    basis: str
    rule: str
    notes: tuple[str, ...]
    mismatch: bool = False
    annual_from_quarters: bool = True


def _targets_to_date(indicator: AgreementIndicator, quarters: list[str]) -> tuple[float, float]:
    """(lower, upper) of the target to date over ``quarters`` by the indicator's aggregation."""
    bounds = [indicator.targets.bounds(q) for q in quarters]  # type: ignore[arg-type]
    present = [b for b in bounds if not math.isnan(b[0])]
    if not present:
        return math.nan, math.nan
    if indicator.aggregation == "sum":
        return _exact_sum([b[0] for b in present]), _exact_sum([b[1] for b in present])
    return present[-1]


def _aggregate(
    indicator: AgreementIndicator, values: dict[str, float], rule: ConstantAnnualPolicy
) -> float:
    reported = [values[q] for q in PERIODS[:4] if q in values and not math.isnan(values[q])]
    if indicator.aggregation == "sum":
        return _exact_sum(reported)
    if indicator.aggregation == "constant" and rule == "mean":
        return float(_exact_sum(reported) / len(reported))
    return reported[-1]


def _rule_text(indicator: AgreementIndicator, rule: ConstantAnnualPolicy, overridden: bool) -> str:
    if indicator.aggregation == "sum":
        return "jumlah triwulan (sum of the quarters)"
    if indicator.aggregation == "last":
        return "triwulan terakhir (last quarter: values to date)"
    if overridden:
        source = "chosen with constant_annual"
    else:
        declared = indicator.constant_rule()
        source = "inferred" if declared.inferred else "declared"
    name = "triwulan terakhir (last reported quarter)" if rule == "last" else "rata-rata (mean)"
    return f"{name}; {source}"


def _year_row(
    indicator: AgreementIndicator,
    values: dict[str, float],
    annual: float | None,
    rule: ConstantAnnualPolicy,
    overridden: bool,
    blank_annual: bool = False,
) -> _YearRow:
    """The annual row (given or aggregated) or, for a partial year, the row to date."""
    quarters = list(PERIODS[:4])
    reported = [q for q in quarters if q in values and not math.isnan(values[q])]
    targeted = [q for q in quarters if indicator.targets.for_period(q) is not None]  # type: ignore[arg-type]
    if indicator.aggregation == "last":
        complete = bool(reported) and (not targeted or targeted[-1] in reported)
    else:
        complete = bool(reported) and all(q in reported for q in targeted)
    rule_text = _rule_text(indicator, rule, overridden)
    low, high = indicator.targets.bounds("Tahunan")
    aggregated = _aggregate(indicator, values, rule) if complete else None
    if annual is not None:
        notes: list[str] = []
        mismatch = False
        if aggregated is not None and not math.isnan(annual):
            mismatch = not math.isclose(annual, aggregated, rel_tol=1e-9, abs_tol=1e-9)
            if mismatch:
                notes.append(
                    f"TIDAK SESUAI: the Tahunan row ({annual!r}) differs from its quarters "
                    f"({aggregated!r} by {rule_text}); the Tahunan row is used"
                )
        return _YearRow(
            "Tahunan",
            annual,
            low,
            high,
            "tahunan",
            "baris Tahunan (annual row given)",
            tuple(notes),
            mismatch,
            annual_from_quarters=False,
        )
    if not reported:
        return _YearRow(
            "Tahunan",
            math.nan,
            low,
            high,
            "tahunan",
            "",
            () if blank_annual else ("no quarter reported to aggregate; no 'Tahunan' row given",),
        )
    if aggregated is not None:
        note = f"annual realisation aggregated from {_label(reported)} ({rule_text})"
        return _YearRow("Tahunan", aggregated, low, high, "tahunan", rule_text, (note,))
    # a partial year: the achievement to date, never labelled as the year's
    if indicator.aggregation == "last":
        with_target = [q for q in reported if q in targeted]
        last = with_target[-1] if with_target else reported[-1]
    else:
        last = reported[-1]
    upto = quarters[: quarters.index(last) + 1]
    label = f"s.d. {last}"
    unreported = [q for q in targeted if q in upto and q not in reported]
    if indicator.aggregation == "sum" and unreported:
        value = math.nan
        notes_list = [
            f"capaian {label}: {_label(unreported)} not reported, so the value to date is "
            "unknown; the year needs every quarter with a target (or a Tahunan row)"
        ]
    else:
        if indicator.aggregation == "last":
            value = values[last]
        else:
            value = _aggregate(indicator, {q: values[q] for q in upto if q in values}, rule)
        missing_year = [q for q in targeted if q not in reported]
        notes_list = [
            f"capaian {label} (realisation to date against the target to date), not the "
            f"year's: {_label(missing_year)} not reported"
        ]
    t_low, t_high = _targets_to_date(indicator, upto)
    return _YearRow(label, value, t_low, t_high, label, rule_text, tuple(notes_list))


def evaluate(
    agreement: Agreement,
    realisations: pd.DataFrame | Mapping[int, Mapping[str, float | None]],
    *,
    cap: float | None = None,
    profile: str = DEFAULT_ACHIEVEMENT_PROFILE,
    constant_annual: ConstantAnnualPolicy | None = None,
    entries: Entries = "agreement",
) -> pd.DataFrame:
    r"""Achievement and category of each realisation against the agreement's targets.

    Parameters
    ----------
    agreement : Agreement
        The agreement, e.g. :func:`~dppapp_indikator.agreement.loading.load_agreement`.
    realisations : DataFrame or mapping
        A DataFrame with the columns ``number`` (indicator number of the agreement),
        ``period`` ("TW I", "TW II", "TW III", "TW IV" or "Tahunan"; see
        :func:`normalize_period` for the accepted spellings) and ``realisation`` (the
        realised value in the indicator's unit [indicator unit]; NaN or None = not
        reported); other columns are ignored. Or a mapping ``{number: {period: value}}``.
    cap : float, optional
        Upper limit of the achievement [percent] (e.g. 120); None (default): no cap.
    profile : str
        Category profile (default ``"permendagri-86-2017"``), see
        :func:`~dppapp_indikator.agreement.scoring.achievement_category`.
    constant_annual : {"last", "mean"}, optional
        Overrides the agreement's ``annual_rule`` of the indicators with the same target
        every quarter (aggregation ``"constant"``). None (default): each indicator's
        declared rule (PK 2024: "last", marked inferred).
    entries : {"agreement", "to_date", "per_quarter"}
        What the quarterly realisations hold. ``"agreement"`` (default): each indicator's
        ``quarter_kind`` (a quarter's own contribution for the summed IKU 4, 16 and 21 of
        PK 2024; the value to date for the others). ``"to_date"``: values so far in the
        year; for a summed indicator they become quarterly contributions (differences).
        ``"per_quarter"``: each quarter's own contribution; for a to-date indicator
        (aggregation "last") they are added up to the value to date. Constant-target
        indicators are levels and are never converted.

    Returns
    -------
    pandas.DataFrame
        One row per indicator and period in the input, ordered by ``number`` then period,
        plus, for an indicator with quarterly rows but no "Tahunan" row (or a blank one, as a
        filled template has), one row for the year: ``period`` "Tahunan" when every quarter
        with a target is reported (for a to-date indicator: the last quarter with a target),
        else ``"s.d. TW k"``, the
        achievement to date (realisation to date against the target to date). Columns
        (:data:`EVALUATION_COLUMNS`): ``number``, ``name``, ``period``, ``unit``,
        ``polarity``, ``target`` (NaN = N/A; a range's lower bound), ``target_upper`` (a
        range's upper bound; NaN for a point target), ``realisation`` (in the agreement's
        quarter kind), ``achievement`` [percent], ``category`` (None where the achievement
        is NaN), ``note``, ``basis`` ("per triwulan" or "s.d. triwulan" for quarterly rows;
        "tahunan" or "s.d. TW k" for the year's row), ``annual_rule`` (the rule that gave
        the year's value) and ``mismatch`` (True where a given Tahunan row differs from the
        aggregation of its complete quarters). No row is dropped.

    Raises
    ------
    InvalidInputError
        If ``agreement`` is not an :class:`Agreement`; ``realisations`` lacks a column or is
        of another type; a number is not an indicator of the agreement, a period is unknown,
        a realisation is not a number, infinite or outside the indicator's ``valid_range``
        (each naming the value and its row); a (number, period) pair repeats; ``cap``,
        ``profile``, ``constant_annual`` or ``entries`` is invalid; entries cannot be
        converted (an earlier quarter with a target missing, a to-date value that falls);
        or a target the realisations need is <= 0.

    Notes
    -----
    Per row, with realisation $R$ and target $T$ (PermenPANRB 8/2021):

    $$
    C = \frac{R}{T} \times 100 \ \text{(higher is better)}, \qquad
    C = \left(2 - \frac{R}{T}\right) \times 100 \ \text{(lower is better: IKU 5, 7, 9)}
    $$

    A range target gives 100 inside the range and uses the nearer bound outside it. The
    year's realisation from quarters $r_1..r_k$ (not reported ones skipped) is
    $\sum_j r_j$ ("sum"), $r_k$ ("last") or the ``annual_rule`` ("constant"); the target to
    date is $\sum_{j \le k} T_j$ ("sum") or $T_k$. Sums and differences of typed numbers are
    exact decimal arithmetic, so to-date and per-quarter files give the same report.

    References
    ----------
    1. Kementerian PANRB, *Peraturan Menteri PANRB Nomor 8 Tahun 2021 tentang Sistem
       Manajemen Kinerja Aparatur Sipil Negara*, 2021.
    2. Kementerian Dalam Negeri, *Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017*, 2017.
    3. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, 2024.

    Examples
    --------
    >>> from dppapp_indikator.agreement import load_agreement
    >>> pk = load_agreement()
    >>> out = evaluate(pk, {4: {"TW I": 15.0, "TW II": 16.0}, 5: {"Tahunan": 2.10}})
    >>> out[["number", "period", "target", "realisation"]]
       number     period  target  realisation
    0       4       TW I   14.35         15.0
    1       4      TW II   16.39         16.0
    2       4  s.d. TW II   30.74         31.0
    3       5    Tahunan    2.23          2.1
    >>> out["achievement"].round(2).tolist()
    [104.53, 97.62, 100.85, 105.83]

    The same IKU 4 realisations entered as values to date:

    >>> to_date = evaluate(pk, {4: {"TW I": 15.0, "TW II": 31.0}}, entries="to_date")
    >>> to_date["realisation"].tolist()
    [15.0, 16.0, 31.0]
    """
    import pandas as pd

    from .model import Agreement
    from .scoring import achievement_category

    if not isinstance(agreement, Agreement):
        raise InvalidInputError(
            "agreement", "must be an Agreement (see load_agreement())", type(agreement).__name__
        )
    cap_value = _check_cap(cap)
    if constant_annual is not None and constant_annual not in CONSTANT_ANNUAL_POLICIES:
        raise InvalidInputError(
            "constant_annual", f"must be one of {CONSTANT_ANNUAL_POLICIES} or None", constant_annual
        )
    if entries not in ENTRIES:
        raise InvalidInputError("entries", f"must be one of {ENTRIES}", entries)
    achievement_category(math.nan, profile=profile)  # validates the profile name up front

    frame = _as_frame(realisations)
    known = agreement.numbers
    numbers = [_number(v, known, i) for i, v in enumerate(frame["number"].tolist())]
    periods = [normalize_period(v, position=i) for i, v in enumerate(frame["period"].tolist())]
    values = _realisation_values(frame["realisation"])

    seen: dict[tuple[int, str], int] = {}
    for position, key in enumerate(zip(numbers, periods, strict=True)):
        if key in seen:
            raise InvalidInputError(
                "realisations",
                f"must have one row per (number, period); row {seen[key]} has the same",
                key,
                position,
            )
        seen[key] = position

    by_number: dict[int, dict[str, float]] = {}
    for position, ((number, period), value) in enumerate(
        zip(zip(numbers, periods, strict=True), values, strict=True)
    ):
        if not math.isnan(value):
            problem = agreement.indicator(number).range_problem(float(value))
            if problem is not None:
                raise InvalidInputError(
                    "realisation", f"of IKU {number} {period} {problem}", float(value), position
                )
        by_number.setdefault(number, {})[period] = float(value)

    quarter_basis = {"per_quarter": "per triwulan", "to_date": "s.d. triwulan"}
    records: list[dict[str, Any]] = []
    for number in sorted(by_number):
        indicator = agreement.indicator(number)
        positions = {period: seen[(number, period)] for period in by_number[number]}
        given = _convert_entries(indicator, by_number[number], positions, entries)
        rule = constant_annual or indicator.constant_rule().rule
        annual = given.get("Tahunan")
        blank = annual is not None and math.isnan(annual)  # a blank Tahunan cell: use the quarters
        year = _year_row(
            indicator, given, None if blank else annual, rule, constant_annual is not None, blank
        )
        rows: list[tuple[str, float, float, float, str, str, tuple[str, ...], bool]] = [
            (
                period,
                given[period],
                *indicator.targets.bounds(period),  # type: ignore[arg-type]
                quarter_basis[indicator.kind],
                "",
                (),
                False,
            )
            for period in PERIODS[:4]
            if period in given
        ]
        if year.annual_from_quarters and not math.isnan(year.value):
            problem = indicator.range_problem(year.value)
            if problem is not None:
                hint = (
                    "; if they are values to date, say so (entries='to_date', --entries to-date)"
                    if indicator.kind == "per_quarter"
                    else ""
                )
                raise InvalidInputError(
                    "realisation",
                    f"of IKU {number}: the quarters give {year.value!r} for {year.period} "
                    f"({year.rule}), which {problem}{hint}",
                    year.value,
                )
        rows.append(
            (
                year.period,
                year.value,
                year.low,
                year.high,
                year.basis,
                year.rule,
                year.notes,
                year.mismatch,
            )
        )
        for period, value, low, high, basis, rule_text, extra, mismatch in rows:
            notes: list[str] = []
            if math.isnan(low):
                notes.append("target N/A")
            elif low <= 0:
                raise InvalidInputError(
                    "agreement",
                    f"IKU {number} {period}: the target must be > 0 to compute an achievement",
                    low,
                )
            if math.isnan(value):
                notes.append("no realisation")
            notes.extend(extra)
            records.append(
                {
                    "number": number,
                    "name": indicator.name,
                    "period": period,
                    "unit": indicator.unit,
                    "polarity": indicator.polarity,
                    "target": low,
                    "target_upper": high if high != low else math.nan,
                    "realisation": value,
                    "note": "; ".join(notes),
                    "basis": basis,
                    "annual_rule": rule_text,
                    "mismatch": mismatch,
                }
            )

    if not records:
        empty = pd.DataFrame({column: pd.Series(dtype=object) for column in EVALUATION_COLUMNS})
        return empty.astype(
            {
                "number": "int64",
                "mismatch": "bool",
                **{c: "float64" for c in ("target", "target_upper", "realisation", "achievement")},
            }
        )
    out = pd.DataFrame.from_records(records)
    real = out["realisation"].to_numpy(dtype=np.float64)
    low_arr = out["target"].to_numpy(dtype=np.float64)
    high_arr = out["target_upper"].to_numpy(dtype=np.float64)
    lower_is_better = (out["polarity"] == "lower").to_numpy()
    out["achievement"] = achievement_arrays(real, low_arr, high_arr, lower_is_better, cap_value)
    out["category"] = pd.Series(
        achievement_category(out["achievement"].to_numpy(), profile=profile),
        index=out.index,
        dtype=object,
    )
    out["number"] = out["number"].astype("int64")
    out["mismatch"] = out["mismatch"].astype("bool")
    return out.loc[:, list(EVALUATION_COLUMNS)]
