"""Incident exports into source reports: every layout one column map, one row conversion.

Layouts (``ingest.incident_layouts``; real headers in docs/import.md):

    airwars   Airwars incidents: every min/max count (civilians, children, women, men, injured,
              militants), place in English and Arabic, governorate, coordinates and their
              precision, belligerent list, strike type and status, grading, cause, infrastructure
    shcc      Insecurity Insight / SHCC attacks on health care (with or without its HXL row):
              health workers killed/injured/kidnapped/arrested/threatened/assaulted, facilities
              and transport destroyed/damaged, entry, occupation, looting, obstruction
    acled     ACLED events: sub-event type, both actors, admin1-3, location, coordinates and
              geo precision, fatalities (ALL deaths, not civilians), notes
    ucdp      UCDP GED: type of violence, sides, dates, best/low/high (all deaths), civilians
    hxl       any incident file with HXL hashtags (``#affected+killed`` …)
    report    tawthiq's incident-report CSV, one row per source report of an event
    mapping   any other layout, described by a mapping file (``kind = "incidents"``, its
              ``[columns]`` → ``mapping.INCIDENT_FIELDS``, ``[values.type|belligerent|grade|
              target|status]`` → codes; docs/import.md)

A header is bound to its layout once (``bind``): every column the layout does not read is
named in one warning ("columns not read: …") and kept, like every cell, in the raw rows. Each
row then goes through ``incident_rows.incident_row``. An incident is unique by its source and
the source's own id; a changed row updates it, and its counts (``incident_counts``) and extra
claims (``incident_claims``) are replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from tawthiq.ingest._csvfile import FileDigest
from tawthiq.ingest._derive import value_key
from tawthiq.ingest._problems import Problem
from tawthiq.ingest._readers import Table
from tawthiq.ingest.incident_layouts import (
    BY_NAME,
    Binding,
    Cells,
    IncidentLayout,
    bind,
    detect_layout,
    is_report_header,
    read_cells,
)
from tawthiq.ingest.incident_rows import REPORT_COLUMNS_DERIVED, incident_row
from tawthiq.ingest.mapping import column_key, hxl_index, mapping_from_dict
from tawthiq.ingest.run import (
    ImportSummary,
    RowProblem,
    current_user,
    finish_import_run,
    same_import,
)
from tawthiq.model.vocab import Party
from tawthiq.store import records as db
from tawthiq.store.schema import ImportRun, Incident, IncidentClaim, IncidentCount, RawRow

__all__ = [
    "DERIVED_COLUMNS",
    "INCIDENT_FORMATS",
    "detect_incident_format",
    "hxl_incident_columns",
    "import_incident_table",
    "import_report_file",
    "is_report_header",
    "party_of",
    "rederive_incidents",
]

INCIDENT_FORMATS = ("acled", "ucdp", "airwars", "shcc", "hxl", "report", "mapping")
DERIVED_COLUMNS = REPORT_COLUMNS_DERIVED


def party_of(text: str | None) -> Party | None:
    """The perpetrator party named by a belligerent/actor text, or ``None`` (the rules of
    ``normalize.vocab.parse_party``, shared with victims' perpetrators)."""
    from tawthiq.normalize.vocab import parse_party

    return parse_party(text)


# --- HXL: a layout bound by hashtags, not names ---------------------------------------------

HXL_INCIDENT_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id", ("#event+id", "#meta+id", "#incident+id", "#activity+id")),
    ("date", ("#date+occurred", "#date+start", "#date")),
    ("date_end", ("#date+end",)),
    ("pcode", ("#loc+code", "#adm4+code", "#adm3+code", "#adm2+code", "#adm1+code")),
    ("place", ("#loc+name", "#adm4+name", "#adm3+name", "#adm2+name", "#loc")),
    ("governorate", ("#adm1+name", "#adm1")),
    ("lat", ("#geo+lat",)),
    ("lon", ("#geo+lon",)),
    ("civilians", ("#affected+killed+civilians", "#affected+killed+civ")),
    ("killed_min", ("#affected+killed+min",)),
    ("killed_max", ("#affected+killed+max",)),
    ("killed", ("#affected+killed",)),
    ("belligerent", ("#org+perpetrator", "#actor+perpetrator", "#actor", "#org+actor")),
    ("type", ("#event+type", "#impact+type", "#event")),
    ("grade", ("#status+grade", "#meta+grade")),
    ("description", ("#description", "#narrative", "#meta+notes")),
    ("url", ("#meta+url", "#meta+source+url")),
)


def _hxl(cells: Cells) -> Cells:
    killed = cells.pop("killed", None)
    cells["killed_min"] = cells.get("killed_min") or killed
    cells["killed_max"] = cells.get("killed_max") or killed
    cells["killed_best"] = killed
    civilians = cells.pop("civilians", None)
    cells["civilians_min"] = cells["civilians_max"] = civilians
    cells["perpetrator"] = cells.get("belligerent")
    return cells


