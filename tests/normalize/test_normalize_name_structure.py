"""Name records that say more than a name: relations, kunyas, titles, placeholders.

Only common or simulated names are used here (محمد, أحمد, Fatima, Khalil …).
"""

from __future__ import annotations

import pytest

from tawthiq.model.vocab import Sex
from tawthiq.normalize.ages import AgeGroup
from tawthiq.normalize.names import (
    NameParts,
    NameStructure,
    Relation,
    normalize_name,
    parse_name_structure,
)

EMPTY = NameParts()


# --- relations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "relation", "anchor"),
    [
        ("wife of Ahmad Khalil", Relation.WIFE_OF, "ahmad khalil"),
        ("the wife of Ahmad Khalil", Relation.WIFE_OF, "ahmad khalil"),
        ("Wife Of Ahmad Khalil", Relation.WIFE_OF, "ahmad khalil"),
        ("w/o Ahmad Khalil", Relation.WIFE_OF, "ahmad khalil"),
        ("W/O Ahmad Khalil", Relation.WIFE_OF, "ahmad khalil"),
        ("widow of Ahmad Khalil", Relation.WIFE_OF, "ahmad khalil"),
        ("Ahmad Khalil's wife", Relation.WIFE_OF, "ahmad khalil"),
        ("زوجة أحمد خليل", Relation.WIFE_OF, "احمد خليل"),
        ("زوجه أحمد خليل", Relation.WIFE_OF, "احمد خليل"),
        ("أرملة أحمد خليل", Relation.WIFE_OF, "احمد خليل"),
        ("husband of Fatima Khalil", Relation.HUSBAND_OF, "fatima khalil"),
        ("زوج فاطمة خليل", Relation.HUSBAND_OF, "فاطمه خليل"),
        ("son of Ahmad Khalil", Relation.SON_OF, "ahmad khalil"),
        ("s/o Ahmad Khalil", Relation.SON_OF, "ahmad khalil"),
        ("ابن أحمد خليل", Relation.SON_OF, "احمد خليل"),
        ("إبن أحمد خليل", Relation.SON_OF, "احمد خليل"),
        ("بن أحمد خليل", Relation.SON_OF, "احمد خليل"),
        ("daughter of Ahmad Khalil", Relation.DAUGHTER_OF, "ahmad khalil"),
        ("d/o Ahmad Khalil", Relation.DAUGHTER_OF, "ahmad khalil"),
        ("بنت أحمد خليل", Relation.DAUGHTER_OF, "احمد خليل"),
        ("ابنة أحمد خليل", Relation.DAUGHTER_OF, "احمد خليل"),
        ("mother of Ahmad", Relation.MOTHER_OF, "ahmad"),
        ("والدة أحمد خليل", Relation.MOTHER_OF, "احمد خليل"),
        ("father of Ahmad", Relation.FATHER_OF, "ahmad"),
        ("والد أحمد خليل", Relation.FATHER_OF, "احمد خليل"),
        ("child of Ahmad Khalil", Relation.CHILD_OF, "ahmad khalil"),
        ("brother of Ahmad", Relation.SIBLING_OF, "ahmad"),
        ("sister of Ahmad", Relation.SIBLING_OF, "ahmad"),
        ("أخت أحمد خليل", Relation.SIBLING_OF, "احمد خليل"),
        ("شقيق أحمد خليل", Relation.SIBLING_OF, "احمد خليل"),
    ],
)
def test_relational_records(text: str, relation: Relation, anchor: str) -> None:
    result = normalize_name(text)
    assert result.relation is relation
    assert result.anchor is not None and result.anchor.normalized == anchor
    assert result.anchor.key  # the anchor is keyed like any name
    # the relation word is never the person's own name
    assert result.parts == EMPTY and result.keys == EMPTY and result.key == ""
    assert not result.has_own_name and not result.placeholder
    assert result.normalized == ""
    assert any("relational" in w for w in result.warnings)


