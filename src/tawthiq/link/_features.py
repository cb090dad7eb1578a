"""The features step: from victim records as imported to the columns the linkage model compares.

Linkage must work on records straight from import, so everything it compares is derived here,
once per distinct value (lists repeat a few hundred names and places millions of times):

* names: each part (given, father, family; grandfather when a full name gives one) as its
  canonical spelling (``*_norm``, for string similarity within a script) and its cross-script
  consonant key (``*_key``, equal for محمد and Mohammed). Split name columns win; a record with
  only ``full_name`` is parsed into parts by :func:`tawthiq.normalize.names.normalize_name`.
  ``given_first_key`` is the key of the first unit of the given name (محمد of محمد خير), for
  compound given names that another list splits into given + father. Records read from the
  store bring the parts import already normalised (``STORED_NAME_COLUMNS``): those are used as
  they are, so a large store is not parsed twice. ``script`` (``ar``,
  ``la``, ``mixed``) tells a cross-script key agreement (محمد ~ Mohammed) from a same-script
  one with different spellings (محمد ~ محمود share the skeleton MHMD).
* sex: ``male``/``female``; ``unknown`` and unreadable values become null.
* age: ``age_lo``/``age_hi`` in years (a single age gives lo = hi).
* date of death: ``date_lo``/``date_hi`` as day numbers (days since 1970-01-01), so a month-only
  date is the interval of its days and every backend compares plain integers; ``date_month``
  (months since year 0) for blocking, only when the interval is at most 31 days;
  ``date_week`` (⌊day/7⌋) and ``date_week_shifted`` (⌊(day+3)/7⌋) for exact days only: two
  days at most 3 apart always share one of the two, so a pair of blocking rules finds them.
* place: the gazetteer hierarchy of the P-code, or of the resolved place text (with the
  governorate text as a hint), as ``place_community``, ``place_admin3``, ``place_admin2``,
  ``place_admin1``; ``admin1_pcode`` is the fallback for the governorate.
* name structure: ``relation`` (relation and anchor key, "wife_of|HMD KTB", for a record that
  names the victim through someone else) and ``placeholder`` (the record names nobody), read
  from the name as recorded (``normalize.name_structure``); only names with a word that may
  start one are parsed. A relational record with no name of its own takes its anchor's names
  as father's and family name ("son of Ahmad al-Khatib": father Ahmad, family al-Khatib), so
  that it is compared with records of the same relation and anchor; the hard constraints
  (``link._constraints``) keep it from anything else. A sex the structure states (wife of →
  female) fills a blank sex.
* ``event_key``: day and community together (when both are known to the day and the
  community), for the term-frequency adjustment of "same day, same place": a pair from a
  massacre of forty shares day and place far more often than a pair from a lone death.

Nothing here logs or reports a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from tawthiq.errors import InputError
from tawthiq.model.vocab import Sex, parse
from tawthiq.normalize.name_structure import token_may_have_structure
from tawthiq.normalize.names import NormalizedName, normalize_name, word_key
from tawthiq.normalize.places import Place, PlaceLevel, PlaceStatus, gazetteer, resolve_place
from tawthiq.store.linkage import LINK_INPUT_COLUMNS, LINK_STORED_NAME_COLUMNS

__all__ = [
    "FEATURE_COLUMNS",
    "INPUT_COLUMNS",
    "REQUIRED_COLUMNS",
    "STORED_NAME_COLUMNS",
    "check_records",
    "features",
]

INPUT_COLUMNS: tuple[str, ...] = LINK_INPUT_COLUMNS
"""The input contract (see the package docstring); every column but the required ones may be
absent, which is read as all null."""

REQUIRED_COLUMNS: tuple[str, ...] = ("record_key", "source")

STORED_NAME_COLUMNS: tuple[str, ...] = LINK_STORED_NAME_COLUMNS
"""Optional input: the normalised name columns import stores. When all are present, names are
taken from them instead of being parsed again from the as-recorded columns."""

FEATURE_COLUMNS: tuple[str, ...] = (
    "uid",
    "source",
    "given_norm",
    "given_key",
    "given_first_key",
    "father_norm",
    "father_key",
    "family_norm",
    "family_key",
    "grandfather_key",
    "name_key",
    "script",
    "sex",
    "age_lo",
    "age_hi",
    "date_lo",
    "date_hi",
    "date_month",
    "date_week",
    "date_week_shifted",
    "place_community",
    "place_admin3",
    "place_admin2",
    "place_admin1",
    "event_key",
    "relation",
    "placeholder",
)
"""Columns of the feature table; ``uid`` is the record's row position in the input."""

