"""iBangga from family-level microdata (methods/family#ibangga-data, methods/survey#survey):
dppapp_indikator.survey.family."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator._data import DataFileError
from dppapp_indikator.survey.family import (
    DesignColumns,
    IbanggaVariables,
    ibangga_from_families,
    load_ibangga_variables,
    score_families,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "survey"
EXPECTED = json.loads((DATA / "expected.json").read_text())["results"]

Convert = Callable[[pd.DataFrame, str], Any]

# The packaged map written out by hand (methods/family#ibangga-data table): dimension -> [(column,
# inverted)].
# Used by the independent numpy computations below, so they do not read the code under test.
MAP = {
    "ketenteraman": [
        ("worship", False),
        ("marriage_certificate", False),
        ("birth_certificate", False),
        ("health_insurance", False),
        ("family_conflict", True),
        ("divorced", True),
    ],
    "kemandirian": [
        ("income_source", False),
        ("varied_diet", False),
        ("decent_housing", False),
        ("savings", False),
        ("school_attendance", False),
        ("member_ill", True),
        ("online_information", False),
    ],
    "kebahagiaan": [
        ("daily_interaction", False),
        ("joint_parenting", False),
        ("recreation", False),
        ("social_activity", False),
    ],
}
DIMS = list(MAP)
NA_POSSIBLE = {"marriage_certificate", "birth_certificate", "school_attendance", "joint_parenting"}
ALL_COLUMNS = [c for d in DIMS for c, _ in MAP[d]]


def _variable(
    number: int, column: str, dimension: str = "ketenteraman", **extra: Any
) -> dict[str, Any]:
    entry = {
        "number": number,
        "dimension": dimension,
        "name_id": column,
        "name_en": column,
        "pk21_item": "-",
        "scoring": "positive",
        "rule": "1 -> 1",
        "na_possible": True,
        "status": "inferred",
        "column": column,
        "source": "test",
    }
    entry.update(extra)
    return entry


def _map(*variables: dict[str, Any]) -> dict[str, Any]:
    return {"version": "test", "title": "test map", "source": "test", "variables": list(variables)}


TWO_VARIABLES = _map(_variable(1, "v1", na_possible=False), _variable(2, "v2"))


def _methods_example() -> pd.DataFrame:
    # methods/family#ibangga-data: families A (v1 = 1, v2 = NA), B (0, 0), C (1, 1)
    return pd.DataFrame({"family": ["A", "B", "C"], "v1": [1, 0, 1], "v2": [None, 0, 1]})


def _random_families(n: int = 3000, seed: int = 7, *, nulls: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({c: rng.integers(0, 2, n).astype(np.float64) for c in ALL_COLUMNS})
    for column in NA_POSSIBLE:
        if nulls:
            frame.loc[rng.random(n) < 0.3, column] = np.nan
    frame["region"] = rng.choice(["3171", "3172", "3173", "3101"], n)
    frame["stratum"] = rng.integers(0, 6, n)
    frame["psu"] = rng.integers(0, 5, n)
    frame["w"] = rng.uniform(0.5, 4.0, n)
    return frame


def _family_scores(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """D_fd written from the formula (methods/family#ibangga-data), with numpy only."""
    out = {}
    for d in DIMS:
        scores = []
        for column, inverted in MAP[d]:
            x = frame[column].to_numpy(dtype=np.float64)
            scores.append(1.0 - x if inverted else x)
        s = np.column_stack(scores)
        applicable = ~np.isnan(s)
        count = applicable.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[d] = np.where(count > 0, 100.0 * np.nansum(s, axis=1) / count, np.nan)
    return out


# ------------------------------------------------------------------------------------------
# the variable map
# ------------------------------------------------------------------------------------------


def test_packaged_map() -> None:
    variables = load_ibangga_variables()
    assert variables.version == "2024.1"
    assert [v.number for v in variables.variables] == list(range(1, 18))
    # methods/family#ibangga-data [confirmed counts]: ketenteraman 6, kemandirian 7, kebahagiaan 4
    assert [len(variables.in_dimension(d)) for d in DIMS] == [6, 7, 4]
    assert [v.column for v in variables.variables] == ALL_COLUMNS
    status = {v.number: v.status for v in variables.variables}
    # methods/family#ibangga-data rows 1-8
    assert all(status[i] == "confirmed" for i in range(1, 9))
    assert status[9] == "provisional"  # housing threshold [unknown]
    assert all(status[i] == "inferred" for i in range(10, 18))
    assert {v.column for v in variables.variables if v.na_possible} == NA_POSSIBLE
    assert [v.number for v in variables.variables if v.inverted] == [5, 6, 12]
    assert variables.variable(9).reduction_status == "unknown"
    assert variables.variable("worship").pk21_item == "III P.01"
    with pytest.raises(KeyError):
        variables.variable(99)


def test_map_from_user_files(tmp_path: Path) -> None:
    json_file = tmp_path / "map.json"
    json_file.write_text(json.dumps(TWO_VARIABLES))
    assert [v.column for v in load_ibangga_variables(json_file).variables] == ["v1", "v2"]
    toml_file = tmp_path / "map.toml"
    toml_file.write_text(
        'version = "x"\ntitle = "t"\nsource = "s"\n[[variables]]\nnumber = 1\n'
        'dimension = "kebahagiaan"\nname_id = "a"\nname_en = "a"\npk21_item = "-"\n'
        'scoring = "negative"\ninput_coding = "raw"\nrule = "r"\nna_possible = false\n'
        'status = "inferred"\ncolumn = "quarrel"\nsource = "s"\n'
    )
    model = load_ibangga_variables(toml_file)
    assert model.variables[0].inverted
    frame = pd.DataFrame({"quarrel": [1, 0, 0, 0]})
    out = ibangga_from_families(frame, variables=toml_file)
    assert out["kebahagiaan"].iloc[0] == pytest.approx(75.0)  # 3 of 4 without a quarrel
    # a model instance is accepted as is
    out = ibangga_from_families(frame, variables=model)
    assert out["kebahagiaan"].iloc[0] == pytest.approx(75.0)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"input_coding": "raw"}, "only meaningful for a negative"),
        ({"scoring": "sideways"}, "scoring"),
        ({"number": 2}, "numbers must be unique"),
    ],
)
def test_invalid_map_raises(change: dict[str, Any], match: str) -> None:
    first = _variable(1, "v1")
    first.update(change)
    bad = _map(first, _variable(2, "v2"))
    with pytest.raises(DataFileError, match=match):
        ibangga_from_families(_methods_example(), variables=bad)


