"""Evaluate realisations against an agreement: achievement and category per indicator and period.

METHODS.md section 12. pandas and the agreement schema (pydantic) are imported inside
:func:`evaluate`, so importing this module stays light.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
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
    "EVALUATION_COLUMNS",
    "ConstantAnnualPolicy",
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
)

#: How the annual realisation of a "constant" indicator is formed from its quarters:
#: ``"last"`` (the last reported quarter, default) or ``"mean"`` (the mean of the reported
#: quarters).
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


def _annual_from_quarters(
    indicator: AgreementIndicator,
    quarters: dict[str, float],
    constant_annual: ConstantAnnualPolicy,
) -> tuple[float, str]:
    """Aggregate quarterly realisations to the year; return (value, note)."""
    from ..periods import aggregate_quarters

    values = [quarters.get(label, math.nan) for label in PERIODS[:4]]
    reported = [label for label, v in zip(PERIODS[:4], values, strict=True) if v == v]
    if not reported:
        return math.nan, "no quarter reported to aggregate; no 'Tahunan' row given"
    how = indicator.aggregation
    if how == "constant":
        if constant_annual == "mean":
            value = float(np.nanmean(values))
        else:
            value = float(aggregate_quarters(values, "last"))  # type: ignore[arg-type]
        rule = f"constant indicator: {constant_annual} of the reported quarters"
    else:
        value = float(aggregate_quarters(values, how))  # type: ignore[arg-type]
        rule = {"sum": "sum of the quarters", "last": "last reported quarter"}[how]
    note = (
        f"annual realisation aggregated from {', '.join(reported)} ({rule}); no 'Tahunan' row given"
    )
    return value, note


def evaluate(
    agreement: Agreement,
    realisations: pd.DataFrame | Mapping[int, Mapping[str, float | None]],
    *,
    cap: float | None = None,
    profile: str = DEFAULT_ACHIEVEMENT_PROFILE,
    constant_annual: ConstantAnnualPolicy = "last",
) -> pd.DataFrame:
    r"""Achievement and category of each realisation against the agreement's targets.

    Parameters
    ----------
    agreement : Agreement
        The agreement, e.g. :func:`~dppapp_indikator.agreement.model.load_agreement`.
    realisations : DataFrame or mapping
        A DataFrame with the columns ``number`` (indicator number, 1-21), ``period`` ("TW I",
        "TW II", "TW III", "TW IV" or "Tahunan"; see :func:`normalize_period` for the
        accepted spellings) and ``realisation`` (the realised value in the indicator's unit
        [indicator unit]; NaN or None = not reported); other columns are ignored. Or a
        mapping ``{number: {period: value}}``.
    cap : float, optional
        Upper limit of the achievement [percent] (e.g. 120); None (default): no cap.
    profile : str
        Category profile (default ``"permendagri-86-2017"``), see
        :func:`~dppapp_indikator.agreement.scoring.achievement_category`.
    constant_annual : {"last", "mean"}
        For an indicator with the same target every quarter (aggregation ``"constant"``):
        the annual realisation aggregated from the quarters is the last reported quarter
        (default) or the mean of the reported quarters [inferred rule; METHODS.md 12 gives
        no rule for realisations].

    Returns
    -------
    pandas.DataFrame
        One row per indicator and period in the input, ordered by ``number`` then period,
        plus, for an indicator with quarterly rows but no "Tahunan" row, an annual row with
        the realisation aggregated from the quarters by the indicator's ``aggregation``.
        Columns (:data:`EVALUATION_COLUMNS`): ``number``, ``name``, ``period``, ``unit``,
        ``polarity``, ``target`` (NaN = N/A; a range's lower bound), ``target_upper`` (a
        range's upper bound; NaN for a point target), ``realisation``, ``achievement``
        [percent], ``category`` (None where the achievement is NaN) and ``note`` ("target
        N/A", "no realisation", the aggregation used; "" when nothing to say). No row is
        dropped.

    Raises
    ------
    InvalidInputError
        If ``agreement`` is not an :class:`Agreement`; ``realisations`` lacks a column or is
        of another type; a number is not an indicator of the agreement, a period is unknown,
        or a realisation is not a number or infinite (each naming the value and its row); a
        (number, period) pair repeats; ``cap``, ``profile`` or ``constant_annual`` is
        invalid; or a target the realisations need is <= 0.

    Notes
    -----
    Per row, with realisation $R$ and target $T$ (PermenPANRB 8/2021; METHODS.md 12):

    $$
    C = \frac{R}{T} \times 100 \ \text{(higher is better)}, \qquad
    C = \left(2 - \frac{R}{T}\right) \times 100 \ \text{(lower is better: IKU 5, 7, 9)}
    $$

    A range target gives 100 inside the range and uses the nearer bound outside it. The
    annual realisation aggregated from quarters $r_1..r_4$ (not reported ones skipped) is
    $\sum_k r_k$ ("sum"), $r_{\max k}$ ("last") or, for "constant", the last (or mean)
    reported quarter.

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
       number   period  target  realisation
    0       4     TW I   14.35        15.00
    1       4    TW II   16.39        16.00
    2       4  Tahunan   71.00        31.00
    3       5  Tahunan    2.23         2.10
    >>> out["achievement"].round(2).tolist()
    [104.53, 97.62, 43.66, 105.83]
    >>> out["category"].tolist()
    ['sangat tinggi', 'sangat tinggi', 'sangat rendah', 'sangat tinggi']
    """
    import pandas as pd

    from .model import Agreement
    from .scoring import achievement_category

    if not isinstance(agreement, Agreement):
        raise InvalidInputError(
            "agreement", "must be an Agreement (see load_agreement())", type(agreement).__name__
        )
    cap_value = _check_cap(cap)
    if constant_annual not in CONSTANT_ANNUAL_POLICIES:
        raise InvalidInputError(
            "constant_annual", f"must be one of {CONSTANT_ANNUAL_POLICIES}", constant_annual
        )
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
    for (number, period), value in zip(zip(numbers, periods, strict=True), values, strict=True):
        by_number.setdefault(number, {})[period] = float(value)

    records: list[dict[str, Any]] = []
    for number in sorted(by_number):
        indicator = agreement.indicator(number)
        given = by_number[number]
        entries: list[tuple[str, float, list[str]]] = [
            (period, given[period], []) for period in PERIODS if period in given
        ]
        if "Tahunan" not in given:
            value, note = _annual_from_quarters(indicator, given, constant_annual)
            entries.append(("Tahunan", value, [note]))
        for period, value, aggregation_notes in entries:
            low, high = indicator.targets.bounds(period)  # type: ignore[arg-type]
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
            notes.extend(aggregation_notes)
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
                }
            )

    if not records:
        empty = pd.DataFrame({column: pd.Series(dtype=object) for column in EVALUATION_COLUMNS})
        return empty.astype(
            {
                "number": "int64",
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
    return out.loc[:, list(EVALUATION_COLUMNS)]
