"""The canonical victim-record CSV: header mapping and per-row validation.

Validation reports every problem of a row in one pass. Errors reject the row (it stays in the
store as a rejected raw row with its reasons); warnings keep the row and are stored beside it.
Values are stored exactly as recorded, next to the normalised values derived from them by
``tawthiq.normalize`` (``_derive.derive``: name parts and cross-script keys, dates with their
precision, ages, P-codes, vocabulary codes). Every reader (CSV, XLSX, JSON lines, HXL, a mapping
file) ends here: it only decides which column holds which canonical field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from tawthiq.errors import InputError
from tawthiq.ingest._derive import (
    DERIVED_KEYS,
    TEXT_KEYS,
    DeriveSettings,
    _age,
    _text,
    derive_values,
)
from tawthiq.ingest._problems import Problem
from tawthiq.model.vocab import DatePrecision
from tawthiq.normalize import DateOrder

__all__ = [
    "CANONICAL_COLUMNS",
    "MAX_FIELD_CHARS",
    "RECORD_KEYS",
    "ROW_NUMBER_ID",
    "CanonicalHeader",
    "CheckedRow",
    "Problem",
    "RowResult",
    "check_row",
    "header_from_index",
    "map_header",
    "parse_age",
    "parse_canonical_date",
    "row_data",
    "validate_row",
]

CANONICAL_COLUMNS: tuple[str, ...] = (
    "record_id",
    "full_name",
    "given_name",
    "father_name",
    "family_name",
    "mother_name",
    "sex",
    "age",
    "date_of_death",
    "place_of_death",
    "governorate",
    "pcode",
    "cause",
    "perpetrator",
    "status",
    "source_url",
    "notes",
    "weapon",
    "latitude",
    "longitude",
)

MAX_RECORD_ID = 200
MAX_FIELD_CHARS = 131_072
"""A cell longer than this rejects its row (not the file): real lists never hold one, and the
usual cause is an unclosed quote that swallowed the lines after it."""

ROW_NUMBER_ID = "@row"
"""``record_id = "@row"`` under a mapping file's ``[constants]``: the 1-based data row number is
the record id, for lists that have none (re-importing an edited file then matches rows by
position, so an inserted row shifts every id after it)."""


@dataclass(frozen=True)
class CanonicalHeader:
    """The file's header as given, and where each canonical field comes from.

    ``index`` maps a canonical field to its column; ``constants`` gives fields a value that
    the file does not have (from a mapping file); ``date_order`` is the source's declared
    day/month order for numeric dates.
    """

    columns: list[str]
    index: dict[str, int]
    constants: dict[str, str] = field(default_factory=dict)
    date_order: DateOrder | None = None
    salt: str = ""
    """Part of every row hash: the reading settings (mapping, constants, value maps, date
    order), so a row read under other settings counts as changed and its record is re-derived."""
    derivation: DeriveSettings = field(default_factory=DeriveSettings)
    """How values are read (date order, value maps, period, import day)."""

    @property
    def ids_from_rows(self) -> bool:
        return self.constants.get("record_id") == ROW_NUMBER_ID

    def column_of(self, name: str) -> str | None:
        """The file column a canonical field was read from (``None`` for a constant)."""
        i = self.index.get(name)
        return self.columns[i] if i is not None and i < len(self.columns) else None


def _require(
    index: dict[str, int], constants: dict[str, str], columns: list[str], file: str
) -> None:
    missing = [c for c in ("record_id",) if c not in index and constants.get(c) != ROW_NUMBER_ID]
    if not ({"full_name", "given_name"} & (index.keys() | constants.keys())):
        missing.append("full_name or given_name")
    if missing:
        raise InputError(
            f"header has no {', '.join(missing)} column; found: {', '.join(columns)}. "
            "A file in another layout needs --mapping MAP.toml",
            file=file,
        )


def map_header(
    columns: list[str],
    file: str,
    *,
    date_order: DateOrder | None = None,
    derivation: DeriveSettings | None = None,
) -> CanonicalHeader:
    """Match header cells to canonical columns (case and surrounding spaces ignored)."""
    index: dict[str, int] = {}
    seen: dict[str, int] = {}
    for i, col in enumerate(columns):
        key = col.strip().lower()
        if key in seen:
            raise InputError(
                f"column {col!r} appears twice in the header (columns {seen[key] + 1} and {i + 1})",
                file=file,
                field=col,
            )
        seen[key] = i
        if key in CANONICAL_COLUMNS:
            index[key] = i
    _require(index, {}, columns, file)
    settings = _settings(derivation, date_order)
    salt = _salt(columns, index, {}, date_order, settings)
    return CanonicalHeader(columns, index, {}, date_order, salt, settings)


def _settings(derivation: DeriveSettings | None, date_order: DateOrder | None) -> DeriveSettings:
    if derivation is None:
        return DeriveSettings(date_order=date_order)
    if derivation.date_order == date_order:
        return derivation
    return DeriveSettings(date_order, derivation.values, derivation.period_start, derivation.today)


def header_from_index(
    columns: list[str],
    index: dict[str, int],
    file: str,
    *,
    constants: dict[str, str] | None = None,
    date_order: DateOrder | None = None,
    derivation: DeriveSettings | None = None,
) -> CanonicalHeader:
    """A header whose fields were matched elsewhere (a mapping file, HXL hashtags)."""
    consts = dict(constants or {})
    _require(index, consts, columns, file)
    settings = _settings(derivation, date_order)
    salt = _salt(columns, index, consts, date_order, settings, mapped=True)
    return CanonicalHeader(columns, index, consts, date_order, salt, settings)


def _salt(
    columns: list[str],
    index: dict[str, int],
    constants: dict[str, str],
    date_order: DateOrder | None,
    settings: DeriveSettings,
    *,
    mapped: bool = False,
) -> str:
    values = {f: dict(sorted(m.items())) for f, m in sorted(settings.values.items())}
    if not (mapped or constants or date_order or values):
        return ""  # a canonical file read as such: the row hash is its content alone
    fields = {f: columns[i] if i < len(columns) else str(i) for f, i in sorted(index.items())}
    parts: list[Any] = [fields, constants, date_order]
    if values:
        parts.append(values)
    return json.dumps(parts, ensure_ascii=False, sort_keys=True)


@dataclass
class RowResult:
    """The verbatim row, the record derived from it (None when rejected) and the problems."""

    data: dict[str, str]
    record_id: str | None
    record: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_canonical_date(text: str) -> tuple[date, date, DatePrecision]:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as (earliest, latest, precision)."""
    m = _DATE_RE.match(text.strip())
    if m is None:
        raise ValueError("expected YYYY-MM-DD, YYYY-MM or YYYY")
    year = int(m[1])
    if m[2] is None:
        return date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR
    month = int(m[2])
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not between 1 and 12")
    if m[3] is None:
        first = date(year, month, 1)
        nxt = date(year + month // 12, month % 12 + 1, 1)
        return first, date.fromordinal(nxt.toordinal() - 1), DatePrecision.MONTH
    try:
        day = date(year, month, int(m[3]))
    except ValueError as err:
        raise ValueError(f"no such day: {err}") from None
    return day, day, DatePrecision.DAY


def parse_age(text: str) -> tuple[float | None, float | None, list[Problem]]:
    """Years as a (min, max) range; months, fractions, ranges and words kept, never rejected.

    A thin view of :func:`tawthiq.normalize.parse_age` (the one age parser), as import uses it.
    """
    if not text.strip():
        return None, None, []
    (lo, hi, _group), problems = _age(text)
    return lo, hi, list(problems)


_AS_RECORDED = (
    "full_name",
    "given_name",
    "father_name",
    "family_name",
    "mother_name",
    "source_url",
    "notes",
)
_TEXT_FIELDS = (
    ("sex", "sex_text"),
    ("age", "age_text"),
    ("date_of_death", "date_text"),
    ("place_of_death", "place_text"),
    ("governorate", "governorate_text"),
    ("pcode", "pcode_text"),
    ("cause", "cause_text"),
    ("perpetrator", "perpetrator_text"),
    ("status", "status_text"),
    ("weapon", "weapon_text"),
    ("latitude", "latitude"),
    ("longitude", "longitude"),
)


RECORD_KEYS: tuple[str, ...] = (
    *_AS_RECORDED,
    *(target for _, target in _TEXT_FIELDS),
    *DERIVED_KEYS,
)
"""The keys of a validated row's record, in order (:func:`check_row` gives its values so)."""

_AT = {key: i for i, key in enumerate(RECORD_KEYS)}
_PCODE_AT = _AT["pcode_text"]
_LATITUDE_AT = _AT["latitude"]
_LONGITUDE_AT = _AT["longitude"]
_FULL_AT, _GIVEN_AT = _AT["full_name"], _AT["given_name"]
_texts_of = itemgetter(*(_AT[key] for key in TEXT_KEYS))
"""The as-recorded texts ``derive_values`` reads, out of the recorded values."""


@dataclass(frozen=True)
class _Plan:
    """Where each value of a row comes from, worked out once per header.

    ``sources`` holds (column position or -1, constant) for the record id and then every
    recorded key of :data:`RECORD_KEYS`. ``cells``, for a header without constants, picks
    those values out of a row that has one cell per column (with a ``None`` appended for the
    fields the file has no column for): the common case, without a loop per value.
    """

    header: CanonicalHeader
    sources: tuple[tuple[int, str | None], ...]
    cells: Callable[[list[str | None]], tuple[str | None, ...]] | None


def _plan(header: CanonicalHeader) -> _Plan:
    keys = ("record_id", *_AS_RECORDED, *(name for name, _ in _TEXT_FIELDS))
    sources = tuple((header.index.get(k, -1), header.constants.get(k)) for k in keys)
    width = len(header.columns)
    cells = None
    if not any(i < 0 and constant is not None for i, constant in sources):
        cells = itemgetter(*(i if 0 <= i < width else width for i, _ in sources))
    return _Plan(header, sources, cells)


_PLANS: dict[int, _Plan] = {}


def _plan_of(header: CanonicalHeader) -> _Plan:
    plan = _PLANS.get(id(header))
    if plan is None or plan.header is not header:
        if len(_PLANS) > 64:
            _PLANS.clear()
        plan = _PLANS[id(header)] = _plan(header)
    return plan


def _recorded(values: list[str], plan: _Plan) -> list[Any]:
    """The record id, then the recorded values in :data:`RECORD_KEYS` order: a cell that is
    empty or only spaces is ``None``, a constant is kept as given."""
    n = len(values)
    if plan.cells is not None and n == len(plan.header.columns):
        picked = plan.cells([*values, None])
        return [v if v and not v.isspace() else None for v in picked]
    out: list[Any] = []
    for i, constant in plan.sources:
        if i < 0:
            out.append(constant)
        elif i < n and (value := values[i]) and not value.isspace():
            out.append(value)
        else:
            out.append(None)
    return out


def row_data(values: list[str], columns: list[str]) -> dict[str, str]:
    """A row's cells by column name as kept in its raw row: a missing cell is empty, an extra
    cell is kept as ``_extra_1``, ``_extra_2`` …"""
    n = len(values)
    if n < len(columns):
        return {c: (values[i] if i < n else "") for i, c in enumerate(columns)}
    data = dict(zip(columns, values, strict=False))
    for j, extra in enumerate(values[len(columns) :], start=1):
        data[f"_extra_{j}"] = extra
    return data


def _shape_problems(values: list[str], columns: list[str]) -> list[Problem]:
    """A warning for a row with more or fewer cells than the header."""
    n, width = len(values), len(columns)
    if n > width:
        return [
            Problem(
                "(row)",
                f"{n} cells but the header has {width}; extra cells kept",
                "warning",
            )
        ]
    missing = columns[n:]
    shown = ", ".join(repr(c) for c in missing[:8]) + (" …" if len(missing) > 8 else "")
    return [
        Problem(
            "(row)",
            f"{n} cells but the header has {width}: no cell for {shown} (left empty; "
            "the cells given were read from the first columns)",
            "warning",
        )
    ]


def _oversized(values: list[str], columns: list[str]) -> Problem | None:
    """The error for the first cell over :data:`MAX_FIELD_CHARS` characters, if any."""
    if max(map(len, values), default=0) <= MAX_FIELD_CHARS:
        return None  # every cell within the limit: the usual row, one pass in C
    for i, value in enumerate(values):
        if len(value) > MAX_FIELD_CHARS:
            column = columns[i] if i < len(columns) else f"cell {i + 1}"
            return Problem(
                "(row)",
                f"column {column!r} holds {len(value):,} characters, over the limit of "
                f"{MAX_FIELD_CHARS:,} (an unclosed quote may have joined the lines after it)",
            )
    return None  # pragma: no cover - the maximum is one of the cells


CheckedRow = tuple[str | None, list[Any] | None, list[Problem], bool]
"""(record id, the record's values in :data:`RECORD_KEYS` order, problems, rejected); the
values are ``None`` only for a row with an oversized cell, which is not read at all."""


def check_row(values: list[str], header: CanonicalHeader, row_number: int = 0) -> CheckedRow:
    """:func:`validate_row` without building dictionaries: what import needs of a row.

    A list of a million rows pays for every object made per row, so the record's values come
    back as one list in :data:`RECORD_KEYS` order (the record id apart) and the row's cells are
    left to the caller (``row_data``, or encoded straight from ``values``).
    """
    cols = header.columns
    problems = [] if len(values) == len(cols) else _shape_problems(values, cols)
    too_long = _oversized(values, cols)
    if too_long is not None:
        problems.append(too_long)
        return None, None, problems, True

    rec = _recorded(values, _plan_of(header))
    record_id = rec[0]
    del rec[0]
    if record_id == ROW_NUMBER_ID and header.ids_from_rows:
        record_id = str(row_number)
    if record_id is None:
        problems.append(Problem("record_id", "missing (required)"))
    else:
        record_id = record_id.strip()
        if len(record_id) > MAX_RECORD_ID:
            problems.append(Problem("record_id", f"longer than {MAX_RECORD_ID} characters"))
    if rec[_FULL_AT] is None and rec[_GIVEN_AT] is None:
        problems.append(Problem("full_name", "missing: each row needs full_name or given_name"))
    if rec[_PCODE_AT] is not None and len(rec[_PCODE_AT]) > 50:
        problems.append(Problem("pcode", "longer than 50 characters; not kept", "warning"))
        rec[_PCODE_AT] = None
    for at, axis, bound in ((_LATITUDE_AT, "latitude", 90.0), (_LONGITUDE_AT, "longitude", 180.0)):
        if rec[at] is not None:
            rec[at] = _coordinate(rec[at], axis, bound, problems)

    texts = _texts_of(rec)
    if header.constants:  # a constant is kept as given, but a blank one is no value to derive
        texts = tuple(_text(t) for t in texts)
    derived, derived_problems = derive_values(
        texts, rec[_LATITUDE_AT], rec[_LONGITUDE_AT], header.derivation
    )
    rec += derived
    if derived_problems:
        problems += derived_problems
    rejected = any(p.severity == "error" for p in problems)
    return record_id, rec, problems, rejected


def validate_row(values: list[str], header: CanonicalHeader, row_number: int = 0) -> RowResult:
    """Check one row, keep its values as recorded and derive the normalised ones.

    ``row_number`` (1-based among data rows) is the record id when the mapping says
    ``record_id = "@row"``.
    """
    record_id, rec, problems, rejected = check_row(values, header, row_number)
    data = row_data(values, header.columns)
    if rec is None or rejected:
        return RowResult(data, record_id, None, problems)
    return RowResult(data, record_id, dict(zip(RECORD_KEYS, rec, strict=True)), problems)


def _coordinate(text: str, axis: str, bound: float, problems: list[Problem]) -> float | None:
    """A latitude or longitude in decimal degrees (a decimal comma is read too); anything else
    is kept in the raw row and warned."""
    t = text.strip().replace(",", ".")
    try:
        value = float(t)
    except ValueError:
        problems.append(Problem(axis, "not a number in decimal degrees; not used", "warning"))
        return None
    if not (-bound <= value <= bound) or value != value:
        problems.append(Problem(axis, f"outside ±{bound:g} degrees; not used", "warning"))
        return None
    return value
