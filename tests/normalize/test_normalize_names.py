"""Names: canonical spelling, compounds, parts, titles and nicknames, cross-script keys."""

from __future__ import annotations

import pytest

from tawthiq.normalize import NameParts, name_key, normalize_name, word_key


def parts(text: str) -> tuple[str | None, str | None, str | None, str | None]:
    return normalize_name(text).parts.as_tuple()


# --- Arabic normalisation and compounds ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("مُحَمَّد أَحْمَد", "محمد احمد"),
        ("فاطمة الزهراء", "فاطمه الزهراء"),
        ("عبدالرحمن", "عبد الرحمن"),
        ("عبد الرحمن", "عبد الرحمن"),
        ("عبدالله", "عبد الله"),
        ("عبد  الله", "عبد الله"),
        ("نورالدين", "نور الدين"),
        ("فتحالله", "فتح الله"),
        ("ابوالخير", "ابو الخير"),
        ("مصطفى", "مصطفي"),
        ("محمد۔", "محمد"),
    ],
)
def test_arabic_normalized_spelling(raw: str, normalized: str) -> None:
    assert normalize_name(raw).normalized == normalized


@pytest.mark.parametrize(
    ("raw", "units"),
    [
        ("عبد الرحمن محمد", ("عبد الرحمن", "محمد")),
        ("عبدالله حسن", ("عبد الله", "حسن")),
        ("أبو بكر الصديق", ("ابو بكر", "الصديق")),
        ("نور الدين زنكي", ("نور الدين", "زنكي")),
        ("سيف الدين احمد", ("سيف الدين", "احمد")),
        ("نصر الله محمد", ("نصر الله", "محمد")),
        # after given and father names an Abu-compound is a family name (test_kunya_*)
        ("محمد خالد ابو عبد الله", ("محمد", "خالد", "ابو عبد الله")),
        ("علي آل سعود", ("علي", "ال سعود")),
    ],
)
def test_arabic_compounds_are_one_unit(raw: str, units: tuple[str, ...]) -> None:
    assert normalize_name(raw).units == units


def test_syrian_order_given_father_grandfather_family() -> None:
    assert parts("محمد") == ("محمد", None, None, None)
    assert parts("محمد الحسن") == ("محمد", None, None, "الحسن")
    assert parts("محمد أحمد الحسن") == ("محمد", "احمد", None, "الحسن")
    assert parts("محمد أحمد علي الحسن") == ("محمد", "احمد", "علي", "الحسن")
    assert parts("عبد الرحمن محمد عبدالله الأحمد") == ("عبد الرحمن", "محمد", "عبد الله", "الاحمد")


def test_five_units_put_the_rest_in_the_family_name_and_say_so() -> None:
    result = normalize_name("محمد أحمد علي حسن الأحمد")
    assert result.parts == NameParts("محمد", "احمد", "علي", "حسن الاحمد")
    assert any("family" in w for w in result.warnings)


def test_lineage_markers_make_a_patrilineal_chain() -> None:
    assert parts("محمد بن علي بن حسن الأحمد") == ("محمد", "علي", "حسن", "الاحمد")
    assert parts("فاطمة بنت محمد") == ("فاطمه", "محمد", None, None)
    assert parts("محمد ابن علي") == ("محمد", "علي", None, None)
    result = normalize_name("محمد بن علي")
    assert result.units == ("محمد", "علي")  # the marker is not a name unit
    assert result.key == "MHMD L"


def test_a_marker_later_in_the_name_belongs_to_the_family_name() -> None:
    assert parts("Zine El Abidine Ben Ali")[0] == "zine"
    assert parts("خالد محمد بن علي") == ("خالد", "محمد", None, "بن علي")


def test_trailing_marker_is_dropped_with_a_warning() -> None:
    result = normalize_name("محمد ابن")
    assert result.units == ("محمد",)
    assert result.warnings


def test_titles_are_moved_aside() -> None:
    result = normalize_name("الشهيد الطفل محمد أحمد")
    assert result.titles == ("الشهيد", "الطفل")
    assert result.normalized == "محمد احمد"
    assert normalize_name("Dr. Ahmad Hassan").titles == ("dr",)


def test_nicknames_become_the_alias() -> None:
    result = normalize_name("محمد أحمد الملقب بأبو علي")
    assert result.normalized == "محمد احمد"
    assert result.alias == "ابو علي"
    bracketed = normalize_name("خالد (أبو الوليد) الحمصي")
    assert bracketed.alias == "ابو الوليد"
    assert bracketed.parts.family == "الحمصي"  # a nisba is kept as the family name


def test_nisbas_are_marked() -> None:
    assert normalize_name("محمد أحمد الحلبي").nisbas == ("الحلبي",)
    assert normalize_name("Muhammad Ahmad al-Halabi").nisbas == ("al halabi",)
    assert normalize_name("محمد العلي").nisbas == ()
    assert normalize_name("Ahmad Hassan").nisbas == ()


