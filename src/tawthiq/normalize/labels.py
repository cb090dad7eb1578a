"""The category labels real Syria exports write, and the code each is read as.

The labels are those of the shared reference list ``shared/data/real_labels/labels.md``
(copied in ``tests/data/real_labels.md``): the Violations Documentation Center (VDC) victim
database, Airwars incidents and named victims, ACLED actors and Insecurity Insight / SHCC
attacks on health care. ``tests/normalize/test_normalize_real_labels.py`` reads that file and
fails on any label these tables (with the vocabularies' own labels and aliases) leave unread, so
a new label in an export is a failing test rather than a silently uncoded column.

Each label maps to one code, or to a tuple when one label names two things at once (VDC's
"Explosive barrels with Napalm" is a barrel bomb *and* an incendiary weapon). Labels are matched
after :func:`tawthiq.normalize.vocab` folding (case, spacing, punctuation, Arabic letter forms),
so "Explosive barrels" and "explosive barrels" are one entry.

:data:`PARTY_KEYWORDS` holds the word rules for actor names no table lists (ACLED alone has
hundreds): a party is named when one of its words appears as a whole word. They are the rules
``ingest.incidents`` used for incidents only; victims and incidents now share them.
"""

from __future__ import annotations

from enum import StrEnum

from tawthiq.model.vocab import Cause, Grade, IncidentType, Party, Status, Weapon

__all__ = ["PARTY_KEYWORDS", "PARTY_QUALIFIERS", "REAL_LABELS"]

_Codes = str | tuple[str, ...]

_CAUSE: dict[str, _Codes] = {
    # VDC cause_of_death. Its compound labels name the circumstance, then how the person died:
    # the last step is the cause ("Detention - Torture - Execution" is an execution, "Detention
    # - Torture" a death under torture); detention or kidnapping is the setting, not the cause.
    "Warplane shelling": Cause.AIRSTRIKE,
    "Field Execution": Cause.EXECUTION,
    "Detention - Torture": Cause.TORTURE,
    "Detention - Execution": Cause.EXECUTION,
    "Detention - Torture - Execution": Cause.EXECUTION,
    "Kidnapping - Execution": Cause.EXECUTION,
    "Kidnapping - Torture": Cause.TORTURE,
    "Kidnapping - Torture - Execution": Cause.EXECUTION,
    "Chemical and toxic gases": Cause.CHEMICAL,
    # denied care is its own code: folding it into "siege" would claim a siege VDC did not say
    "Un-allowed to seek Medical help": Cause.DENIED_MEDICAL_CARE,
    "Siege": Cause.SIEGE,
    "Explosion": Cause.EXPLOSION,
    # the same VDC categories as Arabic lists word them
    "قصف الطيران الحربي": Cause.AIRSTRIKE,
    "اعتقال - تعذيب": Cause.TORTURE,
    "اعتقال - إعدام": Cause.EXECUTION,
    "اعتقال - تعذيب - إعدام": Cause.EXECUTION,
    "خطف - إعدام": Cause.EXECUTION,
    "خطف - تعذيب": Cause.TORTURE,
    "خطف - تعذيب - إعدام": Cause.EXECUTION,
    "غازات كيميائية وسامة": Cause.CHEMICAL,
    "الغازات الكيماوية والسامة": Cause.CHEMICAL,
    "منع من تلقي العلاج": Cause.DENIED_MEDICAL_CARE,
    "الحرمان من الرعاية الطبية": Cause.DENIED_MEDICAL_CARE,
    # Airwars cause_of_death (comma-joined in combinations; each part is one of these)
    "Heavy weapons and explosive munitions": Cause.EXPLOSIVE_WEAPONS,
    "Small arms and light weapons": Cause.SHOOTING,
    # a mine or a bomb left behind kills by exploding: the explosion code, not the weapon
    "Planted explosives and unexploded ordnance (UXO)": Cause.EXPLOSION,
    "Chemical, Biological, Radiological, Nuclear (CBRN)": Cause.CHEMICAL,
    # deprivation of food, water and shelter is what "siege" codes
    "Denial of access to/destruction of objects indispensable to survival": Cause.SIEGE,
    # conflict-related but none of tawthiq's causes: kept as "other", not guessed
    "Accidents related to conflict": Cause.OTHER,
    "Run over by vehicle": Cause.OTHER,
    "Use of objects and other means": Cause.OTHER,
    "Electromagnetic weapons": Cause.OTHER,
}

