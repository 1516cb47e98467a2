"""Survey, fertility, national iBangga and scaling benchmarks (loaded by ``run.py``).

Groups (``python benchmarks/run.py survey fertility national scaling``):

* ``survey``: :class:`~dppapp_indikator.survey.design.SurveyDesign` (strata + PSUs) on
  ``--rows`` rows (default 1,000,000): build + 10-domain mean, each further estimate against
  ONE bare ``np.bincount`` pass over the same columns, a further mean on a JKn replicate
  design with 2,000 replicates (100 strata x 20 PSUs) against the same bare pass, R survey's
  ``svydesign`` + ``svyby(svymean)`` on the same data in the same run (through ``Rscript``;
  equal numbers checked; skipped when R is absent), and samplics' ``TaylorEstimator`` on the
  same data (equal numbers checked; samplics is not a project dependency: skipped if absent).
* ``fertility``: ``tfr_from_birth_history`` with its jackknife SE on 100,000 women in 1,000
  clusters, against the plain TFR.
* ``national``: iBangga by kab/kota for 68,478,139 families from Parquet, through Polars
  (streaming) and Dask (``LocalCluster``, 2 worker processes): time and peak memory of the
  whole process tree. Each engine runs in a subprocess; the parent polls the resident memory
  of that subprocess and all its descendants (psutil) every 0.1 s and keeps the peak of the
  sum. The Parquet data is written once to ``benchmarks/.data/`` and reused.
* ``scaling``: how the cost grows with rows (survey mean: 1e5, 1e6, 1e7 rows; TFR: 1e4, 1e5,
  1e6 women; iBangga streaming: 4.2, 16.8 and 68.5 million families) and with clusters (TFR
  jackknife: 100, 1,000, 10,000 clusters).

Every time is a median of repeated runs (``--repeat``, after one warm-up run, except the
national runs: at most 3, no warm-up); ratios are measured in the same run. Also runnable
alone: ``python benchmarks/bench_survey.py [groups]`` (no file saved).
"""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Row, median_time  # noqa: E402

DATA = HERE / ".data"
NATIONAL_FAMILIES = 68_478_139  # PK21 families (BKKBN, Pendataan Keluarga 2021)
NATIONAL_SEED = 2021
NATIONAL_RUNS = 3
DOMAINS = 10
STRATA = 50
PSUS_PER_STRATUM = 20
GIB = 2**30


# ------------------------------------------------------------------------------ helpers


def _survey_data(rows: int) -> Any:
    from dppapp_indikator.synthetic import synthetic_survey

    return synthetic_survey(
        rows, seed=11, strata=STRATA, psus_per_stratum=PSUS_PER_STRATUM, regions=DOMAINS
    )


def _cells(data: Any) -> Any:
    """(PSU, domain) cell of every row: the integer codes a bare numpy estimator would use."""
    import pandas as pd

    psu, _ = pd.factorize(data["psu"], sort=True)
    domain, _ = pd.factorize(data["region"], sort=True)
    return np.asarray(psu, dtype=np.int64) * DOMAINS + np.asarray(domain, dtype=np.int64)


def _bare_pass(data: Any, column: str) -> Callable[[], Any]:
    """ONE bincount pass over the weight and outcome columns (codes computed beforehand)."""
    cells = _cells(data)
    size = int(cells.max()) + 1
    w = data["weight"].to_numpy(dtype=np.float64)
    y = data[column].to_numpy(dtype=np.float64)
    return lambda: np.bincount(cells, weights=w * y, minlength=size)


def _design(data: Any) -> Any:
    from dppapp_indikator.survey.design import SurveyDesign

    return SurveyDesign(data, weights="weight", strata="stratum", psu="psu")


def _per_row(seconds: float, rows: int) -> str:
    return f"{seconds / rows * 1e9:.0f} ns/row"


# ------------------------------------------------------------------------------ survey