_EPOCH = dt.date(1970, 1, 1)


def check_records(records: Any) -> pd.DataFrame:
    """The input as a pandas frame with every contract column (absent ones all null).

    Raises :class:`InputError` when a required column is missing, a ``record_key`` is null or
    repeated, or the input is not a table.
    """
    if not isinstance(records, pd.DataFrame):
        to_pandas = getattr(records, "to_pandas", None)
        if to_pandas is None:
            raise InputError(
                f"records must be a pandas DataFrame or a pyarrow Table, not "
                f"{type(records).__name__}"
            )
        records = to_pandas()
    frame: pd.DataFrame = records
    for col in REQUIRED_COLUMNS:
        if col not in frame.columns:
            raise InputError(f"missing column {col!r}", field=col)
    keys = frame["record_key"]
    if keys.isna().any():
        raise InputError(
            f"{int(keys.isna().sum())} record(s) have no record_key", field="record_key"
        )
    dup = keys.duplicated()
    if dup.any():
        raise InputError(
            f"{int(dup.sum())} record_key value(s) repeated, e.g. {keys[dup].iloc[0]!r}",
            field="record_key",
        )
    out = frame.reset_index(drop=True)
    missing = [c for c in INPUT_COLUMNS if c not in out.columns]
    if missing:
        out = out.assign(**dict.fromkeys(missing, None))
    return out


def _clean(value: Any) -> str | None:
    text = str(value).strip()
    return text or None


def _text(series: pd.Series) -> pd.Series:
    """Strings with blanks as null (object dtype); each distinct value is cleaned once."""
    return _map_unique(series, lambda v: None if v is None else _clean(v))


