"""``tawthiq normalize``: re-derive every normalised field of the stored records.

After a rule change in ``tawthiq.normalize`` (a new place alias, a name rule, a vocabulary
spelling) the stored records still carry the values of the old rules. This reads each record's
as-recorded values (and the date order its import declared), derives the normalised columns
with the same function import uses (``_derive.derive``), and writes back the records whose
values changed, all in one transaction, with an audit event. Imported incidents are read again
from their raw rows (with the format and settings of their import) the same way. Nothing is
re-imported and the raw rows are untouched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, bindparam, select, update

from tawthiq.ingest._derive import (
    AS_RECORDED_COLUMNS,
    NORMALIZED_COLUMNS,
    DeriveSettings,
    derive,
    settings_from_run,
)
from tawthiq.ingest.incidents import rederive_incidents
from tawthiq.ingest.run import refresh_statistics
from tawthiq.store import records as db
from tawthiq.store.schema import ImportRun, VictimRecord

__all__ = ["NormalizeSummary", "renormalize"]

BATCH = 20_000


@dataclass(frozen=True)
class NormalizeSummary:
    """What a re-derivation changed: records read and changed, changes per column, and the
    problems the current rules find (``errors`` are values now unreadable, left empty)."""

    records: int
    changed: int
    columns: dict[str, int] = field(default_factory=dict)
    warnings: int = 0
    errors: int = 0
    dry_run: bool = False
    incidents: int = 0
    incidents_changed: int = 0
    incident_columns: dict[str, int] = field(default_factory=dict)


def renormalize(
    engine: Engine,
    *,
    run_by: str | None = None,
    dry_run: bool = False,
    on_rows: Callable[[int], None] | None = None,
) -> NormalizeSummary:
    """Re-derive the normalised columns of every victim record; one transaction.

    With ``dry_run`` nothing is written (the transaction is rolled back) and the summary says
    what would change.
    """
    t = VictimRecord.__table__
    read_cols = [t.c.id, t.c.import_run_id, *(t.c[c] for c in AS_RECORDED_COLUMNS)]
    read_cols += [t.c[c] for c in NORMALIZED_COLUMNS]
    records = changed = warnings = errors = 0
    per_column: Counter[str] = Counter()
    conn_ctx = engine.connect() if dry_run else engine.begin()
    with conn_ctx as conn:
        settings = {
            int(run_id): settings_from_run(mapping, started)
            for run_id, mapping, started in conn.execute(
                select(ImportRun.id, ImportRun.mapping, ImportRun.started_at)
            )
        }
        fallback = DeriveSettings()
        last = 0
        ts = db.now()
        while True:
            rows = conn.execute(
                select(*read_cols).where(t.c.id > last).order_by(t.c.id).limit(BATCH)
            ).all()
            if not rows:
                break
            updates: list[dict[str, Any]] = []
            for row in rows:
                m = row._mapping
                records += 1
                run_settings = settings.get(int(m["import_run_id"]), fallback)
                values, problems = derive(dict(m), settings=run_settings)
                warnings += sum(p.severity == "warning" for p in problems)
                errors += sum(p.severity == "error" for p in problems)
                diff = [c for c in NORMALIZED_COLUMNS if values[c] != m[c]]
                if diff:
                    changed += 1
                    per_column.update(diff)
                    update_row = {f"v_{c}": v for c, v in values.items()}
                    updates.append(update_row | {"v_updated_at": ts, "v_id": m["id"]})
            last = int(rows[-1]._mapping["id"])
            if updates and not dry_run:
                stmt = (
                    update(VictimRecord)
                    .where(t.c.id == bindparam("v_id"))
                    .values({c: bindparam(f"v_{c}") for c in (*NORMALIZED_COLUMNS, "updated_at")})
                )
                conn.execute(stmt, updates)
            if on_rows is not None:
                on_rows(len(rows))
        inc_read, inc_changed, inc_columns = rederive_incidents(conn, dry_run=dry_run)
        if not dry_run:
            db.add_audit_event(
                conn,
                actor=run_by,
                action="normalize",
                entity="victim_records",
                entity_id=None,
                detail={
                    "records": records,
                    "changed": changed,
                    "columns": dict(per_column),
                    "errors": errors,
                    "incidents": inc_read,
                    "incidents_changed": inc_changed,
                },
            )
    if not dry_run:
        refresh_statistics(engine, changed)
    return NormalizeSummary(
        records,
        changed,
        dict(per_column),
        warnings,
        errors,
        dry_run,
        inc_read,
        inc_changed,
        inc_columns,
    )
