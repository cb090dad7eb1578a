"""Capture-history tables: which lists recorded how many people, checked before any estimator runs.

Two layouts are accepted, as in Rcapture (``dfreq=TRUE``/``FALSE``) and LCMCR (``tabular``):

* aggregated: one 0/1 column per list plus a ``count`` column; a pattern that is absent counts 0
  and a pattern listed twice is summed;
* individual: one row per person, one 0/1 column per list, no ``count`` column.

Every problem is reported with the row (1-based data row, header not counted) and the column,
never with a name: capture tables hold no names, only 0/1 marks and counts.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from tawthiq.errors import EstimationError, InputError

__all__ = [
    "CaptureTable",
    "TableLike",
    "as_capture_table",
    "capture_table",
    "read_capture_csv",
]

#: Anything with columns: a pyarrow Table, a pandas DataFrame, a list of dicts or a dict of lists.
TableLike = Any

_MAX_LISTS = 30  # bit masks of patterns are int64; 30 lists is far beyond any real MSE


@dataclass(frozen=True, eq=False)
class CaptureTable:
    """Observed capture patterns and how many people had each.

    ``patterns`` is an ``(m, k)`` array of 0/1 with one row per distinct observed pattern (never
    all zero), sorted by the pattern's bit mask (list ``j`` is bit ``j``); ``counts`` gives the
    number of people with each pattern (patterns with count 0 are dropped).
    """

    lists: tuple[str, ...]
    patterns: npt.NDArray[np.int8]
    counts: npt.NDArray[np.int64]
    notes: tuple[str, ...] = field(default=())

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        """Number of distinct people on at least one list."""
        return int(self.counts.sum())

    @property
    def masks(self) -> npt.NDArray[np.int64]:
        """Bit mask of each observed pattern (list ``j`` recorded the person iff bit ``j`` set)."""
        weights = np.left_shift(np.int64(1), np.arange(self.n_lists, dtype=np.int64))
        return np.asarray(self.patterns.astype(np.int64) @ weights, dtype=np.int64)

    def cell_counts(self) -> npt.NDArray[np.float64]:
        """Counts of all ``2**k`` cells indexed by bit mask; cell 0 (unobserved) is 0."""
        y = np.zeros(1 << self.n_lists, dtype=np.float64)
        y[self.masks] = self.counts
        return y

    def list_totals(self) -> dict[str, int]:
        """How many observed people each list recorded."""
        totals = self.patterns.astype(np.int64).T @ self.counts
        return {name: int(v) for name, v in zip(self.lists, totals, strict=True)}

    def overlap(self) -> int:
        """People recorded by more than one list (the information MSE feeds on)."""
        multi = self.patterns.sum(axis=1) > 1
        return int(self.counts[multi].sum())

    def select(self, lists: Sequence[str]) -> CaptureTable:
        """The table restricted to some lists; people left on none of them drop out."""
        idx = [self.lists.index(name) for name in lists]
        sub = self.patterns[:, idx]
        return _aggregate(tuple(lists), sub, self.counts, self.notes)

    def drop_empty_lists(self) -> CaptureTable:
        """Remove lists that recorded nobody (they carry no information and break the fit)."""
        totals = self.list_totals()
        keep = [name for name in self.lists if totals[name] > 0]
        if len(keep) == self.n_lists:
            return self
        dropped = [name for name in self.lists if totals[name] == 0]
        out = self.select(keep)
        note = f"list(s) with no records dropped: {', '.join(dropped)}"
        return CaptureTable(out.lists, out.patterns, out.counts, (*out.notes, note))

    def canonical_key(self) -> str:
        """SHA-256 of the table with lists renamed L1..Lk and rows sorted (verdata's cache key).

        The key ignores list names so two strata with identical tables share a cached result,
        but it keeps list order, which the bracket notation of log-linear models refers to.
        """
        rows = sorted(
            ([int(v) for v in p], int(c)) for p, c in zip(self.patterns, self.counts, strict=True)
        )
        payload = {"lists": [f"L{i + 1}" for i in range(self.n_lists)], "rows": rows}
        blob = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()

    def to_rows(self) -> list[dict[str, int]]:
        """The aggregated table as a list of dicts (one per observed pattern), with ``count``."""
        out = []
        for p, c in zip(self.patterns, self.counts, strict=True):
            row = {name: int(v) for name, v in zip(self.lists, p, strict=True)}
            row["count"] = int(c)
            out.append(row)
        return out


@dataclass
class _Problems:
    """Collects validation problems so one pass reports the first, naming where it is."""

    file: str | None
    items: list[tuple[str, int | None, str | None, str | None]] = field(default_factory=list)

    def add(
        self, message: str, row: int | None = None, col: str | None = None, value: Any = None
    ) -> None:
        shown = None if value is None else str(value)[:20]
        self.items.append((message, row, col, shown))

    def raise_first(self) -> None:
        if not self.items:
            return
        message, row, col, value = self.items[0]
        extra = len(self.items) - 1
        if extra:
            message = f"{message} (and {extra} more problem{'s' if extra > 1 else ''})"
        if self.file is not None:
            raise InputError(message, file=self.file, row=row, field=col, value=value)
        where = []
        if row is not None:
            where.append(f"row {row}")
        if col is not None:
            where.append(f"column {col!r}")
        prefix = ", ".join(where)
        raise EstimationError(f"{prefix}: {message}" if prefix else message)


def _columns_of(data: TableLike) -> dict[str, list[Any]]:
    """Turn any supported table into a dict of equal-length column lists."""
    if hasattr(data, "column_names") and hasattr(data, "to_pydict"):  # pyarrow.Table
        return {str(k): list(v) for k, v in data.to_pydict().items()}
    if hasattr(data, "columns") and hasattr(data, "to_dict"):  # pandas.DataFrame
        cols = data.to_dict(orient="list")
        return {str(k): list(v) for k, v in cols.items()}
    if isinstance(data, Mapping):
        cols = {str(k): list(v) for k, v in data.items()}
        lengths = {len(v) for v in cols.values()}
        if len(lengths) > 1:
            raise EstimationError("columns of the capture table have different lengths")
        return cols
    if isinstance(data, Iterable) and not isinstance(data, str | bytes):
        rows = list(data)
        names: list[str] = []
        seen: set[str] = set()
        for i, row in enumerate(rows, start=1):
            if not isinstance(row, Mapping):
                raise EstimationError(f"row {i}: expected a mapping of column to value")
            for key in row:
                if str(key) not in seen:
                    seen.add(str(key))
                    names.append(str(key))
        return {name: [row.get(name) for row in rows] for name in names}
    raise EstimationError(
        "a capture table must be a pyarrow Table, a pandas DataFrame, a list of dicts or a dict "
        f"of columns, not {type(data).__name__}"
    )


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _parse_mark(value: Any) -> int | None:
    """0 or 1 from the spellings capture tables use; ``None`` for anything else."""
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, int | np.integer):
        return int(value) if value in (0, 1) else None
    if isinstance(value, float | np.floating):
        return int(value) if value in (0.0, 1.0) else None
    if isinstance(value, str):
        text = value.strip()
        if text in ("0", "1"):
            return int(text)
        if text in ("0.0", "1.0"):
            return int(float(text))
    return None


def _parse_count(value: Any) -> int | None:
    """A non-negative-or-negative whole number; ``None`` when it is not a whole number."""
    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return int(value) if math.isfinite(value) and float(value).is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                as_float = float(text)
            except ValueError:
                return None
            return int(as_float) if math.isfinite(as_float) and as_float.is_integer() else None
    return None


def _aggregate(
    lists: tuple[str, ...],
    patterns: npt.NDArray[np.int8],
    counts: npt.NDArray[np.int64],
    notes: tuple[str, ...] = (),
) -> CaptureTable:
    """Sum counts per distinct non-empty pattern and sort by bit mask."""
    k = len(lists)
    weights = np.left_shift(np.int64(1), np.arange(k, dtype=np.int64))
    masks = patterns.astype(np.int64) @ weights if len(patterns) else np.zeros(0, np.int64)
    keep = (masks > 0) & (counts > 0)
    masks, counts = masks[keep], counts[keep]
    uniq, inverse = np.unique(masks, return_inverse=True)
    summed = np.zeros(len(uniq), dtype=np.int64)
    np.add.at(summed, inverse, counts)
    bits = ((uniq[:, None] >> np.arange(k, dtype=np.int64)[None, :]) & 1).astype(np.int8)
    return CaptureTable(lists, bits.reshape(len(uniq), k), summed, notes)


def capture_table(
    data: TableLike,
    *,
    lists: Sequence[str] | None = None,
    count: str | None = "count",
    file: str | None = None,
) -> CaptureTable:
    """Validate a capture-history table and aggregate it.

    ``lists`` names the 0/1 columns (default: every column except ``count``). When the ``count``
    column is absent, each row is one person. Errors are ``EstimationError`` for in-memory
    tables and ``InputError`` (with ``file``, ``row`` and ``field``) when ``file`` is given.
    """
    problems = _Problems(file)
    cols = _columns_of(data)
    has_count = count is not None and count in cols
    if lists is None:
        list_names = [name for name in cols if not (has_count and name == count)]
    else:
        list_names = [str(name) for name in lists]
        missing = [name for name in list_names if name not in cols]
        if missing:
            problems.add(f"no column named {missing[0]!r} (columns: {', '.join(cols)})")
            problems.raise_first()
        if len(set(list_names)) != len(list_names):
            problems.add("a list is named twice")
            problems.raise_first()
    if len(list_names) < 2:
        problems.add(
            f"multiple systems estimation needs at least 2 lists, found {len(list_names)} "
            "(one 0/1 column per list, plus an optional 'count' column)"
        )
        problems.raise_first()
    if len(list_names) > _MAX_LISTS:
        problems.add(f"at most {_MAX_LISTS} lists are supported, found {len(list_names)}")
        problems.raise_first()

    n_rows = len(next(iter(cols.values()))) if cols else 0
    patterns = np.zeros((n_rows, len(list_names)), dtype=np.int8)
    counts = np.ones(n_rows, dtype=np.int64)
    for j, name in enumerate(list_names):
        column = cols[name]
        for i, value in enumerate(column):
            mark = _parse_mark(value)
            if mark is None:
                why = "is empty" if _is_missing(value) else "is not 0 or 1"
                problems.add(f"a list mark {why}", i + 1, name, value)
            else:
                patterns[i, j] = mark
    if has_count:
        assert count is not None
        for i, value in enumerate(cols[count]):
            parsed = _parse_count(value)
            if parsed is None:
                problems.add("count is not a whole number", i + 1, count, value)
            elif parsed < 0:
                problems.add("count is negative", i + 1, count, value)
            else:
                counts[i] = parsed
    problems.raise_first()

    empty = np.flatnonzero(patterns.sum(axis=1) == 0)
    for i in empty.tolist():
        if counts[i] > 0:
            problems.add(
                "a row with no list marked cannot be observed: the people no list recorded are "
                "what the estimate is for, so their count must not be given",
                int(i) + 1,
            )
    problems.raise_first()

    table = _aggregate(tuple(list_names), patterns, counts)
    if table.observed == 0:
        problems.add("the capture table records nobody")
        problems.raise_first()
    return table


def read_capture_csv(path: str | Path, *, count: str | None = "count") -> CaptureTable:
    """Read a capture-history CSV (UTF-8, header row) into a validated ``CaptureTable``."""
    path = Path(path)
    name = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            try:
                header = next(reader)
            except StopIteration:
                raise InputError("the file is empty", file=name) from None
            header = [h.strip() for h in header]
            if len(set(header)) != len(header):
                dup = next(h for h in header if header.count(h) > 1)
                raise InputError("column named twice in the header", file=name, field=dup)
            rows: list[list[str]] = []
            for line in reader:
                if not line or all(cell.strip() == "" for cell in line):
                    continue
                if len(line) != len(header):
                    raise InputError(
                        f"expected {len(header)} fields, found {len(line)}",
                        file=name,
                        row=len(rows) + 1,
                    )
                rows.append(line)
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror}", file=name) from err
    except UnicodeDecodeError:
        raise InputError("the file is not UTF-8 text", file=name) from None
    cols = {h: [row[i] for row in rows] for i, h in enumerate(header)}
    return capture_table(cols, count=count, file=name)


def as_capture_table(data: CaptureTable | TableLike) -> CaptureTable:
    """Pass a ``CaptureTable`` through; validate anything else with ``capture_table``."""
    if isinstance(data, CaptureTable):
        return data
    return capture_table(data)
