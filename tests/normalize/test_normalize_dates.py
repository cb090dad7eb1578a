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


@pytest.mark.parametrize("text", ["hello", "32", "1434 هـ", "12/2013/5", "."])
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