def test_expected_counts_are_enforced(tmp_path: Path) -> None:
    bad = dict(TWO_VARIABLES, expected_counts={"ketenteraman": 3})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(DataFileError, match="must have 3 variables; got 2"):
        load_ibangga_variables(path)


def test_missing_user_file() -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        load_ibangga_variables("no-such-map.toml")


# ------------------------------------------------------------------------------------------
# reference examples
# ------------------------------------------------------------------------------------------


def test_methods_example_both_methods(engine: str, convert: Convert) -> None:
    # methods/family#ibangga-data: families A (v1 = 1, v2 = NA), B (0, 0), C (1, 1):
    # family_mean 66.67, variable_mean 58.33 (2 decimals as published there)
    data = convert(_methods_example(), engine)
    family = ibangga_from_families(data, variables=TWO_VARIABLES)
    variable = ibangga_from_families(data, variables=TWO_VARIABLES, method="variable_mean")
    assert family["ketenteraman"].iloc[0] == pytest.approx(66.67, abs=0.005)
    assert variable["ketenteraman"].iloc[0] == pytest.approx(58.33, abs=0.005)
    # the other dimensions have no variable in this map: NaN, so iBangga is NaN too
    assert np.isnan(family["kemandirian"].iloc[0])
    assert np.isnan(family["ibangga"].iloc[0])
    assert family["category"].iloc[0] is None
    assert family["n_ketenteraman"].iloc[0] == 3
    assert family["n_kemandirian"].iloc[0] == 0


def test_methods_example_family_scores(engine: str, convert: Convert) -> None:
    # methods/family#ibangga-data: D(A) = 100 (v2 NA leaves the denominator), D(B) = 0, D(C) = 100
    scored = score_families(convert(_methods_example(), engine), TWO_VARIABLES)
    if engine == "polars-lazy":
        scored = scored.collect()
    if engine == "dask":
        scored = scored.compute()
    if engine in ("polars", "polars-lazy"):
        scored = scored.to_pandas()
    assert scored["ketenteraman"].tolist() == [100.0, 0.0, 100.0]
    assert scored["kemandirian"].isna().all()
    assert scored["family"].tolist() == ["A", "B", "C"]  # rows and columns kept


