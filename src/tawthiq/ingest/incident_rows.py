"""One incident report's cells → the columns tawthiq stores, with every problem named.

Whatever the layout (``ingest.incident_layouts``), a row becomes the same things: the date with
its precision; the place resolved to a P-code by the rules victim records follow
(``_derive.place_columns``: a given P-code, else the place text, else the coordinates, else the
governorate) with the coordinates' precision kept and respected (a point known to 25 km names a
sub-district, not a village); the parties the source named, coded in its order (several named
by one source is that source's contested attribution, never resolved here); the source's own
grade and strike status; and every count, by whom it counts (``incidents.model.COUNT_KINDS``).
A value that cannot be read is warned and kept in the raw row; nothing raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from tawthiq.incidents.model import COUNT_KINDS
from tawthiq.ingest._derive import place_columns
from tawthiq.ingest._problems import Problem
from tawthiq.ingest.incident_layouts import Cells
from tawthiq.model.vocab import Assessment, DatePrecision, Grade, IncidentType, TargetType
from tawthiq.model.vocab import parse as parse_vocab
from tawthiq.normalize import (
    DateStatus,
    PlaceLevel,
    PlaceStatus,
    gazetteer,
    normalize_vocab,
    parse_date,
    resolve_place,
)
from tawthiq.normalize.vocab import parse_codes, parse_parties, parse_party

__all__ = [
    "REPORT_COLUMNS_DERIVED",
    "ReportRow",
    "coded_grade",
    "coded_status",
    "incident_row",
    "target_of",
]

REPORT_COLUMNS_DERIVED: tuple[str, ...] = (
    "date_earliest",
    "date_latest",
    "date_precision",
    "pcode",
    "place_precision",
    "admin1_pcode",
    "incident_type",
    "target_type",
    "perpetrator",
    "parties",
    "killed_min",
    "killed_max",
    "killed_best",
    "civilians_min",
    "civilians_max",
    "grade",
    "source_status",
    "coord_precision_km",
)
"""Columns of ``incidents`` derived from the as-recorded text (re-derived by ``normalize``)."""


@dataclass
class ReportRow:
    """What one row gives: ``incidents`` columns, other counts, extra claims, problems."""

    record: dict[str, Any]
    counts: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    claim: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)


# --- values ---------------------------------------------------------------------------------

_GRADE_ALIASES = {
    "single source": Grade.WEAK,
    "single source claim": Grade.WEAK,
    "fair": Grade.FAIR,
    "confirmed": Grade.CONFIRMED,
    "weak": Grade.WEAK,
    "contested": Grade.CONTESTED,
    "discounted": Grade.DISCOUNTED,
}
_CAUTION = (Grade.DISCOUNTED, Grade.CONTESTED, Grade.WEAK, Grade.FAIR, Grade.CONFIRMED)


def _one_grade(text: str) -> Grade | None:
    key = " ".join(text.casefold().replace("-", " ").split())
    return _GRADE_ALIASES.get(key) or normalize_vocab(Grade, text)


def coded_grade(text: str | None) -> Grade | None:
    """A source's grade; several ("Contested, Discounted") give the most cautious of them."""
    if text is None or not text.strip():
        return None
    whole = _one_grade(text)
    if whole is not None:
        return whole
    parts = [_one_grade(p) for p in re.split(r"[,;/]", text) if p.strip()]
    if not parts or any(p is None for p in parts):
        return None
    return next(g for g in _CAUTION if g in parts)


_STATUS = {
    "declared strike": "declared",
    "declared": "declared",
    "likely strike": "likely",
    "likely": "likely",
    "contested strike": "contested",
    "contested": "contested",
    "single source claim": "single_source",
    "single source": "single_source",
}


def coded_status(text: str | None) -> str | None:
    """A source's strike status (Airwars): declared, likely, contested or single_source."""
    if text is None:
        return None
    return _STATUS.get(" ".join(text.casefold().replace("-", " ").split()))


_TARGETS = (
    ("health", TargetType.HOSPITAL),
    ("hospital", TargetType.HOSPITAL),
    ("clinic", TargetType.HOSPITAL),
    ("ambulance", TargetType.HOSPITAL),
    ("education", TargetType.SCHOOL),
    ("school", TargetType.SCHOOL),
    ("market", TargetType.MARKET),
    ("commerce", TargetType.MARKET),
    ("shop", TargetType.MARKET),
    ("bakery", TargetType.BAKERY),
    ("water", TargetType.WATER),
    ("dam", TargetType.WATER),
    ("camp", TargetType.SHELTER),
    ("shelter", TargetType.SHELTER),
    ("residential", TargetType.RESIDENTIAL),
    ("house", TargetType.RESIDENTIAL),
    ("apartment", TargetType.RESIDENTIAL),
)
"""Words of an infrastructure list → target type, by priority: a list naming health care among
other things is an attack on health care."""


