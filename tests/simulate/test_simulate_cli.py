"""``tawthiq simulate`` and ``tawthiq evaluate-linkage`` from the command line."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.simulate._names import load_names

runner = CliRunner()


def test_simulate_command(tmp_path: Path) -> None:
    out = tmp_path / "w"
    args = ["simulate", "--out", str(out), "--people", "2000", "--lists", "3", "--seed", "5"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Simulated 2,000 deaths" in text and "observed union" in text
    for source in ("list_A", "list_B", "list_C"):
        assert source in text
        assert (out / f"{source}.csv").is_file()
    assert "truth.csv" in text and "world.json" in text
    doc = json.loads((out / "world.json").read_text(encoding="utf-8"))
    assert doc["people"] == 2000 and doc["seed"] == 5 and len(doc["lists"]) == 3
    assert f"{doc['observed']:,}" in text


def test_simulate_prints_no_names(tmp_path: Path) -> None:
    out = tmp_path / "w"
    result = runner.invoke(app, ["simulate", "--out", str(out), "--people", "1500"])
    assert result.exit_code == 0, result.output
    assert not re.search("[\u0600-\u06ff]", result.output)
    words = set(re.findall(r"[A-Za-z][A-Za-z'-]+", result.output))
    inventory = load_names()
    spellings = {str(s) for s in inventory.latin_flat}
    leaked = words & spellings
    assert not leaked, leaked
    with (out / "list_A.csv").open(encoding="utf-8") as fh:
        first = next(csv.DictReader(fh))
    assert (first["full_name"] or first["given_name"]) not in result.output


def test_simulate_with_scenario_file(tmp_path: Path) -> None:
    from importlib import resources

    text = (
        resources.files("tawthiq")
        .joinpath("data", "scenarios", "default.toml")
        .read_text(encoding="utf-8")
    )
    scenario = tmp_path / "small.toml"
    scenario.write_text(text.replace("people = 20000", "people = 800"), encoding="utf-8")
    out = tmp_path / "w"
    result = runner.invoke(app, ["simulate", "--out", str(out), "--scenario", str(scenario)])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "world.json").read_text(encoding="utf-8"))
    assert doc["people"] == 800 and len(doc["lists"]) == 8


def test_bad_scenario_is_a_one_line_error(tmp_path: Path) -> None:
    scenario = tmp_path / "bad.toml"
    scenario.write_text("people = -3\n", encoding="utf-8")
    result = runner.invoke(
        app, ["simulate", "--out", str(tmp_path / "w"), "--scenario", str(scenario)]
    )
    assert result.exit_code == 1
    assert "field 'people'" in result.output
    assert not (tmp_path / "w").exists()


def test_evaluate_linkage_command(tmp_path: Path) -> None:
    out = tmp_path / "w"
    assert runner.invoke(app, ["simulate", "--out", str(out), "--people", "1000"]).exit_code == 0
    truth = out / "truth.csv"
    result = runner.invoke(
        app, ["evaluate-linkage", "--truth", str(truth), "--persons", str(truth), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["precision"] == scores["recall"] == scores["f1"] == 1.0
    plain = runner.invoke(app, ["evaluate-linkage", "--truth", str(truth), "--persons", str(truth)])
    assert "precision 1.0000" in plain.output
    missing = runner.invoke(
        app, ["evaluate-linkage", "--truth", str(truth), "--persons", str(out / "nope.csv")]
    )
    assert missing.exit_code == 1 and "not found" in missing.output
