from __future__ import annotations

from enum import StrEnum

import pytest

from tawthiq.model.vocab import Cause, DatePrecision, Grade, Party, Sex, Status, label, parse


@pytest.mark.parametrize("vocab", [Sex, Status, Cause, Party, Grade, DatePrecision])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_label_reads_back_as_its_code(vocab: type[StrEnum], lang: str) -> None:
    for code in vocab:
        assert parse(vocab, label(code, lang)) == code


@pytest.mark.parametrize(
    ("vocab", "text", "code"),
    [
        (Sex, " M ", Sex.MALE),
        (Sex, "ذكر", Sex.MALE),
        (Sex, "انثى", Sex.FEMALE),
        (Party, "Russian or regime", Party.RUSSIA_OR_SYRIAN_GOVERNMENT),
        (Party, "داعش", Party.ISIS),
        (Cause, "Barrel  Bomb", Cause.BARREL_BOMB),
        (Status, "مدني", Status.CIVILIAN),
    ],
)
def test_common_spellings(vocab: type[StrEnum], text: str, code: StrEnum) -> None:
    assert parse(vocab, text) == code


@pytest.mark.parametrize("text", [None, "", "   ", "martian"])
def test_unknown_or_empty_is_none(text: str | None) -> None:
    assert parse(Sex, text) is None
