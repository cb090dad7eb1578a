"""Read-only queries behind the web app and API: search, record detail, dashboard counts.

Filtering by sensitivity happens here, in SQL (``max_level``), so that a record a user may not
see is never read into the process at all; which *fields* of a visible record a user may see is
decided by ``tawthiq.model.sensitivity`` before anything is rendered or serialised.

Name search ranks by closeness. A record matches when every word's cross-script key is the key
of one of its name parts (given, father's, family). The key is loose on purpose, since it must
survive every transliteration: Hussein, Husayn and حسين are HSN, but so are Hasan and حسن; Omar
and عمر are MR, and so are Amer, Ammar and عامر. So the matches are ordered by tier, then
(date_earliest, id):

0. exact: each word, normalised, is the normalised spelling of a name part ("Hussein" finds
   hussein);
1. same name: each word is one of the spellings the shipped name inventory lists for the same
   name (Hussein: Husayn, Hussain, حسين, al-Hussein, الحسين …), or spelled as typed;
2. key: the other matches (Hasan, حسن; Amer, Ammar, عامر).

A record's tier is that of its farthest word. The tiers never change *which* records match or
how many: the key branches of migration 0007 find and count them exactly as before.

Bounded: ranking all matches of محمد (300,000 at a million records) would sort them all for
every page. Instead, the first n = page × per_page rows of the ranking are the first n of the
union of three date-ordered lists, each read from an index in date order and cut at n:

- tier 0: the driving word spelled as typed, on each name part (the other words checked from
  the same index entries);
- tier 1: each spelling of the driving word's name on each name part, one index range each
  (at most 16 spellings);
- tier 2: the key matches, which the count reads anyway (cut at 1,001).

Tiers 1 and 2 are read only when tier 0 holds fewer than n records, which for a common name
spelled as typed it never does: محمد, page 1, reads 3 × 50 index entries besides the count. A
search of several words whose matches are all counted (fewer than 1,001: "Khadija Darwish")
ranks them from their name parts instead, read by id: its tiers, read from the spelling
indexes, would scan the driving word's spellings for the other words, as many entries again as
the key matches did.

The indexes of migration 0010 lead with a name part's normalised spelling and continue in date
order, with the filters and the other parts' keys and spellings beside it, so every branch is
answered from an index and stops after n rows. The union (a few thousand rows at most) is
grouped by record, keeping its best tier, then sorted and paged. Why this is exact: a branch's
tier is never better than the true tier of a row it yields, so keeping the best is right for
every row that a branch of its true tier yields; and a row among the first n of the ranking is
among the first n of that branch, because every row before it there (same tier or better,
earlier date) is also before it in the ranking. Rows that are labelled worse than they are lie
past the first n anyway. Page 2 is rows n+1… of the same ranking: the offset is over the
ranking, not over a date window. Records whose three name parts exceed 300 characters together
are not in those indexes (a btree entry has a size limit; such a "name" is a mis-read cell):
they still match and count, as key matches.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    CTE,
    Connection,
    Date,
    Integer,
    Select,
    String,
    and_,
    any_,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY

from tawthiq.model.sensitivity import LEVELS
from tawthiq.normalize import normalize_name, word_key
from tawthiq.normalize.inventory import inventory_names
from tawthiq.store.schema import (
    SPELLING_INDEX_WHERE,
    Incident,
    Person,
    PersonRecord,
    RawRow,
    Source,
    VictimRecord,
)

__all__ = [
    "COUNT_CAP",
    "LEVELS",
    "MATCHES",
    "NameTerm",
    "RecordPage",
    "counts_by",
    "incident_counts_by_governorate",
    "incident_detail",
    "list_incidents",
    "name_terms",
    "person_records",
    "record_detail",
    "search_all",
    "search_records",
]


def _visible(max_level: str) -> Any:
    allowed = LEVELS[: LEVELS.index(max_level) + 1]
    return VictimRecord.sensitivity.in_(allowed)


_LIST_COLUMNS = (
    VictimRecord.id,
    Source.name.label("source"),
    VictimRecord.source_record_id,
    VictimRecord.full_name,
    VictimRecord.given_name,
    VictimRecord.father_name,
    VictimRecord.family_name,
    VictimRecord.sex,
    VictimRecord.age_min,
    VictimRecord.age_max,
    VictimRecord.date_earliest,
    VictimRecord.date_latest,
    VictimRecord.date_precision,
    VictimRecord.place_text,
    VictimRecord.governorate_text,
    VictimRecord.admin1_pcode,
    VictimRecord.pcode,
    VictimRecord.cause,
    VictimRecord.perpetrator,
    VictimRecord.status,
    VictimRecord.sensitivity,
)
_LIST_NAMES = tuple(c.key for c in _LIST_COLUMNS)


COUNT_CAP = 1_000  # searches count their matches up to this, then say "more than 1,000"

# The name parts a name key may match; each has a (key, date_earliest, id) index (0007).
_KEY_COLUMNS = (
    VictimRecord.given_name_key,
    VictimRecord.father_name_key,
    VictimRecord.family_name_key,
)
# The same parts' normalised spellings; each leads a (spelling, date_earliest, id) index (0010)
# that holds the records meeting SPELLING_INDEX_WHERE (the condition is repeated in each query
# so that the database may use it).
_NORM_COLUMNS = (
    VictimRecord.given_name_norm,
    VictimRecord.father_name_norm,
    VictimRecord.family_name_norm,
)
_IN_SPELLING_INDEX = text(SPELLING_INDEX_WHERE)

MATCHES = ("exact", "same_name", "key")
"""A ranked row's ``match``, by tier: spelled as typed, another spelling of the same name, or
only the same cross-script key."""
MAX_VARIANTS = 15  # other spellings of a name looked up for tier 1: one index range each


@dataclass(frozen=True)
class NameTerm:
    """One word of a name search.

    ``key`` decides which records match (on any name part). ``spelling`` (the word normalised
    as typed) and ``variants`` (other normalised spellings of the same name) decide only their
    order; a term without a spelling is a bare key, which matches as before and ranks nothing.
    """

    key: str
    spelling: str = ""
    variants: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.spelling, *self.variants) if self.spelling else ()


def name_terms(typed: str | None) -> list[NameTerm]:
    """The words of a typed name as search terms, one per cross-script key, in typed order.

    The keys are those of ``name_key(typed)``, so a ranked search finds exactly the records a
    search by keys finds. Two words with one key ("Hussein Hasan") make one term, the second
    word's spelling counting as a variant of the first's.
    """
    terms: dict[str, NameTerm] = {}
    for unit in normalize_name(typed).units:
        key = word_key(unit)
        if not key:
            continue
        if " " in key:  # several keys for one unit: match each, rank by none
            for part in key.split():
                terms.setdefault(part, NameTerm(part))
            continue
        term = terms.get(key)
        if term is None:
            terms[key] = NameTerm(key, unit, _variants(unit, key))
        elif term.spelling and unit not in term.spellings:
            terms[key] = NameTerm(key, term.spelling, (*term.variants, unit))
    return list(terms.values())


def _variants(spelling: str, key: str) -> tuple[str, ...]:
    """Other spellings of the name spelled so in the shipped inventory, with the same key.

    The cross-script key is loose by design (Hussein and Hasan are both HSN, Omar and Amer both
    MR: it must survive every transliteration), so which spellings are *one* name comes from
    the inventory, which lists each Arabic name with its Latin spellings (حسين: Hussein,
    Husain, Hussain, Husayn, Houssein). A name it does not list has only its own spelling.
    """
    found = _inventory().get(_bare(spelling), ())
    return tuple(v for v in found if v != spelling and word_key(v) == key)[:MAX_VARIANTS]


def _bare(spelling: str) -> str:
    """Without a leading article, so that الحسين and al-Hussein find حسين and Hussein."""
    for article in ("ال", "al ", "el "):
        if spelling.startswith(article) and len(spelling) - len(article) >= 3:
            return spelling[len(article) :]
    return spelling


@lru_cache(maxsize=1)
def _inventory() -> dict[str, tuple[str, ...]]:
    """Each spelling (without article) → the spellings of every inventory name written so.

    A spelling two names share (Amir, listed under عامر, is also أمير) brings both names'.
    """
    found: dict[str, list[str]] = {}
    for name in inventory_names():
        spellings = list(dict.fromkeys(s for s in map(_spelling, name.written) if s))
        for spelling in spellings:
            bucket = found.setdefault(_bare(spelling), [])
            bucket.extend(s for s in spellings if s not in bucket)
    return {k: tuple(v) for k, v in found.items()}


def _spelling(written: str) -> str:
    return normalize_name(written).normalized


@dataclass(frozen=True)
class RecordPage:
    """One page of matches.

    ``total`` is the exact number of matches when ``total_exact``; otherwise there are more
    than ``total`` (searches stop counting at :data:`COUNT_CAP`). ``ranked``: the rows come
    closest name first (each with its ``match``), not in date order alone.
    """

    rows: list[dict[str, Any]]
    total: int
    page: int
    per_page: int
    total_exact: bool = True
    ranked: bool = False


@dataclass(frozen=True)
class _Shape:
    """What a search's SQL depends on (its values are bound parameters)."""

    level: str
    keys: int
    source: bool
    admin1: bool
    year: bool
    year_end: bool
    spellings: int = 0  # tier 1's spellings of the driving term, each a branch (not lateral)
    lateral: bool = False  # PostgreSQL: tier 1's spellings as one array (see _ranked)
    ranked: bool = False  # every term has a spelling: closest name first


