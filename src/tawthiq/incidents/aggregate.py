"""Aggregates that keep uncertainty: deaths by belligerent, period and governorate as ranges.

Each incident contributes its civilian range (lowest minimum, highest maximum across sources)
to the group of its attribution. Deaths counted by sources that count everyone killed (ACLED
fatalities, UCDP best: mostly combatants in battles) are summed apart as ``deaths_all`` and
labelled so; they are never added into the civilian range. A contested attribution is its own
group ("Russian or Syrian government forces"), never split between the parties nor given to
either, so the figures for each party are what the evidence supports for that party alone.
Sums of ranges are ranges: ``Range.__str__`` prints one number only when every incident in the
group has one agreed figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tawthiq.incidents.model import Range, attribution_label

__all__ = ["AggregateRow", "IncidentFigure", "aggregate"]

GROUPINGS = ("belligerent", "period", "governorate")
_UNKNOWN = Range(None, None)


@dataclass(frozen=True)
class IncidentFigure:
    """The fields of one reconciled incident that aggregates use."""

    id: int
    date_earliest: date | None
    admin1_pcode: str | None
    attribution: str | None
    killed: Range
    grade: str | None
    deaths_all: Range = _UNKNOWN


@dataclass(frozen=True)
class AggregateRow:
    """One group: its key, label, the incidents in it and the deaths as a range."""

    key: tuple[str, ...]
    label: str
    contested: bool
    incidents: int
    killed: Range
    unreported: int
    """Incidents in the group whose sources gave no civilian count (not counted as zero)."""
    deaths_all: Range = _UNKNOWN
    """Everyone killed, from the sources that count all deaths: apart from ``killed``."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": list(self.key),
            "label": self.label,
            "contested": self.contested,
            "incidents": self.incidents,
            "killed_counts": "civilians",
            "killed_min": self.killed.low,
            "killed_max": self.killed.high,
            "killed": str(self.killed),
            "incidents_without_count": self.unreported,
            "deaths_all_counts": "everyone killed, civilians or not (not added to killed)",
            "deaths_all_min": self.deaths_all.low,
            "deaths_all_max": self.deaths_all.high,
            "deaths_all": str(self.deaths_all),
        }


def _sum(ranges: Sequence[Range]) -> Range:
    """The sum of the known ranges (unknown when none is known; no upper bound when any
    known range lacks one)."""
    known = [r for r in ranges if r.known]
    if not known:
        return Range(None, None)
    high = None if any(r.high is None for r in known) else sum(r.high or 0 for r in known)
    return Range(sum(r.low or 0 for r in known), high)


def _period(d: date | None, by: str) -> str:
    if d is None:
        return "unknown date"
    return str(d.year) if by == "year" else f"{d.year:04d}-{d.month:02d}"


def aggregate(
    incidents: Iterable[IncidentFigure],
    by: Sequence[str] = ("belligerent",),
    *,
    period: str = "year",
    exclude_grades: Iterable[str] = ("discounted",),
) -> list[AggregateRow]:
    """Deaths grouped by any of ``belligerent``, ``period`` (``year``/``month``), ``governorate``.

    Discounted incidents are left out by default (no civilians harmed or not this party).
    """
    bad = [b for b in by if b not in GROUPINGS]
    if bad or not by:
        raise ValueError(f"group by one or more of {', '.join(GROUPINGS)} (got {list(by)})")
    if period not in {"year", "month"}:
        raise ValueError(f"period must be year or month (got {period!r})")
    skip = set(exclude_grades)
    groups: dict[tuple[str, ...], list[IncidentFigure]] = {}
    for inc in incidents:
        if inc.grade in skip:
            continue
        parts: list[str] = []
        for b in by:
            if b == "belligerent":
                parts.append(inc.attribution or "unattributed")
            elif b == "period":
                parts.append(_period(inc.date_earliest, period))
            else:
                parts.append(inc.admin1_pcode or "unknown place")
        groups.setdefault(tuple(parts), []).append(inc)
    rows = []
    for key, members in sorted(groups.items()):
        low_sum, high_sum, open_high, unreported = 0, 0, False, 0
        for m in members:
            if not m.killed.known:
                unreported += 1
                continue
            low_sum += m.killed.low if m.killed.low is not None else 0
            if m.killed.high is None:
                open_high = True  # only a minimum was reported: no upper bound for the group
            else:
                high_sum += m.killed.high
        total = Range(low_sum, None if open_high else high_sum)
        everyone = _sum([m.deaths_all for m in members])
        labels = [
            attribution_label(k if k != "unattributed" else None) if b == "belligerent" else k
            for b, k in zip(by, key, strict=True)
        ]
        contested = "belligerent" in by and "|" in key[list(by).index("belligerent")]
        rows.append(
            AggregateRow(
                key=key,
                label=" · ".join(labels),
                contested=contested,
                incidents=len(members),
                killed=total,
                unreported=unreported,
                deaths_all=everyone,
            )
        )
    return rows
