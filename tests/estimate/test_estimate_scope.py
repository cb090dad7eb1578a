"""Estimates that check their assumptions (issue 17, item 3).

Two simulated lists of different scope — a group's list of deaths from every cause, 2012–2016,
and a monitor's list of air strikes only, 2014–2016 — are the case of the issue: MSE assumes
both could have recorded every death, and they could not. The scope check must refuse (or,
forced, warn), estimating within the shared scope must recover the truth of that scope, a
failing stratum must be named, and the console's headline must be the shared one.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import Workspace
from tawthiq.errors import EstimationError
from tawthiq.estimate import (
    SCOPE_FIELDS,
    LoglinearConfig,
    ScopeError,
    check_coverage,
    estimate_records,
    estimate_strata,
    headline,
    headline_estimate,
    workspace_records,
)
from tawthiq.ingest import import_canonical_csv
from tawthiq.store import open_store
from tawthiq.store.linkage import records_for_linkage, replace_persons, start_link_run

runner = CliRunner()
MT = LoglinearConfig(model="Mt")
CAUSES = ("airstrike", "shelling", "shooting")


def _world(seed: int = 7, people: int = 3000) -> list[dict[str, object]]:
    """Deaths 2012–2016 and who recorded them: ``group`` records any death, air strikes
    (p = 0.7) better than other deaths (p = 0.3); ``monitor`` only air strikes of 2014–2016,
    with p = 0.6 (independently)."""
    rng = random.Random(seed)
    out = []
    for pid in range(1, people + 1):
        year = rng.choice(range(2012, 2017))
        cause = rng.choices(CAUSES, weights=(3, 4, 3))[0]
        on = []
        if rng.random() < (0.7 if cause == "airstrike" else 0.3):
            on.append("group")
        if cause == "airstrike" and year >= 2014 and rng.random() < 0.6:
            on.append("monitor")
        out.append({"pid": pid, "year": year, "cause": cause, "on": on})
    return out


def _records(world: list[dict[str, object]]) -> dict[str, list[object]]:
    """One row per record with the columns ``estimate_records`` reads."""
    from datetime import date

    cols: dict[str, list[object]] = {
        "person_id": [],
        "source": [],
        "date_earliest": [],
        "date_latest": [],
        "governorate_text": [],
        "cause": [],
    }
    for p in world:
        for src in p["on"]:  # type: ignore[attr-defined]
            d = date(int(p["year"]), 6, 1)  # type: ignore[call-overload]
            cols["person_id"].append(p["pid"])
            cols["source"].append(src)
            cols["date_earliest"].append(d)
            cols["date_latest"].append(d)
            cols["governorate_text"].append("Aleppo")
            cols["cause"].append(p["cause"])
    return cols


def _shared_truth(world: list[dict[str, object]]) -> int:
    return sum(1 for p in world if p["cause"] == "airstrike" and int(p["year"]) >= 2014)  # type: ignore[call-overload]


def test_coverage_measures_each_list_and_the_shared_scope() -> None:
    from tawthiq.estimate._workspace import _derived

    cols = _derived(_records(_world()), SCOPE_FIELDS)
    cov = check_coverage(cols)
    by_list = {c.source: c for c in cov.lists}
    assert set(by_list["monitor"].values["cause"]) == {"airstrike"}
    assert set(by_list["monitor"].values["year"]) == {"2014", "2015", "2016"}
    assert set(by_list["group"].values["year"]) == {"2012", "2013", "2014", "2015", "2016"}
    year = next(f for f in cov.fields if f.field == "year")
    cause = next(f for f in cov.fields if f.field == "cause")
    assert year.thin == ("2012", "2013") and cause.thin == ("shelling", "shooting")
    assert year.covered["monitor"] == ("2014", "2015", "2016")
    # a person is outside when their year or their cause only one list records
    group_only_scope = [p for p in _world() if p["on"]]
    assert len(cov.outside) == sum(
        1
        for p in group_only_scope
        if p["cause"] != "airstrike" or int(p["year"]) < 2014  # type: ignore[call-overload]
    )
    assert cov.verdict == "refuse"


def test_disjoint_scopes_are_refused_then_forced_or_estimated_within_the_shared_scope() -> None:
    world = _world()
    records = _records(world)
    with pytest.raises(ScopeError) as refused:
        estimate_records(records, config=MT)
    message = str(refused.value)
    assert "do not cover the same deaths" in message
    assert "year that fewer than two lists record (2012, 2013" in message
    assert "cause that fewer than two lists record (shelling, shooting" in message
    assert "--scope shared" in message and "--strata" in message and "--force" in message
    assert refused.value.coverage.verdict == "refuse"

    forced = estimate_records(records, config=MT, force=True)
    assert any("estimated anyway (--force)" in w for w in forced.warnings)
    assert any("fewer than two lists record" in w for w in forced.warnings)
    # the pooled figure reads the group's air-strike coverage as its coverage of every death:
    # its interval misses the truth by far (why the check refuses it)
    assert forced.upper < 0.8 * len(world)

    shared = estimate_records(records, config=MT, scope="shared")
    truth = _shared_truth(world)
    assert shared.scope == "shared"
    assert shared.lower <= truth <= shared.upper
    assert any("shared scope" in n for n in shared.notes)
    assert "within the scope all lists share" in headline(shared).sentence()


def test_stratifying_by_the_field_is_not_held_against_the_lists() -> None:
    records = _records(_world())
    # stratified by cause and year, each stratum is estimated with the lists recording it
    result = estimate_records(
        records, strata=["cause", "year"], config=MT, min_lists=2, sparse="observed"
    )
    assert result.coverage.verdict != "refuse"
    assert {f.field for f in result.coverage.fields if f.stratified} == {"cause", "year"}
    assert any(r.status == "observed only" for r in result.rows)
    assert headline(result).how == "summed strata"
    assert "summed over cause, year strata" in headline(result).sentence()


def test_strata_one_list_records_are_a_floor_not_pooled() -> None:
    """Pooling the strata only the group records with the monitor's would bring the scope
    problem back: they are added as observed, and only the shared strata are estimated."""
    world = _world()
    result = estimate_records(_records(world), strata=["cause", "year"], config=MT, min_lists=2)
    lone = {r.label for r in result.rows if r.status == "observed only"}
    assert lone == {
        *(f"{c}/{y}" for c in ("shelling", "shooting") for y in range(2012, 2017)),
        "airstrike/2012",
        "airstrike/2013",
    }
    assert any("recorded by one list only" in w and "not pooled" in w for w in result.warnings)
    estimated = [r for r in result.rows if r.result is not None]
    assert {r.label for r in estimated} == {"airstrike/2014", "airstrike/2015", "airstrike/2016"}
    # the floor plus the shared-scope estimate: the truth of the shared scope lies in its part
    floor = sum(r.observed for r in result.rows if r.status == "observed only")
    assert headline(result).floor == floor > 0
    assert f"includes {floor:,} people of sparse strata as observed, a floor" in (
        headline(result).sentence()
    )
    truth = _shared_truth(world)
    assert result.lower - floor <= truth <= result.upper - floor


def test_a_stratum_error_names_the_stratum(tmp_path: Path) -> None:
    rows = []
    for year, shared in (("2012", 40), ("2013", 0)):
        rows += [{"A": 1, "B": 1, "year": year}] * shared
        rows += [{"A": 1, "B": 0, "year": year}] * 100
        rows += [{"A": 0, "B": 1, "year": year}] * 60
    cols = {k: [r[k] for r in rows] for k in ("A", "B", "year")}
    with pytest.raises(EstimationError, match=r"^stratum year=2013: no person is on more than one"):
        estimate_strata(cols, strata=["year"], config=MT, min_lists=2)
    path = tmp_path / "by_year.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["A", "B", "year"])
        writer.writeheader()
        writer.writerows(rows)
    res = runner.invoke(
        app,
        ["mse", str(path), "--strata", "year", "--min-lists", "2", "--model", "Mt"],
    )
    assert res.exit_code == 1
    assert "stratum year=2013: no person is on more than one list" in res.stderr
    assert "Traceback" not in res.output


def _workspace_of(workspace: Workspace, world: list[dict[str, object]], tmp: Path) -> None:
    """Import the two lists and store the true persons, as if linkage were perfect."""
    engine = open_store(workspace)
    try:
        for src in ("group", "monitor"):
            path = tmp / f"{src}.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(["record_id", "full_name", "date_of_death", "governorate", "cause"])
                for p in world:
                    if src in p["on"]:  # type: ignore[operator]
                        writer.writerow(
                            [
                                f"{src}-{p['pid']}",
                                f"simulated person {p['pid']}",
                                f"{p['year']}-06-01",
                                "Aleppo",
                                p["cause"],
                            ]
                        )
            import_canonical_csv(engine, path, src)
        with engine.begin() as conn:
            recs = records_for_linkage(conn)
            clusters = pd.DataFrame(
                {
                    "record_key": recs["record_key"],
                    "cluster_id": [int(r.split("-")[1]) for r in recs["record_id"]],
                    "match_probability": 1.0,
                }
            )
            review = pd.DataFrame(
                columns=["record_key_l", "record_key_r", "match_probability", "match_weight"]
            )
            run = start_link_run(conn, backend="truth", settings={}, run_by="test")
            replace_persons(conn, run, clusters, review)
    finally:
        engine.dispose()


def test_cli_refuses_disjoint_scopes_and_prints_the_coverage(
    workspace: Workspace, tmp_path: Path
) -> None:
    world = _world(people=1500)
    _workspace_of(workspace, world, tmp_path)
    ws = ["-w", str(workspace.root)]
    refused = runner.invoke(app, [*ws, "estimate", "--method", "loglinear", "--model", "Mt"])
    assert refused.exit_code == 1
    assert "Coverage of each list" in refused.stdout
    assert "monitor: causes airstrike 100%" in refused.stdout
    assert "scope check: refuse" in refused.stdout
    err = refused.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tawthiq: error: the lists do not cover")
    forced = runner.invoke(
        app, [*ws, "estimate", "--method", "loglinear", "--model", "Mt", "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert "estimated anyway (--force)" in forced.stderr
    shared = runner.invoke(
        app,
        [*ws, "estimate", "--method", "loglinear", "--model", "Mt", "--scope", "shared", "--json"],
    )
    assert shared.exit_code == 0, shared.output
    out = json.loads(shared.stdout)
    assert out["scope"] == "shared" and out["coverage"]["verdict"] == "refuse"
    assert out["lower"] <= _shared_truth(world) <= out["upper"]


def test_console_and_shared_headline_are_one_figure(workspace: Workspace, tmp_path: Path) -> None:
    """What `tawthiq estimate` prints is what ``headline_estimate`` (the report's entry) gives,
    whatever order the records come in."""
    world = _world(people=1500)
    _workspace_of(workspace, world, tmp_path)
    ws = ["-w", str(workspace.root)]
    args = [*ws, "estimate", "--method", "loglinear", "--scope", "shared"]
    console = runner.invoke(app, [*args, "--json"])
    assert console.exit_code == 0, console.output
    printed = json.loads(console.stdout)["headline"]
    engine = open_store(workspace)
    try:
        records = workspace_records(engine)
    finally:
        engine.dispose()
    order = list(range(len(records["person_id"])))
    random.Random(1).shuffle(order)
    shuffled = {k: [v[i] for i in order] for k, v in records.items()}
    shared = headline_estimate(shuffled, method="loglinear", scope="shared")
    assert shared.to_dict() == printed
    assert printed["how"] == "pooled" and printed["method"] == "loglinear"
    human = runner.invoke(app, args)
    assert human.exit_code == 0, human.output
    assert shared.sentence() in " ".join(human.stdout.split())


def test_console_and_shared_headline_agree_for_lcmcr(workspace: Workspace, tmp_path: Path) -> None:
    """The default method (LCMCR, the demo's): same persons and seed give the same draws."""
    world = _world(people=1500)
    _workspace_of(workspace, world, tmp_path)
    res = runner.invoke(app, ["-w", str(workspace.root), "estimate", "--scope", "shared", "--json"])
    assert res.exit_code == 0, res.output
    printed = json.loads(res.stdout)["headline"]
    engine = open_store(workspace)
    try:
        records = workspace_records(engine)
    finally:
        engine.dispose()
    reversed_records = {k: v[::-1] for k, v in records.items()}
    shared = headline_estimate(reversed_records, scope="shared")
    assert shared.to_dict() == printed
    assert printed["method"] == "lcmcr" and "LCMCR, seed 19481210" in printed["sentence"]


def test_a_late_list_is_warned_about_not_refused() -> None:
    """Three lists, one starting late: the years it misses are still covered by two lists, so
    the estimate goes on, with a warning naming the list and the years."""
    from datetime import date

    rng = random.Random(3)
    cols: dict[str, list[object]] = {
        "person_id": [],
        "source": [],
        "date_earliest": [],
        "date_latest": [],
    }
    for pid in range(2000):
        year = rng.choice(range(2012, 2018))
        for src, p in (("A", 0.5), ("B", 0.4), ("C", 0.5 if year >= 2015 else 0.0)):
            if rng.random() < p:
                cols["person_id"].append(pid)
                cols["source"].append(src)
                cols["date_earliest"].append(date(year, 3, 1))
                cols["date_latest"].append(date(year, 3, 1))
    # a stray record: C's one death of 2012 does not make C cover 2012
    cols["person_id"].append(0)
    cols["source"].append("C")
    cols["date_earliest"].append(date(2012, 3, 1))
    cols["date_latest"].append(date(2012, 3, 1))
    result = estimate_records(cols, config=MT)
    cov = result.coverage
    assert cov.verdict == "warn" and not cov.outside
    year = next(f for f in cov.fields if f.field == "year")
    assert year.covered["C"] == ("2015", "2016", "2017")
    assert [(f, src, v) for f, src, v, _ in cov.large_gaps] == [
        ("year", "C", ("2012", "2013", "2014"))
    ]
    assert any(
        "list C records no or almost no deaths with year 2012, 2013, 2014" in w
        for w in result.warnings
    )
    assert "1 time(s) a list misses deaths" in cov.summary()


def test_a_list_without_causes_is_not_held_to_cover_none() -> None:
    """A list that records no cause at all says nothing about its causes: no refusal."""
    records = _records(_world())
    records["cause"] = [
        c if s == "group" else None
        for c, s in zip(records["cause"], records["source"], strict=True)
    ]
    records["date_earliest"] = [None] * len(records["person_id"])
    records["date_latest"] = [None] * len(records["person_id"])
    result = estimate_records(records, config=MT)
    cause = next(f for f in result.coverage.fields if f.field == "cause")
    assert cause.unrecorded == ("monitor",) and not cause.thin
    assert result.coverage.verdict == "ok"
    assert any("monitor give(s) no cause on any record" in n for n in result.notes)
