"""``tawthiq link``, ``tawthiq review list|show|decide`` and ``tawthiq export persons``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import DATABASE_URL_ENV
from tawthiq.link import LinkSettings
from tawthiq.simulate import simulate_to_dir

pytestmark = pytest.mark.slow


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("TAWTHIQ_USER", "cli-tester")
    return CliRunner()


def names_in(world: Path) -> set[str]:
    """Every name word in the simulated lists (to check that no output shows one)."""
    words: set[str] = set()
    for f in world.glob("list_*.csv"):
        frame = pd.read_csv(f, dtype=str, keep_default_na=False)
        for col in ("full_name", "given_name", "father_name", "family_name"):
            for v in frame[col]:
                words.update(w for w in re.split(r"[\s-]+", v) if len(w) > 3)
    return words


def test_link_review_export(runner: CliRunner, tmp_path: Path) -> None:
    world = tmp_path / "world"
    simulate_to_dir(world, people=400, lists=2, seed=3)
    ws = tmp_path / "ws"
    settings = LinkSettings(u_max_pairs=100_000).save(tmp_path / "link.toml")

    def cli(*args: str) -> tuple[int, str]:
        r = runner.invoke(app, ["-w", str(ws), *args])
        return r.exit_code, r.output

    assert cli("init")[0] == 0
    code, out = cli("link")
    assert code == 1 and "no records" in out
    code, out = cli("review", "list")
    assert code == 1 and "no link run yet" in out
    code, out = cli("export", "persons", "--out", str(tmp_path / "none.csv"))
    assert code == 1 and "no linked persons" in out
    for name in ("A", "B"):
        assert cli("import", str(world / f"list_{name}.csv"), "--source", f"list_{name}")[0] == 0

    code, out = cli("link", "--settings", str(settings), "--threshold", "0.5")
    assert code == 0, out
    assert re.search(r"link run 1 \(duckdb\): [\d,]+ records from 2 sources → [\d,]+ persons", out)
    assert "comparisons:" in out and "review queue:" in out
    assert re.search(r"hard constraints: [\d,]+ scored pairs kept apart", out)
    assert re.search(r"[\d,]+ placeholder\s+records.*[\d,]+\s+relational\s+records", out, re.S)
    secret = names_in(world)
    assert not [w for w in secret if w in out]  # counts only, never a name

    code, out = cli("review", "list", "-n", "3")
    assert code == 0 and "Review queue" in out
    assert re.search(r"\b(join|split) \d+", out)  # what an answer would do
    assert not [w for w in secret if w in out]
    pair = re.search(r"│ (\d+)\s+│ 0\.\d+", out)
    assert pair is not None
    code, out = cli("review", "show", pair.group(1))
    assert code == 0 and "match probability" in out and "no decision yet" in out
    code, out = cli("review", "decide", "different", pair.group(1), "--note", "ages differ")
    assert code == 0 and "different; applied at the next tawthiq link" in out
    code, out = cli("review", "decide", "same", pair.group(1))
    assert code == 0 and "(was different)" in out
    code, out = cli("review", "decide", "perhaps", pair.group(1))
    assert code == 2  # not a choice
    code, out = cli("review", "show", "99999")
    assert code == 1 and "no review pair 99999" in out

    code, out = cli("link", "--settings", str(settings), "--json")
    assert code == 0, out
    diag = json.loads(out)
    assert diag["run"] == 2 and diag["decisions_same"] == 1 and diag["comparisons"] > 0

    persons = tmp_path / "persons.csv"
    code, out = cli("export", "persons", "--out", str(persons))
    assert code == 0, out
    r = runner.invoke(
        app, ["evaluate-linkage", "--truth", str(world / "truth.csv"), "--persons", str(persons)]
    )
    assert r.exit_code == 0 and "f1 0.9" in r.output, r.output
    exported = pd.read_csv(persons, dtype=str)
    assert list(exported.columns) == ["person_id", "source", "record_id"]
    assert exported["person_id"].nunique() == diag["persons"]


def test_bad_options(runner: CliRunner, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner.invoke(app, ["-w", str(ws), "init"])
    r = runner.invoke(app, ["-w", str(ws), "link", "--threshold", "0.95"])
    assert r.exit_code == 1 and "no records" in r.output  # the band follows the threshold
    r = runner.invoke(app, ["-w", str(ws), "link", "--threshold", "0.5", "--review-high", "0.4"])
    assert r.exit_code == 1 and "review_band" in r.output
    r = runner.invoke(app, ["-w", str(ws), "link", "--backend", "oracle"])
    assert r.exit_code == 2
    r = runner.invoke(app, ["-w", str(ws), "link", "--settings", str(tmp_path / "no.toml")])
    assert r.exit_code == 1 and "not found" in r.output