_PARTY: dict[str, _Codes] = {
    # --- VDC actors
    "Syrian government and affiliated militias": Party.SYRIAN_GOVERNMENT,
    "The organization of the Islamic State in Iraq and the Levant - ISIS": Party.ISIS,
    "Not identified": Party.UNKNOWN,
    "Russian troops": Party.RUSSIA,
    "International coalition forces": Party.US_LED_COALITION,
    "Armed opposition groups": Party.OPPOSITION,
    # the Autonomous Administration's forces: the SDF and its police (Asayish)
    "Self administration forces": Party.SDF_YPG,
    "Al-Nusra Front": Party.HTS,
    # --- Airwars belligerents (comma-joined when Airwars names several: its contested
    # attribution, read part by part)
    "Russian Military": Party.RUSSIA,
    "U.S.-led Coalition": Party.US_LED_COALITION,
    "Turkish Military": Party.TURKEY,
    "Israeli Military": Party.ISRAEL,
    "Iranian Military": Party.IRAN,
    # coalition members striking in Syria under the coalition's command
    "Jordanian Military": Party.US_LED_COALITION,
    "UK Military": Party.US_LED_COALITION,
    # Arab tribal fighters have fought on every side: named, but none of tawthiq's parties
    "Tribal Forces": Party.OTHER,
    "Kurdish Forces": Party.SDF_YPG,
    "Syrian Regime": Party.SYRIAN_GOVERNMENT,
    # --- ACLED actor1 (the 40 most frequent in Syria 'Battles' 2017-2019)
    "Military Forces of Syria (2000-)": Party.SYRIAN_GOVERNMENT,
    "QSD: Syrian Democratic Forces": Party.SDF_YPG,
    "Unidentified Armed Group (Syria)": Party.UNKNOWN,
    "HTS: Hayat Tahrir al Sham": Party.HTS,
    "Opposition Rebels (Syria)": Party.OPPOSITION,
    "Islamic State (Syria)": Party.ISIS,
    "Military Forces of Turkey (2016-)": Party.TURKEY,
    # Turkey's named operations in Syria: ACLED codes the operation, the attacker is Turkey
    "Operation Peace Spring": Party.TURKEY,
    "Operation Olive Branch": Party.TURKEY,
    "Operation Euphrates Shield": Party.TURKEY,
    "YPG: Peoples Protection Units": Party.SDF_YPG,
    "Military Forces of Syria (2000-) Tiger Paramilitary Forces (Qawat al Nimr)": (
        Party.SYRIAN_GOVERNMENT
    ),
    # ISIS's affiliate in the Yarmouk basin (2016-2018)
    "Khalid ibn al Walid Army": Party.ISIS,
    "Militia (Pro-Government)": Party.SYRIAN_GOVERNMENT,
    "Jaysh al Islam": Party.OPPOSITION,
    "JSH: Free Syrian Army": Party.OPPOSITION,
    # ACLED's name for Islamist armed groups it cannot name: outside HTS and ISIS (which ACLED
    # names), these are opposition factions
    "Islamist Militia (Syria)": Party.OPPOSITION,
    "FaR: Al Rahman Corps": Party.OPPOSITION,
    "AAS: Ahrar al Sham": Party.OPPOSITION,
    "JTW: National Liberation Front": Party.OPPOSITION,
    "JWS: Syrian National Army": Party.OPPOSITION,
    "Jabhat Fateh al Sham": Party.HTS,
    "HNDZ: Nour al Din al Zinki Movement": Party.OPPOSITION,
    "Military Forces of Israel (2009-2021)": Party.ISRAEL,
    "Hezbollah": Party.IRAN,
    "QDW: National Defence Forces": Party.SYRIAN_GOVERNMENT,
    "Military Forces of Syria (2000-) Syrian Arab Air Defense Force": Party.SYRIAN_GOVERNMENT,
    # insurgent cells in Daraa after the 2018 settlement
    "Dar'a Popular Resistance": Party.OPPOSITION,
    "Global Coalition Against Daesh": Party.US_LED_COALITION,
    "Military Forces of Syria (2000-) 4th Armored Division": Party.SYRIAN_GOVERNMENT,
    "JOS: Lions of the East Army": Party.OPPOSITION,
    "Ahrar al Sharqiyah": Party.OPPOSITION,
    "Military Forces of Russia (2000-)": Party.RUSSIA,
    "Asayish (Syria)": Party.SDF_YPG,
    "JTS: Syria Liberation Front": Party.OPPOSITION,
    "JMT: Army of the Commandos of the Revolution": Party.OPPOSITION,
    "JaS: Levant Front": Party.OPPOSITION,
    "Army of Mujahideen": Party.OPPOSITION,
    "Suquor al Sham": Party.OPPOSITION,
    "National Police Forces": Party.SYRIAN_GOVERNMENT,
    # --- SHCC "Reported Perpetrator": perpetrator *types*, not parties. A type that does not
    # say which party (which government, which foreign army, which armed group) is read as an
    # unknown party; a type that says the perpetrator was no party to the war is "other".
    "Armed Forces of Government/Self-Declared Government": Party.UNKNOWN,  # Syria's? Turkey's?
    "Government/Self-Declared Government": Party.UNKNOWN,  # also the SSG, the Autonomous Admin.
    "Foreign Forces: Military": Party.UNKNOWN,  # Russia, the coalition, Turkey, Israel, Iran
    "NSA": Party.UNKNOWN,  # a non-state armed group: ISIS, HTS, the opposition, the SDF
    "Police": Party.UNKNOWN,  # whose police is not said
    "No Information": Party.UNKNOWN,
    "Multiple": Party.MULTIPLE,
    "Other": Party.OTHER,
    "Civilian": Party.OTHER,  # not a party to the war
    "Criminal": Party.OTHER,
    "Protestors": Party.OTHER,
    "Employee": Party.OTHER,
    "Donor Government": Party.OTHER,  # an aid donor withholding or obstructing, not a belligerent
    # --- SHCC "Reported Perpetrator Name"
    "Syrian Armed Forces": Party.SYRIAN_GOVERNMENT,
    "Unidentified Armed Actor": Party.UNKNOWN,
    "Armed Forces of the Russian Federation": Party.RUSSIA,
    "Syrian or Russian Forces": Party.RUSSIA_OR_SYRIAN_GOVERNMENT,
    "Armed Forces of the Russian Federation, Syrian Armed Forces": (
        Party.RUSSIA_OR_SYRIAN_GOVERNMENT
    ),
    "Armed Forces of Turkey": Party.TURKEY,
    "International Coalition Forces in Syria": Party.US_LED_COALITION,
    "Government of Syria": Party.SYRIAN_GOVERNMENT,
    "Tahrir al-Sham": Party.HTS,
    "Islamic State": Party.ISIS,
    "Syrian Public Security Police": Party.SYRIAN_GOVERNMENT,
    "Militia": Party.UNKNOWN,  # whose militia is not said
    "Family": Party.OTHER,  # a patient's relatives
    "Local population": Party.OTHER,
    "Demonstrators": Party.OTHER,
    "Refugees/IDPs": Party.OTHER,
    "Health worker": Party.OTHER,
    "Turkish Police Force": Party.TURKEY,
    # the civil administration set up in HTS-held Idlib
    "Syrian Salvation Government": Party.HTS,
    # Dir' al-Furat, "Euphrates Shield": as ACLED's "Operation Euphrates Shield"
    "Der' Al Furat": Party.TURKEY,
    "al Nusra-Front Al Queda in Syria": Party.HTS,
    "Ahrar al-Sham": Party.OPPOSITION,
    "Aknaf Beit al-Maqdis": Party.OPPOSITION,  # Yarmouk camp faction
    "Jaish al-Islam": Party.OPPOSITION,
    "Jaysh al Ababil": Party.OPPOSITION,  # Southern Front brigade
    "Liwa Shamal Rasul": Party.OPPOSITION,  # Liwa Sham al-Rasul, south Damascus
    "US Military": Party.US_LED_COALITION,
    "Nour al-Din al-Zenki Movement": Party.OPPOSITION,
    "Kurdish Armed Forces": Party.SDF_YPG,
    "Government of Russia": Party.RUSSIA,
    # Iraqi Kurdistan's government: not one of the parties tawthiq codes in Syria
    "Kurdistan Regional Government": Party.OTHER,
    "Levant Front": Party.OPPOSITION,
    # the PKK is a party of Turkey's Kurds; equating it with the YPG is one side's claim, so it
    # is not folded into sdf_ypg
    "Kurdistan Workers' Party": Party.OTHER,
    # --- Arabic names as Syrian lists write them
    "القوات الروسية": Party.RUSSIA,
    "الطيران الحربي الروسي": Party.RUSSIA,
    "قوات النظام": Party.SYRIAN_GOVERNMENT,
    "قوات النظام السوري": Party.SYRIAN_GOVERNMENT,
    "القوات الحكومية": Party.SYRIAN_GOVERNMENT,
    "قوات الحكومة السورية والميليشيات الموالية": Party.SYRIAN_GOVERNMENT,
    "الميليشيات الموالية للنظام": Party.SYRIAN_GOVERNMENT,
    "تنظيم الدولة الإسلامية": Party.ISIS,
    "تنظيم الدولة الإسلامية في العراق والشام": Party.ISIS,
    "جيش خالد بن الوليد": Party.ISIS,
    "هيئة تحرير الشام": Party.HTS,
    "جبهة النصرة": Party.HTS,
    "جبهة فتح الشام": Party.HTS,
    "حكومة الإنقاذ": Party.HTS,
    "قوات سوريا الديمقراطية": Party.SDF_YPG,
    "الإدارة الذاتية": Party.SDF_YPG,
    "قوات الإدارة الذاتية": Party.SDF_YPG,
    "الأسايش": Party.SDF_YPG,
    "إسرائيل": Party.ISRAEL,
    "القوات الإسرائيلية": Party.ISRAEL,
    "الاحتلال الإسرائيلي": Party.ISRAEL,
    "إيران": Party.IRAN,
    "القوات الإيرانية": Party.IRAN,
    "الميليشيات الإيرانية": Party.IRAN,
    "حزب الله": Party.IRAN,
    "الحرس الثوري الإيراني": Party.IRAN,
    "الجيش الوطني السوري": Party.OPPOSITION,
    "الجيش الوطني": Party.OPPOSITION,
    "الجيش التركي": Party.TURKEY,
    "غير معروف": Party.UNKNOWN,
    "جهة غير معروفة": Party.UNKNOWN,
    "لم يتم التعرف عليه": Party.UNKNOWN,
    "عدة أطراف": Party.MULTIPLE,
}

