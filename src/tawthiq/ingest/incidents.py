"""Incident exports (ACLED, UCDP GED, Airwars-style, HXL counts) into Incident rows.

Each format is a function from one row (column name → text) to the as-recorded fields of an
incident; the rest is shared: the date with its precision, the place resolved to a P-code (the
P-code or coordinates of the export kept beside it), the belligerent coded as a perpetrator
party ("Russian Military, Syrian Regime" is the contested pair), the grade, and the counts.
Every input row is kept as a raw row, like a victim list; an incident is unique by its source
and the source's own incident id, and a changed row updates it.

    ACLED      event_id_cnty, event_date (+ time_precision), sub_event_type, actor1, admin1-3,
               location, latitude/longitude, fatalities (all deaths), notes
    UCDP GED   id, type_of_violence, side_a/side_b, date_start/date_end, adm_1/adm_2,
               where_coordinates, latitude/longitude, best/low/high, deaths_civilians
    Airwars    code, date, location (+ governorate), belligerent, civilians killed min/max,
               grading, url — column names matched loosely ("Civilians reported killed (min)")
    HXL        #meta+id/#event+id, #date, #loc+name, #adm1+name, #adm?+code, #geo+lat/lon,
               #affected+killed (+civilians), #actor, #event+type, #description
    report     tawthiq's plain incident-report CSV, one row per source report of an event
               (``REPORT_COLUMNS``): report_id, date, time, place, governorate, pcode,
               latitude, longitude, type, target, weapon, belligerent, assessment, killed_min,
               killed_max, killed_best (civilians), injured_min, injured_max, children, women,
               men, facility, facility_type, sensitive, url, description. The claims the
               ``incidents`` table has no column for (time, weapon, assessment, injured,
               children/women/men, facility, sensitive) land in ``incident_claims``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from tawthiq.ingest._csvfile import FileDigest
from tawthiq.ingest._problems import Problem
from tawthiq.ingest._readers import Table
from tawthiq.ingest.mapping import column_key, hxl_index
from tawthiq.ingest.run import (
    ImportSummary,
    RowProblem,
    current_user,
    finish_import_run,
    same_import,
)
from tawthiq.model.vocab import Assessment, DatePrecision, Grade, IncidentType, Party, TargetType
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
from tawthiq.store import records as db
from tawthiq.store.schema import ImportRun, Incident, IncidentClaim, RawRow

__all__ = [
    "DERIVED_COLUMNS",
    "INCIDENT_FORMATS",
    "REPORT_COLUMNS",
    "detect_incident_format",
    "hxl_incident_columns",
    "import_incident_table",
    "import_report_file",
    "incident_row",
    "is_report_header",
    "party_of",
    "rederive_incidents",
]

INCIDENT_FORMATS = ("acled", "ucdp", "airwars", "hxl", "report")


# --- coding helpers -----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def party_of(text: str | None) -> Party | None:
    """The perpetrator party named by a belligerent/actor text, or ``None``.

    Both Russia and the Syrian government named ("Russian Military, Syrian Regime",
    "Russia or Syrian regime") is the contested pair, not either one; other parties named
    together are ``multiple``. The rules are ``normalize.vocab.parse_party``'s, shared with
    victims' perpetrators so the same words code the same party.
    """
    from tawthiq.normalize.vocab import parse_party

    return parse_party(text)


_GRADE_ALIASES = {
    "single source": Grade.WEAK,
    "single source claim": Grade.WEAK,
    "fair": Grade.FAIR,
    "confirmed": Grade.CONFIRMED,
    "weak": Grade.WEAK,
    "contested": Grade.CONTESTED,
    "discounted": Grade.DISCOUNTED,
}


def _grade(text: str | None) -> Grade | None:
    if text is None or not text.strip():
        return None
    key = " ".join(text.casefold().replace("-", " ").split())
    return _GRADE_ALIASES.get(key) or normalize_vocab(Grade, text)


_ACLED_TYPES = {
    "air/drone strike": "airstrike",
    "shelling/artillery/missile attack": "shelling",
    "chemical weapon": "chemical",
    "remote explosive/landmine/ied": "explosion",
    "suicide bomb": "explosion",
    "grenade": "explosion",
    "attack": "ground_attack",
    "armed clash": "armed_clash",
    "abduction/forced disappearance": "abduction",
    "sexual violence": "sexual_violence",
    "looting/property destruction": "property_destruction",
    "mob violence": "mob_violence",
}
_UCDP_TYPES = {"1": "state_based", "2": "non_state", "3": "one_sided"}


def _slug(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    known = _ACLED_TYPES.get(" ".join(text.casefold().split()))
    if known is not None:
        return known
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


def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        return None


# --- formats ------------------------------------------------------------------------------

Row = dict[str, str]


@dataclass
class _Input:
    """The as-recorded fields of one incident, plus what a format knows about its date."""

    source_incident_id: str | None = None
    date_text: str | None = None
    date_end_text: str | None = None
    date_precision_hint: str | None = None
    place_text: str | None = None
    governorate_text: str | None = None
    district_text: str | None = None
    pcode_text: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    incident_type_text: str | None = None
    incident_type: str | None = None
    belligerent_text: str | None = None
    perpetrator_text: str | None = None
    killed_min: str | None = None
    killed_max: str | None = None
    killed_best: str | None = None
    civilians_min: str | None = None
    civilians_max: str | None = None
    grade_text: str | None = None
    description: str | None = None
    source_url: str | None = None
    target_text: str | None = None
    claim: dict[str, str | None] | None = None
    """Incident-report format only: the claims for ``incident_claims`` (as recorded)."""


def _get(row: Row, *names: str) -> str | None:
    for name in names:
        value = row.get(name)
        if value is not None and value.strip():
            return value.strip()
    return None


def _acled(row: Row) -> _Input:
    kind = _get(row, "sub_event_type") or _get(row, "event_type")
    fatalities = _get(row, "fatalities")
    return _Input(
        source_incident_id=_get(row, "event_id_cnty", "data_id", "event_id_no_cnty"),
        date_text=_get(row, "event_date"),
        date_precision_hint=_get(row, "time_precision"),
        place_text=_get(row, "location"),
        governorate_text=_get(row, "admin1"),
        district_text=_get(row, "admin2"),
        latitude=_float(_get(row, "latitude")),
        longitude=_float(_get(row, "longitude")),
        incident_type_text=kind,
        incident_type=_slug(kind),
        belligerent_text=_get(row, "actor1"),
        perpetrator_text=_get(row, "actor1"),
        killed_min=fatalities,
        killed_max=fatalities,
        killed_best=fatalities,
        description=_get(row, "notes"),
        source_url=None,
    )


def _ucdp(row: Row) -> _Input:
    violence = _get(row, "type_of_violence")
    side_a, side_b = _get(row, "side_a"), _get(row, "side_b")
    belligerents = "; ".join(s for s in (side_a, side_b) if s) or None
    place = _get(row, "where_coordinates", "where_description")
    return _Input(
        source_incident_id=_get(row, "id"),
        date_text=_get(row, "date_start"),
        date_end_text=_get(row, "date_end"),
        place_text=place,
        governorate_text=_get(row, "adm_1"),
        district_text=_get(row, "adm_2"),
        latitude=_float(_get(row, "latitude")),
        longitude=_float(_get(row, "longitude")),
        incident_type_text=violence,
        incident_type=_UCDP_TYPES.get(violence or ""),
        belligerent_text=belligerents,
        # one-sided violence (type 3) has a perpetrator: side A; in fighting, neither side is
        # the attributed perpetrator of the deaths
        perpetrator_text=side_a if violence == "3" else None,
        killed_min=_get(row, "low"),
        killed_max=_get(row, "high"),
        killed_best=_get(row, "best"),
        civilians_min=_get(row, "deaths_civilians"),
        civilians_max=_get(row, "deaths_civilians"),
        description=_get(row, "source_headline", "source_article"),
    )


def _loose(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", column_key(name))


_AIRWARS_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("code", "incidentcode", "uniquereferencecode", "id", "incidentid", "reference"),
    "date": ("date", "incidentdate", "dateofincident"),
    "place": ("location", "place", "locationname", "village", "town"),
    "governorate": ("governorate", "province", "region", "admin1"),
    "pcode": ("pcode", "locationpcode", "admin3pcode"),
    "belligerent": ("belligerent", "belligerents", "suspectedbelligerent", "strikingparty"),
    "civ_min": (
        "civilianskilledmin",
        "civiliansreportedkilledmin",
        "civiliandeathsmin",
        "minciviliankilled",
        "mincivilianskilled",
    ),
    "civ_max": (
        "civilianskilledmax",
        "civiliansreportedkilledmax",
        "civiliandeathsmax",
        "maxciviliankilled",
        "maxcivilianskilled",
    ),
    "grade": ("grading", "grade", "civilianharmgrading", "airwarsgrading"),
    "url": ("url", "link", "airwarsurl", "permalink"),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lon", "lng"),
    "type": ("type", "striketype", "incidenttype", "munition"),
    "description": ("summary", "description", "notes"),
}


def _airwars(row: Row) -> _Input:
    loose = {_loose(k): v for k, v in row.items()}

    def pick(what: str) -> str | None:
        return _get(loose, *_AIRWARS_COLUMNS[what])

    kind = pick("type")
    return _Input(
        source_incident_id=pick("id"),
        date_text=pick("date"),
        place_text=pick("place"),
        governorate_text=pick("governorate"),
        pcode_text=pick("pcode"),
        latitude=_float(pick("lat")),
        longitude=_float(pick("lon")),
        incident_type_text=kind,
        incident_type=_slug(kind),
        belligerent_text=pick("belligerent"),
        perpetrator_text=pick("belligerent"),
        civilians_min=pick("civ_min"),
        civilians_max=pick("civ_max"),
        grade_text=pick("grade"),
        description=pick("description"),
        source_url=pick("url"),
    )


REPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("report_id", "id", "reference"),
    "date": ("date", "incident_date"),
    "date_end": ("date_end",),
    "time": ("time", "time_of_day"),
    "place": ("place", "location"),
    "governorate": ("governorate", "province", "admin1"),
    "pcode": ("pcode",),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lon"),
    "type": ("type", "incident_type"),
    "target": ("target", "target_type"),
    "weapon": ("weapon", "weapon_alleged"),
    "belligerent": ("belligerent", "perpetrator", "belligerent_claimed"),
    "assessment": ("assessment",),
    "killed_min": ("killed_min", "civilians_killed_min"),
    "killed_max": ("killed_max", "civilians_killed_max"),
    "killed_best": ("killed_best", "killed", "civilians_killed"),
    "injured_min": ("injured_min",),
    "injured_max": ("injured_max", "injured"),
    "children": ("children", "children_killed"),
    "women": ("women", "women_killed"),
    "men": ("men", "men_killed"),
    "facility": ("facility", "facility_name"),
    "facility_type": ("facility_type",),
    "sensitive": ("sensitive",),
    "url": ("url", "source_url"),
    "description": ("description", "summary", "notes"),
}
"""Incident-report CSV: field → accepted column names (lower-cased, spaces as underscores).
Counts are of civilians killed, as the reporting source gives them."""


def is_report_header(columns: list[str]) -> bool:
    """Whether a header is tawthiq's incident-report CSV (a report id, a date and a count)."""
    keys = {column_key(c) for c in columns}
    counts = set(REPORT_COLUMNS["killed_min"] + REPORT_COLUMNS["killed_best"])
    return "report_id" in keys and "date" in keys and bool(keys & counts)


