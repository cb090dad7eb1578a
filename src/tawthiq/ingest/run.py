"""An import run: one file for one source, landed in one transaction.

Every data row becomes a raw row (kept verbatim, whatever happens to it). Valid rows insert or
update victim records by ``record_id``; a row whose content is unchanged since the last import
leaves its record alone. Importing the very same bytes again for the same source is recognised
by the file's SHA-256 and changes nothing.

Work is split in two: *preparing* a batch of rows (validation, coding, hashing, JSON) is pure
and, for large files, runs in a worker process; *landing* it (duplicate checks against earlier
rows and the store, writes) runs here, in order, inside the one transaction.
"""

from __future__ import annotations

import gc
import getpass
import hashlib
import json
import marshal
import os
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from json.encoder import encode_basestring
from multiprocessing import get_context
from operator import add, itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text

from tawthiq.errors import InputError
from tawthiq.ingest._csvfile import FileDigest, SourceRow, digest, read_csv_rows
from tawthiq.ingest._problems import Problem
from tawthiq.ingest._readers import Table
from tawthiq.ingest.canonical import (
    RECORD_KEYS,
    CanonicalHeader,
    check_row,
    map_header,
    row_data,
)
from tawthiq.normalize import DateOrder, gazetteer
from tawthiq.store import records as db
from tawthiq.store.schema import VictimRecord

__all__ = [
    "ImportSummary",
    "ProblemKind",
    "RowProblem",
    "current_user",
    "import_canonical_csv",
    "import_victim_table",
    "refresh_statistics",
    "refuse_file_of_another_source",
    "same_import",
]

BATCH = 5_000
PARALLEL_MIN_BYTES = 4 << 20  # below this a worker process costs more than it saves
STATISTICS_MIN_ROWS = 10_000  # records changed before an import refreshes planner statistics

# Record values travel as tuples in this order (the importer's part of victim_records).
RECORD_FIELDS: tuple[str, ...] = tuple(
    c
    for c in db.RECORD_COLUMNS
    if c not in {"import_run_id", "row_number", "source_record_id", "row_sha256"}
)
_DATE_AT = tuple(RECORD_KEYS.index(c) for c in ("date_earliest", "date_latest"))
_insert_values = itemgetter(
    *(RECORD_KEYS.index(c) for c in RECORD_FIELDS), *range(len(RECORD_KEYS), len(RECORD_KEYS) + 4)
)
"""A record's insert tuple out of its values in ``RECORD_KEYS`` order followed by its record
id, import run, row number and row hash."""


@dataclass(frozen=True)
class RowProblem:
    """A problem located in the input: row (1-based data row), file line, field, message."""

    row: int
    line: int
    field: str
    message: str
    severity: str
    column: str | None = None
    where: str = "line"

    def describe(self, file: str) -> str:
        column = f" (column {self.column!r})" if self.column and self.column != self.field else ""
        return (
            f"{file}: row {self.row} ({self.where} {self.line}), field {self.field!r}{column}: "
            f"{self.message}"
        )


@dataclass(frozen=True)
class ProblemKind:
    """One kind of problem an import met, with how many rows had it (for the summary printed
    after an import; every occurrence is in the raw rows: ``tawthiq export problems``)."""

    severity: str
    field: str
    message: str
    rows: int


_VARYING = re.compile(r"'[^']*'|\d[\d,.:-]*")


def problem_kind(field: str, message: str) -> tuple[str, str]:
    """Problems of one kind differ in their numbers, dates and quoted names: fold those away."""
    return field, _VARYING.sub("…", message)


