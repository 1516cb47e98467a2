"""Short reprs and HTML summaries of the objects a notebook shows (``_display.notebook_repr``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import dppapp_indikator as di
from dppapp_indikator._display import summarize
from dppapp_indikator.agreement import load_agreement
from dppapp_indikator.survey.birth_history import tfr_from_birth_history

DATA = Path(__file__).resolve().parent / "data"
MAX_REPR = 600  # characters: one screen line or a few, never a table


@pytest.fixture(scope="module")
def birth_history() -> object:
    women = pd.read_csv(DATA / "tfr" / "women.csv")
    return tfr_from_birth_history(women, by="v025")


def _check(obj: object, *expected: str) -> None:
    text = repr(obj)
    assert len(text) <= MAX_REPR, text
    assert "\n" not in text
    for piece in expected:
        assert piece in text, text
    page = obj._repr_html_()  # type: ignore[attr-defined]
    assert page.startswith("<table>") and type(obj).__name__ in page
    assert len(page) <= 4 * MAX_REPR


def test_birth_history_fertility(birth_history: object) -> None:
    # the asfr table (14 rows x 10 columns) is named by its size, not printed
    _check(birth_history, "BirthHistoryFertility(tfr=", "asfr=<DataFrame 14 rows x 10 columns>")


def test_agreement_indicator() -> None:
    row = load_agreement().indicators[0]
    _check(row, "AgreementIndicator(number=1", "action_plan=<tuple of")


def test_result_and_formula_results() -> None:
    result = di.calculate(
        "ibangga", {"ketenteraman": 55.99, "kemandirian": 52.09, "kebahagiaan": 53.96}
    )
    _check(result, "Result(code='ibangga', value=54.0133", "category='berkembang'")
    rates = [111.102, 207.647, 188.508, 158.503, 104.737, 24.797, 6.848]
    tfr_result = di.calculate("tfr", {"asfr": rates})
    _check(tfr_result, "components=<FrozenDict of 3 entries>")


def test_weight_recovery_and_sensitivity() -> None:
    # a synthetic set of cluster values with an exact weighted index (only the repr is tested)
    rng = np.random.default_rng(1)
    clusters = {c: rng.uniform(40, 90, 12) for c in ("I", "II", "III", "IV", "V")}
    weights = np.array([0.1, 0.2, 0.3, 0.25, 0.15])
    index = sum(w * clusters[c] for w, c in zip(weights, clusters, strict=True))
    recovery = di.recover_weights(clusters, index)
    _check(recovery, "WeightRecovery(names=<tuple of 5 items>", "identifiable=True")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2 / 3, "0.666667"),
        (float("nan"), "nan"),
        (np.float64(1.5), "1.5"),
        ("x" * 100, "'" + "x" * 57 + "...'"),
        (pd.Series([1.0, 2.0]), "{0: 1, 1: 2}"),
        (pd.Series(range(10)), "<Series of 10>"),
        (np.zeros((3, 7)), "<array of shape (3, 7)>"),
        (np.array([1.0, 2.0]), "[1, 2]"),
        ({"a": 1.0}, "{'a': 1}"),
        ({str(i): i for i in range(9)}, "<dict of 9 entries>"),
        ((1, 2), "(1, 2)"),
        (list(range(5)), "<list of 5 items>"),
        (pd.DataFrame({"a": [1]}), "<DataFrame 1 row x 1 column>"),
    ],
)
def test_summaries(value: object, text: str) -> None:
    assert summarize(value) == text
