"""Report: exports, cited figures, HTML/PDF reports and claim checks built from the store."""

from __future__ import annotations

from tawthiq.report.export import (
    RECORD_EXPORT_COLUMNS,
    ExportSummary,
    export_problems,
    export_records,
    export_rejected,
)

__all__ = [
    "RECORD_EXPORT_COLUMNS",
    "ExportSummary",
    "export_problems",
    "export_records",
    "export_rejected",
]