class ProblemTally:
    """Counts problems by kind while rows land, keeping one example message per kind."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self.example: dict[tuple[str, str, str], str] = {}

    def add(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            kind = (p.severity, *problem_kind(p.field, p.message))
            self.counts[kind] += 1
            self.example.setdefault(kind, p.message)

    def merge(
        self,
        counts: Mapping[tuple[str, str, str], int],
        examples: Mapping[tuple[str, str, str], str],
    ) -> None:
        """Add the tally of a later batch of rows (counted elsewhere, e.g. in a worker)."""
        self.counts.update(counts)
        for kind, message in examples.items():
            self.example.setdefault(kind, message)

    def kinds(self) -> list[ProblemKind]:
        """Most frequent first; errors before warnings at equal counts."""
        ordered = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0][0] != "error", kv[0]))
        return [ProblemKind(k[0], k[1], self.example[k], n) for k, n in ordered]


@dataclass(frozen=True)
class ImportSummary:
    """What an import did; ``already_imported`` is set when the same bytes were seen before."""

    source: str
    file: str
    sha256: str
    run_id: int | None
    counts: db.RunCounts
    already_imported: int | None = None
    rejections: list[RowProblem] = field(default_factory=list)
    warnings: int = 0
    kind: str = "victims"
    """``victims`` (victim records) or ``incidents`` (incident rows)."""
    problem_kinds: list[ProblemKind] = field(default_factory=list)
    """Problems by kind with the number of rows of each (most frequent first)."""
    warned_rows: int = 0
    """Rows kept with at least one warning."""
    notes: list[str] = field(default_factory=list)
    """Warnings about the file as a whole ("columns not read: …"), printed after the counts."""

    @property
    def landed(self) -> int:
        c = self.counts
        return c.imported + c.updated + c.unchanged


def current_user() -> str:
    """Who runs this: ``TAWTHIQ_USER`` if set, else the operating-system user."""
    env = os.environ.get("TAWTHIQ_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _row_sha256(data: dict[str, str], salt: str = "") -> str:
    # Content, not layout: the same cells under the same headers hash alike in any column order.
    # ``salt`` holds the reading settings (mapping, constants, date order) when there are any.
    keys = sorted(data)
    blob = "\x1f".join(keys) + "\x1e" + "\x1f".join([data[k] for k in keys])
    if salt:
        blob += "\x1d" + salt
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


_DATA_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_PROBLEM_JSON = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False)
_UNREADABLE_JSON = json.dumps({"_unreadable": True})


def _problems_json(problems: list[Problem], header: CanonicalHeader | None = None) -> str | None:
    if not problems:
        return None
    out = []
    for p in problems:
        d = p.to_dict()
        column = header.column_of(p.field) if header is not None else None
        if column is not None and column != p.field:
            d["column"] = column  # the file's own column name, for the user fixing the file
        out.append(d)
    return json.dumps(out, ensure_ascii=False)


class _Encoder:
    """What the worker encodes again and again, done once: a problem's JSON (with its file
    column) and its kind, and the fixed part of a row's hash.

    Lists repeat the same few hundred problems millions of times. ``_problems_json`` of a list
    is ``"[" + ", ".join(one JSON object per problem) + "]"``, so each problem is encoded once;
    likewise the sorted column names that ``_row_sha256`` joins are the same in every row that
    has no extra cells.
    """

    def __init__(self, header: CanonicalHeader) -> None:
        self.header = header
        self.memo: dict[tuple[str, str, str], tuple[str, tuple[str, str, str], bool]] = {}
        keys = sorted(set(header.columns))
        unique = len(keys) == len(header.columns)
        # '"column":' for each column, in order: a row's data JSON is these and its values
        self.prefixes = [encode_basestring(c) + ":" for c in header.columns] if unique else None
        self.salt = header.salt
        self.keys = len(keys)
        self.values = itemgetter(*keys) if len(keys) > 1 else None
        self.head = "\x1f".join(keys) + "\x1e"
        self.tail = "\x1d" + header.salt if header.salt else ""
        # A row with one cell per column of a header of distinct names (nearly every row) is
        # encoded and hashed straight from its cells: no dictionary per row.
        self.width = len(header.columns) if unique and len(keys) > 1 else -1
        self.positions = (
            itemgetter(*(header.columns.index(k) for k in keys)) if self.width > 0 else None
        )

    def learn(
        self, p: Problem, key: tuple[str, str, str]
    ) -> tuple[str, tuple[str, str, str], bool]:
        """A problem first met: its JSON, its kind and whether it is a warning, kept under
        ``key`` (its field, message and severity) in ``memo``."""
        d = p.to_dict()
        column = self.header.column_of(p.field)
        if column is not None and column != p.field:
            d["column"] = column  # the file's own column name, for the user fixing the file
        kind = (p.severity, *problem_kind(p.field, p.message))
        known = self.memo[key] = (_PROBLEM_JSON(d), kind, p.severity == "warning")
        return known

    def cells_json(self, values: list[str]) -> str:
        """``data_json`` of a row with one cell per column (``fits``), from its cells."""
        assert self.prefixes is not None
        try:
            return "{" + ",".join(map(add, self.prefixes, map(encode_basestring, values))) + "}"
        except TypeError:  # a cell that is not text (no reader makes one)
            return _DATA_JSON(dict(zip(self.header.columns, values, strict=True)))

    def cells_sha256(self, values: list[str]) -> str:
        """``row_sha256`` of a row with one cell per column (``fits``), from its cells."""
        assert self.positions is not None
        blob = self.head + "\x1f".join(self.positions(values)) + self.tail
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def data_json(self, data: dict[str, str]) -> str:
        """``_DATA_JSON(data)``: the row's cells as a JSON object, in column order."""
        prefixes = self.prefixes
        if prefixes is not None and len(data) == len(prefixes):  # no extra cells
            try:
                return (
                    "{" + ",".join(map(add, prefixes, map(encode_basestring, data.values()))) + "}"
                )
            except TypeError:  # a cell that is not text (no reader makes one)
                pass
        return _DATA_JSON(data)

    def row_sha256(self, data: dict[str, str]) -> str:
        """``_row_sha256(data, header.salt)``."""
        if self.values is None or len(data) != self.keys:  # extra cells, or a single column
            return _row_sha256(data, self.salt)
        blob = self.head + "\x1f".join(self.values(data)) + self.tail
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class PreparedBatch:
    """A batch of rows validated and encoded (in the worker process, for large files): the
    parameter tuples of its inserts, ready to land as they are unless a row's record id was
    seen before in the file or is already stored (``import_victim_table`` sees to those).

    ``raws`` holds (import run, row number, line, data JSON, status, problems JSON) per row,
    status ``imported`` or ``rejected``; ``records`` holds a record's values in
    ``RECORD_FIELDS`` order, then record id, import run, row number and row hash, for each
    row that was not rejected, in row order; ``ids``, ``id_rows`` and ``id_at`` hold the
    record id, row number and index in ``raws`` of each row that has a record id.
    """

    raws: list[tuple[Any, ...]]
    records: list[tuple[Any, ...]]
    ids: list[str]
    id_rows: list[int]
    id_at: list[int]
    rejected: int = 0
    warnings: int = 0
    warned_rows: int = 0
    kinds: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str, str], str] = field(default_factory=dict)
    rejections: list[tuple[int, RowProblem]] = field(default_factory=list)
    """(index in ``raws``, problem) of the errors of rejected rows, at most the import's
    ``keep_rejections``."""
    updates: list[tuple[Any, ...]] = field(default_factory=list)
    """Records to overwrite (set while landing): ``records``' tuples followed by the id."""

    def to_bytes(self) -> bytes | None:
        """The batch in ``marshal`` form (a worker's batch crosses to this process twice as
        fast as pickled), or ``None`` if it holds anything marshal does not know."""
        try:
            return marshal.dumps(
                (
                    self.raws,
                    self.records,
                    self.ids,
                    self.id_rows,
                    self.id_at,
                    self.rejected,
                    self.warnings,
                    self.warned_rows,
                    list(self.kinds.items()),
                    list(self.examples.items()),
                    [
                        (i, (p.row, p.line, p.field, p.message, p.severity, p.column, p.where))
                        for i, p in self.rejections
                    ],
                )
            )
        except ValueError:  # a str subclass, say: let pickle carry it
            return None

    @classmethod
    def from_bytes(cls, data: bytes) -> PreparedBatch:
        raws, records, ids, id_rows, id_at, rejected, warnings, warned, kinds, examples, rej = (
            marshal.loads(data)
        )
        return cls(
            raws,
            records,
            ids,
            id_rows,
            id_at,
            rejected,
            warnings,
            warned,
            Counter(dict(kinds)),
            dict(examples),
            [(i, RowProblem(*p)) for i, p in rej],
        )


