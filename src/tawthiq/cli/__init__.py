"""The ``tawthiq`` command line: thin commands that parse, call one stage function and print.

Each area lives in its own module with a ``register(app)`` function; this module builds the app,
handles the global ``--workspace`` option and registers the areas.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

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
    """Console-script entry point."""
    app()
