"""A digest of every table of a SQLite store, to show that two imports stored the same thing.

Usage: python benchmarks/store_digest.py STORE.db [--show]

Prints, per table, its row count and a SHA-256 of its rows in primary-key order (all columns
but the ones that hold the time of the run, and the evidence log, whose entries are signed at
that time). Two stores built from the same files by two versions of the importer must print the
same lines: a speed change must not change a value. Nothing of a row is printed (victim names
are sensitive), only counts and digests; ``--show`` adds the columns compared.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
from pathlib import Path

TIME_COLUMNS = frozenset(
    {"created_at", "updated_at", "started_at", "finished_at", "at", "decided_at", "ended_at"}
)
"""Columns that hold when something happened: they differ between any two runs."""
SKIPPED_TABLES = frozenset({"log_entries", "log_checkpoints", "alembic_version"})
"""The evidence log (entries hashed and signed with their time) and the schema version."""


def _columns(db: sqlite3.Connection, table: str) -> tuple[list[str], list[str]]:
    """(columns compared, primary-key columns) of a table."""
    info = db.execute(f'PRAGMA table_info("{table}")').fetchall()
    cols = [r[1] for r in info if r[1] not in TIME_COLUMNS]
    keys = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]] or cols
    return cols, keys


def table_digest(db: sqlite3.Connection, table: str) -> tuple[int, str]:
    """Row count and SHA-256 of the table's rows (``repr`` of each, in key order)."""
    cols, keys = _columns(db, table)
    h = hashlib.sha256()
    n = 0
    select = ", ".join(f'"{c}"' for c in cols)
    order = ", ".join(f'"{c}"' for c in keys)
    for row in db.execute(f'SELECT {select} FROM "{table}" ORDER BY {order}'):
        h.update(repr(row).encode("utf-8"))
        h.update(b"\n")
        n += 1
    return n, h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("store", type=Path)
    ap.add_argument("--show", action="store_true", help="also print the columns compared")
    args = ap.parse_args()
    db = sqlite3.connect(f"file:{args.store}?mode=ro", uri=True)
    tables = [
        r[0]
        for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if r[0] not in SKIPPED_TABLES and not r[0].startswith("sqlite_")
    ]
    for table in tables:
        n, digest = table_digest(db, table)
        print(f"{table}: {n} rows {digest[:16]}")
        if args.show:
            print(f"  columns: {', '.join(_columns(db, table)[0])}")


if __name__ == "__main__":
    main()
