"""Workspace commands: init, import, normalize, export, status."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.table import Table
from sqlalchemy import Engine

from tawthiq.cli._common import (
    console,
    err_console,
    fail,
    handle_errors,
    import_progress,
    progress,
    workspace_dir,
    wrapping,
)
from tawthiq.cli._errors import running_command
from tawthiq.config import Workspace, init_workspace, open_workspace
from tawthiq.evidence import ensure_log_key, seal_workspace
from tawthiq.ingest import FORMATS, ImportSummary, current_user, import_file, renormalize
from tawthiq.ingest.unmapped import place_precisions
from tawthiq.normalize import DateOrder
from tawthiq.report import export_problems, export_records, export_rejected
from tawthiq.store import open_store
from tawthiq.store import records as db

__all__ = ["export_app", "opened_store", "register"]

export_app = typer.Typer(
    help="Export records, rejected rows, persons or capture tables as CSV.", no_args_is_help=True
)

MAX_PRINTED_PROBLEMS = 50
MAX_PRINTED_KINDS = 12


@contextmanager
def opened_store(ctx: typer.Context) -> Iterator[tuple[Workspace, Engine]]:
    """The workspace of this invocation and its migrated store, closed afterwards."""
    ws = open_workspace(workspace_dir(ctx))
    command = ctx.command_path.removeprefix(ctx.find_root().info_name or "").strip()
    file = ctx.params.get("file")
    if isinstance(file, Path):
        command += f" {file.name}"  # the file's name only: never a folder, never a person
    with running_command(ws.root, command):
        engine = open_store(ws)
        try:
            yield ws, engine
            # After each command, log what it wrote and sign a checkpoint (a no-op when
            # nothing did).
            seal_workspace(ws, engine)
        finally:
            engine.dispose()


@handle_errors
def init_cmd(
    ctx: typer.Context,
    directory: Annotated[
        Path | None, typer.Argument(help="Directory to create (default: the workspace).")
    ] = None,
) -> None:
    """Create a workspace: a tawthiq.toml and an empty, up-to-date store."""
    root = directory or workspace_dir(ctx)
    ws, created = init_workspace(root)
    open_store(ws).dispose()
    ensure_log_key(ws)
    where = "SQLite file tawthiq.db" if ws.is_sqlite else "the database in TAWTHIQ_DATABASE_URL"
    verb = "created" if created else "already a workspace; store brought up to date"
    console.print(f"{ws.root}: {verb} ({where})")


def print_import_summary(summary: ImportSummary) -> None:
    if summary.already_imported is not None:
        console.print(
            f"{summary.file}: already imported for source {summary.source!r} "
            f"(run {summary.already_imported}, sha256 {summary.sha256[:12]}…): "
            "0 new, nothing changed"
        )
        return
    for p in summary.rejections[:MAX_PRINTED_PROBLEMS]:
        err_console.print(f"rejected: {p.describe(summary.file)}", markup=False, highlight=False)
    c = summary.counts
    extra = len(summary.rejections) - MAX_PRINTED_PROBLEMS
    if extra > 0:
        err_console.print(
            f"… and {extra} more; all rejected rows: "
            f"tawthiq export rejected --run {summary.run_id} --out rejected.csv",
            markup=False,
        )
    what = "incidents" if summary.kind == "incidents" else "records"
    dup = "incident id" if summary.kind == "incidents" else "record_id"
    console.print(
        f"run {summary.run_id}: {summary.source!r} ← {summary.file}: read {c.read}, "
        f"imported {c.imported} {what}, updated {c.updated}, unchanged {c.unchanged}, "
        f"rejected {c.rejected} (duplicate {dup} {c.duplicate}); "
        f"{summary.warnings} warnings kept with the rows",
        markup=False,
        highlight=False,
    )
    for note in summary.notes:
        err_console.print(f"warning: {note}", markup=False, highlight=False)
    print_problem_kinds(summary)


def print_problem_kinds(summary: ImportSummary) -> None:
    """Problems by kind, most frequent first, and where to see every one of them."""
    kinds = summary.problem_kinds
    if not kinds:
        return
    if summary.kind != "incidents":
        console.print(
            f"{summary.warned_rows} of {summary.counts.read} rows kept with warnings; "
            "problems by kind (rows):",
            markup=False,
            highlight=False,
        )
    else:
        console.print("problems by kind (rows):", markup=False, highlight=False)
    for k in kinds[:MAX_PRINTED_KINDS]:
        console.print(
            f"  {k.rows:>8,}  {k.severity:<7}  {k.field}: {k.message}",
            markup=False,
            highlight=False,
        )
    if len(kinds) > MAX_PRINTED_KINDS:
        console.print(f"  … and {len(kinds) - MAX_PRINTED_KINDS} more kinds", markup=False)
    console.print(
        f"every problem, row by row: tawthiq export problems --run {summary.run_id} "
        "--out problems.csv",
        markup=False,
        highlight=False,
    )


@handle_errors
def import_cmd(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A victim list (CSV, XLSX, JSON lines, HXL) or an incident export "
            "(ACLED, UCDP GED, Airwars-style).",
            show_default=False,
        ),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--source", "-s", help="Name of the list/organisation (default: the mapping's)."
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"Input format: {', '.join(FORMATS)} (default: from the mapping or the file).",
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", "-m", help="Mapping file (TOML): source columns → fields."),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="Text encoding of the file, e.g. cp1256 (default utf-8)."),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="XLSX sheet name or number (default: first).")
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order", help="Order of numeric dates such as 03/04/2016: dmy, mdy or ymd."
        ),
    ] = None,
    allow_duplicate_file: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate-file",
            help="Import a file whose exact bytes were already imported for another source.",
        ),
    ] = False,
) -> None:
    """Import a list for a source; every row is kept, rejected rows with their reasons."""
    if fmt is not None and fmt not in (*FORMATS, "canonical", "json", "ndjson"):
        raise fail(f"--format {fmt!r} is not supported; supported: {', '.join(FORMATS)}")
    if date_order is not None and date_order not in ("dmy", "mdy", "ymd"):
        raise fail(f"--date-order {date_order!r}: use dmy, mdy or ymd")
    if not file.is_file():
        raise fail(f"{file}: no such file")
    if mapping is not None and not mapping.is_file():
        raise fail(f"{mapping}: no such mapping file")
    order = cast("DateOrder | None", date_order)
    with opened_store(ctx) as (ws, engine), import_progress(f"importing {file.name}") as bar:
        summary = import_file(
            engine,
            file,
            source,
            fmt=fmt,
            mapping=mapping,
            encoding=encoding,
            sheet=sheet,
            date_order=order,
            on_rows=bar.rows,
            on_progress=bar.position,
            allow_duplicate_file=allow_duplicate_file,
            period_start=ws.period_start,
        )
    print_import_summary(summary)
    if summary.already_imported is None and summary.landed == 0:
        raise fail(f"{file}: no row could be imported ({summary.counts.rejected} rejected)")


@handle_errors
def normalize_cmd(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
) -> None:
    """Re-derive every normalised field (names, keys, dates, ages, places, codes) of the stored
    victim records and incidents from what was recorded, after a rule change; one transaction."""
    with opened_store(ctx) as (_, engine), progress("normalising records") as advance:
        s = renormalize(engine, run_by=current_user(), dry_run=dry_run, on_rows=advance)
    verb = "would change" if s.dry_run else "changed"
    console.print(
        f"normalised {s.records} records: {verb} {s.changed}; "
        f"{s.warnings} warnings, {s.errors} values no longer readable (left empty)",
        markup=False,
        highlight=False,
    )
    for column, count in sorted(s.columns.items(), key=lambda kv: (-kv[1], kv[0])):
        console.print(f"  {column}: {count}", markup=False, highlight=False)
    if s.incidents:
        console.print(
            f"re-read {s.incidents} imported incidents: {verb} {s.incidents_changed}",
            markup=False,
            highlight=False,
        )
        for column, count in sorted(s.incident_columns.items(), key=lambda kv: (-kv[1], kv[0])):
            console.print(f"  {column}: {count}", markup=False, highlight=False)


@handle_errors
def export_records_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write.")],
) -> None:
    """All victim records with their source and normalised fields."""
    with opened_store(ctx) as (_, engine):
        s = export_records(engine, out)
    console.print(f"{s.rows} records → {s.path}")


@handle_errors
def export_rejected_cmd(
    ctx: typer.Context,
    run: Annotated[int, typer.Option("--run", help="Import run number (see tawthiq status).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write.")],
) -> None:
    """The rejected rows of an import run in the file's own columns, with their reasons:
    fix them and import the file again."""
    with opened_store(ctx) as (_, engine):
        s = export_rejected(engine, run, out)
    console.print(f"{s.rows} rejected rows of run {run} → {s.path}")


@handle_errors
def export_problems_cmd(
    ctx: typer.Context,
    run: Annotated[int, typer.Option("--run", help="Import run number (see tawthiq status).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write.")],
) -> None:
    """Every problem of an import run, one line each: row, line, status, severity, field,
    the file's column and the message."""
    with opened_store(ctx) as (_, engine):
        s = export_problems(engine, run, out)
    console.print(f"{s.rows} problems of run {run} → {s.path}")


