"""Opening the store: engine per URL, SQLite tuned for a single writer, migrations to head."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from tawthiq.errors import StoreError

__all__ = [
    "BUSY_TIMEOUT_S",
    "create_store_engine",
    "current_revision",
    "head_revision",
    "migrate",
    "sqlite_url",
]


BUSY_TIMEOUT_S = float(os.environ.get("TAWTHIQ_BUSY_TIMEOUT", "30"))
"""How long a command waits for another's write to a SQLite store before it gives up (and
names the command holding it); ``TAWTHIQ_BUSY_TIMEOUT`` sets it in seconds."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


SQLITE_PAGE_SIZE = 16384
"""The page size of a new SQLite store (SQLite's default is 4 KiB). With twelve covering
indexes on victim records, 16 KiB pages make building them after a bulk import, and the
import's commit, cheaper and the file about 3 % smaller, and searches are as fast
(docs/benchmarks.md, Import). A store's page size is fixed when its first table is made:
existing stores keep theirs."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; the rollback journal (not WAL) keeps the store
    # a single file that users can copy, and a killed import is rolled back on next open.
    cur = dbapi_conn.cursor()
    if cur.execute("PRAGMA page_count").fetchone()[0] == 0:  # a new, empty database
        cur.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; raises ``StoreError`` naming the URL (without password) on failure."""
    try:
        # SQLite connections may be handed to the import's writer thread (one user at a time).
        kwargs: dict[str, Any] = (
            {"connect_args": {"check_same_thread": False, "timeout": BUSY_TIMEOUT_S}}
            if url.startswith("sqlite")
            else {}
        )
        engine = create_engine(url, **kwargs)
    except (SQLAlchemyError, ImportError, ValueError) as err:
        raise StoreError(f"cannot use database URL {_safe(url)}: {err}") from err
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable URL>"


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("tawthiq.store") / "migrations"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships a migration
        raise StoreError("no migrations shipped with tawthiq")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> bool:
    """Bring the store up to the newest schema; returns whether anything was applied."""
    try:
        if current_revision(engine) == head_revision():
            return False
        cfg = _alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return True
    except OperationalError as err:
        raise StoreError(f"cannot open the store at {_safe(str(engine.url))}: {err.orig}") from err
