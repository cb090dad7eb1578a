"""Dashboard counts, recomputed only when the store has changed since they were counted.

Why a cache: counting a million records by source, governorate and month takes about two
seconds on PostgreSQL, on every dashboard view and every ``/api/v1/stats`` call, yet the counts
only change when records or incident reports are imported, edited or re-normalised, and every
such change writes an audit event. The newest audit event, record and incident report ids are
the store's version: reading them is three index look-ups.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, select

from tawthiq.store import browse
from tawthiq.store.schema import AuditEvent, Incident, VictimRecord

__all__ = ["Counts", "CountsCache"]


@dataclass(frozen=True)
class Counts:
    by_source: list[tuple[str | None, int]]
    by_governorate: list[tuple[str | None, int]]
    by_month: list[tuple[str | None, int]]
    incidents_by_governorate: dict[str, int]


def _version(conn: Connection) -> tuple[int | None, ...]:
    return tuple(
        conn.execute(select(func.max(column))).scalar()
        for column in (AuditEvent.id, VictimRecord.id, Incident.id)
    )


class CountsCache:
    """Per worker process; a stale entry is replaced on the first view after a change."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._entry: tuple[tuple[int | None, ...], Counts] | None = None

    def current(self) -> Counts:
        with self._engine.connect() as conn:
            version = _version(conn)
            with self._lock:
                entry = self._entry
            if entry is not None and entry[0] == version:
                return entry[1]
            counts = Counts(
                by_source=browse.counts_by(conn, "source"),
                by_governorate=browse.counts_by(conn, "governorate"),
                by_month=browse.counts_by(conn, "month"),
                incidents_by_governorate=browse.incident_counts_by_governorate(conn),
            )
        with self._lock:
            self._entry = (version, counts)
        return counts