def _report(row: Row) -> _Input:
    def pick(what: str) -> str | None:
        return _get(row, *REPORT_COLUMNS[what])

    kind = pick("type")
    code = parse_vocab(IncidentType, kind)
    low, high, best = pick("killed_min"), pick("killed_max"), pick("killed_best")
    return _Input(
        source_incident_id=pick("id"),
        date_text=pick("date"),
        date_end_text=pick("date_end"),
        place_text=pick("place"),
        governorate_text=pick("governorate"),
        pcode_text=pick("pcode"),
        latitude=_float(pick("lat")),
        longitude=_float(pick("lon")),
        incident_type_text=kind,
        incident_type=code.value if code is not None else _slug(kind),
        belligerent_text=pick("belligerent"),
        perpetrator_text=pick("belligerent"),
        killed_min=low or best,
        killed_max=high or best,
        killed_best=best,
        civilians_min=low or best,
        civilians_max=high or best,
        description=pick("description"),
        source_url=pick("url"),
        target_text=pick("target"),
        claim={
            k: pick(k)
            for k in (
                "time",
                "weapon",
                "assessment",
                "injured_min",
                "injured_max",
                "children",
                "women",
                "men",
                "facility",
                "facility_type",
                "sensitive",
            )
        },
    )


_TRUE = {"1", "yes", "y", "true", "sensitive", "withheld", "نعم"}


