from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tawthiq.errors import InputError
from tawthiq.ingest.canonical import (
    CANONICAL_COLUMNS,
    map_header,
    parse_age,
    parse_canonical_date,
    validate_row,
)
from tawthiq.model.vocab import DatePrecision

HEADER = map_header(list(CANONICAL_COLUMNS), "t.csv")


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2016-11-19", date(2016, 11, 19), date(2016, 11, 19), DatePrecision.DAY),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29), DatePrecision.MONTH),
        ("2015-12", date(2015, 12, 1), date(2015, 12, 31), DatePrecision.MONTH),
        ("2013", date(2013, 1, 1), date(2013, 12, 31), DatePrecision.YEAR),
        (" 2013 ", date(2013, 1, 1), date(2013, 12, 31), DatePrecision.YEAR),
    ],
)
def test_canonical_dates_keep_their_precision(
    text: str, earliest: date, latest: date, precision: DatePrecision
) -> None:
    assert parse_canonical_date(text) == (earliest, latest, precision)


@pytest.mark.parametrize("text", ["2016-13", "2016-02-30", "19/11/2016", "2016-1-", "soon"])
def test_bad_canonical_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_canonical_date(text)


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [("34", 34, 34), ("0.8", 0.8, 0.8), ("8 months", 0.667, 0.667), ("65-80", 65, 80)],
)
def test_ages_keep_fractions_months_and_ranges(text: str, lo: float, hi: float) -> None:
    got_lo, got_hi, problems = parse_age(text)
    assert (got_lo, got_hi, problems) == (lo, hi, [])


def test_unknown_age_words_are_a_warning_not_a_rejection() -> None:
    values = ["R1", "Sim", *[""] * 4, "", "طفل", *[""] * (len(CANONICAL_COLUMNS) - 8)]
    result = validate_row(values, HEADER)
    assert result.record is not None and result.record["age_text"] == "طفل"
    assert [(p.field, p.severity) for p in result.problems] == [("age", "warning")]


def test_vocabularies_code_arabic_and_english_spellings() -> None:
    row = dict.fromkeys(CANONICAL_COLUMNS, "")
    row.update(record_id="R1", full_name="Sim", sex="أنثى", status="مدني", perpetrator="Regime")
    result = validate_row([row[c] for c in CANONICAL_COLUMNS], HEADER)
    assert result.record is not None
    assert (result.record["sex"], result.record["status"], result.record["perpetrator"]) == (
        "female",
        "civilian",
        "syrian_government",
    )


def test_header_is_matched_case_insensitively_and_duplicates_refused() -> None:
    h = map_header([" Record_ID", "FULL_NAME", "x"], "f.csv")
    assert h.index == {"record_id": 0, "full_name": 1}
    with pytest.raises(InputError, match="appears twice"):
        map_header(["record_id", "full_name", "Full_Name"], "f.csv")


@given(st.lists(st.text(max_size=30), min_size=0, max_size=len(CANONICAL_COLUMNS) + 3))
def test_validation_never_raises_and_keeps_every_cell(values: list[str]) -> None:
    result = validate_row(values, HEADER)
    # Nothing the user gave is lost: every cell is in the verbatim data.
    assert sorted(result.data.values()) == sorted(
        values + [""] * (len(CANONICAL_COLUMNS) - len(values))
    )
    assert result.rejected == (result.record is None)
    if result.rejected:
        assert any(p.severity == "error" for p in result.problems)
