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
    .venv/bin/python benchmarks/incidents.py --exports           # 25,000 real-layout reports
    .venv/bin/python benchmarks/incidents.py --exports --reports 5000 --layout report

Real-layout scenario (``--exports``, issue 16): ``tawthiq.simulate.incident_exports`` draws
true incidents and renders an Airwars-layout, an SHCC-layout (with its HXL row) and an
ACLED-layout CSV with their real headers and labels, plus ``truth.csv`` beside them (in the
cache directory). The script imports the three files into a fresh workspace with the real CLI
(``tawthiq -w WS incidents import FILE --source NAME --format airwars|shcc|acled``), runs
``tawthiq incidents reconcile`` in a child process under ``/usr/bin/time`` (wall seconds and
peak RSS of that process alone), and scores the reconciled incidents against the truth:

- a true incident is **recovered** when all its reports, across sources, land in one
  reconciled incident that holds no report of another true incident. Share = recovered / true
  incidents; also given for the true incidents reported by two sources (the only ones where
  reconciliation has anything to join).
- a **false merge** is a reconciled incident holding reports of two or more true incidents.
  Share = false merges / reconciled incidents holding two or more reports (the ones where a
  merge happened at all; the share of all reconciled incidents is printed too).
- **review queue**: undecided report pairs left for a reviewer, as a percentage of reports.

Targets (acceptance 3): recovered ≥ 0.95, false merges ≤ 0.02, review ≤ 5 % of reports, and
25,000 reports reconciled in ≤ 60 s with a peak RSS ≤ 2 GB. ``--layout report`` writes the same
reports as tawthiq's incident-report CSV instead (no coordinate precision, no source grades):
for measuring before the real-layout readers exist.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
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
from tawthiq.simulate.incident_exports import (
    ExportFiles,
    ExportScore,
    read_truth,
    score_exports,
    simulate_incident_exports,
)


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


PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _fresh_postgres(name: str) -> str:
    """URL of an empty PostgreSQL database ``name`` (dropped first if it exists)."""
    from sqlalchemy import create_engine, make_url, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :n AND pid <> pg_backend_pid()"
            ),
            {"n": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def _tawthiq(*args: str, timed: bool = False) -> tuple[str, float | None, float | None]:
    """Run the real CLI in a child process; with ``timed``, its wall seconds and peak RSS (MB)
    from /usr/bin/time."""
    exe = str(Path(sys.executable).with_name("tawthiq"))
    cmd = [exe, *args]
    if timed:
        cmd = ["/usr/bin/time", "-f", "TIME %e %M", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    wall = rss = None
    for line in done.stderr.splitlines():
        if line.startswith("TIME "):
            _, w, m = line.split()
            wall, rss = float(w), int(m) / 1024
    return done.stdout, wall, rss


def _load(workspace: Path) -> tuple[dict[tuple[str, str], int], int]:
    from sqlalchemy import func, select

    from tawthiq.config import open_workspace
    from tawthiq.store import open_store
    from tawthiq.store.schema import Incident, IncidentMember, IncidentReviewPair, Source

    engine = open_store(open_workspace(workspace))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Source.name, Incident.source_incident_id, IncidentMember.reconciled_id)
                .join(Incident, Incident.source_id == Source.id)
                .join(IncidentMember, IncidentMember.report_id == Incident.id)
            ).all()
            review = conn.execute(
                select(func.count())
                .select_from(IncidentReviewPair)
                .where(IncidentReviewPair.decision.is_(None))
            ).scalar_one()
    finally:
        engine.dispose()
    return {(str(s), str(i)): int(r) for s, i, r in rows}, int(review)


