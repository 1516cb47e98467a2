"""IPA, IPHA, IPKA: the child protection indices, agreement IKU 3.

Formulas follow methods/child#ipa (KemenPPPA & BPS, *Indeks Perlindungan Anak (IPA),
Pemenuhan Hak Anak (IPHA), Perlindungan Khusus Anak (IPKA)*):

* :func:`minmax_normalize`: min-max normalisation with goalposts fixed in advance;
* :func:`cluster_index`, :func:`weighted_index`: equal-weight and weighted arithmetic means
  with a named missing-data policy (COINr's ``a_amean`` with a data-availability threshold);
* :func:`ipha`, :func:`ipka`, :func:`ipa`: the three indices from cluster values, each with its
  own weight vector (the numeric IPHA and IPA weights are unknown: they are parameters);
* :func:`ipa_from_indicators`: raw indicators -> scores -> cluster indices -> indices, driven
  by a catalogue (:func:`load_ipa_catalogue`, ``data/ipa_catalogue.toml``);
* :func:`recover_weights`: weights implied by published cluster and index values
  (constrained least squares);
* :func:`weight_sensitivity`: Monte Carlo over weights and goalposts (as COINr's
  ``get_sensitivity``).

Aggregation inputs ("component values") take one of these forms; the components lie along the
last axis:

* a 1-D sequence or ndarray of the ``k`` components of one unit -> ``float``;
* a 2-D ndarray, rows = units (regions), columns = components -> ``ndarray`` (one per row);
* a pandas DataFrame, columns = components -> Series with the DataFrame's index;
* a mapping ``component -> value`` whose values are numbers, arrays or Series (broadcast
  together) -> the container of those values;
* a pandas Series indexed by component (one unit) -> ``float``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from ._arrays import (
    ArrayLike,
    Container,
    FloatArray,
    FloatResult,
    broadcast,
    is_dataframe,
    is_series,
)
from ._checks import InvalidInputError, check_finite, check_not_nan, check_range, fail_where
from ._display import notebook_repr
from ._structure import CLUSTERS, IPHA_CLUSTERS, IPKA_INDICATORS, ClusterId
from .policies import DIRECTIONS, MISSING_POLICIES, Direction, MissingPolicy, check_policy

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from .schemas import IpaCatalogue, IpaCatalogueVersion

__all__ = [
    "CLUSTERS",
    "COVERAGES",
    "IPHA_CLUSTERS",
    "ClusterId",
    "Coverage",
    "IpaBreakdown",
    "WeightRecovery",
    "WeightSensitivity",
    "cluster_index",
    "ipa",
    "ipa_from_indicators",
    "ipha",
    "ipka",
    "load_ipa_catalogue",
    "load_ipa_catalogue_file",
    "minmax_normalize",
    "recover_weights",
    "weight_sensitivity",
    "weighted_index",
]

# Cluster identifiers (Klaster I-V of the Convention on the Rights of the Child), the clusters
# of IPHA (I-IV; IPKA is cluster V alone) and the number of IPKA indicators [confirmed,
# methods/child#ipa-agg] live in ._structure, shared with the catalogue schema.

#: Catalogue coverage policy of :func:`ipa_from_indicators`: ``"complete"`` refuses a
#: catalogue that lists fewer indicators than its declared total; ``"partial"`` computes the
#: cluster indices from the listed indicators only.
Coverage: TypeAlias = Literal["complete", "partial"]
COVERAGES: tuple[Coverage, ...] = ("complete", "partial")

#: Tolerance on the sum of a weight vector.
WEIGHT_TOLERANCE = 1e-9

#: What an aggregation accepts as component values (see the module docstring).
ComponentValues: TypeAlias = (
    "npt.ArrayLike | Mapping[Any, ArrayLike] | pd.DataFrame | pd.Series[Any]"
)
#: What an aggregation accepts as weights: a sequence (positional), a mapping or Series keyed by
#: component, or the explicit opt-in ``"equal"``.
WeightsLike: TypeAlias = "Literal['equal'] | npt.ArrayLike | Mapping[Any, float] | pd.Series[Any]"


# ------------------------------------------------------------------------------------------
# 3.1 normalisation
# ------------------------------------------------------------------------------------------


def _minmax(
    names: tuple[str, str, str],
    x: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    direction: str,
    clip: bool,
) -> FloatArray:
    """Validated min-max scores of float arrays; ``names`` name (x, lower, upper)."""
    check_finite(names[0], x)
    span = _checked_span(names, lower, upper)
    with np.errstate(invalid="ignore"):
        score = np.asarray(x - lower if direction == "positive" else upper - x, dtype=np.float64)
        score /= span
        score *= 100.0
        if clip:
            np.clip(score, 0.0, 100.0, out=score)
    return score


def _checked_span(names: tuple[str, str, str], lower: FloatArray, upper: FloatArray) -> FloatArray:
    """``upper - lower`` after checking the goalposts (no NaN, finite, upper > lower)."""
    _, lower_name, upper_name = names
    for name, bound in ((lower_name, lower), (upper_name, upper)):
        check_not_nan(name, bound)
        check_finite(name, bound)
    with np.errstate(invalid="ignore"):
        span = np.asarray(upper - lower, dtype=np.float64)
    if span.size and not float(span.min()) > 0.0:  # slow path only to name the position
        fail_where(
            upper_name,
            upper,
            upper == lower,
            f"must differ from `{lower_name}` (X_max == X_min leaves no range)",
        )
        fail_where(upper_name, upper, upper < lower, f"must be greater than `{lower_name}`")
    return span


def minmax_normalize(
    x: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    *,
    direction: Direction = "positive",
    clip: bool = True,
) -> FloatResult:
    r"""Min-max normalisation of an indicator with goalposts fixed in advance.

    Parameters
    ----------
    x : float, array_like or Series
        The indicator value $X$ [the indicator's unit: percent, ratio ...].
    lower : float, array_like or Series
        The lower goalpost $X_{min}$, fixed in advance ("ditetapkan"), not taken from the data
        [the indicator's unit].
    upper : float, array_like or Series
        The upper goalpost $X_{max}$ [the indicator's unit]; must be greater than ``lower``.
    direction : {"positive", "negative"}
        ``"positive"`` when a higher $X$ is better (e.g. birth-certificate coverage),
        ``"negative"`` when a lower $X$ is better (e.g. child labour, stunting).
    clip : bool
        Clip scores of values outside the goalposts to [0, 100] (default). With
        ``clip=False`` such values keep their out-of-range scores (below 0 or above 100).

    Returns
    -------
    float, ndarray or Series
        The normalised score $SX$ [index 0-100 when clipped], in the container of the inputs.
        NaN in ``x`` gives NaN for that element.

    Raises
    ------
    InvalidInputError
        If ``upper`` equals ``lower`` or is below it, if a goalpost is NaN or infinite, if
        ``x`` is infinite, if ``direction`` is not a known direction, or if the shapes do not
        broadcast.

    Notes
    -----
    methods/child#ipa-norm (as COINr's ``n_goalposts``):

    $$
    SX^{+} = \frac{X - X_{min}}{X_{max} - X_{min}} \times 100, \qquad
    SX^{-} = \frac{X_{max} - X}{X_{max} - X_{min}} \times 100
    $$

    so that $SX^{+} + SX^{-} = 100$ for $X$ within the goalposts. The seed (Perjanjian Kinerja
    2024, IKU 3) writes the negative case as $100 - \frac{X - X_{max}}{X_{min} - X_{max}}
    \times 100$, which is algebraically the positive case: a reading or drafting error that
    methods/child#ipa-norm resolves in favour of $SX^{-}$ above.

    References
    ----------
    1. Kementerian Pemberdayaan Perempuan dan Perlindungan Anak (KemenPPPA) & Badan Pusat
       Statistik (BPS), *Indeks Perlindungan Anak (IPA), Pemenuhan Hak Anak (IPHA),
       Perlindungan Khusus Anak (IPKA)*, 2021.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 3, 2024.
    3. W. Becker et al., *COINr: An R package for developing composite indicators*, Journal of
       Open Source Software 7(78), 4567, 2022.

    Examples
    --------
    >>> minmax_normalize(75.0, 50.0, 100.0)
    50.0
    >>> minmax_normalize(10.0, 0.0, 40.0, direction="negative")
    75.0
    >>> minmax_normalize([-10.0, 120.0], 0.0, 100.0)
    array([  0., 100.])
    >>> minmax_normalize([-10.0, 120.0], 0.0, 100.0, clip=False)
    array([-10., 120.])
    """
    check_policy("direction", direction, DIRECTIONS)
    if not isinstance(clip, (bool, np.bool_)):
        raise InvalidInputError("clip", "must be True or False", clip)
    names = ("x", "lower", "upper")
    # the goalposts are checked in their own shape (usually scalars), not broadcast to x
    _, (low, high) = broadcast(lower=lower, upper=upper)
    span = _checked_span(names, low, high)
    container, (values, _, _) = broadcast(x=x, lower=lower, upper=upper)
    check_finite("x", values)
    with np.errstate(invalid="ignore"):
        if direction == "positive":
            score = np.asarray(np.subtract(values, low, dtype=np.float64))
        else:
            score = np.asarray(np.subtract(low + span, values, dtype=np.float64))
        score /= span
        score *= 100.0
        if clip:
            np.clip(score, 0.0, 100.0, out=score)
    return container.wrap_float(score)


# ------------------------------------------------------------------------------------------
# component values and weights
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Components:
    """Component values as a float array with the components on the last axis."""

    matrix: FloatArray
    names: tuple[str, ...] | None
    container: Container

    @property
    def k(self) -> int:
        return int(self.matrix.shape[-1])

    def label(self, j: int) -> str:
        return self.names[j] if self.names is not None else str(j)

    def with_order(self, names: tuple[str, ...]) -> _Components:
        """The same values with the columns reordered to ``names``."""
        assert self.names is not None
        order = [self.names.index(n) for n in names]
        return _Components(self.matrix[..., order], names, self.container)

    def wrap(self, values: npt.ArrayLike, name: str | None = None) -> FloatResult:
        return self.container.wrap_float(values, name=name)


def _components(name: str, values: object) -> _Components:
    """Read component values in any accepted form (see the module docstring)."""
    if is_dataframe(values):
        frame: Any = values
        try:
            matrix = np.asarray(frame.to_numpy(dtype=np.float64, na_value=np.nan))
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(name, "must have numeric columns only") from exc
        names = tuple(str(c) for c in frame.columns)
        container = Container(kind="series", shape=(len(frame),), index=frame.index)
    elif is_series(values):
        series: Any = values
        try:
            matrix = np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan))
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(name, "must be numeric") from exc
        names = tuple(str(c) for c in series.index)
        container = Container(kind="scalar", shape=())
    elif isinstance(values, Mapping):
        if not values:
            raise InvalidInputError(name, "must have at least one component", {})
        keys = [str(key) for key in values]
        labelled = {
            f"{name}[{key!r}]": value for key, value in zip(keys, values.values(), strict=True)
        }
        container, arrays = broadcast(**labelled)
        matrix = np.stack([np.asarray(a) for a in arrays], axis=-1)
        names = tuple(keys)
    else:
        if values is None or isinstance(values, (str, bytes)):
            raise InvalidInputError(
                name,
                "must be a sequence, an array, a DataFrame or a mapping of components",
                values,
            )
        try:
            matrix = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(name, "must be numeric") from exc
        if matrix.ndim == 0:
            raise InvalidInputError(
                name,
                "must have a component axis (a sequence of components), not a scalar",
                float(matrix),
            )
        names = None
        kind = "scalar" if matrix.ndim == 1 else "array"
        container = Container(kind=kind, shape=matrix.shape[:-1])
    if matrix.shape[-1] == 0:
        raise InvalidInputError(name, "must have at least one component")
    if names is not None and len(set(names)) != len(names):
        raise InvalidInputError(name, "must not repeat a component name", list(names))
    components = _Components(np.asarray(matrix, dtype=np.float64), names, container)
    for j in range(components.k):
        check_finite(f"{name}[{components.label(j)!r}]", components.matrix[..., j])
    return components


def _expect(name: str, components: _Components, expected: tuple[str, ...]) -> _Components:
    """Require the components ``expected`` (by name when labelled, else by position)."""
    if components.k != len(expected):
        raise InvalidInputError(
            name,
            f"must have {len(expected)} components ({', '.join(expected)})",
            components.k,
        )
    if components.names is None:
        return _Components(components.matrix, expected, components.container)
    if set(components.names) != set(expected):
        raise InvalidInputError(
            name, f"must have exactly the components {list(expected)}", list(components.names)
        )
    return components.with_order(expected)


def _weights(name: str, weights: object, components: _Components) -> FloatArray:
    """Validated weight vector, one per component, non-negative and summing to 1."""
    k = components.k
    if weights is None:
        raise InvalidInputError(
            name,
            "must be given: there is no default weight vector (pass weights='equal' to opt in "
            "to equal weights)",
            None,
        )
    if isinstance(weights, str):
        if weights == "equal":
            return np.full(k, 1.0 / k)
        raise InvalidInputError(
            name,
            "must be a sequence of weights, a mapping component -> weight, or 'equal'",
            weights,
        )
    if isinstance(weights, Mapping) or is_series(weights):
        source: Any = weights
        mapping = {str(key): value for key, value in source.items()}
        if components.names is None:  # pragma: no cover - _expect labels known components
            raise InvalidInputError(
                name,
                "is keyed by component, so the values must be labelled (DataFrame "
                "columns or mapping keys)",
            )
        if set(mapping) != set(components.names):
            raise InvalidInputError(
                name,
                f"must have exactly the components {list(components.names)}",
                sorted(mapping),
            )
        try:
            array = np.array([float(mapping[n]) for n in components.names], dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(name, "must be numeric") from exc
    else:
        try:
            array = np.asarray(weights, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(name, "must be numeric") from exc
        if array.ndim != 1 or array.shape[0] != k:
            got = array.shape[0] if array.ndim == 1 else array.shape
            raise InvalidInputError(name, f"must have exactly {k} entries, one per component", got)
    check_not_nan(name, array)
    check_finite(name, array)
    check_range(name, array, 0.0, None)
    total = float(array.sum())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise InvalidInputError(name, f"must sum to 1 (tolerance {WEIGHT_TOLERANCE:g})", total)
    return array


def _threshold(name: str, value: float | None, missing: str) -> float:
    """The minimum-availability threshold, required under ``missing="reweight"``."""
    if value is None:
        if missing == "reweight":
            raise InvalidInputError(
                name,
                "must be given when missing='reweight' (the minimum available share below "
                "which the result is NaN; no default is assumed)",
                None,
            )
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise InvalidInputError(name, "must be a number in [0, 1]", value)
    number = float(value)
    if not 0.0 <= number <= 1.0:  # also rejects NaN
        raise InvalidInputError(name, "must be in [0, 1]", number)
    return number


def _aggregate(
    name: str,
    components: _Components,
    weights: FloatArray,
    missing: str,
    threshold: float,
) -> FloatArray:
    """Weighted arithmetic mean over the last axis under a missing-data policy.

    ``weights`` has the components on its last axis and broadcasts against the values (a
    stack of weight vectors is allowed, as in the sensitivity analysis).
    """
    x = components.matrix
    absent = np.isnan(x)
    if missing == "raise" and absent.any():
        column = int(np.argmax(absent.reshape(-1, components.k).any(axis=0)))
        rows = absent[..., column]
        position = (
            None
            if rows.ndim == 0
            else (
                int(np.argmax(rows))
                if rows.ndim == 1
                else tuple(int(i) for i in np.argwhere(rows)[0])
            )
        )
        raise InvalidInputError(
            f"{name}[{components.label(column)!r}]",
            "must not be missing (NaN) under missing='raise' (choose missing='propagate' or "
            "missing='reweight')",
            float("nan"),
            position,
        )
    present = ~absent
    with np.errstate(invalid="ignore", divide="ignore"):
        numerator = np.where(present, weights * np.where(present, x, 0.0), 0.0).sum(axis=-1)
        available = np.where(present, weights, 0.0).sum(axis=-1)
        total = np.broadcast_to(weights, np.broadcast_shapes(weights.shape, x.shape)).sum(axis=-1)
        value = numerator / available
        if missing == "propagate":
            value = np.where(absent.any(axis=-1), np.nan, value)
        else:  # reweight (or raise with nothing missing)
            share = available / total
            value = np.where(
                (available > 0) & (share >= threshold - WEIGHT_TOLERANCE), value, np.nan
            )
    return np.asarray(value, dtype=np.float64)


def _policy(missing: object) -> str:
    check_policy("missing", missing, MISSING_POLICIES)
    return str(missing)


# ------------------------------------------------------------------------------------------
# 3.2 aggregation
# ------------------------------------------------------------------------------------------


def weighted_index(
    values: ComponentValues,
    weights: WeightsLike,
    *,
    missing: MissingPolicy = "raise",
    min_share: float | None = None,
) -> FloatResult:
    r"""Weighted arithmetic mean of components, with a named missing-data policy.

    Parameters
    ----------
    values : array_like, DataFrame, mapping or Series
        The component values [index, usually 0-100]: the components on the last axis (a 1-D
        sequence for one unit; rows = units and columns = components for a 2-D array or a
        DataFrame; or a mapping component -> value/array/Series).
    weights : sequence, mapping, Series or "equal"
        One weight per component [share 0-1], non-negative and summing to 1 (tolerance
        1e-9): a sequence in the order of the components, or a mapping/Series keyed by
        component name. There is no default: ``"equal"`` is an explicit opt-in to equal
        weights.
    missing : {"raise", "propagate", "reweight"}
        What a missing (NaN) component does: ``"raise"`` (default) raises naming the
        component; ``"propagate"`` gives NaN for that unit; ``"reweight"`` renormalises the
        weights over the available components (COINr's ``a_amean``), subject to
        ``min_share``.
    min_share : float, optional
        Under ``"reweight"`` (where it is required): the minimum share of the total weight
        that must be available [share 0-1]; below it the result is NaN (COINr's
        ``dat_thresh``, measured in weight). Ignored by the other policies.

    Returns
    -------
    float, ndarray or Series
        The index, one value per unit: a float for one unit, an ndarray for a 2-D array, a
        Series with the DataFrame's index for a DataFrame.

    Raises
    ------
    InvalidInputError
        If ``weights`` is missing, of the wrong length or keys, negative, not summing to 1; if
        a component is missing under ``"raise"`` (the message names it) or infinite; if
        ``min_share`` is absent under ``"reweight"`` or outside [0, 1]; or if ``missing`` is
        not a known policy.

    Notes
    -----
    With $A$ the set of available components of a unit:

    $$
    I = \frac{\sum_{i \in A} w_i x_i}{\sum_{i \in A} w_i}, \qquad
    I = \mathrm{NaN} \ \text{if} \ \sum_{i \in A} w_i < s_{min}
    $$

    With nothing missing this is $\sum_i w_i x_i$, a convex combination of the components.

    References
    ----------
    1. W. Becker et al., *COINr: An R package for developing composite indicators*, Journal of
       Open Source Software 7(78), 4567, 2022 (``a_amean``, ``Aggregate(dat_thresh=)``).
    2. OECD & JRC, *Handbook on Constructing Composite Indicators: Methodology and User
       Guide*, 2008.

    Examples
    --------
    >>> weighted_index([80.0, 60.0], [0.75, 0.25])
    75.0
    >>> weighted_index([[80.0, 60.0], [40.0, float("nan")]], [0.75, 0.25],
    ...                missing="reweight", min_share=0.5)
    array([75., 40.])
    >>> weighted_index([80.0, 60.0], "equal")
    70.0
    """
    policy = _policy(missing)
    threshold = _threshold("min_share", min_share, policy)
    components = _components("values", values)
    vector = _weights("weights", weights, components)
    return components.wrap(_aggregate("values", components, vector, policy, threshold))


def cluster_index(
    scores: ComponentValues,
    *,
    missing: MissingPolicy = "raise",
    min_available: float | None = None,
) -> FloatResult:
    r"""Cluster index: the equal-weight mean of the normalised scores of its indicators.

    Parameters
    ----------
    scores : array_like, DataFrame, mapping or Series
        The normalised indicator scores $SX$ of one cluster [index 0-100], indicators on the
        last axis (see :func:`weighted_index` for the accepted forms).
    missing : {"raise", "propagate", "reweight"}
        Missing-data policy (see :func:`weighted_index`); ``"reweight"`` averages the
        available indicators.
    min_available : float, optional
        Under ``"reweight"`` (where it is required): the minimum share of the cluster's
        indicators that must be available [share 0-1]; below it the cluster index is NaN
        (COINr's ``dat_thresh``).

    Returns
    -------
    float, ndarray or Series
        The cluster index $K_j$ [index 0-100], one value per unit.

    Raises
    ------
    InvalidInputError
        As :func:`weighted_index` (``scores`` and ``min_available`` named in the messages).

    Notes
    -----
    methods/child#ipa-agg, with $n_j$ the indicators of cluster $j$:

    $$
    K_j = \frac{1}{n_j} \sum_{i \in j} SX_i
    $$

    Under ``"reweight"`` the mean runs over the available indicators.

    References
    ----------
    1. KemenPPPA & BPS, *Indeks Perlindungan Anak (IPA), Pemenuhan Hak Anak (IPHA),
       Perlindungan Khusus Anak (IPKA)*, 2021.

    Examples
    --------
    >>> cluster_index([70.0, 80.0, 90.0])
    80.0
    >>> cluster_index([70.0, float("nan"), 90.0], missing="reweight", min_available=0.5)
    80.0
    """
    policy = _policy(missing)
    threshold = _threshold("min_available", min_available, policy)
    components = _components("scores", scores)
    vector = np.full(components.k, 1.0 / components.k)
    return components.wrap(_aggregate("scores", components, vector, policy, threshold))


def ipha(
    cluster_values: ComponentValues,
    weights: WeightsLike,
    *,
    missing: MissingPolicy = "raise",
    min_share: float | None = None,
) -> FloatResult:
    r"""Indeks Pemenuhan Hak Anak (IPHA) from the cluster indices of clusters I-IV.

    Parameters
    ----------
    cluster_values : array_like, DataFrame, mapping or Series
        The cluster indices $K_1 \ldots K_4$ [index 0-100]: positionally in the order I, II,
        III, IV, or labelled with exactly the keys/columns ``"I"``, ``"II"``, ``"III"``,
        ``"IV"``.
    weights : sequence, mapping, Series or "equal"
        The IPHA cluster weights $W_1 \ldots W_4$ [share 0-1], summing to 1, positionally or
        keyed by cluster. The published weights are unknown: there is no default
        (``"equal"`` is an explicit opt-in).
    missing : {"raise", "propagate", "reweight"}
        Missing-data policy (see :func:`weighted_index`).
    min_share : float, optional
        Minimum available weight share under ``"reweight"`` [share 0-1].

    Returns
    -------
    float, ndarray or Series
        IPHA [index 0-100], one value per unit.

    Raises
    ------
    InvalidInputError
        If ``cluster_values`` does not have exactly clusters I-IV, or as
        :func:`weighted_index`.

    Notes
    -----
    methods/child#ipa-agg:

    $$
    \mathrm{IPHA} = \sum_{j=1}^{4} W_j K_j, \qquad \sum_{j=1}^{4} W_j = 1
    $$

    References
    ----------
    1. KemenPPPA & BPS, *Indeks Perlindungan Anak (IPA), Pemenuhan Hak Anak (IPHA),
       Perlindungan Khusus Anak (IPKA)*, 2021.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 3, 2024.

    Examples
    --------
    Illustrative weights (the published ones are unknown):

    >>> ipha({"I": 90.0, "II": 70.0, "III": 60.0, "IV": 80.0},
    ...      {"I": 0.2, "II": 0.3, "III": 0.3, "IV": 0.2})
    73.0
    """
    policy = _policy(missing)
    threshold = _threshold("min_share", min_share, policy)
    components = _expect(
        "cluster_values", _components("cluster_values", cluster_values), IPHA_CLUSTERS
    )
    vector = _weights("weights", weights, components)
    value = _aggregate("cluster_values", components, vector, policy, threshold)
    return components.wrap(value, name="ipha")


def ipka(
    cluster_v_scores: ComponentValues,
    weights: WeightsLike = "equal",
    *,
    missing: MissingPolicy = "raise",
    min_share: float | None = None,
) -> FloatResult:
    r"""Indeks Perlindungan Khusus Anak (IPKA) from the 5 indicator scores of cluster V.

    Parameters
    ----------
    cluster_v_scores : array_like, DataFrame, mapping or Series
        The normalised scores $SX$ of the 5 indicators of cluster V (perlindungan khusus)
        [index 0-100], indicators on the last axis.
    weights : sequence, mapping, Series or "equal"
        The indicator weights [share 0-1]. ``"equal"`` (the default) is the documented rule
        [confirmed, methods/child#ipa-agg], not an assumption: IPKA is the cluster V index $K_5$.
    missing : {"raise", "propagate", "reweight"}
        Missing-data policy (see :func:`weighted_index`).
    min_share : float, optional
        Minimum available weight share under ``"reweight"`` [share 0-1].

    Returns
    -------
    float, ndarray or Series
        IPKA [index 0-100], one value per unit.

    Raises
    ------
    InvalidInputError
        If there are not exactly 5 scores per unit, or as :func:`weighted_index`.

    Notes
    -----
    methods/child#ipa-agg (the seed: "IPKA dengan bobot tiap indikator sama"):

    $$
    \mathrm{IPKA} = \sum_{i=1}^{5} w_i \, SX_i, \qquad w_i = \tfrac{1}{5}
    \quad\Rightarrow\quad \mathrm{IPKA} = K_5
    $$

    References
    ----------
    1. KemenPPPA & BPS, *Indeks Perlindungan Anak (IPA), Pemenuhan Hak Anak (IPHA),
       Perlindungan Khusus Anak (IPKA)*, 2021.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 3, 2024.

    Examples
    --------
    >>> ipka([80.0, 90.0, 100.0, 70.0, 60.0])
    80.0
    """
    policy = _policy(missing)
    threshold = _threshold("min_share", min_share, policy)
    components = _components("cluster_v_scores", cluster_v_scores)
    if components.k != IPKA_INDICATORS:
        raise InvalidInputError(
            "cluster_v_scores",
            f"must have the {IPKA_INDICATORS} indicator scores of cluster V",
            components.k,
        )
    vector = _weights("weights", weights, components)
    value = _aggregate("cluster_v_scores", components, vector, policy, threshold)
    return components.wrap(value, name="ipka")


def ipa(
    cluster_values: ComponentValues,
    weights: WeightsLike,
    *,
    missing: MissingPolicy = "raise",
    min_share: float | None = None,
) -> FloatResult:
    r"""Indeks Perlindungan Anak (IPA) from the cluster indices of all five clusters.

    Parameters
    ----------
    cluster_values : array_like, DataFrame, mapping or Series
        The cluster indices $K_1 \ldots K_5$ [index 0-100]: positionally in the order I, II,
        III, IV, V, or labelled with exactly the keys/columns ``"I"`` ... ``"V"``.
    weights : sequence, mapping, Series or "equal"
        IPA's own cluster weights $V_1 \ldots V_5$ [share 0-1], summing to 1. They are
        unknown and are not a blend of the IPHA weights and IPKA: there is no default
        (``"equal"`` is an explicit opt-in).
    missing : {"raise", "propagate", "reweight"}
        Missing-data policy (see :func:`weighted_index`).
    min_share : float, optional
        Minimum available weight share under ``"reweight"`` [share 0-1].

    Returns
    -------
    float, ndarray or Series
        IPA [index 0-100], one value per unit.

    Raises
    ------
    InvalidInputError
        If ``cluster_values`` does not have exactly clusters I-V, or as
        :func:`weighted_index`.

    Notes
    -----
    methods/child#ipa-agg:

    $$
    \mathrm{IPA} = \sum_{j=1}^{5} V_j K_j, \qquad \sum_{j=1}^{5} V_j = 1
    $$

    IPA is not a fixed blend $a \cdot \mathrm{IPHA} + (1 - a) \cdot \mathrm{IPKA}$: the
    published 2020 values imply $a = 0.824$ for Indonesia and $a = 0.783$ for DKI Jakarta.

    References
    ----------
    1. KemenPPPA & BPS, *Indeks Perlindungan Anak (IPA), Pemenuhan Hak Anak (IPHA),
       Perlindungan Khusus Anak (IPKA)*, 2021.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 3 (target
       86.3), 2024.

    Examples
    --------
    Illustrative weights (the published ones are unknown):

    >>> round(ipa([90.0, 70.0, 60.0, 80.0, 85.0], [0.15, 0.2, 0.2, 0.15, 0.3]), 2)
    77.0
    """
    policy = _policy(missing)
    threshold = _threshold("min_share", min_share, policy)
    components = _expect("cluster_values", _components("cluster_values", cluster_values), CLUSTERS)
    vector = _weights("weights", weights, components)
    value = _aggregate("cluster_values", components, vector, policy, threshold)
    return components.wrap(value, name="ipa")


# ------------------------------------------------------------------------------------------
# the catalogue
# ------------------------------------------------------------------------------------------


def load_ipa_catalogue() -> IpaCatalogue:
    """The packaged IPA catalogue (``data/ipa_catalogue.toml``), validated and cached.

    Returns
    -------
    IpaCatalogue
        The catalogue versions ``"2018-2020"`` and ``"2021+"`` (``.version(name)``), each with
        the five clusters, the known indicators (cluster, direction, wording, status) and the
        goalposts and weights, ``None`` where unknown.

    Raises
    ------
    DataFileError
        If the packaged file does not match its schema.

    Notes
    -----
    The catalogue is a template of the known structure (methods/child#ipa-agg): 11 of the 27
    indicators are named; every goalpost and the IPHA and IPA weights are unknown.

    References
    ----------
    1. KemenPPPA & BPS, *Indeks Perlindungan Anak (IPA), Pemenuhan Hak Anak (IPHA),
       Perlindungan Khusus Anak (IPKA)*, 2021.

    Examples
    --------
    >>> catalogue = load_ipa_catalogue()
    >>> sorted(catalogue.versions)
    ['2018-2020', '2021+']
    >>> [i.code for i in catalogue.version("2021+").indicators_in("V")][:2]
    ['child_labour_pct', 'internet_use_disability_ratio']
    """
    from ._data import load_packaged
    from .schemas import IpaCatalogue

    return load_packaged("ipa_catalogue.toml", IpaCatalogue)


def load_ipa_catalogue_file(path: str | Path) -> IpaCatalogue:
    """A user IPA catalogue (TOML or JSON, same schema as the packaged one), validated.

    Parameters
    ----------
    path : str or Path
        The file (``.toml`` or ``.json``).

    Returns
    -------
    IpaCatalogue
        The validated catalogue (not cached).

    Raises
    ------
    DataFileError
        If the file cannot be read or does not match the schema.

    Notes
    -----
    Use it to supply the full indicator list, goalposts and weights once they are known.

    References
    ----------
    1. KemenPPPA & BPS, *Indeks Perlindungan Anak (IPA), Pemenuhan Hak Anak (IPHA),
       Perlindungan Khusus Anak (IPKA)*, 2021.

    Examples
    --------
    >>> load_ipa_catalogue_file("no-such-file.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dppapp_indikator._data.DataFileError: cannot read data file 'no-such-file.toml': ...
    """
    from ._data import load_file
    from .schemas import IpaCatalogue

    return load_file(path, IpaCatalogue)


@notebook_repr("version", "ipa", "ipha", "ipka", "clusters", "scores")
@dataclass(frozen=True, eq=False)
class IpaBreakdown:
    """Every intermediate of :func:`ipa_from_indicators`.

    Attributes
    ----------
    version : str
        The catalogue version used.
    scores : mapping
        Normalised score $SX$ of each indicator, by indicator code [index 0-100].
    clusters : mapping
        Cluster index $K_j$ by cluster id ``"I"`` ... ``"V"`` [index 0-100].
    ipha, ipka, ipa : float, ndarray or Series
        The three indices [index 0-100], one value per unit.
    """

    version: str
    scores: Mapping[str, FloatResult]
    clusters: Mapping[str, FloatResult]
    ipha: FloatResult
    ipka: FloatResult
    ipa: FloatResult

    def to_frame(self) -> pd.DataFrame:
        """All intermediates as one DataFrame (rows = units, columns = quantities).

        Columns: the indicator codes (scores), ``K_I`` ... ``K_V``, ``ipha``, ``ipka``,
        ``ipa``.
        """
        import pandas as pd

        columns: dict[str, Any] = {code: value for code, value in self.scores.items()}
        columns.update({f"K_{cid}": value for cid, value in self.clusters.items()})
        columns.update({"ipha": self.ipha, "ipka": self.ipka, "ipa": self.ipa})
        if all(np.ndim(v) == 0 and not is_series(v) for v in columns.values()):
            return pd.DataFrame({k: [float(v)] for k, v in columns.items()})
        return pd.DataFrame(columns)


def _catalogue_weights(
    name: str, weights: object, stored: Mapping[Any, float] | None, version: str
) -> object:
    """Resolve ``weights="catalogue"`` to the version's stored weights."""
    if isinstance(weights, str) and weights == "catalogue":
        if stored is None:
            raise InvalidInputError(
                name,
                f"is 'catalogue' but catalogue version {version!r} marks these weights "
                "unknown; pass them explicitly",
                weights,
            )
        return dict(stored)
    return weights


def ipa_from_indicators(
    values: pd.DataFrame | Mapping[str, ArrayLike],
    catalogue: IpaCatalogueVersion,
    weights_ipha: WeightsLike,
    weights_ipa: WeightsLike,
    *,
    goalposts: Mapping[str, tuple[float, float]] | None = None,
    clip: bool = True,
    missing: MissingPolicy = "raise",
    min_available: float | None = None,
    min_share: float | None = None,
    coverage: Coverage = "complete",
) -> IpaBreakdown:
    r"""IPA, IPHA and IPKA from raw indicator values and a catalogue, with every intermediate.

    Parameters
    ----------
    values : DataFrame or mapping
        Raw indicator values $X$ by indicator code (DataFrame columns, rows = units; or a
        mapping code -> number/array/Series) [each indicator's own unit]. The codes must be
        exactly the catalogue's indicators.
    catalogue : IpaCatalogueVersion
        One catalogue version, e.g. ``load_ipa_catalogue().version("2021+")``: the
        indicators with cluster, direction and (possibly unknown) goalposts.
    weights_ipha : sequence, mapping, Series, "equal" or "catalogue"
        IPHA cluster weights for clusters I-IV [share 0-1] (see :func:`ipha`);
        ``"catalogue"`` uses the version's stored weights (an error if they are unknown).
    weights_ipa : sequence, mapping, Series, "equal" or "catalogue"
        IPA cluster weights for clusters I-V [share 0-1] (see :func:`ipa`).
    goalposts : mapping, optional
        ``code -> (lower, upper)`` goalposts [indicator unit] overriding the catalogue; every
        indicator whose goalposts the catalogue marks unknown must be given here.
    clip : bool
        Clip scores to [0, 100] (see :func:`minmax_normalize`).
    missing : {"raise", "propagate", "reweight"}
        Missing-data policy, applied to the cluster indices and to the indices.
    min_available : float, optional
        Under ``"reweight"``: the minimum share of a cluster's indicators that must be
        available [share 0-1].
    min_share : float, optional
        Under ``"reweight"``: the minimum available weight share of an index [share 0-1].
    coverage : {"complete", "partial"}
        ``"complete"`` (default) refuses a catalogue that lists fewer indicators than its
        declared total (the packaged template names 11 of 27); ``"partial"`` computes the
        cluster indices from the listed indicators, which then differ from the official ones.

    Returns
    -------
    IpaBreakdown
        Scores, cluster indices, IPHA, IPKA and IPA (``.to_frame()`` for one table).

    Raises
    ------
    InvalidInputError
        If a goalpost is unknown and not supplied (the message names the indicator), if the
        indicator codes do not match the catalogue, if the catalogue is incomplete under
        ``coverage="complete"``, or as :func:`minmax_normalize` and :func:`weighted_index`.

    Notes
    -----
    methods/child#ipa-norm, methods/child#ipa-agg: each indicator is normalised with its goalposts
    and direction, the cluster index is the mean of its scores, then

    $$
    \mathrm{IPHA} = \sum_{j=1}^{4} W_j K_j, \qquad
    \mathrm{IPKA} = K_5, \qquad
    \mathrm{IPA} = \sum_{j=1}^{5} V_j K_j
    $$

    IPKA uses the catalogue's IPKA rule (equal weights [confirmed]).

    References
    ----------
    1. KemenPPPA & BPS, *Indeks Perlindungan Anak (IPA), Pemenuhan Hak Anak (IPHA),
       Perlindungan Khusus Anak (IPKA)*, 2021.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 3, 2024.

    Examples
    --------
    With the packaged template (partial coverage) and illustrative goalposts 0-100:

    >>> version = load_ipa_catalogue().version("2021+")
    >>> codes = [i.code for i in version.indicators]
    >>> out = ipa_from_indicators(
    ...     {code: 20.0 for code in codes}, version, "equal", "equal",
    ...     goalposts={code: (0.0, 100.0) for code in codes}, coverage="partial")
    >>> out.scores["birth_certificate_pct"], out.scores["stunting_pct"]
    (20.0, 80.0)
    """
    if hasattr(catalogue, "versions"):
        raise InvalidInputError(
            "catalogue",
            "must be one catalogue version, e.g. load_ipa_catalogue().version('2021+')",
        )
    check_policy("coverage", coverage, COVERAGES)
    policy = _policy(missing)
    cluster_threshold = _threshold("min_available", min_available, policy)
    index_threshold = _threshold("min_share", min_share, policy)
    if not isinstance(clip, (bool, np.bool_)):
        raise InvalidInputError("clip", "must be True or False", clip)
    indicators = tuple(catalogue.indicators)
    declared = catalogue.n_indicators
    if coverage == "complete" and declared is not None and len(indicators) < declared:
        raise InvalidInputError(
            "catalogue",
            f"lists {len(indicators)} of its {catalogue.n_indicators} indicators (version "
            f"{catalogue.name!r}); supply a complete catalogue (load_ipa_catalogue_file) "
            "or pass coverage='partial'",
        )
    components = _components("values", values)
    if components.names is None:
        raise InvalidInputError(
            "values", "must be labelled by indicator code (DataFrame columns or mapping keys)"
        )
    codes = tuple(i.code for i in indicators)
    for code in codes:
        if code not in components.names:
            raise InvalidInputError("values", f"lacks catalogue indicator {code!r}")
    for code in components.names:
        if code not in codes:
            raise InvalidInputError(
                "values",
                f"has {code!r}, which is not an indicator of version {catalogue.name!r}",
            )
    components = components.with_order(codes)
    supplied = dict(goalposts or {})
    for code in supplied:
        if code not in codes:
            raise InvalidInputError("goalposts", f"has {code!r}, not a catalogue indicator")
    scores = np.empty_like(components.matrix)
    for j, indicator in enumerate(indicators):
        code = indicator.code
        if code in supplied:
            pair = supplied[code]
            try:
                low, high = (float(v) for v in pair)
            except (TypeError, ValueError) as exc:
                raise InvalidInputError(
                    f"goalposts[{code!r}]", "must be a pair (lower, upper) of numbers", pair
                ) from exc
        elif indicator.lower is not None and indicator.upper is not None:
            low, high = indicator.lower, indicator.upper
        else:
            raise InvalidInputError(
                "goalposts",
                f"must give the goalposts of indicator {code!r}, which catalogue version "
                f"{catalogue.name!r} marks unknown: pass goalposts={{{code!r}: (lower, upper)}}",
            )
        scores[..., j] = _minmax(
            (f"values[{code!r}]", f"goalposts[{code!r}] lower", f"goalposts[{code!r}] upper"),
            components.matrix[..., j],
            np.asarray(low),
            np.asarray(high),
            indicator.direction,
            bool(clip),
        )
    container = components.container
    cluster_matrix = np.empty((*components.matrix.shape[:-1], len(CLUSTERS)))
    ipka_value: FloatArray | None = None
    for c, cid in enumerate(CLUSTERS):
        columns = [j for j, i in enumerate(indicators) if i.cluster == cid]
        if not columns:
            raise InvalidInputError("catalogue", f"has no indicator in cluster {cid}")
        member_names = tuple(codes[j] for j in columns)
        members = _Components(scores[..., columns], member_names, container)
        equal = np.full(len(columns), 1.0 / len(columns))
        cluster_matrix[..., c] = _aggregate("values", members, equal, policy, cluster_threshold)
        if cid == "V":
            rule: object = catalogue.weights_ipka
            vector = equal if rule == "equal" else _weights("weights_ipka", rule, members)
            ipka_value = _aggregate("values", members, vector, policy, index_threshold)
    assert ipka_value is not None
    clusters = _Components(cluster_matrix, CLUSTERS, container)
    ipha_clusters = _Components(cluster_matrix[..., :4], IPHA_CLUSTERS, container)
    w_ipha = _weights(
        "weights_ipha",
        _catalogue_weights("weights_ipha", weights_ipha, catalogue.weights_ipha, catalogue.name),
        ipha_clusters,
    )
    w_ipa = _weights(
        "weights_ipa",
        _catalogue_weights("weights_ipa", weights_ipa, catalogue.weights_ipa, catalogue.name),
        clusters,
    )
    ipha_value = _aggregate("clusters", ipha_clusters, w_ipha, policy, index_threshold)
    ipa_value = _aggregate("clusters", clusters, w_ipa, policy, index_threshold)
    return IpaBreakdown(
        version=catalogue.name,
        scores=MappingProxyType(
            {code: container.wrap_float(scores[..., j], name=code) for j, code in enumerate(codes)}
        ),
        clusters=MappingProxyType(
            {
                cid: container.wrap_float(cluster_matrix[..., c], name=f"K_{cid}")
                for c, cid in enumerate(CLUSTERS)
            }
        ),
        ipha=container.wrap_float(ipha_value, name="ipha"),
        ipka=container.wrap_float(ipka_value, name="ipka"),
        ipa=container.wrap_float(ipa_value, name="ipa"),
    )


# ------------------------------------------------------------------------------------------
# 3.3 weight recovery
# ------------------------------------------------------------------------------------------


@notebook_repr("names", "weights", "rmse", "max_abs_residual", "rank", "identifiable")
@dataclass(frozen=True, eq=False)
class WeightRecovery:
    """Weights recovered by :func:`recover_weights`.

    Attributes
    ----------
    names : tuple of str
        The components, in the order of ``weights``.
    weights : ndarray
        The recovered weights [share 0-1], non-negative, summing to 1.
    fitted : float, ndarray or Series
        $\\sum_j w_j K_{uj}$ per unit [index].
    residuals : float, ndarray or Series
        Observed minus fitted index values per unit [index points].
    rmse : float
        Root mean square residual [index points].
    max_abs_residual : float
        Largest absolute residual [index points].
    rank : int
        Rank of the cluster matrix augmented with the sum-to-one row.
    identifiable : bool
        Whether the weights are unique (``rank`` equals the number of components); with fewer
        units than components they are not.
    """

    names: tuple[str, ...]
    weights: FloatArray
    fitted: FloatResult
    residuals: FloatResult
    rmse: float
    max_abs_residual: float
    rank: int
    identifiable: bool

    def as_dict(self) -> dict[str, float]:
        """The weights by component name."""
        return {n: float(w) for n, w in zip(self.names, self.weights, strict=True)}


#: Up to this many components, every support of the weight vector is also solved exactly.
_EXHAUSTIVE_MAX_COMPONENTS = 10


def _on_support(Xs: FloatArray, ys: FloatArray, support: npt.NDArray[np.intp]) -> FloatArray | None:
    """Equality-constrained least squares on ``support`` (other weights 0); None if infeasible.

    The constraint is eliminated: ``w_last = 1 - sum(v)``, then ordinary least squares in ``v``.
    """
    k = Xs.shape[1]
    last = support[-1]
    rest = support[:-1]
    weights = np.zeros(k)
    if rest.size:
        design = Xs[:, rest] - Xs[:, [last]]
        v = np.linalg.lstsq(design, ys - Xs[:, last], rcond=None)[0]
        weights[rest] = v
        weights[last] = 1.0 - v.sum()
    else:
        weights[last] = 1.0
    if np.any(weights < -1e-9):
        return None
    weights = np.clip(weights, 0.0, None)
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _constrained_lstsq(X: FloatArray, y: FloatArray) -> FloatArray:
    """argmin ||X w - y||^2 subject to w >= 0 and sum(w) = 1.

    SciPy's SLSQP gives a first solution, polished by an exact solve on its support; for up to
    ``_EXHAUSTIVE_MAX_COMPONENTS`` components every support is solved exactly as well (an
    active-set enumeration), so nearly collinear columns cannot stop the search early. The
    candidate with the smallest residual sum of squares wins.
    """
    from itertools import combinations

    from scipy.optimize import minimize

    k = X.shape[1]
    scale = max(float(np.max(np.abs(y))), float(np.max(np.abs(X))), 1.0)
    Xs, ys = X / scale, y / scale

    def objective(w: FloatArray) -> float:
        r = Xs @ w - ys
        return float(r @ r)

    def gradient(w: FloatArray) -> FloatArray:
        return np.asarray(2.0 * Xs.T @ (Xs @ w - ys), dtype=np.float64)

    result = minimize(
        objective,
        np.full(k, 1.0 / k),
        jac=gradient,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * k,
        constraints=[
            {"type": "eq", "fun": lambda w: np.sum(w) - 1.0, "jac": lambda w: np.ones_like(w)}
        ],
        options={"ftol": 1e-16, "maxiter": 2000},
    )
    start = np.clip(np.asarray(result.x, dtype=np.float64), 0.0, None)
    if not start.sum() > 0:  # pragma: no cover - defensive
        start = np.full(k, 1.0 / k)
    candidates: list[FloatArray] = [np.asarray(start / start.sum(), dtype=np.float64)]
    polished = _on_support(Xs, ys, np.flatnonzero(candidates[0] > 1e-8))
    if polished is not None:
        candidates.append(polished)
    if k <= _EXHAUSTIVE_MAX_COMPONENTS:
        for size in range(1, k + 1):
            for support in combinations(range(k), size):
                exact = _on_support(Xs, ys, np.asarray(support, dtype=np.intp))
                if exact is not None:
                    candidates.append(exact)
    scores = [objective(w) for w in candidates]
    best = min(scores)
    # among (numerically) equal minima keep the first: SLSQP's, then the sparsest support
    chosen = next(
        w for w, f in zip(candidates, scores, strict=True) if f <= best * (1.0 + 1e-9) + 1e-300
    )
    return chosen


def recover_weights(cluster_values: ComponentValues, index_values: ArrayLike) -> WeightRecovery:
    r"""Weights implied by published cluster and index values (constrained least squares).

    Parameters
    ----------
    cluster_values : array_like, DataFrame or mapping
        The components of several units [index 0-100]: rows = units, columns = components (a
        2-D array or a DataFrame, or a mapping component -> array/Series). No NaN.
    index_values : array_like or Series
        The published index of the same units, in the same order [index 0-100]. No NaN.

    Returns
    -------
    WeightRecovery
        Weights (non-negative, summing to 1), fitted values, residuals and whether the weights
        are identifiable.

    Raises
    ------
    InvalidInputError
        If a value is missing or infinite, if there is not one index value per unit, or if a
        Series index differs from the DataFrame's.

    Notes
    -----
    methods/child#ipa-extra. With $K$ the $n \times k$ matrix of components and $y$ the index
    values:

    $$
    \hat{w} = \mathrm{arg\,min}_{w} \lVert K w - y \rVert^2
    \quad \text{subject to} \quad w_j \ge 0, \ \sum_j w_j = 1
    $$

    solved with SciPy's SLSQP, polished by solving the equality-constrained problem exactly
    on the support found (and, for up to 10 components, on every support: an exact active-set
    search). Published values are rounded (2 decimals), so even the true
    weights leave residuals of the order of 0.005; much larger residuals mean no single
    weight vector fits all units.

    References
    ----------
    1. C. L. Lawson & R. J. Hanson, *Solving Least Squares Problems*, SIAM, 1995.
    2. D. Kraft, *A software package for sequential quadratic programming*, DFVLR-FB 88-28,
       1988.

    Examples
    --------
    >>> import numpy as np
    >>> clusters = [[80.0, 60.0], [50.0, 90.0], [70.0, 70.0]]
    >>> fit = recover_weights(clusters, [75.0, 60.0, 70.0])
    >>> np.round(fit.weights, 6).tolist(), round(fit.max_abs_residual, 9)
    ([0.75, 0.25], 0.0)
    """
    components = _components("cluster_values", cluster_values)
    X = components.matrix
    if X.ndim == 1:
        X = X[np.newaxis, :]
    if X.ndim != 2:
        raise InvalidInputError(
            "cluster_values",
            "must be 2-D (rows = units, columns = components)",
            X.shape,
        )
    for j in range(components.k):
        check_not_nan(f"cluster_values[{components.label(j)!r}]", X[:, j])
    container, (y,) = broadcast(index_values=index_values)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    check_not_nan("index_values", y)
    check_finite("index_values", y)
    if y.shape[0] != X.shape[0]:
        raise InvalidInputError(
            "index_values", f"must have one value per unit ({X.shape[0]})", y.shape[0]
        )
    if (
        components.container.kind == "series"
        and container.kind == "series"
        and not components.container.index.equals(container.index)
    ):
        raise InvalidInputError("index_values", "must have the index of `cluster_values`")
    weights = _constrained_lstsq(X, y)
    fitted = X @ weights
    residuals = y - fitted
    rank = int(np.linalg.matrix_rank(np.vstack([X, np.ones(X.shape[1])])))
    names = components.names or tuple(str(j) for j in range(components.k))
    out = components.container if components.container.kind == "series" else container
    if out.kind == "scalar" and X.shape[0] > 1:  # pragma: no cover - defensive
        out = Container(kind="array", shape=(X.shape[0],))
    weights.setflags(write=False)
    return WeightRecovery(
        names=names,
        weights=weights,
        fitted=_wrap_units(out, fitted, "fitted"),
        residuals=_wrap_units(out, residuals, "residual"),
        rmse=float(np.sqrt(np.mean(residuals**2))),
        max_abs_residual=float(np.max(np.abs(residuals))),
        rank=rank,
        identifiable=rank == X.shape[1],
    )


def _wrap_units(container: Container, values: FloatArray, name: str) -> FloatResult:
    if container.kind == "scalar":
        return float(values.reshape(-1)[0]) if values.size == 1 else values
    return container.wrap_float(values, name=name)


# ------------------------------------------------------------------------------------------
# 3.3 sensitivity
# ------------------------------------------------------------------------------------------


@notebook_repr("units", "nominal_value", "value_median", "rank_median", "values")
@dataclass(frozen=True, eq=False)
class WeightSensitivity:
    """Result of :func:`weight_sensitivity` (all arrays read-only).

    Attributes
    ----------
    units : tuple
        Unit labels (the DataFrame index, else 0 ... n-1).
    nominal_value, nominal_rank : ndarray
        Index and rank of each unit with the given weights and goalposts.
    value_median, value_q05, value_q95 : ndarray
        Median, 5 % and 95 % quantiles of each unit's index over the draws.
    rank_median, rank_q05, rank_q95 : ndarray
        The same for each unit's rank (1 = highest index: higher is better).
    rank_frequencies : ndarray
        ``[u, r - 1]``: share of the draws in which unit ``u`` has rank ``r``.
    values, ranks : ndarray
        Every draw: shape (n, units).
    weights : ndarray
        The sampled weight vectors: shape (n, components).
    """

    units: tuple[Any, ...]
    nominal_value: FloatArray
    nominal_rank: FloatArray
    value_median: FloatArray
    value_q05: FloatArray
    value_q95: FloatArray
    rank_median: FloatArray
    rank_q05: FloatArray
    rank_q95: FloatArray
    rank_frequencies: FloatArray
    values: FloatArray
    ranks: FloatArray
    weights: FloatArray

    def summary(self) -> pd.DataFrame:
        """Per-unit summary as a DataFrame (COINr's ``RankStats``), indexed by unit."""
        import pandas as pd

        return pd.DataFrame(
            {
                "nominal_value": self.nominal_value,
                "value_median": self.value_median,
                "value_q05": self.value_q05,
                "value_q95": self.value_q95,
                "nominal_rank": self.nominal_rank,
                "rank_median": self.rank_median,
                "rank_q05": self.rank_q05,
                "rank_q95": self.rank_q95,
            },
            index=pd.Index(list(self.units), name="unit"),
        )


def _ranks(values: FloatArray) -> FloatArray:
    """Rank along the last axis, 1 = highest; ties share the lowest rank; NaN stays NaN."""
    from scipy.stats import rankdata

    return np.asarray(rankdata(-values, method="min", axis=-1, nan_policy="omit"), dtype=np.float64)


def _quantiles(draws: FloatArray, q: float) -> FloatArray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN units give NaN
        return np.asarray(np.nanquantile(draws, q, axis=0), dtype=np.float64)


def weight_sensitivity(
    cluster_values: ComponentValues,
    weights: WeightsLike,
    *,
    n: int = 1000,
    concentration: float,
    goalpost_jitter: float | None = None,
    seed: int | np.random.Generator,
    missing: MissingPolicy = "raise",
    min_share: float | None = None,
) -> WeightSensitivity:
    r"""Monte Carlo sensitivity of an index and the units' ranks to weights and goalposts.

    Parameters
    ----------
    cluster_values : array_like, DataFrame or mapping
        The components of each unit [index 0-100]: rows = units, columns = components.
    weights : sequence, mapping, Series or "equal"
        The nominal weights [share 0-1], summing to 1 (see :func:`weighted_index`).
    n : int
        Number of draws (>= 1).
    concentration : float
        Dirichlet concentration $c > 0$ (no default): draws are
        $\mathrm{Dirichlet}(c \, w)$, centred on the nominal weights with variance
        $w_j (1 - w_j) / (c + 1)$; a larger $c$ keeps the draws closer to $w$. Components with
        a nominal weight of 0 keep weight 0.
    goalpost_jitter : float, optional
        Half-width $j \in [0, 0.5)$ of a uniform perturbation of each component's goalposts,
        as a fraction of its range [share 0-1]; None (default) keeps them fixed.
    seed : int or numpy.random.Generator
        Seed of the random draws (required: the analysis is reproducible from it).
    missing : {"raise", "propagate", "reweight"}
        Missing-data policy of the aggregation (see :func:`weighted_index`).
    min_share : float, optional
        Minimum available weight share under ``"reweight"`` [share 0-1].

    Returns
    -------
    WeightSensitivity
        Per unit: nominal value and rank, median and 5 %/95 % quantiles of value and rank,
        rank frequencies; all draws (``.summary()`` for a DataFrame).

    Raises
    ------
    InvalidInputError
        If ``n``, ``concentration``, ``goalpost_jitter`` or ``seed`` is invalid, or as
        :func:`weighted_index`.

    Notes
    -----
    methods/child#ipa-extra (as COINr's ``get_sensitivity``). Draw $d$ takes
    $w^{(d)} \sim \mathrm{Dirichlet}(c\,w)$ and, with a jitter, moves each component's
    goalposts by fractions $a, b \sim U(-j, j)$ of its range; a score on [0, 100] then becomes

    $$
    K^{(d)} = \min\left(100, \max\left(0, \frac{K - 100\,a}{1 + b - a}\right)\right),
    \qquad I^{(d)}_u = \sum_j w^{(d)}_j K^{(d)}_{uj}
    $$

    (the same perturbation for every unit of a draw; by symmetry of $a$ and $b$ this holds for
    either direction). Ranks: 1 = highest index, ties share the lowest rank. Quantiles use
    linear interpolation (R's type 7, as COINr).

    References
    ----------
    1. W. Becker et al., *COINr: An R package for developing composite indicators*, Journal of
       Open Source Software 7(78), 4567, 2022 (``get_sensitivity``).
    2. M. Saisana, A. Saltelli & S. Tarantola, *Uncertainty and sensitivity analysis
       techniques as tools for the quality assessment of composite indicators*, Journal of
       the Royal Statistical Society A 168(2), 307-323, 2005.

    Examples
    --------
    >>> result = weight_sensitivity([[80.0, 60.0], [60.0, 79.0]], [0.5, 0.5],
    ...                             n=200, concentration=50.0, seed=1)
    >>> result.nominal_rank.tolist()
    [1.0, 2.0]
    >>> bool((result.rank_frequencies.sum(axis=1) == 1.0).all())
    True
    """
    policy = _policy(missing)
    threshold = _threshold("min_share", min_share, policy)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InvalidInputError("n", "must be a whole number >= 1", n)
    if (
        isinstance(concentration, bool)
        or not isinstance(concentration, (int, float, np.floating, np.integer))
        or not np.isfinite(concentration)
        or concentration <= 0
    ):
        raise InvalidInputError("concentration", "must be a finite number > 0", concentration)
    if goalpost_jitter is not None and (
        isinstance(goalpost_jitter, bool)
        or not isinstance(goalpost_jitter, (int, float, np.floating, np.integer))
        or not 0.0 <= float(goalpost_jitter) < 0.5
    ):
        raise InvalidInputError("goalpost_jitter", "must be in [0, 0.5)", goalpost_jitter)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer, np.random.Generator)):
        raise InvalidInputError("seed", "must be an int or a numpy.random.Generator", seed)
    if isinstance(seed, (int, np.integer)) and seed < 0:
        raise InvalidInputError("seed", "must be >= 0", seed)
    components = _components("cluster_values", cluster_values)
    if components.matrix.ndim == 1:
        components = _Components(
            components.matrix[np.newaxis, :],
            components.names,
            Container(kind="array", shape=(1,)),
        )
    if components.matrix.ndim != 2:
        raise InvalidInputError(
            "cluster_values",
            "must be 2-D (rows = units, columns = components)",
            components.matrix.shape,
        )
    nominal_weights = _weights("weights", weights, components)
    nominal = _aggregate("cluster_values", components, nominal_weights, policy, threshold)
    rng = np.random.default_rng(seed)
    k = components.k
    positive = nominal_weights > 0
    draws = np.zeros((n, k))
    if positive.sum() == 1:
        draws[:, positive] = 1.0
    else:
        draws[:, positive] = rng.dirichlet(concentration * nominal_weights[positive], size=n)
    x = components.matrix[np.newaxis, :, :]
    if goalpost_jitter:
        a = rng.uniform(-goalpost_jitter, goalpost_jitter, size=(n, 1, k))
        b = rng.uniform(-goalpost_jitter, goalpost_jitter, size=(n, 1, k))
        x = np.clip((x - 100.0 * a) / (1.0 + b - a), 0.0, 100.0)
    stacked = _Components(np.asarray(x, dtype=np.float64), components.names, components.container)
    values = _aggregate("cluster_values", stacked, draws[:, np.newaxis, :], policy, threshold)
    values = np.broadcast_to(values, (n, components.matrix.shape[0])).copy()
    ranks = _ranks(values)
    units_count = values.shape[1]
    frequencies = np.stack([(ranks == r).mean(axis=0) for r in range(1, units_count + 1)], axis=1)
    index = components.container.index
    units = tuple(index) if index is not None else tuple(range(units_count))
    arrays = {
        "nominal_value": nominal,
        "nominal_rank": _ranks(nominal),
        "value_median": _quantiles(values, 0.5),
        "value_q05": _quantiles(values, 0.05),
        "value_q95": _quantiles(values, 0.95),
        "rank_median": _quantiles(ranks, 0.5),
        "rank_q05": _quantiles(ranks, 0.05),
        "rank_q95": _quantiles(ranks, 0.95),
        "rank_frequencies": frequencies,
        "values": values,
        "ranks": ranks,
        "weights": draws,
    }
    for array in arrays.values():
        array.setflags(write=False)
    return WeightSensitivity(units=units, **arrays)
