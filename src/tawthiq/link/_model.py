"""Splink, behind four calls: open a backend, count the candidate pairs, train, score.

The rest of the stage sees plain tables: candidate pairs as ``uid_l, uid_r, match_weight,
match_key`` (numpy arrays, ``uid_l < uid_r``). Splink's objects stay here.

The prior (Splink's ``probability_two_random_records_match``, λ) is estimated from the scored
candidate pairs: λ is the expected share of matches among all pairs, and with m and u fixed the
EM update of λ over all N(N-1)/2 pairs is Σ P(match | pair) / (N(N-1)/2), summed over the
candidate pairs (pairs blocking leaves out have probabilities near zero). Iterated to its fixed
point this needs no guess of how good a set of deterministic rules is.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import math
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from splink import DuckDBAPI, Linker
from splink.internals.exceptions import EMTrainingException

from tawthiq.errors import ConfigError, TawthiqError
from tawthiq.link._comparisons import splink_settings
from tawthiq.link._settings import LinkSettings

__all__ = [
    "Pairs",
    "SplinkRun",
    "estimate_prior",
    "open_run",
    "probabilities",
    "quiet_splink",
]

Floats = np.ndarray[Any, np.dtype[np.float64]]
Ints = np.ndarray[Any, np.dtype[np.int64]]

INPUT_TABLE = "tawthiq_link_records"
LABELS_TABLE = "tawthiq_link_labels"
PAIRS_TABLE = "tawthiq_link_pairs"


@contextlib.contextmanager
def quiet_splink() -> Iterator[None]:
    """Keep Splink's INFO/WARNING chatter (it names parameters, never records) off stderr."""
    logger = logging.getLogger("splink")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


@dataclass(frozen=True)
class Pairs:
    """Scored record pairs: ``uid_l < uid_r``; ``match_weight`` in bits, prior included."""

    uid_l: Ints
    uid_r: Ints
    match_weight: Floats
    match_key: Ints

    def __len__(self) -> int:
        return len(self.uid_l)

    @staticmethod
    def empty() -> Pairs:
        return Pairs(
            np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64)
        )

    @staticmethod
    def from_frame(frame: pd.DataFrame) -> Pairs:
        left = frame["uid_l"].to_numpy(dtype=np.int64)
        right = frame["uid_r"].to_numpy(dtype=np.int64)
        lo, hi = np.minimum(left, right), np.maximum(left, right)
        key = (
            pd.to_numeric(frame["match_key"], errors="coerce").fillna(-1).to_numpy(np.int64)
            if "match_key" in frame.columns
            else np.full(len(frame), -1, np.int64)
        )
        weight = frame["match_weight"].to_numpy(dtype=np.float64)
        return Pairs(lo, hi, weight, key)


def _logit2(p: float) -> float:
    return math.log2(p / (1.0 - p))


def probabilities(match_weight: Floats) -> Floats:
    out: Floats = 1.0 / (1.0 + np.exp2(-match_weight))
    return out


def estimate_prior(
    bayes_bits: Floats, records: int, start: float, *, tol: float = 1e-9, max_iter: int = 200
) -> float:
    """Fixed point of λ = Σ P(match | pair, λ) / (N(N-1)/2) over the candidate pairs.

    ``bayes_bits`` are the pairs' match weights without the prior (log2 Bayes factors).
    """
    total = records * (records - 1) / 2
    if total <= 0 or len(bayes_bits) == 0:
        return start
    lam = start
    for _ in range(max_iter):
        p = probabilities(bayes_bits + _logit2(lam))
        new = float(p.sum()) / total
        new = min(max(new, 1e-12), 0.5)
        if abs(new - lam) <= tol * max(lam, 1e-12):
            return new
        lam = new
    return lam


