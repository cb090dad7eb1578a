"""``tawthiq export capture-table``: the linked persons' capture histories as a CSV.

The file is exactly what ``tawthiq mse FILE`` reads (and ``tawthiq mse FILE --strata COLS``
with strata), so a workspace's table can be estimated, shared with a statistician or checked
in R (Rcapture, LCMCR) without the store: one 0/1 column per list in sorted order, then the
stratum columns, then ``count``; one row per observed pattern (and stratum). It holds no names
and no record ids, only marks and counts. Strata are derived as ``tawthiq estimate`` derives
them, so the two agree person for person.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tawthiq import csvsafe
from tawthiq.errors import EstimationError, InputError
from tawthiq.estimate._strata import _sort_key, capture_histories
from tawthiq.estimate._workspace import _check_strata, _derived, workspace_records

__all__ = ["CaptureExport", "capture_table_rows", "write_capture_table"]


@dataclass(frozen=True)
class CaptureExport:
    """What ``write_capture_table`` wrote."""

    path: Path
    lists: tuple[str, ...]
    strata: tuple[str, ...]
    persons: int
    rows: int
    notes: tuple[str, ...]


def capture_table_rows(
    records: Mapping[str, Sequence[Any]], strata: Sequence[str] = ()
) -> tuple[list[str], list[list[Any]], list[str]]:
    """Header, rows (patterns, stratum values, count) and notes, from linked records.

    ``records``: one row per linked record with the columns of ``RECORD_COLUMNS``. A missing
    stratum value is written as an empty cell, which ``tawthiq mse --strata`` reads as the
    ``(missing)`` stratum, as ``tawthiq estimate`` does.
    """
    fields = _check_strata(strata)
    cols = _derived(records, fields)
    if not cols["person_id"]:
        raise EstimationError(
            "the workspace has no linked persons: import lists and run `tawthiq link` first"
        )
    lists = sorted({str(s) for s in cols["source"]})
    clash = sorted(set(lists) & {"count", "person_id", *fields})
    if clash:
        raise EstimationError(
            f"a list is named {clash[0]!r}, which the capture table uses for another column; "
            "rename the source"
        )
    tables, notes = capture_histories(
        {k: cols[k] for k in ("person_id", "source", *fields)}, strata=fields, lists=lists
    )
    header = [*lists, *fields, "count"]
    rows: list[list[Any]] = []
    for key in sorted(tables, key=_sort_key):
        table = tables[key]
        values = ["" if v is None else v for v in key]
        for pattern, count in zip(table.patterns.tolist(), table.counts.tolist(), strict=True):
            rows.append([*pattern, *values, int(count)])
    return header, rows, notes


def write_capture_table(
    engine: Engine, out: str | Path, strata: Sequence[str] = ()
) -> CaptureExport:
    """Write the capture-history table of the store's linked persons to ``out`` (atomically)."""
    path = Path(out)
    if path.is_dir():
        raise InputError(
            "is a directory; give a file name such as capture_table.csv", file=str(path)
        )
    header, rows, notes = capture_table_rows(workspace_records(engine), strata)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create the folder: {err.strerror}", file=str(path)) from err
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csvsafe.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fields = _check_strata(strata)
    n_lists = len(header) - 1 - len(fields)
    return CaptureExport(
        path=path,
        lists=tuple(header[:n_lists]),
        strata=tuple(fields),
        persons=sum(int(r[-1]) for r in rows),
        rows=len(rows),
        notes=tuple(notes),
    )
