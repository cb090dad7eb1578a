"""Mapping files (``--mapping map.toml``) and HXL hashtags: which column is which canonical field,
and what a list's own words mean in tawthiq's vocabularies.

A mapping file describes one list's layout once, so any CSV, XLSX or JSON-lines file in that
layout imports without editing it::

    source = "Sim documentation group"   # which list this is (the default for --source)
    format = "xlsx"                        # csv | xlsx | jsonl | hxl (default: from the file)
    sheet = "الضحايا"                      # XLSX: sheet name or number (default: the first)
    encoding = "cp1256"                    # CSV/JSON lines text encoding (default utf-8)
    date_order = "dmy"                     # numeric dates are day/month/year (or mdy, ymd)

    [columns]                              # source column → canonical field (or fields)
    "الرقم" = "record_id"
    "الاسم الكامل" = "full_name"
    "sex" = ["sex", "age"]                 # one column feeding two fields ("Adult - Male")
    "#adm1+name" = "governorate"           # in an HXL file, a hashtag pattern also works

    [constants]                            # canonical field → the same value for every row
    status = "civilian"
    # record_id = "@row"                   # a file without ids: the data row number is the id

    [values.perpetrator]                   # field → the list's value → tawthiq's code
    "Regime forces" = "syrian_government"
    "Not identified" = ""                  # "" reads the value as explicitly unknown

An incident export in a layout tawthiq has no reader for is described the same way, with
``kind = "incidents"``: its columns map to the incident fields (``INCIDENT_FIELDS``: ``id``,
``date``, ``place``, ``governorate``, ``lat``, ``lon``, ``precision_km``, ``type``,
``belligerent``, ``grade``, ``status``, ``civilians_min``/``_max``, ``killed_min``/``_max``
for everyone killed, any count kind such as ``hw_killed`` or ``children_killed_min`` …) and its
values map for ``type``, ``belligerent``, ``grade``, ``target`` and ``status``.

Column names and mapped values match with case, surrounding spaces and Arabic letter variants
(أ/ا, ة/ه, ى/ي, tatweel) ignored. Unmapped columns are still kept verbatim in the raw rows.
Every mistake (an unknown key, field or code) is reported before anything is read or written.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from tawthiq.errors import InputError
from tawthiq.ingest._derive import VALUE_FIELDS, value_key
from tawthiq.ingest.canonical import CANONICAL_COLUMNS, ROW_NUMBER_ID
from tawthiq.normalize import DateOrder, gazetteer, normalize_arabic

__all__ = [
    "FORMATS",
    "HXL_VICTIM_FIELDS",
    "INCIDENT_FIELDS",
    "INCIDENT_VALUE_FIELDS",
    "Mapping",
    "column_key",
    "hxl_index",
    "load_mapping",
    "mapped_index",
]

FORMATS = ("csv", "xlsx", "jsonl", "hxl", "acled", "ucdp", "airwars", "shcc", "report")
_TOP_KEYS = {
    "kind",
    "source",
    "format",
    "sheet",
    "encoding",
    "date_order",
    "columns",
    "constants",
    "values",
}
_ORDERS = ("dmy", "mdy", "ymd")
_KINDS = ("victims", "incidents")


def _incident_fields() -> tuple[str, ...]:
    from tawthiq.incidents.model import COUNT_KINDS

    base = (
        "id",
        "date",
        "date_end",
        "time",
        "place",
        "place_ar",
        "governorate",
        "district",
        "pcode",
        "lat",
        "lon",
        "precision_km",
        "geo_precision",
        "type",
        "target",
        "weapon",
        "belligerent",
        "assessment",
        "grade",
        "status",
        "killed_min",
        "killed_max",
        "killed_best",
        "civilians_min",
        "civilians_max",
        "facility",
        "facility_type",
        "sensitive",
        "url",
        "description",
    )
    counts = tuple(f"{k}{end}" for k in COUNT_KINDS for end in ("", "_min", "_max"))
    return base + counts


INCIDENT_FIELDS: tuple[str, ...] = _incident_fields()
"""The fields an incident mapping file's ``[columns]`` and ``[constants]`` may name."""


