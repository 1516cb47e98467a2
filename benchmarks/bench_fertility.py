"""Fertility-from-birth-histories benchmarks (group ``fertility``, loaded by ``run.py``).

``python benchmarks/run.py fertility`` (or ``python benchmarks/bench_fertility.py``):

* TFR with its delete-one-cluster jackknife SE on synthetic women
  (:func:`~dppapp_indikator.synthetic.synthetic_women`: 20 nullable-integer birth-date
  columns, 1,000 clusters in 20 strata) at 10,000 and 100,000 women, pandas: targets < 10 ms
  and < 30 ms; against one bare pass over the 20 birth-date columns (each read as float64
  with NaN for missing and compared once) and against the plain TFR.
* The same on Polars eager (in-memory path), Polars lazy and Dask (the general Narwhals pass).
* GFR with its Taylor and jackknife SEs on 100,000 women.
* DHS.rates 0.9.2 ``fert(..., Indicator = "tfr", JK = "Yes")`` on the same 100,000 women, when
  the environment variable ``DHSRATES_R`` names a folder holding DHS.rates' ``R/*.R`` files
  and ``Rscript`` (with survey and reshape) is installed: timed once in R (``system.time``),
  the ratio taken against the pandas time of the same run. About 3 minutes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Row, median_time  # noqa: E402

CLUSTERS = 1_000
BIRTHS = [f"b3_{j:02d}" for j in range(1, 21)]


def _women(n: int) -> Any:
    from dppapp_indikator.synthetic import synthetic_women

    return synthetic_women(n, seed=5, clusters=CLUSTERS, strata=20)


def _bare_pass(women: Any) -> Callable[[], Any]:
    """Read the 20 birth-date columns once as float64 (NaN = missing) and compare once."""
    interview = women["v008"].to_numpy(dtype=np.float64)

    def run() -> Any:
        count = 0
        for name in BIRTHS:
            values = women[name].to_numpy(dtype=np.float64, na_value=np.nan)
            count += int(np.count_nonzero(values > interview))
        return count

    return run


def _tfr_rows(n: int, repeat: int, target: str) -> list[Row]:
    from dppapp_indikator import tfr_from_birth_history

    women = _women(n)
    t_jk = median_time(lambda: tfr_from_birth_history(women), repeat)
    t_plain = median_time(lambda: tfr_from_birth_history(women, jackknife=False), repeat)
    t_bare = median_time(_bare_pass(women), repeat)
    result = tfr_from_birth_history(women)
    return [
        Row(
            "fertility",
            f"TFR + jackknife SE, {n:,} women, {CLUSTERS:,} clusters (pandas)",
            t_jk,
            "one bare pass over the 20 birth-date columns",
            t_jk / t_bare,
            target,
            f"TFR {result.tfr:.4f}, SE {result.se:.5f}; bare pass {t_bare * 1000:.1f} ms; "
            f"plain TFR {t_plain * 1000:.1f} ms ({t_jk / t_plain:.2f}x)",
        )
    ]


def _engine_rows(women: Any, repeat: int) -> list[Row]:
    import dask.dataframe as dd
    import polars as pl

    from dppapp_indikator import tfr_from_birth_history

    n = len(women)
    t_pandas = median_time(lambda: tfr_from_birth_history(women), repeat)
    frames = {
        "Polars eager": pl.from_pandas(women),
        "Polars lazy": pl.from_pandas(women).lazy(),
        "Dask, 4 partitions, threads": dd.from_pandas(women, npartitions=4),
    }
    out = []
    for label, frame in frames.items():
        seconds = median_time(lambda frame=frame: tfr_from_birth_history(frame), repeat)
        out.append(
            Row(
                "fertility",
                f"TFR + jackknife SE, {n:,} women ({label})",
                seconds,
                "pandas",
                seconds / t_pandas,
            )
        )
    return out


def _gfr_rows(women: Any, repeat: int) -> list[Row]:
    from dppapp_indikator import gfr_from_birth_history

    n = len(women)
    t_taylor = median_time(lambda: gfr_from_birth_history(women), repeat)
    t_jk = median_time(lambda: gfr_from_birth_history(women, jackknife=True), repeat)
    result = gfr_from_birth_history(women, jackknife=True)
    return [
        Row(
            "fertility",
            f"GFR, Taylor SE, {n:,} women (pandas)",
            t_taylor,
            note=f"GFR {result.gfr:.3f}, SE {result.se_taylor:.4f}, DEFT {result.deft:.3f}",
        ),
        Row(
            "fertility",
            f"GFR, jackknife SE, {n:,} women (pandas)",
            t_jk,
            "Taylor SE",
            t_jk / t_taylor,
            note=f"jackknife SE {result.se_jackknife:.4f}",
        ),
    ]


_R_TIMING = r"""
args <- commandArgs(trailingOnly = TRUE)
for (f in list.files(args[[1]], pattern = "[.]R$", full.names = TRUE)) source(f)
women <- utils::read.csv(args[[2]])
invisible(utils::capture.output(
  t <- system.time(res <- fert(women, Indicator = "tfr", JK = "Yes"))[["elapsed"]]
))
cat(t, res[1, "TFR"], res[1, "SE"], "\n")
"""


def _dhsrates_row(women: Any, t_pandas: float) -> list[Row]:
    folder = os.environ.get("DHSRATES_R")
    rscript = shutil.which("Rscript")
    if not folder or rscript is None:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "women.csv"
        script = Path(tmp) / "time.R"
        women.drop(columns=["caseid"], errors="ignore").to_csv(csv, index=False)
        script.write_text(_R_TIMING)
        done = subprocess.run(
            [rscript, str(script), folder, str(csv)],
            check=True,
            capture_output=True,
            text=True,
        )
    seconds, tfr, se = (float(v) for v in done.stdout.split()[-3:])
    version = subprocess.run(
        [rscript, "-e", "cat(R.version.string)"], check=True, capture_output=True, text=True
    ).stdout
    return [
        Row(
            "fertility",
            f"DHS.rates 0.9.2 fert(tfr, JK = 'Yes'), {len(women):,} women (R, timed once)",
            seconds,
            "this library (pandas)",
            seconds / t_pandas,
            "ratio >= 6,000",
            f"{version}; DHS.rates TFR {tfr:.3f}, SE {se:.3f}",
        )
    ]


def fertility(rows: int, repeat: int) -> list[Row]:
    """TFR (and GFR) from birth histories: 10,000 and 100,000 women, engines, DHS.rates."""
    from dppapp_indikator import tfr_from_birth_history

    out = _tfr_rows(10_000, max(repeat, 15), "< 10 ms")
    out += _tfr_rows(100_000, repeat, "< 30 ms")
    women = _women(100_000)
    out += _engine_rows(women, repeat)
    out += _gfr_rows(women, repeat)
    t_pandas = median_time(lambda: tfr_from_birth_history(women), repeat)
    out += _dhsrates_row(women, t_pandas)
    return out


GROUPS: dict[str, Callable[[int, int], list[Row]]] = {"fertility": fertility}


if __name__ == "__main__":
    from run import _format

    print(_format(fertility(1_000_000, 7)))
