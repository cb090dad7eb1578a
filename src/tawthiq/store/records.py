"""Reads and writes of sources, import runs, raw rows, victim records and audit events.

Functions take an open ``Connection`` so that the caller decides the transaction: an import
calls several of them inside one ``engine.begin()`` block and lands whole or not at all.
Bulk writes use Core ``executemany`` (not ORM objects) so that a million rows stay fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update

from tawthiq.store.schema import AuditEvent, ImportRun, Person, RawRow, Source, VictimRecord

__all__ = [
    "RECORD_COLUMNS",
    "ExistingRecord",
    "RunCounts",
    "SourceSummary",
    "add_audit_event",
    "existing_records",
    "finish_run",
    "get_or_create_source",
    "insert_raw_row_tuples",
    "insert_record_tuples",
    "iter_problem_rows",
    "iter_records",
    "iter_rejected_rows",
    "previous_run_with_hash",
    "recent_runs",
    "run_info",
    "runs_with_hash_elsewhere",
    "source_summaries",
    "start_run",
    "update_record_tuples",
]

# Columns of victim_records that an importer fills (everything but keys and bookkeeping).
RECORD_COLUMNS: tuple[str, ...] = tuple(
    c.name
    for c in VictimRecord.__table__.columns
    if c.name not in {"id", "source_id", "created_at", "updated_at", "incident_id", "sensitivity"}
)


def now() -> datetime:
    return datetime.now(UTC)


def get_or_create_source(conn: Connection, name: str) -> int:
    found = conn.execute(select(Source.id).where(Source.name == name)).scalar_one_or_none()
    if found is not None:
        return int(found)
    result = conn.execute(insert(Source).values(name=name, created_at=now()))
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


@dataclass(frozen=True)
class PreviousRun:
    id: int
    finished_at: datetime | None


def previous_run_with_hash(conn: Connection, source_id: int, sha256: str) -> PreviousRun | None:
    """The last finished import of the same bytes for the same source, if any."""
    row = conn.execute(
        select(ImportRun.id, ImportRun.finished_at)
        .where(
            ImportRun.source_id == source_id,
            ImportRun.file_sha256 == sha256,
            ImportRun.finished_at.is_not(None),
        )
        .order_by(ImportRun.id.desc())
        .limit(1)
    ).first()
    return None if row is None else PreviousRun(int(row[0]), row[1])


def runs_with_hash_elsewhere(
    conn: Connection, source_id: int, sha256: str
) -> list[tuple[int, str]]:
    """Finished imports of the same bytes for other sources: (run id, source name), oldest
    first, leaving out runs that landed nothing."""
    rows = conn.execute(
        select(ImportRun.id, Source.name)
        .join(Source, Source.id == ImportRun.source_id)
        .where(
            ImportRun.source_id != source_id,
            ImportRun.file_sha256 == sha256,
            ImportRun.finished_at.is_not(None),
            ImportRun.status != "nothing_imported",
        )
        .order_by(ImportRun.id)
    )
    return [(int(run_id), str(name)) for run_id, name in rows]


def iter_problem_rows(conn: Connection, run_id: int) -> Iterator[dict[str, Any]]:
    """Raw rows of a run that have problems: ``row_number``, ``line_number``, ``status``,
    ``problems`` (in row order)."""
    t = RawRow.__table__.c
    stmt = (
        select(t.row_number, t.line_number, t.status, t.problems)
        .where(t.import_run_id == run_id, t.problems.is_not(None))
        .order_by(t.row_number)
        .execution_options(yield_per=10_000)
    )
    for row in conn.execute(stmt):
        if row.problems:  # a JSON null (ORM writes on PostgreSQL) is no problem either
            yield dict(row._mapping)


def run_info(conn: Connection, run_id: int) -> dict[str, Any] | None:
    """One import run with its source name, or ``None``."""
    row = conn.execute(
        select(
            ImportRun.id,
            ImportRun.file_name,
            ImportRun.format,
            ImportRun.mapping,
            ImportRun.started_at,
            Source.name.label("source"),
        )
        .join(Source, Source.id == ImportRun.source_id)
        .where(ImportRun.id == run_id)
    ).first()
    return None if row is None else dict(row._mapping)


@dataclass(frozen=True)
class ExistingRecord:
    id: int
    row_sha256: str


def existing_records(conn: Connection, source_id: int) -> dict[str, ExistingRecord]:
    rows = conn.execute(
        select(VictimRecord.source_record_id, VictimRecord.id, VictimRecord.row_sha256).where(
            VictimRecord.source_id == source_id
        )
    )
    return {rid: ExistingRecord(int(pk), sha) for rid, pk, sha in rows}


def start_run(conn: Connection, **fields: Any) -> int:
    result = conn.execute(insert(ImportRun).values(started_at=now(), status="running", **fields))
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


@dataclass(frozen=True)
class RunCounts:
    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicate: int = 0


def finish_run(conn: Connection, run_id: int, counts: RunCounts, status: str) -> None:
    conn.execute(
        update(ImportRun)
        .where(ImportRun.id == run_id)
        .values(
            finished_at=now(),
            status=status,
            rows_read=counts.read,
            rows_imported=counts.imported,
            rows_updated=counts.updated,
            rows_unchanged=counts.unchanged,
            rows_rejected=counts.rejected,
            rows_duplicate=counts.duplicate,
        )
    )


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _timestamp_param(conn: Connection, ts: datetime) -> Any:
    proc = VictimRecord.__table__.c.created_at.type.bind_processor(conn.dialect)
    value = proc(ts) if proc is not None else ts
    if conn.dialect.name == "sqlite" and isinstance(value, datetime):
        # What the sqlite3 module's default adapter stores, made once rather than per row.
        return value.isoformat(" ")
    return value


def insert_raw_row_tuples(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Raw rows as tuples (import_run_id, row_number, line_number, data JSON, status,
    problems JSON or None): the fast path for large imports."""
    if not rows:
        return
    ph = _placeholder(conn)
    conn.exec_driver_sql(
        "INSERT INTO raw_rows (import_run_id, row_number, line_number, data, status, problems) "
        f"VALUES ({', '.join([ph] * 6)})",
        list(rows),
    )


