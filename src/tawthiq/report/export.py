"""CSV exports of the store: records with their source and normalised fields, rejected rows.

Text goes out exactly as it came in (UTF-8, no BOM), so Arabic names round-trip byte for byte.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from tawthiq.store import records as db

__all__ = ["RECORD_EXPORT_COLUMNS", "ExportSummary", "export_records", "export_rejected"]

RECORD_EXPORT_COLUMNS: tuple[str, ...] = (
    "source",
    "record_id",
    "full_name",
    "given_name",
    "father_name",
    "family_name",
    "mother_name",
    "sex",
    "sex_text",
    "age_text",
    "age_min",
    "age_max",
    "date_text",
    "date_earliest",
    "date_latest",
    "date_precision",
    "place_text",
    "governorate_text",
    "pcode",
    "place_precision",
    "cause",
    "cause_text",
    "perpetrator",
    "perpetrator_text",
    "status",
    "status_text",
    "given_name_key",
    "father_name_key",
    "family_name_key",
    "source_url",
    "notes",
    "import_run_id",
    "row_number",
)


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    rows: int


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def export_records(engine: Engine, out: Path) -> ExportSummary:
    """Write every victim record, one row each, ordered by source then import order."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with engine.connect() as conn, out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(RECORD_EXPORT_COLUMNS)
        for rec in db.iter_records(conn):
            rec["record_id"] = rec["source_record_id"]
            w.writerow([_cell(rec.get(c)) for c in RECORD_EXPORT_COLUMNS])
            n += 1
    return ExportSummary(out, n)


def export_rejected(engine: Engine, run_id: int, out: Path) -> ExportSummary:
    """Rejected rows of one import run with their reasons, for correcting and re-importing."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with engine.connect() as conn, out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["row", "line", "problems", "data"])
        for row in db.iter_rejected_rows(conn, run_id):
            problems = "; ".join(
                f"{p['field']}: {p['message']}" for p in row["problems"] or [] if p["severity"]
            )
            w.writerow(
                [
                    row["row_number"],
                    row["line_number"],
                    problems,
                    json.dumps(row["data"], ensure_ascii=False),
                ]
            )
            n += 1
    return ExportSummary(out, n)
