"""The web search (store.browse) against a brute-force reference, on SQLite and PostgreSQL.

The search reads disjoint branches of covering indexes, merges them in (date_earliest, id)
order and stops counting at a cap; these tests check that none of that changes which records a
search finds, in which order, or who may see them.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from tawthiq.ingest import import_canonical_csv
from tawthiq.normalize import name_key
from tawthiq.store import browse
from tawthiq.store.schema import Source, VictimRecord

GIVEN = ["محمد", "أحمد", "Mohammad", "Fatima", "Khadija", "عمر"]
FAMILY = ["الخطيب", "Darwish", "Halabi", "محمد", "Mohammed"]
GOVS = ["Aleppo", "Idlib", "Homs"]


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    rng = random.Random(7)
    for source in ("A", "B"):
        lines = ["record_id,given_name,father_name,family_name,date_of_death,governorate"]
        for i in range(60):
            day = "" if i % 9 == 0 else f"{rng.choice([2012, 2013, 2016])}-0{rng.randint(1, 9)}"
            if day and i % 2:
                day += f"-{rng.randint(10, 28)}"
            lines.append(
                f"{source}{i},{rng.choice(GIVEN)},{rng.choice(GIVEN)},{rng.choice(FAMILY)},"
                f"{day},{rng.choice(GOVS)}"
            )
        path = tmp_path / f"{source}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert import_canonical_csv(engine, path, source).counts.imported == 60
    with engine.begin() as conn:
        conn.execute(text("UPDATE victim_records SET sensitivity = 'public' WHERE id % 3 = 0"))
        conn.execute(
            text("UPDATE victim_records SET sensitivity = 'confidential' WHERE id % 7 = 0")
        )
    return engine


def _reference(engine: Engine, level: str, **where: Any) -> list[int]:
    """Ids of the matching records in the backend's (date_earliest, id) order, the slow way."""
    allowed = browse.LEVELS[: browse.LEVELS.index(level) + 1]
    with engine.connect() as conn:
        rows = conn.execute(
            select(VictimRecord.__table__, Source.name.label("source")).join(
                Source, Source.id == VictimRecord.source_id
            )
        ).all()
    found = []
    for r in rows:
        keys = {r.given_name_key, r.father_name_key, r.family_name_key}
        year = where.get("year")
        if r.sensitivity not in allowed:
            continue
        if not set(where.get("keys", ())) <= keys:
            continue
        if where.get("source") and r.source != where["source"]:
            continue
        if where.get("admin1") and r.admin1_pcode != where["admin1"]:
            continue
        if year and (r.date_earliest is None or r.date_earliest.year != year):
            continue
        found.append(r)
    nulls_first = engine.dialect.name == "sqlite"  # each backend's default for ASC
    far = date.min if nulls_first else date.max
    found.sort(key=lambda r: (r.date_earliest or far, r.id))
    return [int(r.id) for r in found]


def _all_pages(engine: Engine, level: str, per_page: int, **where: Any) -> list[int]:
    ids: list[int] = []
    with engine.connect() as conn:
        for page in range(1, 200):
            found = browse.search_records(
                conn, max_level=level, per_page=per_page, page=page,
                name_keys=where.get("keys", ()), source=where.get("source"),
                admin1=where.get("admin1"), year=where.get("year"),
            )  # fmt: skip
            if not found.rows:
                break
            assert found.total_exact
            ids += [int(r["id"]) for r in found.rows]
    return ids


SEARCHES: list[dict[str, Any]] = [
    {},
    {"keys": [name_key("محمد")]},
    {"keys": name_key("Mohammad Darwish").split()},
    {"keys": name_key("Muhammad Muhammad").split()},  # the same key twice: once
    {"keys": name_key("Fatima Halabi").split(), "admin1": "SY02"},
    {"keys": [name_key("Khadija")], "year": 2016},
    {"source": "B", "year": 2013},
    {"admin1": "SY07"},
    {"year": 2012},
]


@pytest.mark.parametrize("level", ["public", "restricted", "confidential"])
def test_search_pages_match_the_reference(store: Engine, level: str) -> None:
    for where in SEARCHES:
        expected = _reference(store, level, **{**where, "keys": set(where.get("keys", ()))})
        assert _all_pages(store, level, 7, **where) == expected, where
        with store.connect() as conn:
            first = browse.search_records(
                conn, max_level=level, name_keys=where.get("keys", ()), source=where.get("source"),
                admin1=where.get("admin1"), year=where.get("year"), per_page=7,
            )  # fmt: skip
            everything = browse.search_all(
                conn, max_level=level, name_keys=where.get("keys", ()), source=where.get("source"),
                admin1=where.get("admin1"), year=where.get("year"), limit=1_000,
            )  # fmt: skip
        assert first.total == len(expected) and first.total_exact
        assert [int(r["id"]) for r in everything] == expected


