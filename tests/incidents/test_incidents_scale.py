"""Reconciling at scale (issue 16, item 6): blocking, victim linking and the store writes.

The fast paths must find exactly what the slow ones found (candidate pairs against every pair;
victim candidates against every incident of the governorate), a reconciliation must not issue a
statement per incident, and a small real-layout world (the benchmark's scenario, simulated)
must meet the quality targets: recovered ≥ 0.95, false merges ≤ 0.02, review ≤ 5 % of reports.
The 25,000-report timing is measured by ``benchmarks/incidents.py --exports``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, select

from tawthiq.incidents import Claim, incident_detail, list_incidents, reconcile_workspace
from tawthiq.incidents.cluster import candidate_pairs, type_check
from tawthiq.incidents.victims import IncidentSpan, VictimSpan, _score, link_victims
from tawthiq.ingest.formats import import_file
from tawthiq.simulate.incident_exports import (
    ExportSettings,
    read_truth,
    score_exports,
    simulate_incident_exports,
)
from tawthiq.store.schema import Incident, IncidentMember, IncidentReviewPair, Source

GOVS = ("SY01", "SY02", "SY07", None)
TYPES = ("airstrike", "shelling", "armed_clash", "territory_change", "ground_attack", None)


def _claims(n: int, seed: int) -> list[Claim]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lo = date(2016, 1, 1) + timedelta(days=rng.randrange(120))
        hi = lo + timedelta(days=rng.choice((0, 0, 0, 0, 0, 1, 3, 30)))
        out.append(
            Claim(
                report_id=i + 1,
                source=rng.choice("ABC"),
                source_incident_id=str(i),
                date_earliest=lo,
                date_latest=hi,
                admin1_pcode=rng.choice(GOVS),
                incident_type=rng.choice(TYPES),
            )
        )
    out.append(Claim(report_id=n + 1, source="A", source_incident_id="undated"))
    return out


def _gap(a: Claim, b: Claim) -> int:
    assert a.date_earliest and a.date_latest and b.date_earliest and b.date_latest
    return max(0, (max(a.date_earliest, b.date_earliest) - min(a.date_latest, b.date_latest)).days)


@pytest.mark.parametrize("window", [0, 1, 2])
def test_blocking_finds_exactly_the_compatible_pairs_every_pair_comparison_finds(
    window: int,
) -> None:
    claims = _claims(1_500, seed=window)
    dated = [(i, c) for i, c in enumerate(claims) if c.date_earliest is not None]
    every = sorted(
        (i, j)
        for k, (i, a) in enumerate(dated)
        for j, b in dated[k + 1 :]
        if a.source != b.source
        and (a.admin1_pcode == b.admin1_pcode or None in (a.admin1_pcode, b.admin1_pcode))
        and _gap(a, b) <= window
        and type_check(a.incident_type, b.incident_type).compatible
    )
    assert every and candidate_pairs(claims, window) == every


def _every_incident_of_the_governorate(
    victims: list[VictimSpan], incidents: list[IncidentSpan]
) -> tuple[list[tuple[int, int, float]], int]:
    """The linking rule as it was written before the day index: every incident of the
    record's governorate scored."""
    links, ambiguous = [], 0
    for v in victims:
        pool = [i for i in incidents if v.admin1_pcode and i.admin1_pcode == v.admin1_pcode]
        scored = sorted(
            ((s, i.id) for i in pool if (s := _score(v, i, 1)) is not None),
            key=lambda t: (-t[0], t[1]),
        )
        if not scored:
            continue
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            ambiguous += 1
            continue
        links.append((v.record_id, scored[0][1], round(scored[0][0] / 3.0, 4)))
    return links, ambiguous


def test_victim_linking_by_day_matches_scanning_the_governorate() -> None:
    rng = random.Random(5)
    places = [("C1007", "SY02"), ("C1020", "SY02"), ("SY02", "SY02"), ("C1001", "SY01")]
    causes = [None, "airstrike", "shelling", "shooting", "torture"]
    types = ["airstrike", "shelling", "ground_attack", None]
    incidents = []
    for i in range(400):
        lo = date(2016, 1, 1) + timedelta(days=rng.randrange(60))
        pcode, gov = rng.choice(places)
        hi = lo + timedelta(days=rng.choice((0, 0, 0, 2)))
        incidents.append(IncidentSpan(i + 1, lo, hi, pcode, gov, rng.choice(types)))
    victims = []
    for i in range(1_500):
        lo = date(2016, 1, 1) + timedelta(days=rng.randrange(62))
        pcode, gov = rng.choice(places)
        hi = lo + timedelta(days=rng.choice((0, 0, 0, 1, 30)))
        victims.append(
            VictimSpan(i + 1, lo, hi, pcode, rng.choice((gov, gov, None)), rng.choice(causes))
        )
    links, ambiguous = link_victims(victims, incidents)
    want, want_ambiguous = _every_incident_of_the_governorate(victims, incidents)
    assert [(lk.record_id, lk.incident_id, lk.score) for lk in links] == want
    assert ambiguous == want_ambiguous and want and want_ambiguous


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)


def test_a_small_real_layout_world_meets_the_targets_without_a_statement_per_incident(
    engine: Engine, tmp_path: Path, statements: list[str]
) -> None:
    files = simulate_incident_exports(tmp_path / "exports", ExportSettings(seed=3).scaled(2_500))
    for source, path in files.files.items():
        import_file(engine, path, source, fmt=files.formats[source], run_by="tester")
    statements.clear()
    summary = reconcile_workspace(engine, run_by="tester")
    assert summary.reports == 2_500
    # ids in one statement, fields in one executemany: far fewer statements than incidents
    assert len(statements) < summary.incidents / 10, len(statements)
    with engine.connect() as conn:
        members = {
            (str(s), str(i)): int(r)
            for s, i, r in conn.execute(
                select(Source.name, Incident.source_incident_id, IncidentMember.reconciled_id)
                .join(Incident, Incident.source_id == Source.id)
                .join(IncidentMember, IncidentMember.report_id == Incident.id)
            )
        }
        review = len(
            conn.execute(
                select(IncidentReviewPair.id).where(IncidentReviewPair.decision.is_(None))
            ).all()
        )
    score = score_exports(read_truth(files.truth), members, review)
    assert score.true_shared > 10 and score.recovered_shared > 0
    assert score.recovered_share >= 0.95, score
    assert score.false_merge_share <= 0.02, score
    assert score.review_percent <= 5.0, score
    # every incident's fields landed (on PostgreSQL by COPY and one UPDATE)
    rows = list_incidents(engine)
    assert len(rows) == summary.incidents and all(r["grade"] and r["date"] for r in rows)
    assert Counter(r["grade"] for r in rows) == Counter(summary.grades)
    multi = next(r for r in rows if r["sources"] > 1)
    assert incident_detail(engine, multi["id"])["grade_reasons"]
    # reconciling again changes nothing and keeps every id
    again = reconcile_workspace(engine, run_by="tester")
    assert (again.incidents, again.merges, again.splits, again.retired) == (
        summary.incidents,
        0,
        0,
        0,
    )
