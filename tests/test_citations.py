"""Every citation of a methods page, or of a repository file, resolves inside the repository.

The citation form is ``methods/<page>#<anchor>`` (the file ``docs/methods/<page>.md`` and one
of its explicit section ids ``{#anchor}``); markdown pages may link ``methods/<page>.md#anchor``
relatively. Citations of a specification file that the repository does not contain fail.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
METHODS = ROOT / "docs" / "methods"
TEXT_SUFFIXES = {".py", ".md", ".toml", ".txt", ".ipynb", ".json", ".yml", ".yaml", ".R", ".cfg"}

SHORT = re.compile(r"(?<![\w/.-])methods/([a-z0-9_-]+)#([a-z0-9_-]+)")
LINK = re.compile(r"\]\(((?:\.\./)*)methods/([a-z0-9_-]+)\.md(?:#([a-z0-9_-]+))?\)")
REPO_FILE = re.compile(
    r"(?<![\w/.-])((?:docs|src|tests|examples|benchmarks)/[\w./-]+\.(?:md|py|toml))"
)
# the old specification file and shared reference files, which the repository does not contain
OUTSIDE = re.compile("METHODS" + r"\.md|values\.csv|shared/(?:reference|seed)/")
ANCHOR = re.compile(r"\{#([a-z0-9_-]+)[^}]*\}")


def _tracked() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files"], check=True, capture_output=True, text=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout (sdist)
        listed = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()]
        listed = [p for p in listed if not p.startswith((".", "site/", "build/"))]
    return [ROOT / p for p in listed if Path(p).suffix in TEXT_SUFFIXES and (ROOT / p).is_file()]


@cache
def _anchors(page: str) -> frozenset[str]:
    path = METHODS / f"{page}.md"
    if not path.is_file():
        return frozenset()
    return frozenset(ANCHOR.findall(path.read_text(encoding="utf-8")))


def _citations() -> list[tuple[str, int, str, str, str | None]]:
    """(file, line, kind, page, anchor) of every methods citation in the repository."""
    found: list[tuple[str, int, str, str, str | None]] = []
    for path in _tracked():
        if path.resolve() == Path(__file__).resolve():  # its own examples of broken citations
            continue
        rel = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for page, anchor in SHORT.findall(line):
                found.append((rel, number, line, page, anchor))
            for _up, page, anchor in LINK.findall(line):
                found.append((rel, number, line, page, anchor or None))
    return found


def test_the_methods_pages_exist_with_anchors() -> None:
    pages = sorted(p.stem for p in METHODS.glob("*.md"))
    assert {"index", "family", "gender", "child", "fertility", "violence", "survey"} <= set(pages)
    for page in pages:
        assert _anchors(page), f"docs/methods/{page}.md has no explicit {{#anchor}}"


def test_anchors_are_unique_per_page() -> None:
    for path in METHODS.glob("*.md"):
        ids = ANCHOR.findall(path.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), f"{path.name}: repeated anchor in {ids}"


def test_the_code_cites_the_methods_pages() -> None:
    # the formulas, records and docs cite the methods: an empty scan would mean a broken pattern
    cited = {(page, anchor) for _f, _n, _l, page, anchor in _citations()}
    assert len(cited) >= 20


def test_every_methods_citation_resolves() -> None:
    broken = [
        f"{file}:{number}: methods/{page}#{anchor}"
        for file, number, _line, page, anchor in _citations()
        if not (METHODS / f"{page}.md").is_file()
        or (anchor is not None and anchor not in _anchors(page))
    ]
    assert not broken, "citations of a missing methods page or anchor:\n" + "\n".join(broken)


def test_no_citation_points_outside_the_repository() -> None:
    outside = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:90]}"
        for path in _tracked()
        if path.resolve() != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not outside, "citations of files the repository does not contain:\n" + "\n".join(outside)


def test_cited_repository_files_exist() -> None:
    missing = []
    for path in _tracked():
        if path.resolve() == Path(__file__).resolve():
            continue
        text = path.read_text(encoding="utf-8")
        for cited in set(REPO_FILE.findall(text)):
            if "<" in cited or "*" in cited:
                continue
            if not (ROOT / cited).exists() and not cited.startswith("docs/generated/"):
                missing.append(f"{path.relative_to(ROOT)}: {cited}")
    assert not missing, "citations of repository files that do not exist:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("see methods/gender#edep", True),
        ("see methods/gender#no-such-anchor", False),
        ("see methods/no-such-page#edep", False),
        ("[EDEP](../methods/gender.md#edep)", True),
        ("[EDEP](../methods/gender.md#nope)", False),
    ],
)
def test_the_checker_itself(text: str, ok: bool) -> None:
    refs = [(p, a) for p, a in SHORT.findall(text)] + [(p, a) for _u, p, a in LINK.findall(text)]
    assert refs
    resolved = all((METHODS / f"{p}.md").is_file() and a in _anchors(p) for p, a in refs)
    assert resolved is ok


def test_every_result_method_cites_a_methods_section() -> None:
    import dppapp_indikator as di

    for record in di.indicators():
        for example in record.examples:
            method = record.calculate(example).method
            cited = SHORT.findall(method)
            assert cited, f"{record.code}: Result.method cites no methods section: {method!r}"
            for page, anchor in cited:
                assert anchor in _anchors(page), f"{record.code}: {page}#{anchor}"
