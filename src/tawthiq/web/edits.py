"""Editing a victim record from the web: the as-recorded fields, re-derived, with an audit trail.

A correction is made where the documenter sees the mistake. Only the fields as recorded are
edited (names, the texts of date, age, place, cause …, the source URL, notes, sensitivity); the
normalised columns (name keys, coded dates and places, vocabularies) are derived from them the
same way an import derives them, so search and linkage see the correction. A role edits only
fields it may see and may not raise a record above its own clearance. Each save is one
transaction: the record and an audit event with the old and new value of every changed field
(the audit event is the only place those values go; nothing is logged).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, update

from tawthiq.ingest import AS_RECORDED_COLUMNS, NORMALIZED_COLUMNS, derive, settings_from_run
from tawthiq.store.records import add_audit_event, now
from tawthiq.store.schema import ImportRun, VictimRecord
from tawthiq.web.policy import FIELD_LEVELS, LEVELS, clearance, may_see

__all__ = ["EDITABLE_FIELDS", "EditResult", "edit_record", "editable_fields"]

# What derive reads, then the record's other free fields; the rest is derived or bookkeeping.
EDITABLE_FIELDS: tuple[str, ...] = (
    *AS_RECORDED_COLUMNS,
    "mother_name",
    "source_url",
    "notes",
    "sensitivity",
)


# Form labels (English, the catalogues' source language).
FIELD_LABELS: dict[str, str] = {
    "full_name": "Full name",
    "given_name": "Given name",
    "father_name": "Father's name",
    "family_name": "Family name",
    "mother_name": "Mother's name",
    "sex_text": "Sex (as recorded)",
    "age_text": "Age (as recorded)",
    "date_text": "Date of death (as recorded)",
    "place_text": "Place",
    "governorate_text": "Governorate",
    "pcode_text": "P-code (as recorded)",
    "cause_text": "Cause (as recorded)",
    "perpetrator_text": "Perpetrator (as recorded)",
    "status_text": "Status (as recorded)",
    "source_url": "Source URL",
    "notes": "Notes",
    "sensitivity": "Sensitivity",
}


def editable_fields(role: str) -> list[str]:
    """The fields ``role`` may edit: those it may see (unlisted fields count as confidential)."""
    return [f for f in EDITABLE_FIELDS if may_see(role, FIELD_LEVELS.get(f, "confidential"))]


@dataclass(frozen=True)
class EditResult:
    found: bool
    changed: list[str]
    errors: list[str]


def edit_record(
    engine: Engine, record_id: int, values: dict[str, str], *, role: str, actor: str
) -> EditResult:
    """Apply the submitted ``values`` (field → text; empty clears) the role may edit.

    Fields the role may not edit are ignored, whatever was submitted. Refused, with nothing
    written: a date or another value the import would reject, and a sensitivity the role is not
    cleared for.
    """
    allowed = editable_fields(role)
    level = clearance(role)
    visible = LEVELS[: LEVELS.index(level) + 1]
    t = VictimRecord.__table__
    with engine.begin() as conn:
        row = conn.execute(  # locked until saved: two editors never overwrite each other
            select(t).where(t.c.id == record_id, t.c.sensitivity.in_(visible)).with_for_update()
        ).first()
        if row is None:
            return EditResult(False, [], [])
        current = dict(row._mapping)
        changes: dict[str, tuple[Any, Any]] = {}
        for name in allowed:
            if name not in values:
                continue
            new: str | None = values[name].strip() or None
            if name == "sensitivity" and new not in visible:
                return EditResult(True, [], [f"sensitivity must be one of {', '.join(visible)}"])
            if new != current[name]:
                changes[name] = (current[name], new)
        if not changes:
            return EditResult(True, [], [])
        merged = current | {name: new for name, (_old, new) in changes.items()}
        run = conn.execute(
            select(ImportRun.mapping, ImportRun.started_at).where(
                ImportRun.id == current["import_run_id"]
            )
        ).first()
        settings = settings_from_run(run.mapping if run else None, run.started_at if run else None)
        derived, problems = derive(merged, settings=settings)
        errors = [f"{p.field}: {p.message}" for p in problems if p.severity == "error"]
        if errors:
            return EditResult(True, [], errors)
        written = {name: new for name, (_old, new) in changes.items()}
        written |= {c: derived[c] for c in NORMALIZED_COLUMNS}
        conn.execute(
            update(VictimRecord)
            .where(VictimRecord.id == record_id)
            .values(**written, updated_at=now())
        )
        recoded = {
            c: {"old": _plain(current[c]), "new": _plain(derived[c])}
            for c in NORMALIZED_COLUMNS
            if derived[c] != current[c]
        }
        add_audit_event(
            conn,
            actor=actor,
            action="edit_record",
            entity="victim_record",
            entity_id=str(record_id),
            detail={
                "changes": {n: {"old": old, "new": new} for n, (old, new) in changes.items()},
                "derived": recoded,
            },
        )
    return EditResult(True, sorted(changes), [])


def _plain(value: Any) -> Any:
    """A JSON-storable form of a column value (dates as ISO text)."""
    return value.isoformat() if hasattr(value, "isoformat") else value
