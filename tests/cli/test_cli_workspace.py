from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import DATABASE_URL_ENV

SIX = (
    "record_id,full_name,sex,date_of_death\n"
    "A1,محمد أحمد,ذكر,2016-11-19\nA2,Sim Two,F,2016-11\n,Sim Three,M,2016\n"
    "A3,Sim Four,M,2016\nA1,Sim Five,M,2016\nA5,Sim Six,M,2016-13-40\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_init_import_reimport_status_export(
    backend: str, runner: CliRunner, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    src = tmp_path / "a.csv"
    src.write_text(SIX, encoding="utf-8")
    r = runner.invoke(app, ["-w", str(ws), "init"])
    assert r.exit_code == 0, r.output
    assert (ws / "tawthiq.toml").is_file()
    assert (ws / "tawthiq.db").is_file() == (backend == "sqlite")

    r = runner.invoke(app, ["-w", str(ws), "import", str(src), "--source", "A"])
    assert r.exit_code == 0, r.output
    assert "imported 3" in r.stdout and "rejected 3" in r.stdout
    rejected = [ln for ln in r.stderr.splitlines() if ln.startswith("rejected:")]
    assert len(rejected) == 3
    assert "row 3 (line 4), field 'record_id'" in rejected[0]
    assert "row 6 (line 7), field 'date_of_death'" in rejected[2]

    r = runner.invoke(app, ["-w", str(ws), "import", str(src), "--source", "A"])
    assert r.exit_code == 0 and "0 new, nothing changed" in r.stdout

    r = runner.invoke(app, ["-w", str(ws), "status"])
    assert r.exit_code == 0 and "3 records in 1 sources" in r.stdout

    out = tmp_path / "records.csv"
    r = runner.invoke(app, ["-w", str(ws), "export", "records", "--out", str(out)])
    assert r.exit_code == 0
    assert out.read_text(encoding="utf-8").count("\n") == 4
    rej = tmp_path / "rejected.csv"
    r = runner.invoke(app, ["-w", str(ws), "export", "rejected", "--run", "1", "--out", str(rej)])
    assert r.exit_code == 0 and "3 rejected rows" in r.stdout


def test_nothing_importable_exits_nonzero(backend: str, runner: CliRunner, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner.invoke(app, ["-w", str(ws), "init"])
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,full_name,date_of_death\n,x,2016\nB2,y,2016-99\n", encoding="utf-8")
    r = runner.invoke(app, ["-w", str(ws), "import", str(bad), "--source", "A"])
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1] == (
        f"tawthiq: error: {bad}: no row could be imported (2 rejected)"
    )


def test_commands_outside_a_workspace_say_how_to_make_one(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    r = runner.invoke(app, ["-w", str(tmp_path / "nowhere"), "status"])
    assert r.exit_code == 1
    assert "not a tawthiq workspace" in r.stderr and "tawthiq init" in r.stderr


def test_workspace_from_environment(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("TAWTHIQ_WORKSPACE", str(tmp_path / "envws"))
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert (tmp_path / "envws" / "tawthiq.toml").is_file()


def test_bad_database_url_is_a_one_line_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql+psycopg://postgres@127.0.0.1:1/none")
    r = runner.invoke(app, ["-w", str(tmp_path / "ws"), "init"])
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tawthiq: error: cannot open the store")
