"""Hard constraints: what two records can never be, whatever their scores say.

The linkage model weighs evidence; some evidence is not a weight but a veto. On real lists the
model's worst errors were of three kinds, each now a rule that clustering never breaks:

* **Sex.** Two records whose known sexes differ are never one person (79 persons mixed a man
  and a woman on a real list, most of them brother and sister of one family and one day).
* **One incident, two given names.** Two records of one incident (the same day and the same
  place, at the same level of the gazetteer) whose given names are clearly different are two
  people: siblings share a father's name, a family name, a date and a place, and differ only
  there. Fathers' names are left to the model: lists disagree on them far more often (a
  grandfather written for the father, a compound given name split into given and father's),
  and a veto on them cost a simulated world a point of recall for a few cousins.
  "Clearly different" (:func:`clearly_different`): two names the shipped name inventory
  lists apart (حسن and حسين, both HSN; محمد and محمود, both MHMD), or, for names it does not
  list, cross-script keys more than a letter apart; never a compound and its first part
  (محمد خير ~ محمد) or nicknames of one name (:data:`NICKNAMES`).
* **Relations.** A record that names the victim through someone else ("wife of Ahmad al-Khatib",
  "أم محمد") links only to a record with the same relation and the same anchor: the relation
  and the anchor's family name must be equal, and the anchor's given name (which such a record
  carries in the father's-name slot, ``link._features``) is weighed by the model, so that
  "wife of Mohammad Salem al-Nuaimi" and "زوجة محمد النعيمي" can still link. A plain record has
  the relation "none", so "wife of Ahmad" and "Fatima" are never joined on a date alone.
* **Placeholders** ("Unidentified 12", مجهول الهوية, a relation with no name) are never linked
  on anything: only a reviewer's "same" decision joins them. Each still counts as a record.

The rules act twice: scored pairs that break one get probability 0 (no link, no review: a
reviewer cannot overrule them either, so asking is pointless), and clustering refuses any merge
that would put two conflicting records in one person, also through records in between (a man
and a woman joined through a record of unknown sex).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from tawthiq.normalize.inventory import inventory_names
from tawthiq.normalize.names import normalize_name

__all__ = [
    "NICKNAMES",
    "Constraints",
    "GroupAttributes",
    "clearly_different",
    "record_constraints",
]

Ints = np.ndarray[Any, np.dtype[np.int64]]
Bools = np.ndarray[Any, np.dtype[np.bool_]]

NICKNAMES: tuple[tuple[str, ...], ...] = (
    ("محمد", "حمودة", "حمودي", "حمود"),
    ("احمد", "حمادة", "حمادي"),
    ("ابراهيم", "برهوم"),
    ("فاطمة", "فطوم", "فاطمه"),
    ("خديجة", "خدوج"),
    ("عبد الرحمن", "عبدو", "عبود", "دحمان"),
    ("عبد الله", "عبدو", "عبود"),
    ("عبد القادر", "عبدو", "عبود", "قدور"),
    ("عبد الكريم", "عبدو", "عبود"),
    ("عبد الرزاق", "عبدو", "عبود"),
    ("مصطفى", "مصطو"),
    ("يوسف", "جوزيف"),
)
"""Given names and the short or pet forms Syrian lists write for them, in Arabic (compared by
normalised spelling). Kept short on purpose: a wrong entry here would let two siblings merge."""


@lru_cache(maxsize=1)
def _nickname_pairs() -> frozenset[tuple[str, str]]:
    """Pairs of normalised spellings that are one name and its pet form. By spelling, not by
    key: حمودة (Mohammad's) has the key of Ahmad, and a key match would join the brothers."""
    pairs: set[tuple[str, str]] = set()
    for names in NICKNAMES:
        spellings = [normalize_name(n).normalized for n in names]
        for a in spellings:
            for b in spellings:
                if a and b and a != b:
                    pairs.add((a, b))
    return frozenset(pairs)


@lru_cache(maxsize=1)
def _inventory_names() -> dict[str, frozenset[int]]:
    """Normalised spelling → the inventory names (row numbers) written so.

    A spelling two names share (Amir: عامر and أمير) belongs to both, so that only spellings
    with no name in common count as two names.
    """
    found: dict[str, set[int]] = {}
    for number, name in enumerate(inventory_names()):
        if not name.given:
            continue
        for written in name.written:
            spelling = normalize_name(written).normalized
            if spelling:
                found.setdefault(spelling, set()).add(number)
    return {k: frozenset(v) for k, v in found.items()}


def _levenshtein_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1


@lru_cache(maxsize=65536)
def clearly_different(norm_a: str, key_a: str, norm_b: str, key_b: str) -> bool:
    """Whether two given names, as spelling and cross-script key, name two different people.

    Errs towards "not clearly different": the rule forbids a link, so a typo, a shortened
    compound or a pet name must not trigger it. In order:

    1. a name and its pet form (:data:`NICKNAMES`, by spelling): not different;
    2. a compound and its first part (محمد خير ~ محمد): not different;
    3. both spellings in the shipped name inventory: different when no name has both. The
       key alone cannot tell the commonest sibling names apart (Mohammad and Mahmoud are both
       MHMD; Hasan and Hussein both HSN; Ahmad is HMD, one letter from MHMD; Aisha is S, the
       start of Zaynab's SNB);
    4. otherwise by key: the same key, a key of three letters or more that starts the other (a
       compound written as one word) or keys one letter apart (a typo) are not different.
    """
    if not (key_a and key_b and norm_a and norm_b):
        return False
    if norm_a == norm_b:
        return False
    if (norm_a, norm_b) in _nickname_pairs():
        return False
    first_a, first_b = key_a.split(" ")[0], key_b.split(" ")[0]
    if key_a != key_b and first_a == first_b:
        return False
    names = _inventory_names()
    found_a, found_b = names.get(norm_a), names.get(norm_b)
    if found_a and found_b:
        return not (found_a & found_b)
    if key_a == key_b:
        return False
    bare_a, bare_b = key_a.replace(" ", ""), key_b.replace(" ", "")
    if min(len(bare_a), len(bare_b)) >= 3 and (
        bare_a.startswith(bare_b) or bare_b.startswith(bare_a)
    ):
        return False  # a compound written as one word (محمدخير ~ محمد)
    return not (min(len(bare_a), len(bare_b)) >= 3 and _levenshtein_at_most_one(bare_a, bare_b))


@dataclass(frozen=True)
class GroupAttributes:
    """What a group of records (a would-be person) holds that a constraint looks at."""

    sexes: int = 0
    """Bit 1: a record says male; bit 2: a record says female."""
    relation: int = -1
    """The relation code all its records share (0 none), or -1 for an empty group."""
    events: dict[int, frozenset[int]] = field(default_factory=dict)
    """Per incident (day and place code), the given names (codes) its records have there."""
    placeholder: bool = False
    """A record of the group is a placeholder: the group takes no one else."""

    def merged(self, other: GroupAttributes) -> GroupAttributes:
        events = dict(self.events)
        for event, names in other.events.items():
            events[event] = events.get(event, frozenset()) | names
        relation = self.relation if self.relation >= 0 else other.relation
        placeholder = self.placeholder or other.placeholder
        return GroupAttributes(self.sexes | other.sexes, relation, events, placeholder)


@dataclass(frozen=True)
class Constraints:
    """Per record, the values the hard constraints compare (row ``i`` = record uid ``i``)."""

    sex: np.ndarray[Any, np.dtype[np.int8]]
    """0 unknown, 1 male, 2 female."""
    relation: Ints
    """0 for a plain name; otherwise a code per (relation, anchor key)."""
    placeholder: Bools
    event: Ints
    """A code per (exact day, finest known place), -1 when the day or the place is unknown."""
    given: Ints
    """A code per given name (spelling and key), -1 when unknown."""
    given_names: tuple[tuple[str, str], ...]
    """(spelling, key) of each given-name code."""

    @staticmethod
    def none(n: int) -> Constraints:
        """No constraint on ``n`` records (every record plain, nothing known)."""
        return Constraints(
            np.zeros(n, np.int8),
            np.zeros(n, np.int64),
            np.zeros(n, bool),
            np.full(n, -1, np.int64),
            np.full(n, -1, np.int64),
            (),
        )

    def different_names(self, a: int, b: int) -> bool:
        """Whether given-name codes ``a`` and ``b`` are clearly different names."""
        if a == b or a < 0 or b < 0:
            return False
        x, y = self.given_names[a], self.given_names[b]
        return _known_and_different(x[0], x[1], y[0], y[1])

    def forbidden(self, left: Ints, right: Ints) -> Bools:
        """Which pairs break a constraint (the pair alone; chains are clustering's business)."""
        sl, sr = self.sex[left], self.sex[right]
        out: Bools = (sl > 0) & (sr > 0) & (sl != sr)
        out |= self.relation[left] != self.relation[right]
        out |= self.placeholder[left] | self.placeholder[right]
        el, gl, gr = self.event[left], self.given[left], self.given[right]
        check = (el >= 0) & (el == self.event[right]) & (gl >= 0) & (gr >= 0) & (gl != gr) & ~out
        if check.any():
            where = np.flatnonzero(check)
            names = np.stack([gl[where], gr[where]], axis=1)
            unique, inverse = np.unique(names, axis=0, return_inverse=True)
            verdict = np.array([self.different_names(int(a), int(b)) for a, b in unique], bool)
            out[where] = verdict[inverse.reshape(-1)]
        return out

    def attributes(self, members: Iterable[int]) -> GroupAttributes:
        sexes = 0
        relation = -1
        placeholder = False
        events: dict[int, set[int]] = {}
        for x in members:
            sexes |= int(self.sex[x])
            placeholder |= bool(self.placeholder[x])
            if relation < 0:
                relation = int(self.relation[x])
            event, given = int(self.event[x]), int(self.given[x])
            if event >= 0 and given >= 0:
                events.setdefault(event, set()).add(given)
        frozen = {e: frozenset(g) for e, g in events.items()}
        return GroupAttributes(sexes, relation, frozen, placeholder)

    def conflict(self, a: GroupAttributes, b: GroupAttributes) -> bool:
        """Whether merging two groups would put conflicting records in one person."""
        if a.placeholder or b.placeholder or (a.sexes | b.sexes) == 3:
            return True
        if a.relation >= 0 and b.relation >= 0 and a.relation != b.relation:
            return True
        small, large = (a.events, b.events)
        if len(small) > len(large):
            small, large = large, small
        for event, names in small.items():
            others = large.get(event)
            if others and any(self.different_names(x, y) for x in names for y in others):
                return True
        return False

    def conflicted(self, labels: Ints) -> Bools:
        """Per cluster label, whether its records break a constraint among themselves."""
        k = int(labels.max()) + 1 if len(labels) else 0
        male = np.bincount(labels, weights=(self.sex == 1), minlength=k) > 0
        female = np.bincount(labels, weights=(self.sex == 2), minlength=k) > 0
        out: Bools = male & female
        lo = np.full(k, np.iinfo(np.int64).max, np.int64)
        hi = np.full(k, -1, np.int64)
        np.minimum.at(lo, labels, self.relation)
        np.maximum.at(hi, labels, self.relation)
        out |= (hi >= 0) & (lo != hi)
        singles = np.bincount(labels, minlength=k) == 1
        placed = (self.placeholder & ~singles[labels]) if len(labels) else self.placeholder
        out[labels[placed]] = True
        known = (self.event >= 0) & (self.given >= 0)
        if known.any():
            frame = pd.DataFrame(
                {"c": labels[known], "e": self.event[known], "g": self.given[known]}
            ).drop_duplicates()
            several = frame[frame.duplicated(["c", "e"], keep=False)]
            for (c, _), names in several.groupby(["c", "e"])["g"]:
                values = names.tolist()
                if any(
                    self.different_names(a, b)
                    for i, a in enumerate(values)
                    for b in values[i + 1 :]
                ):
                    out[int(c)] = True
        return out


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _known_and_different(norm_a: str, key_a: str, norm_b: str, key_b: str) -> bool:
    return clearly_different(norm_a, key_a, norm_b, key_b)


def _codes(values: pd.Series) -> tuple[Ints, list[Any]]:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64), list(uniques)


