"""Category text to the codes of ``tawthiq.model.vocab``: one label, several, or a joined column.

``tawthiq.model.vocab.parse`` matches lower-cased text against its alias table, so "أنثى" and
"انثى" match but "مدنيّة" (with a shadda), "مدنية" typed with ه, or "إعدام ميداني" typed
without its hamza do not. :func:`normalize_vocab` tries ``vocab.parse`` first, then the same
aliases, labels and codes after Arabic normalisation (``_text.normalize_arabic``) and with
punctuation ignored, then :data:`SUPPLEMENTARY_ALIASES` (spellings real lists use that the
model's table lacks) and ``labels.REAL_LABELS`` (the labels real exports write).

Real exports also join values in one cell. Airwars lists every belligerent, strike type and cause
it could not choose between ("Russian Military, U.S.-led Coalition"); SHCC lists weapons
("Aerial Bomb: Plane, Cluster Bomb"); VDC puts age group and sex in one column ("Adult -
Male"). :func:`parse_codes` splits such a cell, but only where the whole text is not itself a
label ("Airstrike and/or Artillery", "Stones, Sticks and Gravel" are one label each), and fails
rather than drop a part it cannot read (:func:`unmapped_parts` says which).
:func:`parse_sex_age` reads the joined sex column.

Victims and incidents code perpetrators with one function, :func:`parse_parties`: a known label,
else the parts of a joined label, else the keyword rules of ``labels.PARTY_KEYWORDS`` for actor
names no table lists. :func:`parse_party` folds the parties into one code, keeping a contested
attribution visible: Russia with the Syrian government is ``russia_or_syrian_government`` (the
pair sources most often cannot tell apart), any other set of two or more is ``multiple``.

Every function is total (never raises) and cached: an import calls them once per distinct value,
and the tables behind them are built once.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache, lru_cache
from typing import TypeVar, cast

from tawthiq.model import vocab as model_vocab
from tawthiq.model.vocab import Cause, Party, Sex, Status
from tawthiq.normalize._text import normalize_arabic
from tawthiq.normalize.ages import AgeGroup, AgeKind, AgeStatus, parse_age
from tawthiq.normalize.labels import PARTY_KEYWORDS, PARTY_QUALIFIERS, REAL_LABELS

__all__ = [
    "SUPPLEMENTARY_ALIASES",
    "normalize_vocab",
    "parse_age_group",
    "parse_cause",
    "parse_codes",
    "parse_parties",
    "parse_party",
    "parse_sex",
    "parse_sex_age",
    "parse_status",
    "unmapped_parts",
]

_E = TypeVar("_E", bound=StrEnum)
_Codes = tuple[str, ...]
_Segment = tuple[str, _Codes | None]

SUPPLEMENTARY_ALIASES: dict[type[StrEnum], dict[str, str]] = {
    Sex: {
        "males": "male",
        "masculine": "male",
        "ذكور": "male",
        "رجل": "male",
        "females": "female",
        "feminine": "female",
        "اناث": "female",
        "امراه": "female",
        "سيده": "female",
        # words that also give an age group (``parse_sex_age`` reads both)
        "طفله": "female",
        "بنت": "female",
        "فتاه": "female",
        "صبي": "male",
        "فتي": "male",
        "غير محدد": "unknown",
        "مجهول": "unknown",
        "not known": "unknown",
    },
    Status: {
        "civilians": "civilian",
        "non-combatant": "civilian",
        "noncombatant": "civilian",
        "مدنيون": "civilian",
        "مدنيين": "civilian",
        "soldier": "combatant",
        "military": "combatant",
        "armed": "combatant",
        "rebel": "combatant",
        "جندي": "combatant",
        "مسلح": "combatant",
        "مقاتله": "combatant",
        "غير مدني": "combatant",
        "غير مدنيه": "combatant",
        "مجهول": "unknown",
        "غير محدد": "unknown",
    },
    Cause: {
        "airstrikes": "airstrike",
        "air strikes": "airstrike",
        "aerial attack": "airstrike",
        "warplane": "airstrike",
        "warplanes": "airstrike",
        "غارات جويه": "airstrike",
        "غاره": "airstrike",
        "قصف الطيران": "airstrike",
        "قصف بالطيران": "airstrike",
        "قصف طيران": "airstrike",
        "طيران حربي": "airstrike",
        "barrel": "barrel_bomb",
        "barrel-bomb": "barrel_bomb",
        "برميل": "barrel_bomb",
        "براميل": "barrel_bomb",
        "براميل متفجره": "barrel_bomb",
        "artillery shelling": "shelling",
        "mortars": "shelling",
        "rocket": "shelling",
        "rockets": "shelling",
        "missile": "shelling",
        "قذائف": "shelling",
        "قذائف هاون": "shelling",
        "هاون": "shelling",
        "قصف صاروخي": "shelling",
        "صاروخ": "shelling",
        "قصف مدفعي وصاروخي": "shelling",
        "shot": "shooting",
        "gunshot": "shooting",
        "sniper fire": "shooting",
        "رصاص": "shooting",
        "رصاص قناص": "shooting",
        "طلق ناري": "shooting",
        "قناص": "shooting",
        "sarin": "chemical",
        "chlorine": "chemical",
        "gas": "chemical",
        "سارين": "chemical",
        "كلور": "chemical",
        "غاز": "chemical",
        "اسلحه كيميائيه": "chemical",
        "سلاح كيميائي": "chemical",
        "landmine": "explosion",
        "mine": "explosion",
        "bomb": "explosion",
        "سياره مفخخه": "explosion",
        "مفخخه": "explosion",
        "لغم": "explosion",
        "عبوه ناسفه": "explosion",
        "malnutrition": "siege",
        "hunger": "siege",
        "lack of medical care": "siege",
        "جوع": "siege",
        "نقص الغذاء": "siege",
        "نقص الدواء": "siege",
        "نقص الرعايه الطبيه": "siege",
        "under torture": "torture",
        "death under torture": "torture",
        "died under torture": "torture",
        "الموت تحت التعذيب": "torture",
        "summary execution": "execution",
        "executed": "execution",
        "ذبح": "execution",
        "اعدام ميداني": "execution",
        "died in detention": "detention",
        "in detention": "detention",
        "في المعتقل": "detention",
        "في السجن": "detention",
        "في الاعتقال": "detention",
        "وفاه في المعتقل": "detention",
        "اخري": "other",
        "مجهول": "unknown",
    },
    Party: {
        "syrian army": "syrian_government",
        "saa": "syrian_government",
        "regime forces": "syrian_government",
        "government forces": "syrian_government",
        "pro-government militias": "syrian_government",
        "shabiha": "syrian_government",
        "الجيش السوري": "syrian_government",
        "جيش النظام": "syrian_government",
        "قوات الاسد": "syrian_government",
        "النظام السوري": "syrian_government",
        "الشبيحه": "syrian_government",
        "طيران النظام": "syrian_government",
        "russian air force": "russia",
        "روسي": "russia",
        "الطيران الروسي": "russia",
        "الروس": "russia",
        "russia or regime": "russia_or_syrian_government",
        "regime or russia": "russia_or_syrian_government",
        "syrian or russian": "russia_or_syrian_government",
        "russian or syrian": "russia_or_syrian_government",
        "syrian or russian forces": "russia_or_syrian_government",
        "روسيا او النظام": "russia_or_syrian_government",
        "النظام او روسيا": "russia_or_syrian_government",
        "الطيران الروسي او السوري": "russia_or_syrian_government",
        "الطيران السوري او الروسي": "russia_or_syrian_government",
        "international coalition": "us_led_coalition",
        "coalition forces": "us_led_coalition",
        "anti-isis coalition": "us_led_coalition",
        "التحالف": "us_led_coalition",
        "قوات التحالف": "us_led_coalition",
        "turkish army": "turkey",
        "turkish military": "turkey",
        "الجيش التركي": "turkey",
        "تركيا": "turkey",
        "is": "isis",
        "isil": "isis",
        "الدوله الاسلاميه": "isis",
        "تنظيم داعش": "isis",
        "free syrian army": "opposition",
        "rebels": "opposition",
        "armed opposition groups": "opposition",
        "الجيش الحر": "opposition",
        "الجيش السوري الحر": "opposition",
        "فصائل المعارضه المسلحه": "opposition",
        "المعارضه المسلحه": "opposition",
        "pyd": "sdf_ypg",
        "قوات سوريا الديمقراطيه": "sdf_ypg",
        "وحدات حمايه الشعب": "sdf_ypg",
        # Hay'at Tahrir al-Sham and its forerunners: documenters list them apart from the
        # opposition, and so does tawthiq (``hts``; "other" before issue 14).
        "hts": "hts",
        "hayat tahrir al-sham": "hts",
        "nusra": "hts",
        "nusra front": "hts",
        "jabhat fateh al-sham": "hts",
        "هيئه تحرير الشام": "hts",
        "جبهه النصره": "hts",
        "جبهه فتح الشام": "hts",
        "جهه مجهوله": "unknown",
        "unidentified": "unknown",
    },
}

_PUNCT = re.compile(r"[\s.,;:!?()\[\]\"'«»_]+")


def _key(text: str) -> str:
    return _PUNCT.sub(" ", normalize_arabic(text).lower()).strip()


def _codes_of(value: str | tuple[str, ...]) -> _Codes:
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)


@cache
def _table(vocab: type[StrEnum]) -> dict[str, _Codes]:
    """Folded label → codes, from every source of spellings (earlier sources win a clash)."""
    table: dict[str, _Codes] = {}
    entries: list[tuple[str, str | tuple[str, ...]]] = []
    for code in vocab:
        entries += [(code.value, code.value), (code.value.replace("_", " "), code.value)]
    for code_value, labels in model_vocab.LABELS.get(vocab, {}).items():
        entries += [(label, code_value) for label in labels]
    entries += list(model_vocab.ALIASES.get(vocab, {}).items())
    entries += list(SUPPLEMENTARY_ALIASES.get(vocab, {}).items())
    entries += list(REAL_LABELS.get(vocab, {}).items())
    for text, value in entries:
        key = _key(text)
        if key:
            table.setdefault(key, _codes_of(value))
    return table


@lru_cache(maxsize=65536)
def _exact(vocab: type[StrEnum], text: str) -> _Codes | None:
    """The codes of ``text`` read as one whole label, or ``None``."""
    if not text.strip():
        return None
    found = model_vocab.parse(vocab, text)
    if found is not None:
        return (found.value,)
    key = _key(text)
    return _table(vocab).get(key) if key else None


def normalize_vocab(vocab: type[_E], text: str | None) -> _E | None:
    """The code for ``text`` in ``vocab`` (Sex, Status, Cause, Party, Weapon, ...), or ``None``.

    ``None`` means empty or not recognised; the caller decides whether that is a warning. A
    perpetrator goes through :func:`parse_party` (so victims and incidents agree), a joined
    "Adult - Male" gives its sex, and a cell naming one code in several spellings gives it; a
    cell naming several codes has no single one (:func:`parse_codes` has them all).
    """
    if text is None:
        return None
    text = str(text)
    if vocab is Party:
        return cast("_E | None", parse_party(text))
    codes = _exact(vocab, text)
    if codes is not None:
        return vocab(codes[0])
    if vocab is Sex:
        return cast("_E | None", parse_sex_age(text)[0])
    found = parse_codes(vocab, text)
    return found[0] if found is not None and len(found) == 1 else None


# --- joined labels ---------------------------------------------------------------------------

_SEPARATORS = (
    # strong: what exports put between values
    re.compile(r"(\s*[,;|\n]\s*)"),
    # weak: also inside labels ("Fist and Foot", "Refugees/IDPs"), so tried only on a part that
    # is not a label as a whole
    re.compile(
        r"(\s+and/or\s+|\s+and\s+|\s+or\s+|\s*&\s*|\s*/\s*|\s+او\s+|\s+و\s+)", re.IGNORECASE
    ),
)
_WIDEST = 6  # "Chemical, Biological, Radiological, Nuclear (CBRN)" is four pieces


def _leaf(vocab: type[StrEnum], text: str) -> _Codes | None:
    """A piece with no separator left: a label, else the vocabulary's own fallback."""
    codes = _exact(vocab, text)
    if codes is not None:
        return codes
    if vocab is Party:
        return tuple(p.value for p in _keyword_parties(text)) or None
    if vocab is Sex:
        sex = parse_sex_age(text)[0]
        return (sex.value,) if sex is not None else None
    return None