# --- Latin normalisation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("MOHAMMAD", "mohammad"),
        ("Muḥammad", "muhammad"),
        ("Sa'id", "said"),
        ("Saʿīd", "said"),
        ("Ma’moun", "mamun"),
        ("Al-Hasan", "al hasan"),
        ("El Hassan", "al hassan"),
        ("ash-Shami", "al shami"),
        ("ar-Rahman", "al rahman"),
        ("Youssef", "yussef"),
        ("Ameen", "amin"),
        ("Mustapha", "mustafa"),
        ("Abdulrahman", "abd al rahman"),
        ("Abd al-Rahman", "abd al rahman"),
        ("Abdel Rahman", "abd al rahman"),
        ("Abd-el-Rahman", "abd al rahman"),
        ("Abdurrahman", "abd al rahman"),
        ("Abdullah", "abd allah"),
        ("Abdallah", "abd allah"),
        ("Abd Allah", "abd allah"),
        ("Nureddin", "nur al din"),
        ("Nour Eddine", "nur al din"),
        ("Nour al-Din", "nur al din"),
        ("Abou Bakr", "abu bakr"),
        ("Nasrallah", "nasr allah"),
        ("Abdo", "abdo"),
    ],
)
def test_latin_normalized_spelling(raw: str, normalized: str) -> None:
    assert normalize_name(raw).normalized == normalized


def test_latin_parts_and_compounds() -> None:
    assert parts("Abdulrahman Mohammad Al-Khatib") == (
        "abd al rahman",
        "mohammad",
        None,
        "al khatib",
    )
    assert parts("Muhammad ibn Ali ibn Hasan al-Tusi") == ("muhammad", "ali", "hasan", "al tusi")


# --- cross-script keys ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("محمد", "Mohammad", "Muhammad", "Mohamed", "Mohammed", "Mohamad", "Muhammed"),
        (
            "عبد الرحمن",
            "عبدالرحمن",
            "Abdulrahman",
            "Abd al-Rahman",
            "Abdel Rahman",
            "Abdurrahman",
            "Abd-el-Rahman",
            "Abdul Rahman",
        ),
        ("عبد الله", "عبدالله", "Abdullah", "Abdallah", "Abd Allah"),
        ("أحمد", "احمد", "Ahmad", "Ahmed"),
        ("يوسف", "Yousef", "Youssef", "Yusuf"),
        ("خالد", "Khaled", "Khalid"),
        ("حسين", "Hussein", "Husain", "Hossein"),
        ("إبراهيم", "Ibrahim", "Ebrahim"),
        ("مصطفى", "Mustafa", "Moustafa", "Mostafa"),
        ("فاطمة", "Fatima", "Fatmeh", "Fatimah"),
        ("الحسن", "Al-Hasan", "Alhasan", "El Hassan"),
        ("نور الدين", "نورالدين", "Nour Eddine", "Nureddin", "Nour al-Din"),
        ("هشام", "Hisham", "Hicham"),
        ("قاسم", "Qasim", "Kassem", "Qassem"),
        ("فتحي", "Fathi", "Fathy"),
        ("جمال", "Jamal", "Gamal"),
    ],
)
def test_spellings_share_a_key(spellings: tuple[str, ...]) -> None:
    keys = {name_key(s) for s in spellings}
    assert len(keys) == 1, dict(zip(spellings, (name_key(s) for s in spellings), strict=True))
    assert keys != {""}


def test_full_names_share_a_key_across_scripts() -> None:
    assert name_key("عبد الرحمن محمد الخطيب") == name_key("Abdulrahman Mohammad Al-Khatib")
    assert name_key("عبد الرحمن محمد الخطيب") == "BDRHMN MHMD KTB"
    assert normalize_name("Abd al-Rahman Muhammad al Khateeb").keys == NameParts(
        "BDRHMN", "MHMD", None, "KTB"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [("محمد", "أحمد"), ("Khaled", "Walid"), ("عمر", "علي"), ("Hassan", "Mahmoud")],
)
def test_different_names_get_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_word_key_is_script_blind() -> None:
    assert word_key("محمد") == word_key("Mohamed") == "MHMD"
    assert word_key("123") == ""


# --- warnings, never silence ---------------------------------------------------------------


def test_empty_input_is_empty_without_warning() -> None:
    for value in (None, "", "   "):
        result = normalize_name(value)
        assert result.normalized == "" and result.key == "" and result.warnings == ()


@pytest.mark.parametrize("raw", ["الشهيد", "123", "؟؟", "...", "(أبو علي)", "ʿ"])
def test_nothing_left_is_always_explained(raw: str) -> None:
    result = normalize_name(raw)
    assert result.normalized == ""
    assert result.warnings


def test_mixed_script_is_reported() -> None:
    result = normalize_name("محمد Ahmad")
    assert result.script == "mixed"
    assert result.key == "MHMD HMD"
    assert any("mixes" in w for w in result.warnings)


def test_digits_are_dropped_and_reported() -> None:
    result = normalize_name("محمد 2")
    assert result.normalized == "محمد"
    assert any("digits" in w for w in result.warnings)
