"""A cross-script linkage world: one Arabic list, one Latin list, families killed together.

The general simulator (:func:`tawthiq.simulate.simulate`) draws many lists with independent
noise. This world reproduces the hardest real case instead: the same victims listed once with
their Arabic name ("محمد أحمد الخطيب") and once in Latin transliteration ("Mohammad Ahmad
al-Khatib", "Mohamed Al Khateeb"), where most victims die with relatives. Siblings (brothers and
sisters) share their father's name, their family name, the date and the place, so a linker that
joins on "same family, same day, same place" merges them; relational records ("زوجة أحمد
الخطيب", "son of Ahmad al-Khatib", "أم محمد", "Family of …") carry no own name; placeholders
("مجهول الهوية", "Unknown 3", "N.N.") appear on both lists for different people and must link to
nothing.

Names come from a directory laid out like ``shared/data/names`` (passed in, never read at
import): the AKhateeb Arabic given and family name lists and Google's Arabic→English
transliteration pairs (``google_transliteration/ar2en.txt``), joined with the shipped inventory
(``data/names/inventory.csv``: Syrian frequencies and common spellings). A name's Latin forms are
its transliteration pairs (first) and the inventory's spellings; a name with neither is not used.

    names = load_crossscript_names("../shared/data/names")
    world = crossscript_world(names, people=4000, seed=1)
    files = write_crossscript_world(world, "out/")   # list_ar.csv, list_la.csv, truth.csv, meta.csv

The world is drawn with a seeded numpy ``Generator`` and built in a fixed order: the same names,
size and seed give byte-identical files. :meth:`CrossScriptWorld.meta` describes every record
without its name (person, incident, household, role, record kind, true sex), for scoring.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tawthiq.errors import InputError
from tawthiq.simulate._names import ARABIC_PROCESSES, _apply, load_names
from tawthiq.simulate._places import Places, load_places
from tawthiq.simulate._records import COLUMNS

__all__ = [
    "KINDS",
    "META_COLUMNS",
    "ROLES",
    "SOURCES",
    "CrossScriptNames",
    "CrossScriptRates",
    "CrossScriptWorld",
    "NameEntry",
    "crossscript_world",
    "load_crossscript_names",
    "write_crossscript_world",
]

SOURCES: tuple[str, str] = ("list_ar", "list_la")
"""Source names of the Arabic and the Latin list."""
KINDS = ("named", "relational", "placeholder")
"""How a record names its person: by their own name, by a relative, or not at all."""
ROLES = ("father", "mother", "child", "single", "unidentified")
"""A person's place in their household (``single``: an adult dying without listed relatives;
``unidentified``: a body nobody named, listed on one list only)."""
META_COLUMNS = (
    "source",
    "record_id",
    "person_id",
    "incident_id",
    "household_id",
    "role",
    "kind",
    "relation",
    "sex",
    "given_id",
    "father_id",
    "family_id",
)
"""Columns of :meth:`CrossScriptWorld.meta`: ids and codes only, never a name."""

FIRST_DAY = dt.date(2011, 3, 15)
LAST_DAY = dt.date(2020, 12, 31)

# Names the inventory's curators left out of the AKhateeb lists as not a name, of the wrong sex
# or mistransliterated by the pairs (data/names/ATTRIBUTION.md).
_LEFT_OUT = frozenset(
    {("male", "أبي"), ("male", "أنصاري"), ("male", "حداد"), ("male", "إيناس"), ("female", "عزة")}
)
_HAMZA = str.maketrans("أإآ", "ااا")

SIBLING_PAIRS: Mapping[str, tuple[str, ...]] = {
    "حسن": ("حسين",),
    "حسين": ("حسن",),
    "محمد": ("أحمد", "محمود"),
    "أحمد": ("محمد", "محمود"),
    "محمود": ("محمد", "أحمد"),
    "عبد الرحمن": ("عبد الرحيم",),
    "عبد الرحيم": ("عبد الرحمن",),
    "عمر": ("عثمان",),
    "فاطمة": ("زينب",),
    "زينب": ("فاطمة",),
}
"""Names Syrian parents customarily give to a pair of siblings (twins Hassan and Hussein;
Mohammad, Ahmad and Mahmoud among brothers)."""
_LATIN_FORM = re.compile(r"^[A-Za-z][A-Za-z' -]*[A-Za-z]$")


@dataclass(frozen=True)
class CrossScriptRates:
    """Proportions of the population and noise rates of the two lists (all probabilities).

    Population: incidents of size 1 (lone deaths) or larger, filled with households; a
    household is a family name, a father's name and a grandfather's name, and its dead are the
    father, the mother and children (siblings of both sexes) or one adult alone.
    """

    lone_incident: float = 0.35
    """Incidents with a single death."""
    incident_mean: float = 6.0
    """Mean size of the other incidents (2 + geometric); massacres come from the tail."""
    massacre: float = 0.03
    """Share of the larger incidents that are massacres of 20–60 people."""
    single_adult: float = 0.30
    """Households (in incidents of 2 or more) that are one adult with no listed relatives."""
    father_dies: float = 0.45
    mother_dies: float = 0.50
    clan: float = 0.35
    """A new household of an incident takes a family name already present in it (cousins)."""
    mother_same_family: float = 0.20
    """The mother's own family name is her husband's (marriage within the family)."""
    mother_relational: float = 0.30
    """A dead mother is listed by relation (wife of her husband, or أم + a son's name)."""
    kunya: float = 0.35
    """Of relational mothers, those listed by kunya (أم محمد, Umm Mohammad)."""
    child_relational: float = 0.07
    """A dead child is listed as son/daughter of the father (at most one of each per
    household)."""
    family_of: float = 0.02
    """A dead child is listed as "عائلة <father>" / "Family of <father>", sex not recorded."""
    paired_names: float = 0.20
    """A younger sibling gets the customary pair of an elder one's name (حسن → حسين, محمد →
    أحمد or محمود, فاطمة → زينب; ``SIBLING_PAIRS``) when it is free."""
    relational_mixed: float = 0.25
    """A son/daughter-of person is named on one of the two lists and relational on the other."""
    unidentified_incident: float = 0.25
    """Incidents of 3 or more with unidentified bodies on a list (drawn for each list)."""
    unidentified_mean: float = 1.5
    """Mean number of unidentified bodies a list gives such an incident (1 + Poisson)."""
    both_lists: float = 0.90
    """Named and relational persons on both lists; the rest on one of them, evenly."""
    duplicate: float = 0.01
    """Persons listed twice on the same list (the second record drawn with fresh noise)."""
    # Arabic list
    ar_father_missing: float = 0.04
    ar_family_missing: float = 0.03
    ar_grandfather: float = 0.10
    ar_typo: float = 0.02
    ar_sex_given: float = 0.90
    ar_age_given: float = 0.65
    ar_date_missing: float = 0.02
    ar_governorate_only: float = 0.15
    ar_processes: Mapping[str, float] = field(
        default_factory=lambda: {
            "al_prefix": 0.05,
            "compound_space": 0.30,
            "hamza": 0.35,
            "ta_marbuta": 0.05,
            "alif_maqsura": 0.05,
            "tatweel": 0.005,
        }
    )
    """Arabic orthographic variation per name (``tawthiq.simulate`` processes)."""
    # Latin list
    la_first_spelling: float = 0.50
    """A Latin name uses its first form (the transliteration pair); else another form."""
    la_father_missing: float = 0.25
    la_family_missing: float = 0.04
    la_grandfather: float = 0.03
    la_typo: float = 0.04
    la_upper: float = 0.05
    """The whole name in capitals."""
    la_sex_given: float = 0.80
    la_age_given: float = 0.55
    age_off_by_one: float = 0.05
    la_date_missing: float = 0.05
    la_date_off_by_one: float = 0.06
    la_month_only: float = 0.02
    la_governorate_only: float = 0.25

    def __post_init__(self) -> None:
        for name, value in self.__dict__.items():
            values = value.values() if isinstance(value, Mapping) else [value]
            for v in values:
                if not isinstance(v, int | float) or (
                    name != "incident_mean" and name != "unidentified_mean" and not 0 <= v <= 1
                ):
                    raise InputError(f"must be a probability (got {v!r})", field=name)
        if self.incident_mean < 2 or self.unidentified_mean < 1:
            raise InputError("incident_mean must be ≥ 2, unidentified_mean ≥ 1", field="rates")


# --- names ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameEntry:
    """One Arabic name, its sampling weight and its Latin forms (first = the usual one)."""

    kind: str
    arabic: str
    weight: float
    latin: tuple[str, ...]
    from_pairs: bool
    """Its first Latin forms come from the transliteration pairs."""


@dataclass(frozen=True, eq=False)
class CrossScriptNames:
    """The name pool: ``male``, ``female`` and ``family`` entries (ids are positions)."""

    entries: tuple[NameEntry, ...]

    @cached_property
    def _by_kind(self) -> dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]]:
        out = {}
        for kind in ("male", "female", "family"):
            ids = np.array([i for i, e in enumerate(self.entries) if e.kind == kind], np.int64)
            w = np.array([self.entries[i].weight for i in ids], dtype=np.float64)
            out[kind] = (ids, w / w.sum())
        return out

    @cached_property
    def _index(self) -> dict[tuple[str, str], int]:
        return {(e.kind, e.arabic): i for i, e in enumerate(self.entries)}

    def id_of(self, kind: str, arabic: str) -> int | None:
        """The id of a name of a kind (``male``, ``female``, ``family``), or ``None``."""
        return self._index.get((kind, arabic))

    def ids(self, kind: str) -> np.ndarray[Any, Any]:
        return self._by_kind[kind][0]

    def draw(self, kind: str, rng: np.random.Generator) -> int:
        ids, p = self._by_kind[kind]
        return int(ids[rng.choice(len(ids), p=p)])

    def counts(self) -> dict[str, int]:
        """Entries per kind and how many take their first Latin form from the pairs."""
        out: dict[str, int] = {}
        for e in self.entries:
            out[e.kind] = out.get(e.kind, 0) + 1
            out[f"{e.kind}_pairs"] = out.get(f"{e.kind}_pairs", 0) + int(e.from_pairs)
        return out

    def __len__(self) -> int:
        return len(self.entries)


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _read_pairs(path: Path) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = {}
    for line in _read_lines(path):
        arabic, _, latin = line.partition("\t")
        latin = latin.strip()
        if arabic and _LATIN_FORM.match(latin):
            for key in dict.fromkeys((arabic.strip(), arabic.strip().translate(_HAMZA))):
                forms = pairs.setdefault(key, [])
                if latin not in forms:
                    forms.append(latin)
    return pairs


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def _latin_case(form: str) -> str:
    """ar2en forms are lower case: "abd al-rahman" → "Abd al-Rahman"."""
    words = []
    for w in form.split(" "):
        head, sep, tail = w.partition("-")
        if sep and head in ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an"):
            words.append(f"{head}-{_capitalise(tail)}")
        else:
            words.append("-".join(_capitalise(x) for x in w.split("-")))
    return " ".join(words)


