"""Property tests of the SDI quality score (IKU 12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dppapp_indikator import InvalidInputError
from dppapp_indikator.satudata import (
    sdi_duplicate_rows,
    sdi_quality_from_records,
    sdi_quality_score,
    sdi_submission_deadline,
)

ASPECTS = ("on_time", "complete", "unique", "valid")


@st.composite
def count_sets(draw: st.DrawFn) -> tuple[int, int, int, int, int]:
    """(required, on_time, complete, unique, valid) with every count <= required."""
    required = draw(st.integers(1, 500))
    counts = [draw(st.integers(0, required)) for _ in ASPECTS]
    return (required, counts[0], counts[1], counts[2], counts[3])


@given(count_sets())
def test_score_in_zero_four(counts: tuple[int, int, int, int, int]) -> None:
    score = sdi_quality_score(*counts)
    assert 0.0 <= score <= 4.0


@given(count_sets(), st.sampled_from(range(4)), st.integers(1, 50))
def test_score_monotone_in_each_count(
    counts: tuple[int, int, int, int, int], aspect: int, step: int
) -> None:
    base = sdi_quality_score(*counts)
    raised = list(counts)
    raised[aspect + 1] = min(raised[aspect + 1] + step, raised[0])
    assert sdi_quality_score(*raised) >= base


@given(count_sets())
def test_score_is_sum_of_ratios(counts: tuple[int, int, int, int, int]) -> None:
    required, *aspects = counts
    assert sdi_quality_score(*counts) == pytest.approx(sum(a / required for a in aspects))


@given(st.lists(count_sets(), min_size=1, max_size=6))
def test_scalar_array_series_agree(rows: list[tuple[int, int, int, int, int]]) -> None:
    columns = [np.array(col, dtype=float) for col in zip(*rows, strict=True)]
    as_array = sdi_quality_score(*columns)
    as_series = sdi_quality_score(*(pd.Series(c) for c in columns))
    as_scalars = [sdi_quality_score(*row) for row in rows]
    np.testing.assert_allclose(as_array, as_scalars)
    np.testing.assert_allclose(as_series.to_numpy(), as_scalars)


@given(count_sets(), st.sampled_from(ASPECTS), st.integers(1, 100))
def test_count_above_required_raises_naming_it(
    counts: tuple[int, int, int, int, int], aspect: str, excess: int
) -> None:
    kwargs: dict[str, Any] = dict(zip(("required", *ASPECTS), counts, strict=True))
    kwargs[aspect] = kwargs["required"] + excess
    with pytest.raises(InvalidInputError, match=f"`{aspect}`"):
        sdi_quality_score(**kwargs)


@given(st.sampled_from(("required", *ASPECTS)), st.floats(0.01, 0.99))
def test_fractional_count_raises_naming_it(name: str, fraction: float) -> None:
    kwargs: dict[str, Any] = {"required": 10, "on_time": 1, "complete": 1, "unique": 1, "valid": 1}
    kwargs[name] = kwargs[name] + fraction
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        sdi_quality_score(**kwargs)


@given(st.integers(1900, 2200), st.integers(1, 12))
def test_deadline_is_fifth_of_next_month(year: int, month: int) -> None:
    deadline = sdi_submission_deadline(f"{year:04d}-{month:02d}")
    assert deadline.day == 5
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    assert deadline == first_of_next + dt.timedelta(days=4)


@st.composite
def file_records(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 8))
    out = []
    for i in range(n):
        month = draw(st.integers(1, 12))
        offset = draw(st.one_of(st.none(), st.integers(-40, 80)))
        submitted = (
            None
            if offset is None
            else (dt.date(2024, month, 1) + dt.timedelta(days=offset)).isoformat()
        )
        out.append(
            {
                "dataset_id": f"d{i}",
                "due_month": f"2024-{month:02d}",
                "submission_date": submitted,
                "components": {"metadata": draw(st.booleans()), "data": draw(st.booleans())},
                "validated": draw(st.booleans()),
                "unique": draw(st.booleans()),
            }
        )
    return out


@given(file_records())
def test_records_agree_with_counts(files: list[dict[str, Any]]) -> None:
    result = sdi_quality_from_records(files)
    counts = (result.required, result.on_time, result.complete, result.unique, result.valid)
    assert result.score == sdi_quality_score(*counts)
    assert 0.0 <= result.score <= 4.0
    for record, assessment in zip(files, result.files, strict=True):
        submitted = record["submission_date"]
        if submitted is None:
            assert not (assessment.on_time or assessment.complete or assessment.valid)
        else:
            on_time = dt.date.fromisoformat(submitted) <= assessment.deadline
            assert assessment.on_time == on_time


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", None]), st.integers(0, 2)), min_size=0, max_size=12
    )
)
def test_duplicate_rows_bounds_and_policies(rows: list[tuple[str | None, int]]) -> None:
    frame = pd.DataFrame(rows, columns=["k1", "k2"])
    equal = sdi_duplicate_rows(frame, ["k1", "k2"])
    distinct = sdi_duplicate_rows(frame, ["k1", "k2"], missing_keys="distinct")
    # Counted by hand: duplicates = rows minus distinct keys (None equal to None).
    assert equal == len(rows) - len(set(rows))
    assert 0 <= distinct <= equal
    # Adding a key column can only remove duplicates.
    frame["k3"] = range(len(rows))
    assert sdi_duplicate_rows(frame, ["k1", "k2", "k3"]) == 0