def _spark_api(settings: LinkSettings, checkpoints: str, records: int) -> Any:
    """Splink's SparkAPI on a local session with Splink's similarity functions loaded.

    Splink breaks Spark's lineage between steps with checkpoints, written under
    ``checkpoints`` (a temporary folder removed when the run closes).
    """
    try:
        spark_sql: Any = importlib.import_module("pyspark.sql")
        splink_spark: Any = importlib.import_module("splink.backends.spark")
    except ImportError as err:
        raise TawthiqError(
            "the spark backend needs pyspark (pip install 'pyspark>=4,<5') and a Java runtime "
            f"(JDK 17); import failed: {err}"
        ) from None
    partitions = max(2, min(200, records // 50_000))
    spark = (
        spark_sql.SparkSession.builder.master(settings.spark_master)
        .appName("tawthiq-link")
        .config("spark.jars", splink_spark.similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(checkpoints)
    # Small tables: persisting in memory breaks lineage far faster than checkpoint files.
    method = "persist" if records <= 2_000_000 else None
    return splink_spark.SparkAPI(
        spark_session=spark,
        break_lineage_method=method,
        num_partitions_on_repartition=partitions,
    )


def _spark_frame(db_api: Any, frame: pd.DataFrame) -> Any:
    """The feature table as a Spark DataFrame with an explicit schema (nulls stay null)."""
    T: Any = importlib.import_module("pyspark.sql.types")

    fields = []
    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_integer_dtype(col.dtype):
            kind: Any = T.LongType()
        elif pd.api.types.is_float_dtype(col.dtype):
            kind = T.DoubleType()
        else:
            kind = T.StringType()
        fields.append(T.StructField(name, kind, True))
        values = col.astype(object).where(col.notna(), None).tolist()
        columns[name] = values
    rows = list(zip(*columns.values(), strict=True))
    return db_api.spark.createDataFrame(rows, schema=T.StructType(fields))


class SplinkRun:
    """One Splink linker over the feature table, on the chosen backend."""

    def __init__(
        self,
        feats: pd.DataFrame,
        settings: LinkSettings,
        model: Mapping[str, Any] | None = None,
    ) -> None:
        self.settings = settings
        self.records = len(feats)
        self._tmp: str | None = None
        if settings.backend == "spark":
            self._tmp = tempfile.mkdtemp(prefix="tawthiq-spark-")
            self.db_api = _spark_api(settings, self._tmp, len(feats))
            table_input: Any = _spark_frame(self.db_api, feats)
        else:
            # DuckDB takes up to 80 % of the machine's memory by default and keeps it; capped,
            # it spills to a temporary directory instead (a million records, one process: peak
            # 4.2 → 3.7 GB, same speed).
            self._tmp = tempfile.mkdtemp(prefix="tawthiq-duckdb-")
            config: dict[str, str | bool | int | float | list[str]] = {
                "memory_limit": settings.duckdb_memory_limit,
                "temp_directory": self._tmp,
            }
            self.db_api = DuckDBAPI(duckdb.connect(":memory:", config=config))
            table_input = feats
        self.table = self.db_api.register(table_input, table_name=INPUT_TABLE)
        spec: Any
        if model is None:
            spec = splink_settings(settings)
        else:
            spec = dict(model)
            if spec.get("link_type") != "dedupe_only" or spec.get("unique_id_column_name") != "uid":
                raise ConfigError("the model was not trained by tawthiq.link (wrong link type)")
            spec["blocking_rules_to_generate_predictions"] = [
                {"blocking_rule": r, "sql_dialect": spec.get("sql_dialect", "duckdb")}
                for r in settings.blocking_rules
            ]
            spec.pop("linker_uid", None)
        with quiet_splink():
            # Splink 5 is only partly typed: its linker is used as an untyped object.
            self.linker: Any = Linker(self.table, spec, log_level=None)
        self._blocked: Any = None

    # --- blocking ------------------------------------------------------------------------

    def count_candidates(self) -> list[int]:
        """Candidate pairs each blocking rule adds (pairs of earlier rules not counted twice)."""
        with quiet_splink():
            self._blocked = self.linker.inference.compute_blocked_pairs_for_predict()
            rows = self._query(
                f"SELECT CAST(match_key AS INTEGER) AS k, COUNT(*) AS n "
                f"FROM {self._blocked.physical_name} GROUP BY 1"
            )
        counts = dict.fromkeys(range(len(self.settings.blocking_rules)), 0)
        for k, n in rows:
            counts[int(k)] = int(n)
        return [counts[i] for i in range(len(self.settings.blocking_rules))]

    def _query(self, sql: str) -> list[tuple[Any, ...]]:
        out = self.linker.misc.query_sql(sql, output_type="pandas")
        return [tuple(r) for r in out.itertuples(index=False)]

    # --- training ------------------------------------------------------------------------

    def train(self, same_pairs: list[tuple[int, int]]) -> tuple[int, int]:
        """u by random sampling, m by EM per rule, then m from reviewer "same" labels.

        Returns the number of labelled pairs used (0 when fewer than ``label_min_pairs``) and
        the number of EM sessions skipped. On a small store an EM session can drive an m
        probability to exactly 0, which Splink refuses, and a list without ages gives the
        age-bound session no pair at all; such a session is undone (its comparisons keep the
        values they had) rather than failing the run.
        """
        s = self.settings
        training = self.linker.training
        skipped = 0
        with quiet_splink():
            training.estimate_u_using_random_sampling(
                max_pairs=s.u_max_pairs, seed=s.seed, min_count_per_level=None
            )
            for rule in s.em_blocking_rules:
                # Splink's session drops the comparisons the rule uses from the linker's own
                # settings and puts the trained copy back only on success: keep a copy.
                saved = self.linker._settings_obj.core_model_settings.copy()
                try:
                    training.estimate_parameters_using_expectation_maximisation(
                        rule,
                        estimate_without_term_frequencies=False,
                        max_pairs=s.em_max_pairs or None,
                    )
                except (ValueError, EMTrainingException):
                    self.linker._settings_obj.core_model_settings = saved
                    skipped += 1
            if len(same_pairs) >= s.label_min_pairs:
                labels = pd.DataFrame(
                    {
                        "uid_l": np.array([p[0] for p in same_pairs], np.int64),
                        "uid_r": np.array([p[1] for p in same_pairs], np.int64),
                    }
                )
                table = self.db_api.register(self._backend_frame(labels), table_name=LABELS_TABLE)
                training.estimate_m_from_pairwise_labels(table)
                used = len(same_pairs)
            else:
                used = 0
        self._floor_m(s.min_m_probability)
        return used, skipped

    def _floor_m(self, floor: float) -> None:
        """Raise every m probability below ``floor`` to it (no single field is a veto)."""
        for comparison in self.linker._settings_obj.comparisons:
            for level in comparison._comparison_levels_excluding_null:
                m = level.m_probability
                if m is not None and m < floor:
                    level.m_probability = floor

    def _backend_frame(self, frame: pd.DataFrame) -> Any:
        return _spark_frame(self.db_api, frame) if self.settings.backend == "spark" else frame

    # --- scoring -------------------------------------------------------------------------

    @property
    def prior(self) -> float:
        return float(self.linker._settings_obj._probability_two_random_records_match)

    def set_prior(self, value: float) -> None:
        self.linker._settings_obj._probability_two_random_records_match = value

    def predict(self) -> Pairs:
        """Score every candidate pair (no threshold: the prior is estimated from all of them)."""
        with quiet_splink():
            scored = self.linker.inference.predict(warning_mode="never")
        return self._pairs(scored)

    def _pairs(self, scored: Any) -> Pairs:
        """The four columns linkage uses, read straight from Splink's table and then dropped:
        converting every column of tens of millions of scored pairs to pandas costs more than
        scoring them."""
        sql = (
            f"SELECT uid_l, uid_r, match_weight, CAST(match_key AS BIGINT) AS match_key "
            f"FROM {scored.physical_name}"
        )
        with quiet_splink():
            frame = self.linker.misc.query_sql(sql, output_type="pandas")
            with contextlib.suppress(Exception):
                scored.drop_table_from_database_and_remove_from_cache()
        if frame.empty:
            return Pairs.empty()
        return Pairs.from_frame(frame)

    def score(self, left: Ints, right: Ints) -> Pairs:
        """Score chosen pairs (for example every pair inside a suspicious component)."""
        if len(left) == 0:
            return Pairs.empty()
        table = pd.DataFrame(
            {
                "join_key_l": np.minimum(left, right),
                "join_key_r": np.maximum(left, right),
                "match_key": np.full(len(left), -1, np.int64).astype(str),
            }
        )
        name = f"{PAIRS_TABLE}_{id(table)}"
        with quiet_splink():
            registered = self.db_api.register(self._backend_frame(table), table_name=name)
            self.linker.table_management.register_blocked_pairs_for_predict(registered)
            scored = self.linker.inference.predict(warning_mode="never")
        return self._pairs(scored)

    def model(self) -> dict[str, Any]:
        """The Splink model (settings and trained parameters) as a JSON-able dict."""
        with quiet_splink():
            out: dict[str, Any] = self.linker.misc.save_model_to_json()
        return out

    def close(self) -> None:
        con = getattr(self.db_api, "_con", None)
        if con is not None:
            with contextlib.suppress(Exception):
                con.close()
        spark = getattr(self.db_api, "spark", None)
        if spark is not None:  # the local session (its JVM) ends with the run
            with contextlib.suppress(Exception):
                spark.stop()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def open_run(
    feats: pd.DataFrame, settings: LinkSettings, model: Mapping[str, Any] | None = None
) -> SplinkRun:
    return SplinkRun(feats, settings, model)
