"""Workspace commands: init, import, export, status."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine

from tawthiq.cli._common import console, err_console, fail, handle_errors, progress, workspace_dir
from tawthiq.config import Workspace, init_workspace, open_workspace
from tawthiq.evidence import ensure_log_key, seal_workspace
from tawthiq.ingest import ImportSummary, import_canonical_csv
from tawthiq.report import export_records, export_rejected
from tawthiq.store import open_store
from tawthiq.store import records as db

__all__ = ["export_app", "opened_store", "register"]

export_app = typer.Typer(
    help="Export records, rejected rows or persons as CSV.", no_args_is_help=True
)

MAX_PRINTED_PROBLEMS = 50


@contextmanager
def opened_store(ctx: typer.Context) -> Iterator[tuple[Workspace, Engine]]:
    """The workspace of this invocation and its migrated store, closed afterwards."""
    ws = open_workspace(workspace_dir(ctx))
    engine = open_store(ws)
    try:
        yield ws, engine
        # After each command, log what it wrote and sign a checkpoint (a no-op when nothing did).
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
    console.print(
        f"run {summary.run_id}: {summary.source!r} ← {summary.file}: read {c.read}, "
        f"imported {c.imported}, updated {c.updated}, unchanged {c.unchanged}, "
        f"rejected {c.rejected} (duplicate record_id {c.duplicate}); "
        f"{summary.warnings} warnings kept with the rows",
        markup=False,
        highlight=False,
    )


@handle_errors
def import_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Canonical victim-record CSV.", show_default=False)],
    source: Annotated[str, typer.Option("--source", "-s", help="Name of the list/organisation.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Input format (canonical CSV for now).")
    ] = "csv",
    encoding: Annotated[
        str, typer.Option("--encoding", help="Text encoding of the file, e.g. cp1256.")
    ] = "utf-8",
) -> None:
    """Import a list for a source; every row is kept, rejected rows with their reasons."""
    if fmt not in {"csv", "canonical"}:
        raise fail(f"--format {fmt!r} is not supported yet; supported: csv")
    if not file.is_file():
        raise fail(f"{file}: no such file")
    with opened_store(ctx) as (_, engine), progress(f"importing {file.name}") as advance:
        summary = import_canonical_csv(engine, file, source, encoding=encoding, on_rows=advance)
    print_import_summary(summary)
    if summary.already_imported is None and summary.landed == 0:
        raise fail(f"{file}: no row could be imported ({summary.counts.rejected} rejected)")


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
    """The rejected rows of an import run, verbatim, with their reasons."""
    with opened_store(ctx) as (_, engine):
        s = export_rejected(engine, run, out)
    console.print(f"{s.rows} rejected rows of run {run} → {s.path}")


@handle_errors
def status_cmd(ctx: typer.Context) -> None:
    """Sources, record counts and the latest import runs."""
    with opened_store(ctx) as (ws, engine), engine.connect() as conn:
        sources = db.source_summaries(conn)
        runs = db.recent_runs(conn)
    console.print(f"workspace {ws.root} ({'SQLite' if ws.is_sqlite else 'server database'})")
    t = Table("source", "records", "import runs", title="Sources")
    for s in sources:
        t.add_row(s.name, str(s.records), str(s.runs))
    console.print(t)
    total = sum(s.records for s in sources)
    persons = sources[0].persons if sources else 0
    console.print(f"{total} records in {len(sources)} sources; {persons} linked persons")
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
            str(run["read"]),
            str(run["imported"]),
            str(run["updated"]),
            str(run["unchanged"]),
            str(run["rejected"]),
        )
    console.print(r)


def register(app: typer.Typer) -> None:
    app.command("init")(init_cmd)
    app.command("import")(import_cmd)
    app.command("status")(status_cmd)
    export_app.command("records")(export_records_cmd)
    export_app.command("rejected")(export_rejected_cmd)
    app.add_typer(export_app, name="export")