def survey(rows: int, repeat: int) -> list[Row]:
    """SurveyDesign (strata + PSUs) on ``rows`` rows; samplics on the same data."""
    data = _survey_data(rows)
    label = f"{rows:,} rows, {STRATA} strata, {STRATA * PSUS_PER_STRATUM:,} PSUs"
    out: list[Row] = []

    t_build = median_time(lambda: _design(data).mean("y", by="region"), repeat)
    out.append(
        Row(
            "survey",
            f"SurveyDesign build + {DOMAINS}-domain mean, {label}",
            t_build,
            target="< 0.5 s",
        )
    )
    design = _design(data)
    estimates: list[tuple[str, Callable[[], Any], str]] = [
        ("mean of y", lambda: design.mean("y", by="region"), "y"),
        ("total of y", lambda: design.total("y", by="region"), "y"),
        ("proportion of violence", lambda: design.proportion("violence", by="region"), "violence"),
    ]
    t_mean = float("nan")
    for name, estimate, column in estimates:
        t_estimate = median_time(estimate, repeat)
        t_bare = median_time(_bare_pass(data, column), repeat)
        if name == "mean of y":
            t_mean = t_estimate
        out.append(
            Row(
                "survey",
                f"further estimate on the built design: {name} by {DOMAINS} domains",
                t_estimate,
                "one bare np.bincount pass (w*y by PSU x domain)",
                t_estimate / t_bare,
                "< 0.1 s; ratio <= 4",
                f"bare pass {t_bare * 1000:.1f} ms",
            )
        )
    out.extend(_jkn(rows, repeat))
    out.extend(_r_survey(data, t_build, repeat))
    out.extend(_samplics(data, design, t_build, t_mean, repeat))
    return out


JKN_STRATA = 100  # x 20 PSUs: JKn builds 2,000 replicates


def _jkn(rows: int, repeat: int) -> list[Row]:
    """A further 10-domain mean on a JKn design with 2,000 replicates."""
    from dppapp_indikator.survey.replicate import ReplicateDesign
    from dppapp_indikator.synthetic import synthetic_survey

    data = synthetic_survey(
        rows, seed=12, strata=JKN_STRATA, psus_per_stratum=PSUS_PER_STRATUM, regions=DOMAINS
    )
    replicate = ReplicateDesign.from_design(_design(data), "JKn")
    t_estimate = median_time(lambda: replicate.mean("y", by="region"), repeat)
    t_bare = median_time(_bare_pass(data, "y"), repeat)
    return [
        Row(
            "survey",
            f"further estimate on a JKn design ({replicate.n_replicates:,} replicates): mean of y "
            f"by {DOMAINS} domains, {rows:,} rows",
            t_estimate,
            "one bare np.bincount pass (w*y by PSU x domain)",
            t_estimate / t_bare,
            "ratio <= 3",
            f"bare pass {t_bare * 1000:.1f} ms; no n x R weight matrix",
        )
    ]


_R_SCRIPT = r"""
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
data <- read.csv(args[1])
repeat_n <- as.integer(args[2])
run <- function() {
  d <- svydesign(id = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = data)
  svyby(~y, ~region, d, svymean)
}
invisible(run())  # warm-up
times <- sapply(seq_len(repeat_n), function(i) system.time(run())[["elapsed"]])
out <- run()
cat(sprintf("%.6f\n", median(times)))
cat(R.version.string, "\n", sep = "")
cat(as.character(packageVersion("survey")), "\n", sep = "")
cat(paste(sprintf("%.12g", coef(out)), collapse = " "), "\n", sep = "")
cat(paste(sprintf("%.12g", SE(out)), collapse = " "), "\n", sep = "")
"""


