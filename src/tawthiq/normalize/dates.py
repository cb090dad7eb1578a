"""Dates as documenters write them, with the precision they actually gave; never invented.

A date of death may be a day (2013-08-21, 21/08/2013, ٢١/٨/٢٠١٣, 21 آب 2013, Aug 21, 2013, an
Excel serial like 41507), a month (2013-08, آب 2013, August 2013), a year (2013) or a range
(2013-05-01/2013-05-10, between 1 and 10 May 2013, بين ... و ...). :func:`parse_date` returns
the earliest and latest day the text allows and a :class:`~tawthiq.model.vocab.DatePrecision`.

Day-first and month-first orders cannot be told apart when both numbers are ≤ 12: 03/04/2016 is
3 April or 4 March. The caller passes the order the source declares (``"dmy"``, ``"mdy"``,
``"ymd"``); without one, such a date is *ambiguous* and both readings are returned as
candidates, never one of them. An impossible date (2016-02-30) is *invalid*, with the reason.

A cell can also say that the date is not known: a placeholder (``0000-00-00``, ``غير معروف``,
``-``) is *unknown*, not invalid, so the record is kept without a date. A year below 1700 is
*unknown* too: in these lists it is a Hijri year written without its marker (``1438-02-20``),
and storing it as Gregorian would put a 2016 death in the 15th century. Hijri dates that say so
(``20/02/1438 هـ``, ``1438 AH``) or name a Hijri month (``20 صفر 1438``, ``Rabi al-Awwal
1437``) are converted to the Gregorian days they name (:mod:`tawthiq.normalize.hijri`).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from tawthiq.model.vocab import DatePrecision
from tawthiq.normalize._text import normalize_arabic
from tawthiq.normalize.hijri import AGREED_YEARS, find_hijri_month, fold_transliteration, hijri_span

__all__ = ["DateOrder", "DateStatus", "ParsedDate", "parse_date"]

DateOrder = Literal["dmy", "mdy", "ymd"]


class DateStatus(StrEnum):
    """How a date cell was read.

    ``unknown`` is a cell that holds something other than a date on purpose (a placeholder
    such as ``0000-00-00`` or ``غير معروف``) or a year that cannot be a Gregorian date of these
    records (below 1700, most likely Hijri without its marker): the person is real and stays,
    only the date is missing, whereas ``invalid``/``unrecognised`` mean the cell is wrong.
    """

    OK = "ok"
    EMPTY = "empty"
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"
    INVALID = "invalid"
    UNRECOGNISED = "unrecognised"


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed date: the original beside the span of days it allows.

    ``earliest``/``latest`` and ``precision`` are set only when ``status`` is ``ok``. For an
    ambiguous date ``candidates`` holds each possible reading (earliest day of each). ``problem``
    says why a date is not ``ok``; ``warnings`` note readings that were inferred (an order
    deduced from a day > 12, a two-digit year, an Excel serial number).
    """

    original: str
    status: DateStatus
    earliest: date | None = None
    latest: date | None = None
    precision: DatePrecision | None = None
    candidates: tuple[date, ...] = ()
    problem: str | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.status is DateStatus.OK

    @property
    def iso(self) -> str | None:
        """ISO 8601 text at the parsed precision: 2013, 2013-08, 2013-08-21 or a/b range."""
        if self.earliest is None or self.latest is None or self.precision is None:
            return None
        if self.precision is DatePrecision.YEAR:
            return f"{self.earliest.year:04d}"
        if self.precision is DatePrecision.MONTH:
            return f"{self.earliest.year:04d}-{self.earliest.month:02d}"
        if self.precision is DatePrecision.DAY:
            return self.earliest.isoformat()
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"


