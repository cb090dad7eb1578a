"""What did not map: the as-recorded values that import could not code, with their counts.

A real list speaks its own vocabulary ("Warplane shelling", "Adult - Male", "Izaz"). Whatever
tawthiq's vocabularies, gazetteer and the list's mapping file did not turn into a code is kept
as text, and this module lists it — most frequent first, per source and field — as the user's
to-do list for a mapping file's ``[values.FIELD]`` tables (``tawthiq vocab unmapped``). Place
resolution is summarised by precision the same way (``tawthiq status --places``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from tawthiq.errors import InputError
from tawthiq.store.schema import Source, VictimRecord

__all__ = [
    "UNMAPPED_FIELDS",
    "PlacePrecision",
    "UnmappedValue",
    "place_precisions",
    "unmapped_values",
]


@dataclass(frozen=True)
class UnmappedValue:
    """One as-recorded value that got no code: where, which field, how often, and what became
    of it (``not coded``, or for places ``not resolved`` / ``governorate only``)."""

    source: str
    field: str
    value: str
    count: int
    outcome: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_T = VictimRecord.__table__.c

# field → (as-recorded column, condition for "did not map", outcome)
_RULES: dict[str, tuple[str, ColumnElement[bool], str]] = {
    "sex": ("sex_text", _T.sex.is_(None), "not coded"),
    "age": (
        "age_text",
        and_(_T.age_min.is_(None), _T.age_max.is_(None), _T.age_group.is_(None)),
        "not read",
    ),
    "status": ("status_text", _T.status.is_(None), "not coded"),
    "cause": ("cause_text", _T.cause.is_(None), "not coded"),
    "perpetrator": ("perpetrator_text", _T.perpetrator.is_(None), "not coded"),
    "weapon": ("weapon_text", _T.weapon.is_(None), "not coded"),
    "governorate": ("governorate_text", _T.admin1_pcode.is_(None), "not resolved"),
    "place": (
        "place_text",
        or_(_T.pcode.is_(None), _T.place_precision == "governorate"),
        "not resolved below the governorate",
    ),
}
UNMAPPED_FIELDS: tuple[str, ...] = tuple(_RULES)


def unmapped_values(
    engine: Engine, *, source: str | None = None, field: str | None = None
) -> list[UnmappedValue]:
    """Every as-recorded value without a code, with its count, most frequent first."""
    if field is not None and field not in _RULES:
        raise InputError(f"--field {field!r}: use one of {', '.join(UNMAPPED_FIELDS)}")
    out: list[UnmappedValue] = []
    with engine.connect() as conn:
        if source is not None:
            found = conn.execute(select(Source.id).where(Source.name == source)).first()
            if found is None:
                raise InputError(f"no source {source!r} (see tawthiq status)")
        for name, (column, unmapped, outcome) in _RULES.items():
            if field is not None and name != field:
                continue
            text = _T[column]
            stmt = (
                select(Source.name, text, func.count())
                .join(Source, Source.id == _T.source_id)
                .where(text.is_not(None), unmapped)
                .group_by(Source.name, text)
            )
            if source is not None:
                stmt = stmt.where(Source.name == source)
            for src, value, count in conn.execute(stmt):
                if value is None or not str(value).strip():
                    continue
                outcome_here = _place_outcome(conn, src, value) if name == "place" else outcome
                out.append(UnmappedValue(src, name, str(value), int(count), outcome_here))
    out.sort(key=lambda u: (-u.count, u.source, u.field, u.value))
    return out


def _place_outcome(conn: Any, source: str, value: str) -> str:
    """``not resolved`` when no record with this text got a P-code, else ``governorate only``."""
    resolved = conn.execute(
        select(func.count())
        .select_from(VictimRecord)
        .join(Source, Source.id == _T.source_id)
        .where(Source.name == source, _T.place_text == value, _T.pcode.is_not(None))
    ).scalar_one()
    return "governorate only" if resolved else "not resolved"


@dataclass(frozen=True)
class PlacePrecision:
    """How many records of a source resolved their place at one precision."""

    source: str
    precision: str
    records: int
    with_place_text: int


_PRECISION_ORDER = {
    "neighbourhood": 0,
    "community": 1,
    "subdistrict": 2,
    "district": 3,
    "governorate": 4,
    "none": 5,
}


def place_precisions(engine: Engine, *, source: str | None = None) -> list[PlacePrecision]:
    """Records per source and place precision (``none``: no P-code at all); ``with_place_text``
    counts those that gave a place text, the ones a better alias or a value map could raise."""
    precision = func.coalesce(_T.place_precision, "none")
    has_text = func.count(_T.place_text)
    stmt = (
        select(Source.name, precision, func.count(), has_text)
        .join(Source, Source.id == _T.source_id)
        .group_by(Source.name, precision)
    )
    if source is not None:
        stmt = stmt.where(Source.name == source)
    with engine.connect() as conn:
        rows = [
            PlacePrecision(str(s), str(p), int(n), int(t or 0)) for s, p, n, t in conn.execute(stmt)
        ]
    rows.sort(key=lambda r: (r.source, _PRECISION_ORDER.get(r.precision, 9)))
    return rows
