"""The shipped name inventory (``data/names/inventory.csv``), read once per process.

One row per name: its kind (``male``, ``female`` or ``family``), its canonical Arabic spelling,
a frequency weight, its common Latin spellings (most common first) and where the row came from.
Everything that uses the inventory reads it here, each deriving what it needs: name parsing
(given names, for the kunya rules), the search ranking (the spellings of one name), the linkage
rules (two given names the inventory lists as different names) and the simulator (names to
draw, with their weights).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["InventoryName", "inventory_names"]


@dataclass(frozen=True)
class InventoryName:
    """One name of the inventory, as written there."""

    kind: str
    """``male``, ``female`` or ``family``."""
    arabic: str
    """Canonical Arabic spelling."""
    weight: float
    """How common the name is, relative to the others of its kind."""
    latin: tuple[str, ...]
    """Latin spellings, most common first (none empty)."""
    origin: str

    @property
    def written(self) -> tuple[str, ...]:
        """Every spelling the inventory gives: the Arabic first, then the Latin ones."""
        return (self.arabic, *self.latin)

    @property
    def given(self) -> bool:
        """A given name (male or female), not a family name."""
        return self.kind in ("male", "female")


@lru_cache(maxsize=1)
def inventory_names() -> tuple[InventoryName, ...]:
    """Every name of the shipped inventory, in file order (a name's position is its id)."""
    table = resources.files("tawthiq").joinpath("data", "names", "inventory.csv")
    rows = csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"), newline=""))
    return tuple(
        InventoryName(
            kind=row["kind"],
            arabic=row["arabic"],
            weight=float(row["weight"]),
            latin=tuple(s for s in row["latin"].split("|") if s),
            origin=row.get("origin") or "",
        )
        for row in rows
    )