def test_the_anchor_is_normalised_and_keyed_like_a_name() -> None:
    latin = normalize_name("wife of Ahmad Khalil").anchor
    arabic = normalize_name("زوجة أحمد خليل").anchor
    assert latin is not None and arabic is not None
    assert latin.key == arabic.key == "HMD KL"
    assert latin.parts == NameParts("ahmad", None, None, "khalil")
    assert arabic.keys == NameParts("HMD", None, None, "KL")


@pytest.mark.parametrize(
    ("text", "given", "relation", "anchor"),
    [
        ("Fatima, wife of Ahmad", "fatima", Relation.WIFE_OF, "ahmad"),
        ("فاطمة زوجة أحمد", "فاطمه", Relation.WIFE_OF, "احمد"),
        ("فاطمة، زوجة أحمد", "فاطمه", Relation.WIFE_OF, "احمد"),
        ("Fatima - wife of Ahmad", "fatima", Relation.WIFE_OF, "ahmad"),
        ("Fatima (wife of Ahmad)", "fatima", Relation.WIFE_OF, "ahmad"),
        ("wife of Ahmad, Fatima", "fatima", Relation.WIFE_OF, "ahmad"),
        ("Ahmad, son of Khalil", "ahmad", Relation.SON_OF, "khalil"),
        ("أحمد، ابن خليل", "احمد", Relation.SON_OF, "خليل"),
    ],
)
def test_an_own_given_name_beside_a_relation(
    text: str, given: str, relation: Relation, anchor: str
) -> None:
    result = normalize_name(text)
    assert result.parts.given == given
    assert result.relation is relation
    assert result.anchor is not None and result.anchor.normalized == anchor
    assert result.has_own_name and not result.placeholder


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("محمد بن أحمد الخليل", ("محمد", "احمد", None, "الخليل")),
        ("فاطمة بنت محمد", ("فاطمه", "محمد", None, None)),
        ("محمد ابن علي", ("محمد", "علي", None, None)),
        ("Muhammad ibn Ali al-Tusi", ("muhammad", "ali", None, "al tusi")),
        ("Ahmad son of Khalil", ("ahmad", "khalil", None, None)),
        ("Ahmad s/o Khalil", ("ahmad", "khalil", None, None)),
        ("Fatima daughter of Ahmad", ("fatima", "ahmad", None, None)),
    ],
)
def test_descent_words_inside_a_name_are_a_nasab(text: str, parts: tuple[str | None, ...]) -> None:
    """Only a record that starts with ابن/son of (or has it after punctuation) is relational."""
    result = normalize_name(text)
    assert result.relation is None
    assert result.parts.as_tuple() == parts
    assert result.has_own_name


def test_a_title_before_a_descent_word_still_starts_the_record() -> None:
    result = normalize_name("الشهيد ابن أحمد الخليل")
    assert result.relation is Relation.SON_OF
    assert result.titles == ("الشهيد",)
    assert result.parts == EMPTY


@pytest.mark.parametrize(
    ("text", "anchor_family"),
    [
        ("from the Khalil family", "khalil"),
        ("the Khalil family", "khalil"),
        ("Khalil family", "khalil"),
        ("Family of Khalil", "khalil"),
        ("من عائلة الخليل", "الخليل"),
        ("عائلة الخليل", "الخليل"),
        ("من آل الخليل", "الخليل"),
        ("من أسرة الخليل", "الخليل"),
    ],
)
def test_family_records(text: str, anchor_family: str) -> None:
    result = normalize_name(text)
    assert result.relation is Relation.FAMILY_OF
    assert result.anchor is not None
    assert result.anchor.parts == NameParts(family=anchor_family)
    assert result.anchor.keys.family == "KL"
    assert result.parts == EMPTY and not result.has_own_name and not result.placeholder


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("محمد من عائلة الخليل", ("محمد", None, None, "الخليل")),
        ("محمد أحمد من عائلة الخليل", ("محمد", "احمد", None, "الخليل")),
        ("Ahmad from the Khalil family", ("ahmad", None, None, "khalil")),
        ("Ahmad Mohammad of the Khalil family", ("ahmad", "mohammad", None, "khalil")),
    ],
)
def test_a_family_marker_after_a_name_gives_its_family_name(
    text: str, parts: tuple[str | None, ...]
) -> None:
    result = normalize_name(text)
    assert result.relation is None
    assert result.parts.as_tuple() == parts