def _r_survey(data: Any, t_build: float, repeat: int) -> list[Row]:
    """R survey's svydesign + svyby on the same data, in the same run (skipped without R)."""
    import shutil
    import tempfile

    case = f"R survey svydesign + svyby(svymean) by {DOMAINS} domains, same data"
    rscript = shutil.which("Rscript")
    if rscript is None:
        return [Row("survey", case, float("nan"), note="Rscript not found: skipped")]
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "survey.csv"
        data[["stratum", "psu", "weight", "y", "region"]].to_csv(csv, index=False)
        script = Path(folder) / "bench.R"
        script.write_text(_R_SCRIPT)
        done = subprocess.run(
            [rscript, str(script), str(csv), str(max(1, min(repeat, 3)))],
            capture_output=True,
            text=True,
            check=False,
        )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or len(lines) < 5:
        return [Row("survey", case, float("nan"), note=f"R failed: {done.stderr[-200:]}")]
    seconds = float(lines[0])
    r_est = np.array(lines[3].split(), dtype=np.float64)
    r_se = np.array(lines[4].split(), dtype=np.float64)
    ours = _design(data).mean("y", by="region")
    worst = float(
        max(
            np.max(np.abs(ours["estimate"].to_numpy() / r_est - 1.0)),
            np.max(np.abs(ours["se"].to_numpy() / r_se - 1.0)),
        )
    )
    check = "equal to 1e-9" if worst <= 1e-9 else f"NUMBERS DIFFER (max {worst:.1e})"
    return [
        Row(
            "survey",
            case,
            seconds,
            "SurveyDesign build + 10-domain mean",
            seconds / t_build,
            "ratio >= 100",
            f"{lines[1].strip()}, survey {lines[2].strip()}; estimates and SEs {check}",
        )
    ]


def _samplics(data: Any, design: Any, t_build: float, t_mean: float, repeat: int) -> list[Row]:
    case = f"samplics TaylorEstimator mean by {DOMAINS} domains, same data"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # samplics warns that it is archived
            import samplics
            from samplics.estimation import TaylorEstimator
            from samplics.utils.types import PopParam
    except ImportError:
        return [Row("survey", case, float("nan"), note="samplics not installed: skipped")]

    y = data["y"].to_numpy(dtype=np.float64)
    weight = data["weight"].to_numpy(dtype=np.float64)
    stratum = data["stratum"].to_numpy()
    psu = data["psu"].to_numpy()
    region = data["region"].to_numpy()

    def run() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            estimator = TaylorEstimator(PopParam.mean)
            # samplics' default fpc=1.0 is "no correction" and SurveyDesign without fpc is
            # sampling with replacement: both are the same estimator (R survey, no fpc)
            estimator.estimate(
                y=y, samp_weight=weight, stratum=stratum, psu=psu, domain=region, fpc=1.0
            )
        return estimator

    t_samplics = median_time(run, max(1, min(repeat, 3)), warmup=0)
    estimator = run()
    ours = design.mean("y", by="region")
    labels = ours["region"].tolist()
    theirs_est = np.array([estimator.point_est[k] for k in labels], dtype=np.float64)
    theirs_se = np.array([estimator.stderror[k] for k in labels], dtype=np.float64)
    ours_est = ours["estimate"].to_numpy(dtype=np.float64)
    ours_se = ours["se"].to_numpy(dtype=np.float64)
    worst = float(
        max(np.max(np.abs(theirs_est / ours_est - 1.0)), np.max(np.abs(theirs_se / ours_se - 1.0)))
    )
    equal = worst <= 1e-6
    check = (
        f"estimates and SEs equal to 1e-6 relative (max {worst:.1e})"
        if equal
        else f"NUMBERS DIFFER: max relative difference {worst:.1e}"
    )
    version = f"samplics {samplics.__version__}; no fpc on both sides; {check}"
    return [
        Row(
            "survey",
            case,
            t_samplics,
            "SurveyDesign build + mean",
            t_samplics / t_build,
            "ratio >= 50",
            version,
        ),
        Row(
            "survey",
            case,
            t_samplics,
            "a further mean on the built design",
            t_samplics / t_mean,
            "ratio >= 50",
            version,
        ),
    ]


# ------------------------------------------------------------------------------ fertility


def _women(n: int, clusters: int) -> Any:
    from dppapp_indikator.synthetic import synthetic_women

    return synthetic_women(n, seed=5, clusters=clusters, strata=min(20, clusters))


