"""Property tests of the fertility formulas (methods/fertility#rates,
methods/fertility#own-children)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dppapp_indikator import InvalidInputError
from dppapp_indikator.fertility import AGE_GROUPS, asfr, grr, nrr, own_children_asfr, tfr

from .strategies import positives

#: An age-specific fertility rate [births per 1,000 woman-years]: 0 to 500.
rates = st.floats(min_value=0.0, max_value=500.0, allow_nan=False)
#: One schedule of seven ASFRs.
schedules = hnp.arrays(np.float64, 7, elements=rates)
#: A non-negative multiplier.
factors = st.floats(min_value=0.0, max_value=10.0, allow_nan=False)


def tables(max_rows: int = 6) -> st.SearchStrategy[np.ndarray]:
    """``(n, 7)`` tables of ASFRs."""
    return st.integers(min_value=1, max_value=max_rows).flatmap(
        lambda n: hnp.arrays(np.float64, (n, 7), elements=rates)
    )


@given(schedules, schedules, factors, factors)
def test_tfr_linear(x: np.ndarray, y: np.ndarray, a: float, b: float) -> None:
    combined = tfr(a * x + b * y)
    assert combined == pytest.approx(a * tfr(x) + b * tfr(y), rel=1e-9, abs=1e-9)


@given(schedules, st.integers(min_value=0, max_value=6), st.floats(min_value=0, max_value=100))
def test_tfr_non_negative_and_monotone(x: np.ndarray, group: int, step: float) -> None:
    base = tfr(x)
    assert base >= 0.0
    raised = x.copy()
    raised[group] += step
    assert tfr(raised) >= base


@given(tables())
def test_tfr_rows_agree_with_single_schedules(table: np.ndarray) -> None:
    out = tfr(table)
    assert isinstance(out, np.ndarray)
    assert out.shape == (table.shape[0],)
    np.testing.assert_allclose(out, [tfr(row) for row in table], rtol=1e-12)


@given(tables(), st.permutations(list(AGE_GROUPS)))
def test_tfr_frame_array_list_agree(table: np.ndarray, order: list[str]) -> None:
    frame = pd.DataFrame(table, columns=list(AGE_GROUPS))
    from_frame = tfr(frame[order])  # labelled columns in any order
    from_array = tfr(table)
    from_lists = [tfr(row.tolist()) for row in table]
    from_series = [tfr(pd.Series(row, index=list(AGE_GROUPS))[order]) for row in table]
    np.testing.assert_allclose(from_frame.to_numpy(), from_array, rtol=1e-12)
    np.testing.assert_allclose(from_lists, from_array, rtol=1e-12)
    np.testing.assert_allclose(from_series, from_array, rtol=1e-12)


@given(
    hnp.arrays(np.float64, 5, elements=st.floats(min_value=0, max_value=1e6)),
    hnp.arrays(np.float64, 5, elements=positives),
)
def test_asfr_scalar_array_series_agree(births: np.ndarray, woman_years: np.ndarray) -> None:
    as_array = asfr(births, woman_years)
    as_series = asfr(pd.Series(births), pd.Series(woman_years))
    as_scalars = [asfr(float(b), float(w)) for b, w in zip(births, woman_years, strict=True)]
    np.testing.assert_allclose(as_array, as_scalars, rtol=1e-12)
    np.testing.assert_allclose(as_series.to_numpy(), as_scalars, rtol=1e-12)
    assert all(v >= 0 for v in as_scalars)


@given(schedules, st.floats(min_value=80.0, max_value=130.0))
def test_grr_srb_between_zero_and_tfr(x: np.ndarray, srb: float) -> None:
    value = grr(asfr=x, sex_ratio_at_birth=srb)
    assert 0.0 <= value <= tfr(x) + 1e-12


@given(schedules, hnp.arrays(np.float64, 7, elements=st.floats(min_value=0.0, max_value=5.0)))
def test_nrr_at_most_grr(female: np.ndarray, survival: np.ndarray) -> None:
    # 5Lx / l0 <= 5, so NRR <= GRR; with radix 1 the 5Lx are the survival ratios.
    assert nrr(female, survival, radix=1.0) <= grr(female) + 1e-12


@given(schedules, st.integers(min_value=0, max_value=6), st.floats(max_value=-1e-6))
def test_negative_asfr_raises(x: np.ndarray, group: int, bad: float) -> None:
    x = x.copy()
    x[group] = bad
    with pytest.raises(InvalidInputError, match=f"`asfr`.*{AGE_GROUPS[group]}"):
        tfr(x)


@given(schedules, st.integers(min_value=0, max_value=6))
def test_nan_asfr_raises(x: np.ndarray, group: int) -> None:
    x = x.copy()
    x[group] = np.nan
    with pytest.raises(InvalidInputError, match=f"`asfr`.*NaN.*{AGE_GROUPS[group]}"):
        tfr(x)


@given(st.integers(min_value=0, max_value=20).filter(lambda n: n != 7))
def test_wrong_length_raises(n: int) -> None:
    with pytest.raises(InvalidInputError, match="`asfr` must have exactly 7 age groups"):
        tfr([1.0] * n)


@given(
    hnp.arrays(np.float64, 4, elements=st.floats(min_value=0, max_value=1e6)),
    st.integers(min_value=0, max_value=3),
)
def test_zero_woman_years_raises(births: np.ndarray, position: int) -> None:
    woman_years = np.ones(4)
    woman_years[position] = 0.0
    with pytest.raises(InvalidInputError, match=f"`woman_years`.*position {position}"):
        asfr(births, woman_years)


@given(st.floats(max_value=-1e-9), positives)
def test_negative_births_raises(births: float, woman_years: float) -> None:
    with pytest.raises(InvalidInputError, match="`births`"):
        asfr(births, woman_years)


# ------------------------------------------------------------------------ own-children method
child_ages = st.integers(min_value=1, max_value=15)


@st.composite
def census_tables(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Own children (mothers 15..63 x children 0..m-1), women, and years to estimate."""
    m = draw(child_ages)
    n_rows = 63 - 15 + 1
    children = draw(
        hnp.arrays(np.float64, (n_rows, m), elements=st.integers(min_value=0, max_value=50))
    )
    women = draw(hnp.arrays(np.float64, n_rows, elements=st.integers(min_value=1, max_value=1000)))
    years = draw(st.lists(st.integers(min_value=0, max_value=m - 1), min_size=1, unique=True))
    return children, women, years


