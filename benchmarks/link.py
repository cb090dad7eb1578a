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
    .venv/bin/python benchmarks/link.py --preset crossscript # Arabic list vs Latin list, families
    .venv/bin/python benchmarks/link.py --preset crossscript --people 8000 --seed 2

``--preset crossscript`` (issue 15) links a different world, made by
``tawthiq.simulate.crossscript`` from the names in ``../shared/data/names`` (``--names``): about
4,000 people (``--people``), each listed once in Arabic and once in Latin transliteration,
most dying with relatives (siblings of both sexes share father, family name, date and place),
with relational records ("wife of …", "أم محمد") and placeholders ("مجهول الهوية", "Unknown 3")
that are different people on the two lists. It runs tawthiq's default ``link_records`` only and
also reports the persons mixing two known sexes, the placeholder records linked to anything, and
the false pairs by kind (siblings, same incident, relational, placeholder, other).

``--store`` also runs the whole command path on a fresh SQLite workspace: import every list,
then ``link_workspace`` (what ``tawthiq link`` runs: read the store, link, write persons), and
reports the link time and the F1 of the exported persons. Worlds are cached under ``--cache``
(default /tmp/tawthiq-bench-link) by size and seed. Prints counts and figures only, no names.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tawthiq.link import LinkSettings, evaluate_linkage, link_records, read_canonical_lists
from tawthiq.simulate import simulate_to_dir

PRESETS = {"20k": (20_000, 4), "1m": (420_000, 8), "crossscript": (4_000, 2)}
"""(people, lists): 420,000 people in 8 lists give ~998,000 records with the default scenario;
``crossscript`` is the Arabic/Latin world of ``tawthiq.simulate.crossscript`` (always 2 lists)."""
NAMES_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "names"

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


LAST: dict[str, Any] = {}
"""The last tawthiq result, for --review-curve."""


