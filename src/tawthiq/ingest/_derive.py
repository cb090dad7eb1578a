"""The normalised columns of a victim record, derived from its as-recorded values.

Import and ``tawthiq normalize`` call the same function, :func:`derive`, so a record re-derived
after a rule change is exactly what a fresh import would store. Each input value goes through
``tawthiq.normalize`` once per distinct value (lists repeat a few hundred names, dates and
places millions of times), so the cost per row is a handful of dictionary look-ups.

As-recorded keys read here: :data:`AS_RECORDED_COLUMNS`. Keys written:
:data:`NORMALIZED_COLUMNS`. What a list's import declared about reading it (the date order, the
mapping file's value maps, the period the workspace documents and the import day) travels in
:class:`DeriveSettings`, so ``tawthiq normalize`` re-derives a record as its import did.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from tawthiq.config import DEFAULT_PERIOD_START
from tawthiq.ingest._problems import Problem
from tawthiq.ingest._structure import STRUCTURE_COLUMNS, structure_columns
from tawthiq.model.vocab import Cause, Party, Sex, Status, Weapon
from tawthiq.normalize import (
    AgeGroup,
    AgeKind,
    AgeStatus,
    DateOrder,
    DateStatus,
    NormalizedName,
    PlaceLevel,
    PlaceStatus,
    gazetteer,
    normalize_arabic,
    normalize_name,
    normalize_vocab,
    parse_age,
    parse_date,
    resolve_place,
)
from tawthiq.normalize.geo import resolve_point
from tawthiq.normalize.vocab import parse_codes, parse_party, parse_sex_age

__all__ = [
    "AS_RECORDED_COLUMNS",
    "DEFAULT_PERIOD_START",
    "NAME_KEY_MAX",
    "NORMALIZED_COLUMNS",
    "VALUE_FIELDS",
    "DeriveSettings",
    "derive",
    "place_columns",
    "settings_from_run",
    "value_key",
]

VALUE_FIELDS: dict[str, type[StrEnum] | str] = {
    "sex": Sex,
    "age": AgeGroup,
    "status": Status,
    "cause": Cause,
    "perpetrator": Party,
    "weapon": Weapon,
    "place_of_death": "pcode",
    "governorate": "pcode",
}
"""The fields a mapping file's ``[values.FIELD]`` tables can map, and what they map to: a code
of the vocabulary, or a P-code of the shipped gazetteer for the place fields."""


@lru_cache(maxsize=65536)
def value_key(text: str) -> str:
    """How a list's value is matched against a mapping file's value map: case, spacing and Arabic
    letter variants aside (the same folding as column names)."""
    return " ".join(normalize_arabic(text).casefold().split())


@dataclass(frozen=True, eq=False)
class DeriveSettings:
    """How one import reads its values (compared and hashed by identity: one object per run).

    ``values`` maps a field of :data:`VALUE_FIELDS` to {:func:`value_key` of a value → code};
    an empty code reads the value as explicitly unknown. ``today`` is the import day: a date of
    death after it is warned, as is one before ``period_start``.
    """

    date_order: DateOrder | None = None
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    period_start: date | None = DEFAULT_PERIOD_START
    today: date | None = None


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
    "weapon_text",
    "latitude",
    "longitude",
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
    "weapon",
    *STRUCTURE_COLUMNS,
)


def settings_from_run(mapping: Any, started_at: datetime | date | None = None) -> DeriveSettings:
    """The reading settings an import run stored (its mapping JSON) and its day, so that
    ``tawthiq normalize`` and record edits derive a record as its import did."""
    if isinstance(mapping, str):
        try:
            mapping = json.loads(mapping)
        except ValueError:
            mapping = None
    if not isinstance(mapping, dict):
        mapping = {}
    order = mapping.get("date_order")
    values: dict[str, dict[str, str]] = {}
    raw_values = mapping.get("values")
    if isinstance(raw_values, dict):
        for name, table in raw_values.items():
            if name in VALUE_FIELDS and isinstance(table, dict):
                values[name] = {value_key(str(k)): str(v) for k, v in table.items()}
    period_start: date | None = DEFAULT_PERIOD_START
    if "period_start" in mapping:
        raw = mapping["period_start"]
        try:
            period_start = None if raw is None else date.fromisoformat(str(raw))
        except ValueError:
            period_start = DEFAULT_PERIOD_START
    day = started_at.date() if isinstance(started_at, datetime) else started_at
    return DeriveSettings(
        date_order=order if order in ("dmy", "mdy", "ymd") else None,
        values=values,
        period_start=period_start,
        today=day,
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
_Names = tuple[
    str | None, str | None, str | None, str | None, str | None, str | None, str | None, str | None,
    str | None, str | None, str | None, str | None, bool | None,
]  # fmt: skip


@lru_cache(maxsize=65536)
def _names(
    full: str | None, given: str | None, father: str | None, family: str | None
) -> tuple[_Names, _Problems]:
    """Script, four normalised parts and three keys (split columns win over the full name),
    then the five name-structure columns, read off the same parsed names."""
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
        if not n.normalized and col != "full_name" and n.as_column_part()[0]:
            pass  # a column of its own that holds one title-like word is that name: الخطيب
        elif not n.normalized:
            reason = n.warnings[-1] if n.warnings else "no letters"
            problems.append(Problem(col, f"no name left after normalisation ({reason})", "warning"))
        elif any("digits" in w for w in n.warnings):
            problems.append(Problem(col, "digits in the name were dropped", "warning"))
    split = [parsed.get(c) for c in ("given_name", "father_name", "family_name")]
    fu = parsed.get("full_name")
    if any(n is not None and (n.normalized or n.as_column_part()[0]) for n in split):
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
    structure = structure_columns(fu, split[0], split[1], split[2])
    return (*values, *structure), tuple(problems)


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
    _, group = parse_sex_age(text)  # "Adult - Male" fed to the age too: its age group
    if group is not None:
        return (None, None, group.value), ()
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
    if d.status is getattr(
        DateStatus, "UNKNOWN", None
    ):  # a placeholder, or a year that is probably Hijri
        why = d.problem or "the date is not known"
        return (None, None, None), (
            Problem("date_of_death", f"{why}; kept with an unknown date", "warning"),
        )
    if d.status is DateStatus.AMBIGUOUS:
        message = f"ambiguous date: {d.problem} (date_order in the mapping file, or --date-order)"
    else:
        message = f"invalid date: {d.problem or 'not a date'}"
    return (None, None, None), (Problem("date_of_death", message),)


def _period_problems(
    earliest: date | None, latest: date | None, settings: DeriveSettings
) -> tuple[Problem, ...]:
    """A date of death after the import day or before the documented period: kept, but a
    typing or calendar mistake more often than not, so the user hears of it."""
    if earliest is None or latest is None:
        return ()
    today = settings.today or date.today()
    if earliest > today:
        return (
            Problem(
                "date_of_death",
                f"date {earliest.isoformat()} is after the import day ({today.isoformat()}); "
                "kept as given",
                "warning",
            ),
        )
    start = settings.period_start
    if start is not None and latest < start:
        return (
            Problem(
                "date_of_death",
                f"date {latest.isoformat()} is before the period this workspace documents "
                f"(from {start.isoformat()}, [workspace] period_start); kept as given",
                "warning",
            ),
        )
    return ()


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


_VOCAB_MESSAGES = {
    "cause": "not in the controlled vocabulary",
    "perpetrator": "not in the controlled vocabulary",
    "status": "not in the controlled vocabulary",
    "weapon": "not in the controlled vocabulary",
}
_UNKNOWN_CODE = {
    "sex": "unknown",
    "status": "unknown",
    "cause": "unknown",
    "perpetrator": "unknown",
}


@lru_cache(maxsize=16384)
def _sex(text: str) -> tuple[str | None, str | None, _Problems]:
    """Sex code and the age group a joined column gives ("Adult - Male": male, adult)."""
    sex, group = parse_sex_age(text)
    problems: _Problems = ()
    if sex is None and group is None:
        problems = (Problem("sex", "not male/female/unknown (M/F, ذكر/أنثى)", "warning"),)
    return (
        sex.value if sex is not None else None,
        group.value if group is not None else None,
        problems,
    )


@lru_cache(maxsize=16384)
def _coded(name: str, text: str) -> tuple[str | None, _Problems]:
    """The code of a cause, perpetrator, status or weapon text, or a warning that it has none."""
    code: StrEnum | None
    if name == "perpetrator":
        code = parse_party(text)
    elif name == "weapon":
        codes = parse_codes(Weapon, text)
        code = codes[0] if codes else None  # several weapons named: the first, as listed
    else:
        code = normalize_vocab({"cause": Cause, "status": Status}[name], text)
    if code is None:
        return None, (Problem(name, _VOCAB_MESSAGES[name], "warning"),)
    return code.value, ()


def _mapped(settings: DeriveSettings, name: str, text: str | None) -> tuple[bool, str | None]:
    """Whether a mapping file's value map speaks of ``text``, and the code it gives ("" → the
    field's unknown code, or no code where the field has none)."""
    table = settings.values.get(name)
    if not table or text is None:
        return False, None
    code = table.get(value_key(text))
    if code is None:
        return False, None
    return True, code or _UNKNOWN_CODE.get(name)


