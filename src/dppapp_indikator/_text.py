"""Decoding a text file that a person saved: UTF-8 with or without a BOM, nothing else.

Spreadsheet programs and editors save "Unicode text" as UTF-16, and a wrong file chosen by
mistake may be binary (a workbook, a PDF, an image). :func:`decode_text` accepts UTF-8, with or
without the byte-order mark Excel's "CSV UTF-8" writes, and otherwise says what the file is and
how to save it, instead of reading garbage or failing with a decoder's message.
"""

from __future__ import annotations

__all__ = ["TextDecodingError", "decode_text", "describe_binary"]

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "an Excel workbook or another zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Word file (.xls/.doc)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PAR1", "a Parquet file"),
    (b"\x1f\x8b", "a gzip archive"),
)


class TextDecodingError(ValueError):
    """A file is not UTF-8 text (UTF-16, another encoding, or binary); the message says which."""


def describe_binary(raw: bytes) -> str | None:
    """What a file's first bytes say it is, or None when they match no known binary format.

    Examples
    --------
    >>> describe_binary(b"%PDF-1.7"), describe_binary(b"number;period")
    ('a PDF document', None)
    """
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    return None


def _utf16_mark(raw: bytes) -> str | None:
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith(b"\xff\xfe"):
        return "UTF-16 LE"
    if raw.startswith(b"\xfe\xff"):
        return "UTF-16 BE"
    sample = raw[:400]
    if len(sample) >= 4:
        # ASCII text in UTF-16 without a mark: every other byte is zero
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) >= 0.8 * len(odd) and even.count(0) == 0:
            return "UTF-16 LE (no mark)"
        if even.count(0) >= 0.8 * len(even) and odd.count(0) == 0:
            return "UTF-16 BE (no mark)"
    return None


def decode_text(raw: bytes, source: str | None, *, save_as: str = "UTF-8") -> str:
    """Decode the bytes of a text file: UTF-8, with or without a byte-order mark.

    Parameters
    ----------
    raw : bytes
        The file's content.
    source : str or None
        The file's name, put in front of the message (nothing when None).
    save_as : str
        What to tell the user to save the file as (e.g. ``"'CSV UTF-8'"``).

    Returns
    -------
    str
        The text, without the byte-order mark.

    Raises
    ------
    TextDecodingError
        If the file is UTF-16 or UTF-32 (with or without a byte-order mark), a known binary
        format (zip/Excel, PDF, image ...), holds NUL bytes, or is not valid UTF-8; the message
        names the file, what it is (or the first bad byte) and how to save it.

    Examples
    --------
    >>> decode_text("\\ufeffnomor;63,46".encode("utf-8"), "a.csv")
    'nomor;63,46'
    >>> decode_text("a;b".encode("utf-16"), "a.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dppapp_indikator._text.TextDecodingError: a.csv: the file is UTF-16 LE text, not UTF-8: ...
    """
    prefix = "" if source is None else f"{source}: "
    mark = _utf16_mark(raw)
    if mark is not None:
        raise TextDecodingError(
            f"{prefix}the file is {mark} text, not UTF-8: save it again as {save_as}"
        )
    kind = describe_binary(raw)
    if kind is not None:
        raise TextDecodingError(f"{prefix}this is a binary file ({kind}), not a text file")
    if b"\x00" in raw:
        raise TextDecodingError(
            f"{prefix}this is a binary file (it holds NUL bytes), not a text file"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextDecodingError(
            f"{prefix}the file is not UTF-8 text ({exc.reason} at byte {exc.start}); "
            f"save it again as {save_as}"
        ) from exc
