"""The ``tawthiq`` command line: thin commands that parse, call one stage function and print.

Each area lives in its own module with a ``register(app)`` function; this module builds the app,
handles the global ``--workspace`` option and registers the areas.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from tawthiq import __version__
from tawthiq.cli import (
    demo,
    estimate,
    evidence,
    incidents,
    link,
    report,
    simulate,
    vocab,
    web,
    workspace,
)

__all__ = ["app", "main"]


def _flags_show_no_type() -> None:
    """Typer 0.29 prints a flag's Python type in help as if it took a value ("--json <bool>");
    a flag takes none, so its help shows no type."""
    shown = typer.core.TyperOption.display_type_rich

    def display(self: typer.core.TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    typer.core.TyperOption.display_type_rich = display  # type: ignore[method-assign]


_flags_show_no_type()

app = typer.Typer(
    name="tawthiq",
    help="Document civilian harm: import lists, link persons, estimate, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tawthiq {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    workspace_opt: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Workspace directory (default: $TAWTHIQ_WORKSPACE, else the current directory).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    env = os.environ.get("TAWTHIQ_WORKSPACE")
    ws = workspace_opt or (Path(env) if env else None)
    ctx.obj = {"workspace": ws}


for _area in (workspace, vocab, simulate, link, estimate, evidence, web, demo, report, incidents):
    _area.register(app)


def main() -> None:
    """Console-script entry point: any failure ends in one line on stderr (``cli._errors``)."""
    from tawthiq.cli._errors import run

    sys.exit(run(app))
