"""The demo runs the whole pipeline on a small simulated world (end-to-end test)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import DATABASE_URL_ENV


@pytest.mark.slow
def test_demo_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    out = tmp_path / "demo"
    r = CliRunner().invoke(app, ["demo", "--out", str(out), "--people", "800", "--seed", "3"])
    assert r.exit_code == 0, r.output
    assert f"demo output in {out.resolve()}" in r.stdout
    summary = json.loads((out / "output" / "summary.json").read_text(encoding="utf-8"))
    figures = summary["figures"]
    truth_rows = (out / "lists" / "truth.csv").read_text(encoding="utf-8").count("\n") - 1
    # Every simulated record landed in the store and in the export.
    assert figures["records_imported"] == truth_rows
    with (out / "output" / "records.csv").open(encoding="utf-8", newline="") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) == truth_rows
    assert figures["true_deaths"] == 800

    # Linked, estimated, reported, sealed.
    assert figures["linkage_vs_truth"]["f1"] > 0.9
    rebuilt = figures["incidents_vs_truth"]
    assert rebuilt["recovered_share"] >= 0.9 and rebuilt["false_merge_share"] <= 0.05
    assert "incidents recovered" in r.stdout
    est = figures["estimate"]
    assert est["lower"] <= est["estimate"] <= est["upper"] and est["observed"] <= est["estimate"]
    assert "documented persons; the simulated truth is 800" in r.stdout
    for name in ("persons", "report", "report_ar", "report_public"):
        assert Path(summary["outputs"][name]).is_file(), name
    html = (out / "output" / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org", "")
    verify = CliRunner().invoke(app, ["-w", str(out / "workspace"), "evidence", "verify"])
    assert verify.exit_code == 0 and verify.stdout.startswith("ok: 0 items, tree size ")

    # Running it again replaces the earlier demo; a foreign folder is never overwritten.
    assert CliRunner().invoke(app, ["demo", "--out", str(out), "--people", "300"]).exit_code == 0
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep", encoding="utf-8")
    r = CliRunner().invoke(app, ["demo", "--out", str(foreign)])
    assert r.exit_code == 1 and "not a tawthiq demo folder" in r.stderr
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep"
