"""A hostile list cannot run formulas in an analyst's spreadsheet (issue 18, item 1): every CSV
the command line or the web app writes, from a workspace whose names, notes, places and
incident descriptions start with ``=``, ``+``, ``-`` or ``@``, has no cell that a spreadsheet
would read as a formula."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import open_workspace
from tawthiq.csvsafe import TRIGGERS
from tawthiq.simulate import simulate_to_dir
from tawthiq.store import open_store
from tawthiq.web import create_app
from tawthiq.web.auth import add_user

HOSTILE = (
    '=HYPERLINK("http://x.example","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
)
PASSWORD = "a long enough passphrase"


def _hostile_list(path: Path) -> None:
    rows = [
        ["record_id", "full_name", "sex", "date_of_death", "place_of_death", "governorate", "notes"]
    ]
    for i, text in enumerate(HOSTILE):
        rows.append([f"h{i}", text, "male", "2016-11-19", text, "Aleppo", text])
    rows.append(["h9", HOSTILE[0], "male", "not a date", "", "Aleppo", HOSTILE[1]])  # rejected
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _hostile_incidents(path: Path) -> None:
    header = "report_id,date,place,governorate,type,belligerent,killed_min,killed_max,description"
    lines = [header]
    for i, text in enumerate(HOSTILE):
        quoted = '"' + text.replace('"', '""') + '"'
        lines.append(f"r{i},2016-11-19,Kafr Hamra,Aleppo,airstrike,{quoted},1,2,{quoted}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _formula_cells(path: Path) -> list[str]:
    """Cells of a CSV file that a spreadsheet would run as a formula."""
    with path.open(encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    bad = []
    for c in cells:
        if c.startswith(TRIGGERS):
            try:
                float(c.replace(",", "."))
            except ValueError:
                bad.append(c)
    return bad


@pytest.mark.slow
def test_no_export_path_writes_a_formula(tmp_path: Path) -> None:
    world = tmp_path / "world"
    simulate_to_dir(world, people=150, lists=2, seed=5)
    ws = tmp_path / "ws"
    hostile, incidents = tmp_path / "hostile.csv", tmp_path / "incidents.csv"
    _hostile_list(hostile)
    _hostile_incidents(incidents)
    runner = CliRunner()

    def cli(*args: str) -> str:
        r = runner.invoke(app, ["-w", str(ws), *args])
        assert r.exit_code == 0, r.output
        return r.output

    cli("init")
    for name in ("A", "B"):
        cli("import", str(world / f"list_{name}.csv"), "--source", f"list_{name}")
    cli("import", str(hostile), "--source", "hostile")
    cli("incidents", "import", str(incidents), "--source", "monitor")
    cli("incidents", "reconcile")
    cli("link")
    out = tmp_path / "out"
    written = {
        "records": out / "records.csv",
        "rejected": out / "rejected.csv",
        "problems": out / "problems.csv",
        "persons": out / "persons.csv",
        "capture table": out / "capture.csv",
        "incidents": out / "incidents.csv",
        "incidents (public)": out / "incidents-public.csv",
    }
    cli("export", "records", "--out", str(written["records"]))
    cli("export", "rejected", "--run", "3", "--out", str(written["rejected"]))
    cli("export", "problems", "--run", "3", "--out", str(written["problems"]))
    cli("export", "persons", "--out", str(written["persons"]))
    cli(
        "export", "capture-table", "--strata", "governorate", "--out", str(written["capture table"])
    )
    cli("incidents", "export", "--out", str(written["incidents"]))
    cli("incidents", "export", "--public", "--out", str(written["incidents (public)"]))
    cli("report", "--out", str(out / "report.html"), "--method", "none")
    citations = sorted((out / "report-citations").glob("*.csv"))
    assert citations
    for i, path in enumerate(citations):
        written[f"citations {i}"] = path

    engine = open_store(open_workspace(ws))
    try:
        add_user(engine, "doc", PASSWORD, "documenter")
        with TestClient(create_app(engine, secure_cookies=False)) as client:
            client.get("/login")
            csrf = client.cookies.get("tawthiq_login_csrf")
            client.post(
                "/login",
                data={"username": "doc", "password": PASSWORD, "csrf": csrf, "next": "/records"},
                follow_redirects=False,
            )
            body = client.get("/records.csv", params={"source": "hostile"}).text
    finally:
        engine.dispose()
    (out / "web-records.csv").write_text(body, encoding="utf-8")
    written["web records.csv"] = out / "web-records.csv"

    seen = ""
    for what, path in written.items():
        assert _formula_cells(path) == [], what
        seen += path.read_text(encoding="utf-8")
    for text in HOSTILE:  # the hostile values were exported, as text
        assert "'" + text.replace('"', '""') in seen or "'" + text in seen, text
