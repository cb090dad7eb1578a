"""Category text to model codes: one label, several in one cell, the joined sex column, parties."""

from __future__ import annotations

from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tawthiq.model.vocab import (
    LABELS,
    Cause,
    Grade,
    Harm,
    IncidentType,
    Party,
    Sex,
    Status,
    Weapon,
    label,
)
from tawthiq.normalize.ages import AgeGroup
from tawthiq.normalize.labels import REAL_LABELS
from tawthiq.normalize.vocab import (
    SUPPLEMENTARY_ALIASES,
    normalize_vocab,
    parse_age_group,
    parse_cause,
    parse_codes,
    parse_parties,
    parse_party,
    parse_sex,
    parse_sex_age,
    parse_status,
    unmapped_parts,
)

VOCABS: list[type[StrEnum]] = list(LABELS)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ذكر", Sex.MALE),
        ("M", Sex.MALE),
        (" Male ", Sex.MALE),
        ("أنثى", Sex.FEMALE),
        ("انثى", Sex.FEMALE),
        ("أُنثى", Sex.FEMALE),  # with a haraka
        ("F", Sex.FEMALE),
        ("إناث", Sex.FEMALE),  # supplementary
        ("غير معروف", Sex.UNKNOWN),
        ("Adult - Male", Sex.MALE),  # VDC joins age group and sex
        ("Child - Female", Sex.FEMALE),
    ],
)
def test_sex(text: str, code: Sex) -> None:
    assert parse_sex(text) is code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("مدني", Status.CIVILIAN),
        ("مدنية", Status.CIVILIAN),
        ("مدنيّة", Status.CIVILIAN),  # shadda
        ("Civilian", Status.CIVILIAN),
        ("عسكري", Status.COMBATANT),
        ("جندي", Status.COMBATANT),  # supplementary
        ("Non-Civilian", Status.COMBATANT),
        ("غير مدنيين", Status.COMBATANT),
        ("unknown", Status.UNKNOWN),
    ],
)
def test_status(text: str, code: Status) -> None:
    assert parse_status(text) is code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("قصف جوي", Cause.AIRSTRIKE),
        ("غارة جوية", Cause.AIRSTRIKE),
        ("Air strike", Cause.AIRSTRIKE),
        ("برميل متفجر", Cause.BARREL_BOMB),
        ("براميل متفجرة", Cause.BARREL_BOMB),  # supplementary
        ("barrel_bomb", Cause.BARREL_BOMB),
        ("قذائف هاون", Cause.SHELLING),
        ("إطلاق نار", Cause.SHOOTING),
        ("اطلاق نار", Cause.SHOOTING),
        ("رصاص قناص", Cause.SHOOTING),
        ("سارين", Cause.CHEMICAL),
        ("سيارة مفخخة", Cause.EXPLOSION),
        ("حصار", Cause.SIEGE),
        ("تحت التعذيب", Cause.TORTURE),
        ("إعدام ميداني", Cause.EXECUTION),
        ("اعدام ميداني", Cause.EXECUTION),
        ("في المعتقل", Cause.DETENTION),
        ("death in detention", Cause.DETENTION),
        # VDC: the last step of a compound label is the cause
        ("Warplane shelling", Cause.AIRSTRIKE),
        ("Detention - Torture", Cause.TORTURE),
        ("Detention - Torture - Execution", Cause.EXECUTION),
        ("kidnapping - torture", Cause.TORTURE),
        ("Un-allowed to seek Medical help", Cause.DENIED_MEDICAL_CARE),
        ("Chemical and toxic gases", Cause.CHEMICAL),
        ("Heavy weapons and explosive munitions", Cause.EXPLOSIVE_WEAPONS),
        ("اعتقال - تعذيب - إعدام", Cause.EXECUTION),
    ],
)
def test_cause(text: str, code: Cause) -> None:
    assert parse_cause(text) is code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("قوات النظام", Party.SYRIAN_GOVERNMENT),
        ("قوات الحكومة السورية", Party.SYRIAN_GOVERNMENT),
        ("Regime", Party.SYRIAN_GOVERNMENT),
        ("الطيران الروسي", Party.RUSSIA),
        ("Russian forces", Party.RUSSIA),
        ("Russian or Syrian government", Party.RUSSIA_OR_SYRIAN_GOVERNMENT),
        ("روسيا أو النظام", Party.RUSSIA_OR_SYRIAN_GOVERNMENT),
        ("US-led coalition", Party.US_LED_COALITION),
        ("التحالف الدولي", Party.US_LED_COALITION),
        ("القوات التركية", Party.TURKEY),
        ("داعش", Party.ISIS),
        ("تنظيم الدولة", Party.ISIS),
        ("تنظيم الدولة الإسلامية", Party.ISIS),
        ("الجيش الحر", Party.OPPOSITION),
        ("قسد", Party.SDF_YPG),
        ("قوات سوريا الديمقراطية", Party.SDF_YPG),
        ("هيئة تحرير الشام", Party.HTS),  # "other" before issue 14
        ("جبهة النصرة", Party.HTS),
        ("جهة مجهولة", Party.UNKNOWN),
        ("إسرائيل", Party.ISRAEL),
        ("إيران", Party.IRAN),
        ("حزب الله", Party.IRAN),
        ("الميليشيات الإيرانية", Party.IRAN),
    ],
)
def test_party(text: str, code: Party) -> None:
    assert parse_party(text) is code
    assert normalize_vocab(Party, text) is code  # victims and incidents: one function


