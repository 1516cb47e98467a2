"""Satu Data Indonesia (SDI) data-quality score, agreement IKU 12.

Formulas follow methods/satudata#sdi. The score sums four aspect ratios, each over the data
files the region's data list (Daftar Data) requires: timeliness, completeness, uniqueness and
validity. :func:`sdi_quality_score` works on the four counts (vectorised);
:func:`sdi_quality_from_records` derives the counts from file-level records
(:class:`~dppapp_indikator.records.satudata.SdiFileRecord`) and shows the derivation per file.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np

from ._arrays import ArrayLike, FloatResult, broadcast, is_dataframe
from ._checks import (
    InvalidInputError,
    check_count,
    check_not_greater,
    check_range,
)
from ._display import notebook_repr
from ._structure import SUBMISSION_DAY, sdi_submission_deadline
from ._structure import _year_month as _year_month
from .policies import check_policy

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from .schemas import SdiFileRecord

__all__ = [
    "MISSING_KEY_POLICIES",
    "SUBMISSION_DAY",
    "MissingKeyPolicy",
    "SdiFileAssessment",
    "SdiQuality",
    "sdi_duplicate_rows",
    "sdi_quality_from_records",
    "sdi_quality_score",
    "sdi_submission_deadline",
]


#: How missing (NaN/None) values in key columns count when looking for duplicates.
MissingKeyPolicy: TypeAlias = Literal["equal", "distinct", "raise"]
MISSING_KEY_POLICIES: tuple[MissingKeyPolicy, ...] = ("equal", "distinct", "raise")


def sdi_quality_score(
    required: ArrayLike,
    on_time: ArrayLike,
    complete: ArrayLike,
    unique: ArrayLike,
    valid: ArrayLike,
) -> FloatResult:
    r"""Nilai kualitas data SDI from the four aspect counts.

    Parameters
    ----------
    required : int, array_like or Series
        Number of data files required by the data list (Jumlah file data sesuai ketetapan)
        [count], whole, > 0.
    on_time : int, array_like or Series
        Files collected by the walidata by the deadline [count], whole, 0 to ``required``.
    complete : int, array_like or Series
        Files with all required components [count], whole, 0 to ``required``.
    unique : int, array_like or Series
        Files with no duplicate on their key variables [count], whole, 0 to ``required``.
    valid : int, array_like or Series
        Files validated by the data producer (produsen data) [count], whole, 0 to
        ``required``.

    Returns
    -------
    float, ndarray or Series
        The score [score 0-4], in the container of the inputs; NaN in any argument gives NaN
        for that element.

    Raises
    ------
    InvalidInputError
        If a count is negative or not whole, ``required`` is 0, a count exceeds
        ``required``, or the shapes do not broadcast. The message names the parameter.

    Notes
    -----
    methods/satudata#sdi (seed IKU 12, Formula Perhitungan):

    $$
    Q = \frac{n_{\mathrm{on\,time}}}{N} + \frac{n_{\mathrm{complete}}}{N}
      + \frac{n_{\mathrm{unique}}}{N} + \frac{n_{\mathrm{valid}}}{N} \in [0, 4]
    $$

    with $N$ = ``required``: ketepatan waktu, kelengkapan, keunikan isi and validitas. It is
    computed as one quotient $(n_{\mathrm{on\,time}} + n_{\mathrm{complete}} +
    n_{\mathrm{unique}} + n_{\mathrm{valid}}) / N$, which is monotone in every count.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 12 (Formula
       Perhitungan), 2024.
    2. Pemerintah Provinsi DKI Jakarta, *Peraturan Gubernur Nomor 37 Tahun 2022 tentang Satu
       Data Indonesia Tingkat Provinsi*, 2022.
    3. Presiden Republik Indonesia, *Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data
       Indonesia*, 2019.

    Examples
    --------
    20 required files, 18 on time, 19 complete, 20 unique, 17 valid:
    0.90 + 0.95 + 1.00 + 0.85 = 3.70.

    >>> round(sdi_quality_score(20, 18, 19, 20, 17), 2)
    3.7
    """
    container, (total, timely, whole, distinct, validated) = broadcast(
        required=required, on_time=on_time, complete=complete, unique=unique, valid=valid
    )
    check_count("required", total)
    check_range("required", total, 0.0, None, lower_inclusive=False)
    for name, values in (
        ("on_time", timely),
        ("complete", whole),
        ("unique", distinct),
        ("valid", validated),
    ):
        check_count(name, values)
        check_not_greater(name, values, "required", total)
    return container.wrap_float((timely + whole + distinct + validated) / total)


def sdi_duplicate_rows(
    data: pd.DataFrame,
    key_columns: Sequence[str],
    *,
    missing_keys: MissingKeyPolicy = "equal",
) -> int:
    r"""Number of rows that repeat an earlier row's values on the key columns.

    Parameters
    ----------
    data : pandas.DataFrame
        The content of one data file, one row per record.
    key_columns : sequence of str
        The key variables (variabel kunci) of the dataset; at least one, each a column of
        ``data``.
    missing_keys : {"equal", "distinct", "raise"}
        How a missing (NaN/None) key value counts. ``"equal"`` (default): missing values
        equal each other, as in :meth:`pandas.DataFrame.duplicated` (two rows whose keys
        agree and are missing in the same columns are duplicates). ``"distinct"``: a row with
        any missing key is never a duplicate. ``"raise"``: a missing key raises.

    Returns
    -------
    int
        The number of duplicate rows (a key value shared by $k$ rows counts $k - 1$). The file
        is unique when this is 0.

    Raises
    ------
    InvalidInputError
        If ``data`` is not a DataFrame, ``key_columns`` is empty or names a column ``data``
        lacks, ``missing_keys`` is not a policy name, or a key is missing under
        ``missing_keys="raise"``.

    Notes
    -----
    Seed IKU 12, aspek keunikan isi data: "Jumlah file data yang tidak memiliki duplikasi pada
    variabel kunci". With $K$ the key columns and $r_i[K]$ row $i$ restricted to them:

    $$
    D = \#\{\, i : \exists\, j < i,\ r_j[K] = r_i[K] \,\}
    $$

    The treatment of missing keys is not in the seed [inferred]; it is the named policy above.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 12 (Keterangan
       c), 2024.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"kota": ["Jakpus", "Jakpus", "Jakut"], "tahun": [2023, 2023, 2023]})
    >>> sdi_duplicate_rows(frame, ["kota", "tahun"])
    1
    """
    check_policy("missing_keys", missing_keys, MISSING_KEY_POLICIES)
    if not is_dataframe(data):
        raise InvalidInputError("data", "must be a pandas DataFrame", type(data).__name__)
    keys = _key_tuple(key_columns)
    if not keys:
        raise InvalidInputError("key_columns", "must name at least one key column", list(keys))
    columns = list(data.columns)
    for key in keys:
        if key not in columns:
            raise InvalidInputError(
                "key_columns", f"must name columns of the data ({columns})", key
            )
    subset = data.loc[:, list(keys)]
    absent = subset.isna().any(axis=1).to_numpy()
    if missing_keys == "raise" and absent.any():
        position = int(np.argmax(absent))
        column = next(k for k in keys if subset[k].isna().to_numpy()[position])
        raise InvalidInputError(
            "data",
            f"must have no missing value in key column {column!r} under missing_keys='raise'",
            None,
            position,
        )
    if missing_keys == "distinct":
        subset = subset.loc[~absent]
    return int(subset.duplicated(keep="first").sum())


def _key_tuple(key_columns: object) -> tuple[str, ...]:
    if isinstance(key_columns, str):
        return (key_columns,)
    if isinstance(key_columns, Iterable):
        keys = tuple(key_columns)
        for key in keys:
            if not isinstance(key, str):
                raise InvalidInputError("key_columns", "must be column names (str)", key)
        return keys
    raise InvalidInputError("key_columns", "must be a sequence of column names", key_columns)


@dataclass(frozen=True)
class SdiFileAssessment:
    """How one required data file scores on the four aspects.

    Attributes
    ----------
    dataset_id : str
        The dataset identifier.
    due_month : str
        Release-schedule month ``"YYYY-MM"``.
    deadline : datetime.date
        The 5th of the month after ``due_month`` (inclusive).
    submission_date : datetime.date or None
        When the walidata collected the file; None when it was not submitted.
    on_time : bool
        Submitted on or before ``deadline``.
    complete : bool
        Submitted with every required component present.
    missing_components : tuple of str
        Required components flagged absent (or not flagged at all).
    unique : bool
        Submitted with no duplicate on its key columns.
    duplicate_rows : int or None
        Duplicate rows found in the data (None when uniqueness came from the record's flag or
        the file was not submitted).
    key_columns : tuple of str or None
        The key columns used for duplicate detection.
    valid : bool
        Submitted and validated by its producer.
    """

    dataset_id: str
    due_month: str
    deadline: _dt.date
    submission_date: _dt.date | None
    on_time: bool
    complete: bool
    missing_components: tuple[str, ...]
    unique: bool
    duplicate_rows: int | None
    key_columns: tuple[str, ...] | None
    valid: bool

    def as_dict(self) -> dict[str, Any]:
        """The assessment as a plain dict (dates stay dates)."""
        return asdict(self)


@notebook_repr("score", "timeliness", "completeness", "uniqueness", "validity", "required", "files")
@dataclass(frozen=True)
class SdiQuality:
    """The SDI quality score with its counts, ratios and per-file derivation.

    Attributes
    ----------
    required, on_time, complete, unique, valid : int
        The four aspect counts and the number of required files.
    timeliness, completeness, uniqueness, validity : float
        The aspect ratios [share 0-1].
    score : float
        Their sum [score 0-4].
    files : tuple of SdiFileAssessment
        One assessment per required file, in input order.
    """

    required: int
    on_time: int
    complete: int
    unique: int
    valid: int
    timeliness: float
    completeness: float
    uniqueness: float
    validity: float
    score: float
    files: tuple[SdiFileAssessment, ...]

    def components(self) -> dict[str, Any]:
        """Counts, ratios and the per-file table as JSON-friendly values."""
        out: dict[str, Any] = {
            name: getattr(self, name)
            for name in (
                "required",
                "on_time",
                "complete",
                "unique",
                "valid",
                "timeliness",
                "completeness",
                "uniqueness",
                "validity",
            )
        }
        out["files"] = [f.as_dict() for f in self.files]
        return out

    def to_frame(self) -> pd.DataFrame:
        """The per-file derivation as a pandas DataFrame (one row per required file)."""
        import pandas as pd

        columns = list(SdiFileAssessment.__dataclass_fields__)
        return pd.DataFrame([f.as_dict() for f in self.files], columns=columns)


def _records(files: object) -> list[SdiFileRecord]:
    from pydantic import ValidationError

    from .schemas import SdiFileRecord

    if isinstance(files, (str, bytes, Mapping)) or not isinstance(files, Iterable):
        raise InvalidInputError(
            "files", "must be a sequence of file records (SdiFileRecord or mappings)", files
        )
    out: list[SdiFileRecord] = []
    for position, item in enumerate(files):
        if isinstance(item, SdiFileRecord):
            out.append(item)
            continue
        try:
            out.append(SdiFileRecord.model_validate(item))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}"
                for e in exc.errors()
            )
            raise InvalidInputError(
                "files", f"must hold valid SDI file records ({problems})", item, position
            ) from None
    if not out:
        raise InvalidInputError("files", "must hold at least one required file; got 0 records")
    seen: dict[tuple[str, str], int] = {}
    for position, record in enumerate(out):
        key = (record.dataset_id, record.due_month)
        if key in seen:
            raise InvalidInputError(
                "files",
                f"must list each (dataset_id, due_month) once; record {seen[key]} repeats",
                f"{record.dataset_id} {record.due_month}",
                position,
            )
        seen[key] = position
    return out


def _frames(records: list[SdiFileRecord], data: object) -> list[Any]:
    """One DataFrame (or None) per record, from ``data`` and the records' inline rows."""
    frames: list[Any] = [None] * len(records)
    if data is None:
        pass
    elif isinstance(data, Mapping):
        ids = [r.dataset_id for r in records]
        for dataset_id in data:
            if dataset_id not in ids:
                raise InvalidInputError(
                    "data", "keys must be dataset ids of the file records", dataset_id
                )
            if ids.count(dataset_id) > 1:
                raise InvalidInputError(
                    "data",
                    "keyed by dataset id is ambiguous when a dataset has several files; pass a "
                    "sequence aligned with `files`",
                    dataset_id,
                )
            frames[ids.index(dataset_id)] = data[dataset_id]
    elif isinstance(data, Sequence) and not isinstance(data, str):
        if len(data) != len(records):
            raise InvalidInputError(
                "data",
                f"must hold one DataFrame or None per file record ({len(records)})",
                f"{len(data)} items",
            )
        frames = list(data)
    else:
        raise InvalidInputError(
            "data", "must be a mapping dataset_id -> DataFrame or a sequence", type(data).__name__
        )
    for position, (record, frame) in enumerate(zip(records, frames, strict=True)):
        if frame is not None and not is_dataframe(frame):
            raise InvalidInputError(
                "data", "must hold pandas DataFrames (or None)", type(frame).__name__, position
            )
        if record.rows is not None:
            if frame is not None:
                raise InvalidInputError(
                    "data",
                    "must not be given for a file whose record carries `rows`",
                    record.dataset_id,
                    position,
                )
            import pandas as pd

            frames[position] = pd.DataFrame(list(record.rows))
    return frames


