"""Stratified estimation: one estimate per stratum (governorate, year, ...), then their sum.

Capture probabilities differ by place and time, and pooling strata with different
probabilities biases MSE (Sekar & Deming 1949; Bird & King 2018), so HRDAG estimates within
strata and adds up. Two input layouts are accepted, both plain tables (pyarrow, pandas, a list
of dicts or a dict of columns):

* long: one row per record — ``person_id``, ``source`` and the stratum columns (what
  ``tawthiq export persons`` writes, plus stratum columns); a person is on a list when any
  of their records comes from that source;
* wide: one row per person with one 0/1 column per list and the stratum columns (optionally a
  ``count`` column, for tables already aggregated).

A stratum is *sparse* when fewer than ``min_lists`` lists recorded anybody in it or it holds
fewer than ``min_records`` people; sparse strata are never estimated on their own. By default
(``sparse="pool"``) the sparse strata are estimated together as one pooled stratum (if the
pool itself is still sparse, its people are added as observed), except strata only one list
recorded, whose people are added as observed: with no overlap they say nothing about what the
other lists missed, and pooled they would reintroduce the differences of scope stratifying
removes; ``sparse="observed"`` adds
their people to the total as counted — a floor, not an estimate; ``sparse="error"`` refuses.
Every choice is named in a warning. Estimated strata with fewer than ``SMALL_STRATUM`` people
observed get a warning too: on simulated worlds with known totals (docs/estimation.md), small
strata were underestimated, because their data cannot show how hard the least visible people
are to record.

Totals: for LCMCR the posterior draws of the strata are added draw by draw (the strata are
independent, so the sum of draws is a draw of the total); for log-linear models the estimates
are added, their variances too (independent strata: the delta method is exact for a sum) and
the interval is Chao's log-normal interval around the total.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from tawthiq.errors import EstimationError
from tawthiq.estimate._captures import CaptureTable, TableLike, _columns_of, capture_table
from tawthiq.estimate._config import LCMCRConfig, LoglinearConfig
from tawthiq.estimate._fit import fit
from tawthiq.estimate._loglinear import lognormal_interval
from tawthiq.estimate._results import MSEResult

__all__ = ["StratifiedResult", "StratumEstimate", "capture_histories", "estimate_strata"]

StratumKey = tuple[Any, ...]
POOLED: StratumKey = ("(pooled sparse strata)",)

#: Estimated strata with fewer people observed than this get a warning (see module docstring).
SMALL_STRATUM = 300


@dataclass(frozen=True, eq=False)
class StratumEstimate:
    """One stratum: its key (values of the stratum columns), what was done and the result."""

    key: StratumKey
    observed: int
    lists_with_records: int
    status: str  # "estimated", "observed only", "pooled"
    result: MSEResult | None = None
    reason: str | None = None

    @property
    def label(self) -> str:
        """The stratum values joined by ``/`` (``all`` when unstratified)."""
        return _label(self.key)

    def to_dict(self, strata: Sequence[str], *, draws: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "stratum": dict(zip(strata, self.key, strict=False)) if self.key != POOLED else None,
            "label": _label(self.key),
            "observed": self.observed,
            "lists_with_records": self.lists_with_records,
            "status": self.status,
        }
        if self.reason:
            out["reason"] = self.reason
        if self.result is not None:
            out["result"] = self.result.to_dict(draws=draws, top_models=3)
        return out


@dataclass(frozen=True, eq=False)
class StratifiedResult:
    """Per-stratum estimates and their combined total.

    ``observed`` counts every person; ``estimate``/``lower``/``upper`` are for the total, with
    people of unestimated sparse strata added as observed. ``se`` is set for log-linear totals,
    ``mean`` and ``draws`` for LCMCR totals.
    """

    method: str
    strata: tuple[str, ...]
    lists: tuple[str, ...]
    observed: int
    estimate: float
    lower: float
    upper: float
    level: float
    rows: tuple[StratumEstimate, ...]
    se: float | None = None
    mean: float | None = None
    draws: npt.NDArray[np.float64] | None = None
    seed: int | None = None
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    settings: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: The lists' scope check (``Coverage``) when estimated from linked records, else None.
    coverage: Any = None
    #: "all" persons, or "shared": only those within the scope every list shares.
    scope: str = "all"

    def with_notes(self, notes: Sequence[str], *, seconds: float | None = None) -> StratifiedResult:
        """The same result with ``notes`` (what was read and done) put first."""
        return dataclasses.replace(
            self,
            notes=(*notes, *self.notes),
            seconds=self.seconds if seconds is None else seconds,
        )

    def to_dict(self, *, draws: bool = False) -> dict[str, Any]:
        def num(v: float | None) -> float | None:
            return None if v is None or not math.isfinite(v) else float(v)

        out: dict[str, Any] = {
            "method": self.method,
            "model": "stratified",
            "strata": list(self.strata),
            "lists": list(self.lists),
            "observed": self.observed,
            "estimate": num(self.estimate),
            "lower": num(self.lower),
            "upper": num(self.upper),
            "level": self.level,
        }
        if self.method == "loglinear":
            out["se"] = num(self.se)
            out["interval"] = "lognormal (sum of strata, delta method)"
        else:
            out["mean"] = num(self.mean)
            out["settings"] = dict(self.settings)
            if draws and self.draws is not None:
                out["draws"] = [float(v) for v in self.draws]
        out["seed"] = self.seed
        out["rows"] = [r.to_dict(self.strata, draws=draws) for r in self.rows]
        out["scope"] = self.scope
        if self.coverage is not None:
            out["coverage"] = self.coverage.to_dict()
        out["notes"] = list(self.notes)
        out["warnings"] = list(self.warnings)
        out["seconds"] = round(self.seconds, 4)
        return out


def _label(key: StratumKey) -> str:
    if not key:
        return "all"
    return "/".join("(missing)" if v is None else str(v) for v in key)


def _named(strata: Sequence[str], key: StratumKey) -> str:
    """A stratum as an error names it: ``stratum year=2013`` (field and value)."""
    if key == POOLED:
        return "the pooled sparse strata"
    parts = [f"{f}={'(missing)' if v is None else v}" for f, v in zip(strata, key, strict=False)]
    return "stratum " + ", ".join(parts)


def _value_key(value: Any) -> tuple[int, str]:
    return (1, "") if value is None else (0, str(value))


def _sort_key(key: StratumKey) -> tuple[tuple[int, str], ...]:
    return tuple(_value_key(v) for v in key)


def _norm(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


def capture_histories(
    data: TableLike,
    *,
    strata: Sequence[str] = (),
    person: str = "person_id",
    source: str = "source",
    lists: Sequence[str] | None = None,
    count: str = "count",
) -> tuple[dict[StratumKey, CaptureTable], list[str]]:
    """Capture-history tables per stratum from long (person, source) or wide (0/1) rows.

    Returns the tables (keyed by the tuple of stratum values; ``()`` when unstratified, with
    ``None`` for a missing value) and notes about choices made (conflicting strata, ...).
    All tables share the same lists, in the same order.
    """
    cols = _columns_of(data)
    strata = list(strata)
    missing = [c for c in strata if c not in cols]
    if missing:
        raise EstimationError(f"no stratum column named {missing[0]!r}")
    notes: list[str] = []
    if source in cols:
        if person not in cols:
            raise EstimationError(f"a table of records needs a {person!r} column")
        return _from_long(cols, strata, person, source, lists, notes), notes
    return _from_wide(cols, strata, person, lists, count), notes


def _from_long(
    cols: dict[str, list[Any]],
    strata: list[str],
    person: str,
    source: str,
    lists: Sequence[str] | None,
    notes: list[str],
) -> dict[StratumKey, CaptureTable]:
    persons: dict[Any, set[str]] = {}
    # votes per person and stratum column; a missing value only counts when no record of the
    # person gives that column a value
    votes: dict[Any, list[Counter[Any]]] = {}
    n_rows = len(cols[person])
    for i in range(n_rows):
        pid = _norm(cols[person][i])
        src = _norm(cols[source][i])
        if pid is None:
            raise EstimationError(f"row {i + 1}: {person!r} is empty")
        if src is None:
            raise EstimationError(f"row {i + 1}: {source!r} is empty")
        persons.setdefault(pid, set()).add(str(src))
        per_column = votes.setdefault(pid, [Counter() for _ in strata])
        for counter, c in zip(per_column, strata, strict=True):
            counter[_norm(cols[c][i])] += 1
    sources = sorted({s for srcs in persons.values() for s in srcs})
    if lists is not None:
        unknown = sorted(set(sources) - set(lists))
        if unknown:
            raise EstimationError(f"source {unknown[0]!r} is not among the lists given")
        list_names = [str(x) for x in lists]
    else:
        list_names = sources
    conflicts = 0
    completed = 0
    rows_by_key: dict[StratumKey, list[list[int]]] = {}
    for pid, srcs in persons.items():
        key_parts: list[Any] = []
        conflicted = filled = False
        for counter in votes[pid]:
            given = {v: n for v, n in counter.items() if v is not None}
            if not given:
                key_parts.append(None)
                continue
            filled = filled or None in counter
            if len(given) > 1:
                conflicted = True
            # most frequent value; ties go to the smallest, so the choice is reproducible
            best = max(given.values())
            key_parts.append(min((v for v, n in given.items() if n == best), key=_value_key))
        conflicts += conflicted
        completed += filled and not conflicted
        key = tuple(key_parts)
        rows_by_key.setdefault(key, []).append([1 if name in srcs else 0 for name in list_names])
    if conflicts:
        notes.append(
            f"{conflicts} person(s) had records in more than one stratum; each was counted once, "
            "in the stratum most of their records give (ties: the first in sorted order)"
        )
    if completed:
        notes.append(
            f"{completed} person(s) had a stratum value missing on some records; the value "
            "their other records give was used"
        )
    if len(list_names) < 2:
        raise EstimationError(
            f"multiple systems estimation needs at least 2 lists, found {len(list_names)}"
        )
    out = {}
    for key, rows in rows_by_key.items():
        arr = np.asarray(rows, dtype=np.int8)
        table_cols = {name: arr[:, j].tolist() for j, name in enumerate(list_names)}
        out[key] = capture_table(table_cols, lists=list_names, count=None)
    return out


def _from_wide(
    cols: dict[str, list[Any]],
    strata: list[str],
    person: str,
    lists: Sequence[str] | None,
    count: str,
) -> dict[StratumKey, CaptureTable]:
    if lists is None:
        skip = {*strata, person, count}
        list_names = [c for c in cols if c not in skip]
    else:
        list_names = [str(x) for x in lists]
    n_rows = len(next(iter(cols.values()))) if cols else 0
    groups: dict[StratumKey, list[int]] = {}
    for i in range(n_rows):
        key = tuple(_norm(cols[c][i]) for c in strata)
        groups.setdefault(key, []).append(i)
    out = {}
    for key, idx in groups.items():
        sub = {name: [cols[name][i] for i in idx] for name in list_names}
        if count in cols:
            sub[count] = [cols[count][i] for i in idx]
        try:
            out[key] = capture_table(sub, lists=list_names, count=count)
        except EstimationError as err:
            where = f"stratum {_label(key)}: " if strata else ""
            raise EstimationError(f"{where}{err}") from None
    return out


def _merge(tables: Sequence[CaptureTable]) -> CaptureTable:
    lists = tables[0].lists
    patterns = np.vstack([t.patterns for t in tables])
    counts = np.concatenate([t.counts for t in tables])
    cols: dict[str, list[int]] = {name: patterns[:, j].tolist() for j, name in enumerate(lists)}
    cols["count"] = counts.tolist()
    return capture_table(cols, lists=list(lists))


def _sparse_reason(table: CaptureTable, min_lists: int, min_records: int) -> str | None:
    used = sum(1 for v in table.list_totals().values() if v > 0)
    if used < min_lists:
        return f"only {used} list(s) recorded anybody (need {min_lists})"
    if table.observed < min_records:
        return f"only {table.observed} people recorded (need {min_records})"
    return None


def estimate_strata(
    data: TableLike,
    *,
    strata: Sequence[str],
    config: LoglinearConfig | LCMCRConfig | None = None,
    person: str = "person_id",
    source: str = "source",
    lists: Sequence[str] | None = None,
    min_lists: int = 3,
    min_records: int = 100,
    sparse: str = "pool",
) -> StratifiedResult:
    """Estimate each stratum and combine; see the module docstring for layouts and rules."""
    t0 = time.perf_counter()
    if sparse not in ("observed", "pool", "error"):
        raise EstimationError(f"sparse must be 'observed', 'pool' or 'error', got {sparse!r}")
    if isinstance(min_lists, bool) or not isinstance(min_lists, int) or min_lists < 2:
        raise EstimationError(f"min_lists must be an integer >= 2, got {min_lists!r}")
    if isinstance(min_records, bool) or not isinstance(min_records, int) or min_records < 1:
        raise EstimationError(f"min_records must be a positive integer, got {min_records!r}")
    config = config if config is not None else LoglinearConfig()
    tables, notes = capture_histories(
        data, strata=strata, person=person, source=source, lists=lists
    )
    warnings = list(notes)
    keys = sorted(tables, key=_sort_key)
    all_lists = tables[keys[0]].lists if keys else ()
    to_fit: list[tuple[StratumKey, CaptureTable]] = []
    rows: list[StratumEstimate] = []
    sparse_keys: list[tuple[StratumKey, str]] = []
    for key in keys:
        table = tables[key]
        reason = _sparse_reason(table, min_lists, min_records)
        if reason is None:
            to_fit.append((key, table))
        else:
            sparse_keys.append((key, reason))
    if sparse_keys and sparse == "error":
        key, reason = sparse_keys[0]
        raise EstimationError(
            f"stratum {_label(key)} is too sparse to estimate: {reason} "
            f"({len(sparse_keys)} sparse stratum/strata in all)"
        )
    observed_only = 0
    if sparse_keys and sparse == "pool":
        # A stratum only one list recorded has no overlap: pooled with strata the other lists
        # record, its people would pass for people those lists missed by chance, which is the
        # scope problem stratifying was meant to remove (docs/estimation.md). Added as observed.
        lone = [(k, why) for k, why in sparse_keys if _used(tables[k]) < 2]
        sparse_keys = [(k, why) for k, why in sparse_keys if _used(tables[k]) >= 2]
        for k, why in lone:
            observed_only += tables[k].observed
            rows.append(
                StratumEstimate(k, tables[k].observed, _used(tables[k]), "observed only", None, why)
            )
        if lone:
            n_lone = sum(tables[k].observed for k, _ in lone)
            warnings.append(
                f"{len(lone)} stratum/strata recorded by one list only "
                f"({_some([_label(k) for k, _ in lone])}): no overlap to estimate from, so their "
                f"{n_lone} people are added to the total as observed (a floor), not pooled"
            )
    if sparse_keys and sparse == "pool":
        pooled = _merge([tables[k] for k, _ in sparse_keys])
        reason = _sparse_reason(pooled, min_lists, min_records)
        labels = _some([_label(k) for k, _ in sparse_keys])
        for k, why in sparse_keys:
            rows.append(
                StratumEstimate(k, tables[k].observed, _used(tables[k]), "pooled", None, why)
            )
        if reason is None:
            to_fit.append((POOLED, pooled))
            warnings.append(
                f"{len(sparse_keys)} sparse stratum/strata ({labels}) were estimated together "
                "as one pooled stratum"
            )
        else:
            observed_only += pooled.observed
            rows.append(
                StratumEstimate(
                    POOLED, pooled.observed, _used(pooled), "observed only", None, reason
                )
            )
            warnings.append(
                f"{len(sparse_keys)} sparse stratum/strata ({labels}) were pooled but the pool "
                f"is still too sparse ({reason}); their {pooled.observed} people are added to "
                "the total as observed, so the total is a floor for them"
            )
    elif sparse_keys:
        for k, why in sparse_keys:
            observed_only += tables[k].observed
            rows.append(
                StratumEstimate(k, tables[k].observed, _used(tables[k]), "observed only", None, why)
            )
        labels = _some([f"{_label(k)} ({why})" for k, why in sparse_keys], sep="; ")
        warnings.append(
            f"{len(sparse_keys)} stratum/strata too sparse to estimate — {labels}; their "
            f"{observed_only} people are added to the total as observed (a floor, not an "
            "estimate of their total)"
        )
    if not to_fit:
        raise EstimationError(
            "no stratum has enough lists and people to estimate; use fewer strata, "
            "sparse='pool', or lower min_lists/min_records"
        )
    fitted: list[tuple[StratumKey, CaptureTable, MSEResult]] = []
    by_message: dict[str, list[str]] = {}
    for i, (key, table) in enumerate(to_fit):
        cfg = config
        if isinstance(config, LCMCRConfig):
            derived = int(np.random.SeedSequence([config.seed, i]).generate_state(1)[0])
            cfg = dataclasses.replace(config, seed=derived)
        try:
            result = fit(table, cfg)
        except EstimationError as err:
            if not strata:
                raise
            raise EstimationError(f"{_named(strata, key)}: {err}") from None
        fitted.append((key, table, result))
        rows.append(StratumEstimate(key, table.observed, _used(table), "estimated", result))
        for w in result.warnings:
            by_message.setdefault(w, []).append(_label(key))
    # one warning per message, naming the strata it concerns
    for message, labels_of in by_message.items():
        if not strata:
            warnings.append(message)
        else:
            where = "stratum" if len(labels_of) == 1 else f"{len(labels_of)} strata"
            warnings.append(f"{where} {_some(labels_of)}: {message}")
    small = [_label(key) for key, table, _ in fitted if table.observed < SMALL_STRATUM]
    if small and strata:
        warnings.append(
            f"{len(small)} of {len(fitted)} estimated strata have fewer than {SMALL_STRATUM} "
            f"people observed ({_some(small)}): estimates of small strata tend to be low, "
            "because their data cannot show how hard the least visible people are to record; "
            "prefer coarser strata (docs/estimation.md, section 3)"
        )
    rows.sort(key=lambda r: (r.key == POOLED, _sort_key(r.key)))
    total_observed = sum(t.observed for t in tables.values())
    level = config.level
    if isinstance(config, LCMCRConfig):
        draws = np.sum([r.draws for _, _, r in fitted if r.draws is not None], axis=0)
        draws = draws + observed_only
        tail = (1 - level) / 2
        lower, median, upper = np.quantile(draws, [tail, 0.5, 1 - tail])
        return StratifiedResult(
            method="lcmcr",
            strata=tuple(strata),
            lists=all_lists,
            observed=total_observed,
            estimate=float(median),
            lower=float(lower),
            upper=float(upper),
            level=level,
            rows=tuple(rows),
            mean=float(draws.mean()),
            draws=draws,
            seed=config.seed,
            warnings=tuple(warnings),
            seconds=time.perf_counter() - t0,
            settings={
                **config.to_dict(),
                "min_lists": min_lists,
                "min_records": min_records,
                "sparse": sparse,
            },
        )
    estimate = sum(r.estimate for _, _, r in fitted) + observed_only
    var = sum((r.se or 0.0) ** 2 for _, _, r in fitted)
    se = math.sqrt(var)
    lower, upper = lognormal_interval(total_observed, estimate, se, level)
    return StratifiedResult(
        method="loglinear",
        strata=tuple(strata),
        lists=all_lists,
        observed=total_observed,
        estimate=estimate,
        lower=lower,
        upper=upper,
        level=level,
        rows=tuple(rows),
        se=se,
        warnings=tuple(warnings),
        seconds=time.perf_counter() - t0,
        settings={
            **config.to_dict(),
            "min_lists": min_lists,
            "min_records": min_records,
            "sparse": sparse,
        },
    )


def _some(items: Sequence[str], *, sep: str = ", ", limit: int = 8) -> str:
    """The first ``limit`` items joined, then how many more (the rows list every stratum)."""
    shown = sep.join(items[:limit])
    more = len(items) - limit
    return f"{shown}{sep}and {more} more" if more > 0 else shown


def _used(table: CaptureTable) -> int:
    return sum(1 for v in table.list_totals().values() if v > 0)
