"""Every docstring example imports the modules it uses, so that it runs when copied as written.

A module's doctests see that module's globals; a reader who copies one example into a fresh
session does not. So an example that uses ``np.``, ``pd.`` or ``pl.`` imports it itself.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALIASES = {"np": "numpy", "pd": "pandas", "pl": "polars"}


def _examples() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted((ROOT / "src" / "dppapp_indikator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(
                node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
            ):
                continue
            doc = ast.get_docstring(node, clean=False)
            if doc and ">>>" in doc:
                code = "\n".join(
                    line.strip()[4:]
                    for line in doc.splitlines()
                    if line.strip().startswith((">>>", "..."))
                )
                name = getattr(node, "name", "<module>")
                found.append((str(path.relative_to(ROOT)), name, code))
    return found


def test_examples_were_found() -> None:
    assert len(_examples()) > 100


def test_every_example_imports_what_it_uses() -> None:
    missing = [
        f"{file}::{name} uses {alias}. without 'import {module} as {alias}'"
        for file, name, code in _examples()
        for alias, module in ALIASES.items()
        if re.search(rf"(?<![\w.]){alias}\.", code) and f"import {module} as {alias}" not in code
    ]
    assert not missing, "\n".join(missing)


def test_the_doctest_namespace_is_not_injected() -> None:
    conftest = (ROOT / "conftest.py").read_text(encoding="utf-8")
    assert "doctest_namespace" not in conftest.replace("doctest namespace", "")
