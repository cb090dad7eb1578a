"""CSV that a spreadsheet opens as data, never as formulas: the one cell rule for every export.

A hostile list can put ``=HYPERLINK("http://…","click")`` or ``+cmd|' /C calc'!A0`` in a name
or a note; written raw into an export, the analyst's spreadsheet runs it on opening. Following
OWASP's advice on CSV injection, a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is written with a leading apostrophe (spreadsheets show it as text and hide
the apostrophe). Numbers stay numbers: ints and floats are never touched, nor is text that reads
as a plain number ("-12", "+3.5"), so a count or a coordinate exported as text still sums.

Every CSV tawthiq writes goes through :func:`writer` or :func:`dict_writer` (or
:func:`safe_cell` for a writer of its own), and a test writes a hostile list through every
export path.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable, Mapping
from typing import IO, Any

__all__ = ["TRIGGERS", "dict_writer", "safe_cell", "safe_row", "writer"]

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""

_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet should see it: text that could run as a formula gets a
    leading apostrophe; everything else is returned unchanged."""
    if not isinstance(value, str) or not value or not value.startswith(TRIGGERS):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of ``row`` through :func:`safe_cell`."""
    return [safe_cell(v) for v in row]


class _SafeWriter:
    """A ``csv.writer`` whose rows are made safe first (same ``writerow``/``writerows``)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._inner.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _SafeDictWriter:
    """A ``csv.DictWriter`` whose values are made safe first (the header is ours: left as is)."""

    def __init__(self, inner: csv.DictWriter[str]) -> None:
        self._inner = inner

    def writeheader(self) -> Any:
        return self._inner.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._inner.writerow({k: safe_cell(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(fh: IO[str], **kwargs: Any) -> _SafeWriter:
    """``csv.writer(fh, **kwargs)`` with every cell made safe."""
    return _SafeWriter(csv.writer(fh, **kwargs))


def dict_writer(fh: IO[str], fieldnames: Collection[str], **kwargs: Any) -> _SafeDictWriter:
    """``csv.DictWriter(fh, fieldnames, **kwargs)`` with every value made safe."""
    return _SafeDictWriter(csv.DictWriter(fh, fieldnames, **kwargs))
