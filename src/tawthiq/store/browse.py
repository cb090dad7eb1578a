"""Read-only queries behind the web app and API: search, record detail, dashboard counts.

Filtering by sensitivity happens here, in SQL (``max_level``), so that a record a user may not
see is never read into the process at all; which *fields* of a visible record a user may see is
decided by ``tawthiq.web.policy`` before anything is rendered or serialised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from tawthiq.store.schema import Incident, Person, PersonRecord, RawRow, Source, VictimRecord

__all__ = [
    "LEVELS",
    "RecordPage",
    "counts_by",
    "incident_detail",
    "list_incidents",
    "person_records",
    "record_detail",
    "search_records",
]

LEVELS = ("public", "restricted", "confidential")


def _visible(max_level: str) -> Any:
    allowed = LEVELS[: LEVELS.index(max_level) + 1]
    return VictimRecord.sensitivity.in_(allowed)


_LIST_COLUMNS = (
    VictimRecord.id,
    Source.name.label("source"),
    VictimRecord.source_record_id,
    VictimRecord.full_name,
    VictimRecord.given_name,
    VictimRecord.father_name,
    VictimRecord.family_name,
    VictimRecord.sex,
    VictimRecord.age_min,
    VictimRecord.age_max,
    VictimRecord.date_earliest,
    VictimRecord.date_latest,
    VictimRecord.date_precision,
    VictimRecord.place_text,
    VictimRecord.governorate_text,
    VictimRecord.admin1_pcode,
    VictimRecord.pcode,
    VictimRecord.cause,
    VictimRecord.perpetrator,
    VictimRecord.status,
    VictimRecord.sensitivity,
)


@dataclass(frozen=True)
class RecordPage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    per_page: int


def search_records(
    conn: Connection,
    *,
    max_level: str,
    name_keys: Sequence[str] = (),
    source: str | None = None,
    admin1: str | None = None,
    year: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> RecordPage:
    """Records the level may see, matching every name key on some name part, and filters."""
    where = [_visible(max_level)]
    for key in name_keys:
        where.append(
            or_(
                VictimRecord.given_name_key == key,
                VictimRecord.father_name_key == key,
                VictimRecord.family_name_key == key,
            )
        )
    if source:
        where.append(Source.name == source)
    if admin1:
        where.append(VictimRecord.admin1_pcode == admin1)
    if year:
        where.append(func.extract("year", VictimRecord.date_earliest) == year)
    base = (
        select(*_LIST_COLUMNS).join(Source, Source.id == VictimRecord.source_id).where(and_(*where))
    )
    total = int(conn.execute(select(func.count()).select_from(base.subquery())).scalar_one())
    rows = conn.execute(
        base.order_by(VictimRecord.date_earliest, VictimRecord.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return RecordPage([dict(r._mapping) for r in rows], total, page, per_page)


def record_detail(conn: Connection, record_id: int, *, max_level: str) -> dict[str, Any] | None:
    """The record with its source name, raw row and person id, if the level may see it."""
    row = conn.execute(
        select(VictimRecord.__table__, Source.name.label("source"))
        .join(Source, Source.id == VictimRecord.source_id)
        .where(VictimRecord.id == record_id, _visible(max_level))
    ).first()
    if row is None:
        return None
    out = dict(row._mapping)
    raw = conn.execute(
        select(RawRow.data).where(
            RawRow.import_run_id == out["import_run_id"], RawRow.row_number == out["row_number"]
        )
    ).scalar()
    out["raw"] = raw
    person = conn.execute(
        select(PersonRecord.person_id).where(PersonRecord.victim_record_id == record_id)
    ).scalar()
    out["person_id"] = None if person is None else int(person)
    return out


def person_records(
    conn: Connection, person_id: int, *, max_level: str
) -> list[dict[str, Any]] | None:
    """The records of a linked person that the level may see (None: no such person)."""
    if conn.execute(select(Person.id).where(Person.id == person_id)).first() is None:
        return None
    rows = conn.execute(
        select(*_LIST_COLUMNS)
        .join(Source, Source.id == VictimRecord.source_id)
        .join(PersonRecord, PersonRecord.victim_record_id == VictimRecord.id)
        .where(PersonRecord.person_id == person_id, _visible(max_level))
        .order_by(Source.name, VictimRecord.source_record_id)
    )
    return [dict(r._mapping) for r in rows]


def counts_by(conn: Connection, what: str) -> list[tuple[str | None, int]]:
    """Record counts by ``source``, ``governorate`` (admin1 P-code) or ``month`` (YYYY-MM).

    Counts cover every record whatever its sensitivity: they reveal no one.
    """
    if what == "source":
        key: Any = Source.name
        query = (
            select(key, func.count())
            .select_from(VictimRecord)
            .join(Source, Source.id == VictimRecord.source_id)
        )
    elif what == "governorate":
        key = VictimRecord.admin1_pcode
        query = select(key, func.count()).select_from(VictimRecord)
    elif what == "month":
        year = func.extract("year", VictimRecord.date_earliest)
        month = func.extract("month", VictimRecord.date_earliest)
        query = select(year, month, func.count()).where(
            VictimRecord.date_precision.in_(["day", "month"])
        )
        rows = conn.execute(query.select_from(VictimRecord).group_by(year, month))
        out = [(f"{int(y):04d}-{int(m):02d}", int(n)) for y, m, n in rows if y is not None]
        return sorted(out)
    else:
        raise ValueError(f"unknown grouping {what!r}")
    grouped = conn.execute(query.group_by(key).order_by(key))
    return [(None if k is None else str(k), int(n)) for k, n in grouped]


_INCIDENT_COLUMNS = (
    Incident.id,
    Source.name.label("source"),
    Incident.source_incident_id,
    Incident.date_earliest,
    Incident.date_latest,
    Incident.date_precision,
    Incident.place_text,
    Incident.governorate_text,
    Incident.admin1_pcode,
    Incident.pcode,
    Incident.incident_type,
    Incident.incident_type_text,
    Incident.target_type,
    Incident.perpetrator,
    Incident.belligerent_text,
    Incident.killed_min,
    Incident.killed_max,
    Incident.killed_best,
    Incident.civilians_min,
    Incident.civilians_max,
    Incident.grade,
    Incident.grade_text,
)


def list_incidents(
    conn: Connection, *, admin1: str | None = None, page: int = 1, per_page: int = 50
) -> RecordPage:
    """Incident reports as imported (one row per source report), newest first."""
    base = select(*_INCIDENT_COLUMNS).outerjoin(Source, Source.id == Incident.source_id)
    if admin1:
        base = base.where(Incident.admin1_pcode == admin1)
    total = int(conn.execute(select(func.count()).select_from(base.subquery())).scalar_one())
    rows = conn.execute(
        base.order_by(Incident.date_earliest.desc(), Incident.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return RecordPage([dict(r._mapping) for r in rows], total, page, per_page)


def incident_detail(conn: Connection, incident_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(*_INCIDENT_COLUMNS, Incident.description, Incident.source_url, Incident.date_text)
        .outerjoin(Source, Source.id == Incident.source_id)
        .where(Incident.id == incident_id)
    ).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out["named_victims"] = int(
        conn.execute(
            select(func.count())
            .select_from(VictimRecord)
            .where(VictimRecord.incident_id == incident_id)
        ).scalar_one()
    )
    return out