@dataclass(frozen=True)
class _Statements:
    page: Select[*tuple[Any, ...]]
    count: Select[Any]
    all: Select[*tuple[Any, ...]]


@lru_cache(maxsize=512)
def _statements(shape: _Shape) -> _Statements:
    """The page, count and export queries of one search shape, built once per process.

    Why branches: "a name key on any of three name parts" is an OR that no index serves in
    date order, so the database would sort every match (300,000 for a common name) for each
    page. Branch *j* matches the driving key (``k0``) on name part *j* and not on an earlier
    part, so the branches never share a record; each reads its part's covering (key, date, id,
    …) index in order and stops early, and the database merges them in order up to ``lim``
    rows. The other keys, the clearance and the filters are all columns of those indexes
    (migration 0007), so the search is answered from the indexes, and the table is read only
    for the rows of the page. Built once: constructing SQL costs more than running it here.
    A ranked shape adds the tier branches of :func:`_ranked` (see the module docstring).
    """
    v = VictimRecord
    where: list[Any] = []
    if shape.level != LEVELS[-1]:  # the highest clearance sees every level: no filter needed
        where.append(_visible(shape.level))
    if shape.source:
        source_id = select(Source.id).where(Source.name == bindparam("source")).scalar_subquery()
        where.append(v.source_id == source_id)
    if shape.admin1:
        where.append(v.admin1_pcode == bindparam("admin1"))
    if shape.year:
        # a range on the indexed column (extract(year ...) would read every record)
        where.append(v.date_earliest >= bindparam("y0", type_=Date))
    if shape.year_end:
        where.append(v.date_earliest < bindparam("y1", type_=Date))
    for i in range(1, shape.keys):
        key = bindparam(f"k{i}", type_=String)
        where.append(or_(*(column == key for column in _KEY_COLUMNS)))
    if shape.keys:
        drive = bindparam("k0", type_=String)
        branches = [
            select(v.id, v.date_earliest).where(
                column == drive,
                *(earlier.is_distinct_from(drive) for earlier in _KEY_COLUMNS[:j]),
                *where,
            )
            for j, column in enumerate(_KEY_COLUMNS)
        ]
    else:
        branches = [select(v.id, v.date_earliest).where(*where)]
    lim = bindparam("lim", type_=Integer)
    cut = [b.order_by(v.date_earliest, v.id).limit(lim).subquery() for b in branches]
    merged = (
        cut[0]
        if len(cut) == 1
        else union_all(*(select(c.c.id, c.c.date_earliest) for c in cut)).subquery()
    )
    first_rows = (
        select(merged.c.id, merged.c.date_earliest)
        .order_by(merged.c.date_earliest, merged.c.id)
        .limit(lim)
    )
    if shape.ranked:
        return _ranked(shape, where, first_rows.cte("first"))
    first = first_rows.subquery()
    on_page = (
        select(first.c.id, first.c.date_earliest, func.count().over().label("hits"))
        .order_by(first.c.date_earliest, first.c.id)
        .limit(bindparam("per_page", type_=Integer))
        .offset(bindparam("skip", type_=Integer))
        .subquery()
    )
    return _Statements(
        page=select(*_LIST_COLUMNS, on_page.c.hits)
        .select_from(on_page)
        .join(VictimRecord, VictimRecord.id == on_page.c.id)
        .join(Source, Source.id == VictimRecord.source_id)
        .order_by(on_page.c.date_earliest, on_page.c.id),
        count=select(func.count()).select_from(first),
        all=select(*_LIST_COLUMNS)
        .select_from(first)
        .join(VictimRecord, VictimRecord.id == first.c.id)
        .join(Source, Source.id == VictimRecord.source_id)
        .order_by(first.c.date_earliest, first.c.id),
    )


