"""No traceback ever reaches a user (issue 17, item 6): every command, given bad arguments,
ends in one line on stderr; flags show no type in help; a busy store names who holds it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer

from tawthiq.cli import app
from tawthiq.cli._errors import describe, holders, run, running_command

AIRWARS = Path(__file__).parents[1] / "ingest" / "data" / "airwars_incidents_real_layout.csv"
SLOW_OR_SERVING = {("demo",), ("serve",), ("simulate",)}
"""Commands that, given plausible arguments, would run a world or a server: probed only with
an unknown option."""


def _commands() -> list[tuple[tuple[str, ...], typer.core.TyperCommand]]:
    out: list[tuple[tuple[str, ...], typer.core.TyperCommand]] = []

    def walk(cmd: object, path: tuple[str, ...]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in sorted(subs.items()):
                walk(sub, (*path, name))
        else:
            out.append((path, cmd))  # type: ignore[arg-type]

    walk(typer.main.get_command(app), ())
    return out


COMMANDS = _commands()


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("tawthiq: error: "), err
    assert "Traceback" not in err
    return lines[0]


def test_every_command_is_probed() -> None:
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"import", "incidents reconcile", "evidence get", "estimate", "report"} <= names
    assert len(COMMANDS) > 40


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p))
def test_an_unknown_option_is_one_line(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(app, [*path, "--no-such-option"])
    assert code == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "--no-such-option" in line and f"tawthiq {' '.join(path)} --help" in line


@pytest.mark.parametrize(
    "path",
    [p for p, _ in COMMANDS if p[:1] not in {s[:1] for s in SLOW_OR_SERVING}],
    ids=lambda p: " ".join(p),
)
def test_plausible_arguments_outside_a_workspace_are_one_line(
    path: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cmd = dict(COMMANDS)[path]
    args: list[str] = ["-w", str(tmp_path / "not-a-workspace"), *path]
    for param in cmd.params:
        if not param.required:
            continue
        value = str(tmp_path / "missing.csv")
        if param.param_type_name == "argument":
            args.extend([value] * max(param.nargs, 1))
        else:
            args.extend([param.opts[0], value])
    code = run(app, args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code != 0:
        _one_error_line(err)


def test_flags_show_no_type_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    for path in (("import",), ("link",), ("incidents", "reconcile"), ("estimate",)):
        assert run(app, [*path, "--help"]) == 0
        out = capsys.readouterr().out
        assert "--help" in out and "<bool>" not in out, path


def test_a_directory_where_a_file_is_written_is_one_line() -> None:
    err = IsADirectoryError(21, "Is a directory", "/tmp/out")
    assert describe(err) == "Is a directory: /tmp/out"


def test_an_unexpected_error_says_it_is_a_bug() -> None:
    line = describe(ValueError("boom\nsecond line"))
    assert line.startswith("unexpected ValueError: boom (this is a bug")


def test_a_busy_store_names_the_command_holding_it(tmp_path: Path) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / f".tawthiq-running-{other.pid}").write_text(
            json.dumps({"pid": other.pid, "command": "import list.csv", "since": "14:02:11"})
        )
        (tmp_path / ".tawthiq-running-999999999").write_text(
            json.dumps({"pid": 999_999_999, "command": "link", "since": "13:00:00"})
        )
        with running_command(tmp_path):
            assert holders(tmp_path) == [
                f"tawthiq import list.csv (pid {other.pid}, since 14:02:11)"
            ]
            line = describe(sqlite3.OperationalError("database is locked"))
        assert "busy with another command's write" in line
        assert f"held by tawthiq import list.csv (pid {other.pid}" in line
        assert not (tmp_path / ".tawthiq-running-999999999").exists()  # a dead command's mark
        assert not (tmp_path / f".tawthiq-running-{os.getpid()}").exists()
    finally:
        other.kill()
        other.wait()


@pytest.mark.slow
def test_a_second_writer_waits_then_names_the_first(tmp_path: Path) -> None:
    """Two real commands on one SQLite store: the second waits out the busy timeout while the
    first holds a write transaction, then fails in one line naming it."""
    ws = tmp_path / "ws"
    env = {**os.environ, "TAWTHIQ_BUSY_TIMEOUT": "1"}
    tawthiq = [sys.executable, "-m", "tawthiq", "-w", str(ws)]
    subprocess.run([*tawthiq, "init"], check=True, capture_output=True, env=env)
    db = sqlite3.connect(ws / "tawthiq.db", isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")  # a write in progress, as a long import holds it
    me = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    (ws / f".tawthiq-running-{me.pid}").write_text(
        json.dumps({"pid": me.pid, "command": "import big.csv", "since": "09:00:00"})
    )
    try:
        started = time.monotonic()
        done = subprocess.run(
            [*tawthiq, "incidents", "import", str(AIRWARS), "--source", "Airwars"],
            capture_output=True,
            text=True,
            env=env,
        )
        waited = time.monotonic() - started
    finally:
        db.rollback()
        db.close()
        me.kill()
        me.wait()
    assert done.returncode == 1 and waited >= 1.0
    line = _one_error_line(done.stderr)
    assert "busy" in line and "import big.csv" in line


def test_status_answers_while_an_import_holds_the_store(tmp_path: Path) -> None:
    """`status` during a long import: it does not wait for the import; it names it and says
    how far it has got (from the import's own mark), and reads normally once it has ended."""
    ws = tmp_path / "ws"
    env = {**os.environ, "COLUMNS": "200"}
    tawthiq = [sys.executable, "-m", "tawthiq", "-w", str(ws)]
    subprocess.run([*tawthiq, "init"], check=True, capture_output=True, env=env)
    db = sqlite3.connect(ws / "tawthiq.db", isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")  # what a large import's write holds once its cache spills
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    mark = ws / f".tawthiq-running-{other.pid}"
    mark.write_text(
        json.dumps(
            {"pid": other.pid, "command": "import big.csv", "since": "09:00:00", "rows": 120000}
            | {"share": 0.4}
        )
    )
    try:
        started = time.monotonic()
        done = subprocess.run([*tawthiq, "status"], capture_output=True, text=True, env=env)
        took = time.monotonic() - started
    finally:
        db.rollback()
        db.close()
        other.kill()
        other.wait()
    assert done.returncode == 0, done.stderr
    assert "being written by tawthiq import big.csv" in done.stdout
    assert "120,000 rows so far, 40% of the file read" in done.stdout
    assert took < 15  # not the 30 s busy timeout
    mark.unlink()
    after = subprocess.run([*tawthiq, "status"], capture_output=True, text=True, env=env)
    assert after.returncode == 0 and "Sources" in after.stdout
