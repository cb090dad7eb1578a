"""Reports → reconciled incidents on a workspace (issue 7, acceptance 1 and 4), both backends."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.incidents import (
    export_incidents,
    facility_summary,
    incident_aggregates,
    incident_detail,
    list_incidents,
    merge_incidents,
    override_grade,
    reconcile_workspace,
    split_report,
)
from tawthiq.ingest.incidents import import_report_file
from tawthiq.store.schema import AuditEvent

DATA = Path(__file__).parent / "data"
ALEPPO = (
    ("aleppo_monitor_a.csv", "Monitor A"),
    ("aleppo_network_b.csv", "Network B"),
    ("aleppo_tracker_c.csv", "Tracker C"),
)


def _aleppo(engine: Engine) -> int:
    for name, source in ALEPPO:
        import_report_file(engine, DATA / name, source, run_by="tester")
    reconcile_workspace(engine, run_by="tester")
    rows = list_incidents(engine)
    (big,) = [r for r in rows if r["sources"] == 3]
    return int(big["id"])


def test_three_reports_of_one_airstrike_are_one_contested_incident(engine: Engine) -> None:
    inc = _aleppo(engine)
    rows = list_incidents(engine)
    assert len(rows) == 3  # the airstrike, a market shelling, a strike two days later
    d = incident_detail(engine, inc)
    assert (d["killed"]["min"], d["killed"]["max"], d["killed"]["text"]) == (49, 80, "49–80")
    assert d["best"] == 62 and "median" in d["best_rule"]
    assert d["grade"] == "contested"
    assert any("competing claims" in r for r in d["grade_reasons"])
    assert d["attribution"] == "russia|syrian_government" and d["contested"]
    parties = {b["party"]: b for b in d["belligerents"]}
    assert parties["russia"]["assessment"] == "contested"
    assert parties["russia"]["sources"] == 2
    assert parties["russia"]["killed"] == {"min": 49, "max": 62}
    assert parties["syrian_government"]["killed"] == {"min": 80, "max": 80}
    assert sorted(r["source"] for r in d["reports"]) == ["Monitor A", "Network B", "Tracker C"]
    assert "fall short" in d["victims_vs_reports"]


def test_reconciling_again_keeps_ids_and_audits(engine: Engine) -> None:
    inc = _aleppo(engine)
    before = {r["id"] for r in list_incidents(engine)}
    s = reconcile_workspace(engine, run_by="tester")
    assert (s.merges, s.splits, s.retired) == (0, 0, 0)
    assert {r["id"] for r in list_incidents(engine)} == before
    # a reviewer splits the government claim out, then merges it back: both audited
    b_report = next(
        r for r in incident_detail(engine, inc)["reports"] if r["source"] == "Network B"
    )
    split_report(engine, inc, b_report["report_id"], note="different neighbourhood", run_by="rev")
    assert incident_detail(engine, inc)["sources"] == 2
    assert incident_detail(engine, inc)["attribution"] == "russia"
    other = next(r["id"] for r in list_incidents(engine) if r["killed"]["text"] == "80")
    merge_incidents(engine, inc, other, note="same strike after all", run_by="rev")
    d = incident_detail(engine, inc)
    assert d["sources"] == 3 and d["killed"]["text"] == "49–80"
    with engine.connect() as conn:
        actions = [a for (a,) in conn.execute(select(AuditEvent.action))]
    for action in (
        "incident_pair_split",
        "incident_split",
        "incident_pair_merge",
        "incident_merge",
    ):
        assert action in actions


def test_a_reviewer_overrides_a_grade_with_a_note(engine: Engine) -> None:
    inc = _aleppo(engine)
    d = override_grade(engine, inc, "fair", note="belligerent statement reviewed", run_by="rev")
    assert (d["grade"], d["computed_grade"]) == ("fair", "contested")
    assert d["override"]["note"] == "belligerent statement reviewed"
    reconcile_workspace(engine, run_by="tester")  # recomputing keeps the reviewer's grade
    assert incident_detail(engine, inc)["grade"] == "fair"
    with engine.connect() as conn:
        ev = conn.execute(
            select(AuditEvent.detail).where(AuditEvent.action == "incident_grade_override")
        ).scalar_one()
    assert ev is not None and ev["computed"] == "contested" and ev["grade"] == "fair"


def test_aggregates_keep_ranges_and_contested_attribution_apart(engine: Engine) -> None:
    _aleppo(engine)
    rows = {r.key: r for r in incident_aggregates(engine, ("belligerent",))}
    contested = rows[("russia|syrian_government",)]
    assert contested.contested and str(contested.killed) == "49–80"
    assert str(rows[("syrian_government",)].killed) == "5–7"
    assert str(rows[("russia",)].killed) == "3"  # one source, one agreed figure


def test_repeat_attacks_on_one_hospital_and_the_public_export(
    engine: Engine, tmp_path: Path
) -> None:
    import_report_file(engine, DATA / "hospital_attacks.csv", "Health Monitor", run_by="t")
    import_report_file(
        engine, DATA / "hospital_attacks_second_source.csv", "Second Source", run_by="t"
    )
    s = reconcile_workspace(engine, run_by="t")
    assert s.incidents == 4  # the first attack was reported by both sources
    summary = facility_summary(engine)
    assert (summary["facilities_attacked"], summary["attacks"]) == (2, 4)
    assert summary["facilities_attacked_more_than_once"] == 1
    assert sorted(summary["attacks_per_facility"].values()) == [1, 3]
    full, public = tmp_path / "full.csv", tmp_path / "public.csv"
    export_incidents(engine, full)
    export_incidents(engine, public, public=True)
    with full.open(encoding="utf-8") as fh:
        full_rows = list(csv.DictReader(fh))
    with public.open(encoding="utf-8") as fh:
        public_text = fh.read()
    with public.open(encoding="utf-8") as fh:
        pub_rows = list(csv.DictReader(fh))
    assert sum(r["facility_name"] == "Al-Amal Hospital" for r in full_rows) == 3
    assert "Al-Amal" not in public_text and "Al Amal" not in public_text
    assert "C4068" not in public_text and "Kafr" not in public_text
    amal = [r for r in pub_rows if r["withheld"]]
    assert len(amal) == 3
    assert all(r["admin1_pcode"] == "SY07" and r["facility_name"] == "" for r in amal)
    assert all(r["who_ssa_type"] == "violence with heavy weapons" for r in amal)
    clinic = next(r for r in pub_rows if not r["withheld"])
    assert clinic["facility_name"] == "Central Clinic" and clinic["pcode"] == "C3985"


def test_named_victims_are_linked_and_compared_with_the_counts(
    engine: Engine, tmp_path: Path
) -> None:
    from tawthiq.ingest import import_file

    victims = tmp_path / "victims.csv"
    rows = ["record_id,full_name,sex,date_of_death,place_of_death,governorate,cause"]
    rows += [
        f"V{i},Person {i},{'male' if i % 2 else 'female'},2016-11-21,Aleppo city,Aleppo,airstrike"
        for i in range(5)
    ]
    victims.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_file(engine, victims, "Victim list")
    inc = _aleppo(engine)
    strike = next(r for r in list_incidents(engine) if r["date"] == "2016-11-21")
    d = incident_detail(engine, strike["id"])
    assert d["named_victims"] == 5
    assert "exceed the highest reported count (3)" in d["victims_vs_reports"]
    assert incident_detail(engine, inc)["named_victims"] == 0


def test_the_cli_shows_range_best_grade_claims_and_sources(backend: str, tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    runner = CliRunner()
    assert runner.invoke(app, ["-w", ws, "init"]).exit_code == 0
    for name, source in ALEPPO:
        r = runner.invoke(app, ["-w", ws, "incidents", "import", str(DATA / name), "-s", source])
        assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["-w", ws, "incidents", "reconcile"])
    assert r.exit_code == 0, r.output
    assert "5 reports → 3 incidents" in r.stdout
    r = runner.invoke(app, ["-w", ws, "incidents", "list"])
    assert "49–80" in r.stdout and "contested" in r.stdout
    inc = next(line.split()[0] for line in r.stdout.splitlines() if "49–80" in line)
    r = runner.invoke(app, ["-w", ws, "incidents", "show", inc])
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "civilians killed: 49–80" in out
    assert "best figure: 62 — rule: median" in out
    assert "grade: contested" in out and "because: competing claims" in out
    assert "Russian forces: contested (2 sources; killed 49–62" in out
    assert "Syrian government forces: contested (1 source; killed 80" in out
    assert "Network B B-7731" in out and "belligerent: Syrian government" in out
    assert "named victims: 0 named victims fall short" in out
    r = runner.invoke(
        app, ["-w", ws, "incidents", "grade", inc, "--set", "weak"]
    )  # no note: refused
    assert r.exit_code == 1 and "needs a note" in r.stderr
    r = runner.invoke(app, ["-w", ws, "incidents", "aggregate", "--by", "belligerent,period"])
    assert "civilians killed 49–80" in r.stdout and "(contested attribution)" in r.stdout
    out_csv = tmp_path / "pub.csv"
    r = runner.invoke(app, ["-w", ws, "incidents", "export", "--out", str(out_csv), "--public"])
    assert r.exit_code == 0 and out_csv.is_file()