def _article_forms(bare: str) -> list[str]:
    """A family name with ال from its article-less Latin form: al-X, X, Al X, …"""
    return [f"al-{bare}", bare, f"Al {bare}", f"Al-{bare}", f"El-{bare}", f"Al{bare.lower()}"]


def _pair_forms(pairs: Mapping[str, list[str]], arabic: str, kind: str) -> list[str]:
    keys = [arabic, arabic.translate(_HAMZA)]
    article = kind == "family" and arabic.startswith("ال") and len(arabic) > 3
    if article:
        keys += [arabic[2:], arabic[2:].translate(_HAMZA)]
    forms: list[str] = []
    for key in dict.fromkeys(keys):
        for f in pairs.get(key, []):
            bare = _latin_case(f)
            for out in _article_forms(bare) if article else [bare]:
                if out not in forms:
                    forms.append(out)
    return forms


def load_crossscript_names(names_dir: str | Path) -> CrossScriptNames:
    """The name pool from a ``shared/data/names``-like directory and the shipped inventory.

    Given names are the AKhateeb male and female lists and the inventory's; family names the
    AKhateeb last names and the inventory's. Weights are the inventory's (a name absent from it
    weighs 1). Latin forms: the name's Arabic→English pairs (looked up as written, without
    hamza, and for a family name with ال without the article, which the pairs usually drop;
    the article forms al-X, Al X, … are then added), then the inventory's spellings. A name
    with no Latin form at all is left out, as are the few the inventory's curators rejected.
    """
    root = Path(names_dir)
    akhateeb = root / "akhateeb_arabic_names"
    pairs = _read_pairs(root / "google_transliteration" / "ar2en.txt")
    lists = {
        "male": _read_lines(akhateeb / "male-first--names-in-arabic.txt"),
        "female": _read_lines(akhateeb / "female-first-names-in-arabic.txt"),
        "family": _read_lines(akhateeb / "last-names-in-arabic.txt"),
    }
    inv = load_names()
    inventory: dict[tuple[str, str], tuple[float, tuple[str, ...]]] = {}
    for i in range(len(inv)):
        inventory[(str(inv.kind[i]), str(inv.arabic[i]))] = (float(inv.weight[i]), inv.latin(i))
    entries: list[NameEntry] = []
    for kind in ("male", "female", "family"):
        arabic = [a for k, a in inventory if k == kind]
        arabic += [
            a for a in lists[kind] if (kind, a) not in inventory and (kind, a) not in _LEFT_OUT
        ]
        for a in dict.fromkeys(arabic):
            weight, spellings = inventory.get((kind, a), (1.0, ()))
            from_pairs = _pair_forms(pairs, a, kind)
            latin = list(from_pairs)
            latin += [s for s in spellings if s.lower() not in {x.lower() for x in latin}]
            if latin:
                entries.append(NameEntry(kind, a, weight, tuple(latin), bool(from_pairs)))
    return CrossScriptNames(tuple(entries))


