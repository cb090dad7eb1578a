"""Figures with citations: every number of a report, its query and the rows behind it.

A :class:`Figure` is one number (a count, a range or an estimate). When a report or a claim check
is made, its figures are stored in ``report_figures`` under ids ``<report_id>.<key>`` with

* ``value``: ``{"count": n}``, ``{"min": a, "max": b}`` or ``{"estimate", "lower", "upper",
  "level", "method", "model", "observed"}``;
* ``query``: what was counted, in words and as filters (unit, period, field = value, ...);
* ``refs``: the exact rows — ``records`` (victim record ids counted for sure), ``possible``
  (records of units that may belong to a range), ``raw_rows`` ([run, row]), ``review_pairs``,
  ``incidents`` (source incident reports), ``reconciled_incidents``.

:func:`explain` reads a stored figure back with the public fields of every cited record
(``tawthiq explain FIGURE_ID``); :func:`write_citation_csv` writes them as CSV, the file a
report links each number to. Names are never part of a citation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from tawthiq import csvsafe
from tawthiq.errors import InputError
from tawthiq.model.sensitivity import FIELD_LEVELS, may_see
from tawthiq.store.schema import PersonRecord, ReportFigure, Source, VictimRecord

__all__ = [
    "CITATION_COLUMNS",
    "MAX_FIGURE_ID",
    "Explanation",
    "Figure",
    "FigureBook",
    "explain",
    "fitted_figure_id",
    "format_count",
    "new_report_id",
    "write_citation_csv",
]

#: Columns of a citation CSV, one row per cited record (public-level fields only).
CITATION_COLUMNS: tuple[str, ...] = (
    "figure_id",
    "role",
    "id",
    "source",
    "source_record_id",
    "person_id",
    "date_earliest",
    "date_latest",
    "date_precision",
    "admin1_pcode",
    "place_text",
    "sex",
    "age_min",
    "age_max",
    "cause",
    "perpetrator",
    "status",
    "sensitivity",
)
_RECORD_FIELDS = CITATION_COLUMNS[2:]


def format_count(n: float) -> str:
    return f"{round(n):,}"


@dataclass
class Figure:
    """One number with its query and the rows behind it (see the module docstring)."""

    key: str
    label: str
    kind: str  # "count", "range", "estimate"
    value: dict[str, Any]
    query: dict[str, Any]
    refs: dict[str, list[Any]]
    figure_id: str = ""

    @property
    def low(self) -> float:
        v = self.value
        if self.kind == "count":
            return float(v["count"])
        if self.kind == "range":
            return float(v["min"])
        return float(v["estimate"])

    @property
    def high(self) -> float:
        return float(self.value["max"]) if self.kind == "range" else self.low

    def suppressed(self, threshold: int) -> bool:
        """Whether a public report must hide this number (a non-zero count below threshold)."""
        if threshold <= 0 or self.kind == "estimate":
            return False
        return 0 < self.low < threshold or (self.low == 0 and 0 < self.high < threshold)

    def text(self, threshold: int = 0) -> str:
        """The figure as printed: ``1,234``, ``1,234–1,300``, small cells as ``<5``."""
        if self.kind == "estimate":
            v = self.value
            lo = "?" if v.get("lower") is None else format_count(v["lower"])
            hi = "?" if v.get("upper") is None else format_count(v["upper"])
            return f"{format_count(v['estimate'])} ({lo}–{hi})"
        lo_s = self._cell(self.low, threshold)
        if self.kind == "range" and self.high != self.low:
            return f"{lo_s}–{self._cell(self.high, threshold)}"
        return lo_s

    @staticmethod
    def _cell(n: float, threshold: int) -> str:
        if threshold > 0 and 0 < n < threshold:
            return f"<{threshold}"
        return format_count(n)


def new_report_id(prefix: str, params: Mapping[str, Any]) -> str:
    """A fresh id such as ``R3f9a0c21d4``: the prefix and a hash of the time and parameters."""
    stamp = datetime.now(UTC).isoformat()
    digest = hashlib.sha256(f"{stamp}|{sorted(params.items())!r}".encode()).hexdigest()
    return f"{prefix}{digest[:10]}"


#: ``report_figures.figure_id`` is VARCHAR(100) (migration 0006): PostgreSQL refuses longer ids
MAX_FIGURE_ID = 100


def fitted_figure_id(report_id: str, key: str) -> str:
    """``<report_id>.<key>``, or when that is longer than :data:`MAX_FIGURE_ID` (keys carry
    source names; the overlap of four long-named lists is long), the key's start and ``~h`` with
    a hash of the whole key: still distinct for distinct keys, still a file name."""
    full = f"{report_id}.{key}"
    if len(full) <= MAX_FIGURE_ID:
        return full
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    keep = MAX_FIGURE_ID - len(report_id) - 1 - len(digest) - 2
    return f"{report_id}.{key[:keep]}~h{digest}"


@dataclass
class FigureBook:
    """The figures of one report or claim check, in the order they were made."""

    report_id: str
    figures: dict[str, Figure] = field(default_factory=dict)

    def add(self, figure: Figure) -> Figure:
        """Add a figure; keys are unique by construction (``report.keys``), so a repeated key
        is a bug in the report's code and raises."""
        if figure.key in self.figures:
            raise ValueError(f"figure key {figure.key!r} used twice")
        figure.figure_id = fitted_figure_id(self.report_id, figure.key)
        self.figures[figure.key] = figure
        return figure

    def save(self, conn: Connection) -> int:
        """Store every figure (one ``report_figures`` row each); returns how many."""
        now = datetime.now(UTC)
        rows = [
            {
                "figure_id": f.figure_id,
                "report_id": self.report_id,
                "created_at": now,
                "label": f.label,
                "kind": f.kind,
                "value": _jsonable(f.value),
                "query": _jsonable(f.query),
                "refs": _jsonable(f.refs),
            }
            for f in self.figures.values()
        ]
        if rows:
            conn.execute(insert(ReportFigure), rows)
        return len(rows)


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    return obj


