"""Real Syrian communities for simulated deaths, from the shipped gazetteer.

Deaths happen in OCHA communities (C-codes) of the Syrian Archive location list, each with its
admin-1..3 P-codes, English and Arabic names. Names are cleaned the way a documenter would write
them: the gazetteer's disambiguation (``Afrin (Afrin)``, ``ابين- عفرين``) is dropped.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

__all__ = ["Places", "load_places"]

_PAREN = re.compile(r"\s*\([^)]*\)?")


def _clean_en(name: str) -> str:
    name = _PAREN.sub("", name).split("/")[0]
    return " ".join(name.split()) or name


def _clean_ar(name: str) -> str:
    for sep in ("-", "_", "/"):
        parts = [p.strip() for p in name.split(sep) if p.strip()]
        if parts:
            name = parts[0]
    return " ".join(name.split())


@dataclass(frozen=True, eq=False)
class Places:
    """Communities (one row each) and governorates (admin 1), as parallel arrays."""

    pcode: np.ndarray[Any, np.dtype[np.object_]]
    name_en: np.ndarray[Any, np.dtype[np.object_]]
    name_ar: np.ndarray[Any, np.dtype[np.object_]]
    adm3_pcode: np.ndarray[Any, np.dtype[np.object_]]
    gov: np.ndarray[Any, np.dtype[np.int64]]
    """Index of each community's governorate in ``governorates_*``."""
    is_centre: np.ndarray[Any, np.dtype[np.bool_]]
    """The community is the centre town of its admin-3 sub-district."""
    governorates_en: tuple[str, ...]
    governorates_ar: tuple[str, ...]
    governorates_pcode: tuple[str, ...]
    by_pcode: dict[str, int]

    def governorate_of(self, pcode: str) -> str | None:
        """English governorate name of a community C-code, or ``None`` if unknown."""
        idx = self.by_pcode.get(pcode)
        return None if idx is None else self.governorates_en[int(self.gov[idx])]


def _read(name: str) -> list[dict[str, str]]:
    res = resources.files("tawthiq").joinpath("data", "gazetteer", name)
    text = res.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@lru_cache(maxsize=1)
def load_places() -> Places:
    """The communities of the shipped gazetteer that lie in a known governorate."""
    admin1 = sorted(_read("syr_admin1.csv"), key=lambda r: r["adm1_pcode"])
    gov_pcode = tuple(r["adm1_pcode"] for r in admin1)
    gov_en = tuple(r["adm1_name"] for r in admin1)
    gov_ar = tuple(r["adm1_name1"] for r in admin1)
    gov_index = {p: i for i, p in enumerate(gov_pcode)}
    rows = [
        r
        for r in _read("syrianarchive_locations.csv")
        if r["pcode_level"] == "community" and r["pip_adm1_pcode"] in gov_index
    ]
    rows.sort(key=lambda r: r["pcode"])
    adm3_names = {}
    for r in rows:
        adm3_names[r["pip_adm3_pcode"]] = _clean_ar(r["pip_adm3_ar"].replace("مركز", "", 1))
    centre = [
        _clean_ar(r["name_ar"]) == adm3_names[r["pip_adm3_pcode"]]
        or _clean_en(r["name_en"]) == _clean_en(r["pip_adm3_en"])
        for r in rows
    ]
    return Places(
        pcode=np.array([r["pcode"] for r in rows], dtype=object),
        name_en=np.array([_clean_en(r["name_en"]) for r in rows], dtype=object),
        name_ar=np.array([_clean_ar(r["name_ar"]) for r in rows], dtype=object),
        adm3_pcode=np.array([r["pip_adm3_pcode"] for r in rows], dtype=object),
        gov=np.array([gov_index[r["pip_adm1_pcode"]] for r in rows], dtype=np.int64),
        is_centre=np.array(centre, dtype=bool),
        governorates_en=gov_en,
        governorates_ar=gov_ar,
        governorates_pcode=gov_pcode,
        by_pcode={r["pcode"]: i for i, r in enumerate(rows)},
    )