# --- the population -------------------------------------------------------------------------


@dataclass
class _Person:
    person_id: int
    incident: int
    household: int
    role: str
    sex: str
    age: int
    given: int
    father: int | None
    grandfather: int | None
    family: int | None
    kind: str = "named"
    relation: str = ""
    anchor_given: int | None = None
    """The father (wife_of, son_of, daughter_of, family_of) or son (kunya) a relation names."""
    anchor_father: int | None = None
    anchor_family: int | None = None
    named_on: str = ""
    """For a mixed relational person, the list that gives their own name."""
    lists: tuple[str, ...] = ()


@dataclass
class _Incident:
    incident_id: int
    day: dt.date
    community: int
    size: int


class _Builder:
    def __init__(
        self, names: CrossScriptNames, places: Places, rates: CrossScriptRates, seed: int
    ) -> None:
        self.names = names
        self.places = places
        self.rates = rates
        self.rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(15, 7)))
        self.people: list[_Person] = []
        self.incidents: list[_Incident] = []
        self.households = 0
        # A few hundred places, Zipf-weighted: deaths cluster in the same towns.
        n = min(400, len(places.pcode))
        self.community_pool = np.sort(self.rng.choice(len(places.pcode), size=n, replace=False))
        w = 1.0 / np.arange(1, n + 1)
        self.community_p = self.rng.permutation(w / w.sum())

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def draw_incident_size(self) -> int:
        r = self.rates
        if self.chance(r.lone_incident):
            return 1
        if self.chance(r.massacre):
            return int(self.rng.integers(20, 61))
        return 2 + int(self.rng.geometric(1.0 / (r.incident_mean - 1.0))) - 1

    def person(self, inc: _Incident, hh: int, role: str, sex: str, age: int, **kw: Any) -> _Person:
        p = _Person(len(self.people), inc.incident_id, hh, role, sex, age, **kw)
        self.people.append(p)
        return p

    def distinct_given(self, sex: str, taken: set[int], elder: Sequence[int]) -> int:
        if elder and self.chance(self.rates.paired_names):
            names = self.names
            pairs = [
                pid
                for e in elder
                for pair in SIBLING_PAIRS.get(names.entries[e].arabic, ())
                if (pid := names.id_of(sex, pair)) is not None and pid not in taken
            ]
            if pairs:
                taken.add(pairs[0])
                return pairs[0]
        for _ in range(50):
            g = self.names.draw(sex, self.rng)
            if g not in taken:
                taken.add(g)
                return g
        return g

    def household(self, inc: _Incident, room: int, families: list[int]) -> None:
        r = self.rates
        hh = self.households
        self.households += 1
        if families and self.chance(r.clan):
            family = families[int(self.rng.integers(len(families)))]
        else:
            family = self.names.draw("family", self.rng)
            families.append(family)
        father_given = self.names.draw("male", self.rng)
        grandfather = self.names.draw("male", self.rng)
        if room == 1 or self.chance(r.single_adult):
            sex = "male" if self.chance(0.75) else "female"
            self.person(
                inc,
                hh,
                "single",
                sex,
                int(self.rng.integers(16, 81)),
                given=self.names.draw(sex, self.rng),
                father=father_given,
                grandfather=grandfather,
                family=family,
            )
            return
        father = self.chance(r.father_dies)
        mother = self.chance(r.mother_dies)
        parents = int(father) + int(mother)
        children = max(1, min(room - parents, 1 + int(self.rng.poisson(1.8))))
        if parents + children > room:
            father = mother = False
        taken: set[int] = {father_given}
        father_age = int(self.rng.integers(28, 71))
        mother_age = max(20, father_age - int(self.rng.integers(0, 12)))
        if father:
            self.person(
                inc,
                hh,
                "father",
                "male",
                father_age,
                given=father_given,
                father=grandfather,
                grandfather=None,
                family=family,
            )
        kids: list[_Person] = []
        for _ in range(children):
            sex = "male" if self.chance(0.5) else "female"
            age = int(self.rng.integers(0, min(25, mother_age - 16)))
            kids.append(
                self.person(
                    inc,
                    hh,
                    "child",
                    sex,
                    age,
                    given=self.distinct_given(sex, taken, [k.given for k in kids if k.sex == sex]),
                    father=father_given,
                    grandfather=grandfather,
                    family=family,
                )
            )
        if mother:
            own_family = family if self.chance(r.mother_same_family) else None
            m = self.person(
                inc,
                hh,
                "mother",
                "female",
                mother_age,
                given=self.names.draw("female", self.rng),
                father=self.names.draw("male", self.rng),
                grandfather=self.names.draw("male", self.rng),
                family=own_family
                if own_family is not None
                else self.names.draw("family", self.rng),
            )
            if self.chance(r.mother_relational):
                m.kind = "relational"
                if self.chance(r.kunya):
                    sons = [k for k in kids if k.sex == "male"]
                    m.relation = "kunya"
                    m.anchor_given = sons[0].given if sons else self.names.draw("male", self.rng)
                else:
                    m.relation = "wife_of"
                    m.anchor_given, m.anchor_father, m.anchor_family = (
                        father_given,
                        grandfather,
                        family,
                    )
        used: set[str] = set()
        for k in kids:
            rel = ""
            if self.chance(r.family_of):
                rel = "family_of"
            elif self.chance(r.child_relational):
                rel = "son_of" if k.sex == "male" else "daughter_of"
            if not rel or rel in used:
                continue
            used.add(rel)
            k.kind = "relational"
            k.relation = rel
            k.anchor_given, k.anchor_father, k.anchor_family = father_given, grandfather, family
            if rel != "family_of" and self.chance(r.relational_mixed):
                k.named_on = SOURCES[int(self.rng.integers(2))]

    def unidentified(self, inc: _Incident, source: str) -> None:
        count = 1 + int(self.rng.poisson(self.rates.unidentified_mean - 1.0))
        for _ in range(count):
            sex = "male" if self.chance(0.7) else "female"
            p = self.person(
                inc,
                self.households,
                "unidentified",
                sex,
                int(self.rng.integers(0, 81)),
                given=self.names.draw(sex, self.rng),
                father=None,
                grandfather=None,
                family=None,
                kind="placeholder",
            )
            p.lists = (source,)
            self.households += 1

    def build(self, people: int) -> None:
        r = self.rates
        span = (LAST_DAY - FIRST_DAY).days
        while len(self.people) < people:
            inc = _Incident(
                len(self.incidents),
                FIRST_DAY + dt.timedelta(days=int(self.rng.integers(0, span + 1))),
                int(
                    self.community_pool[
                        self.rng.choice(len(self.community_pool), p=self.community_p)
                    ]
                ),
                self.draw_incident_size(),
            )
            self.incidents.append(inc)
            start = len(self.people)
            families: list[int] = []
            while len(self.people) - start < inc.size:
                self.household(inc, inc.size - (len(self.people) - start), families)
            if inc.size >= 3:
                for source in SOURCES:
                    if self.chance(r.unidentified_incident):
                        self.unidentified(inc, source)
        del self.people[people:]
        for p in self.people:
            if p.lists:
                continue
            if p.named_on or self.chance(r.both_lists):
                p.lists = SOURCES
            else:
                p.lists = (SOURCES[int(self.rng.integers(2))],)