def _tfr_rows(group: str, n: int, clusters: int, repeat: int, target: bool) -> list[Row]:
    from dppapp_indikator.survey.birth_history import tfr_from_birth_history

    women = _women(n, clusters)
    t_jk = median_time(lambda: tfr_from_birth_history(women), repeat)
    t_plain = median_time(lambda: tfr_from_birth_history(women, jackknife=False), repeat)
    result = tfr_from_birth_history(women)
    return [
        Row(
            group,
            f"TFR + jackknife SE, {n:,} women, {clusters:,} clusters",
            t_jk,
            "plain TFR (jackknife=False)",
            t_jk / t_plain,
            "< 0.5 s; ratio <= 1.5" if target else "",
            f"TFR {result.tfr:.3f}, SE {result.se:.4f}; plain {t_plain * 1000:.0f} ms; "
            + _per_row(t_jk, n),
        )
    ]


def fertility(rows: int, repeat: int) -> list[Row]:
    """TFR with its jackknife SE on 100,000 women in 1,000 clusters."""
    return _tfr_rows("fertility", 100_000, 1_000, repeat, target=True)


# ------------------------------------------------------------------------------ national


def national_data() -> Path:
    """The 68,478,139 synthetic families as Parquet, written once and then reused."""
    import pyarrow.parquet as pq

    from dppapp_indikator.synthetic import write_families_parquet

    folder = DATA / f"families-{NATIONAL_FAMILIES}-seed-{NATIONAL_SEED}"
    files = sorted(folder.glob("part-*.parquet"))
    if files and sum(pq.ParquetFile(f).metadata.num_rows for f in files) == NATIONAL_FAMILIES:
        return folder
    print(f"writing {NATIONAL_FAMILIES:,} families to {folder} (once) ...", file=sys.stderr)
    written = write_families_parquet(
        folder, NATIONAL_FAMILIES, seed=NATIONAL_SEED, workers=2, if_exists="replace"
    )
    print(written, file=sys.stderr)
    return folder


def _child(engine: str, runs: int, paths: list[str]) -> None:
    """Subprocess body: time ``runs`` calls of ibangga_from_parquet; print JSON on stdout."""
    import resource

    warnings.filterwarnings("ignore", message="The inplace keyword in DataFrame.reset_index")
    from dppapp_indikator.survey.family import ibangga_from_parquet

    source: Any = paths[0] if len(paths) == 1 else paths
    cluster: Any = None
    start = time.perf_counter()
    if engine == "dask":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=40,
        )
        client = Client(cluster)
    startup = time.perf_counter() - start
    times = []
    result: Any = None
    for _ in range(runs):
        start = time.perf_counter()
        result = ibangga_from_parquet(source, engine=engine, by="kab_kota")  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
    if cluster is not None:
        client.close()
        cluster.close()
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps(
            {
                "times": times,
                "startup": startup,
                "families": int(result["n_families"].sum()),
                "regions": len(result),
                "mean_ibangga": float(result["ibangga"].mean()),
                "self_maxrss": usage,
            }
        )
    )


def _measure(engine: str, paths: list[str], runs: int) -> tuple[dict[str, Any], float, str]:
    """Run :func:`_child` in a subprocess; return its report, peak tree RSS and how measured."""
    command = [sys.executable, str(Path(__file__).resolve()), "_child", engine, str(runs), *paths]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is optional
        psutil = None
    if psutil is not None:
        root = psutil.Process(process.pid)
        while process.poll() is None:
            total = 0
            try:
                members = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                members = []
            for member in members:
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += member.memory_info().rss
            peak = max(peak, total)
            time.sleep(0.1)
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{engine} benchmark failed:\n{stderr[-3000:]}")
    report = json.loads(stdout.strip().splitlines()[-1])
    how = "process-tree sum, psutil poll every 0.1 s"
    if psutil is None:  # pragma: no cover
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        how = "largest single process (RUSAGE_CHILDREN; psutil not installed)"
    return report, float(peak), how


