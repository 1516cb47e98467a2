"""Meta-tests of the documentation: indicator pages, the API reference, the glossary, notebooks.

- Every ``docs/indicators/*.md`` page has the sections the helper rules require: the official
  name, the legal basis, ``Formula`` with a ``$$`` block, ``Inputs``, ``Worked example`` with
  a ``pycon`` doctest, ``Differences from the source document``, ``Validation status`` and
  ``API`` (a grouped page such as ``governance.md`` may put the per-indicator sections one
  level down).
- Every public function or class of ``dppapp_indikator.__all__`` is rendered by a
  ``:::`` line of ``docs/api.md`` (or of another page under ``docs/``).
- ``docs/glossary.md`` has a parameter entry for every field of every registry input model
  (nested records included) and lists every category label of the band profiles.
- The example notebooks are committed without outputs and use the ``python3`` kernel.
"""

from __future__ import annotations

import inspect
import json
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import dppapp_indikator as di
from dppapp_indikator._bands import band_profiles
from dppapp_indikator.kla import KLA_RANKS
from dppapp_indikator.registry import indicators

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# English pages only; their Indonesian translations (*.id.md) are checked by test_docs_i18n.py
INDICATOR_PAGES = sorted(
    p for p in (DOCS / "indicators").glob("*.md") if not p.stem.endswith(".id")
)
EXAMPLES = sorted((ROOT / "examples").glob("*.ipynb"))

HEADING = re.compile(r"^(#{1,6}) +(.+?) *$")
RENDER = re.compile(r"^::: +(dppapp_indikator(?:\.\w+)*) *$", re.M)
FENCE = re.compile(r"^```")


# --------------------------------------------------------------------------- helpers


def _lines_outside_code(text: str) -> Iterator[tuple[int, str]]:
    """(index, line) of the lines that are not inside a fenced code block."""
    inside = False
    for index, line in enumerate(text.splitlines()):
        if FENCE.match(line):
            inside = not inside
            continue
        if not inside:
            yield index, line


def _sections(text: str, title: str, levels: tuple[int, ...] = (2, 3)) -> list[str]:
    """The bodies of every heading named ``title`` at one of ``levels``.

    A body runs to the next heading of the same or a higher level (code blocks are skipped
    when looking for headings).
    """
    lines = text.splitlines()
    headings = [
        (index, len(m.group(1)), m.group(2))
        for index, line in _lines_outside_code(text)
        if (m := HEADING.match(line))
    ]
    bodies: list[str] = []
    for position, (index, level, name) in enumerate(headings):
        if level not in levels or name.strip().lower() != title.lower():
            continue
        end = len(lines)
        for later_index, later_level, _ in headings[position + 1 :]:
            if later_level <= level:
                end = later_index
                break
        bodies.append("\n".join(lines[index + 1 : end]))
    return bodies


