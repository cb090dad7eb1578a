from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from tawthiq.errors import EncodingError, InputError
from tawthiq.ingest import import_canonical_csv
from tawthiq.report import export_records
from tawthiq.store.schema import ImportRun, RawRow, VictimRecord
from tawthiq_testing import table_counts


def test_six_rows_three_imported_three_rejected(engine: Engine, six_rows_csv: Path) -> None:
    s = import_canonical_csv(engine, six_rows_csv, "A")
    c = s.counts
    assert (c.read, c.imported, c.rejected, c.duplicate) == (6, 3, 3, 1)
    # One line per rejected row, naming its row and field.
    assert [(p.row, p.field) for p in s.rejections] == [
        (3, "record_id"),
        (5, "record_id"),
        (6, "date_of_death"),
    ]
    line = s.rejections[2].describe("a.csv")
    assert line.startswith("a.csv: row 6 (line 7), field 'date_of_death'")
    with engine.connect() as conn:
        raw = conn.execute(select(RawRow.row_number, RawRow.status).order_by(RawRow.row_number))
        statuses = [st for _, st in raw]
    assert statuses == ["imported", "imported", "rejected", "imported", "rejected", "rejected"]


def test_same_file_again_changes_nothing(engine: Engine, six_rows_csv: Path) -> None:
    import_canonical_csv(engine, six_rows_csv, "A")
    before = table_counts(engine)
    again = import_canonical_csv(engine, six_rows_csv, "A")
    assert again.already_imported is not None
    assert again.counts.imported == 0
    assert table_counts(engine) == before


def test_same_file_for_another_source_is_refused_unless_allowed(
    engine: Engine, six_rows_csv: Path
) -> None:
    import_canonical_csv(engine, six_rows_csv, "A")
    before = table_counts(engine)
    with pytest.raises(InputError, match=r"already imported for source .A..*allow-duplicate-file"):
        import_canonical_csv(engine, six_rows_csv, "B")
    assert table_counts(engine) == before  # nothing written, not even the source
    other = import_canonical_csv(engine, six_rows_csv, "B", allow_duplicate_file=True)
    assert other.already_imported is None and other.counts.imported == 3


def test_changed_file_updates_by_record_id(engine: Engine, tmp_path: Path) -> None:
    v1 = tmp_path / "v1.csv"
    v1.write_text(
        "record_id,full_name,date_of_death\nR1,Sim One,2015-01-02\nR2,Sim Two,2015-02\n",
        encoding="utf-8",
    )
    import_canonical_csv(engine, v1, "S")
    v2 = tmp_path / "v2.csv"
    v2.write_text(
        "record_id,full_name,date_of_death\nR1,Sim One,2015-01-02\nR2,Sim Two,2015-02-14\n"
        "R3,Sim Three,2015\n",
        encoding="utf-8",
    )
    s = import_canonical_csv(engine, v2, "S")
    c = s.counts
    assert (c.imported, c.updated, c.unchanged, c.rejected) == (1, 1, 1, 0)
    with engine.connect() as conn:
        q = select(VictimRecord.source_record_id, VictimRecord.date_precision)
        prec = {r: p for r, p in conn.execute(q)}
        runs = conn.execute(select(func.count()).select_from(ImportRun)).scalar_one()
        raws = conn.execute(select(func.count()).select_from(RawRow)).scalar_one()
    assert prec == {"R1": "day", "R2": "day", "R3": "year"}
    assert runs == 2 and raws == 5  # every row of every run is kept


def test_utf8_bom_is_accepted(engine: Engine, tmp_path: Path) -> None:
    p = tmp_path / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbfrecord_id,full_name\nB1,Sim Bom\n")
    assert import_canonical_csv(engine, p, "S").counts.imported == 1


