r"""Replicate-weight survey designs: JK1, JKn, bootstrap, BRR and Fay, as R ``survey`` 4.x.

A :class:`ReplicateDesign` estimates a variance by re-computing the statistic with each of
$R$ sets of replicate weights $w_{ri} = a_{ri} w_i$ and measuring the spread of the replicate
estimates $\hat\theta_r$ (methods/survey#survey):

$$
\hat V(\hat\theta) = c \sum_{r=1}^{R} c_r \, (\hat\theta_r - \tilde\theta)^2 ,
$$

with the scale $c$ and the replicate scales $c_r$ of the method (R's ``scale`` and
``rscales``), and $\tilde\theta$ the mean of the replicate estimates (``mse=False``, R's
default) or the full-sample estimate $\hat\theta$ (``mse=True``).

Two constructors:

* :meth:`ReplicateDesign.from_design` builds the replicate factors $a_{ri}$ of a
  :class:`~dppapp_indikator.survey.design.SurveyDesign` per PSU, as R's ``as.svrepdesign``.
  Every estimate is then the Taylor design's one reduction pass to PSU-by-domain totals,
  combined with the (PSU x replicate) factor matrix in numpy: no replicate weight column is
  ever materialised.
* :meth:`ReplicateDesign.from_columns` uses replicate weights shipped with a survey (R's
  ``svrepdesign``): one reduction pass of group-by sums per estimate, per domain
  $\sum_i w_{ri} y_i$ and $\sum_i w_{ri}$ for every replicate (pandas: one ``np.bincount`` per
  replicate column, read in place; Polars eager and lazy, Dask:
  :func:`~dppapp_indikator.survey._engine.grouped_sums`).

Domains are zero weights on the full design, never deleted rows (as in the Taylor design).
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from .._checks import InvalidInputError, check_choice
from ._calibrated import _Record, calibrated_replicate_sums, calibrated_replicate_view
from ._engine import Engine, columns_of, engine_of, grouped_sums, require_columns
from ._extensions import DesignExtensions
from ._keys import _ROW, _key_index
from ._layer import EstimatorMethods, ReplicateVariance, Request, Sums, sparse_deviation
from ._reduce import (
    check_outcome_table,
    derive_outcomes,
    outcome_sum_columns,
    raise_missing,
    raise_not_binary,
)
from ._rowview import RowView, collect_columns
from .design import SurveyDesign, _by_codes, _pandas_numeric, _require_numeric

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ._variance import Strata

__all__ = [
    "DEFAULT_BOOTSTRAP_REPLICATES",
    "REPLICATE_FORMS",
    "REPLICATE_METHODS",
    "REPLICATE_TYPES",
    "ReplicateDesign",
    "ReplicateForm",
    "ReplicateMethod",
    "ReplicateType",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]

#: How :meth:`ReplicateDesign.from_design` builds replicates (R's ``as.svrepdesign(type=)``).
ReplicateMethod: TypeAlias = Literal["JK1", "JKn", "bootstrap", "subbootstrap", "BRR", "Fay"]
REPLICATE_METHODS: tuple[ReplicateMethod, ...] = (
    "JK1",
    "JKn",
    "bootstrap",
    "subbootstrap",
    "BRR",
    "Fay",
)

#: The kind of shipped replicate weights (R's ``svrepdesign(type=)``).
ReplicateType: TypeAlias = Literal["JK1", "JKn", "bootstrap", "BRR", "Fay", "other"]
REPLICATE_TYPES: tuple[ReplicateType, ...] = ("JK1", "JKn", "bootstrap", "BRR", "Fay", "other")

#: Shipped replicate weight columns are full weights (``"combined"``, R's
#: ``combined.weights = TRUE``) or factors that multiply the sampling weight (``"factor"``).
ReplicateForm: TypeAlias = Literal["combined", "factor"]
REPLICATE_FORMS: tuple[ReplicateForm, ...] = ("combined", "factor")

#: R's ``bootweights(replicates = 50)``.
DEFAULT_BOOTSTRAP_REPLICATES = 50

Kind: TypeAlias = Literal["mean", "total", "ratio", "proportion"]

#: Largest (PSU x replicate) factor matrix a jackknife may build (2 GB of float64).
_MAX_FACTORS = 250_000_000

#: R's ``degf()`` of a replicate design: ``qr(weights(design, "analysis"), tol = 1e-5)$rank - 1``.
_RANK_TOLERANCE = 1e-5


def _pandas() -> Any:
    import pandas as pd

    return pd


def _narwhals() -> Any:
    import narwhals.stable.v2 as nw

    return nw


# -- Hadamard matrices (BRR, Fay) -------------------------------------------------------
def _is_prime(n: int) -> bool:
    if n < 2:
        return False
    return all(n % d for d in range(2, math.isqrt(n) + 1))


def _quadratic_character(q: int) -> IntArray:
    """Legendre symbol chi(a) mod the prime q, for a = 0..q-1."""
    chi = np.full(q, -1, dtype=np.int64)
    chi[0] = 0
    chi[(np.arange(1, q, dtype=np.int64) ** 2) % q] = 1
    return chi


def _hadamard(order: int) -> IntArray | None:
    """A Hadamard matrix (entries +/-1, ``H H^T = order I``) whose first row is all +1.

    Sylvester (a power of 2), Paley I (``order - 1`` a prime = 3 mod 4), Paley II
    (``order / 2 - 1`` a prime = 1 mod 4), and doublings of those; None when none applies.
    """
    base = np.array([[1, 1], [1, -1]], dtype=np.int64)
    matrix: IntArray | None = None
    if order == 1:
        matrix = np.ones((1, 1), dtype=np.int64)
    elif order == 2:
        matrix = base
    elif order % 4 == 0:
        q = order - 1
        half = _hadamard(order // 2) if order & (order - 1) == 0 else None
        if half is not None:  # a power of 2: Sylvester
            matrix = np.asarray(np.kron(base, half), dtype=np.int64)
        elif _is_prime(q) and q % 4 == 3:  # Paley I: I + S, S skew-symmetric
            chi = _quadratic_character(q)
            index = np.arange(q)
            skew = np.zeros((order, order), dtype=np.int64)
            skew[0, 1:] = 1
            skew[1:, 0] = -1
            skew[1:, 1:] = chi[(index[None, :] - index[:, None]) % q]
            matrix = np.eye(order, dtype=np.int64) + skew
        elif _is_prime(order // 2 - 1) and (order // 2 - 1) % 4 == 1:  # Paley II
            q = order // 2 - 1
            chi = _quadratic_character(q)
            index = np.arange(q)
            conference = np.zeros((q + 1, q + 1), dtype=np.int64)
            conference[0, 1:] = 1
            conference[1:, 0] = 1
            conference[1:, 1:] = chi[(index[None, :] - index[:, None]) % q]
            other = np.array([[1, -1], [-1, -1]], dtype=np.int64)
            matrix = np.kron(conference, base) + np.kron(np.eye(q + 1, dtype=np.int64), other)
        else:
            half = _hadamard(order // 2)
            if half is not None:
                matrix = np.asarray(np.kron(base, half), dtype=np.int64)
    if matrix is None:
        return None
    return np.asarray(matrix * matrix[0][None, :], dtype=np.int64)  # first row all +1


def _hadamard_for_strata(n_strata: int) -> IntArray:
    """The smallest constructible Hadamard matrix with more rows than ``n_strata``.

    Its order is a multiple of 4 (2 for a single stratum), at least ``n_strata + 1``; when
    no construction here gives that order, the next multiple of 4 that has one.
    """
    order = 2 if n_strata <= 1 else 4 * math.ceil((n_strata + 1) / 4)
    while True:
        matrix = _hadamard(order)
        if matrix is not None:
            return matrix
        order += 4


# -- replicate factors per PSU (R's jk1weights, jknweights, brrweights, bootweights) -------
@dataclass(frozen=True)
class _Factors:
    factors: FloatArray  # (n_psu, R)
    scale: float
    rscales: FloatArray  # (R,)


def _positions_in_stratum(codes: IntArray) -> IntArray:
    """0-based position of each PSU within its stratum, in PSU order."""
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    counts = np.diff(np.r_[starts, len(codes)])
    within = np.arange(len(codes)) - np.repeat(starts, counts)
    positions = np.empty(len(codes), dtype=np.int64)
    positions[order] = within
    return positions


def _jk1_factors(info: Strata) -> _Factors:
    n = len(info.codes)
    if n < 2:
        raise InvalidInputError(
            "method", "'JK1' needs at least 2 PSUs (delete-one-PSU jackknife)", n
        )
    fraction = float(info.sampling_fraction[0])
    if fraction >= 1.0:
        raise InvalidInputError(
            "method",
            "'JK1' has no replicate to build: the fpc says every PSU was sampled (a census)",
            fraction,
        )
    factors = np.full((n, n), n / (n - 1.0))
    np.fill_diagonal(factors, 0.0)
    return _Factors(factors, (1.0 - fraction) * (n - 1.0) / n, np.ones(n))


def _jkn_factors(info: Strata, lonely_psu: str) -> _Factors:
    codes = info.codes
    n_h = info.n_psu.astype(np.float64)
    fraction = info.sampling_fraction
    n_strata = info.n_strata
    exhaustive = fraction >= 1.0  # R's survey.drop.replicates: no replicate, no variance
    ordinary = (n_h >= 2) & ~exhaustive
    deleted = np.flatnonzero(ordinary[codes])  # one replicate per PSU of those strata
    with np.errstate(divide="ignore", invalid="ignore"):
        inflate = np.where(n_h >= 2, n_h / (n_h - 1.0), 1.0)
    rep_stratum = codes[deleted]
    factors = np.where(codes[:, None] == rep_stratum[None, :], inflate[codes][:, None], 1.0)
    factors[deleted, np.arange(len(deleted))] = 0.0
    rscales = ((n_h - 1.0) / np.where(n_h >= 2, n_h, 1.0) * (1.0 - fraction))[rep_stratum]
    lonely = np.flatnonzero((n_h == 1) & ~exhaustive)
    if lonely.size and lonely_psu == "adjust":
        if n_strata < 2:
            raise InvalidInputError(
                "lonely_psu", "'adjust' needs at least 2 strata for JKn", lonely_psu
            )
        extra = np.where(
            codes[:, None] == lonely[None, :], 0.0, n_strata / (n_strata - 1.0)
        ).astype(np.float64)
        factors = np.concatenate([factors, extra], axis=1)
        rscales = np.concatenate([rscales, np.full(lonely.size, (n_strata - 1.0) / n_strata)])
    n_replicates = factors.shape[1]
    if n_replicates == 0:
        raise InvalidInputError(
            "method",
            "'JKn' has no replicate to build: every stratum was exhaustively sampled (fpc) "
            "or has a single PSU",
            "JKn",
        )
    scale = 1.0
    if lonely_psu == "average" and n_replicates < len(codes):
        scale = len(codes) / n_replicates  # R: scale * length(unq) / counter
    return _Factors(np.asarray(factors, dtype=np.float64), scale, rscales)


def _jkn_ordinary(info: Strata) -> int:
    """Number of JKn replicates of PSU deletion (strata with >= 2 PSUs and f_h < 1)."""
    ordinary = (info.n_psu >= 2) & (info.sampling_fraction < 1.0)
    return int(info.n_psu[ordinary].sum())


def _brr_factors(info: Strata, rho: float) -> _Factors:
    wrong = np.flatnonzero(info.n_psu != 2)
    if wrong.size:
        h = int(wrong[0])
        raise InvalidInputError(
            "method",
            f"'BRR' and 'Fay' need exactly 2 PSUs in every stratum; stratum "
            f"{info.labels[h]!r} has {int(info.n_psu[h])} (R's brrweights splits or merges "
            "such strata; form 2-PSU variance strata first, or use method='JKn' or "
            "'bootstrap')",
            int(info.n_psu[h]),
        )
    matrix = _hadamard_for_strata(info.n_strata)
    signs = matrix[1 + info.codes, :]  # (n_psu, R): row h + 1 of H for stratum h
    first = _positions_in_stratum(info.codes) == 0
    selected = np.where(first[:, None], signs > 0, signs < 0)
    factors = np.where(selected, 2.0 - rho, rho)
    n_replicates = matrix.shape[1]
    return _Factors(
        factors.astype(np.float64), 1.0 / (n_replicates * (1.0 - rho) ** 2), np.ones(n_replicates)
    )


def _bootstrap_factors(
    info: Strata, replicates: int, seed: int, method: Literal["bootstrap", "subbootstrap"]
) -> _Factors:
    rng = np.random.default_rng(seed)
    codes = info.codes
    factors = np.empty((len(codes), replicates), dtype=np.float64)
    for h in range(info.n_strata):
        members = np.flatnonzero(codes == h)
        n = len(members)
        if method == "subbootstrap":
            if n < 2:
                raise InvalidInputError(
                    "method",
                    f"'subbootstrap' draws n_h - 1 PSUs and needs at least 2 PSUs per "
                    f"stratum; stratum {info.labels[h]!r} has 1",
                    1,
                )
            counts = rng.multinomial(n - 1, np.full(n, 1.0 / n), size=replicates)
            factors[members] = counts.T * (n / (n - 1.0))
            continue
        fraction = float(info.sampling_fraction[h])
        if fraction > 0.0:
            # R's bootstratum: n_h PSUs without replacement from the pseudo-population of
            # N_h = n_h / f_h copies (the first N_h mod n_h PSUs of a shuffle get one more)
            population = max(round(n / fraction), n)
            copies = np.full(n, population // n, dtype=np.int64)
            copies[rng.permutation(n)[: population % n]] += 1
            counts = rng.multivariate_hypergeometric(copies, n, size=replicates)
        else:
            counts = rng.multinomial(n, np.full(n, 1.0 / n), size=replicates)
        factors[members] = counts.T
    if method == "subbootstrap":
        scale = 1.0 / (replicates - 1.0)
    else:
        harmonic = 1.0 / float(np.mean(1.0 / info.n_psu))  # R: psu.per.strata
        if harmonic <= 1.0:
            raise InvalidInputError(
                "method",
                "'bootstrap' needs strata with more than one PSU (every stratum has 1)",
                "bootstrap",
            )
        scale = harmonic / ((harmonic - 1.0) * (replicates - 1.0))
    return _Factors(factors, scale, np.ones(replicates))


# -- degrees of freedom: R's degf() = rank of the analysis weights - 1 -------------------
def _rank_of_gram(gram: FloatArray) -> int:
    """Rank of a matrix from its cross-product ``A^T A``, with R's relative tolerance.

    Columns are normalised to unit length; a pivoted Cholesky factorisation (LAPACK
    ``dpstrf``) stops when the largest remaining squared residual norm is below
    ``1e-5 ** 2``: a column counts when its part orthogonal to the others is at least
    1e-5 of its length, as R's ``qr(tol = 1e-5)``.
    """
    from scipy.linalg import lapack

    diagonal = np.diag(gram).copy()
    keep = diagonal > 0
    if not keep.any():
        return 0
    g = gram[np.ix_(keep, keep)]
    norm = np.sqrt(diagonal[keep])
    normalised = np.ascontiguousarray(g / norm[:, None] / norm[None, :])
    _, _, rank, info = lapack.dpstrf(normalised, tol=_RANK_TOLERANCE**2)
    if info < 0:  # pragma: no cover - invalid argument, cannot happen
        raise RuntimeError("dpstrf failed")
    return int(rank)


def _gram(matrix: FloatArray) -> FloatArray:
    """``matrix^T matrix`` (symmetric, via BLAS ``dsyrk``: half the work of a product)."""
    from scipy.linalg import blas

    if matrix.shape[0] == 0:
        return np.zeros((matrix.shape[1], matrix.shape[1]))
    upper = np.asarray(
        blas.dsyrk(1.0, np.asfortranarray(matrix, dtype=np.float64), trans=1), dtype=np.float64
    )
    full: FloatArray = np.triu(upper) + np.triu(upper, 1).T
    return full


def _jackknife_rank(info: Strata, nonzero: npt.NDArray[np.bool_]) -> int:
    r"""Rank of JK1 / JKn replicate weights (no lonely-PSU "adjust" replicate), exactly.

    With $K$ the PSUs of non-zero weight, $m_h$ those of stratum $h$ and $n_h$ its PSUs:
    the replicate of a deleted PSU $i$ of a replicated stratum $h$ is, on $K$,
    $u + (c_h - 1) e_h - c_h \delta_i$ ($u$ all ones). A stratum with every PSU in $K$
    spans $u$ and the $n_h - 1$ within-stratum differences; one with
    $0 < m_h < n_h$ spans its $m_h$ unit vectors (and $u$). Hence

    rank = sum over partial strata of m_h + sum over complete strata of (n_h - 1)
           + 1 if a PSU of K lies outside the partial strata,

    which avoids an (R x R) factorisation when R is the number of PSUs.
    """
    n_h = info.n_psu
    m_h = np.bincount(info.codes[nonzero], minlength=info.n_strata)
    replicated = (n_h >= 2) & (info.sampling_fraction < 1.0)
    if not replicated.any() or m_h.sum() == 0:
        return 0
    complete = replicated & (m_h == n_h)
    partial = replicated & (m_h > 0) & (m_h < n_h)
    rank = int(m_h[partial].sum() + (n_h[complete] - 1).sum())
    return rank + int(m_h[~partial].sum() > 0)


def _design_psu_square_weights(design: SurveyDesign) -> FloatArray:
    """Sum of squared sampling weights of each PSU of ``design``, in its PSU order."""
    n_psu = design.n_psu
    if design.engine == "pandas":
        weights = design._weights
        row_psu = design._row_psu
        assert weights is not None and row_psu is not None
        return np.bincount(row_psu, weights=weights * weights, minlength=n_psu).astype(np.float64)
    nw = _narwhals()
    keys = design._key_columns()
    w_column = design.weights

    def derive(frame: Any) -> Any:
        w = nw.col(w_column).cast(nw.Float64)
        return frame.with_columns(_ww=w * w)

    table = grouped_sums(design.data, keys, ["_ww"], derive=derive, count=None)
    position = np.asarray(design._psu_index.get_indexer(_key_index(table, keys)))
    out = np.zeros(n_psu, dtype=np.float64)
    np.add.at(out, position, table["_ww"].to_numpy(dtype=np.float64))
    return out


class ReplicateDesign(EstimatorMethods, DesignExtensions):
    r"""A replicate-weight survey design, as R ``survey::svrepdesign`` / ``as.svrepdesign``.

    Build it with :meth:`from_design` (replicates built from a
    :class:`~dppapp_indikator.survey.design.SurveyDesign`) or :meth:`from_columns`
    (replicate weights shipped with the data); calling the class directly raises.

    Attributes
    ----------
    method : str
        ``"JK1"``, ``"JKn"``, ``"bootstrap"``, ``"subbootstrap"``, ``"BRR"``, ``"Fay"`` or
        ``"other"``.
    n_replicates : int
        Number of replicates $R$.
    scale : float
        R's ``scale`` $c$.
    rscales : ndarray
        R's ``rscales`` $c_r$ (a copy).
    mse : bool
        Centre the replicates at the full-sample estimate (True) or at their mean (False).
    degrees_of_freedom : float
        R's ``degf()``: the rank of the replicate (analysis) weights minus 1, unless given.

    Notes
    -----
    Every estimator linear in the weights is recomputed with each replicate's weights; the
    variance is

    $$
    \hat V(\hat\theta) = c \sum_{r=1}^{R} c_r (\hat\theta_r - \tilde\theta)^2 ,
    $$

    with $\tilde\theta = \hat\theta$ when ``mse=True`` and otherwise the mean of the
    replicates with $c_r > 0$ (R's ``svrVar``). A replicate whose estimate is undefined (a
    domain whose rows all get zero weight in it) is dropped with a warning, as R's
    ``na.action = na.omit``. The design is immutable: setting an attribute raises.

    References
    ----------
    1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
       (``as.svrepdesign``, ``svrepdesign``, ``svrVar``), 2023.
    2. K. M. Wolter, *Introduction to Variance Estimation*, 2nd ed., Springer, 2007.
    3. J. N. K. Rao and C. F. J. Wu, "Resampling inference with complex survey data",
       *Journal of the American Statistical Association* 83(401), 231-241, 1988.
    4. A. J. Canty and A. C. Davison, "Resampling-based variance estimation for labour
       force surveys", *The Statistician* 48(3), 379-391, 1999.
    5. R. E. Fay, "Theory and application of replicate weighting for variance
       calculations", *Proceedings of the Survey Research Methods Section*, American
       Statistical Association, 212-217, 1989.

    Examples
    --------
    >>> import pandas as pd
    >>> from dppapp_indikator.survey.design import SurveyDesign
    >>> data = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "w": [2.0] * 6,
    ...                      "y": [1.0, 2.0, 3.0, 4.0, 5.0, 9.0]})
    >>> jk1 = ReplicateDesign.from_design(SurveyDesign(data, weights="w", psu="psu"), "JK1")
    >>> jk1
    ReplicateDesign(method='JK1', replicates=3, scale=0.666667, mse=False, df=2, engine='pandas', source='design')
    >>> jk1.total("y")[["estimate", "se", "df", "n", "n_psu"]].round(3)
       estimate      se   df  n  n_psu
    0      48.0  19.287  2.0  6      3
    """  # noqa: E501

    #: How the variances are computed (read by modules that must not import this class).
    _variance_kind: ClassVar[Literal["taylor", "replicate"]] = "replicate"

    __slots__ = (
        "_data",
        "_degrees_of_freedom",
        "_design",
        "_domain_cache",
        "_engine",
        "_factors",
        "_form",
        "_method",
        "_mse",
        "_n_rows",
        "_replicate_columns",
        "_rho",
        "_rscales",
        "_scale",
        "_seed",
        "_source",
        "_sparse_deviation",
        "_weights",
        "_weights_column",
    )

    _data: Any
    _degrees_of_freedom: float
    _design: SurveyDesign | None
    _domain_cache: dict[tuple[str, ...], tuple[IntArray, pd.DataFrame]]
    _engine: Engine
    _factors: FloatArray | None
    _form: ReplicateForm
    _method: str
    _mse: bool
    _n_rows: int | None
    _replicate_columns: tuple[str, ...] | None
    _rho: float | None
    _rscales: FloatArray
    _scale: float
    _seed: int | None
    _source: Literal["design", "columns"]
    _weights: FloatArray | None
    _weights_column: str

    #: R's svyratio on a replicate design reports no design effect
    _ratio_deff = False

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError(
            "build a ReplicateDesign with ReplicateDesign.from_design(...) or "
            "ReplicateDesign.from_columns(...)"
        )

    def __repr__(self) -> str:
        df = self._degrees_of_freedom
        df_text = str(int(df)) if float(df).is_integer() else repr(df)
        return (
            f"ReplicateDesign(method={self._method!r}, replicates={self.n_replicates}, "
            f"scale={self._scale:.6g}, mse={self._mse}, df={df_text}, "
            f"engine={self._engine!r}, source={self._source!r})"
        )

    # -- constructors -------------------------------------------------------------------
    @classmethod
    def _blank(cls) -> ReplicateDesign:
        self = object.__new__(cls)
        object.__setattr__(self, "_domain_cache", {})
        return self

    @classmethod
    def from_design(
        cls,
        design: SurveyDesign,
        method: ReplicateMethod,
        *,
        replicates: int | None = None,
        rho: float | None = None,
        seed: int | None = None,
        mse: bool = False,
    ) -> ReplicateDesign:
        r"""Replicate weights built from a Taylor design (R ``as.svrepdesign``).

        Parameters
        ----------
        design : SurveyDesign
            The sampling design (weights, strata, PSUs, fpc, lonely-PSU policy).
        method : {"JK1", "JKn", "bootstrap", "subbootstrap", "BRR", "Fay"}
            How the replicates are built:

            * ``"JK1"``: delete-one-PSU jackknife of an unstratified design, $R = n$;
              replicate factor $n/(n-1)$ on the other PSUs; scale $(1 - f)(n-1)/n$,
              rscales 1.
            * ``"JKn"``: stratified jackknife, one replicate per PSU, factor
              $n_h/(n_h-1)$ on the other PSUs of its stratum and 1 elsewhere; scale 1,
              rscales $(1 - f_h)(n_h - 1)/n_h$.
            * ``"BRR"``: balanced repeated replication, exactly 2 PSUs per stratum;
              half-samples from a Hadamard matrix of order $R \ge H + 1$ (factors 2 and
              0); scale $1/R$, rscales 1.
            * ``"Fay"``: Fay's BRR, factors $2 - \rho$ and $\rho$; scale
              $1/(R (1-\rho)^2)$, rscales 1.
            * ``"bootstrap"``: R's ``bootweights`` (Canty-Davison): per stratum $n_h$
              PSUs drawn with replacement (without replacement from a pseudo-population
              of $N_h$ copies when the design has an fpc); factor = times drawn; scale
              $\bar n / ((\bar n - 1)(R - 1))$, $\bar n$ the harmonic mean of $n_h$.
            * ``"subbootstrap"``: R's ``subbootweights`` (Rao-Wu): $n_h - 1$ PSUs drawn
              with replacement; factor = times drawn $\cdot n_h/(n_h-1)$; scale
              $1/(R-1)$.
        replicates : int, optional
            Number of bootstrap replicates [count, >= 2] (default 50, R's); only for the
            bootstrap methods.
        rho : float, optional
            Fay's coefficient $\rho$ [share, in (0, 1)]; required for ``"Fay"``, not
            allowed otherwise.
        seed : int, optional
            Seed of the bootstrap draws [integer >= 0]; required for the bootstrap methods
            (the replicates are reproducible from it), not allowed otherwise.
        mse : bool
            Centre the replicate estimates at the full-sample estimate (R's
            ``mse = TRUE``) instead of at their mean (default, R's ``mse = FALSE``).

        Returns
        -------
        ReplicateDesign

        Raises
        ------
        InvalidInputError
            If ``method`` does not fit the design (R: JK1 on a stratified design; JKn, BRR
            or Fay on an unstratified one), a BRR/Fay stratum has other than 2 PSUs,
            ``rho`` is outside (0, 1), a bootstrap has no ``seed`` or fewer than 2
            replicates, or an argument is given that the method does not use.

        Warns
        -----
        UserWarning
            When BRR, Fay or subbootstrap is built from a design with an fpc: the
            correction is dropped (R: "Finite population correction dropped in
            conversion"; R's subbootstrap drops it silently).

        Notes
        -----
        The factors $a_{ri}$ are kept per PSU, an $(n_\mathrm{PSU} \times R)$ matrix
        $A$. An estimate reduces the data once to PSU-by-domain totals $T_{pd}$ (the
        Taylor design's pass); the replicate totals are $A^\top T$, and

        $$
        \hat V = c \sum_r c_r (\hat\theta_r - \tilde\theta)^2 .
        $$

        JKn and a lonely PSU (the design's ``lonely_psu``, as R's ``jknweights``):
        ``"remove"``, ``"certainty"`` and ``"average"`` build no replicate for the
        stratum (``"average"`` then multiplies the scale by $n_\mathrm{PSU} / R$);
        ``"adjust"`` adds a replicate with factor 0 on the stratum and $H/(H-1)$
        elsewhere, rscale $(H-1)/H$. Strata with $f_h = 1$ get no replicate (R's
        ``survey.drop.replicates``). The degrees of freedom are R's ``degf``: the rank of
        the analysis weights minus 1 (for JK1, JKn and BRR of a full design: PSUs minus
        strata).

        References
        ----------
        1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
           (``as.svrepdesign``, ``jk1weights``, ``jknweights``, ``brrweights``,
           ``bootweights``, ``subbootweights``), 2023.
        2. K. M. Wolter, *Introduction to Variance Estimation*, 2nd ed., Springer, 2007.

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator.survey.design import SurveyDesign
        >>> data = pd.DataFrame({
        ...     "stratum": ["a", "a", "b", "b"], "psu": [1, 2, 3, 4],
        ...     "w": [10.0, 12.0, 20.0, 25.0], "y": [4.0, 5.0, 8.0, 7.0]})
        >>> design = SurveyDesign(data, weights="w", strata="stratum", psu="psu")
        >>> brr = ReplicateDesign.from_design(design, "BRR")
        >>> brr.n_replicates, brr.scale
        (4, 0.25)
        >>> brr.total("y")[["estimate", "se"]]
           estimate    se
        0     435.0  25.0
        >>> design.total("y")[["estimate", "se"]]
           estimate    se
        0     435.0  25.0
        """
        if not isinstance(design, SurveyDesign):
            raise InvalidInputError("design", "must be a SurveyDesign", type(design).__name__)
        check_choice("method", method, REPLICATE_METHODS)
        _check_mse(mse)
        is_bootstrap = method in ("bootstrap", "subbootstrap")
        if rho is not None and method != "Fay":
            raise InvalidInputError("rho", "is only used with method='Fay'", rho)
        if method == "Fay":
            rho = _check_rho(rho)
        if not is_bootstrap:
            if seed is not None:
                raise InvalidInputError(
                    "seed", "is only used by method='bootstrap' or 'subbootstrap'", seed
                )
            if replicates is not None:
                raise InvalidInputError(
                    "replicates",
                    f"is only used by the bootstrap methods (method={method!r} fixes the "
                    "number of replicates)",
                    replicates,
                )
        info = design.strata_info
        stratified = design.strata is not None
        if method == "JK1" and stratified:
            raise InvalidInputError(
                "method",
                "'JK1' is for an unstratified design (R: \"Can't use JK1 for a stratified "
                "design\"); use 'JKn'",
                method,
            )
        if method in ("JKn", "BRR", "Fay") and not stratified:
            raise InvalidInputError(
                "method",
                f'{method!r} needs a stratified design (R: "Must use JK1 or bootstrap for '
                'an unstratified design")',
                method,
            )
        has_fpc = design.fpc is not None
        if has_fpc and method in ("BRR", "Fay", "subbootstrap"):
            warnings.warn(
                f"method={method!r}: the design's finite population correction is dropped "
                '(R: "Finite population correction dropped in conversion")',
                UserWarning,
                stacklevel=2,
            )
        n_psu = len(info.codes)
        if method in ("JK1", "JKn") and n_psu * n_psu > _MAX_FACTORS:
            raise InvalidInputError(
                "method",
                f"{method!r} builds one replicate per PSU: {n_psu} PSUs need a "
                f"{n_psu} x {n_psu} factor matrix (over {_MAX_FACTORS:.0e} entries); use "
                "method='bootstrap' or 'subbootstrap', or group PSUs into fewer variance units",
                n_psu,
            )
        if method == "JK1":
            built = _jk1_factors(info)
        elif method == "JKn":
            built = _jkn_factors(info, design.lonely_psu)
        elif method in ("BRR", "Fay"):
            built = _brr_factors(info, rho if rho is not None else 0.0)
        else:
            count = DEFAULT_BOOTSTRAP_REPLICATES if replicates is None else replicates
            if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 2:
                raise InvalidInputError(
                    "replicates", "must be an integer >= 2 (bootstrap replicates)", count
                )
            if seed is None:
                raise InvalidInputError(
                    "seed",
                    "is required for a bootstrap: the replicates are random draws; give an "
                    "integer seed to make them reproducible",
                    None,
                )
            if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
                raise InvalidInputError("seed", "must be an integer >= 0", seed)
            if has_fpc and method == "subbootstrap":
                info = _without_fpc(info)
            built = _bootstrap_factors(info, int(count), int(seed), method)  # type: ignore[arg-type]
        square = _design_psu_square_weights(design)
        if method == "JK1" or (method == "JKn" and built.factors.shape[1] == _jkn_ordinary(info)):
            degrees = float(_jackknife_rank(info, square > 0) - 1)
        else:
            degrees = float(_rank_of_gram(_gram(built.factors * np.sqrt(square)[:, None])) - 1)
        self = cls._blank()
        init = object.__setattr__
        factors = built.factors
        factors.setflags(write=False)
        init(self, "_source", "design")
        init(self, "_design", design)
        init(self, "_data", design.data)
        init(self, "_engine", design.engine)
        init(self, "_weights_column", design.weights)
        init(self, "_weights", None)
        init(self, "_replicate_columns", None)
        init(self, "_form", "combined")
        init(self, "_method", method)
        init(self, "_factors", factors)
        init(self, "_sparse_deviation", None)
        init(self, "_scale", float(built.scale))
        init(self, "_rscales", np.asarray(built.rscales, dtype=np.float64))
        init(self, "_mse", bool(mse))
        init(self, "_rho", None if rho is None else float(rho))
        init(self, "_seed", None if seed is None else int(seed))
        init(self, "_n_rows", design.n_rows)
        init(self, "_degrees_of_freedom", degrees)
        return self

    @classmethod
    def from_columns(
        cls,
        data: Any,
        weights: str,
        replicate_weights: str | Sequence[str],
        *,
        type: ReplicateType,  # R's svrepdesign(type = )
        scale: float | None = None,
        rscales: Sequence[float] | npt.ArrayLike | None = None,
        rho: float | None = None,
        mse: bool = False,
        df: float | None = None,
        replicate_form: ReplicateForm = "combined",
    ) -> ReplicateDesign:
        r"""A design from replicate weights shipped with a survey (R ``svrepdesign``).

        Parameters
        ----------
        data : pandas.DataFrame, polars.DataFrame, polars.LazyFrame or dask.dataframe.DataFrame
            The microdata, one row per respondent, with the weight columns.
        weights : str
            Column of full-sample sampling weights [weight, >= 0, not missing].
        replicate_weights : str or list of str
            The replicate weight columns, or a prefix: every column whose name starts with
            it (in column order, ``weights`` excluded).
        type : {"JK1", "JKn", "bootstrap", "BRR", "Fay", "other"}
            The replication method, which fixes or defaults the scale as R's
            ``svrepdesign``: ``"BRR"`` $1/R$; ``"Fay"`` $1/(R (1-\rho)^2)$;
            ``"bootstrap"`` $1/(R-1)$ unless given; ``"JK1"``, ``"JKn"`` and ``"other"``
            take it from the survey's documentation.
        scale : float, optional
            R's ``scale`` $c$ [> 0]: required for ``"JK1"`` (the survey's $(n-1)/n$),
            ``"JKn"`` (usually 1) and ``"other"``; must equal R's value if given for
            ``"BRR"`` or ``"Fay"``.
        rscales : array_like, optional
            R's ``rscales`` $c_r$ [>= 0, one per replicate or a single value]: required for
            ``"JKn"`` ($(n_h - 1)/n_h$, times $1 - f_h$ with an fpc); default 1.
        rho : float, optional
            Fay's $\rho$ [share, in (0, 1)]; required for ``"Fay"``, not allowed otherwise.
        mse : bool
            Centre at the full-sample estimate (R's ``mse = TRUE``) instead of the mean of
            the replicates.
        df : float, optional
            Degrees of freedom of the design [> 0] (R's ``svrepdesign(degf = )``); default
            R's ``degf()``: the rank of the replicate weights minus 1, from one extra pass.
        replicate_form : {"combined", "factor"}
            The replicate columns are full weights (default, R's ``combined.weights =
            TRUE``) or factors multiplying ``weights``.

        Returns
        -------
        ReplicateDesign

        Raises
        ------
        InvalidInputError
            If a column is missing or not numeric (the message names it), a weight or
            replicate weight is negative, missing or infinite, fewer than 2 replicate
            columns are found, ``scale`` / ``rscales`` / ``rho`` are missing where
            required or invalid.

        Notes
        -----
        Each estimate is one pass of group-by sums: per domain $d$ the full-sample sums
        and, for every replicate $r$, $\sum_i w_{ri} \delta_{di} y_i$ and
        $\sum_i w_{ri} \delta_{di} x_i$ ($x = 1$ for a mean). Then

        $$
        \hat V = c \sum_r c_r (\hat\theta_r - \tilde\theta)^2 .
        $$

        The default degrees of freedom need the cross-product of the replicate weights
        ($O(n R^2)$ at construction); give ``df`` to skip it. The PSUs of a shipped design
        are unknown, so the ``n_psu`` column of the results is missing (``<NA>``).

        References
        ----------
        1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
           (``svrepdesign``), 2023.

        Examples
        --------
        >>> import pandas as pd
        >>> data = pd.DataFrame({"w": [2.0] * 6, "y": [1.0, 2.0, 3.0, 4.0, 5.0, 9.0],
        ...                      "rep1": [0.0, 0.0, 3.0, 3.0, 3.0, 3.0],
        ...                      "rep2": [3.0, 3.0, 0.0, 0.0, 3.0, 3.0],
        ...                      "rep3": [3.0, 3.0, 3.0, 3.0, 0.0, 0.0]})
        >>> shipped = ReplicateDesign.from_columns(data, "w", "rep", type="JK1", scale=2 / 3)
        >>> shipped.mean("y")[["estimate", "se", "df", "n"]].round(4)
           estimate      se   df  n
        0       4.0  1.6073  2.0  6
        """
        engine = engine_of(data)
        check_choice("type", type, REPLICATE_TYPES)
        check_choice("replicate_form", replicate_form, REPLICATE_FORMS)
        _check_mse(mse)
        if not isinstance(weights, str):
            raise InvalidInputError("weights", "must be a column name (str)", weights)
        require_columns(data, [weights], "weights")
        columns = _replicate_columns(data, weights, replicate_weights)
        n_replicates = len(columns)
        if rho is not None and type != "Fay":
            raise InvalidInputError("rho", "is only used with type='Fay'", rho)
        if type == "Fay":
            rho = _check_rho(rho)
        rscale_values = _check_rscales(rscales, n_replicates, type)
        scale_value = _column_scale(type, scale, n_replicates, rho)
        if df is not None and not (
            isinstance(df, (int, float)) and not isinstance(df, bool) and float(df) > 0
        ):
            raise InvalidInputError("df", "must be > 0", df)
        for column in (weights, *columns):
            parameter = "weights" if column == weights else "replicate_weights"
            if engine == "pandas":
                _pandas_numeric(data, column, parameter)
            else:
                _require_numeric(data, engine, column, parameter)
        check = _column_pass(data, engine, weights, columns, replicate_form, gram=df is None)
        if df is None:
            assert check.gram is not None
            degrees = float(_rank_of_gram(check.gram) - 1)
        else:
            degrees = float(df)
        self = cls._blank()
        init = object.__setattr__
        init(self, "_source", "columns")
        init(self, "_design", None)
        init(self, "_data", data)
        init(self, "_engine", engine)
        init(self, "_weights_column", weights)
        init(self, "_weights", check.weights)
        init(self, "_replicate_columns", tuple(columns))
        init(self, "_form", replicate_form)
        init(self, "_method", type)
        init(self, "_factors", None)
        init(self, "_sparse_deviation", None)
        init(self, "_scale", float(scale_value))
        init(self, "_rscales", rscale_values)
        init(self, "_mse", bool(mse))
        init(self, "_rho", None if rho is None else float(rho))
        init(self, "_seed", None)
        init(self, "_n_rows", check.n_rows)
        init(self, "_degrees_of_freedom", degrees)
        return self

    # -- read-only description ----------------------------------------------------------
    @property
    def method(self) -> str:
        """The replication method ("JK1", "JKn", "bootstrap", "subbootstrap", "BRR",
        "Fay" or "other")."""
        return self._method

    @property
    def source(self) -> Literal["design", "columns"]:
        """``"design"`` (built by :meth:`from_design`) or ``"columns"``."""
        return self._source

    @property
    def design(self) -> SurveyDesign | None:
        """The Taylor design the replicates were built from (None for shipped columns)."""
        return self._design

    @property
    def replicate_columns(self) -> tuple[str, ...] | None:
        """The shipped replicate weight columns (None when built from a design)."""
        return self._replicate_columns

    @property
    def replicate_form(self) -> ReplicateForm:
        """``"combined"`` (full weights) or ``"factor"`` (multiply ``weights``)."""
        return self._form

    @property
    def n_replicates(self) -> int:
        """Number of replicates R."""
        return len(self._rscales)

    @property
    def n_rows(self) -> int | None:
        """Number of rows (None for a lazy frame of shipped columns whose size is unknown)."""
        return self._n_rows

    @property
    def scale(self) -> float:
        """R's ``scale``: the overall multiplier of the replicate variance."""
        return self._scale

    @property
    def rscales(self) -> FloatArray:
        """R's ``rscales``: one multiplier per replicate (a copy)."""
        return self._rscales.copy()

    @property
    def mse(self) -> bool:
        """True: centre at the full-sample estimate; False: at the replicates' mean."""
        return self._mse

    @property
    def rho(self) -> float | None:
        """Fay's coefficient (None for other methods)."""
        return self._rho

    @property
    def seed(self) -> int | None:
        """The bootstrap seed (None for other methods)."""
        return self._seed

    @property
    def degrees_of_freedom(self) -> float:
        """R's ``degf()``: rank of the replicate weights minus 1 (or the ``df`` given)."""
        return self._degrees_of_freedom

    @property
    def factors(self) -> FloatArray | None:
        """The replicate factors per PSU, shape (n_psu, R), in the design's PSU order (a
        copy; None for shipped columns)."""
        return None if self._factors is None else self._factors.copy()

    def replicate_weights(self, prefix: str = "repw") -> Any:
        """The data with one column of replicate weights per replicate (from a design).

        Parameters
        ----------
        prefix : str
            Column names are ``f"{prefix}{r}"`` for r = 1..R.

        Returns
        -------
        DataFrame
            The design's data (same engine) with R new columns
            $w_{ri} = a_{ri} w_i$; ready for :meth:`from_columns`.

        Raises
        ------
        InvalidInputError
            For a design built from columns, or if a new column name already exists.
        """
        if self._factors is None or self._design is None:
            raise InvalidInputError(
                "replicate_weights",
                "are only built for a design made by from_design (the shipped columns are "
                "the replicate weights)",
                self._source,
            )
        names = [f"{prefix}{r + 1}" for r in range(self.n_replicates)]
        existing = set(columns_of(self._data))
        clash = [name for name in names if name in existing]
        if clash:
            raise InvalidInputError("prefix", f"gives a column that exists: {clash[0]!r}", prefix)
        return _attach_replicate_weights(self._design, self._factors, names)

    # -- the hooks of the estimator layer ----------------------------------------------
    def _reduce(self, request: Request) -> Sums:
        """The request reduced to sums: PSU totals (from a design) or replicate totals."""
        if self._source == "design":
            assert self._design is not None
            return self._design._reduce(request)
        if self._engine == "pandas":
            return self._pandas_totals(request)
        return self._engine_totals(request)

    def _variance_engine(self) -> ReplicateVariance:
        """Replicate variance with the design's factors (or shipped weight columns)."""
        deviation = None
        if self._factors is not None:
            deviation = getattr(self, "_sparse_deviation", None)
            if deviation is None:
                deviation = sparse_deviation(self._factors)
                object.__setattr__(self, "_sparse_deviation", deviation)
        return ReplicateVariance(
            self._factors,
            self._scale,
            self._rscales,
            self._mse,
            deviation=deviation if deviation is not False else None,
        )

    def _domain_df(self, sums: Sums, df: float | None) -> FloatArray:
        """``df`` or the design's degrees of freedom, for every domain."""
        value = float(df) if df is not None else float(self._degrees_of_freedom)
        return np.full(len(sums.rows), value)

    def _domain_codes(self, by: tuple[str, ...], n_rows: int) -> tuple[IntArray, pd.DataFrame]:
        cached = self._domain_cache.get(by)
        if cached is None:
            codes, labels = _by_codes(self._data, by, n_rows)
            codes.setflags(write=False)
            cached = (codes, labels)
            self._domain_cache[by] = cached
        return cached

    def _pandas_totals(self, request: Request) -> Sums:
        frame = self._data
        weights = self._weights
        assert weights is not None and self._replicate_columns is not None
        n = len(weights)
        codes, labels = self._domain_codes(request.by, n)
        n_domains = len(labels)
        in_domain = codes >= 0
        columns = [*request.ys, *([request.x] if request.x else [])]
        arrays = {c: _pandas_numeric(frame, c, "x" if c == request.x else "y") for c in columns}
        missing = {c: np.isnan(v) for c, v in arrays.items()}
        if request.missing == "raise":
            for column in columns:
                bad = missing[column] & in_domain
                if bad.any():
                    raise_missing(column, request, int(bad.sum()), int(np.flatnonzero(bad)[0]))
        valid = np.ones(n, dtype=np.bool_)
        for column in columns:
            valid &= ~missing[column]
        if request.kind == "proportion":
            for column in request.ys:
                values = arrays[column]
                bad = valid & in_domain & (values != 0) & (values != 1)
                if bad.any():
                    position = int(np.flatnonzero(bad)[0])
                    raise_not_binary(column, float(values[position]), position)
        ok = valid & in_domain
        cleaned = {c: np.where(ok, v, 0.0) for c, v in arrays.items()}
        used = np.where(ok, weights, 0.0)
        key = np.where(ok, codes, n_domains)  # rows not used go to a dropped bucket

        def by_domain(values: FloatArray) -> FloatArray:
            out = np.bincount(key, weights=values, minlength=n_domains + 1)
            return out[:n_domains].astype(np.float64, copy=False)

        x_values = cleaned[request.x] if request.x is not None else None
        k = len(request.ys)
        n_replicates = self.n_replicates
        y_rep = np.empty((n_replicates, k, n_domains))
        x_rep = np.empty((n_replicates, n_domains))
        # one replicate column at a time: a view of the frame's data, no (n x R) copy
        for r, column in enumerate(self._replicate_columns):
            replicate = frame[column].to_numpy(dtype=np.float64, na_value=np.nan)
            if self._form == "factor":
                replicate = replicate * weights
            x_rep[r] = by_domain(replicate * x_values if x_values is not None else replicate)
            for j, name in enumerate(request.ys):
                y_rep[r, j] = by_domain(replicate * cleaned[name])
        y_full = np.stack([by_domain(used * cleaned[c]) for c in request.ys])
        yy = np.stack([by_domain(used * cleaned[c] * cleaned[c]) for c in request.ys])
        w_full = by_domain(used)
        x_full = by_domain(used * x_values) if x_values is not None else w_full
        rows = np.bincount(codes[in_domain], minlength=n_domains).astype(np.float64)
        return Sums(
            labels=labels,
            y=y_full,
            x=x_full,
            w=w_full,
            yy=yy,
            n_used=by_domain((used != 0).astype(np.float64)),
            rows=rows,
            rep_y=y_rep,
            rep_x=x_rep,
        )

    def _engine_totals(self, request: Request) -> Sums:
        nw = _narwhals()
        data = self._data
        assert self._replicate_columns is not None
        columns = [*request.ys, *([request.x] if request.x else [])]
        for column in columns:
            _require_numeric(data, self._engine, column, "x" if column == request.x else "y")
        w_column = self._weights_column
        ys = list(request.ys)
        x_column = request.x
        names = {c: f"_v{i}" for i, c in enumerate(columns)}
        replicate_columns = list(self._replicate_columns)
        factor_form = self._form == "factor"

        def derive(frame: Any) -> Any:
            frame = derive_outcomes(frame, request, w_column, nw.lit(True), cross=False)
            w = nw.col(w_column).cast(nw.Float64)
            x_value = nw.col(names[x_column]) if x_column is not None else nw.lit(1.0)
            extra: dict[str, Any] = {}
            for r, column in enumerate(replicate_columns):
                a = nw.col(column).cast(nw.Float64)
                if factor_form:
                    a = a * w
                a = a * nw.col("_ok")
                extra[f"_a{r}"] = a * x_value
                for j, c in enumerate(ys):
                    extra[f"_a{r}y{j}"] = a * nw.col(names[c])
            return frame.with_columns(**extra)

        sums = outcome_sum_columns(request, cross=False)
        for r in range(len(replicate_columns)):
            sums += [f"_a{r}"] + [f"_a{r}y{j}" for j in range(len(ys))]
        by = list(request.by)
        with warnings.catch_warnings():
            # Dask: pandas flags the wide reduced table (one column per replicate sum) as
            # fragmented when _engine resets its index; harmless here
            warnings.simplefilter("ignore", _pandas().errors.PerformanceWarning)
            table = grouped_sums(data, by, sums, derive=derive, count=None)
        codes, labels = _by_codes(table, tuple(by), len(table))
        inside = codes >= 0
        check_outcome_table(table, inside, request, data, self._engine)
        n_domains = len(labels)
        domain = np.where(inside, codes, n_domains)

        def by_domain(name: str) -> FloatArray:
            out = np.bincount(domain, weights=table[name].to_numpy(), minlength=n_domains + 1)
            return out[:n_domains].astype(np.float64, copy=False)

        n_replicates = len(replicate_columns)
        y_rep = np.empty((n_replicates, len(ys), n_domains))
        x_rep = np.empty((n_replicates, n_domains))
        for r in range(n_replicates):
            x_rep[r] = by_domain(f"_a{r}")
            for j in range(len(ys)):
                y_rep[r, j] = by_domain(f"_a{r}y{j}")
        return Sums(
            labels=labels,
            y=np.stack([by_domain(f"_y{j}") for j in range(len(ys))]),
            x=by_domain("_x"),
            w=by_domain("_w"),
            yy=np.stack([by_domain(f"_yy{j}") for j in range(len(ys))]),
            n_used=by_domain("_nzu"),
            rows=by_domain("_rows"),
            rep_y=y_rep,
            rep_x=x_rep,
        )

    # -- helpers -------------------------------------------------------------------------------

    def _calibrated_copy(
        self, data: Any, weights: str, record: _Record
    ) -> CalibratedReplicateDesign:
        """This design over ``data`` (its rows with one more column), recalibrated replicate
        by replicate (``post_stratify``, ``rake`` and ``calibrate``)."""
        return CalibratedReplicateDesign._make(self, data, weights, record)


class CalibratedReplicateDesign(ReplicateDesign):
    """A :class:`ReplicateDesign` with calibrated weights, recalibrated replicate by replicate."""

    __slots__ = ("_base_replicate", "_calibrated_column", "_calibration")

    _calibration: _Record
    _calibrated_column: str
    _base_replicate: ReplicateDesign

    @classmethod
    def _make(
        cls, base: ReplicateDesign, data: Any, weights: str, record: _Record
    ) -> CalibratedReplicateDesign:
        self = cls.__new__(cls)
        for name in ReplicateDesign.__slots__:
            object.__setattr__(self, name, getattr(base, name))
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_domain_cache", {})
        if base._design is not None:
            inner = base._design
            psu = inner.psu
            if psu is None and inner.engine != "pandas":
                psu = _ROW
            plain = SurveyDesign(
                data,
                weights=weights,
                strata=inner.strata,
                psu=psu,
                fpc=inner.fpc,
                lonely_psu=inner.lonely_psu,
                lonely_psu_domain=inner.lonely_psu_domain,
            )
            object.__setattr__(self, "_design", plain)
        else:
            object.__setattr__(self, "_weights_column", weights)
            if self._weights is not None:
                values = collect_columns(data, self._engine, [weights])[weights]
                object.__setattr__(self, "_weights", values.to_numpy(dtype=np.float64))
        object.__setattr__(self, "_calibration", record)
        object.__setattr__(self, "_calibrated_column", weights)
        object.__setattr__(self, "_base_replicate", base)
        return self

    def __getstate__(self) -> dict[str, Any]:
        names = [*ReplicateDesign.__slots__, *CalibratedReplicateDesign.__slots__]
        return {name: getattr(self, name) for name in names}

    def __repr__(self) -> str:
        return f"Calibrated({self._calibration.kind}: {ReplicateDesign.__repr__(self)})"

    @property
    def weights(self) -> str:
        """Column of the calibrated full-sample weights."""
        return self._calibrated_column

    def replicate_weights(self, prefix: str = "repw") -> Any:
        """Not available: the recalibrated replicate weights are never materialised."""
        raise InvalidInputError(
            "replicate_weights",
            "are not materialised for a calibrated design (each replicate is recalibrated "
            "when an estimate is made)",
        )

    def _row_view(self, columns: Sequence[str]) -> RowView:
        return calibrated_replicate_view(self, columns)

    def _variance_engine(self) -> ReplicateVariance:
        return ReplicateVariance(None, self._scale, self._rscales, self._mse)

    def _reduce(self, request: Request) -> Sums:
        if self._design is not None:
            sums = self._design._reduce(request)
        elif self._engine == "pandas":
            sums = self._pandas_totals(request)
        else:
            sums = self._engine_totals(request)
        return calibrated_replicate_sums(self, sums, request)


def _check_mse(mse: object) -> None:
    if not isinstance(mse, (bool, np.bool_)):
        raise InvalidInputError("mse", "must be True or False", mse)


def _check_rho(rho: float | None) -> float:
    if rho is None:
        raise InvalidInputError("rho", "is required for Fay's method: a value in (0, 1)", None)
    if isinstance(rho, bool) or not isinstance(rho, (int, float, np.floating)):
        raise InvalidInputError("rho", "must be a number in (0, 1)", rho)
    value = float(rho)
    if not 0.0 < value < 1.0:
        raise InvalidInputError(
            "rho", "must be in (0, 1) (rho = 0 is BRR: use method/type 'BRR')", rho
        )
    return value


def _without_fpc(info: Strata) -> Strata:
    from ._variance import Strata

    return Strata(
        codes=info.codes,
        labels=info.labels,
        n_psu=info.n_psu,
        sampling_fraction=np.zeros_like(info.sampling_fraction),
    )


def _replicate_columns(
    data: Any, weights: str, replicate_weights: str | Sequence[str]
) -> list[str]:
    available = columns_of(data)
    if isinstance(replicate_weights, str):
        found = [c for c in available if c.startswith(replicate_weights) and c != weights]
        if not found:
            raise InvalidInputError(
                "replicate_weights",
                f"is a prefix that matches no column (columns: {sorted(available)})",
                replicate_weights,
            )
        columns = found
    else:
        columns = list(replicate_weights)
        if not all(isinstance(c, str) for c in columns):
            raise InvalidInputError(
                "replicate_weights", "must be a column prefix or a list of column names", columns
            )
        require_columns(data, columns, "replicate_weights")
        if len(set(columns)) != len(columns):
            raise InvalidInputError(
                "replicate_weights", "must not repeat a column", replicate_weights
            )
    if len(columns) < 2:
        raise InvalidInputError(
            "replicate_weights", "must give at least 2 replicate weight columns", columns
        )
    return columns


def _check_rscales(
    rscales: Sequence[float] | npt.ArrayLike | None, n_replicates: int, kind: str
) -> FloatArray:
    if rscales is None:
        if kind == "JKn":
            raise InvalidInputError(
                "rscales",
                "is required for type='JKn': (n_h - 1)/n_h of each replicate's stratum "
                "(times 1 - f_h with an fpc), from the survey's documentation",
                None,
            )
        return np.ones(n_replicates)
    try:
        values = np.asarray(rscales, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise InvalidInputError("rscales", "must be numbers", rscales) from None
    if values.size == 1:
        values = np.full(n_replicates, float(values[0]))
    if values.size != n_replicates:
        raise InvalidInputError(
            "rscales", f"must give one value per replicate ({n_replicates})", values.size
        )
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise InvalidInputError(
            "rscales", "must be finite and >= 0", float(values[position]), position
        )
    if not (values > 0).any():
        raise InvalidInputError("rscales", "must have at least one value > 0", 0.0)
    return values


def _column_scale(kind: str, scale: float | None, n_replicates: int, rho: float | None) -> float:
    if scale is not None and (
        isinstance(scale, bool)
        or not isinstance(scale, (int, float, np.floating))
        or not math.isfinite(float(scale))
        or float(scale) <= 0
    ):
        raise InvalidInputError("scale", "must be a finite number > 0", scale)
    fixed: float | None = None
    if kind == "BRR":
        fixed = 1.0 / n_replicates
    elif kind == "Fay":
        assert rho is not None
        fixed = 1.0 / (n_replicates * (1.0 - rho) ** 2)
    if fixed is not None:
        if scale is not None and not math.isclose(float(scale), fixed, rel_tol=1e-9):
            raise InvalidInputError(
                "scale",
                f"of type={kind!r} is fixed by R's svrepdesign at {fixed:.10g} "
                "(1/(R (1 - rho)^2)); omit it or use type='other'",
                scale,
            )
        return fixed
    if scale is None:
        if kind == "bootstrap":
            return 1.0 / (n_replicates - 1.0)  # R: bootstrap.average / (R - 1)
        hint = {"JK1": "(n - 1)/n, n the number of PSUs", "JKn": "usually 1"}.get(
            kind, "from the survey's documentation"
        )
        raise InvalidInputError("scale", f"is required for type={kind!r}: {hint}", None)
    return float(scale)


@dataclass(frozen=True)
class _ColumnCheck:
    weights: FloatArray | None  # pandas: the sampling weights
    gram: FloatArray | None  # (R, R) cross-product of the analysis weights
    n_rows: int | None


def _column_pass(
    data: Any,
    engine: Engine,
    weights: str,
    columns: list[str],
    form: ReplicateForm,
    *,
    gram: bool,
) -> _ColumnCheck:
    """One pass over the weight columns: validity counts and (optionally) the Gram matrix."""
    n_replicates = len(columns)

    def chunk_stats(w: FloatArray, a: FloatArray) -> tuple[FloatArray, FloatArray]:
        # counts: weights missing, negative, infinite; replicates the same; rows
        counts = np.array(
            [
                np.isnan(w).sum(),
                (w < 0).sum(),
                np.isinf(w).sum(),
                np.isnan(a).sum(),
                (a < 0).sum(),
                np.isinf(a).sum(),
                len(w),
            ],
            dtype=np.float64,
        )
        if gram:
            analysis = a * w[:, None] if form == "factor" else a
            analysis = np.where(np.isfinite(analysis), analysis, 0.0)
            product = _gram(analysis)
        else:
            product = np.zeros((0, 0))
        return counts, product

    def frame_stats(pdf: Any) -> tuple[FloatArray, FloatArray]:
        """Statistics of a pandas or Polars (eager) frame, in chunks of rows."""
        counts = np.zeros(7)
        product = np.zeros((n_replicates, n_replicates) if gram else (0, 0))
        is_pandas = engine_of(pdf) == "pandas"
        for start in range(0, len(pdf), 65536):
            if is_pandas:
                part = pdf.iloc[start : start + 65536]
                w = part[weights].to_numpy(dtype=np.float64, na_value=np.nan)
                a = part[columns].to_numpy(dtype=np.float64, na_value=np.nan)
            else:
                part = pdf.slice(start, 65536)
                w = part.get_column(weights).cast(float).fill_null(float("nan")).to_numpy()
                a = part.select(columns).cast(float).fill_null(float("nan")).to_numpy()
            c, p = chunk_stats(np.asarray(w, dtype=np.float64), np.asarray(a, dtype=np.float64))
            counts += c
            product = product + p
        return counts, product

    pandas_weights: FloatArray | None = None
    if engine == "pandas":
        counts, product = frame_stats(data)
        pandas_weights = _pandas_numeric(data, weights, "weights")
    elif engine in ("polars", "polars-lazy"):
        selected = data.select([weights, *columns])
        if engine == "polars-lazy":
            selected = selected.collect()
        counts, product = frame_stats(selected)
    else:
        from dask import compute, delayed  # type: ignore[attr-defined]

        parts = data[[weights, *columns]].to_delayed()
        results = compute(*[delayed(frame_stats)(part) for part in parts])  # type: ignore[no-untyped-call]
        counts = np.sum([r[0] for r in results], axis=0)
        product = np.sum([r[1] for r in results], axis=0)
    w_missing, w_negative, w_infinite, a_missing, a_negative, a_infinite, n_rows = counts
    if w_missing or w_negative:
        raise InvalidInputError(
            "weights",
            f"must be >= 0 and not missing (column {weights!r}: {int(w_negative)} negative "
            f"and {int(w_missing)} missing values)",
            f"{int(w_negative + w_missing)} bad values",
        )
    if w_infinite:
        raise InvalidInputError(
            "weights", f"must be finite (column {weights!r})", f"{int(w_infinite)} values"
        )
    if a_missing or a_negative:
        raise InvalidInputError(
            "replicate_weights",
            f"must be >= 0 and not missing ({int(a_negative)} negative and {int(a_missing)} "
            "missing values in the replicate columns)",
            f"{int(a_negative + a_missing)} bad values",
        )
    if a_infinite:
        raise InvalidInputError(
            "replicate_weights", "must be finite", f"{int(a_infinite)} infinite values"
        )
    if pandas_weights is not None:
        pandas_weights.setflags(write=False)
    return _ColumnCheck(weights=pandas_weights, gram=product if gram else None, n_rows=int(n_rows))


def _attach_replicate_weights(design: SurveyDesign, factors: FloatArray, names: list[str]) -> Any:
    """``design.data`` with columns ``w_i * a_ri`` (one per replicate)."""
    pd = _pandas()
    engine = design.engine
    data = design.data
    w_column = design.weights
    if engine == "pandas":
        row_psu = design._row_psu
        weights = design._weights
        assert row_psu is not None and weights is not None
        block = pd.DataFrame(weights[:, None] * factors[row_psu], index=data.index, columns=names)
        return pd.concat([data, block], axis=1)
    keys = design._key_columns()
    index = design._psu_index
    table = pd.DataFrame(
        {key: np.asarray(index.get_level_values(i)) for i, key in enumerate(keys)}
        if len(keys) > 1
        else {keys[0]: np.asarray(index)}
    )
    factor_names = [f"__dppapp_factor_{r}__" for r in range(len(names))]
    table = pd.concat([table, pd.DataFrame(factors, columns=factor_names)], axis=1)
    if engine in ("polars", "polars-lazy"):
        pl = sys.modules["polars"]
        schema = data.collect_schema() if engine == "polars-lazy" else data.schema
        small = pl.from_pandas(table).with_columns([pl.col(key).cast(schema[key]) for key in keys])
        if engine == "polars-lazy":
            small = small.lazy()
        joined = data.join(small, on=keys, how="left", maintain_order="left")
        weight = pl.col(w_column).cast(pl.Float64)
        joined = joined.with_columns(
            [(weight * pl.col(f)).alias(n) for f, n in zip(factor_names, names, strict=True)]
        ).drop(factor_names)
        if _ROW in joined.collect_schema().names() and design.psu is None:
            joined = joined.drop(_ROW)
        return joined
    lookup = table.set_index(keys)

    def attach(pdf: Any) -> Any:
        merged = pdf.join(lookup, on=keys)
        weight = merged[w_column].astype("float64")
        values = merged[factor_names].to_numpy(dtype=np.float64) * weight.to_numpy()[:, None]
        out = pdf.drop(columns=[_ROW]) if design.psu is None and _ROW in pdf.columns else pdf
        return pd.concat([out, pd.DataFrame(values, index=pdf.index, columns=names)], axis=1)

    return data.map_partitions(attach, meta=attach(data._meta))
