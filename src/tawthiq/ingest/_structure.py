"""The stored name structure of a record: relation and anchor, kunya, titles, placeholder.

Derived with the other normalised columns (``_derive``) from the name as recorded: the full
name when there is one (the structure is a property of the whole record: "Fatima, wife of
Ahmad"), else the split columns in order (a list that puts "wife of Ahmad" in its given-name
column). Parsing is cached per distinct name by ``normalize_name``.
"""

from __future__ import annotations

from functools import lru_cache

from tawthiq.normalize import normalize_name

__all__ = ["STRUCTURE_COLUMNS", "structure_columns"]

STRUCTURE_COLUMNS: tuple[str, ...] = (
    "name_relation",
    "name_anchor",
    "name_kunya",
    "name_titles",
    "name_placeholder",
)

_Structure = tuple[str | None, str | None, str | None, str | None, bool | None]
_NONE: _Structure = (None, None, None, None, None)


@lru_cache(maxsize=65536)
def _of(text: str) -> _Structure:
    s = normalize_name(text).structure
    anchor = s.anchor.normalized or None if s.anchor is not None else None
    titles = " ".join(s.titles) or None
    if s.relation is None and s.kunya is None and titles is None and not s.placeholder:
        return _NONE
    relation = s.relation.value if s.relation is not None else None
    return relation, anchor, s.kunya, titles, s.placeholder


def structure_columns(
    full: str | None, given: str | None, father: str | None, family: str | None
) -> _Structure:
    """(name_relation, name_anchor, name_kunya, name_titles, name_placeholder) of one record.

    ``name_placeholder`` is True for a record that names nobody, False for a record with a
    structure that names somebody, None when the name has no structure at all (most names).
    """
    if full is not None:
        return _of(full)
    for text in (given, father, family):
        if text is not None:
            found = _of(text)
            if found != _NONE:
                return found
    return _NONE