@handle_errors
def export_persons_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write.")],
) -> None:
    """Linked persons: person_id,source,record_id, one row per record (after tawthiq link)."""
    from tawthiq.link import export_persons

    with opened_store(ctx) as (_, engine):
        rows = export_persons(engine, out)
    if rows == 0:
        raise fail("no linked persons yet; run tawthiq link first")
    console.print(f"{rows} records of linked persons → {out}", markup=False, highlight=False)


@handle_errors
def export_capture_table_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write.")],
    strata: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated stratum fields (governorate, year, sex, status, cause, "
            "perpetrator) written as columns; then run `tawthiq mse FILE --strata COLS`.",
        ),
    ] = None,
) -> None:
    """Capture histories of the linked persons, as `tawthiq mse FILE` reads them."""
    from tawthiq.estimate import write_capture_table

    columns = [c.strip() for c in strata.split(",") if c.strip()] if strata else []
    with opened_store(ctx) as (_, engine):
        done = write_capture_table(engine, out, columns)
    for note in done.notes:
        err_console.print(f"note: {note}", markup=False, highlight=False)
    then = f"tawthiq mse {out}" + (f" --strata {','.join(done.strata)}" if done.strata else "")
    console.print(
        f"{done.persons:,} persons on {len(done.lists)} lists ({', '.join(done.lists)}) in "
        f"{done.rows:,} rows → {out}; estimate with `{then}`",
        markup=False,
        highlight=False,
    )


