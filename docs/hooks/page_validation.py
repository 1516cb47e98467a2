"""Docs page generator: the validation report, ``docs/generated/validation.md``.

Run by ``docs/hooks/generate.py`` before every mkdocs build. It runs every case of
``tests/data/validation.toml`` (the same file the reference tests in
``tests/test_validation.py`` read) with :func:`dppapp_indikator.validation.run_validation` and
writes the page. If a case fails, the page still gets written, showing the case as FAILED, and
then this hook raises, so ``mkdocs build --strict`` fails.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "data" / "validation.toml"
DATA = ROOT / "tests" / "data"
PAGE = Path("generated") / "validation.md"


class ValidationFailedError(RuntimeError):
    """At least one validation case failed while the docs were built."""


def generate(docs_dir: Path, *, cases: Path = CASES, data_dir: Path = DATA) -> Path:
    """Run the validation cases and write ``<docs_dir>/generated/validation.md``.

    Parameters
    ----------
    docs_dir : Path
        The mkdocs ``docs_dir``.
    cases : Path
        The validation file (default ``tests/data/validation.toml``).
    data_dir : Path
        Folder the data paths of the cases are relative to (default ``tests/data``).

    Returns
    -------
    Path
        The page written.

    Raises
    ------
    ValidationFailedError
        After writing the page, if any case failed.
    """
    from dppapp_indikator.validation import run_validation, to_markdown

    report = run_validation(cases, data_dir)
    try:
        label = cases.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        label = cases.name
    page = Path(docs_dir) / PAGE
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(to_markdown(report, cases_file=label), encoding="utf-8")
    if not report.all_passed:
        failed = ", ".join(str(i) for i in report.failures["id"])
        raise ValidationFailedError(
            f"{report.n_failed} of {report.n_cases} validation cases failed ({failed}); "
            f"see {page} or run `python -m pytest tests/test_validation.py`"
        )
    return page
