"""Incident export layouts as column maps: which column holds which field, per format.

One reader (``bind`` then ``read_cells``) serves every layout; a layout is data: field → the
column names that may hold it, plus a few value tables and, where a format has a rule of its
own (ACLED's time precision, UCDP's one-sided violence), a small ``adjust`` function. Adding a
layout is adding a map, not a reader.

Fields (what ``ingest.incident_rows`` turns into an incident report)::

    id date date_end date_precision_hint time
    place place_ar governorate governorate_ar district pcode lat lon geo_precision
    type target weapon belligerent perpetrator assessment grade status harm_reported
    killed_min killed_max killed_best      (everyone killed: ACLED fatalities, UCDP best)
    civilians_min civilians_max            (civilians killed)
    <kind>_min <kind>_max <kind>           (every count kind of ``incidents.model.COUNT_KINDS``)
    facility facility_type sensitive location_type url description

A column the layout does not map is not read; the import lists such columns in one warning
("columns not read: …") and keeps them in the raw rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tawthiq.incidents.model import COUNT_KINDS
from tawthiq.ingest.mapping import column_key

__all__ = [
    "ACLED",
    "AIRWARS",
    "LAYOUTS",
    "REPORT",
    "SHCC",
    "UCDP",
    "Binding",
    "Cells",
    "IncidentLayout",
    "bind",
    "detect_layout",
    "loose_key",
    "read_cells",
]

Cells = dict[str, str | None]
"""Field → the cell's text (stripped; ``None`` when empty or absent)."""


def loose_key(name: str) -> str:
    """A column name with case, spaces and punctuation ignored: "Civ killed (min)" is
    ``civkilledmin``."""
    return re.sub(r"[^a-z0-9]+", "", column_key(name))


@dataclass(frozen=True)
class IncidentLayout:
    """One export layout: its name, its column map and how to recognise it."""

    name: str
    columns: Mapping[str, tuple[str, ...]]
    """Field → column names that may hold it, most specific first (matched by ``loose_key``)."""
    signature: tuple[tuple[str, ...], ...] = ()
    """Groups of fields: the layout is recognised when every group has a column present."""
    adjust: Callable[[Cells], Cells] | None = None
    """The layout's own rules, applied to the cells of each row after reading."""


@dataclass(frozen=True)
class Binding:
    """A layout bound to one file's header: field → column index, and the columns unread."""

    layout: IncidentLayout
    index: Mapping[str, int]
    unread: tuple[str, ...]


def bind(layout: IncidentLayout, header: Sequence[str]) -> Binding:
    """Which column of ``header`` holds each field of ``layout`` (first listed name wins)."""
    keys = [loose_key(c) for c in header]
    position: dict[str, int] = {}
    for i, k in enumerate(keys):
        position.setdefault(k, i)
    index: dict[str, int] = {}
    used: set[int] = set()
    for name, candidates in layout.columns.items():
        for candidate in candidates:
            at = position.get(loose_key(candidate))
            if at is not None and at not in used:
                index[name] = at
                used.add(at)
                break
    unread = tuple(c for i, c in enumerate(header) if i not in used and c.strip())
    return Binding(layout, index, unread)


def read_cells(binding: Binding, values: Sequence[str]) -> Cells:
    """The fields of one row (absent and blank cells are ``None``), after the layout's rules."""
    cells: Cells = {}
    for name, i in binding.index.items():
        text = values[i].strip() if i < len(values) else ""
        cells[name] = text or None
    adjust = binding.layout.adjust
    return adjust(cells) if adjust is not None else cells


def detect_layout(header: Sequence[str]) -> IncidentLayout | None:
    """The layout whose signature the header carries (the most specific first), or ``None``."""
    keys = {loose_key(c) for c in header}
    for layout in LAYOUTS:
        if layout.signature and all(
            any(loose_key(c) in keys for f in group for c in layout.columns.get(f, ()))
            for group in layout.signature
        ):
            return layout
    return None


# --- ACLED --------------------------------------------------------------------------------

