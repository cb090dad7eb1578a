"""Build the shipped, simplified boundary GeoJSON from OCHA's COD-AB shapefiles.

Usage: python scripts/build_boundaries.py [SHAPEFILE_DIR]
       (default ../shared/data/gazetteer/ocha_cod_ab_v2020/shapefiles)

Writes src/tawthiq/data/geo/syr_admin1.geojson and syr_admin2.geojson: polygons simplified with
Douglas-Peucker (tolerance 0.005 degrees, about 500 m) and rounded to 4 decimals, properties
P-code and English/Arabic names. Run it again only if the boundaries change; the output is
committed so that nothing is read from outside the package at run time.
Source: OCHA / UN Cartographic Section, COD-AB v02 (2020-12-17), CC BY-IGO.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np
import shapefile

TOLERANCE = 0.005
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


if __name__ == "__main__":
    main()
