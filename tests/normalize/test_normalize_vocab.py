"""Sex, status, cause and perpetrator text to model codes, Arabic normalised first."""

from __future__ import annotations

import pytest

from tawthiq.model.vocab import Cause, Grade, Party, Sex, Status
from tawthiq.normalize import (
    SUPPLEMENTARY_ALIASES,
    normalize_vocab,
    parse_cause,
    parse_party,
    parse_sex,
    parse_status,
)


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
        ("الجيش الحر", Party.OPPOSITION),
        ("قسد", Party.SDF_YPG),
        ("قوات سوريا الديمقراطية", Party.SDF_YPG),
        ("هيئة تحرير الشام", Party.OTHER),
        ("جهة مجهولة", Party.UNKNOWN),
    ],
)
def test_party(text: str, code: Party) -> None:
    assert parse_party(text) is code


@pytest.mark.parametrize("text", [None, "", "  ", "banana", "؟"])
def test_unrecognised_or_empty_is_none(text: str | None) -> None:
    assert parse_cause(text) is None


def test_generic_entry_point_works_for_any_vocabulary() -> None:
    assert normalize_vocab(Grade, "Confirmed") is Grade.CONFIRMED
    assert normalize_vocab(Party, "ISIS") is Party.ISIS


def test_supplementary_aliases_point_at_real_codes() -> None:
    for vocab, table in SUPPLEMENTARY_ALIASES.items():
        for code in table.values():
            vocab(code)