@handle_errors
def status_cmd(
    ctx: typer.Context,
    places: Annotated[
        bool,
        typer.Option(
            "--places", help="How precisely each source's places resolved (P-code levels)."
        ),
    ] = False,
) -> None:
    """Sources, record counts and the latest import runs."""
    busy = _writer_holding(open_workspace(workspace_dir(ctx)))
    if busy:  # answer at once rather than wait for a long import to end
        console.print(
            "the store is being written by "
            + "; ".join(busy)
            + ". Counts are shown once it has finished (run `tawthiq status` again).",
            markup=False,
            highlight=False,
        )
        return
    if places:
        with opened_store(ctx) as (_, engine):
            _print_places(place_precisions(engine))
        return
    with opened_store(ctx) as (ws, engine), engine.connect() as conn:
        sources = db.source_summaries(conn)
        runs = db.recent_runs(conn)
    console.print(f"workspace {ws.root} ({'SQLite' if ws.is_sqlite else 'server database'})")
    t = Table("source", "records", "import runs", title="Sources")
    for s in sources:
        t.add_row(s.name, f"{s.records:,}", f"{s.runs:,}")
    console.print(wrapping(t))
    total = sum(s.records for s in sources)
    persons = sources[0].persons if sources else 0
    console.print(f"{total:,} records in {len(sources)} sources; {persons:,} linked persons")
    r = Table(
        "run",
        "source",
        "file",
        "status",
        "read",
        "new",
        "updated",
        "same",
        "rejected",
        title="Latest import runs",
    )
    for run in runs:
        r.add_row(
            str(run["run"]),
            run["source"],
            run["file"],
            run["status"],
            f"{run['read']:,}",
            f"{run['imported']:,}",
            f"{run['updated']:,}",
            f"{run['unchanged']:,}",
            f"{run['rejected']:,}",
        )
    console.print(wrapping(r))


def _writer_holding(ws: Workspace) -> list[str]:
    """The commands writing a SQLite store that a reader cannot read now (empty when the store
    reads, or is a server database, which lets readers read during a write)."""
    import sqlite3

    from sqlalchemy.engine import make_url

    from tawthiq.cli._errors import holders

    if not ws.is_sqlite:
        return []
    others = holders(ws.root)
    path = make_url(ws.database_url).database
    if not others or not path or not Path(path).is_file():
        return []
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            db.close()
    except sqlite3.OperationalError:
        return others
    return []


def _print_places(rows: list[Any]) -> None:
    t = Table("source", "precision", "records", "share", "with place text", title="Places")
    totals: dict[str, int] = {}
    for r in rows:
        totals[r.source] = totals.get(r.source, 0) + r.records
    below: dict[str, int] = {}
    for r in rows:
        share = r.records / totals[r.source] if totals[r.source] else 0.0
        t.add_row(r.source, r.precision, f"{r.records:,}", f"{share:.1%}", f"{r.with_place_text:,}")
        if r.precision in {"neighbourhood", "community", "subdistrict", "district"}:
            below[r.source] = below.get(r.source, 0) + r.records
    console.print(t)
    for source, total in totals.items():
        n = below.get(source, 0)
        console.print(
            f"{source}: {n:,} of {total:,} records ({n / total:.1%}) resolved below the "
            "governorate; unresolved place texts: tawthiq vocab unmapped --field place",
            markup=False,
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    app.command("init")(init_cmd)
    app.command("import")(import_cmd)
    app.command("normalize")(normalize_cmd)
    app.command("status")(status_cmd)
    export_app.command("records")(export_records_cmd)
    export_app.command("rejected")(export_rejected_cmd)
    export_app.command("problems")(export_problems_cmd)
    export_app.command("persons")(export_persons_cmd)
    export_app.command("capture-table")(export_capture_table_cmd)
    app.add_typer(export_app, name="export")
