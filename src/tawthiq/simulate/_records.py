"""How one list writes down the people it captured: the canonical victim-record rows.

Every record is rendered from the true person with the list's noise, drawn independently per
process so that each process can be measured against the truth. Work is vectorised over all
records of a list: random draws are arrays, and names are looked up in the inventory's
precomputed spelling tables; only joining the full name touches strings one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from tawthiq.model.vocab import ALIASES, Cause, Party, Sex, Status, label, parse
from tawthiq.simulate._names import ARABIC_PROCESSES, NameInventory
from tawthiq.simulate._places import Places
from tawthiq.simulate._scenario import NOISE_KEYS, ListSpec, NoiseRates

__all__ = ["COLUMNS", "NoiseCount", "render_list"]

COLUMNS: tuple[str, ...] = (
    "record_id",
    "full_name",
    "given_name",
    "father_name",
    "family_name",
    "mother_name",
    "sex",
    "age",
    "date_of_death",
    "place_of_death",
    "governorate",
    "pcode",
    "cause",
    "perpetrator",
    "status",
    "source_url",
    "notes",
)
"""The canonical victim-record CSV columns, in order."""

HOUSE_FIRST = 0.6
"""Probability that a list's usual spelling of a name is its most common Latin spelling."""
COMBINED_ATTRIBUTION = 0.4
"""Probability that a list records a contested Russia/government attack as either of the two."""
HOSPITAL_NOTE = 0.7
"""Probability that a list notes that a victim died in an attack on a hospital."""
_NOTE = {True: "استهداف مشفى", False: "hospital attack"}

Obj = np.ndarray[Any, np.dtype[np.object_]]
Ints = np.ndarray[Any, np.dtype[np.int64]]
Bools = np.ndarray[Any, np.dtype[np.bool_]]


@dataclass(frozen=True)
class NoiseCount:
    """How often a noise process happened in one list, out of how many chances."""

    applied: int
    eligible: int

    @property
    def rate(self) -> float:
        return self.applied / self.eligible if self.eligible else 0.0

    def to_dict(self) -> dict[str, int]:
        return {"applied": self.applied, "eligible": self.eligible}


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _recordable(code: StrEnum, arabic: bool) -> str:
    """What a list in this script writes for a code: the vocabulary's label if tawthiq's parser
    reads it back, else the first known alias in that script, else the code itself."""
    vocab = type(code)
    text = label(code, "ar" if arabic else "en")
    if parse(vocab, text) == code:
        return text
    for alias, target in ALIASES.get(vocab, {}).items():
        if target == code and _is_arabic(alias) == arabic and parse(vocab, alias) == code:
            return alias
    return str(code)


def _labels(vocab: type[StrEnum], values: Obj, arabic: Bools) -> Obj:
    out = np.empty(len(values), dtype=object)
    for code in vocab:
        for ar in (False, True):
            sel = (values == str(code)) & (arabic == ar)
            if sel.any():
                out[sel] = _recordable(code, ar)
    out[values == ""] = ""
    return out


class _Counter:
    def __init__(self) -> None:
        self.applied = dict.fromkeys(NOISE_KEYS, 0)
        self.eligible = dict.fromkeys(NOISE_KEYS, 0)

    def add(self, key: str, applied: Bools, eligible: Bools | int) -> None:
        self.applied[key] += int(np.count_nonzero(applied))
        self.eligible[key] += (
            eligible if isinstance(eligible, int) else int(np.count_nonzero(eligible))
        )

    def result(self) -> dict[str, NoiseCount]:
        return {k: NoiseCount(self.applied[k], self.eligible[k]) for k in NOISE_KEYS}


