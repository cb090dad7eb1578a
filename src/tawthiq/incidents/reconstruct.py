"""Incidents rebuilt from victim lists alone, and scored against a simulated world's truth.

Deaths come in incidents: victims of one attack share a day, a place and a cause. Lists record
them with noise (a date shifted by a few days or only a month, a place only as a governorate, a
cause missing), and one person may appear on several lists. The reconstruction works on persons
(linkage clusters; each record alone when none are given), with the same parameters for every
world:

1. **a person's evidence**: the most common exact day among their records (else the narrowest
   date interval), the most common community P-code (else the governorate), the most common
   cause;
2. **cores**: persons with an exact day, a community and a cause, grouped by all three;
3. **imprecise persons** (a month, a governorate or no cause) join the one core that fits them
   (same governorate, a community inside their place, their cause or none, their date interval
   containing the core's day); with no or several fitting cores they stay alone.

Scoring (``score_reconstruction``; defined on true persons, so list duplicates do not count
twice; a person takes the reconstructed incident of most of their records):

- a true incident with recorded victims is **recovered** when one reconstructed incident holds
  more than half of its recorded victims and more than half of that incident's persons are
  from it;
- a reconstructed incident of two or more persons is a **false merge** when the persons outside
  its largest true incident are at least ``FALSE_MERGE_SHARE`` (20 %) of it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from tawthiq.ingest.canonical import parse_canonical_date
from tawthiq.model.vocab import Cause
from tawthiq.normalize import PlaceLevel, PlaceStatus, gazetteer, normalize_vocab, resolve_place
from tawthiq.store import incidents as db

__all__ = [
    "FALSE_MERGE_SHARE",
    "ReconstructionScore",
    "prepare_records",
    "reconstruct_incidents",
    "score_reconstruction",
    "workspace_records",
]

FALSE_MERGE_SHARE = 0.2
"""Share of a reconstructed incident from other true incidents that makes it a false merge."""
_EPOCH = date(1970, 1, 1)


@lru_cache(maxsize=65536)
def _place(place: str, governorate: str) -> tuple[str | None, str | None, bool]:
    # a record with only a governorate is placed in the governorate, not its capital city
    res = (
        resolve_place(place, governorate=governorate or None)
        if place
        else resolve_place(governorate, level=PlaceLevel.GOVERNORATE)
    )
    if res.status is not PlaceStatus.RESOLVED or res.place is None:
        return None, None, False
    p = res.place
    return p.pcode, p.admin1, p.level.value in {"community", "neighbourhood"}


@lru_cache(maxsize=65536)
def _date(text: str) -> tuple[int | None, int | None]:
    try:
        lo, hi, _ = parse_canonical_date(text)
    except ValueError:
        return None, None
    return (lo - _EPOCH).days, (hi - _EPOCH).days


def prepare_records(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Canonical victim-record rows (text) → ``record_key, day_lo, day_hi, pcode, admin1,
    community, cause`` (days since 1970; ``community``: the P-code is a community)."""
    text = frame.fillna("").astype(str)
    places = [
        _place(p.strip(), g.strip())
        for p, g in zip(text["place_of_death"], text["governorate"], strict=True)
    ]
    dates = [_date(d.strip()) if d.strip() else (None, None) for d in text["date_of_death"]]
    causes = {c: normalize_vocab(Cause, c) for c in text["cause"].unique()}
    return pd.DataFrame(
        {
            "record_key": source + ":" + text["record_id"],
            "day_lo": [d[0] for d in dates],
            "day_hi": [d[1] for d in dates],
            "pcode": [p[0] for p in places],
            "admin1": [p[1] for p in places],
            "community": [p[2] for p in places],
            "cause": [
                (c.value if (c := causes[v]) is not None and c != Cause.UNKNOWN else None)
                for v in text["cause"]
            ],
        }
    )


def workspace_records(engine: Engine) -> tuple[pd.DataFrame, dict[str, int]]:
    """The same table as :func:`prepare_records`, for every list in a workspace, read from the
    values import normalised (no list is parsed again), and each record's linked person."""
    with engine.connect() as conn:
        rows = db.victim_event_rows(conn)
    gaz = gazetteer()

    def is_community(pcode: str | None) -> bool:
        unit = gaz.get(pcode) if pcode else None
        return unit is not None and unit.level.value in {"community", "neighbourhood"}

    def day(d: date | None) -> int | None:
        return None if d is None else (d - _EPOCH).days

    keys = [f"{src}:{rid}" for src, rid, *_ in rows]
    records = pd.DataFrame(
        {
            "record_key": keys,
            "day_lo": [day(r[2]) for r in rows],
            "day_hi": [day(r[3] or r[2]) for r in rows],
            "pcode": [r[4] or r[5] for r in rows],
            "admin1": [r[5] for r in rows],
            "community": [is_community(r[4]) for r in rows],
            "cause": [r[6] if r[6] != Cause.UNKNOWN.value else None for r in rows],
        }
    )
    person = {k: int(r[7]) for k, r in zip(keys, rows, strict=True) if r[7] is not None}
    return records, person


@dataclass
class _Person:
    key: Any
    day: int | None
    lo: int | None
    hi: int | None
    pcode: str | None
    admin1: str | None
    community: bool
    cause: str | None


def _mode(values: list[Any]) -> Any:
    known = [v for v in values if v is not None]
    if not known:
        return None
    counts = Counter(known)
    return min(counts, key=lambda v: (-counts[v], str(v)))