ACLED_TYPES = {
    "air/drone strike": "airstrike",
    "shelling/artillery/missile attack": "shelling",
    "chemical weapon": "chemical",
    "remote explosive/landmine/ied": "explosion",
    "suicide bomb": "explosion",
    "grenade": "explosion",
    "attack": "ground_attack",
    "armed clash": "armed_clash",
    "government regains territory": "territory_change",
    "non-state actor overtakes territory": "territory_change",
    "non state actor overtakes territory": "territory_change",
    "abduction/forced disappearance": "abduction",
    "sexual violence": "sexual_violence",
    "looting/property destruction": "property_destruction",
    "mob violence": "mob_violence",
}
"""ACLED sub-event types → tawthiq incident types (an armed clash and a territorial change are
fighting, never an attack such as an airstrike)."""

BATTLE_TYPES = frozenset({"armed_clash", "territory_change"})
"""Fighting between armed groups: neither side is the perpetrator of the deaths it counts."""

ACLED_PRECISION_KM = {"1": 2.0, "2": 25.0, "3": 80.0}
"""ACLED ``geo_precision``: 1 the place itself, 2 a place nearby or part of a region, 3 the
largest region named."""


def _acled(cells: Cells) -> Cells:
    kind = cells.get("type") or cells.get("event_type")
    cells["type"] = kind
    cells["type_code"] = ACLED_TYPES.get(" ".join((kind or "").casefold().split()))
    fatalities = cells.pop("fatalities", None)
    cells["killed_min"] = cells["killed_max"] = cells["killed_best"] = fatalities
    actor1, actor2 = cells.get("belligerent"), cells.pop("actor2", None)
    allied = cells.pop("associated", None)
    named = f"{actor1} (with {allied})" if actor1 and allied else actor1
    if cells["type_code"] in BATTLE_TYPES:
        # fighting: both sides are named, and neither is the perpetrator of the deaths
        cells["belligerent"] = "; ".join(s for s in (named, actor2) if s) or None
        cells["perpetrator"] = None
    else:  # actor 2 is who was attacked (often "Civilians (Syria)")
        cells["belligerent"] = named
        cells["perpetrator"] = actor1
    precision = cells.get("geo_precision")
    if precision in ACLED_PRECISION_KM:
        cells["precision_km"] = str(ACLED_PRECISION_KM[precision])
    return cells


ACLED = IncidentLayout(
    name="acled",
    columns={
        "id": ("event_id_cnty", "data_id", "event_id_no_cnty"),
        "date": ("event_date",),
        "date_precision_hint": ("time_precision",),
        "type": ("sub_event_type",),
        "event_type": ("event_type",),
        "belligerent": ("actor1",),
        "associated": ("assoc_actor_1",),
        "actor2": ("actor2",),
        "governorate": ("admin1",),
        "district": ("admin2",),
        "subdistrict": ("admin3",),
        "place": ("location",),
        "lat": ("latitude",),
        "lon": ("longitude",),
        "geo_precision": ("geo_precision",),
        "fatalities": ("fatalities",),
        "description": ("notes",),
    },
    signature=(("id",), ("date",), ("fatalities",)),
    adjust=_acled,
)


# --- UCDP GED -----------------------------------------------------------------------------

_UCDP_TYPES = {"1": "state_based", "2": "non_state", "3": "one_sided"}
UCDP_PRECISION_KM = {"1": 1.0, "2": 25.0, "3": 40.0, "4": 80.0, "5": 80.0, "6": 400.0, "7": 400.0}
"""UCDP ``where_prec``: 1 exact place … 4 first-order unit, 6–7 the country or beyond."""


def _ucdp(cells: Cells) -> Cells:
    violence = cells.get("type")
    cells["type_code"] = _UCDP_TYPES.get(violence or "")
    side_a, side_b = cells.pop("side_a", None), cells.pop("side_b", None)
    cells["belligerent"] = "; ".join(s for s in (side_a, side_b) if s) or None
    # one-sided violence (type 3) has a perpetrator: side A; in fighting, neither side is
    cells["perpetrator"] = side_a if violence == "3" else None
    civilians = cells.pop("deaths_civilians", None)
    cells["civilians_min"] = cells["civilians_max"] = civilians
    precision = cells.get("geo_precision")
    if precision in UCDP_PRECISION_KM:
        cells["precision_km"] = str(UCDP_PRECISION_KM[precision])
    return cells


