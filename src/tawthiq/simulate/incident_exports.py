"""Simulated incident exports in the layouts real monitors publish, with the truth beside them.

Reconciling incident reports is judged on files that look like the real ones (issue 16): an
Airwars incident archive, an Insecurity Insight / SHCC attacks-on-health-care file (with its HXL
hashtag row) and an ACLED battles export, with their real headers and category labels
(``../shared/data/real_labels/labels.md``). The true events behind them are known, so the
benchmark can say how many were recovered and how many were merged by mistake.

The world has three kinds of true incident:

- **strikes** (Airwars reports each once): airstrikes, artillery, "Airstrike and/or Artillery",
  ground operations; a share lands on a day and in a city that already has one (several
  incidents in one city on one day);
- **attacks on health care** (SHCC reports each once): a share of them are Airwars strikes that
  hit a health building (the two sources report one event), the rest are strikes Airwars does
  not cover (often in a city and on a day with another strike) or attacks without explosive
  weapons (firearms, IEDs, arrests);
- **battles** (ACLED reports each once): armed clashes and territory changes, never the same
  event as a strike, but a share of them on the day and in the community of an Airwars strike.

The noise real monitors show: the second source of a shared event dates it a day off
(``date_shift``); Airwars gives the place in English and Arabic, some rows only in Arabic;
coordinates at each source's own precision (Airwars exact to governorate, SHCC 25 km to
country, ACLED geo_precision 1-3), drawn within that distance of the true place; counts as
min-max ranges around the true figure; a few Airwars date ranges.

``simulate_incident_exports(out)`` writes ``airwars.csv``, ``shcc.csv``, ``acled.csv`` and
``truth.csv`` (source, source_incident_id, incident_id, kind, incident_type, and the true
date, community P-code and point). With ``layout="report"`` it
writes the same reports in tawthiq's incident-report CSV instead (``*_report.csv``; counts of
every source as civilians, no precision or source grade): for measuring clustering at scale
where the real-layout readers are not wanted.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from tawthiq.normalize import PlaceLevel, PlaceStatus, gazetteer, resolve_place
from tawthiq.simulate._places import _clean_ar, _clean_en

__all__ = [
    "ACLED_HEADER",
    "AIRWARS_HEADER",
    "SHCC_HEADER",
    "SHCC_HXL",
    "ExportFiles",
    "ExportScore",
    "ExportSettings",
    "TrueIncident",
    "read_truth",
    "score_exports",
    "simulate_incident_exports",
]

AIRWARS_HEADER = [
    "incident_code",
    "date",
    "date_end",
    "date_type",
    "local_time",
    "location_en",
    "location_ar",
    "region_en",
    "region_ar",
    "latitude",
    "longitude",
    "geolocation_precision",
    "belligerent",
    "strike_type",
    "strike_status",
    "civilian_harm_reported",
    "grading",
    "cause_of_death",
    "infrastructure",
    "civ_killed_min",
    "civ_killed_max",
    "children_killed_min",
    "children_killed_max",
    "women_killed_min",
    "women_killed_max",
    "men_killed_min",
    "men_killed_max",
    "civ_injured_min",
    "civ_injured_max",
    "militants_killed_min",
    "militants_killed_max",
    "total_strikes",
    "airwars_url",
]
"""Airwars incidents, as exported (labels.md, "Column headers, as exported")."""

SHCC_HEADER = [
    "Date",
    "Event Description",
    "Country",
    "Country ISO",
    "Admin 1",
    "Latitude",
    "Longitude",
    "Geo Precision",
    "Reported Perpetrator",
    "Reported Perpetrator Name",
    "Weapon Carried/Used",
    "Location",
    "Number of Attacks on Health Facilities Reporting Destruction",
    "Number of Attacks on Health Facilities Reporting Damaged",
    "Forceful Entry into Health Facility",
    "Occupation of Health Facility",
    "Health Transportation Destroyed",
    "Health Transportation Damaged",
    "Health Transportation Stolen/Hijacked",
    "Looting/Theft/Robbery/Burglary of Health Supplies",
    "Access Denied or Obstructed",
    "Health Workers Killed",
    "Health Workers Injured",
    "Health Workers Kidnapped",
    "Health Workers Arrested",
    "Known Kidnapping or Arrest Outcome",
    "Health Workers Threatened",
    "Health Workers Assaulted",
    "Health Workers Sexually Assaulted",
    "Conflict-Related Violence",
    "Political-Related Violence",
    "COVID-19-Related Violence",
    "Ebola-Related Violence",
    "Vaccination-Related Violence",
    "SiND Event ID",
]
"""Insecurity Insight / SHCC attacks on health care, as exported (labels.md)."""

SHCC_HXL = [
    "#date",
    "#description",
    "#country+name",
    "#country+code",
    "#adm1+name",
    "#geo+lat",
    "#geo+lon",
    "#geo+precision",
    "#org+perpetrator+type",
    "#org+perpetrator+name",
    "#weapon+type",
    "#loc+type",
    "#affected+facilities+destroyed",
    "#affected+facilities+damaged",
    "#event+forceful_entry",
    "#event+occupation",
    "#affected+transport+destroyed",
    "#affected+transport+damaged",
    "#affected+transport+stolen",
    "#event+looting",
    "#event+access_denied",
    "#affected+hw+killed",
    "#affected+hw+injured",
    "#affected+hw+kidnapped",
    "#affected+hw+arrested",
    "#status+outcome",
    "#affected+hw+threatened",
    "#affected+hw+assaulted",
    "#affected+hw+sexually_assaulted",
    "#indicator+conflict",
    "#indicator+political",
    "#indicator+covid",
    "#indicator+ebola",
    "#indicator+vaccination",
    "#event+id",
]
"""The HXL hashtag row under SHCC's header (one tag per column, in order)."""

