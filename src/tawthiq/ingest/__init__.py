"""Ingest: read lists in the formats people have into raw rows and victim records.

Every input row is kept verbatim with the file's SHA-256 and its row number; rows that fail
validation stay in the store as rejected, with their reasons. Formats: canonical CSV, any CSV,
XLSX or JSON lines via a mapping file, HXL-tagged CSV, and the incident exports of ACLED, UCDP
GED and Airwars, and tawthiq's incident-report file (``formats.import_file``). ``renormalize``
re-derives every normalised field of stored records from their as-recorded values (``tawthiq
normalize``); ``derive`` is the same derivation for one record (web edits use it).
"""

from __future__ import annotations

from tawthiq.ingest._derive import (
    AS_RECORDED_COLUMNS,
    DEFAULT_PERIOD_START,
    NORMALIZED_COLUMNS,
    VALUE_FIELDS,
    DeriveSettings,
    derive,
    settings_from_run,
)
from tawthiq.ingest.canonical import CANONICAL_COLUMNS, Problem
from tawthiq.ingest.formats import FORMATS, detect_format, import_file
from tawthiq.ingest.mapping import Mapping, load_mapping
from tawthiq.ingest.renormalize import NormalizeSummary, renormalize
from tawthiq.ingest.run import ImportSummary, RowProblem, current_user, import_canonical_csv

__all__ = [
    "AS_RECORDED_COLUMNS",
    "CANONICAL_COLUMNS",
    "DEFAULT_PERIOD_START",
    "FORMATS",
    "NORMALIZED_COLUMNS",
    "VALUE_FIELDS",
    "DeriveSettings",
    "ImportSummary",
    "Mapping",
    "NormalizeSummary",
    "Problem",
    "RowProblem",
    "current_user",
    "derive",
    "detect_format",
    "import_canonical_csv",
    "import_file",
    "load_mapping",
    "renormalize",
    "settings_from_run",
]