# --- month names ----------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "كانون الثاني", "كانون ثاني", "يناير", "جانفي", "janvier"),
        ("february", "feb", "شباط", "فبراير", "فيفري", "fevrier", "février"),
        ("march", "mar", "اذار", "مارس", "mars"),
        ("april", "apr", "نيسان", "ابريل", "افريل", "avril"),
        ("may", "ايار", "مايو", "ماي", "mai"),
        ("june", "jun", "حزيران", "يونيو", "يونيه", "جوان", "juin"),
        ("july", "jul", "تموز", "يوليو", "يوليه", "جويليه", "juillet"),
        ("august", "aug", "اب", "اغسطس", "اغشت", "اوت", "aout", "août"),
        ("september", "sep", "sept", "ايلول", "سبتمبر", "شتنبر", "septembre"),
        ("october", "oct", "تشرين الاول", "تشرين اول", "اكتوبر", "اكتوبر", "octobre"),
        ("november", "nov", "تشرين الثاني", "تشرين ثاني", "نوفمبر", "نونبر", "novembre"),
        ("december", "dec", "كانون الاول", "كانون اول", "ديسمبر", "دجنبر", "decembre", "décembre"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[normalize_arabic(_name).lower()] = _number

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_MONTH_WORD = re.compile(rf"(?<![^\W\d_])(?:{_MONTH_ALT})(?![^\W\d_])", re.IGNORECASE)

# --- patterns -------------------------------------------------------------------------------

_TIME_PART = re.compile(r"[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*$", re.I)
_ISO_DAY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_ISO_DAY_EXACT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")
_RANGE_SEPARATORS = (
    re.compile(
        r"^(?:between|from|بين|من|ما بين)\s+(.+?)\s+(?:and|to|until|till|و|الى|حتى|ل)\s+(.+)$"
    ),
    re.compile(r"^(.+?)\s*(?:/|–|—|\bto\b|\buntil\b|الى|حتى)\s*(.+)$"),
    re.compile(r"^(.+?)\s+-\s+(.+)$"),
)
_CLEAN = re.compile(r"[,،]|\b(?:the|of|on|in)\b|\s+م$|^(?:في|بتاريخ|تاريخ|يوم)\s+")
_HIJRI_END = re.compile(
    r"(?:(?<=\d)|\s)(?:ه|هجري|هجريه|هجريا|للهجره|a\.?\s?h|h|hijri|hijrah|hijra)\.?$"
)
_HIJRI_START = re.compile(r"^(?:a\.?\s?h\.?|hijri|هجري)\s*(?=\d)")
_LETTER = re.compile(r"[^\W\d_]")
_EARLIEST_YEAR = 1700  # below: not a Gregorian year of these records, most likely Hijri
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)\b")
_SPACES = re.compile(r"\s+")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, after Lotus's 1900 leap-year bug

# --- placeholders for an unknown date -------------------------------------------------------

_PLACEHOLDER_WORDS = frozenset(
    normalize_arabic(word).lower()
    for word in (
        "unknown", "unknown date", "date unknown", "not known", "unk", "unkn", "n/a", "n.a",
        "na", "n/k", "nk", "none", "null", "nil", "nan", "not available", "not specified",
        "unspecified", "undetermined", "tbd", "inconnu", "inconnue", "non connu", "n/d", "nd",
        "غير معروف", "غير معروفه", "مجهول", "مجهوله", "غير محدد", "غير محدده", "غير معلوم",
        "غير معلومه", "غير مذكور", "غير متوفر", "غير متاح", "غير مسجل", "لا يوجد", "لا يعرف",
        "لا نعرف", "لا يعلم", "لا", "بدون", "بدون تاريخ", "مجهول التاريخ", "غير معروف التاريخ",
        "غ م", "غ.م", "غ/م",
    )
)  # fmt: skip
_PLACEHOLDER_SHAPE = re.compile(
    r"^(?:0+(?:[-/.\s]+0+)*"  # 0000-00-00, 00/00/0000, 0000, 0
    r"|[-–—‐_*?~\s]+"  # -, --, —, ?, ??
    r"|[x?]+(?:[-/.\s]+[x?]+)*"  # xx/xx/xxxx, ??/??/????
    r"|(?:dd?|mm?|yy(?:yy)?|jj)(?:[-/.](?:dd?|mm?|yy(?:yy)?|jj)){1,2})$"  # a template: dd/mm/yyyy
)


def _span(y: int, m: int | None, d: int | None) -> tuple[date, date, DatePrecision]:
    """Earliest and latest day of a year, month or day; raises ValueError if impossible."""
    if m is None:
        return date(y, 1, 1), date(y, 12, 31), DatePrecision.YEAR
    if d is None:
        last = calendar.monthrange(y, m)[1] if 1 <= m <= 12 else 0
        return date(y, m, 1), date(y, m, last), DatePrecision.MONTH
    day = date(y, m, d)
    return day, day, DatePrecision.DAY


