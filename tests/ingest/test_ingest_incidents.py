"""Incident exports into Incident rows with their source (issue 4, acceptance 4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, update
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.ingest import import_file, renormalize
from tawthiq.ingest.incidents import DERIVED_COLUMNS, party_of
from tawthiq.model.vocab import Party
from tawthiq.store.schema import ImportRun, Incident, RawRow, Source

DATA = Path(__file__).parent / "data"


def _incidents(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(Incident.__table__))
        return {r.source_incident_id: dict(r._mapping) for r in rows}


def test_acled_export(engine: Engine) -> None:
    s = import_file(engine, DATA / "acled_syria_sample.csv", "ACLED")
    assert s.kind == "incidents"
    assert (s.counts.read, s.counts.imported, s.counts.rejected) == (6, 4, 2)
    assert [(p.row, p.field) for p in s.rejections] == [(5, "id"), (6, "date")]
    inc = _incidents(engine)
    a, b, c, d = (inc[f"SYR9000{i}"] for i in range(1, 5))
    assert (a["pcode"], a["admin1_pcode"], a["perpetrator"], a["incident_type"]) == (
        "C1134",
        "SY02",
        "russia",
        "airstrike",
    )
    assert (a["killed_min"], a["killed_max"], a["civilians_min"]) == (4, 4, None)
    assert a["latitude"] == pytest.approx(36.2628)
    assert (b["pcode"], b["perpetrator"], b["incident_type"]) == (
        "C2338",
        "syrian_government",
        "shelling",
    )
    # time_precision 3: only the month is known; 2: within a week of the date
    assert (c["date_earliest"], c["date_latest"], c["date_precision"]) == (
        dt.date(2016, 11, 1),
        dt.date(2016, 11, 30),
        "month",
    )
    assert (d["date_earliest"], d["date_latest"], d["date_precision"]) == (
        dt.date(2016, 11, 29),
        dt.date(2016, 12, 5),
        "range",
    )
    # a battle names both sides; neither is the perpetrator of the deaths it counts
    assert d["perpetrator"] is None
    assert d["belligerent_text"] == "Islamic State (Syria); QSD: Syrian Democratic Forces"
    assert d["incident_type"] == "armed_clash"
    with engine.connect() as conn:
        src = conn.execute(select(Source.name).where(Source.id == a["source_id"])).scalar_one()
        fmt = conn.execute(select(ImportRun.format)).scalar_one()
        raw = conn.execute(
            select(RawRow.data, RawRow.status).where(RawRow.row_number == a["row_number"])
        ).one()
    assert (src, fmt) == ("ACLED", "acled")
    assert raw.status == "imported" and raw.data["event_id_cnty"] == "SYR90001"


def test_ucdp_ged_export(engine: Engine) -> None:
    s = import_file(engine, DATA / "ucdp_ged_sample.csv", "UCDP GED")
    assert (s.counts.imported, s.counts.rejected) == (3, 1)
    assert [(p.row, p.field, p.message) for p in s.rejections] == [
        (4, "date_end", "ends before it starts")
    ]
    inc = _incidents(engine)
    one_sided, fighting, province = inc["900001"], inc["900002"], inc["900003"]
    assert (one_sided["pcode"], one_sided["perpetrator"], one_sided["incident_type"]) == (
        "C2498",
        "syrian_government",
        "one_sided",
    )
    assert (one_sided["killed_best"], one_sided["civilians_min"]) == (5, 5)
    # state-based fighting: both sides named, neither is the perpetrator of the deaths
    assert fighting["perpetrator"] is None
    assert fighting["belligerent_text"] == "Government of Syria; Syrian insurgents"
    assert (fighting["killed_min"], fighting["killed_best"], fighting["killed_max"]) == (18, 20, 31)
    assert (fighting["date_earliest"], fighting["date_latest"], fighting["date_precision"]) == (
        dt.date(2016, 11, 15),
        dt.date(2016, 11, 19),
        "range",
    )
    assert fighting["pcode"] == "C1007"
    assert (province["pcode"], province["place_precision"]) == ("SY09", "governorate")


def test_airwars_style_export(engine: Engine) -> None:
    s = import_file(engine, DATA / "airwars_style_sample.csv", "Airwars")
    # "not known" is a placeholder: the incident is kept with an unknown date and a warning,
    # as one with no date at all
    assert (s.counts.imported, s.counts.rejected) == (6, 0)
    inc = _incidents(engine)
    assert inc["CS9006"]["date_earliest"] is None
    assert inc["CS9002"]["perpetrator"] == "russia_or_syrian_government"  # contested pair
    assert (inc["CS9002"]["civilians_min"], inc["CS9002"]["civilians_max"]) == (6, 9)
    assert [inc[k]["grade"] for k in ("CS9001", "CS9002", "CS9003", "CS9004", "CS9005")] == [
        "fair",
        "contested",
        "confirmed",
        "weak",  # "Single source"
        "weak",
    ]
    assert inc["CS9004"]["grade_text"] == "Single source"
    assert inc["CS9003"]["perpetrator"] == "us_led_coalition"
    assert inc["CS9005"]["perpetrator"] == "turkey"
    assert inc["CS9001"]["source_url"].endswith("/cs9001")


def test_hxl_incident_counts_with_the_two_madayas(engine: Engine) -> None:
    s = import_file(engine, DATA / "incidents_hxl.csv", "HXL incidents")
    assert s.kind == "incidents" and s.counts.imported == 3
    inc = _incidents(engine)
    assert (inc["E1"]["killed_best"], inc["E1"]["civilians_min"]) == (9, 7)
    assert inc["E2"]["pcode"] == "C6593"  # Madaya, Idlib
    assert inc["E3"]["pcode"] == "C2450"  # Madaya, Rural Damascus
    assert inc["E3"]["killed_best"] is None  # "two" is kept in the raw row, with a warning


def test_a_changed_export_updates_incidents_by_id(engine: Engine, tmp_path: Path) -> None:
    text = (DATA / "airwars_style_sample.csv").read_text(encoding="utf-8")
    v1 = tmp_path / "v1.csv"
    v1.write_text(text, encoding="utf-8")
    import_file(engine, v1, "Airwars")
    v2 = tmp_path / "v2.csv"
    v2.write_text(text.replace(",6,9,Contested,", ",7,11,Fair,"), encoding="utf-8")
    s = import_file(engine, v2, "Airwars")
    assert (s.counts.updated, s.counts.unchanged, s.counts.imported) == (1, 5, 0)
    inc = _incidents(engine)
    assert (inc["CS9002"]["civilians_max"], inc["CS9002"]["grade"]) == (11, "fair")
    assert len(inc) == 6


def test_incident_import_on_the_command_line(backend: str, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(app, ["-w", str(ws), "init"]).exit_code == 0
    r = runner.invoke(
        app,
        ["-w", str(ws), "import", str(DATA / "ucdp_ged_sample.csv"), "-s", "UCDP", "-f", "ucdp"],
    )
    assert r.exit_code == 0, r.output
    assert "imported 3 incidents" in r.stdout
    assert "row 4 (line 5), field 'date_end': ends before it starts" in r.stderr


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("Military Forces of Syria (2000-)", Party.SYRIAN_GOVERNMENT),
        ("Government of Russia (Soviet Union)", Party.RUSSIA),
        ("Russian Military, Syrian Regime", Party.RUSSIA_OR_SYRIAN_GOVERNMENT),
        ("QSD: Syrian Democratic Forces", Party.SDF_YPG),
        ("Islamic State (Syria)", Party.ISIS),
        ("IS", Party.ISIS),
        ("Hayat Tahrir al Sham", Party.HTS),
        ("Opposition Rebels (Syria)", Party.OPPOSITION),
        ("Coalition", Party.US_LED_COALITION),
        ("Unidentified Armed Group (Syria)", Party.UNKNOWN),
        ("طيران النظام", Party.SYRIAN_GOVERNMENT),
        ("Civilians (Syria)", None),
    ],
)
def test_belligerents_are_coded(text: str, party: Party | None) -> None:
    assert party_of(text) == party


@pytest.mark.parametrize("name", ["acled_syria_sample.csv", "incidents_hxl.csv"])
def test_normalize_re_reads_incidents_from_their_raw_rows(engine: Engine, name: str) -> None:
    import_file(engine, DATA / name, "S")
    before = _incidents(engine)
    with engine.begin() as conn:
        conn.execute(update(Incident).values(pcode=None, perpetrator="other", killed_best=None))
    s = renormalize(engine)
    assert (s.incidents, s.incidents_changed) == (len(before), len(before))
    assert s.incident_columns["pcode"] == len(before)
    after = _incidents(engine)
    for key, inc in before.items():
        assert {c: after[key][c] for c in DERIVED_COLUMNS} == {c: inc[c] for c in DERIVED_COLUMNS}
    assert renormalize(engine).incidents_changed == 0


def test_an_acled_export_saved_as_xlsx_is_detected(engine: Engine, tmp_path: Path) -> None:
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    with (DATA / "acled_syria_sample.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            ws.append(row)
    xlsx = tmp_path / "acled.xlsx"
    wb.save(xlsx)
    s = import_file(engine, xlsx, "ACLED")
    assert s.kind == "incidents" and (s.counts.imported, s.counts.rejected) == (4, 2)
    assert [(p.row, p.line, p.where) for p in s.rejections] == [
        (5, 6, "sheet row"),
        (6, 7, "sheet row"),
    ]
    assert _incidents(engine)["SYR90002"]["pcode"] == "C2338"


def test_incident_report_csv_with_per_source_claims(engine: Engine) -> None:
    from tawthiq.ingest.incidents import import_report_file
    from tawthiq.store.schema import IncidentClaim

    data = Path(__file__).parents[1] / "incidents" / "data"
    s = import_report_file(engine, data / "aleppo_tracker_c.csv", "Tracker C")
    assert s.kind == "incidents" and (s.counts.imported, s.counts.rejected) == (1, 0)
    inc = _incidents(engine)["C-19-11-2016-a"]
    assert (inc["pcode"], inc["incident_type"], inc["target_type"]) == (
        "C1007",
        "airstrike",
        "residential",
    )
    assert (inc["civilians_min"], inc["civilians_max"], inc["killed_best"]) == (55, 62, 62)
    assert inc["perpetrator"] == "russia"
    s = import_report_file(engine, data / "hospital_attacks.csv", "Health")
    assert s.counts.imported == 4
    with engine.connect() as conn:
        claims = [dict(r._mapping) for r in conn.execute(select(IncidentClaim.__table__))]
    amal = [c for c in claims if c["facility_name"] == "Al-Amal Hospital"]
    assert len(amal) == 3 and all(c["sensitive"] for c in amal)
    assert {c["assessment"] for c in claims} == {"alleged"}
    # the raw rows re-read the same way (tawthiq normalize)
    assert renormalize(engine).incidents_changed == 0


def test_a_file_that_is_not_an_incident_report_is_refused(engine: Engine) -> None:
    from tawthiq.errors import InputError
    from tawthiq.ingest.incidents import import_report_file

    with pytest.raises(InputError, match="not an incident-report file"):
        import_report_file(engine, DATA / "acled_syria_sample.csv", "X")


def test_tawthiq_import_detects_an_incident_report_file(engine: Engine) -> None:
    """`tawthiq import` lands an incident-report CSV as incidents, with its per-source claims."""
    from tawthiq.ingest import detect_format
    from tawthiq.store.schema import IncidentClaim

    path = Path(__file__).parents[1] / "incidents" / "data" / "aleppo_network_b.csv"
    assert detect_format(path) == "report"
    s = import_file(engine, path, source="Network B")
    assert s.kind == "incidents" and s.counts.imported == 2 and s.counts.rejected == 0
    with engine.connect() as conn:
        assert conn.execute(select(IncidentClaim.__table__)).fetchall()
