"""Kabupaten/Kota Layak Anak (KLA, child-friendly city) ranks and the share of ranked regions.

Agreement IKU 8 ("Persentase Kota/Kabupaten Yang Memperoleh Peringkat Nindya") is the percent
of the 6 kota/kabupaten of DKI Jakarta whose KLA evaluation rank is Nindya or higher
(METHODS.md 7). The rank bands are data: ``data/bands_kla.toml`` (profiles ``kla-kemenpppa``,
``kla-dki-2024`` and the DKI cluster rule ``kla-dki-2024-clusters``), read through
:mod:`dppapp_indikator._bands` on first use.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

import numpy as np
import numpy.typing as npt

from ._arrays import ArrayLike, Container, FloatArray, LabelResult, broadcast, is_dataframe
from ._arrays import is_series as _is_series
from ._checks import InvalidInputError, check_choice, check_percent, check_range

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from ._bands import BandProfile

__all__ = [
    "KLA_CLUSTERS",
    "KLA_PROFILES",
    "KLA_RANKS",
    "KLAProfile",
    "KLARank",
    "kla_cluster_cap",
    "kla_rank",
    "kla_share",
    "kla_total_range",
]

#: Named rank profiles of :func:`kla_rank` (each reads ``kla-<name>`` in ``bands_kla.toml``).
KLAProfile: TypeAlias = Literal["kemenpppa", "dki-2024"]
KLA_PROFILES: tuple[KLAProfile, ...] = ("kemenpppa", "dki-2024")

#: The KLA ranks, lowest first (the order of the bands in ``bands_kla.toml``).
KLARank: TypeAlias = Literal["Pratama", "Madya", "Nindya", "Utama", "KLA"]
KLA_RANKS: tuple[KLARank, ...] = ("Pratama", "Madya", "Nindya", "Utama", "KLA")

#: Number of child-rights clusters (klaster I-V, Perpres 25/2021) scored per unit.
KLA_CLUSTERS = 5

#: Rank labels as accepted by :func:`kla_share` (``None`` = no rank, below Pratama).
RankLabels: TypeAlias = "Sequence[str | None] | npt.NDArray[Any] | pd.Series[Any]"
#: Cluster scores: 5 per unit, as a sequence, an (n, 5) array or a 5-column DataFrame.
ClusterScores: TypeAlias = "npt.ArrayLike | pd.DataFrame"


def _profile(profile: object) -> BandProfile:
    """The band profile of a named KLA profile (``kla-<profile>`` in ``bands_kla.toml``)."""
    from ._bands import get_profile

    check_choice("profile", profile, KLA_PROFILES)
    bands = get_profile(f"kla-{profile}")
    if tuple(bands.labels()) != KLA_RANKS:  # pragma: no cover - guards the data file
        raise InvalidInputError("profile", f"bands must be labelled {KLA_RANKS}", bands.labels())
    return bands


def kla_total_range(profile: KLAProfile = "kemenpppa") -> tuple[float, float]:
    """Admissible range of an evaluation total under ``profile``.

    Parameters
    ----------
    profile : {"kemenpppa", "dki-2024"}
        The rank profile.

    Returns
    -------
    tuple of float
        ``(0, upper)``: the upper end of the profile's last band (1000 points for
        ``"kemenpppa"``, 100 percent for ``"dki-2024"``).

    Examples
    --------
    >>> kla_total_range("kemenpppa"), kla_total_range("dki-2024")
    ((0.0, 1000.0), (0.0, 100.0))
    """
    return 0.0, float(_profile(profile).bands[-1].upper)


def _levels(labels: npt.NDArray[np.object_], missing: npt.NDArray[np.bool_]) -> FloatArray:
    """Rank level of each label: 0 = no rank, 1 = Pratama ... 5 = KLA; NaN where missing."""
    levels = np.zeros(labels.shape, dtype=np.float64)
    for level, label in enumerate(KLA_RANKS, start=1):
        levels[labels == label] = level
    levels[missing] = np.nan
    return levels


def _labels(levels: FloatArray) -> npt.NDArray[np.object_]:
    """Labels of rank levels (``None`` for level 0 and NaN)."""
    out = np.full(levels.shape, None, dtype=object)
    for level, label in enumerate(KLA_RANKS, start=1):
        out[levels == level] = label
    return out


def _cluster_matrix(clusters: object) -> tuple[FloatArray, Any]:
    """Cluster scores as a float array of shape (5,) or (n, 5), and a row index if any."""
    index: Any = None
    if is_dataframe(clusters):
        frame: Any = clusters
        index = frame.index
        try:
            matrix = np.asarray(frame.to_numpy(dtype=np.float64, na_value=np.nan))
        except (TypeError, ValueError) as exc:
            raise InvalidInputError("clusters", "must be numeric") from exc
    elif isinstance(clusters, (str, bytes)):
        raise InvalidInputError("clusters", "must be numeric", clusters)
    else:
        if _is_series(clusters):
            clusters = cast(Any, clusters).to_numpy(dtype=np.float64, na_value=np.nan)
        try:
            matrix = np.asarray(clusters, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError("clusters", "must be numeric") from exc
    if matrix.ndim not in (1, 2) or matrix.shape[-1] != KLA_CLUSTERS:
        raise InvalidInputError(
            "clusters",
            f"must hold {KLA_CLUSTERS} cluster scores per unit: a length-{KLA_CLUSTERS} "
            f"sequence or an (n, {KLA_CLUSTERS}) array/DataFrame; got shape {matrix.shape}",
        )
    return matrix, index


def _cluster_caps(profile: str, clusters: object) -> tuple[FloatArray, Any]:
    """Highest rank level each unit's cluster scores allow (NaN where a score is missing)."""
    from ._bands import band_profiles

    rule = band_profiles().get(f"kla-{profile}-clusters")
    if rule is None:
        with_rule = [p for p in KLA_PROFILES if f"kla-{p}-clusters" in band_profiles()]
        raise InvalidInputError(
            "clusters",
            "applies only to a profile with a cluster rule ("
            + ", ".join(repr(p) for p in with_rule)
            + f"); profile is {profile!r}",
        )
    matrix, index = _cluster_matrix(clusters)
    check_percent("clusters", matrix)
    caps = _levels(rule.classify_array(matrix), np.isnan(matrix))
    return np.min(caps, axis=-1), index  # NaN propagates: a missing score gives no rank