def _ranked(shape: _Shape, where: list[Any], first: CTE) -> _Statements:
    """A ranked search over the key matches (``first``, cut at ``lim``).

    The tiers are read in date order from the spelling indexes, ``upto`` rows each: tier 0 the
    driving term spelled as typed (``e0``) on each name part, the other terms spelled as typed
    (``e1``…); tier 1 the driving term's other spellings on each name part (with several
    words: all its spellings, the other terms among theirs, ``s1``…), but only when tier 0
    holds fewer than ``upto`` records: for a common name spelled as typed, tier 0 fills the
    page and tier 1 is never read; tier 2 the first key matches. A record found by several
    branches keeps its best tier. With several words, when ``first`` holds every match, each
    match's tier is worked out from its name parts instead (see below).

    On PostgreSQL the tier 1 spellings are one array (``spellings``) read by a LATERAL
    subquery per name part: a branch per spelling (36 for Hussein) took 13-57 ms to plan,
    longer than running them. Elsewhere (SQLite, which plans fast) each spelling is a branch.
    """
    v = VictimRecord
    drive = bindparam("k0", type_=String)
    upto = bindparam("upto", type_=Integer)
    lim = bindparam("lim", type_=Integer)
    # the other words, checked on the spelling index entries a branch reads (never an index
    # condition of their own), and every word, checked on the rows read by id (below)
    exact = [_spelled_on_a_part(f"e{i}", shape.lateral) for i in range(shape.keys)]
    same = [_among_on_a_part(f"s{i}", shape.lateral) for i in range(shape.keys)]
    exact_row = [_spelled_on_a_part(f"e{i}", False) for i in range(shape.keys)]
    same_row = [
        or_(*(_among(c, f"s{i}", shape.lateral) for c in _NORM_COLUMNS)) for i in range(shape.keys)
    ]
    counted = select(func.count().label("n")).select_from(first).cte("counted")
    hits = select(counted.c.n).scalar_subquery()
    several = shape.keys > 1
    # several words and every match in first: tiers from the matches' name parts instead
    partial = [hits >= lim] if several else []

    def spelled(part: int, spelling: Any, others: list[Any]) -> Select[int, date | None]:
        return (
            select(v.id, v.date_earliest)
            .where(
                _NORM_COLUMNS[part] == spelling,
                _KEY_COLUMNS[part] == drive,
                _IN_SPELLING_INDEX,
                *where,
                *others,
                *partial,
            )
            .order_by(v.date_earliest, v.id)
            .limit(upto)
        )

    parts = range(len(_NORM_COLUMNS))
    typed = bindparam("e0", type_=String)
    # Tier 0 as disjoint branches, like the key matches (part j, unless an earlier part already
    # has the spelling), merged in date order: upto index entries read, not 3 × upto.
    typed_on = [
        spelled(
            p,
            typed,
            [
                *exact[1:],
                *(
                    or_(n.is_distinct_from(typed), k.is_distinct_from(drive))
                    for n, k in zip(_NORM_COLUMNS[:p], _KEY_COLUMNS[:p], strict=True)
                ),
            ],
        ).subquery()
        for p in parts
    ]
    merged0 = union_all(*(select(t.c.id, t.c.date_earliest) for t in typed_on)).subquery()
    tier0 = (
        select(merged0.c.id, merged0.c.date_earliest)
        .order_by(merged0.c.date_earliest, merged0.c.id)
        .limit(upto)
        .cte("tier0")
    )
    found0 = select(func.count().label("n")).select_from(tier0).cte("found0")  # counted once
    short = and_(*partial, select(found0.c.n).scalar_subquery() < upto)
    tier1: list[Select[Any]] = []
    for part in parts:
        if shape.lateral:
            spelling = (
                func.unnest(bindparam("spellings", type_=ARRAY(String)))
                .table_valued("spelling")
                .render_derived()
            )
            each = spelled(part, spelling.c.spelling, same[1:]).lateral()
            joined = spelling.join(each, true())
            tier1.append(select(each.c.id, each.c.date_earliest).select_from(joined).where(short))
        else:
            for i in range(shape.spellings):
                one = spelled(part, bindparam(f"v{i}", type_=String), same[1:]).subquery()
                tier1.append(select(one.c.id, one.c.date_earliest).where(short))
    # Tier 2 needs only the first 2 × upto key matches: tiers 0 and 1 fill the first upto rows
    # of the ranking on their own unless they hold fewer than upto records in all.
    keyed = (
        select(first.c.id, first.c.date_earliest)
        .where(short)
        .order_by(first.c.date_earliest, first.c.id)
        .limit(upto * 2)
        .subquery()
    )
    pool = union_all(
        select(_tier(0), tier0.c.id, tier0.c.date_earliest),
        *(select(_tier(1), t.c.id, t.c.date_earliest) for t in (b.subquery() for b in tier1)),
        select(_tier(2), keyed.c.id, keyed.c.date_earliest),
    ).subquery()
    best = select(pool.c.id, pool.c.date_earliest, func.min(pool.c.tier).label("tier")).group_by(
        pool.c.id, pool.c.date_earliest
    )
    if several:
        # A multi-word search's tiers, read from the spelling indexes, can scan as many index
        # entries again as the key matches did (Khadija spelled any way, for the Darwishes):
        # when first holds every match, a few hundred look-ups by id cost less.
        tier = case(
            (and_(_IN_SPELLING_INDEX, *exact_row), 0),
            (and_(_IN_SPELLING_INDEX, *same_row), 1),
            else_=2,
        )
        every = (
            select(first.c.id, first.c.date_earliest, tier.label("tier"))
            .select_from(first.join(v, v.id == first.c.id))
            .where(hits < lim)
        )
        ranked = union_all(best, every).subquery()
    else:
        ranked = best.subquery()
    order = (ranked.c.tier, ranked.c.date_earliest, ranked.c.id)
    on_page = (
        select(ranked)
        .order_by(*order)
        .limit(bindparam("per_page", type_=Integer))
        .offset(bindparam("skip", type_=Integer))
        .subquery()
    )
    return _Statements(
        page=select(*_LIST_COLUMNS, hits.label("hits"), on_page.c.tier)
        .select_from(on_page)
        .join(VictimRecord, VictimRecord.id == on_page.c.id)
        .join(Source, Source.id == VictimRecord.source_id)
        .order_by(on_page.c.tier, on_page.c.date_earliest, on_page.c.id),
        count=select(func.count()).select_from(first),
        all=select(*_LIST_COLUMNS, ranked.c.tier)
        .select_from(ranked)
        .join(VictimRecord, VictimRecord.id == ranked.c.id)
        .join(Source, Source.id == VictimRecord.source_id)
        .order_by(*order)
        .limit(lim),
    )