def _claim_row(claim: dict[str, str | None], problems: list[Problem]) -> dict[str, Any]:
    """The ``incident_claims`` columns of one report (counts checked, vocabularies coded)."""
    assessment = parse_vocab(Assessment, claim.get("assessment"))
    if claim.get("assessment") is not None and assessment is None:
        problems.append(
            Problem("assessment", "not alleged/likely/confirmed/denied/contested", "warning")
        )
    facility_type = claim.get("facility_type")
    out: dict[str, Any] = {
        "time_text": claim.get("time"),
        "weapon": claim.get("weapon"),
        "assessment": assessment.value if assessment else None,
        "facility_name": claim.get("facility"),
        "facility_type": " ".join(facility_type.casefold().split())[:40] if facility_type else None,
        "sensitive": (claim.get("sensitive") or "").strip().casefold() in _TRUE,
    }
    for column, key in (
        ("injured_min", "injured_min"),
        ("injured_max", "injured_max"),
        ("children_killed", "children"),
        ("women_killed", "women"),
        ("men_killed", "men"),
    ):
        out[column] = _int(claim.get(key), key, problems)
    if out["injured_min"] is None and out["injured_max"] is not None:
        out["injured_min"] = out["injured_max"]
    if out["time_text"] is not None and len(out["time_text"]) > 40:
        problems.append(
            Problem("time", "longer than 40 characters; kept in the raw row", "warning")
        )
        out["time_text"] = None
    return out


