"""Linkage on a workspace store, on SQLite and PostgreSQL: runs, persons, review, decisions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from tawthiq.config import Workspace
from tawthiq.errors import InputError
from tawthiq.ingest import import_canonical_csv
from tawthiq.link import (
    LinkSettings,
    decide_pair,
    evaluate_linkage,
    export_persons,
    link_workspace,
    review_list,
    review_show,
)
from tawthiq.simulate import simulate_to_dir
from tawthiq.store import linkage as db
from tawthiq.store.schema import AuditEvent, LinkRun, Person, PersonRecord, ReviewPair

pytestmark = pytest.mark.slow

FAST = LinkSettings(u_max_pairs=100_000, review_band=(0.05, 0.95))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    simulate_to_dir(out, people=600, lists=3, seed=5)
    return out


def _import(engine: Engine, world: Path) -> None:
    for name in ("A", "B", "C"):
        s = import_canonical_csv(engine, world / f"list_{name}.csv", f"list_{name}")
        assert s.counts.rejected == 0


def _count(engine: Engine, table: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_link_store_round_trip(
    engine: Engine, workspace: Workspace, world: Path, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="no records"):
        link_workspace(engine, FAST)
    _import(engine, world)
    steps: list[str] = []
    done = link_workspace(engine, FAST, run_by="tester", on_step=steps.append)
    res = done.result
    assert steps == ["features", "blocking", "training", "scoring", "clustering"]

    # the run: settings (reproducible), model, diagnostics with the number of comparisons
    with engine.connect() as conn:
        run = db.latest_link_run(conn)
        model = conn.execute(select(LinkRun.model).where(LinkRun.id == done.run_id)).scalar_one()
    assert run is not None and run["id"] == done.run_id and run["run_by"] == "tester"
    assert LinkSettings.from_dict(run["settings"]) == FAST
    assert run["records"] == res.diagnostics.records == len(res.clusters)
    assert run["persons"] == done.persons == res.diagnostics.clusters
    assert run["diagnostics"]["comparisons"] == res.diagnostics.comparisons > 0
    assert model is not None and model["probability_two_random_records_match"] > 0

    # persons and memberships with probabilities
    assert _count(engine, Person) == done.persons
    assert _count(engine, PersonRecord) == len(res.clusters)
    with engine.connect() as conn:
        probs = pd.DataFrame(
            conn.execute(
                select(PersonRecord.victim_record_id, PersonRecord.match_probability)
            ).all(),
            columns=["record_key", "p"],
        )
    merged = probs.merge(res.clusters, on="record_key")
    linked = merged["cluster_size"] > 1
    assert merged.loc[linked, "p"].between(0, 1).all()
    assert merged.loc[~linked, "p"].isna().all()

    # export persons = the truth's format; accuracy on this small world
    out = tmp_path / "persons.csv"
    assert export_persons(engine, out) == len(res.clusters)
    exported = pd.read_csv(out, dtype=str)
    assert list(exported.columns) == ["person_id", "source", "record_id"]
    ev = evaluate_linkage(out, world / "truth.csv")
    assert ev.unmatched_records == 0 and ev.f1 >= 0.93, ev

    # what estimation reads: one row per (person, source)
    with engine.connect() as conn:
        captures = db.person_captures(conn)
        rows = list(db.iter_person_rows(conn))
    assert len(rows) == len(res.clusters)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert set(captures["person_id"]) == {r[0] for r in rows}
    assert set(captures["source"]) == {"list_A", "list_B", "list_C"}
    assert len(captures) == len(rows)  # one row per membership (duplicates included)

    # review queue = the run's uncertain pairs
    assert _count(engine, ReviewPair) == len(res.review) > 0
    run_info, queue = review_list(engine)
    assert run_info is not None and len(queue) == len(res.review)
    assert queue["probability"].between(0.05, 0.95).all()
    first = int(queue["pair_id"].iloc[0])
    view = review_show(engine, first)
    assert {view.left.id, view.right.id} == {
        int(queue["record_l"].iloc[0]),
        int(queue["record_r"].iloc[0]),
    }
    assert view.decision is None and view.probability == pytest.approx(queue["probability"][0])


def test_different_decision_survives_rerun(engine: Engine, world: Path) -> None:
    _import(engine, world)
    first = link_workspace(engine, FAST).result
    # a cross-list pair the model merges with high confidence
    c = first.clusters
    two = c[(c["cluster_size"] == 2) & (c["match_probability"] > 0.99)]
    pair = next(
        g["record_key"].tolist() for _, g in two.groupby("cluster_id") if g["source"].nunique() == 2
    )
    a, b = int(pair[0]), int(pair[1])
    with engine.connect() as conn:
        ref_a = f"{db.record_views(conn, [a])[a].source}:{db.record_views(conn, [a])[a].record_id}"
        ref_b = f"{db.record_views(conn, [b])[b].source}:{db.record_views(conn, [b])[b].record_id}"
        assert db.persons_of(conn, [a])[a] == db.persons_of(conn, [b])[b]

    done = decide_pair(engine, "different", left=ref_a, right=ref_b, decided_by="r1", note="x")
    assert (done.record_l, done.record_r, done.previous) == (min(a, b), max(a, b), None)
    for _ in range(2):  # the decision holds on every later run
        again = link_workspace(engine, FAST)
        assert again.result.diagnostics.decisions_different == 1
        with engine.connect() as conn:
            persons = db.persons_of(conn, [a, b])
            assert persons[a] != persons[b]
            assert db.get_decision(conn, a, b)["decision"] == "different"  # type: ignore[index]

    # changing one's mind is recorded, and audited
    changed = decide_pair(engine, "unsure", left=ref_b, right=ref_a, decided_by="r2")
    assert changed.previous == "different"
    with engine.connect() as conn:
        events = conn.execute(
            select(AuditEvent.actor, AuditEvent.detail)
            .where(AuditEvent.action == "review.decide")
            .order_by(AuditEvent.id)
        ).all()
    assert [e[0] for e in events] == ["r1", "r2"]
    assert events[1][1] == {"decision": "unsure", "previous": "different", "note": None}
    assert review_show(engine, left=ref_a, right=ref_b).decision["decision"] == "unsure"  # type: ignore[index]


def test_decision_errors(engine: Engine, world: Path) -> None:
    _import(engine, world)
    with pytest.raises(InputError, match="decision must be"):
        decide_pair(engine, "maybe", left="list_A:A000001", right="list_A:A000002")
    with pytest.raises(InputError, match="no record"):
        decide_pair(engine, "same", left="list_A:nope", right="list_A:A000002")
    with pytest.raises(InputError, match="same record"):
        decide_pair(engine, "same", left="list_A:A000001", right="list_A:A000001")
    with pytest.raises(InputError, match="no review pair"):
        decide_pair(engine, "same", 12345)
    run, queue = review_list(engine)
    assert run is None and queue.empty
