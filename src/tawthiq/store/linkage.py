"""Reads and writes for linkage and estimation: records in, persons and review pairs out.

Tables travel as pandas DataFrames with documented columns, so that the ``link`` and
``estimate`` stages never see ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, and_, delete, func, insert, select, update

from tawthiq.store.records import add_audit_event
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
    "LINK_STORED_NAME_COLUMNS",
    "REVIEW_QUEUE_COLUMNS",
    "RecordView",
    "count_decisions",
    "find_record",
    "finish_link_run",
    "get_decision",
    "iter_person_rows",
    "latest_link_run",
    "person_captures",
    "persons_of",
    "record_views",
    "records_for_linkage",
    "replace_persons",
    "review_decisions",
    "review_pair",
    "review_queue",
    "set_decision",
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


LINK_STORED_NAME_COLUMNS: tuple[str, ...] = (
    "given_name_norm",
    "given_name_key",
    "father_name_norm",
    "father_name_key",
    "grandfather_name_norm",
    "family_name_norm",
    "family_name_key",
)
"""The name parts import normalised, read with the records so that linkage need not re-parse."""


def _now() -> datetime:
    return datetime.now(UTC)


def records_for_linkage(conn: Connection) -> pd.DataFrame:
    """Every victim record with the columns of ``LINK_INPUT_COLUMNS`` (record_key = record id)
    and the normalised name parts of ``LINK_STORED_NAME_COLUMNS``."""
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
            *(v[c] for c in LINK_STORED_NAME_COLUMNS),
        )
        .join(Source, Source.id == v.source_id)
        .order_by(v.id)
    )
    columns = [*LINK_INPUT_COLUMNS, *LINK_STORED_NAME_COLUMNS]
    # Read in batches into one list per column, each distinct value kept once: a million
    # records repeat a few hundred thousand names and a few thousand dates and places, and the
    # driver returns a new object for every cell (1.4 GB of rows held at once, before).
    values: list[list[Any]] = [[] for _ in columns]
    unique = {"record_key", "record_id"}  # one value per record: nothing to share
    seen: list[dict[Any, Any] | None] = [None if c in unique else {} for c in columns]
    # yield_per on the statement, not the connection: set on a connection it stays, and
    # PostgreSQL would then run the caller's next INSERT through a server-side cursor
    result = conn.execute(stmt.execution_options(yield_per=50_000))
    for batch in result.partitions():
        for j, column in enumerate(zip(*batch, strict=True)):
            known = seen[j]
            if known is None:
                values[j].extend(column)
            else:
                values[j].extend(known.setdefault(v, v) for v in column)
    frame = pd.DataFrame(
        {name: pd.Series(col) for name, col in zip(columns, values, strict=True)}, columns=columns
    )
    return frame


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
    ``review``: ``record_key_l``, ``record_key_r``, ``match_probability``, ``match_weight``.
    Persons are numbered 1..n in the order of ``cluster_id``; the review pairs are stored
    under ``run_id`` (earlier runs keep theirs).
    """
    conn.execute(delete(PersonRecord))
    conn.execute(delete(Person))
    ts = _now()
    cluster_ids = sorted(clusters["cluster_id"].unique().tolist())
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
            "records": None if pd.isna(k) else int(k),
            "priority": None if pd.isna(q) else float(q),
        }
        for l_, r_, p, w, k, q in review.reindex(
            columns=[
                "record_key_l",
                "record_key_r",
                "match_probability",
                "match_weight",
                "records",
                "priority",
            ]
        ).itertuples(index=False)
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
    """One row per linked record: its person, source and stratum fields, for estimation.

    A person recorded twice by one list gives two rows with the same (person, source);
    callers building capture histories collapse them.

    Columns: ``person_id``, ``source``, ``admin1_pcode``, ``governorate_text``,
    ``date_earliest``, ``date_latest``, ``sex``, ``age_min``, ``status``, ``cause``,
    ``perpetrator`` (the last two for the estimate's scope check).
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
            v.cause,
            v.perpetrator,
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
        "cause",
        "perpetrator",
    ]
    return pd.DataFrame([tuple(r) for r in rows], columns=cols)


# --- link runs ---------------------------------------------------------------------------------


def latest_link_run(conn: Connection) -> dict[str, Any] | None:
    """The newest finished link run (id, times, backend, settings, diagnostics, counts)."""
    t = LinkRun.__table__.c
    row = conn.execute(
        select(
            t.id,
            t.started_at,
            t.finished_at,
            t.backend,
            t.settings,
            t.diagnostics,
            t.records,
            t.persons,
            t.run_by,
        )
        .where(t.finished_at.is_not(None))
        .order_by(t.id.desc())
        .limit(1)
    ).first()
    return None if row is None else dict(row._mapping)


# --- review queue ------------------------------------------------------------------------------

REVIEW_QUEUE_COLUMNS: tuple[str, ...] = (
    "pair_id",
    "record_l",
    "record_r",
    "probability",
    "match_weight",
    "decision",
    "same_person",
    "records",
    "priority",
)
"""``review_queue``: ``decision`` is null for an undecided pair; ``same_person`` says whether
the stored persons put the two records together; ``records`` and ``priority`` why the pair
comes where it does (null for runs before migration 0011)."""


def review_queue(
    conn: Connection,
    *,
    run_id: int | None = None,
    include_decided: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """Review pairs of a link run (default: the latest finished one), highest priority first.

    Pairs with a decision are left out unless ``include_decided``.
    """
    if run_id is None:
        latest = latest_link_run(conn)
        if latest is None:
            return pd.DataFrame({c: [] for c in REVIEW_QUEUE_COLUMNS})
        run_id = int(latest["id"])
    rp = ReviewPair.__table__.c
    rd = ReviewDecision.__table__.c
    pl = PersonRecord.__table__.alias("pl")
    pr = PersonRecord.__table__.alias("pr")
    stmt = (
        select(
            rp.id,
            rp.record_l,
            rp.record_r,
            rp.probability,
            rp.match_weight,
            rd.decision,
            pl.c.person_id,
            pr.c.person_id,
            rp.records,
            rp.priority,
        )
        .outerjoin(ReviewDecision, and_(rd.record_l == rp.record_l, rd.record_r == rp.record_r))
        .outerjoin(pl, pl.c.victim_record_id == rp.record_l)
        .outerjoin(pr, pr.c.victim_record_id == rp.record_r)
        .where(rp.link_run_id == run_id)
        .order_by(rp.id)  # stored in the queue's order
    )
    if not include_decided:
        stmt = stmt.where(rd.decision.is_(None))
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = [
        (
            int(i),
            int(a),
            int(b),
            float(p),
            None if w is None else float(w),
            d,
            pa is not None and pa == pb,
            None if k is None else int(k),
            None if q is None else float(q),
        )
        for i, a, b, p, w, d, pa, pb, k, q in conn.execute(stmt)
    ]
    return pd.DataFrame(rows, columns=list(REVIEW_QUEUE_COLUMNS))


def review_pair(conn: Connection, pair_id: int) -> dict[str, Any] | None:
    """One review pair: ``pair_id, link_run_id, record_l, record_r, probability, match_weight``."""
    rp = ReviewPair.__table__.c
    row = conn.execute(
        select(
            rp.id.label("pair_id"),
            rp.link_run_id,
            rp.record_l,
            rp.record_r,
            rp.probability,
            rp.match_weight,
        ).where(rp.id == pair_id)
    ).first()
    return None if row is None else dict(row._mapping)


@dataclass(frozen=True)
class RecordView:
    """What a reviewer sees of one record (names included: review exists to compare them)."""

    id: int
    source: str
    record_id: str
    full_name: str | None
    given_name: str | None
    father_name: str | None
    family_name: str | None
    mother_name: str | None
    sex: str | None
    age_text: str | None
    date_text: str | None
    date_earliest: date | None
    date_latest: date | None
    place_text: str | None
    governorate_text: str | None
    pcode: str | None
    cause: str | None
    perpetrator: str | None
    status: str | None
    person_id: int | None


def record_views(conn: Connection, ids: Iterable[int]) -> dict[int, RecordView]:
    """The records with these store ids, with their current person (if linked)."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    v = VictimRecord.__table__.c
    pr = PersonRecord.__table__.c
    stmt = (
        select(
            v.id,
            Source.name,
            v.source_record_id,
            v.full_name,
            v.given_name,
            v.father_name,
            v.family_name,
            v.mother_name,
            v.sex,
            v.age_text,
            v.date_text,
            v.date_earliest,
            v.date_latest,
            v.place_text,
            v.governorate_text,
            v.pcode,
            v.cause,
            v.perpetrator,
            v.status,
            pr.person_id,
        )
        .join(Source, Source.id == v.source_id)
        .outerjoin(PersonRecord, pr.victim_record_id == v.id)
        .where(v.id.in_(wanted))
    )
    return {int(r[0]): RecordView(*r) for r in conn.execute(stmt)}


