"""On-demand benchmarks: speed figures, each a median of repeated runs, with ratios measured
in the same run.

Usage::

    python benchmarks/run.py                 # every case
    python benchmarks/run.py formulas survey # only these groups
    python benchmarks/run.py --repeat 7 --rows 1000000

Prints a table and saves it to ``benchmarks/results/<UTC timestamp>.{json,md}``. Not part of
the test suite: timings are never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

Timer = Callable[[], Any]


@dataclass
class Row:
    """One line of the results table."""

    group: str
    case: str
    seconds: float
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    note: str = ""


def median_time(function: Timer, repeat: int, *, warmup: int = 1) -> float:
    """Median wall time of ``function()`` over ``repeat`` runs, after ``warmup`` runs."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def formulas(rows: int, repeat: int) -> list[Row]:
    """Vectorised formulas on ``rows`` elements against a bare numpy expression of the same
    formula, and against ``calculate()`` called row by row (timed on 2,000 rows, scaled)."""
    import dppapp_indikator as di

    rng = np.random.default_rng(1)
    pct_a = rng.uniform(1, 99, rows)
    pct_b = rng.uniform(1, 99, rows)
    pct_c = rng.uniform(1, 99, rows)
    share = rng.uniform(0.45, 0.55, rows)
    income = rng.uniform(0, 1, rows)
    out: list[Row] = []

    def bare_idg() -> Any:
        pm = 1.0 - share
        par = 1.0 / (share / pct_a + pm / (100.0 - pct_a)) / 50.0
        dec = 1.0 / (share / pct_b + pm / (100.0 - pct_b)) / 50.0
        return 100.0 * (par + dec + income) / 3.0

    cases: list[tuple[str, Timer, Timer, str, dict[str, Any]]] = [
        (
            "idg",
            lambda: di.idg(pct_a, pct_b, income, share),
            bare_idg,
            "idg",
            {
                "female_parliament_pct": 20.0,
                "female_decision_pct": 45.0,
                "income_index": 0.6,
                "female_population_share": 0.5,
            },
        ),
        (
            "ibangga",
            lambda: di.ibangga(pct_a, pct_b, pct_c),
            lambda: (pct_a + pct_b + pct_c) / 3.0,
            "ibangga",
            {"ketenteraman": 55.0, "kemandirian": 52.0, "kebahagiaan": 54.0},
        ),
        (
            "minmax_normalize",
            lambda: di.minmax_normalize(pct_a, 0.0, 100.0),
            lambda: np.clip((pct_a - 0.0) / (100.0 - 0.0) * 100.0, 0.0, 100.0),
            "",
            {},
        ),
    ]
    if hasattr(di, "achievement"):
        cases.append(
            (
                "achievement",
                lambda: di.achievement(pct_a, pct_b),
                lambda: pct_a / pct_b * 100.0,
                "",
                {},
            )
        )
    for name, ours, bare, code, example in cases:
        t_ours = median_time(ours, repeat)
        t_bare = median_time(bare, repeat)
        np.testing.assert_allclose(ours(), bare(), rtol=1e-12)
        out.append(
            Row(
                "formulas",
                f"{name}, {rows:,} rows",
                t_ours,
                "bare numpy expression",
                t_ours / t_bare,
                "ratio <= 2",
            )
        )
        if code:
            few = 2000
            t_rows = median_time(
                lambda code=code, example=example, few=few: [
                    di.calculate(code, example) for _ in range(few)
                ],
                max(1, repeat // 3),
            )
            per_row = t_rows / few
            out.append(
                Row(
                    "formulas",
                    f"{name}: calculate() row by row, per {rows:,} rows (timed on {few:,})",
                    per_row * rows,
                    f"vectorised {name}",
                    per_row * rows / t_ours,
                    "ratio >= 100",
                )
            )
    return out


def import_time(rows: int, repeat: int) -> list[Row]:
    """``import dppapp_indikator`` beyond a bare interpreter start."""
    import subprocess

    def run(code: str) -> Timer:
        return lambda: subprocess.run([sys.executable, "-c", code], check=True)

    bare = median_time(run("pass"), max(repeat, 9))
    package = median_time(run("import dppapp_indikator"), max(repeat, 9))
    return [
        Row(
            "import",
            "import dppapp_indikator (beyond a bare interpreter)",
            package - bare,
            target="< 0.3 s",
            note=f"bare interpreter {bare * 1000:.0f} ms",
        )
    ]


GROUPS: dict[str, Callable[[int, int], list[Row]]] = {
    "import": import_time,
    "formulas": formulas,
}


def _optional_groups() -> None:
    """Add the groups whose modules exist (survey, national iBangga, scaling; fertility)."""
    import importlib

    # bench_fertility's "fertility" group replaces the one of bench_survey
    for module in ("bench_survey", "bench_fertility"):
        try:
            loaded = importlib.import_module(module)
        except ImportError:  # pragma: no cover - optional
            continue
        GROUPS.update(loaded.GROUPS)


def _format(rows: list[Row]) -> str:
    lines = [
        "| group | case | time | compared with | ratio | target | note |",
        "|---|---|---:|---|---:|---|---|",
    ]
    for r in rows:
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}x"
        seconds = f"{r.seconds * 1000:.1f} ms" if r.seconds < 1 else f"{r.seconds:.2f} s"
        lines.append(
            f"| {r.group} | {r.case} | {seconds} | {r.baseline} | {ratio} | {r.target} | {r.note} |"
        )
    return "\n".join(lines)


def main() -> None:
    _optional_groups()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("groups", nargs="*", help=f"groups to run: {', '.join(GROUPS)}")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    chosen = args.groups or list(GROUPS)
    rows: list[Row] = []
    for name in chosen:
        rows.extend(GROUPS[name](args.rows, args.repeat))
    table = _format(rows)
    print(table)
    if not args.no_save:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        folder = HERE / "results"
        folder.mkdir(exist_ok=True)
        meta = {
            "when": stamp,
            "python": sys.version.split()[0],
            "machine": platform.machine(),
            "cpus": __import__("os").cpu_count(),
            "repeat": args.repeat,
        }
        (folder / f"{stamp}.json").write_text(
            json.dumps({"meta": meta, "rows": [asdict(r) for r in rows]}, indent=2)
        )
        (folder / f"{stamp}.md").write_text(table + "\n")
        print(f"\nsaved benchmarks/results/{stamp}.json and .md")


if __name__ == "__main__":
    main()