def kla_cluster_cap(clusters: ClusterScores, *, profile: KLAProfile = "dki-2024") -> LabelResult:
    r"""Highest KLA rank a unit's cluster scores allow under a profile's cluster rule.

    Parameters
    ----------
    clusters : sequence, ndarray or DataFrame
        Fulfilment of the 5 child-rights clusters I-V [percent 0-100]: a length-5 sequence for
        one unit, or an (n, 5) array / 5-column DataFrame, one row per unit.
    profile : {"dki-2024"}
        A profile with a cluster rule (``kla-<profile>-clusters`` in ``data/bands_kla.toml``).

    Returns
    -------
    str, None, ndarray of object or Series
        "Madya" when a cluster is below the threshold, "KLA" (no cap) otherwise; ``None``
        where a score is NaN. A str for one unit, an object ndarray for an array, a Series
        (with the DataFrame's index) for a DataFrame.

    Raises
    ------
    InvalidInputError
        If the profile has no cluster rule, or the scores are not 5 per unit in [0, 100].

    Notes
    -----
    DKI rule (Perjanjian Kinerja 2024, IKU 8; threshold and cap are data):

    $$
    \mathrm{cap}(c_1, \dots, c_5) = \begin{cases}
    \text{Madya} & \min_j c_j < 71 \\
    \text{KLA} & \text{otherwise}
    \end{cases}
    $$

    :func:`kla_rank` returns the lower of the band rank and this cap.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 8, 2024.

    Examples
    --------
    >>> kla_cluster_cap([71, 80, 90, 75, 100]), kla_cluster_cap([70.9, 80, 90, 75, 100])
    ('KLA', 'Madya')
    """
    check_choice("profile", profile, KLA_PROFILES)
    caps, index = _cluster_caps(str(profile), clusters)
    labels = _labels(caps)
    if caps.ndim == 0:
        return cast("str | None", labels.reshape(-1)[0])
    if index is not None:
        return cast(
            LabelResult, Container(kind="series", shape=caps.shape, index=index).wrap(labels)
        )
    return labels