@dataclass(frozen=True)
class Explanation:
    """A stored figure and the public fields of every row it cites."""

    figure_id: str
    report_id: str
    created_at: datetime
    label: str
    kind: str
    value: dict[str, Any]
    query: dict[str, Any]
    records: list[dict[str, Any]]  # with "role": "counted" or "possible"
    raw_rows: list[tuple[int, int]]
    review_pairs: list[int]
    incidents: list[int]
    reconciled_incidents: list[int] = field(default_factory=list)

    @property
    def persons(self) -> int:
        """Distinct units among the counted records (persons, or records when unlinked)."""
        return len(
            {
                r["person_id"] if r["person_id"] is not None else f"r{r['id']}"
                for r in self.records
                if r["role"] == "counted"
            }
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "figure_id": self.figure_id,
            "report_id": self.report_id,
            "created_at": self.created_at.isoformat(),
            "label": self.label,
            "kind": self.kind,
            "value": self.value,
            "query": self.query,
            "counted_units": self.persons,
            "records": [_jsonable(r) for r in self.records],
            "raw_rows": [list(x) for x in self.raw_rows],
            "review_pairs": self.review_pairs,
            "incidents": self.incidents,
            "reconciled_incidents": self.reconciled_incidents,
        }


def record_rows(
    conn: Connection, ids: Sequence[int], possible: Sequence[int] = ()
) -> list[dict[str, Any]]:
    """Public fields of the given victim records, each with its role (counted / possible)."""
    v = VictimRecord.__table__.c
    pr = PersonRecord.__table__.c
    wanted = [(i, "counted") for i in ids] + [(i, "possible") for i in possible]
    role = dict(wanted)
    cols = [c for c in _RECORD_FIELDS if c not in ("source", "person_id")]
    out: dict[int, dict[str, Any]] = {}
    all_ids = [i for i, _ in wanted]
    for start in range(0, len(all_ids), 900):
        chunk = all_ids[start : start + 900]
        stmt = (
            select(*(v[c] for c in cols), Source.name, pr.person_id)
            .join(Source, Source.id == v.source_id)
            .outerjoin(PersonRecord, pr.victim_record_id == v.id)
            .where(v.id.in_(chunk))
        )
        for row in conn.execute(stmt):
            rec = dict(zip(cols, row[: len(cols)], strict=True))
            rec["source"] = row[len(cols)]
            rec["person_id"] = row[len(cols) + 1]
            out[int(rec["id"])] = rec
    rows = []
    for i in all_ids:
        found = out.get(int(i))
        rec = found if found is not None else {}
        if found is None:  # the record was deleted since the report: say so, never drop it
            rec = {c: None for c in _RECORD_FIELDS}
            rec["id"] = int(i)
            rec["source"] = "(record no longer in the store)"
        rows.append({"role": role[i], **{c: rec.get(c) for c in _RECORD_FIELDS}})
    return rows


def explain(engine: Engine, figure_id: str) -> Explanation:
    """The stored figure ``figure_id`` with the rows it cites (raises InputError if unknown)."""
    with engine.connect() as conn:
        tbl = ReportFigure.__table__
        row = conn.execute(select(tbl).where(tbl.c.figure_id == figure_id.strip())).first()
        if row is None:
            raise InputError(f"no figure {figure_id!r} in this workspace", field="figure")
        fig = row._mapping
        refs = fig["refs"] or {}
        records = record_rows(
            conn,
            [int(i) for i in _list(refs.get("records"))],
            [int(i) for i in _list(refs.get("possible"))],
        )
    return Explanation(
        figure_id=fig["figure_id"],
        report_id=fig["report_id"],
        created_at=fig["created_at"],
        label=fig["label"],
        kind=fig["kind"],
        value=dict(fig["value"]),
        query=dict(fig["query"]),
        records=records,
        raw_rows=[(int(a), int(b)) for a, b in _list(refs.get("raw_rows"))],
        review_pairs=[int(i) for i in _list(refs.get("review_pairs"))],
        incidents=[int(i) for i in _list(refs.get("incidents"))],
        reconciled_incidents=[int(i) for i in _list(refs.get("reconciled_incidents"))],
    )


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def write_citation_csv(
    path: Path,
    figure_id: str,
    records: Iterable[Mapping[str, Any]],
    *,
    public: bool = False,
    extra: Iterable[tuple[str, str]] = (),
) -> int:
    """Write the cited records of one figure as CSV; returns the number of rows.

    With ``public``, only fields the ``public`` role may see are written, and of a record whose
    own sensitivity is above public only its id (an opaque number the organisation can resolve
    with ``tawthiq explain``). ``extra`` adds rows for other cited rows (kind, reference).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csvsafe.writer(fh, lineterminator="\n")
        w.writerow(CITATION_COLUMNS)
        for rec in records:
            shown = dict(rec)
            if public and not may_see("public", str(rec.get("sensitivity") or "confidential")):
                shown = {"role": rec.get("role"), "id": rec.get("id")}
            if public:
                shown = {
                    k: v
                    for k, v in shown.items()
                    if k == "role" or may_see("public", FIELD_LEVELS.get(k, "confidential"))
                }
            w.writerow(
                [
                    figure_id,
                    *("" if shown.get(c) is None else shown.get(c) for c in CITATION_COLUMNS[1:]),
                ]
            )
            n += 1
        for kind, ref in extra:
            w.writerow([figure_id, kind, ref, *([""] * (len(CITATION_COLUMNS) - 3))])
            n += 1
    return n
