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
    # issue 14 (appended: the simulator indexes ``tuple(Cause)``)
    DENIED_MEDICAL_CARE = "denied_medical_care"
    EXPLOSIVE_WEAPONS = "explosive_weapons"
    INCENDIARY = "incendiary"


class DatePrecision(StrEnum):
    """How much of a date the source actually gave; never invent the rest."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"


class Party(StrEnum):
    """Who a source says did it. ``russia_or_syrian_government`` and ``multiple`` hold a
    contested attribution: the source named more than one party and did not choose."""

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
    # issue 14 (appended: the simulator indexes ``tuple(Party)``)
    ISRAEL = "israel"
    IRAN = "iran"  # Iranian forces and the militias Iran backs (Hezbollah among them)
    HTS = "hts"  # Hay'at Tahrir al-Sham and its forerunners Jabhat al-Nusra, Jabhat Fateh al-Sham
    MULTIPLE = "multiple"  # several parties named, other than the Russia/Syrian-government pair


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
        Cause.DENIED_MEDICAL_CARE.value: ("denied medical care", "منع من تلقي العلاج"),
        Cause.EXPLOSIVE_WEAPONS.value: ("explosive weapons", "أسلحة متفجرة"),
        Cause.INCENDIARY.value: ("incendiary weapons", "أسلحة حارقة"),
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
        Party.ISRAEL.value: ("Israeli forces", "القوات الإسرائيلية"),
        Party.IRAN.value: (
            "Iranian forces and Iran-backed militias",
            "القوات الإيرانية والميليشيات المدعومة من إيران",
        ),
        Party.HTS.value: ("Hay'at Tahrir al-Sham", "هيئة تحرير الشام"),
        Party.MULTIPLE.value: ("several parties (contested)", "عدة أطراف (متنازع عليه)"),
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
        "denied medical care": "denied_medical_care",
        "lack of access to medical care": "denied_medical_care",
        "منع العلاج": "denied_medical_care",
        "explosive weapons": "explosive_weapons",
        "explosive munitions": "explosive_weapons",
        "incendiary": "incendiary",
        "incendiary weapons": "incendiary",
        "napalm": "incendiary",
        "white phosphorus": "incendiary",
        "أسلحة حارقة": "incendiary",
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
        "israel": "israel",
        "israeli forces": "israel",
        "إسرائيل": "israel",
        "iran": "iran",
        "iranian forces": "iran",
        "hezbollah": "iran",
        "إيران": "iran",
        "حزب الله": "iran",
        "الميليشيات الإيرانية": "iran",
        "hts": "hts",
        "hayat tahrir al-sham": "hts",
        "jabhat al-nusra": "hts",
        "multiple": "multiple",
        "several parties": "multiple",
        "عدة أطراف": "multiple",
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
    # issue 14 (appended): Airwars strike types
    NAVAL_BOMBARDMENT = "naval_bombardment"
    AIRSTRIKE_OR_ARTILLERY = "airstrike_or_artillery"  # the source could not tell which
    UNKNOWN = "unknown"
    # issue 16 (appended): fighting between armed groups, never an attack such as an airstrike
    ARMED_CLASH = "armed_clash"
    TERRITORY_CHANGE = "territory_change"  # ACLED: territory taken or regained


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
    IncidentType.NAVAL_BOMBARDMENT.value: ("naval bombardment", "قصف بحري"),
    IncidentType.AIRSTRIKE_OR_ARTILLERY.value: (
        "airstrike or artillery (not known which)",
        "غارة جوية أو قصف مدفعي",
    ),
    IncidentType.UNKNOWN.value: ("unknown", "غير معروف"),
    IncidentType.ARMED_CLASH.value: ("armed clash", "اشتباك مسلح"),
    IncidentType.TERRITORY_CHANGE.value: (
        "change of territorial control",
        "تغيّر السيطرة على منطقة",
    ),
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
    "armed clash": "armed_clash",
    "clashes": "armed_clash",
    "battle": "armed_clash",
    "اشتباكات": "armed_clash",
    "government regains territory": "territory_change",
    "non-state actor overtakes territory": "territory_change",
    "shooting": "ground_attack",
    "execution": "massacre",
    "mass killing": "massacre",
    "siege": "siege",
    "starvation": "siege",
    "detention": "detention_death",
    "death in detention": "detention_death",
    "torture": "detention_death",
    "ground operation": "ground_attack",
    "naval bombardment": "naval_bombardment",
    "naval strike": "naval_bombardment",
    "airstrike and/or artillery": "airstrike_or_artillery",
    "unknown": "unknown",
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
__all__ += ["Assessment", "IncidentType", "TargetType"]


# --- real exports (issue 14): weapons and harm ---------------------------------------------------


class Weapon(StrEnum):
    """The weapon or munition a source names, kept apart from the cause of death.

    Codes are munition kinds, not platforms: a bomb dropped from a plane or a drone is an
    ``aerial_bomb`` (the platform is the incident type's business). ``explosive`` is an explosive
    weapon whose kind the source did not state; ``anti_tank`` holds rocket-propelled grenades and
    anti-tank guided missiles; ``melee`` is knives, sticks, stones and bare hands; ``no_weapon``
    is a source saying no weapon was used (a threat, an obstruction), which is not ``unknown``.
    """

    AERIAL_BOMB = "aerial_bomb"
    BARREL_BOMB = "barrel_bomb"
    MISSILE = "missile"
    ROCKET = "rocket"
    ARTILLERY = "artillery"
    MORTAR = "mortar"
    CLUSTER_MUNITION = "cluster_munition"
    THERMOBARIC = "thermobaric"
    INCENDIARY = "incendiary"
    CHEMICAL = "chemical"
    LANDMINE = "landmine"
    NAVAL_MINE = "naval_mine"
    IED = "ied"
    VEHICLE_BOMB = "vehicle_bomb"
    SUICIDE_BOMB = "suicide_bomb"
    EXPLOSIVE = "explosive"
    GRENADE = "grenade"
    ANTI_TANK = "anti_tank"
    SMALL_ARMS = "small_arms"
    SNIPER = "sniper"
    MELEE = "melee"
    NO_WEAPON = "no_weapon"
    OTHER = "other"
    UNKNOWN = "unknown"


class Harm(StrEnum):
    """What happened to a named victim (Airwars' ``status`` column: killed or injured).

    Not civilian status: that is ``Status``. Lists of the missing and detained use the same
    column, hence the codes beyond killed and injured.
    """

    KILLED = "killed"
    INJURED = "injured"
    MISSING = "missing"
    DETAINED = "detained"
    UNKNOWN = "unknown"


LABELS[Weapon] = {
    Weapon.AERIAL_BOMB.value: ("aerial bomb", "قنبلة جوية"),
    Weapon.BARREL_BOMB.value: ("barrel bomb", "برميل متفجر"),
    Weapon.MISSILE.value: ("missile", "صاروخ"),
    Weapon.ROCKET.value: ("rocket", "قذيفة صاروخية"),
    Weapon.ARTILLERY.value: ("artillery shell", "قذيفة مدفعية"),
    Weapon.MORTAR.value: ("mortar", "قذيفة هاون"),
    Weapon.CLUSTER_MUNITION.value: ("cluster munition", "ذخيرة عنقودية"),
    Weapon.THERMOBARIC.value: ("thermobaric (vacuum) weapon", "سلاح فراغي"),
    Weapon.INCENDIARY.value: ("incendiary weapon", "سلاح حارق"),
    Weapon.CHEMICAL.value: ("chemical weapon", "سلاح كيميائي"),
    Weapon.LANDMINE.value: ("landmine", "لغم أرضي"),
    Weapon.NAVAL_MINE.value: ("naval mine", "لغم بحري"),
    Weapon.IED.value: ("improvised explosive device", "عبوة ناسفة"),
    Weapon.VEHICLE_BOMB.value: ("vehicle bomb", "سيارة مفخخة"),
    Weapon.SUICIDE_BOMB.value: ("suicide bomb", "تفجير انتحاري"),
    Weapon.EXPLOSIVE.value: ("explosive weapon (kind not stated)", "متفجرات غير محددة"),
    Weapon.GRENADE.value: ("hand grenade", "قنبلة يدوية"),
    Weapon.ANTI_TANK.value: ("anti-tank weapon", "سلاح مضاد للدروع"),
    Weapon.SMALL_ARMS.value: ("small arms", "أسلحة خفيفة"),
    Weapon.SNIPER.value: ("sniper fire", "رصاص قناص"),
    Weapon.MELEE.value: ("knife, blunt object or bare hands", "سلاح أبيض أو أداة أو باليد"),
    Weapon.NO_WEAPON.value: ("no weapon", "بدون سلاح"),
    Weapon.OTHER.value: ("other", "أخرى"),
    Weapon.UNKNOWN.value: ("unknown", "غير معروف"),
}
LABELS[Harm] = {
    Harm.KILLED.value: ("killed", "قتيل"),
    Harm.INJURED.value: ("injured", "جريح"),
    Harm.MISSING.value: ("missing", "مفقود"),
    Harm.DETAINED.value: ("detained", "معتقل"),
    Harm.UNKNOWN.value: ("unknown", "غير معروف"),
}
ALIASES[Weapon] = {
    "air-dropped bomb": "aerial_bomb",
    "barrel bombs": "barrel_bomb",
    "barrel": "barrel_bomb",
    "برميل": "barrel_bomb",
    "براميل متفجرة": "barrel_bomb",
    "missiles": "missile",
    "صواريخ": "missile",
    "rockets": "rocket",
    "grad": "rocket",
    "artillery": "artillery",
    "shell": "artillery",
    "shelling": "artillery",
    "قذيفة": "artillery",
    "mortars": "mortar",
    "هاون": "mortar",
    "cluster bomb": "cluster_munition",
    "cluster bombs": "cluster_munition",
    "قنابل عنقودية": "cluster_munition",
    "vacuum bomb": "thermobaric",
    "صواريخ فراغية": "thermobaric",
    "napalm": "incendiary",
    "white phosphorus": "incendiary",
    "نابالم": "incendiary",
    "فوسفور": "incendiary",
    "chlorine": "chemical",
    "sarin": "chemical",
    "كلور": "chemical",
    "سارين": "chemical",
    "mine": "landmine",
    "لغم": "landmine",
    "ألغام": "landmine",
    "ied": "ied",
    "ناسفة": "ied",
    "car bomb": "vehicle_bomb",
    "vbied": "vehicle_bomb",
    "مفخخة": "vehicle_bomb",
    "suicide bomber": "suicide_bomb",
    "explosive belt": "suicide_bomb",
    "حزام ناسف": "suicide_bomb",
    "explosives": "explosive",
    "grenade": "grenade",
    "rpg": "anti_tank",
    "atgm": "anti_tank",
    "firearms": "small_arms",
    "gunfire": "small_arms",
    "رصاص": "small_arms",
    "sniper": "sniper",
    "قناص": "sniper",
    "قنص": "sniper",
    "knife": "melee",
    "سكين": "melee",
    "none": "no_weapon",
}
ALIASES[Harm] = {
    "dead": "killed",
    "died": "killed",
    "death": "killed",
    "قتل": "killed",
    "مقتول": "killed",
    "شهيد": "killed",
    "wounded": "injured",
    "مصاب": "injured",
    "إصابة": "injured",
    "disappeared": "missing",
    "forcibly disappeared": "missing",
    "مختفي": "missing",
    "مختفي قسريا": "missing",
    "arrested": "detained",
    "detainee": "detained",
    "معتقلة": "detained",
}
_LABEL_CODES = _label_codes()
__all__ += ["Harm", "Weapon"]