def find_record(conn: Connection, source: str, record_id: str) -> int | None:
    """Store id of a record given its source name and the source's record id."""
    v = VictimRecord.__table__.c
    row = conn.execute(
        select(v.id)
        .join(Source, Source.id == v.source_id)
        .where(Source.name == source, v.source_record_id == record_id)
    ).first()
    return None if row is None else int(row[0])


def persons_of(conn: Connection, ids: Iterable[int]) -> dict[int, int]:
    """Current person of each record id that is linked."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    pr = PersonRecord.__table__.c
    rows = conn.execute(
        select(pr.victim_record_id, pr.person_id).where(pr.victim_record_id.in_(wanted))
    )
    return {int(a): int(b) for a, b in rows}


# --- decisions ---------------------------------------------------------------------------------


def get_decision(conn: Connection, record_a: int, record_b: int) -> dict[str, Any] | None:
    """The decision on a pair (in either order): decision, decided_by, decided_at, note."""
    lo, hi = min(record_a, record_b), max(record_a, record_b)
    t = ReviewDecision.__table__.c
    row = conn.execute(
        select(t.decision, t.decided_by, t.decided_at, t.note).where(
            t.record_l == lo, t.record_r == hi
        )
    ).first()
    return None if row is None else dict(row._mapping)


def set_decision(
    conn: Connection,
    record_a: int,
    record_b: int,
    decision: str,
    *,
    decided_by: str | None,
    note: str | None = None,
) -> str | None:
    """Record (or change) the decision on a pair; returns the previous decision, if any.

    Every call appends an audit event (``review.decide`` on ``review_decision`` ``lo-hi``) with
    the new and the previous decision, so that changes of mind stay visible.
    """
    if record_a == record_b:
        raise ValueError("a record cannot be paired with itself")
    lo, hi = min(record_a, record_b), max(record_a, record_b)
    previous = get_decision(conn, lo, hi)
    t = ReviewDecision.__table__.c
    values = {"decision": decision, "decided_by": decided_by, "decided_at": _now(), "note": note}
    if previous is None:
        conn.execute(insert(ReviewDecision).values(record_l=lo, record_r=hi, **values))
    else:
        conn.execute(
            update(ReviewDecision).where(t.record_l == lo, t.record_r == hi).values(**values)
        )
    before = None if previous is None else str(previous["decision"])
    add_audit_event(
        conn,
        actor=decided_by,
        action="review.decide",
        entity="review_decision",
        entity_id=f"{lo}-{hi}",
        detail={"decision": decision, "previous": before, "note": note},
    )
    return before


def count_decisions(conn: Connection) -> dict[str, int]:
    """Number of decisions of each kind."""
    t = ReviewDecision.__table__.c
    rows = conn.execute(select(t.decision, func.count()).group_by(t.decision))
    return {str(d): int(n) for d, n in rows}
