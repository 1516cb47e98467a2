"""Figures (dppapp_indikator.plots): the data drawn, saving, bad input, the docs generator.

The expected numbers are the inputs of each figure and, where an independent source exists,
the reference outputs shipped in ``tests/data``: DHS.rates 0.9.2 ``fert()`` for the birth
histories (``tests/data/tfr/expected.json``) and R survey 4.1.1 for the api data
(``tests/data/survey/expected.json``, each number with its R call).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from dppapp_indikator import InvalidInputError
from dppapp_indikator.agreement.report import plot_targets
from dppapp_indikator.child import weight_sensitivity
from dppapp_indikator.plots import (
    plot_agreement,
    plot_asfr,
    plot_domains,
    plot_rank_sensitivity,
)
from dppapp_indikator.survey.birth_history import tfr_from_birth_history
from dppapp_indikator.survey.design import SurveyDesign

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
TFR_EXPECTED: dict[str, Any] = json.loads((DATA / "tfr" / "expected.json").read_text())
SURVEY_EXPECTED: dict[str, Any] = json.loads((DATA / "survey" / "expected.json").read_text())
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
AGE_GROUPS = ["15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49"]
# mid-points of the five-year groups: 15 + 5a + 2.5 [years]
MIDPOINTS = [17.5, 22.5, 27.5, 32.5, 37.5, 42.5, 47.5]


@pytest.fixture(scope="module")
def women() -> pd.DataFrame:
    return pd.read_csv(DATA / "tfr" / "women.csv")


@pytest.fixture(scope="module")
def fertility(women: pd.DataFrame) -> Any:
    return tfr_from_birth_history(women)


@pytest.fixture(scope="module")
def fertility_by_residence(women: pd.DataFrame) -> Any:
    return tfr_from_birth_history(women, by="v025")


@pytest.fixture(scope="module")
def schools() -> pd.DataFrame:
    return pd.read_csv(DATA / "survey" / "api_strat.csv")


@pytest.fixture(scope="module")
def api_by_type(schools: pd.DataFrame) -> pd.DataFrame:
    # R: dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
    design = SurveyDesign(schools, weights="pw", strata="stype", fpc="fpc")
    return design.mean("api00", by="stype")


@pytest.fixture(scope="module")
def sensitivity() -> Any:
    frame = pd.DataFrame(
        [[80.0, 60.0, 70.0], [60.0, 79.0, 71.0], [40.0, 50.0, 90.0], [72.0, 66.0, 64.0]],
        columns=["I", "II", "III"],
        index=["x", "y", "z", "w"],
    )
    return weight_sensitivity(frame, [0.5, 0.3, 0.2], n=300, concentration=30.0, seed=7)


def segments(collection: Any) -> list[list[list[float]]]:
    return [np.asarray(s, dtype=float).tolist() for s in collection.get_segments()]


def xs(artist: Any) -> list[float]:
    return [float(v) for v in np.asarray(artist.get_xdata(), dtype=float)]


def ys(artist: Any) -> list[float]:
    return [float(v) for v in np.asarray(artist.get_ydata(), dtype=float)]


def legend_texts(axes: Any) -> list[str]:
    legend = axes.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def tick_labels(labels: Any) -> list[str]:
    return [t.get_text() for t in labels]


def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert len(data) > 0
    assert data[:8] == PNG_SIGNATURE


# --------------------------------------------------------------------------------------------
# plot_asfr
# --------------------------------------------------------------------------------------------
def test_asfr_line_bars_and_title(fertility: Any) -> None:
    figure = plot_asfr(fertility)
    assert isinstance(figure, Figure)
    (axes,) = figure.axes
    (line,) = axes.lines
    assert xs(line) == MIDPOINTS
    # the line is the result's ASFR column, which DHS.rates fert() gives as (expected.json)
    np.testing.assert_array_equal(ys(line), fertility.asfr["asfr"].to_numpy())
    reference = [row["asfr"] for row in TFR_EXPECTED["asfr"]]  # DHS.rates fert(), asfr
    np.testing.assert_allclose(ys(line), reference, rtol=1e-9)
    # one vertical bar per age group, from ci_low to ci_high (DHS.rates lci / uci)
    (bars,) = axes.collections
    drawn = segments(bars)
    assert [s[0][0] for s in drawn] == MIDPOINTS
    assert [s[1][0] for s in drawn] == MIDPOINTS
    np.testing.assert_allclose([s[0][1] for s in drawn], fertility.asfr["ci_low"], rtol=0)
    np.testing.assert_allclose([s[1][1] for s in drawn], fertility.asfr["ci_high"], rtol=0)
    np.testing.assert_allclose(
        [s[0][1] for s in drawn], [row["lci"] for row in TFR_EXPECTED["asfr"]], rtol=1e-8
    )
    np.testing.assert_allclose(
        [s[1][1] for s in drawn], [row["uci"] for row in TFR_EXPECTED["asfr"]], rtol=1e-8
    )
    assert tick_labels(axes.get_xticklabels()) == AGE_GROUPS
    assert list(axes.get_xticks()) == MIDPOINTS
    # DHS.rates: TFR 2.55221859752, jackknife CI 2.34880939536-2.75562779967
    assert axes.get_title() == "TFR 2.55 (95 % CI 2.35–2.76)"
    assert axes.get_ylim()[0] == 0.0
    assert "1,000 woman-years" in axes.get_ylabel()


def test_asfr_without_ci(fertility: Any) -> None:
    axes = plot_asfr(fertility, ci=False).axes[0]
    assert len(axes.collections) == 0
    assert axes.get_title() == "TFR 2.55"  # DHS.rates: 2.55221859752
    assert len(axes.lines) == 1


def test_asfr_without_jackknife_has_no_tfr_interval(women: pd.DataFrame) -> None:
    result = tfr_from_birth_history(women, jackknife=False)
    axes = plot_asfr(result).axes[0]
    assert axes.get_title() == "TFR 2.55"
    assert len(axes.collections) == 1  # the ASFR intervals (Taylor) are still there


def test_asfr_by_domain_one_line_each(fertility_by_residence: Any) -> None:
    result = fertility_by_residence
    axes = plot_asfr(result).axes[0]
    assert len(axes.lines) == 2 and len(axes.collections) == 2
    for i, (domain, shift) in enumerate(((1, -0.2), (2, 0.2))):
        line = axes.lines[i]
        np.testing.assert_allclose(xs(line), np.array(MIDPOINTS) + shift)
        rows = result.asfr.xs(domain, level="v025")
        np.testing.assert_array_equal(ys(line), rows["asfr"].to_numpy())
        drawn = segments(axes.collections[i])
        np.testing.assert_allclose([s[0][1] for s in drawn], rows["ci_low"].to_numpy())
        np.testing.assert_allclose([s[1][1] for s in drawn], rows["ci_high"].to_numpy())
        np.testing.assert_allclose([s[0][0] for s in drawn], np.array(MIDPOINTS) + shift)
    # DHS.rates fert(women, Indicator = "asfr", Class = "v025")
    for i, key in enumerate(("1", "2")):
        reference = [row["asfr"] for row in TFR_EXPECTED["asfr_by_v025"][key]]
        np.testing.assert_allclose(ys(axes.lines[i]), reference, rtol=1e-9)
    legend = legend_texts(axes)
    # expected.json tfr_by_v025: urban 2.25953 (2.01164-2.50742), rural 2.80239 (2.51167-3.09311)
    assert legend == [
        "v025 = 1: TFR 2.26 (95 % CI 2.01–2.51)",
        "v025 = 2: TFR 2.80 (95 % CI 2.51–3.09)",
    ]
    assert axes.get_title() == "ASFR by v025"


def test_asfr_from_a_plain_schedule() -> None:
    rates = [50.0, 120.0, 110.0, 100.0, 60.0, 20.0, 10.0]
    axes = plot_asfr(rates).axes[0]
    (line,) = axes.lines
    assert xs(line) == MIDPOINTS
    assert ys(line) == rates
    assert len(axes.collections) == 0
    assert axes.get_title() == "TFR 2.35"  # 5 * 470 / 1000
    # a Series labelled by age group is put in age order
    shuffled = pd.Series(rates[::-1], index=AGE_GROUPS[::-1])
    assert ys(plot_asfr(shuffled).axes[0].lines[0]) == rates
    mapping = dict(zip(AGE_GROUPS[::-1], rates[::-1], strict=True))
    assert ys(plot_asfr(mapping).axes[0].lines[0]) == rates
    # a missing rate leaves a gap and no TFR
    gap = plot_asfr([50.0, np.nan, 110.0, 100.0, 60.0, 20.0, 10.0]).axes[0]
    assert np.isnan(ys(gap.lines[0])[1])
    assert gap.get_title() == "TFR nan"


def test_asfr_on_a_given_axes_and_saved(fertility: Any, tmp_path: Path) -> None:
    figure = Figure()
    left, right = figure.subplots(1, 2)
    path = tmp_path / "asfr.png"
    returned = plot_asfr(fertility, ax=right, path=path)
    assert returned is figure
    assert len(left.lines) == 0 and len(right.lines) == 1
    assert_png(path)
    # on a subfigure, the root figure is returned
    root = Figure()
    (sub,) = root.subfigures(1, 1, squeeze=False)[0]
    assert plot_asfr([1.0] * 7, ax=sub.add_subplot()) is root


@pytest.mark.parametrize(
    ("result", "match"),
    [
        ([1.0] * 6, "`result` must hold exactly 7"),
        ([[1.0] * 7, [1.0] * 7], "`result` must hold exactly 7"),
        ([50.0, -1.0, 1.0, 1.0, 1.0, 1.0, 1.0], "`result` must be >= 0"),
        ([50.0, np.inf, 1.0, 1.0, 1.0, 1.0, 1.0], "`result` must be finite"),
        (["a"] * 7, "`result` must be"),
        ("1234567", "`result` must be"),
        (None, "`result` must hold exactly 7"),
    ],
)
def test_asfr_bad_result(result: Any, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        plot_asfr(result)


def test_asfr_bad_options(fertility: Any) -> None:
    with pytest.raises(InvalidInputError, match="`ci` must be True or False"):
        plot_asfr(fertility, ci="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`ax` must be a matplotlib Axes"):
        plot_asfr(fertility, ax=Figure())  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`path` must be a file path"):
        plot_asfr(fertility, path=3)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# plot_domains
# --------------------------------------------------------------------------------------------
def test_domains_forest_sorted_with_reference(api_by_type: pd.DataFrame, tmp_path: Path) -> None:
    r_by = SURVEY_EXPECTED["results"]["dstrat.svyby.api00_by_stype.svymean"]
    r_all = SURVEY_EXPECTED["results"]["dstrat.svymean.api00"]
    path = tmp_path / "domains.png"
    overall = r_all["estimate"]  # R: svymean(~api00, dstrat) = 662.287363159
    figure = plot_domains(api_by_type, label="mean API 2000 [points]", reference=overall, path=path)
    assert_png(path)
    (axes,) = figure.axes
    # sorted by estimate from the bottom: H 625.82 < M 636.6 < E 674.43 (R svyby)
    order = ["H", "M", "E"]
    assert tick_labels(axes.get_yticklabels()) == order
    assert list(axes.get_yticks()) == [0.0, 1.0, 2.0]
    intervals, points = axes.collections
    offsets = np.asarray(points.get_offsets())
    np.testing.assert_allclose(offsets[:, 0], [r_by["estimate"][k] for k in order], rtol=1e-9)
    assert offsets[:, 1].tolist() == [0.0, 1.0, 2.0]
    drawn = segments(intervals)
    low = [r_by["ci_normal_95"][k]["lower"] for k in order]
    high = [r_by["ci_normal_95"][k]["upper"] for k in order]
    np.testing.assert_allclose([s[0][0] for s in drawn], low, rtol=1e-9)
    np.testing.assert_allclose([s[1][0] for s in drawn], high, rtol=1e-9)
    assert [s[0][1] for s in drawn] == [0.0, 1.0, 2.0]
    assert [s[1][1] for s in drawn] == [0.0, 1.0, 2.0]
    (reference,) = axes.lines
    assert list(xs(reference)) == [overall, overall]
    assert legend_texts(axes) == ["reference"]
    assert axes.get_xlabel() == "mean API 2000 [points]"
    assert axes.get_ylabel() == "stype"


def test_domains_frame_order_labels_and_two_keys() -> None:
    frame = pd.DataFrame(
        {
            "region": ["north", "north", "south"],
            "sex": ["f", "m", "f"],
            "estimate": [0.30, 0.10, 0.20],
            "se": [0.01, 0.01, 0.01],
            "ci_low": [0.25, 0.05, 0.12],
            "ci_high": [0.36, 0.18, 0.27],
            "n": [10, 12, 9],
        }
    )
    axes = plot_domains(frame, order="frame", reference_label="target").axes[0]
    # the frame's first row on top: from the bottom the rows are 2, 1, 0
    assert tick_labels(axes.get_yticklabels()) == ["south, f", "north, m", "north, f"]
    assert np.asarray(axes.collections[1].get_offsets())[:, 0].tolist() == [0.20, 0.10, 0.30]
    assert axes.get_ylabel() == "region, sex"
    assert axes.get_xlabel() == "estimate"
    assert axes.get_legend() is None and len(axes.lines) == 0
    sorted_axes = plot_domains(frame, by="sex").axes[0]
    assert tick_labels(sorted_axes.get_yticklabels()) == ["m", "f", "f"]
    # a single variable column names the axis; a missing estimate sorts to the bottom
    single = frame.assign(variable="api00")
    single.loc[1, ["estimate", "ci_low", "ci_high"]] = np.nan
    named = plot_domains(single).axes[0]
    assert named.get_xlabel() == "api00"
    assert tick_labels(named.get_yticklabels())[0] == "north, m"
    # no domain column (a full-sample estimate): rows numbered
    plain = plot_domains(frame[["estimate", "ci_low", "ci_high"]]).axes[0]
    assert tick_labels(plain.get_yticklabels()) == ["1", "2", "0"]


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda f: f.drop(columns="ci_low"), "`frame` must have the columns .*missing ci_low"),
        (lambda f: f.drop(columns=["estimate", "ci_high"]), "missing estimate, ci_high"),
        (lambda f: f.iloc[:0], "`frame` must have at least one row"),
        (lambda f: f.assign(ci_low=f["estimate"] + 1.0), "`frame` must have ci_low <= estimate"),
        (lambda f: f.assign(estimate="x"), "`frame` column 'estimate' must be numeric"),
        (
            lambda f: pd.concat([f.assign(variable="a"), f.assign(variable="b")]),
            "`frame` must hold one variable",
        ),
        (lambda f: f["estimate"], "`frame` must be a pandas DataFrame"),
        (lambda f: f.to_dict(), "`frame` must be a pandas DataFrame"),
    ],
)
def test_domains_bad_frame(api_by_type: pd.DataFrame, change: Any, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        plot_domains(change(api_by_type))


def test_domains_bad_options(api_by_type: pd.DataFrame) -> None:
    with pytest.raises(InvalidInputError, match="`reference` must be a finite number"):
        plot_domains(api_by_type, reference=float("nan"))
    with pytest.raises(InvalidInputError, match="`reference` must be a finite number"):
        plot_domains(api_by_type, reference="662")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`order` must be one of"):
        plot_domains(api_by_type, order="size")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`by` must name columns of `frame`"):
        plot_domains(api_by_type, by="region")
    with pytest.raises(InvalidInputError, match="`by` must be a column name"):
        plot_domains(api_by_type, by=[1])  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="`label` must be a str"):
        plot_domains(api_by_type, label=5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`reference_label` must be a str"):
        plot_domains(api_by_type, reference_label=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`ax` must be a matplotlib Axes"):
        plot_domains(api_by_type, ax="left")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# plot_rank_sensitivity
# --------------------------------------------------------------------------------------------
def test_rank_intervals_sorted_by_median(sensitivity: Any, tmp_path: Path) -> None:
    units = list(sensitivity.units)
    # the expected order: by median rank, ties by nominal rank (read off the input)
    expected = sorted(
        units,
        key=lambda u: (
            sensitivity.rank_median[units.index(u)],
            sensitivity.nominal_rank[units.index(u)],
        ),
    )
    rows = [units.index(u) for u in expected]
    path = tmp_path / "ranks.png"
    figure = plot_rank_sensitivity(sensitivity, path=path)
    assert_png(path)
    (axes,) = figure.axes
    assert tick_labels(axes.get_yticklabels()) == expected
    assert axes.yaxis_inverted()  # y = 0 (the best unit) on top
    intervals, medians, nominal = axes.collections
    drawn = segments(intervals)
    assert [s[0][0] for s in drawn] == [sensitivity.rank_q05[r] for r in rows]
    assert [s[1][0] for s in drawn] == [sensitivity.rank_q95[r] for r in rows]
    assert [s[0][1] for s in drawn] == [0.0, 1.0, 2.0, 3.0]
    points = np.asarray(medians.get_offsets())
    assert points[:, 0].tolist() == [sensitivity.rank_median[r] for r in rows]
    assert points[:, 1].tolist() == [0.0, 1.0, 2.0, 3.0]
    crosses = np.asarray(nominal.get_offsets())
    assert crosses[:, 0].tolist() == [sensitivity.nominal_rank[r] for r in rows]
    # the medians never decrease from the top down
    assert points[:, 0].tolist() == sorted(points[:, 0].tolist())
    assert list(axes.get_xticks()) == [1, 2, 3, 4]
    assert "300 draws" in axes.get_title()


def test_rank_sensitivity_with_fixed_ranks() -> None:
    # every draw gives the same index to all units (equal components): ranks never move
    values = pd.DataFrame(
        {"I": [30.0, 90.0, 50.0], "II": [30.0, 90.0, 50.0]}, index=["low", "high", "mid"]
    )
    result = weight_sensitivity(values, [0.5, 0.5], n=50, concentration=5.0, seed=3)
    axes = plot_rank_sensitivity(result).axes[0]
    assert tick_labels(axes.get_yticklabels()) == ["high", "mid", "low"]
    assert np.asarray(axes.collections[1].get_offsets())[:, 0].tolist() == [1.0, 2.0, 3.0]
    assert segments(axes.collections[0]) == [
        [[1.0, 0.0], [1.0, 0.0]],
        [[2.0, 1.0], [2.0, 1.0]],
        [[3.0, 2.0], [3.0, 2.0]],
    ]


def test_rank_heatmap(sensitivity: Any) -> None:
    figure = plot_rank_sensitivity(sensitivity, style="heatmap")
    axes, colorbar = figure.axes
    units = list(sensitivity.units)
    expected = sorted(
        units,
        key=lambda u: (
            sensitivity.rank_median[units.index(u)],
            sensitivity.nominal_rank[units.index(u)],
        ),
    )
    rows = [units.index(u) for u in expected]
    (image,) = axes.images
    np.testing.assert_array_equal(image.get_array(), sensitivity.rank_frequencies[rows])
    assert tick_labels(axes.get_yticklabels()) == expected
    assert list(axes.get_xticks()) == [1, 2, 3, 4]
    assert image.get_clim() == (0.0, 1.0)
    assert colorbar.get_ylabel() == "share of the draws"


def test_rank_sensitivity_bad_input(sensitivity: Any) -> None:
    with pytest.raises(InvalidInputError, match="`sensitivity` must be the result of"):
        plot_rank_sensitivity(sensitivity.summary())
    with pytest.raises(InvalidInputError, match="`style` must be one of"):
        plot_rank_sensitivity(sensitivity, style="violin")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`path` must be a file path"):
        plot_rank_sensitivity(sensitivity, path=b"x.png")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# plot_agreement
# --------------------------------------------------------------------------------------------
def test_plot_agreement_is_plot_targets(tmp_path: Path) -> None:
    assert plot_agreement is plot_targets
    frame = pd.DataFrame(
        {
            "number": [13, 13, 13],
            "name": ["BMD"] * 3,
            "period": ["Tahunan", "TW I", "TW II"],
            "target": [100.0, 5.0, 25.0],
            "realisation": [90.0, 5.0, 20.0],
        }
    )
    path = tmp_path / "agreement.png"
    (axes,) = plot_agreement(frame, path).axes
    assert_png(path)
    assert tick_labels(axes.get_xticklabels()) == ["TW I", "TW II", "Tahunan"]
    assert ys(axes.lines[0]) == [5.0, 25.0, 100.0]
    assert ys(axes.lines[1]) == [5.0, 20.0, 90.0]
    with pytest.raises(InvalidInputError, match="`evaluation`"):
        plot_agreement(frame.drop(columns="target"))


# --------------------------------------------------------------------------------------------
# import cost and the docs generator
# --------------------------------------------------------------------------------------------
def test_import_does_not_load_matplotlib() -> None:
    code = "import sys, dppapp_indikator.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_docs_generator_writes_figures_and_page(tmp_path: Path) -> None:
    # the generator reads docs_dir.parent / "tests/data": lay out a repository root
    (tmp_path / "tests").symlink_to(ROOT / "tests", target_is_directory=True)
    docs = tmp_path / "docs"
    docs.mkdir()
    spec = importlib.util.spec_from_file_location(
        "_test_page_plots", ROOT / "docs" / "hooks" / "page_plots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(docs)
    names = ["asfr", "domains", "rank_sensitivity", "agreement"]
    for name in names:
        assert_png(docs / "generated" / "plots" / f"{name}.png")
    page = (docs / "generated" / "plots.md").read_text(encoding="utf-8")
    for name in names:
        assert f"](plots/{name}.png)" in page
    for figure in module.FIGURES:
        assert figure.code in page  # the code shown is the code that ran
        assert figure.caption in page
    assert 'pd.read_csv(DATA / "tfr" / "women.csv")' in page
    assert "api_strat.csv" in page
    for name in ("plot_asfr", "plot_domains", "plot_rank_sensitivity", "plot_agreement"):
        assert f"::: dppapp_indikator.plots.{name}" in page
    assert "```pycon" not in page and ">>>" not in page  # nothing for doctest to collect
