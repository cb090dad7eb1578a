"""A small simulated world, imported and linked by its truth, for the report tests.

Linkage is not under test here, so the store's persons are the simulator's true persons
(``store.linkage.replace_persons``), as in the estimation tests.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from tawthiq.ingest import import_canonical_csv
from tawthiq.simulate import World, simulate, write_world
from tawthiq.store.linkage import records_for_linkage, replace_persons, start_link_run

PEOPLE = 1500
SEED = 11


def make_world(out: Path, people: int = PEOPLE, seed: int = SEED) -> World:
    world = simulate(people=people, lists=4, seed=seed)
    write_world(world, out)
    return world


def import_and_link(engine: Engine, world: World, lists_dir: Path, *, link: bool = True) -> None:
    for spec in world.scenario.lists:
        import_canonical_csv(engine, lists_dir / f"{spec.source}.csv", spec.source)
    if not link:
        return
    truth = world.truth()
    person_of = {
        (s, r): p for s, r, p in truth[["source", "record_id", "person_id"]].itertuples(index=False)
    }
    with engine.begin() as conn:
        records = records_for_linkage(conn)
        clusters = pd.DataFrame(
            {
                "record_key": records["record_key"],
                "cluster_id": [
                    person_of[(s, r)]
                    for s, r in zip(records["source"], records["record_id"], strict=True)
                ],
                "match_probability": 1.0,
            }
        )
        review = pd.DataFrame(
            columns=[
                "record_key_l",
                "record_key_r",
                "probability",
                "match_probability",
                "match_weight",
            ]
        )
        run = start_link_run(conn, backend="truth", settings={}, run_by="test")
        replace_persons(conn, run, clusters, review)


def names_in(world: World) -> set[str]:
    """Every name-like value of the simulated lists (to prove none reaches a public output)."""
    out: set[str] = set()
    for frame in world.records.values():
        for col in ("full_name", "mother_name"):
            out.update(str(v) for v in frame[col].dropna() if len(str(v)) >= 6)
        for g, f in frame[["given_name", "family_name"]].dropna().itertuples(index=False):
            if str(g).strip() and str(f).strip():
                out.add(f"{g} {f}")
    return out
