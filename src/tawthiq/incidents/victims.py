"""Victims ↔ incidents: which named victim records died in which reconciled incident.

A victim record is a candidate for an incident when its date interval is within
``date_window`` days of the incident's, its place and the incident's lie one inside the other
on the gazetteer hierarchy (a record placed only in a governorate fits every incident of that
governorate), and its cause fits the incident type (``CAUSE_FITS``; a missing cause fits any).
Each candidate gets a score (date 1 same day / 0.5 otherwise; place 1 same P-code / 0.6
nested; cause 1 fits / 0.5 unknown); a record is linked to its best candidate only when no
other candidate scores as high, so an ambiguous record stays unlinked rather than guessed.

A linked victim's attribution follows the incident, with the incident's uncertainty: the
attribution (possibly contested), the assessment and the grade, never more certain than they.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tawthiq.normalize import gazetteer

__all__ = ["CAUSE_FITS", "IncidentSpan", "VictimLink", "VictimSpan", "link_victims"]

_AIR = frozenset({"airstrike", "barrel_bomb", "missile"})
_GROUND = frozenset({"ground_attack", "massacre"})
CAUSE_FITS: dict[str, frozenset[str]] = {
    "airstrike": _AIR,
    "barrel_bomb": _AIR,
    "shelling": frozenset({"shelling", "missile"}),
    "shooting": _GROUND,
    "execution": _GROUND,
    "explosion": _GROUND | frozenset({"missile", "other"}),
    "chemical": frozenset({"chemical"}),
    "siege": frozenset({"siege"}),
    "torture": frozenset({"detention_death"}),
    "detention": frozenset({"detention_death"}),
}
"""Victim-record cause → incident types it fits (causes not listed fit any type)."""


@dataclass(frozen=True)
class IncidentSpan:
    id: int
    date_earliest: date
    date_latest: date
    pcode: str | None
    admin1_pcode: str | None
    incident_type: str | None


@dataclass(frozen=True)
class VictimSpan:
    record_id: int
    date_earliest: date | None
    date_latest: date | None
    pcode: str | None
    admin1_pcode: str | None
    cause: str | None


@dataclass(frozen=True)
class VictimLink:
    record_id: int
    incident_id: int
    score: float


def _nested(a: str | None, b: str | None) -> float:
    if a is None or b is None:
        return 0.0
    if a == b:
        return 1.0
    g = gazetteer()
    pa, pb = g.get(a), g.get(b)
    if pa is not None and pb is not None and (pa.within(b) or pb.within(a)):
        return 0.6
    return 0.0


def _score(v: VictimSpan, inc: IncidentSpan, window: int) -> float | None:
    if v.date_earliest is None:
        return None
    v_hi = v.date_latest or v.date_earliest
    if v.date_earliest > inc.date_latest + timedelta(days=window):
        return None
    if v_hi < inc.date_earliest - timedelta(days=window):
        return None
    day = v.date_earliest == v_hi == inc.date_earliest == inc.date_latest
    place = _nested(v.pcode or v.admin1_pcode, inc.pcode or inc.admin1_pcode)
    if place == 0.0:
        return None
    cause = 0.5
    if v.cause and v.cause in CAUSE_FITS and inc.incident_type:
        if inc.incident_type not in CAUSE_FITS[v.cause]:
            return None
        cause = 1.0
    return (1.0 if day else 0.5) + place + cause


def _by_day(incidents: Sequence[IncidentSpan]) -> dict[tuple[str | None, int], list[IncidentSpan]]:
    """Incidents by (governorate, day) for every day they span: a record's candidates are read
    from the days around its own instead of scanning its whole governorate (at 25,000
    incidents, thousands per record)."""
    index: dict[tuple[str | None, int], list[IncidentSpan]] = defaultdict(list)
    for inc in incidents:
        for day in range(inc.date_earliest.toordinal(), inc.date_latest.toordinal() + 1):
            index[(inc.admin1_pcode, day)].append(inc)
    return index


def _nearby(
    index: dict[tuple[str | None, int], list[IncidentSpan]], v: VictimSpan, window: int
) -> list[IncidentSpan]:
    """The incidents of a record's governorate spanning a day within ``window`` of its dates."""
    if v.date_earliest is None or not v.admin1_pcode:
        return []
    hi = (v.date_latest or v.date_earliest).toordinal()
    seen: dict[int, IncidentSpan] = {}
    for day in range(v.date_earliest.toordinal() - window, hi + window + 1):
        for inc in index.get((v.admin1_pcode, day), ()):
            seen[inc.id] = inc
    return list(seen.values())


def link_victims(
    victims: Iterable[VictimSpan], incidents: Sequence[IncidentSpan], date_window: int = 1
) -> tuple[list[VictimLink], int]:
    """Links of victim records to incidents, and how many records were left ambiguous."""
    index = _by_day(incidents)
    links: list[VictimLink] = []
    ambiguous = 0
    for v in victims:
        pool = _nearby(index, v, date_window)
        scored = [(s, inc.id) for inc in pool if (s := _score(v, inc, date_window)) is not None]
        if not scored:
            continue
        scored.sort(key=lambda t: (-t[0], t[1]))
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            ambiguous += 1
            continue
        links.append(VictimLink(v.record_id, scored[0][1], round(scored[0][0] / 3.0, 4)))
    return links, ambiguous