def test_a_relation_chain_is_kept_in_the_anchor() -> None:
    result = normalize_name("wife of the son of Ahmad Khalil")
    assert result.relation is Relation.WIFE_OF
    inner = result.anchor
    assert inner is not None and inner.relation is Relation.SON_OF
    assert inner.anchor is not None and inner.anchor.normalized == "ahmad khalil"
    assert not result.placeholder


# --- kunyas --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kunya", "relation", "anchor", "sex"),
    [
        ("أم أحمد", "ام احمد", Relation.MOTHER_OF, "احمد", Sex.FEMALE),
        ("أبو أحمد", "ابو احمد", Relation.FATHER_OF, "احمد", Sex.MALE),
        ("Um Ahmad", "um ahmad", Relation.MOTHER_OF, "ahmad", Sex.FEMALE),
        ("Umm Ahmad", "umm ahmad", Relation.MOTHER_OF, "ahmad", Sex.FEMALE),
        ("Abu Ahmad", "abu ahmad", Relation.FATHER_OF, "ahmad", Sex.MALE),
        ("أبو عبد الله", "ابو عبد الله", Relation.FATHER_OF, "عبد الله", Sex.MALE),
    ],
)
def test_a_kunya_alone_is_a_relation_and_a_kunya(
    text: str, kunya: str, relation: Relation, anchor: str, sex: Sex
) -> None:
    result = normalize_name(text)
    assert result.kunya == kunya
    assert result.structure.kunya_key
    assert result.relation is relation
    assert result.anchor is not None and result.anchor.normalized == anchor
    assert result.sex_hint is sex
    assert result.parts == EMPTY and not result.has_own_name


@pytest.mark.parametrize(
    ("text", "kunya", "parts"),
    [
        ("أبو أحمد محمد الخليل", "ابو احمد", ("محمد", None, None, "الخليل")),
        ("Abu Ahmad Mohammad Khalil", "abu ahmad", ("mohammad", None, None, "khalil")),
        ("محمد أبو أحمد", "ابو احمد", ("محمد", None, None, None)),
        ("فاطمة أم أحمد", "ام احمد", ("فاطمه", None, None, None)),
        ("أم محمد الحلبي", "ام محمد", (None, None, None, "الحلبي")),
        ("محمد أحمد الملقب أبو علي", "ابو علي", ("محمد", None, None, "احمد")),
    ],
)
def test_a_kunya_beside_a_name_goes_to_its_own_field(
    text: str, kunya: str, parts: tuple[str | None, ...]
) -> None:
    result = normalize_name(text)
    assert result.kunya == kunya
    assert result.parts.as_tuple() == parts
    assert result.relation is None


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("محمد خالد أبو زيد", "ابو زيد"),  # after given and father names: a family name
        ("Ahmad Mohammad Abu Khalil", "abu khalil"),
        ("أحمد أبو شقرة", "ابو شقره"),  # X is not a given name: a family name
        ("محمد خالد ابو عبد الله", "ابو عبد الله"),
    ],
)
def test_abu_at_the_end_of_a_full_name_is_the_family_name(text: str, family: str) -> None:
    result = normalize_name(text)
    assert result.kunya is None
    assert result.parts.family == family


@pytest.mark.parametrize("text", ["أبو بكر الصديق", "Abu Bakr", "أم كلثوم أحمد"])
def test_abu_and_umm_given_names_are_not_kunyas(text: str) -> None:
    result = normalize_name(text)
    assert result.kunya is None and result.relation is None
    assert result.parts.given is not None and result.parts.given.split()[0] in {"ابو", "abu", "ام"}


