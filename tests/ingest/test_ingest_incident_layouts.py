"""Real incident export layouts (issue 16, acceptance 1): every count, place, coordinate,
party list and grade kept, field by field; unread columns named in a warning.

The files are simulated rows under the real headers of ``labels.md`` (Airwars incidents,
Insecurity Insight / SHCC attacks on health care with its HXL row, ACLED)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from tawthiq.ingest import import_file
from tawthiq.ingest.incident_layouts import AIRWARS, SHCC, bind, detect_layout, read_cells
from tawthiq.ingest.incident_rows import coded_grade, incident_row
from tawthiq.store.schema import Incident, IncidentClaim, IncidentCount

DATA = Path(__file__).parent / "data"


def _reports(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = {
            r.source_incident_id: dict(r._mapping) for r in conn.execute(select(Incident.__table__))
        }
        for r in conn.execute(select(IncidentCount.__table__)):
            sid = next(k for k, v in rows.items() if v["id"] == r.incident_id)
            rows[sid].setdefault("counts", {})[r.kind] = (r.count_min, r.count_max)
        for r in conn.execute(select(IncidentClaim.__table__)):
            sid = next(k for k, v in rows.items() if v["id"] == r.incident_id)
            rows[sid]["claim"] = dict(r._mapping)
    return rows


def test_airwars_real_layout_keeps_every_field(engine: Engine) -> None:
    s = import_file(engine, DATA / "airwars_incidents_real_layout.csv", "Airwars")
    assert s.kind == "incidents" and (s.counts.read, s.counts.imported) == (6, 6)
    assert s.notes == ["columns not read: analyst_note"]  # an extra column is named, not lost
    r = _reports(engine)
    one = r["SIM-R1001"]
    assert (one["pcode"], one["place_precision"], one["admin1_pcode"]) == (
        "C1134",
        "community",
        "SY02",
    )
    assert (one["latitude"], one["longitude"], one["coord_precision_km"]) == (
        pytest.approx(36.2628),
        pytest.approx(37.0859),
        3.0,
    )
    assert one["geo_precision_text"] == "village"
    assert (one["civilians_min"], one["civilians_max"]) == (4, 6)
    assert (one["killed_min"], one["killed_max"]) == (None, None)  # Airwars counts civilians
    assert one["counts"] == {
        "children_killed": (1, 2),
        "women_killed": (1, 1),
        "men_killed": (2, 3),
        "injured": (5, 10),
        "combatants_killed": (0, 0),
        "strikes": (2, 2),
    }
    assert (one["perpetrator"], one["parties"], one["incident_type"]) == (
        "russia",
        None,
        "airstrike",
    )
    assert (one["grade"], one["source_status"], one["source_status_text"]) == (
        "fair",
        "likely",
        "Likely strike",
    )
    assert one["target_type"] == "residential"
    assert one["source_url"] == "https://airwars.example/sim-r1001"
    assert one["claim"]["time_text"] == "morning"
    assert one["claim"]["weapon"] == "Heavy weapons and explosive munitions"
    two = r["SIM-R1002"]  # Airwars' own contested attribution: both parties kept
    assert (two["perpetrator"], two["parties"]) == ("multiple", "russia|us_led_coalition")
    assert (two["grade"], two["incident_type"], two["pcode"]) == (
        "contested",
        "airstrike_or_artillery",
        "C1767",
    )
    three = r["SIM-R1003"]
    assert (three["grade"], three["source_status"], three["pcode"]) == (
        "confirmed",
        "declared",
        "C1564",
    )
    four = r["SIM-R1004"]  # no place name: the coordinates give the community
    assert (four["pcode"], four["coord_precision_km"], four["target_type"]) == (
        "C1134",
        2.0,
        "hospital",
    )
    assert (four["date_earliest"], four["date_latest"], four["date_precision"]) == (
        dt.date(2017, 4, 2),
        dt.date(2017, 4, 3),
        "range",
    )
    assert four["counts"]["combatants_killed"] == (3, 5)
    five = r["SIM-R1005"]  # the Arabic place alone; "no civilian harm" said by the source
    assert (five["pcode"], five["civilians_min"], five["civilians_max"]) == ("C1767", 0, 0)
    assert (five["grade"], five["perpetrator"]) == ("discounted", "sdf_ypg")
    six = r["SIM-R1006"]
    assert six["parties"] == "russia|turkey|us_led_coalition"
    assert six["grade"] == "discounted"  # "Contested, Discounted": the most cautious


def test_shcc_with_its_hxl_row_keeps_health_care_counts(engine: Engine) -> None:
    s = import_file(engine, DATA / "shcc_health_care_hxl.csv", "SHCC")
    assert s.kind == "incidents" and (s.counts.read, s.counts.imported) == (3, 3)
    assert s.notes and s.notes[0].startswith("columns not read: Known Kidnapping or Arrest")
    r = _reports(engine)
    hit = r["SIM-101"]
    assert hit["counts"] == {
        "hw_killed": (2, 2),
        "hw_injured": (3, 3),
        "facilities_destroyed": (1, 1),
    }
    assert (hit["incident_type"], hit["target_type"], hit["perpetrator"]) == (
        "airstrike",
        "hospital",
        "syrian_government",
    )
    # a point known to 25 km names the sub-district, not the village it falls on
    assert (hit["pcode"], hit["place_precision"], hit["coord_precision_km"]) == (
        "SY020003",
        "subdistrict",
        25.0,
    )
    road = r["SIM-102"]
    assert road["counts"] == {"hw_kidnapped": (1, 1), "transport_hijacked": (1, 1)}
    assert (road["pcode"], road["place_precision"], road["perpetrator"]) == (
        "SY0705",
        "district",
        "unknown",
    )
    country = r["SIM-103"]  # "(6) Country": the point is the country's, only Admin 1 is used
    assert (country["pcode"], country["place_precision"]) == ("SY05", "governorate")
    assert country["perpetrator"] == "russia_or_syrian_government"
    assert set(country["counts"]) == {
        "hw_arrested",
        "hw_threatened",
        "facilities_damaged",
        "forceful_entry",
        "looting",
    }


def test_every_coordinate_inside_syria_names_a_place_below_the_governorate(
    engine: Engine,
) -> None:
    import_file(engine, DATA / "airwars_incidents_real_layout.csv", "Airwars")
    import_file(engine, DATA / "shcc_health_care_hxl.csv", "SHCC")
    import_file(engine, DATA / "acled_syria_sample.csv", "ACLED")
    for sid, row in _reports(engine).items():
        if row["latitude"] is None or (row["coord_precision_km"] or 0) > 300:
            continue
        assert row["place_precision"] not in {None, "governorate"}, sid


def test_acled_battles_name_both_sides_and_count_all_deaths(engine: Engine) -> None:
    import_file(engine, DATA / "acled_syria_sample.csv", "ACLED")
    battle = _reports(engine)["SYR90004"]
    assert battle["incident_type"] == "armed_clash" and battle["perpetrator"] is None
    assert (battle["killed_min"], battle["civilians_min"]) == (12, None)
    assert battle["coord_precision_km"] == 2.0


def test_layouts_are_recognised_from_their_headers() -> None:
    airwars = (DATA / "airwars_incidents_real_layout.csv").read_text().splitlines()[0].split(",")
    shcc = (DATA / "shcc_health_care_hxl.csv").read_text().splitlines()[0].split(",")
    assert detect_layout(airwars) is AIRWARS
    assert detect_layout(shcc) is SHCC


@given(st.lists(st.text(max_size=12), min_size=len(AIRWARS.columns), max_size=40))
def test_any_cells_convert_without_raising(values: list[str]) -> None:
    header = [c[0] for c in AIRWARS.columns.values()]
    binding = bind(AIRWARS, header)
    row = incident_row(read_cells(binding, values))
    assert isinstance(row.problems, list)
    for low, high in row.counts.values():
        assert low is None or high is None or low <= high


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Confirmed", "confirmed"),
        ("Fair", "fair"),
        ("Single source claim", "weak"),
        ("Contested, Discounted", "discounted"),
        ("Weak, Contested", "contested"),
        ("nonsense", None),
    ],
)
def test_source_grades_code_cautiously(text: str, grade: str | None) -> None:
    found = coded_grade(text)
    assert (found.value if found else None) == grade


MAPPED_CSV = """\
Ref,Jour,Lieu,Gouvernorat,Auteur,Arme,Morts civils min,Morts civils max,Soignants tués
A-1,2016-11-19,Kafr Hamra,Aleppo,Avions du régime,Bombardement aérien,3,5,1
A-2,2016-11-20,Manbij,Aleppo,Inconnu,Obus,0,1,
"""

MAPPING = """
kind = "incidents"
source = "Groupe simulé"

