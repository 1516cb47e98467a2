"""Kabupaten/Kota Layak Anak (KLA, child-friendly city) ranks and the share of ranked regions.

Agreement IKU 8 ("Persentase Kota/Kabupaten Yang Memperoleh Peringkat Nindya") is the percent
of the 6 kota/kabupaten of DKI Jakarta (:data:`DKI_REGIONS`, named, each required) whose KLA
evaluation rank is Nindya or higher. The rank bands are data: ``data/bands_kla.toml``
(profiles ``kla-kemenpppa``, ``kla-dki-2024`` and the DKI cluster rule
``kla-dki-2024-clusters``), read through :mod:`dppapp_indikator._bands` on first use.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
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
    "DKI_REGIONS",
    "KLA_CLUSTERS",
    "KLA_NO_RANK",
    "KLA_PROFILES",
    "KLA_RANKS",
    "MISSING_RANK_POLICIES",
    "KLAProfile",
    "KLARank",
    "kla_cluster_cap",
    "kla_rank",
    "kla_share",
    "kla_total_range",
    "region_key",
]

#: Named rank profiles of :func:`kla_rank` (each reads ``kla-<name>`` in ``bands_kla.toml``).
KLAProfile: TypeAlias = Literal["kemenpppa", "dki-2024"]
KLA_PROFILES: tuple[KLAProfile, ...] = ("kemenpppa", "dki-2024")

#: The KLA ranks, lowest first (the order of the bands in ``bands_kla.toml``).
KLARank: TypeAlias = Literal["Pratama", "Madya", "Nindya", "Utama", "KLA"]
KLA_RANKS: tuple[KLARank, ...] = ("Pratama", "Madya", "Nindya", "Utama", "KLA")

#: Number of child-rights clusters (klaster I-V, Perpres 25/2021) scored per unit.
KLA_CLUSTERS = 5

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
    (methods/kla#kla). KemenPPPA points (lower bounds 500 inclusive, the others exclusive):

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


#: The six kota/kabupaten of DKI Jakarta: the regions of agreement IKU 8.
DKI_REGIONS: tuple[str, ...] = (
    "Kota Jakarta Pusat",
    "Kota Jakarta Utara",
    "Kota Jakarta Barat",
    "Kota Jakarta Selatan",
    "Kota Jakarta Timur",
    "Kabupaten Kepulauan Seribu",
)
#: The label of a region that was evaluated and ranked below Pratama (no KLA rank).
KLA_NO_RANK = "Tanpa peringkat"
#: What :func:`kla_share` does with a region whose rank is missing (None, NaN, pd.NA).
MissingRankPolicy: TypeAlias = Literal["raise", "unranked"]
MISSING_RANK_POLICIES: tuple[MissingRankPolicy, ...] = ("raise", "unranked")

_REGION_PREFIXES = (
    "kota administrasi ",
    "kabupaten administrasi ",
    "kota adm. ",
    "kab. adm. ",
    "kabupaten ",
    "kota ",
    "kab. ",
    "kab ",
)


def region_key(name: str) -> str:
    """The key that matches a region name written in several ways.

    Case, repeated spaces and the prefixes "Kota", "Kabupaten", "Kab.", "Kota Administrasi",
    "Kabupaten Administrasi" are ignored, so "Jakarta Pusat", "Kota Jakarta Pusat" and
    "KOTA ADMINISTRASI JAKARTA PUSAT" are the same region.

    Examples
    --------
    >>> region_key("Kota Administrasi  Jakarta Pusat"), region_key("Kab. Kepulauan Seribu")
    ('jakarta pusat', 'kepulauan seribu')
    """
    key = " ".join(str(name).split()).lower()
    for prefix in _REGION_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def _is_missing(item: object) -> bool:
    """None, float NaN or pandas' NA: a region whose rank is not known."""
    if item is None:
        return True
    if isinstance(item, (float, np.floating)) and math.isnan(float(item)):
        return True
    return type(item).__name__ == "NAType"


def _named_ranks(ranks: object) -> list[tuple[str, object]]:
    """(region name, rank) pairs from a mapping or a Series indexed by region name."""
    if _is_series(ranks):
        series: Any = ranks
        pairs = list(zip(series.index.tolist(), series.tolist(), strict=True))
    elif isinstance(ranks, Mapping):
        pairs = list(ranks.items())
    else:
        raise InvalidInputError(
            "ranks",
            "must map each region's name to its rank, e.g. {'Kota Jakarta Pusat': 'Nindya', "
            "...} (a dict, or a Series indexed by region name), so that every region is "
            f"checked; got a {type(ranks).__name__}",
        )
    for name, _ in pairs:
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError("ranks", "must be keyed by region names (text)", name)
    return pairs


