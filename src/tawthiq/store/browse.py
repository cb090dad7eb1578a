"""Read-only queries behind the web app and API: search, record detail, dashboard counts.

Filtering by sensitivity happens here, in SQL (``max_level``), so that a record a user may not
see is never read into the process at all; which *fields* of a visible record a user may see is
decided by ``tawthiq.model.sensitivity`` before anything is rendered or serialised.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    Select,
    String,
    bindparam,
    func,
    or_,
    select,
    union_all,
)

from tawthiq.model.sensitivity import LEVELS
from tawthiq.store.schema import Incident, Person, PersonRecord, RawRow, Source, VictimRecord

__all__ = [
    "COUNT_CAP",
    "LEVELS",
    "RecordPage",
    "counts_by",
    "incident_counts_by_governorate",
    "incident_detail",
    "list_incidents",
    "person_records",
    "record_detail",
    "search_all",
    "search_records",
]


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
_LIST_NAMES = tuple(c.key for c in _LIST_COLUMNS)


COUNT_CAP = 1_000  # searches count their matches up to this, then say "more than 1,000"

# The name parts a name key may match; each has a (key, date_earliest, id) index (0007).
_KEY_COLUMNS = (
    VictimRecord.given_name_key,
    VictimRecord.father_name_key,
    VictimRecord.family_name_key,
)


@dataclass(frozen=True)
class RecordPage:
    """One page of matches.

    ``total`` is the exact number of matches when ``total_exact``; otherwise there are more
    than ``total`` (searches stop counting at :data:`COUNT_CAP`).
    """

    rows: list[dict[str, Any]]
    total: int
    page: int
    per_page: int
    total_exact: bool = True


@dataclass(frozen=True)
class _Shape:
    """What a search's SQL depends on (its values are bound parameters)."""

    level: str
    keys: int
    source: bool
    admin1: bool
    year: bool
    year_end: bool


@dataclass(frozen=True)
class _Statements:
    page: Select[*tuple[Any, ...]]
    count: Select[Any]
    all: Select[*tuple[Any, ...]]


@lru_cache(maxsize=512)
def _statements(shape: _Shape) -> _Statements:
    """The page, count and export queries of one search shape, built once per process.

    Why branches: "a name key on any of three name parts" is an OR that no index serves in
    date order, so the database would sort every match (300,000 for a common name) for each
    page. Branch *j* matches the driving key (``k0``) on name part *j* and not on an earlier
    part, so the branches never share a record; each reads its part's covering (key, date, id,
    …) index in order and stops early, and the database merges them in order up to ``lim``
    rows. The other keys, the clearance and the filters are all columns of those indexes
    (migration 0007), so the search is answered from the indexes, and the table is read only
    for the rows of the page. Built once: constructing SQL costs more than running it here.
    """
    v = VictimRecord
    where: list[Any] = []
    if shape.level != LEVELS[-1]:  # the highest clearance sees every level: no filter needed
        where.append(_visible(shape.level))
    if shape.source:
        source_id = select(Source.id).where(Source.name == bindparam("source")).scalar_subquery()
        where.append(v.source_id == source_id)
    if shape.admin1:
        where.append(v.admin1_pcode == bindparam("admin1"))
    if shape.year:
        # a range on the indexed column (extract(year ...) would read every record)
        where.append(v.date_earliest >= bindparam("y0", type_=Date))
    if shape.year_end:
        where.append(v.date_earliest < bindparam("y1", type_=Date))
    for i in range(1, shape.keys):
        key = bindparam(f"k{i}", type_=String)
        where.append(or_(*(column == key for column in _KEY_COLUMNS)))
    if shape.keys:
        drive = bindparam("k0", type_=String)
        branches = [
            select(v.id, v.date_earliest).where(
                column == drive,
                *(earlier.is_distinct_from(drive) for earlier in _KEY_COLUMNS[:j]),
                *where,
            )
            for j, column in enumerate(_KEY_COLUMNS)
        ]
    else:
        branches = [select(v.id, v.date_earliest).where(*where)]
    lim = bindparam("lim", type_=Integer)
    cut = [b.order_by(v.date_earliest, v.id).limit(lim).subquery() for b in branches]
    merged = (
        cut[0]
        if len(cut) == 1
        else union_all(*(select(c.c.id, c.c.date_earliest) for c in cut)).subquery()
    )
    first = (
        select(merged.c.id, merged.c.date_earliest)
        .order_by(merged.c.date_earliest, merged.c.id)
        .limit(lim)
        .subquery()
    )
    on_page = (
        select(first.c.id, first.c.date_earliest, func.count().over().label("hits"))
        .order_by(first.c.date_earliest, first.c.id)
        .limit(bindparam("per_page", type_=Integer))
        .offset(bindparam("skip", type_=Integer))
        .subquery()
    )
    return _Statements(
        page=select(*_LIST_COLUMNS, on_page.c.hits)
        .select_from(on_page)
        .join(VictimRecord, VictimRecord.id == on_page.c.id)
        .join(Source, Source.id == VictimRecord.source_id)
        .order_by(on_page.c.date_earliest, on_page.c.id),
        count=select(func.count()).select_from(first),
        all=select(*_LIST_COLUMNS)
        .select_from(first)
        .join(VictimRecord, VictimRecord.id == first.c.id)
        .join(Source, Source.id == VictimRecord.source_id)
        .order_by(first.c.date_earliest, first.c.id),
    )


