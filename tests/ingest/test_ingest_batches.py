"""The batch import path (issue 14, speed): rows are validated and encoded in batches, in a
worker process or in this one, and land as the worker built them unless a record id was seen
before; what lands is the same whichever path a batch took and however the file was cut."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

import tawthiq.ingest.run as run
from tawthiq.config import init_workspace
from tawthiq.ingest import import_canonical_csv
from tawthiq.ingest._csvfile import SourceRow
from tawthiq.ingest._problems import Problem
from tawthiq.ingest.canonical import RECORD_KEYS, check_row, map_header, row_data, validate_row
from tawthiq.store import open_store
from tawthiq.store.schema import RawRow

HEADER = "record_id,full_name,sex,age,date_of_death,place_of_death,governorate,notes\n"

# Record ids seen before, across batches of two rows: a valid row repeating a valid row's id,
# one repeating the id of a rejected row (a rejected row still claims its id), a missing id.
ROWS = (
    HEADER
    + "A1,Sim One,x,34,2016-11-19,Aleppo,Aleppo,\n"  # 1: kept, warned (sex)
    + "A2,Sim Two,F,8,2016-11,Aleppo,Aleppo,\n"  # 2: kept
    + 'A1,Sim Three,x,40,2016-11-19,Aleppo,Aleppo,"two\nlines"\n'  # 3: duplicate of 1, warned
    + ",Sim Four,M,40,2016-11-19,Aleppo,Aleppo,\n"  # 5: no id
    + "B1,Sim Five,M,20,2016-13-40,,,\n"  # 6: bad date; claims B1
    + "B1,Sim Six,M,20,2016-11-19,,,\n"  # 7: duplicate of 6
    + "A2,Sim Seven,M,20,2016-11-19,Homs,,\n"  # 8: duplicate of 2
    + "C1,Sim Eight,M,20,2016-11-19,Homs,,,extra\n"  # 9: kept, extra cell warned
)


@pytest.fixture
def rows_csv(tmp_path: Path) -> Path:
    p = tmp_path / "rows.csv"
    p.write_text(ROWS, encoding="utf-8")
    return p


def _store(tmp_path: Path, name: str) -> Engine:
    ws, _ = init_workspace(tmp_path / name)
    return open_store(ws)


def _landed(engine: Engine) -> dict[str, list[Any]]:
    """Every stored row of the import tables, in order, without ids and timestamps."""
    skip = {"id", "created_at", "updated_at", "started_at", "finished_at", "at"}
    out: dict[str, list[Any]] = {}
    with engine.connect() as conn:
        for table in ("sources", "import_runs", "raw_rows", "victim_records"):
            cols = [
                r[1]
                for r in conn.exec_driver_sql(f"PRAGMA table_info({table})")
                if r[1] not in skip
            ]
            order = ", ".join(cols)
            out[table] = list(conn.exec_driver_sql(f"SELECT {order} FROM {table} ORDER BY {order}"))
    return out


@pytest.mark.parametrize("parallel", [False, True], ids=["in-process", "worker"])
def test_ids_seen_before_across_batches(
    tmp_path: Path, rows_csv: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    monkeypatch.setattr(run, "BATCH", 2)
    engine = _store(tmp_path, "ws")
    try:
        s = import_canonical_csv(engine, rows_csv, "A", parallel=parallel)
        with engine.connect() as conn:
            raws = conn.execute(
                select(
                    RawRow.row_number, RawRow.line_number, RawRow.status, RawRow.problems
                ).order_by(RawRow.row_number)
            ).all()
    finally:
        engine.dispose()
    c = s.counts
    assert (c.read, c.imported, c.rejected, c.duplicate) == (8, 3, 5, 3)
    assert [(p.row, p.field, p.message[:30]) for p in s.rejections] == [
        (3, "record_id", "duplicate record_id: first use"),
        (4, "record_id", "missing (required)"),
        (5, "date_of_death", "invalid date: month 13 does no"),
        (6, "record_id", "duplicate record_id: first use"),
        (7, "record_id", "duplicate record_id: first use"),
    ]
    assert [p.message[-3:] for p in s.rejections if "duplicate" in p.message] == [
        "w 1",
        "w 5",
        "w 2",
    ]
    assert [r.line for r in s.rejections] == [4, 6, 7, 8, 9]
    assert [(n, line, st) for n, line, st, _ in raws] == [
        (1, 2, "imported"),
        (2, 3, "imported"),
        (3, 4, "rejected"),
        (4, 6, "rejected"),
        (5, 7, "rejected"),
        (6, 8, "rejected"),
        (7, 9, "rejected"),
        (8, 10, "imported"),
    ]
    # A duplicate keeps its warnings beside the new error, as problems of the row alone.
    third = raws[2][3]
    assert [(p["field"], p["severity"]) for p in third][-1] == ("record_id", "error")
    assert ("sex", "warning") in [(p["field"], p["severity"]) for p in third]
    assert all("column" not in p for p in third)
    # Warnings are counted on every row, but a duplicate is no row kept with a warning.
    stored_warnings = sum(
        p["severity"] == "warning" for *_, problems in raws for p in (problems or [])
    )
    assert s.warnings == stored_warnings
    kept_warned = sum(
        st == "imported" and any(p["severity"] == "warning" for p in (problems or []))
        for *_, st, problems in raws
    )
    assert s.warned_rows == kept_warned
    kinds = {(k.severity, k.field, k.message[:9]): k.rows for k in s.problem_kinds}
    assert kinds[("error", "record_id", "duplicate")] == 3
    assert kinds[("error", "record_id", "missing (")] == 1


def test_keep_rejections_counts_duplicates_in_row_order(
    tmp_path: Path, rows_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "BATCH", 3)
    engine = _store(tmp_path, "ws")
    try:
        s = import_canonical_csv(engine, rows_csv, "A", keep_rejections=2, parallel=False)
    finally:
        engine.dispose()
    assert [p.row for p in s.rejections] == [3, 4]
    assert s.counts.rejected == 5


def _edited(path: Path) -> Path:
    """The same list a week later: one record changed, one added, the rest as they were."""
    other = path.with_name("edited.csv")
    changed = ROWS.replace("A2,Sim Two,F,8,2016-11", "A2,Sim Two,F,9,2016-11")
    other.write_text(changed + "D1,Sim Nine,M,30,2015,,,\n", encoding="utf-8")
    return other


@pytest.mark.slow
def test_worker_and_in_process_paths_land_the_same(
    tmp_path: Path, rows_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of 3 rows: with the worker, some batches are prepared there (sent as columns,
    back in marshal form) and some here while the worker is busy; the stores are the same as
    an import that prepares every batch here, for a first import and for an updated list."""
    monkeypatch.setattr(run, "BATCH", 3)
    edited = _edited(rows_csv)
    summaries: dict[bool, list[Any]] = {}
    landed: dict[bool, dict[str, list[Any]]] = {}
    for parallel in (False, True):
        engine = _store(tmp_path, f"ws-{parallel}")
        try:
            first = import_canonical_csv(engine, rows_csv, "A", parallel=parallel)
            second = import_canonical_csv(engine, edited, "A", parallel=parallel)
            landed[parallel] = _landed(engine)
        finally:
            engine.dispose()
        summaries[parallel] = [
            (s.counts, s.rejections, s.warnings, s.warned_rows, s.problem_kinds)
            for s in (first, second)
        ]
    assert summaries[True] == summaries[False]
    assert landed[True] == landed[False]
    second_counts = summaries[True][1][0]
    assert (second_counts.imported, second_counts.updated, second_counts.unchanged) == (1, 1, 2)
    statuses = [r[4] for r in landed[True]["raw_rows"] if r[0] == 2]
    assert sorted(set(statuses)) == ["imported", "rejected", "unchanged", "updated"]