def _spelled_on_a_part(name: str, postgresql: bool) -> Any:
    """Some name part is spelled ``name``, checked on what a branch has read, never looked up.

    On PostgreSQL each part is tested as ``coalesce(part, '') = name``, which no index serves:
    a plain OR over the three parts would let the planner combine the three spelling indexes
    into a bitmap of every record with that spelling (1,400 records for one common word), read
    them all from the table and sort them, where the branch's own index, read in date order,
    stops after a page; row estimates cannot tell the two apart (a spelling implies its key).
    ``name`` is never empty, so the test is true exactly when the plain one is (and false, not
    NULL, for a missing part: the same in a filter). ``= ANY (ARRAY[parts])`` would do as well
    but builds an array for every index entry read (1 ms more for 3,000 entries)."""
    if postgresql:
        return or_(*(func.coalesce(c, "") == bindparam(name, type_=String) for c in _NORM_COLUMNS))
    return or_(*(c == bindparam(name, type_=String) for c in _NORM_COLUMNS))


def _among_on_a_part(name: str, postgresql: bool) -> Any:
    """Some name part is one of the spellings ``name`` (a list of non-empty spellings),
    checked as :func:`_spelled_on_a_part` says."""
    if postgresql:
        spellings = bindparam(name, type_=ARRAY(String))
        return or_(*(func.coalesce(c, "") == any_(spellings) for c in _NORM_COLUMNS))
    return or_(*(_among(c, name, False) for c in _NORM_COLUMNS))


