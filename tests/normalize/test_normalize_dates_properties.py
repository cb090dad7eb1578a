"""Properties of date parsing on arbitrary input and on every date of the conflict (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime

from hijridate import Gregorian, Hijri
from hypothesis import given, settings
from hypothesis import strategies as st

from tawthiq.model.vocab import DatePrecision
from tawthiq.normalize import DateStatus, parse_date
from tawthiq.normalize.hijri import MAX_YEAR, MIN_YEAR, hijri_span

LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]  # fmt: skip
EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
            "أكتوبر", "نوفمبر", "ديسمبر"]  # fmt: skip
ENGLISH = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
HIJRI_AR = [Hijri(1438, m, 1).month_name("ar") for m in range(1, 13)]  # hijridate's spellings
HIJRI_EN = [Hijri(1438, m, 1).month_name("en") for m in range(1, 13)]
PLACEHOLDERS = ["0000-00-00", "00/00/0000", "unknown", "غير معروف", "مجهول", "n/a", "-", "?"]

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2049, 12, 31))
date_like = st.lists(
    st.one_of(
        st.integers(0, 3000).map(str),
        st.sampled_from(LEVANTINE + EGYPTIAN + ENGLISH + ["/", "-", "between", "and", "بين", "و"]),
        st.sampled_from([*HIJRI_AR, *HIJRI_EN, *PLACEHOLDERS, "هـ", "AH", "A.H.", "هجري", "م"]),
        st.text(alphabet="0123456789/-. ٠١٢٣٤٥٦٧٨٩", max_size=12),
    ),
    max_size=6,
).map(" ".join)
any_text = st.one_of(st.text(max_size=40), date_like)
any_value = st.one_of(
    any_text,
    st.none(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.booleans(),
)
hijri_days = st.dates(min_value=hijri_span(MIN_YEAR)[0], max_value=hijri_span(MAX_YEAR)[1])


def formats(d: date) -> list[tuple[str, str | None]]:
    return [
        (d.isoformat(), None),
        (f"{d.day:02d}/{d.month:02d}/{d.year}", "dmy"),
        (f"{d.month}/{d.day}/{d.year}", "mdy"),
        (f"{d.day}-{d.month}-{d.year}", "dmy"),
        (f"{d.day} {LEVANTINE[d.month - 1]} {d.year}", None),
        (f"{d.day} {EGYPTIAN[d.month - 1]} {d.year}", None),
        (f"{ENGLISH[d.month - 1]} {d.day}, {d.year}", None),
        (d.isoformat().translate(INDIC), None),
        (str((d - date(1899, 12, 30)).days), None),
    ]


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_never_raises_and_never_hides_a_failure(text: str) -> None:
    result = parse_date(text)
    if result.status is DateStatus.OK:
        assert result.earliest is not None and result.latest is not None
        assert result.earliest <= result.latest
    elif text.strip():
        assert result.status is not DateStatus.EMPTY
        assert result.problem


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_idempotent_through_iso(text: str) -> None:
    result = parse_date(text)
    if result.iso is not None:
        again = parse_date(result.iso)
        assert (again.earliest, again.latest, again.precision) == (
            result.earliest,
            result.latest,
            result.precision,
        )
        assert again.iso == result.iso


@settings(max_examples=300, deadline=None)
@given(days)
def test_every_format_of_a_day_reads_back_as_that_day(d: date) -> None:
    for text, order in formats(d):
        if text.isdigit() and len(text) != 5:
            continue  # serials outside 5 digits are years or out of range, by design
        result = parse_date(text, order)  # type: ignore[arg-type]
        assert (result.earliest, result.latest) == (d, d), (text, order, result)


@settings(max_examples=500, deadline=None)
@given(any_value, st.sampled_from([None, "dmy", "mdy", "ymd"]))
def test_never_raises_on_any_value(value: object, order: str | None) -> None:
    result = parse_date(value, order)  # type: ignore[arg-type]
    assert isinstance(result.status, DateStatus)
    if result.status is not DateStatus.OK:
        assert result.earliest is None and result.iso is None


@settings(max_examples=400, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_gregorian_dates_1900_2100_read_as_before(d: date) -> None:
    """The Hijri and placeholder readings must not take any ordinary Gregorian date."""
    for text, precision, lo, hi in (
        (d.isoformat(), DatePrecision.DAY, d, d),
        (f"{d.year}-{d.month:02d}", DatePrecision.MONTH, d.replace(day=1), None),
        (str(d.year), DatePrecision.YEAR, date(d.year, 1, 1), date(d.year, 12, 31)),
    ):
        result = parse_date(text)
        assert result.status is DateStatus.OK, (text, result)
        assert (result.precision, result.earliest) == (precision, lo), text
        assert hi is None or result.latest == hi
        assert result.warnings == (), text
        assert result.iso == text
    assert parse_date(datetime(d.year, d.month, d.day)).iso == d.isoformat()


@settings(max_examples=300, deadline=None)
@given(hijri_days)
def test_hijri_dates_round_trip_to_the_same_gregorian_day(d: date) -> None:
    h = Gregorian(d.year, d.month, d.day).to_hijri()
    y, m, day = h.datetuple()
    for text, order in (
        (f"{y}-{m:02d}-{day:02d} هـ", None),
        (f"{day:02d}/{m:02d}/{y} هـ", "dmy"),
        (f"{day}/{m}/{y}هـ".translate(INDIC), "dmy"),
        (f"{y}-{m:02d}-{day:02d} AH", None),
        (f"{day} {HIJRI_AR[m - 1]} {y}", None),
        (f"{day} {HIJRI_AR[m - 1]} {y} هـ", None),
        (f"{day} {HIJRI_EN[m - 1]} {y}", None),
        (f"{h.dmyformat()} {h.notation('ar')}", "dmy"),
    ):
        result = parse_date(text, order)  # type: ignore[arg-type]
        assert result.status is DateStatus.OK, (text, result)
        assert (result.earliest, result.latest, result.precision) == (d, d, DatePrecision.DAY), text
        assert f"Hijri date {y}-{m:02d}-{day:02d} AH read as {d}" in result.warnings


@settings(max_examples=200, deadline=None)
@given(hijri_days)
def test_a_hijri_month_spans_exactly_its_days(d: date) -> None:
    h = Gregorian(d.year, d.month, d.day).to_hijri()
    result = parse_date(f"{HIJRI_EN[h.month - 1]} {h.year}")
    assert result.status is DateStatus.OK and result.precision is DatePrecision.RANGE
    assert result.earliest is not None and result.latest is not None
    assert result.earliest <= d <= result.latest
    assert (result.latest - result.earliest).days + 1 == h.month_length()