def _four_families() -> pd.DataFrame:
    """Four families, hand-scored below (packaged 17-variable map; NaN = not applicable)."""
    nan = np.nan
    rows = {
        #                     F1   F2   F3   F4
        "worship": [1, 1, 0, 1],
        "marriage_certificate": [1, nan, 1, nan],
        "birth_certificate": [1, nan, 1, 1],
        "health_insurance": [1, 0, 1, 1],
        "family_conflict": [0, 1, 0, 0],  # raw: 1 = has a conflict -> score 0
        "divorced": [0, 0, 1, 0],  # raw: 1 = divorced -> score 0
        "income_source": [1, 1, 0, 1],
        "varied_diet": [1, 0, 0, 1],
        "decent_housing": [1, 1, 0, 0],
        "savings": [1, 0, 0, 1],
        "school_attendance": [1, nan, 0, 1],
        "member_ill": [0, 1, 0, 1],  # raw: 1 = a member ill -> score 0
        "online_information": [1, 1, 0, 0],
        "daily_interaction": [1, 1, 1, 0],
        "joint_parenting": [1, nan, 1, nan],
        "recreation": [1, 0, 1, 0],
        "social_activity": [1, 0, 0, 1],
    }
    frame = pd.DataFrame(rows, dtype=np.float64)
    frame["w"] = [1.0, 2.0, 3.0, 4.0]
    return frame


# Hand computation (methods/family#ibangga-data formulas) for _four_families():
#   D_ketenteraman: F1 6/6 -> 100; F2 (1,0,0,1 of 4 applicable) -> 50; F3 (0,1,1,1,1,0) -> 400/6;
#                   F4 (1,1,1,1,1 of 5) -> 100
#   D_kemandirian:  F1 7/7 -> 100; F2 (1,0,1,0,0,1 of 6) -> 50; F3 (only member_ill = 0 -> 1)
#                   -> 100/7; F4 (1,1,0,1,1,0,0) -> 400/7
#   D_kebahagiaan:  F1 4/4 -> 100; F2 (1,0,0 of 3) -> 100/3; F3 (1,1,1,0) -> 75; F4 (0,0,1 of 3)
#                   -> 100/3
FOUR_FAMILY_MEAN = {  # unweighted means of D
    "ketenteraman": 950 / 12,  # (100 + 50 + 400/6 + 100) / 4 = 79.1667
    "kemandirian": 1550 / 28,  # (100 + 50 + 100/7 + 400/7) / 4 = 55.3571
    "kebahagiaan": 725 / 12,  # (100 + 100/3 + 75 + 100/3) / 4 = 60.4167
}
FOUR_VARIABLE_MEAN = {  # mean over variables of the share of applicable families scoring 1
    # (3/4 + 2/2 + 3/3 + 3/4 + 3/4 + 3/4) / 6 = 5/6
    "ketenteraman": 500 / 6,
    # (3/4 + 2/4 + 2/4 + 2/4 + 2/3 + 2/4 + 2/4) / 7 = (47/12) / 7
    "kemandirian": 4700 / 84,
    # (3/4 + 2/2 + 2/4 + 2/4) / 4 = 2.75 / 4
    "kebahagiaan": 68.75,
}
FOUR_WEIGHTED = {  # weights 1, 2, 3, 4 (total 10), family_mean
    "ketenteraman": 80.0,  # (100 + 2*50 + 3*400/6 + 4*100) / 10
    "kemandirian": 330 / 7,  # (100 + 2*50 + 3*100/7 + 4*400/7) / 10
    "kebahagiaan": 52.5,  # (100 + 2*100/3 + 3*75 + 4*100/3) / 10
}


@pytest.mark.parametrize(
    ("method", "weights", "expected"),
    [
        ("family_mean", None, FOUR_FAMILY_MEAN),
        ("variable_mean", None, FOUR_VARIABLE_MEAN),
        ("family_mean", "w", FOUR_WEIGHTED),
    ],
)
def test_four_family_hand_example(
    engine: str, convert: Convert, method: str, weights: str | None, expected: dict[str, float]
) -> None:
    out = ibangga_from_families(
        convert(_four_families(), engine),
        weights=weights,
        method=method,  # type: ignore[arg-type]
    )
    for d in DIMS:
        assert out[d].iloc[0] == pytest.approx(expected[d], rel=1e-12), d
    mean = sum(expected.values()) / 3  # methods/family#ibangga-dims
    assert out["ibangga"].iloc[0] == pytest.approx(mean, rel=1e-12)
    assert out["category"].iloc[0] == "berkembang"  # 40 <= x <= 70 (methods/family#ibangga-bands)
    assert out[[f"n_{d}" for d in DIMS]].iloc[0].tolist() == [4, 4, 4]
    assert out["weight_total"].iloc[0] == (10.0 if weights else 4.0)


