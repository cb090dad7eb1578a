"""The system of record: SQLAlchemy tables, Alembic migrations, and the reads/writes on them.

``open_store(workspace)`` returns an engine on a store that is up to date with the newest
schema (SQLite in the workspace by default, PostgreSQL when ``TAWTHIQ_DATABASE_URL`` says so).
"""

from __future__ import annotations

from sqlalchemy import Engine

from tawthiq.config import Workspace
from tawthiq.store.engine import create_store_engine, current_revision, head_revision, migrate

__all__ = ["create_store_engine", "current_revision", "head_revision", "migrate", "open_store"]


def open_store(workspace: Workspace) -> Engine:
    """An engine on the workspace's store, migrated to the newest schema."""
    engine = create_store_engine(workspace.database_url)
    migrate(engine)
    return engine
