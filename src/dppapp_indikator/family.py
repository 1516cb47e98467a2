"""iBangga: Indeks Pembangunan Keluarga (family development index), agreement IKU 1.

Formulas follow methods/family#ibangga. Family-level (microdata) estimation builds on these.
"""

from __future__ import annotations

from ._arrays import ArrayLike, FloatResult, LabelResult, broadcast
from ._checks import check_percent

__all__ = ["ibangga", "ibangga_category"]


def ibangga(ketenteraman: ArrayLike, kemandirian: ArrayLike, kebahagiaan: ArrayLike) -> FloatResult:
    r"""Indeks Pembangunan Keluarga from its three dimension indices.

    Parameters
    ----------
    ketenteraman : float, array_like or Series
        Dimension index of family tranquillity (ketenteraman) [index 0-100].
    kemandirian : float, array_like or Series
        Dimension index of family self-reliance (kemandirian) [index 0-100].
    kebahagiaan : float, array_like or Series
        Dimension index of family happiness (kebahagiaan) [index 0-100].

    Returns
    -------
    float, ndarray or Series
        iBangga [index 0-100], in the container of the inputs. NaN in any dimension gives
        NaN for that element.

    Raises
    ------
    InvalidInputError
        If a dimension index lies outside [0, 100], or the shapes do not broadcast.

    Notes
    -----
    The unweighted mean of the three dimension indices (methods/family#ibangga-dims):

    $$
    \mathrm{iBangga} = \frac{I_{ketenteraman} + I_{kemandirian} + I_{kebahagiaan}}{3}
    $$

    Each dimension index is built from family-level variables (6, 7 and 4 of the 17
    variables respectively).

    References
    ----------
    1. Badan Kependudukan dan Keluarga Berencana Nasional (BKKBN), *Peraturan BKKBN
       Nomor 3 Tahun 2022 tentang Pengukuran Keberhasilan Pembangunan Keluarga melalui
       Indeks Pembangunan Keluarga*, 2022.
    2. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 1, 2024.

    Examples
    --------
    Indonesia 2021 (BKKBN: dimensions 55.99, 52.09, 53.96; published iBangga 54.01):

    >>> round(ibangga(55.99, 52.09, 53.96), 2)
    54.01
    """
    container, (tenteram, mandiri, bahagia) = broadcast(
        ketenteraman=ketenteraman, kemandirian=kemandirian, kebahagiaan=kebahagiaan
    )
    check_percent("ketenteraman", tenteram)
    check_percent("kemandirian", mandiri)
    check_percent("kebahagiaan", bahagia)
    return container.wrap_float((tenteram + mandiri + bahagia) / 3.0)


def ibangga_category(value: ArrayLike) -> LabelResult:
    r"""Category of an iBangga value: "rentan", "berkembang" or "tangguh".

    Parameters
    ----------
    value : float, array_like or Series
        iBangga [index 0-100].

    Returns
    -------
    str, None, ndarray of object or Series
        The category label; ``None`` where ``value`` is NaN.

    Notes
    -----
    Bands (methods/family#ibangga-bands; ``data/bands.toml`` profile ``ibangga``):

    - $x < 40$: rentan (vulnerable);
    - $40 \le x \le 70$: berkembang (developing);
    - $x > 70$: tangguh (resilient).

    The seed says "below 40", "between 40 and 70" and "above 70"; which band owns 40 and 70 is
    inferred (both belong to berkembang).

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 1 (definisi),
       2024.
    2. BKKBN, *Peraturan BKKBN Nomor 3 Tahun 2022*, 2022.

    Examples
    --------
    >>> import numpy as np
    >>> ibangga_category(39.99), ibangga_category(40.0), ibangga_category(70.0)
    ('rentan', 'berkembang', 'berkembang')
    >>> ibangga_category(np.array([70.01, np.nan]))
    array(['tangguh', None], dtype=object)
    """
    from ._bands import classify

    return classify(value, "ibangga")