@lru_cache(maxsize=1024)
def target_of(text: str | None) -> TargetType | None:
    """The target type a target or infrastructure cell names (``None``: none recognised)."""
    if text is None or not text.strip():
        return None
    code = parse_vocab(TargetType, text)
    if code is not None:
        return code
    words = text.casefold()
    found = next((t for w, t in _TARGETS if re.search(rf"\b{w}", words)), None)
    return found or TargetType.OTHER


def _incident_type(cells: Cells) -> str | None:
    """A layout's code as is; else the text read by the incident-type vocabulary (the first
    type listed); else the text as a slug, kept for reconciliation to compare."""
    if cells.get("type_code"):
        return cells["type_code"]
    text = cells.get("type")
    if text is None:
        return None
    code = parse_vocab(IncidentType, text)
    if code is not None:
        return code.value
    codes = parse_codes(IncidentType, text)
    if codes:
        return codes[0].value
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")[:40] or None


def _int(text: str | None, what: str, problems: list[Problem]) -> int | None:
    if text is None or not text.strip():
        return None
    t = text.strip().replace(",", "")
    try:
        value = float(t)
    except ValueError:
        problems.append(Problem(what, "not a number; kept in the raw row", "warning"))
        return None
    if value < 0 or not value.is_integer():
        problems.append(Problem(what, "not a whole count; kept in the raw row", "warning"))
        return None
    return int(value)


def _float(text: str | None, what: str, problems: list[Problem]) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        value = float(text.strip())
    except ValueError:
        problems.append(Problem(what, "not a number; kept in the raw row", "warning"))
        return None
    return value if value == value and abs(value) != float("inf") else None


def _range(
    low_text: str | None, high_text: str | None, what: str, problems: list[Problem]
) -> tuple[int | None, int | None]:
    low, high = _int(low_text, f"{what}_min", problems), _int(high_text, f"{what}_max", problems)
    if low is not None and high is not None and low > high:
        problems.append(
            Problem(f"{what}_min", "minimum above maximum; the two were swapped", "warning")
        )
        low, high = high, low
    return low, high


# --- dates ----------------------------------------------------------------------------------


def _dates(cells: Cells, problems: list[Problem]) -> tuple[date | None, date | None, str | None]:
    text, end_text = cells.get("date"), cells.get("date_end")
    if text is None:
        problems.append(Problem("date", "missing: an incident needs a date", "warning"))
        return None, None, None
    start = parse_date(text)
    if start.status is DateStatus.UNKNOWN:  # a placeholder or a probably-Hijri year: kept
        problems.append(Problem("date", f"{start.problem}; kept with an unknown date", "warning"))
        return None, None, None
    if start.status is not DateStatus.OK:
        problems.append(Problem("date", f"invalid date: {start.problem}"))
        return None, None, None
    problems.extend(Problem("date", w, "warning") for w in start.warnings if "Hijri" in w)
    assert start.earliest is not None and start.latest is not None
    lo, hi, precision = start.earliest, start.latest, start.precision
    if end_text is None and (cells.get("date_type") or "").casefold() == "date_range":
        problems.append(
            Problem(
                "date_end", "a date range without an end date: the start date is kept", "warning"
            )
        )
    if end_text is not None:
        end = parse_date(end_text)
        if end.status is not DateStatus.OK or end.latest is None:
            problems.append(Problem("date_end", f"invalid date: {end.problem}"))
            return None, None, None
        if end.latest < lo:
            problems.append(Problem("date_end", "ends before it starts"))
            return None, None, None
        if end.latest != hi:
            hi, precision = end.latest, DatePrecision.RANGE
    hint = (cells.get("date_precision_hint") or "").strip()
    if hint == "2" and precision is DatePrecision.DAY:  # ACLED: "within a week of this date"
        lo, hi, precision = lo - timedelta(days=3), hi + timedelta(days=3), DatePrecision.RANGE
    elif hint == "3" and precision is DatePrecision.DAY:  # ACLED: "within the month"
        first = lo.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        lo, hi, precision = first, nxt - timedelta(days=1), DatePrecision.MONTH
    return lo, hi, precision.value if precision is not None else None


# --- places ---------------------------------------------------------------------------------