def test_records_above_the_clearance_are_never_returned(store: Engine) -> None:
    with store.connect() as conn:
        public = browse.search_all(conn, max_level="public", limit=1_000)
        restricted = browse.search_all(conn, max_level="restricted", limit=1_000)
    assert public and {r["sensitivity"] for r in public} == {"public"}
    assert {r["sensitivity"] for r in restricted} == {"public", "restricted"}


def test_counting_stops_at_the_cap(store: Engine) -> None:
    expected = _reference(store, "confidential")
    with store.connect() as conn:
        capped = browse.search_records(conn, max_level="confidential", per_page=4, count_cap=10)
        page3 = browse.search_records(
            conn, max_level="confidential", per_page=4, page=3, count_cap=10
        )
        exact = browse.search_records(conn, max_level="confidential", per_page=4, count_cap=500)
        beyond = browse.search_records(conn, max_level="confidential", per_page=4, page=99)
    assert (capped.total, capped.total_exact) == (10, False)
    assert [int(r["id"]) for r in page3.rows] == expected[8:12]
    assert (exact.total, exact.total_exact) == (len(expected), True)
    assert beyond.rows == [] and beyond.total == len(expected)


def test_unknown_names_and_extreme_years_find_nothing(store: Engine) -> None:
    with store.connect() as conn:
        for where in ({"name_keys": ["QQQQ"]}, {"year": 9999}, {"year": 1}, {"source": "Z"}):
            found = browse.search_records(conn, max_level="confidential", **where)
            assert (found.rows, found.total, found.total_exact) == ([], 0, True)


def test_statistics_refresh_after_a_large_change(store: Engine) -> None:
    from tawthiq.ingest.run import refresh_statistics

    refresh_statistics(store, 1_000_000)  # VACUUM (ANALYZE) on PostgreSQL, nothing on SQLite
    if store.dialect.name == "postgresql":
        with store.connect() as conn:
            analysed = conn.execute(
                text(
                    "SELECT last_analyze IS NOT NULL AND last_vacuum IS NOT NULL "
                    "FROM pg_stat_user_tables WHERE relname = 'victim_records'"
                )
            ).scalar_one()
        assert analysed


# --- ranking by closeness --------------------------------------------------------------------

# Simulated records: spellings of two names that share a key (حسين and حسن are both HSN, عمر and
# عامر both MR), in both scripts, on every name part.
HSN = ["Hussein", "Husayn", "حسين", "al-Hussein", "Hasan", "Hassan", "حسن", "حسنين"]
MR = ["Omar", "Umar", "عمر", "Amer", "Ammar", "عامر", "عمار"]
OTHER = ["محمد", "Darwish", "Khadija", "Halabi"]
RANKED = ["Hussein", "حسين", "Husayn", "Hasan", "Omar", "عمر", "Amer", "عامر", "Hussein Omar",
          "حسن عمار", "Muhammad Halabi", "Darwish", "Houssein"]  # fmt: skip


@pytest.fixture
def names_store(engine: Engine, tmp_path: Path) -> Engine:
    rng = random.Random(11)
    lines = ["record_id,given_name,father_name,family_name,date_of_death"]
    for i in range(160):
        parts = [rng.choice(rng.choice([HSN, MR, OTHER])) for _ in range(3)]
        day = "" if i % 11 == 0 else f"{rng.choice([2012, 2013, 2016])}-0{rng.randint(1, 9)}"
        lines.append(f"R{i},{','.join(parts)},{day}")
    path = tmp_path / "names.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_canonical_csv(engine, path, "N").counts.imported == 160
    with engine.begin() as conn:
        conn.execute(text("UPDATE victim_records SET sensitivity = 'public' WHERE id % 4 = 0"))
        conn.execute(
            text("UPDATE victim_records SET sensitivity = 'confidential' WHERE id % 9 = 0")
        )
    return engine


def _ranked_reference(engine: Engine, level: str, typed: str) -> list[tuple[int, str]]:
    """(id, match) of every match, best tier first, then (date_earliest, id), the slow way."""
    terms = browse.name_terms(typed)
    allowed = browse.LEVELS[: browse.LEVELS.index(level) + 1]
    with engine.connect() as conn:
        rows = conn.execute(select(VictimRecord.__table__)).all()
    found = []
    for r in rows:
        keys = {r.given_name_key, r.father_name_key, r.family_name_key}
        norms = [r.given_name_norm, r.father_name_norm, r.family_name_norm]
        if r.sensitivity not in allowed or not {t.key for t in terms} <= keys:
            continue
        tiers = [
            0 if t.spelling in norms else 1 if set(t.spellings) & set(norms) else 2 for t in terms
        ]
        short = sum(len(n or "") for n in norms) <= 300
        found.append((max(tiers) if short else 2, r))
    far = date.min if engine.dialect.name == "sqlite" else date.max  # each backend's NULL order
    found.sort(key=lambda f: (f[0], f[1].date_earliest or far, f[1].id))
    return [(int(r.id), browse.MATCHES[tier]) for tier, r in found]