@pytest.mark.parametrize("text", [None, "", "  ", "banana", "؟"])
def test_unrecognised_or_empty_is_none(text: str | None) -> None:
    assert parse_cause(text) is None
    assert parse_codes(Cause, text) is None
    assert parse_party(text) is None
    assert parse_parties(text) == ()


def test_generic_entry_point_works_for_any_vocabulary() -> None:
    assert normalize_vocab(Grade, "Confirmed") is Grade.CONFIRMED
    assert normalize_vocab(Grade, "Contested, Discounted") is Grade.DISCOUNTED
    assert normalize_vocab(Party, "ISIS") is Party.ISIS
    assert normalize_vocab(Weapon, "explosive barrels") is Weapon.BARREL_BOMB
    assert normalize_vocab(Harm, "killed") is Harm.KILLED
    assert normalize_vocab(IncidentType, "Airstrike, Drone Strike") is IncidentType.AIRSTRIKE


def test_a_cell_naming_several_codes_has_no_single_one() -> None:
    assert normalize_vocab(Cause, "Small arms and light weapons, Incendiary") is None
    assert normalize_vocab(Weapon, "Missile, RPG") is None


def test_supplementary_aliases_and_real_labels_point_at_real_codes() -> None:
    for vocab, table in SUPPLEMENTARY_ALIASES.items():
        for code in table.values():
            vocab(code)
    for vocab, labels in REAL_LABELS.items():
        for value in labels.values():
            for code in (value,) if isinstance(value, str) else value:
                vocab(code)


