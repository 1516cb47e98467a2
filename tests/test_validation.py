"""The reference test suite behind the validation report.

Every ``[[case]]`` of ``tests/data/validation.toml`` is one test (pytest id = case id): the
library's value must reproduce the published or peer-computed number written there, within the
published rounding. The source of each expected number is the case's ``source`` field (a
document, table and page, or the exact R call); the numbers from R were copied unchanged from
``tests/data/survey/expected.json`` (R 4.2.2, survey 4.1.1) and ``tests/data/tfr/expected.json``
(DHS.rates 0.9.2), which the coverage tests below check. The same file produces the docs page
``docs/generated/validation.md`` (``docs/hooks/page_validation.py``), tested at the end.
"""

from __future__ import annotations

import importlib.util
import json
import re
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator._data import DataFileError
from dppapp_indikator.validation import (
    PROVENANCES,
    ValidationCase,
    ValidationCaseError,
    compare,
    describe_call,
    load_cases,
    run_case,
    run_validation,
    to_markdown,
)

DATA = Path(__file__).resolve().parent / "data"
CASES_FILE = DATA / "validation.toml"
SUITE = load_cases(CASES_FILE)
HOOK = Path(__file__).resolve().parents[1] / "docs" / "hooks" / "page_validation.py"
SLACK = 1e-12  # floating-point slack, times max(1, |expected|)


@pytest.fixture(scope="module")
def cache() -> dict[str, Any]:
    """Designs and birth-history results shared by the cases of this module."""
    return {}


# --------------------------------------------------------------------------------------------
# every case: the reference tests
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", SUITE.cases, ids=[case.id for case in SUITE.cases])
def test_case_reproduces_its_source(case: ValidationCase, cache: dict[str, Any]) -> None:
    obtained = run_case(case, DATA, cache=cache)
    expected = case.expected  # as printed by case.source
    context = f"{case.id}: {case.source}; expected {expected!r}, obtained {obtained!r}"
    if case.comparison == "exact":
        if isinstance(obtained, Decimal):
            assert obtained == Decimal(str(expected)), context
        elif isinstance(expected, str):
            assert ("none" if obtained is None else obtained) == expected, context
        else:
            assert obtained == expected, context
        return
    assert isinstance(obtained, (int, float)) and not isinstance(expected, str), context
    slack = SLACK * max(1.0, abs(expected))
    if case.comparison == "absolute":
        assert abs(obtained - expected) <= case.tolerance + slack, context
    else:
        assert abs(obtained - expected) <= case.tolerance * abs(expected) + slack, context


# --------------------------------------------------------------------------------------------
# the file covers every reference number the library computes
# --------------------------------------------------------------------------------------------
def _expected_values(group: str) -> list[float]:
    return [
        float(c.expected) for c in SUITE.cases if c.group == group and c.comparison != "exact"
    ] + [float(c.expected) for c in SUITE.cases if c.group == group and c.comparison == "exact"]


def _numbers(node: Any, skip: frozenset[str] = frozenset()) -> list[float]:
    if isinstance(node, bool):
        return []
    if isinstance(node, (int, float)):
        return [float(node)]
    if isinstance(node, dict):
        return [x for k, v in node.items() if k not in skip for x in _numbers(v, skip)]
    if isinstance(node, list):
        return [x for v in node for x in _numbers(v, skip)]
    return []


def _jk1_implemented() -> bool:
    return importlib.util.find_spec("dppapp_indikator.survey.replicate") is not None


def test_every_r_survey_number_is_a_case() -> None:
    expected = json.loads((DATA / "survey" / "expected.json").read_text())
    covered = set(_expected_values("survey (R)"))
    missing = []
    for key, result in expected["results"].items():
        if result["design"].startswith("rclus1_jk1") and not _jk1_implemented():
            continue  # listed as a gap (survey.jk1_replicate_weights)
        for number in _numbers(result, frozenset({"ci_df"})):
            if number not in covered:
                missing.append((key, number))
    for name, design in expected["designs"].items():
        if name.startswith("rclus1_jk1") and not _jk1_implemented():
            continue
        for key in ("n", "degf", "replicates", "scale"):  # rscales (all 1) not listed
            if key in design and design[key] not in covered:
                missing.append((name, float(design[key])))
    assert missing == []