def _split(text: str, level: int) -> list[str]:
    """Pieces and the separators between them, alternating (separators kept for re-joining)."""
    bits = _SEPARATORS[level].split(text)
    out: list[str] = []
    for i in range(0, len(bits), 2):
        if bits[i].strip():
            out += [bits[i], bits[i + 1] if i + 1 < len(bits) else ""]
    return out


def _segments(vocab: type[StrEnum], text: str, level: int = 0) -> list[_Segment]:
    """``text`` cut into labels: the longest run of pieces that is a label wins, so a label
    containing a separator stays whole; a piece that is none is cut at the next level."""
    if level == len(_SEPARATORS):
        return [(text.strip(), _leaf(vocab, text))]
    bits = _split(text, level)
    pieces, seps = bits[0::2], bits[1::2]
    if len(pieces) <= 1:
        return _segments(vocab, pieces[0] if pieces else text, level + 1)
    out: list[_Segment] = []
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + _WIDEST), i, -1):
            joined = "".join(p + s for p, s in zip(pieces[i:j], seps[i:j], strict=True))
            joined = joined[: len(joined) - len(seps[j - 1])]
            codes = _exact(vocab, joined)
            if codes is not None:
                out.append((joined.strip(), codes))
                i = j
                break
        else:
            out += _segments(vocab, pieces[i], level + 1)
            i += 1
    return out


