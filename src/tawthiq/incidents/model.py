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
    "COUNT_KINDS",
    "Belligerent",
    "Claim",
    "CountKind",
    "Range",
    "Reconciled",
    "attribution_label",
    "claim_from_row",
]

AERIAL_TYPES = frozenset({"airstrike", "barrel_bomb", "missile"})
"""Incident types that sources often confuse with each other (an air attack of some kind)."""


@dataclass(frozen=True)
class CountKind:
    """One kind of count a source gives: whom it counts and what happened to them."""

    kind: str
    whom: str
    """``civilians``, ``combatants``, ``health_workers``, ``health_care`` (facilities, transport
    and obstruction: events, not people) or ``events`` (strikes)."""
    label_en: str
    label_ar: str


def _kinds(*rows: tuple[str, str, str, str]) -> dict[str, CountKind]:
    return {k: CountKind(k, whom, en, ar) for k, whom, en, ar in rows}


COUNT_KINDS: dict[str, CountKind] = _kinds(
    ("children_killed", "civilians", "children killed", "أطفال قتلى"),
    ("women_killed", "civilians", "women killed", "نساء قتلى"),
    ("men_killed", "civilians", "men killed", "رجال قتلى"),
    ("injured", "civilians", "civilians injured", "مدنيون جرحى"),
    ("combatants_killed", "combatants", "combatants killed", "مقاتلون قتلى"),
    ("hw_killed", "health_workers", "health workers killed", "عاملون صحيون قتلى"),
    ("hw_injured", "health_workers", "health workers injured", "عاملون صحيون جرحى"),
    ("hw_kidnapped", "health_workers", "health workers kidnapped", "عاملون صحيون مختطفون"),
    ("hw_arrested", "health_workers", "health workers arrested", "عاملون صحيون معتقلون"),
    ("hw_threatened", "health_workers", "health workers threatened", "عاملون صحيون مهددون"),
    ("hw_assaulted", "health_workers", "health workers assaulted", "عاملون صحيون معتدى عليهم"),
    (
        "hw_sexually_assaulted",
        "health_workers",
        "health workers sexually assaulted",
        "عاملون صحيون تعرضوا لاعتداء جنسي",
    ),
    ("facilities_destroyed", "health_care", "health facilities destroyed", "منشآت صحية مدمرة"),
    ("facilities_damaged", "health_care", "health facilities damaged", "منشآت صحية متضررة"),
    ("forceful_entry", "health_care", "forceful entries into a facility", "اقتحام منشأة صحية"),
    ("occupation", "health_care", "facilities occupied", "احتلال منشأة صحية"),
    ("transport_destroyed", "health_care", "health transport destroyed", "وسائط نقل صحي مدمرة"),
    ("transport_damaged", "health_care", "health transport damaged", "وسائط نقل صحي متضررة"),
    (
        "transport_hijacked",
        "health_care",
        "health transport stolen or hijacked",
        "وسائط نقل صحي مسروقة أو مختطفة",
    ),
    ("looting", "health_care", "health supplies looted", "نهب إمدادات صحية"),
    (
        "access_denied",
        "health_care",
        "access to care denied or obstructed",
        "منع الوصول إلى الرعاية",
    ),
    ("strikes", "events", "strikes", "ضربات"),
)
"""Every count kind a report may carry beyond its civilians/all-deaths killed range (stored in
``incident_counts``), with whom it counts. The civilian range is ``Claim.killed``; everyone
killed (ACLED fatalities, UCDP best) is ``Claim.deaths_all``: the two are never added."""