HXL_INCIDENT_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id", ("#event+id", "#meta+id", "#incident+id", "#activity+id")),
    ("date", ("#date+occurred", "#date+start", "#date")),
    ("date_end", ("#date+end",)),
    ("pcode", ("#loc+code", "#adm4+code", "#adm3+code", "#adm2+code", "#adm1+code")),
    ("place", ("#loc+name", "#adm4+name", "#adm3+name", "#adm2+name", "#loc")),
    ("governorate", ("#adm1+name", "#adm1")),
    ("lat", ("#geo+lat",)),
    ("lon", ("#geo+lon",)),
    ("civilians", ("#affected+killed+civilians", "#affected+killed+civ")),
    ("killed_min", ("#affected+killed+min",)),
    ("killed_max", ("#affected+killed+max",)),
    ("killed", ("#affected+killed",)),
    ("belligerent", ("#org+perpetrator", "#actor+perpetrator", "#actor", "#org+actor")),
    ("type", ("#event+type", "#impact+type", "#event")),
    ("grade", ("#status+grade", "#meta+grade")),
    ("description", ("#description", "#narrative", "#meta+notes")),
    ("url", ("#meta+url", "#meta+source+url")),
)


def _hxl(index: dict[str, str]) -> Callable[[Row], _Input]:
    def convert(row: Row) -> _Input:
        def pick(what: str) -> str | None:
            column = index.get(what)
            return _get(row, column) if column is not None else None

        killed = pick("killed")
        kind = pick("type")
        return _Input(
            source_incident_id=pick("id"),
            date_text=pick("date"),
            date_end_text=pick("date_end"),
            place_text=pick("place"),
            governorate_text=pick("governorate"),
            pcode_text=pick("pcode"),
            latitude=_float(pick("lat")),
            longitude=_float(pick("lon")),
            incident_type_text=kind,
            incident_type=_slug(kind),
            belligerent_text=pick("belligerent"),
            perpetrator_text=pick("belligerent"),
            killed_min=pick("killed_min") or killed,
            killed_max=pick("killed_max") or killed,
            killed_best=killed,
            civilians_min=pick("civilians"),
            civilians_max=pick("civilians"),
            grade_text=pick("grade"),
            description=pick("description"),
            source_url=pick("url"),
        )

    return convert


def detect_incident_format(columns: list[str], hashtags: list[str] | None = None) -> str | None:
    """``report`` (tawthiq's incident-report CSV), ``acled``, ``ucdp``, ``airwars`` or ``hxl``
    when the header looks like one, else None."""
    if is_report_header(columns):
        return "report"
    keys = {column_key(c) for c in columns}
    if {"event_id_cnty", "event_date", "fatalities"} <= keys:
        return "acled"
    if {"type_of_violence", "date_start"} <= keys and ({"best", "deaths_civilians"} & keys):
        return "ucdp"
    loose = {_loose(c) for c in columns}
    aw = _AIRWARS_COLUMNS
    if (
        loose & set(aw["grade"])
        and loose & set(aw["belligerent"])
        and loose & set(aw["civ_min"] + aw["civ_max"])
    ):
        return "airwars"
    if hashtags is not None:
        index = hxl_index(hashtags, HXL_INCIDENT_FIELDS)
        has_name = any(
            t.replace(" ", "").startswith(("#affected+name", "#person+name", "#name"))
            for t in hashtags
        )
        if "killed" in index and not has_name:
            return "hxl"
    return None


