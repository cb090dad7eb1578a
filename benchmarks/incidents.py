"""Incidents rebuilt from victim lists, scored against a simulated world's truth (acceptance 2).

On one simulated world (``tawthiq.simulate``, all noise on), the lists' records are linked into
persons with ``tawthiq.link.link_records`` (default settings), then
``tawthiq.incidents.reconstruct`` groups persons into incidents. The script prints the share of
true incidents recovered and the share of false merges (definitions in
``tawthiq/incidents/reconstruct.py`` and docs/incidents.md), for every true incident and for
those with two or more recorded victims, with linkage and, for comparison, with the true persons
(perfect linkage). Counts and figures only, no names.

Usage:
    .venv/bin/python benchmarks/incidents.py                     # 20,000 people / 4 lists
    .venv/bin/python benchmarks/incidents.py --people 3000 --lists 3 --seed 2
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

from tawthiq.incidents.reconstruct import (
    ReconstructionScore,
    prepare_records,
    reconstruct_incidents,
    score_reconstruction,
)
from tawthiq.link import LinkSettings, link_records, read_canonical_lists
from tawthiq.simulate import simulate_to_dir


def _world(cache: Path, people: int, lists: int, seed: int) -> Path:
    out = cache / f"w{people}_{lists}_{seed}"
    if not (out / "truth.csv").is_file():
        simulate_to_dir(out, people=people, lists=lists, seed=seed)
    return out


def _line(name: str, s: ReconstructionScore) -> str:
    return (
        f"{name:<16} recovered {s.recovered_share:.3f} ({s.recovered:,}/{s.true_incidents:,}); "
        f"with ≥2 victims {s.recovered_multi_share:.3f} ({s.recovered_multi:,}/{s.true_multi:,}); "
        f"false merges {s.false_merge_share:.3f} ({s.false_merges:,}/{s.reconstructed_multi:,})"
    )


def run(people: int, lists: int, seed: int, cache: Path, *, link: bool = True) -> dict[str, Any]:
    t0 = time.perf_counter()
    world = _world(cache, people, lists, seed)
    files = {p.stem: p for p in sorted(world.glob("list_*.csv"))}
    records = pd.concat(
        [
            prepare_records(pd.read_csv(p, dtype=str, keep_default_na=False), source)
            for source, p in files.items()
        ],
        ignore_index=True,
    )
    truth = pd.read_csv(world / "truth.csv", dtype={"record_id": str})
    true_person = {
        f"{s}:{r}": int(p)
        for s, r, p in zip(truth["source"], truth["record_id"], truth["person_id"], strict=True)
    }
    people_df = pd.read_csv(world / "people.csv", usecols=["person_id", "incident_id"])
    true_incident = dict(
        zip(people_df["person_id"].astype(int), people_df["incident_id"].astype(int), strict=True)
    )
    t1 = time.perf_counter()
    results: dict[str, Any] = {"records": len(records), "seconds_prepare": t1 - t0}
    perfect = score_reconstruction(
        reconstruct_incidents(records, true_person), true_person, true_incident
    )
    results["true persons"] = perfect
    if link:
        t2 = time.perf_counter()
        linked = link_records(read_canonical_lists(files), LinkSettings())
        clusters = linked.clusters
        person = dict(
            zip(clusters["record_key"].astype(str), clusters["cluster_id"].tolist(), strict=True)
        )
        t3 = time.perf_counter()
        results["seconds_link"] = t3 - t2
        results["linked persons"] = score_reconstruction(
            reconstruct_incidents(records, person), true_person, true_incident
        )
        results["seconds_reconstruct"] = time.perf_counter() - t3
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--lists", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/tawthiq-bench-incidents"))
    ap.add_argument("--no-link", action="store_true", help="Only the true persons.")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    r = run(args.people, args.lists, args.seed, args.cache, link=not args.no_link)
    print(
        f"world: {args.people:,} people, {args.lists} lists, seed {args.seed}; "
        f"{r['records']:,} records"
    )
    for name in ("linked persons", "true persons"):
        if name in r:
            print(_line(name, r[name]))
    print(
        f"time: {time.perf_counter() - t:.1f}s"
        + (f" (linkage {r['seconds_link']:.1f}s)" if "seconds_link" in r else "")
    )
    s = r.get("linked persons", r["true persons"])
    ok = s.recovered_share >= 0.9 and s.false_merge_share <= 0.05
    print(f"targets (recovered ≥ 0.9, false merges ≤ 0.05): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
