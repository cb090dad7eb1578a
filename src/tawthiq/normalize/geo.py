"""Resolve a point (latitude, longitude) to OCHA P-codes, for the files that carry coordinates.

A place name can be ambiguous or missing from the gazetteer; a point is not, as long as it is a
point in Syria. It is read in two steps, each with a limit beyond which nothing is claimed:

1. the sub-district (admin3, hence also admin1 and admin2): the one whose polygon contains the
   point, from the OCHA COD-AB boundaries shipped in ``data/geo/syr_admin3.geojson``. They are
   simplified together as a coverage (shared edges kept, no gaps or overlaps) on a 1 m grid,
   so a point changes sub-district only within metres of an edge; a point on a shared edge
   takes the lower P-code. The outer edge (the national border) is simplified too, so a point
   in no polygon but within ``BORDER_KM`` (1 km) of one is read as in the nearest, with a
   warning; farther out it is outside Syria and *unresolved*.
2. the community: the nearest community point of the gazetteer (the Syrian Archive's OCHA
   community coordinates) in that sub-district, if within ``COMMUNITY_KM`` (3 km); the
   neighbourhood centroids of the cities stand for their city, so that a point in a city's
   outer quarters, far from the city's single point, still finds it. Three kilometres because
   villages in the settled west lie 2–5 km apart and a town's built-up area reaches 1–3 km from
   its point; a point farther than that from every community is a farm, a road or a place the
   list does not name, and the sub-district is all that is known.

Latitude and longitude swapped is a common export error, but Syria spans latitudes 32.3–37.3
and longitudes 35.7–42.4, so a pair such as (36.5, 37.0) is plausible either way round. A swap
is therefore read only when the point as given is outside Syria and the swapped one is inside,
and the resolution says so. Anything that is not a pair of finite numbers within ±90/±180 is
*unresolved*; nothing here raises. The boundaries and the community table are loaded once, on
first use, and answers are cached.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import shapely  # no stubs: shapely objects are Any here
from shapely.geometry import shape

from tawthiq.normalize.places import (
    Place,
    PlaceLevel,
    PlaceResolution,
    PlaceStatus,
    gazetteer,
)

__all__ = ["BORDER_KM", "COMMUNITY_KM", "resolve_point"]

BORDER_KM = 1.0
"""How far outside every shipped polygon a point may lie and still be read as in the nearest."""
COMMUNITY_KM = 3.0
"""How far from a community's point a point may lie and still be read as at that community."""

_KM_PER_DEGREE_LAT = 110.574
_KM_PER_DEGREE_LON = 111.320  # at the equator; times cos(latitude)
_SEARCH_DEGREES = BORDER_KM / 75  # wider than BORDER_KM in degrees anywhere in Syria


@dataclass(frozen=True, slots=True)
class _Boundaries:
    tree: shapely.STRtree
    geometries: tuple[shapely.Geometry, ...]
    pcodes: tuple[str, ...]


@lru_cache(maxsize=1)
def _boundaries() -> _Boundaries:
    """The shipped sub-district polygons in a spatial index (loaded once, about 0.1 s)."""
    raw = resources.files("tawthiq").joinpath("data", "geo", "syr_admin3.geojson").read_bytes()
    features = sorted(json.loads(raw)["features"], key=lambda f: f["properties"]["pcode"])
    geometries = tuple(shape(f["geometry"]) for f in features)
    pcodes = tuple(str(f["properties"]["pcode"]) for f in features)
    return _Boundaries(shapely.STRtree(geometries), geometries, pcodes)


@dataclass(frozen=True, slots=True)
class _Settlements:
    latitudes: np.ndarray
    longitudes: np.ndarray
    places: tuple[Place, ...]