def _ibangga_row(
    group: str, engine: str, paths: list[str], rows: int, runs: int, target: str, files: int
) -> Row:
    report, peak, how = _measure(engine, paths, runs)
    if report["families"] != rows:
        raise RuntimeError(f"{engine}: counted {report['families']:,} families, expected {rows:,}")
    seconds = statistics.median(report["times"])
    what = {
        "polars": "Polars streaming (scan_parquet)",
        "dask": "Dask read_parquet on a LocalCluster (2 worker processes)",
    }[engine]
    note = (
        f"peak RSS {peak / GIB:.2f} GiB ({how}); {report['regions']} kab/kota; "
        f"runs {', '.join(f'{t:.1f}' for t in report['times'])} s; "
        f"{_per_row(seconds, rows)}"
    )
    if engine == "dask":
        note += f"; cluster start {report['startup']:.1f} s (not in the time)"
    return Row(
        group,
        f"iBangga by kab/kota, {rows:,} families, {files} Parquet file(s): {what}",
        seconds,
        target=target,
        note=note,
    )


def national(rows: int, repeat: int) -> list[Row]:
    """iBangga for the 68,478,139 PK21 families by kab/kota, Polars streaming and Dask."""
    folder = national_data()
    runs = max(1, min(repeat, NATIONAL_RUNS))
    target = "< 60 s; peak < 8 GiB"
    files = len(list(folder.glob("part-*.parquet")))
    return [
        _ibangga_row("national", engine, [str(folder)], NATIONAL_FAMILIES, runs, target, files)
        for engine in ("polars", "dask")
    ]


# ------------------------------------------------------------------------------ scaling


def scaling(rows: int, repeat: int) -> list[Row]:
    """Cost against rows (survey mean, TFR, iBangga) and against clusters (TFR jackknife)."""
    out: list[Row] = []
    for n in (100_000, 1_000_000, 10_000_000):
        data = _survey_data(n)
        reps = repeat if n < 10_000_000 else max(1, min(repeat, 3))
        t_build = median_time(lambda data=data: _design(data).mean("y", by="region"), reps)
        design = _design(data)
        t_mean = median_time(lambda design=design: design.mean("y", by="region"), reps)
        t_bare = median_time(_bare_pass(data, "y"), reps)
        out.append(
            Row(
                "scaling",
                f"rows: SurveyDesign build + {DOMAINS}-domain mean, {n:,} rows",
                t_build,
                note=_per_row(t_build, n),
            )
        )
        out.append(
            Row(
                "scaling",
                f"rows: further {DOMAINS}-domain mean on the built design, {n:,} rows",
                t_mean,
                "one bare np.bincount pass",
                t_mean / t_bare,
                note=f"{_per_row(t_mean, n)}; bare pass {t_bare * 1000:.1f} ms",
            )
        )
        del data, design
    for n in (10_000, 100_000, 1_000_000):
        out.extend(_tfr_rows("scaling", n, 1_000, repeat, target=False))
        out[-1].case = "rows: " + out[-1].case
    for clusters in (100, 1_000, 10_000):
        out.extend(_tfr_rows("scaling", 100_000, clusters, repeat, target=False))
        out[-1].case = "clusters: " + out[-1].case
    folder = national_data()
    files = [str(f) for f in sorted(folder.glob("part-*.parquet"))]
    import pyarrow.parquet as pq

    runs = max(1, min(repeat, NATIONAL_RUNS))
    for count in (1, 4):
        chosen = files[:count]
        n = sum(pq.ParquetFile(f).metadata.num_rows for f in chosen)
        row = _ibangga_row("scaling", "polars", chosen, n, runs, "", count)
        row.case = "rows: " + row.case
        out.append(row)
    return out


GROUPS: dict[str, Callable[[int, int], list[Row]]] = {
    "survey": survey,
    "fertility": fertility,
    "national": national,
    "scaling": scaling,
}


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        _child(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        from run import _format

        chosen = sys.argv[1:] or list(GROUPS)
        table: list[Row] = []
        for name in chosen:
            table.extend(GROUPS[name](1_000_000, 7))
        print(_format(table))
