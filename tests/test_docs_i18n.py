"""The Indonesian pages stay in step with the English ones.

The site is bilingual (mkdocs-static-i18n, suffix layout: ``page.md`` in English beside
``page.id.md`` in Bahasa Indonesia). For the home page, getting started, the agreement workflow
and every indicator page, the Indonesian page must exist and carry exactly the same code
examples (fenced blocks, in order), the same display formulas and the same API directives. The
examples run as doctests on both pages (pytest collects every ``*.md`` under ``docs/``), so a
translated page whose examples drift from the English fails twice.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TRANSLATED = sorted(
    [
        DOCS / "index.md",
        DOCS / "getting-started.md",
        DOCS / "workflow.md",
        *(p for p in (DOCS / "indicators").glob("*.md") if not p.stem.endswith(".id")),
    ]
)
IDS = [str(p.relative_to(DOCS)) for p in TRANSLATED]


def indonesian(page: Path) -> Path:
    return page.with_name(page.stem + ".id.md")


def parts(text: str) -> dict[str, list[str]]:
    """The fenced code blocks, ``$$`` formula blocks and ``:::`` directives of a page."""
    lines = text.splitlines()
    found: dict[str, list[str]] = {"code": [], "math": [], "api": []}
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith("```"):
                j += 1
            found["code"].append("\n".join(lines[i : j + 1]))
            i = j + 1
            continue
        if line.strip() == "$$":
            j = i + 1
            while j < len(lines) and lines[j].strip() != "$$":
                j += 1
            found["math"].append("\n".join(lines[i : j + 1]))
            i = j + 1
            continue
        if line.startswith(":::"):
            found["api"].append(line.strip())
        i += 1
    return found


def test_the_sections_are_covered() -> None:
    assert len(TRANSLATED) >= 15
    assert DOCS / "indicators" / "idg.md" in TRANSLATED


@pytest.mark.parametrize("page", TRANSLATED, ids=IDS)
def test_every_page_has_an_indonesian_counterpart(page: Path) -> None:
    assert indonesian(page).is_file(), f"missing translation {indonesian(page).relative_to(ROOT)}"


@pytest.mark.parametrize("page", TRANSLATED, ids=IDS)
def test_the_translation_has_the_same_examples_formulas_and_api(page: Path) -> None:
    english = parts(page.read_text(encoding="utf-8"))
    translated = parts(indonesian(page).read_text(encoding="utf-8"))
    for kind in ("code", "math", "api"):
        assert translated[kind] == english[kind], (
            f"{indonesian(page).relative_to(ROOT)}: its {kind} blocks differ from "
            f"{page.relative_to(ROOT)}; copy them unchanged from the English page"
        )


@pytest.mark.parametrize("page", TRANSLATED, ids=IDS)
def test_the_translation_is_translated(page: Path) -> None:
    # the prose differs from the English (a copied page would pass the block checks)
    def prose(path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        return re.sub(r"```.*?```|\$\$.*?\$\$", "", text, flags=re.DOTALL)

    assert prose(indonesian(page)) != prose(page)
    words = re.findall(r"\b(?:dan|yang|dengan|untuk|dari|adalah)\b", prose(indonesian(page)))
    assert len(words) >= 3, f"{indonesian(page).name} does not read as Indonesian"


def test_the_parser_sees_blocks() -> None:
    text = "a\n```pycon\n>>> 1\n1\n```\n$$\nx\n$$\n::: dppapp_indikator.ibangga\n"
    assert parts(text) == {
        "code": ["```pycon\n>>> 1\n1\n```"],
        "math": ["$$\nx\n$$"],
        "api": ["::: dppapp_indikator.ibangga"],
    }
