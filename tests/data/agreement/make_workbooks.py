"""Write the Excel files of the realisation-file corpus (run: python make_workbooks.py).

The cells are typed as an Excel user would: a number with a percent format (0.71 shown as
71%), a text cell "71%", a number cell, and absurd number cells (1e308, 2230 for a TFR).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

HERE = Path(__file__).parent


def workbook(name: str, rows: list[tuple[object, object, object, str | None]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Realisasi"
    sheet.append(["number", "period", "realisation"])
    for number, period, value, number_format in rows:
        sheet.append([number, period, value])
        if number_format is not None:
            sheet.cell(row=sheet.max_row, column=3).number_format = number_format
    book.save(HERE / name)


def main() -> None:
    """Write both workbooks."""
    workbook(
        "percent_cells.xlsx",
        [
            (6, "Tahunan", 0.71, "0%"),  # typed 71% in Excel: stored 0.71, shown 71%
            (8, "Tahunan", "71%", None),  # a text cell
            (5, "Tahunan", 2.19, None),  # a number cell
            (13, "TW I", 0.05, "0.00%"),
        ],
    )
    workbook(
        "absurd_cells.xlsx",
        [
            (6, "Tahunan", 1e308, None),
            (5, "Tahunan", 2230, None),  # "2.230" read by Excel as 2230
        ],
    )


if __name__ == "__main__":
    main()