def _among(column: Any, name: str, as_array: bool) -> Any:
    """``column`` is one of a list: ``= ANY(array)`` on PostgreSQL (one parameter, so one
    statement text whatever the list's length), ``IN (…)`` elsewhere."""
    if as_array:
        return column == any_(bindparam(name, type_=ARRAY(String)))
    return column.in_(bindparam(name, expanding=True))


def _tier(tier: int) -> Any:
    return literal_column(str(tier), Integer).label("tier")


def _prepare(
    conn: Connection,
    max_level: str,
    terms: Sequence[NameTerm],
    source: str | None,
    admin1: str | None,
    year: int | None,
) -> tuple[_Statements, dict[str, Any]]:
    first_of: dict[str, NameTerm] = {}
    for term in terms:
        if term.key:
            first_of.setdefault(term.key, term)
    unique = list(first_of.values())
    if len(unique) > 1:
        frequency = _key_frequencies(conn, [t.key for t in unique])
        unique.sort(key=lambda t: frequency[t.key])
    ranked = bool(unique) and all(t.spelling for t in unique)
    drive = unique[0].spellings[: 1 + MAX_VARIANTS] if ranked else ()
    year_end = bool(year) and year is not None and year < date.max.year
    # tier 1 reads these spellings of the driving term: for one word, those not typed
    tier1 = drive[1:] if len(unique) == 1 else drive
    lateral = ranked and conn.dialect.name == "postgresql"
    shape = _Shape(
        max_level,
        len(unique),
        bool(source),
        bool(admin1),
        bool(year),
        year_end,
        0 if lateral else len(tier1),
        lateral,
        ranked,
    )
    params: dict[str, Any] = {f"k{i}": term.key for i, term in enumerate(unique)}
    if ranked:
        if lateral:
            params["spellings"] = list(tier1)
        else:
            params |= {f"v{i}": spelling for i, spelling in enumerate(tier1)}
        for i, term in enumerate(unique):
            params[f"e{i}"] = term.spelling
            params[f"s{i}"] = list(drive if i == 0 else term.spellings)
    if source:
        params["source"] = source
    if admin1:
        params["admin1"] = admin1
    if year:
        params["y0"] = date(year, 1, 1)
        if year_end:
            params["y1"] = date(year + 1, 1, 1)
    return _statements(shape), params