_STATUS: dict[str, _Codes] = {
    "Non-Civilian": Status.COMBATANT,
    "Non Civilian": Status.COMBATANT,
    "غير مدنيين": Status.COMBATANT,
    "مقاتلون": Status.COMBATANT,
    "مقاتلين": Status.COMBATANT,
    "عسكريون": Status.COMBATANT,
    "عسكريين": Status.COMBATANT,
    "مدنيات": Status.CIVILIAN,
}

_GRADE: dict[str, _Codes] = {
    # Airwars' one doubly graded incident: the weaker grade stands until someone re-grades it
    "Contested, Discounted": Grade.DISCOUNTED,
    "Single source": Grade.WEAK,
    "Single source claim": Grade.WEAK,
}

_INCIDENT_TYPE: dict[str, _Codes] = {
    # Airwars strike_type (comma-joined in combinations)
    "Airstrike": IncidentType.AIRSTRIKE,
    # a drone strike is an air strike: incidents.model.AERIAL_TYPES groups air attacks
    "Drone Strike": IncidentType.AIRSTRIKE,
    "Airstrike and/or Artillery": IncidentType.AIRSTRIKE_OR_ARTILLERY,
    "Artillery": IncidentType.SHELLING,
    # special-forces raids and ground offensives are both ground attacks
    "Counter-Terrorism Action (Ground)": IncidentType.GROUND_ATTACK,
    "Ground operation": IncidentType.GROUND_ATTACK,
    "Naval bombardment": IncidentType.NAVAL_BOMBARDMENT,
    "Unknown": IncidentType.UNKNOWN,
}