ACLED_HEADER = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
]
"""ACLED events, as its data export writes them."""

Kind = Literal["strike", "health", "battle"]

# --- category labels (labels.md), with rough weights from the counts given there ----------

_AW_STRIKE = (
    ("Airstrike", "airstrike", 1547),
    ("Airstrike and/or Artillery", "airstrike_or_artillery", 849),
    ("Artillery", "shelling", 566),
    ("Airstrike, Drone Strike", "airstrike", 135),
    ("Counter-Terrorism Action (Ground)", "ground_attack", 73),
    ("Ground operation", "ground_attack", 51),
    ("Naval bombardment", "naval_bombardment", 3),
)
_AW_BELLIGERENT = (
    ("Russian Military", "R", 4735),
    ("U.S.-led Coalition", "CS", 1967),
    ("Turkish Military", "TU", 837),
    ("YPG", "YPG", 172),
    ("Russian Military, U.S.-led Coalition", "R", 149),
    ("Israeli Military", "ISR", 69),
    ("Russian Military, Iranian Military", "R", 31),
    ("Turkish Military, U.S.-led Coalition", "TU", 25),
)
_AW_STATUS = (
    ("Contested strike", 1476),
    ("Likely strike", 1146),
    ("Single source claim", 170),
    ("Declared strike", 100),
)
_AW_GRADE = (
    ("Contested", 3528),
    ("Fair", 3194),
    ("Weak", 908),
    ("Confirmed", 214),
    ("Discounted", 139),
)
_AW_GEO = (  # label, share, precision km (the readers' figures), how the point is drawn
    ("village", 0.30, 3.0),
    ("town", 0.16, 3.0),
    ("city", 0.15, 8.0),
    ("neighbourhood_area", 0.12, 2.0),
    ("exact_location", 0.08, 0.1),
    ("within_100m", 0.05, 0.5),
    ("nearby_landmark", 0.03, 0.5),
    ("street", 0.02, 0.5),
    ("subdistrict", 0.05, 15.0),
    ("district", 0.02, 30.0),
    ("province_governorate", 0.02, 80.0),
)
_SHCC_GEO = (
    ("(2) 25 km Precision", 0.48, 25.0),
    ("(3) District, Communicipality or Commune", 0.35, 30.0),
    ("(4) Province, State, Governorate", 0.08, 80.0),
    ("(5) Linear Feature e.g. Along Road/River", 0.01, 10.0),
    ("(6) Country", 0.08, math.inf),
)
_ACLED_GEO = ((1, 0.7, 2.0), (2, 0.25, 25.0), (3, 0.05, 80.0))
_SHCC_STRIKE_WEAPONS = {  # Airwars strike type → weapons SHCC writes for the same strike
    "airstrike": ("Aerial Bomb: Plane", "Aerial Bomb: Missile", "Aerial Bomb: Drone"),
    "airstrike_or_artillery": ("Aerial Bomb: Plane", "Shelling", "Missile", "Rocket"),
    "shelling": ("Shelling", "Artillery", "Mortar", "Rocket"),
    "naval_bombardment": ("Missile",),
    "ground_attack": ("Firearms",),
}
_SHCC_OTHER_WEAPONS = (
    ("Firearms", 191),
    ("Unspecified Explosive", 33),
    ("Unspecified IED", 15),
    ("VBIED", 15),
    ("Not Applicable: No Direct Violence", 13),
    ("No Information on the Weapon Used", 35),
)
_SHCC_PERPETRATOR = {  # Airwars belligerent → (Reported Perpetrator, Reported Perpetrator Name)
    "Russian Military": ("Foreign Forces: Military", "Armed Forces of the Russian Federation"),
    "U.S.-led Coalition": ("Foreign Forces: Military", "International Coalition Forces in Syria"),
    "Turkish Military": ("Foreign Forces: Military", "Armed Forces of Turkey"),
}
_ACLED_SUB = (
    ("Armed clash", "armed_clash", 12720),
    ("Non-state actor overtakes territory", "territory_change", 1718),
    ("Government regains territory", "territory_change", 1523),
)
_ACLED_ACTORS = (
    ("Military Forces of Syria (2000-)", 1, 7652),
    ("QSD: Syrian Democratic Forces", 2, 2047),
    ("Unidentified Armed Group (Syria)", 3, 1004),
    ("HTS: Hayat Tahrir al Sham", 2, 856),
    ("Opposition Rebels (Syria)", 2, 747),
    ("Islamic State (Syria)", 2, 713),
    ("Military Forces of Turkey (2016-)", 8, 351),
)
_CITIES = ("C1007", "C1001", "C2528", "C2987", "C4360", "C5710", "C5993", "C5086", "C3871")
"""Cities with neighbourhoods in the gazetteer (Aleppo, Damascus, Homs, Hama, Al-Hasakeh,
Ar-Raqqa, Dar'a, Deir-ez-Zor, Idleb): where several incidents fall on one day."""
_WAR_GOVERNORATES = ("SY02", "SY03", "SY04", "SY05", "SY06", "SY07", "SY08", "SY09", "SY11", "SY12")
_SYRIA_CENTRE = (34.8, 38.99)


