"""The normalised columns of a victim record, derived from its as-recorded values.

Import and ``tawthiq normalize`` call the same function, :func:`derive`, so a record re-derived
after a rule change is exactly what a fresh import would store. Each input value goes through
``tawthiq.normalize`` once per distinct value (lists repeat a few hundred names, dates and
places millions of times), so the cost per row is a handful of dictionary look-ups.

As-recorded keys read here: :data:`AS_RECORDED_COLUMNS`. Keys written:
:data:`NORMALIZED_COLUMNS`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from tawthiq.ingest._problems import Problem
from tawthiq.model.vocab import Cause, Party, Sex, Status
from tawthiq.normalize import (
    AgeKind,
    AgeStatus,
    DateOrder,
    DateStatus,
    NormalizedName,
    PlaceLevel,
    PlaceStatus,
    gazetteer,
    normalize_name,
    normalize_vocab,
    parse_age,
    parse_date,
    resolve_place,
)

__all__ = ["AS_RECORDED_COLUMNS", "NAME_KEY_MAX", "NORMALIZED_COLUMNS", "derive"]

AS_RECORDED_COLUMNS: tuple[str, ...] = (
    "full_name",
    "given_name",
    "father_name",
    "family_name",
    "sex_text",
    "age_text",
    "date_text",
    "place_text",
    "governorate_text",
    "pcode_text",
    "cause_text",
    "perpetrator_text",
    "status_text",
)
"""The as-recorded values :func:`derive` reads (re-normalisation and web edits read these)."""

NORMALIZED_COLUMNS: tuple[str, ...] = (
    "name_script",
    "given_name_norm",
    "father_name_norm",
    "grandfather_name_norm",
    "family_name_norm",
    "given_name_key",
    "father_name_key",
    "family_name_key",
    "sex",
    "age_min",
    "age_max",
    "age_group",
    "date_earliest",
    "date_latest",
    "date_precision",
    "pcode",
    "place_precision",
    "admin1_pcode",
    "cause",
    "perpetrator",
    "status",
)

NAME_KEY_MAX = 100  # victim_records.*_name_key is VARCHAR(100)
_PCODE = re.compile(r"^(SY\d{2}(?:\d{2}(?:\d{2})?)?|C\d{1,6}|N\d{1,6})$")
_Problems = tuple[Problem, ...]


def _script(scripts: list[str]) -> str | None:
    found = {s for s in scripts if s}
    if not found:
        return None
    return found.pop() if len(found) == 1 else "mixed"


def _part_norm(n: NormalizedName | None) -> str | None:
    """A split column's canonical spelling (a title-like word alone there is the name)."""
    return None if n is None else n.as_column_part()[0]


def _part_key(n: NormalizedName | None) -> str | None:
    if n is None:
        return None
    key = n.as_column_part()[1]
    return key[:NAME_KEY_MAX] if key else None


_NameColumns = tuple[
    str | None, str | None, str | None, str | None, str | None, str | None, str | None, str | None
]


@lru_cache(maxsize=65536)
def _names(
    full: str | None, given: str | None, father: str | None, family: str | None
) -> tuple[_NameColumns, _Problems]:
    """Script, four normalised parts and three keys; split columns win over the full name."""
    problems: list[Problem] = []
    parsed = {}
    for col, text in (
        ("full_name", full),
        ("given_name", given),
        ("father_name", father),
        ("family_name", family),
    ):
        if text is None:
            continue
        n = normalize_name(text)
        parsed[col] = n
        if not n.normalized and n.titles and col != "full_name":
            pass  # a column of its own that holds one title-like word is that name: الخطيب
        elif not n.normalized:
            reason = n.warnings[-1] if n.warnings else "no letters"
            problems.append(Problem(col, f"no name left after normalisation ({reason})", "warning"))
        elif any("digits" in w for w in n.warnings):
            problems.append(Problem(col, "digits in the name were dropped", "warning"))
    split = [parsed.get(c) for c in ("given_name", "father_name", "family_name")]
    fu = parsed.get("full_name")
    if any(n is not None and (n.normalized or n.titles) for n in split):
        norms = [_part_norm(n) for n in split]
        keys = [_part_key(n) for n in split]
        script = _script([n.script for n in split if n is not None])
        values: _NameColumns = (
            script, norms[0], norms[1], None, norms[2], keys[0], keys[1], keys[2]
        )  # fmt: skip
    elif fu is not None and fu.normalized:
        p, k = fu.parts, fu.keys
        values = (
            fu.script or None,
            p.given,
            p.father,
            p.grandfather,
            p.family,
            k.given[:NAME_KEY_MAX] if k.given else None,
            k.father[:NAME_KEY_MAX] if k.father else None,
            k.family[:NAME_KEY_MAX] if k.family else None,
        )
    else:
        values = (None,) * 8
    return values, tuple(problems)