_WEAPON: dict[str, _Codes] = {
    # --- VDC weapon_type (spelling and case variants fold to one entry)
    "Artillery": Weapon.ARTILLERY,
    "Shell tank": Weapon.ARTILLERY,  # a tank's gun
    # the Shilka, a 23 mm anti-aircraft gun turned on ground targets: a gun firing explosive
    # shells, grouped with artillery
    "Shelka": Weapon.ARTILLERY,
    "Mines": Weapon.LANDMINE,
    "Mine": Weapon.LANDMINE,
    "Land mine": Weapon.LANDMINE,
    "Landmine": Weapon.LANDMINE,
    "IED": Weapon.IED,
    "Explosive device": Weapon.IED,
    "Car Bomb": Weapon.VEHICLE_BOMB,
    "Bike Bomb": Weapon.VEHICLE_BOMB,
    "Mortar": Weapon.MORTAR,
    "Mortar shell": Weapon.MORTAR,
    "Explosive barrels": Weapon.BARREL_BOMB,
    # a barrel bomb filled with napalm is both
    "Explosive barrels with Napalm": (Weapon.BARREL_BOMB, Weapon.INCENDIARY),
    "Cluster bombs": Weapon.CLUSTER_MUNITION,
    "Cluster missiles": Weapon.CLUSTER_MUNITION,
    # VDC does not expand "EPW"; every reading of it is an explosive weapon, so it is coded as
    # one of unstated kind (to confirm against VDC's Arabic interface)
    "EPW": Weapon.EXPLOSIVE,
    "Sniper gunfire": Weapon.SNIPER,
    "Snipers": Weapon.SNIPER,
    "Missile": Weapon.MISSILE,
    "surface-to-surface missile": Weapon.MISSILE,
    "ground-to-ground missile - GGM": Weapon.MISSILE,
    "Ballistic missile": Weapon.MISSILE,
    "Guided Missile": Weapon.MISSILE,
    # "thermal missile" (صاروخ حراري) is used for anti-tank guided and for thermobaric missiles
    # alike: only "missile" is certain
    "Thermal missile": Weapon.MISSILE,
    "Vacuum missiles": Weapon.THERMOBARIC,
    "Missiles vacuum": Weapon.THERMOBARIC,
    "Vacuum bombs": Weapon.THERMOBARIC,
    "Rocket Launchers": Weapon.ROCKET,
    # "Fil" (elephant) missiles: improvised rocket-assisted munitions
    "Fiil missile": Weapon.ROCKET,
    "Explosive belt": Weapon.SUICIDE_BOMB,
    "Grenade": Weapon.GRENADE,
    "Cornet missile": Weapon.ANTI_TANK,
    "Kornet missile": Weapon.ANTI_TANK,
    "Marine mines": Weapon.NAVAL_MINE,
    "Naval mines": Weapon.NAVAL_MINE,
    "Napalm": Weapon.INCENDIARY,
    "Phosphorus bombs": Weapon.INCENDIARY,
    "Chlorine Gas": Weapon.CHEMICAL,
    # --- SHCC "Weapon Carried/Used" (comma-joined when several)
    "Aerial Bomb: Plane": Weapon.AERIAL_BOMB,
    "Aerial Bomb: Drone": Weapon.AERIAL_BOMB,
    "Aerial Bomb: No Information on Platform Type": Weapon.AERIAL_BOMB,
    "Aerial Bomb: Missile": Weapon.MISSILE,  # an air-launched missile
    "Firearms": Weapon.SMALL_ARMS,
    "Shelling": Weapon.ARTILLERY,
    "No Information on the Weapon Used": Weapon.UNKNOWN,
    "Unspecified Explosive": Weapon.EXPLOSIVE,
    "Rocket": Weapon.ROCKET,
    "VBIED": Weapon.VEHICLE_BOMB,
    "Unspecified IED": Weapon.IED,
    "RCIED": Weapon.IED,  # remote-controlled
    "SVIED": Weapon.SUICIDE_BOMB,
    "Not Applicable: No Direct Violence": Weapon.NO_WEAPON,
    "Unarmed Perpetrator": Weapon.NO_WEAPON,
    "Fist and Foot": Weapon.MELEE,
    "Knife": Weapon.MELEE,
    "Stones, Sticks and Gravel": Weapon.MELEE,
    "Hand Grenade": Weapon.GRENADE,
    "RPG": Weapon.ANTI_TANK,
    "Cluster Bomb": Weapon.CLUSTER_MUNITION,
    "Arson": Weapon.INCENDIARY,  # fire used as the weapon
    # --- Arabic
    "براميل متفجرة": Weapon.BARREL_BOMB,
    "صواريخ فراغية": Weapon.THERMOBARIC,
    "قنابل عنقودية": Weapon.CLUSTER_MUNITION,
    "صواريخ أرض أرض": Weapon.MISSILE,
    "صواريخ الفيل": Weapon.ROCKET,
    "راجمات صواريخ": Weapon.ROCKET,
    "قذائف هاون": Weapon.MORTAR,
    "قذائف مدفعية": Weapon.ARTILLERY,
    "رصاص قناص": Weapon.SNIPER,
    "ألغام": Weapon.LANDMINE,
    "ألغام بحرية": Weapon.NAVAL_MINE,
    "عبوة ناسفة": Weapon.IED,
    "سيارة مفخخة": Weapon.VEHICLE_BOMB,
    "حزام ناسف": Weapon.SUICIDE_BOMB,
    "غاز الكلور": Weapon.CHEMICAL,
    "نابالم": Weapon.INCENDIARY,
    "قنابل فوسفورية": Weapon.INCENDIARY,
}

