"""`tawthiq export capture-table` writes what `tawthiq mse` reads (issue 17, item 4).

The persons of a simulated world are stored as linkage would ideally make them (the true
clusters), so the exported table can be compared with the simulator's truth.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import test_estimate_workspace as shared
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import Workspace
from tawthiq.estimate import LoglinearConfig, estimate_workspace, read_capture_csv
from tawthiq.simulate import World

runner = CliRunner()
world = shared.world  # the simulated world of the workspace tests (a module fixture)
_link_truly = shared._link_truly
_true_table = shared._true_table


def test_capture_table_is_what_mse_reads(
    workspace: Workspace, world: tuple[World, Path], tmp_path: Path
) -> None:
    w, lists_dir = world
    _link_truly(workspace, w, lists_dir)
    out = tmp_path / "world_table.csv"
    ws = ["-w", str(workspace.root)]
    res = runner.invoke(app, [*ws, "export", "capture-table", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert f"{w.observed:,} persons on 4 lists" in res.stdout
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == [*sorted(w.truth()["source"].unique()), "count"]
    # the file holds the true capture histories, pattern for pattern
    table = read_capture_csv(out)
    assert table.to_rows() == _true_table(w).to_rows()
    mse = runner.invoke(app, ["mse", str(out), "--method", "loglinear", "--model", "Mt", "--json"])
    assert mse.exit_code == 0, mse.output
    got = json.loads(mse.stdout)
    assert got["observed"] == w.observed
    direct = estimate_workspace(workspace, config=LoglinearConfig(model="Mt"))
    assert abs(got["estimate"] - direct.estimate) < 1e-6 * direct.estimate


def test_stratified_capture_table_gives_the_workspace_strata(
    workspace: Workspace, world: tuple[World, Path], tmp_path: Path
) -> None:
    w, lists_dir = world
    _link_truly(workspace, w, lists_dir)
    out = tmp_path / "by_governorate.csv"
    ws = ["-w", str(workspace.root)]
    res = runner.invoke(
        app, [*ws, "export", "capture-table", "--strata", "governorate", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "--strata governorate" in res.stdout
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sum(int(r["count"]) for r in rows) == w.observed
    assert {r["governorate"] for r in rows} <= {*w.people["governorate"], ""}
    cfg = ["--method", "loglinear", "--model", "Mt", "--json"]
    mse = runner.invoke(app, ["mse", str(out), "--strata", "governorate", *cfg])
    assert mse.exit_code == 0, mse.output
    from_file = json.loads(mse.stdout)
    from_store = estimate_workspace(
        workspace, strata=["governorate"], config=LoglinearConfig(model="Mt")
    )
    assert from_file["observed"] == from_store.observed
    assert [r["label"] for r in from_file["rows"]] == [r.label for r in from_store.rows]
    assert abs(from_file["estimate"] - from_store.estimate) < 1e-6 * from_store.estimate


def test_capture_table_errors_are_one_line(workspace: Workspace, tmp_path: Path) -> None:
    ws = ["-w", str(workspace.root)]
    runner.invoke(app, ["init", str(workspace.root)])
    empty = runner.invoke(app, [*ws, "export", "capture-table", "--out", str(tmp_path / "t.csv")])
    assert empty.exit_code == 1
    assert "tawthiq link" in empty.stderr and "Traceback" not in empty.output
    folder = runner.invoke(app, [*ws, "export", "capture-table", "--out", str(tmp_path)])
    assert folder.exit_code == 1
    assert "is a directory" in folder.stderr and "Traceback" not in folder.output
    bad = runner.invoke(
        app, [*ws, "export", "capture-table", "--strata", "region", "--out", str(tmp_path / "t")]
    )
    assert bad.exit_code == 1 and "unknown stratum 'region'" in bad.stderr