def _impossible(y: int, m: int | None, d: int | None) -> str:
    if m is not None and not 1 <= m <= 12:
        return f"month {m} does not exist"
    if d is not None and m is not None:
        last = calendar.monthrange(y, m)[1]
        return f"day {d} is not in {calendar.month_name[m]} {y} (it has {last} days)"
    return "not a calendar date"


@dataclass(frozen=True, slots=True)
class _Single:
    status: DateStatus
    earliest: date | None = None
    latest: date | None = None
    precision: DatePrecision | None = None
    candidates: tuple[date, ...] = ()
    problem: str | None = None
    warnings: tuple[str, ...] = ()
    hijri_month: tuple[int, int] | None = None  # (year, month) when this is a whole Hijri month


_PLACEHOLDER = _Single(DateStatus.UNKNOWN, problem="a placeholder for an unknown date")


def _too_early(y: int) -> str:
    if y == 0:
        return "year 0000 is a placeholder for an unknown date"
    if 1300 <= y <= 1500:
        return (
            f"year {y} is probably a Hijri year; not read as Gregorian "
            "(mark Hijri dates with هـ or AH to convert them)"
        )
    return f"year {y} is before {_EARLIEST_YEAR}; not read as a Gregorian date"


def _make(y: int, m: int | None, d: int | None, warnings: tuple[str, ...] = ()) -> _Single:
    if y < _EARLIEST_YEAR:
        return _Single(DateStatus.UNKNOWN, problem=_too_early(y))
    try:
        lo, hi, precision = _span(y, m, d)
    except ValueError:
        return _Single(DateStatus.INVALID, problem=_impossible(y, m, d))
    if not 1800 <= y <= 2100:
        warnings = (*warnings, f"year {y} is outside 1800-2100")
    return _Single(DateStatus.OK, lo, hi, precision, warnings=warnings)


def _hijri(y: int, m: int | None, d: int | None, warnings: tuple[str, ...] = ()) -> _Single:
    """A Hijri day is one Gregorian day (DAY); a Hijri month or year straddles two Gregorian
    months or years, so it is a RANGE from its first to its last Gregorian day, never a
    Gregorian MONTH or YEAR that would claim days outside it."""
    try:
        lo, hi = hijri_span(y, m, d)
    except ValueError as e:
        return _Single(DateStatus.INVALID, problem=str(e))
    if m is None:
        note, precision = f"Hijri year {y} AH read as {lo}/{hi}", DatePrecision.RANGE
    elif d is None:
        note, precision = f"Hijri month {y}-{m:02d} AH read as {lo}/{hi}", DatePrecision.RANGE
    else:
        note, precision = f"Hijri date {y}-{m:02d}-{d:02d} AH read as {lo}", DatePrecision.DAY
    warnings = (*warnings, note)
    if y not in AGREED_YEARS:
        warnings = (
            *warnings,
            f"Umm al-Qura tables differ by up to two days outside "
            f"{AGREED_YEARS[0]}-{AGREED_YEARS[-1]} AH; the day may be off",
        )
    month = (y, m) if m is not None and d is None else None
    return _Single(DateStatus.OK, lo, hi, precision, warnings=warnings, hijri_month=month)


_Maker = Callable[[int, int | None, int | None, tuple[str, ...]], _Single]


def _given(
    y: int, m: int | None, d: int | None, warnings: tuple[str, ...] = (), make: _Maker = _make
) -> _Single:
    """Zeros stand for a part not given (2015-03-00 is March 2015, 2015-00-00 is 2015), as
    databases write a partial date into a full one; a zero year leaves nothing to store."""
    if y == 0:
        return (
            _PLACEHOLDER if not m and not d else _Single(DateStatus.UNKNOWN, problem=_too_early(0))
        )
    if m == 0 and not d:
        given = "month and day 00" if d == 0 else "month 00"
        return make(y, None, None, (*warnings, f"{given} read as not given"))
    if d == 0 and m:
        return make(y, m, None, (*warnings, "day 00 read as not given"))
    return make(y, m, d, warnings)


def _year(text: str) -> tuple[int, tuple[str, ...]]:
    if len(text) == 2:
        yy = int(text)
        year = 2000 + yy if yy <= 49 else 1900 + yy
        return year, (f"two-digit year {text} read as {year}",)
    return int(text), ()


