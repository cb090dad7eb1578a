"""Real export layouts through reconciliation (issue 16, acceptance 2 and 4): a source's own
party list and grade, health care as data, civilian and all-death counts kept apart."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.incidents import (
    facility_summary,
    incident_aggregates,
    incident_detail,
    list_incidents,
    reconcile_workspace,
)
from tawthiq.ingest import import_file

DATA = Path(__file__).parents[1] / "ingest" / "data"


def _by_report(engine: Engine) -> dict[str, dict]:  # type: ignore[type-arg]
    out = {}
    for row in list_incidents(engine):
        d = incident_detail(engine, row["id"])
        for r in d["reports"]:
            out[r["source_incident_id"]] = d
    return out


def _workspace(engine: Engine) -> dict[str, dict]:  # type: ignore[type-arg]
    import_file(engine, DATA / "airwars_incidents_real_layout.csv", "Airwars")
    import_file(engine, DATA / "shcc_health_care_hxl.csv", "SHCC")
    import_file(engine, DATA / "acled_syria_sample.csv", "ACLED")
    reconcile_workspace(engine)
    return _by_report(engine)


def test_a_source_naming_two_parties_is_contested(engine: Engine) -> None:
    d = _workspace(engine)["SIM-R1002"]
    assert d["grade"] == "contested"
    assert d["attribution"] == "russia|us_led_coalition" and d["contested"]
    assert {b["party"]: b["assessment"] for b in d["belligerents"]} == {
        "russia": "contested",
        "us_led_coalition": "contested",
    }


def test_a_confirmed_declared_strike_is_confirmed_and_says_why(engine: Engine) -> None:
    d = _workspace(engine)["SIM-R1003"]
    assert d["grade"] == "confirmed"
    assert any("Airwars graded it confirmed, declared strike" in r for r in d["grade_reasons"])
    assert d["source_grades"] == [{"source": "Airwars", "grade": "confirmed", "status": "declared"}]


def test_a_discounted_incident_stays_discounted(engine: Engine) -> None:
    incidents = _workspace(engine)
    assert incidents["SIM-R1005"]["grade"] == "discounted"
    six = incidents["SIM-R1006"]  # "Contested, Discounted" with civilians reported by no other
    assert six["grade"] == "discounted"
    assert any("no other credible source reports civilian harm" in r for r in six["grade_reasons"])


def test_health_care_counts_show_and_register_a_facility(engine: Engine) -> None:
    d = _workspace(engine)["SIM-101"]
    counts = {c["kind"]: c["text"] for c in d["counts"]}
    assert counts["hw_killed"] == "2" and counts["facilities_destroyed"] == "1"
    assert d["facility"] is not None and d["facility"]["name"] == "unnamed health facility"
    summary = facility_summary(engine)
    # SIM-101 destroyed, SIM-103 damaged/entered/looted, Airwars SIM-R1004 hit "Healthcare"
    # (SIM-102 was an ambulance on a road: health care harmed, no facility)
    assert summary["attacks"] == 3
    assert 2 <= summary["facilities_attacked"] <= 3
    hc = summary["health_care_counts"]
    assert (hc["hw_killed"]["min"], hc["hw_killed"]["max"]) == (2, 2)
    assert hc["transport_hijacked"]["who_ssa_type"] == "removal of health care assets"


def test_incidents_show_and_facilities_print_health_care(engine: Engine, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(app, ["-w", str(ws), "init"]).exit_code == 0
    for name, source in (
        ("shcc_health_care_hxl.csv", "SHCC"),
        ("airwars_incidents_real_layout.csv", "Airwars"),
    ):
        r = runner.invoke(
            app, ["-w", str(ws), "incidents", "import", str(DATA / name), "-s", source]
        )
        assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["-w", str(ws), "incidents", "reconcile"]).exit_code == 0
    listed = runner.invoke(app, ["-w", str(ws), "incidents", "list", "--json"])
    ids = [row["id"] for row in json.loads(listed.stdout)]
    shown = [runner.invoke(app, ["-w", str(ws), "incidents", "show", str(i)]).stdout for i in ids]
    hit = next(s for s in shown if "SIM-101" in s)
    assert "health workers killed: 2" in hit and "health facilities destroyed: 1" in hit
    facilities = runner.invoke(app, ["-w", str(ws), "incidents", "facilities"]).stdout
    assert "3 attacks" in facilities
    assert "health workers killed: 2 in 1 incident" in facilities


def test_aggregates_keep_all_deaths_apart_from_civilians(engine: Engine) -> None:
    _workspace(engine)
    rows = incident_aggregates(engine, ("belligerent",), include_discounted=True)
    unattributed = next(r for r in rows if r.key == ("unattributed",))
    # the ACLED battle's 12 deaths (everyone killed) are not civilian deaths of any party
    assert unattributed.deaths_all.low == 12
    assert unattributed.killed.low == 0 and unattributed.unreported >= 1
    row = unattributed.to_dict()
    assert row["killed_counts"] == "civilians"
    assert row["deaths_all_counts"].startswith("everyone killed")
