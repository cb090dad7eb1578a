"""Reads and writes of reconciled incidents, their reports, facilities, victims and reviews.

The ``incidents`` table holds source REPORTS (one row per imported report); the tables read
and written here hold what reconciliation makes of them (``tawthiq.incidents``). Functions take
an open ``Connection`` so that a reconciliation is one transaction; rows travel as dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, update

from tawthiq.store.records import add_audit_event, now
from tawthiq.store.schema import (
    FacilityAttack,
    HealthFacility,
    Incident,
    IncidentBelligerent,
    IncidentClaim,
    IncidentCount,
    IncidentGradeOverride,
    IncidentMember,
    IncidentReviewPair,
    IncidentVictim,
    PersonRecord,
    ReconciledIncident,
    Source,
    VictimRecord,
)

__all__ = [
    "INCIDENT_FIELDS",
    "add_facility",
    "belligerent_rows",
    "clear_grade_override",
    "count_reports",
    "facility_attack_rows",
    "facility_rows",
    "grade_overrides",
    "incident_page_rows",
    "incident_rows",
    "insert_incident",
    "memberships",
    "new_incident_ids",
    "pair_decisions",
    "replace_belligerents",
    "replace_facility_attacks",
    "replace_members",
    "replace_review_queue",
    "replace_victim_links",
    "report_rows",
    "retire_incidents",
    "review_rows",
    "set_grade_override",
    "set_pair_decision",
    "update_facility_sensitive",
    "update_incident",
    "update_incidents",
    "victim_event_rows",
    "victim_link_rows",
    "victim_spans",
]

INCIDENT_FIELDS: tuple[str, ...] = tuple(
    c.name
    for c in ReconciledIncident.__table__.columns
    if c.name not in {"id", "created_at", "updated_at", "status"}
)
"""Columns of a reconciled incident that reconciliation computes."""

_CHUNK = 500


def _t(cls: Any) -> Table:
    """The Core table of a declared class (typed as a Table for insert/update/delete)."""
    table: Table = cls.__table__
    return table


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def report_rows(conn: Connection, ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Every source report (or those in ``ids``) with its source name, the source's
    reliability, the report's extra claims (``incident_claims``; NULL when none) and its
    other counts (``counts``: a list of (kind, min, max), ``incident_counts``)."""
    i, c, s = _t(Incident), _t(IncidentClaim), _t(Source)
    stmt = (
        select(
            i,
            s.c.name.label("source"),
            s.c.reliability,
            *(col for col in c.columns if col.name != "incident_id"),
        )
        .join(s, s.c.id == i.c.source_id)
        .outerjoin(c, c.c.incident_id == i.c.id)
        .order_by(i.c.id)
    )
    n = _t(IncidentCount)
    counts_stmt = select(n.c.incident_id, n.c.kind, n.c.count_min, n.c.count_max)
    if ids is None:
        out = [dict(r._mapping) for r in conn.execute(stmt)]
        counts = conn.execute(counts_stmt).all()
    else:
        wanted = sorted(set(ids))
        out, counts = [], []
        for part in _chunks(wanted):
            out.extend(dict(r._mapping) for r in conn.execute(stmt.where(i.c.id.in_(part))))
            counts.extend(conn.execute(counts_stmt.where(n.c.incident_id.in_(part))).all())
    per: dict[int, list[tuple[str, int | None, int | None]]] = {}
    for report, kind, low, high in counts:
        per.setdefault(int(report), []).append((str(kind), low, high))
    for row in out:
        row["counts"] = per.get(int(row["id"]), [])
    return out


def pair_decisions(conn: Connection) -> dict[tuple[int, int], str]:
    """Reviewer decisions on report pairs: (left, right) → ``same`` or ``different``."""
    t = _t(IncidentReviewPair)
    return {
        (int(a), int(b)): str(d)
        for a, b, d in conn.execute(
            select(t.c.report_l, t.c.report_r, t.c.decision).where(t.c.decision.is_not(None))
        )
    }