# --- one row --------------------------------------------------------------------------------

INCIDENT_COLUMNS: tuple[str, ...] = (
    "source_incident_id",
    "date_text",
    "date_earliest",
    "date_latest",
    "date_precision",
    "place_text",
    "governorate_text",
    "pcode",
    "place_precision",
    "admin1_pcode",
    "latitude",
    "longitude",
    "incident_type_text",
    "incident_type",
    "belligerent_text",
    "perpetrator",
    "killed_min",
    "killed_max",
    "killed_best",
    "civilians_min",
    "civilians_max",
    "grade_text",
    "grade",
    "description",
    "source_url",
)


def _dates(inp: _Input, problems: list[Problem]) -> tuple[date | None, date | None, str | None]:
    if inp.date_text is None:
        problems.append(Problem("date", "missing: an incident needs a date", "warning"))
        return None, None, None
    start = parse_date(inp.date_text)
    if start.status is DateStatus.UNKNOWN:  # a placeholder or a probably-Hijri year: kept
        problems.append(Problem("date", f"{start.problem}; kept with an unknown date", "warning"))
        return None, None, None
    if start.status is not DateStatus.OK:
        problems.append(Problem("date", f"invalid date: {start.problem}"))
        return None, None, None
    problems.extend(Problem("date", w, "warning") for w in start.warnings if "Hijri" in w)
    assert start.earliest is not None and start.latest is not None
    lo, hi, precision = start.earliest, start.latest, start.precision
    if inp.date_end_text is not None:
        end = parse_date(inp.date_end_text)
        if end.status is not DateStatus.OK or end.latest is None:
            problems.append(Problem("date_end", f"invalid date: {end.problem}"))
            return None, None, None
        if end.latest < lo:
            problems.append(Problem("date_end", "ends before it starts"))
            return None, None, None
        if end.latest != hi:
            hi, precision = end.latest, DatePrecision.RANGE
    hint = (inp.date_precision_hint or "").strip()
    if hint == "2" and precision is DatePrecision.DAY:  # ACLED: "within a week of this date"
        lo, hi, precision = lo - timedelta(days=3), hi + timedelta(days=3), DatePrecision.RANGE
    elif hint == "3" and precision is DatePrecision.DAY:  # ACLED: only the month is known
        month = parse_date(f"{lo.year:04d}-{lo.month:02d}")
        lo, hi, precision = month.earliest or lo, month.latest or hi, DatePrecision.MONTH
    return lo, hi, precision.value if precision else None


@lru_cache(maxsize=16384)
def _place(
    place: str | None, governorate: str | None, district: str | None, pcode: str | None
) -> tuple[tuple[str | None, str | None, str | None], tuple[Problem, ...]]:
    problems: list[Problem] = []
    if pcode is not None:
        found = gazetteer().get(pcode.strip())
        if found is not None:
            return (found.pcode, found.level.value, found.admin1), ()
        problems.append(Problem("pcode", "P-code not in the shipped gazetteer", "warning"))
    for text, hint_gov, hint_dis in ((place, governorate, district), (place, governorate, None)):
        if text is None:
            break
        res = resolve_place(text, governorate=hint_gov, district=hint_dis)
        if res.status is PlaceStatus.RESOLVED and res.place is not None:
            p = res.place
            return (p.pcode, p.level.value, p.admin1), tuple(problems)
    if place is not None:
        problems.append(Problem("place", "place not resolved to a P-code", "warning"))
    if governorate is not None:
        res = resolve_place(governorate, level=PlaceLevel.GOVERNORATE)
        if res.status is PlaceStatus.RESOLVED and res.place is not None:
            return (res.place.pcode, PlaceLevel.GOVERNORATE.value, res.place.admin1), tuple(
                problems
            )
    return (None, None, None), tuple(problems)