_PlaceColumns = tuple[str | None, str | None, str | None]
_LEVELS = (
    (5.0, None),
    (30.0, PlaceLevel.SUBDISTRICT),
    (60.0, PlaceLevel.DISTRICT),
    (300.0, PlaceLevel.GOVERNORATE),
)
"""How fine a place coordinates may name, by their precision (km): within 5 km any place; to
30 km a sub-district; to 60 km a district; to 300 km a governorate; beyond, nothing (a
country's point)."""
COUNTRY_KM = 300.0
_COARSE = frozenset({None, PlaceLevel.GOVERNORATE.value})
_ORDER = {lv.value: i for i, lv in enumerate(PlaceLevel)}


def _rank(level: str | None) -> int:
    return _ORDER.get(level, -1) if level is not None else -1


_SYRIA = {"syria", "syrian arab republic", "syr", "sy", "سوريا", "سورية"}


def _coarsen(place: _PlaceColumns, precision_km: float) -> _PlaceColumns:
    """The place found from coordinates, no finer than their precision allows."""
    pcode, _, admin1 = place
    found = gazetteer().get(pcode) if pcode else None
    level = next((lv for km, lv in _LEVELS if precision_km <= km), PlaceLevel.GOVERNORATE)
    if found is None or level is None:
        return place
    code = {
        PlaceLevel.SUBDISTRICT: found.admin3,
        PlaceLevel.DISTRICT: found.admin2,
        PlaceLevel.GOVERNORATE: found.admin1,
    }[level]
    if code is None or code == pcode:
        return place
    coarse = gazetteer().get(code)
    return (code, coarse.level.value if coarse else level.value, admin1)


def _renamed(problems: tuple[Problem, ...]) -> list[Problem]:
    """Victim-import place problems under the incident fields' names."""
    names = {"place_of_death": "place"}
    return [Problem(names.get(p.field, p.field), p.message, p.severity) for p in problems]


def _place(
    cells: Cells, lat: float | None, lon: float | None, precision_km: float | None
) -> tuple[_PlaceColumns, list[Problem]]:
    problems: list[Problem] = []
    country = cells.get("country") or cells.get("country_iso")
    if country is not None and " ".join(country.casefold().split()) not in _SYRIA:
        problems.append(Problem("country", f"not Syria ({country}); place not resolved", "warning"))
        return (None, None, None), problems
    gov = cells.get("governorate") or cells.get("governorate_ar")
    pcode = cells.get("pcode")
    texts = [t for t in (cells.get("place"), cells.get("place_ar"), cells.get("subdistrict")) if t]
    district = cells.get("district")
    for text in texts:  # an export's own district narrows a common name down (ACLED admin2)
        if district is None:
            break
        res = resolve_place(text, governorate=gov, district=district)
        if res.status is PlaceStatus.RESOLVED and res.place is not None:
            p = res.place
            return (p.pcode, p.level.value, p.admin1), problems
    use_point = lat is not None and lon is not None
    if use_point and precision_km is not None and precision_km > COUNTRY_KM:
        problems.append(
            Problem("latitude", "the coordinates stand for the whole country: not used", "warning")
        )
        use_point = False
    chosen = texts[0] if texts else None
    text_only, text_problems = place_columns(chosen, gov, pcode)
    if text_only[1] in _COARSE:
        for other in texts[1:]:  # the Arabic name where the English one did not resolve
            alt, alt_problems = place_columns(other, gov, pcode)
            if alt[1] not in _COARSE:
                chosen, text_only, text_problems = other, alt, alt_problems
                break
    if not use_point:
        return text_only, [*problems, *_renamed(text_problems)]
    with_point, point_problems = place_columns(chosen, gov, pcode, lat, lon)
    if with_point != text_only and precision_km is not None:
        with_point = _coarsen(with_point, precision_km)
        if _rank(with_point[1]) <= _rank(text_only[1]):
            return text_only, [*problems, *_renamed(text_problems)]
    return with_point, [*problems, *_renamed(point_problems)]


# --- the row --------------------------------------------------------------------------------

_TRUE = {"1", "yes", "y", "true", "sensitive", "withheld", "نعم"}


