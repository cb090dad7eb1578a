"""``tawthiq evidence add|verify`` and ``tawthiq log checkpoint|key|entries|prove``.

These commands are a contract for outside checks (design overview): ``verify`` prints
``ok: N items, tree size T, root R`` (R in hex) and exits 0, or names every failure and exits 1;
the JSON of ``log entries`` and ``log prove`` uses hex for hashes.
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated

import typer

from tawthiq.cli._common import console, err_console, fail, handle_errors, progress
from tawthiq.cli.workspace import opened_store
from tawthiq.errors import ConfigError
from tawthiq.evidence import (
    add_files,
    copy_out,
    ensure_log_key,
    entries,
    export_bundle,
    find_similar,
    load_tree,
    record_custody,
    seal_workspace,
    verify,
)
from tawthiq.store import evidence as db

__all__ = ["register"]

evidence_app = typer.Typer(help="The evidence vault: add files, verify everything.")
log_app = typer.Typer(help="The transparency log: checkpoints, keys, entries and proofs.")


def _actor() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return None


@evidence_app.command("add")
@handle_errors
def add_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Files to add.", show_default=False)],
    source: Annotated[str | None, typer.Option(help="Source the files came from.")] = None,
    incident: Annotated[int | None, typer.Option(help="Incident id to link them to.")] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with each new item.")] = None,
) -> None:
    """Store files in the vault under their SHA-256, record custody and seal the log."""
    with opened_store(ctx) as (ws, engine):
        added = add_files(
            ws, engine, files, source=source, incident=incident, note=note, actor=_actor()
        )
        with engine.connect() as conn:
            size = db.log_size(conn)
    for item in added:
        state = "added" if item.new else "already in the vault"
        console.print(
            f"{state}: {item.path.name} → item {item.item_id}, sha256 {item.sha256}, "
            f"{item.size:,} bytes",
            markup=False,
            highlight=False,
        )
    console.print(f"log sealed at tree size {size}", highlight=False)


@evidence_app.command("verify")
@handle_errors
def verify_cmd(ctx: typer.Context) -> None:
    """Re-hash every blob, rebuild the log, check every checkpoint and logged row."""
    with opened_store(ctx) as (ws, engine):
        signer, _ = ensure_log_key(ws)
        with engine.connect() as conn:
            items = len(list(db.iter_evidence_items(conn)))
            with progress("verifying blobs", items) as advance:
                report = verify(conn, signer.verifier, ws.blobs_dir, advance)
    if report.ok:
        console.print(report.summary(), highlight=False)
        if report.unsealed:
            err_console.print(f"note: {report.unsealed} entries after the latest checkpoint")
        return
    for problem in report.problems:
        err_console.print(f"FAILED: {problem}", markup=False, highlight=False)
    raise fail(f"verification failed: {len(report.problems)} problem(s)")


@evidence_app.command("similar")
@handle_errors
def similar_cmd(
    ctx: typer.Context,
    item: Annotated[int, typer.Argument(help="Evidence item id.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
) -> None:
    """Items that look the same (perceptual hashes): re-uploads, re-encodes, resizes, crops."""
    with opened_store(ctx) as (_ws, engine):
        found = find_similar(engine, item)
    if as_json:
        typer.echo(json.dumps([vars(f) for f in found], ensure_ascii=False, indent=1))
        return
    if not found:
        console.print(f"no item looks like item {item}")
        return
    for f in found:
        console.print(
            f"item {f.item_id}  score {f.score:.2f}  distance {f.distance:>3}  "
            f"{f.sha256[:12]}…  {f.original_name or ''}",
            markup=False,
            highlight=False,
        )


@evidence_app.command("annotate")
@handle_errors
def annotate_cmd(
    ctx: typer.Context,
    item: Annotated[int, typer.Argument(help="Evidence item id.", show_default=False)],
    note: Annotated[str, typer.Option(help="The annotation.", show_default=False)],
) -> None:
    """Annotate an item (a custody event; the item itself never changes)."""
    with opened_store(ctx) as (ws, engine):
        record_custody(ws, engine, item, "annotated", actor=_actor(), detail={"note": note})
    console.print(f"item {item}: annotated")


@evidence_app.command("link")
@handle_errors
def link_cmd(
    ctx: typer.Context,
    item: Annotated[int, typer.Argument(help="Evidence item id.", show_default=False)],
    incident: Annotated[int, typer.Option(help="Incident id.", show_default=False)],
) -> None:
    """Link an item to an incident (a custody event)."""
    with opened_store(ctx) as (ws, engine):
        record_custody(ws, engine, item, "linked", actor=_actor(), detail={"incident_id": incident})
    console.print(f"item {item}: linked to incident {incident}")


@evidence_app.command("get")
@handle_errors
def get_cmd(
    ctx: typer.Context,
    item: Annotated[int, typer.Argument(help="Evidence item id.", show_default=False)],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="File to write, or a directory (the copy keeps its original name)."
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace a file that exists.")] = False,
) -> None:
    """Copy an item's file out of the vault, checking its hash (a custody event)."""
    with opened_store(ctx) as (ws, engine):
        written = copy_out(ws, engine, item, out, actor=_actor(), force=force)
    console.print(f"item {item} → {written}", markup=False, highlight=False)