def _incident_value_fields() -> dict[str, type[StrEnum]]:
    from tawthiq.model.vocab import Grade, IncidentType, Party, TargetType

    return {"type": IncidentType, "belligerent": Party, "grade": Grade, "target": TargetType}


INCIDENT_VALUE_FIELDS: dict[str, type[StrEnum] | str] = {
    **_incident_value_fields(),
    "status": "status",
}
"""Incident fields whose values a mapping file may map, and to what vocabulary (``status``: a
strike status, declared/likely/contested/single_source)."""
_STATUSES = ("declared", "likely", "contested", "single_source")


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file (see the module docstring).

    ``columns`` maps a source column to the fields it feeds (usually one); ``values`` maps a
    field to {value key → code}, the keys already folded by :func:`value_key`, with the values
    as the user wrote them kept in ``values_as_written`` for storing with the run.
    """

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    format: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    date_order: DateOrder | None = None
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    values_as_written: dict[str, dict[str, str]] = field(default_factory=dict)
    kind: str = "victims"
    """``victims`` (canonical fields) or ``incidents`` (``INCIDENT_FIELDS``)."""

    def as_json(self) -> dict[str, Any]:
        """What is stored with the import run (so a later ``tawthiq normalize`` reads alike)."""
        columns = {c: f[0] if len(f) == 1 else list(f) for c, f in self.columns.items()}
        out: dict[str, Any] = {"columns": columns, "constants": self.constants}
        if self.kind != "victims":
            out["kind"] = self.kind
        if self.values_as_written:
            out["values"] = self.values_as_written
        for key in ("source", "format", "sheet", "encoding", "date_order"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


def _str(value: Any, key: str, file: str) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InputError(f"{key} must be text", file=file, field=key)
    return str(value)


def _targets(
    source_col: str, target: Any, file: str, allowed: tuple[str, ...] = CANONICAL_COLUMNS
) -> tuple[str, ...]:
    raw = target if isinstance(target, list) else [target]
    if not raw:
        raise InputError(f"column {source_col!r} maps to no field", file=file, field=source_col)
    what = "a canonical field" if allowed is CANONICAL_COLUMNS else "an incident field"
    out: list[str] = []
    for t in raw:
        name = _str(t, f"columns.{source_col}", file).strip()
        if name not in allowed:
            raise InputError(
                f"column {source_col!r} maps to {name!r}, which is not {what} "
                f"({', '.join(allowed)})",
                file=file,
                field=source_col,
            )
        if name in out:
            raise InputError(
                f"column {source_col!r} names the field {name!r} twice", file=file, field=source_col
            )
        out.append(name)
    return tuple(out)


def _codes(vocab: type[StrEnum] | str) -> list[str]:
    if isinstance(vocab, str):
        return []
    return [c.value for c in vocab]


def _check_code(
    target: str,
    value: str,
    code: str,
    file: str,
    fields: MappingABC[str, type[StrEnum] | str] = VALUE_FIELDS,
) -> str:
    """The code a value maps to, checked against the field's vocabulary (or the gazetteer)."""
    vocab = fields[target]
    where = f"values.{target}"
    if code == "":
        return ""
    if vocab == "status":
        folded_status = code.strip().lower()
        if folded_status not in _STATUSES:
            raise InputError(
                f"[{where}] maps {value!r} to {code!r}, which is not a strike status; "
                f"codes: {', '.join(_STATUSES)}",
                file=file,
                field=where,
            )
        return folded_status
    if isinstance(vocab, str):  # a place field: the code is a P-code of the shipped gazetteer
        pcode = code.strip().upper()
        if gazetteer().get(pcode) is None:
            raise InputError(
                f"[{where}] maps {value!r} to {code!r}, which is not a P-code of the shipped "
                "gazetteer (SYxx, SYxxxx, SYxxxxxx, Cnnnn or Nnnnn)",
                file=file,
                field=where,
            )
        return pcode
    codes = _codes(vocab)
    folded = code.strip().lower()
    if folded not in codes:
        raise InputError(
            f"[{where}] maps {value!r} to {code!r}, which is not a {target} code; "
            f'codes: {", ".join(codes)} (or "" for unknown)',
            file=file,
            field=where,
        )
    return folded