def kla_rank(
    total: ArrayLike,
    *,
    profile: KLAProfile = "kemenpppa",
    clusters: ClusterScores | None = None,
) -> LabelResult:
    r"""KLA evaluation rank of a kota/kabupaten from its evaluation total.

    Parameters
    ----------
    total : float, array_like or Series
        The evaluation total: [points 0-1000] under ``profile="kemenpppa"`` (sum over
        Kelembagaan and clusters I-V, 24 indicators), or [percent 0-100] under
        ``profile="dki-2024"``.
    profile : {"kemenpppa", "dki-2024"}
        The rank bands (``data/bands_kla.toml``): the KemenPPPA points bands (default) or the
        percent bands of the DKI *Perjanjian Kinerja 2024*.
    clusters : sequence, ndarray or DataFrame, optional
        Per-cluster fulfilment of the 5 child-rights clusters [percent 0-100]: a length-5
        sequence for one unit, or an (n, 5) array / 5-column DataFrame, one row per unit (a
        DataFrame's index must match a Series ``total``). Only with ``profile="dki-2024"``,
        whose rule requires every cluster >= 71 % for Nindya or above; when a cluster falls
        short the rank is capped at Madya. ``None`` (default) applies no cluster rule.

    Returns
    -------
    str, None, ndarray of object or Series
        "Pratama", "Madya", "Nindya", "Utama", "KLA", or ``None`` (below Pratama, or a NaN
        total or cluster score), in the container of the inputs.

    Raises
    ------
    InvalidInputError
        If ``profile`` is unknown; if a total lies outside [0, 1000] ("kemenpppa") or
        [0, 100] ("dki-2024"); if ``clusters`` is given with a profile without a cluster rule,
        does not hold 5 scores per unit, lies outside [0, 100], or does not match ``total``
        in length or index.

    Notes
    -----
    With $T$ the total, the rank is the highest band whose lower bound $T$ reaches
    (METHODS.md 7). KemenPPPA points (lower bounds 500 inclusive, the others exclusive):

    $$
    \mathrm{rank}(T) = \begin{cases}
    \text{none} & 0 \le T < 500 \\
    \text{Pratama} & 500 \le T \le 600 \\
    \text{Madya} & 600 < T \le 700 \\
    \text{Nindya} & 700 < T \le 800 \\
    \text{Utama} & 800 < T \le 900 \\
    \text{KLA} & 900 < T \le 1000
    \end{cases}
    $$

    DKI 2024 percents (seed: Pratama 51-60 %, Madya 61-70 %, Nindya 71-80 %, Utama 81-90 %,
    KLA 91-100 %). For non-integer percents the boundary rule is inferred from the KemenPPPA
    one: every lower bound is exclusive and every upper bound inclusive, so whole percents
    give exactly the seed's ranges and no value falls in a gap (60.5 % is Madya, 50 % has no
    rank, 50.5 % is Pratama). With the cluster scores $c_1, \dots, c_5$:

    $$
    \mathrm{rank} = \begin{cases}
    \min\left(\mathrm{rank}(T), \text{Madya}\right) & \min_j c_j < 71 \\
    \mathrm{rank}(T) & \text{otherwise}
    \end{cases}
    $$

    The threshold is inclusive (the seed's "minimal 71 %"); capping at Madya (the rank just
    below Nindya) is inferred. The threshold and the cap are data (profile
    ``kla-dki-2024-clusters``).

    References
    ----------
    1. Republik Indonesia, *Peraturan Presiden Nomor 25 Tahun 2021 tentang Kebijakan
       Kabupaten/Kota Layak Anak*, 2021.
    2. Kementerian Pemberdayaan Perempuan dan Perlindungan Anak (KemenPPPA), *Peraturan
       Menteri Negara PPPA Nomor 14 Tahun 2011 tentang Panduan Evaluasi Kabupaten/Kota Layak
       Anak*, 2011.
    3. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 8, 2024.

    Examples
    --------
    >>> import numpy as np
    >>> kla_rank(499.99), kla_rank(500), kla_rank(600.5), kla_rank(1000)
    (None, 'Pratama', 'Madya', 'KLA')
    >>> kla_rank(np.array([650.0, 750.0, np.nan]))
    array(['Madya', 'Nindya', None], dtype=object)
    >>> kla_rank(75.0, profile="dki-2024")
    'Nindya'
    >>> kla_rank(75.0, profile="dki-2024", clusters=[80, 75, 70, 90, 85])
    'Madya'
    """
    bands = _profile(profile)
    container, (values,) = broadcast(total=total)
    values = np.asarray(values)
    low, high = 0.0, float(bands.bands[-1].upper)
    check_range("total", values, low, high)
    levels = _levels(bands.classify_array(values), np.isnan(values))
    if clusters is not None:
        caps, cluster_index = _cluster_caps(str(profile), clusters)
        container = _combined_container(container, caps.shape, cluster_index)
        levels = np.minimum(levels, caps)  # NaN in either gives NaN (no rank)
    labels = _labels(levels)
    if container.kind == "scalar":
        return cast("str | None", labels.reshape(-1)[0])
    return cast(LabelResult, container.wrap(labels))