class _Renderer:
    def __init__(
        self,
        spec: ListSpec,
        names: NameInventory,
        places: Places,
        rng: np.random.Generator,
    ) -> None:
        self.spec = spec
        self.noise: NoiseRates = spec.noise
        self.names = names
        self.places = places
        self.rng = rng
        self.count = _Counter()
        cnt = names.latin_count
        other = 1 + np.floor(rng.random(len(cnt)) * (cnt - 1)).astype(np.int64)
        self.house = np.where(rng.random(len(cnt)) < HOUSE_FIRST, 0, other) % cnt

    def draw(self, key: str, n: int) -> Bools:
        rate: float = getattr(self.noise, key)
        hit = self.rng.random(n) < rate
        self.count.add(key, hit, n)
        return hit

    def arabic_tokens(self, ids: Ints) -> Obj:
        app = self.names.applicable[ids]
        mask = np.zeros(len(ids), dtype=np.int64)
        for bit, proc in enumerate(ARABIC_PROCESSES):
            can = (app >> bit & 1).astype(bool)
            hit = (self.rng.random(len(ids)) < getattr(self.noise, proc)) & can
            self.count.add(proc, hit, can)
            mask |= hit.astype(np.int64) << bit
        out: Obj = self.names.arabic_variants[ids, mask]
        return out

    def latin_tokens(self, ids: Ints) -> Obj:
        cnt = self.names.latin_count[ids]
        house = self.house[ids]
        can = cnt > 1
        hit = (self.rng.random(len(ids)) < self.noise.latin_variant) & can
        self.count.add("latin_variant", hit, can)
        offset = 1 + np.floor(self.rng.random(len(ids)) * (cnt - 1)).astype(np.int64)
        choice = np.where(hit, (house + offset) % cnt, house)
        out: Obj = self.names.latin_flat[self.names.latin_start[ids] + choice]
        return out

    def tokens(self, ids: Ints, arabic: Bools, present: Bools) -> Obj:
        out = np.full(len(ids), "", dtype=object)
        ar = present & arabic
        la = present & ~arabic
        out[ar] = self.arabic_tokens(ids[ar])
        out[la] = self.latin_tokens(ids[la])
        return out


def _join(*columns: Obj) -> Obj:
    return np.array([" ".join(x for x in row if x) for row in zip(*columns, strict=True)], object)


def _pick(cond: Bools, a: Obj, b: Obj) -> Obj:
    out: Obj = np.where(cond, a, b).astype(object)
    return out


