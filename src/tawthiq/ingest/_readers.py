"""Readers per file format, all giving the same thing: a header and rows of text cells.

    CSV        the header row, then data rows (exact file line numbers, encoding errors by line)
    XLSX       the first sheet or a named one (python-calamine); typed cells become text the way
               a person reads them: 34.0 → "34", a date cell → "2016-11-19"
    JSON lines one object per line; the header is every key in order of first appearance
    HXL        a CSV whose hashtag row (#date, #adm1+code, #affected+killed …) follows an
               optional text header; the hashtags are parsed with libhxl

A :class:`SourceRow` keeps its 1-based data-row number and where it sits in the file (its line,
or its row in the sheet), so a rejection can point at it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tawthiq.errors import InputError
from tawthiq.ingest._csvfile import ReadPosition, SourceRow, _decoded_lines, read_csv_rows

__all__ = [
    "HXL_SCAN_ROWS",
    "Table",
    "cell_text",
    "hashtag_row",
    "read_csv_table",
    "read_jsonl_table",
    "read_xlsx_table",
]

HXL_SCAN_ROWS = 25  # libhxl looks as far for the hashtag row; so do we


@dataclass
class Table:
    """A header and its rows; ``hashtags`` holds the HXL tag spec of each column, if any."""

    columns: list[str]
    rows: Iterator[SourceRow]
    where: str = "line"
    hashtags: list[str] | None = None
    position: ReadPosition | None = None
    """How far reading has got, where the reader can tell (for progress and time left)."""


def cell_text(value: Any) -> str:
    """A typed cell as the text a person would read in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _is_hashtag(cell: str) -> bool:
    return cell.strip().startswith("#") and len(cell.strip()) > 1


def hashtag_row(cells: list[str]) -> bool:
    """Whether a row is an HXL hashtag row: at least half its non-empty cells are hashtags."""
    filled = [c for c in cells if c.strip()]
    return bool(filled) and sum(_is_hashtag(c) for c in filled) * 2 >= len(filled)


def read_csv_table(path: Path, encoding: str) -> Table:
    position = ReadPosition()
    header, rows = read_csv_rows(path, encoding, position)
    return Table(header, rows, position=position)


def read_hxl_table(path: Path, encoding: str) -> Table:
    """A CSV with an HXL hashtag row; the text header above it (if any) names the columns."""
    position = ReadPosition()
    header, rows = read_csv_rows(path, encoding, position)
    if hashtag_row(header):
        tags, names = header, header
    else:
        first = next(rows, None)
        if first is None or not hashtag_row(first.values):
            raise InputError(
                "no HXL hashtag row (#date, #adm1+code …) in the first two rows", file=str(path)
            )
        tags, names = first.values, header
    width = max(len(tags), len(names))
    tags = [*tags, *[""] * (width - len(tags))]
    names = [*names, *[""] * (width - len(names))]
    columns = [
        n.strip() or t.strip() or f"column_{i + 1}"
        for i, (n, t) in enumerate(zip(names, tags, strict=True))
    ]
    _check_unique(columns, str(path))

    def renumbered() -> Iterator[SourceRow]:
        for number, row in enumerate(rows, start=1):
            yield SourceRow(number, row.line_number, row.values)

    return Table(columns, renumbered(), "line", [t.strip() for t in tags], position)


def _check_unique(columns: list[str], file: str) -> None:
    seen: dict[str, int] = {}
    for i, col in enumerate(columns):
        key = col.strip().lower()
        if key and key in seen:
            raise InputError(
                f"column {col!r} appears twice in the header (columns {seen[key] + 1} and {i + 1})",
                file=file,
                field=col,
            )
        seen[key] = i


def read_xlsx_table(path: Path, sheet: str | None = None) -> Table:
    """The first sheet (or ``sheet``, by name or 1-based number) of an XLSX/XLS/ODS workbook."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as err:
        raise InputError(f"cannot read the workbook: {err}", file=str(path)) from err
    try:
        names = list(wb.sheet_names)
        if not names:
            raise InputError("the workbook has no sheets", file=str(path))
        if sheet is None:
            ws = wb.get_sheet_by_index(0)
        elif sheet in names:
            ws = wb.get_sheet_by_name(sheet)
        elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
            ws = wb.get_sheet_by_index(int(sheet) - 1)
        else:
            raise InputError(
                f"no sheet {sheet!r}; the workbook has: {', '.join(names)}", file=str(path)
            )
        cells = ws.to_python(skip_empty_area=False)
    finally:
        wb.close()
    start_row = (ws.start or (0, 0))[0] if cells else 0
    texts = [[cell_text(v) for v in row] for row in cells]
    first = next((i for i, r in enumerate(texts) if any(c.strip() for c in r)), None)
    if first is None:
        raise InputError("the sheet is empty (no header row)", file=str(path))
    header = texts[first]
    while header and not header[-1].strip():
        header.pop()
    _check_unique(header, str(path))

    read = ReadPosition(0, max(len(texts) - first - 1, 0))

    def rows() -> Iterator[SourceRow]:
        number = 0
        for i in range(first + 1, len(texts)):
            read.done += 1
            values = texts[i]
            if any(v.strip() for v in values):
                while len(values) > len(header) and not values[-1].strip():
                    values.pop()
                number += 1
                yield SourceRow(number, start_row + i + 1, values)

    return Table(header, rows(), "sheet row", position=read)


def read_jsonl_table(path: Path, encoding: str) -> Table:
    """JSON lines: one object per line. A line that is not an object is a rejected row."""
    columns: dict[str, None] = {}
    for line in _decoded_lines(path, encoding):
        text = line.strip()
        if not text:
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            columns.update(dict.fromkeys(str(k) for k in obj))
    if not columns:
        raise InputError(
            "no JSON object on any line: JSON lines (one object per line) expected",
            file=str(path),
        )
    header = list(columns)
    position = {c: i for i, c in enumerate(header)}
    read = ReadPosition(0, path.stat().st_size)

    def rows() -> Iterator[SourceRow]:
        number = 0
        for lineno, line in enumerate(_decoded_lines(path, encoding, read), start=1):
            text = line.strip()
            if not text:
                continue
            number += 1
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as err:
                yield SourceRow(number, lineno, [], f"not valid JSON: {err.msg}")
                continue
            if not isinstance(obj, dict):
                yield SourceRow(number, lineno, [], "not a JSON object")
                continue
            values = [""] * len(header)
            for key, value in obj.items():
                values[position[str(key)]] = cell_text(value)
            yield SourceRow(number, lineno, values)

    return Table(header, rows(), position=read)
