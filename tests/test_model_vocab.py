from __future__ import annotations

from enum import StrEnum

import pytest

from tawthiq.model.vocab import (
    ALIASES,
    LABELS,
    Assessment,
    Cause,
    DatePrecision,
    Grade,
    Harm,
    IncidentType,
    Party,
    Sex,
    Status,
    TargetType,
    Weapon,
    label,
    parse,
)

ALL_VOCABS = [
    Sex,
    Status,
    Cause,
    Party,
    Grade,
    DatePrecision,
    IncidentType,
    TargetType,
    Assessment,
    Weapon,
    Harm,
]


@pytest.mark.parametrize("vocab", ALL_VOCABS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_label_reads_back_as_its_code(vocab: type[StrEnum], lang: str) -> None:
    for code in vocab:
        assert parse(vocab, label(code, lang)) == code


@pytest.mark.parametrize("vocab", ALL_VOCABS)
def test_every_code_has_labels_and_every_alias_a_code(vocab: type[StrEnum]) -> None:
    assert set(LABELS[vocab]) == {code.value for code in vocab}
    for target in ALIASES.get(vocab, {}).values():
        vocab(target)


def test_new_codes_come_after_the_old_ones() -> None:
    """The simulator indexes ``tuple(Party)`` and ``tuple(Cause)``: appended, never inserted."""
    assert [p.value for p in Party][:10] == [
        "syrian_government",
        "russia",
        "russia_or_syrian_government",
        "us_led_coalition",
        "turkey",
        "isis",
        "opposition",
        "sdf_ypg",
        "other",
        "unknown",
    ]
    assert [p.value for p in Party][10:] == ["israel", "iran", "hts", "multiple"]
    assert [c.value for c in Cause][-3:] == [
        "denied_medical_care",
        "explosive_weapons",
        "incendiary",
    ]
    assert list(Cause).index(Cause.UNKNOWN) == 11
    assert list(IncidentType).index(IncidentType.OTHER) == 9


@pytest.mark.parametrize(
    ("vocab", "text", "code"),
    [
        (Sex, " M ", Sex.MALE),
        (Sex, "ذكر", Sex.MALE),
        (Sex, "انثى", Sex.FEMALE),
        (Party, "Russian or regime", Party.RUSSIA_OR_SYRIAN_GOVERNMENT),
        (Party, "داعش", Party.ISIS),
        (Party, "حزب الله", Party.IRAN),
        (Party, "HTS", Party.HTS),
        (Cause, "Barrel  Bomb", Cause.BARREL_BOMB),
        (Cause, "napalm", Cause.INCENDIARY),
        (Status, "مدني", Status.CIVILIAN),
        (Status, "Non-Civilian", Status.COMBATANT),
        (Weapon, "Cluster bombs", Weapon.CLUSTER_MUNITION),
        (Weapon, "حزام ناسف", Weapon.SUICIDE_BOMB),
        (Harm, "wounded", Harm.INJURED),
        (IncidentType, "Naval bombardment", IncidentType.NAVAL_BOMBARDMENT),
    ],
)
def test_common_spellings(vocab: type[StrEnum], text: str, code: StrEnum) -> None:
    assert parse(vocab, text) == code


@pytest.mark.parametrize("text", [None, "", "   ", "martian"])
def test_unknown_or_empty_is_none(text: str | None) -> None:
    assert parse(Sex, text) is None
