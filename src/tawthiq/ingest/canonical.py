"""The canonical victim-record CSV: header mapping and per-row validation.

Validation reports every problem of a row in one pass. Errors reject the row (it stays in the
store as a rejected raw row with its reasons); warnings keep the row and are stored beside it.
Values are stored exactly as recorded, next to the coded value derived from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from tawthiq.errors import InputError
from tawthiq.model.vocab import Cause, DatePrecision, Party, Sex, Status, parse

__all__ = [
    "CANONICAL_COLUMNS",
    "CanonicalHeader",
    "Problem",
    "RowResult",
    "map_header",
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
class Problem:
    """What is wrong with one field of one row (never the value of a name)."""

    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "severity": self.severity}


@dataclass(frozen=True)
class CanonicalHeader:
    """The file's header as given, and where each canonical column sits in it."""

    columns: list[str]
    index: dict[str, int]


def map_header(columns: list[str], file: str) -> CanonicalHeader:
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
    missing = [c for c in ("record_id",) if c not in index]
    if "full_name" not in index and "given_name" not in index:
        missing.append("full_name or given_name")
    if missing:
        raise InputError(
            f"header has no {', '.join(missing)} column; found: {', '.join(columns)}. "
            "A file in another layout needs --mapping MAP.toml",
            file=file,
        )
    return CanonicalHeader(columns, index)


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
_AGE_NUM = re.compile(r"^\d+(?:\.\d+)?$")
_AGE_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")
_PCODE = re.compile(r"^(SY\d{2}(?:\d{2}(?:\d{2})?)?|C\d{1,6}|N\d{1,6})$")


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
    """Years as a (min, max) range; months, fractions and ranges kept, never rejected."""
    t = text.strip().lower()
    if _AGE_NUM.match(t):
        v = float(t)
        return v, v, []
    m = _AGE_RANGE.match(t)
    if m:
        lo, hi = sorted((float(m[1]), float(m[2])))
        return lo, hi, []
    m = re.match(r"^(\d+)\s*(months?|month old|mo)$", t)
    if m:
        v = round(int(m[1]) / 12, 3)
        return v, v, []
    return None, None, [Problem("age", "age not understood; kept as text", "warning")]


def validate_row(values: list[str], header: CanonicalHeader) -> RowResult:
    """Check one row against the canonical format and build its record fields."""
    cols = header.columns
    n = len(values)
    data = (
        dict(zip(cols, values, strict=False))
        if n >= len(cols)
        else {c: (values[i] if i < n else "") for i, c in enumerate(cols)}
    )
    index = header.index

    def _opt(_: object, __: object, col: str) -> str | None:
        i = index.get(col)
        if i is None or i >= n:
            return None
        value = values[i]
        return value if value and not value.isspace() else None

    problems: list[Problem] = []
    if len(values) > len(cols):
        for j, extra in enumerate(values[len(cols) :], start=1):
            data[f"_extra_{j}"] = extra
        problems.append(
            Problem(
                "(row)",
                f"{len(values)} cells but the header has {len(cols)}; extra cells kept",
                "warning",
            )
        )

    record_id = _opt(data, header, "record_id")
    if record_id is None:
        problems.append(Problem("record_id", "missing (required)"))
    else:
        record_id = record_id.strip()
        if len(record_id) > MAX_RECORD_ID:
            problems.append(Problem("record_id", f"longer than {MAX_RECORD_ID} characters"))

    rec: dict[str, Any] = {
        c: _opt(data, header, c)
        for c in (
            "full_name",
            "given_name",
            "father_name",
            "family_name",
            "mother_name",
            "source_url",
            "notes",
        )
    }
    if rec["full_name"] is None and rec["given_name"] is None:
        problems.append(Problem("full_name", "missing: each row needs full_name or given_name"))

    sex_text = _opt(data, header, "sex")
    rec["sex_text"] = sex_text
    rec["sex"] = None
    if sex_text is not None:
        sex = parse(Sex, sex_text)
        if sex is None:
            problems.append(Problem("sex", "not male/female/unknown (M/F, ذكر/أنثى)", "warning"))
        rec["sex"] = sex.value if sex else None

    age_text = _opt(data, header, "age")
    rec["age_text"] = age_text
    rec["age_min"] = rec["age_max"] = None
    rec["age_group"] = None
    if age_text is not None:
        rec["age_min"], rec["age_max"], age_problems = parse_age(age_text)
        problems.extend(age_problems)

    date_text = _opt(data, header, "date_of_death")
    rec["date_text"] = date_text
    rec["date_earliest"] = rec["date_latest"] = rec["date_precision"] = None
    if date_text is not None:
        try:
            earliest, latest, precision = parse_canonical_date(date_text)
        except ValueError as err:
            problems.append(Problem("date_of_death", f"invalid date: {err}"))
        else:
            rec["date_earliest"], rec["date_latest"] = earliest, latest
            rec["date_precision"] = precision.value

    rec["place_text"] = _opt(data, header, "place_of_death")
    rec["governorate_text"] = _opt(data, header, "governorate")
    pcode_text = _opt(data, header, "pcode")
    rec["pcode_text"] = pcode_text
    rec["pcode"] = rec["place_precision"] = rec["admin1_pcode"] = None
    if pcode_text is not None:
        code = pcode_text.strip().upper()
        if _PCODE.match(code):
            rec["pcode"] = code
        else:
            problems.append(Problem("pcode", "not a P-code (SYxx…, Cnnnn or Nnnnn)", "warning"))

    for col, vocab, target in (
        ("cause", Cause, "cause"),
        ("perpetrator", Party, "perpetrator"),
        ("status", Status, "status"),
    ):
        text = _opt(data, header, col)
        rec[f"{target}_text"] = text
        rec[target] = None
        if text is not None:
            coded = parse(vocab, text)
            if coded is None:
                problems.append(Problem(col, "not in the controlled vocabulary", "warning"))
            rec[target] = coded.value if coded else None

    for col in (
        "name_script",
        "given_name_norm",
        "father_name_norm",
        "grandfather_name_norm",
        "family_name_norm",
        "given_name_key",
        "father_name_key",
        "family_name_key",
    ):
        rec[col] = None

    rejected = any(p.severity == "error" for p in problems)
    return RowResult(data, record_id, None if rejected else rec, problems)