@given(census_tables())
def test_own_children_without_mortality_births_are_children(
    data: tuple[np.ndarray, np.ndarray, list[int]],
) -> None:
    # No mortality (L ratios 1) and k_t = 1 (no unmatched children): the births of year t to
    # mothers of age y are the own children aged t of mothers aged y + t, and the women of
    # age y in year t are the women aged y + t at the census.
    children, women, years = data
    m = children.shape[1]
    est = own_children_asfr(
        children,
        np.zeros(m),
        women,
        first_mother_age=15,
        child_person_years=np.full(m, 7.0),
        child_radix=7.0,
        female_person_years=np.full(64, 3.0),
        years=years,
        average="pooled",
    )
    np.testing.assert_array_equal(est.adjustment_factors, np.ones(m))
    for row, t in enumerate(years):
        for g in range(7):
            ages = range(15 + 5 * g, 20 + 5 * g)  # mother's age y in year t
            expected_births = sum(children[y + t - 15, t] for y in ages)
            expected_women = sum(women[y + t - 15] for y in ages)
            assert est.births[row, g] == pytest.approx(expected_births, rel=1e-12)
            assert est.woman_years[row, g] == pytest.approx(expected_women, rel=1e-12)
            assert est.asfr_by_year[row, g] == pytest.approx(
                expected_births / expected_women * 1000, rel=1e-12
            )


@given(census_tables(), st.floats(min_value=0.5, max_value=1e5))
def test_own_children_radix_does_not_matter(
    data: tuple[np.ndarray, np.ndarray, list[int]], scale: float
) -> None:
    # Life tables enter only as ratios: rescaling both radices leaves the ASFRs unchanged.
    children, women, years = data
    m = children.shape[1]
    child_l = np.linspace(0.97, 0.9, m)
    female_l = np.linspace(1.0, 0.8, 64)
    unmatched = np.where(children.sum(axis=0) > 0, 2.0, 0.0)
    kwargs = {"years": years, "average": "mean", "first_mother_age": 15}
    one = own_children_asfr(
        children, unmatched, women, child_person_years=child_l, child_radix=1.0,
        female_person_years=female_l, **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    scaled = own_children_asfr(
        children, unmatched, women, child_person_years=child_l * scale, child_radix=scale,
        female_person_years=female_l * scale, **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    np.testing.assert_allclose(scaled.asfr_by_year, one.asfr_by_year, rtol=1e-9)
    assert scaled.tfr == pytest.approx(one.tfr, rel=1e-9)


@given(
    st.lists(st.floats(0, 500, allow_nan=False), min_size=7, max_size=7),
    st.permutations(list(AGE_GROUPS)),
)
def test_registry_tfr_same_from_a_list_and_from_a_mapping_in_any_order(
    rates: list[float], order: list[str]
) -> None:
    from dppapp_indikator import calculate

    listed = calculate("tfr", {"asfr": rates})
    by_group = dict(zip(AGE_GROUPS, rates, strict=True))
    keyed = calculate("tfr", {"asfr": {g: by_group[g] for g in order}})
    assert keyed.value == listed.value
    assert keyed.components == listed.components