# --- rendering ------------------------------------------------------------------------------

_AR_TYPO_SWAPS = {"س": "ص", "ص": "س", "ت": "ط", "ط": "ت", "ذ": "ز", "ز": "ذ", "ض": "ظ", "ظ": "ض"}
_LA_VOWEL_SWAPS = {"a": "e", "e": "a", "i": "e", "o": "u", "u": "o"}
_AR_PLACEHOLDERS = (
    ("مجهول الهوية", 0.35),
    ("مجهول", 0.15),
    ("جثة مجهولة الهوية", 0.10),
    ("غير معروف", 0.10),
    ("مجهول {n}", 0.20),
    ("مجهول الهوية {n}", 0.10),
)
_AR_PLACEHOLDERS_F = (("مجهولة الهوية", 0.7), ("امرأة مجهولة الهوية", 0.3))
_LA_PLACEHOLDERS = (
    ("Unidentified", 0.25),
    ("Unknown", 0.15),
    ("Unknown {n}", 0.20),
    ("Unidentified {n}", 0.10),
    ("N.N.", 0.10),
    ("Unidentified body", 0.10),
    ("unknown", 0.10),
)
_LA_PLACEHOLDERS_F = (("Unknown woman", 0.6), ("Unidentified woman", 0.4))
_AR_RELATION = {
    "wife_of": (("زوجة {a}", 0.85), ("زوجه {a}", 0.15)),
    "son_of": (("ابن {a}", 0.85), ("الطفل ابن {a}", 0.15)),
    "daughter_of": (("ابنة {a}", 0.5), ("بنت {a}", 0.4), ("الطفلة بنت {a}", 0.1)),
    "kunya": (("أم {a}", 0.8), ("ام {a}", 0.2)),
    "family_of": (("عائلة {a}", 0.7), ("من عائلة {f}", 0.3)),
}
_LA_RELATION = {
    "wife_of": (("wife of {a}", 0.7), ("Wife of {a}", 0.2), ("w/o {a}", 0.1)),
    "son_of": (("son of {a}", 0.7), ("Son of {a}", 0.2), ("s/o {a}", 0.1)),
    "daughter_of": (("daughter of {a}", 0.7), ("Daughter of {a}", 0.2), ("d/o {a}", 0.1)),
    "kunya": (("Umm {a}", 0.6), ("Um {a}", 0.3), ("Om {a}", 0.1)),
    "family_of": (("Family of {a}", 0.7), ("{f} family", 0.3)),
}
_SEX = {
    "list_ar": {"male": "ذكر", "female": "أنثى"},
    "list_la": {"male": "Male", "female": "Female"},
}