[columns]
"Ref" = "id"
"Jour" = "date"
"Lieu" = "place"
"Gouvernorat" = "governorate"
"Auteur" = "belligerent"
"Arme" = "type"
"Morts civils min" = "civilians_min"
"Morts civils max" = "civilians_max"
"Soignants tués" = "hw_killed"

[constants]
grade = "weak"

[values.belligerent]
"Avions du régime" = "syrian_government"
"Inconnu" = ""

[values.type]
"Bombardement aérien" = "airstrike"
"Obus" = "shelling"
"""


def test_an_incident_mapping_file_reads_any_layout(engine: Engine, tmp_path: Path) -> None:
    from tawthiq.ingest.incidents import rederive_incidents

    data, spec = tmp_path / "incidents.csv", tmp_path / "map.toml"
    data.write_text(MAPPED_CSV, encoding="utf-8")
    spec.write_text(MAPPING, encoding="utf-8")
    s = import_file(engine, data, None, mapping=spec)
    assert (s.kind, s.source, s.counts.imported, s.notes) == ("incidents", "Groupe simulé", 2, [])
    r = _reports(engine)
    one, two = r["A-1"], r["A-2"]
    assert (one["perpetrator"], one["incident_type"], one["pcode"], one["grade"]) == (
        "syrian_government",
        "airstrike",
        "C1134",
        "weak",
    )
    assert (one["civilians_min"], one["civilians_max"], one["counts"]) == (
        3,
        5,
        {"hw_killed": (1, 1)},
    )
    assert (two["perpetrator"], two["incident_type"], two["pcode"]) == (
        "unknown",
        "shelling",
        "C1767",
    )
    with engine.begin() as conn:  # normalize reads the raw rows again through the stored map
        read, changed, _ = rederive_incidents(conn)
    assert (read, changed) == (2, 0)
    assert _reports(engine)["A-1"]["counts"] == {"hw_killed": (1, 1)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('kind = "incidents"\n[columns]\n"x" = "nonsense"', "not an incident field"),
        ('kind = "incidents"\n[constants]\nid = "1"', "id cannot be constant"),
        ('kind = "incidents"\n[values.type]\n"x" = "bombing"', "not a type code"),
        ('kind = "incidents"\n[values.status]\n"x" = "sure"', "not a strike status"),
        ('kind = "events"', "kind must be victims or incidents"),
    ],
)
def test_incident_mapping_mistakes_are_named(tmp_path: Path, text: str, message: str) -> None:
    from tawthiq.errors import InputError
    from tawthiq.ingest.mapping import load_mapping

    spec = tmp_path / "map.toml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_mapping(spec)


def test_normalize_rereads_real_layouts_without_change(engine: Engine) -> None:
    from tawthiq.ingest.incidents import rederive_incidents

    import_file(engine, DATA / "airwars_incidents_real_layout.csv", "Airwars")
    import_file(engine, DATA / "shcc_health_care_hxl.csv", "SHCC")
    before = _reports(engine)
    with engine.begin() as conn:
        read, changed, _ = rederive_incidents(conn)
    assert (read, changed) == (9, 0)
    assert _reports(engine) == before


def test_shcc_without_its_hxl_row_reads_alike(engine: Engine, tmp_path: Path) -> None:
    lines = (DATA / "shcc_health_care_hxl.csv").read_text(encoding="utf-8").splitlines()
    plain = tmp_path / "shcc_plain.csv"
    plain.write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")
    s = import_file(engine, plain, "SHCC")
    assert (s.kind, s.counts.imported) == ("incidents", 3)
    assert _reports(engine)["SIM-101"]["counts"]["hw_killed"] == (2, 2)
