"""Import fills the normalised columns; ``tawthiq normalize`` re-derives them without re-import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, update
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.ingest import import_canonical_csv, renormalize
from tawthiq.ingest._derive import NORMALIZED_COLUMNS, derive
from tawthiq.store.schema import AuditEvent, RawRow, VictimRecord
from tawthiq_testing import table_counts


def _records(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(VictimRecord.__table__))
        return {r.source_record_id: dict(r._mapping) for r in rows}


def test_canonical_import_fills_the_normalised_columns(engine: Engine, six_rows_csv: Path) -> None:
    import_canonical_csv(engine, six_rows_csv, "A")
    recs = _records(engine)
    a1, a2, a3 = recs["A1"], recs["A2"], recs["A3"]
    assert (a1["name_script"], a1["given_name_norm"], a1["father_name_norm"]) == (
        "arabic",
        "محمد",
        "احمد",
    )
    assert (a1["given_name_key"], a1["father_name_key"], a1["family_name_key"]) == (
        "MHMD",
        "HMD",
        "KLD",
    )
    assert a1["full_name"] == "محمد أحمد الخالد"  # the original stays beside them
    assert (a1["pcode"], a1["place_precision"], a1["admin1_pcode"]) == (
        "C1007",
        "community",
        "SY02",
    )
    assert (a3["pcode"], a3["admin1_pcode"]) == ("C2338", "SY03")  # دوما in Rural Damascus
    assert a3["given_name_norm"] == "عبد الرحمن"  # a compound stays one unit
    assert (a3["age_min"], a3["age_max"], a3["age_group"]) == (0, 17, "child")
    assert (a2["age_min"], a2["age_group"], a2["name_script"]) == (0.667, "infant", "latin")
    assert (a2["date_earliest"], a2["date_latest"]) == (dt.date(2016, 11, 1), dt.date(2016, 11, 30))


def test_split_name_columns_win_over_the_full_name(engine: Engine, tmp_path: Path) -> None:
    p = tmp_path / "split.csv"
    p.write_text(
        "record_id,full_name,given_name,father_name,family_name\n"
        "S1,Sim Other Name,Mohammad,Abdulrahman,Al-Khatib\n",
        encoding="utf-8",
    )
    import_canonical_csv(engine, p, "S")
    r = _records(engine)["S1"]
    assert (r["given_name_norm"], r["father_name_norm"], r["family_name_norm"]) == (
        "mohammad",
        "abd al rahman",
        "al khatib",
    )
    assert (r["given_name_key"], r["father_name_key"]) == ("MHMD", "BDRHMN")


def test_normalize_re_derives_changed_fields_in_one_go(engine: Engine, six_rows_csv: Path) -> None:
    import_canonical_csv(engine, six_rows_csv, "A")
    before = _records(engine)
    # what stored values look like after a rule change: stale keys and places
    with engine.begin() as conn:
        conn.execute(
            update(VictimRecord)
            .where(VictimRecord.source_record_id == "A1")
            .values(given_name_key="OLD", pcode=None, place_precision=None)
        )
        conn.execute(
            update(VictimRecord).where(VictimRecord.source_record_id == "A3").values(age_group=None)
        )
    counts = table_counts(engine)
    dry = renormalize(engine, dry_run=True)
    assert (dry.records, dry.changed, dry.dry_run) == (3, 2, True)
    assert _records(engine)["A1"]["given_name_key"] == "OLD"  # nothing written
    s = renormalize(engine, run_by="tester")
    assert (s.records, s.changed) == (3, 2)
    assert s.columns == {"given_name_key": 1, "pcode": 1, "place_precision": 1, "age_group": 1}
    after = _records(engine)
    for rid in before:
        assert {c: after[rid][c] for c in NORMALIZED_COLUMNS} == {
            c: before[rid][c] for c in NORMALIZED_COLUMNS
        }
    assert renormalize(engine).changed == 0
    now = table_counts(engine)
    assert (
        now["raw_rows"] == counts["raw_rows"] and now["victim_records"] == counts["victim_records"]
    )
    with engine.connect() as conn:
        actions = [a for (a,) in conn.execute(select(AuditEvent.action))]
        raws = conn.execute(select(RawRow.status)).all()
    assert actions.count("normalize") == 2 and len(raws) == 6


def test_normalize_uses_the_date_order_of_the_import(engine: Engine, tmp_path: Path) -> None:
    p = tmp_path / "dmy.csv"
    p.write_text("record_id,full_name,date_of_death\nD1,Sim,03/04/2016\n", encoding="utf-8")
    import_canonical_csv(engine, p, "S", date_order="dmy")
    with engine.begin() as conn:
        conn.execute(update(VictimRecord).values(date_earliest=None, date_latest=None))
    assert renormalize(engine).changed == 1
    assert _records(engine)["D1"]["date_earliest"] == dt.date(2016, 4, 3)


def test_normalize_command(backend: str, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    src = tmp_path / "a.csv"
    src.write_text("record_id,full_name,place_of_death\nN1,Sim,Idleb\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["-w", str(ws), "init"]).exit_code == 0
    assert runner.invoke(app, ["-w", str(ws), "import", str(src), "-s", "S"]).exit_code == 0
    r = runner.invoke(app, ["-w", str(ws), "normalize"])
    assert r.exit_code == 0, r.output
    assert "normalised 1 records: changed 0" in r.stdout


_TEXT = st.one_of(st.none(), st.text(max_size=25), st.sampled_from(["حلب", "03/04/2016", "٨ أشهر"]))


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({k: _TEXT for k in ("full_name", "given_name", "sex_text",
                                                   "age_text", "date_text", "place_text",
                                                   "governorate_text", "pcode_text",
                                                   "perpetrator_text")}))  # fmt: skip
def test_derive_never_raises_and_fills_every_column(rec: dict[str, str | None]) -> None:
    values, problems = derive(rec)
    assert set(values) == set(NORMALIZED_COLUMNS)
    for key in ("given_name_key", "father_name_key", "family_name_key"):
        assert values[key] is None or len(values[key]) <= 100
    assert all(p.severity in ("error", "warning") for p in problems)
    # an error leaves the date empty; it never invents one
    if any(p.severity == "error" for p in problems):
        assert values["date_earliest"] is None


def test_a_family_name_that_is_also_a_title_stays_a_name(engine: Engine, tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text(
        "record_id,given_name,father_name,family_name\nT1,محمد,أحمد,الخطيب\n", encoding="utf-8"
    )
    s = import_canonical_csv(engine, p, "S")
    assert s.warnings == 0
    r = _records(engine)["T1"]
    assert (r["family_name_norm"], r["family_name_key"]) == ("الخطيب", "KTB")
