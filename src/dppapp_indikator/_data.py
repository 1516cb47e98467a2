"""Packaged data files (TOML or JSON) loaded with a schema check.

Bands, goalposts, weights, catalogues and the embedded agreement are data, not code. Each file
lives in ``dppapp_indikator/data/``, carries the source of its values, and is validated by a
pydantic model when it is first loaded; the parsed model is cached.
"""

from __future__ import annotations

import functools
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


class DataFileError(ValueError):
    """A data file is missing, unreadable or does not match its schema."""


def _parse(text: str, name: str) -> Any:
    try:
        if name.endswith(".toml"):
            return tomllib.loads(text)
        if name.endswith(".json"):
            return json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(f"data file {name!r} is malformed: {exc}") from exc
    raise DataFileError(f"data file {name!r} must end in .toml or .json")


@functools.cache
def read_packaged(name: str) -> Any:
    """Parse the packaged data file ``name`` (e.g. ``"bands.toml"``), without a schema.

    Parameters
    ----------
    name : str
        File name inside ``dppapp_indikator/data``.
    """
    try:
        text = resources.files("dppapp_indikator.data").joinpath(name).read_text("utf-8")
    except FileNotFoundError as exc:
        raise DataFileError(f"no packaged data file named {name!r}") from exc
    return _parse(text, name)


def validate(raw: Any, model: type[M], source: str) -> M:
    """Validate parsed data against ``model``; errors name the file."""
    from pydantic import ValidationError

    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(f"data file {source!r} does not match its schema:\n{exc}") from exc


@functools.cache
def _load_packaged(name: str, model: type[M]) -> M:
    return validate(read_packaged(name), model, name)


def load_packaged(name: str, model: type[M]) -> M:
    """Load and validate a packaged data file (cached).

    Parameters
    ----------
    name : str
        File name inside ``dppapp_indikator/data``.
    model : type of pydantic.BaseModel
        The schema.
    """
    result: M = _load_packaged(name, model)
    return result


def load_file(path: str | Path, model: type[M]) -> M:
    """Load and validate a user-supplied TOML or JSON file (not cached)."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise DataFileError(f"cannot read data file {str(path)!r}: {exc}") from exc
    return validate(_parse(text, path.name), model, str(path))