class _Renderer:
    def __init__(
        self,
        names: CrossScriptNames,
        places: Places,
        rates: CrossScriptRates,
        source: str,
        rng: np.random.Generator,
    ) -> None:
        self.names = names
        self.places = places
        self.rates = rates
        self.source = source
        self.arabic = source == SOURCES[0]
        self.rng = rng

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def pick(self, options: Sequence[tuple[str, float]]) -> str:
        p = np.array([w for _, w in options], dtype=np.float64)
        return options[int(self.rng.choice(len(options), p=p / p.sum()))][0]

    def token(self, name_id: int) -> str:
        e = self.names.entries[name_id]
        if self.arabic:
            mask = 0
            for bit, proc in enumerate(ARABIC_PROCESSES):
                if self.chance(self.rates.ar_processes.get(proc, 0.0)):
                    mask |= 1 << bit
            return _apply(e.arabic, e.kind, mask)
        if len(e.latin) == 1 or self.chance(self.rates.la_first_spelling):
            return e.latin[0]
        return e.latin[1 + int(self.rng.integers(len(e.latin) - 1))]

    def typo(self, words: list[str]) -> list[str]:
        spots = [i for i, w in enumerate(words) if len(w) >= 4]
        if not spots:
            return words
        i = spots[int(self.rng.integers(len(spots)))]
        w = words[i]
        j = 1 + int(self.rng.integers(len(w) - 2))  # never the first or last letter
        op = int(self.rng.integers(4))
        if op == 0:
            w = w[:j] + w[j + 1 :]
        elif op == 1:
            w = w[:j] + w[j] + w[j:]
        elif op == 2 and w[j + 1] != " ":
            w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        else:
            swaps = _AR_TYPO_SWAPS if self.arabic else _LA_VOWEL_SWAPS
            w = w[:j] + swaps.get(w[j], w[j] + w[j]) + w[j + 1 :]  # a like letter, or doubled
        return [*words[:i], w, *words[i + 1 :]]

    def own_name(self, p: _Person) -> str:
        r = self.rates
        ar = self.arabic
        words = [self.token(p.given)]
        if p.father is not None and not self.chance(
            r.ar_father_missing if ar else r.la_father_missing
        ):
            words.append(self.token(p.father))
            if p.grandfather is not None and self.chance(
                r.ar_grandfather if ar else r.la_grandfather
            ):
                words.append(self.token(p.grandfather))
        if p.family is not None and not self.chance(
            r.ar_family_missing if ar else r.la_family_missing
        ):
            words.append(self.token(p.family))
        if self.chance(r.ar_typo if ar else r.la_typo):
            words = self.typo(words)
        text = " ".join(words)
        if not ar and self.chance(r.la_upper):
            text = text.upper()
        return text

    def anchor(self, p: _Person) -> str:
        assert p.anchor_given is not None
        words = [self.token(p.anchor_given)]
        if p.anchor_father is not None and self.chance(0.2):
            words.append(self.token(p.anchor_father))
        if p.anchor_family is not None:
            words.append(self.token(p.anchor_family))
        return " ".join(words)

    def relational_name(self, p: _Person) -> str:
        forms = (_AR_RELATION if self.arabic else _LA_RELATION)[p.relation]
        template = self.pick(forms)
        family = self.token(p.anchor_family) if p.anchor_family is not None else ""
        return template.format(a=self.anchor(p), f=family)

    def placeholder_name(self, p: _Person, number: int) -> str:
        if self.arabic:
            female = _AR_PLACEHOLDERS_F if p.sex == "female" and self.chance(0.5) else None
            template = self.pick(female or _AR_PLACEHOLDERS)
        else:
            female = _LA_PLACEHOLDERS_F if p.sex == "female" and self.chance(0.4) else None
            template = self.pick(female or _LA_PLACEHOLDERS)
        return template.format(n=number)

    def record(self, p: _Person, inc: _Incident, number: int) -> tuple[dict[str, str], str]:
        r = self.rates
        ar = self.arabic
        if p.kind == "placeholder":
            kind, name = "placeholder", self.placeholder_name(p, number)
        elif p.kind == "relational" and p.named_on != self.source:
            kind, name = "relational", self.relational_name(p)
        else:
            kind, name = "named", self.own_name(p)
        sex_known = p.relation != "family_of" and self.chance(
            r.ar_sex_given if ar else r.la_sex_given
        )
        age = ""
        if self.chance(r.ar_age_given if ar else r.la_age_given):
            a = p.age
            if self.chance(r.age_off_by_one):
                a = a + 1 if a == 0 or self.chance(0.5) else a - 1
            age = str(a)
        day: dt.date | None = inc.day
        month_only = False
        if ar:
            if self.chance(r.ar_date_missing):
                day = None
        elif self.chance(r.la_date_missing):
            day = None
        else:
            if self.chance(r.la_date_off_by_one):
                day = inc.day + dt.timedelta(days=1 if self.chance(0.5) else -1)
            month_only = self.chance(r.la_month_only)
        date = "" if day is None else day.isoformat()[: 7 if month_only else 10]
        c = inc.community
        g = int(self.places.gov[c])
        gov = self.places.governorates_ar[g] if ar else self.places.governorates_en[g]
        community = str(self.places.name_ar[c] if ar else self.places.name_en[c])
        gov_only = self.chance(r.ar_governorate_only if ar else r.la_governorate_only)
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            full_name=name,
            sex=_SEX[self.source][p.sex] if sex_known else "",
            age=age,
            date_of_death=date,
            place_of_death=gov if gov_only else community,
            governorate=gov,
        )
        return row, kind