@lru_cache(maxsize=65536)
def _parts(vocab: type[StrEnum], text: str) -> tuple[_Segment, ...]:
    if not text.strip():
        return ()
    whole = _exact(vocab, text)
    if whole is not None:
        return ((text.strip(), whole),)
    return tuple(_segments(vocab, normalize_arabic(text)))


def parse_codes(vocab: type[_E], text: str | None) -> tuple[_E, ...] | None:
    """Every code a cell names, in order and once each, or ``None`` if any part is not read.

    "Airstrike, Drone Strike" → (airstrike,); "Heavy weapons and explosive munitions, Small
    arms and light weapons" → (explosive_weapons, shooting). Separators are ``,`` ``;`` ``،``
    ``|`` and, inside a part that is no label, " and ", " or ", "/" and "&". A part of a
    perpetrator cell may also be read by the keyword rules, a part of a sex cell as "Adult -
    Male".
    """
    if text is None:
        return None
    parts = _parts(vocab, str(text))
    if not parts or any(codes is None for _, codes in parts):
        return None
    seen: dict[str, None] = {}
    for _, codes in parts:
        seen.update(dict.fromkeys(codes or ()))
    return tuple(vocab(code) for code in seen)


def unmapped_parts(vocab: type[StrEnum], text: str | None) -> tuple[str, ...]:
    """The parts of ``text`` that :func:`parse_codes` could not read (empty when it could)."""
    if text is None:
        return ()
    return tuple(part for part, codes in _parts(vocab, str(text)) if codes is None)