# --- titles and descriptors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "titles", "sex", "age"),
    [
        ("Mrs. Fatima Khalil", ("mrs",), Sex.FEMALE, None),
        ("Mr Ahmad Khalil", ("mr",), Sex.MALE, None),
        ("Ms Fatima Khalil", ("ms",), Sex.FEMALE, None),
        ("Miss Fatima Khalil", ("miss",), Sex.FEMALE, None),
        ("Sheikh Ahmad Khalil", ("sheikh",), Sex.MALE, None),
        ("Shaykh Ahmad Khalil", ("shaykh",), Sex.MALE, None),
        ("Dr Ahmad Khalil", ("dr",), None, None),
        ("Dr. Ahmad Khalil", ("dr",), None, None),
        ("Doctor Ahmad Khalil", ("doctor",), None, None),
        ("Hajj Ahmad Khalil", ("hajj",), Sex.MALE, None),
        ("Haj Ahmad Khalil", ("haj",), Sex.MALE, None),
        ("Hajji Ahmad Khalil", ("hajji",), Sex.MALE, None),
        ("Al-Hajj Ahmad Khalil", ("hajj",), Sex.MALE, None),
        ("Eng. Ahmad Khalil", ("eng",), None, None),
        ("Prof. Ahmad Khalil", ("prof",), None, None),
        ("Sayyid Ahmad Khalil", ("sayyid",), Sex.MALE, None),
        ("الشيخ أحمد خليل", ("الشيخ",), Sex.MALE, None),
        ("الحاج أحمد خليل", ("الحاج",), Sex.MALE, None),
        ("الحاجة فاطمة خليل", ("الحاجه",), Sex.FEMALE, None),
        ("الدكتور أحمد خليل", ("الدكتور",), None, None),
        ("الدكتورة فاطمة خليل", ("الدكتوره",), Sex.FEMALE, None),
        ("المهندس أحمد خليل", ("المهندس",), None, None),
        ("السيد أحمد خليل", ("السيد",), Sex.MALE, None),
        ("السيدة فاطمة خليل", ("السيده",), Sex.FEMALE, None),
        ("الأستاذ أحمد خليل", ("الاستاذ",), None, None),
        ("الشهيد أحمد خليل", ("الشهيد",), None, None),
        ("الطفل أحمد خليل", ("الطفل",), None, AgeGroup.CHILD),
        ("الطفلة فاطمة خليل", ("الطفله",), Sex.FEMALE, AgeGroup.CHILD),
        ("الرضيع أحمد خليل", ("الرضيع",), None, AgeGroup.INFANT),
        ("الملازم أول أحمد خليل", ("الملازم اول",), None, None),
    ],
)
def test_titles_are_never_the_given_name(
    text: str, titles: tuple[str, ...], sex: Sex | None, age: AgeGroup | None
) -> None:
    result = normalize_name(text)
    assert result.titles == titles
    assert result.parts.given in {"ahmad", "fatima", "احمد", "فاطمه"}
    assert result.sex_hint is sex
    assert result.age_hint is age


def test_descriptors_are_the_titles_that_describe() -> None:
    result = normalize_name("الشهيد الطفل الحاج محمد")
    assert result.titles == ("الشهيد", "الطفل", "الحاج")
    assert result.descriptors == ("الشهيد", "الطفل")
    assert result.age_hint is AgeGroup.CHILD


def test_a_title_does_not_change_the_keys() -> None:
    for title in ("Mrs.", "Dr", "Sheikh", "الحاج", "الطفلة", "الشهيد"):
        assert normalize_name(f"{title} Fatima Khalil").keys == normalize_name("Fatima Khalil").keys
        assert normalize_name(f"{title} فاطمة خليل").keys == normalize_name("فاطمة خليل").keys


def test_sex_hints_that_disagree_give_none() -> None:
    result = normalize_name("Mr. wife of Ahmad")
    assert result.relation is Relation.WIFE_OF
    assert result.sex_hint is None
    assert any("both sexes" in w for w in result.warnings)


