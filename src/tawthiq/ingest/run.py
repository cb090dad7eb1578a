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

import getpass
import hashlib
import json
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from multiprocessing import get_context
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text

from tawthiq.errors import InputError
from tawthiq.ingest._csvfile import FileDigest, SourceRow, digest, read_csv_rows
from tawthiq.ingest._problems import Problem
from tawthiq.ingest._readers import Table
from tawthiq.ingest.canonical import CanonicalHeader, map_header, validate_row
from tawthiq.normalize import DateOrder
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
_DATE_FIELDS = tuple(
    i for i, c in enumerate(RECORD_FIELDS) if c in {"date_earliest", "date_latest"}
)
_record_values = itemgetter(*RECORD_FIELDS)


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


@dataclass(frozen=True, slots=True)
class PreparedRow:
    """A validated row ready to land: values in ``RECORD_FIELDS`` order (None if rejected)."""

    row_number: int
    line_number: int
    record_id: str | None
    values: tuple[Any, ...] | None
    sha256: str | None
    data_json: str
    problems: list[Problem]
    problems_json: str | None = None


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


def prepare_rows(header: CanonicalHeader, rows: list[SourceRow]) -> list[PreparedRow]:
    """Validate and encode a batch of rows; pure, so it can run in another process."""
    out = []
    for src in rows:
        if src.error is not None:
            out.append(
                PreparedRow(
                    src.row_number,
                    src.line_number,
                    None,
                    None,
                    None,
                    json.dumps({"_unreadable": True}),
                    [Problem("(row)", src.error)],
                    _problems_json([Problem("(row)", src.error)]),
                )
            )
            continue
        result = validate_row(src.values, header, src.row_number)
        values: tuple[Any, ...] | None = None
        sha = None
        if result.record is not None:
            vals = list(_record_values(result.record))
            for i in _DATE_FIELDS:
                if isinstance(vals[i], date):
                    vals[i] = vals[i].isoformat()
            values = tuple(vals)
            sha = _row_sha256(result.data, header.salt)
        out.append(
            PreparedRow(
                src.row_number,
                src.line_number,
                result.record_id,
                values,
                sha,
                json.dumps(result.data, ensure_ascii=False, separators=(",", ":")),
                result.problems,
                _problems_json(result.problems, header),
            )
        )
    return out


def _batches(rows: Iterable[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _prepared(
    header: CanonicalHeader, rows: Iterable[SourceRow], parallel: bool
) -> Iterator[list[PreparedRow]]:
    """Prepared batches in file order; with ``parallel``, one worker process runs ahead."""
    if not parallel:
        for chunk in _batches(rows, BATCH):
            yield prepare_rows(header, chunk)
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        pending: deque[Future[list[PreparedRow]]] = deque()
        for chunk in _batches(rows, BATCH):
            pending.append(pool.submit(prepare_rows, header, chunk))
            if len(pending) >= 3:  # bounded read-ahead keeps memory flat on huge files
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


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
        record_columns = (*RECORD_FIELDS, "source_record_id", "import_run_id", "row_number")

        with db.search_indexes_deferred(conn, defer=_bulk_load(conn, fd.size)):
            for batch in _prepared(header, rows, use_pool):
                raws: list[tuple[Any, ...]] = []
                news: list[tuple[Any, ...]] = []
                upds: list[tuple[Any, ...]] = []
                for row in batch:
                    n["read"] += 1
                    rid, problems, problems_json = row.record_id, row.problems, row.problems_json
                    if rid is not None:
                        first = first_seen.get(rid)
                        if first is None:
                            # A rejected row still claims its id: a later duplicate is flagged too.
                            first_seen[rid] = row.row_number
                        elif row.values is not None:
                            duplicate = f"duplicate record_id: first used at row {first}"
                            problems = [*problems, Problem("record_id", duplicate)]
                            problems_json = _problems_json(problems)
                            n["dup"] += 1
                            row = PreparedRow(
                                row.row_number,
                                row.line_number,
                                rid,
                                None,
                                None,
                                row.data_json,
                                problems,
                            )
                    if row.values is None:
                        status = "rejected"
                        n["rejected"] += 1
                        for p in problems:
                            if p.severity == "error" and len(rejections) < keep_rejections:
                                rejections.append(
                                    RowProblem(
                                        row.row_number,
                                        row.line_number,
                                        p.field,
                                        p.message,
                                        "error",
                                        header.column_of(p.field),
                                        table.where,
                                    )
                                )
                    else:
                        assert rid is not None
                        prior = existing.get(rid)
                        values = (*row.values, rid, run_id, row.row_number)
                        if prior is None:
                            status = "imported"
                            n["imported"] += 1
                            news.append((*values, row.sha256))
                        elif prior.row_sha256 == row.sha256:
                            status = "unchanged"
                            n["unchanged"] += 1
                        else:
                            status = "updated"
                            n["updated"] += 1
                            upds.append((*values, row.sha256, prior.id))
                            updated_ids.append(rid)
                    if problems:
                        tally.add(problems)
                        n_warn = sum(p.severity == "warning" for p in problems)
                        warnings += n_warn
                        warned_rows += row.values is not None and n_warn > 0
                    raws.append(
                        (
                            run_id,
                            row.row_number,
                            row.line_number,
                            row.data_json,
                            status,
                            problems_json,
                        )
                    )
                db.insert_raw_row_tuples(conn, raws)
                db.insert_record_tuples(conn, source_id, (*record_columns, "row_sha256"), news)
                db.update_record_tuples(conn, (*record_columns, "row_sha256"), upds)
                if on_rows is not None:
                    on_rows(len(batch))
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
