"""mkdocs hook: render every formula to MathML when the site is built.

``pymdownx.arithmatex`` (generic mode) marks the formulas of the pages and of the docstrings;
this hook replaces each with MathML from the pure-Python ``latex2mathml`` package, so the built
site shows formulas with no script, no font and no network: browsers render MathML natively.
A formula the converter cannot render fails the build with the page and the formula.
"""

from __future__ import annotations

import html
import re
from typing import Any

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)
DELIMITERS = {r"\(": (r"\)", "inline"), r"\[": (r"\]", "block"), "$$": ("$$", "block")}
LEFTOVER = re.compile(r">[^<]*\\[A-Za-z]+[^<]*<")


def to_mathml(body: str) -> tuple[str, str]:
    """The MathML of one arithmatex body (``\\(...\\)`` or ``\\[...\\]``) and its display."""
    text = html.unescape(body).strip()
    for opening, (closing, display) in DELIMITERS.items():
        if text.startswith(opening) and text.endswith(closing):
            tex = text[len(opening) : len(text) - len(closing)].strip()
            break
    else:
        raise ValueError(f"formula without delimiters: {text!r}")
    mathml = convert(tex, display=display)
    if LEFTOVER.search(mathml):
        raise ValueError(f"a command was not converted in {tex!r}: {mathml}")
    return mathml, display


def render(output: str, where: str) -> str:
    """Replace every arithmatex element of a page's HTML by MathML."""

    def replace(match: re.Match[str]) -> str:
        tag, body = match.group(1), match.group(2)
        try:
            mathml, _ = to_mathml(body)
        except Exception as error:  # any converter failure names the page and formula
            raise PluginError(f"{where}: cannot render formula {body!r}: {error}") from error
        return f'<{tag} class="arithmatex">{mathml}</{tag}>'

    return ARITHMATEX.sub(replace, output)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Render the formulas of a built page."""
    return render(output, page.file.src_uri)
