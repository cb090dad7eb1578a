"""Properties of name normalisation on arbitrary input (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tawthiq.normalize import name_key, normalize_name, word_key

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيًٌٍَُِّْـٱکیہپچژگڤ٠١٢٣٤٥٦٧٨٩"
ARABIC_WORDS = [
    "عبد",
    "الله",
    "الرحمن",
    "ابو",
    "بن",
    "ابن",
    "بنت",
    "الدين",
    "ال",
    "الشهيد",
    "الملقب",
]
LATIN_WORDS = [
    "abd",
    "abdul",
    "al",
    "el",
    "bin",
    "ibn",
    "allah",
    "eddine",
    "din",
    "abu",
    "dr",
    "aka",
]

arabic_text = st.text(alphabet=ARABIC_LETTERS + " ", max_size=40)
name_like = st.lists(
    st.one_of(
        st.sampled_from(ARABIC_WORDS + LATIN_WORDS),
        st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=8),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzʿ'-", min_size=1, max_size=8),
    ),
    max_size=7,
).map(" ".join)
any_text = st.one_of(st.text(max_size=60), arabic_text, name_like)


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_never_raises(text: str) -> None:
    result = normalize_name(text)
    assert isinstance(result.key, str)
    assert result.original == text


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_idempotent(text: str) -> None:
    once = normalize_name(text)
    twice = normalize_name(once.normalized)
    assert twice.normalized == once.normalized
    assert twice.key == once.key


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_never_empty_without_a_warning(text: str) -> None:
    result = normalize_name(text)
    if text.strip() and not result.normalized:
        assert result.warnings


@settings(max_examples=200, deadline=None)
@given(name_like)
def test_key_has_one_part_per_unit(text: str) -> None:
    result = normalize_name(text)
    assert len([k for k in result.key.split(" ") if k]) <= len(result.units)
    assert name_key(text) == result.key


# --- structure: relations, titles, placeholders, every script ------------------------------

TITLES = [
    "Mrs.",
    "Mr",
    "Dr.",
    "Sheikh",
    "Hajj",
    "Sayyid",
    "الشيخ",
    "الحاج",
    "الحاجة",
    "الدكتور",
    "السيدة",
    "الشهيد",
    "الطفل",
    "الطفلة",
    "الرضيع",
]
GIVEN = ["محمد", "أحمد", "فاطمة", "خالد", "علي", "Fatima", "Ahmad", "Mohammad", "Omar", "Layla"]
FAMILY = ["الخليل", "الحسن", "حداد", "Khalil", "Hassan", "Haddad", "al-Ahmad"]
plain_name = st.lists(st.sampled_from(GIVEN), min_size=1, max_size=3).flatmap(
    lambda given: st.sampled_from(FAMILY).map(lambda family: " ".join([*given, family]))
)
PLACEHOLDER_WORDS = ["Unidentified", "unknown", "Unnamed", "N.N.", "مجهول", "مجهولة الهوية"]
placeholder = st.tuples(
    st.sampled_from(["", "جثة", "body", "child", "woman", "الطفل", "طفل"]),
    st.sampled_from(PLACEHOLDER_WORDS),
    st.one_of(st.just(""), st.integers(1, 500).map(str)),
).map(lambda t: " ".join(p for p in t if p))
RELATIONS = ["wife of", "the wife of", "w/o", "son of", "d/o", "زوجة", "ابن", "بنت", "والدة"]
relational = st.tuples(st.sampled_from(RELATIONS), st.one_of(plain_name, placeholder)).map(" ".join)
# Letters of many scripts (Latin with accents, Kurdish/Turkish, Arabic, Persian, Hebrew,
# Syriac, Cyrillic, Greek, Armenian, Georgian, Devanagari, CJK).
LETTERS = (
    "abcdefghijklmnopqrstuvwxyzéüçşğıêîûẍḧ"
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآةى"
    "پچژگکی"
    "אבגדהוזחטיכלמנסעפצקרשת"
    "ܐܒܓܕܗܘܙܚܛܝܟܠܡܢܣܥܦܨܩܪܫܬ"
    "абвгдежзийклмнопрстуфхцчшщыэюя"
    "αβγδεζηθικλμνξοπρστυφχψω"
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ"
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ"
    "कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह"
    "李王张刘陈杨赵黄周吴"
)
any_script_word = st.text(alphabet=LETTERS, min_size=1, max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, relational, placeholder, plain_name))
def test_structure_never_raises_and_placeholders_have_no_keys(text: str) -> None:
    result = normalize_name(text)
    assert result.original == text
    if result.placeholder:
        assert result.keys.given is None and result.parts.given is None
        assert not result.has_own_name
    if not result.has_own_name:
        assert result.keys.given is None
    assert result.has_own_name == (result.parts.given is not None)


@settings(max_examples=200, deadline=None)
@given(placeholder)
def test_placeholders_are_placeholders(text: str) -> None:
    result = normalize_name(text)
    assert result.placeholder and result.key == "", result


GIVEN_AR = [g for g in GIVEN if g.isascii() is False]
GIVEN_LA = [g for g in GIVEN if g.isascii()]
same_script_relational = st.one_of(
    st.tuples(
        st.sampled_from([r for r in RELATIONS if r.isascii()]),
        st.lists(st.sampled_from(GIVEN_LA), min_size=1, max_size=3).map(" ".join),
    ),
    st.tuples(
        st.sampled_from([r for r in RELATIONS if not r.isascii()]),
        st.lists(st.sampled_from(GIVEN_AR), min_size=1, max_size=3).map(" ".join),
    ),
)


@settings(max_examples=200, deadline=None)
@given(same_script_relational)
def test_relations_never_become_the_given_name(pair: tuple[str, str]) -> None:
    relation, name = pair
    result = normalize_name(f"{relation} {name}")
    assert result.relation is not None
    assert result.parts.given is None and result.key == ""
    assert result.anchor is not None and result.anchor.key == normalize_name(name).key


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TITLES), min_size=1, max_size=3), plain_name)
def test_a_title_in_front_does_not_change_the_keys(titles: list[str], name: str) -> None:
    bare = normalize_name(name)
    titled = normalize_name(" ".join([*titles, name]))
    assert titled.keys == bare.keys
    assert titled.key == bare.key
    assert titled.parts == bare.parts


@settings(max_examples=400, deadline=None)
@given(any_script_word)
def test_every_word_with_letters_gets_a_key(word: str) -> None:
    assert word_key(word) != ""


@settings(max_examples=300, deadline=None)
@given(st.lists(any_script_word, min_size=1, max_size=4).map(" ".join))
def test_every_name_with_letters_gets_a_key_unless_it_says_why(text: str) -> None:
    result = normalize_name(text)
    if result.units:
        assert all(word_key(u) for u in result.units)
        assert result.key
    else:
        assert result.warnings
