"""Character-level Arabic clean-up: one code point per letter, whatever the keyboard."""

from __future__ import annotations

import pytest

from tawthiq.normalize import normalize_arabic


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("مُحَمَّد", "محمد"),  # harakat and shadda
        ("محـــمد", "محمد"),  # tatweel
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمنة", "امنه"),  # alef madda, ta marbuta
        ("ٱلرحمن", "الرحمن"),  # alef wasla
        ("مؤمن", "مومن"),
        ("هانئ", "هاني"),
        ("مصطفى", "مصطفي"),  # alef maqsura
        ("علاء", "علاء"),  # hamza on the line is kept
        ("کریم", "كريم"),  # Persian kaf and yeh
        ("زهرہ", "زهره"),  # Urdu heh goal
        ("پاشا", "باشا"),
        ("٢٠١٣", "2013"),
        ("۱۳۹۲", "1392"),  # Persian digits
        ("محمد\u200cعلي", "محمدعلي"),  # zero-width non-joiner
        ("\u200fمحمد\u200e", "محمد"),  # bidi marks
        ("\ufeffمحمد", "محمد"),
        ("ﷲ", "الله"),  # presentation-form ligature
        ("ﻣﺤﻤﺪ", "محمد"),  # presentation forms
        ("  محمد   أحمد  ", "محمد احمد"),
        ("Mohammad", "Mohammad"),  # other scripts untouched
    ],
)
def test_normalize_arabic(raw: str, expected: str) -> None:
    assert normalize_arabic(raw) == expected


def test_normalize_arabic_is_idempotent_on_examples() -> None:
    for raw in ("مُحَمَّد", "ٱلرحمن", "آمنة", "ﷲ", "کریم"):
        once = normalize_arabic(raw)
        assert normalize_arabic(once) == once
