r"""The design-based survey estimator: Taylor linearisation, as R ``survey`` 4.x.

A :class:`SurveyDesign` holds the sampling design of a data set (weights, optional strata,
optional PSU ids, optional fpc) with its keys encoded as integers once. Every estimate
(:meth:`~SurveyDesign.mean`, :meth:`~SurveyDesign.total`, :meth:`~SurveyDesign.ratio`,
:meth:`~SurveyDesign.proportion`) is then one reduction pass to PSU-by-domain totals plus a
little numpy (methods/survey#survey):

* pandas: ``np.bincount`` on the combined (PSU, domain) integer codes;
* Polars (eager and lazy) and Dask: :func:`~dppapp_indikator.survey._engine.grouped_sums`
  grouped by (stratum, PSU, domain), the same numbers to rounding.

The estimators and the variance come from the shared estimator layer
(:mod:`dppapp_indikator.survey._layer`): this module supplies the reduction and the Taylor
variance engine (:class:`~dppapp_indikator.survey._layer.TaylorVariance`).

Domains and missing outcomes are zero weights on the full design, never deleted rows: the
number of PSUs per stratum stays the design's (the binding lessons of methods/survey#survey).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError, check_choice
from ..policies import LONELY_PSU_POLICIES, LonelyPSUPolicy
from ._calibrated import _Record, calibrated_taylor_sums, calibrated_taylor_view
from ._engine import Engine, engine_of, grouped_sums, require_columns
from ._extensions import DesignExtensions
from ._keys import (
    _ROW,
    _compact,
    _dense_ok,
    _encode,
    _key_index,
    _pandas,
)
from ._layer import (
    DEFF_REFERENCES,
    SURVEY_MISSING_POLICIES,
    DeffReference,
    EstimatorMethods,
    Request,
    Sums,
    SurveyMissingPolicy,
    TaylorVariance,
)
from ._reduce import (
    check_outcome_table,
    derive_outcomes,
    outcome_sum_columns,
    raise_missing,
    raise_not_binary,
)
from ._rowview import RowView
from ._variance import Strata, psu_variance, strata_from_codes

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DEFF_REFERENCES",
    "SURVEY_MISSING_POLICIES",
    "DeffReference",
    "SurveyDesign",
    "SurveyMissingPolicy",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]

#: Label of the single stratum of an unstratified design (R uses 1 as well).
_ONE_STRATUM = 1


@dataclass(frozen=True)
class _Domains:
    """The outcome-independent sums of the estimates by one ``by`` (pandas; read-only)."""

    labels: pd.DataFrame  # D rows: the domain keys
    domain: IntArray  # (n,): domain code of each row, D outside every domain
    key: IntArray  # (n,): cell code PSU * (D + 1) + domain
    w: FloatArray  # (P, D): sum of w
    nonzero: FloatArray  # (P, D): rows with non-zero weight
    rows: FloatArray  # (D,): rows of the domain
    present: npt.NDArray[np.bool_]  # (P, D): PSU has rows in the domain


def _small_integers(series: Any) -> tuple[Any, int, int] | None:
    """The values, minimum and maximum of a numpy integer column (None for other dtypes)."""
    dtype = series.dtype
    if not (isinstance(dtype, np.dtype) and dtype.kind in "iu" and len(series)):
        return None
    if dtype.kind == "u" and dtype.itemsize == 8:
        return None
    values = series.to_numpy()
    return values, int(values.min()), int(values.max())


def _dense_design_keys(strata: Any, psu: Any) -> tuple[IntArray, IntArray, tuple[Any, ...]] | None:
    """Row PSU codes, PSU stratum codes and stratum labels of integer stratum / PSU columns.

    The (stratum, PSU) pair ``s * m + p`` is compacted through a lookup table in one pass
    (sorted label order, as ``pandas.factorize(sort=True)``); None unless both columns are
    numpy integers with a small range.
    """
    found_psu = _small_integers(psu)
    if found_psu is None:
        return None
    p_values, p_low, p_high = found_psu
    p_base = min(p_low, 0)
    multiplier = p_high - p_base + 1
    if strata is None:
        s_values, s_low, s_high = None, 0, 0
    else:
        found_strata = _small_integers(strata)
        if found_strata is None:
            return None
        s_values, s_low, s_high = found_strata
    s_base = min(s_low, 0)
    space = (s_high - s_base + 1) * multiplier
    if not _dense_ok(space, len(p_values)):
        return None
    if s_values is None:
        pair = p_values.astype(np.int64)
    else:
        pair = np.multiply(s_values, multiplier, dtype=np.int64)
        pair += p_values
    offset = s_base * multiplier + p_base
    if offset:
        pair -= offset
    row_psu, pairs = _compact(pair, space)
    psu_stratum_values = pairs // multiplier + s_base
    if s_values is None:
        return row_psu, np.zeros(len(pairs), dtype=np.int64), (_ONE_STRATUM,)
    uniques = np.unique(psu_stratum_values)
    psu_strata = np.searchsorted(uniques, psu_stratum_values).astype(np.int64)
    return row_psu, psu_strata, tuple(int(v) for v in uniques)


def _by_codes(frame: Any, by: tuple[str, ...], n_rows: int) -> tuple[IntArray, pd.DataFrame]:
    """Domain codes of the rows of ``frame`` (pandas) by ``by`` (all 0 without ``by``)."""
    if by:
        return _encode([frame[c] for c in by])
    pd = _pandas()
    return np.zeros(n_rows, dtype=np.int64), pd.DataFrame(index=[0])


class SurveyDesign(EstimatorMethods, DesignExtensions):
    r"""A survey design for Taylor-linearised estimates, as R ``survey::svydesign``.

    Parameters
    ----------
    data : pandas.DataFrame, polars.DataFrame, polars.LazyFrame or dask.dataframe.DataFrame
        The microdata, one row per respondent.
    weights : str
        Column of sampling weights [weight, >= 0, not missing]; a zero weight keeps the row
        (and its PSU) in the design but out of every estimate.
    strata : str, optional
        Column of stratum labels (None: one stratum).
    psu : str, optional
        Column of primary sampling unit (cluster) ids, taken within strata (R's
        ``nest = TRUE``); None: every row is its own PSU (R's ``id = ~1``).
    fpc : str, optional
        Column of the finite population correction, constant within a stratum: the population
        number of PSUs $N_h$ [PSUs, >= the sampled PSUs] or, where the stratum's value is
        <= 1, the sampling fraction $f_h$ [share 0-1]. None: PSUs sampled with replacement (no
        correction).
    lonely_psu : {"fail", "remove", "certainty", "adjust", "average"}
        What a stratum with a single PSU contributes to a variance (R's
        ``options(survey.lonely.psu)``, here an argument, never a global option). ``"fail"``
        raises at construction, naming the strata and the remedies. A take-all stratum
        (its fpc gives a sampling fraction of 1) has zero variance and is never lonely.
    lonely_psu_domain : bool
        R's ``options(survey.adjust.domain.lonely = TRUE)``: ``"adjust"`` and ``"average"``
        also treat a stratum with a single PSU *inside the domain* being estimated as
        lonely (default False, as R).

    Attributes
    ----------
    engine : {"pandas", "polars", "polars-lazy", "dask"}
        The data's engine.
    n_rows, n_psu, n_strata : int
        Rows, PSUs and strata of the design.
    degrees_of_freedom : int
        PSUs with a non-zero weight minus their strata (R's ``degf``).

    Raises
    ------
    InvalidInputError
        If a column does not exist (the message names it), if a weight is negative or missing,
        if a stratum or PSU id is missing, if the fpc is missing, varies within a stratum or
        is below the sampled PSUs, if ``lonely_psu`` is unknown, or if it is ``"fail"`` and a
        stratum has a single PSU.

    Notes
    -----
    The design is immutable: its weights, strata and PSU codes are copied and encoded as
    integers once (for Polars and Dask: one aggregated pass to the PSU table), and reused by
    every estimate. For pandas data the outcome columns are read from ``data`` when an
    estimate is made. Each estimate linearises the statistic into PSU totals $z_{hi}$ of
    influence values and sums over strata (methods/survey#survey):

    $$
    \hat V = \sum_h (1 - f_h) \, \frac{n_h}{n_h - 1} \sum_{i=1}^{n_h}
             (z_{hi} - \bar z_h)^2 ,
    $$

    with $n_h$ the design's PSUs in stratum $h$ (whatever the domain) and $f_h$ the
    sampling fraction (0 without fpc).

    References
    ----------
    1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1, 2023.
    2. T. Lumley, *Complex Surveys: A Guide to Analysis Using R*, Wiley, 2010.
    3. C.-E. Särndal, B. Swensson and J. Wretman, *Model Assisted Survey Sampling*,
       Springer, 1992.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({
    ...     "stratum": ["a", "a", "a", "a", "b", "b", "b", "b"],
    ...     "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...     "w": [10.0, 10.0, 12.0, 12.0, 20.0, 20.0, 25.0, 25.0],
    ...     "y": [3.0, 5.0, 4.0, 6.0, 7.0, 9.0, 8.0, 6.0],
    ... })
    >>> design = SurveyDesign(data, weights="w", strata="stratum", psu="psu")
    >>> design
    SurveyDesign(engine='pandas', rows=8, strata=2, psus=4, df=2, fpc=None, lonely_psu='fail')
    >>> design.mean("y")[["estimate", "se", "df", "n", "n_psu"]].round(4)
       estimate      se   df  n  n_psu
    0    6.4925  0.2809  2.0  8      4
    """

    #: How the variances are computed (read by modules that must not import this class).
    _variance_kind: ClassVar[Literal["taylor", "replicate"]] = "taylor"

    __slots__ = (
        "_data",
        "_degrees_of_freedom",
        "_domain_cache",
        "_engine",
        "_fpc",
        "_lonely_psu",
        "_lonely_psu_domain",
        "_n_rows",
        "_psu",
        "_psu_index",
        "_row_psu",
        "_strata",
        "_strata_info",
        "_weights",
        "_weights_column",
    )

    _data: Any
    _degrees_of_freedom: int
    _domain_cache: dict[tuple[str, ...], _Domains]
    _engine: Engine
    _fpc: str | None
    _lonely_psu: LonelyPSUPolicy
    _lonely_psu_domain: bool
    _n_rows: int
    _psu: str | None
    _psu_index: Any
    _row_psu: IntArray | None
    _strata: str | None
    _strata_info: Strata
    _weights: FloatArray | None
    _weights_column: str

    def __init__(
        self,
        data: Any,
        weights: str,
        strata: str | None = None,
        psu: str | None = None,
        fpc: str | None = None,
        lonely_psu: LonelyPSUPolicy = "fail",
        lonely_psu_domain: bool = False,
    ) -> None:
        engine = engine_of(data)
        check_choice("lonely_psu", lonely_psu, LONELY_PSU_POLICIES)
        if not isinstance(lonely_psu_domain, (bool, np.bool_)):
            raise InvalidInputError("lonely_psu_domain", "must be True or False", lonely_psu_domain)
        for parameter, value in (("weights", weights), ("strata", strata), ("psu", psu)):
            if value is not None and not isinstance(value, str):
                raise InvalidInputError(parameter, "must be a column name (str)", value)
        if fpc is not None and not isinstance(fpc, str):
            raise InvalidInputError("fpc", "must be a column name (str)", fpc)
        for parameter, value in (("weights", weights), ("strata", strata), ("psu", psu)):
            if value is not None:
                require_columns(data, [value], parameter)
        if fpc is not None:
            require_columns(data, [fpc], "fpc")
        if psu is None and engine != "pandas":
            data = _with_row_number(data, engine)
        init = object.__setattr__
        init(self, "_data", data)
        init(self, "_engine", engine)
        init(self, "_weights_column", weights)
        init(self, "_strata", strata)
        init(self, "_psu", psu)
        init(self, "_fpc", fpc)
        init(self, "_lonely_psu", lonely_psu)
        init(self, "_lonely_psu_domain", bool(lonely_psu_domain))
        init(self, "_domain_cache", {})
        if engine == "pandas":
            self._build_pandas()
        else:
            self._build_engine()
        if lonely_psu == "fail" and self._strata_info.lonely.any():
            # psu_variance raises, naming the lonely strata and the remedies
            psu_variance(np.zeros(len(self._strata_info.codes)), self._strata_info, "fail")

    def __repr__(self) -> str:
        return (
            f"SurveyDesign(engine={self._engine!r}, rows={self._n_rows}, "
            f"strata={self.n_strata}, psus={self.n_psu}, df={self._degrees_of_freedom}, "
            f"fpc={self._fpc!r}, lonely_psu={self._lonely_psu!r}"
            + (", lonely_psu_domain=True)" if self._lonely_psu_domain else ")")
        )

    # -- read-only description (data, engine, weights: EstimatorMethods) ---------------
    @property
    def strata(self) -> str | None:
        """The stratum column (None: one stratum)."""
        return self._strata

    @property
    def psu(self) -> str | None:
        """The PSU column (None: each row is a PSU)."""
        return self._psu

    @property
    def fpc(self) -> str | None:
        """The fpc column (None: with replacement)."""
        return self._fpc

    @property
    def lonely_psu(self) -> LonelyPSUPolicy:
        """The lonely-PSU policy used by every variance."""
        return self._lonely_psu

    @property
    def lonely_psu_domain(self) -> bool:
        """Whether the lonely-PSU rule also applies within domains (R's
        ``survey.adjust.domain.lonely``)."""
        return self._lonely_psu_domain

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return self._n_rows

    @property
    def n_psu(self) -> int:
        """Number of PSUs."""
        return len(self._strata_info.codes)

    @property
    def n_strata(self) -> int:
        """Number of strata."""
        return self._strata_info.n_strata

    @property
    def degrees_of_freedom(self) -> int:
        """PSUs with a non-zero weight minus their strata (R's ``degf(design)``)."""
        return self._degrees_of_freedom

    @property
    def stratum_table(self) -> pd.DataFrame:
        """One row per stratum: ``stratum``, ``n_psu`` and ``sampling_fraction``."""
        import pandas as pd

        info = self._strata_info
        return pd.DataFrame(
            {
                "stratum": list(info.labels),
                "n_psu": info.n_psu.copy(),
                "sampling_fraction": info.sampling_fraction.copy(),
            }
        )

    @property
    def strata_info(self) -> Strata:
        """The encoded stratification of the PSUs (for :func:`psu_variance`)."""
        return self._strata_info

    # -- construction -------------------------------------------------------------------
    def _build_pandas(self) -> None:
        frame = self._data
        n = len(frame)
        weights = _pandas_numeric(frame, self._weights_column, "weights")
        # min / max: two reductions without temporaries (NaN fails ``>= 0``)
        if n and not weights.min() >= 0:
            bad = np.isnan(weights) | (weights < 0)
            position = int(np.flatnonzero(bad)[0])
            raise InvalidInputError(
                "weights",
                f"must be >= 0 and not missing (column {self._weights_column!r}, "
                f"{int(bad.sum())} bad values)",
                float(weights[position]),
                position,
            )
        if n and np.isinf(weights.max()):
            position = int(np.flatnonzero(np.isinf(weights))[0])
            raise InvalidInputError(
                "weights",
                f"must be finite (column {self._weights_column!r})",
                float(weights[position]),
                position,
            )
        weights.setflags(write=False)
        dense = (
            _dense_design_keys(frame[self._strata] if self._strata else None, frame[self._psu])
            if self._psu is not None
            else None
        )
        stratum_codes: IntArray | None = None
        if dense is not None:  # integer labels: one lookup-table pass, no hashing
            row_psu, psu_strata, labels = dense
        else:
            if self._strata is not None:
                stratum_codes, stratum_labels = _encode([frame[self._strata]])
                _no_missing_key(stratum_codes, "strata", self._strata)
                labels = tuple(_python(v) for v in stratum_labels.iloc[:, 0].tolist())
            else:
                stratum_codes = np.zeros(n, dtype=np.int64)
                labels = (_ONE_STRATUM,)
            if self._psu is not None:
                psu_codes, psu_labels = _encode([frame[self._psu]])
                _no_missing_key(psu_codes, "psu", self._psu)
                size = max(len(psu_labels), 1)
                pair = stratum_codes * size + psu_codes if len(labels) > 1 else psu_codes
                row_psu, pairs = _compact(pair, len(labels) * size)
                psu_strata = pairs // size
            else:
                row_psu = np.arange(n, dtype=np.int64)
                psu_strata = stratum_codes
        n_psu = len(psu_strata)
        psu_fpc = None
        if self._fpc is not None:
            values = _pandas_numeric(frame, self._fpc, "fpc")
            if np.isnan(values).any():
                position = int(np.flatnonzero(np.isnan(values))[0])
                raise InvalidInputError(
                    "fpc", f"must not be missing (column {self._fpc!r})", math.nan, position
                )
            if stratum_codes is None:
                stratum_codes = psu_strata[row_psu]
            first = np.full(len(labels), np.nan)
            first[stratum_codes[::-1]] = values[::-1]  # the first value of each stratum
            varies = values != first[stratum_codes]
            if varies.any():
                position = int(np.flatnonzero(varies)[0])
                raise InvalidInputError(
                    "fpc",
                    f"must be constant within a stratum (stratum "
                    f"{labels[stratum_codes[position]]!r}, column {self._fpc!r})",
                    float(values[position]),
                    position,
                )
            psu_fpc = first[psu_strata]
        info = _make_strata(psu_strata, labels, fpc=psu_fpc)
        row_psu.setflags(write=False)
        if n and weights.min() > 0:  # every PSU has a row, so a non-zero weight
            nonzero = np.ones(n_psu, dtype=np.bool_)
        else:  # weights are >= 0 and finite: a PSU's total is > 0 iff one of its weights is
            nonzero = np.bincount(row_psu, weights=weights, minlength=n_psu) > 0
        init = object.__setattr__
        init(self, "_n_rows", n)
        init(self, "_weights", weights)
        init(self, "_row_psu", row_psu)
        init(self, "_psu_index", None)
        init(self, "_strata_info", info)
        init(self, "_degrees_of_freedom", _degrees_of_freedom(info.codes, nonzero))

    def _build_engine(self) -> None:
        nw = _narwhals()
        engine = self._engine
        _require_numeric(self._data, engine, self._weights_column, "weights")
        if self._fpc is not None:
            _require_numeric(self._data, engine, self._fpc, "fpc")
        keys = self._key_columns()
        group = keys + ([self._fpc] if self._fpc is not None else [])
        w_column = self._weights_column

        def derive(frame: Any) -> Any:
            w = nw.col(w_column).cast(nw.Float64)
            missing = w.is_null() | w.is_nan()
            return frame.with_columns(
                _w_missing=nw.when(missing).then(1.0).otherwise(0.0),
                _w_negative=nw.when(~missing & (w < 0)).then(1.0).otherwise(0.0),
                _w_infinite=nw.when(~missing & ~w.is_finite()).then(1.0).otherwise(0.0),
                _w_nonzero=nw.when(~missing & (w != 0)).then(1.0).otherwise(0.0),
            )

        table = grouped_sums(
            self._data,
            group,
            ["_w_missing", "_w_negative", "_w_infinite", "_w_nonzero"],
            derive=derive,
            count="_n",
        )
        n_missing = int(table["_w_missing"].sum())
        n_negative = int(table["_w_negative"].sum())
        if n_missing or n_negative:
            raise InvalidInputError(
                "weights",
                f"must be >= 0 and not missing (column {w_column!r}: {n_negative} negative "
                f"and {n_missing} missing values)",
                f"{n_negative + n_missing} bad values",
            )
        if int(table["_w_infinite"].sum()):
            raise InvalidInputError(
                "weights",
                f"must be finite (column {w_column!r})",
                f"{int(table['_w_infinite'].sum())} infinite values",
            )
        for column, parameter in ((self._strata, "strata"), (self._psu, "psu")):
            if column is not None and table[column].isna().any():
                raise InvalidInputError(
                    parameter,
                    f"must not be missing (column {column!r})",
                    f"{int(table.loc[table[column].isna(), '_n'].sum())} missing values",
                )
        if self._fpc is not None:
            if table[self._fpc].isna().any():
                raise InvalidInputError(
                    "fpc",
                    f"must not be missing (column {self._fpc!r})",
                    f"{int(table.loc[table[self._fpc].isna(), '_n'].sum())} missing values",
                )
            duplicated = table.duplicated(keys, keep=False)
            if duplicated.any():
                where = table.loc[duplicated].iloc[0]
                stratum = _python(where[self._strata]) if self._strata else _ONE_STRATUM
                raise InvalidInputError(
                    "fpc",
                    f"must be constant within a stratum (stratum {stratum!r}, column "
                    f"{self._fpc!r})",
                    float(where[self._fpc]),
                )
        if self._strata is not None:
            psu_strata, stratum_labels = _encode([table[self._strata]])
            labels = tuple(_python(v) for v in stratum_labels.iloc[:, 0].tolist())
        else:
            psu_strata = np.zeros(len(table), dtype=np.int64)
            labels = (_ONE_STRATUM,)
        psu_fpc = table[self._fpc].to_numpy(dtype=np.float64) if self._fpc else None
        info = _make_strata(psu_strata, labels, fpc=psu_fpc)
        nonzero = table["_w_nonzero"].to_numpy() > 0
        init = object.__setattr__
        init(self, "_n_rows", int(table["_n"].sum()))
        init(self, "_weights", None)
        init(self, "_row_psu", None)
        init(self, "_psu_index", _key_index(table, keys))
        init(self, "_strata_info", info)
        init(self, "_degrees_of_freedom", _degrees_of_freedom(info.codes, nonzero))

    def _key_columns(self) -> list[str]:
        keys = [self._strata] if self._strata is not None else []
        keys.append(self._psu if self._psu is not None else _ROW)
        return keys

    # -- the hooks of the estimator layer ----------------------------------------------
    def _reduce(self, request: Request) -> Sums:
        """The request reduced to PSU-by-domain sums (one pass over the data)."""
        if self._engine == "pandas":
            return self._pandas_sums(request)
        return self._engine_sums(request)

    def _variance_engine(self) -> TaylorVariance:
        """Taylor linearisation with the design's strata and lonely-PSU rules."""
        return TaylorVariance(self._strata_info, self._lonely_psu, self._lonely_psu_domain)

    def _domain_df(self, sums: Sums, df: float | None) -> FloatArray:
        """``df`` or, per domain, its PSUs with non-zero weight minus their strata."""
        n_domains = len(sums.rows)
        if df is not None:
            return np.full(n_domains, float(df))
        assert sums.psu_nonzero_domain is not None
        info = self._strata_info
        psu_domain = sums.psu_nonzero_domain > 0
        psu_rows, psu_domains = np.nonzero(psu_domain)
        strata_present = np.bincount(
            info.codes[psu_rows] * n_domains + psu_domains, minlength=info.n_strata * n_domains
        ).reshape(info.n_strata, n_domains)
        domain_df = psu_domain.sum(axis=0) - (strata_present > 0).sum(axis=0)
        return np.asarray(domain_df, dtype=np.float64)

    def _domains(self, by: tuple[str, ...]) -> _Domains:
        """The outcome-independent part of every estimate by ``by`` (cached per ``by``)."""
        cached = self._domain_cache.get(by)
        if cached is None:
            codes, labels = _by_codes(self._data, by, self._n_rows)
            n_domains = len(labels)
            if (codes < 0).any():
                codes = np.where(codes < 0, n_domains, codes)
            cached = self._domain_sums(labels, codes)
            self._domain_cache[by] = cached
        return cached

    def _domain_sums(self, labels: pd.DataFrame, domain: IntArray) -> _Domains:
        """Cell keys and the weight sums of the domains ``domain`` (``len(labels)``: none)."""
        weights = self._weights
        row_psu = self._row_psu
        assert weights is not None and row_psu is not None
        n_domains = len(labels)
        n_psu = len(self._strata_info.codes)
        width = n_domains + 1
        key = row_psu * width
        key += domain
        size = n_psu * width
        w = np.bincount(key, weights=weights, minlength=size).reshape(n_psu, width)
        counts = np.bincount(key, minlength=size).reshape(n_psu, width)
        if len(weights) and weights.min() > 0:
            nonzero = counts[:, :n_domains].astype(np.float64)
        else:
            nonzero = np.bincount(key[weights != 0], minlength=size).astype(np.float64)
            nonzero = nonzero.reshape(n_psu, width)[:, :n_domains]
        rows = counts.sum(axis=0)[:n_domains].astype(np.float64)
        w_used = np.ascontiguousarray(w[:, :n_domains], dtype=np.float64)
        present = counts[:, :n_domains] > 0
        for array in (domain, key, w_used, nonzero, rows, present):
            array.setflags(write=False)
        return _Domains(labels, domain, key, w_used, nonzero, rows, present)

    def _pandas_sums(self, request: Request) -> Sums:
        frame = self._data
        weights = self._weights
        row_psu = self._row_psu
        assert weights is not None and row_psu is not None
        domains = self._domains(request.by)
        labels = domains.labels
        n_domains = len(labels)
        if request.restriction is not None or request.subpopulation:
            outside = np.zeros(len(weights), dtype=np.bool_)
            if request.restriction is not None:
                restriction = request.restriction
                values = _pandas_numeric(frame, restriction.column, "age")
                with np.errstate(invalid="ignore"):
                    outside |= ~((values >= restriction.low) & (values < restriction.high))
            for column, value in request.subpopulation:
                outside |= ~frame[column].eq(value).fillna(False).to_numpy(dtype=np.bool_)
            domains = self._domain_sums(labels, np.where(outside, n_domains, domains.domain))
        domain = domains.domain
        key = domains.key
        in_domain_cache: list[npt.NDArray[np.bool_]] = []

        def in_domain() -> npt.NDArray[np.bool_]:
            if not in_domain_cache:
                in_domain_cache.append(domain < n_domains)
            return in_domain_cache[0]

        columns = [*request.ys, *([request.x] if request.x else [])]
        arrays = {c: _pandas_numeric(frame, c, "x" if c == request.x else "y") for c in columns}
        # a NaN anywhere makes the sum NaN (so does inf - inf: then the mask finds none)
        missing = {c: np.isnan(v) for c, v in arrays.items() if np.isnan(v.sum())}
        if request.missing == "raise":
            for column in columns:
                if column in missing:
                    bad = missing[column] & in_domain()
                    if bad.any():
                        count = int(bad.sum())
                        raise_missing(column, request, count, int(np.flatnonzero(bad)[0]))
        valid: npt.NDArray[np.bool_] | None = None
        for mask in missing.values():
            valid = ~mask if valid is None else valid & ~mask
        if request.kind == "proportion":
            for column in request.ys:
                values = arrays[column]
                if _binary_everywhere(frame[column], values):
                    continue
                bad = in_domain() & (values != 0) & (values != 1)
                if valid is not None:
                    bad &= valid
                if bad.any():
                    position = int(np.flatnonzero(bad)[0])
                    raise_not_binary(column, float(values[position]), position)
        n_psu = len(self._strata_info.codes)
        width = n_domains + 1
        size = n_psu * width

        def by_psu(values: FloatArray | None) -> FloatArray:
            out = np.bincount(key, weights=values, minlength=size).astype(np.float64, copy=False)
            return out.reshape(n_psu, width)[:, :n_domains]

        def by_domain(values: FloatArray | None) -> FloatArray:
            # through the (PSU, domain) cells: many bins scatter faster than a few
            return np.asarray(by_psu(values).sum(axis=0), dtype=np.float64)

        if valid is not None and not (in_domain() & ~valid).any():
            valid = None  # missing values only outside the domains: their cells are dropped
        if valid is None:
            # every row of the domains is used: the weight sums are the domains'; rows outside
            # the domains (whatever their values) only reach the dropped cells
            w_used = domains.w
            y_list = []
            yy_list = []
            xy_list = []
            x_values = arrays[request.x] if request.x is not None else None
            for c in request.ys:
                wy = weights * arrays[c]
                psu_sums = by_psu(wy)
                y_list.append(psu_sums)
                if request.kind == "proportion":  # y is 0/1 in the domains: y^2 = y
                    yy_list.append(psu_sums.sum(axis=0))
                else:
                    wy *= arrays[c]
                    yy_list.append(by_domain(wy))
                if x_values is None:
                    xy_list.append(psu_sums.sum(axis=0))
                else:
                    xy_list.append(by_domain(weights * x_values * arrays[c]))
            if x_values is None:
                x_sums = w_used
                xx = w_used.sum(axis=0)
            else:
                x_sums = by_psu(weights * x_values)
                xx = by_domain(weights * x_values * x_values)
            return Sums.from_psu(
                labels,
                y=np.stack(y_list),
                x=x_sums,
                w=w_used,
                yy=np.stack(yy_list),
                xy=np.stack(xy_list),
                xx=xx,
                nonzero_domain=domains.nonzero,
                nonzero_used=domains.nonzero,
                rows=domains.rows,
                present=domains.present,
            )
        # rows of the domains missing a value: zero weight (the design keeps their PSUs)
        used = np.where(valid, weights, 0.0)
        cleaned = {c: np.where(valid, v, 0.0) for c, v in arrays.items()}
        w_used = by_psu(used)
        y_sums = np.stack([by_psu(used * cleaned[c]) for c in request.ys])
        yy = np.stack([by_domain(used * cleaned[c] * cleaned[c]) for c in request.ys])
        if request.x is not None:
            x_clean = cleaned[request.x]
            x_sums = by_psu(used * x_clean)
            xx = by_domain(used * x_clean * x_clean)
            xy = np.stack([by_domain(used * x_clean * cleaned[c]) for c in request.ys])
        else:
            x_sums = w_used
            xx = by_domain(used)
            xy = np.stack([by_domain(used * cleaned[c]) for c in request.ys])
        return Sums.from_psu(
            labels,
            y=y_sums,
            x=x_sums,
            w=w_used,
            yy=yy,
            xy=xy,
            xx=xx,
            nonzero_domain=domains.nonzero,
            nonzero_used=by_psu((used != 0).astype(np.float64)),
            rows=domains.rows,
            present=(by_psu(valid.astype(np.float64)) > 0) & domains.present,
        )

    def _engine_sums(self, request: Request) -> Sums:
        nw = _narwhals()
        data = self._data
        columns = [*request.ys, *([request.x] if request.x else [])]
        for column in columns:
            _require_numeric(data, self._engine, column, "x" if column == request.x else "y")
        if request.restriction is not None:
            _require_numeric(data, self._engine, request.restriction.column, "age")
        w_column = self._weights_column
        ys = list(request.ys)
        x_column = request.x
        restriction = request.restriction
        subpopulation = request.subpopulation

        def derive(frame: Any) -> Any:
            if restriction is None:
                inside: Any = nw.lit(True)
            else:
                age = nw.col(restriction.column).cast(nw.Float64)
                inside = (
                    ~(age.is_null() | age.is_nan())
                    & (age >= restriction.low)
                    & (age < restriction.high)
                )
            for column, value in subpopulation:
                inside = inside & (nw.col(column) == value).fill_null(False)
            return derive_outcomes(frame, request, w_column, inside, cross=True)

        sums = outcome_sum_columns(request, cross=True)
        keys = self._key_columns()
        by = list(request.by)
        group = keys + [c for c in by if c not in keys]
        table = grouped_sums(data, group, sums, derive=derive, count=None)
        codes, labels = _by_codes(table, tuple(by), len(table))
        inside = codes >= 0
        check_outcome_table(table, inside, request, data, self._engine)
        psu_position = np.asarray(self._psu_index.get_indexer(_key_index(table, keys)))
        if (psu_position < 0).any():  # pragma: no cover - the design pass saw every key
            raise RuntimeError("a PSU of the estimate is not in the design's PSU table")
        n_domains = len(labels)
        n_psu = len(self._strata_info.codes)
        width = n_domains + 1
        key = psu_position * width + np.where(inside, codes, n_domains)

        def by_psu(name: str) -> FloatArray:
            out = np.bincount(key, weights=table[name].to_numpy(), minlength=n_psu * width)
            return out.reshape(n_psu, width)[:, :n_domains].astype(np.float64, copy=False)

        domain = np.where(inside, codes, n_domains)

        def by_domain(name: str) -> FloatArray:
            out = np.bincount(domain, weights=table[name].to_numpy(), minlength=width)
            return out[:n_domains].astype(np.float64, copy=False)

        w_used = by_psu("_w")
        return Sums.from_psu(
            labels,
            y=np.stack([by_psu(f"_y{j}") for j in range(len(ys))]),
            x=by_psu("_x") if x_column is not None else w_used,
            w=w_used,
            yy=np.stack([by_domain(f"_yy{j}") for j in range(len(ys))]),
            xy=np.stack([by_domain(f"_xy{j}") for j in range(len(ys))]),
            xx=by_domain("_xx"),
            nonzero_domain=by_psu("_nzd"),
            nonzero_used=by_psu("_nzu"),
            rows=by_domain("_rows"),
            present=by_psu("_ok") > 0,
        )

    def _calibrated_copy(self, data: Any, weights: str, record: _Record) -> CalibratedSurveyDesign:
        """This design over ``data`` (its rows with one more column) weighted by the
        calibrated ``weights`` (``post_stratify``, ``rake`` and ``calibrate``)."""
        return CalibratedSurveyDesign._make(self, data, weights, record)


class CalibratedSurveyDesign(SurveyDesign):
    """A :class:`SurveyDesign` with calibrated weights (``post_stratify``, ``rake``,
    ``calibrate``); variances use R's calibration residuals."""

    __slots__ = ("_base_design", "_calibration")

    _calibration: _Record
    _base_design: SurveyDesign

    @classmethod
    def _make(
        cls, base: SurveyDesign, data: Any, weights: str, record: _Record
    ) -> CalibratedSurveyDesign:
        self = cls.__new__(cls)
        psu = base.psu
        if psu is None and base.engine != "pandas":
            psu = _ROW  # the row numbers are already in the data
        SurveyDesign.__init__(
            self,
            data,
            weights=weights,
            strata=base.strata,
            psu=psu,
            fpc=base.fpc,
            lonely_psu=base.lonely_psu,
            lonely_psu_domain=base.lonely_psu_domain,
        )
        object.__setattr__(self, "_calibration", record)
        object.__setattr__(self, "_base_design", base)
        return self

    def __getstate__(self) -> dict[str, Any]:
        names = [*SurveyDesign.__slots__, *CalibratedSurveyDesign.__slots__]
        return {name: getattr(self, name) for name in names}

    def __repr__(self) -> str:
        return f"Calibrated({self._calibration.kind}: {SurveyDesign.__repr__(self)})"

    @property
    def calibration_weights(self) -> str:
        """Column of the calibrated weights (also ``weights``)."""
        return self._weights_column

    def _row_view(self, columns: Sequence[str]) -> RowView:
        return calibrated_taylor_view(self, columns)

    def _reduce(self, request: Request) -> Sums:
        return calibrated_taylor_sums(self, SurveyDesign._reduce(self, request), request)


# -- helpers ---------------------------------------------------------------------------
def _narwhals() -> Any:
    import narwhals.stable.v2 as nw

    return nw


def _python(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def _pandas_numeric(frame: Any, column: str, parameter: str) -> FloatArray:
    """A pandas column as float64 (NaN for missing); raise if it is not numeric."""
    pd = _pandas()
    series = frame[column]
    dtype = series.dtype
    if not (
        pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_object_dtype(dtype)
    ):
        raise InvalidInputError(
            parameter, f"must be a numeric or boolean column (column {column!r})", str(dtype)
        )
    try:
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError):
        raise InvalidInputError(
            parameter, f"must be a numeric or boolean column (column {column!r})", str(dtype)
        ) from None
    return np.asarray(values, dtype=np.float64)


def _binary_everywhere(series: Any, values: FloatArray) -> bool:
    """Whether every value of a column is 0 or 1 (a cheap whole-column check)."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "b":
        return True
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        raw = series.to_numpy()
        return len(raw) == 0 or bool(raw.min() >= 0 and raw.max() <= 1)
    return bool(((values == 0) | (values == 1)).all())


def _require_numeric(data: Any, engine: Engine, column: str, parameter: str) -> None:
    """Raise unless ``column`` of a Polars / Dask frame is numeric or boolean (schema only)."""
    if engine == "dask":
        pd = _pandas()
        dtype = data[column].dtype
        ok = pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
    else:
        nw = _narwhals()
        dtype = nw.from_native(data).collect_schema()[column]
        ok = dtype.is_numeric() or dtype == nw.Boolean
    if not ok:
        raise InvalidInputError(
            parameter, f"must be a numeric or boolean column (column {column!r})", str(dtype)
        )


def _with_row_number(data: Any, engine: Engine) -> Any:
    """Add a row-number column (each row its own PSU) without computing anything."""
    if engine in ("polars", "polars-lazy"):
        return data.with_row_index(_ROW)

    def number(pdf: Any, partition_info: dict[str, Any] | None = None) -> Any:
        part = int(partition_info["number"]) if partition_info else 0
        rows = np.arange(len(pdf), dtype=np.int64) + (part << 40)
        return pdf.assign(**{_ROW: rows})

    return data.map_partitions(number, partition_info=True, meta=number(data._meta))


def _no_missing_key(codes: IntArray, parameter: str, column: str) -> None:
    if (codes < 0).any():
        position = int(np.flatnonzero(codes < 0)[0])
        raise InvalidInputError(
            parameter, f"must not be missing (column {column!r})", math.nan, position
        )


def _make_strata(
    psu_strata: IntArray, labels: tuple[Any, ...], fpc: FloatArray | None = None
) -> Strata:
    """The :class:`Strata` of the PSUs from stratum codes encoded once (no re-hashing)."""
    return strata_from_codes(psu_strata, labels, fpc)


def _degrees_of_freedom(psu_strata: IntArray, nonzero: npt.NDArray[np.bool_]) -> int:
    """PSUs with a non-zero weight minus the strata they fall in (R ``degf``)."""
    return int(nonzero.sum()) - len(np.unique(psu_strata[nonzero]))
