"""Controlled vocabularies, in one place for importers, normalisers, web forms and reports.

Each vocabulary is a ``StrEnum`` whose value is the stored code. ``LABELS`` gives the English and
Arabic label of each code, and ``ALIASES`` maps the spellings real lists use (lower-cased,
stripped) to a code. ``parse(vocab, text)`` returns the code or ``None`` when the text is not
recognised, so the caller decides whether that is a rejection or a warning.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

__all__ = [
    "ALIASES",
    "LABELS",
    "Cause",
    "DatePrecision",
    "Grade",
    "Party",
    "Sex",
    "Status",
    "label",
    "parse",
]


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """Civilian status as the documenter recorded it, not as tawthiq judges it."""

    CIVILIAN = "civilian"
    COMBATANT = "combatant"
    UNKNOWN = "unknown"


class Cause(StrEnum):
    AIRSTRIKE = "airstrike"
    BARREL_BOMB = "barrel_bomb"
    SHELLING = "shelling"
    SHOOTING = "shooting"
    CHEMICAL = "chemical"
    EXPLOSION = "explosion"
    SIEGE = "siege"
    TORTURE = "torture"
    EXECUTION = "execution"
    DETENTION = "detention"
    OTHER = "other"
    UNKNOWN = "unknown"


class DatePrecision(StrEnum):
    """How much of a date the source actually gave; never invent the rest."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"


class Party(StrEnum):
    SYRIAN_GOVERNMENT = "syrian_government"
    RUSSIA = "russia"
    RUSSIA_OR_SYRIAN_GOVERNMENT = "russia_or_syrian_government"
    US_LED_COALITION = "us_led_coalition"
    TURKEY = "turkey"
    ISIS = "isis"
    OPPOSITION = "opposition"
    SDF_YPG = "sdf_ypg"
    OTHER = "other"
    UNKNOWN = "unknown"


class Grade(StrEnum):
    """Airwars-style grading of an incident's attribution."""

    CONFIRMED = "confirmed"
    FAIR = "fair"
    WEAK = "weak"
    CONTESTED = "contested"
    DISCOUNTED = "discounted"


LABELS: dict[type[StrEnum], dict[str, tuple[str, str]]] = {
    # keyed by vocabulary: members of different vocabularies with the same value ("other",
    # "unknown") are equal as dict keys, so a flat member-keyed table would mix them up.
    Sex: {
        Sex.MALE.value: ("male", "ذكر"),
        Sex.FEMALE.value: ("female", "أنثى"),
        Sex.UNKNOWN.value: ("unknown", "غير معروف"),
    },
    Status: {
        Status.CIVILIAN.value: ("civilian", "مدني"),
        Status.COMBATANT.value: ("combatant", "مقاتل"),
        Status.UNKNOWN.value: ("unknown", "غير معروف"),
    },
    Cause: {
        Cause.AIRSTRIKE.value: ("airstrike", "قصف جوي"),
        Cause.BARREL_BOMB.value: ("barrel bomb", "برميل متفجر"),
        Cause.SHELLING.value: ("shelling", "قصف مدفعي"),
        Cause.SHOOTING.value: ("shooting", "إطلاق نار"),
        Cause.CHEMICAL.value: ("chemical attack", "هجوم كيميائي"),
        Cause.EXPLOSION.value: ("explosion", "تفجير"),
        Cause.SIEGE.value: ("siege deprivation", "حصار"),
        Cause.TORTURE.value: ("torture", "تعذيب"),
        Cause.EXECUTION.value: ("execution", "إعدام"),
        Cause.DETENTION.value: ("death in detention", "وفاة في المعتقل"),
        Cause.OTHER.value: ("other", "أخرى"),
        Cause.UNKNOWN.value: ("unknown", "غير معروف"),
    },
    DatePrecision: {
        DatePrecision.DAY.value: ("day", "يوم"),
        DatePrecision.MONTH.value: ("month", "شهر"),
        DatePrecision.YEAR.value: ("year", "سنة"),
        DatePrecision.RANGE.value: ("range", "فترة"),
    },
    Party: {
        Party.SYRIAN_GOVERNMENT.value: ("Syrian government forces", "قوات الحكومة السورية"),
        Party.RUSSIA.value: ("Russian forces", "القوات الروسية"),
        Party.RUSSIA_OR_SYRIAN_GOVERNMENT.value: (
            "Russian or Syrian government forces (contested)",
            "القوات الروسية أو قوات الحكومة السورية",
        ),
        Party.US_LED_COALITION.value: ("US-led coalition", "التحالف بقيادة الولايات المتحدة"),
        Party.TURKEY.value: ("Turkish forces", "القوات التركية"),
        Party.ISIS.value: ("ISIS", "تنظيم الدولة"),
        Party.OPPOSITION.value: ("armed opposition groups", "فصائل المعارضة المسلحة"),
        Party.SDF_YPG.value: ("SDF/YPG", "قوات سوريا الديمقراطية"),
        Party.OTHER.value: ("other", "أخرى"),
        Party.UNKNOWN.value: ("unknown", "غير معروف"),
    },
    Grade: {
        Grade.CONFIRMED.value: ("confirmed", "مؤكد"),
        Grade.FAIR.value: ("fair", "مقبول"),
        Grade.WEAK.value: ("weak", "ضعيف"),
        Grade.CONTESTED.value: ("contested", "متنازع عليه"),
        Grade.DISCOUNTED.value: ("discounted", "مستبعد"),
    },
}

