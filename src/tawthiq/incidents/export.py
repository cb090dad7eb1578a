"""CSV export of reconciled incidents, full or public.

The full export is for investigators. The public export (``public=True``) leaves the cells of
``healthcare.WITHHELD_FIELDS`` empty for every incident or facility marked sensitive, and names
the withheld fields in a ``withheld`` column, so a reader knows something was held back and
what, never its value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tawthiq import csvsafe
from tawthiq.incidents.healthcare import WITHHELD_FIELDS, withhold
from tawthiq.incidents.model import attribution_label
from tawthiq.store import incidents as db

__all__ = ["EXPORT_COLUMNS", "export_incidents", "incident_export_rows"]

EXPORT_COLUMNS: tuple[str, ...] = (
    "incident_id",
    "date",
    "date_latest",
    "date_precision",
    "admin1_pcode",
    "place_text",
    "pcode",
    "latitude",
    "longitude",
    "incident_type",
    "target_type",
    "weapon",
    "attribution",
    "attribution_label",
    "killed_min",
    "killed_max",
    "killed_best",
    "best_rule",
    "injured_min",
    "injured_max",
    "grade",
    "computed_grade",
    "sources",
    "named_victims",
    "facility_name",
    "facility_type",
    "phr_category",
    "who_ssa_type",
    "description",
    "urls",
    "withheld",
)


def incident_export_rows(engine: Engine, *, public: bool) -> list[dict[str, Any]]:
    """One dict per active incident in ``EXPORT_COLUMNS`` (withheld cells absent if public)."""
    with engine.connect() as conn:
        incidents = db.incident_rows(conn)
        attacks = {int(a["reconciled_id"]): a for a in db.facility_attack_rows(conn)}
        members = db.memberships(conn)
        reports = {int(r["id"]): r for r in db.report_rows(conn)}
    by_incident: dict[int, list[dict[str, Any]]] = {}
    for rid, inc in members.items():
        if rid in reports:
            by_incident.setdefault(inc, []).append(reports[rid])
    out = []
    for r in incidents:
        inc = int(r["id"])
        a = attacks.get(inc)
        docs = sorted(by_incident.get(inc, []), key=lambda x: int(x["id"]))
        row: dict[str, Any] = {
            "incident_id": inc,
            "date": r["date_earliest"].isoformat() if r["date_earliest"] else None,
            "date_latest": r["date_latest"].isoformat() if r["date_latest"] else None,
            "date_precision": r["date_precision"],
            "admin1_pcode": r["admin1_pcode"],
            "place_text": r["place_text"],
            "pcode": r["pcode"],
            "latitude": r["latitude"],
            "longitude": r["longitude"],
            "incident_type": r["incident_type"],
            "target_type": r["target_type"],
            "weapon": r["weapon"],
            "attribution": r["attribution"],
            "attribution_label": attribution_label(r["attribution"]),
            "killed_min": r["killed_min"],
            "killed_max": r["killed_max"],
            "killed_best": r["killed_best"],
            "best_rule": r["best_rule"],
            "injured_min": r["injured_min"],
            "injured_max": r["injured_max"],
            "grade": r["override_grade"] or r["grade"],
            "computed_grade": r["grade"],
            "sources": r["sources"],
            "named_victims": r["named_victims"],
            "facility_name": a["facility_name"] if a else None,
            "facility_type": a["facility_type"] if a else None,
            "phr_category": a["phr_category"] if a else None,
            "who_ssa_type": a["who_ssa_type"] if a else None,
            "description": " | ".join(d["description"] for d in docs if d["description"]) or None,
            "urls": " ".join(d["source_url"] for d in docs if d["source_url"]) or None,
            "withheld": None,
        }
        sensitive = bool(r["sensitive"]) or bool(a and a["facility_sensitive"])
        if public and sensitive:
            row = withhold(row, sensitive=True)
            row["withheld"] = ";".join(WITHHELD_FIELDS)
        out.append(row)
    return out


def export_incidents(engine: Engine, out: Path, *, public: bool = False) -> int:
    """Write the incidents CSV to ``out``; returns the number of incidents written."""
    rows = incident_export_rows(engine, public=public)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csvsafe.dict_writer(fh, EXPORT_COLUMNS, lineterminator="\n", restval="")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return len(rows)
