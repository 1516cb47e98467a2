"""Shared test configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

DATA = Path(__file__).parent / "data"

# Two hypothesis profiles:
# * "ci" (selected when the CI environment variable is set, as CI services do): derandomised,
#   so a run is reproducible and a failure is the same failure on a re-run; no example
#   database (a fresh machine has none to replay);
# * "dev" (otherwise): random examples, and every failing example is saved to the local
#   example database (.hypothesis/examples, git-ignored) and replayed first on the next run.
# HYPOTHESIS_PROFILE=ci|dev overrides the choice.
_COMMON = {"max_examples": 60, "deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **_COMMON)
settings.register_profile(
    "dev",
    database=DirectoryBasedExampleDatabase(Path(__file__).parents[1] / ".hypothesis" / "examples"),
    **_COMMON,
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture
def data_dir() -> Path:
    """Folder of the reference data files (each with its source note)."""
    return DATA
