"""Reference and behaviour tests of dppapp_indikator.governance (methods/governance#governance).

No published values exist for these agency-internal percentages: every expected number is
computed by hand in the comment beside it, from the formulas of methods/governance#governance and
the weights,
prefixes and deadlines of the seed (Perjanjian Kinerja 2024, IKU 11, 13-17, 19-21).
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pydantic
import pytest

from dppapp_indikator import InvalidInputError, calculate
from dppapp_indikator.governance import (
    COMMUNICATION_COMPONENTS,
    bmd_inventory_score,
    bmd_inventory_weights,
    classify_procurement_account,
    communication_score,
    communication_weights,
    competency_attainment,
    competency_score,
    completion_pct,
    count_on_time_stages,
    knowledge_report_due_dates,
    procurement_account_prefixes,
    tkdn_pct,
    tkdn_share,
)
from dppapp_indikator.registry import Result, get_indicator

EXACT = 1e-9  # hand-computed values are exact up to floating-point rounding

# --------------------------------------------------------------------------------------------
# Packaged data = the seed
# --------------------------------------------------------------------------------------------


def test_packaged_weights_are_the_seeds() -> None:
    # Seed IKU 11 "Metode Pengukuran": Bobot 35 %, 30 %, 20 %, 15 %.
    assert communication_weights() == {
        "strategy": 0.35,
        "publication": 0.30,
        "crisis_response": 0.20,
        "interactive_response": 0.15,
    }
    # Seed IKU 13 "Definisi": Bobot 5 %, 85 %, 10 %.
    assert bmd_inventory_weights() == {"team": 5.0, "entry": 85.0, "report": 10.0}


def test_packaged_prefixes_are_the_seeds() -> None:
    # Seed IKU 14 "Definisi c": the eight kode rekening of Belanja Pengadaan (5.2.04 printed twice).
    assert list(procurement_account_prefixes()) == [
        "5.1.02",
        "5.1.05.01.02.0001",
        "5.1.06.03.02.0001",
        "5.2.02",
        "5.2.03",
        "5.2.04",
        "5.2.05",
        "5.2.06",
    ]


def test_required_hours_default_matches_data() -> None:
    # Seed IKU 15: Instruksi Sekda 29/2023, minimal 40 Jam Pelajaran per tahun.
    for function in (competency_attainment, competency_score):
        assert inspect.signature(function).parameters["required_hours"].default == 40.0


# --------------------------------------------------------------------------------------------
# IKU 11: communication_score
# --------------------------------------------------------------------------------------------


def test_communication_all_full() -> None:
    # 0.35*100 + 0.30*100 + 0.20*100 + 0.15*100 = 35 + 30 + 20 + 15 = 100
    assert communication_score(100, 100, 100, 100) == pytest.approx(100.0, abs=EXACT)


def test_communication_mixed() -> None:
    # 0.35*80 + 0.30*60 + 0.20*100 + 0.15*40 = 28 + 18 + 20 + 6 = 72
    assert communication_score(80, 60, 100, 40) == pytest.approx(72.0, abs=EXACT)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((100, 0, 0, 0), 35.0),  # 0.35*100
        ((0, 100, 0, 0), 30.0),  # 0.30*100
        ((0, 0, 100, 0), 20.0),  # 0.20*100
        ((0, 0, 0, 100), 15.0),  # 0.15*100
        ((0, 0, 0, 0), 0.0),
        ((50, 50, 50, 50), 50.0),  # convex combination of equal values
    ],
)
def test_communication_single_components(
    values: tuple[float, float, float, float], expected: float
) -> None:
    assert communication_score(*values) == pytest.approx(expected, abs=EXACT)


def test_communication_custom_weights() -> None:
    # 0.4*50 + 0.3*100 + 0.2*0 + 0.1*100 = 20 + 30 + 0 + 10 = 60
    weights = {
        "strategy": 0.4,
        "publication": 0.3,
        "crisis_response": 0.2,
        "interactive_response": 0.1,
    }
    assert communication_score(50, 100, 0, 100, weights=weights) == pytest.approx(60, abs=EXACT)
    # same weights as a sequence in argument order
    assert communication_score(50, 100, 0, 100, weights=[0.4, 0.3, 0.2, 0.1]) == pytest.approx(
        60, abs=EXACT
    )


def test_communication_containers_and_nan() -> None:
    out = communication_score(np.array([100.0, 80.0, np.nan]), [100, 60, 60], 100, [100, 40, 40])
    assert isinstance(out, np.ndarray)
    # row 0: 100; row 1: 28 + 18 + 20 + 6 = 72; row 2: NaN in -> NaN out
    np.testing.assert_allclose(out[:2], [100.0, 72.0])
    assert math.isnan(out[2])
    series = pd.Series([100.0, 80.0], index=["pd_a", "pd_b"], name="opd")
    out_s = communication_score(series, pd.Series([100.0, 60.0], index=["pd_a", "pd_b"]), 100, 40)
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == ["pd_a", "pd_b"]
    # pd_a: 35 + 30 + 20 + 6 = 91; pd_b: 28 + 18 + 20 + 6 = 72
    np.testing.assert_allclose(out_s.to_numpy(), [91.0, 72.0])
    assert isinstance(communication_score(1, 2, 3, 4), float)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((100.5, 0, 0, 0), "strategy_pct"),
        ((0, -1, 0, 0), "publication_pct"),
        ((0, 0, 101, 0), "crisis_response_pct"),
        ((0, 0, 0, "x"), "interactive_response_pct"),
        (([1, 2], [1, 2, 3], 0, 0), "strategy_pct"),
    ],
)
def test_communication_bad_components(args: tuple[object, ...], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        communication_score(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "weights",
    [
        [0.35, 0.30, 0.20],  # 3 elements
        [0.35, 0.30, 0.20, 0.10],  # sums to 0.95
        [0.6, 0.6, -0.1, -0.1],  # negative
        [0.25, 0.25, 0.25, float("nan")],
        {"strategy": 0.5, "publication": 0.5},  # wrong keys
        "0.25,0.25,0.25,0.25",
        [True, False, False, False],
    ],
)
def test_communication_bad_weights(weights: object) -> None:
    with pytest.raises(InvalidInputError, match="`weights`"):
        communication_score(50, 50, 50, 50, weights=weights)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# IKU 13: bmd_inventory_score
# --------------------------------------------------------------------------------------------


def test_bmd_all_done_170_of_200() -> None:
    # 5*1 + 85*(170/200) + 10*1 = 5 + 72.25 + 10 = 87.25
    assert bmd_inventory_score(1, 170, 200, 1) == pytest.approx(87.25, abs=EXACT)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((0, 0, 200, 0), 0.0),  # nothing done
        ((1, 0, 200, 0), 5.0),  # stage 1 only: 5 (= the first-quarter target, 5)
        ((1, 40, 200, 0), 22.0),  # 5 + 85*0.2 = 5 + 17
        ((1, 200, 200, 0), 90.0),  # 5 + 85
        ((1, 200, 200, 1), 100.0),  # 5 + 85 + 10
        ((0.5, 100, 200, 0.25), 47.5),  # fractions of units: 2.5 + 42.5 + 2.5
    ],
)
def test_bmd_hand_examples(args: tuple[float, float, float, float], expected: float) -> None:
    assert bmd_inventory_score(*args) == pytest.approx(expected, abs=EXACT)


def test_bmd_containers_and_nan() -> None:
    out = bmd_inventory_score(1, np.array([170.0, np.nan]), 200, 1)
    assert out[0] == pytest.approx(87.25, abs=EXACT)
    assert math.isnan(out[1])
    s = bmd_inventory_score(pd.Series([0.0, 1.0], index=[10, 20]), 100, 100, 0)
    assert list(s.index) == [10, 20]
    np.testing.assert_allclose(s.to_numpy(), [85.0, 90.0])  # 0 + 85; 5 + 85


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((1.5, 1, 2, 1), "team_done"),
        ((1, -1, 2, 1), "assets_entered"),
        ((1, 1.5, 2, 1), "assets_entered"),
        ((1, 3, 2, 1), "assets_entered"),  # entered > owned
        ((1, 0, 0, 1), "assets_owned"),
        ((1, 0, 2.5, 1), "assets_owned"),
        ((1, 1, 2, -0.1), "report_done"),
    ],
)
def test_bmd_bad_input(args: tuple[float, float, float, float], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        bmd_inventory_score(*args)


# --------------------------------------------------------------------------------------------
# IKU 14: classification, tkdn_share, tkdn_pct
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        ("5.1.02", "5.1.02"),
        ("5.1.02.01.01.0024", "5.1.02"),  # Belanja Barang dan Jasa, sub-account
        ("5.1.05.01.02.0001", "5.1.05.01.02.0001"),
        ("5.1.05.01.02.0001.00001", "5.1.05.01.02.0001"),
        ("5.1.06.03.02.0001", "5.1.06.03.02.0001"),
        ("5.2.02.05.01.0005", "5.2.02"),
        ("5.2.03.01.01.0001", "5.2.03"),
        ("5.2.04.01", "5.2.04"),
        ("5.2.05.02.01.0001", "5.2.05"),
        ("5.2.06", "5.2.06"),
        (" 5.2.03.01 ", "5.2.03"),  # surrounding blanks ignored
    ],
)
def test_classify_each_listed_prefix(code: str, prefix: str) -> None:
    assert classify_procurement_account(code) == prefix


@pytest.mark.parametrize(
    "code",
    [
        "5.1.01.01.01.0001",  # Belanja Pegawai (salaries)
        "5.1.05.01.01.0001",  # hibah uang, not hibah barang
        "5.1.05.01.02.0002",  # sibling of the listed hibah account
        "5.1.05",  # shorter than the listed 5.1.05.01.02.0001
        "5.2.01.01",  # Belanja Modal Tanah
        "5.2.020",  # segment boundary: 020 is not 02
        "5.2.0",
        "5.1.2",  # segments compare as written (the chart zero-pads)
        "4.1.01",  # revenue
    ],
)
def test_classify_non_procurement(code: str) -> None:
    assert classify_procurement_account(code) is None


@pytest.mark.parametrize("code", ["5.1..02", "5.1.02.", ".5.1", "abc", "", "5.1-02", 5.1, None])
def test_classify_malformed_raises(code: object) -> None:
    with pytest.raises(InvalidInputError, match="`code`"):
        classify_procurement_account(code)  # type: ignore[arg-type]


def test_classify_custom_prefixes_longest_wins() -> None:
    assert classify_procurement_account("5.1.02.01", prefixes=["5.1", "5.1.02"]) == "5.1.02"
    assert classify_procurement_account("5.1.03", prefixes=["5.1", "5.1.02"]) == "5.1"
    with pytest.raises(InvalidInputError, match="`prefixes`"):
        classify_procurement_account("5.1.03", prefixes=["5.x"])
    with pytest.raises(InvalidInputError, match="`prefixes`"):
        classify_procurement_account("5.1.03", prefixes=[])


HAND_LINES = [
    # code, amount [rupiah], qualifying
    ("5.1.02.01.01.0024", 1_000_000, True),  # procurement, qualifying
    ("5.2.02.05.01.0005", 3_000_000, False),  # procurement, not qualifying
    ("5.1.06.03.02.0001.00001", 500_000, True),  # procurement, qualifying
    ("5.1.01.01.01.0001", 9_000_000, True),  # salaries: in neither sum
    ("5.2.03.01.01.0001", 500_000, True),  # procurement, qualifying
]


def test_tkdn_share_hand_example_records() -> None:
    lines = [{"account_code": c, "realised_amount": a, "qualifying": q} for c, a, q in HAND_LINES]
    result = tkdn_share(lines)
    # numerator 1,000,000 + 500,000 + 500,000 = 2,000,000
    # denominator 1,000,000 + 3,000,000 + 500,000 + 500,000 = 5,000,000 -> 40 %
    assert result.numerator == Decimal(2_000_000)
    assert result.denominator == Decimal(5_000_000)
    assert result.share_pct == pytest.approx(40.0, abs=EXACT)
    assert result.share == pytest.approx(0.40, abs=EXACT)
    assert [line.procurement_prefix for line in result.lines] == [
        "5.1.02",
        "5.2.02",
        "5.1.06.03.02.0001",
        None,
        "5.2.03",
    ]
    assert [line.in_numerator for line in result.lines] == [True, False, True, False, True]


def test_tkdn_share_dataframe_custom_columns_and_frame() -> None:
    frame = pd.DataFrame(
        {
            "kode_rekening": [c for c, _, _ in HAND_LINES],
            "realisasi": [float(a) for _, a, _ in HAND_LINES],
            "pdn": [int(q) for _, _, q in HAND_LINES],
        },
        index=["a", "b", "c", "d", "e"],
    )
    result = tkdn_share(
        frame, code_column="kode_rekening", amount_column="realisasi", flag_column="pdn"
    )
    assert result.share_pct == pytest.approx(40.0, abs=EXACT)  # as above
    table = result.to_frame()
    assert list(table.index) == ["a", "b", "c", "d", "e"]
    assert table["is_procurement"].tolist() == [True, True, True, False, True]
    with pytest.raises(dataclasses_frozen_error()):
        result.share_pct = 1.0  # type: ignore[misc]


def dataclasses_frozen_error() -> type[Exception]:
    import dataclasses

    return dataclasses.FrozenInstanceError


def test_tkdn_share_exact_decimal_sums() -> None:
    # 0.1 + 0.2 rupiah: exact 0.3 in Decimal (float would give 0.30000000000000004)
    lines = [
        {"account_code": "5.1.02.01", "realised_amount": 0.1, "qualifying": True},
        {"account_code": "5.1.02.02", "realised_amount": 0.2, "qualifying": True},
        {"account_code": "5.2.02.01", "realised_amount": "0.3", "qualifying": False},
    ]
    result = tkdn_share(lines)
    assert result.numerator == Decimal("0.3")
    assert result.denominator == Decimal("0.6")
    assert result.share_pct == pytest.approx(50.0, abs=EXACT)  # 0.3 / 0.6


def test_tkdn_share_flagged_non_procurement_is_ignored() -> None:
    # Only the 5.2.05 line counts: 0 qualifying of 200 -> 0 %; the flagged 5.1.01 line is out.
    lines = [
        {"account_code": "5.1.01.01", "realised_amount": 1000, "qualifying": True},
        {"account_code": "5.2.05.01", "realised_amount": 200, "qualifying": False},
    ]
    assert tkdn_share(lines).share_pct == 0.0


def test_tkdn_share_malformed_code_names_row() -> None:
    frame = pd.DataFrame(
        {
            "account_code": ["5.1.02.01", "5.2.02.01", "5.2..03"],
            "realised_amount": [1, 2, 3],
            "qualifying": [True, False, True],
        },
        index=["r0", "r1", "r2"],
    )
    with pytest.raises(InvalidInputError, match=r"`account_code`.*'r2'.*position 2"):
        tkdn_share(frame)
    records = frame.to_dict("records")
    with pytest.raises(InvalidInputError, match=r"`account_code`.*position 2"):
        tkdn_share(records)


@pytest.mark.parametrize(
    ("record", "name"),
    [
        ({"account_code": "5.1.02", "realised_amount": -1, "qualifying": True}, "realised_amount"),
        (
            {"account_code": "5.1.02", "realised_amount": float("nan"), "qualifying": True},
            "realised_amount",
        ),
        (
            {"account_code": "5.1.02", "realised_amount": "1.2.3", "qualifying": True},
            "realised_amount",
        ),
        (
            {"account_code": "5.1.02", "realised_amount": True, "qualifying": True},
            "realised_amount",
        ),
        ({"account_code": "5.1.02", "realised_amount": 1, "qualifying": "ya"}, "qualifying"),
        ({"account_code": "5.1.02", "realised_amount": 1, "qualifying": 0.5}, "qualifying"),
        ({"account_code": 5.102, "realised_amount": 1, "qualifying": True}, "account_code"),
        ({"account_code": "5.1.02", "realised_amount": 1}, "lines"),  # missing key
    ],
)
def test_tkdn_share_bad_lines(record: dict[str, object], name: str) -> None:
    good = {"account_code": "5.2.02", "realised_amount": 1, "qualifying": True}
    with pytest.raises(InvalidInputError, match=f"`{name}`.*position 1"):
        tkdn_share([good, record])


def test_tkdn_share_no_procurement_spending_raises() -> None:
    with pytest.raises(InvalidInputError, match="`lines`"):
        tkdn_share([{"account_code": "5.1.01", "realised_amount": 10, "qualifying": True}])
    with pytest.raises(InvalidInputError, match="`lines`"):
        tkdn_share([])
    with pytest.raises(InvalidInputError, match="`lines`"):
        tkdn_share(pd.DataFrame({"account_code": ["5.1.02"]}))
    with pytest.raises(InvalidInputError, match="`lines`"):
        tkdn_share("5.1.02")  # type: ignore[arg-type]


def test_tkdn_pct() -> None:
    assert tkdn_pct(800, 1000) == pytest.approx(80.0, abs=EXACT)  # 800/1000*100; target 80
    out = tkdn_pct(pd.Series([0.0, 30.0, np.nan], index=list("xyz")), 100.0)
    assert list(out.index) == ["x", "y", "z"]
    np.testing.assert_allclose(out.to_numpy()[:2], [0.0, 30.0])
    assert math.isnan(out["z"])


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((-1, 10), "qualifying_spending"),
        ((11, 10), "qualifying_spending"),
        ((0, 0), "procurement_spending"),
        ((0, float("inf")), "procurement_spending"),
    ],
)
def test_tkdn_pct_bad_input(args: tuple[float, float], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        tkdn_pct(*args)


# --------------------------------------------------------------------------------------------
# IKU 15: competency
# --------------------------------------------------------------------------------------------


def test_competency_cap_on_and_off() -> None:
    hours = [0, 20, 40, 80]
    # cap on: min(h/40, 1)*100 = 0, 50, 100, 100 -> mean 62.5
    assert competency_score(hours) == pytest.approx(62.5, abs=EXACT)
    np.testing.assert_allclose(competency_attainment(hours), [0, 50, 100, 100])
    # cap off: h/40*100 = 0, 50, 100, 200 -> mean 87.5
    assert competency_score(hours, cap=False) == pytest.approx(87.5, abs=EXACT)
    np.testing.assert_allclose(competency_attainment(hours, cap=False), [0, 50, 100, 200])


def test_competency_required_hours() -> None:
    # PP 11/2017 minimum of 20 hours: 10 -> 50, 40 -> 100 (capped) -> mean 75
    assert competency_score([10, 40], required_hours=20) == pytest.approx(75.0, abs=EXACT)


def test_competency_containers() -> None:
    series = pd.Series([10.0, 40.0, 60.0], index=["a", "b", "c"])
    # (25 + 100 + 100) / 3 = 75
    assert competency_score(series) == pytest.approx(75.0, abs=EXACT)
    assert competency_score(np.array([10.0, 40.0, 60.0])) == pytest.approx(75.0, abs=EXACT)
    assert competency_score(20) == pytest.approx(50.0, abs=EXACT)  # one servant: 20/40
    out = competency_attainment(series)
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["a", "b", "c"]
    assert isinstance(competency_attainment(10), float)


def test_competency_missing_policy() -> None:
    with pytest.raises(InvalidInputError, match=r"`hours`.*position 1"):
        competency_score([40, np.nan])
    assert math.isnan(competency_score([40, np.nan], missing="propagate"))
    with pytest.raises(InvalidInputError, match="`missing`"):
        competency_score([40], missing="reweight")
    with pytest.raises(InvalidInputError, match="`missing`"):
        competency_score([40], missing="omit")  # type: ignore[arg-type]
    # the per-servant function follows the package rule: NaN in, NaN out
    assert math.isnan(competency_attainment([np.nan])[0])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"hours": [-1, 10]}, "hours"),
        ({"hours": []}, "hours"),
        ({"hours": [[1, 2], [3, 4]]}, "hours"),
        ({"hours": [1, np.inf]}, "hours"),
        ({"hours": ["a"]}, "hours"),
        ({"hours": [1], "required_hours": 0}, "required_hours"),
        ({"hours": [1], "required_hours": float("nan")}, "required_hours"),
        ({"hours": [1], "required_hours": "40"}, "required_hours"),
        ({"hours": [1], "cap": "yes"}, "cap"),
    ],
)
def test_competency_bad_input(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        competency_score(**kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# IKU 16, 17, 19, 20, 21: completion_pct and the knowledge-management deadlines
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("completed", "due", "expected"),
    [
        (3, 4, 75.0),  # 3/4
        (0, 4, 0.0),
        (4, 4, 100.0),
        (2, 4, 50.0),  # IKU 16: two of four reports by 5 September (TW III target 50)
        (1, 3, 100 / 3),
    ],
)
def test_completion_pct(completed: int, due: int, expected: float) -> None:
    assert completion_pct(completed, due) == pytest.approx(expected, abs=EXACT)


def test_completion_pct_containers_and_nan() -> None:
    out = completion_pct(pd.Series([1.0, np.nan], index=["q1", "q2"]), 4)
    assert list(out.index) == ["q1", "q2"]
    assert out["q1"] == pytest.approx(25.0, abs=EXACT)  # 1/4
    assert math.isnan(out["q2"])


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((5, 4), "completed"),
        ((-1, 4), "completed"),
        ((1.5, 4), "completed"),
        ((0, 0), "due"),
        ((0, -2), "due"),
        ((0, 2.5), "due"),
        (("a", 2), "completed"),
    ],
)
def test_completion_pct_bad_input(args: tuple[object, object], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        completion_pct(*args)  # type: ignore[arg-type]


def test_knowledge_due_dates() -> None:
    # Seed IKU 16: deadlines on the 5th of September (TW III) and of December (TW IV).
    assert knowledge_report_due_dates(2024) == (dt.date(2024, 9, 5), dt.date(2024, 12, 5))
    with pytest.raises(InvalidInputError, match="`year`"):
        knowledge_report_due_dates("2024")  # type: ignore[arg-type]


def test_count_on_time_stages() -> None:
    sep, dec = knowledge_report_due_dates(2024)
    count = count_on_time_stages(
        [sep, sep, dec, dec],
        [dt.date(2024, 9, 5), "2024-09-06", dt.datetime(2024, 12, 1, 15, 30), None],
    )
    # on the deadline day -> on time; a day late -> late; before -> on time; none -> missing
    assert count.status == ("on_time", "late", "on_time", "missing")
    assert (count.on_time, count.late, count.missing, count.due) == (2, 1, 1, 4)
    assert count.pct == pytest.approx(50.0, abs=EXACT)  # 2/4


def test_count_on_time_stages_as_of() -> None:
    sep, dec = knowledge_report_due_dates(2024)
    submitted = ["2024-09-01", "2024-09-04", "2024-11-30", "2024-12-05"]
    # on 30 September only the two September reports are due, both on time -> 2/2
    count = count_on_time_stages([sep, sep, dec, dec], submitted, as_of="2024-09-30")
    assert (count.on_time, count.due, count.not_yet_due) == (2, 2, 2)
    assert count.pct == pytest.approx(100.0, abs=EXACT)
    # a submission after as_of is not yet known: on 5 December the fourth is not yet seen...
    count = count_on_time_stages([sep, sep, dec, dec], submitted, as_of=dt.date(2024, 12, 4))
    assert count.status == ("on_time", "on_time", "not_yet_due", "not_yet_due")
    # ... and none is due before 5 September: the percentage is undefined
    early = count_on_time_stages([sep, dec], [None, None], as_of="2024-06-30")
    assert early.due == 0
    with pytest.raises(InvalidInputError, match="`due`"):
        _ = early.pct


def test_count_on_time_stages_series() -> None:
    due = pd.Series(pd.to_datetime(["2024-09-05", "2024-12-05"]))
    sub = pd.Series(pd.to_datetime(["2024-09-05", None]))
    count = count_on_time_stages(due, sub)
    assert (count.on_time, count.missing) == (1, 1)


@pytest.mark.parametrize(
    ("due", "submitted", "name"),
    [
        (["2024-09-05", None], [None, None], "due_dates"),
        (["2024-09-05"], [None, None], "submitted_on"),
        (["2024-13-05"], [None], "due_dates"),
        (["2024-09-05"], ["soon"], "submitted_on"),
        ("2024-09-05", [None], "due_dates"),
    ],
)
def test_count_on_time_stages_bad_input(due: object, submitted: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        count_on_time_stages(due, submitted)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Registry records
# --------------------------------------------------------------------------------------------

CODES_AND_IKU = {
    "public_communication": 11,
    "bmd_inventory": 13,
    "tkdn_share": 14,
    "competency_development": 15,
    "knowledge_management": 16,
    "risk_management": 17,
    "governor_directives_follow_up": 19,
    "complaints_follow_up": 20,
    "bpk_follow_up": 21,
}


@pytest.mark.parametrize(("code", "iku"), CODES_AND_IKU.items())
def test_records_metadata(code: str, iku: int) -> None:
    record = get_indicator(code)
    assert record.iku == iku
    assert record.unit == "percent"
    assert record.polarity == "higher"
    assert record.name_id and record.name_en and record.legal_basis and record.formula
    doc = record.function.__doc__ or ""
    assert "Notes" in doc and "References" in doc


def _roundtrip(result: Result) -> None:
    assert Result.model_validate_json(result.model_dump_json()) == result


def test_calculate_public_communication() -> None:
    result = calculate(
        "public_communication",
        {
            "strategy_pct": 80,
            "publication_pct": 60,
            "crisis_response_pct": 100,
            "interactive_response_pct": 40,
        },
    )
    assert result.value == pytest.approx(72.0, abs=EXACT)  # 28 + 18 + 20 + 6
    assert result.category is None
    assert result.components["weighted_points"] == pytest.approx(
        {
            "strategy": 28.0,
            "publication": 18.0,
            "crisis_response": 20.0,
            "interactive_response": 6.0,
        }
    )
    assert result.components["weights"] == communication_weights()
    _roundtrip(result)
    custom = calculate(
        "public_communication",
        {
            "strategy_pct": 50,
            "publication_pct": 100,
            "crisis_response_pct": 0,
            "interactive_response_pct": 100,
            "weights": dict(zip(COMMUNICATION_COMPONENTS, [0.4, 0.3, 0.2, 0.1], strict=True)),
        },
    )
    assert custom.value == pytest.approx(60.0, abs=EXACT)  # 20 + 30 + 0 + 10
    assert custom.components["weights_source"] == "caller"
    with pytest.raises(pydantic.ValidationError, match="weights"):
        calculate(
            "public_communication",
            {
                "strategy_pct": 50,
                "publication_pct": 100,
                "crisis_response_pct": 0,
                "interactive_response_pct": 100,
                "weights": dict(zip(COMMUNICATION_COMPONENTS, [0.4, 0.3, 0.2, 0.2], strict=True)),
            },
        )
    with pytest.raises(pydantic.ValidationError, match="strategy_pct"):
        calculate(
            "public_communication",
            {
                "strategy_pct": 150,
                "publication_pct": 100,
                "crisis_response_pct": 0,
                "interactive_response_pct": 100,
            },
        )


def test_calculate_bmd_inventory() -> None:
    result = calculate(
        "bmd_inventory",
        {"team_done": 1, "assets_entered": 170, "assets_owned": 200, "report_done": 1},
    )
    assert result.value == pytest.approx(87.25, abs=EXACT)  # 5 + 72.25 + 10
    assert result.components["entry_share"] == pytest.approx(0.85, abs=EXACT)  # 170/200
    assert result.components["entry_points"] == pytest.approx(72.25, abs=EXACT)  # 85*0.85
    assert result.components["team_points"] == 5.0
    assert result.components["report_points"] == 10.0
    _roundtrip(result)
    with pytest.raises(pydantic.ValidationError, match="assets_entered"):
        calculate(
            "bmd_inventory",
            {"team_done": 1, "assets_entered": 201, "assets_owned": 200, "report_done": 1},
        )


def test_calculate_tkdn_share_lines_and_totals() -> None:
    lines = [{"account_code": c, "realised_amount": a, "qualifying": q} for c, a, q in HAND_LINES]
    result = calculate("tkdn_share", {"lines": lines})
    assert result.value == pytest.approx(40.0, abs=EXACT)  # 2,000,000 / 5,000,000
    assert result.components["qualifying_spending"] == "2000000"
    assert result.components["procurement_spending"] == "5000000"
    assert result.components["n_procurement_lines"] == 4
    assert result.components["n_numerator_lines"] == 3
    classified = result.components["lines"]
    assert isinstance(classified, list)
    assert [row["procurement_prefix"] for row in classified] == [  # type: ignore[index, call-overload]
        "5.1.02",
        "5.2.02",
        "5.1.06.03.02.0001",
        None,
        "5.2.03",
    ]
    _roundtrip(result)
    totals = calculate(
        "tkdn_share", {"qualifying_spending": "800000", "procurement_spending": 1_000_000}
    )
    assert totals.value == pytest.approx(80.0, abs=EXACT)  # 800,000 / 1,000,000
    _roundtrip(totals)
    for bad in (
        {"lines": lines, "qualifying_spending": 1, "procurement_spending": 2},
        {"qualifying_spending": 1},
        {"qualifying_spending": 3, "procurement_spending": 2},
        {"lines": [{"account_code": "5.1..02", "realised_amount": 1, "qualifying": True}]},
        {"lines": [{"account_code": "5.1.02", "realised_amount": -1, "qualifying": True}]},
    ):
        with pytest.raises(pydantic.ValidationError):
            calculate("tkdn_share", bad)
    with pytest.raises(InvalidInputError, match="`lines`"):  # no procurement spending
        calculate(
            "tkdn_share",
            {"lines": [{"account_code": "5.1.01", "realised_amount": 1, "qualifying": True}]},
        )


def test_calculate_competency_development() -> None:
    result = calculate("competency_development", {"hours": [0, 20, 40, 80]})
    assert result.value == pytest.approx(62.5, abs=EXACT)  # (0 + 50 + 100 + 100) / 4
    assert result.components["attainment_pct"] == [0.0, 50.0, 100.0, 100.0]
    assert result.components["n_servants"] == 4
    assert result.components["n_meeting_requirement"] == 2
    assert result.components["n_above_requirement"] == 1
    _roundtrip(result)
    uncapped = calculate("competency_development", {"hours": [0, 20, 40, 80], "cap": False})
    assert uncapped.value == pytest.approx(87.5, abs=EXACT)  # (0 + 50 + 100 + 200) / 4
    with pytest.raises(pydantic.ValidationError, match="hours"):
        calculate("competency_development", {"hours": [10, -1]})
    with pytest.raises(pydantic.ValidationError, match="hours"):
        calculate("competency_development", {"hours": []})


def test_calculate_knowledge_management() -> None:
    result = calculate("knowledge_management", {"stages_completed_on_time": 3, "stages_due": 4})
    assert result.value == pytest.approx(75.0, abs=EXACT)  # 3/4
    _roundtrip(result)
    reports = [
        {"due_date": "2024-09-05", "submitted_on": "2024-09-05"},
        {"due_date": "2024-09-05", "submitted_on": "2024-09-09"},
        {"due_date": "2024-12-05", "submitted_on": "2024-12-02"},
        {"due_date": "2024-12-05"},
    ]
    from_reports = calculate("knowledge_management", {"reports": reports})
    assert from_reports.value == pytest.approx(50.0, abs=EXACT)  # on time 2 of 4
    assert from_reports.components["status"] == ["on_time", "late", "on_time", "missing"]
    assert from_reports.components["stages_late"] == 1
    _roundtrip(from_reports)
    mid_year = calculate("knowledge_management", {"reports": reports, "as_of": "2024-10-01"})
    assert mid_year.value == pytest.approx(50.0, abs=EXACT)  # 1 of the 2 due by 1 October
    assert mid_year.components["stages_not_yet_due"] == 2
    for bad in (
        {"stages_completed_on_time": 5, "stages_due": 4},
        {"stages_completed_on_time": 1},
        {"reports": reports, "stages_due": 4, "stages_completed_on_time": 1},
        {"reports": []},
        {"stages_completed_on_time": 1, "stages_due": 4, "as_of": "2024-10-01"},
    ):
        with pytest.raises(pydantic.ValidationError):
            calculate("knowledge_management", bad)


@pytest.mark.parametrize(
    ("code", "completed_key", "total_key"),
    [
        ("risk_management", "documents_verified", "documents_due"),
        ("governor_directives_follow_up", "directives_completed", "directives_total"),
        ("complaints_follow_up", "complaints_completed", "complaints_total"),
        ("bpk_follow_up", "recommendations_completed", "recommendations_total"),
    ],
)
def test_calculate_completion_records(code: str, completed_key: str, total_key: str) -> None:
    result = calculate(code, {completed_key: 45, total_key: 60})
    assert result.value == pytest.approx(75.0, abs=EXACT)  # 45/60
    assert result.components[completed_key] == 45
    assert result.components[total_key] == 60
    assert result.components["share"] == pytest.approx(0.75, abs=EXACT)
    assert result.category is None
    _roundtrip(result)
    with pytest.raises(pydantic.ValidationError, match=completed_key):
        calculate(code, {completed_key: 61, total_key: 60})
    with pytest.raises(pydantic.ValidationError, match=total_key):
        calculate(code, {completed_key: 0, total_key: 0})
    with pytest.raises(pydantic.ValidationError, match=completed_key):
        calculate(code, {completed_key: -1, total_key: 60})