def record_constraints(feats: pd.DataFrame) -> Constraints:
    """The constraint values of records from their feature table (``link._features``)."""
    n = len(feats)
    if n == 0:
        return Constraints.none(0)
    relation_codes, _ = _codes(feats["relation"].astype(object))
    placeholder = feats["placeholder"].to_numpy(dtype=bool)
    sex = feats["sex"].map({"male": 1, "female": 2}).fillna(0).to_numpy(dtype=np.int8)

    lo, hi = feats["date_lo"], feats["date_hi"]
    day = lo.where(lo == hi)
    place = feats["place_community"]
    for level in ("place_admin3", "place_admin2", "place_admin1"):
        place = place.where(place.notna(), feats[level])
    known = (day.notna() & place.notna()).to_numpy(dtype=bool)
    event_text = (day.astype("string") + ":" + place.astype("string")).astype(object)
    event_codes, _ = _codes(event_text.where(known, None))

    given = pd.Series(
        list(zip(feats["given_norm"].map(_str), feats["given_key"].map(_str), strict=True)),
        dtype=object,
    ).map(lambda name: name if name[0] and name[1] else None)
    given_codes, given_values = _codes(given)
    return Constraints(
        sex=sex,
        relation=relation_codes + 1,  # -1 (no relation) → 0
        placeholder=placeholder,
        event=event_codes,
        given=given_codes,
        given_names=tuple(given_values),
    )