_E = TypeVar("_E", bound=StrEnum)

ALIASES: dict[type[StrEnum], dict[str, str]] = {
    Sex: {
        "m": "male",
        "male": "male",
        "man": "male",
        "boy": "male",
        "ذكر": "male",
        "ذ": "male",
        "f": "female",
        "female": "female",
        "woman": "female",
        "girl": "female",
        "أنثى": "female",
        "انثى": "female",
        "أنثي": "female",
        "انثي": "female",
        "أ": "female",
        "u": "unknown",
        "unknown": "unknown",
        "غير معروف": "unknown",
    },
    Status: {
        "civilian": "civilian",
        "civ": "civilian",
        "مدني": "civilian",
        "مدنية": "civilian",
        "combatant": "combatant",
        "fighter": "combatant",
        "non-civilian": "combatant",
        "مقاتل": "combatant",
        "عسكري": "combatant",
        "unknown": "unknown",
        "غير معروف": "unknown",
    },
    Cause: {
        "barrel bomb": "barrel_bomb",
        "barrel bombs": "barrel_bomb",
        "برميل متفجر": "barrel_bomb",
        "air strike": "airstrike",
        "airstrike": "airstrike",
        "air raid": "airstrike",
        "aerial bombardment": "airstrike",
        "قصف جوي": "airstrike",
        "غارة جوية": "airstrike",
        "shelling": "shelling",
        "artillery": "shelling",
        "mortar": "shelling",
        "قصف مدفعي": "shelling",
        "قصف": "shelling",
        "قذيفة": "shelling",
        "shooting": "shooting",
        "gunfire": "shooting",
        "sniper": "shooting",
        "إطلاق نار": "shooting",
        "اطلاق نار": "shooting",
        "قنص": "shooting",
        "chemical": "chemical",
        "chemical attack": "chemical",
        "chemical weapons": "chemical",
        "كيميائي": "chemical",
        "هجوم كيميائي": "chemical",
        "غازات سامة": "chemical",
        "explosion": "explosion",
        "car bomb": "explosion",
        "ied": "explosion",
        "تفجير": "explosion",
        "انفجار": "explosion",
        "siege": "siege",
        "starvation": "siege",
        "siege deprivation": "siege",
        "حصار": "siege",
        "torture": "torture",
        "تعذيب": "torture",
        "تحت التعذيب": "torture",
        "execution": "execution",
        "field execution": "execution",
        "إعدام": "execution",
        "اعدام": "execution",
        "إعدام ميداني": "execution",
        "detention": "detention",
        "death in detention": "detention",
        "اعتقال": "detention",
        "other": "other",
        "أخرى": "other",
        "unknown": "unknown",
        "غير معروف": "unknown",
    },
    Party: {
        "syrian government": "syrian_government",
        "syrian government forces": "syrian_government",
        "regime": "syrian_government",
        "assad regime": "syrian_government",
        "government": "syrian_government",
        "syrian regime": "syrian_government",
        "saa": "syrian_government",
        "النظام": "syrian_government",
        "قوات النظام": "syrian_government",
        "قوات الحكومة السورية": "syrian_government",
        "russia": "russia",
        "russian forces": "russia",
        "russian": "russia",
        "القوات الروسية": "russia",
        "روسيا": "russia",
        "russia or syrian government": "russia_or_syrian_government",
        "russian or syrian government": "russia_or_syrian_government",
        "russia/regime": "russia_or_syrian_government",
        "russian or regime": "russia_or_syrian_government",
        "coalition": "us_led_coalition",
        "us-led coalition": "us_led_coalition",
        "us led coalition": "us_led_coalition",
        "التحالف الدولي": "us_led_coalition",
        "turkey": "turkey",
        "turkish forces": "turkey",
        "القوات التركية": "turkey",
        "isis": "isis",
        "isil": "isis",
        "islamic state": "isis",
        "daesh": "isis",
        "داعش": "isis",
        "تنظيم الدولة": "isis",
        "opposition": "opposition",
        "armed opposition": "opposition",
        "fsa": "opposition",
        "المعارضة": "opposition",
        "فصائل المعارضة": "opposition",
        "sdf": "sdf_ypg",
        "ypg": "sdf_ypg",
        "sdf/ypg": "sdf_ypg",
        "قسد": "sdf_ypg",
        "other": "other",
        "unknown": "unknown",
        "غير معروف": "unknown",
        "مجهول": "unknown",
    },
}