_NONE3 = ((None, None, None), ())


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    return value if value and not value.isspace() else None


def _coordinate(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


_FINE = frozenset({PlaceLevel.COMMUNITY.value, PlaceLevel.NEIGHBOURHOOD.value})


@lru_cache(maxsize=65536)
def _point(latitude: float, longitude: float) -> tuple[_PlaceColumns | None, _Problems]:
    res = resolve_point(latitude, longitude)
    problems = tuple(Problem("latitude", w, "warning") for w in res.warnings)
    if res.status is PlaceStatus.RESOLVED and res.place is not None:
        p = res.place
        return (p.pcode, p.level.value, p.admin1), problems
    why = res.problem or "not inside Syria's boundaries"
    return None, (*problems, Problem("latitude", f"coordinates not used ({why})", "warning"))


def _with_coordinates(
    place: _PlaceColumns,
    problems: _Problems,
    latitude: float | None,
    longitude: float | None,
    given_pcode: bool,
) -> tuple[_PlaceColumns, _Problems]:
    """Coordinates refine a place the text left coarse (or unresolved); a given P-code or a
    place text resolved to a community stands, and a point elsewhere is said, not used."""
    if latitude is None or longitude is None:
        return place, problems
    point, point_problems = _point(latitude, longitude)
    if point is None:
        return place, (*problems, *point_problems)
    pcode, precision, admin1 = place
    if pcode is None:  # nothing else resolved: the point is the place
        return point, (*_point_used(problems), *point_problems)
    if admin1 is not None and point[2] is not None and admin1 != point[2]:
        return place, (
            *problems,
            *point_problems,
            Problem(
                "latitude",
                f"the coordinates lie in {point[2]}, the place given in {admin1}: "
                "the place given was used",
                "warning",
            ),
        )
    if given_pcode or precision in _FINE:
        return place, (*problems, *point_problems)
    # the text resolved to a governorate, district or sub-district: the point is finer if it
    # lies inside that unit
    if point[0] is not None and _inside_code(point[0], pcode):
        return point, (*_point_used(problems), *point_problems)
    return place, (*problems, *point_problems)


def _point_used(problems: _Problems) -> _Problems:
    """The place problems the coordinates answered, replaced by one note that they did."""
    kept = tuple(p for p in problems if p.field not in {"place_of_death", "governorate"})
    if len(kept) == len(problems):
        return problems
    note = Problem(
        "place_of_death", "place text not resolved finely; the coordinates were used", "warning"
    )
    return (*kept, note)


def place_columns(
    place: str | None,
    governorate: str | None,
    pcode: str | None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> tuple[_PlaceColumns, _Problems]:
    """(P-code, precision, governorate P-code) of a place as text, P-code and coordinates, and
    the problems met: the rules victim records follow, shared with incident reports so that one
    place reads alike in both."""
    cols, problems = _place(place, governorate, pcode)
    if latitude is not None and longitude is not None:
        given = pcode is not None and not any(p.field == "pcode" for p in problems)
        cols, problems = _with_coordinates(cols, problems, latitude, longitude, given_pcode=given)
    return cols, problems


def _inside_code(finer: str, wider: str) -> bool:
    place = gazetteer().get(finer)
    return place is not None and place.within(wider)


DERIVED_KEYS: tuple[str, ...] = (
    *NORMALIZED_COLUMNS[:8],
    "age_min",
    "age_max",
    "age_group",
    "date_earliest",
    "date_latest",
    "date_precision",
    "pcode",
    "place_precision",
    "admin1_pcode",
    *STRUCTURE_COLUMNS,
    "sex",
    "cause",
    "perpetrator",
    "status",
    "weapon",
)
"""The order of the values :func:`derive_values` returns (and of the keys :func:`derive`
returns): every column of :data:`NORMALIZED_COLUMNS`."""
assert sorted(DERIVED_KEYS) == sorted(NORMALIZED_COLUMNS)
assert DERIVED_KEYS[:8] == (
    "name_script",
    "given_name_norm",
    "father_name_norm",
    "grandfather_name_norm",
    "family_name_norm",
    "given_name_key",
    "father_name_key",
    "family_name_key",
)

TEXT_KEYS: tuple[str, ...] = (
    "full_name",
    "given_name",
    "father_name",
    "family_name",
    "sex_text",
    "age_text",
    "cause_text",
    "perpetrator_text",
    "status_text",
    "weapon_text",
    "date_text",
    "place_text",
    "governorate_text",
    "pcode_text",
)
"""The as-recorded texts :func:`derive_values` takes, in its order (then the coordinates)."""
_NOT_MAPPED = (False, None)
_NO_VALUE_MAPS = DeriveSettings()
_SexAge = tuple[str | None, _AgeColumns, _Problems]
_Codes = tuple[str | None, str | None, str | None, str | None]


def _sex_age(s: DeriveSettings, sex_text: str | None, age_text: str | None) -> _SexAge:
    """The sex code and the age columns, with their problems in the order they are met: the
    sex, the age, then a disagreement between the age and an age group in the sex column."""
    maps = bool(s.values)
    problems: list[Problem] = []
    sex: str | None = None
    sex_group: str | None = None
    if sex_text is not None:
        found, code = _mapped(s, "sex", sex_text) if maps else _NOT_MAPPED
        if found:
            sex = code
        else:
            sex, sex_group, p = _sex(sex_text)
            problems.extend(p)

    age: _AgeColumns = (None, None, None)
    if age_text is not None:
        found, code = _mapped(s, "age", age_text) if maps else _NOT_MAPPED
        if found:
            age = (None, None, code)
        else:
            age, p = _age(age_text)
            problems.extend(p)
    if sex_group is not None:
        if age[2] is None and age[0] is None and age[1] is None:
            age = (None, None, sex_group)
        elif age[2] is not None and not _groups_agree(age[2], sex_group):
            problems.append(
                Problem(
                    "age",
                    f"the age ({age[2]}) disagrees with the age group in the sex column "
                    f"({sex_group}); the age was kept",
                    "warning",
                )
            )
    return sex, age, tuple(problems)


@lru_cache(maxsize=65536)
def _plain_sex_age(sex_text: str | None, age_text: str | None) -> _SexAge:
    """:func:`_sex_age` without value maps, once per distinct pair (lists have a few sexes and
    at most a few hundred ages: one look-up a row instead of two calls and the checks)."""
    return _sex_age(_NO_VALUE_MAPS, sex_text, age_text)


def _codes(
    s: DeriveSettings,
    cause: str | None,
    perpetrator: str | None,
    status: str | None,
    weapon: str | None,
) -> tuple[_Codes, _Problems]:
    """The cause, perpetrator, status and weapon codes, with their problems in that order."""
    maps = bool(s.values)
    problems: list[Problem] = []
    codes: list[str | None] = []
    for name, text in (
        ("cause", cause),
        ("perpetrator", perpetrator),
        ("status", status),
        ("weapon", weapon),
    ):
        if text is None:
            codes.append(None)
            continue
        found, code = _mapped(s, name, text) if maps else _NOT_MAPPED
        if found:
            codes.append(code)
            continue
        code, p = _coded(name, text)
        codes.append(code)
        problems.extend(p)
    return (codes[0], codes[1], codes[2], codes[3]), tuple(problems)


@lru_cache(maxsize=65536)
def _plain_codes(
    cause: str | None, perpetrator: str | None, status: str | None, weapon: str | None
) -> tuple[_Codes, _Problems]:
    """:func:`_codes` without value maps, once per distinct combination (a list has a handful
    of causes, parties, statuses and weapons)."""
    return _codes(_NO_VALUE_MAPS, cause, perpetrator, status, weapon)


_TODAY_AT_START = date.today()
"""A day that is never after today: a date of death up to it cannot be after the import day,
so the clock is only read for a later one (most rows)."""


def _day(text: str, s: DeriveSettings) -> tuple[_DateColumns, _Problems]:
    """The date columns and their problems, then a date outside the documented period."""
    day, problems = _date(text, s.date_order)
    earliest, latest = day[0], day[1]
    if earliest is None or latest is None:
        return day, problems
    if s.today is None and earliest <= _TODAY_AT_START:
        start = s.period_start
        if start is None or latest >= start:
            return day, problems  # the usual date: inside the period, before today
    return day, (*problems, *_period_problems(earliest, latest, s))


_DerivedValues = tuple[Any, ...]


def derive_values(
    texts: tuple[str | None, ...] | list[str | None],
    latitude: Any,
    longitude: Any,
    s: DeriveSettings,
) -> tuple[_DerivedValues, list[Problem]]:
    """The normalised columns in :data:`DERIVED_KEYS` order, and the problems found on the way.

    ``texts`` are the as-recorded values of :data:`TEXT_KEYS`, each a non-blank string or
    ``None``. The import calls this once per row without building a dictionary per row: the
    work per distinct value is cached (``_names``, ``_place`` …), and without value maps the
    sex and age, and the four coded fields, are one cached look-up each.
    """
    (
        full,
        given,
        father,
        family,
        sex_text,
        age_text,
        cause_text,
        perpetrator_text,
        status_text,
        weapon_text,
        date_text,
        place_text,
        gov_text,
        pcode_text,
    ) = texts
    maps = bool(s.values)  # a mapping file's value maps, if any
    names, p1 = _names(full, given, father, family)
    problems: list[Problem] = [*p1]
    if maps:
        sex, age, p2 = _sex_age(s, sex_text, age_text)
        codes, p3 = _codes(s, cause_text, perpetrator_text, status_text, weapon_text)
    else:
        sex, age, p2 = _plain_sex_age(sex_text, age_text)
        codes, p3 = _plain_codes(cause_text, perpetrator_text, status_text, weapon_text)
    problems += p2
    problems += p3

    if date_text is not None:
        day, p4 = _day(date_text, s)
        problems += p4
    else:
        day = _NONE3[0]

    if maps:
        for name, text in (("place_of_death", place_text), ("governorate", gov_text)):
            _, code = _mapped(s, name, text)
            if code:  # a value map gives this place its P-code
                pcode_text = pcode_text or code
                if name == "place_of_death":
                    place_text = None
    place, p5 = _place(place_text, gov_text, pcode_text)
    if latitude is not None and longitude is not None:  # else no coordinates to weigh
        place, p5 = _with_coordinates(
            place,
            p5,
            _coordinate(latitude),
            _coordinate(longitude),
            given_pcode=pcode_text is not None and not any(p.field == "pcode" for p in p5),
        )
    problems += p5
    return (*names[:8], *age, *day, *place, *names[8:], sex, *codes), problems


def derive(
    rec: Mapping[str, Any],
    date_order: DateOrder | None = None,
    settings: DeriveSettings | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """The normalised columns of one record and the problems found on the way.

    Errors (an invalid or ambiguous date) leave the affected columns empty; whether that
    rejects the row is the caller's decision (import rejects it). Never raises on any input.
    ``settings`` (the import's reading settings) wins over ``date_order`` when both are given.
    """
    s = settings if settings is not None else DeriveSettings(date_order=date_order)
    g = rec.get
    texts = [
        None
        if (v := g(k)) is None
        else v
        if v.__class__ is str and v and not v.isspace()
        else _text(v)
        for k in TEXT_KEYS
    ]
    values, problems = derive_values(texts, g("latitude"), g("longitude"), s)
    return dict(zip(DERIVED_KEYS, values, strict=True)), problems


def _groups_agree(from_age: str, from_sex: str) -> bool:
    """An infant is a child too; elderly people are adults."""
    child = {AgeGroup.INFANT.value, AgeGroup.CHILD.value}
    adult = {AgeGroup.ADULT.value, AgeGroup.ELDERLY.value}
    return any(from_age in g and from_sex in g for g in (child, adult)) or from_age == from_sex
