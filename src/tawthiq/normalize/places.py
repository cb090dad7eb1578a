"""Resolve free-text Syrian places, in Arabic or Latin script, to OCHA P-codes; never guess.

The gazetteer shipped in ``tawthiq/data/gazetteer`` (OCHA COD-AB v02 admin 1–3 and Aleppo,
Damascus and other city neighbourhoods; the Syrian Archive list of OCHA communities) is read
once into an index. A place string is matched in three tiers, stopping at the first that
yields a candidate consistent with the hints:

1. literal: the words of an official name, a Syrian Archive name or a hand-checked alias
   (``_place_aliases``) as written, case, accents and Arabic letter variants aside
   (so Dar'a is not the village Dara, and Hama is not Al-Hama);
2. loose: the same without articles (al-/el-/as-/Al /El-, also OCHA's joined "Elward" form of
   "al-Ward"), apostrophes, spaces, doubled letters, ou/u, ee/i, aa/a and a final -eh/-ah
   (Deir ez-Zor = Deir Ezzor, Daraya = Darayya, Deir al-Asafir = Deir Elasafir,
   كفر بطنا = كفربطنا);
3. skeleton: the cross-script consonant key of the whole name (``Hamouriyeh`` = ``حمورية``).
No substring or fuzzy matching beyond that: it would guess.

Names come from the official and Syrian Archive tables and from the alias table. An alias of a
governorate or district also names the units and the town it is named after ("Idlib" is the
governorate, its central district and sub-district and Idleb city), since the official names
of those carry the other spelling. A Syrian Archive name split in parts ("جب الخفي_منبج") is
indexed by each part, except a later part that names a unit containing the place: that part
qualifies the name (Jeb Elkhafi *of Manbij*) and is not a second name of the village.

Candidates are then narrowed by the governorate/district hints (the ``governorate=`` and
``district=`` arguments, and any further parts of a "place, governorate" string) and by a
designator in the text: "city", "town", "village", "مدينة", "بلدة", "قرية" ask for a community,
and when the name only matched a governorate, district or sub-district, for the town it is
named after ("Idlib city", "Aleppo city" are the cities, not the governorates). Then:

- candidates that are the same place at nested levels (Duma district ⊃ Duma sub-district ⊃
  Duma town) are one answer: a governorate name means the governorate, unless the governorate
  was also given separately (place "Aleppo", governorate "Aleppo"), which is how files write the
  city; a countryside ("ريف إدلب", "Idlib countryside") is the widest unit; otherwise the
  finest unit wins, because districts and sub-districts are named after their central town;
- a town that gives its name to a district or sub-district that the text also names is that
  town, even where villages elsewhere share the name (Qusayr is the town of the Al-Qusayr
  district, not the villages of that name in Al-Hasakeh and Dar'a; Dana is the seat of the Dana
  sub-district, not the other Dana in Idleb): the other places are listed in ``candidates``,
  without a warning (the seat is the reading lists mean; a warning on every such row would
  bury the ones that matter). A sub-district's seat outranks only namesakes in its own
  governorate, so "Madaya" alone stays ambiguous between the sub-district seat in Rural
  Damascus and the village in Idleb; a district's seat outranks namesakes anywhere (Douma,
  Afrin, Manbij). A name that is also a governorate's is not read this way (Quneitra stays
  ambiguous without a hint);
- anything else with more than one candidate is *ambiguous* and returned with its candidates;
  nothing at all is *unresolved*.

``warnings`` carry only what the user may want to check: a skeleton-only match, a region or
countryside widened to a unit, a part or hint not recognised. Reading the expected way (a
governorate name given twice as the city, a town as the seat of the unit named after it) is
not one.
Coordinates, where a file has them, are read by ``tawthiq.normalize.geo.resolve_point``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from tawthiq.normalize._place_aliases import ALIASES, NOT_NAMES, REGION_NOTES
from tawthiq.normalize._skeleton import arabic_skeleton, latin_skeleton
from tawthiq.normalize._text import normalize_arabic, strip_invisible

__all__ = [
    "Gazetteer",
    "Place",
    "PlaceLevel",
    "PlaceResolution",
    "PlaceStatus",
    "gazetteer",
    "resolve_place",
]


class PlaceLevel(StrEnum):
    """How precise a resolved place is, from the widest to the narrowest."""

    GOVERNORATE = "governorate"
    DISTRICT = "district"
    SUBDISTRICT = "subdistrict"
    COMMUNITY = "community"
    NEIGHBOURHOOD = "neighbourhood"


_RANK = {level: i for i, level in enumerate(PlaceLevel)}


class PlaceStatus(StrEnum):
    RESOLVED = "resolved"
    AMBIGUOUS = "ambiguous"
    UNRESOLVED = "unresolved"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer unit with the P-codes of the units that contain it."""

    pcode: str
    level: PlaceLevel
    name_en: str
    name_ar: str
    admin1: str | None
    admin2: str | None = None
    admin3: str | None = None
    community: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    ancestry: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """Its own P-code and those of every unit containing it, widest first (derived)."""

    def __post_init__(self) -> None:
        codes = (self.admin1, self.admin2, self.admin3, self.community, self.pcode)
        object.__setattr__(self, "ancestry", tuple(dict.fromkeys(c for c in codes if c)))

    def within(self, pcode: str) -> bool:
        """Whether this unit is ``pcode`` or lies inside it."""
        return pcode in self.ancestry


