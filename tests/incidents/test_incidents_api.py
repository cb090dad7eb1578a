"""The public surface of tawthiq.incidents: every exported name exists and is documented."""

from __future__ import annotations

import tawthiq.incidents as incidents


def test_every_exported_name_exists_and_is_sorted() -> None:
    assert incidents.__all__ == sorted(incidents.__all__, key=lambda n: (not n.isupper(), n))
    for name in incidents.__all__:
        obj = getattr(incidents, name)
        if callable(obj):
            assert obj.__doc__, name
