"""Reference and behaviour tests of dppapp_indikator.business (methods/business#turnover; IKU 4 and
10)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from dppapp_indikator import InvalidInputError, calculate
from dppapp_indikator.business import (
    TURNOVER_GROWTH_PRESETS,
    format_rupiah,
    parse_rupiah,
    turnover_growth,
    turnover_rise_share,
    turnover_rise_share_from_counts,
    turnover_target,
)

# Seed IKU 4, Metode Pengukuran: "jumlah omset bulan Januari - Desember tahun 2022 sebesar
# Rp 110.400.000.000,00"; target = omset tahun sebelumnya ditambah 3%.
SEED_TURNOVER_2022 = "Rp 110.400.000.000,00"


# ------------------------------------------------------------------------------------------
# IKU 4: the seed's own numbers


def test_seed_2022_turnover_parses_exactly() -> None:
    # Seed IKU 4: Rp 110.400.000.000,00 = 110.4 billion rupiah, two decimal places kept.
    assert parse_rupiah(SEED_TURNOVER_2022) == Decimal("110400000000")
    assert str(parse_rupiah(SEED_TURNOVER_2022)) == "110400000000.00"


def test_seed_target_with_three_percent_rule_is_exact() -> None:
    # Seed IKU 4: target = 2022 turnover + 3 %. By hand: 110,400,000,000 x 1.03 =
    # 110,400,000,000 + 3,312,000,000 = 113,712,000,000 (Rp 113.712.000.000,00).
    target = turnover_target(SEED_TURNOVER_2022, growth_pct="pk-2024-dki")
    assert isinstance(target, Decimal)
    assert target == Decimal("113712000000.00")
    assert str(target) == "113712000000.00"
    assert turnover_target(SEED_TURNOVER_2022, growth_pct=3) == Decimal("113712000000.00")
    assert turnover_target(110_400_000_000, growth_pct=Decimal("3")) == Decimal("113712000000")


def test_seed_preset_is_the_seed_three_percent() -> None:
    # Seed IKU 4: "ditambah 3%".
    assert TURNOVER_GROWTH_PRESETS["pk-2024-dki"] == Decimal("3")


def test_seed_growth_of_the_target_is_exactly_three_percent() -> None:
    # Seed IKU 4: reaching the target Rp 113.712.000.000,00 is a 3 % increase, exactly.
    growth = turnover_growth("Rp 113.712.000.000,00", SEED_TURNOVER_2022)
    assert isinstance(growth, Decimal)
    assert growth == Decimal("3")


def test_seed_typo_reads_as_a_thousand_times_larger() -> None:
    # Seed IKU 4 also writes the 2022 turnover as Rp 110.400.000.000.000,00 (OCR/typing slip;
    # methods/business#turnover keeps 110.4 billion). The parser reads what is written: 1,000 times
    # more.
    typo = parse_rupiah("Rp 110.400.000.000.000,00")
    assert typo == parse_rupiah(SEED_TURNOVER_2022) * 1000


# ------------------------------------------------------------------------------------------
# parse_rupiah


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 110.400.000.000,00", "110400000000.00"),
        ("110.400.000.000", "110400000000"),
        ("1.234,5", "1234.5"),
        ("Rp110.400.000.000,00", "110400000000.00"),
        ("Rp. 1.000", "1000"),
        ("rp 1.000", "1000"),
        ("IDR 2.500,75", "2500.75"),
        ("Rp 50.000,-", "50000"),
        ("110400000000", "110400000000"),
        ("1234,56", "1234.56"),
        ("999", "999"),
        ("0", "0"),
        ("0,1", "0.1"),
        ("  Rp\u00a01.000.000,00  ", "1000000.00"),
        ("-Rp 1.000", "-1000"),
        ("Rp -1.000", "-1000"),
    ],
)
def test_parse_rupiah_formats(text: str, expected: str) -> None:
    value = parse_rupiah(text)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Rp",
        "12.34",  # a dot must be followed by exactly three digits
        "1.2345",
        "1234.567",  # first group longer than three digits
        "1,234.56",  # English notation
        "1.234,5,6",
        "1.234,",
        ",5",
        "abc",
        "Rp 1.000 rupiah",
        "--1.000",
        "-Rp -1.000",
        "1 000",
        "USD 1.000",
    ],
)
def test_parse_rupiah_malformed_raises_naming_the_value(text: str) -> None:
    with pytest.raises(InvalidInputError, match="`text`") as info:
        parse_rupiah(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("value", [1000, 1000.0, Decimal("1000"), None, b"1.000"])
def test_parse_rupiah_non_string_raises(value: object) -> None:
    with pytest.raises(InvalidInputError, match="`text` must be a string"):
        parse_rupiah(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("113712000000.00"), "Rp 113.712.000.000,00"),  # seed IKU 4 target, by hand
        (110_400_000_000, "Rp 110.400.000.000"),
        (Decimal("1234.5"), "Rp 1.234,5"),
        (Decimal("0.05"), "Rp 0,05"),
        (Decimal("1E+3"), "Rp 1.000"),
        (0, "Rp 0"),
        (-1234, "-Rp 1.234"),
        (999, "Rp 999"),
    ],
)
def test_format_rupiah_hand_values(amount: Any, text: str) -> None:
    assert format_rupiah(amount) == text
    assert parse_rupiah(text) == Decimal(amount)


@pytest.mark.parametrize("amount", [1.5, "1.000", Decimal("NaN"), None, True])
def test_format_rupiah_bad_input(amount: Any) -> None:
    with pytest.raises(InvalidInputError, match="`amount`"):
        format_rupiah(amount)


# ------------------------------------------------------------------------------------------
# turnover_growth


def test_growth_decimal_is_exact_where_float_is_not() -> None:
    # By hand: (0.3 - 0.1) / 0.1 x 100 = 200 exactly; in binary floating point it is not.
    assert turnover_growth(Decimal("0.3"), Decimal("0.1")) == Decimal("200")
    assert turnover_growth("0,3", "0,1") == Decimal("200")
    assert turnover_growth(0.3, 0.1) != 200.0  # the float path shows the rounding
    # By hand: 0.1 x (1 + 10/100) = 0.11 exactly.
    assert turnover_target(Decimal("0.1"), growth_pct=Decimal("10")) == Decimal("0.11")
    assert turnover_target("0,1", growth_pct="10") == Decimal("0.11")


def test_growth_decimal_rounds_only_the_quotient() -> None:
    # By hand: (1 - 3) / 3 x 100 = -66.666...; 28 significant digits, half-even.
    assert turnover_growth(1, 3) == Decimal("-66.66666666666666666666666667")
    # Large exact amounts: (10^30 + 1 - 10^30) / 10^30 x 100 = 1e-28 exactly.
    assert turnover_growth(10**30 + 1, 10**30) == Decimal("1E-28")


@pytest.mark.parametrize(
    ("current", "previous", "kind"),
    [
        (120, 100, Decimal),
        (Decimal("120"), 100, Decimal),
        (120, "100", Decimal),
        (np.int64(120), np.int64(100), Decimal),
        (120.0, 100, float),
        (120, 100.0, float),
    ],
)
def test_growth_return_kind(current: Any, previous: Any, kind: type) -> None:
    # By hand: (120 - 100) / 100 x 100 = 20.
    out = turnover_growth(current, previous)
    assert type(out) is kind
    assert out == 20


def test_growth_containers() -> None:
    # By hand: 110 vs 100 -> 10 %; 90 vs 100 -> -10 %.
    out = turnover_growth(np.array([110.0, 90.0]), 100.0)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [10.0, -10.0])
    assert isinstance(turnover_growth([110, 90], [100, 100]), np.ndarray)
    series = pd.Series([110.0, 90.0], index=["jakpus", "jakut"], name="omset")
    out_s = turnover_growth(series, 100.0)
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == ["jakpus", "jakut"]
    np.testing.assert_allclose(out_s.to_numpy(), [10.0, -10.0])


def test_growth_float_nan_propagates() -> None:
    out = turnover_growth(np.array([110.0, np.nan]), np.array([100.0, 100.0]))
    assert out[0] == pytest.approx(10.0)
    assert np.isnan(out[1])
    assert np.isnan(turnover_growth(110.0, float("nan")))


@pytest.mark.parametrize(
    ("current", "previous", "name"),
    [
        (100, 0, "previous"),
        (100, -5, "previous"),
        (Decimal("100"), Decimal("0.00"), "previous"),
        (100.0, 0.0, "previous"),
        (np.array([1.0, 2.0]), np.array([1.0, -1.0]), "previous"),
        (-1, 100, "current"),
        (-1.0, 100.0, "current"),
        ("Rp -1", 100, "current"),
        ("1.00.0", 100, "current"),
        (100, "12.34", "previous"),
        (Decimal("NaN"), 100, "current"),
        (100, Decimal("Infinity"), "previous"),
        (Decimal("100"), 1.5, "previous"),
        (1.5, "100", "current"),
        (Decimal("100"), [1, 2], "previous"),
        ("100", np.array([1.0]), "previous"),
        (True, Decimal("1"), "current"),
        ([1.0, 2.0], [1.0, 2.0, 3.0], "current"),
        ("x", 1.0, "current"),
    ],
)
def test_growth_bad_input_names_parameter(current: Any, previous: Any, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        turnover_growth(current, previous)


# ------------------------------------------------------------------------------------------
# turnover_target


@pytest.mark.parametrize(
    ("previous", "growth", "expected"),
    [
        (100, 0, "100"),  # by hand: no growth
        (100, -100, "0"),  # by hand: everything lost
        (200, Decimal("2.5"), "205.0"),  # by hand: 200 x 1.025
        ("Rp 1.000,00", "2,5", "1025.0000"),  # by hand: 1000 x 1.025
    ],
)
def test_target_hand_values(previous: Any, growth: Any, expected: str) -> None:
    assert turnover_target(previous, growth_pct=growth) == Decimal(expected)


@pytest.mark.parametrize(
    ("previous", "growth", "name"),
    [
        (1.5, 3, "previous"),
        (-1, 3, "previous"),
        ("12.34", 3, "previous"),
        (100, 3.0, "growth_pct"),
        (100, -100.5, "growth_pct"),
        (100, "pk2024", "growth_pct"),
        (100, "3.5", "growth_pct"),  # ambiguous: Indonesian notation reads 3.5 as 35
        (100, None, "growth_pct"),
    ],
)
def test_target_bad_input_names_parameter(previous: Any, growth: Any, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        turnover_target(previous, growth_pct=growth)


def test_target_has_no_default_growth() -> None:
    with pytest.raises(TypeError, match="growth_pct"):
        turnover_target(100)  # type: ignore[call-arg]


# ------------------------------------------------------------------------------------------
# IKU 10: rise share


def test_rise_share_hand_example() -> None:
    # By hand: rises at businesses 1 and 4 (120 > 100, 150 > 140); 80 < 90 falls and
    # 100 = 100 is unchanged (not a rise): 2 of 4 = 50 %.
    assert turnover_rise_share([120, 80, 100, 150], [100, 90, 100, 140]) == 50.0


def test_rise_share_containers_agree() -> None:
    current = [120.0, 80.0, 100.0, 150.0, 10.0]
    previous = [100.0, 90.0, 100.0, 140.0, 0.0]
    # By hand: rises at 1, 4 and 5 (10 > 0): 3 of 5 = 60 %.
    for c, p in [
        (current, previous),
        (np.array(current), np.array(previous)),
        (pd.Series(current, index=list("abcde")), pd.Series(previous, index=list("abcde"))),
    ]:
        assert turnover_rise_share(c, p) == pytest.approx(60.0)


def test_rise_share_exact_strings_and_decimals() -> None:
    # By hand: 1,000,000.01 > 1,000,000 (a one-sen rise), 5,000 = 5,000: 1 of 2 = 50 %.
    assert turnover_rise_share(["Rp 1.000.000,01", "Rp 5.000"], ["1.000.000", "5.000"]) == 50.0
    # A one-sen rise on 10^16 rupiah, invisible to float64 (10^16 + 0.01 == 10^16).
    big = Decimal(10**16)
    assert turnover_rise_share([big + Decimal("0.01")], [big]) == 100.0
    assert float(big + Decimal("0.01")) == float(big)
    assert turnover_rise_share(pd.Series([Decimal("2"), Decimal("1")]), [1.5, 1.5]) == 50.0


def test_rise_share_missing_policies() -> None:
    current = [120.0, np.nan, 100.0]
    previous = [100.0, 90.0, 100.0]
    with pytest.raises(InvalidInputError, match=r"`current` must not be NaN.*position 1"):
        turnover_rise_share(current, previous)
    with pytest.raises(InvalidInputError, match=r"`previous` must not be NaN.*position 0"):
        turnover_rise_share([1.0], [np.nan], missing="raise")
    assert np.isnan(turnover_rise_share(current, previous, missing="propagate"))
    with pytest.raises(InvalidInputError, match="`current` must not be NaN"):
        turnover_rise_share(["1.000", None], [1, 2])
    assert np.isnan(turnover_rise_share(["1.000", None], [1, 2], missing="propagate"))
    # Without missing values "propagate" changes nothing, and no row is ever dropped.
    assert turnover_rise_share([2.0, 1.0, 1.0], [1.0, 1.0, 1.0], missing="propagate") == (
        pytest.approx(100.0 / 3)
    )


@pytest.mark.parametrize(
    ("current", "previous", "kwargs", "name"),
    [
        ([1.0, 2.0], [1.0], {}, "previous"),
        ([], [], {}, "current"),
        (5.0, 4.0, {}, "current"),
        ([[1.0, 2.0]], [[1.0, 2.0]], {}, "current"),
        ([1.0, -2.0], [1.0, 2.0], {}, "current"),
        ([1.0, 2.0], [1.0, -2.0], {}, "previous"),
        (["1.000", "x"], [1, 2], {}, "current"),
        ([1, 2], ["1.000", "Rp -5"], {}, "previous"),
        ([1.0, np.inf], [1.0, 2.0], {}, "current"),
        ([1.0], [1.0], {"missing": "reweight"}, "missing"),
        ([1.0], [1.0], {"missing": "omit"}, "missing"),
        (pd.Series([1.0, 2.0], index=[0, 1]), pd.Series([1.0, 2.0], index=[1, 0]), {}, "previous"),
        (
            pd.Series([Decimal(1), Decimal(2)], index=[0, 1]),
            pd.Series([Decimal(1), Decimal(2)], index=[5, 6]),
            {},
            "previous",
        ),
        (["1", "2"], ["1"], {}, "previous"),
    ],
)
def test_rise_share_bad_input(
    current: Any, previous: Any, kwargs: dict[str, Any], name: str
) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        turnover_rise_share(current, previous, **kwargs)


def test_rise_share_from_counts_seed() -> None:
    # Seed IKU 10: 5.848 assisted businesses (2021), target 56 %. By hand:
    # 3,275 / 5,848 = 0.5600205... -> 56.00 % (2 decimals, the target's rounding).
    assert turnover_rise_share_from_counts(3275, 5848) == pytest.approx(56.00, abs=0.005)
    # By hand: 3,274 / 5,848 = 55.985 % < 56 %.
    assert turnover_rise_share_from_counts(3274, 5848) == pytest.approx(55.985, abs=0.0005)


def test_rise_share_from_counts_containers_and_nan() -> None:
    assert isinstance(turnover_rise_share_from_counts(1, 4), float)
    out = turnover_rise_share_from_counts(np.array([1.0, np.nan]), 4)
    assert out[0] == 25.0  # by hand: 1 / 4
    assert np.isnan(out[1])
    out_s = turnover_rise_share_from_counts(pd.Series([0, 4], index=["x", "y"]), 4)
    assert list(out_s.index) == ["x", "y"]
    assert out_s.tolist() == [0.0, 100.0]


@pytest.mark.parametrize(
    ("rising", "assisted", "name"),
    [
        (5, 4, "rising"),
        (-1, 4, "rising"),
        (1.5, 4, "rising"),
        (0, 0, "assisted"),
        (1, 2.5, "assisted"),
        (1, -3, "assisted"),
        ("3", 4, "rising"),
    ],
)
def test_rise_share_from_counts_bad_input(rising: Any, assisted: Any, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        turnover_rise_share_from_counts(rising, assisted)


# ------------------------------------------------------------------------------------------
# registry


def test_calculate_turnover_growth_seed() -> None:
    # Seed IKU 4: 2022 turnover Rp 110.400.000.000,00; the 3 % target Rp 113.712.000.000,00.
    result = calculate(
        "turnover_growth",
        {
            "current_turnover": "Rp 113.712.000.000,00",
            "previous_turnover": SEED_TURNOVER_2022,
            "target_growth_pct": "pk-2024-dki",
        },
    )
    assert result.value == 3.0
    assert result.unit == "percent"
    assert result.category is None
    assert result.components["previous_turnover"] == "110400000000.00"
    assert result.components["turnover_change"] == "3312000000.00"
    assert result.components["growth_pct"] == "3"
    assert result.components["target_turnover"] == "113712000000.00"
    assert result.components["target_growth_pct"] == "3"
    assert result.components["target_rule"] == "pk-2024-dki"
    assert result.components["target_met"] is True
    assert type(result).model_validate_json(result.model_dump_json()) == result


def test_calculate_turnover_growth_numbers_and_no_target() -> None:
    # By hand: (90 - 100) / 100 x 100 = -10 %.
    result = calculate("turnover_growth", {"current_turnover": 90, "previous_turnover": 100})
    assert result.value == -10.0
    assert result.components["growth_pct"] == "-10"
    assert "target_turnover" not in result.components
    # A Decimal growth rule given as an Indonesian string; target 100 x 1.025 = 102.5 > 90.
    result = calculate(
        "turnover_growth",
        {"current_turnover": 90, "previous_turnover": 100, "target_growth_pct": "2,5"},
    )
    assert result.components["target_turnover"] == "102.5"
    assert result.components["target_met"] is False


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"current_turnover": 1, "previous_turnover": 0}, "previous_turnover"),
        ({"current_turnover": -1, "previous_turnover": 1}, "current_turnover"),
        ({"current_turnover": "12.34", "previous_turnover": 1}, "current_turnover"),
        ({"current_turnover": True, "previous_turnover": 1}, "current_turnover"),
        ({"current_turnover": 1, "previous_turnover": "NaN"}, "previous_turnover"),
        ({"current_turnover": 1}, "previous_turnover"),
        ({"current_turnover": 1, "previous_turnover": 1, "target": 3}, "target"),
        (
            {"current_turnover": 1, "previous_turnover": 1, "target_growth_pct": "pk2024"},
            "target_growth_pct",
        ),
    ],
)
def test_calculate_turnover_growth_bad_input(inputs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        calculate("turnover_growth", inputs)


def test_turnover_input_model_json_round_trip_is_exact() -> None:
    from dppapp_indikator.records.business import TurnoverGrowthInput, TurnoverRiseShareInput

    model = TurnoverGrowthInput.model_validate(
        {
            "current_turnover": "Rp 113.712.000.000,00",
            "previous_turnover": Decimal("110400000000.01"),
            "target_growth_pct": Decimal("2.5"),
        }
    )
    text = model.model_dump_json()
    # Amounts go to JSON in Indonesian notation, never as the ambiguous "110400000000.01".
    assert '"110.400.000.000,01"' in text
    assert TurnoverGrowthInput.model_validate_json(text) == model
    lists = TurnoverRiseShareInput.model_validate(
        {"current_turnovers": ["1.234,5", 7], "previous_turnovers": [Decimal("0.001"), 7]}
    )
    assert TurnoverRiseShareInput.model_validate_json(lists.model_dump_json()) == lists


def test_calculate_rise_share_from_counts_seed() -> None:
    # Seed IKU 10: 5.848 assisted businesses; 3,275 rising -> 56.00 % (hand, 2 decimals).
    result = calculate("business_turnover_rise_share", {"rising": 3275, "assisted": 5848})
    assert result.value == pytest.approx(56.00, abs=0.005)
    assert result.components == {"rising": 3275, "assisted": 5848, "not_rising": 2573}
    assert result.category is None


def test_calculate_rise_share_from_lists() -> None:
    # By hand: 1.000 > 999 rises, 5 = 5 does not, 7,5 > 7,49 rises: 2 of 3.
    result = calculate(
        "business_turnover_rise_share",
        {"current_turnovers": ["1.000", 5, "7,5"], "previous_turnovers": [999, "5", "7,49"]},
    )
    assert result.value == pytest.approx(200.0 / 3)
    assert result.components["rising"] == 2
    assert result.components["assisted"] == 3


@pytest.mark.parametrize(
    ("inputs", "match"),
    [
        ({"rising": 5, "assisted": 4}, "rising"),
        ({"rising": 1}, "rising"),
        ({"rising": 1, "assisted": 0}, "assisted"),
        ({}, "rising"),
        (
            {"rising": 1, "assisted": 2, "current_turnovers": [1], "previous_turnovers": [1]},
            "rising",
        ),
        ({"current_turnovers": [1, 2], "previous_turnovers": [1]}, "previous_turnovers"),
        ({"current_turnovers": [1]}, "previous_turnovers"),
        ({"current_turnovers": [], "previous_turnovers": []}, "current_turnovers"),
        ({"current_turnovers": [None], "previous_turnovers": [1]}, "current_turnovers"),
        ({"current_turnovers": [-1], "previous_turnovers": [1]}, "current_turnovers"),
    ],
)
def test_calculate_rise_share_bad_input(inputs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        calculate("business_turnover_rise_share", inputs)


def test_registry_metadata() -> None:
    from dppapp_indikator import get_indicator

    growth = get_indicator("turnover_growth")
    assert (growth.iku, growth.polarity, growth.unit) == (4, "higher", "percent")
    assert growth.name_id.startswith("Persentase kenaikan omset")
    rise = get_indicator("business_turnover_rise_share")
    assert (rise.iku, rise.polarity, rise.unit) == (10, "higher", "percent")
    assert "mengalami kenaikan omset" in rise.name_id
    for record in (growth, rise):
        doc = record.function.__doc__ or ""
        assert "Notes" in doc and "References" in doc
