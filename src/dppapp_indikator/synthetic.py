r"""Seeded synthetic data generators: families (PK21 / iBangga), survey respondents, DHS women.

Three generators, each a pure function of an explicit integer ``seed`` and the documented
parameters, with a pandas function for small data and a streaming Parquet writer for large
data (the 68,478,139 families of the PK21 family census take about 23 s of CPU time and
280 MiB of memory; memory is bounded by ``chunk_size``, not by the number of rows):

* :func:`synthetic_families` / :func:`write_families_parquet`: one row per family with its
  kab/kota and province codes and the 17 iBangga variables of the packaged variable map
  (:func:`dppapp_indikator.survey.family.load_ibangga_variables`), nulls where a variable is
  not applicable (no married couple, no child, no child aged 7-15);
* :func:`synthetic_survey` / :func:`write_survey_parquet`: a stratified cluster sample of
  respondents (stratum, PSU, weight, region, sex, age, a clustered binary ``violence`` and a
  continuous ``y``; optional ``fpc``);
* :func:`synthetic_women` / :func:`write_women_parquet`: a DHS-style women's file (``caseid,
  v005, v008, v011, v021, v022, v025, b3_01 ... b3_20``) with a fertility schedule giving a
  TFR of about 2.3.

:func:`synth_command` is the function behind ``dppapp-indikator synth KIND OUTPUT``.

Reproducibility rule
--------------------
Rows are generated in fixed *seed blocks* of :data:`SEED_BLOCK_ROWS` rows (65,536): block
``k`` of a generator draws its random numbers from
``numpy.random.PCG64(numpy.random.SeedSequence(seed, spawn_key=(kind, 1, k)))`` -- the ``k``-th
child of the child 1 of the child ``kind`` of ``SeedSequence(seed)``, exactly what
``SeedSequence(seed).spawn(...)`` hands out -- and the structure (region sizes and
probabilities, PSU effects, cluster weights ...) comes from the child ``(kind, 0)``. ``kind``
is 0 for families, 1 for survey respondents, 2 for women. Each block always draws the same
amount for all its 65,536 rows, so row ``i`` depends only on the seed, the parameters and
``n`` (through the structure), never on ``chunk_size``, the number of files, ``workers``, or
the order in which batches are produced: the same seed gives identical data however it is
partitioned.

This module loads numpy only; pandas is imported by the DataFrame functions and pyarrow by the
Parquet writers.
"""

from __future__ import annotations

import itertools
import math
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from ._checks import InvalidInputError, check_choice

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from .survey.family import IbanggaVariables

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_ROWS_PER_FILE",
    "IF_EXISTS_POLICIES",
    "SEED_BLOCK_ROWS",
    "SYNTHETIC_KINDS",
    "IfExistsPolicy",
    "SyntheticFiles",
    "SyntheticKind",
    "synth_command",
    "synthetic_families",
    "synthetic_survey",
    "synthetic_women",
    "write_families_parquet",
    "write_survey_parquet",
    "write_women_parquet",
]

#: Rows per seed block: the fixed unit that carries its own random stream (see the module
#: docstring). Changing it changes the data; ``chunk_size`` and the partitioning do not.
SEED_BLOCK_ROWS: Final = 65_536
#: Rows generated per in-memory batch (and per Parquet row group) unless told otherwise.
DEFAULT_CHUNK_SIZE: Final = 1_048_576
#: Rows per Parquet file when neither ``partitions`` nor ``rows_per_file`` is given.
DEFAULT_ROWS_PER_FILE: Final = 4_194_304

SyntheticKind: TypeAlias = Literal["families", "survey", "women"]
#: The generators :func:`synth_command` knows.
SYNTHETIC_KINDS: tuple[SyntheticKind, ...] = ("families", "survey", "women")

IfExistsPolicy: TypeAlias = Literal["error", "replace"]
#: What a writer does when the output directory already holds ``part-*.parquet`` files:
#: ``"error"`` (default: raise) or ``"replace"`` (delete those files first; nothing else).
IF_EXISTS_POLICIES: tuple[IfExistsPolicy, ...] = ("error", "replace")

Compression: TypeAlias = Literal["zstd", "snappy", "lz4", "gzip", "none"]
COMPRESSIONS: tuple[Compression, ...] = ("zstd", "snappy", "lz4", "gzip", "none")

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
#: One generated column: its values and, for a nullable column, the validity mask.
_Values: TypeAlias = tuple[npt.NDArray[Any], "npt.NDArray[np.bool_] | None"]

_U16: Final = 65_536  # draws are uniform 16-bit integers u in [0, 65535]; P(u < t) = t / 65536
_PART_PATTERN: Final = "part-*.parquet"

# Provinces (BPS codes) and their number of kabupaten/kota in 2021 (514 in all), used to give
# the synthetic regions BPS-like codes province * 100 + k. Codes are BPS-like, not the real
# kab/kota codes.
_PROVINCES: Final[tuple[tuple[int, int], ...]] = (
    (11, 23), (12, 33), (13, 19), (14, 12), (15, 11), (16, 17), (17, 10), (18, 15), (19, 7),
    (21, 7), (31, 6), (32, 27), (33, 35), (34, 5), (35, 38), (36, 8), (51, 9), (52, 10),
    (53, 22), (61, 14), (62, 14), (63, 13), (64, 10), (65, 5), (71, 15), (72, 13), (73, 24),
    (74, 17), (75, 6), (76, 6), (81, 11), (82, 10), (91, 13), (94, 29),
)  # fmt: skip
_MAX_REGIONS: Final = 1_000

# Nominal national share of families whose STORED value is 1, per default column of the
# packaged map: the share meeting the criterion for score-coded variables, the share with the
# adverse event for raw-coded negative ones; among applicable families for NA-possible ones.
# Illustrative values, not estimates.
_DEFAULT_SHARES: Final[dict[str, float]] = {
    "worship": 0.93,
    "marriage_certificate": 0.82,
    "birth_certificate": 0.80,
    "health_insurance": 0.62,
    "family_conflict": 0.12,
    "divorced": 0.05,
    "income_source": 0.90,
    "varied_diet": 0.60,
    "decent_housing": 0.55,
    "savings": 0.30,
    "school_attendance": 0.93,
    "member_ill": 0.18,
    "online_information": 0.60,
    "daily_interaction": 0.88,
    "joint_parenting": 0.80,
    "recreation": 0.40,
    "social_activity": 0.60,
}
_FALLBACK_SHARE: Final = {"score": 0.70, "raw": 0.15}
_GENERIC_NA_SHARE: Final = 0.20
_TIER_SHIFT: Final = (-0.8, 0.0, 0.8)  # logit shift of the three family "advantage" tiers

NaRule: TypeAlias = Literal["couple", "child", "school_age", "couple_and_child", "generic"]

# Default age-specific fertility rates [births per woman-year], ages 15-19 ... 45-49
# (TFR = 5 x sum = 2.29), and single-year rates at ages 12, 13, 14 (births before 15).
_DEFAULT_ASFR: Final = (0.032, 0.115, 0.125, 0.100, 0.060, 0.022, 0.004)
_EARLY_RATES: Final = (0.001, 0.003, 0.0075)
_FIRST_BIRTH_AGE: Final = 12
_LAST_BIRTH_AGE: Final = 49
_MAX_BIRTH_RATE: Final = 0.7  # cap of a woman's yearly birth probability
_B3_SLOTS: Final = 20


# ------------------------------------------------------------------------------------------
# small helpers
# ------------------------------------------------------------------------------------------


