"""The shipped boundaries and the choropleth: every governorate drawn, classes and legend."""

from __future__ import annotations

import re

from tawthiq.report.maps import PALETTE, choropleth_svg, class_breaks, governorates


def test_fourteen_governorates_with_arabic_names() -> None:
    g = governorates()
    assert len(g) == 14 and g["SY02"] == ("Aleppo", "حلب") and g["SY03"][0] == "Rural Damascus"


def test_class_breaks() -> None:
    assert class_breaks([]) == [] and class_breaks([0, 0]) == []
    assert class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]
    assert class_breaks([5, 5, 5]) == [5]


def test_map_draws_every_region_with_its_value() -> None:
    values = {"SY02": 120, "SY07": 3, "SY01": 0}
    svg = choropleth_svg(values, lang="ar", title="<x>", legend_label="سجلات")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert len(re.findall(r"<path ", svg)) == 14
    assert "<title>حلب: 120</title>" in svg and "&lt;x&gt;" in svg
    aleppo = re.search(r'fill="([^"]+)"[^>]*data-pcode="SY02"', svg)
    idleb = re.search(r'fill="([^"]+)"[^>]*data-pcode="SY07"', svg)
    damascus = re.search(r'fill="([^"]+)"[^>]*data-pcode="SY01"', svg)
    assert aleppo and idleb and damascus
    assert aleppo.group(1) == PALETTE[-1] and idleb.group(1) == PALETTE[0]
    assert damascus.group(1) == "#eeeeee"  # zero is "no data", not the lowest class
