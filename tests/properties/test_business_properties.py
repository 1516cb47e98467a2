"""Property tests of the turnover formulas (IKU 4 and 10)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dppapp_indikator import InvalidInputError
from dppapp_indikator.business import (
    format_rupiah,
    parse_rupiah,
    turnover_growth,
    turnover_rise_share,
    turnover_rise_share_from_counts,
    turnover_target,
)

from .strategies import positives

#: Exact rupiah amounts with sen: non-negative Decimals with two decimal places.
amounts = st.decimals(min_value=Decimal(0), max_value=Decimal(10) ** 15, places=2, allow_nan=False)
positive_amounts = amounts.filter(lambda d: d > 0)
#: Growth rules with at most two decimals [percent].
growth_rules = st.decimals(
    min_value=Decimal(-100), max_value=Decimal(1000), places=2, allow_nan=False
)
money_arrays = hnp.arrays(np.float64, st.integers(1, 8), elements=positives)


def _indonesian(value: Decimal) -> str:
    """Write a non-negative Decimal in Indonesian notation (a test-side formatter)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits)).rjust(max(-exponent, 0) + 1, "0")
    whole, fraction = (text[:exponent], text[exponent:]) if exponent < 0 else (text, "")
    whole = whole + "0" * max(exponent, 0)
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    out = ".".join(groups) + ("," + fraction if fraction else "")
    return ("-" if sign else "") + "Rp " + out


@given(amounts)
def test_parse_rupiah_round_trip(value: Decimal) -> None:
    assert parse_rupiah(_indonesian(value)) == value


@given(st.decimals(min_value=-(Decimal(10) ** 18), max_value=Decimal(10) ** 18, places=4))
def test_format_then_parse_is_identity(value: Decimal) -> None:
    back = parse_rupiah(format_rupiah(value))
    assert back == value
    assert back.as_tuple().exponent == value.as_tuple().exponent


@given(amounts, positive_amounts)
def test_growth_sign_matches_change(current: Decimal, previous: Decimal) -> None:
    growth = turnover_growth(current, previous)
    assert isinstance(growth, Decimal)
    assert (growth > 0) == (current > previous)
    assert (growth == 0) == (current == previous)
    assert growth >= -100


@given(positives, positives)
def test_float_growth_sign_matches_change(current: float, previous: float) -> None:
    growth = turnover_growth(current, previous)
    assert isinstance(growth, float)
    assert np.sign(growth) == np.sign(current - previous)


@given(positive_amounts, growth_rules)
def test_target_and_growth_are_exact_inverses(previous: Decimal, rule: Decimal) -> None:
    target = turnover_target(previous, growth_pct=rule)
    assert turnover_growth(target, previous) == rule


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=1, max_value=10**15))
def test_exact_and_float_paths_agree(current: int, previous: int) -> None:
    exact = turnover_growth(current, previous)
    approximate = turnover_growth(float(current), float(previous))
    assert float(exact) == pytest.approx(approximate, rel=1e-9, abs=1e-9)


@given(money_arrays, st.data())
def test_growth_scalar_array_series_agree(previous: np.ndarray, data: st.DataObject) -> None:
    current = data.draw(hnp.arrays(np.float64, previous.shape, elements=positives))
    as_array = turnover_growth(current, previous)
    as_series = turnover_growth(pd.Series(current), pd.Series(previous))
    as_scalars = [
        turnover_growth(float(c), float(p)) for c, p in zip(current, previous, strict=True)
    ]
    np.testing.assert_allclose(as_array, as_scalars)
    np.testing.assert_allclose(as_series.to_numpy(), as_scalars)


@given(money_arrays, st.data())
def test_rise_share_bounded_and_container_free(previous: np.ndarray, data: st.DataObject) -> None:
    current = data.draw(hnp.arrays(np.float64, previous.shape, elements=positives))
    share = turnover_rise_share(current, previous)
    assert 0.0 <= share <= 100.0
    assert turnover_rise_share(list(current), list(previous)) == share
    assert turnover_rise_share(pd.Series(current), pd.Series(previous)) == share
    exact = turnover_rise_share([Decimal(c) for c in current], [Decimal(p) for p in previous])
    assert exact == share
    # Counted by hand: the share equals the count of strict rises over n.
    rising = sum(1 for c, p in zip(current, previous, strict=True) if c > p)
    assert share == turnover_rise_share_from_counts(rising, len(current))


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_rise_share_from_counts_bounded(rising: int, assisted: int) -> None:
    assume(rising <= assisted)
    share = turnover_rise_share_from_counts(rising, assisted)
    assert 0.0 <= share <= 100.0


@given(st.floats(max_value=0.0, allow_nan=False))
def test_nonpositive_previous_raises(previous: float) -> None:
    with pytest.raises(InvalidInputError, match="`previous`"):
        turnover_growth(100.0, previous)


@given(st.integers(max_value=-1))
def test_negative_current_raises(current: int) -> None:
    with pytest.raises(InvalidInputError, match="`current`"):
        turnover_growth(current, 100)


@given(st.integers(1, 100), st.integers(1, 100))
def test_rising_above_assisted_raises(excess: int, assisted: int) -> None:
    with pytest.raises(InvalidInputError, match="`rising`"):
        turnover_rise_share_from_counts(assisted + excess, assisted)


@given(st.text(alphabet="0123456789.,Rp -", max_size=12))
def test_parse_rupiah_never_guesses(text: str) -> None:
    # Either a value equal to the digits read in Indonesian notation, or a named error.
    try:
        value = parse_rupiah(text)
    except InvalidInputError as exc:
        assert exc.parameter == "text"
        return
    plain = text.replace("Rp", "").replace(" ", "").replace(",-", "")
    assert value == Decimal(plain.replace(".", "").replace(",", "."))
