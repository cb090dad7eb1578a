"""Acceptance 2: every number in a generated report is a cited figure, and ``tawthiq explain``
resolves each citation to exactly the records (persons) that were counted."""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_world import import_and_link, make_world
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import Workspace, init_workspace
from tawthiq.report.build import ReportOptions, ReportResult, build_report
from tawthiq.simulate import World
from tawthiq.store import open_store

runner = CliRunner()
NUMBER = re.compile(r"\d")


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


class _Figures(HTMLParser):
    """Collects each data-figure element's text, and digits found outside any of them."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, figure id, exempt
        self.figures: dict[str, list[str]] = {}
        self.hrefs: dict[str, str | None] = {}
        self.loose: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        fid = a.get("data-figure")
        exempt = a.get("data-role") in ("label", "scale") or tag in ("time", "style", "title")
        if tag == "title" and not any(f for _, f, _ in self.stack):
            exempt = True  # the document title
        elif tag == "title":
            exempt = False
        self.stack.append((tag, fid, exempt))
        if fid is not None:
            self.figures.setdefault(fid, [])
            self.hrefs[fid] = a.get("href")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        fid = next((f for _, f, _ in reversed(self.stack) if f is not None), None)
        if fid is not None:
            self.figures[fid].append(data)
        elif NUMBER.search(data) and not any(e for _, _, e in self.stack):
            self.loose.append(data.strip())


def _parse(path: Path) -> _Figures:
    p = _Figures()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _ints(text: str) -> list[int]:
    return [int(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", text)]


def _explain(ws: Workspace, fid: str) -> dict[str, object]:
    res = runner.invoke(app, ["-w", str(ws.root), "explain", fid, "--json"])
    assert res.exit_code == 0, res.output
    out: dict[str, object] = json.loads(res.output)
    return out


def _check_report(ws: Workspace, r: ReportResult) -> int:
    parsed = _parse(r.html)
    assert parsed.loose == [], f"numbers without a citation: {parsed.loose[:10]}"
    assert set(parsed.figures) == {f.figure_id for f in r.figures.values()}
    checked = 0
    for fid, texts in parsed.figures.items():
        shown = " ".join(texts)
        e = _explain(ws, fid)
        value = e["value"]
        assert isinstance(value, dict)
        records = e["records"]
        assert isinstance(records, list)
        counted = [x for x in records if x["role"] == "counted"]
        possible = [x for x in records if x["role"] == "possible"]
        unit = e["query"]["unit"]  # type: ignore[index]

        def units(rows: list[dict[str, object]], unit: object = unit) -> set[object]:
            if unit == "records":
                return {x["id"] for x in rows}
            return {x["person_id"] for x in rows}

        numbers = _ints(shown.split(":")[-1] if e["kind"] != "estimate" else shown)
        if e["kind"] == "count":
            cited = (
                len(e["raw_rows"])  # type: ignore[arg-type]
                + len(e["review_pairs"])  # type: ignore[arg-type]
                + len(e["incidents"])  # type: ignore[arg-type]
                + len(units(counted))
            )
            assert value["count"] == cited, fid
            assert numbers[-1] == cited, (fid, shown)
        elif e["kind"] == "range":
            if e["incidents"]:
                continue  # sums of reported casualty ranges, not a count of rows
            lo = len(units(counted))
            hi = lo + len(units(possible) - units(counted))
            assert (value["min"], value["max"]) == (lo, hi), fid
            assert numbers[-2:] == [lo, hi] or (lo == hi and numbers[-1] == lo), (fid, shown)
        else:
            assert e["kind"] == "estimate"
            assert value["observed"] == len(units(counted)), fid
            assert value["method"] in shown
            est = round(value["estimate"])
            assert numbers[:3] == [est, round(value["lower"]), round(value["upper"])], shown
        # the linked CSV lists exactly the cited records
        href = parsed.hrefs[fid]
        assert href is not None
        with (r.html.parent / href).open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        ids = sorted(int(x["id"]) for x in rows if x["role"] in ("counted", "possible"))
        assert ids == sorted(int(x["id"]) for x in records), fid  # type: ignore[call-overload]
        checked += 1
    return checked


@pytest.mark.slow
def test_every_number_in_the_report_is_cited_and_explained(
    linked: tuple[Workspace, World], tmp_path: Path
) -> None:
    ws, world = linked
    engine = open_store(ws)
    try:
        r = build_report(engine, tmp_path / "report.html", ReportOptions(lang="en"))
    finally:
        engine.dispose()
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
    parsed = _parse(tmp_path / "r.html")
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
