"""Ages: numbers, fractions, months, ranges, bounds and words, never rejected."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tawthiq.normalize import AgeGroup, AgeKind, AgeStatus, age_group, parse_age


@pytest.mark.parametrize(
    ("text", "lo", "hi", "kind", "group"),
    [
        ("35", 35, 35, AgeKind.YEARS, AgeGroup.ADULT),
        ("٣٥", 35, 35, AgeKind.YEARS, AgeGroup.ADULT),
        ("12", 12, 12, AgeKind.YEARS, AgeGroup.CHILD),
        ("17", 17, 17, AgeKind.YEARS, AgeGroup.CHILD),
        ("18", 18, 18, AgeKind.YEARS, AgeGroup.ADULT),
        ("60", 60, 60, AgeKind.YEARS, AgeGroup.ELDERLY),
        ("0.8", 0.8, 0.8, AgeKind.FRACTION, AgeGroup.INFANT),
        ("٣٫٥", 3.5, 3.5, AgeKind.FRACTION, AgeGroup.CHILD),
        ("8 months", 0.667, 0.667, AgeKind.MONTHS, AgeGroup.INFANT),
        ("8m", 0.667, 0.667, AgeKind.MONTHS, AgeGroup.INFANT),
        ("٨ أشهر", 0.667, 0.667, AgeKind.MONTHS, AgeGroup.INFANT),
        ("شهرين", 0.167, 0.167, AgeKind.MONTHS, AgeGroup.INFANT),
        ("شهر", 0.083, 0.083, AgeKind.MONTHS, AgeGroup.INFANT),
        ("10 days", 0.027, 0.027, AgeKind.DAYS, AgeGroup.INFANT),
        ("3 weeks", 0.057, 0.057, AgeKind.WEEKS, AgeGroup.INFANT),
        ("1 year 6 months", 1.5, 1.5, AgeKind.MONTHS, AgeGroup.CHILD),
        ("سنة و 6 أشهر", 1.5, 1.5, AgeKind.MONTHS, AgeGroup.CHILD),
        ("ثلاث سنوات", 3, 3, AgeKind.YEARS, AgeGroup.CHILD),
        ("عامين", 2, 2, AgeKind.YEARS, AgeGroup.CHILD),
        ("45 سنة", 45, 45, AgeKind.YEARS, AgeGroup.ADULT),
        ("3 years old", 3, 3, AgeKind.YEARS, AgeGroup.CHILD),
        ("2-year-old", 2, 2, AgeKind.YEARS, AgeGroup.CHILD),
        ("65-80", 65, 80, AgeKind.RANGE, AgeGroup.ELDERLY),
        ("20 - 30 years", 20, 30, AgeKind.RANGE, AgeGroup.ADULT),
        ("بين 20 و 30", 20, 30, AgeKind.RANGE, AgeGroup.ADULT),
        ("10-25", 10, 25, AgeKind.RANGE, None),
        ("30s", 30, 39, AgeKind.RANGE, AgeGroup.ADULT),
        ("60+", 60, None, AgeKind.BOUND, AgeGroup.ELDERLY),
        ("over 60", 60, None, AgeKind.BOUND, AgeGroup.ELDERLY),
        ("فوق 60", 60, None, AgeKind.BOUND, AgeGroup.ELDERLY),
        ("under 1", 0, 1, AgeKind.BOUND, AgeGroup.INFANT),
        ("دون 18", 0, 18, AgeKind.BOUND, AgeGroup.CHILD),
        ("child", 0, 17, AgeKind.WORD, AgeGroup.CHILD),
        ("adult", 18, None, AgeKind.WORD, AgeGroup.ADULT),
        ("elderly", 60, None, AgeKind.WORD, AgeGroup.ELDERLY),
        ("طفل", 0, 17, AgeKind.WORD, AgeGroup.CHILD),
        ("طفلة", 0, 17, AgeKind.WORD, AgeGroup.CHILD),
        ("رضيع", 0, 0.99, AgeKind.WORD, AgeGroup.INFANT),
        ("رضيعة", 0, 0.99, AgeKind.WORD, AgeGroup.INFANT),
        ("شاب", 18, 35, AgeKind.WORD, AgeGroup.ADULT),
        ("مسن", 60, None, AgeKind.WORD, AgeGroup.ELDERLY),
        ("مسنة", 60, None, AgeKind.WORD, AgeGroup.ELDERLY),
        ("كبير في السن", 60, None, AgeKind.WORD, AgeGroup.ELDERLY),
    ],
)
def test_parses(
    text: str, lo: float, hi: float | None, kind: AgeKind, group: AgeGroup | None
) -> None:
    result = parse_age(text)
    assert result.status is AgeStatus.OK, result.problem
    assert (result.years_min, result.years_max, result.kind, result.group) == (lo, hi, kind, group)


def test_decimal_age_is_read_as_years_and_says_so() -> None:
    assert parse_age("0.8").warnings


def test_approximate_ages_are_flagged() -> None:
    for text in ("about 30", "حوالي 30", "~30", "30 تقريبا"):
        result = parse_age(text)
        assert result.years_min == 30 and result.approximate, text


def test_numbers_from_spreadsheets() -> None:
    assert parse_age(5).kind is AgeKind.YEARS
    assert parse_age(0.5).group is AgeGroup.INFANT
    assert parse_age(-1).status is AgeStatus.UNRECOGNISED
    assert parse_age(float("nan")).status is AgeStatus.UNRECOGNISED


@pytest.mark.parametrize("text", [None, "", "unknown", "غير معروف", "-", "?"])
def test_missing(text: str | None) -> None:
    assert parse_age(text).status is AgeStatus.EMPTY


@pytest.mark.parametrize("text", ["abc", "150", "تسعون عاما وأكثر بكثير", "5 apples"])
def test_unreadable_or_implausible_is_kept_and_explained(text: str) -> None:
    result = parse_age(text)
    assert result.status is AgeStatus.UNRECOGNISED
    assert result.original == text and result.problem


def test_age_group_boundaries() -> None:
    assert age_group(0.5, 0.5) is AgeGroup.INFANT
    assert age_group(17, 17) is AgeGroup.CHILD
    assert age_group(18, 59) is AgeGroup.ADULT
    assert age_group(50, 70) is None
    assert age_group(None, None) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_never_raises_and_explains_failures(text: str) -> None:
    result = parse_age(text)
    if result.status is AgeStatus.UNRECOGNISED:
        assert result.problem
    if result.status is AgeStatus.OK:
        assert result.years_min is not None
        assert result.years_max is None or result.years_min <= result.years_max