# --- the world ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CrossScriptWorld:
    """The drawn world: persons, incidents and each list's records with their truth.

    ``records`` maps ``list_ar`` and ``list_la`` to canonical victim-record rows (``COLUMNS``)
    plus ``person_id`` and the record's ``kind``; ``people`` has one row per true person
    (ids, role, sex, age, kind, relation, incident, household, name ids: no names).
    """

    seed: int
    rates: CrossScriptRates
    people: pd.DataFrame
    incidents: pd.DataFrame
    records: Mapping[str, pd.DataFrame]

    def truth(self) -> pd.DataFrame:
        """``source, record_id, person_id`` for every record of both lists."""
        return pd.concat(
            [
                pd.DataFrame(
                    {
                        "source": source,
                        "record_id": frame["record_id"].to_numpy(),
                        "person_id": frame["person_id"].to_numpy(),
                    }
                )
                for source, frame in self.records.items()
            ],
            ignore_index=True,
        )

    def meta(self) -> pd.DataFrame:
        """Every record described without its name (``META_COLUMNS``)."""
        people = self.people.set_index("person_id")
        parts = []
        for source, frame in self.records.items():
            pid = frame["person_id"].to_numpy()
            part = pd.DataFrame(
                {
                    "source": source,
                    "record_id": frame["record_id"].to_numpy(),
                    "person_id": pid,
                    "kind": frame["kind"].to_numpy(),
                }
            )
            for col in META_COLUMNS:
                if col not in part.columns:
                    part[col] = people.loc[pid, col].to_numpy()
            parts.append(part.loc[:, list(META_COLUMNS)])
        return pd.concat(parts, ignore_index=True)


