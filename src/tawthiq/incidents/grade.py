"""Grading an incident on the Airwars scale, computed from its claims, with the reasons shown.

The rules, applied in this order (the first that holds gives the grade):

    discounted  no source reports a civilian killed or injured, or every belligerent named
                was reported as denying it and none remains alleged
    confirmed   a source reports that a belligerent accepted responsibility
    contested   competing claims: two or more parties are named (a joint "Russia or Syrian
                government" claim counts as two)
    fair        two or more credible sources, and the belligerent named was active there:
                its campaign had begun by that date (``ACTIVE_FROM``) in that governorate
                (``ACTIVE_IN``; parties not listed were active everywhere)
    weak        a single source; or two or more sources that name no belligerent, or one not
                known to be active there and then

A source is credible unless its ``reliability`` says otherwise (``low``, ``unreliable``,
``not credible``). A reviewer may override the grade with a note; both the computed grade and
the override are kept and shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tawthiq.incidents.model import Claim, Reconciled, attribution_label
from tawthiq.model.vocab import Assessment, Grade, Party

__all__ = ["ACTIVE_FROM", "ACTIVE_IN", "GradeResult", "grade_incident", "party_active"]

ACTIVE_FROM: dict[str, date] = {
    Party.RUSSIA.value: date(2015, 9, 30),
    Party.US_LED_COALITION.value: date(2014, 9, 23),
    Party.TURKEY.value: date(2016, 8, 24),
    Party.ISIS.value: date(2013, 4, 9),
    Party.SDF_YPG.value: date(2012, 7, 19),
}
"""When each party's attacks in Syria began (Russian air campaign 30 Sep 2015; US-led strikes
in Syria 23 Sep 2014; Operation Euphrates Shield 24 Aug 2016; ISIS announced in Syria
9 Apr 2013; YPG control of Kurdish towns from 19 Jul 2012). Parties not listed: from 2011."""

ACTIVE_IN: dict[str, frozenset[str]] = {
    # governorate P-codes: SY02 Aleppo, SY07 Idleb, SY08 Al-Hasakeh, SY09 Deir-ez-Zor,
    # SY11 Ar-Raqqa (the same areas as the simulator's scenario)
    Party.US_LED_COALITION.value: frozenset({"SY02", "SY07", "SY08", "SY09", "SY11"}),
    Party.TURKEY.value: frozenset({"SY02", "SY07", "SY08", "SY11"}),
    Party.SDF_YPG.value: frozenset({"SY02", "SY08", "SY09", "SY11"}),
}
"""Governorates where a party attacked; parties not listed attacked anywhere in Syria."""

_NOT_CREDIBLE = {"low", "unreliable", "not credible", "not_credible"}


@dataclass(frozen=True)
class GradeResult:
    """A grade and the reasons, in words, that produced it."""

    grade: str
    reasons: tuple[str, ...]


def party_active(party: str, when: date | None, admin1: str | None) -> tuple[bool, str]:
    """Whether ``party`` is known to have attacked in ``admin1`` by ``when``, and why."""
    start = ACTIVE_FROM.get(party)
    if start is not None and when is not None and when < start:
        return False, f"{attribution_label(party)} not active in Syria before {start.isoformat()}"
    areas = ACTIVE_IN.get(party)
    if areas is not None and admin1 is not None and admin1 not in areas:
        return False, f"{attribution_label(party)} not known to attack in governorate {admin1}"
    since = f" (from {start.isoformat()})" if start else ""
    return True, f"{attribution_label(party)} active there at that date{since}"


def grade_incident(incident: Reconciled, claims: Sequence[Claim]) -> GradeResult:
    """The Airwars-scale grade of an incident (rules in the module docstring)."""
    reasons: list[str] = []
    harmed_max = max(
        (v for v in (incident.killed.high, incident.injured.high) if v is not None), default=None
    )
    if harmed_max == 0:
        return GradeResult(
            Grade.DISCOUNTED.value, ("no source reports a civilian killed or injured",)
        )
    named = [b for b in incident.belligerents if b.party != Party.UNKNOWN]
    if named and all(b.assessment == Assessment.DENIED for b in named):
        return GradeResult(
            Grade.DISCOUNTED.value,
            ("every belligerent named was reported as denying it; none remains alleged",),
        )
    confirmed = [b for b in named if b.assessment == Assessment.CONFIRMED]
    if confirmed:
        who = ", ".join(attribution_label(b.party) for b in confirmed)
        return GradeResult(Grade.CONFIRMED.value, (f"{who} accepted responsibility",))
    live = [b for b in named if b.assessment != Assessment.DENIED]
    if len(live) >= 2:
        parts = [
            f"{attribution_label(b.party)} ({len(b.sources)} source"
            f"{'s' if len(b.sources) != 1 else ''}: {', '.join(b.sources)})"
            for b in live
        ]
        return GradeResult(Grade.CONTESTED.value, ("competing claims: " + " vs ".join(parts),))
    credible = sorted(
        {c.source for c in claims if (c.reliability or "").casefold() not in _NOT_CREDIBLE}
    )
    sources = sorted({c.source for c in claims})
    if len(sources) < 2:
        reasons.append(f"single source ({sources[0]})" if sources else "no source")
        return GradeResult(Grade.WEAK.value, tuple(reasons))
    if len(credible) < 2:
        reasons.append(
            f"{len(sources)} sources, but only {len(credible)} credible "
            f"({', '.join(credible) or 'none'})"
        )
        return GradeResult(Grade.WEAK.value, tuple(reasons))
    reasons.append(f"{len(credible)} credible sources: {', '.join(credible)}")
    if not live:
        reasons.append("no belligerent named")
        return GradeResult(Grade.WEAK.value, tuple(reasons))
    party = live[0].party
    ok, why = party_active(party, incident.date_earliest, incident.admin1_pcode)
    reasons.append(why)
    return GradeResult(Grade.FAIR.value if ok else Grade.WEAK.value, tuple(reasons))
