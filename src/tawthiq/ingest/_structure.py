"""The stored name structure of a record: relation and anchor, kunya, titles, placeholder.

Derived with the other normalised columns (``_derive``) from the name as recorded: the full
name when there is one (the structure is a property of the whole record: "Fatima, wife of
Ahmad"), else the split columns in order (a list that puts "wife of Ahmad" in its given-name
column). It is read off the names ``_derive`` has already parsed for the name columns (each
distinct name is parsed once, not once for the parts and again for the structure).
"""

from __future__ import annotations

from tawthiq.normalize import NormalizedName

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


def _of(name: NormalizedName) -> _Structure:
    """The five columns of one parsed name (all ``None`` for a name with no structure)."""
    s = name.structure
    anchor = s.anchor.normalized or None if s.anchor is not None else None
    titles = " ".join(s.titles) or None
    if s.relation is None and s.kunya is None and titles is None and not s.placeholder:
        return _NONE
    relation = s.relation.value if s.relation is not None else None
    return relation, anchor, s.kunya, titles, s.placeholder


def structure_columns(
    full: NormalizedName | None,
    given: NormalizedName | None,
    father: NormalizedName | None,
    family: NormalizedName | None,
) -> _Structure:
    """(name_relation, name_anchor, name_kunya, name_titles, name_placeholder) of one record,
    from its parsed names (``None`` where the record gives no such name).

    ``name_placeholder`` is True for a record that names nobody, False for a record with a
    structure that names somebody, None when the name has no structure at all (most names).
    """
    if full is not None:
        return _of(full)
    for name in (given, father, family):
        if name is not None:
            found = _of(name)
            if found != _NONE:
                return found
    return _NONE
