"""The units a report counts and where its figures go: shared by every report section.

A :class:`Scope` is made once per report (``sections.compute_figures``) and handed to each
section function; its ``count`` and ``rows`` add a figure with the period's query and the rows
it cites, so every section cites the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tawthiq.report.data import Counted, Dataset, Unit
from tawthiq.report.figures import Figure, FigureBook
from tawthiq.report.options import ReportOptions

__all__ = ["Scope"]


@dataclass
class Scope:
    """The units a report counts and where its figures go."""

    data: Dataset
    options: ReportOptions
    book: FigureBook
    units: list[Unit]  # certainly in the period
    maybe: list[Unit]  # possibly in the period (dates overlap it)

    @property
    def unit(self) -> str:
        return self.data.unit_name

    @property
    def period(self) -> dict[str, str | None]:
        o = self.options
        return {
            "from": o.start.isoformat() if o.start else None,
            "to": o.end.isoformat() if o.end else None,
        }

    @property
    def base(self) -> dict[str, Any]:
        return {"period": self.period, "scope": "deaths whose recorded date lies in the period"}

    def count(self, key: str, label: str, counted: Counted, query: dict[str, Any]) -> Figure:
        """Add a count (or a range, when some units only possibly belong) of units."""
        q = {"unit": self.unit, **self.base, **query}
        refs: dict[str, list[Any]] = {"records": counted.record_ids}
        if counted.possible:
            refs["possible"] = counted.possible_record_ids
            value = {"min": counted.low, "max": counted.high}
            return self.book.add(Figure(key, label, "range", value, q, refs))
        return self.book.add(Figure(key, label, "count", {"count": counted.low}, q, refs))

    def rows(
        self, key: str, label: str, ids: Sequence[int], query: dict[str, Any], ref: str
    ) -> Figure:
        """Add a count of cited rows that are not units (records, reports, incidents, pairs)."""
        return self.book.add(
            Figure(key, label, "count", {"count": len(ids)}, query, {ref: list(ids)})
        )