REAL_LABELS: dict[type[StrEnum], dict[str, _Codes]] = {
    Cause: _CAUSE,
    Party: _PARTY,
    Status: _STATUS,
    Grade: _GRADE,
    IncidentType: _INCIDENT_TYPE,
    Weapon: _WEAPON,
}
"""Vocabulary → {label as exports write it → code, or codes when the label names several}."""

PARTY_KEYWORDS: tuple[tuple[Party, tuple[str, ...]], ...] = (
    (
        Party.ISIS,
        (
            "islamic state",
            "isis",
            "isil",
            "daesh",
            "khalid ibn al walid",
            "داعش",
            "تنظيم الدوله",
            "الدوله الاسلاميه",
            "جيش خالد بن الوليد",
        ),
    ),
    (
        Party.HTS,
        (
            "hayat tahrir",
            "hay at tahrir",
            "tahrir al sham",
            "hts",
            "nusra",
            "fateh al sham",
            "fatah al sham",
            "salvation government",
            "النصره",
            "تحرير الشام",
            "فتح الشام",
            "حكومه الانقاذ",
        ),
    ),
    (
        Party.SDF_YPG,
        (
            "syrian democratic forces",
            "qsd",
            "sdf",
            "ypg",
            "ypj",
            "asayish",
            "asayis",
            "self administration",
            "autonomous administration",
            "kurdish forces",
            "kurdish armed forces",
            "peoples protection units",
            "قسد",
            "سوريا الديمقراطيه",
            "وحدات حمايه الشعب",
            "الاسايش",
            "الاداره الذاتيه",
        ),
    ),
    (
        Party.US_LED_COALITION,
        (
            "coalition",
            "inherent resolve",
            "united states",
            "us forces",
            "us military",
            "u s military",
            "u s forces",
            "american forces",
            "uk military",
            "royal air force",
            "jordanian military",
            "french military",
            "التحالف",
            "القوات الامريكيه",
        ),
    ),
    (Party.TURKEY, ("turkey", "turkish", "peace spring", "olive branch", "euphrates shield")),
    (Party.TURKEY, ("تركي", "تركيا", "نبع السلام", "غصن الزيتون", "درع الفرات")),
    (Party.ISRAEL, ("israel", "israeli", "idf", "اسرائيل", "اسرائيلي")),
    (
        Party.IRAN,
        (
            "iran",
            "iranian",
            "irgc",
            "hezbollah",
            "hizbollah",
            "hizballah",
            "fatemiyoun",
            "zainabiyoun",
            "ايران",
            "ايراني",
            "حزب الله",
            "الحرس الثوري",
        ),
    ),
    (Party.RUSSIA, ("russia", "russian", "russian federation", "روسيا", "روسي", "الروس")),
    (
        Party.SYRIAN_GOVERNMENT,
        (
            "government of syria",
            "military forces of syria",
            "police forces of syria",
            "syrian regime",
            "syrian government",
            "syrian military",
            "syrian army",
            "syrian arab army",
            "syrian armed forces",
            "syrian air force",
            "regime",
            "pro government",
            "pro regime",
            "pro assad",
            "national defense forces",
            "national defence forces",
            "ndf",
            "shabiha",
            "tiger forces",
            "qawat al nimr",
            "republican guard",
            "4th armored division",
            "fourth division",
            "النظام",
            "الحكومه السوريه",
            "قوات الاسد",
            "الشبيحه",
            "الدفاع الوطني",
            "الفرقه الرابعه",
            "قوات النمر",
        ),
    ),
    (
        Party.OPPOSITION,
        (
            "opposition",
            "rebel",
            "free syrian army",
            "syrian national army",
            "national liberation front",
            "fsa",
            "ahrar",
            "jaysh al islam",
            "jaish al islam",
            "faylaq al rahman",
            "rahman corps",
            "zinki",
            "zenki",
            "levant front",
            "sham legion",
            "syria liberation front",
            "المعارضه",
            "الجيش الحر",
            "الجيش الوطني",
            "جيش الاسلام",
            "احرار الشام",
            "فيلق الرحمن",
            "الجبهه الوطنيه للتحرير",
        ),
    ),
    (
        Party.UNKNOWN,
        ("unidentified", "unknown", "not identified", "no information", "مجهول", "غير معروف"),
    ),
)
"""Words that name a party inside a longer actor name, whole words only (Arabic with its
prefixes and endings: ال, و, ب, ل; ه, يه, ين, ون). A word inside a longer word of another
party ("syrian army" in "free syrian army") does not count; "unknown" next to a named party is
a qualifier ("unidentified Russian jets") and drops out."""

PARTY_QUALIFIERS: tuple[str, ...] = (
    # patrons: a Turkish-backed faction is the faction, not Turkey (Iran-backed militias are
    # different: tawthiq's ``iran`` code is Iran with the militias it backs)
    r"\b(?:turkish|turkey|us|u s|american|russian|russia|coalition|western)\s+backed\b",
    r"\bbacked\s+by\s+(?:the\s+)?(?:turkey|russia|us|u s|united states|coalition)\b",
    r"المدعوم\w*\s+من\s+(?:تركيا|روسيا|امريكا|التحالف)",
    # the enemy named in a coalition's name ("Coalition against Daesh") is not its member
    r"\b(?:anti|counter|against(?:\s+the)?)\s+(?:isis|isil|daesh|islamic\s+state)\b",
    r"(?:لمحاربه|ضد)\s+(?:داعش|تنظيم\s+الدوله)",
)
"""Patterns removed from an actor name before :data:`PARTY_KEYWORDS` are looked for."""
