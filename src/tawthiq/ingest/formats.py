"""``tawthiq import FILE``: choose the format, read the file, land victims or incidents.

Formats: ``csv`` (canonical columns, or any columns with a mapping file), ``xlsx``, ``jsonl``,
``hxl`` (hashtag row; victim records, or incidents when it counts ``#affected+killed`` without
names), the incident exports ``acled``, ``ucdp``, ``airwars`` and ``shcc`` (Insecurity Insight
attacks on health care, with or without its HXL row), and tawthiq's own
incident-report file ``report`` (docs/incidents.md). Without ``--format`` the format comes from
the mapping file, else from the file: its extension (.xlsx/.xlsm/.xls/.ods, .jsonl/.ndjson/.json)
and, for text and spreadsheets, its header (report, ACLED, UCDP and Airwars columns; an HXL
hashtag row).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from tawthiq.errors import InputError
from tawthiq.ingest._csvfile import digest, read_csv_rows
from tawthiq.ingest._derive import DEFAULT_PERIOD_START, DeriveSettings
from tawthiq.ingest._readers import (
    Table,
    hashtag_row,
    read_csv_table,
    read_hxl_table,
    read_jsonl_table,
    read_xlsx_table,
)
from tawthiq.ingest.canonical import CanonicalHeader, header_from_index, map_header
from tawthiq.ingest.incidents import (
    detect_incident_format,
    hxl_incident_columns,
    import_incident_table,
)
from tawthiq.ingest.mapping import (
    FORMATS,
    HXL_VICTIM_FIELDS,
    Mapping,
    hxl_index,
    load_mapping,
    mapped_index,
)
from tawthiq.ingest.run import (
    ImportSummary,
    import_victim_table,
    refuse_file_of_another_source,
)
from tawthiq.normalize import DateOrder
from tawthiq.store.schema import Source

__all__ = ["FORMATS", "detect_format", "import_file"]

_SPREADSHEET = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
_JSONL = {".jsonl", ".ndjson", ".json"}
_FORMAT_ALIASES = {
    "canonical": "csv",
    "json": "jsonl",
    "ndjson": "jsonl",
    "xls": "xlsx",
    "insecurity_insight": "shcc",
}
_INCIDENT_EXPORTS = frozenset({"acled", "ucdp", "airwars", "shcc"})


def _has_hashtag_row(path: Path, encoding: str) -> bool:
    try:
        header, rows = read_csv_rows(path, encoding)
    except InputError:
        return False
    if hashtag_row(header):
        return True
    for i, row in enumerate(rows):
        if hashtag_row(row.values):
            return True
        if i >= 1:  # a hashtag row sits right under the text header, if anywhere
            return False
    return False


def detect_format(path: Path, encoding: str = "utf-8") -> str:
    """The format of a file, from its extension and header (see the module docstring)."""
    suffix = path.suffix.lower()
    if suffix in _SPREADSHEET:
        table = read_xlsx_table(path)
        return detect_incident_format(table.columns) or "xlsx"
    if suffix in _JSONL:
        return "jsonl"
    if _has_hashtag_row(path, encoding):
        return "hxl"
    header, _ = read_csv_rows(path, encoding)
    return detect_incident_format(header) or "csv"


def _open(path: Path, fmt: str, encoding: str, sheet: str | None) -> Table:
    if fmt in {"xlsx"} or (fmt in _INCIDENT_EXPORTS and path.suffix.lower() in _SPREADSHEET):
        return read_xlsx_table(path, sheet)
    if fmt == "jsonl":
        return read_jsonl_table(path, encoding)
    if fmt == "hxl" or (fmt in _INCIDENT_EXPORTS and _has_hashtag_row(path, encoding)):
        return read_hxl_table(path, encoding)  # the hashtag row is not a data row
    return read_csv_table(path, encoding)


def _victim_header(
    table: Table,
    fmt: str,
    mapping: Mapping | None,
    file: str,
    date_order: DateOrder | None,
    derivation: DeriveSettings,
) -> CanonicalHeader:
    if mapping is not None:
        index = mapped_index(table.columns, mapping, file, table.hashtags)
        return header_from_index(
            table.columns,
            index,
            file,
            constants=mapping.constants,
            date_order=date_order,
            derivation=derivation,
        )
    if fmt == "hxl" and table.hashtags is not None:
        index = hxl_index(table.hashtags, HXL_VICTIM_FIELDS)
        if "record_id" not in index:
            raise InputError(
                "no HXL record id column (#meta+id or #affected+id); found: "
                + ", ".join(t for t in table.hashtags if t),
                file=file,
            )
        return header_from_index(
            table.columns, index, file, date_order=date_order, derivation=derivation
        )
    return map_header(table.columns, file, date_order=date_order, derivation=derivation)


def import_file(
    engine: Engine,
    path: Path,
    source: str | None,
    *,
    fmt: str | None = None,
    mapping: Path | Mapping | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    date_order: DateOrder | None = None,
    run_by: str | None = None,
    on_rows: Callable[[int], None] | None = None,
    keep_rejections: int = 10_000,
    parallel: bool | None = None,
    allow_duplicate_file: bool = False,
    period_start: date | None = DEFAULT_PERIOD_START,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import any supported file for ``source`` (default: the mapping file's ``source``).

    Explicit arguments win over the mapping file, which wins over detection from the file.
    All or nothing, like :func:`import_canonical_csv`. ``period_start`` is the first day of the
    period the workspace documents (earlier dates of death are warned); the same bytes already
    imported for another source are refused unless ``allow_duplicate_file``.
    """
    file = str(path)
    spec = load_mapping(mapping) if isinstance(mapping, Path) else mapping
    source = source or (spec.source if spec else None)
    if not source:
        raise InputError("no source given: pass --source NAME or set source in the mapping")
    enc = encoding or (spec.encoding if spec else None) or "utf-8"
    order = date_order or (spec.date_order if spec else None)
    sheet = sheet or (spec.sheet if spec else None)
    chosen = fmt or (spec.format if spec else None)
    table: Table | None = None
    if chosen:
        chosen = _FORMAT_ALIASES.get(chosen, chosen)
    elif path.suffix.lower() in _SPREADSHEET:  # read once: the header tells the format
        table = read_xlsx_table(path, sheet)
        chosen = (detect_incident_format(table.columns) if spec is None else None) or "xlsx"
    else:
        chosen = detect_format(path, enc)
    if chosen not in FORMATS:
        raise InputError(f"unknown format {chosen!r}; supported: {', '.join(FORMATS)}")
    fd = digest(path)
    if table is None:
        table = _open(path, chosen, enc, sheet)
    incident_fmt = chosen if chosen in {*_INCIDENT_EXPORTS, "report"} else None
    if chosen == "hxl" and spec is None:
        incident_fmt = detect_incident_format(table.columns, table.hashtags)
    if spec is not None and spec.kind == "incidents":
        incident_fmt = "mapping"  # the mapping file describes the layout
    settings: dict[str, Any] = spec.as_json() if spec is not None else {}
    if order:
        settings["date_order"] = order
    if sheet:
        settings["sheet"] = sheet
    if incident_fmt == "hxl":
        settings["hxl_columns"] = hxl_incident_columns(table)
    if period_start != DEFAULT_PERIOD_START:
        settings["period_start"] = None if period_start is None else period_start.isoformat()
    if incident_fmt is not None:
        if not allow_duplicate_file:
            with engine.begin() as conn:
                refuse_file_of_another_source(conn, _source_id(conn, source), fd.sha256, file)
        return import_incident_table(
            engine,
            path,
            source,
            table,
            fd=fd,
            fmt=incident_fmt,
            encoding=enc,
            settings=settings or None,
            run_by=run_by,
            on_rows=on_rows,
            keep_rejections=keep_rejections,
        )
    derivation = DeriveSettings(
        date_order=order,
        values=spec.values if spec is not None else {},
        period_start=period_start,
        today=date.today(),
    )
    header = _victim_header(table, chosen, spec, file, order, derivation)
    stored_fmt = "canonical-csv" if chosen == "csv" and spec is None else chosen
    return import_victim_table(
        engine,
        path,
        source,
        table,
        header,
        fd=fd,
        fmt=stored_fmt,
        encoding=enc,
        settings=settings or None,
        run_by=run_by,
        on_rows=on_rows,
        keep_rejections=keep_rejections,
        parallel=parallel,
        allow_duplicate_file=allow_duplicate_file,
        on_progress=on_progress,
    )


def _source_id(conn: Connection, name: str) -> int:
    """The id of a source, or -1 when there is none yet (no run can belong to it)."""
    found = conn.execute(select(Source.id).where(Source.name == name)).scalar_one_or_none()
    return -1 if found is None else int(found)