def run_exports(
    reports: int, seed: int, cache: Path, layout: str, *, postgres: bool = False
) -> dict[str, Any]:
    """Simulate, import with the CLI, reconcile in a timed child process, score (on SQLite,
    or on a fresh PostgreSQL database with ``postgres``)."""
    from tawthiq.simulate.incident_exports import ExportSettings

    out = cache / f"exports_{reports}_{seed}_{layout}"
    t0 = time.perf_counter()
    files: ExportFiles = simulate_incident_exports(
        out,
        ExportSettings(seed=seed).scaled(reports),
        layout="real" if layout == "real" else "report",
    )
    t1 = time.perf_counter()
    ws = out / "workspace"
    shutil.rmtree(ws, ignore_errors=True)
    os.environ.pop("TAWTHIQ_DATABASE_URL", None)
    if postgres:
        os.environ["TAWTHIQ_DATABASE_URL"] = _fresh_postgres("tawthiq_bench_incidents")
    _tawthiq("init", str(ws))
    imported = []
    for source, path in files.files.items():
        text, _, _ = _tawthiq(
            "-w",
            str(ws),
            "incidents",
            "import",
            str(path),
            "--source",
            source,
            "--format",
            files.formats[source],
        )
        imported.append(text.strip().splitlines()[0] if text.strip() else "")
    t2 = time.perf_counter()
    load = os.getloadavg()
    text, wall, rss = _tawthiq("-w", str(ws), "incidents", "reconcile", "--json", timed=True)
    load_after = os.getloadavg()
    summary = json.loads(text)
    truth = read_truth(files.truth)
    members, review = _load(ws)
    return {
        "files": files,
        "imported": imported,
        "score": score_exports(truth, members, review),
        "summary": summary,
        "wall": wall,
        "rss_mb": rss,
        "load": (load, load_after),
        "seconds_simulate": t1 - t0,
        "seconds_import": t2 - t1,
    }


def main_exports(reports: int, seed: int, cache: Path, layout: str, postgres: bool) -> int:
    r = run_exports(reports, seed, cache, layout, postgres=postgres)
    s: ExportScore = r["score"]
    f: ExportFiles = r["files"]
    print(
        f"real-layout scenario ({layout}, {'PostgreSQL' if postgres else 'SQLite'}): "
        f"{s.reports:,} reports "
        + ", ".join(f"{k} {v:,}" for k, v in f.reports.items())
        + f"; {s.true_incidents:,} true incidents, {f.shared:,} reported by two sources"
        + f"; seed {seed}"
    )
    for line in r["imported"]:
        print(f"  {line}")
    print(
        f"recovered {s.recovered_share:.3f} ({s.recovered:,}/{s.true_incidents:,}); "
        f"of those reported by two sources {s.recovered_shared_share:.3f} "
        f"({s.recovered_shared:,}/{s.true_shared:,})"
    )
    print(
        f"false merges {s.false_merge_share:.3f} ({s.false_merges:,}/{s.reconciled_multi:,} "
        f"reconciled incidents with ≥2 reports; {s.false_merges / max(1, s.reconciled):.4f} of "
        f"all {s.reconciled:,})"
    )
    print(f"review queue {s.review_percent:.2f} % of reports ({s.review_pairs:,} pairs)")
    (l1, l5, l15), after = r["load"]
    print(
        f"reconcile: {r['wall']:.1f} s wall, peak RSS {r['rss_mb']:.0f} MB "
        f"(loadavg before {l1:.2f} {l5:.2f} {l15:.2f}, after {after[0]:.2f}); "
        f"simulate {r['seconds_simulate']:.1f} s, import {r['seconds_import']:.1f} s"
    )
    summ = r["summary"]
    print(
        f"reconcile summary: {summ['incidents']:,} incidents, "
        f"{summ['multi_source']:,} multi-source, "
        f"pairs scored {summ['pairs_scored']:,}, refused {summ['refused_same_source']:,}"
    )
    ok = (
        s.recovered_share >= 0.95
        and s.false_merge_share <= 0.02
        and s.review_percent <= 5.0
        and (r["wall"] or 1e9) <= 60.0 * max(1.0, s.reports / 25_000)
        and (r["rss_mb"] or 1e9) <= 2048
    )
    print(
        "targets (recovered ≥ 0.95, false merges ≤ 0.02, review ≤ 5 %, ≤ 60 s and ≤ 2 GB at "
        f"25,000 reports): {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--lists", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/tawthiq-bench-incidents"))
    ap.add_argument("--no-link", action="store_true", help="Only the true persons.")
    ap.add_argument("--exports", action="store_true", help="The real-layout scenario.")
    ap.add_argument("--reports", type=int, default=25_000, help="Reports (--exports).")
    ap.add_argument("--layout", choices=("real", "report"), default="real")
    ap.add_argument("--postgres", action="store_true", help="Store on PostgreSQL (--exports).")
    args = ap.parse_args(argv)
    if args.exports:
        return main_exports(args.reports, args.seed, args.cache, args.layout, args.postgres)
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