def test_arabic_round_trips_byte_for_byte(engine: Engine, tmp_path: Path) -> None:
    names = ["مُحَمَّد أحمد", "عبدالرحمن  الـحلبي", "فاطمة الزهراء", "Sim Latin"]
    places = ["حلب - الشعار", "دير الزور", "إدلب", "Douma"]
    src = tmp_path / "ar.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["record_id", "full_name", "place_of_death", "notes"])
        for i, (n, pl) in enumerate(zip(names, places, strict=True)):
            w.writerow([f"R{i}", n, pl, "ملاحظة, مع فاصلة\nوسطر ثان"])
    import_canonical_csv(engine, src, "S")
    out = tmp_path / "out.csv"
    export_records(engine, out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["full_name"].encode() for r in rows] == [n.encode() for n in names]
    assert [r["place_text"].encode() for r in rows] == [p.encode() for p in places]
    assert all(r["notes"] == "ملاحظة, مع فاصلة\nوسطر ثان" for r in rows)


def test_cp1256_file_gets_a_clear_error_or_reads_with_encoding(
    engine: Engine, tmp_path: Path
) -> None:
    p = tmp_path / "legacy.csv"
    p.write_bytes("record_id,full_name\nL1,محمد أحمد\n".encode("cp1256"))
    with pytest.raises(EncodingError) as info:
        import_canonical_csv(engine, p, "S")
    msg = str(info.value)
    assert "not valid utf-8" in msg and "line 2" in msg and "--encoding cp1256" in msg
    assert table_counts(engine)["raw_rows"] == 0
    s = import_canonical_csv(engine, p, "S", encoding="cp1256")
    assert s.counts.imported == 1
    out = tmp_path / "out.csv"
    export_records(engine, out)
    assert "محمد أحمد" in out.read_text(encoding="utf-8")


def test_header_without_record_id_is_refused(engine: Engine, tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_text("id,name\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="no record_id, full_name or given_name column"):
        import_canonical_csv(engine, p, "S")


def test_extra_columns_and_ragged_rows_are_kept(engine: Engine, tmp_path: Path) -> None:
    p = tmp_path / "extra.csv"
    p.write_text("record_id,full_name,tribe\nE1,Sim,x\nE2,Sim,y,overflow\n", encoding="utf-8")
    s = import_canonical_csv(engine, p, "S")
    assert s.counts.imported == 2 and s.warnings == 1
    with engine.connect() as conn:
        data = [d for (d,) in conn.execute(select(RawRow.data).order_by(RawRow.row_number))]
    assert data[0]["tribe"] == "x"
    assert data[1]["_extra_1"] == "overflow"


def _index_names(engine: Engine) -> set[str]:
    from sqlalchemy import inspect

    return {str(ix["name"]) for ix in inspect(engine).get_indexes("victim_records")}


def test_a_bulk_load_builds_the_search_indexes_after_the_rows(
    engine: Engine, six_rows_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large file on SQLite is loaded with the search indexes deferred: they are all there
    afterwards, and a failed bulk load leaves them as they were."""
    import tawthiq.ingest.run as run
    from tawthiq.store import records

    declared = {str(ix.name) for ix in VictimRecord.__table__.indexes}
    assert declared <= _index_names(engine)
    monkeypatch.setattr(run, "BULK_LOAD_MIN_BYTES", 0)
    with engine.connect() as conn:
        deferred = run._bulk_load(conn, six_rows_csv.stat().st_size)
    assert deferred is (engine.dialect.name == "sqlite")  # never on a shared PostgreSQL
    summary = import_canonical_csv(engine, six_rows_csv, "A")
    assert summary.counts.imported == 3 and declared <= _index_names(engine)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated failure in the middle of a bulk load")

    monkeypatch.setattr(records, "update_record_tuples", fail)
    changed = six_rows_csv.read_text(encoding="utf-8").replace("2016", "2015")
    other = six_rows_csv.with_name("changed.csv")
    other.write_text(changed, encoding="utf-8")
    with pytest.raises(RuntimeError, match="simulated failure"):
        import_canonical_csv(engine, other, "A")
    assert declared <= _index_names(engine)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(VictimRecord)).scalar_one() == 3
