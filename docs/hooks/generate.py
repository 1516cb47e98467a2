"""mkdocs hook: generate the pages and figures that are built from code and data.

Each module ``docs/hooks/page_*.py`` defines ``generate(docs_dir: pathlib.Path) -> None``, which
writes its files under ``docs/generated/`` (not tracked by git). They run before mkdocs
collects the files, so the generated pages are part of the build.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """Run every ``page_*.py`` generator (sorted by name)."""
    docs_dir = Path(config["docs_dir"])
    (docs_dir / "generated").mkdir(exist_ok=True)
    for path in sorted(HERE.glob("page_*.py")):
        spec = importlib.util.spec_from_file_location(f"_docs_hook_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.generate(docs_dir)
