"""Do the lists cover the same population? The scope check run before every workspace estimate.

MSE assumes that every list *could* have recorded every person in the population estimated,
each with some probability. A list that documents only air attacks cannot record a shooting
victim; a list that starts in 2016 cannot record a death of 2012. Where only one list can
record a kind of death, nothing overlaps it and the model extrapolates from nothing: two such
lists gave 498,449 deaths from 33,000 documented (issue 17). So before estimating, each list's
scope is measured on four fields — year of death, governorate, cause and perpetrator — and
compared.

The rule (docs/estimation.md, "Do the lists cover the same deaths?"):

* a list *covers* a value of a field (the year 2013, the governorate Aleppo, the cause
  "shelling") when its share of records with that value is at least ``COVER_RATIO`` (a tenth)
  of the share all lists together give it. The ratio, not a count, so that one stray record
  does not make an air-strike list cover shootings, while a national list that records a
  small governorate at its usual rate covers it. A list that gives no value of a field on any
  record (no causes at all, say) cannot be judged on it and is taken to cover every value;
* a value is *estimable* when at least two lists cover it; a person is *outside the shared
  scope* when their value of some field (the one most of their records give; unknown values
  never count) is covered by fewer than two lists;
* more than ``REFUSE_SHARE`` (10 %) of the persons outside: ``tawthiq estimate`` refuses
  unless forced; more than ``WARN_SHARE`` (1 %): a warning. A list that misses a value other
  lists cover, where ``REFUSE_SHARE`` or more of the persons are, gets a warning too: those
  people could never have been on it.

Two ways out, both named in the message: estimate within the shared scope (the persons
outside are left out and the figure is only for the shared scope) or stratify by the field
(each stratum is then estimated with the lists that record anybody in it; a field used as a
stratum is not checked).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tawthiq.errors import EstimationError

__all__ = [
    "COVER_RATIO",
    "REFUSE_SHARE",
    "SCOPE_FIELDS",
    "WARN_SHARE",
    "Coverage",
    "FieldScope",
    "ListCoverage",
    "ScopeError",
    "check_coverage",
    "within_shared_scope",
]

#: Fields whose values define a list's scope, in the order the coverage table shows them.
SCOPE_FIELDS: tuple[str, ...] = ("year", "governorate", "cause", "perpetrator")

#: A list covers a value when its share of records there is at least this fraction of the share
#: all lists together give the value (one tenth: far below any list's ordinary variation).
COVER_RATIO = 0.1

#: Share of persons outside the shared scope above which the estimate warns.
WARN_SHARE = 0.01

#: Share of persons outside the shared scope above which the estimate refuses without force.
REFUSE_SHARE = 0.10

_UNKNOWN = {"unknown", ""}


class ScopeError(EstimationError):
    """The lists' scopes overlap too little for MSE; ``coverage`` holds the measurements."""

    def __init__(self, message: str, coverage: Coverage) -> None:
        super().__init__(message)
        self.coverage = coverage


@dataclass(frozen=True)
class ListCoverage:
    """What one list records: its size, date span and the values of each scope field."""

    source: str
    records: int
    persons: int
    first: date | None
    last: date | None
    values: Mapping[str, Mapping[str, int]]  # field -> value -> records

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "records": self.records,
            "persons": self.persons,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "values": {f: dict(v) for f, v in self.values.items()},
        }


@dataclass(frozen=True)
class FieldScope:
    """One field: which values each list covers and how many persons lie outside."""

    field: str
    covered: Mapping[str, tuple[str, ...]]  # list -> values it covers
    thin: tuple[str, ...]  # values with records that fewer than two lists cover
    persons_known: int
    persons_outside: int
    gaps: Mapping[str, tuple[tuple[str, ...], int]]  # list -> (values it misses, persons there)
    stratified: bool = False
    #: lists that give no value of the field on any record: their scope in it is unknown, so
    #: they are taken to cover every value (nothing is held against them)
    unrecorded: tuple[str, ...] = ()

    @property
    def share_outside(self) -> float:
        return self.persons_outside / self.persons_known if self.persons_known else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "covered": {k: list(v) for k, v in self.covered.items()},
            "thin": list(self.thin),
            "persons_known": self.persons_known,
            "persons_outside": self.persons_outside,
            "share_outside": round(self.share_outside, 4),
            "gaps": {k: {"values": list(v), "persons": n} for k, (v, n) in self.gaps.items()},
            "stratified": self.stratified,
            "unrecorded": list(self.unrecorded),
        }


