"""Build the shipped, simplified boundary GeoJSON from OCHA's COD-AB shapefiles.

Usage: python scripts/build_boundaries.py [SHAPEFILE_DIR]
       (default ../shared/data/gazetteer/ocha_cod_ab_v2020/shapefiles)

Writes to src/tawthiq/data/geo/:

- syr_admin1.geojson and syr_admin2.geojson, for drawing maps: polygons simplified with
  Douglas-Peucker (tolerance 0.005 degrees, about 500 m) and rounded to 4 decimals, properties
  P-code and English/Arabic names;
- syr_admin3.geojson, for point-in-polygon (``tawthiq.normalize.geo``): the 272 sub-districts
  simplified *as a coverage* (GEOS coverage simplification, tolerance 0.0002 degrees, then
  coordinates on a 0.00001-degree grid, about 1 m), so that neighbouring sub-districts keep
  their shared edges and no gap or overlap opens between them; a point changes sub-district
  only within a few tens of metres of a boundary. Properties: P-code and the admin1/admin2
  P-codes and names.

Run it again only if the boundaries change; the output is committed so that nothing is read
from outside the package at run time. Needs pyshp (dev dependency) and shapely.
Source: OCHA / UN Cartographic Section, COD-AB v02 (2020-12-17), CC BY-IGO.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import shapefile
import shapely
from shapely.geometry import shape as as_geometry

TOLERANCE = 0.005
POINT_TOLERANCE = 0.0002
"""Coverage simplification tolerance of the sub-districts (degrees; GEOS removes vertices whose
triangle has an area below its square). Checked against the original polygons on 200,000 random
points: 3 of the 110,000 inside Syria fall in another sub-district, all within metres of an edge."""
POINT_DECIMALS = 5
OUT = Path(__file__).resolve().parents[1] / "src" / "tawthiq" / "data" / "geo"


def simplify(points: np.ndarray, tol: float) -> np.ndarray:
    """Douglas-Peucker on one ring; keeps the first and last point."""
    if len(points) < 3:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        lo, hi = stack.pop()
        if hi <= lo + 1:
            continue
        a, b = points[lo], points[hi]
        seg = b - a
        rest = points[lo + 1 : hi] - a
        norm = np.hypot(*seg)
        if norm == 0:
            dist = np.hypot(rest[:, 0], rest[:, 1])
        else:
            dist = np.abs(seg[0] * rest[:, 1] - seg[1] * rest[:, 0]) / norm
        i = int(np.argmax(dist))
        if dist[i] > tol:
            mid = lo + 1 + i
            keep[mid] = True
            stack += [(lo, mid), (mid, hi)]
    return points[keep]


def rings(shape: shapefile.Shape) -> list[list[list[float]]]:
    pts = np.asarray(shape.points, dtype=float)
    bounds = [*shape.parts, len(pts)]
    out = []
    for start, stop in itertools.pairwise(bounds):
        ring = simplify(pts[start:stop], TOLERANCE)
        if len(ring) >= 4:
            out.append([[round(x, 4), round(y, 4)] for x, y in ring])
    return out


def build(folder: Path, level: int) -> dict[str, object]:
    reader = shapefile.Reader(str(folder / f"syr_admin{level}"), encoding="utf-8")
    names = [f[0] for f in reader.fields[1:]]
    features = []
    for sr in reader.shapeRecords():
        rec = dict(zip(names, sr.record, strict=True))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "pcode": rec[f"adm{level}_pcode"],
                    "name_en": rec[f"adm{level}_name"],
                    "name_ar": rec[f"adm{level}_name1"],
                },
                # Each ring as its own polygon: enough for drawing (no holes in these layers).
                "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in rings(sr.shape)]},
            }
        )
    return {
        "type": "FeatureCollection",
        "attribution": "OCHA / UN Cartographic Section, COD-AB v02 (2020-12-17), CC BY-IGO",
        "features": sorted(features, key=lambda f: f["properties"]["pcode"]),
    }


def _ring(coords: np.ndarray) -> list[list[float]]:
    return [[round(float(x), POINT_DECIMALS), round(float(y), POINT_DECIMALS)] for x, y in coords]


def _geojson(geometry: shapely.Geometry) -> dict[str, object]:
    """GeoJSON of a (Multi)Polygon, holes kept, coordinates rounded to POINT_DECIMALS."""
    polygons = list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]
    parts = [
        [_ring(np.asarray(p.exterior.coords)), *(_ring(np.asarray(h.coords)) for h in p.interiors)]
        for p in polygons
    ]
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def build_points(folder: Path) -> list[dict[str, Any]]:
    """The sub-districts for point-in-polygon: simplified together, so edges stay shared."""
    reader = shapefile.Reader(str(folder / "syr_admin3"), encoding="utf-8")
    names = [f[0] for f in reader.fields[1:]]
    records = []
    geometries = []
    for sr in reader.shapeRecords():
        records.append(dict(zip(names, sr.record, strict=True)))
        geometries.append(as_geometry(sr.shape.__geo_interface__))
    original = np.asarray(geometries, dtype=object)
    if not shapely.coverage_is_valid(original):
        raise SystemExit("the admin3 polygons overlap or leave gaps: cannot simplify as a coverage")
    simplified = shapely.set_precision(
        shapely.coverage_simplify(original, POINT_TOLERANCE), 10.0**-POINT_DECIMALS
    )
    if not shapely.is_valid(simplified).all() or shapely.is_empty(simplified).any():
        raise SystemExit("simplification produced an invalid or empty sub-district")
    features = [
        {
            "type": "Feature",
            "properties": {
                "pcode": rec["adm3_pcode"],
                "name_en": rec["adm3_name"],
                "name_ar": rec["adm3_name1"],
                "admin2": rec["adm2_pcode"],
                "admin1": rec["adm1_pcode"],
            },
            "geometry": _geojson(geom),
        }
        for rec, geom in zip(records, simplified, strict=True)
    ]
    return sorted(features, key=lambda f: str(f["properties"]["pcode"]))


def main() -> None:
    default = (
        Path(__file__).resolve().parents[2] / "shared/data/gazetteer/ocha_cod_ab_v2020/shapefiles"
    )
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    OUT.mkdir(parents=True, exist_ok=True)
    for level in (1, 2):
        data = build(folder, level)
        path = OUT / f"syr_admin{level}.geojson"
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        points = sum(len(r[0]) for f in data["features"] for r in f["geometry"]["coordinates"])  # type: ignore[index]
        size = path.stat().st_size
        print(f"{path}: {len(data['features'])} features, {points} points, {size:,} bytes")
    features = build_points(folder)
    path = OUT / "syr_admin3.geojson"
    data = {
        "type": "FeatureCollection",
        "attribution": "OCHA / UN Cartographic Section, COD-AB v02 (2020-12-17), CC BY-IGO",
        "features": features,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    points = sum(int(shapely.get_num_coordinates(as_geometry(f["geometry"]))) for f in features)
    size = path.stat().st_size
    print(f"{path}: {len(features)} features, {points} points, {size:,} bytes")


if __name__ == "__main__":
    main()
