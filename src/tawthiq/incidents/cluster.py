"""Reports → incidents: which source reports describe the same event.

Compatibility comes before similarity (issue 16): two reports are candidates for one event only
when they come from different sources (a source reports an event once), their date intervals
are at most ``date_window`` days apart, their event types are compatible (``type_check``: an
armed clash or a change of territory is never an airstrike, shelling or any other strike) and
their places are consistent (``place_check``: two points no further apart than both precisions
allow; without usable coordinates, the gazetteer's containment as before; never two
governorates). The candidates are found by a join in DuckDB on governorate and day, which
also drops battle/strike pairs (``candidate_pairs``), not by comparing all pairs in Python.

A candidate pair's score is a weighted sum of four agreements:

    date   1 same day; 0.7 overlapping intervals (a month, a range); 0.5 one day apart
    place  with coordinates: ``_specificity`` of the distance both precisions allow (1 within
           7 km, 0.8 within 20, 0.15 within 40, else 0.1) times 0.7-1 as the points get
           closer; without: 1 same P-code; one inside the other 0.5 (same governorate), 0.6
           (district), 0.7 (sub-district or community); 0.6 two communities within 5 km
    type   1 same type; 0.7 close types (air attacks; ground-launched strikes; ground attack
           and massacre; clash and change of territory); 0.4 a type unknown, or two strikes by
           different weapons; -0.5 two other different types (and then for review at most)
    text   word overlap (Jaccard) of the two descriptions; 0.5 when one is missing

with weights 0.35, 0.35, 0.2, 0.1; plus ``TARGET_BONUS`` when both name the same target (a
hospital), minus ``TARGET_PENALTY`` when they name different ones, plus ``PARTY_BONUS`` when
both name a party and share one (different parties take nothing off: that is how a contested
attribution arises). Pairs at or above ``threshold`` are linked unless a rule keeps them for a
reviewer (``PairScore.auto`` false: a governorate-wide report and a community-level one; two
different types; a report with another plausible candidate of the same source scoring within
``ambiguity_margin``); pairs in ``[review_low, threshold)`` and the kept ones go to the review
queue, at most ``review_per_report`` per report and other source, the best first. Clustering is
greedy by score under constraints, so one loose pair cannot chain two events together: a
cluster never holds two reports of one source, and never two reports a reviewer said are
different; reviewer "same" decisions are applied first, whatever the score. Every rule's
outcome is a readable reason in ``PairScore.reasons``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from tawthiq.incidents.model import Claim
from tawthiq.normalize import gazetteer

__all__ = [
    "FIGHTING_TYPES",
    "STRIKE_TYPES",
    "UNSPECIFIC_TYPES",
    "ClusterSettings",
    "Clustering",
    "PairScore",
    "PlaceCheck",
    "TypeCheck",
    "candidate_pairs",
    "cluster_claims",
    "compare_claims",
    "place_check",
    "place_radius_km",
    "type_check",
    "why_not",
]

WEIGHTS = {"date": 0.35, "place": 0.35, "type": 0.2, "text": 0.1}
TARGET_BONUS = 0.05
"""Added when both reports name the same target type: an attack on a hospital is told from
another strike that day in the same city."""
TARGET_PENALTY = 0.1
"""Taken off when both name a target and the targets differ."""
PARTY_BONUS = 0.05
"""Added when both reports name a party and share one. Naming different parties takes nothing
off: sources disagreeing about who struck is how a contested attribution arises."""
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)

STRIKE_TYPES = frozenset(
    {
        "airstrike",
        "barrel_bomb",
        "missile",
        "shelling",
        "airstrike_or_artillery",
        "naval_bombardment",
        "chemical",
        "explosion",
    }
)
"""Attacks with explosive (or chemical) weapons from a distance: never a battle."""
FIGHTING_TYPES = frozenset({"armed_clash", "territory_change"})
"""Battles between armed groups (ACLED "Armed clash", "Government regains territory",
"Non-state actor overtakes territory"): never the same event as a strike."""
UNSPECIFIC_TYPES = frozenset({"unknown", "other", "state_based", "non_state", "one_sided"})
"""Types that say little about the event (UCDP's violence types among them): compatible with
any type, at a lower score than an agreeing one. So is any code not in ``KNOWN_TYPES`` (a
label a reader kept as a slug)."""
KNOWN_TYPES = (
    STRIKE_TYPES
    | FIGHTING_TYPES
    | frozenset(
        {
            "ground_attack",
            "massacre",
            "siege",
            "detention_death",
            "abduction",
            "sexual_violence",
            "property_destruction",
            "mob_violence",
            "obstruction",
        }
    )
)
"""Types that say what happened: two of them that differ (and are not close) count against
one event."""
_CLOSE_TYPES = (
    frozenset({"airstrike", "barrel_bomb", "missile", "airstrike_or_artillery", "chemical"}),
    frozenset({"shelling", "missile", "airstrike_or_artillery", "naval_bombardment"}),
    frozenset({"ground_attack", "massacre"}),
    FIGHTING_TYPES,
)
"""Types sources often use for one event (an air attack of some kind; a strike from the ground
or the sea; killings on the ground; a battle)."""

PLACE_RADIUS_KM = {
    "neighbourhood": 1.0,
    "community": 3.0,
    "subdistrict": 15.0,
    "district": 30.0,
    "governorate": 80.0,
}
"""How far the true place may lie from a gazetteer unit's centre, by the unit's level (used
when a report gives no precision of its own)."""
SLACK_KM = 1.0
"""Added to the two radii: a strike's point and a facility's point differ by a street or two."""
COARSE_KM = 50.0
"""A report whose place may lie this far away or more says only its governorate: its
coordinates are not compared by distance, and it never merges with a precise report unreviewed."""
FINE_KM = 5.0
"""A report whose place lies within this distance names its community (or a point in it)."""


@dataclass(frozen=True)
class ClusterSettings:
    """The thresholds of report clustering (the same for every workspace unless changed)."""

    threshold: float = 0.7
    review_low: float = 0.5
    date_window: int = 1
    ambiguity_margin: float = 0.05
    """A pair is linked without review only when each of its reports has no other candidate of
    the other's source scoring within this margin of it."""
    review_per_report: int = 2
    """The review queue asks about a report's best candidates of each other source only, at
    most this many: a reviewer who finds the event among them needs no fifth question."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.review_low <= self.threshold <= 1.0:
            raise ValueError(
                f"need 0 <= review_low <= threshold <= 1 (got {self.review_low}, {self.threshold})"
            )
        if self.date_window < 0:
            raise ValueError(f"date_window must be >= 0 days (got {self.date_window})")
        if self.ambiguity_margin < 0:
            raise ValueError(f"ambiguity_margin must be >= 0 (got {self.ambiguity_margin})")
        if self.review_per_report < 1:
            raise ValueError(f"review_per_report must be >= 1 (got {self.review_per_report})")


@dataclass(frozen=True)
class PairScore:
    """Two reports (``left < right``) with their score and the agreements behind it.

    ``auto`` is false when a rule keeps the pair for a reviewer whatever its score."""

    left: int
    right: int
    score: float
    reasons: tuple[str, ...]
    auto: bool = True


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
    candidates: int = 0
    """Pairs the blocking proposed (different sources, same governorate, dates in the window,
    not a battle and a strike)."""
    incompatible: int = 0
    """Candidate pairs that compatibility ruled out (type or place)."""
    review_trimmed: int = 0
    """Uncertain pairs left out of the queue: a report's better candidates of that source are
    asked about first (``ClusterSettings.review_per_report``)."""


@dataclass(frozen=True)
class TypeCheck:
    """Whether two event types can be one event, how well they agree, and why."""

    compatible: bool
    score: float
    reason: str
    auto: bool = True
    """False when the types differ: such a pair may be one event, but only a reviewer says so."""


@dataclass(frozen=True)
class PlaceCheck:
    """Whether two places can be one event's, how well they agree, and why. ``auto`` is false
    when the two are too unequal in precision to be merged without a reviewer."""

    consistent: bool
    score: float
    reason: str
    auto: bool = True


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


def _level_radius(c: Claim) -> float | None:
    level = c.place_precision
    if level is None and c.pcode:
        p = gazetteer().get(c.pcode)
        level = p.level.value if p is not None else None
    return PLACE_RADIUS_KM.get(level or "")


def place_point(c: Claim) -> tuple[tuple[float, float] | None, float | None]:
    """A report's point and how far its true place may lie from it (km).

    The coordinates with the precision the source gave for them (else the radius of the
    P-code's level), or the centre of its community when the P-code names one and that is
    narrower: an Airwars row geolocated only to its governorate but naming its village is
    placed in the village. A sub-district or wider P-code never replaces coordinates: readers
    derive those from the coordinates themselves. ``(None, None)`` without either."""
    level_r = _level_radius(c)
    centre = None
    if c.pcode:
        p = gazetteer().get(c.pcode)
        if p is not None and p.latitude is not None and p.longitude is not None:
            centre = (p.latitude, p.longitude)
    if c.latitude is not None and c.longitude is not None:
        coord_r = c.coord_precision_km if c.coord_precision_km is not None else level_r
        if coord_r is None:
            coord_r = PLACE_RADIUS_KM["community"]
        named = level_r is not None and level_r <= PLACE_RADIUS_KM["community"]
        if centre is not None and named and level_r is not None and level_r < coord_r:
            return centre, level_r
        return (c.latitude, c.longitude), coord_r
    return (centre, level_r) if centre is not None else (None, level_r)


def place_radius_km(c: Claim) -> float | None:
    """How far the true place of a report may lie from its point (``place_point``)."""
    return place_point(c)[1]


def _precision_kept_apart(ra: float | None, rb: float | None) -> bool:
    """A governorate-wide report and a community-level one: never merged unreviewed."""
    if ra is None or rb is None:
        return False
    return (ra >= COARSE_KM and rb <= FINE_KM) or (rb >= COARSE_KM and ra <= FINE_KM)


def _specificity(allowed_km: float) -> float:
    """How much agreeing places say, by the distance both precisions allow: two points in one
    village say much more than two 25 km circles that overlap (which, in a city with several
    strikes a day, would fit any of them). With such circles, a link needs the date, the type,
    the target and the party to agree."""
    if allowed_km <= 7.0:
        return 1.0
    if allowed_km <= 20.0:
        return 0.8
    if allowed_km <= 40.0:
        return 0.15
    return 0.1


_CONTAINED = {"governorate": 0.5, "district": 0.6, "subdistrict": 0.7}
"""Agreement of a place with a unit that contains it, by the containing unit's level: lying
in the same governorate says little, in the same sub-district more."""


def _gazetteer_place(a: Claim, b: Claim) -> tuple[float, str]:
    """Agreement of two P-codes on the gazetteer (0: two places that cannot be one)."""
    if a.pcode is None or b.pcode is None:
        return 0.3, "a place is missing"
    if a.pcode == b.pcode:
        return 1.0, f"same place {a.pcode}"
    g = gazetteer()
    pa, pb = g.get(a.pcode), g.get(b.pcode)
    if pa is not None and pb is not None and (pa.within(pb.pcode) or pb.within(pa.pcode)):
        outer = pb if pa.within(pb.pcode) else pa
        score = _CONTAINED.get(outer.level.value, 0.7)
        return score, f"{a.pcode} and {b.pcode}: one inside the other ({outer.level.value})"
    ca, cb = _coords(a), _coords(b)
    if ca is not None and cb is not None and _km(ca, cb) <= 5.0:
        return 0.6, f"{a.pcode} and {b.pcode} within 5 km"
    return 0.0, f"different places {a.pcode} and {b.pcode}"


def place_check(a: Claim, b: Claim) -> PlaceCheck:
    """Whether two reports' places can be one event's.

    Two governorates never are. When either gives coordinates and both points
    (``place_point``) are precise to less than ``COARSE_KM``, the points must lie within the
    sum of the two radii plus ``SLACK_KM``; the score falls with the distance and with the
    radii. Otherwise the P-codes decide on the gazetteer (same unit, one inside the other,
    two communities within 5 km).
    A governorate-wide report and a community-level one are consistent at most for review.
    """
    if a.admin1_pcode and b.admin1_pcode and a.admin1_pcode != b.admin1_pcode:
        return PlaceCheck(False, 0.0, f"different governorates {a.admin1_pcode}/{b.admin1_pcode}")
    (pa, ra), (pb, rb) = place_point(a), place_point(b)
    auto = not _precision_kept_apart(ra, rb)
    note = () if auto else ("a governorate-wide place and a community: for review",)
    has_coords = a.latitude is not None or b.latitude is not None
    if (
        has_coords
        and pa is not None
        and pb is not None
        and ra is not None
        and rb is not None
        and max(ra, rb) < COARSE_KM
    ):
        d = _km(pa, pb)
        allowed = ra + rb + SLACK_KM
        if d > allowed:
            return PlaceCheck(
                False,
                0.0,
                f"{d:.1f} km apart, more than the {allowed:.1f} km both precisions allow",
            )
        score = _specificity(allowed) * (0.7 + 0.3 * (1.0 - d / allowed))
        reason = f"{d:.1f} km apart, within the {allowed:.1f} km both precisions allow"
        return PlaceCheck(True, round(score, 4), "; ".join((reason, *note)), auto)
    score, reason = _gazetteer_place(a, b)
    if score == 0.0:
        return PlaceCheck(False, 0.0, reason)
    return PlaceCheck(True, score, "; ".join((reason, *note)), auto)


def type_check(ta: str | None, tb: str | None) -> TypeCheck:
    """Whether two event types can be one event (a battle is never a strike), and how well
    they agree (see the module docstring)."""
    if ta is None or tb is None or ta not in KNOWN_TYPES or tb not in KNOWN_TYPES:
        return TypeCheck(True, 0.4, f"a type is unknown ({ta or 'none'}/{tb or 'none'})")
    if ta == tb:
        return TypeCheck(True, 1.0, f"same type {ta}")
    if (ta in FIGHTING_TYPES and tb in STRIKE_TYPES) or (
        tb in FIGHTING_TYPES and ta in STRIKE_TYPES
    ):
        return TypeCheck(False, 0.0, f"{ta} and {tb} cannot be one event: a battle is not a strike")
    if any(ta in f and tb in f for f in _CLOSE_TYPES):
        return TypeCheck(True, 0.7, f"close types {ta}/{tb}")
    if ta in STRIKE_TYPES and tb in STRIKE_TYPES:
        return TypeCheck(True, 0.4, f"two strikes by different weapons {ta}/{tb}")
    return TypeCheck(True, -0.5, f"different types {ta}/{tb}: for review at most", auto=False)


def _target(a: Claim, b: Claim) -> tuple[float, str | None]:
    if a.target_type is None or b.target_type is None:
        return 0.0, None
    if a.target_type == b.target_type:
        return TARGET_BONUS, f"same target {a.target_type}"
    return -TARGET_PENALTY, f"different targets {a.target_type}/{b.target_type}"


def _parties(a: Claim, b: Claim) -> tuple[float, str | None]:
    pa, pb = set(a.parties()), set(b.parties())
    if not pa or not pb:
        return 0.0, None
    shared = sorted(pa & pb)
    if shared:
        return PARTY_BONUS, f"both name {'/'.join(shared)}"
    return 0.0, f"different parties named {'/'.join(sorted(pa))} and {'/'.join(sorted(pb))}"


def _words(text: str | None) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORD.findall(text or ""))


def _text(a: Claim, b: Claim) -> tuple[float, str]:
    wa, wb = _words(a.description), _words(b.description)
    if not wa or not wb:
        return 0.5, "a description is missing"
    j = len(wa & wb) / len(wa | wb)
    return j, f"descriptions share {j:.0%} of words"


def _date(a: Claim, b: Claim, date_window: int) -> tuple[float, str] | None:
    gap = _gap(a, b)
    if gap is None or gap > date_window:
        return None
    if gap == 0 and a.date_precision == "day" and b.date_precision == "day":
        return 1.0, "same day"
    if gap == 0:
        return 0.7, "overlapping dates"
    return 0.5, f"{gap} day apart"


def _compatible(
    a: Claim, b: Claim, date_window: int
) -> tuple[tuple[float, str], TypeCheck, PlaceCheck] | None:
    if a.source == b.source:
        return None
    dated = _date(a, b, date_window)
    if dated is None:
        return None
    kinds = type_check(a.incident_type, b.incident_type)
    if not kinds.compatible:
        return None
    place = place_check(a, b)
    if not place.consistent:
        return None
    return dated, kinds, place


def compare_claims(a: Claim, b: Claim, date_window: int = 1) -> PairScore | None:
    """The score of two reports, or ``None`` when they cannot be one event (see module doc)."""
    found = _compatible(a, b, date_window)
    if found is None:
        return None
    (date_s, date_r), kinds, place = found
    text_s, text_r = _text(a, b)
    bonus, target_r = _target(a, b)
    party, party_r = _parties(a, b)
    score = (
        WEIGHTS["date"] * date_s
        + WEIGHTS["place"] * place.score
        + WEIGHTS["type"] * kinds.score
        + WEIGHTS["text"] * text_s
        + bonus
        + party
    )
    extra = tuple(r for r in (target_r, party_r) if r)
    reasons = (date_r, place.reason, kinds.reason, text_r, *extra)
    left, right = sorted((a.report_id, b.report_id))
    auto = place.auto and kinds.auto
    return PairScore(left, right, round(min(1.0, max(0.0, score)), 4), reasons, auto)


def why_not(a: Claim, b: Claim, date_window: int = 1) -> str | None:
    """Why two reports cannot be one event (the first rule that fails), or ``None``."""
    if a.source == b.source:
        return f"one source ({a.source}) reports an event once"
    if _date(a, b, date_window) is None:
        return f"dates more than {date_window} day(s) apart or missing"
    kinds = type_check(a.incident_type, b.incident_type)
    if not kinds.compatible:
        return kinds.reason
    place = place_check(a, b)
    return None if place.consistent else place.reason


def candidate_pairs(claims: list[Claim], window: int) -> list[tuple[int, int]]:
    """Index pairs (i < j into ``claims``) of reports from different sources in the same
    governorate (or with none) whose date intervals are at most ``window`` days apart, leaving
    out a battle and a strike (``type_check``'s one incompatibility, decided here for the
    thousands of same-day battles and strikes of a busy governorate).

    An equi-join in DuckDB on (governorate, day): each report stands on every day of its
    interval, widened by ``window`` on one side of the join. At 25,000 reports the Python
    sweep it replaces walked every same-source pair of a busy governorate, and a range join
    with the governorate in an OR condition took 6 s."""
    import duckdb
    import pyarrow as pa

    dated = [(i, c) for i, c in enumerate(claims) if c.date_earliest is not None]
    if len(dated) < 2:
        return []
    lo = [c.date_earliest.toordinal() for _, c in dated]  # type: ignore[union-attr]
    hi = [(c.date_latest or c.date_earliest).toordinal() for _, c in dated]  # type: ignore[union-attr]
    table = pa.table(
        {
            "i": pa.array([i for i, _ in dated], pa.int32()),
            "src": pa.array([c.source for _, c in dated], pa.string()),
            "gov": pa.array([c.admin1_pcode for _, c in dated], pa.string()),
            "lo": pa.array(lo, pa.int32()),
            "hi": pa.array([max(a, b) for a, b in zip(lo, hi, strict=True)], pa.int32()),
            "fam": pa.array([_family(c.incident_type) for _, c in dated], pa.int8()),
        }
    )
    con = duckdb.connect()
    try:
        con.execute("SET threads TO 2")
        con.register("r", table)
        found = con.execute(
            """
            WITH wide AS (
                SELECT i, src, gov, fam, UNNEST(range(lo - $w, hi + $w + 1)) AS d FROM r
            ), own AS (
                SELECT i, src, gov, fam, UNNEST(range(lo, hi + 1)) AS d FROM r
            ), placed AS (
                SELECT DISTINCT a.i AS x, b.i AS y FROM wide a JOIN own b
                  ON a.gov = b.gov AND a.d = b.d
                 WHERE a.i < b.i AND a.src <> b.src AND a.fam * b.fam <> 2
            ), unplaced AS (
                SELECT least(a.i, b.i) AS x, greatest(a.i, b.i) AS y FROM r a JOIN r b
                  ON a.i <> b.i AND a.src <> b.src AND a.fam * b.fam <> 2
                 AND b.lo <= a.hi + $w AND a.lo <= b.hi + $w
                 WHERE a.gov IS NULL AND (b.gov IS NOT NULL OR a.i < b.i)
            )
            SELECT x, y FROM placed UNION SELECT x, y FROM unplaced ORDER BY x, y
            """,
            {"w": window},
        ).fetchall()
    finally:
        con.close()
    return [(int(x), int(y)) for x, y in found]


def _family(incident_type: str | None) -> int:
    """1 a battle, 2 a strike, 0 anything else: two reports whose product is 2 cannot be one
    event (``type_check``)."""
    if incident_type in FIGHTING_TYPES:
        return 1
    return 2 if incident_type in STRIKE_TYPES else 0


class _Groups:
    """Union–find over reports that keeps, per group, its sources and its "different" ties."""

    def __init__(self, claims: list[Claim], different: set[tuple[int, int]]) -> None:
        self.parent = {c.report_id: c.report_id for c in claims}
        self.sources = {c.report_id: {c.source} for c in claims}
        self.members = {c.report_id: {c.report_id} for c in claims}
        self.apart: dict[int, set[int]] = defaultdict(set)
        for x, y in different:
            self.apart[x].add(y)
            self.apart[y].add(x)

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
        if not self.apart:
            return True
        small, big = sorted((self.members[ra], self.members[rb]), key=len)
        return not any(self.apart.get(x, set()) & big for x in small)

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.sources[ra] |= self.sources.pop(rb)
        self.members[ra] |= self.members.pop(rb)


def _ambiguous(scored: list[PairScore], source: Mapping[int, str], margin: float) -> set[int]:
    """Indexes of pairs with a rival: another plausible candidate (at least ``review_low``) of
    the same source for one of its reports, scoring within ``margin`` of it (which of the two
    is the event would be a guess)."""
    best: dict[tuple[int, str], list[float]] = defaultdict(list)
    for p in scored:
        best[(p.left, source[p.right])].append(p.score)
        best[(p.right, source[p.left])].append(p.score)
    top2 = {k: sorted(v, reverse=True)[:2] for k, v in best.items() if len(v) > 1}
    out: set[int] = set()
    for k, p in enumerate(scored):
        for key in ((p.left, source[p.right]), (p.right, source[p.left])):
            t = top2.get(key)
            if t is None:
                continue
            rival = t[1] if p.score == t[0] else t[0]
            if rival >= p.score - margin:
                out.add(k)
    return out


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
    pairs = candidate_pairs(claims, s.date_window)
    scored = [
        p
        for i, j in pairs
        if (p := compare_claims(claims[i], claims[j], s.date_window)) is not None
    ]
    scored.sort(key=lambda p: (-p.score, p.left, p.right))
    source = {c.report_id: c.source for c in claims}
    plausible = [p for p in scored if p.score >= s.review_low]
    rivals = _ambiguous(plausible, source, s.ambiguity_margin)
    held = {
        (p.left, p.right) for k, p in enumerate(plausible) if k in rivals and p.score >= s.threshold
    }
    best: dict[int, float] = {}
    review: list[PairScore] = []
    refused = 0
    for p in scored:
        if (p.left, p.right) in decisions:
            continue
        if p.score >= s.threshold and p.auto and (p.left, p.right) not in held:
            if groups.can_join(p.left, p.right):
                groups.join(p.left, p.right)
                best[p.left] = max(best.get(p.left, 0.0), p.score)
                best[p.right] = max(best.get(p.right, 0.0), p.score)
            elif groups.find(p.left) != groups.find(p.right):
                refused += 1
        elif p.score >= s.review_low and groups.find(p.left) != groups.find(p.right):
            if groups.can_join(p.left, p.right):
                review.append(_held(p, (p.left, p.right) in held, s.threshold))
            else:
                refused += 1
    out = sorted((tuple(sorted(m)) for m in groups.members.values()), key=lambda g: g[0])
    asked = _best_questions(review, source, s.review_per_report)
    return Clustering(
        groups=tuple(out),
        scores=best,
        review=tuple(asked),
        pairs_scored=len(scored),
        refused=refused,
        decided_same=len(same),
        decided_different=len(different),
        by_reviewer=frozenset(by_reviewer),
        candidates=len(pairs),
        incompatible=len(pairs) - len(scored),
        review_trimmed=len(review) - len(asked),
    )


def _best_questions(review: list[PairScore], source: Mapping[int, str], k: int) -> list[PairScore]:
    """At most ``k`` review pairs per report and other source, the highest-scoring first."""
    asked: Counter[tuple[int, str]] = Counter()
    out = []
    for p in sorted(review, key=lambda p: (-p.score, p.left, p.right)):
        ka, kb = (p.left, source[p.right]), (p.right, source[p.left])
        if asked[ka] >= k or asked[kb] >= k:
            continue
        asked[ka] += 1
        asked[kb] += 1
        out.append(p)
    return out


def _held(p: PairScore, rival: bool, threshold: float) -> PairScore:
    """The pair as the review queue shows it: with the rule that kept it from a link."""
    if p.score < threshold or (p.auto and not rival):
        return p
    why = "another report of that source scores as high" if rival else "precisions too unequal"
    return PairScore(p.left, p.right, p.score, (*p.reasons, f"kept for review: {why}"), False)
