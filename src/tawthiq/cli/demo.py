"""``tawthiq demo``: simulate a world and run every stage on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tawthiq.cli._common import console, handle_errors, step_status

__all__ = ["register"]


@handle_errors
def demo_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the demo.")] = Path(
        "tawthiq-demo"
    ),
    people: Annotated[int, typer.Option(help="True deaths in the simulated world.")] = 5_000,
    lists: Annotated[int, typer.Option(help="Documenting lists.")] = 4,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
) -> None:
    """Simulate a conflict world, import its lists, link, estimate and report what exists."""
    from tawthiq.demo import run_demo

    with step_status() as on_step:
        result = run_demo(
            out,
            people=people,
            lists=lists,
            seed=seed,
            say=lambda s: console.print(s, markup=False),
            on_step=on_step,
        )
    console.print(f"\ndemo output in {result.out.resolve()}:", markup=False)
    rows = {"workspace": result.workspace, "lists": result.lists_dir, **result.outputs}
    width = max(len(name) for name in rows)
    for name, path in rows.items():
        console.print(f"  {name:<{width}}  {path.resolve()}", markup=False)
    console.print(
        f"explore it: tawthiq -w {result.workspace} status", markup=False, highlight=False
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_cmd)
