"""A whole simulated world: draw it, keep it in memory, write it to a directory.

Determinism: every random draw comes from a numpy ``Generator`` seeded from ``(seed, stream)``
with a fixed stream per stage (population, captures, one per list), tables are built in a fixed
order, and files are written with fixed formatting; the same scenario and seed give
byte-identical files. Streams are separate so that, for one seed, the population does not change
with the number of lists.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tawthiq.errors import InputError
from tawthiq.simulate._capture import capture_probabilities, draw_captures
from tawthiq.simulate._names import load_names
from tawthiq.simulate._places import load_places
from tawthiq.simulate._population import draw_population
from tawthiq.simulate._records import COLUMNS, NoiseCount, render_list
from tawthiq.simulate._scenario import Scenario, load_scenario

__all__ = [
    "FORMAT_VERSION",
    "ListSummary",
    "World",
    "WorldSummary",
    "simulate",
    "simulate_to_dir",
    "write_world",
]

FORMAT_VERSION = 1
TRUTH_FILE = "truth.csv"
WORLD_FILE = "world.json"
PEOPLE_FILE = "people.csv"
INCIDENTS_FILE = "incidents.csv"
PEOPLE_COLUMNS = (
    "person_id",
    "incident_id",
    "date",
    "governorate",
    "pcode",
    "sex",
    "age",
    "age_group",
    "status",
    "cause",
    "perpetrator",
    "contested_with",
    "hospital",
    "visibility",
    "household",
)

Floats = np.ndarray[Any, np.dtype[np.float64]]
Bools = np.ndarray[Any, np.dtype[np.bool_]]


def _rng(seed: int, *stream: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=stream))


@dataclass(frozen=True, eq=False)
class World:
    """A simulated world with its ground truth, in memory.

    ``people`` has one row per true death (positions match the rows of ``capture_prob`` and
    ``captured``, whose columns follow ``scenario.lists``); ``records`` maps each list's source
    name (``list_A``) to its records in canonical columns plus the true ``person_id``.
    """

    scenario: Scenario
    seed: int
    people: pd.DataFrame
    incidents: pd.DataFrame
    capture_prob: Floats
    captured: Bools
    records: Mapping[str, pd.DataFrame]
    noise: Mapping[str, Mapping[str, NoiseCount]]

    @property
    def observed(self) -> int:
        """Number of true persons on at least one list."""
        return int(self.captured.any(axis=1).sum()) if self.captured.size else 0

    def truth(self) -> pd.DataFrame:
        """``source, record_id, person_id`` for every record of every list."""
        parts = [
            pd.DataFrame(
                {
                    "source": source,
                    "record_id": frame["record_id"].to_numpy(),
                    "person_id": frame["person_id"].to_numpy(),
                }
            )
            for source, frame in self.records.items()
        ]
        return pd.concat(parts, ignore_index=True)


@dataclass(frozen=True)
class ListSummary:
    name: str
    source: str
    file: str
    script: str
    records: int
    """Rows in the list's file (duplicates included)."""
    persons: int
    """Distinct true persons in the list."""
    expected_persons: float
    """Sum over the population of the list's capture probabilities."""


@dataclass(frozen=True)
class WorldSummary:
    """What :func:`write_world` wrote, with the headline figures (no names)."""

    out: Path
    seed: int
    people: int
    incidents: int
    observed: int
    lists: tuple[ListSummary, ...]
    files: tuple[str, ...]

    @property
    def records(self) -> int:
        return sum(s.records for s in self.lists)


