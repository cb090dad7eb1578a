"""Properties of name normalisation on arbitrary input (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tawthiq.normalize import name_key, normalize_name

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