@contextmanager
def search_indexes_deferred(conn: Connection, *, defer: bool) -> Iterator[None]:
    """Drop victim_records' search indexes for a bulk load and build them again at the end.

    Seven covering indexes (migration 0007) make every inserted row seven B-tree inserts in
    random order; building them once from the loaded table is several times cheaper (1M rows:
    about 20 s to build against about 90 s to maintain). DDL is transactional on both backends,
    so a failed import rolls back to the indexes it started with. Unique constraints stay.
    """
    if not defer:
        yield
        return
    _transaction_open(conn)
    table: Table = VictimRecord.__table__  # type: ignore[assignment]
    indexes = sorted(table.indexes, key=lambda ix: str(ix.name))
    for ix in indexes:
        ix.drop(conn)
    yield
    with _sorting_in_parallel(conn):
        for ix in indexes:
            ix.create(conn)


def _transaction_open(conn: Connection) -> None:
    """Open the database transaction now if nothing has yet (SQLite).

    Python's sqlite3 driver begins a transaction only before an INSERT, UPDATE or DELETE: a
    DROP INDEX run first would be committed on the spot, and a failed import would leave the
    store without its search indexes. An import writes its run before the indexes go, but
    this function should not depend on its caller having written something.
    """
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL's driver begins the transaction with the first statement
    if not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN")


SORT_THREADS = 2
"""Helper threads SQLite may use to sort while it builds an index (``PRAGMA threads``)."""
SORT_MEMORY_KIB = 8192
"""The memory each sort fills before it hands a sorted run to a helper thread: SQLite sizes
it by ``cache_size``. With the table in memory, one sort of a million index entries would run
on one core; in runs of 8 MiB the helper threads sort and merge while the table is read (1M
rows, 12 indexes: about 16 s instead of 23 s when a second core is free)."""


@contextmanager
def _sorting_in_parallel(conn: Connection) -> Iterator[None]:
    """SQLite only: sort in helper threads while indexes are built, then the settings before."""
    if conn.dialect.name != "sqlite":
        yield
        return
    threads = conn.exec_driver_sql("PRAGMA threads").scalar()
    cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA threads = {min(SORT_THREADS, os.cpu_count() or 1)}")
    conn.exec_driver_sql(f"PRAGMA cache_size = -{SORT_MEMORY_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache or -2000)}")
        conn.exec_driver_sql(f"PRAGMA threads = {int(threads or 0)}")


