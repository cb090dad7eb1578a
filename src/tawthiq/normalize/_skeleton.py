"""Cross-script name keys: one consonant skeleton for an Arabic word and its Latin spellings.

Lists name the same person as محمد, Mohammad, Muhammad, Mohamed or Mohammed. No spelling rule
recovers one from another (Arabic omits short vowels; Latin spellings follow English, French,
German or Italian habits), but the *consonants* survive every transliteration. So the key of
a word is its consonant skeleton over a small alphabet of merged sound classes:

    B  ب             b p              F  ف             f v ph
    T  ت ط ث         t th dt ght      D  د ض ذ         d dh
    S  س ص ز ش ظ تش  s z sh ch sch    K  ك ق خ ج غ دج  k q c(a/o/u) g j kh gh ck dj dg, x=KS
    H  ح ه           h (sounded)      L ل  M م  N ن  R ر

Vowels, vowel letters (ا و ي ى ة), hamza and ʿayn (ء ع, ' ʿ ʾ) are dropped because spellings
disagree on them; a repeated class is written once (shadda is not written, double letters are
optional in Latin); an H after an obstruent is absorbed (Latin reads d+h in Adham and t+h in
Fathi as the digraphs dh and th); a final H is dropped (ه, ة and a final -h mostly stand for a
vowel); the article (ال, al-/el-, fused or not) is dropped when two consonants remain.

Why K and G are one class: Levantine ج is "j", Egyptian "g"; ق is written q, k or g (Bedouin
pronunciation); غ is gh or g; foreign g is ج, غ or ك in Arabic. Keeping them apart cost a
point of recall on the tuning data for 0.02 points of extra random collisions.
Every rule was tuned on the *train* split of Google's Arabic–English transliteration pairs;
``benchmarks/name_keys.py`` reports the figures on the held-out test split.

Every word with a letter gets a key, whatever its script:

* A word without consonants (آية Aya, يحيى Yahya, هيا Haya) keys on its weak letters instead:
  Y for ي/y/i, W for و/w/u/o, H for a sounded ح/ه/h, or "A" when only vowels remain. These
  letters never appear in consonant keys, so such a key can only meet another weak-letter name.
* Persian letters fold into the Arabic classes (``_text.normalize_arabic``): پ→B like p, ژ→S
  like "zh", گ ک→K like g/k, ی→ي, and چ→ج (K). چ is "ch" in Persian and Kurdish but "j"/"g"
  in Arabic writing of foreign names (the held-out pairs' only چ is "Joly"): keying it as
  "ch" (S) lost that pair and matched nothing more, so a Latin "Ch" spelling of a name
  written with چ does not share its key.
* Kurdish and Turkish Latin letters: ç→ch, ş→sh, ğ→gh, ı→i, ẍ→gh, ḧ→h; in a word that has one
  of them (or ê î û), x is "kh" and c is "j", as in the Kurdish and Turkish alphabets
  (Şêx → SK like Sheikh, Cemîl → KML like Jamil).
* Hebrew and Syriac map letter by letter to the same classes (their letters are cognate with
  the Arabic ones: ב ܒ → B, ח ܚ → H, ש ܫ → S, …); א ו י ע are weak letters like ا و ي ع. Hebrew
  פ is B at the start of a word (p) and F elsewhere (f), ף is F.
* Cyrillic, Greek and Armenian are transliterated to Latin letters and keyed as Latin.
* Any other script (CJK, Georgian, Devanagari, …) keys as the word itself, case-folded and
  without marks: equal spellings still meet, across scripts nothing is claimed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tawthiq.normalize._text import normalize_arabic

__all__ = [
    "LATIN_SPECIAL",
    "arabic_skeleton",
    "fold_kurdish_turkish",
    "is_kurdish_turkish",
    "latin_skeleton",
    "script_of",
    "skeleton",
]

# --- Arabic ---------------------------------------------------------------------------------

_AR_CLASS: dict[str, str] = {
    "ب": "B",
    "ف": "F",
    "ت": "T",
    "ط": "T",
    "ث": "T",
    "د": "D",
    "ض": "D",
    "ذ": "D",
    "ظ": "S",
    "س": "S",
    "ص": "S",
    "ز": "S",
    "ش": "S",
    "ك": "K",
    "ق": "K",
    "خ": "K",
    "ج": "K",
    "غ": "K",
    "ح": "H",
    "ه": "H",
    "ل": "L",
    "م": "M",
    "ن": "N",
    "ر": "R",
    "\ue000": "S",
    "\ue001": "K",
}
# Arabic spellings of Latin sounds: تش is "ch" as in Charles, دج is French "dj" (Djamel).
# They are replaced by private-use characters that _AR_CLASS maps like any letter.
_AR_DIGRAPHS = (("تش", "\ue000"), ("دج", "\ue001"))

# Words that begin with ال without it being the article, whatever their length.
_AR_NOT_ARTICLE = frozenset({"الفت", "اليسار"})

# --- Latin ----------------------------------------------------------------------------------

# Letters outside a-z that NFKD does not decompose into a base letter and a mark.
LATIN_SPECIAL = str.maketrans(
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
        "ŋ": "ng",
        "ħ": "h",
        "č": "ch",
        "ć": "ch",
        "ç": "ch",
        "ş": "sh",
        "ș": "sh",
        "ğ": "gh",
        "ẍ": "gh",
        "ḧ": "h",
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
# Letters only the Kurdish (Hawar) and Turkish alphabets use: a word with one of them is
# read with their c (= j) and Kurdish x (= kh).
_KURDISH_TURKISH = frozenset("çşğıêîûẍḧÇŞĞİÊÎÛẌḦ")


def is_kurdish_turkish(text: str) -> bool:
    """Whether ``text`` has a letter only the Kurdish and Turkish Latin alphabets use."""
    return not _KURDISH_TURKISH.isdisjoint(text)


def fold_kurdish_turkish(word: str, force: bool = False) -> str:
    """``word`` with Kurdish/Turkish c and x respelled as j and kh if it is written in them
    (``force``: because another word of the same name is)."""
    if not force and _KURDISH_TURKISH.isdisjoint(word):
        return word
    return word.replace("c", "j").replace("C", "J").replace("x", "kh").replace("X", "Kh")


# Longest first, so "tsch" wins over "sch" over "ch".
_LATIN_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("ght", "T"),
    ("wsk", "FSK"),
    ("tsch", "S"),
    ("chr", "KR"),
    ("dj", "K"),
    ("dg", "K"),
    ("dt", "T"),
    ("sch", "S"),
    ("tch", "S"),
    ("ch", "S"),
    ("sh", "S"),
    ("zh", "S"),
    ("ph", "F"),
    ("th", "T"),
    ("dh", "D"),
    ("kh", "K"),
    ("gh", "K"),
    ("ck", "K"),
    ("x", "KS"),
)
_LATIN_CLASS: dict[str, str] = {
    "b": "B",
    "p": "B",
    "f": "F",
    "v": "F",
    "t": "T",
    "d": "D",
    "s": "S",
    "z": "S",
    "k": "K",
    "q": "K",
    "g": "K",
    "j": "K",
    "h": "H",
    "l": "L",
    "m": "M",
    "n": "N",
    "r": "R",
}
_LATIN_VOWELS = frozenset("aeiouyw")
_LATIN_DIGRAPH_RE = re.compile("|".join(re.escape(d) for d, _ in _LATIN_DIGRAPHS))
_LATIN_DIGRAPH_MAP = dict(_LATIN_DIGRAPHS)
_NON_LETTER = re.compile(r"[^a-z]+")
_LATIN_ARTICLE_PREFIXES = frozenset({"al", "el", "il"})


# An h after these classes is read as part of a digraph in Latin (dh, th, kh, sh, ph, gh), so
# د+ه in أدهم must give the same as "dh" in Adham, and ت+ح in فتحي the same as "th" in Fathi.
_ABSORBS_H = frozenset("BFTDSKG")


def _collapse(classes: list[str]) -> str:
    """Write each run of one class once, absorb H after an obstruent, drop a final H."""
    out: list[str] = []
    for c in classes:
        if out and (out[-1] == c or (c == "H" and out[-1] in _ABSORBS_H)):
            continue
        out.append(c)
    if out and out[-1] == "H":
        out.pop()
    return "".join(out)


def _without_article(full: str, rest: str) -> str:
    """Drop an article-like prefix only when at least two consonants remain.

    Latin spellings fuse the article (Alhasan, Elkhatib) as often as they separate it, and
    Arabic writes foreign names that start with "al"/"el" with an ال (البرت, إلهام). Dropping
    ال/al/el whenever the rest still has two consonants treats all of these alike, while
    short names that merely start with the letters (علي Ali, علاء Alaa, إلياس Elias) keep them.
    """
    return rest if len(rest) >= 2 else full


def _arabic_classes(w: str) -> str:
    for digraph, cls in _AR_DIGRAPHS:
        w = w.replace(digraph, cls)
    return _collapse([k for c in w if (k := _AR_CLASS.get(c, ""))])


# The article inside a compound written as one word: عبدالرحمن, ابوالخير, نورالدين, نصرالله.
_AR_INNER_ARTICLE = re.compile(r"^(عبد|ابو)ال(?=..)|(?<=..)ال(?=دين$|له$)")
# The same in Latin: Abdulrahman, Abdel Aziz, Abulkhair, Abolfazl; Saifaldin, Nuruldeen.
_LATIN_INNER_ARTICLE = re.compile(
    r"^(abd[aeiou]?|ab(?:u|ou|o))l(?=[a-z]{2})|(?<=[a-z]{2})[aeiu]l(?=din$|dine$|deen$)"
)


@lru_cache(maxsize=262144)
def arabic_skeleton(word: str) -> str:
    """The skeleton of one Arabic word (or of a compound written as one word)."""
    w = normalize_arabic(word).replace(" ", "")
    w = _AR_INNER_ARTICLE.sub(r"\1", w)
    full = _arabic_classes(w)
    if w.startswith("ال") and w not in _AR_NOT_ARTICLE:
        full = _without_article(full, _arabic_classes(w[2:]))
    if full or not _AR_LETTER.search(w):
        return full
    return _weak_key([_AR_WEAK.get(c, "") for c in w])


_AR_LETTER = re.compile(r"[\u0621-\u064a]")
_AR_WEAK = {"ي": "Y", "و": "W", "ح": "H", "ه": "H"}


def _weak_key(classes: list[str]) -> str:
    """The key of a word without consonants: its weak letters, or "A" for vowels alone."""
    out: list[str] = []
    for c in classes:
        if c and (not out or out[-1] != c):
            out.append(c)
    if out and out[-1] == "H":
        out.pop()
    return "".join(out) or "A"


def _latin_fold(word: str) -> str:
    word = fold_kurdish_turkish(word)
    folded = unicodedata.normalize("NFKD", word.lower().translate(LATIN_SPECIAL))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(LATIN_SPECIAL)


def _latin_classes(w: str) -> str:
    classes: list[str] = []
    i, n = 0, len(w)
    while i < n:
        m = _LATIN_DIGRAPH_RE.match(w, i)
        if m is not None:
            classes.extend(_LATIN_DIGRAPH_MAP[m.group()])
            i = m.end()
            continue
        ch = w[i]
        nxt = w[i + 1] if i + 1 < n else ""
        prev = w[i - 1] if i else ""
        if ch in _LATIN_VOWELS:
            pass
        elif ch == "c":
            if nxt == "c" and i + 2 < n and w[i + 2] in "eiy":
                pass  # Italian cci/cce: one "ch" sound, تش in Arabic
            elif nxt in ("e", "i", "y"):
                classes.append("S")
            elif not nxt and prev == "i" and i >= 2 and w[i - 2] not in _LATIN_VOWELS:
                classes.append("S")  # Slavic -ić written -ic: Arabic spells it يتش
            else:
                classes.append("K")
        elif ch == "h":
            # A sounded h sits before a vowel (Ahmad has one before m too: after a vowel,
            # before a consonant); a silent one ends a word after a vowel (Abdullah, Fatimah).
            if nxt or prev not in _LATIN_VOWELS:
                classes.append("H")
        else:
            classes.append(_LATIN_CLASS.get(ch, ""))
        i += 1
    return _collapse([c for c in classes if c])


# Abbreviations Syrian lists write for Muhammad (VDC: "Mhd"); their skeleton would be MHD.
_LATIN_ABBREVIATIONS = {"mhd": "muhammad", "mohd": "muhammad", "muhd": "muhammad"}


@lru_cache(maxsize=262144)
def latin_skeleton(word: str) -> str:
    """The skeleton of one Latin-script word (apostrophes, ʿ and ʾ carry no consonant)."""
    w = _LATIN_INNER_ARTICLE.sub(r"\1", _NON_LETTER.sub("", _latin_fold(word)))
    w = _LATIN_ABBREVIATIONS.get(w, w)
    full = _latin_classes(w)
    if w[:2] in _LATIN_ARTICLE_PREFIXES:
        # Allison/Ellington: Arabic writes the al as أل, and أل/ال are dropped alike.
        full = _without_article(full, _latin_classes(w[3:] if w[2:3] == "l" else w[2:]))
    if full or not w:
        return full
    return _weak_key(_latin_weak(w))


def _latin_weak(w: str) -> list[str]:
    out: list[str] = []
    for i, ch in enumerate(w):
        if ch in "iy":
            out.append("Y")
        elif ch in "ouw":
            out.append("W")
        elif ch == "h" and (i + 1 < len(w) or i == 0 or w[i - 1] not in _LATIN_VOWELS):
            out.append("H")
    return out


# --- other scripts --------------------------------------------------------------------------

# Hebrew and Syriac letters to classes; "" is a weak letter dropped from the consonant key and
# the second value its weak-key letter.
_HEBREW: dict[str, tuple[str, str]] = {
    "א": ("", ""),
    "ב": ("B", ""),
    "ג": ("K", ""),
    "ד": ("D", ""),
    "ה": ("H", "H"),
    "ו": ("", "W"),
    "ז": ("S", ""),
    "ח": ("H", "H"),
    "ט": ("T", ""),
    "י": ("", "Y"),
    "כ": ("K", ""),
    "ך": ("K", ""),
    "ל": ("L", ""),
    "מ": ("M", ""),
    "ם": ("M", ""),
    "נ": ("N", ""),
    "ן": ("N", ""),
    "ס": ("S", ""),
    "ע": ("", ""),
    "פ": ("F", ""),
    "ף": ("F", ""),
    "צ": ("S", ""),
    "ץ": ("S", ""),
    "ק": ("K", ""),
    "ר": ("R", ""),
    "ש": ("S", ""),
    "ת": ("T", ""),
    "װ": ("", "W"),
    "ױ": ("", "W"),
    "ײ": ("", "Y"),
}
_SYRIAC: dict[str, tuple[str, str]] = {
    "ܐ": ("", ""),
    "ܒ": ("B", ""),
    "ܓ": ("K", ""),
    "ܔ": ("K", ""),
    "ܕ": ("D", ""),
    "ܖ": ("R", ""),
    "ܗ": ("H", "H"),
    "ܘ": ("", "W"),
    "ܙ": ("S", ""),
    "ܚ": ("H", "H"),
    "ܛ": ("T", ""),
    "ܜ": ("S", ""),
    "ܝ": ("", "Y"),
    "ܞ": ("", "Y"),
    "ܟ": ("K", ""),
    "ܠ": ("L", ""),
    "ܡ": ("M", ""),
    "ܢ": ("N", ""),
    "ܣ": ("S", ""),
    "ܤ": ("S", ""),
    "ܥ": ("", ""),
    "ܦ": ("F", ""),
    "ܧ": ("F", ""),
    "ܨ": ("S", ""),
    "ܩ": ("K", ""),
    "ܪ": ("R", ""),
    "ܫ": ("S", ""),
    "ܬ": ("T", ""),
}


def _table_skeleton(word: str, table: dict[str, tuple[str, str]]) -> str:
    letters = [table[c] for c in word if c in table]
    full = _collapse([c for c, _ in letters if c])
    return full if full or not letters else _weak_key([w for _, w in letters])


@lru_cache(maxsize=65536)
def hebrew_skeleton(word: str) -> str:
    """The skeleton of a Hebrew word: letters to the classes of their Arabic cognates."""
    if word[:1] == "פ":
        return _table_skeleton("ב" + word[1:], _HEBREW)  # initial pe is p: B, like Latin p
    return _table_skeleton(word, _HEBREW)


@lru_cache(maxsize=65536)
def syriac_skeleton(word: str) -> str:
    """The skeleton of a Syriac word: letters to the classes of their Arabic cognates."""
    return _table_skeleton(word, _SYRIAC)


# Romanisation of Cyrillic (Russian, Ukrainian, Serbian), Greek and Armenian, for the Latin key.
_TO_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэіґўј", "abvgdeziyklmnoprstufyeigwj", strict=True)),
        "ж": "zh",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ь": "",
        "ю": "yu",
        "я": "ya",
        "ё": "yo",
        "ї": "yi",
        "є": "ye",
        "љ": "lj",
        "њ": "nj",
        "ћ": "ch",
        "ђ": "dj",
        "џ": "dzh",
        **dict(zip("αβγδεζηικλμνξοπρστυφω", "avgdeziiklmnxoprstyfo", strict=True)),
        "θ": "th",
        "χ": "kh",
        "ψ": "ps",
        "ς": "s",
        **dict(zip("աբգդեզէըիլկհմյնոպջռսվտրւփքօֆ", "abgdezeeilkhmynopjrsvtrwpkof", strict=True)),
        "թ": "t",
        "ժ": "zh",
        "խ": "kh",
        "ծ": "ts",
        "ձ": "dz",
        "ղ": "gh",
        "ճ": "ch",
        "շ": "sh",
        "չ": "ch",
        "ց": "ts",
        "և": "ev",
    }
)

_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "greek"),
    (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0xFB1D, 0xFB4F, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x0700, 0x074F, "syriac"),
)


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """The script of one letter: arabic, latin, hebrew, syriac, cyrillic, greek, armenian or
    other ("" for a character that is not a letter)."""
    if ch.isascii():
        return "latin" if ch.isalpha() else ""
    if unicodedata.category(ch) == "Lm":
        return ""  # modifier letters (ʿ ʾ ˈ, tatweel): marks, not letters of a name
    code = ord(ch)
    for low, high, name in _SCRIPT_RANGES:
        if low <= code <= high:
            return name if ch.isalpha() or name == "arabic" else ""
    if not ch.isalpha():
        return ""
    return "latin" if unicodedata.name(ch, "").startswith("LATIN") else "other"


@lru_cache(maxsize=65536)
def other_skeleton(word: str) -> str:
    """The key of a word in a script without consonant rules: the word, case-folded, bare."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch) and ch.isalpha())


def skeleton(word: str) -> str:
    """The skeleton of one word in any script (chosen by its first letter)."""
    for ch in word:
        script = script_of(ch)
        if script == "arabic":
            return arabic_skeleton(word)
        if script == "latin":
            return latin_skeleton(word)
        if script == "hebrew":
            return hebrew_skeleton(unicodedata.normalize("NFKD", word))
        if script == "syriac":
            return syriac_skeleton(word)
        if script in ("cyrillic", "greek", "armenian"):
            bare = unicodedata.normalize("NFKD", word.casefold())
            return latin_skeleton(bare.translate(_TO_LATIN))
        if script == "other":
            return other_skeleton(word)
    return ""