@evidence_app.command("export")
@handle_errors
def export_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="Bundle zip to write.")],
    incident: Annotated[int | None, typer.Option(help="Export the incident's evidence.")] = None,
    item: Annotated[
        list[int] | None, typer.Option("--item", help="An item id (repeatable).")
    ] = None,
) -> None:
    """A bundle for an investigator: files, metadata, custody, proofs, checkpoint, verifier."""
    with opened_store(ctx) as (ws, engine):
        summary = export_bundle(ws, engine, out, incident=incident, items=item, actor=_actor())
    console.print(
        f"{summary.items} items, {summary.entries} log entries with proofs against the "
        f"checkpoint of tree size {summary.tree_size} → {summary.path}",
        markup=False,
        highlight=False,
    )
    console.print("verify it: unzip it and run `python verify_bundle.py` (see README.txt)")


@log_app.command("checkpoint")
@handle_errors
def checkpoint_cmd(ctx: typer.Context) -> None:
    """Print the latest signed checkpoint (sealing anything pending first)."""
    with opened_store(ctx) as (ws, engine):
        seal_workspace(ws, engine)
        with engine.connect() as conn:
            latest = db.latest_checkpoint(conn)
    if latest is None:
        raise ConfigError("the log is empty: nothing has been logged yet")
    typer.echo(latest[2], nl=False)


@log_app.command("key")
@handle_errors
def key_cmd(ctx: typer.Context) -> None:
    """Print the verifier key (signed-note vkey format) for checking checkpoints."""
    with opened_store(ctx) as (ws, _engine):
        signer, _ = ensure_log_key(ws)
    typer.echo(signer.verifier.vkey)


@log_app.command("entries")
@handle_errors
def entries_cmd(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
) -> None:
    """List log entries: index, kind, leaf hash and the logged entry."""
    with opened_store(ctx) as (_ws, engine), engine.connect() as conn:
        rows = entries(conn)
    if as_json:
        payload = [
            {"index": e.index, "kind": e.kind, "leaf_hash": e.leaf_hash, "entry": e.entry}
            for e in rows
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    for e in rows:
        console.print(f"{e.index:>8}  {e.kind:<9} {e.leaf_hash}", highlight=False)


@log_app.command("prove")
@handle_errors
def prove_cmd(
    ctx: typer.Context,
    index: Annotated[int | None, typer.Option(help="Leaf index to prove included.")] = None,
    size: Annotated[int | None, typer.Option(help="Tree size (default: the whole log).")] = None,
    first: Annotated[int | None, typer.Option("--from", help="Older tree size.")] = None,
    second: Annotated[int | None, typer.Option("--to", help="Newer tree size.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
) -> None:
    """An inclusion proof (--index [--size]) or a consistency proof (--from --to)."""
    if (index is None) == (first is None and second is None):
        raise fail("give either --index I [--size N] or --from M --to N")
    with opened_store(ctx) as (_ws, engine), engine.connect() as conn:
        tree = load_tree(conn)
    try:
        if index is not None:
            n = tree.size if size is None else size
            path = tree.inclusion_proof(index, n)
            payload: dict[str, object] = {
                "leaf_index": index,
                "tree_size": n,
                "leaf_hash": tree.leaf(index).hex(),
                "root_hash": tree.root(n).hex(),
                "path": [p.hex() for p in path],
            }
        else:
            if first is None or second is None:
                raise fail("a consistency proof needs both --from and --to")
            path = tree.consistency_proof(first, second)
            payload = {
                "first": first,
                "second": second,
                "first_root": tree.root(first).hex(),
                "second_root": tree.root(second).hex(),
                "path": [p.hex() for p in path],
            }
    except ValueError as err:
        raise fail(f"{err} (the log has {tree.size} entries)") from None
    if as_json:
        typer.echo(json.dumps(payload, indent=1))
    else:
        for key, value in payload.items():
            console.print(f"{key}: {value}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(evidence_app, name="evidence")
    app.add_typer(log_app, name="log")