def _terms(name_keys: Sequence[str], names: Sequence[NameTerm]) -> list[NameTerm]:
    return [*names, *(NameTerm(k) for k in name_keys)]


# name key -> (when counted, how common); a heuristic only, so a stale count is harmless
_FREQUENCY: dict[str, tuple[float, int]] = {}
_FREQUENCY_TTL = 600.0
_FREQUENCY_PROBE = 1_000


@lru_cache(maxsize=8)
def _probe_statement(keys: int) -> Select[*tuple[Any, ...]]:
    counts = [
        select(func.count())
        .select_from(
            select(VictimRecord.id)
            .where(column == bindparam(f"k{i}", type_=String))
            .limit(_FREQUENCY_PROBE)
            .subquery()
        )
        .scalar_subquery()
        for i in range(keys)
        for column in _KEY_COLUMNS
    ]
    return select(*counts)


def _key_frequencies(conn: Connection, keys: Sequence[str]) -> dict[str, int]:
    """How common each name key is, counted up to 1,000 per name part (index-only reads).

    The rarest key of a multi-word search drives it: "Muhammad al-Halabi" reads the Halabis in
    date order and checks each for Muhammad, rather than the other way round. Counts are kept
    for ten minutes per process: they only choose the order of work, never the result (a
    ranked search's tiers are defined over all its words, whichever drives).
    """
    now = time.monotonic()
    fresh = {
        k: n
        for k, (t, n) in ((k, _FREQUENCY.get(k, (-1e9, 0))) for k in keys)
        if now - t < _FREQUENCY_TTL
    }
    missing = [k for k in keys if k not in fresh]
    if missing:
        row = conn.execute(
            _probe_statement(len(missing)), {f"k{i}": k for i, k in enumerate(missing)}
        ).one()
        per_key = len(_KEY_COLUMNS)
        for i, key in enumerate(missing):
            fresh[key] = int(sum(row[i * per_key : (i + 1) * per_key]))
            if len(_FREQUENCY) > 10_000:
                _FREQUENCY.clear()
            _FREQUENCY[key] = (now, fresh[key])
    return fresh


