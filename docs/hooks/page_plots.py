"""Docs generator: the figures of :mod:`dppapp_indikator.plots` and the page that shows them.

Run by ``docs/hooks/generate.py`` before every mkdocs build. :func:`generate` draws four
figures from the data shipped with the repository (``tests/data/...``, read relative to the
repository root, ``docs_dir.parent``) and the packaged demonstration, saves them as PNG files in
``docs/generated/plots/`` and writes ``docs/generated/plots.md``: each image with a caption
saying what data it shows and the code that made it. Each code block shown on the page is the
code that ran (it is executed from the same text), so the page cannot drift from the figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

#: Shown once at the top of the page: what ``DATA`` and ``OUT`` are in the code blocks.
PREAMBLE = """\
from pathlib import Path

DATA = Path("tests/data")  # the shipped test data, in a clone of the repository
OUT = Path("docs/generated/plots")
"""


class Figure(NamedTuple):
    """One figure of the page: its file, title, caption and the code that draws it.

    (A NamedTuple, not a dataclass: the hook loads this file without registering it in
    ``sys.modules``, which dataclasses need.)
    """

    name: str
    title: str
    caption: str
    code: str


FIGURES: tuple[Figure, ...] = (
    Figure(
        name="asfr",
        title="Age-specific fertility rates (plot_asfr)",
        caption=(
            "ASFR per five-year age group with 95 % confidence intervals (Taylor "
            "linearisation) and the TFR with its delete-one-cluster jackknife interval, "
            "by urban (`v025 = 1`) and rural (`v025 = 2`) residence. Data: "
            "`tests/data/tfr/women.csv`, 4,000 **synthetic** DHS-style birth histories "
            "(150 clusters in 20 strata) whose rates were checked against DHS.rates "
            "`fert()`; the 36 months before each interview."
        ),
        code="""\
import pandas as pd

from dppapp_indikator import tfr_from_birth_history
from dppapp_indikator.plots import plot_asfr

women = pd.read_csv(DATA / "tfr" / "women.csv")
result = tfr_from_birth_history(women, by="v025")
figure = plot_asfr(result, path=OUT / "asfr.png")
""",
    ),
    Figure(
        name="domains",
        title="Domain estimates (plot_domains)",
        caption=(
            "Mean Academic Performance Index 2000 (`api00`) of California schools by school "
            "type (E elementary, M middle, H high) with 95 % confidence intervals, from the "
            "stratified sample `apistrat` of R's survey package (200 schools, "
            "`tests/data/survey/api_strat.csv`), with the full-sample mean as the dashed "
            "reference line. The same numbers as R's "
            "`svyby(~api00, ~stype, dstrat, svymean)`."
        ),
        code="""\
import pandas as pd

from dppapp_indikator import SurveyDesign
from dppapp_indikator.plots import plot_domains

schools = pd.read_csv(DATA / "survey" / "api_strat.csv")
design = SurveyDesign(schools, weights="pw", strata="stype", fpc="fpc")
overall = design.mean("api00")["estimate"].iloc[0]
figure = plot_domains(
    design.mean("api00", by="stype"),
    label="mean API 2000 [points]",
    reference=overall,
    reference_label=f"all schools: {overall:.1f}",
    path=OUT / "domains.png",
)
""",
    ),
    Figure(
        name="rank_sensitivity",
        title="Rank sensitivity of a composite index (plot_rank_sensitivity)",
        caption=(
            "How the ranks of six areas move when the weights of a four-cluster index are "
            "drawn 1,000 times around equal weights (Dirichlet, concentration 20) and each "
            "cluster's goalposts are moved by up to 5 % of their range: the median rank (dot), "
            "the 5-95 % interval (bar) and the rank with the nominal weights (cross). The "
            "cluster values are **illustrative** numbers written in the code below, not "
            "official data (no sub-national IPA cluster values are shipped)."
        ),
        code="""\
import pandas as pd

