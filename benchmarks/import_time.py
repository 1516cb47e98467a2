"""Import cost of ``dppapp_indikator`` beyond a bare interpreter start (run on demand).

Usage::

    python benchmarks/import_time.py [--repeat 15]

Prints the median wall time of ``python -c "import dppapp_indikator"`` minus that of
``python -c "pass"`` (each a fresh interpreter), and the heavy modules the import loaded.
Target (issue 2): under 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def _time(code: str, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    bare = _time("pass", args.repeat)
    numpy_only = _time("import numpy", args.repeat)
    package = _time("import dppapp_indikator", args.repeat)
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, dppapp_indikator; print(sorted(m for m in ('pandas', 'pydantic', "
            "'scipy', 'polars', 'dask', 'matplotlib', 'openpyxl', 'typer', 'rich') "
            "if m in sys.modules))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"bare interpreter            {bare * 1000:8.1f} ms (median of {args.repeat})")
    print(f"import numpy                {numpy_only * 1000:8.1f} ms")
    print(f"import dppapp_indikator     {package * 1000:8.1f} ms")
    print(f"beyond bare interpreter     {(package - bare) * 1000:8.1f} ms (target < 300 ms)")
    print(f"heavy modules loaded        {loaded}")


if __name__ == "__main__":
    main()
