"""Estimation for a workspace: capture histories from the linked persons in the store.

After ``tawthiq link``, each person is a cluster of records from one or more sources (lists).
A person is *on* a list when any of their records comes from it; that gives one capture
history per person. Stratum fields are derived from the records:

* ``governorate``: the record's ``admin1_pcode``, else its governorate text resolved against
  the shipped gazetteer (Arabic or English, e.g. ``حلب`` or ``Aleppo``), reported by the
  gazetteer's English name;
* ``year``: the year of death when the record's date (day, month or year precision) lies
  within one calendar year; a range across years gives no year;
* ``sex``, ``status``, ``cause`` and ``perpetrator``: the coded values.

Before any estimate the lists' scopes are compared (``_coverage.check_coverage``): MSE assumes
every list could have recorded every person, which lists of different periods, places or
causes break.

When a person's records disagree, the value most of them give wins (see
``capture_histories``); a missing value on one record is filled from the person's other
records. People with no value at all for a stratum field form a ``(missing)`` stratum.

``estimate_workspace`` is what ``tawthiq estimate`` and ``tawthiq demo`` call; it reads the
records and hands them to ``estimate_records``, which a caller holding the records already
(the report) calls directly, so that both give the same figure from the same persons.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine

from tawthiq.config import Workspace
from tawthiq.errors import EstimationError
from tawthiq.estimate._config import LCMCRConfig, LoglinearConfig
from tawthiq.estimate._coverage import (
    SCOPE_FIELDS,
    ScopeError,
    check_coverage,
    within_shared_scope,
)
from tawthiq.estimate._strata import StratifiedResult, estimate_strata

__all__ = [
    "RECORD_COLUMNS",
    "STRATUM_FIELDS",
    "WORKSPACE_LCMCR",
    "estimate_records",
    "estimate_workspace",
    "workspace_captures",
    "workspace_records",
]

#: LCMCR settings of ``tawthiq estimate`` and the demo: R's priors and burn-in, but ten times
#: R's thinning, because on tables of thousands of people the total mixes slowly (with R's
#: thinning of 10 the effective sample size of 1,000 draws is often below 100).
WORKSPACE_LCMCR = LCMCRConfig(thin=100)

#: Stratum fields ``tawthiq estimate --strata`` accepts, with what each is derived from.
STRATUM_FIELDS: dict[str, str] = {
    "governorate": "admin1 P-code, else the governorate text resolved with the gazetteer",
    "year": "year of death, when the recorded date lies within one calendar year",
    "sex": "coded sex (male/female/unknown)",
    "status": "coded status (civilian/combatant/unknown)",
    "cause": "coded cause of death",
    "perpetrator": "coded perpetrator (party)",
}


def _read_person_captures(engine: Engine) -> dict[str, list[Any]]:
    """One row per linked record (``store.linkage.person_captures``: person, source and the
    fields strata and the scope check use), with pandas' missing markers turned into ``None``."""
    from tawthiq.store.linkage import person_captures

    with engine.connect() as conn:
        frame = person_captures(conn)
    return {str(c): [_clean(v) for v in frame[c].tolist()] for c in frame.columns}


def _clean(value: Any) -> Any:
    """``None`` for pandas' missing markers (NaN, NaT, NA), the value otherwise."""
    if value is None:
        return None
    try:
        missing = bool(value != value)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):
        missing = False
    if missing or type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


@lru_cache(maxsize=4096)
def _governorate_name(text: str) -> str | None:
    """English gazetteer name of the governorate a P-code or governorate text points at."""
    from tawthiq.normalize.places import PlaceLevel, gazetteer, resolve_place

    res = resolve_place(text, level=PlaceLevel.GOVERNORATE)
    if res.place is None or res.place.admin1 is None:
        return None
    admin1 = gazetteer().get(res.place.admin1)
    return admin1.name_en if admin1 is not None else res.place.admin1


def _name_of(text: Any) -> str | None:
    if isinstance(text, str) and text.strip():
        return _governorate_name(text.strip())
    return None


def _governorate(cols: dict[str, list[Any]]) -> list[Any]:
    n = len(cols["person_id"])
    codes = cols.get("admin1_pcode", [None] * n)
    texts = cols.get("governorate_text", [None] * n)
    return [_name_of(code) or _name_of(text) for code, text in zip(codes, texts, strict=True)]


def _year(cols: dict[str, list[Any]]) -> list[Any]:
    out: list[Any] = []
    for first, last in zip(cols["date_earliest"], cols["date_latest"], strict=True):
        if not isinstance(first, date) or (isinstance(last, date) and last.year != first.year):
            out.append(None)
        else:
            out.append(first.year)
    return out


