"""Grading an incident on the Airwars scale, computed from its claims, with the reasons shown.

The rules, applied in this order (the first that holds gives the grade):

    discounted  no source reports a civilian killed or injured; or every belligerent named
                was reported as denying it and none remains alleged; or a source graded it
                discounted itself and no other credible source reports civilian harm
    confirmed   a source reports that a belligerent accepted responsibility, or a source graded
                it confirmed itself (Airwars' *Confirmed*: the belligerent accepted it; with a
                *declared strike* the reason says so)
    contested   competing claims: two or more parties are named (one source naming several
                is competing claims too; a joint "Russia or Syrian government" counts as two),
                or a source graded it contested itself
    fair        two or more credible sources, and the belligerent named was active there:
                its campaign had begun by that date (``ACTIVE_FROM``) in that governorate
                (``ACTIVE_IN``; parties not listed were active everywhere); or a source graded
                it fair itself (a grader such as Airwars weighs its own several sources)
    weak        a single source; or two or more sources that name no belligerent, or one not
                known to be active there and then

A source's own grade (Airwars grading, strike status) is evidence, kept and shown beside the
computed grade: the reason always names the source whose grade was used.

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


def _credible(c: Claim) -> bool:
    return (c.reliability or "").casefold() not in _NOT_CREDIBLE


def _graded(claims: Sequence[Claim], grade: Grade) -> list[Claim]:
    return [c for c in claims if c.source_grade == grade.value]


def _harm(c: Claim) -> bool:
    return any((r.high or 0) > 0 for r in (c.killed, c.injured))


def _own(c: Claim) -> str:
    status = f", {c.source_status.replace('_', ' ')} strike" if c.source_status else ""
    return f"{c.source} graded it {c.source_grade}{status}"


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
    discounting = _graded(claims, Grade.DISCOUNTED)
    if discounting:
        others = [c for c in claims if c not in discounting and _credible(c) and _harm(c)]
        if not others:
            return GradeResult(
                Grade.DISCOUNTED.value,
                (_own(discounting[0]) + "; no other credible source reports civilian harm",),
            )
        reasons.append(
            _own(discounting[0])
            + f", but {', '.join(sorted({c.source for c in others}))} reports civilian harm"
        )
    confirmed = [b for b in named if b.assessment == Assessment.CONFIRMED]
    if confirmed:
        who = ", ".join(attribution_label(b.party) for b in confirmed)
        return GradeResult(Grade.CONFIRMED.value, (*reasons, f"{who} accepted responsibility"))
    own_confirmed = _graded(claims, Grade.CONFIRMED)
    if own_confirmed:
        return GradeResult(Grade.CONFIRMED.value, (*reasons, _own(own_confirmed[0])))
    live = [b for b in named if b.assessment != Assessment.DENIED]
    if len(live) >= 2:
        parts = [
            f"{attribution_label(b.party)} ({len(b.sources)} source"
            f"{'s' if len(b.sources) != 1 else ''}: {', '.join(b.sources)})"
            for b in live
        ]
        return GradeResult(
            Grade.CONTESTED.value, (*reasons, "competing claims: " + " vs ".join(parts))
        )
    own_contested = _graded(claims, Grade.CONTESTED)
    if own_contested:
        return GradeResult(Grade.CONTESTED.value, (*reasons, _own(own_contested[0])))
    credible = sorted({c.source for c in claims if _credible(c)})
    sources = sorted({c.source for c in claims})
    own_fair = [c for c in _graded(claims, Grade.FAIR) if _credible(c)]
    if own_fair:
        return GradeResult(Grade.FAIR.value, (*reasons, _own(own_fair[0])))
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
