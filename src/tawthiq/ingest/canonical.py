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
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tawthiq.errors import InputError
from tawthiq.ingest._derive import _age, derive
from tawthiq.ingest._problems import Problem
from tawthiq.model.vocab import DatePrecision
from tawthiq.normalize import DateOrder

__all__ = [
    "CANONICAL_COLUMNS",
    "CanonicalHeader",
    "Problem",
    "RowResult",
    "header_from_index",
    "map_header",
    "parse_age",
    "parse_canonical_date",
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
)

MAX_RECORD_ID = 200


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
    """Part of every row hash: the reading settings (mapping, constants, date order), so a row
    read under other settings counts as changed and its record is re-derived."""

    def column_of(self, name: str) -> str | None:
        """The file column a canonical field was read from (``None`` for a constant)."""
        i = self.index.get(name)
        return self.columns[i] if i is not None and i < len(self.columns) else None


def _require(
    index: dict[str, int], constants: dict[str, str], columns: list[str], file: str
) -> None:
    missing = [c for c in ("record_id",) if c not in index]
    if not ({"full_name", "given_name"} & (index.keys() | constants.keys())):
        missing.append("full_name or given_name")
    if missing:
        raise InputError(
            f"header has no {', '.join(missing)} column; found: {', '.join(columns)}. "
            "A file in another layout needs --mapping MAP.toml",
            file=file,
        )


def map_header(
    columns: list[str], file: str, *, date_order: DateOrder | None = None
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
    return CanonicalHeader(columns, index, {}, date_order, _salt(columns, index, {}, date_order))


def header_from_index(
    columns: list[str],
    index: dict[str, int],
    file: str,
    *,
    constants: dict[str, str] | None = None,
    date_order: DateOrder | None = None,
) -> CanonicalHeader:
    """A header whose fields were matched elsewhere (a mapping file, HXL hashtags)."""
    consts = dict(constants or {})
    _require(index, consts, columns, file)
    salt = _salt(columns, index, consts, date_order, mapped=True)
    return CanonicalHeader(columns, index, consts, date_order, salt)


def _salt(
    columns: list[str],
    index: dict[str, int],
    constants: dict[str, str],
    date_order: DateOrder | None,
    *,
    mapped: bool = False,
) -> str:
    if not (mapped or constants or date_order):
        return ""  # a canonical file read as such: the row hash is its content alone
    fields = {f: columns[i] if i < len(columns) else str(i) for f, i in sorted(index.items())}
    return json.dumps([fields, constants, date_order], ensure_ascii=False, sort_keys=True)


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
)


def _plan(header: CanonicalHeader) -> tuple[tuple[str, int, str | None], ...]:
    """(record key, column position or -1, constant) for every value a row gives."""
    out: list[tuple[str, int, str | None]] = [
        ("record_id", header.index.get("record_id", -1), None)
    ]
    for name in _AS_RECORDED:
        out.append((name, header.index.get(name, -1), header.constants.get(name)))
    for name, target in _TEXT_FIELDS:
        out.append((target, header.index.get(name, -1), header.constants.get(name)))
    return tuple(out)


_PLANS: dict[int, tuple[CanonicalHeader, tuple[tuple[str, int, str | None], ...]]] = {}


def validate_row(values: list[str], header: CanonicalHeader) -> RowResult:
    """Check one row, keep its values as recorded and derive the normalised ones."""
    cols = header.columns
    n = len(values)
    data = (
        dict(zip(cols, values, strict=False))
        if n >= len(cols)
        else {c: (values[i] if i < n else "") for i, c in enumerate(cols)}
    )
    cached = _PLANS.get(id(header))
    if cached is None or cached[0] is not header:
        if len(_PLANS) > 64:
            _PLANS.clear()
        cached = _PLANS[id(header)] = (header, _plan(header))
    rec: dict[str, Any] = {}
    for key, i, constant in cached[1]:
        if i < 0:
            rec[key] = constant
        elif i < n and (value := values[i]) and not value.isspace():
            rec[key] = value
        else:
            rec[key] = None

    problems: list[Problem] = []
    if n > len(cols):
        for j, extra in enumerate(values[len(cols) :], start=1):
            data[f"_extra_{j}"] = extra
        problems.append(
            Problem(
                "(row)",
                f"{len(values)} cells but the header has {len(cols)}; extra cells kept",
                "warning",
            )
        )

    record_id = rec.pop("record_id")
    if record_id is None:
        problems.append(Problem("record_id", "missing (required)"))
    else:
        record_id = record_id.strip()
        if len(record_id) > MAX_RECORD_ID:
            problems.append(Problem("record_id", f"longer than {MAX_RECORD_ID} characters"))
    if rec["full_name"] is None and rec["given_name"] is None:
        problems.append(Problem("full_name", "missing: each row needs full_name or given_name"))
    if rec["pcode_text"] is not None and len(rec["pcode_text"]) > 50:
        problems.append(Problem("pcode", "longer than 50 characters; not kept", "warning"))
        rec["pcode_text"] = None

    normalized, derived_problems = derive(rec, header.date_order)
    rec.update(normalized)
    if derived_problems:
        problems.extend(derived_problems)
    rejected = any(p.severity == "error" for p in problems)
    return RowResult(data, record_id, None if rejected else rec, problems)
