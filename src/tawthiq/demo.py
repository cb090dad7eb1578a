"""``tawthiq demo``: the whole job on a simulated world, as far as the stages go today.

The demo simulates a conflict world with known truth (``simulate``), imports each documenting
list into a fresh workspace (``ingest``), links records into persons and scores the linkage
against the truth (``link``), rebuilds the incidents from the list records and scores them
against the true incidents (``incidents``), estimates the deaths no list recorded
(``estimate``), writes the reports in English and Arabic (``report``) and seals the evidence
log. Every stage that lands extends this module; the CLI only prints what it returns.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from tawthiq.config import init_workspace
from tawthiq.errors import ConfigError
from tawthiq.estimate import estimate_workspace, headline
from tawthiq.evidence import ensure_log_key, seal_workspace
from tawthiq.incidents import (
    ReconstructionScore,
    reconstruct_incidents,
    score_reconstruction,
    workspace_records,
)
from tawthiq.ingest import ImportSummary, import_canonical_csv
from tawthiq.link import export_persons, link_workspace
from tawthiq.link.evaluate import evaluate_linkage
from tawthiq.report import export_records
from tawthiq.report.build import write_demo_reports
from tawthiq.simulate import simulate_to_dir
from tawthiq.store import open_store

__all__ = ["DEMO_STEPS", "DemoResult", "run_demo"]

DEMO_STEPS = (
    "simulating a world",
    "importing its lists",
    "linking records into persons",
    "rebuilding incidents",
    "estimating the deaths no list recorded",
    "writing the reports",
)
"""The demo's steps, in order, as the progress line names them."""

MARKER = ".tawthiq-demo"


@dataclass
class DemoResult:
    """Where the demo wrote things and the headline figures it found."""

    out: Path
    workspace: Path
    lists_dir: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    steps: list[tuple[str, float]] = field(default_factory=list)