def run_tawthiq(records: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    res = link_records(records, LinkSettings())
    LAST["result"] = res
    d = res.diagnostics
    share = d.review_pairs / max(d.records, 1)
    return res.persons(), {
        "comparisons": d.comparisons,
        "review queue": f"{d.review_pairs:,} ({share:.2%} of records; {d.band_pairs:,} band pairs)",
        "steps": dict(d.seconds),
    }


def review_curve(records: pd.DataFrame, truth: Path, steps: list[int]) -> None:
    """F1 after the first k questions of the review queue are answered from the truth.

    Each point links again with the answers as reviewer decisions and the first run's model
    (what ``tawthiq link`` does after a review session), so only the answers differ.
    """
    res = LAST["result"]
    queue = res.review
    true_person = pd.read_csv(truth, dtype=str, keep_default_na=False)
    key = records[["record_key", "source", "record_id"]].astype(str)
    person = key.merge(true_person, on=["source", "record_id"]).set_index("record_key")
    person_of = person["person_id"]
    print(f"review curve: {len(queue):,} questions in the queue")
    for k in steps:
        asked = queue.head(k)
        same = (
            person_of.loc[asked["record_key_l"]].to_numpy()
            == person_of.loc[asked["record_key_r"]].to_numpy()
        )
        decisions = pd.DataFrame(
            {
                "record_key_l": asked["record_key_l"].to_numpy(),
                "record_key_r": asked["record_key_r"].to_numpy(),
                "decision": np.where(same, "same", "different"),
            }
        )
        t = time.perf_counter()
        again = link_records(records, LinkSettings(), decisions=decisions, model=res.model)
        ev = evaluate_linkage(again.persons(), truth)
        print(
            f"  after {len(asked):>6,} answers ({int(same.sum()):,} same): F1 {ev.f1:.4f} "
            f"precision {ev.precision:.4f} recall {ev.recall:.4f} "
            f"({time.perf_counter() - t:.1f}s; queue now {len(again.review):,})",
            flush=True,
        )


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


# --- the cross-script world (issue 15) -------------------------------------------------------


def _known_sex(sex: Any, name: Any) -> tuple[str | None, str | None]:
    """(sex from the sex column, sex from the column or else from what the name states)."""
    from tawthiq.model.vocab import Sex, parse
    from tawthiq.normalize import parse_name_structure

    code = parse(Sex, sex) if isinstance(sex, str) else None
    recorded = str(code) if code in (Sex.MALE, Sex.FEMALE) else None
    if recorded is not None or not isinstance(name, str):
        return recorded, recorded
    hint = parse_name_structure(name).sex_hint
    return None, str(hint) if hint in (Sex.MALE, Sex.FEMALE) else None


def _false_pair_kind(a: Any, b: Any) -> str:
    if "placeholder" in (a.kind, b.kind):
        return "placeholder"
    if "relational" in (a.kind, b.kind):
        return "relational"
    if a.incident_id != b.incident_id:
        same = (a.given_id, a.father_id, a.family_id) == (b.given_id, b.father_id, b.family_id)
        return "other, same name" if same else "other"
    if a.household_id == b.household_id and a.role == b.role == "child":
        return "siblings, brother-sister" if a.sex != b.sex else "siblings, same sex"
    if (a.given_id, a.father_id, a.family_id) == (b.given_id, b.father_id, b.family_id):
        return "same incident, same name"
    if a.household_id == b.household_id:
        return "same incident, different name: parent-child or spouses"
    if a.family_id == b.family_id:
        return "same incident, different name: same family, other household"
    return "same incident, different name: unrelated"


FALSE_PAIR_KINDS = (
    "siblings, brother-sister",
    "siblings, same sex",
    "same incident, different name: parent-child or spouses",
    "same incident, different name: same family, other household",
    "same incident, different name: unrelated",
    "same incident, same name",
    "relational",
    "placeholder",
    "other",
    "other, same name",
)


def _missed_pair_kind(a: Any, b: Any) -> str:
    if a.source == b.source:
        return "same-list duplicate"
    if "relational" in (a.kind, b.kind):
        both = a.kind == b.kind
        return "relational on both lists" if both else "relational on one list, named on the other"
    return "named on both lists"


def run_crossscript(args: argparse.Namespace) -> int:
    """Build the cross-script world, link it with the defaults, score it (figures only)."""
    from itertools import combinations

    from tawthiq.simulate.crossscript import (
        crossscript_world,
        load_crossscript_names,
        write_crossscript_world,
    )

    people = args.people or PRESETS["crossscript"][0]
    t = time.perf_counter()
    names = load_crossscript_names(args.names)
    world = crossscript_world(names, people=people, seed=args.seed)
    out = args.cache / f"crossscript_{people}_{args.seed}"
    files = write_crossscript_world(world, out)
    records = read_canonical_lists(files)
    built = time.perf_counter() - t
    meta = world.meta()
    counts = names.counts()
    print(
        f"names: {counts['male']} male, {counts['female']} female, {counts['family']} family "
        f"names ({counts['male_pairs'] + counts['female_pairs'] + counts['family_pairs']} with "
        f"an ar2en transliteration pair); machine: {os.cpu_count()} CPUs"
    )
    kinds = meta.groupby(["source", "kind"]).size()
    roles = world.people["role"].value_counts()
    relations = world.people.loc[world.people["relation"] != "", "relation"].value_counts()
    print(
        f"world: {people:,} people, seed {args.seed}, {len(world.incidents):,} incidents "
        f"({int((world.incidents['size'] > 1).sum()):,} with 2+ deaths), built in {built:.1f}s"
    )
    print("  roles: " + ", ".join(f"{k} {v:,}" for k, v in roles.items()))
    print("  relations: " + ", ".join(f"{k} {v:,}" for k, v in relations.items()))
    for source in files:
        print(
            f"  {source}: "
            + ", ".join(f"{k} {int(v):,}" for k, v in kinds.loc[source].items())
            + " records"
        )

    t = time.perf_counter()
    res = link_records(records, LinkSettings())
    seconds = time.perf_counter() - t
    persons = res.persons()
    ev = evaluate_linkage(persons, out / "truth.csv")

    frame = meta.merge(persons, on=["source", "record_id"], how="left", validate="1:1")
    frame = frame.merge(
        records[["source", "record_id", "sex", "full_name"]].rename(columns={"sex": "sex_column"}),
        on=["source", "record_id"],
        how="left",
        validate="1:1",
    )
    sexes = [_known_sex(s, n) for s, n in zip(frame["sex_column"], frame["full_name"], strict=True)]
    frame["sex_recorded"] = [s[0] for s in sexes]
    frame["sex_stated"] = [s[1] for s in sexes]
    sizes = frame.groupby("person_id_y")["record_id"].transform("size")

    def mixed(col: str) -> int:
        known = frame.dropna(subset=[col])
        return int((known.groupby("person_id_y")[col].nunique() > 1).sum())

    ph = (frame["kind"] == "placeholder").to_numpy()
    cluster = frame["person_id_y"]
    ph_in_cluster = cluster.map(cluster[ph].value_counts()).fillna(0).to_numpy()
    linked_ph = ph & (sizes.to_numpy() > 1)
    ph_to_ph = int((linked_ph & (ph_in_cluster > 1)).sum())
    ph_to_named = int((linked_ph & (ph_in_cluster < sizes.to_numpy())).sum())
    read_as_ph = sum(_reads_as_placeholder(n) for n in frame.loc[ph, "full_name"].tolist())
    frame = frame.drop(columns=["full_name"])

    false_pairs: dict[str, int] = dict.fromkeys(FALSE_PAIR_KINDS, 0)
    rows = list(frame.itertuples(index=False))
    for _, idx in frame.groupby("person_id_y").indices.items():
        if len(idx) < 2:
            continue
        for i, j in combinations(idx, 2):
            a, b = rows[i], rows[j]
            if a.person_id_x != b.person_id_x:
                false_pairs[_false_pair_kind(a, b)] += 1
    missed: dict[str, int] = {}
    for _, idx in frame.groupby("person_id_x").indices.items():
        for i, j in combinations(idx, 2):
            a, b = rows[i], rows[j]
            if a.person_id_y != b.person_id_y:
                kind = _missed_pair_kind(a, b)
                missed[kind] = missed.get(kind, 0) + 1

    false_total = ev.predicted_pairs - ev.correct_pairs
    print(
        f"tawthiq link_records (defaults): {seconds:.1f}s, {res.diagnostics.comparisons:,} "
        "comparisons"
    )
    print(
        f"records {ev.records:,}; true persons {ev.true_persons:,}; found persons "
        f"{ev.predicted_persons:,}"
    )
    print(
        f"pairwise precision {ev.precision:.4f}, recall {ev.recall:.4f}, F1 {ev.f1:.4f} "
        f"(true pairs {ev.true_pairs:,}, predicted {ev.predicted_pairs:,}, correct "
        f"{ev.correct_pairs:,})"
    )
    print(
        f"persons mixing two known sexes: {mixed('sex_recorded'):,} by the sex column; "
        f"{mixed('sex_stated'):,} counting the sex a name states where the column is empty"
    )
    print(
        f"placeholder records linked to another record: {int(linked_ph.sum()):,} of "
        f"{int(ph.sum()):,} ({ph_to_named:,} to a named or relational record, {ph_to_ph:,} to "
        f"another placeholder); tawthiq's name parser reads {read_as_ph:,} of the "
        f"{int(ph.sum()):,} as placeholders"
    )
    print(f"false pairs: {false_total:,}")
    for kind in FALSE_PAIR_KINDS:
        print(f"  {false_pairs[kind]:>7,}  {kind}")
    print(f"missed true pairs: {ev.true_pairs - ev.correct_pairs:,}")
    for kind, n in sorted(missed.items(), key=lambda kv: -kv[1]):
        print(f"  {n:>7,}  {kind}")
    return 0


def _reads_as_placeholder(name: Any) -> bool:
    from tawthiq.normalize import parse_name_structure

    return isinstance(name, str) and parse_name_structure(name).placeholder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--preset", choices=sorted(PRESETS), default=None)
    ap.add_argument("--people", type=int, default=None)
    ap.add_argument("--lists", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--methods", default="tawthiq,splink,exact")
    ap.add_argument("--store", action="store_true", help="Also run import + link on a workspace.")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/tawthiq-bench-link"))
    ap.add_argument(
        "--review-curve",
        default="",
        help="Comma-separated numbers of review answers (e.g. 100,1000,10000): F1 after each.",
    )
    ap.add_argument(
        "--names",
        type=Path,
        default=NAMES_DIR,
        help="Names for --preset crossscript (akhateeb_arabic_names/, google_transliteration/).",
    )
    args = ap.parse_args(argv)
    if args.preset == "crossscript":
        return run_crossscript(args)
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
    if args.review_curve and "result" in LAST:
        steps = [int(x) for x in args.review_curve.split(",") if x.strip()]
        review_curve(records, out / "truth.csv", steps)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:,.0f} MiB")
    if args.store:
        run_store(files, out / "truth.csv", args.cache / f"ws{people}_{lists}_{args.seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