@pytest.mark.parametrize("vocab", VOCABS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_code_label_reads_back(vocab: type[StrEnum], lang: str) -> None:
    for code in vocab:
        text = label(code, lang)
        assert normalize_vocab(vocab, text) == code, text
        assert parse_codes(vocab, text) == (code,), text


# --- several values in one cell ---------------------------------------------------------


@pytest.mark.parametrize(
    ("vocab", "text", "codes"),
    [
        (Party, "Russian Military, U.S.-led Coalition", ("russia", "us_led_coalition")),
        (IncidentType, "Airstrike, Drone Strike", ("airstrike",)),
        (IncidentType, "Airstrike and/or Artillery", ("airstrike_or_artillery",)),
        (
            IncidentType,
            "Airstrike, Airstrike and/or Artillery, Naval bombardment",
            ("airstrike", "airstrike_or_artillery", "naval_bombardment"),
        ),
        (
            Cause,
            "Heavy weapons and explosive munitions, Small arms and light weapons",
            ("explosive_weapons", "shooting"),
        ),
        (Cause, "Chemical, Biological, Radiological, Nuclear (CBRN)", ("chemical",)),
        (
            Cause,
            "Chemical, Biological, Radiological, Nuclear (CBRN), Heavy weapons and explosive "
            "munitions, Incendiary",
            ("chemical", "explosive_weapons", "incendiary"),
        ),
        (Cause, "Detention - Torture - Execution", ("execution",)),
        (Cause, "Shooting; Shelling", ("shooting", "shelling")),
        (Cause, "قصف جوي، حصار", ("airstrike", "siege")),  # Arabic comma
        (Cause, "shelling and siege", ("shelling", "siege")),  # " and " inside a part
        (Cause, "shelling / shooting", ("shelling", "shooting")),
        (Weapon, "Aerial Bomb: Plane, Cluster Bomb", ("aerial_bomb", "cluster_munition")),
        (Weapon, "Stones, Sticks and Gravel", ("melee",)),
        (Weapon, "Fist and Foot", ("melee",)),
        (Weapon, "Explosive barrels with Napalm", ("barrel_bomb", "incendiary")),
        (Weapon, "Missile, RPG", ("missile", "anti_tank")),
        (Weapon, "Missile, missile", ("missile",)),  # duplicates once
        (Sex, "Adult - Male", ("male",)),
    ],
)
def test_parse_codes(vocab: type[StrEnum], text: str, codes: tuple[str, ...]) -> None:
    found = parse_codes(vocab, text)
    assert found is not None, unmapped_parts(vocab, text)
    assert tuple(c.value for c in found) == codes
    assert all(isinstance(c, vocab) for c in found)
    assert unmapped_parts(vocab, text) == ()


def test_one_unread_part_fails_the_cell_and_is_named() -> None:
    assert parse_codes(Weapon, "Missile, Death ray") is None
    assert unmapped_parts(Weapon, "Missile, Death ray") == ("Death ray",)
    assert unmapped_parts(Cause, "banana") == ("banana",)
    assert unmapped_parts(Cause, None) == ()


# --- parties ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parties", "party"),
    [
        # known labels, even with "and" in them
        (
            "Syrian government and affiliated militias",
            ("syrian_government",),
            Party.SYRIAN_GOVERNMENT,
        ),
        ("Russian troops", ("russia",), Party.RUSSIA),
        ("Al-Nusra Front", ("hts",), Party.HTS),
        ("Global Coalition Against Daesh", ("us_led_coalition",), Party.US_LED_COALITION),
        ("Operation Olive Branch", ("turkey",), Party.TURKEY),
        ("Hezbollah", ("iran",), Party.IRAN),
        ("Not identified", ("unknown",), Party.UNKNOWN),
        (
            "Syrian or Russian Forces",
            ("russia_or_syrian_government",),
            Party.RUSSIA_OR_SYRIAN_GOVERNMENT,
        ),
        # joined labels: the contested pair, or several parties
        (
            "Russian Military, Syrian Regime",
            ("russia", "syrian_government"),
            Party.RUSSIA_OR_SYRIAN_GOVERNMENT,
        ),
        (
            "Syrian Regime, Russian Military",
            ("syrian_government", "russia"),
            Party.RUSSIA_OR_SYRIAN_GOVERNMENT,
        ),
        ("Russian Military, Iranian Military", ("russia", "iran"), Party.MULTIPLE),
        ("Iranian Military, Unknown", ("iran", "unknown"), Party.MULTIPLE),
        ("Nour al-Din al-Zenki Movement, Tahrir al-Sham", ("opposition", "hts"), Party.MULTIPLE),
        (
            "Aknaf Beit al-Maqdis, Jaysh al Islam, Jaysh al Ababil, Liwa Shamal Rasul",
            ("opposition",),
            Party.OPPOSITION,
        ),
        # keyword rules for names no table lists
        (
            "Military Forces of Syria (2000-) 5th Corps",
            ("syrian_government",),
            Party.SYRIAN_GOVERNMENT,
        ),
        ("Police Forces of Turkey (2016-)", ("turkey",), Party.TURKEY),
        ("Military Forces of Iran (1979-)", ("iran",), Party.IRAN),
        ("Free Syrian Army (Jaysh al-Izza)", ("opposition",), Party.OPPOSITION),
        ("Turkish-backed Syrian National Army", ("opposition",), Party.OPPOSITION),
        ("Iran-backed militias", ("iran",), Party.IRAN),
        ("Global Coalition against ISIS", ("us_led_coalition",), Party.US_LED_COALITION),
        ("unidentified Russian jets", ("russia",), Party.RUSSIA),
        (
            "Russia or Syrian regime",
            ("russia", "syrian_government"),
            Party.RUSSIA_OR_SYRIAN_GOVERNMENT,
        ),
        ("Turkey or SDF", ("turkey", "sdf_ypg"), Party.MULTIPLE),
        ("قوات النظام وروسيا", ("syrian_government", "russia"), Party.RUSSIA_OR_SYRIAN_GOVERNMENT),
        (
            "الطيران الحربي الروسي والنظام",
            ("russia", "syrian_government"),
            Party.RUSSIA_OR_SYRIAN_GOVERNMENT,
        ),
        ("Russian Military, Martians", ("russia",), Party.RUSSIA),
        ("Civilians (Syria)", (), None),
    ],
)
def test_parse_parties(text: str, parties: tuple[str, ...], party: Party | None) -> None:
    assert tuple(p.value for p in parse_parties(text)) == parties
    assert parse_party(text) is party


