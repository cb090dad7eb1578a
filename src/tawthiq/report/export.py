"""CSV exports of the store: records with their source and normalised fields, rejected rows
(in the file's own columns, to fix and import again) and every problem an import met.

Text goes out exactly as it came in (UTF-8, no BOM), so Arabic names round-trip byte for byte.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from tawthiq import csvsafe
from tawthiq.errors import InputError
from tawthiq.store import records as db

__all__ = [
    "PROBLEM_EXPORT_COLUMNS",
    "RECORD_EXPORT_COLUMNS",
    "ExportSummary",
    "export_problems",
    "export_records",
    "export_rejected",
]

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
    "age_group",
    "weapon",
    "weapon_text",
    "latitude",
    "longitude",
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
        w = csvsafe.writer(fh)
        w.writerow(RECORD_EXPORT_COLUMNS)
        for rec in db.iter_records(conn):
            rec["record_id"] = rec["source_record_id"]
            w.writerow([_cell(rec.get(c)) for c in RECORD_EXPORT_COLUMNS])
            n += 1
    return ExportSummary(out, n)


REJECTED_EXTRA_COLUMNS = ("tawthiq_row", "tawthiq_line", "tawthiq_problems")
"""Columns ``export rejected`` adds after the file's own: where each row was and why it was
rejected (importing the fixed file again keeps them in the raw rows, harmlessly)."""


def export_rejected(engine: Engine, run_id: int, out: Path) -> ExportSummary:
    """Rejected rows of one import run in the file's own columns and order, with their
    reasons, so the file can be fixed and imported again."""
    with engine.connect() as conn:
        if db.run_info(conn, run_id) is None:
            raise InputError(f"no import run {run_id} (see tawthiq status)")
        rows = list(db.iter_rejected_rows(conn, run_id))
    columns: dict[str, None] = {}
    for row in rows:
        data = row["data"] if isinstance(row["data"], dict) else {}
        columns.update(dict.fromkeys(k for k in data if k != "_unreadable"))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csvsafe.writer(fh)
        w.writerow([*columns, *REJECTED_EXTRA_COLUMNS])
        for row in rows:
            data = row["data"] if isinstance(row["data"], dict) else {}
            problems = "; ".join(
                f"{p['field']}: {p['message']}"
                for p in row["problems"] or []
                if p.get("severity") == "error"
            )
            w.writerow(
                [
                    *(_cell(data.get(c)) for c in columns),
                    row["row_number"],
                    row["line_number"],
                    problems,
                ]
            )
    return ExportSummary(out, len(rows))


PROBLEM_EXPORT_COLUMNS = ("run", "row", "line", "status", "severity", "field", "column", "message")


def export_problems(engine: Engine, run_id: int, out: Path) -> ExportSummary:
    """Every problem of one import run, one line each: the row, its status (imported,
    rejected …), the field and the file's column, and the message. Never a name or a value."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with engine.connect() as conn:
        if db.run_info(conn, run_id) is None:
            raise InputError(f"no import run {run_id} (see tawthiq status)")
        with out.open("w", encoding="utf-8", newline="") as fh:
            w = csvsafe.writer(fh)
            w.writerow(PROBLEM_EXPORT_COLUMNS)
            for row in db.iter_problem_rows(conn, run_id):
                problems = row["problems"]
                if isinstance(problems, str):
                    problems = json.loads(problems)
                for p in problems or []:
                    w.writerow(
                        [
                            run_id,
                            row["row_number"],
                            row["line_number"],
                            row["status"],
                            p.get("severity", "error"),
                            p.get("field", ""),
                            p.get("column") or p.get("field", ""),
                            p.get("message", ""),
                        ]
                    )
                    n += 1
    return ExportSummary(out, n)