def simulate(
    scenario: Scenario | None = None,
    *,
    people: int | None = None,
    lists: int | None = None,
    seed: int = 0,
) -> World:
    """Draw a world from a scenario (default: the shipped one), resized to N people/K lists."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(f"must be a non-negative integer (got {seed!r})", field="seed")
    base = scenario if scenario is not None else load_scenario(None)
    sc = base.resized(people=people, lists=lists)
    names = load_names()
    places = load_places()
    pop = draw_population(sc, names, places, _rng(seed, 0))
    people_df = pop.people
    prob = capture_probabilities(sc, people_df)
    captured = draw_captures(sc, prob, _rng(seed, 1))
    records: dict[str, pd.DataFrame] = {}
    noise: dict[str, dict[str, NoiseCount]] = {}
    for k, spec in enumerate(sc.lists):
        rows = np.flatnonzero(captured[:, k]).astype(np.int64)
        frame, counts = render_list(spec, people_df, rows, names, places, _rng(seed, 2, k))
        records[spec.source] = frame
        noise[spec.source] = counts
    return World(
        scenario=sc,
        seed=seed,
        people=people_df,
        incidents=pop.incidents,
        capture_prob=prob,
        captured=captured,
        records=records,
        noise=noise,
    )


def _write_csv(path: Path, header: Sequence[str], columns: Iterable[Sequence[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(zip(*columns, strict=True))


def _summaries(world: World) -> tuple[ListSummary, ...]:
    out = []
    for k, spec in enumerate(world.scenario.lists):
        frame = world.records[spec.source]
        out.append(
            ListSummary(
                name=spec.name,
                source=spec.source,
                file=f"{spec.source}.csv",
                script=spec.script,
                records=len(frame),
                persons=int(world.captured[:, k].sum()),
                expected_persons=round(float(world.capture_prob[:, k].sum()), 3),
            )
        )
    return tuple(out)


def write_world(world: World, out: str | Path) -> WorldSummary:
    """Write the lists, ``truth.csv``, ``people.csv``, ``incidents.csv`` and ``world.json``."""
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    summaries = _summaries(world)
    files: list[str] = []
    for s in summaries:
        frame = world.records[s.source]
        _write_csv(out_dir / s.file, COLUMNS, [frame[c].tolist() for c in COLUMNS])
        files.append(s.file)
    truth = world.truth()
    _write_csv(
        out_dir / TRUTH_FILE,
        ("source", "record_id", "person_id"),
        [truth[c].tolist() for c in ("source", "record_id", "person_id")],
    )
    files.append(TRUTH_FILE)
    people = world.people.sort_values("person_id", kind="stable")
    people_cols: dict[str, list[Any]] = {c: people[c].tolist() for c in PEOPLE_COLUMNS}
    people_cols["date"] = np.datetime_as_string(
        people["date"].to_numpy().astype("datetime64[D]")
    ).tolist()
    people_cols["hospital"] = people["hospital"].astype(np.int64).tolist()
    _write_csv(out_dir / PEOPLE_FILE, PEOPLE_COLUMNS, [people_cols[c] for c in PEOPLE_COLUMNS])
    files.append(PEOPLE_FILE)
    inc = world.incidents
    inc_cols = list(inc.columns)
    _write_csv(
        out_dir / INCIDENTS_FILE,
        inc_cols,
        [
            inc[c].astype(np.int64).tolist() if c == "hospital" else inc[c].tolist()
            for c in inc_cols
        ],
    )
    files.append(INCIDENTS_FILE)
    files.append(WORLD_FILE)
    doc = {
        "format": FORMAT_VERSION,
        "seed": world.seed,
        "people": len(world.people),
        "incidents": len(world.incidents),
        "observed": world.observed,
        "records": sum(s.records for s in summaries),
        "lists": [
            {
                "name": s.name,
                "source": s.source,
                "file": s.file,
                "script": s.script,
                "records": s.records,
                "persons": s.persons,
                "expected_persons": s.expected_persons,
                "noise": {k: v.to_dict() for k, v in world.noise[s.source].items()},
            }
            for s in summaries
        ],
        "files": files,
        "scenario": world.scenario.to_dict(),
    }
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    (out_dir / WORLD_FILE).write_text(text, encoding="utf-8")
    return WorldSummary(
        out=out_dir,
        seed=world.seed,
        people=len(world.people),
        incidents=len(world.incidents),
        observed=world.observed,
        lists=summaries,
        files=tuple(files),
    )


def simulate_to_dir(
    out: str | Path,
    *,
    people: int | None = None,
    lists: int | None = None,
    seed: int = 0,
    scenario: Scenario | str | Path | None = None,
) -> WorldSummary:
    """Simulate a world and write it to ``out``: the one call ``tawthiq simulate`` and the demo
    make. ``scenario`` is a :class:`Scenario`, a TOML file, or ``None`` for the default."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    return write_world(simulate(sc, people=people, lists=lists, seed=seed), out)
