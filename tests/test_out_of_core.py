"""Out-of-core iBangga: Polars streaming and Dask (distributed) from Parquet = pandas in memory.

Correctness only (timings and peak memory are measured by ``benchmarks/bench_survey.py``,
never asserted here). The data are generated into ``tmp_path`` by
:func:`~dppapp_indikator.synthetic.write_families_parquet`; the in-memory reference is
:func:`~dppapp_indikator.synthetic.synthetic_families` with the same seed. That both give the
same rows (same seed, any partitioning) is tested in ``tests/test_synthetic.py``
(``test_same_seed_same_data_different_seed_different``,
``test_written_files_equal_the_frame_for_any_partitioning``); it is not repeated here.

Dask's ``read_parquet`` calls ``DataFrame.reset_index(inplace=True)``, deprecated in pandas 3.1
(a ``Pandas4Warning``); the Dask tests filter exactly that warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dppapp_indikator import InvalidInputError
from dppapp_indikator.survey.family import ibangga_from_families, ibangga_from_parquet
from dppapp_indikator.synthetic import synthetic_families, write_families_parquet

pl = pytest.importorskip("polars")

N_FAMILIES = 200_000
SEED = 20_240_101
PARTITIONS = 5
ROW_GROUP = 65_536  # several Parquet row groups per file: several Dask partitions per file
DASK_READ_WARNING = "ignore:The inplace keyword in DataFrame.reset_index is deprecated"

# The packaged 17-variable map (docs/ibangga-microdata.md, methods/family#ibangga-data), written out
# here
# so the reference below does not use the code under test: dimension -> (column, inverted).
DIMENSION_COLUMNS: dict[str, list[tuple[str, bool]]] = {
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
NUMERIC = [
    "ketenteraman",
    "kemandirian",
    "kebahagiaan",
    "ibangga",
    "n_ketenteraman",
    "n_kemandirian",
    "n_kebahagiaan",
    "weight_ketenteraman",
    "weight_kemandirian",
    "weight_kebahagiaan",
    "n_families",
    "n_no_applicable",
    "n_zero_weight",
    "weight_total",
]


@pytest.fixture(scope="module")
def families() -> pd.DataFrame:
    """The sample in memory (pandas), with family weights."""
    return synthetic_families(N_FAMILIES, seed=SEED, weights=True)


@pytest.fixture(scope="module")
def parquet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same sample as 5 Parquet files of several row groups each."""
    folder = tmp_path_factory.mktemp("families")
    write_families_parquet(
        folder, N_FAMILIES, seed=SEED, weights=True, partitions=PARTITIONS, chunk_size=ROW_GROUP
    )
    return folder


@pytest.fixture(scope="module", params=[None, "weight"], ids=["census", "weighted"])
def weights(request: pytest.FixtureRequest) -> str | None:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def in_memory(families: pd.DataFrame, weights: str | None) -> pd.DataFrame:
    """The in-memory pandas path on the sample."""
    return ibangga_from_families(families, by="kab_kota", weights=weights)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A dask.distributed LocalCluster with 2 worker processes, active as the client."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            scheduler_port=0,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def assert_same(result: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(result.columns) == list(expected.columns)
    assert result["kab_kota"].tolist() == expected["kab_kota"].tolist()
    assert result["category"].tolist() == expected["category"].tolist()
    for column in NUMERIC:
        np.testing.assert_allclose(
            result[column].to_numpy(dtype=np.float64),
            expected[column].to_numpy(dtype=np.float64),
            rtol=1e-9,
            atol=0.0,
            err_msg=column,
        )


# ------------------------------------------------------------------ the in-memory reference


def test_in_memory_path_matches_a_direct_numpy_computation(
    families: pd.DataFrame, in_memory: pd.DataFrame, weights: str | None
) -> None:
    # methods/family#ibangga-data, family_mean: D_fd = 100 * (applicable scores met) / (applicable),
    # then
    # the weighted mean of D_fd over the families of the region where it is defined.
    w = families["weight"].to_numpy() if weights else np.ones(len(families))
    region = families["kab_kota"].to_numpy()
    order = np.unique(region)
    position = np.searchsorted(order, region)
    for dimension, members in DIMENSION_COLUMNS.items():
        met = np.zeros(len(families))
        applicable = np.zeros(len(families))
        for column, inverted in members:
            values = families[column].to_numpy(dtype=np.float64, na_value=np.nan)
            present = ~np.isnan(values)
            score = 1.0 - values if inverted else values
            met += np.where(present, score, 0.0)
            applicable += present
        defined = applicable > 0
        d = 100.0 * met / np.where(defined, applicable, 1.0)
        numerator = np.bincount(position, weights=np.where(defined, w * d, 0.0))
        denominator = np.bincount(position, weights=np.where(defined, w, 0.0))
        np.testing.assert_allclose(
            in_memory[dimension].to_numpy(), numerator / denominator, rtol=1e-12
        )
    assert in_memory["kab_kota"].tolist() == order.tolist()
    assert int(in_memory["n_families"].sum()) == N_FAMILIES


