"""One headline figure (issue 17, item 3): the report's data give what the console prints.

The report reads the store its own way (``report.data.load_dataset``: units with their
records). Handed to ``headline_estimate`` as one row per linked record, those records must
give exactly the figure ``tawthiq estimate`` prints; this is the contract the report relies on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import test_estimate_workspace as shared
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import Workspace
from tawthiq.estimate import RECORD_COLUMNS, headline_estimate
from tawthiq.simulate import World
from tawthiq.store import open_store

runner = CliRunner()
world = shared.world  # the simulated world of the workspace tests (a module fixture)


def _records_of_report_units(workspace: Workspace) -> dict[str, list[Any]]:
    """What the report holds, as ``headline_estimate`` takes it: linked records only."""
    from tawthiq.report.data import load_dataset

    engine = open_store(workspace)
    try:
        with engine.connect() as conn:
            data = load_dataset(conn)
    finally:
        engine.dispose()
    records: dict[str, list[Any]] = {c: [] for c in RECORD_COLUMNS}
    for unit in data.units:
        for r in unit.records:
            if r["person_id"] is None:  # the console estimates linked persons only
                continue
            for c in RECORD_COLUMNS:
                records[c].append(unit.key if c == "person_id" else r.get(c))
    return records


def test_report_records_give_the_console_headline(
    workspace: Workspace, world: tuple[World, Path]
) -> None:
    w, lists_dir = world
    shared._link_truly(workspace, w, lists_dir)
    res = runner.invoke(
        app, ["-w", str(workspace.root), "estimate", "--method", "loglinear", "--json"]
    )
    assert res.exit_code == 0, res.output
    printed = json.loads(res.stdout)["headline"]
    head = headline_estimate(_records_of_report_units(workspace), method="loglinear")
    assert head.to_dict() == printed
    assert head.how == "pooled" and head.observed == w.observed
    assert head.sentence().endswith("log-linear, search; pooled: one estimate over all persons)")
