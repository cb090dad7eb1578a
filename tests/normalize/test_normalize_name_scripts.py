"""Cross-script keys for every script a Syrian list may hold, and for names without consonants."""

from __future__ import annotations

import pytest

from tawthiq.normalize import name_key, normalize_name, word_key


@pytest.mark.parametrize(
    "spellings",
    [
        ("آية", "اية", "Aya", "Ayah", "Aia"),
        ("يحيى", "Yahya", "Yehia", "Yahia"),
        ("هيا", "Haya"),
        ("أيوب", "Ayoub", "Ayyub", "Ayub"),
        ("وئام", "Wiam", "Weam"),
    ],
)
def test_names_of_weak_letters_get_a_shared_key(spellings: tuple[str, ...]) -> None:
    keys = {name_key(s) for s in spellings}
    assert len(keys) == 1, dict(zip(spellings, (name_key(s) for s in spellings), strict=True))
    assert keys != {""}


def test_weak_letter_keys_do_not_meet_consonant_keys() -> None:
    assert name_key("آية") == "Y"
    assert name_key("يحيى") == "YHY"
    assert name_key("آية") != name_key("أيوب")
    assert word_key("a") == word_key("ع") == "A"  # vowels alone still give a key


@pytest.mark.parametrize(
    ("kurdish", "latin"),
    [
        ("Şêx", "Sheikh"),
        ("Çiya", "Chiya"),
        ("Cemîl", "Jamil"),
        ("Xelîl", "Khalil"),
        ("Şivan", "Shivan"),
        ("Ayşe", "Aysha"),
        ("Doğan", "Doghan"),
        ("Işık", "Ishik"),
    ],
)
def test_kurdish_and_turkish_letters_fold_to_the_latin_key(kurdish: str, latin: str) -> None:
    assert word_key(kurdish) == word_key(latin) != ""


def test_one_kurdish_letter_makes_the_whole_name_kurdish() -> None:
    result = normalize_name("Şêx Xalid")
    assert result.normalized == "shekh khalid"
    assert result.keys.family == name_key("Khalid") == name_key("خالد")


def test_kurdish_cedilla_reads_as_ch_in_the_spelling() -> None:
    assert normalize_name("Çiya").normalized == "chiya"


@pytest.mark.parametrize(
    ("persian", "arabic_or_latin"),
    [
        ("پژمان", "Pezhman"),
        ("گلاره", "Gelareh"),
        ("کریم", "كريم"),
        ("علی", "علي"),
        ("چيا", "جيا"),
    ],
)
def test_persian_letters_fold_into_the_arabic_skeleton(persian: str, arabic_or_latin: str) -> None:
    assert name_key(persian) == name_key(arabic_or_latin) != ""


@pytest.mark.parametrize(
    ("hebrew", "other"),
    [("אברהם", "إبراهيم"), ("שלום", "سلام"), ("מרים", "مريم"), ("יוסף", "يوسف"), ("דוד", "داود")],
)
def test_hebrew_keys_by_letter(hebrew: str, other: str) -> None:
    assert name_key(hebrew) == name_key(other) != ""
    assert normalize_name(hebrew).script == "hebrew"


@pytest.mark.parametrize(
    ("syriac", "other"),
    [("ܐܒܪܗܡ", "إبراهيم"), ("ܡܪܝܡ", "مريم"), ("ܝܘܣܦ", "يوسف"), ("ܫܠܡܐ", "سلمى")],
)
def test_syriac_keys_by_letter(syriac: str, other: str) -> None:
    assert name_key(syriac) == name_key(other) != ""
    assert normalize_name(syriac).script == "syriac"


@pytest.mark.parametrize(
    ("word", "latin", "script"),
    [
        ("Мария", "Maria", "cyrillic"),
        ("Наталья", "Natalya", "cyrillic"),
        ("Σοφία", "Sofia", "greek"),
        ("Արամ", "Aram", "armenian"),
    ],
)
def test_cyrillic_greek_and_armenian_key_as_their_romanisation(
    word: str, latin: str, script: str
) -> None:
    assert name_key(word) == name_key(latin) != ""
    assert normalize_name(word).script == script


@pytest.mark.parametrize("word", ["李明", "ნინო", "सीता", "ስላም"])
def test_any_other_script_keys_as_its_letters(word: str) -> None:
    result = normalize_name(word)
    assert result.key != "" and result.parts.given == result.normalized
    assert result.script == "other"
    assert name_key(word) == name_key(word.upper())


def test_a_name_in_two_scripts_is_mixed() -> None:
    result = normalize_name("Maria Мария")
    assert result.script == "mixed"
    assert result.key == "MR MR"