def test_name_terms_keep_one_name_apart_from_another_with_its_key() -> None:
    (hussein,) = browse.name_terms("Hussein")
    assert (hussein.key, hussein.spelling) == ("HSN", "hussein")
    assert {"husayn", "hussain", "حسين", "الحسين", "al hussein"} <= set(hussein.variants)
    assert not {"hasan", "hassan", "حسن"} & set(hussein.spellings)
    (omar,) = browse.name_terms("عمر")
    assert omar.spelling == "عمر" and {"omar", "umar", "العمر"} <= set(omar.variants)
    assert not {"amer", "ammar", "عامر", "عمار"} & set(omar.spellings)
    assert [t.key for t in browse.name_terms("Hussein Omar al-Halabi")] == ["HSN", "MR", "HLB"]
    (unknown,) = browse.name_terms("Zzyzx")  # not in the inventory: its own spelling only
    assert unknown.spelling == "zzyzx" and unknown.variants == ()
    assert browse.name_terms("Hussein Hasan")[0].spellings[-1] == "hasan"  # one key, one term
    assert browse.name_terms("") == []


@pytest.mark.parametrize("level", ["public", "restricted", "confidential"])
@pytest.mark.parametrize("cap", [1_000, 6])
def test_ranked_pages_match_the_reference(names_store: Engine, level: str, cap: int) -> None:
    """With every match counted, tiers come from the matches' name parts; with the count cut
    short (``cap``), from the spelling indexes: either way, the same ranking."""
    for typed in RANKED:
        expected = _ranked_reference(names_store, level, typed)
        names = browse.name_terms(typed)
        pages: list[tuple[int, str]] = []
        with names_store.connect() as conn:
            for page in range(1, 100):
                found = browse.search_records(
                    conn, max_level=level, names=names, page=page, per_page=4, count_cap=cap
                )
                if not found.rows:
                    break
                assert found.ranked and found.total == min(len(expected), cap)
                assert found.total_exact == (len(expected) <= cap)
                pages += [(int(r["id"]), r["match"]) for r in found.rows]
            everything = browse.search_all(conn, max_level=level, names=names, limit=1_000)
            keyed = browse.search_all(
                conn, max_level=level, name_keys=[t.key for t in names], limit=1_000
            )
        assert pages == expected, typed
        assert [(int(r["id"]), r["match"]) for r in everything] == expected, typed
        # the ranking orders the matches of the keys: it never adds or drops one
        assert sorted(i for i, _ in expected) == sorted(int(r["id"]) for r in keyed)


def test_closest_spellings_come_first(names_store: Engine) -> None:
    """Hussein: Husayn and حسين before Hasan and حسن; Omar: عمر before Amer, Ammar and عامر."""
    for typed, close, far in (
        (
            "Hussein",
            {"hussein", "husayn", "حسين", "al hussein"},
            {"hasan", "hassan", "حسن", "حسنين"},
        ),
        ("Omar", {"omar", "umar", "عمر"}, {"amer", "ammar", "عامر", "عمار"}),
        ("عمر", {"omar", "umar", "عمر"}, {"amer", "ammar", "عامر", "عمار"}),
    ):
        with names_store.connect() as conn:
            rows = browse.search_all(
                conn, max_level="confidential", names=browse.name_terms(typed), limit=1_000
            )
        spelled = [
            {_norm(r[p]) for p in ("given_name", "father_name", "family_name")} for r in rows
        ]
        is_close = [bool(names & close) for names in spelled]
        assert any(is_close) and not all(is_close), typed
        assert is_close == sorted(is_close, reverse=True), typed  # every close name first
        assert all(names & far for names, c in zip(spelled, is_close, strict=True) if not c)
        assert [r["match"] for r, c in zip(rows, is_close, strict=True) if not c] == ["key"] * (
            is_close.count(False)
        )
        assert _norm(typed) in spelled[0] and rows[0]["match"] == "exact"


def _norm(written: str | None) -> str:
    from tawthiq.normalize import normalize_name

    return normalize_name(written).normalized


def test_a_huge_name_still_matches_as_a_key_match(engine: Engine, tmp_path: Path) -> None:
    """Name parts beyond the spelling indexes' size (a mis-read cell) match and count, last."""
    path = tmp_path / "long.csv"
    path.write_text(
        "record_id,given_name,family_name,date_of_death\n"
        f"L1,Hussein,{'Darwish ' * 60},2012-01-01\n"
        "L2,Hussein,Sim,2013-01-01\n"
        "L3,Hasan,Sim,2011-01-01\n",
        encoding="utf-8",
    )
    assert import_canonical_csv(engine, path, "L").counts.imported == 3
    with engine.connect() as conn:
        found = browse.search_records(
            conn, max_level="confidential", names=browse.name_terms("Hussein")
        )
    assert [(r["source_record_id"], r["match"]) for r in found.rows] == [
        ("L2", "exact"),
        ("L3", "key"),
        ("L1", "key"),
    ]
    assert found.total == 3


