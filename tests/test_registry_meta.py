"""Meta-tests walking the indicator registry (as in xclim's indicator tests)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

import dppapp_indikator as di
from dppapp_indikator.policies import POLARITIES
from dppapp_indikator.registry import Indicator, Result

RECORDS = di.indicators()
IDS = [r.code for r in RECORDS]


def test_registry_is_not_empty_and_codes_unique() -> None:
    assert RECORDS
    assert len(IDS) == len(set(IDS))


def test_agreement_rows_are_unique() -> None:
    rows = [r.iku for r in RECORDS if r.iku is not None]
    assert len(rows) == len(set(rows))
    assert all(1 <= row <= 21 for row in rows)


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_metadata_complete(record: Indicator) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*", record.code)
    assert record.name_id.strip() and record.name_en.strip()
    assert record.name_id != record.name_en
    assert record.unit.strip()
    assert record.polarity in POLARITIES
    assert record.legal_basis.strip()
    assert record.formula.strip()
    json.dumps(record.metadata())  # metadata is JSON-serialisable


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_function_is_documented_and_exported(record: Indicator) -> None:
    doc = record.function.__doc__ or ""
    for section in ("Parameters", "Returns", "Notes", "References", "Examples"):
        assert f"\n    {section}\n    ---" in doc, f"{record.function.__name__}: no {section}"
    assert "$$" in doc, "the formula is written as a LaTeX block in Notes"
    assert "[" in doc.split("Parameters", 1)[1], "units in brackets"
    assert getattr(di, record.function.__name__) is record.function


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_examples_round_trip_through_json(record: Indicator) -> None:
    assert record.examples, "every record carries at least one example input"
    for example in record.examples:
        model = record.input_model.model_validate(example)
        again = record.input_model.model_validate_json(model.model_dump_json())
        assert again == model
        result = di.calculate(record.code, example)
        assert isinstance(result, Result)
        assert result.code == record.code
        assert result.unit == record.unit
        assert result.method
        assert Result.model_validate_json(result.model_dump_json()) == result
        # the model instance is accepted as well as the mapping
        assert di.calculate(record.code, model) == result


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_unknown_fields_rejected(record: Indicator) -> None:
    example = dict(record.examples[0])
    example["no_such_field"] = 1
    with pytest.raises(ValidationError, match="no_such_field"):
        di.calculate(record.code, example)


def test_results_are_frozen() -> None:
    result = di.calculate(RECORDS[0].code, RECORDS[0].examples[0])
    with pytest.raises(ValidationError):
        result.value = 1.0  # type: ignore[misc]


def test_unknown_code() -> None:
    with pytest.raises(di.InvalidInputError, match="`code` must be a registered indicator"):
        di.calculate("no_such_indicator", {})


def test_bad_inputs_type() -> None:
    with pytest.raises(di.InvalidInputError, match="`inputs` must be a mapping"):
        di.calculate("ibangga", [1, 2, 3])  # type: ignore[arg-type]


def test_every_agreement_row_has_an_indicator() -> None:
    # Perjanjian Kinerja 2024 Dinas PPAPP DKI: 21 indicators (IKU 1-21)
    assert sorted(r.iku for r in RECORDS if r.iku is not None) == list(range(1, 22))


DOCS = Path(__file__).resolve().parents[1] / "docs" / "indicators"


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_every_indicator_has_a_docs_page(record: Indicator) -> None:
    pages = {p.name: p.read_text("utf-8") for p in DOCS.glob("*.md")}
    function = f"{record.function.__module__}.{record.function.__name__}"
    documented = [name for name, text in pages.items() if f"::: {function}" in text]
    assert documented, f"no page in docs/indicators renders the API of {function}"
    text = "".join(pages[name] for name in documented)
    for section in ("## Formula", "## Worked example", "## Differences from the source document"):
        assert section in text, f"{documented}: no {section!r}"


# ------------------------------------------------------------------ immutable, hashable results


def _a_result() -> Result:
    return di.calculate(
        "ibangga", {"ketenteraman": 55.99, "kemandirian": 52.09, "kebahagiaan": 53.96}
    )


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_results_are_deeply_read_only_and_hashable(record: Indicator) -> None:
    for example in record.examples:
        result = record.calculate(example)
        again = record.calculate(example)
        assert result == again and hash(result) == hash(again)
        with pytest.raises(TypeError, match="read-only"):
            result.components["new"] = 1.0  # type: ignore[index]
        for value in result.components.values():
            if isinstance(value, dict):
                with pytest.raises(TypeError, match="read-only"):
                    value["new"] = 1.0
            if isinstance(value, list):
                with pytest.raises(TypeError, match="read-only"):
                    value.append(1.0)
        # still plain JSON for every reader
        assert (
            json.loads(json.dumps(result.components))
            == json.loads(result.model_dump_json())["components"]
        )
        assert Result.model_validate_json(result.model_dump_json()) == result


def test_frozen_containers_refuse_every_mutation() -> None:
    from dppapp_indikator.registry import FrozenDict, FrozenList

    d = FrozenDict({"a": 1.0})
    for mutate in (
        lambda: d.update(b=1),
        lambda: d.pop("a"),
        d.popitem,
        d.clear,
        lambda: d.setdefault("b", 1),
        lambda: d.__delitem__("a"),
        lambda: d.__ior__({"b": 1}),
    ):
        with pytest.raises(TypeError, match="read-only"):
            mutate()
    items = FrozenList([1.0, 2.0])
    for mutate in (
        lambda: items.extend([3.0]),
        lambda: items.insert(0, 3.0),
        items.pop,
        lambda: items.remove(1.0),
        items.clear,
        items.sort,
        items.reverse,
        lambda: items.__setitem__(0, 3.0),
        lambda: items.__delitem__(0),
        lambda: items.__iadd__([3.0]),
        lambda: items.__imul__(2),
    ):
        with pytest.raises(TypeError, match="read-only"):
            mutate()
    assert d == {"a": 1.0} and items == [1.0, 2.0]
    assert {_a_result(), _a_result()} == {_a_result()}


# ------------------------------------------------------------------ strict number inputs


def _number_fields(record: Indicator) -> list[tuple[dict[str, object], str, bool]]:
    """(example, field, takes text) of every top-level number in the record's examples."""
    from dppapp_indikator.registry import _takes

    fields = record.input_model.model_fields
    return [
        (dict(example), name, _takes(fields[name].annotation, str))
        for example in record.examples
        for name, value in example.items()
        if isinstance(value, int | float) and not isinstance(value, bool) and name in fields
    ]