def _rows(found: Any, ranked: bool) -> list[dict[str, Any]]:
    rows = []
    for r in found:
        row = dict(zip(_LIST_NAMES, r, strict=False))
        if ranked:
            row["match"] = MATCHES[r.tier]
        rows.append(row)
    return rows


def search_records(
    conn: Connection,
    *,
    max_level: str,
    name_keys: Sequence[str] = (),
    names: Sequence[NameTerm] = (),
    source: str | None = None,
    admin1: str | None = None,
    year: int | None = None,
    page: int = 1,
    per_page: int = 50,
    count_cap: int = COUNT_CAP,
) -> RecordPage:
    """Records the level may see, matching every name key on some name part, and filters.

    ``names`` (from :func:`name_terms`) rank the matches, closest name first, then in
    (date_earliest, id) order; bare ``name_keys`` match the same way and rank nothing (rows in
    date order). Matches are counted up to ``count_cap`` (then ``total_exact`` is false); one
    query gives both the page and the count. Deeper pages cost more, so callers keep
    ``page * per_page`` near the cap.
    """
    terms = _terms(name_keys, names)
    sql, params = _prepare(conn, max_level, terms, source, admin1, year)
    params |= {
        "lim": max(count_cap + 1, page * per_page),
        "upto": page * per_page,
        "per_page": per_page,
        "skip": (page - 1) * per_page,
    }
    ranked = "e0" in params
    found = conn.execute(sql.page, params).all()
    # the count rides on every row of the page; past the last page, count on its own
    total = int(found[0].hits if found else conn.execute(sql.count, params).scalar_one())
    return RecordPage(
        _rows(found, ranked), min(total, count_cap), page, per_page, total <= count_cap, ranked
    )


def search_all(
    conn: Connection,
    *,
    max_level: str,
    name_keys: Sequence[str] = (),
    names: Sequence[NameTerm] = (),
    source: str | None = None,
    admin1: str | None = None,
    year: int | None = None,
    limit: int,
) -> list[dict[str, Any]]:
    """The first ``limit`` matching records in the order of :func:`search_records` (CSV)."""
    sql, params = _prepare(conn, max_level, _terms(name_keys, names), source, admin1, year)
    ranked = "e0" in params
    return _rows(conn.execute(sql.all, params | {"lim": limit, "upto": limit}), ranked)


def record_detail(conn: Connection, record_id: int, *, max_level: str) -> dict[str, Any] | None:
    """The record with its source name, raw row and person id, if the level may see it."""
    row = conn.execute(
        select(VictimRecord.__table__, Source.name.label("source"))
        .join(Source, Source.id == VictimRecord.source_id)
        .where(VictimRecord.id == record_id, _visible(max_level))
    ).first()
    if row is None:
        return None
    out = dict(row._mapping)
    raw = conn.execute(
        select(RawRow.data).where(
            RawRow.import_run_id == out["import_run_id"], RawRow.row_number == out["row_number"]
        )
    ).scalar()
    out["raw"] = raw
    person = conn.execute(
        select(PersonRecord.person_id).where(PersonRecord.victim_record_id == record_id)
    ).scalar()
    out["person_id"] = None if person is None else int(person)
    return out


