"""A killed import leaves the store exactly as it was (issue 2, acceptance 4)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tawthiq.config import DATABASE_URL_ENV, Workspace
from tawthiq.ingest import import_canonical_csv
from tawthiq_testing import table_counts

pytestmark = pytest.mark.slow


def _write_big(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("record_id,full_name,sex,age,date_of_death,governorate,status\n")
        for i in range(rows):
            fh.write(f"K{i},Sim Person {i},M,{i % 90},2014-0{1 + i % 9}-1{i % 9},Idleb,civilian\n")


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux /proc)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        out.extend(int(c) for c in children)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing


def _write_in_progress(workspace: Workspace, engine: Engine) -> bool:
    """True once the importing process holds an open write transaction."""
    if workspace.is_sqlite:
        return (workspace.root / "tawthiq.db-journal").exists()
    with engine.connect() as conn:
        n = conn.execute(
            text(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'raw_rows' AND l.mode = 'RowExclusiveLock' "
                "AND l.pid <> pg_backend_pid()"
            )
        ).scalar_one()
    return bool(n)


def test_sigkill_midway_leaves_store_unchanged(
    workspace: Workspace, engine: Engine, six_rows_csv: Path, tmp_path: Path
) -> None:
    import_canonical_csv(engine, six_rows_csv, "A")
    before = table_counts(engine)
    big = tmp_path / "big.csv"
    _write_big(big, 400_000)

    env = dict(os.environ)
    if DATABASE_URL_ENV in os.environ:
        env[DATABASE_URL_ENV] = os.environ[DATABASE_URL_ENV]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tawthiq", "-w", str(workspace.root), "import", str(big), "-s", "B"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not _write_in_progress(workspace, engine):
            assert proc.poll() is None, "import finished before it could be killed"
            assert time.monotonic() < deadline, "import never started writing"
            time.sleep(0.02)
        time.sleep(0.5)  # well inside the write, past the first batches
        assert proc.poll() is None, "import finished before it could be killed"
        workers = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    # the import's worker process does not outlive it (issue 18, item 6)
    gone_by = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "a worker outlived the killed import"

    engine.dispose()  # forget pooled connections; the next one sees the recovered store
    assert table_counts(engine) == before
    # The store stays usable: the same file now imports in full.
    small = tmp_path / "small.csv"
    _write_big(small, 50)
    assert import_canonical_csv(engine, small, "B").counts.imported == 50