def _prepare(
    conn: Connection,
    max_level: str,
    name_keys: Sequence[str],
    source: str | None,
    admin1: str | None,
    year: int | None,
) -> tuple[_Statements, dict[str, Any]]:
    keys = list(dict.fromkeys(k for k in name_keys if k))
    if len(keys) > 1:
        frequency = _key_frequencies(conn, keys)
        keys.sort(key=lambda k: frequency[k])
    year_end = bool(year) and year is not None and year < date.max.year
    shape = _Shape(max_level, len(keys), bool(source), bool(admin1), bool(year), year_end)
    params: dict[str, Any] = {f"k{i}": key for i, key in enumerate(keys)}
    if source:
        params["source"] = source
    if admin1:
        params["admin1"] = admin1
    if year:
        params["y0"] = date(year, 1, 1)
        if year_end:
            params["y1"] = date(year + 1, 1, 1)
    return _statements(shape), params


# name key -> (when counted, how common); a heuristic only, so a stale count is harmless
_FREQUENCY: dict[str, tuple[float, int]] = {}
_FREQUENCY_TTL = 600.0
_FREQUENCY_PROBE = 1_000


@lru_cache(maxsize=8)
def _probe_statement(keys: int) -> Select[*tuple[Any, ...]]:
    counts = [
        select(func.count())
        .select_from(
            select(VictimRecord.id)
            .where(column == bindparam(f"k{i}", type_=String))
            .limit(_FREQUENCY_PROBE)
            .subquery()
        )
        .scalar_subquery()
        for i in range(keys)
        for column in _KEY_COLUMNS
    ]
    return select(*counts)


def _key_frequencies(conn: Connection, keys: Sequence[str]) -> dict[str, int]:
    """How common each name key is, counted up to 1,000 per name part (index-only reads).

    The rarest key of a multi-word search drives it: "Muhammad al-Halabi" reads the Halabis in
    date order and checks each for Muhammad, rather than the other way round. Counts are kept
    for ten minutes per process: they only choose the order of work, never the result.
    """
    now = time.monotonic()
    fresh = {
        k: n
        for k, (t, n) in ((k, _FREQUENCY.get(k, (-1e9, 0))) for k in keys)
        if now - t < _FREQUENCY_TTL
    }
    missing = [k for k in keys if k not in fresh]
    if missing:
        row = conn.execute(
            _probe_statement(len(missing)), {f"k{i}": k for i, k in enumerate(missing)}
        ).one()
        per_key = len(_KEY_COLUMNS)
        for i, key in enumerate(missing):
            fresh[key] = int(sum(row[i * per_key : (i + 1) * per_key]))
            if len(_FREQUENCY) > 10_000:
                _FREQUENCY.clear()
            _FREQUENCY[key] = (now, fresh[key])
    return fresh


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
    count_cap: int = COUNT_CAP,
) -> RecordPage:
    """Records the level may see, matching every name key on some name part, and filters.

    Rows come in (date_earliest, id) order. Matches are counted up to ``count_cap`` (then
    ``total_exact`` is false); one query gives both the page and the count. Deeper pages cost
    more, so callers keep ``page * per_page`` near the cap.
    """
    sql, params = _prepare(conn, max_level, name_keys, source, admin1, year)
    params |= {
        "lim": max(count_cap + 1, page * per_page),
        "per_page": per_page,
        "skip": (page - 1) * per_page,
    }
    found = conn.execute(sql.page, params).all()
    # the count rides on every row of the page; past the last page, count on its own
    total = int(found[0].hits if found else conn.execute(sql.count, params).scalar_one())
    rows = [dict(zip(_LIST_NAMES, r, strict=False)) for r in found]
    return RecordPage(rows, min(total, count_cap), page, per_page, total <= count_cap)


def search_all(
    conn: Connection,
    *,
    max_level: str,
    name_keys: Sequence[str] = (),
    source: str | None = None,
    admin1: str | None = None,
    year: int | None = None,
    limit: int,
) -> list[dict[str, Any]]:
    """The first ``limit`` matching records in (date_earliest, id) order (CSV exports)."""
    sql, params = _prepare(conn, max_level, name_keys, source, admin1, year)
    rows = conn.execute(sql.all, params | {"lim": limit})
    return [dict(zip(_LIST_NAMES, r, strict=True)) for r in rows]


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


def incident_counts_by_governorate(conn: Connection) -> dict[str, int]:
    """Incident reports (one per source report, not reconciled) per governorate P-code."""
    rows = conn.execute(
        select(Incident.admin1_pcode, func.count())
        .where(Incident.admin1_pcode.is_not(None))
        .group_by(Incident.admin1_pcode)
    )
    return {str(k): int(n) for k, n in rows}


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
