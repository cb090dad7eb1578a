"""Properties of date parsing on arbitrary input and on every date of the conflict (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tawthiq.normalize import DateStatus, parse_date

LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]  # fmt: skip
EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
            "أكتوبر", "نوفمبر", "ديسمبر"]  # fmt: skip
ENGLISH = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2049, 12, 31))
date_like = st.lists(
    st.one_of(
        st.integers(0, 3000).map(str),
        st.sampled_from(LEVANTINE + EGYPTIAN + ENGLISH + ["/", "-", "between", "and", "بين", "و"]),
        st.text(alphabet="0123456789/-. ٠١٢٣٤٥٦٧٨٩", max_size=12),
    ),
    max_size=6,
).map(" ".join)
any_text = st.one_of(st.text(max_size=40), date_like)


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