def insert_record_tuples(
    conn: Connection, source_id: int, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """New victim records given as tuples in ``columns`` order (dates as ISO text)."""
    if not rows:
        return
    ts = _timestamp_param(conn, now())
    names = [*columns, "source_id", "created_at", "updated_at"]
    ph = _placeholder(conn)
    if conn.dialect.name == "sqlite" and isinstance(ts, str) and "'" not in ts:
        # The values all rows share go in the statement, so the tuples go to the driver as
        # they are (a million rows: no million tuples copied to append three values).
        shared = f"{int(source_id)}, '{ts}', '{ts}'"
        conn.exec_driver_sql(
            f"INSERT INTO victim_records ({', '.join(names)}) "
            f"VALUES ({', '.join([ph] * len(columns))}, {shared})",
            rows if isinstance(rows, list) else list(rows),
        )
        return
    tail = (source_id, ts, ts)
    conn.exec_driver_sql(
        f"INSERT INTO victim_records ({', '.join(names)}) VALUES ({', '.join([ph] * len(names))})",
        [row + tail for row in rows],
    )


def update_record_tuples(
    conn: Connection, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Overwrite records: each tuple is the values in ``columns`` order, then the record id."""
    if not rows:
        return
    ts = _timestamp_param(conn, now())
    ph = _placeholder(conn)
    sets = ", ".join(f"{c} = {ph}" for c in (*columns, "updated_at"))
    conn.exec_driver_sql(
        f"UPDATE victim_records SET {sets} WHERE id = {ph}",
        [(*row[:-1], ts, row[-1]) for row in rows],
    )


def add_audit_event(
    conn: Connection,
    *,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    detail: dict[str, object] | None = None,
) -> None:
    conn.execute(
        insert(AuditEvent).values(
            at=now(), actor=actor, action=action, entity=entity, entity_id=entity_id, detail=detail
        )
    )


@dataclass(frozen=True)
class SourceSummary:
    name: str
    records: int
    runs: int
    persons: int


def source_summaries(conn: Connection) -> list[SourceSummary]:
    rec = (
        select(VictimRecord.source_id, func.count().label("n"))
        .group_by(VictimRecord.source_id)
        .subquery()
    )
    runs = (
        select(ImportRun.source_id, func.count().label("n"))
        .group_by(ImportRun.source_id)
        .subquery()
    )
    rows = conn.execute(
        select(Source.name, func.coalesce(rec.c.n, 0), func.coalesce(runs.c.n, 0))
        .outerjoin(rec, rec.c.source_id == Source.id)
        .outerjoin(runs, runs.c.source_id == Source.id)
        .order_by(Source.name)
    ).all()
    persons = conn.execute(select(func.count()).select_from(Person)).scalar_one()
    return [SourceSummary(str(n), int(r), int(u), int(persons)) for n, r, u in rows]


def recent_runs(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    t = ImportRun.__table__.c
    rows = conn.execute(
        select(
            t.id.label("run"),
            Source.name.label("source"),
            t.file_name.label("file"),
            t.file_sha256.label("sha256"),
            t.status,
            t.started_at,
            t.rows_read.label("read"),
            t.rows_imported.label("imported"),
            t.rows_updated.label("updated"),
            t.rows_unchanged.label("unchanged"),
            t.rows_rejected.label("rejected"),
        )
        .join(Source, Source.id == t.source_id)
        .order_by(t.id.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


def iter_records(conn: Connection, batch: int = 10_000) -> Iterator[dict[str, Any]]:
    """Every victim record with its source name, ordered by source and record id."""
    t = VictimRecord.__table__
    stmt = (
        select(Source.name.label("source"), *t.columns)
        .join(Source, Source.id == t.c.source_id)
        .order_by(Source.name, t.c.id)
        .execution_options(yield_per=batch)
    )
    for row in conn.execute(stmt):
        yield dict(row._mapping)


def iter_rejected_rows(conn: Connection, run_id: int) -> Iterator[dict[str, Any]]:
    """Rejected raw rows of a run: ``row_number``, ``line_number``, ``data``, ``problems``."""
    t = RawRow.__table__.c
    stmt = (
        select(t.row_number, t.line_number, t.data, t.problems)
        .where(t.import_run_id == run_id, t.status == "rejected")
        .order_by(t.row_number)
    )
    for row in conn.execute(stmt):
        yield dict(row._mapping)