def render_list(
    spec: ListSpec,
    people: pd.DataFrame,
    rows: Ints,
    names: NameInventory,
    places: Places,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, dict[str, NoiseCount]]:
    """The records of one list (canonical columns plus the true ``person_id``) and its noise.

    ``rows`` are the positions in ``people`` of the persons the list captured.
    """
    r = _Renderer(spec, names, places, rng)
    noise = spec.noise
    dup = r.draw("duplicates", len(rows))
    rec = np.concatenate([rows, rows[dup]]).astype(np.int64)
    rec = rec[rng.permutation(len(rec))]
    n = len(rec)

    if spec.script == "arabic":
        arabic = np.ones(n, dtype=bool)
    elif spec.script == "latin":
        arabic = np.zeros(n, dtype=bool)
    else:
        arabic = rng.random(n) < spec.arabic_share

    def col(name: str) -> Any:
        return people[name].to_numpy()[rec]

    # --- names ----------------------------------------------------------------------------------
    everyone = np.ones(n, dtype=bool)
    has_father = ~r.draw("missing_father", n)
    has_family = ~r.draw("missing_family", n)
    has_grandfather = r.draw("grandfather", n)
    has_mother = r.draw("mother_name", n)
    given = r.tokens(col("given"), arabic, everyone)
    father = r.tokens(col("father"), arabic, has_father)
    grandfather = r.tokens(col("grandfather"), arabic, has_grandfather)
    family = r.tokens(col("family"), arabic, has_family)
    mother = r.tokens(col("mother"), arabic, has_mother)
    full_only = r.draw("full_name_only", n)
    blank = np.full(n, "", dtype=object)
    idx = np.flatnonzero(full_only)
    full_name = blank.copy()
    full_name[idx] = _join(given[idx], father[idx], grandfather[idx], family[idx])
    given_out = _pick(full_only, blank, given)
    father_out = _pick(full_only, blank, father)
    family_out = _pick(full_only, blank, family)

    # --- sex, age, status -------------------------------------------------------------------------
    sex = _labels(Sex, _pick(r.draw("sex_missing", n), blank, col("sex")), arabic)
    age = col("age").astype(np.int64)
    age_missing = r.draw("age_missing", n)
    off = rng.random(n) < noise.age_off_by_one
    r.count.add("age_off_by_one", off & ~age_missing, ~age_missing)
    step = np.where(rng.random(n) < 0.5, -1, 1)
    step = np.where(age + step < 0, 1, step)
    age = np.where(off, age + step, age)
    age_out = _pick(age_missing, blank, age.astype(str).astype(object))
    status = _labels(Status, col("status"), arabic)

    # --- date -------------------------------------------------------------------------------------
    day = col("date").astype(np.int64)
    shift = r.draw("date_shift", n)
    delta = rng.integers(1, 4, size=n) * np.where(rng.random(n) < 0.5, -1, 1)
    day = np.where(shift, day + delta, day)
    iso = np.datetime_as_string(day.astype("datetime64[D]"))
    month_only = r.draw("month_only", n)
    date_out = _pick(month_only, np.strings.slice(iso, 0, 7).astype(object), iso.astype(object))

    # --- place ------------------------------------------------------------------------------------
    community = col("community").astype(np.int64)
    gov = col("gov").astype(np.int64)
    gov_level = r.draw("place_governorate", n)
    flip = r.draw("place_other_language", n)
    place_ar = arabic ^ flip
    gov_ar = np.array(places.governorates_ar, dtype=object)[gov]
    gov_en = np.array(places.governorates_en, dtype=object)[gov]
    gov_name = _pick(place_ar, gov_ar, gov_en)
    community_name = _pick(place_ar, places.name_ar[community], places.name_en[community])
    place = _pick(gov_level, gov_name, community_name)
    with_pcode = r.draw("pcode", n)
    code = _pick(gov_level, np.array(places.governorates_pcode, dtype=object)[gov], col("pcode"))
    pcode = _pick(with_pcode, code, blank)

    # --- cause and perpetrator ----------------------------------------------------------------
    cause = _labels(Cause, _pick(r.draw("cause_missing", n), blank, col("cause")), arabic)
    party = col("perpetrator").astype(object)
    other = col("contested_with").astype(object)
    contested = other != ""
    pair_ru_gov = contested & (
        ((party == Party.RUSSIA) & (other == Party.SYRIAN_GOVERNMENT))
        | ((party == Party.SYRIAN_GOVERNMENT) & (other == Party.RUSSIA))
    )
    combined = pair_ru_gov & (rng.random(n) < COMBINED_ATTRIBUTION)
    take_other = contested & (rng.random(n) < 0.5)
    party = _pick(take_other, other, party)
    party = _pick(combined, np.full(n, str(Party.RUSSIA_OR_SYRIAN_GOVERNMENT), object), party)
    party = _pick(r.draw("perpetrator_missing", n), blank, party)
    perpetrator = _labels(Party, party, arabic)

    # --- notes ----------------------------------------------------------------------------------
    noted = col("hospital").astype(bool) & (rng.random(n) < HOSPITAL_NOTE)
    notes = blank.copy()
    notes[noted & arabic] = _NOTE[True]
    notes[noted & ~arabic] = _NOTE[False]

    width = max(6, len(str(n)))
    record_id = np.array([f"{spec.name}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)
    frame = pd.DataFrame(
        {
            "record_id": record_id,
            "full_name": full_name,
            "given_name": given_out,
            "father_name": father_out,
            "family_name": family_out,
            "mother_name": mother,
            "sex": sex,
            "age": age_out,
            "date_of_death": date_out,
            "place_of_death": place,
            "governorate": gov_name,
            "pcode": pcode,
            "cause": cause,
            "perpetrator": perpetrator,
            "status": status,
            "source_url": blank,
            "notes": notes,
            "person_id": col("person_id").astype(np.int64),
        }
    )
    return frame, r.count.result()