@dataclass(frozen=True, slots=True)
class PlaceResolution:
    """The outcome of resolving one place string; the original is kept beside it.

    ``place`` is set only when ``status`` is ``resolved``. ``candidates`` lists every place the
    text could mean (for ``ambiguous``, and for ``unresolved`` when the text matched places
    outside the hinted governorate/district). ``problem`` says why it is not resolved;
    ``warnings`` note readings made on the way (a part not recognised, a region widened).
    """

    original: str
    status: PlaceStatus
    place: Place | None = None
    candidates: tuple[Place, ...] = ()
    problem: str | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def pcode(self) -> str | None:
        return self.place.pcode if self.place is not None else None

    @property
    def precision(self) -> PlaceLevel | None:
        return self.place.level if self.place is not None else None


# --- normalisation of place names -----------------------------------------------------------

_LATIN_ARTICLES = frozenset(
    {
        "al",
        "el",
        "il",
        "ul",
        "ad",
        "ar",
        "as",
        "at",
        "az",
        "an",
        "ash",
        "ath",
        "adh",
        "ed",
        "er",
        "es",
        "et",
        "ez",
        "en",
        "esh",
    }
)
_LATIN_DESIGNATORS: dict[str, PlaceLevel | None] = {
    "governorate": PlaceLevel.GOVERNORATE,
    "province": PlaceLevel.GOVERNORATE,
    "muhafaza": PlaceLevel.GOVERNORATE,
    "muhafazat": PlaceLevel.GOVERNORATE,
    "district": PlaceLevel.DISTRICT,
    "mantiqa": PlaceLevel.DISTRICT,
    "subdistrict": PlaceLevel.SUBDISTRICT,
    "nahiya": PlaceLevel.SUBDISTRICT,
    "nahiyah": PlaceLevel.SUBDISTRICT,
    "city": PlaceLevel.COMMUNITY,
    "town": PlaceLevel.COMMUNITY,
    "village": PlaceLevel.COMMUNITY,
    "neighborhood": PlaceLevel.NEIGHBOURHOOD,
    "neighbourhood": PlaceLevel.NEIGHBOURHOOD,
    "quarter": PlaceLevel.NEIGHBOURHOOD,
    "hay": PlaceLevel.NEIGHBOURHOOD,
    "hayy": PlaceLevel.NEIGHBOURHOOD,
}
_AR_DESIGNATORS: dict[str, PlaceLevel | None] = {
    "محافظه": PlaceLevel.GOVERNORATE,
    "منطقه": PlaceLevel.DISTRICT,
    "ناحيه": PlaceLevel.SUBDISTRICT,
    "مدينه": PlaceLevel.COMMUNITY,
    "بلده": PlaceLevel.COMMUNITY,
    "قريه": PlaceLevel.COMMUNITY,
    "حي": PlaceLevel.NEIGHBOURHOOD,
    "مركز": None,
}
_COUNTRYSIDE_LATIN = frozenset({"countryside", "rural", "suburbs", "rif", "reef", "outskirts"})
_COUNTRYSIDE_AR = frozenset({"ريف", "اطراف", "ضواحي"})
_DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "الشمالي",
        "الجنوبي",
        "الشرقي",
        "الغربي",
        "شمال",
        "جنوب",
        "شرق",
        "غرب",
        "الشمالية",
        "الجنوبية",
        "الشرقية",
        "الغربية",
        "الشماليه",
        "الجنوبيه",
        "الشرقيه",
        "الغربيه",
        "of",
        "the",
    }
)

