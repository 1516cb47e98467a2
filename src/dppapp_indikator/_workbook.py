"""Checks on a workbook from outside before openpyxl parses it.

An ``.xlsx`` file is a zip archive of XML parts. A file received from someone else is
untrusted: its XML could declare entities that expand to gigabytes ("billion laughs"), and its
archive could inflate far beyond its size on disk (a "zip bomb"). :func:`check_workbook` reads
the archive's directory and streams each XML part once (never more than
:data:`MAX_UNCOMPRESSED_BYTES` in all), and before any XML is parsed refuses a workbook far
larger than an agreement's or one whose XML declares a document type or entities (spreadsheet
programs never write one); it also requires openpyxl's XML parsing to go through
``defusedxml`` (openpyxl uses it whenever it is installed; it is part of the ``excel`` extra),
which refuses entity declarations again while parsing.

The limits are generous: the PK 2024 realisation template is about 100 rows and 60 KB
uncompressed; the limits are 100 times that and more.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

__all__ = ["MAX_ROWS", "MAX_UNCOMPRESSED_BYTES", "check_workbook", "require_defusedxml"]

#: Largest total uncompressed size of a workbook's parts [bytes] (an agreement: ~60 KB).
MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024
#: Most rows in one worksheet (an agreement: ~100 rows for 21 indicators x 5 periods).
MAX_ROWS = 20_000

_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_CHUNK = 1 << 16


class UnsafeWorkbookError(ValueError):
    """A workbook refused before it is parsed: not a zip archive, too large, or with a DTD.

    The readers of realisation and agreement workbooks turn it into their own file error.

    Attributes
    ----------
    source : str
        The file (path).
    reason : str
        What is wrong and what to do.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.source, self.reason))


def require_defusedxml() -> None:
    """Raise ImportError unless openpyxl parses XML through ``defusedxml``."""
    try:
        from openpyxl import DEFUSEDXML
    except ImportError as exc:  # pragma: no cover - the excel extra is installed in tests
        raise ImportError(
            "reading .xlsx files needs openpyxl: pip install 'dppapp-indikator[excel]'"
        ) from exc
    if not DEFUSEDXML:
        raise ImportError(
            "reading a workbook safely needs defusedxml (it guards the XML against entity "
            "expansion): pip install 'dppapp-indikator[excel]' (or pip install defusedxml), and "
            "do not set OPENPYXL_DEFUSEDXML=False"
        )


def check_workbook(
    path: str | Path,
    *,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
    max_rows: int = MAX_ROWS,
) -> int:
    """Refuse a workbook far larger than an agreement's, before parsing it.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file.
    max_uncompressed_bytes : int
        Largest total uncompressed size of the archive's parts [bytes].
    max_rows : int
        Most ``<row>`` elements in one worksheet part [rows].

    Returns
    -------
    int
        The total uncompressed size [bytes] (for information).

    Raises
    ------
    UnsafeWorkbookError
        If the file is not a zip archive, or its parts are larger than
        ``max_uncompressed_bytes`` in total, or a worksheet holds more than ``max_rows`` rows,
        or an XML part declares a document type or entities. The message gives the size or
        the row count found and the limit, or the part.
    ImportError
        If openpyxl would parse the XML without ``defusedxml`` (see :func:`require_defusedxml`).

    Notes
    -----
    The uncompressed sizes come from the archive's directory; each worksheet part is then
    decompressed in 64 KB chunks and its ``<row>`` tags counted, reading at most the declared
    size (zipfile never inflates a member beyond it), so the work is bounded by
    ``max_uncompressed_bytes`` whatever the file holds.

    Examples
    --------
    >>> import io, tempfile, pathlib, zipfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "big.xlsx"
    >>> with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
    ...     archive.writestr("xl/worksheets/sheet1.xml", "<row r='1'/>" * 30)
    >>> check_workbook(path, max_rows=10)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dppapp_indikator._workbook.UnsafeWorkbookError: ...big.xlsx: sheet part ... 30 rows, ...
    """
    source = str(path)
    require_defusedxml()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsafeWorkbookError(
            source, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
        ) from exc
    with archive:
        members = archive.infolist()
        total = sum(info.file_size for info in members)
        if total > max_uncompressed_bytes:
            raise UnsafeWorkbookError(
                source,
                f"the workbook unpacks to {total:,} bytes, far beyond an agreement's "
                f"(limit {max_uncompressed_bytes:,} bytes); it is not a realisation or "
                "agreement file: check that you chose the right file",
            )
        for info in members:
            if info.filename.endswith((".xml", ".rels", ".vml")):
                sheet = info.filename.startswith("xl/worksheets/")
                _scan_part(archive, info, source, max_rows if sheet else None)
    return total


def _scan_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, limit: int | None
) -> None:
    """Stream one XML part: refuse a DTD (entity declarations); count rows up to ``limit``."""
    rows = 0
    tail = b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                data = tail + chunk
                if _DTD.search(data):
                    raise UnsafeWorkbookError(
                        source,
                        f"part {info.filename!r} declares a document type or XML entities "
                        "(<!DOCTYPE / <!ENTITY), which spreadsheet programs never write: the file "
                        "is refused as unsafe; save the workbook again from Excel or LibreOffice",
                    )
                tail = data[-64:]
                if limit is None:
                    continue
                # a match ending inside the tail was counted with the previous chunk
                rows += sum(1 for m in _ROW.finditer(data) if m.end() > len(data) - len(chunk))
                if rows > limit:
                    raise UnsafeWorkbookError(
                        source,
                        f"sheet part {info.filename!r} holds at least {rows:,} rows, far beyond "
                        f"an agreement's (limit {limit:,}); it is not a realisation or agreement "
                        "file: check that you chose the right file",
                    )
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise UnsafeWorkbookError(
            source, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
        ) from exc
