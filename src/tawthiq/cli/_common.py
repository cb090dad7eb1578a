"""What every command shares: the workspace option, console output and error exits."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from tawthiq.cli._errors import note_progress
from tawthiq.errors import TawthiqError

__all__ = [
    "ImportProgress",
    "console",
    "err_console",
    "fail",
    "handle_errors",
    "import_progress",
    "progress",
    "workspace_dir",
    "wrapping",
]

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

P = ParamSpec("P")
R = TypeVar("R")


def wrapping(table: Table) -> Table:
    """``table`` with every cell wrapped, never cut, when the terminal is narrow: a file name
    or a status shortened to "nothing_…" at 80 columns tells the user nothing."""
    for column in table.columns:
        column.overflow = "fold"
    return table


def workspace_dir(ctx: typer.Context) -> Path:
    """The workspace chosen by ``--workspace``, ``TAWTHIQ_WORKSPACE`` or the current directory."""
    root = ctx.find_root()
    obj: dict[str, Any] = root.obj or {}
    ws = obj.get("workspace")
    return Path(ws) if ws is not None else Path.cwd()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line reason on stderr and return the exit to raise."""
    first_line = message.strip().splitlines()[0] if message.strip() else "failed"
    print(f"tawthiq: error: {first_line}", file=sys.stderr)
    return typer.Exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a ``TawthiqError`` into a one-line message on stderr and exit code 1."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TawthiqError as err:
            from tawthiq.cli._errors import describe, is_busy

            busy = err.__cause__ is not None and is_busy(err.__cause__)
            raise fail(describe(err.__cause__) if busy else str(err)) from None  # type: ignore[arg-type]

    return wrapper


@contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on a terminal; silent in pipes and CI. Yields ``advance(n)``."""
    if not err_console.is_terminal:
        yield lambda n: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def step_status() -> Iterator[Callable[[int, int, str], None]]:
    """A line naming the step running ("[5/6] estimating … 0:00:12") with the time it has
    taken so far, for work that cannot count its own progress; silent in pipes and CI."""
    if not err_console.is_terminal:
        yield lambda _i, _n, _what: None
        return
    with Progress(
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def on_step(i: int, n: int, what: str) -> None:
            bar.reset(task, description=f"[{i}/{n}] {what} …")

        yield on_step


class ImportProgress:
    """What an import reports while it runs: rows landed, and how far the reader has got."""

    def __init__(self, bar: Progress | None, task: Any = None) -> None:
        self._bar = bar
        self._task = task
        self.rows_done = 0

    def rows(self, n: int) -> None:
        self.rows_done += n
        note_progress(rows=self.rows_done)  # for `tawthiq status` in another terminal
        if self._bar is not None:
            self._bar.update(self._task, rows=self.rows_done)

    def position(self, done: int, total: int) -> None:
        if total > 0:
            note_progress(share=min(done, total) / total)
        if self._bar is not None and total > 0:
            self._bar.update(self._task, completed=min(done, total), total=total)


@contextmanager
def import_progress(description: str) -> Iterator[ImportProgress]:
    """A progress bar for an import: share of the file read, rows landed and the time left
    (estimated from the bytes read, as row counts are unknown until the end); silent in pipes
    and CI."""
    if not err_console.is_terminal:
        yield ImportProgress(None)
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rows]:,} rows"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None, rows=0)
        yield ImportProgress(bar, task)