def person_records(
    conn: Connection, person_id: int, *, max_level: str
) -> list[dict[str, Any]] | None:
    """The records of a linked person that the level may see (None: no such person)."""
    if conn.execute(select(Person.id).where(Person.id == person_id)).first() is None:
        return None
    rows = conn.execute(
        select(*_LIST_COLUMNS)
        .join(Source, Source.id == VictimRecord.source_id)
        .join(PersonRecord, PersonRecord.victim_record_id == VictimRecord.id)
        .where(PersonRecord.person_id == person_id, _visible(max_level))
        .order_by(Source.name, VictimRecord.source_record_id)
    )
    return [dict(r._mapping) for r in rows]


def counts_by(conn: Connection, what: str) -> list[tuple[str | None, int]]:
    """Record counts by ``source``, ``governorate`` (admin1 P-code) or ``month`` (YYYY-MM).

    Counts cover every record whatever its sensitivity: they reveal no one.
    """
    if what == "source":
        key: Any = Source.name
        query = (
            select(key, func.count())
            .select_from(VictimRecord)
            .join(Source, Source.id == VictimRecord.source_id)
        )
    elif what == "governorate":
        key = VictimRecord.admin1_pcode
        query = select(key, func.count()).select_from(VictimRecord)
    elif what == "month":
        year = func.extract("year", VictimRecord.date_earliest)
        month = func.extract("month", VictimRecord.date_earliest)
        query = select(year, month, func.count()).where(
            VictimRecord.date_precision.in_(["day", "month"])
        )
        rows = conn.execute(query.select_from(VictimRecord).group_by(year, month))
        out = [(f"{int(y):04d}-{int(m):02d}", int(n)) for y, m, n in rows if y is not None]
        return sorted(out)
    else:
        raise ValueError(f"unknown grouping {what!r}")
    grouped = conn.execute(query.group_by(key).order_by(key))
    return [(None if k is None else str(k), int(n)) for k, n in grouped]


def incident_counts_by_governorate(conn: Connection) -> dict[str, int]:
    """Incident reports (one per source report, not reconciled) per governorate P-code."""
    rows = conn.execute(
        select(Incident.admin1_pcode, func.count())
        .where(Incident.admin1_pcode.is_not(None))
        .group_by(Incident.admin1_pcode)
    )
    return {str(k): int(n) for k, n in rows}


_INCIDENT_COLUMNS = (
    Incident.id,
    Source.name.label("source"),
    Incident.source_incident_id,
    Incident.date_earliest,
    Incident.date_latest,
    Incident.date_precision,
    Incident.place_text,
    Incident.governorate_text,
    Incident.admin1_pcode,
    Incident.pcode,
    Incident.incident_type,
    Incident.incident_type_text,
    Incident.target_type,
    Incident.perpetrator,
    Incident.belligerent_text,
    Incident.killed_min,
    Incident.killed_max,
    Incident.killed_best,
    Incident.civilians_min,
    Incident.civilians_max,
    Incident.grade,
    Incident.grade_text,
)


def list_incidents(
    conn: Connection, *, admin1: str | None = None, page: int = 1, per_page: int = 50
) -> RecordPage:
    """Incident reports as imported (one row per source report), newest first."""
    base = select(*_INCIDENT_COLUMNS).outerjoin(Source, Source.id == Incident.source_id)
    if admin1:
        base = base.where(Incident.admin1_pcode == admin1)
    total = int(conn.execute(select(func.count()).select_from(base.subquery())).scalar_one())
    rows = conn.execute(
        base.order_by(Incident.date_earliest.desc(), Incident.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return RecordPage([dict(r._mapping) for r in rows], total, page, per_page)


def incident_detail(conn: Connection, incident_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(*_INCIDENT_COLUMNS, Incident.description, Incident.source_url, Incident.date_text)
        .outerjoin(Source, Source.id == Incident.source_id)
        .where(Incident.id == incident_id)
    ).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out["named_victims"] = int(
        conn.execute(
            select(func.count())
            .select_from(VictimRecord)
            .where(VictimRecord.incident_id == incident_id)
        ).scalar_one()
    )
    return out