def test_four_family_scores() -> None:
    scored = score_families(_four_families())
    np.testing.assert_allclose(scored["ketenteraman"], [100, 50, 400 / 6, 100], rtol=1e-12)
    np.testing.assert_allclose(scored["kemandirian"], [100, 50, 100 / 7, 400 / 7], rtol=1e-12)
    np.testing.assert_allclose(scored["kebahagiaan"], [100, 100 / 3, 75, 100 / 3], rtol=1e-12)


def test_inversion_of_negative_variables() -> None:
    # family_conflict is coded raw (1 = has a conflict): score = 1 - value
    # (methods/family#ibangga-data)
    base = _four_families().iloc[[0]].reset_index(drop=True)
    calm = score_families(base)["ketenteraman"].iloc[0]
    quarrelling = score_families(base.assign(family_conflict=1.0))["ketenteraman"].iloc[0]
    assert calm == 100.0
    assert quarrelling == pytest.approx(500 / 6)  # 5 of 6 variables met
    # the same column declared as an already-inverted score: 1 now means "no conflict"
    variables = load_ibangga_variables()
    as_score = variables.model_copy(
        update={
            "variables": tuple(
                v.model_copy(update={"input_coding": "score"}) if v.number == 5 else v
                for v in variables.variables
            )
        }
    )
    assert score_families(base.assign(family_conflict=1.0), as_score)["ketenteraman"].iloc[
        0
    ] == pytest.approx(100.0)
    assert score_families(base, as_score)["ketenteraman"].iloc[0] == pytest.approx(500 / 6)


def test_boolean_columns_and_renamed_columns() -> None:
    frame = pd.DataFrame({"ibadah": [True, False, True], "v2": [True, False, True]})
    out = ibangga_from_families(frame, variables=TWO_VARIABLES, columns={1: "ibadah"})
    assert out["ketenteraman"].iloc[0] == pytest.approx(200 / 3)  # (100 + 0 + 100) / 3
    out = ibangga_from_families(frame, variables=TWO_VARIABLES, columns={"v1": "ibadah"})
    assert out["ketenteraman"].iloc[0] == pytest.approx(200 / 3)


def test_matches_an_independent_computation_by_region() -> None:
    frame = _random_families()
    scores = _family_scores(frame)
    out = ibangga_from_families(frame, by="region", weights="w")
    assert out["region"].tolist() == sorted(frame["region"].unique())
    for _, row in out.iterrows():
        inside = (frame["region"] == row["region"]).to_numpy()
        w = frame["w"].to_numpy()
        for d in DIMS:
            use = inside & ~np.isnan(scores[d])
            expected = np.sum(w[use] * scores[d][use]) / np.sum(w[use])
            assert row[d] == pytest.approx(expected, rel=1e-12)
            assert row[f"weight_{d}"] == pytest.approx(np.sum(w[use]), rel=1e-12)
            assert row[f"n_{d}"] == use.sum()


def test_variable_mean_independent_computation() -> None:
    frame = _random_families(seed=11)
    out = ibangga_from_families(frame, by="region", weights="w", method="variable_mean")
    w = frame["w"].to_numpy()
    for _, row in out.iterrows():
        inside = (frame["region"] == row["region"]).to_numpy()
        for d in DIMS:
            shares = []
            for column, inverted in MAP[d]:
                x = frame[column].to_numpy(dtype=np.float64)
                s = 1.0 - x if inverted else x
                use = inside & ~np.isnan(s)
                shares.append(np.sum(w[use] * s[use]) / np.sum(w[use]))
            assert row[d] == pytest.approx(100.0 * np.mean(shares), rel=1e-12)


# ------------------------------------------------------------------------------------------
# engines
# ------------------------------------------------------------------------------------------


def _compare(left: pd.DataFrame, right: pd.DataFrame) -> None:
    assert list(left.columns) == list(right.columns)
    assert len(left) == len(right)
    for column in left.columns:
        if column in ("region", "category"):
            assert left[column].tolist() == right[column].tolist()
        else:
            np.testing.assert_allclose(
                left[column].to_numpy(dtype=np.float64),
                right[column].to_numpy(dtype=np.float64),
                rtol=1e-9,
                err_msg=column,
            )