# --- perpetrators ----------------------------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_AR_PREFIX = r"[وف]?(?:[بلك]?ال|لل|[بلك])?"
_AR_SUFFIX = r"(?:ه|يه|ين|ون|ات|ي)?"


def _loose(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", normalize_arabic(text).casefold()).split())


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _keyword_patterns() -> tuple[tuple[Party, re.Pattern[str]], ...]:
    """One pattern per party and script: whole words, Arabic with its clitics and endings."""
    out: list[tuple[Party, re.Pattern[str]]] = []
    for party, words in PARTY_KEYWORDS:
        loose = [_loose(w) for w in words]
        latin = [w for w in loose if not _ARABIC.search(w)]
        arabic = [w.removeprefix("ال") for w in loose if _ARABIC.search(w)]
        if latin:
            out.append((party, re.compile(rf"(?<!\w)(?:{_alternation(latin)})s?(?!\w)")))
        if arabic:
            core = _alternation(arabic)
            out.append((party, re.compile(rf"(?<!\w){_AR_PREFIX}(?:{core}){_AR_SUFFIX}(?!\w)")))
    return tuple(out)


@cache
def _qualifiers() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{q})" for q in PARTY_QUALIFIERS))


@lru_cache(maxsize=16384)
def _keyword_parties(text: str) -> tuple[Party, ...]:
    """Parties named by keyword, in the order the text names them."""
    loose = _qualifiers().sub(" ", _loose(text))
    spans = [
        (m.start(), m.end(), party)
        for party, pattern in _keyword_patterns()
        for m in pattern.finditer(loose)
    ]
    kept = [
        (start, end, party)
        for start, end, party in spans
        if not any(
            s <= start and end <= e and (e - s) > (end - start) and p != party for s, e, p in spans
        )
    ]
    found = list(dict.fromkeys(party for _, _, party in sorted(kept, key=lambda x: x[0])))
    if len(found) > 1 and Party.UNKNOWN in found:
        found.remove(Party.UNKNOWN)  # "unidentified Russian jets": a qualifier, not a party
    return tuple(found)


