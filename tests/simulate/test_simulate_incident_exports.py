"""Simulated incident exports in the real layouts (issue 16, item 6): headers, labels, truth
and the noise real monitors show."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tawthiq.simulate.incident_exports import (
    ACLED_HEADER,
    AIRWARS_HEADER,
    SHCC_HEADER,
    SHCC_HXL,
    ExportFiles,
    ExportSettings,
    score_exports,
    simulate_incident_exports,
)

SETTINGS = ExportSettings(seed=4).scaled(3_000)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> ExportFiles:
    return simulate_incident_exports(tmp_path_factory.mktemp("exports"), SETTINGS)


def _rows(path: Path, skip_hxl: bool = False) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    return rows[1:] if skip_hxl else rows


def _truth(exports: ExportFiles) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["source"], r["source_incident_id"]): r for r in _rows(exports.truth)}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (a[0] - b[0]) * 111.0
    dx = (a[1] - b[1]) * 111.0 * math.cos(math.radians(a[0]))
    return math.hypot(dx, dy)


def test_files_have_the_real_headers_and_shcc_its_hxl_row(exports: ExportFiles) -> None:
    with exports.files["SHCC"].open(encoding="utf-8", newline="") as fh:
        header, hxl = next(csv.reader(fh)), next(csv.reader(fh))
    assert header == SHCC_HEADER and hxl == SHCC_HXL and len(hxl) == len(header)
    assert all(tag.startswith("#") for tag in hxl)
    for source, want in (("Airwars", AIRWARS_HEADER), ("ACLED", ACLED_HEADER)):
        with exports.files[source].open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == want
    assert exports.formats == {"Airwars": "airwars", "SHCC": "shcc", "ACLED": "acled"}


def test_headers_match_labels_md(shared_dir: Path) -> None:
    text = (shared_dir / "data" / "real_labels" / "labels.md").read_text(encoding="utf-8")
    headers = re.findall(r"^`([^`]+)`$", text, flags=re.M)
    assert ",".join(AIRWARS_HEADER) in headers
    assert ",".join(SHCC_HEADER) in headers


def _labels(shared_dir: Path) -> dict[tuple[str, str], set[str]]:
    """(export section, column) → the labels labels.md lists."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    section = column = ""
    text = (shared_dir / "data" / "real_labels" / "labels.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].split()[0]
        elif line.startswith("### "):
            column = line[4:].split(" (")[0]
        elif "\t" in line and column:
            out[(section, column)].add(line.split("\t", 1)[1])
    return out


def test_every_coded_value_is_a_real_label(exports: ExportFiles, shared_dir: Path) -> None:
    labels = _labels(shared_dir)
    checks = (
        ("Airwars", "AIRWARS", ("belligerent", "strike_type", "strike_status", "grading")),
        ("Airwars", "AIRWARS", ("geolocation_precision", "cause_of_death", "date_type")),
        ("ACLED", "ACLED", ("sub_event_type", "actor1")),
        ("SHCC", "INSECURITY", ("Reported Perpetrator", "Reported Perpetrator Name")),
        ("SHCC", "INSECURITY", ("Weapon Carried/Used", "Geo Precision", "Location")),
    )
    for source, section, columns in checks:
        rows = _rows(exports.files[source], skip_hxl=source == "SHCC")
        for column in columns:
            used = {r[column] for r in rows if r[column]}
            assert used and used <= labels[(section, column)], (column, used)
    infra = {r["infrastructure"] for r in _rows(exports.files["Airwars"]) if r["infrastructure"]}
    assert infra <= labels[("AIRWARS", "infrastructure")]


def test_the_truth_covers_every_report_and_battles_are_never_strikes(
    exports: ExportFiles,
) -> None:
    truth = _truth(exports)
    counts = {s: len(_rows(p, skip_hxl=s == "SHCC")) for s, p in exports.files.items()}
    assert counts == exports.reports and sum(counts.values()) == len(truth)
    by_incident: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (source, _), r in truth.items():
        by_incident[r["incident_id"]].append((source, r["kind"]))
    shared = [v for v in by_incident.values() if len(v) > 1]
    assert len(shared) == exports.shared > 0
    assert all(sorted(s for s, _ in v) == ["Airwars", "SHCC"] for v in shared)  # once per source
    assert all(k == "battle" for v in by_incident.values() for s, k in v if s == "ACLED")
    assert exports.true_incidents == len(by_incident)


def test_the_noise_real_monitors_show(exports: ExportFiles) -> None:
    truth = _truth(exports)
    airwars = _rows(exports.files["Airwars"])
    shcc = _rows(exports.files["SHCC"], skip_hxl=True)
    acled = _rows(exports.files["ACLED"])
    # Arabic place names only, on some Airwars rows; counts as ranges
    assert 0 < sum(1 for r in airwars if not r["location_en"] and r["location_ar"]) < len(airwars)
    assert any(int(r["civ_killed_min"]) < int(r["civ_killed_max"]) for r in airwars)
    # a shared event dated a day apart by its second source
    day_of = {truth[("Airwars", r["incident_code"])]["incident_id"]: r["date"] for r in airwars}
    shifted = same = 0
    for r in shcc:
        t = truth[("SHCC", r["SiND Event ID"])]
        if t["kind"] == "strike":
            same += day_of[t["incident_id"]] == r["Date"]
            shifted += day_of[t["incident_id"]] != r["Date"]
    assert shifted > 0 and same > shifted
    # several strikes in one city on one day; battles on a strike's day and in its community
    strikes = Counter((t["date"], t["pcode"]) for (s, _), t in truth.items() if s == "Airwars")
    assert any(n > 1 for n in strikes.values())
    battles = {(t["date"], t["pcode"]) for (s, _), t in truth.items() if s == "ACLED"}
    assert battles & set(strikes)
    # coordinates at each source's precision, never further from the true point than it says
    precision = {"(2) 25 km Precision": 25.0, "(3) District, Communicipality or Commune": 30.0}
    for r in shcc:
        if r["Geo Precision"] in precision:
            t = truth[("SHCC", r["SiND Event ID"])]
            where = (float(r["Latitude"]), float(r["Longitude"]))
            assert _km(where, (float(t["latitude"]), float(t["longitude"]))) <= 30.0
    assert {r["geo_precision"] for r in acled} == {"1", "2", "3"}
    assert len({r["geolocation_precision"] for r in airwars}) > 5


def test_the_same_seed_draws_the_same_files(tmp_path: Path, exports: ExportFiles) -> None:
    again = simulate_incident_exports(tmp_path / "again", SETTINGS)
    for source, path in exports.files.items():
        assert again.files[source].read_bytes() == path.read_bytes()
    other = simulate_incident_exports(tmp_path / "other", ExportSettings(seed=5).scaled(3_000))
    assert other.files["Airwars"].read_bytes() != exports.files["Airwars"].read_bytes()


def test_report_layout_holds_the_same_reports(tmp_path: Path, exports: ExportFiles) -> None:
    rep = simulate_incident_exports(tmp_path / "report", SETTINGS, layout="report")
    assert set(rep.formats.values()) == {"report"}
    assert rep.truth.read_bytes() == exports.truth.read_bytes()
    ids = {r["report_id"] for r in _rows(rep.files["ACLED"])}
    assert ids == {r["event_id_cnty"] for r in _rows(exports.files["ACLED"])}


def test_scoring_recovered_and_false_merges() -> None:
    truth = {("A", "1"): 1, ("B", "1"): 1, ("A", "2"): 2, ("B", "2"): 3, ("A", "3"): 4}
    # incident 1 joined; 2 and 3 merged by mistake; 4 left out (did not import)
    members = {("A", "1"): 10, ("B", "1"): 10, ("A", "2"): 11, ("B", "2"): 11}
    s = score_exports(truth, members, review_pairs=1)
    assert (s.true_incidents, s.recovered, s.true_shared, s.recovered_shared) == (4, 1, 1, 1)
    assert (s.reconciled_multi, s.false_merges) == (2, 1)
    assert s.false_merge_share == 0.5 and s.review_percent == 20.0