@pytest.mark.parametrize("method", ["family_mean", "variable_mean"])
def test_engines_give_identical_numbers(engine: str, convert: Convert, method: str) -> None:
    frame = _random_families(n=2000, seed=3)
    kwargs: dict[str, Any] = {
        "by": "region",
        "weights": "w",
        "method": method,
        "design": {"psu": "psu", "strata": "stratum"},
    }
    reference = ibangga_from_families(frame, **kwargs)
    _compare(ibangga_from_families(convert(frame, engine), **kwargs), reference)


def test_score_families_identical_on_engines(engine: str, convert: Convert) -> None:
    frame = _random_families(n=500, seed=5)
    reference = score_families(frame)
    out = score_families(convert(frame, engine))
    if engine == "polars-lazy":
        out = out.collect()
    if engine == "dask":
        out = out.compute()
    if engine in ("polars", "polars-lazy"):
        out = out.to_pandas()
    for d in DIMS:
        np.testing.assert_allclose(out[d].to_numpy(dtype=float), reference[d], rtol=1e-12)


def test_distributed_cluster(dask_cluster: Any) -> None:
    import dask.dataframe as dd

    frame = _random_families(n=2000, seed=9)
    kwargs: dict[str, Any] = {
        "by": "region",
        "weights": "w",
        "design": DesignColumns(psu="psu", strata="stratum"),
    }
    remote = ibangga_from_families(dd.from_pandas(frame, npartitions=4), **kwargs)  # type: ignore[no-untyped-call]
    _compare(remote, ibangga_from_families(frame, **kwargs))


# ------------------------------------------------------------------------------------------
# row accounting
# ------------------------------------------------------------------------------------------


def test_every_family_is_accounted_for(engine: str, convert: Convert) -> None:
    frame = _random_families(n=1500, seed=13)
    rng = np.random.default_rng(1)
    # item non-response treated as NA: some families end up with nothing applicable
    for column in ALL_COLUMNS:
        frame.loc[rng.random(len(frame)) < 0.5, column] = np.nan
    frame.loc[:9, ALL_COLUMNS] = np.nan
    frame.loc[20:24, "w"] = 0.0
    out = ibangga_from_families(
        convert(frame, engine), by="region", weights="w", missing="not_applicable"
    )
    assert out["n_families"].sum() == len(frame)
    scores = _family_scores(frame)
    any_applicable = np.zeros(len(frame), dtype=bool)
    for d in DIMS:
        any_applicable |= ~np.isnan(scores[d])
    assert out["n_no_applicable"].sum() == (~any_applicable).sum() >= 10
    assert out["n_zero_weight"].sum() == 5
    # every family: counted in some n_<dimension>, or has a zero weight, or nothing applies
    positive = frame["w"].to_numpy() > 0
    counted = any_applicable & positive
    assert counted.sum() + (~any_applicable).sum() + (any_applicable & ~positive).sum() == len(
        frame
    )
    for d in DIMS:
        assert out[f"n_{d}"].sum() == (~np.isnan(scores[d]) & positive).sum()


def test_null_region_is_its_own_row() -> None:
    frame = _four_families()
    frame["region"] = ["a", "a", None, "b"]
    out = ibangga_from_families(frame, by="region")
    assert out["n_families"].sum() == 4
    assert len(out) == 3


# ------------------------------------------------------------------------------------------
# bad input
# ------------------------------------------------------------------------------------------


def test_value_two_names_column_and_value(engine: str, convert: Convert) -> None:
    frame = _four_families()
    frame.loc[2, "savings"] = 2.0
    with pytest.raises(InvalidInputError, match=r"`data\['savings'\]` must hold 0, 1 .*got 2"):
        ibangga_from_families(convert(frame, engine))
    with pytest.raises(InvalidInputError, match=r"data\['savings'\].*got 2"):
        score_families(convert(frame, engine))


def test_unexpected_null_raises_unless_asked(engine: str, convert: Convert) -> None:
    frame = _four_families()
    frame.loc[1, "worship"] = np.nan  # worship cannot be "not applicable"
    with pytest.raises(InvalidInputError, match=r"data\['worship'\].*must not be null"):
        ibangga_from_families(convert(frame, engine))
    out = ibangga_from_families(convert(frame, engine), missing="not_applicable")
    # F2 ketenteraman: worship now NA -> (0, 0, 1) of 3 applicable -> 100/3
    expected = (100 + 100 / 3 + 400 / 6 + 100) / 4
    assert out["ketenteraman"].iloc[0] == pytest.approx(expected, rel=1e-12)


