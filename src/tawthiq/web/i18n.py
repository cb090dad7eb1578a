"""Arabic and English for the web app: gettext catalogues, dates with their precision, digits.

Catalogues are ordinary gettext ``.po`` files under ``web/locales/<lang>/LC_MESSAGES/``, read
with Babel at start-up (no compile step, so translators edit one file and reload). English is
the source language. Dates are shown at the precision they were recorded: a month-only date is
"March 2016" / "آذار ٢٠١٦", never "2016-03-01". Syrian Arabic month names (كانون الثاني …)
come from CLDR's ``ar_SY`` locale through Babel.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from importlib.resources import files

from babel.dates import format_date
from babel.messages.pofile import read_po

__all__ = ["LANGUAGES", "direction", "format_precise_date", "gettext_for", "to_digits"]

LANGUAGES = ("ar", "en")
_BABEL_LOCALE = {"ar": "ar_SY", "en": "en_GB"}
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


@cache
def _catalog(lang: str) -> dict[str, str]:
    path = files("tawthiq.web").joinpath("locales", lang, "LC_MESSAGES", "tawthiq.po")
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def gettext_for(lang: str) -> Callable[[str], str]:
    table = _catalog(lang if lang in LANGUAGES else "ar")
    return lambda message: table.get(message, message)


def direction(lang: str) -> str:
    return "rtl" if lang == "ar" else "ltr"


def to_digits(text: str, digits: str) -> str:
    """Arabic-Indic (``arab``) or Latin (``latn``) digits, whatever the text had."""
    return text.translate(_ARABIC_INDIC if digits == "arab" else _LATIN)


def format_precise_date(
    earliest: date | None,
    latest: date | None,
    precision: str | None,
    lang: str,
    digits: str = "latn",
) -> str:
    """A date as precise as it was recorded: day, month, year or a range."""
    if earliest is None:
        return ""
    locale = _BABEL_LOCALE.get(lang, "en_GB")
    if precision == "year":
        text = str(earliest.year)
    elif precision == "month":
        text = format_date(earliest, "LLLL y", locale=locale)
    elif precision == "range" and latest is not None and latest != earliest:
        first = format_date(earliest, "d MMMM y", locale=locale)
        last = format_date(latest, "d MMMM y", locale=locale)
        text = f"{first} – {last}"
    else:
        text = format_date(earliest, "d MMMM y", locale=locale)
    return to_digits(text, digits)
