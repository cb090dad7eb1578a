"""Reports → incidents: which source reports describe the same event.

Two reports are compared only when they come from different sources (a source reports an event
once), lie in the same governorate (or one has no place) and their date intervals are at most
``date_window`` days apart. The score is a weighted sum of four agreements, each in [0, 1]:

    date   1 same day; 0.7 overlapping intervals (a month, a range); 0.5 one day apart
    place  1 same P-code; 0.7 one inside the other (a community in its district or
           governorate); 0.6 two communities within 5 km; 0 two distant communities (refused)
    type   1 same type; 0.7 two air attacks (airstrike, barrel bomb, missile) or ground attack
           and massacre; 0.5 a type missing; 0.1 different types
    text   word overlap (Jaccard) of the two descriptions; 0.5 when one is missing

with weights 0.35, 0.35, 0.2, 0.1. Pairs at or above ``threshold`` are linked; pairs in
``[review_low, threshold)`` go to the review queue. Clustering is greedy by score under
constraints, so one loose pair cannot chain two events together: a cluster never holds two
reports of one source, and never two reports a reviewer said are different; reviewer "same"
decisions are applied first, whatever the score.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from tawthiq.incidents.model import AERIAL_TYPES, Claim
from tawthiq.normalize import gazetteer

__all__ = ["ClusterSettings", "Clustering", "PairScore", "cluster_claims", "compare_claims"]

WEIGHTS = {"date": 0.35, "place": 0.35, "type": 0.2, "text": 0.1}
_GROUND = frozenset({"ground_attack", "massacre"})
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class ClusterSettings:
    """The thresholds of report clustering (the same for every workspace unless changed)."""

    threshold: float = 0.7
    review_low: float = 0.5
    date_window: int = 1

    def __post_init__(self) -> None:
        if not 0.0 <= self.review_low <= self.threshold <= 1.0:
            raise ValueError(
                f"need 0 <= review_low <= threshold <= 1 (got {self.review_low}, {self.threshold})"
            )
        if self.date_window < 0:
            raise ValueError(f"date_window must be >= 0 days (got {self.date_window})")


@dataclass(frozen=True)
class PairScore:
    """Two reports (``left < right``) with their score and the agreements behind it."""

    left: int
    right: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Clustering:
    """Groups of report ids (one per incident), each report's best link score, the review
    queue, and the pairs the constraints kept apart."""

    groups: tuple[tuple[int, ...], ...]
    scores: Mapping[int, float]
    review: tuple[PairScore, ...]
    pairs_scored: int
    refused: int = 0
    decided_same: int = 0
    decided_different: int = 0
    by_reviewer: frozenset[int] = field(default=frozenset())


def _gap(a: Claim, b: Claim) -> int | None:
    if a.date_earliest is None or b.date_earliest is None:
        return None
    a_hi = a.date_latest or a.date_earliest
    b_hi = b.date_latest or b.date_earliest
    lo = max(a.date_earliest, b.date_earliest)
    hi = min(a_hi, b_hi)
    return max(0, (lo - hi).days)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _coords(c: Claim) -> tuple[float, float] | None:
    if c.latitude is not None and c.longitude is not None:
        return (c.latitude, c.longitude)
    p = gazetteer().get(c.pcode) if c.pcode else None
    if p is not None and p.latitude is not None and p.longitude is not None:
        return (p.latitude, p.longitude)
    return None


def _place(a: Claim, b: Claim) -> tuple[float, str]:
    if a.pcode is None or b.pcode is None:
        return 0.3, "a place is missing"
    if a.pcode == b.pcode:
        return 1.0, f"same place {a.pcode}"
    g = gazetteer()
    pa, pb = g.get(a.pcode), g.get(b.pcode)
    if pa is not None and pb is not None and (pa.within(pb.pcode) or pb.within(pa.pcode)):
        return 0.7, f"{a.pcode} and {b.pcode}: one inside the other"
    ca, cb = _coords(a), _coords(b)
    if ca is not None and cb is not None and _km(ca, cb) <= 5.0:
        return 0.6, f"{a.pcode} and {b.pcode} within 5 km"
    return 0.0, f"different places {a.pcode} and {b.pcode}"


def _type(a: Claim, b: Claim) -> tuple[float, str]:
    ta, tb = a.incident_type, b.incident_type
    if ta is None or tb is None:
        return 0.5, "a type is missing"
    if ta == tb:
        return 1.0, f"same type {ta}"
    if {ta, tb} <= AERIAL_TYPES or {ta, tb} <= _GROUND:
        return 0.7, f"compatible types {ta}/{tb}"
    return 0.1, f"different types {ta}/{tb}"


def _words(text: str | None) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORD.findall(text or ""))


def _text(a: Claim, b: Claim) -> tuple[float, str]:
    wa, wb = _words(a.description), _words(b.description)
    if not wa or not wb:
        return 0.5, "a description is missing"
    j = len(wa & wb) / len(wa | wb)
    return j, f"descriptions share {j:.0%} of words"


def compare_claims(a: Claim, b: Claim, date_window: int = 1) -> PairScore | None:
    """The score of two reports, or ``None`` when they cannot be one event (see module doc)."""
    if a.source == b.source:
        return None
    if a.admin1_pcode and b.admin1_pcode and a.admin1_pcode != b.admin1_pcode:
        return None
    gap = _gap(a, b)
    if gap is None or gap > date_window:
        return None
    precise = a.date_precision == "day" and b.date_precision == "day"
    if gap == 0 and precise:
        date_s, date_r = 1.0, "same day"
    elif gap == 0:
        date_s, date_r = 0.7, "overlapping dates"
    else:
        date_s, date_r = 0.5, f"{gap} day apart"
    place_s, place_r = _place(a, b)
    if place_s == 0.0:
        return None
    type_s, type_r = _type(a, b)
    text_s, text_r = _text(a, b)
    score = (
        WEIGHTS["date"] * date_s
        + WEIGHTS["place"] * place_s
        + WEIGHTS["type"] * type_s
        + WEIGHTS["text"] * text_s
    )
    left, right = sorted((a.report_id, b.report_id))
    return PairScore(left, right, round(score, 4), (date_r, place_r, type_r, text_r))


def _candidates(claims: list[Claim], window: int) -> Iterable[tuple[Claim, Claim]]:
    """Pairs in the same governorate (or without one) within the date window: a sorted sweep."""
    by_gov: dict[str | None, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.date_earliest is not None:
            by_gov[c.admin1_pcode].append(c)
    unplaced = by_gov.pop(None, [])
    for gov, members in [*by_gov.items(), (None, [])]:
        ordered = sorted(members + unplaced, key=lambda c: c.date_earliest or date.min)
        for i, a in enumerate(ordered):
            a_hi = a.date_latest or a.date_earliest or date.min
            for b in ordered[i + 1 :]:
                if ((b.date_earliest or date.min) - a_hi).days > window:
                    break  # later reports start later still
                if gov is not None and a.admin1_pcode is None and b.admin1_pcode is None:
                    continue  # two unplaced reports: compared once, in the last pass
                yield a, b


class _Groups:
    """Union–find over reports that keeps, per group, its sources and its "different" ties."""

    def __init__(self, claims: list[Claim], different: set[tuple[int, int]]) -> None:
        self.parent = {c.report_id: c.report_id for c in claims}
        self.sources = {c.report_id: {c.source} for c in claims}
        self.members = {c.report_id: {c.report_id} for c in claims}
        self.different = different

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def can_join(self, a: int, b: int, *, allow_same_source: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if not allow_same_source and self.sources[ra] & self.sources[rb]:
            return False
        return not any(
            (min(x, y), max(x, y)) in self.different
            for x in self.members[ra]
            for y in self.members[rb]
        )

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.sources[ra] |= self.sources.pop(rb)
        self.members[ra] |= self.members.pop(rb)


def cluster_claims(
    claims: list[Claim],
    decisions: Mapping[tuple[int, int], str] | None = None,
    settings: ClusterSettings | None = None,
) -> Clustering:
    """Group reports into incidents (see the module docstring for the rules)."""
    s = settings or ClusterSettings()
    decisions = decisions or {}
    known = {c.report_id for c in claims}
    different = {p for p, d in decisions.items() if d == "different"}
    groups = _Groups(claims, different)
    by_reviewer: set[int] = set()
    same = sorted(p for p, d in decisions.items() if d == "same" and set(p) <= known)
    for a, b in same:
        if groups.can_join(a, b, allow_same_source=True):
            groups.join(a, b)
        by_reviewer.update((a, b))
    scored = [
        p
        for a, b in _candidates(claims, s.date_window)
        if (p := compare_claims(a, b, s.date_window)) is not None
    ]
    scored.sort(key=lambda p: (-p.score, p.left, p.right))
    best: dict[int, float] = {}
    review: list[PairScore] = []
    refused = 0
    for p in scored:
        if (p.left, p.right) in decisions:
            continue
        if p.score >= s.threshold:
            if groups.can_join(p.left, p.right):
                groups.join(p.left, p.right)
                best[p.left] = max(best.get(p.left, 0.0), p.score)
                best[p.right] = max(best.get(p.right, 0.0), p.score)
            elif groups.find(p.left) != groups.find(p.right):
                refused += 1
        elif p.score >= s.review_low and groups.find(p.left) != groups.find(p.right):
            review.append(p)
    out = sorted((tuple(sorted(m)) for m in groups.members.values()), key=lambda g: g[0])
    return Clustering(
        groups=tuple(out),
        scores=best,
        review=tuple(review),
        pairs_scored=len(scored),
        refused=refused,
        decided_same=len(same),
        decided_different=len(different),
        by_reviewer=frozenset(by_reviewer),
    )