UCDP = IncidentLayout(
    name="ucdp",
    columns={
        "id": ("id",),
        "type": ("type_of_violence",),
        "side_a": ("side_a",),
        "side_b": ("side_b",),
        "date": ("date_start",),
        "date_end": ("date_end",),
        "place": ("where_coordinates", "where_description"),
        "governorate": ("adm_1",),
        "district": ("adm_2",),
        "lat": ("latitude",),
        "lon": ("longitude",),
        "geo_precision": ("where_prec",),
        "killed_min": ("low",),
        "killed_max": ("high",),
        "killed_best": ("best",),
        "deaths_civilians": ("deaths_civilians",),
        "description": ("source_headline", "source_article"),
    },
    signature=(("type",), ("date",), ("killed_best", "deaths_civilians")),
    adjust=_ucdp,
)


# --- Airwars ------------------------------------------------------------------------------

AIRWARS_PRECISION_KM = {
    "exact_location": 0.1,
    "within_1m": 0.1,
    "exact_location_other": 0.1,
    "exact_location_coalition": 0.1,
    "within_100m": 0.5,
    "street": 0.5,
    "nearby_landmark": 0.5,
    "neighbourhood_area": 2.0,
    "village": 3.0,
    "town": 3.0,
    "city": 8.0,
    "subdistrict": 15.0,
    "district": 30.0,
    "province_governorate": 80.0,
}
"""Airwars ``geolocation_precision`` → how far (km) the event may lie from the point given."""

_AIRWARS_COUNTS = {
    "civilians": ("civ_killed", "civilians_killed", "civilians_reported_killed", "civilian_deaths"),
    "children_killed": ("children_killed",),
    "women_killed": ("women_killed",),
    "men_killed": ("men_killed",),
    "injured": ("civ_injured", "civilians_injured"),
    "combatants_killed": ("militants_killed", "combatants_killed"),
}


