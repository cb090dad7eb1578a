"""`tawthiq estimate` and ``estimate_workspace``: linked persons in a store → estimates.

A small simulated world is imported into a workspace and its persons are written with the
*true* clusters (``store.linkage.replace_persons``), so the capture histories the store gives
can be checked against the simulator's truth without any record linkage.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import Workspace
from tawthiq.errors import EstimationError
from tawthiq.estimate import (
    CaptureTable,
    LCMCRConfig,
    LoglinearConfig,
    capture_histories,
    estimate_workspace,
    fit,
    workspace_captures,
)
from tawthiq.ingest import import_canonical_csv
from tawthiq.simulate import World, simulate, write_world
from tawthiq.store import open_store
from tawthiq.store.linkage import records_for_linkage, replace_persons, start_link_run

runner = CliRunner()
QUICK_LCMCR = LCMCRConfig(K=5, burn_in=500, samples=200, thin=5, warmup=100, seed=3)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, Path]:
    w = simulate(people=1500, lists=4, seed=11)
    out = tmp_path_factory.mktemp("world")
    write_world(w, out)
    return w, out


def _link_truly(workspace: Workspace, world: World, lists_dir: Path, sources: int = 4) -> None:
    """Import the lists and store the true persons as if linkage were perfect."""
    engine = open_store(workspace)
    try:
        for spec in world.scenario.lists[:sources]:
            import_canonical_csv(engine, lists_dir / f"{spec.source}.csv", spec.source)
        truth = world.truth()
        person_of = {
            (s, r): p
            for s, r, p in truth[["source", "record_id", "person_id"]].itertuples(index=False)
        }
        with engine.begin() as conn:
            records = records_for_linkage(conn)
            clusters = pd.DataFrame(
                {
                    "record_key": records["record_key"],
                    "cluster_id": [
                        person_of[(s, r)]
                        for s, r in zip(records["source"], records["record_id"], strict=True)
                    ],
                    "match_probability": 1.0,
                }
            )
            # no review pairs (both spellings of the probability column, which the store
            # module is renaming)
            review = pd.DataFrame(
                columns=[
                    "record_key_l",
                    "record_key_r",
                    "probability",
                    "match_probability",
                    "match_weight",
                ]
            )
            run = start_link_run(conn, backend="truth", settings={}, run_by="test")
            replace_persons(conn, run, clusters, review)
    finally:
        engine.dispose()


def _true_table(world: World) -> CaptureTable:
    tables, _ = capture_histories(world.truth()[["person_id", "source"]])
    return tables[()]


def test_capture_histories_equal_the_truth(workspace: Workspace, world: tuple[World, Path]) -> None:
    w, lists_dir = world
    _link_truly(workspace, w, lists_dir)
    engine = open_store(workspace)
    try:
        cols = workspace_captures(engine, ["governorate", "year"])
    finally:
        engine.dispose()
    whole, _ = capture_histories(cols)  # no strata asked for: one table
    store_table = whole[()]
    true_table = _true_table(w)
    assert store_table.observed == w.observed
    assert store_table.lists == true_table.lists
    assert store_table.to_rows() == true_table.to_rows()
    # governorates come back as gazetteer names, years as integers
    governorates = {g for g in cols["governorate"] if g is not None}
    assert governorates <= set(w.people["governorate"])
    assert {"Aleppo", "Rural Damascus"} <= governorates
    assert {y for y in cols["year"] if y is not None} <= set(range(2011, 2020))


def test_unstratified_estimate_matches_direct_fit(
    workspace: Workspace, world: tuple[World, Path]
) -> None:
    w, lists_dir = world
    _link_truly(workspace, w, lists_dir)
    result = estimate_workspace(workspace, config=LoglinearConfig(model="Mt"))
    direct = fit(_true_table(w), LoglinearConfig(model="Mt"))
    assert result.observed == w.observed
    assert result.estimate == pytest.approx(direct.estimate, rel=1e-9)
    assert result.lower < result.estimate < result.upper
    assert [r.label for r in result.rows] == ["all"]
    assert result.notes and "linked person" in result.notes[0]


def test_stratified_by_governorate_pools_sparse_strata(
    workspace: Workspace, world: tuple[World, Path]
) -> None:
    w, lists_dir = world
    _link_truly(workspace, w, lists_dir)
    result = estimate_workspace(workspace, strata=["governorate"], config=QUICK_LCMCR)
    statuses = Counter(r.status for r in result.rows)
    assert statuses["estimated"] >= 3  # Aleppo, Rural Damascus, ... and the pool
    assert statuses["pooled"] >= 3  # the small governorates of a 1,500-death world
    pool = next(r for r in result.rows if r.label == "(pooled sparse strata)")
    assert pool.status == "estimated"
    assert pool.observed == sum(r.observed for r in result.rows if r.status == "pooled")
    assert result.observed == w.observed == sum(r.observed for r in result.rows if r is not pool)
    assert any("estimated together as one pooled stratum" in x for x in result.warnings)
    assert any("fewer than 300 people observed" in x for x in result.warnings)
    assert all(r.result.estimate >= r.observed for r in result.rows if r.result is not None)
    assert result.lower <= result.estimate <= result.upper
    assert result.estimate >= result.observed
    # as a floor instead: sparse governorates are added as observed
    floor = estimate_workspace(
        workspace, strata=["governorate"], config=QUICK_LCMCR, sparse="observed"
    )
    assert any(r.status == "observed only" for r in floor.rows)
    assert any("a floor, not an estimate" in x for x in floor.warnings)


def test_cli_estimate_json_and_human(workspace: Workspace, world: tuple[World, Path]) -> None:
    w, lists_dir = world
    _link_truly(workspace, w, lists_dir)
    args = ["-w", str(workspace.root), "estimate", "--strata", "governorate,year"]
    args += ["--burn-in", "500", "--samples", "200", "--thin", "5", "--K", "5", "--json"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    for key in ("method", "model", "observed", "estimate", "lower", "upper", "rows", "seconds"):
        assert key in out
    assert out["method"] == "lcmcr"
    assert out["strata"] == ["governorate", "year"]
    assert out["observed"] == w.observed
    assert out["lower"] <= out["estimate"] <= out["upper"]
    assert any(r["status"] == "pooled" for r in out["rows"])
    assert any("sparse" in x for x in out["warnings"])
    assert out["notes"] and "linked person" in out["notes"][0]
    human = runner.invoke(
        app, ["-w", str(workspace.root), "estimate", "--method", "loglinear", "--model", "Mt"]
    )
    assert human.exit_code == 0, human.output
    assert f"{w.observed:,} people on at least one list" in human.stdout
    assert "estimated total" in human.stdout


def test_empty_workspace_and_bad_stratum(workspace: Workspace) -> None:
    open_store(workspace).dispose()
    res = runner.invoke(app, ["-w", str(workspace.root), "estimate"])
    assert res.exit_code == 1
    assert "tawthiq link" in res.output
    with pytest.raises(EstimationError, match="unknown stratum 'region'"):
        estimate_workspace(workspace, strata=["region"])


def test_two_lists_lower_min_lists(workspace: Workspace, world: tuple[World, Path]) -> None:
    w, lists_dir = world
    _link_truly(workspace, w, lists_dir, sources=2)
    result = estimate_workspace(workspace, config=LoglinearConfig(model="Mt"))
    assert result.rows[0].status == "estimated"
    assert any("only 2 lists" in n for n in result.notes)