@lru_cache(maxsize=65536)
def _parties(text: str) -> tuple[Party, ...]:
    coded = parse_codes(Party, text)
    if coded is not None:
        return coded
    return _keyword_parties(text)


def parse_parties(text: str | None) -> tuple[Party, ...]:
    """Every party a perpetrator or belligerent cell names, in its order (empty: none).

    A known label first ("Syrian government and affiliated militias" is one party, though it
    says "and"); else its parts ("Russian Military, Iranian Military"); else the keyword rules
    over the whole text ("Military Forces of Syria (2000-) 5th Corps"). The one function for
    victims' perpetrators and incidents' belligerents, so the same words code the same way.
    """
    if text is None or not str(text).strip():
        return ()
    return _parties(str(text))


_PAIR = frozenset({Party.RUSSIA, Party.SYRIAN_GOVERNMENT, Party.RUSSIA_OR_SYRIAN_GOVERNMENT})


def parse_party(text: str | None) -> Party | None:
    """One code for a perpetrator cell: its party, the Russia/Syrian-government pair, or
    ``multiple`` when it names other parties together (a contested attribution; the parties
    themselves are in :func:`parse_parties`). ``None``: no party read."""
    found = set(parse_parties(text))
    if not found:
        return None
    if len(found) == 1:
        return found.pop()
    return Party.RUSSIA_OR_SYRIAN_GOVERNMENT if found <= _PAIR else Party.MULTIPLE


# --- sex and age group -----------------------------------------------------------------------

_SEX_AGE_SEPARATORS = re.compile(r"\s*[-–—/,;|+]\s*")


def _age_word(text: str) -> AgeGroup | None:
    age = parse_age(text)
    return age.group if age.status is AgeStatus.OK and age.kind is AgeKind.WORD else None


def _sex_age_of(text: str) -> tuple[Sex | None, AgeGroup | None]:
    codes = _exact(Sex, text)
    return (Sex(codes[0]) if codes is not None else None), _age_word(text)


def _read_all(parts: list[str]) -> list[tuple[Sex | None, AgeGroup | None]] | None:
    got = [_sex_age_of(p) for p in parts if p.strip()]
    return None if not got or (None, None) in got else got


def _pieces(text: str) -> list[tuple[Sex | None, AgeGroup | None]] | None:
    """Sex and age of each part of a joined cell ("Adult - Male", else "adult male"), or
    ``None`` when a part is neither."""
    folded = normalize_arabic(text)
    return _read_all(_SEX_AGE_SEPARATORS.split(folded)) or _read_all(folded.split())


def _one(values: set[_E]) -> _E | None:
    return next(iter(values)) if len(values) == 1 else None


@lru_cache(maxsize=16384)
def parse_sex_age(text: str | None) -> tuple[Sex | None, AgeGroup | None]:
    """Sex and age group of a cell that may hold both, as VDC's ``sex`` column does.

    "Adult - Male" → (male, adult); "Child - Female" → (female, child); "male", "ذكر" →
    (male, None); "child", "طفل", "بالغ" → (None, group); "boy", "woman", "طفلة" give both.
    Every part must be read (else (None, None)); parts that disagree leave that half ``None``.
    """
    if text is None or not text.strip():
        return None, None
    whole = _sex_age_of(text)
    if whole != (None, None):
        return whole
    pieces = _pieces(text)
    if not pieces:
        return None, None
    sexes = {s for s, _ in pieces if s is not None}
    groups = {g for _, g in pieces if g is not None}
    return _one(sexes), _one(groups)


@lru_cache(maxsize=4096)
def parse_age_group(text: str | None) -> AgeGroup | None:
    """The age group of an age-group column (Airwars: "adult", "child"), or ``None``.

    Words, ranges and numbers are read as ``normalize.ages.parse_age`` reads them; a span that
    straddles two groups has none.
    """
    if text is None:
        return None
    age = parse_age(text)
    return age.group if age.status is AgeStatus.OK else None


def parse_sex(text: str | None) -> Sex | None:
    return normalize_vocab(Sex, text)


def parse_status(text: str | None) -> Status | None:
    return normalize_vocab(Status, text)


def parse_cause(text: str | None) -> Cause | None:
    return normalize_vocab(Cause, text)
