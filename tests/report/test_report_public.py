"""Acceptance 4: ``--public`` output holds no restricted field and no count below the threshold."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

from report_world import import_and_link, make_world, names_in
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import init_workspace
from tawthiq.store import open_store
from tawthiq.web.policy import FIELD_LEVELS

runner = CliRunner()


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth: list[str | None] = []
        self.cells: dict[str, str] = {}
        self.hrefs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        fid = a.get("data-figure")
        self.depth.append(fid)
        if fid:
            self.cells.setdefault(fid, "")
            self.hrefs[fid] = a.get("href")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth.pop()

    def handle_data(self, data: str) -> None:
        fid = next((f for f in reversed(self.depth) if f), None)
        if fid:
            self.cells[fid] += data


def test_public_report_suppresses_small_cells_and_restricted_fields(
    backend: str, tmp_path: Path
) -> None:
    world = make_world(tmp_path / "lists", people=800, seed=4)
    ws, _ = init_workspace(tmp_path / "ws")
    engine = open_store(ws)
    try:
        import_and_link(engine, world, tmp_path / "lists")
    finally:
        engine.dispose()
    out = tmp_path / "pub" / "public.html"
    res = runner.invoke(
        app, ["-w", str(ws.root), "report", "--out", str(out), "--public", "--method", "none"]
    )
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    p = _Cells()
    p.feed(html)
    assert p.cells
    suppressed = 0
    for fid, text in p.cells.items():
        value_text = text.split(":")[-1]
        if "<5" in value_text:
            suppressed += 1
            assert p.hrefs[fid] is None, f"{fid}: a hidden count must not link its records"
            assert not (out.parent / "public-citations" / f"{fid}.csv").exists()
        for n in re.findall(r"(?<![<\d,])\d[\d,]*", value_text):
            value = int(n.replace(",", ""))
            assert value == 0 or value >= 5, (fid, text)
    assert suppressed > 0, "an 800-person world has governorates/causes with 1–4 deaths"
    # no names anywhere: not in the HTML, not in any citation CSV
    names = names_in(world)
    files = [out, *sorted((out.parent / "public-citations").glob("*.csv"))]
    assert len(files) > 20
    allowed = {c for c, level in FIELD_LEVELS.items() if level == "public"} | {"figure_id", "role"}
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert not any(n in text for n in names), f"a name leaked into {f.name}"
        if f.suffix == ".csv":
            with f.open(encoding="utf-8") as fh:
                reader = csv.DictReader(fh)
                assert set(reader.fieldnames or ()) <= allowed, f.name
                for row in reader:
                    # records not cleared for the public show only their opaque id
                    if row["role"] in ("counted", "possible") and row["sensitivity"] != "public":
                        assert row["source_record_id"] == "" and row["source"] == ""
    # the same report for the team does show small counts and links them
    team = tmp_path / "team.html"
    res = runner.invoke(app, ["-w", str(ws.root), "report", "--out", str(team), "--method", "none"])
    assert res.exit_code == 0
    assert "&lt;5" not in team.read_text(encoding="utf-8")
