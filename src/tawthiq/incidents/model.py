"""The incident model as plain values: one source's claim, ranges, and the reconciled incident.

Stages pass these frozen dataclasses (never ORM rows): ``Claim`` is one source report with its
own figures and belligerent claim, ``Range`` a count that may be uncertain, ``Belligerent`` one
party's assessment for an incident, ``Reconciled`` what the claims of one event add up to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tawthiq.model.vocab import Party, label

__all__ = [
    "AERIAL_TYPES",
    "Belligerent",
    "Claim",
    "Range",
    "Reconciled",
    "attribution_label",
    "claim_from_row",
]

AERIAL_TYPES = frozenset({"airstrike", "barrel_bomb", "missile"})
"""Incident types that sources often confuse with each other (an air attack of some kind)."""


@dataclass(frozen=True)
class Range:
    """A count known to lie between ``low`` and ``high`` (both ``None``: not reported).

    ``str()`` shows a single number only when low and high agree, never a midpoint.
    """

    low: int | None
    high: int | None

    def __post_init__(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"range low {self.low} is above high {self.high}")

    @property
    def known(self) -> bool:
        return self.low is not None or self.high is not None

    @property
    def exact(self) -> bool:
        return self.low is not None and self.low == self.high

    def __add__(self, other: Range) -> Range:
        return Range((self.low or 0) + (other.low or 0), (self.high or 0) + (other.high or 0))

    def __str__(self) -> str:
        if not self.known:
            return "not reported"
        if self.exact:
            return f"{self.low:,}"
        low = f"{self.low:,}" if self.low is not None else "?"
        high = f"{self.high:,}" if self.high is not None else "?"
        return f"{low}–{high}"

    def to_dict(self) -> dict[str, int | None]:
        return {"min": self.low, "max": self.high}


@dataclass(frozen=True)
class Claim:
    """One source report of an event: where, when, what, who and how many, as that source says.

    ``killed`` counts civilians when the source counts them (Airwars, UCDP civilians, the
    incident-report format), else all reported deaths (``counts_civilians`` says which).
    """

    report_id: int
    source: str
    source_incident_id: str
    date_earliest: date | None = None
    date_latest: date | None = None
    date_precision: str | None = None
    time_text: str | None = None
    pcode: str | None = None
    admin1_pcode: str | None = None
    place_precision: str | None = None
    place_text: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    incident_type: str | None = None
    target_type: str | None = None
    weapon: str | None = None
    party: str | None = None
    belligerent_text: str | None = None
    assessment: str | None = None
    killed: Range = Range(None, None)
    killed_best: int | None = None
    counts_civilians: bool = True
    injured: Range = Range(None, None)
    children: int | None = None
    women: int | None = None
    men: int | None = None
    facility_name: str | None = None
    facility_type: str | None = None
    sensitive: bool = False
    description: str | None = None
    url: str | None = None
    source_grade: str | None = None
    reliability: str | None = None

    @property
    def best(self) -> int | None:
        """The source's own best figure: its stated best, else the midpoint of its range
        (rounded down), else its only bound."""
        if self.killed_best is not None:
            return self.killed_best
        lo, hi = self.killed.low, self.killed.high
        if lo is not None and hi is not None:
            return (lo + hi) // 2
        return lo if lo is not None else hi

    def parties(self) -> tuple[str, ...]:
        """The parties this claim names: a joint "Russia or Syrian government" names both."""
        if self.party is None:
            return ()
        if self.party == Party.RUSSIA_OR_SYRIAN_GOVERNMENT:
            return (Party.RUSSIA.value, Party.SYRIAN_GOVERNMENT.value)
        return (self.party,)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def claim_from_row(row: dict[str, Any]) -> Claim:
    """A ``Claim`` from a store row (``tawthiq.store.incidents.report_rows``)."""
    civ_lo, civ_hi = _opt_int(row.get("civilians_min")), _opt_int(row.get("civilians_max"))
    all_lo, all_hi = _opt_int(row.get("killed_min")), _opt_int(row.get("killed_max"))
    civilians = civ_lo is not None or civ_hi is not None
    lo, hi = (civ_lo, civ_hi) if civilians else (all_lo, all_hi)
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    inj_lo, inj_hi = _opt_int(row.get("injured_min")), _opt_int(row.get("injured_max"))
    return Claim(
        report_id=int(row["id"]),
        source=str(row["source"]),
        source_incident_id=str(row.get("source_incident_id") or row["id"]),
        date_earliest=row.get("date_earliest"),
        date_latest=row.get("date_latest"),
        date_precision=row.get("date_precision"),
        time_text=row.get("time_text"),
        pcode=row.get("pcode"),
        admin1_pcode=row.get("admin1_pcode"),
        place_precision=row.get("place_precision"),
        place_text=row.get("place_text"),
        latitude=row.get("latitude"),
        longitude=row.get("longitude"),
        incident_type=row.get("incident_type"),
        target_type=row.get("target_type"),
        weapon=row.get("weapon"),
        party=row.get("perpetrator"),
        belligerent_text=row.get("belligerent_text"),
        assessment=row.get("assessment"),
        killed=Range(lo, hi),
        # a best figure counts all deaths; it applies to civilians only when the source's
        # all-deaths range is its civilian range (the incident-report format)
        killed_best=(
            _opt_int(row.get("killed_best"))
            if not civilians or (civ_lo, civ_hi) == (all_lo, all_hi)
            else None
        ),
        counts_civilians=civilians,
        injured=Range(inj_lo if inj_lo is not None else inj_hi, inj_hi),
        children=_opt_int(row.get("children_killed")),
        women=_opt_int(row.get("women_killed")),
        men=_opt_int(row.get("men_killed")),
        facility_name=row.get("facility_name"),
        facility_type=row.get("facility_type"),
        sensitive=bool(row.get("sensitive") or False),
        description=row.get("description"),
        url=row.get("source_url"),
        source_grade=row.get("grade"),
        reliability=row.get("reliability"),
    )


@dataclass(frozen=True)
class Belligerent:
    """One party named for an incident: how strongly, by how many sources, for how many deaths."""

    party: str
    assessment: str
    killed: Range
    sources: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "label": attribution_label(self.party),
            "assessment": self.assessment,
            "killed": self.killed.to_dict(),
            "sources": list(self.sources),
            "reason": self.reason,
        }


def attribution_label(attribution: str | None, lang: str = "en") -> str:
    """Words for an attribution: one party, or contested parties joined by "or"."""
    if not attribution:
        return "not attributed" if lang == "en" else "غير منسوب"
    parties = attribution.split("|")
    if set(parties) == {Party.RUSSIA.value, Party.SYRIAN_GOVERNMENT.value}:
        return label(Party.RUSSIA_OR_SYRIAN_GOVERNMENT, lang)
    names = []
    for p in parties:
        try:
            names.append(label(Party(p), lang))
        except ValueError:
            names.append(p)
    return (" or " if lang == "en" else " أو ").join(names)


@dataclass(frozen=True)
class Reconciled:
    """What the claims of one event add up to (before grading).

    ``killed`` is the range across sources (min of mins, max of maxes); ``best`` the figure
    chosen by ``best_rule``; ``attribution`` one party, or ``a|b`` when the claims compete.
    """

    report_ids: tuple[int, ...]
    sources: tuple[str, ...]
    date_earliest: date | None
    date_latest: date | None
    date_precision: str | None
    time_text: str | None
    pcode: str | None
    admin1_pcode: str | None
    place_precision: str | None
    place_text: str | None
    latitude: float | None
    longitude: float | None
    incident_type: str | None
    target_type: str | None
    weapon: str | None
    killed: Range
    best: int | None
    best_rule: str
    injured: Range
    children: Range
    women: Range
    men: Range
    belligerents: tuple[Belligerent, ...]
    attribution: str | None
    facility_name: str | None
    facility_type: str | None
    sensitive: bool
    notes: tuple[str, ...] = field(default=())
