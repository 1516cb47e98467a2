"""Shared hypothesis strategies for the property tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

#: A percent in [0, 100].
percents = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)
#: A share in [0, 1].
shares = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
#: A share strictly inside (0, 1), away from the ends.
inner_shares = st.floats(min_value=0.01, max_value=0.99, allow_nan=False)
#: A positive value (wages, rupiah, counts as floats).
positives = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False)


def percent_arrays(size: int) -> st.SearchStrategy[np.ndarray]:
    """1-D float arrays of ``size`` percents."""
    return hnp.arrays(np.float64, size, elements=percents)


def share_arrays(size: int) -> st.SearchStrategy[np.ndarray]:
    """1-D float arrays of ``size`` shares."""
    return hnp.arrays(np.float64, size, elements=shares)


@st.composite
def survey_frames(draw: st.DrawFn, binary: bool = False) -> object:
    """A stratified cluster sample with the hard cases of a survey design.

    Strata of 2-5 PSUs, plus (each drawn or not) a singleton stratum (one PSU, sampled
    with replacement or from a finite population), a take-all (certainty) stratum of one or
    two PSUs whose fpc equals its PSU count, an fpc on the ordinary strata, zero weights on
    some rows, and a domain ``small`` holding a single PSU of one stratum. Columns:
    ``stratum``, ``psu``, ``w``, ``y`` (0/1 when ``binary``), ``x`` (> 0), ``region``
    (a, b, c), ``small`` (0/1), ``fpc`` (population PSUs, or 1 per PSU when none is drawn:
    a column of 1 gives a census to R, so the designs use ``fpc`` only when ``has_fpc``),
    and ``frame.attrs`` ``has_fpc``, ``n_singleton`` and ``n_certainty``.
    """
    import pandas as pd

    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    has_fpc = draw(st.booleans())
    singleton = draw(st.booleans())
    certainty = draw(st.integers(0, 2))  # 0: none, else the PSUs of a take-all stratum
    zero_weights = draw(st.booleans())
    rows: list[tuple[int, int, float]] = []
    psu = 0
    n_ordinary = draw(st.integers(1, 3))
    for stratum in range(n_ordinary):
        n_psu = int(rng.integers(2, 6))
        population = float(n_psu + rng.integers(0, 20)) if has_fpc else 0.0
        for _ in range(n_psu):
            psu += 1
            rows += [(stratum, psu, population)] * int(rng.integers(1, 5))
    extra_strata = []
    if singleton:
        psu += 1
        population = float(rng.integers(2, 10)) if has_fpc else 0.0
        rows += [(100, psu, population)] * int(rng.integers(1, 4))
        extra_strata.append(100)
    if certainty:
        for _ in range(certainty):
            psu += 1
            rows += [(200, psu, float(certainty))] * int(rng.integers(1, 4))
    frame = pd.DataFrame(rows, columns=["stratum", "psu", "fpc"])
    n = len(frame)
    if not has_fpc:
        # a take-all stratum needs an fpc: the others get a very large population
        frame["fpc"] = np.where(frame["stratum"] == 200, frame["fpc"], 1e9)
    frame["w"] = rng.uniform(0.5, 20.0, n)
    if zero_weights:
        frame.loc[rng.random(n) < 0.2, "w"] = 0.0
        frame.loc[frame.groupby("psu").head(1).index, "w"] = rng.uniform(0.5, 20.0)
    frame["y"] = rng.integers(0, 2, n) if binary else rng.normal(50.0, 20.0, n).round(3)
    frame["x"] = rng.uniform(1.0, 5.0, n).round(3)
    frame["region"] = rng.choice(["a", "b", "c"], n)
    first = frame.loc[frame["stratum"] == 0, "psu"].iloc[0]
    frame["small"] = (frame["psu"] == first).astype(int)
    frame.attrs.update(has_fpc=has_fpc, n_singleton=int(singleton), n_certainty=int(certainty > 0))
    return frame