def test_unknown_column() -> None:
    with pytest.raises(InvalidInputError, match="`data` has no column 'worship'"):
        ibangga_from_families(pd.DataFrame({"v1": [1]}))
    with pytest.raises(InvalidInputError, match="`by` has no column 'kab'"):
        ibangga_from_families(_four_families(), by="kab")
    with pytest.raises(InvalidInputError, match="`weights` has no column 'weight'"):
        ibangga_from_families(_four_families(), weights="weight")
    with pytest.raises(InvalidInputError, match="`columns` keys must be variable numbers"):
        ibangga_from_families(_four_families(), columns={99: "x"})
    with pytest.raises(InvalidInputError, match="`columns` must give each variable its own"):
        ibangga_from_families(_four_families(), columns={1: "savings"})


def test_text_column_rejected() -> None:
    frame = _four_families().astype({"worship": str})
    with pytest.raises(InvalidInputError, match=r"data\['worship'\]` must be numeric or boolean"):
        ibangga_from_families(frame)


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf])
def test_bad_weight(engine: str, convert: Convert, bad: float) -> None:
    frame = _four_families()
    frame.loc[3, "w"] = bad
    with pytest.raises(InvalidInputError, match="`weights`"):
        ibangga_from_families(convert(frame, engine), weights="w")


def test_unknown_method_and_policies() -> None:
    with pytest.raises(InvalidInputError, match="`method` must be one of"):
        ibangga_from_families(_four_families(), method="median")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`missing` must be one of"):
        ibangga_from_families(_four_families(), missing="drop")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`lonely_psu` must be one of"):
        ibangga_from_families(_four_families(), lonely_psu="merge")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`variables` must be"):
        ibangga_from_families(_four_families(), variables=3)  # type: ignore[arg-type]


def test_bad_design() -> None:
    frame = _random_families(n=200)
    with pytest.raises(InvalidInputError, match="`design` needs a 'psu' column"):
        ibangga_from_families(frame, design={"strata": "stratum"})
    with pytest.raises(InvalidInputError, match="`design` keys must be"):
        ibangga_from_families(frame, design={"psu": "psu", "cluster": "psu"})
    with pytest.raises(InvalidInputError, match="`design` has no column 'block'"):
        ibangga_from_families(frame, design={"psu": "block"})
    frame.loc[3, "psu"] = np.nan
    with pytest.raises(InvalidInputError, match="must not have missing values"):
        ibangga_from_families(frame, design={"psu": "psu", "strata": "stratum"})


def test_lonely_psu_policy() -> None:
    frame = _random_families(n=400, seed=2)
    frame.loc[frame["stratum"] == 0, "psu"] = 0  # stratum 0 has a single PSU
    with pytest.raises(InvalidInputError, match="strata 0 have a single PSU"):
        ibangga_from_families(frame, weights="w", design={"psu": "psu", "strata": "stratum"})
    out = ibangga_from_families(
        frame, weights="w", design={"psu": "psu", "strata": "stratum"}, lonely_psu="remove"
    )
    assert np.isfinite(out["se_ibangga"].iloc[0])


# ------------------------------------------------------------------------------------------
# standard errors
# ------------------------------------------------------------------------------------------


def test_se_matches_r_survey_for_a_proportion() -> None:
    # R survey 4.1.1 (tests/data/survey/expected.json):
    # svymean(~I(sch.wide == "Yes"), dstrat)   estimate 0.827948011414, SE 0.0243447801131
    # dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
    # A one-variable dimension's family_mean is that proportion x 100; each school is a PSU.
    api = pd.read_csv(DATA / "api_strat.csv")
    api["wide"] = (api["sch.wide"] == "Yes").astype(int)
    one = _map(_variable(1, "wide", na_possible=False))
    out = ibangga_from_families(
        api, weights="pw", variables=one, design={"psu": "cds", "strata": "stype", "fpc": "fpc"}
    )
    r = EXPECTED["dstrat.svymean.sch.wide_yes"]
    assert out["ketenteraman"].iloc[0] == pytest.approx(
        100 * r["estimate"]['I(sch.wide == "Yes")TRUE'], rel=1e-10
    )
    assert out["se_ketenteraman"].iloc[0] == pytest.approx(
        100 * r["se"]['I(sch.wide == "Yes")TRUE'], rel=1e-9
    )
    assert out["df"].iloc[0] == 197  # 200 PSUs - 3 strata (degf(dstrat))
    # without fpc: svyciprop(~I(sch.wide == "Yes"), dstrat_wr) SE 0.0247568028755
    out = ibangga_from_families(
        api, weights="pw", variables=one, design={"psu": "cds", "strata": "stype"}
    )
    se = EXPECTED["dstrat_wr.svyciprop.logit.sch.wide_yes"]["se"]
    assert out["se_ketenteraman"].iloc[0] == pytest.approx(100 * se, rel=1e-9)