def incident_row(inp: _Input) -> tuple[dict[str, Any], list[Problem]]:
    """The Incident columns of one as-recorded incident, and what was wrong with it."""
    problems: list[Problem] = []
    if inp.source_incident_id is None:
        problems.append(Problem("id", "missing: an incident needs the source's own id"))
    elif len(inp.source_incident_id) > 200:
        problems.append(Problem("id", "longer than 200 characters"))
    lo, hi, precision = _dates(inp, problems)
    (pcode, level, admin1), place_problems = _place(
        inp.place_text, inp.governorate_text, inp.district_text, inp.pcode_text
    )
    problems.extend(place_problems)
    party = party_of(inp.perpetrator_text)
    if inp.perpetrator_text is not None and party is None:
        problems.append(Problem("belligerent", "not a known party; kept as text", "warning"))
    target = parse_vocab(TargetType, inp.target_text)
    if inp.target_text is not None and target is None:
        problems.append(Problem("target", "not a known target type; kept as text", "warning"))
    grade = _grade(inp.grade_text)
    if inp.grade_text is not None and grade is None:
        problems.append(Problem("grade", "not a known grade; kept as text", "warning"))
    counts = {
        name: _int(getattr(inp, name), name, problems)
        for name in ("killed_min", "killed_max", "killed_best", "civilians_min", "civilians_max")
    }
    for low, high in (("killed_min", "killed_max"), ("civilians_min", "civilians_max")):
        a, b = counts[low], counts[high]
        if a is not None and b is not None and a > b:
            problems.append(Problem(low, f"{low} is above {high}; the two were swapped", "warning"))
            counts[low], counts[high] = b, a
    record: dict[str, Any] = {
        "source_incident_id": inp.source_incident_id,
        "date_text": inp.date_text
        if inp.date_end_text is None
        else f"{inp.date_text}/{inp.date_end_text}",
        "date_earliest": lo,
        "date_latest": hi,
        "date_precision": precision,
        "place_text": inp.place_text,
        "governorate_text": inp.governorate_text,
        "pcode": pcode,
        "place_precision": level,
        "admin1_pcode": admin1,
        "latitude": inp.latitude,
        "longitude": inp.longitude,
        "incident_type_text": inp.incident_type_text,
        "incident_type": inp.incident_type,
        "target_type": target.value if target else None,
        "belligerent_text": inp.belligerent_text,
        "perpetrator": party.value if party else None,
        **counts,
        "grade_text": inp.grade_text,
        "grade": grade.value if grade else None,
        "description": inp.description,
        "source_url": inp.source_url,
    }
    return record, problems


# --- the import -----------------------------------------------------------------------------


def hxl_incident_columns(table: Table) -> dict[str, str]:
    """Incident field → column name, from the hashtags of an HXL table (stored with the run,
    so that ``tawthiq normalize`` can read the raw rows again the same way)."""
    index = hxl_index(table.hashtags or [], HXL_INCIDENT_FIELDS)
    return {k: table.columns[i] for k, i in index.items()}


def _converter(fmt: str, settings: dict[str, Any] | None) -> Callable[[Row], _Input]:
    if fmt == "acled":
        return _acled
    if fmt == "ucdp":
        return _ucdp
    if fmt == "airwars":
        return _airwars
    if fmt == "report":
        return _report
    if fmt == "hxl":
        columns = (settings or {}).get("hxl_columns") or {}
        return _hxl({str(k): column_key(str(v)) for k, v in columns.items()})
    raise ValueError(f"not an incident format: {fmt}")