def _combined_container(
    container: Container, caps_shape: tuple[int, ...], cluster_index: Any
) -> Container:
    """The container of a result built from ``total`` and per-unit cluster caps."""
    try:
        shape = np.broadcast_shapes(container.shape, caps_shape)
    except ValueError as exc:
        raise InvalidInputError(
            "clusters",
            f"must have one row per element of `total`; got {caps_shape[0]} rows for `total` "
            f"of shape {container.shape}",
        ) from exc
    if (
        cluster_index is not None
        and container.kind == "series"
        and not container.index.equals(cluster_index)
    ):
        raise InvalidInputError(
            "clusters", "must have the same index as `total` (not aligned silently)"
        )
    if container.kind == "series":
        if shape != container.shape:
            raise InvalidInputError(
                "clusters",
                f"must have one row per element of `total`; got {caps_shape[0]} rows for a "
                f"Series `total` of length {container.shape[0]}",
            )
        return container
    if cluster_index is not None:
        return Container(kind="series", shape=shape, index=cluster_index)
    if shape != container.shape:
        return Container(kind="array", shape=shape)
    return container


def _is_missing(item: object) -> bool:
    """None, float NaN or pandas' NA: a region without a rank."""
    if item is None:
        return True
    if isinstance(item, (float, np.floating)) and math.isnan(float(item)):
        return True
    return type(item).__name__ == "NAType"


def kla_share(
    ranks: RankLabels,
    *,
    at_least: KLARank = "Nindya",
    exact: bool = False,
) -> float:
    r"""Percent of regions whose KLA rank is at least (or exactly) a given rank.

    Parameters
    ----------
    ranks : sequence, ndarray or Series of str or None
        One KLA rank per region ("Pratama", "Madya", "Nindya", "Utama", "KLA"); ``None``
        (or NaN / ``pd.NA``) is a region without a rank and counts as below Pratama. For
        agreement IKU 8 these are the 6 kota/kabupaten of DKI Jakarta.
    at_least : {"Pratama", "Madya", "Nindya", "Utama", "KLA"}
        The rank to reach (default "Nindya", as in IKU 8).
    exact : bool
        ``False`` (default): count the regions ranked ``at_least`` or higher. ``True``: count
        only the regions ranked exactly ``at_least``.

    Returns
    -------
    float
        The share of regions [percent 0-100].

    Raises
    ------
    InvalidInputError
        If ``ranks`` is empty, is not a sequence, or holds a value that is not a rank label
        (the message names the value and its position); if ``at_least`` is not a rank label;
        if ``exact`` is not a bool.

    Notes
    -----
    With $n$ regions of ranks $r_i$ and the order Pratama < Madya < Nindya < Utama < KLA
    (METHODS.md 7):

    $$
    S = \frac{\#\{i : r_i \succeq r^*\}}{n} \times 100
    \quad\text{or, exactly,}\quad
    S = \frac{\#\{i : r_i = r^*\}}{n} \times 100
    $$

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 8, 2024.
    2. Republik Indonesia, *Peraturan Presiden Nomor 25 Tahun 2021 tentang Kebijakan
       Kabupaten/Kota Layak Anak*, 2021.

    Examples
    --------
    Four of six regions at Nindya or above:

    >>> round(kla_share(["Utama", "Nindya", "Nindya", "KLA", "Madya", None]), 2)
    66.67
    >>> round(kla_share(["Utama", "Nindya", "Nindya", "KLA", "Madya", None], exact=True), 2)
    33.33
    """
    check_choice("at_least", at_least, KLA_RANKS)
    if not isinstance(exact, (bool, np.bool_)):
        raise InvalidInputError("exact", "must be True or False", exact)
    items = _rank_items(ranks)
    if not items:
        raise InvalidInputError("ranks", "must hold at least one region", [])
    order = {label: level for level, label in enumerate(KLA_RANKS, start=1)}
    allowed = ", ".join(repr(r) for r in KLA_RANKS)
    target = order[at_least]
    hits = 0
    for position, item in enumerate(items):
        if _is_missing(item):
            level = 0
        elif isinstance(item, str) and item in order:
            level = order[item]
        else:
            raise InvalidInputError(
                "ranks", f"must hold rank labels ({allowed}) or None", item, position
            )
        hits += level == target if exact else level >= target
    return hits / len(items) * 100.0


def _rank_items(ranks: object) -> list[object]:
    """The elements of a 1-D container of rank labels."""
    if _is_series(ranks):
        return list(cast(Any, ranks).tolist())
    if isinstance(ranks, (str, bytes)) or ranks is None or is_dataframe(ranks):
        raise InvalidInputError(
            "ranks", "must be a sequence, array or Series of rank labels", ranks
        )
    if isinstance(ranks, np.ndarray):
        if ranks.ndim != 1:
            raise InvalidInputError("ranks", f"must be 1-D; got shape {ranks.shape}")
        return list(ranks.tolist())
    try:
        return list(cast(Any, ranks))
    except TypeError as exc:
        raise InvalidInputError(
            "ranks", "must be a sequence, array or Series of rank labels", ranks
        ) from exc