_AgeColumns = tuple[float | None, float | None, str | None]


@lru_cache(maxsize=16384)
def _age(text: str) -> tuple[_AgeColumns, _Problems]:
    a = parse_age(text)
    if a.status is AgeStatus.OK:
        problems: _Problems = ()
        if a.kind is AgeKind.WORD:
            hi = "" if a.years_max is None else f"{a.years_max:g}"
            problems = (
                Problem(
                    "age", f"age given as a word: read as {a.years_min:g}-{hi} years", "warning"
                ),
            )
        return (a.years_min, a.years_max, a.group.value if a.group else None), problems
    if a.status is AgeStatus.EMPTY:
        return (None, None, None), ()
    reason = a.problem or "not understood"
    return (None, None, None), (
        Problem("age", f"age not understood ({reason}); kept as text", "warning"),
    )


_DateColumns = tuple[date | None, date | None, str | None]


@lru_cache(maxsize=65536)
def _date(text: str, order: DateOrder | None) -> tuple[_DateColumns, _Problems]:
    d = parse_date(text, order)
    if d.status is DateStatus.OK:
        assert d.precision is not None
        warnings = tuple(Problem("date_of_death", w, "warning") for w in d.warnings)
        return (d.earliest, d.latest, d.precision.value), warnings
    if d.status is DateStatus.EMPTY:
        return (None, None, None), ()
    if d.status is DateStatus.AMBIGUOUS:
        message = f"ambiguous date: {d.problem} (date_order in the mapping file, or --date-order)"
    else:
        message = f"invalid date: {d.problem or 'not a date'}"
    return (None, None, None), (Problem("date_of_death", message),)


_PlaceColumns = tuple[str | None, str | None, str | None]
_WIDE = (PlaceLevel.GOVERNORATE, PlaceLevel.DISTRICT, PlaceLevel.SUBDISTRICT)
_LEVEL_OF_SHAPE = {4: PlaceLevel.GOVERNORATE, 6: PlaceLevel.DISTRICT, 8: PlaceLevel.SUBDISTRICT}


def _code_shape(code: str) -> _PlaceColumns:
    if code.startswith("SY"):
        level = _LEVEL_OF_SHAPE.get(len(code))
        return code, level.value if level else None, code[:4]
    level = PlaceLevel.NEIGHBOURHOOD if code.startswith("N") else PlaceLevel.COMMUNITY
    return code, level.value, None


def _governorate(text: str) -> tuple[_PlaceColumns | None, str | None]:
    res = resolve_place(text, level=PlaceLevel.GOVERNORATE)
    if res.status is PlaceStatus.RESOLVED and res.place is not None:
        return (res.place.pcode, PlaceLevel.GOVERNORATE.value, res.place.admin1), None
    return None, res.problem or "not a governorate"


