"""Dates: every shape lists use, precision kept, ambiguity and impossibility reported."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tawthiq.model.vocab import DatePrecision
from tawthiq.normalize import DateStatus, parse_date

DAY, MONTH, YEAR, RANGE = (
    DatePrecision.DAY,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
    DatePrecision.RANGE,
)


@pytest.mark.parametrize(
    ("text", "order", "earliest", "latest", "precision"),
    [
        ("2013-08-21", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("2013-8-1", None, date(2013, 8, 1), date(2013, 8, 1), DAY),
        ("2013/08/21", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("2013-08-21 00:00:00", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("2013-08-21T14:30", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("2013-08", None, date(2013, 8, 1), date(2013, 8, 31), MONTH),
        ("2016-02", None, date(2016, 2, 1), date(2016, 2, 29), MONTH),
        ("2013", None, date(2013, 1, 1), date(2013, 12, 31), YEAR),
        ("21/08/2013", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("21-08-2013", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("21.08.2013", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("08/21/2013", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("03/04/2016", "dmy", date(2016, 4, 3), date(2016, 4, 3), DAY),
        ("03/04/2016", "mdy", date(2016, 3, 4), date(2016, 3, 4), DAY),
        ("04/04/2016", None, date(2016, 4, 4), date(2016, 4, 4), DAY),
        ("08/2013", None, date(2013, 8, 1), date(2013, 8, 31), MONTH),
        ("٢١/٠٨/٢٠١٣", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("٢٠١٣-٠٨-٢١", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("41507", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("41507.75", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("21 August 2013", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("Aug 21, 2013", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("21st of August 2013", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("21-Aug-2013", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("August 2013", None, date(2013, 8, 1), date(2013, 8, 31), MONTH),
        ("21 آب 2013", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("٢١ آب ٢٠١٣", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("آب 2013", None, date(2013, 8, 1), date(2013, 8, 31), MONTH),
        ("كانون الثاني 2013", None, date(2013, 1, 1), date(2013, 1, 31), MONTH),
        ("15 تشرين الأول 2012", None, date(2012, 10, 15), date(2012, 10, 15), DAY),
        ("3 كانون الأول 2012", None, date(2012, 12, 3), date(2012, 12, 3), DAY),
        ("1 أيار 2013", None, date(2013, 5, 1), date(2013, 5, 1), DAY),
        ("21 أغسطس 2013", None, date(2013, 8, 21), date(2013, 8, 21), DAY),
        ("يناير 2014", None, date(2014, 1, 1), date(2014, 1, 31), MONTH),
        ("بتاريخ 5 حزيران 2014", None, date(2014, 6, 5), date(2014, 6, 5), DAY),
        ("2013-05-01/2013-05-10", None, date(2013, 5, 1), date(2013, 5, 10), RANGE),
        ("2013-05-01 - 2013-05-10", None, date(2013, 5, 1), date(2013, 5, 10), RANGE),
        ("between 2013-05-01 and 2013-05-10", None, date(2013, 5, 1), date(2013, 5, 10), RANGE),
        ("بين 2013-05-01 و 2013-05-10", None, date(2013, 5, 1), date(2013, 5, 10), RANGE),
        ("1-10 May 2013", None, date(2013, 5, 1), date(2013, 5, 10), RANGE),
        ("from March 2012 to May 2012", None, date(2012, 3, 1), date(2012, 5, 31), RANGE),
        ("2013/2014", None, date(2013, 1, 1), date(2014, 12, 31), RANGE),
    ],
)
def test_parses(
    text: str, order: str | None, earliest: date, latest: date, precision: DatePrecision
) -> None:
    result = parse_date(text, order)  # type: ignore[arg-type]
    assert result.status is DateStatus.OK, result.problem
    assert (result.earliest, result.latest, result.precision) == (earliest, latest, precision)


def test_undeclared_order_with_both_numbers_up_to_12_is_ambiguous_not_guessed() -> None:
    result = parse_date("03/04/2016")
    assert result.status is DateStatus.AMBIGUOUS
    assert result.earliest is None and result.precision is None
    assert set(result.candidates) == {date(2016, 4, 3), date(2016, 3, 4)}
    assert result.problem is not None and "order" in result.problem


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2016-02-30", "day 30 is not in February 2016"),
        ("2015-02-29", "day 29 is not in February 2015"),
        ("31/04/2015", "day 31 is not in April 2015"),
        ("2016-13-01", "month 13 does not exist"),
        ("2013-05-10/2013-05-01", "ends before it starts"),
    ],
)
def test_invalid_dates_say_why(text: str, reason: str) -> None:
    result = parse_date(text)
    assert result.status is DateStatus.INVALID
    assert result.problem is not None and reason in result.problem


@pytest.mark.parametrize(
    "text", ["hello", "32", "12/2013/5", ".", "20 صفر", "20/02/38 هـ", "31 آب 1438 هـ"]
)
def test_unrecognised_text_is_reported(text: str) -> None:
    result = parse_date(text)
    assert result.status is DateStatus.UNRECOGNISED
    assert result.problem


def test_empty_values() -> None:
    for value in (None, "", "   "):
        assert parse_date(value).status is DateStatus.EMPTY


def test_two_digit_year_is_read_and_noted() -> None:
    result = parse_date("03/04/16", "dmy")
    assert result.earliest == date(2016, 4, 3)
    assert any("two-digit" in w for w in result.warnings)


def test_excel_serial_is_noted_and_can_be_switched_off() -> None:
    assert parse_date("41507").warnings
    assert parse_date("41507", excel_serial=False).status is DateStatus.UNRECOGNISED


def test_values_from_spreadsheet_readers() -> None:
    assert parse_date(datetime(2013, 8, 21, 10, 0)).iso == "2013-08-21"
    assert parse_date(date(2013, 8, 21)).precision is DAY
    assert parse_date(41507).iso == "2013-08-21"
    assert parse_date(41507.0).iso == "2013-08-21"
    assert parse_date(2013).precision is YEAR
    assert parse_date(float("nan")).status is DateStatus.UNRECOGNISED
    assert parse_date(True).status is DateStatus.UNRECOGNISED


def test_unknown_order_is_refused() -> None:
    assert parse_date("2013", "yyyy").status is DateStatus.INVALID  # type: ignore[arg-type]


def test_iso_text_round_trips() -> None:
    for text in ("2013", "2013-08", "2013-08-21", "2013-05-01/2013-05-10"):
        assert parse_date(text).iso == text


@pytest.mark.parametrize(
    "value",
    [
        "0000-00-00", "00/00/0000", "0000", "00-00-0000", "00.00.0000", "0", "0000-00-00 00:00:00",
        "٠٠٠٠-٠٠-٠٠", "unknown", "Unknown", "UNKNOWN", "unknown date", "n/a", "N/A", "NA", "none",
        "غير معروف", "غير معروفة", "مجهول", "غير محدد", "غير معلوم", "تاريخ مجهول", "غ.م",
        "-", "--", "—", "?", "??", "؟", "xx/xx/xxxx", "dd/mm/yyyy", 0,
    ],
)  # fmt: skip
def test_placeholders_for_an_unknown_date_are_unknown_not_invalid(value: str | int) -> None:
    result = parse_date(value)
    assert result.status is DateStatus.UNKNOWN
    assert result.earliest is None and result.precision is None and result.iso is None
    assert result.problem is not None and "placeholder for an unknown date" in result.problem


@pytest.mark.parametrize(
    ("text", "order", "iso", "precision", "note"),
    [
        ("2015-00-00", None, "2015", YEAR, "month and day 00 read as not given"),
        ("2015-03-00", None, "2015-03", MONTH, "day 00 read as not given"),
        ("2015/3/0", None, "2015-03", MONTH, "day 00 read as not given"),
        ("2015-00", None, "2015", YEAR, "month 00 read as not given"),
        ("00/03/2015", None, "2015-03", MONTH, "day 00 read as not given"),
        ("03/00/2015", None, "2015-03", MONTH, "day 00 read as not given"),
        ("00/03/2015", "dmy", "2015-03", MONTH, "day 00 read as not given"),
        ("03/00/2015", "mdy", "2015-03", MONTH, "day 00 read as not given"),
        ("00/00/2015", None, "2015", YEAR, "month and day 00 read as not given"),
        ("00/2015", None, "2015", YEAR, "month 00 read as not given"),
    ],
)
def test_zero_day_or_month_is_read_as_not_given(
    text: str, order: str | None, iso: str, precision: DatePrecision, note: str
) -> None:
    result = parse_date(text, order)  # type: ignore[arg-type]
    assert result.status is DateStatus.OK, result.problem
    assert (result.iso, result.precision) == (iso, precision)
    assert note in result.warnings


def test_a_zero_year_with_a_day_is_unknown_and_a_zero_month_with_a_day_stays_invalid() -> None:
    assert parse_date("0000-05-12").status is DateStatus.UNKNOWN
    assert parse_date("2015-00-12").status is DateStatus.INVALID
    assert parse_date("00/03/2015", "mdy").status is DateStatus.INVALID


HIJRI_HINT = "probably a Hijri year; not read as Gregorian (mark Hijri dates with هـ or AH"


@pytest.mark.parametrize(
    "value",
    ["1438-02-20", "1438", "20/02/1438", "02/20/1438", "05/03/1438", "1438-02", "20 August 1438",
     "1-10 May 1438", "٢٠/٠٢/١٤٣٨", 1438, date(1438, 2, 20)],
)  # fmt: skip
def test_a_year_that_is_probably_hijri_is_not_stored_as_gregorian(value: str | int | date) -> None:
    result = parse_date(value)
    assert result.status is DateStatus.UNKNOWN
    assert result.earliest is None and result.iso is None
    assert result.problem is not None and HIJRI_HINT in result.problem
    assert "1438" in result.problem


@pytest.mark.parametrize("text", ["1650", "1699-12-31", "0999", "1020-05-01"])
def test_any_year_below_1700_is_unknown(text: str) -> None:
    result = parse_date(text)
    assert result.status is DateStatus.UNKNOWN
    assert result.problem is not None and "not read as" in result.problem


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1700", "1700"),
        ("1750-05-01", "1750-05-01"),
        ("1899-12-31", "1899-12-31"),
        ("01/02/1800", None),
    ],
)
def test_years_from_1700_keep_their_reading(text: str, iso: str | None) -> None:
    result = parse_date(text, "dmy")
    assert result.status is DateStatus.OK
    if iso is not None:
        assert result.iso == iso
    if result.earliest is not None and result.earliest.year < 1800:
        assert any("outside 1800-2100" in w for w in result.warnings)


def test_a_range_with_a_placeholder_end_is_unknown() -> None:
    assert parse_date("2013-05-01/0000-00-00").status is DateStatus.UNKNOWN