# ------------------------------------------------------------------ same numbers out of core


def test_polars_streaming_equals_pandas(
    parquet_dir: Path, in_memory: pd.DataFrame, weights: str | None
) -> None:
    result = ibangga_from_parquet(parquet_dir, engine="polars", by="kab_kota", weights=weights)
    assert_same(result, in_memory)


@pytest.mark.filterwarnings(DASK_READ_WARNING)
def test_dask_distributed_equals_pandas(
    parquet_dir: Path, in_memory: pd.DataFrame, weights: str | None, dask_client: Any
) -> None:
    from distributed import get_task_stream

    with get_task_stream(dask_client) as stream:
        result = ibangga_from_parquet(parquet_dir, engine="dask", by="kab_kota", weights=weights)
    assert_same(result, in_memory)
    # the work ran on the cluster, on both workers
    assert {task["worker"] for task in stream.data} == set(dask_client.scheduler_info()["workers"])


def test_glob_and_file_list_read_the_same_files(parquet_dir: Path, families: pd.DataFrame) -> None:
    expected = ibangga_from_families(families, by="kab_kota")
    files = sorted(parquet_dir.glob("*.parquet"))
    assert len(files) == PARTITIONS
    assert_same(ibangga_from_parquet(files, by="kab_kota"), expected)
    assert_same(ibangga_from_parquet(str(parquet_dir / "part-*.parquet"), by="kab_kota"), expected)


# ------------------------------------------------------------------ never the full frame


def test_polars_collects_only_the_aggregated_table(
    parquet_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one Polars query scans Parquet, aggregates by region and collects 514 rows."""
    import os

    collected: list[tuple[str, str | None, int]] = []
    original = pl.LazyFrame.collect

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        out = original(self, *args, **kwargs)
        plan = self.explain()
        collected.append((plan, os.environ.get("POLARS_ENGINE_AFFINITY"), out.height))
        return out

    def no_eager_read(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the out-of-core path must not read the files eagerly")

    monkeypatch.setattr(pl.LazyFrame, "collect", spy)
    monkeypatch.setattr(pl, "read_parquet", no_eager_read)
    monkeypatch.setattr(pd, "read_parquet", no_eager_read)
    result = ibangga_from_parquet(parquet_dir, engine="polars", by="kab_kota")

    assert len(collected) == 1, "one query, collected once (no second pass on valid data)"
    plan, affinity, height = collected[0]
    assert affinity == "streaming"
    assert height == len(result) == 514  # the regions, not the 200,000 families
    lines = [line.strip().lower() for line in plan.splitlines()]
    # root: sort of the aggregate by region; leaf: a scan of the Parquet files (no in-memory
    # frame anywhere in the plan)
    assert lines[0].startswith("sort by")
    aggregate = next(i for i, line in enumerate(lines) if line.startswith("aggregate"))
    assert any('by [col("kab_kota")]' in line for line in lines[aggregate:])
    assert any(line.startswith("parquet scan") for line in lines)
    assert not any(line.startswith("df [") for line in lines)


@pytest.mark.filterwarnings(DASK_READ_WARNING)
def test_dask_computes_only_the_aggregated_table(
    parquet_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dask
    import dask.dataframe as dd

    computed: list[int] = []
    original = dd.DataFrame.compute

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        out = original(self, *args, **kwargs)
        computed.append(len(out))
        return out

    monkeypatch.setattr(dd.DataFrame, "compute", spy)
    with dask.config.set(scheduler="synchronous"):
        result = ibangga_from_parquet(parquet_dir, engine="dask", by="kab_kota")
    assert computed == [len(result)] == [514]


# ------------------------------------------------------------------ errors


@pytest.mark.filterwarnings(DASK_READ_WARNING)
@pytest.mark.parametrize("engine", ["polars", "dask"])
def test_invalid_score_in_a_file_raises_naming_the_column(engine: str, tmp_path: Path) -> None:
    import dask

    frame = synthetic_families(1_000, seed=3, regions=4)
    frame.loc[700, "savings"] = 2
    frame.iloc[:500].to_parquet(tmp_path / "part-0.parquet")
    frame.iloc[500:].to_parquet(tmp_path / "part-1.parquet")
    with (
        dask.config.set(scheduler="synchronous"),
        pytest.raises(InvalidInputError, match=r"data\['savings'\].*2"),
    ):
        ibangga_from_parquet(tmp_path, engine=engine, by="kab_kota")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"engine": "spark"}, "engine"),
        ({"path": []}, "path"),
        ({"path": 3}, "path"),
        ({"by": "kabupaten"}, "by"),
    ],
)
def test_bad_arguments_raise(kwargs: dict[str, Any], name: str, parquet_dir: Path) -> None:
    arguments: dict[str, Any] = {"path": parquet_dir, "by": "kab_kota"} | kwargs
    path = arguments.pop("path")
    with pytest.raises(InvalidInputError, match=name):
        ibangga_from_parquet(path, **arguments)