def test_every_dhs_rates_number_is_a_case() -> None:
    expected = json.loads((DATA / "tfr" / "expected.json").read_text())
    covered = set(_expected_values("birth histories (DHS.rates)"))
    # not reference values: DHS.rates' buggy class branch (a gap) and the labels age5/v025
    skip = frozenset({"dhsrates_class_branch_as_run", "age5", "v025"})
    numbers = [
        number
        for part in ("tfr", "asfr", "tfr_by_v025", "asfr_by_v025")
        for number in _numbers(expected[part], skip)
    ]
    assert len(numbers) == 195
    assert [n for n in numbers if n not in covered] == []


def test_jk1_cases_or_gap_match_the_library() -> None:
    # JK1 replicate designs: cases once the library has them, a "not implemented" gap before.
    gap_ids = {gap.id for gap in SUITE.gaps}
    jk1_cases = [c for c in SUITE.cases if "jk1" in c.id]
    if _jk1_implemented():
        assert "survey.jk1_replicate_weights" not in gap_ids
        assert jk1_cases
    else:
        assert "survey.jk1_replicate_weights" in gap_ids
        assert jk1_cases == []


def test_every_group_has_cases_or_gaps() -> None:
    for group in SUITE.groups:
        assert any(c.group == group.name for c in SUITE.cases) or any(
            g.group == group.name for g in SUITE.gaps
        ), group.name


def test_brief_gaps_are_listed() -> None:
    ids = {gap.id for gap in SUITE.gaps}
    for required in (
        "idg.current_income_goalposts",  # methods/gender#idg-inc
        "idg.published_values_not_reproducible",  # methods/gender#idg-inc
        "ibangga.2023_published_mean",  # methods/family#ibangga-dims
        "ipa.weights_not_published",  # methods/child#ipa-agg
        "tfr.lf_sp2020_own_children",  # methods/fertility#rates, methods/fertility#own-children
        "nka.dki_weights",  # methods/budget#nka
        "kla.six_region_share",  # methods/kla#kla
        "kla.iku8_target",  # methods/kla#kla
        "survey.adjust_totals_version",  # tests/data/survey/README.md
        "birth_history.dhsrates_class_se_bug",  # tests/data/tfr/README.md
    ):
        assert required in ids


# --------------------------------------------------------------------------------------------
# schema: malformed cases raise, naming the field
# --------------------------------------------------------------------------------------------
GROUPS = [{"name": "g", "description": "A group."}]


def _case(**change: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "id": "x.one",
        "group": "g",
        "source": "A document, p. 1",
        "provenance": "published",
        "expected": 54.01,
        "tolerance": 0.005,
        "call": {"function": "ibangga", "args": [55.99, 52.09, 53.96]},
    }
    for key, value in change.items():
        if value is None:
            del case[key]
        else:
            case[key] = value
    return case


def _suite(*cases: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"group": GROUPS, "case": list(cases), **top}


