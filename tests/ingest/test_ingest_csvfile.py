"""Reading a text file in blocks of lines: the same rows, lines, byte counts and errors as a
line-by-line reading, wherever the blocks end."""

from __future__ import annotations

from pathlib import Path

import pytest

import tawthiq.ingest._csvfile as csvfile
from tawthiq.errors import EncodingError
from tawthiq.ingest._csvfile import ReadPosition, SourceRow, read_csv_rows

TEXT = (
    "record_id,full_name,notes\n"
    "R1,محمد أحمد,one\n"
    "\n"
    'R2,Sim Two,"a note\nover two lines"\n'
    ",,\n"
    "R3,فاطمة,\r\n"
    "R4,Sim Four,last line without a newline"
)


def _read(path: Path, encoding: str = "utf-8") -> tuple[list[str], list[SourceRow], int]:
    position = ReadPosition()
    header, rows = read_csv_rows(path, encoding, position)
    return header, list(rows), position.done


@pytest.mark.parametrize("block", [1, 7, 64, 1 << 16])
def test_rows_lines_and_bytes_do_not_depend_on_the_block_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    monkeypatch.setattr(csvfile, "_BLOCK", block)
    header, rows, done = _read(p)
    assert header == ["record_id", "full_name", "notes"]
    assert rows == [
        SourceRow(1, 2, ["R1", "محمد أحمد", "one"]),
        SourceRow(2, 4, ["R2", "Sim Two", "a note\nover two lines"]),
        SourceRow(3, 7, ["R3", "فاطمة", ""]),
        SourceRow(4, 8, ["R4", "Sim Four", "last line without a newline"]),
    ]
    assert done == p.stat().st_size  # the BOM counted too


@pytest.mark.parametrize("block", [1, 40, 1 << 16])
def test_a_bad_line_is_named_after_the_rows_before_it_were_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    p = tmp_path / "legacy.csv"
    good = b"record_id,full_name\nR1,Sim One\nR2,Sim Two\n"
    p.write_bytes(good + "R3,محمد\n".encode("cp1256") + b"R4,Sim Four\n")
    monkeypatch.setattr(csvfile, "_BLOCK", block)
    _, rows = read_csv_rows(p, "utf-8")
    read = []
    with pytest.raises(EncodingError) as info:
        for row in rows:
            read.append(row.values[0])
    assert read == ["R1", "R2"]
    message = str(info.value)
    assert "line 4, byte 4" in message and "--encoding cp1256" in message
    _, rows_cp = read_csv_rows(p, "cp1256")
    assert [r.values[0] for r in rows_cp] == ["R1", "R2", "R3", "R4"]


def test_a_header_is_read_whatever_comes_later(tmp_path: Path) -> None:
    p = tmp_path / "late.csv"
    p.write_bytes(b"record_id,full_name\nR1,Sim\n" + b"R2,\xff\n")
    header, _ = read_csv_rows(p, "utf-8")
    assert header == ["record_id", "full_name"]


def test_a_source_row_is_a_named_tuple_of_its_fields() -> None:
    row = SourceRow(3, 5, ["x"])
    assert (row.row_number, row.line_number, row.values, row.error) == (3, 5, ["x"], None)
    assert tuple(row) == (3, 5, ["x"], None)