def _values(
    raw: Any, file: str, fields: MappingABC[str, type[StrEnum] | str] = VALUE_FIELDS
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    if not isinstance(raw, dict):
        raise InputError("[values] must be a table of tables: [values.FIELD]", file=file)
    folded: dict[str, dict[str, str]] = {}
    written: dict[str, dict[str, str]] = {}
    for target, table in raw.items():
        if target not in fields:
            raise InputError(
                f"[values.{target}]: values can be mapped for {', '.join(fields)}, not {target!r}",
                file=file,
                field=f"values.{target}",
            )
        if not isinstance(table, dict):
            raise InputError(
                f'[values.{target}] must be a table: "the list\'s value" = "code"',
                file=file,
                field=f"values.{target}",
            )
        folded[target], written[target] = {}, {}
        for value, code in table.items():
            code_text = _str(code, f"values.{target}.{value}", file)
            key = value_key(value)
            if not key:
                raise InputError(
                    f"[values.{target}] maps an empty value; blank cells need no mapping",
                    file=file,
                    field=f"values.{target}",
                )
            checked = _check_code(target, value, code_text, file, fields)
            if key in folded[target] and folded[target][key] != checked:
                raise InputError(
                    f"[values.{target}] maps {value!r} twice, to different codes (values match "
                    "with case, spacing and Arabic letter variants ignored)",
                    file=file,
                    field=f"values.{target}",
                )
            folded[target][key] = checked
            written[target][value] = checked
    return folded, written


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every mistake is an ``InputError`` naming the key."""
    file = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as err:
        raise InputError(f"cannot read the mapping file: {err.strerror}", file=file) from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"not a valid TOML mapping file: {err}", file=file) from err
    return mapping_from_dict(raw, file)


def mapping_from_dict(raw: MappingABC[str, Any], file: str = "mapping") -> Mapping:
    """A checked :class:`Mapping` from a parsed TOML table (or a stored run's JSON)."""
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise InputError(
            f"unknown key(s) {', '.join(unknown)}; expected: {', '.join(sorted(_TOP_KEYS))}",
            file=file,
        )
    kind = raw.get("kind", "victims")
    if kind not in _KINDS:
        raise InputError(
            f"kind must be victims or incidents, not {kind!r}", file=file, field="kind"
        )
    allowed = CANONICAL_COLUMNS if kind == "victims" else INCIDENT_FIELDS
    columns_raw = raw.get("columns", {})
    constants_raw = raw.get("constants", {})
    if not isinstance(columns_raw, dict) or not isinstance(constants_raw, dict):
        raise InputError("[columns] and [constants] must be tables", file=file)
    columns: dict[str, tuple[str, ...]] = {}
    used: dict[str, str] = {}
    for source_col, target in columns_raw.items():
        targets = _targets(source_col, target, file, allowed)
        for name in targets:
            if name in used:
                raise InputError(
                    f"columns {used[name]!r} and {source_col!r} both map to {name!r}",
                    file=file,
                    field=source_col,
                )
            used[name] = source_col
        columns[source_col] = targets
    constants: dict[str, str] = {}
    for target, value in constants_raw.items():
        if target not in allowed:
            raise InputError(
                f"constant {target!r} is not a field that can be constant",
                file=file,
                field=target,
            )
        text = _str(value, f"constants.{target}", file)
        if target == "id":
            raise InputError(
                "id cannot be constant: every incident report needs the source's own id",
                file=file,
                field=target,
            )
        if target == "record_id" and text != ROW_NUMBER_ID:
            raise InputError(
                f"record_id cannot be constant (every record needs its own id); use "
                f'record_id = "{ROW_NUMBER_ID}" for a file without ids (the row number)',
                file=file,
                field=target,
            )
        if target in used:
            raise InputError(
                f"{target!r} is both mapped from column {used[target]!r} and a constant",
                file=file,
                field=target,
            )
        constants[target] = text
    value_fields = VALUE_FIELDS if kind == "victims" else INCIDENT_VALUE_FIELDS
    values, values_written = _values(raw.get("values", {}), file, value_fields)
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
        values=values,
        values_as_written=values_written,
        kind=str(kind),
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
    for source_col, targets in mapping.columns.items():
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
        for target in targets:
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
