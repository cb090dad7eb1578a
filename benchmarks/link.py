"""Linkage accuracy and speed on a simulated world: tawthiq against two baselines.

On one simulated world (``tawthiq.simulate``, all noise on, truth known) the script links the
lists three ways and scores each against the truth (pairwise precision, recall, F1 from
``tawthiq.link.evaluate``):

  tawthiq   ``tawthiq.link.link_records`` with its default settings (cross-script name keys,
            date intervals, gazetteer places, EM, anti-chaining clustering)
  splink    Splink 5 out of the box: ``NameComparison`` on the given/father/family names as
            written (lower-cased; a full name split on spaces), ``DateOfBirthComparison`` on the
            date of death, exact match on place, governorate, sex and age; blocking on raw
            names and dates; EM; connected components at 0.5. No Arabic-aware keys.
  exact     a crude key: the lower-cased name with everything but letters removed, plus the
            date of death; records with the same key are one person

Usage:
    .venv/bin/python benchmarks/link.py                      # 20,000 people / 4 lists
    .venv/bin/python benchmarks/link.py --preset 1m          # ~1,000,000 records / 8 lists
    .venv/bin/python benchmarks/link.py --people 2000 --lists 3 --methods tawthiq,exact
    .venv/bin/python benchmarks/link.py --preset 1m --store  # also end to end on a workspace

``--store`` also runs the whole command path on a fresh SQLite workspace: import every list,
then ``link_workspace`` (what ``tawthiq link`` runs: read the store, link, write persons), and
reports the link time and the F1 of the exported persons. Worlds are cached under ``--cache``
(default /tmp/tawthiq-bench-link) by size and seed. Prints counts and figures only, no names.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from tawthiq.link import LinkSettings, evaluate_linkage, link_records, read_canonical_lists
from tawthiq.simulate import simulate_to_dir

PRESETS = {"20k": (20_000, 4), "1m": (420_000, 8)}
"""(people, lists): 420,000 people in 8 lists give ~998,000 records with the default scenario."""

Method = Callable[[pd.DataFrame], tuple[pd.DataFrame, dict[str, Any]]]


def world(cache: Path, people: int, lists: int, seed: int) -> tuple[Path, dict[str, Path]]:
    out = cache / f"w{people}_{lists}_{seed}"
    if not (out / "truth.csv").is_file():
        t = time.perf_counter()
        simulate_to_dir(out, people=people, lists=lists, seed=seed)
        print(f"simulated {people:,} people / {lists} lists in {time.perf_counter() - t:.1f}s")
    files = {p.stem: p for p in sorted(out.glob("list_*.csv"))}
    return out, files


def persons_frame(records: pd.DataFrame, labels: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": pd.Series(labels).astype(str).to_numpy(),
            "source": records["source"].astype(str).to_numpy(),
            "record_id": records["record_id"].astype(str).to_numpy(),
        }
    )


# --- tawthiq --------------------------------------------------------------------------------


def run_tawthiq(records: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    res = link_records(records, LinkSettings())
    d = res.diagnostics
    return res.persons(), {"comparisons": d.comparisons, "steps": dict(d.seconds)}


# --- crude exact key ------------------------------------------------------------------------

_NOT_LETTER = re.compile(r"[\W\d_]+", re.UNICODE)


def _plain_name(row: tuple[Any, ...]) -> str:
    full, given, father, family = row
    parts = [p for p in (given, father, family) if isinstance(p, str) and p.strip()]
    text = " ".join(parts) if parts else (full if isinstance(full, str) else "")
    return _NOT_LETTER.sub("", text.lower())


def run_exact(records: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    cols = records[["full_name", "given_name", "father_name", "family_name"]]
    names = [_plain_name(r) for r in cols.itertuples(index=False, name=None)]
    dates = records["date_earliest"].astype(str).tolist()
    keys = [f"{n}|{d}" if n else f"#{i}" for i, (n, d) in enumerate(zip(names, dates, strict=True))]
    labels = pd.factorize(pd.Series(keys))[0]
    return persons_frame(records, labels), {}


# --- Splink out of the box ------------------------------------------------------------------


def _split_full(full: Any) -> tuple[str | None, str | None, str | None]:
    if not isinstance(full, str) or not full.strip():
        return None, None, None
    words = full.lower().split()
    given = words[0]
    father = words[1] if len(words) >= 3 else None
    family = words[-1] if len(words) >= 2 else None
    return given, father, family


def _lower(series: pd.Series) -> pd.Series:
    s = series.astype(object)
    return s.where(s.notna(), None).map(
        lambda v: v.strip().lower() if isinstance(v, str) and v.strip() else None
    )


def splink_input(records: pd.DataFrame) -> pd.DataFrame:
    split = [_split_full(v) for v in records["full_name"].tolist()]
    given, father, family = (
        _lower(records[c]) for c in ("given_name", "father_name", "family_name")
    )
    has_split = given.notna() | father.notna() | family.notna()
    out = pd.DataFrame(
        {
            "uid": range(len(records)),
            "given": [g if h else s[0] for g, h, s in zip(given, has_split, split, strict=True)],
            "father": [f if h else s[1] for f, h, s in zip(father, has_split, split, strict=True)],
            "family": [m if h else s[2] for m, h, s in zip(family, has_split, split, strict=True)],
            "date": [
                d.isoformat() if d is not None and not pd.isna(d) else None
                for d in records["date_earliest"].tolist()
            ],
            "place": _lower(records["place_text"]),
            "governorate": _lower(records["governorate_text"]),
            "sex": _lower(records["sex"]),
            "age": records["age_min"].astype("Float64"),
        }
    )
    return out


def run_splink(records: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    frame = splink_input(records)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="uid",
        comparisons=[
            cl.NameComparison("given"),
            cl.NameComparison("father"),
            cl.NameComparison("family"),
            cl.DateOfBirthComparison("date", input_is_string=True),
            cl.ExactMatch("place"),
            cl.ExactMatch("governorate"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("age"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given", "date"),
            block_on("family", "date"),
            block_on("given", "family"),
            block_on("father", "family"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    table = db_api.register(frame, table_name="bench_records")
    linker: Any = Linker(table, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given", "father", "family", "date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5_000_000, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given", "family"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date", "place"))
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.5
    ).as_pandas_dataframe()
    label = dict(zip(clusters["uid"].tolist(), clusters["cluster_id"].tolist(), strict=True))
    labels = [label.get(i, f"u{i}") for i in range(len(records))]
    comparisons = int(
        linker.misc.query_sql(
            f"SELECT COUNT(*) AS n FROM {predictions.physical_name}", output_type="pandas"
        )["n"].iloc[0]
    )
    return persons_frame(records, labels), {"pairs_above_0.01": comparisons}


METHODS: dict[str, Method] = {"tawthiq": run_tawthiq, "splink": run_splink, "exact": run_exact}


# --- the whole command path on a workspace ---------------------------------------------------


def run_store(files: dict[str, Path], truth: Path, work: Path) -> None:
    import shutil

    from tawthiq.config import DATABASE_URL_ENV, init_workspace
    from tawthiq.ingest import import_canonical_csv
    from tawthiq.link import export_persons, link_workspace
    from tawthiq.store import open_store

    os.environ.pop(DATABASE_URL_ENV, None)
    if work.exists():
        shutil.rmtree(work)
    ws, _ = init_workspace(work)
    engine = open_store(ws)
    try:
        t = time.perf_counter()
        for source, path in files.items():
            import_canonical_csv(engine, path, source)
        imported = time.perf_counter() - t
        t = time.perf_counter()
        done = link_workspace(engine, LinkSettings())
        linked = time.perf_counter() - t
        out = work / "persons.csv"
        export_persons(engine, out)
    finally:
        engine.dispose()
    ev = evaluate_linkage(out, truth)
    d = done.result.diagnostics
    print(f"store run: {d.comparisons:,} comparisons; steps {dict(d.seconds)}")
    for rule in d.comparisons_per_rule:
        print(f"  {rule.comparisons:>12,}  {rule.rule}")
    print(
        f"store (SQLite workspace): import {imported:.1f}s; link (read store, link, write "
        f"{done.persons:,} persons) {linked:.1f}s; F1 {ev.f1:.4f} "
        f"(precision {ev.precision:.4f}, recall {ev.recall:.4f})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--preset", choices=sorted(PRESETS), default=None)
    ap.add_argument("--people", type=int, default=None)
    ap.add_argument("--lists", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--methods", default="tawthiq,splink,exact")
    ap.add_argument("--store", action="store_true", help="Also run import + link on a workspace.")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/tawthiq-bench-link"))
    args = ap.parse_args(argv)
    people, lists = PRESETS[args.preset or "20k"]
    people = args.people or people
    lists = args.lists or lists
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        ap.error(f"unknown method(s) {', '.join(unknown)}; choose from {', '.join(METHODS)}")

    out, files = world(args.cache, people, lists, args.seed)
    t = time.perf_counter()
    records = read_canonical_lists(files)
    read = time.perf_counter() - t
    print(
        f"world: {people:,} people, {lists} lists, seed {args.seed}: {len(records):,} records "
        f"(read in {read:.1f}s); machine: {os.cpu_count()} CPUs"
    )
    print(f"{'method':<9} {'F1':>7} {'precision':>10} {'recall':>7} {'time':>8}  notes")
    for name in methods:
        t = time.perf_counter()
        persons, notes = METHODS[name](records)
        seconds = time.perf_counter() - t
        ev = evaluate_linkage(persons, out / "truth.csv")
        extra = ", ".join(f"{k} {v}" for k, v in notes.items())
        print(
            f"{name:<9} {ev.f1:>7.4f} {ev.precision:>10.4f} {ev.recall:>7.4f} {seconds:>7.1f}s  "
            f"{ev.predicted_persons:,} persons (true {ev.true_persons:,}); {extra}",
            flush=True,
        )
    if args.store:
        run_store(files, out / "truth.csv", args.cache / f"ws{people}_{lists}_{args.seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
