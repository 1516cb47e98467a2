"""Tests of band profiles (_bands) and packaged data loading (_data)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from pydantic import BaseModel

from dppapp_indikator import DataFileError, InvalidInputError
from dppapp_indikator._bands import BandProfile, band_profiles, category_label, classify
from dppapp_indikator._data import load_file, load_packaged, read_packaged


def test_every_packaged_profile_is_valid_and_total() -> None:
    profiles = band_profiles()
    assert {"ibangga", "idg"} <= set(profiles)
    for name, profile in profiles.items():
        assert profile.source, name
        labels = profile.classify_array(np.array([-1e12, 0.0, 50.0, 1e12]))
        assert len(labels) == 4


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(InvalidInputError, match=r"`profile` must be one of .*'idg'"):
        classify(1.0, "no-such-profile")


def test_category_label_none_and_nan() -> None:
    assert category_label("idg", None) is None
    assert category_label("idg", float("nan")) is None
    assert category_label("idg", 50.0) == "sedang"


def test_profile_rejects_gaps_and_double_boundaries() -> None:
    base = {"description": "d", "source": "s", "status": "x", "unit": "u"}
    with pytest.raises(ValueError, match="not contiguous"):
        BandProfile.model_validate(
            base
            | {
                "bands": [
                    {"label": "a", "lower": 0, "upper": 1},
                    {"label": "b", "lower": 2, "upper": 3},
                ]
            }
        )
    with pytest.raises(ValueError, match="exactly one band"):
        BandProfile.model_validate(
            base
            | {
                "bands": [
                    {"label": "a", "lower": 0, "upper": 1, "upper_inclusive": True},
                    {"label": "b", "lower": 1, "upper": 3, "lower_inclusive": True},
                ]
            }
        )


class _Schema(BaseModel):
    name: str
    value: float


def test_load_file_json_and_toml(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"name": "x", "value": 1.5}))
    (tmp_path / "a.toml").write_text('name = "x"\nvalue = 1.5\n')
    assert load_file(tmp_path / "a.json", _Schema).value == 1.5
    assert load_file(tmp_path / "a.toml", _Schema).name == "x"


def test_load_file_errors_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(DataFileError, match=r"bad\.json.*malformed"):
        load_file(tmp_path / "bad.json", _Schema)
    (tmp_path / "wrong.toml").write_text('name = "x"\nvalue = "high"\n')
    with pytest.raises(DataFileError, match=r"wrong\.toml.*does not match its schema"):
        load_file(tmp_path / "wrong.toml", _Schema)
    with pytest.raises(DataFileError, match="cannot read"):
        load_file(tmp_path / "missing.toml", _Schema)
    (tmp_path / "a.yaml").write_text("a: 1")
    with pytest.raises(DataFileError, match=r"must end in \.toml or \.json"):
        load_file(tmp_path / "a.yaml", _Schema)


def test_missing_packaged_file() -> None:
    with pytest.raises(DataFileError, match="no packaged data file"):
        read_packaged("nope.toml")
    with pytest.raises(DataFileError, match="does not match"):
        load_packaged("bands.toml", _Schema)