def _code_blocks(text: str, language: str) -> list[list[str]]:
    """The lines of every fenced code block of ``language``."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if current is None:
            if re.match(rf"^```{language}\s*$", line):
                current = []
        elif FENCE.match(line):
            blocks.append(current)
            current = None
        else:
            current.append(line)
    return blocks


def _table_rows(text: str, label: str) -> list[str]:
    """The value cells of the two-column table rows ``| label | value |``."""
    pattern = re.compile(rf"^\| *{re.escape(label)} *\| *(.*?) *\| *$", re.M)
    return pattern.findall(text)


def _registry_codes(page: str) -> list[str]:
    codes: list[str] = []
    for label in ("Registry code", "Registry codes"):
        for cell in _table_rows(page, label):
            codes += re.findall(r"`([a-z][a-z0-9_]*)`", cell)
    return codes


def _models(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """``model`` and every pydantic model nested in its field annotations."""
    seen: set[type[BaseModel]] = set()
    stack = [model]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        yield current
        for field in current.model_fields.values():
            pending: list[Any] = [field.annotation]
            while pending:
                annotation = pending.pop()
                if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                    stack.append(annotation)
                pending.extend(typing.get_args(annotation))


def _input_fields() -> dict[str, set[str]]:
    """Field name -> the registry codes whose input models (or nested records) use it."""
    fields: dict[str, set[str]] = {}
    for record in indicators():
        for model in _models(record.input_model):
            for name in model.model_fields:
                fields.setdefault(name, set()).add(record.code)
    return fields


def _glossary_parameters() -> set[str]:
    text = (DOCS / "glossary.md").read_text("utf-8")
    _, _, parameters = text.partition("## Parameter names")
    assert parameters, "docs/glossary.md has no '## Parameter names' section"
    return set(re.findall(r"^\| `([A-Za-z_][A-Za-z0-9_]*)` \|", parameters, re.M))


def _public_objects() -> list[tuple[str, Any]]:
    return [
        (name, getattr(di, name))
        for name in di.__all__
        if inspect.isfunction(getattr(di, name)) or inspect.isclass(getattr(di, name))
    ]


def _rendered_identifiers() -> dict[str, list[str]]:
    """Identifier of each ``:::`` line -> the pages (relative to docs/) that render it."""
    rendered: dict[str, list[str]] = {}
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text("utf-8")
        for identifier in RENDER.findall(text):
            rendered.setdefault(identifier, []).append(str(page.relative_to(DOCS)))
    return rendered


# --------------------------------------------------------------------------- indicator pages


def test_indicator_pages_exist() -> None:
    assert len(INDICATOR_PAGES) >= 10, [p.name for p in INDICATOR_PAGES]


@pytest.mark.parametrize("path", INDICATOR_PAGES, ids=lambda p: p.name)
def test_indicator_page_header(path: Path) -> None:
    text = path.read_text("utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# ") and len(first) > 6, f"{path.name}: no title (official name)"
    codes = _registry_codes(text)
    assert codes, f"{path.name}: no '| Registry code | `...` |' row"
    registered = {record.code for record in indicators()}
    unknown = sorted(set(codes) - registered)
    assert not unknown, f"{path.name}: registry codes not registered: {unknown}"
    bases = _table_rows(text, "Legal basis")
    assert bases, f"{path.name}: no '| Legal basis | ... |' row"
    assert all(len(basis) > 10 for basis in bases), f"{path.name}: empty legal basis"


@pytest.mark.parametrize("path", INDICATOR_PAGES, ids=lambda p: p.name)
def test_indicator_page_official_name(path: Path) -> None:
    # the Indonesian official name (name_id) of each agreement indicator of the page appears
    # on it: its first six words, without the parenthesised acronym (the seed's long names
    # end in the agency's name, which pages may abbreviate to "Dinas PPAPP")
    text = " ".join(path.read_text("utf-8").split()).lower()
    by_code = {record.code: record for record in indicators()}
    missing = []
    for code in _registry_codes(path.read_text("utf-8")):
        if by_code[code].iku is None:  # supporting entries are named in their section
            continue
        name = re.sub(r"\s*\([^)]*\)\s*$", "", by_code[code].name_id)
        prefix = " ".join(name.split()[:6]).lower()
        if prefix not in text:
            missing.append(f"{code}: {prefix!r}")
    assert not missing, f"{path.name}: official names not on the page: {missing}"


@pytest.mark.parametrize("path", INDICATOR_PAGES, ids=lambda p: p.name)
def test_indicator_page_sections(path: Path) -> None:
    text = path.read_text("utf-8")
    for title in ("Formula", "Inputs", "Worked example", "Differences from the source document"):
        assert _sections(text, title), f"{path.name}: no '## {title}' (or '### {title}')"
    for body in _sections(text, "Formula"):
        assert re.search(r"^\$\$\s*$[\s\S]+?^\$\$\s*$", body, re.M), (
            f"{path.name}: a Formula section without a $$ display block"
        )
    for title in ("Validation status", "API"):
        assert _sections(text, title, levels=(2,)), f"{path.name}: no '## {title}'"
    (validation,) = _sections(text, "Validation status", levels=(2,))
    assert re.search(r"^\|.*\|\s*$", validation, re.M), f"{path.name}: validation table missing"
    (api,) = _sections(text, "API", levels=(2,))
    assert RENDER.search(api), f"{path.name}: '## API' renders nothing (no '::: ...' line)"


@pytest.mark.parametrize("path", INDICATOR_PAGES, ids=lambda p: p.name)
def test_indicator_page_worked_example_is_a_doctest(path: Path) -> None:
    text = path.read_text("utf-8")
    blocks = _code_blocks(text, "pycon")
    assert any(line.startswith(">>> ") for block in blocks for line in block), (
        f"{path.name}: no ```pycon block with a >>> doctest"
    )
    for block in blocks:
        # doctest would read the closing fence as expected output without the blank line
        assert block and not block[-1].strip(), (
            f"{path.name}: a ```pycon block must end with a blank line before its fence"
        )


def test_every_registered_indicator_has_a_page() -> None:
    documented = {code for page in INDICATOR_PAGES for code in _registry_codes(page.read_text())}
    missing = sorted({record.code for record in indicators()} - documented)
    assert not missing, f"registry codes without an indicator page: {missing}"


# --------------------------------------------------------------------------- API reference


def test_every_public_function_and_class_is_rendered() -> None:
    rendered = _rendered_identifiers()
    missing = []
    for name, obj in _public_objects():
        candidates = {f"dppapp_indikator.{name}", f"{obj.__module__}.{name}"}
        if not candidates & set(rendered):
            missing.append(name)
    assert not missing, f"public names rendered nowhere under docs/ (add them to api.md): {missing}"


def test_api_page_covers_the_public_names() -> None:
    text = (DOCS / "api.md").read_text("utf-8")
    identifiers = RENDER.findall(text)
    assert len(identifiers) == len(set(identifiers)), "docs/api.md renders a name twice"
    public = {name for name, _ in _public_objects()}
    aliases = {i.removeprefix("dppapp_indikator.") for i in identifiers if i.count(".") == 1}
    missing = sorted(public - aliases)
    assert not missing, f"public functions/classes missing from docs/api.md: {missing}"
    # an alias line must name a public object: a stale entry fails here, not in the build
    stale = sorted(a for a in aliases if a not in di.__all__ and a != "policies")
    assert not stale, f"docs/api.md renders names that are not public: {stale}"


def test_api_page_links_to_the_glossary() -> None:
    assert "](glossary.md)" in (DOCS / "api.md").read_text("utf-8")


# --------------------------------------------------------------------------- glossary


def test_glossary_has_every_input_model_field() -> None:
    fields = _input_fields()
    assert len(fields) > 50  # the walk reached the models
    entries = _glossary_parameters()
    missing = {name: sorted(codes) for name, codes in sorted(fields.items()) if name not in entries}
    assert not missing, f"input fields without a glossary entry (name: codes): {missing}"


def test_glossary_has_the_category_labels() -> None:
    text = (DOCS / "glossary.md").read_text("utf-8")
    _, _, labels = text.partition("### Category labels")
    labels, _, _ = labels.partition("\n### ")
    listed = set(re.findall(r"^\| ([^|]+?) \|", labels, re.M))
    expected = {
        band.label
        for profile in band_profiles().values()
        for band in profile.bands
        if band.label is not None
    }
    assert expected, "no band profiles found"
    assert expected <= listed, f"labels missing from the glossary: {sorted(expected - listed)}"
    assert set(KLA_RANKS) <= listed


def test_glossary_parameter_tables_are_sorted() -> None:
    # alphabetical within each domain table
    text = (DOCS / "glossary.md").read_text("utf-8")
    _, _, parameters = text.partition("## Parameter names")
    for table in parameters.split("\n### ")[1:]:
        names = re.findall(r"^\| `([A-Za-z_][A-Za-z0-9_]*)` \|", table, re.M)
        assert names == sorted(names), f"not alphabetical: {table.splitlines()[0]}"


# --------------------------------------------------------------------------- notebooks


def test_example_notebooks_exist() -> None:
    assert {p.name for p in EXAMPLES} >= {"analyst.ipynb", "system.ipynb", "statistician.ipynb"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_notebook_is_committed_clean(path: Path) -> None:
    notebook = json.loads(path.read_text("utf-8"))
    assert notebook["nbformat"] == 4
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code, f"{path.name}: no code cell"
    dirty = [i for i, cell in enumerate(code) if cell["outputs"] or cell["execution_count"]]
    assert not dirty, f"{path.name}: clear the outputs of code cells {dirty} before committing"
    asserts = sum("assert " in "".join(cell["source"]) for cell in code)
    assert asserts >= 5, f"{path.name}: key numbers must be checked with assert"


def test_docs_examples_page_names_every_notebook() -> None:
    text = (DOCS / "examples.md").read_text("utf-8")
    missing = [p.name for p in EXAMPLES if f"examples/{p.name}" not in text]
    assert not missing, f"docs/examples.md does not describe: {missing}"
