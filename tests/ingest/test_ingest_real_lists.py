"""Real victim lists import as their makers wrote them (issue 14, acceptance 2, 3 and 5).

The files here are built in the layouts of real exports (the VDC victim database's header and
category labels, from ``labels.md``) with simulated names: no real person appears.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.errors import InputError
from tawthiq.ingest import import_canonical_csv, import_file, load_mapping
from tawthiq.ingest.unmapped import place_precisions, unmapped_values
from tawthiq.report import export_problems, export_rejected
from tawthiq.store.schema import RawRow, VictimRecord

VDC_HEADER = [
    "uid",
    "name",
    "sex",
    "age",
    "status",
    "province",
    "area_place_of_birth",
    "death_location",
    "date_of_death",
    "cause_of_death",
    "actors",
    "weapon_type",
    "method_of_execution",
    "caesar_file",
    "rank_military_situation",
    "marital_status",
    "number_of_kids",
    "mother_name",
    "occupation",
    "notes",
]

# The VDC labels of labels.md (every one of them, so that each is exercised by an import).
VDC_SEX = ["Adult - Male", "Child - Male", "Adult - Female", "Child - Female"]
VDC_STATUS = ["Civilian", "Non-Civilian"]
VDC_CAUSE = [
    "Shooting",
    "Shelling",
    "Warplane shelling",
    "Field Execution",
    "Detention - Torture",
    "Explosion",
    "Kidnapping - Execution",
    "Other",
    "Chemical and toxic gases",
    "Detention - Execution",
    "Detention - Torture - Execution",
    "Unknown",
    "Kidnapping - Torture - Execution",
    "Kidnapping - Torture",
    "Un-allowed to seek Medical help",
    "Siege",
]
VDC_ACTORS = [
    "Syrian government and affiliated militias",
    "The organization of the Islamic State in Iraq and the Levant - ISIS",
    "Not identified",
    "Russian troops",
    "International coalition forces",
    "Armed opposition groups",
    "Self administration forces",
    "Al-Nusra Front",
]
VDC_WEAPONS = ["Artillery", "Mines", "Explosive barrels", "Car Bomb", "Sniper gunfire", ""]
# the VDC's English province names
PROVINCES = [
    "Aleppo",
    "Idlib",
    "Homs",
    "Hama",
    "Daraa",
    "Damascus",
    "Damascus Suburbs",
    "Raqqa",
    "Deir Ezzor",
    "Hasakeh",
    "Swaida",
    "Lattakia",
    "Tartous",
    "Quneitra",
]

VDC_MAPPING = """\
source = "Sim VDC-layout list"