def parse(vocab: type[_E], text: str | None) -> _E | None:
    """The code for ``text`` in ``vocab``, or ``None`` when it is empty or not recognised."""
    if text is None:
        return None
    return _parse_cached(vocab, text)


@lru_cache(maxsize=4096)
def _parse_cached(vocab: type[_E], text: str) -> _E | None:
    # Lists repeat a handful of spellings millions of times: cache by (vocabulary, text).
    key = " ".join(text.strip().lower().split())
    if not key:
        return None
    try:
        return vocab(key)
    except ValueError:
        pass
    alias = ALIASES.get(vocab, {}).get(key) or _LABEL_CODES.get(vocab, {}).get(key)
    return vocab(alias) if alias is not None else None


def _label_codes() -> dict[type[StrEnum], dict[str, str]]:
    # Every English and Arabic label also reads back as its code.
    out: dict[type[StrEnum], dict[str, str]] = {}
    for vocab, codes in LABELS.items():
        for value, labels in codes.items():
            for text in labels:
                out.setdefault(vocab, {})[" ".join(text.lower().split())] = value
    return out


_LABEL_CODES = _label_codes()


def label(code: StrEnum, lang: str = "en") -> str:
    """The English (``lang="en"``) or Arabic (``lang="ar"``) label of a code."""
    en, ar = LABELS[type(code)][code.value]
    return ar if lang == "ar" else en


# --- incidents (issue 7): appended vocabularies -------------------------------------------------


class IncidentType(StrEnum):
    """What kind of attack an incident was (a report's own words are kept beside the code)."""

    AIRSTRIKE = "airstrike"
    BARREL_BOMB = "barrel_bomb"
    SHELLING = "shelling"
    MISSILE = "missile"
    CHEMICAL = "chemical"
    GROUND_ATTACK = "ground_attack"
    MASSACRE = "massacre"
    SIEGE = "siege"
    DETENTION_DEATH = "detention_death"
    OTHER = "other"


class TargetType(StrEnum):
    """What was hit: the infrastructure categories that reports and health-care trackers use."""

    HOSPITAL = "hospital"
    SCHOOL = "school"
    MARKET = "market"
    BAKERY = "bakery"
    RESIDENTIAL = "residential"
    CIVIL_DEFENCE = "civil_defence"
    WATER = "water"
    SHELTER = "shelter"
    OTHER = "other"


class Assessment(StrEnum):
    """How strongly a belligerent is tied to an incident (per source, then per incident)."""

    ALLEGED = "alleged"
    LIKELY = "likely"
    CONFIRMED = "confirmed"
    DENIED = "denied"
    CONTESTED = "contested"


