"""Tests of dppapp_indikator.synthetic: seeded generators and their Parquet writers.

Expected values here are properties of the generators' documented design (reproducibility,
schema, value domains, configured shares), checked with independent numpy/pandas code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.family import load_ibangga_variables
from dppapp_indikator.synthetic import (
    SEED_BLOCK_ROWS,
    SYNTHETIC_KINDS,
    synth_command,
    synthetic_families,
    synthetic_survey,
    synthetic_women,
    write_families_parquet,
    write_survey_parquet,
    write_women_parquet,
)

MAP_COLUMNS = [v.column for v in load_ibangga_variables().variables]
NA_POSSIBLE = {v.column for v in load_ibangga_variables().variables if v.na_possible}
B3 = [f"b3_{i:02d}" for i in range(1, 21)]

GENERATORS: dict[str, Any] = {
    "families": lambda n, **kw: synthetic_families(n, regions=40, **kw),
    "survey": synthetic_survey,
    "women": synthetic_women,
}
WRITERS: dict[str, Any] = {
    "families": lambda path, n, **kw: write_families_parquet(path, n, regions=40, **kw),
    "survey": write_survey_parquet,
    "women": write_women_parquet,
}
ID_COLUMN = {"families": "family_id", "survey": None, "women": "caseid"}


def constant_within(frame: pd.DataFrame, by: str, column: str) -> bool:
    """Whether ``column`` takes one value within each group of ``by``."""
    grouped = frame.groupby(by)[column]
    return bool((grouped.min() == grouped.max()).all())


@pytest.fixture(scope="module")
def families() -> pd.DataFrame:
    return synthetic_families(200_000, seed=11)


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return synthetic_survey(3_000, seed=5, fpc=True)


@pytest.fixture(scope="module")
def women() -> pd.DataFrame:
    return synthetic_women(20_000, seed=2)


# ------------------------------------------------------------------------------------------
# reproducibility and independence of chunking / partitioning
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SYNTHETIC_KINDS)
def test_same_seed_same_data_different_seed_different(kind: str) -> None:
    make = GENERATORS[kind]
    first = make(5_000, seed=123)
    pd.testing.assert_frame_equal(first, make(5_000, seed=123))
    other = make(5_000, seed=124)
    assert not first.equals(other)


@pytest.mark.parametrize("kind", SYNTHETIC_KINDS)
def test_chunk_size_does_not_change_the_data(kind: str) -> None:
    # n spans two seed blocks; chunk sizes cut blocks at different places
    n = SEED_BLOCK_ROWS + 4_321
    make = GENERATORS[kind]
    reference = make(n, seed=9)
    for chunk_size in (SEED_BLOCK_ROWS, 4_097, 50_000):
        pd.testing.assert_frame_equal(make(n, seed=9, chunk_size=chunk_size), reference)


def test_rows_depend_on_their_position_not_on_n() -> None:
    # documented: each seed block draws for all its rows, so row-level draws of the first
    # rows do not depend on n (here: the survey with a single PSU and no structure effects)
    small = synthetic_survey(1_000, seed=3, strata=1, psus_per_stratum=1)
    large = synthetic_survey(3_000, seed=3, strata=1, psus_per_stratum=1)
    pd.testing.assert_series_equal(small["y"], large["y"].iloc[:1_000])


def test_seed_rule_matches_seedsequence_spawn() -> None:
    # the documented rule: block k of kind K uses SeedSequence(seed, spawn_key=(K, 1, k)),
    # i.e. SeedSequence(seed).spawn(...)[K].spawn(...)[1].spawn(...)[k]
    spawned = np.random.SeedSequence(77).spawn(3)[2].spawn(2)[1].spawn(6)[5]
    direct = np.random.SeedSequence(77, spawn_key=(2, 1, 5))
    np.testing.assert_array_equal(spawned.generate_state(4), direct.generate_state(4))


@pytest.mark.parametrize("kind", SYNTHETIC_KINDS)
def test_written_files_equal_the_frame_for_any_partitioning(kind: str, tmp_path: Path) -> None:
    n = 7_001
    expected = GENERATORS[kind](n, seed=31)
    layouts: list[dict[str, Any]] = [
        {"partitions": 2},
        {"partitions": 3, "chunk_size": 1_000},
        {"rows_per_file": 2_500, "workers": 2},
    ]
    for i, layout in enumerate(layouts):
        out = tmp_path / f"layout{i}"
        written = WRITERS[kind](out, n, seed=31, **layout)
        assert written.rows == n
        assert sum(pq.ParquetFile(f).metadata.num_rows for f in written.files) == n
        back = pd.read_parquet(out)
        if ID_COLUMN[kind] is not None:  # compare in id order (files may be read in any order)
            back = back.sort_values(ID_COLUMN[kind], ignore_index=True)
            ordered = expected.sort_values(ID_COLUMN[kind], ignore_index=True)
        else:
            ordered = expected
        pd.testing.assert_frame_equal(back, ordered)
    assert len(list((tmp_path / "layout0").glob("*.parquet"))) == 2
    assert len(list((tmp_path / "layout1").glob("*.parquet"))) == 3
    assert len(list((tmp_path / "layout2").glob("*.parquet"))) == 3  # 2500, 2500, 2001


# dask 2026.8 calls DataFrame.reset_index(inplace=True) when reading Parquet, which pandas 3.1
# deprecates (Pandas4Warning); that is dask's, not ours
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")
def test_parquet_reads_in_polars_and_dask(tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    dd = pytest.importorskip("dask.dataframe")
    write_families_parquet(tmp_path, 10_000, seed=4, regions=12, partitions=3)
    lazy = pl.scan_parquet(tmp_path / "*.parquet")
    assert lazy.select(pl.len()).collect().item() == 10_000
    assert lazy.collect_schema()["worship"] == pl.Int8
    frame = dd.read_parquet(str(tmp_path))
    assert frame.npartitions == 3
    assert str(frame.dtypes["worship"]) == "Int8"  # pandas metadata kept the nullable dtype
    assert int(frame["family_id"].count().compute()) == 10_000


# ------------------------------------------------------------------------------------------
# row counts, schema and dtypes
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SYNTHETIC_KINDS)
@pytest.mark.parametrize("n", [0, 1, 12_345])
def test_row_counts_are_exact(kind: str, n: int) -> None:
    frame = GENERATORS[kind](n, seed=1)
    assert len(frame) == n
    assert isinstance(frame.index, pd.RangeIndex)


@pytest.mark.parametrize("kind", SYNTHETIC_KINDS)
def test_more_partitions_than_rows(kind: str, tmp_path: Path) -> None:
    written = WRITERS[kind](tmp_path, 3, seed=1, partitions=5)
    assert len(written.files) == 5
    assert pd.read_parquet(tmp_path).shape[0] == 3


def test_families_schema(families: pd.DataFrame) -> None:
    assert list(families.columns) == ["family_id", "province", "kab_kota", *MAP_COLUMNS]
    assert families["family_id"].dtype == np.int64
    assert families["province"].dtype == np.int8
    assert families["kab_kota"].dtype == np.int16
    for column in MAP_COLUMNS:
        assert str(families[column].dtype) == "Int8", column
    weighted = synthetic_families(100, seed=1, weights=True)
    assert list(weighted.columns)[-1] == "weight"
    assert weighted["weight"].dtype == np.float64
    assert bool((weighted["weight"] > 0).all())


def test_survey_schema(survey: pd.DataFrame) -> None:
    assert list(survey.columns) == [
        "stratum",
        "psu",
        "weight",
        "fpc",
        "region",
        "sex",
        "age",
        "violence",
        "y",
    ]
    dtypes = {c: str(t) for c, t in survey.dtypes.items()}
    assert dtypes == {
        "stratum": "int16",
        "psu": "int32",
        "weight": "float64",
        "fpc": "int32",
        "region": "int16",
        "sex": "int8",
        "age": "int8",
        "violence": "int8",
        "y": "float64",
    }
    assert "fpc" not in synthetic_survey(10, seed=1).columns


def test_women_schema(women: pd.DataFrame) -> None:
    # column names as in tests/data/tfr/README.md
    assert list(women.columns) == ["caseid", "v005", "v008", "v011", "v021", "v022", "v025", *B3]
    assert pd.api.types.is_string_dtype(women["caseid"])
    assert {str(women[c].dtype) for c in B3} == {"Int16"}
    assert women["v005"].dtype == np.int32


# ------------------------------------------------------------------------------------------
# value domains
# ------------------------------------------------------------------------------------------


def test_families_value_domains(families: pd.DataFrame) -> None:
    n = len(families)
    np.testing.assert_array_equal(families["family_id"], np.arange(1, n + 1))
    assert bool((families["kab_kota"] // 100 == families["province"]).all())
    assert families["kab_kota"].nunique() == 514
    assert families["province"].nunique() == 34  # every province gets its 2021 kab/kota
    assert families.groupby("province")["kab_kota"].nunique().sum() == 514
    # rows are grouped by kab/kota: each code forms one contiguous run
    runs = int((families["kab_kota"].diff().fillna(0) != 0).sum()) + 1
    assert runs == 514
    for column in MAP_COLUMNS:
        values = families[column]
        assert set(values.dropna().unique().tolist()) <= {0, 1}, column
        if column not in NA_POSSIBLE:
            assert not values.isna().any(), column


def test_families_na_shares_near_configured() -> None:
    frame = synthetic_families(
        200_000,
        seed=3,
        regions=50,
        couple_share=0.7,
        child_share=0.5,
        school_age_share=0.3,
        regional_sd=0.0,
    )
    null = frame[MAP_COLUMNS].isna().mean()
    assert null["marriage_certificate"] == pytest.approx(1 - 0.7, abs=0.02)  # no couple
    assert null["birth_certificate"] == pytest.approx(1 - 0.5, abs=0.02)  # no child
    assert null["school_attendance"] == pytest.approx(1 - 0.3, abs=0.02)  # no child 7-15
    # joint parenting needs a couple AND a child: null at least as often as either
    joint = null["joint_parenting"]
    assert joint > max(null["marriage_certificate"], null["birth_certificate"])
    both_present = frame["marriage_certificate"].notna() & frame["birth_certificate"].notna()
    np.testing.assert_array_equal(frame["joint_parenting"].notna(), both_present)
    # a child aged 7-15 implies a child
    assert not (frame["school_attendance"].notna() & frame["birth_certificate"].isna()).any()


def test_families_na_shares_vary_by_region(families: pd.DataFrame) -> None:
    by_region = families.groupby("kab_kota")["marriage_certificate"].agg(lambda s: s.isna().mean())
    assert by_region.std() > 0.02  # regional variation beyond sampling noise
    assert by_region.mean() == pytest.approx(0.2, abs=0.04)  # default couple_share 0.8


def test_families_value_shares_follow_shares_and_coding() -> None:
    frame = synthetic_families(
        100_000,
        seed=8,
        regions=20,
        regional_sd=0.0,
        shares={"worship": 0.5, "divorced": 0.3, "savings": 0.0, "recreation": 1.0},
    )
    assert frame["worship"].mean() == pytest.approx(0.5, abs=0.02)
    # raw-coded negative variable: the stored 1 is the adverse event (share as configured)
    assert frame["divorced"].mean() == pytest.approx(0.3, abs=0.03)
    assert frame["savings"].sum() == 0
    assert frame["recreation"].eq(1).all()


def test_families_regional_indices_differ(families: pd.DataFrame) -> None:
    share = families.groupby("kab_kota")["online_information"].mean()
    assert share.max() - share.min() > 0.2


def test_families_follow_a_custom_variable_map() -> None:
    variables = load_ibangga_variables()
    renamed = variables.model_copy(
        update={
            "variables": tuple(
                v.model_copy(update={"column": f"v{v.number:02d}"}) for v in variables.variables
            )
        }
    )
    frame = synthetic_families(100, seed=1, variables=renamed)
    assert list(frame.columns[3:]) == [f"v{i:02d}" for i in range(1, 18)]


def test_survey_value_domains(survey: pd.DataFrame) -> None:
    assert set(survey["sex"].unique()) == {1, 2}
    assert survey["age"].between(13, 64).all()
    assert set(survey["violence"].unique()) == {0, 1}
    assert (survey["weight"] > 0).all()
    assert survey["stratum"].between(1, 12).all()
    assert survey["psu"].nunique() == 120
    assert constant_within(survey, "psu", "stratum")  # PSU ids are unique over strata
    assert constant_within(survey, "psu", "weight")
    per_stratum = survey.groupby("stratum").agg(sampled=("psu", "nunique"), fpc=("fpc", "first"))
    assert (per_stratum["fpc"] >= per_stratum["sampled"]).all()
    assert constant_within(survey, "stratum", "fpc")
    assert survey["violence"].mean() == pytest.approx(0.25, abs=0.05)


def test_survey_lonely_psu_and_custom_psus() -> None:
    frame = synthetic_survey(600, seed=2, strata=3, psus_per_stratum=[1, 4, 2])
    assert frame.groupby("stratum")["psu"].nunique().tolist() == [1, 4, 2]


def test_survey_violence_has_design_effect_above_one(survey: pd.DataFrame) -> None:
    # crude with-replacement cluster variance of the unweighted mean vs simple random sampling
    n = len(survey)
    p = survey["violence"].mean()
    per_psu = survey.groupby("psu")["violence"].agg(["sum", "count"])
    k = len(per_psu)
    residual = per_psu["sum"] - p * per_psu["count"]
    var_cluster = k / (k - 1) * float((residual**2).sum()) / n**2
    var_srs = p * (1 - p) / n
    assert var_cluster / var_srs > 1.3
    # no PSU effect: design effect near 1
    flat = synthetic_survey(3_000, seed=5, psu_sd=0.0)
    q = flat["violence"].mean()
    per_psu = flat.groupby("psu")["violence"].agg(["sum", "count"])
    residual = per_psu["sum"] - q * per_psu["count"]
    ratio = k / (k - 1) * float((residual**2).sum()) / n**2 / (q * (1 - q) / n)
    assert ratio < 1.3


def test_women_value_domains(women: pd.DataFrame) -> None:
    age = women["v008"] - women["v011"]
    assert age.between(180, 599).all()
    assert women["v008"].between(1483, 1488).all()
    births = women[B3].to_numpy(dtype=float, na_value=np.nan)
    v008 = women["v008"].to_numpy()[:, None]
    v011 = women["v011"].to_numpy()[:, None]
    has = ~np.isnan(births)
    assert not (births[has] > np.broadcast_to(v008, births.shape)[has]).any()  # not after
    assert (births[has] >= np.broadcast_to(v011 + 144, births.shape)[has]).all()  # after 12
    # most recent first, empty slots only at the end
    filled = np.where(has, births, -1.0)
    assert (np.diff(filled, axis=1) <= 0).all()
    assert (has[:, :-1] >= has[:, 1:]).all()
    # cluster-level columns are constant within a cluster; v025 within a stratum
    for column in ("v005", "v008", "v022", "v025"):
        assert constant_within(women, "v021", column), column
    assert constant_within(women, "v022", "v025")
    assert set(women["v025"].unique()) == {1, 2}
    assert women["v021"].nunique() == 150
    assert women["v022"].nunique() == 20
    assert women["v005"].mean() / 1e6 == pytest.approx(1.0, abs=1e-3)  # weights average 1
    assert women["caseid"].is_unique
    assert women["caseid"].str.len().eq(11).all()


def test_women_edge_cases_occur_at_small_rates(women: pd.DataFrame) -> None:
    births = women[B3].to_numpy(dtype=float, na_value=np.nan)
    total = int((~np.isnan(births)).sum())
    twins = int((births[:, 1:] == births[:, :-1]).sum())
    in_month = int((births == women["v008"].to_numpy()[:, None]).sum())
    before_15 = int((births < (women["v011"].to_numpy() + 180)[:, None]).sum())
    for count in (twins, in_month, before_15):
        assert 0 < count < 0.03 * total


def test_women_fertility_schedule_gives_tfr_2_to_2_5(women: pd.DataFrame) -> None:
    # crude DHS-style TFR: 36 months before the interview month, weighted by v005
    births = women[B3].to_numpy(dtype=float, na_value=np.nan)
    v008 = women["v008"].to_numpy(dtype=np.int64)
    v011 = women["v011"].to_numpy(dtype=np.int64)
    weight = women["v005"].to_numpy(dtype=float) / 1e6
    numerator = np.zeros(7)
    exposure = np.zeros(7)
    for back in range(1, 37):
        month = v008 - back
        group = (month - v011) // 60 - 3
        inside = (group >= 0) & (group < 7)
        np.add.at(exposure, group[inside], weight[inside] / 12)
        count = (births == month[:, None]).sum(axis=1)
        np.add.at(numerator, group[inside], (count * weight)[inside])
    tfr = 5 * float((numerator / exposure).sum())
    assert 2.0 < tfr < 2.6


# ------------------------------------------------------------------------------------------
# the command and bad input
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SYNTHETIC_KINDS)
def test_synth_command_writes_each_kind(kind: str, tmp_path: Path) -> None:
    result = synth_command(kind, tmp_path / kind, 1_000, 42, 2)
    assert (result.kind, result.rows, len(result.files)) == (kind, 1_000, 2)
    assert all(f.exists() for f in result.files)
    assert result.bytes == sum(f.stat().st_size for f in result.files)
    assert f"{1_000:,} {kind} rows" in str(result)
    pd.testing.assert_frame_equal(
        pd.read_parquet(result.path).reset_index(drop=True),
        {"families": synthetic_families, "survey": synthetic_survey, "women": synthetic_women}[
            kind
        ](1_000, seed=42),
    )


def test_if_exists_policy(tmp_path: Path) -> None:
    write_survey_parquet(tmp_path, 100, seed=1, partitions=3)
    with pytest.raises(InvalidInputError, match="`path`"):
        write_survey_parquet(tmp_path, 100, seed=1, partitions=2)
    (tmp_path / "notes.txt").write_text("kept")
    write_survey_parquet(tmp_path, 100, seed=1, partitions=2, if_exists="replace")
    assert len(list(tmp_path.glob("part-*.parquet"))) == 2
    assert (tmp_path / "notes.txt").read_text() == "kept"


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: synthetic_families(-1, seed=1), "n"),
        (lambda: synthetic_survey(-5, seed=1), "n"),
        (lambda: synthetic_women(2.5, seed=1), "n"),
        (lambda: synthetic_families(10, seed=1.5), "seed"),
        (lambda: synthetic_survey(10, seed="3"), "seed"),
        (lambda: synthetic_women(10, seed=-1), "seed"),
        (lambda: synthetic_families(10, seed=True), "seed"),
        (lambda: synth_command("households", "/tmp/x", 10, 1), "kind"),
        (lambda: synth_command("survey", "/tmp/x", 10, 1.0), "seed"),
        (lambda: synth_command("survey", "/tmp/x", -1, 1), "n"),
        (lambda: synthetic_families(10, seed=1, chunk_size=0), "chunk_size"),
        (lambda: synthetic_families(10, seed=1, regions=0), "regions"),
        (lambda: synthetic_families(10, seed=1, shares={"nope": 0.5}), "shares"),
        (lambda: synthetic_families(10, seed=1, shares={"worship": 1.5}), "shares"),
        (lambda: synthetic_families(10, seed=1, shares=[("worship", 0.5)]), "shares"),
        (lambda: synthetic_families(10, seed=1, couple_share=1.2), "couple_share"),
        (
            lambda: synthetic_families(10, seed=1, child_share=0.3, school_age_share=0.4),
            "school_age_share",
        ),
        (lambda: synthetic_survey(10, seed=1, strata=0), "strata"),
        (lambda: synthetic_survey(10, seed=1, psus_per_stratum=[2, 2]), "psus_per_stratum"),
        (lambda: synthetic_survey(10, seed=1, violence_share=-0.1), "violence_share"),
        (lambda: synthetic_survey(10, seed=1, ages=(30, 20)), "ages"),
        (lambda: synthetic_women(10, seed=1, clusters=5, strata=10), "clusters"),
        (lambda: synthetic_women(10, seed=1, asfr=[0.1] * 6), "asfr"),
        (lambda: synthetic_women(10, seed=1, interview_cmc=(1488, 1483)), "interview_cmc"),
        (lambda: synthetic_women(10, seed=1, twin_share=0.9), "twin_share"),
    ],
)
def test_bad_input_raises_naming_the_parameter(call: Any, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}"):
        call()


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"partitions": 0}, "partitions"),
        ({"rows_per_file": 0}, "rows_per_file"),
        ({"partitions": 2, "rows_per_file": 10}, "rows_per_file"),
        ({"workers": 0}, "workers"),
        ({"compression": "brotli9"}, "compression"),
        ({"if_exists": "append"}, "if_exists"),
    ],
)
def test_bad_writer_options_raise(kwargs: dict[str, Any], name: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=f"`{name}`"):
        write_families_parquet(tmp_path, 10, seed=1, **kwargs)


def test_output_path_that_is_a_file_raises(tmp_path: Path) -> None:
    target = tmp_path / "file.parquet"
    target.write_text("x")
    with pytest.raises(InvalidInputError, match="`path`"):
        write_women_parquet(target, 10, seed=1)


def test_families_exact_household_shares() -> None:
    frame = synthetic_families(
        20_000, seed=6, regions=10, couple_share=1.0, child_share=0.0, school_age_share=0.0
    )
    assert not frame["marriage_certificate"].isna().any()  # every family has a couple
    for column in ("birth_certificate", "school_attendance", "joint_parenting"):
        assert frame[column].isna().all(), column  # no family has a child


def test_families_unknown_na_rule_gives_generic_nulls() -> None:
    variables = load_ibangga_variables()
    changed = tuple(
        v.model_copy(update={"na_possible": True, "na_rule": "item refused"})
        if v.column == "worship"
        else v
        for v in variables.variables
    )
    frame = synthetic_families(
        50_000, seed=2, regions=10, variables=variables.model_copy(update={"variables": changed})
    )
    assert frame["worship"].isna().mean() == pytest.approx(0.2, abs=0.01)  # documented 20 %


def test_module_import_stays_light() -> None:
    code = (
        "import sys, dppapp_indikator.synthetic; "
        "print(sorted(m for m in ('pandas', 'pyarrow', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_packaged_variable_has_a_default_share() -> None:
    # guards against a renamed column silently falling back to the generic share
    from dppapp_indikator.synthetic import _DEFAULT_SHARES

    assert set(_DEFAULT_SHARES) == set(MAP_COLUMNS)