def _check_int(name: str, value: object, minimum: int, maximum: int | None = None) -> int:
    """An integer parameter (not bool, not float) in [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidInputError(name, "must be an integer", value)
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        bound = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
        raise InvalidInputError(name, f"must be {bound}", number)
    return number


def _check_seed(seed: object) -> int:
    return _check_int("seed", seed, 0)


def _check_float(
    name: str, value: object, lower: float, upper: float, *, upper_open: bool = False
) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidInputError(name, "must be a number", value)
    number = float(value)
    inside = lower <= number < upper if upper_open else lower <= number <= upper
    if not inside or math.isnan(number):
        right = ")" if upper_open else "]"
        raise InvalidInputError(name, f"must be in [{lower:g}, {upper:g}{right}", number)
    return number


def _logit(p: FloatArray | float) -> FloatArray:
    q = np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9)
    return np.asarray(np.log(q) - np.log1p(-q), dtype=np.float64)


def _expit(x: FloatArray) -> FloatArray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * x)), dtype=np.float64)


def _threshold(p: FloatArray) -> npt.NDArray[np.uint16]:
    """16-bit thresholds t with P(u < t) = t / 65536 closest to p (kept in [1, 65535])."""
    return np.clip(np.rint(np.asarray(p) * _U16), 1, _U16 - 1).astype(np.uint16)


def _apportion(total: int, weights: FloatArray) -> IntArray:
    """Largest-remainder apportionment of ``total`` proportionally to ``weights``."""
    weights = np.asarray(weights, dtype=np.float64)
    if weights.size == 0:
        return np.zeros(0, dtype=np.int64)
    quota = total * weights / weights.sum()
    counts = np.floor(quota).astype(np.int64)
    short = total - int(counts.sum())
    if short > 0:
        order = np.argsort(-(quota - counts), kind="stable")
        counts[order[:short]] += 1
    result: IntArray = counts
    return result


def _structure_rng(seed: int, kind: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(kind, 0))))


def _block_rng(seed: int, kind: int, block: int) -> np.random.Generator:
    sequence = np.random.SeedSequence(seed, spawn_key=(kind, 1, block))
    return np.random.Generator(np.random.PCG64(sequence))


def _uniform16(rng: np.random.Generator, rows: int) -> npt.NDArray[np.uint16]:
    """``rows`` x SEED_BLOCK_ROWS uniform 16-bit integers (little-endian view of raw draws)."""
    raw = rng.bit_generator.random_raw(rows * SEED_BLOCK_ROWS // 4)
    u16: npt.NDArray[np.uint16] = (
        np.asarray(raw).astype("<u8", copy=False).view("<u2").reshape(rows, SEED_BLOCK_ROWS)
    )
    return u16


def _segments(ends: IntArray, start: int, stop: int) -> tuple[int, IntArray]:
    """Units (regions, PSUs, clusters) laid out contiguously with cumulative ``ends``:
    the first unit overlapping rows [start, stop) and the rows of each overlapping unit."""
    if stop <= start:
        return 0, np.zeros(0, dtype=np.int64)
    first = int(np.searchsorted(ends, start, side="right"))
    last = int(np.searchsorted(ends, stop - 1, side="right"))
    unit_ends = np.minimum(ends[first : last + 1], stop)
    unit_starts = np.maximum(np.concatenate(([0], ends))[first : last + 1], start)
    return first, unit_ends - unit_starts


@dataclass(frozen=True)
class _Column:
    name: str
    dtype: str  # numpy dtype name, or "str"
    nullable: bool = False


class _Model:
    """A generator: structure (from the seed) + per-block draws + a vectorised build."""

    kind: int
    columns: tuple[_Column, ...]
    dictionary_columns: tuple[str, ...] = ()
    delta_columns: tuple[str, ...] = ()

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.seed = seed

    def draw_block(self, rng: np.random.Generator) -> dict[str, npt.NDArray[Any]]:
        raise NotImplementedError  # pragma: no cover

    def build(
        self, start: int, stop: int, draws: Mapping[str, npt.NDArray[Any]]
    ) -> dict[str, _Values]:
        raise NotImplementedError  # pragma: no cover

    def draws(self, start: int, stop: int) -> dict[str, npt.NDArray[Any]]:
        """The random draws of rows [start, stop), assembled from their seed blocks."""
        size = SEED_BLOCK_ROWS
        first = start // size
        last = max(first, (stop - 1) // size)
        out: dict[str, npt.NDArray[Any]] = {}
        for block in range(first, last + 1):
            drawn = self.draw_block(_block_rng(self.seed, self.kind, block))
            lo = max(start, block * size) - block * size
            hi = max(lo, min(stop, (block + 1) * size) - block * size)
            at = block * size + lo - start
            for name, values in drawn.items():
                if first == last:
                    out[name] = values[..., lo:hi]
                    continue
                if name not in out:
                    out[name] = np.empty((*values.shape[:-1], stop - start), values.dtype)
                out[name][..., at : at + hi - lo] = values[..., lo:hi]
        return out

    def batch(self, start: int, stop: int) -> dict[str, _Values]:
        return self.build(start, stop, self.draws(start, stop))


def _batches(start: int, stop: int, chunk_size: int) -> Iterator[tuple[int, int]]:
    if stop <= start:
        yield start, start
        return
    for a in range(start, stop, chunk_size):
        yield a, min(stop, a + chunk_size)


# ------------------------------------------------------------------------------------------
# assembling pandas frames and Arrow tables
# ------------------------------------------------------------------------------------------


def _pandas_dtype(column: _Column) -> Any:
    import pandas as pd

    if column.dtype == "str":
        return "str"
    if column.nullable:
        return pd.api.types.pandas_dtype(column.dtype.capitalize())
    return np.dtype(column.dtype)


def _frame(model: _Model, chunk_size: int) -> pd.DataFrame:
    """Generate every row of ``model`` in batches and return a pandas DataFrame."""
    import pandas as pd

    values: dict[str, list[npt.NDArray[Any]]] = {c.name: [] for c in model.columns}
    valid: dict[str, list[npt.NDArray[np.bool_]]] = {c.name: [] for c in model.columns}
    for start, stop in _batches(0, model.n, chunk_size):
        for name, (part, mask) in model.batch(start, stop).items():
            values[name].append(part)
            valid[name].append(np.ones(len(part), dtype=bool) if mask is None else mask)
    data: dict[str, Any] = {}
    for column in model.columns:
        joined = np.concatenate(values[column.name])
        if column.dtype == "str":
            data[column.name] = pd.array(joined.astype(str), dtype="str")
        elif column.nullable:
            missing = ~np.concatenate(valid[column.name])
            data[column.name] = pd.arrays.IntegerArray(joined.astype(column.dtype), missing)
        else:
            data[column.name] = joined.astype(column.dtype, copy=False)
    return pd.DataFrame(data, index=pd.RangeIndex(model.n))


def _arrow_schema(model: _Model) -> Any:
    import pandas as pd
    import pyarrow as pa  # type: ignore[import-untyped]

    empty = pd.DataFrame({c.name: pd.Series([], dtype=_pandas_dtype(c)) for c in model.columns})
    schema = pa.Schema.from_pandas(empty, preserve_index=False)
    fields = [
        pa.field(c.name, pa.string() if c.dtype == "str" else pa.from_numpy_dtype(c.dtype))
        for c in model.columns
    ]
    return pa.schema(fields, metadata=schema.metadata)


def _arrow_table(model: _Model, schema: Any, batch: Mapping[str, _Values]) -> Any:
    import pyarrow as pa

    arrays = []
    for column, field in zip(model.columns, schema, strict=True):
        values, valid = batch[column.name]
        if column.dtype == "str":
            arrays.append(pa.array(values, type=pa.binary()).cast(pa.string()))
            continue
        values = np.ascontiguousarray(values, dtype=column.dtype)
        bitmap = None
        nulls = 0
        if valid is not None:
            nulls = int(valid.size - np.count_nonzero(valid))
            if nulls:
                bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
        arrays.append(
            pa.Array.from_buffers(
                field.type, len(values), [bitmap, pa.py_buffer(values)], null_count=nulls
            )
        )
    return pa.Table.from_arrays(arrays, schema=schema)


# ------------------------------------------------------------------------------------------
# the Parquet writer
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticFiles:
    """What a Parquet writer wrote.

    Attributes
    ----------
    path : Path
        The output directory.
    kind : str
        ``"families"``, ``"survey"`` or ``"women"``.
    rows : int
        Rows written in all.
    files : tuple of Path
        The files, in row order (``part-00000.parquet``, ...).
    seconds : float
        Wall-clock time of the write [seconds].
    bytes : int
        Total size of the files [bytes].
    """

    path: Path
    kind: str
    rows: int
    files: tuple[Path, ...]
    seconds: float
    bytes: int

    def __str__(self) -> str:
        return (
            f"{self.rows:,} {self.kind} rows in {len(self.files)} Parquet file(s) "
            f"({self.bytes / 2**20:,.1f} MiB) at {self.path} in {self.seconds:.1f} s"
        )


def _file_ranges(
    n: int, partitions: int | None, rows_per_file: int | None
) -> list[tuple[int, int]]:
    if partitions is not None and rows_per_file is not None:
        raise InvalidInputError("rows_per_file", "must not be given together with `partitions`")
    if partitions is not None:
        count = _check_int("partitions", partitions, 1)
        bounds = [n * p // count for p in range(count + 1)]
        return list(itertools.pairwise(bounds))
    size = (
        DEFAULT_ROWS_PER_FILE
        if rows_per_file is None
        else _check_int("rows_per_file", rows_per_file, 1)
    )
    if n == 0:
        return [(0, 0)]
    return [(a, min(n, a + size)) for a in range(0, n, size)]


def _prepare_directory(path: str | os.PathLike[str], if_exists: str) -> Path:
    check_choice("if_exists", if_exists, IF_EXISTS_POLICIES)
    directory = Path(path)
    if directory.exists() and not directory.is_dir():
        raise InvalidInputError("path", "must be a directory (it is a file)", str(directory))
    old = sorted(directory.glob(_PART_PATTERN)) if directory.is_dir() else []
    if old:
        if if_exists == "error":
            raise InvalidInputError(
                "path",
                f"already holds {len(old)} {_PART_PATTERN} file(s); pass if_exists='replace'",
                str(directory),
            )
        for file in old:
            file.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _write(
    model: _Model,
    path: str | os.PathLike[str],
    *,
    kind: str,
    partitions: int | None,
    rows_per_file: int | None,
    chunk_size: int,
    compression: str,
    workers: int,
    if_exists: str,
) -> SyntheticFiles:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - pyarrow is a test dependency
        raise ImportError(
            f"writing {kind} Parquet files needs pyarrow (pip install pyarrow)"
        ) from exc

    chunk_size = _check_int("chunk_size", chunk_size, 1)
    workers = _check_int("workers", workers, 1)
    check_choice("compression", compression, COMPRESSIONS)
    ranges = _file_ranges(model.n, partitions, rows_per_file)
    directory = _prepare_directory(path, if_exists)
    began = time.perf_counter()
    schema = _arrow_schema(model)
    width = max(5, len(str(len(ranges) - 1)))
    files = tuple(directory / f"part-{i:0{width}d}.parquet" for i in range(len(ranges)))
    dictionary = list(model.dictionary_columns)
    encodings = dict.fromkeys(model.delta_columns, "DELTA_BINARY_PACKED")

    def write_one(index: int) -> None:
        start, stop = ranges[index]
        with pq.ParquetWriter(
            files[index],
            schema,
            compression=compression,
            use_dictionary=dictionary,
            column_encoding=encodings or None,
            write_statistics=True,
        ) as writer:
            for a, b in _batches(start, stop, chunk_size):
                table = _arrow_table(model, schema, model.batch(a, b))
                writer.write_table(table, row_group_size=max(1, b - a))

    if workers == 1 or len(ranges) == 1:
        for index in range(len(ranges)):
            write_one(index)
    else:
        with ThreadPoolExecutor(max_workers=min(workers, len(ranges))) as pool:
            list(pool.map(write_one, range(len(ranges))))
    seconds = time.perf_counter() - began
    size = sum(f.stat().st_size for f in files)
    return SyntheticFiles(directory, kind, model.n, files, seconds, size)


# ------------------------------------------------------------------------------------------
# families (PK21 / iBangga)
# ------------------------------------------------------------------------------------------


def _na_rule(text: str | None) -> NaRule:
    """Read the applicability condition of an NA-possible variable from its map ``na_rule``."""
    words = (text or "").lower().replace("–", "-")
    child = "child" in words or "anak" in words
    couple = any(w in words for w in ("couple", "spouse", "married", "marriage", "pasangan"))
    if "7-15" in words:
        return "school_age"
    if child and couple:
        return "couple_and_child"
    if child:
        return "child"
    if couple:
        return "couple"
    return "generic"


@dataclass(frozen=True)
class _FamilyVariable:
    column: str
    raw: bool  # raw-coded negative variable: 1 = the adverse event happened
    na: NaRule | None
    share: float


def _family_variables(
    variables: IbanggaVariables | str | os.PathLike[str] | None,
    shares: Mapping[str, float] | None,
) -> tuple[_FamilyVariable, ...]:
    from .survey.family import IbanggaVariables, load_ibangga_variables

    if variables is None or isinstance(variables, (str, os.PathLike)):
        loaded = load_ibangga_variables(None if variables is None else Path(variables))
    elif isinstance(variables, IbanggaVariables):
        loaded = variables
    else:
        raise InvalidInputError(
            "variables", "must be None, a path or an IbanggaVariables instance", variables
        )
    columns = [v.column for v in loaded.variables]
    if shares is not None and not isinstance(shares, Mapping):
        raise InvalidInputError("shares", "must be a mapping of column name to share", shares)
    overrides = dict(shares or {})
    for name, value in overrides.items():
        if name not in columns:
            raise InvalidInputError("shares", f"has no variable column {name!r}", name)
        _check_float(f"shares[{name!r}]", value, 0.0, 1.0)
    out = []
    for v in loaded.variables:
        raw = v.input_coding == "raw"
        default = _DEFAULT_SHARES.get(v.column, _FALLBACK_SHARE["raw" if raw else "score"])
        out.append(
            _FamilyVariable(
                column=v.column,
                raw=raw,
                na=_na_rule(v.na_rule) if v.na_possible else None,
                share=float(overrides.get(v.column, default)),
            )
        )
    return tuple(out)


def _region_codes(regions: int) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int16]]:
    """BPS-like codes: province code and province * 100 + k for k = 1, 2, ..."""
    counts = np.array([c for _, c in _PROVINCES], dtype=np.float64)
    per_province = _apportion(regions, counts)
    province = np.repeat(np.array([p for p, _ in _PROVINCES], dtype=np.int8), per_province)
    within = np.concatenate([np.arange(1, k + 1) for k in per_province])
    return province, (province.astype(np.int16) * 100 + within).astype(np.int16)


class _Families(_Model):
    kind = 0

    def __init__(
        self,
        n: int,
        seed: int,
        *,
        regions: int,
        variables: tuple[_FamilyVariable, ...],
        couple_share: float,
        child_share: float,
        school_age_share: float,
        regional_sd: float,
        weights: bool,
    ) -> None:
        super().__init__(n, seed)
        self.variables = variables
        self.weights = weights
        cols = [_Column("family_id", "int64"), _Column("province", "int8")]
        cols += [_Column("kab_kota", "int16")]
        cols += [_Column(v.column, "int8", nullable=True) for v in variables]
        if weights:
            cols.append(_Column("weight", "float64"))
        self.columns = tuple(cols)
        self.dictionary_columns = ("province", "kab_kota", *(v.column for v in variables))
        self.delta_columns = ("family_id",)

        rng = _structure_rng(seed, self.kind)
        self.province, self.kab_kota = _region_codes(regions)
        sizes = _apportion(n, rng.lognormal(0.0, 0.8, regions))
        self.ends = np.cumsum(sizes)
        development = rng.standard_normal(regions)

        def regional(share: float, sign: float = 1.0) -> FloatArray:
            effect = 0.7 * development + 0.71 * rng.standard_normal(regions)
            return _logit(share) + sign * regional_sd * effect

        # family "advantage" tiers: low / middle / high, more high tiers in developed regions
        high = _expit(-1.1 + 0.5 * development)
        low = _expit(-1.1 - 0.5 * development)
        self.tier_low = _threshold(low)
        self.tier_high = _threshold(1.0 - high)
        # household structure (who is "applicable")
        self.t_couple = _threshold(_expit(regional(couple_share)))
        base_child = min(0.98, child_share / (couple_share + 0.5 * (1.0 - couple_share)))
        child_logit = regional(base_child)
        self.t_child_couple = _threshold(_expit(child_logit))
        self.t_child_alone = _threshold(0.5 * _expit(child_logit))
        school_given_child = school_age_share / child_share if child_share > 0 else 0.0
        self.t_school = _threshold(_expit(regional(min(school_given_child, 1.0))))
        self.t_generic = int(_threshold(np.array(_GENERIC_NA_SHARE)))
        # variable thresholds per region x tier, one table per variable
        shift = np.array(_TIER_SHIFT)
        tables = []
        for v in variables:
            sign = -1.0 if v.raw else 1.0
            logits = regional(v.share, sign)[:, None] + sign * shift[None, :]
            tables.append(_threshold(_expit(logits)).reshape(-1))
        self.tables = tables
        self.region_weight = np.exp(0.1 * rng.standard_normal(regions))
        # exact 0 and 1 shares stay exact (16-bit thresholds stop at 1/65536 and 65535/65536)
        self.fixed_couple = couple_share if couple_share in (0.0, 1.0) else None
        self.fixed_child = child_share if child_share in (0.0, 1.0) else None
        self.school_is_child = school_age_share == child_share

    def draw_block(self, rng: np.random.Generator) -> dict[str, npt.NDArray[Any]]:
        return {"u": _uniform16(rng, 6 + len(self.variables))}

    def build(
        self, start: int, stop: int, draws: Mapping[str, npt.NDArray[Any]]
    ) -> dict[str, _Values]:
        u = draws["u"]
        first, counts = _segments(self.ends, start, stop)
        units = slice(first, first + counts.size)

        def per_row(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
            return np.repeat(values[units], counts)

        region = per_row(np.arange(self.ends.size, dtype=np.intp))
        tier = (u[0] >= per_row(self.tier_low)).astype(np.intp)
        tier += u[0] >= per_row(self.tier_high)
        combo = region * 3 + tier
        couple = u[1] < per_row(self.t_couple)
        if self.fixed_couple is not None:
            couple[:] = self.fixed_couple == 1.0
        child = u[2] < np.where(couple, per_row(self.t_child_couple), per_row(self.t_child_alone))
        if self.fixed_child is not None:
            child[:] = self.fixed_child == 1.0
        school = child if self.school_is_child else child & (u[3] < per_row(self.t_school))
        applicable: dict[NaRule, npt.NDArray[np.bool_]] = {
            "couple": couple,
            "child": child,
            "school_age": school,
            "couple_and_child": couple & child,
            "generic": u[4] >= self.t_generic,
        }
        out: dict[str, _Values] = {
            "family_id": (np.arange(start + 1, stop + 1, dtype=np.int64), None),
            "province": (per_row(self.province), None),
            "kab_kota": (per_row(self.kab_kota), None),
        }
        for j, (v, table) in enumerate(zip(self.variables, self.tables, strict=True)):
            if v.share in (0.0, 1.0):  # exact 0 and 1 shares stay exact
                value = np.full(stop - start, v.share == 1.0)
            else:
                value = u[6 + j] < table.take(combo)
            valid = None if v.na is None else applicable[v.na]
            if valid is not None:
                value &= valid
            out[v.column] = (value.view(np.int8), valid)
        if self.weights:
            jitter = 0.9 + u[5] * (0.2 / _U16)
            out["weight"] = (per_row(self.region_weight) * jitter, None)
        return out


def _families_model(
    n: int,
    seed: int,
    regions: int,
    weights: bool,
    variables: IbanggaVariables | str | os.PathLike[str] | None,
    shares: Mapping[str, float] | None,
    couple_share: float,
    child_share: float,
    school_age_share: float,
    regional_sd: float,
) -> _Families:
    n = _check_int("n", n, 0)
    seed = _check_seed(seed)
    regions = _check_int("regions", regions, 1, _MAX_REGIONS)
    couple_share = _check_float("couple_share", couple_share, 0.0, 1.0)
    child_share = _check_float("child_share", child_share, 0.0, 1.0)
    school_age_share = _check_float("school_age_share", school_age_share, 0.0, 1.0)
    if school_age_share > child_share:
        raise InvalidInputError(
            "school_age_share", "must not exceed `child_share`", school_age_share
        )
    regional_sd = _check_float("regional_sd", regional_sd, 0.0, 5.0)
    if not isinstance(weights, bool):
        raise InvalidInputError("weights", "must be True or False", weights)
    return _Families(
        n,
        seed,
        regions=regions,
        variables=_family_variables(variables, shares),
        couple_share=couple_share,
        child_share=child_share,
        school_age_share=school_age_share,
        regional_sd=regional_sd,
        weights=weights,
    )


def synthetic_families(
    n: int,
    *,
    seed: int,
    regions: int = 514,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    weights: bool = False,
    variables: IbanggaVariables | str | os.PathLike[str] | None = None,
    shares: Mapping[str, float] | None = None,
    couple_share: float = 0.80,
    child_share: float = 0.62,
    school_age_share: float = 0.42,
    regional_sd: float = 0.35,
) -> pd.DataFrame:
    r"""Synthetic family census (PK21-like): one row per family with the 17 iBangga variables.

    Parameters
    ----------
    n : int
        Number of families [count >= 0].
    seed : int
        Seed [integer >= 0]; the same seed and parameters give identical data.
    regions : int, default 514
        Number of kab/kota [count 1-1000]; 514 gives each of the 34 provinces its 2021 number
        of kab/kota.
    chunk_size : int, default 1,048,576
        Rows generated per batch [count >= 1]; it bounds the temporary memory and does not
        change the data.
    weights : bool, default False
        Add a ``weight`` column (a census needs none).
    variables : IbanggaVariables, path or None
        The variable map giving the column names, their NA possibility and coding; None: the
        packaged map (:func:`~dppapp_indikator.survey.family.load_ibangga_variables`).
    shares : mapping of str to float, optional
        Nominal national share [share 0-1] of families whose stored value is 1, per column
        (among applicable families); overrides the illustrative defaults.
    couple_share : float, default 0.80
        Nominal share of families with a married couple [share 0-1].
    child_share : float, default 0.62
        Nominal share of families with a child [share 0-1].
    school_age_share : float, default 0.42
        Nominal share of families with a child aged 7-15 [share 0-1], at most ``child_share``.
    regional_sd : float, default 0.35
        Standard deviation of the region effects [logit units 0-5].

    Returns
    -------
    pandas.DataFrame
        Columns ``family_id`` (int64, 1..n), ``province`` (int8, BPS province code),
        ``kab_kota`` (int16, BPS-like code province x 100 + k), one nullable ``Int8`` column
        per map variable (0, 1 or null = not applicable) in map order, and ``weight``
        (float64) when asked. Rows are grouped by kab/kota.

    Raises
    ------
    InvalidInputError
        If ``n`` or ``seed`` is not a non-negative integer, a share lies outside [0, 1],
        ``school_age_share`` exceeds ``child_share``, or ``shares`` names an unknown column.

    Notes
    -----
    Region sizes are lognormal (sd 0.8) and apportioned to ``n`` exactly. Each region has a
    development score $D_r$; each family an advantage tier $t \in \{-1, 0, 1\}$ (more high
    tiers where $D_r$ is high). The stored value of variable $j$ for family $f$ in region $r$
    is 1 with probability

    $$
    \Pr(x_{fj} = 1) = \operatorname{logit}^{-1}\!\Big(\operatorname{logit}\pi_j
      + s_j\,\sigma\,(0.7 D_r + 0.71 e_{rj}) + 0.8\, s_j\, t_f\Big)
    $$

    with $\pi_j$ the nominal share, $\sigma$ = ``regional_sd``, $e_{rj}$ standard normal,
    and $s_j = -1$ for raw-coded negative variables (the stored 1 is the adverse event:
    conflict, divorce, illness; the map's ``input_coding = "raw"``), $+1$ otherwise.
    NA-possible variables are null where their ``na_rule`` does not apply: no married
    couple (marriage certificate), no child (birth certificates), no child aged 7-15
    (schooling), no couple with a child (joint parenting); an NA rule the generator cannot
    read gives nulls for 20 % of families. Couple, child and school-age shares vary by region
    (logit sd ``regional_sd``), so regional indices and NA shares differ. Draws are 16-bit
    uniforms (probabilities on a 1/65,536 grid). Reproducibility: see the module docstring.

    References
    ----------
    1. Badan Kependudukan dan Keluarga Berencana Nasional (BKKBN), *Peraturan BKKBN Nomor 3
       Tahun 2022 tentang Pengukuran Keberhasilan Pembangunan Keluarga melalui Indeks
       Pembangunan Keluarga*, 2022.
    2. NumPy developers, *numpy.random.SeedSequence: parallel random number generation*,
       NumPy documentation, 2024.

    Examples
    --------
    >>> from dppapp_indikator.synthetic import synthetic_families
    >>> families = synthetic_families(1_000, seed=1, regions=6)
    >>> families.shape
    (1000, 20)
    >>> list(families.columns[:5])
    ['family_id', 'province', 'kab_kota', 'worship', 'marriage_certificate']
    >>> sorted(families["worship"].dropna().unique().tolist())
    [0, 1]
    >>> synthetic_families(1_000, seed=1, regions=6).equals(families)
    True
    """
    model = _families_model(
        n,
        seed,
        regions,
        weights,
        variables,
        shares,
        couple_share,
        child_share,
        school_age_share,
        regional_sd,
    )
    return _frame(model, _check_int("chunk_size", chunk_size, 1))


def write_families_parquet(
    path: str | os.PathLike[str],
    n: int,
    *,
    seed: int,
    partitions: int | None = None,
    rows_per_file: int | None = None,
    regions: int = 514,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    weights: bool = False,
    variables: IbanggaVariables | str | os.PathLike[str] | None = None,
    shares: Mapping[str, float] | None = None,
    couple_share: float = 0.80,
    child_share: float = 0.62,
    school_age_share: float = 0.42,
    regional_sd: float = 0.35,
    compression: Compression = "zstd",
    workers: int = 1,
    if_exists: IfExistsPolicy = "error",
) -> SyntheticFiles:
    r"""Stream :func:`synthetic_families` to a directory of Parquet files.

    Parameters
    ----------
    path : str or PathLike
        Output directory (created if needed); files ``part-00000.parquet``, ... in row order.
    n : int
        Number of families [count >= 0].
    seed : int
        Seed [integer >= 0].
    partitions : int, optional
        Number of files [count >= 1]: rows split evenly, in ``family_id`` order.
    rows_per_file : int, optional
        Rows per file [count >= 1] (the last file takes the rest); not with ``partitions``.
        Neither given: 4,194,304 rows per file.
    regions, chunk_size, weights, variables, shares, couple_share, child_share, \
school_age_share, regional_sd
        As :func:`synthetic_families`; ``chunk_size`` is also the Parquet row-group size.
    compression : {"zstd", "snappy", "lz4", "gzip", "none"}, default "zstd"
        Parquet codec.
    workers : int, default 1
        Files written at the same time by a thread pool [count >= 1]; memory grows with it.
    if_exists : {"error", "replace"}, default "error"
        When ``path`` already holds ``part-*.parquet`` files: raise, or delete them first.

    Returns
    -------
    SyntheticFiles
        The directory, files, rows, bytes and seconds.

    Raises
    ------
    InvalidInputError
        As :func:`synthetic_families`; also for a bad ``partitions``, ``rows_per_file``,
        ``compression``, ``workers`` or ``if_exists``, or old parts with ``if_exists="error"``.

    Notes
    -----
    The files hold exactly the rows of :func:`synthetic_families` (same seed, any
    partitioning), one row group per batch of ``chunk_size`` rows. Files are plain (no Hive
    partition directories): rows are in ``family_id`` order and grouped by kab/kota, so the
    row-group statistics of ``kab_kota`` let Polars and pyarrow skip row groups when
    filtering on a region, and a few large files read faster in Polars
    (``scan_parquet(path)``) and Dask (``read_parquet(path)``, one partition per file) than
    514 small ones. Encodings: dictionary (RLE) for the codes and the 0/1 variables,
    delta for ``family_id``. The schema carries pandas metadata, so pandas and Dask read the
    variables back as nullable ``Int8``. Memory: about 170 bytes x ``chunk_size`` x
    ``workers``, whatever ``n``.

    $$
    \text{file } p \text{ of } P \text{ holds rows } \lfloor n p / P \rfloor + 1 \ldots
    \lfloor n (p + 1) / P \rfloor
    $$

    References
    ----------
    1. Apache Software Foundation, *Apache Parquet format specification*, 2024.
    2. Badan Kependudukan dan Keluarga Berencana Nasional (BKKBN), *Pendataan Keluarga 2021
       (PK21)*, 2021.

    Examples
    --------
    >>> import pandas as pd
    >>> import tempfile, pandas as pd
    >>> from dppapp_indikator.synthetic import synthetic_families, write_families_parquet
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_families_parquet(tmp, 1_000, seed=1, regions=6, partitions=3)
    ...     back = pd.read_parquet(tmp)
    >>> len(written.files), written.rows
    (3, 1000)
    >>> back.equals(synthetic_families(1_000, seed=1, regions=6))
    True
    """
    model = _families_model(
        n,
        seed,
        regions,
        weights,
        variables,
        shares,
        couple_share,
        child_share,
        school_age_share,
        regional_sd,
    )
    return _write(
        model,
        path,
        kind="families",
        partitions=partitions,
        rows_per_file=rows_per_file,
        chunk_size=chunk_size,
        compression=compression,
        workers=workers,
        if_exists=if_exists,
    )


# ------------------------------------------------------------------------------------------
# survey respondents (stratified cluster sample)
# ------------------------------------------------------------------------------------------


def _calibrate_intercept(share: float, sd: float, female_share: float, sex_effect: float) -> float:
    """Intercept a with E[expit(a + b + s)] = share, b ~ N(0, sd), s = +/- sex_effect."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(60)
    weights = weights / weights.sum()

    def mean(a: float) -> float:
        female = _expit(a + sd * nodes + sex_effect) @ weights
        male = _expit(a + sd * nodes - sex_effect) @ weights
        return float(female_share * female + (1.0 - female_share) * male)

    low, high = -40.0, 40.0
    for _ in range(100):
        middle = 0.5 * (low + high)
        if mean(middle) < share:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


class _Survey(_Model):
    kind = 1
    sex_effect = 0.2  # logit effect of being female (+) or male (-) on violence
    y_mean = 50.0
    y_sd = 10.0

    def __init__(
        self,
        n: int,
        seed: int,
        *,
        psus: IntArray,
        regions: int,
        violence_share: float,
        psu_sd: float,
        y_icc: float,
        female_share: float,
        ages: tuple[int, int],
        fpc: bool,
    ) -> None:
        super().__init__(n, seed)
        strata = psus.size
        cols = [
            _Column("stratum", "int16"),
            _Column("psu", "int32"),
            _Column("weight", "float64"),
        ]
        if fpc:
            cols.append(_Column("fpc", "int32"))
        cols += [
            _Column("region", "int16"),
            _Column("sex", "int8"),
            _Column("age", "int8"),
            _Column("violence", "int8"),
            _Column("y", "float64"),
        ]
        self.columns = tuple(cols)
        self.dictionary_columns = ("stratum", "region", "sex", "age", "violence")
        self.fpc = fpc
        self.female_share = female_share
        self.ages = ages
        self.y_icc = y_icc

        rng = _structure_rng(seed, self.kind)
        total = int(psus.sum())
        self.psu_stratum = np.repeat(np.arange(1, strata + 1, dtype=np.int16), psus)
        sizes = _apportion(n, rng.lognormal(0.0, 0.3, total))
        self.ends = np.cumsum(sizes)
        stratum_region = (np.arange(strata) * regions // strata + 1).astype(np.int16)
        self.psu_region = stratum_region[self.psu_stratum - 1]
        # population PSUs per stratum (fpc) and PSU weights, constant within a PSU
        fraction = rng.uniform(0.02, 0.2, strata)
        population_psus = np.ceil(psus / fraction).astype(np.int32)
        self.psu_fpc = np.repeat(population_psus, psus)
        measure = rng.lognormal(np.log(500.0), 0.3, total)  # persons in the population PSU
        self.psu_weight = (
            np.repeat(population_psus / psus, psus) * measure / np.maximum(sizes, 1)
        ).astype(np.float64)
        self.psu_effect = psu_sd * rng.standard_normal(total)
        self.psu_y = rng.standard_normal(total)
        if violence_share in (0.0, 1.0):
            self.intercept = math.copysign(math.inf, violence_share - 0.5)
        else:
            self.intercept = _calibrate_intercept(
                violence_share, psu_sd, female_share, self.sex_effect
            )

    def draw_block(self, rng: np.random.Generator) -> dict[str, npt.NDArray[Any]]:
        return {"u": rng.random((3, SEED_BLOCK_ROWS)), "z": rng.standard_normal(SEED_BLOCK_ROWS)}

    def build(
        self, start: int, stop: int, draws: Mapping[str, npt.NDArray[Any]]
    ) -> dict[str, _Values]:
        u, z = draws["u"], draws["z"]
        first, counts = _segments(self.ends, start, stop)
        index = np.repeat(np.arange(first, first + counts.size, dtype=np.intp), counts)
        female = u[0] < self.female_share
        low, high = self.ages
        age = (low + np.floor(u[1] * (high - low + 1))).astype(np.int8)
        with np.errstate(invalid="ignore"):
            linear = self.intercept + self.psu_effect[index]
            linear += np.where(female, self.sex_effect, -self.sex_effect)
        violence = u[2] < _expit(linear)
        y = self.y_mean + self.y_sd * (
            math.sqrt(self.y_icc) * self.psu_y[index] + math.sqrt(1.0 - self.y_icc) * z
        )
        out: dict[str, _Values] = {
            "stratum": (self.psu_stratum[index], None),
            "psu": ((index + 1).astype(np.int32), None),
            "weight": (self.psu_weight[index], None),
            "region": (self.psu_region[index], None),
            "sex": (np.where(female, 2, 1).astype(np.int8), None),
            "age": (age, None),
            "violence": (violence.view(np.int8), None),
            "y": (y, None),
        }
        if self.fpc:
            out["fpc"] = (self.psu_fpc[index], None)
        return out


def _survey_model(
    n: int,
    seed: int,
    strata: int,
    psus_per_stratum: int | Sequence[int],
    regions: int,
    violence_share: float,
    psu_sd: float,
    y_icc: float,
    female_share: float,
    ages: tuple[int, int],
    fpc: bool,
) -> _Survey:
    n = _check_int("n", n, 0)
    seed = _check_seed(seed)
    strata = _check_int("strata", strata, 1, 32_767)
    if isinstance(psus_per_stratum, (int, np.integer)) and not isinstance(psus_per_stratum, bool):
        psus = np.full(strata, _check_int("psus_per_stratum", psus_per_stratum, 1), np.int64)
    elif isinstance(psus_per_stratum, Sequence) and not isinstance(psus_per_stratum, str):
        if len(psus_per_stratum) != strata:
            raise InvalidInputError(
                "psus_per_stratum",
                f"must have one count per stratum ({strata})",
                len(psus_per_stratum),
            )
        psus = np.array(
            [_check_int("psus_per_stratum", k, 1) for k in psus_per_stratum], dtype=np.int64
        )
    else:
        raise InvalidInputError(
            "psus_per_stratum", "must be an integer or a sequence of integers", psus_per_stratum
        )
    if int(psus.sum()) > 2**31 - 2:
        raise InvalidInputError("psus_per_stratum", "must total fewer than 2**31 PSUs")
    regions = _check_int("regions", regions, 1, 32_767)
    violence_share = _check_float("violence_share", violence_share, 0.0, 1.0)
    psu_sd = _check_float("psu_sd", psu_sd, 0.0, 10.0)
    y_icc = _check_float("y_icc", y_icc, 0.0, 1.0)
    female_share = _check_float("female_share", female_share, 0.0, 1.0)
    if (
        not isinstance(ages, Sequence)
        or len(ages) != 2
        or not all(isinstance(a, (int, np.integer)) for a in ages)
    ):
        raise InvalidInputError("ages", "must be a pair of integers (youngest, oldest)", ages)
    low = _check_int("ages", ages[0], 0, 120)
    high = _check_int("ages", ages[1], low, 120)
    if not isinstance(fpc, bool):
        raise InvalidInputError("fpc", "must be True or False", fpc)
    return _Survey(
        n,
        seed,
        psus=psus,
        regions=regions,
        violence_share=violence_share,
        psu_sd=psu_sd,
        y_icc=y_icc,
        female_share=female_share,
        ages=(low, high),
        fpc=fpc,
    )


def synthetic_survey(
    n: int,
    *,
    seed: int,
    strata: int = 12,
    psus_per_stratum: int | Sequence[int] = 10,
    regions: int = 6,
    violence_share: float = 0.25,
    psu_sd: float = 0.6,
    y_icc: float = 0.2,
    female_share: float = 0.5,
    ages: tuple[int, int] = (13, 64),
    fpc: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> pd.DataFrame:
    r"""Synthetic survey respondents from a stratified two-stage cluster sample.

    Parameters
    ----------
    n : int
        Number of respondents [count >= 0], spread over the PSUs (lognormal sizes, sd 0.3).
    seed : int
        Seed [integer >= 0].
    strata : int, default 12
        Number of strata [count 1-32767].
    psus_per_stratum : int or sequence of int, default 10
        Sampled PSUs per stratum [count >= 1], one number for all strata or one per stratum
        (1 makes a lonely PSU).
    regions : int, default 6
        Number of regions [count >= 1]; consecutive strata share a region.
    violence_share : float, default 0.25
        Expected share of respondents with ``violence = 1`` [share 0-1].
    psu_sd : float, default 0.6
        Standard deviation of the PSU random effect on ``violence`` [logit units 0-10]; it
        makes the design effect exceed 1 (0: no clustering).
    y_icc : float, default 0.2
        Share of the variance of ``y`` between PSUs [share 0-1].
    female_share : float, default 0.5
        Expected share of women [share 0-1].
    ages : (int, int), default (13, 64)
        Youngest and oldest age [years 0-120], uniform in between.
    fpc : bool, default False
        Add the ``fpc`` column: the number of population PSUs in the stratum.
    chunk_size : int, default 1,048,576
        Rows per batch [count >= 1]; does not change the data.

    Returns
    -------
    pandas.DataFrame
        ``stratum`` (int16, 1..strata), ``psu`` (int32, unique over strata, 1..), ``weight``
        (float64, > 0, constant within a PSU), ``fpc`` (int32, if asked), ``region`` (int16),
        ``sex`` (int8: 1 male, 2 female), ``age`` (int8), ``violence`` (int8 0/1), ``y``
        (float64). Rows are ordered by stratum and PSU.

    Raises
    ------
    InvalidInputError
        If ``n`` or ``seed`` is not a non-negative integer, a count or share is out of range,
        or ``psus_per_stratum`` has the wrong length.

    Notes
    -----
    Stratum $h$ samples $m_h$ of $M_h = \lceil m_h / f_h \rceil$ population PSUs
    ($f_h \sim U(0.02, 0.2)$; $M_h$ is the ``fpc`` column). PSU $i$ has a population size
    $N_i$ (lognormal around 500) and $n_i$ respondents; every respondent carries the weight
    $w_i = (M_h / m_h)(N_i / n_i)$. With a PSU effect $b_i \sim N(0, \sigma^2)$
    ($\sigma$ = ``psu_sd``) and $s = +0.2$ for women, $-0.2$ for men:

    $$
    \Pr(\text{violence} = 1) = \operatorname{logit}^{-1}(a + b_i + s), \qquad
    y = 50 + 10\left(\sqrt{\rho}\, c_i + \sqrt{1 - \rho}\, \varepsilon\right)
    $$

    where $a$ is solved (Gauss-Hermite quadrature) so that the expected share is
    ``violence_share``, $c_i, \varepsilon \sim N(0, 1)$ and $\rho$ = ``y_icc``. The
    intra-PSU correlation gives design effects near $1 + (\bar n - 1)\,\mathrm{ICC}$ (Kish).

    References
    ----------
    1. Kish, L., *Survey Sampling*, Wiley, 1965.
    2. Kementerian Pemberdayaan Perempuan dan Perlindungan Anak and BPS, *Survei Pengalaman
       Hidup Perempuan Nasional (SPHPN) 2021*, 2022.

    Examples
    --------
    >>> from dppapp_indikator.synthetic import synthetic_survey
    >>> sample = synthetic_survey(2_000, seed=7, fpc=True)
    >>> list(sample.columns)
    ['stratum', 'psu', 'weight', 'fpc', 'region', 'sex', 'age', 'violence', 'y']
    >>> int(sample["psu"].nunique()), int(sample["stratum"].nunique())
    (120, 12)
    >>> bool(sample.groupby("psu")["weight"].nunique().eq(1).all())
    True
    """
    model = _survey_model(
        n,
        seed,
        strata,
        psus_per_stratum,
        regions,
        violence_share,
        psu_sd,
        y_icc,
        female_share,
        ages,
        fpc,
    )
    return _frame(model, _check_int("chunk_size", chunk_size, 1))


def write_survey_parquet(
    path: str | os.PathLike[str],
    n: int,
    *,
    seed: int,
    partitions: int | None = None,
    rows_per_file: int | None = None,
    strata: int = 12,
    psus_per_stratum: int | Sequence[int] = 10,
    regions: int = 6,
    violence_share: float = 0.25,
    psu_sd: float = 0.6,
    y_icc: float = 0.2,
    female_share: float = 0.5,
    ages: tuple[int, int] = (13, 64),
    fpc: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    compression: Compression = "zstd",
    workers: int = 1,
    if_exists: IfExistsPolicy = "error",
) -> SyntheticFiles:
    r"""Stream :func:`synthetic_survey` to a directory of Parquet files.

    Parameters
    ----------
    path : str or PathLike
        Output directory; files ``part-00000.parquet``, ... in row order.
    n : int
        Number of respondents [count >= 0].
    seed : int
        Seed [integer >= 0].
    partitions, rows_per_file, chunk_size, compression, workers, if_exists
        As :func:`write_families_parquet`.
    strata, psus_per_stratum, regions, violence_share, psu_sd, y_icc, female_share, ages, fpc
        As :func:`synthetic_survey`.

    Returns
    -------
    SyntheticFiles
        The directory, files, rows, bytes and seconds.

    Raises
    ------
    InvalidInputError
        As :func:`synthetic_survey` and :func:`write_families_parquet`.

    Notes
    -----
    The files hold exactly the rows of :func:`synthetic_survey` with the same arguments,
    in stratum and PSU order, whatever the partitioning:

    $$
    \text{file } p \text{ of } P \text{ holds rows } \lfloor n p / P \rfloor + 1 \ldots
    \lfloor n (p + 1) / P \rfloor
    $$

    References
    ----------
    1. Apache Software Foundation, *Apache Parquet format specification*, 2024.

    Examples
    --------
    >>> import pandas as pd
    >>> import tempfile, pandas as pd
    >>> from dppapp_indikator.synthetic import write_survey_parquet
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_survey_parquet(tmp, 500, seed=7, partitions=2)
    ...     back = pd.read_parquet(tmp)
    >>> written.rows, len(back)
    (500, 500)
    """
    model = _survey_model(
        n,
        seed,
        strata,
        psus_per_stratum,
        regions,
        violence_share,
        psu_sd,
        y_icc,
        female_share,
        ages,
        fpc,
    )
    return _write(
        model,
        path,
        kind="survey",
        partitions=partitions,
        rows_per_file=rows_per_file,
        chunk_size=chunk_size,
        compression=compression,
        workers=workers,
        if_exists=if_exists,
    )


# ------------------------------------------------------------------------------------------
# DHS-style women's file (birth histories)
# ------------------------------------------------------------------------------------------


def _fixed_width(fields: Sequence[tuple[npt.NDArray[Any], int]]) -> npt.NDArray[np.bytes_]:
    """Right-aligned decimal fields side by side, as fixed-width ASCII strings (DHS caseid)."""
    rows = len(fields[0][0])
    total = sum(width for _, width in fields)
    out = np.full((rows, total), ord(" "), dtype=np.uint8)
    position = 0
    for values, width in fields:
        number = np.asarray(values, dtype=np.int64)
        for digit in range(width):
            power = 10**digit
            shown = (number >= power) | (digit == 0)
            column = position + width - 1 - digit
            out[:, column] = np.where(shown, ord("0") + (number // power) % 10, ord(" "))
        position += width
    strings: npt.NDArray[np.bytes_] = out.view(f"S{total}").reshape(rows)
    return strings


class _Women(_Model):
    kind = 2
    ages_months: Final = (180, 599)  # age at interview: 15-49 completed years
    urban_factor: Final = (0.88, 1.12)  # fertility multipliers, urban / rural strata
    cluster_sd: Final = 0.15
    frailty_shape: Final = 4.0

    def __init__(
        self,
        n: int,
        seed: int,
        *,
        clusters: int,
        strata: int,
        interview_cmc: tuple[int, int],
        asfr: tuple[float, ...],
        twin_share: float,
    ) -> None:
        super().__init__(n, seed)
        cols = [
            _Column("caseid", "str"),
            _Column("v005", "int32"),
            _Column("v008", "int16"),
            _Column("v011", "int16"),
            _Column("v021", "int32"),
            _Column("v022", "int16"),
            _Column("v025", "int8"),
        ]
        cols += [_Column(f"b3_{i:02d}", "int16", nullable=True) for i in range(1, 21)]
        self.columns = tuple(cols)
        self.dictionary_columns = ("v005", "v008", "v021", "v022", "v025")
        rng = _structure_rng(seed, self.kind)
        per_stratum = 1 + _apportion(clusters - strata, rng.lognormal(0.0, 0.5, strata))
        stratum = np.repeat(np.arange(1, strata + 1, dtype=np.int16), per_stratum)
        self.cluster_stratum = stratum
        self.cluster_v025 = np.where(stratum % 2 == 1, 1, 2).astype(np.int8)
        sizes = _apportion(n, rng.lognormal(0.0, 0.3, clusters))
        self.ends = np.cumsum(sizes)
        self.starts = self.ends - sizes
        low, high = interview_cmc
        self.cluster_v008 = rng.integers(low, high + 1, clusters).astype(np.int16)
        raw_weight = rng.lognormal(0.0, 0.4, clusters)
        scale = n / float(raw_weight @ sizes) if n else 1.0
        self.cluster_v005 = np.rint(raw_weight * scale * 1e6).astype(np.int32)
        sd = self.cluster_sd
        factor = np.exp(sd * rng.standard_normal(clusters) - sd * sd / 2)
        factor *= np.where(self.cluster_v025 == 1, *self.urban_factor)
        self.cluster_fertility = factor
        # single-year birth probabilities at ages 12 ... 49
        self.years = np.arange(_FIRST_BIRTH_AGE, _LAST_BIRTH_AGE + 1)
        self.rates = np.concatenate((_EARLY_RATES, np.repeat(asfr, 5))).astype(np.float64)
        self.twin_threshold = int(np.rint(twin_share * _U16))
        # ages at interview: slowly declining with age (younger cohorts are larger)
        months = np.arange(self.ages_months[0], self.ages_months[1] + 1)
        density = np.exp(-0.012 * (months - months[0]) / 12.0)
        self.age_thresholds = (np.cumsum(density) / density.sum() * _U16)[:-1]
        self.width = (
            max(4, len(str(clusters))),
            max(4, len(str(int(sizes.max(initial=0))))),
            3,
        )

    def draw_block(self, rng: np.random.Generator) -> dict[str, npt.NDArray[Any]]:
        years = self.years.size
        u = _uniform16(rng, 2 + 3 * years)
        frailty = rng.gamma(self.frailty_shape, 1.0 / self.frailty_shape, SEED_BLOCK_ROWS)
        return {"u": u, "frailty": frailty}

    def build(
        self, start: int, stop: int, draws: Mapping[str, npt.NDArray[Any]]
    ) -> dict[str, _Values]:
        u, frailty = draws["u"], draws["frailty"]
        years = self.years.size
        first, counts = _segments(self.ends, start, stop)
        index = np.repeat(np.arange(first, first + counts.size, dtype=np.intp), counts)
        v008 = self.cluster_v008[index]
        age = self.ages_months[0] + np.searchsorted(self.age_thresholds, u[0], side="right")
        v011 = (v008 - age).astype(np.int16)
        # one birth at most per year of age (a second one as a twin), month uniform in the year
        woman = (self.cluster_fertility[index] * frailty * _U16).astype(np.float32)
        born = np.empty((years, stop - start), dtype=bool)
        cap = np.float32(_MAX_BIRTH_RATE * _U16)
        for k, rate in enumerate(self.rates.astype(np.float32)):  # year by year: less memory
            np.less(u[2 + k], np.minimum(rate * woman, cap), out=born[k])
        # the births, woman by woman, latest year of age first: (row, year) pairs
        row, back = np.nonzero(born.T[:, ::-1])
        year = years - 1 - back
        month = (u[2 + years + year, row].astype(np.int32) * 12) >> 16
        cmc = v011[row].astype(np.int32) + 12 * (_FIRST_BIRTH_AGE + year) + month
        kept = cmc <= v008[row]  # nothing after the interview
        row, year, cmc = row[kept], year[kept], cmc[kept]
        twins = 1 + (u[2 + 2 * years + year, row] < self.twin_threshold)
        row, cmc = np.repeat(row, twins), np.repeat(cmc, twins)
        # slot = rank of the birth within its woman (most recent first); keep 20 slots
        new_woman = np.flatnonzero(np.diff(row, prepend=-1) != 0)
        slot = np.arange(row.size) - np.repeat(new_woman, np.diff(np.append(new_woman, row.size)))
        fits = slot < _B3_SLOTS
        births = np.zeros((_B3_SLOTS, stop - start), dtype=np.int16)
        births[slot[fits], row[fits]] = cmc[fits]
        household = np.arange(start, stop) - self.starts[index] + 1
        line = 1 + ((u[1].astype(np.int32) * 4) >> 16)
        caseid = _fixed_width(
            [(index + 1, self.width[0]), (household, self.width[1]), (line, self.width[2])]
        )
        out: dict[str, _Values] = {
            "caseid": (caseid, None),
            "v005": (self.cluster_v005[index], None),
            "v008": (v008, None),
            "v011": (v011, None),
            "v021": ((index + 1).astype(np.int32), None),
            "v022": (self.cluster_stratum[index], None),
            "v025": (self.cluster_v025[index], None),
        }
        for number, values in enumerate(births, start=1):
            out[f"b3_{number:02d}"] = (values, values > 0)
        return out


def _women_model(
    n: int,
    seed: int,
    clusters: int,
    strata: int,
    interview_cmc: tuple[int, int],
    asfr: Sequence[float],
    twin_share: float,
) -> _Women:
    n = _check_int("n", n, 0)
    seed = _check_seed(seed)
    strata = _check_int("strata", strata, 1, 32_767)
    clusters = _check_int("clusters", clusters, strata, 2**31 - 2)
    if (
        not isinstance(interview_cmc, Sequence)
        or len(interview_cmc) != 2
        or not all(isinstance(c, (int, np.integer)) for c in interview_cmc)
    ):
        raise InvalidInputError(
            "interview_cmc", "must be a pair of integers (first, last month)", interview_cmc
        )
    low = _check_int("interview_cmc", interview_cmc[0], 600, 30_000)
    high = _check_int("interview_cmc", interview_cmc[1], low, 30_000)
    if isinstance(asfr, (str, bytes)) or not isinstance(asfr, Sequence) or len(asfr) != 7:
        raise InvalidInputError("asfr", "must be 7 rates (ages 15-19 ... 45-49)", asfr)
    rates = tuple(_check_float("asfr", r, 0.0, _MAX_BIRTH_RATE) for r in asfr)
    twin_share = _check_float("twin_share", twin_share, 0.0, 0.5)
    return _Women(
        n,
        seed,
        clusters=clusters,
        strata=strata,
        interview_cmc=(low, high),
        asfr=rates,
        twin_share=twin_share,
    )


def synthetic_women(
    n: int,
    *,
    seed: int,
    clusters: int = 150,
    strata: int = 20,
    interview_cmc: tuple[int, int] = (1483, 1488),
    asfr: Sequence[float] = _DEFAULT_ASFR,
    twin_share: float = 0.012,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> pd.DataFrame:
    r"""Synthetic DHS-style women's file: one row per woman aged 15-49 with her birth history.

    Parameters
    ----------
    n : int
        Number of women [count >= 0].
    seed : int
        Seed [integer >= 0].
    clusters : int, default 150
        Number of clusters (PSUs) [count >= strata]; every stratum gets at least one.
    strata : int, default 20
        Number of strata [count 1-32767]; odd strata are urban, even strata rural.
    interview_cmc : (int, int), default (1483, 1488)
        First and last interview month [century month code, CMC = 12 (year - 1900) + month];
        the default is July-December 2023. Each cluster is interviewed in one month.
    asfr : sequence of 7 float
        Baseline age-specific fertility rates of ages 15-19 ... 45-49 [births per woman-year
        0-0.7]; the default (0.032, 0.115, 0.125, 0.100, 0.060, 0.022, 0.004) gives a TFR of
        about 2.3.
    twin_share : float, default 0.012
        Share of births that are twins [share 0-0.5].
    chunk_size : int, default 1,048,576
        Rows per batch [count >= 1]; does not change the data.

    Returns
    -------
    pandas.DataFrame
        DHS recode columns: ``caseid`` (str, fixed-width cluster, household and line
        numbers), ``v005`` (int32, weight x 1e6, constant within a cluster, mean 1e6 over
        women), ``v008`` (int16, interview CMC), ``v011`` (int16, birth CMC, age 180-599
        months at interview), ``v021`` (int32, cluster 1..clusters), ``v022`` (int16,
        stratum), ``v025`` (int8, 1 urban / 2 rural, a property of the stratum), ``b3_01`` ...
        ``b3_20`` (nullable Int16: children's birth CMCs, most recent first, null = none).

    Raises
    ------
    InvalidInputError
        If ``n`` or ``seed`` is not a non-negative integer, ``clusters < strata``, the
        interview months are not ordered or before CMC 600, ``asfr`` is not 7 rates in
        [0, 0.7], or ``twin_share`` is out of range.

    Notes
    -----
    For each year of age $a = 12 \ldots 49$ lived before the interview, woman $w$ of cluster
    $c$ has a birth with probability

    $$
    p_{wa} = \min\!\left(0.7,\; f_a \, \phi_c \, u_{s(c)} \, \gamma_w\right), \qquad
    \text{CMC} = v011 + 12 a + m, \; m \sim U\{0, \ldots, 11\}
    $$

    kept if it is not after the interview ($\text{CMC} \le v008$); $f_a$ is the ``asfr``
    rate of $a$'s group (ages 12, 13, 14: 0.001, 0.003, 0.0075, so births before 15 occur),
    $\phi_c$ a lognormal cluster factor (sd 0.15, mean 1), $u_s$ = 0.88 (urban) or 1.12
    (rural) and $\gamma_w \sim \text{Gamma}(4, 1/4)$ a woman's frailty. A birth is a twin
    (two equal CMCs) with probability ``twin_share``. Births can fall in the interview month.
    Women with more than 20 births keep the 20 most recent. Ages at interview decline
    slowly (density $\propto e^{-0.012 (a - 15)}$). The expected TFR is about
    $5 \sum f (1 + \text{twin share})$.

    References
    ----------
    1. ICF, *Standard Recode Manual for DHS 7*, The Demographic and Health Surveys Program,
       2018.
    2. Elkasabi, M., *Calculating fertility and childhood mortality rates from survey data
       using the DHS.rates R package*, PLOS ONE 14(5), 2019.

    Examples
    --------
    >>> from dppapp_indikator.synthetic import synthetic_women
    >>> women = synthetic_women(1_000, seed=3)
    >>> list(women.columns[:8])
    ['caseid', 'v005', 'v008', 'v011', 'v021', 'v022', 'v025', 'b3_01']
    >>> women["caseid"].iloc[0]
    '   1   1  3'
    >>> bool(((women["v008"] - women["v011"]).between(180, 599)).all())
    True
    """
    model = _women_model(n, seed, clusters, strata, interview_cmc, asfr, twin_share)
    return _frame(model, _check_int("chunk_size", chunk_size, 1))


def write_women_parquet(
    path: str | os.PathLike[str],
    n: int,
    *,
    seed: int,
    partitions: int | None = None,
    rows_per_file: int | None = None,
    clusters: int = 150,
    strata: int = 20,
    interview_cmc: tuple[int, int] = (1483, 1488),
    asfr: Sequence[float] = _DEFAULT_ASFR,
    twin_share: float = 0.012,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    compression: Compression = "zstd",
    workers: int = 1,
    if_exists: IfExistsPolicy = "error",
) -> SyntheticFiles:
    r"""Stream :func:`synthetic_women` to a directory of Parquet files.

    Parameters
    ----------
    path : str or PathLike
        Output directory; files ``part-00000.parquet``, ... in row order.
    n : int
        Number of women [count >= 0].
    seed : int
        Seed [integer >= 0].
    partitions, rows_per_file, chunk_size, compression, workers, if_exists
        As :func:`write_families_parquet`.
    clusters, strata, interview_cmc, asfr, twin_share
        As :func:`synthetic_women`.

    Returns
    -------
    SyntheticFiles
        The directory, files, rows, bytes and seconds.

    Raises
    ------
    InvalidInputError
        As :func:`synthetic_women` and :func:`write_families_parquet`.

    Notes
    -----
    The files hold exactly the rows of :func:`synthetic_women` with the same arguments, in
    cluster order, whatever the partitioning. Memory: about 600 bytes x ``chunk_size`` x
    ``workers`` (pass ``chunk_size=262_144`` to stay near 300 MiB).

    $$
    \text{file } p \text{ of } P \text{ holds rows } \lfloor n p / P \rfloor + 1 \ldots
    \lfloor n (p + 1) / P \rfloor
    $$

    References
    ----------
    1. ICF, *Standard Recode Manual for DHS 7*, The Demographic and Health Surveys Program,
       2018.

    Examples
    --------
    >>> import pandas as pd
    >>> import tempfile, pandas as pd
    >>> from dppapp_indikator.synthetic import write_women_parquet
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_women_parquet(tmp, 300, seed=3, partitions=2)
    ...     back = pd.read_parquet(tmp)
    >>> written.rows, list(back.columns[-1:])
    (300, ['b3_20'])
    """
    model = _women_model(n, seed, clusters, strata, interview_cmc, asfr, twin_share)
    return _write(
        model,
        path,
        kind="women",
        partitions=partitions,
        rows_per_file=rows_per_file,
        chunk_size=chunk_size,
        compression=compression,
        workers=workers,
        if_exists=if_exists,
    )


# ------------------------------------------------------------------------------------------
# the command behind `dppapp-indikator synth`
# ------------------------------------------------------------------------------------------


def synth_command(
    kind: str,
    output: str | os.PathLike[str],
    rows: int,
    seed: int,
    partitions: int | None = None,
    *,
    rows_per_file: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    compression: str = "zstd",
    workers: int = 1,
    if_exists: str = "error",
) -> SyntheticFiles:
    r"""Write a synthetic data set as Parquet: ``dppapp-indikator synth KIND OUTPUT``.

    Parameters
    ----------
    kind : {"families", "survey", "women"}
        Which generator: :func:`write_families_parquet` (514 kab/kota),
        :func:`write_survey_parquet` or :func:`write_women_parquet`, with their defaults.
    output : str or PathLike
        Output directory.
    rows : int
        Number of rows [count >= 0].
    seed : int
        Seed [integer >= 0].
    partitions : int, optional
        Number of files [count >= 1]; default: 4,194,304 rows per file.
    rows_per_file : int, optional
        Rows per file [count >= 1]; not with ``partitions``.
    chunk_size : int, default 1,048,576
        Rows per batch and Parquet row group [count >= 1].
    compression : {"zstd", "snappy", "lz4", "gzip", "none"}, default "zstd"
        Parquet codec.
    workers : int, default 1
        Files written at once [count >= 1].
    if_exists : {"error", "replace"}, default "error"
        What to do with old ``part-*.parquet`` files in ``output``.

    Returns
    -------
    SyntheticFiles
        What was written; ``str()`` of it is a one-line summary for the terminal.

    Raises
    ------
    InvalidInputError
        If ``kind`` is unknown, or any argument is invalid (named in the message).

    Notes
    -----
    Same seed, same data, however many partitions (module docstring). Write time grows
    linearly with ``rows``:

    $$
    t \approx t_0 + \text{rows} / \text{throughput}
    $$

    References
    ----------
    1. NumPy developers, *numpy.random.SeedSequence*, NumPy documentation, 2024.

    Examples
    --------
    >>> import tempfile
    >>> from dppapp_indikator.synthetic import synth_command
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     result = synth_command("survey", tmp, 1_000, 42, 2)
    >>> result.kind, result.rows, len(result.files)
    ('survey', 1000, 2)
    """
    check_choice("kind", kind, SYNTHETIC_KINDS)
    options: dict[str, Any] = {
        "seed": seed,
        "partitions": partitions,
        "rows_per_file": rows_per_file,
        "chunk_size": chunk_size,
        "compression": compression,
        "workers": workers,
        "if_exists": if_exists,
    }
    if kind == "families":
        return write_families_parquet(output, rows, **options)
    if kind == "survey":
        return write_survey_parquet(output, rows, **options)
    return write_women_parquet(output, rows, **options)
