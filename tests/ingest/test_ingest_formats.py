"""Import formats end to end (issue 4, acceptance 4): XLSX via a mapping file with Arabic
headers and day-first dates, HXL, JSON lines; rejected rows reported with file, row and field."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.errors import InputError
from tawthiq.ingest import detect_format, import_file, load_mapping
from tawthiq.store.schema import ImportRun, RawRow, VictimRecord

DATA = Path(__file__).parent / "data"
HEADERS = [
    "الرقم",
    "الاسم الكامل",
    "الجنس",
    "العمر",
    "تاريخ الوفاة",
    "مكان الوفاة",
    "المحافظة",
    "سبب الوفاة",
    "الجهة المسؤولة",
]
ROWS: list[list[Any]] = [
    [
        "V1",
        "محمد خالد العلي",
        "ذكر",
        34,
        "03/04/2016",
        "دوما",
        "ريف دمشق",
        "قصف جوي",
        "قوات النظام",
    ],
    [
        "V2",
        "Sim Latin Person",
        "أنثى",
        "٨ أشهر",
        dt.datetime(2016, 11, 19),
        "داريا",
        "ريف دمشق",
        "قذائف هاون",
        "روسيا او النظام",
    ],
    ["V3", "فاطمة أحمد", "أنثى", "طفلة", "٢١/٠٨/٢٠١٣", "زملكا", None, "كيميائي", None],
    [None, "Sim No Id", "M", 40, "19/11/2016", "حلب", "حلب", None, None],
    ["V5", "Sim Bad Date", "M", 40, "31/02/2016", "حلب", "حلب", None, None],
    ["V6", "عبد الرحمن محمود", "ذكر", 60.0, 42000, "مضايا", "إدلب", None, None],
    ["V7", "Sim Month Only", None, None, "آب 2013", "حلب", "حلب", None, None],
]


def write_xlsx(path: Path, rows: list[list[Any]] = ROWS) -> Path:
    wb = Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "ملاحظات"
    notes.append(["هذه الورقة ملاحظات فقط"])
    data = wb.create_sheet("الضحايا")
    data.append(HEADERS)
    for row in rows:
        data.append(row)
    wb.save(path)
    return path


def _records(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(VictimRecord.__table__))
        return {r.source_record_id: dict(r._mapping) for r in rows}


def test_xlsx_with_arabic_headers_through_a_mapping_file(engine: Engine, tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "list.xlsx")
    s = import_file(engine, xlsx, None, mapping=DATA / "arabic_xlsx_mapping.toml")
    c = s.counts
    assert s.source == "Sim Arabic spreadsheet list"  # the mapping names the list
    assert (c.read, c.imported, c.rejected) == (7, 5, 2)
    lines = [p.describe("list.xlsx") for p in s.rejections]
    assert lines == [
        "list.xlsx: row 4 (sheet row 5), field 'record_id' (column 'الرقم'): missing (required)",
        "list.xlsx: row 5 (sheet row 6), field 'date_of_death' (column 'تاريخ الوفاة'): "
        "invalid date: day 31 is not in February 2016 (it has 29 days)",
    ]
    recs = _records(engine)
    v1, v2, v3, v6, v7 = (recs[k] for k in ("V1", "V2", "V3", "V6", "V7"))
    # day-first as the mapping declares: 03/04/2016 is 3 April
    assert (v1["date_earliest"], v1["date_precision"]) == (dt.date(2016, 4, 3), "day")
    assert v1["date_text"] == "03/04/2016"
    assert v2["date_earliest"] == dt.date(2016, 11, 19)  # a date cell
    assert v3["date_earliest"] == dt.date(2013, 8, 21)  # Arabic-Indic digits
    assert v6["date_earliest"] == dt.date(2014, 12, 27)  # an Excel serial number
    assert (v7["date_earliest"], v7["date_latest"], v7["date_precision"]) == (
        dt.date(2013, 8, 1),
        dt.date(2013, 8, 31),
        "month",
    )
    assert [r["pcode"] for r in (v1, v2, v3, v6)] == ["C2338", "C2498", "C2320", "C6593"]
    assert v7["pcode"] == "C1007"  # حلب with the governorate حلب: the city
    assert {r["admin1_pcode"] for r in (v1, v2, v3)} == {"SY03"}
    assert (v1["sex"], v1["cause"], v1["perpetrator"]) == ("male", "airstrike", "syrian_government")
    assert v2["perpetrator"] == "russia_or_syrian_government"
    assert (v2["age_min"], v2["age_group"], v2["age_text"]) == (0.667, "infant", "٨ أشهر")
    assert (v3["age_min"], v3["age_max"], v3["age_group"]) == (0, 17, "child")
    assert v6["age_text"] == "60" and v6["age_min"] == 60
    assert all(r["status"] == "civilian" and r["status_text"] == "civilian" for r in recs.values())
    assert (v1["given_name_key"], v1["family_name_norm"]) == ("MHMD", "العلي")
    assert v1["name_script"] == "arabic"
    with engine.connect() as conn:
        run = conn.execute(select(ImportRun.format, ImportRun.mapping)).one()
        raw = conn.execute(select(RawRow.data).where(RawRow.row_number == 1)).scalar_one()
    assert run.format == "xlsx" and run.mapping["date_order"] == "dmy"
    assert raw["الرقم"] == "V1" and raw["تاريخ الوفاة"] == "03/04/2016"  # verbatim


def test_the_same_workbook_under_another_date_order_is_re_read(
    engine: Engine, tmp_path: Path
) -> None:
    xlsx = write_xlsx(tmp_path / "list.xlsx")
    mapping = DATA / "arabic_xlsx_mapping.toml"
    import_file(engine, xlsx, None, mapping=mapping)
    again = import_file(engine, xlsx, None, mapping=mapping)
    assert again.already_imported is not None
    other = import_file(engine, xlsx, None, mapping=mapping, date_order="mdy")
    assert other.already_imported is None
    # every record is re-derived under the new settings; 21/08/2013 is no month/day date
    assert (other.counts.updated, other.counts.rejected) == (4, 3)
    assert _records(engine)["V1"]["date_earliest"] == dt.date(2016, 3, 4)


def test_sheet_can_be_chosen_on_the_command_line(engine: Engine, tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "list.xlsx")
    with pytest.raises(InputError, match="no sheet 'Missing'"):
        import_file(engine, xlsx, "S", mapping=DATA / "arabic_xlsx_mapping.toml", sheet="Missing")
    s = import_file(engine, xlsx, "S", mapping=DATA / "arabic_xlsx_mapping.toml", sheet="2")
    assert s.counts.imported == 5


def test_hxl_victim_list_end_to_end_on_the_command_line(backend: str, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(app, ["-w", str(ws), "init"]).exit_code == 0
    src = shutil.copy(DATA / "victims_hxl.csv", tmp_path / "victims_hxl.csv")
    r = runner.invoke(app, ["-w", str(ws), "import", str(src), "--source", "HXL list"])
    assert r.exit_code == 0, r.output
    assert "read 5, imported 3 records" in r.stdout and "rejected 2" in r.stdout
    rejected = [ln for ln in r.stderr.splitlines() if ln.startswith("rejected:")]
    assert rejected == [
        f"rejected: {src}: row 3 (line 5), field 'date_of_death' (column 'Date of death'): "
        "invalid date: day 30 is not in February 2016 (it has 29 days)",
        f"rejected: {src}: row 4 (line 6), field 'record_id' (column 'Record'): missing (required)",
    ]


def test_hxl_hashtags_map_to_fields(engine: Engine) -> None:
    s = import_file(engine, DATA / "victims_hxl.csv", "HXL list")
    assert s.counts.imported == 3
    recs = _records(engine)
    assert (recs["H1"]["pcode"], recs["H1"]["sex"], recs["H1"]["cause"]) == (
        "C2338",
        "male",
        "airstrike",
    )
    assert recs["H2"]["age_min"] == 0.667 and recs["H2"]["date_precision"] == "month"
    # H5 has no place, only a governorate code: the governorate is the precision
    assert (recs["H5"]["pcode"], recs["H5"]["place_precision"]) == ("SY07", "governorate")
    assert (recs["H5"]["age_min"], recs["H5"]["age_max"], recs["H5"]["age_group"]) == (
        60,
        None,
        "elderly",
    )
    with engine.connect() as conn:
        fmt = conn.execute(select(ImportRun.format)).scalar_one()
    assert fmt == "hxl"


def test_json_lines_keep_bad_lines_as_rejected_rows(engine: Engine) -> None:
    s = import_file(engine, DATA / "victims.jsonl", "J")
    assert (s.counts.read, s.counts.imported, s.counts.rejected) == (5, 2, 3)
    assert [(p.row, p.line, p.field) for p in s.rejections] == [
        (3, 4, "(row)"),
        (4, 5, "(row)"),
        (5, 6, "date_of_death"),
    ]
    assert "ambiguous date" in s.rejections[2].message
    recs = _records(engine)
    assert recs["J1"]["age_min"] == 34 and recs["J1"]["pcode"] == "C2338"
    assert recs["J2"]["date_earliest"] == dt.date(2013, 8, 21)
    with engine.connect() as conn:
        raw = conn.execute(select(RawRow.data).where(RawRow.row_number == 2)).scalar_one()
    assert raw["extra"] == '{"witnesses": 2}'  # nested values kept as JSON text


def test_json_lines_with_a_declared_date_order(engine: Engine) -> None:
    s = import_file(engine, DATA / "victims.jsonl", "J", date_order="dmy")
    assert s.counts.imported == 3
    assert _records(engine)["J5"]["date_earliest"] == dt.date(2016, 4, 3)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("acled_syria_sample.csv", "acled"),
        ("ucdp_ged_sample.csv", "ucdp"),
        ("airwars_style_sample.csv", "airwars"),
        ("victims_hxl.csv", "hxl"),
        ("incidents_hxl.csv", "hxl"),
        ("victims.jsonl", "jsonl"),
    ],
)
def test_formats_are_detected(name: str, fmt: str) -> None:
    assert detect_format(DATA / name) == fmt


def test_xlsx_is_detected(tmp_path: Path) -> None:
    assert detect_format(write_xlsx(tmp_path / "w.xlsx")) == "xlsx"


def test_plain_csv_needs_canonical_columns_or_a_mapping(engine: Engine, tmp_path: Path) -> None:
    p = tmp_path / "other.csv"
    p.write_text("رقم,اسم,تاريخ\n1,Sim,19/11/2016\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs --mapping"):
        import_file(engine, p, "S")
    m = tmp_path / "m.toml"
    m.write_text(
        '[columns]\n"رقم" = "record_id"\n"اسم" = "given_name"\n"تاريخ" = "date_of_death"\n'
        '[constants]\ngovernorate = "Idlib"\n',
        encoding="utf-8",
    )
    s = import_file(engine, p, "S", mapping=m)
    assert s.counts.imported == 1
    rec = _records(engine)["1"]
    assert rec["date_earliest"] == dt.date(2016, 11, 19)  # 19 > 12: only one reading
    assert (rec["governorate_text"], rec["pcode"]) == ("Idlib", "SY07")


def test_a_cp1256_csv_through_a_mapping_with_its_encoding(engine: Engine, tmp_path: Path) -> None:
    p = tmp_path / "legacy.csv"
    p.write_bytes("الرقم,الاسم\nL1,محمد أحمد\n".encode("cp1256"))
    m = tmp_path / "m.toml"
    m.write_text(
        'encoding = "cp1256"\nsource = "Legacy"\n[columns]\n'
        '"الرقم" = "record_id"\n"الاسم" = "full_name"\n',
        encoding="utf-8",
    )
    s = import_file(engine, p, None, mapping=m)
    assert (s.source, s.counts.imported) == ("Legacy", 1)
    assert _records(engine)["L1"]["given_name_norm"] == "محمد"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("colums = {}\n", "unknown key"),
        ('[columns]\n"a" = "name"\n', "not a canonical field"),
        ('[columns]\n"a" = "full_name"\n"b" = "full_name"\n', "both map to"),
        ('date_order = "dym"\n', "date_order must be"),
        ('[constants]\nrecord_id = "x"\n', "cannot be constant|can be constant"),
        ("[columns\n", "not a valid TOML"),
    ],
)
def test_mapping_mistakes_are_reported(tmp_path: Path, toml: str, message: str) -> None:
    m = tmp_path / "m.toml"
    m.write_text(toml, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_mapping(m)


def test_a_mapping_naming_a_missing_column_is_refused(engine: Engine, tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("id,name\n1,Sim\n", encoding="utf-8")
    m = tmp_path / "m.toml"
    m.write_text('[columns]\n"id" = "record_id"\n"الاسم" = "full_name"\n', encoding="utf-8")
    with pytest.raises(InputError, match="the file does not have"):
        import_file(engine, p, "S", mapping=m)


def test_xlsx_mapping_import_on_the_command_line(backend: str, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(app, ["-w", str(ws), "init"]).exit_code == 0
    xlsx = write_xlsx(tmp_path / "list.xlsx")
    mapping = str(DATA / "arabic_xlsx_mapping.toml")
    r = runner.invoke(app, ["-w", str(ws), "import", str(xlsx), "--mapping", mapping])
    assert r.exit_code == 0, r.output
    assert "'Sim Arabic spreadsheet list'" in r.stdout
    assert "read 7, imported 5 records" in r.stdout and "rejected 2" in r.stdout
    rejected = [ln for ln in r.stderr.splitlines() if ln.startswith("rejected:")]
    assert rejected == [
        f"rejected: {xlsx}: row 4 (sheet row 5), field 'record_id' (column 'الرقم'): "
        "missing (required)",
        f"rejected: {xlsx}: row 5 (sheet row 6), field 'date_of_death' (column 'تاريخ الوفاة'): "
        "invalid date: day 31 is not in February 2016 (it has 29 days)",
    ]
    r = runner.invoke(
        app, ["-w", str(ws), "import", str(xlsx), "-m", mapping, "--date-order", "dym"]
    )
    assert r.exit_code == 1 and "--date-order 'dym'" in r.stderr