def crossscript_world(
    names: CrossScriptNames,
    *,
    people: int = 4000,
    seed: int = 1,
    rates: CrossScriptRates | None = None,
) -> CrossScriptWorld:
    """Draw ``people`` true persons (placeholders included) and their two lists."""
    if isinstance(people, bool) or not isinstance(people, int) or people < 1:
        raise InputError(f"must be a positive integer (got {people!r})", field="people")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(f"must be a non-negative integer (got {seed!r})", field="seed")
    rates = rates or CrossScriptRates()
    places = load_places()
    b = _Builder(names, places, rates, seed)
    b.build(people)
    incidents = {inc.incident_id: inc for inc in b.incidents}
    records: dict[str, pd.DataFrame] = {}
    for k, source in enumerate(SOURCES):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(15, 7, 1 + k)))
        ren = _Renderer(names, places, rates, source, rng)
        rows: list[dict[str, str]] = []
        pids: list[int] = []
        kinds: list[str] = []
        numbers: dict[int, int] = {}
        for p in b.people:
            if source not in p.lists:
                continue
            copies = 1
            number = 0
            if p.kind == "placeholder":
                number = numbers[p.incident] = numbers.get(p.incident, 0) + 1
            elif ren.chance(rates.duplicate):
                copies = 2
            for _ in range(copies):
                row, kind = ren.record(p, incidents[p.incident], number)
                rows.append(row)
                pids.append(p.person_id)
                kinds.append(kind)
        order = rng.permutation(len(rows))
        prefix = "AR" if k == 0 else "LA"
        frame = pd.DataFrame([rows[i] for i in order], columns=list(COLUMNS))
        frame["record_id"] = [f"{prefix}{i:06d}" for i in range(1, len(rows) + 1)]
        frame["person_id"] = np.array(pids, dtype=np.int64)[order]
        frame["kind"] = np.array(kinds, dtype=object)[order]
        records[source] = frame
    people_df = pd.DataFrame(
        {
            "person_id": [p.person_id for p in b.people],
            "incident_id": [p.incident for p in b.people],
            "household_id": [p.household for p in b.people],
            "role": [p.role for p in b.people],
            "sex": [p.sex for p in b.people],
            "age": [p.age for p in b.people],
            "kind": [p.kind for p in b.people],
            "relation": [p.relation for p in b.people],
            "given_id": [p.given for p in b.people],
            "father_id": [-1 if p.father is None else p.father for p in b.people],
            "family_id": [-1 if p.family is None else p.family for p in b.people],
            "lists": ["+".join(p.lists) for p in b.people],
        }
    )
    incidents_df = pd.DataFrame(
        {
            "incident_id": [i.incident_id for i in b.incidents],
            "date": [i.day.isoformat() for i in b.incidents],
            "pcode": [str(places.pcode[i.community]) for i in b.incidents],
            "size": [i.size for i in b.incidents],
        }
    )
    return CrossScriptWorld(seed, rates, people_df, incidents_df, records)


def _write(path: Path, frame: pd.DataFrame, columns: Sequence[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(zip(*(frame[c].tolist() for c in columns), strict=True))


def write_crossscript_world(world: CrossScriptWorld, out: str | Path) -> dict[str, Path]:
    """Write ``list_ar.csv`` and ``list_la.csv`` (canonical columns), ``truth.csv`` and
    ``meta.csv`` (no names); return ``{source: path}`` of the two lists."""
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    for source, frame in world.records.items():
        files[source] = out_dir / f"{source}.csv"
        _write(files[source], frame, COLUMNS)
    _write(out_dir / "truth.csv", world.truth(), ("source", "record_id", "person_id"))
    _write(out_dir / "meta.csv", world.meta(), META_COLUMNS)
    return files