def _map_unique(series: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """Apply ``fn`` once per distinct value (nulls map to ``fn(None)``)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return pd.Series(_lookup(codes, [fn(u) for u in uniques], fn(None)), index=series.index)


def _lookup(codes: np.ndarray[Any, Any], values: list[Any], null: Any) -> np.ndarray[Any, Any]:
    """``values[code]`` for every code, ``null`` where the code is -1 (an object array)."""
    table = np.empty(len(values) + 1, dtype=object)
    table[: len(values)] = values
    table[-1] = null
    out: np.ndarray[Any, Any] = table[codes]
    return out


def _joint_codes(columns: list[pd.Series]) -> tuple[np.ndarray[Any, Any], list[tuple[Any, ...]]]:
    """Codes of the distinct combinations of several columns, and each combination's values;
    millions of rows share a few thousand combinations, so work is done once per combination."""
    joint = np.zeros(len(columns[0]), dtype=np.int64)
    for col in columns:
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        # re-factorised at each step, so the combined code stays below the number of rows
        joint, _ = pd.factorize(joint * (len(uniques) + 1) + (codes + 1))
    _, first = np.unique(joint, return_index=True)
    values = [col.to_numpy(dtype=object)[first] for col in columns]
    return joint, [
        tuple(None if _is_null(v) else v for v in combo)
        for combo in zip(*(v.tolist() for v in values), strict=True)
    ]


def _is_null(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


_ARTICLES = ("ال", "al ")


def _part_key(part: str, norm: str | None, key: str | None) -> str | None:
    """The cross-script key of a name part, made robust where ``name_key`` is not.

    * Family names: the key of the name without its article. The skeleton keeps the article
      when fewer than two consonants remain (العيسى → LS), but lists drop it (عيسى → S).
    * A name whose skeleton is empty (يحيى, آية: only vowels and weak letters) keys as its
      spelling, so that at least same-script spellings still agree.
    """
    if norm is None:
        return None
    if part == "family":
        for article in _ARTICLES:
            if norm.startswith(article) and len(norm) > len(article) + 1:
                bare = word_key(norm[len(article) :].strip())
                if bare:
                    return bare
    if key:
        return key
    return "~" + norm.replace(" ", "")


def _script_flags(part: str | None) -> int:
    """1 if a name part has Arabic letters, 2 if Latin ones, 3 if both, 4 if neither, 0 if it
    is empty; the flags of a name's parts, OR-ed, give its script (``_SCRIPTS``)."""
    if not part:
        return 0
    arabic = any("\u0600" <= ch <= "\u06ff" for ch in part)
    latin = any("a" <= ch <= "z" for ch in part)
    return int(arabic) | (2 * int(latin)) or 4


_SCRIPTS = (None, "ar", "la", "mixed", "la", "ar", "la", "mixed")
"""Script by OR-ed flags (4: letters of neither script, which alone count as Latin)."""


def _normalized(value: Any) -> NormalizedName | None:
    return None if value is None else normalize_name(str(value))


def _stored_part_key(part: str, norm_key: Any) -> str | None:
    if not isinstance(norm_key, tuple):
        return None
    return _part_key(part, norm_key[0], norm_key[1])


def _stored_names(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Name features from the normalised columns import already stored (no re-parsing).

    Import derives ``*_name_norm`` and ``*_name_key`` with the same normaliser, so a store of a
    million records need not parse its names again; only the family-name article rule and the
    grandfather key (not stored) are applied here, once per distinct value.
    """
    out: dict[str, pd.Series] = {}
    for part in ("given", "father", "family"):
        norm = _text(frame[f"{part}_name_norm"])
        key = _text(frame[f"{part}_name_key"])
        pairs = pd.Series(list(zip(norm.tolist(), key.tolist(), strict=True)), index=frame.index)
        out[f"{part}_norm"] = norm
        out[f"{part}_key"] = _map_unique(pairs, partial(_stored_part_key, part))
    grandfather = _text(frame["grandfather_name_norm"])
    out["grandfather_key"] = _map_unique(
        grandfather,
        lambda g: (
            None
            if g is None
            else _part_key("grandfather", g, normalize_name(g).as_column_part()[1])
        ),
    )
    return out


_Part = tuple[str, str | None] | None
_Structure = tuple[str | None, bool, _Part, _Part, str | None]
_NO_STRUCTURE: _Structure = (None, False, None, None, None)
# Kunya heads (أم محمد, Abu Ahmad): name parsing reads them, the structure pre-filter does not.
_KUNYA_HEADS = frozenset({"ام", "أم", "إم", "ابو", "أبو", "ابا", "أبا", "um", "umm", "om", "oum"})
_KUNYA_HEADS |= frozenset({"abu", "abou", "abo", "em", "im"})


def _name_text(frame: pd.DataFrame) -> pd.Series:
    """The name as recorded: the full name, else the split parts joined."""
    columns = ("full_name", "given_name", "father_name", "family_name")
    codes, combos = _joint_codes([_text(frame[c]) for c in columns])
    texts = [c[0] if c[0] else " ".join(str(p) for p in c[1:] if p) or None for c in combos]
    return pd.Series(_lookup(codes, texts, None), index=frame.index, dtype=object)


def _may_have_structure(text: str) -> bool:
    tokens = text.split()
    return tokens[0].lower() in _KUNYA_HEADS or any(token_may_have_structure(t) for t in tokens)


def _anchor_family(anchor: NormalizedName) -> _Part:
    """The anchor's family name as (spelling, key): its last word, article dropped in the key,
    so that "Mohammad Salem al-Nuaimi" and "محمد النعيمي" agree."""
    family = anchor.parts.family
    if not family:
        return None
    words = family.split()
    last = " ".join(words[-2:]) if len(words) > 1 and words[-2] in ("al", "el") else words[-1]
    return last, _part_key("family", last, word_key(last))


def _structure(text: Any) -> _Structure:
    """(relation signature, placeholder, father's and family name a record without a name of
    its own takes from its anchor, sex hint) of one name as recorded.

    The signature is the relation and the anchor's family name: how the anchor's own given
    name is spelled, and whether a list wrote the anchor's father too, is for the model to
    weigh (it lands in the father's-name slot), not a veto.
    """
    if not isinstance(text, str) or not text.strip() or not _may_have_structure(text):
        return _NO_STRUCTURE
    s = normalize_name(text).structure
    sex = s.sex_hint.value if s.sex_hint is not None else None
    if s.placeholder:
        return None, True, None, None, sex
    if s.relation is None:
        return None, False, None, None, sex
    anchor = s.anchor
    family = _anchor_family(anchor) if anchor is not None else None
    signature = f"{s.relation.value}|{family[1] if family else ''}"
    if s.has_own_name or anchor is None:
        return signature, False, None, None, sex
    given = anchor.parts.given
    father = (given, _part_key("father", given, anchor.keys.given)) if given else None
    return signature, False, father, family, sex


def _structures(frame: pd.DataFrame, out: dict[str, pd.Series]) -> None:
    """Add ``relation``, ``placeholder`` and ``sex_hint``, and give nameless relational records
    their anchor's names (in ``out``, in place)."""
    codes, uniques = pd.factorize(_name_text(frame), use_na_sentinel=True)
    found = [_structure(u) for u in uniques]
    index = frame.index
    out["relation"] = pd.Series(_lookup(codes, [f[0] for f in found], None), index=index)
    out["placeholder"] = pd.Series(
        _lookup(codes, [f[1] for f in found], False).astype(bool), index=index
    )
    no_name = (
        out["given_norm"].isna() & out["father_norm"].isna() & out["family_norm"].isna()
    ).to_numpy(dtype=bool)
    for part, slot in (("father", 2), ("family", 3)):
        taken = _lookup(codes, [f[slot] for f in found], None)
        fill = np.flatnonzero(no_name & (taken != None))  # noqa: E711
        if not len(fill):
            continue
        norms = out[f"{part}_norm"].to_numpy(dtype=object, copy=True)
        keys = out[f"{part}_key"].to_numpy(dtype=object, copy=True)
        for i in fill.tolist():
            norms[i], keys[i] = taken[i]
        out[f"{part}_norm"] = pd.Series(norms, index=index, dtype=object)
        out[f"{part}_key"] = pd.Series(keys, index=index, dtype=object)
    out["sex_hint"] = pd.Series(_lookup(codes, [f[4] for f in found], None), index=index)


def _names(frame: pd.DataFrame) -> dict[str, pd.Series]:
    if all(c in frame.columns for c in STORED_NAME_COLUMNS):
        out = _stored_names(frame)
    else:
        out = _parsed_names(frame)
    _structures(frame, out)
    out["given_first_key"] = out["given_key"].map(lambda k: None if k is None else k.split(" ")[0])
    flags = np.zeros(len(frame), dtype=np.int64)
    for part in ("given", "father", "family"):
        flags |= _map_unique(out[f"{part}_norm"], _script_flags).to_numpy(dtype=np.int64)
    out["script"] = pd.Series(
        np.array(_SCRIPTS, dtype=object)[flags], index=frame.index, dtype=object
    )
    codes, combos = _joint_codes([out["given_key"], out["father_key"], out["family_key"]])
    out["name_key"] = pd.Series(
        _lookup(codes, [" ".join(k for k in c if k) or None for c in combos], None),
        index=frame.index,
        dtype=object,
    )
    return out


def _parsed_names(frame: pd.DataFrame) -> dict[str, pd.Series]:
    split = {
        part: _map_unique(_text(frame[f"{part}_name"]), _normalized)
        for part in ("given", "father", "family")
    }
    full = _map_unique(_text(frame["full_name"]), _normalized)

    def nonempty(n: NormalizedName | None) -> bool:
        return n is not None and bool(n.normalized or n.as_column_part()[0])

    has_split = np.zeros(len(frame), dtype=bool)
    for part in split.values():
        has_split |= part.map(nonempty).to_numpy(dtype=bool)
    out: dict[str, pd.Series] = {}
    for part in ("given", "father", "family"):
        norms: list[str | None] = []
        keys: list[str | None] = []
        for use_split, sp, fu in zip(
            has_split.tolist(), split[part].tolist(), full.tolist(), strict=True
        ):
            if use_split:
                norm, key = sp.as_column_part() if sp is not None else (None, None)
            elif fu is not None:
                norm = getattr(fu.parts, part)
                key = getattr(fu.keys, part)
            else:
                norm = key = None
            norms.append(norm)
            keys.append(_part_key(part, norm, key))
        out[f"{part}_norm"] = pd.Series(norms, index=frame.index, dtype=object)
        out[f"{part}_key"] = pd.Series(keys, index=frame.index, dtype=object)
    out["grandfather_key"] = full.map(
        lambda n: (
            None if n is None else _part_key("grandfather", n.parts.grandfather, n.keys.grandfather)
        )
    )
    return out


def _sex(value: Any) -> str | None:
    if value is None:
        return None
    code = parse(Sex, str(value))
    return None if code is None or code == Sex.UNKNOWN else code.value


def _float(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").astype("Float64")


def _days(series: pd.Series) -> pd.Series:
    """Dates (date objects, ISO strings, timestamps) as days since 1970-01-01; bad → null."""
    if pd.api.types.is_datetime64_any_dtype(series):
        days = (series.dt.normalize() - pd.Timestamp(_EPOCH)).dt.days
        return days.astype("Int64")
    # A list spans a few thousand distinct days: convert each once.
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    stamps = pd.to_datetime(
        pd.Series([_clean(u) for u in uniques], dtype=object), errors="coerce", format="mixed"
    )
    per_value = (stamps.dt.normalize() - pd.Timestamp(_EPOCH)).dt.days.astype("Int64")
    table = pd.array([*per_value.tolist(), pd.NA], dtype="Int64")
    return pd.Series(table[codes], index=series.index, dtype="Int64")


def _end_of(day: int, precision: str | None) -> int:
    d = _EPOCH + dt.timedelta(days=day)
    if precision == "month":
        nxt = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
        return (nxt - _EPOCH).days - 1
    if precision == "year":
        return (dt.date(d.year, 12, 31) - _EPOCH).days
    return day


def _dates(frame: pd.DataFrame) -> dict[str, pd.Series]:
    lo = _days(frame["date_earliest"])
    hi = _days(frame["date_latest"])
    precision = _text(frame["date_precision"])
    only_lo = lo.notna() & hi.isna()
    if only_lo.any():
        filled = [
            _end_of(int(d), p)
            for d, p in zip(lo[only_lo].tolist(), precision[only_lo].tolist(), strict=True)
        ]
        values = hi.to_numpy(dtype="float64", na_value=np.nan)
        values[only_lo.to_numpy(dtype=bool)] = filled
        hi = pd.Series(values, index=hi.index).astype("Int64")
    lo = lo.where(lo.notna(), hi)
    swap = lo.notna() & hi.notna() & (lo > hi)
    lo, hi = lo.where(~swap, hi), hi.where(~swap, lo)
    stamps = pd.Timestamp(_EPOCH) + pd.to_timedelta(lo.astype("float64"), unit="D")
    month = (stamps.dt.year * 12 + stamps.dt.month - 1).astype("Int64")
    narrow = (hi - lo) <= 31
    month = month.where(narrow.fillna(False).astype(bool), pd.NA)
    exact = (lo == hi).fillna(False).astype(bool)
    week = (lo // 7).where(exact, pd.NA).astype("Int64")
    shifted = ((lo + 3) // 7).where(exact, pd.NA).astype("Int64")
    return {
        "date_lo": lo,
        "date_hi": hi,
        "date_month": month,
        "date_week": week,
        "date_week_shifted": shifted,
    }


_PlaceKey = tuple[str | None, str | None, str | None, str | None]
_NO_PLACE: _PlaceKey = (None, None, None, None)


def _hierarchy(place: Place) -> _PlaceKey:
    """(community, admin3, admin2, admin1) of a gazetteer unit; a neighbourhood counts as its
    community, and a unit above community level leaves the finer codes null."""
    level = place.level
    community = place.pcode if level == PlaceLevel.COMMUNITY else place.community
    admin3 = place.pcode if level == PlaceLevel.SUBDISTRICT else place.admin3
    admin2 = place.pcode if level == PlaceLevel.DISTRICT else place.admin2
    return (community, admin3, admin2, place.admin1)


def _place(key: Hashable) -> _PlaceKey:
    if not isinstance(key, tuple):
        return _NO_PLACE
    pcode, text, governorate, admin1 = key
    gaz = gazetteer()
    if pcode:
        found = gaz.get(str(pcode).strip().upper())
        if found is not None:
            return _hierarchy(found)
    for what, hint in ((text, governorate), (governorate, None)):
        if what:
            res = resolve_place(what, governorate=hint)
            if res.status == PlaceStatus.RESOLVED and res.place is not None:
                return _hierarchy(res.place)
            if res.status == PlaceStatus.AMBIGUOUS and res.candidates:
                # Every candidate in one governorate still tells us the governorate.
                admin1s = {c.admin1 for c in res.candidates}
                if len(admin1s) == 1 and None not in admin1s:
                    return (None, None, None, admin1s.pop())
    if admin1:
        return (None, None, None, str(admin1).strip().upper())
    return _NO_PLACE


def _places(frame: pd.DataFrame) -> dict[str, pd.Series]:
    cols = [_text(frame[c]) for c in ("pcode", "place_text", "governorate_text", "admin1_pcode")]
    codes, combos = _joint_codes(cols)
    hier = [_place(c) for c in combos]
    names = ("place_community", "place_admin3", "place_admin2", "place_admin1")
    return {
        name: pd.Series(_lookup(codes, [h[i] for h in hier], None), index=frame.index)
        for i, name in enumerate(names)
    }


def features(records: Any) -> pd.DataFrame:
    """The feature table (``FEATURE_COLUMNS``) of a table of victim records, one row each.

    Row ``i`` of the result describes row ``i`` of ``records`` (``uid`` = ``i``). Raises
    :class:`InputError` if ``records`` breaks the input contract.
    """
    frame = check_records(records)
    out: dict[str, pd.Series] = {
        "uid": pd.Series(np.arange(len(frame), dtype=np.int64), index=frame.index),
        "source": _text(frame["source"]).fillna("").astype(object),
    }
    out.update(_names(frame))
    sex = _map_unique(_text(frame["sex"]), _sex)
    out["sex"] = sex.where(sex.notna(), out.pop("sex_hint"))
    age_lo, age_hi = _float(frame["age_min"]), _float(frame["age_max"])
    out["age_lo"] = age_lo.where(age_lo.notna(), age_hi)
    out["age_hi"] = age_hi.where(age_hi.notna(), age_lo)
    out.update(_dates(frame))
    out.update(_places(frame))
    day = out["date_lo"].where(out["date_lo"] == out["date_hi"])
    known = day.notna() & out["place_community"].notna()
    event = day.astype("string") + ":" + out["place_community"].astype("string")
    out["event_key"] = event.astype(object).where(known.to_numpy(dtype=bool), None)
    return pd.DataFrame({c: out[c] for c in FEATURE_COLUMNS})