def _keys_for(record: SdiFileRecord, key_columns: object) -> tuple[str, ...] | None:
    if record.key_columns is not None:
        return tuple(record.key_columns)
    if key_columns is None:
        return None
    if isinstance(key_columns, Mapping):
        keys = key_columns.get(record.dataset_id)
        return None if keys is None else _key_tuple(keys)
    return _key_tuple(key_columns)


def _assess(
    record: SdiFileRecord,
    frame: Any,
    keys: tuple[str, ...] | None,
    required_components: tuple[str, ...] | None,
    missing_keys: MissingKeyPolicy,
    position: int,
) -> SdiFileAssessment:
    deadline = sdi_submission_deadline(record.due_month)
    submitted = record.submission_date is not None
    on_time = record.submission_date is not None and record.submission_date <= deadline
    names = required_components if required_components is not None else tuple(record.components)
    if submitted and not names:
        raise InvalidInputError(
            "files",
            "must flag the components of every submitted file (or pass `required_components`)",
            record.dataset_id,
            position,
        )
    missing = tuple(n for n in names if not record.components.get(n, False))
    duplicate_rows: int | None = None
    if not submitted:
        unique = False
    elif frame is not None:
        if keys is None:
            raise InvalidInputError(
                "key_columns",
                f"must be given for dataset {record.dataset_id!r} (its data is supplied)",
            )
        try:
            duplicate_rows = sdi_duplicate_rows(frame, keys, missing_keys=missing_keys)
        except InvalidInputError as exc:
            raise InvalidInputError(
                exc.parameter,
                f"{exc.constraint} (dataset {record.dataset_id!r}, file record {position})",
                exc.value,
                exc.position,
            ) from None
        unique = duplicate_rows == 0
        if record.unique is not None and record.unique != unique:
            raise InvalidInputError(
                "files",
                f"must not contradict the data: flag `unique` of dataset {record.dataset_id!r} "
                f"vs {duplicate_rows} duplicate rows on {list(keys)}",
                record.unique,
                position,
            )
    elif record.unique is not None:
        unique = record.unique
    else:
        raise InvalidInputError(
            "files",
            "must give every submitted file its data (`data` or `rows`, to find duplicates) "
            "or a `unique` flag",
            record.dataset_id,
            position,
        )
    return SdiFileAssessment(
        dataset_id=record.dataset_id,
        due_month=record.due_month,
        deadline=deadline,
        submission_date=record.submission_date,
        on_time=on_time,
        complete=submitted and not missing,
        missing_components=missing,
        unique=unique,
        duplicate_rows=duplicate_rows,
        key_columns=keys,
        valid=submitted and record.validated,
    )


