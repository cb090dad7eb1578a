"""What a name record says besides the name: relations, kunyas, titles and placeholders.

Casualty lists do not always name the victim. They write "wife of Ahmad Khalil", "زوجة أحمد
خليل", "أم أحمد", "من عائلة الخليل", "Unidentified 12" or "مجهول الهوية", and put titles and
descriptors (الحاج, Mrs., الطفلة "the child") before the name. Read as a plain name, "wife"
becomes a given name and "Unidentified" a family name, and linkage then joins every "wife of
…" or every unidentified body of one day into one person. This module finds that structure at
the level of the record, before :mod:`tawthiq.normalize.names` reads the person's own name.

Rules (each chosen so that a wrong reading costs linkage a missing value, not a wrong one):

* **Relations.** A relation word (wife of, w/o, زوجة, زوجه, أرملة, husband of, زوج, mother of,
  والدة, brother of, أخت, child of, family of, عائلة, …) starts a relation; the words after it,
  up to the next comma, semicolon, spaced dash or bracket, are the *anchor*: the person the
  relation points at. Words before it, and other punctuated segments, are the record's own name
  ("فاطمة زوجة أحمد", "Fatima, wife of Ahmad" → given فاطمة/Fatima, wife_of, anchor Ahmad).
* **Descent words are a nasab inside a name.** بن/ابن/إبن/بنت/ابنة, bin/ibn/bint, son of,
  daughter of, s/o, d/o, fils de, fille de make a relation only at the start of the record
  (after titles) or right after punctuation ("ابن أحمد الخليل", "Ahmad, son of Khalil"). Inside
  a name they are the patrilineal chain: "محمد بن أحمد الخليل" is Muhammad, father Ahmad, family
  al-Khalil, and "Ahmad son of Khalil" is read as "Ahmad bin Khalil".
* **Family.** "من عائلة X", "من آل X", "from the X family", "of the X family" after an own name
  give that name's family name (no relation). Alone ("من عائلة الخليل", "عائلة X", "Family of
  X", "the X family"), the record is family_of with X as the anchor.
* **Placeholders.** A record whose words are only placeholder words (unidentified, unknown,
  unnamed, N.N., مجهول, مجهولة, مجهول الهوية, غير معروف, بدون اسم, لم يعرف, …), fillers
  (جثة, body, child, woman, رقم, no.), titles and numbers is a placeholder. Placeholder words
  inside a real name ("Ahmad unknown") are dropped from it, with a warning.

Kunyas (أبو/أم X, Abu/Umm X) are read on name units in ``names.py``; the rule is documented
on :func:`tawthiq.normalize.names.normalize_name`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from tawthiq.model.vocab import Sex
from tawthiq.normalize._skeleton import LATIN_SPECIAL, script_of
from tawthiq.normalize._text import normalize_arabic, strip_invisible
from tawthiq.normalize.ages import AgeGroup

if TYPE_CHECKING:
    from tawthiq.normalize.names import NormalizedName

__all__ = [
    "TRIGGERS",
    "NameStructure",
    "RecordSplit",
    "Relation",
    "split_record",
    "token_may_have_structure",
]


class Relation(StrEnum):
    """How a record that names someone else relates the victim to that person (the anchor)."""

    WIFE_OF = "wife_of"
    HUSBAND_OF = "husband_of"
    SON_OF = "son_of"
    DAUGHTER_OF = "daughter_of"
    MOTHER_OF = "mother_of"
    FATHER_OF = "father_of"
    CHILD_OF = "child_of"
    SIBLING_OF = "sibling_of"
    FAMILY_OF = "family_of"


@dataclass(frozen=True, slots=True)
class NameStructure:
    """What a name record says about the person besides the spelling of their own name.

    Attributes:
        relation: the relation a relational record states ("wife of Ahmad" → wife_of), or
            ``None``. A kunya alone (أم أحمد) is mother_of/father_of as well as a kunya.
        anchor: the name the relation points at, normalised like any name (with its parts
            and keys); for family_of its only part is the family name. ``None`` when the
            relation names nobody ("زوجة" alone) or there is no relation.
        kunya: the kunya (أبو/أم X, Abu/Umm X) in normalised spelling, or ``None``.
        kunya_key: the kunya's cross-script key.
        titles: honorifics and descriptors removed from the front of the name (normalised).
        descriptors: the titles that describe rather than honour (الشهيد, الطفلة, martyr,
            child); a subset of ``titles``.
        age_hint: the age group a descriptor or placeholder word states (الطفل → child,
            الرضيع → infant), or ``None``.
        sex_hint: the sex a relation, kunya, title or placeholder word states (زوجة, بنت,
            Mrs, الحاجة, أم, مجهولة → female; زوج, ابن, Mr, أبو → male), or ``None`` when none
            does or they disagree. Masculine descriptors that lists also use generically
            (الشهيد, الطفل, مجهول) give no hint.
        placeholder: the record identifies nobody by name: only placeholder words
            (unidentified, مجهول الهوية, N.N., "Unidentified 12"), or a relation whose
            anchor is missing or itself a placeholder, and no own given name.
        has_own_name: the record gives the person's own given name. ``False`` for
            placeholders, titles alone, and relational records without one ("wife of
            Ahmad", "أم أحمد", "من عائلة الخليل"): such records have empty given/father/
            family parts and keys and must not be linked on names.
    """

    relation: Relation | None = None
    anchor: NormalizedName | None = None
    kunya: str | None = None
    kunya_key: str | None = None
    titles: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    age_hint: AgeGroup | None = None
    sex_hint: Sex | None = None
    placeholder: bool = False
    has_own_name: bool = False


# --- vocabularies (forms: Arabic normalised; Latin lower case without accents, ' and .) -----

# Descriptors and honorifics written before a name in victim lists.
AR_TITLES = frozenset(
    {
        "الشهيد",
        "الشهيده",
        "شهيد",
        "شهيده",
        "الحاج",
        "الحاجه",
        "حاج",
        "حاجه",
        "الحجه",
        "الحجي",
        "الشيخ",
        "الشيخه",
        "شيخ",
        "الدكتور",
        "الدكتوره",
        "د",
        "المهندس",
        "المهندسه",
        "م",
        "السيد",
        "السيده",
        "الانسه",
        "الاستاذ",
        "الاستاذه",
        "المحامي",
        "المحاميه",
        "الطفل",
        "الطفله",
        "طفل",
        "طفله",
        "الرضيع",
        "الرضيعه",
        "رضيع",
        "رضيعه",
        "الشاب",
        "الشابه",
        "المواطن",
        "المواطنه",
        "المعتقل",
        "المعتقله",
        "المجند",
        "الملازم",
        "الملازم اول",
        "ملازم اول",
        "الرقيب",
        "العريف",
        "النقيب",
        "الرائد",
        "المقدم",
        "العقيد",
        "العميد",
        "اللواء",
        "المساعد",
        "الامام",
        "الخطيب",
        "المختار",
        "المرحوم",
        "المرحومه",
    }
)
LATIN_TITLES = frozenset(
    {
        "dr",
        "doctor",
        "eng",
        "engineer",
        "prof",
        "professor",
        "mr",
        "mister",
        "mrs",
        "ms",
        "miss",
        "madam",
        "madame",
        "mme",
        "mlle",
        "sheikh",
        "shaikh",
        "shaykh",
        "sheik",
        "sheikha",
        "shaikha",
        "sayyid",
        "sayyida",
        "sayyidah",
        "haj",
        "hajj",
        "hajji",
        "haji",
        "hajja",
        "hajjah",
        "imam",
        "martyr",
        "shahid",
        "shaheed",
        "child",
        "infant",
        "baby",
        "late",
        "lt",
        "sgt",
        "capt",
        "col",
        "maj",
        "gen",
        "the",
    }
)
# Titles that describe the person rather than honour them.
DESCRIPTORS = frozenset(
    {
        "الشهيد",
        "الشهيده",
        "شهيد",
        "شهيده",
        "الطفل",
        "الطفله",
        "طفل",
        "طفله",
        "الرضيع",
        "الرضيعه",
        "رضيع",
        "رضيعه",
        "الشاب",
        "الشابه",
        "المواطن",
        "المواطنه",
        "المعتقل",
        "المعتقله",
        "المرحوم",
        "المرحومه",
        "martyr",
        "shahid",
        "shaheed",
        "child",
        "infant",
        "baby",
        "late",
    }
)
AGE_WORDS: dict[str, AgeGroup] = {
    "الطفل": AgeGroup.CHILD,
    "الطفله": AgeGroup.CHILD,
    "طفل": AgeGroup.CHILD,
    "طفله": AgeGroup.CHILD,
    "child": AgeGroup.CHILD,
    "boy": AgeGroup.CHILD,
    "girl": AgeGroup.CHILD,
    "الرضيع": AgeGroup.INFANT,
    "الرضيعه": AgeGroup.INFANT,
    "رضيع": AgeGroup.INFANT,
    "رضيعه": AgeGroup.INFANT,
    "infant": AgeGroup.INFANT,
    "baby": AgeGroup.INFANT,
}
# Only forms that are never used generically: a masculine descriptor (الشهيد, الطفل) is
# also written for women and children of unknown sex, and a wrong sex is a hard veto in linkage.
SEX_WORDS: dict[str, Sex] = {
    **dict.fromkeys(
        (
            "الشهيده",
            "شهيده",
            "الحاجه",
            "حاجه",
            "الحجه",
            "الشيخه",
            "الدكتوره",
            "المهندسه",
            "السيده",
            "الانسه",
            "الاستاذه",
            "المحاميه",
            "الطفله",
            "طفله",
            "الرضيعه",
            "رضيعه",
            "الشابه",
            "المواطنه",
            "المعتقله",
            "المرحومه",
            "mrs",
            "ms",
            "miss",
            "madam",
            "madame",
            "mme",
            "mlle",
            "sheikha",
            "shaikha",
            "sayyida",
            "sayyidah",
            "hajja",
            "hajjah",
            "مجهوله",
            "امراه",
            "سيده",
            "انثي",
            "فتاه",
            "woman",
            "female",
            "girl",
            "lady",
        ),
        Sex.FEMALE,
    ),
    **dict.fromkeys(
        (
            "السيد",
            "الحاج",
            "حاج",
            "الحجي",
            "الشيخ",
            "شيخ",
            "mr",
            "mister",
            "sayyid",
            "sheikh",
            "shaikh",
            "shaykh",
            "sheik",
            "haj",
            "hajj",
            "hajji",
            "haji",
            "رجل",
            "ذكر",
            "man",
            "male",
            "boy",
        ),
        Sex.MALE,
    ),
}

# (relation, sex it states, is a descent word: a nasab marker inside a name)
_Rel = tuple[Relation, Sex | None, bool]
_AR_RELATIONS: dict[str, _Rel] = {
    "زوجه": (Relation.WIFE_OF, Sex.FEMALE, False),
    "عقيله": (Relation.WIFE_OF, Sex.FEMALE, False),
    "حرم": (Relation.WIFE_OF, Sex.FEMALE, False),
    "ارمله": (Relation.WIFE_OF, Sex.FEMALE, False),
    "زوج": (Relation.HUSBAND_OF, Sex.MALE, False),
    "ابن": (Relation.SON_OF, Sex.MALE, True),
    "بن": (Relation.SON_OF, Sex.MALE, True),
    "بنت": (Relation.DAUGHTER_OF, Sex.FEMALE, True),
    "ابنه": (Relation.DAUGHTER_OF, Sex.FEMALE, True),
    "والد": (Relation.FATHER_OF, Sex.MALE, False),
    "والده": (Relation.MOTHER_OF, Sex.FEMALE, False),  # والدة; see _relation_at
    "اخ": (Relation.SIBLING_OF, Sex.MALE, False),
    "اخو": (Relation.SIBLING_OF, Sex.MALE, False),
    "شقيق": (Relation.SIBLING_OF, Sex.MALE, False),
    "اخت": (Relation.SIBLING_OF, Sex.FEMALE, False),
    "شقيقه": (Relation.SIBLING_OF, Sex.FEMALE, False),
}
_LATIN_RELATIONS: dict[tuple[str, ...], _Rel] = {
    ("wife", "of"): (Relation.WIFE_OF, Sex.FEMALE, False),
    ("widow", "of"): (Relation.WIFE_OF, Sex.FEMALE, False),
    ("femme", "de"): (Relation.WIFE_OF, Sex.FEMALE, False),
    ("epouse", "de"): (Relation.WIFE_OF, Sex.FEMALE, False),
    ("veuve", "de"): (Relation.WIFE_OF, Sex.FEMALE, False),
    ("husband", "of"): (Relation.HUSBAND_OF, Sex.MALE, False),
    ("mari", "de"): (Relation.HUSBAND_OF, Sex.MALE, False),
    ("epoux", "de"): (Relation.HUSBAND_OF, Sex.MALE, False),
    ("son", "of"): (Relation.SON_OF, Sex.MALE, True),
    ("fils", "de"): (Relation.SON_OF, Sex.MALE, True),
    ("daughter", "of"): (Relation.DAUGHTER_OF, Sex.FEMALE, True),
    ("dau", "of"): (Relation.DAUGHTER_OF, Sex.FEMALE, True),
    ("fille", "de"): (Relation.DAUGHTER_OF, Sex.FEMALE, True),
    ("mother", "of"): (Relation.MOTHER_OF, Sex.FEMALE, False),
    ("mere", "de"): (Relation.MOTHER_OF, Sex.FEMALE, False),
    ("father", "of"): (Relation.FATHER_OF, Sex.MALE, False),
    ("pere", "de"): (Relation.FATHER_OF, Sex.MALE, False),
    ("child", "of"): (Relation.CHILD_OF, None, False),
    ("baby", "of"): (Relation.CHILD_OF, None, False),
    ("infant", "of"): (Relation.CHILD_OF, None, False),
    ("enfant", "de"): (Relation.CHILD_OF, None, False),
    ("brother", "of"): (Relation.SIBLING_OF, Sex.MALE, False),
    ("frere", "de"): (Relation.SIBLING_OF, Sex.MALE, False),
    ("sister", "of"): (Relation.SIBLING_OF, Sex.FEMALE, False),
    ("soeur", "de"): (Relation.SIBLING_OF, Sex.FEMALE, False),
    ("sibling", "of"): (Relation.SIBLING_OF, None, False),
    ("family", "of"): (Relation.FAMILY_OF, None, False),
    ("famille", "de"): (Relation.FAMILY_OF, None, False),
}
# "Ahmad Khalil's wife": the noun after a possessive.
_POSSESSED: dict[str, _Rel] = {
    "wife": (Relation.WIFE_OF, Sex.FEMALE, False),
    "widow": (Relation.WIFE_OF, Sex.FEMALE, False),
    "husband": (Relation.HUSBAND_OF, Sex.MALE, False),
    "son": (Relation.SON_OF, Sex.MALE, False),
    "daughter": (Relation.DAUGHTER_OF, Sex.FEMALE, False),
    "mother": (Relation.MOTHER_OF, Sex.FEMALE, False),
    "father": (Relation.FATHER_OF, Sex.MALE, False),
    "child": (Relation.CHILD_OF, None, False),
    "baby": (Relation.CHILD_OF, None, False),
    "brother": (Relation.SIBLING_OF, Sex.MALE, False),
    "sister": (Relation.SIBLING_OF, Sex.FEMALE, False),
    "family": (Relation.FAMILY_OF, None, False),
}
_SLASH_ABBREVIATIONS = {
    "w": "wife of",
    "h": "husband of",
    "s": "son of",
    "d": "daughter of",
    "m": "mother of",
    "f": "father of",
    "b": "baby of",
}
_SLASH = re.compile(r"(?<![^\W\d_])([whsdmfbWHSDMFB])\s*/\s*[oO]\b\.?")
_AR_FAMILY = frozenset({"عايله", "اسره", "العايله", "الاسره"})  # عائلة, أسرة
_LATIN_FAMILY = frozenset({"family", "famille", "familly"})

# Placeholder words: a record made only of these (with fillers, titles and numbers) names
# nobody. Multi-word entries are matched as sequences.
_PLACEHOLDER_PHRASES: tuple[tuple[str, ...], ...] = (
    ("مجهول",),
    ("مجهوله",),
    ("مجهولين",),
    ("مجهولو",),
    ("غير", "معروف"),
    ("غير", "معروفه"),
    ("غير", "معروفين"),
    ("غير", "محدد"),
    ("غير", "محدده"),
    ("غير", "معرف"),
    ("غير", "معرفه"),
    ("بدون", "اسم"),
    ("بلا", "اسم"),
    ("دون", "اسم"),
    ("لا", "اسم"),
    ("لم", "يعرف"),
    ("لم", "تعرف"),
    ("لم", "يتم", "التعرف"),
    ("لا", "يعرف"),
    ("unidentified",),
    ("unidentifed",),
    ("unindentified",),
    ("unknown",),
    ("unkown",),
    ("unknow",),
    ("unnamed",),
    ("anonymous",),
    ("nn",),
    ("n", "n"),
    ("no", "name"),
    ("not", "identified"),
    ("name", "unknown"),
    ("inconnu",),
    ("inconnue",),
    ("non", "identifie"),
    ("non", "identifiee"),
    ("sans", "nom"),
)
_PLACEHOLDER_FILLERS = frozenset(
    {
        "الهويه",
        "الاسم",
        "الجثه",
        "جثه",
        "جثث",
        "شخص",
        "امراه",
        "سيده",
        "رجل",
        "ذكر",
        "انثي",
        "ولد",
        "فتاه",
        "مسن",
        "مسنه",
        "عجوز",
        "رقم",
        "النسب",
        "الاب",
        "الام",
        "body",
        "bodies",
        "corpse",
        "remains",
        "person",
        "individual",
        "victim",
        "civilian",
        "woman",
        "man",
        "male",
        "female",
        "boy",
        "girl",
        "lady",
        "adult",
        "elderly",
        "old",
        "young",
        "youth",
        "teenager",
        "no",
        "nr",
        "number",
        "name",
        "of",
        "a",
        "an",
        "corps",
        "personne",
        "homme",
        "femme",
        "enfant",
    }
)
_PLACEHOLDER_HEADS = frozenset(p[0] for p in _PLACEHOLDER_PHRASES)


# --- lexing ---------------------------------------------------------------------------------

_SEPARATOR = re.compile(r"\s+[-–—/]+\s+|[,;:|\u2013\u2014\u060c\u061b]")
# A word: letters, with their marks and apostrophes (Sa'id, Khalil's); anything else cuts.
_WORD = re.compile(
    r"(?:[^\W\d_]|[\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670\u06d6-\u06ed"
    r"\u0730-\u074a'’ʿʾʼ\u0640])+"
)
_HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653))
_BRACKET = re.compile(r"[(\[{][^)\]}]*[)\]}]?")


@dataclass(frozen=True, slots=True)
class _Word:
    raw: str
    form: str


@lru_cache(maxsize=262144)
def _form(word: str) -> str:
    """The comparison form of one word: its letters only, Arabic as normalised, Latin lower
    case without accents."""
    low = word.lower()
    if low.isascii():
        return "".join([ch for ch in low if ch.isalpha()])
    # As names.py reads words: Latin special letters respelled, accents dropped, letters
    # outside a-z and outside the Arabic alphabet dropped, so that both see the same words.
    folded = unicodedata.normalize("NFKD", normalize_arabic(low).translate(LATIN_SPECIAL))
    return "".join([ch for ch in folded if ch.isalpha() and _kept(ch)])


def _kept(ch: str) -> bool:
    if ch.isascii() or "\u0621" <= ch <= "\u064a":
        return True
    return script_of(ch) not in ("latin", "arabic")


def _segments(text: str) -> list[tuple[list[_Word], bool]]:
    """The record cut at punctuation: (words, in brackets) per segment, in order."""
    out: list[tuple[list[_Word], bool]] = []
    pos = 0
    for m in _BRACKET.finditer(text):
        out.extend(_plain_segments(text[pos : m.start()]))
        inner = m.group()[1:].rstrip(")]}")
        out.extend((words, True) for words, _ in _plain_segments(inner))
        pos = m.end()
    out.extend(_plain_segments(text[pos:]))
    return [s for s in out if s[0]]


def _plain_segments(text: str) -> list[tuple[list[_Word], bool]]:
    """Words per segment; numbers and stray marks ("12", "#3") are not words here."""
    out: list[tuple[list[_Word], bool]] = []
    for chunk in _SEPARATOR.split(text):
        raws = _WORD.findall(chunk)
        if chunk.isascii():
            words = [_Word(w, f) for w in raws if (f := _form(w))]
        else:
            # names.py reads a name's Arabic words, then its Latin ones, then the others,
            # and a word glued across scripts (Aبن) as two; so does this.
            runs = [run for raw in raws for run in _script_runs(raw)]
            words = [
                _Word(w, f) for rank in range(3) for r, w in runs if r == rank if (f := _form(w))
            ]
        out.append((words, False))
    return out


_ARABIC_CHARS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"


def _script_runs(word: str) -> list[tuple[int, str]]:
    """A word cut where its script changes: (0 Arabic, 1 Latin, 2 other, piece)."""
    runs: list[tuple[int, str]] = []
    current, start = -1, 0
    for i, ch in enumerate(word):
        script = script_of(ch)
        rank = 0 if script == "arabic" else 1 if script == "latin" else 2 if script else -1
        if rank < 0 or rank == current:
            continue
        if current >= 0:
            runs.append((current, word[start:i]))
        current, start = rank, i
    if current >= 0:
        runs.append((current, word[start:]))
    return runs


_ARABIC_RE = re.compile(f"[{_ARABIC_CHARS}]")


def _first_of_its_script(words: list[_Word], j: int, lead: int) -> bool:
    """Whether word ``j`` is the first own word of its script: names.py reads each script
    apart (Arabic first), so "Ahmad بن علي" starts its Arabic name with بن."""
    arabic = _ARABIC_RE.search(words[j].form) is not None
    return not any(
        (_ARABIC_RE.search(w.form) is not None) == arabic
        and w.form not in AR_TITLES
        and w.form not in LATIN_TITLES
        for w in words[lead:j]
    )


# --- the split ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordSplit:
    """A record cut into the person's own name and what it says about other people.

    ``own_text`` is what ``names.py`` parses as the person's name; ``anchor_text`` is the
    text of the person the relation points at.
    """

    own_text: str
    relation: Relation | None = None
    anchor_text: str | None = None
    family_anchor: bool = False
    relation_sex: Sex | None = None
    relation_age: AgeGroup | None = None
    placeholder_words: bool = False
    placeholder_sex: Sex | None = None
    placeholder_age: AgeGroup | None = None
    warnings: tuple[str, ...] = ()


def _is_title(words: list[_Word], i: int) -> int:
    """How many words at ``i`` form a title (0 if none)."""
    if i + 1 < len(words):
        pair = f"{words[i].form} {words[i + 1].form}"
        if pair in AR_TITLES:
            return 2
        if words[i].form in {"al", "el"} and words[i + 1].form in LATIN_TITLES:
            return 2
    f = words[i].form
    return 1 if f in AR_TITLES or f in LATIN_TITLES else 0


def _relation_at(words: list[_Word], i: int) -> tuple[_Rel, int] | None:
    """The relation phrase starting at word ``i`` and its length in words."""
    f = words[i].form
    rel = _AR_RELATIONS.get(f)
    if rel is not None:
        if f == "والده" and not words[i].raw.rstrip(_HARAKAT).endswith("ة"):
            rel = (Relation.FATHER_OF, Sex.MALE, False)  # والده "his father", not والدة
        return rel, 1
    start = i + 1 if f == "the" and i + 1 < len(words) else i
    if start + 1 < len(words):
        rel = _LATIN_RELATIONS.get((words[start].form, words[start + 1].form))
        if rel is not None:
            return rel, start + 2 - i
    return None


def _family_at(words: list[_Word], i: int) -> int:
    """Words of a family marker at ``i``: من عائلة, من آل, عائلة, from the, of the (0: none)."""
    f = words[i].form
    nxt = words[i + 1].form if i + 1 < len(words) else ""
    if f == "من" and (nxt in _AR_FAMILY or nxt == "ال"):
        return 2
    if f in _AR_FAMILY:
        return 1
    return 0


_LATIN_FROM = frozenset({"from", "of", "de", "du"})
_LATIN_MEMBER = frozenset({"member", "members", "a", "one", "the"})


def _latin_family(words: list[_Word]) -> tuple[list[_Word], list[_Word]] | None:
    """(words before, family name) in "… [from|of] [the] X family", else ``None``."""
    if len(words) < 2 or words[-1].form not in _LATIN_FAMILY:
        return None
    end = len(words) - 1
    k = next((j for j in range(end - 1, -1, -1) if words[j].form in _LATIN_FROM), None)
    before = [] if k is None else words[:k]
    name = words[0 if k is None else k + 1 : end]
    while name and name[0].form == "the":
        name = name[1:]
    while before and before[-1].form in _LATIN_MEMBER:
        before = before[:-1]
    return (before, name) if name else None


def _placeholder_spans(words: list[_Word]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if words[i].form in _PLACEHOLDER_HEADS:
            for phrase in _PLACEHOLDER_PHRASES:
                n = len(phrase)
                if tuple(w.form for w in words[i : i + n]) == phrase:
                    spans.append((i, i + n))
                    i += n - 1
                    break
        i += 1
    return spans


def _join(words: list[_Word]) -> str:
    return " ".join(w.raw for w in words)


def _strip_placeholders(
    words: list[_Word], warnings: list[str]
) -> tuple[list[_Word], bool, Sex | None, AgeGroup | None]:
    """The words without placeholder phrases; whether the words were only a placeholder."""
    spans = _placeholder_spans(words)
    if not spans:
        return words, False, None, None
    inside = {j for a, b in spans for j in range(a, b)}
    rest = [w for j, w in enumerate(words) if j not in inside]
    sexes = {SEX_WORDS[w.form] for w in words if w.form in SEX_WORDS}
    ages = {AGE_WORDS[w.form] for w in words if w.form in AGE_WORDS}
    only = all(
        w.form in _PLACEHOLDER_FILLERS
        or w.form in AR_TITLES
        or w.form in LATIN_TITLES
        or w.form in AGE_WORDS
        for w in rest
    )
    if only:
        kept = [w for w in rest if w.form in AR_TITLES or w.form in LATIN_TITLES]
        sex = sexes.pop() if len(sexes) == 1 else None
        age = ages.pop() if len(ages) == 1 else None
        return kept, True, sex, age
    warnings.append("placeholder words (unknown, مجهول …) in the name were dropped")
    return rest, False, None, None


_Found = tuple[str, list[_Word], list[_Word], _Rel | None]


def _segment_relation(words: list[_Word]) -> _Found | None:
    """The relation or family marker of one punctuated segment, with the words around it.

    Returns (kind, words before, words after, relation), kind being "relation", "family_of",
    "family" (the family name of the own name before it) or "nasab" (English descent words
    inside a name, rewritten as bin/bint); ``None`` when the segment is a plain name.
    """
    n = len(words)
    lead = 0  # the first word after leading titles: the start of the record's own words
    while lead < n and _relation_at(words, lead) is None and (t := _is_title(words, lead)):
        lead += t
    out = list(words)
    rewritten = False
    for j in range(lead, n):
        fam = _family_at(words, j)
        while fam and j + fam < n and words[j + fam].form in _AR_FAMILY:
            fam += 1  # عائلة عائلة X: a repeated marker
        if fam and j + fam < n:
            before, after = out[:j], words[j + fam :]
            if j == lead and not before[lead:]:
                return ("family_of", before, after, (Relation.FAMILY_OF, None, False))
            return ("family", before, after, None)
        found = _relation_at(words, j)
        if found is not None:
            rel, length = found
            if rel[2] and not _first_of_its_script(words, j, lead):  # inside a name: a nasab
                if words[j].form not in _AR_RELATIONS:
                    marker = "bint" if rel[0] is Relation.DAUGHTER_OF else "bin"
                    out[j : j + length] = [_Word(marker, marker)] + [_Word("", "")] * (length - 1)
                    rewritten = True
                continue
            kind = "family_of" if rel[0] is Relation.FAMILY_OF else "relation"
            return (kind, out[:j], words[j + length :], rel)
        w = words[j]
        if j + 1 < n and w.form.endswith("s") and w.raw[-2:-1] in "'’":
            rel2 = _POSSESSED.get(words[j + 1].form)
            if rel2 is not None:
                anchor = [*words[lead:j], _Word(w.raw[:-2], w.form[:-1])]
                kind = "family_of" if rel2[0] is Relation.FAMILY_OF else "relation"
                return (kind, [*out[:lead], *out[j + 2 :]], anchor, rel2)
    fam_latin = _latin_family(words[lead:])
    if fam_latin is not None:
        before, name = fam_latin
        if before:
            return ("family", [*words[:lead], *before], name, None)
        return ("family_of", words[:lead], name, (Relation.FAMILY_OF, None, False))
    if rewritten:
        return ("nasab", [w for w in out if w.raw], [], None)
    return None


def split_record(text: str, checked: bool = False) -> RecordSplit | None:
    """Find a relation, a family marker and placeholder words in one name record.

    Returns ``None`` when the record has none of them (nearly every record), so that plain
    names are parsed exactly as before, and cheaply. ``checked``: the caller has already
    found a word that may start one (``names.py`` does, from its cached tokens).
    """
    if not checked:
        for token in text.split():
            if token_may_have_structure(token):
                break
        else:
            return None
    work = strip_invisible(unicodedata.normalize("NFKC", text))
    if "/" in work:
        work = _SLASH.sub(lambda m: f" {_SLASH_ABBREVIATIONS[m.group(1).lower()]} ", work)
    segments = _segments(work)
    if not segments:
        return None
    warnings: list[str] = []
    own: list[_Word] = []
    family: list[_Word] = []
    relation: _Rel | None = None
    anchor: list[_Word] = []
    family_anchor = False
    age: AgeGroup | None = None
    found_any = False
    for words, bracketed in segments:
        found = _segment_relation(words)
        if found is None:
            own.extend([_Word(f"({_join(words)})", "(")] if bracketed else words)
            continue
        found_any = True
        kind, before, after, rel = found
        own.extend(before)
        if kind == "nasab":
            continue
        if kind == "family":
            family.extend(after)
            continue
        assert rel is not None
        if relation is not None:
            warnings.append("a second relation in the record was not used")
            continue
        relation, anchor, family_anchor = rel, after, kind == "family_of"
        if any(w.form in {"baby", "infant"} for w in words):
            age = AgeGroup.INFANT
    own, only_placeholder, ph_sex, ph_age = _strip_placeholders(own, warnings)
    named = [w for w in own if w.form not in AR_TITLES and w.form not in LATIN_TITLES]
    if family:
        if named:
            own.extend(family)
        elif relation is None:
            relation, anchor, family_anchor = (Relation.FAMILY_OF, None, False), family, True
        else:
            warnings.append("a family name beside a relation was not used")
    if not found_any and not warnings and not only_placeholder:
        return None
    return RecordSplit(
        own_text=_join(own),
        relation=None if relation is None else relation[0],
        anchor_text=_join(anchor) or None,
        family_anchor=family_anchor,
        relation_sex=None if relation is None else relation[1],
        relation_age=age,
        placeholder_words=only_placeholder,
        placeholder_sex=ph_sex,
        placeholder_age=ph_age,
        warnings=tuple(warnings),
    )


TRIGGERS = frozenset(
    set(_AR_RELATIONS)
    | {w for pair in _LATIN_RELATIONS for w in pair if w not in {"of", "de"}}
    | _AR_FAMILY
    | _LATIN_FAMILY
    | _PLACEHOLDER_HEADS
    | {"n", "ال"}  # N.N.; من آل X
)
"""Words (comparison forms) that may start a relation, a family marker or a placeholder."""


@lru_cache(maxsize=262144)
def token_may_have_structure(token: str) -> bool:
    """Whether one whitespace-separated token could start a relation or a placeholder.

    Cached per token, like the rest of name parsing: names repeat their words far more than
    whole names repeat.
    """
    if "/" in token or "'s" in token or "’s" in token:
        return True
    words = _WORD.findall(unicodedata.normalize("NFKC", token))
    if not token.isascii():
        words = [piece for raw in words for _, piece in _script_runs(raw)]
    return any(_form(w) in TRIGGERS for w in words)