def _small_design(seed: int = 17) -> pd.DataFrame:
    """4 strata x 3-4 PSUs x ~8 families; two regions that cut across PSUs."""
    rng = np.random.default_rng(seed)
    rows = []
    for h in range(4):
        for p in range(3 + h % 2):
            for _ in range(int(rng.integers(6, 11))):
                rows.append({"stratum": h, "psu": 10 * h + p})
    frame = pd.DataFrame(rows)
    n = len(frame)
    for column in ALL_COLUMNS:
        frame[column] = rng.integers(0, 2, n).astype(np.float64)
    for column in NA_POSSIBLE:
        frame.loc[rng.random(n) < 0.35, column] = np.nan
    frame["region"] = rng.choice(["north", "south"], n)
    frame["w"] = rng.uniform(1.0, 5.0, n)
    frame["fpc"] = frame["stratum"].map({0: 20, 1: 9, 2: 30, 3: 12}).astype(float)
    return frame


def _linearised_variance(
    frame: pd.DataFrame, u: np.ndarray, fpc: bool
) -> float:  # written from methods/survey#survey
    """V = sum_h (1 - f_h) n_h / (n_h - 1) sum_i (z_hi - zbar_h)^2, z_hi = PSU totals of u."""
    z = pd.Series(u).groupby([frame["stratum"], frame["psu"]]).sum()
    total = 0.0
    for h, z_h in z.groupby(level=0):
        n_h = len(z_h)
        f_h = n_h / frame.loc[frame["stratum"] == h, "fpc"].iloc[0] if fpc else 0.0
        total += (1 - f_h) * n_h / (n_h - 1) * float(((z_h - z_h.mean()) ** 2).sum())
    return total


@pytest.mark.parametrize("fpc", [False, True])
def test_dimension_se_against_numpy_linearisation(fpc: bool) -> None:
    frame = _small_design()
    design = {"psu": "psu", "strata": "stratum", **({"fpc": "fpc"} if fpc else {})}
    out = ibangga_from_families(frame, by="region", weights="w", design=design)
    scores = _family_scores(frame)
    w = frame["w"].to_numpy()
    for _, row in out.iterrows():
        inside = (frame["region"] == row["region"]).to_numpy()
        for d in DIMS:
            x = np.where(inside & ~np.isnan(scores[d]), w, 0.0)  # zero outside the domain
            y = x * np.nan_to_num(scores[d])
            ratio = y.sum() / x.sum()
            u = (y - ratio * x) / x.sum()
            se = np.sqrt(_linearised_variance(frame, u, fpc))
            assert row[f"se_{d}"] == pytest.approx(se, rel=1e-10), (row["region"], d)


def test_variable_mean_se_against_numpy_linearisation() -> None:
    frame = _small_design(seed=23)
    out = ibangga_from_families(
        frame,
        by="region",
        weights="w",
        method="variable_mean",
        design={"psu": "psu", "strata": "stratum"},
    )
    w = frame["w"].to_numpy()
    for _, row in out.iterrows():
        inside = (frame["region"] == row["region"]).to_numpy()
        for d in DIMS:
            u = np.zeros(len(frame))
            for column, inverted in MAP[d]:
                raw = frame[column].to_numpy(dtype=np.float64)
                s = 1.0 - raw if inverted else raw
                x = np.where(inside & ~np.isnan(s), w, 0.0)
                y = x * np.nan_to_num(s)
                u += 100.0 / len(MAP[d]) * (y - y.sum() / x.sum() * x) / x.sum()
            se = np.sqrt(_linearised_variance(frame, u, False))
            assert row[f"se_{d}"] == pytest.approx(se, rel=1e-10), (row["region"], d)