def set_pair_decision(
    conn: Connection,
    left: int,
    right: int,
    decision: str,
    *,
    decided_by: str | None,
    note: str | None,
    action: str = "decide",
) -> None:
    """Record (or change) a reviewer's decision on two reports; audited."""
    a, b = sorted((left, right))
    t = _t(IncidentReviewPair)
    values = {"decision": decision, "decided_by": decided_by, "decided_at": now(), "note": note}
    found = conn.execute(
        select(t.c.id, t.c.decision).where((t.c.report_l == a) & (t.c.report_r == b))
    ).first()
    if found is None:
        conn.execute(insert(t).values(report_l=a, report_r=b, **values))
    else:
        conn.execute(update(t).where(t.c.id == found.id).values(**values))
    add_audit_event(
        conn,
        actor=decided_by,
        action=f"incident_pair_{action}",
        entity="incident_report_pair",
        entity_id=f"{a}-{b}",
        detail={
            "decision": decision,
            "previous": found.decision if found else None,
            "note": note,
        },
    )


def replace_review_queue(conn: Connection, pairs: Sequence[Mapping[str, Any]]) -> None:
    """Replace the undecided pairs with ``pairs`` (left, right, score, reasons); decided pairs
    stay as they are."""
    t = _t(IncidentReviewPair)
    conn.execute(delete(t).where(t.c.decision.is_(None)))
    decided = set(pair_decisions(conn))
    rows = [
        {
            "report_l": p["left"],
            "report_r": p["right"],
            "score": p["score"],
            "reasons": p["reasons"],
        }
        for p in pairs
        if (p["left"], p["right"]) not in decided
    ]
    if rows:
        conn.execute(insert(t), rows)


def review_rows(conn: Connection, *, undecided_only: bool = True) -> list[dict[str, Any]]:
    t = _t(IncidentReviewPair)
    stmt = select(t).order_by(t.c.score.desc(), t.c.id)
    if undecided_only:
        stmt = stmt.where(t.c.decision.is_(None))
    return [dict(r._mapping) for r in conn.execute(stmt)]


def memberships(conn: Connection) -> dict[int, int]:
    """Report id → reconciled incident id, as the last reconciliation left them."""
    t = _t(IncidentMember)
    return {int(r): int(i) for r, i in conn.execute(select(t.c.report_id, t.c.reconciled_id))}


