"""Hijri (Umm al-Qura) dates: month names as Syrian and foreign lists spell them, and their span.

Some documenters, and some official papers copied into lists, date a death in the Hijri
calendar: ``20/02/1438 هـ``, ``20 صفر 1438``, ``Rabi al-Awwal 1437``. Those must become the
Gregorian days they name, never a Gregorian year 1438. Conversion uses the Umm al-Qura tables
of :mod:`hijridate` (Hijri 1343-1500, 1924-2077), the calendar Saudi Arabia publishes and the
one converters and spreadsheets in the region use. Local moon-sighting can start a month a day
earlier or later than the table; a list rarely says which it followed, so the table's day is
the reading and the caller notes that it was converted.

Published Umm al-Qura tables agree with each other day for day for Hijri 1420-1450
(1999-2029), the years of the conflict; outside them they differ by up to two days (the
calendar's rule changed several times before 1420 AH, and later years are projections).
:func:`hijri_span` reports whether a year is in the agreed stretch.

Month names are matched on text already passed through
:func:`~tawthiq.normalize._text.normalize_arabic` and lower-cased (so أ/إ/آ are ا, ة is ه,
ى is ي), with the marks of Latin transliterations removed (:func:`fold_transliteration`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from hijridate import Hijri

__all__ = [
    "AGREED_YEARS",
    "MAX_YEAR",
    "MIN_YEAR",
    "find_hijri_month",
    "fold_transliteration",
    "hijri_span",
]

MIN_YEAR = 1343
MAX_YEAR = 1500
AGREED_YEARS = range(1420, 1451)
"""Hijri years for which independent Umm al-Qura tables give the same Gregorian day."""

# --- month names ------------------------------------------------------------------------------

_S = r"[\s\-_]*"  # separators inside a Latin name: "rabi al-awwal", "rabiul awwal", "rabi-ul-awwal"
_SEP = r"[\s\-_]+"  # before a roman numeral: "rabi i", "jumada-ii"
_ART = rf"(?:(?:[aeiu](?:l|th|t|s|z|d|r|n)|l){_S})?"  # al-, el-, ul-, ath-, as-, l- (dhu'l-)
_RABI = r"rab(?:i|ee|ii|ia|iu|ie|ea|y)"
_JUMADA = r"j[ua]m[aeu]d(?:aa|ah|a|i|ee|e)?"
_DHU = r"(?:dh|th|z|d)(?:u|o|ou|i|hu)"

_LATIN: dict[int, str] = {
    1: rf"(?:al{_S})?m[ou]h[ae]rr?[ae]m",
    2: r"s[ae](?:f|ph)[ae]r",
    3: rf"{_RABI}{_S}{_ART}(?:aww?al|awel|ouwal|owwal|oula|ula)|{_RABI}{_SEP}i",
    4: rf"{_RABI}{_S}{_ART}(?:th|s)aa?ni|{_RABI}{_S}{_ART}aa?kh[ei]?r|{_RABI}{_SEP}ii",
    5: rf"{_JUMADA}{_S}{_ART}aww?al|{_JUMADA}{_S}{_ART}(?:u|o|ou|oo|uu)w?l(?:aa|a|ah|ee)?"
    rf"|{_JUMADA}{_SEP}i",
    6: rf"{_JUMADA}{_S}{_ART}aa?kh[ei]?r(?:ah|a|at|eh|e)?"
    rf"|{_JUMADA}{_S}{_ART}(?:th|s)aa?ni(?:yah|yya|ya|ah|a)?|{_JUMADA}{_SEP}ii",
    7: r"r[ae]j[ae]b",
    8: r"(?:sh|ch)a+b[ae]ne?",
    9: r"rama?(?:dh|d|z|th|zh)a+ne?",
    10: r"(?:sh|ch)[ae](?:ww?|ou)a+le?",
    11: rf"{_DHU}{_S}{_ART}q[aei]a?d(?:ah|a|eh|e)?",
    12: rf"{_DHU}{_S}{_ART}h[ie]jj?(?:ah|a|eh|e)?",
}
# After normalize_arabic: أ/إ/آ→ا, ة→ه, ى→ي. A space may be missing between the two words.
_ARABIC: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم", "محرم الحرام"),
    2: ("صفر", "صفر الخير"),
    3: ("ربيع الاول", "ربيع اول", "ربيع الاولي"),
    4: ("ربيع الثاني", "ربيع ثاني", "ربيع الاخر", "ربيع اخر", "ربيع الاخير"),
    5: ("جمادي الاولي", "جمادي الاول", "جمادي اولي", "جمادي اول", "جماد الاول", "جماد اول"),
    6: (
        "جمادي الاخره",
        "جمادي الاخر",
        "جمادي اخره",
        "جمادي الثانيه",
        "جمادي الثاني",
        "جمادي ثاني",
        "جمادي الاخيره",
        "جماد الاخر",
        "جماد الثاني",
        "جماد ثاني",
    ),
    7: ("رجب", "رجب الفرد"),
    8: ("شعبان",),
    9: ("رمضان", "شهر رمضان"),
    10: ("شوال",),
    11: ("ذو القعده", "ذي القعده", "ذا القعده"),
    12: ("ذو الحجه", "ذي الحجه", "ذا الحجه"),
}


def _arabic(names: tuple[str, ...]) -> str:
    spelled = sorted(names, key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(word) for word in name.split()) for name in spelled)


_MONTH = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(
        f"(?P<m{number}>{_arabic(_ARABIC[number])}|{_LATIN[number]})" for number in range(1, 13)
    )
    + r")(?![^\W\d_])",
    re.IGNORECASE,
)
_APOSTROPHES = str.maketrans("", "", "'’‘`´ʿʾʼʻ")
_LATIN_MARK = re.compile(r"(?<=[a-z])[\u0300-\u036f]+", re.IGNORECASE)


def find_hijri_month(text: str) -> tuple[int, int, int] | None:
    """The first Hijri month name in ``text``: (month number, start, end), else ``None``.

    ``text`` must already be normalised and lower-cased as the module docstring says; start
    and end index ``text`` as given, so fold it first (:func:`fold_transliteration`).
    """
    m = _MONTH.search(text)
    if m is None or m.lastgroup is None:
        return None
    return int(m.lastgroup[1:]), m.start(), m.end()


def fold_transliteration(text: str) -> str:
    """``text`` without the apostrophes, ʿayn/hamza signs and macrons/underdots that scholarly
    and careless transliterations add (Sha'ban, Shaʿbān, Ramaḍān), so one pattern reads all.

    Only marks on Latin letters go; Arabic text passes unchanged.
    """
    out = text.translate(_APOSTROPHES)
    if out.isascii():
        return out
    return unicodedata.normalize("NFC", _LATIN_MARK.sub("", unicodedata.normalize("NFD", out)))


def hijri_span(year: int, month: int | None = None, day: int | None = None) -> tuple[date, date]:
    """First and last Gregorian day of a Hijri year, month or day (Umm al-Qura).

    A Hijri month or year never lines up with Gregorian ones, so even a whole month is a
    span of days, not a Gregorian month. Raises ``ValueError`` with a reason a reader can act
    on when the year is outside the tables or the month or day does not exist.
    """
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            f"Hijri year {year} is outside {MIN_YEAR}-{MAX_YEAR} AH, "
            "the years the Umm al-Qura tables cover"
        )
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"Hijri month {month} does not exist")
    if month is None:
        last_month = Hijri(year, 12, 1)
        first = Hijri(year, 1, 1)
        last = Hijri(year, 12, last_month.month_length())
    else:
        length = Hijri(year, month, 1).month_length()
        if day is not None and not 1 <= day <= length:
            raise ValueError(
                f"day {day} is not in Hijri month {year}-{month:02d} (it has {length} days)"
            )
        first = Hijri(year, month, day or 1)
        last = first if day is not None else Hijri(year, month, length)
    return _gregorian(first), _gregorian(last)


def _gregorian(day: Hijri) -> date:
    g = day.to_gregorian()
    return date(g.year, g.month, g.day)
