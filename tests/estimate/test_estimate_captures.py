"""Capture-history input: layouts, aggregation and one test per rejection."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from estimate_fixtures import KOSOVO, KOSOVO_LISTS, MY_3LIST, SEBER, SHARED, as_columns

from tawthiq.errors import EstimationError, InputError
from tawthiq.estimate import CaptureTable, capture_table, read_capture_csv


def test_aggregated_table(kosovo_columns: dict[str, list[int]]) -> None:
    table = capture_table(kosovo_columns)
    assert table.lists == KOSOVO_LISTS
    assert table.observed == 4400
    assert len(table.counts) == 15
    assert table.list_totals() == {"EXH": 1910, "ABA": 1528, "OSCE": 1786, "HRW": 685}
    # people on more than one list: everything except the four single-list patterns
    assert table.overlap() == 4400 - (306 + 936 + 845 + 1131)


def test_individual_rows_equal_aggregated(my3_columns: dict[str, list[int]]) -> None:
    rows = []
    for i in range(len(my3_columns["count"])):
        pattern = {name: my3_columns[name][i] for name in ("L1", "L2", "L3")}
        rows.extend([pattern] * my3_columns["count"][i])
    individual = capture_table(rows)
    aggregated = capture_table(my3_columns)
    assert individual.observed == aggregated.observed == 626
    assert np.array_equal(individual.patterns, aggregated.patterns)
    assert np.array_equal(individual.counts, aggregated.counts)


def test_absent_patterns_count_zero_and_duplicates_add_up() -> None:
    table = capture_table({"A": [1, 0, 1, 1, 0], "B": [1, 1, 0, 1, 1], "count": [2, 3, 0, 5, 1]})
    assert table.observed == 11
    cells = table.cell_counts()
    assert cells.tolist() == [0, 0, 4, 7]  # bit masks 0 (nobody), A only, B only, A and B


def test_accepts_pyarrow_and_pandas(kosovo_columns: dict[str, list[int]]) -> None:
    import pandas as pd
    import pyarrow as pa

    reference = capture_table(kosovo_columns)
    for data in (pa.table(kosovo_columns), pd.DataFrame(kosovo_columns)):
        table = capture_table(data)
        assert table.observed == reference.observed
        assert np.array_equal(table.counts, reference.counts)


def test_string_marks_and_counts() -> None:
    table = capture_table({"A": ["1", "0", " 1 "], "B": ["0", "1", "1"], "count": ["3", "4", "5"]})
    assert table.observed == 12


def test_canonical_key_ignores_names_and_row_order(kosovo_columns: dict[str, list[int]]) -> None:
    renamed = {("x" + k if k != "count" else k): v for k, v in kosovo_columns.items()}
    reversed_rows = {k: list(reversed(v)) for k, v in kosovo_columns.items()}
    keys = {capture_table(c).canonical_key() for c in (kosovo_columns, renamed, reversed_rows)}
    assert len(keys) == 1
    changed = dict(kosovo_columns, count=[*kosovo_columns["count"][:-1], 1130])
    assert capture_table(changed).canonical_key() not in keys


def test_drop_empty_lists() -> None:
    table = capture_table({"A": [1, 0, 1], "B": [0, 1, 1], "C": [0, 0, 0], "count": [5, 6, 7]})
    dropped = table.drop_empty_lists()
    assert dropped.lists == ("A", "B")
    assert dropped.observed == 18
    assert any("C" in note for note in dropped.notes)


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"A": [1, 2], "B": [0, 1], "count": [1, 1]}, "not 0 or 1"),
        ({"A": [1, None], "B": [0, 1], "count": [1, 1]}, "empty"),
        ({"A": [1, 0], "B": [0, 1], "count": [1, -3]}, "negative"),
        ({"A": [1, 0], "B": [0, 1], "count": [1, 2.5]}, "whole number"),
        ({"A": [1, 0], "B": [0, 0], "count": [1, 4]}, "no list marked"),
        ({"A": [1, 0], "count": [1, 2]}, "at least 2 lists"),
        ({"A": [1, 0], "B": [0, 1], "count": [0, 0]}, "records nobody"),
    ],
)
def test_rejections(columns: dict[str, list[object]], message: str) -> None:
    with pytest.raises(EstimationError, match=message):
        capture_table(columns)


def test_rejection_names_row_and_column() -> None:
    with pytest.raises(EstimationError, match=r"row 2, column 'B'"):
        capture_table({"A": [1, 0], "B": [0, 7], "count": [1, 1]})


def test_all_zero_row_with_zero_count_is_harmless() -> None:
    table = capture_table({"A": [1, 0], "B": [1, 0], "count": [4, 0]})
    assert table.observed == 4


def test_file_errors_carry_file_row_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B,count\n1,0,5\n0,1,-2\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_capture_csv(path)
    err = info.value
    assert err.file == str(path)
    assert err.row == 2
    assert err.field == "count"
    assert "negative" in str(err)
    assert not isinstance(err, EstimationError)


def test_file_structure_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_capture_csv(empty)
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("A,B,count\n1,0\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected 3 fields"):
        read_capture_csv(ragged)
    dup = tmp_path / "dup.csv"
    dup.write_text("A,A,count\n1,0,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="twice"):
        read_capture_csv(dup)
    with pytest.raises(InputError, match="cannot read"):
        read_capture_csv(tmp_path / "missing.csv")


def test_csv_with_bom_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffA,B,count\n1,1,3\n\n1,0,4\n".encode())
    table = read_capture_csv(path)
    assert table.lists == ("A", "B")
    assert table.observed == 7


@pytest.mark.parametrize("name", ["kosovo", "seber_2list", "my_3list"])
def test_shared_files_match_embedded_fixtures(name: str) -> None:
    path = SHARED / f"{name}.csv"
    if not path.is_file():
        pytest.skip(f"{path} is not present on this machine")
    rows, lists = {
        "kosovo": (KOSOVO, KOSOVO_LISTS),
        "seber_2list": (SEBER, ("L1", "L2")),
        "my_3list": (MY_3LIST, ("L1", "L2", "L3")),
    }[name]
    from_file = read_capture_csv(path)
    embedded: CaptureTable = capture_table(as_columns(rows, lists))
    assert from_file.lists == embedded.lists
    assert np.array_equal(from_file.patterns, embedded.patterns)
    assert np.array_equal(from_file.counts, embedded.counts)