def insert_incident(conn: Connection, fields: Mapping[str, Any]) -> int:
    ts = now()
    result = conn.execute(
        insert(ReconciledIncident).values(**fields, status="active", created_at=ts, updated_at=ts)
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def new_incident_ids(conn: Connection, n: int) -> list[int]:
    """Ids for ``n`` new reconciled incidents: empty active rows inserted in one executemany
    (their fields are written by ``update_incidents``). One INSERT per incident took most of a
    25,000-report reconciliation.

    PostgreSQL returns the ids in the order of the rows (``sort_by_parameter_order``). SQLite
    would fall back to one INSERT per row for that, so there the rows are inserted without
    RETURNING and the ids read back: the transaction holds SQLite's only write lock, and the
    rows of one executemany take consecutive rowids above the largest."""
    if n <= 0:
        return []
    t = _t(ReconciledIncident)
    ts = now()
    rows = [{"status": "active", "created_at": ts, "updated_at": ts} for _ in range(n)]
    if conn.dialect.name != "sqlite":
        result = conn.execute(insert(t).returning(t.c.id, sort_by_parameter_order=True), rows)
        return [int(i) for i in result.scalars()]
    top = conn.execute(select(func.max(t.c.id))).scalar_one_or_none() or 0
    conn.execute(insert(t), rows)
    ids = [
        int(i) for i in conn.execute(select(t.c.id).where(t.c.id > top).order_by(t.c.id)).scalars()
    ]
    if len(ids) != n:  # pragma: no cover - another writer inside our transaction
        raise RuntimeError(f"expected {n} new incident ids, found {len(ids)}")
    return ids


_COPY_AT_LEAST = 500
"""From this many incidents on, PostgreSQL receives their fields by COPY into a temporary table
and one UPDATE ... FROM (a pipelined UPDATE per incident took 8 s at 25,000)."""


def update_incidents(conn: Connection, rows: Sequence[tuple[int, Mapping[str, Any]]]) -> None:
    """Write the computed fields of many incidents (id, fields); each becomes active again.
    One executemany per set of field names, or on PostgreSQL for many incidents one COPY and
    one UPDATE."""
    by_keys: dict[tuple[str, ...], list[tuple[int, Mapping[str, Any]]]] = {}
    for incident_id, fields in rows:
        by_keys.setdefault(tuple(sorted(fields)), []).append((incident_id, fields))
    ts = now()
    for keys, batch in by_keys.items():
        if conn.dialect.name == "postgresql" and len(batch) >= _COPY_AT_LEAST:
            _update_by_copy(conn, keys, batch, ts)
        else:
            _update_by_executemany(conn, keys, batch, ts)


def _update_by_executemany(
    conn: Connection, keys: tuple[str, ...], batch: list[tuple[int, Mapping[str, Any]]], ts: Any
) -> None:
    t = _t(ReconciledIncident)
    stmt = (
        update(t)
        .where(t.c.id == bindparam("k_id"))
        .values(
            {
                **{k: bindparam(f"v_{k}", type_=t.c[k].type) for k in keys},
                "status": "active",
                "updated_at": ts,
            }
        )
    )
    conn.execute(stmt, [{"k_id": i, **{f"v_{k}": f[k] for k in keys}} for i, f in batch])


def _update_by_copy(
    conn: Connection, keys: tuple[str, ...], batch: list[tuple[int, Mapping[str, Any]]], ts: Any
) -> None:
    """PostgreSQL: COPY the fields into a temporary table dropped at commit, then UPDATE."""
    from psycopg.types.json import Json
    from sqlalchemy import JSON

    t = _t(ReconciledIncident)
    json_keys = {k for k in keys if isinstance(t.c[k].type, JSON)}
    cols = ", ".join(f'"{k}"' for k in keys)
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE _incident_fields ON COMMIT DROP AS "
        f"SELECT id, {cols} FROM reconciled_incidents WITH NO DATA"
    )
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur, cur.copy(f"COPY _incident_fields (id, {cols}) FROM STDIN") as copy:
        for incident_id, fields in batch:
            copy.write_row(
                [
                    incident_id,
                    *(
                        Json(fields[k]) if k in json_keys and fields[k] is not None else fields[k]
                        for k in keys
                    ),
                ]
            )
    sets = ", ".join(f'"{k}" = s."{k}"' for k in keys)
    conn.exec_driver_sql(
        f"UPDATE reconciled_incidents AS t SET {sets}, status = 'active', updated_at = %(ts)s "
        "FROM _incident_fields AS s WHERE t.id = s.id",
        {"ts": ts},
    )
    conn.exec_driver_sql("DROP TABLE _incident_fields")


def update_incident(conn: Connection, incident_id: int, fields: Mapping[str, Any]) -> None:
    t = _t(ReconciledIncident)
    conn.execute(
        update(t).where(t.c.id == incident_id).values(**fields, status="active", updated_at=now())
    )


def retire_incidents(conn: Connection, ids: Sequence[int]) -> None:
    """Mark incidents whose reports all moved elsewhere as retired (never deleted)."""
    t = _t(ReconciledIncident)
    for part in _chunks(list(ids)):
        conn.execute(update(t).where(t.c.id.in_(part)).values(status="retired", updated_at=now()))


