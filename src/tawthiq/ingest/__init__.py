"""Ingest: read lists in the formats people have into raw rows and victim records.

Every input row is kept verbatim with the file's SHA-256 and its row number; rows that fail
validation stay in the store as rejected, with their reasons.
"""

from __future__ import annotations

from tawthiq.ingest.canonical import CANONICAL_COLUMNS, Problem
from tawthiq.ingest.run import ImportSummary, RowProblem, current_user, import_canonical_csv

__all__ = [
    "CANONICAL_COLUMNS",
    "ImportSummary",
    "Problem",
    "RowProblem",
    "current_user",
    "import_canonical_csv",
]
