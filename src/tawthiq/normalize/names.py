"""Personal names in Arabic and Latin script: one canonical spelling, parts and cross-script keys.

Syrian lists write a person as given name, father's name, [grandfather's name], family name,
in Arabic or in one of many Latin transliterations, with titles (الشهيد "the martyr", الحاج,
Dr), nicknames (الملقب أبو علي), compound names (عبد الرحمن, أبو بكر, نور الدين, فتح الله) and
lineage markers (بن/ابن/بنت, bin/ibn/bint). :func:`normalize_name` turns any such string into
a :class:`NormalizedName`: a canonical spelling for string comparison, the name split into its
units and parts, and a consonant-skeleton key shared by the Arabic and Latin spellings of the
same name (see ``_skeleton.py``). It never raises, and says why when it drops something.

Canonical forms:

* Arabic: letters normalised (``_text.normalize_arabic``), everything but letters dropped,
  glued compounds split with one space (عبدالرحمن → عبد الرحمن, نورالدين → نور الدين).
* Latin: lower case, accents, apostrophes and ʿ/ʾ removed; ou/oo→u, ee→i, ph→f; the article
  written "al" (al-/el-/ul-, and assimilated ar-/as-/ash-/ad- before the same letter);
  compounds as separate words: Abdulrahman, Abdel Rahman, Abd al-Rahman, Abdurrahman → "abd al
  rahman"; Abdullah, Abdallah → "abd allah"; Nureddin, Nour Eddine → "nur al din".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from tawthiq.model.vocab import Sex
from tawthiq.normalize._skeleton import (
    fold_kurdish_turkish,
    script_of,
    skeleton,
)
from tawthiq.normalize._text import normalize_arabic, strip_invisible
from tawthiq.normalize.ages import AgeGroup
from tawthiq.normalize.inventory import inventory_names
from tawthiq.normalize.name_structure import (
    AGE_WORDS,
    AR_TITLES,
    DESCRIPTORS,
    LATIN_TITLES,
    SEX_WORDS,
    TRIGGERS,
    NameStructure,
    RecordSplit,
    Relation,
    split_record,
)

__all__ = [
    "NameParts",
    "NameStructure",
    "NormalizedName",
    "Relation",
    "name_key",
    "normalize_name",
    "parse_name_structure",
    "word_key",
]


@dataclass(frozen=True, slots=True)
class NameParts:
    """The name split the way Syrian lists write it; ``None`` where the name does not say."""

    given: str | None = None
    father: str | None = None
    grandfather: str | None = None
    family: str | None = None

    def as_tuple(self) -> tuple[str | None, str | None, str | None, str | None]:
        return (self.given, self.father, self.grandfather, self.family)


@dataclass(frozen=True, slots=True)
class NormalizedName:
    """One name, normalised; the original is kept beside it so a rule change can re-run.

    Attributes:
        original: the text as given.
        script: ``"arabic"``, ``"latin"``, ``"mixed"`` or ``""`` (no letters).
        normalized: the canonical spelling of the name itself (without titles and nickname).
        units: the name units in order; a compound (عبد الرحمن, abd al rahman) is one unit.
            Lineage markers (بن, ibn) are not units.
        parts: ``units`` assigned to given / father / grandfather / family.
        keys: the cross-script key of each part (same positions as ``parts``).
        key: the keys of all units, space-separated: the whole name's cross-script key.
        titles: honorifics and descriptors removed from the name (الشهيد, الحاج, dr, ...),
            normalised. They can carry information (الطفل "the child") for other fields.
        alias: a nickname given after الملقب/المعروف ب/"known as" or in parentheses.
        nisbas: units with the form of a nisba, an adjective of origin or affiliation (الحلبي
            "of Aleppo", al-Shami): lists add and drop them, so linkage may weigh them less.
        warnings: why something was dropped or guessed; empty when nothing was.
        structure: what the record says besides the name (relation and anchor, kunya,
            descriptors, age and sex hints, placeholder, has_own_name): see
            :class:`~tawthiq.normalize.name_structure.NameStructure`. Its fields are also
            readable on the name itself (``name.relation``, ``name.placeholder`` …).

    For a relational or placeholder record (``has_own_name`` false) ``normalized``, ``units``,
    ``parts``, ``keys`` and ``key`` hold only what the record says of the person's own name,
    usually nothing: "wife" is never a given name.
    """

    original: str
    script: str
    normalized: str
    units: tuple[str, ...]
    parts: NameParts
    keys: NameParts
    key: str
    titles: tuple[str, ...] = ()
    alias: str | None = None
    nisbas: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    structure: NameStructure = field(default=NameStructure())

    @property
    def relation(self) -> Relation | None:
        return self.structure.relation

    @property
    def anchor(self) -> NormalizedName | None:
        return self.structure.anchor

    @property
    def kunya(self) -> str | None:
        return self.structure.kunya

    @property
    def descriptors(self) -> tuple[str, ...]:
        return self.structure.descriptors

    @property
    def age_hint(self) -> AgeGroup | None:
        return self.structure.age_hint

    @property
    def sex_hint(self) -> Sex | None:
        return self.structure.sex_hint

    @property
    def placeholder(self) -> bool:
        return self.structure.placeholder

    @property
    def has_own_name(self) -> bool:
        return self.structure.has_own_name

    def as_column_part(self) -> tuple[str | None, str | None]:
        """(spelling, key) of the name read as one part in a column of its own.

        A column that holds only a title-like word holds that name: الخطيب ("the preacher"),
        السيد, الشيخ are common family names, so in a family-name column they are kept. So
        is a kunya-like compound alone (أبو زيد is a family name there, not "father of
        Zeid"), and "عائلة X" gives X.
        """
        s = self.structure
        if not self.normalized and s.kunya:
            return s.kunya, s.kunya_key
        if not self.normalized and s.relation is Relation.FAMILY_OF and s.anchor is not None:
            return s.anchor.normalized or None, s.anchor.key or None
        norm = self.normalized or " ".join(self.titles) or None
        key = self.key or " ".join(k for k in (word_key(t) for t in self.titles) if k) or None
        return norm, key


# --- vocabularies (in normalised spelling) ---------------------------------------------------

_AR_TITLES = AR_TITLES
_LATIN_TITLES = LATIN_TITLES
# Words that introduce a nickname (laqab); what follows them is the alias.
_AR_ALIAS_MARKERS = frozenset(
    {"الملقب", "الملقبه", "المعروف", "المعروفه", "الشهير", "الشهيره", "المكني", "ويلقب"}
)
_LATIN_ALIAS_MARKERS = frozenset({"aka", "alias", "known", "nicknamed", "dit"})
_AR_LINEAGE = frozenset({"بن", "ابن", "بنت"})
_LATIN_LINEAGE = frozenset({"bin", "ibn", "bint", "binti"})
# First words of a compound: the next unit belongs to them.
_AR_PREFIXES = frozenset({"عبد", "ابو", "ام", "ال", "ذو", "بو"})
_LATIN_ABD = re.compile(r"^abd(?:[aeiou]l|u[rsntdz]|ush|ud)?$")
_LATIN_ABU = frozenset({"abu", "abo", "umm", "um", "om", "al"})
# Second words of a compound: they belong to the unit before them.
_AR_SUFFIXES = frozenset({"الدين", "الله"})

# --- Arabic ---------------------------------------------------------------------------------

_AR_KEEP = re.compile(r"[^\u0621-\u064a\s]+")
_SPACES = re.compile(r"\s+")
_PARENS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]?")
_BRACKETS = re.compile(r"[(\[{\uff08\ufe59]")
_DIGITS = re.compile(r"[0-9]")


def _split_glued_arabic(token: str) -> list[str]:
    """Split compounds written as one word: عبدالرحمن, ابوالخير, نورالدين, فتحالله."""
    if token.startswith("عبدال") and len(token) > 6:
        return ["عبد", *_split_glued_arabic(token[3:])]
    if token.startswith("ابوال") and len(token) > 6:
        return ["ابو", token[3:]]
    for suffix in ("الدين", "الله"):
        if token.endswith(suffix) and len(token) >= len(suffix) + 2:
            return [token[: -len(suffix)], suffix]
    return [token]


def _arabic_tokens(text: str) -> list[str]:
    out: list[str] = []
    for token in text.split():
        out.extend(_split_glued_arabic(token))
    return out


# --- Latin ----------------------------------------------------------------------------------

_LATIN_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        # Kurdish and Turkish letters (see _skeleton.fold_kurdish_turkish for c and x)
        "ç": "ch",
        "ş": "sh",
        "ș": "sh",
        "ğ": "gh",
        "ẍ": "gh",
        "ḧ": "h",
        "ŋ": "ng",
        "ħ": "h",
        "ə": "e",
        "ǝ": "e",
        "ɛ": "e",
        "ɔ": "o",
        "ʃ": "sh",
        "ʒ": "zh",
        "ɣ": "gh",
        "ɑ": "a",
    }
)
_APOSTROPHES = re.compile(r"['’‘`´ʿʾʼʻ\u02bf\u02be]")
_LATIN_NON_LETTER = re.compile(r"[^a-z\s]+")
_LATIN_SPELLING = re.compile(r"ou|oo|ee|ph")
_LATIN_SPELLING_MAP = {"ou": "u", "oo": "u", "ee": "i", "ph": "f"}
_SUN_ARTICLE = re.compile(r"^(?:a|e|u|i)(sh|th|dh|[tdrszn])$")
_GLUED_ABD = re.compile(r"^abd(?:([aeiou]?l)|([aeiou]))?([a-z]{3,})$")
_GLUED_ABD_ALLAH = re.compile(r"^abd[aeiou]?l{1,2}ah?$")
_GLUED_DIN = re.compile(r"^([a-z]{3,}?)(?:[aeiu]l|[aeiu]d)(din|dine|dyn)$")
_GLUED_ALLAH = re.compile(r"^([a-z]{3,}?)[aeiu]?(llah|lla)$")
_DIN_GLUED_WORD = re.compile(r"^[aeiu][ld](din|dine|dyn)$")


def _fold_latin(text: str) -> str:
    if not text.isascii():
        text = " ".join([fold_kurdish_turkish(w) for w in text.split()])
    text = _APOSTROPHES.sub("", text.lower().translate(_LATIN_SPECIAL))
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _LATIN_NON_LETTER.sub(" ", folded.translate(_LATIN_SPECIAL))


def _respell(token: str) -> str:
    """ou/oo→u, ee→i, ph→f: the spelling choices of English and French transliteration."""
    return _LATIN_SPELLING.sub(lambda m: _LATIN_SPELLING_MAP[m.group()], token)


def _split_glued_latin(token: str) -> list[str]:
    """Abdulrahman → abd al rahman; Abdullah → abd allah; Nureddin → nur al din."""
    if _GLUED_ABD_ALLAH.match(token):
        return ["abd", "allah"]
    m = _GLUED_ABD.match(token)
    if m is not None:
        article, vowel, rest = m.groups()
        if article is not None:
            return ["abd", "al", rest]  # Abdulrahman, Abdelaziz, Abdalrahim
        if vowel is not None:
            if len(rest) > 3 and rest[0] == rest[1]:
                return ["abd", "al", rest[1:]]  # Abdurrahman, Abdussalam: assimilated article
            return [token]  # Abdi, Abdou, Abdo...: not compounds
        return ["abd", rest]  # Abdrabbo
    m = _GLUED_DIN.match(token)
    if m is not None:
        return [m.group(1), "al", "din"]
    m = _GLUED_ALLAH.match(token)
    if m is not None and len(token) >= 8:
        return [m.group(1), "allah"]
    return [token]


@lru_cache(maxsize=262144)
def _latin_word(word: str) -> tuple[str, ...]:
    """One folded Latin word respelled and split if it is a glued compound (cached)."""
    return tuple(_split_glued_latin(_respell(word)))


def _latin_tokens(text: str) -> list[str]:
    return _latin_context(_fold_latin(text).split())


def _latin_context(raw: list[str]) -> list[str]:
    """Articles, sun letters, Eddine and Allah: the rules that look at the next word."""
    tokens: list[str] = []
    for i, token in enumerate(raw):
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        sun = _SUN_ARTICLE.match(token)
        if token in {"al", "el", "ul", "il"} and nxt:
            tokens.append("al")
        elif sun is not None and nxt.startswith(sun.group(1)):
            tokens.append("al")  # ar-Rahman, as-Sayyid, ash-Shami, ad-Din
        elif _DIN_GLUED_WORD.match(token) and tokens:
            tokens.extend(["al", "din"])  # Nour Eddine, Salah Uddin
        elif token in {"ullah", "allah", "ulla", "alla", "illah"} and tokens:
            tokens.append("allah")
        else:
            tokens.extend(_latin_word(token))
    return tokens


_RawToken = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool, bool]


@lru_cache(maxsize=262144)
def _raw_token(raw: str) -> _RawToken:
    """(Arabic tokens, folded Latin words, words of other scripts, had digits, may start a
    relation or placeholder) of one whitespace-separated token.

    Names repeat their words across a list far more than whole names repeat, so the costly
    Unicode work is done once per distinct word.
    """
    work = strip_invisible(unicodedata.normalize("NFKC", raw))
    normalized = normalize_arabic(work)
    digits = _DIGITS.search(normalized) is not None
    ar_text = _AR_KEEP.sub(" ", normalize_arabic(_LATIN_LETTER.sub(" ", work)))
    la_text = _ARABIC_LETTER.sub(" ", normalized)
    other: tuple[str, ...] = ()
    if not la_text.isascii():
        other = tuple(_other_words(la_text))
    ar = tuple(_arabic_tokens(ar_text))
    la = tuple(_fold_latin(la_text).split())
    structure = (
        "/" in raw
        or "'s" in raw
        or "’s" in raw
        or not TRIGGERS.isdisjoint(ar)
        or not TRIGGERS.isdisjoint(la)
    )
    return ar, la, other, digits, structure


def _other_words(text: str) -> list[str]:
    """Words of scripts other than Arabic and Latin (Hebrew, Syriac, Cyrillic, CJK …)."""
    chars: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.category(ch)[0] == "M":
            continue  # marks, and vowel signs of Indic scripts: part of their word
        script = script_of(ch)
        chars.append(ch if script not in ("", "arabic", "latin") else " ")
    return "".join(chars).casefold().split()


# --- shared ---------------------------------------------------------------------------------


def _group_units(tokens: list[str], arabic: bool) -> list[str]:
    """Join compounds into units (lineage markers stay as units of their own)."""
    # 1. suffix compounds: X الدين, X الله (but not a bare الله after عبد, handled next)
    units: list[str] = []
    for token in tokens:
        is_suffix = token in _AR_SUFFIXES if arabic else token in {"allah"}
        if is_suffix and units and units[-1] not in (_AR_PREFIXES if arabic else {"abd", "al"}):
            units[-1] = f"{units[-1]} {token}"
        elif not arabic and token == "din" and len(units) >= 2 and units[-1] == "al":
            units.pop()
            units[-1] = f"{units[-1]} al din"
        else:
            units.append(token)
    # 2. prefix compounds, right to left so ابو عبد الله is one unit
    lineage = _AR_LINEAGE if arabic else _LATIN_LINEAGE
    out: list[str] = []
    for token in reversed(units):
        if arabic:
            joins = token in _AR_PREFIXES
        else:
            joins = token in _LATIN_ABU or _LATIN_ABD.match(token) is not None
        if joins and out and out[-1] not in lineage:
            head = out.pop()
            if not arabic and _LATIN_ABD.match(token):
                head = head[3:] if head.startswith("al ") else head
                token = "abd" if head == "allah" else "abd al"
            out.append(f"{token} {head}")
        else:
            out.append(token)
    out.reverse()
    return out


_Part = tuple[str, ...]
_NO_PARTS: tuple[list[str], tuple[_Part, _Part, _Part, _Part], list[str]] = (
    [],
    ((), (), (), ()),
    [],
)


def _assign_parts(
    units: list[str], lineage: frozenset[str]
) -> tuple[list[str], tuple[_Part, _Part, _Part, _Part], list[str]]:
    """Given, father, grandfather and family units, in the order Syrian lists use.

    With a lineage marker right after the first name (محمد بن علي بن حسن الأحمد), the names
    the markers link form the patrilineal chain and what follows is the family name. A marker
    further on (Zine El Abidine Ben Ali) is part of a family name and stays with its word.
    Without markers: 1 unit = given; 2 = given, family; 3 = given, father, family;
    4 = given, father, grandfather, family; more = the rest is the family name (warned).
    """
    warnings: list[str] = []
    if units and units[-1] in lineage:
        warnings.append("a lineage marker at the end of the name was dropped")
        units = units[:-1]
    if len(units) >= 3 and units[1] in lineage:
        chain = [units[0]]
        j = 1
        while j + 1 < len(units) and units[j] in lineage:
            chain.append(units[j + 1])
            j += 2
        rest = _merge_markers(units[j:], lineage)
        if len(chain) > 3:
            warnings.append(
                "more than three generations: the oldest were kept with the grandfather"
            )
        names = chain + rest
        return (
            names,
            ((chain[0],), (chain[1],), tuple(chain[2:]), tuple(rest)),
            warnings,
        )
    names = _merge_markers(units, lineage)
    n = len(names)
    if n > 4:
        warnings.append(f"{n} name units: units after the third were read as the family name")
    if n == 0:
        return names, ((), (), (), ()), warnings
    if n == 1:
        return names, ((names[0],), (), (), ()), warnings
    if n == 2:
        return names, ((names[0],), (), (), (names[1],)), warnings
    if n == 3:
        return names, ((names[0],), (names[1],), (), (names[2],)), warnings
    return names, ((names[0],), (names[1],), (names[2],), tuple(names[3:])), warnings


def _merge_markers(units: list[str], lineage: frozenset[str]) -> list[str]:
    """Keep a marker with the word after it (بن علي as a family name); drop a lone marker."""
    out: list[str] = []
    pending = ""
    for u in units:
        if u in lineage:
            pending = f"{pending} {u}".strip()
            continue
        out.append(f"{pending} {u}" if pending else u)
        pending = ""
    return out


@lru_cache(maxsize=262144)
def word_key(word: str) -> str:
    """The cross-script key of one word or compound unit ("عبد الرحمن", "Abdulrahman").

    Any word with a letter, in any script, gets a non-empty key (see ``_skeleton.py``).
    """
    return skeleton(word.replace(" ", ""))


def _script(arabic: bool, latin: bool, other: tuple[str, ...] = ()) -> str:
    """arabic, latin, mixed, "" or, for a name in one other script, that script's name
    (hebrew, syriac, cyrillic, greek, armenian, other)."""
    if other:
        if arabic or latin:
            return "mixed"
        scripts = {script_of(w[0]) for w in other}
        return scripts.pop() if len(scripts) == 1 else "mixed"
    if arabic and latin:
        return "mixed"
    return "arabic" if arabic else ("latin" if latin else "")


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


@lru_cache(maxsize=32768)
def normalize_name(text: str | None) -> NormalizedName:
    """Normalise, parse and key one personal name in any script; never raises.

    Mixed-script input (a Latin nickname in an Arabic name) is normalised per script, with
    the Arabic part first. Returns empty fields, not an exception, for empty input.

    The record is first read for what it says besides the name
    (:func:`~tawthiq.normalize.name_structure.split_record`: relations such as "wife of
    Ahmad", family markers, placeholders), then the person's own words are parsed. Kunyas
    (أبو/أم X, Abu/Umm X) are read on the name units, by position:

    * at the start ("أبو أحمد محمد الخليل"): a kunya; the rest is the name. A kunya alone
      ("أم أحمد") is also the relation mother_of/father_of with X as the anchor; followed only
      by a name with the article ("أم محمد الحلبي"), that name is the family name.
    * after a given name and a father's name ("محمد خالد أبو زيد"): the family name, as
      Abu-names mostly are in that place.
    * right after a given name alone ("محمد أبو أحمد"): a kunya when X is a known given name
      (the shipped name inventory) or the kunya is أم/Umm, else a family name ("أحمد أبو
      شقرة"). Reading a family name as a kunya leaves the family missing, which linkage
      treats as unknown; the reverse would make a wrong family name that counts against a
      true match.
    * Abu/Umm compounds used as given names (أبو بكر, أم كلثوم, …) are never kunyas.
    """
    original = "" if text is None else str(text)
    found = None
    for raw in original.split():
        if _raw_token(raw)[4]:
            found = split_record(original, checked=True)
            break
    own = _parse_own(original if found is None else found.own_text)
    if found is None and own.kunya is None and not own.titles and own.normalized:
        # A plain name (nearly every record): nothing but the name to read.
        names = own.names
        return NormalizedName(
            original,
            own.script,
            own.normalized,
            names,
            own.parts,
            own.keys,
            own.key,
            (),
            own.alias,
            tuple([u for u in names if _is_nisba(u)]),
            own.warnings,
            _PLAIN[own.parts.given is not None],
        )
    split = _EMPTY_SPLIT if found is None else found
    warnings = [*split.warnings, *own.warnings]
    parts = own.parts

    relation, anchor_text, family_anchor = split.relation, split.anchor_text, split.family_anchor
    sexes: set[Sex] = set()
    if split.relation_sex is not None:
        sexes.add(split.relation_sex)
    if split.placeholder_sex is not None:
        sexes.add(split.placeholder_sex)
    kunya = own.kunya
    if kunya is not None:
        head, _, rest = kunya.partition(" ")
        sexes.add(Sex.FEMALE if head in _FEMALE_KUNYA else Sex.MALE)
        if own.kunya_only and relation is None:
            relation = Relation.MOTHER_OF if head in _FEMALE_KUNYA else Relation.FATHER_OF
            anchor_text, family_anchor = rest, False
    sexes.update(SEX_WORDS[t] for t in own.titles if t in SEX_WORDS)
    sex_hint = sexes.pop() if len(sexes) == 1 else None
    if len(sexes) > 1:
        warnings.append("the words of the name suggest both sexes: no sex hint")
    ages = {AGE_WORDS[t] for t in own.titles if t in AGE_WORDS}
    ages.update(a for a in (split.relation_age, split.placeholder_age) if a is not None)
    age_hint = AgeGroup.INFANT if AgeGroup.INFANT in ages else (ages.pop() if ages else None)

    anchor = None
    if anchor_text:
        anchor = normalize_name(anchor_text)
        if family_anchor:
            anchor = _as_family(anchor)
    has_own_name = parts.given is not None
    names_someone = (
        anchor is not None
        and not anchor.placeholder
        and (anchor.has_own_name or anchor.relation is not None or anchor.parts.family is not None)
    )
    placeholder = not has_own_name and (
        split.placeholder_words or (relation is not None and not names_someone)
    )
    if not own.normalized and original.strip():
        if placeholder:
            warnings.append("the name is a placeholder for an unidentified person")
        elif relation is not None:
            warnings.append(f"a relational record ({relation.value}): it gives no name of its own")
        elif own.titles:
            warnings.append("the name held only titles or descriptors")
        elif own.alias:
            warnings.append("the name held only a nickname")
        else:
            warnings.append("nothing left after normalisation (no letters)")
    structure = NameStructure(
        relation=relation,
        anchor=anchor,
        kunya=kunya,
        kunya_key=word_key(kunya) or None if kunya else None,
        titles=own.titles,
        descriptors=tuple(t for t in own.titles if t in DESCRIPTORS),
        age_hint=age_hint,
        sex_hint=sex_hint,
        placeholder=placeholder,
        has_own_name=has_own_name,
    )
    return _name(original, own, warnings, structure)


_EMPTY_SPLIT = RecordSplit(own_text="")
_KURDISH_TURKISH_LETTERS = frozenset("çşğıêîûẍḧÇŞĞİÊÎÛẌḦ")
_PLAIN = (NameStructure(has_own_name=False), NameStructure(has_own_name=True))


def _name(
    original: str, own: _Own, warnings: list[str], structure: NameStructure
) -> NormalizedName:
    """The result for a name with structure (the plain case is built inline, for speed)."""
    return NormalizedName(
        original=original,
        script=own.script,
        normalized=own.normalized,
        units=own.names,
        parts=own.parts,
        keys=own.keys,
        key=own.key,
        titles=own.titles,
        alias=own.alias,
        nisbas=tuple([u for u in own.names if _is_nisba(u)]),
        warnings=tuple(warnings),
        structure=structure,
    )


def parse_name_structure(text: str | None) -> NameStructure:
    """What a name record says besides the name: relation, anchor, kunya, titles, hints.

    The same structure :func:`normalize_name` computes (and caches) for the record.
    """
    return normalize_name(text).structure


def _as_family(name: NormalizedName) -> NormalizedName:
    """A family_of anchor: the whole name read as a family name."""
    if not name.normalized:
        return name
    return replace(
        name,
        parts=NameParts(family=name.normalized),
        keys=NameParts(family=name.key or None),
    )


class _Own(NamedTuple):
    """The person's own name as parsed from the record's own words."""

    script: str
    normalized: str
    names: tuple[str, ...]
    parts: NameParts
    keys: NameParts
    key: str
    titles: tuple[str, ...]
    alias: str | None
    kunya: str | None
    kunya_only: bool
    warnings: tuple[str, ...]


def _parse_own(text: str) -> _Own:
    """Spelling, units, parts and keys of the person's own name (the pre-existing parser)."""
    warnings: list[str] = []
    work = text
    alias_parts: list[str] = []
    if _BRACKETS.search(work):
        work = strip_invisible(unicodedata.normalize("NFKC", work))
        alias_parts = [m.group(1) for m in _PARENS.finditer(work)]
        work = _PARENS.sub(" ", work)
    if not work.isascii() and not _KURDISH_TURKISH_LETTERS.isdisjoint(work):
        # One word in the Kurdish/Turkish alphabet (Şêx) says the others are too (Xalid).
        work = " ".join([fold_kurdish_turkish(w, force=True) for w in work.split()])
    ar_tokens: list[str] = []
    la_words: list[str] = []
    other: list[str] = []
    digits = False
    for raw in work.split():
        ar, la, ot, has_digits, _ = _raw_token(raw)
        ar_tokens.extend(ar)
        la_words.extend(la)
        other.extend(ot)
        digits = digits or has_digits
    if digits:
        warnings.append("digits in the name were dropped")
    la_tokens = _latin_context(la_words) if la_words else []
    script = _script(bool(ar_tokens), bool(la_tokens), tuple(other))

    titles: list[str] = []
    alias_tokens: list[str] = []
    body_ar = _strip_titles_and_alias(ar_tokens, True, titles, alias_tokens) if ar_tokens else []
    body_la = _strip_titles_and_alias(la_tokens, False, titles, alias_tokens) if la_tokens else []
    for chunk in alias_parts:
        alias_tokens.extend(_arabic_tokens(_AR_KEEP.sub(" ", normalize_arabic(chunk))))
        alias_tokens.extend(_latin_tokens(_ARABIC_LETTER.sub(" ", normalize_arabic(chunk))))

    if script == "mixed":
        if ar_tokens and la_tokens:
            warnings.append("the name mixes Arabic and Latin script")
        else:
            warnings.append("the name mixes scripts")
    units_ar = _group_units(body_ar, True) if body_ar else []
    units_la = _group_units(body_la, False) if body_la else []
    kunya: str | None = None
    kunya_only = family_only = False
    primary = units_ar or units_la
    if primary and (" " in primary[0] or (len(primary) == 2 and " " in primary[1])):
        arabic = bool(units_ar)
        primary, kunya, kunya_only, family_only, after = _take_kunya(primary, arabic)
        titles.extend(after)
        if arabic:
            units_ar = primary
        else:
            units_la = primary
    if kunya is None and alias_tokens:
        grouped = _group_units(alias_tokens, _ARABIC_LETTER.search(alias_tokens[0]) is not None)
        if len(grouped) == 1 and _kunya_parts(grouped[0]) is not None:
            kunya = grouped[0]  # الملقب أبو علي: the nickname is a kunya
    names_ar, parts_ar, warn_ar = _assign_parts(units_ar, _AR_LINEAGE) if units_ar else _NO_PARTS
    names_la, parts_la, warn_la = _assign_parts(units_la, _LATIN_LINEAGE) if units_la else _NO_PARTS
    names_ot, parts_ot, warn_ot = _assign_parts(other, frozenset()) if other else _NO_PARTS
    # A mixed name is parsed per script; the Arabic part, if any, gives the parts.
    part_units = parts_ar if names_ar else (parts_la if names_la else parts_ot)
    if family_only:
        part_units = ((), (), (), part_units[0])
    warnings.extend(warn_ar + warn_la + warn_ot)
    names = names_ar + names_la + names_ot
    unit_keys = {u: word_key(u) for u in names}
    return _Own(
        script,
        " ".join(units_ar + units_la + other),
        tuple(names),
        NameParts(*[" ".join(p) or None for p in part_units]),
        NameParts(*[" ".join([unit_keys[u] for u in p]) or None for p in part_units]),
        " ".join([k for k in (unit_keys[u] for u in names) if k]),
        tuple(titles),
        " ".join(alias_tokens) or None,
        kunya,
        kunya_only,
        tuple(warnings),
    )


_KUNYA_HEADS = frozenset({"ابو", "ام", "abu", "abo", "umm", "um", "om"})
_FEMALE_KUNYA = frozenset({"ام", "umm", "um", "om"})
# Abu/Umm compounds that are given names, not kunyas.
_KUNYA_GIVEN_NAMES = (
    "ابو بكر",
    "ابو الخير",
    "ابو الفضل",
    "ابو القاسم",
    "ابو النور",
    "ابو الهدي",
    "ابو اليسر",
    "ام كلثوم",
    "ام الخير",
    "ام هاني",
    "ام سلمه",
    "ام البنين",
    "ام الفضل",
)


@lru_cache(maxsize=1)
def _kunya_given_name_keys() -> frozenset[str]:
    return frozenset(word_key(n) for n in _KUNYA_GIVEN_NAMES)


def _kunya_parts(unit: str) -> tuple[str, str] | None:
    """(أبو/أم, X) if ``unit`` is a kunya, ``None`` if it is not one (or is a given name)."""
    head, _, rest = unit.partition(" ")
    if not rest or head not in _KUNYA_HEADS or word_key(unit) in _kunya_given_name_keys():
        return None
    return head, rest


def _has_article(unit: str) -> bool:
    return unit.startswith(("ال", "al "))


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Normalised spellings (Arabic and Latin) of the given names of the shipped inventory."""
    out: set[str] = set()
    for name in inventory_names():
        if not name.given:
            continue
        arabic = _arabic_tokens(_AR_KEEP.sub(" ", normalize_arabic(name.arabic)))
        out.add(" ".join(_group_units(arabic, True)))
        for latin in name.latin:
            out.add(" ".join(_group_units(_latin_tokens(latin), False)))
    out.discard("")
    return frozenset(out)


def _take_kunya(
    units: list[str], arabic: bool
) -> tuple[list[str], str | None, bool, bool, list[str]]:
    """(units without the kunya, the kunya, the record is only a kunya, the rest is a family
    name, titles found after a leading kunya), by the positional rules of
    :func:`normalize_name`."""
    first = _kunya_parts(units[0])
    if first is not None:
        titles = _AR_TITLES if arabic else _LATIN_TITLES
        rest = units[1:]
        after: list[str] = []
        while rest and rest[0] in titles:  # أبو أحمد الحاج محمد
            after.append(rest.pop(0))
        nxt = rest[0] if rest else ""
        lineage = _AR_LINEAGE if arabic else _LATIN_LINEAGE
        # A kunya followed by what reads differently on its own (a lineage marker, another
        # kunya, a title glued to a compound) is left in the name, so that re-reading the
        # normalised name gives the same name.
        odd = nxt in lineage or _kunya_parts(nxt) is not None or nxt.split(" ")[0] in titles
        if not odd:
            if not rest:
                return rest, units[0], not after, False, after
            family_only = len(rest) == 1 and _has_article(rest[0])
            return rest, units[0], False, family_only, after
    if len(units) == 2 and _kunya_parts(units[0]) is None:
        last = _kunya_parts(units[1])
        if (
            last is not None
            and not _has_article(last[1])
            and (last[0] in _FEMALE_KUNYA or last[1] in _given_names())
        ):
            return units[:1], units[1], False, False, []
    return units, None, False, False, []


def _is_nisba(unit: str) -> bool:
    """ال + a word of at least three letters + ي (الحلبي), or "al" + a word ending in -i."""
    if unit.startswith("ال"):
        return " " not in unit and len(unit) >= 6 and unit.endswith("ي")
    return unit.startswith("al ") and unit.count(" ") == 1 and len(unit) >= 7 and unit[-1] == "i"


def _strip_titles_and_alias(
    toks: list[str], arabic: bool, titles: list[str], alias_tokens: list[str]
) -> list[str]:
    """The name words of one script: leading titles and a trailing nickname moved aside."""
    title_set = _AR_TITLES if arabic else _LATIN_TITLES
    markers = _AR_ALIAS_MARKERS if arabic else _LATIN_ALIAS_MARKERS
    i = 0
    while i < len(toks):
        pair = f"{toks[i]} {toks[i + 1]}" if i + 1 < len(toks) else ""
        if pair in title_set:  # الملازم أول
            titles.append(pair)
            i += 2
        elif not arabic and toks[i] == "al" and i + 1 < len(toks) and toks[i + 1] in title_set:
            titles.append(toks[i + 1])  # al-Hajj, el-Sheikh
            i += 2
        elif toks[i] in title_set:
            titles.append(toks[i])
            i += 1
        else:
            break
    body: list[str] = []
    while i < len(toks):
        tok = toks[i]
        if tok in markers:
            rest = toks[i + 1 :]
            if rest and rest[0] in {"ب", "as", "by"}:
                rest = rest[1:]
            elif rest and arabic and rest[0].startswith("ب") and rest[0][1:3] in {"اب", "ال"}:
                rest = [rest[0][1:], *rest[1:]]  # الملقب بأبو علي: the ب is "as"
            alias_tokens.extend(rest)
            break
        body.append(tok)
        i += 1
    return body


def name_key(text: str | None) -> str:
    """The cross-script key of a whole name: the keys of its units, space-separated.

    محمد and Mohamed give "MHMD"; "عبد الرحمن محمد" and "Abdulrahman Mohammad" give
    "BDRHMN MHMD". Titles, nicknames and lineage markers are not part of the key.
    """
    return normalize_name(text).key
