"""Points to P-codes: checked against the original COD-AB polygons, not the shipped ones.

The shipped sub-district polygons are simplified; these tests take points from OCHA's original
shapefile (when ``../shared`` is there) and from a table of points computed from it once, so a
simplification that moved a boundary too far fails here.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from tawthiq.normalize.geo import BORDER_KM, COMMUNITY_KM, resolve_point
from tawthiq.normalize.places import PlaceLevel, PlaceStatus, gazetteer

SHAPEFILES = (
    Path(__file__).resolve().parents[3] / "shared/data/gazetteer/ocha_cod_ab_v2020/shapefiles"
)

# One point per governorate: the representative point (shapely) of a sub-district's polygon in
# the original shapefile, rounded to 5 decimals, with that sub-district and the community the
# resolver finds within 3 km (or the sub-district itself when none is that close).
POINTS: list[tuple[float, float, str, str]] = [
    (33.51552, 36.27375, "SY010000", "C1001"),  # Damascus: Damascus city
    (36.18644, 37.14516, "SY020000", "C1007"),  # Jebel Saman, Aleppo: Aleppo city
    (33.28891, 36.32819, "SY030101", "C2284"),  # Kisweh, Rural Damascus: Deir Ali
    (34.71424, 36.78291, "SY040100", "C2526"),  # Homs: Zaydal
    (35.11697, 36.70341, "SY050100", "C3009"),  # Hama: Maar Daftein
    (35.56413, 35.80482, "SY060000", "C3480"),  # Lattakia: Lattakia city
    (35.92401, 36.57183, "SY070000", "C3878"),  # Idleb: Martein
    (36.53229, 40.73574, "SY080000", "C4360"),  # Al-Hasakeh: Al-Hasakeh city
    (35.25984, 39.72617, "SY090100", "SY090100"),  # Deir-ez-Zor: no community within 3 km
    (34.86704, 35.95895, "SY100000", "C5240"),  # Tartous: Dahbash
    (36.09961, 38.96988, "SY110100", "C5680"),  # Ar-Raqqa: Wihdeh
    (32.61581, 36.16166, "SY120000", "C5997"),  # Dar'a: Neimeh
    (32.67529, 36.58898, "SY130000", "C6141"),  # As-Sweida: Raha
    (33.07467, 35.81196, "SY140000", "SY140000"),  # Quneitra: no community within 3 km
]


def test_the_point_table_covers_every_governorate() -> None:
    assert {p[2][:4] for p in POINTS} == {f"SY{i:02d}" for i in range(1, 15)}


@pytest.mark.parametrize(("lat", "lon", "admin3", "pcode"), POINTS)
def test_points_resolve_to_their_subdistrict_and_community(
    lat: float, lon: float, admin3: str, pcode: str
) -> None:
    result = resolve_point(lat, lon)
    assert result.status is PlaceStatus.RESOLVED, result.problem
    assert result.place is not None and result.place in result.candidates
    assert result.pcode == pcode
    assert result.place.admin3 == admin3
    assert result.place.admin1 == admin3[:4] and result.place.admin2 == admin3[:6]
    assert not result.warnings


def test_town_points_resolve_to_the_town() -> None:
    gaz = gazetteer()
    for code in ("C2338", "C1007", "C3871", "C2733", "C1767", "C1366", "C4126", "C2429"):
        place = gaz.get(code)
        assert place is not None and place.latitude is not None and place.longitude is not None
        assert resolve_point(place.latitude, place.longitude).pcode == code, place.name_en


def test_a_city_quarter_far_from_the_city_point_is_the_city() -> None:
    # al-Waer's centroid (N0246) is 5 km from Homs city's point; the quarter stands for the city
    result = resolve_point(34.738554, 36.665888)
    assert result.pcode == "C2528" and result.precision is PlaceLevel.COMMUNITY


def test_a_point_far_from_any_community_stays_at_the_subdistrict() -> None:
    result = resolve_point(35.0, 38.5)  # the desert south-east of Palmyra
    assert result.status is PlaceStatus.RESOLVED
    assert result.pcode == "SY040500" and result.precision is PlaceLevel.SUBDISTRICT


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (33.3, 44.4),  # Baghdad
        (33.89, 35.5),  # Beirut
        (31.95, 35.93),  # Amman
        (34.9, 35.3),  # the Mediterranean off Tartous
        (0.0, 0.0),
    ],
)
def test_points_outside_syria_are_unresolved(lat: float, lon: float) -> None:
    result = resolve_point(lat, lon)
    assert result.status is PlaceStatus.UNRESOLVED
    assert result.place is None and result.problem and "outside Syria" in result.problem


def test_a_point_just_across_the_border_is_read_as_the_nearest_subdistrict() -> None:
    # 392 m west of the simplified Lebanese border near Serghaya
    result = resolve_point(33.7, 35.971)
    assert result.status is PlaceStatus.RESOLVED and result.pcode == "SY030701"
    assert any("outside the shipped boundaries" in w for w in result.warnings)
    assert resolve_point(33.7, 35.96).status is PlaceStatus.UNRESOLVED  # 1.3 km: too far


def test_swapped_coordinates_are_read_only_when_the_given_point_is_outside() -> None:
    swapped = resolve_point(37.0, 36.5)  # as given, a point in Turkey
    assert swapped.pcode == resolve_point(36.5, 37.0).pcode == "C1619"
    assert any("swapped" in w for w in swapped.warnings)
    assert not resolve_point(36.5, 37.0).warnings
    # both ways round in Syria (Afrin district): each read as given
    one, other = resolve_point(36.7, 36.8), resolve_point(36.8, 36.7)
    assert one.pcode == "C1404" and other.pcode == "C1453"
    assert not one.warnings and not other.warnings


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (math.nan, 36.0),
        (36.0, math.inf),
        (95.0, 36.0),
        (36.0, -190.0),
        ("thirty-six", 36.0),
        (None, 36.0),
    ],
)
def test_invalid_coordinates_are_unresolved(lat: object, lon: object) -> None:
    result = resolve_point(lat, lon)  # type: ignore[arg-type]
    assert result.status is PlaceStatus.UNRESOLVED
    assert result.problem and "not a coordinate" in result.problem


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True))
def test_never_raises(lat: float, lon: float) -> None:
    result = resolve_point(lat, lon)
    if result.status is PlaceStatus.RESOLVED:
        assert result.place is not None and result.place in result.candidates
    else:
        assert result.problem


def test_documented_distances() -> None:
    assert BORDER_KM == 1.0 and COMMUNITY_KM == 3.0


def test_the_shipped_boundaries_are_small_and_complete() -> None:
    path = resources.files("tawthiq").joinpath("data", "geo", "syr_admin3.geojson")
    raw = path.read_bytes()
    assert len(raw) < 2_000_000
    codes = {f["properties"]["pcode"] for f in json.loads(raw)["features"]}
    gaz = gazetteer()
    subdistricts = {c for c, p in gaz.places.items() if p.level is PlaceLevel.SUBDISTRICT}
    assert codes == subdistricts and len(codes) == 272


@pytest.mark.skipif(not SHAPEFILES.is_dir(), reason="../shared (the original COD-AB) is absent")
def test_points_of_the_original_polygons_resolve_to_their_subdistrict() -> None:
    """Every sub-district's representative point, and up to three points of a grid over it at
    least 500 m inside its original boundary: well over three points in every governorate."""
    shapefile = pytest.importorskip("shapefile")
    reader = shapefile.Reader(str(SHAPEFILES / "syr_admin3"), encoding="utf-8")
    by_governorate: dict[str, int] = {}
    wrong = []
    for sr in reader.shapeRecords():
        record = sr.record.as_dict()
        polygon = shape(sr.shape.__geo_interface__)
        inner = polygon.buffer(-0.005)
        x0, y0, x1, y1 = polygon.bounds
        grid = shapely.points(
            *(a.ravel() for a in np.meshgrid(np.linspace(x0, x1, 9), np.linspace(y0, y1, 9)))
        )
        inside = [p for p in grid if inner.contains(p)]
        points = [polygon.representative_point(), *inside[:: max(1, len(inside) // 3)][:3]]
        expected = (record["adm1_pcode"], record["adm2_pcode"], record["adm3_pcode"])
        for point in points:
            result = resolve_point(point.y, point.x)
            place = result.place
            got = (place.admin1, place.admin2, place.admin3) if place is not None else None
            if got != expected or result.warnings:
                wrong.append((expected, (point.y, point.x), got, result.warnings))
        by_governorate[expected[0]] = by_governorate.get(expected[0], 0) + len(points)
    assert not wrong
    assert len(by_governorate) == 14
    assert min(by_governorate.values()) >= 4  # Damascus, one sub-district, has 4 points