@lru_cache(maxsize=1)
def _settlements() -> dict[str, _Settlements]:
    """Community points by sub-district, with city neighbourhood centroids for their city.

    Only points filed in the same sub-district as the place they stand for are kept, so that the
    answer's admin codes always agree with the polygon the point fell in.
    """
    gaz = gazetteer()
    found: dict[str, list[tuple[float, float, Place]]] = {}
    for p in gaz.places.values():
        if p.latitude is None or p.longitude is None or p.admin3 is None:
            continue
        if p.level is PlaceLevel.COMMUNITY:
            stands_for: Place | None = p
        elif p.level is PlaceLevel.NEIGHBOURHOOD and p.community is not None:
            stands_for = gaz.get(p.community)
        else:
            continue
        if stands_for is not None and stands_for.admin3 == p.admin3:
            found.setdefault(p.admin3, []).append((p.latitude, p.longitude, stands_for))
    return {
        code: _Settlements(
            np.array([e[0] for e in entries]),
            np.array([e[1] for e in entries]),
            tuple(e[2] for e in entries),
        )
        for code, entries in found.items()
    }


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance on an equirectangular projection: within 0.5 % at the few km used here."""
    dx = (lon2 - lon1) * _KM_PER_DEGREE_LON * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, (lat2 - lat1) * _KM_PER_DEGREE_LAT)


def _locate(lat: float, lon: float) -> tuple[str, float] | None:
    """The sub-district P-code at the point and how far outside it the point is (km), if any."""
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    bounds = _boundaries()
    point = shapely.Point(lon, lat)
    hits = bounds.tree.query(point, predicate="intersects")
    if len(hits):
        return min(bounds.pcodes[int(i)] for i in hits), 0.0
    best: tuple[str, float] | None = None
    for i in bounds.tree.query(point, predicate="dwithin", distance=_SEARCH_DEGREES):
        line = shapely.shortest_line(bounds.geometries[int(i)], point)
        x, y = shapely.get_coordinates(line)[0]
        distance = _km(lat, lon, float(y), float(x))
        if distance <= BORDER_KM and (best is None or distance < best[1]):
            best = (bounds.pcodes[int(i)], distance)
    return best


def _nearest_settlement(admin3: str, lat: float, lon: float) -> Place | None:
    points = _settlements().get(admin3)
    if points is None:
        return None
    dx = (points.longitudes - lon) * _KM_PER_DEGREE_LON * math.cos(math.radians(lat))
    dy = (points.latitudes - lat) * _KM_PER_DEGREE_LAT
    distances = np.hypot(dx, dy)
    i = int(np.argmin(distances))
    return points.places[i] if distances[i] <= COMMUNITY_KM else None


def _unresolved(original: str, problem: str) -> PlaceResolution:
    return PlaceResolution(original, PlaceStatus.UNRESOLVED, problem=problem)


@lru_cache(maxsize=65536)
def resolve_point(latitude: float, longitude: float) -> PlaceResolution:
    """The community (or else the sub-district) at a point given in WGS 84 degrees.

    ``original`` is "latitude, longitude" as given. Never raises: a value that is not a number,
    or out of range, is *unresolved* with the reason; so is a point outside Syria. See the
    module docstring for the distances used and when a swap of the two is read.
    """
    original = f"{latitude}, {longitude}"
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return _unresolved(original, "not a coordinate: latitude and longitude must be numbers")
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return _unresolved(original, "not a coordinate: latitude or longitude is not a number")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return _unresolved(
            original, "not a coordinate: latitude must lie within ±90° and longitude within ±180°"
        )
    warnings: list[str] = []
    found = _locate(lat, lon)
    if found is None:
        found = _locate(lon, lat)
        if found is None:
            return _unresolved(
                original, f"outside Syria: no sub-district within {BORDER_KM:g} km of the point"
            )
        lat, lon = lon, lat
        warnings.append(
            "latitude and longitude look swapped (the point as given is outside Syria, swapped"
            f" it is inside): read as latitude {lat}, longitude {lon}"
        )
    pcode, outside = found
    if outside > 0:
        warnings.append(
            f"the point is {outside * 1000:.0f} m outside the shipped boundaries (on the border):"
            " read as in the nearest sub-district"
        )
    subdistrict = gazetteer().get(pcode)
    if subdistrict is None:  # the boundaries and the gazetteer are the same COD-AB release
        return _unresolved(original, f"sub-district {pcode} is not in the gazetteer")
    community = _nearest_settlement(pcode, lat, lon)
    if community is None:
        return PlaceResolution(
            original, PlaceStatus.RESOLVED, subdistrict, (subdistrict,), None, tuple(warnings)
        )
    return PlaceResolution(
        original,
        PlaceStatus.RESOLVED,
        community,
        (subdistrict, community),
        None,
        tuple(warnings),
    )
