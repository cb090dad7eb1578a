"""Reads and writes for linkage and estimation: records in, persons and review pairs out.

Tables travel as pandas DataFrames with documented columns, so that the ``link`` and
``estimate`` stages never see ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, insert, select, update

from tawthiq.store.schema import (
    LinkRun,
    Person,
    PersonRecord,
    ReviewDecision,
    ReviewPair,
    Source,
    VictimRecord,
)

__all__ = [
    "LINK_INPUT_COLUMNS",
    "finish_link_run",
    "iter_person_rows",
    "person_captures",
    "records_for_linkage",
    "replace_persons",
    "review_decisions",
    "start_link_run",
]

LINK_INPUT_COLUMNS: tuple[str, ...] = (
    "record_key",
    "source",
    "record_id",
    "full_name",
    "given_name",
    "father_name",
    "family_name",
    "sex",
    "age_min",
    "age_max",
    "date_earliest",
    "date_latest",
    "date_precision",
    "place_text",
    "governorate_text",
    "pcode",
    "admin1_pcode",
)


def _now() -> datetime:
    return datetime.now(UTC)


def records_for_linkage(conn: Connection) -> pd.DataFrame:
    """Every victim record with the columns of ``LINK_INPUT_COLUMNS`` (record_key = record id)."""
    v = VictimRecord.__table__.c
    stmt = (
        select(
            v.id.label("record_key"),
            Source.name.label("source"),
            v.source_record_id.label("record_id"),
            v.full_name,
            v.given_name,
            v.father_name,
            v.family_name,
            v.sex,
            v.age_min,
            v.age_max,
            v.date_earliest,
            v.date_latest,
            v.date_precision,
            v.place_text,
            v.governorate_text,
            v.pcode,
            v.admin1_pcode,
        )
        .join(Source, Source.id == v.source_id)
        .order_by(v.id)
    )
    rows = conn.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(LINK_INPUT_COLUMNS))


def review_decisions(conn: Connection) -> pd.DataFrame:
    """Reviewer decisions: ``record_key_l``, ``record_key_r``, ``decision`` (same/different)."""
    t = ReviewDecision.__table__.c
    rows = conn.execute(select(t.record_l, t.record_r, t.decision).order_by(t.id)).all()
    return pd.DataFrame(
        [tuple(r) for r in rows], columns=["record_key_l", "record_key_r", "decision"]
    )


def start_link_run(conn: Connection, *, backend: str, settings: dict[str, Any], run_by: str) -> int:
    result = conn.execute(
        insert(LinkRun).values(started_at=_now(), backend=backend, settings=settings, run_by=run_by)
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def finish_link_run(
    conn: Connection,
    run_id: int,
    *,
    model: dict[str, Any] | None,
    diagnostics: dict[str, Any],
    records: int,
    persons: int,
) -> None:
    conn.execute(
        update(LinkRun)
        .where(LinkRun.id == run_id)
        .values(
            finished_at=_now(),
            model=model,
            diagnostics=diagnostics,
            records=records,
            persons=persons,
        )
    )


def replace_persons(
    conn: Connection, run_id: int, clusters: pd.DataFrame, review: pd.DataFrame
) -> int:
    """Replace all persons by the clusters of ``run_id``; returns the number of persons.

    ``clusters``: ``record_key``, ``cluster_id``, ``match_probability``.
    ``review``: ``record_key_l``, ``record_key_r``, ``probability``, ``match_weight``.
    """
    conn.execute(delete(PersonRecord))
    conn.execute(delete(Person))
    ts = _now()
    cluster_ids = sorted(clusters["cluster_id"].unique().tolist(), key=str)
    # Persons are replaced wholesale, so they are numbered 1..n in cluster order.
    person_of: dict[Any, int] = {cid: i for i, cid in enumerate(cluster_ids, start=1)}
    batch = 10_000
    people = [
        {"id": pid, "link_run_id": run_id, "review_state": "unreviewed", "created_at": ts}
        for pid in person_of.values()
    ]
    for start in range(0, len(people), batch):
        conn.execute(insert(Person), people[start : start + batch])
    members = [
        {
            "victim_record_id": int(rk),
            "person_id": person_of[cid],
            "match_probability": None if pd.isna(p) else float(p),
        }
        for rk, cid, p in clusters[["record_key", "cluster_id", "match_probability"]].itertuples(
            index=False
        )
    ]
    for start in range(0, len(members), batch):
        conn.execute(insert(PersonRecord), members[start : start + batch])
    pairs = [
        {
            "link_run_id": run_id,
            "record_l": int(min(l_, r_)),
            "record_r": int(max(l_, r_)),
            "probability": float(p),
            "match_weight": None if pd.isna(w) else float(w),
        }
        for l_, r_, p, w in review[
            ["record_key_l", "record_key_r", "probability", "match_weight"]
        ].itertuples(index=False)
    ]
    for start in range(0, len(pairs), batch):
        conn.execute(insert(ReviewPair), pairs[start : start + batch])
    return len(cluster_ids)


def iter_person_rows(conn: Connection) -> Iterator[tuple[int, str, str]]:
    """(person_id, source, record_id) for every linked record, ordered by person."""
    v = VictimRecord.__table__.c
    pr = PersonRecord.__table__.c
    stmt = (
        select(pr.person_id, Source.name, v.source_record_id)
        .join(VictimRecord, v.id == pr.victim_record_id)
        .join(Source, Source.id == v.source_id)
        .order_by(pr.person_id, Source.name, v.source_record_id)
    )
    for row in conn.execute(stmt):
        yield int(row[0]), str(row[1]), str(row[2])


def person_captures(conn: Connection) -> pd.DataFrame:
    """One row per (person, source) with the record's stratum fields, for estimation.

    Columns: ``person_id``, ``source``, ``admin1_pcode``, ``governorate_text``,
    ``date_earliest``, ``date_latest``, ``sex``, ``age_min``, ``status``.
    """
    v = VictimRecord.__table__.c
    pr = PersonRecord.__table__.c
    stmt = (
        select(
            pr.person_id,
            Source.name.label("source"),
            v.admin1_pcode,
            v.governorate_text,
            v.date_earliest,
            v.date_latest,
            v.sex,
            v.age_min,
            v.status,
        )
        .join(VictimRecord, v.id == pr.victim_record_id)
        .join(Source, Source.id == v.source_id)
        .order_by(pr.person_id)
    )
    rows = conn.execute(stmt).all()
    cols = [
        "person_id",
        "source",
        "admin1_pcode",
        "governorate_text",
        "date_earliest",
        "date_latest",
        "sex",
        "age_min",
        "status",
    ]
    return pd.DataFrame([tuple(r) for r in rows], columns=cols)