FACILITY_HARM_KINDS = (
    "facilities_destroyed",
    "facilities_damaged",
    "forceful_entry",
    "occupation",
    "looting",
)
"""Counts that say a health facility itself was attacked (a facility attack is registered from
them when the report names no facility)."""


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

    ``killed`` counts civilians (Airwars, UCDP civilians, the incident-report format); it is
    unknown when the source counts only all deaths, which are ``deaths_all`` (ACLED fatalities,
    UCDP best/low/high). ``counts_civilians`` says whether the source gave a civilian count.
    ``counts`` holds every other count (``COUNT_KINDS``). ``parties_named`` is the source's own
    list of parties (coded, in its order): several from one source is a contested attribution.
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
    facility_name: str | None = None
    facility_type: str | None = None
    sensitive: bool = False
    description: str | None = None
    url: str | None = None
    source_grade: str | None = None
    reliability: str | None = None
    parties_named: tuple[str, ...] = ()
    deaths_all: Range = Range(None, None)
    counts: tuple[tuple[str, Range], ...] = ()
    coord_precision_km: float | None = None
    """How far the true place may lie from the coordinates (from the source's precision);
    ``None``: not said."""
    source_status: str | None = None
    """The source's own status of the strike (Airwars: declared, likely, contested,
    single_source); ``source_grade`` is its own grade."""

    def count(self, kind: str) -> Range:
        """The range the source gives for ``kind`` (``COUNT_KINDS``), unknown when none."""
        for k, r in self.counts:
            if k == kind:
                return r
        return Range(None, None)

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
        """The parties this claim names: the source's own list when it gives one; a joint
        "Russia or Syrian government" names both."""
        if self.parties_named:
            return self.parties_named
        if self.party is None:
            return ()
        if self.party == Party.RUSSIA_OR_SYRIAN_GOVERNMENT:
            return (Party.RUSSIA.value, Party.SYRIAN_GOVERNMENT.value)
        return (self.party,)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _ordered(lo: int | None, hi: int | None) -> Range:
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return Range(lo, hi)


def _row_counts(row: dict[str, Any]) -> dict[str, Range]:
    """The report's ``incident_counts`` (``counts``: (kind, min, max) rows), then the
    incident-report format's single figures where no range was given."""
    out = {str(k): _ordered(_opt_int(lo), _opt_int(hi)) for k, lo, hi in row.get("counts") or ()}
    for kind, column in (
        ("children_killed", "children_killed"),
        ("women_killed", "women_killed"),
        ("men_killed", "men_killed"),
    ):
        value = _opt_int(row.get(column))
        if value is not None and kind not in out:
            out[kind] = Range(value, value)
    inj_lo, inj_hi = _opt_int(row.get("injured_min")), _opt_int(row.get("injured_max"))
    if (inj_lo is not None or inj_hi is not None) and "injured" not in out:
        out["injured"] = _ordered(inj_lo if inj_lo is not None else inj_hi, inj_hi)
    return out


def claim_from_row(row: dict[str, Any]) -> Claim:
    """A ``Claim`` from a store row (``tawthiq.store.incidents.report_rows``).

    ``civilians_*`` are the civilian range, ``killed_*`` everyone killed. The incident-report
    format writes its civilian figures to both: where the two agree and civilians are given,
    they are one civilian count, not a second, all-deaths one.
    """
    civ_lo, civ_hi = _opt_int(row.get("civilians_min")), _opt_int(row.get("civilians_max"))
    all_lo, all_hi = _opt_int(row.get("killed_min")), _opt_int(row.get("killed_max"))
    civilians = civ_lo is not None or civ_hi is not None
    same = civilians and (civ_lo, civ_hi) == (all_lo, all_hi)
    counts = _row_counts(row)
    parties = tuple(p for p in str(row.get("parties") or "").split("|") if p)
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
        killed=_ordered(civ_lo, civ_hi) if civilians else Range(None, None),
        # a best figure counts all deaths; it is a civilian figure only where the all-deaths
        # range is the civilian range (the incident-report format)
        killed_best=_opt_int(row.get("killed_best")) if same else None,
        counts_civilians=civilians,
        deaths_all=Range(None, None) if same else _ordered(all_lo, all_hi),
        injured=counts.pop("injured", Range(None, None)),
        counts=tuple(sorted(counts.items())),
        facility_name=row.get("facility_name"),
        facility_type=row.get("facility_type"),
        sensitive=bool(row.get("sensitive") or False),
        description=row.get("description"),
        url=row.get("source_url"),
        source_grade=row.get("grade"),
        reliability=row.get("reliability"),
        parties_named=parties if len(parties) > 1 else (),
        coord_precision_km=row.get("coord_precision_km"),
        source_status=row.get("source_status"),
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
    deaths_all: Range = Range(None, None)
    """Everyone reported killed, by the sources that count all deaths (ACLED, UCDP): shown
    apart from ``killed`` (civilians) and never added to it."""
    counts: tuple[tuple[str, Range], ...] = ()
    """Every other count kind (``COUNT_KINDS``) as a range across the sources giving it."""
    source_grades: tuple[tuple[str, str | None, str | None], ...] = ()
    """(source, its own grade, its own strike status) for each source that gave either."""

    def count(self, kind: str) -> Range:
        """The range of ``kind`` across the sources (unknown when none gave it)."""
        return dict(self.counts).get(kind, Range(None, None))
