"""Dates as documenters write them, with the precision they actually gave; never invented.

A date of death may be a day (2013-08-21, 21/08/2013, ٢١/٨/٢٠١٣, 21 آب 2013, Aug 21, 2013, an
Excel serial like 41507), a month (2013-08, آب 2013, August 2013), a year (2013) or a range
(2013-05-01/2013-05-10, between 1 and 10 May 2013, بين ... و ...). :func:`parse_date` returns
the earliest and latest day the text allows and a :class:`~tawthiq.model.vocab.DatePrecision`.

Day-first and month-first orders cannot be told apart when both numbers are ≤ 12: 03/04/2016 is
3 April or 4 March. The caller passes the order the source declares (``"dmy"``, ``"mdy"``,
``"ymd"``); without one, such a date is *ambiguous* and both readings are returned as
candidates, never one of them. An impossible date (2016-02-30) is *invalid*, with the reason.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from tawthiq.model.vocab import DatePrecision
from tawthiq.normalize._text import normalize_arabic

__all__ = ["DateOrder", "DateStatus", "ParsedDate", "parse_date"]

DateOrder = Literal["dmy", "mdy", "ymd"]


class DateStatus(StrEnum):
    OK = "ok"
    EMPTY = "empty"
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
_HIJRI = re.compile(r"(?:\s|\d)(?:ه|هجري|هجريه|ah|a\.h\.)$")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)\b")
_SPACES = re.compile(r"\s+")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, after Lotus's 1900 leap-year bug


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


def _make(y: int, m: int | None, d: int | None, warnings: tuple[str, ...] = ()) -> _Single:
    try:
        lo, hi, precision = _span(y, m, d)
    except ValueError:
        return _Single(DateStatus.INVALID, problem=_impossible(y, m, d))
    if not 1800 <= y <= 2100:
        warnings = (*warnings, f"year {y} is outside 1800-2100")
    return _Single(DateStatus.OK, lo, hi, precision, warnings=warnings)


def _year(text: str) -> tuple[int, tuple[str, ...]]:
    if len(text) == 2:
        yy = int(text)
        year = 2000 + yy if yy <= 49 else 1900 + yy
        return year, (f"two-digit year {text} read as {year}",)
    return int(text), ()


def _numeric(a: int, b: int, y: int, order: DateOrder | None, warnings: tuple[str, ...]) -> _Single:
    """DD/MM/YYYY or MM/DD/YYYY: the declared order, or the only possible one, or ambiguous."""
    if order == "mdy":
        return _make(y, a, b, warnings)
    if order == "dmy":
        return _make(y, b, a, warnings)
    if a > 12 and b <= 12:  # only one reading is a date: no need to ask
        return _make(y, b, a, warnings)
    if b > 12 and a <= 12:
        return _make(y, a, b, warnings)
    if a == b:
        return _make(y, a, b, warnings)
    readings = [r for r in (_make(y, b, a), _make(y, a, b)) if r.status is DateStatus.OK]
    if len(readings) == 2:
        return _Single(
            DateStatus.AMBIGUOUS,
            candidates=tuple(r.earliest for r in readings if r.earliest is not None),
            problem=f"{a:02d}/{b:02d}/{y} can be day/month or month/day; declare the order",
            warnings=warnings,
        )
    return _make(y, b, a, warnings)


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


def _single(text: str, order: DateOrder | None, excel_serial: bool) -> _Single:
    if not text:
        return _Single(DateStatus.EMPTY)
    if (m := _ISO_DAY.match(text)) is not None:  # year first is always year-month-day
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if (m := _ISO_MONTH.match(text)) is not None:
        return _make(int(m[1]), int(m[2]), None)
    if (m := _YEAR.match(text)) is not None:
        return _make(int(m[1]), None, None)
    if (m := _NUMERIC_DAY.match(text)) is not None:
        y, warnings = _year(m[3])
        return _numeric(int(m[1]), int(m[2]), y, order, warnings)
    if (m := _MONTH_YEAR.match(text)) is not None:
        return _make(int(m[2]), int(m[1]), None)
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


def _day_range_in_month(text: str, order: DateOrder | None, excel: bool) -> ParsedDate | None:
    """1-10 May 2013, بين 1 و 10 أيار 2013: two days sharing one month and year."""
    m = re.match(
        r"^(?:between |from |بين |من )?(\d{1,2})\s*(?:-|–|and|to|و|الى|حتى)\s*(\d{1,2})\s+(.+)$",
        text,
    )
    if m is None:
        return None
    tail = _single(m[3], order, excel)
    if tail.status is not DateStatus.OK or tail.precision is not DatePrecision.MONTH:
        return None
    assert tail.earliest is not None
    y, mo = tail.earliest.year, tail.earliest.month
    return _range(text, _make(y, mo, int(m[1])), _make(y, mo, int(m[2])))


@lru_cache(maxsize=65536)
def _parse_text(original: str, order: DateOrder | None, excel_serial: bool) -> ParsedDate:
    if (m := _ISO_DAY_EXACT.match(original)) is not None:  # the common case, without clean-up
        return _result(original, _make(int(m[1]), int(m[2]), int(m[3])))
    text = _prepare(original)
    if not text:
        if original.strip():
            return ParsedDate(original, DateStatus.UNRECOGNISED, problem="no date in the text")
        return ParsedDate(original, DateStatus.EMPTY)
    if _HIJRI.search(text):
        return ParsedDate(
            original, DateStatus.UNRECOGNISED, problem="a Hijri date: convert it at the source"
        )
    single = _single(text, order, excel_serial)
    if single.status is not DateStatus.UNRECOGNISED:
        return _result(original, single)
    days = _day_range_in_month(text, order, excel_serial)
    if days is not None:
        return ParsedDate(
            original, days.status, days.earliest, days.latest, days.precision,
            days.candidates, days.problem, days.warnings,
        )  # fmt: skip
    for pattern in _RANGE_SEPARATORS:
        m = pattern.match(text)
        if m is None:
            continue
        left = _single(m[1].strip(), order, excel_serial)
        right = _single(m[2].strip(), order, excel_serial)
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
        if float(value).is_integer() and 1000 <= value <= 2999:
            return _result(str(value), _make(int(value), None, None))
        if excel_serial and 1 <= value < 2958466:
            day = _EXCEL_EPOCH + timedelta(days=int(value))
            note = (f"Excel serial {value} read as {day}",)
            return _result(str(value), _make(day.year, day.month, day.day, note))
        return ParsedDate(str(value), DateStatus.UNRECOGNISED, problem="number is not a date")
    return _parse_text(str(value), order, excel_serial)