def test_the_ranking_reads_spelling_indexes_in_order_on_postgresql(names_store: Engine) -> None:
    """Every tier is read from an index in date order: no sort of all the matches."""
    if names_store.dialect.name != "postgresql":
        pytest.skip("plans are checked on PostgreSQL, the backend for large stores")
    from sqlalchemy import event

    seen: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(names_store, "before_cursor_execute", grab)
    try:
        with names_store.begin() as conn:
            conn.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: as if large
            conn.execute(text("ANALYZE victim_records"))
            names = browse.name_terms("Husayn Omar")
            browse.search_records(conn, max_level="restricted", names=names)
            statement, parameters = seen[-1]
            plan = "\n".join(
                conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars().all()
            )
    finally:
        event.remove(names_store, "before_cursor_execute", grab)
    for part in ("given", "father", "family"):
        assert f"ix_victim_records_{part}_norm_date" in plan
        assert f"ix_victim_records_{part}_key_date" in plan
    assert "Seq Scan on victim_records" not in plan


def test_other_words_are_never_an_index_condition_on_postgresql(names_store: Engine) -> None:
    """A multi-word tier branch reads its own spelling's index in date order and checks the
    other words from the same index entries. Written as an OR over the three name parts, an
    other word's spelling could be looked up in the spelling indexes instead (a bitmap of every
    record with that spelling, read from the table and sorted: 1,400 rows for one common word
    at a million records, where the ordered read stops after a page), and the planner, unable
    to tell that a spelling implies its key, picked that; as ``coalesce(part, '') = word`` no
    index serves it. (The CASE that ranks the matches read by id, when all of
    them are counted, may test the parts one by one: no index is read there.)"""
    if names_store.dialect.name != "postgresql":
        pytest.skip("the SQL of PostgreSQL, the backend for large stores")
    import re

    from sqlalchemy import event

    seen: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(names_store, "before_cursor_execute", grab)
    try:
        with names_store.connect() as conn:
            for typed in ("Husayn Omar", "Hussein Omar al-Halabi"):
                names = browse.name_terms(typed)
                browse.search_records(conn, max_level="confidential", names=names, count_cap=2)
                statement, parameters = seen[-1]
                assert {"e1", "s1"} <= set(parameters), typed
                read_by_id = re.findall(r"CASE WHEN .*? END", statement, flags=re.S)
                assert len(read_by_id) == 1, typed
                branches = statement.replace(read_by_id[0], "")
                for other in ("e1", "s1", "e2", "s2"):
                    indexable = rf"_name_norm\s*=\s*(ANY\s*\()?%\({other}\)s"
                    assert not re.search(indexable, branches), (typed, other)
                    if other in parameters:
                        assert f"%({other})s" in branches
    finally:
        event.remove(names_store, "before_cursor_execute", grab)


@pytest.mark.parametrize("cap", [1_000, 2])
def test_ranking_with_missing_name_parts(engine: Engine, tmp_path: Path, cap: int) -> None:
    """A record without a father's or family name ranks as the reference says, both when
    its tier comes from its name parts and when it comes from the spelling indexes."""
    path = tmp_path / "gaps.csv"
    path.write_text(
        "record_id,given_name,father_name,family_name,date_of_death\n"
        "G1,Hussein,,Omar,2012-01-01\n"
        "G2,Omar,Hussein,,2012-02-01\n"
        "G3,Hasan,,Amer,2011-01-01\n"
        "G4,Husayn,,عمر,2013-01-01\n"
        "G5,Hussein,Ammar,,2010-01-01\n"
        "G6,Amer,Hussein,,\n",
        encoding="utf-8",
    )
    assert import_canonical_csv(engine, path, "G").counts.imported == 6
    for typed in ("Hussein Omar", "Omar Husayn", "Hasan Amer"):
        expected = _ranked_reference(engine, "confidential", typed)
        with engine.connect() as conn:
            rows = browse.search_all(
                conn, max_level="confidential", names=browse.name_terms(typed), limit=1_000
            )
            pages = [
                (int(r["id"]), r["match"])
                for n in range(1, 9)
                for r in browse.search_records(
                    conn, max_level="confidential", names=browse.name_terms(typed),
                    page=n, per_page=1, count_cap=cap,
                ).rows
            ]  # fmt: skip
        assert len(expected) >= 3, typed
        assert [(int(r["id"]), r["match"]) for r in rows] == expected, typed
        assert pages == expected, typed
