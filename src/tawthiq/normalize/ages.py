"""Ages as lists record them, kept with their precision instead of rejected.

The canonical CSV's ``age`` is years, but real lists write fractions (``0.8``), months for
infants (``8 months``, ``٨ أشهر``, ``شهرين``), ranges (``65-80``), bounds (``60+``, ``under 1``)
and words (child, elderly, طفل, رضيع, شاب, مسن). :func:`parse_age` turns each into a span of
years (``years_min``..``years_max``, ``None`` for an open end), says what kind of statement it
was, and derives the age group the span certainly falls in. It never raises and never
rejects: what it cannot read comes back ``unrecognised`` with the original text.

Age groups follow the usual casualty-recording cut-offs: infant under 1, child under 18, adult
18–59, elderly 60 and over. The conventional spans given to words are documented in ``_WORDS``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from tawthiq.normalize._text import normalize_arabic

__all__ = ["AgeGroup", "AgeKind", "AgeStatus", "ParsedAge", "age_group", "parse_age"]


class AgeGroup(StrEnum):
    INFANT = "infant"
    CHILD = "child"
    ADULT = "adult"
    ELDERLY = "elderly"


class AgeKind(StrEnum):
    """What the source stated, which is also how precise the span is."""

    YEARS = "years"
    FRACTION = "fraction"
    MONTHS = "months"
    WEEKS = "weeks"
    DAYS = "days"
    RANGE = "range"
    BOUND = "bound"
    WORD = "word"


class AgeStatus(StrEnum):
    OK = "ok"
    EMPTY = "empty"
    UNRECOGNISED = "unrecognised"


@dataclass(frozen=True, slots=True)
class ParsedAge:
    """An age as a span of years, with the original beside it."""

    original: str
    status: AgeStatus
    years_min: float | None = None
    years_max: float | None = None
    kind: AgeKind | None = None
    group: AgeGroup | None = None
    approximate: bool = False
    problem: str | None = None
    warnings: tuple[str, ...] = field(default=())


def age_group(years_min: float | None, years_max: float | None) -> AgeGroup | None:
    """The group a span of years certainly falls in, or ``None`` when it straddles two."""
    if years_max is not None and years_max < 1:
        return AgeGroup.INFANT
    if years_max is not None and years_max < 18:
        return AgeGroup.CHILD
    if years_min is not None and years_min >= 60:
        return AgeGroup.ELDERLY
    if years_min is not None and years_min >= 18 and (years_max is None or years_max < 60):
        return AgeGroup.ADULT
    return None


# word → (min years, max years, group); spans are conventions, stated here so they can be
# argued with: a child is under 18, an infant under 1, "young man" 18-35, elderly 60+.
_WORDS: dict[str, tuple[float, float | None, AgeGroup | None]] = {}
for _names, _span in (
    (("newborn", "neonate", "حديث الولاده", "حديثه الولاده", "مولود", "مولوده", "وليد"), (0, 0.1)),
    (("infant", "baby", "رضيع", "رضيعه", "طفل رضيع", "طفله رضيعه"), (0, 0.99)),
    (("toddler",), (1, 3)),
    (("child", "kid", "minor", "boy", "girl", "children", "طفل", "طفله", "اطفال", "قاصر"), (0, 17)),
    (("قاصره", "صبي", "صبيه", "ولد", "بنت"), (0, 17)),
    (
        ("teen", "teenager", "adolescent", "فتى", "فتاه", "يافع", "يافعه", "مراهق", "مراهقه"),
        (13, 17),
    ),
    (("young man", "young woman", "young adult", "youth", "شاب", "شابه"), (18, 35)),
    (("adult", "man", "woman", "بالغ", "بالغه", "رجل", "امراه", "سيده", "راشد"), (18, None)),
    (("middle-aged", "middle aged", "كهل", "كهله", "متوسط العمر"), (40, 59)),
    (
        ("elderly", "old", "old man", "old woman", "senior", "aged", "مسن", "مسنه", "عجوز"),
        (60, None),
    ),
    (("كبير في السن", "كبير السن", "كبيره في السن", "كبيره السن", "طاعن في السن"), (60, None)),
):
    for _name in _names:
        _WORDS[normalize_arabic(_name).lower()] = (_span[0], _span[1], age_group(*_span))

_MISSING = frozenset(
    {
        "unknown",
        "unk",
        "n/a",
        "na",
        "none",
        "-",
        "--",
        "?",
        "??",
        "غير معروف",
        "مجهول",
        "غير محدد",
        "لا يوجد",
    }
)

_UNITS: dict[str, tuple[str, float]] = {}
_UNIT_NAMES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("years", 1.0, ("y", "yr", "yrs", "year", "years", "yo", "y/o", "years old", "year old",
                    "سنه", "سنوات", "سنين", "عام", "اعوام", "عاما", "سنه", "ع", "س")),
    ("months", 1 / 12, ("m", "mo", "mos", "mth", "mths", "month", "months", "months old",
                        "شهر", "اشهر", "شهور", "شهرا", "ش")),
    ("weeks", 7 / 365.25, ("w", "wk", "wks", "week", "weeks", "اسبوع", "اسابيع", "اسبوعا")),
    ("days", 1 / 365.25, ("d", "day", "days", "days old", "يوم", "ايام", "يوما")),
)  # fmt: skip
for _kind, _factor, _unit_names in _UNIT_NAMES:
    for _name in _unit_names:
        _UNITS[normalize_arabic(_name)] = (_kind, _factor)

# Arabic words that carry their own number: the dual (شهرين "two months") and "a year".
_COUNTED: dict[str, tuple[str, float]] = {
    "شهرين": ("months", 2),
    "شهران": ("months", 2),
    "سنتين": ("years", 2),
    "سنتان": ("years", 2),
    "عامين": ("years", 2),
    "عامان": ("years", 2),
    "يومين": ("days", 2),
    "يومان": ("days", 2),
    "اسبوعين": ("weeks", 2),
    "اسبوعان": ("weeks", 2),
}
_NUMBER_WORDS: dict[str, int] = {
    normalize_arabic(w): n
    for n, words in enumerate(
        (
            ("zero",),
            ("one", "a", "an", "واحد", "واحده"),
            ("two", "اثنان", "اثنين", "اثنتان", "اثنتين"),
            ("three", "ثلاث", "ثلاثه"),
            ("four", "اربع", "اربعه"),
            ("five", "خمس", "خمسه"),
            ("six", "ست", "سته"),
            ("seven", "سبع", "سبعه"),
            ("eight", "ثمان", "ثماني", "ثمانيه"),
            ("nine", "تسع", "تسعه"),
            ("ten", "عشر", "عشره"),
            ("eleven", "احدى عشر", "احد عشر"),
            ("twelve", "اثنا عشر", "اثني عشر"),
        )
    )
    for w in words
}

_APPROX = re.compile(
    r"^(?:about|approx\.?|approximately|around|almost|nearly|circa|ca\.?|c\.|~|±|"
    r"حوالي|حوالى|نحو|قرابه|تقريبا|قرابة)\s*|\s*(?:تقريبا|approx\.?|approximately|\?)$"
)
_NUM = r"(\d+(?:[.,]\d+)?)"
_RANGE = re.compile(
    rf"^(?:between |from |بين |من )?{_NUM}\s*(?:-|–|—|to|and|الى|حتى|و|/)\s*{_NUM}\s*(.*)$"
)
_LOWER_BOUND = re.compile(
    rf"^(?:>=?|over|above|older than|more than|at least|فوق|اكثر من|اكبر من)\s*{_NUM}\s*(.*)$"
    rf"|^{_NUM}\s*\+\s*(.*)$"
)
_UPPER_BOUND = re.compile(
    rf"^(?:<=?|under|below|less than|younger than|دون|تحت|اقل من|اصغر من)\s*{_NUM}\s*(.*)$"
)
_DECADE = re.compile(r"^(\d)0s$|^(?:in (?:his|her|their) )?(\d)0s$")
_PAIR = re.compile(rf"{_NUM}\s*([^\d\s]+(?: old)?)?")
_SPACES = re.compile(r"\s+")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _ok(
    original: str,
    lo: float | None,
    hi: float | None,
    kind: AgeKind,
    approximate: bool,
    warnings: tuple[str, ...] = (),
    group: AgeGroup | None = None,
) -> ParsedAge:
    for value in (lo, hi):
        if value is not None and value > 125:
            return ParsedAge(
                original,
                AgeStatus.UNRECOGNISED,
                problem=f"an age of {value:g} years is not plausible",
            )
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
        warnings = (*warnings, "range written high to low")
    lo = round(float(lo), 3) if lo is not None else None
    hi = round(float(hi), 3) if hi is not None else None
    return ParsedAge(
        original,
        AgeStatus.OK,
        lo,
        hi,
        kind,
        group if group is not None else age_group(lo, hi),
        approximate,
        warnings=warnings,
    )


def _unit(text: str) -> tuple[str, float] | None:
    """The unit named by ``text`` (years when empty), or ``None`` if it is not a unit."""
    t = text.strip(" .")
    if not t:
        return ("years", 1.0)
    return _UNITS.get(t)


_FACTOR = {"years": 1.0, "months": 1 / 12, "weeks": 7 / 365.25, "days": 1 / 365.25}
_FINER = ("years", "months", "weeks", "days")


def _amounts(text: str) -> tuple[float, str] | None:
    """Sums like "1 year 6 months", "سنه و 6 اشهر", "شهرين", "ثلاث سنوات", "8m".

    Returns (years, the finest unit used), or ``None`` when any word is not a number, a unit
    or "and". A bare number is years only when it stands alone.
    """
    spaced = re.sub(r"(\d)(?=[^\d\s.,])", r"\1 ", text)
    words = [w for w in spaced.split() if w not in ("و", "and", "&")]
    total, finest, i = 0.0, "", 0
    while i < len(words):
        w = words[i]
        if w in _COUNTED:
            kind, n = _COUNTED[w]
            i += 1
        else:
            if re.fullmatch(_NUM, w):
                n = _number(w)
            elif w in _NUMBER_WORDS:
                n = float(_NUMBER_WORDS[w])
            elif w in _UNITS and len(w) >= 3:
                n, i = 1.0, i - 1  # "شهر", "month": one of the unit named next
            else:
                return None
            i += 1
            two = " ".join(words[i : i + 2])
            if two in _UNITS:
                kind, i = _UNITS[two][0], i + 2
            elif i < len(words) and words[i] in _UNITS:
                kind, i = _UNITS[words[i]][0], i + 1
            elif i == len(words) == 1:
                kind = "years"
            else:
                return None
        total += n * _FACTOR[kind]
        if not finest or _FINER.index(kind) > _FINER.index(finest):
            finest = kind
    return (total, finest) if finest else None


def _parse(original: str) -> ParsedAge:
    text = normalize_arabic(unicodedata.normalize("NFKC", original)).lower().strip()
    text = _SPACES.sub(" ", text.replace("،", " ").replace(",", " , ").replace(" , ", ","))
    if not text or text in _MISSING:
        return ParsedAge(original, AgeStatus.EMPTY)
    approximate = False
    stripped = _APPROX.sub("", text).strip()
    if stripped != text:
        approximate, text = True, stripped
    text = text.replace("-year-old", " years").replace("-month-old", " months")
    if text in _WORDS:
        lo, hi, group = _WORDS[text]
        return _ok(original, lo, hi, AgeKind.WORD, approximate, group=group)
    if (m := re.fullmatch(_NUM, text)) is not None:
        value = _number(m[1])
        kind = AgeKind.YEARS if value.is_integer() else AgeKind.FRACTION
        notes = ("a decimal age is read as years (0.8 = 0.8 years, not 8 months)",)
        return _ok(
            original, value, value, kind, approximate, notes if kind is AgeKind.FRACTION else ()
        )
    if (m := _RANGE.match(text)) is not None and (unit := _unit(m[3])) is not None:
        factor = unit[1]
        return _ok(
            original, _number(m[1]) * factor, _number(m[2]) * factor, AgeKind.RANGE, approximate
        )
    if (m := _LOWER_BOUND.match(text)) is not None:
        number, rest = (m[1], m[2]) if m[1] is not None else (m[3], m[4])
        unit = _unit(rest or "")
        if unit is not None:
            return _ok(original, _number(number) * unit[1], None, AgeKind.BOUND, approximate)
    if (m := _UPPER_BOUND.match(text)) is not None and (unit := _unit(m[2])) is not None:
        bound = _number(m[1]) * unit[1]  # "under 1" excludes 1: an infant
        group = age_group(0.0, bound - 1e-9)
        return _ok(original, 0.0, bound, AgeKind.BOUND, approximate, group=group)
    if (m := _DECADE.match(text)) is not None:
        decade = int(m[1] or m[2]) * 10
        return _ok(original, decade, decade + 9, AgeKind.RANGE, approximate)
    amounts = _amounts(text)
    if amounts is not None:
        years, finest = amounts
        kind = AgeKind(finest) if finest != "years" or years.is_integer() else AgeKind.FRACTION
        return _ok(original, years, years, kind, approximate)
    return ParsedAge(original, AgeStatus.UNRECOGNISED, problem="not an age tawthiq reads")


@lru_cache(maxsize=16384)
def _parse_cached(original: str) -> ParsedAge:
    return _parse(original)


def parse_age(value: str | int | float | None) -> ParsedAge:
    """Parse one age cell (text or a number of years); never raises, never rejects."""
    if value is None:
        return ParsedAge("", AgeStatus.EMPTY)
    if isinstance(value, bool):
        return ParsedAge(str(value), AgeStatus.UNRECOGNISED, problem="not an age")
    if isinstance(value, int | float):
        if value != value or value < 0:
            return ParsedAge(str(value), AgeStatus.UNRECOGNISED, problem="not an age")
        kind = AgeKind.YEARS if float(value).is_integer() else AgeKind.FRACTION
        return _ok(str(value), float(value), float(value), kind, False)
    return _parse_cached(str(value))