def _ibangga_numpy(frame: pd.DataFrame, weights: np.ndarray, inside: np.ndarray) -> float:
    """iBangga (family_mean) of one domain, written from methods/family#ibangga-dims,
    methods/family#ibangga-data."""
    scores = _family_scores(frame)
    values = []
    for d in DIMS:
        use = inside & ~np.isnan(scores[d])
        values.append(np.sum(weights[use] * scores[d][use]) / np.sum(weights[use]))
    return float(np.mean(values))


def test_ibangga_se_close_to_jackknife() -> None:
    # Sanity check, not an identity: the delete-one-PSU jackknife (JKn, centred at the full
    # estimate) and Taylor linearisation estimate the same variance and agree to first order
    # only. With 12 strata x 5 PSUs x ~40 families they differ by about 0.2 % here; the
    # tolerance is a loose 5 % so that the check is about the method, not the seed.
    rng = np.random.default_rng(101)
    rows = []
    for h in range(12):
        for p in range(5):
            cluster_effect = rng.normal(0.0, 0.6)
            for _ in range(int(rng.integers(30, 50))):
                rows.append({"stratum": h, "psu": 100 * h + p, "effect": cluster_effect})
    frame = pd.DataFrame(rows)
    n = len(frame)
    for column in ALL_COLUMNS:  # cluster-correlated scores, so the design matters
        p_one = 1 / (1 + np.exp(-(0.3 + frame["effect"].to_numpy())))
        frame[column] = (rng.random(n) < p_one).astype(np.float64)
    for column in NA_POSSIBLE:
        frame.loc[rng.random(n) < 0.3, column] = np.nan
    frame["region"] = rng.choice(["a", "b"], n)
    frame["w"] = rng.uniform(1.0, 3.0, n)
    out = ibangga_from_families(
        frame, by="region", weights="w", design={"psu": "psu", "strata": "stratum"}
    )
    w = frame["w"].to_numpy()
    strata = frame["stratum"].to_numpy()
    psus = frame["psu"].to_numpy()
    for _, row in out.iterrows():
        inside = (frame["region"] == row["region"]).to_numpy()
        full = _ibangga_numpy(frame, w, inside)
        assert row["ibangga"] == pytest.approx(full, rel=1e-12)
        variance = 0.0
        for h in np.unique(strata):
            members = np.unique(psus[strata == h])
            n_h = len(members)
            for j in members:
                replicate = w.copy()
                replicate[strata == h] *= n_h / (n_h - 1)
                replicate[psus == j] = 0.0
                theta = _ibangga_numpy(frame, replicate, inside)
                variance += (n_h - 1) / n_h * (theta - full) ** 2
        assert row["se_ibangga"] == pytest.approx(np.sqrt(variance), rel=0.05)
        # the three dimensions share the cluster effect (positively correlated): the SE of
        # their mean is well above the independence formula (about 1.4 times here)
        independent = np.sqrt(sum(row[f"se_{d}"] ** 2 for d in DIMS)) / 3
        assert row["se_ibangga"] > 1.2 * independent


def test_domain_df_and_psu_count() -> None:
    frame = _small_design()
    frame.loc[frame["psu"] == 0, "region"] = "north"  # PSU 0 lies wholly in the north
    out = ibangga_from_families(
        frame, by="region", weights="w", design={"psu": "psu", "strata": "stratum"}
    )
    for _, row in out.iterrows():
        inside = frame[frame["region"] == row["region"]]
        n_psu = inside.groupby(["stratum", "psu"]).ngroups
        assert row["n_psu"] == n_psu
        assert row["df"] == n_psu - inside["stratum"].nunique()


def test_no_design_means_no_se_columns() -> None:
    out = ibangga_from_families(_four_families())
    assert not any(c.startswith("se_") for c in out.columns)
    assert isinstance(load_ibangga_variables(), IbanggaVariables)


def test_se_chunking_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from dppapp_indikator.survey import family

    frame = _small_design(seed=31)
    frame["region"] = np.random.default_rng(4).choice(list("abcde"), len(frame))
    kwargs: dict[str, Any] = {
        "by": "region",
        "weights": "w",
        "design": {"psu": "psu", "strata": "stratum", "fpc": "fpc"},
    }
    whole = ibangga_from_families(frame, **kwargs)
    monkeypatch.setattr(family, "_CHUNK_CELLS", 1)  # one region per chunk
    _compare(ibangga_from_families(frame, **kwargs), whole)
