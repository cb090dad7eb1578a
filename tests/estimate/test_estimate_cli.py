"""`tawthiq mse`: the acceptance commands of the issue, human output and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tawthiq.cli import app

runner = CliRunner()


def test_kosovo_bic_json(kosovo_csv: Path) -> None:
    result = runner.invoke(
        app, ["mse", str(kosovo_csv), "--method", "loglinear", "--select", "bic", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["model"] == "[123,14,34]"
    assert round(out["estimate"], 1) == 10356.5
    assert round(out["se"], 1) == 785.9
    for key in ("method", "observed", "lower", "upper", "aic", "bic", "deviance", "df", "seconds"):
        assert key in out


def test_seber_mt(seber_csv: Path) -> None:
    result = runner.invoke(app, ["mse", str(seber_csv), "--model", "Mt", "--json"])
    assert result.exit_code == 0, result.output
    assert round(json.loads(result.stdout)["estimate"], 1) == 2389.9


def test_closedp_table_json_and_human(kosovo_csv: Path) -> None:
    result = runner.invoke(app, ["mse", str(kosovo_csv), "--table", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["closedp"]
    assert [r["model"] for r in rows][:2] == ["M0", "Mt"]
    assert len(rows) == 10
    human = runner.invoke(app, ["mse", str(kosovo_csv), "--table"])
    assert human.exit_code == 0
    assert "10,356.5" in human.stdout
    assert "Mth Gamma3.5" in human.stdout


def test_lcmcr_json(my3_csv: Path) -> None:
    args = ["mse", str(my3_csv), "--method", "lcmcr", "--seed", "5", "--burn-in", "500"]
    args += ["--samples", "100", "--thin", "2", "--K", "5", "--json", "--draws"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["method"] == "lcmcr"
    assert out["seed"] == 5
    assert out["settings"]["K"] == 5
    assert len(out["draws"]) == 100
    assert out["lower"] <= out["estimate"] <= out["upper"]
    assert out["diagnostics"]["iterations_per_second"] > 0


def test_strata_option(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    lines = ["person_id,source,year"]
    rng_rows = [(i, s) for i in range(300) for s in ("A", "B", "C") if (i * 7 + ord(s)) % 3]
    lines += [f"{i},{s},{2012 + i % 2}" for i, s in rng_rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["mse", str(path), "--strata", "year", "--model", "Mt", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["strata"] == ["year"]
    assert {r["label"] for r in out["rows"]} == {"2012", "2013"}


def test_bad_input_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B,count\n1,0,5\n0,2,3\n", encoding="utf-8")
    result = runner.invoke(app, ["mse", str(path)])
    assert result.exit_code == 1
    assert "row 2" in result.output and "'B'" in result.output
    assert "Traceback" not in result.output
    bad_config = runner.invoke(app, ["mse", str(path), "--method", "lcmcr", "--K", "1"])
    assert bad_config.exit_code == 1