_APOSTROPHES = re.compile(r"['’‘`´ʿʾʼʻ]")
_NON_LATIN = re.compile(r"[^a-z]+")
_NON_LATIN_KEEP_APOSTROPHE = re.compile(r"[^a-z0-9']+")
_NON_ARABIC = re.compile(r"[^\u0621-\u064a0-9]+")
_ARABIC_CHAR = re.compile(r"[\u0600-\u06ff]")
_SPELLING = re.compile(r"ou|oo|ee|ph|aa|ii|uu|gh")
_SPELLING_MAP = {
    "ou": "u",
    "oo": "u",
    "ee": "i",
    "ph": "f",
    "aa": "a",
    "ii": "i",
    "uu": "u",
    "gh": "g",
}
_DOUBLED = re.compile(r"([a-z])\1+")
_FINAL_VOWEL = re.compile(r"(?:[aeiy]h|e)$")
_SEGMENT_SPLIT = re.compile(r"\s*(?:[,،;|/()\[\]:]|\s-\s|\s–\s|\s—\s)\s*")
_PCODE = re.compile(r"^(SY\d{2}(?:\d{2}(?:\d{2})?)?|C\d{4}|N\d{4})$", re.IGNORECASE)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", strip_invisible(text).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _APOSTROPHES.sub("'", text)


def _latin_words(text: str) -> list[str]:
    return _NON_LATIN_KEEP_APOSTROPHE.sub(" ", _fold(text)).split()


def _arabic_words(text: str) -> list[str]:
    return _NON_ARABIC.sub(" ", normalize_arabic(text)).split()


def _strip_ar_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _latin_loose(words: list[str]) -> str:
    out = []
    for i, w in enumerate(words):
        if w in _LATIN_ARTICLES and i + 1 < len(words):
            continue  # al-Bab, ar-Raqqa, Deir ez-Zor: the article is often left out
        w = _SPELLING.sub(lambda m: _SPELLING_MAP[m.group()], w.replace("'", ""))
        out.append(_FINAL_VOWEL.sub("a", _DOUBLED.sub(r"\1", w)))
    return _DOUBLED.sub(r"\1", "".join(out))


@lru_cache(maxsize=65536)
def _keys(text: str) -> tuple[str, str, str]:
    """(literal, loose, skeleton) keys of a place name in either script; "" for no letters.

    literal: the words as written, case and accents aside (Dar'a ≠ Dara, Hama ≠ Al-Hama);
    loose: without articles, apostrophes, doubled letters, spaces and vowel spellings
    (Deir ez-Zor = Deir Ezzor, كفر بطنا = كفربطنا); skeleton: the cross-script key.
    """
    if _ARABIC_CHAR.search(text):
        words = [w for w in _arabic_words(text) if w not in _AR_DESIGNATORS]
        literal = "ar:" + " ".join(words)
        loose = "ar~" + "".join(_strip_ar_article(w) for w in words)
        skel = "".join(arabic_skeleton(w) for w in words)
    else:
        words = _latin_words(text)
        kept_words = [w for w in words if w.strip("'") not in _LATIN_DESIGNATORS]
        if len(kept_words) < len(words):  # "City of Aleppo", "the town of Saqba"
            kept_words = [w for w in kept_words if w not in ("of", "the")] or kept_words
        words = kept_words
        literal = "la:" + " ".join(words)
        loose = "la~" + _latin_loose(words)
        kept = [w for i, w in enumerate(words) if not (w in _LATIN_ARTICLES and i + 1 < len(words))]
        skel = "".join(latin_skeleton(w) for w in kept)
    if not words:
        return "", "", ""
    # two-consonant skeletons (Mezzeh = MS) match dozens of villages: too weak to use
    return literal, loose, ("sk:" + skel if len(skel) >= 3 else "")


# --- the index ------------------------------------------------------------------------------


def _open(name: str) -> Iterator[dict[str, str]]:
    data = resources.files("tawthiq").joinpath("data", "gazetteer", name).read_bytes()
    yield from csv.DictReader(io.StringIO(data.decode("utf-8-sig")))


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _level_of(pcode: str) -> PlaceLevel:
    if pcode.startswith("N"):
        return PlaceLevel.NEIGHBOURHOOD
    if pcode.startswith("C"):
        return PlaceLevel.COMMUNITY
    return {4: PlaceLevel.GOVERNORATE, 6: PlaceLevel.DISTRICT}.get(
        len(pcode), PlaceLevel.SUBDISTRICT
    )


