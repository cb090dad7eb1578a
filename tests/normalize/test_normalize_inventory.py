"""The shipped name inventory, read once for every stage that uses it."""

from __future__ import annotations

from tawthiq.normalize.inventory import inventory_names


def test_the_inventory_is_read_once_with_its_spellings_in_order() -> None:
    names = inventory_names()
    assert names is inventory_names()  # cached: one read per process
    assert len(names) > 400
    assert {n.kind for n in names} == {"male", "female", "family"}
    assert all(n.arabic and n.weight > 0 and all(n.latin) for n in names)
    first = names[0]
    assert first.given and first.written == (first.arabic, *first.latin)
    assert first.latin[0] == "Mohammad"  # most common first, as written in the file
    assert not any(n.given for n in names if n.kind == "family")