@lru_cache(maxsize=65536)
def _place(
    place: str | None, governorate: str | None, pcode: str | None
) -> tuple[_PlaceColumns, _Problems]:
    """P-code, precision and governorate: a given P-code, else the place text, else the
    governorate; an unresolved or ambiguous place falls back to its governorate, and says so."""
    problems: list[Problem] = []
    if pcode is not None:
        code = pcode.strip().upper()
        if _PCODE.match(code):
            found = gazetteer().get(code)
            if found is not None:
                if place is not None and found.level in _WIDE:
                    # a governorate/district code beside a place name: the place, if it lies
                    # inside the coded unit, is the finer answer
                    res = resolve_place(place, governorate=found.admin1, district=found.admin2)
                    if res.place is not None and res.place.within(found.pcode):
                        p = res.place
                        return (p.pcode, p.level.value, p.admin1), ()
                return (found.pcode, found.level.value, found.admin1), ()
            problems.append(
                Problem("pcode", "P-code not in the shipped gazetteer; kept as given", "warning")
            )
            return _code_shape(code), tuple(problems)
        problems.append(Problem("pcode", "not a P-code (SYxx…, Cnnnn or Nnnnn)", "warning"))
    if place is not None:
        res = resolve_place(place, governorate=governorate)
        if res.status is PlaceStatus.RESOLVED and res.place is not None:
            p = res.place
            problems.extend(Problem("place_of_death", w, "warning") for w in res.warnings)
            return (p.pcode, p.level.value, p.admin1), tuple(problems)
        what = "ambiguous" if res.status is PlaceStatus.AMBIGUOUS else "not resolved"
        admin1s = {c.admin1 for c in res.candidates if c.admin1}
        if governorate is not None:
            found_gov, _ = _governorate(governorate)
            if found_gov is not None:
                problems.append(
                    Problem(
                        "place_of_death",
                        f"place {what} ({res.problem}); the governorate given was used",
                        "warning",
                    )
                )
                return found_gov, tuple(problems)
        if res.status is PlaceStatus.AMBIGUOUS and len(admin1s) == 1:
            code = admin1s.pop()
            fallback = "; every candidate is in one governorate, which was used"
            problems.append(
                Problem("place_of_death", f"place {what} ({res.problem}){fallback}", "warning")
            )
            return (code, PlaceLevel.GOVERNORATE.value, code), tuple(problems)
        problems.append(Problem("place_of_death", f"place {what} ({res.problem})", "warning"))
        return (None, None, None), tuple(problems)
    if governorate is not None:
        found_gov, why = _governorate(governorate)
        if found_gov is not None:
            return found_gov, tuple(problems)
        problems.append(Problem("governorate", f"governorate not resolved ({why})", "warning"))
    return (None, None, None), tuple(problems)


_VOCABS: tuple[tuple[str, type[StrEnum], str], ...] = (
    ("sex", Sex, "not male/female/unknown (M/F, ذكر/أنثى)"),
    ("cause", Cause, "not in the controlled vocabulary"),
    ("perpetrator", Party, "not in the controlled vocabulary"),
    ("status", Status, "not in the controlled vocabulary"),
)
_VocabColumns = tuple[str | None, str | None, str | None, str | None]


@lru_cache(maxsize=16384)
def _vocabs(
    sex: str | None, cause: str | None, perpetrator: str | None, status: str | None
) -> tuple[_VocabColumns, _Problems]:
    """Sex, cause, perpetrator and status codes (lists repeat a few combinations)."""
    codes: list[str | None] = []
    problems: list[Problem] = []
    for text, (column, vocab, message) in zip(
        (sex, cause, perpetrator, status), _VOCABS, strict=True
    ):
        code = normalize_vocab(vocab, text) if text is not None else None
        codes.append(code.value if code is not None else None)
        if text is not None and code is None:
            problems.append(Problem(column, message, "warning"))
    return (codes[0], codes[1], codes[2], codes[3]), tuple(problems)


_NONE3 = ((None, None, None), ())


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    return value if value and not value.isspace() else None


_ORDER = (
    *NORMALIZED_COLUMNS[:8],
    "sex",
    "cause",
    "perpetrator",
    "status",
    "age_min",
    "age_max",
    "age_group",
    "date_earliest",
    "date_latest",
    "date_precision",
    "pcode",
    "place_precision",
    "admin1_pcode",
)
assert sorted(_ORDER) == sorted(NORMALIZED_COLUMNS)


def derive(
    rec: Mapping[str, Any], date_order: DateOrder | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """The normalised columns of one record and the problems found on the way.

    Errors (an invalid or ambiguous date) leave the affected columns empty; whether that
    rejects the row is the caller's decision (import rejects it). Never raises on any input.
    """
    g = rec.get
    names, p1 = _names(
        _text(g("full_name")),
        _text(g("given_name")),
        _text(g("father_name")),
        _text(g("family_name")),
    )
    vocabs, p2 = _vocabs(
        _text(g("sex_text")),
        _text(g("cause_text")),
        _text(g("perpetrator_text")),
        _text(g("status_text")),
    )
    age_text = _text(g("age_text"))
    age, p3 = _age(age_text) if age_text is not None else _NONE3
    date_text = _text(g("date_text"))
    day, p4 = _date(date_text, date_order) if date_text is not None else _NONE3
    place, p5 = _place(_text(g("place_text")), _text(g("governorate_text")), _text(g("pcode_text")))
    out = dict(zip(_ORDER, names + vocabs + age + day + place, strict=True))
    return out, [*p1, *p2, *p3, *p4, *p5]
