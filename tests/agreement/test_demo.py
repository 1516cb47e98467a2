"""Tests of the demonstration: example inputs -> indicators -> realisations -> evaluation."""

from __future__ import annotations

import pytest

from dppapp_indikator._data import DataFileError
from dppapp_indikator.agreement import load_agreement
from dppapp_indikator.agreement.demo import demo_realisations, load_demo_inputs, run_demo
from dppapp_indikator.agreement.io import template_rows
from dppapp_indikator.agreement.model import Agreement
from dppapp_indikator.registry import get_indicator

REQUIRED = ("ibangga", "idg", "tfr", "pkp", "kla_nindya_share", "sdi_quality", "nka")


def test_demo_inputs_match_registry_and_agreement() -> None:
    inputs = load_demo_inputs()
    assert "NOT official data" in inputs.description
    agreement = load_agreement()
    codes = [entry.code for entry in inputs.indicators]
    assert set(REQUIRED) <= set(codes)
    assert len(codes) == len(set(codes))
    for entry in inputs.indicators:
        assert get_indicator(entry.code).iku == entry.iku
        assert agreement.indicator(entry.iku).registry_code == entry.code


def test_demo_realisations_cover_every_target() -> None:
    read = demo_realisations()
    assert read.warnings == ()
    pairs = set(zip(read.frame["number"], read.frame["period"], strict=True))
    expected = {(number, period) for number, period, *_ in template_rows(load_agreement())}
    assert pairs == expected
    # IKU 3 (IPA) is written "N/A": not reported yet, kept as NaN rows
    ipa = read.frame[read.frame["number"] == 3]
    assert len(ipa) == 2 and ipa["realisation"].isna().all()


def test_run_demo_values() -> None:
    demo = run_demo()
    results = {item.entry.code: item.result for item in demo.computations}
    # hand calculations from data/demo_inputs.json (formulas: methods/index#methods sections in
    # comments)
    # 1.1: (61.8 + 60.2 + 68.9) / 3
    assert results["ibangga"].value == pytest.approx(63.6333, abs=5e-5)
    assert results["ibangga"].category == "berkembang"  # 40 - 70 (1.2)
    # 2.4: EDEP(22, 78; 0.497) / 50 = 0.688715; EDEP(49.8, 50.2) / 50 = 1.000008; I_inc 0.75
    assert results["idg"].value == pytest.approx(100 * (0.688715 + 1.000008 + 0.75) / 3, abs=5e-4)
    # 4.1: 5 x (18 + 72.5 + 115.3 + 104.8 + 72.1 + 30.2 + 7.1) / 1000
    assert results["tfr"].value == pytest.approx(2.1, abs=1e-12)
    # 5: 231 / 1000 x 100
    assert results["pkp"].value == pytest.approx(23.1, abs=1e-12)
    # 7: 5 of 6 regions at least Nindya (742.5 points is Nindya, 650 is Madya)
    assert results["kla_nindya_share"].value == pytest.approx(500 / 6, abs=1e-9)
    # 8: 36/40 + 39/40 + 40/40 + 37/40
    assert results["sdi_quality"].value == pytest.approx(3.8, abs=1e-12)
    # 11: 0.097 x 91.2 + 0.182 x 97.8 + 0.435 x 98.9 + 0.286 x 62.5 (PMK 22/2021 weights)
    assert results["nka"].value == pytest.approx(87.5425, abs=1e-9)


def test_run_demo_evaluates_all_21_with_computed_realisations() -> None:
    demo = run_demo()
    evaluation = demo.evaluation
    assert sorted(evaluation["number"].unique()) == list(range(1, 22))
    annual = evaluation[evaluation["period"] == "Tahunan"].set_index("number")
    assert len(annual) == 21
    by_code = {item.entry.code: item for item in demo.computations}
    # computed values replace the annual (and, for "last" indicators, TW IV) realisations
    assert annual.loc[1, "realisation"] == by_code["ibangga"].result.value
    assert by_code["ibangga"].replaced == {"Tahunan": 63.12, "TW IV": 63.12}
    tw4 = evaluation[(evaluation["number"] == 1) & (evaluation["period"] == "TW IV")]
    assert tw4["realisation"].iloc[0] == by_code["ibangga"].result.value
    # IKU 11 aggregates "constant": only the annual row is replaced
    assert set(by_code["public_communication"].replaced) == {"Tahunan"}
    # IKU 4 and 21 are computed but not used: the example file's values stay
    assert by_code["turnover_growth"].replaced == {}
    assert annual.loc[4, "realisation"] == 69.3
    assert annual.loc[21, "realisation"] == 95.0
    # TFR, lower is better: (2 - 2.1 / 2.23) x 100 = 105.83 % (PermenPANRB 8/2021)
    assert annual.loc[5, "achievement"] == pytest.approx(105.83, abs=0.005)
    # iBangga: 63.6333 / 63.46 x 100 = 100.27 %
    assert annual.loc[1, "achievement"] == pytest.approx(100.27, abs=0.005)
    sources = demo.realisations.set_index(["number", "period"])["source"]
    assert sources[(1, "Tahunan")] == "computed: ibangga"
    assert sources[(4, "Tahunan")] == "example file"


def test_run_demo_refuses_a_mismatched_agreement() -> None:
    raw = load_agreement().model_dump()
    raw["indicators"][0]["registry_code"] = "ipa"
    with pytest.raises(DataFileError, match="'ibangga' is attached to IKU 1"):
        run_demo(Agreement.model_validate(raw))
