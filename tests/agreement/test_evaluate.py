"""Tests of evaluate(): realisations against the PK 2024 targets (methods/agreement#agreement)."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator.agreement import EVALUATION_COLUMNS, Agreement, evaluate, load_agreement
from dppapp_indikator.periods import normalize_period

PK = load_agreement()


def frame(rows: list[tuple[Any, Any, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["number", "period", "realisation"])


def row(out: pd.DataFrame, number: int, period: str) -> pd.Series:
    match = out[(out["number"] == number) & (out["period"] == period)]
    assert len(match) == 1
    return match.iloc[0]


def test_columns_and_order() -> None:
    out = evaluate(PK, frame([(5, "Tahunan", 2.1), (4, "TW II", 16.0), (4, "TW I", 15.0)]))
    assert tuple(out.columns) == EVALUATION_COLUMNS
    assert list(zip(out["number"], out["period"], strict=True)) == [
        (4, "TW I"),
        (4, "TW II"),
        (4, "s.d. TW II"),  # TW III-IV missing: the achievement to date, not the year's
        (5, "Tahunan"),
    ]
    assert out["number"].dtype == np.int64


@pytest.mark.parametrize(
    ("number", "realisation", "expected"),
    [
        # lower is better (methods/agreement#agreement, PermenPANRB 8/2021): (2 - R/T) x 100
        (5, 2.10, 105.83),  # TFR: (2 - 2.10/2.23) x 100 (target 2,23, seed line 83)
        (7, 26.0, 95.16),  # PKP: (2 - 26/24.8) x 100 (target 24,8, seed line 92)
        (9, 20.0, 115.11),  # PKA: (2 - 20/23.56) x 100 (target 23,56, seed line 100)
        # higher is better for the others: R / T x 100
        (6, 49.44, 100.0),  # on target 49,44 (seed line 84)
        (12, 3.0, 92.31),  # SDI: 3 / 3.25 x 100 (seed line 108)
    ],
)
def test_polarity_through_evaluate(number: int, realisation: float, expected: float) -> None:
    out = evaluate(PK, frame([(number, "Tahunan", realisation)]))
    got = row(out, number, "Tahunan")
    assert got["polarity"] == ("lower" if number in (5, 7, 9) else "higher")
    assert got["achievement"] == pytest.approx(expected, abs=0.005)
    assert got["note"] == ""


def test_lower_is_better_ranks_below_target_as_good() -> None:
    out = evaluate(PK, {7: {"Tahunan": 20.0}, 9: {"Tahunan": 30.0}})
    assert row(out, 7, "Tahunan")["achievement"] > 100  # prevalence below target: good
    assert row(out, 9, "Tahunan")["achievement"] < 100  # prevalence above target: bad


def test_quarterly_rows_and_category() -> None:
    out = evaluate(PK, frame([(4, "TW I", 15.0), (4, "TW II", 16.0)]))
    tw1 = row(out, 4, "TW I")
    assert tw1["target"] == 14.35  # seed line 82
    assert tw1["achievement"] == pytest.approx(104.53, abs=0.005)  # 15 / 14.35 x 100
    assert tw1["category"] == "sangat tinggi"
    assert row(out, 4, "TW II")["achievement"] == pytest.approx(97.62, abs=0.005)  # 16/16.39


def test_annual_aggregated_by_sum() -> None:
    # IKU 4 aggregates by sum (methods/agreement#agreement): 15 + 16 + 20 + 22 = 73 against 71
    data = {4: {"TW I": 15.0, "TW II": 16.0, "TW III": 20.0, "TW IV": 22.0}}
    annual = row(evaluate(PK, data), 4, "Tahunan")
    assert annual["realisation"] == pytest.approx(73.0)
    assert annual["achievement"] == pytest.approx(102.82, abs=0.005)  # 73 / 71 x 100
    assert "aggregated" in annual["note"] and "sum" in annual["note"]
    assert "TW I, TW II, TW III, TW IV" in annual["note"]


def test_annual_aggregated_by_last() -> None:
    # IKU 13 is cumulative (5/25/55/100): the year's realisation is the last quarter's
    data = {13: {"TW I": 5.0, "TW II": 20.0, "TW III": 50.0, "TW IV": 90.0}}
    annual = row(evaluate(PK, data), 13, "Tahunan")
    assert annual["realisation"] == 90.0
    assert annual["achievement"] == pytest.approx(90.0)
    assert annual["category"] == "tinggi"
    assert "last quarter" in annual["note"]
    assert annual["basis"] == "tahunan" and annual["annual_rule"].startswith("triwulan terakhir")


def test_annual_aggregated_for_constant_indicators() -> None:
    data = {19: {"TW I": 100.0, "TW II": 90.0, "TW III": 80.0, "TW IV": 70.0}}
    last = row(evaluate(PK, data), 19, "Tahunan")
    assert last["realisation"] == 70.0  # the agreement's rule: last reported quarter
    assert last["annual_rule"] == "triwulan terakhir (last reported quarter); inferred"
    mean = row(evaluate(PK, data, constant_annual="mean"), 19, "Tahunan")
    assert mean["realisation"] == 85.0  # (100 + 90 + 80 + 70) / 4
    assert "mean" in mean["note"] and "constant_annual" in mean["annual_rule"]


def test_constant_indicator_partial_year_is_to_date() -> None:
    out = evaluate(PK, {19: {"TW I": 100.0, "TW II": 90.0}})
    to_date = row(out, 19, "s.d. TW II")
    assert to_date["realisation"] == 90.0 and to_date["target"] == 100.0
    assert to_date["basis"] == "s.d. TW II"
    assert (out["period"] == "Tahunan").sum() == 0


def test_annual_row_given_is_not_replaced() -> None:
    out = evaluate(PK, {4: {"TW I": 15.0, "Tahunan": 70.0}})
    assert len(out) == 2
    annual = row(out, 4, "Tahunan")
    assert annual["realisation"] == 70.0 and annual["note"] == ""


def test_target_n_a_and_no_realisation_rows_are_kept() -> None:
    data = frame([(14, "TW I", 10.0), (14, "TW II", np.nan), (1, "Tahunan", None)])
    out = evaluate(PK, data)
    assert len(out) == 4  # 3 input rows + IKU 14's row to date
    tw1 = row(out, 14, "TW I")  # seed line 114: TW I target N/A
    assert math.isnan(tw1["target"]) and math.isnan(tw1["achievement"])
    assert tw1["category"] is None
    assert tw1["note"] == "target N/A"
    tw2 = row(out, 14, "TW II")
    assert tw2["target"] == 30.0 and tw2["note"] == "no realisation"
    assert math.isnan(tw2["achievement"])
    # TW II (target 30) not reported: the value to date (TW I, no target) is not the year's
    to_date = row(out, 14, "s.d. TW I")
    assert to_date["realisation"] == 10.0
    assert math.isnan(to_date["target"]) and math.isnan(to_date["achievement"])
    iku1 = row(out, 1, "Tahunan")
    assert math.isnan(iku1["realisation"]) and iku1["note"] == "no realisation"


def test_all_quarters_missing_gives_nan_annual_with_note() -> None:
    out = evaluate(PK, {21: {"TW I": None, "TW II": np.nan}})
    annual = row(out, 21, "Tahunan")
    assert math.isnan(annual["realisation"])
    assert annual["note"].startswith("no realisation; no quarter reported")


def test_mapping_equals_frame_and_period_spellings() -> None:
    by_frame = evaluate(PK, frame([(5, "Tahunan", 2.1), (13, "TW I", 5.0)]))
    by_mapping = evaluate(PK, {5: {"annual": 2.1}, 13: {"tw 1": 5.0}})
    pd.testing.assert_frame_equal(by_frame, by_mapping)


def test_extra_columns_ignored_and_input_untouched() -> None:
    data = frame([(4, "TW I", 15.0)]).assign(comment="ok")
    before = data.copy()
    out = evaluate(PK, data)
    assert "comment" not in out.columns
    pd.testing.assert_frame_equal(data, before)


def test_cap_and_profile_pass_through() -> None:
    out = evaluate(PK, {4: {"Tahunan": 142.0}}, cap=120)
    assert row(out, 4, "Tahunan")["achievement"] == 120.0  # 142 / 71 x 100 = 200, capped


def test_empty_input() -> None:
    out = evaluate(PK, frame([]))
    assert tuple(out.columns) == EVALUATION_COLUMNS
    assert out.empty


def _custom(edit: Any) -> Agreement:
    raw = json.loads(PK.model_dump_json())
    edit(raw)
    return Agreement.model_validate(raw)


def test_range_target_through_evaluate() -> None:
    custom = _custom(lambda r: r["indicators"][3]["targets"].update(annual=[60, 80]))
    out = evaluate(custom, {4: {"Tahunan": 70.0}})
    inside = row(out, 4, "Tahunan")
    assert (inside["target"], inside["target_upper"]) == (60.0, 80.0)
    assert inside["achievement"] == 100.0
    above = row(evaluate(custom, {4: {"Tahunan": 90.0}}), 4, "Tahunan")
    assert above["achievement"] == pytest.approx(112.5)  # 90 / 80 x 100


def test_zero_target_in_an_agreement_raises() -> None:
    def edit(raw: dict[str, Any]) -> None:
        raw["indicators"][4]["targets"].update(annual=0.0)
        raw["indicators"][4]["valid_range"] = None  # the TFR range (0, 10] excludes 0

    custom = _custom(edit)
    with pytest.raises(InvalidInputError, match="`agreement` IKU 5 Tahunan"):
        evaluate(custom, {5: {"Tahunan": 1.0}})


@pytest.mark.parametrize(
    ("realisations", "match"),
    [
        (frame([(22, "Tahunan", 1.0)]), "`number` must be an indicator number.*got 22"),
        (frame([(0, "Tahunan", 1.0)]), "`number`.*got 0 at position 0"),
        (frame([(4.5, "Tahunan", 1.0)]), "`number`.*got 4.5"),
        (frame([("4", "Tahunan", 1.0)]), "`number`.*got '4'"),
        (frame([(np.nan, "Tahunan", 1.0)]), "`number`.*got nan"),
        (frame([(4, "TW I", 1.0), (4, "TW V", 1.0)]), "`period`.*got 'TW V' at position 1"),
        (frame([(4, 1, 1.0)]), "`period`.*got 1"),
        (frame([(4, "TW I", 1.0), (4, "tw 1", 2.0)]), "one row per.*\\(4, 'TW I'\\)"),
        (frame([(4, "TW I", "15")]), "`realisation` must be a number.*got '15'"),
        (frame([(4, "TW I", np.inf)]), "`realisation` must be finite"),
        (pd.DataFrame({"number": [4], "value": [1.0]}), "`realisations` must have the columns"),
        ([(4, "TW I", 1.0)], "`realisations` must be a pandas DataFrame"),
        ({4: 15.0}, "`realisations` must map each indicator number"),
    ],
)
def test_bad_realisations(realisations: Any, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        evaluate(PK, realisations)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"cap": -1}, "`cap`"),
        ({"profile": "nope"}, "`profile`"),
        ({"constant_annual": "first"}, "`constant_annual`"),
    ],
)
def test_bad_options(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        evaluate(PK, {4: {"TW I": 1.0}}, **kwargs)


def test_bad_agreement() -> None:
    with pytest.raises(InvalidInputError, match="`agreement` must be an Agreement"):
        evaluate({"indicators": []}, {4: {"TW I": 1.0}})  # type: ignore[arg-type]


def test_normalize_period() -> None:
    assert normalize_period("  triwulan   iii ") == "TW III"
    assert normalize_period("TW4") == "TW IV"
    with pytest.raises(InvalidInputError, match=r"`period`.*got 'TW 5'"):
        normalize_period("TW 5")


# --------------------------------------------------------------------------- ranges, kinds, years


def test_realisation_outside_its_range_is_refused() -> None:
    # TFR range (0, 10]: "2.230" read with dot-thousands is 2230
    with pytest.raises(InvalidInputError, match=r"IKU 5 Tahunan is outside .*did you mean 2,23\?"):
        evaluate(PK, frame([(1, "Tahunan", 60.0), (5, "Tahunan", 2230.0)]))
    with pytest.raises(InvalidInputError, match=r"at position 0"):
        evaluate(PK, frame([(6, "Tahunan", 1e308)]))
    # growth may be negative: -5 / 14.35 x 100
    out = evaluate(PK, {4: {"TW I": -5.0}})
    assert row(out, 4, "TW I")["achievement"] == pytest.approx(-34.84320557491289)


def test_quarters_adding_up_beyond_the_range_are_refused() -> None:
    # IKU 21 entered as the stock completion 80/85/90/95: the sum 350 exceeds [0, 100]
    data = {21: {"TW I": 80.0, "TW II": 85.0, "TW III": 90.0, "TW IV": 95.0}}
    with pytest.raises(InvalidInputError, match=r"350.*entries='to_date'"):
        evaluate(PK, data)
    as_to_date = evaluate(PK, data, entries="to_date")
    assert row(as_to_date, 21, "TW II")["realisation"] == 5.0  # 85 - 80


def test_partial_year_is_to_date_never_the_year() -> None:
    # IKU 4 exactly on target in TW I-II: 100 % to date (30,74 / 30,74), not 30,74 / 71
    out = evaluate(PK, {4: {"TW I": 14.35, "TW II": 16.39}})
    assert (out["period"] == "Tahunan").sum() == 0
    to_date = row(out, 4, "s.d. TW II")
    assert to_date["target"] == 30.74 and to_date["realisation"] == 30.74
    assert to_date["achievement"] == 100.0
    assert to_date["basis"] == "s.d. TW II" and "not the year's" in to_date["note"]


def test_gap_in_a_summed_indicator_gives_no_value_to_date() -> None:
    out = evaluate(PK, {4: {"TW I": 14.35, "TW III": 19.11}})
    to_date = row(out, 4, "s.d. TW III")
    assert math.isnan(to_date["realisation"]) and math.isnan(to_date["achievement"])
    assert "TW II not reported" in to_date["note"]


def test_last_indicator_complete_with_its_last_target_quarter() -> None:
    # IKU 14: targets TW II 30 and TW IV 80; TW IV reported -> the year
    out = evaluate(PK, {14: {"TW II": 30.0, "TW IV": 72.0}})
    annual = row(out, 14, "Tahunan")
    assert annual["achievement"] == pytest.approx(90.0)  # 72 / 80 x 100
    partial = evaluate(PK, {14: {"TW II": 24.0, "TW III": 50.0}})
    to_date = row(partial, 14, "s.d. TW II")  # the last reported quarter with a target
    assert to_date["achievement"] == pytest.approx(80.0)  # 24 / 30 x 100


def test_annual_row_contradicting_its_quarters_is_flagged() -> None:
    quarters = {"TW I": 14.35, "TW II": 16.39, "TW III": 19.11, "TW IV": 21.15}
    out = evaluate(PK, {4: {**quarters, "Tahunan": 80.0}})
    annual = row(out, 4, "Tahunan")
    assert bool(annual["mismatch"]) and "TIDAK SESUAI" in annual["note"]
    assert annual["realisation"] == 80.0  # the row given is used, and flagged
    agreeing = row(evaluate(PK, {4: {**quarters, "Tahunan": 71.0}}), 4, "Tahunan")
    assert not bool(agreeing["mismatch"])  # 14,35 + 16,39 + 19,11 + 21,15 = 71 exactly
    partial = row(evaluate(PK, {4: {"TW I": 1.0, "Tahunan": 80.0}}), 4, "Tahunan")
    assert not bool(partial["mismatch"])  # quarters incomplete: nothing to compare


def test_entries_conversion_is_exact_and_symmetric() -> None:
    per_quarter = {4: {"TW I": 14.35, "TW II": 16.39, "TW III": 19.11, "TW IV": 21.15}}
    to_date = {4: {"TW I": 14.35, "TW II": 30.74, "TW III": 49.85, "TW IV": 71.0}}
    a = evaluate(PK, per_quarter)
    b = evaluate(PK, to_date, entries="to_date")
    pd.testing.assert_frame_equal(a, b)
    assert a["achievement"].tolist() == [100.0] * 5
    # a to-date indicator (IKU 13) entered per quarter: 5 + 20 + 30 + 45 = 100
    c = evaluate(
        PK, {13: {"TW I": 5.0, "TW II": 20.0, "TW III": 30.0, "TW IV": 45.0}}, entries="per_quarter"
    )
    assert c["realisation"].tolist() == [5.0, 25.0, 55.0, 100.0, 100.0]


def test_entries_that_cannot_be_converted() -> None:
    with pytest.raises(InvalidInputError, match=r"TW I \(with a target\) is not reported"):
        evaluate(PK, {4: {"TW II": 30.0}}, entries="to_date")
    with pytest.raises(InvalidInputError, match=r"to-date entry 40\.0 after 50\.0"):
        evaluate(PK, {16: {"TW III": 50.0, "TW IV": 40.0}}, entries="to_date")
    with pytest.raises(InvalidInputError, match="`entries`"):
        evaluate(PK, {4: {"TW I": 1.0}}, entries="cumulative")  # type: ignore[arg-type]


def test_constant_rule_comes_from_the_agreement() -> None:
    def mean_rule(raw: dict[str, Any]) -> None:
        raw["indicators"][18]["annual_rule"] = {
            "rule": "mean",
            "basis": "test agreement",
            "inferred": False,
        }

    custom = _custom(mean_rule)
    data = {19: {"TW I": 100.0, "TW II": 90.0, "TW III": 80.0, "TW IV": 70.0}}
    annual = row(evaluate(custom, data), 19, "Tahunan")
    assert annual["realisation"] == 85.0  # (100 + 90 + 80 + 70) / 4
    assert annual["annual_rule"] == "rata-rata (mean); declared"


def test_blank_annual_row_of_a_template_is_filled_from_the_quarters() -> None:
    quarters = [(4, q, v) for q, v in zip(PERIODS_Q, (15.0, 16.0, 20.0, 22.0), strict=True)]
    out = evaluate(PK, frame([*quarters, (4, "Tahunan", np.nan)]))
    annual = row(out, 4, "Tahunan")
    assert annual["realisation"] == 73.0  # 15 + 16 + 20 + 22
    assert annual["achievement"] == pytest.approx(102.8169014084507)  # 73 / 71 x 100
    partial = evaluate(PK, frame([(4, "TW I", 15.0), (4, "Tahunan", None)]))
    assert list(partial["period"]) == ["TW I", "s.d. TW I"]
    nothing = evaluate(PK, frame([(1, "Tahunan", None)]))
    assert row(nothing, 1, "Tahunan")["note"] == "no realisation"


PERIODS_Q = ("TW I", "TW II", "TW III", "TW IV")