@dataclass(frozen=True)
class ExportSettings:
    """How many reports each source gives, and how noisy they are (defaults: the real case of
    issue 16, 8,114 Airwars + 904 SHCC + 15,961 ACLED reports)."""

    airwars: int = 8_100
    shcc: int = 900
    acled: int = 16_000
    seed: int = 1
    start: date = date(2015, 9, 30)
    days: int = 1_550
    shcc_in_airwars: float = 0.45
    """Share of health-care attacks that are Airwars strikes (one event, two sources)."""
    shcc_strikes_elsewhere: float = 0.35
    """Share of health-care attacks that are strikes Airwars does not report."""
    battles_beside_strikes: float = 0.05
    """Share of ACLED battles on the day and in the community of an Airwars strike."""
    repeat_city_day: float = 0.3
    """Share of strikes placed in a city on a day that already has a strike there."""
    date_shift: float = 0.15
    """Share of second reports of one event dated a day before or after the first."""
    english_missing: float = 0.15
    """Share of Airwars rows giving the place only in Arabic."""
    date_range: float = 0.02
    """Share of Airwars rows giving a date range (date_type ``date_range``)."""

    def scaled(self, reports: int) -> ExportSettings:
        """The same mix with about ``reports`` reports in all."""
        k = reports / (self.airwars + self.shcc + self.acled)
        return replace(
            self,
            airwars=max(1, round(self.airwars * k)),
            shcc=max(1, round(self.shcc * k)),
            acled=max(1, round(self.acled * k)),
        )


@dataclass(frozen=True)
class TrueIncident:
    """One true event: when, where (a community, and the point hit), what, how many died."""

    id: int
    kind: Kind
    day: date
    pcode: str
    latitude: float
    longitude: float
    incident_type: str
    label: str
    """The category label the reporting source uses (strike type, weapon or sub-event type)."""
    killed: int
    party: str
    hospital: bool = False


@dataclass(frozen=True)
class ExportFiles:
    """What ``simulate_incident_exports`` wrote: file per source, the truth, report counts."""

    files: dict[str, Path]
    truth: Path
    reports: dict[str, int]
    true_incidents: int
    shared: int
    """True incidents reported by two sources."""
    layout: str = "real"
    formats: dict[str, str] = field(default_factory=dict)
    """Source → the ``--format`` to import its file with."""


@dataclass(frozen=True)
class _Community:
    pcode: str
    name_en: str
    name_ar: str
    admin1: str
    admin3: str | None
    lat: float
    lon: float


def _resolves(name: str, gov: str, pcode: str) -> bool:
    res = resolve_place(name, governorate=gov)
    return res.status is PlaceStatus.RESOLVED and res.place is not None and res.place.pcode == pcode


@lru_cache(maxsize=4)
def _communities(limit: int, seed: int) -> tuple[_Community, ...]:
    """Communities of the war governorates whose English and Arabic names both resolve back
    to them in their governorate (so the place of a report can be read from its name), the
    cities first."""
    g = gazetteer()
    rng = np.random.default_rng(seed)
    pool = [
        p
        for p in g.places.values()
        if p.level is PlaceLevel.COMMUNITY
        and p.admin1 in _WAR_GOVERNORATES
        and p.latitude is not None
        and p.longitude is not None
    ]
    pool.sort(key=lambda p: p.pcode)
    order = [p for p in pool if p.pcode in _CITIES] + [
        pool[i] for i in rng.permutation(len(pool)) if pool[i].pcode not in _CITIES
    ]
    out: list[_Community] = []
    for p in order:
        gov = g.get(p.admin1 or "")
        if gov is None or p.latitude is None or p.longitude is None:
            continue
        en, ar = _clean_en(p.name_en), _clean_ar(p.name_ar)
        if not (_resolves(en, gov.name_en, p.pcode) and _resolves(ar, gov.name_en, p.pcode)):
            continue
        out.append(_Community(p.pcode, en, ar, gov.pcode, p.admin3, p.latitude, p.longitude))
        if len(out) >= limit:
            break
    return tuple(out)


