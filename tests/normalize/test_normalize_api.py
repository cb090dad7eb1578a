"""The public surface of tawthiq.normalize: what the importer may rely on."""

from __future__ import annotations

import tawthiq.normalize as normalize

EXPECTED = {
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
}


def test_exported_members() -> None:
    assert set(normalize.__all__) == EXPECTED
    for name in normalize.__all__:
        assert getattr(normalize, name) is not None


def test_results_are_frozen() -> None:
    import dataclasses

    import pytest

    for result in (
        normalize.normalize_name("محمد"),
        normalize.parse_date("2013"),
        normalize.parse_age("5"),
        normalize.resolve_place("Idlib"),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.original = "x"  # type: ignore[misc]