HXL = IncidentLayout(name="hxl", columns={}, adjust=_hxl)


def hxl_incident_columns(table: Table) -> dict[str, str]:
    """Incident field → column name, from the hashtags of an HXL table (stored with the run,
    so that ``tawthiq normalize`` can read the raw rows again the same way)."""
    index = hxl_index(table.hashtags or [], HXL_INCIDENT_FIELDS)
    return {k: table.columns[i] for k, i in index.items()}


def detect_incident_format(columns: list[str], hashtags: list[str] | None = None) -> str | None:
    """``report``, ``shcc``, ``airwars``, ``acled``, ``ucdp`` or ``hxl`` when the header looks
    like one, else None."""
    if is_report_header(columns):
        return "report"
    layout = detect_layout(columns)
    if layout is not None:
        return layout.name
    if hashtags is not None:
        index = hxl_index(hashtags, HXL_INCIDENT_FIELDS)
        has_name = any(
            t.replace(" ", "").startswith(("#affected+name", "#person+name", "#name"))
            for t in hashtags
        )
        if "killed" in index and not has_name:
            return "hxl"
    return None


def mapping_layout(settings: Mapping[str, Any]) -> IncidentLayout:
    """The layout an incident mapping file describes: its columns, constants and value maps."""
    spec = mapping_from_dict(settings, "the run's mapping")
    columns: dict[str, tuple[str, ...]] = {}
    for column, fields in spec.columns.items():
        for name in fields:
            columns[name] = (column,)

    def adjust(cells: Cells) -> Cells:
        for name, value in spec.constants.items():
            cells[name] = cells.get(name) or value
        for name, table in spec.values.items():
            text = cells.get(name)
            code = table.get(value_key(text)) if text is not None else None
            if code is None:
                continue
            if name == "type":
                cells["type_code"] = code or "unknown"
            elif name == "belligerent":
                cells["perpetrator"] = code or "unknown"
            else:  # grade, target, status: the code reads as itself
                cells[name] = code or None
        cells.setdefault("perpetrator", cells.get("belligerent"))
        return cells

    return IncidentLayout(name="mapping", columns=columns, adjust=adjust)


def _binding(fmt: str, header: list[str], settings: Mapping[str, Any] | None) -> Binding:
    """The layout of ``fmt`` bound to ``header`` (HXL: to the columns its hashtags chose; a
    mapping file: to the columns it names)."""
    if fmt == "mapping":
        return bind(mapping_layout(settings or {}), header)
    if fmt == "hxl":
        columns = (settings or {}).get("hxl_columns") or {}
        keys = [column_key(c) for c in header]
        index = {
            str(f): keys.index(column_key(str(c)))
            for f, c in columns.items()
            if column_key(str(c)) in keys
        }
        used = set(index.values())
        unread = tuple(c for i, c in enumerate(header) if i not in used and c.strip())
        return Binding(HXL, index, unread)
    layout = BY_NAME.get(fmt)
    if layout is None:
        raise ValueError(f"not an incident format: {fmt}")
    return bind(layout, header)


# --- the import -----------------------------------------------------------------------------


