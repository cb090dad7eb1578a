"""Character-level clean-up shared by names, dates, ages, places and vocabularies.

Real lists are typed on Arabic, Persian and Kurdish keyboards, pasted from PDFs and Word files,
and carry invisible bidi marks. Before anything can be compared, every spelling of the same
letter has to become one code point. These functions are pure, total (never raise) and
idempotent, so they can be re-run after a rule change.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ARABIC_LETTERS",
    "ascii_digits",
    "has_arabic",
    "normalize_arabic",
    "strip_invisible",
]

# Invisible characters that change nothing a reader sees: zero-width space/joiners, bidi marks,
# embeddings and isolates, the BOM, the Arabic letter mark, soft hyphen and the word joiner.
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff"
)
_INVISIBLE_TABLE = {ord(c): None for c in _INVISIBLE}

# Arabic-Indic (U+0660..) and Extended Arabic-Indic / Persian (U+06F0..) digits.
_DIGITS_TABLE = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
# Arabic decimal/thousands separators and percent sign, so "٣٫٥" reads as 3.5.
_DIGITS_TABLE |= {0x066B: ".", 0x066C: ",", 0x066A: "%"}

# Harakat and Quranic annotation marks: fathatan..sukun, maddah/hamza above/below as marks,
# superscript (dagger) alef, small high/low signs, and the marks used in Quranic text.
_MARKS = set(range(0x064B, 0x0660)) | {0x0670} | set(range(0x0610, 0x061B))
_MARKS |= set(range(0x06D6, 0x06DD)) | set(range(0x06DF, 0x06E5)) | set(range(0x06E7, 0x06E9))
_MARKS |= set(range(0x06EA, 0x06EE)) | set(range(0x08D3, 0x0900))

_LETTERS_TABLE: dict[int, str | None] = {m: None for m in _MARKS}
_LETTERS_TABLE[0x0640] = None  # tatweel (kashida): decorative stretching only
_LETTERS_TABLE.update(
    {
        # alef forms: with hamza above/below, madda, wasla, wavy hamza forms
        ord("أ"): "ا",
        ord("إ"): "ا",
        ord("آ"): "ا",
        ord("ٱ"): "ا",
        ord("ٲ"): "ا",
        ord("ٳ"): "ا",
        ord("ٵ"): "ا",
        # hamza carriers: the seat letter is what varies between typists
        ord("ؤ"): "و",
        ord("ئ"): "ي",
        ord("ٶ"): "و",
        ord("ٸ"): "ي",
        # ta marbuta and alef maqsura are written as ha and ya by many typists
        ord("ة"): "ه",
        ord("ۃ"): "ه",
        ord("ى"): "ي",
        # Persian/Urdu/Kurdish letters that look the same as (or stand for) Arabic ones
        ord("ک"): "ك",
        ord("ڪ"): "ك",
        ord("ګ"): "ك",
        ord("گ"): "ك",
        ord("ی"): "ي",
        ord("ې"): "ي",
        ord("ۍ"): "ي",
        ord("ێ"): "ي",
        ord("ے"): "ي",
        ord("ہ"): "ه",
        ord("ە"): "ه",
        ord("ھ"): "ه",
        ord("ۀ"): "ه",
        ord("ۆ"): "و",
        ord("ۇ"): "و",
        ord("ۈ"): "و",
        ord("ۋ"): "و",
        ord("ۅ"): "و",
        ord("ۉ"): "و",
        ord("ڕ"): "ر",
        ord("ڵ"): "ل",
        ord("پ"): "ب",
        ord("چ"): "ج",
        ord("ژ"): "ز",
        ord("ڤ"): "ف",
        ord("ڥ"): "ف",
        ord("ٹ"): "ت",
        ord("ڈ"): "د",
        ord("ڑ"): "ر",
        ord("ں"): "ن",
        # Arabic punctuation that separates words
        ord("،"): ",",
        ord("؛"): ";",
        ord("؟"): "?",
        ord("٭"): "*",
    }
)

ARABIC_LETTERS = frozenset("ءابتثجحخدذرزسشصضطظعغفقكلمنهوي")
"""The letters left after :func:`normalize_arabic` (plus ASCII and other scripts untouched)."""

_SPACES = re.compile(r"\s+")
_ARABIC_RANGE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def strip_invisible(text: str) -> str:
    """``text`` without zero-width and bidi control characters."""
    return text.translate(_INVISIBLE_TABLE)


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic and Persian digits (and ٫ ٬ ٪) replaced by ASCII ones."""
    return text.translate(_DIGITS_TABLE)


def has_arabic(text: str) -> bool:
    """Whether ``text`` contains any character from the Arabic blocks."""
    return _ARABIC_RANGE.search(text) is not None


@lru_cache(maxsize=65536)
def normalize_arabic(text: str) -> str:
    """One spelling per letter, for comparing Arabic text typed by different people.

    NFKC folds presentation forms (ﻻ, ﷲ) into letters; then harakat, Quranic marks, tatweel
    and invisible characters go; alef forms become ا, ؤ→و, ئ→ي, ة→ه, ى→ي; Persian, Urdu and
    Kurdish letters become their Arabic counterparts; digits become ASCII; runs of whitespace
    become one space. Non-Arabic characters are kept as they are. Hamza on the line (ء) is
    kept: علاء and علا are different names.
    """
    out = text.translate(_INVISIBLE_TABLE)
    for _ in range(3):  # removing a mark can expose a new composition; stop when stable
        out = unicodedata.normalize("NFKC", out).translate(_LETTERS_TABLE).translate(_DIGITS_TABLE)
        if unicodedata.is_normalized("NFKC", out):
            break
    return _SPACES.sub(" ", out).strip()
