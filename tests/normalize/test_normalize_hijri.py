"""Hijri dates: marked or named, converted to the Gregorian days they name (Umm al-Qura).

Every expected Gregorian day below was checked against two independent Umm al-Qura tables:
hijridate's and ICU's (``Intl.DateTimeFormat('en-u-ca-islamic-umalqura')`` in Node), which agree
day for day for Hijri 1420-1450. 1 Muharram 1438 = 2 October 2016 and 1 Ramadan 1437 = 6 June
2016 are also the dates Saudi Arabia's published Umm al-Qura calendar gives.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from tawthiq.model.vocab import DatePrecision
from tawthiq.normalize import DateStatus, parse_date
from tawthiq.normalize._text import normalize_arabic
from tawthiq.normalize.hijri import (
    AGREED_YEARS,
    MAX_YEAR,
    MIN_YEAR,
    find_hijri_month,
    fold_transliteration,
    hijri_span,
)

DAY, RANGE = DatePrecision.DAY, DatePrecision.RANGE


@pytest.mark.parametrize(
    ("hijri", "gregorian"),
    [
        ((1438, 1, 1), date(2016, 10, 2)),  # 1 Muharram 1438
        ((1437, 9, 1), date(2016, 6, 6)),  # 1 Ramadan 1437
        ((1438, 2, 20), date(2016, 11, 20)),
        ((1432, 4, 10), date(2011, 3, 15)),
        ((1434, 10, 14), date(2013, 8, 21)),
        ((1434, 2, 18), date(2012, 12, 31)),
        ((1438, 7, 7), date(2017, 4, 4)),
        ((1445, 8, 19), date(2024, 2, 29)),
        ((1420, 1, 1), date(1999, 4, 17)),
        ((1450, 12, 1), date(2029, 4, 15)),
    ],
)
def test_hijri_day_is_the_umm_al_qura_gregorian_day(
    hijri: tuple[int, int, int], gregorian: date
) -> None:
    assert hijri_span(*hijri) == (gregorian, gregorian)
    y, m, d = hijri
    result = parse_date(f"{y}-{m:02d}-{d:02d} هـ")
    assert result.status is DateStatus.OK, result.problem
    assert (result.earliest, result.latest, result.precision) == (gregorian, gregorian, DAY)


@pytest.mark.parametrize(
    ("year", "month", "first", "last"),
    [
        (1438, None, date(2016, 10, 2), date(2017, 9, 20)),
        (1434, None, date(2012, 11, 15), date(2013, 11, 3)),
        (1438, 2, date(2016, 11, 1), date(2016, 11, 29)),
        (1437, 3, date(2015, 12, 12), date(2016, 1, 10)),
        (1437, 6, date(2016, 3, 10), date(2016, 4, 7)),
        (1437, 12, date(2016, 9, 2), date(2016, 10, 1)),
    ],
)
def test_hijri_month_and_year_span_their_first_and_last_gregorian_day(
    year: int, month: int | None, first: date, last: date
) -> None:
    assert hijri_span(year, month) == (first, last)


@pytest.mark.parametrize(
    ("year", "month", "day", "reason"),
    [
        (1342, 12, 1, "outside 1343-1500 AH"),
        (1501, 1, 1, "outside 1343-1500 AH"),
        (2016, 11, 20, "outside 1343-1500 AH"),
        (1438, 13, 1, "Hijri month 13 does not exist"),
        (1438, 2, 30, "day 30 is not in Hijri month 1438-02 (it has 29 days)"),
    ],
)
def test_impossible_hijri_dates_raise_with_a_reason(
    year: int, month: int, day: int, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        hijri_span(year, month, day)


def test_range_constants() -> None:
    assert (MIN_YEAR, MAX_YEAR) == (1343, 1500)
    assert 1432 in AGREED_YEARS and 1447 in AGREED_YEARS and 1419 not in AGREED_YEARS


def _month(name: str) -> int | None:
    text = fold_transliteration(normalize_arabic(unicodedata.normalize("NFKC", name)).lower())
    found = find_hijri_month(f"20 {text} 1438")
    if found is None or found[2] - found[1] != len(text):
        return None
    return found[0]


@pytest.mark.parametrize(
    ("month", "names"),
    [
        (1, ["Muharram", "Moharram", "al-Muharram", "Muḥarram", "محرم", "المحرم", "مُحَرَّم"]),
        (2, ["Safar", "Ṣafar", "صفر", "صفر الخير"]),
        (3, ["Rabi al-Awwal", "Rabi' al-Awwal", "Rabiʿ al-Awwal", "Rabiul Awwal", "rabi-ul-awal",
             "Rabi I", "Rabee al-Awwal", "ربيع الأول", "ربيع الاول", "ربيع أول"]),
        (4, ["Rabi al-Thani", "Rabi ath-Thani", "Rabi' al-Akhir", "Rabi ul Akhir", "Rabi II",
             "Rabīʿ ath-Thānī", "ربيع الآخر", "ربيع الثاني", "ربيع ثاني"]),
        (5, ["Jumada al-Ula", "Jumada al-Awwal", "Jumadal Ula", "Jumada I", "Jumādā al-ʾŪlā",
             "Jamadi ul Awal", "جمادى الأولى", "جمادى الأول", "جمادي الاولى"]),
        (6, ["Jumada al-Akhirah", "Jumada al-Thani", "Jumada II", "Jamadi us Sani",
             "Jumādā al-ʾĀkhirah", "جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادي الثاني"]),
        (7, ["Rajab", "Rajab", "رجب"]),
        (8, ["Sha'ban", "Shaaban", "Shaʿbān", "شعبان"]),
        (9, ["Ramadan", "Ramadhan", "Ramazan", "Ramaḍān", "رمضان"]),
        (10, ["Shawwal", "Shawal", "Shawwāl", "شوال", "شوّال"]),
        (11, ["Dhu al-Qadah", "Dhu al-Qa'dah", "Dhul Qadah", "Dhu'l-Qi'dah", "Zul Qadah",
              "ذو القعدة", "ذي القعدة", "ذوالقعدة"]),
        (12, ["Dhu al-Hijjah", "Dhul Hijjah", "Dhu'l-Hijja", "Zul Hijjah", "Dhū al-Ḥijjah",
              "ذو الحجة", "ذي الحجة", "ذو الحجّة"]),
    ],
)  # fmt: skip
def test_hijri_month_names_in_their_usual_spellings(month: int, names: list[str]) -> None:
    for name in names:
        assert _month(name) == month, name


@pytest.mark.parametrize(
    "text", ["May", "March", "Aug", "تشرين الأول", "كانون الأول", "آب", "Ramadi", "rabi", "jumadi"]
)
def test_other_words_are_not_hijri_months(text: str) -> None:
    assert find_hijri_month(normalize_arabic(text).lower()) is None


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "note"),
    [
        ("1438-02-20 هـ", date(2016, 11, 20), date(2016, 11, 20), DAY,
         "Hijri date 1438-02-20 AH read as 2016-11-20"),
        ("1438/2/20هـ", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("20/02/1438 هـ", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("20-2-1438 هجري", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("1438-02-20 AH", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("1438-02-20 A.H.", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("AH 1438-02-20", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("١٤٣٨/٢/٢٠ هـ", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("1438 هـ", date(2016, 10, 2), date(2017, 9, 20), RANGE,
         "Hijri year 1438 AH read as 2016-10-02/2017-09-20"),
        ("1438-02 هـ", date(2016, 11, 1), date(2016, 11, 29), RANGE, None),
        ("صفر 1438 هـ", date(2016, 11, 1), date(2016, 11, 29), RANGE,
         "Hijri month 1438-02 AH read as 2016-11-01/2016-11-29"),
        ("20 صفر 1438", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("٢٠ صفر ١٤٣٨ هـ", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("20 Safar 1438", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("Safar 20, 1438 AH", date(2016, 11, 20), date(2016, 11, 20), DAY, None),
        ("1 Muharram 1438", date(2016, 10, 2), date(2016, 10, 2), DAY, None),
        ("1 رمضان 1437", date(2016, 6, 6), date(2016, 6, 6), DAY, None),
        ("Rabi al-Awwal 1437", date(2015, 12, 12), date(2016, 1, 10), RANGE, None),
        ("ربيع الأول 1437", date(2015, 12, 12), date(2016, 1, 10), RANGE, None),
        ("جمادى الآخرة 1437", date(2016, 3, 10), date(2016, 4, 7), RANGE, None),
        ("Jumada al-Akhirah 1437", date(2016, 3, 10), date(2016, 4, 7), RANGE, None),
        ("Dhu al-Hijjah 1437", date(2016, 9, 2), date(2016, 10, 1), RANGE, None),
        ("ذو الحجة 1437 هـ", date(2016, 9, 2), date(2016, 10, 1), RANGE, None),
        ("14 شوال 1434", date(2013, 8, 21), date(2013, 8, 21), DAY, None),
        ("1-10 محرم 1438", date(2016, 10, 2), date(2016, 10, 11), RANGE, None),
        ("1438-01-01 / 1438-01-10 هـ", date(2016, 10, 2), date(2016, 10, 11), RANGE, None),
        ("00 صفر 1438", date(2016, 11, 1), date(2016, 11, 29), RANGE, "day 00 read as not given"),
    ],
)  # fmt: skip
def test_hijri_dates_are_converted_with_their_precision(
    text: str, earliest: date, latest: date, precision: DatePrecision, note: str | None
) -> None:
    result = parse_date(text)
    assert result.status is DateStatus.OK, result.problem
    assert (result.earliest, result.latest, result.precision) == (earliest, latest, precision)
    assert any(w.startswith("Hijri ") for w in result.warnings)
    if note is not None:
        assert note in result.warnings


def test_hijri_day_and_month_follow_the_declared_order() -> None:
    assert parse_date("20/02/1438 هـ", "dmy").earliest == date(2016, 11, 20)
    assert parse_date("02/20/1438 هـ", "mdy").earliest == date(2016, 11, 20)
    ambiguous = parse_date("05/03/1438 هـ")
    assert ambiguous.status is DateStatus.AMBIGUOUS
    assert set(ambiguous.candidates) == set([hijri_span(1438, 3, 5)[0], hijri_span(1438, 5, 3)[0]])


def test_years_outside_the_agreed_tables_warn_that_the_day_may_be_off() -> None:
    old = parse_date("1400-09-01 هـ")
    assert old.ok and old.earliest == hijri_span(1400, 9, 1)[0]
    assert any("may be off" in w for w in old.warnings)
    assert not any("may be off" in w for w in parse_date("1438-02-20 هـ").warnings)


@pytest.mark.parametrize(
    ("text", "status", "reason"),
    [
        ("1300 هـ", DateStatus.INVALID, "outside 1343-1500 AH"),
        ("1501-01-01 هـ", DateStatus.INVALID, "outside 1343-1500 AH"),
        ("2016-11-20 هـ", DateStatus.INVALID, "Hijri year 2016 is outside"),
        ("20 صفر 1300", DateStatus.INVALID, "outside 1343-1500 AH"),
        ("1438-02-30 هـ", DateStatus.INVALID, "day 30 is not in Hijri month 1438-02"),
        ("1438-13-01 هـ", DateStatus.INVALID, "Hijri month 13 does not exist"),
        ("رمضان 2013", DateStatus.UNRECOGNISED, "Gregorian year 2013"),
        ("20 آب 1438 هـ", DateStatus.UNRECOGNISED, "Gregorian month name marked as Hijri"),
        ("20/02/38 هـ", DateStatus.UNRECOGNISED, "four digits"),
        ("20 صفر", DateStatus.UNRECOGNISED, "expected a year"),
        ("هـ", DateStatus.UNRECOGNISED, ""),
    ],
)
def test_unconvertible_hijri_dates_say_why(text: str, status: DateStatus, reason: str) -> None:
    result = parse_date(text)
    assert result.status is status
    assert result.problem is not None and reason in result.problem