def _numeric(
    a: int,
    b: int,
    y: int,
    order: DateOrder | None,
    warnings: tuple[str, ...],
    make: _Maker = _make,
) -> _Single:
    """DD/MM/YYYY or MM/DD/YYYY: the declared order, or the only possible one, or ambiguous."""
    if order == "mdy":
        return _given(y, a, b, warnings, make)
    if order == "dmy":
        return _given(y, b, a, warnings, make)
    if 0 in (a, b):  # 00/03/2015 or 03/00/2015: the zero is the day not given, either way
        return _given(y, a or b, 0, warnings, make)
    if a > 12 and b <= 12:  # only one reading is a date: no need to ask
        return make(y, b, a, warnings)
    if b > 12 and a <= 12:
        return make(y, a, b, warnings)
    if a == b:
        return make(y, a, b, warnings)
    readings = [r for r in (make(y, b, a, ()), make(y, a, b, ())) if r.status is DateStatus.OK]
    if len(readings) == 2:
        return _Single(
            DateStatus.AMBIGUOUS,
            candidates=tuple(r.earliest for r in readings if r.earliest is not None),
            problem=f"{a:02d}/{b:02d}/{y} can be day/month or month/day; declare the order",
            warnings=warnings,
        )
    return make(y, b, a, warnings)


def _with_month_name(text: str) -> _Single | None:
    """21 August 2013, Aug 21 2013, August 2013, 21 آب 2013, آب 2013, 21-Aug-2013."""
    m = _MONTH_WORD.search(text)
    if m is None:
        return None
    month = _MONTHS[m.group().lower()]
    rest = (text[: m.start()] + " " + text[m.end() :]).replace("-", " ").replace("/", " ")
    numbers = re.findall(r"\d+", rest)
    leftovers = re.sub(r"\d+", " ", rest).strip(" .")
    if leftovers:
        return _Single(DateStatus.UNRECOGNISED, problem="words around the month not understood")
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) != 1 or len(days) > 1 or len(numbers) != len(years) + len(days):
        return _Single(DateStatus.UNRECOGNISED, problem="expected a year and at most one day")
    day = int(days[0]) if days else None
    return _make(int(years[0]), month, day)


def _unmark_hijri(text: str) -> str | None:
    """``text`` without its Hijri marker (هـ, AH, هجري), or ``None`` if it has none."""
    if (m := _HIJRI_END.search(text)) is not None:
        return text[: m.start()].strip(" .")
    if (m := _HIJRI_START.match(text)) is not None:
        return text[m.end() :].strip(" .")
    return None


def _hijri_named(text: str, found: tuple[int, int, int], marked: bool) -> _Single:
    """20 صفر 1438, Safar 1438, ربيع الأول 1437 هـ: a Hijri month name, a year, maybe a day."""
    month, start, end = found
    rest = (text[:start] + " " + text[end:]).replace("-", " ").replace("/", " ")
    if _MONTH_WORD.search(rest):
        return _Single(DateStatus.UNRECOGNISED, problem="both a Hijri and a Gregorian month name")
    numbers = re.findall(r"\d+", rest)
    if re.sub(r"\d+", " ", rest).strip(" ."):
        return _Single(DateStatus.UNRECOGNISED, problem="words around the month not understood")
    years = [n for n in numbers if len(n) in (3, 4)]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) != 1 or len(days) > 1 or len(numbers) != len(years) + len(days):
        return _Single(DateStatus.UNRECOGNISED, problem="expected a year and at most one day")
    year = int(years[0])
    if not marked and year >= _EARLIEST_YEAR:
        return _Single(
            DateStatus.UNRECOGNISED,
            problem=f"a Hijri month with the Gregorian year {year}: "
            "give the Hijri year or the Gregorian date",
        )
    return _given(year, month, int(days[0]) if days else None, (), _hijri)