def _persons(records: pd.DataFrame, person: Mapping[str, Any] | None) -> list[_Person]:
    groups: dict[Any, list[int]] = defaultdict(list)
    keys = records["record_key"].tolist()
    for i, k in enumerate(keys):
        groups[person.get(k, ("r", k)) if person is not None else ("r", k)].append(i)
    lo, hi = records["day_lo"].tolist(), records["day_hi"].tolist()
    pc, a1 = records["pcode"].tolist(), records["admin1"].tolist()
    comm, cause = records["community"].tolist(), records["cause"].tolist()
    out = []
    for key, idx in groups.items():
        exact = [lo[i] for i in idx if lo[i] is not None and lo[i] == hi[i]]
        day = _mode(exact)
        spans = [(lo[i], hi[i]) for i in idx if lo[i] is not None]
        if day is not None:
            plo = phi = day
        elif spans:
            plo, phi = min(spans, key=lambda s: (s[1] - s[0], s[0]))
        else:
            plo = phi = None
        communities = [pc[i] for i in idx if comm[i]]
        place = _mode(communities)
        out.append(
            _Person(
                key=key,
                day=day,
                lo=plo,
                hi=phi,
                pcode=place if place is not None else _mode([a1[i] for i in idx]),
                admin1=_mode([a1[i] for i in idx]),
                community=place is not None,
                cause=_mode([cause[i] for i in idx]),
            )
        )
    return out


def reconstruct_incidents(
    records: pd.DataFrame, person: Mapping[str, Any] | None = None
) -> pd.Series:
    """The reconstructed incident (an integer label) of each record, indexed by record_key.

    ``records`` comes from :func:`prepare_records`; ``person`` maps record_key → person
    (a linkage cluster). See the module docstring for the rules.
    """
    persons = _persons(records, person)
    cores: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    loose: list[int] = []
    for i, p in enumerate(persons):
        if p.day is not None and p.community and p.cause is not None and p.pcode is not None:
            cores[(p.pcode, p.cause, p.day)].append(i)
        else:
            loose.append(i)
    # 3. imprecise persons join the one core that fits them
    by_gov: dict[str | None, list[tuple[str, str, int]]] = defaultdict(list)
    for key, members in cores.items():
        if members:
            by_gov[persons[members[0]].admin1].append(key)
    alone: list[int] = []
    for i in loose:
        p = persons[i]
        if p.lo is None or p.hi is None or p.admin1 is None:
            alone.append(i)
            continue
        fits = [
            key
            for key in by_gov.get(p.admin1, [])
            if p.lo <= key[2] <= p.hi
            and (p.cause is None or p.cause == key[1])
            and (not p.community or p.pcode == key[0])
        ]
        if len(fits) == 1:
            cores[fits[0]].append(i)
        else:
            alone.append(i)
    label_of: dict[Any, int] = {}
    n = 0
    for members in cores.values():
        if not members:
            continue
        n += 1
        for i in members:
            label_of[persons[i].key] = n
    for i in alone:
        n += 1
        label_of[persons[i].key] = n
    keys = records["record_key"].tolist()
    labels = [label_of[person.get(k, ("r", k)) if person is not None else ("r", k)] for k in keys]
    return pd.Series(labels, index=keys, name="incident")


@dataclass(frozen=True)
class ReconstructionScore:
    """How well reconstructed incidents match the true ones (definitions: module docstring)."""

    true_incidents: int
    """True incidents with at least one recorded victim."""
    recovered: int
    true_multi: int
    """True incidents with two or more recorded victims."""
    recovered_multi: int
    reconstructed: int
    reconstructed_multi: int
    """Reconstructed incidents of two or more persons (those that can be false merges)."""
    false_merges: int

    @property
    def recovered_share(self) -> float:
        return self.recovered / self.true_incidents if self.true_incidents else 0.0

    @property
    def recovered_multi_share(self) -> float:
        return self.recovered_multi / self.true_multi if self.true_multi else 0.0

    @property
    def false_merge_share(self) -> float:
        return self.false_merges / self.reconstructed_multi if self.reconstructed_multi else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {
            "recovered_share": round(self.recovered_share, 4),
            "recovered_multi_share": round(self.recovered_multi_share, 4),
            "false_merge_share": round(self.false_merge_share, 4),
        }


def score_reconstruction(
    labels: pd.Series, true_person: Mapping[str, int], true_incident: Mapping[int, int]
) -> ReconstructionScore:
    """Score record labels against the truth: record_key → person, person → incident."""
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    for key, label in labels.items():
        votes[true_person[str(key)]][int(label)] += 1
    assigned = {p: min(c, key=lambda v: (-c[v], v)) for p, c in votes.items()}
    in_true: dict[int, Counter[int]] = defaultdict(Counter)
    in_rec: dict[int, Counter[int]] = defaultdict(Counter)
    for p, rec in assigned.items():
        t = true_incident[p]
        in_true[t][rec] += 1
        in_rec[rec][t] += 1
    recovered = recovered_multi = multi = 0
    for t, recs in in_true.items():
        size = sum(recs.values())
        rec, held = max(recs.items(), key=lambda kv: (kv[1], -kv[0]))
        ok = held * 2 > size and in_rec[rec][t] * 2 > sum(in_rec[rec].values())
        recovered += ok
        if size >= 2:
            multi += 1
            recovered_multi += ok
    false_merges = rec_multi = 0
    for trues in in_rec.values():
        size = sum(trues.values())
        if size < 2:
            continue
        rec_multi += 1
        if (size - max(trues.values())) / size >= FALSE_MERGE_SHARE:
            false_merges += 1
    return ReconstructionScore(
        true_incidents=len(in_true),
        recovered=recovered,
        true_multi=multi,
        recovered_multi=recovered_multi,
        reconstructed=len(in_rec),
        reconstructed_multi=rec_multi,
        false_merges=false_merges,
    )
