"""What a report counts: the victim records of the store, grouped into units (persons).

Sources are told apart by what they gave: a *victim list* is a source with victim records, an
*incident source* one with incident reports (a monitor may be both). Only victim lists are
captures for estimation and rows of the lists' overlap; incident sources are listed with their
reports. Incidents are the *reconciled* incidents (``tawthiq incidents reconcile``) read through
``tawthiq.incidents.list_incidents``, so their grade is the computed one or a reviewer's
override, never the blank grade column of a source's report.

A *unit* is a linked person when the workspace has been linked (``tawthiq link``), else a single
record; a record that no link run has placed in a person is a unit of its own. Every figure of a
report counts units and cites the records of the units it counts, so ``tawthiq explain`` can list
exactly those records.

When a person's records disagree, a unit takes

* for coded fields (governorate, cause, perpetrator, sex, status): the value most of its records
  give (ignoring empty ones; ties go to the alphabetically first value, so results are stable);
* for the date and the age: the narrowest interval among its records (the most precise record;
  ties go to the earliest), kept as an interval — a date known only to the year stays a year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, select

from tawthiq.store.schema import (
    Incident,
    PersonRecord,
    RawRow,
    Source,
    VictimRecord,
)

__all__ = [
    "AGE_GROUPS",
    "Counted",
    "Dataset",
    "Unit",
    "count_range",
    "count_units",
    "load_dataset",
    "load_incidents",
]

#: Age groups of the report: name → [lowest, highest) age in years.
AGE_GROUPS: dict[str, tuple[float, float]] = {
    "child": (0.0, 18.0),
    "adult": (18.0, 60.0),
    "elderly": (60.0, 200.0),
}

RECORD_COLUMNS = (
    "id",
    "source",
    "source_record_id",
    "person_id",
    "sex",
    "age_min",
    "age_max",
    "date_earliest",
    "date_latest",
    "date_precision",
    "admin1_pcode",
    "governorate_text",
    "place_text",
    "cause",
    "perpetrator",
    "status",
    "sensitivity",
)


@dataclass
class Unit:
    """One counted death: a linked person or an unlinked record, with its agreed fields."""

    key: str
    records: list[dict[str, Any]]
    sources: frozenset[str]
    admin1: str | None
    cause: str | None
    perpetrator: str | None
    sex: str | None
    status: str | None
    date_earliest: date | None
    date_latest: date | None
    age_min: float | None
    age_max: float | None

    @property
    def record_ids(self) -> list[int]:
        return [int(r["id"]) for r in self.records]

    def within(self, start: date | None, end: date | None) -> bool:
        """Whether the death certainly lies in [start, end] (both optional)."""
        if start is None and end is None:
            return True
        if self.date_earliest is None or self.date_latest is None:
            return False
        return (start is None or self.date_earliest >= start) and (
            end is None or self.date_latest <= end
        )

    def overlaps(self, start: date | None, end: date | None) -> bool:
        """Whether the death may lie in [start, end] (undated deaths may lie anywhere)."""
        if self.date_earliest is None or self.date_latest is None:
            return True
        return (start is None or self.date_latest >= start) and (
            end is None or self.date_earliest <= end
        )


@dataclass
class Dataset:
    """Every record of the store as units, plus what the data-quality section needs.

    ``sources`` are the victim lists (sources with victim records); ``incident_reports`` the
    reports of incident sources (id, source, dates, the reconciled incident the last
    reconciliation put them in or None); ``incidents`` the reconciled incidents as
    ``list_incidents`` gives them (empty until :func:`load_incidents` fills them in).
    """

    linked: bool
    units: list[Unit]
    records: list[dict[str, Any]]
    sources: list[str]
    rejected_rows: list[tuple[int, int]] = field(default_factory=list)
    review_backlog: list[int] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    incident_reports: list[dict[str, Any]] = field(default_factory=list)

    @property
    def incident_sources(self) -> list[str]:
        """Sources that gave incident reports, by name."""
        return sorted({str(r["source"]) for r in self.incident_reports})

    @property
    def unit_name(self) -> str:
        return "persons" if self.linked else "records"


@dataclass(frozen=True)
class Counted:
    """The units a figure counts: those certainly in it and those that may be (ranges)."""

    certain: tuple[Unit, ...]
    possible: tuple[Unit, ...] = ()

    @property
    def low(self) -> int:
        return len(self.certain)

    @property
    def high(self) -> int:
        return len(self.certain) + len(self.possible)

    @property
    def record_ids(self) -> list[int]:
        return sorted(i for u in self.certain for i in u.record_ids)

    @property
    def possible_record_ids(self) -> list[int]:
        return sorted(i for u in self.possible for i in u.record_ids)


def _majority(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v not in (None, ""))
    if not counts:
        return None
    best = max(counts.values())
    return sorted(str(v) for v, n in counts.items() if n == best)[0]


def _narrowest(records: Sequence[dict[str, Any]], lo: str, hi: str) -> tuple[Any, Any]:
    best: tuple[Any, Any] = (None, None)
    best_key: tuple[Any, ...] | None = None
    for r in records:
        a, b = r.get(lo), r.get(hi)
        if a is None and b is None:
            continue
        a = a if a is not None else b
        b = b if b is not None else a
        width = (b - a).days if isinstance(a, date) else float(b) - float(a)  # type: ignore[operator,arg-type]
        key = (width, a)
        if best_key is None or key < best_key:
            best, best_key = (a, b), key
    return best


def _unit(key: str, records: list[dict[str, Any]]) -> Unit:
    d0, d1 = _narrowest(records, "date_earliest", "date_latest")
    a0, a1 = _narrowest(records, "age_min", "age_max")
    return Unit(
        key=key,
        records=records,
        sources=frozenset(str(r["source"]) for r in records),
        admin1=_majority(r["admin1_pcode"] for r in records),
        cause=_majority(r["cause"] for r in records),
        perpetrator=_majority(r["perpetrator"] for r in records),
        sex=_majority(r["sex"] for r in records),
        status=_majority(r["status"] for r in records),
        date_earliest=d0,
        date_latest=d1,
        age_min=None if a0 is None else float(a0),
        age_max=None if a1 is None else float(a1),
    )


def load_dataset(conn: Connection) -> Dataset:
    """Read records, persons, rejected rows, the review backlog and incidents from the store."""
    v = VictimRecord.__table__.c
    pr = PersonRecord.__table__.c
    stmt = (
        select(
            v.id,
            Source.name,
            v.source_record_id,
            pr.person_id,
            v.sex,
            v.age_min,
            v.age_max,
            v.date_earliest,
            v.date_latest,
            v.date_precision,
            v.admin1_pcode,
            v.governorate_text,
            v.place_text,
            v.cause,
            v.perpetrator,
            v.status,
            v.sensitivity,
        )
        .join(Source, Source.id == v.source_id)
        .outerjoin(PersonRecord, pr.victim_record_id == v.id)
        .order_by(v.id)
    )
    records = [dict(zip(RECORD_COLUMNS, row, strict=True)) for row in conn.execute(stmt)]
    linked = any(r["person_id"] is not None for r in records)
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        key = f"p{r['person_id']}" if r["person_id"] is not None else f"r{r['id']}"
        groups.setdefault(key, []).append(r)
    units = [_unit(k, rs) for k, rs in groups.items()]
    sources = sorted({str(r["source"]) for r in records})
    rr = RawRow.__table__.c
    rejected = [
        (int(a), int(b))
        for a, b in conn.execute(
            select(rr.import_run_id, rr.row_number)
            .where(rr.status == "rejected")
            .order_by(rr.import_run_id, rr.row_number)
        )
    ]
    backlog: list[int] = []
    if linked:
        from tawthiq.store.linkage import review_queue

        queue = review_queue(conn)
        backlog = sorted(int(i) for i in queue["pair_id"].tolist())
    from tawthiq.store.incidents import memberships

    member_of = memberships(conn)
    inc = Incident.__table__.c
    reports = [
        {"id": int(i), "source": str(name or "(no source)"), "date_earliest": a, "date_latest": b}
        for i, name, a, b in conn.execute(
            select(inc.id, Source.name, inc.date_earliest, inc.date_latest)
            .outerjoin(Source, Source.id == inc.source_id)
            .order_by(inc.id)
        )
    ]
    for r in reports:
        r["reconciled_id"] = member_of.get(r["id"])
    return Dataset(linked, units, records, sources, rejected, backlog, incident_reports=reports)


def load_incidents(engine: Engine, data: Dataset) -> Dataset:
    """``data`` with the reconciled incidents (effective grades: computed or overridden)."""
    from tawthiq.incidents import list_incidents

    data.incidents = list_incidents(engine)
    return data


def count_units(units: Iterable[Unit], test: Callable[[Unit], bool]) -> Counted:
    """The units for which ``test`` holds (a count known exactly)."""
    return Counted(tuple(u for u in units if test(u)))


def count_range(
    units: Iterable[Unit],
    certain: Callable[[Unit], bool],
    possible: Callable[[Unit], bool],
) -> Counted:
    """Units certainly counted, and those only possibly counted (``possible`` and not certain)."""
    sure: list[Unit] = []
    maybe: list[Unit] = []
    for u in units:
        if certain(u):
            sure.append(u)
        elif possible(u):
            maybe.append(u)
    return Counted(tuple(sure), tuple(maybe))
