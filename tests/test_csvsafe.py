"""The CSV cell rule (issue 18, item 1): formulas never reach a spreadsheet, numbers stay
numbers, and nothing else changes."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from tawthiq.csvsafe import TRIGGERS, dict_writer, safe_cell, writer


def test_formulas_are_neutralised() -> None:
    for hostile in (
        '=HYPERLINK("http://x.example","click")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ):
        assert safe_cell(hostile) == "'" + hostile


def test_numbers_and_ordinary_text_are_left_alone() -> None:
    for value in (12, -3, 2.5, None, "", "-12", "+3.5", "-0.25", "1e5", "محمد", "al-Khatib"):
        assert safe_cell(value) == value


@given(st.text())
def test_a_safe_cell_never_starts_a_formula_and_keeps_its_text(text: str) -> None:
    out = safe_cell(text)
    if out != text:
        assert out == "'" + text and text.startswith(TRIGGERS)
    elif text.startswith(TRIGGERS):  # left alone only when it is a plain number
        float(text.replace(",", "."))


def test_writers_make_every_cell_safe() -> None:
    fh = io.StringIO()
    w = writer(fh, lineterminator="\n")
    w.writerow(["=1+1", 5, "-7"])
    d = dict_writer(fh, ["a", "b"], lineterminator="\n")
    d.writeheader()
    d.writerow({"a": "@x", "b": "ok"})
    rows = list(csv.reader(io.StringIO(fh.getvalue())))
    assert rows == [["'=1+1", "5", "-7"], ["a", "b"], ["'@x", "ok"]]