def _sha(data: dict[str, str]) -> str:
    keys = sorted(data)
    blob = "\x1f".join(keys) + "\x1e" + "\x1f".join(data[k] for k in keys)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def import_incident_table(
    engine: Engine,
    path: Path,
    source: str,
    table: Table,
    *,
    fd: FileDigest,
    fmt: str,
    encoding: str,
    settings: dict[str, Any] | None = None,
    run_by: str | None = None,
    on_rows: Callable[[int], None] | None = None,
    keep_rejections: int = 10_000,
) -> ImportSummary:
    """Import an incident export for ``source`` in one transaction (see the module docstring)."""
    file = str(path)
    convert = _converter(fmt, settings)
    user = run_by or current_user()
    lowered = [column_key(c) for c in table.columns]
    t = Incident.__table__
    n = {"read": 0, "imported": 0, "updated": 0, "unchanged": 0, "rejected": 0, "dup": 0}
    rejections: list[RowProblem] = []
    warnings = 0
    with engine.begin() as conn:
        source_id = db.get_or_create_source(conn, source)
        previous = same_import(conn, source_id, fd.sha256, settings)
        if previous is not None:
            return ImportSummary(
                source, file, fd.sha256, None, db.RunCounts(), already_imported=previous
            )
        existing = {
            sid: (int(pk), sha)
            for sid, pk, sha in conn.execute(
                select(t.c.source_incident_id, t.c.id, t.c.row_sha256).where(
                    t.c.source_id == source_id
                )
            )
        }
        run_id = db.start_run(
            conn,
            source_id=source_id,
            file_name=path.name,
            file_sha256=fd.sha256,
            file_size=fd.size,
            format=fmt,
            encoding=encoding,
            mapping=settings,
            run_by=user,
        )
        first_seen: dict[str, int] = {}
        claims: dict[str, dict[str, Any]] = {}
        raws: list[tuple[Any, ...]] = []
        news: list[dict[str, Any]] = []
        upds: list[dict[str, Any]] = []
        ts = db.now()
        for src in table.rows:
            n["read"] += 1
            values = src.values
            data = {c: (values[i] if i < len(values) else "") for i, c in enumerate(table.columns)}
            for j, extra in enumerate(values[len(table.columns) :], start=1):
                data[f"_extra_{j}"] = extra
            claim: dict[str, Any] | None = None
            if src.error is not None:
                record, problems = None, [Problem("(row)", src.error)]
            else:
                row = {lowered[i]: v for i, v in enumerate(values[: len(lowered)])}
                inp = convert(row)
                record, problems = incident_row(inp)
                if inp.claim is not None:
                    claim = _claim_row(inp.claim, problems)
            sid = record["source_incident_id"] if record else None
            if sid is not None and not any(p.severity == "error" for p in problems):
                if sid in first_seen:
                    problems.append(
                        Problem("id", f"duplicate incident id: first used at row {first_seen[sid]}")
                    )
                    n["dup"] += 1
                first_seen.setdefault(sid, src.row_number)
            status = "rejected"
            if any(p.severity == "error" for p in problems) or record is None:
                n["rejected"] += 1
                for p in problems:
                    if p.severity == "error" and len(rejections) < keep_rejections:
                        rejections.append(
                            RowProblem(
                                src.row_number,
                                src.line_number,
                                p.field,
                                p.message,
                                "error",
                                None,
                                table.where,
                            )
                        )
            else:
                sha = _sha(data)
                full = {
                    **record,
                    "import_run_id": run_id,
                    "row_number": src.row_number,
                    "row_sha256": sha,
                    "updated_at": ts,
                }
                if claim is not None and sid is not None:
                    claims.setdefault(sid, claim)
                prior = existing.get(sid) if sid is not None else None
                if prior is None:
                    status = "imported"
                    n["imported"] += 1
                    news.append({**full, "source_id": source_id, "created_at": ts})
                elif prior[1] == sha:
                    status = "unchanged"
                    n["unchanged"] += 1
                else:
                    status = "updated"
                    n["updated"] += 1
                    upds.append({**full, "_id": prior[0]})
            warnings += sum(p.severity == "warning" for p in problems)
            raws.append(
                (
                    run_id,
                    src.row_number,
                    src.line_number,
                    json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    status,
                    json.dumps([p.to_dict() for p in problems], ensure_ascii=False)
                    if problems
                    else None,
                )
            )
            if len(raws) >= 5_000:
                db.insert_raw_row_tuples(conn, raws)
                if on_rows is not None:
                    on_rows(len(raws))
                raws = []
        db.insert_raw_row_tuples(conn, raws)
        if on_rows is not None and raws:
            on_rows(len(raws))
        if news:
            conn.execute(insert(Incident), news)
        for u in upds:
            pk = u.pop("_id")
            conn.execute(update(Incident).where(Incident.id == pk).values(**u))
        if claims:
            _store_claims(conn, source_id, claims, first_seen)
        final = finish_import_run(
            conn,
            run_id,
            n,
            actor=user,
            source=source,
            file_name=path.name,
            fmt=fmt,
            sha256=fd.sha256,
            extra={"kind": "incidents"},
        )
    return ImportSummary(
        source, file, fd.sha256, run_id, final, None, rejections, warnings, kind="incidents"
    )


