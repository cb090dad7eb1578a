"""Acceptance 2: every number in a generated report is a cited figure, and ``tawthiq explain``
resolves each citation to exactly the records (persons) that were counted."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_check import check_report, parse
from report_world import import_and_link, make_world
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import Workspace, init_workspace
from tawthiq.estimate import headline_estimate, workspace_records
from tawthiq.report.build import ReportOptions, ReportResult, build_report
from tawthiq.simulate import World
from tawthiq.store import open_store

runner = CliRunner()


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, World]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("TAWTHIQ_DATABASE_URL", raising=False)
        root = tmp_path_factory.mktemp("report")
        world = make_world(root / "lists")
        ws, _ = init_workspace(root / "ws")
        engine = open_store(ws)
        try:
            import_and_link(engine, world, root / "lists")
        finally:
            engine.dispose()
        yield ws, world


def _explain(ws: Workspace, fid: str) -> dict[str, object]:
    res = runner.invoke(app, ["-w", str(ws.root), "explain", fid, "--json"])
    assert res.exit_code == 0, res.output
    out: dict[str, object] = json.loads(res.output)
    return out


def _check_report(ws: Workspace, r: ReportResult) -> int:
    return check_report(r, lambda fid: _explain(ws, fid))  # type: ignore[arg-type,return-value]


@pytest.mark.slow
def test_every_number_in_the_report_is_cited_and_explained(
    linked: tuple[Workspace, World], tmp_path: Path
) -> None:
    ws, world = linked
    engine = open_store(ws)
    try:
        steps: list[tuple[int, int, str]] = []
        r = build_report(
            engine,
            tmp_path / "report.html",
            ReportOptions(lang="en"),
            on_step=lambda i, n, what: steps.append((i, n, what)),
        )
        # each step announced as it begins, in order (the CLI shows them as a progress line)
        assert [(i, n) for i, n, _ in steps] == [(1, 4), (2, 4), (3, 4), (4, 4)]
        # the report's headline is the console's (`tawthiq estimate`): one function, one figure
        head = headline_estimate(workspace_records(engine), method="lcmcr")
    finally:
        engine.dispose()
    shown = r.figures["estimate.total"].value
    assert (shown["estimate"], shown["lower"], shown["upper"]) == (
        head.estimate,
        head.lower,
        head.upper,
    )
    assert shown["observed"] == head.observed and shown["how"] == head.how_label
    assert r.unit == "persons"
    assert r.total.low == world.truth()["person_id"].nunique()
    assert "estimate.total" in r.figures
    est = r.figures["estimate.total"].value
    assert est["lower"] <= est["estimate"] <= est["upper"]
    assert est["lower"] <= len(world.people) * 1.5
    assert _check_report(ws, r) > 100


@pytest.mark.slow
def test_arabic_report_for_a_period_with_ranges(
    linked: tuple[Workspace, World], tmp_path: Path
) -> None:
    ws, _ = linked
    result = runner.invoke(
        app,
        [
            "-w",
            str(ws.root),
            "report",
            "--out",
            str(tmp_path / "r.html"),
            "--lang",
            "ar",
            "--from",
            "2014-01-01",
            "--to",
            "2014-06-30",
        ],
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "الوفيات الموثقة" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html and "<script" not in html and "<link" not in html
    rid = re.search(r"report (R[0-9a-f]{10})", result.output)
    assert rid is not None
    engine = open_store(ws)
    try:
        from tawthiq.report.data import load_dataset
        from tawthiq.report.figures import explain

        with engine.connect() as conn:
            data = load_dataset(conn)
        total = explain(engine, f"{rid[1]}.total")
    finally:
        engine.dispose()
    # the total is a range: deaths certainly in the half-year, and those whose date may be
    from datetime import date

    start, end = date(2014, 1, 1), date(2014, 6, 30)
    sure = {u.key for u in data.units if u.within(start, end)}
    maybe = {
        u.key
        for u in data.units
        if u.date_earliest is not None and u.overlaps(start, end) and not u.within(start, end)
    }
    expected = {"min": len(sure), "max": len(sure) + len(maybe)} if maybe else {"count": len(sure)}
    assert total.value == expected
    assert total.persons == len(sure)
    # every number of the Arabic report is cited too
    parsed = parse(tmp_path / "r.html")
    assert parsed.loose == []


def test_unlinked_workspace_counts_records_and_says_so(backend: str, tmp_path: Path) -> None:
    world = make_world(tmp_path / "lists", people=300, seed=5)
    ws, _ = init_workspace(tmp_path / "ws")
    engine = open_store(ws)
    try:
        import_and_link(engine, world, tmp_path / "lists", link=False)
    finally:
        engine.dispose()
    res = runner.invoke(app, ["-w", str(ws.root), "report", "--out", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Counts are records, not persons" in html
    assert "Not estimated" in html and "not linked" in html
    records = sum(len(f) for f in world.records.values())
    rid = re.search(r"report (R[0-9a-f]{10})", res.output)
    assert rid is not None
    e = _explain(ws, f"{rid[1]}.total")
    assert e["value"] == {"count": records}
    assert e["counted_units"] == records


def test_explain_unknown_figure_fails_with_one_line(tmp_path: Path) -> None:
    os.environ.pop("TAWTHIQ_DATABASE_URL", None)
    ws, _ = init_workspace(tmp_path / "ws")
    res = runner.invoke(app, ["-w", str(ws.root), "explain", "R0000000000.total"])
    assert res.exit_code == 1
    assert "no figure" in res.output