def _prepare_out(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ConfigError(f"{out}: exists and is not a tawthiq demo folder; choose another --out")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("created by `tawthiq demo`; safe to delete\n", encoding="utf-8")


def _reconstruct_incidents(engine: Engine, lists_dir: Path) -> ReconstructionScore:
    """Incidents rebuilt from the workspace's records and linked persons, scored against the
    simulated truth (issue 7, acceptance 2; definitions in docs/incidents.md)."""
    records, person = workspace_records(engine)
    truth = pd.read_csv(lists_dir / "truth.csv", dtype=str, keep_default_na=False)
    true_person = {
        f"{s}:{r}": int(p)
        for s, r, p in zip(truth["source"], truth["record_id"], truth["person_id"], strict=True)
    }
    people = pd.read_csv(lists_dir / "people.csv", usecols=["person_id", "incident_id"])
    true_incident = dict(
        zip(people["person_id"].astype(int), people["incident_id"].astype(int), strict=True)
    )
    return score_reconstruction(reconstruct_incidents(records, person), true_person, true_incident)


def run_demo(
    out: Path,
    *,
    people: int = 5_000,
    lists: int = 4,
    seed: int = 1,
    say: Callable[[str], None] = lambda _: None,
    on_step: Callable[[int, int, str], None] = lambda _i, _n, _what: None,
) -> DemoResult:
    """Simulate, import and run every later stage; ``say`` receives one line per step, after
    it; ``on_step(i, n, what)`` is called as step ``i`` of ``n`` begins (for a progress line)."""
    _prepare_out(out)
    result = DemoResult(out, out / "workspace", out / "lists")
    steps = iter(enumerate(DEMO_STEPS, start=1))

    def begin() -> None:
        i, what = next(steps)
        on_step(i, len(DEMO_STEPS), what)

    begin()
    t0 = time.perf_counter()
    world = simulate_to_dir(result.lists_dir, people=people, lists=lists, seed=seed)
    result.steps.append(("simulate", time.perf_counter() - t0))
    result.figures["true_deaths"] = world.people
    result.figures["observed_persons_true"] = world.observed
    say(
        f"simulated {world.people} deaths; {lists} lists hold {world.records} records of "
        f"{world.observed} distinct people (seed {seed}) → {result.lists_dir}"
    )

    ws, _ = init_workspace(result.workspace)
    ensure_log_key(ws)
    engine = open_store(ws)
    try:
        begin()
        t0 = time.perf_counter()
        imports: list[ImportSummary] = []
        for spec in world.lists:
            s = import_canonical_csv(engine, result.lists_dir / spec.file, spec.source)
            imports.append(s)
            c = s.counts
            say(
                f"imported {spec.file} as {spec.source!r}: {c.imported} records, "
                f"{c.rejected} rejected"
            )
        result.steps.append(("import", time.perf_counter() - t0))
        result.figures["records_imported"] = sum(s.counts.imported for s in imports)
        result.figures["rows_rejected"] = sum(s.counts.rejected for s in imports)

        records_csv = out / "output" / "records.csv"
        export_records(engine, records_csv)
        result.outputs["records"] = records_csv

        begin()
        t0 = time.perf_counter()
        linked = link_workspace(engine, run_by="demo")
        persons_csv = out / "output" / "persons.csv"
        export_persons(engine, persons_csv)
        result.outputs["persons"] = persons_csv
        scores = evaluate_linkage(persons_csv, result.lists_dir / "truth.csv")
        result.steps.append(("link", time.perf_counter() - t0))
        result.figures["persons_linked"] = linked.persons
        result.figures["linkage_vs_truth"] = {
            "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4),
            "f1": round(scores.f1, 4),
        }
        say(
            f"linked {result.figures['records_imported']} records into {linked.persons} persons "
            f"(true: {world.observed}); pairwise precision {scores.precision:.3f}, "
            f"recall {scores.recall:.3f}, F1 {scores.f1:.3f} against the simulated truth"
        )

        begin()
        t0 = time.perf_counter()
        rebuilt = _reconstruct_incidents(engine, result.lists_dir)
        result.steps.append(("incidents", time.perf_counter() - t0))
        result.figures["incidents_vs_truth"] = rebuilt.to_dict()
        say(
            f"rebuilt {rebuilt.reconstructed:,} incidents from the stored records and the "
            f"linked persons: {rebuilt.recovered_share:.3f} of the {rebuilt.true_incidents:,} true "
            f"incidents recovered ({rebuilt.recovered_multi_share:.3f} of those with two or "
            f"more victims); false merges {rebuilt.false_merge_share:.3f}"
        )

        begin()
        t0 = time.perf_counter()
        # the headline figure, made as the report and `tawthiq estimate` make it (one function)
        head = headline(estimate_workspace(engine))
        result.steps.append(("estimate", time.perf_counter() - t0))
        result.figures["estimate"] = {
            "method": head.method,
            "how": head.how,
            "strata": list(head.strata),
            "observed": head.observed,
            "estimate": round(head.estimate),
            "lower": None if head.lower is None else round(head.lower),
            "upper": None if head.upper is None else round(head.upper),
            "headline": head.sentence(),
            "warnings": list(head.result.warnings) if head.result is not None else [],
            "true_deaths": world.people,
        }
        say(f"estimate: {head.sentence()}")
        say(f"  ({head.observed:,} documented persons; the simulated truth is {world.people:,})")

        begin()
        t0 = time.perf_counter()
        reports = write_demo_reports(engine, out / "output")
        result.outputs.update(reports)
        result.steps.append(("report", time.perf_counter() - t0))
        say(f"wrote {len(reports)} reports (English, Arabic, public) → {out / 'output'}")

        seal_workspace(ws, engine)
    finally:
        engine.dispose()

    summary = out / "output" / "summary.json"
    summary.write_text(
        json.dumps(
            {
                "figures": result.figures,
                "steps_seconds": {k: round(v, 2) for k, v in result.steps},
                "outputs": {k: str(v) for k, v in result.outputs.items()},
                "world": {"seed": seed, "people": people, "lists": lists},
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    result.outputs["summary"] = summary
    return result
