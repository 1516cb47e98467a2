"""The built documentation site works with no network.

One strict build of the site (``mkdocs build --strict``, as CI runs it) is shared by every test
here. The site must render every formula itself (MathML written at build time, no script) and
load no script, style sheet, font, image or frame from another host. Set ``DOCS_SITE_DIR`` to a
site already built from this tree to skip the build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# elements that make the browser fetch something when the page loads
LOADING = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=\"([^\"]+)\""
    r"|<link\b[^>]*\bhref=\"([^\"]+)\"[^>]*>"
    r"|\burl\(\s*['\"]?([^'\")]+)",
    re.IGNORECASE,
)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
LINK_REL = re.compile(r"\brel=\"([^\"]+)\"", re.IGNORECASE)
ARITHMATEX = re.compile(r'class="arithmatex">(.*?)</(?:span|div)>', re.DOTALL)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("DOCS_SITE_DIR")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        # no --quiet: it hides the warnings that --strict turns into a failure
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _external_loads(text: str) -> list[str]:
    found = []
    for match in LOADING.finditer(text):
        src, href, url = match.groups()
        if href is not None:
            rel = LINK_REL.search(match.group(0))
            rels = set(rel.group(1).lower().split()) if rel else set()
            # only links that load something: style sheets, preloads, icons, manifests
            if not rels & {"stylesheet", "preload", "modulepreload", "icon", "manifest"}:
                continue
        target = src or href or url
        if target and EXTERNAL.match(target.strip()):
            found.append(target)
    return found


def test_the_checker_sees_external_loads() -> None:
    page = (
        '<script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/css">'
        '<a href="https://example.org">a link loads nothing</a>'
        '<link rel="canonical" href="https://example.org/page/">'
        "<style>@font-face{src:url(https://fonts.example/f.woff2)}</style>"
        '<script src="../assets/local.js"></script>'
    )
    assert _external_loads(page) == [
        "https://cdn.example/x.js",
        "//fonts.example/css",
        "https://fonts.example/f.woff2",
    ]


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    offenders = []
    files = [*site.rglob("*.html"), *site.rglob("*.css")]
    assert len(files) > 20
    for path in files:
        for target in _external_loads(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{path.relative_to(site)}: {target}")
    assert not offenders, "resources from another host:\n" + "\n".join(sorted(set(offenders)))


def test_every_formula_is_rendered_at_build_time(site: Path) -> None:
    formulas = 0
    for path in site.rglob("*.html"):
        for body in ARITHMATEX.findall(path.read_text(encoding="utf-8")):
            formulas += 1
            assert body.startswith("<math"), f"{path.relative_to(site)}: {body[:120]}"
    # the methods pages, the indicator pages and the API reference carry hundreds of formulas
    assert formulas > 500


def test_the_methods_pages_are_built(site: Path) -> None:
    page = (site / "methods" / "gender" / "index.html").read_text(encoding="utf-8")
    for anchor in ("edep", "idg-par", "idg-inc", "idg"):
        assert f'id="{anchor}"' in page


def test_the_indonesian_pages_are_built_with_a_language_switch(site: Path) -> None:
    english = (site / "indicators" / "idg" / "index.html").read_text(encoding="utf-8")
    translated = (site / "id" / "indicators" / "idg" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="id"' in english and 'hreflang="en"' in translated  # the switch
    assert "Rumus" in translated and "Contoh perhitungan" in translated
    assert translated.count("<math") == english.count("<math")  # formulas rendered there too