def _coded(col: str) -> Callable[[dict[str, list[Any]]], list[Any]]:
    """A coded field ("unknown" kept as a value, as for sex and status); a column the caller
    did not give reads as missing."""

    def get(cols: dict[str, list[Any]]) -> list[Any]:
        values = cols.get(col)
        if values is None:
            return [None] * len(cols["person_id"])
        return [v if v != "" else None for v in values]

    return get


_DERIVE: dict[str, Callable[[dict[str, list[Any]]], list[Any]]] = {
    "governorate": _governorate,
    "year": _year,
    "sex": _coded("sex"),
    "status": _coded("status"),
    "cause": _coded("cause"),
    "perpetrator": _coded("perpetrator"),
}

#: Columns of one linked record that ``estimate_records`` reads (missing ones read as empty).
RECORD_COLUMNS: tuple[str, ...] = (
    "person_id",
    "source",
    "admin1_pcode",
    "governorate_text",
    "date_earliest",
    "date_latest",
    "sex",
    "status",
    "cause",
    "perpetrator",
)


def _check_strata(strata: Sequence[str]) -> list[str]:
    out = [s.strip() for s in strata if s.strip()]
    for name in out:
        if name not in _DERIVE:
            raise EstimationError(
                f"unknown stratum {name!r}; choose from {', '.join(STRATUM_FIELDS)}"
            )
    if len(set(out)) != len(out):
        raise EstimationError("a stratum field is named twice")
    return out


def _derived(raw: Mapping[str, Sequence[Any]], fields: Sequence[str]) -> dict[str, list[Any]]:
    """``person_id``, ``source``, the dates and one column per derived field."""
    n = len(raw["person_id"])
    full: dict[str, list[Any]] = {c: list(raw.get(c, [None] * n)) for c in RECORD_COLUMNS}
    cols: dict[str, list[Any]] = {
        "person_id": full["person_id"],
        "source": full["source"],
        "date_earliest": full["date_earliest"],
        "date_latest": full["date_latest"],
    }
    for f in fields:
        cols[f] = _DERIVE[f](full)
    return cols


def workspace_captures(engine: Engine, strata: Sequence[str] = ()) -> dict[str, list[Any]]:
    """Columns ``person_id``, ``source`` and one per stratum field: one row per linked record."""
    fields = _check_strata(strata)
    cols = _derived(_read_person_captures(engine), fields)
    return {k: cols[k] for k in ("person_id", "source", *fields)}


def workspace_records(engine: Engine) -> dict[str, list[Any]]:
    """The columns of ``RECORD_COLUMNS`` for every linked record of the store (what
    ``estimate_workspace`` reads; give them to ``estimate_records`` to estimate)."""
    return _read_person_captures(engine)


def _missing_notes(cols: dict[str, list[Any]], fields: Sequence[str]) -> list[str]:
    """How many persons have no value at all for each stratum field (they form '(missing)')."""
    notes = []
    persons = set(cols["person_id"])
    for f in fields:
        with_value = {p for p, v in zip(cols["person_id"], cols[f], strict=True) if v is not None}
        n_missing = len(persons) - len(with_value)
        if n_missing:
            notes.append(
                f"{n_missing} of {len(persons)} person(s) ({n_missing / len(persons):.1%}) have "
                f"no {f} on any record; they form a '(missing)' stratum, in which lists that "
                f"often omit the {f} are over-represented — read its estimate with care"
            )
    return notes


def estimate_workspace(
    workspace: Workspace | Engine,
    *,
    strata: Sequence[str] = (),
    config: LoglinearConfig | LCMCRConfig | None = None,
    min_lists: int = 3,
    min_records: int = 100,
    sparse: str = "pool",
    scope: str = "all",
    force: bool = False,
) -> StratifiedResult:
    """Estimate the total number of deaths from the linked persons of a workspace.

    ``workspace``: a ``Workspace`` (its store is opened, migrated and closed here) or an open
    ``Engine``. The records are read and handed to ``estimate_records``, which holds the rules
    (strata, the scope check, ``scope`` and ``force``); this is what ``tawthiq estimate`` and
    ``tawthiq demo`` call.
    """
    t0 = time.perf_counter()
    _check_strata(strata)
    if isinstance(workspace, Workspace):
        from tawthiq.store import open_store

        engine = open_store(workspace)
        try:
            raw = workspace_records(engine)
        finally:
            engine.dispose()
    else:
        raw = workspace_records(workspace)
    result = estimate_records(
        raw,
        strata=strata,
        config=config,
        min_lists=min_lists,
        min_records=min_records,
        sparse=sparse,
        scope=scope,
        force=force,
    )
    return dataclasses.replace(result, seconds=time.perf_counter() - t0)