def _sha(data: dict[str, str]) -> str:
    keys = sorted(data)
    blob = "\x1f".join(keys) + "\x1e" + "\x1f".join(data[k] for k in keys)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def import_incident_table(
    engine: Engine,
    path: Path,
    source: str,
    table: Table,
    *,
    fd: FileDigest,
    fmt: str,
    encoding: str,
    settings: dict[str, Any] | None = None,
    run_by: str | None = None,
    on_rows: Callable[[int], None] | None = None,
    keep_rejections: int = 10_000,
) -> ImportSummary:
    """Import an incident export for ``source`` in one transaction (see the module docstring)."""
    file = str(path)
    binding = _binding(fmt, table.columns, settings)
    user = run_by or current_user()
    t = Incident.__table__
    n = {"read": 0, "imported": 0, "updated": 0, "unchanged": 0, "rejected": 0, "dup": 0}
    rejections: list[RowProblem] = []
    warnings = 0
    with engine.begin() as conn:
        source_id = db.get_or_create_source(conn, source)
        previous = same_import(conn, source_id, fd.sha256, settings)
        if previous is not None:
            return ImportSummary(
                source, file, fd.sha256, None, db.RunCounts(), already_imported=previous
            )
        existing = {
            sid: (int(pk), sha)
            for sid, pk, sha in conn.execute(
                select(t.c.source_incident_id, t.c.id, t.c.row_sha256).where(
                    t.c.source_id == source_id
                )
            )
        }
        run_id = db.start_run(
            conn,
            source_id=source_id,
            file_name=path.name,
            file_sha256=fd.sha256,
            file_size=fd.size,
            format=fmt,
            encoding=encoding,
            mapping=settings,
            run_by=user,
        )
        first_seen: dict[str, int] = {}
        claims: dict[str, dict[str, Any]] = {}
        counts: dict[str, dict[str, tuple[int | None, int | None]]] = {}
        raws: list[tuple[Any, ...]] = []
        news: list[dict[str, Any]] = []
        upds: list[dict[str, Any]] = []
        ts = db.now()
        for src in table.rows:
            n["read"] += 1
            values = src.values
            data = {c: (values[i] if i < len(values) else "") for i, c in enumerate(table.columns)}
            for j, extra in enumerate(values[len(table.columns) :], start=1):
                data[f"_extra_{j}"] = extra
            claim: dict[str, Any] | None = None
            kinds: dict[str, tuple[int | None, int | None]] = {}
            record: dict[str, Any] | None
            if src.error is not None:
                record, problems = None, [Problem("(row)", src.error)]
            else:
                converted = incident_row(read_cells(binding, values))
                record, problems = converted.record, converted.problems
                claim, kinds = converted.claim, converted.counts
            sid = record["source_incident_id"] if record else None
            if sid is not None and not any(p.severity == "error" for p in problems):
                if sid in first_seen:
                    problems.append(
                        Problem("id", f"duplicate incident id: first used at row {first_seen[sid]}")
                    )
                    n["dup"] += 1
                first_seen.setdefault(sid, src.row_number)
            status = "rejected"
            if any(p.severity == "error" for p in problems) or record is None:
                n["rejected"] += 1
                for p in problems:
                    if p.severity == "error" and len(rejections) < keep_rejections:
                        rejections.append(
                            RowProblem(
                                src.row_number,
                                src.line_number,
                                p.field,
                                p.message,
                                "error",
                                None,
                                table.where,
                            )
                        )
            else:
                sha = _sha(data)
                full = {
                    **record,
                    "import_run_id": run_id,
                    "row_number": src.row_number,
                    "row_sha256": sha,
                    "updated_at": ts,
                }
                if sid is not None and sid not in counts:
                    counts[sid] = kinds
                    if claim is not None:
                        claims[sid] = claim
                prior = existing.get(sid) if sid is not None else None
                if prior is None:
                    status = "imported"
                    n["imported"] += 1
                    news.append({**full, "source_id": source_id, "created_at": ts})
                elif prior[1] == sha:
                    status = "unchanged"
                    n["unchanged"] += 1
                else:
                    status = "updated"
                    n["updated"] += 1
                    upds.append({**full, "_id": prior[0]})
            warnings += sum(p.severity == "warning" for p in problems)
            raws.append(
                (
                    run_id,
                    src.row_number,
                    src.line_number,
                    json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    status,
                    json.dumps([p.to_dict() for p in problems], ensure_ascii=False)
                    if problems
                    else None,
                )
            )
            if len(raws) >= 5_000:
                db.insert_raw_row_tuples(conn, raws)
                if on_rows is not None:
                    on_rows(len(raws))
                raws = []
        db.insert_raw_row_tuples(conn, raws)
        if on_rows is not None and raws:
            on_rows(len(raws))
        if news:
            conn.execute(insert(Incident), news)
        for u in upds:
            pk = u.pop("_id")
            conn.execute(update(Incident).where(Incident.id == pk).values(**u))
        if counts:
            _store_claims(conn, source_id, claims, counts)
        final = finish_import_run(
            conn,
            run_id,
            n,
            actor=user,
            source=source,
            file_name=path.name,
            fmt=fmt,
            sha256=fd.sha256,
            extra={"kind": "incidents", "layout": fmt, "columns_not_read": list(binding.unread)},
        )
    notes = [f"columns not read: {', '.join(binding.unread)}"] if binding.unread else []
    return ImportSummary(
        source,
        file,
        fd.sha256,
        run_id,
        final,
        None,
        rejections,
        warnings,
        kind="incidents",
        notes=notes,
    )


def _store_claims(
    conn: Connection,
    source_id: int,
    claims: Mapping[str, dict[str, Any]],
    counts: Mapping[str, Mapping[str, tuple[int | None, int | None]]],
) -> None:
    """Replace the extra claims and the counts of the reports this import accepted."""
    t = Incident.__table__
    ids = {
        str(sid): int(pk)
        for sid, pk in conn.execute(
            select(t.c.source_incident_id, t.c.id).where(t.c.source_id == source_id)
        )
        if sid in counts
    }
    if not ids:
        return
    replace_report_details(conn, ids, claims, counts)


