"""Bulk writes of victim records: indexes built after a load with SQLite's sorting threads,
and the connection's settings as they were afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, Index, inspect

from tawthiq.config import init_workspace
from tawthiq.store import open_store, records
from tawthiq.store.schema import VictimRecord


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Engine:
    ws, _ = init_workspace(tmp_path / "ws")
    return open_store(ws)


def _settings(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        threads = conn.exec_driver_sql("PRAGMA threads").scalar_one()
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    return int(threads), int(cache)


def test_deferred_indexes_are_built_with_sorting_threads_then_settings_restored(
    sqlite_engine: Engine,
) -> None:
    before = _settings(sqlite_engine)
    seen: list[tuple[int, int]] = []
    with sqlite_engine.begin() as conn:
        records.get_or_create_source(conn, "S")
        with records.search_indexes_deferred(conn, defer=True):
            assert not inspect(conn).get_indexes("victim_records")
            seen.append(
                (
                    conn.exec_driver_sql("PRAGMA threads").scalar_one(),
                    conn.exec_driver_sql("PRAGMA cache_size").scalar_one(),
                )
            )
        names = {ix["name"] for ix in inspect(conn).get_indexes("victim_records")}
    assert names >= {str(ix.name) for ix in VictimRecord.__table__.indexes}
    assert seen == [before]  # while the rows load, nothing changes
    assert _settings(sqlite_engine) == before
    sqlite_engine.dispose()


def test_settings_are_restored_when_an_index_fails(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _settings(sqlite_engine)
    during: list[tuple[int, int]] = []

    def failing_create(self: Index, conn: Connection, **kw: object) -> None:
        during.append(
            (
                conn.exec_driver_sql("PRAGMA threads").scalar_one(),
                conn.exec_driver_sql("PRAGMA cache_size").scalar_one(),
            )
        )
        raise RuntimeError("simulated failure while building an index")

    monkeypatch.setattr(Index, "create", failing_create)
    with pytest.raises(RuntimeError, match="simulated failure"), sqlite_engine.begin() as conn:
        records.get_or_create_source(conn, "S")  # an import writes before the indexes go
        with records.search_indexes_deferred(conn, defer=True):
            pass
    assert during and during[0][0] >= 1 and during[0][1] == -records.SORT_MEMORY_KIB
    assert _settings(sqlite_engine) == before
    names = {ix["name"] for ix in inspect(sqlite_engine).get_indexes("victim_records")}
    assert names >= {str(ix.name) for ix in VictimRecord.__table__.indexes}  # rolled back
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sources").scalar_one() == 0
    sqlite_engine.dispose()


def test_indexes_dropped_before_any_write_come_back_when_the_load_fails(
    sqlite_engine: Engine,
) -> None:
    """The drops are inside the transaction even when nothing was written before them."""
    wanted = {str(ix.name) for ix in VictimRecord.__table__.indexes}
    with (
        pytest.raises(RuntimeError, match="simulated"),
        sqlite_engine.begin() as conn,
        records.search_indexes_deferred(conn, defer=True),
    ):
        assert not inspect(conn).get_indexes("victim_records")
        raise RuntimeError("simulated failure while loading rows")
    names = {ix["name"] for ix in inspect(sqlite_engine).get_indexes("victim_records")}
    assert names >= wanted
    sqlite_engine.dispose()
