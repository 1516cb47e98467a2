"""Package-level tests: public names, lazy imports, version."""

from __future__ import annotations

import subprocess
import sys

import dppapp_indikator as di

HEAVY = ("pandas", "pydantic", "scipy", "polars", "dask", "matplotlib", "openpyxl", "typer")


def test_import_loads_numpy_and_stdlib_only() -> None:
    code = (
        f"import sys, dppapp_indikator; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert out == "", f"heavy modules loaded at import: {out}"


def test_formula_use_does_not_load_pandas() -> None:
    code = (
        "import sys, dppapp_indikator as di; di.ibangga(50.0, 60.0, 70.0); "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert out == "False"


def test_every_public_name_resolves() -> None:
    for name in di.__all__:
        assert getattr(di, name) is not None, name
    assert set(di.__all__) <= set(dir(di))


def test_unknown_attribute() -> None:
    try:
        di.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


def test_version() -> None:
    assert di.__version__.count(".") == 2
