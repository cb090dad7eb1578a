"""Normalisation: names, dates, ages, places and vocabularies, one value at a time.

Every function here is pure, cached and total: it takes one cell as an importer read it and
returns a frozen result that keeps the original beside the normalised value, with a status and
the reasons for anything it dropped, guessed or could not read. Nothing raises on bad input,
so a reader can call these per row and decide what is a rejection. Re-running them after a rule
change re-derives every normalised field from the originals (``tawthiq normalize``).

    normalize_name(text)            -> NormalizedName   parts, canonical spelling, key
    name_key(text)                  -> str              cross-script key (محمد = Mohamed)
    parse_date(value, order)        -> ParsedDate       earliest/latest, DatePrecision
    parse_age(value)                -> ParsedAge        years span, kind, age group
    resolve_place(text, governorate=, district=, level=) -> PlaceResolution  P-code, level
    resolve_point(latitude, longitude) -> PlaceResolution  sub-district by point-in-polygon,
                                                           then the nearest community
    normalize_vocab(Vocab, text)    -> code | None      sex, status, cause, party, weapon …
    parse_codes(Vocab, text)        -> codes | None     multi-valued labels ("A, B")
    parse_party(text)               -> Party | None     the one party vocabulary (victims and
                                                        incidents); parse_parties for all named
    parse_sex_age(text)             -> (Sex, AgeGroup)  "Adult - Male"
"""

from tawthiq.normalize._text import normalize_arabic
from tawthiq.normalize.ages import (
    AgeGroup,
    AgeKind,
    AgeStatus,
    ParsedAge,
    age_group,
    parse_age,
)
from tawthiq.normalize.dates import DateOrder, DateStatus, ParsedDate, parse_date
from tawthiq.normalize.geo import resolve_point
from tawthiq.normalize.name_structure import NameStructure, Relation
from tawthiq.normalize.names import (
    NameParts,
    NormalizedName,
    name_key,
    normalize_name,
    parse_name_structure,
    word_key,
)
from tawthiq.normalize.places import (
    Gazetteer,
    Place,
    PlaceLevel,
    PlaceResolution,
    PlaceStatus,
    gazetteer,
    resolve_place,
)
from tawthiq.normalize.vocab import (
    SUPPLEMENTARY_ALIASES,
    normalize_vocab,
    parse_age_group,
    parse_cause,
    parse_codes,
    parse_parties,
    parse_party,
    parse_sex,
    parse_sex_age,
    parse_status,
    unmapped_parts,
)

__all__ = [
    "SUPPLEMENTARY_ALIASES",
    "AgeGroup",
    "AgeKind",
    "AgeStatus",
    "DateOrder",
    "DateStatus",
    "Gazetteer",
    "NameParts",
    "NameStructure",
    "NormalizedName",
    "ParsedAge",
    "ParsedDate",
    "Place",
    "PlaceLevel",
    "PlaceResolution",
    "PlaceStatus",
    "Relation",
    "age_group",
    "gazetteer",
    "name_key",
    "normalize_arabic",
    "normalize_name",
    "normalize_vocab",
    "parse_age",
    "parse_age_group",
    "parse_cause",
    "parse_codes",
    "parse_date",
    "parse_name_structure",
    "parse_parties",
    "parse_party",
    "parse_sex",
    "parse_sex_age",
    "parse_status",
    "resolve_place",
    "resolve_point",
    "unmapped_parts",
    "word_key",
]
