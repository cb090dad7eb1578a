"""Sex, civilian status, cause and perpetrator text to the codes of ``tawthiq.model.vocab``.

``tawthiq.model.vocab.parse`` matches lower-cased text against its alias table, so "أنثى" and
"انثى" match but "مدنيّة" (with a shadda), "مدنية" typed with ه, or "إعدام ميداني" typed
without its hamza do not. :func:`normalize_vocab` tries ``vocab.parse`` first, then the same
aliases, labels and codes after Arabic normalisation (``_text.normalize_arabic``) and with
punctuation ignored, then :data:`SUPPLEMENTARY_ALIASES`: spellings real lists use that the model's
table lacks. That table lives here because ``model/vocab.py`` is shared; its entries can move
there.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache, lru_cache
from typing import TypeVar, cast

from tawthiq.model import vocab as model_vocab
from tawthiq.model.vocab import Cause, Party, Sex, Status
from tawthiq.normalize._text import normalize_arabic

__all__ = [
    "SUPPLEMENTARY_ALIASES",
    "normalize_vocab",
    "parse_cause",
    "parse_party",
    "parse_sex",
    "parse_status",
]

_E = TypeVar("_E", bound=StrEnum)

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
        # Hay'at Tahrir al-Sham / Nusra: documenters list them apart from the opposition,
        # and the model has no code of their own, so they are "other", not "opposition".
        "hts": "other",
        "hayat tahrir al-sham": "other",
        "nusra": "other",
        "nusra front": "other",
        "هيئه تحرير الشام": "other",
        "جبهه النصره": "other",
        "جهه مجهوله": "unknown",
        "unidentified": "unknown",
    },
}

_PUNCT = re.compile(r"[\s.,;:!?()\[\]\"'«»_]+")


def _key(text: str) -> str:
    return _PUNCT.sub(" ", normalize_arabic(text).lower()).strip()


@cache
def _table(vocab: type[StrEnum]) -> dict[str, str]:
    table: dict[str, str] = {}
    for code in vocab:
        table[_key(code.value)] = code.value
        table[_key(code.value.replace("_", " "))] = code.value
    for value, labels in model_vocab.LABELS.get(vocab, {}).items():
        for label in labels:
            table.setdefault(_key(label), value)
    for alias, code_value in model_vocab.ALIASES.get(vocab, {}).items():
        table.setdefault(_key(alias), code_value)
    for alias, code_value in SUPPLEMENTARY_ALIASES.get(vocab, {}).items():
        table.setdefault(_key(alias), code_value)
    return table


@lru_cache(maxsize=65536)
def _lookup(vocab: type[StrEnum], text: str) -> StrEnum | None:
    if not text.strip():
        return None
    found = model_vocab.parse(vocab, text)
    if found is not None:
        return found
    value = _table(vocab).get(_key(text))
    return vocab(value) if value is not None else None


def normalize_vocab(vocab: type[_E], text: str | None) -> _E | None:
    """The code for ``text`` in ``vocab`` (Sex, Status, Cause, Party, ...), or ``None``.

    ``None`` means empty or not recognised; the caller decides whether that is a warning.
    """
    if text is None:
        return None
    return cast("_E | None", _lookup(vocab, str(text)))


def parse_sex(text: str | None) -> Sex | None:
    return normalize_vocab(Sex, text)


def parse_status(text: str | None) -> Status | None:
    return normalize_vocab(Status, text)


def parse_cause(text: str | None) -> Cause | None:
    return normalize_vocab(Cause, text)


def parse_party(text: str | None) -> Party | None:
    return normalize_vocab(Party, text)
