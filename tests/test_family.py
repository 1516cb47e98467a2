"""Reference and behaviour tests of dppapp_indikator.family (methods/family#ibangga)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dppapp_indikator import InvalidInputError, calculate, ibangga, ibangga_category


def test_ibangga_indonesia_2021_reference() -> None:
    # BKKBN via suara.com 2022-06-29 / disway.id (tests/data/validation.toml):
    # ketenteraman 55.99, kemandirian 52.09, kebahagiaan 53.96 -> published iBangga 54.01.
    assert ibangga(55.99, 52.09, 53.96) == pytest.approx(54.01, abs=0.005)


def test_ibangga_containers() -> None:
    assert isinstance(ibangga(50, 60, 70), float)
    out = ibangga(np.array([50.0, 10.0]), 60, 70)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [60.0, 140.0 / 3])
    series = pd.Series([50.0, 10.0], index=["x", "y"], name="kab")
    out_s = ibangga(series, 60, 70)
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == ["x", "y"]


def test_ibangga_nan_propagates() -> None:
    out = ibangga(np.array([50.0, np.nan]), 60, 70)
    assert out[0] == 60.0
    assert np.isnan(out[1])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"ketenteraman": 100.5, "kemandirian": 1, "kebahagiaan": 1}, "ketenteraman"),
        ({"ketenteraman": 1, "kemandirian": -0.1, "kebahagiaan": 1}, "kemandirian"),
        ({"ketenteraman": 1, "kemandirian": 1, "kebahagiaan": "x"}, "kebahagiaan"),
        ({"ketenteraman": [1, 2], "kemandirian": [1, 2, 3], "kebahagiaan": 1}, "ketenteraman"),
    ],
)
def test_ibangga_bad_input(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        ibangga(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0.0, "rentan"),
        (39.999, "rentan"),
        (40.0, "berkembang"),
        (70.0, "berkembang"),
        (70.0001, "tangguh"),
        (100.0, "tangguh"),
        (float("nan"), None),
    ],
)
def test_ibangga_category_boundaries(value: float, label: str | None) -> None:
    # methods/family#ibangga-bands: x < 40 rentan; 40 <= x <= 70 berkembang; x > 70 tangguh.
    assert ibangga_category(value) == label


def test_ibangga_category_series_keeps_index() -> None:
    out = ibangga_category(pd.Series([30.0, np.nan], index=[3, 7]))
    assert list(out.index) == [3, 7]
    assert out.tolist() == ["rentan", None]


def test_calculate_ibangga_result() -> None:
    result = calculate(
        "ibangga", {"ketenteraman": 55.99, "kemandirian": 52.09, "kebahagiaan": 53.96}
    )
    assert result.value == pytest.approx(54.01, abs=0.005)
    assert result.category == "berkembang"
    assert result.components["kemandirian"] == 52.09
    assert result.unit == "index 0-100"
