"""Reads and writes of evidence items, custody events, log entries and checkpoints.

The log tables are append-only (database triggers refuse UPDATE and DELETE); these functions
only ever insert into them. Rows come back as plain dicts or tuples: ``tawthiq.evidence`` turns
them into log entries and never sees the table classes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from tawthiq.store.schema import (
    AuditEvent,
    CustodyEvent,
    EvidenceItem,
    Incident,
    LogCheckpoint,
    LogEntry,
)

__all__ = [
    "LOGGED_TABLES",
    "add_custody_event",
    "add_evidence_item",
    "custody_ids",
    "evidence_item_by_sha256",
    "incident_exists",
    "insert_checkpoint",
    "insert_log_entries",
    "items_for_incident",
    "iter_checkpoints",
    "iter_evidence_items",
    "iter_log_entries",
    "latest_checkpoint",
    "log_entries_for",
    "log_size",
    "logged_ids",
    "rows_after",
    "rows_by_id",
]

# kind of log entry -> the table whose rows it records
LOGGED_TABLES = {
    "audit": AuditEvent.__table__,
    "evidence": EvidenceItem.__table__,
    "custody": CustodyEvent.__table__,
}


def now() -> datetime:
    return datetime.now(UTC)


def add_evidence_item(conn: Connection, **values: Any) -> int:
    result = conn.execute(insert(EvidenceItem).values(**values))
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def evidence_item_by_sha256(conn: Connection, sha256: str) -> dict[str, Any] | None:
    table = EvidenceItem.__table__
    row = conn.execute(select(table).where(table.c.sha256 == sha256)).first()
    return None if row is None else dict(row._mapping)


def iter_evidence_items(conn: Connection) -> Iterator[dict[str, Any]]:
    for row in conn.execute(select(EvidenceItem.__table__).order_by(EvidenceItem.id)):
        yield dict(row._mapping)


def add_custody_event(
    conn: Connection,
    *,
    item_id: int,
    action: str,
    actor: str | None,
    detail: dict[str, object] | None = None,
) -> int:
    result = conn.execute(
        insert(CustodyEvent).values(
            item_id=item_id, action=action, actor=actor, at=now(), detail=detail
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def rows_after(conn: Connection, kind: str, after_id: int) -> Iterator[dict[str, Any]]:
    """Rows of the table behind ``kind`` with an id above ``after_id``, in id order."""
    table = LOGGED_TABLES[kind]
    query = select(table).where(table.c.id > after_id).order_by(table.c.id)
    for row in conn.execute(query):
        yield dict(row._mapping)


def rows_by_id(conn: Connection, kind: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    table = LOGGED_TABLES[kind]
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 5_000):
        chunk = list(ids[start : start + 5_000])
        for row in conn.execute(select(table).where(table.c.id.in_(chunk))):
            found[int(row.id)] = dict(row._mapping)
    return found


def log_size(conn: Connection) -> int:
    """One past the highest index (the next index to append), so gaps never reuse an index."""
    top = conn.execute(select(func.max(LogEntry.idx))).scalar()
    return 0 if top is None else int(top) + 1


def logged_ids(conn: Connection, kind: str) -> int:
    """The highest ``ref_id`` logged for ``kind`` (0 when none)."""
    top = conn.execute(select(func.max(LogEntry.ref_id)).where(LogEntry.kind == kind)).scalar()
    return int(top or 0)


def insert_log_entries(
    conn: Connection, rows: Sequence[tuple[int, str, int, bytes, bytes]]
) -> None:
    """Append (idx, kind, ref_id, entry, leaf_hash) rows in one executemany."""
    if not rows:
        return
    at = now()
    conn.execute(
        insert(LogEntry),
        [
            {"idx": i, "kind": k, "ref_id": r, "entry": e, "leaf_hash": h, "logged_at": at}
            for i, k, r, e, h in rows
        ],
    )


def iter_log_entries(
    conn: Connection, start: int = 0, stop: int | None = None
) -> Iterator[tuple[int, str, int, bytes, bytes]]:
    """(idx, kind, ref_id, entry, leaf_hash) in index order."""
    query = select(
        LogEntry.idx, LogEntry.kind, LogEntry.ref_id, LogEntry.entry, LogEntry.leaf_hash
    ).where(LogEntry.idx >= start)
    if stop is not None:
        query = query.where(LogEntry.idx < stop)
    for row in conn.execute(query.order_by(LogEntry.idx)).yield_per(10_000):
        yield int(row[0]), str(row[1]), int(row[2]), bytes(row[3]), bytes(row[4])


def insert_checkpoint(conn: Connection, size: int, root_hash: bytes, note: str) -> None:
    conn.execute(
        insert(LogCheckpoint).values(size=size, root_hash=root_hash, note=note, created_at=now())
    )


def latest_checkpoint(conn: Connection) -> tuple[int, bytes, str] | None:
    row = conn.execute(
        select(LogCheckpoint.size, LogCheckpoint.root_hash, LogCheckpoint.note)
        .order_by(LogCheckpoint.size.desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row[0]), bytes(row[1]), str(row[2]))


def iter_checkpoints(conn: Connection) -> Iterator[tuple[int, bytes, str]]:
    query = select(LogCheckpoint.size, LogCheckpoint.root_hash, LogCheckpoint.note)
    for row in conn.execute(query.order_by(LogCheckpoint.size)):
        yield int(row[0]), bytes(row[1]), str(row[2])


def custody_ids(conn: Connection, item_id: int) -> list[int]:
    query = select(CustodyEvent.id).where(CustodyEvent.item_id == item_id)
    return [int(i) for i in conn.execute(query.order_by(CustodyEvent.id)).scalars()]


def items_for_incident(conn: Connection, incident_id: int) -> list[int]:
    """Items added with this incident or linked to it later (custody action ``linked``)."""
    direct = select(EvidenceItem.id).where(EvidenceItem.incident_id == incident_id)
    ids = {int(i) for i in conn.execute(direct).scalars()}
    linked = select(CustodyEvent.item_id, CustodyEvent.detail).where(
        CustodyEvent.action == "linked"
    )
    for item_id, detail in conn.execute(linked):
        if isinstance(detail, dict) and detail.get("incident_id") == incident_id:
            ids.add(int(item_id))
    return sorted(ids)


def log_entries_for(
    conn: Connection, kind: str, ref_ids: Sequence[int]
) -> list[tuple[int, str, int, bytes, bytes]]:
    """(idx, kind, ref_id, entry, leaf_hash) of the entries recording these rows."""
    query = select(
        LogEntry.idx, LogEntry.kind, LogEntry.ref_id, LogEntry.entry, LogEntry.leaf_hash
    ).where(LogEntry.kind == kind, LogEntry.ref_id.in_(list(ref_ids)))
    return [
        (int(r[0]), str(r[1]), int(r[2]), bytes(r[3]), bytes(r[4]))
        for r in conn.execute(query.order_by(LogEntry.idx))
    ]


def incident_exists(conn: Connection, incident_id: int) -> bool:
    found = conn.execute(select(Incident.id).where(Incident.id == incident_id)).first()
    return found is not None