def replace_report_details(
    conn: Connection,
    ids: Mapping[str, int],
    claims: Mapping[str, dict[str, Any]],
    counts: Mapping[str, Mapping[str, tuple[int | None, int | None]]],
) -> None:
    """Replace ``incident_claims`` and ``incident_counts`` of the reports ``ids`` (source id →
    report id), from ``claims`` and ``counts`` keyed by the source's id."""
    keys = list(ids.values())
    for i in range(0, len(keys), 500):
        part = keys[i : i + 500]
        conn.execute(delete(IncidentClaim).where(IncidentClaim.incident_id.in_(part)))
        conn.execute(delete(IncidentCount).where(IncidentCount.incident_id.in_(part)))
    claim_rows = [{**claims[sid], "incident_id": pk} for sid, pk in ids.items() if sid in claims]
    if claim_rows:
        conn.execute(insert(IncidentClaim), claim_rows)
    count_rows = [
        {"incident_id": pk, "kind": kind, "count_min": low, "count_max": high}
        for sid, pk in ids.items()
        for kind, (low, high) in counts.get(sid, {}).items()
    ]
    if count_rows:
        conn.execute(insert(IncidentCount), count_rows)


def import_report_file(
    engine: Engine,
    path: Path,
    source: str,
    *,
    encoding: str = "utf-8",
    run_by: str | None = None,
) -> ImportSummary:
    """Import an incident-report CSV or XLSX (``incident_layouts.REPORT``) for ``source``.

    ``tawthiq import`` detects the format too; this entry point insists on it (``tawthiq
    incidents import --format report``).
    """
    from tawthiq.errors import InputError
    from tawthiq.ingest._csvfile import digest
    from tawthiq.ingest._readers import read_csv_table, read_xlsx_table

    spreadsheet = path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods"}
    table = read_xlsx_table(path) if spreadsheet else read_csv_table(path, encoding)
    if not is_report_header(table.columns):
        raise InputError(
            "not an incident-report file: needs report_id, date and killed_min/killed_best "
            "columns; found: " + ", ".join(table.columns),
            file=str(path),
        )
    return import_incident_table(
        engine,
        path,
        source,
        table,
        fd=digest(path),
        fmt="report",
        encoding=encoding,
        run_by=run_by,
    )


# --- re-derivation (tawthiq normalize) --------------------------------------------------------


def rederive_incidents(
    conn: Connection, *, dry_run: bool = False
) -> tuple[int, int, dict[str, int]]:
    """Re-read every imported incident from its raw row with the current rules.

    Returns (incidents read, incidents changed, changes per column). An incident whose raw
    row no longer reads (an error under the new rules) keeps its values and is not counted.
    """
    t = Incident.__table__
    r = RawRow.__table__
    runs = {
        int(i): (str(fmt), _json(mapping))
        for i, fmt, mapping in conn.execute(
            select(ImportRun.id, ImportRun.format, ImportRun.mapping)
        )
    }
    stmt = (
        select(t.c.id, t.c.import_run_id, r.c.data, *(t.c[c] for c in DERIVED_COLUMNS))
        .join(r, (r.c.import_run_id == t.c.import_run_id) & (r.c.row_number == t.c.row_number))
        .order_by(t.c.id)
    )
    read = changed = 0
    per_column: Counter[str] = Counter()
    updates: list[dict[str, Any]] = []
    details: dict[str, int] = {}
    claims: dict[str, dict[str, Any]] = {}
    counts: dict[str, dict[str, tuple[int | None, int | None]]] = {}
    bindings: dict[tuple[int, tuple[str, ...]], Binding] = {}
    for row in conn.execute(stmt).all():
        m = row._mapping
        fmt, settings = runs.get(int(m["import_run_id"]), ("", None))
        if fmt not in INCIDENT_FORMATS:
            continue
        read += 1
        data = _json(m["data"]) or {}
        header = tuple(str(k) for k in data if not str(k).startswith("_extra_"))
        key = (int(m["import_run_id"]), header)
        binding = bindings.get(key)
        if binding is None:
            binding = bindings[key] = _binding(fmt, list(header), settings)
        converted = incident_row(read_cells(binding, [str(data[k]) for k in header]))
        if any(p.severity == "error" for p in converted.problems):
            continue
        record = converted.record
        diff = [c for c in DERIVED_COLUMNS if record[c] != m[c]]
        key_id = str(m["id"])
        details[key_id] = int(m["id"])
        counts[key_id] = converted.counts
        if converted.claim is not None:
            claims[key_id] = converted.claim
        if diff:
            changed += 1
            per_column.update(diff)
            updates.append({f"v_{c}": record[c] for c in DERIVED_COLUMNS} | {"v_id": m["id"]})
    if updates and not dry_run:
        conn.execute(
            update(Incident)
            .where(t.c.id == bindparam("v_id"))
            .values({c: bindparam(f"v_{c}") for c in DERIVED_COLUMNS}),
            updates,
        )
    if details and not dry_run:
        replace_report_details(conn, details, claims, counts)
    return read, changed, dict(per_column)


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value