def sdi_quality_from_records(
    files: Iterable[SdiFileRecord | Mapping[str, Any]],
    *,
    key_columns: Sequence[str] | Mapping[str, Sequence[str]] | None = None,
    data: Mapping[str, pd.DataFrame] | Sequence[pd.DataFrame | None] | None = None,
    required_components: Sequence[str] | None = None,
    missing_keys: MissingKeyPolicy = "equal",
) -> SdiQuality:
    r"""Nilai kualitas data SDI from file-level records, with the derivation per file.

    Parameters
    ----------
    files : iterable of SdiFileRecord or mapping
        One record per data file the data list requires (a dataset released monthly has one
        record per month), validated by
        :class:`~dppapp_indikator.records.satudata.SdiFileRecord`: ``dataset_id``,
        ``due_month`` [year-month], ``submission_date`` [date, None = not submitted],
        ``components`` (component name -> present), ``validated`` (by the producer), and
        optionally ``key_columns``, ``unique`` (a precomputed flag) and ``rows`` (the data
        inline, e.g. from JSON). Each (dataset_id, due_month) appears once.
    key_columns : sequence of str or mapping, optional
        Key variables for duplicate detection, for files whose record names none: one list
        for every file, or a mapping dataset_id -> list. A record's own ``key_columns`` wins.
    data : mapping or sequence, optional
        The content of the files as pandas DataFrames: a mapping dataset_id -> DataFrame
        (when each dataset has one file), or a sequence aligned with ``files`` (None where
        absent). A file with data is checked for duplicates on its key columns.
    required_components : sequence of str, optional
        The components every file must have. A component not flagged in a record counts as
        absent. When omitted, every component a record flags is required.
    missing_keys : {"equal", "distinct", "raise"}
        How missing key values count as duplicates (see :func:`sdi_duplicate_rows`).

    Returns
    -------
    SdiQuality
        The counts, the four ratios [share 0-1], the score [score 0-4] and one
        :class:`SdiFileAssessment` per file (``.to_frame()`` gives the table).

    Raises
    ------
    InvalidInputError
        If ``files`` is empty or a record is invalid or repeated, ``data`` does not match the
        records, a submitted file flags no component (and ``required_components`` is not
        given), a submitted file has neither data nor a ``unique`` flag, a file with data has
        no key columns, or a ``unique`` flag contradicts the data.

    Notes
    -----
    Per file $f$ with release month $m_f$, deadline $d_f$ = the 5th of the month after
    $m_f$ (inclusive) and submission date $s_f$:

    $$
    \begin{aligned}
    \mathrm{on\,time}_f &= [\,s_f \text{ exists and } s_f \le d_f\,] \\
    \mathrm{complete}_f &= [\,s_f \text{ exists and every required component is present}\,] \\
    \mathrm{unique}_f &= [\,s_f \text{ exists and no two rows share their key values}\,] \\
    \mathrm{valid}_f &= [\,s_f \text{ exists and the producer validated } f\,]
    \end{aligned}
    $$

    and the counts over the $N$ required files enter :func:`sdi_quality_score`. A file not
    submitted fails all four aspects; a late file fails timeliness only [inferred: the seed
    counts files "terkumpul ke walidata" and files that have each property]. Early
    submission (before the release month) is on time.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 12 (Definisi,
       Formula Perhitungan, Catatan 1), 2024.
    2. Pemerintah Provinsi DKI Jakarta, *Keputusan Gubernur Nomor 61 Tahun 2024 tentang Daftar
       Data Tahun 2024*, 2024.

    Examples
    --------
    >>> files = [
    ...     {"dataset_id": "kekerasan-anak", "due_month": "2024-03",
    ...      "submission_date": "2024-04-05", "components": {"metadata": True, "data": True},
    ...      "validated": True, "unique": True},
    ...     {"dataset_id": "pelaku-usaha", "due_month": "2024-12",
    ...      "submission_date": "2025-01-06", "components": {"metadata": True, "data": False},
    ...      "validated": True, "unique": True},
    ... ]
    >>> result = sdi_quality_from_records(files)
    >>> result.on_time, result.complete, result.unique, result.valid, result.score
    (1, 1, 2, 2, 3.0)
    >>> result.files[1].deadline, result.files[1].missing_components
    (datetime.date(2025, 1, 5), ('data',))
    """
    check_policy("missing_keys", missing_keys, MISSING_KEY_POLICIES)
    records = _records(files)
    frames = _frames(records, data)
    components = None if required_components is None else _component_names(required_components)
    assessments = tuple(
        _assess(
            record,
            frame,
            _keys_for(record, key_columns),
            components,
            missing_keys,
            position,
        )
        for position, (record, frame) in enumerate(zip(records, frames, strict=True))
    )
    required = len(assessments)
    counts = {
        aspect: sum(bool(getattr(a, aspect)) for a in assessments)
        for aspect in ("on_time", "complete", "unique", "valid")
    }
    score = float(sdi_quality_score(required, **counts))  # type: ignore[arg-type]
    return SdiQuality(
        required=required,
        on_time=counts["on_time"],
        complete=counts["complete"],
        unique=counts["unique"],
        valid=counts["valid"],
        timeliness=counts["on_time"] / required,
        completeness=counts["complete"] / required,
        uniqueness=counts["unique"] / required,
        validity=counts["valid"] / required,
        score=score,
        files=assessments,
    )


def _component_names(names: object) -> tuple[str, ...]:
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise InvalidInputError(
            "required_components", "must be a sequence of component names", names
        )
    out = tuple(names)
    if not out or not all(isinstance(n, str) and n for n in out):
        raise InvalidInputError(
            "required_components", "must be a non-empty sequence of names (str)", list(out)
        )
    return out