def kla_share(
    ranks: Mapping[str, str | None] | pd.Series[Any],
    *,
    regions: Sequence[str] = DKI_REGIONS,
    at_least: KLARank = "Nindya",
    exact: bool = False,
    missing: MissingRankPolicy = "raise",
) -> float:
    r"""Percent of regions whose KLA rank is at least (or exactly) a given rank.

    Parameters
    ----------
    ranks : mapping or Series
        The rank of each region by its name: ``{"Kota Jakarta Pusat": "Nindya", ...}`` or a
        Series indexed by region name. A rank is "Pratama", "Madya", "Nindya", "Utama",
        "KLA", or :data:`KLA_NO_RANK` ("Tanpa peringkat": evaluated, below Pratama);
        ``None`` (or NaN / ``pd.NA``) is a rank that is not known (see ``missing``). Names
        are matched by :func:`region_key` ("Jakarta Pusat" is "Kota Jakarta Pusat").
    regions : sequence of str
        The regions the share is over; every one must be in ``ranks`` and no other. Default
        :data:`DKI_REGIONS`, the six kota/kabupaten of DKI Jakarta (agreement IKU 8).
    at_least : {"Pratama", "Madya", "Nindya", "Utama", "KLA"}
        The rank to reach (default "Nindya", as in IKU 8).
    exact : bool
        ``False`` (default): count the regions ranked ``at_least`` or higher. ``True``: count
        only the regions ranked exactly ``at_least``.
    missing : {"raise", "unranked"}
        A region whose rank is not known: ``"raise"`` (default) refuses, naming the region;
        ``"unranked"`` counts it as below Pratama (a choice to make only when the region is
        known not to have a rank).

    Returns
    -------
    float
        The share of ``regions`` [percent 0-100].

    Raises
    ------
    InvalidInputError
        If ``ranks`` is not a mapping or Series of named ranks; a region of ``regions`` is
        missing from it, or it names a region not in ``regions``, or names one twice; a rank
        is not a rank label; a rank is missing and ``missing="raise"``; ``regions`` is empty
        or repeats a region; ``at_least``, ``exact`` or ``missing`` is not a valid choice.
        The message names the regions concerned.

    Notes
    -----
    With the $n$ regions of ``regions``, ranks $r_i$ and the order Pratama < Madya < Nindya
    < Utama < KLA (no rank below Pratama):

    $$
    S = rac{\#\{i : r_i \succeq r^*\}}{n} 	imes 100
    \quad	ext{or, exactly,}\quad
    S = rac{\#\{i : r_i = r^*\}}{n} 	imes 100
    $$

    The denominator is the number of regions the share is over, never the number of ranks
    given: a missing region is an error, not a smaller denominator.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 8, 2024.
    2. Republik Indonesia, *Peraturan Presiden Nomor 25 Tahun 2021 tentang Kebijakan
       Kabupaten/Kota Layak Anak*, 2021.

    Examples
    --------
    Four of the six DKI regions at Nindya or above:

    >>> ranks = {"Jakarta Pusat": "Utama", "Jakarta Utara": "Nindya", "Jakarta Barat": "Nindya",
    ...          "Jakarta Selatan": "KLA", "Jakarta Timur": "Madya",
    ...          "Kepulauan Seribu": "Tanpa peringkat"}
    >>> round(kla_share(ranks), 2), round(kla_share(ranks, exact=True), 2)
    (66.67, 33.33)
    >>> kla_share({"Jakarta Pusat": "Nindya", "Jakarta Utara": "Nindya"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dppapp_indikator._checks.InvalidInputError: `ranks` must give a rank for each of the 6 ...
    >>> kla_share({"Jakarta Pusat": "Nindya", "Jakarta Utara": None},
    ...           regions=["Jakarta Pusat", "Jakarta Utara"], missing="unranked")
    50.0
    """
    check_choice("at_least", at_least, KLA_RANKS)
    check_choice("missing", missing, MISSING_RANK_POLICIES)
    if not isinstance(exact, (bool, np.bool_)):
        raise InvalidInputError("exact", "must be True or False", exact)
    if isinstance(regions, (str, bytes)) or not isinstance(regions, Sequence):
        raise InvalidInputError("regions", "must be a list of region names", regions)
    if not regions:
        raise InvalidInputError("regions", "must name at least one region", list(regions))
    expected: dict[str, str] = {}
    for name in regions:
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError("regions", "must hold region names (text)", name)
        key = region_key(name)
        if key in expected:
            raise InvalidInputError("regions", "names a region twice", [expected[key], name])
        expected[key] = name
    given: dict[str, tuple[str, object]] = {}
    unknown: list[str] = []
    for name, rank in _named_ranks(ranks):
        key = region_key(name)
        if key in given:
            raise InvalidInputError("ranks", "names a region twice", [given[key][0], name])
        given[key] = (name, rank)
        if key not in expected:
            unknown.append(name)
    what = "the 6 kota/kabupaten of DKI Jakarta" if tuple(regions) == DKI_REGIONS else "`regions`"
    if unknown:
        raise InvalidInputError(
            "ranks",
            f"names region(s) that are not among {what} "
            f"({', '.join(map(repr, expected.values()))}): correct the name, or pass "
            "`regions=` with the list of regions you mean",
            unknown,
        )
    absent = [name for key, name in expected.items() if key not in given]
    if absent:
        raise InvalidInputError(
            "ranks",
            f"must give a rank for each of the {len(expected)} regions ({what}); missing "
            f"{', '.join(map(repr, absent))}: add them (None when the rank is not known), or "
            "pass `regions=` with the list of regions you mean",
        )
    order: dict[str, int] = {label: level for level, label in enumerate(KLA_RANKS, start=1)}
    order[KLA_NO_RANK] = 0
    allowed = ", ".join(repr(r) for r in (*KLA_RANKS, KLA_NO_RANK))
    target = order[at_least]
    hits = 0
    unknown_rank: list[str] = []
    for key in expected:
        name, item = given[key]
        if _is_missing(item):
            unknown_rank.append(name)
            level = 0
        elif isinstance(item, str) and item in order:
            level = order[item]
        else:
            raise InvalidInputError(
                "ranks", f"must hold rank labels ({allowed}) or None; region {name!r} has", item
            )
        hits += level == target if exact else level >= target
    if unknown_rank and missing == "raise":
        raise InvalidInputError(
            "ranks",
            f"has no rank for {', '.join(map(repr, unknown_rank))}: give the rank, "
            f"{KLA_NO_RANK!r} when the region was evaluated and ranked below Pratama, or pass "
            "missing='unranked' to count a region with no known rank as unranked",
        )
    return hits / len(expected) * 100.0
