"""Reading a delimited text file row by row, decoding line by line so errors can name the line."""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from tawthiq.errors import EncodingError, InputError

__all__ = ["FileDigest", "ReadPosition", "SourceRow", "digest", "read_csv_rows"]

FIELD_SIZE_LIMIT = 1 << 30
"""Python's csv module refuses a whole file at its first cell over 131,072 characters; cells are
read whatever their size and an oversized one rejects its row (``canonical.MAX_FIELD_CHARS``)."""
csv.field_size_limit(FIELD_SIZE_LIMIT)

_BOMS = (codecs.BOM_UTF8,)


@dataclass(frozen=True)
class FileDigest:
    sha256: str
    size: int


def digest(path: Path) -> FileDigest:
    """SHA-256 and size of a file, streamed so large files never sit whole in memory."""
    h = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
                size += len(chunk)
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror}", file=str(path)) from err
    return FileDigest(h.hexdigest(), size)


@dataclass
class ReadPosition:
    """How far a reader has got: ``done`` of ``total`` units (bytes of a text file, rows of a
    sheet), for a progress bar with an estimate of the time left."""

    done: int = 0
    total: int = 0


class SourceRow(NamedTuple):
    """One data row: 1-based position among data rows, the file line it starts on, and values.

    ``error`` is set when the row could not be read at all (a JSON line that is not an object):
    it is kept and rejected with that reason, never skipped. A named tuple, not a dataclass: a
    million of them are made and sent to the worker process per million rows imported.
    """

    row_number: int
    line_number: int
    values: list[str]
    error: str | None = None


_BLOCK = 1 << 16
"""Lines are read and decoded some 64 KiB at a time (a per-line loop costs seconds a million
lines); a block that does not decode is decoded again line by line, to name the bad line."""


def _decoded_lines(
    path: Path, encoding: str, position: ReadPosition | None = None
) -> Iterator[str]:
    try:
        codecs.lookup(encoding)
    except LookupError as err:
        raise InputError(f"unknown encoding {encoding!r}", file=str(path)) from err
    label = encoding.lower().replace("_", "-")
    is_utf8 = label in {"utf-8", "utf8", "utf-8-sig"}
    with path.open("rb") as fh:
        lineno = 0
        while block := fh.readlines(_BLOCK):
            if lineno == 0 and is_utf8 and block[0].startswith(codecs.BOM_UTF8):
                block[0] = block[0][len(codecs.BOM_UTF8) :]
                if position is not None:
                    position.done += len(codecs.BOM_UTF8)
            try:
                texts = [raw.decode(encoding) for raw in block]
            except UnicodeDecodeError:
                texts = None
            if texts is None:  # yield the good lines, then say which line is not
                for raw in block:
                    lineno += 1
                    if position is not None:
                        position.done += len(raw)
                    yield _decode(raw, encoding, lineno, is_utf8, path)
                continue
            if position is None:
                lineno += len(block)
                yield from texts
                continue
            for raw, text in zip(block, texts, strict=True):
                lineno += 1
                position.done += len(raw)
                yield text


def _decode(raw: bytes, encoding: str, lineno: int, is_utf8: bool, path: Path) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        hint = (
            "; the file may be in a legacy encoding such as Windows Arabic: "
            "import it with --encoding cp1256"
            if is_utf8
            else ""
        )
        bad = raw[err.start : err.start + 4].hex(" ")
        raise EncodingError(
            f"not valid {encoding} text at line {lineno}, byte {err.start + 1} of the "
            f"line (bytes {bad}){hint}",
            file=str(path),
            row=None,
        ) from None


def read_csv_rows(
    path: Path, encoding: str = "utf-8", position: ReadPosition | None = None
) -> tuple[list[str], Iterator[SourceRow]]:
    """The header and an iterator of data rows; blank lines are skipped, not counted as rows.

    ``position``, if given, counts the bytes read (its ``total`` is set to the file size).
    """
    if position is not None:
        try:
            position.total = path.stat().st_size
        except OSError:
            position.total = 0
    reader = csv.reader(_decoded_lines(path, encoding, position), strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty (no header row)", file=str(path)) from None
    except csv.Error as err:
        raise InputError(f"cannot read the header: {err}", file=str(path)) from err

    def rows() -> Iterator[SourceRow]:
        number = 0
        start = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                raise InputError(
                    f"malformed CSV near line {reader.line_num}: {err}", file=str(path)
                ) from err
            if any(values):  # cells are text: any non-empty one makes a row
                number += 1
                yield SourceRow(number, start, values)
            start = reader.line_num + 1

    return header, rows()