_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*")
_AR_PARTS = re.compile(r"\s*[_/\n]\s*")
_JOINED_ARTICLE = re.compile(r"(?<=\s)El(?=[a-z]{3})")
"""OCHA's community names join the article to the word (Deir Elasafir, Hosh Elsultan, Tal
Elkaramej) where lists write it apart (Deir al-Asafir, Hosh as-Sultan): split it off, so that
the loose key, which drops articles, is the same. Only a capital El- after the first word."""
_ADMIN_LEVELS = (PlaceLevel.GOVERNORATE, PlaceLevel.DISTRICT, PlaceLevel.SUBDISTRICT)


class Gazetteer:
    """The shipped gazetteer as lookup tables: by P-code, by exact key, by skeleton key."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.notes: dict[str, str] = {}
        self._index: dict[str, set[str]] = defaultdict(set)
        self._sa_index: dict[str, set[str]] = defaultdict(set)
        self.seats: dict[str, str] = {}
        """Governorate, district or sub-district P-code → the community it is named after."""
        self._namesakes: dict[str, tuple[str, ...]] = {}
        self._qualifier_memo: dict[tuple[str | None, ...], frozenset[str]] = {}
        self._memo: dict[str, tuple[tuple[Place, ...], ...]] = {}
        self._load()

    def get(self, pcode: str) -> Place | None:
        """The unit with this P-code (SYxx, SYxxxx, SYxxxxxx, Cxxxx, Nxxxx), if shipped."""
        return self.places.get(pcode.upper())

    def __len__(self) -> int:
        return len(self.places)

    def lookup(self, text: str) -> tuple[tuple[Place, ...], ...]:
        """Matches for one place name, strongest evidence first, each in P-code order.

        Tiers: official names and aliases by literal key, by loose key, by skeleton key;
        then, only if none of those matched, the Syrian Archive's own location names
        (streets, squares and quarters without a P-code, standing for their subdistrict).
        """
        memo = self._memo.get(text)
        if memo is not None:
            return memo
        if len(self._memo) > 100_000:
            self._memo.clear()
        literal, loose, skel = _keys(text)
        exact, near, sound = (self._places(self._index, k) for k in (literal, loose, skel))
        # A literal match keeps the article (Hama is not Al-Hama, الهامة), but a loose match
        # whose Arabic name is the same word is the same name (Ansari, Al-Ansari: الأنصاري).
        same_word = {self._arabic_key(p) for p in exact}
        exact += [p for p in near if p not in exact and self._arabic_key(p) in same_word]
        local = self._places(self._sa_index, literal) + self._places(self._sa_index, loose)
        found = (tuple(exact), tuple(near), tuple(sound), tuple(_unique(local)))
        self._memo[text] = found
        return found

    def _arabic_key(self, place: Place) -> str:
        return _keys(place.name_ar)[1] if place.name_ar else place.pcode

    def _places(self, index: dict[str, set[str]], key: str) -> list[Place]:
        return [self.places[c] for c in sorted(index.get(key, ()))] if key else []

    def _name(
        self,
        pcode: str,
        *names: str,
        local: bool = False,
        qualifiers: frozenset[str] = frozenset(),
    ) -> None:
        index = self._sa_index if local else self._index
        for name in names:
            if not name or name == "<Null>":
                continue
            # "Madaya (Heish)": the qualifier names the subdistrict, not the place
            whole = _QUALIFIER.sub(" ", name).strip()
            variants = {whole}
            if _ARABIC_CHAR.search(name):
                parts = [p for p in _AR_PARTS.split(name) if p.strip()]
                # "جب الخفي_منبج" is Jeb Elkhafi of Manbij: a later part naming a unit that
                # contains the place is not a second name of it (the first part is its own
                # name, even when a unit is named after it: "مسكنة_عنيزة" is Maskana)
                parts = parts[:1] + [p for p in parts[1:] if _keys(p)[0] not in qualifiers]
                variants.update(parts)
            for variant in variants:
                for key in _keys(variant):
                    if key:
                        index[key].add(pcode)
            split = _JOINED_ARTICLE.sub("El ", whole)
            if split != whole:
                for key in _keys(split)[1:]:
                    if key:
                        index[key].add(pcode)

    def _qualifiers(self, *codes: str | None) -> frozenset[str]:
        """Literal keys of the names of the units with these P-codes."""
        found = self._qualifier_memo.get(codes)
        if found is None:
            units = [self.places[c] for c in codes if c and c in self.places]
            found = frozenset(_keys(n)[0] for u in units for n in (u.name_en, u.name_ar) if n)
            self._qualifier_memo[codes] = found
        return found

    def _find_seats(self) -> None:
        """Each unit's namesakes inside it (Afrin district ⊃ Afrin sub-district ⊃ Afrin town)."""
        for unit in [p for p in self.places.values() if p.level in _ADMIN_LEVELS]:
            keys = {k for n in (unit.name_en, unit.name_ar) if n for k in _keys(n)[:2] if k}
            same = [
                self.places[c]
                for k in keys
                for c in self._index.get(k, ())
                if c != unit.pcode and self.places[c].within(unit.pcode)
            ]
            seats = _unique(p for p in same if p.level is PlaceLevel.COMMUNITY)
            if len(seats) != 1:
                continue
            seat = seats[0]
            chain = _unique(p for p in same if p.level in _ADMIN_LEVELS and seat.within(p.pcode))
            self.seats[unit.pcode] = seat.pcode
            self._namesakes[unit.pcode] = (*(p.pcode for p in chain), seat.pcode)

    def _add(self, place: Place, *names: str) -> None:
        self.places.setdefault(place.pcode, place)
        self._name(place.pcode, place.name_en, place.name_ar, *names)

    def _load(self) -> None:
        for r in _open("syr_admin1.csv"):
            code = r["adm1_pcode"]
            place = Place(
                code,
                PlaceLevel.GOVERNORATE,
                r["adm1_name"],
                r["adm1_name1"],
                code,
                latitude=_float(r["center_lat"]),
                longitude=_float(r["center_lon"]),
            )
            self._add(place, r["adm1_ref_n"])
        for r in _open("syr_admin2.csv"):
            code = r["adm2_pcode"]
            place = Place(
                code,
                PlaceLevel.DISTRICT,
                r["adm2_name"],
                r["adm2_name1"],
                r["adm1_pcode"],
                code,
                latitude=_float(r["center_lat"]),
                longitude=_float(r["center_lon"]),
            )
            self._add(place, r["adm2_ref_n"])
        for r in _open("syr_admin3.csv"):
            code = r["adm3_pcode"]
            place = Place(
                code,
                PlaceLevel.SUBDISTRICT,
                r["adm3_name"],
                r["adm3_name1"],
                r["adm1_pcode"],
                r["adm2_pcode"],
                code,
                latitude=_float(r["center_lat"]),
                longitude=_float(r["center_lon"]),
            )
            self._add(place, r["adm3_ref_n"])
        loc_only: list[dict[str, str]] = []
        for r in _open("syrianarchive_locations.csv"):
            if r["sa_loc_only"] == "TRUE":
                loc_only.append(r)
                continue
            code = r["pcode"]
            if r["pcode_level"] != "community" or not re.fullmatch(r"C\d{4}", code):
                continue
            place = Place(
                code,
                PlaceLevel.COMMUNITY,
                r["name_en"],
                r["name_ar"],
                r["pip_adm1_pcode"] or None,
                r["pip_adm2_pcode"] or None,
                r["pip_adm3_pcode"] or None,
                latitude=_float(r["latitude"]),
                longitude=_float(r["longitude"]),
            )
            self.places.setdefault(code, place)
            self._name(
                code,
                place.name_en,
                place.name_ar,
                r["old_sa_name"].split(":")[-1],
                qualifiers=self._qualifiers(place.admin1, place.admin2, place.admin3),
            )
        for r in _open("syr_neighborhoods.csv"):
            code = r["neighbor_2"]
            place = Place(
                code,
                PlaceLevel.NEIGHBOURHOOD,
                r["neighborho"],
                r["neighbor_1"],
                r["adm1_pcode"],
                r["adm2_pcode"],
                r["adm3_pcode"],
                r["adm4_pcode"],
                latitude=_float(r["poly_centroid_lat"]),
                longitude=_float(r["poly_centroid_lon"]),
            )
            self._add(place, r["neighbor_3"], _QUALIFIER.sub(" ", r["neighbor_4"]).strip())
            # Areas group neighbourhoods (Rukn Eddine, A002) and have no P-code of their own:
            # the city community is the smallest coded unit that contains them.
            if r["adm4_pcode"] in self.places:
                self._name(r["adm4_pcode"], r["areaname_e"], r["areaname_a"])
        # Syrian Archive locations without a P-code of their own (streets, squares, quarters)
        # are names of the subdistrict their coordinates fall in: "ALEPPO : Sakhour". A third
        # of them have coordinates outside the unit the Syrian Archive filed them under; those
        # are left out rather than guessed between.
        for r in loc_only:
            code, filed = r["pip_adm3_pcode"], r["pcode"]
            if not code or code not in self.places or not code.startswith(filed[:6]):
                continue
            names = [n.split(":")[-1] for n in (r["name_en"], r["name_ar"], r["old_sa_name"]) if n]
            self._name(code, *names, local=True)
        for code, wrong in NOT_NAMES.items():
            if code not in self.places:
                raise KeyError(f"place alias table names an unknown P-code: {code}")
            for spelling in wrong:
                for key in _keys(spelling):
                    self._index.get(key, set()).discard(code)
        self._find_seats()
        for key, spellings in ALIASES.items():
            code = key.split("/")[0]
            if code not in self.places:
                raise KeyError(f"place alias table names an unknown P-code: {key}")
            # a region is not its unit's town; a governorate or district alias names its
            # namesakes too ("Idlib": the governorate, district, sub-district and city)
            codes = (code,) if key in REGION_NOTES else (code, *self._namesakes.get(code, ()))
            for spelling in spellings:
                literal, loose, _ = _keys(spelling)
                self._index[literal].update(codes)
                self._index[loose].update(codes)
                if key in REGION_NOTES:
                    self.notes[literal] = self.notes[loose] = REGION_NOTES[key]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once per process (about 0.3 s)."""
    return Gazetteer()


# --- resolution -----------------------------------------------------------------------------


def _unique(places: Iterable[Place]) -> list[Place]:
    seen: dict[str, Place] = {}
    for p in places:
        seen.setdefault(p.pcode, p)
    return sorted(seen.values(), key=lambda p: (_RANK[p.level], p.pcode))


def _is_chain(places: list[Place]) -> bool:
    """Whether the places are one nested chain (each inside the next wider one)."""
    ordered = sorted(places, key=lambda p: _RANK[p.level])
    return all(ordered[i + 1].within(ordered[i].pcode) for i in range(len(ordered) - 1))


def _inside(places: list[Place], hints: list[list[Place]]) -> list[Place]:
    """The places that lie inside at least one candidate of every hint."""
    return [p for p in places if all(any(p.within(h.pcode) for h in hint) for hint in hints)]


@dataclass(frozen=True, slots=True)
class _Segment:
    """One comma-separated part of a place string and what it matched, tier by tier."""

    text: str
    level: PlaceLevel | None
    countryside: bool
    tiers: tuple[tuple[Place, ...], ...]
    note: str | None

    @property
    def matched(self) -> bool:
        return any(self.tiers)

    @property
    def best(self) -> list[Place]:
        """The candidates of the first tier that matched (used as hints for other parts)."""
        return next((list(t) for t in self.tiers if t), [])


def _designated(text: str) -> tuple[str, PlaceLevel | None, bool]:
    """Strip words like "city", "حي", "ريف ... الشمالي" and say which level they point to."""
    arabic = bool(_ARABIC_CHAR.search(text))
    words = _arabic_words(text) if arabic else _NON_LATIN.sub(" ", _fold(text)).split()
    designators = _AR_DESIGNATORS if arabic else _LATIN_DESIGNATORS
    countryside_words = _COUNTRYSIDE_AR if arabic else _COUNTRYSIDE_LATIN
    level: PlaceLevel | None = None
    countryside = False
    kept: list[str] = []
    for w in words:
        if w in designators:
            level = designators[w] or level
        elif w in countryside_words:
            countryside = True
        else:
            kept.append(w)
    if countryside:
        kept = [w for w in kept if w not in _DIRECTIONS]
    return " ".join(kept), level, countryside


def _segment(text: str) -> _Segment:
    gaz = gazetteer()
    stripped, level, countryside = _designated(text)
    tiers = gaz.lookup(text)
    literal, loose, _ = _keys(text)
    note = gaz.notes.get(literal) or gaz.notes.get(loose)
    if countryside and not (tiers[0] or tiers[1]):
        # "ريف حلب", "Idlib countryside": the governorate or district it is the countryside
        # of ("ريف دمشق", an official name, matched exactly above and is not read this way)
        keep = (PlaceLevel.GOVERNORATE, PlaceLevel.DISTRICT)
        found = gaz.lookup(stripped) if stripped else ((), (), ())
        narrowed = tuple(tuple(p for p in t if p.level in keep) for t in found)
        return _Segment(text, None, any(narrowed), narrowed, note)
    return _Segment(text, level, False, tuple(tuple(t) for t in tiers), note)


def _restricted(seg: _Segment, level: PlaceLevel) -> _Segment:
    tiers = tuple(tuple(p for p in t if p.level is level) for t in seg.tiers)
    return _Segment(seg.text, level, seg.countryside, tiers, seg.note)


def _choose(places: list[Place], hinted_admin1: set[str], countryside: bool) -> Place:
    """One place from a nested chain, by the rule in the module docstring."""
    ordered = sorted(places, key=lambda p: _RANK[p.level])
    widest = ordered[0]
    if countryside:
        return widest  # "ريف إدلب" is the governorate outside the city, not its central district
    if widest.level is PlaceLevel.GOVERNORATE and widest.pcode not in hinted_admin1:
        return widest
    return ordered[-1]


def _at_level(places: list[Place], level: PlaceLevel, named: bool) -> list[Place]:
    """The places at the level a designator asks for ("Idlib city": the town, not the
    governorate); the town a unit is named after stands for it when the text named the unit
    (``named``; not a Syrian Archive location standing for its sub-district); all of them if
    none fits."""
    found = [p for p in places if p.level is level]
    if not found and named and level is PlaceLevel.COMMUNITY:
        gaz = gazetteer()
        found = _unique(gaz.places[c] for p in places if (c := gaz.seats.get(p.pcode)))
    return found or places


def _seat_reading(inside: list[Place], hinted_admin1: set[str]) -> Place | None:
    """The town that gives its name to a district or sub-district the text also names (rule in
    the module docstring).

    No warning goes with it: like a governorate name read as its city, the seat is the reading
    a list means, and a warning on every such row would bury the ones that matter (a real list
    names Afrin or Manbij thousands of times). The places of the same name stay in the
    resolution's ``candidates`` for whoever needs them.
    """
    if any(p.level is PlaceLevel.GOVERNORATE for p in inside):
        return None
    gaz = gazetteer()
    units = [p for p in inside if p.level in _ADMIN_LEVELS]
    seats = {gaz.seats.get(u.pcode) for u in units}
    codes = {p.pcode for p in inside}
    if len(seats) != 1 or not units:
        return None
    code = seats.pop()
    if code is None or code not in codes:
        return None
    seat = gaz.places[code]
    chain = [p for p in inside if seat.within(p.pcode) or p.within(seat.pcode)]
    others = [p for p in inside if p not in chain]
    district = any(p.level is PlaceLevel.DISTRICT for p in units)
    if not district and any(p.admin1 != seat.admin1 for p in others):
        return None
    return _choose(chain, hinted_admin1, False)


_TIER_NOTES = {
    2: "matched by consonant skeleton only (no spelling matched): check it",
    3: "matched a Syrian Archive location name: resolved to the subdistrict it lies in",
}


def _resolve_segments(
    original: str,
    segments: list[_Segment],
    hints: list[list[Place]],
    warnings: list[str],
    complete: bool = True,
) -> PlaceResolution:
    """The first segment with candidates inside the hints and the other segments.

    ``complete`` is false when a part of the text was not recognised: then a governorate name
    stays the governorate even with the governorate given ("DEIR EZZOR : Shaitat" is somewhere
    in Deir-ez-Zor, not Deir-ez-Zor city).
    """
    hinted_admin1 = {h.admin1 for hint in hints for h in hint if h.admin1} if complete else set()
    outside: list[Place] = []
    for i, seg in enumerate(segments):
        others = [s.best for j, s in enumerate(segments) if j != i and s.matched]
        for t, tier in enumerate(seg.tiers):
            cands = _unique(tier)
            if seg.level is not None:
                cands = _at_level(cands, seg.level, t < 3)
            if not cands:
                continue
            inside = _inside(cands, hints + others)
            if not inside:
                outside.extend(cands)
                continue
            notes = list(warnings)
            if t in _TIER_NOTES:
                notes.append(_TIER_NOTES[t])
            if seg.note:
                notes.append(seg.note)
            if seg.countryside:
                notes.append("countryside of a place: resolved to the unit it belongs to")
            hinted = hinted_admin1 | _admin1_of(others) if complete else set()
            if len(inside) == 1 or _is_chain(inside):
                chosen = _choose(inside, hinted, seg.countryside)
                return PlaceResolution(
                    original, PlaceStatus.RESOLVED, chosen, tuple(inside), None, tuple(notes)
                )
            seat = _seat_reading(inside, hinted) if t < 2 else None  # not on a skeleton
            if seat is not None:
                return PlaceResolution(
                    original, PlaceStatus.RESOLVED, seat, tuple(inside), None, tuple(notes)
                )
            return PlaceResolution(
                original,
                PlaceStatus.AMBIGUOUS,
                None,
                tuple(inside),
                f"{len(inside)} places match; give the governorate or district",
                tuple(notes),
            )
    if outside:
        return PlaceResolution(
            original,
            PlaceStatus.UNRESOLVED,
            None,
            tuple(_unique(outside)),
            "the place exists, but not in the governorate/district given",
            tuple(warnings),
        )
    return PlaceResolution(
        original,
        PlaceStatus.UNRESOLVED,
        None,
        (),
        "no gazetteer place has this name",
        tuple(warnings),
    )


def _admin1_of(groups: list[list[Place]]) -> set[str]:
    return {p.pcode for g in groups for p in g if p.level is PlaceLevel.GOVERNORATE}


def _hint(
    text: str | None, levels: tuple[PlaceLevel, ...], what: str, warnings: list[str]
) -> list[Place]:
    if text is None or not str(text).strip():
        return []
    value = str(text).strip()
    gaz = gazetteer()
    if _PCODE.match(value):
        place = gaz.get(value)
        if place is not None:
            return [place]
    for tier in gaz.lookup(value):
        found = _unique(p for p in tier if p.level in levels)
        if found:
            return found
    warnings.append(f"the {what} given was not recognised and was not used")
    return []


@lru_cache(maxsize=65536)
def resolve_place(
    text: str | None,
    *,
    governorate: str | None = None,
    district: str | None = None,
    level: PlaceLevel | None = None,
) -> PlaceResolution:
    """Resolve a place string such as "Madaya", "مضايا - ريف دمشق" or "Douma, Rif Dimashq".

    ``governorate`` and ``district`` are optional hints from other columns, as a name in either
    script or as a P-code. ``level`` restricts the answer to one level: pass
    ``PlaceLevel.GOVERNORATE`` for a column that holds governorates, so that "Quneitra" means
    the governorate and not the village of that name. Also accepts a bare P-code. Never raises;
    see the module docstring for how ties are broken and when the answer is ``ambiguous`` or
    ``unresolved``.
    """
    original = "" if text is None else str(text)
    value = strip_invisible(unicodedata.normalize("NFKC", original)).strip()
    if not value:
        return PlaceResolution(original, PlaceStatus.EMPTY)
    warnings: list[str] = []
    hints = [
        h
        for h in (
            _hint(governorate, (PlaceLevel.GOVERNORATE,), "governorate", warnings),
            _hint(district, (PlaceLevel.DISTRICT, PlaceLevel.SUBDISTRICT), "district", warnings),
        )
        if h
    ]
    if _PCODE.match(value):
        place = gazetteer().get(value)
        if place is not None:
            return PlaceResolution(original, PlaceStatus.RESOLVED, place, (place,))
        return PlaceResolution(original, PlaceStatus.UNRESOLVED, problem="unknown P-code")
    parts = [p for p in _SEGMENT_SPLIT.split(value) if p and p.strip()]
    if len(parts) > 1 and gazetteer().lookup(value)[0]:
        parts = [value]  # a name with a separator in it: "Deir Hanna / Lattakia"
    segments = [_segment(p) for p in parts] or [_segment(value)]
    if level is not None:
        segments[0] = _restricted(segments[0], level)
    known = [s for s in segments if s.matched]
    for s in segments:
        if not s.matched and len(segments) > 1:
            warnings.append("a part of the place text was not recognised and was ignored")
    if not known:
        return _resolve_segments(original, segments[:1], hints, warnings)
    return _resolve_segments(original, known, hints, warnings, len(known) == len(segments))