def _hijri_numeric(text: str, order: DateOrder | None) -> _Single:
    """1438-02-20, 20/02/1438, 1438-02, 02/1438 or 1438, already known to be Hijri."""
    if _MONTH_WORD.search(text):
        return _Single(DateStatus.UNRECOGNISED, problem="a Gregorian month name marked as Hijri")
    if (m := _ISO_DAY.match(text)) is not None:
        return _given(int(m[1]), int(m[2]), int(m[3]), (), _hijri)
    if (m := _ISO_MONTH.match(text)) is not None:
        return _given(int(m[1]), int(m[2]), None, (), _hijri)
    if (m := _YEAR.match(text)) is not None:
        return _given(int(m[1]), None, None, (), _hijri)
    if (m := _NUMERIC_DAY.match(text)) is not None:
        if len(m[3]) != 4:
            return _Single(DateStatus.UNRECOGNISED, problem="a Hijri year needs four digits")
        return _numeric(int(m[1]), int(m[2]), int(m[3]), order, (), _hijri)
    if (m := _MONTH_YEAR.match(text)) is not None:
        return _given(int(m[2]), int(m[1]), None, (), _hijri)
    if not text:
        return _Single(DateStatus.UNRECOGNISED, problem="a Hijri marker without a date")
    return _Single(DateStatus.UNRECOGNISED, problem="a Hijri date in a form tawthiq does not read")


def _single(text: str, order: DateOrder | None, excel_serial: bool, hijri: bool = False) -> _Single:
    if not text:
        return _Single(DateStatus.EMPTY)
    if not hijri and (unmarked := _unmark_hijri(text)) is not None:
        text, hijri = unmarked, True
    if hijri or _LETTER.search(text):  # only text with letters can name a Hijri month
        folded = fold_transliteration(text)
        found = find_hijri_month(folded)
        if found is not None:
            return _hijri_named(folded, found, hijri)
        if hijri:
            return _hijri_numeric(text, order)
    if (m := _ISO_DAY.match(text)) is not None:  # year first is always year-month-day
        return _given(int(m[1]), int(m[2]), int(m[3]))
    if (m := _ISO_MONTH.match(text)) is not None:
        return _given(int(m[1]), int(m[2]), None)
    if (m := _YEAR.match(text)) is not None:
        return _make(int(m[1]), None, None)
    if (m := _NUMERIC_DAY.match(text)) is not None:
        y, warnings = _year(m[3])
        return _numeric(int(m[1]), int(m[2]), y, order, warnings)
    if (m := _MONTH_YEAR.match(text)) is not None:
        return _given(int(m[2]), int(m[1]), None)
    if excel_serial and (m := _SERIAL.match(text)) is not None:
        day = _EXCEL_EPOCH + timedelta(days=int(m[1]))
        return _make(day.year, day.month, day.day, (f"Excel serial {m[1]} read as {day}",))
    named = _with_month_name(text)
    if named is not None:
        return named
    return _Single(DateStatus.UNRECOGNISED, problem="not a date format tawthiq reads")


def _prepare(text: str) -> str:
    out = normalize_arabic(unicodedata.normalize("NFKC", text)).lower()
    out = _TIME_PART.sub("", out)
    out = _ORDINAL.sub(r"\1", _CLEAN.sub(" ", out))
    return _SPACES.sub(" ", out).strip(" .")


def _result(original: str, s: _Single) -> ParsedDate:
    return ParsedDate(
        original, s.status, s.earliest, s.latest, s.precision, s.candidates, s.problem, s.warnings
    )


def _range(original: str, left: _Single, right: _Single) -> ParsedDate:
    for side, name in ((left, "start"), (right, "end")):
        if side.status is not DateStatus.OK:
            return ParsedDate(
                original,
                side.status if side.status is not DateStatus.EMPTY else DateStatus.INVALID,
                candidates=side.candidates,
                problem=f"range {name}: {side.problem or 'missing'}",
                warnings=side.warnings,
            )
    assert left.earliest is not None and right.latest is not None
    if right.latest < left.earliest:
        return ParsedDate(original, DateStatus.INVALID, problem="the range ends before it starts")
    return ParsedDate(
        original,
        DateStatus.OK,
        left.earliest,
        right.latest,
        DatePrecision.RANGE,
        warnings=left.warnings + right.warnings,
    )


