"""Helpers shared by tests (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from tawthiq.store.schema import AuditEvent, ImportRun, RawRow, Source, VictimRecord


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (Source, ImportRun, RawRow, VictimRecord, AuditEvent)
        }
