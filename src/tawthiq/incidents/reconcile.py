"""The claims of one event → one reconciled incident: ranges, a best figure, attribution.

Rules (each stated where it is shown, so that a reader can check the figure):

- **range**: the lowest minimum and the highest maximum across the sources
  (a source that gives one number gives it as both), for civilians killed; everyone killed
  (ACLED fatalities, UCDP best) is a range of its own, never added to the civilian one; every
  other count (children, injured, health workers, facilities: ``COUNT_KINDS``) likewise.
- **best figure** (``BEST_RULE``): the median of the sources' own best figures (a source's
  stated best, else the midpoint of its range rounded down), the lower middle value when the
  number of sources is even; never outside the range.
- **date**: the narrowest interval any source gives; **place**: the most precise P-code (the
  most common at that precision); **type** and **target**: the most common among the sources.
- **belligerents**: one entry per party named by any source; a joint "Russia or Syrian
  government" claim names both. Its assessment: *confirmed* if a source says the party accepted
  responsibility; *denied* if every source naming it says it denied; *contested* if another
  party is also named; *likely* if two or more sources name it (or one says likely); else
  *alleged*. Its range is the lowest minimum and highest maximum of the sources naming it.
- **attribution**: the confirmed party, else the one party named, else the competing parties
  (``russia|syrian_government``): a contested attribution is kept, never resolved by vote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tawthiq.incidents.model import Belligerent, Claim, Range, Reconciled, attribution_label
from tawthiq.model.vocab import Assessment, Party

__all__ = ["BEST_RULE", "reconcile_claims"]

BEST_RULE = (
    "median of the sources' best figures (each source's stated best, else the midpoint of its "
    "own range rounded down; the lower middle value when the number of sources is even)"
)
_LEVEL_RANK = {"neighbourhood": 5, "community": 4, "subdistrict": 3, "district": 2}


def _range(values: Sequence[Range]) -> Range:
    lows = [r.low for r in values if r.low is not None]
    highs = [r.high for r in values if r.high is not None]
    return Range(min(lows) if lows else None, max(highs) if highs else None)


def _most_common(values: Sequence[str | None]) -> str | None:
    known = [v for v in values if v]
    if not known:
        return None
    counts = Counter(known)
    return min(counts, key=lambda v: (-counts[v], v))


def _lower_median(values: list[int]) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def _belligerents(claims: Sequence[Claim]) -> tuple[tuple[Belligerent, ...], str | None]:
    named: dict[str, list[Claim]] = {}
    for c in claims:
        for p in c.parties():
            named.setdefault(p, []).append(c)
    real = {p for p in named if p != Party.UNKNOWN}
    out: list[Belligerent] = []
    confirmed: list[str] = []
    for party in sorted(named):
        cs = named[party]
        sources = tuple(sorted({c.source for c in cs}))
        said = {c.assessment for c in cs if c.assessment}
        others = sorted(real - {party})
        joint = any(len(c.parties()) > 1 for c in cs)
        if Assessment.CONFIRMED in said:
            a, why = Assessment.CONFIRMED, "a source reports that it accepted responsibility"
            confirmed.append(party)
        elif said == {Assessment.DENIED} and len(said) == 1 and all(c.assessment for c in cs):
            a, why = Assessment.DENIED, "every source naming it reports a denial"
        elif party != Party.UNKNOWN and (others or joint or Assessment.CONTESTED in said):
            a = Assessment.CONTESTED
            why = (
                "also named: " + ", ".join(attribution_label(o) for o in others)
                if others
                else "named jointly with another party"
            )
        elif len(sources) >= 2 or Assessment.LIKELY in said:
            a, why = Assessment.LIKELY, f"named by {len(sources)} sources"
        else:
            a, why = Assessment.ALLEGED, "named by one source"
        out.append(
            Belligerent(
                party=party,
                assessment=a.value,
                killed=_range([c.killed for c in cs]),
                sources=sources,
                reason=why,
            )
        )
    if len(confirmed) == 1:
        return tuple(out), confirmed[0]
    candidates = sorted(
        b.party for b in out if b.party != Party.UNKNOWN and b.assessment != Assessment.DENIED
    )
    if candidates:
        return tuple(out), "|".join(candidates)
    return tuple(out), (Party.UNKNOWN.value if named else None)


def reconcile_claims(claims: Sequence[Claim]) -> Reconciled:
    """Reconcile the claims of one event (see the module docstring for every rule)."""
    if not claims:
        raise ValueError("an incident needs at least one report")
    claims = sorted(claims, key=lambda c: c.report_id)
    killed = _range([c.killed for c in claims])
    bests = [b for c in claims if (b := c.best) is not None]
    best = _lower_median(bests)
    if best is not None and killed.low is not None and killed.high is not None:
        best = min(max(best, killed.low), killed.high)
    dated = [c for c in claims if c.date_earliest is not None]
    narrow = min(
        dated,
        key=lambda c: ((c.date_latest or c.date_earliest) - c.date_earliest, c.report_id),  # type: ignore[operator]
        default=None,
    )
    rank = max((_LEVEL_RANK.get(c.place_precision or "", 1) for c in claims if c.pcode), default=0)
    placed = [c for c in claims if c.pcode and _LEVEL_RANK.get(c.place_precision or "", 1) == rank]
    pcode = _most_common([c.pcode for c in placed])
    where = next((c for c in placed if c.pcode == pcode), None)
    coords = next((c for c in claims if c.latitude is not None and c.longitude is not None), None)
    belligerents, attribution = _belligerents(claims)
    weapons = sorted({c.weapon for c in claims if c.weapon})
    facility = next((c for c in claims if c.facility_name), None)
    notes: list[str] = []
    deaths_all = _range([c.deaths_all for c in claims])
    if deaths_all.known:
        notes.append(
            "some sources count all deaths, civilians or not: shown apart, never added to the "
            "civilian range"
        )
    kinds = sorted({k for c in claims for k, _ in c.counts})
    counts = tuple((k, _range([c.count(k) for c in claims])) for k in kinds)
    source_grades = tuple(
        (c.source, c.source_grade, c.source_status)
        for c in claims
        if c.source_grade or c.source_status
    )
    return Reconciled(
        report_ids=tuple(c.report_id for c in claims),
        sources=tuple(sorted({c.source for c in claims})),
        date_earliest=narrow.date_earliest if narrow else None,
        date_latest=(narrow.date_latest or narrow.date_earliest) if narrow else None,
        date_precision=narrow.date_precision if narrow else None,
        time_text=_most_common([c.time_text for c in claims]),
        pcode=pcode,
        admin1_pcode=_most_common([c.admin1_pcode for c in claims]),
        place_precision=where.place_precision if where else None,
        place_text=where.place_text if where else _most_common([c.place_text for c in claims]),
        latitude=coords.latitude if coords else None,
        longitude=coords.longitude if coords else None,
        incident_type=_most_common([c.incident_type for c in claims]),
        target_type=_most_common([c.target_type for c in claims]),
        weapon="; ".join(weapons) or None,
        killed=killed,
        best=best,
        best_rule=BEST_RULE,
        injured=_range([c.injured for c in claims]),
        children=_range([c.count("children_killed") for c in claims]),
        women=_range([c.count("women_killed") for c in claims]),
        men=_range([c.count("men_killed") for c in claims]),
        belligerents=belligerents,
        attribution=attribution,
        facility_name=facility.facility_name if facility else None,
        facility_type=facility.facility_type if facility else None,
        sensitive=any(c.sensitive for c in claims),
        notes=tuple(notes),
        deaths_all=deaths_all,
        counts=counts,
        source_grades=source_grades,
    )