def test_minimal_suite_loads() -> None:
    suite = load_cases(_suite(_case()))
    (case,) = suite.cases
    assert case.kind == "call"
    assert case.comparison == "absolute"
    assert case.call is not None and case.call.args == (55.99, 52.09, 53.96)
    assert suite.gaps == ()


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        ({"source": None}, r"case #1 \(id 'x\.one'\), field `source`: Field required"),
        ({"expected": None}, r"field `expected`: Field required"),
        ({"comparison": "approx"}, r"field `comparison`: Input should be 'absolute'"),
        ({"tolerance": -0.1}, r"`tolerance` must be a finite number >= 0"),
        ({"tolerance": 0.0}, r"`tolerance` must be > 0 with comparison 'absolute'"),
        ({"comparison": "exact"}, r"`tolerance` must be 0 \(or left out\)"),
        ({"expected": "Madya"}, r"`expected` 'Madya' is text"),
        ({"id": "Bad Id"}, r"`id` must be lower case"),
        ({"group": "nope"}, r"`group` 'nope' is not declared"),
        ({"bogus": 1}, r"field `bogus`: Unexpected keyword argument"),
        ({"call": None}, r"exactly one of `call`, `calculate`, `survey`, `birth_history`"),
        (
            {"calculate": {"code": "nka", "inputs": {}}},
            r"exactly one of .*got \['call', 'calculate'\]",
        ),
        ({"call": {"function": "no_such_function"}}, r"`function` must be a public name"),
        ({"call": {"function": "ibangga", "pick": ""}}, r"`pick` must not be empty"),
        ({"call": {"function": "ibangga", "kwarg": {}}}, r"field `call\.kwarg`: Unexpected"),
        (
            {"call": None, "survey": {"data": "x.csv", "design": {"weight": "pw"}}},
            r"field `survey\.design\.(weight|weights)`",
        ),
        (
            {"call": None, "survey": {"data": "x.csv", "design": {"weights": "pw"}, "args": [1]}},
            r"`args` and `kwargs` need an `estimator`",
        ),
        (
            {
                "call": None,
                "survey": {"data": "x.csv", "design": {"weights": "pw"}, "estimator": "median"},
            },
            r"field `survey\.estimator`: Input should be 'mean'",
        ),
        (
            {"call": None, "birth_history": {"data": "w.csv", "kwargs": {}, "extra": 1}},
            r"field `birth_history\.extra`",
        ),
    ],
)
def test_malformed_case_names_the_field(change: dict[str, Any], pattern: str) -> None:
    with pytest.raises(DataFileError, match=pattern):
        load_cases(_suite(_case(**change)))


def test_repeated_ids_and_undeclared_gap_group() -> None:
    with pytest.raises(DataFileError, match=r"case ids must be unique; repeated: x\.one"):
        load_cases(_suite(_case(), _case()))
    gap = {"id": "g.one", "group": "h", "kind": "unpublished", "statement": "s", "source": "s"}
    with pytest.raises(DataFileError, match=r"gap 'g\.one': `group` 'h' is not declared"):
        load_cases(_suite(_case(), gap=[gap]))
    bad_kind = {**gap, "group": "g", "kind": "unknown"}
    with pytest.raises(DataFileError, match=r"gap #1 \(id 'g\.one'\), field `kind`"):
        load_cases(_suite(_case(), gap=[bad_kind]))


