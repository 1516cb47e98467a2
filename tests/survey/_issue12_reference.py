"""Shared loader of the R survey reference numbers for covariance, contrasts, calibration and
quantiles (``tests/data/survey/issue12_reference.json``, written by ``issue12_reference.R``
with R 4.2.2 + survey 4.5 on the api data; every entry stores the R call in ``code``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data" / "survey"
REFERENCE: dict[str, Any] = json.loads((DATA / "issue12_reference.json").read_text())
RESULTS: dict[str, Any] = REFERENCE["results"]
POPULATION: dict[str, Any] = RESULTS["population"]

# The Python equivalent of each R design: (csv, strata, psu, fpc)
DESIGNS: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "dclus1": ("api_clus1.csv", None, "dnum", "fpc"),
    "dstrat": ("api_strat.csv", "stype", None, "fpc"),
}
# replicate designs: R name -> (Taylor design, method)
REPLICATES: dict[str, tuple[str, str]] = {"rclus1": ("dclus1", "JK1"), "rstrat": ("dstrat", "JKn")}


@cache
def api_frame(name: str) -> pd.DataFrame:
    """The api data of an R design name (dclus1 / dstrat / rclus1 / rstrat)."""
    base = REPLICATES[name][0] if name in REPLICATES else name
    return pd.read_csv(DATA / DESIGNS[base][0])


def dummies(column: pd.Series, levels: list[str]) -> np.ndarray:
    """One 0/1 column per level."""
    return np.stack([(column == level).to_numpy(dtype=float) for level in levels], axis=1)