@dataclass(frozen=True)
class Coverage:
    """Each list's scope, the shared scope and the verdict (``ok``, ``warn`` or ``refuse``)."""

    lists: tuple[ListCoverage, ...]
    fields: tuple[FieldScope, ...]
    persons: int
    outside: frozenset[Any]
    verdict: str
    messages: tuple[str, ...] = ()
    #: (field, list, values it misses, persons there) for each gap large enough to warn about
    large_gaps: tuple[tuple[str, str, tuple[str, ...], int], ...] = field(default=())

    @property
    def share_outside(self) -> float:
        return len(self.outside) / self.persons if self.persons else 0.0

    def summary(self) -> str:
        """The verdict in one line, as ``tawthiq estimate`` prints it under the coverage."""
        if self.verdict == "ok":
            return (
                "scope check: ok; every year, governorate, cause and perpetrator with deaths is "
                "recorded by at least two lists, and no list misses a large part of what the "
                "others record"
            )
        line = (
            f"scope check: {self.verdict}; {len(self.outside):,} of {self.persons:,} persons "
            f"({self.share_outside:.1%}) lie where fewer than two lists record deaths"
        )
        if self.large_gaps:
            line += (
                f"; {len(self.large_gaps)} time(s) a list misses deaths where at least "
                f"{REFUSE_SHARE:.0%} of the persons are (see the warnings)"
            )
        return line

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "persons": self.persons,
            "persons_outside": len(self.outside),
            "share_outside": round(self.share_outside, 4),
            "lists": [c.to_dict() for c in self.lists],
            "fields": [f.to_dict() for f in self.fields],
            "messages": list(self.messages),
            "large_gaps": [
                {"field": f, "list": src, "values": list(v), "persons": n}
                for f, src, v, n in self.large_gaps
            ],
        }


def _value(v: Any) -> str | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    text = str(v).strip()
    return None if text.lower() in _UNKNOWN else text


def _normalised(values: Sequence[Any]) -> list[str | None]:
    """``_value`` of each value, computed once per distinct value (fields have few)."""
    seen: dict[Any, str | None] = {}
    out: list[str | None] = []
    for v in values:
        try:
            text = seen[v]
        except KeyError:
            text = seen[v] = _value(v)
        except TypeError:  # unhashable: not expected from a store, but never fatal
            text = _value(v)
        out.append(text)
    return out


def _person_values(persons: Sequence[Any], values: Sequence[str | None]) -> dict[Any, str]:
    """The value most of a person's records give (ties: the smallest), as strata do.

    Most persons' records agree, so votes are counted (in a second pass) only for the few
    whose records disagree: a Counter per person made this the slowest step at a million
    records."""
    first: dict[Any, str] = {}
    disagree: set[Any] = set()
    for p, text in zip(persons, values, strict=True):
        if text is not None and first.setdefault(p, text) != text:
            disagree.add(p)
    if disagree:
        votes: dict[Any, Counter[str]] = {p: Counter() for p in disagree}
        for p, text in zip(persons, values, strict=True):
            if text is not None and p in votes:
                votes[p][text] += 1
        for p, counter in votes.items():
            best = max(counter.values())
            first[p] = min(v for v, n in counter.items() if n == best)
    return first


def _list_coverage(
    cols: Mapping[str, Sequence[Any]], norm: Mapping[str, Sequence[str | None]]
) -> list[ListCoverage]:
    sources = [str(s) for s in cols["source"]]
    records = Counter(sources)
    persons = {src: len(ps) for src, ps in _persons_by_source(cols, sources).items()}
    firsts: dict[str, date] = {}
    lasts: dict[str, date] = {}
    for src, d0, d1 in zip(sources, cols["date_earliest"], cols["date_latest"], strict=True):
        if isinstance(d0, date) and (src not in firsts or d0 < firsts[src]):
            firsts[src] = d0
        if isinstance(d1, date) and (src not in lasts or d1 > lasts[src]):
            lasts[src] = d1
    values: dict[str, dict[str, dict[str, int]]] = {src: {} for src in records}
    for f, vals in norm.items():
        pairs = Counter((src, v) for src, v in zip(sources, vals, strict=True) if v is not None)
        for src in records:
            counts = {v: n for (s, v), n in pairs.items() if s == src}
            values[src][f] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return [
        ListCoverage(
            source=src,
            records=records[src],
            persons=persons[src],
            first=firsts.get(src),
            last=lasts.get(src),
            values=values[src],
        )
        for src in sorted(records)
    ]


def _persons_by_source(
    cols: Mapping[str, Sequence[Any]], sources: Sequence[str]
) -> dict[str, set[Any]]:
    out: dict[str, set[Any]] = {}
    for src, p in zip(sources, cols["person_id"], strict=True):
        out.setdefault(src, set()).add(p)
    return out


