"""Raking, covariance and domain medians on 1,000,000 rows (200 strata, 2,000 PSUs).

``python benchmarks/bench_survey12.py [--rows N] [--repeat K] [--no-r]``

* raking on three margins (3 x 10 levels = 30 cells) plus a 10-domain mean (pandas), against R
  ``survey``'s ``rake`` + ``svyby(~y, ~domain, design, svymean)`` on the same data in the same
  run (R reads a CSV first; only ``rake`` + ``svyby`` are timed, inside R);
* the covariance matrix of 10 domain means against the 10 domain means alone (both one
  reduction of the rows);
* a 10-domain median with Woodruff intervals.

Every time is the median of ``--repeat`` runs after one warm-up run. Not a test: run on demand.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

STRATA = 200
PSUS = 2_000
DOMAINS = 10
LEVELS = 10  # per margin, three margins


def data(rows: int, seed: int = 12) -> Any:
    import pandas as pd

    rng = np.random.default_rng(seed)
    psu = rng.integers(0, PSUS, rows)
    stratum = psu // (PSUS // STRATA)
    a = rng.integers(0, LEVELS, rows)
    b = (a + rng.integers(0, 3, rows)) % LEVELS
    c = rng.integers(0, LEVELS, rows)
    return pd.DataFrame(
        {
            "stratum": stratum,
            "psu": psu,
            "w": rng.uniform(50.0, 150.0, rows),
            "a": a,
            "b": b,
            "c": c,
            "domain": rng.integers(0, DOMAINS, rows),
            "y": rng.gamma(2.0, 10.0, rows) + a,
        }
    )


def margins(frame: Any) -> dict[str, dict[int, float]]:
    """Population margins: the sample's weighted counts scaled and tilted (all sum to N)."""
    total = float(frame["w"].sum()) * 1.1
    out = {}
    for j, column in enumerate(("a", "b", "c")):
        shares = np.linspace(1.0, 1.0 + 0.1 * (j + 1), LEVELS)
        counts = frame.groupby(column)["w"].sum().to_numpy() * shares
        out[column] = {level: float(v) for level, v in enumerate(counts / counts.sum() * total)}
    return out


def median_time(function: Callable[[], Any], repeat: int) -> float:
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


R_SCRIPT = r"""
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
m <- read.csv(args[2])
pops <- lapply(c("a", "b", "c"), function(v) {
  x <- m[m$margin == v, c("level", "total")]; names(x) <- c(v, "Freq"); x })
design <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = d)
t <- system.time({
  r <- rake(design, list(~a, ~b, ~c), pops, control = list(maxit = 50, epsilon = 1e-7))
  est <- svyby(~y, ~domain, r, svymean)
})[["elapsed"]]
cat(sprintf("%.6f %.10f %.10f\n", t, coef(est)[1], SE(est)[1]))
"""


def r_rake(frame: Any, margin: dict[str, dict[int, float]]) -> tuple[float, float, float] | None:
    import pandas as pd

    try:
        subprocess.run(["Rscript", "--version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        frame.to_csv(path / "data.csv", index=False)
        rows = [(m, level, total) for m, levels in margin.items() for level, total in levels.items()]
        pd.DataFrame(rows, columns=["margin", "level", "total"]).to_csv(
            path / "margins.csv", index=False
        )
        (path / "rake.R").write_text(R_SCRIPT)
        out = subprocess.run(
            ["Rscript", str(path / "rake.R"), str(path / "data.csv"), str(path / "margins.csv")],
            capture_output=True,
            text=True,
            check=True,
        )
    seconds, estimate, se = (float(v) for v in out.stdout.split())
    return seconds, estimate, se


def main() -> None:
    from dppapp_indikator import SurveyDesign

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-r", action="store_true")
    options = parser.parse_args()
    frame = data(options.rows)
    margin = margins(frame)
    design = SurveyDesign(frame, weights="w", strata="stratum", psu="psu")
    print(f"{options.rows:,} rows, {STRATA} strata, {PSUS} PSUs, {DOMAINS} domains")

    def rake_and_mean() -> Any:
        return design.rake(margin, tolerance=1e-7).mean("y", by="domain")

    t_rake = median_time(rake_and_mean, options.repeat)
    result = rake_and_mean()
    print(f"rake (3 margins, 30 cells) + 10-domain mean: {t_rake * 1000:.0f} ms")
    t_mean = median_time(lambda: design.mean("y", by="domain"), options.repeat)
    t_vcov = median_time(lambda: design.vcov("mean", "y", by="domain"), options.repeat)
    print(f"10-domain mean: {t_mean * 1000:.1f} ms; vcov of the 10 means: {t_vcov * 1000:.1f} ms "
          f"(ratio {t_vcov / t_mean:.2f})")
    t_median = median_time(lambda: design.quantile("y", 0.5, by="domain"), options.repeat)
    print(f"10-domain median with Woodruff intervals: {t_median * 1000:.0f} ms")
    if not options.no_r:
        measured = r_rake(frame, margin)
        if measured is None:
            print("R not found: no comparison")
        else:
            seconds, estimate, se = measured
            first = result.iloc[0]
            print(
                f"R rake + svyby: {seconds:.2f} s -> {seconds / t_rake:.0f}x; domain 0: "
                f"R {estimate:.6f} (SE {se:.6f}), here {first['estimate']:.6f} "
                f"(SE {first['se']:.6f})"
            )


if __name__ == "__main__":
    main()
