"""``tawthiq vocab``: what a list's values became in tawthiq's vocabularies."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from tawthiq.cli._common import console, handle_errors
from tawthiq.cli.workspace import opened_store
from tawthiq.ingest.unmapped import UNMAPPED_FIELDS, unmapped_values

__all__ = ["register", "vocab_app"]

vocab_app = typer.Typer(
    help="Vocabularies: the values of your lists that did not map to a code.",
    no_args_is_help=True,
)


@handle_errors
def unmapped_cmd(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Option("--source", "-s", help="Only this source.", show_default=False)
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            "--field",
            "-f",
            help=f"Only this field: {', '.join(UNMAPPED_FIELDS)}.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", help="Show at most this many values (0: all).")
    ] = 100,
) -> None:
    """Every as-recorded value that did not map to a code, with its count, field and source,
    most frequent first: the to-do list for a mapping file's [values.FIELD] tables."""
    with opened_store(ctx) as (_, engine):
        found = unmapped_values(engine, source=source, field=field)
    shown = found if limit <= 0 else found[:limit]
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "unmapped": [u.to_dict() for u in shown],
                    "values": len(found),
                    "records": sum(u.count for u in found),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not found:
        console.print("every recorded value maps to a code", markup=False)
        return
    t = Table("records", "source", "field", "value", "outcome", title="Values without a code")
    for u in shown:
        t.add_row(f"{u.count:,}", u.source, u.field, u.value, u.outcome)
    console.print(t)
    rest = len(found) - len(shown)
    tail = f" ({rest} more: --limit 0)" if rest > 0 else ""
    console.print(
        f"{len(found)} values in {sum(u.count for u in found):,} records{tail}. Map them in the "
        'list\'s mapping file, e.g.\n  [values.perpetrator]\n  "Regime forces" = '
        '"syrian_government"\nthen re-import with --mapping (docs/import.md).',
        markup=False,
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    vocab_app.command("unmapped")(unmapped_cmd)
    app.add_typer(vocab_app, name="vocab")
