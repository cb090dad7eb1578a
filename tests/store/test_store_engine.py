"""Opening SQLite stores: the page size of a new store, and an existing store's kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tawthiq.config import init_workspace
from tawthiq.store import open_store
from tawthiq.store.engine import SQLITE_PAGE_SIZE


def _page_size(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])


def test_a_new_store_has_large_pages(tmp_path: Path) -> None:
    ws, _ = init_workspace(tmp_path / "ws")
    open_store(ws).dispose()
    assert _page_size(tmp_path / "ws" / "tawthiq.db") == SQLITE_PAGE_SIZE == 16384


def test_an_existing_store_keeps_its_page_size(tmp_path: Path) -> None:
    db = tmp_path / "ws" / "tawthiq.db"
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:  # a store made before: SQLite's default pages
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("CREATE TABLE older (id INTEGER PRIMARY KEY)")
    ws, _ = init_workspace(tmp_path / "ws")
    open_store(ws).dispose()
    assert _page_size(db) == 4096