LABELS[IncidentType] = {
    IncidentType.AIRSTRIKE.value: ("airstrike", "غارة جوية"),
    IncidentType.BARREL_BOMB.value: ("barrel bomb", "برميل متفجر"),
    IncidentType.SHELLING.value: ("shelling", "قصف مدفعي"),
    IncidentType.MISSILE.value: ("missile", "صاروخ"),
    IncidentType.CHEMICAL.value: ("chemical attack", "هجوم كيميائي"),
    IncidentType.GROUND_ATTACK.value: ("ground attack", "هجوم بري"),
    IncidentType.MASSACRE.value: ("massacre", "مجزرة"),
    IncidentType.SIEGE.value: ("siege deprivation", "حصار"),
    IncidentType.DETENTION_DEATH.value: ("death in detention", "وفاة في المعتقل"),
    IncidentType.OTHER.value: ("other", "أخرى"),
}
LABELS[TargetType] = {
    TargetType.HOSPITAL.value: ("hospital or medical facility", "مشفى أو منشأة طبية"),
    TargetType.SCHOOL.value: ("school", "مدرسة"),
    TargetType.MARKET.value: ("market", "سوق"),
    TargetType.BAKERY.value: ("bakery", "فرن"),
    TargetType.RESIDENTIAL.value: ("residential", "حي سكني"),
    TargetType.CIVIL_DEFENCE.value: ("civil defence", "الدفاع المدني"),
    TargetType.WATER.value: ("water facility", "منشأة مياه"),
    TargetType.SHELTER.value: ("shelter", "ملجأ"),
    TargetType.OTHER.value: ("other", "أخرى"),
}
LABELS[Assessment] = {
    Assessment.ALLEGED.value: ("alleged", "مزعوم"),
    Assessment.LIKELY.value: ("likely", "مرجح"),
    Assessment.CONFIRMED.value: ("confirmed", "مؤكد"),
    Assessment.DENIED.value: ("denied", "منفي"),
    Assessment.CONTESTED.value: ("contested", "متنازع عليه"),
}
ALIASES[IncidentType] = {
    "air strike": "airstrike",
    "air/drone strike": "airstrike",
    "air raid": "airstrike",
    "aerial bombardment": "airstrike",
    "drone strike": "airstrike",
    "قصف جوي": "airstrike",
    "barrel bomb": "barrel_bomb",
    "barrel bombs": "barrel_bomb",
    "artillery": "shelling",
    "mortar": "shelling",
    "shelling/artillery/missile attack": "shelling",
    "rocket": "missile",
    "rockets": "missile",
    "ballistic missile": "missile",
    "cruise missile": "missile",
    "chemical": "chemical",
    "chemical weapon": "chemical",
    "chemical weapons": "chemical",
    "ground attack": "ground_attack",
    "attack": "ground_attack",
    "armed clash": "ground_attack",
    "shooting": "ground_attack",
    "execution": "massacre",
    "mass killing": "massacre",
    "siege": "siege",
    "starvation": "siege",
    "detention": "detention_death",
    "death in detention": "detention_death",
    "torture": "detention_death",
}
ALIASES[TargetType] = {
    "hospital": "hospital",
    "medical facility": "hospital",
    "health facility": "hospital",
    "clinic": "hospital",
    "field hospital": "hospital",
    "medical point": "hospital",
    "ambulance": "hospital",
    "مشفى": "hospital",
    "مستشفى": "hospital",
    "school": "school",
    "مدرسة": "school",
    "market": "market",
    "marketplace": "market",
    "سوق": "market",
    "bakery": "bakery",
    "فرن": "bakery",
    "residential": "residential",
    "residential area": "residential",
    "home": "residential",
    "houses": "residential",
    "civil defence": "civil_defence",
    "civil defense": "civil_defence",
    "white helmets": "civil_defence",
    "water": "water",
    "water station": "water",
    "shelter": "shelter",
    "idp camp": "shelter",
    "camp": "shelter",
}
ALIASES[Assessment] = {
    "claimed": "alleged",
    "accused": "alleged",
    "suspected": "alleged",
    "probable": "likely",
    "accepted": "confirmed",
    "admitted": "confirmed",
    "accepted responsibility": "confirmed",
    "acknowledged": "confirmed",
    "denies": "denied",
    "disputed": "contested",
}
_LABEL_CODES = _label_codes()
__all__ += ["Assessment", "IncidentType", "TargetType"]