def test_parse_party_folds_sets() -> None:
    assert parse_party("Russian Military, Syrian Regime") is Party.RUSSIA_OR_SYRIAN_GOVERNMENT
    assert parse_party("Syrian or Russian Forces, Russian Military") is (
        Party.RUSSIA_OR_SYRIAN_GOVERNMENT
    )
    assert parse_party("Russian Military, Syrian Regime, YPG") is Party.MULTIPLE
    assert parse_party("Russian Military, Russian troops") is Party.RUSSIA


# --- sex and age group ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sex", "group"),
    [
        ("Adult - Male", Sex.MALE, AgeGroup.ADULT),
        ("Child - Female", Sex.FEMALE, AgeGroup.CHILD),
        ("Child - Male", Sex.MALE, AgeGroup.CHILD),
        ("adult male", Sex.MALE, AgeGroup.ADULT),
        ("Adult / Female", Sex.FEMALE, AgeGroup.ADULT),
        ("طفل - ذكر", Sex.MALE, AgeGroup.CHILD),
        ("بالغ - أنثى", Sex.FEMALE, AgeGroup.ADULT),
        ("male", Sex.MALE, None),
        ("ذكر", Sex.MALE, None),
        ("adult", None, AgeGroup.ADULT),
        ("child", None, AgeGroup.CHILD),
        ("طفل", None, AgeGroup.CHILD),
        ("بالغ", None, AgeGroup.ADULT),
        ("طفلة", Sex.FEMALE, AgeGroup.CHILD),
        ("boy", Sex.MALE, AgeGroup.CHILD),
        ("woman", Sex.FEMALE, AgeGroup.ADULT),
        ("middle-aged male", Sex.MALE, AgeGroup.ADULT),
        ("unknown", Sex.UNKNOWN, None),
        ("male - female", None, None),  # disagreeing parts leave that half unknown
        ("Adult - Martian", None, None),  # every part must be read
        ("", None, None),
        (None, None, None),
    ],
)
def test_parse_sex_age(text: str | None, sex: Sex | None, group: AgeGroup | None) -> None:
    assert parse_sex_age(text) == (sex, group)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("adult", AgeGroup.ADULT),
        ("child", AgeGroup.CHILD),
        ("Child", AgeGroup.CHILD),
        ("طفل", AgeGroup.CHILD),
        ("elderly", AgeGroup.ELDERLY),
        ("unknown", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_age_group(text: str | None, group: AgeGroup | None) -> None:
    assert parse_age_group(text) is group


# --- properties -------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "Russian Military",
        "Syrian Regime",
        "Airstrike and/or Artillery",
        "Adult - Male",
        "Stones, Sticks and Gravel",
        "داعش",
        "قوات النظام",
        ", ",
        "; ",
        "، ",
        " and ",
        " or ",
        "/",
        " - ",
        "(",
        ")",
        "أو",
        "و",
    ]
)
_TEXT = st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=5))).map("".join))


@given(st.sampled_from(VOCABS), _TEXT)
def test_parsers_never_raise(vocab: type[StrEnum], text: str) -> None:
    code = normalize_vocab(vocab, text)
    assert code is None or isinstance(code, vocab)
    codes = parse_codes(vocab, text)
    assert codes is None or (codes and all(isinstance(c, vocab) for c in codes))
    assert codes is None or len(set(codes)) == len(codes)
    assert isinstance(unmapped_parts(vocab, text), tuple)


@given(_TEXT)
def test_party_parsers_never_raise_and_agree(text: str) -> None:
    parties = parse_parties(text)
    assert all(isinstance(p, Party) for p in parties)
    party = parse_party(text)
    assert (party is None) == (not parties)
    if len(set(parties)) == 1:
        assert party is parties[0]
    sex, group = parse_sex_age(text)
    assert sex is None or isinstance(sex, Sex)
    assert group is None or isinstance(group, AgeGroup)
