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
from dataclasses import dataclass, field
from functools import lru_cache

from tawthiq.normalize._skeleton import arabic_skeleton, latin_skeleton
from tawthiq.normalize._text import normalize_arabic, strip_invisible

__all__ = [
    "NameParts",
    "NormalizedName",
    "name_key",
    "normalize_name",
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

    def as_column_part(self) -> tuple[str | None, str | None]:
        """(spelling, key) of the name read as one part in a column of its own.

        A column that holds only a title-like word holds that name: الخطيب ("the preacher"),
        السيد, الشيخ are common family names, so in a family-name column they are kept.
        """
        norm = self.normalized or " ".join(self.titles) or None
        key = self.key or " ".join(k for k in (word_key(t) for t in self.titles) if k) or None
        return norm, key


# --- vocabularies (in normalised spelling) ---------------------------------------------------

# Descriptors and honorifics written before a name in victim lists.
_AR_TITLES = frozenset(
    {
        "الشهيد",
        "الشهيده",
        "شهيد",
        "شهيده",
        "الحاج",
        "الحاجه",
        "حاج",
        "حاجه",
        "الشيخ",
        "الشيخه",
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
        "الشاب",
        "الشابه",
        "المواطن",
        "المواطنه",
        "المعتقل",
        "المعتقله",
        "المجند",
        "الملازم",
        "الملازم اول",
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
    }
)
_LATIN_TITLES = frozenset(
    {
        "dr",
        "doctor",
        "eng",
        "engineer",
        "prof",
        "mr",
        "mrs",
        "ms",
        "miss",
        "sheikh",
        "shaikh",
        "shaykh",
        "sheik",
        "haj",
        "hajj",
        "hajji",
        "haji",
        "martyr",
        "shahid",
        "shaheed",
        "child",
        "infant",
        "baby",
        "lt",
        "sgt",
        "capt",
        "col",
        "maj",
        "gen",
        "the",
    }
)
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
_LATIN_ABU = frozenset({"abu", "abo", "umm", "um", "al"})
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
    {"ø": "o", "ł": "l", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th"}
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


@lru_cache(maxsize=262144)
def _raw_token(raw: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(Arabic tokens, folded Latin words, had digits) of one whitespace-separated token.

    Names repeat their words across a list far more than whole names repeat, so the costly
    Unicode work is done once per distinct word.
    """
    work = strip_invisible(unicodedata.normalize("NFKC", raw))
    normalized = normalize_arabic(work)
    digits = _DIGITS.search(normalized) is not None
    ar_text = _AR_KEEP.sub(" ", normalize_arabic(_LATIN_LETTER.sub(" ", work)))
    la_text = _ARABIC_LETTER.sub(" ", normalized)
    return tuple(_arabic_tokens(ar_text)), tuple(_fold_latin(la_text).split()), digits


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
    """The cross-script key of one word or compound unit ("عبد الرحمن", "Abdulrahman")."""
    for ch in word:
        if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            return arabic_skeleton(word)
        if ch.isalpha():
            return latin_skeleton(word.replace(" ", ""))
    return ""


def _script(arabic: bool, latin: bool) -> str:
    if arabic and latin:
        return "mixed"
    return "arabic" if arabic else ("latin" if latin else "")


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


@lru_cache(maxsize=32768)
def normalize_name(text: str | None) -> NormalizedName:
    """Normalise, parse and key one personal name in Arabic or Latin script; never raises.

    Mixed-script input (a Latin nickname in an Arabic name) is normalised per script, with
    the Arabic part first. Returns empty fields, not an exception, for empty input.
    """
    original = "" if text is None else str(text)
    warnings: list[str] = []
    work = original
    alias_parts: list[str] = []
    if _BRACKETS.search(work):
        work = strip_invisible(unicodedata.normalize("NFKC", work))
        alias_parts = [m.group(1) for m in _PARENS.finditer(work)]
        work = _PARENS.sub(" ", work)
    ar_tokens: list[str] = []
    la_words: list[str] = []
    digits = False
    for raw in work.split():
        ar, la, has_digits = _raw_token(raw)
        ar_tokens.extend(ar)
        la_words.extend(la)
        digits = digits or has_digits
    if digits:
        warnings.append("digits in the name were dropped")
    la_tokens = _latin_context(la_words) if la_words else []
    script = _script(bool(ar_tokens), bool(la_tokens))

    titles: list[str] = []
    alias_tokens: list[str] = []
    body_ar = _strip_titles_and_alias(ar_tokens, True, titles, alias_tokens) if ar_tokens else []
    body_la = _strip_titles_and_alias(la_tokens, False, titles, alias_tokens) if la_tokens else []
    for chunk in alias_parts:
        alias_tokens.extend(_arabic_tokens(_AR_KEEP.sub(" ", normalize_arabic(chunk))))
        alias_tokens.extend(_latin_tokens(_ARABIC_LETTER.sub(" ", normalize_arabic(chunk))))

    if script == "mixed":
        warnings.append("the name mixes Arabic and Latin script")
    units_ar = _group_units(body_ar, True) if body_ar else []
    units_la = _group_units(body_la, False) if body_la else []
    names_ar, parts_ar, warn_ar = _assign_parts(units_ar, _AR_LINEAGE) if units_ar else _NO_PARTS
    names_la, parts_la, warn_la = _assign_parts(units_la, _LATIN_LINEAGE) if units_la else _NO_PARTS
    # A mixed name is parsed per script; the Arabic part, if any, gives the parts.
    part_units = parts_ar if names_ar else parts_la
    warnings.extend(warn_ar + warn_la)
    names = names_ar + names_la
    normalized = " ".join(units_ar + units_la)
    if not normalized and original.strip():
        if titles:
            warnings.append("the name held only titles or descriptors")
        elif alias_tokens:
            warnings.append("the name held only a nickname")
        else:
            warnings.append("nothing left after normalisation (no letters)")
    unit_keys = {u: word_key(u) for u in names}
    parts = NameParts(*[" ".join(p) or None for p in part_units])
    keys = NameParts(*[" ".join([unit_keys[u] for u in p]) or None for p in part_units])
    return NormalizedName(
        original=original,
        script=script,
        normalized=normalized,
        units=tuple(names),
        parts=parts,
        keys=keys,
        key=" ".join([k for k in (unit_keys[u] for u in names) if k]),
        titles=tuple(titles),
        alias=" ".join(alias_tokens) or None,
        nisbas=tuple(u for u in names if _is_nisba(u)),
        warnings=tuple(warnings),
    )


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
    while i < len(toks) and toks[i] in title_set:
        titles.append(toks[i])
        i += 1
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