WITH_NUMBERS = [r for r in RECORDS if _number_fields(r)]


@pytest.mark.parametrize("record", WITH_NUMBERS, ids=[r.code for r in WITH_NUMBERS])
def test_number_inputs_refuse_booleans_and_text(record: Indicator) -> None:
    for example, name, takes_text in _number_fields(record):
        with pytest.raises(ValidationError, match=re.escape(f"{name} must be a number")):
            record.calculate({**example, name: True})
        if takes_text:  # exact money: text is documented and gives the same result
            as_text = record.calculate({**example, name: str(example[name])})
            assert as_text == record.calculate(example)
        else:
            with pytest.raises(ValidationError, match=re.escape(f"{name} must be a number")):
                record.calculate({**example, name: str(example[name])})


def test_most_records_have_number_examples() -> None:
    assert len(WITH_NUMBERS) >= len(RECORDS) // 2


def test_nested_number_inputs_refuse_booleans() -> None:
    # a nested record (budget programme -> output -> indicator) is checked the same way
    nka = next(r for r in RECORDS if r.code == "nka")
    example = json.loads(json.dumps(next(e for e in nka.examples if "programmes" in e)))
    example["programmes"][0]["outputs"][0]["indicators"][0]["target"] = True
    where = "programmes[0].outputs[0].indicators[0].target must be a number"
    with pytest.raises(ValidationError, match=re.escape(where)):
        nka.calculate(example)
    with pytest.raises(ValidationError, match="ketenteraman must be a number, not the boolean"):
        di.calculate("ibangga", {"ketenteraman": True, "kemandirian": 52.09, "kebahagiaan": 1})
    with pytest.raises(ValidationError, match=re.escape("not the string '55.99'")):
        di.calculate("ibangga", {"ketenteraman": "55.99", "kemandirian": 52.09, "kebahagiaan": 1})
    # an int is a number
    assert (
        di.calculate("ibangga", {"ketenteraman": 60, "kemandirian": 60, "kebahagiaan": 60}).value
        == 60
    )
