"""Mapping files (``--mapping map.toml``) and HXL hashtags: which column is which canonical field.

A mapping file describes one list's layout once, so any CSV, XLSX or JSON-lines file in that
layout imports without editing it::

    source = "Sim documentation group"   # which list this is (the default for --source)
    format = "xlsx"                        # csv | xlsx | jsonl | hxl (default: from the file)
    sheet = "الضحايا"                      # XLSX: sheet name or number (default: the first)
    encoding = "cp1256"                    # CSV/JSON lines text encoding (default utf-8)
    date_order = "dmy"                     # numeric dates are day/month/year (or mdy, ymd)

    [columns]                              # source column → canonical field
    "الرقم" = "record_id"
    "الاسم الكامل" = "full_name"
    "تاريخ الوفاة" = "date_of_death"
    "#adm1+name" = "governorate"           # in an HXL file, a hashtag pattern also works

    [constants]                            # canonical field → the same value for every row
    status = "civilian"

Column names match with case, surrounding spaces and Arabic letter variants (أ/ا, ة/ه, ى/ي,
tatweel) ignored. Unmapped columns are still kept verbatim in the raw rows.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from tawthiq.errors import InputError
from tawthiq.ingest.canonical import CANONICAL_COLUMNS
from tawthiq.normalize import DateOrder, normalize_arabic

__all__ = [
    "FORMATS",
    "HXL_VICTIM_FIELDS",
    "Mapping",
    "column_key",
    "hxl_index",
    "load_mapping",
    "mapped_index",
]

FORMATS = ("csv", "xlsx", "jsonl", "hxl", "acled", "ucdp", "airwars", "report")
_TOP_KEYS = {"source", "format", "sheet", "encoding", "date_order", "columns", "constants"}
_ORDERS = ("dmy", "mdy", "ymd")


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file (see the module docstring)."""

    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    format: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    date_order: DateOrder | None = None

    def as_json(self) -> dict[str, Any]:
        """What is stored with the import run (so a later ``tawthiq normalize`` reads alike)."""
        out: dict[str, Any] = {"columns": self.columns, "constants": self.constants}
        for key in ("source", "format", "sheet", "encoding", "date_order"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


def _str(value: Any, key: str, file: str) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InputError(f"{key} must be text", file=file, field=key)
    return str(value)


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every mistake is an ``InputError`` naming the key."""
    file = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as err:
        raise InputError(f"cannot read the mapping file: {err.strerror}", file=file) from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"not a valid TOML mapping file: {err}", file=file) from err
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise InputError(
            f"unknown key(s) {', '.join(unknown)}; expected: {', '.join(sorted(_TOP_KEYS))}",
            file=file,
        )
    columns_raw = raw.get("columns", {})
    constants_raw = raw.get("constants", {})
    if not isinstance(columns_raw, dict) or not isinstance(constants_raw, dict):
        raise InputError("[columns] and [constants] must be tables", file=file)
    columns: dict[str, str] = {}
    used: dict[str, str] = {}
    for source_col, target in columns_raw.items():
        target = _str(target, f"columns.{source_col}", file).strip()
        if target not in CANONICAL_COLUMNS:
            raise InputError(
                f"column {source_col!r} maps to {target!r}, which is not a canonical field "
                f"({', '.join(CANONICAL_COLUMNS)})",
                file=file,
                field=source_col,
            )
        if target in used:
            raise InputError(
                f"columns {used[target]!r} and {source_col!r} both map to {target!r}",
                file=file,
                field=source_col,
            )
        used[target] = source_col
        columns[source_col] = target
    constants: dict[str, str] = {}
    for target, value in constants_raw.items():
        if target not in CANONICAL_COLUMNS or target == "record_id":
            raise InputError(
                f"constant {target!r} is not a canonical field that can be constant",
                file=file,
                field=target,
            )
        if target in used:
            raise InputError(
                f"{target!r} is both mapped from column {used[target]!r} and a constant",
                file=file,
                field=target,
            )
        constants[target] = _str(value, f"constants.{target}", file)
    order = raw.get("date_order")
    if order is not None and order not in _ORDERS:
        raise InputError(
            f"date_order must be one of {', '.join(_ORDERS)}, not {order!r}",
            file=file,
            field="date_order",
        )
    fmt = raw.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise InputError(
            f"format must be one of {', '.join(FORMATS)}, not {fmt!r}", file=file, field="format"
        )
    encoding = raw.get("encoding")
    sheet = raw.get("sheet")
    source = raw.get("source")
    return Mapping(
        columns=columns,
        constants=constants,
        source=None if source is None else _str(source, "source", file),
        format=None if fmt is None else str(fmt),
        sheet=None if sheet is None else _str(sheet, "sheet", file),
        encoding=None if encoding is None else _str(encoding, "encoding", file),
        date_order=cast("DateOrder | None", order),
    )


def column_key(name: str) -> str:
    """How column names are compared: Arabic letter variants, case and spacing aside."""
    return " ".join(normalize_arabic(name).casefold().split())


def mapped_index(
    columns: list[str], mapping: Mapping, file: str, hashtags: list[str] | None = None
) -> dict[str, int]:
    """Canonical field → column position, from a mapping file; a missing column is an error."""
    by_name: dict[str, int] = {}
    for i, col in enumerate(columns):
        by_name.setdefault(column_key(col), i)
    index: dict[str, int] = {}
    for source_col, target in mapping.columns.items():
        pos = by_name.get(column_key(source_col))
        if pos is None and hashtags is not None and source_col.strip().startswith("#"):
            pos = _first_match(source_col, hashtags, set(index.values()))
        if pos is None:
            raise InputError(
                f"the mapping names column {source_col!r}, which the file does not have; "
                f"its columns are: {', '.join(columns)}",
                file=file,
                field=source_col,
            )
        index[target] = pos
    return index


# --- HXL ----------------------------------------------------------------------------------

# Canonical field → hashtag patterns, most specific first. A pattern matches a column whose
# tag is the same and that has at least the pattern's attributes (libhxl's TagPattern).
HXL_VICTIM_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("record_id", ("#meta+id", "#affected+id", "#person+id", "#victim+id")),
    ("given_name", ("#affected+name+given", "#affected+name+first", "#person+name+given")),
    ("father_name", ("#affected+name+father", "#person+name+father")),
    ("family_name", ("#affected+name+family", "#affected+name+last", "#person+name+family")),
    ("mother_name", ("#affected+name+mother", "#person+name+mother")),
    ("full_name", ("#affected+name", "#person+name", "#victim+name", "#name")),
    ("sex", ("#affected+sex", "#affected+gender", "#person+sex", "#sex")),
    ("age", ("#affected+age", "#person+age", "#age")),
    ("date_of_death", ("#date+death", "#date+killed", "#date+occurred", "#date")),
    ("pcode", ("#loc+code", "#adm4+code", "#adm3+code", "#adm2+code", "#adm1+code")),
    ("place_of_death", ("#loc+name", "#adm4+name", "#adm3+name", "#adm2+name", "#loc")),
    ("governorate", ("#adm1+name", "#adm1")),
    ("cause", ("#affected+cause", "#cause", "#impact+type", "#event+type")),
    ("perpetrator", ("#org+perpetrator", "#actor+perpetrator", "#actor", "#org+actor")),
    ("status", ("#affected+status", "#person+status", "#status")),
    ("source_url", ("#meta+url", "#meta+source+url")),
    ("notes", ("#description", "#meta+notes", "#narrative")),
)


def _first_match(pattern: str, hashtags: list[str], used: set[int]) -> int | None:
    import hxl.model

    try:
        tp = hxl.model.TagPattern.parse(pattern)
    except Exception as err:  # libhxl raises its own HXLException for a bad pattern
        raise InputError(f"not an HXL hashtag pattern: {pattern!r} ({err})") from err
    for i, spec in enumerate(hashtags):
        if i in used or not spec.startswith("#"):
            continue
        try:
            column = hxl.model.Column.parse(spec)
        except Exception:
            continue
        if column and tp.match(column):
            return i
    return None


def hxl_index(
    hashtags: list[str], fields: tuple[tuple[str, tuple[str, ...]], ...]
) -> dict[str, int]:
    """Field → column position of the first column each field's patterns match, each column
    used once (so ``#affected+name+given`` is the given name, not also the full name)."""
    index: dict[str, int] = {}
    for name, patterns in fields:
        for pattern in patterns:
            pos = _first_match(pattern, hashtags, set(index.values()))
            if pos is not None:
                index[name] = pos
                break
    return index
