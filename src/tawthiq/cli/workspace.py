"""Commands of the workspace (filled in by the issue that builds the stage)."""

from __future__ import annotations

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add this area's commands to app."""
