"""Choropleth maps of Syria as inline SVG, from the boundaries shipped in the package.

Why SVG strings and not a mapping library: the web app and the reports must work offline and
in a self-contained HTML file, so the map is drawn from ``data/geo/syr_admin1.geojson`` (OCHA
COD-AB, simplified) with a plain equirectangular projection corrected for latitude — at Syria's
size the distortion is invisible — and classed colours with a legend. Every region carries a
``<title>`` (its name and value) for screen readers and hover.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["PALETTE", "choropleth_svg", "class_breaks", "governorates"]

# Sequential reds (ColorBrewer "Reds", 5 classes); no-data regions are light grey.
PALETTE = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
NO_DATA = "#eeeeee"


@cache
def _layer(level: int) -> dict[str, Any]:
    path = files("tawthiq") / "data" / "geo" / f"syr_admin{level}.geojson"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def governorates() -> dict[str, tuple[str, str]]:
    """P-code → (English, Arabic) name of the 14 governorates."""
    return {
        f["properties"]["pcode"]: (f["properties"]["name_en"], f["properties"]["name_ar"])
        for f in _layer(1)["features"]
    }


def class_breaks(values: list[float], classes: int = len(PALETTE)) -> list[float]:
    """Upper bounds of equal-count classes over the positive values (ties merged)."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    breaks: list[float] = []
    for i in range(1, classes + 1):
        idx = min(len(positive) - 1, math.ceil(i * len(positive) / classes) - 1)
        if not breaks or positive[idx] > breaks[-1]:
            breaks.append(positive[idx])
    return breaks


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def choropleth_svg(
    values: Mapping[str, float],
    *,
    lang: str = "en",
    title: str = "",
    width: int = 640,
    level: int = 1,
    legend_label: str = "",
    links: Mapping[str, tuple[str | None, str]] | None = None,
    labels: Mapping[str, str] | None = None,
    legend_floor: float = 1.0,
) -> str:
    """An SVG map of ``values`` by P-code (governorates by default), with a legend.

    ``links``: P-code → (href or None, figure id): the region is wrapped in
    ``<a data-figure=... href=...>`` (reports link every number to its cited records).
    ``labels``: P-code → the value text of the region's ``<title>`` (e.g. ``<5`` in a public
    report). ``legend_floor``: lower bound of the first legend class. Legend numbers are a scale,
    not figures, and carry ``data-role="scale"``.
    """
    layer = _layer(level)
    xs, ys = [], []
    for f in layer["features"]:
        for poly in f["geometry"]["coordinates"]:
            for x, y in poly[0]:
                xs.append(x)
                ys.append(y)
    lon0, lon1, lat0, lat1 = min(xs), max(xs), min(ys), max(ys)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    scale = (width - 20) / ((lon1 - lon0) * kx)
    map_h = (lat1 - lat0) * scale + 20
    legend_h = 24 + 18 * len(PALETTE)
    height = int(map_h + legend_h)

    def pt(x: float, y: float) -> str:
        return f"{10 + (x - lon0) * kx * scale:.1f},{10 + (lat1 - y) * scale:.1f}"

    breaks = class_breaks([float(v) for v in values.values()])

    def colour(value: float | None) -> str:
        if value is None or value <= 0 or not breaks:
            return NO_DATA
        for i, upper in enumerate(breaks):
            if value <= upper:
                return PALETTE[round(i * (len(PALETTE) - 1) / max(1, len(breaks) - 1))]
        return PALETTE[-1]

    name_key = "name_ar" if lang == "ar" else "name_en"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="sans-serif" font-size="12" direction="ltr">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for f in layer["features"]:
        props = f["properties"]
        value = values.get(props["pcode"])
        d = " ".join(
            "M" + " L".join(pt(x, y) for x, y in poly[0]) + " Z"
            for poly in f["geometry"]["coordinates"]
        )
        shown = _fmt(value) if value is not None else "—"
        if labels is not None and props["pcode"] in labels:
            shown = labels[props["pcode"]]
        label = f"{props[name_key]}: {shown}"
        path = (
            f'<path d="{d}" fill="{colour(value)}" stroke="#ffffff" stroke-width="0.8" '
            f'data-pcode="{escape(props["pcode"])}"><title>{escape(label)}</title></path>'
        )
        link = links.get(props["pcode"]) if links is not None else None
        if link is not None:
            href = f' href="{escape(link[0])}"' if link[0] else ""
            path = f'<a data-figure="{escape(link[1])}"{href}>{path}</a>'
        parts.append(path)
    y = map_h + 8
    if legend_label:
        parts.append(f'<text x="10" y="{y + 4:.0f}">{escape(legend_label)}</text>')
    lower = legend_floor
    for i, upper in enumerate(breaks):
        fill = colour(upper)
        text = _fmt(lower) if lower == upper else f"{_fmt(lower)}–{_fmt(upper)}"
        yy = y + 12 + 18 * i
        parts.append(f'<rect x="10" y="{yy:.0f}" width="14" height="14" fill="{fill}"/>')
        parts.append(f'<text data-role="scale" x="30" y="{yy + 11:.0f}">{escape(text)}</text>')
        lower = math.floor(upper) + 1 if float(upper).is_integer() else upper
    if not breaks:
        parts.append(f'<rect x="10" y="{y + 12:.0f}" width="14" height="14" fill="{NO_DATA}"/>')
        parts.append(f'<text data-role="scale" x="30" y="{y + 23:.0f}">{escape("0")}</text>')
    parts.append(
        f'<text data-role="label" x="{width - 10}" y="{height - 4}" text-anchor="end" '
        'font-size="9" fill="#777777">OCHA, UNCS (CC BY-IGO)</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