# --- placeholders --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sex", "age"),
    [
        ("Unidentified", None, None),
        ("Unidentified 12", None, None),
        ("unidentified #3", None, None),
        ("Unknown", None, None),
        ("UNKNOWN 4", None, None),
        ("Unnamed", None, None),
        ("N.N.", None, None),
        ("NN", None, None),
        ("unidentified child", None, AgeGroup.CHILD),
        ("unknown woman", Sex.FEMALE, None),
        ("unidentified man 2", Sex.MALE, None),
        ("unidentified body", None, None),
        ("مجهول", None, None),
        ("مجهول 3", None, None),
        ("مجهول الهوية", None, None),
        ("مجهولة الهوية", Sex.FEMALE, None),
        ("جثة مجهولة الهوية", Sex.FEMALE, None),
        ("جثة مجهولة الهوية رقم ٤", Sex.FEMALE, None),
        ("طفل مجهول الهوية", None, AgeGroup.CHILD),
        ("الطفلة مجهولة الهوية", Sex.FEMALE, AgeGroup.CHILD),
        ("بدون اسم", None, None),
        ("لم يعرف", None, None),
        ("غير معروف", None, None),
        ("غير معروفة", None, None),
    ],
)
def test_placeholders(text: str, sex: Sex | None, age: AgeGroup | None) -> None:
    result = normalize_name(text)
    assert result.placeholder
    assert not result.has_own_name
    assert result.parts == EMPTY and result.keys == EMPTY and result.key == ""
    assert result.normalized == ""
    assert result.sex_hint is sex
    assert result.age_hint is age
    assert result.warnings and "placeholder" in result.warnings[-1]


@pytest.mark.parametrize("text", ["wife of", "زوجة", "wife of unknown", "زوجة مجهول", "ابن"])
def test_a_relation_to_nobody_is_a_placeholder(text: str) -> None:
    result = normalize_name(text)
    assert result.relation is not None
    assert result.placeholder and not result.has_own_name


def test_a_named_person_is_not_a_placeholder_even_if_the_anchor_is() -> None:
    result = normalize_name("Fatima, wife of unknown")
    assert result.parts.given == "fatima"
    assert result.relation is Relation.WIFE_OF and not result.placeholder


def test_placeholder_words_inside_a_name_are_dropped() -> None:
    result = normalize_name("Ahmad Unknown")
    assert result.parts == NameParts(given="ahmad")
    assert not result.placeholder
    assert any("placeholder words" in w for w in result.warnings)


def test_titles_alone_are_not_a_placeholder_but_have_no_own_name() -> None:
    result = normalize_name("الشهيد")
    assert not result.placeholder and not result.has_own_name


# --- the structure itself ------------------------------------------------------------------


def test_parse_name_structure_is_the_structure_of_normalize_name() -> None:
    text = "الحاجة زوجة أحمد خليل"
    structure = parse_name_structure(text)
    assert isinstance(structure, NameStructure)
    assert structure is normalize_name(text).structure
    assert structure.relation is Relation.WIFE_OF
    assert structure.titles == ("الحاجه",)
    assert structure.sex_hint is Sex.FEMALE


def test_plain_names_keep_their_old_reading() -> None:
    result = normalize_name("محمد أحمد علي الحسن")
    assert result.structure == NameStructure(has_own_name=True)
    assert result.relation is None and result.kunya is None and not result.placeholder
    assert result.parts == NameParts("محمد", "احمد", "علي", "الحسن")


def test_empty_input_has_no_name() -> None:
    for value in (None, "", "   "):
        result = normalize_name(value)
        assert not result.has_own_name and not result.placeholder and result.warnings == ()


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("أبو زيد", ("ابو زيد", "BSD")),
        ("Abu Khalil", ("abu khalil", "BKL")),
        ("عائلة الخليل", ("الخليل", "KL")),
        ("الخطيب", ("الخطيب", "KTB")),
    ],
)
def test_a_column_of_its_own_keeps_a_kunya_like_family_name(
    text: str, column: tuple[str, str]
) -> None:
    assert normalize_name(text).as_column_part() == column