def _min_max(stem: str, names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {
        f"{stem}_min": tuple(
            x for n in names for x in (f"{n}_min", f"min_{n}", f"{n} (min)", f"{n}min")
        ),
        f"{stem}_max": tuple(
            x for n in names for x in (f"{n}_max", f"max_{n}", f"{n} (max)", f"{n}max")
        ),
    }


def _airwars(cells: Cells) -> Cells:
    precision = (cells.get("geo_precision") or "").strip().casefold()
    if precision in AIRWARS_PRECISION_KM:
        cells["precision_km"] = str(AIRWARS_PRECISION_KM[precision])
    cells["perpetrator"] = cells.get("belligerent")
    harm = (cells.get("harm_reported") or "").casefold()
    if harm == "no" and cells.get("civilians_min") is None and cells.get("civilians_max") is None:
        cells["civilians_min"] = cells["civilians_max"] = "0"  # the source says: no civilian harm
    return cells


AIRWARS = IncidentLayout(
    name="airwars",
    columns={
        "id": ("incident_code", "code", "unique_reference_code", "incident_id", "reference", "id"),
        "date": ("date", "incident_date", "date_of_incident"),
        "date_end": ("date_end",),
        "date_type": ("date_type",),
        "time": ("local_time", "time"),
        "place": ("location_en", "location", "place", "location_name", "village", "town"),
        "place_ar": ("location_ar",),
        "governorate": ("region_en", "governorate", "province", "region", "admin1"),
        "governorate_ar": ("region_ar",),
        "pcode": ("pcode", "location_pcode", "admin3_pcode"),
        "lat": ("latitude", "lat"),
        "lon": ("longitude", "lon", "lng"),
        "geo_precision": ("geolocation_precision", "geo_precision"),
        "belligerent": ("belligerent", "belligerents", "suspected_belligerent", "striking_party"),
        "type": ("strike_type", "type", "incident_type", "munition"),
        "status": ("strike_status",),
        "harm_reported": ("civilian_harm_reported",),
        "grade": ("grading", "grade", "civilian_harm_grading", "airwars_grading"),
        "weapon": ("cause_of_death",),
        "target": ("infrastructure",),
        **_min_max("civilians", _AIRWARS_COUNTS["civilians"]),
        **{
            k: v
            for kind in ("children_killed", "women_killed", "men_killed", "injured")
            for k, v in _min_max(kind, _AIRWARS_COUNTS[kind]).items()
        },
        **_min_max("combatants_killed", _AIRWARS_COUNTS["combatants_killed"]),
        "strikes": ("total_strikes",),
        "url": ("airwars_url", "url", "link", "permalink"),
        "description": ("summary", "description", "notes"),
    },
    signature=(("grade",), ("belligerent",), ("civilians_min", "civilians_max")),
    adjust=_airwars,
)


# --- Insecurity Insight / SHCC attacks on health care --------------------------------------

SHCC_PRECISION_KM = {"1": 1.0, "2": 25.0, "3": 40.0, "4": 80.0, "5": 10.0, "6": 400.0}
"""SHCC ``Geo Precision`` "(n) …" → km: (2) 25 km, (3) district, (4) province, (5) a linear
feature (a road, a river), (6) the country (the point is the country's: not a place)."""

_SHCC_WEAPONS = (
    ("aerial bomb", "airstrike"),
    ("cluster bomb", "airstrike"),
    ("missile", "missile"),
    ("rocket", "shelling"),
    ("shelling", "shelling"),
    ("mortar", "shelling"),
    ("artillery", "shelling"),
    ("ied", "explosion"),
    ("explosive", "explosion"),
    ("grenade", "explosion"),
    ("mine", "explosion"),
    ("rpg", "explosion"),
    ("firearm", "ground_attack"),
    ("knife", "ground_attack"),
    ("fist", "ground_attack"),
    ("stones", "ground_attack"),
    ("arson", "ground_attack"),
    ("unarmed", "ground_attack"),
    ("no direct violence", "obstruction"),
    ("no information", "unknown"),
)
"""SHCC weapon words → the incident type they imply (first word found wins, in this order:
an aerial bomb is an airstrike whatever else is listed)."""


def _shcc(cells: Cells) -> Cells:
    precision = cells.get("geo_precision") or ""
    match = re.match(r"\s*\((\d)\)", precision)
    if match and match.group(1) in SHCC_PRECISION_KM:
        cells["precision_km"] = str(SHCC_PRECISION_KM[match.group(1)])
    weapon = (cells.get("weapon") or "").casefold()
    cells["type"] = cells.get("weapon")
    cells["type_code"] = next((t for w, t in _SHCC_WEAPONS if w in weapon), None)
    location = (cells.get("location_type") or "").casefold()
    if "health" in location:
        cells["target"] = "hospital"
        cells["facility_type"] = "health facility"
    cells["perpetrator"] = cells.get("belligerent") or cells.get("perpetrator_type")
    return cells


_SHCC_COUNTS = {
    "facilities_destroyed": ("Number of Attacks on Health Facilities Reporting Destruction",),
    "facilities_damaged": ("Number of Attacks on Health Facilities Reporting Damaged",),
    "forceful_entry": ("Forceful Entry into Health Facility",),
    "occupation": ("Occupation of Health Facility",),
    "transport_destroyed": ("Health Transportation Destroyed",),
    "transport_damaged": ("Health Transportation Damaged",),
    "transport_hijacked": ("Health Transportation Stolen/Hijacked",),
    "looting": ("Looting/Theft/Robbery/Burglary of Health Supplies",),
    "access_denied": ("Access Denied or Obstructed",),
    "hw_killed": ("Health Workers Killed",),
    "hw_injured": ("Health Workers Injured",),
    "hw_kidnapped": ("Health Workers Kidnapped",),
    "hw_arrested": ("Health Workers Arrested",),
    "hw_threatened": ("Health Workers Threatened",),
    "hw_assaulted": ("Health Workers Assaulted",),
    "hw_sexually_assaulted": ("Health Workers Sexually Assaulted",),
}

SHCC = IncidentLayout(
    name="shcc",
    columns={
        "id": ("SiND Event ID", "Event ID"),
        "date": ("Date",),
        "description": ("Event Description",),
        "country": ("Country",),
        "country_iso": ("Country ISO",),
        "governorate": ("Admin 1",),
        "lat": ("Latitude",),
        "lon": ("Longitude",),
        "geo_precision": ("Geo Precision",),
        "perpetrator_type": ("Reported Perpetrator",),
        "belligerent": ("Reported Perpetrator Name",),
        "weapon": ("Weapon Carried/Used",),
        "location_type": ("Location",),
        **_SHCC_COUNTS,
    },
    signature=(("id",), ("hw_killed",), ("facilities_destroyed",)),
    adjust=_shcc,
)


# --- tawthiq's incident-report CSV -----------------------------------------------------------


def _report(cells: Cells) -> Cells:
    best = cells.get("killed_best")
    low = cells.get("civilians_min") or best
    high = cells.get("civilians_max") or best
    cells["civilians_min"], cells["civilians_max"] = low, high
    # the format's killed figures are civilians; the incidents table also keeps them as the
    # report's killed range (so a best figure is read as a civilian one)
    cells["killed_min"] = cells.pop("deaths_all_min", None) or low
    cells["killed_max"] = cells.pop("deaths_all_max", None) or high
    cells["perpetrator"] = cells.get("belligerent")
    precision = cells.pop("geo_precision", None)
    if precision is not None:
        cells["precision_km"] = precision
    return cells


REPORT = IncidentLayout(
    name="report",
    columns={
        "id": ("report_id", "id", "reference"),
        "date": ("date", "incident_date"),
        "date_end": ("date_end",),
        "time": ("time", "time_of_day"),
        "place": ("place", "location"),
        "governorate": ("governorate", "province", "admin1"),
        "pcode": ("pcode",),
        "lat": ("latitude", "lat"),
        "lon": ("longitude", "lon"),
        "geo_precision": ("precision_km", "coordinates_precision_km"),
        "type": ("type", "incident_type"),
        "target": ("target", "target_type"),
        "weapon": ("weapon", "weapon_alleged"),
        "belligerent": ("belligerent", "perpetrator", "belligerent_claimed"),
        "assessment": ("assessment",),
        "grade": ("source_grade",),
        "status": ("source_status", "strike_status"),
        "civilians_min": ("killed_min", "civilians_killed_min"),
        "civilians_max": ("killed_max", "civilians_killed_max"),
        "killed_best": ("killed_best", "killed", "civilians_killed"),
        "deaths_all_min": ("all_killed_min", "deaths_all_min"),
        "deaths_all_max": ("all_killed_max", "deaths_all_max"),
        "injured_min": ("injured_min",),
        "injured_max": ("injured_max", "injured"),
        "children_killed": ("children", "children_killed"),
        "women_killed": ("women", "women_killed"),
        "men_killed": ("men", "men_killed"),
        **{
            kind: (kind,)
            for kind in COUNT_KINDS
            if kind not in {"children_killed", "women_killed", "men_killed", "injured"}
        },
        "facility": ("facility", "facility_name"),
        "facility_type": ("facility_type",),
        "sensitive": ("sensitive",),
        "url": ("url", "source_url"),
        "description": ("description", "summary", "notes"),
    },
    adjust=_report,
)
"""tawthiq's incident-report CSV (docs/incidents.md): one row per source report; ``killed_*``
count civilians (``all_killed_*`` everyone), and any count kind may be a column of its own."""


def is_report_header(columns: Sequence[str]) -> bool:
    """Whether a header is tawthiq's incident-report CSV (a report id, a date and a count)."""
    keys = {column_key(c) for c in columns}
    counts = {"killed_min", "civilians_killed_min", "killed_best", "killed", "civilians_killed"}
    return "report_id" in keys and "date" in keys and bool(keys & counts)


LAYOUTS: tuple[IncidentLayout, ...] = (SHCC, AIRWARS, ACLED, UCDP)
"""The layouts recognised from a header, most specific first (the report format is recognised
by :func:`is_report_header`)."""

BY_NAME: dict[str, IncidentLayout] = {x.name: x for x in (*LAYOUTS, REPORT)}
