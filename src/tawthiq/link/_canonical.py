"""Canonical victim-record CSV rows as linkage input, without going through the store.

The store hands linkage records already parsed at import. Evaluation on simulated worlds (the
benchmark, the tests) starts from the canonical CSV files instead, so this adapter parses them
the way import does (:mod:`tawthiq.ingest.canonical`: dates with precision, ages as ranges,
sex through the vocabulary), once per distinct value, and names each record
``<source>:<record_id>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from tawthiq.errors import InputError
from tawthiq.ingest.canonical import parse_age, parse_canonical_date
from tawthiq.link._features import INPUT_COLUMNS

__all__ = ["read_canonical_lists", "records_from_canonical"]

_Date = tuple[dt.date | None, dt.date | None, str | None]


def _date(text: Any) -> _Date:
    if text is None or not str(text).strip():
        return None, None, None
    try:
        lo, hi, precision = parse_canonical_date(str(text))
    except ValueError:
        return None, None, None
    return lo, hi, precision.value


def _age(text: Any) -> tuple[float | None, float | None]:
    if text is None or not str(text).strip():
        return None, None
    lo, hi, _ = parse_age(str(text))
    return lo, hi


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    s = frame[name].astype(object)
    return s.where(s.notna() & (s.astype(str).str.strip() != ""), None)


def records_from_canonical(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """A canonical victim-record table (as read from CSV, values as text) in the input contract.

    ``record_key`` is ``"<source>:<record_id>"``. Unparseable dates and ages become null (import
    would have rejected or warned about them).
    """
    if "record_id" not in frame.columns:
        raise InputError("missing column 'record_id'", field="record_id")
    record_id = _column(frame, "record_id").astype(str)
    dates = _column(frame, "date_of_death")
    uniq_dates = {v: _date(v) for v in dates.dropna().unique()}
    parsed_dates = [uniq_dates.get(v, (None, None, None)) for v in dates.tolist()]
    ages = _column(frame, "age")
    uniq_ages = {v: _age(v) for v in ages.dropna().unique()}
    parsed_ages = [uniq_ages.get(v, (None, None)) for v in ages.tolist()]
    out = pd.DataFrame(
        {
            "record_key": (source + ":" + record_id).to_numpy(),
            "source": source,
            "record_id": record_id.to_numpy(),
            "full_name": _column(frame, "full_name").to_numpy(),
            "given_name": _column(frame, "given_name").to_numpy(),
            "father_name": _column(frame, "father_name").to_numpy(),
            "family_name": _column(frame, "family_name").to_numpy(),
            "sex": _column(frame, "sex").to_numpy(),
            "age_min": pd.array([a[0] for a in parsed_ages], dtype="Float64"),
            "age_max": pd.array([a[1] for a in parsed_ages], dtype="Float64"),
            "date_earliest": [d[0] for d in parsed_dates],
            "date_latest": [d[1] for d in parsed_dates],
            "date_precision": [d[2] for d in parsed_dates],
            "place_text": _column(frame, "place_of_death").to_numpy(),
            "governorate_text": _column(frame, "governorate").to_numpy(),
            "pcode": _column(frame, "pcode").to_numpy(),
            "admin1_pcode": None,
        }
    )
    return out.loc[:, list(INPUT_COLUMNS)]


def read_canonical_lists(files: Mapping[str, str | Path]) -> pd.DataFrame:
    """Read canonical CSV files (``{source: path}``) into one input table, in the given order."""
    parts = []
    for source, path in files.items():
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except FileNotFoundError:
            raise InputError("file not found", file=str(path)) from None
        parts.append(records_from_canonical(frame, source))
    if not parts:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in INPUT_COLUMNS})
    return pd.concat(parts, ignore_index=True)