def _field_scope(
    name: str,
    lists: Sequence[ListCoverage],
    person_value: Mapping[Any, str],
    stratified: bool,
) -> tuple[FieldScope, set[Any]]:
    pooled: Counter[str] = Counter()
    for lc in lists:
        pooled.update(lc.values[name])
    total = sum(pooled.values())
    covered: dict[str, tuple[str, ...]] = {}
    unrecorded = []
    for lc in lists:
        own = sum(lc.values[name].values())
        if not own:
            unrecorded.append(lc.source)
            covered[lc.source] = tuple(sorted(pooled))
            continue
        covered[lc.source] = tuple(
            sorted(
                v
                for v, n in pooled.items()
                if lc.values[name].get(v, 0) / own >= COVER_RATIO * n / total
            )
        )
    n_cover = Counter(v for vals in covered.values() for v in vals)
    thin = tuple(sorted(v for v in pooled if n_cover[v] < 2))
    thin_set = set(thin)
    outside = {p for p, v in person_value.items() if v in thin_set}
    by_value = Counter(person_value.values())
    gaps: dict[str, tuple[tuple[str, ...], int]] = {}
    for lc in lists:
        missed = tuple(
            v for v in sorted(pooled) if v not in covered[lc.source] and v not in thin_set
        )
        if missed:
            gaps[lc.source] = (missed, sum(by_value[v] for v in missed))
    scope = FieldScope(
        field=name,
        covered=covered,
        thin=thin,
        persons_known=len(person_value),
        persons_outside=len(outside),
        gaps=gaps,
        stratified=stratified,
        unrecorded=tuple(unrecorded),
    )
    return scope, outside


def _some(values: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(values[:limit])
    return f"{shown} and {len(values) - limit} more" if len(values) > limit else shown


def check_coverage(
    cols: Mapping[str, Sequence[Any]],
    *,
    fields: Sequence[str] = SCOPE_FIELDS,
    stratified: Sequence[str] = (),
) -> Coverage:
    """Measure each list's scope and decide whether the lists overlap enough for MSE.

    ``cols``: one row per linked record with ``person_id``, ``source``, ``date_earliest``,
    ``date_latest`` and a column per field of ``fields`` (derived values: year, governorate
    name, coded cause and perpetrator). Fields in ``stratified`` are measured but not held
    against the lists: estimating by stratum already uses only the lists that record each
    stratum. See the module docstring for the rule.
    """
    norm = {f: _normalised(cols[f]) for f in fields}
    lists = _list_coverage(cols, norm)
    persons = len(set(cols["person_id"]))
    scopes: list[FieldScope] = []
    outside: set[Any] = set()
    messages: list[str] = []
    warn = refuse = thin_warned = False
    large_gaps: list[tuple[str, str, tuple[str, ...], int]] = []
    for name in fields:
        pv = _person_values(cols["person_id"], norm[name])
        scope, out = _field_scope(name, lists, pv, name in stratified)
        scopes.append(scope)
        if scope.stratified or not pv:
            continue
        outside |= out
        if scope.share_outside > WARN_SHARE:
            warn = thin_warned = True
            refuse = refuse or scope.share_outside > REFUSE_SHARE
            by_list = "; ".join(
                f"{src} covers {_some(vals) if vals else 'none of them'}"
                for src, vals in scope.covered.items()
            )
            messages.append(
                f"{scope.persons_outside:,} of {scope.persons_known:,} persons with a known "
                f"{name} ({scope.share_outside:.1%}) have a {name} that fewer than two lists "
                f"record ({_some(list(scope.thin))}; {by_list}): no overlap can show how many "
                "of those deaths the lists missed"
            )
        for src, (missed, n) in scope.gaps.items():
            if persons and n / persons >= REFUSE_SHARE:
                warn = True
                large_gaps.append((name, src, missed, n))
                messages.append(
                    f"list {src} records no or almost no deaths with {name} "
                    f"{_some(list(missed))}, where {n:,} persons ({n / persons:.1%}) are: they "
                    "could hardly have been on it, which MSE does not assume; other lists "
                    f"overlap there, but compare with the estimate by {name} (--strata {name})"
                )
    verdict = "refuse" if refuse else "warn" if warn else "ok"
    if thin_warned:
        fix = (
            "estimate within the lists' shared scope (--scope shared) or stratify by the "
            "field (--strata FIELD)"
        )
        messages.append(
            f"{fix}; docs/estimation.md explains the rule"
            if verdict == "warn"
            else f"{fix}, or pass --force to estimate anyway; docs/estimation.md explains the rule"
        )
    return Coverage(
        lists=tuple(lists),
        fields=tuple(scopes),
        persons=persons,
        outside=frozenset(outside),
        verdict=verdict,
        messages=tuple(messages),
        large_gaps=tuple(large_gaps),
    )


def within_shared_scope(
    cols: Mapping[str, Sequence[Any]], coverage: Coverage
) -> dict[str, list[Any]]:
    """The rows of persons inside the shared scope (persons outside it left out)."""
    keep = [i for i, p in enumerate(cols["person_id"]) if p not in coverage.outside]
    return {k: [v[i] for i in keep] for k, v in cols.items()}