def prepare_batch(
    header: CanonicalHeader,
    rows: Iterable[tuple[int, int, list[str], str | None]],
    run_id: int,
    where: str = "line",
    keep_rejections: int = 10_000,
) -> PreparedBatch:
    """Validate and encode a batch of rows (source rows, or their fields as tuples); pure,
    so it can run in another process."""
    enc = _Encoder(header)
    batch = PreparedBatch([], [], [], [], [])
    raws, records, ids, id_rows, id_at = (
        batch.raws,
        batch.records,
        batch.ids,
        batch.id_rows,
        batch.id_at,
    )
    kinds, examples, rejections = batch.kinds, batch.examples, batch.rejections
    memo_get = enc.memo.get
    problem_keys: list[tuple[str, str, str]] = []
    seen = problem_keys.append
    for row_number, line_number, values, error in rows:
        if error is not None:
            problem = Problem("(row)", error)
            problems: list[Problem] = [problem]
            rid = None
            data_json = _UNREADABLE_JSON
            problems_json: str | None = _PROBLEM_JSON([problem.to_dict()])
            record = None
        else:
            rid, record, problems, rejected = check_row(values, header, row_number)
            fits = len(values) == enc.width
            data = None if fits else row_data(values, header.columns)
            data_json = enc.cells_json(values) if data is None else enc.data_json(data)
            problems_json = None  # made below, with the tally
            if rejected:
                record = None
        index = len(raws)
        if rid is not None:
            ids.append(rid)
            id_rows.append(row_number)
            id_at.append(index)
        if record is None:
            status = "rejected"
            batch.rejected += 1
            for p in problems:
                if p.severity == "error" and len(rejections) < keep_rejections:
                    problem_row = RowProblem(
                        row_number,
                        line_number,
                        p.field,
                        p.message,
                        "error",
                        header.column_of(p.field),
                        where,
                    )
                    rejections.append((index, problem_row))
        else:
            status = "imported"
            for at in _DATE_AT:
                day = record[at]
                if day is not None:
                    record[at] = day.isoformat()
            sha = enc.cells_sha256(values) if data is None else enc.row_sha256(data)
            record += (rid, run_id, row_number, sha)
            records.append(_insert_values(record))
        if problems:
            n_warn = 0
            parts = []
            for p in problems:
                key = (p.field, p.message, p.severity)
                known = memo_get(key) or enc.learn(p, key)
                parts.append(known[0])
                seen(key)
                n_warn += known[2]
            if error is None:
                problems_json = "[" + ", ".join(parts) + "]"
            batch.warnings += n_warn
            batch.warned_rows += record is not None and n_warn > 0
        raws.append((run_id, row_number, line_number, data_json, status, problems_json))
    # Problems by kind, counted once per distinct problem; a kind's example is its first
    # occurrence (keys are counted in the order they first occur).
    for problem_key, count in Counter(problem_keys).items():
        kind = enc.memo[problem_key][1]
        kinds[kind] += count
        if kind not in examples:
            examples[kind] = problem_key[1]
    return batch