def _claim(cells: Cells, problems: list[Problem]) -> dict[str, Any] | None:
    """The ``incident_claims`` columns of one report, when it says any of them."""
    keys = ("time", "weapon", "assessment", "facility", "facility_type", "sensitive")
    if all(cells.get(k) is None for k in keys):
        return None
    assessment = parse_vocab(Assessment, cells.get("assessment"))
    if cells.get("assessment") is not None and assessment is None:
        problems.append(
            Problem("assessment", "not alleged/likely/confirmed/denied/contested", "warning")
        )
    time_text = cells.get("time")
    if time_text is not None and len(time_text) > 40:
        problems.append(
            Problem("time", "longer than 40 characters; kept in the raw row", "warning")
        )
        time_text = None
    facility_type = cells.get("facility_type")
    return {
        "time_text": time_text,
        "weapon": cells.get("weapon"),
        "assessment": assessment.value if assessment else None,
        "facility_name": cells.get("facility"),
        "facility_type": " ".join(facility_type.casefold().split())[:40] if facility_type else None,
        "sensitive": (cells.get("sensitive") or "").strip().casefold() in _TRUE,
    }


def _counts(cells: Cells, problems: list[Problem]) -> dict[str, tuple[int | None, int | None]]:
    out: dict[str, tuple[int | None, int | None]] = {}
    for kind in COUNT_KINDS:
        single = cells.get(kind)
        low, high = _range(
            cells.get(f"{kind}_min") or single, cells.get(f"{kind}_max") or single, kind, problems
        )
        if low is not None or high is not None:
            out[kind] = (low, high)
    return out


def incident_row(cells: Cells) -> ReportRow:
    """The stored form of one report (see the module docstring)."""
    problems: list[Problem] = []
    sid = cells.get("id")
    if sid is None:
        problems.append(Problem("id", "missing: an incident needs the source's own id"))
    elif len(sid) > 200:
        problems.append(Problem("id", "longer than 200 characters"))
    lo, hi, precision = _dates(cells, problems)
    lat, lon = (
        _float(cells.get("lat"), "latitude", problems),
        _float(cells.get("lon"), "longitude", problems),
    )
    precision_km = _float(cells.get("precision_km"), "geo_precision", problems)
    if cells.get("geo_precision") is not None and precision_km is None:
        problems.append(Problem("geo_precision", "not a known precision; kept as text", "warning"))
    (pcode, level, admin1), place_problems = _place(cells, lat, lon, precision_km)
    problems.extend(place_problems)
    who = cells.get("perpetrator")
    parties = [p.value for p in parse_parties(who)]
    party = parse_party(who)
    if who is not None and party is None:
        problems.append(Problem("belligerent", "not a known party; kept as text", "warning"))
    target = target_of(cells.get("target"))
    if cells.get("target") is not None and target is TargetType.OTHER:
        problems.append(Problem("target", "not a known target type; kept as text", "warning"))
    grade = coded_grade(cells.get("grade"))
    if cells.get("grade") is not None and grade is None:
        problems.append(Problem("grade", "not a known grade; kept as text", "warning"))
    status = coded_status(cells.get("status"))
    if cells.get("status") is not None and status is None:
        problems.append(Problem("status", "not a known strike status; kept as text", "warning"))
    killed = _range(cells.get("killed_min"), cells.get("killed_max"), "killed", problems)
    civilians = _range(
        cells.get("civilians_min"), cells.get("civilians_max"), "civilians", problems
    )
    date_text = cells.get("date")
    if cells.get("date_end") is not None:
        date_text = f"{date_text}/{cells.get('date_end')}"
    record: dict[str, Any] = {
        "source_incident_id": sid,
        "date_text": date_text,
        "date_earliest": lo,
        "date_latest": hi,
        "date_precision": precision,
        "place_text": cells.get("place") or cells.get("place_ar"),
        "governorate_text": cells.get("governorate") or cells.get("governorate_ar"),
        "pcode": pcode,
        "place_precision": level,
        "admin1_pcode": admin1,
        "latitude": lat,
        "longitude": lon,
        "coord_precision_km": precision_km,
        "geo_precision_text": cells.get("geo_precision"),
        "incident_type_text": cells.get("type"),
        "incident_type": _incident_type(cells),
        "target_type": target.value if target else None,
        "belligerent_text": cells.get("belligerent") or who,
        "perpetrator": party.value if party else None,
        "parties": "|".join(parties)[:400] if len(parties) > 1 else None,
        "killed_min": killed[0],
        "killed_max": killed[1],
        "killed_best": _int(cells.get("killed_best"), "killed_best", problems),
        "civilians_min": civilians[0],
        "civilians_max": civilians[1],
        "grade_text": cells.get("grade"),
        "grade": grade.value if grade else None,
        "source_status_text": cells.get("status"),
        "source_status": status,
        "description": cells.get("description"),
        "source_url": cells.get("url"),
    }
    return ReportRow(record, _counts(cells, problems), _claim(cells, problems), problems)
