"""Reference and behaviour tests of dppapp_indikator.satudata (methods/satudata#sdi; IKU 12)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from dppapp_indikator import InvalidInputError, calculate
from dppapp_indikator.records.satudata import SdiFileRecord
from dppapp_indikator.satudata import (
    SdiQuality,
    sdi_duplicate_rows,
    sdi_quality_from_records,
    sdi_quality_score,
    sdi_submission_deadline,
)


def _file(**overrides: Any) -> dict[str, Any]:
    """A submitted, complete, unique, validated file due in March 2024 (deadline 5 April)."""
    record: dict[str, Any] = {
        "dataset_id": "jumlah-kasus-kekerasan",
        "due_month": "2024-03",
        "submission_date": "2024-04-01",
        "components": {"metadata": True, "data": True},
        "validated": True,
        "unique": True,
    }
    record.update(overrides)
    return record


# ------------------------------------------------------------------------------------------
# sdi_quality_score from counts


def test_score_hand_example() -> None:
    # By hand (task brief; methods/satudata#sdi): required 20; on time 18, complete 19, unique 20,
    # valid 17 -> 0.90 + 0.95 + 1.00 + 0.85 = 3.70.
    assert sdi_quality_score(20, 18, 19, 20, 17) == pytest.approx(3.70, abs=1e-12)


def test_score_bounds_by_hand() -> None:
    # Seed IKU 12: "Rentang nilai kualitas data SDI: 0 - 4".
    assert sdi_quality_score(7, 0, 0, 0, 0) == 0.0
    assert sdi_quality_score(7, 7, 7, 7, 7) == 4.0


def test_score_meets_seed_target() -> None:
    # Seed IKU 12: target 3,25. By hand: 20 files, 16 + 16 + 17 + 16 = 65 -> 65/20 = 3.25.
    assert sdi_quality_score(20, 16, 16, 17, 16) == pytest.approx(3.25, abs=0.005)


def test_score_containers_and_nan() -> None:
    assert isinstance(sdi_quality_score(20, 18, 19, 20, 17), float)
    out = sdi_quality_score(
        np.array([20.0, 10.0, 20.0]), [18, 10, np.nan], [19, 5, 1], 0, [17, 0, 1]
    )
    assert isinstance(out, np.ndarray)
    # By hand: (18 + 19 + 0 + 17) / 20 = 2.70; (10 + 5 + 0 + 0) / 10 = 1.50; NaN stays NaN.
    np.testing.assert_allclose(out[:2], [2.70, 1.50])
    assert np.isnan(out[2])
    index = pd.Index(["2023", "2024"], name="tahun")
    out_s = sdi_quality_score(pd.Series([20, 40], index=index), 20, 20, 20, 20)
    assert isinstance(out_s, pd.Series)
    assert list(out_s.index) == ["2023", "2024"]
    # By hand: 80/20 = 4; 80/40 = 2.
    assert out_s.tolist() == [4.0, 2.0]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((0, 0, 0, 0, 0), "required"),
        ((-1, 0, 0, 0, 0), "required"),
        ((2.5, 0, 0, 0, 0), "required"),
        ((20, 21, 0, 0, 0), "on_time"),
        ((20, 0, 21, 0, 0), "complete"),
        ((20, 0, 0, 21, 0), "unique"),
        ((20, 0, 0, 0, 21), "valid"),
        ((20, -1, 0, 0, 0), "on_time"),
        ((20, 1.5, 0, 0, 0), "on_time"),
        ((20, 0, 0, 0, "x"), "valid"),
        ((20, np.inf, 0, 0, 0), "on_time"),
        (([20, 20], [1, 2, 3], 0, 0, 0), "required"),
    ],
)
def test_score_bad_input_names_parameter(args: tuple[Any, ...], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        sdi_quality_score(*args)


# ------------------------------------------------------------------------------------------
# deadline


@pytest.mark.parametrize(
    ("due", "deadline"),
    [
        # Seed IKU 12, Catatan 1: the 5th of the month after the release month.
        ("2024-03", dt.date(2024, 4, 5)),
        ("2024-01", dt.date(2024, 2, 5)),
        ("2024-11", dt.date(2024, 12, 5)),
        ("2024-12", dt.date(2025, 1, 5)),  # December -> 5 January of the next year
        (dt.date(2024, 12, 31), dt.date(2025, 1, 5)),
        (dt.datetime(2024, 2, 29, 13, 0), dt.date(2024, 3, 5)),
    ],
)
def test_deadline(due: Any, deadline: dt.date) -> None:
    assert sdi_submission_deadline(due) == deadline


@pytest.mark.parametrize(
    "due", ["2024-13", "2024-00", "2024-3", "03-2024", "2024/03", 202403, None]
)
def test_deadline_bad_input(due: Any) -> None:
    with pytest.raises(InvalidInputError, match="`due_month`"):
        sdi_submission_deadline(due)


@pytest.mark.parametrize(
    ("due", "submitted", "on_time"),
    [
        ("2024-03", "2024-04-05", True),  # on the 5th of the next month: on time
        ("2024-03", "2024-04-06", False),  # the 6th: late
        ("2024-03", "2024-03-20", True),  # within the release month
        ("2024-03", "2024-01-10", True),  # early
        ("2024-12", "2025-01-05", True),  # December due -> 5 January next year
        ("2024-12", "2025-01-06", False),
        ("2024-12", "2024-12-31", True),
        ("2024-03", None, False),  # not submitted
    ],
)
def test_deadline_boundary_through_records(due: str, submitted: str | None, on_time: bool) -> None:
    result = sdi_quality_from_records([_file(due_month=due, submission_date=submitted)])
    assert result.files[0].on_time is on_time
    assert result.on_time == int(on_time)


# ------------------------------------------------------------------------------------------
# duplicates


def test_duplicates_on_key_columns() -> None:
    frame = pd.DataFrame(
        {
            "wilayah": ["Jakpus", "Jakpus", "Jakut", "Jakut"],
            "tahun": [2023, 2024, 2023, 2023],
            "jumlah": [10, 12, 7, 8],
        }
    )
    # By hand: on (wilayah, tahun) the last row repeats row 3 (Jakut 2023): 1 duplicate.
    assert sdi_duplicate_rows(frame, ["wilayah", "tahun"]) == 1
    # By hand: on wilayah alone, rows 2 and 4 repeat: 2 duplicates.
    assert sdi_duplicate_rows(frame, ["wilayah"]) == 2
    # By hand: all three columns together are distinct.
    assert sdi_duplicate_rows(frame, ["wilayah", "tahun", "jumlah"]) == 0
    assert sdi_duplicate_rows(frame, "jumlah") == 0
    # Three identical keys count two duplicates.
    assert sdi_duplicate_rows(pd.DataFrame({"k": [1, 1, 1]}), ["k"]) == 2
    assert sdi_duplicate_rows(pd.DataFrame({"k": []}), ["k"]) == 0


def test_duplicates_missing_key_policies() -> None:
    frame = pd.DataFrame({"wilayah": ["Jakpus", None, np.nan, "Jakut"], "tahun": [1, 2, 2, 3]})
    # "equal" (pandas duplicated): None and NaN are both missing and equal -> rows 2, 3 repeat.
    assert sdi_duplicate_rows(frame, ["wilayah", "tahun"]) == 1
    assert sdi_duplicate_rows(frame, ["wilayah", "tahun"], missing_keys="equal") == 1
    # "distinct": a row with a missing key is never a duplicate.
    assert sdi_duplicate_rows(frame, ["wilayah", "tahun"], missing_keys="distinct") == 0
    with pytest.raises(InvalidInputError, match=r"`data`.*'wilayah'.*position 1"):
        sdi_duplicate_rows(frame, ["wilayah", "tahun"], missing_keys="raise")
    # With known keys "distinct" still finds duplicates.
    known = pd.DataFrame({"k": [1, 1, None]})
    assert sdi_duplicate_rows(known, ["k"], missing_keys="distinct") == 1


@pytest.mark.parametrize(
    ("data", "keys", "kwargs", "name"),
    [
        (pd.DataFrame({"a": [1]}), ["b"], {}, "key_columns"),
        (pd.DataFrame({"a": [1]}), [], {}, "key_columns"),
        (pd.DataFrame({"a": [1]}), [1], {}, "key_columns"),
        (pd.DataFrame({"a": [1]}), ["a"], {"missing_keys": "ignore"}, "missing_keys"),
        ({"a": [1]}, ["a"], {}, "data"),
        (np.array([[1, 2]]), ["a"], {}, "data"),
    ],
)
def test_duplicates_bad_input(data: Any, keys: Any, kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        sdi_duplicate_rows(data, keys, **kwargs)


# ------------------------------------------------------------------------------------------
# from file records


def test_from_records_hand_example() -> None:
    frame_dup = pd.DataFrame({"kota": ["Jakpus", "Jakpus"], "tahun": [2024, 2024]})
    frame_ok = pd.DataFrame({"kota": ["Jakpus", "Jakut"], "tahun": [2024, 2024]})
    files = [
        # 1: on time (5 April), complete, unique (data), validated -> 4 aspects
        _file(dataset_id="a", submission_date="2024-04-05", unique=None),
        # 2: late (6 April), complete, duplicate in data, validated -> complete, valid
        _file(dataset_id="b", submission_date="2024-04-06", unique=None),
        # 3: December due, 5 January: on time; a component missing; not validated -> on time,
        #    unique (flag)
        _file(
            dataset_id="c",
            due_month="2024-12",
            submission_date="2025-01-05",
            components={"metadata": True, "data": False},
            validated=False,
        ),
        # 4: not submitted -> fails every aspect, whatever its flags say
        _file(dataset_id="d", submission_date=None, unique=True, validated=True),
    ]
    result = sdi_quality_from_records(
        files, data={"a": frame_ok, "b": frame_dup}, key_columns=["kota", "tahun"]
    )
    assert isinstance(result, SdiQuality)
    # By hand: on time a, c = 2; complete a, b = 2; unique a, c = 2; valid a, b = 2; N = 4.
    assert (result.required, result.on_time, result.complete, result.unique, result.valid) == (
        4,
        2,
        2,
        2,
        2,
    )
    assert (result.timeliness, result.completeness, result.uniqueness, result.validity) == (
        0.5,
        0.5,
        0.5,
        0.5,
    )
    assert result.score == pytest.approx(2.0)  # by hand: 8 / 4
    a, b, c, d = result.files
    assert (a.duplicate_rows, b.duplicate_rows, c.duplicate_rows) == (0, 1, None)
    assert (b.on_time, b.unique, b.complete, b.valid) == (False, False, True, True)
    assert c.deadline == dt.date(2025, 1, 5)
    assert c.missing_components == ("data",)
    assert (d.on_time, d.complete, d.unique, d.valid) == (False, False, False, False)
    frame = result.to_frame()
    assert list(frame["dataset_id"]) == ["a", "b", "c", "d"]
    assert list(frame["on_time"]) == [True, False, True, False]
    assert {"deadline", "submission_date", "missing_components", "duplicate_rows"} <= set(
        frame.columns
    )
    # The score from the records equals the score from its counts.
    assert result.score == sdi_quality_score(4, 2, 2, 2, 2)


def test_from_records_twenty_file_example() -> None:
    # Hand example as file records: 20 files; 2 late, 1 incomplete, 0 duplicated,
    # 3 not validated -> 18, 19, 20, 17 -> 3.70.
    files = []
    for i in range(20):
        files.append(
            _file(
                dataset_id=f"data-{i:02d}",
                submission_date="2024-04-06" if i < 2 else "2024-04-05",
                components={"metadata": True, "data": i != 5},
                validated=i not in (7, 8, 9),
            )
        )
    result = sdi_quality_from_records(files)
    assert (result.on_time, result.complete, result.unique, result.valid) == (18, 19, 20, 17)
    assert result.score == pytest.approx(3.70, abs=1e-12)


def test_from_records_key_columns_precedence_and_data_forms() -> None:
    frame = pd.DataFrame({"a": [1, 1], "b": [1, 2]})
    files = [_file(dataset_id="x", unique=None), _file(dataset_id="y", unique=None)]
    # One list for all files: on a alone both files have a duplicate.
    result = sdi_quality_from_records(files, data=[frame, frame], key_columns=["a"])
    assert result.unique == 0
    # A mapping per dataset: x keyed on (a, b) is unique, y on a is not.
    result = sdi_quality_from_records(
        files, data={"x": frame, "y": frame}, key_columns={"x": ["a", "b"], "y": ["a"]}
    )
    assert [f.unique for f in result.files] == [True, False]
    # A record's own key_columns win over the function's.
    files[1] = _file(dataset_id="y", unique=None, key_columns=["a", "b"])
    result = sdi_quality_from_records(files, data=[frame, frame], key_columns=["a"])
    assert [f.unique for f in result.files] == [False, True]
    assert result.files[1].key_columns == ("a", "b")


def test_from_records_inline_rows_from_json() -> None:
    text = json.dumps(
        [
            {
                "dataset_id": "pelaku-usaha",
                "due_month": "2024-06",
                "submission_date": "2024-07-05",
                "components": {"metadata": True},
                "validated": True,
                "key_columns": ["nik"],
                "rows": [{"nik": "1"}, {"nik": "2"}, {"nik": "2"}],
            }
        ]
    )
    records = [SdiFileRecord.model_validate(item) for item in json.loads(text)]
    assert records[0].deadline == dt.date(2024, 7, 5)
    result = sdi_quality_from_records(records)
    # By hand: nik "2" appears twice -> 1 duplicate -> not unique; on time (5 July).
    assert result.files[0].duplicate_rows == 1
    assert (result.on_time, result.complete, result.unique, result.valid) == (1, 1, 0, 1)


def test_from_records_required_components() -> None:
    files = [_file(components={"metadata": True}), _file(dataset_id="z", components={})]
    # The second file flags nothing: with a required list, its components count as absent.
    result = sdi_quality_from_records(files, required_components=["metadata"])
    assert [f.complete for f in result.files] == [True, False]
    assert result.files[1].missing_components == ("metadata",)
    # An unflagged required component is absent.
    result = sdi_quality_from_records(
        [_file(components={"metadata": True})], required_components=["metadata", "satuan"]
    )
    assert result.files[0].missing_components == ("satuan",)
    assert result.complete == 0


def test_from_records_due_month_as_date_normalised() -> None:
    record = SdiFileRecord.model_validate(_file(due_month=dt.date(2024, 12, 1)))
    assert record.due_month == "2024-12"
    assert record.deadline == dt.date(2025, 1, 5)


@pytest.mark.parametrize(
    ("files", "kwargs", "name"),
    [
        ([], {}, "files"),
        ("abc", {}, "files"),
        ({"dataset_id": "x"}, {}, "files"),
        ([{"dataset_id": "x"}], {}, "files"),
        ([_file(due_month="2024-13")], {}, "files"),
        ([_file(submission_date="2024-04-31")], {}, "files"),
        ([_file(), _file()], {}, "files"),  # the same (dataset_id, due_month) twice
        ([_file(unique=None)], {}, "files"),  # neither data nor a flag
        ([_file(components={})], {}, "files"),  # no components and no required list
        ([_file(extra=1)], {}, "files"),
        ([_file(unique=None)], {"data": {"x": pd.DataFrame({"a": [1]})}}, "data"),
        ([_file(unique=None)], {"data": [pd.DataFrame({"a": [1]})] * 2}, "data"),
        ([_file(unique=None)], {"data": [{"a": [1]}]}, "data"),
        ([_file(unique=None)], {"data": pd.DataFrame({"a": [1]})}, "data"),
        ([_file(unique=None)], {"data": [pd.DataFrame({"a": [1]})]}, "key_columns"),
        (
            [_file(unique=None)],
            {"data": [pd.DataFrame({"a": [1]})], "key_columns": ["b"]},
            "key_columns",
        ),
        (
            [_file(unique=True)],
            {"data": [pd.DataFrame({"a": [1, 1]})], "key_columns": ["a"]},
            "files",
        ),
        (
            [_file(unique=None, key_columns=["a"], rows=[{"a": 1}])],
            {"data": [pd.DataFrame({"a": [1]})]},
            "data",
        ),
        (
            [_file(dataset_id="x"), _file(dataset_id="x", due_month="2024-04")],
            {"data": {"x": pd.DataFrame({"a": [1]})}, "key_columns": ["a"]},
            "data",
        ),
        ([_file()], {"required_components": "metadata"}, "required_components"),
        ([_file()], {"required_components": []}, "required_components"),
        ([_file()], {"missing_keys": "ignore"}, "missing_keys"),
    ],
)
def test_from_records_bad_input(files: Any, kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        sdi_quality_from_records(files, **kwargs)


# ------------------------------------------------------------------------------------------
# registry


def test_calculate_sdi_quality_from_counts() -> None:
    # By hand: 0.90 + 0.95 + 1.00 + 0.85 = 3.70.
    result = calculate(
        "sdi_quality", {"required": 20, "on_time": 18, "complete": 19, "unique": 20, "valid": 17}
    )
    assert result.value == pytest.approx(3.70, abs=1e-12)
    assert result.unit == "score 0-4"
    assert result.category is None
    assert result.components["timeliness"] == pytest.approx(0.90)
    assert result.components["completeness"] == pytest.approx(0.95)
    assert result.components["uniqueness"] == pytest.approx(1.00)
    assert result.components["validity"] == pytest.approx(0.85)
    assert type(result).model_validate_json(result.model_dump_json()) == result


def test_calculate_sdi_quality_from_files() -> None:
    files = [
        _file(dataset_id="a", submission_date="2024-04-05"),
        _file(dataset_id="b", submission_date="2024-04-06", validated=False),
        _file(
            dataset_id="c",
            unique=None,
            key_columns=["k"],
            rows=[{"k": 1}, {"k": None}, {"k": None}],
        ),
    ]
    # By hand: on time a, c; complete a, b, c; unique a, b (flags), c has two missing keys,
    # equal under "equal" -> duplicate; valid a, c. (2 + 3 + 2 + 2) / 3 = 3.0.
    result = calculate("sdi_quality", {"files": files})
    assert result.value == pytest.approx(3.0)
    assert result.components["unique"] == 2
    per_file = result.components["files"]
    assert isinstance(per_file, list)
    assert per_file[1]["deadline"] == "2024-04-05"  # type: ignore[index,call-overload]
    assert per_file[2]["duplicate_rows"] == 1  # type: ignore[index,call-overload]
    # Under "distinct", the rows with a missing key are not duplicates: (2 + 3 + 3 + 2) / 3.
    result = calculate("sdi_quality", {"files": files, "missing_keys": "distinct"})
    assert result.value == pytest.approx(10 / 3)
    assert type(result).model_validate_json(result.model_dump_json()) == result


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"required": 20, "on_time": 21, "complete": 0, "unique": 0, "valid": 0}, "on_time"),
        ({"required": 0, "on_time": 0, "complete": 0, "unique": 0, "valid": 0}, "required"),
        ({"required": 20, "on_time": 1}, "complete"),
        ({"required": 20, "on_time": 1.5, "complete": 0, "unique": 0, "valid": 0}, "on_time"),
        ({}, "required"),
        ({"files": []}, "files"),
        (
            {
                "files": [_file()],
                "required": 1,
                "on_time": 1,
                "complete": 1,
                "unique": 1,
                "valid": 1,
            },
            "files",
        ),
        (
            {
                "required": 1,
                "on_time": 1,
                "complete": 1,
                "unique": 1,
                "valid": 1,
                "key_columns": ["a"],
            },
            "key_columns",
        ),
        ({"files": [_file(due_month="2024-3")]}, "due_month"),
        ({"files": [_file()], "missing_keys": "ignore"}, "missing_keys"),
    ],
)
def test_calculate_sdi_quality_bad_input(inputs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        calculate("sdi_quality", inputs)


def test_registry_metadata() -> None:
    from dppapp_indikator import get_indicator

    record = get_indicator("sdi_quality")
    assert (record.iku, record.polarity, record.unit) == (12, "higher", "score 0-4")
    assert record.name_id == "Nilai kualitas data SDI"
    doc = record.function.__doc__ or ""
    assert "Notes" in doc and "References" in doc