def test_unknown_top_level_key() -> None:
    with pytest.raises(DataFileError, match=r"field `cases`: Unexpected keyword argument"):
        load_cases({"group": GROUPS, "cases": []})


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read validation file"):
        load_cases(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[[case]\nid = 1\n")
    with pytest.raises(DataFileError, match="is not valid TOML"):
        load_cases(broken)


def test_many_errors_are_capped() -> None:
    cases = [_case(id=f"x.{i}", tolerance=-1.0) for i in range(30)]
    with pytest.raises(DataFileError, match=r"\.\.\. and 10 more") as info:
        load_cases(_suite(*cases))
    assert str(info.value).count("must be a finite number") == 20


# --------------------------------------------------------------------------------------------
# running cases: picks, nested calls, errors
# --------------------------------------------------------------------------------------------
def _one(**change: Any) -> ValidationCase:
    return load_cases(_suite(_case(**change))).cases[0]


def test_nested_call_and_pick_forms() -> None:
    # IHDR 2001 p. 75 (Aceh 1996): the income index 0.276 from the chain's EDEP
    nested = {"call": {"function": "income_chain", "args": [271.929, 383.423, 0.384, 0.499]}}
    nested["call"]["pick"] = "edep_income"
    case = _one(
        expected=0.276,
        tolerance=0.0005,
        call={
            "function": "income_index",
            "args": [nested, 562.8],
            "kwargs": {"goalposts": "ihdr-2001"},
        },
    )
    assert run_case(case, DATA) == pytest.approx(0.276, abs=0.0005)
    assert describe_call(case) == (
        "income_index(income_chain(271.929, 383.423, 0.384, 0.499).edep_income, 562.8, "
        'goalposts="ihdr-2001")'
    )
    # list pick with a position: recover_weights(...).weights[0] (methods/child#ipa-agg: 0.783)
    case = _one(
        expected=0.783,
        tolerance=0.0005,
        call={
            "function": "recover_weights",
            "args": [[[76.38, 89.36]], [79.2]],
            "pick": ["weights", 0],
        },
    )
    assert run_case(case, DATA) == pytest.approx(0.783, abs=0.0005)


def test_calculate_pick_defaults_to_value() -> None:
    inputs = {
        "weights": "pmk-22-2021",
        "absorption": 95.53,
        "consistency": 99.61,
        "output_achievement": 99.72,
        "efficiency_score": 59.98,
    }
    case = _one(expected=87.93, call=None, calculate={"code": "nka", "inputs": inputs})
    # LAKIP Puslatbang KMP LAN 2021 p. 105: NKA 87.93
    assert run_case(case, DATA) == pytest.approx(87.93, abs=0.005)
    case = _one(
        expected=95.53,
        call=None,
        calculate={"code": "nka", "inputs": inputs, "pick": "components.absorption"},
    )
    assert run_case(case, DATA) == 95.53


def test_survey_row_selector_and_design_attributes(cache: dict[str, Any]) -> None:
    design = {"weights": "pw", "psu": "dnum", "fpc": "fpc"}
    # svyby(~api00, ~stype, dclus1, svymean): E 648.868055556 (expected.json)
    spec = {
        "data": "survey/api_clus1.csv",
        "design": design,
        "estimator": "mean",
        "args": ["api00"],
        "kwargs": {"by": "stype"},
        "pick": [{"stype": "E"}, "estimate"],
    }
    case = _one(
        expected=648.868055556, tolerance=1e-9, comparison="relative", call=None, survey=spec
    )
    assert run_case(case, DATA, cache=cache) == pytest.approx(648.868055556, rel=1e-9)
    # degf(dclus1) = 14
    spec = {"data": "survey/api_clus1.csv", "design": design, "pick": "degrees_of_freedom"}
    case = _one(expected=14, tolerance=None, comparison="exact", call=None, survey=spec)
    assert run_case(case, DATA, cache=cache) == 14


@pytest.mark.parametrize(
    ("spec", "pattern"),
    [
        ({"pick": "estimate"}, r"`pick` must lead to one value; got Series of size 3"),
        ({"pick": [{"stype": "Z"}, "se"]}, r"selector \{'stype': 'Z'\} matches 0 rows"),
        ({"pick": [{"nope": 1}]}, r"no column or index level 'nope'"),
        ({"pick": [{"stype": "E"}, "median"]}, r"pick step 'median'"),
        ({"data": "survey/missing.csv"}, r"data file 'survey/missing\.csv' not found"),
        ({"pick": None}, r"`pick` must lead to one value; got DataFrame"),
    ],
)
def test_bad_survey_specs_raise(spec: dict[str, Any], pattern: str, cache: dict[str, Any]) -> None:
    base = {
        "data": "survey/api_clus1.csv",
        "design": {"weights": "pw", "psu": "dnum", "fpc": "fpc"},
        "estimator": "mean",
        "args": ["api00"],
        "kwargs": {"by": "stype"},
    }
    case = _one(call=None, survey={**base, **spec})
    with pytest.raises(ValidationCaseError, match=pattern):
        run_case(case, DATA, cache=cache)


def test_bad_pick_on_a_call_names_the_case() -> None:
    case = _one(call={"function": "income_chain", "args": [1.0, 2.0, 0.4, 0.5], "pick": "nope"})
    with pytest.raises(ValidationCaseError, match=r"case 'x\.one': income_chain, pick step 'nope'"):
        run_case(case, DATA)
    case = _one(call={"function": "income_chain", "args": [1.0, 2.0, 0.4, 0.5], "pick": "9"})
    with pytest.raises(ValidationCaseError, match=r"no item 9 in IncomeChain"):
        run_case(case, DATA)


def test_computation_errors_propagate() -> None:
    case = _one(call={"function": "ibangga", "args": [101.0, 50.0, 50.0]})
    with pytest.raises(InvalidInputError, match="`ketenteraman`"):
        run_case(case, DATA)


# --------------------------------------------------------------------------------------------
# compare: the rule the report applies (hand examples)
# --------------------------------------------------------------------------------------------
def test_compare_rules() -> None:
    absolute = _one(expected=0.276, tolerance=0.0005)
    passed, difference = compare(absolute, 0.2764)
    assert passed is True and difference == pytest.approx(0.0004)
    assert compare(absolute, 0.2766)[0] is False  # 0.0006 > 0.0005
    assert compare(absolute, float("nan")) == (False, None)
    assert compare(absolute, "0.276") == (False, None)
    relative = _one(expected=1000.0, tolerance=1e-9, comparison="relative")
    assert compare(relative, 1000.0 + 9e-7)[0] is True  # 9e-7 <= 1e-9 x 1000
    assert compare(relative, 1000.0 + 2e-6)[0] is False
    label = _one(expected="none", tolerance=None, comparison="exact")
    assert compare(label, None) == (True, None)
    assert compare(label, "Madya") == (False, None)
    rupiah = _one(expected="113712000000.00", tolerance=None, comparison="exact")
    assert compare(rupiah, Decimal("113712000000")) == (True, 0.0)
    assert compare(rupiah, Decimal("113712000000.01"))[0] is False
    count = _one(expected=150, tolerance=None, comparison="exact")
    assert compare(count, 150) == (True, 0.0)
    assert compare(count, 149)[0] is False


# --------------------------------------------------------------------------------------------
# the report and the page
# --------------------------------------------------------------------------------------------
def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_page_validation_under_test", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_page_has_one_row_per_case_and_the_gaps(tmp_path: Path) -> None:
    page = _hook().generate(tmp_path)
    assert page == tmp_path / "generated" / "validation.md"
    text = page.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    case_rows = rows  # gap rows start with their anchor: "| <span id=..."
    assert len(case_rows) == len(SUITE.cases)
    ids_in_rows = [r.split("`")[1] for r in case_rows]
    # one table per group, in the order the file declares the groups
    in_group_order = [c.id for g in SUITE.groups for c in SUITE.cases if c.group == g.name]
    assert ids_in_rows == in_group_order
    assert f"**All {len(SUITE.cases)} cases passed.**" in text
    assert "FAILED" not in text
    assert "## Known gaps {#known-gaps}" in text
    for gap in SUITE.gaps:
        assert f'"></span>`{gap.id}` | {gap.group} | {gap.kind} |' in text
    assert text.index("## Known gaps") < text.index("## How to rerun")
    assert "python -m pytest tests/test_validation.py" in text
    assert "tests/data/validation.toml" in text
    for group in SUITE.groups:
        if any(c.group == group.name for c in SUITE.cases):
            assert f"## {group.name} {{#" in text


def _failing_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases.toml"
    path.write_text(
        """
[[group]]
name = "iBangga"
description = "Test group."

[[case]]
id = "ibangga.wrong"
group = "iBangga"
source = "a deliberately wrong expected value"
expected = 60.0
tolerance = 0.005
provenance = "published"
call = { function = "ibangga", args = [55.99, 52.09, 53.96] }

[[case]]
id = "ibangga.raises"
group = "iBangga"
source = "an input outside [0, 100]"
expected = 1.0
tolerance = 0.005
provenance = "published"
call = { function = "ibangga", args = [155.99, 52.09, 53.96] }

[[case]]
id = "ibangga.right"
group = "iBangga"
source = "BKKBN 2021"
expected = 54.01
tolerance = 0.005
provenance = "published"
call = { function = "ibangga", args = [55.99, 52.09, 53.96] }
""",
        encoding="utf-8",
    )
    return path


def test_failed_cases_are_reported_not_fatal(tmp_path: Path) -> None:
    report = run_validation(_failing_file(tmp_path), DATA)
    assert report.n_cases == 3 and report.n_failed == 2 and not report.all_passed
    by_id = report.cases.set_index("id")
    assert by_id.loc["ibangga.wrong", "obtained"] == pytest.approx(54.0133, abs=1e-4)
    assert by_id.loc["ibangga.wrong", "difference"] == pytest.approx(54.0133 - 60.0, abs=1e-4)
    assert "InvalidInputError: `ketenteraman`" in str(by_id.loc["ibangga.raises", "error"])
    assert bool(by_id.loc["ibangga.right", "passed"]) is True
    assert list(report.failures["id"]) == ["ibangga.wrong", "ibangga.raises"]
    text = to_markdown(report)
    assert "**2 of 3 cases FAILED.**" in text
    assert text.count("**FAILED**") == 2
    assert re.search(r"- `ibangga\.wrong`: expected 60, obtained 54\.0133", text)


def test_hook_writes_the_page_then_raises_on_failure(tmp_path: Path) -> None:
    hook = _hook()
    with pytest.raises(hook.ValidationFailedError, match=r"2 of 3 validation cases failed"):
        hook.generate(tmp_path / "docs", cases=_failing_file(tmp_path), data_dir=DATA)
    text = (tmp_path / "docs" / "generated" / "validation.md").read_text(encoding="utf-8")
    assert "**FAILED**" in text


def test_report_frame_columns() -> None:
    report = run_validation(_suite(_case()), DATA)
    assert list(report.cases.columns) == [
        "id",
        "group",
        "source",
        "provenance",
        "computed",
        "expected",
        "obtained",
        "difference",
        "tolerance",
        "comparison",
        "passed",
        "note",
        "error",
    ]
    assert report.cases["passed"].dtype == bool
    assert report.cases["tolerance"].tolist() == [0.005]
    assert report.source == "<mapping>"


# ------------------------------------------------------------------ provenance and sources


def test_every_case_has_a_provenance_and_derived_means_ci_or_rse() -> None:
    counts = {p: 0 for p in PROVENANCES}
    for case in SUITE.cases:
        counts[case.provenance] += 1
        ci_or_rse = re.search(r"95 % CI|: LCI|: UCI|: RSE", case.source) is not None
        peer_run = "R 4.2.2" in case.source or "DHS.rates 0.9.2 on" in case.source
        vignette = "DHS.rates 0.9.2 vignette" in case.source  # the package's own printed run
        # a CI bound or an RSE of a peer run follows from its estimate and SE in this file
        assert (case.provenance == "derived") == (peer_run and ci_or_rse), case.id
        if case.provenance == "peer":
            assert peer_run or vignette, case.id
    assert counts["published"] > 0 and counts["peer"] > 0 and counts["derived"] > 0


@pytest.mark.parametrize("malformed", ["document", None])
def test_provenance_is_required_and_checked(malformed: str | None) -> None:
    with pytest.raises(DataFileError, match="provenance"):
        load_cases(_suite(_case(provenance=malformed)))


VAGUE = re.compile(
    r"\bvia\b|\.com\b|\.co\.id\b|\bslides?\b|app data|databoks|antaranews|poskota"
    r"|beritajakarta|\bnews site",
    re.IGNORECASE,
)


def test_sources_name_documents_not_outlets() -> None:
    vague = [
        f"{item.id}: {item.source}"
        for item in (*SUITE.cases, *SUITE.gaps)
        if VAGUE.search(item.source)
    ]
    assert not vague, "\n".join(vague)


def test_published_sources_name_a_place_in_the_document() -> None:
    # a page, table, section, line, chapter, worked example, or the statement that the
    # document has no page (a release) or that the page was not recorded
    place = re.compile(
        r"\bp\. \d|\bpage\b|table|Bab |Lampiran|line \d|IKU \d|technical (notes|annex)"
        r"|Perpres|release|vignette",
        re.IGNORECASE,
    )
    unplaced = [
        f"{c.id}: {c.source}"
        for c in SUITE.cases
        if c.provenance == "published" and not place.search(c.source)
    ]
    assert not unplaced, "\n".join(unplaced)


def test_the_report_counts_cases_by_provenance(tmp_path: Path) -> None:
    text = _hook().generate(tmp_path).read_text(encoding="utf-8")
    header = "| Group | Published document | Peer software | Derived | Cases | Passed | Failed |"
    assert header in text
    for group in SUITE.groups:
        cases = [c for c in SUITE.cases if c.group == group.name]
        if not cases:
            continue
        counts = [sum(c.provenance == p for c in cases) for p in PROVENANCES]
        row = next(line for line in text.splitlines() if line.startswith(f"| [{group.name}]"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert [int(x) for x in cells[1:5]] == [*counts, len(cases)], row
    totals = [f"**{sum(c.provenance == p for c in SUITE.cases)}**" for p in PROVENANCES]
    assert "| **Total** | " + " | ".join(totals) in text
