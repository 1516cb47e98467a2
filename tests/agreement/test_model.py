"""Tests of the embedded Perjanjian Kinerja 2024 and its schema (methods/agreement#agreement).

The table ``SEED_ROWS`` below was written by reading the seed's OCR text
(the OCR text of PK 2024, the PK table on lines 61-137), NOT copied from the
package's data file: each row quotes the five target cells (TW I, TW II, TW III, TW IV,
Tahunan) and the "Keterangan" (unit) cell exactly as the OCR prints them, with the line number.
The test parses them with its own reader and applies the fixes methods/index#methods names.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pydantic import ValidationError

from dppapp_indikator import InvalidInputError, indicators
from dppapp_indikator._data import DataFileError
from dppapp_indikator.agreement import (
    PERIODS,
    Agreement,
    AgreementIndicator,
    TargetRange,
    load_agreement,
)
from dppapp_indikator.periods import aggregate_quarters

# (IKU, seed line, [TW I, TW II, TW III, TW IV, Tahunan] as printed, unit cell as printed)
SEED_ROWS: list[tuple[int, int, list[str], str]] = [
    (1, 63, ["N/A", "N/A", "N/A", "63.46", "63,46"], "Indeks"),
    (2, 68, ["N/A", "N/A", "N/A", "82,08", "82,08"], "Persen"),
    (3, 76, ["N/A", "N/A", "N/A", "86,3", "86,3"], "Persen"),
    (4, 82, ["14,35", "16,39", "19,11", "21,15", "71"], "Persen"),
    (5, 83, ["N/A", "N/A", "N/A", "2,23", "2,23"], "Rata-rata anak WUS (Wanita I Subur)"),
    (6, 84, ["N/A", "N/A", "N/A", "49,44", "49,44"], "Persen"),
    (7, 92, ["N/A", "NIA", "N/A", "24,8", "24,8"], "Persen"),
    (8, 99, ["N/A", "N/A", "N/A", "100", "100"], "Person"),
    (9, 100, ["N/A", "N/A", "N/A", "23,56", "23,56"], "Persan"),
    (10, 105, ["NIA", "N/A", "N/A", "56", "56"], "Persen"),
    (11, 107, ["100", "100", "100", "100", "100"], "Persen"),
    (12, 108, ["N/A", "N/A", "N/A", "3,25", "3,25"], "NHai"),
    (13, 113, ["5", "25", "55", "100", "100"], "Persen"),
    (14, 114, ["N/A", "30", "N/A", "80", "08"], "Persen"),
    (15, 119, ["N/A", "N/A", "N/A", "100", "100"], "Persen"),
    (16, 123, ["N/A", "N/A", "50", "50", "100"], "Persen"),
    (17, 124, ["N/A", "50", "N/A", "100", "100"], "Persen"),
    # line 128: "N/A	Tri H N/A		IV 71	Tahunan 71	Person" (header words bled into cells)
    (18, 128, ["N/A", "Tri H N/A", "", "IV 71", "Tahunan 71"], "Person"),
    (19, 135, ["100", "100", "100", "100", "100"], "Persen"),
    (20, 136, ["100", "100", "100", "100", "100"], "Person"),
    (21, 137, ["25", "25", "25", "25", "100"], "Persen"),
]

# Fixes named in methods/index#methods (10: IKU 14 "08" means 80) and in the task: OCR unit errors.
TARGET_FIXES = {(14, "Tahunan"): 80.0}
UNIT_FIXES = {
    "Person": "Persen",
    "Persan": "Persen",
    "NHai": "Nilai",
    "Rata-rata anak WUS (Wanita I Subur)": "Rata-rata anak per WUS (Wanita Usia Subur)",
}


def read_seed_cell(cell: str) -> float | None:
    """Read one OCR target cell: N/A (or its OCR 'NIA', or blank) -> None; decimal comma."""
    words = cell.split()
    if not words:
        return None
    last = words[-1]  # header words bleeding into the cell come first ("IV 71")
    if last in {"N/A", "NIA"}:
        return None
    return float(last.replace(",", "."))


def seed_targets(iku: int) -> dict[str, float | None]:
    row = next(r for r in SEED_ROWS if r[0] == iku)
    values = {p: read_seed_cell(c) for p, c in zip(PERIODS, row[2], strict=True)}
    for (number, period), fixed in TARGET_FIXES.items():
        if number == iku:
            values[period] = fixed
    return values


PK = load_agreement()


def test_agreement_header() -> None:
    assert PK.year == 2024
    assert "Perjanjian Kinerja" in PK.title
    assert "Pengendalian Penduduk" in PK.organisation
    assert PK.source.strip()
    assert [i.number for i in PK.indicators] == list(range(1, 22))


@pytest.mark.parametrize(("iku", "line", "cells", "unit"), SEED_ROWS, ids=[r[0] for r in SEED_ROWS])
def test_targets_equal_the_seed(iku: int, line: int, cells: list[str], unit: str) -> None:
    indicator = PK.indicator(iku)
    expected = seed_targets(iku)
    for period in PERIODS:
        got = indicator.targets.for_period(period)
        if expected[period] is None:
            assert got is None, f"IKU {iku} {period} (seed line {line})"
        else:
            assert got == pytest.approx(expected[period], abs=1e-9), f"IKU {iku} {period}"
    assert indicator.unit == UNIT_FIXES.get(unit, unit)
    assert indicator.seed_line == line


def test_target_n_a_pattern_is_kept() -> None:
    # seed line 114: IKU 14 has targets only in TW II (30) and TW IV (80)
    targets = PK.indicator(14).targets
    assert targets.tw1 is None and targets.tw3 is None
    assert targets.tw2 == 30.0 and targets.tw4 == 80.0


def test_polarity_lower_for_tfr_and_violence() -> None:
    # methods/agreement#agreement: lower is better for IKU 5 (TFR), 7 and 9 (prevalence of violence)
    assert [i.number for i in PK.indicators if i.polarity == "lower"] == [5, 7, 9]


def test_registry_codes_exist_and_agree() -> None:
    registry = {record.code: record for record in indicators()}
    expected_codes = {
        1: "ibangga",
        2: "idg",
        3: "ipa",
        4: "turnover_growth",
        5: "tfr",
        6: "women_decision_making",
        7: "pkp",
        8: "kla_nindya_share",
        9: "pka",
        10: "business_turnover_rise_share",
        11: "public_communication",
        12: "sdi_quality",
        13: "bmd_inventory",
        14: "tkdn_share",
        15: "competency_development",
        16: "knowledge_management",
        17: "risk_management",
        18: "nka",
        19: "governor_directives_follow_up",
        20: "complaints_follow_up",
        21: "bpk_follow_up",
    }
    for item in PK.indicators:
        assert item.registry_code == expected_codes[item.number]
        record = registry[item.registry_code]
        assert record.iku == item.number
        assert record.polarity == item.polarity


@pytest.mark.parametrize(
    ("iku", "how", "annual"),
    [
        # 14,35 + 16,39 + 19,11 + 21,15 = 71 (seed line 82; methods/agreement#agreement)
        (4, "sum", 71.0),
        # cumulative 5/25/55/100 (seed line 113; methods/governance#governance,
        # methods/agreement#agreement)
        (13, "last", 100.0),
        (21, "sum", 100.0),  # 25 x 4 = 100 (seed line 137)
        (16, "sum", 100.0),  # 50 + 50 = 100 (seed line 123)
        (17, "last", 100.0),  # 50 by TW II, 100 by TW IV (seed line 124)
        (14, "last", 80.0),  # 30 by TW II, 80 by TW IV; annual "08" read as 80 (line 114)
        (11, "constant", 100.0),  # 100 every quarter (seed line 107)
        (19, "constant", 100.0),  # (seed line 135)
        (20, "constant", 100.0),  # (seed line 136)
    ],
)
def test_quarter_aggregation_reproduces_annual(iku: int, how: str, annual: float) -> None:
    indicator = PK.indicator(iku)
    assert indicator.aggregation == how
    seed = seed_targets(iku)
    quarters = [seed[p] for p in PERIODS[:4]]
    assert aggregate_quarters(quarters, how) == pytest.approx(annual, abs=0.005)  # type: ignore[arg-type]
    assert seed["Tahunan"] == pytest.approx(annual, abs=0.005)


@pytest.mark.parametrize("indicator", PK.indicators, ids=[str(i.number) for i in PK.indicators])
def test_every_aggregation_reproduces_the_seed_annual(indicator: AgreementIndicator) -> None:
    seed = seed_targets(indicator.number)
    low, high = indicator.aggregated_target()
    assert low == pytest.approx(seed["Tahunan"], abs=0.005)
    assert high == pytest.approx(seed["Tahunan"], abs=0.005)
    assert indicator.aggregation_basis.strip()


def test_fixes_are_documented() -> None:
    assert PK.fixes
    for fix in PK.fixes:
        assert fix.seed.strip() and fix.used.strip() and fix.reason.strip()
    by_key = {(f.number, f.field): f for f in PK.fixes}
    tkdn = by_key[(14, "targets.annual")]
    assert (tkdn.seed, tkdn.used) == ("08", "80")
    kla = by_key[(8, "targets.annual")]
    assert kla.used == "100" and "67" in kla.seed  # action plan T/O3.1.1 says 67 % (line 192)
    units = {(f.number, f.seed, f.used) for f in PK.fixes if f.field == "unit"}
    assert (8, "Person", "Persen") in units
    assert (12, "NHai", "Nilai") in units
    decimal = [f for f in PK.fixes if f.field == "targets" and "82,08" in f.seed]
    assert decimal and "82.08" in decimal[0].used


def test_iku8_keeps_100_and_the_action_plan_keeps_67() -> None:
    kla = PK.indicator(8)
    assert kla.targets.annual == 100.0
    outputs = [o.text for a in kla.action_plan for c in a.criteria for o in c.outputs]
    assert any(text.startswith("67%") for text in outputs)  # seed line 192


# Number of RA rows per indicator in the seed's Rencana Aksi table (lines 155-196).
ACTION_COUNTS = {1: 4, 2: 3, 3: 4, 4: 2, 5: 4, 6: 3, 7: 5, 8: 3, 9: 4, 10: 2}


def test_action_plan_structure() -> None:
    for item in PK.indicators:
        assert len(item.action_plan) == ACTION_COUNTS.get(item.number, 0), item.number
        codes = [a.code for a in item.action_plan]
        assert codes == [f"RA{k}" for k in range(1, len(codes) + 1)]
        for k, action in enumerate(item.action_plan, start=1):
            for criterion in action.criteria:
                assert criterion.code.startswith(f"KK{k}.")
                for output in criterion.outputs:
                    assert output.code.startswith(f"T/O{k}.")
                    assert output.schedule.strip()


@pytest.mark.parametrize(
    ("iku", "ra", "quarters"),
    [
        (4, 0, ["TW 2", "TW 3", "TW 4"]),  # line 156: "TW 2, 3 dan 4"
        (1, 0, ["TW 1"]),  # line 158: "TW 1"
        (3, 1, ["TW 2", "TW 3", "TW 4"]),  # line 168: "TW 2-4"
        (3, 3, ["TW 1", "TW 2", "TW 3", "TW 4"]),  # line 170: "TW 1-4"
        (7, 1, ["TW 2", "TW 3"]),  # line 184: "TW 2 dan 3"
        (10, 1, ["TW 3", "TW 4"]),  # line 172: "TW 3 dan 4"
        (9, 3, ["TW 4"]),  # line 196: "TW 4"
    ],
)
def test_action_plan_quarters(iku: int, ra: int, quarters: list[str]) -> None:
    output = PK.indicator(iku).action_plan[ra].criteria[0].outputs[0]
    assert list(output.quarters) == quarters


def test_to_frame() -> None:
    frame = PK.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert frame.shape[0] == 21
    assert list(frame.index) == list(range(1, 22))
    assert frame.loc[4, ["tw1", "tw2", "tw3", "tw4", "annual"]].tolist() == pytest.approx(
        [14.35, 16.39, 19.11, 21.15, 71.0]
    )
    assert math.isnan(frame.loc[14, "tw1"])
    assert frame["annual_upper"].isna().all()  # no range target in PK 2024
    assert frame.loc[5, "polarity"] == "lower"
    assert frame.loc[13, "aggregation"] == "last"


def test_indicator_lookup_and_unknown_number() -> None:
    assert PK.indicator(12).name == "Nilai kualitas data SDI"
    with pytest.raises(InvalidInputError, match=r"`number`.*got 22"):
        PK.indicator(22)


def test_load_is_cached_and_frozen() -> None:
    assert load_agreement() is PK
    with pytest.raises(ValidationError):
        PK.year = 2025  # type: ignore[misc]
    with pytest.raises(ValidationError):
        PK.indicators[0].targets.annual = 1.0  # type: ignore[misc]


def test_json_round_trip_and_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "pk.json"
    path.write_text(PK.model_dump_json(), "utf-8")
    again = load_agreement(path)
    assert again == PK
    assert again is not PK


def _raw() -> dict[str, Any]:
    return json.loads(PK.model_dump_json())


def test_range_targets_in_the_schema() -> None:
    raw = _raw()
    raw["indicators"][3]["targets"]["annual"] = [60, 80]
    raw["indicators"][3]["targets"]["tw4"] = {"lower": 15, "upper": 25}
    custom = Agreement.model_validate(raw)
    targets = custom.indicator(4).targets
    assert targets.annual == TargetRange(lower=60, upper=80)
    assert targets.bounds("Tahunan") == (60.0, 80.0)
    assert targets.bounds("TW IV") == (15.0, 25.0)
    assert targets.bounds("TW I") == (14.35, 14.35)
    assert targets.has_range()
    frame = custom.to_frame()
    assert (frame.loc[4, "annual"], frame.loc[4, "annual_upper"]) == (60.0, 80.0)
    assert math.isnan(frame.loc[4, "tw1_upper"])


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda r: r["indicators"][3]["targets"].update(annual=[80, 60]), "exceeds upper"),
        (lambda r: r["indicators"][3]["targets"].update(annual="N/A"), "annual"),
        (lambda r: r["indicators"][3]["targets"].update(tw1=math.inf), "tw1"),
        (lambda r: r["indicators"][3].update(polarity="up"), "polarity"),
        (lambda r: r["indicators"][3].update(aggregation="mean"), "aggregation"),
        (lambda r: r["indicators"][3].update(registry_code="Turnover Growth"), "snake_case"),
        (lambda r: r["indicators"][3].update(extra_field=1), "extra_field"),
        (lambda r: r["indicators"][1].update(number=1), "unique"),
        (lambda r: r["indicators"][10]["targets"].update(tw2=90), "constant"),
        (lambda r: r["fixes"].append({**r["fixes"][0], "number": 99}), "IKU 99"),
        (
            lambda r: r["indicators"][0]["action_plan"][0]["criteria"][0]["outputs"][0].update(
                quarters=["TW 3", "TW 1"]
            ),
            "in order",
        ),
        (
            lambda r: r["indicators"][0]["action_plan"][0]["criteria"][0]["outputs"][0].update(
                quarters=["TW 5"]
            ),
            "quarters",
        ),
    ],
)
def test_schema_rejects_bad_data(edit: Any, match: str) -> None:
    raw = _raw()
    edit(raw)
    with pytest.raises(ValidationError, match=match):
        Agreement.model_validate(raw)


def test_load_bad_file_raises_data_file_error(tmp_path: Path) -> None:
    raw = _raw()
    raw["year"] = "soon"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(raw), "utf-8")
    with pytest.raises(DataFileError, match="year"):
        load_agreement(path)


def test_unknown_period_for_targets() -> None:
    with pytest.raises(InvalidInputError, match="`period`"):
        PK.indicator(1).targets.for_period("TW V")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- ranges and rules


def test_valid_range_bounds_and_description() -> None:
    from dppapp_indikator.agreement import ValidRange

    tfr = ValidRange(lower=0, upper=10, lower_inclusive=False, basis="births per woman")
    assert [tfr.contains(v) for v in (0.0, 1e-9, 10.0, 10.000001, math.inf, math.nan)] == [
        False,
        True,
        True,
        False,
        False,
        False,
    ]
    assert tfr.describe() == "(0, 10]"
    growth = ValidRange(lower=-100, upper=None, basis="growth")
    assert growth.contains(-100.0) and growth.contains(1e12) and not growth.contains(-100.5)
    assert growth.describe() == "[-100, +inf)"
    with pytest.raises(ValueError, match="must be below upper"):
        ValidRange(lower=5, upper=5, basis="x")


def test_range_problem_hints_the_other_decimal_mark() -> None:
    tfr = PK.indicator(5)
    assert tfr.range_problem(2.19) is None
    assert "did you mean 2,230?" in str(tfr.range_problem(2230.0, "2.230"))
    assert "did you mean 2,23?" in str(tfr.range_problem(2230.0))  # a number cell
    assert "did you mean" not in str(tfr.range_problem(-2.1, "-2,1"))
    assert "did you mean" not in str(tfr.range_problem(25.0))  # 25 is no thousands group
    bmd = PK.indicator(13)
    assert "did you mean 1,000?" in str(bmd.range_problem(1000.0, "1.000"))
    assert "did you mean" not in str(bmd.range_problem(1e11, "100.000.000.000"))


def test_undeclared_range_keeps_an_absurdity_guard() -> None:
    raw = _raw()
    raw["indicators"][0]["valid_range"] = None
    custom = Agreement.model_validate(raw)
    assert custom.indicator(1).range_problem(1e5) is None
    assert "declares no valid_range" in str(custom.indicator(1).range_problem(1e7))


@pytest.mark.parametrize(
    ("index", "edit", "match"),
    [
        (3, {"quarter_kind": "to_date"}, "does not fit aggregation 'sum'"),
        (12, {"quarter_kind": "per_quarter"}, "does not fit aggregation 'last'"),
        (3, {"annual_rule": {"rule": "mean", "basis": "x", "inferred": True}}, "only for"),
        (4, {"valid_range": {"lower": 0, "upper": 2, "basis": "x"}}, "outside valid_range"),
        (10, {"annual_rule": {"rule": "median", "basis": "x", "inferred": True}}, "rule"),
    ],
)
def test_rules_are_checked_against_the_targets(
    index: int, edit: dict[str, Any], match: str
) -> None:
    raw = _raw()
    raw["indicators"][index].update(edit)
    with pytest.raises(ValueError, match=match):
        Agreement.model_validate(raw)


def test_kind_follows_the_aggregation_when_not_declared() -> None:
    raw = _raw()
    for item in raw["indicators"]:
        item["quarter_kind"] = None
    custom = Agreement.model_validate(raw)
    assert [i.number for i in custom.indicators if i.kind == "per_quarter"] == [4, 16, 21]