def test_a_batch_crosses_processes_in_marshal_form_and_back(rows_csv: Path) -> None:
    header = map_header(ROWS.splitlines()[0].split(","), str(rows_csv))
    rows = [
        SourceRow(1, 2, ["A1", "Sim One", "x", "34", "2016-11-19", "Aleppo", "Aleppo", ""]),
        SourceRow(2, 3, ["", "Sim Two", "M", "", "2016-13-40", "", "", ""]),
        SourceRow(3, 4, [], "not a JSON object"),
    ]
    batch = run.prepare_batch(header, rows, run_id=7)
    data = batch.to_bytes()
    assert data is not None
    back = run.PreparedBatch.from_bytes(data)
    assert back == batch
    assert [st for *_, st, _ in back.raws] == ["imported", "rejected", "rejected"]
    assert json.loads(back.raws[2][5]) == [Problem("(row)", "not a JSON object").to_dict()]

    class Tagged(str):
        pass

    batch.records[0] = (*batch.records[0][:-1], Tagged("x"))
    assert batch.to_bytes() is None  # pickle carries it instead


def test_garbage_collection_is_paused_only_while_rows_land() -> None:
    assert gc.isenabled()
    with run._gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with run._gc_paused():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_records_carry_one_timestamp_per_batch_as_the_driver_writes_it(
    tmp_path: Path, rows_csv: Path
) -> None:
    engine = _store(tmp_path, "ws")
    try:
        import_canonical_csv(engine, rows_csv, "A")
        with engine.connect() as conn:
            stamps = conn.execute(
                text("SELECT created_at, updated_at, typeof(created_at) FROM victim_records")
            ).all()
    finally:
        engine.dispose()
    assert len(stamps) == 3
    for created, updated, kind in stamps:
        # what the sqlite3 module stores for a datetime: isoformat(" ") with the UTC offset
        assert kind == "text" and created == updated
        assert len(created) in (25, 32) and created.endswith("+00:00") and created[10] == " "


def test_a_full_row_is_encoded_from_its_cells_as_from_its_dictionary() -> None:
    """A row with one cell per column is encoded and hashed without a dictionary; the raw row
    JSON and the row hash are what the dictionary of its cells would give."""
    columns = ROWS.splitlines()[0].split(",")
    header = map_header(columns, "rows.csv")
    enc = run._Encoder(header)
    for values in (
        ["A1", "Sim One", "x", "34", "2016-11-19", "Aleppo", "Aleppo", ""],
        ['B"2', 'quote " and \\ back', "", " ", "٢٠١٦", "حلب", "", "two\nlines"],
    ):
        data = row_data(values, header.columns)
        assert enc.cells_json(values) == run._DATA_JSON(data) == enc.data_json(data)
        assert enc.cells_sha256(values) == run._row_sha256(data) == enc.row_sha256(data)


def test_check_row_gives_the_record_validate_row_gives() -> None:
    header = map_header(ROWS.splitlines()[0].split(","), "rows.csv")
    values = ["A1", "Sim One", "F", "34", "2016-11-19", "Aleppo", "Aleppo", "n"]
    record_id, rec, problems, rejected = check_row(values, header, 1)
    result = validate_row(values, header, 1)
    assert rec is not None and not rejected and record_id == result.record_id == "A1"
    assert dict(zip(RECORD_KEYS, rec, strict=True)) == result.record
    assert list(result.record or ()) == list(RECORD_KEYS)
    assert problems == result.problems
