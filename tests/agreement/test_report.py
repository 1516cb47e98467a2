"""Tests of evaluation reports (Excel, CSV, JSON) and the target chart."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dppapp_indikator._checks import InvalidInputError
from dppapp_indikator.agreement import EVALUATION_COLUMNS
from dppapp_indikator.agreement.model import Agreement
from dppapp_indikator.agreement.report import (
    REPORT_HEADERS,
    action_plan_frame,
    escape_cell,
    plot_targets,
    report_views,
    write_report,
)

NAN = float("nan")
COLUMNS = [
    "number",
    "name",
    "period",
    "unit",
    "polarity",
    "target",
    "target_upper",
    "realisation",
    "achievement",
    "category",
    "note",
]  # the columns of the hand-made rows below (evaluate() adds basis, annual_rule, mismatch)
INJECTIONS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x")']


def evaluation() -> pd.DataFrame:
    """A hand-made evaluation frame with the columns evaluate() returns.

    Targets are the seed's (IKU 13: 5/25/55/100; IKU 5: TFR 2,23); achievements are
    PermenPANRB 8/2021 by hand: 13 TW I 5/5 = 100 %, TW II 20/25 = 80 %, Tahunan 90/100 = 90 %;
    IKU 5 lower is better (2 - 2.1/2.23) x 100 = 105.83 %.
    """
    rows = [
        (
            13,
            "=Inventarisasi BMD",
            "TW II",
            "Persen",
            "higher",
            25.0,
            NAN,
            20.0,
            80.0,
            "tinggi",
            "",
        ),
        (
            13,
            "=Inventarisasi BMD",
            "Tahunan",
            "Persen",
            "higher",
            100.0,
            NAN,
            90.0,
            90.0,
            "tinggi",
            "+note",
        ),
        (
            5,
            "TFR",
            "Tahunan",
            "anak per WUS",
            "lower",
            2.23,
            NAN,
            2.1,
            105.83,
            "sangat tinggi",
            None,
        ),
        (5, "TFR", "TW IV", "anak per WUS", "lower", 2.23, NAN, NAN, NAN, None, "-"),
        (
            13,
            "=Inventarisasi BMD",
            "TW I",
            "Persen",
            "higher",
            5.0,
            NAN,
            5.0,
            100.0,
            "sangat tinggi",
            "@x",
        ),
        (1, "iBangga", "TW I", "Indeks", "higher", NAN, NAN, NAN, NAN, None, "N/A"),
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["basis"] = ["tahunan" if p == "Tahunan" else "s.d. triwulan" for p in frame["period"]]
    return frame.assign(annual_rule="", mismatch=False)


def test_escape_cell() -> None:
    for text in INJECTIONS:
        assert escape_cell(text) == "'" + text
    assert escape_cell("iBangga") == "iBangga"
    assert escape_cell("") == ""
    assert escape_cell(-5.0) == -5.0
    assert escape_cell(None) is None


def test_report_views_split_and_order() -> None:
    views = report_views(evaluation())
    assert list(views) == ["Ringkasan", "Triwulan"]
    summary, quarters = views["Ringkasan"], views["Triwulan"]
    assert summary["number"].tolist() == [5, 13]
    assert (summary["period"] == "Tahunan").all()
    assert list(zip(quarters["number"], quarters["period"], strict=True)) == [
        (1, "TW I"),
        (5, "TW IV"),
        (13, "TW I"),
        (13, "TW II"),
    ]
    assert list(summary.columns) == list(EVALUATION_COLUMNS)


def test_report_checks_columns(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"evaluation.*missing column"):
        report_views(pd.DataFrame({"number": [1]}))
    with pytest.raises(InvalidInputError, match=r"path.*\.xlsx, \.csv or \.json"):
        write_report(evaluation(), tmp_path / "r.ods")


def test_json_report_records(tmp_path: Path) -> None:
    path = write_report(evaluation(), tmp_path / "r.json")
    records = json.loads(path.read_text("utf-8"))
    assert len(records) == 6
    assert list(records[0]) == list(EVALUATION_COLUMNS)
    first = records[0]  # ordered: IKU 1 TW I first
    assert (first["number"], first["period"]) == (1, "TW I")
    assert first["target"] is None and first["achievement"] is None
    tfr = next(r for r in records if r["number"] == 5 and r["period"] == "Tahunan")
    assert tfr["achievement"] == 105.83
    assert tfr["note"] is None
    # JSON is data, not a spreadsheet: text is not escaped
    assert records[-1]["name"] == "=Inventarisasi BMD"


def test_csv_report_escapes_formulas(tmp_path: Path) -> None:
    frame = evaluation()
    frame.loc[0, "note"] = "-2+3"
    frame["realisation"] = frame["realisation"].where(frame["number"] != 5, -1.5)
    path = write_report(frame, tmp_path / "r.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6
    for row in rows:
        for column in ("name", "note", "category", "unit", "period"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), row[column]
    bmd = [r for r in rows if r["number"] == "13"]
    assert {r["name"] for r in bmd} == {"'=Inventarisasi BMD"}
    assert {r["note"] for r in bmd} == {"'-2+3", "'+note", "'@x"}
    tfr_tw4 = next(r for r in rows if r["number"] == "5" and r["period"] == "TW IV")
    assert tfr_tw4["note"] == "'-"
    assert tfr_tw4["achievement"] == ""  # NaN -> empty cell
    # numbers are numbers, a negative one is not escaped
    assert tfr_tw4["realisation"] == "-1.5"


def test_xlsx_report_escapes_formulas_and_has_views(tmp_path: Path) -> None:
    frame = evaluation()
    frame.loc[0, "note"] = INJECTIONS[-1]
    path = write_report(frame, tmp_path / "r.xlsx")
    workbook = openpyxl.load_workbook(path)  # formulas would load as data_type "f"
    assert workbook.sheetnames == ["Ringkasan", "Triwulan"]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    summary = workbook["Ringkasan"]
    header = [c.value for c in summary[1]]
    # a report for people: Indonesian headers by default, in the evaluation's column order
    assert header == [REPORT_HEADERS["id"][c] for c in EVALUATION_COLUMNS]
    assert header[EVALUATION_COLUMNS.index("category")] == "kategori capaian"
    assert header[EVALUATION_COLUMNS.index("note")] == "catatan"
    assert [c.value for c in summary[2]] == [
        5,
        "TFR",
        "Tahunan",
        "anak per WUS",
        "makin rendah makin baik",
        2.23,
        None,
        2.1,
        105.83,
        "sangat tinggi",
        None,
        "tahunan",
        None,
        False,
    ]
    name = summary.cell(row=3, column=2)
    assert name.data_type == "s" and name.value == "'=Inventarisasi BMD"
    quarters = workbook["Triwulan"]
    assert quarters.max_row == 5
    hyperlink = quarters.cell(row=5, column=11)  # IKU 13 TW II note
    assert hyperlink.data_type == "s"
    assert hyperlink.value == "'" + INJECTIONS[-1]
    nan_cell = quarters.cell(row=3, column=9)  # IKU 5 TW IV achievement: NaN -> empty
    assert nan_cell.value is None


def small_agreement_with_plan() -> Agreement:
    return Agreement.model_validate(
        {
            "title": "Perjanjian Kinerja (test)",
            "organisation": "Dinas PPAPP",
            "year": 2024,
            "source": "hand-made test agreement",
            "indicators": [
                {
                    "number": 8,
                    "strategic_goal": "Percepatan Pencapaian Kota Layak Anak",
                    "name": "Persentase Kota/Kabupaten Yang Memperoleh Peringkat Nindya",
                    "data_source": None,
                    "unit": "Persen",
                    "polarity": "higher",
                    "targets": {"tw1": None, "tw2": None, "tw3": None, "tw4": 100, "annual": 100},
                    "aggregation": "last",
                    "aggregation_basis": "test",
                    "registry_code": "kla_nindya_share",
                    "seed_line": 1,
                    "action_plan": [
                        {
                            "code": "RA3",
                            "text": "=Pelaporan peringkat",
                            "criteria": [
                                {
                                    "code": "KK3.1",
                                    "text": "Persentase Kota/Kabupaten Yang Memperoleh "
                                    "Peringkat Nindya",
                                    "outputs": [
                                        {
                                            "code": "T/O3.1.1",
                                            "text": "67% kota/kabupaten peringkat nindya",
                                            "quarters": ["TW 4"],
                                            "schedule": "TW 4",
                                        },
                                        {
                                            "code": "T/O3.1.2",
                                            "text": "laporan",
                                            "quarters": ["TW 3", "TW 4"],
                                            "schedule": "TW 3-4",
                                        },
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    )


def test_action_plan_sheet(tmp_path: Path) -> None:
    agreement = small_agreement_with_plan()
    plan = action_plan_frame(agreement)
    assert plan["output_code"].tolist() == ["T/O3.1.1", "T/O3.1.2"]
    assert plan["quarters"].tolist() == ["TW 4", "TW 3, TW 4"]
    assert (plan["action_code"] == "RA3").all()
    path = write_report(evaluation(), tmp_path / "r.xlsx", agreement=agreement)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Ringkasan", "Triwulan", "Rencana Aksi"]
    sheet = workbook["Rencana Aksi"]
    assert sheet.max_row == 3
    action = sheet.cell(row=2, column=4)
    assert action.data_type == "s" and action.value == "'=Pelaporan peringkat"


def test_plot_targets_data() -> None:
    figure = plot_targets(evaluation())
    # IKU 1 has neither target nor realisation: no panel; IKU 5 and 13 have one each
    assert len(figure.axes) == 2
    tfr, bmd = figure.axes
    assert tfr.get_title().startswith("IKU 5")
    assert bmd.get_title().startswith("IKU 13")
    assert [t.get_text() for t in bmd.get_xticklabels()] == ["TW I", "TW II", "Tahunan"]
    target, realisation = bmd.lines[:2]
    assert list(target.get_ydata()) == [5.0, 25.0, 100.0]
    assert list(realisation.get_ydata()) == [5.0, 20.0, 90.0]
    assert list(target.get_xdata()) == [0, 1, 2]
    tfr_target, tfr_realisation = tfr.lines[:2]
    assert list(tfr_target.get_ydata()) == [2.23, 2.23]
    ys = list(tfr_realisation.get_ydata())
    assert math.isnan(ys[0]) and ys[1] == 2.1  # TW IV not reported: a gap
    assert tfr.get_ylabel() == "anak per WUS"
    labels = [t.get_text() for t in tfr.get_legend().get_texts()]
    assert labels == ["target", "realisasi"]


def test_plot_targets_select_and_save(tmp_path: Path) -> None:
    path = tmp_path / "chart.png"
    figure = plot_targets(evaluation(), path, numbers=[13])
    assert len(figure.axes) == 1
    assert np.allclose(figure.axes[0].lines[0].get_ydata(), [5.0, 25.0, 100.0])
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(InvalidInputError, match="evaluation"):
        plot_targets(evaluation(), numbers=[99])


def test_plot_targets_joins_quarters_only_and_draws_ranges() -> None:
    frame = evaluation()
    figure = plot_targets(frame, numbers=[13])
    (bmd,) = figure.axes
    # lines[2:] join the quarters (TW I, TW II); the annual point stays apart
    assert bmd.lines[2].get_xdata().tolist() == [0, 1]
    assert bmd.lines[2].get_ydata().tolist() == [5.0, 25.0]
    assert bmd.lines[3].get_ydata().tolist() == [5.0, 20.0]
    ranged = frame[frame["number"] == 5].copy()
    ranged["target"], ranged["target_upper"] = 2.1, 2.3
    (tfr,) = plot_targets(ranged).axes
    (bars,) = tfr.collections
    assert [segment.tolist() for segment in bars.get_segments()] == [
        [[0.0, 2.1], [0.0, 2.3]],
        [[1.0, 2.1], [1.0, 2.3]],
    ]


def test_report_of_a_real_evaluation(tmp_path: Path) -> None:
    from dppapp_indikator.agreement import evaluate, load_agreement

    agreement = load_agreement()
    realisations = pd.DataFrame(
        {
            "number": [4, 4, 5],
            "period": ["TW I", "TW II", "Tahunan"],
            "realisation": [15.0, 16.0, 2.10],
        }
    )
    result = evaluate(agreement, realisations)
    path = write_report(result, tmp_path / "r.xlsx", agreement=agreement)
    workbook = openpyxl.load_workbook(path)
    summary = workbook["Ringkasan"]
    names = {v: k for k, v in REPORT_HEADERS["id"].items()}
    header = [names[c.value] for c in summary[1]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=True))
        for row in summary.iter_rows(min_row=2)
    ]
    assert [(r["number"], r["period"]) for r in rows] == [(4, "s.d. TW II"), (5, "Tahunan")]
    # IKU 4 to date: the quarters add up (15 + 16 = 31) against 14,35 + 16,39 = 30,74:
    # 31 / 30.74 x 100 = 100.85 % (the year's target 71 needs TW III and TW IV)
    assert rows[0]["realisation"] == 31.0
    assert round(rows[0]["achievement"], 2) == 100.85
    # IKU 5 (lower is better): (2 - 2.10 / 2.23) x 100 = 105.83 %
    assert round(rows[1]["achievement"], 2) == 105.83
    assert workbook["Rencana Aksi"].max_row > 21


def test_xlsx_report_in_english(tmp_path: Path) -> None:
    path = write_report(evaluation(), tmp_path / "r.xlsx", language="en")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Summary", "Quarters"]
    summary = workbook["Summary"]
    header = [c.value for c in summary[1]]
    assert header == [REPORT_HEADERS["en"][c] for c in EVALUATION_COLUMNS]
    assert "achievement category" in header and "kategori capaian" not in header
    assert summary.cell(row=2, column=5).value == "lower is better"
    # category and period labels stay as the agreement writes them
    assert summary.cell(row=2, column=10).value == "sangat tinggi"
    assert summary.cell(row=2, column=3).value == "Tahunan"
    with pytest.raises(InvalidInputError, match="language"):
        write_report(evaluation(), tmp_path / "r2.xlsx", language="fr")


def test_csv_and_json_reports_keep_program_column_names(tmp_path: Path) -> None:
    path = write_report(evaluation(), tmp_path / "r.json", language="en")
    assert list(json.loads(path.read_text("utf-8"))[0]) == [
        *COLUMNS,
        "basis",
        "annual_rule",
        "mismatch",
    ]


def test_plot_marks_polarity_shows_achievement_and_keeps_words_whole() -> None:
    frame = evaluation()
    long_name = (
        "Persentase Pelaksanaan Inventarisasi BMD pada Pengguna Barang dan Kuasa Pengguna "
        "Barang di lingkungan Dinas PPAPP Provinsi DKI Jakarta tahun anggaran 2024"
    )
    frame.loc[frame["number"] == 13, "name"] = long_name
    figure = plot_targets(frame)
    tfr, bmd = figure.axes
    # the lower-is-better indicator (TFR) carries the mark; the other does not
    assert "↓ makin rendah makin baik" in [t.get_text() for t in tfr.texts]
    assert not any("↓" in t.get_text() for t in bmd.texts)
    # achievements beside the realisations, in Indonesian notation: 105,83 -> "105,8 %";
    # IKU 13: 100 %, 80 %, 90 % (hand, see evaluation())
    assert "105,8 %" in [t.get_text() for t in tfr.texts]
    assert [t.get_text() for t in bmd.texts] == ["100 %", "80 %", "90 %"]
    # the title is cut only between words, on at most two lines
    title = bmd.get_title()
    lines = title.split("\n")
    assert len(lines) <= 2 and title.endswith("…")
    words = set(f"IKU 13: {long_name}".split())
    assert all(word in words for word in title.replace("…", "").split())
    english = plot_targets(frame, language="en")
    assert "↓ lower is better" in [t.get_text() for t in english.axes[0].texts]
    assert "105.8 %" in [t.get_text() for t in english.axes[0].texts]
    labels = [t.get_text() for t in english.axes[0].get_legend().get_texts()]
    assert labels == ["target", "realisation"]


def test_plot_non_finite_values_and_bad_path(tmp_path: Path) -> None:
    frame = evaluation()
    frame["achievement"] = frame["achievement"].astype("float64")
    frame.loc[0, "achievement"] = math.inf
    frame.loc[1, "realisation"] = 1e308
    frame.loc[1, "achievement"] = 1e308
    path = tmp_path / "c.png"
    figure = plot_targets(frame, path)
    assert path.read_bytes()[:4] == b"\x89PNG"
    assert all("inf" not in t.get_text() for ax in figure.axes for t in ax.texts)
    for bad in ("x.txt", "x", "x.xlsx"):
        with pytest.raises(InvalidInputError, match="`path`"):
            plot_targets(frame, tmp_path / bad)
        assert not (tmp_path / bad).exists()
    with pytest.raises(InvalidInputError, match="`language`"):
        plot_targets(frame, language="fr")
