"""The name inventory: Syrian given, father's and family names with their spellings.

``data/names/inventory.csv`` pairs each Arabic name with a frequency weight and its common Latin
spellings (most common first). This module takes it from ``normalize.inventory`` and
precomputes, for every name, all its Arabic orthographic variants, so that rendering a million
records is array indexing rather than string work.

Arabic variants are indexed by a bit mask, one bit per process (``ARABIC_PROCESSES``); bit ``b``
set means process ``b`` was applied. ``applicable`` says which processes can change a name at
all, so that rates are drawn only where a process is possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from tawthiq.normalize.inventory import inventory_names

__all__ = ["ARABIC_PROCESSES", "NameInventory", "load_names"]

ARABIC_PROCESSES: tuple[str, ...] = (
    "al_prefix",
    "compound_space",
    "hamza",
    "ta_marbuta",
    "alif_maqsura",
    "tatweel",
)
"""Order in which the Arabic processes are applied; bit ``i`` of a variant mask is process ``i``."""

TATWEEL = "\u0640"
_HAMZA_ALIFS = "أإآ"
# Letters that do not join the following letter: a tatweel cannot follow them.
_NON_JOINING = set("اأإآدذرزوؤةىء ")
_COMPOUND_FIRST = {"عبد", "أبو", "ابو"}
_COMPOUND_LAST = {"الله", "الدين"}

Obj = np.ndarray[Any, np.dtype[np.object_]]
Ints = np.ndarray[Any, np.dtype[np.int64]]
Floats = np.ndarray[Any, np.dtype[np.float64]]


def _al_prefix(s: str, kind: str) -> str:
    return s[2:] if kind == "family" and s.startswith("ال") and len(s) > 3 else s


def _compound_space(s: str) -> str:
    words = s.split(" ")
    if len(words) == 2 and (words[0] in _COMPOUND_FIRST or words[1] in _COMPOUND_LAST):
        return "".join(words)
    if len(words) == 3 and words[0].startswith("ال") and words[2] in _COMPOUND_LAST:
        return words[0] + " " + words[1] + words[2]
    if len(words) == 2 and words[0].startswith("ال") and words[1] in _COMPOUND_LAST:
        return "".join(words)
    return s


def _hamza(s: str) -> str:
    return s.translate(str.maketrans(_HAMZA_ALIFS, "ااا"))


def _ta_marbuta(s: str) -> str:
    return " ".join(w[:-1] + "ه" if w.endswith("ة") else w for w in s.split(" "))


def _alif_maqsura(s: str) -> str:
    out = []
    for w in s.split(" "):
        if w.endswith("ى"):
            w = w[:-1] + "ي"
        elif w.endswith("ي") and len(w) > 1:
            w = w[:-1] + "ى"
        out.append(w)
    return " ".join(out)


def _tatweel_position(s: str) -> int | None:
    article: set[int] = set()
    for i in range(len(s) - 1):
        if s[i : i + 2] == "ال" and (i == 0 or s[i - 1] == " "):
            article.update((i, i + 1))
    spots = [
        i
        for i in range(len(s) - 1)
        if s[i] not in _NON_JOINING
        and i not in article
        and s[i + 1] not in " ء"
        and not (s[i] == "ل" and s[i + 1] in "اأإآ")
    ]
    if not spots:
        return None
    middle = (len(s) - 1) / 2
    return min(spots, key=lambda i: (abs(i + 0.5 - middle), i))


def _tatweel(s: str) -> str:
    pos = _tatweel_position(s)
    return s if pos is None else s[: pos + 1] + TATWEEL + s[pos + 1 :]


def _apply(s: str, kind: str, mask: int) -> str:
    steps = (
        lambda x: _al_prefix(x, kind),
        _compound_space,
        _hamza,
        _ta_marbuta,
        _alif_maqsura,
        _tatweel,
    )
    for bit, step in enumerate(steps):
        if mask >> bit & 1:
            s = step(s)
    return s


@dataclass(frozen=True, eq=False)
class NameInventory:
    """All names (ids are row positions), their sampling weights and precomputed spellings."""

    kind: Obj
    """``male``, ``female`` or ``family``."""
    arabic: Obj
    """Canonical Arabic spelling."""
    weight: Floats
    latin_start: Ints
    """Offset of a name's first Latin spelling in ``latin_flat``."""
    latin_count: Ints
    latin_flat: Obj
    arabic_variants: Obj
    """Shape (names, 2**len(ARABIC_PROCESSES)): the spelling under each process mask."""
    applicable: Ints
    """Bit mask of the processes that change each name."""

    def ids(self, kind: str) -> Ints:
        return np.flatnonzero(self.kind == kind).astype(np.int64)

    def probabilities(self, kind: str) -> Floats:
        w = self.weight[self.ids(kind)]
        return np.asarray(w / w.sum(), dtype=np.float64)

    def latin(self, name_id: int) -> tuple[str, ...]:
        """All Latin spellings of a name, most common first."""
        start, count = int(self.latin_start[name_id]), int(self.latin_count[name_id])
        return tuple(str(x) for x in self.latin_flat[start : start + count])

    def __len__(self) -> int:
        return len(self.arabic)


@lru_cache(maxsize=1)
def load_names() -> NameInventory:
    """The shipped inventory with every Arabic variant precomputed."""
    rows = inventory_names()
    kinds: list[str] = []
    arabic: list[str] = []
    weight: list[float] = []
    starts: list[int] = []
    counts: list[int] = []
    flat: list[str] = []
    for row in rows:
        kinds.append(row.kind)
        arabic.append(row.arabic)
        weight.append(row.weight)
        starts.append(len(flat))
        counts.append(len(row.latin))
        flat.extend(row.latin)
    n_masks = 1 << len(ARABIC_PROCESSES)
    variants = np.empty((len(rows), n_masks), dtype=object)
    applicable = np.zeros(len(rows), dtype=np.int64)
    for i, (k, a) in enumerate(zip(kinds, arabic, strict=True)):
        for mask in range(n_masks):
            variants[i, mask] = _apply(a, k, mask)
        for bit in range(len(ARABIC_PROCESSES)):
            if variants[i, 1 << bit] != a:
                applicable[i] |= 1 << bit
    return NameInventory(
        kind=np.array(kinds, dtype=object),
        arabic=np.array(arabic, dtype=object),
        weight=np.array(weight, dtype=np.float64),
        latin_start=np.array(starts, dtype=np.int64),
        latin_count=np.array(counts, dtype=np.int64),
        latin_flat=np.array(flat, dtype=object),
        arabic_variants=variants,
        applicable=applicable,
    )