def _store_claims(
    conn: Connection,
    source_id: int,
    claims: dict[str, dict[str, Any]],
    accepted: dict[str, int],
) -> None:
    """Replace the ``incident_claims`` of the accepted reports of this import."""
    t = Incident.__table__
    ids = {
        str(sid): int(pk)
        for sid, pk in conn.execute(
            select(t.c.source_incident_id, t.c.id).where(t.c.source_id == source_id)
        )
        if sid in accepted and sid in claims
    }
    if not ids:
        return
    keys = list(ids.values())
    for i in range(0, len(keys), 500):
        conn.execute(delete(IncidentClaim).where(IncidentClaim.incident_id.in_(keys[i : i + 500])))
    conn.execute(
        insert(IncidentClaim), [{**claims[sid], "incident_id": pk} for sid, pk in ids.items()]
    )


def import_report_file(
    engine: Engine,
    path: Path,
    source: str,
    *,
    encoding: str = "utf-8",
    run_by: str | None = None,
) -> ImportSummary:
    """Import an incident-report CSV or XLSX (``REPORT_COLUMNS``) for ``source``.

    ``tawthiq import`` detects the format too; this entry point insists on it (``tawthiq
    incidents import --format report``).
    """
    from tawthiq.errors import InputError
    from tawthiq.ingest._csvfile import digest
    from tawthiq.ingest._readers import read_csv_table, read_xlsx_table

    spreadsheet = path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods"}
    table = read_xlsx_table(path) if spreadsheet else read_csv_table(path, encoding)
    if not is_report_header(table.columns):
        raise InputError(
            "not an incident-report file: needs report_id, date and killed_min/killed_best "
            "columns; found: " + ", ".join(table.columns),
            file=str(path),
        )
    return import_incident_table(
        engine,
        path,
        source,
        table,
        fd=digest(path),
        fmt="report",
        encoding=encoding,
        run_by=run_by,
    )


# --- re-derivation (tawthiq normalize) --------------------------------------------------------

DERIVED_COLUMNS: tuple[str, ...] = (
    "date_earliest",
    "date_latest",
    "date_precision",
    "pcode",
    "place_precision",
    "admin1_pcode",
    "incident_type",
    "perpetrator",
    "killed_min",
    "killed_max",
    "killed_best",
    "civilians_min",
    "civilians_max",
    "grade",
)


def rederive_incidents(
    conn: Connection, *, dry_run: bool = False
) -> tuple[int, int, dict[str, int]]:
    """Re-read every imported incident from its raw row with the current rules.

    Returns (incidents read, incidents changed, changes per column). An incident whose raw
    row no longer reads (an error under the new rules) keeps its values and is not counted.
    """
    t = Incident.__table__
    r = RawRow.__table__
    runs = {
        int(i): (str(fmt), _json(mapping))
        for i, fmt, mapping in conn.execute(
            select(ImportRun.id, ImportRun.format, ImportRun.mapping)
        )
    }
    stmt = (
        select(t.c.id, t.c.import_run_id, r.c.data, *(t.c[c] for c in DERIVED_COLUMNS))
        .join(r, (r.c.import_run_id == t.c.import_run_id) & (r.c.row_number == t.c.row_number))
        .order_by(t.c.id)
    )
    read = changed = 0
    per_column: Counter[str] = Counter()
    updates: list[dict[str, Any]] = []
    for row in conn.execute(stmt).all():
        m = row._mapping
        fmt, settings = runs.get(int(m["import_run_id"]), ("", None))
        if fmt not in INCIDENT_FORMATS:
            continue
        read += 1
        data = _json(m["data"]) or {}
        cells = {
            column_key(str(k)): str(v) for k, v in data.items() if not str(k).startswith("_extra_")
        }
        record, problems = incident_row(_converter(fmt, settings)(cells))
        if any(p.severity == "error" for p in problems):
            continue
        diff = [c for c in DERIVED_COLUMNS if record[c] != m[c]]
        if diff:
            changed += 1
            per_column.update(diff)
            updates.append({f"v_{c}": record[c] for c in DERIVED_COLUMNS} | {"v_id": m["id"]})
    if updates and not dry_run:
        conn.execute(
            update(Incident)
            .where(t.c.id == bindparam("v_id"))
            .values({c: bindparam(f"v_{c}") for c in DERIVED_COLUMNS}),
            updates,
        )
    return read, changed, dict(per_column)


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value
