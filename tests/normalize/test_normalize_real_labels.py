"""Every category label real exports write is read as a code (issue 14's acceptance test).

The labels come from ``shared/data/real_labels/labels.md`` beside the repository when it is
there, else from its copy ``tests/data/real_labels.md``. The file is parsed generically (``##
source``, ``### column (N distinct)``, then ``count<TAB>label`` lines), so a label added to it
fails here until tawthiq reads it, as a code or as an explicit unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import pytest

from tawthiq.model.vocab import Cause, Grade, Harm, IncidentType, Party, Sex, Status, Weapon
from tawthiq.normalize.vocab import (
    normalize_vocab,
    parse_age_group,
    parse_codes,
    parse_party,
    parse_sex_age,
    unmapped_parts,
)

SHARED = Path(__file__).parents[2].parent / "shared/data/real_labels/labels.md"
COPY = Path(__file__).parents[1] / "data/real_labels.md"
LABELS_FILE = SHARED if SHARED.exists() else COPY

_Sections = dict[tuple[str, str], tuple[int, list[str]]]


def read_sections(text: str) -> _Sections:
    """(source, column) → (the distinct count the heading states, the labels listed)."""
    sections: _Sections = {}
    source = column = None
    for line in text.splitlines():
        if line.startswith("## "):
            source, column = line[3:].strip(), None
        elif line.startswith("### ") and source is not None:
            m = re.match(r"###\s+(.*?)\s*(?:\((\d+) distinct\))?\s*$", line)
            assert m is not None
            column = m.group(1)
            sections[(source, column)] = (int(m.group(2) or 0), [])
        elif column is not None and (m := re.match(r"^\d+\t(.+)$", line)):
            sections[(source, column)][1].append(m.group(1))
        elif line.strip() and not line.startswith("#"):
            column = None  # prose after a section ends it
    return sections


SECTIONS = read_sections(LABELS_FILE.read_text(encoding="utf-8"))


def _one(vocab: type[StrEnum]) -> Callable[[str], object]:
    return lambda text: normalize_vocab(vocab, text)


def _all(vocab: type[StrEnum]) -> Callable[[str], object]:
    return lambda text: parse_codes(vocab, text)


def _sex_and_age(text: str) -> object:
    sex, group = parse_sex_age(text)
    return (sex, group) if sex is not None and group is not None else None


READERS: dict[tuple[str, str], Callable[[str], object]] = {
    ("VDC", "sex"): _sex_and_age,
    ("VDC", "status"): _one(Status),
    ("VDC", "cause_of_death"): _one(Cause),
    ("VDC", "actors"): _all(Party),
    ("VDC", "weapon_type"): _all(Weapon),
    ("AIRWARS incidents", "belligerent"): _all(Party),
    ("AIRWARS incidents", "strike_type"): _all(IncidentType),
    ("AIRWARS incidents", "grading"): _one(Grade),
    ("AIRWARS incidents", "cause_of_death"): _all(Cause),
    ("AIRWARS victims", "sex"): _one(Sex),
    ("AIRWARS victims", "age_group"): parse_age_group,
    ("AIRWARS victims", "status"): _one(Harm),
    ("ACLED", "actor1"): parse_party,
    ("SHCC", "Reported Perpetrator"): _one(Party),
    ("SHCC", "Reported Perpetrator Name"): _all(Party),
    ("SHCC", "Weapon Carried/Used"): _all(Weapon),
}
"""Each coded column tawthiq must read, and how it reads it: one code, or every code a joined
cell names (``parse_codes``: all parts read, else ``None``)."""

VOCAB_OF: dict[tuple[str, str], type[StrEnum]] = {
    ("VDC", "actors"): Party,
    ("VDC", "weapon_type"): Weapon,
    ("AIRWARS incidents", "belligerent"): Party,
    ("AIRWARS incidents", "strike_type"): IncidentType,
    ("AIRWARS incidents", "cause_of_death"): Cause,
    ("SHCC", "Reported Perpetrator Name"): Party,
    ("SHCC", "Weapon Carried/Used"): Weapon,
}


def _short(source: str) -> str:
    """ "INSECURITY INSIGHT (SHCC) attacks on health care" → "SHCC"; others as written."""
    m = re.search(r"\((\w+)\)", source)
    return m.group(1) if m else source


def _labels() -> list[tuple[str, str, str]]:
    return [
        (_short(source), column, text)
        for (source, column), (_, labels) in SECTIONS.items()
        if (_short(source), column) in READERS
        for text in labels
    ]


def test_the_labels_file_has_every_section_read() -> None:
    found = {(_short(s), c): v for (s, c), v in SECTIONS.items()}
    for key in READERS:
        assert key in found, f"section {key} missing from {LABELS_FILE}"
        distinct, labels = found[key]
        assert labels, key
        if key != ("ACLED", "actor1"):  # ACLED: the 40 most frequent of 201
            assert len(labels) == distinct, key
    assert len(found[("ACLED", "actor1")][1]) == 40


@pytest.mark.parametrize(("source", "column", "text"), _labels())
def test_every_real_label_is_read(source: str, column: str, text: str) -> None:
    read = READERS[(source, column)](text)
    vocab = VOCAB_OF.get((source, column))
    unread = unmapped_parts(vocab, text) if vocab is not None else ()
    assert read is not None, f"{source} {column}: {text!r} is not read (unread parts: {unread})"


def test_the_copy_is_verbatim() -> None:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} not beside the repository")
    assert COPY.read_bytes() == SHARED.read_bytes(), "refresh tests/data/real_labels.md"


# --- what the labels are read as: the mapping choices, written out -------------------------

P = Party
EXPECTED_PARTY: dict[str, Party] = {
    # VDC
    "Syrian government and affiliated militias": P.SYRIAN_GOVERNMENT,
    "The organization of the Islamic State in Iraq and the Levant - ISIS": P.ISIS,
    "Not identified": P.UNKNOWN,
    "Russian troops": P.RUSSIA,
    "International coalition forces": P.US_LED_COALITION,
    "Armed opposition groups": P.OPPOSITION,
    "Self administration forces": P.SDF_YPG,
    "Al-Nusra Front": P.HTS,
    # Airwars
    "Russian Military, Syrian Regime": P.RUSSIA_OR_SYRIAN_GOVERNMENT,
    "Russian Military, U.S.-led Coalition": P.MULTIPLE,
    "Jordanian Military": P.US_LED_COALITION,
    "UK Military": P.US_LED_COALITION,
    "Israeli Military": P.ISRAEL,
    "Iranian Military": P.IRAN,
    "Kurdish Forces, Syrian Democratic Forces, Syrian Regime": P.MULTIPLE,
    # ACLED
    "Military Forces of Syria (2000-)": P.SYRIAN_GOVERNMENT,
    "Unidentified Armed Group (Syria)": P.UNKNOWN,
    "HTS: Hayat Tahrir al Sham": P.HTS,
    "Jabhat Fateh al Sham": P.HTS,
    "Operation Peace Spring": P.TURKEY,
    "Operation Olive Branch": P.TURKEY,
    "Operation Euphrates Shield": P.TURKEY,
    "JWS: Syrian National Army": P.OPPOSITION,
    "Khalid ibn al Walid Army": P.ISIS,
    "Military Forces of Syria (2000-) Tiger Paramilitary Forces (Qawat al Nimr)": (
        P.SYRIAN_GOVERNMENT
    ),
    "QDW: National Defence Forces": P.SYRIAN_GOVERNMENT,
    "Military Forces of Syria (2000-) 4th Armored Division": P.SYRIAN_GOVERNMENT,
    "Militia (Pro-Government)": P.SYRIAN_GOVERNMENT,
    "Military Forces of Syria (2000-) Syrian Arab Air Defense Force": P.SYRIAN_GOVERNMENT,
    "National Police Forces": P.SYRIAN_GOVERNMENT,
    "Asayish (Syria)": P.SDF_YPG,
    "Hezbollah": P.IRAN,
    "Global Coalition Against Daesh": P.US_LED_COALITION,
    "Military Forces of Israel (2009-2021)": P.ISRAEL,
    # SHCC types: a type that names no party is unknown, one that is no party is other
    "Armed Forces of Government/Self-Declared Government": P.UNKNOWN,
    "Foreign Forces: Military": P.UNKNOWN,
    "NSA": P.UNKNOWN,
    "Police": P.UNKNOWN,
    "No Information": P.UNKNOWN,
    "Multiple": P.MULTIPLE,
    "Civilian": P.OTHER,
    "Criminal": P.OTHER,
    "Protestors": P.OTHER,
    # SHCC names
    "Syrian or Russian Forces": P.RUSSIA_OR_SYRIAN_GOVERNMENT,
    "Armed Forces of the Russian Federation, Syrian Armed Forces": (P.RUSSIA_OR_SYRIAN_GOVERNMENT),
    "Government of Russia, Government of Syria": P.RUSSIA_OR_SYRIAN_GOVERNMENT,
    "Unidentified Armed Actor": P.UNKNOWN,
    "Kurdish Armed Forces": P.SDF_YPG,
    "Tahrir al-Sham": P.HTS,
    "Syrian Salvation Government": P.HTS,
    "US Military": P.US_LED_COALITION,
}


@pytest.mark.parametrize(("text", "party"), EXPECTED_PARTY.items())
def test_parties(text: str, party: Party) -> None:
    assert parse_party(text) is party


EXPECTED_CAUSE: dict[str, Cause] = {
    "Warplane shelling": Cause.AIRSTRIKE,
    "Field Execution": Cause.EXECUTION,
    "Detention - Torture": Cause.TORTURE,
    "Detention - Execution": Cause.EXECUTION,
    "Detention - Torture - Execution": Cause.EXECUTION,
    "Kidnapping - Execution": Cause.EXECUTION,
    "Kidnapping - Torture": Cause.TORTURE,
    "Kidnapping - Torture - Execution": Cause.EXECUTION,
    "Chemical and toxic gases": Cause.CHEMICAL,
    "Un-allowed to seek Medical help": Cause.DENIED_MEDICAL_CARE,
    "Siege": Cause.SIEGE,
    "Explosion": Cause.EXPLOSION,
    "Other": Cause.OTHER,
    "Unknown": Cause.UNKNOWN,
    "Heavy weapons and explosive munitions": Cause.EXPLOSIVE_WEAPONS,
    "Small arms and light weapons": Cause.SHOOTING,
    "Planted explosives and unexploded ordnance (UXO)": Cause.EXPLOSION,
    "Chemical, Biological, Radiological, Nuclear (CBRN)": Cause.CHEMICAL,
    "Denial of access to/destruction of objects indispensable to survival": Cause.SIEGE,
    "Incendiary": Cause.INCENDIARY,
    "Accidents related to conflict": Cause.OTHER,
    "Electromagnetic weapons": Cause.OTHER,
}


@pytest.mark.parametrize(("text", "cause"), EXPECTED_CAUSE.items())
def test_causes(text: str, cause: Cause) -> None:
    assert normalize_vocab(Cause, text) is cause


W = Weapon
EXPECTED_WEAPONS: dict[str, tuple[Weapon, ...]] = {
    "Explosive barrels": (W.BARREL_BOMB,),
    "explosive barrels": (W.BARREL_BOMB,),
    "Explosive barrels with Napalm": (W.BARREL_BOMB, W.INCENDIARY),
    "Fiil missile": (W.ROCKET,),
    "Shelka": (W.ARTILLERY,),
    "Kornet missile": (W.ANTI_TANK,),
    "Cornet missile": (W.ANTI_TANK,),
    "Vacuum bombs": (W.THERMOBARIC,),
    "Marine mines": (W.NAVAL_MINE,),
    "Land mine": (W.LANDMINE,),
    "Car Bomb": (W.VEHICLE_BOMB,),
    "Explosive belt": (W.SUICIDE_BOMB,),
    "Sniper gunfire": (W.SNIPER,),
    "Chlorine Gas": (W.CHEMICAL,),
    "Aerial Bomb: Plane": (W.AERIAL_BOMB,),
    "Aerial Bomb: Missile": (W.MISSILE,),
    "Aerial Bomb: Plane, Cluster Bomb": (W.AERIAL_BOMB, W.CLUSTER_MUNITION),
    "Firearms": (W.SMALL_ARMS,),
    "VBIED": (W.VEHICLE_BOMB,),
    "Unspecified Explosive": (W.EXPLOSIVE,),
    "No Information on the Weapon Used": (W.UNKNOWN,),
    "Not Applicable: No Direct Violence": (W.NO_WEAPON,),
    "Stones, Sticks and Gravel": (W.MELEE,),
}


@pytest.mark.parametrize(("text", "weapons"), EXPECTED_WEAPONS.items())
def test_weapons(text: str, weapons: tuple[Weapon, ...]) -> None:
    assert parse_codes(Weapon, text) == weapons


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Airstrike", (IncidentType.AIRSTRIKE,)),
        ("Airstrike and/or Artillery", (IncidentType.AIRSTRIKE_OR_ARTILLERY,)),
        ("Airstrike, Drone Strike", (IncidentType.AIRSTRIKE,)),
        ("Counter-Terrorism Action (Ground)", (IncidentType.GROUND_ATTACK,)),
        ("Artillery, Naval bombardment", (IncidentType.SHELLING, IncidentType.NAVAL_BOMBARDMENT)),
        ("Unknown", (IncidentType.UNKNOWN,)),
    ],
)
def test_strike_types(text: str, types: tuple[IncidentType, ...]) -> None:
    assert parse_codes(IncidentType, text) == types


def test_grades_and_harm() -> None:
    assert normalize_vocab(Grade, "Contested, Discounted") is Grade.DISCOUNTED
    assert normalize_vocab(Harm, "injured") is Harm.INJURED
    assert normalize_vocab(Status, "Non-Civilian") is Status.COMBATANT