def _neighbourhoods() -> dict[str, list[tuple[float, float]]]:
    out: dict[str, list[tuple[float, float]]] = {}
    for p in gazetteer().places.values():
        if p.level is PlaceLevel.NEIGHBOURHOOD and p.community and p.latitude and p.longitude:
            out.setdefault(p.community, []).append((p.latitude, p.longitude))
    return out


def _pick(rng: np.random.Generator, rows: Sequence[tuple[object, ...]]) -> tuple[object, ...]:
    w = np.array([float(r[-1]) for r in rows])  # type: ignore[arg-type]
    return rows[int(rng.choice(len(rows), p=w / w.sum()))]


def _offset(rng: np.random.Generator, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point drawn uniformly within ``km`` of (lat, lon)."""
    if km <= 0:
        return lat, lon
    r = km * math.sqrt(float(rng.random()))
    a = float(rng.random()) * 2 * math.pi
    dlat = r * math.cos(a) / 111.0
    dlon = r * math.sin(a) / (111.0 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


class _World:
    """The true incidents, drawn once per seed."""

    def __init__(self, s: ExportSettings) -> None:
        self.s = s
        self.rng = np.random.default_rng(s.seed)
        self.places = _communities(1_500, s.seed)
        self.by_pcode = {c.pcode: c for c in self.places}
        self.cities = [c for c in self.places if c.pcode in _CITIES]
        self.hoods = _neighbourhoods()
        self.incidents: list[TrueIncident] = []
        self.city_days: list[tuple[date, _Community]] = []

    def _place(self, *, city_share: float) -> _Community:
        if self.cities and self.rng.random() < city_share:
            return self.cities[int(self.rng.integers(len(self.cities)))]
        return self.places[int(self.rng.integers(len(self.places)))]

    def _point(self, c: _Community) -> tuple[float, float]:
        hoods = self.hoods.get(c.pcode)
        if hoods:
            return hoods[int(self.rng.integers(len(hoods)))]
        return _offset(self.rng, c.lat, c.lon, 1.0)

    def _day(self) -> date:
        return self.s.start + timedelta(days=int(self.rng.integers(self.s.days)))

    def _killed(self) -> int:
        return int(min(200, self.rng.geometric(0.15) - 1))

    def add(self, kind: Kind, day: date, c: _Community, **kw: object) -> TrueIncident:
        lat, lon = self._point(c)
        inc = TrueIncident(
            id=len(self.incidents) + 1,
            kind=kind,
            day=day,
            pcode=c.pcode,
            latitude=lat,
            longitude=lon,
            **kw,  # type: ignore[arg-type]
        )
        self.incidents.append(inc)
        if c.pcode in _CITIES:
            self.city_days.append((day, c))
        return inc

    def strikes(self, n: int) -> list[TrueIncident]:
        out = []
        for _ in range(n):
            if self.city_days and self.rng.random() < self.s.repeat_city_day:
                day, c = self.city_days[int(self.rng.integers(len(self.city_days)))]
            else:
                day, c = self._day(), self._place(city_share=0.35)
            label, code, _ = _pick(self.rng, _AW_STRIKE)
            party, _, _ = _pick(self.rng, _AW_BELLIGERENT)
            out.append(
                self.add(
                    "strike",
                    day,
                    c,
                    incident_type=str(code),
                    label=str(label),
                    killed=self._killed(),
                    party=str(party),
                )
            )
        return out


def _airwars_rows(
    w: _World, strikes: list[TrueIncident], hospital_ids: set[int]
) -> list[dict[str, str]]:
    rng, s, g = w.rng, w.s, gazetteer()
    rows = []
    for inc in strikes:
        c = w.by_pcode[inc.pcode]
        gov = g.get(c.admin1)
        assert gov is not None
        label, share_km = _geo(rng, _AW_GEO)
        lat, lon = _reported_point(w, inc, c, share_km)
        lo = max(0, inc.killed - int(rng.integers(0, 3)))
        hi = inc.killed + int(rng.integers(0, 4))
        children = min(lo, int(rng.integers(0, 3)))
        women = min(lo - children, int(rng.integers(0, 3)))
        injured = int(rng.integers(0, 10))
        prefix = next(p for b, p, _ in _AW_BELLIGERENT if b == inc.party)
        code = f"{prefix}{inc.id}"
        ranged = rng.random() < s.date_range
        rows.append(
            {
                "incident_code": code,
                "date": inc.day.isoformat(),
                "date_end": (inc.day + timedelta(days=2)).isoformat() if ranged else "",
                "date_type": "date_range" if ranged else "date",
                "local_time": "",
                "location_en": "" if rng.random() < s.english_missing else c.name_en,
                "location_ar": c.name_ar,
                "region_en": gov.name_en,
                "region_ar": gov.name_ar,
                "latitude": f"{lat:.5f}",
                "longitude": f"{lon:.5f}",
                "geolocation_precision": label,
                "belligerent": inc.party,
                "strike_type": inc.label,
                "strike_status": str(_pick(rng, _AW_STATUS)[0]),
                "civilian_harm_reported": "Yes",
                "grading": str(_pick(rng, _AW_GRADE)[0]),
                "cause_of_death": "Heavy weapons and explosive munitions",
                "infrastructure": _infrastructure(rng, inc.id in hospital_ids),
                "civ_killed_min": str(lo),
                "civ_killed_max": str(hi),
                "children_killed_min": str(children),
                "children_killed_max": str(children + int(rng.integers(0, 2))),
                "women_killed_min": str(women),
                "women_killed_max": str(women),
                "men_killed_min": "",
                "men_killed_max": "",
                "civ_injured_min": str(injured),
                "civ_injured_max": str(injured + int(rng.integers(0, 5))),
                "militants_killed_min": "",
                "militants_killed_max": "",
                "total_strikes": str(int(rng.integers(1, 5))),
                "airwars_url": f"https://airwars.org/civilian-casualties/{code.lower()}/",
            }
        )
    return rows


def _infrastructure(rng: np.random.Generator, hospital: bool) -> str:
    """Airwars' infrastructure column: mostly empty; "Healthcare" on most (not all) strikes
    that hit a health facility."""
    if hospital:
        return "Healthcare" if rng.random() < 0.75 else ""
    if rng.random() < 0.85:
        return ""
    return str(rng.choice(["Residential", "Education", "Agriculture"]))


def _geo(
    rng: np.random.Generator, table: Sequence[tuple[object, float, float]]
) -> tuple[str, float]:
    w = np.array([t[1] for t in table])
    label, _, km = table[int(rng.choice(len(table), p=w / w.sum()))]
    return str(label), km


def _reported_point(w: _World, inc: TrueIncident, c: _Community, km: float) -> tuple[float, float]:
    """Where a source puts an incident given its precision: the point itself for exact
    precisions, the community for village/town/city, the admin unit's centre for wider ones
    (never further from the true place than the precision says, except the country)."""
    g = gazetteer()
    if math.isinf(km):
        return _SYRIA_CENTRE
    if km <= 0.5:
        return _offset(w.rng, inc.latitude, inc.longitude, km * 0.5)
    if km <= 8.0:
        return (
            _offset(w.rng, c.lat, c.lon, min(km * 0.3, 1.0))
            if km > 2
            else _offset(w.rng, inc.latitude, inc.longitude, 0.5)
        )
    if km <= 30.0:
        return _offset(w.rng, inc.latitude, inc.longitude, km * 0.5)
    gov = g.get(c.admin1)
    assert gov is not None and gov.latitude is not None and gov.longitude is not None
    return gov.latitude, gov.longitude


def _shifted(w: _World, day: date) -> date:
    if w.rng.random() < w.s.date_shift:
        return day + timedelta(days=int(w.rng.choice((-1, 1))))
    return day


def _shcc_rows(w: _World, health: list[TrueIncident]) -> list[dict[str, str]]:
    rng, g = w.rng, gazetteer()
    rows = []
    for n, inc in enumerate(health, start=1):
        c = w.by_pcode[inc.pcode]
        gov = g.get(c.admin1)
        assert gov is not None
        label, km = _geo(rng, _SHCC_GEO)
        lat, lon = _reported_point(w, inc, c, km)
        day = _shifted(w, inc.day) if inc.kind == "strike" else inc.day
        kind, name = _SHCC_PERPETRATOR.get(
            inc.party.split(",")[0],
            ("Armed Forces of Government/Self-Declared Government", "Syrian Armed Forces"),
        )
        weapon = inc.label
        violent = weapon != "Not Applicable: No Direct Violence"
        building = inc.hospital
        row = dict.fromkeys(SHCC_HEADER, "")
        destroyed = building and violent and rng.random() < 0.3
        row.update(
            {
                "Date": day.isoformat(),
                "Event Description": (
                    f"{weapon} reported in {c.name_en}, {gov.name_en}: "
                    + ("a health facility was hit." if building else "health workers affected.")
                ),
                "Country": "Syria",
                "Country ISO": "SYR",
                "Admin 1": gov.name_en,
                "Latitude": f"{lat:.4f}",
                "Longitude": f"{lon:.4f}",
                "Geo Precision": label,
                "Reported Perpetrator": kind,
                "Reported Perpetrator Name": name,
                "Weapon Carried/Used": weapon,
                "Location": "Health Building"
                if building
                else str(rng.choice(["Road", "Open Space", "Home", "Checkpoint"])),
                "Number of Attacks on Health Facilities Reporting Destruction": (
                    "1" if destroyed else ""
                ),
                "Number of Attacks on Health Facilities Reporting Damaged": (
                    "1" if building and violent and not destroyed else ""
                ),
                "Health Workers Killed": str(int(rng.integers(0, 3))) if violent else "",
                "Health Workers Injured": str(int(rng.integers(0, 4))) if violent else "",
                "Health Workers Arrested": "" if violent else str(int(rng.integers(1, 4))),
                "Conflict-Related Violence": "1",
                "SiND Event ID": f"SY{20000 + n}",
            }
        )
        rows.append(row)
    return rows


def _acled_rows(w: _World, battles: list[TrueIncident]) -> list[dict[str, str]]:
    rng, g = w.rng, gazetteer()
    rows = []
    for n, inc in enumerate(battles, start=1):
        c = w.by_pcode[inc.pcode]
        gov, dis, sub = g.get(c.admin1), None, g.get(c.admin3 or "")
        assert gov is not None
        if sub is not None and sub.admin2:
            dis = g.get(sub.admin2)
        precision = int(rng.choice([p for p, _, _ in _ACLED_GEO], p=[s for _, s, _ in _ACLED_GEO]))
        km = {p: k for p, _, k in _ACLED_GEO}[precision]
        lat, lon = _reported_point(w, inc, c, km) if precision > 1 else (c.lat, c.lon)
        actor2 = str(_pick(rng, _ACLED_ACTORS)[0])
        inter1 = next(i for a, i, _ in _ACLED_ACTORS if a == inc.party)
        row = dict.fromkeys(ACLED_HEADER, "")
        row.update(
            {
                "data_id": str(9_000_000 + n),
                "iso": "760",
                "event_id_cnty": f"SYR{n}",
                "event_id_no_cnty": str(n),
                "event_date": inc.day.strftime("%d %B %Y"),
                "year": str(inc.day.year),
                "time_precision": "1",
                "event_type": "Battles",
                "sub_event_type": inc.label,
                "actor1": inc.party,
                "inter1": str(inter1),
                "actor2": actor2,
                "inter2": "2",
                "interaction": f"{inter1}2",
                "region": "Middle East",
                "country": "Syria",
                "admin1": gov.name_en,
                "admin2": dis.name_en if dis is not None else "",
                "admin3": sub.name_en if sub is not None else "",
                "location": c.name_en,
                "latitude": f"{lat:.4f}",
                "longitude": f"{lon:.4f}",
                "geo_precision": str(precision),
                "source": "SOHR",
                "source_scale": "National",
                "notes": (
                    f"On {inc.day.strftime('%d %B %Y')}, {inc.party} clashed with {actor2} "
                    f"in {c.name_en} ({gov.name_en})."
                ),
                "fatalities": str(inc.killed),
                "timestamp": "1600000000",
                "iso3": "SYR",
            }
        )
        rows.append(row)
    return rows


def _report_rows(
    source: str, rows: list[dict[str, str]], truth: dict[str, TrueIncident]
) -> list[dict[str, str]]:
    """The same reports in tawthiq's incident-report CSV (``REPORT_COLUMNS``)."""
    out = []
    for r in rows:
        if source == "Airwars":
            sid = r["incident_code"]
            date_text, date_end = r["date"], r["date_end"]
            place, gov = r["location_en"] or r["location_ar"], r["region_en"]
            lat, lon = r["latitude"], r["longitude"]
            lo, hi = r["civ_killed_min"], r["civ_killed_max"]
            target = "hospital" if r["infrastructure"] == "Healthcare" else "residential"
            party, desc = r["belligerent"], ""
        elif source == "SHCC":
            sid = r["SiND Event ID"]
            date_text, date_end = r["Date"], ""
            place, gov = "", r["Admin 1"]
            usable = r["Geo Precision"] != "(6) Country"
            lat = r["Latitude"] if usable else ""
            lon = r["Longitude"] if usable else ""
            lo = hi = r["Health Workers Killed"]
            target = "hospital" if r["Location"] == "Health Building" else ""
            party, desc = r["Reported Perpetrator Name"], r["Event Description"]
        else:
            sid = r["event_id_cnty"]
            date_text, date_end = truth[sid].day.isoformat(), ""
            place, gov = r["location"], r["admin1"]
            lat, lon = r["latitude"], r["longitude"]
            lo = hi = r["fatalities"]
            target, party, desc = "", r["actor1"], r["notes"]
        out.append(
            {
                "report_id": sid,
                "date": date_text,
                "date_end": date_end,
                "place": place,
                "governorate": gov,
                "latitude": lat,
                "longitude": lon,
                "type": truth[sid].incident_type,
                "target": target,
                "belligerent": party,
                "killed_min": lo,
                "killed_max": hi,
                "description": desc,
            }
        )
    return out


@dataclass(frozen=True)
class ExportScore:
    """Reconciled incidents against the truth of a simulated export scenario.

    A true incident is **recovered** when all its reports, across sources, land in one
    reconciled incident that holds no report of another true incident (a report that did not
    import leaves its incident unrecovered). A **false merge** is a reconciled incident
    holding reports of two or more true incidents; its share is taken of the reconciled
    incidents holding two or more reports (where a merge happened at all). ``true_shared``:
    true incidents reported by two sources, the only ones reconciliation has to join."""

    reports: int
    true_incidents: int
    recovered: int
    true_shared: int
    recovered_shared: int
    reconciled: int
    reconciled_multi: int
    false_merges: int
    review_pairs: int

    @property
    def recovered_share(self) -> float:
        return self.recovered / self.true_incidents if self.true_incidents else 0.0

    @property
    def recovered_shared_share(self) -> float:
        return self.recovered_shared / self.true_shared if self.true_shared else 0.0

    @property
    def false_merge_share(self) -> float:
        return self.false_merges / self.reconciled_multi if self.reconciled_multi else 0.0

    @property
    def review_percent(self) -> float:
        return 100.0 * self.review_pairs / self.reports if self.reports else 0.0


def score_exports(
    truth: dict[tuple[str, str], int], members: dict[tuple[str, str], int], review_pairs: int
) -> ExportScore:
    """Score reconciled incidents (report (source, id) → reconciled id) against the truth
    (report (source, id) → true incident id); ``review_pairs``: the undecided review queue."""
    true_of: dict[int, set[int]] = defaultdict(set)  # reconciled → true incidents in it
    rec_of: dict[int, set[int]] = defaultdict(set)  # true → reconciled incidents holding it
    size: Counter[int] = Counter()
    sources_of: dict[int, set[str]] = defaultdict(set)
    for key, true in truth.items():
        sources_of[true].add(key[0])
        rec = members.get(key)
        if rec is None:
            rec_of[true].add(-1)  # a report that did not import: never recovered
            continue
        true_of[rec].add(true)
        rec_of[true].add(rec)
        size[rec] += 1
    recovered = {
        t
        for t, recs in rec_of.items()
        if len(recs) == 1 and -1 not in recs and len(true_of[next(iter(recs))]) == 1
    }
    shared = {t for t, srcs in sources_of.items() if len(srcs) > 1}
    return ExportScore(
        reports=len(truth),
        true_incidents=len(rec_of),
        recovered=len(recovered),
        true_shared=len(shared),
        recovered_shared=len(recovered & shared),
        reconciled=len(size),
        reconciled_multi=sum(1 for n in size.values() if n > 1),
        false_merges=sum(1 for ts in true_of.values() if len(ts) > 1),
        review_pairs=review_pairs,
    )


def read_truth(path: Path) -> dict[tuple[str, str], int]:
    """``truth.csv``: (source, source's incident id) → true incident id."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            (r["source"], r["source_incident_id"]): int(r["incident_id"])
            for r in csv.DictReader(fh)
        }


def _write(
    path: Path, header: list[str], rows: list[dict[str, str]], hxl: list[str] | None = None
) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=header)
        out.writeheader()
        if hxl is not None:
            csv.writer(fh).writerow(hxl)
        out.writerows(rows)


def simulate_incident_exports(
    out: Path,
    settings: ExportSettings | None = None,
    *,
    layout: Literal["real", "report"] = "real",
) -> ExportFiles:
    """Draw a world of true incidents and write each source's export of it (see the module
    docstring) and ``truth.csv`` into ``out``."""
    s = settings or ExportSettings()
    w = _World(s)
    rng = w.rng
    strikes = w.strikes(s.airwars)
    # attacks on health care: some are Airwars strikes that hit a health building
    shared_n = min(round(s.shcc * s.shcc_in_airwars), len(strikes))
    hit = [strikes[int(i)] for i in rng.choice(len(strikes), size=shared_n, replace=False)]
    hit = [i for i in hit if i.incident_type in _SHCC_STRIKE_WEAPONS]
    hospital_ids = {i.id for i in hit}
    health: list[TrueIncident] = []
    for inc in hit:
        weapon = str(rng.choice(_SHCC_STRIKE_WEAPONS[inc.incident_type]))
        health.append(replace(inc, label=weapon, hospital=True))
    elsewhere = round(s.shcc * s.shcc_strikes_elsewhere)
    for _ in range(elsewhere):
        if w.city_days and rng.random() < 0.5:
            day, c = w.city_days[int(rng.integers(len(w.city_days)))]
        else:
            day, c = w._day(), w._place(city_share=0.35)
        weapon = str(rng.choice(["Aerial Bomb: Plane", "Aerial Bomb: Missile", "Shelling"]))
        code = "shelling" if weapon == "Shelling" else "airstrike"
        inc = w.add(
            "health",
            day,
            c,
            incident_type=code,
            label=weapon,
            killed=0,
            party="Syrian Armed Forces",
            hospital=rng.random() < 0.85,
        )
        health.append(inc)
    for _ in range(max(0, s.shcc - len(health))):
        weapon = str(_pick(rng, _SHCC_OTHER_WEAPONS)[0])
        code = {"Firearms": "ground_attack", "Not Applicable: No Direct Violence": "other"}.get(
            weapon, "explosion" if "IED" in weapon or "Explosive" in weapon else "unknown"
        )
        inc = w.add(
            "health",
            w._day(),
            w._place(city_share=0.35),
            incident_type=code,
            label=weapon,
            killed=0,
            party="Unidentified Armed Actor",
            hospital=rng.random() < 0.6,
        )
        health.append(inc)
    health = [health[int(i)] for i in rng.permutation(len(health))]
    # battles: never a strike, some on a strike's day and in its community
    battles = []
    for _ in range(s.acled):
        if strikes and rng.random() < s.battles_beside_strikes:
            base = strikes[int(rng.integers(len(strikes)))]
            day, c = base.day, w.by_pcode[base.pcode]
        else:
            day, c = w._day(), w._place(city_share=0.1)
        sub_label, sub_code, _ = _pick(rng, _ACLED_SUB)
        actor = str(_pick(rng, _ACLED_ACTORS)[0])
        battles.append(
            w.add(
                "battle",
                day,
                c,
                incident_type=str(sub_code),
                label=str(sub_label),
                killed=int(rng.integers(0, 12)),
                party=actor,
            )
        )
    aw = _airwars_rows(w, strikes, hospital_ids)
    sh = _shcc_rows(w, health)
    ac = _acled_rows(w, battles)
    truth_rows = (
        [("Airwars", r["incident_code"], inc) for r, inc in zip(aw, strikes, strict=True)]
        + [("SHCC", r["SiND Event ID"], inc) for r, inc in zip(sh, health, strict=True)]
        + [("ACLED", r["event_id_cnty"], inc) for r, inc in zip(ac, battles, strict=True)]
    )
    out.mkdir(parents=True, exist_ok=True)
    if layout == "real":
        files = {
            "Airwars": out / "airwars.csv",
            "SHCC": out / "shcc.csv",
            "ACLED": out / "acled.csv",
        }
        _write(files["Airwars"], AIRWARS_HEADER, aw)
        _write(files["SHCC"], SHCC_HEADER, sh, SHCC_HXL)
        _write(files["ACLED"], ACLED_HEADER, ac)
        formats = {"Airwars": "airwars", "SHCC": "shcc", "ACLED": "acled"}
    else:
        files = {k: out / f"{k.lower()}_report.csv" for k in ("Airwars", "SHCC", "ACLED")}
        by_sid = {f"{src}:{sid}": inc for src, sid, inc in truth_rows}
        for src, rows in (("Airwars", aw), ("SHCC", sh), ("ACLED", ac)):
            truth = {k.split(":", 1)[1]: v for k, v in by_sid.items() if k.startswith(src + ":")}
            rr = _report_rows(src, rows, truth)
            _write(files[src], list(rr[0]) if rr else ["report_id"], rr)
        formats = dict.fromkeys(files, "report")
    truth_path = out / "truth.csv"
    with truth_path.open("w", newline="", encoding="utf-8") as fh:
        wr = csv.writer(fh)
        wr.writerow(
            [
                "source",
                "source_incident_id",
                "incident_id",
                "kind",
                "incident_type",
                "date",
                "pcode",
                "latitude",
                "longitude",
            ]
        )
        for src, sid, inc in truth_rows:
            wr.writerow(
                [
                    src,
                    sid,
                    inc.id,
                    inc.kind,
                    inc.incident_type,
                    inc.day.isoformat(),
                    inc.pcode,
                    f"{inc.latitude:.6f}",
                    f"{inc.longitude:.6f}",
                ]
            )
    return ExportFiles(
        files=files,
        truth=truth_path,
        reports={"Airwars": len(aw), "SHCC": len(sh), "ACLED": len(ac)},
        true_incidents=len({inc.id for _, _, inc in truth_rows}),
        shared=len(hospital_ids),
        layout=layout,
        formats=formats,
    )
