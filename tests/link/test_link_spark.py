"""The Spark backend (Splink's SparkAPI on a local session) gives the DuckDB clusters.

Needs pyspark and a Java runtime; skipped when pyspark is not importable. Spark runs every
EM iteration as jobs, so the world is small and EM is capped.
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from tawthiq.link import LinkSettings, evaluate_linkage, link_records, read_canonical_lists
from tawthiq.simulate import simulate_to_dir

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    # py4j leaves its gateway sockets to the garbage collector
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def test_spark_matches_duckdb(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH")
    world = tmp_path / "world"
    summary = simulate_to_dir(world, people=200, lists=2, seed=4)
    records = read_canonical_lists({s.source: world / s.file for s in summary.lists})
    settings = LinkSettings(u_max_pairs=50_000, em_max_iterations=4, spark_master="local[2]")
    duck = link_records(records, settings)
    spark = link_records(
        records, LinkSettings.from_dict({**settings.to_dict(), "backend": "spark"})
    )
    assert spark.diagnostics.backend == "spark"
    assert spark.diagnostics.comparisons == duck.diagnostics.comparisons
    f_duck = evaluate_linkage(duck.persons(), world / "truth.csv").f1
    f_spark = evaluate_linkage(spark.persons(), world / "truth.csv").f1
    assert abs(f_spark - f_duck) <= 0.005, (f_spark, f_duck)
    same = (spark.clusters["cluster_id"] == duck.clusters["cluster_id"]).mean()
    assert same >= 0.99, same
    assert f_duck >= 0.9
    gc.collect()  # py4j's sockets are closed here, under this test's warning filters
