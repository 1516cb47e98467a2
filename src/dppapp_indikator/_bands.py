"""Category bands as data: schema, loading and vectorised classification.

Band profiles live in ``data/bands.toml``. Each profile lists contiguous, non-overlapping
intervals with explicit inclusive/exclusive ends, a label (``None`` for "no category") and the
source of the thresholds. NaN is never classified (it gets ``None``).
"""

from __future__ import annotations

import functools
import math
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ._arrays import LabelResult, vectorize_labels
from ._checks import InvalidInputError
from ._data import DataFileError, load_packaged


class Band(BaseModel):
    """One interval of a band profile."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str | None = Field(description="Category label (Indonesian, as in the regulation).")
    lower: float = Field(description="Lower end of the interval (may be -inf).")
    upper: float = Field(description="Upper end of the interval (may be inf).")
    lower_inclusive: bool = True
    upper_inclusive: bool = False


class BandProfile(BaseModel):
    """A named set of contiguous bands with its source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str
    source: str
    status: str = Field(description="confirmed, seed or inferred (see methods/index#status).")
    unit: str
    bands: tuple[Band, ...]

    @model_validator(mode="after")
    def _contiguous(self) -> BandProfile:
        for left, right in zip(self.bands, self.bands[1:], strict=False):
            if left.upper != right.lower:
                raise ValueError(f"bands {left.label!r} and {right.label!r} are not contiguous")
            if left.upper_inclusive == right.lower_inclusive:
                raise ValueError(
                    f"the boundary {left.upper} between {left.label!r} and {right.label!r} "
                    "must belong to exactly one band"
                )
        for band in self.bands:
            if band.lower > band.upper:
                raise ValueError(f"band {band.label!r} has lower > upper")
        return self

    def labels(self) -> list[str]:
        """The labels of the profile, in ascending order (``None`` left out)."""
        return [b.label for b in self.bands if b.label is not None]

    def classify_array(self, values: npt.NDArray[np.float64]) -> npt.NDArray[np.object_]:
        """Label each value; NaN and values outside every band get ``None``."""
        out = np.full(values.shape, None, dtype=object)
        for band in self.bands:
            with np.errstate(invalid="ignore"):
                above = values >= band.lower if band.lower_inclusive else values > band.lower
                below = values <= band.upper if band.upper_inclusive else values < band.upper
            out[above & below] = band.label
        return out

    def label_of(self, value: float) -> str | None:
        """Label of one value (``None`` for NaN)."""
        if math.isnan(value):
            return None
        result = self.classify_array(np.asarray([value], dtype=np.float64))[0]
        return None if result is None else str(result)


class BandFile(BaseModel):
    """Schema of ``data/bands.toml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    profiles: dict[str, BandProfile]


@functools.cache
def band_profiles() -> dict[str, BandProfile]:
    """All band profiles shipped with the package, by name.

    Profiles are read from ``data/bands.toml`` and every ``data/bands_*.toml`` (one file per
    domain); a profile name may be defined only once.
    """
    names = sorted(
        entry.name
        for entry in resources.files("dppapp_indikator.data").iterdir()
        if entry.name == "bands.toml"
        or (entry.name.startswith("bands_") and entry.name.endswith(".toml"))
    )
    profiles: dict[str, BandProfile] = {}
    for name in names:
        for key, profile in load_packaged(name, BandFile).profiles.items():
            if key in profiles:
                raise DataFileError(f"band profile {key!r} is defined twice ({name})")
            profiles[key] = profile
    return profiles


def get_profile(name: str, parameter: str = "profile") -> BandProfile:
    """Return the band profile ``name`` or raise naming the known profiles."""
    profiles = band_profiles()
    if name not in profiles:
        known = ", ".join(repr(p) for p in sorted(profiles))
        raise InvalidInputError(parameter, f"must be one of {known}", name)
    return profiles[name]


def classify(value: Any, profile: str, *, parameter: str = "value") -> LabelResult:
    """Label ``value`` (scalar, array or Series) with the bands of ``profile``.

    Parameters
    ----------
    value : float, array_like or Series
        The values to label.
    profile : str
        Name of a profile in ``data/bands.toml``.
    parameter : str
        Name of ``value`` for error messages.
    """
    bands = get_profile(profile)
    return vectorize_labels(bands.classify_array, parameter, value)


def category_label(profile: str, value: float | None) -> str | None:
    """Label of one scalar ``value`` under ``profile`` (``None`` for None or NaN)."""
    if value is None:
        return None
    return get_profile(profile).label_of(float(value))