def replace_members(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    conn.execute(delete(IncidentMember))
    if rows:
        conn.execute(insert(IncidentMember), list(rows))


def replace_belligerents(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    conn.execute(delete(IncidentBelligerent))
    if rows:
        conn.execute(insert(IncidentBelligerent), list(rows))


def incident_rows(
    conn: Connection, ids: Iterable[int] | None = None, *, status: str | None = "active"
) -> list[dict[str, Any]]:
    """Reconciled incidents with their grade override (``override_grade``, ``override_note``,
    ``override_by``, ``override_at``; NULL when none), ordered by date then id."""
    t, o = _t(ReconciledIncident), _t(IncidentGradeOverride)
    stmt = (
        select(
            t,
            o.c.grade.label("override_grade"),
            o.c.note.label("override_note"),
            o.c.decided_by.label("override_by"),
            o.c.decided_at.label("override_at"),
        )
        .outerjoin(o, o.c.reconciled_id == t.c.id)
        .order_by(t.c.date_earliest, t.c.id)
    )
    if status is not None:
        stmt = stmt.where(t.c.status == status)
    if ids is not None:
        wanted = sorted(set(ids))
        out: list[dict[str, Any]] = []
        for part in _chunks(wanted):
            out.extend(dict(r._mapping) for r in conn.execute(stmt.where(t.c.id.in_(part))))
        return out
    return [dict(r._mapping) for r in conn.execute(stmt)]


def victim_event_rows(conn: Connection) -> list[tuple[Any, ...]]:
    """(source, record id, date_earliest, date_latest, pcode, admin1_pcode, cause, person id)
    of every victim record, as import normalised them: what rebuilding incidents needs."""
    v, pr, src = _t(VictimRecord), _t(PersonRecord), _t(Source)
    stmt = (
        select(
            src.c.name,
            v.c.source_record_id,
            v.c.date_earliest,
            v.c.date_latest,
            v.c.pcode,
            v.c.admin1_pcode,
            v.c.cause,
            pr.c.person_id,
        )
        .join(src, src.c.id == v.c.source_id)
        .outerjoin(pr, pr.c.victim_record_id == v.c.id)
        .order_by(v.c.id)
    )
    return [tuple(r) for r in conn.execute(stmt)]


def incident_page_rows(
    conn: Connection, *, admin1: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of active incidents (date, then id) and how many there are, in SQL: a page
    of a hundred thousand incidents must not read them all."""
    t, o = _t(ReconciledIncident), _t(IncidentGradeOverride)
    where = [t.c.status == "active"]
    if admin1:
        where.append(t.c.admin1_pcode == admin1)
    total = int(conn.execute(select(func.count()).select_from(t).where(*where)).scalar_one())
    stmt = (
        select(
            t,
            o.c.grade.label("override_grade"),
            o.c.note.label("override_note"),
            o.c.decided_by.label("override_by"),
            o.c.decided_at.label("override_at"),
        )
        .outerjoin(o, o.c.reconciled_id == t.c.id)
        .where(*where)
        .order_by(t.c.date_earliest, t.c.id)
        .limit(limit)
        .offset(offset)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)], total


def belligerent_rows(conn: Connection, incident_id: int | None = None) -> list[dict[str, Any]]:
    t = _t(IncidentBelligerent)
    stmt = select(t).order_by(t.c.reconciled_id, t.c.party)
    if incident_id is not None:
        stmt = stmt.where(t.c.reconciled_id == incident_id)
    return [dict(r._mapping) for r in conn.execute(stmt)]


def grade_overrides(conn: Connection) -> dict[int, dict[str, Any]]:
    t = _t(IncidentGradeOverride)
    return {int(r.reconciled_id): dict(r._mapping) for r in conn.execute(select(t))}


def set_grade_override(
    conn: Connection, incident_id: int, grade: str, note: str, decided_by: str | None
) -> dict[str, Any] | None:
    """Set a reviewer's grade for an incident; returns the previous override (audited)."""
    t = _t(IncidentGradeOverride)
    prev = conn.execute(select(t).where(t.c.reconciled_id == incident_id)).first()
    values = {"grade": grade, "note": note, "decided_by": decided_by, "decided_at": now()}
    if prev is None:
        conn.execute(insert(t).values(reconciled_id=incident_id, **values))
    else:
        conn.execute(update(t).where(t.c.reconciled_id == incident_id).values(**values))
    computed = conn.execute(
        select(ReconciledIncident.grade).where(ReconciledIncident.id == incident_id)
    ).scalar_one_or_none()
    add_audit_event(
        conn,
        actor=decided_by,
        action="incident_grade_override",
        entity="reconciled_incident",
        entity_id=str(incident_id),
        detail={
            "grade": grade,
            "computed": computed,
            "previous": prev.grade if prev else None,
            "note": note,
        },
    )
    return dict(prev._mapping) if prev else None


def clear_grade_override(
    conn: Connection, incident_id: int, note: str, decided_by: str | None
) -> bool:
    t = _t(IncidentGradeOverride)
    prev = conn.execute(select(t.c.grade).where(t.c.reconciled_id == incident_id)).first()
    if prev is None:
        return False
    conn.execute(delete(t).where(t.c.reconciled_id == incident_id))
    add_audit_event(
        conn,
        actor=decided_by,
        action="incident_grade_override_cleared",
        entity="reconciled_incident",
        entity_id=str(incident_id),
        detail={"previous": prev.grade, "note": note},
    )
    return True


def facility_rows(conn: Connection) -> list[dict[str, Any]]:
    t = _t(HealthFacility)
    return [dict(r._mapping) for r in conn.execute(select(t).order_by(t.c.id))]


def add_facility(conn: Connection, fields: Mapping[str, Any]) -> int:
    result = conn.execute(insert(HealthFacility).values(**fields, created_at=now()))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def update_facility_sensitive(conn: Connection, facility_id: int) -> None:
    t = _t(HealthFacility)
    conn.execute(update(t).where(t.c.id == facility_id).values(sensitive=True))


def replace_facility_attacks(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Make ``facility_attacks`` exactly ``rows`` (keeping the creation time of those that stay);
    deletes, updates and inserts each in one statement per batch."""
    t = _t(FacilityAttack)
    have = {
        (int(f), int(i)): int(k)
        for k, f, i in conn.execute(select(t.c.id, t.c.facility_id, t.c.reconciled_id))
    }
    want = {(int(r["facility_id"]), int(r["reconciled_id"])): r for r in rows}
    gone = [k for key, k in have.items() if key not in want]
    for part in _chunks(gone):
        conn.execute(delete(t).where(t.c.id.in_(part)))
    changed = [
        {"k_id": have[key], "v_who": r["who_ssa_type"], "v_phr": r["phr_category"]}
        for key, r in want.items()
        if key in have
    ]
    if changed:
        conn.execute(
            update(t)
            .where(t.c.id == bindparam("k_id"))
            .values(who_ssa_type=bindparam("v_who"), phr_category=bindparam("v_phr")),
            changed,
        )
    ts = now()
    new = [
        {
            "facility_id": key[0],
            "reconciled_id": key[1],
            "created_at": ts,
            "who_ssa_type": r["who_ssa_type"],
            "phr_category": r["phr_category"],
        }
        for key, r in want.items()
        if key not in have
    ]
    if new:
        conn.execute(insert(t), new)


def facility_attack_rows(conn: Connection) -> list[dict[str, Any]]:
    a, f = _t(FacilityAttack), _t(HealthFacility)
    stmt = (
        select(
            a.c.facility_id,
            a.c.reconciled_id,
            a.c.who_ssa_type,
            a.c.phr_category,
            f.c.name.label("facility_name"),
            f.c.facility_type,
            f.c.pcode.label("facility_pcode"),
            f.c.admin1_pcode.label("facility_admin1"),
            f.c.sensitive.label("facility_sensitive"),
        )
        .join(f, f.c.id == a.c.facility_id)
        .order_by(a.c.facility_id, a.c.reconciled_id)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def victim_spans(conn: Connection) -> list[dict[str, Any]]:
    """Victim records with what incident linkage needs, and their person when linked."""
    v, pr = _t(VictimRecord), _t(PersonRecord)
    stmt = (
        select(
            v.c.id,
            v.c.date_earliest,
            v.c.date_latest,
            v.c.pcode,
            v.c.admin1_pcode,
            v.c.cause,
            pr.c.person_id,
        )
        .outerjoin(pr, pr.c.victim_record_id == v.c.id)
        .where(v.c.date_earliest.is_not(None))
        .order_by(v.c.id)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def replace_victim_links(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Replace the automatic victim links; links set by a reviewer stay."""
    t = _t(IncidentVictim)
    conn.execute(delete(t).where(t.c.linked_by == "auto"))
    kept = {int(r) for (r,) in conn.execute(select(t.c.victim_record_id))}
    new = [dict(r) for r in rows if int(r["victim_record_id"]) not in kept]
    if new:
        conn.execute(insert(t), new)


def victim_link_rows(conn: Connection, incident_id: int | None = None) -> list[dict[str, Any]]:
    """Linked victim records: record id, incident, score, person (NULL when not linked)."""
    t, pr, v = _t(IncidentVictim), _t(PersonRecord), _t(VictimRecord)
    stmt = (
        select(
            t.c.victim_record_id,
            t.c.reconciled_id,
            t.c.score,
            t.c.linked_by,
            pr.c.person_id,
            v.c.sex,
            v.c.age_group,
        )
        .join(v, v.c.id == t.c.victim_record_id)
        .outerjoin(pr, pr.c.victim_record_id == t.c.victim_record_id)
        .order_by(t.c.reconciled_id, t.c.victim_record_id)
    )
    if incident_id is not None:
        stmt = stmt.where(t.c.reconciled_id == incident_id)
    return [dict(r._mapping) for r in conn.execute(stmt)]


def count_reports(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(Incident)).scalar_one())
