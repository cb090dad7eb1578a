"""What the command line prints is readable at 80 columns (issue 17, item 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

AIRWARS = Path(__file__).parents[1] / "ingest" / "data" / "airwars_incidents_real_layout.csv"


def test_status_wraps_at_80_columns_and_cuts_nothing(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    env = {**os.environ, "COLUMNS": "80"}
    tawthiq = [sys.executable, "-m", "tawthiq", "-w", str(ws)]
    subprocess.run([*tawthiq, "init"], check=True, capture_output=True, env=env)
    source = "A very long source name for a documentation group"
    subprocess.run(
        [*tawthiq, "incidents", "import", str(AIRWARS), "--source", source],
        check=True,
        capture_output=True,
        env=env,
    )
    out = subprocess.run(
        [*tawthiq, "status"], check=True, capture_output=True, text=True, env=env
    ).stdout
    assert "…" not in out
    table = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert table and max(len(line) for line in table) <= 80
    runs = out[out.index("Latest import runs") :]
    cells = "".join(line.split("│")[3].strip() for line in runs.splitlines() if line[:1] == "│")
    assert "airwars_incidents_real_layout.csv" in cells  # the file name, wrapped, not cut
    assert "complete" in out