[columns]
uid = "record_id"
name = "full_name"
sex = "sex"
age = "age"
status = "status"
province = "governorate"
death_location = "place_of_death"
date_of_death = "date_of_death"
cause_of_death = "cause"
actors = "perpetrator"
weapon_type = "weapon"
mother_name = "mother_name"
notes = "notes"
"""


def _vdc_rows(n: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        day = date(2012, 1, 1) + timedelta(days=rng.randrange(2000))
        rows.append(
            {
                "uid": str(100_000 + i),
                "name": f"Sim Person {i}",
                "sex": VDC_SEX[i % len(VDC_SEX)],
                "age": rng.choice(["", "", "34", "7"]) if i % len(VDC_SEX) == 0 else "",
                "status": VDC_STATUS[i % len(VDC_STATUS)],
                "province": PROVINCES[i % len(PROVINCES)],
                "area_place_of_birth": "",
                "death_location": "",
                "date_of_death": "0000-00-00" if i % 10 == 3 else day.isoformat(),
                "cause_of_death": VDC_CAUSE[i % len(VDC_CAUSE)],
                "actors": VDC_ACTORS[i % len(VDC_ACTORS)],
                "weapon_type": VDC_WEAPONS[i % len(VDC_WEAPONS)],
                "method_of_execution": "",
                "caesar_file": "",
                "rank_military_situation": "",
                "marital_status": "Unknown",
                "number_of_kids": "",
                "mother_name": "",
                "occupation": "",
                "notes": "",
            }
        )
    return rows


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    return path


def _records(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        rows = conn.execute(select(VictimRecord.__table__).order_by(VictimRecord.id))
        return [dict(r._mapping) for r in rows]


def test_a_vdc_layout_file_imports_with_a_columns_only_mapping(
    engine: Engine, tmp_path: Path
) -> None:
    rows = _vdc_rows(64)
    data = _write(tmp_path / "vdc.csv", VDC_HEADER, rows)
    mapping = tmp_path / "vdc.toml"
    mapping.write_text(VDC_MAPPING, encoding="utf-8")
    s = import_file(engine, data, None, mapping=mapping)
    assert (s.counts.read, s.counts.imported, s.counts.rejected) == (64, 64, 0)
    records = _records(engine)
    # every row coded: sex and age group from "Adult - Male", status, cause and perpetrator
    for rec in records:
        for column in ("sex", "age_group", "status", "cause", "perpetrator", "admin1_pcode"):
            assert rec[column] is not None, column
    by_id = {r["source_record_id"]: r for r in records}
    first = by_id["100000"]
    assert (first["sex"], first["status"]) == ("male", "civilian")
    assert by_id["100003"]["sex"] == "female" and by_id["100003"]["age_group"] == "child"
    assert by_id["100001"]["status"] == "combatant"  # "Non-Civilian"
    # 0000-00-00: kept, with an unknown date and a warning
    unknown = [r for r in records if r["date_text"] == "0000-00-00"]
    assert len(unknown) == 7 and all(r["date_earliest"] is None for r in unknown)
    kinds = {(k.field, k.severity) for k in s.problem_kinds}
    assert ("date_of_death", "warning") in kinds
    assert not [k for k in s.problem_kinds if k.field in {"sex", "status", "cause", "perpetrator"}]


def test_a_file_without_ids_imports_with_row_numbers(engine: Engine, tmp_path: Path) -> None:
    header = [c for c in VDC_HEADER if c != "uid"]
    rows = [{k: v for k, v in r.items() if k != "uid"} for r in _vdc_rows(5)]
    data = _write(tmp_path / "no_ids.csv", header, rows)
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        VDC_MAPPING.replace('uid = "record_id"\n', "") + '\n[constants]\nrecord_id = "@row"\n',
        encoding="utf-8",
    )
    s = import_file(engine, data, "S", mapping=mapping)
    assert s.counts.imported == 5
    assert [r["source_record_id"] for r in _records(engine)] == ["1", "2", "3", "4", "5"]
    again = import_file(engine, data, "S", mapping=mapping)
    assert again.already_imported is not None


def test_value_maps_and_a_column_feeding_two_fields(engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "list.csv"
    data.write_text(
        "id,name,who,kind,group\n"
        "1,Sim One,Regime forces,Adult - Male,killed by barrel\n"
        "2,Sim Two,Unknown group X,Child - Female,\n"
        "3,Sim Three,regime  FORCES,Adult - Female,killed by barrel\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        "[columns]\n"
        'id = "record_id"\n'
        'name = "full_name"\n'
        'who = "perpetrator"\n'
        'kind = ["sex", "age"]\n'
        'group = "cause"\n'
        "[values.perpetrator]\n"
        '"Regime forces" = "syrian_government"\n'
        '"Unknown group X" = ""\n'
        "[values.cause]\n"
        '"killed by barrel" = "barrel_bomb"\n',
        encoding="utf-8",
    )
    s = import_file(engine, data, "S", mapping=mapping)
    assert s.counts.imported == 3
    recs = {r["source_record_id"]: r for r in _records(engine)}
    assert recs["1"]["perpetrator"] == "syrian_government"
    assert recs["3"]["perpetrator"] == "syrian_government"  # case and spacing aside
    assert recs["2"]["perpetrator"] == "unknown"  # "" reads as explicitly unknown
    assert recs["1"]["cause"] == "barrel_bomb"
    # one column, two fields: "Adult - Male" is the sex and the age (group)
    assert (recs["1"]["sex"], recs["1"]["age_group"], recs["1"]["age_text"]) == (
        "male",
        "adult",
        "Adult - Male",
    )
    assert (recs["2"]["sex"], recs["2"]["age_group"]) == ("female", "child")
    assert not s.problem_kinds  # nothing left unmapped
    # the mapping is stored with the run, and `tawthiq normalize` re-derives with it
    from tawthiq.ingest import renormalize

    n = renormalize(engine)
    assert n.changed == 0 and n.warnings == 0


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[values.nationality]\n"x" = "y"\n', "values can be mapped for"),
        ('[values.perpetrator]\n"Regime" = "the_regime"\n', "not a perpetrator code"),
        ('[values.sex]\n"M." = "man"\n', "not a sex code"),
        ('[values.place_of_death]\n"Old town" = "SY99"\n', "not a P-code"),
        ('[values.cause]\n"" = "other"\n', "maps an empty value"),
        ('[values.cause]\n"Gun" = "shooting"\n"GUN" = "execution"\n', "twice, to different"),
        ("[values]\ncause = 3\n", "must be a table"),
        ('[columns]\n"a" = ["full_name", "nope"]\n', "not a canonical field"),
        ('[columns]\n"a" = ["sex", "sex"]\n', "names the field 'sex' twice"),
        ('[columns]\n"a" = []\n', "maps to no field"),
        ('[columns]\n"a" = ["sex"]\n"b" = "sex"\n', "both map to"),
        ('[constants]\nrecord_id = "@line"\n', "record_id cannot be constant"),
    ],
)
def test_mapping_mistakes_are_reported_before_anything_is_read(
    tmp_path: Path, toml: str, message: str
) -> None:
    m = tmp_path / "m.toml"
    m.write_text(toml, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_mapping(m)


def test_vocab_unmapped_lists_what_did_not_map(backend: str, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    data = tmp_path / "a.csv"
    data.write_text(
        "record_id,full_name,cause,perpetrator,place_of_death,governorate\n"
        "1,Sim One,death by mysterious means,Regime,Nowhere-ville,Aleppo\n"
        "2,Sim Two,death by mysterious means,Some new militia,Nowhere-ville,Aleppo\n"
        "3,Sim Three,shelling,Some new militia,,\n"
        "4,Sim Four,death by mysterious means,,Manbij,\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["-w", str(ws), "import", str(data), "--source", "A"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["-w", str(ws), "vocab", "unmapped", "--json"])
    assert r.exit_code == 0, r.output
    found = json.loads(r.stdout)
    listed = {(u["field"], u["value"]): u["count"] for u in found["unmapped"]}
    assert listed[("cause", "death by mysterious means")] == 3
    assert listed[("perpetrator", "Some new militia")] == 2
    assert listed[("place", "Nowhere-ville")] == 2
    assert ("perpetrator", "Regime") not in listed  # mapped by the vocabulary
    assert found["unmapped"][0]["count"] == 3  # most frequent first
    r = runner.invoke(app, ["-w", str(ws), "vocab", "unmapped", "--field", "cause"])
    assert r.exit_code == 0 and "death by mysterious means" in r.stdout
    assert "Some new militia" not in r.stdout
    r = runner.invoke(app, ["-w", str(ws), "vocab", "unmapped", "--field", "colour"])
    assert r.exit_code == 1 and "use one of" in r.output
    r = runner.invoke(app, ["-w", str(ws), "status", "--places"])
    assert r.exit_code == 0 and "resolved below the governorate" in r.stdout


def test_unmapped_values_by_source_and_place_precisions(engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "a.csv"
    data.write_text(
        "record_id,full_name,sex,place_of_death,governorate\n"
        "1,Sim One,Adult - Male,Manbij,\n2,Sim Two,shemale?,,Aleppo\n",
        encoding="utf-8",
    )
    import_canonical_csv(engine, data, "A")
    assert [(u.field, u.value, u.count) for u in unmapped_values(engine, source="A")] == [
        ("sex", "shemale?", 1)
    ]
    with pytest.raises(InputError, match="no source"):
        unmapped_values(engine, source="Z")
    levels = {p.precision: p.records for p in place_precisions(engine)}
    assert levels == {"community": 1, "governorate": 1}


# --- rows and files ---------------------------------------------------------------------------


def test_a_short_row_is_warned_naming_the_missing_columns(engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "short.csv"
    data.write_text(
        "record_id,full_name,sex,date_of_death,governorate\n"
        "1,Sim One,M,2016-01-02,Aleppo\n"
        "2,Sim Two,F\n",
        encoding="utf-8",
    )
    s = import_canonical_csv(engine, data, "S")
    assert s.counts.imported == 2 and s.warned_rows == 1
    with engine.connect() as conn:
        problems = conn.execute(select(RawRow.problems).where(RawRow.row_number == 2)).scalar()
    assert problems is not None
    message = problems[0]["message"]
    assert "3 cells but the header has 5" in message
    assert "'date_of_death', 'governorate'" in message


def test_an_oversized_field_rejects_its_row_only(engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "big.csv"
    huge = "x" * 200_000
    data.write_text(
        f"record_id,full_name,notes\n1,Sim One,ok\n2,Sim Two,{huge}\n3,Sim Three,ok\n",
        encoding="utf-8",
    )
    s = import_canonical_csv(engine, data, "S")
    assert (s.counts.imported, s.counts.rejected) == (2, 1)
    assert s.rejections[0].row == 2 and "200,000 characters" in s.rejections[0].message
    out = export_rejected(engine, s.run_id or 0, tmp_path / "rejected.csv")
    assert out.rows == 1
    with (tmp_path / "rejected.csv").open(encoding="utf-8", newline="") as fh:
        csv.field_size_limit(1 << 30)
        back = list(csv.DictReader(fh))
    assert back[0]["notes"] == huge  # nothing lost: the row is kept verbatim


def test_export_rejected_writes_the_files_own_columns(
    engine: Engine, tmp_path: Path, six_rows_csv: Path
) -> None:
    s = import_canonical_csv(engine, six_rows_csv, "A")
    out = tmp_path / "rejected.csv"
    export_rejected(engine, s.run_id or 0, out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert header[:9] == [
        "record_id",
        "full_name",
        "sex",
        "age",
        "date_of_death",
        "place_of_death",
        "governorate",
        "cause",
        "status",
    ]
    assert header[9:] == ["tawthiq_row", "tawthiq_line", "tawthiq_problems"]
    assert [r[9] for r in rows[1:]] == ["3", "5", "6"]
    assert "date_of_death: invalid date" in rows[3][11]
    # fixed and imported again, the file's own columns are read as before
    fixed = tmp_path / "fixed.csv"
    with fixed.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerow(["A9", *rows[1][1:]])
    again = import_canonical_csv(engine, fixed, "A")
    assert again.counts.imported == 1


def test_export_problems_one_line_per_problem(engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "p.csv"
    data.write_text(
        "record_id,full_name,date_of_death,cause\n"
        "1,Sim One,2099-01-01,not a cause\n"
        "2,Sim Two,1438-02-20,shelling\n"
        "3,Sim Three,2016-13-01,shelling\n",
        encoding="utf-8",
    )
    s = import_canonical_csv(engine, data, "S")
    out = tmp_path / "problems.csv"
    n = export_problems(engine, s.run_id or 0, out).rows
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert n == len(rows) == 4
    assert [(r["row"], r["field"], r["severity"]) for r in rows] == [
        ("1", "cause", "warning"),
        ("1", "date_of_death", "warning"),
        ("2", "date_of_death", "warning"),
        ("3", "date_of_death", "error"),
    ]
    assert "after the import day" in rows[1]["message"]
    assert "Hijri" in rows[2]["message"]
    assert rows[3]["status"] == "rejected"
    with pytest.raises(InputError, match="no import run 99"):
        export_problems(engine, 99, out)


def test_mapped_columns_are_named_in_problems(engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "m.csv"
    data.write_text("uid,name,cause_of_death\n1,Sim,unheard-of cause\n", encoding="utf-8")
    m = tmp_path / "m.toml"
    m.write_text(
        '[columns]\nuid = "record_id"\nname = "full_name"\ncause_of_death = "cause"\n',
        encoding="utf-8",
    )
    s = import_file(engine, data, "S", mapping=m)
    out = tmp_path / "problems.csv"
    export_problems(engine, s.run_id or 0, out)
    with out.open(encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert (row["field"], row["column"]) == ("cause", "cause_of_death")


def test_dates_hijri_future_and_before_the_period(engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text(
        "record_id,full_name,date_of_death\n"
        "1,Sim One,1438-02-20 هـ\n"
        "2,Sim Two,1438-02-20\n"
        "3,Sim Three,2099-01-01\n"
        "4,Sim Four,1990-05-01\n"
        "5,Sim Five,00/00/0000\n"
        "6,Sim Six,2016-11-20\n",
        encoding="utf-8",
    )
    s = import_canonical_csv(engine, data, "S")
    assert s.counts.imported == 6  # none rejected
    recs = {r["source_record_id"]: r for r in _records(engine)}
    assert recs["1"]["date_earliest"] == date(2016, 11, 20)  # converted from the Hijri calendar
    assert recs["2"]["date_earliest"] is None  # probably Hijri: not stored as the year 1438
    assert recs["3"]["date_earliest"] == date(2099, 1, 1)  # kept, and warned
    assert recs["5"]["date_earliest"] is None
    with engine.connect() as conn:
        problems = dict(conn.execute(select(RawRow.row_number, RawRow.problems)).all())
    assert "Hijri" in json.dumps(problems[2], ensure_ascii=False)
    assert "after the import day" in problems[3][0]["message"]
    assert "before the period" in problems[4][0]["message"]
    assert problems[6] is None


def test_duplicate_file_on_the_command_line(
    backend: str, tmp_path: Path, six_rows_csv: Path
) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    runner.invoke(app, ["init", str(ws)])
    r = runner.invoke(app, ["-w", str(ws), "import", str(six_rows_csv), "-s", "A"])
    assert r.exit_code == 0, r.output
    assert "problems by kind" in r.stdout and "tawthiq export problems --run 1" in r.stdout
    r = runner.invoke(app, ["-w", str(ws), "import", str(six_rows_csv), "-s", "B"])
    assert r.exit_code == 1 and "already imported for source 'A'" in r.output
    r = runner.invoke(
        app, ["-w", str(ws), "import", str(six_rows_csv), "-s", "B", "--allow-duplicate-file"]
    )
    assert r.exit_code == 0, r.output
    out = tmp_path / "problems.csv"
    r = runner.invoke(app, ["-w", str(ws), "export", "problems", "--run", "1", "--out", str(out)])
    assert r.exit_code == 0 and out.is_file()


def test_period_start_comes_from_the_workspace(backend: str, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    runner.invoke(app, ["init", str(ws)])
    cfg = ws / "tawthiq.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace('"2011-03-15"', '"1980-01-01"'), encoding="utf-8"
    )
    data = tmp_path / "d.csv"
    data.write_text("record_id,full_name,date_of_death\n1,Sim,1990-05-01\n", encoding="utf-8")
    r = runner.invoke(app, ["-w", str(ws), "import", str(data), "-s", "S"])
    assert r.exit_code == 0 and "0 warnings" in r.stdout


def test_coordinates_place_a_record(engine: Engine, tmp_path: Path) -> None:
    from tawthiq.normalize import gazetteer

    zabadani = gazetteer().get("C2429")
    assert zabadani is not None and zabadani.latitude is not None
    lat, lon = zabadani.latitude, zabadani.longitude
    data = tmp_path / "c.csv"
    data.write_text(
        "record_id,full_name,place_of_death,governorate,latitude,longitude\n"
        f"1,Sim One,,,{lat},{lon}\n"  # only the point
        f"2,Sim Two,Nowhere-ville,Rural Damascus,{lat},{lon}\n"  # the text fails, the point not
        f"3,Sim Three,Aleppo,Aleppo,{lat},{lon}\n"  # the point is elsewhere: said, not used
        "4,Sim Four,,,north,east\n",  # not numbers: kept in the raw row, warned
        encoding="utf-8",
    )
    s = import_canonical_csv(engine, data, "S")
    assert s.counts.imported == 4
    recs = {r["source_record_id"]: r for r in _records(engine)}
    assert (recs["1"]["pcode"], recs["1"]["place_precision"]) == ("C2429", "community")
    assert recs["2"]["pcode"] == "C2429"
    assert recs["3"]["pcode"] == "C1007" and recs["3"]["latitude"] == lat
    assert recs["4"]["latitude"] is None
    with engine.connect() as conn:
        problems = dict(conn.execute(select(RawRow.row_number, RawRow.problems)).all())
    assert problems[1] is None
    assert "the coordinates were used" in json.dumps(problems[2])
    assert "the coordinates lie in SY03" in json.dumps(problems[3])
    assert "not a number" in json.dumps(problems[4])


@pytest.mark.parametrize(
    ("text", "community"),
    [
        ("Manbij", "C1767"),
        ("Al-Qusayr", "C2733"),
        ("Zabadani", "C2429"),
        ("Afrin", "C1366"),
        ("Dana, Idleb", "C4126"),
        ("Izaz", "C1564"),
        ("Azaz", "C1564"),
        ("Houla", "C2541"),
        ("Al-Waer", "C2528"),  # a quarter of Homs city: its community is Homs
        ("Mleha", "C2308"),
        ("Kobani", "C1946"),
        ("Ain al-Arab", "C1946"),
        ("Idlib city", "C3871"),
    ],
)
def test_real_place_spellings_resolve_to_a_community(text: str, community: str) -> None:
    from tawthiq.normalize import PlaceLevel, resolve_place

    res = resolve_place(text)
    assert res.place is not None, res.problem
    place = res.place
    found = place.pcode if place.level is PlaceLevel.COMMUNITY else place.community
    assert found == community


@pytest.mark.slow
def test_a_simulated_300k_world_imports_with_under_1_percent_of_rows_warned(
    tmp_path: Path,
) -> None:
    """Warnings are raised only when they tell the user something (issue 14, acceptance 5):
    on 300,000 canonical simulated rows, fewer than 1 % of the rows carry one."""
    from tawthiq.config import init_workspace
    from tawthiq.simulate import simulate_to_dir
    from tawthiq.store import open_store

    summary = simulate_to_dir(tmp_path / "world", people=222_000, lists=4, seed=3)
    ws, _ = init_workspace(tmp_path / "ws")
    engine = open_store(ws)
    read = warned = 0
    try:
        for path in sorted((tmp_path / "world").glob("list_*.csv")):
            s = import_canonical_csv(engine, path, path.stem)
            read += s.counts.read
            warned += s.warned_rows
    finally:
        engine.dispose()
    assert summary is not None
    assert read >= 300_000
    assert warned / read < 0.01, (warned, read)
