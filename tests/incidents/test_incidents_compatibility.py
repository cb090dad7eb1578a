"""Compatibility before similarity (issue 16, item 4; acceptance 2's first sentence).

Each rule of ``tawthiq.incidents.cluster`` on plain claims, then the acceptance case on a
workspace: an ACLED armed clash and an Airwars airstrike on the same day and in the same place
stay two incidents.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tawthiq.incidents import Claim, cluster_claims, list_incidents, reconcile_workspace
from tawthiq.incidents.cluster import (
    ClusterSettings,
    compare_claims,
    place_check,
    place_point,
    type_check,
    why_not,
)
from tawthiq.ingest.formats import import_file
from tawthiq.simulate.incident_exports import ACLED_HEADER, AIRWARS_HEADER

DAY = date(2016, 11, 19)
ALEPPO = (36.20601312, 37.15241966)  # C1007, the gazetteer's point for Aleppo city


def claim(report_id: int, source: str, **kw: object) -> Claim:
    base: dict[str, object] = {
        "date_earliest": DAY,
        "date_latest": DAY,
        "date_precision": "day",
        "pcode": "C1007",
        "admin1_pcode": "SY02",
        "place_precision": "community",
        "incident_type": "airstrike",
        "latitude": ALEPPO[0],
        "longitude": ALEPPO[1],
        "coord_precision_km": 3.0,
    }
    base.update(kw)
    return Claim(report_id=report_id, source=source, source_incident_id=str(report_id), **base)  # type: ignore[arg-type]


def north_of(km: float) -> tuple[float, float]:
    return ALEPPO[0] + km / 111.0, ALEPPO[1]


# --- event types ----------------------------------------------------------------------------


@pytest.mark.parametrize("battle", ["armed_clash", "territory_change"])
@pytest.mark.parametrize(
    "strike", ["airstrike", "shelling", "airstrike_or_artillery", "missile", "barrel_bomb"]
)
def test_a_battle_is_never_a_strike(battle: str, strike: str) -> None:
    for a, b in ((battle, strike), (strike, battle)):
        found = type_check(a, b)
        assert not found.compatible and "a battle is not a strike" in found.reason


def test_close_types_unknown_types_and_different_types() -> None:
    assert type_check("airstrike", "airstrike").score == 1.0
    assert type_check("airstrike", "missile").score == 0.7  # an air attack of some kind
    assert type_check("shelling", "airstrike_or_artillery").score == 0.7
    assert type_check("armed_clash", "territory_change").score == 0.7
    assert type_check("airstrike", "shelling").score == 0.4  # two strikes, weapons differ
    for unknown in (None, "unknown", "state_based", "no_information_on_the_weapon_used"):
        found = type_check(unknown, "armed_clash")
        assert found.compatible and found.auto and found.score == 0.4
    # an unknown type is compatible but scores below an agreeing one
    assert type_check(None, "airstrike").score < type_check("airstrike", "airstrike").score
    ground = type_check("ground_attack", "airstrike")
    assert ground.compatible and not ground.auto and ground.score < 0


# --- places -----------------------------------------------------------------------------------


def test_points_must_lie_within_both_precisions() -> None:
    a = claim(1, "A")  # 3 km
    near = claim(2, "B", latitude=north_of(6.5)[0])  # 6.5 km away: 3 + 3 + 1 km slack allows it
    far = claim(3, "B", latitude=north_of(7.5)[0])
    assert place_check(a, near).consistent
    found = place_check(a, far)
    assert not found.consistent and "7.5 km apart, more than the 7.0 km" in found.reason
    wide = claim(  # SHCC "(2) 25 km", its sub-district read from the point
        4,
        "B",
        latitude=north_of(20)[0],
        coord_precision_km=25.0,
        pcode="SY020000",
        place_precision="subdistrict",
    )
    assert place_check(a, wide).consistent
    assert place_check(a, wide).score < place_check(a, near).score  # a wide circle says less
    assert compare_claims(a, far) is None
    assert why_not(a, far) == found.reason


def test_without_coordinates_the_gazetteer_decides() -> None:
    a = claim(1, "A", latitude=None, longitude=None, coord_precision_km=None)
    same = claim(2, "B", latitude=None, longitude=None, coord_precision_km=None)
    assert place_check(a, same).score == 1.0 and "same place C1007" in place_check(a, same).reason
    idleb = claim(3, "B", pcode="C3871", admin1_pcode="SY07", latitude=None, longitude=None)
    assert not place_check(a, idleb).consistent  # two governorates


def test_a_governorate_wide_report_never_merges_with_a_community_unreviewed() -> None:
    a = claim(1, "A", target_type="hospital")
    governorate = claim(
        2,
        "B",
        pcode="SY02",
        place_precision="governorate",
        latitude=None,
        longitude=None,
        coord_precision_km=None,
        target_type="hospital",
    )
    found = place_check(a, governorate)
    assert found.consistent and not found.auto and "for review" in found.reason
    c = cluster_claims([a, governorate])
    assert c.groups == ((1,), (2,))
    assert [(p.left, p.right) for p in c.review] == [(1, 2)]
    assert any("precisions too unequal" in r for r in c.review[0].reasons)


def test_a_village_named_by_a_source_beats_its_governorate_wide_coordinates() -> None:
    # Airwars "province_governorate" precision, but the row names its village: placed there
    coarse = claim(1, "A", latitude=36.14, longitude=37.39, coord_precision_km=80.0)
    point, radius = place_point(coarse)
    assert radius == 3.0 and point == pytest.approx(ALEPPO)
    # a sub-district P-code read from the coordinates never replaces them
    shcc = claim(2, "B", pcode="SY020000", place_precision="subdistrict", coord_precision_km=25.0)
    assert place_point(shcc)[1] == 25.0


# --- clustering ---------------------------------------------------------------------------------


def test_an_armed_clash_and_an_airstrike_on_one_day_and_place_stay_two() -> None:
    acled = claim(1, "ACLED", incident_type="armed_clash", coord_precision_km=2.0)
    airwars = claim(2, "Airwars", incident_type="airstrike", coord_precision_km=0.5)
    assert compare_claims(acled, airwars) is None
    reason = why_not(acled, airwars)
    assert reason is not None and "armed_clash and airstrike cannot be one event" in reason
    c = cluster_claims([acled, airwars])
    assert c.groups == ((1,), (2,)) and c.review == ()
    assert c.candidates == 0  # ruled out by the blocking itself, never scored


def test_a_hospital_attack_can_be_part_of_an_airstrike() -> None:
    airwars = claim(1, "Airwars", target_type="hospital", party="russia")
    shcc = claim(
        2,
        "SHCC",
        target_type="hospital",
        party="russia",
        latitude=north_of(12)[0],
        coord_precision_km=25.0,
        pcode="SY020000",
        place_precision="subdistrict",
    )
    p = compare_claims(airwars, shcc)
    assert p is not None and p.auto and p.score >= 0.7
    assert "same target hospital" in p.reasons and "both name russia" in p.reasons
    assert cluster_claims([airwars, shcc]).groups == ((1, 2),)


def test_two_equally_good_candidates_of_one_source_go_to_a_reviewer() -> None:
    # which of A's two strikes that day is B's? A guess either way: both pairs are asked
    c = cluster_claims([claim(1, "A"), claim(2, "A"), claim(3, "B")])
    assert c.groups == ((1,), (2,), (3,))
    assert sorted((p.left, p.right) for p in c.review) == [(1, 3), (2, 3)]
    assert all("another report of that source scores as high" in p.reasons[-1] for p in c.review)
    # with a clearly better candidate, the link is made
    later = {"date_earliest": date(2016, 11, 20), "date_latest": date(2016, 11, 20)}
    assert cluster_claims([claim(1, "A"), claim(2, "A", **later), claim(3, "B")]).groups == (
        (1, 3),
        (2,),
    )


def test_the_review_queue_asks_about_a_reports_best_candidates_only() -> None:
    shcc = claim(
        10, "SHCC", pcode="SY02", place_precision="governorate", latitude=None, longitude=None
    )
    strikes = [claim(i, "Airwars", latitude=north_of(i)[0]) for i in range(1, 6)]
    c = cluster_claims([*strikes, shcc], settings=ClusterSettings(review_per_report=2))
    assert len(c.review) == 2 and c.review_trimmed == 3
    assert {p.right for p in c.review} == {10}


# --- on a workspace, from the real export layouts ------------------------------------------------


def _write(path: Path, header: list[str], row: dict[str, str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=header)
        out.writeheader()
        out.writerow({k: row.get(k, "") for k in header})
    return path


def test_acled_battle_and_airwars_strike_stay_two_incidents(engine: Engine, tmp_path: Path) -> None:
    airwars = _write(
        tmp_path / "airwars.csv",
        AIRWARS_HEADER,
        {
            "incident_code": "R2571",
            "date": "2016-11-19",
            "date_type": "date",
            "location_en": "Aleppo",
            "location_ar": "حلب",
            "region_en": "Aleppo",
            "latitude": f"{ALEPPO[0]:.5f}",
            "longitude": f"{ALEPPO[1]:.5f}",
            "geolocation_precision": "city",
            "belligerent": "Russian Military",
            "strike_type": "Airstrike",
            "strike_status": "Likely strike",
            "civilian_harm_reported": "Yes",
            "grading": "Fair",
            "civ_killed_min": "4",
            "civ_killed_max": "6",
        },
    )
    acled = _write(
        tmp_path / "acled.csv",
        ACLED_HEADER,
        {
            "event_id_cnty": "SYR90001",
            "event_date": "19 November 2016",
            "year": "2016",
            "time_precision": "1",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "actor1": "Military Forces of Syria (2000-)",
            "actor2": "Opposition Rebels (Syria)",
            "country": "Syria",
            "admin1": "Aleppo",
            "admin2": "Jebel Saman",
            "location": "Aleppo",
            "latitude": f"{ALEPPO[0]:.4f}",
            "longitude": f"{ALEPPO[1]:.4f}",
            "geo_precision": "1",
            "fatalities": "12",
        },
    )
    import_file(engine, airwars, "Airwars", fmt="airwars", run_by="tester")
    import_file(engine, acled, "ACLED", fmt="acled", run_by="tester")
    summary = reconcile_workspace(engine, run_by="tester")
    assert summary.reports == 2 and summary.incidents == 2
    assert summary.multi_source == 0 and summary.review_pairs == 0
    rows = list_incidents(engine)
    assert sorted(r["incident_type"] for r in rows) == ["airstrike", "armed_clash"]
    assert all(r["sources"] == 1 for r in rows)
