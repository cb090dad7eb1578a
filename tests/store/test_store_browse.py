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