from dppapp_indikator import weight_sensitivity
from dppapp_indikator.plots import plot_rank_sensitivity

clusters = pd.DataFrame(  # illustrative cluster indices [0-100], not official data
    {
        "I": [82.0, 75.5, 79.0, 84.0, 77.0, 70.0],
        "II": [70.0, 73.0, 71.5, 69.0, 74.5, 66.0],
        "III": [88.0, 83.0, 86.5, 90.0, 84.5, 80.0],
        "IV": [76.0, 78.5, 74.0, 79.5, 77.5, 72.0],
    },
    index=["Area A", "Area B", "Area C", "Area D", "Area E", "Area F"],
)
sensitivity = weight_sensitivity(
    clusters, "equal", n=1000, concentration=20.0, goalpost_jitter=0.05, seed=2024
)
figure = plot_rank_sensitivity(sensitivity, path=OUT / "rank_sensitivity.png")
""",
    ),
    Figure(
        name="agreement",
        title="Targets and realisations of the agreement (plot_agreement)",
        caption=(
            "Target (grey squares) against realisation (blue dots) per quarter and for the "
            "year, for four indicators (IKU 5, 11, 13 and 19) of the *Perjanjian Kinerja "
            "2024*: the packaged demonstration (`dppapp-indikator demo`), whose realisations are "
            "**illustrative** example values, evaluated against the embedded targets."
        ),
        code="""\
from dppapp_indikator import run_demo
from dppapp_indikator.plots import plot_agreement

demo = run_demo()
figure = plot_agreement(
    demo.evaluation, OUT / "agreement.png", numbers=[5, 11, 13, 19], ncols=2
)
""",
    ),
)


def _page(figures: tuple[Figure, ...]) -> str:
    parts = [
        "# Figures",
        "",
        "The functions of `dppapp_indikator.plots` draw what is easier to look at than to "
        "read (install the `plot` extra: `pip install 'dppapp-indikator[plot]'`). Each "
        "returns the matplotlib `Figure` and saves it with `path=`. The figures below are "
        "drawn from the repository's shipped data every time the documentation is built; "
        "the code under each is the code that drew it, after this preamble:",
        "",
        "```python",
        PREAMBLE.rstrip("\n"),
        "```",
        "",
    ]
    for figure in figures:
        parts += [
            f"## {figure.title}",
            "",
            f"![{figure.title}](plots/{figure.name}.png)",
            "",
            figure.caption,
            "",
            "```python",
            figure.code.rstrip("\n"),
            "```",
            "",
        ]
    parts += [
        "## API",
        "",
        "::: dppapp_indikator.plots.plot_asfr",
        "",
        "::: dppapp_indikator.plots.plot_domains",
        "",
        "::: dppapp_indikator.plots.plot_rank_sensitivity",
        "",
        "::: dppapp_indikator.plots.plot_agreement",
        "",
    ]
    return "\n".join(parts)


def generate(docs_dir: Path) -> None:
    """Draw the figures into ``docs_dir/generated/plots/`` and write ``generated/plots.md``.

    Parameters
    ----------
    docs_dir : Path
        The mkdocs ``docs_dir``; the data are read from ``docs_dir.parent / "tests/data"``.
    """
    import matplotlib

    matplotlib.use("Agg")
    docs_dir = Path(docs_dir)
    data = docs_dir.parent / "tests" / "data"
    out = docs_dir / "generated" / "plots"
    out.mkdir(parents=True, exist_ok=True)
    for figure in FIGURES:
        namespace: dict[str, Any] = {"DATA": data, "OUT": out, "Path": Path}
        exec(compile(figure.code, f"<docs figure {figure.name}>", "exec"), namespace)
        if not (out / f"{figure.name}.png").is_file():
            raise RuntimeError(f"the code of figure {figure.name!r} did not write its PNG")
    (docs_dir / "generated" / "plots.md").write_text(_page(FIGURES), encoding="utf-8")