def estimate_records(
    records: Mapping[str, Sequence[Any]],
    *,
    strata: Sequence[str] = (),
    config: LoglinearConfig | LCMCRConfig | None = None,
    min_lists: int = 3,
    min_records: int = 100,
    sparse: str = "pool",
    scope: str = "all",
    force: bool = False,
) -> StratifiedResult:
    """Estimate the total from linked records: one row per record, columns ``RECORD_COLUMNS``.

    ``strata``: fields of ``STRATUM_FIELDS``; each stratum is estimated on its own and the
    estimates are added (see ``estimate_strata``); without strata all persons are one table.
    ``config``: ``LCMCRConfig`` (default ``WORKSPACE_LCMCR``) or ``LoglinearConfig``. When the
    records come from fewer lists than ``min_lists``, ``min_lists`` is lowered to that number
    (and the result says so), so that two lists still give an estimate.

    Before estimating, the lists' scopes are checked (``check_coverage``): when too many
    persons lie where fewer than two lists record anybody, a ``ScopeError`` is raised unless
    ``force``; ``scope="shared"`` instead leaves those persons out and estimates within the
    scope the lists share. The coverage is in the result (``coverage``), with ``scope``.

    The result has ``observed``, ``estimate``, ``lower``, ``upper`` (95 % by default),
    ``method``, one row per stratum, ``warnings`` (scope, sparse strata and what was done
    with them, sampler diagnostics) and ``notes`` (what was read).
    """
    t0 = time.perf_counter()
    fields = _check_strata(strata)
    if scope not in ("all", "shared"):
        raise EstimationError(f"scope must be 'all' or 'shared', got {scope!r}")
    config = config if config is not None else WORKSPACE_LCMCR
    derive = [*fields, *(f for f in SCOPE_FIELDS if f not in fields)]
    cols = _derived(records, derive)
    if not cols["person_id"]:
        raise EstimationError(
            "the workspace has no linked persons: import lists and run `tawthiq link` first"
        )
    lists = sorted({str(s) for s in cols["source"]})
    if len(lists) < 2:
        raise EstimationError(
            f"multiple systems estimation needs at least 2 lists; the linked persons come from "
            f"{len(lists)} ({', '.join(lists)})"
        )
    persons = len(set(cols["person_id"]))
    notes = [
        f"{len(cols['person_id']):,} record(s) of {persons:,} linked person(s) from {len(lists)} "
        f"lists ({', '.join(lists)}); a person is on a list when any of their records is"
    ]
    coverage = check_coverage(cols, stratified=fields)
    for f in coverage.fields:
        if f.unrecorded and len(f.unrecorded) < len(coverage.lists):
            notes.append(
                f"{', '.join(f.unrecorded)} give(s) no {f.field} on any record: the scope "
                f"check cannot tell which {f.field} values they cover and assumes all"
            )
    warnings: list[str] = []
    if scope == "shared":
        cols = within_shared_scope(cols, coverage)
        left = len(coverage.outside)
        notes.append(
            f"estimated within the lists' shared scope: {left:,} of {persons:,} person(s) "
            "outside it were left out, so the estimate is for the shared scope only"
        )
        if not cols["person_id"]:
            raise EstimationError("no person lies within the scope the lists share")
    elif coverage.verdict == "refuse" and not force:
        raise ScopeError(
            "the lists do not cover the same deaths, so MSE would extrapolate from nothing: "
            + "; ".join(coverage.messages),
            coverage,
        )
    elif coverage.verdict != "ok":
        warnings.extend(coverage.messages)
        if coverage.verdict == "refuse":
            warnings.append("estimated anyway (--force): do not publish this figure as a total")
    lists = sorted({str(s) for s in cols["source"]})
    if len(lists) < min_lists:
        notes.append(
            f"only {len(lists)} lists in the workspace: strata need {len(lists)} lists with "
            f"records instead of {min_lists}"
        )
        min_lists = max(2, len(lists))
    notes.extend(_missing_notes(cols, fields))
    result = estimate_strata(
        {k: cols[k] for k in ("person_id", "source", *fields)},
        strata=fields,
        config=config,
        lists=lists,
        min_lists=min_lists,
        min_records=min_records,
        sparse=sparse,
    )
    return dataclasses.replace(
        result.with_notes(notes, seconds=time.perf_counter() - t0),
        warnings=(*warnings, *result.warnings),
        coverage=coverage,
        scope=scope,
    )
