"""Every way a command can fail ends in one line on stderr, never a traceback.

``run`` is what the console script calls: it runs the Typer app outside Click's standalone mode
so that usage mistakes, interruptions and unexpected errors all come back here and are said in
one line (``tawthiq: error: …``) with an exit code (2 for usage, 130 for an interruption, 1 for
the rest). ``TAWTHIQ_DEBUG=1`` re-raises unexpected errors, traceback and all, for developers.

A SQLite store allows one writer at a time. Each command that opens a store says so in a small
file beside it (``running_command``); a command that waited out the busy timeout
(``store.engine.BUSY_TIMEOUT_S``) for another's write names the command holding the store.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from sqlalchemy.exc import OperationalError

__all__ = ["describe", "holders", "is_busy", "note_progress", "run", "running_command"]

_PREFIX = ".tawthiq-running-"
_roots: list[Path] = []
"""The workspaces this process has opened (a command opens one): where to look for holders
when a busy store is reported after the command's store was already closed."""


class _Marker:
    """This command's mark beside the store: what it is, since when, how far it has got."""

    def __init__(self, path: Path, command: str) -> None:
        self.path = path
        self.info: dict[str, Any] = {
            "pid": os.getpid(),
            "command": command,
            "since": time.strftime("%H:%M:%S"),
        }
        self._written_at = 0.0
        self.written = self._write()

    def _write(self) -> bool:
        try:
            self.path.write_text(json.dumps(self.info), encoding="utf-8")
        except OSError:
            return False
        self._written_at = time.monotonic()
        return True

    def progress(self, **fields: Any) -> None:
        """Record how far the command has got (written at most once a second)."""
        self.info.update(fields)
        if self.written and time.monotonic() - self._written_at >= 1.0:
            self._write()


_markers: list[_Marker] = []


@contextmanager
def running_command(root: Path, command: str = "") -> Iterator[None]:
    """Mark ``root``'s store as used by ``command`` ("import list.csv") while the block runs
    (best effort: a read-only or vanished directory only loses the naming of holders)."""
    mark = _Marker(root / f"{_PREFIX}{os.getpid()}", command)
    _roots.append(root)
    _markers.append(mark)
    try:
        yield
    finally:
        _markers.remove(mark)
        if mark.written:
            mark.path.unlink(missing_ok=True)


def note_progress(**fields: Any) -> None:
    """Tell other commands how far this one has got (``rows``, ``share`` of the file)."""
    if _markers:
        _markers[-1].progress(**fields)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def holders(root: Path) -> list[str]:
    """The other tawthiq commands using the store at ``root`` ("import (pid 41, since 14:02)");
    marks left by killed commands are removed."""
    out: list[str] = []
    for mark in sorted(root.glob(f"{_PREFIX}*")):
        try:
            info: dict[str, Any] = json.loads(mark.read_text(encoding="utf-8"))
            pid = int(info["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if pid == os.getpid():
            continue
        if not _alive(pid):
            mark.unlink(missing_ok=True)
            continue
        done = ""
        if info.get("rows") is not None:
            done = f"; {int(info['rows']):,} rows so far"
            if info.get("share") is not None:
                done += f", {float(info['share']):.0%} of the file read"
        out.append(
            f"tawthiq {info.get('command') or '?'} (pid {pid}, since {info.get('since')}{done})"
        )
    return out


def is_busy(err: BaseException) -> bool:
    """Whether ``err`` is SQLite giving up on a store another command is writing."""
    inner = err.orig if isinstance(err, OperationalError) else err
    return isinstance(inner, sqlite3.OperationalError) and "locked" in str(inner).lower()


def describe(err: BaseException) -> str:
    """One line saying what went wrong, in the user's terms where it is a known kind."""
    if is_busy(err):
        from tawthiq.store.engine import BUSY_TIMEOUT_S

        root = _roots[-1] if _roots else None
        who = holders(root) if root is not None else []
        held = f"; held by {', '.join(who)}" if who else ""
        return (
            f"the workspace store is busy with another command's write (waited "
            f"{BUSY_TIMEOUT_S:g} s){held}; run this again when it has finished"
        )
    if isinstance(err, OSError) and err.strerror:
        where = f": {err.filename}" if err.filename else ""
        return f"{err.strerror}{where}"
    first = (str(err).strip().splitlines() or [""])[0]
    return (
        f"unexpected {type(err).__name__}: {first} (this is a bug in tawthiq; "
        "TAWTHIQ_DEBUG=1 shows where it happened)"
    )


def _say(message: str) -> None:
    print(f"tawthiq: error: {message}", file=sys.stderr)


def run(app: Callable[..., Any], args: list[str] | None = None) -> int:
    """Run the app on ``args`` (default: the command line) and return its exit code."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

    try:
        rv = app(args=args, prog_name="tawthiq", standalone_mode=False)
    except NoArgsIsHelpError:  # a group given no command: Typer has printed its help
        return 2
    except UsageError as err:
        where = err.ctx.command_path if err.ctx is not None else "tawthiq"
        _say(f"{err.format_message()} (see: {where} --help)")
        return 2
    except ClickException as err:
        _say(err.format_message())
        return err.exit_code
    except (typer.Abort, KeyboardInterrupt):
        _say("interrupted")
        return 130
    except Exception as err:
        if os.environ.get("TAWTHIQ_DEBUG"):
            raise
        _say(describe(err))
        return 1
    return rv if isinstance(rv, int) else 0
