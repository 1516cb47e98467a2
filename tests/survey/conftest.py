"""Engines for the survey tests: the same data as pandas, Polars (eager, lazy) and Dask."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pytest

ENGINE_NAMES = ["pandas", "polars", "polars-lazy", "dask"]


def to_engine(frame: pd.DataFrame, engine: str) -> Any:
    """The same data in another engine."""
    if engine == "pandas":
        return frame
    if engine in ("polars", "polars-lazy"):
        import polars as pl

        converted = pl.from_pandas(frame)
        return converted.lazy() if engine == "polars-lazy" else converted
    if engine == "dask":
        import dask.dataframe as dd

        return dd.from_pandas(frame, npartitions=3)
    raise ValueError(engine)


@pytest.fixture(params=ENGINE_NAMES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each engine name in turn."""
    return str(request.param)


@pytest.fixture
def convert() -> Callable[[pd.DataFrame, str], Any]:
    """Convert a pandas frame to a named engine."""
    return to_engine


@pytest.fixture(scope="session")
def dask_cluster() -> Iterator[Any]:
    """A dask.distributed LocalCluster with 2 workers (processes), active as the client."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            scheduler_port=0,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
