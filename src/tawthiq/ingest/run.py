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
from collections import deque
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

from tawthiq.ingest._csvfile import FileDigest, SourceRow, digest, read_csv_rows
from tawthiq.ingest._problems import Problem
from tawthiq.ingest._readers import Table
from tawthiq.ingest.canonical import CanonicalHeader, map_header, validate_row
from tawthiq.normalize import DateOrder
from tawthiq.store import records as db
from tawthiq.store.schema import VictimRecord

__all__ = [
    "ImportSummary",
    "RowProblem",
    "current_user",
    "import_canonical_csv",
    "import_victim_table",
    "refresh_statistics",
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


def _problems_json(problems: list[Problem]) -> str | None:
    if not problems:
        return None
    return json.dumps([p.to_dict() for p in problems], ensure_ascii=False)


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
        result = validate_row(src.values, header)
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
                _problems_json(result.problems),
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
) -> ImportSummary:
    """Land the rows of one table of victim records for ``source`` in one transaction.

    ``settings`` (the mapping, sheet, date order …) is stored with the run; the same bytes read
    with the same settings for the same source are recognised and change nothing.
    """
    file = str(path)
    rows = table.rows
    user = run_by or current_user()
    use_pool = fd.size >= PARALLEL_MIN_BYTES if parallel is None else parallel
    n = {"read": 0, "imported": 0, "updated": 0, "unchanged": 0, "rejected": 0, "dup": 0}
    rejections: list[RowProblem] = []
    warnings = 0

    with engine.begin() as conn:
        source_id = db.get_or_create_source(conn, source)
        previous = same_import(conn, source_id, fd.sha256, settings)
        if previous is not None:
            return ImportSummary(
                source, file, fd.sha256, None, db.RunCounts(), already_imported=previous
            )
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
                    warnings += sum(p.severity == "warning" for p in problems)
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
    return ImportSummary(source, file, fd.sha256, run_id, final, None, rejections, warnings)


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
