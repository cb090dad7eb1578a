"""An import run: one file for one source, landed in one transaction.

Every data row becomes a raw row (kept verbatim, whatever happens to it). Valid rows insert or
update victim records by ``record_id``; a row whose content is unchanged since the last import
leaves its record alone. Importing the very same bytes again for the same source is recognised
by the file's SHA-256 and changes nothing.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tawthiq.ingest._csvfile import digest, read_csv_rows
from tawthiq.ingest.canonical import Problem, map_header, validate_row
from tawthiq.store import records as db

__all__ = ["ImportSummary", "RowProblem", "current_user", "import_canonical_csv"]

BATCH = 5_000


@dataclass(frozen=True)
class RowProblem:
    """A problem located in the input: row (1-based data row), file line, field, message."""

    row: int
    line: int
    field: str
    message: str
    severity: str

    def describe(self, file: str) -> str:
        return f"{file}: row {self.row} (line {self.line}), field {self.field!r}: {self.message}"


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


def _row_sha256(data: dict[str, str]) -> str:
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def import_canonical_csv(
    engine: Engine,
    path: Path,
    source: str,
    *,
    encoding: str = "utf-8",
    run_by: str | None = None,
    on_rows: Callable[[int], None] | None = None,
    keep_rejections: int = 10_000,
) -> ImportSummary:
    """Import a canonical victim-record CSV for ``source``; all or nothing.

    ``on_rows(n)`` is called as batches of rows are processed (for progress bars).
    At most ``keep_rejections`` row problems are returned (all of them are stored).
    """
    file = str(path)
    fd = digest(path)
    header_cells, rows = read_csv_rows(path, encoding)
    header = map_header(header_cells, file)
    user = run_by or current_user()
    counts = {"read": 0, "imported": 0, "updated": 0, "unchanged": 0, "rejected": 0, "dup": 0}
    rejections: list[RowProblem] = []
    warnings = 0

    with engine.begin() as conn:
        source_id = db.get_or_create_source(conn, source)
        previous = db.previous_run_with_hash(conn, source_id, fd.sha256)
        if previous is not None:
            return ImportSummary(
                source, file, fd.sha256, None, db.RunCounts(), already_imported=previous.id
            )
        existing = db.existing_records(conn, source_id)
        run_id = db.start_run(
            conn,
            source_id=source_id,
            file_name=path.name,
            file_sha256=fd.sha256,
            file_size=fd.size,
            format="canonical-csv",
            encoding=encoding,
            mapping=None,
            run_by=user,
        )
        first_seen: dict[str, int] = {}
        raw_batch: list[dict[str, Any]] = []
        new_batch: list[dict[str, Any]] = []
        upd_batch: list[dict[str, Any]] = []
        audit_updates: list[str] = []

        def flush() -> None:
            db.insert_raw_rows(conn, raw_batch)
            db.insert_records(conn, source_id, new_batch)
            db.update_records(conn, upd_batch)
            if on_rows is not None:
                on_rows(len(raw_batch))
            raw_batch.clear()
            new_batch.clear()
            upd_batch.clear()

        for src in rows:
            counts["read"] += 1
            result = validate_row(src.values, header)
            rid = result.record_id
            if rid is not None and not result.rejected:
                if rid in first_seen:
                    result.problems.append(
                        Problem(
                            "record_id",
                            f"duplicate record_id: first used at row {first_seen[rid]}",
                        )
                    )
                    result.record = None
                    counts["dup"] += 1
                else:
                    first_seen[rid] = src.row_number
            elif rid is not None and rid not in first_seen:
                # A rejected row still claims its id, so a later valid duplicate is flagged too.
                first_seen[rid] = src.row_number

            if result.rejected:
                status = "rejected"
                counts["rejected"] += 1
                for p in result.problems:
                    if p.severity == "error" and len(rejections) < keep_rejections:
                        rejections.append(
                            RowProblem(
                                src.row_number, src.line_number, p.field, p.message, p.severity
                            )
                        )
            else:
                assert rid is not None and result.record is not None
                sha = _row_sha256(result.data)
                prior = existing.get(rid)
                values = {
                    **result.record,
                    "source_record_id": rid,
                    "import_run_id": run_id,
                    "row_number": src.row_number,
                    "row_sha256": sha,
                }
                if prior is None:
                    status = "imported"
                    counts["imported"] += 1
                    new_batch.append(values)
                elif prior.row_sha256 == sha:
                    status = "unchanged"
                    counts["unchanged"] += 1
                else:
                    status = "updated"
                    counts["updated"] += 1
                    upd_batch.append({**values, "_id": prior.id})
                    audit_updates.append(rid)
            warnings += sum(p.severity == "warning" for p in result.problems)
            raw_batch.append(
                {
                    "import_run_id": run_id,
                    "row_number": src.row_number,
                    "line_number": src.line_number,
                    "data": result.data,
                    "status": status,
                    "problems": [p.to_dict() for p in result.problems] or None,
                }
            )
            if len(raw_batch) >= BATCH:
                flush()
        flush()

        final = db.RunCounts(
            read=counts["read"],
            imported=counts["imported"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            rejected=counts["rejected"],
            duplicate=counts["dup"],
        )
        landed = final.imported + final.updated + final.unchanged
        db.finish_run(conn, run_id, final, "complete" if landed else "nothing_imported")
        db.add_audit_event(
            conn,
            actor=user,
            action="import",
            entity="import_run",
            entity_id=str(run_id),
            detail={
                "source": source,
                "file": path.name,
                "sha256": fd.sha256,
                "read": final.read,
                "imported": final.imported,
                "updated": final.updated,
                "unchanged": final.unchanged,
                "rejected": final.rejected,
                "updated_record_ids": audit_updates[:10_000],
            },
        )
    return ImportSummary(source, file, fd.sha256, run_id, final, None, rejections, warnings)