def _batches(rows: Iterable[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _prepare_columns(
    header: CanonicalHeader,
    columns: list[tuple[Any, ...]],
    run_id: int,
    where: str,
    keep_rejections: int,
) -> bytes | PreparedBatch:
    """``prepare_batch`` in the worker process, for rows sent as four columns (row numbers,
    lines, values and errors: a named tuple per row pickles several times slower); the batch
    goes back in marshal form where it can."""
    batch = prepare_batch(header, zip(*columns, strict=True), run_id, where, keep_rejections)
    return batch.to_bytes() or batch


PARENT_CHECK_S = 0.5
"""How often a worker looks whether the import that started it is still alive."""


def _exit_with_parent(parent: int) -> None:
    """End this worker once its parent is gone: a killed import (kill -9, a lost terminal)
    leaves no process behind, reparented and holding memory, for ever."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent:
            os._exit(1)


def _start_worker(parent: int) -> None:
    """A worker process's start: a watch that ends the worker with ``parent`` (the import's
    process id, passed in: a parent killed while this worker was still starting is already
    gone, and ``os.getppid()`` would name init), the gazetteer loaded before the first batch,
    and everything loaded so far kept out of the garbage collector's passes."""
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(
        target=_exit_with_parent, args=(parent,), name="parent-watch", daemon=True
    ).start()
    gazetteer()
    gc.freeze()


def _received(result: bytes | PreparedBatch) -> PreparedBatch:
    return PreparedBatch.from_bytes(result) if isinstance(result, bytes) else result


WORKER_AHEAD = 2  # batches given to the worker process before it is done with the last
MAX_AHEAD = 6  # batches prepared but not yet landed, at most: memory stays flat on huge files


def _prepared(
    header: CanonicalHeader,
    rows: Iterable[SourceRow],
    parallel: bool,
    run_id: int,
    where: str,
    keep_rejections: int,
) -> Iterator[PreparedBatch]:
    """Prepared batches in file order. With ``parallel`` a worker process prepares batches
    ahead, and whenever the next one to land is not ready yet this process prepares one of
    the following batches itself instead of waiting: both cores work all along."""

    def prepare(chunk: list[SourceRow]) -> PreparedBatch:
        return prepare_batch(header, chunk, run_id, where, keep_rejections)

    def submit(chunk: list[SourceRow]) -> Future[bytes | PreparedBatch]:
        columns = list(zip(*chunk, strict=True))
        return pool.submit(_prepare_columns, header, columns, run_id, where, keep_rejections)

    chunks = _batches(rows, BATCH)
    if not parallel:
        for chunk in chunks:
            yield prepare(chunk)
        return
    with ProcessPoolExecutor(
        max_workers=1,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    ) as pool:
        queue: deque[Future[bytes | PreparedBatch] | PreparedBatch] = deque()  # in file order
        more = True
        while True:
            busy = sum(isinstance(q, Future) and not q.done() for q in queue)
            while more and busy < WORKER_AHEAD and len(queue) < MAX_AHEAD:
                following = next(chunks, None)
                if following is None:
                    more = False
                    break
                queue.append(submit(following))
                busy += 1
            if not queue:
                return
            head = queue[0]
            if isinstance(head, Future) and not head.done() and more and len(queue) < MAX_AHEAD:
                following = next(chunks, None)
                if following is None:
                    more = False
                else:
                    queue.append(prepare(following))
                continue
            queue.popleft()
            yield _received(head.result()) if isinstance(head, Future) else head


def import_canonical_csv(
    engine: Engine,
    path: Path,
    source: str,
    *,
    encoding: str = "utf-8",
    run_by: str | None = None,
    on_rows: Callable[[int], None] | None = None,
    keep_rejections: int = 10_000,
    parallel: bool | None = None,
    date_order: DateOrder | None = None,
    allow_duplicate_file: bool = False,
) -> ImportSummary:
    """Import a canonical victim-record CSV for ``source``; all or nothing.

    ``on_rows(n)`` is called as batches of rows land (for progress bars). At most
    ``keep_rejections`` row problems are returned (all of them are stored). ``parallel``
    (default: files over 4 MiB) prepares rows in a worker process. ``date_order`` is the
    source's day/month order for numeric dates such as 03/04/2016 (undeclared: ambiguous
    dates are rejected).
    """
    file = str(path)
    fd = digest(path)
    header_cells, rows = read_csv_rows(path, encoding)
    header = map_header(header_cells, file, date_order=date_order)
    settings = {"date_order": date_order} if date_order else None
    return import_victim_table(
        engine,
        path,
        source,
        Table(header_cells, rows),
        header,
        fd=fd,
        fmt="canonical-csv",
        encoding=encoding,
        settings=settings,
        run_by=run_by,
        on_rows=on_rows,
        keep_rejections=keep_rejections,
        parallel=parallel,
        allow_duplicate_file=allow_duplicate_file,
    )


def import_victim_table(
    engine: Engine,
    path: Path,
    source: str,
    table: Table,
    header: CanonicalHeader,
    *,
    fd: FileDigest,
    fmt: str,
    encoding: str,
    settings: dict[str, Any] | None,
    run_by: str | None = None,
    on_rows: Callable[[int], None] | None = None,
    keep_rejections: int = 10_000,
    parallel: bool | None = None,
    allow_duplicate_file: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Land the rows of one table of victim records for ``source`` in one transaction.

    ``settings`` (the mapping, sheet, date order …) is stored with the run; the same bytes read
    with the same settings for the same source are recognised and change nothing. The same
    bytes already imported for *another* source are refused (they would be counted twice)
    unless ``allow_duplicate_file``. ``on_progress(done, total)`` reports how far the reader
    has got (bytes of a text file, rows of a sheet) after each batch.
    """
    file = str(path)
    rows = table.rows
    user = run_by or current_user()
    use_pool = fd.size >= PARALLEL_MIN_BYTES if parallel is None else parallel
    n = {"read": 0, "imported": 0, "updated": 0, "unchanged": 0, "rejected": 0, "dup": 0}
    rejections: list[RowProblem] = []
    warnings = 0
    warned_rows = 0
    tally = ProblemTally()

    with engine.begin() as conn:
        source_id = db.get_or_create_source(conn, source)
        previous = same_import(conn, source_id, fd.sha256, settings)
        if previous is not None:
            return ImportSummary(
                source, file, fd.sha256, None, db.RunCounts(), already_imported=previous
            )
        if not allow_duplicate_file:
            refuse_file_of_another_source(conn, source_id, fd.sha256, file)
        existing = db.existing_records(conn, source_id)
        run_id = db.start_run(
            conn,
            source_id=source_id,
            file_name=path.name,
            file_sha256=fd.sha256,
            file_size=fd.size,
            format=fmt,
            encoding=encoding,
            mapping=settings,
            run_by=user,
        )
        first_seen: dict[str, int] = {}
        updated_ids: list[str] = []
        columns = (*RECORD_FIELDS, "source_record_id", "import_run_id", "row_number", "row_sha256")

        with _gc_paused(), db.search_indexes_deferred(conn, defer=_bulk_load(conn, fd.size)):
            batches = _prepared(header, rows, use_pool, run_id, table.where, keep_rejections)
            for batch in batches:
                ids = batch.ids
                # A rejected row still claims its id: a later duplicate is flagged too.
                if first_seen.keys().isdisjoint(ids) and len(set(ids)) == len(ids):
                    first_seen.update(zip(ids, batch.id_rows, strict=True))
                    again = []
                else:
                    seen = first_seen.setdefault
                    rows_ids = zip(ids, batch.id_rows, batch.id_at, strict=True)
                    again = [i for rid, number, i in rows_ids if seen(rid, number) != number]
                if again or not existing.keys().isdisjoint(ids):
                    _rows_seen_before(
                        batch,
                        set(again),
                        existing,
                        first_seen,
                        n,
                        tally,
                        updated_ids,
                        header.column_of("record_id"),
                        table.where,
                    )
                else:  # the usual case: every row new, its tuples land as the worker made them
                    n["rejected"] += batch.rejected
                    n["imported"] += len(batch.records)
                n["read"] += len(batch.raws)
                warnings += batch.warnings
                warned_rows += batch.warned_rows
                tally.merge(batch.kinds, batch.examples)
                for _, problem in batch.rejections:
                    if len(rejections) >= keep_rejections:
                        break
                    rejections.append(problem)
                db.insert_raw_row_tuples(conn, batch.raws)
                db.insert_record_tuples(conn, source_id, columns, batch.records)
                db.update_record_tuples(conn, columns, batch.updates)
                if on_rows is not None:
                    on_rows(len(batch.raws))
                if on_progress is not None and table.position is not None:
                    on_progress(table.position.done, table.position.total)

        final = finish_import_run(
            conn,
            run_id,
            n,
            actor=user,
            source=source,
            file_name=path.name,
            fmt=fmt,
            sha256=fd.sha256,
            extra={"updated_record_ids": updated_ids[:10_000]},
        )
    refresh_statistics(engine, final.imported + final.updated)
    return ImportSummary(
        source,
        file,
        fd.sha256,
        run_id,
        final,
        None,
        rejections,
        warnings,
        problem_kinds=tally.kinds(),
        warned_rows=warned_rows,
    )


def _decoded_problems(problems_json: str | None) -> list[Problem]:
    """The problems of a row back from its stored JSON (without the file's column names)."""
    if problems_json is None:
        return []
    return [Problem(d["field"], d["message"], d["severity"]) for d in json.loads(problems_json)]


def _rows_seen_before(
    batch: PreparedBatch,
    again: set[int],
    existing: Mapping[str, db.ExistingRecord],
    first_seen: Mapping[str, int],
    n: dict[str, int],
    tally: ProblemTally,
    updated_ids: list[str],
    column: str | None,
    where: str,
) -> None:
    """Rewrite a batch some of whose rows repeat the record id of an earlier row of the file
    (rejected as duplicates) or of a record already stored for the source (updated, or left
    alone when unchanged); the counts of ``n`` and the batch's own are brought up to date.

    ``again`` holds the indexes of rows whose record id an earlier row claimed.
    """
    rid_of = dict(zip(batch.id_at, batch.ids, strict=True))
    raws: list[tuple[Any, ...]] = []
    news: list[tuple[Any, ...]] = []
    duplicates: list[tuple[int, RowProblem]] = []
    records = iter(batch.records)
    for i, raw in enumerate(batch.raws):
        if raw[4] == "rejected":
            n["rejected"] += 1
            raws.append(raw)
            continue
        record = next(records)
        rid = rid_of[i]
        number, line, problems_json = raw[1], raw[2], raw[5]
        if i in again:
            message = f"duplicate record_id: first used at row {first_seen[rid]}"
            duplicate = Problem("record_id", message)
            problems = [*_decoded_problems(problems_json), duplicate]
            n["dup"] += 1
            n["rejected"] += 1
            tally.add([duplicate])
            if any(p.severity == "warning" for p in problems):
                batch.warned_rows -= 1  # a rejected row is no warned row
            row_problem = RowProblem(number, line, "record_id", message, "error", column, where)
            duplicates.append((i, row_problem))
            raws.append((*raw[:4], "rejected", _problems_json(problems)))
            continue
        prior = existing.get(rid)
        if prior is None:
            n["imported"] += 1
            news.append(record)
            raws.append(raw)
        elif prior.row_sha256 == record[-1]:
            n["unchanged"] += 1
            raws.append((*raw[:4], "unchanged", problems_json))
        else:
            n["updated"] += 1
            batch.updates.append((*record, prior.id))
            updated_ids.append(rid)
            raws.append((*raw[:4], "updated", problems_json))
    batch.raws = raws
    batch.records = news
    if duplicates:
        batch.rejections = sorted([*batch.rejections, *duplicates], key=itemgetter(0))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No garbage collection while rows land: the rows make no reference cycles, and with a
    million short-lived lists and tuples its passes cost seconds (the reading alone: 6.7 s
    against 3.1 s per million rows). Whatever was on before is on again after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def refuse_file_of_another_source(conn: Connection, source_id: int, sha256: str, file: str) -> None:
    """Refuse bytes already imported under another source: the same list under two names would
    count every person twice (and look like perfect overlap to an estimate)."""
    earlier = db.runs_with_hash_elsewhere(conn, source_id, sha256)
    if earlier:
        run_id, name = earlier[0]
        raise InputError(
            f"this file (sha256 {sha256[:12]}…) was already imported for source {name!r} "
            f"(run {run_id}); importing it for another source would count its people twice. "
            "Pass --allow-duplicate-file if it really is another source's list",
            file=file,
        )


BULK_LOAD_MIN_BYTES = 16 << 20
"""Files from this size (about 100,000 rows of ~150 bytes) may be loaded with the search
indexes deferred."""


def _bulk_load(conn: Connection, file_size: int) -> bool:
    """Whether to build the search indexes after the load rather than maintain them row by row:
    on SQLite (a single writer: no reader is kept waiting for the indexes), for a file that
    adds at least a quarter of the records already stored (rebuilding costs the whole table)."""
    if conn.dialect.name != "sqlite" or file_size < BULK_LOAD_MIN_BYTES:
        return False
    stored = conn.execute(select(func.max(VictimRecord.id))).scalar() or 0
    return file_size // 150 >= stored // 4  # ~150 bytes per row of a victim list


def refresh_statistics(engine: Engine, changed: int) -> None:
    """After a large change to victim records, VACUUM and ANALYZE them on PostgreSQL.

    Why: the planner's statistics decide whether a search reads a page from an index or sorts
    every match, and the visibility map lets searches answer from the covering indexes without
    reading the table. Autovacuum does both eventually (if it is on); searches right after a
    big import should not wait for it. Small changes do not shift statistics enough to matter.
    """
    if engine.dialect.name != "postgresql" or changed < STATISTICS_MIN_ROWS:
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE) victim_records"))


def finish_import_run(
    conn: Connection,
    run_id: int,
    n: Mapping[str, int],
    *,
    actor: str,
    source: str,
    file_name: str,
    fmt: str,
    sha256: str,
    extra: dict[str, object],
) -> db.RunCounts:
    """Close an import run with its counts and record the audit event (victims and incidents)."""
    final = db.RunCounts(
        read=n["read"],
        imported=n["imported"],
        updated=n["updated"],
        unchanged=n["unchanged"],
        rejected=n["rejected"],
        duplicate=n["dup"],
    )
    landed = final.imported + final.updated + final.unchanged
    db.finish_run(conn, run_id, final, "complete" if landed else "nothing_imported")
    db.add_audit_event(
        conn,
        actor=actor,
        action="import",
        entity="import_run",
        entity_id=str(run_id),
        detail={
            "source": source,
            "file": file_name,
            "format": fmt,
            "sha256": sha256,
            "read": final.read,
            "imported": final.imported,
            "updated": final.updated,
            "unchanged": final.unchanged,
            "rejected": final.rejected,
            **extra,
        },
    )
    return final


def same_import(
    conn: Connection, source_id: int, sha256: str, settings: dict[str, Any] | None
) -> int | None:
    """The run that already imported these bytes for this source with these settings."""
    previous = db.previous_run_with_hash(conn, source_id, sha256)
    if previous is None:
        return None
    stored = conn.execute(
        text("SELECT mapping FROM import_runs WHERE id = :id"), {"id": previous.id}
    ).scalar_one()
    if isinstance(stored, str):  # some drivers hand JSON back as text
        stored = json.loads(stored)
    return previous.id if (stored or None) == (settings or None) else None
