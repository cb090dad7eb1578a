"""Attacks on health care: the facility register, the PHR/WHO SSA crosswalk, withheld fields.

A facility is registered once (by its name key and P-code) and each reconciled incident that
hit it is one attack on it: repeat attacks on one hospital count once as a facility attacked
and N times as attacks (``FacilityCounts``).

A report need not name the facility: Insecurity Insight / SHCC publishes no facility names, only
counts ("facilities destroyed: 1"). An attack whose reports count a facility destroyed, damaged,
entered, occupied or looted, or whose target is a health facility, registers a facility
identified by its place and type (``UNNAMED``), one per P-code and type: two unnamed attacks in
one community count as attacks on one facility, the cautious reading.

Crosswalk: tawthiq codes an attack by incident type (``IncidentType``); ``CROSSWALK`` gives the
category Physicians for Human Rights uses on its Syria map of attacks on health care (by means of
attack) and the WHO Surveillance System for Attacks on Health Care (SSA) attack type. The SSA
counts any act of violence against health care, including obstruction and arrests; PHR's Syria
data counts attacks on facilities and killings of medical personnel. ``KIND_CROSSWALK`` gives
the SSA type of each health-care count SHCC reports (kidnapped or arrested health workers,
forceful entry, obstruction …), so that those counts are coded too.

Withheld fields: as the WHO SSA does for its public dashboard, a public export of an attack on
a facility marked sensitive keeps the date, the governorate (first administrative level), the
attack type and the counts, and withholds ``WITHHELD_FIELDS`` (facility name, sub-national
place below the governorate, P-code, coordinates, descriptions and source links).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tawthiq.normalize import normalize_arabic

__all__ = [
    "CROSSWALK",
    "KIND_CROSSWALK",
    "UNNAMED",
    "WITHHELD_FIELDS",
    "FacilityCounts",
    "crosswalk",
    "facility_counts",
    "facility_key",
    "withhold",
]

CROSSWALK: dict[str, tuple[str, str]] = {
    # incident type: (PHR category, WHO SSA attack type)
    "airstrike": ("aerial bombardment", "violence with heavy weapons"),
    "barrel_bomb": ("aerial bombardment (barrel bomb)", "violence with heavy weapons"),
    "missile": ("missile or rocket", "violence with heavy weapons"),
    "shelling": ("shelling", "violence with heavy weapons"),
    "chemical": ("chemical weapons", "chemical agent"),
    "ground_attack": ("ground attack (shooting, storming)", "violence with individual weapons"),
    "massacre": ("ground attack (shooting, storming)", "violence with individual weapons"),
    "siege": ("siege (obstruction of care)", "obstruction to health care delivery"),
    "detention_death": (
        "arrest or detention of personnel",
        "abduction/arrest/detention of health personnel or patients",
    ),
    "airstrike_or_artillery": ("aerial bombardment or shelling", "violence with heavy weapons"),
    "naval_bombardment": ("shelling", "violence with heavy weapons"),
    "explosion": ("explosive device", "violence with heavy weapons"),
    "obstruction": ("siege (obstruction of care)", "obstruction to health care delivery"),
    "other": ("other", "other"),
}
"""Incident type → (PHR category, WHO SSA attack type); see the module docstring."""

KIND_CROSSWALK: dict[str, str] = {
    "hw_killed": "violence with individual or heavy weapons (deaths)",
    "hw_injured": "violence with individual or heavy weapons (injuries)",
    "hw_kidnapped": "abduction/arrest/detention of health personnel or patients",
    "hw_arrested": "abduction/arrest/detention of health personnel or patients",
    "hw_threatened": "psychological violence/threat of violence/intimidation",
    "hw_assaulted": "assault",
    "hw_sexually_assaulted": "sexual assault",
    "facilities_destroyed": "violence against a health facility (destroyed)",
    "facilities_damaged": "violence against a health facility (damaged)",
    "forceful_entry": "armed or violent search of health care personnel, facilities or transport",
    "occupation": "militarization of health care asset",
    "transport_destroyed": "violence against health transport",
    "transport_damaged": "violence against health transport",
    "transport_hijacked": "removal of health care assets",
    "looting": "removal of health care assets",
    "access_denied": "obstruction to health care delivery",
}
"""SHCC health-care count kind → WHO SSA attack type (see the module docstring)."""

UNNAMED = "unnamed health facility"
"""The name of a facility known only by its place and type."""

WITHHELD_FIELDS: tuple[str, ...] = (
    "facility_name",
    "place_text",
    "pcode",
    "latitude",
    "longitude",
    "description",
    "urls",
)
"""Fields left out of a public export when the facility or the incident is marked sensitive."""


def crosswalk(incident_type: str | None) -> tuple[str, str]:
    """The (PHR category, WHO SSA attack type) of an incident type; unknown → other."""
    return CROSSWALK.get(incident_type or "other", CROSSWALK["other"])


def facility_key(name: str) -> str:
    """A facility name as a key: Arabic letters unified, case, punctuation and "hospital"-like
    words in either script kept (they tell two facilities of one town apart)."""
    text = normalize_arabic(name).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())[:200]


@dataclass(frozen=True)
class FacilityCounts:
    """Facilities attacked (each once) and attacks (each attack once), and repeat attacks."""

    facilities: int
    attacks: int
    repeat_facilities: int
    """Facilities attacked more than once."""
    attacks_per_facility: Mapping[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "facilities_attacked": self.facilities,
            "attacks": self.attacks,
            "facilities_attacked_more_than_once": self.repeat_facilities,
            "attacks_per_facility": {str(k): v for k, v in self.attacks_per_facility.items()},
        }


def facility_counts(attacks: Iterable[tuple[int, int]]) -> FacilityCounts:
    """Counts from (facility id, incident id) pairs: an incident hitting a facility is one
    attack however many sources reported it."""
    per: dict[int, set[int]] = {}
    for facility, incident in attacks:
        per.setdefault(facility, set()).add(incident)
    counts = {f: len(i) for f, i in sorted(per.items())}
    return FacilityCounts(
        facilities=len(counts),
        attacks=sum(counts.values()),
        repeat_facilities=sum(1 for n in counts.values() if n > 1),
        attacks_per_facility=counts,
    )


def withhold(row: Mapping[str, Any], *, sensitive: bool) -> dict[str, Any]:
    """A public copy of an exported row: without ``WITHHELD_FIELDS`` when ``sensitive``."""
    if not sensitive:
        return dict(row)
    return {k: v for k, v in row.items() if k not in WITHHELD_FIELDS}