def _day_range_in_month(
    text: str, order: DateOrder | None, excel: bool, hijri: bool = False
) -> ParsedDate | None:
    """1-10 May 2013, بين 1 و 10 أيار 2013, 1-10 محرم 1438: two days sharing a month and year."""
    m = re.match(
        r"^(?:between |from |بين |من )?(\d{1,2})\s*(?:-|–|and|to|و|الى|حتى)\s*(\d{1,2})\s+(.+)$",
        text,
    )
    if m is None:
        return None
    tail = _single(m[3], order, excel, hijri)
    if tail.status is DateStatus.UNKNOWN:  # 1-10 May 1438: the year, not the days, is the issue
        return ParsedDate(text, tail.status, problem=tail.problem)
    if tail.status is not DateStatus.OK:
        return None
    if tail.hijri_month is not None:
        y, mo = tail.hijri_month
        return _range(text, _hijri(y, mo, int(m[1])), _hijri(y, mo, int(m[2])))
    if tail.precision is not DatePrecision.MONTH:
        return None
    assert tail.earliest is not None
    y, mo = tail.earliest.year, tail.earliest.month
    return _range(text, _make(y, mo, int(m[1])), _make(y, mo, int(m[2])))


@lru_cache(maxsize=65536)
def _parse_text(original: str, order: DateOrder | None, excel_serial: bool) -> ParsedDate:
    if (m := _ISO_DAY_EXACT.match(original)) is not None:  # the common case, without clean-up
        return _result(original, _given(int(m[1]), int(m[2]), int(m[3])))
    text = _prepare(original)
    if not text:
        if original.strip():
            return ParsedDate(original, DateStatus.UNRECOGNISED, problem="no date in the text")
        return ParsedDate(original, DateStatus.EMPTY)
    if text in _PLACEHOLDER_WORDS or _PLACEHOLDER_SHAPE.match(text):
        return _result(original, _PLACEHOLDER)
    unmarked = _unmark_hijri(text)
    hijri = unmarked is not None
    if unmarked is not None:
        text = unmarked
    single = _single(text, order, excel_serial, hijri)
    if single.status is not DateStatus.UNRECOGNISED:
        return _result(original, single)
    days = _day_range_in_month(text, order, excel_serial, hijri)
    if days is not None:
        return ParsedDate(
            original, days.status, days.earliest, days.latest, days.precision,
            days.candidates, days.problem, days.warnings,
        )  # fmt: skip
    for pattern in _RANGE_SEPARATORS:
        m = pattern.match(text)
        if m is None:
            continue
        left = _single(m[1].strip(), order, excel_serial, hijri)
        right = _single(m[2].strip(), order, excel_serial, hijri)
        if DateStatus.UNRECOGNISED in (left.status, right.status):
            continue
        return _range(original, left, right)
    return _result(original, single)


def parse_date(
    value: str | int | float | date | datetime | None,
    order: DateOrder | None = None,
    *,
    excel_serial: bool = True,
) -> ParsedDate:
    """Parse one date value into its span and precision; never raises.

    ``value`` is the cell as a reader got it: text in any of the forms in the module
    docstring (Arabic-Indic digits and Arabic month names included), a ``date``/``datetime``
    (XLSX readers), or a number (an Excel serial day when ``excel_serial``, else a year).
    ``order`` is the source's declared numeric order: ``"dmy"``, ``"mdy"``, ``"ymd"`` or
    ``None`` (undeclared: a day/month that could be either is reported as ambiguous).
    A placeholder for an unknown date, or a year below 1700, is ``unknown`` rather than
    invalid: the record it belongs to is real and is kept without a date.
    """
    if order not in (None, "dmy", "mdy", "ymd"):
        return ParsedDate(str(value), DateStatus.INVALID, problem=f"unknown date order {order!r}")
    if value is None:
        return ParsedDate("", DateStatus.EMPTY)
    if isinstance(value, datetime):
        return _result(str(value), _make(value.year, value.month, value.day))
    if isinstance(value, date):
        return _result(str(value), _make(value.year, value.month, value.day))
    if isinstance(value, bool):
        return ParsedDate(str(value), DateStatus.UNRECOGNISED, problem="not a date")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            return ParsedDate(str(value), DateStatus.UNRECOGNISED, problem="not a date")
        if value == 0:  # a spreadsheet's zero in a date column: the 0000-00-00 of XLSX files
            return _result(str(value), _PLACEHOLDER)
        if float(value).is_integer() and 1000 <= value <= 2999:
            return _result(str(value), _make(int(value), None, None))
        if excel_serial and 1 <= value < 2958466:
            day = _EXCEL_EPOCH + timedelta(days=int(value))
            note = (f"Excel serial {value} read as {day}",)
            return _result(str(value), _make(day.year, day.month, day.day, note))
        return ParsedDate(str(value), DateStatus.UNRECOGNISED, problem="number is not a date")
    return _parse_text(str(value), order, excel_serial)
